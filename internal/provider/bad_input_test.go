package provider

import (
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
)

// badInput is one invalid configuration: it must fail at plan time with an
// error that names the attribute and says how to fix it, before any request.
type badInput struct {
	name string
	mode string // provider application for the block
	hcl  string // resource or data source block(s)
	want []string
}

// validAttrs are the attributes each case starts from, by resource type (HCL expressions).
var validAttrs = map[string]map[string]string{
	"axb_binding":  {"x_number": `"+8617000001001"`, "b_number": `"+8613900000002"`, "a_number": `"+8613800000001"`},
	"ax_binding":   {"x_number": `"+8617000000001"`, "a_number": `"+8613800000001"`},
	"axe_binding":  {"a_number": `"+8613800000001"`, "x_number": `"+8617000002001"`},
	"axyb_binding": {"a_number": `"+8613800000001"`, "area_code": `"010"`},
	"axyb_member":  {"binding_id": `"0123456789abcdef0123456789abcdef"`, "b_number": `"+8613900000002"`},
}

// badResource is resource "privatenumber_<typ>" "t" with validAttrs[typ] changed ("" deletes one).
func badResource(typ string, changes map[string]string) string {
	return strings.TrimPrefix(resourceHCL("privatenumber_"+typ, "t", withAttrs(validAttrs[typ], changes)), "\n")
}

