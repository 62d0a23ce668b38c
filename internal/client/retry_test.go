package client

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

const bindAnswer = `"subscriptionId":"axb-1","relationNum":"` + numX + `"`

func bindReq() AXBBindRequest { return AXBBindRequest{XNumber: numX, ANumber: numA, BNumber: numB} }

func TestRateLimitedThenSuccess(t *testing.T) {
	for _, status := range []int{http.StatusTooManyRequests, http.StatusForbidden} {
		f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) {
			if n == 0 {
				writeJSON(w, status, `{"resultcode":"1010010","resultdesc":"The flow control upper limit is reached on the platform."}`)
				return
			}
			ok(w, bindAnswer)
		})
		res, err := f.client().BindAXB(ctxT(t), bindReq())
		if err != nil {
			t.Fatalf("status %d: %v", status, err)
		}
		if res.SubscriptionID != "axb-1" {
			t.Errorf("got %+v", res)
		}
		reqs := f.requests()
		if len(reqs) != 2 {
			t.Fatalf("%d requests, want 2", len(reqs))
		}
		n1, _ := checkSigned(t, reqs[0])
		n2, _ := checkSigned(t, reqs[1])
		if n1 == n2 {
			t.Errorf("the retry reused nonce %s", n1)
		}
	}
}

func TestRateLimitedExhausted(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) {
		writeJSON(w, http.StatusTooManyRequests, `<html>slow down</html>`)
	})
	_, err := f.client(func(c *Config) { c.MaxRetries = 2 }).BindAXB(ctxT(t), bindReq())
	if !IsRateLimited(err) || IsUnknownOutcome(err) {
		t.Fatalf("err = %v, want rate limited", err)
	}
	if f.count() != 3 {
		t.Errorf("%d requests, want 3", f.count())
	}
}

// hang holds the answer until the client gives up on the request (or the
// test ends): the client's time-out surely fires, however slow the machine.
func hang(done <-chan struct{}) func(w http.ResponseWriter, r *http.Request) {
	return func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-done:
		}
	}
}

func TestTimeoutOnBindIsUnknownOutcome(t *testing.T) {
	done := make(chan struct{})
	defer close(done)
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) { hang(done)(w, r) })
	c := f.client(func(c *Config) { c.RequestTimeout = 100 * time.Millisecond })
	binds := map[string]func() error{
		"AXB.bind": func() error { _, err := c.BindAXB(ctxT(t), bindReq()); return err },
		"AX.bind":  func() error { _, err := c.BindAX(ctxT(t), AXBindRequest{ANumber: numA, XNumber: numX}); return err },
		"AXE.bind": func() error { _, err := c.BindAXE(ctxT(t), AXEBindRequest{ANumber: numA, XNumber: numX}); return err },
		"AXYB.bind": func() error {
			_, err := c.BindAXYB(ctxT(t), AXYBBindRequest{ANumber: numA})
			return err
		},
		"AX.set_callee": func() error {
			return c.SetAXTemporaryCallee(ctxT(t), AXCalleeRequest{SubscriptionID: "s", CalleeNumber: numC})
		},
		"call.stop": func() error { return c.StopCall(ctxT(t), "sess") },
	}
	for op, fn := range binds {
		before := f.count()
		err := fn()
		if !IsUnknownOutcome(err) {
			t.Fatalf("%s: err = %v, want unknown outcome", op, err)
		}
		var u *UnknownOutcomeError
		errors.As(err, &u)
		if u.Operation != op {
			t.Errorf("operation %q, want %q", u.Operation, op)
		}
		if !strings.Contains(err.Error(), "outcome is unknown") || !strings.Contains(err.Error(), "may exist") {
			t.Errorf("message %q", err)
		}
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("%s: cause %v is not a deadline", op, u.Cause)
		}
		// At most once: the bind is never sent again. (Zero when the
		// time-out fired between getting the connection and writing the
		// request, which a busy machine can do; the outcome is unknown
		// then too.)
		if got := f.count() - before; got > 1 {
			t.Errorf("%s: %d requests reached the server, want at most 1", op, got)
		}
	}
}

