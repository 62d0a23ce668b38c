package emulator

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
)

const (
	xAX1   = "+8617000000001"
	xAX2   = "+8617000000002"
	xAXB1  = "+8617000000101"
	xAXB2  = "+8617000000102"
	xAXB10 = "+8617100000101"
	xAXE1  = "+8617000000201"
	xAXYB1 = "+8617000000301"
	xAXYB7 = "+8617100000301"
	nA     = "+8613800000001"
	nB     = "+8613900000002"
	nC     = "+8613700000003"
	nD     = "+8613600000004"
)

func bindAXB(t testing.TB, e *Emulator, a, b, x string) string {
	t.Helper()
	r := mustOK(t, doReq(t, e, "AXB", "POST", pathAXB, "", map[string]any{
		"relationNum": x, "callerNum": a, "calleeNum": b, "duration": 0, "callDirection": 0,
		"recordFlag": "false", "privateSms": "true"}))
	return str(r.body["subscriptionId"])
}

func bindAX(t testing.TB, e *Emulator, a, x string) string {
	t.Helper()
	r := mustOK(t, doReq(t, e, "AX", "POST", pathAX, "", map[string]any{"origNum": a, "privateNum": x}))
	return str(r.body["subscriptionId"])
}

func bindAXE(t testing.TB, e *Emulator, a, x, ext string) (string, string) {
	t.Helper()
	body := map[string]any{"bindNum": a, "virtualNum": x}
	if ext != "" {
		body["extendNum"] = ext
	}
	r := mustOK(t, doReq(t, e, "AXE", "POST", pathAXE, "", body))
	return str(r.body["subscriptionId"]), str(r.body["extendNum"])
}

func bindAXYB(t testing.TB, e *Emulator, a string, extra map[string]any) (string, string) {
	t.Helper()
	body := map[string]any{"origNum": a, "areaCode": "0755", "duration": 0}
	for k, v := range extra {
		body[k] = v
	}
	r := mustOK(t, doReq(t, e, "AXYB", "POST", pathAXYB, "app_key=demo-axyb-app", body))
	return str(r.body["subscriptionId"]), str(r.body["relationNumber"])
}

type opCase struct {
	name   string
	mode   string
	method string
	path   string
	setup  func(t *testing.T, e *Emulator) map[string]string
	req    func(v map[string]string) (query string, body any)
	code   string
	status int
	check  func(t *testing.T, e *Emulator, r resp, v map[string]string)
	// dialect is the emulator's reading of the contested points (zero: the default).
	dialect Dialect
}

// legacy is the reading of §16, which the emulator spoke before §17: every
// switch of the dialect on.
var legacy = Dialect{LegacyErrorCodes: true, LegacyAXCodes: true, EmptyFilterMiss: true, AXYBGroupRecord: true}

func runCases(t *testing.T, cases []opCase) {
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e := newEmuDialect(t, c.dialect)
			v := map[string]string{}
			if c.setup != nil {
				v = c.setup(t, e)
			}
			query, body := "", any(nil)
			if c.req != nil {
				query, body = c.req(v)
			}
			r := doReq(t, e, c.mode, c.method, c.path, query, body)
			if r.code() != c.code {
				t.Fatalf("resultcode: got %s (%d %s), want %s", r.code(), r.status, r.raw, c.code)
			}
			want := c.status
			if want == 0 {
				want = e.statusFor(c.code)
			}
			if r.status != want {
				t.Fatalf("status: got %d, want %d (%s)", r.status, want, r.raw)
			}
			if _, ok := r.body["resultdesc"].(string); !ok {
				t.Fatalf("no resultdesc: %s", r.raw)
			}
			if c.check != nil {
				c.check(t, e, r, v)
			}
		})
	}
}

func body(kv ...any) func(map[string]string) (string, any) {
	return func(map[string]string) (string, any) {
		m := map[string]any{}
		for i := 0; i+1 < len(kv); i += 2 {
			m[kv[i].(string)] = kv[i+1]
		}
		return "", m
	}
}

func query(kv ...string) func(map[string]string) (string, any) {
	return func(map[string]string) (string, any) { return q(kv...), nil }
}

func axbPair(t *testing.T, e *Emulator) map[string]string {
	return map[string]string{"sub": bindAXB(t, e, nA, nB, xAXB1)}
}

