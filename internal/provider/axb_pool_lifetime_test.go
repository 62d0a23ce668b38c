package provider

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	fwresource "github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/privnum/terraform-provider-privatenumber/internal/client"
)

// Lifetimes of the pool's pairs, told with the emulator's movable clock
// (never this machine's): renewal within renew_before, the expiry warning,
// a pair gone at its end, a lifetime change on one pair of several, and
// invalid lifetimes refused at plan time.

// warnedPool checks the warnings since the last take: at least one starts
// with each summary in want (made when the check runs, so that it can name
// values captured by earlier steps) and contains its phrases; none starts
// with a summary in unwanted.
func warnedPool(take func() []string, want func() map[string][]string, unwanted ...string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		got := take()
		if want == nil {
			want = func() map[string][]string { return nil }
		}
		for summary, phrases := range want() {
			found := false
			for _, w := range got {
				if strings.HasPrefix(w, summary+":") && containsAll(w, phrases) {
					found = true
				}
			}
			if !found {
				return fmt.Errorf("want a warning %q with %q, got %q", summary, phrases, got)
			}
		}
		for _, w := range got {
			for _, u := range unwanted {
				if strings.HasPrefix(w, u) {
					return fmt.Errorf("unwanted warning %q", w)
				}
			}
		}
		return nil
	}
}

func containsAll(s string, phrases []string) bool {
	for _, p := range phrases {
		if !strings.Contains(s, p) {
			return false
		}
	}
	return true
}

// pairAttr is attribute attr of pair key of the pool in the (legacy) state; "" when null.
func pairAttr(s *terraform.State, key, attr string) (string, error) {
	rs, ok := s.RootModule().Resources[poolAddr]
	if !ok {
		return "", fmt.Errorf("%s not in state", poolAddr)
	}
	return rs.Primary.Attributes["pairs."+key+"."+attr], nil
}

// pairExpiresIn checks that pair key's expires_at is lifetime from the
// platform's time now, and exactly when the platform ends its binding.
func (e *accEnv) pairExpiresIn(key string, lifetime time.Duration) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		got, err := pairAttr(s, key, "expires_at")
		if err != nil {
			return err
		}
		at, err := time.Parse(time.RFC3339, got)
		if err != nil {
			return fmt.Errorf("pairs[%q].expires_at %q: %w", key, got, err)
		}
		if want := e.emu.Now().Add(lifetime); at.Before(want.Add(-time.Minute)) || at.After(want.Add(time.Second)) {
			return fmt.Errorf("pairs[%q].expires_at is %s, want %s (the platform's time now plus the lifetime)", key, got, want.Format(time.RFC3339))
		}
		id, _ := pairAttr(s, key, "id")
		for _, b := range e.bindings("AXB") {
			if b.SubscriptionID == id {
				// subscribeTime counts whole seconds: the platform's end is within that second
				if b.ExpiresAt == nil || b.ExpiresAt.Sub(at).Abs() > time.Second {
					return fmt.Errorf("pairs[%q].expires_at is %s, the platform ends the binding at %v", key, got, b.ExpiresAt)
				}
				return nil
			}
		}
		return fmt.Errorf("pairs[%q] (%s) is not on the platform", key, id)
	}
}

// pairPermanent checks that pair key has no expires_at.
func pairPermanent(key string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		got, err := pairAttr(s, key, "expires_at")
		if err != nil {
			return err
		}
		if got != "" {
			return fmt.Errorf("pairs[%q].expires_at = %q, want null (permanent)", key, got)
		}
		return nil
	}
}

