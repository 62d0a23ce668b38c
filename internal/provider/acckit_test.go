package provider

// The acceptance-test kit the four modes share: configurations, plan and
// state checks, and checks and out-of-band changes through the emulator's
// admin API. The harness itself (engine, emulator, provider factories) is in
// acctest_test.go; what only one mode needs stays beside that mode's tests.

import (
	"encoding/json"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/privnum/terraform-provider-privatenumber/internal/client"
	"github.com/privnum/terraform-provider-privatenumber/internal/emulator"
)

// ---- running a test case

// run runs steps as a parallel test case against this environment, with
// CheckDestroy asserting that the platform holds no binding afterwards.
func (e *accEnv) run(steps []resource.TestStep) {
	e.t.Helper()
	e.runCase(resource.TestCase{CheckDestroy: e.checkDestroyed, Steps: steps})
}

// runCase runs tc as a parallel test case with this environment's provider.
func (e *accEnv) runCase(tc resource.TestCase) {
	e.t.Helper()
	tc.ProtoV6ProviderFactories = e.factories()
	resource.ParallelTest(e.t, tc)
}

// ---- configurations

// config is mode's provider block followed by the given blocks.
func (e *accEnv) config(mode string, blocks ...string) string {
	return e.providerConfig(mode) + strings.Join(blocks, "")
}

// hq quotes s as an HCL string literal.
func hq(s string) string { return fmt.Sprintf("%q", s) }

// resourceHCL renders a resource block; attrs holds HCL expressions by
// attribute name (strings already quoted with hq), written in name order.
func resourceHCL(typ, name string, attrs map[string]string) string {
	keys := make([]string, 0, len(attrs))
	for k := range attrs {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	for _, k := range keys {
		fmt.Fprintf(&b, "  %s = %s\n", k, attrs[k])
	}
	return resourceBody(typ, name, b.String())
}

// resourceBody renders a resource block around a body written by hand (for
// nested blocks such as timeouts).
func resourceBody(typ, name, body string) string {
	return fmt.Sprintf("\nresource %q %q {\n%s\n}\n", typ, name, strings.TrimRight(body, "\n"))
}

// withAttrs returns a copy of attrs with the changes applied ("" deletes).
func withAttrs(attrs, changes map[string]string) map[string]string {
	out := make(map[string]string, len(attrs)+len(changes))
	for k, v := range attrs {
		out[k] = v
	}
	for k, v := range changes {
		if v == "" {
			delete(out, k)
		} else {
			out[k] = v
		}
	}
	return out
}

// lazyString is a config variable read when its step runs, for values only an
// earlier step learns (such as the X the platform picked).
type lazyString struct{ p *string }

func (v lazyString) MarshalJSON() ([]byte, error) { return json.Marshal(*v.p) }

// wrapPattern compiles a regular expression in which every space also matches
// a line break: the engine wraps diagnostics to its terminal width.
func wrapPattern(pattern string) *regexp.Regexp {
	return regexp.MustCompile(strings.ReplaceAll(pattern, " ", `\s+`))
}

// ---- plan and state checks

// The plan actions the tests expect.
const (
	actCreate  = plancheck.ResourceActionCreate
	actUpdate  = plancheck.ResourceActionUpdate
	actNoop    = plancheck.ResourceActionNoop
	actDestroy = plancheck.ResourceActionDestroy
	// actReplace is a replacement in either order; actDestroyCreate only destroy, then create.
	actReplace       = plancheck.ResourceActionReplace
	actDestroyCreate = plancheck.ResourceActionDestroyBeforeCreate
)

// acrossSteps compares a value across the steps that add it (statecheck.CompareValue).
type acrossSteps interface {
	AddStateValue(addr string, path tfjsonpath.Path) statecheck.StateCheck
}

// sameAcrossSteps: the value must not change.
func sameAcrossSteps() acrossSteps { return statecheck.CompareValue(compare.ValuesSame()) }

// newEachStep: the value must change every time.
func newEachStep() acrossSteps { return statecheck.CompareValue(compare.ValuesDiffer()) }

// valueOf adds attr of addr in this step's state to the comparison cv.
func valueOf(cv acrossSteps, addr, attr string) statecheck.StateCheck {
	return cv.AddStateValue(addr, tfjsonpath.New(attr))
}

// planIs expects action on addr before apply, plus any further checks.
func planIs(addr string, action plancheck.ResourceActionType, more ...plancheck.PlanCheck) resource.ConfigPlanChecks {
	return resource.ConfigPlanChecks{PreApply: append([]plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, action)}, more...)}
}

// planIsThenEmpty is planIs, and an empty plan after the apply and a refresh.
func planIsThenEmpty(addr string, action plancheck.ResourceActionType, more ...plancheck.PlanCheck) resource.ConfigPlanChecks {
	c := planIs(addr, action, more...)
	c.PostApplyPostRefresh = []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}
	return c
}

// emptyPlan expects nothing to do.
func emptyPlan() resource.ConfigPlanChecks {
	return resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}}
}

