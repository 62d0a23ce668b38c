package emulator

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/url"
	"regexp"
	"strconv"
	"strings"
)

// This file decodes and validates request parameters. Every parameter of an
// operation has a spec; a value is converted to a canonical Go value:
// string (strings, enums and the string booleans), int64 (integers) or
// map[string]any with string values (preVoice).

type kind int

const (
	kStr      kind = iota // free string with length bounds
	kNum                  // number in global format
	kArea                 // areaCode
	kEnum                 // string enum (a JSON number is accepted too)
	kBool                 // "true"/"false" or a JSON boolean
	kInt                  // integer (JSON number or numeric string)
	kTone                 // playback file name
	kUserData             // userData
	kPreVoice             // ApiPlayInfo object
	kExt                  // AXE extension
	kCursor               // AXE v2.0 cursor
	kID                   // subscriptionId and similar identifiers
)

type spec struct {
	kind      kind
	min, max  int64    // string length or integer range
	values    []string // enums
	noSpecial bool     // kNum: refuse 400 and 95 numbers (A and B numbers)
	// emptyAbsent: an empty string counts as an absent parameter.
	emptyAbsent bool
	// alsoZero (kInt): 0 is allowed even when below min (AXYB durations).
	alsoZero bool
}

var (
	globalNumRe = regexp.MustCompile(`^\+\d{4,30}$`)
	areaRe      = regexp.MustCompile(`^0\d{2,3}$`)
	toneRe      = regexp.MustCompile(`^[0-9A-Za-z_.@-]*$`)
	idRe        = regexp.MustCompile(`^[0-9A-Za-z_.:-]*$`)
	extRe       = regexp.MustCompile(`^\d{1,4}$`)
	cursorRe    = regexp.MustCompile(`^\d{13}_\d{1,20}$`)
	mobileRe    = regexp.MustCompile(`^\+861\d{10}$`)
)

func sNum(noSpecial bool) spec { return spec{kind: kNum, min: 4, max: 31, noSpecial: noSpecial} }
func sNumOpt() spec            { return spec{kind: kNum, min: 4, max: 31, emptyAbsent: true} }
func sArea() spec              { return spec{kind: kArea, max: 32, emptyAbsent: true} }
func sEnum(v ...string) spec   { return spec{kind: kEnum, values: v} }
func sBool() spec              { return spec{kind: kBool} }
func sInt(min, max int64) spec { return spec{kind: kInt, min: min, max: max} }
func sTone(min int64) spec     { return spec{kind: kTone, min: min, max: 128} }
func sUserData() spec          { return spec{kind: kUserData, min: 1, max: 256} }
func sPreVoice() spec          { return spec{kind: kPreVoice} }
func sID() spec                { return spec{kind: kID, min: 1, max: 64, emptyAbsent: true} }
func sExt() spec               { return spec{kind: kExt, max: 4, emptyAbsent: true} }
func sStr(min, max int64) spec { return spec{kind: kStr, min: min, max: max} }

// paramError is a 1010002 answer naming the parameter.
type paramError struct{ name string }

func (p paramError) Error() string { return "Invalid request." + p.name }

// params is the decoded, validated parameter set of one request.
type params map[string]any

func (p params) has(k string) bool { _, ok := p[k]; return ok }
func (p params) str(k string) string {
	if v, ok := p[k].(string); ok {
		return v
	}
	return ""
}
func (p params) int(k string) int64 {
	if v, ok := p[k].(int64); ok {
		return v
	}
	return 0
}

const maxBody = 1 << 20

// readJSONObject reads a request body that must hold one JSON object.
func readJSONObject(body io.Reader) (map[string]json.RawMessage, error) {
	data, err := io.ReadAll(io.LimitReader(body, maxBody+1))
	if err != nil {
		return nil, paramError{"body"}
	}
	if len(data) > maxBody {
		return nil, paramError{"body too large"}
	}
	return decodeObject(data, "body")
}

func decodeObject(data []byte, name string) (map[string]json.RawMessage, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	var m map[string]json.RawMessage
	if err := dec.Decode(&m); err != nil || m == nil {
		return nil, paramError{name}
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, paramError{name}
	}
	return m, nil
}

// parseBody validates a JSON body against the specs of an operation.
func parseBody(raw map[string]json.RawMessage, specs map[string]spec) (params, error) {
	p := params{}
	for _, k := range sortedKeys(raw) {
		sp, ok := specs[k]
		if !ok {
			return nil, paramError{k}
		}
		v, present, err := convertJSON(k, raw[k], sp)
		if err != nil {
			return nil, err
		}
		if present {
			p[k] = v
		}
	}
	return p, nil
}

