package provider

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/privnum/terraform-provider-privatenumber/internal/emulator"
)

// axbErrRE compiles a pattern in which every space also matches a line break:
// the engine wraps diagnostics to its terminal width.
func axbErrRE(pattern string) *regexp.Regexp {
	return regexp.MustCompile(strings.ReplaceAll(pattern, " ", `\s+`))
}

func axbPlanAction(addr string, a plancheck.ResourceActionType) resource.ConfigPlanChecks {
	return resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, a)}}
}

func axbEmptyPlan() resource.ConfigPlanChecks {
	return resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}}
}

func axbAttr(addr, name string, v knownvalue.Check) statecheck.StateCheck {
	return statecheck.ExpectKnownValue(addr, tfjsonpath.New(name), v)
}

// Create on a given X with every optional attribute left out: the defaults are
// what the user reads in state and what the platform holds; the next plan is
// empty; import by id, by X/A/B and with an import block gives the same state.
func TestAccAXBBinding_basic(t *testing.T) {
	env := newAccEnv(t)
	x := testNumber("AXB", "0755", 1)
	cfg := env.providerConfig("AXB") + axbResource("test", map[string]string{
		"x_number": axbQ(x), "a_number": axbQ(axbA(1)), "b_number": axbQ(axbB(1)),
	})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		CheckDestroy:             env.checkDestroyed,
		Steps: []resource.TestStep{
			{
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(axbAddr, plancheck.ResourceActionCreate),
					plancheck.ExpectKnownValue(axbAddr, tfjsonpath.New("x_number"), knownvalue.StringExact(x)),
					plancheck.ExpectKnownValue(axbAddr, tfjsonpath.New("expires_at"), knownvalue.Null()),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					axbAttr(axbAddr, "id", knownvalue.NotNull()),
					axbAttr(axbAddr, "x_number", knownvalue.StringExact(x)),
					axbAttr(axbAddr, "a_number", knownvalue.StringExact(axbA(1))),
					axbAttr(axbAddr, "b_number", knownvalue.StringExact(axbB(1))),
					axbAttr(axbAddr, "area_code", knownvalue.Null()),
					axbAttr(axbAddr, "area_match_mode", knownvalue.StringExact("strict")),
					axbAttr(axbAddr, "call_direction", knownvalue.StringExact("both")),
					axbAttr(axbAddr, "lifetime_seconds", knownvalue.Int64Exact(0)),
					axbAttr(axbAddr, "expires_at", knownvalue.Null()),
					axbAttr(axbAddr, "record_calls", knownvalue.Bool(false)),
					axbAttr(axbAddr, "record_hint_tone", knownvalue.Null()),
					axbAttr(axbAddr, "max_call_minutes", knownvalue.Int64Exact(0)),
					axbAttr(axbAddr, "last_minute_tone", knownvalue.Null()),
					axbAttr(axbAddr, "sms_enabled", knownvalue.Bool(true)),
					axbAttr(axbAddr, "a_hint_tone", knownvalue.Null()),
					axbAttr(axbAddr, "b_hint_tone", knownvalue.Null()),
					axbAttr(axbAddr, "user_data", knownvalue.Null()),
				},
				Check: resource.ComposeTestCheckFunc(env.axbCheckPlatform(axbAddr), env.axbCheckCount(1)),
			},
			{Config: cfg, ConfigPlanChecks: axbEmptyPlan()},
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
		},
	})
}

