package provider

// Resource identity, the same for the five resources: the binding's ID on the
// platform plus the application it belongs to. A subscriptionId is only
// unique within one application (one APP_Key), so the identity carries the
// app_key too (never the secret). Engines that know identities (OpenTofu 1.12,
// Terraform 1.12 and later) use it for import blocks with `identity`, and
// Terraform's `terraform query` returns it for every binding a list resource
// finds (list.go).

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// bindingIdentity is the identity's value.
type bindingIdentity struct {
	ID     types.String `tfsdk:"id"`
	AppKey types.String `tfsdk:"app_key"`
}

// bindingIdentitySchema is the identity schema; idDescription says what the
// resource's id is.
func bindingIdentitySchema(idDescription string) identityschema.Schema {
	return identityschema.Schema{
		Attributes: map[string]identityschema.Attribute{
			"id": identityschema.StringAttribute{
				RequiredForImport: true,
				Description:       idDescription + " The same as the resource's `id` attribute.",
			},
			"app_key": identityschema.StringAttribute{
				OptionalForImport: true,
				Description: "The APP_Key of the application the binding belongs to (the provider's `app_key`; never the secret). " +
					"Optional in an import block: when given, it must be the importing provider's `app_key`.",
			},
		},
	}
}

func (r *axBindingResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = bindingIdentitySchema("The AX binding's ID on the platform (`subscriptionId`).")
}

func (r *axbBindingResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = bindingIdentitySchema("The AXB binding's ID on the platform (`subscriptionId`).")
}

func (r *axeBindingResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = bindingIdentitySchema("The AXE binding's ID on the platform (`subscriptionId`).")
}

func (r *axybBindingResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = bindingIdentitySchema("The AXYB group's ID on the platform (`subscriptionId`).")
}

func (r *axybMemberResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = bindingIdentitySchema("The member's ID: the group's `subscriptionId`, a slash and the member's B number (`SUBSCRIPTION_ID/B_NUMBER`).")
}

// setIdentity records the identity of the binding id. It does nothing while
// the id or the application is not known (provider configuration unknown):
// an identity, once written, must not change.
func setIdentity(ctx context.Context, identity *tfsdk.ResourceIdentity, id types.String, appKey string, diags *diag.Diagnostics) {
	if identity == nil || id.IsNull() || id.IsUnknown() || id.ValueString() == "" || appKey == "" {
		return
	}
	diags.Append(identity.Set(ctx, bindingIdentity{ID: id, AppKey: types.StringValue(appKey)})...)
}

// importID is what ImportState imports: the import ID as given (trimmed), or,
// for an import block with `identity`, the identity's id, after checking that
// the identity belongs to the provider's application. ok is false after an
// error.
func importID(ctx context.Context, req resource.ImportStateRequest, appKey string, diags *diag.Diagnostics) (id string, ok bool) {
	if req.ID != "" || req.Identity == nil || req.Identity.Raw.IsNull() {
		return strings.TrimSpace(req.ID), true
	}
	var ident bindingIdentity
	if diags.Append(req.Identity.Get(ctx, &ident)...); diags.HasError() {
		return "", false
	}
	if ident.ID.IsNull() || ident.ID.IsUnknown() || strings.TrimSpace(ident.ID.ValueString()) == "" {
		diags.AddError("Missing identity id",
			"The import block's identity has no id: give the binding's ID (its subscriptionId), as the resource's id attribute shows it.")
		return "", false
	}
	if given := ident.AppKey.ValueString(); given != "" && appKey != "" && given != appKey {
		diags.AddError("Identity of another application",
			fmt.Sprintf("The identity's app_key %q is not the app_key this provider is configured with, so the binding belongs to another application "+
				"and this provider cannot read it. Import it with a provider configured for that application (a provider alias and the "+
				"import block's provider argument), or correct app_key in the identity.", given))
		return "", false
	}
	return strings.TrimSpace(ident.ID.ValueString()), true
}
