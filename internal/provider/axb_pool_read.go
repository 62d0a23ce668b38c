package provider

// The pool's plan, refresh and import: ModifyPlan places the pairs
// (axbPoolPlan), Read lists every X in pages of 100 and matches the pairs by
// their IDs, ImportState takes the X numbers.

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/privnum/terraform-provider-privatenumber/internal/client"
)

// axbPoolConcurrency bounds the requests the pool has in flight at once
// (listing X numbers, binds, modifies, unbinds); the client's rate limit
// applies on top.
const axbPoolConcurrency = 8

// ModifyPlan places the pairs: see axbPoolPlan for the rules. A pool the
// plan cannot hold fails here, with the pair's key in the attribute path.
// Kept pairs within renew_before of their end are renewed (axbPoolRenewals).
func (r *axbPoolResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		return
	}
	var renew map[string]bool // nil: not decided yet
	if planUnchanged(req) {
		renew = r.axbPoolUnchangedRenewals(ctx, req, &resp.Diagnostics)
		if len(renew) == 0 && !axbPoolHasUndeclaredToUnbind(ctx, req) {
			return
		}
	}
	var cfg, plan, state axbPoolModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	creating := req.State.Raw.IsNull()
	if !creating {
		resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	}
	if resp.Diagnostics.HasError() {
		return
	}
	xs, xsKnown := axbPoolXs(plan.XNumbers)
	if !xsKnown || plan.Pairs.IsUnknown() || plan.Exclusive.IsUnknown() {
		if !xsKnown {
			plan.ID = types.StringUnknown()
		}
		plan.Undeclared = types.ListUnknown(axbPoolBindingType)
		resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)
		return
	}
	plan.ID = types.StringValue(strings.Join(xs, ","))
	in, diags := r.planInput(ctx, cfg, plan, state, xs)
	if resp.Diagnostics.Append(diags...); resp.Diagnostics.HasError() {
		return
	}
	out := axbPoolPlan(in)
	for _, k := range sortedKeys(out.problems) {
		resp.Diagnostics.AddAttributeError(path.Root("pairs").AtMapKey(k), "The pool cannot hold pair "+fmt.Sprintf("%q", k),
			fmt.Sprintf("Pair %q (a_number %s, b_number %s): %s. AXB allows each number once per X and at most %d pairs per X. "+
				"Add an X number to x_numbers, remove the pair that holds the number, or (for a pinned pair) pin it to another X.",
				k, in.config[k].ANumber.ValueString(), in.config[k].BNumber.ValueString(), out.problems[k], axbPoolMaxPairsPerX))
	}
	if resp.Diagnostics.HasError() {
		return
	}
	if creating && in.exclusive {
		axbPoolWarnUnbindOnCreate(&resp.Diagnostics, in, out)
	}
	if renew == nil {
		renew = r.axbPoolRenewals(ctx, req, out.pairs, in.state, &resp.Diagnostics)
	}
	axbPoolRenew(out.pairs, renew)
	var d diag.Diagnostics
	plan.Pairs, d = axbPoolPairsValue(ctx, out.pairs)
	resp.Diagnostics.Append(d...)
	plan.Undeclared, d = axbPoolUndeclaredValue(ctx, out.undeclared)
	resp.Diagnostics.Append(d...)
	resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)
}

// axbPoolHasUndeclaredToUnbind: a plan equal to the state still has work
// when exclusive = true and the refresh found undeclared bindings.
func axbPoolHasUndeclaredToUnbind(ctx context.Context, req resource.ModifyPlanRequest) bool {
	var excl types.Bool
	var und types.List
	req.Plan.GetAttribute(ctx, path.Root("exclusive"), &excl)
	req.State.GetAttribute(ctx, path.Root("undeclared"), &und)
	return excl.ValueBool() && len(und.Elements()) > 0
}

// planInput gathers what placement needs: the configured and planned pairs,
// the state's pairs, and the undeclared bindings on the pool's X numbers
// (from the refresh, and listed now for X numbers the state does not hold).
func (r *axbPoolResource) planInput(ctx context.Context, cfg, plan, state axbPoolModel, xs []string) (axbPoolPlanIn, diag.Diagnostics) {
	in := axbPoolPlanIn{xs: xs, exclusive: plan.Exclusive.ValueBool(), maxPerX: axbPoolMaxPairsPerX}
	var diags, d diag.Diagnostics
	in.config, d = axbPoolPairs(ctx, cfg.Pairs)
	diags.Append(d...)
	in.planned, d = axbPoolPairs(ctx, plan.Pairs)
	diags.Append(d...)
	in.state, d = axbPoolPairs(ctx, state.Pairs)
	diags.Append(d...)
	und, d := axbPoolUndeclared(ctx, state.Undeclared)
	diags.Append(d...)
	known, _ := axbPoolXs(state.XNumbers)
	in.observed = axbPoolOnXs(und, xs)
	if fresh := axbPoolNewXs(xs, known); len(fresh) > 0 && r.client != nil {
		listed, err := axbPoolList(ctx, r.client, fresh)
		if err != nil {
			addPlatformError(&diags, "list the bindings on the pool's new X numbers", err, axbPoolListHints())
			return in, diags
		}
		in.observed = append(in.observed, axbPoolUnclaimed(listed, nil)...)
	}
	return in, diags
}

