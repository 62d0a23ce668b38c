package provider

// The binding lifecycle that every mode's resource shares: settling a bind
// whose answer was lost, the "may exist" error, operation timeouts, the
// read-back warning and the handling of a binding that is gone. Each mode
// keeps its own explicit resource; these helpers only make the steps that
// are the same in every mode the same by construction (DESIGN.md, "Adding a
// mode or an attribute").

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/privnum/terraform-provider-privatenumber/internal/client"
)

// defaultTimeout is every operation's time limit when the timeouts block does not set one.
const defaultTimeout = 5 * time.Minute

// Log keys, the same in every mode. Numbers are logged masked (client.MaskNumber), never in full.
const (
	logID      = "id"       // the binding's (or group's) subscriptionId
	logXNumber = "x_number" // masked
	logSends   = "sends"    // how often a bind was sent
	logError   = "error"
)

// opTimeout is ctx limited by the timeouts block's value for op ("create",
// "update", "delete"), defaultTimeout when unset.
func opTimeout(ctx context.Context, t timeouts.Value, op string) (context.Context, context.CancelFunc, diag.Diagnostics) {
	return opTimeoutOr(ctx, t, op, defaultTimeout)
}

// opTimeoutOr is opTimeout with another default: a resource whose one
// operation sends thousands of requests (the AXB pool) needs more than a
// single binding's five minutes.
func opTimeoutOr(ctx context.Context, t timeouts.Value, op string, defaultTimeout time.Duration) (context.Context, context.CancelFunc, diag.Diagnostics) {
	var (
		d     time.Duration
		diags diag.Diagnostics
	)
	switch op {
	case "create":
		d, diags = t.Create(ctx, defaultTimeout)
	case "update":
		d, diags = t.Update(ctx, defaultTimeout)
	default:
		d, diags = t.Delete(ctx, defaultTimeout)
	}
	if diags.HasError() {
		return ctx, func() {}, diags
	}
	ctx, cancel := context.WithTimeout(ctx, d)
	return ctx, cancel, diags
}

// removeGone drops a binding that the platform no longer has from the state,
// with a warning saying whether it expired (its expires_at, as the state
// holds it, has passed by the platform's clock) or was unbound elsewhere, and
// that the next apply creates it again. Callers decide that it is gone (the
// platform's own not-found answer); this only says so.
func removeGone(ctx context.Context, resp *resource.ReadResponse, c client.API, noun, id string, expires types.String) {
	now, _ := c.PlatformNow() // the not-found answer carried the platform's Date
	why := goneReason(now, expires)
	tflog.Debug(ctx, "the "+noun+" no longer exists on the platform; removing it from the state", map[string]any{logID: id, "reason": why})
	resp.Diagnostics.AddWarning(goneSummary(noun, why), goneDetail(noun, id, why, expires))
	resp.State.RemoveResource(ctx)
}

// Why a binding is gone.
const (
	goneExpired   = "expired"
	goneElsewhere = "unbound elsewhere"
)

// goneReason is goneExpired when expires (RFC 3339) is at or before now, the
// platform's time; the platform's Date header counts whole seconds, so a
// second's margin keeps a binding that ended just now from reading as
// unbound elsewhere.
func goneReason(now time.Time, expires types.String) string {
	if expires.IsNull() || expires.IsUnknown() {
		return goneElsewhere
	}
	t, err := time.Parse(time.RFC3339, expires.ValueString())
	if err != nil || t.After(now.Add(time.Second)) {
		return goneElsewhere
	}
	return goneExpired
}

func goneSummary(noun, why string) string {
	if why == goneExpired {
		return "The " + noun + " has expired"
	}
	return "The " + noun + " was unbound outside Terraform"
}

func goneDetail(noun, id, why string, expires types.String) string {
	var cause string
	switch {
	case why == goneExpired:
		cause = fmt.Sprintf("its lifetime ended at %s (expires_at), and the platform unbound it", expires.ValueString())
	case expires.IsNull() || expires.IsUnknown():
		cause = "it had no end time, so it was unbound elsewhere: in the console, by another configuration or by your application's own API calls"
	default:
		cause = fmt.Sprintf("its lifetime had not ended (expires_at %s), so it was unbound elsewhere: in the console, by another configuration or by your application's own API calls", expires.ValueString())
	}
	if noun == "AXYB member" {
		cause += " (or its group ended)"
	}
	return fmt.Sprintf("The platform no longer has the %s %s: %s. It has been removed from the state, and the next apply will create it again "+
		"(with a new id, and an X the platform may choose anew when x_number is not set). "+
		"If it should stay gone, remove it from the configuration.", noun, id, cause)
}

