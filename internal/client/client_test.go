package client

import (
	"context"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"golang.org/x/time/rate"
)

func TestPasswordDigestVector(t *testing.T) {
	// Computed outside Go:
	//   python3 -c 'import hmac,hashlib,base64;print(base64.b64encode(hmac.new(b"SECRET",b"NONCECREATED",hashlib.sha256).digest()).decode())'
	if got, want := passwordDigest([]byte("SECRET"), "NONCE", "CREATED"), "hyEsqOaY3PNGkYQ00b3M9z9xodZjuJMOupFkUT4iiVA="; got != want {
		t.Errorf("digest = %q, want %q", got, want)
	}
	// The reference's example nonce and Created:
	//   python3 -c 'import hmac,hashlib,base64;print(base64.b64encode(hmac.new(b"my-app-secret",b"66C92B11FF8A425FB8D4CCFE0ED9ED1F2018-02-12T15:30:20Z",hashlib.sha256).digest()).decode())'
	if got, want := passwordDigest([]byte("my-app-secret"), "66C92B11FF8A425FB8D4CCFE0ED9ED1F", "2018-02-12T15:30:20Z"), "ip8PEvTh9F+b9JcX9f8rCtAOER7yp4t4ms79xFwH5JU="; got != want {
		t.Errorf("digest = %q, want %q", got, want)
	}
}

func TestSignHeaders(t *testing.T) {
	c, err := New(Config{Endpoint: "https://rtcpns.example.com", AppKey: "K", AppSecret: "my-app-secret"})
	if err != nil {
		t.Fatal(err)
	}
	c.now = func() time.Time { return time.Date(2018, 2, 12, 23, 30, 20, 0, time.FixedZone("CST", 8*3600)) }
	h := http.Header{}
	c.sign(h)
	got := h.Get("X-AKSK")
	nonce := akskRe.FindStringSubmatch(got)
	if nonce == nil {
		t.Fatalf("X-AKSK %q", got)
	}
	want := `UsernameToken Username="K", PasswordDigest="` + passwordDigest([]byte("my-app-secret"), nonce[3], "2018-02-12T15:30:20Z") +
		`", Nonce="` + nonce[3] + `", Created="2018-02-12T15:30:20Z"`
	if got != want {
		t.Errorf("X-AKSK\n got %s\nwant %s", got, want)
	}
	seen := map[string]bool{}
	for range 1000 {
		n := newNonce()
		if len(n) != 32 || strings.ToUpper(n) != n || seen[n] {
			t.Fatalf("nonce %q (len %d, repeated %v)", n, len(n), seen[n])
		}
		seen[n] = true
	}
}

func TestNewValidates(t *testing.T) {
	good := []string{
		"https://rtcpns.cn-north-1.myhuaweicloud.com",
		"https://rtcapi.cn-north-1.myhuaweicloud.com:12543/",
		"http://127.0.0.1:8080", "http://127.9.8.7", "http://[::1]:9000", "http://localhost:1234/base/",
		"HTTPS://EXAMPLE.COM", "",
	}
	for _, ep := range good {
		if _, err := New(Config{Endpoint: ep, AppKey: "k", AppSecret: "s"}); err != nil {
			t.Errorf("%q: %v", ep, err)
		}
	}
	bad := []string{
		"http://rtcpns.cn-north-1.myhuaweicloud.com", "http://10.0.0.1", "http://localhost.evil.com", "http://[::2]",
		"ftp://127.0.0.1", "rtcpns.example.com", "https://", "https://user:pw@example.com", "https://example.com?x=1",
		"://bad", "https://example.com/#frag",
	}
	for _, ep := range bad {
		if _, err := New(Config{Endpoint: ep, AppKey: "k", AppSecret: "s"}); err == nil {
			t.Errorf("%q accepted", ep)
		}
	}
	if _, err := New(Config{Endpoint: "https://x", AppSecret: "s"}); err == nil {
		t.Error("empty app key accepted")
	}
	if _, err := New(Config{Endpoint: "https://x", AppKey: "k"}); err == nil {
		t.Error("empty app secret accepted")
	}
	if _, err := New(Config{Endpoint: "https://x", AppKey: "k", AppSecret: "s", CABundlePEM: []byte("not pem")}); err == nil {
		t.Error("bad CA bundle accepted")
	}
}

