package emulator

import (
	"encoding/json"
	"errors"
	"fmt"
	mrand "math/rand"
	"net/http"
	"sort"
	"strings"
	"time"
)

// Faults is the fault-injection setup of the admin API.
type Faults struct {
	Seed  int64       `json:"seed"`
	Rules []FaultRule `json:"rules"`
}

// FaultRule injects one kind of fault into an operation ("*" = all).
// Probability 0 (or omitted) means always.
type FaultRule struct {
	Operation   string  `json:"operation"`
	Kind        string  `json:"kind"` // error, rate_limit, latency, drop_response_after_commit, reset_before_commit
	Probability float64 `json:"probability,omitempty"`
	HTTPStatus  int     `json:"http_status,omitempty"`
	ResultCode  string  `json:"resultcode,omitempty"`
	LatencyMS   int     `json:"latency_ms,omitempty"`
}

var faultKinds = map[string]bool{"error": true, "rate_limit": true, "latency": true,
	"drop_response_after_commit": true, "reset_before_commit": true}

// SetFaults replaces the fault rules; the random source restarts from Seed.
func (e *Emulator) SetFaults(f Faults) error {
	for i, r := range f.Rules {
		field := fmt.Sprintf("rules[%d]", i)
		if r.Operation != "*" && !operationNames[r.Operation] {
			return fmt.Errorf("%s.operation: unknown operation %q", field, r.Operation)
		}
		if !faultKinds[r.Kind] {
			return fmt.Errorf("%s.kind: must be one of error, rate_limit, latency, drop_response_after_commit, reset_before_commit", field)
		}
		if r.Probability < 0 || r.Probability > 1 {
			return fmt.Errorf("%s.probability: must be between 0 and 1", field)
		}
		if r.HTTPStatus != 0 && (r.HTTPStatus < 100 || r.HTTPStatus > 599) {
			return fmt.Errorf("%s.http_status: must be an HTTP status", field)
		}
		if r.ResultCode != "" && len(r.ResultCode) > 32 {
			return fmt.Errorf("%s.resultcode: at most 32 characters", field)
		}
		if r.LatencyMS < 0 || r.LatencyMS > 600000 {
			return fmt.Errorf("%s.latency_ms: must be between 0 and 600000", field)
		}
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	f.Rules = append([]FaultRule(nil), f.Rules...)
	e.faults = f
	e.faultRNG = mrand.New(mrand.NewSource(f.Seed))
	return nil
}

// ClearFaults removes every fault rule.
func (e *Emulator) ClearFaults() {
	e.mu.Lock()
	e.faults = Faults{}
	e.faultRNG = nil
	e.mu.Unlock()
}

// drawFaults decides the faults of one request (lock held): the first
// firing non-latency rule, and the sum of firing latency rules.
func (e *Emulator) drawFaults(op string) (*FaultRule, time.Duration) {
	var fired *FaultRule
	var extra time.Duration
	for i := range e.faults.Rules {
		r := &e.faults.Rules[i]
		if r.Operation != "*" && r.Operation != op {
			continue
		}
		if r.Probability > 0 && r.Probability < 1 && e.faultRNG.Float64() >= r.Probability {
			continue
		}
		if r.Kind == "latency" {
			extra += time.Duration(r.LatencyMS) * time.Millisecond
			continue
		}
		if fired == nil {
			c := *r
			fired = &c
		}
	}
	return fired, extra
}

// AdminBinding is one entry of the admin bindings list.
type AdminBinding struct {
	AppKey         string         `json:"app_key"`
	Mode           string         `json:"mode"`
	SubscriptionID string         `json:"subscription_id"`
	ANumber        string         `json:"a_number"`
	XNumber        string         `json:"x_number"`
	BNumber        string         `json:"b_number,omitempty"`
	YNumber        string         `json:"y_number,omitempty"`
	Extension      string         `json:"extension,omitempty"`
	ExpiresAt      *time.Time     `json:"expires_at"`
	Fields         map[string]any `json:"fields"`
}

// Bindings lists the live bindings ("" matches every app key or mode),
// sorted by app key, mode, subscription ID, then AXYB members in bind order
// after their group's AX entry.
func (e *Emulator) Bindings(appKey, mode string) []AdminBinding {
	e.mu.Lock()
	defer e.mu.Unlock()
	now := e.now()
	e.sweep(now)
	var list []*binding
	for _, b := range e.bySub {
		if (appKey == "" || b.AppKey == appKey) && (mode == "" || b.Mode == mode) {
			list = append(list, b)
		}
	}
	sort.Slice(list, func(i, j int) bool {
		a, b := list[i], list[j]
		if a.AppKey != b.AppKey {
			return a.AppKey < b.AppKey
		}
		if a.Mode != b.Mode {
			return a.Mode < b.Mode
		}
		return a.SubID < b.SubID
	})
	out := []AdminBinding{}
	for _, b := range list {
		out = append(out, e.adminEntries(b, now)...)
	}
	return out
}

func utcPtr(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := t.UTC()
	return &u
}

func (e *Emulator) adminEntries(b *binding, now time.Time) []AdminBinding {
	ab := AdminBinding{AppKey: b.AppKey, Mode: b.Mode, SubscriptionID: b.SubID, ANumber: b.A,
		XNumber: b.X, ExpiresAt: utcPtr(b.Expires)}
	switch b.Mode {
	case "AXB":
		ab.BNumber = b.B
		ab.Fields = e.axbRecord(b)
	case "AX":
		ab.Fields = e.axRecord(b)
		if b.Callee != "" && now.Before(b.CalleeExpires) {
			ab.Fields["calleeNum"] = b.Callee
			for k, v := range b.CalleeFields {
				ab.Fields["callee."+k] = v
			}
		}
	case "AXE":
		ab.Extension = b.Ext
		ab.Fields = e.axeRecord(b)
		// Admin shows the values in force, not the bind-time values query reports.
		for k := range b.Reported {
			ab.Fields[k] = b.Fields[k]
		}
	case "AXYB":
		recs := e.axybRecords(b, true)
		ab.Fields = recs[0].(map[string]any)
		out := []AdminBinding{ab}
		for i, m := range b.Members {
			mb := ab
			mb.BNumber, mb.YNumber = m.B, m.Y
			mb.ExpiresAt = utcPtr(m.Expires)
			if b.Expires != nil && (m.Expires == nil || b.Expires.Before(*m.Expires)) {
				mb.ExpiresAt = utcPtr(b.Expires)
			}
			mb.Fields = recs[i+1].(map[string]any)
			out = append(out, mb)
		}
		return out
	}
	return []AdminBinding{ab}
}

// ErrNotFound is returned by DeleteBinding and PatchBinding for an unknown ID.
var ErrNotFound = errors.New("binding not found")

// DeleteBinding unbinds as another system would. An AXYB group's ID removes
// the group; a member's bindId removes that member only.
func (e *Emulator) DeleteBinding(subscriptionID string) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.sweep(e.now())
	if b := e.bySub[subscriptionID]; b != nil {
		e.unindex(b)
		e.persist()
		return nil
	}
	if g, i := e.findMember(subscriptionID); g != nil {
		e.removeMember(g, i)
		e.persist()
		return nil
	}
	return ErrNotFound
}

