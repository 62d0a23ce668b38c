package emulator

import "testing"

func TestAdminCallsHTTP(t *testing.T) {
	e, r := newNotifyEmu(t, nil)
	fixClock(e)
	bindAXB(t, e, nA, nB, xAXB1)
	code, m := admin(t, e, "POST", "/emulator/v1/calls", `{"from":"`+nA+`","to":"`+xAXB1+`"}`)
	if code != 200 || m["reached"] != nB || m["state"] != "in_progress" {
		t.Fatalf("place: %d %v", code, m)
	}
	id := m["session_id"].(string)
	if code, m = admin(t, e, "GET", "/emulator/v1/calls/"+id, ""); code != 200 || m["session_id"] != id {
		t.Fatalf("get: %d %v", code, m)
	}
	if code, m = admin(t, e, "POST", "/emulator/v1/calls/"+id+"/hangup", `{"by":"callee"}`); code != 200 || m["hangup_code"] != "0" || m["released_by"] != "callee" {
		t.Fatalf("hangup: %d %v", code, m)
	}
	if code, _ = admin(t, e, "POST", "/emulator/v1/calls/"+id+"/hangup", `{"by":"callee"}`); code != 404 {
		t.Fatalf("second hangup: %d", code)
	}
	if code, m = admin(t, e, "GET", "/emulator/v1/calls", ""); code != 200 || len(m["calls"].([]any)) != 1 {
		t.Fatalf("list: %d %v", code, m)
	}
	if code, m = admin(t, e, "POST", "/emulator/v1/calls", `{"from":"`+nA+`","to":"+8617999999999"}`); code != 400 {
		t.Fatalf("unknown X: %d %v", code, m)
	}
	if code, _ = admin(t, e, "POST", "/emulator/v1/calls", `{"from":"`+nA+`","to":"`+xAXB1+`","bogus":1}`); code != 400 {
		t.Fatalf("unknown field: %d", code)
	}
	if code, m = admin(t, e, "PUT", "/emulator/v1/numbers/"+xAXB1+"/status", `{"status":"unavailable","cause":"2"}`); code != 200 || m["status"] != "10" {
		t.Fatalf("status: %d %v", code, m)
	}
	if code, m = admin(t, e, "GET", "/emulator/v1/numbers", ""); code != 200 || m["numbers"].(map[string]any)[xAXB1] == nil {
		t.Fatalf("numbers: %d %v", code, m)
	}
	if code, _ = admin(t, e, "PUT", "/emulator/v1/numbers/+8617999999999/status", `{"status":"frozen"}`); code != 404 {
		t.Fatalf("unknown number: %d", code)
	}
	// The admin clock move delivers what became due: a retry here.
	r.mu.Lock()
	r.fail["/cdr"] = r.tries["/cdr"] + 1
	r.mu.Unlock()
	if code, _ = admin(t, e, "POST", "/emulator/v1/numbers/"+xAXB1+"/status", `{}`); code != 405 {
		t.Fatalf("method: %d", code)
	}
	_, _ = e.SetNumberStatus(xAXB1, "normal", "")
	placeCall(t, e, talk(nA, xAXB1))
	before := len(r.pushes("/cdr"))
	if code, _ = admin(t, e, "POST", "/emulator/v1/clock", `{"advance_seconds":60}`); code != 200 {
		t.Fatal(code)
	}
	if got := len(r.pushes("/cdr")); got != before+1 {
		t.Fatalf("retry on the clock move: %d CDR pushes, want %d", got, before+1)
	}
	if code, m = admin(t, e, "GET", "/emulator/v1/notifications", ""); code != 200 || len(m["notifications"].([]any)) == 0 {
		t.Fatalf("notifications: %d", code)
	}
	if code, m = admin(t, e, "POST", "/emulator/v1/notifications/deliver", ""); code != 200 || m["delivered"].(float64) != 0 {
		t.Fatalf("deliver: %d %v", code, m)
	}
}