// deleteBinding is every resource's Delete after reading the state: unbind
// within the timeouts block's limit; a binding the platform no longer has is
// a success. what names it in a failure ("AX binding 0123…").
func deleteBinding(ctx context.Context, t timeouts.Value, what, id string, diags *diag.Diagnostics, unbind func(context.Context) error) {
	ctx, cancel, d := opTimeout(ctx, t, "delete")
	defer cancel()
	if diags.Append(d...); diags.HasError() {
		return
	}
	err := unbind(ctx)
	if client.IsNotFound(err) {
		tflog.Debug(ctx, "the "+what+" was already gone from the platform", map[string]any{logID: id})
		return
	}
	if err != nil {
		addPlatformError(diags, "delete the "+what, err, nil)
	}
}

// addReadBackWarning is the one diagnostic for a read-back that failed
// after a successful bind or modify: the change is made and tracked, kept
// says what the state holds instead of the platform's values, and the next
// refresh reads it again.
func addReadBackWarning(diags *diag.Diagnostics, noun, id, done, kept string, err error) {
	diags.AddWarning("Could not read the "+noun+" back",
		fmt.Sprintf("The %s %s was %s, but reading it back failed, so %s. Nothing needs to be done: the next refresh reads it again.\n\n%s",
			noun, id, done, kept, platformErrorDetail(err, nil)))
}

// found is what a lookup by the natural key learned about a bind whose
// answer was lost: the binding to adopt, or that it surely does not exist
// (Absent: the bind may be sent again), or neither (Why says why not).
type found[R any] struct {
	Binding *R
	Absent  bool
	Why     string
	// ID and BoundAt describe Binding for the "already exists" error and the
	// adoption warning; lookupBy fills them from the record (recordFacts).
	ID      string
	BoundAt time.Time // the platform's subscribeTime; zero where the record has none
}

// bindSettler describes one mode's bind for settleBind.
type bindSettler[R any] struct {
	// send sends the bind once.
	send func(context.Context) (*R, error)
	// lookup finds the binding by its natural key; nil when the mode cannot
	// look it up (X picked by the platform by area code, AXYB group).
	lookup func(context.Context) (found[R], error)
	// may fills in the "may exist" error's description of the bind.
	may mayExistError
}

// lookupBy adapts a lookup that returns the binding, or nil when it surely
// does not exist, to bindSettler.lookup; conv turns the record into the bind's result.
func lookupBy[R, B any](find func(context.Context) (*B, error), conv func(*B) *R) func(context.Context) (found[R], error) {
	return func(ctx context.Context) (found[R], error) {
		got, err := find(ctx)
		if err != nil || got == nil {
			return found[R]{Absent: err == nil}, err
		}
		id, at := recordFacts(got)
		return found[R]{Binding: conv(got), ID: id, BoundAt: at}, nil
	}
}

// settleBind sends a bind and settles a lost answer (client.IsUnknownOutcome)
// by the natural key: adopt the binding when the lookup finds it; send
// again only when the lookup surely shows it absent, at most maxBindSends
// sends; a re-send that meets a conflict means an earlier send was applied
// late, so look up and adopt. Where no lookup is possible, or the lookup
// cannot tell, stop with *mayExistError and never re-send. Any other
// failure is returned as the platform's error.
func settleBind[R any](ctx context.Context, b bindSettler[R]) (*R, error) {
	for sends := 1; ; sends++ {
		sentAt := time.Now().UTC()
		res, err := b.send(ctx)
		if sends == 1 && client.IsConflict(err) {
			return firstBindConflict(ctx, b, err)
		}
		if sends > 1 && b.lookup != nil && client.IsConflict(err) {
			if f, ferr := b.lookup(ctx); ferr == nil && f.Binding != nil {
				tflog.Debug(ctx, "a re-sent bind conflicts with the binding of an earlier send that was applied late; adopting it", map[string]any{logSends: sends})
				return f.Binding, nil
			}
		}
		if err == nil || !client.IsUnknownOutcome(err) {
			return res, err
		}
		may := b.may
		may.sentAt, may.sends, may.cause = sentAt, sends, err
		if b.lookup == nil {
			return nil, &may
		}
		f, ferr := lookupSettling(ctx, b.lookup)
		switch {
		case ferr != nil:
			may.lookupErr = ferr
			return nil, &may
		case f.Binding != nil:
			tflog.Debug(ctx, "bind answer lost; adopting the binding the lookup by natural key found", map[string]any{logSends: sends})
			return f.Binding, nil
		case !f.Absent:
			may.why = f.Why
			return nil, &may
		case sends >= maxBindSends || ctx.Err() != nil: // interrupted: never send again
			return nil, &may
		}
		tflog.Debug(ctx, "bind answer lost and the lookup by natural key shows no binding; sending the bind once more", map[string]any{logSends: sends})
	}
}

