package provider

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/privnum/terraform-provider-privatenumber/internal/client"
)

// maxBindSends bounds how often a resource sends one bind whose answers are
// lost (client.UnknownOutcomeError). A bind is sent again only after a lookup
// by its natural key showed that no earlier send took effect, so each further
// send is safe; the bound only stops a platform that keeps failing. With two
// sends, one apply in two of 100 bindings failed under 20% lost answers and
// 10% 5xx before commit (a 5xx twice in a row on one bind): see
// TestAccFaults_lostAnswers.
const maxBindSends = 5

// clientFrom returns the client handed over in Configure, or nil while the
// provider's own configuration is still unknown (values from other resources).
func clientFrom(providerDataAny any, diags *diag.Diagnostics) client.API {
	if providerDataAny == nil {
		return nil
	}
	pd, ok := providerDataAny.(*providerData)
	if !ok {
		diags.AddError("Unexpected provider data",
			fmt.Sprintf("Expected *providerData, got %T. This is a bug in the provider; please report it.", providerDataAny))
		return nil
	}
	return pd.client
}

// resourceBase holds the client of a resource and the application's APP_Key
// (for the resource identity, identity.go); its Configure takes them from the
// provider. Every resource embeds it.
type resourceBase struct {
	client client.API
	appKey string
}

func (b *resourceBase) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	b.client = clientFrom(req.ProviderData, &resp.Diagnostics)
	if pd, ok := req.ProviderData.(*providerData); ok && b.client != nil {
		b.appKey = pd.appKey
	}
}

// dataSourceBase is resourceBase for data sources.
type dataSourceBase struct{ client client.API }

func (b *dataSourceBase) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	b.client = clientFrom(req.ProviderData, &resp.Diagnostics)
}

// requireClient reports whether the client is ready; if not it adds an error
// explaining that the provider configuration was not known.
func requireClient(c client.API, diags *diag.Diagnostics) bool {
	if c != nil {
		return true
	}
	diags.AddError("Provider not configured",
		"The privatenumber provider's configuration (endpoint, app_key, app_secret) was not known when this operation ran. "+
			"If it depends on other resources, apply those first (for example with -target), then run again.")
	return false
}

// expiresAt is the RFC 3339 time a binding with a lifetime ends, or null when it is permanent.
func expiresAt(start time.Time, lifetime time.Duration) types.String {
	if lifetime <= 0 || start.IsZero() {
		return types.StringNull()
	}
	return types.StringValue(start.Add(lifetime).UTC().Format(time.RFC3339))
}

// planUnchanged reports whether a plan leaves an existing binding exactly as
// it is. ModifyPlan then has nothing to decide: returning before reading the
// models saves most of the provider's own cost per binding on a no-change plan
// (docs/benchmarks.md).
func planUnchanged(req resource.ModifyPlanRequest) bool {
	return !req.State.Raw.IsNull() && !req.Plan.Raw.IsNull() && req.Plan.Raw.Equal(req.State.Raw)
}
