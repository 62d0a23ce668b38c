package client

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// Error is an answer of the platform that is not a success: either the JSON
// envelope with a non-zero resultcode, or (for a proxy's error page, a wrong
// address and the like) an answer without a result code, in which case
// ResultCode is empty, ResultDesc is the client's description of the answer
// (naming the endpoint and the URI) and the classifiers fall back on
// HTTPStatus. What an answer means is decided in one place, classify.
type Error struct {
	Operation  string // AXB.bind, AX.query, ... (DESIGN.md)
	HTTPStatus int
	ResultCode string // resultcode; "" when the body was not the JSON envelope
	ResultDesc string // resultdesc, or the client's description when ResultCode is ""
	// Endpoint (the configured base URL, APP接入地址) and Path (the URI,
	// without the query string, which may carry phone numbers) of the
	// request; empty for errors the client makes up without a request.
	Endpoint, Path string
	// retryAfter is the platform's Retry-After on a flow-control answer,
	// -1 when it sent none (the client then backs off on its own).
	retryAfter time.Duration
}

func (e *Error) Error() string {
	var s string
	if e.ResultCode == "" {
		desc := e.ResultDesc
		if desc == "" {
			desc = "response without the platform's result envelope"
		}
		s = fmt.Sprintf("%s: HTTP %d %s: %s", e.Operation, e.HTTPStatus, http.StatusText(e.HTTPStatus), desc)
	} else {
		s = fmt.Sprintf("%s: %s %s (HTTP %d)", e.Operation, e.ResultCode, e.ResultDesc, e.HTTPStatus)
	}
	if e.Endpoint != "" && !strings.Contains(s, e.Endpoint) {
		s += " from " + e.Endpoint + e.Path
	}
	if h := e.Hint(); h != "" {
		s += ": " + h
	}
	return s
}

// Hint is the client's reading of the answer in the user's terms when the
// result code alone does not say what to do (a bad digest, a wrong address,
// a refused auth header); "" otherwise.
func (e *Error) Hint() string {
	switch e.class() {
	case classBadDigest:
		return "the platform refused the PasswordDigest (HTTP 401): the app secret is wrong, or this machine's clock is wrong " +
			"(the digest covers the request time); the request was sent once and not retried, since repeated authentication " +
			"failures lock the client address out for about 30 minutes"
	case classAuthHeader:
		return "the platform refused the Authorization or X-AKSK header: check app_key and app_secret (an app key or " +
			"secret with surrounding spaces or quotes, say); the request was not retried"
	case classWrongMethod:
		return "the platform does not offer this method on this URI (Invalid Rest API): the endpoint (the application's " +
			"access address) or the URI path looks wrong"
	case classNotPlatform:
		switch {
		case e.ResultCode == "":
			// ResultDesc, the client's own description, says it all.
		case e.HTTPStatus == http.StatusNotFound:
			return "a 404 without this mode's not-found result code: the endpoint (the application's access address) or the URI path looks wrong"
		default:
			return fmt.Sprintf("HTTP %d: the endpoint (the application's access address) or the URI path looks wrong", e.HTTPStatus)
		}
	}
	return ""
}

// UnknownOutcomeError reports that a non-repeatable operation (a bind, a
// temporary callee, a call stop) may or may not have been applied: the
// request was sent but no usable answer came back (a timeout, a dropped
// connection, any HTTP 5xx). The client never repeats such a request; the
// caller has to look the binding up (or let the user do it) before trying
// again.
type UnknownOutcomeError struct {
	Operation string
	Cause     error
}

func (e *UnknownOutcomeError) Error() string {
	return fmt.Sprintf("%s: the outcome is unknown, the request may have been applied (the binding may exist): %v", e.Operation, e.Cause)
}

func (e *UnknownOutcomeError) Unwrap() error { return e.Cause }

// IsUnknownOutcome reports whether err says that a bind (or another
// non-repeatable operation) may or may not have been applied.
func IsUnknownOutcome(err error) bool {
	var u *UnknownOutcomeError
	return errors.As(err, &u)
}

// ------------------------------------------------------------ classification

// class is what an answer of the platform means to the client: whether it is
// retried (see retryOf) and which classifier reports it. classify is the one
// place that decides it, from the HTTP status, the result code and the
// operation (whose mode fixes the not-found code). DESIGN.md ("Contested
// readings") gives the evidence for each row.
type class int

