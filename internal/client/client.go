package client

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	mrand "math/rand/v2"
	"net"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"strings"
	"sync/atomic"
	"time"
)

// Defaults of Config, exported for the provider's documentation.
const (
	DefaultRequestTimeout = 30 * time.Second
	DefaultMaxRetries     = 4
	// DefaultRequestsPerSecond is 0: no fixed cap, the adaptive limiter
	// (adaptive.go) finds the platform's quota from its flow-control answers.
	DefaultRequestsPerSecond = 0.0
	DefaultRetryWaitMin      = 200 * time.Millisecond
	DefaultRetryWaitMax      = 10 * time.Second
	DefaultUserAgent         = "terraform-provider-privatenumber"
	// DefaultEndpoint is the documented APP接入地址 (§1.1); the console shows
	// the one of each application.
	DefaultEndpoint = "https://rtcpns.cn-north-1.myhuaweicloud.com"
)

// maxBody bounds how much of an answer the client reads.
const maxBody = 4 << 20

// Config configures a Client. Zero values take the defaults above.
type Config struct {
	Endpoint          string // base URL (APP接入地址), e.g. https://rtcpns.cn-north-1.myhuaweicloud.com
	AppKey, AppSecret string
	RequestTimeout    time.Duration // per attempt; default 30s
	MaxRetries        int           // default 4 (attempts = 1 + MaxRetries); negative = no retries
	// RequestsPerSecond is a hard upper bound on the request rate; the
	// adaptive limiter stays below it. <= 0 (the default): no fixed cap,
	// only the adaptive limit learnt from the platform's flow control.
	RequestsPerSecond float64
	CABundlePEM       []byte // optional extra roots (corporate proxy)
	// Logger is an optional debug hook, called once per attempt. Fields
	// never carry the app secret, the X-AKSK header or full phone numbers.
	Logger    func(ctx context.Context, msg string, fields map[string]any)
	UserAgent string
	// RetryWaitMin and RetryWaitMax bound the exponential backoff between
	// attempts (defaults 200ms and 10s).
	RetryWaitMin, RetryWaitMax time.Duration
}

// Client is the typed client of the platform. It is safe for concurrent use.
type Client struct {
	base      *url.URL
	appKey    string
	appSecret []byte
	http      *http.Client
	limiter   *adaptiveLimiter
	timeout   time.Duration
	retries   int
	waitMin   time.Duration
	waitMax   time.Duration
	logger    func(ctx context.Context, msg string, fields map[string]any)
	userAgent string
	now       func() time.Time
	// sleep waits d between attempts, or until ctx ends (a hook for the
	// tests, which check the requested wait rather than the elapsed time).
	sleep func(ctx context.Context, d time.Duration) error
	// clock is the platform's time as its last answer's Date header gave it.
	clock platformClock
}

var _ API = (*Client)(nil)

// New validates cfg and builds a Client. The endpoint must be https://, or
// http:// to a loopback host only (127.0.0.0/8, ::1, localhost).
func New(cfg Config) (*Client, error) {
	if strings.TrimSpace(cfg.AppKey) == "" {
		return nil, errors.New("privatenumber client: app key is empty")
	}
	if cfg.AppSecret == "" {
		return nil, errors.New("privatenumber client: app secret is empty")
	}
	u, err := parseEndpoint(cfg.Endpoint)
	if err != nil {
		return nil, err
	}
	roots, err := x509.SystemCertPool()
	if err != nil || roots == nil {
		roots = x509.NewCertPool()
	}
	if len(bytes.TrimSpace(cfg.CABundlePEM)) > 0 {
		if !roots.AppendCertsFromPEM(cfg.CABundlePEM) {
			return nil, errors.New("privatenumber client: the CA bundle holds no PEM certificate")
		}
	}
	c := &Client{
		base:      u,
		appKey:    cfg.AppKey,
		appSecret: []byte(cfg.AppSecret),
		timeout:   cfg.RequestTimeout,
		retries:   cfg.MaxRetries,
		waitMin:   cfg.RetryWaitMin,
		waitMax:   cfg.RetryWaitMax,
		logger:    cfg.Logger,
		userAgent: cfg.UserAgent,
		now:       time.Now,
		sleep:     sleepCtx,
	}
	c.applyDefaults()
	c.limiter = newAdaptiveLimiter(cfg.RequestsPerSecond)
	c.http = newHTTPClient(roots)
	return c, nil
}

