package provider

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/privnum/terraform-provider-privatenumber/internal/client"
)

// What Create does when a bind's answer is lost (client.IsUnknownOutcome):
// the natural key of an AXB binding is X + A + B, so with a known X the
// binding is looked up (relationNum + callerNum + calleeNum) and adopted when
// it exists; the bind is sent again only when the lookup shows it surely does
// not exist (up to maxBindSends sends; a conflict on a re-send adopts the
// binding of an earlier send that was applied late). With area_code the X is the platform's choice and AXB
// cannot be queried by A alone: the bind is never sent again, and the error
// says a binding may exist and how to find it.

// axbMayExistError reports a bind whose outcome stayed unknown.
type axbMayExistError struct {
	req      client.AXBBindRequest
	sentAt   time.Time
	cause    error // the unknown-outcome error
	queryErr error // the lookup that could not settle it, if any
	sends    int   // how often the bind was sent
}

func (e *axbMayExistError) Error() string {
	return fmt.Sprintf("AXB.bind: the binding may exist: %v", e.cause)
}

func (e *axbMayExistError) Unwrap() error { return e.cause }

// axbBind binds, settling an unknown outcome as described above.
func axbBind(ctx context.Context, c client.API, req client.AXBBindRequest) (*client.AXBBindResult, error) {
	for sends := 1; ; sends++ {
		sentAt := time.Now().UTC()
		res, err := c.BindAXB(ctx, req)
		if sends > 1 && req.XNumber != "" && client.IsConflict(err) {
			// An earlier send whose answer was lost may have been applied
			// after the lookup (a slow platform): adopt it rather than fail
			// and leave it behind.
			if found, qerr := axbFindExisting(ctx, c, req); qerr == nil && found != nil {
				tflog.Debug(ctx, "AXB re-sent bind conflicts with the binding of an earlier send; adopting it", map[string]any{"id": found.SubscriptionID})
				return &client.AXBBindResult{SubscriptionID: found.SubscriptionID, XNumber: found.XNumber, ANumber: found.ANumber, BNumber: found.BNumber}, nil
			}
		}
		if err == nil || !client.IsUnknownOutcome(err) {
			return res, err
		}
		if req.XNumber == "" {
			tflog.Debug(ctx, "AXB bind outcome unknown with area_code: not sending it again", map[string]any{"area_code": req.AreaCode})
			return nil, &axbMayExistError{req: req, sentAt: sentAt, cause: err}
		}
		found, qerr := axbFindExisting(ctx, c, req)
		if qerr != nil {
			return nil, &axbMayExistError{req: req, sentAt: sentAt, cause: err, queryErr: qerr}
		}
		if found != nil {
			tflog.Debug(ctx, "AXB bind outcome unknown; adopting the binding the lookup found", map[string]any{"id": found.SubscriptionID})
			return &client.AXBBindResult{SubscriptionID: found.SubscriptionID, XNumber: found.XNumber, ANumber: found.ANumber, BNumber: found.BNumber}, nil
		}
		if sends >= maxBindSends {
			return nil, &axbMayExistError{req: req, sentAt: sentAt, cause: err, sends: sends}
		}
		tflog.Debug(ctx, "AXB bind outcome unknown and the lookup found no binding; sending it once more")
	}
}

// axbFindExisting looks the binding of req up by its natural key X + A + B;
// nil when there is none.
func axbFindExisting(ctx context.Context, c client.API, req client.AXBBindRequest) (*client.AXBBinding, error) {
	return axbFindByNumbers(ctx, c, req.XNumber, req.ANumber, req.BNumber)
}

