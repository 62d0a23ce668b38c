package provider

// privatenumber_axb_pool: an authoritative pool of AXB X numbers and every
// pair on them, in one resource (the IAM "_policy" pattern beside the single
// privatenumber_axb_binding). Placement of new pairs happens at plan time
// (axb_pool_place.go), refresh lists each X in pages of 100, and apply works
// pair by pair with bounded concurrency (axb_pool_apply.go).

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64default"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
)

func newAXBPoolResource() resource.Resource { return &axbPoolResource{} }

type axbPoolResource struct{ resourceBase }

var (
	_ resource.ResourceWithModifyPlan     = (*axbPoolResource)(nil)
	_ resource.ResourceWithValidateConfig = (*axbPoolResource)(nil)
	_ resource.ResourceWithImportState    = (*axbPoolResource)(nil)
)

// axbPoolModel is the pool's state. Pairs and undeclared stay framework
// values (they may be unknown in a plan); axbPoolPairs / axbPoolUndeclared
// convert them.
type axbPoolModel struct {
	ID         types.String   `tfsdk:"id"`
	XNumbers   types.Set      `tfsdk:"x_numbers"`
	Exclusive  types.Bool     `tfsdk:"exclusive"`
	Pairs      types.Map      `tfsdk:"pairs"`
	Undeclared types.List     `tfsdk:"undeclared"`
	Timeouts   timeouts.Value `tfsdk:"timeouts"`
}

// axbPoolPair is one pair: the single resource's record (minus area_code,
// which the single resource keeps outside it: the pool is the choice of X)
// and renew_before.
type axbPoolPair struct {
	axbRecord
	RenewBefore types.String `tfsdk:"renew_before"`
}

// axbPoolBinding is a binding on one of the pool's X numbers that no pair declares.
type axbPoolBinding struct {
	ID      types.String `tfsdk:"id"`
	XNumber types.String `tfsdk:"x_number"`
	ANumber types.String `tfsdk:"a_number"`
	BNumber types.String `tfsdk:"b_number"`
}

var (
	axbPoolPairType = types.ObjectType{AttrTypes: map[string]attr.Type{
		"id": types.StringType, "x_number": types.StringType, "a_number": types.StringType, "b_number": types.StringType,
		"call_direction": types.StringType, "lifetime": types.StringType, "renew_before": types.StringType, "expires_at": types.StringType,
		"record_calls": types.BoolType, "record_hint_tone": types.StringType, "max_call_minutes": types.Int64Type, "last_minute_tone": types.StringType, "sms_enabled": types.BoolType,
		"a_hint_tone": types.StringType, "b_hint_tone": types.StringType, "user_data": types.StringType,
	}}
	axbPoolBindingType = types.ObjectType{AttrTypes: map[string]attr.Type{
		"id": types.StringType, "x_number": types.StringType, "a_number": types.StringType, "b_number": types.StringType,
	}}
)

// axbPoolMaxPairsPerX is the platform's limit of pairs on one X (§12), as
// placement enforces it. A variable only so that an acceptance test can
// fill an X without binding 5,000 pairs first (TestAccAXBPool_fullX).
var axbPoolMaxPairsPerX = 5000

func (r *axbPoolResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_axb_pool"
}

func (r *axbPoolResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		Description: "An authoritative pool of AXB privacy numbers: the resource owns a set of X numbers and every pair bound on them. " +
			"New pairs are placed on an X at plan time; refresh lists each X in pages of 100 instead of one query per pair.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed:    true,
				Description: "The pool's X numbers, sorted and joined by commas (the import ID).",
			},
			"x_numbers": schema.SetAttribute{
				Required:    true,
				ElementType: types.StringType,
				Description: "The application's X numbers (`relationNum`) that this pool owns, in global format. New pairs are placed on them; " +
					"removing an X moves its pairs to the others (new bindings).",
				Validators: []validator.Set{setvalidator.SizeAtLeast(1), setvalidator.ValueStringsAre(phoneNumberRule)},
			},
			"exclusive": schema.BoolAttribute{
				Optional: true,
				Computed: true,
				Default:  booldefault.StaticBool(true),
				Description: "When `true` (default), bindings on the pool's X numbers that no pair declares are listed in `undeclared` by the plan " +
					"and unbound by apply. When `false` they are left alone, but placement still keeps clear of their numbers.",
			},
			"pairs": schema.MapNestedAttribute{
				Required: true,
				Description: "The pairs, by a key of your choice. The key is only a label: renaming a key whose numbers stay the same changes nothing " +
					"on the platform (pairs are matched by their numbers).",
				NestedObject: schema.NestedAttributeObject{Attributes: axbPoolPairSchema()},
			},
			"undeclared": schema.ListNestedAttribute{
				Computed: true,
				Description: "Bindings found on the pool's X numbers that no pair declares (sorted by X, A, B). With `exclusive = true` the plan empties " +
					"this list and the apply unbinds them; with `exclusive = false` it is kept up to date on refresh.",
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"id":       schema.StringAttribute{Computed: true, Description: "The binding's ID (`subscriptionId`)."},
					"x_number": schema.StringAttribute{Computed: true, Description: "Its X (`relationNum`)."},
					"a_number": schema.StringAttribute{Computed: true, Description: "Its A (`callerNum`)."},
					"b_number": schema.StringAttribute{Computed: true, Description: "Its B (`calleeNum`)."},
				}},
			},
		},
		Blocks: map[string]schema.Block{
			"timeouts": timeouts.Block(ctx, timeouts.Opts{Create: true, Update: true, Delete: true}),
		},
	}
}