// parseEndpoint checks the base URL: https, or http to a loopback host only.
func parseEndpoint(endpoint string) (*url.URL, error) {
	endpoint = strings.TrimSpace(endpoint)
	if endpoint == "" {
		endpoint = DefaultEndpoint
	}
	u, err := url.Parse(endpoint)
	if err != nil {
		return nil, fmt.Errorf("privatenumber client: endpoint %q is not a URL: %w", endpoint, err)
	}
	if u.Host == "" || u.User != nil || u.RawQuery != "" || u.Fragment != "" {
		return nil, fmt.Errorf("privatenumber client: endpoint %q must be scheme://host[:port][/path] without user, query or fragment", endpoint)
	}
	switch strings.ToLower(u.Scheme) {
	case "https":
	case "http":
		if !isLoopback(u.Hostname()) {
			return nil, fmt.Errorf("privatenumber client: endpoint %q: http:// is allowed only to a loopback host; use https://", endpoint)
		}
	default:
		return nil, fmt.Errorf("privatenumber client: endpoint %q must use https://", endpoint)
	}
	u.Path = strings.TrimRight(u.Path, "/")
	u.RawPath = ""
	return u, nil
}

// applyDefaults fills the settings left at zero.
func (c *Client) applyDefaults() {
	if c.timeout <= 0 {
		c.timeout = DefaultRequestTimeout
	}
	switch {
	case c.retries == 0:
		c.retries = DefaultMaxRetries
	case c.retries < 0:
		c.retries = 0
	}
	if c.waitMin <= 0 {
		c.waitMin = DefaultRetryWaitMin
	}
	if c.waitMax <= 0 {
		c.waitMax = DefaultRetryWaitMax
	}
	if c.waitMax < c.waitMin {
		c.waitMax = c.waitMin
	}
	if c.userAgent == "" {
		c.userAgent = DefaultUserAgent
	}
}

