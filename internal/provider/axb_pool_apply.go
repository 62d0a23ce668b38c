package provider

// The pool's apply: pair by pair, with bounded concurrency, in four phases so
// that room is freed before it is taken: read the undeclared bindings that
// pairs adopt, unbind (removed, moved or re-bound pairs, and undeclared
// bindings when exclusive), modify, bind. Each bind goes through the single
// resource's axbBind (settleBind): a lost answer is looked up by X, A and B,
// never blindly re-sent. What succeeded is in the state even when other
// pairs fail; the error lists the failed keys.

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/privnum/terraform-provider-privatenumber/internal/client"
)

// axbPoolShownFailures bounds the detailed diagnostics of one apply; the
// summary error lists every failed key.
const axbPoolShownFailures = 10

// axbPoolUnbind is one binding the apply unbinds.
type axbPoolUnbind struct {
	label    string // "pair \"k\"" or "undeclared binding <id>"
	stateKey string // the pair's key in the state; "" for an undeclared binding
	id       string
	pair     axbPoolPair    // the state's pair (stateKey != "")
	und      axbPoolBinding // the undeclared binding (stateKey == "")
	err      error
}

// axbPoolFailure is one failed step, for the diagnostics.
type axbPoolFailure struct {
	key    string
	action string
	err    error
	hints  codeHints
}

// axbPoolRun is the work of one apply and its results.
type axbPoolRun struct {
	c         client.API
	exclusive bool
	planned   map[string]axbPoolPair
	state     map[string]axbPoolPair
	observed  []axbPoolBinding
	adopt     map[string]axbPoolBinding // planned key → undeclared binding it adopts
	adoptRec  map[string]axbPoolPair    // planned key → the adopted binding as read
	unread    map[string]bool           // IDs of bindings to adopt that could not be read: never unbound
	result    map[string]axbPoolPair
	unbinds   []*axbPoolUnbind
	failures  []axbPoolFailure
	warnings  diag.Diagnostics
}

// axbPoolTimeout is the pool's create, update and delete time limit when its
// timeouts block sets none: one apply may bind or unbind thousands of pairs,
// 5,000 pairs at a platform quota of 5 requests a second take 17 minutes.
const axbPoolTimeout = 60 * time.Minute

func (r *axbPoolResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan axbPoolModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() || !requireClient(r.client, &resp.Diagnostics) {
		return
	}
	ctx, cancel, diags := opTimeoutOr(ctx, plan.Timeouts, "create", axbPoolTimeout)
	defer cancel()
	if resp.Diagnostics.Append(diags...); resp.Diagnostics.HasError() {
		return
	}
	out := r.applyPool(ctx, plan, nil, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		resp.Diagnostics.AddWarning("Untaint the pool to keep the pairs that were bound",
			"This was the pool's first apply, and Terraform marks a resource whose creation failed as tainted: the next apply would "+
				"replace it, unbinding every pair and binding it again. To keep the pairs that were bound and retry only what failed, "+
				"run: terraform untaint <address of this pool> (tofu untaint), then apply again.")
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &out)...)
}

func (r *axbPoolResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state axbPoolModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !requireClient(r.client, &resp.Diagnostics) {
		return
	}
	ctx, cancel, diags := opTimeoutOr(ctx, plan.Timeouts, "update", axbPoolTimeout)
	defer cancel()
	if resp.Diagnostics.Append(diags...); resp.Diagnostics.HasError() {
		return
	}
	out := r.applyPool(ctx, plan, &state, &resp.Diagnostics)
	resp.Diagnostics.Append(resp.State.Set(ctx, &out)...)
}

// Delete unbinds the pool's pairs. Undeclared bindings are left alone: the
// pool stops owning its X numbers.
func (r *axbPoolResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state axbPoolModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !requireClient(r.client, &resp.Diagnostics) {
		return
	}
	ctx, cancel, diags := opTimeoutOr(ctx, state.Timeouts, "delete", axbPoolTimeout)
	defer cancel()
	pairs, d := axbPoolPairs(ctx, state.Pairs)
	if resp.Diagnostics.Append(append(diags, d...)...); resp.Diagnostics.HasError() {
		return
	}
	run := &axbPoolRun{c: r.client}
	for _, k := range sortedKeys(pairs) {
		run.unbinds = append(run.unbinds, &axbPoolUnbind{label: fmt.Sprintf("pair %q", k), stateKey: k, id: pairs[k].ID.ValueString(), pair: pairs[k]})
	}
	run.unbindAll(ctx)
	run.report(&resp.Diagnostics, "delete")
}

