package provider

import (
	"context"
	"errors"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/privnum/terraform-provider-privatenumber/internal/client"
)

// privatenumber_recording_url: the download address of a call recording
// (reference §8.1). The address carries a token and expires, so it is
// ephemeral: opened on every plan and apply, never written to the state or
// the plan.

var (
	_ ephemeral.EphemeralResource              = (*recordingURLEphemeralResource)(nil)
	_ ephemeral.EphemeralResourceWithConfigure = (*recordingURLEphemeralResource)(nil)
)

func newRecordingURLEphemeralResource() ephemeral.EphemeralResource {
	return &recordingURLEphemeralResource{}
}

type recordingURLEphemeralResource struct{ client client.API }

type recordingURLModel struct {
	FileName     types.String `tfsdk:"file_name"`
	RecordDomain types.String `tfsdk:"record_domain"`
	URL          types.String `tfsdk:"url"`
}

func (r *recordingURLEphemeralResource) Metadata(_ context.Context, req ephemeral.MetadataRequest, resp *ephemeral.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_recording_url"
}

func (r *recordingURLEphemeralResource) Schema(_ context.Context, _ ephemeral.SchemaRequest, resp *ephemeral.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "The download address of a call recording (API: get recording download URL, `GET /rest/provision/voice/record/v1.0`). The address carries an access token and " +
			"stays valid for 3 days; the platform keeps recordings 7 days after it sends the call's CDR. As an ephemeral resource it is " +
			"fetched again on every plan and apply and is never written to the state or to a saved plan: pass it to something that " +
			"accepts ephemeral values (a provider configuration, a write-only attribute, an ephemeral output of a module). " +
			"Needs OpenTofu 1.11 or Terraform 1.10 or later, and an application with recording enabled.",
		Attributes: map[string]schema.Attribute{
			"file_name": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "The recording's file name: the CDR's `recordObjectName` (API `fileName`).",
				Validators:          []validator.String{stringvalidator.LengthBetween(1, 256)},
			},
			"record_domain": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "The storage domain of the recording: the CDR's `recordDomain` (API `recordDomain`).",
				Validators:          []validator.String{stringvalidator.LengthBetween(1, 128)},
			},
			"url": schema.StringAttribute{
				Computed:  true,
				Sensitive: true,
				MarkdownDescription: "The download address (the `Location` of the platform's HTTP 301 answer), with its token. " +
					"Sensitive: anyone holding it can download the recording until it expires.",
			},
		},
	}
}

func (r *recordingURLEphemeralResource) Configure(_ context.Context, req ephemeral.ConfigureRequest, resp *ephemeral.ConfigureResponse) {
	r.client = clientFrom(req.ProviderData, &resp.Diagnostics)
}

func (r *recordingURLEphemeralResource) Open(ctx context.Context, req ephemeral.OpenRequest, resp *ephemeral.OpenResponse) {
	var m recordingURLModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() || !requireClient(r.client, &resp.Diagnostics) {
		return
	}
	u, err := r.client.RecordingURL(ctx, m.FileName.ValueString(), m.RecordDomain.ValueString())
	if err != nil {
		addRecordingError(&resp.Diagnostics, m.FileName.ValueString(), err)
		return
	}
	m.URL = types.StringValue(u)
	resp.Diagnostics.Append(resp.Result.Set(ctx, &m)...)
}

// addRecordingError explains a refused recording address in the user's terms.
func addRecordingError(diags *diag.Diagnostics, file string, err error) {
	var perr *client.Error
	if errors.As(err, &perr) && client.IsNotFound(err) {
		diags.AddError("No such recording",
			fmt.Sprintf("The platform has no recording %q (result code %s, %s). Take file_name from the CDR's recordObjectName and "+
				"record_domain from its recordDomain; recordings are kept for 7 days after the CDR.", file, perr.ResultCode, perr.ResultDesc))
		return
	}
	addPlatformError(diags, "get the download address of recording "+file, err, codeHints{
		"1010002": "The platform refused the request. Check file_name and record_domain against the CDR, and that recording is enabled for this application (its console page).",
	})
}
