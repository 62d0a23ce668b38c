package provider

import (
	"fmt"
	"regexp"
	"sort"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/privnum/terraform-provider-privatenumber/internal/emulator"
)

const axAddr = "privatenumber_ax_binding.test"

// Real numbers (A) of the tests: the clinics' front desks.
const (
	axA1 = "+8675523456701"
	axA2 = "+8675523456702"
	axA3 = "+8613800000003"
)

func axX(area string, n int) string { return testNumber("AX", area, n) }

// axConfig is the AX provider block plus one resource "test" with body.
func axConfig(env *accEnv, body string) string {
	return env.providerConfig("AX") + resourceBody("privatenumber_ax_binding", "test", body)
}

// axView is what the AX state holds of a platform binding.
func axView(b emulator.AdminBinding) map[string]string {
	return map[string]string{"x_number": b.XNumber, "a_number": b.ANumber}
}

// axCheckEmu asserts the emulator holds exactly the (X → A) pairs given and
// that the binding on the first X carries the given API fields.
func axCheckEmu(env *accEnv, pairs map[string]string, fields map[string]string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		got := map[string]string{}
		var first *emulator.AdminBinding
		keys := make([]string, 0, len(pairs))
		for x := range pairs {
			keys = append(keys, x)
		}
		sort.Strings(keys)
		list := env.bindings("AX")
		for i, b := range list {
			got[b.XNumber] = b.ANumber
			if len(keys) > 0 && b.XNumber == keys[0] {
				first = &list[i]
			}
		}
		if fmt.Sprint(got) != fmt.Sprint(pairs) {
			return fmt.Errorf("emulator holds X→A %v, want %v", got, pairs)
		}
		for k, want := range fields {
			if first == nil {
				return fmt.Errorf("no binding to check field %s on", k)
			}
			if s := fieldText(*first, k); s != want {
				return fmt.Errorf("emulator binding on %s: %s = %q, want %q (fields %v)", first.XNumber, k, s, want, first.Fields)
			}
		}
		return nil
	}
}

// TestAccAXBinding_xNumber: create on a given X with every default, an empty
// plan after apply, and import by ID, by X, and with an import block.
func TestAccAXBinding_xNumber(t *testing.T) {
	env := newAccEnv(t)
	x1 := axX("0755", 1)
	cfg := axConfig(env, fmt.Sprintf("a_number = %q\nx_number = %q", axA1, x1))
	env.run([]resource.TestStep{
		{
			Config:           cfg,
			ConfigPlanChecks: planIsThenEmpty(axAddr, actCreate),
			ConfigStateChecks: []statecheck.StateCheck{
				attrIs(axAddr, "id", knownvalue.NotNull()),
				attrIs(axAddr, "a_number", knownvalue.StringExact(axA1)),
				attrIs(axAddr, "x_number", knownvalue.StringExact(x1)),
				attrIs(axAddr, "area_code", knownvalue.Null()),
				attrIs(axAddr, "area_match_mode", knownvalue.StringExact("strict")),
				attrIs(axAddr, "caller_id_to_a", knownvalue.StringExact("x_number")),
				attrIs(axAddr, "record_calls", knownvalue.Bool(false)),
				attrIs(axAddr, "record_hint_tone", knownvalue.Null()),
				attrIs(axAddr, "sms_enabled", knownvalue.Bool(true)),
				attrIs(axAddr, "max_call_minutes", knownvalue.Int64Exact(0)),
				attrIs(axAddr, "last_minute_tone", knownvalue.Null()),
				attrIs(axAddr, "a_hint_tone", knownvalue.Null()),
				attrIs(axAddr, "others_hint_tone", knownvalue.Null()),
				attrIs(axAddr, "user_data", knownvalue.Null()),
				attrIs(axAddr, "power_on", knownvalue.Bool(true)),
				attrIs(axAddr, "call_direction", knownvalue.StringExact("both")),
			},
			// The explicit values the client sent (§16) are what the platform holds.
			Check: axCheckEmu(env, map[string]string{x1: axA1}, map[string]string{
				"calleeNumDisplay": "0", "recordFlag": "false", "privateSms": "true", "turnFlag": "on", "callDirection": "0",
			}),
		},
		{ResourceName: axAddr, ImportState: true, ImportStateVerify: true},
		{ResourceName: axAddr, ImportState: true, ImportStateVerify: true, ImportStateId: x1},
		{
			// An import {} block by X with the same configuration: a no-op import.
			Config:          cfg,
			ResourceName:    axAddr,
			ImportState:     true,
			ImportStateKind: resource.ImportBlockWithID,
			ImportStateId:   x1,
		},
	})
}

