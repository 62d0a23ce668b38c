package provider

import (
	"context"
	"fmt"
	"net/http/httptest"
	"regexp"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

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

// axeCfg is the provider block plus the given resources.
func (e *accEnv) axeCfg(body string) string { return e.providerConfig("AXE") + body }

// axeBinding is the emulator's view of one AXE binding, failing when it is not exactly one.
func (e *accEnv) axeOnly(t *testing.T) emulator.AdminBinding {
	t.Helper()
	list := e.emu.Bindings("", "AXE")
	if len(list) != 1 {
		t.Fatalf("expected exactly one AXE binding on the platform, found %d: %+v", len(list), list)
	}
	return list[0]
}

// checkAXEOnPlatform compares the resource's id/x/extension/A with the emulator's binding.
func (e *accEnv) checkAXEOnPlatform(addr string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		rs, ok := s.RootModule().Resources[addr]
		if !ok {
			return fmt.Errorf("%s not in state", addr)
		}
		for _, b := range e.emu.Bindings("", "AXE") {
			if b.SubscriptionID != rs.Primary.ID {
				continue
			}
			a := rs.Primary.Attributes
			if a["x_number"] != b.XNumber || a["extension"] != b.Extension || a["a_number"] != b.ANumber {
				return fmt.Errorf("state %s/%s/%s differs from the platform's %s/%s/%s", a["x_number"], a["extension"], a["a_number"], b.XNumber, b.Extension, b.ANumber)
			}
			return nil
		}
		return fmt.Errorf("binding %s of %s is not on the platform", rs.Primary.ID, addr)
	}
}

// axeCaptureID stores a resource's id for later PreConfig functions.
func axeCaptureID(addr string, into *string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		rs, ok := s.RootModule().Resources[addr]
		if !ok {
			return fmt.Errorf("%s not in state", addr)
		}
		*into = rs.Primary.ID
		return nil
	}
}

// axeImportID returns "X/EXTENSION" of a resource in state.
func axeImportID(addr string) resource.ImportStateIdFunc {
	return func(s *terraform.State) (string, error) {
		rs, ok := s.RootModule().Resources[addr]
		if !ok {
			return "", fmt.Errorf("%s not in state", addr)
		}
		return rs.Primary.Attributes["x_number"] + "/" + rs.Primary.Attributes["extension"], nil
	}
}

func axeStr(addr, attr string, v knownvalue.Check) statecheck.StateCheck {
	return statecheck.ExpectKnownValue(addr, tfjsonpath.New(attr), v)
}

