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
	ID             types.String `tfsdk:"id"`
	ANumber        types.String `tfsdk:"a_number"`
	XNumber        types.String `tfsdk:"x_number"`
	CallDirection  types.String `tfsdk:"call_direction"`
	Lifetime       types.String `tfsdk:"lifetime"`
	MemberLifetime types.String `tfsdk:"member_lifetime"`
	RecordCalls    types.Bool   `tfsdk:"record_calls"`
	RecordHintTone types.String `tfsdk:"record_hint_tone"`
	XHintTone      types.String `tfsdk:"x_hint_tone"`
	UserData       types.String `tfsdk:"user_data"`
	ExpiresAt      types.String `tfsdk:"expires_at"`
}

// axybRecordFrom maps the group's own record (axybGroupRecord). A field the
// answer left out keeps prior's value (see keepAbsent).
func axybRecordFrom(g *client.AXYBRelation, prior *axybRecord) axybRecord {
	r := axybRecord{
		ID:             types.StringValue(axybSubscriptionID(g)),
		ANumber:        types.StringValue(g.ANumber),
		XNumber:        types.StringValue(g.XNumber),
		CallDirection:  types.StringValue(pairDirectionEnum.fromAPI(g.CallDirection)),
		Lifetime:       durationValue(time.Duration(g.DurationSeconds)*time.Second, orZero(prior).Lifetime),
		MemberLifetime: durationValue(time.Duration(g.YBDurationSeconds)*time.Second, orZero(prior).MemberLifetime),
		RecordCalls:    types.BoolValue(g.RecordFlag),
		RecordHintTone: stringOrNull(g.RecordHintTone),
		XHintTone:      stringOrNull(g.PreVoiceX),
		UserData:       stringOrNull(g.UserData),
		ExpiresAt:      expiresAt(g.SubscribeTime, time.Duration(g.DurationSeconds)*time.Second),
	}
	if p, a := orZero(prior), g.Absent; len(a) > 0 {
		keepAbsent(a, "CallDirection", &r.CallDirection, p.CallDirection)
		keepAbsent(a, "DurationSeconds", &r.Lifetime, p.Lifetime)
		keepAbsent(a, "DurationSeconds", &r.ExpiresAt, p.ExpiresAt)
		keepAbsent(a, "SubscribeTime", &r.ExpiresAt, p.ExpiresAt)
		keepAbsent(a, "YBDurationSeconds", &r.MemberLifetime, p.MemberLifetime)
		keepAbsent(a, "RecordFlag", &r.RecordCalls, p.RecordCalls)
		keepAbsent(a, "RecordHintTone", &r.RecordHintTone, p.RecordHintTone)
		keepAbsent(a, "PreVoiceX", &r.XHintTone, p.XHintTone)
		keepAbsent(a, "UserData", &r.UserData, p.UserData)
	}
	return r
}

// axybGroupFrom maps what a successful query of group sub says about it, in
// either reading of the answer (reference §17): the group's own record where
// the platform sends one (a record with empty numY and numB); otherwise the
// group's fields that every member record repeats (A, X, call direction,
// lifetime, recording, X's tone, user data); otherwise, for a group without
// members, prior's values. expires_at and member_lifetime come only
// from the group's own record: a member's subscribeTime and ybDuration are
// its own.
func axybGroupFrom(rels []client.AXYBRelation, sub string, prior *axybRecord) axybRecord {
	p := orZero(prior)
	if g := axybGroupRecord(rels, sub); g != nil {
		return axybRecordFrom(g, &p)
	}
	r := p
	r.ID = types.StringValue(sub)
	if members := axybMemberRecords(rels, sub); len(members) > 0 {
		m := axybRecordFrom(&members[0], &p)
		r.ANumber, r.XNumber, r.CallDirection, r.Lifetime = m.ANumber, m.XNumber, m.CallDirection, m.Lifetime
		r.RecordCalls, r.RecordHintTone, r.XHintTone, r.UserData = m.RecordCalls, m.RecordHintTone, m.XHintTone, m.UserData
	}
	return r
}

// axybMemberAttrs holds a member's attributes as the platform reports them.
type axybMemberAttrs struct {
	ID        types.String `tfsdk:"id"`
	BNumber   types.String `tfsdk:"b_number"`
	YNumber   types.String `tfsdk:"y_number"`
	YHintTone types.String `tfsdk:"y_hint_tone"`
	ExpiresAt types.String `tfsdk:"expires_at"`
}

// axybMemberFrom maps one member record of group sub. A field the answer
// left out keeps prior's value (see keepAbsent).
func axybMemberFrom(sub string, r *client.AXYBRelation, prior *axybMemberAttrs) axybMemberAttrs {
	m := axybMemberAttrs{
		ID:        types.StringValue(axybMemberID(sub, r.BNumber)),
		BNumber:   types.StringValue(r.BNumber),
		YNumber:   types.StringValue(r.YNumber),
		YHintTone: stringOrNull(r.PreVoiceY),
		ExpiresAt: axybMemberExpiresAt(r),
	}
	if p, a := orZero(prior), r.Absent; len(a) > 0 {
		keepAbsent(a, "PreVoiceY", &m.YHintTone, p.YHintTone)
		keepAbsent(a, "SubscribeTime", &m.ExpiresAt, p.ExpiresAt)
		keepAbsent(a, "YBDurationSeconds", &m.ExpiresAt, p.ExpiresAt)
	}
	return m
}
