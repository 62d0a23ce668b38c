package provider

// Failure handling: no orphaned numbers, no lost bindings. Each test drives a
// real engine against an in-process emulator that injects faults, and ends
// with the platform's bindings compared with the state (same subscription
// IDs, AXYB members by group ID + b_number: no orphan, none missing, no
// duplicate), then an empty plan.

import (
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/privnum/terraform-provider-privatenumber/internal/emulator"
)

var faultBindOps = []string{"AXB.bind", "AX.bind", "AXE.bind", "AXYB.bind"}

// The bulk configuration: 100 bindings with explicit X numbers.
//
//   - AXB: 40 pairs spread over 8 X (5 pairs per X, every number once per X).
//   - AX: 20 bindings, one per X (an X carries one A): a pool of 20 X.
//   - AXE: 20 bindings on 4 X with assigned extensions 001-005.
//   - AXYB: 20 members on 4 groups. A group needs area_code (the platform
//     picks its X), and a group bind whose answer is lost cannot be settled
//     by design (AXYB cannot be queried by A: the resource fails with "AXYB
//     group may exist" rather than risk a second group). So the groups are
//     created in a first, fault-free step, and the faults hit only the
//     member binds, whose outcome the resource settles by querying the group.
//
// Each mode is applied in its own configuration (see providerBlock), one
// after the other, against the test's one emulator.
const (
	bulkAXBX, bulkAXBPerX = 8, 5
	bulkAX                = 20
	bulkAXEX, bulkAXEPerX = 4, 5
	bulkAXYBGroups        = 4
	bulkAXYBPerGroup      = 5
)

var bulkModes = []struct{ mode, typ string }{
	{"AXB", "privatenumber_axb_binding"},
	{"AX", "privatenumber_ax_binding"},
	{"AXE", "privatenumber_axe_binding"},
	{"AXYB", "privatenumber_axyb_member"},
}

func bulkPools() map[string]int {
	return map[string]int{"AXB": bulkAXBX, "AX": bulkAX, "AXE": bulkAXEX, "AXYB": 16}
}

// bulkConfig is the bulk configuration of one mode; for AXYB, members false
// leaves the members out (the fault-free first step). It returns the number
// of bindings the faults apply to (AXYB groups excluded).
func (f *faultEnv) bulkConfig(mode string, members bool, providerExtra string) (string, int) {
	cfg := f.providerBlock(mode, providerExtra)
	switch mode {
	case "AXB":
		return cfg + fmt.Sprintf(`
locals { axb_x = %s }
resource "privatenumber_axb_binding" "f" {
  count    = %d
  x_number = local.axb_x[count.index %% %d]
  a_number = format("+8613801%%06d", count.index)
  b_number = format("+8613901%%06d", count.index)
}
`, hclList(faultNumbers("AXB", bulkAXBX)), bulkAXBX*bulkAXBPerX, bulkAXBX), bulkAXBX * bulkAXBPerX
	case "AX":
		return cfg + fmt.Sprintf(`
locals { ax_x = %s }
resource "privatenumber_ax_binding" "f" {
  count    = %d
  x_number = local.ax_x[count.index]
  a_number = format("+8613700%%06d", count.index)
}
`, hclList(faultNumbers("AX", bulkAX)), bulkAX), bulkAX
	case "AXE":
		return cfg + fmt.Sprintf(`
locals { axe_x = %s }
resource "privatenumber_axe_binding" "f" {
  count     = %d
  x_number  = local.axe_x[floor(count.index / %d)]
  extension = format("%%03d", count.index %% %d + 1)
  a_number  = format("+8613602%%06d", count.index)
}
`, hclList(faultNumbers("AXE", bulkAXEX)), bulkAXEX*bulkAXEPerX, bulkAXEPerX, bulkAXEPerX), bulkAXEX * bulkAXEPerX
	}
	cfg += fmt.Sprintf(`
resource "privatenumber_axyb_binding" "g" {
  count     = %d
  a_number  = format("+8613503%%06d", count.index)
  area_code = "0755"
}
`, bulkAXYBGroups)
	if !members {
		return cfg, 0
	}
	return cfg + fmt.Sprintf(`
resource "privatenumber_axyb_member" "f" {
  count      = %d
  binding_id = privatenumber_axyb_binding.g[floor(count.index / %d)].id
  b_number   = format("+8613403%%06d", count.index)
}
`, bulkAXYBGroups*bulkAXYBPerGroup, bulkAXYBPerGroup), bulkAXYBGroups * bulkAXYBPerGroup
}

