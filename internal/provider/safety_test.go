package provider

// Safety on the real platform (issue 13): an answer that is not the
// platform's clear "not found" never empties the state, and a wrong secret is
// sent once, not retried toward the platform's IP lock-out.

import (
	"bytes"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/privnum/terraform-provider-privatenumber/internal/emulator"
)

// safetyProxy sits in front of the test emulator. With html404 set it
// answers every request with a plain HTML 404 page (a wrong endpoint path, a
// proxy); with badDigest set it turns the emulator's refusal of the digest
// into the per-API tables' reading, HTTP 401 with 1010010 "Invalid digest.".
type safetyProxy struct {
	next      http.Handler
	html404   atomic.Bool
	badDigest bool
	requests  atomic.Int64
}

func (p *safetyProxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	p.requests.Add(1)
	if p.html404.Load() {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(http.StatusNotFound)
		_, _ = w.Write([]byte("<html><head><title>404 Not Found</title></head><body><center><h1>404 Not Found</h1></center></body></html>"))
		return
	}
	rec := httptest.NewRecorder()
	p.next.ServeHTTP(rec, r)
	if p.badDigest && bytes.Contains(rec.Body.Bytes(), []byte(`"1010005"`)) {
		w.Header().Set("Content-Type", "application/json;charset=UTF-8")
		w.WriteHeader(http.StatusUnauthorized)
		_, _ = w.Write([]byte(`{"resultcode":"1010010","resultdesc":"Invalid digest."}`))
		return
	}
	for k, v := range rec.Header() {
		w.Header()[k] = v
	}
	w.WriteHeader(rec.Code)
	_, _ = w.Write(rec.Body.Bytes())
}

func newSafetyProxy(t *testing.T, env *accEnv) (*safetyProxy, string) {
	t.Helper()
	p := &safetyProxy{next: env.emu}
	srv := httptest.NewServer(p)
	t.Cleanup(srv.Close)
	return p, srv.URL
}

func safetyAXBConfig(endpoint, secret string) string {
	return fmt.Sprintf(`
provider "privatenumber" {
  endpoint   = %q
  app_key    = %q
  app_secret = %q
}

resource "privatenumber_axb_binding" "test" {
  x_number = %q
  a_number = "+8613800000061"
  b_number = "+8613900000061"
}
`, endpoint, testAppKey("AXB"), secret, testNumber("AXB", "0755", 6))
}

// One AXB binding applied; then the endpoint answers a plain HTML 404 for
// every request: plan, refresh and apply fail with a message naming the
// endpoint and the URI, the state keeps the binding, and once the endpoint
// is right again the plan is empty (nothing to create again).
func TestAccSafety_HTML404KeepsState(t *testing.T) {
	env := newAccEnv(t)
	proxy, endpoint := newSafetyProxy(t, env)
	cfg := safetyAXBConfig(endpoint, testAppKey("AXB")+testSecretSuffix)
	wrongAddress := wrapRE(endpoint+"/rest/caas/relationnumber/partners/v1.0", "HTTP 404",
		"an HTML page", "endpoint", "URI path looks wrong")
	to404 := func() { proxy.html404.Store(true) }
	back := func() { proxy.html404.Store(false) }
	var id string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		CheckDestroy:             env.checkDestroyed,
		Steps: []resource.TestStep{
			{
				Config: cfg,
				Check: func(s *terraform.State) error {
					id = s.RootModule().Resources["privatenumber_axb_binding.test"].Primary.ID
					if n := len(env.emu.Bindings("", "")); n != 1 {
						return fmt.Errorf("%d bindings on the platform, want 1", n)
					}
					return nil
				},
			},
			{PreConfig: to404, Config: cfg, PlanOnly: true, ExpectError: wrongAddress},
			{PreConfig: to404, RefreshState: true, ExpectError: wrongAddress},
			{PreConfig: to404, Config: cfg, ExpectError: wrongAddress},
			{
				PreConfig: back,
				Config:    cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectEmptyPlan(),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("privatenumber_axb_binding.test", tfjsonpath.New("id"), knownvalue.NotNull()),
				},
				Check: func(s *terraform.State) error {
					if got := s.RootModule().Resources["privatenumber_axb_binding.test"].Primary.ID; got != id {
						return fmt.Errorf("state holds binding %q, want the original %q", got, id)
					}
					if n := len(env.emu.Bindings("", "")); n != 1 {
						return fmt.Errorf("%d bindings on the platform, want 1 (bound again?)", n)
					}
					return nil
				},
			},
		},
	})
}

