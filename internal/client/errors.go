package client

import (
	"errors"
	"fmt"
	"net/http"
)

// Error is an answer of the platform that is not a success: either the JSON
// envelope with a non-zero resultcode, or (for a proxy's error page and the
// like) a non-JSON body, in which case ResultCode is empty and the
// classifiers fall back on HTTPStatus.
type Error struct {
	Operation  string // AXB.bind, AX.query, ... (DESIGN.md)
	HTTPStatus int
	ResultCode string // resultcode; "" when the body was not the JSON envelope
	ResultDesc string // resultdesc
}

func (e *Error) Error() string {
	if e.ResultCode == "" {
		desc := e.ResultDesc
		if desc == "" {
			desc = "response without the platform's result envelope"
		}
		return fmt.Sprintf("%s: HTTP %d %s: %s", e.Operation, e.HTTPStatus, http.StatusText(e.HTTPStatus), desc)
	}
	return fmt.Sprintf("%s: %s %s (HTTP %d)", e.Operation, e.ResultCode, e.ResultDesc, e.HTTPStatus)
}

// UnknownOutcomeError reports that a non-repeatable operation (a bind, a
// temporary callee, a call stop) may or may not have been applied: the
// request was sent but no usable answer came back. The client never repeats
// such a request; the caller has to look the binding up (or let the user do
// it) before trying again.
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

func asError(err error) *Error {
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	return nil
}

func hasCode(err error, codes ...string) (e *Error, match bool) {
	e = asError(err)
	if e == nil {
		return nil, false
	}
	for _, c := range codes {
		if e.ResultCode == c {
			return e, true
		}
	}
	return e, false
}

// IsNotFound: the binding does not exist (1012007, 1016001), or HTTP 404
// without the result envelope.
func IsNotFound(err error) bool {
	e, ok := hasCode(err, codeAXBNotFound, codeNotFound)
	return ok || (e != nil && e.ResultCode == "" && e.HTTPStatus == http.StatusNotFound)
}

// IsConflict: already bound (1012010, 1016002).
func IsConflict(err error) bool {
	_, ok := hasCode(err, "1012010", "1016002")
	return ok
}

// IsExhausted: no free number or extension (1012008, 1011002, 1020167).
func IsExhausted(err error) bool {
	_, ok := hasCode(err, "1012008", "1011002", "1020167")
	return ok
}

// IsRateLimited: flow control (1010010) or HTTP 429.
func IsRateLimited(err error) bool {
	e, ok := hasCode(err, codeRateLimited)
	return ok || (e != nil && e.HTTPStatus == http.StatusTooManyRequests)
}

// IsAuth: an authentication or authorisation failure of the application
// (1010003, 1010005, 1010013, 1020176, 1020150, 1020166), or HTTP 401, or
// HTTP 403 without the result envelope.
func IsAuth(err error) bool {
	e, ok := hasCode(err, authCodes...)
	if ok {
		return true
	}
	if e == nil {
		return false
	}
	return e.HTTPStatus == http.StatusUnauthorized || (e.ResultCode == "" && e.HTTPStatus == http.StatusForbidden)
}

// IsClockSkew: Created too far from the platform's clock (1010013).
func IsClockSkew(err error) bool { _, ok := hasCode(err, "1010013"); return ok }

// IsLockedOut: the client address is locked out after repeated
// authentication failures (1020176).
func IsLockedOut(err error) bool { _, ok := hasCode(err, "1020176"); return ok }

// IsWrongMode: the app key belongs to an application of another mode (1010040).
func IsWrongMode(err error) bool { _, ok := hasCode(err, "1010040"); return ok }

// IsInvalidRequest: a bad or unknown parameter (1010002, 1020001).
func IsInvalidRequest(err error) bool { _, ok := hasCode(err, "1010002", "1020001"); return ok }

// IsNotOwned: the X number does not belong to the application (1012001, 1011004).
func IsNotOwned(err error) bool { _, ok := hasCode(err, "1012001", "1011004"); return ok }

// IsServerError: an internal error of the platform (1020002) or HTTP 5xx.
func IsServerError(err error) bool {
	e, ok := hasCode(err, codeInternal)
	return ok || (e != nil && e.HTTPStatus >= 500 && e.HTTPStatus <= 599)
}

const (
	codeSuccess     = "0"
	codeAXBNotFound = "1012007"
	codeNotFound    = "1016001"
	codeRateLimited = "1010010"
	codeInternal    = "1020002"
)

var authCodes = []string{"1010003", "1010005", "1010013", "1020176", "1020150", "1020166"}