// TestAccAXBinding_areaCode: the platform picks X in the area; x_number is
// known in the next plan; writing the picked X into x_number does not replace.
func TestAccAXBinding_areaCode(t *testing.T) {
	env := newAccEnv(t)
	picked := axX("0755", 1) // the emulator hands out the area's first free number
	sameID := sameAcrossSteps()
	cfgArea := axConfig(env, fmt.Sprintf("a_number = %q\narea_code = \"0755\"", axA1))
	env.run([]resource.TestStep{
		{
			Config: cfgArea,
			ConfigPlanChecks: planIsThenEmpty(axAddr, actCreate,
				plannedUnknown(axAddr, "x_number"),
			),
			ConfigStateChecks: []statecheck.StateCheck{
				valueOf(sameID, axAddr, "id"),
				attrIs(axAddr, "x_number", knownvalue.StringExact(picked)),
				attrIs(axAddr, "area_code", knownvalue.StringExact("0755")),
				attrIs(axAddr, "area_match_mode", knownvalue.StringExact("strict")),
			},
			Check: axCheckEmu(env, map[string]string{picked: axA1}, nil),
		},
		// Import by X: area_code and area_match_mode only steer the bind; the platform
		// does not report them, so the imported state cannot hold area_code.
		{ResourceName: axAddr, ImportState: true, ImportStateVerify: true, ImportStateId: picked,
			ImportStateVerifyIgnore: []string{"area_code"}},
		{
			Config: cfgArea,
			ConfigPlanChecks: planIs(axAddr, actNoop,
				plannedIs(axAddr, "x_number", knownvalue.StringExact(picked)),
			),
		},
		{
			// Pin the picked X: an update of the state only, the same binding.
			Config:           axConfig(env, fmt.Sprintf("a_number = %q\nx_number = %q", axA1, picked)),
			ConfigPlanChecks: planIsThenEmpty(axAddr, actUpdate),
			ConfigStateChecks: []statecheck.StateCheck{
				valueOf(sameID, axAddr, "id"),
				attrIs(axAddr, "area_code", knownvalue.Null()),
				attrIs(axAddr, "x_number", knownvalue.StringExact(picked)),
			},
			Check: axCheckEmu(env, map[string]string{picked: axA1}, nil),
		},
	})
}

// TestAccAXBinding_inPlace: max_call_minutes, sms_enabled and record_calls
// change in place (same id), each sending a modify.
func TestAccAXBinding_inPlace(t *testing.T) {
	env := newAccEnv(t)
	x1 := axX("0755", 2)
	sameID := sameAcrossSteps()
	base := fmt.Sprintf("a_number = %q\nx_number = %q\ntimeouts {\n  create = \"2m\"\n  update = \"90s\"\n}\n", axA1, x1)
	step := func(extra string, fields map[string]string) resource.TestStep {
		return resource.TestStep{
			Config:            axConfig(env, base+extra),
			ConfigPlanChecks:  planIsThenEmpty(axAddr, actUpdate),
			ConfigStateChecks: []statecheck.StateCheck{valueOf(sameID, axAddr, "id")},
			Check:             axCheckEmu(env, map[string]string{x1: axA1}, fields),
		}
	}
	env.run([]resource.TestStep{
		{
			Config:            axConfig(env, base),
			ConfigStateChecks: []statecheck.StateCheck{valueOf(sameID, axAddr, "id")},
		},
		step("max_call_minutes = 30", map[string]string{"maxDuration": "30", "privateSms": "true", "recordFlag": "false"}),
		step("max_call_minutes = 30\nsms_enabled = false", map[string]string{"maxDuration": "30", "privateSms": "false", "recordFlag": "false"}),
		step("max_call_minutes = 30\nsms_enabled = false\nrecord_calls = true", map[string]string{"maxDuration": "30", "privateSms": "false", "recordFlag": "true"}),
		// Back to the defaults by removing the attributes.
		step("", map[string]string{"maxDuration": "0", "privateSms": "true", "recordFlag": "false"}),
	})
}