func TestAXB(t *testing.T) {
	runCases(t, []opCase{
		{name: "bind by relationNum", mode: "AXB", method: "POST", path: pathAXB,
			req: body("relationNum", xAXB1, "callerNum", nA, "calleeNum", nB, "duration", "3600",
				"callDirection", 1, "recordFlag", true, "privateSms", "false", "maxDuration", 10,
				"preVoice", map[string]any{"callerHintTone": "a.wav"}, "userData", "order-1"),
			code: "0", check: func(t *testing.T, e *Emulator, r resp, _ map[string]string) {
				if str(r.body["relationNum"]) != xAXB1 || str(r.body["callerNum"]) != nA || str(r.body["calleeNum"]) != nB || len(str(r.body["subscriptionId"])) != 32 {
					t.Fatalf("bad answer %s", r.raw)
				}
				rec := list(doReq(t, e, "AXB", "GET", pathAXB, q("subscriptionId", str(r.body["subscriptionId"])), nil), "relationNumList")[0]
				if rec["recordFlag"] != "true" || rec["privateSms"] != "false" || rec["callDirection"] != 1.0 || rec["duration"] != 3600.0 ||
					rec["userData"] != "order-1" || rec["preVoice"].(map[string]any)["callerHintTone"] != "a.wav" || len(str(rec["subscribeTime"])) != 19 {
					t.Fatalf("bad record %v", rec)
				}
			}},
		{name: "bind by areaCode strict", mode: "AXB", method: "POST", path: pathAXB,
			req: body("areaCode", "010", "callerNum", nA, "calleeNum", nB), code: "0",
			check: func(t *testing.T, e *Emulator, r resp, _ map[string]string) {
				if str(r.body["relationNum"]) != xAXB10 {
					t.Fatalf("want first 010 X, got %s", r.raw)
				}
			}},
		{name: "bind unknown area strict", mode: "AXB", method: "POST", path: pathAXB,
			req: body("areaCode", "020", "callerNum", nA, "calleeNum", nB), code: "1012008"},
		{name: "bind unknown area fallback", mode: "AXB", method: "POST", path: pathAXB,
			req: body("areaCode", "020", "areaMatchMode", "1", "callerNum", nA, "calleeNum", nB), code: "0"},
		{name: "bind X of another app", mode: "AXB", method: "POST", path: pathAXB,
			req: body("relationNum", xAX1, "callerNum", nA, "calleeNum", nB), code: "1012001"},
		{name: "bind A already on X", mode: "AXB", method: "POST", path: pathAXB, setup: axbPair,
			req: body("relationNum", xAXB1, "callerNum", nA, "calleeNum", nC), code: "1012010"},
		{name: "bind B already on X as A", mode: "AXB", method: "POST", path: pathAXB, setup: axbPair,
			req: body("relationNum", xAXB1, "callerNum", nC, "calleeNum", nA), code: "1012010"},
		{name: "bind area skips X holding A", mode: "AXB", method: "POST", path: pathAXB, setup: axbPair,
			req: body("areaCode", "0755", "callerNum", nA, "calleeNum", nC), code: "0",
			check: func(t *testing.T, e *Emulator, r resp, _ map[string]string) {
				if str(r.body["relationNum"]) != xAXB2 {
					t.Fatalf("want second X, got %s", r.raw)
				}
			}},
		{name: "bind missing callerNum", mode: "AXB", method: "POST", path: pathAXB,
			req: body("relationNum", xAXB1, "calleeNum", nB), code: "1010002"},
		{name: "bind missing X and area", mode: "AXB", method: "POST", path: pathAXB,
			req: body("callerNum", nA, "calleeNum", nB), code: "1010002"},
		{name: "bind local format", mode: "AXB", method: "POST", path: pathAXB,
			req: body("relationNum", xAXB1, "callerNum", "13800000001", "calleeNum", nB), code: "1010002"},
		{name: "bind 400 number", mode: "AXB", method: "POST", path: pathAXB,
			req: body("relationNum", xAXB1, "callerNum", "+864001234567", "calleeNum", nB), code: "1010002"},
		{name: "bind 95 number", mode: "AXB", method: "POST", path: pathAXB,
			req: body("relationNum", xAXB1, "callerNum", nA, "calleeNum", "+8695555"), code: "1010002"},
		{name: "bind same A and B", mode: "AXB", method: "POST", path: pathAXB,
			req: body("relationNum", xAXB1, "callerNum", nA, "calleeNum", nA), code: "1010002"},
		{name: "bind duration too long", mode: "AXB", method: "POST", path: pathAXB,
			req: body("relationNum", xAXB1, "callerNum", nA, "calleeNum", nB, "duration", 7776001), code: "1010002"},
		{name: "bind callDirection 3", mode: "AXB", method: "POST", path: pathAXB,
			req: body("relationNum", xAXB1, "callerNum", nA, "calleeNum", nB, "callDirection", 3), code: "1010002"},
		{name: "bind recordFlag yes", mode: "AXB", method: "POST", path: pathAXB,
			req: body("relationNum", xAXB1, "callerNum", nA, "calleeNum", nB, "recordFlag", "yes"), code: "1010002"},
		{name: "bind userData braces", mode: "AXB", method: "POST", path: pathAXB,
			req: body("relationNum", xAXB1, "callerNum", nA, "calleeNum", nB, "userData", "{x}"), code: "1010002"},
		{name: "bind userData chinese", mode: "AXB", method: "POST", path: pathAXB,
			req: body("relationNum", xAXB1, "callerNum", nA, "calleeNum", nB, "userData", "订单"), code: "1010002"},
		{name: "bind userData too long", mode: "AXB", method: "POST", path: pathAXB,
			req: body("relationNum", xAXB1, "callerNum", nA, "calleeNum", nB, "userData", strings.Repeat("u", 257)), code: "1010002"},
		{name: "bind unknown parameter", mode: "AXB", method: "POST", path: pathAXB,
			req: body("relationNum", xAXB1, "callerNum", nA, "calleeNum", nB, "colour", "red"), code: "1010002",
			check: func(t *testing.T, e *Emulator, r resp, _ map[string]string) {
				if str(r.body["resultdesc"]) != "Invalid request.colour" {
					t.Fatalf("desc %s", r.raw)
				}
			}},
		{name: "bind number as JSON number", mode: "AXB", method: "POST", path: pathAXB,
			req: body("relationNum", xAXB1, "callerNum", 8613800000001, "calleeNum", nB), code: "1010002"},
		{name: "bind bad preVoice key", mode: "AXB", method: "POST", path: pathAXB,
			req: body("relationNum", xAXB1, "callerNum", nA, "calleeNum", nB, "preVoice", map[string]any{"x": "a"}), code: "1010002"},
		{name: "bind malformed JSON", mode: "AXB", method: "POST", path: pathAXB,
			req: func(map[string]string) (string, any) { return "", `{"callerNum":` }, code: "1010002"},
		{name: "bind JSON array", mode: "AXB", method: "POST", path: pathAXB,
			req: func(map[string]string) (string, any) { return "", `[1]` }, code: "1010002"},
		{name: "bind trailing data", mode: "AXB", method: "POST", path: pathAXB,
			req: func(map[string]string) (string, any) { return "", `{} {}` }, code: "1010002"},
		{name: "bind body over 1 MiB", mode: "AXB", method: "POST", path: pathAXB,
			req: func(map[string]string) (string, any) {
				return "", `{"userData":"` + strings.Repeat("a", 1<<20) + `"}`
			}, code: "1010002"},
		{name: "unbind by id", mode: "AXB", method: "DELETE", path: pathAXB, setup: axbPair,
			req: func(v map[string]string) (string, any) { return q("subscriptionId", v["sub"]), nil }, code: "0",
			check: func(t *testing.T, e *Emulator, r resp, v map[string]string) {
				if len(e.Bindings("", "")) != 0 {
					t.Fatal("binding left")
				}
			}},
		{name: "unbind id wins over relationNum", mode: "AXB", method: "DELETE", path: pathAXB, setup: axbPair,
			req: func(v map[string]string) (string, any) {
				return q("subscriptionId", "0123456789abcdef0123456789abcdef", "relationNum", xAXB1), nil
			}, code: "1012007"},
		{name: "unbind all on X", mode: "AXB", method: "DELETE", path: pathAXB,
			setup: func(t *testing.T, e *Emulator) map[string]string {
				bindAXB(t, e, nA, nB, xAXB1)
				bindAXB(t, e, nC, nD, xAXB1)
				return nil
			}, req: query("relationNum", xAXB1), code: "0",
			check: func(t *testing.T, e *Emulator, r resp, v map[string]string) {
				if len(e.Bindings("", "")) != 0 {
					t.Fatal("bindings left")
				}
			}},
		{name: "unbind X not owned", mode: "AXB", method: "DELETE", path: pathAXB, req: query("relationNum", xAX1), code: "1012001"},
		{name: "unbind nothing", mode: "AXB", method: "DELETE", path: pathAXB, code: "1010002"},
		{name: "unbind unknown", mode: "AXB", method: "DELETE", path: pathAXB, req: query("subscriptionId", "nope"), code: "1012007"},
		{name: "unbind duplicate param", mode: "AXB", method: "DELETE", path: pathAXB,
			req: func(map[string]string) (string, any) { return "subscriptionId=a&subscriptionId=b", nil }, code: "1010002"},
		{name: "modify", mode: "AXB", method: "PUT", path: pathAXB, setup: axbPair,
			req: func(v map[string]string) (string, any) {
				return "", map[string]any{"subscriptionId": v["sub"], "calleeNum": nC, "callDirection": "2", "recordFlag": "true"}
			}, code: "0",
			check: func(t *testing.T, e *Emulator, r resp, v map[string]string) {
				rec := list(doReq(t, e, "AXB", "GET", pathAXB, q("subscriptionId", v["sub"]), nil), "relationNumList")[0]
				if rec["calleeNum"] != nC || rec["callDirection"] != 2.0 || rec["recordFlag"] != "true" || rec["callerNum"] != nA {
					t.Fatalf("bad record %v", rec)
				}
				bindAXB(t, e, nB, nD, xAXB1) // the old B is free again
			}},
		{name: "modify to a number on X", mode: "AXB", method: "PUT", path: pathAXB,
			setup: func(t *testing.T, e *Emulator) map[string]string {
				bindAXB(t, e, nC, nD, xAXB1)
				return axbPair(t, e)
			},
			req: func(v map[string]string) (string, any) {
				return "", map[string]any{"subscriptionId": v["sub"], "calleeNum": nD}
			}, code: "1012010"},
		{name: "modify userData refused", mode: "AXB", method: "PUT", path: pathAXB, setup: axbPair,
			req: func(v map[string]string) (string, any) {
				return "", map[string]any{"subscriptionId": v["sub"], "userData": "x"}
			}, code: "1010002"},
		{name: "modify unknown", mode: "AXB", method: "PUT", path: pathAXB,
			req: body("subscriptionId", "abc", "recordFlag", "true"), code: "1012007"},
		{name: "modify without id", mode: "AXB", method: "PUT", path: pathAXB, req: body("recordFlag", "true"), code: "1010002"},
		{name: "query by X paged", mode: "AXB", method: "GET", path: pathAXB,
			setup: func(t *testing.T, e *Emulator) map[string]string {
				for i := 0; i < 12; i++ {
					bindAXB(t, e, fmt.Sprintf("+86138000001%02d", i), fmt.Sprintf("+86139000001%02d", i), xAXB1)
				}
				return nil
			}, req: query("relationNum", xAXB1, "pageIndex", "2", "pageSize", "10"), code: "0",
			check: func(t *testing.T, e *Emulator, r resp, v map[string]string) {
				l := list(r, "relationNumList")
				if r.body["totalCount"] != 12.0 || r.body["pageIndexCount"] != 2.0 || len(l) != 2 || l[0]["callerNum"] != "+8613800000110" {
					t.Fatalf("bad page %s", r.raw)
				}
			}},
		{name: "query pageSize out of range becomes 50", mode: "AXB", method: "GET", path: pathAXB, setup: axbPair,
			req: query("relationNum", xAXB1, "pageSize", "5"), code: "0",
			check: func(t *testing.T, e *Emulator, r resp, v map[string]string) {
				if r.body["totalCount"] != 1.0 || r.body["pageIndexCount"] != 1.0 {
					t.Fatalf("bad %s", r.raw)
				}
			}},
		{name: "query X with callerNum filter miss (legacy)", dialect: legacy, mode: "AXB", method: "GET", path: pathAXB, setup: axbPair,
			req: query("relationNum", xAXB1, "callerNum", nB), code: "0",
			check: func(t *testing.T, e *Emulator, r resp, v map[string]string) {
				if r.body["totalCount"] != 0.0 || len(list(r, "relationNumList")) != 0 {
					t.Fatalf("bad %s", r.raw)
				}
			}},
		{name: "query X with callerNum filter miss", mode: "AXB", method: "GET", path: pathAXB, setup: axbPair,
			req: query("relationNum", xAXB1, "callerNum", nB), code: "1012007"},
		{name: "query X with callee filter", mode: "AXB", method: "GET", path: pathAXB, setup: axbPair,
			req: query("relationNum", xAXB1, "callerNum", nA, "calleeNum", nB), code: "0",
			check: func(t *testing.T, e *Emulator, r resp, v map[string]string) {
				if len(list(r, "relationNumList")) != 1 {
					t.Fatalf("bad %s", r.raw)
				}
			}},
		{name: "query pageIndex 0", mode: "AXB", method: "GET", path: pathAXB, req: query("relationNum", xAXB1, "pageIndex", "0"), code: "1010002"},
		{name: "query pageSize text", mode: "AXB", method: "GET", path: pathAXB, req: query("relationNum", xAXB1, "pageSize", "ten"), code: "1010002"},
		{name: "query X not owned", mode: "AXB", method: "GET", path: pathAXB, req: query("relationNum", xAX1), code: "1012001"},
		{name: "query unknown id", mode: "AXB", method: "GET", path: pathAXB, req: query("subscriptionId", "nope"), code: "1012007"},
		{name: "query nothing", mode: "AXB", method: "GET", path: pathAXB, code: "1010002"},
		{name: "query unknown parameter", mode: "AXB", method: "GET", path: pathAXB, req: query("relationNum", xAXB1, "foo", "1"), code: "1010002"},
		{name: "query bad escape", mode: "AXB", method: "GET", path: pathAXB,
			req: func(map[string]string) (string, any) { return "relationNum=%zz", nil }, code: "1010002"},
	})
}

