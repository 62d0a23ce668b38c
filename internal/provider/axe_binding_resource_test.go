package provider

import (
	"context"
	"fmt"
	"regexp"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/privnum/terraform-provider-privatenumber/internal/client"
	"github.com/privnum/terraform-provider-privatenumber/internal/emulator"
)

// A numbers used by the AXE tests (merchants' real phones).
const (
	axeA1 = "+8613800000001"
	axeA2 = "+8613800000002"
	axeA3 = "+8613800000003"
	axeCB = "+8613900000009"
)

func axeX(n int) string    { return testNumber("AXE", "0755", n) }
func axeX010(n int) string { return testNumber("AXE", "010", n) }

const (
	axeM  = "privatenumber_axe_binding.m"
	axeM1 = "privatenumber_axe_binding.m1"
	axeM2 = "privatenumber_axe_binding.m2"
)

// axeView is what the state of an AXE binding says of a platform binding.
func axeView(b emulator.AdminBinding) map[string]string {
	return map[string]string{"x_number": b.XNumber, "extension": b.Extension, "a_number": b.ANumber}
}

// axeResource is a privatenumber_axe_binding block with attrs (HCL expressions).
func axeResource(name string, attrs map[string]string) string {
	return resourceHCL("privatenumber_axe_binding", name, attrs)
}

// checkAXEOnPlatform compares the resource's x/extension/A with the platform's binding of its id.
func (e *accEnv) checkAXEOnPlatform(addr string) resource.TestCheckFunc {
	return e.checkOnPlatform(addr, "AXE", axeView)
}

// TestAccAXEBinding_assignedExtension: bound on an X without a requested
// extension, the assigned one is known after apply, stays put when another
// merchant is added, and both import formats give the state a create writes.
func TestAccAXEBinding_assignedExtension(t *testing.T) {
	env := newAccEnv(t)
	one := axeResource("m1", map[string]string{"a_number": hq(axeA1), "x_number": hq(axeX(1))})
	two := one + axeResource("m2", map[string]string{"a_number": hq(axeA2), "x_number": hq(axeX(1)), "record_calls": "true"})
	sameID := sameAcrossSteps()
	env.run([]resource.TestStep{
		{
			Config: env.config("AXE", one),
			ConfigPlanChecks: planIs(axeM1, actCreate,
				plannedUnknown(axeM1, "extension"),
			),
			ConfigStateChecks: []statecheck.StateCheck{
				valueOf(sameID, axeM1, "id"),
				attrIs(axeM1, "extension", knownvalue.StringExact("001")),
				attrIs(axeM1, "x_number", knownvalue.StringExact(axeX(1))),
				attrIs(axeM1, "caller_id_to_a", knownvalue.StringExact("x_number")),
				attrIs(axeM1, "record_calls", knownvalue.Bool(false)),
				attrIs(axeM1, "lifetime", knownvalue.StringExact("0s")),
				attrIs(axeM1, "callback_lifetime", knownvalue.StringExact("24h")),
				attrIs(axeM1, "area_match_mode", knownvalue.StringExact("strict")),
				attrIs(axeM1, "expires_at", knownvalue.Null()),
				attrIs(axeM1, "callback_tone", knownvalue.Null()),
			},
			Check: env.checkAXEOnPlatform(axeM1),
		},
		{
			// A second merchant on the same X: the first one's extension does not move.
			Config: env.config("AXE", two),
			ConfigPlanChecks: planIs(axeM1, actNoop,
				plancheck.ExpectResourceAction(axeM2, actCreate),
			),
			ConfigStateChecks: []statecheck.StateCheck{
				valueOf(sameID, axeM1, "id"),
				attrIs(axeM1, "extension", knownvalue.StringExact("001")),
				attrIs(axeM2, "extension", knownvalue.StringExact("002")),
			},
			Check: resource.ComposeTestCheckFunc(env.checkAXEOnPlatform(axeM1), env.checkAXEOnPlatform(axeM2)),
		},
		{
			Config: env.config("AXE", two),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectEmptyPlan(),
			}},
		},
		{
			ResourceName:      axeM2,
			ImportState:       true,
			ImportStateVerify: true,
		},
		{
			ResourceName:      axeM2,
			ImportState:       true,
			ImportStateIdFunc: importIDOf(axeM2, "x_number", "extension"),
			ImportStateVerify: true,
		},
		{
			// An import {} block, planned by the engine.
			ResourceName:      axeM1,
			ImportState:       true,
			ImportStateKind:   resource.ImportBlockWithID,
			ImportStateIdFunc: importIDOf(axeM1, "x_number", "extension"),
			ImportPlanChecks: resource.ImportPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(axeM1, actNoop),
			}},
		},
	})
}