// settleAfterCancel bounds the lookup that settles a bind whose apply was
// interrupted (SIGINT or SIGTERM, or the create time-out) after the bind was sent.
const settleAfterCancel = 30 * time.Second

// lookupSettling runs the lookup of a bind whose answer was lost. When ctx
// is already done (the apply was interrupted while the bind was in flight),
// the lookup runs detached from it, within settleAfterCancel, so that a
// binding the platform made is still adopted and saved in the state rather
// than left behind; the bind itself is never sent again then.
func lookupSettling[R any](ctx context.Context, lookup func(context.Context) (found[R], error)) (found[R], error) {
	if ctx.Err() == nil {
		return lookup(ctx)
	}
	lctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), settleAfterCancel)
	defer cancel()
	tflog.Debug(ctx, "the apply was interrupted while a bind was in flight; looking it up by its natural key before stopping")
	return lookup(lctx)
}

// mayExistError is the one error of every mode for a bind whose outcome
// stayed unknown: the platform may hold a binding that no state tracks.
type mayExistError struct {
	noun      string // "AXB binding", "AXYB group", ...
	subject   string // the numbers: "a_number +86… on x_number +86…"
	noLookup  string // why the mode cannot look it up (lookup == nil), e.g. "the platform was to pick X in area 010, and …"
	find      string // how the user finds it
	importID  string // the import ID to give, as the user writes it
	sentAt    time.Time
	sends     int
	why       string // the lookup could not tell
	lookupErr error  // the lookup failed
	cause     error  // the lost answer
}

func (e *mayExistError) Error() string {
	return fmt.Sprintf("the %s may exist: %v", e.noun, e.cause)
}

func (e *mayExistError) Unwrap() error { return e.cause }

// title is the diagnostic's summary.
func (e *mayExistError) title() string { return "The " + e.noun + " may exist" }

// detail names the numbers, the area or X, the time of the send and how to find the binding.
func (e *mayExistError) detail() string {
	var reason string
	switch {
	case e.noLookup != "" && e.lookupErr == nil && e.why == "":
		reason = e.noLookup + ", so the provider did not send the bind again: that could create a second binding."
	case e.lookupErr != nil:
		reason = fmt.Sprintf("Looking it up by its numbers failed too (%v), so the provider does not send the bind again.", e.lookupErr)
	case e.why != "":
		reason = e.why + " The provider does not send the bind again."
	default:
		reason = fmt.Sprintf("The answer was lost each of the %d times the bind was sent, and each lookup by its numbers found no binding; "+
			"the provider does not send the bind again.", e.sends)
	}
	return fmt.Sprintf("The bind of %s was sent at %s, but its answer was lost, so a binding may exist. %s\n\n"+
		"To find it: %s. If it exists, import it (terraform import <address> %s) or unbind it; then run apply again.\n\nCause: %v",
		e.subject, e.sentAt.Format(time.RFC3339), reason, e.find, e.importID, e.cause)
}

// addBindError turns a failed bind into a diagnostic: the "may exist"
// error, or the platform's error explained with the mode's hints.
func addBindError(diags *diag.Diagnostics, err error, action string, hints codeHints) {
	var (
		may *mayExistError
		ex  *existsError
		ce  *conflictError
	)
	switch {
	case errors.As(err, &may):
		diags.AddError(may.title(), may.detail())
	case errors.As(err, &ex):
		diags.AddError(ex.title(), ex.detail())
	case errors.As(err, &ce):
		diags.AddError("Could not "+action, platformErrorDetail(ce.cause, hints)+ce.hint())
	default:
		addPlatformError(diags, action, err, hints)
	}
}

