package provider

// Tests of a first bind that meets a conflict (lifecycle.go,
// firstBindConflict): the binding an interrupted apply made is named with
// its id and the import block that adopts it, or adopted when the provider
// is set to (adopt_existing_bindings); a true conflict keeps the platform's
// message. They drive the provider in-process over the plugin protocol
// (lcProvider), as the engine would after a killed apply: the binding is on
// the platform, the state has nothing.

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/privnum/terraform-provider-privatenumber/internal/emulator"
)

// newAdoptingLCProvider is newLCProvider with adopt_existing_bindings = true.
func newAdoptingLCProvider(t *testing.T, env *accEnv, mode string) *lcProvider {
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
	cfg := p.value(schemas.Provider.ValueType(), map[string]any{
		"endpoint": env.server.URL, "app_key": testAppKey(mode), "app_secret": testAppKey(mode) + testSecretSuffix,
		"adopt_existing_bindings": true,
	})
	resp, err := srv.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{Config: cfg})
	if err != nil || lcHasError(resp.Diagnostics) {
		t.Fatalf("configure: %v %s", err, lcDiags(resp.Diagnostics))
	}
	return p
}

// recoveryCases are the binds of every mode that a lookup by the natural key
// can settle, and whether the platform's record says when it was bound.
func recoveryCases() []lcCase {
	var out []lcCase
	for _, c := range lcCases() {
		if c.typeName == "privatenumber_axyb_binding" {
			continue // no lookup: TestRecoveryConflictWithoutLookupSaysWhatToSearchFor
		}
		if c.mode == "AXE" {
			c.attrs["extension"] = "101" // one A may hold several extensions on X: the extension is the key
		}
		out = append(out, c)
	}
	return out
}

// recoveryLeftover creates the binding as a killed apply would have: on the
// platform, in no state. It returns the id the state would have held.
func recoveryLeftover(t *testing.T, env *accEnv, c lcCase) string {
	t.Helper()
	diags, state := newLCProvider(t, env, c.mode).create(c.typeName, c.attrs)
	if lcHasError(diags) || state["id"] == "" {
		t.Fatalf("the first apply: %s", lcDiags(diags))
	}
	return state["id"]
}

// Without adopt_existing_bindings, the next apply fails once for the binding
// with an error that says it exists exactly as declared, names its id (and
// when it was bound, where the platform says), the usual cause and the import
// block and command that adopt it; nothing more is bound.
func TestRecoveryExactMatchSaysWhatHappenedInEveryMode(t *testing.T) {
	for _, c := range recoveryCases() {
		t.Run(c.typeName, func(t *testing.T) {
			env := newAccEnv(t)
			if c.setup != nil {
				c.setup(t, env, c.attrs)
			}
			id := recoveryLeftover(t, env, c)
			p := newLCProvider(t, env, c.mode)
			diags, state := p.create(c.typeName, c.attrs)
			if len(diags) != 1 || diags[0].Severity != tfprotov6.DiagnosticSeverityError || diags[0].Summary != "The "+c.noun+" already exists" {
				t.Fatalf("want one error %q, got %s", "The "+c.noun+" already exists", lcDiags(diags))
			}
			if state["id"] != "" {
				t.Errorf("a failed create left id %q in the state", state["id"])
			}
			d := diags[0].Detail
			for _, k := range []string{
				"exists on the platform as id " + id, "exactly as declared", "interrupted apply",
				"import {\n  to = " + c.typeName + ".<name>\n  id = \"" + id + "\"\n}",
				"terraform import <address of this resource> " + id, "adopt_existing_bindings = true",
			} {
				if !strings.Contains(d, k) {
					t.Errorf("the detail lacks %q:\n%s", k, d)
				}
			}
			if c.mode != "AXE" && !strings.Contains(d, ", bound at ") { // AXE records carry no subscribeTime
				t.Errorf("the detail does not say when it was bound:\n%s", d)
			}
			lcCheckOnPlatform(t, env, c, map[string]string{"id": id})
		})
	}
}

