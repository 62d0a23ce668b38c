package provider

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/function"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"
)

// runFunction calls f with one string argument, as the engine does.
func runFunction(t *testing.T, f function.Function, arg string) (string, *function.FuncError) {
	t.Helper()
	ctx := context.Background()
	var def function.DefinitionResponse
	f.Definition(ctx, function.DefinitionRequest{}, &def)
	resp := function.RunResponse{Result: function.NewResultData(types.StringUnknown())}
	f.Run(ctx, function.RunRequest{Arguments: function.NewArgumentsData([]attr.Value{types.StringValue(arg)})}, &resp)
	if resp.Error != nil {
		return "", resp.Error
	}
	s, ok := resp.Result.Value().(types.String)
	if !ok || s.IsUnknown() || s.IsNull() {
		t.Fatalf("%q: no string result: %v", arg, resp.Result.Value())
	}
	return s.ValueString(), nil
}

// Numbers as people write them become the global format the platform takes;
// national numbers are read as Chinese.
func TestNormalizeNumberFunction(t *testing.T) {
	for in, want := range map[string]string{
		"0755-8888 6666":        "+8675588886666",
		"138 0013 8000":         "+8613800138000",
		"+8613800138000":        "+8613800138000",
		"+86 (0)755 8888 6666":  "+8675588886666",
		"0086 138-0013-8000":    "+8613800138000",
		"(010) 6552 9988":       "+861065529988",
		"１３８ ００１３ ８０００":         "+8613800138000", // full-width digits, as Chinese input methods write them
		"\u00a0138.0013.8000\t": "+8613800138000",
		"138/0013/8000":         "+8613800138000",
		"020-8888-6666":         "+862088886666",
		"+86 0755 8888 6666":    "+8675588886666",
		"+1 (415) 555-2671":     "+14155552671",
		"+852 2123 4567":        "+85221234567",
		"400-810-0000":          "+864008100000", // the platform binds neither 400 nor 95 numbers, but they are numbers
		"95588":                 "+8695588",
		"0951 123 4567":         "+869511234567", // a Ningxia fixed line, not a 95 number
		"+86 170 1234 5678":     "+8617012345678",
	} {
		got, err := runFunction(t, newNormalizeNumberFunction(), in)
		if err != nil || got != want {
			t.Errorf("normalize_number(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	// What cannot be a number fails on the argument, saying why.
	for in, want := range map[string]string{
		"":                          "empty",
		"   ":                       "empty",
		"call me":                   "letter",
		"138 0013 800O":             "letter",
		"12":                        "too few digits",
		"138 0013 8000 1":           "not a valid number",
		"+999 1234 5678":            "no country",
		"0755-8888":                 "not a valid number",
		"+86 138 0013 8000 ext. 12": "letter",
		"#138*0013":                 "not part of a phone number",
	} {
		got, err := runFunction(t, newNormalizeNumberFunction(), in)
		if err == nil {
			t.Errorf("normalize_number(%q) = %q, want an error about %q", in, got, want)
			continue
		}
		if err.FunctionArgument == nil || *err.FunctionArgument != 0 || !strings.Contains(err.Text, want) {
			t.Errorf("normalize_number(%q): error %q (argument %v), want one about %q on argument 0", in, err.Text, err.FunctionArgument, want)
		}
	}
}

// mask_number shows what the logs show: country code and last four digits.
func TestMaskNumberFunction(t *testing.T) {
	for in, want := range map[string]string{
		"+8613800138000": "+86*******8000",
		"+8675588886666": "+86*******6666",
		"+14155552671":   "+1******2671",
	} {
		if got, err := runFunction(t, newMaskNumberFunction(), in); err != nil || got != want {
			t.Errorf("mask_number(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, in := range []string{"138 0013 8000", "13800138000", "", "+86"} {
		got, err := runFunction(t, newMaskNumberFunction(), in)
		if err == nil || !strings.Contains(err.Text, "normalize_number") {
			t.Errorf("mask_number(%q) = %q, %v; want an error pointing to normalize_number", in, got, err)
			continue
		}
		if strings.Contains(err.Text, "0013") {
			t.Errorf("mask_number(%q): the error shows the number in full: %q", in, err.Text)
		}
	}
}

// Both functions through OpenTofu: an output holds their results.
func TestAccFunctions(t *testing.T) {
	env := newAccEnv(t)
	env.runCase(resource.TestCase{
		TerraformVersionChecks: []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_8_0)},
		Steps: []resource.TestStep{{
			Config: env.config("AX", `
output "normalized" {
  value = provider::privatenumber::normalize_number("138 0013 8000")
}
output "masked" {
  value = provider::privatenumber::mask_number(provider::privatenumber::normalize_number("0755-8888 6666"))
}
`),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownOutputValue("normalized", knownvalue.StringExact("+8613800138000")),
				statecheck.ExpectKnownOutputValue("masked", knownvalue.StringExact("+86*******6666")),
			},
		}, {
			Config:      env.config("AX", `output "bad" { value = provider::privatenumber::normalize_number("call me") }`),
			ExpectError: wrapPattern(`normalize_number: "call me" contains the letter`),
		}},
	})
}