// Every attribute set at create; import reproduces the state.
func TestAccAXBBinding_allAttributes(t *testing.T) {
	env := newAccEnv(t)
	x := testNumber("AXB", "010", 2)
	cfg := env.providerConfig("AXB") + axbResource("test", map[string]string{
		"x_number": axbQ(x), "a_number": axbQ(axbA(1)), "b_number": axbQ(axbB(1)),
		"call_direction": axbQ("b_to_a"), "lifetime_seconds": "86400", "record_calls": "true",
		"record_hint_tone": axbQ("recording.wav"), "max_call_minutes": "60", "last_minute_tone": axbQ("last-minute.wav"),
		"sms_enabled": "false", "a_hint_tone": axbQ("a_hint.wav"), "b_hint_tone": axbQ("b@hint.wav"),
		"user_data": axbQ("order=42;shop=7"),
	})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		CheckDestroy:             env.checkDestroyed,
		Steps: []resource.TestStep{
			{
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(axbAddr, plancheck.ResourceActionCreate),
					plancheck.ExpectUnknownValue(axbAddr, tfjsonpath.New("expires_at")),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					axbAttr(axbAddr, "call_direction", knownvalue.StringExact("b_to_a")),
					axbAttr(axbAddr, "lifetime_seconds", knownvalue.Int64Exact(86400)),
					axbAttr(axbAddr, "expires_at", knownvalue.StringFunc(func(v string) error {
						at, err := time.Parse(time.RFC3339, v)
						if err != nil {
							return err
						}
						if d := at.Sub(env.emu.Now()); d < 85800*time.Second || d > 86400*time.Second {
							return fmt.Errorf("expires_at %s is not one day after the bind", v)
						}
						return nil
					})),
					axbAttr(axbAddr, "record_calls", knownvalue.Bool(true)),
					axbAttr(axbAddr, "sms_enabled", knownvalue.Bool(false)),
					axbAttr(axbAddr, "user_data", knownvalue.StringExact("order=42;shop=7")),
				},
				Check: env.axbCheckPlatform(axbAddr),
			},
			{ResourceName: axbAddr, ImportState: true, ImportStateVerify: true},
		},
	})
}

