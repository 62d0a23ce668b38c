package provider

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/privnum/terraform-provider-privatenumber/internal/client"
	"github.com/privnum/terraform-provider-privatenumber/internal/emulator"
)

const (
	poolType = "privatenumber_axb_pool"
	poolAddr = poolType + ".p"
)

// poolX is the n-th X number of the AXB test application (area 0755).
func poolX(n int) string { return testNumber("AXB", "0755", n) }

// poolPair is one pair of a pool configuration.
type poolPair struct{ key, a, b, x, extra string }

// poolConfig is the AXB provider block and the pool "p"; exclusive "" leaves the default.
func poolConfig(env *accEnv, xs []string, exclusive string, pairs ...poolPair) string {
	var b strings.Builder
	fmt.Fprintf(&b, "  x_numbers = %s\n", hclList(xs))
	if exclusive != "" {
		fmt.Fprintf(&b, "  exclusive = %s\n", exclusive)
	}
	b.WriteString("  pairs = {\n")
	for _, p := range pairs {
		fmt.Fprintf(&b, "    %q = { a_number = %q, b_number = %q", p.key, p.a, p.b)
		if p.x != "" {
			fmt.Fprintf(&b, ", x_number = %q", p.x)
		}
		if p.extra != "" {
			b.WriteString(", " + p.extra)
		}
		b.WriteString(" }\n")
	}
	b.WriteString("  }\n")
	return env.config("AXB", resourceBody(poolType, "p", b.String()))
}

// pairPath is the path of a pair's attribute.
func pairPath(key, attr string) tfjsonpath.Path {
	return tfjsonpath.New("pairs").AtMapKey(key).AtMapKey(attr)
}

// plannedX expects pair key to be placed on x in the plan.
func plannedX(key, x string) plancheck.PlanCheck {
	return plancheck.ExpectKnownValue(poolAddr, pairPath(key, "x_number"), knownvalue.StringExact(x))
}

// pairX expects pair key on x in the state.
func pairX(key, x string) statecheck.StateCheck {
	return statecheck.ExpectKnownValue(poolAddr, pairPath(key, "x_number"), knownvalue.StringExact(x))
}

// pairID adds pair key's id to the comparison cv.
func pairID(cv acrossSteps, key string) statecheck.StateCheck {
	return cv.AddStateValue(poolAddr, pairPath(key, "id"))
}

// checkPoolOnPlatform checks that the platform's AXB bindings on the pool's X
// numbers are exactly the state's pairs (same id, X, A, B), plus extra
// bindings that are not the pool's (by id).
func (e *accEnv) checkPoolOnPlatform(extra ...*string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		rs, ok := s.RootModule().Resources[poolAddr]
		if !ok {
			return fmt.Errorf("%s not in state", poolAddr)
		}
		want := map[string]string{}
		for k, v := range rs.Primary.Attributes {
			if strings.HasPrefix(k, "pairs.") && strings.HasSuffix(k, ".id") {
				key := strings.TrimSuffix(strings.TrimPrefix(k, "pairs."), ".id")
				at := func(a string) string { return rs.Primary.Attributes["pairs."+key+"."+a] }
				want[v] = at("x_number") + "/" + at("a_number") + "/" + at("b_number")
			}
		}
		for _, id := range extra {
			want[*id] = "(not the pool's)"
		}
		got := map[string]string{}
		for _, b := range e.bindings("AXB") {
			got[b.SubscriptionID] = b.XNumber + "/" + b.ANumber + "/" + b.BNumber
		}
		var diffs []string
		for id, w := range want {
			if g, ok := got[id]; !ok || (g != w && w != "(not the pool's)") {
				diffs = append(diffs, fmt.Sprintf("%s: state %s, platform %q", id, w, g))
			}
		}
		for id, g := range got {
			if _, ok := want[id]; !ok {
				diffs = append(diffs, fmt.Sprintf("%s: on the platform only (%s)", id, g))
			}
		}
		if len(diffs) > 0 {
			sort.Strings(diffs)
			return fmt.Errorf("pool and platform differ:\n  %s", strings.Join(diffs, "\n  "))
		}
		return nil
	}
}