func TestAXBCapacity(t *testing.T) {
	e := newEmu(t)
	e.limits.axbPairsPerX = 2
	bindAXB(t, e, nA, nB, xAXB1)
	bindAXB(t, e, nC, nD, xAXB1)
	r := doReq(t, e, "AXB", "POST", pathAXB, "", map[string]any{"relationNum": xAXB1, "callerNum": "+8613500000005", "calleeNum": "+8613500000006"})
	if r.code() != "1012008" {
		t.Fatalf("full X: %s", r.raw)
	}
	// All 12 X full: no X in the area, and none with fallback.
	for _, x := range e.apps["demo-axb-app"].areaOf {
		_ = x
	}
	for area, xs := range e.apps["demo-axb-app"].Numbers {
		for i, x := range xs {
			if x == xAXB1 {
				continue
			}
			bindAXB(t, e, fmt.Sprintf("+861360000%s%d", area[1:], i), fmt.Sprintf("+861370000%s%d", area[1:], i), x)
			bindAXB(t, e, fmt.Sprintf("+861340000%s%d", area[1:], i), fmt.Sprintf("+861350000%s%d", area[1:], i), x)
		}
	}
	r = doReq(t, e, "AXB", "POST", pathAXB, "", map[string]any{"areaCode": "0755", "areaMatchMode": "1", "callerNum": "+8613300000005", "calleeNum": "+8613300000006"})
	if r.code() != "1012008" {
		t.Fatalf("pool exhausted: %s", r.raw)
	}
}

