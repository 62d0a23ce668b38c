package emulator

import (
	"strings"
	"testing"
)

// The emulator speaks every reading of the contested points (reference §17);
// these tests pin the default (best-supported) reading and each switch.

func TestDialectAXSameAAndX(t *testing.T) {
	e := newEmu(t)
	bindAX(t, e, nA, xAX1)
	// §17: 1016002 means "this A and this X are already bound to each other".
	if r := doReq(t, e, "AX", "POST", pathAX, "", map[string]any{"origNum": nA, "privateNum": xAX1}); r.code() != "1016002" {
		t.Fatalf("same A and X: %s", r.raw)
	}
}

func TestDialectAXYBRecords(t *testing.T) {
	for _, groupRecord := range []bool{false, true} {
		e := newEmuDialect(t, Dialect{AXYBGroupRecord: groupRecord})
		g, x := bindAXYB(t, e, nA, map[string]any{"userData": "g", "ybDuration": 600})
		ak := "app_key=demo-axyb-app"
		byID := q("app_key", "demo-axyb-app", "subscriptionId", g)
		// A group without members: the query succeeds (that is how a group is found).
		l := list(mustOK(t, doReq(t, e, "AXYB", "GET", pathAXYB, byID, nil)), "xyRelationNumList")
		if want := map[bool]int{false: 0, true: 1}[groupRecord]; len(l) != want {
			t.Fatalf("groupRecord=%v: empty group has %d records, want %d: %v", groupRecord, len(l), want, l)
		}
		mustOK(t, doReq(t, e, "AXYB", "POST", pathAXYB, ak, map[string]any{"subscriptionId": g, "origNum": nB}))
		l = list(mustOK(t, doReq(t, e, "AXYB", "GET", pathAXYB, byID, nil)), "xyRelationNumList")
		m := l[len(l)-1]
		if m["numB"] != nB || m["numA"] != nA || m["numX"] != x || str(m["bindId"]) == "" || m["userData"] != "g" {
			t.Fatalf("groupRecord=%v: member record %v", groupRecord, m)
		}
		if groupRecord {
			if len(l) != 2 || l[0]["numY"] != "" || l[0]["bindId"] != g || m["subscriptionId"] != g || m["ybDuration"] != 600.0 {
				t.Fatalf("group-record reading: %v", l)
			}
		} else if len(l) != 1 || m["subscriptionId"] != nil || m["ybDuration"] != "600" || m["duration"] != "0" || m["callDirection"] != "0" {
			t.Fatalf("guide reading (one record per member, durations as strings, no subscriptionId): %v", l)
		}
		// The admin view does not depend on the dialect.
		if n := len(e.Bindings("", "AXYB")); n != 2 {
			t.Fatalf("admin entries %d", n)
		}
	}
}

func TestDialectFilterMiss(t *testing.T) {
	for _, c := range []struct {
		mode, path, query, code, list string
	}{
		{"AXB", pathAXB, q("relationNum", xAXB1), "1012007", "relationNumList"},
		{"AX", pathAX, q("origNum", nA), "1016001", "privateNumList"},
		{"AXE", pathAXE2, q("virtualNum", xAXE1), "1016001", "bindList"},
		{"AXYB", pathAXYB, q("app_key", "demo-axyb-app", "relationNum", xAXYB7), "1016001", "xyRelationNumList"},
	} {
		if r := doReq(t, newEmu(t), c.mode, "GET", c.path, c.query, nil); r.code() != c.code || r.status != 404 {
			t.Errorf("%s default: %d %s, want 404 %s", c.mode, r.status, r.raw, c.code)
		}
		r := doReq(t, newEmuDialect(t, Dialect{EmptyFilterMiss: true}), c.mode, "GET", c.path, c.query, nil)
		if l, ok := r.body[c.list].([]any); r.code() != "0" || !ok || len(l) != 0 {
			t.Errorf("%s empty_filter_miss: %s, want 0 with an empty %s", c.mode, r.raw, c.list)
		}
	}
}

func TestDialectSparseRecords(t *testing.T) {
	for _, sparse := range []bool{false, true} {
		e := newEmuDialect(t, Dialect{SparseRecords: sparse})
		sub := bindAXB(t, e, nA, nB, xAXB1)
		rec := list(mustOK(t, doReq(t, e, "AXB", "GET", pathAXB, q("subscriptionId", sub), nil)), "relationNumList")[0]
		if _, has := rec["privateSms"]; has == sparse {
			t.Fatalf("sparse=%v: privateSms present=%v: %v", sparse, has, rec)
		}
		if rec["recordFlag"] != "false" || rec["callerNum"] != nA {
			t.Fatalf("sparse=%v: the DTO's fields must stay: %v", sparse, rec)
		}
		// The admin view keeps every field.
		if _, ok := e.Bindings("", "AXB")[0].Fields["privateSms"]; !ok {
			t.Fatalf("admin lost privateSms")
		}
	}
}