// Each field the modify API changes (§4.3) updates in place: same id, the
// platform holds the new value, the next plan is empty. expires_at is unknown
// in the plan only when the lifetime changes.
func TestAccAXBBinding_updateInPlace(t *testing.T) {
	env := newAccEnv(t)
	x := testNumber("AXB", "0755", 2)
	sameID := statecheck.CompareValue(compare.ValuesSame())
	base := map[string]string{"x_number": axbQ(x), "a_number": axbQ(axbA(1)), "b_number": axbQ(axbB(1))}
	type change struct {
		name   string
		set    map[string]string
		checks []plancheck.PlanCheck
	}
	expiresKnown := plancheck.ExpectKnownValue(axbAddr, tfjsonpath.New("expires_at"), knownvalue.NotNull())
	changes := []change{
		{name: "a_number", set: map[string]string{"a_number": axbQ(axbA(2))}},
		{name: "b_number", set: map[string]string{"b_number": axbQ(axbB(2))}},
		{name: "call_direction", set: map[string]string{"call_direction": axbQ("a_to_b")}},
		{name: "lifetime_seconds", set: map[string]string{"lifetime_seconds": "3600"},
			checks: []plancheck.PlanCheck{plancheck.ExpectUnknownValue(axbAddr, tfjsonpath.New("expires_at"))}},
		{name: "max_call_minutes", set: map[string]string{"max_call_minutes": "30"}, checks: []plancheck.PlanCheck{expiresKnown}},
		{name: "last_minute_tone", set: map[string]string{"last_minute_tone": axbQ("lastmin.wav")}, checks: []plancheck.PlanCheck{expiresKnown}},
		{name: "sms_enabled", set: map[string]string{"sms_enabled": "false"}, checks: []plancheck.PlanCheck{expiresKnown}},
		{name: "record_calls", set: map[string]string{"record_calls": "true"}, checks: []plancheck.PlanCheck{expiresKnown}},
		{name: "a_hint_tone", set: map[string]string{"a_hint_tone": axbQ("a-hint.wav")}, checks: []plancheck.PlanCheck{expiresKnown}},
		{name: "b_hint_tone", set: map[string]string{"b_hint_tone": axbQ("b-hint.wav")}, checks: []plancheck.PlanCheck{expiresKnown}},
		{name: "lifetime_seconds restarts the clock", set: map[string]string{"lifetime_seconds": "7200"},
			checks: []plancheck.PlanCheck{plancheck.ExpectUnknownValue(axbAddr, tfjsonpath.New("expires_at"))}},
		// Everything back to the defaults at once: still one modify.
		{name: "defaults", set: map[string]string{"call_direction": "", "lifetime_seconds": "", "max_call_minutes": "",
			"last_minute_tone": "", "sms_enabled": "", "record_calls": "", "a_hint_tone": "", "b_hint_tone": ""},
			checks: []plancheck.PlanCheck{plancheck.ExpectKnownValue(axbAddr, tfjsonpath.New("expires_at"), knownvalue.Null())}},
	}
	steps := []resource.TestStep{{
		Config:            env.providerConfig("AXB") + axbResource("test", base),
		ConfigStateChecks: []statecheck.StateCheck{sameID.AddStateValue(axbAddr, tfjsonpath.New("id"))},
	}}
	attrs := base
	for _, c := range changes {
		attrs = axbWith(attrs, c.set)
		var lifetimeBefore time.Time
		steps = append(steps, resource.TestStep{
			PreConfig: func() { lifetimeBefore = env.emu.Now() },
			Config:    env.providerConfig("AXB") + axbResource("test", attrs),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: append([]plancheck.PlanCheck{
				plancheck.ExpectResourceAction(axbAddr, plancheck.ResourceActionUpdate),
			}, c.checks...)},
			ConfigStateChecks: []statecheck.StateCheck{sameID.AddStateValue(axbAddr, tfjsonpath.New("id"))},
			Check: resource.ComposeTestCheckFunc(env.axbCheckPlatform(axbAddr), env.axbCheckCount(1),
				func(s *terraform.State) error {
					// A lifetime change restarts the clock from the modify.
					if !strings.HasPrefix(c.name, "lifetime") {
						return nil
					}
					at, err := time.Parse(time.RFC3339, s.RootModule().Resources[axbAddr].Primary.Attributes["expires_at"])
					if err != nil {
						return fmt.Errorf("%s: expires_at: %w", c.name, err)
					}
					lifetime, err := strconv.Atoi(c.set["lifetime_seconds"])
					if err != nil {
						return err
					}
					if at.Before(lifetimeBefore.Truncate(time.Second).Add(time.Duration(lifetime) * time.Second)) {
						return fmt.Errorf("%s: expires_at %s is not counted from the change", c.name, at)
					}
					return nil
				}),
		})
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		CheckDestroy:             env.checkDestroyed,
		Steps:                    steps,
	})
}