// seedAXB binds pairs on the platform as a program outside Terraform would
// and returns their IDs.
func (e *accEnv) seedAXB(x string, pairs ...[2]string) []string {
	e.t.Helper()
	c := e.client("AXB")
	ids := make([]string, len(pairs))
	for i, p := range pairs {
		res, err := c.BindAXB(context.Background(), client.AXBBindRequest{XNumber: x, ANumber: p[0], BNumber: p[1], PrivateSMS: true})
		if err != nil {
			e.t.Fatalf("seeding %s/%s on %s: %v", p[0], p[1], x, err)
		}
		ids[i] = res.SubscriptionID
	}
	return ids
}

// requestCounter remembers the platform's request counts, to check later
// how many requests of some operations a step made.
type requestCounter struct {
	e    *accEnv
	mu   sync.Mutex
	seen map[string]int
}

func (e *accEnv) counter() *requestCounter { return &requestCounter{e: e} }

// mark is a PreConfig that remembers the counts now.
func (c *requestCounter) mark() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.seen = c.e.emu.Stats().Requests
}

// since checks that op was requested n times since mark.
func (c *requestCounter) since(n int, ops ...string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		c.mu.Lock()
		defer c.mu.Unlock()
		now := c.e.emu.Stats().Requests
		for _, op := range ops {
			if got := now[op] - c.seen[op]; got != n {
				return fmt.Errorf("%d %s requests since the mark, want %d", got, op, n)
			}
		}
		return nil
	}
}

// undeclaredBefore expects the pool's undeclared list before the change (the
// refreshed state) to hold n bindings, and after it want (-1: unknown).
type undeclaredCheck struct{ before, after int }

func (c undeclaredCheck) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	for _, rc := range req.Plan.ResourceChanges {
		if rc.Address != poolAddr {
			continue
		}
		count := func(v any) int {
			m, _ := v.(map[string]any)
			l, ok := m["undeclared"].([]any)
			if !ok {
				return -1
			}
			return len(l)
		}
		if b, a := count(rc.Change.Before), count(rc.Change.After); b != c.before || a != c.after {
			resp.Error = fmt.Errorf("undeclared: %d before and %d after the change, want %d and %d", b, a, c.before, c.after)
		}
		return
	}
	resp.Error = fmt.Errorf("%s not in the plan", poolAddr)
}

// Placement at plan time: every new pair's X is known in the plan, chosen
// deterministically (fewest pairs, then the first X) among the X numbers that
// can carry both numbers; existing pairs keep their X and id when pairs are
// added; a pinned pair goes on its pin.
func TestAccAXBPool_placement(t *testing.T) {
	env := newAccEnv(t)
	x1, x2 := poolX(1), poolX(2)
	xs := []string{x2, x1} // order in the configuration does not matter
	p1 := poolPair{key: "p1", a: axbA(1), b: axbB(1)}
	p2 := poolPair{key: "p2", a: axbA(1), b: axbB(2)} // A of p1: not on x1
	p3 := poolPair{key: "p3", a: axbA(3), b: axbB(3)}
	p0 := poolPair{key: "p0", a: axbA(4), b: axbB(4)}
	pinned := poolPair{key: "pinned", a: axbA(3), b: axbB(5), x: x2}
	ids := sameAcrossSteps()
	env.run([]resource.TestStep{
		{
			Config: poolConfig(env, xs, "", p1, p2, p3),
			ConfigPlanChecks: planIsThenEmpty(poolAddr, actCreate,
				plannedX("p1", x1), plannedX("p2", x2), plannedX("p3", x1),
				plancheck.ExpectKnownValue(poolAddr, tfjsonpath.New("id"), knownvalue.StringExact(x1+","+x2)),
				plancheck.ExpectUnknownValue(poolAddr, pairPath("p1", "id"))),
			ConfigStateChecks: []statecheck.StateCheck{pairX("p1", x1), pairX("p2", x2), pairX("p3", x1),
				pairID(ids, "p1"), statecheck.ExpectKnownValue(poolAddr, tfjsonpath.New("undeclared"), knownvalue.ListSizeExact(0))},
			Check: resource.ComposeTestCheckFunc(env.checkPoolOnPlatform(), env.checkCount("AXB", 3)),
		},
		{
			// The pairs already bound stay where they are; pinned pairs are
			// placed first (x2 then carries 2 pairs, as x1 does), then p0 on
			// the first X with the fewest pairs.
			Config: poolConfig(env, xs, "", p0, p1, p2, p3, pinned),
			ConfigPlanChecks: planIsThenEmpty(poolAddr, actUpdate,
				plannedX("p0", x1), plannedX("p1", x1), plannedX("p2", x2), plannedX("p3", x1), plannedX("pinned", x2),
				plancheck.ExpectUnknownValue(poolAddr, pairPath("p0", "id")),
				plancheck.ExpectKnownValue(poolAddr, pairPath("p1", "id"), knownvalue.NotNull())),
			ConfigStateChecks: []statecheck.StateCheck{pairX("p0", x1), pairX("pinned", x2), pairID(ids, "p1")},
			Check:             resource.ComposeTestCheckFunc(env.checkPoolOnPlatform(), env.checkCount("AXB", 5)),
		},
	})
}

