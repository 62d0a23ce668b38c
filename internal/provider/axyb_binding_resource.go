package provider

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/boolplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/privnum/terraform-provider-privatenumber/internal/client"
)

// newAXYBBindingResource is privatenumber_axyb_binding: the AX part of an
// AXYB group. The platform has no modify API for AXYB: every change replaces.
func newAXYBBindingResource() resource.Resource { return &axybBindingResource{} }

type axybBindingResource struct{ resourceBase }

// axybBindingModel is the group's state: the platform's record
// (axyb_record.go) plus the bind-time attributes the platform never reports.
type axybBindingModel struct {
	axybRecord
	AreaCode      types.String   `tfsdk:"area_code"`
	AreaMatchMode types.String   `tfsdk:"area_match_mode"`
	RenewBefore   types.String   `tfsdk:"renew_before"` // refused: AXYB cannot renew in place
	Timeouts      timeouts.Value `tfsdk:"timeouts"`
}

func (r *axybBindingResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_axyb_binding"
}

const axybReplaces = " Changing it replaces the group (AXYB has no modify API), and with it every member."

func (r *axybBindingResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	replace := []planmodifier.String{stringplanmodifier.RequiresReplace()}
	resp.Schema = schema.Schema{
		Version: 1, // 1: lifetimes as durations (0: lifetime_seconds, member_lifetime_seconds); UpgradeState
		Description: "An AXYB group (the AX part): A owns the privacy number X; each member B (resource `privatenumber_axyb_member`) gets its own privacy number Y. " +
			"A calls a member's Y to reach that B; B calls X to reach A; nobody sees a real number. The platform has no modify API for AXYB, so every change replaces the group; " +
			"unbinding the group also ends all its members.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed:      true,
				Description:   "The group's subscription ID (`subscriptionId`), shared by the group and its members.",
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"a_number": schema.StringAttribute{
				Required:      true,
				Description:   "A, the group owner's real number in global format, e.g. `+8613800000001` (`origNum` of the group bind). One X binds one A; one A can own at most 5 X." + axybReplaces,
				Validators:    []validator.String{phoneNumberRule},
				PlanModifiers: replace,
			},
			"area_code": schema.StringAttribute{
				Required: true,
				Description: "City code with its leading 0 (`areaCode`), e.g. `010`: the platform picks a free X of the application in this city; `x_number` holds it. " +
					"The platform does not report it back: after an import the configured value is recorded without a new bind. Changing it replaces the group and every member.",
				Validators:    []validator.String{areaCodeRule},
				PlanModifiers: []planmodifier.String{replaceUnlessImported()},
			},
			"area_match_mode": schema.StringAttribute{
				Optional: true,
				Computed: true,
				Default:  stringdefault.StaticString(defaultAreaMatch),
				Description: "What the platform does when `area_code` has no free X (`areaMatchMode`): `strict` (default, `0`) fails the bind; `fallback` (`1`) takes an X of another city. " +
					"Not reported back by the platform; changing it replaces the group and every member.",
				Validators:    []validator.String{stringvalidator.OneOf(areaMatchEnum.values()...)},
				PlanModifiers: []planmodifier.String{replaceUnlessImported()},
			},
			"x_number": schema.StringAttribute{
				Computed:      true,
				Description:   "X, the privacy number the platform picked for A (`relationNumber` of the bind answer, `numX`): members call it to reach A. Stable for the life of the group.",
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"call_direction": schema.StringAttribute{
				Optional: true,
				Computed: true,
				Default:  stringdefault.StaticString("both"),
				Description: "Who may call (`callDirection`): `both` (default, `0`); `a_to_b` (`1`): only A, calling a member's Y; `b_to_a` (`2`): only members, calling X." +
					axybReplaces,
				Validators:    []validator.String{stringvalidator.OneOf(pairDirectionEnum.values()...)},
				PlanModifiers: replace,
			},
			"lifetime": schema.StringAttribute{
				Optional: true,
				Computed: true,
				Default:  stringdefault.StaticString("0s"),
				Description: "How long the group lives from the bind, as a duration in whole seconds such as `\"720h\"` (`duration`, sent in seconds): `\"0s\"` (default) = permanent, " +
					"else `\"1m\"` to `\"2160h\"` (90 days). Always sent, because the platform's own default may be 7200 seconds. " +
					"When it ends, the platform unbinds the group and all members; the next plan creates them again (AXYB cannot renew a lifetime in place)." + axybReplaces +
					" Writing the same length another way does not. Replaces `lifetime_seconds` of 0.1.0-dev (its states are upgraded).",
				Validators:    []validator.String{axybLifetime.rule()},
				PlanModifiers: []planmodifier.String{replaceIfDurationChanges()},
			},
			"member_lifetime": schema.StringAttribute{
				Optional: true,
				Computed: true,
				Default:  stringdefault.StaticString("0s"),
				Description: "How long each member lives from the member's own bind, as a duration in whole seconds (`ybDuration`, sent in seconds): `\"0s\"` (default) = members end with the group, " +
					"else `\"1m\"` to `\"2160h\"`, and at most `lifetime` unless the group is permanent. When a member ends, only that member is unbound; the next plan creates it again." + axybReplaces +
					" Replaces `member_lifetime_seconds` of 0.1.0-dev.",
				Validators:    []validator.String{axybMemberLifetime.rule()},
				PlanModifiers: []planmodifier.String{replaceUnlessUnreported()},
			},
			"renew_before": schema.StringAttribute{
				Optional: true,
				Description: "Not available for AXYB, and refused: the platform has no AXYB modify API, so a group's lifetime cannot be restarted in place " +
					"(`renew_before` of the AXB and AXE bindings does that). Keep an AXYB group alive with a longer `lifetime`, or `\"0s\"` (permanent).",
				Validators: []validator.String{axybNoRenewal},
			},
			"record_calls": schema.BoolAttribute{
				Optional:      true,
				Computed:      true,
				Default:       booldefault.StaticBool(false),
				Description:   "Whether calls through the group are recorded (`recordFlag`). Default `false`; recording must be enabled for the application." + axybReplaces,
				PlanModifiers: []planmodifier.Bool{boolplanmodifier.RequiresReplace()},
			},
			"record_hint_tone": schema.StringAttribute{
				Optional:      true,
				Description:   "Playback file announcing the recording (`recordHintTone`), uploaded and approved in the console. Default: none." + axybReplaces,
				Validators:    []validator.String{toneFileRule},
				PlanModifiers: replace,
			},
			"x_hint_tone": schema.StringAttribute{
				Optional:      true,
				Description:   "Playback file played to members calling X before A answers (`preVoiceX`). Default: the ordinary ringback tone." + axybReplaces,
				Validators:    []validator.String{toneFileRule},
				PlanModifiers: replace,
			},
			"user_data": schema.StringAttribute{
				Optional:      true,
				Description:   "Free text echoed in the platform's call notifications (`userData`), 1 to 256 printable ASCII characters without `{` or `}`. Default: none." + axybReplaces,
				Validators:    []validator.String{userDataRule},
				PlanModifiers: replace,
			},
			"expires_at": schema.StringAttribute{
				Computed:      true,
				Description:   "When the group ends (RFC 3339, UTC): the bind time (`subscribeTime`) plus `lifetime`; null when the group is permanent.",
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
		},
		Blocks: map[string]schema.Block{
			"timeouts": timeouts.Block(ctx, timeouts.Opts{Create: true, Delete: true}),
		},
	}
}

func (r *axybBindingResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var lifetime, member types.String
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("lifetime"), &lifetime)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, axybMemberLifetimePath, &member)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if msg, ok := axybCheckMemberLifetime(lifetime, member); !ok {
		resp.Diagnostics.AddAttributeError(axybMemberLifetimePath, "Member lifetime longer than the group's", msg)
	}
}

