package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/resourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/boolplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64default"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/privnum/terraform-provider-privatenumber/internal/client"
)

func newAXBindingResource() resource.Resource { return &axBindingResource{} }

type axBindingResource struct{ resourceBase }

// axBindingModel is the resource's state: the platform's record plus the
// configuration-only attributes that steer the choice of X at bind time.
type axBindingModel struct {
	axRecord
	AreaCode      types.String   `tfsdk:"area_code"`
	AreaMatchMode types.String   `tfsdk:"area_match_mode"`
	Timeouts      timeouts.Value `tfsdk:"timeouts"`
}

func (r *axBindingResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_ax_binding"
}

func (r *axBindingResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	replaces := "Changing it replaces the binding."
	inPlace := "Changing it updates the binding in place."
	resp.Schema = schema.Schema{
		Description: "An AX binding: a fixed masked number X in front of a real number A. Anyone who dials X reaches A " +
			"(a business hotline); A calls out through X only after a temporary callee is set. AX bindings have no lifetime: " +
			"they last until they are unbound. The platform allows one A per X and at most " + fmt.Sprint(axMaxXPerA) + " X per A.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed:      true,
				Description:   "The binding's ID on the platform (`subscriptionId`).",
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"a_number": schema.StringAttribute{
				Required: true,
				Description: "The real number behind X (`origNum`), in global format such as `+8675523456789`. " +
					"The platform cannot change A on an AX binding, so changing it replaces the binding: with `area_code` the platform " +
					"picks an X again and the published X may change. To keep the same X, write the current X into `x_number` " +
					"in place of `area_code` (together with the new `a_number`, or before): the replacement then binds the same X to the new A.",
				Validators:    []validator.String{phoneNumberRule},
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"x_number": schema.StringAttribute{
				Optional: true,
				Computed: true,
				Description: "The masked number X (`privateNum`), one of the application's numbers. Give exactly one of `x_number` and `area_code`; " +
					"with `area_code` the platform picks X and this attribute holds it (known after the first apply, stable afterwards). " +
					"Writing the picked X here in place of `area_code` does not replace the binding; changing it to another number replaces it.",
				Validators: []validator.String{phoneNumberRule},
				PlanModifiers: []planmodifier.String{
					stringplanmodifier.UseStateForUnknown(),
					replaceIfConfiguredChange(),
				},
			},
			"area_code": schema.StringAttribute{
				Optional: true,
				Description: "City code with its leading 0, such as `0755` (`areaCode`; the provider also sends `privateNumType` `mobile-virtual`): " +
					"the platform picks a free X of the application in that city. Give exactly one of `x_number` and `area_code`. " +
					"Only used when the binding is created: changing it to another city replaces the binding; removing it " +
					"(after writing the picked X into `x_number`) or adding it to an existing binding (after an import) changes nothing on the platform.",
				Validators: []validator.String{areaCodeRule},
				PlanModifiers: []planmodifier.String{
					replaceIfConfiguredChange(),
				},
			},
			"area_match_mode": schema.StringAttribute{
				Optional: true,
				Computed: true,
				Default:  stringdefault.StaticString(defaultAreaMatch),
				Description: "How strictly X must come from `area_code` (`areaMatchMode`): `strict` (default, `0`) fails when the city has no free X; " +
					"`fallback` (`1`) accepts an X from another city. Only with `area_code`. Changing it replaces a binding whose X was picked by " +
					"`area_code`; otherwise it only changes the state.",
				Validators: []validator.String{stringvalidator.OneOf(areaMatchEnum.values()...)},
				PlanModifiers: []planmodifier.String{
					replaceIfAreaMatchChanges(),
				},
			},
			"caller_id_to_a": schema.StringAttribute{
				Optional: true,
				Computed: true,
				Default:  stringdefault.StaticString(axDefaultCallerID),
				Description: "The number A sees when someone calls X (`calleeNumDisplay`): `x_number` (default, `0`) shows X, " +
					"`real_caller` (`1`) shows the caller's real number (carriers may intercept calls that do not display X). " + replaces,
				Validators:    []validator.String{stringvalidator.OneOf(callerIDEnum.values()...)},
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"record_calls": schema.BoolAttribute{
				Optional: true,
				Computed: true,
				Default:  booldefault.StaticBool(axDefaultRecordCalls),
				Description: "Record the calls of this binding (`recordFlag`); recording must be enabled on the application. Default `false`. " +
					inPlace,
			},
			"record_hint_tone": schema.StringAttribute{
				Optional: true,
				Description: "Playback file announcing the recording (`recordHintTone`), played while `record_calls` is true; " +
					"it must be uploaded and approved in the console. " + replaces,
				Validators:    []validator.String{toneFileRule},
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"sms_enabled": schema.BoolAttribute{
				Optional: true,
				Computed: true,
				Default:  booldefault.StaticBool(axDefaultSMSEnabled),
				Description: "Whether SMS through X is supported (`privateSms`); SMS must also be enabled on the application and the number. " +
					"Default `true` (the platform's own default). " + inPlace,
			},
			"max_call_minutes": schema.Int64Attribute{
				Optional: true,
				Computed: true,
				Default:  int64default.StaticInt64(axDefaultMaxCallMins),
				Description: fmt.Sprintf("Longest call in minutes, counted from the answer; the platform hangs up when it is reached (`maxDuration`). "+
					"0 to %d, default 0 (no limit). ", axMaxCallMinutesLimit) + inPlace,
				Validators: []validator.Int64{int64validator.Between(0, axMaxCallMinutesLimit)},
			},
			"last_minute_tone": schema.StringAttribute{
				Optional: true,
				Description: "Playback file played when one minute of `max_call_minutes` is left (`lastMinVoice`); only allowed when " +
					"`max_call_minutes` is greater than 0. " + replaces,
				Validators:    []validator.String{toneFileRule},
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"a_hint_tone": schema.StringAttribute{
				Optional:      true,
				Description:   "Playback file played to A while a call A makes through X connects (`preVoice.callerHintTone`). " + replaces,
				Validators:    []validator.String{toneFileRule},
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"others_hint_tone": schema.StringAttribute{
				Optional:      true,
				Description:   "Playback file played to anyone who calls X while the call to A connects (`preVoice.calleeHintTone`). " + replaces,
				Validators:    []validator.String{toneFileRule},
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"user_data": schema.StringAttribute{
				Optional: true,
				Description: "Your own data, echoed in the platform's call, CDR and SMS notifications for this binding (`userData`): " +
					"1 to 256 printable ASCII characters without `{` or `}`. " + replaces,
				Validators:    []validator.String{userDataRule},
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"power_on": schema.BoolAttribute{
				Optional: true,
				Computed: true,
				Default:  booldefault.StaticBool(axDefaultPowerOn),
				Description: "The privacy number's power state (`turnFlag`): `true` (default, `on`) takes calls, `false` (`off`) switches X off. " +
					replaces,
				PlanModifiers: []planmodifier.Bool{boolplanmodifier.RequiresReplace()},
			},
			"call_direction": schema.StringAttribute{
				Optional: true,
				Computed: true,
				Default:  stringdefault.StaticString(axDefaultCallDir),
				Description: "Who may call through X (`callDirection`): `both` (default, `0`); `a_to_others` (`1`): only A may call out through X; " +
					"`others_to_a` (`2`): only others may call X. " + replaces,
				Validators:    []validator.String{stringvalidator.OneOf(axDirectionEnum.values()...)},
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
		},
		Blocks: map[string]schema.Block{
			"timeouts": timeouts.Block(ctx, timeouts.Opts{Create: true, Update: true, Delete: true}),
		},
	}
}

func (r *axBindingResource) ConfigValidators(context.Context) []resource.ConfigValidator {
	return []resource.ConfigValidator{
		resourcevalidator.ExactlyOneOf(path.MatchRoot("x_number"), path.MatchRoot("area_code")),
	}
}

// ValidateConfig checks the cross-field rules that the framework validators
// cannot express; unknown values are skipped.
func (r *axBindingResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var cfg axBindingModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	axValidateCommon(cfg, &resp.Diagnostics)
}

// ModifyPlan warns when a replacement will let the platform pick X again,
// so that a published number never moves silently.
func (r *axBindingResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if planUnchanged(req) {
		return
	}
	if req.State.Raw.IsNull() || req.Plan.Raw.IsNull() {
		return
	}
	var state, plan, cfg axBindingModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() || !cfg.XNumber.IsNull() || state.XNumber.IsNull() {
		return
	}
	changed := axReplacingChanges(state, plan)
	if len(changed) == 0 {
		return
	}
	x := state.XNumber.ValueString()
	resp.Diagnostics.AddAttributeWarning(path.Root("x_number"), "The AX binding's X number may change",
		fmt.Sprintf("Changing %s replaces the AX binding of A %s, and x_number is not set, so the platform picks an X again (area_code %s): "+
			"the published number %s may change.\n\nTo keep %s, write x_number = %q in place of area_code, in this change or before it "+
			"(on its own that changes nothing on the platform): the replacement then binds the same X again.",
			strings.Join(changed, ", "), state.ANumber.ValueString(), state.AreaCode.ValueString(), x, x, x))
}

// axReplacingChanges lists the attributes whose planned change replaces the binding.
func axReplacingChanges(state, plan axBindingModel) []string {
	var out []string
	check := func(name string, s, p attr.Value) {
		if !p.IsUnknown() && !s.Equal(p) {
			out = append(out, name)
		}
	}
	check("a_number", state.ANumber, plan.ANumber)
	check("caller_id_to_a", state.CallerIDToA, plan.CallerIDToA)
	check("record_hint_tone", state.RecordHintTone, plan.RecordHintTone)
	check("last_minute_tone", state.LastMinuteTone, plan.LastMinuteTone)
	check("a_hint_tone", state.AHintTone, plan.AHintTone)
	check("others_hint_tone", state.OthersHintTone, plan.OthersHintTone)
	check("user_data", state.UserData, plan.UserData)
	check("power_on", state.PowerOn, plan.PowerOn)
	check("call_direction", state.CallDirection, plan.CallDirection)
	if !state.AreaCode.IsNull() && !plan.AreaCode.IsNull() && !plan.AreaCode.IsUnknown() {
		check("area_code", state.AreaCode, plan.AreaCode)
		check("area_match_mode", state.AreaMatchMode, plan.AreaMatchMode)
	}
	return out
}

// axValidateCommon: last_minute_tone only with max_call_minutes > 0;
// area_match_mode only with area_code.
func axValidateCommon(cfg axBindingModel, diags *diag.Diagnostics) {
	if !cfg.LastMinuteTone.IsNull() && !cfg.LastMinuteTone.IsUnknown() && !cfg.MaxCallMinutes.IsUnknown() &&
		(cfg.MaxCallMinutes.IsNull() || cfg.MaxCallMinutes.ValueInt64() == 0) {
		diags.AddAttributeError(path.Root("last_minute_tone"), "last_minute_tone needs max_call_minutes",
			"last_minute_tone is played when one minute of the call limit is left, so it needs a limit: set max_call_minutes to a value from 1 to "+
				fmt.Sprint(axMaxCallMinutesLimit)+", or remove last_minute_tone.")
	}
	if !cfg.AreaMatchMode.IsNull() && !cfg.AreaMatchMode.IsUnknown() && cfg.AreaCode.IsNull() {
		diags.AddAttributeError(path.Root("area_match_mode"), "area_match_mode needs area_code",
			"area_match_mode says how strictly the platform picks X from area_code; with x_number there is nothing to pick. "+
				"Remove area_match_mode, or use area_code instead of x_number.")
	}
}

// bindRequest builds the bind request from the plan, with explicit values
// for every field whose platform default is uncertain (§16).
func (m axBindingModel) bindRequest() client.AXBindRequest {
	req := client.AXBindRequest{
		ANumber:            m.ANumber.ValueString(),
		CalleeNumDisplay:   callerIDEnum.toAPI(m.CallerIDToA.ValueString()),
		RecordFlag:         m.RecordCalls.ValueBool(),
		RecordHintTone:     m.RecordHintTone.ValueString(),
		PrivateSMS:         m.SMSEnabled.ValueBool(),
		MaxDurationMinutes: int(m.MaxCallMinutes.ValueInt64()),
		LastMinVoice:       m.LastMinuteTone.ValueString(),
		UserData:           m.UserData.ValueString(),
		PowerOn:            m.PowerOn.ValueBool(),
		CallDirection:      axDirectionEnum.toAPI(m.CallDirection.ValueString()),
	}
	if !m.XNumber.IsNull() && !m.XNumber.IsUnknown() {
		req.XNumber = m.XNumber.ValueString()
	} else {
		req.AreaCode = m.AreaCode.ValueString()
		req.AreaMatchMode = areaMatchEnum.toAPI(m.AreaMatchMode.ValueString())
	}
	if !m.AHintTone.IsNull() || !m.OthersHintTone.IsNull() {
		req.PreVoice = &client.PreVoice{CallerHintTone: m.AHintTone.ValueString(), CalleeHintTone: m.OthersHintTone.ValueString()}
	}
	return req
}

func (r *axBindingResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan axBindingModel
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

	bindReq := plan.bindRequest()
	// With area_code the X is unknown until the platform answers: list A's X numbers right
	// before the bind, so that a lost answer can be resolved by the one X that appeared.
	var before []string
	if bindReq.XNumber == "" {
		list, err := r.client.QueryAX(ctx, client.AXQuery{ANumber: bindReq.ANumber})
		if err != nil {
			addPlatformError(&resp.Diagnostics, fmt.Sprintf("list the X numbers of A %s before binding", bindReq.ANumber), err, nil)
			return
		}
		before = make([]string, 0, len(list))
		for _, b := range list {
			before = append(before, b.XNumber)
		}
	}

	res, err := axBind(ctx, r.client, bindReq, before)
	if err != nil {
		var held []string
		if client.IsExhausted(err) {
			if held = axXNumbersOf(ctx, r.client, bindReq.ANumber); held == nil && before != nil {
				held = before
			}
		}
		addBindError(&resp.Diagnostics, err, axBindAction(bindReq), axHints(bindReq.ANumber, bindReq.XNumber, bindReq.AreaCode, held))
		return
	}
	plan.ID = types.StringValue(res.SubscriptionID)
	plan.XNumber = types.StringValue(res.XNumber)
	// Save what was bound right away: whatever happens next, the binding is tracked.
	setIdentity(ctx, resp.Identity, plan.ID, r.appKey, &resp.Diagnostics)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)

	got, err := r.client.GetAX(ctx, res.SubscriptionID)
	if err != nil {
		addReadBackWarning(&resp.Diagnostics, "AX binding", res.SubscriptionID, "created", "the state holds the configured values", err)
		return
	}
	rec := axRecordFrom(got, &plan.axRecord)
	if adoptedBinding(ctx) {
		axAlignAdopted(ctx, r.client, plan.axRecord, rec, &resp.Diagnostics)
		keepPlanned(&rec, &plan.axRecord) // what the modify cannot change shows in the next plan
	}
	plan.axRecord = rec
	setIdentity(ctx, resp.Identity, plan.ID, r.appKey, &resp.Diagnostics)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

// axBind binds and settles a lost answer (settleBind) by the natural key:
// who holds X, or with area_code the one X that A holds now and did not
// hold right before the bind (before).
func axBind(ctx context.Context, c client.API, req client.AXBindRequest, before []string) (*client.AXBindResult, error) {
	res, err := settleBind(ctx, bindSettler[client.AXBindResult]{
		send: func(ctx context.Context) (*client.AXBindResult, error) { return c.BindAX(ctx, req) },
		lookup: func(ctx context.Context) (found[client.AXBindResult], error) {
			f, err := axFindExisting(ctx, c, req, before)
			out := found[client.AXBindResult]{Absent: f.Absent, Why: f.Detail}
			if b := f.Binding; b != nil {
				out.Binding = &client.AXBindResult{SubscriptionID: b.SubscriptionID, ANumber: b.ANumber, XNumber: b.XNumber}
				out.ID, out.BoundAt = recordFacts(b)
			}
			return out, err
		},
		may: axMayExist(req),
	})
	if res != nil && res.XNumber == "" {
		res.XNumber = req.XNumber
	}
	return res, err
}

// axAlignAdopted brings an adopted binding (adopt_existing_bindings) in
// line with the plan where the modify API can (max_call_minutes,
// sms_enabled, record_calls); a failure is a warning, and the next plan
// shows what differs.
func axAlignAdopted(ctx context.Context, c client.API, plan, rec axRecord, diags *diag.Diagnostics) {
	mod := client.AXModifyRequest{SubscriptionID: rec.ID.ValueString()}
	changed := false
	if p := plan.MaxCallMinutes; !p.IsUnknown() && !p.IsNull() && !p.Equal(rec.MaxCallMinutes) {
		v := int(p.ValueInt64())
		mod.MaxDurationMinutes, changed = &v, true
	}
	if p := plan.SMSEnabled; !p.IsUnknown() && !p.IsNull() && !p.Equal(rec.SMSEnabled) {
		v := p.ValueBool()
		mod.PrivateSMS, changed = &v, true
	}
	if p := plan.RecordCalls; !p.IsUnknown() && !p.IsNull() && !p.Equal(rec.RecordCalls) {
		v := p.ValueBool()
		mod.RecordFlag, changed = &v, true
	}
	if !changed {
		return
	}
	if err := c.ModifyAX(ctx, mod); err != nil {
		diags.AddWarning("Could not align the adopted AX binding",
			fmt.Sprintf("The adopted AX binding %s differs from the configuration, and bringing it in line failed. "+
				"The next plan shows what differs and changes it.\n\n%s", rec.ID.ValueString(), platformErrorDetail(err, nil)))
	}
}

func axBindAction(req client.AXBindRequest) string {
	if req.XNumber != "" {
		return fmt.Sprintf("bind X %s to A %s", req.XNumber, req.ANumber)
	}
	return fmt.Sprintf("bind an X of area %s to A %s", req.AreaCode, req.ANumber)
}

func (r *axBindingResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state axBindingModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || r.client == nil {
		return // without a client (provider configuration unknown) the state stays as it is
	}
	setIdentity(ctx, resp.Identity, state.ID, r.appKey, &resp.Diagnostics) // before the lookup: also when the binding is gone
	got, err := r.client.GetAX(ctx, state.ID.ValueString())
	if client.IsNotFound(err) {
		removeGone(ctx, resp, r.client, "AX binding", state.ID.ValueString(), types.StringNull()) // AX bindings do not expire
		return
	}
	if err != nil {
		addPlatformError(&resp.Diagnostics, "read the AX binding "+state.ID.ValueString(), err, nil)
		return
	}
	state.axRecord = axRecordFrom(got, &state.axRecord)
	if state.AreaMatchMode.IsNull() {
		state.AreaMatchMode = types.StringValue(defaultAreaMatch) // after import, as a create would write it
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

func (r *axBindingResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state axBindingModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !requireClient(r.client, &resp.Diagnostics) {
		return
	}
	if !plan.XNumber.Equal(state.XNumber) {
		// Only possible when x_number was unknown at plan time and turned out different.
		resp.Diagnostics.AddAttributeError(path.Root("x_number"), "Cannot move an AX binding to another X in place",
			fmt.Sprintf("x_number became %s at apply time, but the binding holds %s and the platform cannot change X. "+
				"Run plan again: with the value known, the plan replaces the binding.", plan.XNumber.ValueString(), state.XNumber.ValueString()))
		return
	}
	ctx, cancel, diags := opTimeout(ctx, plan.Timeouts, "update")
	defer cancel()
	if resp.Diagnostics.Append(diags...); resp.Diagnostics.HasError() {
		return
	}

	mod := client.AXModifyRequest{SubscriptionID: state.ID.ValueString()}
	changed := false
	if !plan.MaxCallMinutes.Equal(state.MaxCallMinutes) {
		v := int(plan.MaxCallMinutes.ValueInt64())
		mod.MaxDurationMinutes, changed = &v, true
	}
	if !plan.SMSEnabled.Equal(state.SMSEnabled) {
		v := plan.SMSEnabled.ValueBool()
		mod.PrivateSMS, changed = &v, true
	}
	if !plan.RecordCalls.Equal(state.RecordCalls) {
		v := plan.RecordCalls.ValueBool()
		mod.RecordFlag, changed = &v, true
	}
	plan.ID = state.ID
	if !changed { // area_code, area_match_mode or timeouts only: nothing to send
		setIdentity(ctx, resp.Identity, plan.ID, r.appKey, &resp.Diagnostics)
		resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
		return
	}
	if err := r.client.ModifyAX(ctx, mod); err != nil {
		addPlatformError(&resp.Diagnostics, fmt.Sprintf("update the AX binding %s (A %s, X %s)", state.ID.ValueString(), state.ANumber.ValueString(), state.XNumber.ValueString()), err, nil)
		return
	}
	got, err := r.client.GetAX(ctx, state.ID.ValueString())
	if err == nil {
		plan.axRecord = axRecordFrom(got, &plan.axRecord)
	} else {
		addReadBackWarning(&resp.Diagnostics, "AX binding", state.ID.ValueString(), "updated", "the state holds the configured values", err)
	}
	setIdentity(ctx, resp.Identity, plan.ID, r.appKey, &resp.Diagnostics)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

func (r *axBindingResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state axBindingModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !requireClient(r.client, &resp.Diagnostics) {
		return
	}
	deleteBinding(ctx, state.Timeouts, "AX binding "+state.ID.ValueString(), state.ID.ValueString(), &resp.Diagnostics, func(ctx context.Context) error {
		return r.client.UnbindAX(ctx, client.AXUnbindRequest{SubscriptionID: state.ID.ValueString()})
	})
}

// ImportState accepts the subscriptionId, or an X number in global format
// (the binding on that X).
func (r *axBindingResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	id, ok := importID(ctx, req, r.appKey, &resp.Diagnostics)
	if !ok {
		return
	}
	if strings.HasPrefix(id, "+") {
		if p := numberProblem(id); p != "" {
			resp.Diagnostics.AddError("Invalid import ID", "The import ID looks like an X number, but "+p+". "+
				"Give the binding's ID (subscriptionId) or its X number, e.g. +8617000000001.")
			return
		}
		if !requireClient(r.client, &resp.Diagnostics) {
			return
		}
		list, err := r.client.QueryAX(ctx, client.AXQuery{XNumber: id})
		if err != nil {
			addPlatformError(&resp.Diagnostics, "look up the AX binding on X "+id, err, axHints("", id, "", nil))
			return
		}
		if len(list) == 0 {
			resp.Diagnostics.AddError("No AX binding on this X",
				fmt.Sprintf("X %s is one of the application's numbers but is not bound to any A. Check the number, or create the binding instead of importing it.", id))
			return
		}
		id = list[0].SubscriptionID
	}
	if id == "" {
		resp.Diagnostics.AddError("Invalid import ID", "Give the binding's ID (subscriptionId) or its X number in global format, e.g. +8617000000001.")
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), id)...)
}
