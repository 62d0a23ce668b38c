package provider

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64default"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/privnum/terraform-provider-privatenumber/internal/client"
)

func newAXBBindingResource() resource.Resource { return &axbBindingResource{} }

type axbBindingResource struct{ resourceBase }

// axbBindingModel is the resource's state: the platform's attributes plus the
// ones only the configuration knows (area_code, area_match_mode, timeouts).
type axbBindingModel struct {
	axbRecord
	AreaCode      types.String   `tfsdk:"area_code"`
	AreaMatchMode types.String   `tfsdk:"area_match_mode"`
	RenewBefore   types.String   `tfsdk:"renew_before"`
	Timeouts      timeouts.Value `tfsdk:"timeouts"`
}

func (r *axbBindingResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_axb_binding"
}

func (r *axbBindingResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		Version: 1, // 1: lifetime as a duration (0: lifetime_seconds); UpgradeState
		Description: "An AXB binding of Huawei Cloud Private Number: A and B each reach the other by dialling the privacy number X, " +
			"and both see X as the caller. One X carries up to 5000 pairs, but each number at most once.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed:      true,
				Description:   "The binding's ID on the platform (`subscriptionId`).",
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"x_number": schema.StringAttribute{
				Optional: true,
				Computed: true,
				Description: "The privacy number X that A and B dial (`relationNum`), in global format; it must be one of the application's numbers. " +
					"Set exactly one of `x_number` and `area_code`. With `area_code` the platform picks X and this attribute holds it. " +
					"Changing it replaces the binding; writing the X that was picked here in place of `area_code` does not.",
				Validators:    []validator.String{phoneNumberRule},
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"area_code": schema.StringAttribute{
				Optional: true,
				Description: "City code with its leading 0, such as `0755` (`areaCode`): the platform picks a free X of the application in that city. " +
					"Set exactly one of `x_number` and `area_code`. Changing it from one city to another replaces the binding; removing it (with the picked X written into `x_number`) does not, " +
					"and neither does adding it to a binding made with `x_number` or imported (the platform does not report the area of X, so it is only recorded).",
				Validators: []validator.String{areaCodeRule},
			},
			"area_match_mode": schema.StringAttribute{
				Optional: true,
				Computed: true,
				Default:  stringdefault.StaticString(defaultAreaMatch),
				Description: "How the platform picks X for `area_code` (`areaMatchMode`): `strict` (default, `0`) fails when the city has no free number; " +
					"`fallback` (`1`) takes a number of another city. Only with `area_code`; changing it while `area_code` is set replaces the binding.",
				Validators: []validator.String{stringvalidator.OneOf(areaMatchEnum.values()...)},
			},
			"a_number": schema.StringAttribute{
				Required: true,
				Description: "Party A's real number (`callerNum`), in global format such as `+8613800000001` (a fixed line is `+86`, the area code without its leading 0, then the number). " +
					"Must differ from `b_number` and appear on X in no other binding. Changes update the binding in place.",
				Validators: []validator.String{phoneNumberRule},
			},
			"b_number": schema.StringAttribute{
				Required: true,
				Description: "Party B's real number (`calleeNum`), in global format. Must differ from `a_number` and appear on X in no other binding. " +
					"Changes update the binding in place (the same X and `id`).",
				Validators: []validator.String{phoneNumberRule},
			},
			"call_direction": schema.StringAttribute{
				Optional: true,
				Computed: true,
				Default:  stringdefault.StaticString("both"),
				Description: "Who may call through X (`callDirection`): `both` (default, `0`), `a_to_b` (`1`, only A calls B) or `b_to_a` (`2`, only B calls A). " +
					"A fixed-line A or B can only receive calls. Changes update in place.",
				Validators: []validator.String{stringvalidator.OneOf(pairDirectionEnum.values()...)},
			},
			"lifetime": schema.StringAttribute{
				Optional: true,
				Computed: true,
				Default:  stringdefault.StaticString("0s"),
				Description: "How long the binding lives, as a duration in whole seconds such as `\"720h\"` (30 days) or `\"90m\"` (`duration`, sent in seconds): " +
					"`\"0s\"` (default) means it never expires, at most `\"2160h\"` (90 days). " +
					"The platform unbinds it at `expires_at`. Changes update in place and restart the clock, as the platform does; writing the same length another way (`\"24h\"` for `\"1440m\"`) sends nothing. " +
					"Replaces `lifetime_seconds` of 0.1.0-dev (its states are upgraded).",
				Validators: []validator.String{axbLifetime.rule()},
			},
			"renew_before": renewBeforeAttribute("binding", "the AXB modify API (`duration`)", axbLifetime.max),
			"expires_at": schema.StringAttribute{
				Computed: true,
				Description: "When the platform will unbind the binding (RFC 3339, UTC): the bind time or the last lifetime change or renewal (`subscribeTime`) plus `lifetime`. " +
					"Null for a permanent binding. After it, the next plan proposes creating the binding again; `renew_before` restarts the lifetime before then.",
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"record_calls": schema.BoolAttribute{
				Optional: true,
				Computed: true,
				Default:  booldefault.StaticBool(false),
				Description: "Record the calls of this binding (`recordFlag`); recording must be enabled for the application. Default `false`. " +
					"Changes update in place.",
			},
			"record_hint_tone": schema.StringAttribute{
				Optional: true,
				Description: "Playback file announcing the recording (`recordHintTone`), uploaded and approved in the console; used when `record_calls` is true. " +
					"Default none. Changes replace the binding (the platform cannot modify it).",
				Validators: []validator.String{toneFileRule},
			},
			"max_call_minutes": schema.Int64Attribute{
				Optional: true,
				Computed: true,
				Default:  int64default.StaticInt64(0),
				Description: "Longest call in minutes, counted from the answer (`maxDuration`): the platform hangs up when it is reached. " +
					"`0` (default) means no limit, at most `1440`. Changes update in place.",
				Validators: []validator.Int64{int64validator.Between(0, 1440)},
			},
			"last_minute_tone": schema.StringAttribute{
				Optional: true,
				Description: "Playback file played when one minute of `max_call_minutes` is left (`lastMinVoice`); only with `max_call_minutes` above 0. " +
					"Default none. Changes update in place.",
				Validators: []validator.String{toneFileRule},
			},
			"sms_enabled": schema.BoolAttribute{
				Optional: true,
				Computed: true,
				Default:  booldefault.StaticBool(true),
				Description: "Relay text messages between A and B through X (`privateSms`); SMS must be enabled for the application and the number. " +
					"Default `true`, the platform's own default. Changes update in place.",
			},
			"a_hint_tone": schema.StringAttribute{
				Optional: true,
				Description: "Playback file A hears while the call to B is connected, when A calls X (`preVoice.callerHintTone`). " +
					"Default none. Changes update in place.",
				Validators: []validator.String{toneFileRule},
			},
			"b_hint_tone": schema.StringAttribute{
				Optional: true,
				Description: "Playback file B hears while the call to A is connected, when B calls X (`preVoice.calleeHintTone`). " +
					"Default none. Changes update in place.",
				Validators: []validator.String{toneFileRule},
			},
			"user_data": schema.StringAttribute{
				Optional: true,
				Description: "Your own data, echoed in the platform's call, CDR and SMS notifications for this binding (`userData`): " +
					"1 to 256 printable ASCII characters without `{` or `}`. Default none. Changes replace the binding (the platform cannot modify it).",
				Validators: []validator.String{userDataRule},
			},
		},
		Blocks: map[string]schema.Block{
			"timeouts": timeouts.Block(ctx, timeouts.Opts{Create: true, Update: true, Delete: true}),
		},
	}
}