// TestAccAXEBinding_assignedExtension: bound on an X without a requested
// extension, the assigned one is known after apply, stays put when another
// merchant is added, and both import formats give the state a create writes.
func TestAccAXEBinding_assignedExtension(t *testing.T) {
	env := newAccEnv(t)
	one := fmt.Sprintf(`
resource "privatenumber_axe_binding" "m1" {
  a_number = %q
  x_number = %q
}
`, axeA1, axeX(1))
	two := one + fmt.Sprintf(`
resource "privatenumber_axe_binding" "m2" {
  a_number     = %q
  x_number     = %q
  record_calls = true
}
`, axeA2, axeX(1))
	sameID := statecheck.CompareValue(compare.ValuesSame())
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		CheckDestroy:             env.checkDestroyed,
		Steps: []resource.TestStep{
			{
				Config: env.axeCfg(one),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("privatenumber_axe_binding.m1", plancheck.ResourceActionCreate),
					plancheck.ExpectUnknownValue("privatenumber_axe_binding.m1", tfjsonpath.New("extension")),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue("privatenumber_axe_binding.m1", tfjsonpath.New("id")),
					axeStr("privatenumber_axe_binding.m1", "extension", knownvalue.StringExact("001")),
					axeStr("privatenumber_axe_binding.m1", "x_number", knownvalue.StringExact(axeX(1))),
					axeStr("privatenumber_axe_binding.m1", "caller_id_to_a", knownvalue.StringExact("x_number")),
					axeStr("privatenumber_axe_binding.m1", "record_calls", knownvalue.Bool(false)),
					axeStr("privatenumber_axe_binding.m1", "lifetime_minutes", knownvalue.Int64Exact(0)),
					axeStr("privatenumber_axe_binding.m1", "callback_lifetime_minutes", knownvalue.Int64Exact(1440)),
					axeStr("privatenumber_axe_binding.m1", "area_match_mode", knownvalue.StringExact("strict")),
					axeStr("privatenumber_axe_binding.m1", "expires_at", knownvalue.Null()),
					axeStr("privatenumber_axe_binding.m1", "callback_tone", knownvalue.Null()),
				},
				Check: env.checkAXEOnPlatform("privatenumber_axe_binding.m1"),
			},
			{
				// A second merchant on the same X: the first one's extension does not move.
				Config: env.axeCfg(two),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("privatenumber_axe_binding.m1", plancheck.ResourceActionNoop),
					plancheck.ExpectResourceAction("privatenumber_axe_binding.m2", plancheck.ResourceActionCreate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue("privatenumber_axe_binding.m1", tfjsonpath.New("id")),
					axeStr("privatenumber_axe_binding.m1", "extension", knownvalue.StringExact("001")),
					axeStr("privatenumber_axe_binding.m2", "extension", knownvalue.StringExact("002")),
				},
				Check: resource.ComposeTestCheckFunc(env.checkAXEOnPlatform("privatenumber_axe_binding.m1"), env.checkAXEOnPlatform("privatenumber_axe_binding.m2")),
			},
			{
				Config: env.axeCfg(two),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectEmptyPlan(),
				}},
			},
			{
				ResourceName:      "privatenumber_axe_binding.m2",
				ImportState:       true,
				ImportStateVerify: true,
			},
			{
				ResourceName:      "privatenumber_axe_binding.m2",
				ImportState:       true,
				ImportStateIdFunc: axeImportID("privatenumber_axe_binding.m2"),
				ImportStateVerify: true,
			},
			{
				// An import {} block, planned by the engine.
				ResourceName:      "privatenumber_axe_binding.m1",
				ImportState:       true,
				ImportStateKind:   resource.ImportBlockWithID,
				ImportStateIdFunc: axeImportID("privatenumber_axe_binding.m1"),
				ImportPlanChecks: resource.ImportPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("privatenumber_axe_binding.m1", plancheck.ResourceActionNoop),
				}},
			},
		},
	})
}

// TestAccAXEBinding_requestedExtension: a requested extension is honoured,
// changing it replaces, and the binding imports as X/EXTENSION.
func TestAccAXEBinding_requestedExtension(t *testing.T) {
	env := newAccEnv(t)
	cfg := func(ext string) string {
		return env.axeCfg(fmt.Sprintf(`
resource "privatenumber_axe_binding" "m" {
  a_number  = %q
  x_number  = %q
  extension = %q
}
`, axeA1, axeX(2), ext))
	}
	differ := statecheck.CompareValue(compare.ValuesDiffer())
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		CheckDestroy:             env.checkDestroyed,
		Steps: []resource.TestStep{
			{
				Config: cfg("042"),
				ConfigStateChecks: []statecheck.StateCheck{
					differ.AddStateValue("privatenumber_axe_binding.m", tfjsonpath.New("id")),
					axeStr("privatenumber_axe_binding.m", "extension", knownvalue.StringExact("042")),
				},
				Check: env.checkAXEOnPlatform("privatenumber_axe_binding.m"),
			},
			{
				ResourceName:      "privatenumber_axe_binding.m",
				ImportState:       true,
				ImportStateId:     axeX(2) + "/042",
				ImportStateVerify: true,
			},
			{
				Config: cfg("043"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("privatenumber_axe_binding.m", plancheck.ResourceActionReplace),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					differ.AddStateValue("privatenumber_axe_binding.m", tfjsonpath.New("id")),
					axeStr("privatenumber_axe_binding.m", "extension", knownvalue.StringExact("043")),
				},
				Check: func(s *terraform.State) error {
					if b := env.axeOnly(t); b.Extension != "043" {
						return fmt.Errorf("platform extension %q, want 043", b.Extension)
					}
					return env.checkAXEOnPlatform("privatenumber_axe_binding.m")(s)
				},
			},
		},
	})
}