// parseQuery validates query-string parameters against the specs.
func parseQuery(rawQuery string, specs map[string]spec) (params, error) {
	vals, err := url.ParseQuery(rawQuery)
	if err != nil {
		return nil, paramError{"query"}
	}
	p := params{}
	for _, k := range sortedKeys(vals) {
		sp, ok := specs[k]
		if !ok || sp.kind == kPreVoice {
			return nil, paramError{k}
		}
		if len(vals[k]) != 1 {
			return nil, paramError{k}
		}
		v, present, err := convertString(k, vals[k][0], sp, true)
		if err != nil {
			return nil, err
		}
		if present {
			p[k] = v
		}
	}
	return p, nil
}

func convertJSON(name string, raw json.RawMessage, sp spec) (any, bool, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		return nil, false, paramError{name}
	}
	switch raw[0] {
	case 'n': // null: treated as absent
		return nil, false, nil
	case '"':
		var s string
		if err := json.Unmarshal(raw, &s); err != nil {
			return nil, false, paramError{name}
		}
		if sp.kind == kPreVoice {
			return nil, false, paramError{name}
		}
		return convertString(name, s, sp, true)
	case 't', 'f':
		if sp.kind != kBool {
			return nil, false, paramError{name}
		}
		if string(raw) == "true" {
			return "true", true, nil
		}
		if string(raw) == "false" {
			return "false", true, nil
		}
		return nil, false, paramError{name}
	case '{':
		if sp.kind != kPreVoice {
			return nil, false, paramError{name}
		}
		obj, err := decodeObject(raw, name)
		if err != nil {
			return nil, false, err
		}
		out := map[string]any{}
		for _, k := range sortedKeys(obj) {
			if k != "callerHintTone" && k != "calleeHintTone" {
				return nil, false, paramError{name + "." + k}
			}
			v, present, err := convertJSON(name+"."+k, obj[k], sTone(0))
			if err != nil {
				return nil, false, err
			}
			if present {
				out[k] = v
			}
		}
		return out, true, nil
	default:
		if raw[0] == '-' || (raw[0] >= '0' && raw[0] <= '9') {
			if sp.kind != kInt && sp.kind != kEnum {
				return nil, false, paramError{name}
			}
			var n json.Number
			if err := json.Unmarshal(raw, &n); err != nil {
				return nil, false, paramError{name}
			}
			return convertString(name, n.String(), sp, false)
		}
		return nil, false, paramError{name}
	}
}

// convertString validates a string value. fromString is false when the value
// was a JSON number (only integers and enums accept those).
func convertString(name, s string, sp spec, fromString bool) (any, bool, error) {
	bad := func() (any, bool, error) { return nil, false, paramError{name} }
	if s == "" && sp.emptyAbsent {
		return nil, false, nil
	}
	switch sp.kind {
	case kInt:
		n, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
		if err != nil || strings.TrimSpace(s) != s {
			return bad()
		}
		if n == 0 && sp.alsoZero {
			return n, true, nil
		}
		if n < sp.min || n > sp.max {
			return bad()
		}
		return n, true, nil
	case kEnum:
		for _, v := range sp.values {
			if s == v {
				return s, true, nil
			}
		}
		return bad()
	case kBool:
		if !fromString || (s != "true" && s != "false") {
			return bad()
		}
		return s, true, nil
	}
	if !fromString {
		return bad()
	}
	if int64(len(s)) < sp.min || (sp.max > 0 && int64(len(s)) > sp.max) {
		return bad()
	}
	switch sp.kind {
	case kNum:
		if !globalNumRe.MatchString(s) {
			return bad()
		}
		if sp.noSpecial && isServiceNumber(s) {
			return bad()
		}
	case kArea:
		if !areaRe.MatchString(s) {
			return bad()
		}
	case kTone:
		if !toneRe.MatchString(s) {
			return bad()
		}
	case kID:
		if !idRe.MatchString(s) {
			return bad()
		}
	case kExt:
		if !extRe.MatchString(s) {
			return bad()
		}
	case kCursor:
		if !cursorRe.MatchString(s) {
			return bad()
		}
	case kUserData:
		for _, r := range s {
			if r < 0x20 || r > 0x7e || r == '{' || r == '}' {
				return bad()
			}
		}
	case kStr:
		for _, r := range s {
			if r < 0x20 || r == 0x7f {
				return bad()
			}
		}
	}
	return s, true, nil
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sortStrings(keys)
	return keys
}

// paramName is the parameter an error of parseQuery or parseBody names.
func paramName(err error) string {
	var pe paramError
	if errors.As(err, &pe) {
		return pe.name
	}
	return "body"
}

// isServiceNumber tells a 400 or 95 service number (which the platform does
// not bind as A or B): every +86400 number (no area code starts 040), and a
// 95 number by the length of its national part, 5 to 8 digits, while a
// Ningxia fixed line (area codes 0951-0955) also starts +8695 but has 10 or
// 11 digits (reference §17).
func isServiceNumber(s string) bool {
	national, ok := strings.CutPrefix(s, "+86")
	if !ok {
		return false
	}
	switch {
	case strings.HasPrefix(national, "400"):
		return true
	case strings.HasPrefix(national, "95"):
		return len(national) >= 5 && len(national) <= 8
	}
	return false
}