func TestTimeoutOnQueryIsRetried(t *testing.T) {
	done := make(chan struct{})
	defer close(done)
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) {
		if n == 0 {
			hang(done)(w, r)
			return
		}
		ok(w, `"totalCount":0,"relationNumList":[]`)
	})
	c := f.client(func(c *Config) { c.RequestTimeout = 100 * time.Millisecond })
	p, err := c.QueryAXB(ctxT(t), AXBQuery{XNumber: numX})
	if err != nil {
		t.Fatal(err)
	}
	if p.TotalCount != 0 || f.count() != 2 {
		t.Errorf("page %+v after %d requests", p, f.count())
	}
}

// freeAddr returns a loopback address nothing listens on.
func freeAddr(t *testing.T) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	return addr
}

func TestConnectionRefusedIsRetriedForBind(t *testing.T) {
	addr := freeAddr(t)
	var (
		mu      sync.Mutex
		srv     *httptest.Server
		reached int
	)
	t.Cleanup(func() {
		mu.Lock()
		defer mu.Unlock()
		if srv != nil {
			srv.Close()
		}
	})
	c, err := New(Config{
		Endpoint: "http://" + addr, AppKey: testKey, AppSecret: testSecret,
		RetryWaitMin: time.Millisecond, RetryWaitMax: 2 * time.Millisecond,
		Logger: func(ctx context.Context, msg string, fields map[string]any) {
			// After the first refused attempt, bring the platform up on
			// the same address.
			mu.Lock()
			defer mu.Unlock()
			if fields["attempt"] == 1 && srv == nil {
				if fields["retry_class"] != "not_sent" {
					t.Errorf("first attempt classified %v", fields["retry_class"])
				}
				l, err := net.Listen("tcp", addr)
				if err != nil {
					t.Errorf("relisten: %v", err)
					return
				}
				srv = httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					mu.Lock()
					reached++
					mu.Unlock()
					ok(w, bindAnswer)
				}))
				srv.Listener = l
				srv.Start()
			}
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	res, err := c.BindAXB(ctxT(t), bindReq())
	if err != nil {
		t.Fatalf("bind after a refused connection: %v", err)
	}
	mu.Lock()
	defer mu.Unlock()
	if res.SubscriptionID != "axb-1" || reached != 1 {
		t.Errorf("result %+v, %d requests reached the server", res, reached)
	}
}

func TestConnectionRefusedExhausted(t *testing.T) {
	attempts := 0
	c, err := New(Config{
		Endpoint: "http://" + freeAddr(t), AppKey: testKey, AppSecret: testSecret, MaxRetries: 2,
		RetryWaitMin: time.Millisecond, RetryWaitMax: 2 * time.Millisecond,
		Logger: func(context.Context, string, map[string]any) { attempts++ },
	})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.BindAXB(ctxT(t), bindReq())
	if err == nil || IsUnknownOutcome(err) {
		t.Fatalf("err = %v, want a plain transport error", err)
	}
	if attempts != 3 {
		t.Errorf("%d attempts, want 3", attempts)
	}
	if strings.Contains(err.Error(), "%2B") || strings.Contains(err.Error(), numA) {
		t.Errorf("error text leaks the URL: %v", err)
	}
}