// TestAccAXEBinding_areaCode: the platform picks X in the city; another city
// replaces; writing the picked X into x_number in place of area_code does not.
func TestAccAXEBinding_areaCode(t *testing.T) {
	env := newAccEnv(t)
	sameID := statecheck.CompareValue(compare.ValuesSame())
	byArea := func(area string) string {
		return env.axeCfg(fmt.Sprintf(`
resource "privatenumber_axe_binding" "m" {
  a_number        = %q
  area_code       = %q
  area_match_mode = "fallback"
}
`, axeA1, area))
	}
	// The emulator picks the first X of the city's pool with room.
	picked := axeX010(1)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		CheckDestroy:             env.checkDestroyed,
		Steps: []resource.TestStep{
			{
				Config: byArea("0755"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectUnknownValue("privatenumber_axe_binding.m", tfjsonpath.New("x_number")),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					axeStr("privatenumber_axe_binding.m", "x_number", knownvalue.StringExact(axeX(1))),
					axeStr("privatenumber_axe_binding.m", "extension", knownvalue.StringExact("001")),
					axeStr("privatenumber_axe_binding.m", "area_code", knownvalue.StringExact("0755")),
					axeStr("privatenumber_axe_binding.m", "area_match_mode", knownvalue.StringExact("fallback")),
				},
				Check: env.checkAXEOnPlatform("privatenumber_axe_binding.m"),
			},
			{
				Config: byArea("010"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("privatenumber_axe_binding.m", plancheck.ResourceActionReplace),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue("privatenumber_axe_binding.m", tfjsonpath.New("id")),
					axeStr("privatenumber_axe_binding.m", "x_number", knownvalue.StringExact(picked)),
				},
				Check: env.checkAXEOnPlatform("privatenumber_axe_binding.m"),
			},
			{
				ResourceName:      "privatenumber_axe_binding.m",
				ImportState:       true,
				ImportStateVerify: true,
				// The platform does not report the area code nor the match mode used to
				// pick X: an import holds null and the default "strict".
				ImportStateVerifyIgnore: []string{"area_code", "area_match_mode"},
			},
			{
				// The picked X written into the configuration in place of area_code:
				// recorded without a request, same binding.
				Config: env.axeCfg(fmt.Sprintf(`
resource "privatenumber_axe_binding" "m" {
  a_number = %q
  x_number = %q
}
`, axeA1, picked)),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("privatenumber_axe_binding.m", plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue("privatenumber_axe_binding.m", tfjsonpath.New("extension"), knownvalue.StringExact("001")),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue("privatenumber_axe_binding.m", tfjsonpath.New("id")),
					axeStr("privatenumber_axe_binding.m", "area_code", knownvalue.Null()),
					axeStr("privatenumber_axe_binding.m", "area_match_mode", knownvalue.StringExact("strict")),
				},
				Check: env.checkAXEOnPlatform("privatenumber_axe_binding.m"),
			},
		},
	})
}

// axeFull is a binding with every in-place attribute set.
func axeFull(env *accEnv, extra string) string {
	return env.axeCfg(fmt.Sprintf(`
resource "privatenumber_axe_binding" "m" {
  a_number  = %q
  x_number  = %q
  extension = "007"
%s
}
`, axeA1, axeX(3), extra))
}

// axeClient is a client of the test AXE application, for seeding and checks.
func (e *accEnv) axeClient(t *testing.T) client.API {
	t.Helper()
	c, err := client.New(client.Config{
		Endpoint: e.server.URL, AppKey: testAppKey("AXE"), AppSecret: testAppKey("AXE") + testSecretSuffix,
		RequestsPerSecond: 10000,
	})
	if err != nil {
		t.Fatalf("client: %v", err)
	}
	return c
}

// axeSeed binds n A numbers on x through the client (prefix +86137, then an index).
func (e *accEnv) axeSeed(t *testing.T, x string, n int) {
	t.Helper()
	c := e.axeClient(t)
	for i := 1; i <= n; i++ {
		if _, err := c.BindAXE(context.Background(), client.AXEBindRequest{
			ANumber: fmt.Sprintf("+86137%08d", i), XNumber: x, TimeUnit: client.TimeUnitMinutes, CallbackExpiredTime: 60,
		}); err != nil {
			t.Fatalf("seeding binding %d on %s: %v", i, x, err)
		}
	}
}

