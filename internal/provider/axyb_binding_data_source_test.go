package provider

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
)

// The data source finds a group by id and by X, with its members as the
// platform has them.
func TestAccAXYBBindingDataSource(t *testing.T) {
	env := newAccEnvAXYBGroupRecords(t)
	two := axybCustomers(1, 2)
	cfg := env.axybConfig(`
  lifetime        = "24h"
  member_lifetime = "1h"
  user_data               = "driver=42"`, two, `  y_hint_tone = "customer-welcome.wav"`) + `
data "privatenumber_axyb_binding" "by_id" {
  id = privatenumber_axyb_binding.driver.id
  depends_on = [privatenumber_axyb_member.customer_01, privatenumber_axyb_member.customer_02]
}
data "privatenumber_axyb_binding" "by_x" {
  x_number = privatenumber_axyb_binding.driver.x_number
  depends_on = [privatenumber_axyb_member.customer_01, privatenumber_axyb_member.customer_02]
}
`
	sameAsResource := func(data string) resource.TestCheckFunc {
		var checks []resource.TestCheckFunc
		for _, a := range []string{"id", "a_number", "x_number", "call_direction", "lifetime", "member_lifetime", "record_calls", "user_data", "expires_at"} {
			checks = append(checks, resource.TestCheckResourceAttrPair(data, a, axybGroupAddr, a))
		}
		checks = append(checks, resource.TestCheckResourceAttr(data, "members.#", "2"), func(s *terraform.State) error {
			attrs := s.RootModule().Resources[data].Primary.Attributes
			for i := 0; i < 2; i++ {
				b := attrs[fmt.Sprintf("members.%d.b_number", i)]
				m := s.RootModule().Resources[axybMemberAddr(b)]
				if m == nil {
					return fmt.Errorf("%s lists member %q, which is not in state", data, b)
				}
				for _, a := range []string{"id", "y_number", "y_hint_tone", "expires_at"} {
					if got, want := attrs[fmt.Sprintf("members.%d.%s", i, a)], m.Primary.Attributes[a]; got != want {
						return fmt.Errorf("%s members.%d.%s = %q, the member resource has %q", data, i, a, got, want)
					}
				}
			}
			return nil
		})
		return resource.ComposeTestCheckFunc(checks...)
	}
	env.run([]resource.TestStep{
		{
			Config: env.providerConfig("AXYB") + fmt.Sprintf(`
data "privatenumber_axyb_binding" "nothing" {
  x_number = %q
}`, testNumber("AXYB", "010", 8)),
			ExpectError: wrapRE("X " + testNumber("AXYB", "010", 8) + " carries no AXYB group of this application"),
		},
		{
			Config: env.providerConfig("AXYB") + `
data "privatenumber_axyb_binding" "nothing" {
  id = "0123456789abcdef0123456789abcdef"
}`,
			ExpectError: wrapRE(`The application has no AXYB group with subscription ID "0123456789abcdef0123456789abcdef"`),
		},
		{
			Config: env.providerConfig("AXYB") + `
data "privatenumber_axyb_binding" "both" {
  id       = "abc"
  x_number = "+8617100000301"
}`,
			ExpectError: wrapRE(`Invalid Attribute Combination`),
		},
		{
			Config: cfg,
			Check:  resource.ComposeTestCheckFunc(env.axybCheckPlatform(two), sameAsResource("data.privatenumber_axyb_binding.by_id"), sameAsResource("data.privatenumber_axyb_binding.by_x")),
		},
	})
}
