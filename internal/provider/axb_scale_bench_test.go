package provider

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// Benchmarks of the framework work the AXB resource does per binding on a
// no-change plan, without the engine or the network (make bench measures the
// whole). They size what ModifyPlan and ValidateConfig add to the floor: each
// struct Get or Set walks the model by reflection, and terraform-plugin-framework
// v1.19.0 compiles a regexp for every field it visits (internal/reflect
// isValidFieldName), so the cost grows with the number of Gets per RPC.

func axbBenchState(b *testing.B) (resource.SchemaResponse, tfsdk.State) {
	b.Helper()
	ctx := context.Background()
	var sr resource.SchemaResponse
	(&axbBindingResource{}).Schema(ctx, resource.SchemaRequest{}, &sr)
	m := axbTestModel()
	m.AreaCode = types.StringNull()
	m.AreaMatchMode = types.StringValue("strict")
	m.Timeouts = timeouts.Value{Object: types.ObjectNull(map[string]attr.Type{
		"create": types.StringType, "update": types.StringType, "delete": types.StringType})}
	st := tfsdk.State{Schema: sr.Schema}
	if d := st.Set(ctx, &m); d.HasError() {
		b.Fatal(d)
	}
	return sr, st
}

// BenchmarkAXBModelGet is one struct Get of the resource model (ValidateConfig
// does one, ModifyPlan three, Read one plus a Set).
func BenchmarkAXBModelGet(b *testing.B) {
	_, st := axbBenchState(b)
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		var m axbBindingModel
		if d := st.Get(ctx, &m); d.HasError() {
			b.Fatal(d)
		}
	}
}

// BenchmarkAXBModelGetAttributes reads only the attributes the cross-attribute
// checks need, one GetAttribute each: the alternative to a whole-model Get.
func BenchmarkAXBModelGetAttributes(b *testing.B) {
	_, st := axbBenchState(b)
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		var x, area, mode, a, bn, tone types.String
		var minutes types.Int64
		for _, g := range []struct {
			p string
			v any
		}{{"x_number", &x}, {"area_code", &area}, {"area_match_mode", &mode}, {"a_number", &a}, {"b_number", &bn}, {"last_minute_tone", &tone}, {"max_call_minutes", &minutes}} {
			if d := st.GetAttribute(ctx, path.Root(g.p), g.v); d.HasError() {
				b.Fatal(d)
			}
		}
	}
}

// BenchmarkAXBModifyPlanNoChange is ModifyPlan as a no-change plan calls it
// (plan = state = config).
func BenchmarkAXBModifyPlanNoChange(b *testing.B) {
	sr, st := axbBenchState(b)
	ctx := context.Background()
	r := &axbBindingResource{}
	pl := tfsdk.Plan{Schema: sr.Schema, Raw: st.Raw.Copy()}
	cfg := tfsdk.Config{Schema: sr.Schema, Raw: st.Raw.Copy()}
	b.ReportAllocs()
	for b.Loop() {
		resp := resource.ModifyPlanResponse{Plan: pl}
		r.ModifyPlan(ctx, resource.ModifyPlanRequest{State: st, Plan: pl, Config: cfg}, &resp)
		if resp.Diagnostics.HasError() {
			b.Fatal(resp.Diagnostics)
		}
	}
}

// BenchmarkAXBPlanEqualsState is the check that would let ModifyPlan return
// before any Get on a no-change plan: the raw plan equals the prior state.
func BenchmarkAXBPlanEqualsState(b *testing.B) {
	sr, st := axbBenchState(b)
	pl := tfsdk.Plan{Schema: sr.Schema, Raw: st.Raw.Copy()}
	b.ReportAllocs()
	for b.Loop() {
		if !pl.Raw.Equal(st.Raw) {
			b.Fatal("plan differs from state")
		}
	}
}
