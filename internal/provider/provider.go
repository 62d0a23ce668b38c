// Package provider implements the privatenumber Terraform provider on
// terraform-plugin-framework.
package provider

import (
	"context"
	"fmt"
	"net"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/float64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/function"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/privnum/terraform-provider-privatenumber/internal/client"
)

// Environment variables read when the attribute is not set in the configuration.
const (
	EnvEndpoint              = "PRIVATENUMBER_ENDPOINT"
	EnvAppKey                = "PRIVATENUMBER_APP_KEY"
	EnvAppSecret             = "PRIVATENUMBER_APP_SECRET"
	EnvRequestTimeout        = "PRIVATENUMBER_REQUEST_TIMEOUT"
	EnvMaxRetries            = "PRIVATENUMBER_MAX_RETRIES"
	EnvRequestsPerSecond     = "PRIVATENUMBER_REQUESTS_PER_SECOND"
	EnvCABundleFile          = "PRIVATENUMBER_CA_BUNDLE_FILE"
	EnvAdoptExistingBindings = "PRIVATENUMBER_ADOPT_EXISTING_BINDINGS"

	// DefaultEndpoint is the documented access address (APP接入地址).
	DefaultEndpoint = "https://rtcpns.cn-north-1.myhuaweicloud.com"
)

var (
	_ provider.Provider                       = (*privateNumberProvider)(nil)
	_ provider.ProviderWithFunctions          = (*privateNumberProvider)(nil)
	_ provider.ProviderWithEphemeralResources = (*privateNumberProvider)(nil)
	_ provider.ProviderWithActions            = (*privateNumberProvider)(nil)
)

// New returns a constructor of the provider for providerserver.
func New(version string) func() provider.Provider {
	return func() provider.Provider {
		return &privateNumberProvider{version: version}
	}
}

type privateNumberProvider struct {
	version string
}

type providerModel struct {
	Endpoint          types.String  `tfsdk:"endpoint"`
	AppKey            types.String  `tfsdk:"app_key"`
	AppSecret         types.String  `tfsdk:"app_secret"`
	RequestTimeout    types.String  `tfsdk:"request_timeout"`
	MaxRetries        types.Int64   `tfsdk:"max_retries"`
	RequestsPerSecond types.Float64 `tfsdk:"requests_per_second"`
	CABundleFile      types.String  `tfsdk:"ca_bundle_file"`
	AdoptExisting     types.Bool    `tfsdk:"adopt_existing_bindings"`
}

// providerData is what resources and data sources receive in Configure.
type providerData struct {
	client client.API
	appKey string // the application's APP_Key, part of every resource identity (identity.go)
}

func (p *privateNumberProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "privatenumber"
	resp.Version = p.version
}

