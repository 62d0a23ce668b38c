package emulator

import (
	"errors"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"
)

// placeCall simulates a call and fails the test on a request error.
func placeCall(t *testing.T, e *Emulator, req CallRequest) CallTrace {
	t.Helper()
	tr, err := e.PlaceCall(req)
	if err != nil {
		t.Fatalf("call %s → %s: %v", req.From, req.To, err)
	}
	return tr
}

// wantReached asserts the call connected `who` (answered, normal hang-up).
func wantReached(t *testing.T, tr CallTrace, who string) {
	t.Helper()
	if tr.Reached != who || !tr.Answered || tr.HangupCode != "0" {
		t.Fatalf("want %s reached and a normal hang-up, got reached=%q answered=%v code=%q", who, tr.Reached, tr.Answered, tr.HangupCode)
	}
}

// wantRefused asserts the call was released with code, nobody reached.
func wantRefused(t *testing.T, tr CallTrace, code string) {
	t.Helper()
	if tr.Reached != "" || tr.Answered || tr.HangupCode != code || tr.State != "ended" {
		t.Fatalf("want refused with %s, got reached=%q answered=%v code=%q state=%s", code, tr.Reached, tr.Answered, tr.HangupCode, tr.State)
	}
	last := tr.Events[len(tr.Events)-1]
	if last["eventType"] != "disconnect" || last["statusInfo"].(map[string]any)["stateCode"] != code {
		t.Fatalf("last event %v, want disconnect with stateCode %s", last, code)
	}
}

func eventTypes(tr CallTrace) []string {
	var out []string
	for _, ev := range tr.Events {
		out = append(out, ev["eventType"].(string))
	}
	return out
}

func talk(from, to string) CallRequest { return CallRequest{From: from, To: to, TalkSeconds: 30} }

func patch(t *testing.T, e *Emulator, sub string, f map[string]any) {
	t.Helper()
	if err := e.PatchBinding(sub, f); err != nil {
		t.Fatal(err)
	}
}

func TestCallAX(t *testing.T) {
	e := newEmu(t)
	fixClock(e)
	wantRefused(t, placeCall(t, e, talk(nC, xAX1)), "8018") // no AX binding
	sub := bindAX(t, e, nA, xAX1)
	tr := placeCall(t, e, talk(nC, xAX1))
	wantReached(t, tr, nA)
	if tr.SubscriptionID != sub || tr.TalkSeconds != 30 {
		t.Fatalf("trace %+v", tr)
	}
	wantRefused(t, placeCall(t, e, talk(nA, xAX1)), "8013") // A without a temporary callee
	mustOK(t, doReq(t, e, "AX", "PUT", pathAXCall, "", map[string]any{"subscriptionId": sub, "calleeNum": nD, "duration": 60}))
	wantReached(t, placeCall(t, e, talk(nA, xAX1)), nD)
	e.AdvanceClock(61 * time.Second) // the temporary callee expired
	wantRefused(t, placeCall(t, e, talk(nA, xAX1)), "8013")

	patch(t, e, sub, map[string]any{"callDirection": 1}) // only A may call X
	wantRefused(t, placeCall(t, e, talk(nC, xAX1)), "8016")
	patch(t, e, sub, map[string]any{"callDirection": 2}) // only others may call X
	mustOK(t, doReq(t, e, "AX", "PUT", pathAXCall, "", map[string]any{"subscriptionId": sub, "calleeNum": nD}))
	wantRefused(t, placeCall(t, e, talk(nA, xAX1)), "8016")
	wantReached(t, placeCall(t, e, talk(nC, xAX1)), nA)
}

func TestCallAXB(t *testing.T) {
	e := newEmu(t)
	fixClock(e)
	sub := bindAXB(t, e, nA, nB, xAXB1)
	wantReached(t, placeCall(t, e, talk(nA, xAXB1)), nB)
	wantReached(t, placeCall(t, e, talk(nB, xAXB1)), nA)
	wantRefused(t, placeCall(t, e, talk(nC, xAXB1)), "8014") // no binding for C on X
	wantRefused(t, placeCall(t, e, talk(nA, xAXB2)), "8014") // X without bindings

	patch(t, e, sub, map[string]any{"callDirection": 1}) // A → B only
	wantReached(t, placeCall(t, e, talk(nA, xAXB1)), nB)
	wantRefused(t, placeCall(t, e, talk(nB, xAXB1)), "8016")
	patch(t, e, sub, map[string]any{"callDirection": 2}) // B → A only
	wantRefused(t, placeCall(t, e, talk(nA, xAXB1)), "8016")
	wantReached(t, placeCall(t, e, talk(nB, xAXB1)), nA)

	if err := e.DeleteBinding(sub); err != nil {
		t.Fatal(err)
	}
	wantRefused(t, placeCall(t, e, talk(nB, xAXB1)), "8014") // unbound: later calls fail
}

