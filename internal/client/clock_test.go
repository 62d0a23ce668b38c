package client

import (
	"net/http"
	"testing"
	"time"
)

// The platform's clock comes from its answers' Date header: a platform three
// hours ahead of this machine makes PlatformNow three hours ahead; the
// header's one-second rounding is not taken for a skew; an answer without a
// Date keeps what the last one said.
func TestPlatformNow_followsTheDateHeader(t *testing.T) {
	ahead := 3 * time.Hour
	dates := []string{testNow.Add(ahead).UTC().Format(http.TimeFormat), "", testNow.Add(900 * time.Millisecond).UTC().Format(http.TimeFormat)}
	f := newFake(t, func(w http.ResponseWriter, _ *http.Request, n int) {
		if d := dates[min(n, len(dates)-1)]; d != "" {
			w.Header()["Date"] = []string{d}
		} else {
			w.Header()["Date"] = nil // net/http adds none when the key is present
		}
		ok(w, `"relationNumList":[]`)
	})
	c := f.client() // this machine's clock is fixed at testNow
	if now, known := c.PlatformNow(); now.Sub(testNow) != 0 || known {
		t.Fatalf("before any answer PlatformNow is %v from this machine's clock, want this machine's clock, not from an answer", now.Sub(testNow))
	}
	check := func(step string, want time.Duration) {
		t.Helper()
		if _, err := c.QueryAXB(ctxT(t), AXBQuery{XNumber: "+8617000000001"}); err != nil {
			t.Fatalf("%s: query: %v", step, err)
		}
		// The Date header has whole seconds: within one second of want.
		now, known := c.PlatformNow()
		if got := now.Sub(testNow); got <= want-time.Second || got > want || !known {
			t.Fatalf("%s: PlatformNow is %v from this machine's clock (from an answer: %v), want %v (to the second) from an answer", step, got, known, want)
		}
	}
	check("platform 3h ahead", ahead)
	check("answer without Date", ahead)
	check("clocks agree within the header's rounding", 0)
}