// TestAccAXBinding_replace: every other attribute replaces the binding (a new id).
func TestAccAXBinding_replace(t *testing.T) {
	env := newAccEnv(t)
	x1, x2 := axX("0755", 3), axX("0755", 4)
	newID := newEachStep()
	step := func(body string, pairs map[string]string, fields map[string]string) resource.TestStep {
		return resource.TestStep{
			Config:            axConfig(env, body),
			ConfigPlanChecks:  planIsThenEmpty(axAddr, actDestroyCreate),
			ConfigStateChecks: []statecheck.StateCheck{valueOf(newID, axAddr, "id")},
			Check:             axCheckEmu(env, pairs, fields),
		}
	}
	on := func(a, x string) string { return fmt.Sprintf("a_number = %q\nx_number = %q\n", a, x) }
	env.run([]resource.TestStep{
		{
			Config:            axConfig(env, on(axA1, x1)),
			ConfigStateChecks: []statecheck.StateCheck{valueOf(newID, axAddr, "id")},
		},
		// A new real line keeps the configured X.
		step(on(axA2, x1), map[string]string{x1: axA2}, nil),
		step(on(axA2, x2), map[string]string{x2: axA2}, nil),
		step(on(axA2, x2)+`caller_id_to_a = "real_caller"`, map[string]string{x2: axA2}, map[string]string{"calleeNumDisplay": "1"}),
		step(on(axA2, x2)+`power_on = false`, map[string]string{x2: axA2}, map[string]string{"turnFlag": "off"}),
		step(on(axA2, x2)+`call_direction = "others_to_a"`, map[string]string{x2: axA2}, map[string]string{"callDirection": "2"}),
		step(on(axA2, x2)+`call_direction = "a_to_others"`, map[string]string{x2: axA2}, map[string]string{"callDirection": "1"}),
		step(on(axA2, x2)+`user_data = "clinic=futian"`, map[string]string{x2: axA2}, map[string]string{"userData": "clinic=futian"}),
		step(on(axA2, x2)+`a_hint_tone = "a-hint.wav"`, map[string]string{x2: axA2}, map[string]string{"preVoice": "map[callerHintTone:a-hint.wav]"}),
		step(on(axA2, x2)+`others_hint_tone = "welcome.wav"`, map[string]string{x2: axA2}, map[string]string{"preVoice": "map[calleeHintTone:welcome.wav]"}),
		step(on(axA2, x2)+"record_calls = true\nrecord_hint_tone = \"recorded.wav\"", map[string]string{x2: axA2}, map[string]string{"recordHintTone": "recorded.wav"}),
		step(on(axA2, x2)+"max_call_minutes = 10\nlast_minute_tone = \"one-minute.wav\"", map[string]string{x2: axA2}, map[string]string{"lastMinVoice": "one-minute.wav", "maxDuration": "10"}),
	})
}