// areaMatchName is the attribute value of an areaMatchMode code, for messages.
func areaMatchName(code int) string { return areaMatchEnum.fromAPI(code) }

// ------------------------------------------------ a first bind that conflicts

// bindOptions are what settleBind needs from the resource's Create beyond
// the bind: whether the provider adopts an exact match of a conflicting
// first bind (adopt_existing_bindings), and where its warning goes.
type bindOptions struct {
	adopt   bool
	diags   *diag.Diagnostics
	adopted *bool // set when settleBind adopted a binding (adoptedBinding)
}

type bindOptionsKey struct{}

// withBindOptions is called by every resource's Create before it binds: c
// is the resource's client (adoptingClient when adopt_existing_bindings is
// set), diags the response's diagnostics for the adoption warning.
func withBindOptions(ctx context.Context, c client.API, diags *diag.Diagnostics) context.Context {
	a, ok := c.(interface{ adoptsExistingBindings() bool })
	return context.WithValue(ctx, bindOptionsKey{}, bindOptions{adopt: ok && a.adoptsExistingBindings(), diags: diags, adopted: new(bool)})
}

func bindOptionsFrom(ctx context.Context) bindOptions {
	o, _ := ctx.Value(bindOptionsKey{}).(bindOptions)
	return o
}

// firstBindConflict settles a first bind that the platform refused as
// already bound (client.IsConflict). The lookup by the natural key tells an
// exact match (the declared binding exists: usually made by an interrupted
// apply) from a true conflict (another pair on the number: the platform's
// error, unchanged). An exact match is adopted with a warning when the
// provider is set to (adopt_existing_bindings), else it is *existsError.
// Without a lookup, *conflictError adds what to search for.
func firstBindConflict[R any](ctx context.Context, b bindSettler[R], cause error) (*R, error) {
	if b.lookup == nil {
		return nil, &conflictError{may: b.may, cause: cause}
	}
	f, ferr := b.lookup(ctx)
	if ferr != nil || f.Binding == nil {
		if ferr != nil {
			tflog.Debug(ctx, "a first bind conflicts and the lookup by natural key failed; reporting the conflict", map[string]any{logError: ferr.Error()})
		}
		return nil, cause
	}
	if f.ID == "" {
		f.ID, _ = recordFacts(f.Binding)
	}
	ex := &existsError{may: b.may, id: f.ID, boundAt: f.BoundAt, cause: cause}
	if o := bindOptionsFrom(ctx); o.adopt {
		tflog.Info(ctx, "a first bind conflicts with exactly the declared binding; adopting it (adopt_existing_bindings)", map[string]any{logID: f.ID})
		if o.diags != nil {
			o.diags.AddWarning(ex.adoptedTitle(), ex.adoptedDetail())
		}
		if o.adopted != nil {
			*o.adopted = true
		}
		return f.Binding, nil
	}
	return nil, ex
}

// recordFacts is the subscription ID and the platform's subscribeTime (zero
// where the record has none) of a record or bind result of any mode.
func recordFacts(v any) (string, time.Time) {
	switch r := v.(type) {
	case *client.AXBinding:
		return r.SubscriptionID, r.SubscribeTime
	case *client.AXBBinding:
		return r.SubscriptionID, r.SubscribeTime
	case *client.AXEBinding:
		return r.SubscriptionID, time.Time{}
	case *client.AXYBRelation:
		return r.SubscriptionID, r.SubscribeTime
	case *client.AXBindResult:
		return r.SubscriptionID, time.Time{}
	case *client.AXBBindResult:
		return r.SubscriptionID, time.Time{}
	case *client.AXEBindResult:
		return r.SubscriptionID, time.Time{}
	case *axybBound:
		if r.rec != nil {
			return r.rec.SubscriptionID, r.rec.SubscribeTime
		}
	}
	return "", time.Time{}
}

// resourceTypeOf is the resource type of a "may exist" noun, for the import block.
func resourceTypeOf(noun string) string {
	return map[string]string{
		"AX binding": "privatenumber_ax_binding", "AXB binding": "privatenumber_axb_binding", "AXE binding": "privatenumber_axe_binding",
		"AXYB group": "privatenumber_axyb_binding", "AXYB member": "privatenumber_axyb_member",
	}[noun]
}

// existsError: a first bind conflicted, and the lookup by the natural key
// found exactly the declared binding, which no state tracks.
type existsError struct {
	may     mayExistError
	id      string
	boundAt time.Time
	cause   error
}