func TestDefaults(t *testing.T) {
	c, err := New(Config{AppKey: "k", AppSecret: "s", RequestsPerSecond: -1, RetryWaitMin: time.Second, RetryWaitMax: time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	if c.base.String() != DefaultEndpoint || c.timeout != DefaultRequestTimeout || c.retries != DefaultMaxRetries ||
		c.limiter.Limit() != rate.Inf || c.userAgent != DefaultUserAgent ||
		c.waitMin != time.Second || c.waitMax != time.Second {
		t.Errorf("defaults: %+v", c)
	}
	c, _ = New(Config{AppKey: "k", AppSecret: "s", RequestsPerSecond: 0.5, MaxRetries: -1})
	if c.limiter.Burst() != 1 || c.retries != 0 {
		t.Errorf("burst %d retries %d", c.limiter.Burst(), c.retries)
	}
	c, _ = New(Config{AppKey: "k", AppSecret: "s", RequestsPerSecond: 2.5})
	if c.limiter.Burst() != 3 {
		t.Errorf("burst %d, want 3", c.limiter.Burst())
	}
	tr := c.http.Transport.(*http.Transport)
	if tr.TLSClientConfig.MinVersion != 0x0303 || tr.TLSClientConfig.InsecureSkipVerify || tr.MaxIdleConnsPerHost < 16 {
		t.Errorf("transport %+v", tr)
	}
}

func TestEndpointPathPrefixAndUserAgent(t *testing.T) {
	var path, ua string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		path, ua = r.URL.Path, r.UserAgent()
		ok(w, "")
	}))
	defer srv.Close()
	c, err := New(Config{Endpoint: srv.URL + "/gw/", AppKey: "k", AppSecret: "s", UserAgent: "tf/1.0"})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.StopCall(context.Background(), "sess"); err != nil {
		t.Fatal(err)
	}
	if path != "/gw/rest/httpsessions/callStop/v2.0" || ua != "tf/1.0" {
		t.Errorf("path %q ua %q", path, ua)
	}
}

func TestTLSWithCABundle(t *testing.T) {
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { ok(w, `"privateNumList":[]`) }))
	srv.Config.ErrorLog = log.New(io.Discard, "", 0) // the untrusted case logs a handshake error
	srv.StartTLS()
	defer srv.Close()
	caPEM := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw})

	c, err := New(Config{Endpoint: srv.URL, AppKey: "k", AppSecret: "s", CABundlePEM: caPEM})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.QueryAX(context.Background(), AXQuery{XNumber: numX}); err != nil {
		t.Fatalf("with the CA bundle: %v", err)
	}

	attempts := 0
	c, err = New(Config{Endpoint: srv.URL, AppKey: "k", AppSecret: "s",
		Logger: func(context.Context, string, map[string]any) { attempts++ }})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.QueryAX(context.Background(), AXQuery{XNumber: numX})
	if err == nil || !strings.Contains(err.Error(), "certificate") {
		t.Fatalf("without the CA bundle: err = %v", err)
	}
	if attempts != 1 {
		t.Errorf("an untrusted certificate was tried %d times", attempts)
	}
}

func TestRecordingURLNotFollowed(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) {
		if r.URL.Path == "/download/rec.wav" {
			_, _ = w.Write([]byte("RIFF...audio"))
			return
		}
		w.Header().Set("Location", "http://"+r.Host+"/download/rec.wav?sig=1")
		w.WriteHeader(http.StatusMovedPermanently)
	})
	loc, err := f.client().RecordingURL(ctxT(t), "rec.wav", "ostor.example.com")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(loc, "/download/rec.wav?sig=1") {
		t.Errorf("location %q", loc)
	}
	reqs := f.requests()
	if len(reqs) != 1 {
		t.Fatalf("%d requests: the redirect was followed", len(reqs))
	}
	s := reqs[0]
	checkSigned(t, s)
	if s.Method != "GET" || s.Path != "/rest/provision/voice/record/v1.0" ||
		s.Query.Get("fileName") != "rec.wav" || s.Query.Get("recordDomain") != "ostor.example.com" || len(s.Query) != 2 {
		t.Errorf("request %s %s %v", s.Method, s.Path, s.Query)
	}
}

func TestRecordingURLErrors(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) {
		if n == 0 {
			ok(w, "") // 200 instead of 301
			return
		}
		writeJSON(w, 403, `{"resultcode":"1010002","resultdesc":"Invalid request.fileName"}`)
	})
	c := f.client()
	if _, err := c.RecordingURL(ctxT(t), "a", "b"); err == nil {
		t.Error("200 without Location accepted")
	}
	if _, err := c.RecordingURL(ctxT(t), "a", "b"); !IsInvalidRequest(err) {
		t.Errorf("err = %v", err)
	}
	if _, err := c.RecordingURL(ctxT(t), "", "b"); err == nil {
		t.Error("empty file name accepted")
	}
}

func TestOtherRedirectIsAnError(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) {
		http.Redirect(w, r, "https://elsewhere.example.com/", http.StatusFound)
	})
	err := f.client(func(c *Config) { c.MaxRetries = -1 }).StopCall(ctxT(t), "s")
	var perr *Error
	if !errors.As(err, &perr) || perr.HTTPStatus != http.StatusFound || f.count() != 1 {
		t.Errorf("err = %v after %d requests", err, f.count())
	}
}