// Every change the modify API cannot make replaces the binding: a new id, the
// old binding gone from the platform.
func TestAccAXBBinding_replace(t *testing.T) {
	env := newAccEnv(t)
	newID := statecheck.CompareValue(compare.ValuesDiffer())
	base := map[string]string{"x_number": axbQ(testNumber("AXB", "0755", 3)), "a_number": axbQ(axbA(1)), "b_number": axbQ(axbB(1))}
	steps := []resource.TestStep{{
		Config:            env.providerConfig("AXB") + axbResource("test", base),
		ConfigStateChecks: []statecheck.StateCheck{newID.AddStateValue(axbAddr, tfjsonpath.New("id"))},
	}}
	attrs := base
	replace := plancheck.ResourceActionDestroyBeforeCreate
	for _, change := range []struct {
		set    map[string]string
		action plancheck.ResourceActionType
	}{
		{map[string]string{"x_number": axbQ(testNumber("AXB", "0755", 4))}, replace},
		{map[string]string{"record_hint_tone": axbQ("recording.wav")}, replace},
		{map[string]string{"record_hint_tone": axbQ("recording-2.wav")}, replace},
		{map[string]string{"user_data": axbQ("ticket=1")}, replace},
		{map[string]string{"user_data": axbQ("ticket=2")}, replace},
		{map[string]string{"user_data": ""}, replace},
		// x_number to area_code: the provider cannot know the bound X's city,
		// so it records the area and keeps the binding (same id, no request).
		{map[string]string{"x_number": "", "area_code": axbQ("010")}, plancheck.ResourceActionUpdate},
		// From one city to another: a new X.
		{map[string]string{"area_code": axbQ("0755")}, replace},
		{map[string]string{"area_match_mode": axbQ("fallback")}, replace},
	} {
		attrs = axbWith(attrs, change.set)
		var idCheck []statecheck.StateCheck // an update keeps the id (ExpectResourceAction update)
		if change.action == replace {
			idCheck = []statecheck.StateCheck{newID.AddStateValue(axbAddr, tfjsonpath.New("id"))}
		}
		steps = append(steps, resource.TestStep{
			Config:            env.providerConfig("AXB") + axbResource("test", attrs),
			ConfigPlanChecks:  axbPlanAction(axbAddr, change.action),
			ConfigStateChecks: idCheck,
			Check:             resource.ComposeTestCheckFunc(env.axbCheckPlatform(axbAddr), env.axbCheckCount(1)),
		})
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		CheckDestroy:             env.checkDestroyed,
		Steps:                    steps,
	})
}

// area_code: the platform picks X, x_number holds it and stays known; writing
// that X into x_number in place of area_code keeps the binding (same id).
func TestAccAXBBinding_areaCode(t *testing.T) {
	env := newAccEnv(t)
	var picked string
	sameID := statecheck.CompareValue(compare.ValuesSame())
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
	byArea := env.providerConfig("AXB") + axbResource("test", map[string]string{
		"area_code": axbQ("0755"), "a_number": axbQ(axbA(1)), "b_number": axbQ(axbB(1)), "sms_enabled": "false",
	})
	byX := env.providerConfig("AXB") + `
variable "x" { type = string }
` + axbResource("test", map[string]string{
		"x_number": "var.x", "a_number": axbQ(axbA(1)), "b_number": axbQ(axbB(1)), "sms_enabled": "false",
	})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		CheckDestroy:             env.checkDestroyed,
		Steps: []resource.TestStep{
			{
				Config: byArea,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(axbAddr, plancheck.ResourceActionCreate),
					plancheck.ExpectUnknownValue(axbAddr, tfjsonpath.New("x_number")),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					axbAttr(axbAddr, "x_number", inArea("0755")),
					axbAttr(axbAddr, "area_code", knownvalue.StringExact("0755")),
					axbAttr(axbAddr, "area_match_mode", knownvalue.StringExact("strict")),
					sameID.AddStateValue(axbAddr, tfjsonpath.New("id")),
				},
				Check: env.axbCheckPlatform(axbAddr),
			},
			// Later plans show the picked X, not "known after apply".
			{
				Config: byArea,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectEmptyPlan(),
					plancheck.ExpectKnownValue(axbAddr, tfjsonpath.New("x_number"), inArea("0755")),
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
				Config:          byX,
				ConfigVariables: config.Variables{"x": axbLazyString{&picked}},
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(axbAddr, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(axbAddr, tfjsonpath.New("id")),
					axbAttr(axbAddr, "area_code", knownvalue.Null()),
				},
				Check: resource.ComposeTestCheckFunc(env.axbCheckPlatform(axbAddr), env.axbCheckCount(1)),
			},
			{Config: byX, ConfigVariables: config.Variables{"x": axbLazyString{&picked}}, ConfigPlanChecks: axbEmptyPlan()},
		},
	})
}

