package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/datasourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/privnum/terraform-provider-privatenumber/internal/client"
)

func newAXBindingDataSource() datasource.DataSource { return &axBindingDataSource{} }

type axBindingDataSource struct{ dataSourceBase }

// axRecordAttributes are the attributes of one AX binding as data sources
// report them (all computed), with the same meaning as the resource's.
func axRecordAttributes() map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"id":       schema.StringAttribute{Computed: true, Description: "The binding's ID (`subscriptionId`)."},
		"a_number": schema.StringAttribute{Computed: true, Description: "The real number behind X (`origNum`)."},
		"x_number": schema.StringAttribute{Computed: true, Description: "The masked number X (`privateNum`)."},
		"caller_id_to_a": schema.StringAttribute{Computed: true,
			Description: "The number A sees when someone calls X (`calleeNumDisplay`): `x_number` or `real_caller`."},
		"record_calls":     schema.BoolAttribute{Computed: true, Description: "Whether calls are recorded (`recordFlag`)."},
		"record_hint_tone": schema.StringAttribute{Computed: true, Description: "Recording announcement file (`recordHintTone`), null when none."},
		"sms_enabled":      schema.BoolAttribute{Computed: true, Description: "Whether SMS through X is supported (`privateSms`)."},
		"max_call_minutes": schema.Int64Attribute{Computed: true, Description: "Longest call in minutes, 0 = no limit (`maxDuration`)."},
		"last_minute_tone": schema.StringAttribute{Computed: true, Description: "File played when one minute is left (`lastMinVoice`), null when none."},
		"a_hint_tone":      schema.StringAttribute{Computed: true, Description: "File played when A calls X (`preVoice.callerHintTone`), null when none."},
		"others_hint_tone": schema.StringAttribute{Computed: true, Description: "File played when others call X (`preVoice.calleeHintTone`), null when none."},
		"user_data":        schema.StringAttribute{Computed: true, Description: "Your data echoed in notifications (`userData`), null when none."},
		"power_on":         schema.BoolAttribute{Computed: true, Description: "Whether X is switched on (`turnFlag` `on`)."},
		"call_direction": schema.StringAttribute{Computed: true,
			Description: "Who may call through X (`callDirection`): `both`, `a_to_others` or `others_to_a`."},
	}
}

func (d *axBindingDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_ax_binding"
}

func (d *axBindingDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	attrs := axRecordAttributes()
	attrs["id"] = schema.StringAttribute{Optional: true, Computed: true,
		Description: "The binding's ID (`subscriptionId`). Give exactly one of `id` and `x_number`."}
	attrs["x_number"] = schema.StringAttribute{Optional: true, Computed: true,
		Description: "The masked number X (`privateNum`): look up the binding on this X. Give exactly one of `id` and `x_number`.",
		Validators:  []validator.String{phoneNumberRule}}
	resp.Schema = schema.Schema{
		Description: "One AX binding (anyone who calls X reaches A), looked up by its ID or by its X number. " +
			"It is an error when no such binding exists.",
		Attributes: attrs,
	}
}

func (d *axBindingDataSource) ConfigValidators(context.Context) []datasource.ConfigValidator {
	return []datasource.ConfigValidator{datasourcevalidator.ExactlyOneOf(path.MatchRoot("id"), path.MatchRoot("x_number"))}
}

func (d *axBindingDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var cfg axRecord
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() || !requireClient(d.client, &resp.Diagnostics) {
		return
	}
	var found *client.AXBinding
	if id := cfg.ID.ValueString(); id != "" {
		b, err := d.client.GetAX(ctx, id)
		if client.IsNotFound(err) {
			resp.Diagnostics.AddAttributeError(path.Root("id"), "No such AX binding",
				fmt.Sprintf("The application has no AX binding with ID %s: it was unbound or never existed. Check the ID, or look the binding up by x_number.", id))
			return
		}
		if err != nil {
			addPlatformError(&resp.Diagnostics, "read the AX binding "+id, err, nil)
			return
		}
		found = b
	} else {
		x := cfg.XNumber.ValueString()
		list, err := d.client.QueryAX(ctx, client.AXQuery{XNumber: x})
		if err != nil {
			addPlatformError(&resp.Diagnostics, "look up the AX binding on X "+x, err, axHints("", x, "", nil))
			return
		}
		if len(list) == 0 {
			resp.Diagnostics.AddAttributeError(path.Root("x_number"), "No AX binding on this X",
				fmt.Sprintf("X %s is not bound to any A. Check the number, or use the privatenumber_ax_bindings data source, which returns an empty list instead of an error.", x))
			return
		}
		found = &list[0]
	}
	rec := axRecordFrom(found, nil)
	resp.Diagnostics.Append(resp.State.Set(ctx, &rec)...)
}
