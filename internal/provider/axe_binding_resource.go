package provider

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/privnum/terraform-provider-privatenumber/internal/client"
)

func newAXEBindingResource() resource.Resource { return &axeBindingResource{} }

type axeBindingResource struct{ resourceBase }

// axeBindingModel is the resource's state: the platform's record (axeRecord,
// axe_record.go) plus what only the configuration and this provider know.
type axeBindingModel struct {
	axeRecord
	AreaCode      types.String   `tfsdk:"area_code"`
	AreaMatchMode types.String   `tfsdk:"area_match_mode"`
	ExpiresAt     types.String   `tfsdk:"expires_at"`
	RenewBefore   types.String   `tfsdk:"renew_before"`
	Timeouts      timeouts.Value `tfsdk:"timeouts"`
}

func (r *axeBindingResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_axe_binding"
}

func (r *axeBindingResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		Version: 1, // 1: lifetimes as durations (0: lifetime_minutes, callback_lifetime_minutes); UpgradeState
		Description: "An AXE binding: one X number shared by many A numbers, each behind its own extension. " +
			"Callers dial X and then the extension to reach A; when A dials X, A is called back to the last person who reached A this way. " +
			"Needs an application in AXE mode.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed:      true,
				Description:   "The binding's subscription ID (`subscriptionId`). Import by this ID or by `X_NUMBER/EXTENSION`.",
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"a_number": schema.StringAttribute{
				Required: true,
				Description: "The real number reached through X and the extension (`bindNum`), in global format such as `+8613800000001`. " +
					"Each A can be bound once per X. Changing it replaces the binding (the extension may change unless it is set).",
				Validators:    []validator.String{phoneNumberRule},
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"x_number": schema.StringAttribute{
				Optional: true,
				Computed: true,
				Description: "The shared privacy number (`virtualNum`), one of the application's numbers. Set exactly one of `x_number` and `area_code`; " +
					"with `area_code` the platform picks X and this attribute holds it. Writing the picked X here in place of `area_code` changes nothing; " +
					"changing it to another number replaces the binding.",
				Validators: []validator.String{phoneNumberRule},
				PlanModifiers: []planmodifier.String{
					stringplanmodifier.UseStateForUnknown(),
					replaceIfConfiguredChange(),
				},
			},
			"area_code": schema.StringAttribute{
				Optional: true,
				Description: "City code with its leading 0 (`areaCode`), such as `0755`: the platform picks an X of that city with a free extension. " +
					"Set exactly one of `x_number` and `area_code`. Only used when binding: removing it (for instance after writing the picked X into `x_number`) changes nothing; " +
					"changing it to another city replaces the binding. The platform does not report it, so it is null after import.",
				Validators: []validator.String{areaCodeRule},
				PlanModifiers: []planmodifier.String{
					replaceIfConfiguredChange(),
				},
			},
			"area_match_mode": schema.StringAttribute{
				Optional: true,
				Computed: true,
				Default:  stringdefault.StaticString(defaultAreaMatch),
				Description: "How `area_code` is matched (`areaMatchMode`): `strict` (default, `0`) fails when the city has no X with a free extension; " +
					"`fallback` (`1`) accepts an X of another city. Only allowed with `area_code`. Changing it while `area_code` is set replaces the binding; " +
					"otherwise it is only recorded.",
				Validators: []validator.String{stringvalidator.OneOf(areaMatchEnum.values()...)},
				PlanModifiers: []planmodifier.String{
					replaceIfAreaMatchChanges(),
				},
			},
			"extension": schema.StringAttribute{
				Optional: true,
				Computed: true,
				Description: "The extension callers dial after X to reach A (`extendNum`): 1 to 4 digits, exactly as many as the application's extension length " +
					"(e.g. `007` for 3 digits). A requested extension is honoured only with `x_number`; leave it out to have a free one assigned, which then stays " +
					"stable. Changing a configured extension replaces the binding.",
				Validators: []validator.String{extensionRule},
				PlanModifiers: []planmodifier.String{
					stringplanmodifier.UseStateForUnknown(),
					replaceIfConfiguredChange(),
				},
			},
			"caller_id_to_a": schema.StringAttribute{
				Optional: true,
				Computed: true,
				Default:  stringdefault.StaticString(callerIDEnum.values()[0]),
				Description: "What A sees as the caller when someone calls through X (`displayNumMode`): `x_number` (default, `0`) or `real_caller` (`1`). " +
					"Changing it replaces the binding.",
				Validators:    []validator.String{stringvalidator.OneOf(callerIDEnum.values()...)},
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"record_calls": schema.BoolAttribute{
				Optional:    true,
				Computed:    true,
				Default:     booldefault.StaticBool(false),
				Description: "Whether calls are recorded (`recordFlag`; recording must be enabled for the application). Default `false`. Updates in place.",
			},
			"record_hint_tone": schema.StringAttribute{
				Optional: true,
				Description: "Playback file announcing the recording (`recordHintTone`), uploaded and approved in the console; meaningful with `record_calls`. " +
					"Changing it updates in place; removing it replaces the binding (the platform cannot clear it).",
				Validators: []validator.String{toneFileRule},
				PlanModifiers: []planmodifier.String{
					stringplanmodifier.RequiresReplaceIf(axeReplaceIfRemoved(""),
						"Replaces when removed.", "Replaces when removed."),
				},
			},
			"callback_tone": schema.StringAttribute{
				Optional: true,
				Description: "Playback file played when A dials X and nobody called A recently (`callbackTone`). At most one of `callback_tone` and `callback_number`. " +
					"Changing it, or switching to `callback_number`, updates in place; removing both replaces the binding (the platform cannot clear them).",
				Validators: []validator.String{toneFileRule},
				PlanModifiers: []planmodifier.String{
					stringplanmodifier.RequiresReplaceIf(axeReplaceIfRemoved("callback_number"),
						"Replaces when removed without setting callback_number.", "Replaces when removed without setting callback_number."),
				},
			},
			"callback_number": schema.StringAttribute{
				Optional: true,
				Description: "Number A is forwarded to when A dials X and nobody called A recently (`callbackNum`), in global format. At most one of `callback_tone` and `callback_number`. " +
					"Changing it, or switching to `callback_tone`, updates in place; removing both replaces the binding.",
				Validators: []validator.String{phoneNumberRule},
				PlanModifiers: []planmodifier.String{
					stringplanmodifier.RequiresReplaceIf(axeReplaceIfRemoved("callback_tone"),
						"Replaces when removed without setting callback_tone.", "Replaces when removed without setting callback_tone."),
				},
			},
			"lifetime": schema.StringAttribute{
				Optional: true,
				Computed: true,
				Default:  stringdefault.StaticString("0s"),
				Description: "How long the binding lives before the platform unbinds it, as a duration in whole minutes such as `\"720h\"` or `\"90m\"` " +
					"(`bindExpiredTime`, sent in minutes with `timeUnit` = `1`; `\"90s\"` is refused). " +
					"`\"0s\"` (default) = permanent. Updates in place; a change restarts the lifetime from the time of the update, and writing the same length another way sends nothing. " +
					"The platform's query keeps reporting the bind-time value after any modify, so a lifetime changed elsewhere by a modify cannot be seen. " +
					"Replaces `lifetime_minutes` of 0.1.0-dev (its states are upgraded).",
				Validators: []validator.String{axeLifetime.rule()},
			},
			"callback_lifetime": schema.StringAttribute{
				Optional: true,
				Computed: true,
				Default:  stringdefault.StaticString(formatDuration(minutes(axeDefaultCallbackLifetimeMinutes))),
				Description: fmt.Sprintf("How long a caller stays the one A is called back to when A dials X, as a duration in whole minutes (`callbackExpiredTime`, sent in minutes). "+
					"Default `%q` (one day; the platform's own default is undocumented, so the provider always sends a value). Updates in place. "+
					"Replaces `callback_lifetime_minutes` of 0.1.0-dev.", formatDuration(minutes(axeDefaultCallbackLifetimeMinutes))),
				Validators: []validator.String{axeCallbackLifetime.rule()},
			},
			"renew_before": renewBeforeAttribute("binding", "the AXE modify API (`bindExpiredTime`)", axeLongest),
			"user_data": schema.StringAttribute{
				Optional:      true,
				Description:   "Free text returned in call events (`userData`): 1 to 256 printable ASCII characters without `{` or `}`. Changing it replaces the binding.",
				Validators:    []validator.String{userDataRule},
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"expires_at": schema.StringAttribute{
				Computed: true,
				Description: "When the platform unbinds the binding (RFC 3339, UTC), from the time of the bind or of the update that changed or renewed `lifetime` (by the platform's clock); " +
					"null when permanent. AXE records carry no bind time, so it is kept from the apply that set it, and is null after import.",
			},
		},
		Blocks: map[string]schema.Block{
			"timeouts": timeouts.Block(ctx, timeouts.Opts{Create: true, Update: true, Delete: true}),
		},
	}
}

// axeReplaceIfRemoved: the modify API cannot clear a tone or number, so
// removing one replaces, unless other (the alternative attribute) is set,
// which the platform takes in its place.
func axeReplaceIfRemoved(other string) stringplanmodifier.RequiresReplaceIfFunc {
	return func(ctx context.Context, req planmodifier.StringRequest, resp *stringplanmodifier.RequiresReplaceIfFuncResponse) {
		if !req.ConfigValue.IsNull() || req.StateValue.IsNull() {
			return
		}
		if other != "" {
			var v types.String
			resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root(other), &v)...)
			if !v.IsNull() {
				return
			}
		}
		resp.RequiresReplace = true
	}
}

