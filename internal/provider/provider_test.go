package provider

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
)

// A data source read is the cheapest thing that makes the engine load the
// schema, configure the provider and call the platform.
func axbListConfig(env *accEnv) string {
	return fmt.Sprintf(`
data "privatenumber_axb_bindings" "x" {
  x_number = %q
}
`, testNumber("AXB", "0755", 1))
}

func TestAccProviderSchemaLoadsAndReadsThePlatform(t *testing.T) {
	env := newAccEnv(t)
	env.runCase(resource.TestCase{
		Steps: []resource.TestStep{{
			Config: env.providerConfig("AXB") + axbListConfig(env),
			ConfigStateChecks: []statecheck.StateCheck{
				attrIs("data.privatenumber_axb_bindings.x", "bindings", knownvalue.ListSizeExact(0)),
			},
		}},
	})
	if env.requests("AXB.query") == 0 {
		t.Error("the data source never queried the platform")
	}
}

// Credentials from the environment, endpoint in HCL (not parallel: it sets the environment).
func TestAccProviderCredentialsFromEnvironment(t *testing.T) {
	env := newAccEnv(t)
	t.Setenv(EnvAppKey, testAppKey("AXB"))
	t.Setenv(EnvAppSecret, testAppKey("AXB")+testSecretSuffix)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{{
			Config: fmt.Sprintf("provider \"privatenumber\" {\n  endpoint = %q\n}\n", env.server.URL) + axbListConfig(env),
			ConfigStateChecks: []statecheck.StateCheck{
				attrIs("data.privatenumber_axb_bindings.x", "bindings", knownvalue.ListSizeExact(0)),
			},
		}},
	})
}

func TestAccProviderMissingCredentials(t *testing.T) {
	env := newAccEnv(t)
	t.Setenv(EnvAppKey, "")
	t.Setenv(EnvAppSecret, "")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{
			{
				Config:      fmt.Sprintf("provider \"privatenumber\" {\n  endpoint = %q\n}\n", env.server.URL) + axbListConfig(env),
				PlanOnly:    true,
				ExpectError: wrapRE("Missing Private Number credentials", "app_key (or the PRIVATENUMBER_APP_KEY environment variable)", "app_secret (or the PRIVATENUMBER_APP_SECRET environment variable)"),
			},
			{
				// Only the key missing: the diagnostic names just that one.
				Config:      fmt.Sprintf("provider \"privatenumber\" {\n  endpoint = %q\n  app_secret = \"s\"\n}\n", env.server.URL) + axbListConfig(env),
				PlanOnly:    true,
				ExpectError: wrapRE("no value for: app_key (or the PRIVATENUMBER_APP_KEY environment variable)."),
			},
			{Config: env.providerConfig("AXB")},
		},
	})
	if n := env.platformRequests(); n != 0 {
		t.Errorf("missing credentials must fail before any request; the emulator saw %d", n)
	}
}

func TestAccProviderRefusesPlainHTTPToRemoteHost(t *testing.T) {
	env := newAccEnv(t)
	env.runCase(resource.TestCase{
		Steps: []resource.TestStep{
			{
				Config: `
provider "privatenumber" {
  endpoint   = "http://rtcpns.cn-north-1.myhuaweicloud.com"
  app_key    = "k"
  app_secret = "s"
}
` + axbListConfig(env),
				PlanOnly:    true,
				ExpectError: wrapRE("Invalid endpoint", "plain http:// to a host that is not a loopback address", "only for the local emulator"),
			},
			{Config: env.providerConfig("AXB")},
		},
	})
}

func TestAccProviderRefusesPlainHTTPFromEnvironment(t *testing.T) {
	env := newAccEnv(t)
	t.Setenv(EnvEndpoint, "http://192.0.2.10:8080")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{
			{
				Config:      "provider \"privatenumber\" {\n  app_key = \"k\"\n  app_secret = \"s\"\n}\n" + axbListConfig(env),
				PlanOnly:    true,
				ExpectError: wrapRE("Invalid endpoint", "from the PRIVATENUMBER_ENDPOINT environment variable"),
			},
			{Config: env.providerConfig("AXB")},
		},
	})
}

// Provider configuration that depends on another resource is unknown at plan
// time: the plan must succeed and the apply must use the real values.
func TestAccProviderConfigurationUnknownAtPlan(t *testing.T) {
	env := newAccEnv(t)
	env.runCase(resource.TestCase{
		CheckDestroy: env.checkDestroyed,
		Steps: []resource.TestStep{{
			Config: fmt.Sprintf(`
resource "terraform_data" "endpoint" {
  input = %q
}

provider "privatenumber" {
  endpoint   = terraform_data.endpoint.output
  app_key    = %q
  app_secret = %q
}

resource "privatenumber_axb_binding" "b" {
  x_number = %q
  a_number = "+8613800000001"
  b_number = "+8613900000002"
}
`, env.server.URL, testAppKey("AXB"), testAppKey("AXB")+testSecretSuffix, testNumber("AXB", "0755", 1)),
			ConfigStateChecks: []statecheck.StateCheck{
				attrIs("privatenumber_axb_binding.b", "x_number", knownvalue.StringExact(testNumber("AXB", "0755", 1))),
			},
		}},
	})
}
