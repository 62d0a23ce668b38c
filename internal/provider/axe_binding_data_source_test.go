package provider

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
)

// TestAccAXEBindingDataSource: a binding read by id and by X + extension
// carries the resource's values.
func TestAccAXEBindingDataSource(t *testing.T) {
	env := newAccEnv(t)
	cfg := env.config("AXE", fmt.Sprintf(`
resource "privatenumber_axe_binding" "m" {
  a_number         = %q
  x_number         = %q
  extension        = "021"
  caller_id_to_a   = "real_caller"
  record_calls     = true
  callback_tone    = "cb.wav"
  lifetime         = "90m"
  user_data        = "merchant=21"
}
data "privatenumber_axe_binding" "by_id" {
  id = privatenumber_axe_binding.m.id
}
data "privatenumber_axe_binding" "by_key" {
  x_number  = privatenumber_axe_binding.m.x_number
  extension = privatenumber_axe_binding.m.extension
}
`, axeA1, axeX(1)))
	checks := []statecheck.StateCheck{}
	for _, ds := range []string{"data.privatenumber_axe_binding.by_id", "data.privatenumber_axe_binding.by_key"} {
		for attr, want := range map[string]knownvalue.Check{
			"a_number":          knownvalue.StringExact(axeA1),
			"x_number":          knownvalue.StringExact(axeX(1)),
			"extension":         knownvalue.StringExact("021"),
			"caller_id_to_a":    knownvalue.StringExact("real_caller"),
			"record_calls":      knownvalue.Bool(true),
			"callback_tone":     knownvalue.StringExact("cb.wav"),
			"callback_number":   knownvalue.Null(),
			"record_hint_tone":  knownvalue.Null(),
			"lifetime":          knownvalue.StringExact("1h30m"),
			"callback_lifetime": knownvalue.StringExact("24h"),
			"user_data":         knownvalue.StringExact("merchant=21"),
		} {
			checks = append(checks, statecheck.ExpectKnownValue(ds, tfjsonpath.New(attr), want))
		}
		checks = append(checks, statecheck.CompareValuePairs(ds, tfjsonpath.New("id"), axeM, tfjsonpath.New("id"), compare.ValuesSame()))
	}
	env.run([]resource.TestStep{
		{Config: cfg, ConfigStateChecks: checks},
		{
			Config: env.config("AXE", `
data "privatenumber_axe_binding" "m" {
  x_number = "+8617000000201"
}
`),
			ExpectError: wrapRE("extension", "set extension as well"),
		},
		{
			Config: env.config("AXE", fmt.Sprintf(`
data "privatenumber_axe_binding" "m" {
  x_number  = %q
  extension = "999"
}
`, axeX(1))),
			ExpectError: wrapRE("no extension 999 on X "+axeX(1), "1016001"),
		},
		{Config: cfg, ConfigStateChecks: checks},
	})
}

// TestAccAXEBindingsDataSource_cursor: every binding on an X, across v2.0
// pages (more than 100 bindings), and an empty list for an X without any.
func TestAccAXEBindingsDataSource_cursor(t *testing.T) {
	env := newAccEnv(t)
	env.axeSeed(t, axeX(1), 130)
	env.emu.ResetStats()
	env.runCase(resource.TestCase{
		// The seeded bindings are not Terraform's; the data source creates nothing.
		Steps: []resource.TestStep{
			{
				Config: env.config("AXE", fmt.Sprintf(`
data "privatenumber_axe_bindings" "full" {
  x_number = %q
}
data "privatenumber_axe_bindings" "empty" {
  x_number = %q
}
`, axeX(1), axeX(2))),
				ConfigStateChecks: []statecheck.StateCheck{
					attrIs("data.privatenumber_axe_bindings.full", "bindings", knownvalue.ListSizeExact(130)),
					statecheck.ExpectKnownValue("data.privatenumber_axe_bindings.full", tfjsonpath.New("bindings").AtSliceIndex(129).AtMapKey("extension"), knownvalue.StringExact("130")),
					statecheck.ExpectKnownValue("data.privatenumber_axe_bindings.full", tfjsonpath.New("bindings").AtSliceIndex(0).AtMapKey("a_number"), knownvalue.StringExact("+8613700000001")),
					attrIs("data.privatenumber_axe_bindings.empty", "bindings", knownvalue.ListSizeExact(0)),
				},
				Check: func(*terraform.State) error {
					// Two pages for the full X, one for the empty one, per read (plan and apply may both read).
					if n := env.requests("AXE.query"); n < 3 || n%3 != 0 {
						return fmt.Errorf("%d AXE.query requests; want 3 per read (two pages of X1, one of X2)", n)
					}
					return nil
				},
			},
		},
	})
}
