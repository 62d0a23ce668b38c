package provider

// Test helpers of the AXYB acceptance tests: the USERS.md §4 configuration
// (a driver's group and a member per regular customer), and checks against
// the emulator's view of the platform.

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/privnum/terraform-provider-privatenumber/internal/emulator"
)

const (
	axybDriver     = "+8613800000001"
	axybGroupAddr  = "privatenumber_axyb_binding.driver"
	axybMemberType = "privatenumber_axyb_member.customer"
)

// axybCustomer is the n-th customer's real number.
func axybCustomer(n int) string { return fmt.Sprintf("+86139000000%02d", n) }

func axybCustomers(ns ...int) []string {
	out := make([]string, 0, len(ns))
	for _, n := range ns {
		out = append(out, axybCustomer(n))
	}
	return out
}

// axybMemberAddr is the address of customer b's member resource. The
// configurations of most tests give each member its own resource block: the
// harness's legacy state (Check funcs, import steps, CheckDestroy) cannot
// hold for_each instances. TestAccAXYBBinding_forEach covers the for_each
// shape of USERS.md §4 with plan and state checks only.
func axybMemberAddr(b string) string { return "privatenumber_axyb_member.customer_" + b[len(b)-2:] }

func axybMemberAddrs(customers []string) []string {
	out := make([]string, 0, len(customers))
	for _, c := range customers {
		out = append(out, axybMemberAddr(c))
	}
	return out
}

// axybForEachAddr is the address of customer b's for_each member.
func axybForEachAddr(b string) string { return fmt.Sprintf("%s[%q]", axybMemberType, b) }

// axybConfig is a driver's group (attributes beyond a_number and area_code in
// group) with one member resource per customer (attributes beyond binding_id
// and b_number in member).
func (e *accEnv) axybConfig(group string, customers []string, member string) string {
	var b strings.Builder
	b.WriteString(e.providerConfig("AXYB"))
	fmt.Fprintf(&b, `
resource "privatenumber_axyb_binding" "driver" {
%s%s
}
`, axybGroupDefaults(group), group)
	for _, c := range customers {
		fmt.Fprintf(&b, `
resource "privatenumber_axyb_member" "customer_%s" {
  binding_id = privatenumber_axyb_binding.driver.id
  b_number   = %q
%s
}
`, c[len(c)-2:], c, member)
	}
	return b.String()
}

// axybForEachConfig is the USERS.md §4 configuration as users write it.
func (e *accEnv) axybForEachConfig(customers []string) string {
	quoted := make([]string, 0, len(customers))
	for _, c := range customers {
		quoted = append(quoted, fmt.Sprintf("%q", c))
	}
	return e.providerConfig("AXYB") + fmt.Sprintf(`
variable "regular_customers" {
  type    = list(string)
  default = [%s]
}

resource "privatenumber_axyb_binding" "driver" {
  a_number  = %q
  area_code = "010"
}

resource "privatenumber_axyb_member" "customer" {
  for_each   = toset(var.regular_customers)
  binding_id = privatenumber_axyb_binding.driver.id
  b_number   = each.value
}
`, strings.Join(quoted, ", "), axybDriver)
}

// axybGroupDefaults is a_number and area_code unless group sets them itself.
func axybGroupDefaults(group string) string {
	out := ""
	if !strings.Contains(group, "a_number") {
		out += fmt.Sprintf("  a_number  = %q\n", axybDriver)
	}
	if !strings.Contains(group, "area_code") {
		out += "  area_code = \"010\"\n"
	}
	return out
}

// axybGroups is the emulator's AXYB groups: the group entry and its members.
func axybGroups(emu *emulator.Emulator) map[string][]emulator.AdminBinding {
	out := map[string][]emulator.AdminBinding{}
	for _, b := range emu.Bindings(testAppKey("AXYB"), "AXYB") {
		out[b.SubscriptionID] = append(out[b.SubscriptionID], b)
	}
	return out
}

// axybView is what the state says about the group and its members.
type axybView struct {
	groupID, x string
	members    map[string][2]string // b_number → {y_number, binding_id}
}

