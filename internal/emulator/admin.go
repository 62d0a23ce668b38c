package emulator

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
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
//
// Whether a rule fires for a request depends on what the request is, never
// on when it came or on how many other requests came before it. Each
// request has an identity: its operation and its parameters (query and
// body; a subscriptionId stands for the numbers of the binding it names,
// which do not change from run to run). The sends of one identity are
// numbered 1, 2, 3... from the moment the rules were set. A rule fires on
// send n when n <= Attempts (0 = every send) and a hash of (Seed, the rule's
// index, the identity, n) falls below Probability (0 or omitted = always).
// So a re-send of the same request is a new draw, and with Attempts set it
// surely gets through once Attempts sends have been faulted.
type FaultRule struct {
	Operation   string  `json:"operation"`
	Kind        string  `json:"kind"` // see faultKinds
	Probability float64 `json:"probability,omitempty"`
	Attempts    int     `json:"attempts,omitempty"`
	HTTPStatus  int     `json:"http_status,omitempty"`
	ResultCode  string  `json:"resultcode,omitempty"`
	LatencyMS   int     `json:"latency_ms,omitempty"`
}

// The hang kinds hold the answer until the client hangs up (its time-out),
// so the time-out surely fires whatever the machine's speed:
//   - hang_after_commit: the request is applied first (the client's lookup
//     finds the binding);
//   - hang_before_commit: nothing is applied (the lookup finds nothing);
//   - hang_commit_late: nothing is applied until the same request is sent
//     again: its write is applied just before that next send is handled
//     (the lookup in between finds nothing, the re-send meets the binding
//     of the first send), or when the rules are replaced or cleared.
//
// error_after_commit applies the request, then answers the rule's error (by
// default 500 1010001 "Internal system error", reference §17) instead of its
// success: the answer of an applied bind says it failed.
var faultKinds = map[string]bool{"error": true, "error_after_commit": true, "rate_limit": true, "latency": true,
	"drop_response_after_commit": true, "reset_before_commit": true,
	"hang_after_commit": true, "hang_before_commit": true, "hang_commit_late": true}

const faultKindList = "error, error_after_commit, rate_limit, latency, drop_response_after_commit, reset_before_commit, " +
	"hang_after_commit, hang_before_commit, hang_commit_late"

// faultState is what the rules remember between requests (lock held).
type faultState struct {
	sends map[uint64]int        // identity → sends so far
	late  map[uint64]*lateWrite // identity → write held by hang_commit_late
	refs  map[string]string     // subscription ID → its binding's numbers (kept after an unbind)
	seq   uint64                // orders the held writes
}

// lateWrite is a request held by hang_commit_late, applied later.
type lateWrite struct {
	seq     uint64
	r       *http.Request
	op      *operation
	raw     map[string]json.RawMessage
	bodyErr error
}

// faultDecision is what the rules decided for one request.
type faultDecision struct {
	fault *FaultRule    // the first firing rule other than latency
	extra time.Duration // the sum of the firing latency rules
}

func validateFaultRule(field string, r FaultRule) error {
	switch {
	case r.Operation != "*" && !operationNames[r.Operation]:
		return fmt.Errorf("%s.operation: unknown operation %q", field, r.Operation)
	case !faultKinds[r.Kind]:
		return fmt.Errorf("%s.kind: must be one of %s", field, faultKindList)
	case r.Probability < 0 || r.Probability > 1:
		return fmt.Errorf("%s.probability: must be between 0 and 1", field)
	case r.Attempts < 0 || r.Attempts > 1000:
		return fmt.Errorf("%s.attempts: must be between 0 (every send) and 1000", field)
	case r.HTTPStatus != 0 && (r.HTTPStatus < 100 || r.HTTPStatus > 599):
		return fmt.Errorf("%s.http_status: must be an HTTP status", field)
	case r.ResultCode != "" && len(r.ResultCode) > 32:
		return fmt.Errorf("%s.resultcode: at most 32 characters", field)
	case r.LatencyMS < 0 || r.LatencyMS > 600000:
		return fmt.Errorf("%s.latency_ms: must be between 0 and 600000", field)
	}
	return nil
}

