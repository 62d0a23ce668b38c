package provider

// Tests of the shared binding lifecycle (lifecycle.go, plan_rules.go) in every
// mode: the cases where the modes used to disagree. The read-back and
// lost-answer tests drive the provider in-process over the plugin protocol
// (plan, then apply) against an emulator, so they see the diagnostics
// exactly as the engine would show them; the unknown-x_number tests need the
// engine (a value from another resource) and run with TF_ACC.

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/privnum/terraform-provider-privatenumber/internal/client"
	"github.com/privnum/terraform-provider-privatenumber/internal/emulator"
)

// lcProvider is the provider served in-process, configured for one mode's application.
type lcProvider struct {
	t       *testing.T
	srv     tfprotov6.ProviderServer
	schemas *tfprotov6.GetProviderSchemaResponse
}

func newLCProvider(t *testing.T, env *accEnv, mode string) *lcProvider {
	t.Helper()
	ctx := context.Background()
	srv, err := providerserver.NewProtocol6WithError(New("test")())()
	if err != nil {
		t.Fatal(err)
	}
	schemas, err := srv.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	p := &lcProvider{t: t, srv: srv, schemas: schemas}
	pType := schemas.Provider.ValueType()
	cfg := p.value(pType, map[string]any{
		"endpoint": env.server.URL, "app_key": testAppKey(mode), "app_secret": testAppKey(mode) + testSecretSuffix,
	})
	resp, err := srv.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{Config: cfg})
	if err != nil || lcHasError(resp.Diagnostics) {
		t.Fatalf("configure: %v %s", err, lcDiags(resp.Diagnostics))
	}
	return p
}

// value is an object of typ with the given attributes (strings or numbers), the rest null.
func (p *lcProvider) value(typ tftypes.Type, attrs map[string]any) *tfprotov6.DynamicValue {
	p.t.Helper()
	obj := typ.(tftypes.Object)
	vals := map[string]tftypes.Value{}
	for name, at := range obj.AttributeTypes {
		vals[name] = tftypes.NewValue(at, attrs[name])
	}
	dv, err := tfprotov6.NewDynamicValue(typ, tftypes.NewValue(typ, vals))
	if err != nil {
		p.t.Fatal(err)
	}
	return &dv
}

// create plans and applies a new resource as the engine would, and returns
// the apply's diagnostics and the new state's string attributes.
func (p *lcProvider) create(typeName string, attrs map[string]any) ([]*tfprotov6.Diagnostic, map[string]string) {
	p.t.Helper()
	ctx := context.Background()
	rType := p.schemas.ResourceSchemas[typeName].ValueType()
	cfg := p.value(rType, attrs)
	nullState, err := tfprotov6.NewDynamicValue(rType, tftypes.NewValue(rType, nil))
	if err != nil {
		p.t.Fatal(err)
	}
	prior := &nullState
	plan, err := p.srv.PlanResourceChange(ctx, &tfprotov6.PlanResourceChangeRequest{TypeName: typeName, PriorState: prior, ProposedNewState: cfg, Config: cfg})
	if err != nil || lcHasError(plan.Diagnostics) {
		p.t.Fatalf("plan: %v %s", err, lcDiags(plan.Diagnostics))
	}
	apply, err := p.srv.ApplyResourceChange(ctx, &tfprotov6.ApplyResourceChangeRequest{
		TypeName: typeName, PriorState: prior, PlannedState: plan.PlannedState, Config: cfg, PlannedPrivate: plan.PlannedPrivate,
	})
	if err != nil {
		p.t.Fatal(err)
	}
	return apply.Diagnostics, stringAttrs(p.t, apply.NewState, rType)
}

// stringAttrs is the known string attributes of a state the provider returned.
func stringAttrs(t *testing.T, state *tfprotov6.DynamicValue, rType tftypes.Type) map[string]string {
	t.Helper()
	out := map[string]string{}
	if state == nil {
		return out
	}
	v, err := state.Unmarshal(rType)
	if err != nil {
		t.Fatal(err)
	}
	var attrsV map[string]tftypes.Value
	if !v.IsNull() {
		if err := v.As(&attrsV); err != nil {
			t.Fatal(err)
		}
	}
	for name, av := range attrsV {
		var s string
		if av.Type().Is(tftypes.String) && av.IsKnown() && !av.IsNull() && av.As(&s) == nil {
			out[name] = s
		}
	}
	return out
}

