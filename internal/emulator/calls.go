package emulator

import (
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"time"
)

// Cross-mode operations (recording URLs, stopping a call) and the life of a
// simulated call: its events, its end, its CDR and its recording.

var (
	specsRecord = map[string]spec{"app_key": specAppKey, "fileName": sTone(1), "recordDomain": sStr(1, 128)}
	specsStop   = map[string]spec{"sessionid": sStr(1, 256), "signal": sEnum("call_stop")}
)

// recordDomain is the storage domain of the emulator's recordings.
const recordDomain = "record.privatenumber.emulator"

// recordingKeep is how long a recording stays downloadable after the call (§8.1, §12).
const recordingKeep = 7 * 24 * time.Hour

// CallTrace is a simulated call as the admin API shows it: who was
// reached, the events pushed (in the notification's JSON) and the hang-up.
type CallTrace struct {
	SessionID      string           `json:"session_id"`
	AppKey         string           `json:"app_key"`
	Mode           string           `json:"mode"`
	SubscriptionID string           `json:"subscription_id,omitempty"`
	Caller         string           `json:"caller"`
	Dialled        string           `json:"dialled"`
	Digits         string           `json:"digits,omitempty"`
	Reached        string           `json:"reached"`
	AssignedY      string           `json:"assigned_y,omitempty"` // AXYB: the Y given to a new caller of X
	State          string           `json:"state"`                // "in_progress" or "ended"
	Answered       bool             `json:"answered"`
	HangupCode     string           `json:"hangup_code"`
	HangupDesc     string           `json:"hangup_desc,omitempty"`
	ReleasedBy     string           `json:"released_by,omitempty"` // caller, callee, platform
	StartedAt      time.Time        `json:"started_at"`
	AnsweredAt     *time.Time       `json:"answered_at,omitempty"`
	EndedAt        *time.Time       `json:"ended_at,omitempty"`
	TalkSeconds    int64            `json:"talk_seconds"`
	RecordingFile  string           `json:"recording_file,omitempty"`
	RecordDomain   string           `json:"record_domain,omitempty"`
	Events         []map[string]any `json:"events"`

	x        string
	ext      string
	userData string
	maxDur   time.Duration
	record   bool
	outcome  string
}

type recording struct {
	appKey  string
	expires time.Time
}

type callbackRecord struct {
	number  string
	expires time.Time // zero: never
}

// callState is everything about calls (reset with the bindings).
type callState struct {
	sessions   map[string]*CallTrace
	active     map[string]*CallTrace // the calls in progress
	ended      []string              // session IDs of ended calls, oldest first (bounded)
	recordings map[string]recording
	callbacks  map[string]callbackRecord // AXE subscriptionId → last caller
	status     map[string]NumberStatus   // X → status other than normal
	outbox     outbox
}

const keepEndedCalls = 1000

func newCallState() callState {
	return callState{sessions: map[string]*CallTrace{}, active: map[string]*CallTrace{}, recordings: map[string]recording{},
		callbacks: map[string]callbackRecord{}, status: map[string]NumberStatus{}}
}

// ErrUnknownCall is returned for a session ID the emulator does not know.
var ErrUnknownCall = errors.New("no such call")

func (e *Emulator) recordingURL(c *call) (map[string]any, *apiError) {
	if !c.p.has("fileName") {
		return nil, errParam("fileName")
	}
	if !c.p.has("recordDomain") {
		return nil, errParam("recordDomain")
	}
	dom := c.p.str("recordDomain")
	for _, r := range dom {
		if !(r == '.' || r == '-' || r == ':' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
			return nil, errParam("recordDomain")
		}
	}
	rec, ok := e.calls.recordings[c.p.str("fileName")]
	if !ok || dom != recordDomain || rec.appKey != c.app.AppKey || !c.now.Before(rec.expires) {
		// A file the platform never recorded (FAQ; reference §17).
		return nil, apiErr("1012007")
	}
	c.redirect = "https://" + dom + "/" + url.PathEscape(c.p.str("fileName")) +
		"?expires=" + strconv.FormatInt(c.now.Add(72*time.Hour).Unix(), 10) + "&token=" + newID()
	return nil, nil
}

