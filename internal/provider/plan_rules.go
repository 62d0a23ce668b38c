package provider

// Update-versus-replace rules, each written once and named, shared by every
// mode that has the attribute (as the tls provider's plan modifiers are).
// One rule for unknown values holds throughout: a value that is unknown at
// plan time (it comes from another resource) and may differ from the bound
// one plans what a different value would plan, so an apply never meets a
// change the plan did not show.

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// configuredChangeReplaces is the rule of x_number, area_code and the AXE
// extension: a configured value other than the bound one, or one unknown
// until apply, replaces. An omitted value keeps the binding's (the X picked
// by area_code written into x_number is the same X), and adding a value
// where the state has none (made with x_number, or imported: the platform
// never reports the area) only records it.
func configuredChangeReplaces(config, state types.String) bool {
	return !config.IsNull() && !state.IsNull() && (config.IsUnknown() || !config.Equal(state))
}

// replaceIfConfiguredChange is configuredChangeReplaces as a plan modifier.
func replaceIfConfiguredChange() planmodifier.String {
	const desc = "Replaces the binding when a different value is configured, or one not known until apply; an omitted value keeps the binding's."
	return stringplanmodifier.RequiresReplaceIf(
		func(_ context.Context, req planmodifier.StringRequest, resp *stringplanmodifier.RequiresReplaceIfFuncResponse) {
			resp.RequiresReplace = configuredChangeReplaces(req.ConfigValue, req.StateValue)
		}, desc, desc)
}

// areaMatchReplaces is the rule of area_match_mode: it only matters while X
// is picked by area_code, so a change (or an unknown value) replaces only a
// binding made with area_code that still sets it.
func areaMatchReplaces(plan, state, configArea, stateArea types.String) bool {
	return !configArea.IsNull() && !stateArea.IsNull() && (plan.IsUnknown() || !plan.Equal(state))
}

// replaceIfAreaMatchChanges is areaMatchReplaces as a plan modifier.
func replaceIfAreaMatchChanges() planmodifier.String {
	const desc = "Replaces the binding when the value changes while area_code is set (it is used only when X is picked by area)."
	return stringplanmodifier.RequiresReplaceIf(
		func(ctx context.Context, req planmodifier.StringRequest, resp *stringplanmodifier.RequiresReplaceIfFuncResponse) {
			var configArea, stateArea types.String
			resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("area_code"), &configArea)...)
			resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("area_code"), &stateArea)...)
			resp.RequiresReplace = areaMatchReplaces(req.PlanValue, req.StateValue, configArea, stateArea)
		}, desc, desc)
}

// replaceUnlessImported is the rule of a bind-time attribute the platform
// never reports (AXYB area_code, area_match_mode): a change, or an unknown
// value, replaces, except right after an import, when the configured value
// is recorded without a new bind (the resource's private mark, axybUnrecordedKey).
func replaceUnlessImported() planmodifier.String {
	const desc = "Replaces the resource when the value changes (it is used only when the number is picked). After an import, the configured value is recorded without a new bind."
	return stringplanmodifier.RequiresReplaceIf(
		func(ctx context.Context, req planmodifier.StringRequest, resp *stringplanmodifier.RequiresReplaceIfFuncResponse) {
			resp.RequiresReplace = !importMarked(ctx, req.Private, &resp.Diagnostics)
		}, desc, desc)
}

// replaceUnlessUnreported is the rule of a replace-only AXYB duration that
// the guide's query records never carry for a group (member_lifetime,
// reference §17): a change of length replaces, except right after an import
// that could not read the value (null in state, and the import mark
// axybUnrecordedKey): the configured value is then recorded without a new bind.
func replaceUnlessUnreported() planmodifier.String {
	const desc = "Replaces the resource when the value changes. After an import that could not read it, the configured value is recorded without a new bind."
	return stringplanmodifier.RequiresReplaceIf(
		func(ctx context.Context, req planmodifier.StringRequest, resp *stringplanmodifier.RequiresReplaceIfFuncResponse) {
			if !req.StateValue.IsNull() {
				resp.RequiresReplace = !sameDuration(req.PlanValue, req.StateValue)
				return
			}
			resp.RequiresReplace = !importMarked(ctx, req.Private, &resp.Diagnostics)
		}, desc, desc)
}

// replaceIfDurationChanges replaces when a duration's length changes (or is
// unknown until apply); the same length written another way does not.
func replaceIfDurationChanges() planmodifier.String {
	const desc = "Replaces the resource when the duration changes; the same length written another way (\"24h\", \"1440m\") does not."
	return stringplanmodifier.RequiresReplaceIf(
		func(_ context.Context, req planmodifier.StringRequest, resp *stringplanmodifier.RequiresReplaceIfFuncResponse) {
			resp.RequiresReplace = !sameDuration(req.PlanValue, req.StateValue)
		}, desc, desc)
}

// importMarked reports whether the resource's private state carries the
// import mark (axybUnrecordedKey): imported, and not yet applied since.
func importMarked(ctx context.Context, private interface {
	GetKey(context.Context, string) ([]byte, diag.Diagnostics)
}, diags *diag.Diagnostics) bool {
	if private == nil {
		return false
	}
	mark, d := private.GetKey(ctx, axybUnrecordedKey)
	diags.Append(d...)
	return len(mark) > 0
}
