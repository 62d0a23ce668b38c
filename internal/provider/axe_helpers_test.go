package provider

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/privnum/terraform-provider-privatenumber/internal/client"
	"github.com/privnum/terraform-provider-privatenumber/internal/emulator"
)

func TestAXERecordFromNormalises(t *testing.T) {
	r := axeRecordFrom(client.AXEBinding{
		SubscriptionID: "s1", XNumber: "+8617000000201", Extension: "007", ANumber: "+8613800000001",
		DisplayNumMode: client.DisplayRealCaller, RecordFlag: true, TimeUnit: client.TimeUnitHours,
		BindExpiredTime: 2, CallbackExpiredTime: 1,
	}, nil)
	if r.CallerIDToA.ValueString() != "real_caller" || r.Lifetime.ValueString() != "2h" || r.CallbackLifetime.ValueString() != "1h" {
		t.Errorf("unexpected mapping: %+v", r)
	}
	if !r.CallbackTone.IsNull() || !r.CallbackNumber.IsNull() || !r.UserData.IsNull() || !r.RecordHintTone.IsNull() {
		t.Errorf("absent strings must be null: %+v", r)
	}
}

func TestAXEReconcileLifetime(t *testing.T) {
	// The platform still reports the bind-time 60 after a modify to 120: keep 120.
	got, p := axeReconcileLifetime(types.StringValue("120m"), 60, axePrivate{ReportedLifetimeMinutes: 60}, true)
	if got.ValueString() != "120m" || p.ReportedLifetimeMinutes != 60 {
		t.Errorf("kept %v / %v", got, p)
	}
	// The platform reports something else: the binding changed elsewhere; take it.
	got, p = axeReconcileLifetime(types.StringValue("120m"), 30, axePrivate{ReportedLifetimeMinutes: 60}, true)
	if got.ValueString() != "30m" || p.ReportedLifetimeMinutes != 30 {
		t.Errorf("took %v / %v", got, p)
	}
	// Import: nothing remembered, take the platform's.
	got, p = axeReconcileLifetime(types.StringNull(), 45, axePrivate{HourUnit: true}, false)
	if got.ValueString() != "45m" || p.ReportedLifetimeMinutes != 45 || !p.HourUnit {
		t.Errorf("import %v / %v", got, p)
	}
}

func TestAXEModifyRequestSendsOnlyChanges(t *testing.T) {
	base := axeBindingModel{axeRecord: axeRecord{
		ID: types.StringValue("s1"), Lifetime: types.StringValue("1h"), CallbackLifetime: types.StringValue("24h"),
		CallbackTone: types.StringValue("cb.wav"), CallbackNumber: types.StringNull(), RecordCalls: types.BoolValue(false),
		RecordHintTone: types.StringNull(),
	}}
	if _, changed, _ := axeModifyRequest(base, base, false); changed {
		t.Error("no change must send no modify")
	}
	plan := base
	plan.CallbackTone = types.StringNull()
	plan.CallbackNumber = types.StringValue("+8613900000009")
	m, changed, _ := axeModifyRequest(base, plan, false)
	if !changed || m.CallbackNumber == nil || m.CallbackTone != nil || m.BindExpiredTime != nil || m.TimeUnit != nil || m.RecordFlag != nil {
		t.Errorf("switching to a callback number: %+v", m)
	}
	plan = base
	plan.Lifetime = types.StringValue("60m") // the same length: nothing to send
	if _, changed, _ := axeModifyRequest(base, plan, false); changed {
		t.Error("the same lifetime written another way must send no modify")
	}
	plan.Lifetime = types.StringValue("2h")
	m, _, _ = axeModifyRequest(base, plan, false)
	if m.BindExpiredTime == nil || *m.BindExpiredTime != 120 || m.TimeUnit == nil || *m.TimeUnit != client.TimeUnitMinutes || m.CallbackExpiredTime != nil {
		t.Errorf("lifetime change: %+v", m)
	}
	// A binding kept in hours (made elsewhere): a lifetime change switches it to
	// minutes and carries the callback lifetime along, in minutes.
	m, _, _ = axeModifyRequest(base, plan, true)
	if m.TimeUnit == nil || *m.TimeUnit != client.TimeUnitMinutes || m.CallbackExpiredTime == nil || *m.CallbackExpiredTime != 1440 {
		t.Errorf("lifetime change in hours: %+v", m)
	}
	// A callback lifetime alone goes in hours, and must be whole hours.
	plan = base
	plan.CallbackLifetime = types.StringValue("2h")
	if m, _, problem := axeModifyRequest(base, plan, true); problem != "" || m.CallbackExpiredTime == nil || *m.CallbackExpiredTime != 2 || m.TimeUnit != nil {
		t.Errorf("callback in hours: %+v %q", m, problem)
	}
	plan.CallbackLifetime = types.StringValue("90m")
	if _, _, problem := axeModifyRequest(base, plan, true); !strings.Contains(problem, `callback_lifetime = "90m"`) || !strings.Contains(problem, "whole hours") {
		t.Errorf("90 minutes in hours: %q", problem)
	}
}

func TestAXEBindHintsNameNumbers(t *testing.T) {
	h := axeBindHints(client.AXEBindRequest{ANumber: "+8613800000001", XNumber: "+8617000000201", Extension: "007"}, 3)
	for code, want := range map[string][]string{
		"1020167": {"+8617000000201", "3 digit(s)", "at most 999", "200 A per X", "another x_number, or area_code"},
		"1016002": {"Extension 007 on X +8617000000201", "+8617000000201/007"},
	} {
		for _, w := range want {
			if !strings.Contains(h[code], w) {
				t.Errorf("hint %s %q lacks %q", code, h[code], w)
			}
		}
	}
	if !strings.Contains(axeBindHints(client.AXEBindRequest{AreaCode: "010"}, 0)["1020167"], "9, 99, 999 or 9999") {
		t.Error("unknown digit count must list every capacity")
	}
}