// A pool whose pair "k1" has lifetime 240h and renew_before 72h, beside a
// permanent pair: outside the window the plan is empty and says nothing;
// inside it the plan is one in-place update of the pool (k1's expires_at
// unknown) with a warning that says why, and the apply sends exactly one
// modify (no bind, no unbind), keeping k1's id and X and moving expires_at.
// Without renew_before, within 7 days of the end the plan warns; past the
// end the refresh says the pair expired and the plan binds it again.
func TestAccAXBPool_renewal(t *testing.T) {
	env := newAccEnv(t)
	xs := []string{poolX(1), poolX(2)}
	life := fmt.Sprintf("lifetime = %q", formatDuration(renewLifetime))
	k1 := poolPair{key: "k1", a: axbA(1), b: axbB(1), extra: life + fmt.Sprintf(", renew_before = %q", formatDuration(renewWindow))}
	k2 := poolPair{key: "k2", a: axbA(2), b: axbB(2)}
	cfg := poolConfig(env, xs, "", k1, k2)
	noRenew := k1
	noRenew.extra = life
	cfgNoRenew := poolConfig(env, xs, "", noRenew, k2)

	factories, take := recordWarnings(true)
	ids, xsSame, k2IDs := sameAcrossSteps(), sameAcrossSteps(), sameAcrossSteps()
	keep := func() []statecheck.StateCheck {
		return []statecheck.StateCheck{pairID(ids, "k1"), xsSame.AddStateValue(poolAddr, pairPath("k1", "x_number")), pairID(k2IDs, "k2")}
	}
	var firstExpiry, renewedID string
	n := env.counter()
	renewing := "Renewing the AXB pool pair \"k1\" before it expires"
	expiring := "The AXB pool pair \"k1\" expires soon"
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories,
		CheckDestroy:             env.checkDestroyed,
		Steps: []resource.TestStep{
			{
				Config:            cfg,
				ConfigStateChecks: keep(),
				Check: resource.ComposeTestCheckFunc(env.pairExpiresIn("k1", renewLifetime), pairPermanent("k2"),
					func(s *terraform.State) error { firstExpiry, _ = pairAttr(s, "k1", "expires_at"); return nil },
					warnedPool(take, nil, renewing, expiring)),
			},
			{ // a day later: nine days left, outside the three-day window
				PreConfig:        env.later(24 * time.Hour),
				Config:           cfg,
				ConfigPlanChecks: emptyPlan(),
				Check:            warnedPool(take, nil, renewing, expiring),
			},
			{ // six more days: 2 days 18 hours left, inside the window: renewed in place
				PreConfig: func() { env.emu.AdvanceClock(150 * time.Hour); n.mark() },
				Config:    cfg,
				ConfigPlanChecks: planIsThenEmpty(poolAddr, actUpdate,
					plancheck.ExpectUnknownValue(poolAddr, pairPath("k1", "expires_at")),
					plancheck.ExpectKnownValue(poolAddr, pairPath("k1", "id"), knownvalue.NotNull()),
					plancheck.ExpectKnownValue(poolAddr, pairPath("k2", "expires_at"), knownvalue.Null())),
				ConfigStateChecks: keep(),
				Check: resource.ComposeTestCheckFunc(
					env.pairExpiresIn("k1", renewLifetime), pairPermanent("k2"),
					func(s *terraform.State) error {
						if got, _ := pairAttr(s, "k1", "expires_at"); got == firstExpiry {
							return fmt.Errorf("the renewal left expires_at at %s", got)
						}
						return nil
					},
					n.since(1, "AXB.modify"), n.since(0, "AXB.bind", "AXB.unbind"),
					warnedPool(take, func() map[string][]string {
						return map[string][]string{renewing: {"renew_before (72h)", firstExpiry, "modify API", "keeping its id"}}
					}, expiring),
					env.checkPoolOnPlatform()),
			},
			{ // renew_before removed, four hours before the end: the plan warns; nothing is sent
				PreConfig:        func() { env.emu.AdvanceClock(renewLifetime - 4*time.Hour); n.mark() },
				Config:           cfgNoRenew,
				ConfigPlanChecks: planIsThenEmpty(poolAddr, actUpdate),
				ConfigStateChecks: []statecheck.StateCheck{pairID(ids, "k1"),
					statecheck.ExpectKnownValue(poolAddr, pairPath("k1", "renew_before"), knownvalue.Null())},
				Check: resource.ComposeTestCheckFunc(n.since(0, "AXB.modify", "AXB.bind", "AXB.unbind"),
					warnedPool(take, func() map[string][]string {
						return map[string][]string{expiring: {"by the platform's clock", "set renew_before"}}
					}, renewing),
					func(s *terraform.State) error { renewedID, _ = pairAttr(s, "k1", "id"); return nil }),
			},
			{ // past the end, nobody renewed: the refresh says it expired, the plan binds k1 again
				PreConfig: func() { env.emu.AdvanceClock(5 * time.Hour); n.mark() },
				Config:    cfgNoRenew,
				ConfigPlanChecks: planIsThenEmpty(poolAddr, actUpdate,
					plancheck.ExpectUnknownValue(poolAddr, pairPath("k1", "id")),
					plancheck.ExpectUnknownValue(poolAddr, pairPath("k1", "expires_at"))),
				ConfigStateChecks: []statecheck.StateCheck{pairID(k2IDs, "k2")},
				Check: resource.ComposeTestCheckFunc(
					env.pairExpiresIn("k1", renewLifetime), n.since(1, "AXB.bind"), n.since(0, "AXB.unbind", "AXB.modify"),
					func(s *terraform.State) error {
						if got, _ := pairAttr(s, "k1", "id"); got == renewedID || got == "" {
							return fmt.Errorf("pairs[\"k1\"].id = %q after it expired, want a new binding", got)
						}
						return nil
					},
					warnedPool(take, func() map[string][]string {
						return map[string][]string{"The AXB pool pair \"k1\" has expired": {renewedID, "create it again"}}
					}),
					env.checkPoolOnPlatform()),
			},
		},
	})
}

