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
	retryAfter string // sent with every refusal when not empty
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
	h := http.Header{"Content-Type": {"application/json;charset=UTF-8"}}
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
	return &http.Response{
		StatusCode: status, Header: h, Request: req,
		Body: io.NopCloser(strings.NewReader(body)), ContentLength: int64(len(body)),
	}, nil
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

// simClient is a Client whose requests go to p, with the given fixed rate
// (0: the adaptive default) and the default retry settings.
func simClient(t *testing.T, p *quotaPlatform, rps float64) *Client {
	t.Helper()
	c, err := New(Config{Endpoint: "https://platform.invalid", AppKey: testKey, AppSecret: testSecret, RequestsPerSecond: rps})
	if err != nil {
		t.Fatal(err)
	}
	c.http = &http.Client{Transport: p}
	return c
}

// simLoad is what the engine does: par callers working through ops queries,
// each taking think of its own time (the engine's work) between them. It
// returns the number of failed operations and when the last one ended.
func simLoad(c *Client, par, ops int, think time.Duration) (failed int, took time.Duration) {
	start := time.Now()
	var mu sync.Mutex
	next := 0
	var wg sync.WaitGroup
	for range par {
		wg.Go(func() {
			for {
				mu.Lock()
				if next == ops {
					mu.Unlock()
					return
				}
				next++
				mu.Unlock()
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
	return failed, time.Since(start)
}

func share(served, refused int) float64 {
	if served+refused == 0 {
		return 0
	}
	return float64(refused) / float64(served+refused)
}

// TestAdaptiveSimProbe prints the behaviour of the limiter under quotas
// and parallelisms (a diagnostic; -v).
func TestAdaptiveSimProbe(t *testing.T) {
	for _, tc := range []struct {
		q        float64
		par, ops int
	}{{5, 10, 300}, {5, 50, 300}, {100, 10, 2000}, {100, 50, 2000}, {20, 10, 1200}} {
		synctest.Test(t, func(t *testing.T) {
			p := newQuotaPlatform(tc.q)
			c := simClient(t, p, 0)
			failed, took := simLoad(c, tc.par, tc.ops, time.Millisecond)
			secs := int(took/time.Second) + 1
			s, r := p.window(0, secs)
			s10, r10 := p.window(10, secs)
			t.Logf("Q=%g P=%d N=%d: %.1fs (%.2fx N/Q), failed %d, refused %d/%d (%.1f%%), after 10s %.1f%%; limit now %.1f",
				tc.q, tc.par, tc.ops, took.Seconds(), took.Seconds()/(float64(tc.ops)/tc.q), failed, r, s+r, 100*share(s, r), 100*share(s10, r10), c.limiter.Limit())
			t.Logf("  refused by second: %v", p.refused)
		})
	}
}

func TestAdaptiveSimTrace(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		p := newQuotaPlatform(5)
		c := simClient(t, p, 0)
		done := make(chan struct{})
		go func() {
			for {
				select {
				case <-done:
					return
				case <-time.After(time.Second):
				}
				c.limiter.mu.Lock()
				t.Logf("t=%v allowed=%.2f lastMax=%.2f measured=%.2f", time.Since(p.start), c.limiter.allowed, c.limiter.lastMax, c.limiter.measured)
				c.limiter.mu.Unlock()
			}
		}()
		simLoad(c, 50, 300, time.Millisecond)
		close(done)
		t.Logf("served %v", p.served)
	})
}
