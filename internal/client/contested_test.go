package client

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"
)

// Tests of the contested readings of the API (issue 13, DESIGN.md
// "Contested readings"): each answer that could be misread is served by a
// fake platform, and the test checks what a user notices: whether a binding
// is taken as gone, how many requests reach the platform, what the error says.

// answer writes one canned answer.
type answer struct {
	name   string
	status int
	ctype  string
	body   string
}

func (a answer) write(w http.ResponseWriter) {
	if a.ctype != "" {
		w.Header().Set("Content-Type", a.ctype)
	}
	w.WriteHeader(a.status)
	_, _ = w.Write([]byte(a.body))
}

const (
	htmlCT = "text/html; charset=utf-8"
	jsonCT = "application/json;charset=UTF-8"
)

var html404 = answer{"HTML 404 page", 404, htmlCT, "<html><head><title>404 Not Found</title></head><body><h1>Not Found</h1></body></html>"}

// lookups are the single-binding reads the provider's Read relies on, each
// with the mode's not-found code.
func lookups(c *Client) []struct {
	op, notFound string
	run          func(ctx context.Context) error
} {
	return []struct {
		op, notFound string
		run          func(ctx context.Context) error
	}{
		{"AXB.query", "1012007", func(ctx context.Context) error { _, err := c.GetAXB(ctx, "s"); return err }},
		{"AX.query", "1016001", func(ctx context.Context) error { _, err := c.GetAX(ctx, "s"); return err }},
		{"AXE.query", "1016001", func(ctx context.Context) error { _, err := c.GetAXE(ctx, "s"); return err }},
		{"AXYB.query", "1016001", func(ctx context.Context) error {
			_, err := c.QueryAXYB(ctx, AXYBQuery{SubscriptionID: "s"})
			return err
		}},
		{"AXB.unbind", "1012007", func(ctx context.Context) error {
			return c.UnbindAXB(ctx, AXBUnbindRequest{SubscriptionID: "s"})
		}},
	}
}

// Only the platform's JSON envelope with the mode's not-found code means
// "gone"; every other answer is an error that names the endpoint and the URI
// and, for a 404, says the address or the path looks wrong.
func TestNotFoundOnlyFromTheEnvelope(t *testing.T) {
	for _, tc := range []struct {
		a        answer
		notFound bool
		requests int      // per lookup (MaxRetries 2)
		says     []string // in the error text besides endpoint and URI
	}{
		{html404, false, 1, []string{"HTTP 404", "an HTML page", "endpoint", "URI path looks wrong"}},
		{answer{"empty 404", 404, "", ""}, false, 1, []string{"an empty body", "URI path looks wrong"}},
		{answer{"text 404", 404, "text/plain", "404 page not found"}, false, 1, []string{"not JSON", "URI path looks wrong"}},
		{answer{"JSON 404 without a code", 404, jsonCT, `{"error":"no route"}`}, false, 1, []string{"without a resultcode", "URI path looks wrong"}},
		{answer{"JSON 404 Invalid URL", 404, jsonCT, `{"resultcode":"1010001","resultdesc":"Invalid URL."}`}, false, 1, []string{"1010001", "URI path looks wrong"}},
		{answer{"JSON 404 other mode's code", 404, jsonCT, `{"resultcode":"OTHER","resultdesc":"The record does not exist."}`}, false, 1, []string{"URI path looks wrong"}},
		{answer{"HTML 401", 401, htmlCT, "<html>401</html>"}, false, 1, []string{"HTTP 401"}},
		{answer{"HTML 403", 403, htmlCT, "<html>403</html>"}, false, 1, []string{"HTTP 403"}},
		{answer{"HTML 502", 502, htmlCT, "<html>bad gateway</html>"}, false, 3, []string{"HTTP 502"}},
		{answer{"JSON 500 with NOTFOUND", 500, jsonCT, `{"resultcode":"NOTFOUND","resultdesc":"The record does not exist."}`}, false, 3, []string{"HTTP 500"}},
		{answer{"JSON 401 with NOTFOUND", 401, jsonCT, `{"resultcode":"NOTFOUND","resultdesc":"The record does not exist."}`}, false, 1, nil},
		{answer{"JSON 404 with NOTFOUND", 404, jsonCT, `{"resultcode":"NOTFOUND","resultdesc":"The record does not exist."}`}, true, 1, nil},
		{answer{"JSON 403 with NOTFOUND", 403, jsonCT, `{"resultcode":"NOTFOUND","resultdesc":"The record does not exist."}`}, true, 1, nil},
		{answer{"JSON 200 with NOTFOUND", 200, jsonCT, `{"resultcode":"NOTFOUND","resultdesc":"The record does not exist."}`}, true, 1, nil},
	} {
		t.Run(tc.a.name, func(t *testing.T) {
			var code string // the not-found code of the lookup being run
			f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) {
				a := tc.a
				a.body = strings.ReplaceAll(a.body, "NOTFOUND", code)
				if code == "1012007" {
					a.body = strings.ReplaceAll(a.body, "OTHER", "1016001")
				} else {
					a.body = strings.ReplaceAll(a.body, "OTHER", "1012007")
				}
				a.write(w)
			})
			c := f.client(func(c *Config) { c.MaxRetries = 2 })
			for _, l := range lookups(c) {
				code = l.notFound
				before := f.count()
				err := l.run(ctxT(t))
				if err == nil {
					t.Fatalf("%s: no error", l.op)
				}
				if IsNotFound(err) != tc.notFound {
					t.Errorf("%s: IsNotFound = %v, want %v: %v", l.op, !tc.notFound, tc.notFound, err)
				}
				if got := f.count() - before; got != tc.requests {
					t.Errorf("%s: %d requests, want %d", l.op, got, tc.requests)
				}
				if tc.notFound {
					continue
				}
				msg := err.Error()
				for _, w := range append([]string{f.srv.URL, "/rest/", l.op}, tc.says...) {
					if !strings.Contains(msg, w) {
						t.Errorf("%s: message lacks %q: %s", l.op, w, msg)
					}
				}
			}
		})
	}
}

