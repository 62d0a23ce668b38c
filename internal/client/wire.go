package client

import (
	"bytes"
	"encoding/json"
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Tolerant decoding (§16): a number sent as a string or a string sent as a
// number is accepted, booleans come as strings or JSON booleans, and a
// value of an unexpected shape decodes to the zero value instead of
// failing the whole answer.

// flexString accepts a JSON string, number or boolean.
type flexString string

func (s *flexString) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) == 0 || string(b) == "null" {
		*s = ""
		return nil
	}
	if b[0] == '"' {
		var v string
		if err := json.Unmarshal(b, &v); err != nil {
			*s = ""
			return nil
		}
		*s = flexString(v)
		return nil
	}
	if b[0] == '{' || b[0] == '[' {
		*s = ""
		return nil
	}
	*s = flexString(b) // a number or true/false, as written
	return nil
}

// flexInt accepts a JSON number (integral or not) or a numeric string.
type flexInt int

func (n *flexInt) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	*n = 0
	if len(b) == 0 {
		return nil
	}
	s := string(b)
	if b[0] == '"' {
		var v string
		if json.Unmarshal(b, &v) != nil {
			return nil
		}
		s = strings.TrimSpace(v)
	}
	if i, err := strconv.ParseInt(s, 10, 64); err == nil {
		*n = flexInt(clampInt(i))
		return nil
	}
	if f, err := strconv.ParseFloat(s, 64); err == nil && !math.IsNaN(f) {
		*n = flexInt(clampInt(int64(math.Max(-1e18, math.Min(1e18, f)))))
	}
	return nil
}

func clampInt(i int64) int {
	const maxI, minI = int64(^uint32(0) >> 1), -int64(^uint32(0)>>1) - 1
	if i > maxI {
		return int(maxI)
	}
	if i < minI {
		return int(minI)
	}
	return int(i)
}

// flexBool accepts true/false as JSON booleans or strings (any case), and
// 1/0 as numbers or strings.
type flexBool bool

func (v *flexBool) UnmarshalJSON(b []byte) error {
	var s flexString
	_ = s.UnmarshalJSON(b)
	switch strings.ToLower(strings.TrimSpace(string(s))) {
	case "true", "1", "on", "yes":
		*v = true
	default:
		*v = false
	}
	return nil
}

// flexTime is subscribeTime: "2006-01-02 15:04:05" in UTC; the zero time
// when absent or unparsable.
type flexTime time.Time

const subscribeTimeLayout = "2006-01-02 15:04:05"

func (t *flexTime) UnmarshalJSON(b []byte) error {
	var s flexString
	_ = s.UnmarshalJSON(b)
	v := strings.TrimSpace(string(s))
	*t = flexTime{}
	if v == "" {
		return nil
	}
	if p, err := time.ParseInLocation(subscribeTimeLayout, v, time.UTC); err == nil {
		*t = flexTime(p.UTC())
		return nil
	}
	if p, err := time.Parse(time.RFC3339, v); err == nil {
		*t = flexTime(p.UTC())
	}
	return nil
}

// wirePreVoice is ApiPlayInfo; anything but an object decodes to empty.
type wirePreVoice struct {
	CallerHintTone string
	CalleeHintTone string
}

func (p *wirePreVoice) UnmarshalJSON(b []byte) error {
	*p = wirePreVoice{}
	b = bytes.TrimSpace(b)
	if len(b) == 0 || b[0] != '{' {
		return nil
	}
	var w struct {
		CallerHintTone flexString `json:"callerHintTone"`
		CalleeHintTone flexString `json:"calleeHintTone"`
	}
	if json.Unmarshal(b, &w) == nil {
		p.CallerHintTone, p.CalleeHintTone = string(w.CallerHintTone), string(w.CalleeHintTone)
	}
	return nil
}

func (p wirePreVoice) native() PreVoice {
	return PreVoice(p)
}

// ------------------------------------------------------------------ encoding