// A lifetime change on one pair of several is one modify of that pair (its
// clock restarts: expires_at unknown in the plan, then lifetime from now);
// the other pairs keep their id and expires_at and get no request. Writing
// the same length another way sends nothing.
func TestAccAXBPool_lifetimeChange(t *testing.T) {
	env := newAccEnv(t)
	xs := []string{poolX(1)}
	pair := func(key string, n int, lifetime string) poolPair {
		return poolPair{key: key, a: axbA(n), b: axbB(n), extra: fmt.Sprintf("lifetime = %q", lifetime)}
	}
	k1, k3 := pair("k1", 1, "240h"), poolPair{key: "k3", a: axbA(3), b: axbB(3)}
	before := poolConfig(env, xs, "", k1, pair("k2", 2, "240h"), k3)
	after := poolConfig(env, xs, "", k1, pair("k2", 2, "480h"), k3)
	respelt := poolConfig(env, xs, "", k1, pair("k2", 2, "28800m"), k3)
	kept := []struct{ key, attr string }{{"k1", "id"}, {"k1", "expires_at"}, {"k2", "id"}, {"k3", "id"}}
	same := make([]acrossSteps, len(kept))
	for i := range kept {
		same[i] = sameAcrossSteps()
	}
	checks := func() (out []statecheck.StateCheck) { // one check per step and value
		for i, v := range kept {
			out = append(out, same[i].AddStateValue(poolAddr, pairPath(v.key, v.attr)))
		}
		return out
	}
	n := env.counter()
	var k2Duration string
	env.run([]resource.TestStep{
		{
			Config:            before,
			ConfigStateChecks: checks(),
			Check:             resource.ComposeTestCheckFunc(env.pairExpiresIn("k1", 240*time.Hour), env.pairExpiresIn("k2", 240*time.Hour), pairPermanent("k3")),
		},
		{
			PreConfig: func() { env.emu.AdvanceClock(48 * time.Hour); n.mark() },
			Config:    after,
			ConfigPlanChecks: planIsThenEmpty(poolAddr, actUpdate,
				plancheck.ExpectUnknownValue(poolAddr, pairPath("k2", "expires_at")),
				plancheck.ExpectKnownValue(poolAddr, pairPath("k2", "id"), knownvalue.NotNull()),
				plancheck.ExpectKnownValue(poolAddr, pairPath("k1", "expires_at"), knownvalue.NotNull()),
				plancheck.ExpectKnownValue(poolAddr, pairPath("k3", "expires_at"), knownvalue.Null())),
			ConfigStateChecks: checks(),
			Check: resource.ComposeTestCheckFunc(n.since(1, "AXB.modify"), n.since(0, "AXB.bind", "AXB.unbind"),
				env.pairExpiresIn("k2", 480*time.Hour), env.pairExpiresIn("k1", 192*time.Hour), pairPermanent("k3"),
				func(s *terraform.State) error {
					id, _ := pairAttr(s, "k2", "id")
					if k2Duration = env.platformField(id, "duration"); k2Duration != "1728000" {
						return fmt.Errorf("the platform's duration of k2 is %s, want 1728000 (480h)", k2Duration)
					}
					return nil
				},
				env.checkPoolOnPlatform()),
		},
		{
			PreConfig:         n.mark,
			Config:            respelt,
			ConfigPlanChecks:  planIsThenEmpty(poolAddr, actUpdate, plancheck.ExpectKnownValue(poolAddr, pairPath("k2", "expires_at"), knownvalue.NotNull())),
			ConfigStateChecks: append(checks(), statecheck.ExpectKnownValue(poolAddr, pairPath("k2", "lifetime"), knownvalue.StringExact("28800m"))),
			Check:             n.since(0, "AXB.modify", "AXB.bind", "AXB.unbind"),
		},
	})
}