func lcHasError(diags []*tfprotov6.Diagnostic) bool {
	for _, d := range diags {
		if d.Severity == tfprotov6.DiagnosticSeverityError {
			return true
		}
	}
	return false
}

func lcDiags(diags []*tfprotov6.Diagnostic) string {
	var b strings.Builder
	for _, d := range diags {
		fmt.Fprintf(&b, "\n[%s] %s: %s", d.Severity, d.Summary, d.Detail)
	}
	return b.String()
}

// lcCase is one resource of one mode, created with a fault in place.
type lcCase struct {
	mode, typeName, noun string
	attrs                map[string]any
	setup                func(t *testing.T, env *accEnv, attrs map[string]any) // e.g. an AXYB group for a member
}

const (
	lcA = "+8613800000071"
	lcB = "+8613900000071"
)

// lcAXYBGroup binds an AXYB group for a member case.
func lcAXYBGroup(t *testing.T, env *accEnv, attrs map[string]any) {
	g, err := axybTestClient(t, env).BindAXYB(context.Background(), client.AXYBBindRequest{ANumber: lcA, AreaCode: "010"})
	if err != nil {
		t.Fatal(err)
	}
	attrs["binding_id"] = g.SubscriptionID
}

// lcCases are a bind in every mode whose outcome a lookup can settle (with x_number).
func lcCases() []lcCase {
	return []lcCase{
		{mode: "AX", typeName: "privatenumber_ax_binding", noun: "AX binding",
			attrs: map[string]any{"x_number": testNumber("AX", "0755", 1), "a_number": lcA}},
		{mode: "AXB", typeName: "privatenumber_axb_binding", noun: "AXB binding",
			attrs: map[string]any{"x_number": testNumber("AXB", "0755", 1), "a_number": lcA, "b_number": lcB, "lifetime": "1h"}},
		{mode: "AXE", typeName: "privatenumber_axe_binding", noun: "AXE binding",
			attrs: map[string]any{"x_number": testNumber("AXE", "0755", 1), "a_number": lcA}},
		{mode: "AXYB", typeName: "privatenumber_axyb_binding", noun: "AXYB group",
			attrs: map[string]any{"a_number": lcA, "area_code": "010"}},
		{mode: "AXYB", typeName: "privatenumber_axyb_member", noun: "AXYB member",
			attrs: map[string]any{"b_number": lcB}, setup: lcAXYBGroup},
	}
}

func lcSetFaults(t *testing.T, env *accEnv, rules ...emulator.FaultRule) {
	t.Helper()
	if err := env.emu.SetFaults(emulator.Faults{Rules: rules}); err != nil {
		t.Fatal(err)
	}
}

// lcQueryFails makes every query of the mode fail with a refusal that is not retried.
func lcQueryFails(mode string) emulator.FaultRule {
	return emulator.FaultRule{Operation: mode + ".query", Kind: "error", HTTPStatus: 403, ResultCode: "1010002"}
}

// A read-back that fails after a successful bind is a warning in every mode:
// the binding is created and tracked (its id in the state is the platform's),
// and the user is told that the next refresh reads it again.
func TestLifecycleReadBackFailureWarnsInEveryMode(t *testing.T) {
	for _, c := range lcCases() {
		t.Run(c.typeName, func(t *testing.T) {
			env := newAccEnv(t)
			if c.setup != nil {
				c.setup(t, env, c.attrs)
			}
			p := newLCProvider(t, env, c.mode)
			lcSetFaults(t, env, lcQueryFails(c.mode))
			diags, state := p.create(c.typeName, c.attrs)
			if lcHasError(diags) || len(diags) != 1 {
				t.Fatalf("want exactly one warning and no error, got %s", lcDiags(diags))
			}
			w := diags[0]
			if w.Severity != tfprotov6.DiagnosticSeverityWarning || w.Summary != "Could not read the "+c.noun+" back" ||
				!strings.Contains(w.Detail, state["id"]) || !strings.Contains(w.Detail, "the next refresh reads it again") ||
				!strings.Contains(w.Detail, "1010002") {
				t.Errorf("warning: %s", lcDiags(diags))
			}
			lcCheckOnPlatform(t, env, c, state)
		})
	}
}