// applyPool makes the platform match the plan and returns the state: the
// plan where everything succeeded, and what is known to be bound elsewhere.
func (r *axbPoolResource) applyPool(ctx context.Context, plan axbPoolModel, prior *axbPoolModel, diags *diag.Diagnostics) axbPoolModel {
	run, d := r.newRun(ctx, plan, prior)
	if diags.Append(d...); diags.HasError() {
		if prior != nil {
			return *prior
		}
		plan.Pairs, _ = axbPoolPairsValue(ctx, map[string]axbPoolPair{})
		plan.Undeclared, _ = axbPoolUndeclaredValue(ctx, nil)
		return plan
	}
	run.readAdopted(ctx)
	run.planUnbinds()
	run.unbindAll(ctx)
	run.modifyAll(ctx)
	run.bindAll(ctx)
	run.readExpiries(ctx)
	diags.Append(run.warnings...)
	run.report(diags, "apply")

	out := plan
	var dd diag.Diagnostics
	out.Pairs, dd = axbPoolPairsValue(ctx, run.resultPairs())
	diags.Append(dd...)
	out.Undeclared, dd = axbPoolUndeclaredValue(ctx, run.resultUndeclared(ctx, plan))
	diags.Append(dd...)
	return out
}

// newRun loads the plan and state and finds the undeclared bindings: the
// refresh's for X numbers the state holds, listed now for the others.
func (r *axbPoolResource) newRun(ctx context.Context, plan axbPoolModel, prior *axbPoolModel) (*axbPoolRun, diag.Diagnostics) {
	run := &axbPoolRun{c: r.client, exclusive: plan.Exclusive.ValueBool(), adopt: map[string]axbPoolBinding{},
		adoptRec: map[string]axbPoolPair{}, unread: map[string]bool{}, result: map[string]axbPoolPair{}}
	var diags, d diag.Diagnostics
	run.planned, d = axbPoolPairs(ctx, plan.Pairs)
	diags.Append(d...)
	xs, _ := axbPoolXs(plan.XNumbers)
	var known []string
	if prior != nil {
		run.state, d = axbPoolPairs(ctx, prior.Pairs)
		diags.Append(d...)
		und, d := axbPoolUndeclared(ctx, prior.Undeclared)
		diags.Append(d...)
		run.observed = axbPoolOnXs(und, xs)
		known, _ = axbPoolXs(prior.XNumbers)
	}
	if fresh := axbPoolNewXs(xs, known); len(fresh) > 0 {
		listed, err := axbPoolList(ctx, r.client, fresh)
		if err != nil {
			addPlatformError(&diags, "list the bindings on the pool's X numbers", err, axbPoolListHints())
			return run, diags
		}
		run.observed = append(run.observed, axbPoolUnclaimed(listed, nil)...)
	}
	run.placeUnknown(xs)
	byNums := map[string]axbPoolBinding{} // X/A/B → binding: each is unique on the platform
	for _, o := range run.observed {
		byNums[o.XNumber.ValueString()+"/"+pairKey(o.ANumber.ValueString(), o.BNumber.ValueString())] = o
	}
	for _, k := range sortedKeys(run.planned) {
		p := run.planned[k]
		nk := p.XNumber.ValueString() + "/" + pairKey(p.ANumber.ValueString(), p.BNumber.ValueString())
		if o, ok := byNums[nk]; ok && p.ID.IsUnknown() {
			run.adopt[k] = o
			delete(byNums, nk)
		}
	}
	return run, diags
}

// placeUnknown places the pairs whose X was left unknown by the plan (their
// numbers came from other resources) on the room the other pairs leave.
func (run *axbPoolRun) placeUnknown(xs []string) {
	pl := newAXBPlacement(xs, axbPoolMaxPairsPerX)
	var todo []string
	for _, k := range sortedKeys(run.planned) {
		p := run.planned[k]
		if p.XNumber.IsUnknown() {
			todo = append(todo, k)
			continue
		}
		pl.take(p.XNumber.ValueString(), p.ANumber.ValueString(), p.BNumber.ValueString(), fmt.Sprintf("pair %q", k))
	}
	for _, o := range run.observed {
		pl.take(o.XNumber.ValueString(), o.ANumber.ValueString(), o.BNumber.ValueString(), "undeclared binding "+o.ID.ValueString())
	}
	for _, k := range todo {
		p := run.planned[k]
		x, reasons := pl.place(p.ANumber.ValueString(), p.BNumber.ValueString())
		if x == "" {
			run.fail(k, "place pair", fmt.Errorf("no X of the pool has room for it: %s", strings.Join(reasons, "; ")), nil)
			delete(run.planned, k)
			continue
		}
		pl.take(x, p.ANumber.ValueString(), p.BNumber.ValueString(), fmt.Sprintf("pair %q", k))
		p.XNumber = types.StringValue(x)
		run.planned[k] = p
	}
}

