package provider

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/privnum/terraform-provider-privatenumber/internal/emulator"
)

const (
	axbType = "privatenumber_axb_binding"
	axbAddr = axbType + ".test"
)

// Real numbers of the test parties (A and B sides).
func axbA(n int) string { return fmt.Sprintf("+86138000000%02d", n) }
func axbB(n int) string { return fmt.Sprintf("+86139000000%02d", n) }

// axbConfig is the AXB provider block and one binding "test" with attrs.
func axbConfig(env *accEnv, attrs map[string]string) string {
	return env.config("AXB", resourceHCL(axbType, "test", attrs))
}

// axbView is what the state of an AXB binding says, by attribute, for a
// platform binding: every attribute a user sees must be what the platform holds.
func axbView(b emulator.AdminBinding) map[string]string {
	pre, _ := b.Fields["preVoice"].(map[string]any)
	return map[string]string{
		"x_number": b.XNumber, "a_number": b.ANumber, "b_number": b.BNumber,
		"call_direction": map[string]string{"0": "both", "1": "a_to_b", "2": "b_to_a"}[fieldText(b, "callDirection")],
		"lifetime":       durationText(b, "duration", time.Second), "expires_at": expiresText(b),
		"record_calls": fieldText(b, "recordFlag"), "record_hint_tone": fieldText(b, "recordHintTone"),
		"max_call_minutes": fieldText(b, "maxDuration"), "last_minute_tone": fieldText(b, "lastMinVoice"),
		"sms_enabled": fieldText(b, "privateSms"), "a_hint_tone": anyText(pre["callerHintTone"]),
		"b_hint_tone": anyText(pre["calleeHintTone"]), "user_data": fieldText(b, "userData"),
	}
}

// Create on a given X with every optional attribute left out: the defaults are
// what the user reads in state and what the platform holds; the next plan is
// empty; import by id, by X/A/B and with an import block gives the same state.
func TestAccAXBBinding_basic(t *testing.T) {
	env := newAccEnv(t)
	x := testNumber("AXB", "0755", 1)
	cfg := axbConfig(env, map[string]string{
		"x_number": hq(x), "a_number": hq(axbA(1)), "b_number": hq(axbB(1)),
	})
	env.run([]resource.TestStep{
		{
			Config: cfg,
			ConfigPlanChecks: planIs(axbAddr, actCreate,
				plannedIs(axbAddr, "x_number", knownvalue.StringExact(x)),
				plannedIs(axbAddr, "expires_at", knownvalue.Null()),
			),
			ConfigStateChecks: []statecheck.StateCheck{
				attrIs(axbAddr, "id", knownvalue.NotNull()),
				attrIs(axbAddr, "x_number", knownvalue.StringExact(x)),
				attrIs(axbAddr, "a_number", knownvalue.StringExact(axbA(1))),
				attrIs(axbAddr, "b_number", knownvalue.StringExact(axbB(1))),
				attrIs(axbAddr, "area_code", knownvalue.Null()),
				attrIs(axbAddr, "area_match_mode", knownvalue.StringExact("strict")),
				attrIs(axbAddr, "call_direction", knownvalue.StringExact("both")),
				attrIs(axbAddr, "lifetime", knownvalue.StringExact("0s")),
				attrIs(axbAddr, "expires_at", knownvalue.Null()),
				attrIs(axbAddr, "record_calls", knownvalue.Bool(false)),
				attrIs(axbAddr, "record_hint_tone", knownvalue.Null()),
				attrIs(axbAddr, "max_call_minutes", knownvalue.Int64Exact(0)),
				attrIs(axbAddr, "last_minute_tone", knownvalue.Null()),
				attrIs(axbAddr, "sms_enabled", knownvalue.Bool(true)),
				attrIs(axbAddr, "a_hint_tone", knownvalue.Null()),
				attrIs(axbAddr, "b_hint_tone", knownvalue.Null()),
				attrIs(axbAddr, "user_data", knownvalue.Null()),
			},
			Check: env.checkHoldsState("AXB", axbView),
		},
		{Config: cfg, ConfigPlanChecks: emptyPlan()},
		// terraform import ADDR <subscriptionId>
		{ResourceName: axbAddr, ImportState: true, ImportStateVerify: true},
		// terraform import ADDR X/A/B: a binding made before Terraform
		{
			ResourceName: axbAddr, ImportState: true, ImportStateVerify: true,
			ImportStateId: x + "/" + axbA(1) + "/" + axbB(1),
		},
		// import {} blocks, both formats: the plan is a no-op import
		{ResourceName: axbAddr, ImportState: true, ImportStateKind: resource.ImportBlockWithID},
		{
			ResourceName: axbAddr, ImportState: true, ImportStateKind: resource.ImportBlockWithID,
			ImportStateId: x + "/" + axbA(1) + "/" + axbB(1),
		},
	})
}

