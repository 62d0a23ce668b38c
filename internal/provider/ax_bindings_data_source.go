package provider

import (
	"context"
	"sort"

	"github.com/hashicorp/terraform-plugin-framework-validators/datasourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/privnum/terraform-provider-privatenumber/internal/client"
)

func newAXBindingsDataSource() datasource.DataSource { return &axBindingsDataSource{} }

type axBindingsDataSource struct{ dataSourceBase }

type axBindingsModel struct {
	ANumber  types.String `tfsdk:"a_number"`
	XNumber  types.String `tfsdk:"x_number"`
	Bindings []axRecord   `tfsdk:"bindings"`
}

func (d *axBindingsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_ax_bindings"
}

func (d *axBindingsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		Description: "AX bindings of one A number (all its X numbers, at most five), or the binding on one X number. " +
			"An empty list when there is none.",
		Attributes: map[string]schema.Attribute{
			"a_number": schema.StringAttribute{Optional: true,
				Description: "List every X bound to this A (`origNum`). Give exactly one of `a_number` and `x_number`.",
				Validators:  []validator.String{phoneNumberRule}},
			"x_number": schema.StringAttribute{Optional: true,
				Description: "List the binding on this X (`privateNum`): zero or one element. Give exactly one of `a_number` and `x_number`.",
				Validators:  []validator.String{phoneNumberRule}},
			"bindings": schema.ListNestedAttribute{
				Computed:     true,
				Description:  "The bindings found, sorted by X number; each element has the attributes of the `privatenumber_ax_binding` data source.",
				NestedObject: schema.NestedAttributeObject{Attributes: axRecordAttributes()},
			},
		},
	}
}

func (d *axBindingsDataSource) ConfigValidators(context.Context) []datasource.ConfigValidator {
	return []datasource.ConfigValidator{datasourcevalidator.ExactlyOneOf(path.MatchRoot("a_number"), path.MatchRoot("x_number"))}
}

func (d *axBindingsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var cfg axBindingsModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() || !requireClient(d.client, &resp.Diagnostics) {
		return
	}
	q := client.AXQuery{ANumber: cfg.ANumber.ValueString(), XNumber: cfg.XNumber.ValueString()}
	action := "list the AX bindings of A " + q.ANumber
	if q.ANumber == "" {
		action = "look up the AX binding on X " + q.XNumber
	}
	// AX answers a query in one list (at most five X per A), without pages.
	list, err := d.client.QueryAX(ctx, q)
	if err != nil {
		addPlatformError(&resp.Diagnostics, action, err, axHints(q.ANumber, q.XNumber, "", nil))
		return
	}
	sort.Slice(list, func(i, j int) bool { return list[i].XNumber < list[j].XNumber })
	cfg.Bindings = make([]axRecord, 0, len(list))
	for i := range list {
		cfg.Bindings = append(cfg.Bindings, axRecordFrom(&list[i], nil))
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &cfg)...)
}