// stateBindings lists the binding resources of a (legacy) state.
func stateBindings(s *terraform.State) []stateBinding {
	var out []stateBinding
	for _, r := range s.RootModule().Resources {
		if r.Primary == nil || !strings.HasPrefix(r.Type, "privatenumber_") {
			continue
		}
		out = append(out, stateBinding{typ: r.Type, id: r.Primary.ID,
			bindingID: r.Primary.Attributes["binding_id"], bNumber: r.Primary.Attributes["b_number"]})
	}
	return out
}

// bulkTotals adds up the modes' results.
type bulkTotals struct {
	bindings, dropped, clientGone, rc1020002, rc1010010 int
	heldNoCommit, heldLate                              int // emulator stats: hang_before_commit, hang_commit_late
	bindRequests, bindRateLimited, bindUnknown, resends int
	conflicts                                           int
	clientRetries, orphans, missing, duplicates         int
	wall                                                time.Duration
	modes                                               []string
}

// faultSeed is the fault tests' seed. The faults a request meets depend on
// the seed and on what the request is (see emulator.FaultRule), not on
// timing or arrival order, so every run injects the same faults.
const faultSeed = 21

// runBulkFaults applies each mode's bulk configuration under rules and
// checks that the apply succeeds, the platform equals the state, and the
// next plan (refreshed under the same faults) is empty; then it destroys,
// still under the faults. It logs what was injected and what the provider
// did about it, per mode and in total, and checks the totals with want
// (that the faults under test did fire).
//
// Every rule caps its faulted sends per request (attempts) below the
// provider's bounds (5 sends of a bind; 1 + max_retries attempts of any
// other request), so no apply can legitimately end with "may exist": the
// test asserts that every apply succeeds.
func runBulkFaults(t *testing.T, rules []emulator.FaultRule, providerExtra string, want func(bulkTotals) error) {
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1")
	}
	types := registeredTypes()
	f := newFaultEnv(t, bulkPools())
	var tot bulkTotals
	for _, bm := range bulkModes {
		if !types[bm.typ] {
			t.Logf("NOT COVERED: %s is not registered in this build (%s is not merged yet)", bm.typ, bm.mode)
			continue
		}
		tot.modes = append(tot.modes, bm.mode)
		mode := bm.mode
		t.Run(mode, func(t *testing.T) {
			fullCfg, bindings := f.bulkConfig(mode, true, providerExtra)
			var start time.Time
			faultStep := resource.TestStep{
				PreConfig: func() {
					f.tally.snapshot()
					f.emu.ResetStats()
					if err := f.emu.SetFaults(emulator.Faults{Seed: faultSeed, Rules: rules}); err != nil {
						t.Fatalf("SetFaults: %v", err)
					}
					start = time.Now()
				},
				Config: fullCfg,
				Check: func(s *terraform.State) error {
					wall := time.Since(start)
					sum := summarize(f.tally.snapshot())
					stats := f.emu.Stats()
					orphans, missing, dups, err := comparePlatform(f.emu, mode, stateBindings(s))
					resends := sum.bindRequests - sum.bindRateLimited - bindings
					t.Logf("%s apply under faults: %d bindings in %s (plan with refresh, and apply)", mode, bindings, wall.Round(time.Millisecond))
					t.Logf("  injected: %d answers dropped after commit, %d client time-outs (answer held until the client gave up), %d × 5xx 1020002 before commit, %d × 1010010 rate limit",
						sum.dropped, sum.clientGone, sum.rc1020002, sum.rc1010010)
					t.Logf("  emulator stats (a drop or a hang after commit is counted under the committed result): reset=%d hang(no commit)=%d late(commit on re-send)=%d 1020002=%d 1010010=%d; requests %v",
						stats.Results["reset"], stats.Results["hang"], stats.Results["late"], stats.Results["1020002"], stats.Results["1010010"], stats.Requests)
					t.Logf("  bind requests %d: %d rate-limited (retried by the client), %d with an unknown outcome (5xx, dropped or timed out: looked up by the resource), "+
						"%d sent again by the resource after its lookup found no binding, %d of them meeting an earlier send applied late (conflict, adopted)",
						sum.bindRequests, sum.bindRateLimited, sum.bindUnknown, resends, sum.bindConflicts)
					t.Logf("  client retries: %d (rate limits of any request; 5xx, drops and time-outs of queries, unbinds and modifies)", sum.clientRetries)
					t.Logf("  orphans %d, missing %d, duplicates %d; requests per operation:%s", len(orphans), len(missing), len(dups), sum)
					tot.bindings += bindings
					tot.dropped += sum.dropped
					tot.clientGone += sum.clientGone
					tot.heldNoCommit += stats.Results["hang"]
					tot.heldLate += stats.Results["late"]
					tot.rc1020002 += sum.rc1020002
					tot.rc1010010 += sum.rc1010010
					tot.bindRequests += sum.bindRequests
					tot.bindRateLimited += sum.bindRateLimited
					tot.bindUnknown += sum.bindUnknown
					tot.resends += resends
					tot.conflicts += sum.bindConflicts
					tot.clientRetries += sum.clientRetries
					tot.orphans += len(orphans)
					tot.missing += len(missing)
					tot.duplicates += len(dups)
					tot.wall += wall
					return err
				},
			}
			var steps []resource.TestStep
			if mode == "AXYB" {
				groupsCfg, _ := f.bulkConfig(mode, false, providerExtra)
				// Fault-free: the groups (see bulkAXYBGroups).
				steps = append(steps, resource.TestStep{Config: groupsCfg})
			}
			steps = append(steps, faultStep, resource.TestStep{
				// Refresh under the same faults: nothing to do.
				Config: fullCfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: func(s *terraform.State) error {
					_, _, _, err := comparePlatform(f.emu, mode, stateBindings(s))
					return err
				},
			})
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: f.factories(),
				CheckDestroy: func(s *terraform.State) error {
					sum := summarize(f.tally.snapshot())
					f.emu.ClearFaults()
					t.Logf("%s refresh (empty plan) and destroy under the same faults: %d requests, %d dropped, %d client time-outs, %d × 1020002, %d × 1010010, %d client retries",
						mode, sum.requests, sum.dropped, sum.clientGone, sum.rc1020002, sum.rc1010010, sum.clientRetries)
					return f.checkDestroyed(s)
				},
				Steps: steps,
			})
		})
	}
	t.Logf("TOTAL (%s): %d bindings applied under faults in %s; injected %d drops after commit, %d client time-outs, %d × 5xx 1020002, %d × 1010010; "+
		"%d bind requests (%d rate-limited, %d unknown outcomes, %d re-sent after a lookup, %d late-applied conflicts adopted), %d client retries; orphans %d, missing %d, duplicates %d",
		strings.Join(tot.modes, ", "), tot.bindings, tot.wall.Round(time.Millisecond), tot.dropped, tot.clientGone, tot.rc1020002, tot.rc1010010,
		tot.bindRequests, tot.bindRateLimited, tot.bindUnknown, tot.resends, tot.conflicts, tot.clientRetries, tot.orphans, tot.missing, tot.duplicates)
	if t.Failed() || len(tot.modes) == 0 {
		return
	}
	if err := want(tot); err != nil {
		t.Errorf("the faults under test did not all fire with seed %d (the test would prove nothing): %v", faultSeed, err)
	}
}