// Every attribute set at create; import reproduces the state.
func TestAccAXBBinding_allAttributes(t *testing.T) {
	env := newAccEnv(t)
	x := testNumber("AXB", "010", 2)
	cfg := axbConfig(env, map[string]string{
		"x_number": hq(x), "a_number": hq(axbA(1)), "b_number": hq(axbB(1)),
		"call_direction": hq("b_to_a"), "lifetime": hq("24h"), "record_calls": "true",
		"record_hint_tone": hq("recording.wav"), "max_call_minutes": "60", "last_minute_tone": hq("last-minute.wav"),
		"sms_enabled": "false", "a_hint_tone": hq("a_hint.wav"), "b_hint_tone": hq("b@hint.wav"),
		"user_data": hq("order=42;shop=7"),
	})
	env.run([]resource.TestStep{
		{
			Config: cfg,
			ConfigPlanChecks: planIs(axbAddr, actCreate,
				plannedUnknown(axbAddr, "expires_at"),
			),
			ConfigStateChecks: []statecheck.StateCheck{
				attrIs(axbAddr, "call_direction", knownvalue.StringExact("b_to_a")),
				attrIs(axbAddr, "lifetime", knownvalue.StringExact("24h")),
				attrIs(axbAddr, "expires_at", knownvalue.StringFunc(func(v string) error {
					at, err := time.Parse(time.RFC3339, v)
					if err != nil {
						return err
					}
					if d := at.Sub(env.emu.Now()); d < 85800*time.Second || d > 86400*time.Second {
						return fmt.Errorf("expires_at %s is not one day after the bind", v)
					}
					return nil
				})),
				attrIs(axbAddr, "record_calls", knownvalue.Bool(true)),
				attrIs(axbAddr, "sms_enabled", knownvalue.Bool(false)),
				attrIs(axbAddr, "user_data", knownvalue.StringExact("order=42;shop=7")),
			},
			Check: env.checkOnPlatform(axbAddr, "AXB", axbView),
		},
		{ResourceName: axbAddr, ImportState: true, ImportStateVerify: true},
	})
}

