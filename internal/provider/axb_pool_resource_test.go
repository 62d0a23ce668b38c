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

// A full X (5000 pairs, bound outside Terraform and left alone with
// exclusive = false) takes no new pair: the plan fails with the reason, and
// with a second X the pair is placed there.
func TestAccAXBPool_fullX(t *testing.T) {
	env := newAccEnv(t)
	x1, x2 := poolX(1), poolX(2)
	c := env.client("AXB")
	var wg sync.WaitGroup
	errs := make(chan error, axbPoolMaxPairsPerX)
	sem := make(chan struct{}, 16)
	for i := 0; i < axbPoolMaxPairsPerX; i++ {
		wg.Add(1)
		sem <- struct{}{}
		go func(i int) {
			defer func() { <-sem; wg.Done() }()
			_, err := c.BindAXB(context.Background(), client.AXBBindRequest{XNumber: x1,
				ANumber: fmt.Sprintf("+86135%08d", i), BNumber: fmt.Sprintf("+86136%08d", i), PrivateSMS: true})
			if err != nil {
				errs <- err
			}
		}(i)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatalf("filling %s: %v", x1, err)
	}
	pair := poolPair{key: "vip", a: axbA(1), b: axbB(1)}
	env.runCase(resource.TestCase{
		CheckDestroy: env.checkCount("AXB", axbPoolMaxPairsPerX), // only the pool's pair is unbound
		Steps: []resource.TestStep{
			{
				Config:      poolConfig(env, []string{x1}, "false", pair),
				ExpectError: wrapRE(`The pool cannot hold pair "vip"`, x1+" is full (5000 pairs)"),
			},
			{
				Config:            poolConfig(env, []string{x1, x2}, "false", pair),
				ConfigPlanChecks:  planIsThenEmpty(poolAddr, actCreate, plannedX("vip", x2)),
				ConfigStateChecks: []statecheck.StateCheck{statecheck.ExpectKnownValue(poolAddr, tfjsonpath.New("undeclared"), knownvalue.ListSizeExact(axbPoolMaxPairsPerX))},
				Check:             env.checkCount("AXB", axbPoolMaxPairsPerX+1),
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
