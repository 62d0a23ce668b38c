package provider

// Renewal before expiry (renew_before), the way the tls provider renews a
// certificate early: a plan that runs within renew_before of a binding's
// expires_at shows an in-place update that restarts its lifetime with the
// modify API (same id, same X), and says why. Times are the platform's
// (client.PlatformNow), never the runner's. Modes that cannot restart a
// lifetime in place (AXYB has no modify) refuse the attribute.

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/privnum/terraform-provider-privatenumber/internal/client"
)

// expiryWarningWindow: a plan warns about a binding without renew_before
// that ends within this time.
const expiryWarningWindow = 7 * 24 * time.Hour

var renewBeforePath = path.Root("renew_before")

// renewBeforeSpec: a positive window, in whole seconds, within the longest lifetime.
func renewBeforeSpec(longest time.Duration, apiField string) lifetimeSpec {
	return lifetimeSpec{unit: time.Second, apiField: apiField, min: time.Second, max: longest}
}

// renewBeforeAttribute is the schema of renew_before for a mode whose modify
// API restarts the lifetime (modify names the call and its field).
func renewBeforeAttribute(noun, modify string, longest time.Duration) schema.StringAttribute {
	return schema.StringAttribute{
		Optional: true,
		Description: fmt.Sprintf("Renew the %s this long before `expires_at`, such as `\"72h\"`: a plan that runs within this window of `expires_at` "+
			"(by the platform's clock) shows an in-place update that restarts the lifetime with %s, keeping the binding's id and numbers, "+
			"and says why. Run plan and apply on a schedule more often than this window so that the binding never ends. "+
			"Needs a `lifetime`, and must be shorter than it. Default none: no renewal, and a plan warns once the binding ends within 7 days.", noun, modify),
		Validators: []validator.String{renewBeforeSpec(longest, modify).rule()},
	}
}

// renewalConfigProblem checks renew_before against the lifetime: it needs
// one, and must be shorter (else every plan would renew). Unknown values skip.
func renewalConfigProblem(lifetime, renewBefore types.String) string {
	if renewBefore.IsNull() || renewBefore.IsUnknown() || lifetime.IsUnknown() {
		return ""
	}
	l, rb := durationOf(lifetime), durationOf(renewBefore)
	switch {
	case rb <= 0:
		return "" // the attribute's own validator explains it
	case l == 0:
		return fmt.Sprintf("renew_before = %q renews a binding before it ends, but this binding is permanent (no lifetime). "+
			"Remove renew_before, or set lifetime, such as \"720h\".", renewBefore.ValueString())
	case rb >= l:
		return fmt.Sprintf("renew_before = %q is not shorter than lifetime = %q: every plan would renew the binding. "+
			"Set renew_before below the lifetime, such as a tenth of it (%q).", renewBefore.ValueString(), lifetime.ValueString(), formatDuration((l / 10).Truncate(time.Second)))
	}
	return ""
}

// renewalValues are what planRenewal reads from the state and configuration.
type renewalValues struct {
	ID          types.String `tfsdk:"id"`
	ExpiresAt   types.String `tfsdk:"expires_at"`
	RenewBefore types.String // from the plan; null where the mode has none
}

// planRenewal looks at an existing binding's end, by the platform's clock
// (c.PlatformNow, set by the refresh's answers): within renew_before of
// expires_at it reports true and warns why the plan updates in place; with
// no renew_before and the end within expiryWarningWindow it warns how to keep
// the binding alive (renewHow). Without a state, plan or client: false.
func planRenewal(ctx context.Context, req resource.ModifyPlanRequest, diags *diag.Diagnostics, c client.API, noun, renewHow string) bool {
	if req.State.Raw.IsNull() || req.Plan.Raw.IsNull() || c == nil {
		return false
	}
	var v renewalValues
	diags.Append(req.State.GetAttribute(ctx, path.Root("id"), &v.ID)...)
	diags.Append(req.State.GetAttribute(ctx, path.Root("expires_at"), &v.ExpiresAt)...)
	if renewHow == "" { // the mode renews: renew_before is in its schema
		diags.Append(req.Plan.GetAttribute(ctx, renewBeforePath, &v.RenewBefore)...)
	}
	if diags.HasError() || v.ExpiresAt.IsNull() || v.ExpiresAt.IsUnknown() {
		return false
	}
	if _, err := time.Parse(time.RFC3339, v.ExpiresAt.ValueString()); err != nil {
		return false
	}
	now := platformNow(ctx, c, req.Private, diags)
	return renewalDue(diags, path.Root("expires_at"), noun, v, now, renewHow)
}