// Each field the modify API changes (§4.3) updates in place: same id, the
// platform holds the new value, the next plan is empty. expires_at is unknown
// in the plan only when the lifetime changes.
func TestAccAXBBinding_updateInPlace(t *testing.T) {
	env := newAccEnv(t)
	x := testNumber("AXB", "0755", 2)
	sameID := sameAcrossSteps()
	base := map[string]string{"x_number": hq(x), "a_number": hq(axbA(1)), "b_number": hq(axbB(1))}
	type change struct {
		name   string
		set    map[string]string
		checks []plancheck.PlanCheck
	}
	expiresKnown := plannedIs(axbAddr, "expires_at", knownvalue.NotNull())
	changes := []change{
		{name: "a_number", set: map[string]string{"a_number": hq(axbA(2))}},
		{name: "b_number", set: map[string]string{"b_number": hq(axbB(2))}},
		{name: "call_direction", set: map[string]string{"call_direction": hq("a_to_b")}},
		{name: "lifetime", set: map[string]string{"lifetime": hq("1h")},
			checks: []plancheck.PlanCheck{plannedUnknown(axbAddr, "expires_at")}},
		{name: "max_call_minutes", set: map[string]string{"max_call_minutes": "30"}, checks: []plancheck.PlanCheck{expiresKnown}},
		{name: "last_minute_tone", set: map[string]string{"last_minute_tone": hq("lastmin.wav")}, checks: []plancheck.PlanCheck{expiresKnown}},
		{name: "sms_enabled", set: map[string]string{"sms_enabled": "false"}, checks: []plancheck.PlanCheck{expiresKnown}},
		{name: "record_calls", set: map[string]string{"record_calls": "true"}, checks: []plancheck.PlanCheck{expiresKnown}},
		{name: "a_hint_tone", set: map[string]string{"a_hint_tone": hq("a-hint.wav")}, checks: []plancheck.PlanCheck{expiresKnown}},
		{name: "b_hint_tone", set: map[string]string{"b_hint_tone": hq("b-hint.wav")}, checks: []plancheck.PlanCheck{expiresKnown}},
		{name: "lifetime restarts the clock", set: map[string]string{"lifetime": hq("2h")},
			checks: []plancheck.PlanCheck{plannedUnknown(axbAddr, "expires_at")}},
		// Everything back to the defaults at once: still one modify.
		{name: "defaults", set: map[string]string{"call_direction": "", "lifetime": "", "max_call_minutes": "",
			"last_minute_tone": "", "sms_enabled": "", "record_calls": "", "a_hint_tone": "", "b_hint_tone": ""},
			checks: []plancheck.PlanCheck{plannedIs(axbAddr, "expires_at", knownvalue.Null())}},
	}
	steps := []resource.TestStep{{
		Config:            axbConfig(env, base),
		ConfigStateChecks: []statecheck.StateCheck{valueOf(sameID, axbAddr, "id")},
	}}
	attrs := base
	for _, c := range changes {
		attrs = withAttrs(attrs, c.set)
		var lifetimeBefore time.Time
		steps = append(steps, resource.TestStep{
			PreConfig:         func() { lifetimeBefore = env.emu.Now() },
			Config:            axbConfig(env, attrs),
			ConfigPlanChecks:  planIs(axbAddr, actUpdate, c.checks...),
			ConfigStateChecks: []statecheck.StateCheck{valueOf(sameID, axbAddr, "id")},
			Check: resource.ComposeTestCheckFunc(env.checkHoldsState("AXB", axbView),
				func(s *terraform.State) error {
					// A lifetime change restarts the clock from the modify.
					if !strings.HasPrefix(c.name, "lifetime") {
						return nil
					}
					at, err := time.Parse(time.RFC3339, s.RootModule().Resources[axbAddr].Primary.Attributes["expires_at"])
					if err != nil {
						return fmt.Errorf("%s: expires_at: %w", c.name, err)
					}
					lifetime, err := time.ParseDuration(strings.Trim(c.set["lifetime"], `"`))
					if err != nil {
						return err
					}
					if at.Before(lifetimeBefore.Truncate(time.Second).Add(lifetime)) {
						return fmt.Errorf("%s: expires_at %s is not counted from the change", c.name, at)
					}
					return nil
				}),
		})
	}
	env.run(steps)
}