// emptyAfterApply expects an empty plan after the apply and a refresh.
func emptyAfterApply() resource.ConfigPlanChecks {
	return resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}}
}

// actionsOn expects action on every address.
func actionsOn(addrs []string, action plancheck.ResourceActionType) []plancheck.PlanCheck {
	out := make([]plancheck.PlanCheck, 0, len(addrs))
	for _, a := range addrs {
		out = append(out, plancheck.ExpectResourceAction(a, action))
	}
	return out
}

// plannedIs expects attr of addr to be v in the plan.
func plannedIs(addr, attr string, v knownvalue.Check) plancheck.PlanCheck {
	return plancheck.ExpectKnownValue(addr, tfjsonpath.New(attr), v)
}

// plannedUnknown expects attr of addr to be known only after apply.
func plannedUnknown(addr, attr string) plancheck.PlanCheck {
	return plancheck.ExpectUnknownValue(addr, tfjsonpath.New(attr))
}

// attrIs expects attr of addr to be v in the state.
func attrIs(addr, attr string, v knownvalue.Check) statecheck.StateCheck {
	return statecheck.ExpectKnownValue(addr, tfjsonpath.New(attr), v)
}

// stateAttr is attr of the resource at addr in the (legacy) state.
func stateAttr(s *terraform.State, addr, attr string) (string, error) {
	rs, ok := s.RootModule().Resources[addr]
	if !ok {
		return "", fmt.Errorf("%s not in state", addr)
	}
	if attr == "id" {
		return rs.Primary.ID, nil
	}
	return rs.Primary.Attributes[attr], nil
}

// captureAttr stores attr of addr into *dst for a later step's PreConfig or
// configuration; an empty value fails.
func captureAttr(addr, attr string, dst *string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		v, err := stateAttr(s, addr, attr)
		if err != nil {
			return err
		}
		if v == "" {
			return fmt.Errorf("%s.%s is empty", addr, attr)
		}
		*dst = v
		return nil
	}
}

// captureID is captureAttr of the id.
func captureID(addr string, dst *string) resource.TestCheckFunc { return captureAttr(addr, "id", dst) }

// importIDOf is an import ID made of attributes of addr joined by "/".
func importIDOf(addr string, attrs ...string) resource.ImportStateIdFunc {
	return func(s *terraform.State) (string, error) {
		parts := make([]string, 0, len(attrs))
		for _, a := range attrs {
			v, err := stateAttr(s, addr, a)
			if err != nil {
				return "", err
			}
			parts = append(parts, v)
		}
		return strings.Join(parts, "/"), nil
	}
}

// ---- the platform, through the emulator's admin API

// bindings is what the platform holds for the test application of mode.
func (e *accEnv) bindings(mode string) []emulator.AdminBinding {
	return e.emu.Bindings(testAppKey(mode), mode)
}

// only is the one binding of mode on the platform; there must be exactly one.
func (e *accEnv) only(mode string) emulator.AdminBinding {
	e.t.Helper()
	list := e.bindings(mode)
	if len(list) != 1 {
		e.t.Fatalf("expected exactly one %s binding on the platform, found %d: %+v", mode, len(list), list)
	}
	return list[0]
}

// fieldText is a platform field as text ("" when absent).
func fieldText(b emulator.AdminBinding, k string) string { return anyText(b.Fields[k]) }

// anyText is a value decoded from JSON as text ("" for null).
func anyText(v any) string {
	if v == nil {
		return ""
	}
	return fmt.Sprint(v)
}

// expiresText is when a binding expires as the state writes it ("" for never).
func expiresText(b emulator.AdminBinding) string {
	if b.ExpiresAt == nil {
		return ""
	}
	return b.ExpiresAt.UTC().Format(time.RFC3339)
}

// checkFields checks that the one binding of mode on the platform carries the
// fields want (as text, "" for absent).
func (e *accEnv) checkFields(mode string, want map[string]string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		b := e.only(mode)
		var diffs []string
		for k, v := range want {
			if got := fieldText(b, k); got != v {
				diffs = append(diffs, fmt.Sprintf("%s = %q, want %q", k, got, v))
			}
		}
		if len(diffs) > 0 {
			sort.Strings(diffs)
			return fmt.Errorf("platform binding %s: %s", b.SubscriptionID, strings.Join(diffs, "; "))
		}
		return nil
	}
}

// checkCount checks how many bindings of mode the platform holds.
func (e *accEnv) checkCount(mode string, n int) resource.TestCheckFunc {
	return func(*terraform.State) error {
		if got := len(e.bindings(mode)); got != n {
			return fmt.Errorf("the platform holds %d %s bindings, want %d", got, mode, n)
		}
		return nil
	}
}

// requests is how many requests of an operation ("AX.bind") reached the platform.
func (e *accEnv) requests(op string) int { return e.emu.Stats().Requests[op] }