// axbFindByNumbers queries relationNum + callerNum + calleeNum and returns
// the binding of exactly that A and B on X, or nil.
func axbFindByNumbers(ctx context.Context, c client.API, x, a, b string) (*client.AXBBinding, error) {
	page, err := c.QueryAXB(ctx, client.AXBQuery{XNumber: x, ANumber: a, BNumber: b})
	if client.IsNotFound(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	for i := range page.Bindings {
		got := page.Bindings[i]
		if got.ANumber == a && got.BNumber == b && (got.XNumber == "" || got.XNumber == x) {
			if got.XNumber == "" {
				got.XNumber = x
			}
			return &got, nil
		}
	}
	return nil, nil
}

// axbAddBindError turns a failed bind into a diagnostic in the user's terms.
func axbAddBindError(diags *diag.Diagnostics, req client.AXBBindRequest, err error) {
	var may *axbMayExistError
	if errors.As(err, &may) {
		diags.AddError("The AXB binding may exist", may.detail())
		return
	}
	addPlatformError(diags, "create the AXB binding", err, axbBindHints(req))
}

func (e *axbMayExistError) detail() string {
	r := e.req
	when := e.sentAt.Format(time.RFC3339)
	if r.XNumber == "" {
		mode := "strict"
		if r.AreaMatchMode == client.AreaMatchFallback {
			mode = "fallback"
		}
		return fmt.Sprintf("The bind request for a_number %s and b_number %s in area_code %s (area_match_mode %s) was sent at %s, "+
			"but its answer was lost: the platform may have created the binding on an X it picked. "+
			"AXB bindings cannot be looked up by a_number alone, so the provider did not send the request again (that could create a second binding).\n\n"+
			"To find it: list the bindings on each of the application's X numbers in area %s with the data source privatenumber_axb_bindings "+
			"(x_number = that X, a_number = %q), or look in the console (binding details of the application's numbers). "+
			"If it exists, import it (terraform import <address> X/%s/%s) or unbind it; then apply again.\n\nCause: %v",
			r.ANumber, r.BNumber, r.AreaCode, mode, when, r.AreaCode, r.ANumber, r.ANumber, r.BNumber, e.cause)
	}
	lookup := fmt.Sprintf("the lookup by X, A and B found no binding, and the request was already sent %d times", e.sends)
	if e.queryErr != nil {
		lookup = fmt.Sprintf("looking it up by X, A and B failed too: %v", e.queryErr)
	}
	return fmt.Sprintf("The bind request for a_number %s and b_number %s on x_number %s was sent at %s, but its answer was lost, and %s. "+
		"The binding may exist; the provider did not send the request again.\n\n"+
		"To find it: the data source privatenumber_axb_binding with x_number, a_number and b_number, or the console. "+
		"If it exists, import it (terraform import <address> %s/%s/%s); otherwise apply again.\n\nCause: %v",
		r.ANumber, r.BNumber, r.XNumber, when, lookup, r.XNumber, r.ANumber, r.BNumber, e.cause)
}

// axbBindHints explain the bind's result codes with the numbers involved.
func axbBindHints(r client.AXBBindRequest) codeHints {
	h := codeHints{
		"1010002": "The platform refused a parameter. Playback files (record_hint_tone, last_minute_tone, a_hint_tone, b_hint_tone) must be uploaded and approved in the console before a binding can use them.",
	}
	if r.XNumber != "" {
		h["1012010"] = fmt.Sprintf("X %s already carries a_number %s or b_number %s in another binding; AXB allows each number once per X. "+
			"Use another x_number (or area_code), or remove the other binding first.", r.XNumber, r.ANumber, r.BNumber)
		h["1012008"] = fmt.Sprintf("X %s is full: it already carries the maximum of 5000 pairs. Use another x_number or area_code.", r.XNumber)
		h["1012001"] = fmt.Sprintf("X %s is not one of this application's numbers (or it was released). "+
			"Use a number listed for the application in the console, or area_code to let the platform pick one.", r.XNumber)
		h["1012102"] = fmt.Sprintf("X %s is blocked by the platform (complaints, arrears or a failed real-name check). Use another x_number.", r.XNumber)
	} else {
		h["1012008"] = fmt.Sprintf("Area %s has no free number of the application that can carry both a_number %s and b_number %s "+
			"(AXB allows each number once per X). Set area_match_mode = \"fallback\" to accept a number of another area, use another area_code, "+
			"or add numbers to the application.", r.AreaCode, r.ANumber, r.BNumber)
		h["1012010"] = fmt.Sprintf("The X picked in area %s already carries a_number %s or b_number %s; AXB allows each number once per X. "+
			"Use another area_code or an x_number that carries neither.", r.AreaCode, r.ANumber, r.BNumber)
	}
	return h
}
