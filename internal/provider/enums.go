package provider

import (
	"strconv"

	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/privnum/terraform-provider-privatenumber/internal/client"
)

// enumAttr is one string attribute whose values stand for the platform's
// integer codes: names[i] is sent as codes[i]. One table per meaning, shared
// by every mode that has it, so the four modes speak the same words.
type enumAttr struct {
	names []string
	codes []int
}

// values lists the attribute values, for stringvalidator.OneOf.
func (e enumAttr) values() []string { return e.names }

// toAPI is the code of a value; an unexpected value (validation prevents it)
// falls back to the first, the platform's default.
func (e enumAttr) toAPI(name string) int {
	for i, n := range e.names {
		if n == name {
			return e.codes[i]
		}
	}
	return e.codes[0]
}

// fromAPI is the value of a code. A code this provider does not know is shown
// as itself, so the plan reveals it and proposes to set it back.
func (e enumAttr) fromAPI(code int) string {
	for i, c := range e.codes {
		if c == code {
			return e.names[i]
		}
	}
	return strconv.Itoa(code)
}

var (
	// area_match_mode (areaMatchMode), every mode.
	areaMatchEnum = enumAttr{[]string{"strict", "fallback"}, []int{client.AreaMatchStrict, client.AreaMatchFallback}}
	// call_direction (callDirection) between A and B: AXB and AXYB.
	pairDirectionEnum = enumAttr{[]string{"both", "a_to_b", "b_to_a"}, []int{client.CallDirectionBoth, client.CallDirectionAToB, client.CallDirectionBToA}}
	// call_direction of AX: A calling out through X, or others calling A.
	axDirectionEnum = enumAttr{[]string{"both", "a_to_others", "others_to_a"}, []int{client.CallDirectionBoth, client.CallDirectionAToB, client.CallDirectionBToA}}
	// caller_id_to_a (AX calleeNumDisplay, AXE displayNumMode).
	callerIDEnum = enumAttr{[]string{"x_number", "real_caller"}, []int{client.DisplayPrivateNumber, client.DisplayRealCaller}}
)

// stringOrNull is the state value of an optional text the platform reports
// as "" when it is not set: null, as an omitted attribute is.
func stringOrNull(s string) types.String {
	if s == "" {
		return types.StringNull()
	}
	return types.StringValue(s)
}

// defaultAreaMatch is area_match_mode's default in every mode, and its
// value after an import (the platform never reports it).
const defaultAreaMatch = "strict"