// renewalDue is planRenewal's decision for one binding whose expires_at is
// known, at the platform's time now; at is the path of its expires_at, which
// the warnings name (a pool's pair: pairs["key"].expires_at).
func renewalDue(diags *diag.Diagnostics, at path.Path, noun string, v renewalValues, now time.Time, renewHow string) bool {
	end, err := time.Parse(time.RFC3339, v.ExpiresAt.ValueString())
	if err != nil || v.RenewBefore.IsUnknown() {
		return false
	}
	if rb := durationOf(v.RenewBefore); rb > 0 {
		if now.Before(end.Add(-rb)) {
			return false
		}
		diags.AddAttributeWarning(at, "Renewing the "+noun+" before it expires",
			fmt.Sprintf("The %s %s ends at %s, which is within renew_before (%s) of the platform's time now (%s). "+
				"This plan updates it in place: apply restarts its lifetime with the platform's modify API, keeping its id and numbers, "+
				"and expires_at is known after apply.", noun, v.ID.ValueString(), v.ExpiresAt.ValueString(), v.RenewBefore.ValueString(), now.Format(time.RFC3339)))
		return true
	}
	if end.Sub(now) <= expiryWarningWindow {
		warnExpiring(diags, at, noun, v, now, renewHow)
	}
	return false
}

// warnExpiring is the plan-time warning for a binding without renewal that
// ends within expiryWarningWindow.
func warnExpiring(diags *diag.Diagnostics, at path.Path, noun string, v renewalValues, now time.Time, renewHow string) {
	if renewHow == "" {
		renewHow = "To keep it alive, set renew_before (such as \"72h\") and run plan and apply on a schedule more often than that: " +
			"each run within the window restarts the lifetime in place, keeping the binding's id and numbers."
	}
	diags.AddAttributeWarning(at, "The "+noun+" expires soon",
		fmt.Sprintf("The %s %s ends at %s (in %s, by the platform's clock); the platform then unbinds it, and the next plan creates it again, maybe on another number. %s",
			noun, v.ID.ValueString(), v.ExpiresAt.ValueString(), formatDuration(v.endsIn(now)), renewHow))
}

func (v renewalValues) endsIn(now time.Time) time.Duration {
	end, _ := time.Parse(time.RFC3339, v.ExpiresAt.ValueString())
	return max(end.Sub(now).Truncate(time.Minute), 0)
}

// renewing reports whether an update restarts an unchanged lifetime: the
// plan left expires_at unknown (planRenewal) with the same, finite lifetime.
func renewing(plannedExpiry, planLifetime, stateLifetime types.String) bool {
	return plannedExpiry.IsUnknown() && sameDuration(planLifetime, stateLifetime) && durationOf(planLifetime) > 0
}

// platformClockKey is the private-state key of the platform's clock skew
// that the last refresh saw (platformClock).
const platformClockKey = "platform_clock"

type platformClock struct {
	SkewNS int64 `json:"skew_ns"` // the platform's clock minus the runner's
}

// platformNow is the platform's time for an expiry decision: from this
// run's answers; before any (the final plan of an apply, a plan with
// -refresh=false), the runner's clock corrected by the skew the last
// refresh saw; without that, the runner's clock.
func platformNow(ctx context.Context, c client.API, private axePrivateGetter, diags *diag.Diagnostics) time.Time {
	now, fromAnswer := c.PlatformNow()
	if fromAnswer || private == nil {
		return now
	}
	raw, d := private.GetKey(ctx, platformClockKey)
	diags.Append(d...)
	var pc platformClock
	if len(raw) == 0 || json.Unmarshal(raw, &pc) != nil {
		return now
	}
	return now.Add(time.Duration(pc.SkewNS))
}

// notePlatformClock keeps the skew this run's answers showed in the
// resource's private state, for platformNow in a later run; a Read calls it.
func notePlatformClock(ctx context.Context, c client.API, private axePrivateSetter, diags *diag.Diagnostics) {
	now, fromAnswer := c.PlatformNow()
	if !fromAnswer || private == nil {
		return
	}
	skew := time.Until(now).Round(time.Second)
	raw, _ := json.Marshal(platformClock{SkewNS: int64(skew)})
	diags.Append(private.SetKey(ctx, platformClockKey, raw)...)
}

// axybNoRenewal refuses renew_before on an AXYB group: the platform has no
// AXYB modify API, so nothing can restart a lifetime in place.
var axybNoRenewal = stringRule{
	summary:     "renew_before is not available for AXYB",
	description: "not available: AXYB has no modify API",
	problem: func(attr, _ string) string {
		return attr + " renews a binding by restarting its lifetime with the modify API, and the platform has none for AXYB " +
			"(only AX, AXB and AXE bindings can be modified). Remove " + attr + "; keep the group alive with a longer lifetime, or \"0s\" (permanent)."
	},
}

// axybKeepAlive and axybMemberKeepAlive are the expiry warning's advice for
// AXYB, which cannot renew in place.
const (
	axybKeepAlive = "AXYB has no modify API, so the group cannot be renewed in place: to keep it (and its members), " +
		"set a longer lifetime or \"0s\" (permanent); that replaces the group now, on a new X."
	axybMemberKeepAlive = "AXYB has no modify API, so the member cannot be renewed in place: when it ends, the next plan adds it again, maybe with another Y. " +
		"To keep members longer, set a longer member_lifetime on the group, or \"0s\" (members end with the group)."
)