// axybBindRequest is the group bind (form 1) for a plan; every field with an
// uncertain platform default is sent explicitly.
func axybBindRequest(m *axybBindingModel) client.AXYBBindRequest {
	return client.AXYBBindRequest{
		ANumber:           m.ANumber.ValueString(),
		AreaCode:          m.AreaCode.ValueString(),
		AreaMatchMode:     areaMatchEnum.toAPI(m.AreaMatchMode.ValueString()),
		CallDirection:     pairDirectionEnum.toAPI(m.CallDirection.ValueString()),
		DurationSeconds:   int(durationOf(m.Lifetime) / time.Second),
		YBDurationSeconds: int(durationOf(m.MemberLifetime) / time.Second),
		RecordFlag:        m.RecordCalls.ValueBool(),
		RecordHintTone:    m.RecordHintTone.ValueString(),
		PreVoiceX:         m.XHintTone.ValueString(),
		UserData:          m.UserData.ValueString(),
	}
}

// axybBindingHints explain the group bind's result codes with this group's numbers.
func axybBindingHints(m *axybBindingModel) codeHints {
	a, area := m.ANumber.ValueString(), m.AreaCode.ValueString()
	return codeHints{
		"1012008": fmt.Sprintf("No X could be given to A %s in area %s: either the application has no free number in %s (area_match_mode %q), "+
			"or A already owns 5 AXYB groups (the platform's limit: one A owns at most 5 X). "+
			"Add numbers for %s to the application in the console, set area_match_mode = \"fallback\" to accept an X of another city, or remove one of A's groups.",
			a, area, area, m.AreaMatchMode.ValueString(), area),
		"1016002": fmt.Sprintf("The platform says a group like this one already exists (A %s). If it was made outside Terraform, import it by its subscription ID or its X number.", a),
	}
}