// A pool that cannot hold a pair fails at plan, naming the pair's key and
// the reason, before any request that changes the platform.
func TestAccAXBPool_cannotHold(t *testing.T) {
	env := newAccEnv(t)
	x1 := poolX(1)
	env.runCase(resource.TestCase{Steps: []resource.TestStep{
		{
			Config: poolConfig(env, []string{x1}, "",
				poolPair{key: "first", a: axbA(1), b: axbB(1)}, poolPair{key: "second", a: axbA(1), b: axbB(2)}),
			PlanOnly:    true,
			ExpectError: wrapRE(`The pool cannot hold pair "second"`, x1+" already carries a_number "+axbA(1)+` (pair "first")`),
		},
		{
			Config:      poolConfig(env, []string{x1}, "", poolPair{key: "same", a: axbA(1), b: axbA(1)}),
			PlanOnly:    true,
			ExpectError: wrapRE("a_number and b_number are the same", `Pair "same"`),
		},
		{
			Config:      poolConfig(env, []string{x1}, "", poolPair{key: "pin", a: axbA(1), b: axbB(1), x: poolX(2)}),
			PlanOnly:    true,
			ExpectError: wrapRE("x_number is not one of the pool's numbers", `Pair "pin" is pinned to x_number`),
		},
		{
			PreConfig: func() {
				if n := env.requests("AXB.bind") + env.requests("AXB.unbind") + env.requests("AXB.modify"); n != 0 {
					t.Fatalf("a plan that fails made %d changing requests", n)
				}
			},
			Config:   poolConfig(env, []string{x1}, "", poolPair{key: "ok", a: axbA(1), b: axbB(1)}),
			PlanOnly: true, ExpectNonEmptyPlan: true,
		},
	}})
}

// A full X takes no new pair: the plan fails with the reason, and with a
// second X the pair is placed there. The X is filled by bindings made
// outside Terraform and left alone (exclusive = false). Binding 5,000 pairs
// takes minutes on a loaded runner, so this test lowers the limit placement
// enforces to 3 (the platform's own limit of 5,000 is the constant's default,
// and the placement unit tests cover the arithmetic). It runs serially:
// parallel tests start only after it ends, so none sees the lowered limit.
func TestAccAXBPool_fullX(t *testing.T) {
	defer func(n int) { axbPoolMaxPairsPerX = n }(axbPoolMaxPairsPerX)
	axbPoolMaxPairsPerX = 3
	env := newAccEnv(t)
	x1, x2 := poolX(1), poolX(2)
	env.seedAXB(x1, [2]string{axbA(11), axbB(11)}, [2]string{axbA(12), axbB(12)}, [2]string{axbA(13), axbB(13)})
	pair := poolPair{key: "vip", a: axbA(1), b: axbB(1)}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		CheckDestroy:             env.checkCount("AXB", 3), // only the pool's pair is unbound
		Steps: []resource.TestStep{
			{
				Config:      poolConfig(env, []string{x1}, "false", pair),
				ExpectError: wrapRE(`The pool cannot hold pair "vip"`, x1+" is full (3 pairs)"),
			},
			{
				Config:            poolConfig(env, []string{x1, x2}, "false", pair),
				ConfigPlanChecks:  planIsThenEmpty(poolAddr, actCreate, plannedX("vip", x2)),
				ConfigStateChecks: []statecheck.StateCheck{statecheck.ExpectKnownValue(poolAddr, tfjsonpath.New("undeclared"), knownvalue.ListSizeExact(3))},
				Check:             env.checkCount("AXB", 4),
			},
		},
	})
}