// axbPoolPairSchema is a pair's attributes: those of privatenumber_axb_binding,
// with the same validators and defaults, minus area_code.
func axbPoolPairSchema() map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"id": schema.StringAttribute{
			Computed:    true,
			Description: "The pair's binding ID on the platform (`subscriptionId`).",
		},
		"x_number": schema.StringAttribute{
			Optional: true,
			Computed: true,
			Description: "The X of this pair (`relationNum`). Leave it out to let the plan place the pair on one of `x_numbers` with room for both numbers; " +
				"set it (one of `x_numbers`) to pin the pair. Changing a pin moves the pair (a new binding).",
			Validators: []validator.String{phoneNumberRule},
		},
		"a_number": schema.StringAttribute{
			Required:    true,
			Description: "Party A's real number (`callerNum`), in global format. Changes update the binding in place when the new number fits on its X.",
			Validators:  []validator.String{phoneNumberRule},
		},
		"b_number": schema.StringAttribute{
			Required:    true,
			Description: "Party B's real number (`calleeNum`), in global format; must differ from `a_number`. Changes update in place when the number fits on its X.",
			Validators:  []validator.String{phoneNumberRule},
		},
		"call_direction": schema.StringAttribute{
			Optional: true, Computed: true, Default: stringdefault.StaticString("both"),
			Description: "Who may call through X (`callDirection`): `both` (default), `a_to_b` or `b_to_a`. Changes update in place.",
			Validators:  []validator.String{stringvalidator.OneOf(pairDirectionEnum.values()...)},
		},
		"lifetime": schema.StringAttribute{
			Optional: true, Computed: true, Default: stringdefault.StaticString("0s"),
			Description: "How long the pair's binding lives, as a duration in whole seconds such as `\"720h\"` (30 days) (`duration`, sent in seconds): " +
				"`\"0s\"` (default) means it never expires, at most `\"2160h\"` (90 days). The platform unbinds it at `expires_at`, and the next plan binds the pair again. " +
				"Changes update in place and restart the clock; writing the same length another way (`\"24h\"` for `\"1440m\"`) sends nothing.",
			Validators: []validator.String{axbLifetime.rule()},
		},
		"renew_before": renewBeforeAttribute("pair", "the AXB modify API (`duration`)", axbLifetime.max),
		"expires_at": schema.StringAttribute{
			Computed: true,
			Description: "When the platform will unbind the pair (RFC 3339, UTC): its bind time or last lifetime change or renewal (`subscribeTime`) plus `lifetime`, " +
				"by the platform's clock. Null for a permanent pair.",
		},
		"record_calls": schema.BoolAttribute{
			Optional: true, Computed: true, Default: booldefault.StaticBool(false),
			Description: "Record the calls of this pair (`recordFlag`). Default `false`. Changes update in place.",
		},
		"record_hint_tone": schema.StringAttribute{
			Optional:    true,
			Description: "Playback file announcing the recording (`recordHintTone`). Changes bind the pair again on the same X (the platform cannot modify it).",
			Validators:  []validator.String{toneFileRule},
		},
		"max_call_minutes": schema.Int64Attribute{
			Optional: true, Computed: true, Default: int64default.StaticInt64(0),
			Description: "Longest call in minutes (`maxDuration`); `0` (default) means no limit, at most `1440`. Changes update in place.",
			Validators:  []validator.Int64{int64validator.Between(0, 1440)},
		},
		"last_minute_tone": schema.StringAttribute{
			Optional:    true,
			Description: "Playback file played when one minute of `max_call_minutes` is left (`lastMinVoice`). Changes update in place.",
			Validators:  []validator.String{toneFileRule},
		},
		"sms_enabled": schema.BoolAttribute{
			Optional: true, Computed: true, Default: booldefault.StaticBool(true),
			Description: "Relay text messages through X (`privateSms`). Default `true`. Changes update in place.",
		},
		"a_hint_tone": schema.StringAttribute{
			Optional:    true,
			Description: "Playback file A hears while the call to B is connected (`preVoice.callerHintTone`). Changes update in place.",
			Validators:  []validator.String{toneFileRule},
		},
		"b_hint_tone": schema.StringAttribute{
			Optional:    true,
			Description: "Playback file B hears while the call to A is connected (`preVoice.calleeHintTone`). Changes update in place.",
			Validators:  []validator.String{toneFileRule},
		},
		"user_data": schema.StringAttribute{
			Optional:    true,
			Description: "Your own data echoed in notifications (`userData`), 1 to 256 printable ASCII characters without `{` or `}`. Changes bind the pair again on the same X.",
			Validators:  []validator.String{userDataRule},
		},
	}
}

