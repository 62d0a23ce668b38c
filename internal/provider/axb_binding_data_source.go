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

func newAXBBindingDataSource() datasource.DataSource { return &axbBindingDataSource{} }

// axbBindingDataSource reads one AXB binding by id or by X + A + B.
type axbBindingDataSource struct{ dataSourceBase }

func (d *axbBindingDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_axb_binding"
}

// axbDataAttributes are the platform's attributes of a binding, all computed,
// described as in the resource.
func axbDataAttributes() map[string]schema.Attribute {
	computed := func(desc string) schema.StringAttribute {
		return schema.StringAttribute{Computed: true, Description: desc}
	}
	return map[string]schema.Attribute{
		"id":               computed("The binding's ID (`subscriptionId`)."),
		"x_number":         computed("The privacy number X (`relationNum`), in global format."),
		"a_number":         computed("Party A's real number (`callerNum`), in global format."),
		"b_number":         computed("Party B's real number (`calleeNum`), in global format."),
		"call_direction":   computed("Who may call through X (`callDirection`): `both` (`0`), `a_to_b` (`1`) or `b_to_a` (`2`)."),
		"lifetime":         schema.StringAttribute{Computed: true, Description: "The binding's lifetime as a duration such as `\"720h\"` (`duration`, in seconds); `\"0s\"` means it never expires."},
		"expires_at":       computed("When the platform will unbind the binding (RFC 3339, UTC: `subscribeTime` plus `duration`); null when permanent."),
		"record_calls":     schema.BoolAttribute{Computed: true, Description: "Whether calls are recorded (`recordFlag`)."},
		"record_hint_tone": computed("Playback file announcing the recording (`recordHintTone`); null when none."),
		"max_call_minutes": schema.Int64Attribute{Computed: true, Description: "Longest call in minutes (`maxDuration`); `0` means no limit."},
		"last_minute_tone": computed("Playback file played when one minute of the call limit is left (`lastMinVoice`); null when none."),
		"sms_enabled":      schema.BoolAttribute{Computed: true, Description: "Whether text messages are relayed through X (`privateSms`)."},
		"a_hint_tone":      computed("Playback file A hears when calling X (`preVoice.callerHintTone`); null when none."),
		"b_hint_tone":      computed("Playback file B hears when calling X (`preVoice.calleeHintTone`); null when none."),
		"user_data":        computed("Your own data echoed in notifications (`userData`); null when none."),
	}
}

func (d *axbBindingDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	attrs := axbDataAttributes()
	attrs["id"] = schema.StringAttribute{Optional: true, Computed: true,
		Description: "The binding's ID (`subscriptionId`). Set it, or set `x_number`, `a_number` and `b_number`."}
	for name, desc := range map[string]string{
		"x_number": "The privacy number X (`relationNum`), in global format. With `a_number` and `b_number`, finds the binding when `id` is not set.",
		"a_number": "Party A's real number (`callerNum`), in global format. With `x_number` and `b_number`, finds the binding when `id` is not set.",
		"b_number": "Party B's real number (`calleeNum`), in global format. With `x_number` and `a_number`, finds the binding when `id` is not set.",
	} {
		attrs[name] = schema.StringAttribute{Optional: true, Computed: true, Description: desc, Validators: []validator.String{phoneNumberRule}}
	}
	resp.Schema = schema.Schema{
		Description: "Reads one AXB binding, by its ID or by its numbers X, A and B: for instance one made outside Terraform.",
		Attributes:  attrs,
	}
}

func (d *axbBindingDataSource) ValidateConfig(ctx context.Context, req datasource.ValidateConfigRequest, resp *datasource.ValidateConfigResponse) {
	var cfg axbRecord
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	byNumbers := !cfg.XNumber.IsNull() || !cfg.ANumber.IsNull() || !cfg.BNumber.IsNull()
	switch {
	case !cfg.ID.IsNull() && byNumbers:
		resp.Diagnostics.AddAttributeError(path.Root("id"), "Conflicting lookups",
			"Set either id, or x_number, a_number and b_number, not both: remove id to find the binding by its numbers, or remove the numbers.")
	case cfg.ID.IsNull() && !byNumbers:
		resp.Diagnostics.AddAttributeError(path.Root("id"), "Missing lookup",
			"Set id to the binding's subscriptionId, or set x_number, a_number and b_number to find it by its numbers.")
	case cfg.ID.IsNull():
		for name, v := range map[string]interface{ IsNull() bool }{"x_number": cfg.XNumber, "a_number": cfg.ANumber, "b_number": cfg.BNumber} {
			if v.IsNull() {
				resp.Diagnostics.AddAttributeError(path.Root(name), "Missing "+name,
					"A lookup by numbers needs all of x_number, a_number and b_number: set "+name+", or look the binding up by id.")
			}
		}
	}
}

func (d *axbBindingDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var cfg axbRecord
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() || !requireClient(d.client, &resp.Diagnostics) {
		return
	}
	var b *client.AXBBinding
	var err error
	if !cfg.ID.IsNull() {
		b, err = d.client.GetAXB(ctx, cfg.ID.ValueString())
		if client.IsNotFound(err) {
			resp.Diagnostics.AddAttributeError(path.Root("id"), "No such AXB binding",
				fmt.Sprintf("The application has no AXB binding %q: it was unbound or it expired. Check the id.", cfg.ID.ValueString()))
			return
		}
	} else {
		x, a, bn := cfg.XNumber.ValueString(), cfg.ANumber.ValueString(), cfg.BNumber.ValueString()
		b, err = axbFindByNumbers(ctx, d.client, x, a, bn)
		if err == nil && b == nil {
			resp.Diagnostics.AddError("No such AXB binding",
				fmt.Sprintf("X %s carries no binding of A %s and B %s: it was unbound or it expired, or A and B are the other way round.", x, a, bn))
			return
		}
	}
	if err != nil {
		addPlatformError(&resp.Diagnostics, "read the AXB binding", err, codeHints{
			"1012001": fmt.Sprintf("X %s is not one of this application's numbers: check x_number and the provider's app_key.", cfg.XNumber.ValueString()),
		})
		return
	}
	state := axbRecordFrom(b, nil)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}
