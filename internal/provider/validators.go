package provider

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"unicode"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// Plan-time validators shared by every resource and data source. Each error
// names the attribute (through its path) and says how to fix the value.
// Number rules follow the platform (reference §3.2, §14.4) and are no stricter.

var (
	globalNumberRE = regexp.MustCompile(`^\+[0-9]{4,30}$`)
	areaCodeRE     = regexp.MustCompile(`^0[0-9]{2,3}$`)
	toneFileRE     = regexp.MustCompile(`^[0-9A-Za-z._@-]{1,128}$`)
	extensionRE    = regexp.MustCompile(`^[0-9]{1,4}$`)
)

// numberProblem explains why n is not a number the platform binds, or returns "".
func numberProblem(n string) string {
	switch {
	case n == "":
		return "must not be empty; write the number in global format, e.g. \"+8613800000001\""
	case strings.TrimSpace(n) != n || strings.ContainsAny(n, " -()"):
		return fmt.Sprintf("%q contains spaces or separators; write only \"+\", the country code and digits, e.g. \"+8613800000001\"", n)
	case !strings.HasPrefix(n, "+"):
		return fmt.Sprintf("%q is not in global format; start with \"+\" and the country code, e.g. \"+86%s\" for a Chinese number", n, strings.TrimLeft(n, "0"))
	case !globalNumberRE.MatchString(n):
		return fmt.Sprintf("%q is not in global format: \"+\" followed by 4 to 30 digits (country code first; a fixed line is +86, the area code without its leading 0, then the local number)", n)
	case strings.HasPrefix(n, "+86400"):
		return fmt.Sprintf("%q is a 400 number; the platform cannot bind 400 or 95 numbers: use the mobile or fixed line behind it", n)
	case strings.HasPrefix(n, "+8695"):
		return fmt.Sprintf("%q is a 95 number; the platform cannot bind 400 or 95 numbers: use the mobile or fixed line behind it", n)
	}
	return ""
}

// phoneNumber validates a number in global format that the platform can bind.
type phoneNumber struct{}

func (phoneNumber) Description(context.Context) string {
	return "a phone number in global format (\"+\", country code, digits); not a 400 or 95 number"
}
func (v phoneNumber) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }
func (phoneNumber) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if p := numberProblem(req.ConfigValue.ValueString()); p != "" {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid phone number", attrName(req.Path)+" "+p+".")
	}
}

// areaCode validates a city code in domestic format with its leading 0.
type areaCode struct{}

func (areaCode) Description(context.Context) string {
	return "a city code with its leading 0, such as \"0755\" or \"010\""
}
func (v areaCode) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }
func (areaCode) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	s := req.ConfigValue.ValueString()
	if !areaCodeRE.MatchString(s) {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid area code",
			fmt.Sprintf("%s %q is not a city code: write 3 or 4 digits with the leading 0, such as \"0755\" (Shenzhen) or \"010\" (Beijing).", attrName(req.Path), s))
	}
}

// userData validates userData (String(1-256), no braces, no non-ASCII or control characters).
type userData struct{}

func (userData) Description(context.Context) string {
	return "1 to 256 printable ASCII characters without { or }"
}
func (v userData) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }
func (userData) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	s := req.ConfigValue.ValueString()
	name := attrName(req.Path)
	switch {
	case s == "":
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid user data", name+" must not be empty; remove the attribute to send no user data.")
	case len(s) > 256:
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid user data", fmt.Sprintf("%s is %d characters long; the platform accepts at most 256.", name, len(s)))
	case strings.ContainsAny(s, "{}"):
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid user data", name+" must not contain { or }: the platform embeds it in JSON notifications. Encode structured data another way, e.g. key=value pairs.")
	default:
		for _, r := range s {
			if r > unicode.MaxASCII || unicode.IsControl(r) {
				resp.Diagnostics.AddAttributeError(req.Path, "Invalid user data",
					fmt.Sprintf("%s contains %q; the platform accepts printable ASCII only (Chinese characters and control characters are refused with 1010002).", name, r))
				return
			}
		}
	}
}

// toneFile validates the name of an uploaded, approved playback file (§3.3).
type toneFile struct{}

func (toneFile) Description(context.Context) string {
	return "the name of a playback file uploaded in the console: 1 to 128 letters, digits, - _ . @"
}
func (v toneFile) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }
func (toneFile) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	s := req.ConfigValue.ValueString()
	if !toneFileRE.MatchString(s) {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid playback file name",
			fmt.Sprintf("%s %q is not a playback file name: use the name of a file uploaded and approved in the console (1 to 128 letters, digits, -, _, . or @), e.g. \"welcome.wav\".", attrName(req.Path), s))
	}
}

// extensionDigits validates an AXE extension (extendNum).
type extensionDigits struct{}

func (extensionDigits) Description(context.Context) string { return "1 to 4 digits" }
func (v extensionDigits) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}
func (extensionDigits) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	s := req.ConfigValue.ValueString()
	if !extensionRE.MatchString(s) {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid extension",
			fmt.Sprintf("%s %q is not an extension: write 1 to 4 digits, as many as the application's extension length (e.g. \"007\" for 3 digits), or leave it out to have one assigned.", attrName(req.Path), s))
	}
}

// attrName renders a path for messages, e.g. "a_number" or "bindings[0].a_number".
func attrName(p path.Path) string {
	s := p.String()
	if s == "" {
		return "the value"
	}
	return s
}