func (run *axbPoolRun) fail(key, action string, err error, hints codeHints) {
	run.failures = append(run.failures, axbPoolFailure{key: key, action: action, err: err, hints: hints})
}

// readAdopted reads the undeclared bindings that pairs adopt, to compare them with the plan.
func (run *axbPoolRun) readAdopted(ctx context.Context) {
	keys := sortedKeys(run.adopt)
	recs := make([]*axbPoolPair, len(keys))
	errs := make([]error, len(keys))
	runBounded(len(keys), func(i int) {
		b, err := run.c.GetAXB(ctx, run.adopt[keys[i]].ID.ValueString())
		if err == nil {
			p := axbPoolPairFrom(b, nil)
			recs[i] = &p
		}
		errs[i] = err
	})
	for i, k := range keys {
		switch {
		case client.IsNotFound(errs[i]):
			delete(run.adopt, k) // gone meanwhile: bound anew
		case errs[i] != nil: // left as it is, and undeclared: the next apply adopts it
			run.fail(k, "read the binding that pair "+fmt.Sprintf("%q", k)+" adopts", errs[i], nil)
			run.unread[run.adopt[k].ID.ValueString()] = true
			delete(run.planned, k)
			delete(run.adopt, k)
		default:
			run.adoptRec[k] = *recs[i]
		}
	}
}

// planUnbinds lists what this apply unbinds: the state's pairs that no
// planned pair keeps, adopted bindings that must be bound again, and (when
// exclusive) the undeclared bindings no pair adopts.
func (run *axbPoolRun) planUnbinds() {
	kept := map[string]bool{}
	for _, p := range run.planned {
		if !p.ID.IsUnknown() {
			kept[p.ID.ValueString()] = true
		}
	}
	for _, k := range sortedKeys(run.state) {
		if s := run.state[k]; !kept[s.ID.ValueString()] {
			run.unbinds = append(run.unbinds, &axbPoolUnbind{label: fmt.Sprintf("pair %q", k), stateKey: k, id: s.ID.ValueString(), pair: s})
		}
	}
	adopted := map[string]bool{}
	for k, o := range run.adopt {
		adopted[o.ID.ValueString()] = true
		if rec, ok := run.adoptRec[k]; ok && axbPoolRebinds(run.planned[k], rec) {
			run.unbinds = append(run.unbinds, &axbPoolUnbind{label: fmt.Sprintf("pair %q", k), id: o.ID.ValueString(), und: o})
			delete(run.adopt, k)
			delete(run.adoptRec, k)
		}
	}
	if !run.exclusive {
		return
	}
	for _, o := range run.observed {
		if !adopted[o.ID.ValueString()] && !run.unread[o.ID.ValueString()] {
			run.unbinds = append(run.unbinds, &axbPoolUnbind{label: "undeclared binding " + o.ID.ValueString(), id: o.ID.ValueString(), und: o})
		}
	}
}

// unbindAll unbinds every listed binding; one already gone is a success.
func (run *axbPoolRun) unbindAll(ctx context.Context) {
	runBounded(len(run.unbinds), func(i int) {
		u := run.unbinds[i]
		err := run.c.UnbindAXB(ctx, client.AXBUnbindRequest{SubscriptionID: u.id})
		if client.IsNotFound(err) {
			err = nil
		}
		u.err = err
	})
	for _, u := range run.unbinds {
		if u.err != nil {
			run.fail(u.label, "unbind "+u.label+" ("+u.id+")", u.err, nil)
			continue
		}
		tflog.Debug(ctx, "pool binding unbound", map[string]any{logID: u.id, "what": u.label})
	}
}

// unbindFailed reports whether the binding of pair key's numbers on its X
// is still bound because its unbind failed (its bind would then conflict).
func (run *axbPoolRun) unbindFailed(p axbPoolPair) bool {
	for _, u := range run.unbinds {
		x, a, b := u.pair.XNumber, u.pair.ANumber, u.pair.BNumber
		if u.stateKey == "" {
			x, a, b = u.und.XNumber, u.und.ANumber, u.und.BNumber
		}
		if u.err != nil && x.Equal(p.XNumber) && (a.Equal(p.ANumber) || b.Equal(p.BNumber) || a.Equal(p.BNumber) || b.Equal(p.ANumber)) {
			return true
		}
	}
	return false
}