// TestAccAXBinding_newANumber: with area_code a new A may get another X, and
// the plan shows x_number unknown; pinning the X into x_number first keeps it.
func TestAccAXBinding_newANumber(t *testing.T) {
	env := newAccEnv(t)
	picked := axX("010", 1)
	env.run([]resource.TestStep{
		{
			Config: axConfig(env, fmt.Sprintf("a_number = %q\narea_code = \"010\"", axA1)),
			Check:  axCheckEmu(env, map[string]string{picked: axA1}, nil),
		},
		{
			// A changes while X is chosen by area_code: replaced, X unknown in the plan.
			Config: axConfig(env, fmt.Sprintf("a_number = %q\narea_code = \"010\"", axA2)),
			ConfigPlanChecks: planIs(axAddr, actDestroyCreate,
				plannedUnknown(axAddr, "x_number"),
			),
		},
		{
			// Pin the X (no replace) ...
			Config:           axConfig(env, fmt.Sprintf("a_number = %q\nx_number = %q", axA2, picked)),
			ConfigPlanChecks: planIs(axAddr, actUpdate),
		},
		{
			// ... then change A: the replacement binds the same X to the new A.
			Config: axConfig(env, fmt.Sprintf("a_number = %q\nx_number = %q", axA3, picked)),
			ConfigPlanChecks: planIsThenEmpty(axAddr, actDestroyCreate,
				plannedIs(axAddr, "x_number", knownvalue.StringExact(picked)),
			),
			Check: axCheckEmu(env, map[string]string{picked: axA3}, nil),
		},
		{
			// area_code added to a binding that has its X (as after an import): state only.
			Config: axConfig(env, fmt.Sprintf("a_number = %q\narea_code = \"010\"", axA3)),
			ConfigPlanChecks: planIs(axAddr, actUpdate,
				plannedIs(axAddr, "x_number", knownvalue.StringExact(picked)),
			),
			Check: axCheckEmu(env, map[string]string{picked: axA3}, nil),
		},
		{
			// Pinning X and changing A in one change: one replacement onto the same X.
			Config: axConfig(env, fmt.Sprintf("a_number = %q\nx_number = %q", axA1, picked)),
			ConfigPlanChecks: planIsThenEmpty(axAddr, actDestroyCreate,
				plannedIs(axAddr, "x_number", knownvalue.StringExact(picked)),
			),
			Check: axCheckEmu(env, map[string]string{picked: axA1}, nil),
		},
	})
}

// TestAccAXBinding_outOfBand: a binding unbound elsewhere is planned for
// creation; fields changed elsewhere are planned back (in place or by replacement).
func TestAccAXBinding_outOfBand(t *testing.T) {
	env := newAccEnv(t)
	x1 := axX("0755", 5)
	cfg := axConfig(env, fmt.Sprintf("a_number = %q\nx_number = %q\nmax_call_minutes = 20", axA1, x1))
	var id string
	env.run([]resource.TestStep{
		{Config: cfg, Check: captureID(axAddr, &id)},
		env.recreatedStep(env.disappears(&id), cfg, axAddr, &id, axCheckEmu(env, map[string]string{x1: axA1}, nil)),
		{
			PreConfig:        env.patched(&id, map[string]any{"maxDuration": 90, "privateSms": "false", "recordFlag": "true"}),
			Config:           cfg,
			ConfigPlanChecks: planIsThenEmpty(axAddr, actUpdate),
			Check:            axCheckEmu(env, map[string]string{x1: axA1}, map[string]string{"maxDuration": "20", "privateSms": "true", "recordFlag": "false"}),
		},
		{
			// A field the platform cannot modify changed elsewhere: replaced back.
			PreConfig:        env.patched(&id, map[string]any{"callDirection": 2, "userData": "edited"}),
			Config:           cfg,
			ConfigPlanChecks: planIsThenEmpty(axAddr, actDestroyCreate),
			Check:            axCheckEmu(env, map[string]string{x1: axA1}, map[string]string{"callDirection": "0"}),
		},
	})
}

