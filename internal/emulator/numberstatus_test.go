package emulator

import (
	"errors"
	"path/filepath"
	"slices"
	"testing"
)

func TestNumberStatus(t *testing.T) {
	e, r := newNotifyEmu(t, nil)
	bindAXB(t, e, nA, nB, xAXB1)
	set := func(name, cause string) {
		t.Helper()
		if _, err := e.SetNumberStatus(xAXB1, name, cause); err != nil {
			t.Fatal(err)
		}
	}
	bind := func(x, a, b string) string {
		return doReq(t, e, "AXB", "POST", pathAXB, "", map[string]any{"relationNum": x, "callerNum": a, "calleeNum": b}).code()
	}

	// Suspended: no binds, no calls.
	set("suspended", "")
	wantRefused(t, placeCall(t, e, talk(nA, xAXB1)), "8055")
	if c := bind(xAXB1, nC, nD); c != "1012102" {
		t.Fatalf("bind on a suspended X: %s", c)
	}
	// Frozen: existing bindings keep working, no new ones, not picked by area.
	set("frozen", "")
	wantReached(t, placeCall(t, e, talk(nA, xAXB1)), nB)
	if c := bind(xAXB1, nC, nD); c != "1010029" {
		t.Fatalf("bind on a frozen X: %s", c)
	}
	for range 5 {
		res := mustOK(t, doReq(t, e, "AXB", "POST", pathAXB, "", map[string]any{"areaCode": "0755", "callerNum": nC, "calleeNum": nD}))
		if str(res.body["relationNum"]) == xAXB1 {
			t.Fatal("a frozen X was picked by area")
		}
	}
	// Unavailable needs a cause; a change of cause is pushed too.
	if _, err := e.SetNumberStatus(xAXB1, "unavailable", ""); err == nil {
		t.Fatal("unavailable without a cause")
	}
	set("unavailable", "2")
	wantRefused(t, placeCall(t, e, talk(nA, xAXB1)), "8055")
	set("unavailable", "3")
	set("unavailable", "3") // no change, no push
	set("normal", "")
	wantReached(t, placeCall(t, e, talk(nA, xAXB1)), nB)
	if c := bind(xAXB1, nC, nD); c != "0" {
		t.Fatalf("bind after restore: %s", c)
	}

	var got []string
	for _, n := range r.pushes("/status") {
		if len(n.NumberStatus) != 1 || n.NumberStatus[0].Number != xAXB1 {
			t.Fatalf("numStatus %+v", n.NumberStatus)
		}
		got = append(got, string(n.NumberStatus[0].Status)+"/"+string(n.NumberStatus[0].Cause))
	}
	if want := []string{"9/", "11/", "10/2", "10/3", "5/"}; !slices.Equal(got, want) {
		t.Fatalf("status pushes %v, want %v", got, want)
	}
	if _, err := e.SetNumberStatus("+8617999999999", "frozen", ""); !errors.Is(err, ErrUnknownNumber) {
		t.Fatalf("unknown number: %v", err)
	}
}

func TestNumberStatusFallsBackToCallStatusURL(t *testing.T) {
	e, r := newNotifyEmu(t, nil)
	n := e.apps["demo-axb-app"].Notify
	n.NumberStatusURL = ""
	if _, err := e.SetNumberStatus(xAXB1, "suspended", ""); err != nil {
		t.Fatal(err)
	}
	if len(r.pushes("/events")) != 0 {
		t.Fatal("pushed without the push_number_status switch")
	}
	n.PushNumberStatus = true
	if _, err := e.SetNumberStatus(xAXB1, "normal", ""); err != nil {
		t.Fatal(err)
	}
	if p := r.pushes("/events"); len(p) != 1 || p[0].EventType != "numStatus" {
		t.Fatalf("status pushes to the call-status address: %d", len(p))
	}
}

func TestNumberStatusSurvivesRestart(t *testing.T) {
	e := newEmu(t)
	fixClock(e)
	path := filepath.Join(t.TempDir(), "state.json")
	e.PersistTo(path)
	if _, err := e.SetNumberStatus(xAXB1, "unavailable", "3"); err != nil {
		t.Fatal(err)
	}
	e2 := newEmu(t)
	fixClock(e2)
	if err := e2.LoadState(path); err != nil {
		t.Fatal(err)
	}
	if got := e2.NumberStatuses()[xAXB1]; got != (NumberStatus{Status: "10", Cause: "3"}) {
		t.Fatalf("after restart: %+v", got)
	}
	if c := doReq(t, e2, "AXB", "POST", pathAXB, "", map[string]any{"relationNum": xAXB1, "callerNum": nA, "calleeNum": nB}).code(); c != "1012102" {
		t.Fatalf("bind after restart: %s", c)
	}
}
