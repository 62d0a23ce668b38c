package provider

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
)

// Each mode's lifetime rule takes what its API takes and explains the rest.
func TestLifetimeRules(t *testing.T) {
	cases := []struct {
		name string
		rule lifetimeSpec
		in   string
		want []string // phrases of the error; none = valid
	}{
		{"axb 90 days", axbLifetime, "2160h", nil},
		{"axb seconds", axbLifetime, "90s", nil},
		{"axb permanent", axbLifetime, "0s", nil},
		{"axb permanent as 0", axbLifetime, "0", nil},
		{"axb over 90 days", axbLifetime, "2160h1s", []string{`lifetime = "2160h1s" is outside`, `from "0s" to "2160h", or "0s" (permanent)`}},
		{"axb milliseconds", axbLifetime, "1500ms", []string{"not a whole number of seconds", "duration, in seconds", `"2s"`}},
		{"axb days", axbLifetime, "30d", []string{"is not a duration", `"720h" for 30 days`}},
		{"axb words", axbLifetime, "a month", []string{"is not a duration", `such as "720h"`}},
		{"axb negative", axbLifetime, "-1h", []string{"is negative"}},
		{"axe minutes", axeLifetime, "90m", nil},
		{"axe seconds", axeLifetime, "90s", []string{`lifetime = "90s" is not a whole number of minutes`, "bindExpiredTime, in minutes", `"2m"`}},
		{"axe under a minute", axeLifetime, "30s", []string{"not a whole number of minutes", `"1m"`}},
		{"axe callback zero", axeCallbackLifetime, "0s", []string{`from "1m"`}},
		{"axyb under a minute", axybLifetime, "59s", []string{`from "1m" to "2160h", or "0s" (permanent)`}},
		{"axyb permanent", axybLifetime, "0s", nil},
		{"renew_before zero", renewBeforeSpec(axbLifetime.max, "x"), "0s", []string{`from "1s"`}},
	}
	for _, c := range cases {
		var resp validator.StringResponse
		c.rule.rule().ValidateString(context.Background(), validator.StringRequest{
			Path: path.Root("lifetime"), ConfigValue: types.StringValue(c.in),
		}, &resp)
		if len(c.want) == 0 {
			if resp.Diagnostics.HasError() {
				t.Errorf("%s: %q refused: %v", c.name, c.in, resp.Diagnostics)
			}
			continue
		}
		if !resp.Diagnostics.HasError() {
			t.Errorf("%s: %q accepted", c.name, c.in)
			continue
		}
		detail := resp.Diagnostics[0].Detail()
		for _, w := range c.want {
			if !strings.Contains(detail, w) {
				t.Errorf("%s: %q: the error %q does not say %q", c.name, c.in, detail, w)
			}
		}
	}
}

func TestFormatDurationAndSpelling(t *testing.T) {
	for d, want := range map[time.Duration]string{
		0: "0s", 45 * time.Second: "45s", 90 * time.Minute: "1h30m", 720 * time.Hour: "720h",
		time.Hour + time.Second: "1h1s",
	} {
		if got := formatDuration(d); got != want {
			t.Errorf("formatDuration(%v) = %q, want %q", d, got, want)
		}
	}
	// A length the platform reports keeps the configuration's spelling.
	if got := durationValue(24*time.Hour, types.StringValue("1440m")); got.ValueString() != "1440m" {
		t.Errorf("same length: %v, want the prior spelling 1440m", got)
	}
	if got := durationValue(2*time.Hour, types.StringValue("1440m")); got.ValueString() != "2h" {
		t.Errorf("another length: %v, want 2h", got)
	}
	if got := durationValue(0, types.StringNull()); got.ValueString() != "0s" {
		t.Errorf("permanent without a prior: %v, want 0s", got)
	}
	if !sameDuration(types.StringValue("24h"), types.StringValue("1440m")) || sameDuration(types.StringValue("24h"), types.StringUnknown()) {
		t.Error("sameDuration: 24h is 1440m, and an unknown value is not known to be the same")
	}
}

// renew_before needs a lifetime and must be shorter than it.
func TestRenewalConfigProblem(t *testing.T) {
	s := types.StringValue
	for _, c := range []struct {
		lifetime, before types.String
		want             string
	}{
		{s("240h"), s("72h"), ""},
		{s("240h"), types.StringNull(), ""},
		{types.StringUnknown(), s("72h"), ""},
		{s("0s"), s("72h"), "this binding is permanent"},
		{types.StringNull(), s("72h"), "this binding is permanent"},
		{s("48h"), s("72h"), `renew_before = "72h" is not shorter than lifetime = "48h"`},
		{s("72h"), s("72h"), "not shorter"},
	} {
		got := renewalConfigProblem(c.lifetime, c.before)
		if (c.want == "") != (got == "") || !strings.Contains(got, c.want) {
			t.Errorf("lifetime %v, renew_before %v: %q, want %q", c.lifetime, c.before, got, c.want)
		}
	}
}

