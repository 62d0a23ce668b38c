package provider

// Live acceptance tests: the lifecycle of each mode against the real
// platform, run by `make testacc-live` (scripts/testacc-live.sh), which sets
// PRIVATENUMBER_LIVE=1. Everywhere else they skip with a message, so that
// `make test` neither runs them nor counts them as passed. The same steps run
// against an in-process emulator in TestAccLiveSteps_emulator, so that they
// cannot rot while nobody runs them live.
//
// Every binding they make carries probe.Marker in user_data (the sweeper,
// `make sweep-live`, removes those left behind) and, where the mode has one,
// a short lifetime, so that a forgotten binding expires by itself.

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/privnum/terraform-provider-privatenumber/internal/client"
	"github.com/privnum/terraform-provider-privatenumber/internal/probe"
)

// envLive is set by scripts/testacc-live.sh only.
const envLive = "PRIVATENUMBER_LIVE"

// liveTarget is where the live steps run: a platform and its applications.
type liveTarget struct {
	probe.Live
	axybArea string
}

// liveFromEnv is the live platform, or skips the test with what is missing.
func liveFromEnv(t *testing.T, mode string) liveTarget {
	t.Helper()
	if os.Getenv(envLive) != "1" {
		t.Skip("live test: runs only with `make testacc-live` (against the real platform)")
	}
	l := probe.LiveFromEnv(os.Getenv)
	if need := l.NeedsFor(mode); need != "" {
		t.Skipf("live %s test: set %s", mode, need)
	}
	area := os.Getenv("PRIVATENUMBER_LIVE_AXYB_AREA_CODE")
	if area == "" {
		area = "010"
	}
	return liveTarget{Live: l, axybArea: area}
}

func TestAccLive_AX(t *testing.T)   { liveLifecycle(t, liveFromEnv(t, "AX"), "AX") }
func TestAccLive_AXB(t *testing.T)  { liveLifecycle(t, liveFromEnv(t, "AXB"), "AXB") }
func TestAccLive_AXE(t *testing.T)  { liveLifecycle(t, liveFromEnv(t, "AXE"), "AXE") }
func TestAccLive_AXYB(t *testing.T) { liveLifecycle(t, liveFromEnv(t, "AXYB"), "AXYB") }

// TestAccLiveSteps_emulator runs the live tests' steps against an emulator.
func TestAccLiveSteps_emulator(t *testing.T) {
	for _, mode := range probe.Modes {
		t.Run(mode, func(t *testing.T) {
			t.Parallel()
			env := newAccEnv(t)
			lt := liveTarget{Live: probe.Live{Endpoint: env.server.URL,
				ANumbers: []string{"+8613800000001"}, BNumbers: []string{"+8613900000001"}}, axybArea: "0755"}
			lt.Apps = []probe.App{{Mode: mode, AppKey: testAppKey(mode), AppSecret: testAppKey(mode) + testSecretSuffix,
				XNumbers: []string{testNumber(mode, "0755", 1)}}}
			liveLifecycle(t, lt, mode)
			if left := env.emu.Bindings("", ""); len(left) != 0 {
				t.Errorf("%d bindings left", len(left))
			}
		})
	}
}

// liveLifetime is the short lifetime of a live test's binding, as HCL, in the
// mode's lifetime attribute ("" where the mode has none). The one place to
// change when the lifetime attributes change.
func liveLifetime(mode string) string {
	switch mode {
	case "AXB", "AXYB", "AXE":
		return "  lifetime = \"15m\"\n"
	}
	return ""
}

// liveCase is one mode's resources in the live tests.
type liveCase struct {
	addr     string
	body     func(record bool) string // the configuration without the provider block
	importBy func(*terraform.State) (string, error)
	ignore   []string
}