// Changes made outside Terraform show in the next plan: unbound elsewhere →
// create; a field changed elsewhere → update back; expired → create.
func TestAccAXBBinding_drift(t *testing.T) {
	env := newAccEnv(t)
	cfg := env.providerConfig("AXB") + axbResource("test", map[string]string{
		"x_number": axbQ(testNumber("AXB", "0755", 1)), "a_number": axbQ(axbA(1)), "b_number": axbQ(axbB(1)),
		"lifetime_seconds": "3600", "max_call_minutes": "10",
	})
	var id string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		CheckDestroy:             env.checkDestroyed,
		Steps: []resource.TestStep{
			{Config: cfg, Check: axbCaptureID(axbAddr, &id)},
			{
				PreConfig: func() {
					if err := env.emu.DeleteBinding(id); err != nil {
						t.Fatal(err)
					}
				},
				Config:           cfg,
				ConfigPlanChecks: axbPlanAction(axbAddr, plancheck.ResourceActionCreate),
				Check:            resource.ComposeTestCheckFunc(env.axbCheckPlatform(axbAddr), env.axbCheckCount(1), axbCaptureID(axbAddr, &id)),
			},
			{
				PreConfig: func() {
					if err := env.emu.PatchBinding(id, map[string]any{"callDirection": 2, "maxDuration": 20, "privateSms": "false", "calleeNum": axbB(9)}); err != nil {
						t.Fatal(err)
					}
				},
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(axbAddr, plancheck.ResourceActionUpdate),
					// what the user is told will change back
					plancheck.ExpectKnownValue(axbAddr, tfjsonpath.New("b_number"), knownvalue.StringExact(axbB(1))),
					plancheck.ExpectKnownValue(axbAddr, tfjsonpath.New("call_direction"), knownvalue.StringExact("both")),
				}},
				Check: resource.ComposeTestCheckFunc(env.axbCheckPlatform(axbAddr), env.axbCheckCount(1),
					func(s *terraform.State) error {
						if got := s.RootModule().Resources[axbAddr].Primary.ID; got != id {
							return fmt.Errorf("the update back replaced the binding: id %s, was %s", got, id)
						}
						return nil
					}),
			},
			{
				PreConfig: func() { env.emu.AdvanceClock(3601 * time.Second) },
				Config:    cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(axbAddr, plancheck.ResourceActionCreate),
				}},
				Check: resource.ComposeTestCheckFunc(env.axbCheckPlatform(axbAddr), env.axbCheckCount(1)),
			},
		},
	})
}

