// Package probe is the wire probe of cmd/privatenumber-probe and the live
// sweeper: it talks to a platform (the real one, or the emulator) with raw
// signed requests, records every exchange in a transcript with numbers masked
// and no secret or digest, and says which reading (the emulator's dialect) of
// each contested point of DESIGN.md the answers match.
//
// It signs with the client's signer (client.SignHeaders) and masks with the
// client's masking (client.MaskNumber), but builds its own requests: it must
// see the platform's raw answers, which the typed client reads into one
// meaning per contested point.
package probe

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"sort"
	"sync"
	"time"

	"github.com/privnum/terraform-provider-privatenumber/internal/client"
)

// App is one platform application the probe may use.
type App struct {
	Mode      string // AX, AXB, AXE, AXYB
	AppKey    string
	AppSecret string
	XNumbers  []string // the application's X numbers the probe may query (and, with -write, bind)
}

// Exchange is one request and its answer as the transcript holds it: numbers
// masked, no app key, secret, digest or auth header.
type Exchange struct {
	Seq        int               `json:"seq"`
	Step       string            `json:"step"`
	Mode       string            `json:"mode"`
	Auth       string            `json:"auth"` // "signed" or "wrong_digest"
	Method     string            `json:"method"`
	Path       string            `json:"path"`
	Query      map[string]string `json:"query,omitempty"`
	Body       map[string]any    `json:"request_body,omitempty"`
	Status     int               `json:"status,omitempty"`
	Answer     map[string]any    `json:"answer,omitempty"`      // a JSON object answer, masked
	AnswerText string            `json:"answer_text,omitempty"` // any other answer, masked, at most 512 bytes
	Error      string            `json:"error,omitempty"`       // transport error (no URL, no query)
	DurationMS int64             `json:"duration_ms"`
}

// authKind is how a request is signed.
type authKind string

const (
	authSigned      authKind = "signed"
	authWrongDigest authKind = "wrong_digest"
)

// request is one request the probe sends.
type request struct {
	step   string
	app    *App
	auth   authKind
	method string
	path   string
	query  url.Values
	body   map[string]any
}

// answer is what came back.
type answer struct {
	status int
	body   map[string]any // nil unless the answer is a JSON object
	raw    string
	err    error
}

func (a answer) code() string {
	if a.body == nil {
		return ""
	}
	return fmt.Sprint(a.body["resultcode"])
}

func (a answer) ok() bool { return a.err == nil && a.status == http.StatusOK && a.code() == "0" }

// String describes the answer for the report, numbers masked.
func (a answer) String() string {
	switch {
	case a.err != nil:
		return "no answer: " + maskText(a.err.Error())
	case a.body != nil:
		return fmt.Sprintf("HTTP %d resultcode %s %q", a.status, a.code(), maskText(fmt.Sprint(a.body["resultdesc"])))
	}
	return fmt.Sprintf("HTTP %d %q", a.status, maskText(truncate(a.raw, 80)))
}

// wire sends signed requests and keeps the transcript.
type wire struct {
	base      string
	http      *http.Client
	now       func() time.Time
	timeout   time.Duration
	retryWait time.Duration

	mu        sync.Mutex
	exchanges []Exchange
	flow      []answer // flow-control answers seen
}

// maxFlowRetries bounds the re-sends of a request refused by flow control.
const maxFlowRetries = 5

// send sends r, re-sending it after a pause while the platform refuses it
// with flow control (a refused request changed nothing). Every attempt is in
// the transcript.
func (w *wire) send(ctx context.Context, r request) answer {
	for attempt := 0; ; attempt++ {
		a := w.once(ctx, r)
		if !isFlowControl(a) || attempt >= maxFlowRetries {
			return a
		}
		w.mu.Lock()
		w.flow = append(w.flow, a)
		w.mu.Unlock()
		t := time.NewTimer(w.retryWait * time.Duration(attempt+1))
		select {
		case <-ctx.Done():
			t.Stop()
			return a
		case <-t.C:
		}
	}
}

// isFlowControl: 1010010 with any status but 401 (401 is a bad digest), or a 429.
func isFlowControl(a answer) bool {
	return a.err == nil && (a.code() == "1010010" && a.status != http.StatusUnauthorized ||
		a.status == http.StatusTooManyRequests)
}

func (w *wire) once(ctx context.Context, r request) answer {
	ctx, cancel := context.WithTimeout(ctx, w.timeout)
	defer cancel()
	u := w.base + r.path
	if len(r.query) > 0 {
		u += "?" + r.query.Encode()
	}
	var body io.Reader
	if r.body != nil {
		data, err := json.Marshal(r.body)
		if err != nil {
			return answer{err: err}
		}
		body = bytes.NewReader(data)
	}
	start := time.Now()
	a := w.roundTrip(ctx, r, u, body)
	w.record(r, a, time.Since(start))
	return a
}

