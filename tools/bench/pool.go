package main

// Pool cells (issue 16): N pairs on poolXs X numbers (N/poolXs pairs per X),
// declared once as N privatenumber_axb_binding resources and once as one
// privatenumber_axb_pool, side by side in one run, both with the provider's
// defaults (adaptive rate limiting, no requests_per_second):
//
//   - "axb": the single resources: apply from empty, a no-change plan, destroy;
//   - "pool": the pool: the same three phases;
//   - "pool floor": the same pool served by the floor provider (the pool's
//     schema, no logic): what the engine and the plugin framework alone cost
//     for one resource of N pairs;
//   - "pool, quota Q": the pool's apply and no-change plan against an
//     emulator quota of Q requests per second (BENCH_QUOTA);
//   - "pool, fault mix": the pool's apply while the emulator injects the
//     fault mix of the acceptance fault tests (answers of binds dropped after
//     commit, 5xx, flow control), then, with the faults cleared, the
//     platform's bindings are compared with the state (orphans, duplicates,
//     pairs missing) and a plan must be empty.
//
// BENCH_POOL_N sets N (default 5000; "off" skips the cells).

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

const poolXs = 5

type poolRow struct {
	Cell                        string
	N, Parallelism              int
	Phase                       string
	Seconds                     float64
	Requests, Refused, Writes   int
	ByOp                        map[string]int
	RSSMiB, ProvCPU, TotalCPU   float64
	Quota                       float64
	Exit                        int
	Checked                     bool // the platform was compared with the state after this phase
	Orphans, Duplicates, Absent int
	Load1                       float64
}

// poolCells runs the four pool cells at N pairs and parallelism par.
func (o options) poolCells(env []string, n, par int) ([]poolRow, error) {
	if n%poolXs != 0 {
		return nil, fmt.Errorf("BENCH_POOL_N: want a multiple of %d, not %d", poolXs, n)
	}
	perX := n / poolXs
	var rows []poolRow
	type cell struct {
		name     string
		pool     bool
		floor    bool
		quota    float64
		faults   bool
		settings string
		vars     string // the -var flags of every phase; default: requests_per_second null (the provider's default)
		phases   []string
	}
	cells := []cell{
		{name: "axb", phases: []string{"apply", "plan", "destroy"}},
		{name: "pool", pool: true, phases: []string{"apply", "plan", "destroy"}},
		{name: "pool floor", pool: true, floor: true, phases: []string{"apply", "plan"}},
	}
	if o.quota > 0 {
		cells = append(cells, cell{name: fmt.Sprintf("pool, quota %g", o.quota), pool: true, quota: o.quota, phases: []string{"apply", "plan"}})
	}
	// The fault tests' provider settings (internal/provider/faults_test.go):
	// eleven attempts fit the mix's at most 2 + 3 faulted sends per request,
	// and a fixed rate: refusals drawn at random whatever the rate would
	// drive an adaptive limiter down to its floor (client/adaptive.go).
	cells = append(cells, cell{name: "pool, fault mix", pool: true, faults: true, settings: "  max_retries     = 10\n  request_timeout = \"10s\"\n",
		vars: "-var=requests_per_second=200", phases: []string{"apply", "plan"}})
	for ci, c := range cells {
		dir := filepath.Join(o.work, "runs", fmt.Sprintf("pool%d-n%d-p%d", ci, n, par))
		e, err := o.startEmulator(dir, n, perX, 0, c.quota)
		if err != nil {
			return rows, err
		}
		vars := c.vars
		if vars == "" {
			vars = defaultRPSFlag
		}
		source := "privnum/privatenumber"
		if c.floor {
			source = "privnum/floor"
		}
		cellEnv := env
		if c.floor {
			// The provider turns these loggers off itself when no TF_LOG is
			// set (main.go, quietPluginLogs) and serves the framework through
			// server_memory.go; the floor does either only when told, and the
			// cost of not doing so would be counted against the framework.
			cellEnv = slices.Concat(env, []string{"FLOOR_DETACH_CONTEXTS=1", "TF_LOG_SDK=off", "TF_LOG_PROVIDER=off", "TF_LOG_SDK_FRAMEWORK=off", "TF_LOG_SDK_PROTO=off"})
		}
		got, err := o.poolSequence(cellEnv, dir, e, c.name, n, perX, par, c.quota, c.pool, c.faults, source, c.settings, vars, c.phases)
		e.stop()
		rows = append(rows, got...)
		if err != nil {
			return rows, fmt.Errorf("%s: %w", c.name, err)
		}
	}
	return rows, nil
}

