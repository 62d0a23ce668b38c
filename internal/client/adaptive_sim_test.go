package client

import (
	"context"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"golang.org/x/time/rate"
)

// The tests below run the real Client (its retry loop, its shared limiter,
// its backoff) with P callers in parallel, as the engine does, against a
// platform quota simulated in process: a token bucket like the emulator's
// (rate Q, burst Q) that answers 1010010 beyond it. They run in a
// testing/synctest bubble, so the clock is virtual: a minute of traffic
// takes a fraction of a second and no assertion depends on the machine's
// speed.

// quotaPlatform is an http.RoundTripper answering a query with success, or
// with flow control when the application's quota is exhausted. It records
// every answer by the (virtual) second it was given in.
type quotaPlatform struct {
	mu         sync.Mutex
	quota      *rate.Limiter
	retryAfter string        // sent with every refusal when not empty
	latency    time.Duration // from the quota's decision to the answer
	start      time.Time
	served     []int // by second since start
	refused    []int
}

func newQuotaPlatform(q float64) *quotaPlatform {
	return &quotaPlatform{quota: rate.NewLimiter(rate.Limit(q), int(q)), start: time.Now()}
}

// setQuota changes the quota (rate Q, burst Q) from now on.
func (p *quotaPlatform) setQuota(q float64) {
	p.mu.Lock()
	defer p.mu.Unlock()
	now := time.Now()
	p.quota.SetLimitAt(now, rate.Limit(q))
	p.quota.SetBurstAt(now, int(q))
}

func (p *quotaPlatform) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Body != nil {
		_, _ = io.Copy(io.Discard, req.Body)
		_ = req.Body.Close()
	}
	p.mu.Lock()
	now := time.Now()
	sec := int(now.Sub(p.start) / time.Second)
	for len(p.served) <= sec {
		p.served, p.refused = append(p.served, 0), append(p.refused, 0)
	}
	allowed := p.quota.AllowN(now, 1)
	status, body := http.StatusOK, `{"resultcode":"0","resultdesc":"Success","privateNumList":[]}`
	h := http.Header{}
	if allowed {
		p.served[sec]++
	} else {
		p.refused[sec]++
		status, body = http.StatusTooManyRequests, `{"resultcode":"1010010","resultdesc":"flow control"}`
		if p.retryAfter != "" {
			h.Set("Retry-After", p.retryAfter)
		}
	}
	p.mu.Unlock()
	time.Sleep(p.latency)
	return jsonAnswer(status, h, body), nil
}

// window sums the answers given in the seconds [from, to).
func (p *quotaPlatform) window(from, to int) (served, refused int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for s := from; s < to && s < len(p.served); s++ {
		served += p.served[s]
		refused += p.refused[s]
	}
	return served, refused
}

// roundTripFunc is an in-process platform.
type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.Body != nil {
		_, _ = io.Copy(io.Discard, r.Body)
		_ = r.Body.Close()
	}
	return f(r)
}

// jsonAnswer is an HTTP answer with a JSON body.
func jsonAnswer(status int, h http.Header, body string) *http.Response {
	if h == nil {
		h = http.Header{}
	}
	h.Set("Content-Type", "application/json;charset=UTF-8")
	return &http.Response{StatusCode: status, Header: h, Body: io.NopCloser(strings.NewReader(body)), ContentLength: int64(len(body))}
}

// simClient is a Client whose requests go to p, with the given fixed rate
// (0: the adaptive default) and the default retry settings.
func simClient(t *testing.T, p http.RoundTripper, rps float64) *Client {
	t.Helper()
	c, err := New(Config{Endpoint: "https://platform.invalid", AppKey: testKey, AppSecret: testSecret, RequestsPerSecond: rps})
	if err != nil {
		t.Fatal(err)
	}
	c.http = &http.Client{Transport: p}
	return c
}

// simLoad is what the engine does: par callers sending queries one after
// another, each taking think of its own time (the engine's work) before
// each, until the virtual clock reaches the end. It returns the number of
// failed operations.
func simLoad(c *Client, par int, d, think time.Duration) (failed int) {
	end := time.Now().Add(d)
	var mu sync.Mutex
	var wg sync.WaitGroup
	for range par {
		wg.Go(func() {
			for time.Now().Before(end) {
				time.Sleep(think)
				if _, err := c.QueryAX(context.Background(), AXQuery{XNumber: numX}); err != nil {
					mu.Lock()
					failed++
					mu.Unlock()
				}
			}
		})
	}
	wg.Wait()
	return failed
}

