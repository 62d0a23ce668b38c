package emulator

import (
	"fmt"
	"net/http"
)

// Dialect selects, for each point where the public documentation contradicts
// itself (reference §17), which reading the emulator speaks. The zero value is
// the best-supported reading; each switch turns on the other one, so that the
// client and the provider can be tested against both.
type Dialect struct {
	// LegacyErrorCodes answers authentication and routing errors with the codes
	// of §16 (a bad PasswordDigest or a malformed auth header: 403 1010005; a
	// wrong method: 405 1010001) instead of the per-API result tables (a bad
	// digest: 401 1010010 "Invalid digest."; a malformed header: 400 1023xxx;
	// a wrong method: 405 1010006 "Invalid Rest API").
	LegacyErrorCodes bool `json:"legacy_error_codes"`
	// LegacyAXCodes answers AX bind conflicts with the codes of §16 (X bound
	// to another A: 1016002; A at its maximum of X and no free X: 1012008; an
	// X of another application: 1011004) instead of the documented 1011005,
	// 1011003, 1011002 and 1011001 (1016002 then means this A and this X are
	// already bound to each other).
	LegacyAXCodes bool `json:"legacy_ax_codes"`
	// EmptyFilterMiss answers a filter query that finds nothing (by X, by A,
	// by X with A and B) with success and an empty list, instead of the mode's
	// not-found code.
	EmptyFilterMiss bool `json:"empty_filter_miss"`
	// AXYBGroupRecord answers an AXYB query with a group record (empty numY and
	// numB, the group's subscriptionId) before one record per member, instead
	// of the guide's records: one per member, without subscriptionId, with
	// callDirection, duration and ybDuration as strings.
	AXYBGroupRecord bool `json:"axyb_group_record"`
	// SparseRecords leaves the optional fields that the one public data class
	// of a query item lacks (privateSms, preVoice, lastMinVoice, recordHintTone
	// and the like) out of every query record.
	SparseRecords bool `json:"sparse_records"`
	// NotFoundStatus is the HTTP status of a not-found answer (0: 404).
	NotFoundStatus int `json:"not_found_status"`
	// RateLimitStatus is the HTTP status of a flow-control answer (0: 429).
	RateLimitStatus int `json:"rate_limit_status"`
}

// Validate checks the HTTP statuses; errors name the bad field.
func (d Dialect) Validate() error {
	for name, st := range map[string]int{"not_found_status": d.NotFoundStatus, "rate_limit_status": d.RateLimitStatus} {
		if st != 0 && (st < 200 || st > 599) {
			return fmt.Errorf("dialect.%s: must be an HTTP status between 200 and 599 (0 = default)", name)
		}
	}
	return nil
}

// sparseFields are the query-record fields that SparseRecords leaves out:
// those absent from the public AXB query item class (reference §17).
var sparseFields = []string{
	"privateSms", "preVoice", "lastMinVoice", "recordHintTone", "callbackTone",
	"calleeNumDisplay", "turnFlag", "displayNumMode", "preVoiceX", "preVoiceY", "userData",
}

// statusFor is the HTTP status of an answer with this result code.
func (e *Emulator) statusFor(code string) int {
	switch code {
	case "0":
		return http.StatusOK
	case "1012007", "1016001":
		if e.dialect.NotFoundStatus != 0 {
			return e.dialect.NotFoundStatus
		}
		return http.StatusNotFound
	case "1010010":
		if e.dialect.RateLimitStatus != 0 {
			return e.dialect.RateLimitStatus
		}
		return http.StatusTooManyRequests
	case "1020002", "1010001", "1023001":
		return http.StatusInternalServerError
	}
	return http.StatusForbidden
}

// errBadDigest is the answer to a PasswordDigest that does not verify (or a
// replayed nonce).
func (e *Emulator) errBadDigest() *apiError {
	if e.dialect.LegacyErrorCodes {
		return apiErr("1010005")
	}
	return &apiError{code: "1010010", desc: "Invalid digest.", status: http.StatusUnauthorized}
}

// errAuthHeader is the answer to a missing or malformed auth header; code is
// the result-table code of the current reading (1023006-1023012 for the
// header, 1023033-1023037 for its fields).
func (e *Emulator) errAuthHeader(code string) *apiError {
	if e.dialect.LegacyErrorCodes {
		return apiErr("1010005")
	}
	return &apiError{code: code, desc: descs[code], status: http.StatusBadRequest}
}

// errMethod is the answer to a known path with a wrong HTTP method.
func (e *Emulator) errMethod() *apiError {
	if e.dialect.LegacyErrorCodes {
		return &apiError{code: "1010001", desc: "Method not allowed.", status: http.StatusMethodNotAllowed}
	}
	return &apiError{code: "1010006", desc: "Invalid Rest API.", status: http.StatusMethodNotAllowed}
}

// axCode maps an AX bind conflict to the code of the dialect: documented is
// the code of the AX result table, legacy the code of §16.
func (e *Emulator) axCode(documented, legacy string) *apiError {
	if e.dialect.LegacyAXCodes {
		return apiErr(legacy)
	}
	return apiErr(documented)
}

// filterMiss answers a filter query that found nothing: the mode's not-found
// code, or (EmptyFilterMiss) success with the given empty answer.
func (e *Emulator) filterMiss(notFound string, empty map[string]any) (map[string]any, *apiError) {
	if e.dialect.EmptyFilterMiss {
		return empty, nil
	}
	return nil, apiErr(notFound)
}

// sparse drops the optional fields of a query record under SparseRecords.
func (e *Emulator) sparse(r map[string]any) map[string]any {
	if e.dialect.SparseRecords {
		for _, k := range sparseFields {
			delete(r, k)
		}
	}
	return r
}
