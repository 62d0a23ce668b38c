package emulator

import (
	"fmt"
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
	// The per-API result tables' reading (the default dialect, reference §17):
	// a digest that does not verify is 401 1010010, a bad header 400 1023xxx.
	current := map[string]struct {
		code   string
		status int
	}{
		"wrong digest": {"1010010", 401}, "WSSE digest in X-AKSK": {"1010010", 401},
		"replayed nonce": {"1010010", 401}, "bad nonce characters": {"1010010", 401},
		"no header": {"1023006", 400}, "garbage header": {"1023006", 400}, "missing field": {"1023034", 400},
	}
	for _, legacy := range []bool{false, true} {
		cfg := DefaultConfig()
		cfg.Dialect.LegacyErrorCodes = legacy
		cfg.Dialect.EmptyFilterMiss = true // a query that passes authentication answers 0
		e, err := New(cfg)
		if err != nil {
			t.Fatal(err)
		}
		e.clock = func() time.Time { return now }
		for _, c := range cases {
			want, status := c.code, 403
			if cur, ok := current[c.name]; ok && !legacy {
				want, status = cur.code, cur.status
			}
			t.Run(fmt.Sprintf("%s/legacy=%v", c.name, legacy), func(t *testing.T) {
				r := doRaw(t, e, "GET", path, query, nil, c.headers())
				if r.code() != want {
					t.Fatalf("got %s, want %s", r.raw, want)
				}
				if want != "0" && r.status != status {
					t.Fatalf("status %d, want %d", r.status, status)
				}
			})
		}
		e.Close()
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
	// Within the window: authenticated (the empty X then answers the filter-miss not-found, §17).
	if r := doRaw(t, e, "GET", pathAXB, q("relationNum", xAXB1), nil, map[string]string{"X-AKSK": sign(key, secret, now.Add(-10*time.Second), newNonce())}); r.code() != "1012007" {
		t.Fatalf("within the window: %s", r.raw)
	}
}

func TestAuthLockout(t *testing.T) {
	e := newEmu(t)
	now := fixClock(e)
	key, _ := appOf("AXB")
	for i := 0; i < 20; i++ {
		r := doRaw(t, e, "GET", pathAXB, q("relationNum", xAXB1), nil, map[string]string{"X-AKSK": sign(key, "bad", now, newNonce())})
		if r.code() != "1010010" || r.status != 401 {
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
	// Authenticated again: the empty X answers the filter-miss not-found (§17), not an auth error.
	if r := doReq(t, e, "AXB", "GET", pathAXB, q("relationNum", xAXB1), nil); r.code() != "1012007" {
		t.Fatalf("after reset: %s", r.raw)
	}
}