func (p *privateNumberProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = schema.Schema{
		Description: "Manages number-masking bindings of Huawei Cloud Private Number (隐私保护通话) in AX, AXB, AXE and AXYB modes. " +
			"One provider configuration talks to one application; each application has one mode, so use one provider alias per application.",
		Attributes: map[string]schema.Attribute{
			"endpoint": schema.StringAttribute{
				Optional: true,
				Description: "The application's access address (APP接入地址, shown on the console's application page). " +
					"Default `" + DefaultEndpoint + "`; environment variable `" + EnvEndpoint + "`. " +
					"Must be `https://`; `http://` is accepted only for a loopback host (the local emulator).",
				Validators: []validator.String{endpointRule},
			},
			"app_key": schema.StringAttribute{
				Optional:    true,
				Description: "The application's APP_Key (the `Username` of the X-AKSK header). Environment variable `" + EnvAppKey + "`.",
				Validators:  []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"app_secret": schema.StringAttribute{
				Optional:  true,
				Sensitive: true,
				Description: "The application's APP_Secret, used to sign every request (HMAC-SHA256); it is never sent or logged. " +
					"Environment variable `" + EnvAppSecret + "`. Keep it out of files under version control.",
				Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"request_timeout": schema.StringAttribute{
				Optional: true,
				Description: fmt.Sprintf("Time limit of one HTTP attempt, as a Go duration such as `30s`. Default `%s`; environment variable `%s`.",
					client.DefaultRequestTimeout, EnvRequestTimeout),
				Validators: []validator.String{durationRule},
			},
			"max_retries": schema.Int64Attribute{
				Optional: true,
				Description: fmt.Sprintf("How many times a failed request is retried (rate limiting, network failures, and server errors for requests that are safe to repeat; a bind is never sent twice blindly). Default `%d`; environment variable `%s`.",
					client.DefaultMaxRetries, EnvMaxRetries),
				Validators: []validator.Int64{int64validator.Between(0, 20)},
			},
			"requests_per_second": schema.Float64Attribute{
				Optional: true,
				Description: fmt.Sprintf("A fixed client-side rate, in requests per second, shared by every resource and data source of this provider configuration; "+
					"environment variable `%s`. Not set (the default): no fixed cap and adaptive limiting; the provider sends as fast as the engine's parallelism allows, "+
					"and when the platform answers with flow control (result code `1010010`, HTTP 429) it cuts its rate to 70%% of what it was sending, "+
					"retries the refused request (after the platform's `Retry-After` when there is one) and raises the rate again step by step while answers succeed. "+
					"Cost at scale: without a quota in the way the default costs nothing; against an application quota of Q requests per second a refresh of N bindings "+
					"takes about N/Q, plus a few refused and retried requests when the limit is first found and then about one each time the rate probes above it. "+
					"Set, it is a hard upper bound that does not adapt: refused requests are retried with backoff (up to `max_retries`) at the same rate. It buys "+
					"no refusals when set at or below the quota (below it when other clients, such as other pipelines or your call-control servers, use the same application) "+
					"and costs time: 5,000 bindings take at least 100 s at 50 per second. Set it too when the platform refuses requests for reasons other than the rate, "+
					"which would otherwise drive the adaptive rate down.",
					EnvRequestsPerSecond),
				Validators: []validator.Float64{float64validator.Between(0.1, 10000)},
			},
			"ca_bundle_file": schema.StringAttribute{
				Optional: true,
				Description: "Path of a PEM file with extra certificate authorities to trust (for a corporate TLS proxy). " +
					"Certificates are always verified. Environment variable `" + EnvCABundleFile + "`.",
				Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"adopt_existing_bindings": schema.BoolAttribute{
				Optional: true,
				Description: "When a create finds that exactly the declared binding already exists on the platform (same numbers; " +
					"typically made by an apply that was interrupted before it saved the state), take it into the state with a warning " +
					"instead of failing. Off by default: adopting hides the case where two configurations declare the same binding. " +
					"Default `false`; environment variable `" + EnvAdoptExistingBindings + "`.",
			},
		},
	}
}

func (p *privateNumberProvider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	var cfg providerModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}

	// A value that comes from another resource is unknown until apply. It is neither
	// empty nor an error: leave the provider unconfigured for now; the engine configures
	// it again with known values before anything is created.
	for _, v := range []interface{ IsUnknown() bool }{cfg.Endpoint, cfg.AppKey, cfg.AppSecret, cfg.RequestTimeout, cfg.MaxRetries, cfg.RequestsPerSecond, cfg.CABundleFile, cfg.AdoptExisting} {
		if v.IsUnknown() {
			tflog.Debug(ctx, "provider configuration has unknown values; deferring client setup")
			return
		}
	}

	settings, diags := resolveSettings(cfg, os.LookupEnv)
	resp.Diagnostics.Append(diags...)
	adopt := resolveAdopt(cfg.AdoptExisting, os.LookupEnv, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}

	settings.UserAgent = "terraform-provider-privatenumber/" + p.version
	settings.Logger = func(ctx context.Context, msg string, fields map[string]any) {
		ctx = tflog.NewSubsystem(ctx, "client")
		tflog.SubsystemDebug(ctx, "client", msg, fields)
	}
	c, err := client.New(settings)
	if err != nil {
		resp.Diagnostics.AddError("Invalid provider configuration", err.Error())
		return
	}
	var api client.API = c
	if adopt {
		api = adoptingClient{API: c}
	}
	data := &providerData{client: api, appKey: settings.AppKey}
	resp.ResourceData = data
	resp.DataSourceData = data
	resp.EphemeralResourceData = data
	resp.ActionData = data
	resp.ListResourceData = data // list.go
}

// adoptingClient is the client of a provider configured with
// adopt_existing_bindings = true: settleBind adopts an exact match of a
// first bind that conflicts (lifecycle.go, withBindOptions).
type adoptingClient struct{ client.API }

func (adoptingClient) adoptsExistingBindings() bool { return true }

// resolveAdopt is adopt_existing_bindings from the configuration, else from
// its environment variable, else false.
func resolveAdopt(v types.Bool, lookup func(string) (string, bool), diags *diag.Diagnostics) bool {
	if !v.IsNull() {
		return v.ValueBool()
	}
	s, ok := lookup(EnvAdoptExistingBindings)
	if s = strings.TrimSpace(s); !ok || s == "" {
		return false
	}
	b, err := strconv.ParseBool(s)
	if err != nil {
		diags.AddAttributeError(path.Root("adopt_existing_bindings"), "Invalid adopt_existing_bindings",
			fmt.Sprintf("%q (from the %s environment variable) is not a boolean; write true or false.", s, EnvAdoptExistingBindings))
	}
	return b
}

// resolveSettings merges the configuration with the environment (configuration wins)
// and checks what can only be checked once both are known.
func resolveSettings(cfg providerModel, lookup func(string) (string, bool)) (client.Config, diag.Diagnostics) {
	var diags diag.Diagnostics
	pick := func(v types.String, env string) string {
		if !v.IsNull() {
			return v.ValueString()
		}
		s, _ := lookup(env)
		return strings.TrimSpace(s)
	}

	out := client.Config{
		Endpoint:          pick(cfg.Endpoint, EnvEndpoint),
		AppKey:            pick(cfg.AppKey, EnvAppKey),
		AppSecret:         pick(cfg.AppSecret, EnvAppSecret),
		RequestTimeout:    client.DefaultRequestTimeout,
		MaxRetries:        client.DefaultMaxRetries,
		RequestsPerSecond: client.DefaultRequestsPerSecond,
	}
	if out.Endpoint == "" {
		out.Endpoint = DefaultEndpoint
	}

	var missing []string
	if out.AppKey == "" {
		missing = append(missing, fmt.Sprintf("app_key (or the %s environment variable)", EnvAppKey))
	}
	if out.AppSecret == "" {
		missing = append(missing, fmt.Sprintf("app_secret (or the %s environment variable)", EnvAppSecret))
	}
	if len(missing) > 0 {
		diags.AddError("Missing Private Number credentials",
			"The provider signs every request with the application's APP_Key and APP_Secret, and has no value for: "+
				strings.Join(missing, "; ")+". "+
				"Set them in the provider block, or export "+EnvAppKey+" and "+EnvAppSecret+" (recommended for pipelines: "+
				"take them from the CI secret store, never from files under version control).")
	}

	if msg := checkEndpoint(out.Endpoint); msg != "" {
		diags.AddAttributeError(path.Root("endpoint"), "Invalid endpoint", msg+" (from "+sourceOf(cfg.Endpoint, EnvEndpoint)+")")
	}

	if s := pick(cfg.RequestTimeout, EnvRequestTimeout); s != "" {
		d, err := time.ParseDuration(s)
		if err != nil || d <= 0 {
			diags.AddAttributeError(path.Root("request_timeout"), "Invalid request_timeout",
				fmt.Sprintf("%q (from %s) is not a positive Go duration; write it like \"30s\" or \"2m\".", s, sourceOf(cfg.RequestTimeout, EnvRequestTimeout)))
		} else {
			out.RequestTimeout = d
		}
	}
	resolveLimits(cfg, lookup, &out, &diags)
	if file := pick(cfg.CABundleFile, EnvCABundleFile); file != "" {
		pem, err := os.ReadFile(file)
		if err != nil {
			diags.AddAttributeError(path.Root("ca_bundle_file"), "Cannot read ca_bundle_file",
				fmt.Sprintf("Reading %q (from %s): %v.", file, sourceOf(cfg.CABundleFile, EnvCABundleFile), err))
		} else {
			out.CABundlePEM = pem
		}
	}
	if out.MaxRetries == 0 {
		out.MaxRetries = -1 // the client reads 0 as "default"; the user asked for no retries
	}
	return out, diags
}

// resolveLimits sets max_retries and requests_per_second from the
// configuration, else from the environment.
func resolveLimits(cfg providerModel, lookup func(string) (string, bool), out *client.Config, diags *diag.Diagnostics) {
	if !cfg.MaxRetries.IsNull() {
		out.MaxRetries = int(cfg.MaxRetries.ValueInt64())
	} else if s, ok := lookup(EnvMaxRetries); ok && strings.TrimSpace(s) != "" {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n < 0 || n > 20 {
			diags.AddAttributeError(path.Root("max_retries"), "Invalid "+EnvMaxRetries,
				fmt.Sprintf("%q is not a whole number from 0 to 20.", s))
		} else {
			out.MaxRetries = n
		}
	}
	if !cfg.RequestsPerSecond.IsNull() {
		out.RequestsPerSecond = cfg.RequestsPerSecond.ValueFloat64()
	} else if s, ok := lookup(EnvRequestsPerSecond); ok && strings.TrimSpace(s) != "" {
		f, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
		if err != nil || f < 0.1 || f > 10000 {
			diags.AddAttributeError(path.Root("requests_per_second"), "Invalid "+EnvRequestsPerSecond,
				fmt.Sprintf("%q is not a number from 0.1 to 10000.", s))
		} else {
			out.RequestsPerSecond = f
		}
	}
}

func sourceOf(v types.String, env string) string {
	if v.IsNull() {
		return "the " + env + " environment variable"
	}
	return "the provider configuration"
}

// checkEndpoint returns a message for an endpoint the provider refuses, or "".
func checkEndpoint(endpoint string) string {
	u, err := url.Parse(endpoint)
	if err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
		return fmt.Sprintf("%q is not an absolute URL; use the application's access address, such as %q.", endpoint, DefaultEndpoint)
	}
	if u.Scheme == "http" && !isLoopback(u.Hostname()) {
		return fmt.Sprintf("%q uses plain http:// to a host that is not a loopback address; the platform must be reached over https://. "+
			"Plain http:// is only for the local emulator on 127.0.0.1, ::1 or localhost.", endpoint)
	}
	return ""
}

func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// What each resource and data source implements, checked when the provider
// is compiled: the engine calls these methods only when they are there.
var (
	_ resource.Resource                         = (*axBindingResource)(nil)
	_ resource.ResourceWithConfigure            = (*axBindingResource)(nil)
	_ resource.ResourceWithImportState          = (*axBindingResource)(nil)
	_ resource.ResourceWithConfigValidators     = (*axBindingResource)(nil)
	_ resource.ResourceWithValidateConfig       = (*axBindingResource)(nil)
	_ resource.ResourceWithModifyPlan           = (*axBindingResource)(nil)
	_ datasource.DataSourceWithConfigure        = (*axBindingDataSource)(nil)
	_ datasource.DataSourceWithConfigValidators = (*axBindingDataSource)(nil)
	_ datasource.DataSourceWithConfigure        = (*axBindingsDataSource)(nil)
	_ datasource.DataSourceWithConfigValidators = (*axBindingsDataSource)(nil)
	_ resource.Resource                         = (*axbBindingResource)(nil)
	_ resource.ResourceWithConfigure            = (*axbBindingResource)(nil)
	_ resource.ResourceWithImportState          = (*axbBindingResource)(nil)
	_ resource.ResourceWithModifyPlan           = (*axbBindingResource)(nil)
	_ resource.ResourceWithValidateConfig       = (*axbBindingResource)(nil)
	_ datasource.DataSource                     = (*axbBindingDataSource)(nil)
	_ datasource.DataSourceWithConfigure        = (*axbBindingDataSource)(nil)
	_ datasource.DataSourceWithValidateConfig   = (*axbBindingDataSource)(nil)
	_ datasource.DataSource                     = (*axbBindingsDataSource)(nil)
	_ datasource.DataSourceWithConfigure        = (*axbBindingsDataSource)(nil)
	_ resource.Resource                         = (*axeBindingResource)(nil)
	_ resource.ResourceWithConfigure            = (*axeBindingResource)(nil)
	_ resource.ResourceWithImportState          = (*axeBindingResource)(nil)
	_ resource.ResourceWithValidateConfig       = (*axeBindingResource)(nil)
	_ resource.ResourceWithModifyPlan           = (*axeBindingResource)(nil)
	_ datasource.DataSource                     = (*axeBindingDataSource)(nil)
	_ datasource.DataSourceWithConfigure        = (*axeBindingDataSource)(nil)
	_ datasource.DataSourceWithValidateConfig   = (*axeBindingDataSource)(nil)
	_ datasource.DataSource                     = (*axeBindingsDataSource)(nil)
	_ datasource.DataSourceWithConfigure        = (*axeBindingsDataSource)(nil)
	_ resource.Resource                         = (*axybBindingResource)(nil)
	_ resource.ResourceWithConfigure            = (*axybBindingResource)(nil)
	_ resource.ResourceWithImportState          = (*axybBindingResource)(nil)
	_ resource.ResourceWithValidateConfig       = (*axybBindingResource)(nil)
	_ resource.Resource                         = (*axybMemberResource)(nil)
	_ resource.ResourceWithConfigure            = (*axybMemberResource)(nil)
	_ resource.ResourceWithImportState          = (*axybMemberResource)(nil)
	_ resource.ResourceWithValidateConfig       = (*axybMemberResource)(nil)
	_ datasource.DataSource                     = (*axybBindingDataSource)(nil)
	_ datasource.DataSourceWithConfigure        = (*axybBindingDataSource)(nil)
	_ datasource.DataSourceWithConfigValidators = (*axybBindingDataSource)(nil)
)

// Resources lists every mode's resources; a new mode adds its own here.
func (p *privateNumberProvider) Resources(_ context.Context) []func() resource.Resource {
	return []func() resource.Resource{
		newAXBindingResource,
		newAXBBindingResource, newAXBPoolResource,
		newAXEBindingResource,
		newAXYBBindingResource, newAXYBMemberResource,
	}
}

// DataSources lists every mode's data sources; a new mode adds its own here.
func (p *privateNumberProvider) DataSources(_ context.Context) []func() datasource.DataSource {
	return []func() datasource.DataSource{
		newAXBindingDataSource, newAXBindingsDataSource,
		newAXBBindingDataSource, newAXBBindingsDataSource,
		newAXEBindingDataSource, newAXEBindingsDataSource,
		newAXYBBindingDataSource,
	}
}

// Functions lists the provider functions (provider::privatenumber::<name>).
func (p *privateNumberProvider) Functions(_ context.Context) []func() function.Function {
	return []func() function.Function{newNormalizeNumberFunction, newMaskNumberFunction}
}

// EphemeralResources lists the ephemeral resources (never in state or plan).
func (p *privateNumberProvider) EphemeralResources(_ context.Context) []func() ephemeral.EphemeralResource {
	return []func() ephemeral.EphemeralResource{newRecordingURLEphemeralResource}
}

// Actions lists the actions (Terraform 1.14+): operations that are not infrastructure.
func (p *privateNumberProvider) Actions(_ context.Context) []func() action.Action {
	return []func() action.Action{newAXTemporaryCalleeAction, newStopCallAction}
}

// endpointRule: an https:// URL, or http:// to a loopback host.
var endpointRule = stringRule{
	summary:     "Invalid endpoint",
	description: "an https:// URL, or http:// to a loopback host",
	problem:     func(_, s string) string { return checkEndpoint(s) },
}

// durationRule: a positive Go duration.
var durationRule = stringRule{
	summary:     "Invalid duration",
	description: "a positive Go duration such as 30s",
	problem: func(_, s string) string {
		if d, err := time.ParseDuration(s); err != nil || d <= 0 {
			return fmt.Sprintf("%q is not a positive Go duration; write it like \"30s\" or \"2m\".", s)
		}
		return ""
	},
}