// The table covers every resource and data source (reference §3.2 for numbers,
// §3.3 for tone files, §4-§7 for ranges and enums, §12 for limits).
var badInputs = []badInput{
	// ---- privatenumber_axb_binding
	{"axb no plus", "AXB", badResource("axb_binding", map[string]string{"a_number": `"13800000001"`}), []string{"a_number", `start with "+" and the country code`}},
	{"axb 400 number", "AXB", badResource("axb_binding", map[string]string{"a_number": `"+864001234567"`}), []string{"a_number", "400 number", "use the mobile or fixed line behind it"}},
	{"axb 95 number", "AXB", badResource("axb_binding", map[string]string{"b_number": `"+8695588"`}), []string{"b_number", "95 number"}},
	{"axb same a and b", "AXB", badResource("axb_binding", map[string]string{"b_number": `"+8613800000001"`}), []string{"b_number", "+8613800000001"}},
	{"axb x and area", "AXB", badResource("axb_binding", map[string]string{"area_code": `"0755"`}), []string{"x_number", "area_code"}},
	{"axb neither x nor area", "AXB", badResource("axb_binding", map[string]string{"x_number": ""}), []string{"x_number", "area_code"}},
	{"axb bad area code", "AXB", badResource("axb_binding", map[string]string{"x_number": "", "area_code": `"755"`}), []string{"area_code", "leading 0"}},
	{"axb unknown call direction", "AXB", badResource("axb_binding", map[string]string{"call_direction": `"sideways"`}), []string{"call_direction", `"both"`, `"a_to_b"`}},
	{"axb negative lifetime", "AXB", badResource("axb_binding", map[string]string{"lifetime": `"-1s"`}), []string{"lifetime", "negative"}},
	{"axb lifetime over 90 days", "AXB", badResource("axb_binding", map[string]string{"lifetime": `"2161h"`}), []string{"lifetime", "2160h"}},
	{"axb call minutes over a day", "AXB", badResource("axb_binding", map[string]string{"max_call_minutes": `1441`}), []string{"max_call_minutes", "1440"}},
	{"axb last minute tone without limit", "AXB", badResource("axb_binding", map[string]string{"last_minute_tone": `"one-minute.wav"`}), []string{"last_minute_tone", "max_call_minutes"}},
	{"axb user data braces", "AXB", badResource("axb_binding", map[string]string{"user_data": `"{\"order\":42}"`}), []string{"user_data", "{ or }", "key=value"}},
	{"axb user data too long", "AXB", badResource("axb_binding", map[string]string{"user_data": hq(strings.Repeat("a", 257))}), []string{"user_data", "at most 256"}},
	{"axb user data control character", "AXB", badResource("axb_binding", map[string]string{"user_data": `"line1\nline2"`}), []string{"user_data", "printable ASCII"}},
	{"axb empty b number", "AXB", badResource("axb_binding", map[string]string{"b_number": `""`}), []string{"b_number", "must not be empty"}},
	{"axb bad tone file name", "AXB", badResource("axb_binding", map[string]string{"a_hint_tone": `"my tone.wav"`}), []string{"a_hint_tone", "uploaded and approved"}},
	{"axb data source by nothing", "AXB", `data "privatenumber_axb_binding" "t" {
}`, []string{"id", "x_number"}},
	{"axb list bad x", "AXB", `data "privatenumber_axb_bindings" "t" {
  x_number = "017000001001"
}`, []string{"x_number", "global format"}},

	// ---- privatenumber_ax_binding
	{"ax malformed a", "AX", badResource("ax_binding", map[string]string{"a_number": `"+86 138 0000 0001"`}), []string{"a_number", "spaces"}},
	{"ax both x and area", "AX", badResource("ax_binding", map[string]string{"area_code": `"0755"`}), []string{"x_number", "area_code"}},
	{"ax unknown caller id", "AX", badResource("ax_binding", map[string]string{"caller_id_to_a": `"hidden"`}), []string{"caller_id_to_a", `"x_number"`, `"real_caller"`}},
	{"ax unknown call direction", "AX", badResource("ax_binding", map[string]string{"call_direction": `"a_to_b"`}), []string{"call_direction", `"others_to_a"`}},
	{"ax negative call minutes", "AX", badResource("ax_binding", map[string]string{"max_call_minutes": `-5`}), []string{"max_call_minutes", "1440"}},
	{"ax area match without area", "AX", badResource("ax_binding", map[string]string{"area_match_mode": `"fallback"`}), []string{"area_match_mode", "area_code"}},
	{"ax unknown area match mode", "AX", badResource("ax_binding", map[string]string{"x_number": "", "area_code": `"0755"`, "area_match_mode": `"loose"`}), []string{"area_match_mode", `"strict"`, `"fallback"`}},
	{"ax chinese user data", "AX", badResource("ax_binding", map[string]string{"user_data": `"诊所"`}), []string{"user_data", "printable ASCII"}},
	{"ax data source both keys", "AX", `data "privatenumber_ax_binding" "t" {
  id       = "abc"
  x_number = "+8617000000001"
}`, []string{"id", "x_number"}},
	{"ax list neither key", "AX", `data "privatenumber_ax_bindings" "t" {
}`, []string{"a_number", "x_number"}},

	// ---- privatenumber_axe_binding
	{"axe both callbacks", "AXE", badResource("axe_binding", map[string]string{"callback_tone": `"busy.wav"`, "callback_number": `"+8613900000002"`}), []string{"callback_number", "callback_tone"}},
	{"axe extension without x", "AXE", badResource("axe_binding", map[string]string{"x_number": "", "area_code": `"0755"`, "extension": `"007"`}), []string{"extension", "x_number"}},
	{"axe extension letters", "AXE", badResource("axe_binding", map[string]string{"extension": `"7a"`}), []string{"extension", "1 to 4 digits"}},
	{"axe negative lifetime", "AXE", badResource("axe_binding", map[string]string{"lifetime": `"-10m"`}), []string{"lifetime", "negative"}},
	{"axe lifetime in seconds", "AXE", badResource("axe_binding", map[string]string{"lifetime": `"90s"`}), []string{"lifetime", "whole number of minutes", `"2m"`}},
	{"axe lifetime in days", "AXE", badResource("axe_binding", map[string]string{"callback_lifetime": `"30d"`}), []string{"callback_lifetime", `"720h"`}},
	{"axe 400 callback number", "AXE", badResource("axe_binding", map[string]string{"callback_number": `"+864008001234"`}), []string{"callback_number", "400 number"}},
	{"axe unknown caller id", "AXE", badResource("axe_binding", map[string]string{"caller_id_to_a": `"both"`}), []string{"caller_id_to_a", `"real_caller"`}},
	{"axe data source extension without x", "AXE", `data "privatenumber_axe_binding" "t" {
  extension = "007"
}`, []string{"x_number"}},
	{"axe list bad x", "AXE", `data "privatenumber_axe_bindings" "t" {
  x_number = "+86-170-0000-2001"
}`, []string{"x_number", "spaces or separators"}},

	// ---- privatenumber_axyb_binding and privatenumber_axyb_member
	{"axyb member lifetime over group", "AXYB", badResource("axyb_binding", map[string]string{"lifetime": `"1h"`, "member_lifetime": `"2h"`}), []string{"member_lifetime", "lifetime"}},
	{"axyb lifetime under a minute", "AXYB", badResource("axyb_binding", map[string]string{"lifetime": `"30s"`}), []string{"lifetime", `"1m"`}},
	{"axyb renew_before", "AXYB", badResource("axyb_binding", map[string]string{"lifetime": `"24h"`, "renew_before": `"2h"`}), []string{"renew_before is not available for AXYB", "has none for AXYB"}},
	{"axyb missing area", "AXYB", badResource("axyb_binding", map[string]string{"area_code": ""}), []string{"area_code"}},
	{"axyb member bad b", "AXYB", badResource("axyb_member", map[string]string{"b_number": `"+86400"`}), []string{"b_number"}},
	{"axyb member area match without area", "AXYB", badResource("axyb_member", map[string]string{"area_match_mode": `"fallback"`}), []string{"area_match_mode", "area_code"}},
	{"axyb member empty binding id", "AXYB", badResource("axyb_member", map[string]string{"binding_id": `""`}), []string{"binding_id"}},
	{"axyb data source neither key", "AXYB", `data "privatenumber_axyb_binding" "t" {
}`, []string{"id", "x_number"}},

	// ---- provider
	{"provider bad timeout", "", `provider "privatenumber" {
  endpoint        = "http://127.0.0.1:1"
  app_key         = "k"
  app_secret      = "s"
  request_timeout = "ten seconds"
}
data "privatenumber_axb_bindings" "t" {
  x_number = "+8617000001001"
}`, []string{"request_timeout", `"30s"`}},
	{"provider negative retries", "", `provider "privatenumber" {
  endpoint    = "http://127.0.0.1:1"
  app_key     = "k"
  app_secret  = "s"
  max_retries = -1
}
data "privatenumber_axb_bindings" "t" {
  x_number = "+8617000001001"
}`, []string{"max_retries", "between 0 and 20"}},
	{"provider empty key", "", `provider "privatenumber" {
  endpoint   = "http://127.0.0.1:1"
  app_key    = ""
  app_secret = "s"
}
data "privatenumber_axb_bindings" "t" {
  x_number = "+8617000001001"
}`, []string{"app_key", "at least 1"}},
}

