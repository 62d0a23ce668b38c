package provider

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/privnum/terraform-provider-privatenumber/internal/client"
)

// platformAt is a client whose platform clock says now; nothing else is called.
type platformAt struct {
	client.API
	now time.Time
}

func (p platformAt) PlatformNow() (time.Time, bool) { return p.now, true }

// axbPlanAt runs the AXB resource's ModifyPlan for an unchanged
// configuration of m, on a platform whose clock says now (far from this
// machine's: the decision must use the platform's).
func axbPlanAt(t *testing.T, m axbBindingModel, now time.Time) (types.String, diag.Diagnostics) {
	t.Helper()
	ctx := context.Background()
	var sr resource.SchemaResponse
	r := &axbBindingResource{resourceBase{client: platformAt{now: now}}}
	r.Schema(ctx, resource.SchemaRequest{}, &sr)
	m.Timeouts = axbBenchTimeouts()
	st := tfsdk.State{Schema: sr.Schema}
	if d := st.Set(ctx, &m); d.HasError() {
		t.Fatal(d)
	}
	req := resource.ModifyPlanRequest{State: st, Plan: tfsdk.Plan{Schema: sr.Schema, Raw: st.Raw}, Config: tfsdk.Config{Schema: sr.Schema, Raw: st.Raw}}
	resp := resource.ModifyPlanResponse{Plan: req.Plan}
	r.ModifyPlan(ctx, req, &resp)
	var expires types.String
	resp.Diagnostics.Append(resp.Plan.GetAttribute(ctx, path.Root("expires_at"), &expires)...)
	return expires, resp.Diagnostics
}

func TestAXBModifyPlan_renewalWindow(t *testing.T) {
	end := time.Date(2031, 3, 10, 12, 0, 0, 0, time.UTC) // years from this machine's clock
	m := axbTestModel()
	m.Lifetime, m.RenewBefore, m.ExpiresAt = types.StringValue("240h"), types.StringValue("72h"), types.StringValue(end.Format(time.RFC3339))
	m.AreaCode = types.StringNull()

	// Outside the window: nothing planned, nothing said.
	expires, diags := axbPlanAt(t, m, end.Add(-73*time.Hour))
	if expires.IsUnknown() || len(diags) != 0 {
		t.Errorf("outside the window: expires_at %v, diagnostics %v; want it kept and nothing said", expires, diags)
	}
	// Inside: an update (expires_at unknown) and a warning that says why.
	expires, diags = axbPlanAt(t, m, end.Add(-71*time.Hour))
	if !expires.IsUnknown() {
		t.Errorf("inside the window: expires_at %v, want unknown (renewed on apply)", expires)
	}
	wantWarning(t, diags, "Renewing the AXB binding before it expires", "sub-1", "2031-03-10T12:00:00Z", "renew_before (72h)", "modify API", "keeping its id")

	// Without renew_before: a week before the end a warning says how to keep it.
	m.RenewBefore = types.StringNull()
	expires, diags = axbPlanAt(t, m, end.Add(-6*24*time.Hour))
	if expires.IsUnknown() {
		t.Error("without renew_before nothing is renewed")
	}
	wantWarning(t, diags, "The AXB binding expires soon", "2031-03-10T12:00:00Z", "in 144h", "set renew_before", "on a schedule")
	if _, diags = axbPlanAt(t, m, end.Add(-8*24*time.Hour)); len(diags) != 0 {
		t.Errorf("eight days before the end: %v, want no warning", diags)
	}
}

// The AXYB group cannot renew: its warning says what to do instead.
func TestExpiryWarning_AXYBSaysNoRenewal(t *testing.T) {
	var diags diag.Diagnostics
	warnExpiring(&diags, path.Root("expires_at"), "AXYB group", renewalValues{ID: types.StringValue("g1"), ExpiresAt: types.StringValue("2031-03-10T12:00:00Z")},
		time.Date(2031, 3, 9, 12, 0, 0, 0, time.UTC), axybKeepAlive)
	wantWarning(t, diags, "The AXYB group expires soon", "2031-03-10T12:00:00Z", "in 24h", "cannot be renewed in place", "longer lifetime")
}

func wantWarning(t *testing.T, diags diag.Diagnostics, summary string, phrases ...string) {
	t.Helper()
	if len(diags) != 1 || diags[0].Severity() != diag.SeverityWarning || diags[0].Summary() != summary {
		t.Fatalf("diagnostics %v, want one warning %q", diags, summary)
	}
	for _, p := range phrases {
		if !strings.Contains(diags[0].Detail(), p) {
			t.Errorf("the warning %q does not say %q", diags[0].Detail(), p)
		}
	}
}

// axbBenchTimeouts is a null timeouts block of the AXB resource.
func axbBenchTimeouts() timeouts.Value {
	return timeouts.Value{Object: types.ObjectNull(map[string]attr.Type{
		"create": types.StringType, "update": types.StringType, "delete": types.StringType})}
}
