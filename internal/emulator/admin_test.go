package emulator

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

func admin(t *testing.T, e *Emulator, method, path, body string) (int, map[string]any) {
	t.Helper()
	req := httptest.NewRequest(method, path, strings.NewReader(body))
	w := httptest.NewRecorder()
	e.ServeHTTP(w, req)
	var m map[string]any
	if err := json.Unmarshal(w.Body.Bytes(), &m); err != nil {
		t.Fatalf("%s %s: not JSON: %q", method, path, w.Body.String())
	}
	return w.Code, m
}

func TestAdminBindingsShape(t *testing.T) {
	e := newEmu(t)
	axb := bindAXB(t, e, nA, nB, xAXB1)
	bindAX(t, e, nA, xAX1)
	bindAXE(t, e, nA, xAXE1, "042")
	g, x := bindAXYB(t, e, nA, map[string]any{"duration": 3600})
	r := mustOK(t, doReq(t, e, "AXYB", "POST", pathAXYB, "app_key=demo-axyb-app", map[string]any{"subscriptionId": g, "origNum": nB}))
	y := str(r.body["relationNumber"])

	code, m := admin(t, e, "GET", "/emulator/v1/bindings", "")
	if code != 200 {
		t.Fatal(code)
	}
	var out struct {
		Bindings []map[string]any `json:"bindings"`
	}
	data, _ := json.Marshal(m)
	_ = json.Unmarshal(data, &out)
	if len(out.Bindings) != 5 {
		t.Fatalf("want 5 entries, got %v", out.Bindings)
	}
	keys := []string{}
	for _, b := range out.Bindings {
		keys = append(keys, str(b["app_key"])+"/"+str(b["mode"]))
	}
	if strings.Join(keys, ",") != "demo-ax-app/AX,demo-axb-app/AXB,demo-axe-app/AXE,demo-axyb-app/AXYB,demo-axyb-app/AXYB" {
		t.Fatalf("order %v", keys)
	}
	ab := out.Bindings[1]
	if ab["subscription_id"] != axb || ab["a_number"] != nA || ab["b_number"] != nB || ab["x_number"] != xAXB1 || ab["expires_at"] != nil ||
		ab["fields"].(map[string]any)["recordFlag"] != "false" {
		t.Fatalf("AXB entry %v", ab)
	}
	if out.Bindings[2]["extension"] != "042" {
		t.Fatalf("AXE entry %v", out.Bindings[2])
	}
	gp, mem := out.Bindings[3], out.Bindings[4]
	if _, has := gp["b_number"]; has || gp["x_number"] != x || gp["subscription_id"] != g {
		t.Fatalf("AXYB group entry %v", gp)
	}
	if mem["subscription_id"] != g || mem["b_number"] != nB || mem["y_number"] != y || mem["expires_at"] == nil {
		t.Fatalf("AXYB member entry %v", mem)
	}
	if _, err := time.Parse(time.RFC3339, str(gp["expires_at"])); err != nil {
		t.Fatalf("expires_at %v", gp["expires_at"])
	}
	// Filters.
	_, m = admin(t, e, "GET", "/emulator/v1/bindings?app_key=demo-axyb-app&mode=AXYB", "")
	if n := len(m["bindings"].([]any)); n != 2 {
		t.Fatalf("filtered %d", n)
	}
	_, m = admin(t, e, "GET", "/emulator/v1/bindings?mode=AXE", "")
	if n := len(m["bindings"].([]any)); n != 1 {
		t.Fatalf("filtered %d", n)
	}
	// Empty list is [] not null.
	e.Reset()
	if _, m = admin(t, e, "GET", "/emulator/v1/bindings", ""); m["bindings"] == nil {
		t.Fatal("null list")
	}
}