// Invalid lifetimes and windows on a pair fail at plan time, before any
// request, naming pairs["key"].lifetime or .renew_before and how to fix it.
func TestAccAXBPool_badLifetime(t *testing.T) {
	env := newAccEnv(t)
	xs := []string{poolX(1)}
	cfg := func(extra string) string {
		return poolConfig(env, xs, "", poolPair{key: "hotel-grand", a: axbA(1), b: axbB(1), extra: extra})
	}
	var steps []resource.TestStep
	for _, c := range []struct {
		extra string
		want  []string
	}{
		{`lifetime = "90d"`, []string{`pairs["hotel-grand"].lifetime = "90d" is not a duration`, `"2160h" for 90 days`}},
		{`lifetime = "1500ms"`, []string{`pairs["hotel-grand"].lifetime = "1500ms" is not a whole number of seconds`, `"2s"`}},
		{`lifetime = "2161h"`, []string{`pairs["hotel-grand"].lifetime = "2161h" is outside what the platform allows`, `"2160h"`}},
		{`lifetime = "240h", renew_before = "240h"`, []string{`Pair "hotel-grand": renew_before = "240h" is not shorter than lifetime`, `"24h"`}},
		{`renew_before = "72h"`, []string{`Pair "hotel-grand": renew_before = "72h"`, "permanent", `set lifetime`}},
	} {
		steps = append(steps, resource.TestStep{Config: cfg(c.extra), PlanOnly: true, ExpectError: wrapRE(c.want...)})
	}
	steps = append(steps, resource.TestStep{Config: env.providerConfig("AXB"), Check: env.checkNoRequests()})
	env.run(steps)
}

// The plan's expires_at of each pair follows the single resource: a kept
// pair whose lifetime keeps its length keeps its end (however it is spelt);
// a lifetime change, a new pair with a lifetime and a pair bound again get
// theirs after apply; a permanent pair has none.
func TestAXBPoolPlan_expiry(t *testing.T) {
	xs := []string{"+8617000000101"}
	end := types.StringValue("2031-03-10T12:00:00Z")
	withLife := func(p axbPoolPair, l string) axbPoolPair { p.Lifetime = types.StringValue(l); return p }
	state := map[string]axbPoolPair{}
	cfg := map[string]axbPoolPair{}
	for i, c := range []struct{ key, stateLife, cfgLife, userData string }{
		{"kept", "240h", "240h", ""}, {"respelt", "240h", "14400m", ""}, {"longer", "240h", "480h", ""},
		{"to-permanent", "240h", "0s", ""}, {"rebound", "240h", "240h", "order=1"}, {"permanent", "0s", "0s", ""},
	} {
		a, b := fmt.Sprintf("+86138%08d", i), fmt.Sprintf("+86139%08d", i)
		s := withLife(boundPair("sub-"+c.key, xs[0], a, b), c.stateLife)
		s.ExpiresAt = types.StringNull()
		if c.stateLife != "0s" {
			s.ExpiresAt = end
		}
		state[c.key] = s
		p := withLife(cfgPair(a, b), c.cfgLife)
		if c.userData != "" {
			p.UserData = types.StringValue(c.userData)
		}
		cfg[c.key] = p
	}
	cfg["new"] = withLife(cfgPair("+8613800000099", "+8613900000099"), "240h")
	cfg["new-permanent"] = withLife(cfgPair("+8613800000098", "+8613900000098"), "0s")
	out := planPool(xs, cfg, state, nil, 5000, true)
	for key, want := range map[string]string{"kept": end.ValueString(), "respelt": end.ValueString(), "longer": "unknown",
		"to-permanent": "null", "rebound": "unknown", "permanent": "null", "new": "unknown", "new-permanent": "null"} {
		got := out.pairs[key].ExpiresAt
		switch {
		case got.IsUnknown():
			if want != "unknown" {
				t.Errorf("%s: expires_at unknown, want %s", key, want)
			}
		case got.IsNull():
			if want != "null" {
				t.Errorf("%s: expires_at null, want %s", key, want)
			}
		case got.ValueString() != want:
			t.Errorf("%s: expires_at %s, want %s", key, got.ValueString(), want)
		}
	}
}

