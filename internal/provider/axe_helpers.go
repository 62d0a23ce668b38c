package provider

// AXE helpers shared by the privatenumber_axe_binding resource and the AXE data
// sources: the mapping between platform records and attribute values, the
// result-code hints, the private-state record of what the platform reported at
// bind time, and the lookup used when a bind's answer is lost.

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/privnum/terraform-provider-privatenumber/internal/client"
)

// axeDefaultCallbackLifetimeMinutes is callback_lifetime's default: a
// day, so an A can call back whoever reached them through X + extension today.
// The platform's own default is undocumented, so the provider always sends one.
const axeDefaultCallbackLifetimeMinutes = 1440

// ------------------------------------------------------------ private state

// axePrivateKey is the private-state key of the resource.
const axePrivateKey = "axe"

// axePrivate is what the resource remembers beyond the state: the lifetime the
// platform reported for the binding when it was bound (or first read), which
// the query keeps reporting after a modify changes the lifetime.
//
// HourUnit is true while the binding's lifetimes are kept in hours on the
// platform (timeUnit 0): only for bindings made elsewhere and imported. The
// provider always binds in minutes, and a lifetime update switches the
// binding to minutes (timeUnit 1).
type axePrivate struct {
	ReportedLifetimeMinutes int64 `json:"reported_lifetime_minutes"`
	HourUnit                bool  `json:"hour_unit,omitempty"`
}

// unit is the timeUnit in force on the platform.
func (p axePrivate) unit() int {
	if p.HourUnit {
		return client.TimeUnitHours
	}
	return client.TimeUnitMinutes
}

type axePrivateGetter interface {
	GetKey(ctx context.Context, key string) ([]byte, diag.Diagnostics)
}

type axePrivateSetter interface {
	SetKey(ctx context.Context, key string, value []byte) diag.Diagnostics
}

// axeGetPrivate returns the remembered record, or nil when there is none (import, old state).
func axeGetPrivate(ctx context.Context, p axePrivateGetter, diags *diag.Diagnostics) *axePrivate {
	if p == nil {
		return nil
	}
	raw, d := p.GetKey(ctx, axePrivateKey)
	diags.Append(d...)
	if len(raw) == 0 {
		return nil
	}
	var out axePrivate
	if err := json.Unmarshal(raw, &out); err != nil {
		return nil
	}
	return &out
}

func axeSetPrivate(ctx context.Context, p axePrivateSetter, v axePrivate, diags *diag.Diagnostics) {
	if p == nil {
		return
	}
	raw, _ := json.Marshal(v)
	diags.Append(p.SetKey(ctx, axePrivateKey, raw)...)
}

// axeReconcileLifetime decides lifetime after a read. The platform
// reports the bind-time lifetime even after a modify changed it (§6.3), so
// while it still reports the remembered bind-time value, the state's value
// (what the last apply set) stands; any other value is taken from the
// platform (the binding was changed or re-created elsewhere) and remembered.
func axeReconcileLifetime(state types.String, reported int64, priv axePrivate, known bool) (types.String, axePrivate) {
	if known && priv.ReportedLifetimeMinutes == reported && !state.IsNull() && !state.IsUnknown() {
		return state, priv
	}
	priv.ReportedLifetimeMinutes = reported
	return durationValue(minutes(reported), state), priv
}

// ------------------------------------------------------------------ hints

// axeDigitsHint is what an X holds for the application's extension length.
func axeDigitsHint(digits int) string {
	caps := map[int]string{1: "9", 2: "99", 3: "999", 4: "9999"}
	if c, ok := caps[digits]; ok {
		return fmt.Sprintf("This application's extensions have %d digit(s), so one X holds at most %s bindings", digits, c)
	}
	return "One X holds at most 9, 99, 999 or 9999 bindings for an application whose extensions have 1, 2, 3 or 4 digits"
}

// axeBindHints explains the codes of an AXE bind in the user's terms.
// digits is the application's extension length when known (0 otherwise).
func axeBindHints(req client.AXEBindRequest, digits int) codeHints {
	x := req.XNumber
	where := "X " + x
	if x == "" {
		where = "the X numbers of area " + req.AreaCode
	}
	h := codeHints{
		"1020167": fmt.Sprintf("%s has no free extension. %s (about 200 A per X is recommended). "+
			"Use another x_number, or area_code to let the platform pick an X with room; or remove bindings you no longer need from %s.",
			where, axeDigitsHint(digits), where),
		"1011004": fmt.Sprintf("X %s is not one of this application's numbers (or it was released). Use an X listed for the application in the console, or area_code.", x),
		"1012008": fmt.Sprintf("The application has no X in area %s with room for %s. Use area_match_mode = \"fallback\" to accept an X of another area, or x_number.", req.AreaCode, req.ANumber),
		"1010002": "The platform refused a parameter. An extension must have exactly as many digits as the application's extension length (set when the application was created), " +
			"and tone files must be uploaded and approved in the console.",
	}
	if req.Extension != "" {
		h["1016002"] = fmt.Sprintf("Extension %s on X %s is already taken, or %s is already bound on X %s (each A once per X). "+
			"Request another extension, or leave extension out to have a free one assigned; to manage the existing binding, import it with its ID or as %s/%s.",
			req.Extension, x, req.ANumber, x, x, req.Extension)
	} else {
		h["1016002"] = fmt.Sprintf("%s is already bound on %s: AXE allows each A once per X. Use another x_number, or import the existing binding (by its ID, or as X_NUMBER/EXTENSION).", req.ANumber, where)
	}
	return h
}

