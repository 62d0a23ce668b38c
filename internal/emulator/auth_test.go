package emulator

import (
	"strings"
	"testing"
	"time"
)

func TestAuth(t *testing.T) {
	key, secret := appOf("AXB")
	path, query := pathAXB, q("relationNum", xAXB1)
	fixed := newNonce()
	e := newEmu(t)
	now := fixClock(e)
	cases := []struct {
		name    string
		headers func() map[string]string
		code    string
	}{
		{"valid", func() map[string]string {
			return map[string]string{"X-AKSK": sign(key, secret, now, newNonce())}
		}, "0"},
		{"valid bare comma separators", func() map[string]string {
			return map[string]string{"X-AKSK": strings.ReplaceAll(sign(key, secret, now, newNonce()), ", ", ",")}
		}, "0"},
		{"legacy X-WSSE", func() map[string]string {
			return map[string]string{"X-WSSE": signWSSE(key, secret, now, newNonce())}
		}, "0"},
		{"wrong digest", func() map[string]string {
			return map[string]string{"X-AKSK": sign(key, "wrong", now, newNonce())}
		}, "1010005"},
		{"WSSE digest in X-AKSK", func() map[string]string {
			return map[string]string{"X-AKSK": signWSSE(key, secret, now, newNonce())}
		}, "1010005"},
		{"stale created", func() map[string]string {
			return map[string]string{"X-AKSK": sign(key, secret, now.Add(-301*time.Second), newNonce())}
		}, "1010013"},
		{"future created", func() map[string]string {
			return map[string]string{"X-AKSK": sign(key, secret, now.Add(301*time.Second), newNonce())}
		}, "1010013"},
		{"created at the window's past edge", func() map[string]string {
			return map[string]string{"X-AKSK": sign(key, secret, now.Add(-300*time.Second), newNonce())}
		}, "0"},
		{"created at the window's future edge", func() map[string]string {
			return map[string]string{"X-AKSK": sign(key, secret, now.Add(300*time.Second), newNonce())}
		}, "0"},
		{"created within window", func() map[string]string {
			return map[string]string{"X-AKSK": sign(key, secret, now.Add(-290*time.Second), newNonce())}
		}, "0"},
		{"created with millis", func() map[string]string {
			h := sign(key, secret, now, newNonce())
			return map[string]string{"X-AKSK": strings.Replace(h, `Z"`, `.000Z"`, 1)}
		}, "1010013"},
		{"first use of nonce", func() map[string]string { return map[string]string{"X-AKSK": sign(key, secret, now, fixed)} }, "0"},
		{"replayed nonce", func() map[string]string { return map[string]string{"X-AKSK": sign(key, secret, now, fixed)} }, "1010005"},
		{"unknown app key", func() map[string]string {
			return map[string]string{"X-AKSK": sign("nobody", secret, now, newNonce())}
		}, "1010003"},
		{"no header", func() map[string]string { return nil }, "1010005"},
		{"garbage header", func() map[string]string { return map[string]string{"X-AKSK": "Basic abc"} }, "1010005"},
		{"missing field", func() map[string]string {
			return map[string]string{"X-AKSK": `UsernameToken Username="demo-axb-app", Nonce="abc", Created="2020-01-01T00:00:00Z"`}
		}, "1010005"},
		{"bad nonce characters", func() map[string]string { return map[string]string{"X-AKSK": sign(key, secret, now, "a-b")} }, "1010005"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := doRaw(t, e, "GET", path, query, nil, c.headers())
			if r.code() != c.code {
				t.Fatalf("got %s, want %s", r.raw, c.code)
			}
			if c.code != "0" && r.status != 403 {
				t.Fatalf("status %d", r.status)
			}
		})
	}
}

func TestAuthSkewConfigurable(t *testing.T) {
	cfg := DefaultConfig()
	cfg.SkewSeconds = 10
	e, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	now := fixClock(e)
	key, secret := appOf("AXB")
	r := doRaw(t, e, "GET", pathAXB, q("relationNum", xAXB1), nil, map[string]string{"X-AKSK": sign(key, secret, now.Add(-11*time.Second), newNonce())})
	if r.code() != "1010013" {
		t.Fatalf("got %s", r.raw)
	}
	mustOK(t, doRaw(t, e, "GET", pathAXB, q("relationNum", xAXB1), nil, map[string]string{"X-AKSK": sign(key, secret, now.Add(-10*time.Second), newNonce())}))
}

func TestAuthLockout(t *testing.T) {
	e := newEmu(t)
	now := fixClock(e)
	key, _ := appOf("AXB")
	for i := 0; i < 20; i++ {
		r := doRaw(t, e, "GET", pathAXB, q("relationNum", xAXB1), nil, map[string]string{"X-AKSK": sign(key, "bad", now, newNonce())})
		if r.code() != "1010005" {
			t.Fatalf("attempt %d: %s", i, r.raw)
		}
	}
	r := doReq(t, e, "AXB", "GET", pathAXB, q("relationNum", xAXB1), nil)
	if r.code() != "1020176" || r.status != 403 {
		t.Fatalf("want lock-out, got %d %s", r.status, r.raw)
	}
	if s := e.Stats(); s.Results["1020176"] != 1 || s.Requests["AXB.query"] != 21 {
		t.Fatalf("stats %+v", s)
	}
	e.Reset()
	mustOK(t, doReq(t, e, "AXB", "GET", pathAXB, q("relationNum", xAXB1), nil))
}