func TestAX(t *testing.T) {
	axOne := func(t *testing.T, e *Emulator) map[string]string {
		return map[string]string{"sub": bindAX(t, e, nA, xAX1)}
	}
	runCases(t, []opCase{
		{name: "bind by privateNum", mode: "AX", method: "POST", path: pathAX,
			req: body("origNum", nA, "privateNum", xAX1, "calleeNumDisplay", "1", "turnFlag", "off", "userData", "u"), code: "0",
			check: func(t *testing.T, e *Emulator, r resp, _ map[string]string) {
				if r.body["origNum"] != nA || r.body["privateNum"] != xAX1 || str(r.body["subscriptionId"]) == "" {
					t.Fatalf("bad %s", r.raw)
				}
				l := list(doReq(t, e, "AX", "GET", pathAX, q("origNum", nA), nil), "privateNumList")
				if len(l) != 1 || l[0]["calleeNumDisplay"] != "1" || l[0]["turnFlag"] != "off" || l[0]["recordFlag"] != "false" || l[0]["userData"] != "u" {
					t.Fatalf("bad list %v", l)
				}
			}},
		{name: "bind by area", mode: "AX", method: "POST", path: pathAX,
			req: body("origNum", nA, "areaCode", "010", "privateNumType", "mobile-virtual"), code: "0",
			check: func(t *testing.T, e *Emulator, r resp, _ map[string]string) {
				if r.body["privateNum"] != "+8617100000001" {
					t.Fatalf("bad %s", r.raw)
				}
			}},
		{name: "bind by area needs privateNumType", mode: "AX", method: "POST", path: pathAX,
			req: body("origNum", nA, "areaCode", "010"), code: "1010002"},
		{name: "bind bad privateNumType", mode: "AX", method: "POST", path: pathAX,
			req: body("origNum", nA, "areaCode", "010", "privateNumType", "fixed"), code: "1010002"},
		{name: "bind X bound (legacy)", dialect: legacy, mode: "AX", method: "POST", path: pathAX, setup: axOne,
			req: body("origNum", nB, "privateNum", xAX1), code: "1016002"},
		{name: "bind X bound", mode: "AX", method: "POST", path: pathAX, setup: axOne,
			req: body("origNum", nB, "privateNum", xAX1), code: "1011005"},
		{name: "bind X not owned (legacy)", dialect: legacy, mode: "AX", method: "POST", path: pathAX,
			req: body("origNum", nB, "privateNum", xAXB1), code: "1011004"},
		{name: "bind X not owned", mode: "AX", method: "POST", path: pathAX,
			req: body("origNum", nB, "privateNum", xAXB1), code: "1011001"},
		{name: "bind sixth X for A (legacy)", dialect: legacy, mode: "AX", method: "POST", path: pathAX,
			setup: func(t *testing.T, e *Emulator) map[string]string {
				for i := 1; i <= 5; i++ {
					bindAX(t, e, nA, fmt.Sprintf("+861700000000%d", i))
				}
				return nil
			}, req: body("origNum", nA, "privateNum", "+8617000000006"), code: "1012008"},
		{name: "bind sixth X for A", mode: "AX", method: "POST", path: pathAX,
			setup: func(t *testing.T, e *Emulator) map[string]string {
				for i := 1; i <= 5; i++ {
					bindAX(t, e, nA, fmt.Sprintf("+861700000000%d", i))
				}
				return nil
			}, req: body("origNum", nA, "privateNum", "+8617000000006"), code: "1011003"},
		{name: "bind area exhausted strict (legacy)", dialect: legacy, mode: "AX", method: "POST", path: pathAX,
			setup: func(t *testing.T, e *Emulator) map[string]string {
				for i := 1; i <= 6; i++ {
					bindAX(t, e, fmt.Sprintf("+861380000000%d", i), fmt.Sprintf("+861700000000%d", i))
				}
				return nil
			}, req: body("origNum", nB, "areaCode", "0755", "privateNumType", "mobile-virtual"), code: "1012008"},
		{name: "bind area exhausted strict", mode: "AX", method: "POST", path: pathAX,
			setup: func(t *testing.T, e *Emulator) map[string]string {
				for i := 1; i <= 6; i++ {
					bindAX(t, e, fmt.Sprintf("+861380000000%d", i), fmt.Sprintf("+861700000000%d", i))
				}
				return nil
			}, req: body("origNum", nB, "areaCode", "0755", "privateNumType", "mobile-virtual"), code: "1011002"},
		{name: "bind missing origNum", mode: "AX", method: "POST", path: pathAX, req: body("privateNum", xAX1), code: "1010002"},
		{name: "bind maxDuration 1441", mode: "AX", method: "POST", path: pathAX, req: body("origNum", nA, "privateNum", xAX1, "maxDuration", 1441), code: "1010002"},
		{name: "bind turnFlag bad", mode: "AX", method: "POST", path: pathAX, req: body("origNum", nA, "privateNum", xAX1, "turnFlag", "maybe"), code: "1010002"},
		{name: "unbind by pair", mode: "AX", method: "DELETE", path: pathAX, setup: axOne, req: query("origNum", nA, "privateNum", xAX1), code: "0"},
		{name: "unbind by id", mode: "AX", method: "DELETE", path: pathAX, setup: axOne,
			req: func(v map[string]string) (string, any) { return q("subscriptionId", v["sub"]), nil }, code: "0"},
		{name: "unbind pair miss", mode: "AX", method: "DELETE", path: pathAX, setup: axOne, req: query("origNum", nB, "privateNum", xAX1), code: "1016001"},
		{name: "unbind origNum only", mode: "AX", method: "DELETE", path: pathAX, req: query("origNum", nB), code: "1010002"},
		{name: "unbind X not owned", mode: "AX", method: "DELETE", path: pathAX, req: query("origNum", nB, "privateNum", xAXB1), code: "1011004"},
		{name: "modify", mode: "AX", method: "PUT", path: pathAX, setup: axOne,
			req: body("origNum", nA, "privateNum", xAX1, "maxDuration", 30, "privateSms", false), code: "0",
			check: func(t *testing.T, e *Emulator, r resp, v map[string]string) {
				l := list(doReq(t, e, "AX", "GET", pathAX, q("subscriptionId", v["sub"]), nil), "privateNumList")
				if l[0]["maxDuration"] != 30.0 || l[0]["privateSms"] != "false" {
					t.Fatalf("bad %v", l)
				}
			}},
		{name: "modify turnFlag refused", mode: "AX", method: "PUT", path: pathAX, setup: axOne,
			req: body("origNum", nA, "privateNum", xAX1, "turnFlag", "off"), code: "1010002"},
		{name: "modify unknown", mode: "AX", method: "PUT", path: pathAX, req: body("subscriptionId", "x1", "recordFlag", "true"), code: "1016001"},
		{name: "query by privateNum", mode: "AX", method: "GET", path: pathAX, setup: axOne, req: query("privateNum", xAX1), code: "0",
			check: func(t *testing.T, e *Emulator, r resp, v map[string]string) {
				if l := list(r, "privateNumList"); len(l) != 1 || l[0]["subscriptionId"] != v["sub"] {
					t.Fatalf("bad %s", r.raw)
				}
			}},
		{name: "query origNum wins over privateNum (legacy)", dialect: legacy, mode: "AX", method: "GET", path: pathAX, setup: axOne, req: query("origNum", nB, "privateNum", xAX1), code: "0",
			check: func(t *testing.T, e *Emulator, r resp, v map[string]string) {
				if l := list(r, "privateNumList"); len(l) != 0 {
					t.Fatalf("bad %s", r.raw)
				}
			}},
		{name: "query origNum wins over privateNum", mode: "AX", method: "GET", path: pathAX, setup: axOne, req: query("origNum", nB, "privateNum", xAX1), code: "1016001"},
		{name: "query unknown id", mode: "AX", method: "GET", path: pathAX, req: query("subscriptionId", "x"), code: "1016001"},
		{name: "query X not owned", mode: "AX", method: "GET", path: pathAX, req: query("privateNum", xAXE1), code: "1011004"},
		{name: "query nothing", mode: "AX", method: "GET", path: pathAX, code: "1010002"},
		{name: "set callee", mode: "AX", method: "PUT", path: pathAXCall, setup: axOne,
			req: func(v map[string]string) (string, any) {
				return "", map[string]any{"subscriptionId": v["sub"], "calleeNum": nB, "duration": 120}
			}, code: "0",
			check: func(t *testing.T, e *Emulator, r resp, v map[string]string) {
				if b := e.Bindings("", "AX"); b[0].Fields["calleeNum"] != nB {
					t.Fatalf("callee not set %v", b[0].Fields)
				}
				e.AdvanceClock(121e9)
				if b := e.Bindings("", "AX"); b[0].Fields["calleeNum"] != nil {
					t.Fatalf("callee not expired %v", b[0].Fields)
				}
			}},
		{name: "set callee to A", mode: "AX", method: "PUT", path: pathAXCall, setup: axOne,
			req: body("origNum", nA, "privateNum", xAX1, "calleeNum", nA), code: "1010002"},
		{name: "set callee duration too long", mode: "AX", method: "PUT", path: pathAXCall, setup: axOne,
			req: body("origNum", nA, "privateNum", xAX1, "calleeNum", nB, "duration", 259201), code: "1010002"},
		{name: "set callee missing", mode: "AX", method: "PUT", path: pathAXCall, setup: axOne,
			req: body("origNum", nA, "privateNum", xAX1), code: "1010002"},
		{name: "set callee unknown binding", mode: "AX", method: "PUT", path: pathAXCall,
			req: body("origNum", nA, "privateNum", xAX1, "calleeNum", nB), code: "1016001"},
	})
}