func TestNonJSON502(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) {
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(http.StatusBadGateway)
		_, _ = w.Write([]byte("<html><body>502 Bad Gateway</body></html>"))
	})
	c := f.client(func(c *Config) { c.MaxRetries = 2 })

	_, err := c.QueryAXB(ctxT(t), AXBQuery{SubscriptionID: "s"})
	var perr *Error
	if !errors.As(err, &perr) || perr.HTTPStatus != 502 || perr.ResultCode != "" || !IsServerError(err) {
		t.Fatalf("err = %#v", err)
	}
	if IsNotFound(err) || IsAuth(err) || IsRateLimited(err) {
		t.Errorf("502 misclassified: %v", err)
	}
	if !strings.Contains(err.Error(), "AXB.query: HTTP 502") {
		t.Errorf("message %q", err)
	}
	if f.count() != 3 {
		t.Errorf("query: %d requests, want 3 (retried)", f.count())
	}

	before := f.count()
	_, err = c.BindAXB(ctxT(t), bindReq())
	if !IsUnknownOutcome(err) || !IsServerError(err) {
		t.Fatalf("bind: err = %v, want unknown outcome wrapping the 502", err)
	}
	if f.count()-before != 1 {
		t.Errorf("bind sent %d times", f.count()-before)
	}
}

func TestNonJSONClassifiedByStatus(t *testing.T) {
	for _, tc := range []struct {
		status int
		is     func(error) bool
		name   string
	}{
		{404, IsWrongAddress, "wrong address"},
		{401, IsAuth, "auth"},
		{403, IsAuth, "auth"},
		{429, IsRateLimited, "rate limited"},
		{503, IsServerError, "server"},
	} {
		f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) {
			w.WriteHeader(tc.status)
			_, _ = w.Write([]byte("proxy says no"))
		})
		err := f.client(func(c *Config) { c.MaxRetries = -1 }).UnbindAX(ctxT(t), AXUnbindRequest{SubscriptionID: "s"})
		if !tc.is(err) || IsNotFound(err) {
			t.Errorf("HTTP %d: err %v is not %s", tc.status, err, tc.name)
		}
	}
}

func TestLockoutNotRetried(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) {
		writeJSON(w, http.StatusForbidden, `{"resultcode":"1020176","resultdesc":"Authentication failed, try again later"}`)
	})
	err := f.client().UnbindAXB(ctxT(t), AXBUnbindRequest{SubscriptionID: "s"})
	if !IsLockedOut(err) || !IsAuth(err) {
		t.Fatalf("err = %v", err)
	}
	if f.count() != 1 {
		t.Errorf("%d requests, want 1", f.count())
	}
	if got, want := err.Error(), "AXB.unbind: 1020176 Authentication failed, try again later (HTTP 403) from "+f.srv.URL+pathAXB; got != want {
		t.Errorf("message %q, want %q", got, want)
	}
}

func TestInternalErrorRetriedOnlyWhenSafe(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) {
		if n%2 == 0 {
			writeJSON(w, http.StatusInternalServerError, `{"resultcode":"1020002","resultdesc":"Internal error."}`)
			return
		}
		ok(w, "")
	})
	c := f.client()
	if err := c.UnbindAXE(ctxT(t), AXEUnbindRequest{SubscriptionID: "s"}); err != nil {
		t.Fatalf("unbind: %v", err)
	}
	if f.count() != 2 {
		t.Errorf("unbind: %d requests, want 2", f.count())
	}
	err := c.SetAXTemporaryCallee(ctxT(t), AXCalleeRequest{SubscriptionID: "s", CalleeNumber: numC})
	if !IsUnknownOutcome(err) || !IsServerError(err) || f.count() != 3 {
		t.Errorf("set callee: err %v after %d requests", err, f.count())
	}
}

func TestConnectionDroppedAfterSend(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) {
		if n == 0 || r.Method == http.MethodPost {
			conn, _, err := w.(http.Hijacker).Hijack()
			if err == nil {
				conn.Close()
			}
			return
		}
		ok(w, `"privateNumList":[]`)
	})
	c := f.client()
	if _, err := c.QueryAX(ctxT(t), AXQuery{XNumber: numX}); err != nil {
		t.Fatalf("query after a dropped connection: %v", err)
	}
	before := f.count()
	_, err := c.BindAX(ctxT(t), AXBindRequest{ANumber: numA, XNumber: numX})
	if !IsUnknownOutcome(err) {
		t.Fatalf("bind: err = %v, want unknown outcome", err)
	}
	if f.count()-before != 1 {
		t.Errorf("bind reached the server %d times", f.count()-before)
	}
}

