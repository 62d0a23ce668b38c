package provider

import (
	"context"
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/privnum/terraform-provider-privatenumber/internal/emulator"
)

// The public documentation contradicts itself on several wire points
// (reference §17); the emulator speaks each reading (its dialect), and the
// provider must work under every one of them, alone and all together.
var testDialects = map[string]emulator.Dialect{
	"default":            {},
	"legacy_error_codes": {LegacyErrorCodes: true},
	"legacy_ax_codes":    {LegacyAXCodes: true},
	"empty_filter_miss":  {EmptyFilterMiss: true},
	"axyb_group_record":  {AXYBGroupRecord: true},
	"sparse_records":     {SparseRecords: true},
	"statuses":           {NotFoundStatus: 200, RateLimitStatus: 403},
	"all": {LegacyErrorCodes: true, LegacyAXCodes: true, EmptyFilterMiss: true, AXYBGroupRecord: true,
		SparseRecords: true, NotFoundStatus: 400, RateLimitStatus: 503},
}

// dialectLifecycle is one mode's lifecycle: a binding, a change made
// elsewhere that the plan must show, and the import that adopts it.
type dialectLifecycle struct {
	mode, addr, config string
	also               []string       // other resources of the lifecycle (the AXYB member)
	drift, restore     map[string]any // fields patched on the platform (API names)
	fixByApply         bool           // the drift is an in-place update the apply repairs
	importIgnore       []string
	// Attributes an import cannot read when the answer leaves fields out
	// (sparse_records), or gives the guide's member-only AXYB records.
	sparseIgnore, memberOnlyIgnore []string
}

func dialectLifecycles() []dialectLifecycle {
	const a, b = "+8613800000001", "+8613900000001"
	return []dialectLifecycle{
		{mode: "AX", addr: "privatenumber_ax_binding.t", config: fmt.Sprintf(`
resource "privatenumber_ax_binding" "t" {
  a_number = %q
  x_number = %q
}`, a, testNumber("AX", "0755", 1)),
			drift: map[string]any{"recordFlag": "true"}, fixByApply: true, sparseIgnore: []string{"sms_enabled"}},
		{mode: "AXB", addr: "privatenumber_axb_binding.t", config: fmt.Sprintf(`
resource "privatenumber_axb_binding" "t" {
  x_number = %q
  a_number = %q
  b_number = %q
}`, testNumber("AXB", "0755", 1), a, b),
			drift: map[string]any{"recordFlag": "true"}, fixByApply: true, sparseIgnore: []string{"sms_enabled"}},
		{mode: "AXE", addr: "privatenumber_axe_binding.t", config: fmt.Sprintf(`
resource "privatenumber_axe_binding" "t" {
  a_number = %q
  x_number = %q
}`, a, testNumber("AXE", "0755", 1)),
			drift: map[string]any{"recordFlag": "true"}, fixByApply: true},
		{mode: "AXYB", addr: "privatenumber_axyb_binding.t", config: fmt.Sprintf(`
resource "privatenumber_axyb_binding" "t" {
  a_number  = %q
  area_code = "0755"
}
resource "privatenumber_axyb_member" "m" {
  binding_id = privatenumber_axyb_binding.t.id
  b_number   = %q
}`, a, b),
			// AXYB has no modify: a change elsewhere plans a replacement, so it is undone elsewhere too.
			drift: map[string]any{"recordFlag": "true"}, restore: map[string]any{"recordFlag": "false"},
			also:         []string{"privatenumber_axyb_member.m"},
			importIgnore: []string{"timeouts", "area_code"}, memberOnlyIgnore: []string{"member_lifetime"}},
	}
}