func TestAXE(t *testing.T) {
	axeOne := func(t *testing.T, e *Emulator) map[string]string {
		sub, ext := bindAXE(t, e, nA, xAXE1, "")
		return map[string]string{"sub": sub, "ext": ext}
	}
	runCases(t, []opCase{
		{name: "bind auto extension", mode: "AXE", method: "POST", path: pathAXE, setup: axeOne,
			req: body("bindNum", nB, "virtualNum", xAXE1, "timeUnit", "1", "bindExpiredTime", 30, "callbackNum", nC), code: "0",
			check: func(t *testing.T, e *Emulator, r resp, v map[string]string) {
				if v["ext"] != "001" || r.body["extendNum"] != "002" || r.body["bindNum"] != nB || r.body["virtualNum"] != xAXE1 {
					t.Fatalf("bad %s (first %s)", r.raw, v["ext"])
				}
			}},
		{name: "bind requested extension", mode: "AXE", method: "POST", path: pathAXE,
			req: body("bindNum", nB, "virtualNum", xAXE1, "extendNum", "123"), code: "0",
			check: func(t *testing.T, e *Emulator, r resp, v map[string]string) {
				if r.body["extendNum"] != "123" {
					t.Fatalf("bad %s", r.raw)
				}
			}},
		{name: "bind extension taken", mode: "AXE", method: "POST", path: pathAXE, setup: axeOne,
			req: body("bindNum", nB, "virtualNum", xAXE1, "extendNum", "001"), code: "1016002"},
		{name: "bind extension wrong digits", mode: "AXE", method: "POST", path: pathAXE,
			req: body("bindNum", nB, "virtualNum", xAXE1, "extendNum", "12"), code: "1010002"},
		{name: "bind extension zero", mode: "AXE", method: "POST", path: pathAXE,
			req: body("bindNum", nB, "virtualNum", xAXE1, "extendNum", "000"), code: "1010002"},
		{name: "bind same A twice on X", mode: "AXE", method: "POST", path: pathAXE, setup: axeOne,
			req: body("bindNum", nA, "virtualNum", xAXE1), code: "1016002"},
		{name: "bind by area skips X holding A", mode: "AXE", method: "POST", path: pathAXE, setup: axeOne,
			req: body("bindNum", nA, "areaCode", "0755"), code: "0",
			check: func(t *testing.T, e *Emulator, r resp, v map[string]string) {
				if r.body["virtualNum"] != "+8617000000202" {
					t.Fatalf("bad %s", r.raw)
				}
			}},
		{name: "bind callbackTone and callbackNum", mode: "AXE", method: "POST", path: pathAXE,
			req: body("bindNum", nB, "virtualNum", xAXE1, "callbackTone", "t.wav", "callbackNum", nC), code: "1010002"},
		{name: "bind timeUnit 2", mode: "AXE", method: "POST", path: pathAXE,
			req: body("bindNum", nB, "virtualNum", xAXE1, "timeUnit", "2"), code: "1010002"},
		{name: "bind X not owned", mode: "AXE", method: "POST", path: pathAXE, req: body("bindNum", nB, "virtualNum", xAX1), code: "1011004"},
		{name: "bind missing X", mode: "AXE", method: "POST", path: pathAXE, req: body("bindNum", nB), code: "1010002"},
		{name: "unbind by X and extension", mode: "AXE", method: "DELETE", path: pathAXE, setup: axeOne,
			req: query("virtualNum", xAXE1, "extendNum", "001"), code: "0"},
		{name: "unbind X only", mode: "AXE", method: "DELETE", path: pathAXE, req: query("virtualNum", xAXE1), code: "1010002"},
		{name: "unbind unknown", mode: "AXE", method: "DELETE", path: pathAXE, req: query("subscriptionId", "abc"), code: "1016001"},
		{name: "modify", mode: "AXE", method: "PUT", path: pathAXE, setup: axeOne,
			req: func(v map[string]string) (string, any) {
				return "", map[string]any{"subscriptionId": v["sub"], "callbackTone": "cb.wav", "recordFlag": "true"}
			}, code: "0",
			check: func(t *testing.T, e *Emulator, r resp, v map[string]string) {
				rec := doReq(t, e, "AXE", "GET", pathAXE, q("subscriptionId", v["sub"]), nil).body
				if rec["callbackTone"] != "cb.wav" || rec["recordFlag"] != "true" || rec["extendNum"] != "001" || rec["bindNum"] != nA {
					t.Fatalf("bad %v", rec)
				}
			}},
		{name: "modify bindNum refused", mode: "AXE", method: "PUT", path: pathAXE, setup: axeOne,
			req: func(v map[string]string) (string, any) {
				return "", map[string]any{"subscriptionId": v["sub"], "bindNum": nB}
			}, code: "1010002"},
		{name: "modify unknown", mode: "AXE", method: "PUT", path: pathAXE, req: body("virtualNum", xAXE1, "extendNum", "009", "recordFlag", "true"), code: "1016001"},
		{name: "query v1 by X and extension", mode: "AXE", method: "GET", path: pathAXE, setup: axeOne,
			req: query("virtualNum", xAXE1, "extendNum", "001"), code: "0",
			check: func(t *testing.T, e *Emulator, r resp, v map[string]string) {
				if r.body["subscriptionId"] != v["sub"] || r.body["timeUnit"] != "0" || r.body["bindExpiredTime"] != 0.0 || r.body["displayNumMode"] != "0" {
					t.Fatalf("bad %s", r.raw)
				}
			}},
		{name: "query v1 miss", mode: "AXE", method: "GET", path: pathAXE, req: query("virtualNum", xAXE1, "extendNum", "001"), code: "1016001"},
		{name: "query v1 X not owned", mode: "AXE", method: "GET", path: pathAXE, req: query("virtualNum", xAXB1, "extendNum", "001"), code: "1011004"},
		{name: "query v2 paged", mode: "AXE", method: "GET", path: pathAXE2,
			setup: func(t *testing.T, e *Emulator) map[string]string {
				for i := 0; i < 5; i++ {
					bindAXE(t, e, fmt.Sprintf("+861380000000%d", i), xAXE1, "")
				}
				return nil
			}, req: query("virtualNum", xAXE1, "limit", "2"), code: "0",
			check: func(t *testing.T, e *Emulator, r resp, v map[string]string) {
				var exts []string
				for {
					for _, rec := range list(r, "bindList") {
						exts = append(exts, str(rec["extendNum"]))
					}
					next := str(r.body["nextCursor"])
					if next == "" {
						break
					}
					if !cursorRe.MatchString(next) {
						t.Fatalf("bad cursor %q", next)
					}
					r = mustOK(t, doReq(t, e, "AXE", "GET", pathAXE2, q("virtualNum", xAXE1, "limit", "2", "cursor", next), nil))
				}
				if strings.Join(exts, ",") != "001,002,003,004,005" {
					t.Fatalf("pages gave %v", exts)
				}
			}},
		{name: "query v2 first cursor", mode: "AXE", method: "GET", path: pathAXE2, setup: axeOne,
			req: query("virtualNum", xAXE1, "cursor", "0000000000000_0"), code: "0",
			check: func(t *testing.T, e *Emulator, r resp, v map[string]string) {
				if len(list(r, "bindList")) != 1 || r.body["nextCursor"] != nil {
					t.Fatalf("bad %s", r.raw)
				}
			}},
		{name: "query v2 empty X (legacy)", dialect: legacy, mode: "AXE", method: "GET", path: pathAXE2, req: query("virtualNum", xAXE1), code: "0"},
		{name: "query v2 empty X", mode: "AXE", method: "GET", path: pathAXE2, req: query("virtualNum", xAXE1), code: "1016001"},
		{name: "query v2 by id", mode: "AXE", method: "GET", path: pathAXE2, setup: axeOne,
			req: func(v map[string]string) (string, any) {
				return q("subscriptionId", v["sub"], "virtualNum", xAXE1), nil
			}, code: "0"},
		{name: "query v2 unknown id", mode: "AXE", method: "GET", path: pathAXE2, req: query("subscriptionId", "zz"), code: "1016001"},
		{name: "query v2 bad cursor", mode: "AXE", method: "GET", path: pathAXE2, req: query("virtualNum", xAXE1, "cursor", "12_3"), code: "1010002"},
		{name: "query v2 limit 101", mode: "AXE", method: "GET", path: pathAXE2, req: query("virtualNum", xAXE1, "limit", "101"), code: "1010002"},
		{name: "query v2 limit 0", mode: "AXE", method: "GET", path: pathAXE2, req: query("virtualNum", xAXE1, "limit", "0"), code: "1010002"},
		{name: "query v2 nothing", mode: "AXE", method: "GET", path: pathAXE2, code: "1010002"},
	})
}

