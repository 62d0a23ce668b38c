package provider

import (
	"fmt"
	"regexp"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
)

const axybOneAddr = "privatenumber_axyb_member.one"

// axybOneConfig is a group with one for_each member (customer 1) and one
// single member resource "one" with the given attributes.
func (e *accEnv) axybOneConfig(one string) string {
	return e.axybConfig("", axybCustomers(1), "") + fmt.Sprintf(`
resource "privatenumber_axyb_member" "one" {
  binding_id = privatenumber_axyb_binding.driver.id
%s
}
`, one)
}

// Every member attribute replaces only that member: the group and the other
// members are not touched.
func TestAccAXYBMember_replace(t *testing.T) {
	env := newAccEnv(t)
	step := func(one string, checks ...statecheck.StateCheck) resource.TestStep {
		return resource.TestStep{
			Config: env.axybOneConfig(one),
			ConfigPlanChecks: planIs(axybGroupAddr, actNoop,
				plancheck.ExpectResourceAction(axybMemberAddr(axybCustomer(1)), actNoop),
				plancheck.ExpectResourceAction(axybOneAddr, actDestroyCreate),
			),
			ConfigStateChecks: checks,
		}
	}
	y := func(re string) statecheck.StateCheck {
		return attrIs(axybOneAddr, "y_number", knownvalue.StringRegexp(regexp.MustCompile(re)))
	}
	env.run([]resource.TestStep{
		{
			Config: env.axybOneConfig(`  b_number = "+8613900000009"`),
			ConfigStateChecks: []statecheck.StateCheck{
				// Without area_code the platform takes a Y in the city of the group's X (010).
				y(`^\+86171`),
				attrIs(axybOneAddr, "y_hint_tone", knownvalue.Null()),
				attrIs(axybOneAddr, "area_match_mode", knownvalue.StringExact("strict")),
			},
		},
		step(`  b_number = "+8613900000010"`,
			attrIs(axybOneAddr, "b_number", knownvalue.StringExact("+8613900000010"))),
		step(`
  b_number    = "+8613900000010"
  y_hint_tone = "customer-welcome.wav"`,
			attrIs(axybOneAddr, "y_hint_tone", knownvalue.StringExact("customer-welcome.wav"))),
		step(`
  b_number  = "+8613900000010"
  area_code = "0755"`, y(`^\+86170`)),
		step(`
  b_number        = "+8613900000010"
  area_code       = "0755"
  area_match_mode = "fallback"`,
			attrIs(axybOneAddr, "area_match_mode", knownvalue.StringExact("fallback")), y(`^\+86170`)),
		{
			// Imported, the member's area_code and area_match_mode (never
			// reported by the platform) are recorded in place, not replaced.
			ResourceName:       axybOneAddr,
			ImportState:        true,
			ImportStateKind:    resource.ImportBlockWithID,
			ExpectNonEmptyPlan: true,
			ImportPlanChecks: resource.ImportPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(axybOneAddr, actUpdate),
				plannedIs(axybOneAddr, "area_code", knownvalue.StringExact("0755")),
				plannedIs(axybOneAddr, "y_number", knownvalue.StringRegexp(regexp.MustCompile(`^\+86170`))),
			}},
		},
	})
}

// A member unbound elsewhere is planned to be created again, alone.
func TestAccAXYBMember_outOfBandDelete(t *testing.T) {
	env := newAccEnv(t)
	three := axybCustomers(1, 2, 3)
	cfg := env.axybConfig("", three, "")
	env.run([]resource.TestStep{
		{Config: cfg, Check: env.axybCheckPlatform(three)},
		{
			PreConfig: func() {
				if err := env.emu.DeleteBinding(axybMemberBindID(t, env.emu, axybCustomer(2))); err != nil {
					t.Fatal(err)
				}
			},
			Config: cfg,
			ConfigPlanChecks: planIs(axybGroupAddr, actNoop,
				plancheck.ExpectResourceAction(axybMemberAddr(axybCustomer(1)), actNoop),
				plancheck.ExpectResourceAction(axybMemberAddr(axybCustomer(2)), actCreate),
				plancheck.ExpectResourceAction(axybMemberAddr(axybCustomer(3)), actNoop),
			),
			Check: env.axybCheckPlatform(three),
		},
	})
}

