package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/privnum/terraform-provider-privatenumber/internal/client"
)

// newAXYBMemberResource is privatenumber_axyb_member: one B of an AXYB group
// (bind form 2). No modify API: every change replaces.
func newAXYBMemberResource() resource.Resource { return &axybMemberResource{} }

type axybMemberResource struct{ resourceBase }

// axybMemberModel is a member's state: the platform's record
// (axyb_record.go) plus its group and the bind-time attributes.
type axybMemberModel struct {
	axybMemberAttrs
	BindingID     types.String   `tfsdk:"binding_id"`
	AreaCode      types.String   `tfsdk:"area_code"`
	AreaMatchMode types.String   `tfsdk:"area_match_mode"`
	Timeouts      timeouts.Value `tfsdk:"timeouts"`
}

func (r *axybMemberResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_axyb_member"
}

const axybMemberReplaces = " Changing it replaces the member (AXYB has no modify API); the other members are not touched."

func (r *axybMemberResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	replace := []planmodifier.String{stringplanmodifier.RequiresReplace()}
	resp.Schema = schema.Schema{
		Description: "One member B of an AXYB group (`privatenumber_axyb_binding`): the platform gives B its own privacy number Y. " +
			"A calls Y to reach B; B calls the group's X to reach A. Adding or removing a member touches no other member. " +
			"Unbinding the group ends its members too; a member whose group is gone disappears from state on the next refresh.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed:      true,
				Description:   "`SUBSCRIPTION_ID/B_NUMBER`: the group's subscription ID and the member's B number; the import ID.",
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"binding_id": schema.StringAttribute{
				Required: true,
				Description: "The group's `id` (`subscriptionId` of the member bind), normally `privatenumber_axyb_binding.<name>.id`. " +
					"Referencing it also makes members be destroyed before their group." + axybMemberReplaces,
				Validators:    []validator.String{stringvalidator.LengthBetween(1, 64)},
				PlanModifiers: replace,
			},
			"b_number": schema.StringAttribute{
				Required:      true,
				Description:   "B, the member's real number in global format, e.g. `+8613900000001` (`origNum` of the member bind). Each B can be in a group once, and it cannot be the group's A." + axybMemberReplaces,
				Validators:    []validator.String{phoneNumberRule},
				PlanModifiers: replace,
			},
			"area_code": schema.StringAttribute{
				Optional: true,
				Description: "City code with its leading 0 (`areaCode`) from which the platform picks Y, e.g. `010`. Default: none; the platform takes a Y in the city of the group's X, else any. " +
					"Not reported back by the platform: after an import the configured value is recorded without a new bind." + axybMemberReplaces,
				Validators:    []validator.String{areaCodeRule},
				PlanModifiers: []planmodifier.String{replaceUnlessImported()},
			},
			"area_match_mode": schema.StringAttribute{
				Optional: true,
				Computed: true,
				Default:  stringdefault.StaticString(defaultAreaMatch),
				Description: "With `area_code`, what the platform does when that city has no free Y (`areaMatchMode`): `strict` (default, `0`) fails the bind; `fallback` (`1`) takes a Y of another city. " +
					"Only allowed with `area_code`. Not reported back by the platform." + axybMemberReplaces,
				Validators:    []validator.String{stringvalidator.OneOf(areaMatchEnum.values()...)},
				PlanModifiers: []planmodifier.String{replaceUnlessImported()},
			},
			"y_hint_tone": schema.StringAttribute{
				Optional:      true,
				Description:   "Playback file played to A calling this member's Y before B answers (`preVoiceY`), uploaded and approved in the console. Default: the ordinary ringback tone." + axybMemberReplaces,
				Validators:    []validator.String{toneFileRule},
				PlanModifiers: replace,
			},
			"y_number": schema.StringAttribute{
				Computed:      true,
				Description:   "Y, the privacy number the platform gave this member (`relationNumber` of the bind answer, `numY`): A calls it to reach B. Stable for the life of the member.",
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"expires_at": schema.StringAttribute{
				Computed: true,
				Description: "When the member ends (RFC 3339, UTC): its bind time (`subscribeTime`) plus the group's `member_lifetime` (`ybDuration`); " +
					"null when the member ends with the group. When it ends, the next plan creates only this member again.",
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
		},
		Blocks: map[string]schema.Block{
			"timeouts": timeouts.Block(ctx, timeouts.Opts{Create: true, Delete: true}),
		},
	}
}

func (r *axybMemberResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var area, mode types.String
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("area_code"), &area)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("area_match_mode"), &mode)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if !mode.IsNull() && !mode.IsUnknown() && area.IsNull() {
		resp.Diagnostics.AddAttributeError(path.Root("area_match_mode"), "area_match_mode without area_code",
			"area_match_mode only says what happens when area_code has no free Y. Set area_code (e.g. \"010\"), or remove area_match_mode: "+
				"without area_code the platform takes a Y in the city of the group's X, else any.")
	}
}