// lcCheckOnPlatform: the state's id is that of the one binding (or member) on the platform.
func lcCheckOnPlatform(t *testing.T, env *accEnv, c lcCase, state map[string]string) {
	t.Helper()
	list := env.emu.Bindings(testAppKey(c.mode), c.mode)
	want := 1
	if c.typeName == "privatenumber_axyb_member" {
		want = 2 // the group's entry and the member's
	}
	if len(list) != want || state["id"] == "" {
		t.Fatalf("want %d platform entries and an id in the state, got %d entries, state %v", want, len(list), state)
	}
	id := list[0].SubscriptionID
	if c.typeName == "privatenumber_axyb_member" {
		id = axybMemberID(id, list[1].BNumber)
	}
	if state["id"] != id {
		t.Errorf("the state's id %q is not the platform's %q", state["id"], id)
	}
}

// A lost bind answer that a lookup by the natural key settles is adopted in
// every mode that can look up: one bind request, one binding, in the state.
func TestLifecycleLostAnswerAdoptedInEveryMode(t *testing.T) {
	for _, c := range lcCases() {
		if c.typeName == "privatenumber_axyb_binding" {
			continue // a group cannot be looked up: TestLifecycleLostAnswerMayExistInEveryMode
		}
		t.Run(c.typeName, func(t *testing.T) {
			env := newAccEnv(t)
			if c.setup != nil {
				c.setup(t, env, c.attrs)
			}
			p := newLCProvider(t, env, c.mode)
			env.emu.ResetStats()
			lcSetFaults(t, env, emulator.FaultRule{Operation: c.mode + ".bind", Kind: "drop_response_after_commit"})
			diags, state := p.create(c.typeName, c.attrs)
			if lcHasError(diags) {
				t.Fatalf("want the binding adopted, got %s", lcDiags(diags))
			}
			if n := env.emu.Stats().Requests[c.mode+".bind"]; n != 1 {
				t.Errorf("%d bind requests, want 1 (adopted, not re-sent)", n)
			}
			lcCheckOnPlatform(t, env, c, state)
		})
	}
}

// mayExistRE is the one wording of the "may exist" error in every mode.
var mayExistRE = regexp.MustCompile(`^The bind of .+ was sent at \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ, but its answer was lost, so a binding may exist\. .+\n\n` +
	`To find it: .+\. If it exists, import it \(terraform import <address> .+\) or unbind it; then run apply again\.\n\nCause: .+`)

// A lost bind answer that cannot be settled (no lookup possible, or the
// lookup fails) is the same error in every mode: its title names the
// binding, its text the numbers, the area or X, the time, how to find the
// binding and how to import it; the bind is never sent again.
func TestLifecycleLostAnswerMayExistInEveryMode(t *testing.T) {
	cases := lcCases()
	// AXB and AXE with area_code: the platform picks X, and there is no lookup by A alone.
	cases[1].attrs = map[string]any{"area_code": "010", "a_number": lcA, "b_number": lcB}
	cases[2].attrs = map[string]any{"area_code": "010", "a_number": lcA}
	keys := map[string][]string{
		"privatenumber_ax_binding":   {"a_number " + lcA + " on x_number " + testNumber("AX", "0755", 1), "Looking it up by its numbers failed too", "terraform import <address> " + testNumber("AX", "0755", 1)},
		"privatenumber_axb_binding":  {"a_number " + lcA + " and b_number " + lcB + " in area_code 010", "did not send the bind again", "privatenumber_axb_bindings", "X/" + lcA + "/" + lcB},
		"privatenumber_axe_binding":  {"a_number " + lcA + " in area_code 010", "did not send the bind again", "privatenumber_axe_bindings"},
		"privatenumber_axyb_binding": {"a_number " + lcA + " in area_code 010", "did not send the bind again", "privatenumber_axyb_binding"},
		"privatenumber_axyb_member":  {"b_number " + lcB + " into the AXYB group", "Looking it up by its numbers failed too", "privatenumber_axyb_binding"},
	}
	for _, c := range cases {
		t.Run(c.typeName, func(t *testing.T) {
			env := newAccEnv(t)
			if c.setup != nil {
				c.setup(t, env, c.attrs)
			}
			p := newLCProvider(t, env, c.mode)
			env.emu.ResetStats()
			lcSetFaults(t, env, emulator.FaultRule{Operation: c.mode + ".bind", Kind: "drop_response_after_commit"}, lcQueryFails(c.mode))
			diags, _ := p.create(c.typeName, c.attrs)
			if len(diags) != 1 || diags[0].Severity != tfprotov6.DiagnosticSeverityError || diags[0].Summary != "The "+c.noun+" may exist" {
				t.Fatalf("want one error %q, got %s", "The "+c.noun+" may exist", lcDiags(diags))
			}
			d := diags[0].Detail
			if !mayExistRE.MatchString(d) {
				t.Errorf("not the shared wording:\n%s", d)
			}
			for _, k := range keys[c.typeName] {
				if !strings.Contains(d, k) {
					t.Errorf("the detail lacks %q:\n%s", k, d)
				}
			}
			if n := env.emu.Stats().Requests[c.mode+".bind"]; n != 1 {
				t.Errorf("%d bind requests, want 1 (never re-sent when the outcome cannot be told)", n)
			}
		})
	}
}