// The provider prints an *Error's ResultDesc: for an answer without the
// envelope it carries the endpoint, the URI and the wrong-address reading.
func TestHTML404DescriptionNamesEndpointAndURI(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) { html404.write(w) })
	_, err := f.client().GetAXB(ctxT(t), "s")
	var perr *Error
	if !errors.As(err, &perr) || !IsWrongAddress(err) {
		t.Fatalf("err = %#v", err)
	}
	for _, w := range []string{"GET " + f.srv.URL + pathAXB, "HTTP 404", "endpoint", "URI path looks wrong"} {
		if !strings.Contains(perr.ResultDesc, w) {
			t.Errorf("ResultDesc lacks %q: %s", w, perr.ResultDesc)
		}
	}
	if perr.Endpoint != f.srv.URL || perr.Path != pathAXB {
		t.Errorf("Endpoint %q Path %q", perr.Endpoint, perr.Path)
	}
	if strings.Contains(err.Error(), "%2B") || strings.Contains(err.Error(), "subscriptionId") {
		t.Errorf("the error carries the query string: %v", err)
	}
}

// A timeout is no answer at all: never not-found, and the error names the
// endpoint and the URI.
func TestTimeoutIsNotNotFound(t *testing.T) {
	done := make(chan struct{})
	defer close(done)
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) { hang(done)(w, r) })
	c := f.client(func(c *Config) { c.RequestTimeout = 50 * time.Millisecond; c.MaxRetries = -1 })
	for _, l := range lookups(c) {
		err := l.run(ctxT(t))
		if err == nil || IsNotFound(err) || !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("%s: err = %v", l.op, err)
			continue
		}
		if !strings.Contains(err.Error(), f.srv.URL+"/rest/") {
			t.Errorf("%s: message does not name the endpoint and URI: %v", l.op, err)
		}
	}
}