func (e *existsError) Error() string {
	return fmt.Sprintf("the %s already exists as %s: %v", e.may.noun, e.id, e.cause)
}

func (e *existsError) Unwrap() error { return e.cause }

// importID is what import takes for this binding: the member's
// SUBSCRIPTION_ID/B_NUMBER, else the subscription ID.
func (e *existsError) importID() string {
	if e.may.noun == "AXYB member" {
		return e.may.importID
	}
	return e.id
}

// which names the binding: its numbers, its id and, where the platform says, when it was bound.
func (e *existsError) which() string {
	s := fmt.Sprintf("The %s of %s exists on the platform as id %s", e.may.noun, e.may.subject, e.importID())
	if !e.boundAt.IsZero() {
		s += fmt.Sprintf(", bound at %s", e.boundAt.UTC().Format(time.RFC3339))
	}
	return s
}

func (e *existsError) title() string { return "The " + e.may.noun + " already exists" }

func (e *existsError) detail() string {
	typ, id := resourceTypeOf(e.may.noun), e.importID()
	return fmt.Sprintf("%s, exactly as declared. If another resource of this configuration declares the same binding, remove one of the two. "+
		"Otherwise the usual cause is an interrupted apply: the run that made it was stopped before it saved the state.\n\n"+
		"To adopt it, add this import block (to = the address of this resource, shown with this error), then run apply again:\n\n"+
		"import {\n  to = %s.<name>\n  id = %q\n}\n\n"+
		"or run: terraform import <address of this resource> %s\n\n"+
		"To adopt such bindings on create without this error, set adopt_existing_bindings = true in the provider "+
		"(or %s=true). If another configuration manages this binding, do neither: declare it in one configuration only.\n\nCause: %v",
		e.which(), typ, id, id, EnvAdoptExistingBindings, e.cause)
}

func (e *existsError) adoptedTitle() string { return "Adopted an existing " + e.may.noun }

func (e *existsError) adoptedDetail() string {
	return fmt.Sprintf("%s, exactly as declared (usually made by an interrupted apply), so the provider took it into the state "+
		"instead of binding again (adopt_existing_bindings). If another configuration also declares this binding, both now manage it: "+
		"remove it from one of them.", e.which())
}

// conflictError: a first bind conflicted where the mode cannot look the
// binding up (X picked by the platform by area code, AXYB group). The
// platform's error stands; the detail adds what to search for in case an
// interrupted apply made the binding.
type conflictError struct {
	may   mayExistError
	cause error
}

func (e *conflictError) Error() string { return e.cause.Error() }

func (e *conflictError) Unwrap() error { return e.cause }

func (e *conflictError) hint() string {
	return fmt.Sprintf("\n\nIf an interrupted apply (a run stopped before it saved the state) bound %s already, the provider cannot look it up: %s. "+
		"To find it: %s. If it is the declared one, import it (an import block with to = this resource's address, or "+
		"terraform import <address> %s) or unbind it; then run apply again.",
		e.may.subject, lowerFirst(e.may.noLookup), e.may.find, e.may.importID)
}

func lowerFirst(s string) string {
	if s == "" {
		return "the mode has no lookup by its numbers"
	}
	return strings.ToLower(s[:1]) + s[1:]
}

// adoptedBinding reports whether settleBind adopted an existing binding in
// this Create (adopt_existing_bindings): the platform's settings may differ
// from the plan, so the Create keeps the planned values (keepPlanned) and
// the next refresh shows the difference, which the plan updates or replaces.
func adoptedBinding(ctx context.Context) bool {
	o := bindOptionsFrom(ctx)
	return o.adopted != nil && *o.adopted
}

// keepPlanned overwrites rec (a pointer to a model or record struct) with
// plan's values wherever plan's are known: after an adoption the state
// holds what was planned, and only what the plan left unknown is taken from
// the platform's record. Both must be pointers to the same struct type.
func keepPlanned(rec, plan any) {
	r, p := reflect.ValueOf(rec).Elem(), reflect.ValueOf(plan).Elem()
	for i := 0; i < r.NumField(); i++ {
		v, ok := p.Field(i).Interface().(attr.Value)
		if ok && !v.IsUnknown() && r.Field(i).CanSet() {
			r.Field(i).Set(p.Field(i))
		}
	}
}