// TestAccDialects runs every mode's lifecycle under every dialect: create
// (with the engine's empty plan after apply), a change elsewhere shown by the
// plan, import by ID, a binding deleted elsewhere shown as to be created, and
// destroy leaving nothing on the platform.
func TestAccDialects(t *testing.T) {
	for name, d := range testDialects {
		for _, lc := range dialectLifecycles() {
			t.Run(name+"/"+lc.mode, func(t *testing.T) {
				t.Parallel()
				cfg := testEmulatorConfig()
				cfg.Dialect = d
				env := newAccEnvWith(t, cfg)
				config := env.providerConfig(lc.mode) + lc.config
				var id string
				ids := map[string]string{}
				steps := []resource.TestStep{
					{Config: config, Check: resource.ComposeTestCheckFunc(
						func(s *terraform.State) error {
							rs, ok := s.RootModule().Resources[lc.addr]
							if !ok {
								return fmt.Errorf("%s not in state", lc.addr)
							}
							id = rs.Primary.ID
							for _, addr := range append([]string{lc.addr}, lc.also...) {
								ids[addr] = s.RootModule().Resources[addr].Primary.ID
							}
							if n := len(env.emu.Bindings("", lc.mode)); n == 0 {
								return fmt.Errorf("no %s binding on the platform", lc.mode)
							}
							return nil
						})},
					{PreConfig: func() { env.patch(t, id, lc.drift) }, Config: config, PlanOnly: true, ExpectNonEmptyPlan: true},
				}
				if lc.fixByApply {
					steps = append(steps, resource.TestStep{Config: config,
						ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
							plancheck.ExpectResourceAction(lc.addr, plancheck.ResourceActionUpdate)}}})
				} else {
					steps = append(steps, resource.TestStep{PreConfig: func() { env.patch(t, id, lc.restore) }, Config: config,
						ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}}})
				}
				// Import by ID (after the state forgot the bindings, which stay on the
				// platform), then apply: whatever the platform's answer leaves out is
				// recorded or updated in place, never a replacement.
				ignore := append([]string{"timeouts", "area_code", "area_match_mode"}, lc.importIgnore...)
				if d.SparseRecords {
					ignore = append(ignore, lc.sparseIgnore...)
				}
				if !d.AXYBGroupRecord {
					ignore = append(ignore, lc.memberOnlyIgnore...)
				}
				steps = append(steps, resource.TestStep{Config: config, ResourceName: lc.addr, ImportState: true,
					ImportStateVerify: true, ImportStateVerifyIgnore: ignore})
				forget := env.providerConfig(lc.mode)
				for _, addr := range append([]string{lc.addr}, lc.also...) {
					forget += fmt.Sprintf("\nremoved {\n  from = %s\n  lifecycle {\n    destroy = false\n  }\n}\n", addr)
				}
				steps = append(steps, resource.TestStep{Config: forget})
				for _, addr := range append([]string{lc.addr}, lc.also...) {
					steps = append(steps, resource.TestStep{Config: config, ResourceName: addr, ImportState: true,
						ImportStateIdFunc:  func(*terraform.State) (string, error) { return ids[addr], nil },
						ImportStatePersist: true})
				}
				steps = append(steps, resource.TestStep{Config: config, ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					noReplace(lc.addr)}}})
				steps = append(steps,
					resource.TestStep{PreConfig: func() {
						if err := env.emu.DeleteBinding(id); err != nil {
							t.Fatalf("deleting %s elsewhere: %v", id, err)
						}
					}, Config: config, PlanOnly: true, ExpectNonEmptyPlan: true},
				)
				resource.Test(t, resource.TestCase{
					ProtoV6ProviderFactories: env.factories(),
					CheckDestroy:             env.checkDestroyed,
					Steps:                    steps,
				})
			})
		}
	}
}

// patch changes a binding on the platform as another system would.
func (e *accEnv) patch(t *testing.T, id string, fields map[string]any) {
	t.Helper()
	if err := e.emu.PatchBinding(id, fields); err != nil {
		t.Fatalf("patching %s: %v", id, err)
	}
}

// noReplace is a plan check: the resource is not destroyed or replaced.
func noReplace(addr string) plancheck.PlanCheck { return noReplaceCheck{addr} }

type noReplaceCheck struct{ addr string }

func (c noReplaceCheck) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	for _, rc := range req.Plan.ResourceChanges {
		if rc.Address == c.addr && rc.Change.Actions.Delete() || rc.Address == c.addr && rc.Change.Actions.Replace() {
			resp.Error = fmt.Errorf("%s: planned %v after import, want no replacement", c.addr, rc.Change.Actions)
		}
	}
}

// newAccEnvAXYBGroupRecords starts an emulator whose AXYB queries carry a
// group record (the axyb_group_record dialect, reference §17). The AXYB tests
// that need what only that record gives (the group's own bind time for an
// exact expires_at, the group's ID among the records of an X for import and
// the data source by X) run there; under the guide's member-only records the
// provider estimates expires_at and says to use the subscription ID
// (TestAccDialects, TestAccAXYBBinding_memberOnlyRecordsByX).
func newAccEnvAXYBGroupRecords(t *testing.T) *accEnv {
	t.Helper()
	cfg := testEmulatorConfig()
	cfg.Dialect.AXYBGroupRecord = true
	return newAccEnvWith(t, cfg)
}

// TestAccAXYBBinding_memberOnlyRecordsByX: when the records of an X do not
// name their group (the guide's reading), import by X and the data source by
// X fail with a message that says to use the subscription ID, and nothing
// changes; import by ID works.
func TestAccAXYBBinding_memberOnlyRecordsByX(t *testing.T) {
	env := newAccEnv(t)
	cfg := env.providerConfig("AXYB") + `
resource "privatenumber_axyb_binding" "t" {
  a_number  = "+8613800000001"
  area_code = "0755"
}
resource "privatenumber_axyb_member" "m" {
  binding_id = privatenumber_axyb_binding.t.id
  b_number   = "+8613900000001"
}`
	var x, id string
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		CheckDestroy:             env.checkDestroyed,
		Steps: []resource.TestStep{
			{Config: cfg, Check: func(s *terraform.State) error {
				rs := s.RootModule().Resources["privatenumber_axyb_binding.t"].Primary
				x, id = rs.Attributes["x_number"], rs.ID
				return nil
			}},
			{Config: cfg, ResourceName: "privatenumber_axyb_binding.t", ImportState: true,
				ImportStateIdFunc: func(*terraform.State) (string, error) { return x, nil },
				ExpectError:       wrapRE("without the subscription ID of their group", "use its subscription ID")},
			{Config: cfg, ResourceName: "privatenumber_axyb_binding.t", ImportState: true,
				ImportStateIdFunc: func(*terraform.State) (string, error) { return id, nil },
				ImportStateVerify: true, ImportStateVerifyIgnore: []string{"timeouts", "area_code", "member_lifetime"}},
			{Config: cfg + `
data "privatenumber_axyb_binding" "by_x" {
  x_number = privatenumber_axyb_binding.t.x_number
}`, ExpectError: wrapRE("use its subscription ID")},
			{Config: cfg},
		},
	})
}