// checkRequests checks how many requests of op reached the platform.
func (e *accEnv) checkRequests(op string, n int) resource.TestCheckFunc {
	return func(*terraform.State) error {
		if got := e.requests(op); got != n {
			return fmt.Errorf("the platform saw %d %s requests, want %d", got, op, n)
		}
		return nil
	}
}

// fault makes every request of op fail the way kind says (emulator faults).
func (e *accEnv) fault(op, kind string) {
	e.t.Helper()
	if err := e.emu.SetFaults(emulator.Faults{Rules: []emulator.FaultRule{{Operation: op, Kind: kind}}}); err != nil {
		e.t.Fatal(err)
	}
}

// disappears is a PreConfig that unbinds the binding *id behind Terraform's back.
func (e *accEnv) disappears(id *string) func() {
	return func() {
		if err := e.emu.DeleteBinding(*id); err != nil {
			e.t.Fatalf("deleting %s out of band: %v", *id, err)
		}
	}
}

// patched is a PreConfig that changes fields of the binding *id behind Terraform's back.
func (e *accEnv) patched(id *string, fields map[string]any) func() {
	return func() {
		if err := e.emu.PatchBinding(*id, fields); err != nil {
			e.t.Fatalf("patching %s out of band: %v", *id, err)
		}
	}
}

// later is a PreConfig that moves the platform's clock d ahead (lifetimes pass).
func (e *accEnv) later(d time.Duration) func() { return func() { e.emu.AdvanceClock(d) } }

// recreatedStep is a step in which the binding *id of addr leaves the platform
// behind Terraform's back (gone runs first: e.disappears or e.later): the plan
// creates it again, the apply leaves nothing to do, check holds, and *id
// takes the new binding's id.
func (e *accEnv) recreatedStep(gone func(), cfg, addr string, id *string, check resource.TestCheckFunc) resource.TestStep {
	return resource.TestStep{
		PreConfig:        gone,
		Config:           cfg,
		ConfigPlanChecks: planIsThenEmpty(addr, actCreate),
		Check:            resource.ComposeTestCheckFunc(check, captureID(addr, id)),
	}
}

// platformView is what a user reads in state, by attribute, for a platform binding.
type platformView func(emulator.AdminBinding) map[string]string

// checkOnPlatform compares the state of the resource at addr with the
// platform's binding of the same id, attribute by attribute.
func (e *accEnv) checkOnPlatform(addr, mode string, view platformView) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		rs, ok := s.RootModule().Resources[addr]
		if !ok {
			return fmt.Errorf("%s not in state", addr)
		}
		return e.compareWithPlatform(addr, rs, mode, view)
	}
}

// checkHoldsState checks that the platform holds exactly the bindings of mode
// that the state holds as resources of the mode's binding type (the same ids,
// no other), each with the attributes of its resource.
func (e *accEnv) checkHoldsState(mode string, view platformView) resource.TestCheckFunc {
	typ := "privatenumber_" + strings.ToLower(mode) + "_binding"
	return func(s *terraform.State) error {
		n := 0
		for addr, rs := range s.RootModule().Resources {
			if rs.Type != typ || strings.HasPrefix(addr, "data.") {
				continue
			}
			n++
			if err := e.compareWithPlatform(addr, rs, mode, view); err != nil {
				return err
			}
		}
		if got := len(e.bindings(mode)); got != n {
			return fmt.Errorf("the platform holds %d %s bindings, the state %d", got, mode, n)
		}
		return nil
	}
}

func (e *accEnv) compareWithPlatform(addr string, rs *terraform.ResourceState, mode string, view platformView) error {
	for _, b := range e.bindings(mode) {
		if b.SubscriptionID != rs.Primary.ID {
			continue
		}
		var diffs []string
		for k, v := range view(b) {
			if got := rs.Primary.Attributes[k]; got != v {
				diffs = append(diffs, fmt.Sprintf("%s: state %q, platform %q", k, got, v))
			}
		}
		if len(diffs) > 0 {
			sort.Strings(diffs)
			raw, _ := json.Marshal(b)
			return fmt.Errorf("state of %s differs from the platform:\n  %s\nplatform: %s", addr, strings.Join(diffs, "\n  "), raw)
		}
		return nil
	}
	return fmt.Errorf("binding %s of %s is not on the platform", rs.Primary.ID, addr)
}

// client is an API client of mode's test application, for seeding and checks
// as a program outside Terraform would.
func (e *accEnv) client(mode string) client.API {
	e.t.Helper()
	c, err := client.New(client.Config{
		Endpoint: e.server.URL, AppKey: testAppKey(mode), AppSecret: testAppKey(mode) + testSecretSuffix,
		RequestsPerSecond: 10000,
	})
	if err != nil {
		e.t.Fatalf("client: %v", err)
	}
	return c
}

// checkNoRequestsYet is a PreConfig that fails when any platform request was made.
func (e *accEnv) checkNoRequestsYet(t *testing.T) func() {
	return func() {
		if err := e.checkNoRequests()(nil); err != nil {
			t.Fatal(err)
		}
	}
}