// atLeastOne returns an error naming the counts that are zero.
func atLeastOne(counts map[string]int) error {
	var zero []string
	for name, n := range counts {
		if n == 0 {
			zero = append(zero, name)
		}
	}
	if len(zero) == 0 {
		return nil
	}
	sort.Strings(zero)
	return fmt.Errorf("none of: %s", strings.Join(zero, ", "))
}

// commonFaults are the faults of every request: 5xx before commit (the
// client retries a query, unbind or modify; a bind's outcome is unknown and
// the resource looks it up) and rate limits (retried by the client).
// Probabilities per send, at most 2 resp. 3 faulted sends per request.
func commonFaults() []emulator.FaultRule {
	return []emulator.FaultRule{
		{Operation: "*", Kind: "error", Probability: 0.1, Attempts: 2, HTTPStatus: http.StatusInternalServerError, ResultCode: "1020002"},
		{Operation: "*", Kind: "rate_limit", Probability: 0.1, Attempts: 3},
	}
}

// TestAccFaults_lostAnswers: 100 bindings while the platform drops the
// answers of 20% of the bind sends after committing (at most twice per
// bind), plus the common 5xx and rate-limit faults. The provider retries
// (max_retries 10, so eleven attempts fit); the engine does not retry.
func TestAccFaults_lostAnswers(t *testing.T) {
	var rules []emulator.FaultRule
	for _, op := range faultBindOps {
		rules = append(rules, emulator.FaultRule{Operation: op, Kind: "drop_response_after_commit", Probability: 0.2, Attempts: 2})
	}
	rules = append(rules, commonFaults()...)
	runBulkFaults(t, rules, `  max_retries         = 10
  request_timeout     = "10s"
  requests_per_second = 200`, func(tot bulkTotals) error {
		return atLeastOne(map[string]int{"answers dropped after commit": tot.dropped, "5xx": tot.rc1020002,
			"rate limits": tot.rc1010010, "binds sent again after a lookup": tot.resends})
	})
}