// axeModifyHints explains the codes of an AXE modify.
func axeModifyHints(id string) codeHints {
	return codeHints{
		"1016001": fmt.Sprintf("Binding %s no longer exists on the platform (unbound elsewhere or expired). Run plan again: it will be created anew.", id),
		"1010002": "The platform refused a parameter. callback_tone and callback_number cannot both be set; tone files must be uploaded and approved in the console.",
	}
}

// axeExtensionDigits learns the application's extension length from a binding
// already on x (one small query), or returns 0.
func axeExtensionDigits(ctx context.Context, c client.API, x string) int {
	if x == "" {
		return 0
	}
	p, err := c.QueryAXEPage(ctx, client.AXEListQuery{XNumber: x, Limit: 1})
	if err != nil || p == nil || len(p.Bindings) == 0 {
		return 0
	}
	return len(p.Bindings[0].Extension)
}

// ------------------------------------------------------- unknown outcome

// axeFindExisting looks for the binding a bind whose answer was lost may have
// made, by the natural key: X + extension when the extension was requested
// (query v1.0; adopted when its A is this A), else every binding on X
// (query v2.0; the one whose A is this A). It returns the binding, or nil
// when it surely does not exist. With only an area code the platform cannot
// be asked (an error; axeBind does not look up then).
func axeFindExisting(ctx context.Context, c client.API, req client.AXEBindRequest) (*client.AXEBinding, error) {
	switch {
	case req.XNumber != "" && req.Extension != "":
		b, err := c.QueryAXE(ctx, client.AXEQuery{XNumber: req.XNumber, Extension: req.Extension})
		if client.IsNotFound(err) {
			return nil, nil
		}
		if err != nil {
			return nil, err
		}
		if b.ANumber == req.ANumber {
			return b, nil
		}
		return nil, nil // the extension belongs to another A: our bind did not take effect
	case req.XNumber != "":
		all, err := c.ListAXE(ctx, req.XNumber)
		if err != nil {
			return nil, err
		}
		for i := range all {
			if all[i].ANumber == req.ANumber {
				return &all[i], nil
			}
		}
		return nil, nil
	default:
		return nil, errors.New("an AXE binding cannot be looked up by A alone: the lookup needs its X")
	}
}

// axeMayExist describes an AXE bind for the "may exist" error.
func axeMayExist(req client.AXEBindRequest) mayExistError {
	m := mayExistError{noun: "AXE binding", importID: "X_NUMBER/EXTENSION"}
	if req.XNumber == "" {
		m.subject = fmt.Sprintf("a_number %s in area_code %s (area_match_mode %s)", req.ANumber, req.AreaCode, areaMatchName(req.AreaMatchMode))
		m.noLookup = fmt.Sprintf("The platform was to pick X in area %s, and AXE bindings cannot be looked up by a_number alone", req.AreaCode)
		m.find = fmt.Sprintf("list the bindings on each of the application's X numbers in area %s with the data source privatenumber_axe_bindings "+
			"(x_number = that X), or in the console, and look for a_number %s", req.AreaCode, req.ANumber)
		return m
	}
	m.subject = fmt.Sprintf("a_number %s on x_number %s", req.ANumber, req.XNumber)
	if req.Extension != "" {
		m.subject += " with extension " + req.Extension
		m.importID = req.XNumber + "/" + req.Extension
	}
	m.find = fmt.Sprintf("the data source privatenumber_axe_bindings with x_number = %q (look for a_number %s), or the console", req.XNumber, req.ANumber)
	return m
}

// axeBindingFromRequest is the record a bind made, from its request and
// answer: the state's values when the read-back failed.
func axeBindingFromRequest(breq client.AXEBindRequest, id *client.AXEBindResult) *client.AXEBinding {
	return &client.AXEBinding{
		SubscriptionID: id.SubscriptionID, XNumber: id.XNumber, Extension: id.Extension, ANumber: breq.ANumber,
		DisplayNumMode: breq.DisplayNumMode, RecordFlag: breq.RecordFlag, RecordHintTone: breq.RecordHintTone,
		CallbackTone: breq.CallbackTone, CallbackNumber: breq.CallbackNumber, TimeUnit: breq.TimeUnit,
		BindExpiredTime: breq.BindExpiredTime, CallbackExpiredTime: breq.CallbackExpiredTime, UserData: breq.UserData,
	}
}