func TestMissingIdentifiersRejectedLocally(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) { ok(w, "") })
	c := f.client()
	ctx := ctxT(t)
	errs := []error{
		c.UnbindAXB(ctx, AXBUnbindRequest{}),
		c.ModifyAXB(ctx, AXBModifyRequest{}),
		c.UnbindAX(ctx, AXUnbindRequest{ANumber: numA}),
		c.ModifyAX(ctx, AXModifyRequest{XNumber: numX}),
		c.SetAXTemporaryCallee(ctx, AXCalleeRequest{CalleeNumber: numC}),
		c.UnbindAXE(ctx, AXEUnbindRequest{XNumber: numX}),
		c.ModifyAXE(ctx, AXEModifyRequest{}),
		c.UnbindAXYB(ctx, AXYBUnbindRequest{}),
		c.StopCall(ctx, ""),
	}
	_, e := c.QueryAXB(ctx, AXBQuery{})
	errs = append(errs, e)
	_, e = c.GetAXB(ctx, "")
	errs = append(errs, e)
	_, e = c.QueryAX(ctx, AXQuery{})
	errs = append(errs, e)
	_, e = c.GetAX(ctx, "")
	errs = append(errs, e)
	_, e = c.QueryAXE(ctx, AXEQuery{})
	errs = append(errs, e)
	_, e = c.GetAXE(ctx, "")
	errs = append(errs, e)
	_, e = c.QueryAXEPage(ctx, AXEListQuery{})
	errs = append(errs, e)
	_, e = c.ListAXE(ctx, "")
	errs = append(errs, e)
	_, e = c.QueryAXYB(ctx, AXYBQuery{})
	errs = append(errs, e)
	_, e = c.BindAXYBMember(ctx, AXYBMemberBindRequest{BNumber: numB})
	errs = append(errs, e)
	for i, err := range errs {
		if err == nil {
			t.Errorf("%d: accepted", i)
		}
	}
	if f.count() != 0 {
		t.Errorf("%d requests sent", f.count())
	}
}

func TestMaskNumber(t *testing.T) {
	for in, want := range map[string]string{
		"+8613812345678":  "+86*******5678",
		"+8675528000001":  "+86*******0001",
		"+14155550123":    "+1******0123",
		"+442071838750":   "+44******8750",
		"+85291234567":    "+852****4567",
		"13812345678":     "*******5678",
		"+861234":         "+86****",
		"+86":             "+86",
		"+8":              "+8",
		"":                "",
		" +8613812345678": "+86*******5678",
	} {
		if got := MaskNumber(in); got != want {
			t.Errorf("MaskNumber(%q) = %q, want %q", in, got, want)
		}
	}
	if got := maskDigits("Invalid request.callerNum +8613812345678 and 0755 and 13912345678"); got != "Invalid request.callerNum +86*******5678 and 0755 and *******5678" {
		t.Errorf("maskDigits: %q", got)
	}
}

