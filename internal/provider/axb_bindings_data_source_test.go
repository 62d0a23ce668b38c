package provider

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/privnum/terraform-provider-privatenumber/internal/client"
)

// axbSeed binds n pairs on x with the client directly, as a script outside
// Terraform would, and returns their IDs.
func (e *accEnv) axbSeed(t *testing.T, x string, n int) []string {
	t.Helper()
	c := e.client("AXB")
	ids := make([]string, 0, n)
	for i := 0; i < n; i++ {
		res, err := c.BindAXB(context.Background(), client.AXBBindRequest{
			XNumber: x, ANumber: fmt.Sprintf("+861370000%04d", i), BNumber: fmt.Sprintf("+861360000%04d", i), PrivateSMS: true,
		})
		if err != nil {
			t.Fatalf("seeding binding %d: %v", i, err)
		}
		ids = append(ids, res.SubscriptionID)
	}
	return ids
}

// The list data source walks every page: 125 bindings on one X (more than one
// page of the platform's largest page size, 100) all come back, and filters by
// A or B; the single data source finds a binding by id and by its numbers, with
// the resource's values.
func TestAccAXBBindingDataSources(t *testing.T) {
	env := newAccEnv(t)
	seededX := testNumber("AXB", "0755", 6)
	x := testNumber("AXB", "0755", 7)
	var seeded []string
	cfg := axbConfig(env, map[string]string{
		"x_number": hq(x), "a_number": hq(axbA(1)), "b_number": hq(axbB(1)), "call_direction": hq("a_to_b"),
		"lifetime": hq("1h"), "max_call_minutes": "5", "last_minute_tone": hq("last.wav"),
		"a_hint_tone": hq("a.wav"), "user_data": hq("account=acme"),
	}) + fmt.Sprintf(`
data "privatenumber_axb_binding" "by_id" {
  id = privatenumber_axb_binding.test.id
}
data "privatenumber_axb_binding" "by_numbers" {
  x_number = privatenumber_axb_binding.test.x_number
  a_number = privatenumber_axb_binding.test.a_number
  b_number = privatenumber_axb_binding.test.b_number
}
data "privatenumber_axb_bindings" "on_x" {
  x_number = privatenumber_axb_binding.test.x_number
}
data "privatenumber_axb_bindings" "seeded" {
  x_number = %[1]q
}
data "privatenumber_axb_bindings" "seeded_a" {
  x_number = %[1]q
  a_number = "+8613700000007"
}
data "privatenumber_axb_bindings" "seeded_b" {
  x_number = %[1]q
  b_number = "+8613600000124"
}
`, seededX)

	var pairs []statecheck.StateCheck
	for _, name := range []string{"id", "x_number", "a_number", "b_number", "call_direction", "lifetime", "expires_at",
		"record_calls", "record_hint_tone", "max_call_minutes", "last_minute_tone", "sms_enabled", "a_hint_tone", "b_hint_tone", "user_data"} {
		for _, ds := range []string{"data.privatenumber_axb_binding.by_id", "data.privatenumber_axb_binding.by_numbers"} {
			pairs = append(pairs, statecheck.CompareValuePairs(axbAddr, tfjsonpath.New(name), ds, tfjsonpath.New(name), compare.ValuesSame()))
		}
		pairs = append(pairs, statecheck.CompareValuePairs(axbAddr, tfjsonpath.New(name),
			"data.privatenumber_axb_bindings.on_x", tfjsonpath.New("bindings").AtSliceIndex(0).AtMapKey(name), compare.ValuesSame()))
	}
	pairs = append(pairs,
		attrIs("data.privatenumber_axb_bindings.on_x", "bindings", knownvalue.ListSizeExact(1)),
		attrIs("data.privatenumber_axb_bindings.seeded", "bindings", knownvalue.ListSizeExact(125)),
		attrIs("data.privatenumber_axb_bindings.seeded_a", "bindings", knownvalue.ListExact([]knownvalue.Check{
			knownvalue.ObjectPartial(map[string]knownvalue.Check{
				"x_number": knownvalue.StringExact(seededX), "a_number": knownvalue.StringExact("+8613700000007"),
				"b_number": knownvalue.StringExact("+8613600000007"), "call_direction": knownvalue.StringExact("both"),
				"sms_enabled": knownvalue.Bool(true), "expires_at": knownvalue.Null(), "user_data": knownvalue.Null(),
			}),
		})),
		attrIs("data.privatenumber_axb_bindings.seeded_b", "bindings", knownvalue.ListExact([]knownvalue.Check{
			knownvalue.ObjectPartial(map[string]knownvalue.Check{"a_number": knownvalue.StringExact("+8613700000124")}),
		})),
	)
	// Every seeded binding, each once.
	allSeeded := func(s *terraform.State) error {
		attrs := s.RootModule().Resources["data.privatenumber_axb_bindings.seeded"].Primary.Attributes
		var got []string
		for k, v := range attrs {
			if strings.HasPrefix(k, "bindings.") && strings.HasSuffix(k, ".id") {
				got = append(got, v)
			}
		}
		want := append([]string(nil), seeded...)
		sort.Strings(got)
		sort.Strings(want)
		if strings.Join(got, ",") != strings.Join(want, ",") {
			return fmt.Errorf("the data source lists %d bindings, the platform holds %d seeded ones; they differ", len(got), len(want))
		}
		return nil
	}
	env.run([]resource.TestStep{
		{
			PreConfig:         func() { seeded = env.axbSeed(t, seededX, 125) },
			Config:            cfg,
			ConfigStateChecks: pairs,
			Check:             allSeeded,
		},
		{
			Config: env.providerConfig("AXB") + `
data "privatenumber_axb_binding" "none" {
  x_number = "` + x + `"
  a_number = "+8613800000099"
  b_number = "+8613900000099"
}`,
			ExpectError: wrapPattern(`(?s)No such AXB binding.*X \` + x + ` carries no binding of A \+8613800000099 and B \+8613900000099`),
		},
		{
			Config:      env.providerConfig("AXB") + `data "privatenumber_axb_binding" "none" { x_number = "` + x + `" }`,
			ExpectError: wrapPattern(`(?s)A lookup by numbers needs all of x_number, a_number and b_number: set a_number`),
		},
		{
			Config:      env.providerConfig("AXB") + `data "privatenumber_axb_binding" "none" {}`,
			ExpectError: wrapPattern(`(?s)Set id to the binding's subscriptionId, or set x_number, a_number and b_number`),
		},
		{
			PreConfig: func() {
				for _, id := range seeded {
					if err := env.emu.DeleteBinding(id); err != nil {
						t.Fatal(err)
					}
				}
			},
			Config: cfg,
			ConfigStateChecks: []statecheck.StateCheck{
				attrIs("data.privatenumber_axb_bindings.seeded", "bindings", knownvalue.ListSizeExact(0)),
			},
		},
	})
}
