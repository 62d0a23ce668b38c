package emulator

import (
	"errors"
	"net/http"
	"strings"
)

// Admin API for calls, notifications and number status (additions to admin.go):
//
//	POST /emulator/v1/calls                   CallRequest → CallTrace
//	GET  /emulator/v1/calls                   {"calls": [CallTrace…]}
//	GET  /emulator/v1/calls/{session}         CallTrace
//	POST /emulator/v1/calls/{session}/hangup  {"by": "caller"|"callee"} → CallTrace
//	GET  /emulator/v1/notifications           {"notifications": [Push…]}
//	POST /emulator/v1/notifications/deliver   {"delivered": n}
//	GET  /emulator/v1/numbers                 {"numbers": {X: NumberStatus}}
//	PUT  /emulator/v1/numbers/{X}/status      {"status": "suspended", "cause": "2"} → NumberStatus

// serveCallsAdmin serves the paths above; false when path is none of them.
func (e *Emulator) serveCallsAdmin(a adminCall, path string) bool {
	switch {
	case path == "calls":
		if a.method("GET", "POST") {
			e.adminPlaceCall(a)
		}
	case strings.HasPrefix(path, "calls/"):
		id, action, _ := strings.Cut(strings.TrimPrefix(path, "calls/"), "/")
		e.adminOneCall(a, id, action)
	case path == "notifications":
		if a.method("GET") {
			writeJSON(a.w, http.StatusOK, map[string]any{"notifications": e.Notifications()})
		}
	case path == "notifications/deliver":
		if a.method("POST") {
			writeJSON(a.w, http.StatusOK, map[string]any{"delivered": e.DeliverNotifications()})
		}
	case path == "numbers":
		if a.method("GET") {
			writeJSON(a.w, http.StatusOK, map[string]any{"numbers": e.NumberStatuses()})
		}
	case strings.HasPrefix(path, "numbers/") && strings.HasSuffix(path, "/status"):
		if a.method("PUT") {
			e.adminNumberStatus(a, strings.TrimSuffix(strings.TrimPrefix(path, "numbers/"), "/status"))
		}
	default:
		return false
	}
	return true
}

func (e *Emulator) adminPlaceCall(a adminCall) {
	if a.r.Method == "GET" {
		writeJSON(a.w, http.StatusOK, map[string]any{"calls": e.Calls()})
		return
	}
	var req CallRequest
	if !a.decode(&req) {
		return
	}
	t, err := e.PlaceCall(req)
	if err != nil {
		adminError(a.w, http.StatusBadRequest, err.Error())
		return
	}
	writeJSON(a.w, http.StatusOK, t)
}

func (e *Emulator) adminOneCall(a adminCall, id, action string) {
	var t CallTrace
	var err error
	switch action {
	case "":
		if !a.method("GET") {
			return
		}
		t, err = e.Call(id)
	case "hangup":
		if !a.method("POST") {
			return
		}
		var body struct {
			By string `json:"by"`
		}
		if !a.decode(&body) {
			return
		}
		t, err = e.HangUpCall(id, body.By)
	default:
		adminError(a.w, http.StatusNotFound, "unknown admin path "+a.r.URL.Path)
		return
	}
	switch {
	case errors.Is(err, ErrUnknownCall):
		adminError(a.w, http.StatusNotFound, "no call in progress or remembered with session "+id)
	case err != nil:
		adminError(a.w, http.StatusBadRequest, err.Error())
	default:
		writeJSON(a.w, http.StatusOK, t)
	}
}

func (e *Emulator) adminNumberStatus(a adminCall, x string) {
	var body struct {
		Status string `json:"status"`
		Cause  string `json:"cause"`
	}
	if !a.decode(&body) {
		return
	}
	st, err := e.SetNumberStatus(x, body.Status, body.Cause)
	switch {
	case errors.Is(err, ErrUnknownNumber):
		adminError(a.w, http.StatusNotFound, "no application owns "+maskNum(x))
	case err != nil:
		adminError(a.w, http.StatusBadRequest, err.Error())
	default:
		writeJSON(a.w, http.StatusOK, st)
	}
}