// ValidateConfig checks the rules that span attributes, at plan time and
// before any request. Unknown values (from other resources) skip the checks
// they take part in.
func (r *axbBindingResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var cfg axbBindingModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(axbValidateConfig(cfg)...)
}

func axbValidateConfig(cfg axbBindingModel) diag.Diagnostics {
	var diags diag.Diagnostics
	switch {
	case cfg.XNumber.IsNull() && cfg.AreaCode.IsNull():
		diags.AddAttributeError(path.Root("x_number"), "Missing x_number or area_code",
			"An AXB binding needs a privacy number X: set x_number to one of the application's numbers, "+
				"or set area_code (such as \"0755\") to let the platform pick a free one. Set exactly one of them.")
	case !cfg.XNumber.IsNull() && !cfg.AreaCode.IsNull():
		diags.AddAttributeError(path.Root("area_code"), "Conflicting x_number and area_code",
			"x_number and area_code are both set, but a binding has one X: keep x_number to bind on that number, "+
				"or remove x_number to let the platform pick one in area_code. Set exactly one of them.")
	}
	if !cfg.AreaMatchMode.IsNull() && cfg.AreaCode.IsNull() && !cfg.XNumber.IsNull() {
		diags.AddAttributeError(path.Root("area_match_mode"), "area_match_mode without area_code",
			"area_match_mode only says how the platform picks X for area_code, and this binding sets x_number. Remove area_match_mode.")
	}
	if axbKnown(cfg.ANumber) && axbKnown(cfg.BNumber) && cfg.ANumber.ValueString() == cfg.BNumber.ValueString() {
		diags.AddAttributeError(path.Root("b_number"), "a_number and b_number are the same",
			fmt.Sprintf("a_number and b_number are both %q: an AXB binding connects two different numbers. Set b_number to the other party's number.", cfg.ANumber.ValueString()))
	}
	if p := renewalConfigProblem(cfg.Lifetime, cfg.RenewBefore); p != "" {
		diags.AddAttributeError(renewBeforePath, "renew_before does not fit the lifetime", p)
	}
	if !cfg.LastMinuteTone.IsNull() && !cfg.MaxCallMinutes.IsUnknown() &&
		(cfg.MaxCallMinutes.IsNull() || cfg.MaxCallMinutes.ValueInt64() == 0) {
		diags.AddAttributeError(path.Root("last_minute_tone"), "last_minute_tone without a call limit",
			"last_minute_tone is played when one minute of the call limit is left, and this binding has no limit. "+
				"Set max_call_minutes (1 to 1440) or remove last_minute_tone.")
	}
	return diags
}

