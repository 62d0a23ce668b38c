package provider

// AX mode helpers shared by the resource and the two data sources: enum
// conversions, the mapping of a platform record to attributes, the
// mode-specific error hints, and the lookup that resolves a bind whose
// answer was lost.

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/privnum/terraform-provider-privatenumber/internal/client"
)

// axMaxXPerA is the platform's limit of X numbers one A may hold (§12).
const axMaxXPerA = 5

// Enum values as the configuration writes them.
const (
	axCallerIDXNumber    = "x_number"
	axCallerIDRealCaller = "real_caller"

	axDirectionBoth       = "both"
	axDirectionAToOthers  = "a_to_others"
	axDirectionOthersToA  = "others_to_a"
	axDefaultCallerID     = axCallerIDXNumber
	axDefaultCallDir      = axDirectionBoth
	axDefaultSMSEnabled   = true
	axDefaultRecordCalls  = false
	axDefaultPowerOn      = true
	axDefaultMaxCallMins  = 0
	axMaxCallMinutesLimit = 1440
)

// axHints explains the AX result codes of a bind in the user's terms, naming
// the numbers involved. heldX lists the X numbers a already holds when known
// (it tells "A is full" from "the area is exhausted", which share 1012008).
func axHints(a, x, area string, heldX []string) codeHints {
	target := "X " + x
	if x == "" {
		target = "the X the platform picked in area " + area
	}
	taken := fmt.Sprintf("%s is already bound to another A number; AX allows exactly one A per X. "+
		"Use another x_number, use area_code to let the platform pick a free X, or unbind %s first "+
		"(data source privatenumber_ax_bindings with x_number = %q shows who holds it).", target, target, x)
	notOwned := fmt.Sprintf("X %s is not one of this application's numbers (or it was released). "+
		"Use a number listed for the application in the console, or area_code to let the platform pick one.", x)
	// The documented AX codes (reference §17) beside the emulator's former ones:
	// 1011005 X taken by another A, 1016002 this A and X already bound to each
	// other (in the §16 reading, also X taken), 1011001 X not the application's.
	h := codeHints{
		"1011005": taken,
		"1016002": taken + fmt.Sprintf(" If a_number %s itself already holds %s (made outside Terraform, or by an interrupted apply), import that binding instead.", a, target),
		"1011004": notOwned,
		"1011001": notOwned,
	}
	switch {
	case len(heldX) >= axMaxXPerA:
		h["1012008"] = fmt.Sprintf("A %s already holds %d X numbers (%s); the platform allows at most %d X per A. "+
			"Unbind one of them, or bind another a_number.", a, len(heldX), strings.Join(heldX, ", "), axMaxXPerA)
	case x == "" && heldX != nil:
		h["1012008"] = fmt.Sprintf("The application has no free X number in area %s (A %s holds %d of at most %d X, so A is not the limit). "+
			"Buy more numbers for that area, set area_match_mode = \"fallback\" to accept an X from another area, or give an x_number.",
			area, a, len(heldX), axMaxXPerA)
	case x == "":
		h["1012008"] = fmt.Sprintf("Either the application has no free X number in area %s, or A %s already holds %d X numbers (the platform's limit). "+
			"Buy more numbers for the area, set area_match_mode = \"fallback\", or unbind one of A's X numbers.", area, a, axMaxXPerA)
	default:
		h["1012008"] = fmt.Sprintf("A %s already holds the maximum of %d X numbers, so X %s cannot be added. "+
			"Unbind one of A's X numbers, or bind another a_number.", a, axMaxXPerA, x)
	}
	h["1011003"] = h["1012008"] // A at its maximum of X (documented code)
	if len(heldX) < axMaxXPerA {
		h["1011002"] = h["1012008"] // no free X (documented code)
	}
	return h
}

// axXNumbersOf lists, sorted, the X numbers a holds, or nil when the query fails.
func axXNumbersOf(ctx context.Context, c client.API, a string) []string {
	list, err := c.QueryAX(ctx, client.AXQuery{ANumber: a})
	if err != nil {
		tflog.Debug(ctx, "could not list the A number's AX bindings", map[string]any{logError: err.Error()})
		return nil
	}
	out := make([]string, 0, len(list))
	for _, b := range list {
		out = append(out, b.XNumber)
	}
	sort.Strings(out)
	return out
}

// axFindResult is what axFindExisting learned about a bind whose answer was lost.
type axFindResult struct {
	Binding *client.AXBinding // the binding to adopt, when found
	Absent  bool              // the lookup shows surely no binding was made: the bind may be sent again
	Detail  string            // when neither: why it cannot be told, for the may-exist diagnostic
}

// axFindExisting looks up, by the natural key, the binding a bind with
// unknown outcome may have created. With an x_number it asks who holds X and
// adopts the binding when A does. With an area_code it lists A's X numbers
// and compares them with before (the snapshot taken right before the bind):
// exactly one new X is the binding; none means the bind did not happen;
// more cannot be told apart. A nil before means no snapshot was taken.
func axFindExisting(ctx context.Context, c client.API, req client.AXBindRequest, before []string) (axFindResult, error) {
	if req.XNumber != "" {
		list, err := c.QueryAX(ctx, client.AXQuery{XNumber: req.XNumber})
		if err != nil {
			return axFindResult{}, err
		}
		for i := range list {
			if list[i].ANumber == req.ANumber {
				return axFindResult{Binding: &list[i]}, nil
			}
		}
		// X is free, or held by another A (one A per X): this bind did not happen. Sending it
		// again either binds X or yields the platform's own conflict answer.
		return axFindResult{Absent: true}, nil
	}
	if before == nil {
		return axFindResult{Detail: "A's X numbers were not listed before the bind, so a new X cannot be recognised."}, nil
	}
	list, err := c.QueryAX(ctx, client.AXQuery{ANumber: req.ANumber})
	if err != nil {
		return axFindResult{}, err
	}
	old := map[string]bool{}
	for _, x := range before {
		old[x] = true
	}
	var fresh []int
	for i := range list {
		if !old[list[i].XNumber] {
			fresh = append(fresh, i)
		}
	}
	switch len(fresh) {
	case 0:
		return axFindResult{Absent: true}, nil
	case 1:
		return axFindResult{Binding: &list[fresh[0]]}, nil
	}
	xs := make([]string, 0, len(fresh))
	for _, i := range fresh {
		xs = append(xs, list[i].XNumber+" (id "+list[i].SubscriptionID+")")
	}
	return axFindResult{Detail: fmt.Sprintf("A now holds %d X numbers it did not hold right before the bind: %s; another process bound A at the same time, so which one is this resource's cannot be told.",
		len(fresh), strings.Join(xs, ", "))}, nil
}

// axMayExist describes an AX bind for the "may exist" error.
func axMayExist(req client.AXBindRequest) mayExistError {
	m := mayExistError{noun: "AX binding", importID: "<X number>"}
	if req.XNumber != "" {
		m.subject = fmt.Sprintf("a_number %s on x_number %s", req.ANumber, req.XNumber)
		m.importID = req.XNumber
		m.find = fmt.Sprintf("the data source privatenumber_ax_bindings with x_number = %q, or the console", req.XNumber)
		return m
	}
	m.subject = fmt.Sprintf("a_number %s in area_code %s (area_match_mode %s)", req.ANumber, req.AreaCode, areaMatchName(req.AreaMatchMode))
	m.find = fmt.Sprintf("list A's X numbers with the data source privatenumber_ax_bindings with a_number = %q, or in the console", req.ANumber)
	return m
}
