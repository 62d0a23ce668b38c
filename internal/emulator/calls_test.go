package emulator

import (
	"net/http"
	"testing"
	"time"
)

// A call in progress can be stopped once, by its own application; an
// unknown or ended session is the platform's parameter error naming
// sessionid.
func TestCallStop_sessions(t *testing.T) {
	e := newEmu(t)
	key, _ := appOf("AXE")
	code, m := admin(t, e, "POST", "/emulator/v1/calls", `{"app_key": "`+key+`"}`)
	sid := str(m["session_id"])
	if code != http.StatusOK || sid == "" {
		t.Fatalf("starting a call: %d %v", code, m)
	}
	stop := func(mode string) resp {
		return doReq(t, e, mode, "POST", pathStop, "", map[string]any{"sessionid": sid, "signal": "call_stop"})
	}
	if r := stop("AX"); r.code() != "1010002" {
		t.Fatalf("another application stopped the call: %s", r.raw)
	}
	mustOK(t, stop("AXE"))
	if got := e.Calls(key); len(got) != 0 {
		t.Fatalf("calls in progress after the stop: %v", got)
	}
	if r := stop("AXE"); r.code() != "1010002" || r.status != http.StatusForbidden {
		t.Fatalf("stopping an ended call: %d %s", r.status, r.raw)
	}
	if code, _ := admin(t, e, "POST", "/emulator/v1/calls", `{"app_key": "nobody"}`); code != http.StatusBadRequest {
		t.Fatalf("a call of an unknown application: %d", code)
	}
}

// Every answer carries the emulator's clock in its Date header, moved clock
// included: the client reads the platform's time from it.
func TestDateHeader_followsClock(t *testing.T) {
	e := newEmu(t)
	now := fixClock(e)
	e.AdvanceClock(48 * time.Hour)
	r := doReq(t, e, "AX", "GET", pathAX, "origNum=%2B8613800000001", nil)
	got, err := http.ParseTime(r.header.Get("Date"))
	if err != nil || !got.Equal(now.Add(48*time.Hour)) {
		t.Fatalf("Date %q (%v), want %v", r.header.Get("Date"), err, now.Add(48*time.Hour))
	}
}
