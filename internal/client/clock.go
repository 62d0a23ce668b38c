package client

import (
	"net/http"
	"sync"
	"time"
)

// platformClock is the platform's time as its answers carry it: the Date
// header of the latest answer, and when (by this machine's monotonic clock)
// it arrived. A runner whose own clock is wrong still decides "expired" as
// the platform does.
type platformClock struct {
	mu       sync.Mutex
	date     time.Time // the platform's Date, to the second
	received time.Time // this machine's time of arrival (monotonic)
}

// observe records the Date header of an answer; an absent or unreadable one
// is ignored.
func (p *platformClock) observe(header string) {
	if header == "" {
		return
	}
	d, err := http.ParseTime(header)
	if err != nil {
		return
	}
	p.mu.Lock()
	p.date, p.received = d.UTC(), time.Now()
	p.mu.Unlock()
}

// now is the platform's time: the last Date plus the time passed since it
// arrived, or this machine's clock when no answer carried one.
func (p *platformClock) now() time.Time {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.date.IsZero() {
		return time.Now().UTC()
	}
	return p.date.Add(time.Since(p.received))
}

// PlatformNow is the platform's current time as its answers carry it (API).
func (c *Client) PlatformNow() time.Time { return c.clock.now() }
