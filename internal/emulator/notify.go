package emulator

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"net"
	"net/http"
	"net/url"
	"sort"
	"sync"
	"syscall"
	"time"
)

// Notifications (reference §9): call events, CDRs and X-number status pushed
// to the application's receivers, signed with its AKSK, retried on the
// emulator's clock.

// Receivers are an application's notification addresses (the console's
// 呼叫状态接收地址, 呼叫话单接收地址, X号码状态接收地址 and 是否推送X号码状态).
type Receivers struct {
	CallStatusURL    string `json:"call_status_url,omitempty"`
	CDRURL           string `json:"cdr_url,omitempty"`
	NumberStatusURL  string `json:"number_status_url,omitempty"`
	PushNumberStatus bool   `json:"push_number_status,omitempty"`
	// SMSURL is accepted for completeness; the emulator sends no SMS.
	SMSURL string `json:"sms_url,omitempty"`
}

func (r *Receivers) validate(field string) error {
	if r == nil {
		return nil
	}
	for name, u := range map[string]string{"call_status_url": r.CallStatusURL, "cdr_url": r.CDRURL,
		"number_status_url": r.NumberStatusURL, "sms_url": r.SMSURL} {
		if u == "" {
			continue
		}
		p, err := url.Parse(u)
		if err != nil || (p.Scheme != "http" && p.Scheme != "https") || p.Host == "" {
			return fmt.Errorf("%s.%s: must be an http or https URL", field, name)
		}
	}
	return nil
}

// retryAfter are the retry times after the first attempt (§9.2: 1, 4, 9,
// 106, 203 and 300 minutes; read as offsets from the first attempt [I]).
var retryAfter = []time.Duration{1 * time.Minute, 4 * time.Minute, 9 * time.Minute,
	106 * time.Minute, 203 * time.Minute, 300 * time.Minute}

// Push is one notification as the admin API shows it.
type Push struct {
	ID          int            `json:"id"`
	AppKey      string         `json:"app_key"`
	Kind        string         `json:"kind"` // call_event, cdr, number_status
	URL         string         `json:"url"`
	State       string         `json:"state"` // pending, delivered, abandoned
	Attempts    int            `json:"attempts"`
	FirstDue    time.Time      `json:"first_due"`
	NextAttempt *time.Time     `json:"next_attempt,omitempty"`
	LastError   string         `json:"last_error,omitempty"`
	Body        map[string]any `json:"body"`
	due         time.Time
	inFlight    bool // being sent: a CDR may no longer join it
}

type outbox struct {
	seq    int
	pushes []*Push // every push, oldest first (bounded)
}

const keepPushes = 2000

// notifier holds what outlives Reset: the delivery lock and the HTTP client.
type notifier struct {
	mu          sync.Mutex // one delivery pass at a time
	allowRemote bool
	client      *http.Client
}

// AllowRemoteReceivers lets notifications go to non-loopback addresses.
func (e *Emulator) AllowRemoteReceivers(allow bool) {
	e.mu.Lock()
	e.notifier.allowRemote = allow
	e.notifier.client = nil
	e.mu.Unlock()
}

// CheckReceivers reports the first configured receiver that is not a
// loopback address (the binary refuses to start on it without -allow-remote).
func CheckReceivers(c Config) error {
	for i, a := range c.Applications {
		if a.Notify == nil {
			continue
		}
		for _, u := range []string{a.Notify.CallStatusURL, a.Notify.CDRURL, a.Notify.NumberStatusURL, a.Notify.SMSURL} {
			if p, err := url.Parse(u); err == nil && u != "" && !loopbackHost(p.Hostname()) {
				return fmt.Errorf("applications[%d].notify: %s is not a loopback address", i, p.Host)
			}
		}
	}
	return nil
}

func loopbackHost(h string) bool {
	if h == "localhost" {
		return true
	}
	ip := net.ParseIP(h)
	return ip != nil && ip.IsLoopback()
}

// enqueue adds a push due at `at` (lock held). A CDR joins the app's CDR
// push that has not been attempted yet, up to 50 records (§9.2 merging).
func (e *Emulator) enqueue(appKey, kind, target string, at time.Time, body map[string]any) {
	ob := &e.calls.outbox
	if kind == "cdr" {
		for _, p := range ob.pushes {
			lst, _ := p.Body["feeLst"].([]any)
			if p.AppKey == appKey && p.Kind == "cdr" && p.URL == target && p.State == "pending" && p.Attempts == 0 && !p.inFlight && len(lst) < 50 {
				p.Body["feeLst"] = append(lst, body["feeLst"].([]any)...)
				if at.After(p.due) {
					p.due, p.FirstDue = at, at
				}
				return
			}
		}
	}
	ob.seq++
	ob.pushes = append(ob.pushes, &Push{ID: ob.seq, AppKey: appKey, Kind: kind, URL: target, State: "pending",
		FirstDue: at, Body: body, due: at})
	if len(ob.pushes) > keepPushes {
		for i, p := range ob.pushes {
			if p.State != "pending" {
				ob.pushes = append(ob.pushes[:i:i], ob.pushes[i+1:]...)
				break
			}
		}
	}
}