func axbKnown(v interface {
	IsNull() bool
	IsUnknown() bool
}) bool {
	return !v.IsNull() && !v.IsUnknown()
}

// ModifyPlan decides update against replace: exactly what the modify API
// changes (§4.3) updates in place; everything else replaces. On replacement
// the values the platform assigns (id, a picked X, expires_at) become unknown;
// expires_at is otherwise unknown only when the lifetime changes or is
// renewed (renew_before, renewal.go).
func (r *axbBindingResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	renew := planRenewal(ctx, req, &resp.Diagnostics, r.client, "AXB binding", "")
	if planUnchanged(req) && !renew {
		return
	}
	if req.Plan.Raw.IsNull() {
		return // destroy
	}
	var plan, cfg axbBindingModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	creating := req.State.Raw.IsNull()
	var replace path.Paths
	if !creating {
		var state axbBindingModel
		resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
		if resp.Diagnostics.HasError() {
			return
		}
		replace = axbReplacePaths(cfg, plan, state)
		resp.RequiresReplace = append(resp.RequiresReplace, replace...)
		if len(replace) == 0 && sameDuration(plan.Lifetime, state.Lifetime) && !renew {
			return // an update that keeps the lifetime keeps expires_at
		}
	}
	if creating || len(replace) > 0 {
		plan.ID = types.StringUnknown()
		if cfg.XNumber.IsNull() {
			plan.XNumber = types.StringUnknown()
		}
	}
	switch {
	case plan.Lifetime.IsUnknown():
		plan.ExpiresAt = types.StringUnknown()
	case durationOf(plan.Lifetime) == 0:
		plan.ExpiresAt = types.StringNull() // permanent: known now
	default:
		plan.ExpiresAt = types.StringUnknown() // the platform restarts the clock
	}
	resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)
}

// axbReplacePaths lists the attributes whose change the modify API cannot
// make, so the binding must be replaced.
func axbReplacePaths(cfg, plan, state axbBindingModel) path.Paths {
	var out path.Paths
	changed := func(p, s attr.Value) bool { return p.IsUnknown() || !p.Equal(s) }
	// x_number, area_code, area_match_mode: the shared rules (plan_rules.go).
	if configuredChangeReplaces(cfg.XNumber, state.XNumber) {
		out = append(out, path.Root("x_number"))
	}
	if configuredChangeReplaces(plan.AreaCode, state.AreaCode) {
		out = append(out, path.Root("area_code"))
	}
	if areaMatchReplaces(plan.AreaMatchMode, state.AreaMatchMode, plan.AreaCode, state.AreaCode) {
		out = append(out, path.Root("area_match_mode"))
	}
	if changed(plan.RecordHintTone, state.RecordHintTone) {
		out = append(out, path.Root("record_hint_tone"))
	}
	if changed(plan.UserData, state.UserData) {
		out = append(out, path.Root("user_data"))
	}
	return out
}

