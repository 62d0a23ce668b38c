package emulator

import (
	"fmt"
	"net/url"
	"sort"
	"strconv"
	"time"
)

// Cross-mode operations: recording URLs and stopping a call.

var (
	specsRecord = map[string]spec{"app_key": specAppKey, "fileName": sTone(1), "recordDomain": sStr(1, 128)}
	specsStop   = map[string]spec{"sessionid": sStr(1, 256), "signal": sEnum("call_stop")}
)

func (e *Emulator) recordingURL(c *call) (map[string]any, *apiError) {
	if !c.p.has("fileName") {
		return nil, errParam("fileName")
	}
	if !c.p.has("recordDomain") {
		return nil, errParam("recordDomain")
	}
	dom := c.p.str("recordDomain")
	for _, r := range dom {
		if !(r == '.' || r == '-' || r == ':' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
			return nil, errParam("recordDomain")
		}
	}
	c.redirect = "https://" + dom + "/" + url.PathEscape(c.p.str("fileName")) +
		"?expires=" + strconv.FormatInt(c.now.Add(72*time.Hour).Unix(), 10) + "&token=" + newID()
	return nil, nil
}

// callStop ends a call in progress (StartCall) of the caller's application.
// A session the application has no call in progress for (unknown, ended,
// another application's) is refused with 1010002 naming sessionid: the
// reference documents no code of its own for it (§8.2, [I]).
func (e *Emulator) callStop(c *call) (map[string]any, *apiError) {
	if !c.p.has("sessionid") {
		return nil, errParam("sessionid")
	}
	if !c.p.has("signal") {
		return nil, errParam("signal")
	}
	sid := c.p.str("sessionid")
	if e.calls[sid] != c.app.AppKey {
		return nil, &apiError{code: "1010002", desc: "Invalid request.sessionid " + sid + " is not a call in progress"}
	}
	delete(e.calls, sid)
	return nil, nil
}

// StartCall makes a call in progress on the application of appKey, as a
// call through one of its numbers would, and returns its sessionId (what
// the call events and CDRs carry): the session call.stop can end.
func (e *Emulator) StartCall(appKey string) (string, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.apps[appKey] == nil {
		return "", fmt.Errorf("no application with app_key %q", appKey)
	}
	sid := fmt.Sprintf("%d_%s@callenabler.emulator", e.nextSeq(), e.now().Format("20060102150405"))
	e.calls[sid] = appKey
	return sid, nil
}

// Calls lists the sessionIds of the calls in progress of the application
// of appKey, sorted.
func (e *Emulator) Calls(appKey string) []string {
	e.mu.Lock()
	defer e.mu.Unlock()
	out := []string{}
	for sid, app := range e.calls {
		if app == appKey {
			out = append(out, sid)
		}
	}
	sort.Strings(out)
	return out
}