// Notifications lists the pushes (pending, delivered, abandoned), oldest first.
func (e *Emulator) Notifications() []Push {
	e.mu.Lock()
	defer e.mu.Unlock()
	out := make([]Push, 0, len(e.calls.outbox.pushes))
	for _, p := range e.calls.outbox.pushes {
		c := *p
		c.Body = maps.Clone(p.Body)
		if p.State == "pending" {
			d := p.due
			c.NextAttempt = &d
		}
		out = append(out, c)
	}
	return out
}

type attempt struct {
	p    *Push
	body []byte
	app  *appState
}

// DeliverNotifications sends every push that is due on the emulator's
// clock, in order, and waits for the answers. It returns how many were
// delivered. Passes never overlap.
func (e *Emulator) DeliverNotifications() int {
	e.notifier.mu.Lock()
	defer e.notifier.mu.Unlock()
	e.mu.Lock()
	now := e.now()
	e.sweep(now)
	var batch []attempt
	for _, p := range e.calls.outbox.pushes {
		if p.State == "pending" && !p.due.After(now) {
			data, _ := json.Marshal(p.Body)
			p.inFlight = true
			batch = append(batch, attempt{p: p, body: data, app: e.apps[p.AppKey]})
		}
	}
	client := e.httpClient()
	e.mu.Unlock()

	delivered := 0
	results := make([]error, len(batch))
	for i, a := range batch {
		results[i] = e.send(client, a)
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	for i, a := range batch {
		p := a.p
		p.Attempts++
		p.inFlight = false
		if results[i] == nil {
			p.State, p.LastError = "delivered", ""
			delivered++
			continue
		}
		p.LastError = results[i].Error()
		if p.Attempts > len(retryAfter) {
			p.State = "abandoned"
			continue
		}
		p.due = p.FirstDue.Add(retryAfter[p.Attempts-1])
	}
	return delivered
}

// kickDelivery delivers in the background (lock held; used where a
// platform answer must not wait for the receivers).
func (e *Emulator) kickDelivery() {
	go e.DeliverNotifications()
}

func (e *Emulator) httpClient() *http.Client {
	if e.notifier.client != nil {
		return e.notifier.client
	}
	allow := e.notifier.allowRemote
	d := &net.Dialer{Timeout: 5 * time.Second, Control: func(_, address string, _ syscall.RawConn) error {
		host, _, err := net.SplitHostPort(address)
		if err != nil {
			return err
		}
		if !allow && !loopbackHost(host) {
			return fmt.Errorf("receiver %s is not a loopback address (run the emulator with -allow-remote)", host)
		}
		return nil
	}}
	e.notifier.client = &http.Client{
		Timeout:       10 * time.Second,
		Transport:     &http.Transport{DialContext: d.DialContext, Proxy: nil, MaxIdleConnsPerHost: 4},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	return e.notifier.client
}

// send POSTs one push, signed as the platform signs (§9, §2.1): any 2xx is delivered.
func (e *Emulator) send(client *http.Client, a attempt) error {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, a.p.URL, bytes.NewReader(a.body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json;charset=UTF-8")
	req.Header.Set("Authorization", `AKSK realm="SDP",profile="UsernameToken",type="Appkey"`)
	req.Header.Set("X-AKSK", signToken(a.app.AppKey, a.app.AppSecret, e.clock(), newID()))
	resp, err := client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<16))
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return fmt.Errorf("receiver answered HTTP %d", resp.StatusCode)
	}
	return nil
}

// signToken builds the X-AKSK UsernameToken for key/secret at created.
func signToken(key, secret string, created time.Time, nonce string) string {
	c := created.UTC().Format("2006-01-02T15:04:05Z")
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte(nonce + c))
	d := base64.StdEncoding.EncodeToString(m.Sum(nil))
	return fmt.Sprintf(`UsernameToken Username="%s", PasswordDigest="%s", Nonce="%s", Created="%s"`, key, d, nonce, c)
}

// ---------------------------------------------------------------- bodies

func stamp(t time.Time) string { return t.UTC().Format("2006-01-02 15:04:05") }