func TestAXEExtensionsExhausted(t *testing.T) {
	cfg := DefaultConfig()
	cfg.Applications[2].ExtensionDigits = 1
	e, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	for i := 1; i <= 9; i++ {
		bindAXE(t, e, fmt.Sprintf("+861380000000%d", i), xAXE1, "")
	}
	if r := doReq(t, e, "AXE", "POST", pathAXE, "", map[string]any{"bindNum": nB, "virtualNum": xAXE1}); r.code() != "1020167" {
		t.Fatalf("want 1020167, got %s", r.raw)
	}
	if r := doReq(t, e, "AXE", "POST", pathAXE, "", map[string]any{"bindNum": nB, "virtualNum": "+8617000000202", "extendNum": "10"}); r.code() != "1010002" {
		t.Fatalf("want 1010002, got %s", r.raw)
	}
}

func TestAXYB(t *testing.T) {
	group := func(t *testing.T, e *Emulator) map[string]string {
		sub, x := bindAXYB(t, e, nA, map[string]any{"ybDuration": 600, "userData": "g"})
		return map[string]string{"sub": sub, "x": x}
	}
	withMember := func(t *testing.T, e *Emulator) map[string]string {
		v := group(t, e)
		r := mustOK(t, doReq(t, e, "AXYB", "POST", pathAXYB, "app_key=demo-axyb-app", map[string]any{"subscriptionId": v["sub"], "origNum": nB}))
		v["y"] = str(r.body["relationNumber"])
		return v
	}
	ak := "app_key=demo-axyb-app"
	runCases(t, []opCase{
		{name: "bind AX", mode: "AXYB", method: "POST", path: pathAXYB,
			req: func(map[string]string) (string, any) {
				return ak, map[string]any{"origNum": nA, "areaCode": "010", "duration": 3600, "callDirection": 0, "recordFlag": "false"}
			}, code: "0",
			check: func(t *testing.T, e *Emulator, r resp, _ map[string]string) {
				if r.body["relationNumber"] != xAXYB7 || len(str(r.body["subscriptionId"])) != 32 {
					t.Fatalf("bad %s", r.raw)
				}
			}},
		{name: "bind YB (legacy)", dialect: legacy, mode: "AXYB", method: "POST", path: pathAXYB, setup: group,
			req: func(v map[string]string) (string, any) {
				return ak, map[string]any{"subscriptionId": v["sub"], "origNum": nB, "preVoiceY": "y.wav"}
			}, code: "0",
			check: func(t *testing.T, e *Emulator, r resp, v map[string]string) {
				y := str(r.body["relationNumber"])
				if r.body["subscriptionId"] != v["sub"] || y == "" || y == v["x"] || e.apps["demo-axyb-app"].areaOf[y] != "0755" {
					t.Fatalf("bad %s", r.raw)
				}
				l := list(doReq(t, e, "AXYB", "GET", pathAXYB, q("app_key", "demo-axyb-app", "subscriptionId", v["sub"]), nil), "xyRelationNumList")
				if len(l) != 2 || l[0]["bindId"] != v["sub"] || l[0]["numY"] != "" || l[1]["numB"] != nB || l[1]["numY"] != y ||
					l[1]["subscriptionId"] != v["sub"] || l[1]["bindId"] == v["sub"] || l[1]["preVoiceY"] != "y.wav" || l[1]["ybDuration"] != 600.0 || l[1]["userData"] != "g" {
					t.Fatalf("bad list %v", l)
				}
			}},
		{name: "bind YB twice same B", mode: "AXYB", method: "POST", path: pathAXYB, setup: withMember,
			req: func(v map[string]string) (string, any) {
				return ak, map[string]any{"subscriptionId": v["sub"], "origNum": nB}
			}, code: "1016002"},
		{name: "bind YB gets a different Y", mode: "AXYB", method: "POST", path: pathAXYB, setup: withMember,
			req: func(v map[string]string) (string, any) {
				return ak, map[string]any{"subscriptionId": v["sub"], "origNum": nC}
			}, code: "0",
			check: func(t *testing.T, e *Emulator, r resp, v map[string]string) {
				if r.body["relationNumber"] == v["y"] {
					t.Fatalf("Y reused in group: %s", r.raw)
				}
			}},
		{name: "bind YB with group field", mode: "AXYB", method: "POST", path: pathAXYB, setup: group,
			req: func(v map[string]string) (string, any) {
				return ak, map[string]any{"subscriptionId": v["sub"], "origNum": nB, "duration": 60}
			}, code: "1010002"},
		{name: "bind YB unknown group", mode: "AXYB", method: "POST", path: pathAXYB,
			req: func(v map[string]string) (string, any) {
				return ak, map[string]any{"subscriptionId": "nope", "origNum": nB}
			}, code: "1016001"},
		{name: "bind sixth X for A", mode: "AXYB", method: "POST", path: pathAXYB,
			setup: func(t *testing.T, e *Emulator) map[string]string {
				for i := 0; i < 5; i++ {
					bindAXYB(t, e, nA, map[string]any{"areaMatchMode": "1"})
				}
				return nil
			},
			req: func(map[string]string) (string, any) { return ak, map[string]any{"origNum": nA, "areaMatchMode": "1"} }, code: "1012008"},
		{name: "bind duration 59", mode: "AXYB", method: "POST", path: pathAXYB,
			req: func(map[string]string) (string, any) { return ak, map[string]any{"origNum": nA, "duration": 59} }, code: "1010002"},
		{name: "bind without app_key", mode: "AXYB", method: "POST", path: pathAXYB,
			req: func(map[string]string) (string, any) { return "", map[string]any{"origNum": nA} }, code: "1010002"},
		{name: "bind with other app_key", mode: "AXYB", method: "POST", path: pathAXYB,
			req: func(map[string]string) (string, any) { return "app_key=demo-ax-app", map[string]any{"origNum": nA} }, code: "1010003"},
		{name: "unbind member by yNum", mode: "AXYB", method: "DELETE", path: pathAXYB, setup: withMember,
			req: func(v map[string]string) (string, any) {
				return q("app_key", "demo-axyb-app", "subscriptionId", v["sub"], "yNum", v["y"], "bNum", nC), nil
			}, code: "0",
			check: func(t *testing.T, e *Emulator, r resp, v map[string]string) {
				if b := e.Bindings("", "AXYB"); len(b) != 1 || b[0].BNumber != "" {
					t.Fatalf("bad %v", b)
				}
			}},
		{name: "unbind member by bNum", mode: "AXYB", method: "DELETE", path: pathAXYB, setup: withMember,
			req: func(v map[string]string) (string, any) {
				return q("app_key", "demo-axyb-app", "subscriptionId", v["sub"], "bNum", nB), nil
			}, code: "0"},
		{name: "unbind member miss", mode: "AXYB", method: "DELETE", path: pathAXYB, setup: withMember,
			req: func(v map[string]string) (string, any) {
				return q("app_key", "demo-axyb-app", "subscriptionId", v["sub"], "bNum", nC), nil
			}, code: "1016001"},
		{name: "unbind group", mode: "AXYB", method: "DELETE", path: pathAXYB, setup: withMember,
			req: func(v map[string]string) (string, any) {
				return q("app_key", "demo-axyb-app", "subscriptionId", v["sub"]), nil
			}, code: "0",
			check: func(t *testing.T, e *Emulator, r resp, v map[string]string) {
				if len(e.Bindings("", "")) != 0 || len(e.yUse) != 0 {
					t.Fatal("left over")
				}
			}},
		{name: "unbind without id", mode: "AXYB", method: "DELETE", path: pathAXYB, req: query("app_key", "demo-axyb-app"), code: "1010002"},
		{name: "unbind unknown", mode: "AXYB", method: "DELETE", path: pathAXYB, req: query("app_key", "demo-axyb-app", "subscriptionId", "x"), code: "1016001"},
		{name: "query by X (legacy)", dialect: legacy, mode: "AXYB", method: "GET", path: pathAXYB, setup: withMember,
			req: func(v map[string]string) (string, any) {
				return q("app_key", "demo-axyb-app", "relationNum", v["x"]), nil
			}, code: "0",
			check: func(t *testing.T, e *Emulator, r resp, v map[string]string) {
				if len(list(r, "xyRelationNumList")) != 2 {
					t.Fatalf("bad %s", r.raw)
				}
			}},
		{name: "query free X (legacy)", dialect: legacy, mode: "AXYB", method: "GET", path: pathAXYB, req: query("app_key", "demo-axyb-app", "relationNum", xAXYB7), code: "0"},
		{name: "query free X", mode: "AXYB", method: "GET", path: pathAXYB, req: query("app_key", "demo-axyb-app", "relationNum", xAXYB7), code: "1016001"},
		{name: "query X not owned", mode: "AXYB", method: "GET", path: pathAXYB, req: query("app_key", "demo-axyb-app", "relationNum", xAX1), code: "1011004"},
		{name: "query unknown", mode: "AXYB", method: "GET", path: pathAXYB, req: query("app_key", "demo-axyb-app", "subscriptionId", "q"), code: "1016001"},
		{name: "query no app_key", mode: "AXYB", method: "GET", path: pathAXYB, req: query("subscriptionId", "q"), code: "1010002"},
	})
}