func TestAdminDeletePatch(t *testing.T) {
	e := newEmu(t)
	sub := bindAXB(t, e, nA, nB, xAXB1)
	code, m := admin(t, e, "PATCH", "/emulator/v1/bindings/"+sub, `{"callerNum":"+8613100000009","userData":"x","recordFlag":"true","duration":60}`)
	if code != 200 {
		t.Fatalf("patch %d %v", code, m)
	}
	rec := list(doReq(t, e, "AXB", "GET", pathAXB, q("subscriptionId", sub), nil), "relationNumList")[0]
	if rec["callerNum"] != "+8613100000009" || rec["userData"] != "x" || rec["recordFlag"] != "true" || rec["duration"] != 60.0 {
		t.Fatalf("record %v", rec)
	}
	// The old A is free on X again.
	bindAXB(t, e, nA, nC, xAXB1)
	if code, _ = admin(t, e, "PATCH", "/emulator/v1/bindings/"+sub, `{"relationNum":"+8617000000102"}`); code != 400 {
		t.Fatalf("relationNum patch %d", code)
	}
	if code, _ = admin(t, e, "PATCH", "/emulator/v1/bindings/"+sub, `{"recordFlag":"maybe"}`); code != 400 {
		t.Fatalf("bad value patch %d", code)
	}
	if code, _ = admin(t, e, "PATCH", "/emulator/v1/bindings/"+sub, `{"callerNum":"`+nA+`"}`); code != 400 {
		t.Fatalf("conflicting patch %d", code)
	}
	if code, _ = admin(t, e, "PATCH", "/emulator/v1/bindings/nope", `{"userData":"x"}`); code != 404 {
		t.Fatalf("unknown patch %d", code)
	}
	// PATCH on an AX binding changes fields the modify API refuses.
	ax := bindAX(t, e, nA, xAX1)
	if err := e.PatchBinding(ax, map[string]any{"turnFlag": "off", "userData": "y", "maxDuration": 5.0}); err != nil {
		t.Fatal(err)
	}
	l := list(doReq(t, e, "AX", "GET", pathAX, q("subscriptionId", ax), nil), "privateNumList")
	if l[0]["turnFlag"] != "off" || l[0]["userData"] != "y" || l[0]["maxDuration"] != 5.0 {
		t.Fatalf("AX record %v", l[0])
	}
	// DELETE, then the API answers not found.
	if code, _ = admin(t, e, "DELETE", "/emulator/v1/bindings/"+sub, ""); code != 200 {
		t.Fatalf("delete %d", code)
	}
	if r := doReq(t, e, "AXB", "GET", pathAXB, q("subscriptionId", sub), nil); r.code() != "1012007" || r.status != 404 {
		t.Fatalf("after delete %s", r.raw)
	}
	if code, _ = admin(t, e, "DELETE", "/emulator/v1/bindings/"+sub, ""); code != 404 {
		t.Fatalf("second delete %d", code)
	}
	if !errors.Is(e.DeleteBinding("nope"), ErrNotFound) {
		t.Fatal("want ErrNotFound")
	}
	// AXYB group delete removes members.
	g, _ := bindAXYB(t, e, nA, nil)
	mustOK(t, doReq(t, e, "AXYB", "POST", pathAXYB, "app_key=demo-axyb-app", map[string]any{"subscriptionId": g, "origNum": nB}))
	if err := e.DeleteBinding(g); err != nil {
		t.Fatal(err)
	}
	if len(e.Bindings("", "AXYB")) != 0 || len(e.yUse) != 0 {
		t.Fatal("AXYB left over")
	}
	// Unknown admin paths and methods.
	if code, _ = admin(t, e, "GET", "/emulator/v1/nothing", ""); code != 404 {
		t.Fatal(code)
	}
	if code, _ = admin(t, e, "PUT", "/emulator/v1/stats", ""); code != 405 {
		t.Fatal(code)
	}
}

func TestClockExpiry(t *testing.T) {
	e := newEmu(t)
	fixClock(e)
	t0 := e.Now()
	axb := mustOK(t, doReq(t, e, "AXB", "POST", pathAXB, "", map[string]any{"relationNum": xAXB1, "callerNum": nA, "calleeNum": nB, "duration": 100}))
	sub := str(axb.body["subscriptionId"])
	bl := e.Bindings("", "AXB")
	if bl[0].ExpiresAt == nil || bl[0].ExpiresAt.Sub(t0) != 100*time.Second {
		t.Fatalf("expires_at %v", bl[0].ExpiresAt)
	}
	e.AdvanceClock(60 * time.Second)
	// A modify setting duration restarts the clock.
	mustOK(t, doReq(t, e, "AXB", "PUT", pathAXB, "", map[string]any{"subscriptionId": sub, "duration": 100}))
	e.AdvanceClock(60 * time.Second)
	mustOK(t, doReq(t, e, "AXB", "GET", pathAXB, q("subscriptionId", sub), nil))
	code, m := admin(t, e, "POST", "/emulator/v1/clock", `{"advance_seconds": 41}`)
	if code != 200 {
		t.Fatal(code)
	}
	if now, err := time.Parse(time.RFC3339, str(m["now"])); err != nil || now.Sub(t0) != 161*time.Second {
		t.Fatalf("now %v", m)
	}
	if len(e.Bindings("", "")) != 0 {
		t.Fatal("AXB binding did not expire")
	}
	for _, r := range []resp{
		doReq(t, e, "AXB", "GET", pathAXB, q("subscriptionId", sub), nil),
		doReq(t, e, "AXB", "DELETE", pathAXB, q("subscriptionId", sub), nil),
		doReq(t, e, "AXB", "PUT", pathAXB, "", map[string]any{"subscriptionId": sub, "recordFlag": "true"}),
	} {
		if r.code() != "1012007" {
			t.Fatalf("after expiry %s", r.raw)
		}
	}
	// The numbers are free again.
	bindAXB(t, e, nA, nB, xAXB1)
}

