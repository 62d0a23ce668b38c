package emulator

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/privnum/terraform-provider-privatenumber/pkg/notification"
)

// receiver is a customer's notification server built on pkg/notification.
type receiver struct {
	mu    sync.Mutex
	got   map[string][]*notification.Notification // path → pushes accepted
	tries map[string]int                          // path → requests that passed the signature check
	fail  map[string]int                          // path → first n requests answered 500
	url   string
}

func newReceiver(t *testing.T, e *Emulator, appKey, secret string) *receiver {
	r := &receiver{got: map[string][]*notification.Notification{}, tries: map[string]int{}, fail: map[string]int{}}
	v := notification.Verifier{AppKey: appKey, AppSecret: secret, Now: e.clock}
	mux := http.NewServeMux()
	for _, p := range []string{"/events", "/cdr", "/status"} {
		mux.Handle(p, notification.Handler(v, func(_ context.Context, n *notification.Notification) error {
			r.mu.Lock()
			defer r.mu.Unlock()
			r.tries[p]++
			if r.tries[p] <= r.fail[p] {
				return errors.New("receiver down")
			}
			r.got[p] = append(r.got[p], n)
			return nil
		}))
	}
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	r.url = srv.URL
	return r
}

func (r *receiver) pushes(path string) []*notification.Notification {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.got[path])
}

func (r *receiver) events() []string {
	var out []string
	for _, n := range r.pushes("/events") {
		out = append(out, n.EventType)
	}
	return out
}

// newNotifyEmu is the demo setup whose AXB application pushes to a receiver
// (status notifications to their own address).
func newNotifyEmu(t *testing.T, fail map[string]int) (*Emulator, *receiver) {
	t.Helper()
	e := newEmu(t)
	fixClock(e)
	key, secret := appOf("AXB")
	r := newReceiver(t, e, key, secret)
	if fail != nil {
		r.fail = fail
	}
	e.apps[key].Notify = &Receivers{CallStatusURL: r.url + "/events", CDRURL: r.url + "/cdr", NumberStatusURL: r.url + "/status"}
	return e, r
}

func TestNotifyAnsweredCall(t *testing.T) {
	e, r := newNotifyEmu(t, nil)
	sub := bindAXB(t, e, nA, nB, xAXB1)
	patch(t, e, sub, map[string]any{"userData": "order-42", "recordFlag": "true"})
	tr := placeCall(t, e, CallRequest{From: nA, To: xAXB1, TalkSeconds: 90})
	if got := r.events(); !slices.Equal(got, []string{"callin", "callout", "alerting", "answer", "disconnect"}) {
		t.Fatalf("events %v", got)
	}
	evs := r.pushes("/events")
	in, out, end := evs[0].Call, evs[1].Call, evs[4].Call
	if in.SessionID != notification.Text(tr.SessionID) || in.Caller != nA || in.Called != xAXB1 ||
		in.SubscriptionID != notification.Text(sub) || in.UserData != "order-42" {
		t.Fatalf("callin %+v", in)
	}
	if out.Caller != xAXB1 || out.Called != nB {
		t.Fatalf("callout shows X to B: %+v", out)
	}
	if end.StateCode != "0" || end.Timestamp != "2026-11-29 12:00:00" || in.Timestamp != "2026-11-29 11:58:30" {
		t.Fatalf("disconnect %+v, callin at %s", end, in.Timestamp)
	}
	cdrs := r.pushes("/cdr")
	if len(cdrs) != 1 || len(cdrs[0].Fees) != 1 {
		t.Fatalf("CDR pushes %d", len(cdrs))
	}
	c := cdrs[0].Fees[0]
	if c.TalkTime() != 90*time.Second || c.BindNum != xAXB1 || c.FwdDstNum != nB || c.SubscriptionID != notification.Text(sub) ||
		c.RecordObjectName != notification.Text(tr.RecordingFile) || c.RecordDomain != notification.Text(tr.RecordDomain) || c.UserData != "order-42" {
		t.Fatalf("CDR %+v", c)
	}
	// The recording named by the CDR is what the recording API serves.
	if res := doReq(t, e, "AXB", "GET", pathRecord, q("fileName", string(c.RecordObjectName), "recordDomain", string(c.RecordDomain)), nil); res.status != 301 {
		t.Fatalf("recording of the CDR: %s", res.raw)
	}
}