func (e *Emulator) findMember(bindID string) (*binding, int) {
	for _, b := range e.bySub {
		for i, m := range b.Members {
			if m.BindID == bindID {
				return b, i
			}
		}
	}
	return nil, -1
}

var patchSpecs = map[string]map[string]spec{
	"AXB": merge(specsAXBBind),
	"AX":  merge(specsAXBind),
	"AXE": merge(specsAXEBind),
	"AXYB": merge(specsAXYBBind, map[string]spec{
		"numB": sNum(true),
	}),
}

var patchForbidden = map[string]bool{"relationNum": true, "areaCode": true, "areaMatchMode": true,
	"privateNum": true, "privateNumType": true, "virtualNum": true, "extendNum": true, "subscriptionId": true,
	"numB": true}

// PatchBinding changes fields (API field names) as another client's modify
// would, without the modify API's restrictions on which fields may change.
func (e *Emulator) PatchBinding(subscriptionID string, fields map[string]any) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	now := e.now()
	e.sweep(now)
	b := e.bySub[subscriptionID]
	if b == nil {
		return ErrNotFound
	}
	raw := map[string]json.RawMessage{}
	for k, v := range fields {
		if patchForbidden[k] {
			return fmt.Errorf("%s: cannot be patched", k)
		}
		data, err := json.Marshal(v)
		if err != nil {
			return fmt.Errorf("%s: %w", k, err)
		}
		raw[k] = data
	}
	p, err := parseBody(raw, patchSpecs[b.Mode])
	if err != nil {
		return fmt.Errorf("%s: invalid value or unknown field", paramName(err))
	}
	switch b.Mode {
	case "AXB":
		if aerr := e.applyAXB(b, p, now, true); aerr != nil {
			return fmt.Errorf("conflict: %s", aerr.Error())
		}
	case "AX":
		if p.has("origNum") && p.str("origNum") != b.A {
			e.unindex(b)
			b.A = p.str("origNum")
			e.index(b)
		}
		setFields(b, p, "origNum")
	case "AXE":
		if p.has("bindNum") && p.str("bindNum") != b.A {
			if _, dup := e.numsOnX[b.X][p.str("bindNum")]; dup {
				return fmt.Errorf("conflict: %s already holds an extension on %s", p.str("bindNum"), b.X)
			}
			e.unindex(b)
			b.A = p.str("bindNum")
			e.index(b)
		}
		e.applyAXE(b, p, now)
	case "AXYB":
		if p.has("origNum") && p.str("origNum") != b.A {
			e.unindex(b)
			b.A = p.str("origNum")
			e.index(b)
		}
		setFields(b, p, "origNum")
		if p.has("duration") {
			b.Subscribed = now
			e.setExpiry(b, now, durationOf(p.int("duration"), time.Second))
		}
	}
	e.persist()
	return nil
}