const (
	classOther       class = iota // a final answer without a more precise meaning
	classNotFound                 // the mode's not-found code in the JSON envelope: the binding is gone
	classConflict                 // already bound
	classExhausted                // no free number or extension, or A holds the maximum of X
	classNotOwned                 // X is not the application's
	classInvalid                  // a refused parameter
	classAuth                     // credentials refused; HTTP 401 or 403 without a code
	classBadDigest                // HTTP 401 with 1010010: wrong app secret or clock
	classAuthHeader               // 1023xxx: the Authorization / X-AKSK header refused
	classClockSkew                // 1010013
	classLockedOut                // 1020176
	classWrongMode                // 1010040
	classWrongMethod              // 1010006 "Invalid Rest API"
	classRateLimited              // 1010010 without HTTP 401, or HTTP 429: retried for every operation
	classServer                   // HTTP 5xx or an internal-error code: ambiguous for a write, retried for a read
	classUnreadable               // a 2xx the client cannot read: ambiguous
	classNotPlatform              // no result code and no status that tells (an HTML 404 page, an empty body, ...)
)

// codeClasses maps result codes to their class where the HTTP status does
// not change the meaning. The not-found codes depend on the mode
// (notFoundCode), 1010010 on the status, 1023xxx is a family.
var codeClasses = map[string]class{
	"1012010": classConflict,  // AXB: A or B already on X
	"1016002": classConflict,  // AX, AXE, AXYB: already bound (AX: this A and this X already bound to each other)
	"1011005": classConflict,  // AX: X already bound to another A (FAQ list)
	"1012008": classExhausted, // no free X / X full
	"1011002": classExhausted, // AX: no X to allocate
	"1011003": classExhausted, // AX: A already holds the maximum of X (FAQ list)
	"1020167": classExhausted, // AXE: no free extension
	"1012001": classNotOwned,  // AXB: X not the application's
	"1011004": classNotOwned,  // AX, AXE, AXYB: X not the application's (unbind/modify)
	"1011001": classNotOwned,  // AX bind: "Account does not exist" for an X that is not the application's
	"1010002": classInvalid,
	"1020001": classInvalid,
	"1010003": classAuth,
	"1010005": classAuth,
	"1020150": classAuth,
	"1020166": classAuth,
	"1010013": classClockSkew,
	"1020176": classLockedOut,
	"1010040": classWrongMode,
	"1010006": classWrongMethod,
	"1020002": classServer, // Internal error.
	"1010001": classServer, // Internal system error (per-API result tables)
	"1023001": classServer, // Internal error (auth-header family)
}

// authHeaderFamily: 1023006-1023012 (Authorization header) and
// 1023033-1023037 (X-AKSK fields) are documented; the rest of 1023xxx,
// except 1023001 (internal error), is read the same way.
func authHeaderFamily(code string) bool {
	return len(code) == 7 && strings.HasPrefix(code, "1023") && code != "1023001"
}

// notFoundCode is the not-found result code of op's mode: AXB 1012007, AX,
// AXE and AXYB 1016001, the recording URL 1012007 (FAQ). An operation of no
// known mode accepts both.
func notFoundCode(op, code string) bool {
	mode, _, _ := strings.Cut(op, ".")
	switch mode {
	case "AXB", "recording":
		return code == codeAXBNotFound
	case "AX", "AXE", "AXYB":
		return code == codeNotFound
	}
	return code == codeAXBNotFound || code == codeNotFound
}

// classify is the one table of what an answer means.
func classify(op string, status int, code string) class {
	if code == "" {
		switch {
		case status >= 500:
			return classServer
		case status == http.StatusTooManyRequests:
			return classRateLimited
		case status == http.StatusUnauthorized || status == http.StatusForbidden:
			return classAuth
		case status >= 200 && status < 300:
			return classUnreadable
		}
		return classNotPlatform
	}
	known, isKnown := codeClasses[code]
	switch {
	case status == http.StatusUnauthorized:
		// Authentication, never retried, whatever the code says.
		switch {
		case code == codeRateLimited:
			return classBadDigest
		case known == classClockSkew || known == classLockedOut:
			return known
		case authHeaderFamily(code):
			return classAuthHeader
		}
		return classAuth
	case code == codeRateLimited || status == http.StatusTooManyRequests:
		return classRateLimited
	case status >= 500:
		return classServer
	case notFoundCode(op, code):
		return classNotFound
	case authHeaderFamily(code):
		return classAuthHeader
	case known == classServer && status >= 400:
		// An internal-error code with a 4xx status is a definite refusal
		// (the emulator answers a wrong URL 404 1010001, say).
		if status == http.StatusNotFound || status == http.StatusMethodNotAllowed {
			return classNotPlatform
		}
		return classOther
	case isKnown:
		return known
	case status == http.StatusNotFound:
		// A 404 without the mode's not-found code is no proof the binding is gone.
		return classNotPlatform
	}
	return classOther
}