// With adopt_existing_bindings, the next apply takes exactly the declared
// binding into the state, with a warning that names it; no second binding.
func TestRecoveryAdoptsExactMatchInEveryMode(t *testing.T) {
	for _, c := range recoveryCases() {
		t.Run(c.typeName, func(t *testing.T) {
			env := newAccEnv(t)
			if c.setup != nil {
				c.setup(t, env, c.attrs)
			}
			id := recoveryLeftover(t, env, c)
			diags, state := newAdoptingLCProvider(t, env, c.mode).create(c.typeName, c.attrs)
			if lcHasError(diags) || len(diags) != 1 || diags[0].Severity != tfprotov6.DiagnosticSeverityWarning ||
				diags[0].Summary != "Adopted an existing "+c.noun || !strings.Contains(diags[0].Detail, "as id "+id) {
				t.Fatalf("want one warning naming %s, got %s", id, lcDiags(diags))
			}
			if state["id"] != id {
				t.Errorf("the state's id is %q, want the adopted %q", state["id"], id)
			}
			lcCheckOnPlatform(t, env, c, state)
		})
	}
}

// A true conflict (another pair on the same number) is not adopted, even
// with adopt_existing_bindings, and keeps the platform's message.
func TestRecoveryTrueConflictKeepsThePlatformsMessage(t *testing.T) {
	cases := []struct {
		lcCase
		other map[string]any // the binding already on the platform
		want  string
	}{
		{lcCase: recoveryCases()[0], other: map[string]any{"x_number": testNumber("AX", "0755", 1), "a_number": "+8613800000072"}},
		{lcCase: recoveryCases()[1], other: map[string]any{"x_number": testNumber("AXB", "0755", 1), "a_number": lcA, "b_number": "+8613900000072", "lifetime": "1h"},
			want: "already carries a_number " + lcA},
	}
	for _, c := range cases {
		t.Run(c.typeName, func(t *testing.T) {
			env := newAccEnv(t)
			if diags, _ := newLCProvider(t, env, c.mode).create(c.typeName, c.other); lcHasError(diags) {
				t.Fatalf("the other binding: %s", lcDiags(diags))
			}
			diags, state := newAdoptingLCProvider(t, env, c.mode).create(c.typeName, c.attrs)
			if len(diags) != 1 || diags[0].Severity != tfprotov6.DiagnosticSeverityError ||
				!strings.HasPrefix(diags[0].Summary, "Could not ") || !strings.Contains(diags[0].Detail, c.want) ||
				strings.Contains(diags[0].Detail, "import {") {
				t.Fatalf("want the platform's conflict error, got %s", lcDiags(diags))
			}
			if state["id"] != "" {
				t.Errorf("a true conflict was adopted: id %q", state["id"])
			}
			if n := len(env.emu.Bindings(testAppKey(c.mode), c.mode)); n != 1 {
				t.Errorf("%d bindings on the platform, want only the other one", n)
			}
		})
	}
}

// Where the mode cannot look the binding up (X picked by area_code, an AXYB
// group), a conflicting first bind keeps the platform's message and adds
// what to search for, as the "may exist" error does.
func TestRecoveryConflictWithoutLookupSaysWhatToSearchFor(t *testing.T) {
	cases := []struct {
		mode, typeName, code string
		attrs                map[string]any
		want                 []string
	}{
		{"AXB", "privatenumber_axb_binding", "1012010", map[string]any{"area_code": "010", "a_number": lcA, "b_number": lcB},
			[]string{"The X picked in area 010 already carries", "interrupted apply", "To find it: list the bindings", "privatenumber_axb_bindings"}},
		{"AXYB", "privatenumber_axyb_binding", "1016002", map[string]any{"area_code": "010", "a_number": lcA},
			[]string{"a group like this one already exists", "interrupted apply", "To find it: look for an AXYB binding of a_number " + lcA}},
	}
	for _, c := range cases {
		t.Run(c.typeName, func(t *testing.T) {
			env := newAccEnv(t)
			p := newAdoptingLCProvider(t, env, c.mode)
			lcSetFaults(t, env, emulator.FaultRule{Operation: c.mode + ".bind", Kind: "error", HTTPStatus: 200, ResultCode: c.code})
			diags, _ := p.create(c.typeName, c.attrs)
			if len(diags) != 1 || diags[0].Severity != tfprotov6.DiagnosticSeverityError || !strings.HasPrefix(diags[0].Summary, "Could not ") {
				t.Fatalf("want one error, got %s", lcDiags(diags))
			}
			for _, k := range c.want {
				if !strings.Contains(diags[0].Detail, k) {
					t.Errorf("the detail lacks %q:\n%s", k, diags[0].Detail)
				}
			}
		})
	}
}