// axbPoolWarnUnbindOnCreate says, on create with exclusive = true, how many
// bindings already on the X numbers the apply will unbind (numbers masked).
func axbPoolWarnUnbindOnCreate(diags *diag.Diagnostics, in axbPoolPlanIn, out axbPoolPlanOut) {
	adopted := map[string]bool{}
	for _, p := range out.pairs {
		adopted[p.XNumber.ValueString()+"/"+pairKey(p.ANumber.ValueString(), p.BNumber.ValueString())] = true
	}
	perX := map[string]int{}
	n := 0
	for _, o := range in.observed {
		if !adopted[o.XNumber.ValueString()+"/"+pairKey(o.ANumber.ValueString(), o.BNumber.ValueString())] {
			perX[client.MaskNumber(o.XNumber.ValueString())]++
			n++
		}
	}
	if n == 0 {
		return
	}
	var parts []string
	for _, x := range sortedKeys(perX) {
		parts = append(parts, fmt.Sprintf("%s: %d", x, perX[x]))
	}
	diags.AddWarning("The apply unbinds bindings that the pool does not declare",
		fmt.Sprintf("exclusive = true, and the pool's X numbers already carry %d bindings that no pair declares (%s). The apply unbinds them. "+
			"Declare them as pairs to keep them (a pair with the same numbers adopts the binding), or set exclusive = false to leave them alone.",
			n, strings.Join(parts, ", ")))
}

// axbPoolOnXs keeps the bindings on the given X numbers.
func axbPoolOnXs(list []axbPoolBinding, xs []string) []axbPoolBinding {
	var out []axbPoolBinding
	for _, b := range list {
		if containsString(xs, b.XNumber.ValueString()) {
			out = append(out, b)
		}
	}
	return out
}

// axbPoolNewXs lists the X numbers of xs not in known.
func axbPoolNewXs(xs, known []string) []string {
	var out []string
	for _, x := range xs {
		if !containsString(known, x) {
			out = append(out, x)
		}
	}
	return out
}

// axbPoolList lists every binding on each X (pages of 100, client.ListAXB),
// a few X numbers at a time. Records without X get the X queried.
func axbPoolList(ctx context.Context, c client.API, xs []string) (map[string][]client.AXBBinding, error) {
	out := make(map[string][]client.AXBBinding, len(xs))
	errs := make([]error, len(xs))
	var mu sync.Mutex
	runBounded(len(xs), func(i int) {
		list, err := c.ListAXB(ctx, client.AXBQuery{XNumber: xs[i]})
		if err != nil {
			errs[i] = fmt.Errorf("listing the bindings on %s: %w", xs[i], err)
			return
		}
		for j := range list {
			if list[j].XNumber == "" {
				list[j].XNumber = xs[i]
			}
		}
		mu.Lock()
		out[xs[i]] = list
		mu.Unlock()
	})
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// runBounded runs job(0..n-1) with at most axbPoolConcurrency at once.
func runBounded(n int, job func(i int)) {
	sem := make(chan struct{}, axbPoolConcurrency)
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		sem <- struct{}{}
		go func(i int) {
			defer func() { <-sem; wg.Done() }()
			job(i)
		}(i)
	}
	wg.Wait()
}

func axbPoolListHints() codeHints {
	return codeHints{"1012001": "One of x_numbers is not one of this application's numbers (or it was released): check x_numbers and the provider's app_key."}
}

// axbPoolUnclaimed turns the listed bindings whose IDs are not in claimed into undeclared entries.
func axbPoolUnclaimed(listed map[string][]client.AXBBinding, claimed map[string]bool) []axbPoolBinding {
	var out []axbPoolBinding
	for _, x := range sortedKeys(listed) {
		for _, b := range listed[x] {
			if !claimed[b.SubscriptionID] {
				out = append(out, axbPoolBinding{ID: types.StringValue(b.SubscriptionID), XNumber: types.StringValue(b.XNumber),
					ANumber: types.StringValue(b.ANumber), BNumber: types.StringValue(b.BNumber)})
			}
		}
	}
	return out
}

