package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/privnum/terraform-provider-privatenumber/internal/client"
)

func newAXEBindingDataSource() datasource.DataSource { return &axeBindingDataSource{} }

type axeBindingDataSource struct{ dataSourceBase }

// axeRecordAttributes are the attributes of one AXE binding as the platform
// reports it, all computed; lookup keys are made optional by the caller.
func axeRecordAttributes() map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"id":             schema.StringAttribute{Computed: true, Description: "The binding's subscription ID (`subscriptionId`)."},
		"a_number":       schema.StringAttribute{Computed: true, Description: "The real number reached through X and the extension (`bindNum`)."},
		"x_number":       schema.StringAttribute{Computed: true, Description: "The shared privacy number (`virtualNum`)."},
		"extension":      schema.StringAttribute{Computed: true, Description: "The extension dialled after X to reach A (`extendNum`)."},
		"caller_id_to_a": schema.StringAttribute{Computed: true, Description: "What A sees as the caller (`displayNumMode`): `x_number` or `real_caller`."},
		"record_calls":   schema.BoolAttribute{Computed: true, Description: "Whether calls are recorded (`recordFlag`)."},
		"record_hint_tone": schema.StringAttribute{Computed: true,
			Description: "Playback file announcing the recording (`recordHintTone`); null when none."},
		"callback_tone": schema.StringAttribute{Computed: true,
			Description: "Playback file played when A dials X with nobody to call back (`callbackTone`); null when none."},
		"callback_number": schema.StringAttribute{Computed: true,
			Description: "Number A is forwarded to when A dials X with nobody to call back (`callbackNum`); null when none."},
		"lifetime": schema.StringAttribute{Computed: true,
			Description: "The binding's lifetime as set when it was bound, as a duration such as `\"720h\"` (`bindExpiredTime` in its `timeUnit`); `\"0s\"` = permanent. " +
				"The platform keeps reporting the bind-time value after a modify changed it."},
		"callback_lifetime": schema.StringAttribute{Computed: true,
			Description: "How long a caller stays the one A is called back to, as a duration (`callbackExpiredTime` in its `timeUnit`)."},
		"user_data": schema.StringAttribute{Computed: true, Description: "Free text returned in call events (`userData`); null when none."},
	}
}

func (d *axeBindingDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_axe_binding"
}

func (d *axeBindingDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	attrs := axeRecordAttributes()
	attrs["id"] = schema.StringAttribute{Optional: true, Computed: true,
		Description: "The binding's subscription ID (`subscriptionId`). Look up by `id`, or by `x_number` and `extension`."}
	attrs["x_number"] = schema.StringAttribute{Optional: true, Computed: true, Validators: []validator.String{phoneNumberRule},
		Description: "The shared privacy number (`virtualNum`); with `extension`, the lookup key when `id` is not set."}
	attrs["extension"] = schema.StringAttribute{Optional: true, Computed: true, Validators: []validator.String{extensionRule},
		Description: "The extension (`extendNum`); with `x_number`, the lookup key when `id` is not set."}
	resp.Schema = schema.Schema{
		Description: "One AXE binding (an A number behind an extension of a shared X), looked up by subscription ID or by X number and extension (query v1.0).",
		Attributes:  attrs,
	}
}

func (d *axeBindingDataSource) ValidateConfig(ctx context.Context, req datasource.ValidateConfigRequest, resp *datasource.ValidateConfigResponse) {
	var m axeRecord
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() || m.ID.IsUnknown() || m.XNumber.IsUnknown() || m.Extension.IsUnknown() {
		return
	}
	byKey := !m.XNumber.IsNull() || !m.Extension.IsNull()
	switch {
	case !m.ID.IsNull() && byKey:
		resp.Diagnostics.AddAttributeError(path.Root("id"), "Conflicting lookup keys",
			"Look the binding up either by id, or by x_number and extension: remove id or remove x_number and extension.")
	case m.ID.IsNull() && !byKey:
		resp.Diagnostics.AddAttributeError(path.Root("id"), "Missing lookup key",
			"Set id (the subscription ID), or x_number and extension, to say which binding to read.")
	case m.ID.IsNull() && (m.XNumber.IsNull() || m.Extension.IsNull()):
		missing := "extension"
		if m.XNumber.IsNull() {
			missing = "x_number"
		}
		resp.Diagnostics.AddAttributeError(path.Root(missing), "Incomplete lookup key",
			"A binding is found by x_number and extension together: set "+missing+" as well (or use id).")
	}
}

func (d *axeBindingDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	if !requireClient(d.client, &resp.Diagnostics) {
		return
	}
	var m axeRecord
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	q := client.AXEQuery{SubscriptionID: m.ID.ValueString()}
	what := "binding " + q.SubscriptionID
	if q.SubscriptionID == "" {
		q.XNumber, q.Extension = m.XNumber.ValueString(), m.Extension.ValueString()
		what = fmt.Sprintf("extension %s on X %s", q.Extension, q.XNumber)
	}
	b, err := d.client.QueryAXE(ctx, q)
	if err != nil {
		addPlatformError(&resp.Diagnostics, "read the AXE binding", err, codeHints{
			"1016001": "The platform has no " + what + ": it was never bound, was unbound, or expired. List an X's bindings with the privatenumber_axe_bindings data source.",
		})
		return
	}
	if q.SubscriptionID != "" && b.SubscriptionID == "" {
		b.SubscriptionID = q.SubscriptionID
	}
	rec := axeRecordFrom(*b, nil)
	resp.Diagnostics.Append(resp.State.Set(ctx, &rec)...)
}
