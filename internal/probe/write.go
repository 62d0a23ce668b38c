package probe

import (
	"context"
	"fmt"
	"net/http"

	"github.com/privnum/terraform-provider-privatenumber/internal/client"
)

// Short lifetimes of the probe's bindings, where the mode has one: a binding
// the probe could not unbind (its answer lost) expires by itself.
const (
	probeLifetimeSeconds = 600 // AXB duration, AXYB duration
	probeLifetimeMinutes = 10  // AXE bindExpiredTime with timeUnit 1 (minutes)
)

// made is a binding the run made and must unbind.
type made struct {
	app  *App
	id   string
	what string // masked description
}

// lostBind is a bind whose answer never came: it may exist.
type lostBind struct {
	app  *App
	x, a string // X (empty for AXYB) and A of the bind
	what string
}

// write binds, queries, modifies and unbinds one binding per mode. Each
// request runs to its end even if ctx ends (an interrupt); ctx is checked
// between requests, and cleanup unbinds whatever was made.
func (r *run) write(ctx context.Context) {
	if len(r.opt.ANumbers) == 0 {
		r.obs.writeNote = "-write needs A numbers (PRIVATENUMBER_LIVE_A_NUMBERS)"
		r.obs.axConflictNote = r.obs.writeNote
		return
	}
	r.obs.axConflictNote = "no AX application with a free X number"
	for _, mode := range sortedModes(r.apps) {
		if ctx.Err() != nil {
			return
		}
		app := r.apps[mode]
		switch mode {
		case "AX":
			r.writeAX(ctx, app)
		case "AXB":
			r.writeAXB(ctx, app)
		case "AXE":
			r.writeAXE(ctx, app)
		case "AXYB":
			r.writeAXYB(ctx, app)
		}
	}
}

func (r *run) firstFree(mode string) string {
	if xs := r.free[mode]; len(xs) > 0 {
		return xs[0]
	}
	r.opt.Log("%s: no given X number answered without records; skipping its writes", mode)
	return ""
}

func (r *run) writeAX(ctx context.Context, app *App) {
	x, a := r.firstFree("AX"), r.opt.ANumbers[0]
	if x == "" {
		return
	}
	id := r.bind(ctx, app, "AX bind", x, a, map[string]any{"origNum": a, "privateNum": x,
		"userData": r.marker(), "recordFlag": "false"})
	if id == "" || ctx.Err() != nil {
		return
	}
	if len(r.opt.ANumbers) > 1 {
		other := r.opt.ANumbers[1]
		before := len(r.made)
		r.bind(ctx, app, "AX bind of the same X to another A", x, other,
			map[string]any{"origNum": other, "privateNum": x, "userData": r.marker()})
		r.obs.axConflict = append(r.obs.axConflict, r.lastAnswer)
		if len(r.made) > before {
			r.opt.Log("AX: the platform bound one X to two A numbers; it will be unbound")
		}
	} else {
		r.obs.axConflictNote = "needs two A numbers (PRIVATENUMBER_LIVE_A_NUMBERS)"
	}
	r.lifecycle(ctx, app, id, map[string]any{"recordFlag": "true"})
}

func (r *run) writeAXB(ctx context.Context, app *App) {
	x := r.firstFree("AXB")
	if x == "" || len(r.opt.BNumbers) == 0 {
		return
	}
	a, b := r.opt.ANumbers[0], r.opt.BNumbers[0]
	id := r.bind(ctx, app, "AXB bind", x, a, map[string]any{"relationNum": x, "callerNum": a, "calleeNum": b,
		"duration": probeLifetimeSeconds, "userData": r.marker(), "recordFlag": "false"})
	if id != "" {
		r.lifecycle(ctx, app, id, map[string]any{"recordFlag": "true"})
	}
}