// axybMemberHints explain the member bind's result codes with this member's numbers.
func axybMemberHints(m *axybMemberModel) codeHints {
	sub, b := m.BindingID.ValueString(), m.BNumber.ValueString()
	where := "the city of the group's X, or any city"
	if !m.AreaCode.IsNull() {
		where = "area " + m.AreaCode.ValueString()
		if m.AreaMatchMode.ValueString() != "fallback" {
			where += " (area_match_mode \"strict\"; \"fallback\" accepts another city)"
		}
	}
	return codeHints{
		"1016002": fmt.Sprintf("B %s is already a member of group %s: each B can be in a group once. "+
			"Remove the duplicate privatenumber_axyb_member, or bring the existing member under Terraform with terraform import <address> %s.", b, sub, axybMemberID(sub, b)),
		"1012008": fmt.Sprintf("No free Y for B %s in %s: every number there is the X of a group, already a Y of group %s, or carries 1000 relations. "+
			"Add numbers to the application in the console, or choose another area_code.", b, where, sub),
		"1016001": fmt.Sprintf("Group %s does not exist on the platform (unbound elsewhere, or it expired). Run terraform apply again: the refresh plans the group and its members to be created.", sub),
		"1010002": fmt.Sprintf("If the refused parameter is origNum: B %s may not be the group's own A number.", b),
	}
}

