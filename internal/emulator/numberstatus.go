package emulator

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// X-number status (reference §9.3): suspended and unavailable numbers
// refuse binds and calls; a frozen number refuses new bindings only.

// Number statuses (§9.3 status values).
const (
	statusNormal      = "5"
	statusSuspended   = "9"
	statusUnavailable = "10"
	statusFrozen      = "11"
)

// NumberStatus is an X number's status other than normal.
type NumberStatus struct {
	Status string `json:"status"`          // "9", "10", "11"
	Cause  string `json:"cause,omitempty"` // only with status 10 (§9.3 causes)
}

var statusNames = map[string]string{"normal": statusNormal, "suspended": statusSuspended,
	"unavailable": statusUnavailable, "frozen": statusFrozen}

var statusNamesByCode = map[string]bool{statusSuspended: true, statusUnavailable: true, statusFrozen: true}

var unavailableCauses = map[string]bool{"1": true, "2": true, "3": true, "5": true, "6": true,
	"7": true, "8": true, "9": true}

// SetNumberStatus sets X's status by name ("normal", "suspended",
// "unavailable" with a cause, "frozen") and pushes the change. It answers
// the status now in force.
func (e *Emulator) SetNumberStatus(x, name, cause string) (NumberStatus, error) {
	code, ok := statusNames[name]
	if !ok {
		return NumberStatus{}, fmt.Errorf("status: must be normal, suspended, unavailable or frozen")
	}
	if code == statusUnavailable && !unavailableCauses[cause] {
		return NumberStatus{}, fmt.Errorf("cause: required with unavailable: one of 1, 2, 3, 5, 6, 7, 8, 9")
	}
	if code != statusUnavailable && cause != "" {
		return NumberStatus{}, fmt.Errorf("cause: only with unavailable")
	}
	e.mu.Lock()
	app := e.owner(x)
	if app == nil {
		e.mu.Unlock()
		return NumberStatus{}, ErrUnknownNumber
	}
	now := e.now()
	old := e.calls.status[x]
	st := NumberStatus{Status: code, Cause: cause}
	if code == statusNormal {
		delete(e.calls.status, x)
	} else {
		e.calls.status[x] = st
	}
	if old.Status == "" {
		old.Status = statusNormal
	}
	if old != st {
		e.queueNumStatus(app, x, st, now)
		e.persist()
	}
	e.mu.Unlock()
	e.DeliverNotifications()
	return st, nil
}

// ErrUnknownNumber is returned for a number no application owns.
var ErrUnknownNumber = errors.New("no application owns this number")

// NumberStatuses lists the X numbers whose status is not normal.
func (e *Emulator) NumberStatuses() map[string]NumberStatus {
	e.mu.Lock()
	defer e.mu.Unlock()
	out := map[string]NumberStatus{}
	for k, v := range e.calls.status {
		out[k] = v
	}
	return out
}

func (e *Emulator) queueNumStatus(app *appState, x string, st NumberStatus, at time.Time) {
	r := app.Notify
	if r == nil {
		return
	}
	target := r.NumberStatusURL
	if target == "" && r.PushNumberStatus {
		target = r.CallStatusURL
	}
	if target == "" {
		return
	}
	info := map[string]any{"number": x, "status": st.Status}
	if st.Cause != "" {
		info["cause"] = st.Cause
	}
	e.enqueue(app.AppKey, "number_status", target, at, map[string]any{"eventType": "numStatus", "numInfo": []any{info}})
}

// bindableX reports whether x may take a new binding (lock held): a
// suspended or unavailable X answers 1012102, a frozen one 1010029.
func (e *Emulator) bindableX(x string) *apiError {
	switch e.calls.status[x].Status {
	case statusSuspended, statusUnavailable:
		return apiErr("1012102")
	case statusFrozen:
		return apiErr("1010029")
	}
	return nil
}

// pickableX reports whether pickX may hand out x (lock held).
func (e *Emulator) pickableX(x string) bool { return e.bindableX(x) == nil }

// checkBindX refuses a bind naming an X whose status forbids new bindings (lock held).
func (e *Emulator) checkBindX(op *operation, p params) *apiError {
	if !strings.HasSuffix(op.name, ".bind") {
		return nil
	}
	for _, k := range []string{"relationNum", "privateNum", "virtualNum"} {
		if p.has(k) {
			if aerr := e.bindableX(p.str(k)); aerr != nil {
				return aerr
			}
		}
	}
	return nil
}