// Members with their own lifetime: expires_at is each member's bind time
// plus member_lifetime; when it passes only the members are created
// again, the permanent group stays.
func TestAccAXYBMember_expiry(t *testing.T) {
	env := newAccEnv(t)
	two := axybCustomers(1, 2)
	cfg := env.axybConfig(`member_lifetime = "1h"`, two, "")
	expiresLikePlatform := func(s *terraform.State) error {
		for _, b := range env.bindings("AXYB") {
			if b.BNumber == "" {
				if b.ExpiresAt != nil {
					return fmt.Errorf("the group should be permanent, it expires at %s", b.ExpiresAt)
				}
				continue
			}
			got := s.RootModule().Resources[axybMemberAddr(b.BNumber)].Primary.Attributes["expires_at"]
			if b.ExpiresAt == nil || got != expiresText(b) {
				return fmt.Errorf("member %s: state expires_at %q, platform %v", b.BNumber, got, b.ExpiresAt)
			}
		}
		return nil
	}
	check := resource.ComposeTestCheckFunc(env.axybCheckPlatform(two), expiresLikePlatform)
	env.run([]resource.TestStep{
		{
			Config: cfg,
			ConfigStateChecks: []statecheck.StateCheck{
				attrIs(axybGroupAddr, "expires_at", knownvalue.Null()),
			},
			Check: check,
		},
		axybRecreatedStep(env.later(3601*time.Second), cfg, two, actNoop, check),
	})
}

// The platform's limits, in the user's terms: the same B twice in a group
// names the B and the group; no free Y names the area code.
func TestAccAXYBMember_limits(t *testing.T) {
	env := newAccEnv(t)
	one := axybCustomers(1)
	dup := env.axybConfig("", one, "") + fmt.Sprintf(`
resource "privatenumber_axyb_member" "again" {
  binding_id = privatenumber_axyb_binding.driver.id
  b_number   = %q
  depends_on = [privatenumber_axyb_member.customer_01]
}
`, axybCustomer(1))
	// The 0755 pool has 8 numbers and none is the group's X (010): a ninth
	// member that insists on 0755 finds no free Y.
	nine := axybCustomers(1, 2, 3, 4, 5, 6, 7, 8, 9)
	full := env.axybConfig("", nine, `  area_code = "0755"`)
	env.run([]resource.TestStep{
		{Config: env.axybConfig("", one, "")},
		{
			Config: dup,
			// The same member declared twice: the platform refuses (1016002) and the
			// provider says the declared member exists and how to resolve it.
			ExpectError: regexp.MustCompile(`(?s)The AXYB member already exists.*b_number\s+\+8613900000001\s+into\s+the\s+AXYB\s+group\s+[0-9a-f]+` +
				`.*exactly\s+as\s+declared.*another\s+resource\s+of\s+this\s+configuration.*1016002`),
		},
		{
			Config:      full,
			ExpectError: regexp.MustCompile(`(?s)No\s+free\s+Y\s+for\s+B\s+\+86139\d+\s+in\s+area\s+0755.*1012008`),
		},
		{Config: env.axybConfig("", one, ""), Check: env.axybCheckPlatform(one)},
	})
}

// A member bind whose answer is lost: the group is queried by subscriptionId
// and the member found there is adopted; the bind is not sent again.
func TestAccAXYBMember_unknownOutcome(t *testing.T) {
	env := newAccEnv(t)
	one, two := axybCustomers(1), axybCustomers(1, 2)
	before := 0
	env.run([]resource.TestStep{
		{Config: env.axybConfig("", one, ""), Check: env.axybCheckPlatform(one)},
		{
			PreConfig: func() {
				before = env.axybBindRequests()
				env.fault("AXYB.bind", "drop_response_after_commit")
			},
			Config: env.axybConfig("", two, ""),
			Check: resource.ComposeTestCheckFunc(env.axybCheckPlatform(two), func(*terraform.State) error {
				env.emu.ClearFaults()
				if n := env.axybBindRequests() - before; n != 1 {
					return fmt.Errorf("expected one AXYB.bind request for the new member, the platform saw %d", n)
				}
				return nil
			}),
		},
	})
}

func TestAccAXYBMember_importErrors(t *testing.T) {
	env := newAccEnv(t)
	cfg := env.axybConfig("", axybCustomers(1), "")
	env.run([]resource.TestStep{
		{Config: cfg},
		{
			Config:        cfg,
			ResourceName:  axybMemberAddr(axybCustomer(1)),
			ImportState:   true,
			ImportStateId: "no-slash-here",
			ExpectError:   wrapRE(`"no-slash-here" is not SUBSCRIPTION_ID/B_NUMBER`),
		},
		{
			// A member that is not in the group cannot be imported.
			Config:       cfg,
			ResourceName: axybMemberAddr(axybCustomer(1)),
			ImportState:  true,
			ImportStateIdFunc: func(s *terraform.State) (string, error) {
				return s.RootModule().Resources[axybGroupAddr].Primary.ID + "/" + axybCustomer(7), nil
			},
			ExpectError: regexp.MustCompile(`(?i)cannot\s+import\s+non-existent\s+remote\s+object`),
		},
		{
			Config:        cfg,
			ResourceName:  axybGroupAddr,
			ImportState:   true,
			ImportStateId: testNumber("AXYB", "0755", 8),
			ExpectError:   wrapRE("carries no AXYB group of this application"),
		},
		{Config: cfg, ConfigPlanChecks: emptyPlan()},
	})
}