// Every change the modify API cannot make replaces the binding: a new id, the
// old binding gone from the platform.
func TestAccAXBBinding_replace(t *testing.T) {
	env := newAccEnv(t)
	newID := newEachStep()
	base := map[string]string{"x_number": hq(testNumber("AXB", "0755", 3)), "a_number": hq(axbA(1)), "b_number": hq(axbB(1))}
	steps := []resource.TestStep{{
		Config:            axbConfig(env, base),
		ConfigStateChecks: []statecheck.StateCheck{valueOf(newID, axbAddr, "id")},
	}}
	attrs := base
	replace := actDestroyCreate
	for _, change := range []struct {
		set    map[string]string
		action plancheck.ResourceActionType
	}{
		{map[string]string{"x_number": hq(testNumber("AXB", "0755", 4))}, replace},
		{map[string]string{"record_hint_tone": hq("recording.wav")}, replace},
		{map[string]string{"record_hint_tone": hq("recording-2.wav")}, replace},
		{map[string]string{"user_data": hq("ticket=1")}, replace},
		{map[string]string{"user_data": hq("ticket=2")}, replace},
		{map[string]string{"user_data": ""}, replace},
		// x_number to area_code: the provider cannot know the bound X's city,
		// so it records the area and keeps the binding (same id, no request).
		{map[string]string{"x_number": "", "area_code": hq("010")}, actUpdate},
		// From one city to another: a new X.
		{map[string]string{"area_code": hq("0755")}, replace},
		{map[string]string{"area_match_mode": hq("fallback")}, replace},
	} {
		attrs = withAttrs(attrs, change.set)
		var idCheck []statecheck.StateCheck // an update keeps the id (ExpectResourceAction update)
		if change.action == replace {
			idCheck = []statecheck.StateCheck{valueOf(newID, axbAddr, "id")}
		}
		steps = append(steps, resource.TestStep{
			Config:            axbConfig(env, attrs),
			ConfigPlanChecks:  planIs(axbAddr, change.action),
			ConfigStateChecks: idCheck,
			Check:             env.checkHoldsState("AXB", axbView),
		})
	}
	env.run(steps)
}

// area_code: the platform picks X, x_number holds it and stays known; writing
// that X into x_number in place of area_code keeps the binding (same id).
func TestAccAXBBinding_areaCode(t *testing.T) {
	env := newAccEnv(t)
	var picked string
	sameID := sameAcrossSteps()
	inArea := func(area string) knownvalue.Check {
		return knownvalue.StringFunc(func(v string) error {
			for i := 1; i <= testPoolSize; i++ {
				if v == testNumber("AXB", area, i) {
					picked = v
					return nil
				}
			}
			return fmt.Errorf("x_number %s is not a number of area %s", v, area)
		})
	}
	byArea := axbConfig(env, map[string]string{
		"area_code": hq("0755"), "a_number": hq(axbA(1)), "b_number": hq(axbB(1)), "sms_enabled": "false",
	})
	byX := env.providerConfig("AXB") + `
variable "x" { type = string }
` + resourceHCL(axbType, "test", map[string]string{
		"x_number": "var.x", "a_number": hq(axbA(1)), "b_number": hq(axbB(1)), "sms_enabled": "false",
	})
	env.run([]resource.TestStep{
		{
			Config: byArea,
			ConfigPlanChecks: planIs(axbAddr, actCreate,
				plannedUnknown(axbAddr, "x_number"),
			),
			ConfigStateChecks: []statecheck.StateCheck{
				attrIs(axbAddr, "x_number", inArea("0755")),
				attrIs(axbAddr, "area_code", knownvalue.StringExact("0755")),
				attrIs(axbAddr, "area_match_mode", knownvalue.StringExact("strict")),
				valueOf(sameID, axbAddr, "id"),
			},
			Check: env.checkOnPlatform(axbAddr, "AXB", axbView),
		},
		// Later plans show the picked X, not "known after apply".
		{
			Config: byArea,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectEmptyPlan(),
				plannedIs(axbAddr, "x_number", inArea("0755")),
			}},
		},
		// Import of a binding whose X was picked: area_code and area_match_mode
		// are configuration only (the platform does not report which area a
		// number was picked from), everything else matches.
		{
			ResourceName: axbAddr, ImportState: true, ImportStateVerify: true,
			ImportStateVerifyIgnore: []string{"area_code", "area_match_mode"},
		},
		// The picked X written into x_number, area_code removed: no replacement.
		{
			Config:           byX,
			ConfigVariables:  config.Variables{"x": lazyString{&picked}},
			ConfigPlanChecks: planIs(axbAddr, actUpdate),
			ConfigStateChecks: []statecheck.StateCheck{
				valueOf(sameID, axbAddr, "id"),
				attrIs(axbAddr, "area_code", knownvalue.Null()),
			},
			Check: env.checkHoldsState("AXB", axbView),
		},
		{Config: byX, ConfigVariables: config.Variables{"x": lazyString{&picked}}, ConfigPlanChecks: emptyPlan()},
	})
}