// An adopted binding whose settings differ from the configuration is stored
// as planned (the engine rejects a new state that differs from a known
// planned value), so the next refresh shows the difference and the plan
// brings it in line; the platform keeps its one binding.
func TestRecoveryAdoptedBindingKeepsThePlannedValues(t *testing.T) {
	for _, c := range recoveryCases()[:3] { // AX, AXB, AXE: the modes with user_data on a binding
		t.Run(c.typeName, func(t *testing.T) {
			env := newAccEnv(t)
			id := recoveryLeftover(t, env, c)
			attrs := map[string]any{"user_data": "changed-after-the-kill"}
			for k, v := range c.attrs {
				attrs[k] = v
			}
			diags, state := newAdoptingLCProvider(t, env, c.mode).create(c.typeName, attrs)
			if lcHasError(diags) || state["id"] != id {
				t.Fatalf("want %s adopted, got id %q %s", id, state["id"], lcDiags(diags))
			}
			if state["user_data"] != "changed-after-the-kill" {
				t.Errorf("user_data in the state is %q, want the planned value", state["user_data"])
			}
			if n := len(env.emu.Bindings(testAppKey(c.mode), c.mode)); n != 1 {
				t.Errorf("%d bindings on the platform, want 1", n)
			}
		})
	}
}

// AX and AXB have a modify API: an adopted binding whose modifiable
// settings differ from the configuration (record_calls) is modified at once
// to match it; one that matches is not modified.
func TestRecoveryAdoptedBindingIsModifiedToMatch(t *testing.T) {
	for _, c := range recoveryCases()[:2] { // AX, AXB
		for _, differ := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s/differs=%v", c.mode, differ), func(t *testing.T) {
				env := newAccEnv(t)
				id := recoveryLeftover(t, env, c)
				attrs := map[string]any{"record_calls": differ}
				for k, v := range c.attrs {
					attrs[k] = v
				}
				env.emu.ResetStats()
				diags, state := newAdoptingLCProvider(t, env, c.mode).create(c.typeName, attrs)
				if lcHasError(diags) || state["id"] != id {
					t.Fatalf("want %s adopted, got id %q %s", id, state["id"], lcDiags(diags))
				}
				want := 0
				if differ {
					want = 1
				}
				if n := env.emu.Stats().Requests[c.mode+".modify"]; n != want {
					t.Errorf("%d modify requests, want %d", n, want)
				}
				list := env.emu.Bindings(testAppKey(c.mode), c.mode)
				if len(list) != 1 || fmt.Sprint(list[0].Fields["recordFlag"]) != fmt.Sprint(differ) {
					t.Errorf("want one binding with recordFlag %v, got %+v", differ, list)
				}
			})
		}
	}
}

// adopt_existing_bindings: the configuration wins over the environment
// variable, which is read as a boolean; anything else is an error that
// names the variable; unset is false.
func TestRecoveryAdoptSettingFromConfigurationOrEnvironment(t *testing.T) {
	env := func(v string, ok bool) func(string) (string, bool) {
		return func(name string) (string, bool) {
			if name != EnvAdoptExistingBindings {
				return "", false
			}
			return v, ok
		}
	}
	cases := []struct {
		name    string
		cfg     types.Bool
		lookup  func(string) (string, bool)
		want    bool
		wantErr bool
	}{
		{"unset", types.BoolNull(), env("", false), false, false},
		{"environment true", types.BoolNull(), env(" true ", true), true, false},
		{"environment 0", types.BoolNull(), env("0", true), false, false},
		{"configuration wins", types.BoolValue(false), env("true", true), false, false},
		{"configuration true", types.BoolValue(true), env("", false), true, false},
		{"environment not a boolean", types.BoolNull(), env("yes please", true), false, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var diags diag.Diagnostics
			got := resolveAdopt(c.cfg, c.lookup, &diags)
			if got != c.want || diags.HasError() != c.wantErr {
				t.Fatalf("got %v, errors %v; want %v, error %v", got, diags, c.want, c.wantErr)
			}
			if c.wantErr && !strings.Contains(diags[0].Detail(), EnvAdoptExistingBindings) {
				t.Errorf("the error does not name the variable: %s", diags[0].Detail())
			}
		})
	}
}

