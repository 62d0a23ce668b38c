package client

import (
	"context"
	"net/http"
	"testing"
	"testing/synctest"
	"time"

	"golang.org/x/time/rate"
)

// simStart is the fake clock's origin for the limiter simulations.
var simStart = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// quotaSim drives an adaptiveLimiter against a platform quota (a token
// bucket like the emulator's) on a fake clock: one request after another,
// at most one per millisecond (the speed of the client's callers), each
// answered at once. Nothing sleeps: the limiter's delays move the clock.
type quotaSim struct {
	t      *testing.T
	lim    *adaptiveLimiter
	quota  *rate.Limiter
	now    time.Time
	maxLim rate.Limit // highest allowed rate seen
}

func newQuotaSim(t *testing.T, ceiling, quota float64) *quotaSim {
	return &quotaSim{
		t:     t,
		lim:   newAdaptiveLimiter(ceiling),
		quota: rate.NewLimiter(rate.Limit(quota), int(quota)),
		now:   simStart,
	}
}

// setQuota changes the platform's quota (rate and burst) from now on.
func (s *quotaSim) setQuota(q float64) {
	s.quota.SetLimitAt(s.now, rate.Limit(q))
	s.quota.SetBurstAt(s.now, int(q))
}

// run sends requests for d and returns how many were answered and refused.
func (s *quotaSim) run(d time.Duration) (served, refused int) {
	end := s.now.Add(d)
	for s.now.Before(end) {
		if delay := s.lim.takeAt(s.now); delay > 0 {
			s.now = s.now.Add(delay)
			continue
		}
		sent := s.now
		if s.quota.AllowN(sent, 1) {
			served++
			s.lim.answeredAt(sent)
		} else {
			refused++
			s.lim.throttledAt(sent, sent)
		}
		if l := s.lim.Limit(); l != rate.Inf && l > s.maxLim {
			s.maxLim = l
		}
		s.now = s.now.Add(time.Millisecond)
	}
	return served, refused
}

// TestAdaptiveLimiterConvergesAndRecovers: without requests_per_second the
// client starts unlimited (1,000 requests a second here), finds a quota of
// 100 a second with few refusals, and when the quota rises to 300 climbs
// back up to it.
func TestAdaptiveLimiterConvergesAndRecovers(t *testing.T) {
	s := newQuotaSim(t, 0, 100)
	if s.lim.Limit() != rate.Inf {
		t.Fatalf("the default limiter starts at %v, want no limit", s.lim.Limit())
	}
	served, refused := s.run(time.Second)
	if s.lim.Limit() == rate.Inf || refused == 0 {
		t.Fatalf("after the first refusals (%d) the limiter still has no limit", refused)
	}
	if refused > 20 {
		t.Errorf("first second: %d of %d requests refused, want the limiter to back off within a few", refused, served+refused)
	}
	s.run(29 * time.Second) // settle
	served, refused = s.run(30 * time.Second)
	perSec := float64(served) / 30
	share := float64(refused) / float64(served+refused)
	t.Logf("quota 100/s: %.1f served per second, %.2f%% refused, limit now %.1f", perSec, 100*share, s.lim.Limit())
	if perSec < 85 || perSec > 101 {
		t.Errorf("under a 100/s quota the client gets %.1f answers a second, want 85-101", perSec)
	}
	if share > 0.05 {
		t.Errorf("%.1f%% of requests refused, want at most 5%%", 100*share)
	}

	s.setQuota(300)
	s.run(40 * time.Second) // additive climb
	served, refused = s.run(20 * time.Second)
	perSec = float64(served) / 20
	share = float64(refused) / float64(served+refused)
	t.Logf("quota 300/s: %.1f served per second, %.2f%% refused, limit now %.1f", perSec, 100*share, s.lim.Limit())
	if perSec < 240 {
		t.Errorf("after the quota rose to 300/s the client gets %.1f answers a second, want >= 240 (the limiter did not recover)", perSec)
	}
	if share > 0.05 {
		t.Errorf("%.1f%% of requests refused at 300/s, want at most 5%%", 100*share)
	}
}

// TestAdaptiveLimiterHardCap: requests_per_second is a fixed rate and so a
// hard bound: the client never sends faster, whatever the quota, and a
// refusal does not move it (the refused requests are retried).
func TestAdaptiveLimiterHardCap(t *testing.T) {
	s := newQuotaSim(t, 50, 1000)
	served, _ := s.run(10 * time.Second)
	if perSec := float64(served) / 10; perSec > 55 || perSec < 45 {
		t.Errorf("cap 50/s, quota 1000/s: %.1f requests a second, want about 50", perSec)
	}
	s.setQuota(20)
	served, refused := s.run(30 * time.Second)
	if perSec := float64(served+refused) / 30; perSec > 51 || refused == 0 {
		t.Errorf("cap 50/s, quota 20/s: %.1f requests a second, %d refused; want at most 50 a second and refusals", perSec, refused)
	}
	if s.lim.Limit() != 50 || s.maxLim > 50 {
		t.Errorf("the fixed rate moved: now %v, highest %v; want 50", s.lim.Limit(), s.maxLim)
	}
	s.setQuota(1000)
	served, _ = s.run(10 * time.Second)
	if perSec := float64(served) / 10; perSec > 55 || perSec < 45 {
		t.Errorf("back under a 1000/s quota: %.1f requests a second, want about 50", perSec)
	}
}

