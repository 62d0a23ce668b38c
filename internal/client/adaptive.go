package client

import (
	"context"
	"fmt"
	"math"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// Adaptive rate limiting (issue 15), modelled on the AWS SDKs' adaptive
// retry mode, with additive rather than cubic increase:
//
//   - without RequestsPerSecond the client starts with no rate limit at all
//     (the engine's parallelism bounds the concurrency);
//   - a flow-control answer (1010010 without HTTP 401, or HTTP 429) cuts the
//     allowed rate to adaptiveBeta times the rate actually sent (the measured
//     send rate, or the allowed rate if that is lower), at most once per
//     wave: refusals of requests sent before the last cut do not cut again;
//   - every other answer raises the allowed rate by adaptiveRaise of the
//     rate at the last cut per second of elapsed time (linear back to that
//     rate; above it, by adaptiveRaise of the allowed rate, so that a deep
//     cut or a raised quota is recovered in tens of seconds, not minutes),
//     but only while the limiter is what holds the client back (the allowed
//     rate is below twice the measured send rate), so that an idle provider
//     does not drift upwards;
//   - RequestsPerSecond, when set, is a fixed rate and so a hard upper
//     bound: the limiter neither cuts nor raises it, and refused requests
//     are retried with backoff, as before the adaptive default. Adapting
//     below it was tried and dropped: refusals that do not depend on the
//     rate (a platform that refuses one request in ten whatever the rate,
//     like the emulator's rate_limit fault) drive an AIMD limiter down to a
//     few requests a second, and a user who sets a rate at or below the
//     application's quota wants that rate.
//
// Every method takes the time explicitly, so that the unit tests drive the
// limiter with a fake clock.
const (
	adaptiveBeta    = 0.7                    // multiplicative decrease on flow control
	adaptiveRaise   = 0.1                    // additive increase: share of the last cut-off rate per second
	adaptiveMinRate = 0.5                    // requests per second; the floor of a cut
	measureBucket   = 500 * time.Millisecond // send-rate measurement window
	measureSmooth   = 0.8                    // weight of the newest window in the measured send rate
)

// adaptiveLimiter is the one limiter of a Client, shared by every operation.
type adaptiveLimiter struct {
	mu        sync.Mutex
	lim       *rate.Limiter
	fixed     bool          // RequestsPerSecond was set: a fixed rate, never adapted
	cuts      chan struct{} // closed (and replaced) at every cut: wakes the waiting requests to take a slot at the new rate
	active    bool          // false: no limit in force (not fixed, no flow control seen yet)
	allowed   float64       // the allowed rate while active
	lastMax   float64       // the rate the last cut started from
	lastCut   time.Time
	lastRaise time.Time
	first     time.Time // the first request
	bucket    time.Time // start of the current measurement window
	count     int       // requests sent in the current window
	measured  float64   // smoothed send rate, requests per second
}

// newAdaptiveLimiter returns an adaptive limiter that starts without a limit
// (ceiling <= 0, NaN or infinite), or a fixed one at ceiling.
func newAdaptiveLimiter(ceiling float64) *adaptiveLimiter {
	if ceiling <= 0 || math.IsNaN(ceiling) || math.IsInf(ceiling, 0) {
		// The rate.Limiter stays finite (rate.Inf would make its token
		// arithmetic NaN on a later SetLimitAt); it is bypassed until
		// the first flow-control answer.
		return &adaptiveLimiter{lim: rate.NewLimiter(rate.Limit(1), 1)}
	}
	return &adaptiveLimiter{
		lim:     rate.NewLimiter(rate.Limit(ceiling), max(1, int(math.Ceil(ceiling)))),
		fixed:   true,
		active:  true,
		allowed: ceiling,
	}
}

// Limit is the allowed rate now; rate.Inf while no limit is in force.
func (a *adaptiveLimiter) Limit() rate.Limit {
	a.mu.Lock()
	defer a.mu.Unlock()
	if !a.active {
		return rate.Inf
	}
	return a.lim.Limit()
}

// Burst is the burst of the underlying token bucket (0 while no limit is in force).
func (a *adaptiveLimiter) Burst() int {
	a.mu.Lock()
	defer a.mu.Unlock()
	if !a.active {
		return 0
	}
	return a.lim.Burst()
}

// reserveAt takes a token at now and returns how long the request must wait.
// cancel gives the token back when the request is not sent after all; cut is
// closed when the rate is cut meanwhile (the slot was taken at the old rate,
// so the waiting request should give it back and take a new one).
func (a *adaptiveLimiter) reserveAt(now time.Time) (delay time.Duration, cancel func(), cut <-chan struct{}) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if !a.active {
		return 0, func() {}, nil
	}
	if a.cuts == nil {
		a.cuts = make(chan struct{})
	}
	r := a.lim.ReserveN(now, 1) // burst >= 1, so always OK
	return r.DelayFrom(now), func() { r.CancelAt(time.Now()) }, a.cuts
}