// TestAccFaults_slowBinds: the same 100 bindings while the platform holds
// the answers of about a quarter of the first bind sends until the
// client's request_timeout fires, plus the common 5xx and rate-limit
// faults. The emulator holds the answer until the client has given up, so
// the time-out fires on any machine, however slow (it does not race a
// latency against the time-out); what the platform did meanwhile is one of
// three cases, drawn with 10% each:
//
//   - it applied the bind (hang_after_commit): the resource's lookup finds
//     the binding and adopts it;
//   - it did not (hang_before_commit): the lookup finds nothing and the
//     bind is sent again;
//   - it applied it late (hang_commit_late): after the lookup found
//     nothing, just before the re-send arrives, so the re-send meets the
//     binding of the first send (1012010/1016002) and the resource adopts
//     it. Before the resources adopted on such a conflict, the apply failed
//     and left the first binding behind.
func TestAccFaults_slowBinds(t *testing.T) {
	var rules []emulator.FaultRule
	for _, op := range faultBindOps {
		for _, kind := range []string{"hang_after_commit", "hang_before_commit", "hang_commit_late"} {
			rules = append(rules, emulator.FaultRule{Operation: op, Kind: kind, Probability: 0.1, Attempts: 1})
		}
	}
	rules = append(rules, commonFaults()...)
	runBulkFaults(t, rules, `  max_retries         = 10
  request_timeout     = "2s"
  requests_per_second = 200`, func(tot bulkTotals) error {
		return atLeastOne(map[string]int{"client time-outs": tot.clientGone, "held without commit": tot.heldNoCommit,
			"held and applied late": tot.heldLate, "conflicts with a late binding adopted": tot.conflicts,
			"binds sent again after a lookup": tot.resends, "5xx": tot.rc1020002, "rate limits": tot.rc1010010})
	})
}

// goneConfig is one mode's configuration: a binding "m" (modify victim,
// with record_calls = recordM) and, when withD, a binding "d" (unbind
// victim); for AXYB a group "g" with members "k" and, when withD, "d".
func (f *faultEnv) goneConfig(mode string, withD, recordM bool) string {
	var b strings.Builder
	b.WriteString(f.providerBlock(mode, ""))
	if mode == "AXYB" {
		b.WriteString(`
resource "privatenumber_axyb_binding" "g" {
  a_number  = "+8613500000001"
  area_code = "0755"
}
resource "privatenumber_axyb_member" "k" {
  binding_id = privatenumber_axyb_binding.g.id
  b_number   = "+8613400000001"
}
`)
		if withD {
			b.WriteString(`
resource "privatenumber_axyb_member" "d" {
  binding_id = privatenumber_axyb_binding.g.id
  b_number   = "+8613400000002"
}
`)
		}
		return b.String()
	}
	names := []string{"m"}
	if withD {
		names = append(names, "d")
	}
	for j, name := range names {
		fmt.Fprintf(&b, "\nresource \"privatenumber_%s_binding\" %q {\n", strings.ToLower(mode), name)
		fmt.Fprintf(&b, "  x_number = %q\n", faultNumber(mode, j+1))
		fmt.Fprintf(&b, "  a_number = \"+86138000%05d\"\n", j)
		switch mode {
		case "AXB":
			fmt.Fprintf(&b, "  b_number = \"+86139000%05d\"\n", j)
		case "AXE":
			b.WriteString("  extension = \"001\"\n")
		}
		if name == "m" {
			fmt.Fprintf(&b, "  record_calls = %t\n", recordM)
		}
		b.WriteString("}\n")
	}
	return b.String()
}

