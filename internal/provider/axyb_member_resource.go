package provider

import (
	"context"
	"fmt"
	"time"

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
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/privnum/terraform-provider-privatenumber/internal/client"
)

var (
	_ resource.Resource                   = (*axybMemberResource)(nil)
	_ resource.ResourceWithConfigure      = (*axybMemberResource)(nil)
	_ resource.ResourceWithImportState    = (*axybMemberResource)(nil)
	_ resource.ResourceWithValidateConfig = (*axybMemberResource)(nil)
)

// newAXYBMemberResource is privatenumber_axyb_member: one B of an AXYB group
// (bind form 2). No modify API: every change replaces.
func newAXYBMemberResource() resource.Resource { return &axybMemberResource{} }

type axybMemberResource struct {
	client client.API
}

type axybMemberModel struct {
	ID            types.String   `tfsdk:"id"`
	BindingID     types.String   `tfsdk:"binding_id"`
	BNumber       types.String   `tfsdk:"b_number"`
	AreaCode      types.String   `tfsdk:"area_code"`
	AreaMatchMode types.String   `tfsdk:"area_match_mode"`
	YHintTone     types.String   `tfsdk:"y_hint_tone"`
	YNumber       types.String   `tfsdk:"y_number"`
	ExpiresAt     types.String   `tfsdk:"expires_at"`
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
				PlanModifiers: []planmodifier.String{axybBindTimeOnly()},
			},
			"area_match_mode": schema.StringAttribute{
				Optional: true,
				Computed: true,
				Default:  stringdefault.StaticString("strict"),
				Description: "With `area_code`, what the platform does when that city has no free Y (`areaMatchMode`): `strict` (default, `0`) fails the bind; `fallback` (`1`) takes a Y of another city. " +
					"Only allowed with `area_code`. Not reported back by the platform." + axybMemberReplaces,
				Validators:    []validator.String{stringvalidator.OneOf(areaMatchEnum.values()...)},
				PlanModifiers: []planmodifier.String{axybBindTimeOnly()},
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
				Description: "When the member ends (RFC 3339, UTC): its bind time (`subscribeTime`) plus the group's `member_lifetime_seconds` (`ybDuration`); " +
					"null when the member ends with the group. When it ends, the next plan creates only this member again.",
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
		},
		Blocks: map[string]schema.Block{
			"timeouts": timeouts.Block(ctx, timeouts.Opts{Create: true, Delete: true}),
		},
	}
}