// sentAt records a request sent at t for the measured send rate.
func (a *adaptiveLimiter) sentAt(t time.Time) {
	a.mu.Lock()
	defer a.mu.Unlock()
	b := t.Truncate(measureBucket)
	if a.bucket.IsZero() {
		a.bucket, a.first = b, t
	}
	if b.After(a.bucket) {
		cur := float64(a.count) / b.Sub(a.bucket).Seconds()
		if a.measured == 0 {
			a.measured = cur
		} else {
			a.measured = measureSmooth*cur + (1-measureSmooth)*a.measured
		}
		a.bucket, a.count = b, 0
	}
	a.count++
}

// sendRate is the measured send rate; before the first window closes, the
// requests so far over the time since the first one.
func (a *adaptiveLimiter) sendRate(now time.Time) float64 {
	if a.measured > 0 {
		return a.measured
	}
	elapsed := max(now.Sub(a.first), measureBucket/10)
	return float64(a.count) / elapsed.Seconds()
}

// throttledAt takes a flow-control answer at now to a request sent at sent.
// It reports whether the allowed rate was cut.
func (a *adaptiveLimiter) throttledAt(now, sent time.Time) bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.fixed {
		return false
	}
	if a.active && !a.lastCut.IsZero() && sent.Before(a.lastCut) {
		return false // this wave was already answered with a cut
	}
	base := a.sendRate(now)
	if a.active && (base <= 0 || a.allowed < base) {
		base = a.allowed
	}
	base = max(base, adaptiveMinRate)
	a.lastMax = base
	a.lastCut, a.lastRaise = now, now
	if a.cuts != nil {
		close(a.cuts)
		a.cuts = nil
	}
	a.set(now, max(base*adaptiveBeta, adaptiveMinRate))
	return true
}

// answeredAt takes an answer that was not flow control, at now.
func (a *adaptiveLimiter) answeredAt(now time.Time) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.fixed || !a.active {
		return // a fixed rate, or no limit: nothing to recover
	}
	elapsed := now.Sub(a.lastRaise)
	if elapsed <= 0 {
		return
	}
	a.lastRaise = now
	if a.allowed >= 2*a.sendRate(now) {
		return // the limiter does not hold the client back: no evidence to raise on
	}
	a.set(now, a.allowed+adaptiveRaise*max(a.lastMax, a.allowed)*elapsed.Seconds())
}

// set makes r the allowed rate, with a burst of a tenth of a second's worth
// (at least 1) so that a recovered rate does not start with a flood.
func (a *adaptiveLimiter) set(now time.Time, r float64) {
	a.active, a.allowed = true, r
	a.lim.SetLimitAt(now, rate.Limit(r))
	a.lim.SetBurstAt(now, max(1, int(math.Ceil(r/10))))
}

// wait blocks until the limiter lets one request go, and returns when its
// slot was reserved: the time its flow-control answer, if any, is matched
// against (a request whose slot was taken at the old rate, before a cut,
// does not cut again even when it goes out after the cut).
func (a *adaptiveLimiter) wait(ctx context.Context) (time.Time, error) {
	if err := ctx.Err(); err != nil {
		return time.Time{}, err
	}
	for {
		now := time.Now()
		delay, cancel, cut := a.reserveAt(now)
		if delay <= 0 {
			a.sentAt(now)
			return now, nil
		}
		if dl, ok := ctx.Deadline(); ok && now.Add(delay).After(dl) {
			cancel()
			return time.Time{}, fmt.Errorf("the next slot is in %v, after the context's deadline", delay.Round(time.Millisecond))
		}
		t := time.NewTimer(delay)
		select {
		case <-ctx.Done():
			t.Stop()
			cancel()
			return time.Time{}, ctx.Err()
		case <-cut:
			// The rate was cut while this request waited for a slot
			// taken at the old rate: take a new one.
			t.Stop()
			cancel()
			continue
		case <-t.C:
		}
		a.sentAt(time.Now())
		return now, nil
	}
}

// maxRetryAfter bounds how long a Retry-After header may hold a retry.
const maxRetryAfter = 2 * time.Minute

// retryAfter reads a Retry-After header (delay-seconds or an HTTP date,
// RFC 9110 §10.2.3) relative to now; ok is false when it is absent or
// unreadable. The wait is capped at maxRetryAfter.
func retryAfter(h http.Header, now time.Time) (time.Duration, bool) {
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return 0, false
	}
	var d time.Duration
	if secs, err := strconv.ParseInt(v, 10, 64); err == nil {
		if secs < 0 {
			return 0, false
		}
		d = time.Duration(min(secs, int64(maxRetryAfter/time.Second))) * time.Second
	} else if t, err := http.ParseTime(v); err == nil {
		d = max(t.Sub(now), 0)
	} else {
		return 0, false
	}
	return min(d, maxRetryAfter), true
}