// Renaming a key whose numbers stay the same changes nothing on the
// platform: the plan keeps the pair's id and X, the apply sends no request
// that changes anything. Swapping the numbers of two keys is also no change.
func TestAccAXBPool_keyRename(t *testing.T) {
	env := newAccEnv(t)
	xs := []string{poolX(1), poolX(2)}
	a := poolPair{key: "hotel-grand", a: axbA(1), b: axbB(1), extra: "record_calls = true"}
	b := poolPair{key: "wedding-co", a: axbA(2), b: axbB(2)}
	renamedA, renamedB := a, b
	renamedA.key, renamedB.key = "wedding-co", "hotel-grand-2026" // a takes b's old key
	ids := sameAcrossSteps()
	n := env.counter()
	env.run([]resource.TestStep{
		{
			Config:            poolConfig(env, xs, "", a, b),
			ConfigStateChecks: []statecheck.StateCheck{pairID(ids, "hotel-grand")},
		},
		{
			PreConfig: n.mark,
			Config:    poolConfig(env, xs, "", renamedA, renamedB),
			ConfigPlanChecks: planIsThenEmpty(poolAddr, actUpdate,
				plancheck.ExpectKnownValue(poolAddr, pairPath("wedding-co", "id"), knownvalue.NotNull()),
				plancheck.ExpectKnownValue(poolAddr, pairPath("hotel-grand-2026", "id"), knownvalue.NotNull())),
			ConfigStateChecks: []statecheck.StateCheck{pairID(ids, "wedding-co"),
				statecheck.ExpectKnownValue(poolAddr, pairPath("wedding-co", "record_calls"), knownvalue.Bool(true))},
			Check: resource.ComposeTestCheckFunc(n.since(0, "AXB.bind", "AXB.unbind", "AXB.modify"), env.checkPoolOnPlatform()),
		},
	})
}

// platformField is a field of the binding id on the platform, as text.
func (e *accEnv) platformField(id, field string) string {
	for _, b := range e.bindings("AXB") {
		if b.SubscriptionID == id {
			return fieldText(b, field)
		}
	}
	return "(gone)"
}

var _ = emulator.AdminBinding{}

// Drift with exclusive = true: a pair unbound elsewhere is bound again, a
// pair changed elsewhere is changed back, and a binding someone made on a
// pool X without declaring it shows in the plan (undeclared, before the
// change) and is unbound by the apply.
func TestAccAXBPool_exclusiveDrift(t *testing.T) {
	env := newAccEnv(t)
	xs := []string{poolX(1), poolX(2)}
	pairs := []poolPair{{key: "k1", a: axbA(1), b: axbB(1)}, {key: "k2", a: axbA(2), b: axbB(2)}, {key: "k3", a: axbA(3), b: axbB(3)}}
	cfg := poolConfig(env, xs, "", pairs...)
	var id1, id2, stray string
	env.run([]resource.TestStep{
		{
			Config: cfg,
			Check: resource.ComposeTestCheckFunc(env.checkPoolOnPlatform(),
				captureAttr(poolAddr, "pairs.k1.id", &id1), captureAttr(poolAddr, "pairs.k2.id", &id2)),
		},
		{
			PreConfig: func() {
				env.disappears(&id1)()
				env.patched(&id2, map[string]any{"recordFlag": "true"})()
				stray = env.seedAXB(poolX(1), [2]string{axbA(9), axbB(9)})[0]
			},
			Config: cfg,
			ConfigPlanChecks: planIsThenEmpty(poolAddr, actUpdate, undeclaredCheck{before: 1, after: 0},
				plancheck.ExpectUnknownValue(poolAddr, pairPath("k1", "id")),
				plancheck.ExpectKnownValue(poolAddr, pairPath("k2", "record_calls"), knownvalue.Bool(false))),
			Check: resource.ComposeTestCheckFunc(env.checkPoolOnPlatform(), env.checkCount("AXB", 3),
				func(*terraform.State) error {
					if got := env.platformField(id2, "recordFlag"); got != "false" {
						return fmt.Errorf("k2's recordFlag on the platform is %q, want it changed back to false", got)
					}
					if got := env.platformField(stray, "recordFlag"); got != "(gone)" {
						return fmt.Errorf("the undeclared binding %s is still bound", stray)
					}
					return nil
				}),
		},
	})
}