// Renewal is decided per kept pair by the platform's clock, with the
// warning on pairs["key"].expires_at; thousands of expiring pairs give ten
// warnings and one summary, not thousands.
func TestAXBPoolRenewals(t *testing.T) {
	end := time.Date(2031, 3, 10, 12, 0, 0, 0, time.UTC) // years from this machine's clock
	pair := func(id, renewBefore string) axbPoolPair {
		p := boundPair(id, "+8617000000101", "+86138"+id, "+86139"+id)
		p.Lifetime, p.ExpiresAt, p.RenewBefore = types.StringValue("240h"), types.StringValue(end.Format(time.RFC3339)), types.StringNull()
		if renewBefore != "" {
			p.RenewBefore = types.StringValue(renewBefore)
		}
		return p
	}
	state := map[string]axbPoolPair{"wide": pair("00000001", "96h"), "narrow": pair("00000002", "24h"), "none": pair("00000003", "")}
	r := &axbPoolResource{resourceBase{client: platformAt{now: end.Add(-71 * time.Hour)}}}
	var diags diag.Diagnostics
	renew := r.axbPoolRenewals(context.Background(), fwresource.ModifyPlanRequest{}, state, state, &diags)
	if len(renew) != 1 || !renew["wide"] {
		t.Errorf("renewed %v, want only \"wide\" (96h window, 71h left)", renew)
	}
	for _, d := range diags {
		if d.Summary() == `Renewing the AXB pool pair "wide" before it expires` {
			if p := d.(diag.DiagnosticWithPath).Path(); !p.Equal(path.Root("pairs").AtMapKey("wide").AtName("expires_at")) {
				t.Errorf("renewal warning on %s", p)
			}
		}
	}
	if len(diags) != 2 || !strings.Contains(diagText(diags), `The AXB pool pair "none" expires soon`) {
		t.Errorf("want the renewal warning and one expiry warning (for \"none\"), got %s", diagText(diags))
	}

	many := map[string]axbPoolPair{}
	for i := 0; i < 500; i++ {
		many[fmt.Sprintf("k%03d", i)] = pair(fmt.Sprintf("%08d", i), "")
	}
	diags = nil
	r.axbPoolRenewals(context.Background(), fwresource.ModifyPlanRequest{}, many, many, &diags)
	if len(diags) != axbPoolShownWarnings+1 || !strings.Contains(diagText(diags), "490 more warnings") {
		t.Errorf("500 expiring pairs gave %d warnings, want %d and a summary: %s", len(diags), axbPoolShownWarnings+1, diagText(diags))
	}
}

// The paged refresh fills lifetime and expires_at from the listing: a pair
// bound elsewhere with a lifetime and imported has the platform's end; the
// plan with the user's key and the same length written another way sends
// nothing and keeps expires_at.
func TestAccAXBPool_importLifetime(t *testing.T) {
	env := newAccEnv(t)
	x1 := poolX(1)
	key := x1 + "/" + axbA(1) + "/" + axbB(1)
	cfg := poolConfig(env, []string{x1}, "", poolPair{key: "hotel", a: axbA(1), b: axbB(1), extra: `lifetime = "1440m"`})
	n := env.counter()
	expiry := sameAcrossSteps()
	var end time.Time
	env.run([]resource.TestStep{
		{
			PreConfig: func() {
				res, err := env.client("AXB").BindAXB(context.Background(), client.AXBBindRequest{XNumber: x1, ANumber: axbA(1), BNumber: axbB(1),
					DurationSeconds: 86400, PrivateSMS: true})
				if err != nil {
					t.Fatal(err)
				}
				env.emu.AdvanceClock(time.Hour)
				for _, b := range env.bindings("AXB") {
					if b.SubscriptionID == res.SubscriptionID && b.ExpiresAt != nil {
						end = *b.ExpiresAt
					}
				}
			},
			Config: cfg, ResourceName: poolAddr, ImportState: true, ImportStateId: x1, ImportStatePersist: true,
			ImportStateCheck: func(states []*terraform.InstanceState) error {
				at := states[0].Attributes
				got, err := time.Parse(time.RFC3339, at["pairs."+key+".expires_at"])
				if err != nil || at["pairs."+key+".lifetime"] != "24h" || got.Sub(end).Abs() > time.Second {
					return fmt.Errorf("imported lifetime %q, expires_at %q, want \"24h\" and the platform's end %s (state: %v)",
						at["pairs."+key+".lifetime"], at["pairs."+key+".expires_at"], end.Format(time.RFC3339), at)
				}
				return nil
			},
		},
		{
			PreConfig: n.mark,
			Config:    cfg,
			ConfigPlanChecks: planIsThenEmpty(poolAddr, actUpdate,
				plancheck.ExpectKnownValue(poolAddr, pairPath("hotel", "expires_at"), knownvalue.NotNull())),
			ConfigStateChecks: []statecheck.StateCheck{expiry.AddStateValue(poolAddr, pairPath("hotel", "expires_at"))},
			Check:             resource.ComposeTestCheckFunc(n.since(0, "AXB.bind", "AXB.unbind", "AXB.modify"), env.pairExpiresIn("hotel", 23*time.Hour)),
		},
		{ // refreshed again from the listing: the same end
			Config:            cfg,
			ConfigPlanChecks:  emptyPlan(),
			ConfigStateChecks: []statecheck.StateCheck{expiry.AddStateValue(poolAddr, pairPath("hotel", "expires_at"))},
		},
	})
}
