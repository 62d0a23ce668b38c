package provider

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/privnum/terraform-provider-privatenumber/internal/client"
	"github.com/privnum/terraform-provider-privatenumber/internal/emulator"
)

// invokeAction configures a with c and invokes it with the attribute values
// given (the others null), as the engine does; it returns the diagnostics and
// the progress messages.
func invokeAction(t *testing.T, a action.Action, c client.API, vals map[string]tftypes.Value) (diag.Diagnostics, []string) {
	t.Helper()
	ctx := context.Background()
	if ac, ok := a.(action.ActionWithConfigure); ok {
		var cr action.ConfigureResponse
		ac.Configure(ctx, action.ConfigureRequest{ProviderData: &providerData{client: c}}, &cr)
		if cr.Diagnostics.HasError() {
			t.Fatal(cr.Diagnostics)
		}
	}
	var sr action.SchemaResponse
	a.Schema(ctx, action.SchemaRequest{}, &sr)
	typ := sr.Schema.Type().TerraformType(ctx).(tftypes.Object)
	all := map[string]tftypes.Value{}
	for name, at := range typ.AttributeTypes {
		all[name] = tftypes.NewValue(at, nil)
	}
	for name, v := range vals {
		if _, ok := all[name]; !ok {
			t.Fatalf("no attribute %q", name)
		}
		all[name] = v
	}
	var msgs []string
	resp := action.InvokeResponse{SendProgress: func(e action.InvokeProgressEvent) { msgs = append(msgs, e.Message) }}
	a.Invoke(ctx, action.InvokeRequest{Config: tfsdk.Config{Schema: sr.Schema, Raw: tftypes.NewValue(typ, all)}}, &resp)
	return resp.Diagnostics, msgs
}

func tfStr(s string) tftypes.Value { return tftypes.NewValue(tftypes.String, s) }

// diagText joins the summaries and details of diags.
func diagText(diags diag.Diagnostics) string {
	var b strings.Builder
	for _, d := range diags {
		fmt.Fprintf(&b, "%s: %s\n", d.Summary(), d.Detail())
	}
	return b.String()
}

// The temporary callee reaches the platform's binding, by id or by A and X,
// with the duration asked for (the platform's default 60 s sent when none
// is); progress shows the numbers masked; a binding the platform does not
// have is its result code with what it means.
func TestAXTemporaryCalleeAction_invoke(t *testing.T) {
	c, emu := axTestClient(t)
	ctx := context.Background()
	a, x, callee := "+8613800000001", testNumber("AX", "0755", 1), "+8613900000002"
	bound, err := c.BindAX(ctx, client.AXBindRequest{ANumber: a, XNumber: x, PowerOn: true})
	if err != nil {
		t.Fatal(err)
	}
	calleeOf := func() (string, any) {
		for _, b := range emu.Bindings(testAppKey("AX"), "AX") {
			if b.SubscriptionID == bound.SubscriptionID {
				return fmt.Sprint(b.Fields["calleeNum"]), b.Fields["callee.duration"]
			}
		}
		t.Fatal("binding gone")
		return "", nil
	}

	diags, msgs := invokeAction(t, newAXTemporaryCalleeAction(), c, map[string]tftypes.Value{
		"binding_id": tfStr(bound.SubscriptionID), "callee_number": tfStr(callee), "duration_seconds": tftypes.NewValue(tftypes.Number, 600),
	})
	if diags.HasError() {
		t.Fatal(diagText(diags))
	}
	if got, d := calleeOf(); got != callee || fmt.Sprint(d) != "600" {
		t.Fatalf("platform callee %s for %v s, want %s for 600 s", got, d, callee)
	}
	if len(msgs) != 1 || !strings.Contains(msgs[0], client.MaskNumber(callee)) || strings.Contains(msgs[0], callee) {
		t.Fatalf("progress %q: want the callee masked", msgs)
	}

	other := "+8613900000003"
	diags, _ = invokeAction(t, newAXTemporaryCalleeAction(), c, map[string]tftypes.Value{
		"a_number": tfStr(a), "x_number": tfStr(x), "callee_number": tfStr(other),
	})
	if diags.HasError() {
		t.Fatal(diagText(diags))
	}
	if got, d := calleeOf(); got != other || fmt.Sprint(d) != fmt.Sprint(defaultCalleeSeconds) {
		t.Fatalf("platform callee %s for %v s, want %s for the default %d s", got, d, other, defaultCalleeSeconds)
	}

	diags, _ = invokeAction(t, newAXTemporaryCalleeAction(), c, map[string]tftypes.Value{
		"binding_id": tfStr("no-such-binding"), "callee_number": tfStr(callee),
	})
	if text := diagText(diags); !diags.HasError() || !strings.Contains(text, "no such AX binding") || !strings.Contains(text, "result code 1016001") {
		t.Fatalf("want the platform's not-found with its meaning, got %q", text)
	}
}

// A call in progress is stopped; stopping it again is the platform's
// refusal, explained, with its result code.
func TestStopCallAction_invoke(t *testing.T) {
	c, emu := axTestClient(t)
	sid := callInProgress(t, c, emu)
	stop := func() (diag.Diagnostics, []string) {
		return invokeAction(t, newStopCallAction(), c, map[string]tftypes.Value{"session_id": tfStr(sid)})
	}
	diags, msgs := stop()
	if diags.HasError() {
		t.Fatal(diagText(diags))
	}
	if state := callState(t, emu, sid); state != "ended" || len(msgs) != 1 || !strings.Contains(msgs[0], sid) {
		t.Fatalf("call %s, progress %q: want the call stopped and said so", state, msgs)
	}
	diags, _ = stop()
	if text := diagText(diags); !diags.HasError() || !strings.Contains(text, "no call in progress") || !strings.Contains(text, "result code 1012007") {
		t.Fatalf("want the platform's refusal explained, got %q", text)
	}
}

// Without a provider configuration (unknown until apply), an action says so.
func TestActions_unconfigured(t *testing.T) {
	var nilClient client.API
	diags, _ := invokeAction(t, newStopCallAction(), nilClient, map[string]tftypes.Value{"session_id": tfStr("s")})
	if !strings.Contains(diagText(diags), "Provider not configured") {
		t.Fatalf("got %q", diagText(diags))
	}
}

// callInProgress binds an AX binding through c and places an answered call
// to its X that stays in progress (the emulator's simulated calls); it
// returns the call's session id.
func callInProgress(t *testing.T, c client.API, emu *emulator.Emulator) string {
	t.Helper()
	x := testNumber("AX", "0755", 2)
	if _, err := c.BindAX(context.Background(), client.AXBindRequest{ANumber: "+8613800000011", XNumber: x, PowerOn: true}); err != nil {
		t.Fatal(err)
	}
	call, err := emu.PlaceCall(emulator.CallRequest{From: "+8613700000021", To: x})
	if err != nil || call.State != "in_progress" {
		t.Fatalf("placing a call: %v, state %q: want a call in progress", err, call.State)
	}
	return call.SessionID
}

// callState is "in_progress" or "ended" for a call the emulator knows.
func callState(t *testing.T, emu *emulator.Emulator, sid string) string {
	t.Helper()
	call, err := emu.Call(sid)
	if err != nil {
		t.Fatal(err)
	}
	return call.State
}