func (e *Emulator) callStop(c *call) (map[string]any, *apiError) {
	if !c.p.has("sessionid") {
		return nil, errParam("sessionid")
	}
	if !c.p.has("signal") {
		return nil, errParam("signal")
	}
	t := e.calls.sessions[c.p.str("sessionid")]
	if t == nil || t.State != "in_progress" || t.AppKey != c.app.AppKey {
		return nil, apiErr("1012007")
	}
	e.endCall(t, c.now, hangNormal, "platform")
	c.wrote = true
	e.kickDelivery()
	return nil, nil
}

// PlaceCall simulates one call and returns its trace. Notifications it
// causes are delivered before it returns.
func (e *Emulator) PlaceCall(req CallRequest) (CallTrace, error) {
	if err := req.validate(); err != nil {
		return CallTrace{}, err
	}
	e.mu.Lock()
	now := e.now()
	e.sweep(now)
	r, err := e.routeCall(req, now)
	if err != nil {
		e.mu.Unlock()
		return CallTrace{}, err
	}
	t := e.startCall(req, r, now)
	out := t.copy()
	e.mu.Unlock()
	e.DeliverNotifications()
	return out, nil
}

func (req CallRequest) validate() error {
	if !globalNumRe.MatchString(req.From) {
		return fmt.Errorf("from: must be a number in global format +<digits>")
	}
	if !globalNumRe.MatchString(req.To) {
		return fmt.Errorf("to: must be a number in global format +<digits>")
	}
	for _, d := range req.Digits {
		if d < '0' || d > '9' || len(req.Digits) > 4 {
			return fmt.Errorf("digits: 1-4 decimal digits")
		}
	}
	switch req.Outcome {
	case "", "answer", "no_answer", "busy":
	default:
		return fmt.Errorf("outcome: must be answer, no_answer or busy")
	}
	switch req.HangUp {
	case "", "caller", "callee":
	default:
		return fmt.Errorf("hang_up: must be caller or callee")
	}
	if req.TalkSeconds < 0 || req.TalkSeconds > 7*24*3600 {
		return fmt.Errorf("talk_seconds: 0 to 604800")
	}
	if req.TalkSeconds > 0 && req.Outcome != "" && req.Outcome != "answer" {
		return fmt.Errorf("talk_seconds: only for an answered call")
	}
	return nil
}

// startCall builds the call's trace and plays it as far as it goes now
// (lock held): refused and unanswered calls end at once, calls with a talk
// time end now after having started that long ago.
func (e *Emulator) startCall(req CallRequest, r route, now time.Time) *CallTrace {
	t := &CallTrace{SessionID: newSessionID(now), AppKey: r.app.AppKey, Mode: r.app.Mode, Caller: req.From,
		Dialled: req.To, Digits: req.Digits, Reached: r.reached, State: "in_progress", Events: []map[string]any{},
		AssignedY: r.assignedY, x: req.To, userData: r.userData, maxDur: r.maxDur, record: r.record, outcome: req.Outcome}
	if r.b != nil {
		t.SubscriptionID = r.b.SubID
		t.x, t.ext = r.b.X, r.b.Ext
	}
	start := now
	talk := time.Duration(req.TalkSeconds) * time.Second
	if r.reached != "" && talk > 0 {
		if t.maxDur > 0 && talk > t.maxDur {
			talk = t.maxDur
		}
		start = now.Add(-talk)
	}
	t.StartedAt = start
	e.calls.sessions[t.SessionID] = t
	e.calls.active[t.SessionID] = t
	e.event(t, "callin", start, nil)
	if r.digits {
		e.event(t, "collectInfo", start, map[string]any{"digitInfo": req.Digits})
	}
	if r.reached == "" {
		e.endCall(t, start, r.code, "platform")
		return t
	}
	e.event(t, "callout", start, nil)
	e.event(t, "alerting", start, nil)
	switch req.Outcome {
	case "no_answer":
		e.endCall(t, start, hangNoAnswer, "platform")
		return t
	case "busy":
		e.endCall(t, start, hangBusy, "callee")
		return t
	}
	at := start
	t.AnsweredAt, t.Answered = &at, true
	e.event(t, "answer", start, nil)
	if r.b != nil && r.app.Mode == "AXE" && !r.axeCallback {
		e.calls.callbacks[r.b.SubID] = callbackRecord{number: req.From, expires: callbackExpiry(r.b, start)}
	}
	if req.TalkSeconds > 0 {
		code, by := hangNormal, req.HangUp
		if by == "" {
			by = "caller"
		}
		if talk < time.Duration(req.TalkSeconds)*time.Second {
			code, by = hangMaxDuration, "platform"
		}
		e.endCall(t, now, code, by)
	}
	return t
}