// TestAccAXBinding_validation: configuration errors are reported at plan
// time, name the attribute and the fix, and send no request.
func TestAccAXBinding_validation(t *testing.T) {
	env := newAccEnv(t)
	x1 := axX("0755", 1)
	bad := func(body, want string) resource.TestStep {
		return resource.TestStep{Config: axConfig(env, body), PlanOnly: true, ExpectError: regexp.MustCompile(want)}
	}
	env.runCase(resource.TestCase{
		CheckDestroy: env.checkNoRequests(),
		Steps: []resource.TestStep{
			bad(fmt.Sprintf("a_number = %q\nx_number = %q\narea_code = \"0755\"", axA1, x1), `(?s)x_number.*area_code`),
			bad(fmt.Sprintf("a_number = %q", axA1), `(?s)x_number.*area_code`),
			bad(fmt.Sprintf("a_number = \"13800000001\"\nx_number = %q", x1), `(?s)a_number.*global format`),
			bad(fmt.Sprintf("a_number = \"+864001234567\"\nx_number = %q", x1), `(?s)400 number`),
			bad(fmt.Sprintf("a_number = %q\narea_code = \"755\"", axA1), `(?s)area_code.*leading 0`),
			bad(fmt.Sprintf("a_number = %q\nx_number = %q\nlast_minute_tone = \"one.wav\"", axA1, x1), `(?s)last_minute_tone.*set\s+max_call_minutes`),
			bad(fmt.Sprintf("a_number = %q\nx_number = %q\narea_match_mode = \"fallback\"", axA1, x1), `(?s)area_match_mode.*area_code`),
			bad(fmt.Sprintf("a_number = %q\nx_number = %q\ncall_direction = \"inbound\"", axA1, x1), `(?s)call_direction.*both`),
			bad(fmt.Sprintf("a_number = %q\nx_number = %q\ncaller_id_to_a = \"x\"", axA1, x1), `(?s)caller_id_to_a.*real_caller`),
			bad(fmt.Sprintf("a_number = %q\nx_number = %q\nmax_call_minutes = 2000", axA1, x1), `(?s)max_call_minutes.*1440`),
			bad(fmt.Sprintf("a_number = %q\nx_number = %q\nuser_data = \"{a}\"", axA1, x1), `(?s)user_data.*must not contain`),
			bad(fmt.Sprintf("a_number = %q\nx_number = %q\nothers_hint_tone = \"hello world.wav\"", axA1, x1), `(?s)others_hint_tone.*playback file`),
			{
				// A valid plan (no state, so no request either) ends the test.
				Config:             axConfig(env, fmt.Sprintf("a_number = %q\nx_number = %q", axA1, x1)),
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
				Check:              env.checkNoRequests(),
			},
		},
	})
	if n := env.platformRequests(); n != 0 {
		t.Errorf("validation sent %d platform requests: %v", n, env.emu.Stats().Requests)
	}
}

// TestAccAXBinding_limits: one A per X and at most five X per A surface with
// the numbers involved and what to do, under the documented AX codes
// (1011005, 1011003; reference §17) and the §16 ones (1016002, 1012008).
func TestAccAXBinding_limits(t *testing.T) {
	for name, c := range map[string]struct {
		dialect            emulator.Dialect
		taken, holdsMaxOfX string
	}{
		"documented codes": {emulator.Dialect{}, "1011005", "1011003"},
		"legacy codes":     {emulator.Dialect{LegacyAXCodes: true}, "1016002", "1012008"},
	} {
		t.Run(name, func(t *testing.T) {
			cfg := testEmulatorConfig()
			cfg.Dialect = c.dialect
			testAXLimits(t, newAccEnvWith(t, cfg), c.taken, c.holdsMaxOfX)
		})
	}
}