// An x_number (AXYB: the group's area_code) that comes from another
// resource and is unknown at plan time plans a replacement in every mode, so
// an X that turns out different at apply is bound anew; AX used to plan an
// in-place update that failed at apply.
func TestAccLifecycle_unknownXReplacesInEveryMode(t *testing.T) {
	type modeCase struct {
		mode, addr, body string
		from, to         string // the other resource's value before and after
		onPlatform       func(emulator.AdminBinding) string
	}
	x := func(b emulator.AdminBinding) string { return b.XNumber }
	cases := []modeCase{
		{"AX", "privatenumber_ax_binding.t", `a_number = "` + lcA + `"` + "\n  x_number = terraform_data.v.output",
			testNumber("AX", "0755", 1), testNumber("AX", "0755", 2), x},
		{"AXB", "privatenumber_axb_binding.t", `a_number = "` + lcA + `"` + "\n  b_number = \"" + lcB + "\"\n  x_number = terraform_data.v.output",
			testNumber("AXB", "0755", 1), testNumber("AXB", "0755", 2), x},
		{"AXE", "privatenumber_axe_binding.t", `a_number = "` + lcA + `"` + "\n  x_number = terraform_data.v.output",
			testNumber("AXE", "0755", 1), testNumber("AXE", "0755", 2), x},
		{"AXYB", "privatenumber_axyb_binding.t", `a_number = "` + lcA + `"` + "\n  area_code = terraform_data.v.output",
			"010", "0755", func(b emulator.AdminBinding) string { return b.XNumber[:6] }},
	}
	for _, c := range cases {
		t.Run(c.mode, func(t *testing.T) {
			env := newAccEnv(t)
			cfg := func(v string) string {
				return env.providerConfig(c.mode) + fmt.Sprintf(`
resource "terraform_data" "v" {
  input = %q
}

resource %q "t" {
  %s
}
`, v, strings.Split(c.addr, ".")[0], c.body)
			}
			// The platform's value of the binding: its X (AXYB: the prefix of its X, which tells the area's pool).
			onPlatform := func(want string) resource.TestCheckFunc {
				return func(*terraform.State) error {
					list := env.emu.Bindings(testAppKey(c.mode), c.mode)
					if len(list) != 1 {
						return fmt.Errorf("%d bindings on the platform, want 1", len(list))
					}
					if got := c.onPlatform(list[0]); got != want {
						return fmt.Errorf("the platform's binding has %q, want %q", got, want)
					}
					return nil
				}
			}
			wantFor := func(v string) string {
				if c.mode == "AXYB" {
					return testNumber("AXYB", v, 1)[:6]
				}
				return v
			}
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: env.factories(),
				CheckDestroy:             env.checkDestroyed,
				Steps: []resource.TestStep{
					{Config: cfg(c.from), Check: onPlatform(wantFor(c.from))},
					{
						Config: cfg(c.to),
						ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
							plancheck.ExpectUnknownValue(c.addr, lcPath(c.mode)),
							plancheck.ExpectResourceAction(c.addr, plancheck.ResourceActionReplace),
						}},
						Check: onPlatform(wantFor(c.to)),
					},
				},
			})
		})
	}
}

// lcPath is the attribute that comes from the other resource.
func lcPath(mode string) tfjsonpath.Path {
	if mode == "AXYB" {
		return tfjsonpath.New("area_code")
	}
	return tfjsonpath.New("x_number")
}
