package provider

import (
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/privnum/terraform-provider-privatenumber/internal/client"
)

// The AX record: the attributes the platform reports for a binding, mapped
// once for the resource, its two data sources and import.

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
// A field the answer left out keeps prior's value (see keepAbsent).
func axRecordFrom(b *client.AXBinding, prior *axRecord) axRecord {
	r := axRecord{
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
	if p, a := orZero(prior), b.Absent; len(a) > 0 {
		keepAbsent(a, "CalleeNumDisplay", &r.CallerIDToA, p.CallerIDToA)
		keepAbsent(a, "RecordFlag", &r.RecordCalls, p.RecordCalls)
		keepAbsent(a, "RecordHintTone", &r.RecordHintTone, p.RecordHintTone)
		keepAbsent(a, "PrivateSMS", &r.SMSEnabled, p.SMSEnabled)
		keepAbsent(a, "MaxDurationMinutes", &r.MaxCallMinutes, p.MaxCallMinutes)
		keepAbsent(a, "LastMinVoice", &r.LastMinuteTone, p.LastMinuteTone)
		keepAbsent(a, "PreVoice", &r.AHintTone, p.AHintTone)
		keepAbsent(a, "PreVoice", &r.OthersHintTone, p.OthersHintTone)
		keepAbsent(a, "UserData", &r.UserData, p.UserData)
		keepAbsent(a, "PowerOn", &r.PowerOn, p.PowerOn)
		keepAbsent(a, "CallDirection", &r.CallDirection, p.CallDirection)
	}
	return r
}