// event records one call event in the trace and queues its push (lock held).
func (e *Emulator) event(t *CallTrace, typ string, at time.Time, extra map[string]any) {
	info := map[string]any{"timestamp": stamp(at), "sessionId": t.SessionID}
	if typ != "collectInfo" {
		info["caller"], info["called"] = t.Caller, t.Dialled
		if typ == "callout" || typ == "alerting" || typ == "answer" {
			info["caller"], info["called"] = t.x, t.Reached // X is shown to the callee
		}
		if t.SubscriptionID != "" && t.Mode != "AXE" {
			info["subscriptionId"] = t.SubscriptionID
		}
		if typ == "callin" && t.userData != "" {
			info["userData"] = t.userData
		}
	}
	for k, v := range extra {
		info[k] = v
	}
	ev := map[string]any{"eventType": typ, "statusInfo": info}
	t.Events = append(t.Events, ev)
	if r := e.apps[t.AppKey].Notify; r != nil && r.CallStatusURL != "" {
		e.enqueue(t.AppKey, "call_event", r.CallStatusURL, at, ev)
	}
}

// queueCDR queues the call's CDR (§9.2) at its end (lock held).
func (e *Emulator) queueCDR(t *CallTrace) {
	r := e.apps[t.AppKey].Notify
	if r == nil || r.CDRURL == "" {
		return
	}
	e.enqueue(t.AppKey, "cdr", r.CDRURL, *t.EndedAt, map[string]any{"eventType": "fee", "feeLst": []any{e.cdrRecord(t)}})
}

func (e *Emulator) cdrRecord(t *CallTrace) map[string]any {
	rec := map[string]any{"direction": 0, "spId": t.AppKey, "appKey": t.AppKey, "icid": t.SessionID,
		"bindNum": t.x, "sessionId": t.SessionID, "callerNum": t.Caller, "calleeNum": t.Dialled,
		"callInTime": stamp(t.StartedAt), "callEndTime": stamp(*t.EndedAt), "serviceType": "004",
		"hostName": "callenabler.emulator", "recordFlag": 0, "ulFailReason": 0,
		"callRelDirection": map[string]int{"caller": 0, "callee": 1, "platform": 2}[t.ReleasedBy]}
	if t.SubscriptionID != "" {
		rec["subscriptionId"] = t.SubscriptionID
	}
	if t.userData != "" {
		rec["userData"] = t.userData
	}
	if t.ext != "" {
		rec["extendNum"] = t.ext
	}
	if t.Reached != "" {
		rec["fwdDisplayNum"], rec["fwdDstNum"] = t.x, t.Reached
		rec["fwdStartTime"], rec["fwdAlertingTime"] = stamp(t.StartedAt), stamp(t.StartedAt)
	}
	switch {
	case t.AnsweredAt != nil:
		rec["fwdAnswerTime"] = stamp(*t.AnsweredAt)
	default:
		rec["failTime"] = stamp(*t.EndedAt)
		rec["fwdUnaswRsn"] = map[string]int{hangNoAnswer: 19, hangBusy: 17}[t.HangupCode]
		if rec["fwdUnaswRsn"] == 0 {
			rec["fwdUnaswRsn"] = 21 // call rejected
		}
		rec["ulFailReason"] = map[string]int{hangNoAnswer: 7502, hangBusy: 7504, hangNoAXBinding: 7104}[t.HangupCode]
	}
	if t.RecordingFile != "" {
		rec["recordFlag"] = 1
		rec["recordStartTime"] = stamp(*t.AnsweredAt)
		rec["recordObjectName"], rec["recordDomain"] = t.RecordingFile, t.RecordDomain
		rec["recordBucketName"] = "privatenumber-records"
		rec["recordFileDownloadUrl"] = "https://" + t.RecordDomain + "/" + t.RecordingFile
	}
	return rec
}

func sortTraces(ts []CallTrace) {
	sort.Slice(ts, func(i, j int) bool {
		if !ts[i].StartedAt.Equal(ts[j].StartedAt) {
			return ts[i].StartedAt.Before(ts[j].StartedAt)
		}
		return ts[i].SessionID < ts[j].SessionID
	})
}

// StartDelivery delivers due notifications every interval until Close
// (the binary uses it so that retries fall due as real time passes; tests
// call DeliverNotifications instead).
func (e *Emulator) StartDelivery(interval time.Duration) {
	go func() {
		tick := time.NewTicker(interval)
		defer tick.Stop()
		for {
			select {
			case <-e.done:
				return
			case <-tick.C:
				e.DeliverNotifications()
			}
		}
	}()
}