func (r *axbBindingResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan axbBindingModel
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

	bindReq := axbBindRequest(plan)
	res, err := axbBind(ctx, r.client, bindReq)
	if err != nil {
		addBindError(&resp.Diagnostics, err, "create the AXB binding", axbBindHints(bindReq))
		return
	}
	tflog.Debug(ctx, "AXB binding created", map[string]any{logID: res.SubscriptionID, logXNumber: client.MaskNumber(res.XNumber)})

	plan.ID = types.StringValue(res.SubscriptionID)
	if res.XNumber != "" {
		plan.XNumber = types.StringValue(res.XNumber)
	}
	if adoptedBinding(ctx) {
		r.alignAdopted(ctx, plan, &resp.Diagnostics)
	}
	// A permanent binding whose X is known needs nothing more: expires_at is
	// null, and every other value is what was sent. Otherwise read it back
	// once: its subscribeTime gives expires_at (the platform's clock, not this
	// machine's), and a picked X is confirmed. Skipping the read halves the
	// requests of an apply of permanent pairs (docs/benchmarks.md).
	if durationOf(plan.Lifetime) == 0 && !plan.XNumber.IsUnknown() && !plan.XNumber.IsNull() {
		plan.ExpiresAt = types.StringNull()
	} else {
		r.readBack(ctx, &plan, "created", &resp.Diagnostics)
	}
	setIdentity(ctx, resp.Identity, plan.ID, r.appKey, &resp.Diagnostics)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

// alignAdopted brings an adopted binding (adopt_existing_bindings) in line
// with the plan: what the modify API can change is modified now; the rest
// (and any failure) shows in the next plan after the refresh. The lifetime
// is left alone: a modify would restart it.
func (r *axbBindingResource) alignAdopted(ctx context.Context, plan axbBindingModel, diags *diag.Diagnostics) {
	got, err := r.client.GetAXB(ctx, plan.ID.ValueString())
	if err == nil {
		cur := plan
		cur.axbRecord = axbRecordFrom(got, &plan.axbRecord)
		cur.ID, cur.XNumber, cur.Lifetime = plan.ID, plan.XNumber, plan.Lifetime
		mod, changed := axbModifyRequest(plan, cur)
		if !changed {
			return
		}
		if err = r.client.ModifyAXB(ctx, mod); err == nil {
			tflog.Debug(ctx, "adopted AXB binding modified to match the configuration", map[string]any{logID: plan.ID.ValueString()})
			return
		}
	}
	diags.AddWarning("Could not align the adopted AXB binding",
		fmt.Sprintf("The adopted AXB binding %s may differ from the configuration, and bringing it in line failed. "+
			"The next plan shows what differs and changes it.\n\n%s", plan.ID.ValueString(), platformErrorDetail(err, nil)))
}

// readBack takes the platform's X and expires_at after a bind or a lifetime
// change; when the read fails it warns and estimates expires_at from this
// machine's clock.
func (r *axbBindingResource) readBack(ctx context.Context, plan *axbBindingModel, done string, diags *diag.Diagnostics) {
	got, err := r.client.GetAXB(ctx, plan.ID.ValueString())
	if err == nil && (got.XNumber != "" || !plan.XNumber.IsUnknown()) {
		if got.XNumber != "" {
			plan.XNumber = types.StringValue(got.XNumber)
		}
		plan.ExpiresAt = axbRecordFrom(got, &plan.axbRecord).ExpiresAt
		return
	}
	if err == nil {
		err = fmt.Errorf("the platform did not report the binding's X number")
	}
	addReadBackWarning(diags, "AXB binding", plan.ID.ValueString(), done,
		"expires_at is estimated from this machine's clock", err)
	now, _ := r.client.PlatformNow()
	plan.ExpiresAt = expiresAt(now, durationOf(plan.Lifetime))
	if plan.XNumber.IsUnknown() {
		plan.XNumber = types.StringNull()
	}
}

// axbBindRequest builds the bind request from the plan, with explicit values
// for every field whose platform default is uncertain (§16).
func axbBindRequest(plan axbBindingModel) client.AXBBindRequest {
	req := client.AXBBindRequest{
		ANumber:            plan.ANumber.ValueString(),
		BNumber:            plan.BNumber.ValueString(),
		CallDirection:      pairDirectionEnum.toAPI(plan.CallDirection.ValueString()),
		DurationSeconds:    int(durationOf(plan.Lifetime) / time.Second),
		RecordFlag:         plan.RecordCalls.ValueBool(),
		RecordHintTone:     plan.RecordHintTone.ValueString(),
		MaxDurationMinutes: int(plan.MaxCallMinutes.ValueInt64()),
		LastMinVoice:       plan.LastMinuteTone.ValueString(),
		PrivateSMS:         plan.SMSEnabled.ValueBool(),
		UserData:           plan.UserData.ValueString(),
	}
	if axbKnown(plan.XNumber) {
		req.XNumber = plan.XNumber.ValueString()
	} else {
		req.AreaCode = plan.AreaCode.ValueString()
		req.AreaMatchMode = areaMatchEnum.toAPI(plan.AreaMatchMode.ValueString())
	}
	if !plan.AHintTone.IsNull() || !plan.BHintTone.IsNull() {
		req.PreVoice = &client.PreVoice{CallerHintTone: plan.AHintTone.ValueString(), CalleeHintTone: plan.BHintTone.ValueString()}
	}
	return req
}

func (r *axbBindingResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state axbBindingModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || r.client == nil {
		return // without a client (provider configuration unknown) the state stays as it is
	}
	setIdentity(ctx, resp.Identity, state.ID, r.appKey, &resp.Diagnostics) // before the lookup: also when the binding is gone
	b, err := r.client.GetAXB(ctx, state.ID.ValueString())
	if client.IsNotFound(err) {
		removeGone(ctx, resp, r.client, "AXB binding", state.ID.ValueString(), state.ExpiresAt)
		return
	}
	if err != nil {
		addPlatformError(&resp.Diagnostics, "read the AXB binding "+state.ID.ValueString(), err, nil)
		return
	}
	state.axbRecord = axbRecordFrom(b, &state.axbRecord)
	notePlatformClock(ctx, r.client, resp.Private, &resp.Diagnostics) // for the final plan of an apply (renewal.go)
	if state.AreaMatchMode.IsNull() {                                 // import: the platform does not report it
		state.AreaMatchMode = types.StringValue(defaultAreaMatch)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

func (r *axbBindingResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state axbBindingModel
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

	mod, changed := axbModifyRequest(plan, state)
	if renewing(plan.ExpiresAt, plan.Lifetime, state.Lifetime) && mod.DurationSeconds == nil {
		v := int(durationOf(plan.Lifetime) / time.Second) // the same lifetime, restarted now
		mod.DurationSeconds, changed = &v, true
	}
	if changed {
		if err := r.client.ModifyAXB(ctx, mod); err != nil {
			addPlatformError(&resp.Diagnostics, "update the AXB binding "+state.ID.ValueString(), err, axbModifyHints(plan, state))
			return
		}
	}
	if plan.ExpiresAt.IsUnknown() {
		r.readBack(ctx, &plan, "updated", &resp.Diagnostics)
	}
	setIdentity(ctx, resp.Identity, plan.ID, r.appKey, &resp.Diagnostics)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

// axbModifyRequest holds only what changed (nil = unchanged) and reports
// whether anything did. Removing area_code, say, changes nothing on the platform.
func axbModifyRequest(plan, state axbBindingModel) (client.AXBModifyRequest, bool) {
	m := client.AXBModifyRequest{SubscriptionID: state.ID.ValueString()}
	changed := false
	str := func(p, s types.String) *string {
		if p.Equal(s) {
			return nil
		}
		changed = true
		v := p.ValueString() // null → "": clears the value
		return &v
	}
	num := func(p, s types.Int64) *int {
		if p.Equal(s) {
			return nil
		}
		changed = true
		v := int(p.ValueInt64())
		return &v
	}
	flag := func(p, s types.Bool) *bool {
		if p.Equal(s) {
			return nil
		}
		changed = true
		v := p.ValueBool()
		return &v
	}
	m.ANumber = str(plan.ANumber, state.ANumber)
	m.BNumber = str(plan.BNumber, state.BNumber)
	if !plan.CallDirection.Equal(state.CallDirection) {
		changed = true
		d := pairDirectionEnum.toAPI(plan.CallDirection.ValueString())
		m.CallDirection = &d
	}
	if !sameDuration(plan.Lifetime, state.Lifetime) {
		changed = true
		v := int(durationOf(plan.Lifetime) / time.Second)
		m.DurationSeconds = &v
	}
	m.MaxDurationMinutes = num(plan.MaxCallMinutes, state.MaxCallMinutes)
	m.LastMinVoice = str(plan.LastMinuteTone, state.LastMinuteTone)
	m.PrivateSMS = flag(plan.SMSEnabled, state.SMSEnabled)
	m.RecordFlag = flag(plan.RecordCalls, state.RecordCalls)
	if !plan.AHintTone.Equal(state.AHintTone) || !plan.BHintTone.Equal(state.BHintTone) {
		changed = true // preVoice is sent whole: both tones
		m.PreVoice = &client.PreVoice{CallerHintTone: plan.AHintTone.ValueString(), CalleeHintTone: plan.BHintTone.ValueString()}
	}
	return m, changed
}

func axbModifyHints(plan, state axbBindingModel) codeHints {
	return codeHints{
		"1012010": fmt.Sprintf("X %s already carries a_number %s or b_number %s in another binding; AXB allows each number once per X. "+
			"Remove or change the other binding first, or bind this pair on another x_number.",
			state.XNumber.ValueString(), plan.ANumber.ValueString(), plan.BNumber.ValueString()),
		"1012007": fmt.Sprintf("The binding %s no longer exists on the platform: it was unbound elsewhere or it expired. "+
			"Run plan again: the refreshed plan proposes creating it.", state.ID.ValueString()),
		"1010002": "Playback files (last_minute_tone, a_hint_tone, b_hint_tone) must be uploaded and approved in the console before a binding can use them.",
	}
}

func (r *axbBindingResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state axbBindingModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !requireClient(r.client, &resp.Diagnostics) {
		return
	}
	deleteBinding(ctx, state.Timeouts, "AXB binding "+state.ID.ValueString(), state.ID.ValueString(), &resp.Diagnostics, func(ctx context.Context) error {
		return r.client.UnbindAXB(ctx, client.AXBUnbindRequest{SubscriptionID: state.ID.ValueString()})
	})
}

// ImportState accepts the subscriptionId, or X_NUMBER/A_NUMBER/B_NUMBER for a
// binding made outside Terraform whose ID is not at hand.
func (r *axbBindingResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	id, ok := importID(ctx, req, r.appKey, &resp.Diagnostics)
	if !ok {
		return
	}
	if strings.Contains(id, "/") {
		parts := strings.Split(id, "/")
		if len(parts) != 3 {
			resp.Diagnostics.AddError("Invalid import ID",
				fmt.Sprintf("%q is neither a subscriptionId nor X_NUMBER/A_NUMBER/B_NUMBER. Write the three numbers in global format, e.g. \"+8617000000001/+8613800000001/+8613900000001\".", req.ID))
			return
		}
		for i, name := range []string{"X_NUMBER", "A_NUMBER", "B_NUMBER"} {
			if p := numberProblem(parts[i]); p != "" {
				resp.Diagnostics.AddError("Invalid import ID", fmt.Sprintf("In X_NUMBER/A_NUMBER/B_NUMBER, %s %s.", name, p))
			}
		}
		if resp.Diagnostics.HasError() || !requireClient(r.client, &resp.Diagnostics) {
			return
		}
		b, err := axbFindByNumbers(ctx, r.client, parts[0], parts[1], parts[2])
		if err != nil {
			addPlatformError(&resp.Diagnostics, "look up the AXB binding to import", err, codeHints{
				"1012001": fmt.Sprintf("X %s is not one of this application's numbers: check the X number and the provider's app_key.", parts[0]),
			})
			return
		}
		if b == nil {
			resp.Diagnostics.AddError("No such AXB binding",
				fmt.Sprintf("X %s carries no binding of A %s and B %s (it may have expired, or A and B are the other way round). "+
					"Check the numbers, or import by the binding's subscriptionId.", parts[0], parts[1], parts[2]))
			return
		}
		id = b.SubscriptionID
	}
	if id == "" {
		resp.Diagnostics.AddError("Invalid import ID", "The import ID is empty: give the binding's subscriptionId or X_NUMBER/A_NUMBER/B_NUMBER.")
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), id)...)
}

// UpgradeState turns a state of 0.1.0-dev (schema version 0, lifetime_seconds) into this schema.
func (r *axbBindingResource) UpgradeState(context.Context) map[int64]resource.StateUpgrader {
	return lifetimeUpgraders([]lifetimeRename{{from: "lifetime_seconds", to: "lifetime", unit: time.Second}}, "renew_before")
}