func (o options) poolSequence(env []string, dir string, e *emu, name string, n, perX, par int, quota float64,
	pool, faults bool, source, settings, vars string, phases []string) ([]poolRow, error) {
	var err error
	if pool {
		err = writePoolConfig(dir, source, n, perX, e.base, settings)
	} else {
		err = writeConfig(dir, kindAXB, n, perX, e.base, false)
	}
	if err == nil {
		err = writeDefaultRPS(dir)
	}
	if err != nil {
		return nil, err
	}
	var rows []poolRow
	for i, phase := range phases {
		if faults && phase == "apply" {
			if err := e.setFaults(benchFaultMix()); err != nil {
				return rows, err
			}
		}
		args := []string{phase, "-input=false", "-no-color", fmt.Sprintf("-parallelism=%d", par), vars}
		if phase == "plan" {
			args = append(args, "-detailed-exitcode")
		} else {
			args = append(args, "-auto-approve")
		}
		r := poolRow{Cell: name, N: n, Parallelism: par, Phase: phase, Quota: quota, Load1: load1()}
		ph, err := o.enginePhase(e, dir, env, i, args)
		if err != nil {
			return rows, err
		}
		secs, code, logFile := ph.secs, ph.code, ph.logFile
		r.Seconds, r.TotalCPU, r.Exit = ph.secs, ph.cpu, ph.code
		r.RSSMiB, r.ProvCPU = ph.rssMiB, ph.provCPU
		r.countRequests(ph.before, ph.after)
		if faults && phase == "apply" {
			if err := e.clearFaults(); err != nil {
				return rows, err
			}
			r.Checked = true
			if r.Orphans, r.Duplicates, r.Absent, err = e.compareWithState(dir); err != nil {
				return rows, err
			}
		}
		fmt.Printf("  %-16s N=%-5d %-7s parallelism=%-3d %7.2fs requests=%-6d refused=%-4d writes=%-6d rss=%5.1fMiB exit=%d load=%.1f\n",
			name, n, phase, par, secs, r.Requests, r.Refused, r.Writes, r.RSSMiB, code, r.Load1)
		rows = append(rows, r)
		if code != 0 {
			return rows, fmt.Errorf("%s exited %d; see %s", phase, code, logFile)
		}
	}
	return rows, nil
}

// countRequests fills the request counts of a phase from the emulator's stats.
func (r *poolRow) countRequests(before, after emuStats) {
	r.ByOp = map[string]int{}
	for op, v := range after.Requests {
		if d := v - before.Requests[op]; d > 0 {
			r.ByOp[op] = d
			r.Requests += d
			if isWrite(op) {
				r.Writes += d
			}
		}
	}
	r.Refused = after.Throttled - before.Throttled
}

// writePoolConfig writes main.tf: one privatenumber_axb_pool of n pairs on
// n/perX X numbers, the pairs unpinned (the plan places them).
func writePoolConfig(dir, source string, n, perX int, endpoint, settings string) error {
	var b bytes.Buffer
	fmt.Fprintf(&b, `terraform {
  required_providers {
    privatenumber = { source = %q }
  }
}

variable "requests_per_second" {
  type    = number
  default = null
}

provider "privatenumber" {
  endpoint            = %q
  app_key             = %q
  app_secret          = %q
  requests_per_second = var.requests_per_second
%s}

resource "privatenumber_axb_pool" "bench" {
  x_numbers = [`, source, endpoint, appKey, appSecret, settings)
	for x := 0; x < (n+perX-1)/perX; x++ {
		if x > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%q", xNumber(x))
	}
	b.WriteString("]\n  pairs = {\n")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "    p%05d = { a_number = %q, b_number = %q }\n", i, fmt.Sprintf("+86138%08d", i), fmt.Sprintf("+86139%08d", i))
	}
	b.WriteString("  }\n}\n")
	return os.WriteFile(filepath.Join(dir, "main.tf"), b.Bytes(), 0o644)
}

