package emulator

import (
	"net/url"
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

func (e *Emulator) callStop(c *call) (map[string]any, *apiError) {
	if !c.p.has("sessionid") {
		return nil, errParam("sessionid")
	}
	if !c.p.has("signal") {
		return nil, errParam("signal")
	}
	return nil, nil
}