// A bad PasswordDigest (HTTP 401 with 1010010) is sent exactly once for
// every kind of operation, and the error says the secret or the clock is
// wrong; 401 answers of every other shape are never retried either.
func TestAuthenticationAnswersSentOnce(t *testing.T) {
	for _, tc := range []struct {
		a     answer
		is    func(error) bool
		says  []string
		digst bool
	}{
		{answer{"401 1010010", 401, jsonCT, `{"resultcode":"1010010","resultdesc":"Invalid digest."}`}, IsBadDigest,
			[]string{"1010010", "app secret is wrong", "clock is wrong", "not retried"}, true},
		{answer{"401 without a body", 401, "", ""}, IsAuth, []string{"HTTP 401"}, false},
		{answer{"401 1010013", 401, jsonCT, `{"resultcode":"1010013","resultdesc":"Time out limit."}`}, IsClockSkew, []string{"1010013"}, false},
		{answer{"400 1023006", 400, jsonCT, `{"resultcode":"1023006","resultdesc":"Invalid Authorization."}`}, IsAuth,
			[]string{"1023006", "Authorization or X-AKSK header"}, false},
		{answer{"400 1023035", 400, jsonCT, `{"resultcode":"1023035","resultdesc":"Invalid PasswordDigest."}`}, IsAuth,
			[]string{"1023035", "Authorization or X-AKSK header"}, false},
		{answer{"405 1010006", 405, jsonCT, `{"resultcode":"1010006","resultdesc":"Invalid Rest API."}`}, IsWrongAddress,
			[]string{"1010006", "URI path looks wrong"}, false},
	} {
		t.Run(tc.a.name, func(t *testing.T) {
			f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) { tc.a.write(w) })
			c := f.client() // default retries (4)
			for op, run := range map[string]func() error{
				"AXB.bind":   func() error { _, err := c.BindAXB(ctxT(t), bindReq()); return err },
				"AXB.query":  func() error { _, err := c.GetAXB(ctxT(t), "s"); return err },
				"AX.query":   func() error { _, err := c.QueryAX(ctxT(t), AXQuery{ANumber: numA}); return err },
				"AXE.modify": func() error { return c.ModifyAXE(ctxT(t), AXEModifyRequest{SubscriptionID: "s"}) },
				"AXYB.unbind": func() error {
					return c.UnbindAXYB(ctxT(t), AXYBUnbindRequest{SubscriptionID: "s"})
				},
			} {
				before := f.count()
				err := run()
				if got := f.count() - before; got != 1 {
					t.Errorf("%s: %d requests, want exactly 1", op, got)
				}
				if !tc.is(err) || IsRateLimited(err) || IsNotFound(err) || IsUnknownOutcome(err) || IsBadDigest(err) != tc.digst {
					t.Errorf("%s: misclassified: %v", op, err)
				}
				for _, w := range tc.says {
					if err != nil && !strings.Contains(err.Error(), w) {
						t.Errorf("%s: message lacks %q: %v", op, w, err)
					}
				}
			}
		})
	}
}

// Flow control (1010010 without 401, or 429) did not apply the request: it
// is retried for every operation, a bind included.
func TestFlowControlRetried(t *testing.T) {
	for _, a := range []answer{
		{"429 1010010", 429, jsonCT, `{"resultcode":"1010010","resultdesc":"The flow control upper limit is reached on the platform."}`},
		{"403 1010010", 403, jsonCT, `{"resultcode":"1010010","resultdesc":"The flow control upper limit is reached on the platform."}`},
		{"200 1010010", 200, jsonCT, `{"resultcode":"1010010","resultdesc":"The flow control upper limit is reached on the platform."}`},
		{"503 1010010", 503, jsonCT, `{"resultcode":"1010010","resultdesc":"The flow control upper limit is reached on the platform."}`},
		{"429 HTML", 429, htmlCT, "<html>slow down</html>"},
	} {
		t.Run(a.name, func(t *testing.T) {
			f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) {
				if n < 2 {
					a.write(w)
					return
				}
				ok(w, bindAnswer)
			})
			res, err := f.client().BindAXB(ctxT(t), bindReq())
			if err != nil || res.SubscriptionID != "axb-1" {
				t.Fatalf("bind: %+v, %v", res, err)
			}
			if f.count() != 3 {
				t.Errorf("%d requests, want 3 (two refused, then success)", f.count())
			}
		})
	}
}

