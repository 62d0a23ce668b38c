package provider

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/privnum/terraform-provider-privatenumber/internal/client"
)

func envFrom(m map[string]string) func(string) (string, bool) {
	return func(k string) (string, bool) { v, ok := m[k]; return v, ok }
}

func nullModel() providerModel {
	return providerModel{
		Endpoint: types.StringNull(), AppKey: types.StringNull(), AppSecret: types.StringNull(),
		RequestTimeout: types.StringNull(), MaxRetries: types.Int64Null(), RequestsPerSecond: types.Float64Null(),
		CABundleFile: types.StringNull(),
	}
}

func TestResolveSettingsConfigurationWinsOverEnvironment(t *testing.T) {
	m := nullModel()
	m.AppKey = types.StringValue("from-hcl")
	m.MaxRetries = types.Int64Value(2)
	got, diags := resolveSettings(m, envFrom(map[string]string{
		EnvAppKey: "from-env", EnvAppSecret: "secret-env", EnvMaxRetries: "7",
		EnvRequestTimeout: "5s", EnvRequestsPerSecond: "3.5",
	}))
	if diags.HasError() {
		t.Fatalf("unexpected diagnostics: %v", diags)
	}
	if got.AppKey != "from-hcl" || got.AppSecret != "secret-env" || got.MaxRetries != 2 {
		t.Errorf("configuration must win over the environment: %+v", got)
	}
	if got.RequestTimeout != 5*time.Second || got.RequestsPerSecond != 3.5 || got.Endpoint != DefaultEndpoint {
		t.Errorf("environment and defaults not applied: timeout %v rps %v endpoint %q", got.RequestTimeout, got.RequestsPerSecond, got.Endpoint)
	}
}

func TestResolveSettingsDefaults(t *testing.T) {
	m := nullModel()
	m.AppKey, m.AppSecret = types.StringValue("k"), types.StringValue("s")
	got, diags := resolveSettings(m, envFrom(nil))
	if diags.HasError() {
		t.Fatalf("unexpected diagnostics: %v", diags)
	}
	if got.RequestTimeout != client.DefaultRequestTimeout || got.MaxRetries != client.DefaultMaxRetries ||
		got.RequestsPerSecond != client.DefaultRequestsPerSecond || got.Endpoint != DefaultEndpoint {
		t.Errorf("defaults not applied: %+v", got)
	}
}

func TestResolveSettingsMissingCredentialsIsOneDiagnosticNamingBoth(t *testing.T) {
	_, diags := resolveSettings(nullModel(), envFrom(nil))
	if diags.ErrorsCount() != 1 {
		t.Fatalf("want exactly one error, got %d: %v", diags.ErrorsCount(), diags)
	}
	detail := diags.Errors()[0].Detail()
	for _, want := range []string{"app_key", EnvAppKey, "app_secret", EnvAppSecret} {
		if !strings.Contains(detail, want) {
			t.Errorf("detail does not name %s: %s", want, detail)
		}
	}
}

func TestResolveSettingsBadEnvironmentValues(t *testing.T) {
	m := nullModel()
	m.AppKey, m.AppSecret = types.StringValue("k"), types.StringValue("s")
	_, diags := resolveSettings(m, envFrom(map[string]string{
		EnvEndpoint: "http://10.0.0.5:8080", EnvRequestTimeout: "soon", EnvMaxRetries: "-1",
		EnvRequestsPerSecond: "zero", EnvCABundleFile: filepath.Join(t.TempDir(), "missing.pem"),
	}))
	if diags.ErrorsCount() != 5 {
		t.Fatalf("want 5 errors (endpoint, timeout, retries, rps, ca bundle), got %d: %v", diags.ErrorsCount(), diags)
	}
	for _, d := range diags.Errors() {
		if !strings.Contains(d.Detail(), "environment variable") && !strings.Contains(d.Summary(), "PRIVATENUMBER_") {
			t.Errorf("diagnostic does not say the value came from the environment: %s: %s", d.Summary(), d.Detail())
		}
	}
}