func (r *axybBindingResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan axybBindingModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() || !requireClient(r.client, &resp.Diagnostics) {
		return
	}
	ctx, cancel, diags := opTimeout(ctx, plan.Timeouts, "create")
	defer cancel()
	if resp.Diagnostics.Append(diags...); resp.Diagnostics.HasError() {
		return
	}

	// AXYB cannot be queried by A and X is picked from area_code: a lost
	// answer cannot be settled, so settleBind never re-sends it.
	bindReq := axybBindRequest(&plan)
	res, err := settleBind(ctx, bindSettler[client.AXYBBindResult]{
		send: func(ctx context.Context) (*client.AXYBBindResult, error) { return r.client.BindAXYB(ctx, bindReq) },
		may:  axybMayExist(bindReq),
	})
	if err != nil {
		addBindError(&resp.Diagnostics, err, "create the AXYB group", axybBindingHints(&plan))
		return
	}

	sent, _ := r.client.PlatformNow() // the platform's clock, from the bind's answer
	plan.ID = types.StringValue(res.SubscriptionID)
	plan.XNumber = types.StringValue(res.Number)
	rels, err := r.client.QueryAXYB(ctx, client.AXYBQuery{SubscriptionID: res.SubscriptionID})
	if err != nil {
		// The group exists: keep it in state from the request and the answer.
		plan.ExpiresAt = expiresAt(sent, durationOf(plan.Lifetime))
		addReadBackWarning(&resp.Diagnostics, "AXYB group", res.SubscriptionID, "created",
			"the state holds the configured values and expires_at is estimated from this machine's clock", err)
	} else {
		plan.axybRecord = axybGroupFrom(rels, res.SubscriptionID, &plan.axybRecord)
		if plan.ExpiresAt.IsUnknown() { // no group record (reference §17): the platform gave no bind time
			plan.ExpiresAt = expiresAt(sent, durationOf(plan.Lifetime))
		}
	}
	setIdentity(ctx, resp.Identity, plan.ID, r.appKey, &resp.Diagnostics)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

// axybMayExist describes a group bind for the "may exist" error.
func axybMayExist(req client.AXYBBindRequest) mayExistError {
	return mayExistError{
		noun:     "AXYB group",
		subject:  fmt.Sprintf("a_number %s in area_code %s (area_match_mode %s)", req.ANumber, req.AreaCode, areaMatchName(req.AreaMatchMode)),
		noLookup: fmt.Sprintf("The platform was to pick X in area %s, and AXYB groups cannot be looked up by a_number alone", req.AreaCode),
		find: fmt.Sprintf("look for an AXYB binding of a_number %s made at that time in the console (the application's binding list), "+
			"or, for a candidate X of area %s, use the data source privatenumber_axyb_binding with x_number = that X", req.ANumber, req.AreaCode),
		importID: "<subscription ID or X number>",
	}
}

func (r *axybBindingResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state axybBindingModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || r.client == nil {
		return
	}
	setIdentity(ctx, resp.Identity, state.ID, r.appKey, &resp.Diagnostics) // before the lookup: also when the binding is gone
	sub := state.ID.ValueString()
	// A successful query means the group exists, whatever records it holds
	// (a group without members may answer an empty list, reference §17).
	rels, err := r.client.QueryAXYB(ctx, client.AXYBQuery{SubscriptionID: sub})
	if client.IsNotFound(err) {
		removeGone(ctx, resp, r.client, "AXYB group", sub, state.ExpiresAt)
		return
	}
	if err != nil {
		addPlatformError(&resp.Diagnostics, "read the AXYB group "+sub, err, nil)
		return
	}
	state.axybRecord = axybGroupFrom(rels, sub, &state.axybRecord)
	if state.ANumber.IsNull() || state.XNumber.IsNull() { // an import of a group the answer does not describe
		resp.Diagnostics.AddError("Cannot read the AXYB group "+sub,
			"The platform's answer for this group holds no record to take its a_number and x_number from: this platform lists a group's members only, and the group has none yet. "+
				"Add a member to the group (in the console or with the API), then import it again. Nothing was changed.")
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

// Update only records what needs no platform call: timeouts, and area_code /
// area_match_mode after an import (every other change replaces).
func (r *axybBindingResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan axybBindingModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	setIdentity(ctx, resp.Identity, plan.ID, r.appKey, &resp.Diagnostics)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	resp.Diagnostics.Append(axybMarkUnrecorded(ctx, resp.Private, false)...)
}

func (r *axybBindingResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state axybBindingModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !requireClient(r.client, &resp.Diagnostics) {
		return
	}
	// Without yNum/bNum the unbind ends the group and all its members.
	deleteBinding(ctx, state.Timeouts, "AXYB group "+state.ID.ValueString(), state.ID.ValueString(), &resp.Diagnostics, func(ctx context.Context) error {
		return r.client.UnbindAXYB(ctx, client.AXYBUnbindRequest{SubscriptionID: state.ID.ValueString()})
	})
}

// ImportState takes the group's subscription ID, or the X number it is bound on.
func (r *axybBindingResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	id, ok := importID(ctx, req, r.appKey, &resp.Diagnostics)
	if !ok {
		return
	}
	if id == "" {
		resp.Diagnostics.AddError("Invalid import ID", "Give the group's subscription ID, or the X number it is bound on in global format (e.g. +8617000000001).")
		return
	}
	if strings.HasPrefix(id, "+") {
		if p := numberProblem(id); p != "" {
			resp.Diagnostics.AddError("Invalid import ID", "The X number "+p+".")
			return
		}
		if !requireClient(r.client, &resp.Diagnostics) {
			return
		}
		sub, _, err := axybFindGroupByX(ctx, r.client, id)
		if err != nil {
			addPlatformError(&resp.Diagnostics, "look up the AXYB group on "+id, err, nil)
			return
		}
		if sub == "" {
			resp.Diagnostics.AddError("No AXYB group on this X",
				fmt.Sprintf("X %s carries no AXYB group of this application. Check the number (the group's X, not a member's Y) or import by subscription ID.", id))
			return
		}
		id = sub
	}
	// Read fills in the rest. area_code is never reported by the platform and
	// stays null, area_match_mode gets its default as after a create; both are
	// recorded from the configuration on the next apply without a new bind.
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), id)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("area_code"), types.StringNull())...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("area_match_mode"), defaultAreaMatch)...)
	resp.Diagnostics.Append(axybMarkUnrecorded(ctx, resp.Private, true)...)
}

// ModifyPlan only warns: a group without renewal (AXYB has none) that ends
// within a week is unbound then, with all its members (renewal.go).
func (r *axybBindingResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	planRenewal(ctx, req, &resp.Diagnostics, r.client, "AXYB group", axybKeepAlive)
}

// UpgradeState turns a state of 0.1.0-dev (schema version 0, lifetimes in seconds) into this schema.
func (r *axybBindingResource) UpgradeState(context.Context) map[int64]resource.StateUpgrader {
	return lifetimeUpgraders([]lifetimeRename{
		{from: "lifetime_seconds", to: "lifetime", unit: time.Second},
		{from: "member_lifetime_seconds", to: "member_lifetime", unit: time.Second},
	}, "renew_before")
}
