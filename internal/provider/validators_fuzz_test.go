package provider

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// FuzzValidators: the plan-time validators never panic, and what they accept
// is what the platform accepts (reference §3.2, §14.4; DESIGN.md for userData).
func FuzzValidators(f *testing.F) {
	for _, s := range []string{"+8613800000001", "+864001234567", "+8695588", "+869512345678", "+8695", "13800000001", "", "+", "{}", "0755",
		"订单", "a\x00b", strings.Repeat("9", 40), "0123abcd/+8613900000001", "/+86", "x/"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if numberProblem(s) == "" {
			// 400 numbers, and 95 service numbers (5-8 national digits), are refused; a
			// Ningxia fixed line (+86951... to +86955..., 10-11 digits) is not (reference §17).
			national := strings.TrimPrefix(s, "+86")
			service95 := strings.HasPrefix(s, "+8695") && len(national) >= 5 && len(national) <= 8
			if !globalNumberRE.MatchString(s) || strings.HasPrefix(s, "+86400") || service95 {
				t.Fatalf("accepted %q as a phone number", s)
			}
		}
		run := func(v validator.String) bool {
			resp := &validator.StringResponse{}
			v.ValidateString(context.Background(), validator.StringRequest{Path: path.Root("a"), ConfigValue: types.StringValue(s)}, resp)
			return !resp.Diagnostics.HasError()
		}
		if run(userDataRule) && (s == "" || len(s) > 256 || strings.ContainsAny(s, "{}")) {
			t.Fatalf("accepted %q as user data", s)
		}
		if run(areaCodeRule) && !areaCodeRE.MatchString(s) {
			t.Fatalf("accepted %q as an area code", s)
		}
		if run(extensionRule) && (len(s) < 1 || len(s) > 4) {
			t.Fatalf("accepted %q as an extension", s)
		}
		run(toneFileRule)
		if sub, b, err := axybParseMemberID(s); err == nil && (sub == "" || b == "" || sub+"/"+b != s) {
			t.Fatalf("member ID %q parsed as %q / %q", s, sub, b)
		}
	})
}
