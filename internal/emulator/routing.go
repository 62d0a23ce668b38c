package emulator

import (
	"fmt"
	"strings"
	"time"
)

// Simulated calls: a call from a number to X (or Y, or X plus extension
// digits) routed by the mode's rules and the bindings in force (reference
// §4-§7 semantics, §9.1 events, §11 hang-up codes).

// CallRequest is one simulated call (admin POST /emulator/v1/calls).
type CallRequest struct {
	From string `json:"from"` // the calling number
	To   string `json:"to"`   // the number dialled: an X, or an AXYB Y
	// Digits are the extension digits the caller enters (AXE).
	Digits string `json:"digits,omitempty"`
	// Outcome of the forwarded leg: "answer" (default), "no_answer", "busy".
	Outcome string `json:"outcome,omitempty"`
	// TalkSeconds > 0: the call has just ended after that talk time (its
	// events are dated back from now). 0: an answered call stays in progress
	// until call.stop, an admin hang-up or its maximum duration.
	TalkSeconds int64 `json:"talk_seconds,omitempty"`
	// HangUp names who ends a call with a talk time: "caller" (default) or "callee".
	HangUp string `json:"hang_up,omitempty"`
}

// Hang-up codes (reference §11.1) the emulator produces.
const (
	hangNormal      = "0"
	hangMaxDuration = "8010"
	hangNoCallee    = "8013"
	hangNoBinding   = "8014"
	hangDirection   = "8016"
	hangNoAXBinding = "8018"
	hangNoCallback  = "8019"
	hangFixedLine   = "8023"
	hangNumStatus   = "8055"
	hangNoAnswer    = "8101"
	hangBusy        = "8102"
)

var hangDescs = map[string]string{
	hangNormal:      "Normal hangup after connect.",
	hangMaxDuration: "The call reached its maximum duration.",
	hangNoCallee:    "Invalid AX call: the binding has no temporary callee.",
	hangNoBinding:   "Invalid call: no binding.",
	hangDirection:   "The call direction is not allowed.",
	hangNoAXBinding: "No service permission: no AX binding.",
	hangNoCallback:  "The callback record does not exist.",
	hangFixedLine:   "A fixed-line number may not call X.",
	hangNumStatus:   "The X number has no call permission.",
	hangNoAnswer:    "The callee did not answer.",
	hangBusy:        "The callee is busy.",
}

// route is the routing decision for one call.
type route struct {
	app         *appState
	b           *binding
	reached     string // "" when refused
	code        string // hang-up code when refused
	digits      bool   // AXE: the extension prompt was played
	userData    string
	maxDur      time.Duration // 0: no limit
	record      bool
	axeCallback bool   // AXE: A called back (records no callback)
	party       bool   // the caller is a bound A or B (a fixed line may not call X)
	assignedY   string // AXYB: the Y given to a new caller of X
}

// owner finds the application owning number n (an X), or "" for none.
func (e *Emulator) owner(n string) *appState {
	for _, k := range sortedKeys(e.apps) {
		if _, ok := e.apps[k].areaOf[n]; ok {
			return e.apps[k]
		}
	}
	return nil
}

// routeCall decides where a call goes (lock held). An error is the caller's
// mistake (a dialled number that no application owns), not a hang-up.
func (e *Emulator) routeCall(req CallRequest, now time.Time) (route, error) {
	app := e.owner(req.To)
	if app == nil {
		return route{}, fmt.Errorf("to: %s is no X or Y number of any application", maskNum(req.To))
	}
	if app.Mode == "AXYB" && e.yUse[req.To] > 0 {
		if st := e.calls.status[req.To]; st.Status == statusSuspended || st.Status == statusUnavailable {
			return route{app: app, code: hangNumStatus}, nil
		}
		if g, m := e.memberByY(req.To, req.From); g != nil {
			return e.routeAXYBToY(g, m).fixedLineRule(req.From), nil
		}
		return route{app: app, code: hangNoBinding}, nil
	}
	if st := e.calls.status[req.To]; st.Status == statusSuspended || st.Status == statusUnavailable {
		return route{app: app, code: hangNumStatus}, nil
	}
	var r route
	switch app.Mode {
	case "AX":
		r = e.routeAX(app, req, now)
	case "AXB":
		r = e.routeAXB(app, req)
	case "AXE":
		r = e.routeAXE(app, req, now)
	default:
		r = e.routeAXYBToX(app, req, now)
	}
	return r.fixedLineRule(req.From), nil
}

// fixedLineRule: a fixed-line A or B can only receive calls from X, never
// call X (§3.2; hang-up 8023).
func (r route) fixedLineRule(from string) route {
	if r.party && r.reached != "" && fixedLine(from) {
		r.reached, r.code = "", hangFixedLine
	}
	return r
}

// fixedLine reports a Chinese fixed-line number: +86 and anything but a
// mobile's 11 digits starting with 1 (Beijing's +8610… lines included).
func fixedLine(n string) bool {
	return strings.HasPrefix(n, "+86") && !(len(n) == 14 && n[3] == '1')
}

func onlyBinding(m map[string]*binding) *binding {
	for _, b := range m {
		return b
	}
	return nil
}

func fieldTrue(v any) bool { return v == "true" || v == true }

func minutes(v any) time.Duration {
	n, _ := v.(int64)
	return durationOf(n, time.Minute)
}

func (r route) with(b *binding) route {
	r.b = b
	r.userData, _ = b.Fields["userData"].(string)
	r.maxDur = minutes(b.Fields["maxDuration"])
	r.record = fieldTrue(b.Fields["recordFlag"])
	return r
}