func (r *run) writeAXE(ctx context.Context, app *App) {
	x, a := r.firstFree("AXE"), r.opt.ANumbers[0]
	if x == "" {
		return
	}
	id := r.bind(ctx, app, "AXE bind", x, a, map[string]any{"virtualNum": x, "bindNum": a,
		"timeUnit": "1", "bindExpiredTime": probeLifetimeMinutes, "userData": r.marker(), "recordFlag": "false"})
	if id != "" {
		r.lifecycle(ctx, app, id, map[string]any{"recordFlag": "true"})
	}
}

func (r *run) writeAXYB(ctx context.Context, app *App) {
	if len(r.opt.BNumbers) == 0 {
		r.obs.writeNote = "AXYB needs a B number (PRIVATENUMBER_LIVE_B_NUMBERS)"
		return
	}
	a, b := r.opt.ANumbers[0], r.opt.BNumbers[0]
	id := r.bind(ctx, app, "AXYB group bind", "", a, map[string]any{"origNum": a,
		"duration": probeLifetimeSeconds, "userData": r.marker(), "recordFlag": "false"})
	if id == "" || ctx.Err() != nil {
		return
	}
	// The member goes with its group: the group's unbind removes it.
	ans := r.w.send(context.WithoutCancel(ctx), request{step: "AXYB member bind", app: app, auth: authSigned,
		method: http.MethodPost, path: modes["AXYB"].path, query: query(app),
		body: map[string]any{"subscriptionId": id, "origNum": b}})
	if !ans.ok() {
		r.opt.Log("AXYB member bind: %s", ans)
	}
	r.lifecycle(ctx, app, id, nil)
}

// bind sends a bind. A success is tracked for unbinding; a bind without an
// answer may exist and is looked for at cleanup. It returns the new ID ("" if none).
func (r *run) bind(ctx context.Context, app *App, step, x, a string, body map[string]any) string {
	ans := r.w.send(context.WithoutCancel(ctx), request{step: step, app: app, auth: authSigned,
		method: http.MethodPost, path: modes[app.Mode].path, query: query(app), body: body})
	r.lastAnswer = ans
	what := fmt.Sprintf("%s binding of A %s", app.Mode, client.MaskNumber(a))
	if x != "" {
		what += " on X " + client.MaskNumber(x)
	}
	id := str(ans.body["subscriptionId"])
	switch {
	case ans.ok() && id != "":
		r.made = append(r.made, made{app: app, id: id, what: what})
		r.opt.Log("%s: bound %s", step, what)
		return id
	case ans.err != nil || ans.status >= 500 || ans.body == nil || ans.ok():
		r.lost = append(r.lost, lostBind{app: app, x: x, a: a, what: what})
		r.opt.Log("%s: no usable answer (%s); %s may exist and is looked for before the probe ends", step, ans, what)
	default:
		r.opt.Log("%s: refused: %s", step, ans)
	}
	return ""
}

// lifecycle queries the binding, modifies it (when modify is set), queries
// it again, unbinds it, and looks it up once more (a lookup that misses).
func (r *run) lifecycle(ctx context.Context, app *App, id string, modify map[string]any) {
	wctx := context.WithoutCancel(ctx)
	if ctx.Err() != nil {
		return
	}
	r.noteQuery(app.Mode, r.lookup(wctx, app, app.Mode+" query of the new binding", id), true)
	if modify != nil && ctx.Err() == nil {
		body := map[string]any{"subscriptionId": id}
		for k, v := range modify {
			body[k] = v
		}
		ans := r.w.send(wctx, request{step: app.Mode + " modify", app: app, auth: authSigned,
			method: http.MethodPut, path: modes[app.Mode].path, query: query(app), body: body})
		if !ans.ok() {
			r.opt.Log("%s modify: %s", app.Mode, ans)
		}
		if ctx.Err() == nil {
			r.noteQuery(app.Mode, r.lookup(wctx, app, app.Mode+" query after the modify", id), true)
		}
	}
	if ctx.Err() != nil {
		return
	}
	if r.unbind(wctx, app, id, app.Mode+" unbind") {
		if a := r.lookup(wctx, app, app.Mode+" query after the unbind", id); a.code() == modes[app.Mode].notFound {
			r.obs.byIDMiss = append(r.obs.byIDMiss, a)
		}
	}
}