func TestAXEModifyQuirk(t *testing.T) {
	e := newEmu(t)
	r := mustOK(t, doReq(t, e, "AXE", "POST", pathAXE, "", map[string]any{"bindNum": nA, "virtualNum": xAXE1, "timeUnit": "0", "bindExpiredTime": 2}))
	sub := str(r.body["subscriptionId"])
	e.AdvanceClock(30 * time.Minute)
	mustOK(t, doReq(t, e, "AXE", "PUT", pathAXE, "", map[string]any{"subscriptionId": sub, "timeUnit": "1", "bindExpiredTime": 10}))
	rec := doReq(t, e, "AXE", "GET", pathAXE, q("subscriptionId", sub), nil)
	if rec.body["timeUnit"] != "0" || rec.body["bindExpiredTime"] != 2.0 {
		t.Fatalf("query must report bind-time values: %s", rec.raw)
	}
	ab := e.Bindings("", "AXE")[0]
	if ab.Fields["timeUnit"] != "1" || ab.Fields["bindExpiredTime"] != int64(10) {
		t.Fatalf("admin shows values in force: %v", ab.Fields)
	}
	e.AdvanceClock(9 * time.Minute)
	mustOK(t, doReq(t, e, "AXE", "GET", pathAXE, q("subscriptionId", sub), nil))
	e.AdvanceClock(61 * time.Second) // the modified 10 minutes are enforced, not the bind-time 2 hours
	if r := doReq(t, e, "AXE", "GET", pathAXE, q("subscriptionId", sub), nil); r.code() != "1016001" || r.status != 404 {
		t.Fatalf("want expired: %s", r.raw)
	}
}

func TestAXYBExpiry(t *testing.T) {
	e := newEmu(t)
	g, _ := bindAXYB(t, e, nA, map[string]any{"duration": 600, "ybDuration": 120})
	mustOK(t, doReq(t, e, "AXYB", "POST", pathAXYB, "app_key=demo-axyb-app", map[string]any{"subscriptionId": g, "origNum": nB}))
	mustOK(t, doReq(t, e, "AXYB", "POST", pathAXYB, "app_key=demo-axyb-app", map[string]any{"subscriptionId": g, "origNum": nC, "ybDuration": 0}))
	if n := len(e.Bindings("", "AXYB")); n != 3 {
		t.Fatalf("entries %d", n)
	}
	e.AdvanceClock(121 * time.Second) // the YB member with ybDuration 120 goes, the group stays
	l := list(doReq(t, e, "AXYB", "GET", pathAXYB, q("app_key", "demo-axyb-app", "subscriptionId", g), nil), "xyRelationNumList")
	if len(l) != 1 || l[0]["numB"] != nC {
		t.Fatalf("after member expiry %v", l)
	}
	e.AdvanceClock(480 * time.Second) // AX expiry removes its YB members
	if n := len(e.Bindings("", "")); n != 0 {
		t.Fatalf("entries %d", n)
	}
	if len(e.yUse) != 0 || len(e.aCount) != 0 {
		t.Fatalf("indexes not cleaned: %v %v", e.yUse, e.aCount)
	}
	if r := doReq(t, e, "AXYB", "GET", pathAXYB, q("app_key", "demo-axyb-app", "subscriptionId", g), nil); r.code() != "1016001" {
		t.Fatalf("%s", r.raw)
	}
}

