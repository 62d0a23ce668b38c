package provider

import (
	"time"

	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/privnum/terraform-provider-privatenumber/internal/client"
)

// The AXB record: the attributes the platform reports for a binding, mapped
// once for the resource, its two data sources and import.

// axbLifetime is the rule of an AXB lifetime (duration): whole seconds, at
// most 90 days (§4.1, §12); 0 = permanent.
var axbLifetime = lifetimeSpec{unit: time.Second, apiField: "duration, in seconds", max: 7776000 * time.Second, zero: "permanent"}

// axbRecord holds the attributes of an AXB binding that the platform
// reports in a query (relationNumList, §16). The resource model embeds them and
// each element of the list data source is one of them, so the three types map
// a binding the same way.
type axbRecord struct {
	ID             types.String `tfsdk:"id"`
	XNumber        types.String `tfsdk:"x_number"`
	ANumber        types.String `tfsdk:"a_number"`
	BNumber        types.String `tfsdk:"b_number"`
	CallDirection  types.String `tfsdk:"call_direction"`
	Lifetime       types.String `tfsdk:"lifetime"`
	ExpiresAt      types.String `tfsdk:"expires_at"`
	RecordCalls    types.Bool   `tfsdk:"record_calls"`
	RecordHintTone types.String `tfsdk:"record_hint_tone"`
	MaxCallMinutes types.Int64  `tfsdk:"max_call_minutes"`
	LastMinuteTone types.String `tfsdk:"last_minute_tone"`
	SMSEnabled     types.Bool   `tfsdk:"sms_enabled"`
	AHintTone      types.String `tfsdk:"a_hint_tone"`
	BHintTone      types.String `tfsdk:"b_hint_tone"`
	UserData       types.String `tfsdk:"user_data"`
}

// axbRecordFrom maps a platform record to attribute values, written the way a
// configuration writes them: an empty string the platform reports for an
// unset tone or user data is null, as is expires_at of a permanent binding.
// A field the answer left out keeps prior's value (see keepAbsent).
func axbRecordFrom(b *client.AXBBinding, prior *axbRecord) axbRecord {
	r := axbRecord{
		ID:             types.StringValue(b.SubscriptionID),
		XNumber:        types.StringValue(b.XNumber),
		ANumber:        types.StringValue(b.ANumber),
		BNumber:        types.StringValue(b.BNumber),
		CallDirection:  types.StringValue(pairDirectionEnum.fromAPI(b.CallDirection)),
		Lifetime:       durationValue(time.Duration(b.DurationSeconds)*time.Second, orZero(prior).Lifetime),
		ExpiresAt:      expiresAt(b.SubscribeTime, time.Duration(b.DurationSeconds)*time.Second),
		RecordCalls:    types.BoolValue(b.RecordFlag),
		RecordHintTone: stringOrNull(b.RecordHintTone),
		MaxCallMinutes: types.Int64Value(int64(b.MaxDurationMinutes)),
		LastMinuteTone: stringOrNull(b.LastMinVoice),
		SMSEnabled:     types.BoolValue(b.PrivateSMS),
		AHintTone:      stringOrNull(b.PreVoice.CallerHintTone),
		BHintTone:      stringOrNull(b.PreVoice.CalleeHintTone),
		UserData:       stringOrNull(b.UserData),
	}
	if p, a := orZero(prior), b.Absent; len(a) > 0 {
		keepAbsent(a, "CallDirection", &r.CallDirection, p.CallDirection)
		keepAbsent(a, "DurationSeconds", &r.Lifetime, p.Lifetime)
		keepAbsent(a, "DurationSeconds", &r.ExpiresAt, p.ExpiresAt)
		keepAbsent(a, "SubscribeTime", &r.ExpiresAt, p.ExpiresAt)
		keepAbsent(a, "RecordFlag", &r.RecordCalls, p.RecordCalls)
		keepAbsent(a, "RecordHintTone", &r.RecordHintTone, p.RecordHintTone)
		keepAbsent(a, "MaxDurationMinutes", &r.MaxCallMinutes, p.MaxCallMinutes)
		keepAbsent(a, "LastMinVoice", &r.LastMinuteTone, p.LastMinuteTone)
		keepAbsent(a, "PrivateSMS", &r.SMSEnabled, p.SMSEnabled)
		keepAbsent(a, "PreVoice", &r.AHintTone, p.AHintTone)
		keepAbsent(a, "PreVoice", &r.BHintTone, p.BHintTone)
		keepAbsent(a, "UserData", &r.UserData, p.UserData)
	}
	return r
}