// A state written by 0.1.0-dev (schema version 0) upgrades to the duration
// attributes: the same lifetimes, renew_before null, everything else kept.
func TestUpgradeStateFromIntegerLifetimes(t *testing.T) {
	ctx := context.Background()
	cases := []struct {
		res  resource.ResourceWithUpgradeState
		old  map[string]any
		want map[string]any
	}{
		{&axbBindingResource{}, map[string]any{"lifetime_seconds": 86400},
			map[string]any{"lifetime": "24h", "renew_before": nil}},
		{&axbBindingResource{}, map[string]any{"lifetime_seconds": 0},
			map[string]any{"lifetime": "0s", "renew_before": nil}},
		{&axeBindingResource{}, map[string]any{"lifetime_minutes": 90, "callback_lifetime_minutes": 1440},
			map[string]any{"lifetime": "1h30m", "callback_lifetime": "24h", "renew_before": nil}},
		{&axybBindingResource{}, map[string]any{"lifetime_seconds": 3600, "member_lifetime_seconds": 0},
			map[string]any{"lifetime": "1h", "member_lifetime": "0s", "renew_before": nil}},
	}
	for _, c := range cases {
		var sr resource.SchemaResponse
		c.res.(resource.Resource).Schema(ctx, resource.SchemaRequest{}, &sr)
		if sr.Schema.Version != 1 {
			t.Fatalf("%T: schema version %d, want 1", c.res, sr.Schema.Version)
		}
		// Version 0's state: every attribute of version 1 except the renamed ones, plus the old integers.
		old := map[string]any{}
		for name := range sr.Schema.Attributes {
			old[name] = nil
		}
		old["id"] = "sub-1"
		for k := range c.want {
			delete(old, k)
		}
		for k, v := range c.old {
			old[k] = v
		}
		raw, _ := json.Marshal(old)
		up := c.res.UpgradeState(ctx)[0]
		resp := resource.UpgradeStateResponse{State: tfsdk.State{Schema: sr.Schema}}
		up.StateUpgrader(ctx, resource.UpgradeStateRequest{RawState: &tfprotov6.RawState{JSON: raw}}, &resp)
		if resp.Diagnostics.HasError() {
			t.Fatalf("%T: %v", c.res, resp.Diagnostics)
		}
		var id types.String
		resp.State.GetAttribute(ctx, path.Root("id"), &id)
		if id.ValueString() != "sub-1" {
			t.Errorf("%T: id %v after the upgrade, want sub-1", c.res, id)
		}
		for k, want := range c.want {
			var got types.String
			if d := resp.State.GetAttribute(ctx, path.Root(k), &got); d.HasError() {
				t.Fatalf("%T: %s: %v", c.res, k, d)
			}
			if (want == nil) != got.IsNull() || (want != nil && got.ValueString() != want) {
				t.Errorf("%T: %s = %v after the upgrade, want %v", c.res, k, got, want)
			}
		}
	}
}

// Through the provider's protocol server, as the engine calls it: a state of
// 0.1.0-dev (schema version 0) as written to a state file comes back in
// version 1 with the lifetime as a duration and every other value kept.
func TestUpgradeResourceState_protocol(t *testing.T) {
	ctx := context.Background()
	srv, err := providerserver.NewProtocol6WithError(New("test")())()
	if err != nil {
		t.Fatal(err)
	}
	old := `{"id":"sub-1","x_number":"+8617000000101","area_code":null,"area_match_mode":"strict","a_number":"+8613800000001",` +
		`"b_number":"+8613900000001","call_direction":"both","lifetime_seconds":2592000,"expires_at":"2026-12-29T00:00:00Z",` +
		`"record_calls":false,"record_hint_tone":null,"max_call_minutes":0,"last_minute_tone":null,"sms_enabled":true,` +
		`"a_hint_tone":null,"b_hint_tone":null,"user_data":"order=7","timeouts":null}`
	resp, err := srv.UpgradeResourceState(ctx, &tfprotov6.UpgradeResourceStateRequest{
		TypeName: "privatenumber_axb_binding", Version: 0, RawState: &tfprotov6.RawState{JSON: []byte(old)},
	})
	if err != nil || len(resp.Diagnostics) > 0 {
		t.Fatalf("upgrade: %v %v", err, resp.Diagnostics)
	}
	var sr resource.SchemaResponse
	(&axbBindingResource{}).Schema(ctx, resource.SchemaRequest{}, &sr)
	v, err := resp.UpgradedState.Unmarshal(sr.Schema.Type().TerraformType(ctx))
	if err != nil {
		t.Fatal(err)
	}
	st := tfsdk.State{Schema: sr.Schema, Raw: v}
	var m axbBindingModel
	if d := st.Get(ctx, &m); d.HasError() {
		t.Fatal(d)
	}
	if m.Lifetime.ValueString() != "720h" || !m.RenewBefore.IsNull() || m.ID.ValueString() != "sub-1" ||
		m.ExpiresAt.ValueString() != "2026-12-29T00:00:00Z" || m.UserData.ValueString() != "order=7" || m.AreaMatchMode.ValueString() != "strict" {
		t.Errorf("upgraded state: lifetime %v, renew_before %v, id %v, expires_at %v, user_data %v, area_match_mode %v",
			m.Lifetime, m.RenewBefore, m.ID, m.ExpiresAt, m.UserData, m.AreaMatchMode)
	}
}