// compare checks that the platform holds exactly one group, the one in the
// state, with exactly the members in the state, which are the given customers.
func (v axybView) compare(emu *emulator.Emulator, customers []string) error {
	groups := axybGroups(emu)
	if len(groups) != 1 {
		return fmt.Errorf("expected 1 AXYB group on the platform, got %d", len(groups))
	}
	entries := groups[v.groupID]
	if len(entries) == 0 {
		return fmt.Errorf("group %q of the state is not on the platform", v.groupID)
	}
	if !strings.HasPrefix(entries[0].ANumber, "+86138") || entries[0].XNumber != v.x {
		return fmt.Errorf("platform group A %s X %s, state x_number %s", entries[0].ANumber, entries[0].XNumber, v.x)
	}
	var got []string
	for _, m := range entries[1:] {
		got = append(got, m.BNumber)
		st, ok := v.members[m.BNumber]
		if !ok {
			return fmt.Errorf("member %s is on the platform but not in state", m.BNumber)
		}
		if st[0] != m.YNumber || st[1] != v.groupID {
			return fmt.Errorf("member %s: state y_number %s binding_id %s, platform Y %s group %s", m.BNumber, st[0], st[1], m.YNumber, v.groupID)
		}
	}
	if len(got) != len(v.members) {
		return fmt.Errorf("state holds %d members, the platform %d", len(v.members), len(got))
	}
	want := append([]string(nil), customers...)
	sort.Strings(got)
	sort.Strings(want)
	if strings.Join(got, ",") != strings.Join(want, ",") {
		return fmt.Errorf("platform members %v, want %v", got, want)
	}
	return nil
}

// axybCheckPlatform compares the platform with the (legacy) state.
func (e *accEnv) axybCheckPlatform(customers []string) func(*terraform.State) error {
	return func(s *terraform.State) error {
		v := axybView{members: map[string][2]string{}}
		for addr, r := range s.RootModule().Resources {
			switch {
			case addr == axybGroupAddr:
				v.groupID, v.x = r.Primary.ID, r.Primary.Attributes["x_number"]
			case r.Type == "privatenumber_axyb_member":
				a := r.Primary.Attributes
				v.members[a["b_number"]] = [2]string{a["y_number"], a["binding_id"]}
			}
		}
		return v.compare(e.emu, customers)
	}
}

// axybPlatformIs is axybCheckPlatform as a state check (it works with for_each).
func (e *accEnv) axybPlatformIs(customers []string) statecheck.StateCheck {
	return axybPlatformCheck{e, customers}
}

type axybPlatformCheck struct {
	env       *accEnv
	customers []string
}

func (c axybPlatformCheck) CheckState(_ context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	if req.State == nil || req.State.Values == nil || req.State.Values.RootModule == nil {
		resp.Error = fmt.Errorf("no state")
		return
	}
	v := axybView{members: map[string][2]string{}}
	str := func(m map[string]any, k string) string { s, _ := m[k].(string); return s }
	for _, r := range req.State.Values.RootModule.Resources {
		if string(r.Mode) != "managed" {
			continue
		}
		switch r.Type {
		case "privatenumber_axyb_binding":
			v.groupID, v.x = str(r.AttributeValues, "id"), str(r.AttributeValues, "x_number")
		case "privatenumber_axyb_member":
			v.members[str(r.AttributeValues, "b_number")] = [2]string{str(r.AttributeValues, "y_number"), str(r.AttributeValues, "binding_id")}
		}
	}
	resp.Error = v.compare(c.env.emu, c.customers)
}

// axybMemberBindID is the platform's bindId of member b (DeleteBinding takes it).
func axybMemberBindID(t *testing.T, emu *emulator.Emulator, b string) string {
	t.Helper()
	for _, m := range emu.Bindings(testAppKey("AXYB"), "AXYB") {
		if m.BNumber == b {
			if id, ok := m.Fields["bindId"].(string); ok && id != "" {
				return id
			}
		}
	}
	t.Fatalf("member %s not on the platform", b)
	return ""
}

// axybMembersAction expects action for every listed member.
func axybMembersAction(customers []string, action plancheck.ResourceActionType) []plancheck.PlanCheck {
	return actionsOn(axybMemberAddrs(customers), action)
}

// axybRecreatedStep is a step in which bindings leave the platform behind
// Terraform's back (gone runs first: env.disappears or env.later): the plan is
// groupAction for the group and a create for every member of customers, and
// check holds after the apply.
func axybRecreatedStep(gone func(), cfg string, customers []string, groupAction plancheck.ResourceActionType, check resource.TestCheckFunc) resource.TestStep {
	return resource.TestStep{
		PreConfig:        gone,
		Config:           cfg,
		ConfigPlanChecks: planIs(axybGroupAddr, groupAction, axybMembersAction(customers, actCreate)...),
		Check:            check,
	}
}

// axybBindRequests is how many AXYB.bind requests reached the platform.
func (e *accEnv) axybBindRequests() int { return e.requests("AXYB.bind") }