func TestClassifiers(t *testing.T) {
	type cls = func(error) bool
	all := map[string]cls{
		"NotFound": IsNotFound, "Conflict": IsConflict, "Exhausted": IsExhausted, "RateLimited": IsRateLimited,
		"Auth": IsAuth, "ClockSkew": IsClockSkew, "LockedOut": IsLockedOut, "WrongMode": IsWrongMode,
		"InvalidRequest": IsInvalidRequest, "NotOwned": IsNotOwned, "Server": IsServerError,
		"BadDigest": IsBadDigest, "WrongAddress": IsWrongAddress,
	}
	for _, tc := range []struct {
		op     string // "" = AXB.bind
		code   string
		status int
		want   []string
	}{
		// Not found: only the JSON envelope with the mode's not-found code.
		{"AXB.query", "1012007", 404, []string{"NotFound"}},
		{"AXB.unbind", "1012007", 403, []string{"NotFound"}},
		{"AX.query", "1016001", 404, []string{"NotFound"}},
		{"AXE.query", "1016001", 200, []string{"NotFound"}},
		{"AXYB.unbind", "1016001", 404, []string{"NotFound"}},
		{"recording.url", "1012007", 404, []string{"NotFound"}},
		{"AXB.query", "1016001", 404, []string{"WrongAddress"}}, // another mode's code
		{"AX.query", "1012007", 404, []string{"WrongAddress"}},
		{"AXB.query", "", 404, []string{"WrongAddress"}}, // an HTML or empty 404 page
		{"AXB.query", "1010001", 404, []string{"WrongAddress"}},
		{"AXB.query", "1010001", 405, []string{"WrongAddress"}},
		{"AXB.query", "1010006", 400, []string{"WrongAddress"}},
		{"AXB.query", "1012007", 500, []string{"Server"}},
		{"AXB.query", "1012007", 401, []string{"Auth"}},
		{"AXB.query", "1012007", 429, []string{"RateLimited"}},
		{"AXB.query", "", 302, []string{"WrongAddress"}},
		{"AXB.query", "", 200, nil}, // unreadable: ambiguous, no class of its own
		// Conflicts, exhaustion, ownership, AX's documented codes beside today's.
		{"", "1012010", 403, []string{"Conflict"}},
		{"", "1016002", 403, []string{"Conflict"}},
		{"AX.bind", "1011005", 403, []string{"Conflict"}},
		{"", "1012008", 403, []string{"Exhausted"}},
		{"", "1011002", 403, []string{"Exhausted"}},
		{"AX.bind", "1011003", 403, []string{"Exhausted"}},
		{"", "1020167", 403, []string{"Exhausted"}},
		{"", "1012001", 403, []string{"NotOwned"}},
		{"", "1011004", 403, []string{"NotOwned"}},
		{"AX.bind", "1011001", 403, []string{"NotOwned"}},
		// Flow control versus a bad digest.
		{"", "1010010", 429, []string{"RateLimited"}},
		{"", "1010010", 403, []string{"RateLimited"}},
		{"", "1010010", 200, []string{"RateLimited"}},
		{"", "1010010", 503, []string{"RateLimited"}},
		{"", "", 429, []string{"RateLimited"}},
		{"", "1010010", 401, []string{"Auth", "BadDigest"}},
		// Authentication.
		{"", "1010003", 403, []string{"Auth"}},
		{"", "1010005", 403, []string{"Auth"}},
		{"", "1010013", 403, []string{"Auth", "ClockSkew"}},
		{"", "1010013", 401, []string{"Auth", "ClockSkew"}},
		{"", "1020176", 403, []string{"Auth", "LockedOut"}},
		{"", "1020150", 403, []string{"Auth"}},
		{"", "1020166", 403, []string{"Auth"}},
		{"", "1023006", 400, []string{"Auth"}},
		{"", "1023012", 400, []string{"Auth"}},
		{"", "1023033", 400, []string{"Auth"}},
		{"", "1023037", 401, []string{"Auth"}},
		{"", "1012102", 401, []string{"Auth"}},
		{"", "", 401, []string{"Auth"}},
		{"", "", 403, []string{"Auth"}},
		{"", "1010040", 403, []string{"WrongMode"}},
		{"", "1010002", 403, []string{"InvalidRequest"}},
		{"", "1020001", 400, []string{"InvalidRequest"}},
		// Internal errors: every 5xx, and the internal codes without a 4xx.
		{"", "1020002", 500, []string{"Server"}},
		{"", "1010001", 500, []string{"Server"}},
		{"", "1023001", 500, []string{"Server"}},
		{"", "1020002", 200, []string{"Server"}},
		{"", "1012010", 503, []string{"Server"}},
		{"", "", 502, []string{"Server"}},
		{"", "1020002", 403, nil},
		{"", "1012102", 403, nil},
	} {
		op := tc.op
		if op == "" {
			op = "AXB.bind"
		}
		err := error(&Error{Operation: op, HTTPStatus: tc.status, ResultCode: tc.code})
		for _, wrapped := range []error{err, &UnknownOutcomeError{Operation: op, Cause: err}, fmt.Errorf("wrapped: %w", err)} {
			for name, fn := range all {
				want := false
				for _, w := range tc.want {
					want = want || w == name
				}
				if got := fn(wrapped); got != want {
					t.Errorf("%s code %q HTTP %d: Is%s = %v", op, tc.code, tc.status, name, got)
				}
			}
		}
	}
	plain := errors.New("boom")
	for name, fn := range all {
		if fn(plain) || fn(nil) {
			t.Errorf("Is%s true for a plain error", name)
		}
	}
	if IsUnknownOutcome(plain) || !IsUnknownOutcome(&UnknownOutcomeError{Cause: plain}) {
		t.Error("IsUnknownOutcome")
	}
	e := &Error{Operation: "AXB.bind", HTTPStatus: 403, ResultCode: "1012010", ResultDesc: "The relation number has been bound."}
	if got := e.Error(); got != "AXB.bind: 1012010 The relation number has been bound. (HTTP 403)" {
		t.Errorf("Error() = %q", got)
	}
	if got := (&Error{Operation: "AX.query", HTTPStatus: 502}).Error(); !strings.HasPrefix(got, "AX.query: HTTP 502 Bad Gateway") {
		t.Errorf("Error() = %q", got)
	}
}