func TestFaultsAndStats(t *testing.T) {
	e := newEmu(t)
	srv := httptest.NewServer(e)
	defer srv.Close()
	key, secret := appOf("AXB")
	send := func(body map[string]any) (*http.Response, error) {
		data, _ := json.Marshal(body)
		req, _ := http.NewRequest("POST", srv.URL+pathAXB, bytes.NewReader(data))
		req.Header.Set("X-AKSK", sign(key, secret, time.Now(), newNonce()))
		tr := &http.Transport{DisableKeepAlives: true}
		defer tr.CloseIdleConnections()
		return (&http.Client{Transport: tr}).Do(req)
	}
	put := func(f string) {
		req, _ := http.NewRequest("PUT", srv.URL+"/emulator/v1/faults", strings.NewReader(f))
		res, err := http.DefaultClient.Do(req)
		if err != nil || res.StatusCode != 200 {
			t.Fatalf("put faults: %v %v", err, res)
		}
		res.Body.Close()
	}

	put(`{"seed":1,"rules":[{"operation":"AXB.bind","kind":"drop_response_after_commit"}]}`)
	if res, err := send(map[string]any{"relationNum": xAXB1, "callerNum": nA, "calleeNum": nB}); err == nil {
		res.Body.Close()
		t.Fatal("want a dropped connection")
	}
	if n := len(e.Bindings("", "AXB")); n != 1 {
		t.Fatalf("drop_response_after_commit must commit: %d", n)
	}
	put(`{"seed":1,"rules":[{"operation":"*","kind":"reset_before_commit"}]}`)
	if res, err := send(map[string]any{"relationNum": xAXB1, "callerNum": nC, "calleeNum": nD}); err == nil {
		res.Body.Close()
		t.Fatal("want a reset connection")
	}
	if n := len(e.Bindings("", "AXB")); n != 1 {
		t.Fatalf("reset_before_commit must not commit: %d", n)
	}
	put(`{"seed":1,"rules":[{"operation":"AXB.bind","kind":"rate_limit"}]}`)
	res, err := send(map[string]any{"relationNum": xAXB1, "callerNum": nC, "calleeNum": nD})
	if err != nil {
		t.Fatal(err)
	}
	var env map[string]any
	_ = json.NewDecoder(res.Body).Decode(&env)
	res.Body.Close()
	if res.StatusCode != 429 || env["resultcode"] != "1010010" {
		t.Fatalf("rate limit: %d %v", res.StatusCode, env)
	}
	var waited []time.Duration
	e.pauseHook = func(d time.Duration) { waited = append(waited, d) }
	put(`{"seed":1,"rules":[{"operation":"AXB.bind","kind":"error","http_status":503,"resultcode":"1020002"},{"operation":"AXB.bind","kind":"latency","latency_ms":30}]}`)
	res, err = send(map[string]any{"relationNum": xAXB1, "callerNum": nC, "calleeNum": nD})
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 503 || !strings.Contains(string(body), "1020002") {
		t.Fatalf("error fault: %d %s", res.StatusCode, body)
	}
	if len(waited) != 1 || waited[0] != 30*time.Millisecond {
		t.Fatalf("the latency rule did not add its 30ms: waits %v", waited)
	}
	if n := len(e.Bindings("", "AXB")); n != 1 {
		t.Fatalf("error fault must not commit: %d", n)
	}
	// GET shows the rules; DELETE clears them.
	code, m := admin(t, e, "GET", "/emulator/v1/faults", "")
	if code != 200 || len(m["rules"].([]any)) != 2 || m["seed"] != 1.0 {
		t.Fatalf("get faults %v", m)
	}
	if code, _ = admin(t, e, "DELETE", "/emulator/v1/faults", ""); code != 200 {
		t.Fatal(code)
	}
	res, err = send(map[string]any{"relationNum": xAXB1, "callerNum": nC, "calleeNum": nD})
	if err != nil || res.StatusCode != 200 {
		t.Fatalf("after clear: %v %v", err, res)
	}
	res.Body.Close()
	// Bad fault setups are refused.
	for _, f := range []string{`{"rules":[{"operation":"AXB.nope","kind":"error"}]}`, `{"rules":[{"operation":"*","kind":"boom"}]}`,
		`{"rules":[{"operation":"*","kind":"error","probability":2}]}`, `{"rulez":[]}`,
		`{"rules":[{"operation":"*","kind":"error","attempts":-1}]}`} {
		if code, _ := admin(t, e, "PUT", "/emulator/v1/faults", f); code != 400 {
			t.Fatalf("%s: %d", f, code)
		}
	}

	// Stats count every platform request (including unknown routes), not admin ones.
	doRaw(t, e, "GET", "/rest/none", "", nil, nil)
	code, m = admin(t, e, "GET", "/emulator/v1/stats", "")
	reqs, results := m["requests"].(map[string]any), m["results"].(map[string]any)
	if code != 200 || reqs["AXB.bind"] != 5.0 || reqs["unknown"] != 1.0 || results["0"] != 2.0 || results["1010010"] != 1.0 ||
		results["1020002"] != 1.0 || results["reset"] != 1.0 || results["1010001"] != 1.0 {
		t.Fatalf("stats %v", m)
	}
	if code, _ = admin(t, e, "POST", "/emulator/v1/reset", ""); code != 200 {
		t.Fatal(code)
	}
	if s := e.Stats(); len(s.Requests) != 0 || len(e.Bindings("", "")) != 0 {
		t.Fatalf("after reset %+v", s)
	}
}

