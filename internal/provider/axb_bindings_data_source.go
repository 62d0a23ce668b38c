package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/privnum/terraform-provider-privatenumber/internal/client"
)

func newAXBBindingsDataSource() datasource.DataSource { return &axbBindingsDataSource{} }

// axbBindingsDataSource lists every AXB binding on one X, walking all pages.
type axbBindingsDataSource struct{ dataSourceBase }

type axbBindingsModel struct {
	XNumber  types.String `tfsdk:"x_number"`
	ANumber  types.String `tfsdk:"a_number"`
	BNumber  types.String `tfsdk:"b_number"`
	Bindings []axbRecord  `tfsdk:"bindings"`
}

func (d *axbBindingsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_axb_bindings"
}

func (d *axbBindingsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		Description: "Lists every AXB binding on one privacy number X (all pages of the platform's query), optionally only those of one A or one B.",
		Attributes: map[string]schema.Attribute{
			"x_number": schema.StringAttribute{Required: true, Validators: []validator.String{phoneNumberRule},
				Description: "The privacy number X whose bindings to list (`relationNum`), in global format."},
			"a_number": schema.StringAttribute{Optional: true, Validators: []validator.String{phoneNumberRule},
				Description: "Only the binding of this A on X (`callerNum`), in global format."},
			"b_number": schema.StringAttribute{Optional: true, Validators: []validator.String{phoneNumberRule},
				Description: "Only the binding of this B on X (`calleeNum`), in global format."},
			"bindings": schema.ListNestedAttribute{
				Computed:     true,
				Description:  "The bindings on X (`relationNumList`), each with the attributes of the `privatenumber_axb_binding` resource that the platform reports.",
				NestedObject: schema.NestedAttributeObject{Attributes: axbDataAttributes()},
			},
		},
	}
}

func (d *axbBindingsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var cfg axbBindingsModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() || !requireClient(d.client, &resp.Diagnostics) {
		return
	}
	list, err := d.client.ListAXB(ctx, client.AXBQuery{
		XNumber: cfg.XNumber.ValueString(), ANumber: cfg.ANumber.ValueString(), BNumber: cfg.BNumber.ValueString(),
	})
	if err != nil && !client.IsNotFound(err) {
		addPlatformError(&resp.Diagnostics, "list the AXB bindings on "+cfg.XNumber.ValueString(), err, codeHints{
			"1012001": fmt.Sprintf("X %s is not one of this application's numbers: check x_number and the provider's app_key.", cfg.XNumber.ValueString()),
		})
		return
	}
	cfg.Bindings = make([]axbRecord, 0, len(list))
	for i := range list {
		cfg.Bindings = append(cfg.Bindings, axbRecordFrom(&list[i], nil))
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &cfg)...)
}
