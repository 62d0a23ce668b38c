package client

import (
	"net/http"
	"testing"
	"time"
)

// PlatformNow follows the platform's Date header, not this machine's clock:
// a platform two days ahead (or a runner two days behind) is seen as such,
// on error answers too; before any answer it is this machine's clock.
func TestPlatformNow_followsDateHeader(t *testing.T) {
	ahead := time.Now().UTC().Add(48 * time.Hour).Truncate(time.Second)
	f := newFake(t, func(w http.ResponseWriter, _ *http.Request, n int) {
		w.Header().Set("Date", ahead.Format(http.TimeFormat))
		writeJSON(w, http.StatusNotFound, `{"resultcode":"1016001","resultdesc":"The record does not exist."}`)
	})
	c := f.client()
	if d := time.Since(c.PlatformNow()); d < -time.Minute || d > time.Minute {
		t.Fatalf("before any answer PlatformNow is %v away from this machine's clock", d)
	}
	if _, err := c.GetAX(ctxT(t), "sub-1"); !IsNotFound(err) {
		t.Fatalf("want not found, got %v", err)
	}
	if got := c.PlatformNow(); got.Before(ahead) || got.After(ahead.Add(time.Minute)) {
		t.Fatalf("PlatformNow %v, want the platform's %v", got, ahead)
	}
}