// ValidateConfig checks each pair's cross-attribute rules and that a pinned
// X belongs to the pool, with the pair's key in the attribute path.
func (r *axbPoolResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var cfg axbPoolModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() || cfg.Pairs.IsUnknown() || cfg.Pairs.IsNull() {
		return
	}
	pairs, diags := axbPoolPairs(ctx, cfg.Pairs)
	if resp.Diagnostics.Append(diags...); diags.HasError() {
		return
	}
	xs, known := axbPoolXs(cfg.XNumbers)
	for _, k := range sortedKeys(pairs) {
		resp.Diagnostics.Append(axbPoolValidatePair(k, pairs[k], xs, known)...)
	}
}

func axbPoolValidatePair(key string, p axbPoolPair, xs []string, xsKnown bool) diag.Diagnostics {
	var diags diag.Diagnostics
	at := path.Root("pairs").AtMapKey(key)
	if axbKnown(p.ANumber) && axbKnown(p.BNumber) && p.ANumber.ValueString() == p.BNumber.ValueString() {
		diags.AddAttributeError(at.AtName("b_number"), "a_number and b_number are the same",
			fmt.Sprintf("Pair %q has a_number and b_number both %q: an AXB pair connects two different numbers. Set b_number to the other party's number.", key, p.ANumber.ValueString()))
	}
	if !p.LastMinuteTone.IsNull() && !p.MaxCallMinutes.IsUnknown() && (p.MaxCallMinutes.IsNull() || p.MaxCallMinutes.ValueInt64() == 0) {
		diags.AddAttributeError(at.AtName("last_minute_tone"), "last_minute_tone without a call limit",
			fmt.Sprintf("Pair %q sets last_minute_tone, which is played when one minute of the call limit is left, and has no limit. Set max_call_minutes (1 to 1440) or remove last_minute_tone.", key))
	}
	if pr := renewalConfigProblem(p.Lifetime, p.RenewBefore); pr != "" {
		diags.AddAttributeError(at.AtName("renew_before"), "renew_before does not fit the lifetime", fmt.Sprintf("Pair %q: %s", key, pr))
	}
	if xsKnown && axbKnown(p.XNumber) && !containsString(xs, p.XNumber.ValueString()) {
		diags.AddAttributeError(at.AtName("x_number"), "x_number is not one of the pool's numbers",
			fmt.Sprintf("Pair %q is pinned to x_number %q, which is not in x_numbers (%s). Add it to x_numbers, or remove x_number to let the plan place the pair.",
				key, p.XNumber.ValueString(), strings.Join(xs, ", ")))
	}
	return diags
}

// The pairs and undeclared bindings are converted by hand, not by the
// framework's reflection (ElementsAs, MapValueFrom): at 5,000 pairs the
// reflection took seconds per conversion (terraform-plugin-framework v1.19.0
// compiles a regexp for every struct field it visits), and every plan
// converts the pairs several times (BenchmarkAXBPoolConvert).