// SetFaults replaces the fault rules; the send counts start again from 0.
// Writes still held by hang_commit_late are applied first.
func (e *Emulator) SetFaults(f Faults) error {
	for i, r := range f.Rules {
		if err := validateFaultRule(fmt.Sprintf("rules[%d]", i), r); err != nil {
			return err
		}
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	e.flushLateWrites()
	f.Rules = append([]FaultRule(nil), f.Rules...)
	e.faults = f
	e.fs = faultState{sends: map[uint64]int{}, late: map[uint64]*lateWrite{}, refs: map[string]string{}}
	return nil
}

// ClearFaults removes every fault rule. Writes still held by
// hang_commit_late are applied.
func (e *Emulator) ClearFaults() {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.flushLateWrites()
	e.faults = Faults{}
	e.fs = faultState{}
}

// flushLateWrites applies the held writes in the order they came (lock held).
func (e *Emulator) flushLateWrites() {
	held := make([]*lateWrite, 0, len(e.fs.late))
	for _, lw := range e.fs.late {
		held = append(held, lw)
	}
	sort.Slice(held, func(i, j int) bool { return held[i].seq < held[j].seq })
	for _, lw := range held {
		e.execute(lw.r, lw.op, lw.raw, lw.bodyErr)
	}
	e.fs.late = map[uint64]*lateWrite{}
}

// drawFaults decides the faults of one request (lock held): the first
// firing non-latency rule, and the sum of firing latency rules. A write
// held by hang_commit_late for the same identity is applied first.
func (e *Emulator) drawFaults(op *operation, r *http.Request, raw map[string]json.RawMessage, bodyErr error) faultDecision {
	var d faultDecision
	if len(e.faults.Rules) == 0 {
		return d
	}
	id := e.requestIdentity(op.name, r, raw)
	if lw := e.fs.late[id]; lw != nil {
		delete(e.fs.late, id)
		e.execute(lw.r, lw.op, lw.raw, lw.bodyErr)
	}
	e.fs.sends[id]++
	n := e.fs.sends[id]
	for i := range e.faults.Rules {
		rule := &e.faults.Rules[i]
		if rule.Operation != "*" && rule.Operation != op.name || rule.Attempts > 0 && n > rule.Attempts {
			continue
		}
		if rule.Probability > 0 && rule.Probability < 1 && faultDraw(e.faults.Seed, i, id, n) >= rule.Probability {
			continue
		}
		if rule.Kind == "latency" {
			d.extra += time.Duration(rule.LatencyMS) * time.Millisecond
			continue
		}
		if d.fault == nil {
			c := *rule
			d.fault = &c
		}
	}
	if d.fault != nil && d.fault.Kind == "hang_commit_late" {
		e.fs.seq++
		e.fs.late[id] = &lateWrite{seq: e.fs.seq, r: r.Clone(context.Background()), op: op, raw: raw, bodyErr: bodyErr}
	}
	return d
}

// requestIdentity hashes what a request is: its operation and its
// parameters, with subscription IDs replaced by their binding's numbers
// (lock held). The nonce and time of the signature are not part of it.
func (e *Emulator) requestIdentity(op string, r *http.Request, raw map[string]json.RawMessage) uint64 {
	h := sha256.New()
	field := func(kind, k, v string) {
		if k == "subscriptionId" {
			v = e.bindingRef(v)
		}
		fmt.Fprintf(h, "%s%d:%s=%d:%s\n", kind, len(k), k, len(v), v)
	}
	_, _ = io.WriteString(h, op+"\n")
	query := r.URL.Query()
	for _, k := range sortedKeys(query) {
		for _, v := range query[k] {
			field("q", k, v)
		}
	}
	for _, k := range sortedKeys(raw) {
		v := string(raw[k])
		var s string
		if json.Unmarshal(raw[k], &s) == nil {
			v = s
		} else if buf := new(bytes.Buffer); json.Compact(buf, raw[k]) == nil {
			v = buf.String()
		}
		field("b", k, v)
	}
	return binary.BigEndian.Uint64(h.Sum(nil))
}

// bindingRef is what a subscription ID stands for in a request identity:
// the mode and numbers of its binding, remembered after the binding is
// gone (an unbind sent again names the same binding); the ID itself when
// it never named a binding.
func (e *Emulator) bindingRef(id string) string {
	if ref, ok := e.fs.refs[id]; ok {
		return ref
	}
	b := e.bySub[id]
	if b == nil {
		return "id:" + id
	}
	ref := "binding:" + b.Mode + ":" + b.A + "/" + b.B
	e.fs.refs[id] = ref
	return ref
}

// faultDraw is a number in [0, 1) fixed by the seed, the rule, the request
// identity and the send number.
func faultDraw(seed int64, rule int, id uint64, n int) float64 {
	var buf [32]byte
	binary.BigEndian.PutUint64(buf[0:], uint64(seed))
	binary.BigEndian.PutUint64(buf[8:], uint64(rule))
	binary.BigEndian.PutUint64(buf[16:], id)
	binary.BigEndian.PutUint64(buf[24:], uint64(n))
	sum := sha256.Sum256(buf[:])
	return float64(binary.BigEndian.Uint64(sum[:])>>11) / (1 << 53)
}

// faultBeforeCommit answers a request with its fault when the fault keeps
// the request from being applied; false when the request goes on.
func (e *Emulator) faultBeforeCommit(w http.ResponseWriter, r *http.Request, opName string, f *FaultRule) bool {
	switch f.Kind {
	case "reset_before_commit":
		e.count(opName, "reset")
		abortConnection(w)
	case "rate_limit":
		e.count(opName, "1010010")
		writeJSON(w, e.statusFor("1010010"), envelope(apiErr("1010010")))
	case "error":
		code := f.ResultCode
		if code == "" {
			code = "1020002"
		}
		status := f.HTTPStatus
		if status == 0 {
			status = http.StatusInternalServerError
		}
		e.count(opName, code)
		writeJSON(w, status, envelope(apiErr(code)))
	case "hang_before_commit":
		e.count(opName, "hang")
		e.holdUntilClientGone(w, r)
	case "hang_commit_late":
		e.count(opName, "late")
		e.holdUntilClientGone(w, r)
	default:
		return false
	}
	return true
}

// faultAfterCommit withholds the answer of an applied request when its
// fault says so; false when the answer is to be written.
func (e *Emulator) faultAfterCommit(w http.ResponseWriter, r *http.Request, f *FaultRule) bool {
	switch f.Kind {
	case "drop_response_after_commit":
		abortConnection(w)
	case "hang_after_commit":
		e.holdUntilClientGone(w, r)
	case "error_after_commit":
		code, status := f.ResultCode, f.HTTPStatus
		if code == "" {
			code = "1010001"
		}
		if status == 0 {
			status = http.StatusInternalServerError
		}
		writeJSON(w, status, envelope(apiErr(code)))
	default:
		return false
	}
	return true
}

// holdUntilClientGone writes no answer and returns once the client has hung
// up (its time-out fired or it was cancelled). When the emulator closes
// first, the connection is closed without an answer.
func (e *Emulator) holdUntilClientGone(w http.ResponseWriter, r *http.Request) {
	// The server notices a closed connection only once the body is read.
	_, _ = io.Copy(io.Discard, io.LimitReader(r.Body, maxBody))
	select {
	case <-r.Context().Done():
	case <-e.done:
		abortConnection(w)
	}
}

// pause waits d, or until the client has gone (latency).
func (e *Emulator) pause(ctx context.Context, d time.Duration) {
	if d <= 0 {
		return
	}
	if e.pauseHook != nil {
		e.pauseHook(d)
		return
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
	case <-ctx.Done():
	case <-e.done:
	}
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
	a := adminCall{w: w, r: r}
	switch path := strings.TrimPrefix(r.URL.Path, adminPrefix); {
	case path == "bindings":
		if a.method("GET") {
			q := r.URL.Query()
			writeJSON(w, http.StatusOK, map[string]any{"bindings": e.Bindings(q.Get("app_key"), q.Get("mode"))})
		}
	case strings.HasPrefix(path, "bindings/") && len(path) > len("bindings/"):
		if a.method("DELETE", "PATCH") {
			e.adminBinding(a, strings.TrimPrefix(path, "bindings/"))
		}
	case path == "clock":
		if a.method("POST", "GET") {
			e.adminClock(a)
		}
	case path == "calls":
		if a.method("GET", "POST") {
			e.adminCalls(a)
		}
	case path == "faults":
		if a.method("GET", "PUT", "DELETE") {
			e.adminFaults(a)
		}
	case path == "stats":
		if a.method("GET") {
			writeJSON(w, http.StatusOK, e.Stats())
		}
	case path == "reset":
		if a.method("POST") {
			e.Reset()
			writeJSON(w, http.StatusOK, map[string]any{"ok": true})
		}
	default:
		adminError(w, http.StatusNotFound, "unknown admin path "+r.URL.Path)
	}
}

// adminCall is one admin request with its answer.
type adminCall struct {
	w http.ResponseWriter
	r *http.Request
}

// decode reads a JSON body into v; on error it answers 400 and returns false.
func (a adminCall) decode(v any) bool {
	dec := json.NewDecoder(http.MaxBytesReader(a.w, a.r.Body, maxBody))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		adminError(a.w, http.StatusBadRequest, "invalid JSON body: "+err.Error())
		return false
	}
	return true
}