// routeAX: anyone reaches A; A reaches its temporary callee (8013 without
// one). callDirection 1: only A may call X; 2: only others (8016).
func (e *Emulator) routeAX(app *appState, req CallRequest, now time.Time) route {
	r := route{app: app}
	b := onlyBinding(e.byX[req.To])
	if b == nil {
		r.code = hangNoAXBinding
		return r
	}
	r = r.with(b)
	dir, _ := b.Fields["callDirection"].(int64)
	if req.From != b.A {
		if dir == 1 {
			r.code = hangDirection
			return r
		}
		r.reached = b.A
		return r
	}
	if dir == 2 {
		r.code = hangDirection
		return r
	}
	if b.Callee == "" || !now.Before(b.CalleeExpires) {
		r.code = hangNoCallee
		return r
	}
	r.reached, r.party = b.Callee, true
	if u, ok := b.CalleeFields["userData"].(string); ok {
		r.userData = u
	}
	if v, ok := b.CalleeFields["maxDuration"]; ok {
		r.maxDur = minutes(v)
	}
	return r
}

// routeAXB: A and B reach each other through X as callDirection allows
// (0 both, 1 A to B only, 2 B to A only; 8016 otherwise); a caller with no
// binding on X gets 8014.
func (e *Emulator) routeAXB(app *appState, req CallRequest) route {
	r := route{app: app}
	b := e.bySub[e.numsOnX[req.To][req.From]]
	if b == nil {
		r.code = hangNoBinding
		return r
	}
	r = r.with(b)
	dir, _ := b.Fields["callDirection"].(int64)
	switch {
	case req.From == b.A && dir != 2:
		r.reached, r.party = b.B, true
	case req.From == b.B && dir != 1:
		r.reached, r.party = b.A, true
	default:
		r.code = hangDirection
	}
	return r
}

// routeAXE: A calling X is called back to the last caller who reached A
// through X+E (or forwarded to callbackNum; 8019 without either); anyone
// else hears the extension prompt and reaches the A of the digits entered
// (8014 for an unknown extension).
func (e *Emulator) routeAXE(app *appState, req CallRequest, now time.Time) route {
	r := route{app: app}
	if b := e.bySub[e.numsOnX[req.To][req.From]]; b != nil {
		r = r.with(b)
		r.maxDur = 0 // AXE has no per-call limit
		r.axeCallback, r.party = true, true
		if cb, ok := e.calls.callbacks[b.SubID]; ok && (cb.expires.IsZero() || now.Before(cb.expires)) {
			r.reached = cb.number
		} else if n, _ := b.Fields["callbackNum"].(string); n != "" {
			r.reached = n
		} else {
			r.code = hangNoCallback
		}
		return r
	}
	r.digits = true
	b := e.bySub[e.extOnX[req.To][req.Digits]]
	if req.Digits == "" || b == nil {
		r.code = hangNoBinding
		return r
	}
	r = r.with(b)
	r.maxDur = 0
	r.reached = b.A
	return r
}

// routeAXYBToX: a B calling the group's X reaches A (callDirection 0 or 2).
// Anyone else but A is given a Y first, as a YB bind would (§7: "If only AX
// is bound and B dials X, the platform auto-assigns a Y to B").
func (e *Emulator) routeAXYBToX(app *appState, req CallRequest, now time.Time) route {
	r := route{app: app}
	g := onlyBinding(e.byX[req.To])
	if g == nil {
		r.code = hangNoBinding
		return r
	}
	r = r.with(g)
	if dir, _ := g.Fields["callDirection"].(int64); dir == 1 {
		r.code = hangDirection
		return r
	}
	if req.From == g.A {
		r.code = hangNoBinding
		return r
	}
	if fixedLine(req.From) {
		r.code = hangFixedLine // a fixed line cannot call X (§3.2), so it gets no Y either
		return r
	}
	member := false
	for _, m := range g.Members {
		member = member || m.B == req.From
	}
	if !member {
		c := &call{app: app, now: now, p: params{"subscriptionId": g.SubID, "origNum": req.From}}
		resp, aerr := e.axybBindMember(c)
		if aerr != nil {
			r.code = hangNoBinding
			return r
		}
		r.assignedY, _ = resp["relationNumber"].(string)
		e.persist()
	}
	r.reached, r.party = g.A, true
	return r
}

// routeAXYBToY: the group's A calling a member's Y reaches that B
// (callDirection 0 or 1).
func (e *Emulator) routeAXYBToY(g *binding, m *member) route {
	r := route{app: e.apps[g.AppKey]}.with(g)
	if dir, _ := g.Fields["callDirection"].(int64); dir == 2 {
		r.code = hangDirection
		return r
	}
	r.reached, r.party = m.B, true
	return r
}

// memberByY finds the AXYB member whose Y is y in the group of A = from.
func (e *Emulator) memberByY(y, from string) (*binding, *member) {
	for _, id := range sortedKeys(e.bySub) {
		g := e.bySub[id]
		if g.Mode != "AXYB" || g.A != from {
			continue
		}
		for _, m := range g.Members {
			if m.Y == y {
				return g, m
			}
		}
	}
	return nil, nil
}

// maskNum keeps the country code and the last two digits of a number.
func maskNum(n string) string {
	if len(n) <= 6 {
		return "***"
	}
	return n[:3] + "****" + n[len(n)-2:]
}