func TestCallAXE(t *testing.T) {
	e := newEmu(t)
	fixClock(e)
	subA, ext := bindAXE(t, e, nA, xAXE1, "042")
	mustOK(t, doReq(t, e, "AXE", "PUT", pathAXE, "", map[string]any{"subscriptionId": subA, "callbackExpiredTime": 10, "timeUnit": "1"}))
	bindAXE(t, e, nB, xAXE1, "043")

	wantRefused(t, placeCall(t, e, talk(nA, xAXE1)), "8019") // A calls X before anyone called A
	tr := placeCall(t, e, CallRequest{From: nC, To: xAXE1, Digits: ext, TalkSeconds: 30})
	wantReached(t, tr, nA)
	if got := eventTypes(tr); !slices.Equal(got, []string{"callin", "collectInfo", "callout", "alerting", "answer", "disconnect"}) {
		t.Fatalf("events %v", got)
	}
	if d := tr.Events[1]["statusInfo"].(map[string]any)["digitInfo"]; d != "042" {
		t.Fatalf("collectInfo digitInfo %v", d)
	}
	if _, has := tr.Events[0]["statusInfo"].(map[string]any)["subscriptionId"]; has {
		t.Fatal("AXE callin carries no subscriptionId (§9.1)")
	}
	wantReached(t, placeCall(t, e, talk(nA, xAXE1)), nC)     // A calls back the last caller
	wantRefused(t, placeCall(t, e, talk(nB, xAXE1)), "8019") // B has no callback record
	wantRefused(t, placeCall(t, e, CallRequest{From: nC, To: xAXE1, Digits: "099", TalkSeconds: 5}), "8014")
	wantRefused(t, placeCall(t, e, CallRequest{From: nC, To: xAXE1, TalkSeconds: 5}), "8014") // no digits entered

	e.AdvanceClock(10 * time.Minute) // the callback record expired (10 minutes)
	wantRefused(t, placeCall(t, e, talk(nA, xAXE1)), "8019")
	mustOK(t, doReq(t, e, "AXE", "PUT", pathAXE, "", map[string]any{"subscriptionId": subA, "callbackNum": nD}))
	wantReached(t, placeCall(t, e, talk(nA, xAXE1)), nD) // forwarded to callbackNum
}

func TestCallAXYB(t *testing.T) {
	e := newEmu(t)
	fixClock(e)
	g, x := bindAXYB(t, e, nA, nil)
	r := mustOK(t, doReq(t, e, "AXYB", "POST", pathAXYB, "app_key=demo-axyb-app", map[string]any{"subscriptionId": g, "origNum": nB}))
	y := str(r.body["relationNumber"])
	wantReached(t, placeCall(t, e, talk(nB, x)), nA)
	wantReached(t, placeCall(t, e, talk(nA, y)), nB)
	wantRefused(t, placeCall(t, e, talk(nA, x)), "8014") // A dials its own X
	wantRefused(t, placeCall(t, e, talk(nC, y)), "8014") // Y of another A
	// A new caller of X is given a Y (a member of the group), then reaches A.
	tr := placeCall(t, e, talk(nC, x))
	wantReached(t, tr, nA)
	if tr.AssignedY == "" || tr.AssignedY == y || tr.AssignedY == x {
		t.Fatalf("assigned Y %q (X %s, B's Y %s)", tr.AssignedY, x, y)
	}
	wantReached(t, placeCall(t, e, talk(nA, tr.AssignedY)), nC) // A reaches C on the new Y
	if got := placeCall(t, e, talk(nC, x)); got.AssignedY != "" {
		t.Fatal("a member is given a second Y")
	}

	patch(t, e, g, map[string]any{"callDirection": 1}) // A → B only
	wantRefused(t, placeCall(t, e, talk(nB, x)), "8016")
	if tr := placeCall(t, e, talk(nD, x)); tr.HangupCode != "8016" || tr.AssignedY != "" {
		t.Fatalf("no Y for a call the direction refuses: %+v", tr)
	}
	wantReached(t, placeCall(t, e, talk(nA, y)), nB)
	patch(t, e, g, map[string]any{"callDirection": 2}) // B → A only
	wantRefused(t, placeCall(t, e, talk(nA, y)), "8016")
}