func testAXLimits(t *testing.T, env *accEnv, taken, holdsMaxOfX string) {
	x := func(n int) string { return axX("0755", n) }
	first := fmt.Sprintf(`
resource "privatenumber_ax_binding" "first" {
  a_number = %q
  x_number = %q
}
`, axA1, x(1))
	secondOnSameX := fmt.Sprintf(`
resource "privatenumber_ax_binding" "second" {
  a_number = %q
  x_number = %q
}
`, axA2, x(1))
	fiveForA3 := fmt.Sprintf(`
resource "privatenumber_ax_binding" "five" {
  count    = 5
  a_number = %[6]q
  x_number = [%[1]q, %[2]q, %[3]q, %[4]q, %[5]q][count.index]
}
`, x(2), x(3), x(4), x(5), x(6), axA3)
	sixth := fmt.Sprintf(`
resource "privatenumber_ax_binding" "sixth" {
  a_number   = %q
  area_code  = "010"
  depends_on = [privatenumber_ax_binding.five] # the sixth X, not one of the five, must be the one refused
}
`, axA3)
	p := env.providerConfig("AX")
	env.run([]resource.TestStep{
		{Config: p + first},
		{
			Config: p + first + secondOnSameX,
			ExpectError: regexp.MustCompile(`X \` + x(1) + `\s+is\s+already\s+bound\s+to\s+another\s+A[\s\S]*one\s+A\s+per\s+X[\s\S]*` +
				`another\s+x_number[\s\S]*` + taken),
		},
		{
			Config: p + first + fiveForA3 + sixth,
			ExpectError: regexp.MustCompile(`A \` + axA3 + `\s+already\s+holds\s+5\s+X\s+numbers[\s\S]*at\s+most\s+5\s+X\s+per\s+A[\s\S]*` +
				`Unbind\s+one\s+of\s+them[\s\S]*` + holdsMaxOfX),
		},
		{
			Config:           p + first + fiveForA3,
			ConfigPlanChecks: emptyAfterApply(),
			Check:            env.checkCount("AX", 6),
		},
	})
}

// TestAccAXBinding_unknownOutcome: the platform commits the bind and the
// answer is lost; Create finds the binding by its natural key and adopts it,
// for a given X and for an X picked by area code, without sending it again.
func TestAccAXBinding_unknownOutcome(t *testing.T) {
	env := newAccEnv(t)
	x1 := axX("0755", 7)
	byX := fmt.Sprintf(`
resource "privatenumber_ax_binding" "by_x" {
  a_number = %q
  x_number = %q
}
`, axA1, x1)
	byArea := fmt.Sprintf(`
resource "privatenumber_ax_binding" "by_area" {
  a_number  = %q
  area_code = "010"
}
`, axA1)
	p := env.providerConfig("AX")
	env.fault("AX.bind", "drop_response_after_commit")
	// A committed bind is never sent again: one AX.bind request per binding.
	binds := func(n int) resource.TestCheckFunc { return env.checkRequests("AX.bind", n) }
	env.run([]resource.TestStep{
		{
			Config:           p + byX,
			ConfigPlanChecks: emptyAfterApply(),
			ConfigStateChecks: []statecheck.StateCheck{
				attrIs("privatenumber_ax_binding.by_x", "x_number", knownvalue.StringExact(x1)),
			},
			Check: resource.ComposeTestCheckFunc(axCheckEmu(env, map[string]string{x1: axA1}, nil), binds(1), env.checkHoldsState("AX", axView)),
		},
		{
			Config:           p + byX + byArea,
			ConfigPlanChecks: emptyAfterApply(),
			ConfigStateChecks: []statecheck.StateCheck{
				attrIs("privatenumber_ax_binding.by_area", "x_number", knownvalue.StringExact(axX("010", 1))),
			},
			Check: resource.ComposeTestCheckFunc(
				axCheckEmu(env, map[string]string{x1: axA1, axX("010", 1): axA1}, nil), binds(2), env.checkHoldsState("AX", axView)),
		},
	})
}

// TestAccAXBinding_lostAnswerNotCommitted: the connection breaks before the
// platform commits. The lookup shows no binding, so the bind is sent again,
// up to maxBindSends sends: the last loss ends in the may-exist error with
// the numbers and the time; nothing is left behind.
func TestAccAXBinding_lostAnswerNotCommitted(t *testing.T) {
	env := newAccEnv(t)
	x1 := axX("0755", 6)
	cfg := axConfig(env, fmt.Sprintf("a_number = %q\nx_number = %q", axA1, x1))
	env.fault("AX.bind", "reset_before_commit")
	env.run([]resource.TestStep{
		{
			Config: cfg,
			ExpectError: regexp.MustCompile(`The AX binding may exist[\s\S]*a_number\s+\` + axA1 + `\s+on\s+x_number\s+\` + x1 +
				`\s+was\s+sent\s+at\s+\d{4}-\d\d-\d\dT[\s\S]*does\s+not\s+send\s+the\s+bind\s+again[\s\S]*import\s+it`),
		},
		{
			PreConfig: func() {
				if n := env.requests("AX.bind"); n != maxBindSends {
					t.Errorf("the emulator saw %d AX.bind requests, want %d (the bind, and a re-send after each lookup that showed nothing)", n, maxBindSends)
				}
				if n := len(env.bindings("AX")); n != 0 {
					t.Errorf("the emulator holds %d AX bindings, want 0", n)
				}
				env.emu.ClearFaults()
			},
			Config: cfg,
			Check:  axCheckEmu(env, map[string]string{x1: axA1}, nil),
		},
	})
}
