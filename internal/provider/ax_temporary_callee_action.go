package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/action/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/privnum/terraform-provider-privatenumber/internal/client"
)

// privatenumber_ax_temporary_callee sets whom A reaches when A dials X
// (reference §5.5): an operation on a call, not infrastructure, so an action
// (Terraform 1.14+) rather than state.

var (
	_ action.Action                     = (*axTemporaryCalleeAction)(nil)
	_ action.ActionWithConfigure        = (*axTemporaryCalleeAction)(nil)
	_ action.ActionWithConfigValidators = (*axTemporaryCalleeAction)(nil)
	_ action.ActionWithValidateConfig   = (*axTemporaryCalleeAction)(nil)
)

// defaultCalleeSeconds is the platform's documented default duration, sent
// explicitly so that nothing hangs on it.
const defaultCalleeSeconds = 60

func newAXTemporaryCalleeAction() action.Action { return &axTemporaryCalleeAction{} }

type axTemporaryCalleeAction struct{ actionBase }

type axTemporaryCalleeModel struct {
	BindingID       types.String `tfsdk:"binding_id"`
	ANumber         types.String `tfsdk:"a_number"`
	XNumber         types.String `tfsdk:"x_number"`
	CalleeNumber    types.String `tfsdk:"callee_number"`
	DurationSeconds types.Int64  `tfsdk:"duration_seconds"`
}

func (a *axTemporaryCalleeAction) Metadata(_ context.Context, req action.MetadataRequest, resp *action.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_ax_temporary_callee"
}

func (a *axTemporaryCalleeAction) Schema(_ context.Context, _ action.SchemaRequest, resp *action.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Sets the temporary callee of an AX binding: the number A reaches when A dials X, for `duration_seconds` " +
			"(API: set temporary callee, `PUT /rest/caas/privatenumber/calleenumber/v1.0`). The platform asks for one before each outbound " +
			"call of A; without one, A's call through X ends with hangup reason 8013. Nothing is kept in the state. " +
			"Needs Terraform 1.14 or later (OpenTofu has no actions yet). The request is never repeated after an answer is lost: " +
			"run the action again, setting the same callee twice is harmless.",
		Attributes: map[string]schema.Attribute{
			"binding_id": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "The AX binding's id (`subscriptionId`), e.g. `privatenumber_ax_binding.x.id`. Set it, or `a_number` and `x_number`.",
			},
			"a_number": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "A of the binding (API `origNum`), in global format; with `x_number`, instead of `binding_id`.",
				Validators:          []validator.String{phoneNumberRule},
			},
			"x_number": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "X of the binding (API `privateNum`), in global format; with `a_number`.",
				Validators:          []validator.String{phoneNumberRule},
			},
			"callee_number": schema.StringAttribute{
				Required: true,
				MarkdownDescription: "The number A reaches through X (API `calleeNum`), in global format; not A itself. " +
					"Unlike a bound number it may be a 400 or 95 service number.",
				Validators: []validator.String{calleeRule},
			},
			"duration_seconds": schema.Int64Attribute{
				Optional: true,
				MarkdownDescription: fmt.Sprintf("How long the temporary callee holds, in seconds, 1 to 259200 (3 days) (API `duration`). "+
					"Default %d (the platform's default, sent explicitly).", defaultCalleeSeconds),
				Validators: []validator.Int64{int64validator.Between(1, 259200)},
			},
		},
	}
}

func (a *axTemporaryCalleeAction) ConfigValidators(context.Context) []action.ConfigValidator {
	return axCalleeIdentity()
}

// ValidateConfig refuses A as its own callee, which the platform would refuse.
func (a *axTemporaryCalleeAction) ValidateConfig(ctx context.Context, req action.ValidateConfigRequest, resp *action.ValidateConfigResponse) {
	var m axTemporaryCalleeModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() || m.ANumber.IsUnknown() || m.CalleeNumber.IsUnknown() || m.ANumber.IsNull() {
		return
	}
	if m.ANumber.ValueString() == m.CalleeNumber.ValueString() {
		resp.Diagnostics.AddAttributeError(path.Root("callee_number"), "Invalid temporary callee",
			"callee_number is a_number itself; the platform refuses a callee equal to A. Set the number A should reach through X.")
	}
}

func (a *axTemporaryCalleeAction) Invoke(ctx context.Context, req action.InvokeRequest, resp *action.InvokeResponse) {
	var m axTemporaryCalleeModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() || !requireClient(a.client, &resp.Diagnostics) {
		return
	}
	secs := int64(defaultCalleeSeconds)
	if !m.DurationSeconds.IsNull() {
		secs = m.DurationSeconds.ValueInt64()
	}
	in := client.AXCalleeRequest{
		SubscriptionID: m.BindingID.ValueString(), ANumber: m.ANumber.ValueString(), XNumber: m.XNumber.ValueString(),
		CalleeNumber: m.CalleeNumber.ValueString(), DurationSeconds: int(secs),
	}
	which := "AX binding " + in.SubscriptionID
	if in.SubscriptionID == "" {
		which = fmt.Sprintf("AX binding of A %s on X %s", client.MaskNumber(in.ANumber), client.MaskNumber(in.XNumber))
	}
	if err := a.client.SetAXTemporaryCallee(ctx, in); err != nil {
		addActionError(&resp.Diagnostics, "set the temporary callee of the "+which, err, axCalleeHints)
		return
	}
	progress(resp, fmt.Sprintf("The %s: A's calls through X reach %s for %d s.", which, client.MaskNumber(in.CalleeNumber), secs))
}

// axCalleeHints say what the platform's refusals mean for this action.
var axCalleeHints = codeHints{
	"1016001": "The platform has no such AX binding: check binding_id (or a_number and x_number); the binding may have been unbound.",
	"1011004": "X is not one of this application's numbers (or it was released): check x_number.",
	"1010002": "The platform refused a parameter: callee_number must be in global format and differ from A, and duration_seconds must be 1 to 259200.",
}