// benchFaultMix is the mix of TestAccFaults_lostAnswers
// (internal/provider/faults_test.go): 20% of bind sends answered by a
// dropped connection after the bind was applied (at most twice per bind),
// 10% of all sends a 5xx before commit (at most twice per request) and 10%
// refused by flow control (at most three times); the provider settings are
// that test's too (max_retries 10, request_timeout 10s, requests_per_second 200).
func benchFaultMix() map[string]any {
	return map[string]any{"seed": 16, "rules": []map[string]any{
		{"operation": "AXB.bind", "kind": "drop_response_after_commit", "probability": 0.2, "attempts": 2},
		{"operation": "*", "kind": "error", "probability": 0.1, "attempts": 2, "http_status": http.StatusInternalServerError, "resultcode": "1020002"},
		{"operation": "*", "kind": "rate_limit", "probability": 0.1, "attempts": 3},
	}}
}

func (e *emu) setFaults(f map[string]any) error {
	body, _ := json.Marshal(f)
	return e.admin(http.MethodPut, "faults", body)
}

func (e *emu) clearFaults() error { return e.admin(http.MethodDelete, "faults", nil) }

func (e *emu) admin(method, path string, body []byte) error {
	req, err := http.NewRequest(method, e.base+"/emulator/v1/"+path, bytes.NewReader(body))
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("emulator %s %s: %s", method, path, resp.Status)
	}
	return nil
}

