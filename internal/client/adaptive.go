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
// retry mode (a CUBIC-like climb after a multiplicative cut):
//
//   - without RequestsPerSecond the client starts with no rate limit at all
//     (the engine's parallelism bounds the concurrency);
//   - a flow-control answer (1010010 without HTTP 401, or HTTP 429) cuts the
//     allowed rate to adaptiveBeta times the rate actually sent (the
//     measured send rate, or the allowed rate if that is lower; at the first
//     refusal, the requests sent in the last second), at most once per
//     wave: refusals of requests sent before the last cut do not cut again.
//     A refusal within a second of a cut (the rate is still far above the
//     quota) cuts deeper, by adaptiveBetaAgain. The rate the cut started
//     from is remembered (lastMax: a rate the platform refused);
//   - every other answer lets the rate climb on a cubic curve of the time
//     since the last cut: fast at first, flat as it nears lastMax (reached
//     after a window of 4 to 10 s), then probing above it, slowly at first and
//     faster the longer the platform accepts, so that a raised quota is
//     found in seconds. Above lastMax the rate stays below twice the
//     measured send rate, so that an idle provider does not drift upwards;
//   - requests are paced one after another at the allowed rate (no burst):
//     the callers queue, and only the head of the queue waits for the next
//     slot, so that a cut applies at once to every waiting request, and a
//     queue as long as the engine's parallelism holds no slots taken at an
//     old rate;
//   - RequestsPerSecond, when set, is a fixed rate and so a hard upper
//     bound (with a burst of one second's worth): the limiter neither cuts
//     nor raises it, and refused requests are retried with backoff, as
//     before the adaptive default. Adapting below it was tried and
//     dropped: refusals that do not depend on the rate (a platform that
//     refuses one request in ten whatever the rate, like the emulator's
//     rate_limit fault) drive an AIMD limiter down to a few requests a
//     second, and a user who sets a rate at or below the application's
//     quota wants that rate.
//
// The methods ending in At take the time explicitly, so that the unit tests
// drive the limiter with a fake clock.
const (
	adaptiveBeta      = 0.7         // multiplicative decrease on flow control
	adaptiveBetaAgain = 0.5         // the decrease when refused again within adaptiveRecut of a cut
	adaptiveRecut     = time.Second // "right after a cut": the rate is still far above the quota
	// The climb after a cut gets back to the rate the cut started from
	// after a window of adaptiveWindow, or of adaptiveCycle requests at
	// that rate if that is longer (at most adaptiveWindowMax): every cycle
	// ends with about one refused request, so a cycle of at least 40
	// requests keeps the refused share near 2.5% even at small quotas.
	adaptiveWindow    = 4 * time.Second
	adaptiveCycle     = 40.0
	adaptiveWindowMax = 10 * time.Second
	adaptiveMinRate   = 0.5                    // requests per second; the floor of a cut
	measureBucket     = 500 * time.Millisecond // send-rate measurement window
	measureSmooth     = 0.8                    // weight of the newest window in the measured send rate
)

// adaptiveLimiter is the one limiter of a Client, shared by every operation.
type adaptiveLimiter struct {
	turn      chan struct{} // capacity 1: held by the request at the head of the queue
	mu        sync.Mutex
	fixed     bool          // RequestsPerSecond was set: a fixed rate, never adapted
	active    bool          // false: no limit in force (not fixed, no flow control seen yet)
	allowed   float64       // the allowed rate while active, requests per second
	tolerance time.Duration // how far ahead of its slot a request may go (the burst)
	tat       time.Time     // the next request's slot (GCRA's theoretical arrival time)
	lastMax   float64       // the rate the last cut started from
	lastCut   time.Time
	first     time.Time // the first request
	bucket    time.Time // start of the current measurement window
	count     int       // requests sent in the current window
	prevCount int       // requests sent in the window before it (0 if that was not the last one)
	measured  float64   // smoothed send rate, requests per second
}

// newAdaptiveLimiter returns an adaptive limiter that starts without a limit
// (ceiling <= 0, NaN or infinite), or a fixed one at ceiling.
func newAdaptiveLimiter(ceiling float64) *adaptiveLimiter {
	a := &adaptiveLimiter{turn: make(chan struct{}, 1)}
	if ceiling <= 0 || math.IsNaN(ceiling) || math.IsInf(ceiling, 0) {
		return a
	}
	a.fixed, a.active, a.allowed = true, true, ceiling
	a.tolerance = time.Duration(float64(a.burstLocked()-1) * float64(time.Second) / ceiling)
	return a
}

// Limit is the allowed rate now; rate.Inf while no limit is in force.
func (a *adaptiveLimiter) Limit() rate.Limit {
	a.mu.Lock()
	defer a.mu.Unlock()
	if !a.active {
		return rate.Inf
	}
	return rate.Limit(a.allowed)
}

// Burst is how many requests may go at once after a pause: one second's
// worth for a fixed rate, 1 for an adaptive one, 0 while no limit is in force.
func (a *adaptiveLimiter) Burst() int {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.burstLocked()
}