func TestNotifyUnansweredAndRefused(t *testing.T) {
	e, r := newNotifyEmu(t, nil)
	sub := bindAXB(t, e, nA, nB, xAXB1)
	placeCall(t, e, CallRequest{From: nB, To: xAXB1, Outcome: "no_answer"})
	if got := r.events(); !slices.Equal(got, []string{"callin", "callout", "alerting", "disconnect"}) {
		t.Fatalf("events %v", got)
	}
	c := r.pushes("/cdr")[0].Fees[0]
	if c.FwdAnswerTime != "" || c.FwdUnaswRsn != "19" || c.TalkTime() != 0 || c.FailTime == "" {
		t.Fatalf("unanswered CDR %+v", c)
	}
	patch(t, e, sub, map[string]any{"callDirection": 1})
	placeCall(t, e, talk(nB, xAXB1))
	evs := r.pushes("/events")[4:]
	if len(evs) != 2 || evs[0].EventType != "callin" || evs[1].Call.StateCode != "8016" {
		t.Fatalf("refused call's events: %d", len(evs))
	}
	if c := r.pushes("/cdr")[1].Fees[0]; c.FwdDstNum != "" || c.FwdAnswerTime != "" {
		t.Fatalf("refused CDR %+v", c)
	}
}

func TestNotifyStoppedCall(t *testing.T) {
	e, r := newNotifyEmu(t, nil)
	bindAXB(t, e, nA, nB, xAXB1)
	held := placeCall(t, e, CallRequest{From: nA, To: xAXB1})
	if got := r.events(); !slices.Equal(got, []string{"callin", "callout", "alerting", "answer"}) || len(r.pushes("/cdr")) != 0 {
		t.Fatalf("events while in progress %v", got)
	}
	e.AdvanceClock(75 * time.Second)
	mustOK(t, doReq(t, e, "AXB", "POST", pathStop, "", map[string]any{"sessionid": held.SessionID, "signal": "call_stop"}))
	e.DeliverNotifications() // waits for the delivery the stop started
	if got := r.events(); len(got) != 5 || got[4] != "disconnect" {
		t.Fatalf("events after stop %v", got)
	}
	if c := r.pushes("/cdr")[0].Fees[0]; c.TalkTime() != 75*time.Second || c.CallRelDirection != "2" {
		t.Fatalf("stopped call's CDR %+v", c)
	}
}

func TestNotifyCDRMerging(t *testing.T) {
	e, r := newNotifyEmu(t, nil)
	sub := bindAXB(t, e, nA, nB, xAXB1)
	patch(t, e, sub, map[string]any{"maxDuration": 1})
	one := placeCall(t, e, CallRequest{From: nA, To: xAXB1})
	two := placeCall(t, e, CallRequest{From: nB, To: xAXB1})
	e.AdvanceClock(2 * time.Minute) // both reach their limit during the move
	e.DeliverNotifications()
	cdrs := r.pushes("/cdr")
	if len(cdrs) != 1 || len(cdrs[0].Fees) != 2 {
		t.Fatalf("want one fee push with 2 records, got %d pushes", len(cdrs))
	}
	ids := []string{string(cdrs[0].Fees[0].SessionID), string(cdrs[0].Fees[1].SessionID)}
	slices.Sort(ids)
	want := []string{one.SessionID, two.SessionID}
	slices.Sort(want)
	if !slices.Equal(ids, want) {
		t.Fatalf("merged records %v, want %v", ids, want)
	}
	// A later call's CDR is a push of its own.
	placeCall(t, e, talk(nA, xAXB1))
	if n := len(r.pushes("/cdr")); n != 2 {
		t.Fatalf("CDR pushes %d", n)
	}
}