// TestAccBadInput runs every invalid configuration through a real plan. Each
// must fail with the attribute and the fix in the message, and the emulator
// must see no request at all.
func TestAccBadInput(t *testing.T) {
	if len(badInputs) < 40 {
		t.Fatalf("the table must keep at least 40 cases, has %d", len(badInputs))
	}
	byMode := map[string][]badInput{}
	for _, c := range badInputs {
		byMode[c.mode] = append(byMode[c.mode], c)
	}
	for mode, cases := range byMode {
		t.Run("mode="+mode, func(t *testing.T) {
			env := newAccEnv(t)
			provider := env.providerConfig(mode)
			if mode == "" {
				provider = ""
			}
			var steps []resource.TestStep
			for i, c := range cases {
				t.Logf("step %d: %s", i+1, c.name)
				steps = append(steps, resource.TestStep{
					Config:      provider + c.hcl,
					PlanOnly:    true,
					ExpectError: wrapRE(c.want...),
				})
			}
			// An ExpectError step must not be last: end with a valid, empty configuration.
			steps = append(steps, resource.TestStep{Config: env.providerConfig("AXB")})
			env.runCase(resource.TestCase{Steps: steps})
			if n := env.platformRequests(); n != 0 {
				t.Errorf("invalid configurations must fail before any request; the emulator saw %d: %v", n, env.emu.Stats().Requests)
			}
		})
	}
}

// A value unknown at plan time (from another resource) is neither an error nor
// empty at plan; once known at apply, an invalid one is refused before any
// request reaches the platform.
func TestAccBadInputUnknownAtPlan(t *testing.T) {
	env := newAccEnv(t)
	config := func(a string) string {
		return env.providerConfig("AX") + fmt.Sprintf(`
resource "terraform_data" "a" {
  input = %q
}

resource "privatenumber_ax_binding" "t" {
  a_number = terraform_data.a.output
  x_number = %q
}
`, a, testNumber("AX", "0755", 1))
	}
	env.run([]resource.TestStep{
		{
			Config:             config("13800000001"),
			PlanOnly:           true,
			ExpectNonEmptyPlan: true, // the plan itself succeeds: the value is not known yet
		},
		{
			Config:      config("13800000001"),
			ExpectError: wrapRE("a_number", `start with "+" and the country code`),
		},
		{
			PreConfig: func() {
				if n := env.requests("AX.bind"); n != 0 {
					t.Errorf("an invalid a_number known only at apply reached the platform: %d AX.bind requests", n)
				}
			},
			Config: config("+8613800000001"),
		},
	})
}