// TestAccFaults_goneBindings: bindings that disappear behind Terraform's
// back, per mode.
//
// A binding deleted out of band before a plan is simply dropped by the
// refresh (Read's not-found path) and never reaches Delete or Update. To
// exercise the provider's own unbind and modify of a binding that is gone,
// the emulator sits behind a hook that deletes the binding (as the console
// would) when the provider's unbind or modify request for it arrives, just
// before the platform handles it: the engine has refreshed and planned with
// the binding present, and the platform then answers the real not-found.
//
//  1. create the bindings;
//  2. remove "d" from the configuration, with the hook armed on unbinds: the
//     unbind meets not-found and must succeed;
//  3. (modes with a modify API) change record_calls of "m", an in-place
//     modify, with the hook armed on modifies: the apply must fail with an
//     error that names the binding and says the next plan creates it again;
//     then the same configuration again: the plan creates "m" and the
//     platform equals the state;
//  4. delete "m" (AXYB: the group, which ends its member too) out of band
//     before the destroy's refresh: the destroy succeeds.
func TestAccFaults_goneBindings(t *testing.T) {
	types := registeredTypes()
	f := newFaultEnv(t, map[string]int{"AXB": 4, "AX": 4, "AXE": 4, "AXYB": 8})
	for _, bm := range bulkModes {
		if !types[bm.typ] {
			t.Logf("NOT COVERED: %s is not registered in this build (%s is not merged yet)", bm.typ, bm.mode)
			continue
		}
		mode := bm.mode
		t.Run(mode, func(t *testing.T) {
			ids := map[string]string{} // address → key (subscription ID, or SUB/B for AXYB members)
			capture := func(s *terraform.State) error {
				for addr, r := range s.RootModule().Resources {
					sb := stateBinding{typ: r.Type, id: r.Primary.ID, bindingID: r.Primary.Attributes["binding_id"], bNumber: r.Primary.Attributes["b_number"]}
					ids[addr] = sb.key()
				}
				_, _, _, err := comparePlatform(f.emu, mode, stateBindings(s))
				return err
			}
			typ := "privatenumber_" + strings.ToLower(mode) + "_binding"
			dAddr, mAddr := typ+".d", typ+".m"
			if mode == "AXYB" {
				dAddr, mAddr = "privatenumber_axyb_member.d", "privatenumber_axyb_binding.g"
			}
			steps := []resource.TestStep{
				{Config: f.goneConfig(mode, true, false), Check: capture},
				{
					PreConfig: func() { f.vanish.arm(http.MethodDelete, ids[dAddr]) },
					Config:    f.goneConfig(mode, false, false),
					Check: func(s *terraform.State) error {
						fired := f.vanish.disarm()
						t.Logf("%s: unbind of %v, deleted just before the unbind reached the platform: no error", mode, fired)
						if len(fired) != 1 {
							return fmt.Errorf("the hook did not see the unbind of %s (%s) by its subscription ID", dAddr, ids[dAddr])
						}
						return capture(s)
					},
				},
			}
			if mode != "AXYB" {
				// The error must name the binding (its ID, known after
				// step 1: the regexp is filled in by PreConfig) and say that
				// the next plan creates it again.
				expect := regexp.MustCompile(`placeholder`)
				steps = append(steps,
					resource.TestStep{
						PreConfig: func() {
							*expect = *wrapRE("update the "+mode+" binding "+ids[mAddr], "no such binding", "next plan", "creat")
							f.vanish.arm(http.MethodPut, ids[mAddr])
						},
						Config:      f.goneConfig(mode, false, true),
						ExpectError: expect,
					},
					resource.TestStep{
						PreConfig: func() {
							if fired := f.vanish.disarm(); len(fired) != 1 {
								t.Errorf("%s: the hook deleted %v before the modify; want exactly the binding %s", mode, fired, ids[mAddr])
							}
						},
						Config: f.goneConfig(mode, false, true),
						ConfigPlanChecks: resource.ConfigPlanChecks{
							PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(mAddr, plancheck.ResourceActionCreate)},
						},
						Check: capture,
					},
				)
			}
			steps = append(steps, resource.TestStep{
				PreConfig: func() {
					if err := f.emu.DeleteBinding(ids[mAddr]); err != nil {
						t.Errorf("deleting %s out of band: %v", mAddr, err)
					}
				},
				Config:  f.goneConfig(mode, false, mode != "AXYB"),
				Destroy: true,
			})
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: f.factories(),
				CheckDestroy:             f.checkDestroyed,
				Steps:                    steps,
			})
		})
	}
}