// modifyAll brings the kept and the adopted pairs in line with the plan.
func (run *axbPoolRun) modifyAll(ctx context.Context) {
	byID := map[string]axbPoolPair{}
	for _, s := range run.state {
		byID[s.ID.ValueString()] = s
	}
	type job struct {
		key      string
		plan, s  axbPoolPair
		adopted  bool
		restarts bool // the modify sends duration: the platform restarts the clock
		err      error
	}
	var jobs []*job
	for _, k := range sortedKeys(run.planned) {
		p := run.planned[k]
		switch s, adopted := run.adoptRec[k]; {
		case adopted:
			p.ID = s.ID
			run.planned[k] = p
			jobs = append(jobs, &job{key: k, plan: p, s: s, adopted: true})
		case !p.ID.IsUnknown():
			jobs = append(jobs, &job{key: k, plan: p, s: byID[p.ID.ValueString()]})
		}
	}
	runBounded(len(jobs), func(i int) {
		j := jobs[i]
		mod, changed := axbModifyRequest(axbBindingModel{axbRecord: j.plan.axbRecord}, axbBindingModel{axbRecord: j.s.axbRecord})
		if !j.adopted && renewing(j.plan.ExpiresAt, j.plan.Lifetime, j.s.Lifetime) && mod.DurationSeconds == nil {
			v := int(durationOf(j.plan.Lifetime) / time.Second) // renew_before: the same lifetime, restarted now
			mod.DurationSeconds, changed = &v, true
		}
		j.restarts = mod.DurationSeconds != nil
		if changed {
			j.err = run.c.ModifyAXB(ctx, mod)
		}
	})
	for _, j := range jobs {
		if j.err != nil {
			run.fail(j.key, fmt.Sprintf("update pair %q", j.key), j.err,
				axbModifyHints(axbBindingModel{axbRecord: j.plan.axbRecord}, axbBindingModel{axbRecord: j.s.axbRecord}))
			j.s.RenewBefore = j.plan.RenewBefore
			run.result[j.key] = j.s // the platform's values stay; the next plan shows the difference
			continue
		}
		if j.adopted && !j.restarts {
			j.plan.ExpiresAt = j.s.ExpiresAt // the adopted binding's clock runs on
		}
		run.result[j.key] = j.plan
	}
}

// bindAll binds the new pairs. A bind whose first send conflicts with
// exactly the declared pair on its X adopts it: the pool owns its X numbers.
func (run *axbPoolRun) bindAll(ctx context.Context) {
	var keys []string
	for _, k := range sortedKeys(run.planned) {
		p := run.planned[k]
		if _, done := run.result[k]; done || !p.ID.IsUnknown() {
			continue
		}
		if run.unbindFailed(p) {
			run.fail(k, fmt.Sprintf("bind pair %q", k), fmt.Errorf("its numbers are still bound on %s, whose unbind failed", p.XNumber.ValueString()), nil)
			continue
		}
		keys = append(keys, k)
	}
	ids := make([]string, len(keys))
	errs := make([]error, len(keys))
	warns := make([]diag.Diagnostics, len(keys))
	runBounded(len(keys), func(i int) {
		req := axbBindRequest(axbBindingModel{axbRecord: run.planned[keys[i]].axbRecord})
		bctx := context.WithValue(ctx, bindOptionsKey{}, bindOptions{adopt: true, diags: &warns[i], adopted: new(bool)})
		res, err := axbBind(bctx, run.c, req)
		if err == nil {
			ids[i] = res.SubscriptionID
		}
		errs[i] = err
	})
	for i, k := range keys {
		run.warnings.Append(warns[i]...)
		if errs[i] != nil {
			run.fail(k, fmt.Sprintf("bind pair %q of the AXB pool", k), errs[i],
				axbBindHints(axbBindRequest(axbBindingModel{axbRecord: run.planned[k].axbRecord})))
			continue
		}
		p := run.planned[k]
		p.ID = types.StringValue(ids[i])
		if durationOf(p.Lifetime) == 0 {
			p.ExpiresAt = types.StringNull()
		}
		run.result[k] = p
		tflog.Debug(ctx, "pool pair bound", map[string]any{logID: ids[i], logXNumber: client.MaskNumber(p.XNumber.ValueString())})
	}
}