// commitThenHang lets a bind of op reach the platform (it is committed),
// signals committed, and then holds the answer until the client hangs up,
// as a bind in flight when the apply is interrupted.
func commitThenHang(emu http.Handler, op string, committed chan<- struct{}) http.Handler {
	var once sync.Once
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		if opName(r) != op {
			emu.ServeHTTP(rw, r)
			return
		}
		emu.ServeHTTP(httptest.NewRecorder(), r)
		once.Do(func() { close(committed) })
		<-r.Context().Done()
	})
}

// An apply interrupted (SIGINT or SIGTERM: the engine stops the provider,
// which cancels the in-flight request's context) after the bind was sent
// still settles the bind: the lookup runs past the cancellation, the
// binding is adopted and in the new state, so the state and the platform
// agree; the bind is not sent again.
func TestRecoveryInterruptedBindIsSettledInEveryMode(t *testing.T) {
	for _, c := range recoveryCases() {
		t.Run(c.typeName, func(t *testing.T) {
			env := newAccEnv(t)
			if c.setup != nil {
				c.setup(t, env, c.attrs)
			}
			committed := make(chan struct{})
			hooked := httptest.NewServer(commitThenHang(env.emu, c.mode+".bind", committed))
			t.Cleanup(hooked.Close)
			henv := *env
			henv.server = hooked
			p := newLCProvider(t, &henv, c.mode)
			env.emu.ResetStats()

			ctx, cancel := context.WithCancel(context.Background())
			go func() {
				<-committed
				cancel()
			}()
			diags, state := p.createCtx(ctx, c.typeName, c.attrs)
			if lcHasError(diags) {
				t.Fatalf("want the interrupted bind settled, got %s", lcDiags(diags))
			}
			if n := env.emu.Stats().Requests[c.mode+".bind"]; n != 1 {
				t.Errorf("%d bind requests, want 1 (never re-sent after an interrupt)", n)
			}
			lcCheckOnPlatform(t, env, c, state)
		})
	}
}

// createCtx is lcProvider.create with the apply under ctx.
func (p *lcProvider) createCtx(ctx context.Context, typeName string, attrs map[string]any) ([]*tfprotov6.Diagnostic, map[string]string) {
	p.t.Helper()
	rType := p.schemas.ResourceSchemas[typeName].ValueType()
	cfg := p.value(rType, attrs)
	nullState, err := tfprotov6.NewDynamicValue(rType, tftypes.NewValue(rType, nil))
	if err != nil {
		p.t.Fatal(err)
	}
	plan, err := p.srv.PlanResourceChange(context.Background(), &tfprotov6.PlanResourceChangeRequest{TypeName: typeName, PriorState: &nullState, ProposedNewState: cfg, Config: cfg})
	if err != nil || lcHasError(plan.Diagnostics) {
		p.t.Fatalf("plan: %v %s", err, lcDiags(plan.Diagnostics))
	}
	apply, err := p.srv.ApplyResourceChange(ctx, &tfprotov6.ApplyResourceChangeRequest{
		TypeName: typeName, PriorState: &nullState, PlannedState: plan.PlannedState, Config: cfg, PlannedPrivate: plan.PlannedPrivate,
	})
	if err != nil {
		p.t.Fatal(err)
	}
	return apply.Diagnostics, stringAttrs(p.t, apply.NewState, rType)
}
