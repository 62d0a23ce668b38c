package provider

import (
	"time"

	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/privnum/terraform-provider-privatenumber/internal/client"
)

// The AXE record: the attributes the platform reports for a binding, mapped
// once for the resource, its two data sources and import.

// axeMinutes converts a platform lifetime in unit (timeUnit) to minutes.
func axeMinutes(v, unit int) int64 {
	if unit == client.TimeUnitHours {
		return int64(v) * 60
	}
	return int64(v)
}

// axeRecord holds one binding's attribute values, normalised the way a configuration writes them.
type axeRecord struct {
	ID               types.String `tfsdk:"id"`
	ANumber          types.String `tfsdk:"a_number"`
	XNumber          types.String `tfsdk:"x_number"`
	Extension        types.String `tfsdk:"extension"`
	CallerIDToA      types.String `tfsdk:"caller_id_to_a"`
	RecordCalls      types.Bool   `tfsdk:"record_calls"`
	RecordHintTone   types.String `tfsdk:"record_hint_tone"`
	CallbackTone     types.String `tfsdk:"callback_tone"`
	CallbackNumber   types.String `tfsdk:"callback_number"`
	Lifetime         types.String `tfsdk:"lifetime"`
	CallbackLifetime types.String `tfsdk:"callback_lifetime"`
	UserData         types.String `tfsdk:"user_data"`
}

// axeRecordFrom maps a query record. Both lifetimes are reported in the
// bind-time timeUnit; lifetime is the bind-time lifetime (§6.3). A lifetime
// keeps prior's spelling when it is the same length (durationValue).
// A field the answer left out keeps prior's value (see keepAbsent).
func axeRecordFrom(b client.AXEBinding, prior *axeRecord) axeRecord {
	r := axeRecord{
		ID:               types.StringValue(b.SubscriptionID),
		ANumber:          types.StringValue(b.ANumber),
		XNumber:          types.StringValue(b.XNumber),
		Extension:        types.StringValue(b.Extension),
		CallerIDToA:      types.StringValue(callerIDEnum.fromAPI(b.DisplayNumMode)),
		RecordCalls:      types.BoolValue(b.RecordFlag),
		RecordHintTone:   stringOrNull(b.RecordHintTone),
		CallbackTone:     stringOrNull(b.CallbackTone),
		CallbackNumber:   stringOrNull(b.CallbackNumber),
		Lifetime:         durationValue(minutes(axeMinutes(b.BindExpiredTime, b.TimeUnit)), orZero(prior).Lifetime),
		CallbackLifetime: durationValue(minutes(axeMinutes(b.CallbackExpiredTime, b.TimeUnit)), orZero(prior).CallbackLifetime),
		UserData:         stringOrNull(b.UserData),
	}
	if p, a := orZero(prior), b.Absent; len(a) > 0 {
		keepAbsent(a, "DisplayNumMode", &r.CallerIDToA, p.CallerIDToA)
		keepAbsent(a, "RecordFlag", &r.RecordCalls, p.RecordCalls)
		keepAbsent(a, "RecordHintTone", &r.RecordHintTone, p.RecordHintTone)
		keepAbsent(a, "CallbackTone", &r.CallbackTone, p.CallbackTone)
		keepAbsent(a, "CallbackNumber", &r.CallbackNumber, p.CallbackNumber)
		keepAbsent(a, "BindExpiredTime", &r.Lifetime, p.Lifetime)
		keepAbsent(a, "TimeUnit", &r.Lifetime, p.Lifetime)
		keepAbsent(a, "CallbackExpiredTime", &r.CallbackLifetime, p.CallbackLifetime)
		keepAbsent(a, "UserData", &r.UserData, p.UserData)
	}
	return r
}

// minutes is n minutes as a duration.
func minutes(n int64) time.Duration { return time.Duration(n) * time.Minute }

// wholeMinutes is a lifetime attribute in the minutes the AXE API takes.
func wholeMinutes(v types.String) int { return int(durationOf(v) / time.Minute) }

// axeLongest is the longest AXE lifetime written as a duration: the
// platform's integer fields carry more minutes (2^31-1) than a duration
// holds (about 292 years).
const axeLongest = 2562047 * time.Hour

// The AXE lifetimes (bindExpiredTime, callbackExpiredTime): whole minutes;
// the bind lifetime 0 = permanent.
var (
	axeLifetime         = lifetimeSpec{unit: time.Minute, apiField: "bindExpiredTime, in minutes", max: axeLongest, zero: "permanent"}
	axeCallbackLifetime = lifetimeSpec{unit: time.Minute, apiField: "callbackExpiredTime, in minutes", min: time.Minute, max: axeLongest}
)