// TestAccAXEBinding_requestedExtension: a requested extension is honoured,
// changing it replaces, and the binding imports as X/EXTENSION.
func TestAccAXEBinding_requestedExtension(t *testing.T) {
	env := newAccEnv(t)
	cfg := func(ext string) string {
		return env.config("AXE", fmt.Sprintf(`
resource "privatenumber_axe_binding" "m" {
  a_number  = %q
  x_number  = %q
  extension = %q
}
`, axeA1, axeX(2), ext))
	}
	differ := newEachStep()
	env.run([]resource.TestStep{
		{
			Config: cfg("042"),
			ConfigStateChecks: []statecheck.StateCheck{
				valueOf(differ, axeM, "id"),
				attrIs(axeM, "extension", knownvalue.StringExact("042")),
			},
			Check: env.checkAXEOnPlatform(axeM),
		},
		{
			ResourceName:      axeM,
			ImportState:       true,
			ImportStateId:     axeX(2) + "/042",
			ImportStateVerify: true,
		},
		{
			Config:           cfg("043"),
			ConfigPlanChecks: planIs(axeM, actReplace),
			ConfigStateChecks: []statecheck.StateCheck{
				valueOf(differ, axeM, "id"),
				attrIs(axeM, "extension", knownvalue.StringExact("043")),
			},
			Check: func(s *terraform.State) error {
				if b := env.only("AXE"); b.Extension != "043" {
					return fmt.Errorf("platform extension %q, want 043", b.Extension)
				}
				return env.checkAXEOnPlatform(axeM)(s)
			},
		},
	})
}

// TestAccAXEBinding_areaCode: the platform picks X in the city; another city
// replaces; writing the picked X into x_number in place of area_code does not.
func TestAccAXEBinding_areaCode(t *testing.T) {
	env := newAccEnv(t)
	sameID := sameAcrossSteps()
	byArea := func(area string) string {
		return env.config("AXE", fmt.Sprintf(`
resource "privatenumber_axe_binding" "m" {
  a_number        = %q
  area_code       = %q
  area_match_mode = "fallback"
}
`, axeA1, area))
	}
	// The emulator picks the first X of the city's pool with room.
	picked := axeX010(1)
	env.run([]resource.TestStep{
		{
			Config: byArea("0755"),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plannedUnknown(axeM, "x_number"),
			}},
			ConfigStateChecks: []statecheck.StateCheck{
				attrIs(axeM, "x_number", knownvalue.StringExact(axeX(1))),
				attrIs(axeM, "extension", knownvalue.StringExact("001")),
				attrIs(axeM, "area_code", knownvalue.StringExact("0755")),
				attrIs(axeM, "area_match_mode", knownvalue.StringExact("fallback")),
			},
			Check: env.checkAXEOnPlatform(axeM),
		},
		{
			Config:           byArea("010"),
			ConfigPlanChecks: planIs(axeM, actReplace),
			ConfigStateChecks: []statecheck.StateCheck{
				valueOf(sameID, axeM, "id"),
				attrIs(axeM, "x_number", knownvalue.StringExact(picked)),
			},
			Check: env.checkAXEOnPlatform(axeM),
		},
		{
			ResourceName:      axeM,
			ImportState:       true,
			ImportStateVerify: true,
			// The platform does not report the area code nor the match mode used to
			// pick X: an import holds null and the default "strict".
			ImportStateVerifyIgnore: []string{"area_code", "area_match_mode"},
		},
		{
			// The picked X written into the configuration in place of area_code:
			// recorded without a request, same binding.
			Config: env.config("AXE", fmt.Sprintf(`
resource "privatenumber_axe_binding" "m" {
  a_number = %q
  x_number = %q
}
`, axeA1, picked)),
			ConfigPlanChecks: planIs(axeM, actUpdate,
				plannedIs(axeM, "extension", knownvalue.StringExact("001")),
			),
			ConfigStateChecks: []statecheck.StateCheck{
				valueOf(sameID, axeM, "id"),
				attrIs(axeM, "area_code", knownvalue.Null()),
				attrIs(axeM, "area_match_mode", knownvalue.StringExact("strict")),
			},
			Check: env.checkAXEOnPlatform(axeM),
		},
	})
}