// TestContextCancelStopsRetries: the caller's cancel ends the wait before
// a retry at once. The backoff is an hour, so a client that waited it out
// would not return within the watchdog's minute (the one bound here, far
// above the instant return expected).
func TestContextCancelStopsRetries(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) {
		cancel()
		writeJSON(w, http.StatusServiceUnavailable, `{"resultcode":"1020002","resultdesc":"Internal error."}`)
	})
	c := f.client(func(c *Config) { c.RetryWaitMin, c.RetryWaitMax = time.Hour, time.Hour; c.MaxRetries = 10 })
	errc := make(chan error, 1)
	go func() {
		_, err := c.QueryAXYB(ctx, AXYBQuery{XNumber: numX})
		errc <- err
	}()
	select {
	case err := <-errc:
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("err = %v, want context.Canceled", err)
		}
	case <-time.After(time.Minute):
		t.Fatal("the cancelled query still waits for its retry")
	}
	if f.count() != 1 {
		t.Errorf("%d requests, want 1", f.count())
	}
}

func TestCallerCancelDuringBind(t *testing.T) {
	done := make(chan struct{})
	defer close(done)
	ctx, cancel := context.WithCancel(context.Background())
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) {
		cancel()
		hang(done)(w, r)
	})
	c := f.client()
	_, err := c.BindAXE(ctx, AXEBindRequest{ANumber: numA, XNumber: numX})
	if !IsUnknownOutcome(err) || !errors.Is(err, context.Canceled) {
		t.Fatalf("bind: err = %v", err)
	}
	// A query cancelled the same way is a plain context error.
	ctx2, cancel2 := context.WithCancel(context.Background())
	f2 := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) {
		cancel2()
		hang(done)(w, r)
	})
	_, err = f2.client().QueryAXE(ctx2, AXEQuery{SubscriptionID: "s"})
	if IsUnknownOutcome(err) || !errors.Is(err, context.Canceled) {
		t.Fatalf("query: err = %v", err)
	}
	// Already cancelled: the limiter refuses before anything is sent.
	_, err = f2.client().QueryAXE(ctx2, AXEQuery{SubscriptionID: "s"})
	if !errors.Is(err, context.Canceled) || f2.count() != 1 {
		t.Fatalf("cancelled before start: err = %v, %d requests", err, f2.count())
	}
}

func TestUnbindGoneIsNotFound(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) {
		if strings.HasPrefix(r.URL.Path, "/rest/caas/relationnumber") {
			writeJSON(w, http.StatusNotFound, `{"resultcode":"1012007","resultdesc":"The record does not exist."}`)
			return
		}
		writeJSON(w, http.StatusNotFound, `{"resultcode":"1016001","resultdesc":"The record does not exist."}`)
	})
	c := f.client()
	ctx := ctxT(t)
	errs := []error{
		c.UnbindAXB(ctx, AXBUnbindRequest{SubscriptionID: "gone"}),
		c.UnbindAX(ctx, AXUnbindRequest{SubscriptionID: "gone"}),
		c.UnbindAXE(ctx, AXEUnbindRequest{SubscriptionID: "gone"}),
		c.UnbindAXYB(ctx, AXYBUnbindRequest{SubscriptionID: "gone"}),
	}
	_, err := c.GetAXB(ctx, "gone")
	errs = append(errs, err)
	_, err = c.GetAX(ctx, "gone")
	errs = append(errs, err)
	_, err = c.GetAXE(ctx, "gone")
	errs = append(errs, err)
	for i, err := range errs {
		if !IsNotFound(err) {
			t.Errorf("%d: err = %v, want not found", i, err)
		}
	}
	if f.count() != len(errs) {
		t.Errorf("%d requests, want %d (no retries)", f.count(), len(errs))
	}
}

