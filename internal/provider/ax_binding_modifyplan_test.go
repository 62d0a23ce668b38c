package provider

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// axPlanWarnings runs the resource's ModifyPlan on (state, plan, config)
// models and returns the warnings' texts.
func axPlanWarnings(t *testing.T, state, plan, cfg axBindingModel) []string {
	t.Helper()
	ctx := context.Background()
	r := &axBindingResource{}
	var sr resource.SchemaResponse
	r.Schema(ctx, resource.SchemaRequest{}, &sr)
	noTimeouts := timeouts.Value{Object: types.ObjectNull(map[string]attr.Type{
		"create": types.StringType, "update": types.StringType, "delete": types.StringType})}
	state.Timeouts, plan.Timeouts, cfg.Timeouts = noTimeouts, noTimeouts, noTimeouts
	st := tfsdk.State{Schema: sr.Schema}
	pl := tfsdk.Plan{Schema: sr.Schema}
	cf := tfsdk.Plan{Schema: sr.Schema}
	if d := st.Set(ctx, &state); d.HasError() {
		t.Fatal(d)
	}
	if d := pl.Set(ctx, &plan); d.HasError() {
		t.Fatal(d)
	}
	if d := cf.Set(ctx, &cfg); d.HasError() {
		t.Fatal(d)
	}
	resp := resource.ModifyPlanResponse{Plan: pl}
	r.ModifyPlan(ctx, resource.ModifyPlanRequest{State: st, Plan: pl, Config: tfsdk.Config{Schema: sr.Schema, Raw: cf.Raw}}, &resp)
	if resp.Diagnostics.HasError() {
		t.Fatal(resp.Diagnostics)
	}
	var out []string
	for _, w := range resp.Diagnostics.Warnings() {
		out = append(out, w.Summary()+": "+w.Detail())
	}
	return out
}

// TestAXModifyPlanWarnsWhenXMayChange: a replacement that lets the platform
// pick X again warns and says how to keep X; pinned X or in-place changes do not.
func TestAXModifyPlanWarnsWhenXMayChange(t *testing.T) {
	x := "+8617000000001"
	state := axBindingModel{
		axRecord: axRecord{
			ID: types.StringValue("sub-1"), ANumber: types.StringValue("+8675523456701"), XNumber: types.StringValue(x),
			CallerIDToA: types.StringValue("x_number"), RecordCalls: types.BoolValue(false), SMSEnabled: types.BoolValue(true),
			MaxCallMinutes: types.Int64Value(0), PowerOn: types.BoolValue(true), CallDirection: types.StringValue("both"),
			RecordHintTone: types.StringNull(), LastMinuteTone: types.StringNull(), AHintTone: types.StringNull(),
			OthersHintTone: types.StringNull(), UserData: types.StringNull(),
		},
		AreaCode: types.StringValue("0755"), AreaMatchMode: types.StringValue("strict"),
	}
	cfgOf := func(m axBindingModel) axBindingModel {
		m.XNumber, m.ID = types.StringNull(), types.StringNull()
		return m
	}

	newA := state
	newA.ANumber = types.StringValue("+8675523456702")
	newA.XNumber = types.StringUnknown()
	w := axPlanWarnings(t, state, newA, cfgOf(newA))
	if len(w) != 1 || !strings.Contains(w[0], "a_number") || !strings.Contains(w[0], `x_number = "`+x+`"`) {
		t.Errorf("new A with area_code: want one warning naming a_number and how to keep %s, got %q", x, w)
	}

	pinned := newA
	pinned.XNumber, pinned.AreaCode = types.StringValue(x), types.StringNull()
	pinnedCfg := pinned
	pinnedCfg.ID = types.StringNull()
	if w := axPlanWarnings(t, state, pinned, pinnedCfg); len(w) != 0 {
		t.Errorf("new A with x_number pinned: want no warning, got %q", w)
	}

	inPlace := state
	inPlace.MaxCallMinutes = types.Int64Value(30)
	if w := axPlanWarnings(t, state, inPlace, cfgOf(inPlace)); len(w) != 0 {
		t.Errorf("in-place change: want no warning, got %q", w)
	}
}