// axeField is an emulator field rendered as text ("" when absent).
func axeField(b emulator.AdminBinding, k string) string {
	v, ok := b.Fields[k]
	if !ok || v == nil {
		return ""
	}
	return fmt.Sprint(v)
}

func axeCheckExpiry(env *accEnv, t *testing.T, want time.Duration) resource.TestCheckFunc {
	return func(*terraform.State) error {
		b := env.axeOnly(t)
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
	const addr = "privatenumber_axe_binding.m"
	sameID := statecheck.CompareValue(compare.ValuesSame())
	expiresDiffer := statecheck.CompareValue(compare.ValuesDiffer())
	expiresSame := statecheck.CompareValue(compare.ValuesSame())
	rfc3339 := knownvalue.StringRegexp(regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$`))
	update := resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate)}}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		CheckDestroy:             env.checkDestroyed,
		Steps: []resource.TestStep{
			{
				Config: axeFull(env, `  lifetime_minutes = 60
  callback_tone    = "cb.wav"`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectUnknownValue(addr, tfjsonpath.New("expires_at")),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(addr, tfjsonpath.New("id")),
					expiresDiffer.AddStateValue(addr, tfjsonpath.New("expires_at")),
					axeStr(addr, "expires_at", rfc3339),
					axeStr(addr, "callback_tone", knownvalue.StringExact("cb.wav")),
				},
				Check: axeCheckExpiry(env, t, 60*time.Minute),
			},
			{
				Config: axeFull(env, `  lifetime_minutes = 120
  callback_tone    = "cb.wav"`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
					plancheck.ExpectUnknownValue(addr, tfjsonpath.New("expires_at")),
					plancheck.ExpectKnownValue(addr, tfjsonpath.New("extension"), knownvalue.StringExact("007")),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(addr, tfjsonpath.New("id")),
					expiresDiffer.AddStateValue(addr, tfjsonpath.New("expires_at")),
					expiresSame.AddStateValue(addr, tfjsonpath.New("expires_at")),
					axeStr(addr, "lifetime_minutes", knownvalue.Int64Exact(120)),
				},
				Check: resource.ComposeTestCheckFunc(
					axeCheckExpiry(env, t, 120*time.Minute),
					func(*terraform.State) error {
						// The query keeps reporting the bind-time lifetime (§6.3).
						b, err := env.axeClient(t).GetAXE(context.Background(), env.axeOnly(t).SubscriptionID)
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
				Config: axeFull(env, `  lifetime_minutes = 120
  callback_tone    = "cb.wav"`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
			{
				Config: axeFull(env, `  lifetime_minutes          = 120
  callback_tone             = "cb.wav"
  callback_lifetime_minutes = 30`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(addr, tfjsonpath.New("expires_at"), rfc3339),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(addr, tfjsonpath.New("id")),
					expiresSame.AddStateValue(addr, tfjsonpath.New("expires_at")),
				},
				Check: func(*terraform.State) error {
					if v := axeField(env.axeOnly(t), "callbackExpiredTime"); v != "30" {
						return fmt.Errorf("platform callbackExpiredTime %q, want 30", v)
					}
					return axeCheckExpiry(env, t, 120*time.Minute)(nil)
				},
			},
			{
				Config: axeFull(env, `  lifetime_minutes          = 120
  callback_tone             = "cb.wav"
  callback_lifetime_minutes = 30
  record_calls              = true
  record_hint_tone          = "rec.wav"`),
				ConfigPlanChecks:  update,
				ConfigStateChecks: []statecheck.StateCheck{sameID.AddStateValue(addr, tfjsonpath.New("id"))},
				Check: func(*terraform.State) error {
					b := env.axeOnly(t)
					if axeField(b, "recordFlag") != "true" || axeField(b, "recordHintTone") != "rec.wav" {
						return fmt.Errorf("platform recordFlag %q recordHintTone %q", axeField(b, "recordFlag"), axeField(b, "recordHintTone"))
					}
					return nil
				},
			},
			{
				// From a tone to a forward number, in place.
				Config: axeFull(env, `  lifetime_minutes          = 120
  callback_number           = "`+axeCB+`"
  callback_lifetime_minutes = 30
  record_calls              = true
  record_hint_tone          = "rec2.wav"`),
				ConfigPlanChecks: update,
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(addr, tfjsonpath.New("id")),
					axeStr(addr, "callback_tone", knownvalue.Null()),
					axeStr(addr, "callback_number", knownvalue.StringExact(axeCB)),
				},
				Check: func(*terraform.State) error {
					b := env.axeOnly(t)
					if axeField(b, "callbackNum") != axeCB || axeField(b, "callbackTone") != "" || axeField(b, "recordHintTone") != "rec2.wav" {
						return fmt.Errorf("platform callbackNum %q callbackTone %q recordHintTone %q", axeField(b, "callbackNum"), axeField(b, "callbackTone"), axeField(b, "recordHintTone"))
					}
					return nil
				},
			},
			{
				// Back to a tone, recording off, permanent.
				Config: axeFull(env, `  callback_tone             = "cb2.wav"
  callback_lifetime_minutes = 30
  record_hint_tone          = "rec2.wav"`),
				ConfigPlanChecks: update,
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(addr, tfjsonpath.New("id")),
					axeStr(addr, "expires_at", knownvalue.Null()),
					axeStr(addr, "lifetime_minutes", knownvalue.Int64Exact(0)),
					axeStr(addr, "record_calls", knownvalue.Bool(false)),
				},
				Check: resource.ComposeTestCheckFunc(axeCheckExpiry(env, t, 0), func(*terraform.State) error {
					b := env.axeOnly(t)
					if axeField(b, "callbackTone") != "cb2.wav" || axeField(b, "callbackNum") != "" || axeField(b, "recordFlag") != "false" {
						return fmt.Errorf("platform callbackTone %q callbackNum %q recordFlag %q", axeField(b, "callbackTone"), axeField(b, "callbackNum"), axeField(b, "recordFlag"))
					}
					return nil
				}),
			},
		},
	})
}

// TestAccAXEBinding_replacements: every attribute the modify API cannot change replaces.
func TestAccAXEBinding_replacements(t *testing.T) {
	env := newAccEnv(t)
	const addr = "privatenumber_axe_binding.m"
	differ := statecheck.CompareValue(compare.ValuesDiffer())
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
		return env.axeCfg(s + "}\n")
	}
	replace := resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionReplace)}}
	step := func(config string, checks ...statecheck.StateCheck) resource.TestStep {
		return resource.TestStep{
			Config:            config,
			ConfigPlanChecks:  replace,
			ConfigStateChecks: append([]statecheck.StateCheck{differ.AddStateValue(addr, tfjsonpath.New("id"))}, checks...),
			Check:             env.checkAXEOnPlatform(addr),
		}
	}
	first := step(cfg(axeA1, axeX(4), "x_number", "merchant=1", "rec.wav", axeCB))
	first.ConfigPlanChecks = resource.ConfigPlanChecks{}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		CheckDestroy:             env.checkDestroyed,
		Steps: []resource.TestStep{
			first,
			step(cfg(axeA1, axeX(4), "real_caller", "merchant=1", "rec.wav", axeCB), axeStr(addr, "caller_id_to_a", knownvalue.StringExact("real_caller"))),
			step(cfg(axeA1, axeX(4), "real_caller", "merchant=2", "rec.wav", axeCB), axeStr(addr, "user_data", knownvalue.StringExact("merchant=2"))),
			step(cfg(axeA2, axeX(4), "real_caller", "merchant=2", "rec.wav", axeCB), axeStr(addr, "a_number", knownvalue.StringExact(axeA2))),
			step(cfg(axeA2, axeX(5), "real_caller", "merchant=2", "rec.wav", axeCB), axeStr(addr, "x_number", knownvalue.StringExact(axeX(5)))),
			step(cfg(axeA2, axeX(5), "real_caller", "merchant=2", "", axeCB), axeStr(addr, "record_hint_tone", knownvalue.Null())),
			step(cfg(axeA2, axeX(5), "real_caller", "merchant=2", "", ""), axeStr(addr, "callback_number", knownvalue.Null())),
		},
	})
}

// TestAccAXEBinding_outOfBand: a binding deleted elsewhere is planned for
// creation; a field changed elsewhere is planned back to the configuration;
// an expired binding is planned for creation.
func TestAccAXEBinding_outOfBand(t *testing.T) {
	env := newAccEnv(t)
	const addr = "privatenumber_axe_binding.m"
	var id string
	cfg := env.axeCfg(fmt.Sprintf(`
resource "privatenumber_axe_binding" "m" {
  a_number         = %q
  x_number         = %q
  callback_number  = %q
  lifetime_minutes = 30
}
`, axeA1, axeX(1), axeCB))
	differ := statecheck.CompareValue(compare.ValuesDiffer())
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		CheckDestroy:             env.checkDestroyed,
		Steps: []resource.TestStep{
			{
				Config:            cfg,
				ConfigStateChecks: []statecheck.StateCheck{differ.AddStateValue(addr, tfjsonpath.New("id"))},
				Check:             axeCaptureID(addr, &id),
			},
			{
				// Changed elsewhere: recording switched on, another forward number.
				PreConfig: func() {
					if err := env.emu.PatchBinding(id, map[string]any{"recordFlag": "true", "callbackNum": "+8613900000008"}); err != nil {
						t.Fatalf("patch: %v", err)
					}
				},
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
				}},
				Check: func(*terraform.State) error {
					b := env.axeOnly(t)
					if b.SubscriptionID != id || axeField(b, "recordFlag") != "false" || axeField(b, "callbackNum") != axeCB {
						return fmt.Errorf("not updated back: %s recordFlag %q callbackNum %q", b.SubscriptionID, axeField(b, "recordFlag"), axeField(b, "callbackNum"))
					}
					return nil
				},
			},
			{
				// Deleted elsewhere.
				PreConfig: func() {
					if err := env.emu.DeleteBinding(id); err != nil {
						t.Fatalf("delete: %v", err)
					}
				},
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionCreate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{differ.AddStateValue(addr, tfjsonpath.New("id"))},
				Check:             resource.ComposeTestCheckFunc(env.checkAXEOnPlatform(addr), axeCaptureID(addr, &id)),
			},
			{
				// Expired: the platform unbinds after lifetime_minutes.
				PreConfig: func() { env.emu.AdvanceClock(31 * time.Minute) },
				Config:    cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionCreate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{differ.AddStateValue(addr, tfjsonpath.New("id"))},
				Check:             resource.ComposeTestCheckFunc(env.checkAXEOnPlatform(addr), axeCaptureID(addr, &id)),
			},
			{
				// A lifetime changed elsewhere by a modify cannot be seen: the
				// platform keeps reporting the bind-time value (documented).
				PreConfig: func() {
					if err := env.emu.PatchBinding(id, map[string]any{"bindExpiredTime": 45}); err != nil {
						t.Fatalf("patch: %v", err)
					}
				},
				Config:           cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
		},
	})
}

// TestAccAXEBinding_validation: configuration mistakes fail at plan time,
// naming the attribute and the fix, before any request.
func TestAccAXEBinding_validation(t *testing.T) {
	env := newAccEnv(t)
	bad := func(body string, re *regexp.Regexp) resource.TestStep {
		return resource.TestStep{
			Config:      env.axeCfg("resource \"privatenumber_axe_binding\" \"m\" {\n" + body + "\n}\n"),
			PlanOnly:    true,
			ExpectError: re,
		}
	}
	a := fmt.Sprintf("a_number = %q\n", axeA1)
	x := fmt.Sprintf("x_number = %q\n", axeX(1))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		CheckDestroy:             env.checkDestroyed,
		Steps: []resource.TestStep{
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
			bad(a+x+`callback_lifetime_minutes = 0`, wrapRE("callback_lifetime_minutes", "between 1")),
			bad(a+x+`user_data = "{json}"`, wrapRE("Invalid user data", "user_data =", "must not contain { or }")),
			{
				PreConfig: func() {
					// Every step above failed at plan time: nothing reached the platform.
					if err := env.checkNoRequests()(nil); err != nil {
						t.Fatal(err)
					}
				},
				Config: env.axeCfg("resource \"privatenumber_axe_binding\" \"m\" {\n" + a + x + "}\n"),
			},
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
	emu, err := emulator.New(cfg)
	if err != nil {
		t.Fatalf("starting emulator: %v", err)
	}
	srv := httptest.NewServer(emu)
	t.Cleanup(func() {
		srv.Close()
		emu.Close()
	})
	return &accEnv{t: t, emu: emu, server: srv}
}

// TestAccAXEBinding_extensionConflicts: a full X (1020167) and a requested
// extension already taken (1016002) say which X and extension, and what to do.
func TestAccAXEBinding_extensionConflicts(t *testing.T) {
	env := newAXEAccEnvDigits(t, 1)
	env.axeSeed(t, axeX(1), 9) // every extension of X1 taken
	if _, err := env.axeClient(t).BindAXE(context.Background(), client.AXEBindRequest{
		ANumber: axeA3, XNumber: axeX(2), Extension: "5", TimeUnit: client.TimeUnitMinutes, CallbackExpiredTime: 60,
	}); err != nil {
		t.Fatal(err)
	}
	seeded := len(env.emu.Bindings("", "AXE"))
	res := func(x, ext string) string {
		s := fmt.Sprintf("resource \"privatenumber_axe_binding\" \"m\" {\n  a_number = %q\n  x_number = %q\n", axeA1, x)
		if ext != "" {
			s += fmt.Sprintf("  extension = %q\n", ext)
		}
		return env.axeCfg(s + "}\n")
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		CheckDestroy: func(*terraform.State) error {
			for _, b := range env.emu.Bindings("", "AXE") {
				if b.ANumber == axeA1 {
					return fmt.Errorf("binding %s of %s left after destroy", b.SubscriptionID, axeA1)
				}
			}
			if n := len(env.emu.Bindings("", "AXE")); n != seeded {
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
					axeStr("privatenumber_axe_binding.m", "extension", knownvalue.StringExact("1")),
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
	two := fmt.Sprintf(`
resource "privatenumber_axe_binding" "m1" {
  a_number = %q
  x_number = %q
}
resource "privatenumber_axe_binding" "m2" {
  a_number  = %q
  x_number  = %q
  extension = "050"
}
`, axeA1, axeX(1), axeA2, axeX(2))
	binds := func() int { return env.emu.Stats().Requests["AXE.bind"] }
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		CheckDestroy:             env.checkDestroyed,
		Steps: []resource.TestStep{
			{
				PreConfig: func() {
					if err := env.emu.SetFaults(emulator.Faults{Rules: []emulator.FaultRule{{Operation: "AXE.bind", Kind: "drop_response_after_commit"}}}); err != nil {
						t.Fatal(err)
					}
				},
				Config: env.axeCfg(two),
				ConfigStateChecks: []statecheck.StateCheck{
					axeStr("privatenumber_axe_binding.m1", "extension", knownvalue.StringExact("001")),
					axeStr("privatenumber_axe_binding.m2", "extension", knownvalue.StringExact("050")),
				},
				Check: resource.ComposeTestCheckFunc(
					env.checkAXEOnPlatform("privatenumber_axe_binding.m1"),
					env.checkAXEOnPlatform("privatenumber_axe_binding.m2"),
					func(*terraform.State) error {
						if n := binds(); n != 2 {
							return fmt.Errorf("%d binds sent, want 2 (adopted, never re-sent)", n)
						}
						if n := len(env.emu.Bindings("", "AXE")); n != 2 {
							return fmt.Errorf("%d bindings on the platform, want 2", n)
						}
						return nil
					}),
			},
			{
				Config: env.axeCfg(two + fmt.Sprintf(`
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
					for _, b := range env.emu.Bindings("", "AXE") {
						if b.ANumber == axeA3 {
							if err := env.emu.DeleteBinding(b.SubscriptionID); err != nil {
								t.Fatal(err)
							}
						}
					}
				},
				Config:           env.axeCfg(two),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
		},
	})
}