func boolString(b bool) string {
	if b {
		return "true"
	}
	return "false"
}

// body is a request body under construction.
type body map[string]any

func (b body) str(k, v string) {
	if v != "" {
		b[k] = v
	}
}

func (b body) strPtr(k string, v *string) {
	if v != nil {
		b[k] = *v
	}
}

func (b body) intPtr(k string, v *int) {
	if v != nil {
		b[k] = *v
	}
}

func (b body) boolPtr(k string, v *bool) {
	if v != nil {
		b[k] = boolString(*v)
	}
}

// posInt sends an optional integer only when it is set (> 0).
func (b body) posInt(k string, v int) {
	if v > 0 {
		b[k] = v
	}
}

// preVoice sends ApiPlayInfo. On bind, empty tones are omitted (and the
// object when both are empty); on modify a non-nil PreVoice is sent with
// both keys, so empty strings clear the tones.
func (b body) preVoice(p *PreVoice, modify bool) {
	if p == nil {
		return
	}
	if modify {
		b["preVoice"] = map[string]any{"callerHintTone": p.CallerHintTone, "calleeHintTone": p.CalleeHintTone}
		return
	}
	m := map[string]any{}
	if p.CallerHintTone != "" {
		m["callerHintTone"] = p.CallerHintTone
	}
	if p.CalleeHintTone != "" {
		m["calleeHintTone"] = p.CalleeHintTone
	}
	if len(m) > 0 {
		b["preVoice"] = m
	}
}

// ------------------------------------------------------------------ masking

// MaskNumber hides a phone number for logs: the country code and the last
// four digits stay, e.g. "+8613812345678" → "+86*******5678". For numbers
// outside China the country code is a best effort (1-3 digits after +).
// A number without a leading + keeps only its last four characters.
func MaskNumber(n string) string {
	n = strings.TrimSpace(n)
	if n == "" {
		return ""
	}
	prefix, rest := "", n
	if strings.HasPrefix(n, "+") {
		cc := countryCodeLen(n[1:])
		if cc > len(n)-1 {
			cc = len(n) - 1
		}
		prefix, rest = n[:1+cc], n[1+cc:]
	}
	r := []rune(rest)
	keep := 4
	if len(r) <= keep {
		// Too short to show anything without revealing most of it.
		return prefix + strings.Repeat("*", len(r))
	}
	return prefix + strings.Repeat("*", len(r)-keep) + string(r[len(r)-keep:])
}

// countryCodeLen guesses the length of the E.164 country code at the start
// of digits, after the ITU zone plan (1 and 7 are one digit, a short list
// of two-digit codes, everything else three).
func countryCodeLen(digits string) int {
	if digits == "" {
		return 0
	}
	switch digits[0] {
	case '1', '7':
		return 1
	}
	if len(digits) < 2 {
		return len(digits)
	}
	if _, ok := twoDigitCC[digits[:2]]; ok {
		return 2
	}
	return min(3, len(digits))
}

var twoDigitCC = func() map[string]struct{} {
	m := map[string]struct{}{}
	for _, c := range strings.Fields("20 27 30 31 32 33 34 36 39 40 41 43 44 45 46 47 48 49 51 52 53 54 55 56 57 58 60 61 62 63 64 65 66 81 82 84 86 90 91 92 93 94 95 98") {
		m[c] = struct{}{}
	}
	return m
}()

var longDigits = regexp.MustCompile(`\+?\d{7,}`)

// maskDigits masks anything in free text that looks like a phone number.
func maskDigits(s string) string {
	return longDigits.ReplaceAllStringFunc(s, MaskNumber)
}

// maskFields builds log fields of masked numbers, skipping empty ones.
func maskFields(kv ...string) map[string]any {
	m := map[string]any{}
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] != "" {
			m[kv[i]] = MaskNumber(kv[i+1])
		}
	}
	return m
}

func timeOf(t flexTime) time.Time { return time.Time(t) }