func TestDialectStatuses(t *testing.T) {
	e := newEmuDialect(t, Dialect{NotFoundStatus: 200, RateLimitStatus: 403})
	if r := doReq(t, e, "AXB", "GET", pathAXB, q("subscriptionId", "nope"), nil); r.code() != "1012007" || r.status != 200 {
		t.Fatalf("not found: %d %s", r.status, r.raw)
	}
	if e.statusFor("1010010") != 403 {
		t.Fatalf("rate limit status %d", e.statusFor("1010010"))
	}
	cfg := DefaultConfig()
	cfg.Dialect.NotFoundStatus = 99
	if err := cfg.Validate(); err == nil || !strings.Contains(err.Error(), "dialect.not_found_status") {
		t.Fatalf("want a dialect.not_found_status error, got %v", err)
	}
}

// Numbers as the numbering plan has them (§17): 95 service numbers have 5-8
// national digits, Ningxia fixed lines (0951-0955) 10 or 11; 400 numbers 10.
func TestServiceNumbers(t *testing.T) {
	for n, want := range map[string]bool{
		"+8695588": true, "+8695105105": true, "+864008123456": true,
		"+869512345678": false, "+8695112345678": false, "+869555123456": false,
		"+8613800000001": false, "+861012345678": false, "+85291234567": false,
	} {
		if got := isServiceNumber(n); got != want {
			t.Errorf("isServiceNumber(%s) = %v, want %v", n, got, want)
		}
	}
	e := newEmu(t)
	// A Ningxia fixed line binds as A; a 95 number does not.
	bindAXB(t, e, "+869512345678", nB, xAXB1)
	if r := doReq(t, e, "AXB", "POST", pathAXB, "", map[string]any{"relationNum": xAXB1, "callerNum": "+8695588", "calleeNum": nC}); r.code() != "1010002" {
		t.Fatalf("95 number as A: %s", r.raw)
	}
	// 400 and 95 numbers may be an AX temporary callee (seed FAQ).
	sub := bindAX(t, e, nA, xAX1)
	for _, callee := range []string{"+864008123456", "+8695588"} {
		mustOK(t, doReq(t, e, "AX", "PUT", pathAXCall, "", map[string]any{"subscriptionId": sub, "calleeNum": callee}))
	}
}

// TestQuota: an application's quota answers flow control (1010010, with the
// dialect's status) once its bucket is empty, counts the refusals, and leaves
// other applications alone. The refill is far slower than the test, so the
// outcome does not depend on the machine's speed.
func TestQuota(t *testing.T) {
	for _, status := range []int{0, 403} {
		cfg := DefaultConfig()
		cfg.Dialect.RateLimitStatus = status
		for i := range cfg.Applications {
			if cfg.Applications[i].Mode == "AXB" {
				cfg.Applications[i].Quota = &Quota{RequestsPerSecond: 0.001, Burst: 3}
			}
		}
		e, err := New(cfg)
		if err != nil {
			t.Fatal(err)
		}
		want := map[int]int{0: 429, 403: 403}[status]
		for i := 1; i <= 5; i++ {
			r := doReq(t, e, "AXB", "GET", pathAXB, q("subscriptionId", "s"), nil)
			if i <= 3 && r.code() != "1012007" {
				t.Fatalf("request %d within the burst: %s", i, r.raw)
			}
			if i > 3 && (r.code() != "1010010" || r.status != want) {
				t.Fatalf("request %d beyond the quota: %d %s, want %d 1010010", i, r.status, r.raw, want)
			}
		}
		mustOK(t, doReq(t, e, "AX", "POST", pathAX, "", map[string]any{"origNum": nA, "privateNum": xAX1}))
		if s := e.Stats(); s.Throttled != 2 || s.Results["1010010"] != 2 {
			t.Fatalf("stats %+v", s)
		}
		e.Close()
	}
	cfg := DefaultConfig()
	cfg.Applications[0].Quota = &Quota{}
	if err := cfg.Validate(); err == nil || !strings.Contains(err.Error(), "quota") {
		t.Fatalf("want a quota error, got %v", err)
	}
}

// TestErrorAfterCommit: the request is applied, and its answer is the error
// (by default 500 1010001 "Internal system error", reference §17).
func TestErrorAfterCommit(t *testing.T) {
	e := newEmu(t)
	if err := e.SetFaults(Faults{Rules: []FaultRule{{Operation: "AXB.bind", Kind: "error_after_commit"}}}); err != nil {
		t.Fatal(err)
	}
	r := doReq(t, e, "AXB", "POST", pathAXB, "", map[string]any{"relationNum": xAXB1, "callerNum": nA, "calleeNum": nB})
	if r.code() != "1010001" || r.status != 500 {
		t.Fatalf("want 500 1010001, got %d %s", r.status, r.raw)
	}
	if n := len(e.Bindings("", "AXB")); n != 1 {
		t.Fatalf("the bind must be applied, the platform holds %d bindings", n)
	}
}
