package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

func newAXEBindingsDataSource() datasource.DataSource { return &axeBindingsDataSource{} }

type axeBindingsDataSource struct{ dataSourceBase }

type axeBindingsModel struct {
	XNumber  types.String `tfsdk:"x_number"`
	Bindings []axeRecord  `tfsdk:"bindings"`
}

func (d *axeBindingsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_axe_bindings"
}

func (d *axeBindingsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		Description: "Every AXE binding on one X number (query v2.0, all pages), e.g. to see which extensions are taken before adding merchants.",
		Attributes: map[string]schema.Attribute{
			"x_number": schema.StringAttribute{Required: true, Validators: []validator.String{phoneNumberRule},
				Description: "The shared privacy number (`virtualNum`) whose bindings are listed."},
			"bindings": schema.ListNestedAttribute{Computed: true,
				Description:  "The bindings on `x_number`, in the platform's order; empty when none.",
				NestedObject: schema.NestedAttributeObject{Attributes: axeRecordAttributes()}},
		},
	}
}

func (d *axeBindingsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	if !requireClient(d.client, &resp.Diagnostics) {
		return
	}
	var m axeBindingsModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	x := m.XNumber.ValueString()
	all, err := d.client.ListAXE(ctx, x)
	if err != nil {
		addPlatformError(&resp.Diagnostics, "list the AXE bindings of "+x, err, codeHints{
			"1011004": "X " + x + " is not one of this application's numbers (or it was released): use an X listed for the AXE application in the console.",
		})
		return
	}
	m.Bindings = make([]axeRecord, 0, len(all))
	for _, b := range all {
		m.Bindings = append(m.Bindings, axeRecordFrom(b, nil))
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