func (w *wire) roundTrip(ctx context.Context, r request, u string, body io.Reader) answer {
	req, err := http.NewRequestWithContext(ctx, r.method, u, body)
	if err != nil {
		return answer{err: fmt.Errorf("building %s %s: %w", r.method, r.path, err)}
	}
	req.Header.Set("Content-Type", "application/json;charset=UTF-8")
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", "privatenumber-probe")
	secret := r.app.AppSecret
	if r.auth == authWrongDigest {
		secret += "-deliberately-wrong"
	}
	client.SignHeaders(req.Header, r.app.AppKey, []byte(secret), w.now())
	resp, err := w.http.Do(req)
	if err != nil {
		var uerr *url.Error
		if errors.As(err, &uerr) {
			err = uerr.Err // its text carries the query string (numbers)
		}
		return answer{err: fmt.Errorf("%s %s: %w", r.method, r.path, err)}
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, 4<<20))
	a := answer{status: resp.StatusCode, raw: string(data)}
	if err != nil {
		a.err = fmt.Errorf("%s %s: reading the answer: %w", r.method, r.path, err)
	}
	var obj map[string]any
	if json.Unmarshal(bytes.TrimSpace(data), &obj) == nil {
		a.body = obj
	}
	return a
}

// record adds one exchange to the transcript, masked.
func (w *wire) record(r request, a answer, d time.Duration) {
	x := Exchange{Step: r.step, Mode: r.app.Mode, Auth: string(r.auth), Method: r.method, Path: r.path,
		Status: a.status, DurationMS: d.Milliseconds()}
	if len(r.query) > 0 {
		x.Query = map[string]string{}
		for k := range r.query {
			if k == "app_key" {
				continue // the application's identity stays out of the transcript
			}
			x.Query[k] = r.query.Get(k)
			if !idKeys[k] {
				x.Query[k] = maskText(x.Query[k])
			}
		}
	}
	if r.body != nil {
		x.Body = maskValue(r.body).(map[string]any)
	}
	if a.body != nil {
		x.Answer = maskValue(a.body).(map[string]any)
	} else if a.raw != "" {
		x.AnswerText = maskText(truncate(a.raw, 512))
	}
	if a.err != nil {
		x.Error = maskText(a.err.Error())
	}
	w.mu.Lock()
	x.Seq = len(w.exchanges) + 1
	w.exchanges = append(w.exchanges, x)
	w.mu.Unlock()
}

func (w *wire) transcript() []Exchange {
	w.mu.Lock()
	defer w.mu.Unlock()
	return append([]Exchange(nil), w.exchanges...)
}

func (w *wire) flowAnswers() []answer {
	w.mu.Lock()
	defer w.mu.Unlock()
	return append([]answer(nil), w.flow...)
}

func truncate(s string, n int) string {
	if len(s) > n {
		return s[:n] + "…"
	}
	return s
}

// numberLike is anything in text that may be a phone number: 7 or more
// digits, with or without a leading +. Subscription IDs (hex) keep their
// digit runs short enough in practice; a long digit run in one is masked too,
// which only costs readability.
var numberLike = regexp.MustCompile(`\+?\d{7,}`)

// idKeys are the parameters and answer fields kept as they are: binding IDs
// (random hex, which a replay follows) and the result code (never a number).
var idKeys = map[string]bool{"subscriptionId": true, "bindId": true, "resultcode": true}

// maskText masks every phone-number-like run in s with client.MaskNumber.
func maskText(s string) string { return numberLike.ReplaceAllStringFunc(s, client.MaskNumber) }

// maskValue masks every string in a decoded JSON value.
func maskValue(v any) any {
	switch t := v.(type) {
	case string:
		return maskText(t)
	case map[string]any:
		out := make(map[string]any, len(t))
		for k, e := range t {
			if idKeys[k] {
				out[k] = e
				continue
			}
			out[k] = maskValue(e)
		}
		return out
	case []any:
		out := make([]any, len(t))
		for i, e := range t {
			out[i] = maskValue(e)
		}
		return out
	case float64:
		// A number sent as a JSON number would show in full: mask long ones.
		if s := fmt.Sprintf("%.0f", t); t == float64(int64(t)) && numberLike.MatchString(s) {
			return maskText(s)
		}
	}
	return v
}

// sortedModes lists the modes of apps in a fixed order.
func sortedModes(apps map[string]*App) []string {
	order := map[string]int{"AX": 0, "AXB": 1, "AXE": 2, "AXYB": 3}
	var out []string
	for m := range apps {
		out = append(out, m)
	}
	sort.Slice(out, func(i, j int) bool { return order[out[i]] < order[out[j]] })
	return out
}