// TestAXEFindExisting runs the lost-answer lookup against the emulator with
// the bind's answer dropped after the platform committed it.
func TestAXEFindExisting(t *testing.T) {
	env := newAccEnv(t)
	c := env.axeClient(t)
	ctx := context.Background()
	if err := env.emu.SetFaults(emulator.Faults{Rules: []emulator.FaultRule{{Operation: "AXE.bind", Kind: "drop_response_after_commit"}}}); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name string
		req  client.AXEBindRequest
	}{
		{"x and extension", client.AXEBindRequest{ANumber: axeA1, XNumber: axeX(1), Extension: "042", TimeUnit: 1, CallbackExpiredTime: 60}},
		{"x only", client.AXEBindRequest{ANumber: axeA2, XNumber: axeX(1), TimeUnit: 1, CallbackExpiredTime: 60}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := c.BindAXE(ctx, tc.req)
			if !client.IsUnknownOutcome(err) {
				t.Fatalf("want an unknown outcome, got %v", err)
			}
			b, err := axeFindExisting(ctx, c, tc.req)
			if err != nil || b == nil {
				t.Fatalf("not adopted: %v %v", b, err)
			}
			if b.ANumber != tc.req.ANumber || b.XNumber != tc.req.XNumber || (tc.req.Extension != "" && b.Extension != tc.req.Extension) {
				t.Errorf("adopted the wrong binding: %+v", b)
			}
		})
	}
	// Surely absent: another A on the same X, or the extension held by another A.
	if b, err := axeFindExisting(ctx, c, client.AXEBindRequest{ANumber: axeA3, XNumber: axeX(1)}); b != nil || err != nil {
		t.Errorf("absent A: %v %v", b, err)
	}
	if b, err := axeFindExisting(ctx, c, client.AXEBindRequest{ANumber: axeA3, XNumber: axeX(1), Extension: "042"}); b != nil || err != nil {
		t.Errorf("extension of another A: %v %v", b, err)
	}
	if b, err := axeFindExisting(ctx, c, client.AXEBindRequest{ANumber: axeA3, AreaCode: "0755"}); b != nil || err == nil {
		t.Errorf("area code: an AXE binding cannot be looked up by A alone, want an error, got %v %v", b, err)
	}
}

// fakeAXE answers binds with a lost answer a given number of times, committing nothing.
type fakeAXE struct {
	client.API
	lost, binds int
}

func (f *fakeAXE) BindAXE(_ context.Context, req client.AXEBindRequest) (*client.AXEBindResult, error) {
	f.binds++
	if f.binds <= f.lost {
		return nil, &client.UnknownOutcomeError{Operation: "AXE.bind", Cause: errors.New("connection reset")}
	}
	return &client.AXEBindResult{SubscriptionID: "s1", XNumber: req.XNumber, Extension: "001", ANumber: req.ANumber}, nil
}

func (f *fakeAXE) ListAXE(context.Context, string) ([]client.AXEBinding, error) { return nil, nil }

func TestAXEBindResendsOnlyWhenSurelyAbsent(t *testing.T) {
	req := client.AXEBindRequest{ANumber: axeA1, XNumber: axeX(1)}
	f := &fakeAXE{lost: 1}
	if res, err := axeBind(context.Background(), f, req); err != nil || res.SubscriptionID != "s1" || f.binds != 2 {
		t.Errorf("one lost answer, nothing committed: want one re-send, got %d binds, %v %v", f.binds, res, err)
	}
	f = &fakeAXE{lost: 5}
	var may *mayExistError
	if _, err := axeBind(context.Background(), f, req); !errors.As(err, &may) || f.binds != maxBindSends {
		t.Errorf("lost every time: want %d sends then a may-exist error, got %d binds, %v", maxBindSends, f.binds, err)
	}
	f = &fakeAXE{lost: 5}
	if _, err := axeBind(context.Background(), f, client.AXEBindRequest{ANumber: axeA1, AreaCode: "0755"}); !errors.As(err, &may) || f.binds != 1 {
		t.Errorf("area code: want no re-send, got %d binds, %v", f.binds, err)
	}
}

// A renewal (planRenewal left expires_at unknown, the lifetime unchanged)
// sends the same lifetime again, which restarts it; in minutes, with the
// callback lifetime along for a binding kept in hours.
func TestAXEModifyRequestRenews(t *testing.T) {
	state := axeBindingModel{axeRecord: axeRecord{
		ID: types.StringValue("s1"), Lifetime: types.StringValue("240h"), CallbackLifetime: types.StringValue("24h"),
		CallbackTone: types.StringValue("cb.wav"), CallbackNumber: types.StringNull(), RecordCalls: types.BoolValue(false),
		RecordHintTone: types.StringNull(),
	}, ExpiresAt: types.StringValue("2026-12-09T00:00:00Z")}
	plan := state
	plan.ExpiresAt = types.StringUnknown()
	for _, hours := range []bool{false, true} {
		m, changed, _ := axeModifyRequest(state, plan, hours)
		if !changed || m.BindExpiredTime == nil || *m.BindExpiredTime != 14400 || m.TimeUnit == nil || *m.TimeUnit != client.TimeUnitMinutes ||
			(hours && (m.CallbackExpiredTime == nil || *m.CallbackExpiredTime != 1440)) {
			t.Errorf("renewal (hour unit %v): %+v", hours, m)
		}
	}
	if _, changed, _ := axeModifyRequest(state, state, false); changed {
		t.Error("no renewal planned: no modify")
	}
}