// callbackExpiry: callbackExpiredTime in the binding's timeUnit (0: never).
func callbackExpiry(b *binding, from time.Time) time.Time {
	n, _ := b.Fields["callbackExpiredTime"].(int64)
	unit := time.Hour
	if b.Fields["timeUnit"] == "1" {
		unit = time.Minute
	}
	if n <= 0 {
		return time.Time{}
	}
	return from.Add(durationOf(n, unit))
}

func newSessionID(now time.Time) string {
	return newID()[:20] + "_" + now.UTC().Format("20060102150405") + "@callenabler.emulator"
}

// endCall ends a call at `at` with a hang-up code (lock held): the
// disconnect event, the recording and the CDR.
func (e *Emulator) endCall(t *CallTrace, at time.Time, code, by string) {
	end := at
	delete(e.calls.active, t.SessionID)
	t.State, t.EndedAt, t.HangupCode, t.HangupDesc, t.ReleasedBy = "ended", &end, code, hangDescs[code], by
	if t.AnsweredAt != nil {
		t.TalkSeconds = int64(at.Sub(*t.AnsweredAt) / time.Second)
		if t.record {
			t.RecordingFile, t.RecordDomain = "rec_"+newID()+".wav", recordDomain
			e.calls.recordings[t.RecordingFile] = recording{appKey: t.AppKey, expires: at.Add(recordingKeep)}
			e.pruneRecordings(at)
		}
	}
	e.event(t, "disconnect", at, map[string]any{"stateCode": code, "stateDesc": hangDescs[code]})
	e.queueCDR(t)
	e.calls.ended = append(e.calls.ended, t.SessionID)
	if len(e.calls.ended) > keepEndedCalls {
		delete(e.calls.sessions, e.calls.ended[0])
		e.calls.ended = e.calls.ended[1:]
	}
}

// sweepCalls ends the calls in progress whose maximum duration has passed
// at now, at the moment they reached it (hang-up 8010).
func (e *Emulator) sweepCalls(now time.Time) {
	if len(e.calls.active) == 0 {
		return
	}
	for _, id := range sortedKeys(e.calls.active) {
		t := e.calls.active[id]
		if t.maxDur > 0 && t.AnsweredAt != nil {
			if limit := t.AnsweredAt.Add(t.maxDur); !now.Before(limit) {
				e.endCall(t, limit, hangMaxDuration, "platform")
			}
		}
	}
}

// HangUpCall ends a call in progress as if "caller" or "callee" hung up.
func (e *Emulator) HangUpCall(sessionID, by string) (CallTrace, error) {
	if by != "caller" && by != "callee" {
		return CallTrace{}, fmt.Errorf("by: must be caller or callee")
	}
	e.mu.Lock()
	now := e.now()
	e.sweep(now)
	t := e.calls.sessions[sessionID]
	if t == nil || t.State != "in_progress" {
		e.mu.Unlock()
		return CallTrace{}, ErrUnknownCall
	}
	e.endCall(t, now, hangNormal, by)
	out := t.copy()
	e.mu.Unlock()
	e.DeliverNotifications()
	return out, nil
}

// Call returns the trace of a call the emulator still remembers.
func (e *Emulator) Call(sessionID string) (CallTrace, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.sweep(e.now())
	t := e.calls.sessions[sessionID]
	if t == nil {
		return CallTrace{}, ErrUnknownCall
	}
	return t.copy(), nil
}

// Calls lists the calls remembered (in progress and the last ended ones), oldest first.
func (e *Emulator) Calls() []CallTrace {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.sweep(e.now())
	out := []CallTrace{}
	for _, t := range e.calls.sessions {
		out = append(out, t.copy())
	}
	sortTraces(out)
	return out
}

func (t *CallTrace) copy() CallTrace {
	c := *t
	c.Events = append([]map[string]any(nil), t.Events...)
	return c
}

// pruneRecordings forgets expired recordings once there are many.
func (e *Emulator) pruneRecordings(now time.Time) {
	if len(e.calls.recordings) < 10000 {
		return
	}
	for f, r := range e.calls.recordings {
		if !now.Before(r.expires) {
			delete(e.calls.recordings, f)
		}
	}
}