// With exclusive = false an undeclared binding is listed and left alone, and
// placement keeps clear of its numbers; a pair with exactly its numbers adopts it.
func TestAccAXBPool_nonExclusive(t *testing.T) {
	env := newAccEnv(t)
	x1, x2 := poolX(1), poolX(2)
	xs := []string{x1, x2}
	// x1 carries base and (later) two strays, x2 three pinned pairs: a tie
	// of 3 and 3, so only the stray's number keeps "clash" off x1.
	base := []poolPair{{key: "base", a: axbA(1), b: axbB(1)},
		{key: "on-x2-a", a: axbA(2), b: axbB(2), x: x2}, {key: "on-x2-b", a: axbA(3), b: axbB(3), x: x2}, {key: "on-x2-c", a: axbA(4), b: axbB(4), x: x2}}
	var strays []string
	var kept string // the stray nobody adopts
	env.runCase(resource.TestCase{
		CheckDestroy: env.checkCount("AXB", 1), // the one binding nobody adopted stays
		Steps: []resource.TestStep{
			{Config: poolConfig(env, xs, "false", base...), ConfigStateChecks: []statecheck.StateCheck{pairX("base", x1)}, Check: env.checkPoolOnPlatform()},
			{
				PreConfig: func() {
					strays = env.seedAXB(x1, [2]string{axbA(5), axbB(5)}, [2]string{axbA(6), axbB(6)})
					kept = strays[0]
				},
				Config:           poolConfig(env, xs, "false", base...),
				ConfigPlanChecks: emptyPlan(), // listed on refresh, left alone
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(poolAddr, tfjsonpath.New("undeclared"), knownvalue.ListExact([]knownvalue.Check{
						knownvalue.ObjectExact(map[string]knownvalue.Check{"id": knownvalue.NotNull(), "x_number": knownvalue.StringExact(x1),
							"a_number": knownvalue.StringExact(axbA(5)), "b_number": knownvalue.StringExact(axbB(5))}),
						knownvalue.ObjectExact(map[string]knownvalue.Check{"id": knownvalue.NotNull(), "x_number": knownvalue.StringExact(x1),
							"a_number": knownvalue.StringExact(axbA(6)), "b_number": knownvalue.StringExact(axbB(6))}),
					}))},
			},
			{
				// "clash" shares A with a stray on x1, so it goes to x2 although
				// x1 wins a tie; "adopt" has the other stray's numbers.
				Config: poolConfig(env, xs, "false", append([]poolPair{
					{key: "clash", a: axbA(5), b: axbB(7)}, {key: "adopt", a: axbA(6), b: axbB(6), extra: "record_calls = true"}}, base...)...),
				ConfigPlanChecks: planIsThenEmpty(poolAddr, actUpdate, plannedX("clash", x2), plannedX("adopt", x1),
					undeclaredCheck{before: 2, after: 1}),
				Check: resource.ComposeTestCheckFunc(env.checkPoolOnPlatform(&kept), env.checkCount("AXB", 7),
					func(*terraform.State) error {
						if got := env.platformField(strays[1], "recordFlag"); got != "true" {
							return fmt.Errorf("the adopted binding's recordFlag is %q, want true", got)
						}
						return nil
					}),
			},
		},
	})
}

// pairBefore expects pair key's attribute in the state before the change
// (the refreshed state) to be want.
type pairBefore struct {
	key, attr string
	want      any
}

func (c pairBefore) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	for _, rc := range req.Plan.ResourceChanges {
		if rc.Address != poolAddr {
			continue
		}
		m, _ := rc.Change.Before.(map[string]any)
		pairs, _ := m["pairs"].(map[string]any)
		p, _ := pairs[c.key].(map[string]any)
		if got := p[c.attr]; fmt.Sprint(got) != fmt.Sprint(c.want) {
			resp.Error = fmt.Errorf("before the change, pairs[%q].%s = %v, want %v", c.key, c.attr, got, c.want)
		}
		return
	}
	resp.Error = fmt.Errorf("%s not in the plan", poolAddr)
}

