package provider

import "testing"

// The wire codes of every enum attribute (reference §4.1, §5.1, §6.1, §7.1).
func TestEnumCodes(t *testing.T) {
	for _, tc := range []struct {
		name  string
		enum  enumAttr
		codes map[string]int
	}{
		{"area_match_mode", areaMatchEnum, map[string]int{"strict": 0, "fallback": 1}},
		{"call_direction (AXB, AXYB)", pairDirectionEnum, map[string]int{"both": 0, "a_to_b": 1, "b_to_a": 2}},
		{"call_direction (AX)", axDirectionEnum, map[string]int{"both": 0, "a_to_others": 1, "others_to_a": 2}},
		{"caller_id_to_a", callerIDEnum, map[string]int{"x_number": 0, "real_caller": 1}},
	} {
		if len(tc.enum.values()) != len(tc.codes) {
			t.Errorf("%s: values %v, want %v", tc.name, tc.enum.values(), tc.codes)
		}
		for name, code := range tc.codes {
			if got := tc.enum.toAPI(name); got != code {
				t.Errorf("%s: %q is sent as %d, want %d", tc.name, name, got, code)
			}
			if got := tc.enum.fromAPI(code); got != name {
				t.Errorf("%s: %d reads as %q, want %q", tc.name, code, got, name)
			}
		}
		// An unknown platform value shows in state as itself, so plan proposes to set it back.
		if got := tc.enum.fromAPI(7); got != "7" {
			t.Errorf("%s: unknown code 7 reads as %q", tc.name, got)
		}
		if got := tc.enum.toAPI("bogus"); got != tc.codes[tc.enum.values()[0]] {
			t.Errorf("%s: an unexpected value must fall back to the default", tc.name)
		}
	}
}