// A wrong app secret against a platform that answers HTTP 401 with 1010010
// makes exactly one request, and the error is about the credentials.
func TestAccSafety_WrongSecretSentOnce(t *testing.T) {
	env := newAccEnv(t)
	proxy, endpoint := newSafetyProxy(t, env)
	proxy.badDigest = true
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{
			{
				Config:      safetyAXBConfig(endpoint, "not-the-app-secret-0123456789"),
				ExpectError: wrapRE("app_secret", "clock", "sent once and not retried", "1010010", "HTTP 401"),
			},
			{
				// The step after an ExpectError step must not be last with an
				// error; count here, with nothing left to create.
				Config: `# empty`,
				Check: func(*terraform.State) error {
					if n := proxy.requests.Load(); n != 1 {
						return fmt.Errorf("the platform saw %d requests, want exactly 1 (no retries of a bad digest)", n)
					}
					if n := len(env.emu.Bindings("", "")); n != 0 {
						return fmt.Errorf("%d bindings on the platform, want 0", n)
					}
					return nil
				},
			},
		},
	})
}

// TestAccSafety_InternalErrorAfterCommit: the platform applies a bind and
// answers 500 1010001 "Internal system error" (reference §17: every 5xx is
// ambiguous for a write). The provider looks the binding up instead of
// trusting the error: the binding ends in state, sent once, not orphaned.
func TestAccSafety_InternalErrorAfterCommit(t *testing.T) {
	const a, b = "+8613800000001", "+8613900000001"
	for _, c := range []struct{ mode, addr, body string }{
		{"AX", "privatenumber_ax_binding.t", fmt.Sprintf("a_number = %q\n  x_number = %q", a, testNumber("AX", "0755", 1))},
		{"AXB", "privatenumber_axb_binding.t", fmt.Sprintf("x_number = %q\n  a_number = %q\n  b_number = %q", testNumber("AXB", "0755", 1), a, b)},
		{"AXE", "privatenumber_axe_binding.t", fmt.Sprintf("a_number = %q\n  x_number = %q", a, testNumber("AXE", "0755", 1))},
	} {
		t.Run(c.mode, func(t *testing.T) {
			env := newAccEnv(t)
			cfg := env.providerConfig(c.mode) + fmt.Sprintf("resource %q \"t\" {\n  %s\n}\n", strings.TrimSuffix(c.addr, ".t"), c.body)
			op := c.mode + ".bind"
			if err := env.emu.SetFaults(emulator.Faults{Rules: []emulator.FaultRule{{Operation: op, Kind: "error_after_commit", Attempts: 1}}}); err != nil {
				t.Fatal(err)
			}
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: env.factories(),
				CheckDestroy:             env.checkDestroyed,
				Steps: []resource.TestStep{{Config: cfg, Check: func(s *terraform.State) error {
					rs, ok := s.RootModule().Resources[c.addr]
					if !ok || rs.Primary.ID == "" {
						return fmt.Errorf("%s not in state", c.addr)
					}
					on := env.emu.Bindings("", c.mode)
					if len(on) != 1 || on[0].SubscriptionID != rs.Primary.ID {
						return fmt.Errorf("want exactly the binding in state (%s) on the platform, got %+v", rs.Primary.ID, on)
					}
					// The fault (no probability: always, on the first send) answered that
					// send with 500; a second send would have met the first's binding.
					if n := env.emu.Stats().Requests[op]; n != 1 {
						return fmt.Errorf("want %s sent once, the platform saw %d", op, n)
					}
					return nil
				}}},
			})
		})
	}
}