// Partial failure: the platform refuses every new bind, while a modify of an
// existing pair succeeds. The error names the failed keys; the modify is in
// the state (the next plan does not repeat it) and the failed pairs are not,
// so the next apply binds exactly them.
func TestAccAXBPool_partialFailure(t *testing.T) {
	env := newAccEnv(t)
	xs := []string{poolX(1), poolX(2)}
	k1, k2 := poolPair{key: "k1", a: axbA(1), b: axbB(1)}, poolPair{key: "k2", a: axbA(2), b: axbB(2)}
	k1rec := k1
	k1rec.extra = "record_calls = true"
	grown := poolConfig(env, xs, "", k1rec, k2, poolPair{key: "k3", a: axbA(3), b: axbB(3)}, poolPair{key: "k4", a: axbA(4), b: axbB(4)})
	var id1 string
	n := env.counter()
	env.run([]resource.TestStep{
		{Config: poolConfig(env, xs, "", k1, k2), Check: captureAttr(poolAddr, "pairs.k1.id", &id1)},
		{
			PreConfig: func() {
				if err := env.emu.SetFaults(emulator.Faults{Rules: []emulator.FaultRule{
					{Operation: "AXB.bind", Kind: "error", HTTPStatus: 403, ResultCode: "1012102"}}}); err != nil {
					t.Fatal(err)
				}
			},
			Config:      grown,
			ExpectError: wrapRE(`The AXB pool's apply failed for 2 pairs`, `These failed: "k3", "k4"`),
		},
		{
			PreConfig: func() {
				env.emu.ClearFaults()
				if got := env.platformField(id1, "recordFlag"); got != "true" {
					t.Fatalf("k1's modify should have been applied despite the failed binds; recordFlag is %q", got)
				}
				n.mark()
			},
			Config: grown,
			ConfigPlanChecks: planIsThenEmpty(poolAddr, actUpdate, pairBefore{"k1", "record_calls", true}, pairBefore{"k3", "id", nil},
				plancheck.ExpectUnknownValue(poolAddr, pairPath("k3", "id")), plancheck.ExpectUnknownValue(poolAddr, pairPath("k4", "id")),
				plancheck.ExpectKnownValue(poolAddr, pairPath("k1", "id"), knownvalue.NotNull())),
			Check: resource.ComposeTestCheckFunc(env.checkPoolOnPlatform(), env.checkCount("AXB", 4),
				resource.TestCheckResourceAttrPtr(poolAddr, "pairs.k1.id", &id1),
				n.since(2, "AXB.bind"), n.since(0, "AXB.modify", "AXB.unbind")),
		},
	})
}

// Import by the pool's X numbers adopts every pair on them; the plan with
// the user's keys matches them by their numbers: it only relabels the keys
// (an update in place whose apply sends no request), then the plan is empty.
func TestAccAXBPool_import(t *testing.T) {
	env := newAccEnv(t)
	x1, x2 := poolX(1), poolX(2)
	pairs := []poolPair{{key: "hotel", a: axbA(1), b: axbB(1)}, {key: "wedding", a: axbA(2), b: axbB(2)}, {key: "spa", a: axbA(1), b: axbB(3)}}
	cfg := poolConfig(env, []string{x1, x2}, "", pairs...)
	var ids []string
	n := env.counter()
	env.run([]resource.TestStep{
		{
			PreConfig: func() {
				ids = append(env.seedAXB(x1, [2]string{axbA(1), axbB(1)}, [2]string{axbA(2), axbB(2)}), env.seedAXB(x2, [2]string{axbA(1), axbB(3)})...)
			},
			Config: cfg, ResourceName: poolAddr, ImportState: true, ImportStateId: x2 + "," + x1, ImportStatePersist: true,
			ImportStateCheck: func(states []*terraform.InstanceState) error {
				if len(states) != 1 {
					return fmt.Errorf("%d instances imported", len(states))
				}
				at := states[0].Attributes
				for i, key := range []string{x1 + "/" + axbA(1) + "/" + axbB(1), x1 + "/" + axbA(2) + "/" + axbB(2), x2 + "/" + axbA(1) + "/" + axbB(3)} {
					if got := at["pairs."+key+".id"]; got != ids[i] {
						return fmt.Errorf("pairs[%q].id = %q, want %q (state: %v)", key, got, ids[i], at)
					}
				}
				if at["id"] != x1+","+x2 || at["exclusive"] != "true" {
					return fmt.Errorf("id %q exclusive %q", at["id"], at["exclusive"])
				}
				return nil
			},
		},
		{
			PreConfig: n.mark,
			Config:    cfg,
			ConfigPlanChecks: planIsThenEmpty(poolAddr, actUpdate,
				plancheck.ExpectKnownValue(poolAddr, pairPath("hotel", "x_number"), knownvalue.StringExact(x1)),
				plancheck.ExpectKnownValue(poolAddr, pairPath("spa", "x_number"), knownvalue.StringExact(x2)),
				plancheck.ExpectKnownValue(poolAddr, pairPath("wedding", "id"), knownvalue.NotNull())),
			Check: resource.ComposeTestCheckFunc(n.since(0, "AXB.bind", "AXB.unbind", "AXB.modify"), env.checkPoolOnPlatform(), env.checkCount("AXB", 3)),
		},
	})
}