func TestResolveSettingsReadsCABundle(t *testing.T) {
	file := filepath.Join(t.TempDir(), "ca.pem")
	if err := os.WriteFile(file, []byte("-----BEGIN CERTIFICATE-----\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	m := nullModel()
	m.AppKey, m.AppSecret, m.CABundleFile = types.StringValue("k"), types.StringValue("s"), types.StringValue(file)
	got, diags := resolveSettings(m, envFrom(nil))
	if diags.HasError() || string(got.CABundlePEM) != "-----BEGIN CERTIFICATE-----\n" {
		t.Fatalf("CA bundle not read: %v %q", diags, got.CABundlePEM)
	}
}

func TestCheckEndpoint(t *testing.T) {
	for endpoint, ok := range map[string]bool{
		"https://rtcpns.cn-north-1.myhuaweicloud.com":       true,
		"https://rtcapi.cn-north-1.myhuaweicloud.com:12543": true,
		"http://127.0.0.1:18080":                            true,
		"http://localhost:18080":                            true,
		"http://[::1]:18080":                                true,
		"http://rtcpns.cn-north-1.myhuaweicloud.com":        false,
		"http://192.168.1.10":                               false,
		"ftp://example.com":                                 false,
		"rtcpns.cn-north-1.myhuaweicloud.com":               false,
		"":                                                  false,
	} {
		if got := checkEndpoint(endpoint) == ""; got != ok {
			t.Errorf("checkEndpoint(%q) accepted=%v, want %v (%s)", endpoint, got, ok, checkEndpoint(endpoint))
		}
	}
}

func runStringValidator(v validator.String, value string) []string {
	resp := &validator.StringResponse{}
	v.ValidateString(context.Background(), validator.StringRequest{
		Path: path.Root("attr"), ConfigValue: types.StringValue(value),
	}, resp)
	var out []string
	for _, d := range resp.Diagnostics.Errors() {
		out = append(out, d.Detail())
	}
	return out
}

func TestValidators(t *testing.T) {
	cases := []struct {
		name  string
		v     validator.String
		value string
		ok    bool
		hint  string // part of the fix the message must give
	}{
		{"mobile", phoneNumberRule, "+8613800000001", true, ""},
		{"fixed line", phoneNumberRule, "+8675528000001", true, ""},
		{"foreign", phoneNumberRule, "+14155550100", true, ""},
		{"no plus", phoneNumberRule, "13800000001", false, `"+8613800000001"`},
		{"domestic 0", phoneNumberRule, "075528000001", false, "+86"},
		{"spaces", phoneNumberRule, "+86 138 0000 0001", false, "spaces"},
		{"letters", phoneNumberRule, "+86138abc", false, "global format"},
		{"too short", phoneNumberRule, "+861", false, "4 to 30 digits"},
		{"400", phoneNumberRule, "+864001234567", false, "400 or 95"},
		{"95", phoneNumberRule, "+8695555", false, "400 or 95"},
		{"empty number", phoneNumberRule, "", false, "must not be empty"},
		{"area ok", areaCodeRule, "0755", true, ""},
		{"area 010", areaCodeRule, "010", true, ""},
		{"area no zero", areaCodeRule, "755", false, "leading 0"},
		{"area long", areaCodeRule, "07555", false, "leading 0"},
		{"user data ok", userDataRule, "order=42;shop=7", true, ""},
		{"user data braces", userDataRule, `{"a":1}`, false, "{ or }"},
		{"user data long", userDataRule, strings.Repeat("x", 257), false, "at most 256"},
		{"user data chinese", userDataRule, "订单", false, "printable ASCII"},
		{"user data control", userDataRule, "a\tb", false, "printable ASCII"},
		{"user data empty", userDataRule, "", false, "remove the attribute"},
		{"tone ok", toneFileRule, "welcome-1@v2.wav", true, ""},
		{"tone space", toneFileRule, "my tone.wav", false, "uploaded and approved"},
		{"extension ok", extensionRule, "007", true, ""},
		{"extension letters", extensionRule, "7a", false, "1 to 4 digits"},
		{"extension long", extensionRule, "12345", false, "1 to 4 digits"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			errs := runStringValidator(tc.v, tc.value)
			if tc.ok != (len(errs) == 0) {
				t.Fatalf("value %q: ok=%v, errors %v", tc.value, tc.ok, errs)
			}
			if !tc.ok {
				if !strings.Contains(errs[0], tc.hint) || !strings.Contains(errs[0], "attr") {
					t.Errorf("message %q should name the attribute and contain %q", errs[0], tc.hint)
				}
			}
		})
	}
}

func TestValidatorsIgnoreUnknownAndNull(t *testing.T) {
	for _, v := range []validator.String{phoneNumberRule, areaCodeRule, userDataRule, toneFileRule, extensionRule, endpointRule, durationRule} {
		for _, val := range []types.String{types.StringNull(), types.StringUnknown()} {
			resp := &validator.StringResponse{}
			v.ValidateString(context.Background(), validator.StringRequest{Path: path.Root("a"), ConfigValue: val}, resp)
			if resp.Diagnostics.HasError() {
				t.Errorf("%T refused %v: %v", v, val, resp.Diagnostics)
			}
		}
	}
}