func (r *axybMemberResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan axybMemberModel
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

	sub, b := plan.BindingID.ValueString(), plan.BNumber.ValueString()
	bindReq := client.AXYBMemberBindRequest{
		SubscriptionID: sub,
		BNumber:        b,
		AreaCode:       plan.AreaCode.ValueString(),
		AreaMatchMode:  areaMatchEnum.toAPI(plan.AreaMatchMode.ValueString()),
		PreVoiceY:      plan.YHintTone.ValueString(),
	}
	res, err := axybBindMember(ctx, r.client, bindReq)
	if err != nil {
		addBindError(&resp.Diagnostics, err, "add B "+b+" to the AXYB group", axybMemberHints(&plan))
		return
	}
	plan.BindingID = types.StringValue(sub)
	rec := res.rec
	if rec == nil {
		// Read the member back for its bind time (expires_at).
		if rec, err = axybFindMember(ctx, r.client, sub, b); err == nil && rec == nil {
			err = fmt.Errorf("the group's records hold no member with this B")
		}
	}
	if err != nil {
		plan.ID = types.StringValue(axybMemberID(sub, b))
		plan.YNumber = types.StringValue(res.y)
		plan.ExpiresAt = types.StringNull()
		addReadBackWarning(&resp.Diagnostics, "AXYB member", plan.ID.ValueString(), "created",
			"the state holds the configured values and no expires_at", err)
	} else {
		attrs := axybMemberFrom(sub, rec, &plan.axybMemberAttrs)
		if adoptedBinding(ctx) {
			keepPlanned(&attrs, &plan.axybMemberAttrs) // the next refresh shows what differs
		}
		plan.axybMemberAttrs = attrs
	}
	setIdentity(ctx, resp.Identity, plan.ID, r.appKey, &resp.Diagnostics)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

// axybBound is a member bind's result: the record of an adopted member,
// or the Y of a new one.
type axybBound struct {
	rec *client.AXYBRelation
	y   string
}

// axybBindMember binds a member and settles a lost answer (settleBind) by
// its natural key, group + B: the group's records are looked up; a member
// with this B is adopted, none means the bind did not happen.
func axybBindMember(ctx context.Context, c client.API, req client.AXYBMemberBindRequest) (*axybBound, error) {
	return settleBind(ctx, bindSettler[axybBound]{
		send: func(ctx context.Context) (*axybBound, error) {
			res, err := c.BindAXYBMember(ctx, req)
			if err != nil {
				return nil, err
			}
			return &axybBound{y: res.Number}, nil
		},
		lookup: lookupBy(func(ctx context.Context) (*client.AXYBRelation, error) {
			return axybFindMember(ctx, c, req.SubscriptionID, req.BNumber)
		}, func(rec *client.AXYBRelation) *axybBound { return &axybBound{rec: rec, y: rec.YNumber} }),
		may: mayExistError{
			noun:     "AXYB member",
			subject:  fmt.Sprintf("b_number %s into the AXYB group %s", req.BNumber, req.SubscriptionID),
			find:     fmt.Sprintf("the group's members in the data source privatenumber_axyb_binding with id = %q, or the console", req.SubscriptionID),
			importID: axybMemberID(req.SubscriptionID, req.BNumber),
		},
	})
}

func (r *axybMemberResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state axybMemberModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || r.client == nil {
		return
	}
	setIdentity(ctx, resp.Identity, state.ID, r.appKey, &resp.Diagnostics) // before the lookup: also when the binding is gone
	sub, b := state.BindingID.ValueString(), state.BNumber.ValueString()
	rels, err := r.client.QueryAXYB(ctx, client.AXYBQuery{SubscriptionID: sub})
	rec := axybMemberRecord(rels, sub, b)
	if client.IsNotFound(err) || (err == nil && rec == nil) {
		removeGone(ctx, resp, r.client, "AXYB member", sub, state.ExpiresAt) // the group's id: the member's would show B in full
		return
	}
	if err != nil {
		addPlatformError(&resp.Diagnostics, "read the AXYB member "+axybMemberID(sub, b), err, nil)
		return
	}
	state.BindingID = types.StringValue(sub)
	state.axybMemberAttrs = axybMemberFrom(sub, rec, &state.axybMemberAttrs)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

// Update only records what needs no platform call: timeouts, and area_code /
// area_match_mode after an import (every other change replaces).
func (r *axybMemberResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan axybMemberModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	setIdentity(ctx, resp.Identity, plan.ID, r.appKey, &resp.Diagnostics)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	resp.Diagnostics.Append(axybMarkUnrecorded(ctx, resp.Private, false)...)
}

func (r *axybMemberResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state axybMemberModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !requireClient(r.client, &resp.Diagnostics) {
		return
	}
	// By B, the member's natural key: never by subscription ID alone, which
	// would unbind the whole group.
	sub, b := state.BindingID.ValueString(), state.BNumber.ValueString()
	if sub == "" || b == "" {
		return
	}
	deleteBinding(ctx, state.Timeouts, "AXYB member B "+b+" of the group "+sub, sub, &resp.Diagnostics, func(ctx context.Context) error {
		return r.client.UnbindAXYB(ctx, client.AXYBUnbindRequest{SubscriptionID: sub, BNumber: b})
	})
}

// ImportState takes SUBSCRIPTION_ID/B_NUMBER.
func (r *axybMemberResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	id, ok := importID(ctx, req, r.appKey, &resp.Diagnostics)
	if !ok {
		return
	}
	sub, b, err := axybParseMemberID(id)
	if err != nil {
		resp.Diagnostics.AddError("Invalid import ID", err.Error())
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), axybMemberID(sub, b))...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("binding_id"), sub)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("b_number"), b)...)
	// Never reported by the platform: null and the default, as after a create
	// without them; configured values are recorded on the next apply without a new bind.
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("area_code"), types.StringNull())...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("area_match_mode"), defaultAreaMatch)...)
	resp.Diagnostics.Append(axybMarkUnrecorded(ctx, resp.Private, true)...)
}

// ModifyPlan only warns: a member that ends within a week cannot be renewed
// in place (AXYB has no modify; renewal.go).
func (r *axybMemberResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	planRenewal(ctx, req, &resp.Diagnostics, r.client, "AXYB member", axybMemberKeepAlive)
}