func (a *adaptiveLimiter) burstLocked() int {
	switch {
	case !a.active:
		return 0
	case a.fixed:
		return max(1, int(math.Ceil(a.allowed)))
	}
	return 1
}

// takeAt lets one request go at now if its slot has come, and records it
// for the measured send rate; otherwise it returns how long until the slot.
// Only the head of the queue calls it while a limit is in force.
func (a *adaptiveLimiter) takeAt(now time.Time) time.Duration {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.active {
		if d := a.tat.Add(-a.tolerance).Sub(now); d > 0 {
			return d
		}
		a.tat = later(a.tat, now).Add(a.interval())
	}
	a.sentLocked(now)
	return 0
}

// interval is the spacing of requests at the allowed rate.
func (a *adaptiveLimiter) interval() time.Duration {
	return time.Duration(float64(time.Second) / a.allowed)
}

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// sentLocked records a request sent at t for the measured send rate.
func (a *adaptiveLimiter) sentLocked(t time.Time) {
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
		a.prevCount = 0
		if b.Sub(a.bucket) == measureBucket {
			a.prevCount = a.count
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

// sentLastSecond is the number of requests sent in the current and the
// previous measurement window (at most a second), taken as a rate over a
// whole second: at the first refusal, the rate to cut from. (An
// unconstrained start sends as many requests as the engine's parallelism
// within one round trip: taken over that round trip, they would read as a
// rate far above any quota, and the cuts would take several round trips,
// each one full of refused requests, to come down to it.)
func (a *adaptiveLimiter) sentLastSecond() float64 {
	return float64(a.count+a.prevCount) / (2 * measureBucket).Seconds()
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
	base := a.sentLastSecond()
	if a.active {
		base = min(a.allowed, a.sendRate(now))
	}
	base = max(base, adaptiveMinRate)
	beta := adaptiveBeta
	if a.active && now.Sub(a.lastCut) < adaptiveRecut {
		beta = adaptiveBetaAgain // refused again right after a cut: still far above the quota
	}
	a.lastMax, a.lastCut = base, now
	a.active, a.allowed = true, max(base*beta, adaptiveMinRate)
	// The platform's bucket is empty: the next request one interval at
	// the new rate from now, whatever slot was due at the old rate.
	a.tat = later(a.tat, now.Add(a.interval()))
	return true
}

// answeredAt takes an answer that was not flow control, at now: the rate
// climbs on the cubic curve since the last cut (cubicRate), and above the
// rate of the last cut only as far as twice the measured send rate.
func (a *adaptiveLimiter) answeredAt(now time.Time) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.fixed || !a.active {
		return // a fixed rate, or no limit: nothing to recover
	}
	r := min(cubicRate(a.lastMax, now.Sub(a.lastCut)), max(a.lastMax, 2*a.sendRate(now)))
	a.allowed = max(r, adaptiveMinRate)
}

// cubicRate is the allowed rate elapsed after a cut from lastMax:
// adaptiveBeta*lastMax at the cut, lastMax after adaptiveWindow, flat
// around it, then rising ever faster (1.3 lastMax after twice the window,
// 3.4 lastMax after three times).
func cubicRate(lastMax float64, elapsed time.Duration) float64 {
	k := min(max(adaptiveWindow.Seconds(), adaptiveCycle/lastMax), adaptiveWindowMax.Seconds())
	x := elapsed.Seconds()/k - 1
	return lastMax * (1 + (1-adaptiveBeta)*x*x*x)
}

// wait blocks until the limiter lets one request go, and returns when it
// went: the time its flow-control answer, if any, is matched against.
// Without a limit in force it returns at once; otherwise the callers queue
// (turn) and the head of the queue waits for its slot at the allowed rate,
// read afresh after every wake-up, so that a cut or a raise applies to it.
func (a *adaptiveLimiter) wait(ctx context.Context) (time.Time, error) {
	if err := ctx.Err(); err != nil {
		return time.Time{}, err
	}
	if now := time.Now(); a.takeUnlimited(now) {
		return now, nil
	}
	select {
	case a.turn <- struct{}{}:
	case <-ctx.Done():
		return time.Time{}, ctx.Err()
	}
	defer func() { <-a.turn }()
	for {
		now := time.Now()
		delay := a.takeAt(now)
		if delay <= 0 {
			return now, nil
		}
		if dl, ok := ctx.Deadline(); ok && now.Add(delay).After(dl) {
			return time.Time{}, fmt.Errorf("the next slot is in %v, after the context's deadline", delay.Round(time.Millisecond))
		}
		if err := sleepCtx(ctx, delay); err != nil {
			return time.Time{}, err
		}
	}
}

// takeUnlimited records a request sent at now and reports true when no
// limit is in force.
func (a *adaptiveLimiter) takeUnlimited(now time.Time) bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.active {
		return false
	}
	a.sentLocked(now)
	return true
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