// TestAccAXEBinding_importHourUnit: a binding made elsewhere with its
// lifetimes in hours imports in minutes, keeps an empty plan, and updates in
// the unit the platform holds.
func TestAccAXEBinding_importHourUnit(t *testing.T) {
	env := newAccEnv(t)
	const addr = "privatenumber_axe_binding.m"
	res, err := env.axeClient(t).BindAXE(context.Background(), client.AXEBindRequest{
		ANumber: axeA1, XNumber: axeX(1), Extension: "300", TimeUnit: client.TimeUnitHours, BindExpiredTime: 2, CallbackExpiredTime: 1,
	})
	if err != nil {
		t.Fatal(err)
	}
	cfg := func(lifetime, callback int) string {
		return env.axeCfg(fmt.Sprintf(`
resource "privatenumber_axe_binding" "m" {
  a_number                  = %q
  x_number                  = %q
  extension                 = "300"
  lifetime_minutes          = %d
  callback_lifetime_minutes = %d
}
`, axeA1, axeX(1), lifetime, callback))
	}
	platform := func(want map[string]string) resource.TestCheckFunc {
		return func(*terraform.State) error {
			b := env.axeOnly(t)
			for k, v := range want {
				if got := axeField(b, k); got != v {
					return fmt.Errorf("platform %s = %q, want %q", k, got, v)
				}
			}
			return nil
		}
	}
	sameID := statecheck.CompareValue(compare.ValuesSame())
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		CheckDestroy:             env.checkDestroyed,
		Steps: []resource.TestStep{
			{
				Config:             cfg(120, 60),
				ResourceName:       addr,
				ImportState:        true,
				ImportStateId:      axeX(1) + "/300",
				ImportStatePersist: true,
				ImportStateCheck: func(s []*terraform.InstanceState) error {
					if len(s) != 1 || s[0].ID != res.SubscriptionID || s[0].Attributes["lifetime_minutes"] != "120" || s[0].Attributes["callback_lifetime_minutes"] != "60" {
						return fmt.Errorf("imported %+v", s)
					}
					return nil
				},
			},
			{
				Config:           cfg(120, 60),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
			{
				Config: cfg(120, 180),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{sameID.AddStateValue(addr, tfjsonpath.New("id"))},
				Check:             platform(map[string]string{"timeUnit": "0", "callbackExpiredTime": "3"}),
			},
			{
				Config: cfg(120, 90),
				// 90 minutes is not a whole number of hours for a binding kept in hours.
				ExpectError: wrapRE("Callback lifetime not in whole hours", "multiple of 60"),
			},
			{
				// A lifetime change switches the binding to minutes, callback lifetime included.
				Config: cfg(240, 90),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(addr, tfjsonpath.New("id")),
					axeStr(addr, "lifetime_minutes", knownvalue.Int64Exact(240)),
					axeStr(addr, "callback_lifetime_minutes", knownvalue.Int64Exact(90)),
				},
				Check: resource.ComposeTestCheckFunc(
					platform(map[string]string{"timeUnit": "1", "bindExpiredTime": "240", "callbackExpiredTime": "90"}),
					axeCheckExpiry(env, t, 240*time.Minute)),
			},
			{
				Config:           cfg(240, 90),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
		},
	})
}

