package emulator

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

var fuzzPaths = []string{pathAXB, pathAX, pathAXCall, pathAXE, pathAXE2, pathAXYB, pathRecord, pathStop, "/rest/unknown"}
var fuzzMethods = []string{"GET", "POST", "PUT", "DELETE", "PATCH"}
var fuzzModes = []string{"AX", "AXB", "AXE", "AXYB"}

// FuzzRequest sends signed requests with arbitrary query strings and bodies
// and checks that every answer is the JSON envelope with a known status,
// never a panic, a hang or a bare 500.
func FuzzRequest(f *testing.F) {
	f.Add(uint8(1), uint8(0), uint8(1), "", `{"relationNum":"+8617000000101","callerNum":"+8613800000001","calleeNum":"+8613900000002"}`)
	f.Add(uint8(0), uint8(0), uint8(0), "", `{"origNum":"+8613800000001","areaCode":"0755","privateNumType":"mobile-virtual"}`)
	f.Add(uint8(3), uint8(1), uint8(2), "", `{"bindNum":"+8613800000001","virtualNum":"+8617000000201","extendNum":"001"}`)
	f.Add(uint8(5), uint8(1), uint8(3), "app_key=demo-axyb-app", `{"origNum":"+8613800000001","duration":"60"}`)
	f.Add(uint8(4), uint8(0), uint8(2), "virtualNum=%2B8617000000201&cursor=0000000000000_0&limit=1", ``)
	f.Add(uint8(0), uint8(0), uint8(1), "relationNum=%2B8617000000101&pageIndex=1&pageSize=100", ``)
	f.Add(uint8(2), uint8(2), uint8(0), "", `{"subscriptionId":"x","calleeNum":"+8613900000002","duration":1e3}`)
	f.Add(uint8(1), uint8(2), uint8(1), "", `{"subscriptionId":null,"preVoice":{"callerHintTone":""},"maxDuration":"-1"}`)
	f.Add(uint8(7), uint8(1), uint8(0), "", `{"sessionid":"s","signal":"call_stop"}`)
	f.Add(uint8(6), uint8(0), uint8(0), "fileName=a.wav&recordDomain=x", ``)
	e, err := New(DefaultConfig())
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, path, method, mode uint8, query, body string) {
		p := fuzzPaths[int(path)%len(fuzzPaths)]
		m := fuzzMethods[int(method)%len(fuzzMethods)]
		md := fuzzModes[int(mode)%len(fuzzModes)]
		key, secret := appOf(md)
		req := httptest.NewRequest("GET", "/", nil)
		req.Method = m
		req.URL.Path = p
		req.URL.RawQuery = query
		req.Body = http.NoBody
		if body != "" {
			req.Body = nopCloser{strings.NewReader(body)}
		}
		req.RemoteAddr = "198.51.100.1:1"
		req.Header.Set("X-AKSK", sign(key, secret, time.Now(), newNonce()))
		w := httptest.NewRecorder()
		e.ServeHTTP(w, req)
		var env map[string]any
		if err := json.Unmarshal(w.Body.Bytes(), &env); err != nil {
			t.Fatalf("%s %s?%s %q: not JSON: %q", m, p, query, body, w.Body.String())
		}
		code, ok := env["resultcode"].(string)
		if !ok || env["resultdesc"] == nil {
			t.Fatalf("no envelope: %s", w.Body.String())
		}
		switch w.Code {
		case 200, 301, 403, 404, 405:
		default:
			t.Fatalf("status %d for %s", w.Code, w.Body.String())
		}
		if w.Code == 200 && code != "0" {
			t.Fatalf("200 with %s", code)
		}
		if code == "1010005" || code == "1010013" || code == "1020176" {
			t.Fatalf("signed request refused: %s", w.Body.String())
		}
	})
}

type nopCloser struct{ *strings.Reader }

func (nopCloser) Close() error { return nil }