// Platform refusals reach the user in their terms, with the numbers involved and the result code.
func TestAccAXBBinding_platformErrors(t *testing.T) {
	env := newAccEnv(t)
	x := testNumber("AXB", "0755", 5)
	first := axbResource("first", map[string]string{"x_number": axbQ(x), "a_number": axbQ(axbA(1)), "b_number": axbQ(axbB(1))})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		CheckDestroy:             env.checkDestroyed,
		Steps: []resource.TestStep{
			{
				// The same A twice on one X.
				Config: env.providerConfig("AXB") + first + axbResource("test", map[string]string{
					"x_number": axbQ(x), "a_number": axbQ(axbA(1)), "b_number": axbQ(axbB(2)),
					"depends_on": "[privatenumber_axb_binding.first]",
				}),
				ExpectError: axbErrRE(`(?s)X \` + x + ` already carries a_number \` + axbA(1) + ` or b_number\s+\` + axbB(2) + `.*AXB allows\s+each number once per X.*1012010`),
			},
			{
				// An area without a free number.
				Config: env.providerConfig("AXB") + first + axbResource("test", map[string]string{
					"area_code": axbQ("0571"), "a_number": axbQ(axbA(3)), "b_number": axbQ(axbB(3)),
				}),
				ExpectError: axbErrRE(`(?s)Area 0571 has no free number.*area_match_mode\s*=\s*"fallback".*another\s+area_code.*1012008`),
			},
			{
				// An X that is not the application's.
				Config: env.providerConfig("AXB") + first + axbResource("test", map[string]string{
					"x_number": axbQ("+8617099999999"), "a_number": axbQ(axbA(3)), "b_number": axbQ(axbB(3)),
				}),
				ExpectError: axbErrRE(`(?s)X \+8617099999999 is not one of this\s+application's numbers.*1012001`),
			},
			{
				Config: env.providerConfig("AXB") + first + axbResource("test", map[string]string{
					"x_number": axbQ(x), "a_number": axbQ(axbA(3)), "b_number": axbQ(axbB(3)),
				}),
				Check: env.axbCheckCount(2),
			},
			{
				// An update that would put B on X twice.
				Config: env.providerConfig("AXB") + first + axbResource("test", map[string]string{
					"x_number": axbQ(x), "a_number": axbQ(axbA(3)), "b_number": axbQ(axbB(1)),
				}),
				ExpectError: axbErrRE(`(?s)Could not update the AXB binding.*X \` + x + ` already carries a_number \` + axbA(3) + ` or b_number \` + axbB(1) + `.*1012010`),
			},
			{Config: env.providerConfig("AXB") + first, Check: env.axbCheckCount(1)},
		},
	})
}

// Every validation error is reported at plan time, names the attribute and the
// fix, and no request reaches the platform.
func TestAccAXBBinding_validation(t *testing.T) {
	env := newAccEnv(t)
	x := testNumber("AXB", "0755", 1)
	valid := map[string]string{"x_number": axbQ(x), "a_number": axbQ(axbA(1)), "b_number": axbQ(axbB(1))}
	cases := []struct {
		set  map[string]string
		want string
	}{
		{map[string]string{"a_number": axbQ("13800000001")}, `a_number "13800000001" is not in global format; start\s+with "\+" and the country code`},
		{map[string]string{"b_number": axbQ("+86 139 0000 0001")}, `b_number "\+86 139 0000 0001" contains spaces`},
		{map[string]string{"x_number": axbQ("+86")}, `x_number "\+86" is not in global format`},
		{map[string]string{"b_number": axbQ("+864001234567")}, `b_number "\+864001234567" is a 400 number; the platform\s+cannot bind 400 or 95 numbers`},
		{map[string]string{"a_number": axbQ("+8695555")}, `a_number "\+8695555" is a 95 number`},
		{map[string]string{"b_number": axbQ(axbA(1))}, `(?s)a_number and b_number are the same.*Set b_number to the other party's number`},
		{map[string]string{"x_number": ""}, `(?s)Missing x_number or area_code.*set x_number.*or set\s+area_code`},
		{map[string]string{"area_code": axbQ("0755")}, `(?s)Conflicting x_number and area_code.*Set exactly one of them`},
		{map[string]string{"x_number": "", "area_code": axbQ("755")}, `area_code "755" is not a city code: write 3 or 4 digits with\s+the leading 0`},
		{map[string]string{"area_match_mode": axbQ("fallback")}, `(?s)area_match_mode without area_code.*Remove area_match_mode`},
		{map[string]string{"x_number": "", "area_code": axbQ("0755"), "area_match_mode": axbQ("loose")}, `(?s)area_match_mode.*value must be one of`},
		{map[string]string{"call_direction": axbQ("a_b")}, `(?s)call_direction.*value must be one of.*"both"`},
		{map[string]string{"lifetime_seconds": "7776001"}, `(?s)lifetime_seconds.*must be between 0 and 7776000`},
		{map[string]string{"lifetime_seconds": "-1"}, `(?s)lifetime_seconds.*must be between 0 and 7776000`},
		{map[string]string{"max_call_minutes": "1441"}, `(?s)max_call_minutes.*must be between 0 and 1440`},
		{map[string]string{"last_minute_tone": axbQ("last.wav")}, `(?s)last_minute_tone without a call limit.*Set\s+max_call_minutes \(1 to 1440\) or remove last_minute_tone`},
		{map[string]string{"last_minute_tone": axbQ("last.wav"), "max_call_minutes": "0"}, `(?s)last_minute_tone without a call limit`},
		{map[string]string{"user_data": axbQ("{\"order\":1}")}, `user_data must not contain { or }`},
		{map[string]string{"user_data": axbQ(strings.Repeat("u", 257))}, `user_data is 257 characters long; the platform accepts at\s+most 256`},
		{map[string]string{"a_hint_tone": axbQ("hello world.wav")}, `a_hint_tone "hello world.wav" is not a playback file name`},
	}
	var steps []resource.TestStep
	for _, c := range cases {
		steps = append(steps, resource.TestStep{
			Config:      env.providerConfig("AXB") + axbResource("test", axbWith(valid, c.set)),
			PlanOnly:    true,
			ExpectError: axbErrRE(c.want),
		})
	}
	// Not the last step: a configuration without bindings, and still no request.
	steps = append(steps, resource.TestStep{Config: env.providerConfig("AXB"), Check: env.checkNoRequests()})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		CheckDestroy:             env.checkDestroyed,
		Steps:                    steps,
	})
}

// A lost bind answer: with x_number the binding is found by X+A+B and adopted
// (one binding, one bind request); with area_code the user is told a binding
// may exist and how to find it, and the bind is not sent again.
func TestAccAXBBinding_unknownOutcome(t *testing.T) {
	env := newAccEnv(t)
	dropBind := func() {
		if err := env.emu.SetFaults(emulator.Faults{Rules: []emulator.FaultRule{{Operation: "AXB.bind", Kind: "drop_response_after_commit"}}}); err != nil {
			t.Fatal(err)
		}
		env.emu.ResetStats()
	}
	binds := func(want int) resource.TestCheckFunc {
		return func(*terraform.State) error {
			if got := env.emu.Stats().Requests["AXB.bind"]; got != want {
				return fmt.Errorf("the platform saw %d bind requests, want %d", got, want)
			}
			return nil
		}
	}
	byX := env.providerConfig("AXB") + axbResource("test", map[string]string{
		"x_number": axbQ(testNumber("AXB", "0755", 1)), "a_number": axbQ(axbA(1)), "b_number": axbQ(axbB(1)),
	})
	byArea := env.providerConfig("AXB") + axbResource("test", map[string]string{
		"area_code": axbQ("010"), "a_number": axbQ(axbA(2)), "b_number": axbQ(axbB(2)),
	})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		CheckDestroy:             env.checkDestroyed,
		Steps: []resource.TestStep{
			{
				PreConfig: dropBind,
				Config:    byX,
				Check:     resource.ComposeTestCheckFunc(env.axbCheckCount(1), binds(1), env.axbCheckPlatform(axbAddr)),
			},
			{Config: byX, ConfigPlanChecks: axbEmptyPlan()},
			{
				PreConfig: func() {
					env.emu.ClearFaults()
					if err := env.emu.DeleteBinding(env.emu.Bindings(testAppKey("AXB"), "AXB")[0].SubscriptionID); err != nil {
						t.Fatal(err)
					}
					dropBind()
				},
				Config: byArea,
				ExpectError: axbErrRE(`(?s)The AXB binding may exist.*a_number \` + axbA(2) + ` and b_number \` + axbB(2) +
					` in area_code 010.*privatenumber_axb_bindings.*X/\` + axbA(2) + `/\` + axbB(2)),
			},
			{
				PreConfig: func() {
					if got := env.emu.Stats().Requests["AXB.bind"]; got != 1 {
						t.Errorf("the platform saw %d bind requests after the lost answer, want exactly 1", got)
					}
					left := env.emu.Bindings(testAppKey("AXB"), "AXB")
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
				Check:  resource.ComposeTestCheckFunc(env.axbCheckCount(1), env.axbCheckPlatform(axbAddr)),
			},
		},
	})
}
