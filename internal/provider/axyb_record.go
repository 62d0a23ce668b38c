package provider

import (
	"time"

	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/privnum/terraform-provider-privatenumber/internal/client"
)

// The AXYB records: the attributes the platform reports for a group and for
// a member, mapped once for the two resources, the data source and import.

// axybRecord holds a group's attributes as the platform reports them
// (area_code and area_match_mode are never reported).
type axybRecord struct {
	ID                    types.String `tfsdk:"id"`
	ANumber               types.String `tfsdk:"a_number"`
	XNumber               types.String `tfsdk:"x_number"`
	CallDirection         types.String `tfsdk:"call_direction"`
	LifetimeSeconds       types.Int64  `tfsdk:"lifetime_seconds"`
	MemberLifetimeSeconds types.Int64  `tfsdk:"member_lifetime_seconds"`
	RecordCalls           types.Bool   `tfsdk:"record_calls"`
	RecordHintTone        types.String `tfsdk:"record_hint_tone"`
	XHintTone             types.String `tfsdk:"x_hint_tone"`
	UserData              types.String `tfsdk:"user_data"`
	ExpiresAt             types.String `tfsdk:"expires_at"`
}

// axybRecordFrom maps the group's own record (axybGroupRecord).
func axybRecordFrom(g *client.AXYBRelation) axybRecord {
	return axybRecord{
		ID:                    types.StringValue(axybSubscriptionID(g)),
		ANumber:               types.StringValue(g.ANumber),
		XNumber:               types.StringValue(g.XNumber),
		CallDirection:         types.StringValue(pairDirectionEnum.fromAPI(g.CallDirection)),
		LifetimeSeconds:       types.Int64Value(int64(g.DurationSeconds)),
		MemberLifetimeSeconds: types.Int64Value(int64(g.YBDurationSeconds)),
		RecordCalls:           types.BoolValue(g.RecordFlag),
		RecordHintTone:        stringOrNull(g.RecordHintTone),
		XHintTone:             stringOrNull(g.PreVoiceX),
		UserData:              stringOrNull(g.UserData),
		ExpiresAt:             expiresAt(g.SubscribeTime, time.Duration(g.DurationSeconds)*time.Second),
	}
}

// axybMemberAttrs holds a member's attributes as the platform reports them.
type axybMemberAttrs struct {
	ID        types.String `tfsdk:"id"`
	BNumber   types.String `tfsdk:"b_number"`
	YNumber   types.String `tfsdk:"y_number"`
	YHintTone types.String `tfsdk:"y_hint_tone"`
	ExpiresAt types.String `tfsdk:"expires_at"`
}

// axybMemberFrom maps one member record of group sub.
func axybMemberFrom(sub string, r *client.AXYBRelation) axybMemberAttrs {
	return axybMemberAttrs{
		ID:        types.StringValue(axybMemberID(sub, r.BNumber)),
		BNumber:   types.StringValue(r.BNumber),
		YNumber:   types.StringValue(r.YNumber),
		YHintTone: stringOrNull(r.PreVoiceY),
		ExpiresAt: axybMemberExpiresAt(r),
	}
}
