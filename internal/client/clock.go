package client

import (
	"net/http"
	"time"
)

// The platform's clock, as its answers carry it (the HTTP Date header).
// Decisions about expiry compare the platform's times (subscribeTime, a
// binding's end) with this clock rather than the runner's, so a runner whose
// clock is wrong still plans right (DESIGN.md, "Time comes from the platform").

// clockResolution is the Date header's resolution: a difference below it
// between the two clocks is the header's rounding, not a skew.
const clockResolution = 2 * time.Second

// noteDate records how far the platform's clock is from this machine's,
// from one answer's Date header; an answer without a valid one changes nothing.
func (c *Client) noteDate(h http.Header) {
	t, err := http.ParseTime(h.Get("Date"))
	if err != nil {
		return
	}
	skew := t.Sub(c.now())
	if skew > -clockResolution && skew < clockResolution {
		skew = 0
	}
	c.skew.Store(int64(skew))
	c.skewKnown.Store(true)
}

// PlatformNow is the platform's current time as its latest answer told it:
// this machine's clock plus the skew that answer showed; fromAnswer is
// false before any answer with a Date, when it is this machine's clock.
func (c *Client) PlatformNow() (now time.Time, fromAnswer bool) {
	return c.now().Add(time.Duration(c.skew.Load())).UTC(), c.skewKnown.Load()
}