// Every 5xx, whatever its code (1010001 "Internal system error", 1023001,
// 1020002, another code, or none), is ambiguous: a bind returns
// *UnknownOutcomeError after one request (the caller looks the binding up
// before any re-send); a read is retried.
func TestServerErrorsAmbiguous(t *testing.T) {
	answers := []answer{
		{"500 1010001", 500, jsonCT, `{"resultcode":"1010001","resultdesc":"Internal system error."}`},
		{"500 1023001", 500, jsonCT, `{"resultcode":"1023001","resultdesc":"Internal error."}`},
		{"500 1020002", 500, jsonCT, `{"resultcode":"1020002","resultdesc":"Internal error."}`},
		{"500 1012010", 500, jsonCT, `{"resultcode":"1012010","resultdesc":"The relation number has been bound."}`},
		{"502 HTML", 502, htmlCT, "<html>bad gateway</html>"},
		{"503 empty", 503, "", ""},
	}
	for _, a := range answers {
		t.Run(a.name, func(t *testing.T) {
			f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) { a.write(w) })
			c := f.client()
			for op, bind := range map[string]func() error{
				"AXB.bind": func() error { _, err := c.BindAXB(ctxT(t), bindReq()); return err },
				"AX.bind":  func() error { _, err := c.BindAX(ctxT(t), AXBindRequest{ANumber: numA, XNumber: numX}); return err },
				"AXE.bind": func() error { _, err := c.BindAXE(ctxT(t), AXEBindRequest{ANumber: numA, XNumber: numX}); return err },
				"AXYB.bind": func() error {
					_, err := c.BindAXYBMember(ctxT(t), AXYBMemberBindRequest{SubscriptionID: "g", BNumber: numB})
					return err
				},
			} {
				before := f.count()
				err := bind()
				if !IsUnknownOutcome(err) || !IsServerError(err) || IsConflict(err) {
					t.Errorf("%s: err = %v, want an unknown outcome wrapping a server error", op, err)
				}
				if got := f.count() - before; got != 1 {
					t.Errorf("%s: sent %d times, want once", op, got)
				}
			}
		})
		t.Run(a.name+" on reads", func(t *testing.T) {
			f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) {
				if n%2 == 0 {
					a.write(w)
					return
				}
				switch {
				case strings.HasPrefix(r.URL.Path, pathAXB):
					ok(w, `"totalCount":1,"relationNumList":[{"subscriptionId":"s"}]`)
				case strings.HasPrefix(r.URL.Path, pathAX):
					ok(w, `"privateNumList":[{"subscriptionId":"s"}]`)
				case strings.HasPrefix(r.URL.Path, pathAXYB):
					ok(w, `"xyRelationNumList":[{"bindId":"s"}]`)
				default:
					ok(w, `"subscriptionId":"s","virtualNum":"`+numX+`"`)
				}
			})
			c := f.client()
			reads := map[string]func() error{
				"AXB.query":  func() error { _, err := c.GetAXB(ctxT(t), "s"); return err },
				"AX.query":   func() error { _, err := c.GetAX(ctxT(t), "s"); return err },
				"AXE.query":  func() error { _, err := c.GetAXE(ctxT(t), "s"); return err },
				"AXYB.query": func() error { _, err := c.QueryAXYB(ctxT(t), AXYBQuery{XNumber: numX}); return err },
			}
			for op, read := range reads {
				before := f.count()
				if err := read(); err != nil {
					t.Errorf("%s: %v", op, err)
				}
				if got := f.count() - before; got != 2 {
					t.Errorf("%s: %d requests, want 2 (retried once)", op, got)
				}
			}
		})
	}
}

// An internal-error code with a 4xx status is a definite refusal (the
// emulator answers an unknown path 404 1010001): a bind is not an unknown
// outcome, and the error says the address looks wrong.
func TestInternalCodeWith4xxIsDefinite(t *testing.T) {
	for _, status := range []int{404, 405} {
		f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) {
			writeJSON(w, status, `{"resultcode":"1010001","resultdesc":"Invalid URL."}`)
		})
		_, err := f.client().BindAXB(ctxT(t), bindReq())
		if IsUnknownOutcome(err) || IsServerError(err) || !IsWrongAddress(err) || f.count() != 1 {
			t.Fatalf("HTTP %d: err = %v after %d requests", status, err, f.count())
		}
		if !strings.Contains(err.Error(), "URI path looks wrong") || !strings.Contains(err.Error(), f.srv.URL+pathAXB) {
			t.Errorf("HTTP %d: message %q", status, err)
		}
	}
}

// The AX result codes of the platform's documentation are classified beside
// the ones the emulator answers today, and are final (one request).
func TestDocumentedAXCodes(t *testing.T) {
	for _, tc := range []struct {
		code string
		is   func(error) bool
		what string
	}{
		{"1011005", IsConflict, "X already bound to another A"},
		{"1016002", IsConflict, "A and X already bound to each other"},
		{"1011003", IsExhausted, "A already holds the maximum of X"},
		{"1011002", IsExhausted, "no free X"},
		{"1012008", IsExhausted, "no free X (today's code)"},
		{"1011001", IsNotOwned, "X not the application's"},
		{"1011004", IsNotOwned, "X not the application's (today's code)"},
	} {
		f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) {
			writeJSON(w, 403, `{"resultcode":"`+tc.code+`","resultdesc":"refused"}`)
		})
		_, err := f.client().BindAX(ctxT(t), AXBindRequest{ANumber: numA, XNumber: numX})
		if !tc.is(err) || IsUnknownOutcome(err) || IsNotFound(err) {
			t.Errorf("%s (%s): misclassified: %v", tc.code, tc.what, err)
		}
		if f.count() != 1 {
			t.Errorf("%s: %d requests, want 1", tc.code, f.count())
		}
	}
}