func TestLatency(t *testing.T) {
	e := newEmu(t)
	var waited []time.Duration
	e.pauseHook = func(d time.Duration) { waited = append(waited, d) }
	e.SetLatency(40 * time.Millisecond)
	mustOK(t, doReq(t, e, "AXB", "GET", pathAXB, q("subscriptionId", bindAXB(t, e, nA, nB, xAXB1)), nil))
	if len(waited) != 2 || waited[1] != 40*time.Millisecond {
		t.Fatalf("latency not applied: waits %v", waited)
	}
}

func TestStateRoundTrip(t *testing.T) {
	e := newEmu(t)
	path := filepath.Join(t.TempDir(), "state.json")
	e.PersistTo(path)
	sub := bindAXB(t, e, nA, nB, xAXB1)
	r := mustOK(t, doReq(t, e, "AXE", "POST", pathAXE, "", map[string]any{"bindNum": nA, "virtualNum": xAXE1, "bindExpiredTime": 1}))
	g, _ := bindAXYB(t, e, nA, nil)
	mustOK(t, doReq(t, e, "AXYB", "POST", pathAXYB, "app_key=demo-axyb-app", map[string]any{"subscriptionId": g, "origNum": nB}))

	e2 := newEmu(t)
	if err := e2.LoadState(path); err != nil {
		t.Fatal(err)
	}
	a, _ := json.Marshal(e.Bindings("", ""))
	b, _ := json.Marshal(e2.Bindings("", ""))
	if string(a) != string(b) {
		t.Fatalf("state differs:\n%s\n%s", a, b)
	}
	if r := doReq(t, e2, "AXB", "POST", pathAXB, "", map[string]any{"relationNum": xAXB1, "callerNum": nA, "calleeNum": nC}); r.code() != "1012010" {
		t.Fatalf("indexes not rebuilt: %s", r.raw)
	}
	mustOK(t, doReq(t, e2, "AXB", "GET", pathAXB, q("subscriptionId", sub), nil))
	e2.AdvanceClock(61 * time.Minute)
	if r := doReq(t, e2, "AXE", "GET", pathAXE, q("subscriptionId", str(r.body["subscriptionId"])), nil); r.code() != "1016001" {
		t.Fatalf("expiry not restored: %s", r.raw)
	}
}

// axbQueries are distinct AXB queries (relationNum + callerNum).
func axbQueries(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = q("relationNum", xAXB1, "callerNum", fmt.Sprintf("+86138000%05d", i))
	}
	return out
}

