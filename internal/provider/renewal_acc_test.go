package provider

import (
	"fmt"
	"strconv"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/privnum/terraform-provider-privatenumber/internal/emulator"
)

// durationText is a platform lifetime field (an integer in unit) as the
// state writes it ("1h", "0s"; "" when the field is absent).
func durationText(b emulator.AdminBinding, field string, unit time.Duration) string {
	n, err := strconv.ParseInt(fieldText(b, field), 10, 64)
	if err != nil {
		return ""
	}
	return formatDuration(time.Duration(n) * unit)
}

// The renewal tests' lifetime and window: ten days, renewed in the last three.
const (
	renewLifetime = 240 * time.Hour
	renewWindow   = 72 * time.Hour
)

// renewalSteps is the story of a binding with renew_before, told with the
// platform's clock moved (mode's operations are "<mode>.modify" and so on):
// outside the window the plan is empty; inside it the plan updates in place
// and the apply restarts the lifetime with one modify and no bind or unbind,
// keeping the id and every attribute in keep; past expires_at the binding is
// gone and the plan creates it again.
func (e *accEnv) renewalSteps(mode, addr, cfg string, keep ...string) []resource.TestStep {
	keep = append([]string{"id"}, keep...)
	same := map[string]acrossSteps{}
	for _, a := range keep {
		same[a] = sameAcrossSteps()
	}
	sameChecks := func() (out []statecheck.StateCheck) { // one check per step and value
		for _, a := range keep {
			out = append(out, valueOf(same[a], addr, a))
		}
		return out
	}
	var firstExpiry, id string
	var modifies, binds, unbinds int
	counts := func() {
		modifies, binds, unbinds = e.requests(mode+".modify"), e.requests(mode+".bind"), e.requests(mode+".unbind")
	}
	return []resource.TestStep{
		{
			Config:            cfg,
			ConfigStateChecks: sameChecks(),
			Check:             resource.ComposeTestCheckFunc(captureAttr(addr, "expires_at", &firstExpiry), e.expiresIn(addr, renewLifetime)),
		},
		{ // a day later: nine days left, outside the three-day window: nothing to do
			PreConfig:        e.later(24 * time.Hour),
			Config:           cfg,
			ConfigPlanChecks: emptyPlan(),
		},
		{ // six more days: two days and 18 hours left, inside the window: renewed in place
			PreConfig:         func() { e.emu.AdvanceClock(150 * time.Hour); counts() },
			Config:            cfg,
			ConfigPlanChecks:  planIsThenEmpty(addr, actUpdate, plannedUnknown(addr, "expires_at")),
			ConfigStateChecks: sameChecks(),
			Check: resource.ComposeTestCheckFunc(
				e.expiresIn(addr, renewLifetime),
				func(s *terraform.State) error {
					if got, _ := stateAttr(s, addr, "expires_at"); got == firstExpiry {
						return fmt.Errorf("the renewal left expires_at at %s", got)
					}
					if m, b, u := e.requests(mode+".modify")-modifies, e.requests(mode+".bind")-binds, e.requests(mode+".unbind")-unbinds; m != 1 || b != 0 || u != 0 {
						return fmt.Errorf("the renewal sent %d modify, %d bind and %d unbind requests, want exactly one modify", m, b, u)
					}
					return nil
				},
				captureID(addr, &id)),
		},
		// Past the renewed expires_at (nobody ran the pipeline): gone, created again.
		e.recreatedStep(e.later(renewLifetime+time.Hour), cfg, addr, &id, e.expiresIn(addr, renewLifetime)),
	}
}

// expiresIn checks that addr's expires_at is lifetime from the platform's
// time now, and that the platform's binding ends then too.
func (e *accEnv) expiresIn(addr string, lifetime time.Duration) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		got, err := stateAttr(s, addr, "expires_at")
		if err != nil {
			return err
		}
		at, err := time.Parse(time.RFC3339, got)
		if err != nil {
			return fmt.Errorf("expires_at %q: %w", got, err)
		}
		// Within a minute: the time of the bind or modify, not of this check.
		if want := e.emu.Now().Add(lifetime); at.Before(want.Add(-time.Minute)) || at.After(want.Add(time.Second)) {
			return fmt.Errorf("expires_at is %s, want %s (the platform's time now plus the lifetime)", got, want.Format(time.RFC3339))
		}
		return nil
	}
}

func TestAccAXBBinding_renewal(t *testing.T) {
	env := newAccEnv(t)
	cfg := axbConfig(env, map[string]string{
		"x_number": hq(testNumber("AXB", "0755", 1)), "a_number": hq(axbA(1)), "b_number": hq(axbB(1)),
		"lifetime": hq(formatDuration(renewLifetime)), "renew_before": hq(formatDuration(renewWindow)),
	})
	steps := env.renewalSteps("AXB", axbAddr, cfg, "x_number", "a_number", "b_number")
	for i := range steps {
		if steps[i].Check != nil {
			steps[i].Check = resource.ComposeTestCheckFunc(steps[i].Check, env.checkHoldsState("AXB", axbView))
		}
	}
	env.run(steps)
}

func TestAccAXEBinding_renewal(t *testing.T) {
	env := newAccEnv(t)
	cfg := env.config("AXE", fmt.Sprintf(`
resource "privatenumber_axe_binding" "m" {
  a_number      = %q
  x_number      = %q
  callback_tone = "cb.wav"
  lifetime      = %q
  renew_before  = %q
}
`, axeA1, axeX(1), formatDuration(renewLifetime), formatDuration(renewWindow)))
	steps := env.renewalSteps("AXE", axeM, cfg, "x_number", "extension", "a_number")
	for i := range steps {
		if steps[i].Check != nil {
			steps[i].Check = resource.ComposeTestCheckFunc(steps[i].Check, env.checkAXEOnPlatform(axeM),
				env.checkAXEExpiry(axeM))
		}
	}
	env.run(steps)
}

// checkAXEExpiry checks that the platform ends the AXE binding when the
// state's expires_at says (AXE records carry no bind time, so the provider
// keeps expires_at from the platform's clock at the bind or modify).
func (e *accEnv) checkAXEExpiry(addr string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		got, err := stateAttr(s, addr, "expires_at")
		if err != nil {
			return err
		}
		b := e.only("AXE")
		if b.ExpiresAt == nil {
			return fmt.Errorf("the platform's AXE binding never expires; the state says %s", got)
		}
		at, err := time.Parse(time.RFC3339, got)
		if err != nil {
			return err
		}
		if d := b.ExpiresAt.Sub(at); d < 0 || d > 2*time.Second {
			return fmt.Errorf("the state's expires_at %s is not when the platform ends the binding (%s)", got, b.ExpiresAt.UTC().Format(time.RFC3339))
		}
		return nil
	}
}