// A filter query that finds nothing may be answered "0 with an empty list" or
// with the mode's not-found code; both read as an empty result. A query by
// subscription ID keeps not-found, and an answer that is not the platform's
// (an HTML 404) stays an error.
func TestFilterMissBothReadings(t *testing.T) {
	emptyAnswer := func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case pathAXB:
			ok(w, `"totalCount":0,"relationNumList":[]`)
		case pathAX:
			ok(w, `"privateNumList":[]`)
		case pathAXEv2:
			ok(w, `"bindList":[]`)
		default:
			ok(w, `"xyRelationNumList":[]`)
		}
	}
	notFoundAnswer := func(status int) func(w http.ResponseWriter, r *http.Request) {
		return func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path == pathAXB {
				writeJSON(w, status, `{"resultcode":"1012007","resultdesc":"The record does not exist."}`)
				return
			}
			writeJSON(w, status, `{"resultcode":"1016001","resultdesc":"The record does not exist."}`)
		}
	}
	filters := func(c *Client) map[string]func() (int, error) {
		return map[string]func() (int, error){
			"AXB by X": func() (int, error) {
				p, err := c.QueryAXB(ctxT(t), AXBQuery{XNumber: numX})
				if p == nil {
					return -1, err
				}
				return len(p.Bindings), err
			},
			"AXB by X+A+B": func() (int, error) {
				p, err := c.QueryAXB(ctxT(t), AXBQuery{XNumber: numX, ANumber: numA, BNumber: numB})
				if p == nil {
					return -1, err
				}
				return len(p.Bindings), err
			},
			"AXB list": func() (int, error) {
				l, err := c.ListAXB(ctxT(t), AXBQuery{XNumber: numX})
				return len(l), err
			},
			"AX by A": func() (int, error) { l, err := c.QueryAX(ctxT(t), AXQuery{ANumber: numA}); return len(l), err },
			"AX by X": func() (int, error) { l, err := c.QueryAX(ctxT(t), AXQuery{XNumber: numX}); return len(l), err },
			"AXE page": func() (int, error) {
				p, err := c.QueryAXEPage(ctxT(t), AXEListQuery{XNumber: numX})
				if p == nil {
					return -1, err
				}
				return len(p.Bindings), err
			},
			"AXE list": func() (int, error) { l, err := c.ListAXE(ctxT(t), numX); return len(l), err },
			"AXYB by X": func() (int, error) {
				l, err := c.QueryAXYB(ctxT(t), AXYBQuery{XNumber: numX})
				return len(l), err
			},
		}
	}
	for _, reading := range []struct {
		name   string
		handle func(w http.ResponseWriter, r *http.Request)
	}{
		{"empty list", emptyAnswer},
		{"not-found 404", notFoundAnswer(404)},
		{"not-found 200", notFoundAnswer(200)},
		{"not-found 403", notFoundAnswer(403)},
	} {
		f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) { reading.handle(w, r) })
		c := f.client()
		for name, run := range filters(c) {
			before := f.count()
			n, err := run()
			if err != nil || n != 0 {
				t.Errorf("%s answered %s: %d records, err %v; want an empty result", name, reading.name, n, err)
			}
			if got := f.count() - before; got != 1 {
				t.Errorf("%s answered %s: %d requests, want 1", name, reading.name, got)
			}
		}
		if reading.name == "empty list" {
			continue
		}
		// By subscription ID, not-found stays not-found.
		for op, run := range map[string]func() error{
			"AXB": func() error { _, err := c.QueryAXB(ctxT(t), AXBQuery{SubscriptionID: "s", XNumber: numX}); return err },
			"AX":  func() error { _, err := c.QueryAX(ctxT(t), AXQuery{SubscriptionID: "s", ANumber: numA}); return err },
			"AXYB": func() error {
				_, err := c.QueryAXYB(ctxT(t), AXYBQuery{SubscriptionID: "s", XNumber: numX})
				return err
			},
			"AXE v1": func() error { _, err := c.QueryAXE(ctxT(t), AXEQuery{XNumber: numX, Extension: "1"}); return err },
		} {
			if err := run(); !IsNotFound(err) {
				t.Errorf("%s by id answered %s: err %v, want not found", op, reading.name, err)
			}
		}
	}
	// Not the platform's answer: an error, never an empty result.
	for _, a := range []answer{html404, {"other mode's code", 404, jsonCT, `{"resultcode":"1012007"}`}} {
		f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) {
			if r.URL.Path == pathAXB && a.name != html404.name {
				writeJSON(w, 404, `{"resultcode":"1016001"}`)
				return
			}
			a.write(w)
		})
		for name, run := range filters(f.client()) {
			if n, err := run(); err == nil || IsNotFound(err) || !IsWrongAddress(err) {
				t.Errorf("%s answered %s: %d records, err %v; want a wrong-address error", name, a.name, n, err)
			}
		}
	}
}