// ---------------------------------------------------------------- admin HTTP

func adminError(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, map[string]any{"error": msg})
}

func (e *Emulator) serveAdmin(w http.ResponseWriter, r *http.Request) {
	path := strings.TrimPrefix(r.URL.Path, adminPrefix)
	decode := func(v any) bool {
		dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxBody))
		dec.DisallowUnknownFields()
		if err := dec.Decode(v); err != nil {
			adminError(w, http.StatusBadRequest, "invalid JSON body: "+err.Error())
			return false
		}
		return true
	}
	method := func(allowed ...string) bool {
		for _, m := range allowed {
			if r.Method == m {
				return true
			}
		}
		w.Header().Set("Allow", strings.Join(allowed, ", "))
		adminError(w, http.StatusMethodNotAllowed, "method not allowed")
		return false
	}
	switch {
	case path == "bindings":
		if !method("GET") {
			return
		}
		q := r.URL.Query()
		writeJSON(w, http.StatusOK, map[string]any{"bindings": e.Bindings(q.Get("app_key"), q.Get("mode"))})
	case strings.HasPrefix(path, "bindings/") && len(path) > len("bindings/"):
		id := strings.TrimPrefix(path, "bindings/")
		if !method("DELETE", "PATCH") {
			return
		}
		var err error
		if r.Method == "DELETE" {
			err = e.DeleteBinding(id)
		} else {
			var fields map[string]any
			dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxBody))
			if derr := dec.Decode(&fields); derr != nil || fields == nil {
				adminError(w, http.StatusBadRequest, "body must be a JSON object of API field names")
				return
			}
			err = e.PatchBinding(id, fields)
		}
		switch {
		case errors.Is(err, ErrNotFound):
			adminError(w, http.StatusNotFound, "no binding "+id)
		case err != nil:
			adminError(w, http.StatusBadRequest, err.Error())
		default:
			writeJSON(w, http.StatusOK, map[string]any{"ok": true})
		}
	case path == "clock":
		if !method("POST", "GET") {
			return
		}
		if r.Method == "GET" {
			writeJSON(w, http.StatusOK, map[string]any{"now": e.Now().Format(time.RFC3339)})
			return
		}
		var body struct {
			AdvanceSeconds *int64 `json:"advance_seconds"`
		}
		if !decode(&body) {
			return
		}
		if body.AdvanceSeconds == nil || *body.AdvanceSeconds < -1e9 || *body.AdvanceSeconds > 1e9 {
			adminError(w, http.StatusBadRequest, "advance_seconds: required integer")
			return
		}
		now := e.AdvanceClock(time.Duration(*body.AdvanceSeconds) * time.Second)
		writeJSON(w, http.StatusOK, map[string]any{"now": now.Format(time.RFC3339)})
	case path == "faults":
		if !method("GET", "PUT", "DELETE") {
			return
		}
		switch r.Method {
		case "GET":
			e.mu.Lock()
			f := e.faults
			if f.Rules == nil {
				f.Rules = []FaultRule{}
			}
			e.mu.Unlock()
			writeJSON(w, http.StatusOK, f)
		case "PUT":
			var f Faults
			if !decode(&f) {
				return
			}
			if err := e.SetFaults(f); err != nil {
				adminError(w, http.StatusBadRequest, err.Error())
				return
			}
			writeJSON(w, http.StatusOK, map[string]any{"ok": true})
		case "DELETE":
			e.ClearFaults()
			writeJSON(w, http.StatusOK, map[string]any{"ok": true})
		}
	case path == "stats":
		if !method("GET") {
			return
		}
		writeJSON(w, http.StatusOK, e.Stats())
	case path == "reset":
		if !method("POST") {
			return
		}
		e.Reset()
		writeJSON(w, http.StatusOK, map[string]any{"ok": true})
	default:
		adminError(w, http.StatusNotFound, "unknown admin path "+r.URL.Path)
	}
}
