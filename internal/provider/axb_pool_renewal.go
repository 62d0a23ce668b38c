package provider

// Lifetimes of the pool's pairs: renewal before expiry (renew_before), the
// expiry warning and the gone warning, with the single resource's helpers
// (renewal.go, lifecycle.go) applied pair by pair. A renewed pair is an
// in-place update of the pool that restarts the pair's lifetime with one
// AXB modify (duration), keeping its id and X.

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/privnum/terraform-provider-privatenumber/internal/client"
)

// axbPoolShownWarnings bounds the lifetime warnings of one plan or refresh
// that are given one by one; the rest are summed up in one more warning
// (a pool of thousands of pairs made in one apply ends all at once).
const axbPoolShownWarnings = 10

func axbPoolPairNoun(key string) string { return fmt.Sprintf("AXB pool pair %q", key) }

// axbPoolRenewals decides, for every planned pair that keeps a bound pair of
// the state (the same id) and its lifetime, whether this plan renews it:
// within renew_before of the state's expires_at, by the platform's clock. It
// warns as the single resource does (renewalDue), naming
// pairs["key"].expires_at. It returns the planned keys to renew.
func (r *axbPoolResource) axbPoolRenewals(ctx context.Context, req resource.ModifyPlanRequest, planned, state map[string]axbPoolPair, diags *diag.Diagnostics) map[string]bool {
	renew := map[string]bool{}
	if r.client == nil || len(state) == 0 {
		return renew
	}
	byID := make(map[string]axbPoolPair, len(state))
	for _, s := range state {
		if axbKnown(s.ID) && axbKnown(s.ExpiresAt) {
			byID[s.ID.ValueString()] = s
		}
	}
	if len(byID) == 0 {
		return renew // permanent pairs only: nothing ends
	}
	now := platformNow(ctx, r.client, req.Private, diags)
	var warnings diag.Diagnostics
	for _, k := range sortedKeys(planned) {
		p := planned[k]
		s, ok := byID[p.ID.ValueString()]
		if !ok || p.ID.IsUnknown() || !sameDuration(p.Lifetime, s.Lifetime) {
			continue // new, bound again, or a lifetime change (which restarts the clock anyway)
		}
		v := renewalValues{ID: s.ID, ExpiresAt: s.ExpiresAt, RenewBefore: p.RenewBefore}
		if renewalDue(&warnings, path.Root("pairs").AtMapKey(k).AtName("expires_at"), axbPoolPairNoun(k), v, now, "") {
			renew[k] = true
		}
	}
	diags.Append(capWarnings(warnings, "pairs of the AXB pool")...)
	return renew
}

// capWarnings keeps the first axbPoolShownWarnings warnings and sums up the
// rest in one, by summary (what names the things they are about).
func capWarnings(warnings diag.Diagnostics, what string) diag.Diagnostics {
	if len(warnings) <= axbPoolShownWarnings {
		return warnings
	}
	out := warnings[:axbPoolShownWarnings]
	count := map[string]int{}
	for _, w := range warnings[axbPoolShownWarnings:] {
		count[w.Summary()]++
	}
	var parts []string
	for _, s := range sortedKeys(count) {
		parts = append(parts, fmt.Sprintf("%d more: %q", count[s], s))
	}
	out.AddWarning(fmt.Sprintf("%d more warnings about %s", len(warnings)-axbPoolShownWarnings, what),
		fmt.Sprintf("Only the first %d warnings are shown in full. The same holds for more %s (%s); run with TF_LOG=debug for each.",
			axbPoolShownWarnings, what, strings.Join(parts, "; ")))
	return out
}

// axbPoolRenew marks the renewed pairs: expires_at is known after apply.
func axbPoolRenew(pairs map[string]axbPoolPair, renew map[string]bool) {
	for k := range renew {
		if p, ok := pairs[k]; ok {
			p.ExpiresAt = types.StringUnknown()
			pairs[k] = p
		}
	}
}

// axbPoolUnchangedRenewals is the renewal decision for a plan that equals
// the state (planned pairs are the state's).
func (r *axbPoolResource) axbPoolUnchangedRenewals(ctx context.Context, req resource.ModifyPlanRequest, diags *diag.Diagnostics) map[string]bool {
	var pairsValue types.Map
	if d := req.State.GetAttribute(ctx, path.Root("pairs"), &pairsValue); d.HasError() {
		diags.Append(d...)
		return nil
	}
	pairs, d := axbPoolPairs(ctx, pairsValue)
	if diags.Append(d...); d.HasError() {
		return nil
	}
	return r.axbPoolRenewals(ctx, req, pairs, pairs, diags)
}

// axbPoolGoneWarnings is the single resource's gone warning for every pair
// of before that the refresh did not find (expired, or unbound elsewhere):
// the next plan binds it again.
func axbPoolGoneWarnings(c client.API, before, after map[string]axbPoolPair) diag.Diagnostics {
	var warnings diag.Diagnostics
	var now time.Time
	for _, k := range sortedKeys(before) {
		if _, ok := after[k]; ok {
			continue
		}
		if now.IsZero() {
			now, _ = c.PlatformNow() // the listing's answers carried the platform's Date
		}
		p := before[k]
		why := goneReason(now, p.ExpiresAt)
		warnings.AddAttributeWarning(path.Root("pairs").AtMapKey(k), goneSummary(axbPoolPairNoun(k), why),
			goneDetail(axbPoolPairNoun(k), p.ID.ValueString(), why, p.ExpiresAt))
	}
	return capWarnings(warnings, "pairs of the AXB pool that are gone")
}