// axeFull is a binding with every in-place attribute set.
func axeFull(env *accEnv, extra map[string]string) string {
	return env.config("AXE", axeResource("m", withAttrs(map[string]string{
		"a_number": hq(axeA1), "x_number": hq(axeX(3)), "extension": hq("007"),
	}, extra)))
}

// axeClient is a client of the test AXE application, for seeding and checks.
func (e *accEnv) axeClient(t *testing.T) client.API {
	t.Helper()
	return e.client("AXE")
}

// axeSeed binds n A numbers on x through the client (prefix +86137, then an index).
func (e *accEnv) axeSeed(t *testing.T, x string, n int) {
	t.Helper()
	c := e.client("AXE")
	for i := 1; i <= n; i++ {
		if _, err := c.BindAXE(context.Background(), client.AXEBindRequest{
			ANumber: fmt.Sprintf("+86137%08d", i), XNumber: x, TimeUnit: client.TimeUnitMinutes, CallbackExpiredTime: 60,
		}); err != nil {
			t.Fatalf("seeding binding %d on %s: %v", i, x, err)
		}
	}
}

func axeCheckExpiry(env *accEnv, t *testing.T, want time.Duration) resource.TestCheckFunc {
	return func(*terraform.State) error {
		b := env.only("AXE")
		if want == 0 {
			if b.ExpiresAt != nil {
				return fmt.Errorf("platform expiry %v, want none", b.ExpiresAt)
			}
			return nil
		}
		if b.ExpiresAt == nil {
			return fmt.Errorf("platform has no expiry, want about %v from now", want)
		}
		if d := b.ExpiresAt.Sub(env.emu.Now()); d < want-2*time.Minute || d > want+time.Minute {
			return fmt.Errorf("platform expires in %v, want about %v", d, want)
		}
		return nil
	}
}

