package provider

// Resource identity (identity.go): every resource records {id, app_key}
// after create, and an import block with `identity` adopts the binding with
// the same state and identity; an identity of another application, or of a
// binding that does not exist, is refused with a clear error. These run on
// OpenTofu (make testacc) and on Terraform (the smoke subset, make
// testacc-terraform).

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"
)

// identityChecks: addr's identity is its id and the mode's application.
func identityChecks(addr, mode string) []statecheck.StateCheck {
	return []statecheck.StateCheck{
		statecheck.ExpectIdentity(addr, map[string]knownvalue.Check{
			"id":      knownvalue.NotNull(),
			"app_key": knownvalue.StringExact(testAppKey(mode)),
		}),
		statecheck.ExpectIdentityValueMatchesState(addr, tfjsonpath.New("id")),
	}
}

// importByIdentity imports addr with an import block holding the identity
// the prior step recorded: the plan must import it with no change (unless
// update, then an in-place update) and the same identity.
func importByIdentity(cfg, addr string, update bool) resource.TestStep {
	step := resource.TestStep{
		Config:          cfg,
		ResourceName:    addr,
		ImportState:     true,
		ImportStateKind: resource.ImportBlockWithResourceIdentity,
	}
	if update {
		step.ExpectNonEmptyPlan = true
		step.ImportPlanChecks = resource.ImportPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, actUpdate)}}
	}
	return step
}

// importRefused imports addr with cfg plus an import block of the given
// identity, which must fail with want.
func importRefused(cfg, addr, identity string, want *regexp.Regexp) resource.TestStep {
	return resource.TestStep{
		Config: cfg + fmt.Sprintf(`
import {
  to       = %s
  identity = {
%s
  }
}
`, addr, identity),
		ResourceName:           addr,
		ImportState:            true,
		ImportStateKind:        resource.ImportBlockWithResourceIdentity,
		ImportStateConfigExact: true,
		ExpectError:            want,
	}
}

// identityCase runs steps on an engine that knows resource identities
// (OpenTofu 1.12 and Terraform 1.12 report 1.12 or later); an older engine,
// such as the lowest supported Terraform run on demand, skips them.
func (e *accEnv) identityCase(steps []resource.TestStep) {
	e.t.Helper()
	e.runCase(resource.TestCase{
		CheckDestroy:           e.checkDestroyed,
		TerraformVersionChecks: []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_12_0)},
		Steps:                  steps,
	})
}

var (
	otherAppRE   = wrapRE(`Identity of another application`, `"test-axb-app" is not the app_key this provider is configured with`)
	notExistRE   = regexp.MustCompile(`Cannot import non-existent remote object`)
	noSuchID     = `    id = "0000000000000000000000000000dead"`
	otherAppAXB  = `    id      = "0000000000000000000000000000dead"` + "\n" + `    app_key = "test-axb-app"`
	otherAppAXYB = `    id      = "0000000000000000000000000000dead/+8613900000001"` + "\n" + `    app_key = "test-axb-app"`
)

func TestAccIdentity_AX(t *testing.T) {
	env := newAccEnv(t)
	cfg := axConfig(env, fmt.Sprintf("a_number = %q\nx_number = %q", axA1, axX("0755", 1)))
	env.identityCase([]resource.TestStep{
		{Config: cfg, ConfigStateChecks: identityChecks(axAddr, "AX")},
		importByIdentity(cfg, axAddr, false),
		importRefused(cfg, axAddr, otherAppAXB, otherAppRE),
		importRefused(cfg, axAddr, noSuchID, notExistRE),
	})
}

func TestAccIdentity_AXB(t *testing.T) {
	env := newAccEnv(t)
	cfg := axbConfig(env, map[string]string{
		"x_number": hq(testNumber("AXB", "0755", 1)), "a_number": hq(axbA(1)), "b_number": hq(axbB(1)),
	})
	// The other application's key must be another one than this test's own.
	other := `    id      = "0000000000000000000000000000dead"` + "\n" + `    app_key = "test-ax-app"`
	env.identityCase([]resource.TestStep{
		{Config: cfg, ConfigStateChecks: identityChecks(axbAddr, "AXB")},
		importByIdentity(cfg, axbAddr, false),
		importRefused(cfg, axbAddr, other, wrapRE(`Identity of another application`, `"test-ax-app"`)),
		importRefused(cfg, axbAddr, noSuchID, notExistRE),
	})
}

func TestAccIdentity_AXE(t *testing.T) {
	env := newAccEnv(t)
	cfg := env.config("AXE", axeResource("m1", map[string]string{"a_number": hq(axeA1), "x_number": hq(axeX(1))}))
	env.identityCase([]resource.TestStep{
		{Config: cfg, ConfigStateChecks: identityChecks(axeM1, "AXE")},
		importByIdentity(cfg, axeM1, false),
		importRefused(cfg, axeM1, otherAppAXB, otherAppRE),
		importRefused(cfg, axeM1, noSuchID, notExistRE),
	})
}

// The group and a member. The group's import records the configured
// area_code (never reported by the platform) as an in-place update.
func TestAccIdentity_AXYB(t *testing.T) {
	env := newAccEnv(t)
	member := axybMemberAddr(axybCustomer(1))
	cfg := env.axybConfig("", axybCustomers(1), "")
	env.identityCase([]resource.TestStep{
		{Config: cfg, ConfigStateChecks: append(identityChecks(axybGroupAddr, "AXYB"), identityChecks(member, "AXYB")...)},
		importByIdentity(cfg, axybGroupAddr, true),
		importByIdentity(cfg, member, false),
		importRefused(cfg, member, otherAppAXYB, otherAppRE),
		importRefused(cfg, axybGroupAddr, noSuchID, notExistRE),
	})
}
