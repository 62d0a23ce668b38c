package provider

import (
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
	ID                      types.String `tfsdk:"id"`
	ANumber                 types.String `tfsdk:"a_number"`
	XNumber                 types.String `tfsdk:"x_number"`
	Extension               types.String `tfsdk:"extension"`
	CallerIDToA             types.String `tfsdk:"caller_id_to_a"`
	RecordCalls             types.Bool   `tfsdk:"record_calls"`
	RecordHintTone          types.String `tfsdk:"record_hint_tone"`
	CallbackTone            types.String `tfsdk:"callback_tone"`
	CallbackNumber          types.String `tfsdk:"callback_number"`
	LifetimeMinutes         types.Int64  `tfsdk:"lifetime_minutes"`
	CallbackLifetimeMinutes types.Int64  `tfsdk:"callback_lifetime_minutes"`
	UserData                types.String `tfsdk:"user_data"`
}

// axeRecordFrom maps a query record. Both lifetimes are reported in the
// bind-time timeUnit; lifetime_minutes is the bind-time lifetime (§6.3).
// A field the answer left out keeps prior's value (see keepAbsent).
func axeRecordFrom(b client.AXEBinding, prior *axeRecord) axeRecord {
	r := axeRecord{
		ID:                      types.StringValue(b.SubscriptionID),
		ANumber:                 types.StringValue(b.ANumber),
		XNumber:                 types.StringValue(b.XNumber),
		Extension:               types.StringValue(b.Extension),
		CallerIDToA:             types.StringValue(callerIDEnum.fromAPI(b.DisplayNumMode)),
		RecordCalls:             types.BoolValue(b.RecordFlag),
		RecordHintTone:          stringOrNull(b.RecordHintTone),
		CallbackTone:            stringOrNull(b.CallbackTone),
		CallbackNumber:          stringOrNull(b.CallbackNumber),
		LifetimeMinutes:         types.Int64Value(axeMinutes(b.BindExpiredTime, b.TimeUnit)),
		CallbackLifetimeMinutes: types.Int64Value(axeMinutes(b.CallbackExpiredTime, b.TimeUnit)),
		UserData:                stringOrNull(b.UserData),
	}
	if p, a := orZero(prior), b.Absent; len(a) > 0 {
		keepAbsent(a, "DisplayNumMode", &r.CallerIDToA, p.CallerIDToA)
		keepAbsent(a, "RecordFlag", &r.RecordCalls, p.RecordCalls)
		keepAbsent(a, "RecordHintTone", &r.RecordHintTone, p.RecordHintTone)
		keepAbsent(a, "CallbackTone", &r.CallbackTone, p.CallbackTone)
		keepAbsent(a, "CallbackNumber", &r.CallbackNumber, p.CallbackNumber)
		keepAbsent(a, "BindExpiredTime", &r.LifetimeMinutes, p.LifetimeMinutes)
		keepAbsent(a, "TimeUnit", &r.LifetimeMinutes, p.LifetimeMinutes)
		keepAbsent(a, "CallbackExpiredTime", &r.CallbackLifetimeMinutes, p.CallbackLifetimeMinutes)
		keepAbsent(a, "UserData", &r.UserData, p.UserData)
	}
	return r
}
