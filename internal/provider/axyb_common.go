package provider

// Helpers shared by the AXYB resources and data source: enum mapping, the
// platform's group/member records, the unknown-outcome lookups and the
// config-only bind-time attributes.

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/privnum/terraform-provider-privatenumber/internal/client"
)

// AXYB lifetimes (duration / ybDuration): 0, or a minute to 90 days, in seconds.
var (
	axybLifetime       = lifetimeSpec{unit: time.Second, apiField: "duration, in seconds", min: time.Minute, max: 7776000 * time.Second, zero: "permanent"}
	axybMemberLifetime = lifetimeSpec{unit: time.Second, apiField: "ybDuration, in seconds", min: time.Minute, max: 7776000 * time.Second, zero: "members end with the group"}
)

// axybGroupRecord is the group's own AX record among a query's records
// (DESIGN.md: bindId = subscriptionId, numY and numB empty).
func axybGroupRecord(rels []client.AXYBRelation, subscriptionID string) *client.AXYBRelation {
	for i := range rels {
		r := &rels[i]
		if r.YNumber == "" && r.BNumber == "" && (subscriptionID == "" || r.SubscriptionID == subscriptionID || r.BindID == subscriptionID) {
			return r
		}
	}
	return nil
}

// axybMemberRecords are the member records of one group, in the platform's order.
func axybMemberRecords(rels []client.AXYBRelation, subscriptionID string) []client.AXYBRelation {
	var out []client.AXYBRelation
	for _, r := range rels {
		if r.BNumber == "" && r.YNumber == "" {
			continue
		}
		if r.SubscriptionID != "" && r.SubscriptionID != subscriptionID {
			continue
		}
		out = append(out, r)
	}
	return out
}

// axybMemberRecord is the record of member b in a group's records, or nil.
func axybMemberRecord(rels []client.AXYBRelation, subscriptionID, b string) *client.AXYBRelation {
	for _, r := range axybMemberRecords(rels, subscriptionID) {
		if r.BNumber == b {
			return &r
		}
	}
	return nil
}

// axybMemberID is the member resource's id: SUBSCRIPTION_ID/B_NUMBER.
func axybMemberID(subscriptionID, b string) string { return subscriptionID + "/" + b }

// axybParseMemberID splits SUBSCRIPTION_ID/B_NUMBER.
func axybParseMemberID(id string) (sub, b string, err error) {
	i := strings.LastIndex(id, "/")
	if i <= 0 || i == len(id)-1 {
		return "", "", fmt.Errorf("%q is not SUBSCRIPTION_ID/B_NUMBER; write the group's subscription ID, a slash and the member's B number in global format, e.g. \"0123abcd.../+8613800000001\"", id)
	}
	sub, b = id[:i], id[i+1:]
	if p := numberProblem(b); p != "" {
		return "", "", fmt.Errorf("the B number of %q: %s", id, p)
	}
	return sub, b, nil
}

// axybMemberExpiresAt is a member's end: its subscribeTime plus ybDuration,
// null when it ends with the group (ybDuration 0).
func axybMemberExpiresAt(r *client.AXYBRelation) types.String {
	return expiresAt(r.SubscribeTime, time.Duration(r.YBDurationSeconds)*time.Second)
}

// axybFindMember is the member's record when it exists; nil with a nil error
// when the group's records surely hold no member with this B; an error when
// that cannot be told (the query failed). A group that is gone holds no member.
func axybFindMember(ctx context.Context, c client.API, subscriptionID, b string) (*client.AXYBRelation, error) {
	rels, err := c.QueryAXYB(ctx, client.AXYBQuery{SubscriptionID: subscriptionID})
	if err != nil {
		if client.IsNotFound(err) {
			return nil, nil
		}
		return nil, err
	}
	return axybMemberRecord(rels, subscriptionID, b), nil
}

// axybFindGroupByX is the subscription ID of the group bound on X and that
// group's records, or "" when X carries no group. The answer tells the group
// only where its records carry the group's subscriptionId (a group record, or
// members that name it); in the guide's reading they do not (reference §17),
// and that is an error that says to use the subscription ID instead.
func axybFindGroupByX(ctx context.Context, c client.API, x string) (string, []client.AXYBRelation, error) {
	rels, err := c.QueryAXYB(ctx, client.AXYBQuery{XNumber: x})
	if err != nil || len(rels) == 0 {
		return "", nil, err
	}
	sub := ""
	if g := axybGroupRecord(rels, ""); g != nil {
		sub = axybSubscriptionID(g)
	} else {
		sub = rels[0].SubscriptionID
	}
	if sub == "" {
		return "", nil, fmt.Errorf("the platform lists the members on X %s without the subscription ID of their group, so the group cannot be found by X; use its subscription ID (the id of the resource that made it, or the console's binding list)", x)
	}
	// Keep only this group's records (one X binds one A, so one group).
	var own []client.AXYBRelation
	for _, r := range rels {
		if r.SubscriptionID == "" || r.SubscriptionID == sub {
			own = append(own, r)
		}
	}
	return sub, own, nil
}

// axybSubscriptionID is a record's group id (subscriptionId, else bindId of the group record).
func axybSubscriptionID(r *client.AXYBRelation) string {
	if r.SubscriptionID != "" {
		return r.SubscriptionID
	}
	return r.BindID
}

// axybUnrecordedKey marks, in a resource's private state, an import whose
// bind-time attributes (area_code, area_match_mode) are not yet recorded: the
// platform never reports them. The next apply records the configured values
// (Update, no platform call) and removes the mark.
const axybUnrecordedKey = "axyb_bind_time_unrecorded"

// axybMarkUnrecorded sets or clears the mark.
func axybMarkUnrecorded(ctx context.Context, p interface {
	SetKey(context.Context, string, []byte) diag.Diagnostics
}, on bool) diag.Diagnostics {
	if on {
		return p.SetKey(ctx, axybUnrecordedKey, []byte("true"))
	}
	return p.SetKey(ctx, axybUnrecordedKey, nil)
}

// axybCheckMemberLifetime: member_lifetime must not exceed lifetime unless
// the group is permanent. Unknown values are skipped.
func axybCheckMemberLifetime(lifetime, member types.String) (string, bool) {
	if lifetime.IsUnknown() || member.IsUnknown() || member.IsNull() {
		return "", true
	}
	l, m := durationOf(lifetime), durationOf(member)
	if l == 0 || m <= l {
		return "", true
	}
	return fmt.Sprintf("member_lifetime is %q but the group's lifetime is %q: a member cannot outlive its group. "+
		"Set member_lifetime to at most %q, or to \"0s\" (members end with the group).", member.ValueString(), lifetime.ValueString(), lifetime.ValueString()), false
}

var axybMemberLifetimePath = path.Root("member_lifetime")
