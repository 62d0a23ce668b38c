package provider

// List resources: `list` blocks in .tfquery.hcl files, run by `terraform
// query` (Terraform 1.14 and later), one per resource type. Each finds the
// bindings on the application's X numbers, optionally only those of an A or
// a B, and returns each binding's identity and (include_resource) the
// resource object exactly as an import of it would read it: the result is
// built by the resource's own ImportState and Read. So `terraform query
// -generate-config-out=FILE` writes resource blocks and import blocks that
// adopt the bindings with an empty plan.

import (
	"context"
	"iter"
	"sort"

	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	listschema "github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/privnum/terraform-provider-privatenumber/internal/client"
)

// ListResources registers the list resources (Terraform 1.14 and later).
func (p *privateNumberProvider) ListResources(context.Context) []func() list.ListResource {
	return []func() list.ListResource{
		func() list.ListResource { return &axBindingList{} },
		func() list.ListResource { return &axbBindingList{} },
		func() list.ListResource { return &axeBindingList{} },
		func() list.ListResource { return &axybBindingList{} },
		func() list.ListResource { return &axybMemberList{} },
	}
}

// listConfig is the configuration of every list block; a_number and
// b_number are only in the schemas of the modes that have them.
type listConfig struct {
	XNumbers []string     `tfsdk:"x_numbers"`
	ANumber  types.String `tfsdk:"a_number"`
	BNumber  types.String `tfsdk:"b_number"`
}

// readListConfig reads the attributes the list block's schema has.
func readListConfig(ctx context.Context, req list.ListRequest) (listConfig, diag.Diagnostics) {
	var cfg listConfig
	var diags diag.Diagnostics
	attrs := req.Config.Schema.GetAttributes()
	for name, dst := range map[string]any{"x_numbers": &cfg.XNumbers, "a_number": &cfg.ANumber, "b_number": &cfg.BNumber} {
		if _, ok := attrs[name]; ok {
			diags.Append(req.Config.GetAttribute(ctx, path.Root(name), dst)...)
		}
	}
	return cfg, diags
}

// listSchema is a list block's schema: x_numbers (required unless
// xOptional), and the filters named in filters ("a_number", "b_number").
func listSchema(noun string, xOptional bool, filters map[string]string) listschema.Schema {
	attrs := map[string]listschema.Attribute{
		"x_numbers": listschema.ListAttribute{
			ElementType: types.StringType,
			Required:    !xOptional,
			Optional:    xOptional,
			Description: "The application's privacy numbers X whose " + noun + "s to list, in global format such as `+8617000000001`.",
			Validators:  []validator.List{listvalidator.SizeAtLeast(1), listvalidator.ValueStringsAre(phoneNumberRule)},
		},
	}
	for name, desc := range filters {
		attrs[name] = listschema.StringAttribute{Optional: true, Description: desc, Validators: []validator.String{phoneNumberRule}}
	}
	return listschema.Schema{
		Description: "Lists the " + noun + "s on the application's X numbers, for `terraform query` (Terraform 1.14 and later); " +
			"with `-generate-config-out` it writes the resource and import blocks that adopt them.",
		Attributes: attrs,
	}
}

// listFound is one binding a list found: its resource id and a display name
// (numbers masked).
type listFound struct{ id, display string }

// importReader is a resource whose ImportState and Read build a list result.
type importReader interface {
	ImportState(context.Context, resource.ImportStateRequest, *resource.ImportStateResponse)
	Read(context.Context, resource.ReadRequest, *resource.ReadResponse)
}

// listFlow is every List: read the configuration, find the bindings (find
// adds its failures to diags), and stream them sorted by id.
func listFlow(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream, c client.API, appKey string, r importReader,
	find func(context.Context, listConfig, *diag.Diagnostics) []listFound,
) {
	cfg, diags := readListConfig(ctx, req)
	if !diags.HasError() && requireClient(c, &diags) {
		found := find(ctx, cfg, &diags)
		if !diags.HasError() {
			sort.Slice(found, func(i, j int) bool { return found[i].id < found[j].id })
			results := listResults(ctx, req, appKey, r, found)
			stream.Results = func(push func(list.ListResult) bool) {
				if len(diags) > 0 && !push(list.ListResult{Diagnostics: diags}) { // warnings
					return
				}
				results(push)
			}
			return
		}
	}
	stream.Results = list.ListResultsStreamDiagnostics(diags)
}