// unbind removes a binding the run made; already gone counts as done.
func (r *run) unbind(ctx context.Context, app *App, id, step string) bool {
	ans := r.w.send(ctx, request{step: step, app: app, auth: authSigned, method: http.MethodDelete,
		path: modes[app.Mode].path, query: query(app, "subscriptionId", id)})
	if !ans.ok() && ans.code() != modes[app.Mode].notFound {
		r.opt.Log("%s: %s", step, ans)
		return false
	}
	for i, m := range r.made {
		if m.id == id {
			r.made = append(r.made[:i], r.made[i+1:]...)
			break
		}
	}
	return true
}

// cleanup unbinds what the run made, and looks for the binds whose answer
// was lost. It runs even after ctx ended, with its own time limit.
func (r *run) cleanup(ctx context.Context) {
	cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), r.opt.CleanupTimeout)
	defer cancel()
	for i := len(r.made) - 1; i >= 0; i-- {
		m := r.made[i]
		if !r.unbind(cctx, m.app, m.id, "cleanup: unbind") {
			r.leftovers = append(r.leftovers, fmt.Sprintf("%s (%s): unbind it, or let it expire", m.what, m.id))
		}
	}
	for _, l := range r.lost {
		if !r.recoverLost(cctx, l) {
			r.leftovers = append(r.leftovers, fmt.Sprintf("%s may exist (its bind answer was lost); %s", l.what, leftoverAdvice(l.app.Mode)))
		}
	}
}

func leftoverAdvice(mode string) string {
	switch mode {
	case "AX":
		return "AX bindings do not expire: `make sweep-live` removes it (it carries the marker)"
	case "AXE":
		return fmt.Sprintf("it expires by itself within %d minutes", probeLifetimeMinutes)
	}
	return fmt.Sprintf("it expires by itself within %d seconds", probeLifetimeSeconds)
}

// recoverLost looks for a bind whose answer was lost, on its X (AXYB: on every
// X of the application), and unbinds the records that carry this run's A
// number and were not there before the run, and whose user data (when the
// platform reports it) is this run's marker. It reports whether none is left.
func (r *run) recoverLost(ctx context.Context, l lostBind) bool {
	xs := []string{l.x}
	if l.x == "" {
		xs = l.app.XNumbers
	}
	m := modes[l.app.Mode]
	sure := l.app.Mode != "AXYB"
	for _, x := range xs {
		ans := r.w.send(ctx, request{step: "cleanup: looking for a bind whose answer was lost", app: l.app, auth: authSigned,
			method: http.MethodGet, path: m.filterPath, query: query(l.app, m.filterParam, x)})
		if !ans.ok() && ans.code() != m.notFound {
			sure = false
		}
		for _, rec := range records(l.app.Mode, ans) {
			id := str(rec["subscriptionId"])
			if id == "" || r.seenBefore[id] || recordA(l.app.Mode, rec) != l.a {
				continue
			}
			if ud, ok := rec["userData"]; ok && str(ud) != r.marker() {
				continue
			}
			if r.unbind(ctx, l.app, id, "cleanup: unbind of a bind whose answer was lost") {
				return true
			}
		}
	}
	// Not found: the platform did not apply the bind, when the queries
	// answered and could show it (an AXYB group's records may lack its
	// subscriptionId, so a missing group proves nothing).
	return sure
}

// recordA is the A number of a query record.
func recordA(mode string, rec map[string]any) string {
	switch mode {
	case "AX":
		return str(rec["origNum"])
	case "AXB":
		return str(rec["callerNum"])
	case "AXE":
		return str(rec["bindNum"])
	}
	return str(rec["numA"])
}