// compareWithState compares the platform's AXB bindings with the pool's pairs
// in dir's state: orphans are bindings no pair holds, duplicates bindings of a
// pair of numbers bound more than once, absent pairs in the state that the
// platform does not hold.
func (e *emu) compareWithState(dir string) (orphans, duplicates, absent int, err error) {
	resp, err := http.Get(e.base + "/emulator/v1/bindings?mode=AXB")
	if err != nil {
		return 0, 0, 0, err
	}
	defer resp.Body.Close()
	var platform struct {
		Bindings []struct {
			SubscriptionID string `json:"subscription_id"`
			ANumber        string `json:"a_number"`
			BNumber        string `json:"b_number"`
		} `json:"bindings"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&platform); err != nil {
		return 0, 0, 0, err
	}
	ids, err := statePoolIDs(filepath.Join(dir, "terraform.tfstate"))
	if err != nil {
		return 0, 0, 0, err
	}
	seen, held := map[string]int{}, map[string]bool{}
	for _, b := range platform.Bindings {
		held[b.SubscriptionID] = true
		if !ids[b.SubscriptionID] {
			orphans++
		}
		if seen[b.ANumber+" "+b.BNumber]++; seen[b.ANumber+" "+b.BNumber] > 1 {
			duplicates++
		}
	}
	for id := range ids {
		if !held[id] {
			absent++
		}
	}
	return orphans, duplicates, absent, nil
}

// statePoolIDs reads the subscription IDs of every pool pair in a state file.
func statePoolIDs(file string) (map[string]bool, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	var st struct {
		Resources []struct {
			Type      string `json:"type"`
			Instances []struct {
				Attributes struct {
					Pairs map[string]struct {
						ID string `json:"id"`
					} `json:"pairs"`
				} `json:"attributes"`
			} `json:"instances"`
		} `json:"resources"`
	}
	if err := json.Unmarshal(data, &st); err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	ids := map[string]bool{}
	for _, r := range st.Resources {
		if r.Type != "privatenumber_axb_pool" {
			continue
		}
		for _, in := range r.Instances {
			for _, p := range in.Attributes.Pairs {
				ids[p.ID] = true
			}
		}
	}
	return ids, nil
}

func renderPool(rows []poolRow) string {
	var b strings.Builder
	b.WriteString("| cell | N | phase | parallelism | seconds | × axb | requests | refused | writes | requests by operation | provider peak RSS MiB | provider CPU s | engine+provider CPU s | exit | orphans / duplicates / pairs absent | load1 |\n")
	b.WriteString("|---|--:|---|--:|--:|--:|--:|--:|--:|---|--:|--:|--:|--:|---|--:|\n")
	for _, r := range rows {
		ratio := ""
		if a, ok := poolRowOf(rows, "axb", r.Phase); ok && r.Cell != "axb" && a.Seconds > 0 {
			ratio = fmt.Sprintf("%.3f", r.Seconds/a.Seconds)
		}
		check := ""
		if r.Checked {
			check = fmt.Sprintf("%d / %d / %d", r.Orphans, r.Duplicates, r.Absent)
		}
		fmt.Fprintf(&b, "| %s | %d | %s | %d | %.2f | %s | %d | %d | %d | %s | %.1f | %.2f | %.2f | %d | %s | %.1f |\n",
			r.Cell, r.N, r.Phase, r.Parallelism, r.Seconds, ratio, r.Requests, r.Refused, r.Writes, opsStr(r.ByOp),
			r.RSSMiB, r.ProvCPU, r.TotalCPU, r.Exit, check, r.Load1)
	}
	return b.String()
}

func poolRowOf(rows []poolRow, cell, phase string) (poolRow, bool) {
	for _, r := range rows {
		if r.Cell == cell && r.Phase == phase {
			return r, true
		}
	}
	return poolRow{}, false
}

// poolRSSLimitMiB is the 150 MB (10^6 bytes) in MiB.
var poolRSSLimitMiB = 150e6 / (1 << 20)

// poolGoals checks issue 16's goals against the pool rows.
func poolGoals(rows []poolRow) []goal {
	var goals []goal
	single, okS := poolRowOf(rows, "axb", "plan")
	plan, okP := poolRowOf(rows, "pool", "plan")
	if okS && okP {
		ratio := plan.Seconds / single.Seconds
		goals = append(goals,
			goal{"pool: no-change plan ≤ 0.2 × the same pairs as single resources", fmt.Sprintf("N=%d plan", plan.N), fmt.Sprintf("%.3f (%.2f s against %.2f s)", ratio, plan.Seconds, single.Seconds), ratio <= 0.2})
	}
	if okP {
		limit := int(math.Ceil(float64(plan.N)/100)) + 5
		goals = append(goals,
			goal{fmt.Sprintf("pool: no-change plan ≤ ⌈N/100⌉ + 5 = %d requests, no writes", limit), fmt.Sprintf("N=%d plan", plan.N), fmt.Sprintf("%d requests, %d writes", plan.Requests, plan.Writes), plan.Requests <= limit && plan.Writes == 0},
			goal{"pool: provider peak RSS < 150 MB (143.1 MiB)", fmt.Sprintf("N=%d plan", plan.N), fmt.Sprintf("%.1f MiB", plan.RSSMiB), plan.RSSMiB < poolRSSLimitMiB})
	}
	if pf, ok := poolRowOf(rows, "pool floor", "plan"); ok && okS {
		ratio := pf.Seconds / single.Seconds
		goals = append(goals, goal{"(reference) the pool floor's no-change plan ≤ 0.2 × the single resources': can the goal be met on this engine and framework at all",
			fmt.Sprintf("N=%d plan, floor provider", pf.N), fmt.Sprintf("%.3f (%.2f s, provider peak RSS %.1f MiB)", ratio, pf.Seconds, pf.RSSMiB), ratio <= 0.2})
	}
	sApply, okSA := poolRowOf(rows, "axb", "apply")
	pApply, okPA := poolRowOf(rows, "pool", "apply")
	if okSA && okPA {
		goals = append(goals, goal{"pool: apply from empty no slower than the single resources", fmt.Sprintf("N=%d apply", pApply.N),
			fmt.Sprintf("%.2f s against %.2f s", pApply.Seconds, sApply.Seconds), pApply.Seconds <= sApply.Seconds})
	}
	for _, r := range rows {
		switch {
		case r.Quota > 0 && r.Phase == "apply":
			bound := float64(r.Requests-r.Refused) / r.Quota
			goals = append(goals, goal{"pool: apply under a quota ≤ 1.2 × the rate bound (accepted requests ÷ Q)",
				fmt.Sprintf("N=%d apply, quota %g", r.N, r.Quota), fmt.Sprintf("%.2f (%.2f s, bound %.1f s, %d refused)", r.Seconds/bound, r.Seconds, bound, r.Refused),
				r.Seconds <= 1.2*bound && r.Exit == 0})
		case r.Checked:
			goals = append(goals, goal{"pool: fault mix: apply succeeds, 0 orphans, 0 duplicates, no pair absent",
				fmt.Sprintf("N=%d apply, fault mix", r.N), fmt.Sprintf("exit %d; %d / %d / %d", r.Exit, r.Orphans, r.Duplicates, r.Absent),
				r.Exit == 0 && r.Orphans == 0 && r.Duplicates == 0 && r.Absent == 0})
		case r.Cell == "pool, fault mix" && r.Phase == "plan":
			goals = append(goals, goal{"pool: fault mix: the plan after is empty", fmt.Sprintf("N=%d plan after the fault mix", r.N),
				fmt.Sprintf("exit %d", r.Exit), r.Exit == 0})
		}
	}
	return goals
}