func liveCaseFor(lt liveTarget, mode, marker string) liveCase {
	app := lt.App(mode)
	x, a := app.XNumbers[0], lt.ANumbers[0]
	b := ""
	if len(lt.BNumbers) > 0 {
		b = lt.BNumbers[0]
	}
	attr := func(s *terraform.State, addr, name string) string {
		return s.RootModule().Resources[addr].Primary.Attributes[name]
	}
	ignore := []string{"timeouts", "area_code", "area_match_mode", "sms_enabled", "member_lifetime"}
	switch mode {
	case "AX":
		return liveCase{addr: "privatenumber_ax_binding.live", ignore: ignore,
			body: func(rec bool) string {
				return fmt.Sprintf("resource \"privatenumber_ax_binding\" \"live\" {\n  a_number = %q\n  x_number = %q\n  user_data = %q\n  record_calls = %v\n%s}\n",
					a, x, marker, rec, liveLifetime(mode))
			},
			importBy: func(s *terraform.State) (string, error) {
				return attr(s, "privatenumber_ax_binding.live", "x_number"), nil
			}}
	case "AXB":
		return liveCase{addr: "privatenumber_axb_binding.live", ignore: ignore,
			body: func(rec bool) string {
				return fmt.Sprintf("resource \"privatenumber_axb_binding\" \"live\" {\n  x_number = %q\n  a_number = %q\n  b_number = %q\n  user_data = %q\n  record_calls = %v\n%s}\n",
					x, a, b, marker, rec, liveLifetime(mode))
			},
			importBy: func(*terraform.State) (string, error) { return x + "/" + a + "/" + b, nil }}
	case "AXE":
		// AXE records carry no bind time: an import cannot know expires_at.
		return liveCase{addr: "privatenumber_axe_binding.live", ignore: append(ignore, "expires_at"),
			body: func(rec bool) string {
				return fmt.Sprintf("resource \"privatenumber_axe_binding\" \"live\" {\n  a_number = %q\n  x_number = %q\n  user_data = %q\n  record_calls = %v\n%s}\n",
					a, x, marker, rec, liveLifetime(mode))
			},
			importBy: func(s *terraform.State) (string, error) {
				return x + "/" + attr(s, "privatenumber_axe_binding.live", "extension"), nil
			}}
	}
	// AXYB has no modify: the in-place update is the timeouts block, which
	// needs no platform call. Import by numbers is the member's
	// SUBSCRIPTION_ID/B_NUMBER (a group's import by X needs records that name
	// it, which not every platform reading gives).
	return liveCase{addr: "privatenumber_axyb_member.live", ignore: ignore,
		body: func(longer bool) string {
			create := "5m"
			if longer {
				create = "6m"
			}
			return fmt.Sprintf(`resource "privatenumber_axyb_binding" "live" {
  a_number        = %q
  area_code       = %q
  area_match_mode = "fallback"
  user_data       = %q
%s  timeouts {
    create = %q
  }
}
resource "privatenumber_axyb_member" "live" {
  binding_id = privatenumber_axyb_binding.live.id
  b_number   = %q
}
`, a, lt.axybArea, marker, liveLifetime(mode), create, b)
		},
		importBy: func(s *terraform.State) (string, error) {
			return attr(s, "privatenumber_axyb_binding.live", "id") + "/" + b, nil
		}}
}

// liveLifecycle: create (and the empty plan after it), an empty plan, an
// in-place update, import by ID and by numbers, destroy (checked on the
// platform).
func liveLifecycle(t *testing.T, lt liveTarget, mode string) {
	var id [4]byte
	_, _ = rand.Read(id[:])
	marker := probe.Marker + "-acc-" + hex.EncodeToString(id[:])
	app := lt.App(mode)
	c := liveCaseFor(lt, mode, marker)
	provider := fmt.Sprintf("provider \"privatenumber\" {\n  endpoint   = %q\n  app_key    = %q\n  app_secret = %q\n}\n",
		lt.Endpoint, app.AppKey, app.AppSecret)
	before, after := provider+c.body(false), provider+c.body(true)
	ids := map[string]string{}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: (&accEnv{t: t}).factories(),
		CheckDestroy:             func(*terraform.State) error { return liveCheckGone(lt, mode, ids) },
		Steps: []resource.TestStep{
			{Config: before, Check: func(s *terraform.State) error {
				for addr, rs := range s.RootModule().Resources {
					ids[addr] = rs.Primary.ID
				}
				if ud := s.RootModule().Resources[strings.Replace(c.addr, "axyb_member", "axyb_binding", 1)].Primary.Attributes["user_data"]; ud != marker {
					return fmt.Errorf("user_data %q, want the test marker", ud)
				}
				return nil
			}},
			{Config: before, PlanOnly: true},
			{Config: after, ConfigPlanChecks: planIsThenEmpty(strings.Replace(c.addr, "axyb_member", "axyb_binding", 1), actUpdate)},
			{Config: after, ResourceName: c.addr, ImportState: true, ImportStateVerify: true, ImportStateVerifyIgnore: c.ignore},
			{Config: after, ResourceName: c.addr, ImportState: true, ImportStateIdFunc: c.importBy,
				ImportStateVerify: true, ImportStateVerifyIgnore: c.ignore},
			{Config: after, ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}}},
		},
	})
}

// liveCheckGone asks the platform for every binding the test made: each
// must be gone.
func liveCheckGone(lt liveTarget, mode string, ids map[string]string) error {
	app := lt.App(mode)
	c, err := client.New(client.Config{Endpoint: lt.Endpoint, AppKey: app.AppKey, AppSecret: app.AppSecret})
	if err != nil {
		return err
	}
	ctx := context.Background()
	for addr, id := range ids {
		var err error
		switch {
		case mode == "AX":
			_, err = c.GetAX(ctx, id)
		case mode == "AXB":
			_, err = c.GetAXB(ctx, id)
		case mode == "AXE":
			_, err = c.GetAXE(ctx, id)
		case strings.HasPrefix(addr, "privatenumber_axyb_binding"):
			_, err = c.QueryAXYB(ctx, client.AXYBQuery{SubscriptionID: id})
		default:
			continue // a member goes with its group
		}
		if !client.IsNotFound(err) {
			return fmt.Errorf("%s (%s) is still on the platform after destroy, or could not be checked: %w; `make sweep-live` removes it", addr, id, err)
		}
	}
	return nil
}
