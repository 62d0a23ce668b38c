package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/action/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// privatenumber_stop_call ends a call in progress (reference §8.2).

var (
	_ action.Action              = (*stopCallAction)(nil)
	_ action.ActionWithConfigure = (*stopCallAction)(nil)
)

func newStopCallAction() action.Action { return &stopCallAction{} }

type stopCallAction struct{ actionBase }

type stopCallModel struct {
	SessionID types.String `tfsdk:"session_id"`
}

func (a *stopCallAction) Metadata(_ context.Context, req action.MetadataRequest, resp *action.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_stop_call"
}

func (a *stopCallAction) Schema(_ context.Context, _ action.SchemaRequest, resp *action.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Ends a call in progress through one of the application's numbers, in any mode " +
			"(API: terminate call, `POST /rest/httpsessions/callStop/v2.0`). Needs Terraform 1.14 or later (OpenTofu has no actions yet). " +
			"The request is never repeated after an answer is lost.",
		Attributes: map[string]schema.Attribute{
			"session_id": schema.StringAttribute{
				Required: true,
				MarkdownDescription: "The call's `sessionId`, from a call event (`callin`, `callout`, ...) or the CDR the platform sent " +
					"to the application's callback address (API `sessionid`).",
				Validators: []validator.String{stringvalidator.LengthBetween(1, 256)},
			},
		},
	}
}

func (a *stopCallAction) Invoke(ctx context.Context, req action.InvokeRequest, resp *action.InvokeResponse) {
	var m stopCallModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() || !requireClient(a.client, &resp.Diagnostics) {
		return
	}
	sid := m.SessionID.ValueString()
	if err := a.client.StopCall(ctx, sid); err != nil {
		addActionError(&resp.Diagnostics, "stop the call "+sid, err, stopCallHints)
		return
	}
	progress(resp, "The call "+sid+" was stopped.")
}

// stopCallHints say what the platform's refusals mean for this action.
var stopCallHints = codeHints{
	"1012007": "The platform refused the session id: it has no call in progress with this sessionId for this application. " +
		"The call may have ended already, or the id belongs to another application or is mistyped; take it from a call event or the CDR.",
}