func TestNotifyRetrySchedule(t *testing.T) {
	e, r := newNotifyEmu(t, map[string]int{"/cdr": 2})
	bindAXB(t, e, nA, nB, xAXB1)
	placeCall(t, e, talk(nA, xAXB1)) // attempt 1 fails
	step := func(d time.Duration, wantTries int, wantState string) {
		t.Helper()
		e.AdvanceClock(d)
		e.DeliverNotifications()
		r.mu.Lock()
		tries := r.tries["/cdr"]
		r.mu.Unlock()
		var p Push
		for _, x := range e.Notifications() {
			if x.Kind == "cdr" {
				p = x
			}
		}
		if tries != wantTries || p.State != wantState || p.Attempts != wantTries {
			t.Fatalf("after %v: %d tries, push %s with %d attempts; want %d, %s", d, tries, p.State, p.Attempts, wantTries, wantState)
		}
	}
	step(0, 1, "pending")
	step(59*time.Second, 1, "pending")  // the first retry is due 1 minute after the first attempt
	step(time.Second, 2, "pending")     // 1 min: fails again
	step(179*time.Second, 2, "pending") // the next is due at 4 min
	step(time.Second, 3, "delivered")   // 4 min: the receiver answers
	if n := len(r.pushes("/cdr")); n != 1 {
		t.Fatalf("delivered %d CDR pushes", n)
	}
}

func TestNotifyAbandonAndLoopbackOnly(t *testing.T) {
	e, _ := newNotifyEmu(t, map[string]int{"/cdr": 100})
	bindAXB(t, e, nA, nB, xAXB1)
	e.apps["demo-axb-app"].Notify.CallStatusURL = "http://192.0.2.1:9/events" // not loopback
	placeCall(t, e, talk(nA, xAXB1))
	for range 6 * 60 / 10 { // 6 hours in 10-minute steps
		e.AdvanceClock(10 * time.Minute)
		e.DeliverNotifications()
	}
	var cdr, ev Push
	for _, p := range e.Notifications() {
		switch p.Kind {
		case "cdr":
			cdr = p
		case "call_event":
			ev = p
		}
	}
	if cdr.State != "abandoned" || cdr.Attempts != 7 {
		t.Fatalf("CDR after 6 retries: %s, %d attempts", cdr.State, cdr.Attempts)
	}
	if !strings.Contains(ev.LastError, "-allow-remote") || ev.State != "abandoned" {
		t.Fatalf("remote receiver: %s %q", ev.State, ev.LastError)
	}
	cfg := DefaultConfig()
	cfg.Applications[0].Notify = &Receivers{CDRURL: "http://receiver.example.com/cdr"}
	if err := CheckReceivers(cfg); err == nil {
		t.Fatal("CheckReceivers accepts a remote receiver")
	}
	cfg.Applications[0].Notify = &Receivers{CDRURL: "http://localhost:8080/cdr", CallStatusURL: "http://[::1]:1/x"}
	if err := CheckReceivers(cfg); err != nil {
		t.Fatal(err)
	}
	cfg.Applications[0].Notify = &Receivers{CDRURL: "ftp://localhost/cdr"}
	if err := cfg.Validate(); err == nil || !strings.Contains(err.Error(), "applications[0].notify.cdr_url") {
		t.Fatalf("validate: %v", err)
	}
}

func TestNotifyWrongSecretIsRetried(t *testing.T) {
	e, r := newNotifyEmu(t, nil)
	bindAXB(t, e, nA, nB, xAXB1)
	e.apps["demo-axb-app"].AppSecret = "rotated" // the receiver still checks the old secret
	placeCall(t, e, talk(nA, xAXB1))
	if len(r.pushes("/events")) != 0 {
		t.Fatal("receiver accepted a push signed with another secret")
	}
	for _, p := range e.Notifications() {
		if p.State != "pending" || !strings.Contains(p.LastError, "401") {
			t.Fatalf("push %s: %q", p.State, p.LastError)
		}
	}
}