// TestAdaptiveLimiterOneCutPerWave: refusals of requests sent before the
// last cut (the rest of a burst that was already in flight) do not cut the
// rate again, so a burst of refusals does not collapse it.
func TestAdaptiveLimiterOneCutPerWave(t *testing.T) {
	a := newAdaptiveLimiter(0)
	t0 := simStart
	for i := range 20 {
		a.takeAt(t0.Add(time.Duration(i) * time.Millisecond))
	}
	first := t0.Add(100 * time.Millisecond)
	if !a.throttledAt(first, t0) {
		t.Fatal("the first refusal did not cut the rate")
	}
	cut := a.Limit()
	if cut == rate.Inf || cut >= 200 { // 20 requests in 19 ms: about 1,000 a second
		t.Fatalf("limit %v after a refusal, want a cut well below the send rate", cut)
	}
	for i := range 10 {
		if a.throttledAt(first.Add(time.Duration(i)*time.Millisecond), t0.Add(time.Duration(i)*time.Millisecond)) {
			t.Errorf("refusal %d of a request sent before the cut cut again", i)
		}
	}
	if a.Limit() != cut {
		t.Errorf("limit %v, want %v", a.Limit(), cut)
	}
	if !a.throttledAt(first.Add(time.Second), first.Add(500*time.Millisecond)) || a.Limit() >= cut {
		t.Errorf("a refusal of a request sent after the cut did not cut again: limit %v", a.Limit())
	}
}

// TestRetryAfterHonoured: after a flow-control answer the retry waits what
// the platform's Retry-After says (seconds or an HTTP date), else the
// client's own backoff. The test records the requested waits; it runs on a
// virtual clock, since the refusal also puts the limiter's (slow) rate in
// force for the retry.
func TestRetryAfterHonoured(t *testing.T) {
	for _, tc := range []struct {
		header string
		want   time.Duration // -1: the client's backoff
	}{
		{"3", 3 * time.Second},
		// An HTTP date has whole seconds; the client's clock is at .5 s.
		{testNow.Add(7 * time.Second).UTC().Format(http.TimeFormat), 6500 * time.Millisecond},
		{"86400", maxRetryAfter},
		{"", -1},
		{"soon", -1},
	} {
		synctest.Test(t, func(t *testing.T) {
			n := 0
			c := simClient(t, roundTripFunc(func(*http.Request) (*http.Response, error) {
				n++
				if n == 1 {
					h := http.Header{}
					if tc.header != "" {
						h.Set("Retry-After", tc.header)
					}
					return jsonAnswer(http.StatusTooManyRequests, h, `{"resultcode":"1010010","resultdesc":"flow control"}`), nil
				}
				return jsonAnswer(http.StatusOK, nil, `{"resultcode":"0","resultdesc":"Success",`+bindAnswer+`}`), nil
			}), 0)
			c.now = func() time.Time { return testNow }
			var waits []time.Duration
			c.sleep = func(_ context.Context, d time.Duration) error { waits = append(waits, d); return nil }
			if _, err := c.BindAXB(ctxT(t), bindReq()); err != nil {
				t.Fatalf("Retry-After %q: %v", tc.header, err)
			}
			if n != 2 || len(waits) != 1 {
				t.Fatalf("Retry-After %q: %d requests, waits %v; want 2 requests and one wait", tc.header, n, waits)
			}
			if tc.want >= 0 && waits[0] != tc.want {
				t.Errorf("Retry-After %q: waited %v, want %v", tc.header, waits[0], tc.want)
			}
			if tc.want < 0 && (waits[0] < c.waitMin/2 || waits[0] > c.waitMin) {
				t.Errorf("Retry-After %q: waited %v, want the backoff within [%v, %v]", tc.header, waits[0], c.waitMin/2, c.waitMin)
			}
			if c.limiter.Limit() == rate.Inf {
				t.Errorf("Retry-After %q: the refusal did not cut the client's rate (%v)", tc.header, c.limiter.Limit())
			}
		})
	}
}

// TestDefaultClientUnlimitedUntilPushedBack: a client without
// RequestsPerSecond sends without a limit; one refusal puts a limit in
// force for every later request of that client.
func TestDefaultClientUnlimitedUntilPushedBack(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) {
		if n == 3 {
			writeJSON(w, http.StatusForbidden, `{"resultcode":"1010010","resultdesc":"flow control"}`)
			return
		}
		ok(w, `"privateNumList":[]`)
	})
	c := f.client(func(c *Config) { c.RequestsPerSecond = 0 })
	for range 3 {
		if _, err := c.QueryAX(ctxT(t), AXQuery{XNumber: numX}); err != nil {
			t.Fatal(err)
		}
	}
	if c.limiter.Limit() != rate.Inf {
		t.Fatalf("limit %v before any refusal, want none", c.limiter.Limit())
	}
	if _, err := c.QueryAX(ctxT(t), AXQuery{XNumber: numX}); err != nil || f.count() != 5 {
		t.Fatalf("err %v, %d requests; want the refused one retried", err, f.count())
	}
	if c.limiter.Limit() == rate.Inf {
		t.Error("a flow-control answer left the client without a limit")
	}
}

func TestRetryAfterParsing(t *testing.T) {
	now := simStart
	for _, tc := range []struct {
		v    string
		want time.Duration
		ok   bool
	}{
		{"0", 0, true},
		{" 12 ", 12 * time.Second, true},
		{"-3", 0, false},
		{"1.5", 0, false},
		{now.Add(-time.Minute).Format(http.TimeFormat), 0, true},
		{now.Add(90 * time.Second).Format(http.TimeFormat), 90 * time.Second, true},
		{now.Add(time.Hour).Format(http.TimeFormat), maxRetryAfter, true},
	} {
		h := http.Header{}
		h.Set("Retry-After", tc.v)
		got, ok := retryAfter(h, now)
		if got != tc.want || ok != tc.ok {
			t.Errorf("Retry-After %q: %v %v, want %v %v", tc.v, got, ok, tc.want, tc.ok)
		}
	}
}