func TestCallUnansweredAndErrors(t *testing.T) {
	e := newEmu(t)
	fixClock(e)
	bindAXB(t, e, nA, nB, xAXB1)
	tr := placeCall(t, e, CallRequest{From: nA, To: xAXB1, Outcome: "no_answer"})
	if tr.Reached != nB || tr.Answered || tr.HangupCode != "8101" || tr.AnsweredAt != nil {
		t.Fatalf("no answer: %+v", tr)
	}
	if got := eventTypes(tr); !slices.Equal(got, []string{"callin", "callout", "alerting", "disconnect"}) {
		t.Fatalf("events %v", got)
	}
	if tr := placeCall(t, e, CallRequest{From: nA, To: xAXB1, Outcome: "busy"}); tr.HangupCode != "8102" || tr.Answered {
		t.Fatalf("busy: %+v", tr)
	}
	if tr := placeCall(t, e, CallRequest{From: nA, To: xAXB1, TalkSeconds: 20, HangUp: "callee"}); tr.ReleasedBy != "callee" || tr.TalkSeconds != 20 {
		t.Fatalf("callee hangs up: %+v", tr)
	}
	for _, req := range []CallRequest{
		{From: nA, To: "+8617999999999"}, // nobody's number
		{From: "12345", To: xAXB1},
		{From: nA, To: xAXB1, Outcome: "maybe"},
		{From: nA, To: xAXB1, Digits: "12a"},
		{From: nA, To: xAXB1, Outcome: "busy", TalkSeconds: 3},
	} {
		if _, err := e.PlaceCall(req); err == nil {
			t.Errorf("%+v: want an error", req)
		} else if strings.Contains(err.Error(), "17999999999") {
			t.Errorf("error shows the full number: %v", err)
		}
	}
}

func TestCallMaxDuration(t *testing.T) {
	e := newEmu(t)
	now := fixClock(e)
	sub := bindAXB(t, e, nA, nB, xAXB1)
	patch(t, e, sub, map[string]any{"maxDuration": 1})
	tr := placeCall(t, e, CallRequest{From: nA, To: xAXB1, TalkSeconds: 300})
	if tr.HangupCode != "8010" || tr.TalkSeconds != 60 || tr.ReleasedBy != "platform" {
		t.Fatalf("capped call: %+v", tr)
	}
	// A call in progress ends when the clock reaches its limit, at the limit.
	held := placeCall(t, e, CallRequest{From: nB, To: xAXB1})
	if held.State != "in_progress" || held.HangupCode != "" {
		t.Fatalf("held call: %+v", held)
	}
	e.AdvanceClock(59 * time.Second)
	if got, _ := e.Call(held.SessionID); got.State != "in_progress" {
		t.Fatalf("ended before its limit: %+v", got)
	}
	e.AdvanceClock(5 * time.Minute)
	got, _ := e.Call(held.SessionID)
	if got.State != "ended" || got.HangupCode != "8010" || !got.EndedAt.Equal(now.Add(60*time.Second)) || got.TalkSeconds != 60 {
		t.Fatalf("at limit: %+v", got)
	}
	// Without a limit the call just goes on.
	patch(t, e, sub, map[string]any{"maxDuration": 0})
	free := placeCall(t, e, CallRequest{From: nB, To: xAXB1})
	e.AdvanceClock(24 * time.Hour)
	if got, _ := e.Call(free.SessionID); got.State != "in_progress" {
		t.Fatalf("call without limit ended: %+v", got)
	}
}