// Lost answers: the first send of every bind is either dropped after the
// platform applied it or reset before it did. Each bind is settled by a
// lookup by X, A and B: adopted, or sent once more when surely absent. No
// orphan, no duplicate, and an empty plan afterwards.
func TestAccAXBPool_lostAnswers(t *testing.T) {
	env := newAccEnv(t)
	xs := []string{poolX(1), poolX(2), poolX(3)}
	var pairs []poolPair
	for i := 1; i <= 12; i++ {
		pairs = append(pairs, poolPair{key: fmt.Sprintf("k%02d", i), a: axbA(i), b: axbB(i)})
	}
	env.run([]resource.TestStep{
		{
			PreConfig: func() {
				if err := env.emu.SetFaults(emulator.Faults{Seed: 16, Rules: []emulator.FaultRule{
					{Operation: "AXB.bind", Kind: "reset_before_commit", Probability: 0.5, Attempts: 1},
					{Operation: "AXB.bind", Kind: "drop_response_after_commit", Attempts: 1},
				}}); err != nil {
					t.Fatal(err)
				}
			},
			Config:           poolConfig(env, xs, "", pairs...),
			ConfigPlanChecks: emptyAfterApply(),
			Check: resource.ComposeTestCheckFunc(env.checkPoolOnPlatform(), env.checkCount("AXB", len(pairs)),
				func(*terraform.State) error {
					st := env.emu.Stats()
					if st.Results["reset"] == 0 || st.Requests["AXB.bind"] == len(pairs) || st.Requests["AXB.bind"] == 2*len(pairs) {
						return fmt.Errorf("the fault mix did not mix: %v", st)
					}
					return nil
				}),
		},
	})
}

// A failure in the pool's first apply: Terraform marks the pool tainted (the
// provider cannot prevent it), so the error says how to keep what was bound,
// and the next plan, without untaint, replaces the pool as documented.
func TestAccAXBPool_failureOnCreate(t *testing.T) {
	env := newAccEnv(t)
	cfg := poolConfig(env, []string{poolX(1)}, "", poolPair{key: "k1", a: axbA(1), b: axbB(1)})
	env.run([]resource.TestStep{
		{
			PreConfig: func() {
				if err := env.emu.SetFaults(emulator.Faults{Rules: []emulator.FaultRule{
					{Operation: "AXB.bind", Kind: "error", HTTPStatus: 403, ResultCode: "1012102"}}}); err != nil {
					t.Fatal(err)
				}
			},
			Config:      cfg,
			ExpectError: wrapRE(`These failed: "k1"`),
		},
		{
			PreConfig:        env.emu.ClearFaults,
			Config:           cfg,
			ConfigPlanChecks: planIsThenEmpty(poolAddr, actDestroyCreate),
			Check:            env.checkPoolOnPlatform(),
		},
	})
}

// Refresh lists each X in pages of 100, not one query per pair: 231
// bindings on x1 (230 undeclared, left alone) and one on x2 take 3 + 1 queries.
func TestAccAXBPool_pagedRefresh(t *testing.T) {
	env := newAccEnv(t)
	x1, x2 := poolX(1), poolX(2)
	var seed [][2]string
	for i := 0; i < 230; i++ {
		seed = append(seed, [2]string{fmt.Sprintf("+86135%08d", i), fmt.Sprintf("+86136%08d", i)})
	}
	env.seedAXB(x1, seed...)
	n := env.counter()
	env.runCase(resource.TestCase{
		CheckDestroy: env.checkCount("AXB", 230),
		Steps: []resource.TestStep{
			{
				Config: poolConfig(env, []string{x1, x2}, "false",
					poolPair{key: "a", a: axbA(1), b: axbB(1), x: x1}, poolPair{key: "b", a: axbA(2), b: axbB(2), x: x2}),
				ConfigStateChecks: []statecheck.StateCheck{statecheck.ExpectKnownValue(poolAddr, tfjsonpath.New("undeclared"), knownvalue.ListSizeExact(230))},
			},
			{
				PreConfig:    n.mark,
				RefreshState: true,
				Check:        resource.ComposeTestCheckFunc(n.since(4, "AXB.query"), resource.TestCheckResourceAttr(poolAddr, "undeclared.#", "230")),
			},
		},
	})
}
