package provider

import (
	"errors"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/privnum/terraform-provider-privatenumber/internal/client"
)

// codeHints are explanations, in the user's terms, of result codes whose meaning
// depends on what was being done (e.g. 1012010 on an AXB bind names the numbers).
type codeHints map[string]string

// addPlatformError is the one place where client errors become diagnostics:
// a summary in the user's terms, what to do about it, and the platform's
// result code and description.
func addPlatformError(diags *diag.Diagnostics, action string, err error, hints codeHints) {
	diags.AddError("Could not "+action, platformErrorDetail(err, hints))
}

func platformErrorDetail(err error, hints codeHints) string {
	var b strings.Builder
	var perr *client.Error
	hasCode := errors.As(err, &perr)
	if hasCode {
		if h, ok := hints[perr.ResultCode]; ok && h != "" {
			b.WriteString(h)
			b.WriteString("\n\n")
		}
	}
	switch {
	case client.IsUnknownOutcome(err):
		b.WriteString("The request may or may not have been applied by the platform (the answer was lost). ")
	case client.IsClockSkew(err):
		b.WriteString("The platform refused the request's timestamp: this machine's clock differs from the platform's by more than the allowed window (about 5 minutes). Synchronise the clock (NTP) and run again. ")
	case client.IsLockedOut(err):
		b.WriteString("The platform has locked this client address out after too many authentication failures (for about 30 minutes). Check app_key and app_secret before trying again; retrying now only extends the lock. ")
	case client.IsBadDigest(err):
		b.WriteString("The platform refused the request's signature (PasswordDigest): app_secret (or " + EnvAppSecret + ") is wrong, or this machine's clock is wrong (the signature covers the time). " +
			"It was sent once and not retried: repeated authentication failures lock this address out for about 30 minutes. ")
	case client.IsWrongAddress(err):
		b.WriteString("The answer did not come from the platform's API: the endpoint (the application's access address) or the API path looks wrong, or a proxy answered. Nothing was changed, and the state is as it was. ")
	case client.IsAuth(err):
		b.WriteString("The platform did not accept the credentials. Check app_key and app_secret (or " + EnvAppKey + " / " + EnvAppSecret + ") and the endpoint: each application has its own access address. ")
	case client.IsWrongMode(err):
		b.WriteString("This application is not allowed this operation: each application has exactly one mode (AX, AXB, AXE or AXYB). Configure this resource with a provider alias whose app_key belongs to an application of the right mode. ")
	case client.IsRateLimited(err):
		b.WriteString("The platform's flow control still refused the request after the configured retries (the provider slows down by itself when refused). Set requests_per_second to a fixed rate below the application's quota, or lower the engine's -parallelism, or raise max_retries, and run again: nothing is lost. ")
	case client.IsNotOwned(err):
		b.WriteString("The number is not one of this application's numbers (or it was released). Use a number listed for the application in the console, or use area_code to let the platform choose. ")
	case client.IsExhausted(err):
		b.WriteString("The platform has no free number for this request. ")
	case client.IsConflict(err):
		b.WriteString("The platform already has a binding that conflicts with this one. ")
	case client.IsInvalidRequest(err):
		b.WriteString("The platform refused a parameter. Playback files must be uploaded and approved in the console before they can be used. ")
	case client.IsNotFound(err):
		b.WriteString("The platform has no such binding: it was unbound elsewhere or it expired. Nothing was changed on the platform; " +
			"the next plan finds the binding gone (refresh) and proposes creating it again. ")
	}
	if hasCode {
		fmt.Fprintf(&b, "\n\nPlatform answer: result code %s (%s), HTTP %d, operation %s.", perr.ResultCode, strings.TrimSpace(perr.ResultDesc), perr.HTTPStatus, perr.Operation)
		if perr.Endpoint != "" {
			fmt.Fprintf(&b, " Request: %s%s.", perr.Endpoint, perr.Path)
		}
		if h := perr.Hint(); h != "" {
			fmt.Fprintf(&b, " (%s)", h)
		}
	} else {
		fmt.Fprintf(&b, "\n\nError: %v", err)
	}
	return strings.TrimSpace(b.String())
}