// method reports whether the request's method is allowed; if not it answers 405.
func (a adminCall) method(allowed ...string) bool {
	for _, m := range allowed {
		if a.r.Method == m {
			return true
		}
	}
	a.w.Header().Set("Allow", strings.Join(allowed, ", "))
	adminError(a.w, http.StatusMethodNotAllowed, "method not allowed")
	return false
}

// adminBinding deletes or patches one binding.
func (e *Emulator) adminBinding(a adminCall, id string) {
	var err error
	if a.r.Method == "DELETE" {
		err = e.DeleteBinding(id)
	} else {
		var fields map[string]any
		dec := json.NewDecoder(http.MaxBytesReader(a.w, a.r.Body, maxBody))
		if derr := dec.Decode(&fields); derr != nil || fields == nil {
			adminError(a.w, http.StatusBadRequest, "body must be a JSON object of API field names")
			return
		}
		err = e.PatchBinding(id, fields)
	}
	switch {
	case errors.Is(err, ErrNotFound):
		adminError(a.w, http.StatusNotFound, "no binding "+id)
	case err != nil:
		adminError(a.w, http.StatusBadRequest, err.Error())
	default:
		writeJSON(a.w, http.StatusOK, map[string]any{"ok": true})
	}
}

// adminClock shows or moves the emulator's clock.
func (e *Emulator) adminClock(a adminCall) {
	if a.r.Method == "GET" {
		writeJSON(a.w, http.StatusOK, map[string]any{"now": e.Now().Format(time.RFC3339)})
		return
	}
	var body struct {
		AdvanceSeconds *int64 `json:"advance_seconds"`
	}
	if !a.decode(&body) {
		return
	}
	if body.AdvanceSeconds == nil || *body.AdvanceSeconds < -1e9 || *body.AdvanceSeconds > 1e9 {
		adminError(a.w, http.StatusBadRequest, "advance_seconds: required integer")
		return
	}
	now := e.AdvanceClock(time.Duration(*body.AdvanceSeconds) * time.Second)
	writeJSON(a.w, http.StatusOK, map[string]any{"now": now.Format(time.RFC3339)})
}