func TestCallRecording(t *testing.T) {
	e := newEmu(t)
	fixClock(e)
	sub := bindAXB(t, e, nA, nB, xAXB1)
	if tr := placeCall(t, e, talk(nA, xAXB1)); tr.RecordingFile != "" {
		t.Fatalf("recorded without record_calls: %+v", tr)
	}
	patch(t, e, sub, map[string]any{"recordFlag": "true"})
	if tr := placeCall(t, e, CallRequest{From: nA, To: xAXB1, Outcome: "no_answer"}); tr.RecordingFile != "" {
		t.Fatal("an unanswered call has no recording")
	}
	tr := placeCall(t, e, talk(nA, xAXB1))
	if tr.RecordingFile == "" || tr.RecordDomain == "" {
		t.Fatalf("no recording: %+v", tr)
	}
	get := func(mode, file, dom string) resp {
		return doReq(t, e, mode, "GET", pathRecord, q("fileName", file, "recordDomain", dom), nil)
	}
	r := get("AXB", tr.RecordingFile, tr.RecordDomain)
	if r.status != http.StatusMovedPermanently || !strings.HasPrefix(r.header.Get("Location"), "https://"+tr.RecordDomain+"/"+tr.RecordingFile+"?") {
		t.Fatalf("recording URL: %d %v", r.status, r.header)
	}
	if r := get("AX", tr.RecordingFile, tr.RecordDomain); r.code() != "1012007" {
		t.Fatalf("another application's recording: %s", r.raw)
	}
	if r := get("AXB", "rec_unknown.wav", tr.RecordDomain); r.code() != "1012007" || r.status != 404 {
		t.Fatalf("unknown file: %d %s", r.status, r.raw)
	}
	e.AdvanceClock(7 * 24 * time.Hour) // kept 7 days (§8.1)
	if r := get("AXB", tr.RecordingFile, tr.RecordDomain); r.code() != "1012007" {
		t.Fatalf("expired recording: %s", r.raw)
	}
}

func TestCallStop(t *testing.T) {
	e := newEmu(t)
	fixClock(e)
	bindAXB(t, e, nA, nB, xAXB1)
	held := placeCall(t, e, CallRequest{From: nA, To: xAXB1})
	stop := func(mode, id string) resp {
		return doReq(t, e, mode, "POST", pathStop, "", map[string]any{"sessionid": id, "signal": "call_stop"})
	}
	if r := stop("AX", held.SessionID); r.code() != "1012007" {
		t.Fatalf("another application stops the call: %s", r.raw)
	}
	e.AdvanceClock(42 * time.Second)
	mustOK(t, stop("AXB", held.SessionID))
	got, _ := e.Call(held.SessionID)
	if got.State != "ended" || got.HangupCode != "0" || got.ReleasedBy != "platform" || got.TalkSeconds != 42 {
		t.Fatalf("stopped call: %+v", got)
	}
	if got := eventTypes(got); !slices.Equal(got, []string{"callin", "callout", "alerting", "answer", "disconnect"}) {
		t.Fatalf("events %v", got)
	}
	if r := stop("AXB", held.SessionID); r.code() != "1012007" || r.status != 404 {
		t.Fatalf("stop of an ended call: %d %s", r.status, r.raw)
	}
	// An admin hang-up ends a call the same way, by the side named.
	h := placeCall(t, e, CallRequest{From: nB, To: xAXB1})
	if tr, err := e.HangUpCall(h.SessionID, "callee"); err != nil || tr.ReleasedBy != "callee" || tr.HangupCode != "0" {
		t.Fatalf("hang-up: %+v %v", tr, err)
	}
	if _, err := e.HangUpCall(h.SessionID, "caller"); !errors.Is(err, ErrUnknownCall) {
		t.Fatalf("second hang-up: %v", err)
	}
}

// A fixed-line A or B can only receive calls through X, never call X (§3.2).
func TestCallFixedLineCaller(t *testing.T) {
	e := newEmu(t)
	fixClock(e)
	const landline = "+8675523456789"
	bindAXB(t, e, landline, nB, xAXB1)
	wantRefused(t, placeCall(t, e, talk(landline, xAXB1)), "8023")
	wantReached(t, placeCall(t, e, talk(nB, xAXB1)), landline)

	sub := bindAX(t, e, landline, xAX1)
	mustOK(t, doReq(t, e, "AX", "PUT", pathAXCall, "", map[string]any{"subscriptionId": sub, "calleeNum": nD}))
	wantRefused(t, placeCall(t, e, talk(landline, xAX1)), "8023")
	wantReached(t, placeCall(t, e, talk("+861012345678", xAX1)), landline) // anyone, a Beijing landline too, reaches A

	_, x := bindAXYB(t, e, nA, nil)
	tr := placeCall(t, e, talk("+861012345678", x))
	if tr.HangupCode != "8023" || tr.AssignedY != "" {
		t.Fatalf("a landline calling an AXYB X: %+v", tr)
	}
}