// phase runs the load from second from to second to of the platform's clock
// and returns what the platform served per second and the share refused.
func (p *quotaPlatform) phase(t *testing.T, c *Client, par, from, to int) (perSec, refusedShare float64) {
	t.Helper()
	d := time.Until(p.start.Add(time.Duration(to) * time.Second))
	if failed := simLoad(c, par, d, time.Millisecond); failed > 0 {
		t.Errorf("%d operations failed", failed)
	}
	served, refused := p.window(from, to)
	if served+refused > 0 {
		refusedShare = float64(refused) / float64(served+refused)
	}
	return float64(served) / float64(to-from), refusedShare
}

// TestAdaptiveClientUnderQuota: the default client with 10 and with 50
// parallel callers finds a quota of 100 requests a second (after an
// unconstrained start) and then gets at least 90 answers a second with at
// most 5% of its requests refused; when the quota rises to 300, it climbs
// to at least 240 a second within 30 seconds, still with few refusals.
func TestAdaptiveClientUnderQuota(t *testing.T) {
	for _, par := range []int{10, 50} {
		synctest.Test(t, func(t *testing.T) {
			p := newQuotaPlatform(100)
			p.latency = 20 * time.Millisecond
			c := simClient(t, p, 0)
			p.phase(t, c, par, 0, 10) // converge
			perSec, refused := p.phase(t, c, par, 10, 60)
			t.Logf("parallelism %d, quota 100/s: %.1f answers a second, %.2f%% refused", par, perSec, 100*refused)
			if perSec < 90 || refused > 0.05 {
				t.Errorf("parallelism %d, quota 100/s: %.1f answers a second with %.2f%% refused; want >= 90 and <= 5%%", par, perSec, 100*refused)
			}
			p.setQuota(300)
			p.phase(t, c, par, 60, 90) // climb
			perSec, refused = p.phase(t, c, par, 90, 120)
			t.Logf("parallelism %d, quota 300/s: %.1f answers a second, %.2f%% refused", par, perSec, 100*refused)
			if perSec < 240 || refused > 0.05 {
				t.Errorf("parallelism %d, after the quota rose to 300/s: %.1f answers a second with %.2f%% refused; want >= 240 and <= 5%%", par, perSec, 100*refused)
			}
		})
	}
}

// TestAdaptiveClientUnderSmallQuota: a quota of 5 requests a second, where
// one request too many is already a large share: with 10 and 50 parallel
// callers, at most 5% refused once the limiter has found the quota, and at
// least 4.5 answers a second.
func TestAdaptiveClientUnderSmallQuota(t *testing.T) {
	for _, par := range []int{10, 50} {
		synctest.Test(t, func(t *testing.T) {
			p := newQuotaPlatform(5)
			c := simClient(t, p, 0)
			p.phase(t, c, par, 0, 10)
			perSec, refused := p.phase(t, c, par, 10, 130)
			t.Logf("parallelism %d, quota 5/s: %.2f answers a second, %.2f%% refused", par, perSec, 100*refused)
			if perSec < 4.5 || refused > 0.05 {
				t.Errorf("parallelism %d, quota 5/s: %.2f answers a second with %.2f%% refused; want >= 4.5 and <= 5%%", par, perSec, 100*refused)
			}
		})
	}
}

// TestFixedRateIsHardCapUnderParallelCallers: with requests_per_second set,
// 50 parallel callers never send faster than it (a burst of one second's
// worth at most), whether the quota is far above it or below it, and the
// rate does not move.
func TestFixedRateIsHardCapUnderParallelCallers(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		p := newQuotaPlatform(1000)
		c := simClient(t, p, 50)
		perSec, _ := p.phase(t, c, 50, 0, 20)
		if perSec > 50+50.0/20 || perSec < 45 {
			t.Errorf("cap 50/s, quota 1000/s: %.1f answers a second, want about 50 and never more than the cap", perSec)
		}
		p.setQuota(20)
		c.retries = 1000 // every refused request retried: only the rate is under test
		p.phase(t, c, 50, 20, 40)
		served, refused := p.window(20, 40)
		if sent := float64(served+refused) / 20; sent > 50+50.0/20 || refused == 0 {
			t.Errorf("cap 50/s, quota 20/s: %.1f requests a second, %d refused; want at most 50 a second and refusals", sent, refused)
		}
		if c.limiter.Limit() != 50 {
			t.Errorf("the fixed rate moved to %v", c.limiter.Limit())
		}
	})
}