func TestAXYBNumbers(t *testing.T) {
	e := newEmu(t)
	// Groups' X numbers are never handed out as Y, and Y numbers are never picked as X.
	g1, x1 := bindAXYB(t, e, nA, nil)
	r := mustOK(t, doReq(t, e, "AXYB", "POST", pathAXYB, "app_key=demo-axyb-app", map[string]any{"subscriptionId": g1, "origNum": nB}))
	y := str(r.body["relationNumber"])
	if y == x1 {
		t.Fatal("Y = X")
	}
	for i := 0; i < 4; i++ {
		_, x := bindAXYB(t, e, fmt.Sprintf("+861360000000%d", i), nil)
		if x == y {
			t.Fatalf("Y %s picked as X", y)
		}
	}
	// Member areaCode strict: 010 Y numbers are used when asked.
	r = mustOK(t, doReq(t, e, "AXYB", "POST", pathAXYB, "app_key=demo-axyb-app", map[string]any{"subscriptionId": g1, "origNum": nC, "areaCode": "010"}))
	if e.apps["demo-axyb-app"].areaOf[str(r.body["relationNumber"])] != "010" {
		t.Fatalf("want a 010 Y: %s", r.raw)
	}
	e.limits.relationsPerY = 1
	// 0755 has 6 numbers: 5 are group X now, the sixth is Y of g1; no 0755 Y left with strict matching.
	g2, _ := bindAXYB(t, e, nD, map[string]any{"areaCode": "010"})
	_ = g2
	r = doReq(t, e, "AXYB", "POST", pathAXYB, "app_key=demo-axyb-app", map[string]any{"subscriptionId": g1, "origNum": "+8613500000009", "areaCode": "0755"})
	if r.code() != "1012008" {
		t.Fatalf("want 1012008: %s", r.raw)
	}
}