var axeAllZeroRE = regexp.MustCompile(`^0+$`)

func (r *axeBindingResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var m axeBindingModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	axeValidateConfig(m, &resp.Diagnostics)
}

// axeValidateConfig holds the cross-field rules; unknown values skip a rule.
func axeValidateConfig(m axeBindingModel, diags interface {
	AddAttributeError(path.Path, string, string)
}) {
	xKnown, areaKnown := !m.XNumber.IsUnknown(), !m.AreaCode.IsUnknown()
	if xKnown && areaKnown {
		switch {
		case m.XNumber.IsNull() && m.AreaCode.IsNull():
			diags.AddAttributeError(path.Root("x_number"), "Missing x_number or area_code",
				"Set x_number to bind on one of the application's X numbers, or area_code (e.g. \"0755\") to let the platform pick an X of that city.")
		case !m.XNumber.IsNull() && !m.AreaCode.IsNull():
			diags.AddAttributeError(path.Root("area_code"), "Conflicting x_number and area_code",
				"Set only one of x_number and area_code: remove area_code to bind on x_number "+m.XNumber.ValueString()+", or remove x_number to let the platform pick an X in area "+m.AreaCode.ValueString()+".")
		}
	}
	if areaKnown && m.AreaCode.IsNull() && !m.AreaMatchMode.IsNull() && !m.AreaMatchMode.IsUnknown() {
		diags.AddAttributeError(path.Root("area_match_mode"), "area_match_mode without area_code",
			"area_match_mode only says how area_code is matched: remove area_match_mode, or bind by area_code instead of x_number.")
	}
	if !m.Extension.IsNull() && !m.Extension.IsUnknown() {
		if xKnown && m.XNumber.IsNull() {
			diags.AddAttributeError(path.Root("extension"), "extension requires x_number",
				"The platform honours a requested extension only together with x_number. Set x_number (use the X the binding is on), or remove extension to have a free one assigned.")
		}
		if axeAllZeroRE.MatchString(m.Extension.ValueString()) {
			diags.AddAttributeError(path.Root("extension"), "Invalid extension",
				fmt.Sprintf("extension %q is not an extension: extensions start at 1 (\"1\"-\"9\", \"01\"-\"99\", \"001\"-\"999\" or \"0001\"-\"9999\", by the application's extension length).", m.Extension.ValueString()))
		}
	}
	if p := renewalConfigProblem(m.Lifetime, m.RenewBefore); p != "" {
		diags.AddAttributeError(renewBeforePath, "renew_before does not fit the lifetime", p)
	}
	if !m.CallbackTone.IsNull() && !m.CallbackTone.IsUnknown() && !m.CallbackNumber.IsNull() && !m.CallbackNumber.IsUnknown() {
		diags.AddAttributeError(path.Root("callback_number"), "Conflicting callback_tone and callback_number",
			"When A dials X with nobody to call back, the platform either plays callback_tone or forwards to callback_number, not both: remove one of them.")
	}
}