// resultPairs is the pairs as bound: every planned pair that succeeded, and
// the state's pairs whose unbind failed (still bound, so still tracked).
func (run *axbPoolRun) resultPairs() map[string]axbPoolPair {
	out := run.result
	for _, u := range run.unbinds {
		if u.err == nil || u.stateKey == "" {
			continue
		}
		key := u.stateKey
		if _, taken := out[key]; taken {
			key = u.stateKey + "/" + u.id
		}
		out[key] = u.pair
	}
	return out
}

// resultUndeclared is the undeclared list after the apply: when exclusive,
// those whose unbind failed; otherwise the plan's list, plus any binding a
// pair failed to adopt.
func (run *axbPoolRun) resultUndeclared(ctx context.Context, plan axbPoolModel) []axbPoolBinding {
	var out []axbPoolBinding
	if run.exclusive {
		for _, u := range run.unbinds {
			if u.err != nil && u.stateKey == "" {
				out = append(out, u.und)
			}
		}
		for _, o := range run.observed {
			if run.unread[o.ID.ValueString()] {
				out = append(out, o)
			}
		}
		return out
	}
	out, _ = axbPoolUndeclared(ctx, plan.Undeclared)
	ids := map[string]bool{}
	for _, p := range run.result {
		ids[p.ID.ValueString()] = true
	}
	for _, b := range out {
		ids[b.ID.ValueString()] = true
	}
	for _, o := range run.observed {
		if !ids[o.ID.ValueString()] {
			out = append(out, o)
		}
	}
	return out
}

// report turns the failures into diagnostics: the first few in detail, then
// one error naming every failed key.
func (run *axbPoolRun) report(diags *diag.Diagnostics, what string) {
	if len(run.failures) == 0 {
		return
	}
	sort.SliceStable(run.failures, func(i, j int) bool { return run.failures[i].key < run.failures[j].key })
	keys := make([]string, 0, len(run.failures))
	for i, f := range run.failures {
		keys = append(keys, fmt.Sprintf("%q", f.key))
		if i < axbPoolShownFailures {
			addBindError(diags, f.err, f.action, f.hints)
		}
	}
	diags.AddError(fmt.Sprintf("The AXB pool's %s failed for %d pairs", what, len(run.failures)),
		fmt.Sprintf("These failed: %s. Everything else was applied and is in the state (%d failures shown in detail above). "+
			"Fix the cause and run apply again: only what failed is retried.", strings.Join(keys, ", "), min(len(run.failures), axbPoolShownFailures)))
}

// readExpiries reads back, once per pair, the expires_at of the pairs whose
// clock this apply started (bound with a lifetime, a lifetime change, a
// renewal), as the single resource does: subscribeTime plus the lifetime, by
// the platform's clock. A failed read estimates it from the platform's time
// now and warns once; the next refresh reads it again.
func (run *axbPoolRun) readExpiries(ctx context.Context) {
	var keys []string
	for _, k := range sortedKeys(run.result) {
		if run.result[k].ExpiresAt.IsUnknown() {
			keys = append(keys, k)
		}
	}
	errs := make([]error, len(keys))
	got := make([]types.String, len(keys))
	runBounded(len(keys), func(i int) {
		p := run.result[keys[i]]
		b, err := run.c.GetAXB(ctx, p.ID.ValueString())
		if err == nil {
			rec := p.axbRecord
			got[i] = axbRecordFrom(b, &rec).ExpiresAt
		}
		errs[i] = err
	})
	var failed []string
	var firstErr error
	for i, k := range keys {
		p := run.result[k]
		if errs[i] != nil || got[i].IsUnknown() {
			now, _ := run.c.PlatformNow()
			got[i] = expiresAt(now, durationOf(p.Lifetime))
			failed = append(failed, fmt.Sprintf("%q", k))
			if firstErr == nil {
				firstErr = errs[i]
				if firstErr == nil {
					firstErr = fmt.Errorf("the platform's record of pair %q lacked its subscribeTime or duration", k)
				}
			}
		}
		p.ExpiresAt = got[i]
		run.result[k] = p
	}
	if len(failed) > axbPoolShownWarnings {
		failed = append(failed[:axbPoolShownWarnings], fmt.Sprintf("and %d more", len(failed)-axbPoolShownWarnings))
	}
	if len(failed) > 0 {
		addReadBackWarning(&run.warnings, "AXB pool's pairs", strings.Join(failed, ", "), "bound or updated",
			"their expires_at is estimated from the platform's time now", firstErr)
	}
}