// adminFaults shows, sets or clears the fault rules.
func (e *Emulator) adminFaults(a adminCall) {
	switch a.r.Method {
	case "GET":
		e.mu.Lock()
		f := e.faults
		if f.Rules == nil {
			f.Rules = []FaultRule{}
		}
		e.mu.Unlock()
		writeJSON(a.w, http.StatusOK, f)
	case "PUT":
		var f Faults
		if !a.decode(&f) {
			return
		}
		if err := e.SetFaults(f); err != nil {
			adminError(a.w, http.StatusBadRequest, err.Error())
			return
		}
		writeJSON(a.w, http.StatusOK, map[string]any{"ok": true})
	case "DELETE":
		e.ClearFaults()
		writeJSON(a.w, http.StatusOK, map[string]any{"ok": true})
	}
}

// adminCalls starts a call in progress (POST {"app_key": ...}, answering its
// session_id) or lists the calls in progress of ?app_key= (GET).
func (e *Emulator) adminCalls(a adminCall) {
	if a.r.Method == "GET" {
		writeJSON(a.w, http.StatusOK, map[string]any{"session_ids": e.Calls(a.r.URL.Query().Get("app_key"))})
		return
	}
	var body struct {
		AppKey string `json:"app_key"`
	}
	if !a.decode(&body) {
		return
	}
	sid, err := e.StartCall(body.AppKey)
	if err != nil {
		adminError(a.w, http.StatusBadRequest, err.Error())
		return
	}
	writeJSON(a.w, http.StatusOK, map[string]any{"session_id": sid})
}
