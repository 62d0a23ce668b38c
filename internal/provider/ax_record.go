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