// TestAccAXEBinding_importWithAreaCode: a binding imported into a
// configuration that picks X by area code keeps its X and extension: the
// first plan only records area_code, without a request.
func TestAccAXEBinding_importWithAreaCode(t *testing.T) {
	env := newAccEnv(t)
	const addr = "privatenumber_axe_binding.m"
	res, err := env.axeClient(t).BindAXE(context.Background(), client.AXEBindRequest{
		ANumber: axeA1, XNumber: axeX010(3), TimeUnit: client.TimeUnitMinutes, CallbackExpiredTime: 1440,
	})
	if err != nil {
		t.Fatal(err)
	}
	cfg := env.axeCfg(fmt.Sprintf(`
resource "privatenumber_axe_binding" "m" {
  a_number  = %q
  area_code = "010"
}
`, axeA1))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		CheckDestroy:             env.checkDestroyed,
		Steps: []resource.TestStep{
			{
				Config:             cfg,
				ResourceName:       addr,
				ImportState:        true,
				ImportStateId:      axeX010(3) + "/" + res.Extension,
				ImportStatePersist: true,
			},
			{
				PreConfig: env.emu.ResetStats,
				Config:    cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					axeStr(addr, "id", knownvalue.StringExact(res.SubscriptionID)),
					axeStr(addr, "x_number", knownvalue.StringExact(axeX010(3))),
					axeStr(addr, "area_code", knownvalue.StringExact("010")),
				},
				Check: func(*terraform.State) error {
					if n := env.emu.Stats().Requests["AXE.modify"] + env.emu.Stats().Requests["AXE.bind"]; n != 0 {
						return fmt.Errorf("recording area_code sent %d bind/modify requests", n)
					}
					return nil
				},
			},
		},
	})
}
