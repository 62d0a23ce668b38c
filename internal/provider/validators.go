package provider

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"unicode"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/nyaruka/phonenumbers"
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

// numberSeparators are the characters besides digits and spaces that people
// write in phone numbers (ASCII and full-width forms).
const numberSeparators = "+-./()\uff0b\uff0d\u2010\u2011\u2013\uff0e\uff0f\uff08\uff09"

// defaultRegion is the country of a number written without a country code:
// the platform is Chinese (its X numbers are all Chinese, reference §3.2), so
// a national number such as "138 0013 8000" or "0755-8888 6666" is read as +86.
const defaultRegion = "CN"

// normalizeRule is the rule normalize_number applies, for its description.
const normalizeRule = "Separators (spaces, `-`, `.`, `/`, parentheses) and full-width characters are accepted; " +
	"a number with `+` or the international prefix `00` keeps its country code; a number without one is read as Chinese (+86), " +
	"the platform's country: a mobile number such as `138 0013 8000`, or a fixed line with its area code and leading 0 such as `0755-8888 6666` " +
	"(the 0 is dropped: `+8675588886666`). The number must be valid in its country's numbering plan " +
	"(Google's libphonenumber metadata); China's 95 service numbers (5 to 8 digits) are accepted as well. " +
	"400 and 95 numbers normalize, but the platform binds neither (they may only be an AX temporary callee)."

// normalizeNumber turns a number as people write it into the global format
// the platform takes ("+", country code, digits), or explains why it cannot
// be a phone number.
func normalizeNumber(s string) (string, error) {
	in := strings.TrimSpace(s)
	if in == "" {
		return "", fmt.Errorf("the number is empty; write a phone number such as \"138 0013 8000\" or \"+8613800138000\"")
	}
	for _, r := range in {
		switch {
		case unicode.IsLetter(r):
			return "", fmt.Errorf("%q contains the letter %q: a phone number has only digits, an optional leading + and separators", s, r)
		case !unicode.IsDigit(r) && !unicode.IsSpace(r) && !strings.ContainsRune(numberSeparators, r):
			return "", fmt.Errorf("%q contains %q, which is not part of a phone number: write digits, an optional leading + and separators (spaces, -, ., /, parentheses)", s, r)
		}
	}
	n, err := phonenumbers.Parse(in, defaultRegion)
	if errors.Is(err, phonenumbers.ErrInvalidCountryCode) {
		return "", fmt.Errorf("%q starts with a country code that no country has; write + and the country code, e.g. +86 for China", s)
	}
	if err != nil {
		return "", fmt.Errorf("%q cannot be read as a phone number (%w); write it like \"138 0013 8000\", \"0755-8888 6666\" or \"+8613800138000\"", s, err)
	}
	if n.GetExtension() != "" {
		return "", fmt.Errorf("%q carries an extension (%s): give the number alone", s, n.GetExtension())
	}
	out := phonenumbers.Format(n, phonenumbers.E164)
	switch {
	case phonenumbers.IsValidNumber(n):
	case serviceNumberKind(out) == "95":
	default:
		return "", fmt.Errorf("%q (read as %s) is not a valid number in the numbering plan of %s: %s", s, out,
			regionName(n), possibleProblem(n))
	}
	if !globalNumberRE.MatchString(out) {
		return "", fmt.Errorf("%q (read as %s) is not \"+\" followed by 4 to 30 digits", s, out)
	}
	return out, nil
}

// regionName names the country of n for messages, e.g. "CN (+86)".
func regionName(n *phonenumbers.PhoneNumber) string {
	cc := int(n.GetCountryCode())
	if r := phonenumbers.GetRegionCodeForCountryCode(cc); r != "" && r != "ZZ" {
		return fmt.Sprintf("%s (+%d)", r, cc)
	}
	return fmt.Sprintf("+%d", cc)
}

// possibleProblem says what is wrong with a number that is not valid.
func possibleProblem(n *phonenumbers.PhoneNumber) string {
	switch phonenumbers.IsPossibleNumberWithReason(n) {
	case phonenumbers.TOO_SHORT, phonenumbers.INVALID_LENGTH:
		return "it has too few digits (a Chinese mobile number has 11, a fixed line the area code and 7 or 8 more)"
	case phonenumbers.TOO_LONG:
		return "it has too many digits"
	case phonenumbers.INVALID_COUNTRY_CODE:
		return "no country has this country code"
	}
	return "no number range of that country starts this way or has this length; check the digits (a Chinese mobile number has 11 digits and starts with 1, a fixed line is its area code and 7 or 8 more)"
}