// axbPoolPairFrom maps a platform record as the single resource does
// (axbRecordFrom): a field the answer left out keeps prior's value, and so
// does renew_before (only the configuration knows it). expires_at is the
// record's subscribeTime plus its duration: the platform's clock.
func axbPoolPairFrom(b *client.AXBBinding, prior *axbPoolPair) axbPoolPair {
	if prior == nil {
		return axbPoolPair{axbRecord: axbRecordFrom(b, nil), RenewBefore: types.StringNull()}
	}
	return axbPoolPair{axbRecord: axbRecordFrom(b, &prior.axbRecord), RenewBefore: prior.RenewBefore}
}

// axbPoolRefresh matches the state's pairs with the listed bindings by ID.
// A pair whose binding is gone leaves the state (the plan binds it again);
// the rest become undeclared, or pairs keyed X/A/B on import.
func axbPoolRefresh(ctx context.Context, state map[string]axbPoolPair, listed map[string][]client.AXBBinding, importing bool) (map[string]axbPoolPair, []axbPoolBinding) {
	byID := map[string]*client.AXBBinding{}
	for _, x := range sortedKeys(listed) {
		for i := range listed[x] {
			byID[listed[x][i].SubscriptionID] = &listed[x][i]
		}
	}
	pairs := make(map[string]axbPoolPair, len(state))
	claimed := map[string]bool{}
	for k, p := range state {
		b, ok := byID[p.ID.ValueString()]
		if !ok {
			tflog.Debug(ctx, "a pool pair's binding is no longer on the platform (unbound elsewhere or expired); removing it from the state",
				map[string]any{logID: p.ID.ValueString(), logXNumber: client.MaskNumber(p.XNumber.ValueString())})
			continue
		}
		prior := p
		pairs[k], claimed[b.SubscriptionID] = axbPoolPairFrom(b, &prior), true
	}
	if importing {
		for _, x := range sortedKeys(listed) {
			for i := range listed[x] {
				b := &listed[x][i]
				pairs[b.XNumber+"/"+b.ANumber+"/"+b.BNumber] = axbPoolPairFrom(b, nil)
			}
		}
		return pairs, nil
	}
	und := axbPoolUnclaimed(listed, claimed)
	for _, u := range und {
		tflog.Debug(ctx, "an undeclared binding is on one of the pool's X numbers", map[string]any{logID: u.ID.ValueString(),
			logXNumber: client.MaskNumber(u.XNumber.ValueString()), "a_number": client.MaskNumber(u.ANumber.ValueString()),
			"b_number": client.MaskNumber(u.BNumber.ValueString())})
	}
	return pairs, und
}

func (r *axbPoolResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state axbPoolModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || r.client == nil {
		return
	}
	xs, ok := axbPoolXs(state.XNumbers)
	if !ok {
		resp.Diagnostics.AddError("Invalid pool state", "The pool's x_numbers are not known; import the pool again by its X numbers.")
		return
	}
	listed, err := axbPoolList(ctx, r.client, xs)
	if err != nil {
		addPlatformError(&resp.Diagnostics, "list the bindings of the AXB pool "+state.ID.ValueString(), err, axbPoolListHints())
		return
	}
	pairs, diags := axbPoolPairs(ctx, state.Pairs)
	if resp.Diagnostics.Append(diags...); resp.Diagnostics.HasError() {
		return
	}
	before := pairs
	pairs, und := axbPoolRefresh(ctx, pairs, listed, state.Pairs.IsNull())
	resp.Diagnostics.Append(axbPoolGoneWarnings(r.client, before, pairs)...)
	notePlatformClock(ctx, r.client, resp.Private, &resp.Diagnostics) // for the final plan of an apply (renewal.go)
	state.Pairs, diags = axbPoolPairsValue(ctx, pairs)
	resp.Diagnostics.Append(diags...)
	state.Undeclared, diags = axbPoolUndeclaredValue(ctx, und)
	resp.Diagnostics.Append(diags...)
	state.ID = types.StringValue(strings.Join(xs, ","))
	if state.Exclusive.IsNull() {
		state.Exclusive = types.BoolValue(true)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

// ImportState takes the pool's X numbers, comma-separated; the read that
// follows adopts every pair on them (keys X/A/B).
func (r *axbPoolResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	var xs []string
	for _, part := range strings.Split(req.ID, ",") {
		x := strings.TrimSpace(part)
		if p := numberProblem(x); p != "" {
			resp.Diagnostics.AddError("Invalid import ID",
				fmt.Sprintf("The import ID is the pool's X numbers joined by commas, e.g. \"+8617000000101,+8617000000102\"; an X number %s.", p))
			return
		}
		if !containsString(xs, x) {
			xs = append(xs, x)
		}
	}
	sort.Strings(xs)
	set, diags := types.SetValueFrom(ctx, types.StringType, xs)
	resp.Diagnostics.Append(diags...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), strings.Join(xs, ","))...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("x_numbers"), set)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("exclusive"), true)...)
}