// TestFaultsDependOnTheRequestNotItsArrival: the same requests sent in
// opposite orders to two emulators with the same seed get the same faults;
// a re-send is a new draw; another seed gives another pattern.
func TestFaultsDependOnTheRequestNotItsArrival(t *testing.T) {
	rules := []FaultRule{{Operation: "AXB.query", Kind: "rate_limit", Probability: 0.5}}
	outcomes := func(seed int64, reverse bool) map[string]string {
		e := newEmu(t)
		if err := e.SetFaults(Faults{Seed: seed, Rules: rules}); err != nil {
			t.Fatal(err)
		}
		qs := axbQueries(40)
		if reverse {
			slices.Reverse(qs)
		}
		got := map[string]string{}
		for round := range 2 {
			for _, query := range qs {
				got[fmt.Sprint(round, query)] = doReq(t, e, "AXB", "GET", pathAXB, query, nil).code()
			}
		}
		return got
	}
	forward, backward, other := outcomes(7, false), outcomes(7, true), outcomes(8, false)
	if !maps.Equal(forward, backward) {
		t.Fatalf("the faults depend on the order of arrival:\n%v\n%v", forward, backward)
	}
	if maps.Equal(forward, other) {
		t.Fatal("seeds 7 and 8 give the same faults")
	}
	limited, resendDiffers := 0, false
	for _, query := range axbQueries(40) {
		if forward["0"+query] == "1010010" {
			limited++
		}
		if forward["0"+query] != forward["1"+query] {
			resendDiffers = true
		}
	}
	if limited < 5 || limited > 35 || !resendDiffers {
		t.Fatalf("probability 0.5: %d of 40 first sends limited; a re-send got a new draw: %v", limited, resendDiffers)
	}
}

// TestFaultAttempts: attempts bounds the faulted sends of each request;
// the count is per request and starts again when the rules are set.
func TestFaultAttempts(t *testing.T) {
	e := newEmu(t)
	set := func() { // through the admin API, which shows the rule back
		if code, m := admin(t, e, "PUT", "/emulator/v1/faults", `{"seed":1,"rules":[{"operation":"AXB.bind","kind":"error","attempts":2}]}`); code != 200 {
			t.Fatalf("put faults: %d %v", code, m)
		}
		if _, m := admin(t, e, "GET", "/emulator/v1/faults", ""); m["rules"].([]any)[0].(map[string]any)["attempts"] != 2.0 {
			t.Fatalf("get faults %v", m)
		}
	}
	set()
	bindBody := func(a string) map[string]any {
		return map[string]any{"relationNum": xAXB1, "callerNum": a, "calleeNum": nB}
	}
	var got []string
	for range 3 {
		got = append(got, doReq(t, e, "AXB", "POST", pathAXB, "", bindBody(nA)).code())
	}
	got = append(got, doReq(t, e, "AXB", "POST", pathAXB, "", bindBody(nC)).code())
	set()
	got = append(got, doReq(t, e, "AXB", "POST", pathAXB, "", bindBody(nC)).code())
	if want := "1020002 1020002 0 1020002 1020002"; strings.Join(got, " ") != want {
		t.Fatalf("results %q, want %q", strings.Join(got, " "), want)
	}
}

// TestFaultIdentityFollowsTheBinding: requests naming a binding by its
// (random) subscription ID get the same faults in two emulators, because
// the ID stands for the binding's numbers; also after an unbind.
func TestFaultIdentityFollowsTheBinding(t *testing.T) {
	run := func() string {
		e := newEmu(t)
		sub := bindAXB(t, e, nA, nB, xAXB1)
		if err := e.SetFaults(Faults{Seed: 3, Rules: []FaultRule{{Operation: "*", Kind: "rate_limit", Probability: 0.5}}}); err != nil {
			t.Fatal(err)
		}
		var sb strings.Builder
		for range 20 {
			sb.WriteString(doReq(t, e, "AXB", "GET", pathAXB, q("subscriptionId", sub), nil).code() + " ")
		}
		for range 6 { // the unbind succeeds on its first send not limited; later sends name the gone binding
			sb.WriteString(doReq(t, e, "AXB", "DELETE", pathAXB, q("subscriptionId", sub), nil).code() + " ")
		}
		return sb.String()
	}
	a, b := run(), run()
	if a != b || !strings.Contains(a, "1010010") || !strings.Contains(a, "0 ") {
		t.Fatalf("not the same faults, or not mixed:\n%s\n%s", a, b)
	}
}

// heldServer serves e and tells when a platform request arrived and when
// the emulator finished with it.
type heldServer struct {
	*httptest.Server
	e                 *Emulator
	arrived, finished chan struct{}
}

func newHeldServer(t *testing.T, e *Emulator) *heldServer {
	h := &heldServer{e: e, arrived: make(chan struct{}, 1), finished: make(chan struct{}, 1)}
	h.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.arrived <- struct{}{}
		defer func() { h.finished <- struct{}{} }()
		e.ServeHTTP(w, r)
	}))
	t.Cleanup(h.Close)
	return h
}