func TestCrossMode(t *testing.T) {
	runCases(t, []opCase{
		{name: "recording url", mode: "AXB", method: "GET", path: pathRecord,
			req: query("fileName", "rec-1.wav", "recordDomain", "ostor.example.com"), code: "0", status: http.StatusMovedPermanently,
			check: func(t *testing.T, e *Emulator, r resp, _ map[string]string) {
				if !strings.HasPrefix(r.header.Get("Location"), "https://ostor.example.com/rec-1.wav?") {
					t.Fatalf("Location %q", r.header.Get("Location"))
				}
			}},
		{name: "recording url from AXYB app", mode: "AXYB", method: "GET", path: pathRecord,
			req: query("app_key", "demo-axyb-app", "fileName", "r.wav", "recordDomain", "d.example"), code: "0", status: http.StatusMovedPermanently},
		{name: "recording url missing domain", mode: "AX", method: "GET", path: pathRecord, req: query("fileName", "r.wav"), code: "1010002"},
		{name: "recording url bad domain", mode: "AX", method: "GET", path: pathRecord, req: query("fileName", "r.wav", "recordDomain", "a/b"), code: "1010002"},
		{name: "recording url bad file", mode: "AX", method: "GET", path: pathRecord, req: query("fileName", "../x", "recordDomain", "d"), code: "1010002"},
		{name: "stop call unknown session", mode: "AXE", method: "POST", path: pathStop, req: body("sessionid", "1200_366_0_20161228102743@callenabler.home1.com", "signal", "call_stop"), code: "1010002"},
		{name: "stop call bad signal", mode: "AXE", method: "POST", path: pathStop, req: body("sessionid", "s", "signal", "stop"), code: "1010002"},
		{name: "stop call no session", mode: "AXE", method: "POST", path: pathStop, req: body("signal", "call_stop"), code: "1010002"},
		{name: "wrong mode", mode: "AX", method: "POST", path: pathAXB, req: body("relationNum", xAXB1, "callerNum", nA, "calleeNum", nB), code: "1010040"},
		{name: "wrong mode AXYB", mode: "AXB", method: "GET", path: pathAXYB, req: query("app_key", "demo-axb-app", "subscriptionId", "x"), code: "1010040"},
		{name: "unknown path", mode: "AX", method: "GET", path: "/rest/nothing", code: "1010001", status: http.StatusNotFound},
		{name: "wrong method (legacy)", dialect: legacy, mode: "AX", method: "PATCH", path: pathAX, code: "1010001", status: http.StatusMethodNotAllowed},
		{name: "wrong method", mode: "AX", method: "PATCH", path: pathAX, code: "1010006", status: http.StatusMethodNotAllowed},
		{name: "v2 path has no POST (legacy)", dialect: legacy, mode: "AXE", method: "POST", path: pathAXE2, code: "1010001", status: http.StatusMethodNotAllowed},
		{name: "v2 path has no POST", mode: "AXE", method: "POST", path: pathAXE2, code: "1010006", status: http.StatusMethodNotAllowed},
	})
}
