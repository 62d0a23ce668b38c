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
	}
	if kind := serviceNumberKind(n); kind != "" {
		return fmt.Sprintf("%q is a %s number; the platform cannot bind 400 or 95 numbers: use the mobile or fixed line behind it", n, kind)
	}
	return ""
}

// serviceNumberKind returns "400" or "95" for a Chinese service number, or "".
// No area code starts 040, so every +86400 number is a 400 number; a 95
// number has 5 to 8 national digits, while a Ningxia fixed line (area codes
// 0951-0955, so +86951...) has 10 or 11.
func serviceNumberKind(n string) string {
	national, ok := strings.CutPrefix(n, "+86")
	switch {
	case !ok:
		return ""
	case strings.HasPrefix(national, "400"):
		return "400"
	case strings.HasPrefix(national, "95") && len(national) >= 5 && len(national) <= 8:
		return "95"
	}
	return ""
}

// stringRule is one plan-time check of a string attribute: problem returns,
// for a known value, what is wrong and how to fix it (empty when the value is
// fine). Null and unknown values are not checked: an unknown one is checked
// once it is known.
type stringRule struct {
	summary     string
	description string
	problem     func(attr, value string) string
}

func (r stringRule) Description(context.Context) string { return r.description }
func (r stringRule) MarkdownDescription(ctx context.Context) string {
	return r.Description(ctx)
}
func (r stringRule) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if msg := r.problem(attrName(req.Path), req.ConfigValue.ValueString()); msg != "" {
		resp.Diagnostics.AddAttributeError(req.Path, r.summary, msg)
	}
}

var (
	// phoneNumberRule: a number in global format that the platform can bind.
	phoneNumberRule = stringRule{
		summary:     "Invalid phone number",
		description: "a phone number in global format (\"+\", country code, digits); not a 400 or 95 number",
		problem: func(attr, s string) string {
			if p := numberProblem(s); p != "" {
				return attr + " " + p + "."
			}
			return ""
		},
	}

	// areaCodeRule: a city code in domestic format with its leading 0.
	areaCodeRule = regexRule("Invalid area code",
		"a city code with its leading 0, such as \"0755\" or \"010\"",
		areaCodeRE, "%s %q is not a city code: write 3 or 4 digits with the leading 0, such as \"0755\" (Shenzhen) or \"010\" (Beijing).")

	// userDataRule: userData (String(1-256), no braces, no non-ASCII or control characters).
	userDataRule = stringRule{
		summary:     "Invalid user data",
		description: "1 to 256 printable ASCII characters without { or }",
		problem: func(attr, s string) string {
			switch {
			case s == "":
				return attr + " must not be empty; remove the attribute to send no user data."
			case len(s) > 256:
				return fmt.Sprintf("%s is %d characters long; the platform accepts at most 256.", attr, len(s))
			case strings.ContainsAny(s, "{}"):
				return attr + " must not contain { or }: the platform embeds it in JSON notifications. Encode structured data another way, e.g. key=value pairs."
			}
			for _, r := range s {
				if r > unicode.MaxASCII || unicode.IsControl(r) {
					return fmt.Sprintf("%s contains %q; the platform accepts printable ASCII only (Chinese characters and control characters are refused with 1010002).", attr, r)
				}
			}
			return ""
		},
	}

	// toneFileRule: the name of an uploaded, approved playback file (§3.3).
	toneFileRule = regexRule("Invalid playback file name",
		"the name of a playback file uploaded in the console: 1 to 128 letters, digits, - _ . @",
		toneFileRE, "%s %q is not a playback file name: use the name of a file uploaded and approved in the console (1 to 128 letters, digits, -, _, . or @), e.g. \"welcome.wav\".")

	// extensionRule: an AXE extension (extendNum).
	extensionRule = regexRule("Invalid extension",
		"1 to 4 digits",
		extensionRE, "%s %q is not an extension: write 1 to 4 digits, as many as the application's extension length (e.g. \"007\" for 3 digits), or leave it out to have one assigned.")
)

// attrName renders a path for messages, e.g. "a_number" or "bindings[0].a_number".
func attrName(p path.Path) string {
	s := p.String()
	if s == "" {
		return "the value"
	}
	return s
}

// regexRule is a stringRule for a value that must match re; msg, formatted
// with the attribute's name and the value, says how to write it.
func regexRule(summary, description string, re *regexp.Regexp, msg string) stringRule {
	return stringRule{summary: summary, description: description, problem: func(attr, s string) string {
		if re.MatchString(s) {
			return ""
		}
		return fmt.Sprintf(msg, attr, s)
	}}
}