// TestAccFaults_parallelism50: `apply -parallelism=50` on 500 AXB bindings
// (10 X × 50 pairs) with the provider served in this process, so that
// `go test -race` watches every concurrent Create, Read and Delete.
// terraform-plugin-testing has no -parallelism, so the test serves the
// provider itself (reattach, as the harness does) and runs the engine.
// The 500 bindings on the platform must be the 500 of the state, the next
// plan empty, and the destroy must leave the platform empty.
func TestAccFaults_parallelism50(t *testing.T) {
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1")
	}
	if !registeredTypes()["privatenumber_axb_binding"] {
		t.Skip("NOT COVERED: privatenumber_axb_binding is not registered in this build (AXB is not merged yet)")
	}
	if raceEnabled {
		t.Log("race detector on: the in-process provider is watched")
	} else {
		t.Log("the race detector is off: run with go test -race for the race part of this test")
	}
	const xCount, perX = 10, 50
	f := newFaultEnv(t, map[string]int{"AXB": xCount})
	reattach, source := serveReattach(t)
	dir := t.TempDir()
	cfg := fmt.Sprintf(`
terraform {
  required_providers {
    privatenumber = { source = %q }
  }
}
provider "privatenumber" {
  endpoint            = %q
  app_key             = %q
  app_secret          = %q
  requests_per_second = 2000
}
locals { x = %s }
resource "privatenumber_axb_binding" "p" {
  count    = %d
  x_number = local.x[count.index %% %d]
  a_number = format("+8613801%%06d", count.index)
  b_number = format("+8613901%%06d", count.index)
}
`, source, f.server.URL, testAppKey("AXB"), testAppKey("AXB")+testSecretSuffix, hclList(faultNumbers("AXB", xCount)), xCount*perX, xCount)
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	env := []string{"TF_REATTACH_PROVIDERS=" + reattach, "TF_IN_AUTOMATION=1", "CHECKPOINT_DISABLE=1"}
	ctx := deadlineContext(t)
	run := func(args ...string) (string, time.Duration, error) {
		start := time.Now()
		out, err := runEngine(ctx, dir, env, args...)
		return out, time.Since(start), err
	}

	if out, _, err := run("init", "-input=false", "-no-color"); err != nil {
		t.Fatalf("init: %v\n%s", err, out)
	}
	out, took, err := run("apply", "-auto-approve", "-input=false", "-no-color", "-parallelism=50")
	if err != nil {
		t.Fatalf("apply -parallelism=50: %v\n%s", err, tail(out, 60))
	}
	applyReqs := summarize(f.tally.snapshot())
	state := engineState(ctx, t, dir, env)
	orphans, missing, dups, cmpErr := comparePlatform(f.emu, "AXB", state)
	t.Logf("apply -parallelism=50: %d bindings in state, %d on the platform, in %s (%d requests: %s); orphans %d, missing %d, duplicates %d",
		len(state), len(f.emu.Bindings("", "")), took.Round(time.Millisecond), applyReqs.requests, strings.TrimSpace(applyReqs.String()), len(orphans), len(missing), len(dups))
	if cmpErr != nil {
		t.Fatal(cmpErr)
	}
	if len(state) != xCount*perX {
		t.Fatalf("state holds %d bindings, want %d", len(state), xCount*perX)
	}

	out, took, err = run("plan", "-detailed-exitcode", "-input=false", "-no-color", "-parallelism=50")
	if err != nil {
		t.Fatalf("plan after apply is not empty (exit %v) after %s:\n%s", err, took, tail(out, 40))
	}
	t.Logf("plan -parallelism=50 (refresh of %d bindings): empty, %s", len(state), took.Round(time.Millisecond))

	out, took, err = run("destroy", "-auto-approve", "-input=false", "-no-color", "-parallelism=50")
	if err != nil {
		t.Fatalf("destroy -parallelism=50: %v\n%s", err, tail(out, 60))
	}
	t.Logf("destroy -parallelism=50: %s", took.Round(time.Millisecond))
	if err := f.checkDestroyed(nil); err != nil {
		t.Fatal(err)
	}
}

// tail is the last n lines of s.
func tail(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