// Changes made outside Terraform show in the next plan: unbound elsewhere →
// create; a field changed elsewhere → update back; expired → create.
func TestAccAXBBinding_drift(t *testing.T) {
	env := newAccEnv(t)
	cfg := axbConfig(env, map[string]string{
		"x_number": hq(testNumber("AXB", "0755", 1)), "a_number": hq(axbA(1)), "b_number": hq(axbB(1)),
		"lifetime": hq("1h"), "max_call_minutes": "10",
	})
	var id string
	env.run([]resource.TestStep{
		{Config: cfg, Check: captureID(axbAddr, &id)},
		env.recreatedStep(env.disappears(&id), cfg, axbAddr, &id, env.checkHoldsState("AXB", axbView)),
		{
			PreConfig: env.patched(&id, map[string]any{"callDirection": 2, "maxDuration": 20, "privateSms": "false", "calleeNum": axbB(9)}),
			Config:    cfg,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(axbAddr, actUpdate),
				// what the user is told will change back
				plannedIs(axbAddr, "b_number", knownvalue.StringExact(axbB(1))),
				plannedIs(axbAddr, "call_direction", knownvalue.StringExact("both")),
			}},
			Check: resource.ComposeTestCheckFunc(env.checkHoldsState("AXB", axbView),
				func(s *terraform.State) error {
					if got := s.RootModule().Resources[axbAddr].Primary.ID; got != id {
						return fmt.Errorf("the update back replaced the binding: id %s, was %s", got, id)
					}
					return nil
				}),
		},
		env.recreatedStep(env.later(3601*time.Second), cfg, axbAddr, &id, env.checkHoldsState("AXB", axbView)),
	})
}

