package client

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"sync"
	"testing"
	"time"
)

const (
	testKey    = "test-app-key"
	testSecret = "TOP-SECRET-app-secret-0123"

	numA = "+8613800000001"
	numB = "+8613900000002"
	numX = "+8617000000003"
	numY = "+8617100000004"
	numC = "+8618600000005"
)

// seen is one request as the fake platform received it.
type seen struct {
	Method   string
	Path     string
	RawQuery string
	Query    url.Values
	Header   http.Header
	RawBody  []byte
	Body     map[string]any // nil when there was no body
}

// fake is an httptest platform that records every request and answers with
// handle (n counts requests from 0).
type fake struct {
	t      testing.TB
	srv    *httptest.Server
	mu     sync.Mutex
	reqs   []seen
	handle func(w http.ResponseWriter, r *http.Request, n int)
}

func newFake(t testing.TB, handle func(w http.ResponseWriter, r *http.Request, n int)) *fake {
	t.Helper()
	f := &fake{t: t, handle: handle}
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.srv.Close)
	return f
}

func (f *fake) serve(w http.ResponseWriter, r *http.Request) {
	raw, _ := io.ReadAll(r.Body)
	s := seen{Method: r.Method, Path: r.URL.Path, RawQuery: r.URL.RawQuery, Query: r.URL.Query(), Header: r.Header.Clone(), RawBody: raw}
	if len(raw) > 0 {
		if err := json.Unmarshal(raw, &s.Body); err != nil {
			f.t.Errorf("request body is not a JSON object: %v: %s", err, raw)
		}
	}
	f.mu.Lock()
	n := len(f.reqs)
	f.reqs = append(f.reqs, s)
	f.mu.Unlock()
	f.handle(w, r, n)
}

func (f *fake) requests() []seen {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]seen(nil), f.reqs...)
}

func (f *fake) count() int { return len(f.requests()) }

// testNow is the clock of the fake's clients (a zone east of UTC: Created
// must be sent in UTC).
var testNow = time.Date(2026, 11, 30, 7, 8, 9, 500_000_000, time.FixedZone("CST", 8*3600))

// testCreated is testNow as Created.
const testCreated = "2026-11-29T23:08:09Z"

// client builds a Client for the fake with fast retries and the clock
// fixed at testNow; mod may adjust the config. The request time-out is far
// above any answer time (tests of time-outs set their own and hold the
// answer until the client gives up).
func (f *fake) client(mod ...func(*Config)) *Client {
	f.t.Helper()
	cfg := Config{
		Endpoint:          f.srv.URL,
		AppKey:            testKey,
		AppSecret:         testSecret,
		RequestsPerSecond: 10000,
		RetryWaitMin:      time.Millisecond,
		RetryWaitMax:      4 * time.Millisecond,
		RequestTimeout:    time.Minute,
	}
	for _, m := range mod {
		m(&cfg)
	}
	c, err := New(cfg)
	if err != nil {
		f.t.Fatalf("New: %v", err)
	}
	c.now = func() time.Time { return testNow }
	return c
}

// writeJSON writes a JSON answer.
func writeJSON(w http.ResponseWriter, status int, body string) {
	w.Header().Set("Content-Type", "application/json;charset=UTF-8")
	w.WriteHeader(status)
	_, _ = io.WriteString(w, body)
}

func ok(w http.ResponseWriter, extra string) {
	if extra != "" {
		extra = "," + extra
	}
	writeJSON(w, http.StatusOK, `{"resultcode":"0","resultdesc":"Success"`+extra+`}`)
}

var akskRe = regexp.MustCompile(`^UsernameToken Username="([^"]*)", PasswordDigest="([^"]*)", Nonce="([0-9A-F]{32})", Created="(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)"$`)

// checkSigned asserts the headers of one request and returns its nonce and digest.
func checkSigned(t testing.TB, s seen) (nonce, digest string) {
	t.Helper()
	if got := s.Header.Get("Authorization"); got != `AKSK realm="SDP",profile="UsernameToken",type="Appkey"` {
		t.Errorf("Authorization = %q", got)
	}
	if got := s.Header.Get("Content-Type"); got != "application/json;charset=UTF-8" {
		t.Errorf("Content-Type = %q", got)
	}
	if got := s.Header.Get("Accept"); got != "application/json" {
		t.Errorf("Accept = %q", got)
	}
	m := akskRe.FindStringSubmatch(s.Header.Get("X-AKSK"))
	if m == nil {
		t.Fatalf("X-AKSK = %q does not match the UsernameToken format", s.Header.Get("X-AKSK"))
	}
	if m[1] != testKey {
		t.Errorf("Username = %q", m[1])
	}
	if m[4] != testCreated {
		t.Errorf("Created = %q, want the client's clock in UTC, %s", m[4], testCreated)
	}
	mac := hmac.New(sha256.New, []byte(testSecret))
	mac.Write([]byte(m[3] + m[4]))
	if want := base64.StdEncoding.EncodeToString(mac.Sum(nil)); m[2] != want {
		t.Errorf("PasswordDigest = %q, want %q", m[2], want)
	}
	return m[3], m[2]
}

// ctxT is a test's context: a watchdog far above any test's needs, so that
// a hanging call fails the test instead of the whole run.
func ctxT(t testing.TB) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	t.Cleanup(cancel)
	return ctx
}

func ptr[T any](v T) *T { return &v }
