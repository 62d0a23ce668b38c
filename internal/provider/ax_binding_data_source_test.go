package provider

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
)

// axDataFixture: A1 holds three X (two given, one picked in 010) with
// settings, A2 holds one.
func axDataFixture(env *accEnv) string {
	return env.providerConfig("AX") + fmt.Sprintf(`
resource "privatenumber_ax_binding" "desk1" {
  a_number         = %q
  x_number         = %q
  max_call_minutes = 15
  user_data        = "clinic=futian"
}
resource "privatenumber_ax_binding" "desk2" {
  a_number = %q
  x_number = %q
}
resource "privatenumber_ax_binding" "picked" {
  a_number       = %q
  area_code      = "010"
  call_direction = "others_to_a"
}
resource "privatenumber_ax_binding" "other" {
  a_number = %q
  x_number = %q
}
`, axA1, axX("0755", 1), axA1, axX("0755", 2), axA1, axA2, axX("0755", 3))
}

// TestAccAXBindingDataSource_lookups: the binding by id and by x_number
// reports the resource's attributes; a missing X is an error that says what to use.
func TestAccAXBindingDataSource_lookups(t *testing.T) {
	env := newAccEnv(t)
	fixture := axDataFixture(env)
	x1 := axX("0755", 1)
	env.run([]resource.TestStep{
		{Config: fixture},
		{
			Config: fixture + fmt.Sprintf(`
data "privatenumber_ax_binding" "by_id" {
  id = privatenumber_ax_binding.picked.id
}
data "privatenumber_ax_binding" "by_x" {
  x_number = %q
}
`, x1),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.CompareValuePairs("data.privatenumber_ax_binding.by_id", tfjsonpath.New("x_number"),
					"privatenumber_ax_binding.picked", tfjsonpath.New("x_number"), compare.ValuesSame()),
				attrIs("data.privatenumber_ax_binding.by_id", "x_number", knownvalue.StringExact(axX("010", 1))),
				attrIs("data.privatenumber_ax_binding.by_id", "a_number", knownvalue.StringExact(axA1)),
				attrIs("data.privatenumber_ax_binding.by_id", "call_direction", knownvalue.StringExact("others_to_a")),
				attrIs("data.privatenumber_ax_binding.by_id", "user_data", knownvalue.Null()),
				statecheck.CompareValuePairs("data.privatenumber_ax_binding.by_x", tfjsonpath.New("id"),
					"privatenumber_ax_binding.desk1", tfjsonpath.New("id"), compare.ValuesSame()),
				attrIs("data.privatenumber_ax_binding.by_x", "a_number", knownvalue.StringExact(axA1)),
				attrIs("data.privatenumber_ax_binding.by_x", "max_call_minutes", knownvalue.Int64Exact(15)),
				attrIs("data.privatenumber_ax_binding.by_x", "user_data", knownvalue.StringExact("clinic=futian")),
				attrIs("data.privatenumber_ax_binding.by_x", "sms_enabled", knownvalue.Bool(true)),
				attrIs("data.privatenumber_ax_binding.by_x", "caller_id_to_a", knownvalue.StringExact("x_number")),
				attrIs("data.privatenumber_ax_binding.by_x", "power_on", knownvalue.Bool(true)),
			},
		},
		{
			Config: fixture + fmt.Sprintf(`
data "privatenumber_ax_binding" "free" {
  x_number = %q
}
`, axX("0755", 8)),
			ExpectError: regexp.MustCompile(`(?s)No AX binding on this X.*` + regexp.QuoteMeta(axX("0755", 8)) + `.*privatenumber_ax_bindings`),
		},
		{
			Config:      fixture + "\ndata \"privatenumber_ax_binding\" \"none\" {}\n",
			ExpectError: regexp.MustCompile(`(?s)id.*x_number`),
		},
		{Config: fixture},
	})
}

// TestAccAXBindingsDataSource_list: every X of an A, sorted by X; the binding
// on one X; an empty list for a free X.
func TestAccAXBindingsDataSource_list(t *testing.T) {
	env := newAccEnv(t)
	fixture := axDataFixture(env)
	env.run([]resource.TestStep{
		{Config: fixture},
		{
			Config: fixture + fmt.Sprintf(`
data "privatenumber_ax_bindings" "a1" {
  a_number   = %q
  depends_on = [privatenumber_ax_binding.desk1, privatenumber_ax_binding.desk2, privatenumber_ax_binding.picked]
}
data "privatenumber_ax_bindings" "on_x" {
  x_number = %q
}
data "privatenumber_ax_bindings" "free" {
  x_number = %q
}
`, axA1, axX("0755", 3), axX("0755", 8)),
			ConfigStateChecks: []statecheck.StateCheck{
				attrIs("data.privatenumber_ax_bindings.a1", "bindings", knownvalue.ListExact([]knownvalue.Check{
					knownvalue.ObjectPartial(map[string]knownvalue.Check{"x_number": knownvalue.StringExact(axX("0755", 1)), "a_number": knownvalue.StringExact(axA1),
						"max_call_minutes": knownvalue.Int64Exact(15), "user_data": knownvalue.StringExact("clinic=futian")}),
					knownvalue.ObjectPartial(map[string]knownvalue.Check{"x_number": knownvalue.StringExact(axX("0755", 2)), "a_number": knownvalue.StringExact(axA1)}),
					knownvalue.ObjectPartial(map[string]knownvalue.Check{"x_number": knownvalue.StringExact(axX("010", 1)), "a_number": knownvalue.StringExact(axA1),
						"call_direction": knownvalue.StringExact("others_to_a")}),
				})),
				attrIs("data.privatenumber_ax_bindings.on_x", "bindings", knownvalue.ListExact([]knownvalue.Check{
					knownvalue.ObjectPartial(map[string]knownvalue.Check{"x_number": knownvalue.StringExact(axX("0755", 3)), "a_number": knownvalue.StringExact(axA2)}),
				})),
				statecheck.CompareValuePairs("data.privatenumber_ax_bindings.on_x", tfjsonpath.New("bindings").AtSliceIndex(0).AtMapKey("id"),
					"privatenumber_ax_binding.other", tfjsonpath.New("id"), compare.ValuesSame()),
				attrIs("data.privatenumber_ax_bindings.free", "bindings", knownvalue.ListSizeExact(0)),
			},
		},
	})
}
