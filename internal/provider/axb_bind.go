package provider

import (
	"context"
	"fmt"

	"github.com/privnum/terraform-provider-privatenumber/internal/client"
)

// axbBind binds and settles a lost answer (settleBind). The natural key of
// an AXB binding is X + A + B: with a known X the binding is looked up by
// relationNum + callerNum + calleeNum. With area_code the X is the platform's
// choice and AXB cannot be queried by A alone: no lookup, never re-sent.
func axbBind(ctx context.Context, c client.API, req client.AXBBindRequest) (*client.AXBBindResult, error) {
	b := bindSettler[client.AXBBindResult]{
		send: func(ctx context.Context) (*client.AXBBindResult, error) { return c.BindAXB(ctx, req) },
		may:  axbMayExist(req),
	}
	if req.XNumber != "" {
		b.lookup = lookupBy(func(ctx context.Context) (*client.AXBBinding, error) { return axbFindExisting(ctx, c, req) },
			func(got *client.AXBBinding) *client.AXBBindResult {
				return &client.AXBBindResult{SubscriptionID: got.SubscriptionID, XNumber: got.XNumber, ANumber: got.ANumber, BNumber: got.BNumber}
			})
	}
	return settleBind(ctx, b)
}

// axbMayExist describes an AXB bind for the "may exist" error.
func axbMayExist(r client.AXBBindRequest) mayExistError {
	m := mayExistError{noun: "AXB binding", importID: "X/" + r.ANumber + "/" + r.BNumber}
	if r.XNumber == "" {
		m.subject = fmt.Sprintf("a_number %s and b_number %s in area_code %s (area_match_mode %s)", r.ANumber, r.BNumber, r.AreaCode, areaMatchName(r.AreaMatchMode))
		m.noLookup = fmt.Sprintf("The platform was to pick X in area %s, and AXB bindings cannot be looked up by a_number alone", r.AreaCode)
		m.find = fmt.Sprintf("list the bindings on each of the application's X numbers in area %s with the data source privatenumber_axb_bindings "+
			"(x_number = that X, a_number = %q), or look in the console (binding details of the application's numbers)", r.AreaCode, r.ANumber)
		return m
	}
	m.subject = fmt.Sprintf("a_number %s and b_number %s on x_number %s", r.ANumber, r.BNumber, r.XNumber)
	m.importID = r.XNumber + "/" + r.ANumber + "/" + r.BNumber
	m.find = "the data source privatenumber_axb_binding with x_number, a_number and b_number, or the console"
	return m
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