// ModifyPlan keeps expires_at known unless the lifetime changes or is
// renewed (renew_before, renewal.go).
func (r *axeBindingResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	renew := planRenewal(ctx, req, &resp.Diagnostics, r.client, "AXE binding", "")
	if planUnchanged(req) && !renew {
		return
	}
	if req.Plan.Raw.IsNull() {
		return // destroy
	}
	var plan axeBindingModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	expires := types.StringUnknown()
	if !req.State.Raw.IsNull() {
		var state axeBindingModel
		resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
		if resp.Diagnostics.HasError() {
			return
		}
		if sameDuration(plan.Lifetime, state.Lifetime) && !renew {
			expires = state.ExpiresAt
		}
	}
	if expires.IsUnknown() && !plan.Lifetime.IsUnknown() && durationOf(plan.Lifetime) == 0 {
		expires = types.StringNull()
	}
	resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("expires_at"), expires)...)
}

// axeBindRequest builds the bind request from the plan, with explicit values
// for every field whose platform default is uncertain.
func axeBindRequest(p axeBindingModel) client.AXEBindRequest {
	req := client.AXEBindRequest{
		ANumber:             p.ANumber.ValueString(),
		DisplayNumMode:      callerIDEnum.toAPI(p.CallerIDToA.ValueString()),
		RecordFlag:          p.RecordCalls.ValueBool(),
		RecordHintTone:      p.RecordHintTone.ValueString(),
		CallbackTone:        p.CallbackTone.ValueString(),
		CallbackNumber:      p.CallbackNumber.ValueString(),
		TimeUnit:            client.TimeUnitMinutes,
		BindExpiredTime:     wholeMinutes(p.Lifetime),
		CallbackExpiredTime: wholeMinutes(p.CallbackLifetime),
		UserData:            p.UserData.ValueString(),
	}
	if !p.XNumber.IsUnknown() && !p.XNumber.IsNull() {
		req.XNumber = p.XNumber.ValueString()
		if !p.Extension.IsUnknown() && !p.Extension.IsNull() {
			req.Extension = p.Extension.ValueString()
		}
	} else {
		req.AreaCode = p.AreaCode.ValueString()
		req.AreaMatchMode = areaMatchEnum.toAPI(p.AreaMatchMode.ValueString())
	}
	return req
}