// newHTTPClient is the one transport: TLS 1.2 or later with roots, and no
// redirects followed.
func newHTTPClient(roots *x509.CertPool) *http.Client {
	transport := &http.Transport{
		Proxy: http.ProxyFromEnvironment,
		DialContext: (&net.Dialer{
			Timeout:   10 * time.Second,
			KeepAlive: 30 * time.Second,
		}).DialContext,
		ForceAttemptHTTP2:     true,
		MaxIdleConns:          100,
		MaxIdleConnsPerHost:   64,
		IdleConnTimeout:       90 * time.Second,
		TLSHandshakeTimeout:   10 * time.Second,
		ExpectContinueTimeout: 1 * time.Second,
		TLSClientConfig: &tls.Config{
			MinVersion: tls.VersionTLS12,
			RootCAs:    roots,
		},
	}
	return &http.Client{
		Transport: transport,
		// Never follow redirects: the recording URL answers 301 with the
		// download address in Location (§8.1), and any other redirect is an
		// error rather than a reason to send the signed request elsewhere.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// ------------------------------------------------------------------ signing

// newNonce returns 32 uppercase hex characters from crypto/rand.
func newNonce() string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails (Go 1.24+)
	return strings.ToUpper(hex.EncodeToString(b[:]))
}

// passwordDigest is Base64(HMAC-SHA256(key = app secret, message = nonce + created)) (§2.1).
func passwordDigest(secret []byte, nonce, created string) string {
	m := hmac.New(sha256.New, secret)
	m.Write([]byte(nonce))
	m.Write([]byte(created))
	return base64.StdEncoding.EncodeToString(m.Sum(nil))
}

const authorizationValue = `AKSK realm="SDP",profile="UsernameToken",type="Appkey"`

// sign sets the AKSK headers with a fresh nonce; called once per attempt.
func (c *Client) sign(h http.Header) {
	nonce := newNonce()
	created := c.now().UTC().Format("2006-01-02T15:04:05Z")
	h.Set("Authorization", authorizationValue)
	h.Set("X-AKSK", fmt.Sprintf(`UsernameToken Username="%s", PasswordDigest="%s", Nonce="%s", Created="%s"`,
		c.appKey, passwordDigest(c.appSecret, nonce, created), nonce, created))
}

// ------------------------------------------------------------------ calls

// call describes one platform operation.
type call struct {
	op       string // operation name (DESIGN.md)
	method   string
	path     string
	query    url.Values
	body     map[string]any // nil = no body
	safe     bool           // may be repeated after an ambiguous failure
	redirect bool           // success is HTTP 301 with Location (recording URL)
	log      map[string]any // extra log fields, numbers already masked
}

// reply is a successful answer.
type reply struct {
	status int
	header http.Header
	body   []byte
}

// attemptKind is how one attempt ended.
type attemptKind int

const (
	attemptDone       attemptKind = iota // success or final platform error
	attemptNotSent                       // surely did not reach the platform: retry any op
	attemptRateLimit                     // 1010010 / 429: retry any op
	attemptAmbiguous                     // may have been applied: retry only safe ops
	attemptCallerDone                    // the caller's context ended
)

// do runs cl with retries.
//
// Policy:
//   - before every attempt: wait on the Client's shared adaptive rate
//     limiter (adaptive.go), then sign afresh (new nonce and Created);
//   - retried for every operation: rate limiting (1010010, HTTP 429), which
//     also cuts the limiter's rate, after the platform's Retry-After when
//     it sends one; and failures that surely did not reach the platform
//     (DNS, dial and connection-refused errors, or no connection obtained
//     at all);
//   - ambiguous failures (per-attempt timeout or a dropped connection after
//     the request may have gone out, any HTTP 5xx whatever its code,
//     1020002/1010001/1023001 without a 4xx status, an unreadable 2xx):
//     retried only for operations safe to repeat (query, unbind, modify,
//     recording URL); a bind, AX.set_callee or call.stop is never sent twice
//     and returns *UnknownOutcomeError wrapping the cause;
//   - every other answer is final: any HTTP 401 (1010010 with 401 is a bad
//     digest, not flow control), auth errors, lock-out, a 404 page;
//   - which answer is which is decided in one place, classify (errors.go);
//   - every answer that is not flow control lets the limiter raise its rate;
//   - exponential backoff with jitter between RetryWaitMin and RetryWaitMax
//     (unless a Retry-After says otherwise), at most MaxRetries retries,
//     and the caller's context ends it all.
//
// Retry design: a hand-written loop rather than go-retryablehttp (which
// is therefore not a dependency). The policy depends on the operation, on
// the platform's resultcode and HTTP status together (1010010 is flow
// control, but a bad digest with 401), and on whether a
// connection was obtained (httptrace); every attempt needs a fresh
// signature and a limiter wait that honours the caller's context.
// retryablehttp's CheckRetry/ErrorHandler could express this only by
// smuggling the operation through the context and re-reading bodies, and
// its give-up error hides the *Error; the loop below is shorter and easier
// to audit.
func (c *Client) do(ctx context.Context, cl call) (*reply, error) {
	var lastErr error
	for attempt := 1; ; attempt++ {
		sent, err := c.limiter.wait(ctx)
		if err != nil {
			return nil, fmt.Errorf("%s: waiting for the client rate limiter: %w", cl.op, err)
		}
		rep, kind, err := c.attempt(ctx, cl, attempt)
		wait := time.Duration(-1)
		switch kind {
		case attemptDone:
			c.limiter.answeredAt(time.Now())
			return rep, err
		case attemptCallerDone:
			return nil, err
		case attemptRateLimit:
			c.limiter.throttledAt(time.Now(), sent)
			var perr *Error
			if errors.As(err, &perr) && perr.retryAfter >= 0 {
				wait = perr.retryAfter
			}
		case attemptAmbiguous:
			if !cl.safe {
				return nil, &UnknownOutcomeError{Operation: cl.op, Cause: err}
			}
		}
		lastErr = err
		if attempt > c.retries {
			return nil, err
		}
		if wait < 0 {
			wait = c.backoff(attempt)
		}
		if err := c.sleep(ctx, wait); err != nil {
			return nil, fmt.Errorf("%s: %w (last attempt: %w)", cl.op, err, lastErr)
		}
	}
}

// sleepCtx waits d or until ctx ends.
func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// backoff is exponential with equal jitter: half of the step is fixed, half
// random, capped at waitMax.
func (c *Client) backoff(attempt int) time.Duration {
	d := float64(c.waitMin) * math.Pow(2, float64(attempt-1))
	if d > float64(c.waitMax) {
		d = float64(c.waitMax)
	}
	half := d / 2
	return time.Duration(half + mrand.Float64()*half)
}

func (c *Client) attempt(ctx context.Context, cl call, attempt int) (*reply, attemptKind, error) {
	u := *c.base
	u.Path = c.base.Path + cl.path
	if len(cl.query) > 0 {
		// url.Values.Encode percent-encodes '+' as %2B (§1.2).
		u.RawQuery = cl.query.Encode()
	}
	var body io.Reader
	if cl.body != nil {
		payload, err := json.Marshal(cl.body)
		if err != nil {
			return nil, attemptDone, fmt.Errorf("%s: encoding the request: %w", cl.op, err)
		}
		body = bytes.NewReader(payload)
	}

	actx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	// Once the transport holds a connection for this request, some or all
	// of it may have reached the platform: from then on a failure is
	// ambiguous unless it is a dial or DNS error. (Atomic: the transport
	// calls the hook from its own goroutines, and an early cancel can
	// return before they finish.)
	var sentFlag atomic.Bool
	trace := &httptrace.ClientTrace{
		GotConn:      func(httptrace.GotConnInfo) { sentFlag.Store(true) },
		WroteHeaders: func() { sentFlag.Store(true) },
	}
	req, err := http.NewRequestWithContext(httptrace.WithClientTrace(actx, trace), cl.method, u.String(), body)
	if err != nil {
		return nil, attemptDone, fmt.Errorf("%s: building the request: %w", cl.op, err)
	}
	req.Header.Set("Content-Type", "application/json;charset=UTF-8")
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", c.userAgent)
	c.sign(req.Header)

	start := time.Now()
	fields := map[string]any{
		"operation": cl.op,
		"method":    cl.method,
		"path":      cl.path,
		"attempt":   attempt,
	}
	for k, v := range cl.log {
		fields[k] = v
	}
	defer func() {
		fields["duration_ms"] = time.Since(start).Milliseconds()
		c.logf(ctx, "privatenumber API call", fields)
	}()

	resp, err := c.http.Do(req)
	if err != nil {
		return c.transportFailure(ctx, cl, stripURL(err), sentFlag.Load(), fields)
	}
	data, rerr := io.ReadAll(io.LimitReader(resp.Body, maxBody))
	resp.Body.Close()
	fields["http_status"] = resp.StatusCode
	if rerr != nil {
		rerr = stripURL(rerr)
		fields["error"] = rerr.Error()
		if ctx.Err() != nil {
			cerr := fmt.Errorf("%s: %w", cl.op, ctx.Err())
			if !cl.safe {
				return nil, attemptCallerDone, &UnknownOutcomeError{Operation: cl.op, Cause: cerr}
			}
			return nil, attemptCallerDone, cerr
		}
		fields["retry_class"] = "ambiguous"
		return nil, attemptAmbiguous, fmt.Errorf("%s: reading the answer (HTTP %d) from %s: %w", cl.op, resp.StatusCode, c.where(cl), rerr)
	}
	return c.judge(cl, resp, data, fields)
}

// where names the endpoint and the URI of cl (never the query string, which
// may carry phone numbers).
func (c *Client) where(cl call) string { return cl.method + " " + c.base.String() + cl.path }

// transportFailure classifies an attempt that got no HTTP answer.
func (c *Client) transportFailure(ctx context.Context, cl call, err error, wrote bool, fields map[string]any) (*reply, attemptKind, error) {
	fields["error"] = err.Error()
	if ctx.Err() != nil {
		// The caller gave up. For a non-repeatable operation whose
		// request went out, the outcome is unknown.
		cerr := fmt.Errorf("%s: %w", cl.op, ctx.Err())
		if wrote && !cl.safe {
			return nil, attemptCallerDone, &UnknownOutcomeError{Operation: cl.op, Cause: cerr}
		}
		return nil, attemptCallerDone, cerr
	}
	terr := fmt.Errorf("%s: %s: %w", cl.op, c.where(cl), err)
	var certErr *tls.CertificateVerificationError
	if errors.As(err, &certErr) {
		// Retrying cannot fix an untrusted certificate.
		return nil, attemptDone, terr
	}
	if !wrote || notSent(err) {
		fields["retry_class"] = "not_sent"
		return nil, attemptNotSent, terr
	}
	fields["retry_class"] = "ambiguous"
	return nil, attemptAmbiguous, terr
}

// judge turns an HTTP answer into a reply or an *Error, and says by its
// class (classify) whether the attempt may be repeated.
func (c *Client) judge(cl call, resp *http.Response, data []byte, fields map[string]any) (*reply, attemptKind, error) {
	c.clock.observe(resp.Header.Get("Date"))
	env, isJSON := parseEnvelope(data)
	if isJSON {
		fields["result_code"] = env.code
		if env.code != codeSuccess && env.code != "" {
			fields["result_desc"] = maskDigits(env.desc)
		}
	}
	success := isJSON && (env.code == codeSuccess || env.code == "")
	if (success && resp.StatusCode == http.StatusOK) ||
		(cl.redirect && resp.StatusCode == http.StatusMovedPermanently && (!isJSON || success)) {
		return &reply{status: resp.StatusCode, header: resp.Header, body: data}, attemptDone, nil
	}

	perr := &Error{Operation: cl.op, HTTPStatus: resp.StatusCode, Endpoint: c.base.String(), Path: cl.path}
	if isJSON && env.code != "" {
		perr.ResultCode, perr.ResultDesc = env.code, env.desc
	} else {
		perr.ResultDesc = notEnvelopeDesc(c.where(cl), resp.StatusCode, data, isJSON)
	}
	switch perr.class() {
	case classRateLimited:
		fields["retry_class"] = "rate_limited"
		perr.retryAfter = -1
		if d, ok := retryAfter(resp.Header, c.now()); ok {
			perr.retryAfter = d
			fields["retry_after_ms"] = d.Milliseconds()
		}
		return nil, attemptRateLimit, perr
	case classServer, classUnreadable:
		// A 5xx or a 2xx the client cannot read: for a bind it may have
		// happened, but without an answer the outcome is unknown.
		fields["retry_class"] = "ambiguous"
		return nil, attemptAmbiguous, perr
	}
	return nil, attemptDone, perr
}

// notEnvelopeDesc describes an answer without a result code, naming the
// endpoint and the URI; for a 404 it says the address or the path looks
// wrong (the platform's documentation: a 404 means the access address + URI
// is wrong), so that nobody reads it as "binding gone".
func notEnvelopeDesc(where string, status int, data []byte, isJSON bool) string {
	trimmed := bytes.TrimSpace(data)
	what := "a body that is not JSON"
	switch {
	case isJSON:
		what = "JSON without a resultcode"
	case len(trimmed) == 0:
		what = "an empty body"
	case trimmed[0] == '<':
		what = "an HTML page"
	}
	s := fmt.Sprintf("%s answered HTTP %d with %s, not the platform's JSON result envelope", where, status, what)
	if status == http.StatusNotFound {
		s += "; for a 404 page this means the endpoint (the application's access address) or the URI path looks wrong: " +
			"check the provider's endpoint (this answer is not taken to mean that the binding is gone)"
	}
	return s
}

// notSent reports errors that surely happened before the request reached
// the platform: DNS failures, refused or failed dials.
func notSent(err error) bool {
	var dnsErr *net.DNSError
	if errors.As(err, &dnsErr) {
		return true
	}
	var opErr *net.OpError
	return errors.As(err, &opErr) && opErr.Op == "dial"
}

// stripURL drops the *url.Error wrapper, whose text carries the full URL
// with its query string (phone numbers); the caller adds method and path.
func stripURL(err error) error {
	var uerr *url.Error
	if errors.As(err, &uerr) {
		return uerr.Err
	}
	return err
}

func (c *Client) logf(ctx context.Context, msg string, fields map[string]any) {
	if c.logger != nil {
		c.logger(ctx, msg, fields)
	}
}

// envelope is resultcode / resultdesc.
type envelope struct {
	code, desc string
}

func parseEnvelope(data []byte) (envelope, bool) {
	var w struct {
		ResultCode flexString `json:"resultcode"`
		ResultDesc flexString `json:"resultdesc"`
	}
	trimmed := bytes.TrimSpace(data)
	if len(trimmed) == 0 || trimmed[0] != '{' {
		return envelope{}, false
	}
	if err := json.Unmarshal(trimmed, &w); err != nil {
		return envelope{}, false
	}
	return envelope{code: strings.TrimSpace(string(w.ResultCode)), desc: string(w.ResultDesc)}, true
}
