package emulator

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

var nonceCounter atomic.Int64

// sign builds an X-AKSK header value (a tiny helper of the tests, not the client's).
func sign(key, secret string, created time.Time, nonce string) string {
	c := created.UTC().Format("2006-01-02T15:04:05Z")
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte(nonce + c))
	d := base64.StdEncoding.EncodeToString(m.Sum(nil))
	return fmt.Sprintf(`UsernameToken Username="%s", PasswordDigest="%s", Nonce="%s", Created="%s"`, key, d, nonce, c)
}

func signWSSE(key, secret string, created time.Time, nonce string) string {
	c := created.UTC().Format("2006-01-02T15:04:05Z")
	sum := sha256.Sum256([]byte(nonce + c + secret))
	d := base64.StdEncoding.EncodeToString(sum[:])
	return fmt.Sprintf(`UsernameToken Username="%s",PasswordDigest="%s",Nonce="%s",Created="%s"`, key, d, nonce, c)
}

func newNonce() string { return fmt.Sprintf("N%031d", nonceCounter.Add(1)) }

var secrets = map[string]string{
	"AX": "demo-ax-app", "AXB": "demo-axb-app", "AXE": "demo-axe-app", "AXYB": "demo-axyb-app",
}

func appOf(mode string) (string, string) {
	k := secrets[mode]
	return k, strings.TrimSuffix(k, "-app") + "-secret"
}

func newEmu(t testing.TB) *Emulator { t.Helper(); return newEmuDialect(t, Dialect{}) }

func newEmuDialect(t testing.TB, d Dialect) *Emulator {
	t.Helper()
	cfg := DefaultConfig()
	cfg.Dialect = d
	e, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(e.Close)
	return e
}

// fixClock stops e's real clock at a whole second and returns that time:
// expiry, skew and lock-out checks then do not depend on how long the test
// takes. Call it before e serves any request.
func fixClock(e *Emulator) time.Time {
	now := time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC)
	e.clock = func() time.Time { return now }
	return now
}

type resp struct {
	status int
	header http.Header
	body   map[string]any
	raw    string
}

func (r resp) code() string { s, _ := r.body["resultcode"].(string); return s }

// doReq serves one signed request of mode's demo application.
func doReq(t testing.TB, e *Emulator, mode, method, path, query string, body any) resp {
	t.Helper()
	key, secret := appOf(mode)
	return doRaw(t, e, method, path, query, body, map[string]string{"X-AKSK": sign(key, secret, e.clock(), newNonce())})
}

func doRaw(t testing.TB, e *Emulator, method, path, query string, body any, headers map[string]string) resp {
	t.Helper()
	var rdr *strings.Reader
	switch b := body.(type) {
	case nil:
		rdr = strings.NewReader("")
	case string:
		rdr = strings.NewReader(b)
	default:
		data, err := json.Marshal(b)
		if err != nil {
			t.Fatal(err)
		}
		rdr = strings.NewReader(string(data))
	}
	target := path
	if query != "" {
		target += "?" + query
	}
	req := httptest.NewRequest(method, target, rdr)
	req.RemoteAddr = "192.0.2.1:1234"
	req.Header.Set("Content-Type", "application/json;charset=UTF-8")
	req.Header.Set("Authorization", `AKSK realm="SDP",profile="UsernameToken",type="Appkey"`)
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	w := httptest.NewRecorder()
	e.ServeHTTP(w, req)
	r := resp{status: w.Code, header: w.Header(), raw: w.Body.String()}
	if err := json.Unmarshal(w.Body.Bytes(), &r.body); err != nil {
		t.Fatalf("%s %s: answer is not JSON: %q", method, target, w.Body.String())
	}
	return r
}

func mustOK(t testing.TB, r resp) resp {
	t.Helper()
	if r.code() != "0" {
		t.Fatalf("want success, got %d %s", r.status, r.raw)
	}
	return r
}

func str(v any) string { s, _ := v.(string); return s }

func list(r resp, name string) []map[string]any {
	arr, _ := r.body[name].([]any)
	out := make([]map[string]any, 0, len(arr))
	for _, v := range arr {
		out = append(out, v.(map[string]any))
	}
	return out
}

func q(kv ...string) string {
	var parts []string
	for i := 0; i+1 < len(kv); i += 2 {
		parts = append(parts, kv[i]+"="+strings.ReplaceAll(kv[i+1], "+", "%2B"))
	}
	return strings.Join(parts, "&")
}
