package provider

import (
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/privnum/terraform-provider-privatenumber/internal/client"
)

func axbTestModel() axbBindingModel {
	return axbBindingModel{
		axbRecord: axbRecord{
			ID: types.StringValue("sub-1"), XNumber: types.StringValue("+8617000000101"),
			ANumber: types.StringValue(axbA(1)), BNumber: types.StringValue(axbB(1)),
			CallDirection: types.StringValue("both"), Lifetime: types.StringValue("0s"), ExpiresAt: types.StringNull(),
			RecordCalls: types.BoolValue(false), RecordHintTone: types.StringNull(), MaxCallMinutes: types.Int64Value(0),
			LastMinuteTone: types.StringNull(), SMSEnabled: types.BoolValue(true), AHintTone: types.StringNull(),
			BHintTone: types.StringNull(), UserData: types.StringNull(),
		},
		AreaCode: types.StringValue("0755"), AreaMatchMode: types.StringValue("strict"),
	}
}

func TestAXBReplacePaths(t *testing.T) {
	state := axbTestModel()
	cases := []struct {
		name string
		edit func(cfg, plan *axbBindingModel)
		want []string
	}{
		{"no change", func(c, p *axbBindingModel) {}, nil},
		{"picked X written in place of area_code", func(c, p *axbBindingModel) {
			c.XNumber, c.AreaCode, p.AreaCode = state.XNumber, types.StringNull(), types.StringNull()
		}, nil},
		{"another X", func(c, p *axbBindingModel) {
			c.XNumber, p.XNumber, c.AreaCode, p.AreaCode = types.StringValue("+8617000000102"), types.StringValue("+8617000000102"), types.StringNull(), types.StringNull()
		}, []string{"x_number"}},
		{"X from another resource", func(c, p *axbBindingModel) {
			c.XNumber, p.XNumber, c.AreaCode, p.AreaCode = types.StringUnknown(), types.StringUnknown(), types.StringNull(), types.StringNull()
		}, []string{"x_number"}},
		{"another area", func(c, p *axbBindingModel) {
			c.AreaCode, p.AreaCode = types.StringValue("010"), types.StringValue("010")
		}, []string{"area_code"}},
		{"match mode with area", func(c, p *axbBindingModel) { p.AreaMatchMode = types.StringValue("fallback") }, []string{"area_match_mode"}},
		{"user_data", func(c, p *axbBindingModel) { p.UserData = types.StringValue("x=1") }, []string{"user_data"}},
		{"record_hint_tone", func(c, p *axbBindingModel) { p.RecordHintTone = types.StringValue("r.wav") }, []string{"record_hint_tone"}},
		{"modifiable fields", func(c, p *axbBindingModel) {
			p.ANumber, p.BNumber, p.CallDirection = types.StringValue(axbA(2)), types.StringValue(axbB(2)), types.StringValue("a_to_b")
			p.Lifetime, p.MaxCallMinutes, p.SMSEnabled = types.StringValue("1m"), types.Int64Value(5), types.BoolValue(false)
			p.LastMinuteTone, p.AHintTone, p.BHintTone, p.RecordCalls = types.StringValue("l.wav"), types.StringValue("a.wav"), types.StringValue("b.wav"), types.BoolValue(true)
		}, nil},
	}
	for _, c := range cases {
		cfg, plan := state, state
		cfg.XNumber = types.StringNull()
		c.edit(&cfg, &plan)
		got := axbReplacePaths(cfg, plan, state)
		if len(got) != len(c.want) {
			t.Errorf("%s: replace %v, want %v", c.name, got, c.want)
			continue
		}
		for i := range got {
			if got[i].String() != c.want[i] {
				t.Errorf("%s: replace %v, want %v", c.name, got, c.want)
			}
		}
	}
}

func TestAXBModifyRequestSendsOnlyWhatChanged(t *testing.T) {
	state := axbTestModel()
	plan := state
	if _, changed := axbModifyRequest(plan, state); changed {
		t.Error("no change must send no modify")
	}
	plan.AreaCode = types.StringNull() // config-only: nothing for the platform
	if _, changed := axbModifyRequest(plan, state); changed {
		t.Error("removing area_code must send no modify")
	}
	plan.BNumber, plan.BHintTone, plan.Lifetime = types.StringValue(axbB(2)), types.StringValue("b.wav"), types.StringValue("1h")
	m, changed := axbModifyRequest(plan, state)
	if !changed || m.SubscriptionID != "sub-1" || m.BNumber == nil || *m.BNumber != axbB(2) || m.ANumber != nil ||
		m.DurationSeconds == nil || *m.DurationSeconds != 3600 || m.CallDirection != nil || m.MaxDurationMinutes != nil ||
		m.LastMinVoice != nil || m.PrivateSMS != nil || m.RecordFlag != nil ||
		m.PreVoice == nil || *m.PreVoice != (client.PreVoice{CalleeHintTone: "b.wav"}) {
		t.Errorf("unexpected modify request %+v", m)
	}
	// Removing a tone clears it on the platform.
	state.LastMinuteTone, plan = types.StringValue("l.wav"), state
	plan.LastMinuteTone = types.StringNull()
	if m, _ := axbModifyRequest(plan, state); m.LastMinVoice == nil || *m.LastMinVoice != "" {
		t.Errorf("removing last_minute_tone must send an empty lastMinVoice: %+v", m)
	}
}

func TestAXBFieldsFromPlatform(t *testing.T) {
	bound := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	f := axbRecordFrom(&client.AXBBinding{SubscriptionID: "s", XNumber: "+8617000000101", ANumber: axbA(1), BNumber: axbB(1),
		CallDirection: 2, DurationSeconds: 3600, PrivateSMS: true, PreVoice: client.PreVoice{CallerHintTone: "a.wav"}, SubscribeTime: bound}, nil)
	if f.CallDirection.ValueString() != "b_to_a" || f.ExpiresAt.ValueString() != "2026-01-02T04:04:05Z" ||
		!f.LastMinuteTone.IsNull() || !f.UserData.IsNull() || f.AHintTone.ValueString() != "a.wav" || !f.BHintTone.IsNull() {
		t.Errorf("unexpected mapping %+v", f)
	}
	if p := axbRecordFrom(&client.AXBBinding{SubscribeTime: bound}, nil); !p.ExpiresAt.IsNull() || p.CallDirection.ValueString() != "both" {
		t.Errorf("a permanent binding has no expires_at: %+v", p)
	}
}