// bind posts an AXB bind and calls onArrive (if any) with the cancel of
// the request's context once the request reached the emulator: cancel is
// what the client's time-out does. It returns once the emulator is done
// with the request.
func (h *heldServer) bind(t *testing.T, a, b string, onArrive func(cancel func())) (string, error) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() {
		<-h.arrived
		if onArrive != nil {
			onArrive(cancel)
		}
	}()
	data, _ := json.Marshal(map[string]any{"relationNum": xAXB1, "callerNum": a, "calleeNum": b})
	req, _ := http.NewRequestWithContext(ctx, "POST", h.URL+pathAXB, bytes.NewReader(data))
	key, secret := appOf("AXB")
	req.Header.Set("X-AKSK", sign(key, secret, h.e.clock(), newNonce()))
	tr := &http.Transport{DisableKeepAlives: true}
	defer tr.CloseIdleConnections()
	res, err := (&http.Client{Transport: tr}).Do(req)
	code := ""
	if err == nil {
		var env map[string]any
		_ = json.NewDecoder(res.Body).Decode(&env)
		res.Body.Close()
		code = str(env["resultcode"])
	}
	<-h.finished
	return code, err
}

func giveUp(cancel func()) { cancel() }

// TestHangFaults: the hang kinds hold the answer until the client gives
// up, whenever that is, and commit before, never, or just before the same
// request's next send (or when the rules are cleared).
func TestHangFaults(t *testing.T) {
	for _, tc := range []struct {
		kind              string
		afterHang, resend string // bindings after the held send; the re-send's result
	}{
		{"hang_after_commit", "1", "1012010"},
		{"hang_before_commit", "0", "0"},
		{"hang_commit_late", "0", "1012010"},
	} {
		t.Run(tc.kind, func(t *testing.T) {
			e := newEmu(t)
			h := newHeldServer(t, e)
			if err := e.SetFaults(Faults{Rules: []FaultRule{{Operation: "AXB.bind", Kind: tc.kind, Attempts: 1}}}); err != nil {
				t.Fatal(err)
			}
			if _, err := h.bind(t, nA, nB, giveUp); !errors.Is(err, context.Canceled) {
				t.Fatalf("held send: err %v, want the client's own cancel", err)
			}
			count := func() string { return fmt.Sprint(len(e.Bindings("", "AXB"))) }
			if got := count(); got != tc.afterHang {
				t.Fatalf("after the held send: %s bindings, want %s", got, tc.afterHang)
			}
			// A lookup in between sees the same.
			l := list(doReq(t, e, "AXB", "GET", pathAXB, q("relationNum", xAXB1, "callerNum", nA, "calleeNum", nB), nil), "relationNumList")
			if fmt.Sprint(len(l)) != tc.afterHang {
				t.Fatalf("lookup found %d bindings, want %s", len(l), tc.afterHang)
			}
			code, err := h.bind(t, nA, nB, nil)
			if err != nil || code != tc.resend || count() != "1" {
				t.Fatalf("re-send: %q %v, %s bindings; want %s and 1 binding", code, err, count(), tc.resend)
			}
		})
	}
	t.Run("late write applied when the rules are cleared", func(t *testing.T) {
		e := newEmu(t)
		h := newHeldServer(t, e)
		if err := e.SetFaults(Faults{Rules: []FaultRule{{Operation: "AXB.bind", Kind: "hang_commit_late"}}}); err != nil {
			t.Fatal(err)
		}
		_, _ = h.bind(t, nA, nB, giveUp)
		_, _ = h.bind(t, nC, nD, giveUp)
		if n := len(e.Bindings("", "AXB")); n != 0 {
			t.Fatalf("%d bindings before the rules are cleared", n)
		}
		e.ClearFaults()
		if n := len(e.Bindings("", "AXB")); n != 2 {
			t.Fatalf("%d bindings after the rules are cleared, want the 2 held writes", n)
		}
		if s := e.Stats(); s.Results["late"] != 2 || s.Requests["AXB.bind"] != 2 {
			t.Fatalf("stats %+v", s)
		}
	})
	t.Run("released by Close", func(t *testing.T) {
		e := newEmu(t)
		h := newHeldServer(t, e)
		if err := e.SetFaults(Faults{Rules: []FaultRule{{Operation: "AXB.bind", Kind: "hang_before_commit"}}}); err != nil {
			t.Fatal(err)
		}
		if _, err := h.bind(t, nA, nB, func(func()) { e.Close() }); err == nil {
			t.Fatal("want the connection closed without an answer")
		}
	})
}