func (r *axeBindingResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan axeBindingModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() || !requireClient(r.client, &resp.Diagnostics) {
		return
	}
	ctx, cancel, diags := opTimeout(ctx, plan.Timeouts, "create")
	ctx = withBindOptions(ctx, r.client, &resp.Diagnostics) // adopt_existing_bindings, and where its warning goes
	defer cancel()
	if resp.Diagnostics.Append(diags...); resp.Diagnostics.HasError() {
		return
	}

	breq := axeBindRequest(plan)
	id, err := axeBind(ctx, r.client, breq)
	boundAt, _ := r.client.PlatformNow() // the platform's clock, from the bind's answer
	if err != nil {
		digits := len(breq.Extension)
		if digits == 0 && client.IsExhausted(err) {
			digits = axeExtensionDigits(ctx, r.client, breq.XNumber)
		}
		addBindError(&resp.Diagnostics, err, "create the AXE binding", axeBindHints(breq, digits))
		return
	}

	// Read back once, so the state holds the platform's values.
	b, err := r.client.GetAXE(ctx, id.SubscriptionID)
	if err != nil {
		addReadBackWarning(&resp.Diagnostics, "AXE binding", id.SubscriptionID, "created", "the state holds the configured values", err)
		b = axeBindingFromRequest(breq, id)
	}
	state := plan
	state.axeRecord = axeRecordFrom(*b, &plan.axeRecord)
	if adoptedBinding(ctx) {
		keepPlanned(&state.axeRecord, &plan.axeRecord) // the next refresh shows what differs
	}
	// What the platform reports now is what it will report for the bind-time lifetime from now on.
	state.Lifetime = plan.Lifetime
	reported := axeMinutes(b.BindExpiredTime, b.TimeUnit)
	if b.Absent.Lacks("BindExpiredTime") || b.Absent.Lacks("TimeUnit") {
		reported = int64(wholeMinutes(plan.Lifetime))
	}
	axeSetPrivate(ctx, resp.Private, axePrivate{ReportedLifetimeMinutes: reported}, &resp.Diagnostics)
	state.ExpiresAt = expiresAt(boundAt, durationOf(state.Lifetime))
	setIdentity(ctx, resp.Identity, state.ID, r.appKey, &resp.Diagnostics)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

// axeBind binds and settles a lost answer (settleBind) by the natural key:
// X + extension, or every binding on X. With area_code the X is the
// platform's choice and AXE cannot be queried by A: no lookup, never re-sent.
func axeBind(ctx context.Context, c client.API, req client.AXEBindRequest) (*client.AXEBindResult, error) {
	b := bindSettler[client.AXEBindResult]{
		send: func(ctx context.Context) (*client.AXEBindResult, error) { return c.BindAXE(ctx, req) },
		may:  axeMayExist(req),
	}
	if req.XNumber != "" {
		b.lookup = lookupBy(func(ctx context.Context) (*client.AXEBinding, error) { return axeFindExisting(ctx, c, req) },
			func(got *client.AXEBinding) *client.AXEBindResult {
				return &client.AXEBindResult{SubscriptionID: got.SubscriptionID, XNumber: got.XNumber, Extension: got.Extension, ANumber: got.ANumber}
			})
	}
	return settleBind(ctx, b)
}

func (r *axeBindingResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state axeBindingModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || r.client == nil {
		return // provider configuration unknown: keep the state as it is
	}
	setIdentity(ctx, resp.Identity, state.ID, r.appKey, &resp.Diagnostics) // before the lookup: also when the binding is gone
	b, err := r.client.GetAXE(ctx, state.ID.ValueString())
	if client.IsNotFound(err) {
		removeGone(ctx, resp, r.client, "AXE binding", state.ID.ValueString(), state.ExpiresAt)
		return
	}
	if err != nil {
		addPlatformError(&resp.Diagnostics, "read the AXE binding "+state.ID.ValueString(), err, nil)
		return
	}
	rec := axeRecordFrom(*b, &state.axeRecord)
	priv, known := axePrivate{HourUnit: b.TimeUnit == client.TimeUnitHours}, false
	if p := axeGetPrivate(ctx, req.Private, &resp.Diagnostics); p != nil {
		priv, known = *p, true
	}
	// The callback lifetime is kept in the unit in force, which a lifetime
	// update by the provider switched to minutes even if query reports the bind-time unit.
	rec.CallbackLifetime = durationValue(minutes(axeMinutes(b.CallbackExpiredTime, priv.unit())), state.CallbackLifetime)
	lifetime := state.Lifetime
	state.axeRecord = rec
	state.Lifetime, priv = axeReconcileLifetime(lifetime, int64(durationOf(rec.Lifetime)/time.Minute), priv, known)
	axeSetPrivate(ctx, resp.Private, priv, &resp.Diagnostics)
	notePlatformClock(ctx, r.client, resp.Private, &resp.Diagnostics) // for the final plan of an apply (renewal.go)
	if durationOf(state.Lifetime) == 0 {
		state.ExpiresAt = types.StringNull()
	} else if state.ExpiresAt.IsUnknown() {
		state.ExpiresAt = types.StringNull()
	}
	if state.AreaMatchMode.IsNull() || state.AreaMatchMode.IsUnknown() {
		state.AreaMatchMode = types.StringValue(defaultAreaMatch) // import: the default, as a create writes it
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

// axeModifyRequest lists exactly what changed between state and plan (nil =
// unchanged). hourUnit says the binding's lifetimes are kept in hours on the
// platform (made elsewhere): a lifetime change switches it to minutes and then
// carries the callback lifetime too; a callback lifetime alone is sent in
// hours, which must then be a whole number (problem is set otherwise).
func axeModifyRequest(state, plan axeBindingModel, hourUnit bool) (mreq client.AXEModifyRequest, changed bool, problem string) {
	mreq = client.AXEModifyRequest{SubscriptionID: state.ID.ValueString()}
	// A renewal (renewing) sends the same lifetime again: it restarts it.
	lifetimeChanged := !sameDuration(plan.Lifetime, state.Lifetime) || renewing(plan.ExpiresAt, plan.Lifetime, state.Lifetime)
	callback := wholeMinutes(plan.CallbackLifetime)
	if lifetimeChanged {
		unit, v := client.TimeUnitMinutes, wholeMinutes(plan.Lifetime)
		mreq.TimeUnit, mreq.BindExpiredTime = &unit, &v
		changed = true
		if hourUnit {
			mreq.CallbackExpiredTime = &callback
		}
	}
	if !sameDuration(plan.CallbackLifetime, state.CallbackLifetime) {
		switch {
		case lifetimeChanged || !hourUnit:
			mreq.CallbackExpiredTime = &callback
		case callback%60 == 0:
			hours := callback / 60
			mreq.CallbackExpiredTime = &hours
		default:
			problem = fmt.Sprintf("This binding was made elsewhere with its lifetimes in hours, and the platform can only take callback_lifetime = %q in that unit as a whole number of hours. "+
				"Use whole hours (a multiple of 60 minutes, such as %q), or change lifetime in the same apply: that switches the binding to minutes.", plan.CallbackLifetime.ValueString(), formatDuration(minutes(int64(callback)).Round(time.Hour)))
		}
		changed = true
	}
	if !plan.CallbackNumber.IsNull() && !plan.CallbackNumber.Equal(state.CallbackNumber) {
		v := plan.CallbackNumber.ValueString()
		mreq.CallbackNumber = &v
		changed = true
	}
	if !plan.CallbackTone.IsNull() && !plan.CallbackTone.Equal(state.CallbackTone) {
		v := plan.CallbackTone.ValueString()
		mreq.CallbackTone = &v
		changed = true
	}
	if !plan.RecordCalls.Equal(state.RecordCalls) {
		v := plan.RecordCalls.ValueBool()
		mreq.RecordFlag = &v
		changed = true
	}
	if !plan.RecordHintTone.IsNull() && !plan.RecordHintTone.Equal(state.RecordHintTone) {
		v := plan.RecordHintTone.ValueString()
		mreq.RecordHintTone = &v
		changed = true
	}
	return mreq, changed, problem
}

func (r *axeBindingResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state axeBindingModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !requireClient(r.client, &resp.Diagnostics) {
		return
	}
	ctx, cancel, diags := opTimeout(ctx, plan.Timeouts, "update")
	defer cancel()
	if resp.Diagnostics.Append(diags...); resp.Diagnostics.HasError() {
		return
	}

	priv := axePrivate{ReportedLifetimeMinutes: int64(wholeMinutes(state.Lifetime))}
	if p := axeGetPrivate(ctx, req.Private, &resp.Diagnostics); p != nil {
		priv = *p
	}
	mreq, changed, problem := axeModifyRequest(state, plan, priv.HourUnit)
	if problem != "" {
		resp.Diagnostics.AddAttributeError(path.Root("callback_lifetime"), "Callback lifetime not in whole hours", problem)
		return
	}
	if changed {
		if err := r.client.ModifyAXE(ctx, mreq); err != nil {
			addPlatformError(&resp.Diagnostics, "update the AXE binding "+state.ID.ValueString(), err, axeModifyHints(state.ID.ValueString()))
			return
		}
		if mreq.TimeUnit != nil && priv.HourUnit {
			priv.HourUnit = false
			axeSetPrivate(ctx, resp.Private, priv, &resp.Diagnostics)
		}
	}
	out := plan
	out.ID, out.XNumber, out.Extension = state.ID, state.XNumber, state.Extension
	if mreq.BindExpiredTime != nil {
		modifiedAt, _ := r.client.PlatformNow() // the platform's clock, from the modify's answer
		out.ExpiresAt = expiresAt(modifiedAt, durationOf(plan.Lifetime))
	} else {
		out.ExpiresAt = state.ExpiresAt
	}
	setIdentity(ctx, resp.Identity, out.ID, r.appKey, &resp.Diagnostics)
	resp.Diagnostics.Append(resp.State.Set(ctx, &out)...)
}

func (r *axeBindingResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state axeBindingModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !requireClient(r.client, &resp.Diagnostics) {
		return
	}
	deleteBinding(ctx, state.Timeouts, "AXE binding "+state.ID.ValueString(), state.ID.ValueString(), &resp.Diagnostics, func(ctx context.Context) error {
		return r.client.UnbindAXE(ctx, client.AXEUnbindRequest{SubscriptionID: state.ID.ValueString()})
	})
}

// ImportState accepts a subscription ID, or X_NUMBER/EXTENSION.
func (r *axeBindingResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	id, ok := importID(ctx, req, r.appKey, &resp.Diagnostics)
	if !ok {
		return
	}
	if x, ext, ok := strings.Cut(id, "/"); ok {
		if numberProblem(x) != "" || !extensionRE.MatchString(ext) {
			resp.Diagnostics.AddError("Invalid import ID",
				fmt.Sprintf("%q is neither a subscription ID nor X_NUMBER/EXTENSION: write e.g. \"+8617020000001/007\" (the X in global format, a slash, the extension).", req.ID))
			return
		}
		if !requireClient(r.client, &resp.Diagnostics) {
			return
		}
		b, err := r.client.QueryAXE(ctx, client.AXEQuery{XNumber: x, Extension: ext})
		if err != nil {
			addPlatformError(&resp.Diagnostics, "import the AXE binding "+id, err, codeHints{
				"1016001": fmt.Sprintf("X %s has no binding with extension %s. List the X's bindings with the privatenumber_axe_bindings data source.", x, ext),
			})
			return
		}
		id = b.SubscriptionID
	}
	if id == "" {
		resp.Diagnostics.AddError("Invalid import ID", "Give the binding's subscription ID, or X_NUMBER/EXTENSION such as \"+8617020000001/007\".")
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), id)...)
}

// UpgradeState turns a state of 0.1.0-dev (schema version 0, lifetimes in minutes) into this schema.
func (r *axeBindingResource) UpgradeState(context.Context) map[int64]resource.StateUpgrader {
	return lifetimeUpgraders([]lifetimeRename{
		{from: "lifetime_minutes", to: "lifetime", unit: time.Minute},
		{from: "callback_lifetime_minutes", to: "callback_lifetime", unit: time.Minute},
	}, "renew_before")
}