// TestAccAXEBinding_inPlaceUpdates: each attribute the modify API changes
// updates the same binding; after a lifetime change the platform still
// reports the bind-time lifetime and the plan stays empty.
func TestAccAXEBinding_inPlaceUpdates(t *testing.T) {
	env := newAccEnv(t)
	sameID := sameAcrossSteps()
	expiresDiffer := newEachStep()
	expiresSame := sameAcrossSteps()
	rfc3339 := knownvalue.StringRegexp(regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$`))
	update := planIs(axeM, actUpdate)
	lifetime120 := map[string]string{"lifetime": hq("2h"), "callback_tone": hq("cb.wav")}
	env.run([]resource.TestStep{
		{
			Config:           axeFull(env, map[string]string{"lifetime": hq("1h"), "callback_tone": hq("cb.wav")}),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plannedUnknown(axeM, "expires_at")}},
			ConfigStateChecks: []statecheck.StateCheck{
				valueOf(sameID, axeM, "id"),
				valueOf(expiresDiffer, axeM, "expires_at"),
				attrIs(axeM, "expires_at", rfc3339),
				attrIs(axeM, "callback_tone", knownvalue.StringExact("cb.wav")),
			},
			Check: axeCheckExpiry(env, t, 60*time.Minute),
		},
		{
			Config: axeFull(env, lifetime120),
			ConfigPlanChecks: planIs(axeM, actUpdate,
				plannedUnknown(axeM, "expires_at"),
				plannedIs(axeM, "extension", knownvalue.StringExact("007")),
			),
			ConfigStateChecks: []statecheck.StateCheck{
				valueOf(sameID, axeM, "id"),
				valueOf(expiresDiffer, axeM, "expires_at"),
				valueOf(expiresSame, axeM, "expires_at"),
				attrIs(axeM, "lifetime", knownvalue.StringExact("2h")),
			},
			Check: resource.ComposeTestCheckFunc(
				axeCheckExpiry(env, t, 120*time.Minute),
				func(*terraform.State) error {
					// The query keeps reporting the bind-time lifetime (§6.3).
					b, err := env.client("AXE").GetAXE(context.Background(), env.only("AXE").SubscriptionID)
					if err != nil {
						return err
					}
					if b.BindExpiredTime != 60 {
						return fmt.Errorf("query reports bindExpiredTime %d; this test expects the bind-time 60", b.BindExpiredTime)
					}
					return nil
				}),
		},
		{
			// Refresh reads the bind-time 60 back: no perpetual diff.
			Config:           axeFull(env, lifetime120),
			ConfigPlanChecks: emptyPlan(),
		},
		{
			Config: axeFull(env, withAttrs(lifetime120, map[string]string{"callback_lifetime": hq("30m")})),
			ConfigPlanChecks: planIs(axeM, actUpdate,
				plannedIs(axeM, "expires_at", rfc3339),
			),
			ConfigStateChecks: []statecheck.StateCheck{
				valueOf(sameID, axeM, "id"),
				valueOf(expiresSame, axeM, "expires_at"),
			},
			Check: resource.ComposeTestCheckFunc(
				env.checkFields("AXE", map[string]string{"callbackExpiredTime": "30"}),
				axeCheckExpiry(env, t, 120*time.Minute)),
		},
		{
			Config: axeFull(env, withAttrs(lifetime120, map[string]string{
				"callback_lifetime": hq("30m"), "record_calls": "true", "record_hint_tone": hq("rec.wav"),
			})),
			ConfigPlanChecks:  update,
			ConfigStateChecks: []statecheck.StateCheck{valueOf(sameID, axeM, "id")},
			Check:             env.checkFields("AXE", map[string]string{"recordFlag": "true", "recordHintTone": "rec.wav"}),
		},
		{
			// From a tone to a forward number, in place.
			Config: axeFull(env, map[string]string{
				"lifetime": hq("2h"), "callback_number": hq(axeCB), "callback_lifetime": hq("30m"),
				"record_calls": "true", "record_hint_tone": hq("rec2.wav"),
			}),
			ConfigPlanChecks: update,
			ConfigStateChecks: []statecheck.StateCheck{
				valueOf(sameID, axeM, "id"),
				attrIs(axeM, "callback_tone", knownvalue.Null()),
				attrIs(axeM, "callback_number", knownvalue.StringExact(axeCB)),
			},
			Check: env.checkFields("AXE", map[string]string{"callbackNum": axeCB, "callbackTone": "", "recordHintTone": "rec2.wav"}),
		},
		{
			// Back to a tone, recording off, permanent.
			Config: axeFull(env, map[string]string{
				"callback_tone": hq("cb2.wav"), "callback_lifetime": hq("30m"), "record_hint_tone": hq("rec2.wav"),
			}),
			ConfigPlanChecks: update,
			ConfigStateChecks: []statecheck.StateCheck{
				valueOf(sameID, axeM, "id"),
				attrIs(axeM, "expires_at", knownvalue.Null()),
				attrIs(axeM, "lifetime", knownvalue.StringExact("0s")),
				attrIs(axeM, "record_calls", knownvalue.Bool(false)),
			},
			Check: resource.ComposeTestCheckFunc(axeCheckExpiry(env, t, 0),
				env.checkFields("AXE", map[string]string{"callbackTone": "cb2.wav", "callbackNum": "", "recordFlag": "false"})),
		},
	})
}

// TestAccAXEBinding_replacements: every attribute the modify API cannot change replaces.
func TestAccAXEBinding_replacements(t *testing.T) {
	env := newAccEnv(t)
	differ := newEachStep()
	cfg := func(a, x, callerID, userData, tone, cb string) string {
		s := fmt.Sprintf(`
resource "privatenumber_axe_binding" "m" {
  a_number       = %q
  x_number       = %q
  extension      = "010"
  caller_id_to_a = %q
  user_data      = %q
`, a, x, callerID, userData)
		if tone != "" {
			s += fmt.Sprintf("  record_hint_tone = %q\n", tone)
		}
		if cb != "" {
			s += fmt.Sprintf("  callback_number = %q\n", cb)
		}
		return env.config("AXE", s+"}\n")
	}
	replace := planIs(axeM, actReplace)
	step := func(config string, checks ...statecheck.StateCheck) resource.TestStep {
		return resource.TestStep{
			Config:            config,
			ConfigPlanChecks:  replace,
			ConfigStateChecks: append([]statecheck.StateCheck{valueOf(differ, axeM, "id")}, checks...),
			Check:             env.checkAXEOnPlatform(axeM),
		}
	}
	first := step(cfg(axeA1, axeX(4), "x_number", "merchant=1", "rec.wav", axeCB))
	first.ConfigPlanChecks = resource.ConfigPlanChecks{}
	env.run([]resource.TestStep{
		first,
		step(cfg(axeA1, axeX(4), "real_caller", "merchant=1", "rec.wav", axeCB), attrIs(axeM, "caller_id_to_a", knownvalue.StringExact("real_caller"))),
		step(cfg(axeA1, axeX(4), "real_caller", "merchant=2", "rec.wav", axeCB), attrIs(axeM, "user_data", knownvalue.StringExact("merchant=2"))),
		step(cfg(axeA2, axeX(4), "real_caller", "merchant=2", "rec.wav", axeCB), attrIs(axeM, "a_number", knownvalue.StringExact(axeA2))),
		step(cfg(axeA2, axeX(5), "real_caller", "merchant=2", "rec.wav", axeCB), attrIs(axeM, "x_number", knownvalue.StringExact(axeX(5)))),
		step(cfg(axeA2, axeX(5), "real_caller", "merchant=2", "", axeCB), attrIs(axeM, "record_hint_tone", knownvalue.Null())),
		step(cfg(axeA2, axeX(5), "real_caller", "merchant=2", "", ""), attrIs(axeM, "callback_number", knownvalue.Null())),
	})
}

// TestAccAXEBinding_outOfBand: a binding deleted elsewhere is planned for
// creation; a field changed elsewhere is planned back to the configuration;
// an expired binding is planned for creation.
func TestAccAXEBinding_outOfBand(t *testing.T) {
	env := newAccEnv(t)
	var id string
	cfg := env.config("AXE", fmt.Sprintf(`
resource "privatenumber_axe_binding" "m" {
  a_number         = %q
  x_number         = %q
  callback_number  = %q
  lifetime         = "30m"
}
`, axeA1, axeX(1), axeCB))
	differ := newEachStep()
	recreated := func(gone func()) resource.TestStep {
		step := env.recreatedStep(gone, cfg, axeM, &id, env.checkAXEOnPlatform(axeM))
		step.ConfigStateChecks = []statecheck.StateCheck{valueOf(differ, axeM, "id")}
		return step
	}
	env.run([]resource.TestStep{
		{
			Config:            cfg,
			ConfigStateChecks: []statecheck.StateCheck{valueOf(differ, axeM, "id")},
			Check:             captureID(axeM, &id),
		},
		{
			// Changed elsewhere: recording switched on, another forward number.
			PreConfig:        env.patched(&id, map[string]any{"recordFlag": "true", "callbackNum": "+8613900000008"}),
			Config:           cfg,
			ConfigPlanChecks: planIs(axeM, actUpdate),
			// Updated back: the same binding (the state's id, the only one on the platform) with the configured fields.
			Check: resource.ComposeTestCheckFunc(resource.TestCheckResourceAttrPtr(axeM, "id", &id), env.checkAXEOnPlatform(axeM),
				env.checkFields("AXE", map[string]string{"recordFlag": "false", "callbackNum": axeCB})),
		},
		// Deleted elsewhere.
		recreated(env.disappears(&id)),
		// Expired: the platform unbinds after lifetime.
		recreated(env.later(31 * time.Minute)),
		{
			// A lifetime changed elsewhere by a modify cannot be seen: the
			// platform keeps reporting the bind-time value (documented).
			PreConfig:        env.patched(&id, map[string]any{"bindExpiredTime": 45}),
			Config:           cfg,
			ConfigPlanChecks: emptyPlan(),
		},
	})
}

// TestAccAXEBinding_validation: configuration mistakes fail at plan time,
// naming the attribute and the fix, before any request.
func TestAccAXEBinding_validation(t *testing.T) {
	env := newAccEnv(t)
	bad := func(body string, re *regexp.Regexp) resource.TestStep {
		return resource.TestStep{
			Config:      env.config("AXE", "resource \"privatenumber_axe_binding\" \"m\" {\n"+body+"\n}\n"),
			PlanOnly:    true,
			ExpectError: re,
		}
	}
	a := fmt.Sprintf("a_number = %q\n", axeA1)
	x := fmt.Sprintf("x_number = %q\n", axeX(1))
	env.run([]resource.TestStep{
		bad(a+x+`callback_tone = "cb.wav"`+"\n"+fmt.Sprintf("callback_number = %q", axeCB),
			wrapRE("Conflicting callback_tone and callback_number", "callback_number =", "remove one of them")),
		bad(a+`area_code = "0755"`+"\n"+`extension = "007"`,
			wrapRE("extension requires x_number", "extension =", "Set x_number", "or remove extension")),
		bad(a+x+`extension = "12345"`, wrapRE("Invalid extension", "extension =", "write 1 to 4 digits")),
		bad(a+x+`extension = "000"`, wrapRE("Invalid extension", "extension =", "extensions start at 1")),
		bad(a+x+`area_code = "0755"`, wrapRE("Conflicting x_number and area_code", "area_code =", "Set only one of x_number and area_code")),
		bad(a, wrapRE("Missing x_number or area_code", "Set x_number", "or area_code")),
		bad(a+x+`area_match_mode = "fallback"`, wrapRE("area_match_mode without area_code", "area_match_mode =", "remove area_match_mode")),
		bad(`a_number = "13800000001"`+"\n"+x, wrapRE("Invalid phone number", "a_number =", "not in global format")),
		bad(a+x+`caller_id_to_a = "b_number"`, wrapRE("caller_id_to_a", "x_number", "real_caller")),
		bad(a+x+`callback_lifetime = "0s"`, wrapRE("Invalid duration", `callback_lifetime = "0s" is outside`, `from "1m"`)),
		bad(a+x+`lifetime = "90s"`, wrapRE("Invalid duration", `lifetime = "90s" is not a whole number of minutes`, "bindExpiredTime", `"2m"`)),
		bad(a+x+`renew_before = "72h"`, wrapRE("renew_before does not fit the lifetime", "this binding is permanent")),
		bad(a+x+`lifetime = "48h"`+"\n"+`renew_before = "72h"`, wrapRE("renew_before does not fit the lifetime", `renew_before = "72h" is not shorter than lifetime = "48h"`)),
		bad(a+x+`user_data = "{json}"`, wrapRE("Invalid user data", "user_data =", "must not contain { or }")),
		{
			PreConfig: env.checkNoRequestsYet(t), // every step above failed at plan time
			Config:    env.config("AXE", "resource \"privatenumber_axe_binding\" \"m\" {\n"+a+x+"}\n"),
		},
	})
}

// newAXEAccEnvDigits is newAccEnv with the AXE application's extensions of the given length.
func newAXEAccEnvDigits(t *testing.T, digits int) *accEnv {
	t.Helper()
	cfg := testEmulatorConfig()
	for i := range cfg.Applications {
		if cfg.Applications[i].Mode == "AXE" {
			cfg.Applications[i].ExtensionDigits = digits
		}
	}
	return newAccEnvWith(t, cfg)
}

// TestAccAXEBinding_extensionConflicts: a full X (1020167) and a requested
// extension already taken (1016002) say which X and extension, and what to do.
func TestAccAXEBinding_extensionConflicts(t *testing.T) {
	env := newAXEAccEnvDigits(t, 1)
	env.axeSeed(t, axeX(1), 9) // every extension of X1 taken
	if _, err := env.client("AXE").BindAXE(context.Background(), client.AXEBindRequest{
		ANumber: axeA3, XNumber: axeX(2), Extension: "5", TimeUnit: client.TimeUnitMinutes, CallbackExpiredTime: 60,
	}); err != nil {
		t.Fatal(err)
	}
	seeded := len(env.bindings("AXE"))
	res := func(x, ext string) string {
		s := fmt.Sprintf("resource \"privatenumber_axe_binding\" \"m\" {\n  a_number = %q\n  x_number = %q\n", axeA1, x)
		if ext != "" {
			s += fmt.Sprintf("  extension = %q\n", ext)
		}
		return env.config("AXE", s+"}\n")
	}
	env.runCase(resource.TestCase{
		CheckDestroy: func(*terraform.State) error {
			for _, b := range env.bindings("AXE") {
				if b.ANumber == axeA1 {
					return fmt.Errorf("binding %s of %s left after destroy", b.SubscriptionID, axeA1)
				}
			}
			if n := len(env.bindings("AXE")); n != seeded {
				return fmt.Errorf("%d AXE bindings after destroy, want the %d seeded", n, seeded)
			}
			return nil
		},
		Steps: []resource.TestStep{
			{
				Config: res(axeX(1), ""),
				ExpectError: wrapRE("X "+axeX(1)+" has no free extension",
					"extensions have 1 digit(s), so one X holds at most 9 bindings", "about 200 A per X",
					"Use another x_number, or area_code", "1020167"),
			},
			{
				Config:      res(axeX(2), "5"),
				ExpectError: wrapRE("Extension 5 on X "+axeX(2)+" is already taken", "Request another extension", "1016002"),
			},
			{
				Config: res(axeX(2), ""),
				ConfigStateChecks: []statecheck.StateCheck{
					attrIs(axeM, "extension", knownvalue.StringExact("1")),
				},
			},
		},
	})
}

// TestAccAXEBinding_lostAnswer: when the bind's answer is lost after the
// platform committed it, Create adopts the binding found by X + extension or
// by listing X, and never re-sends a bind whose X was chosen by area code.
func TestAccAXEBinding_lostAnswer(t *testing.T) {
	env := newAccEnv(t)
	two := axeResource("m1", map[string]string{"a_number": hq(axeA1), "x_number": hq(axeX(1))}) +
		axeResource("m2", map[string]string{"a_number": hq(axeA2), "x_number": hq(axeX(2)), "extension": hq("050")})
	binds := func() int { return env.requests("AXE.bind") }
	env.run([]resource.TestStep{
		{
			PreConfig: func() {
				env.fault("AXE.bind", "drop_response_after_commit")
			},
			Config: env.config("AXE", two),
			ConfigStateChecks: []statecheck.StateCheck{
				attrIs(axeM1, "extension", knownvalue.StringExact("001")),
				attrIs(axeM2, "extension", knownvalue.StringExact("050")),
			},
			Check: resource.ComposeTestCheckFunc(
				env.checkAXEOnPlatform(axeM1),
				env.checkAXEOnPlatform(axeM2),
				func(*terraform.State) error {
					if n := binds(); n != 2 {
						return fmt.Errorf("%d binds sent, want 2 (adopted, never re-sent)", n)
					}
					if n := len(env.bindings("AXE")); n != 2 {
						return fmt.Errorf("%d bindings on the platform, want 2", n)
					}
					return nil
				}),
		},
		{
			Config: env.config("AXE", two+fmt.Sprintf(`
resource "privatenumber_axe_binding" "m3" {
  a_number  = %q
  area_code = "010"
}
`, axeA3)),
			ExpectError: wrapRE("a binding may exist", "area 010", "did not send the bind again", axeA3),
		},
		{
			PreConfig: func() {
				if n := binds(); n != 3 {
					t.Fatalf("%d binds sent, want 3: the area-code bind must not be re-sent", n)
				}
				env.emu.ClearFaults()
				for _, b := range env.bindings("AXE") {
					if b.ANumber == axeA3 {
						if err := env.emu.DeleteBinding(b.SubscriptionID); err != nil {
							t.Fatal(err)
						}
					}
				}
			},
			Config:           env.config("AXE", two),
			ConfigPlanChecks: emptyPlan(),
		},
	})
}

// TestAccAXEBinding_importHourUnit: a binding made elsewhere with its
// lifetimes in hours imports in minutes, keeps an empty plan, and updates in
// the unit the platform holds.
func TestAccAXEBinding_importHourUnit(t *testing.T) {
	env := newAccEnv(t)
	res, err := env.client("AXE").BindAXE(context.Background(), client.AXEBindRequest{
		ANumber: axeA1, XNumber: axeX(1), Extension: "300", TimeUnit: client.TimeUnitHours, BindExpiredTime: 2, CallbackExpiredTime: 1,
	})
	if err != nil {
		t.Fatal(err)
	}
	cfg := func(lifetime, callback int64) string { // minutes, written in the shortest form
		return env.config("AXE", fmt.Sprintf(`
resource "privatenumber_axe_binding" "m" {
  a_number                  = %q
  x_number                  = %q
  extension                 = "300"
  lifetime          = %q
  callback_lifetime = %q
}
`, axeA1, axeX(1), formatDuration(minutes(lifetime)), formatDuration(minutes(callback))))
	}
	sameID := sameAcrossSteps()
	env.run([]resource.TestStep{
		{
			Config:             cfg(120, 60),
			ResourceName:       axeM,
			ImportState:        true,
			ImportStateId:      axeX(1) + "/300",
			ImportStatePersist: true,
			ImportStateCheck: func(s []*terraform.InstanceState) error {
				if len(s) != 1 || s[0].ID != res.SubscriptionID || s[0].Attributes["lifetime"] != "2h" || s[0].Attributes["callback_lifetime"] != "1h" {
					return fmt.Errorf("imported %+v", s)
				}
				return nil
			},
		},
		{
			Config:           cfg(120, 60),
			ConfigPlanChecks: emptyPlan(),
		},
		{
			Config:            cfg(120, 180),
			ConfigPlanChecks:  planIs(axeM, actUpdate),
			ConfigStateChecks: []statecheck.StateCheck{valueOf(sameID, axeM, "id")},
			Check:             env.checkFields("AXE", map[string]string{"timeUnit": "0", "callbackExpiredTime": "3"}),
		},
		{
			Config: cfg(120, 90),
			// 90 minutes is not a whole number of hours for a binding kept in hours.
			ExpectError: wrapRE("Callback lifetime not in whole hours", `callback_lifetime = "1h30m"`, "whole hours"),
		},
		{
			// A lifetime change switches the binding to minutes, callback lifetime included.
			Config:           cfg(240, 90),
			ConfigPlanChecks: planIs(axeM, actUpdate),
			ConfigStateChecks: []statecheck.StateCheck{
				valueOf(sameID, axeM, "id"),
				attrIs(axeM, "lifetime", knownvalue.StringExact("4h")),
				attrIs(axeM, "callback_lifetime", knownvalue.StringExact("1h30m")),
			},
			Check: resource.ComposeTestCheckFunc(
				env.checkFields("AXE", map[string]string{"timeUnit": "1", "bindExpiredTime": "240", "callbackExpiredTime": "90"}),
				axeCheckExpiry(env, t, 240*time.Minute)),
		},
		{
			Config:           cfg(240, 90),
			ConfigPlanChecks: emptyPlan(),
		},
	})
}

// TestAccAXEBinding_importWithAreaCode: a binding imported into a
// configuration that picks X by area code keeps its X and extension: the
// first plan only records area_code, without a request.
func TestAccAXEBinding_importWithAreaCode(t *testing.T) {
	env := newAccEnv(t)
	res, err := env.client("AXE").BindAXE(context.Background(), client.AXEBindRequest{
		ANumber: axeA1, XNumber: axeX010(3), TimeUnit: client.TimeUnitMinutes, CallbackExpiredTime: 1440,
	})
	if err != nil {
		t.Fatal(err)
	}
	cfg := env.config("AXE", fmt.Sprintf(`
resource "privatenumber_axe_binding" "m" {
  a_number  = %q
  area_code = "010"
}
`, axeA1))
	env.run([]resource.TestStep{
		{
			Config:             cfg,
			ResourceName:       axeM,
			ImportState:        true,
			ImportStateId:      axeX010(3) + "/" + res.Extension,
			ImportStatePersist: true,
		},
		{
			PreConfig:        env.emu.ResetStats,
			Config:           cfg,
			ConfigPlanChecks: planIs(axeM, actUpdate),
			ConfigStateChecks: []statecheck.StateCheck{
				attrIs(axeM, "id", knownvalue.StringExact(res.SubscriptionID)),
				attrIs(axeM, "x_number", knownvalue.StringExact(axeX010(3))),
				attrIs(axeM, "area_code", knownvalue.StringExact("010")),
			},
			Check: func(*terraform.State) error {
				if n := env.requests("AXE.modify") + env.requests("AXE.bind"); n != 0 {
					return fmt.Errorf("recording area_code sent %d bind/modify requests", n)
				}
				return nil
			},
		},
	})
}