func (e *Error) class() class { return classify(e.Operation, e.HTTPStatus, e.ResultCode) }

func classOf(err error) (class, bool) {
	var e *Error
	if !errors.As(err, &e) {
		return classOther, false
	}
	return e.class(), true
}

func isClass(err error, cs ...class) bool {
	c, ok := classOf(err)
	if !ok {
		return false
	}
	for _, want := range cs {
		if c == want {
			return true
		}
	}
	return false
}

// IsNotFound: the binding does not exist. Only the platform's JSON envelope
// with the not-found code of the operation's mode (AXB 1012007; AX, AXE,
// AXYB 1016001), with an HTTP status that is not 401, 429 or 5xx, counts. An
// HTML 404 page, an empty body, a 404 without that code, a 5xx or a timeout
// is an error: the binding may well exist.
func IsNotFound(err error) bool { return isClass(err, classNotFound) }

// IsConflict: already bound (1012010, 1016002, AX 1011005).
func IsConflict(err error) bool { return isClass(err, classConflict) }

// IsExhausted: no free number or extension (1012008, 1011002, 1020167), or
// the A already holds the maximum of X (AX 1011003).
func IsExhausted(err error) bool { return isClass(err, classExhausted) }

// IsRateLimited: flow control (1010010 with any status but 401) or HTTP 429.
func IsRateLimited(err error) bool { return isClass(err, classRateLimited) }

// IsAuth: an authentication or authorisation failure of the application
// (1010003, 1010005, 1010013, 1020176, 1020150, 1020166, the 1023xxx
// header family, a bad digest), any answer with HTTP 401, or HTTP 403
// without the result envelope.
func IsAuth(err error) bool {
	return isClass(err, classAuth, classBadDigest, classAuthHeader, classClockSkew, classLockedOut)
}

// IsBadDigest: HTTP 401 with 1010010 "Invalid digest": the app secret is
// wrong or the client's clock is off. IsAuth is true as well.
func IsBadDigest(err error) bool { return isClass(err, classBadDigest) }

// IsClockSkew: Created too far from the platform's clock (1010013).
func IsClockSkew(err error) bool { return isClass(err, classClockSkew) }

// IsLockedOut: the client address is locked out after repeated
// authentication failures (1020176).
func IsLockedOut(err error) bool { return isClass(err, classLockedOut) }

// IsWrongMode: the app key belongs to an application of another mode (1010040).
func IsWrongMode(err error) bool { return isClass(err, classWrongMode) }

// IsWrongAddress: the answer says the endpoint or the URI is wrong: a 404 or
// another answer without the platform's result envelope (an HTML page, an
// empty body), a 404 without the mode's not-found code, or 1010006
// "Invalid Rest API". The error text names the endpoint and the URI.
func IsWrongAddress(err error) bool { return isClass(err, classNotPlatform, classWrongMethod) }

// IsInvalidRequest: a bad or unknown parameter (1010002, 1020001).
func IsInvalidRequest(err error) bool { return isClass(err, classInvalid) }

// IsNotOwned: the X number does not belong to the application (1012001,
// 1011004, AX bind 1011001).
func IsNotOwned(err error) bool { return isClass(err, classNotOwned) }

// IsServerError: an internal error of the platform: any HTTP 5xx, or
// 1020002, 1010001 or 1023001 without a 4xx status.
func IsServerError(err error) bool { return isClass(err, classServer) }

const (
	codeSuccess     = "0"
	codeAXBNotFound = "1012007"
	codeNotFound    = "1016001"
	codeRateLimited = "1010010"
)