func (r *axybMemberResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.client = clientFrom(req.ProviderData, &resp.Diagnostics)
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

// setFromRecord writes the platform's member record into the model.
func (m *axybMemberModel) setFromRecord(sub string, r *client.AXYBRelation) {
	m.ID = types.StringValue(axybMemberID(sub, r.BNumber))
	m.BindingID = types.StringValue(sub)
	m.BNumber = types.StringValue(r.BNumber)
	m.YNumber = types.StringValue(r.YNumber)
	m.YHintTone = stringOrNull(r.PreVoiceY)
	m.ExpiresAt = axybMemberExpiresAt(r)
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
	timeout, diags := plan.Timeouts.Create(ctx, 5*time.Minute)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	sub, b := plan.BindingID.ValueString(), plan.BNumber.ValueString()
	bindReq := client.AXYBMemberBindRequest{
		SubscriptionID: sub,
		BNumber:        b,
		AreaCode:       plan.AreaCode.ValueString(),
		AreaMatchMode:  areaMatchEnum.toAPI(plan.AreaMatchMode.ValueString()),
		PreVoiceY:      plan.YHintTone.ValueString(),
	}
	rec, res, err := axybBindMember(ctx, r.client, bindReq)
	if err != nil {
		if client.IsUnknownOutcome(err) {
			resp.Diagnostics.AddError("AXYB member may exist on the platform", fmt.Sprintf(
				"The answer to the bind of B %s into group %s was lost, and the provider could not tell whether the member exists "+
					"(the group could not be queried, or the answer was lost each time the bind was sent). "+
					"Look at the group's members (the data source privatenumber_axyb_binding with id = %q, or the console): "+
					"if B is there, import it with terraform import <address> %s; if not, run apply again.\n\nError: %v", b, sub, sub, axybMemberID(sub, b), err))
			return
		}
		addPlatformError(&resp.Diagnostics, "add B "+b+" to the AXYB group", err, axybMemberHints(&plan))
		return
	}
	if rec == nil {
		// Read the member back for its bind time (expires_at).
		rec, err = axybFindMember(ctx, r.client, sub, b)
	}
	if rec == nil {
		plan.ID = types.StringValue(axybMemberID(sub, b))
		plan.YNumber = types.StringValue(res.Number)
		plan.ExpiresAt = types.StringNull()
		resp.Diagnostics.AddWarning("Could not read the new AXYB member back",
			fmt.Sprintf("B %s was added to group %s (Y %s), but reading it back failed (%v); the next refresh reads it again.", b, sub, res.Number, err))
	} else {
		plan.setFromRecord(sub, rec)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

// axybBindMember binds a member. When the answer is lost it looks the group
// up: a record with this B is adopted (returned as rec); when the group
// surely holds no such member the bind is sent again (up to maxBindSends
// sends; a conflict on a re-send adopts the member of an earlier send); when
// that cannot be told, the unknown-outcome error is returned. On success exactly one of rec
// (adopted) and res (bound) is set.
func axybBindMember(ctx context.Context, c client.API, req client.AXYBMemberBindRequest) (*client.AXYBRelation, *client.AXYBBindResult, error) {
	for sends := 1; ; sends++ {
		res, err := c.BindAXYBMember(ctx, req)
		if sends > 1 && client.IsConflict(err) {
			// An earlier send whose answer was lost may have been applied
			// after the lookup (a slow platform): adopt it rather than fail
			// and leave it behind.
			if rec, ferr := axybFindMember(ctx, c, req.SubscriptionID, req.BNumber); ferr == nil && rec != nil {
				tflog.Debug(ctx, "AXYB re-sent member bind conflicts with the member of an earlier send; adopting it", map[string]any{"subscription_id": req.SubscriptionID})
				return rec, nil, nil
			}
		}
		if err == nil || !client.IsUnknownOutcome(err) {
			return nil, res, err
		}
		rec, ferr := axybFindMember(ctx, c, req.SubscriptionID, req.BNumber)
		if ferr != nil {
			tflog.Debug(ctx, "AXYB member bind outcome unknown and the group query failed", map[string]any{"subscription_id": req.SubscriptionID, "error": ferr.Error()})
			return nil, nil, err
		}
		if rec != nil {
			tflog.Debug(ctx, "AXYB member bind outcome unknown; adopting the member found on the platform", map[string]any{"subscription_id": req.SubscriptionID})
			return rec, nil, nil
		}
		if sends >= maxBindSends {
			return nil, nil, err
		}
		tflog.Debug(ctx, "AXYB member bind outcome unknown; the member surely does not exist, binding once more", map[string]any{"subscription_id": req.SubscriptionID})
	}
}

func (r *axybMemberResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state axybMemberModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || r.client == nil {
		return
	}
	sub, b := state.BindingID.ValueString(), state.BNumber.ValueString()
	rels, err := r.client.QueryAXYB(ctx, client.AXYBQuery{SubscriptionID: sub})
	if err != nil {
		if client.IsNotFound(err) {
			tflog.Debug(ctx, "AXYB group of the member no longer exists; removing the member from state", map[string]any{"subscription_id": sub})
			resp.State.RemoveResource(ctx)
			return
		}
		addPlatformError(&resp.Diagnostics, "read the AXYB member", err, nil)
		return
	}
	rec := axybMemberRecord(rels, sub, b)
	if rec == nil {
		tflog.Debug(ctx, "AXYB member no longer exists; removing it from state", map[string]any{"subscription_id": sub})
		resp.State.RemoveResource(ctx)
		return
	}
	state.setFromRecord(sub, rec)
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
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	resp.Diagnostics.Append(axybMarkUnrecorded(ctx, resp.Private, false)...)
}

func (r *axybMemberResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state axybMemberModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !requireClient(r.client, &resp.Diagnostics) {
		return
	}
	timeout, diags := state.Timeouts.Delete(ctx, 5*time.Minute)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	// By B, the member's natural key: never by subscription ID alone, which
	// would unbind the whole group.
	sub, b := state.BindingID.ValueString(), state.BNumber.ValueString()
	if sub == "" || b == "" {
		return
	}
	err := r.client.UnbindAXYB(ctx, client.AXYBUnbindRequest{SubscriptionID: sub, BNumber: b})
	if err != nil && !client.IsNotFound(err) {
		addPlatformError(&resp.Diagnostics, "remove B "+b+" from the AXYB group", err, nil)
	}
}

// ImportState takes SUBSCRIPTION_ID/B_NUMBER.
func (r *axybMemberResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	sub, b, err := axybParseMemberID(req.ID)
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
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("area_match_mode"), "strict")...)
	resp.Diagnostics.Append(axybMarkUnrecorded(ctx, resp.Private, true)...)
}