func TestGetMissingInSuccessfulAnswer(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) {
		switch {
		case strings.HasPrefix(r.URL.Path, "/rest/caas/relationnumber"):
			ok(w, `"totalCount":1,"relationNumList":[{"subscriptionId":"other"},{"subscriptionId":"other2"}]`)
		case strings.HasPrefix(r.URL.Path, "/rest/provision"):
			ok(w, `"privateNumList":[]`)
		default:
			ok(w, `"subscriptionId":"other"`)
		}
	})
	c := f.client()
	ctx := ctxT(t)
	if _, err := c.GetAXB(ctx, "s"); !IsNotFound(err) {
		t.Errorf("AXB: %v", err)
	}
	if _, err := c.GetAX(ctx, "s"); !IsNotFound(err) {
		t.Errorf("AX: %v", err)
	}
	if _, err := c.GetAXE(ctx, "s"); !IsNotFound(err) {
		t.Errorf("AXE: %v", err)
	}
	f2 := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) { ok(w, "") })
	if _, err := f2.client().QueryAXE(ctx, AXEQuery{XNumber: numX, Extension: "1"}); !IsNotFound(err) {
		t.Errorf("AXE v1 empty: %v", err)
	}
}

func TestBindWithUnusableSuccess(t *testing.T) {
	for _, body := range []string{`{"resultcode":"0"}`, `{"resultcode":"0","subscriptionId":{}`, `not json`} {
		f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) { writeJSON(w, 200, body) })
		c := f.client()
		ctx := ctxT(t)
		_, e1 := c.BindAXB(ctx, bindReq())
		_, e2 := c.BindAX(ctx, AXBindRequest{ANumber: numA, XNumber: numX})
		_, e3 := c.BindAXE(ctx, AXEBindRequest{ANumber: numA, XNumber: numX})
		_, e4 := c.BindAXYB(ctx, AXYBBindRequest{ANumber: numA})
		_, e5 := c.BindAXYBMember(ctx, AXYBMemberBindRequest{SubscriptionID: "s", BNumber: numB})
		for i, err := range []error{e1, e2, e3, e4, e5} {
			if !IsUnknownOutcome(err) {
				t.Errorf("body %q, bind %d: err = %v, want unknown outcome", body, i, err)
			}
		}
		if f.count() != 5 {
			t.Errorf("%d requests, want 5", f.count())
		}
	}
}

func TestBackoffBounds(t *testing.T) {
	c := &Client{waitMin: 100 * time.Millisecond, waitMax: time.Second}
	for attempt := 1; attempt < 40; attempt++ {
		d := c.backoff(attempt)
		step := min(time.Duration(float64(100*time.Millisecond)*float64(uint64(1)<<min(attempt-1, 30))), time.Second)
		if d < step/2 || d > step {
			t.Errorf("attempt %d: wait %v outside [%v, %v]", attempt, d, step/2, step)
		}
	}
}

// TestRateLimiterSpacesRequests: requests wait on the client's limiter.
// At one request an hour the second one cannot start before the caller's
// deadline, and the limiter says so at once instead of sending it.
func TestRateLimiterSpacesRequests(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) { ok(w, `"privateNumList":[]`) })
	c := f.client(func(c *Config) { c.RequestsPerSecond = 1.0 / 3600 })
	if _, err := c.QueryAX(ctxT(t), AXQuery{XNumber: numX}); err != nil {
		t.Fatal(err)
	}
	_, err := c.QueryAX(ctxT(t), AXQuery{XNumber: numX})
	if err == nil || !strings.Contains(err.Error(), "waiting for the client rate limiter") {
		t.Fatalf("second request within the hour: err = %v, want the limiter's refusal", err)
	}
	if f.count() != 1 {
		t.Errorf("%d requests reached the server, want 1", f.count())
	}
	// The rate and burst follow requests_per_second.
	c20 := f.client(func(c *Config) { c.RequestsPerSecond = 20 })
	if c20.limiter.Limit() != 20 || c20.limiter.Burst() != 20 {
		t.Errorf("limiter %v/s burst %d, want 20/s burst 20", c20.limiter.Limit(), c20.limiter.Burst())
	}
}
