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

// newAXYBBindingDataSource is the data source privatenumber_axyb_binding: one
// AXYB group, by subscription ID or by its X, with its members.
func newAXYBBindingDataSource() datasource.DataSource { return &axybBindingDataSource{} }

type axybBindingDataSource struct{ dataSourceBase }

// axybBindingDataModel is a group's record (axyb_record.go) with its members.
type axybBindingDataModel struct {
	axybRecord
	Members []axybMemberAttrs `tfsdk:"members"`
}

func (d *axybBindingDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_axyb_binding"
}

func (d *axybBindingDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		Description: "Looks up one AXYB group (A owns X; each member B has its own Y) by its subscription ID or by its X number, with all its members. " +
			"Use it to find a group made outside Terraform, or one whose bind answer was lost.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Optional: true, Computed: true,
				Description: "The group's subscription ID (`subscriptionId`). Exactly one of `id` and `x_number`.",
			},
			"x_number": schema.StringAttribute{
				Optional: true, Computed: true,
				Description: "The group's X (`relationNum` of the query, `numX`) in global format. Exactly one of `id` and `x_number`.",
				Validators:  []validator.String{phoneNumberRule},
			},
			"a_number":         schema.StringAttribute{Computed: true, Description: "A, the group owner's real number (`numA`)."},
			"call_direction":   schema.StringAttribute{Computed: true, Description: "Who may call (`callDirection`): `both`, `a_to_b` (only A, calling a member's Y) or `b_to_a` (only members, calling X)."},
			"lifetime":         schema.StringAttribute{Computed: true, Description: "The group's lifetime as a duration such as `\"720h\"` (`duration`, in seconds); `\"0s\"` = permanent."},
			"member_lifetime":  schema.StringAttribute{Computed: true, Description: "Each member's lifetime as a duration (`ybDuration`, in seconds); `\"0s\"` = members end with the group."},
			"record_calls":     schema.BoolAttribute{Computed: true, Description: "Whether calls are recorded (`recordFlag`)."},
			"record_hint_tone": schema.StringAttribute{Computed: true, Description: "Recording announcement file (`recordHintTone`); null when none."},
			"x_hint_tone":      schema.StringAttribute{Computed: true, Description: "Tone played to callers of X (`preVoiceX`); null when none."},
			"user_data":        schema.StringAttribute{Computed: true, Description: "Free text echoed in notifications (`userData`); null when none."},
			"expires_at":       schema.StringAttribute{Computed: true, Description: "When the group ends (RFC 3339, UTC: `subscribeTime` + `duration`); null when permanent."},
			"members": schema.ListNestedAttribute{
				Computed:    true,
				Description: "The group's members, in the platform's order.",
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"id":          schema.StringAttribute{Computed: true, Description: "`SUBSCRIPTION_ID/B_NUMBER`: the import ID of `privatenumber_axyb_member`."},
					"b_number":    schema.StringAttribute{Computed: true, Description: "B, the member's real number (`numB`)."},
					"y_number":    schema.StringAttribute{Computed: true, Description: "Y, the member's privacy number (`numY`): A calls it to reach B."},
					"y_hint_tone": schema.StringAttribute{Computed: true, Description: "Tone played to A calling Y (`preVoiceY`); null when none."},
					"expires_at":  schema.StringAttribute{Computed: true, Description: "When the member ends (`subscribeTime` + `ybDuration`); null when it ends with the group."},
				}},
			},
		},
	}
}

func (d *axybBindingDataSource) ConfigValidators(context.Context) []datasource.ConfigValidator {
	return []datasource.ConfigValidator{
		datasourcevalidator.ExactlyOneOf(path.MatchRoot("id"), path.MatchRoot("x_number")),
	}
}

func (d *axybBindingDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var cfg axybBindingDataModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() || !requireClient(d.client, &resp.Diagnostics) {
		return
	}

	var (
		sub  string
		rels []client.AXYBRelation
		err  error
	)
	if !cfg.ID.IsNull() {
		sub = cfg.ID.ValueString()
		rels, err = d.client.QueryAXYB(ctx, client.AXYBQuery{SubscriptionID: sub})
		if client.IsNotFound(err) {
			resp.Diagnostics.AddAttributeError(path.Root("id"), "No such AXYB group",
				fmt.Sprintf("The application has no AXYB group with subscription ID %q: it was unbound or it expired. Check the ID, or look it up by x_number.", sub))
			return
		}
	} else {
		x := cfg.XNumber.ValueString()
		sub, rels, err = axybFindGroupByX(ctx, d.client, x)
		if err == nil && sub == "" {
			resp.Diagnostics.AddAttributeError(path.Root("x_number"), "No AXYB group on this X",
				fmt.Sprintf("X %s carries no AXYB group of this application. Check the number: it must be a group's X, not a member's Y.", x))
			return
		}
	}
	if err != nil {
		addPlatformError(&resp.Diagnostics, "read the AXYB group", err, nil)
		return
	}

	out := axybBindingDataModel{axybRecord: axybGroupFrom(rels, sub, nil), Members: []axybMemberAttrs{}}
	for _, m := range axybMemberRecords(rels, sub) {
		out.Members = append(out.Members, axybMemberFrom(sub, &m, nil))
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &out)...)
}