// Platform refusals reach the user in their terms, with the numbers involved and the result code.
func TestAccAXBBinding_platformErrors(t *testing.T) {
	env := newAccEnv(t)
	x := testNumber("AXB", "0755", 5)
	first := resourceHCL(axbType, "first", map[string]string{"x_number": hq(x), "a_number": hq(axbA(1)), "b_number": hq(axbB(1))})
	env.run([]resource.TestStep{
		{
			// The same A twice on one X.
			Config: env.providerConfig("AXB") + first + resourceHCL(axbType, "test", map[string]string{
				"x_number": hq(x), "a_number": hq(axbA(1)), "b_number": hq(axbB(2)),
				"depends_on": "[privatenumber_axb_binding.first]",
			}),
			ExpectError: wrapPattern(`(?s)X \` + x + ` already carries a_number \` + axbA(1) + ` or b_number\s+\` + axbB(2) + `.*AXB allows\s+each number once per X.*1012010`),
		},
		{
			// An area without a free number.
			Config: env.providerConfig("AXB") + first + resourceHCL(axbType, "test", map[string]string{
				"area_code": hq("0571"), "a_number": hq(axbA(3)), "b_number": hq(axbB(3)),
			}),
			ExpectError: wrapPattern(`(?s)Area 0571 has no free number.*area_match_mode\s*=\s*"fallback".*another\s+area_code.*1012008`),
		},
		{
			// An X that is not the application's.
			Config: env.providerConfig("AXB") + first + resourceHCL(axbType, "test", map[string]string{
				"x_number": hq("+8617099999999"), "a_number": hq(axbA(3)), "b_number": hq(axbB(3)),
			}),
			ExpectError: wrapPattern(`(?s)X \+8617099999999 is not one of this\s+application's numbers.*1012001`),
		},
		{
			Config: env.providerConfig("AXB") + first + resourceHCL(axbType, "test", map[string]string{
				"x_number": hq(x), "a_number": hq(axbA(3)), "b_number": hq(axbB(3)),
			}),
			Check: env.checkCount("AXB", 2),
		},
		{
			// An update that would put B on X twice.
			Config: env.providerConfig("AXB") + first + resourceHCL(axbType, "test", map[string]string{
				"x_number": hq(x), "a_number": hq(axbA(3)), "b_number": hq(axbB(1)),
			}),
			ExpectError: wrapPattern(`(?s)Could not update the AXB binding.*X \` + x + ` already carries a_number \` + axbA(3) + ` or b_number \` + axbB(1) + `.*1012010`),
		},
		{Config: env.providerConfig("AXB") + first, Check: env.checkCount("AXB", 1)},
	})
}

// Every validation error is reported at plan time, names the attribute and the
// fix, and no request reaches the platform.
func TestAccAXBBinding_validation(t *testing.T) {
	env := newAccEnv(t)
	x := testNumber("AXB", "0755", 1)
	valid := map[string]string{"x_number": hq(x), "a_number": hq(axbA(1)), "b_number": hq(axbB(1))}
	cases := []struct {
		set  map[string]string
		want string
	}{
		{map[string]string{"a_number": hq("13800000001")}, `a_number "13800000001" is not in global format; start\s+with "\+" and the country code`},
		{map[string]string{"b_number": hq("+86 139 0000 0001")}, `b_number "\+86 139 0000 0001" contains spaces`},
		{map[string]string{"x_number": hq("+86")}, `x_number "\+86" is not in global format`},
		{map[string]string{"b_number": hq("+864001234567")}, `b_number "\+864001234567" is a 400 number; the platform\s+cannot bind 400 or 95 numbers`},
		{map[string]string{"a_number": hq("+8695555")}, `a_number "\+8695555" is a 95 number`},
		{map[string]string{"b_number": hq(axbA(1))}, `(?s)a_number and b_number are the same.*Set b_number to the other party's number`},
		{map[string]string{"x_number": ""}, `(?s)Missing x_number or area_code.*set x_number.*or set\s+area_code`},
		{map[string]string{"area_code": hq("0755")}, `(?s)Conflicting x_number and area_code.*Set exactly one of them`},
		{map[string]string{"x_number": "", "area_code": hq("755")}, `area_code "755" is not a city code: write 3 or 4 digits with\s+the leading 0`},
		{map[string]string{"area_match_mode": hq("fallback")}, `(?s)area_match_mode without area_code.*Remove area_match_mode`},
		{map[string]string{"x_number": "", "area_code": hq("0755"), "area_match_mode": hq("loose")}, `(?s)area_match_mode.*value must be one of`},
		{map[string]string{"call_direction": hq("a_b")}, `(?s)call_direction.*value must be one of.*"both"`},
		{map[string]string{"lifetime": hq("2160h1s")}, `(?s)lifetime = "2160h1s" is outside what the platform allows.*to "2160h", or "0s"\s+\(permanent\)`},
		{map[string]string{"lifetime": hq("-1s")}, `(?s)lifetime = "-1s" is negative`},
		{map[string]string{"lifetime": hq("30d")}, `(?s)lifetime = "30d" is not a duration.*"720h" for 30 days`},
		{map[string]string{"lifetime": hq("1500ms")}, `(?s)lifetime = "1500ms" is not a whole number of seconds`},
		{map[string]string{"renew_before": hq("24h")}, `(?s)renew_before does not fit the lifetime.*this binding is permanent`},
		{map[string]string{"lifetime": hq("24h"), "renew_before": hq("24h")}, `(?s)renew_before = "24h" is not shorter than lifetime = "24h"`},
		{map[string]string{"max_call_minutes": "1441"}, `(?s)max_call_minutes.*must be between 0 and 1440`},
		{map[string]string{"last_minute_tone": hq("last.wav")}, `(?s)last_minute_tone without a call limit.*Set\s+max_call_minutes \(1 to 1440\) or remove last_minute_tone`},
		{map[string]string{"last_minute_tone": hq("last.wav"), "max_call_minutes": "0"}, `(?s)last_minute_tone without a call limit`},
		{map[string]string{"user_data": hq("{\"order\":1}")}, `user_data must not contain { or }`},
		{map[string]string{"user_data": hq(strings.Repeat("u", 257))}, `user_data is 257 characters long; the platform accepts at\s+most 256`},
		{map[string]string{"a_hint_tone": hq("hello world.wav")}, `a_hint_tone "hello world.wav" is not a playback file name`},
	}
	var steps []resource.TestStep
	for _, c := range cases {
		steps = append(steps, resource.TestStep{
			Config:      axbConfig(env, withAttrs(valid, c.set)),
			PlanOnly:    true,
			ExpectError: wrapPattern(c.want),
		})
	}
	// Not the last step: a configuration without bindings, and still no request.
	steps = append(steps, resource.TestStep{Config: env.providerConfig("AXB"), Check: env.checkNoRequests()})
	env.run(steps)
}

// A lost bind answer: with x_number the binding is found by X+A+B and adopted
// (one binding, one bind request); with area_code the user is told a binding
// may exist and how to find it, and the bind is not sent again.
func TestAccAXBBinding_unknownOutcome(t *testing.T) {
	env := newAccEnv(t)
	dropBind := func() {
		env.fault("AXB.bind", "drop_response_after_commit")
		env.emu.ResetStats()
	}
	binds := func(want int) resource.TestCheckFunc {
		return func(*terraform.State) error {
			if got := env.requests("AXB.bind"); got != want {
				return fmt.Errorf("the platform saw %d bind requests, want %d", got, want)
			}
			return nil
		}
	}
	byX := axbConfig(env, map[string]string{
		"x_number": hq(testNumber("AXB", "0755", 1)), "a_number": hq(axbA(1)), "b_number": hq(axbB(1)),
	})
	byArea := axbConfig(env, map[string]string{
		"area_code": hq("010"), "a_number": hq(axbA(2)), "b_number": hq(axbB(2)),
	})
	env.run([]resource.TestStep{
		{
			PreConfig: dropBind,
			Config:    byX,
			Check:     resource.ComposeTestCheckFunc(env.checkCount("AXB", 1), binds(1), env.checkOnPlatform(axbAddr, "AXB", axbView)),
		},
		{Config: byX, ConfigPlanChecks: emptyPlan()},
		{
			PreConfig: func() {
				env.emu.ClearFaults()
				if err := env.emu.DeleteBinding(env.bindings("AXB")[0].SubscriptionID); err != nil {
					t.Fatal(err)
				}
				dropBind()
			},
			Config: byArea,
			ExpectError: wrapPattern(`(?s)The AXB binding may exist.*a_number \` + axbA(2) + ` and b_number \` + axbB(2) +
				` in area_code 010.*privatenumber_axb_bindings.*X/\` + axbA(2) + `/\` + axbB(2)),
		},
		{
			PreConfig: func() {
				if got := env.requests("AXB.bind"); got != 1 {
					t.Errorf("the platform saw %d bind requests after the lost answer, want exactly 1", got)
				}
				left := env.bindings("AXB")
				if len(left) != 1 || left[0].ANumber != axbA(2) {
					t.Fatalf("want the one binding the lost bind made, got %v", left)
				}
				// The user finds and removes it, as the diagnostic says, and applies again.
				env.emu.ClearFaults()
				if err := env.emu.DeleteBinding(left[0].SubscriptionID); err != nil {
					t.Fatal(err)
				}
			},
			Config: byArea,
			Check:  resource.ComposeTestCheckFunc(env.checkCount("AXB", 1), env.checkOnPlatform(axbAddr, "AXB", axbView)),
		},
	})
}