// axbPoolPairs converts a known pairs map.
func axbPoolPairs(_ context.Context, m types.Map) (map[string]axbPoolPair, diag.Diagnostics) {
	out := map[string]axbPoolPair{}
	var diags diag.Diagnostics
	if m.IsNull() || m.IsUnknown() {
		return out, diags
	}
	for k, v := range m.Elements() {
		o, ok := v.(types.Object)
		if !ok || o.IsNull() || o.IsUnknown() {
			diags.AddAttributeError(path.Root("pairs").AtMapKey(k), "Pair not known", fmt.Sprintf("Pair %q is null or not known; give it a value.", k))
			continue
		}
		a := o.Attributes()
		str := func(n string) types.String { v, _ := a[n].(types.String); return v }
		out[k] = axbPoolPair{axbRecord: axbRecord{ID: str("id"), XNumber: str("x_number"), ANumber: str("a_number"), BNumber: str("b_number"),
			CallDirection: str("call_direction"), Lifetime: str("lifetime"), ExpiresAt: str("expires_at"), RecordCalls: boolAttr(a["record_calls"]), RecordHintTone: str("record_hint_tone"),
			MaxCallMinutes: int64Attr(a["max_call_minutes"]), LastMinuteTone: str("last_minute_tone"), SMSEnabled: boolAttr(a["sms_enabled"]),
			AHintTone: str("a_hint_tone"), BHintTone: str("b_hint_tone"), UserData: str("user_data")}, RenewBefore: str("renew_before")}
	}
	return out, diags
}

func boolAttr(v attr.Value) types.Bool {
	b, ok := v.(types.Bool)
	if !ok {
		return types.BoolNull()
	}
	return b
}

func int64Attr(v attr.Value) types.Int64 {
	n, ok := v.(types.Int64)
	if !ok {
		return types.Int64Null()
	}
	return n
}

// axbPoolPairsValue converts pairs back to a map value.
func axbPoolPairsValue(_ context.Context, pairs map[string]axbPoolPair) (types.Map, diag.Diagnostics) {
	var diags diag.Diagnostics
	elems := make(map[string]attr.Value, len(pairs))
	for k, p := range pairs {
		o, d := types.ObjectValue(axbPoolPairType.AttrTypes, map[string]attr.Value{
			"id": p.ID, "x_number": p.XNumber, "a_number": p.ANumber, "b_number": p.BNumber, "call_direction": p.CallDirection,
			"lifetime": p.Lifetime, "renew_before": p.RenewBefore, "expires_at": p.ExpiresAt, "record_calls": p.RecordCalls, "record_hint_tone": p.RecordHintTone, "max_call_minutes": p.MaxCallMinutes,
			"last_minute_tone": p.LastMinuteTone, "sms_enabled": p.SMSEnabled, "a_hint_tone": p.AHintTone, "b_hint_tone": p.BHintTone,
			"user_data": p.UserData,
		})
		diags.Append(d...)
		elems[k] = o
	}
	m, d := types.MapValue(axbPoolPairType, elems)
	diags.Append(d...)
	return m, diags
}

// axbPoolUndeclared converts a known undeclared list.
func axbPoolUndeclared(_ context.Context, l types.List) ([]axbPoolBinding, diag.Diagnostics) {
	var out []axbPoolBinding
	if l.IsNull() || l.IsUnknown() {
		return out, nil
	}
	for _, v := range l.Elements() {
		o, ok := v.(types.Object)
		if !ok {
			continue
		}
		a := o.Attributes()
		str := func(n string) types.String { v, _ := a[n].(types.String); return v }
		out = append(out, axbPoolBinding{ID: str("id"), XNumber: str("x_number"), ANumber: str("a_number"), BNumber: str("b_number")})
	}
	return out, nil
}

// axbPoolUndeclaredValue sorts the bindings by X, A, B and converts them.
func axbPoolUndeclaredValue(_ context.Context, list []axbPoolBinding) (types.List, diag.Diagnostics) {
	sort.Slice(list, func(i, j int) bool { return bindingOrder(list[i]) < bindingOrder(list[j]) })
	var diags diag.Diagnostics
	elems := make([]attr.Value, 0, len(list))
	for _, b := range list {
		o, d := types.ObjectValue(axbPoolBindingType.AttrTypes, map[string]attr.Value{
			"id": b.ID, "x_number": b.XNumber, "a_number": b.ANumber, "b_number": b.BNumber})
		diags.Append(d...)
		elems = append(elems, o)
	}
	l, d := types.ListValue(axbPoolBindingType, elems)
	diags.Append(d...)
	return l, diags
}

func bindingOrder(b axbPoolBinding) string {
	return b.XNumber.ValueString() + "\x00" + b.ANumber.ValueString() + "\x00" + b.BNumber.ValueString() + "\x00" + b.ID.ValueString()
}

// axbPoolXs is the pool's X numbers, sorted, and whether they are all known.
func axbPoolXs(s types.Set) ([]string, bool) {
	if s.IsNull() || s.IsUnknown() {
		return nil, false
	}
	var xs []string
	for _, e := range s.Elements() {
		v, ok := e.(basetypes.StringValue)
		if !ok || v.IsUnknown() || v.IsNull() {
			return nil, false
		}
		xs = append(xs, v.ValueString())
	}
	sort.Strings(xs)
	return xs, true
}

func containsString(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
