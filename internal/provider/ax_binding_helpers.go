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
	"time"

	"github.com/hashicorp/terraform-plugin-framework/types"
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
	axAreaMatchStrict     = "strict"
	axAreaMatchFallback   = "fallback"
	axDefaultCallerID     = axCallerIDXNumber
	axDefaultCallDir      = axDirectionBoth
	axDefaultAreaMatch    = axAreaMatchStrict
	axDefaultSMSEnabled   = true
	axDefaultRecordCalls  = false
	axDefaultPowerOn      = true
	axDefaultMaxCallMins  = 0
	axMaxCallMinutesLimit = 1440
)

// axRecord holds the attributes the platform reports for one AX binding;
// the resource, the data source and each element of the list data source
// share it.
type axRecord struct {
	ID             types.String `tfsdk:"id"`
	ANumber        types.String `tfsdk:"a_number"`
	XNumber        types.String `tfsdk:"x_number"`
	CallerIDToA    types.String `tfsdk:"caller_id_to_a"`
	RecordCalls    types.Bool   `tfsdk:"record_calls"`
	RecordHintTone types.String `tfsdk:"record_hint_tone"`
	SMSEnabled     types.Bool   `tfsdk:"sms_enabled"`
	MaxCallMinutes types.Int64  `tfsdk:"max_call_minutes"`
	LastMinuteTone types.String `tfsdk:"last_minute_tone"`
	AHintTone      types.String `tfsdk:"a_hint_tone"`
	OthersHintTone types.String `tfsdk:"others_hint_tone"`
	UserData       types.String `tfsdk:"user_data"`
	PowerOn        types.Bool   `tfsdk:"power_on"`
	CallDirection  types.String `tfsdk:"call_direction"`
}

// axRecordFrom normalises a platform record the way a configuration writes it.
func axRecordFrom(b *client.AXBinding) axRecord {
	return axRecord{
		ID:             types.StringValue(b.SubscriptionID),
		ANumber:        types.StringValue(b.ANumber),
		XNumber:        types.StringValue(b.XNumber),
		CallerIDToA:    types.StringValue(callerIDEnum.fromAPI(b.CalleeNumDisplay)),
		RecordCalls:    types.BoolValue(b.RecordFlag),
		RecordHintTone: stringOrNull(b.RecordHintTone),
		SMSEnabled:     types.BoolValue(b.PrivateSMS),
		MaxCallMinutes: types.Int64Value(int64(b.MaxDurationMinutes)),
		LastMinuteTone: stringOrNull(b.LastMinVoice),
		AHintTone:      stringOrNull(b.PreVoice.CallerHintTone),
		OthersHintTone: stringOrNull(b.PreVoice.CalleeHintTone),
		UserData:       stringOrNull(b.UserData),
		PowerOn:        types.BoolValue(b.PowerOn),
		CallDirection:  types.StringValue(axDirectionEnum.fromAPI(b.CallDirection)),
	}
}

// axHints explains the AX result codes of a bind in the user's terms, naming
// the numbers involved. heldX lists the X numbers a already holds when known
// (it tells "A is full" from "the area is exhausted", which share 1012008).
func axHints(a, x, area string, heldX []string) codeHints {
	target := "X " + x
	if x == "" {
		target = "the X the platform picked in area " + area
	}
	h := codeHints{
		"1016002": fmt.Sprintf("%s is already bound to another A number; AX allows exactly one A per X. "+
			"Use another x_number, use area_code to let the platform pick a free X, or unbind %s first "+
			"(data source privatenumber_ax_bindings with x_number = %q shows who holds it).", target, target, x),
		"1011004": fmt.Sprintf("X %s is not one of this application's numbers (or it was released). "+
			"Use a number listed for the application in the console, or area_code to let the platform pick one.", x),
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
	return h
}

// axXNumbersOf lists, sorted, the X numbers a holds, or nil when the query fails.
func axXNumbersOf(ctx context.Context, c client.API, a string) []string {
	list, err := c.QueryAX(ctx, client.AXQuery{ANumber: a})
	if err != nil {
		tflog.Debug(ctx, "could not list the A number's AX bindings", map[string]any{"error": err.Error()})
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

// axMayExistDetail is the may-exist diagnostic's text: everything needed to
// find the binding and remove or import it.
func axMayExistDetail(req client.AXBindRequest, at time.Time, why string) string {
	where := "X " + req.XNumber
	lookup := fmt.Sprintf("privatenumber_ax_bindings with x_number = %q", req.XNumber)
	if req.XNumber == "" {
		where = "an X in area " + req.AreaCode
		if req.AreaMatchMode == client.AreaMatchFallback {
			where += " (or another area: area_match_mode is fallback)"
		}
		lookup = fmt.Sprintf("privatenumber_ax_bindings with a_number = %q", req.ANumber)
	}
	return fmt.Sprintf("The bind of A %s on %s was sent at %s, but its answer was lost, and the provider could not tell whether the platform made the binding. %s\n\n"+
		"The binding may exist. To find it, list A's X numbers (data source %s, or the console). "+
		"If it exists, import it (terraform import <address> <X number>) or unbind it in the console; then run apply again. "+
		"The provider stopped here rather than send the bind once more blindly, so that no second X is bound.",
		req.ANumber, where, at.UTC().Format(time.RFC3339), why, lookup)
}