// listResults yields one result per binding, at most req.Limit.
func listResults(ctx context.Context, req list.ListRequest, appKey string, r importReader, found []listFound) iter.Seq[list.ListResult] {
	return func(push func(list.ListResult) bool) {
		var n int64
		for _, f := range found {
			if req.Limit > 0 && n >= req.Limit {
				return
			}
			res, ok := listResult(ctx, req, appKey, r, f)
			if !ok {
				continue // gone between the listing and the read
			}
			n++
			if !push(res) {
				return
			}
		}
	}
}

// listResult is the identity and, when asked for, the resource object of
// one binding, as its import would produce them: the resource's ImportState
// with the id, then its Read.
func listResult(ctx context.Context, req list.ListRequest, appKey string, r importReader, f listFound) (list.ListResult, bool) {
	res := req.NewListResult(ctx)
	res.DisplayName = f.display
	if !req.IncludeResource {
		setIdentity(ctx, res.Identity, types.StringValue(f.id), appKey, &res.Diagnostics)
		return res, true
	}
	state := tfsdk.State{Schema: req.ResourceSchema, Raw: res.Resource.Raw.Copy()}
	imp := resource.ImportStateResponse{State: state, Identity: res.Identity}
	r.ImportState(ctx, resource.ImportStateRequest{ID: f.id}, &imp)
	if res.Diagnostics = withoutPrivateStateErrors(imp.Diagnostics); res.Diagnostics.HasError() {
		return res, true
	}
	read := resource.ReadResponse{State: imp.State, Identity: imp.Identity}
	r.Read(ctx, resource.ReadRequest{State: imp.State, Identity: imp.Identity}, &read)
	res.Diagnostics.Append(withoutPrivateStateErrors(read.Diagnostics)...)
	if !res.Diagnostics.HasError() && read.State.Raw.IsNull() {
		return res, false
	}
	res.Identity = read.Identity
	res.Resource = &tfsdk.Resource{Schema: req.ResourceSchema, Raw: read.State.Raw}
	res.Diagnostics.Append(dropUnusedAreaMatch(ctx, res.Resource)...)
	return res, true
}

// dropUnusedAreaMatch leaves area_match_mode out of the generated
// configuration when area_code is not set (an import never knows it):
// every resource refuses area_match_mode without area_code, and its default
// gives the imported value anyway.
func dropUnusedAreaMatch(ctx context.Context, r *tfsdk.Resource) diag.Diagnostics {
	var area types.String
	diags := r.GetAttribute(ctx, path.Root("area_code"), &area)
	if diags.HasError() || !area.IsNull() {
		return diags
	}
	return r.SetAttribute(ctx, path.Root("area_match_mode"), types.StringNull())
}

// withoutPrivateStateErrors drops the errors of writing private state: a
// list result has none (the engine runs ImportState and Read again, with
// private state, when it adopts the binding).
func withoutPrivateStateErrors(in diag.Diagnostics) diag.Diagnostics {
	var out diag.Diagnostics
	for _, d := range in {
		if d.Summary() != "Uninitialized ProviderData" {
			out.Append(d)
		}
	}
	return out
}

// forEachX runs one lookup per X; a lookup's error stops the listing.
func forEachX(xs []string, diags *diag.Diagnostics, each func(x string) error, what string) {
	for _, x := range xs {
		if err := each(x); err != nil && !client.IsNotFound(err) {
			addPlatformError(diags, what+" "+x, err, codeHints{
				"1012001": "X " + x + " is not one of this application's numbers: check x_numbers and the provider's app_key.",
			})
			return
		}
	}
}

// wantNumber reports whether a filter (null: no filter) accepts number.
func wantNumber(filter types.String, number string) bool {
	return filter.IsNull() || filter.ValueString() == number
}

func listDisplay(mode, id string, numbers ...string) string {
	s := mode + " " + id
	for i := 0; i+1 < len(numbers); i += 2 {
		s += " " + numbers[i] + " " + client.MaskNumber(numbers[i+1])
	}
	return s
}

// needXOrA is the AX list's rule: it lists by X or by A.
func needXOrA(cfg listConfig, diags *diag.Diagnostics) bool {
	if len(cfg.XNumbers) == 0 && cfg.ANumber.IsNull() {
		diags.AddAttributeError(path.Root("x_numbers"), "Nothing to list by",
			"Give x_numbers (the bindings on those X numbers), a_number (every X bound to that A), or both.")
		return false
	}
	return true
}
