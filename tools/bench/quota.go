package main

// Quota cells (issue 15): apply and a no-change plan of N bindings with the
// provider's defaults (adaptive rate limiting, no requests_per_second)
// against an emulator whose application has a quota of Q requests per
// second (burst Q). BENCH_QUOTA=Q (default 100; off: none) sets Q; they run
// after the matrix at BENCH_QUOTA_N (default 2000) and
// BENCH_QUOTA_PARALLELISM (default 10,50), and their table and goals go into
// the same report.
//
// Beside the engine cells, client cells (clientCells) drive the provider's
// Go client directly, with the same parallelism: N binds (what an apply
// sends), then N reads by subscription ID (what a refresh sends). They
// measure the limiter against the quota even where the engine is too slow
// to reach it. BENCH_QUOTA_DRIVERS=client,engine selects which (default
// both, client first).

import (
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

type quotaRow struct {
	Driver            string // "engine" (OpenTofu and the provider) or "client" (the Go client alone)
	N, Parallelism    int
	Phase             string
	Seconds           float64
	Requests, Refused int
	Failed            bool
	Quota             float64
	ProvCPU, TotalCPU float64
	Load1             float64
	ByResult          map[string]int
}

type emuStats struct {
	Requests  map[string]int `json:"requests"`
	Results   map[string]int `json:"results"`
	Throttled int            `json:"throttled"`
}

func (e *emu) fullStats() (emuStats, error) {
	var s emuStats
	resp, err := http.Get(e.base + "/emulator/v1/stats")
	if err != nil {
		return s, err
	}
	defer resp.Body.Close()
	return s, json.NewDecoder(resp.Body).Decode(&s)
}

// quotaCells runs the quota cells for every N and parallelism and prints their table.
func (o options) quotaCells(env []string) ([]quotaRow, error) {
	drivers := map[string]bool{}
	for _, d := range strings.Split(envOr("BENCH_QUOTA_DRIVERS", "client,engine"), ",") {
		switch d = strings.TrimSpace(d); d {
		case "client", "engine":
			drivers[d] = true
		default:
			return nil, fmt.Errorf("BENCH_QUOTA_DRIVERS: unknown driver %q (want client, engine)", d)
		}
	}
	fmt.Printf("quota cells from %s UTC; load average %s\n", time.Now().UTC().Format("2006-01-02 15:04:05"), loadavg())
	var rows []quotaRow
	for _, driver := range []string{"client", "engine"} {
		if !drivers[driver] {
			continue
		}
		for _, n := range o.quotaNs {
			for _, par := range o.quotaPars {
				var got []quotaRow
				var err error
				if driver == "client" {
					got, err = o.clientCells(n, par)
				} else {
					got, err = o.quotaSequence(env, n, par)
				}
				rows = append(rows, got...)
				if err != nil {
					return rows, fmt.Errorf("quota %s N=%d parallelism=%d: %w", driver, n, par, err)
				}
			}
		}
	}
	return rows, nil
}

// quotaGoals checks issue 15's goal under a quota on the engine's rows: the
// refresh (a no-change plan) within 1.3 × N/Q, at most 5% of requests
// refused, no failed operation; the apply without a failed operation.
func quotaGoals(rows []quotaRow) []goal {
	var goals []goal
	for _, r := range rows {
		if r.Driver != "engine" {
			continue
		}
		cell := fmt.Sprintf("quota %g, N=%d %s parallelism %d", r.Quota, r.N, r.Phase, r.Parallelism)
		share := 0.0
		if r.Requests > 0 {
			share = 100 * float64(r.Refused) / float64(r.Requests)
		}
		switch r.Phase {
		case "plan":
			x := r.Seconds / (float64(r.N) / r.Quota)
			goals = append(goals, goal{"under a quota: refresh ≤ 1.3 × N/Q, ≤ 5% refused, no failure", cell,
				fmt.Sprintf("%.2f × N/Q (%.2f s), %.2f%% refused", x, r.Seconds, share), x <= 1.3 && share <= 5 && !r.Failed})
		case "apply":
			goals = append(goals, goal{"under a quota: apply with no failed operation", cell,
				fmt.Sprintf("%.2f%% refused, failed: %v", share, r.Failed), !r.Failed})
		}
	}
	return goals
}

func (o options) quotaSequence(env []string, n, par int) ([]quotaRow, error) {
	dir := filepath.Join(o.work, "runs", fmt.Sprintf("quota%g-n%d-p%d", o.quota, n, par))
	e, err := o.startEmulator(dir, n, pairsPerX, 0, o.quota)
	if err != nil {
		return nil, err
	}
	defer e.stop()
	if err := writeConfig(dir, kindAXB, n, pairsPerX, e.base, o.forEach); err != nil {
		return nil, err
	}
	pflag := fmt.Sprintf("-parallelism=%d", par)
	if err := writeDefaultRPS(dir); err != nil {
		return nil, err
	}
	unset := defaultRPSFlag
	phases := [][]string{
		{"apply", "-auto-approve", "-input=false", "-no-color", pflag, unset},
		{"plan", "-input=false", "-no-color", "-detailed-exitcode", pflag, unset},
	}
	var rows []quotaRow
	for i, args := range phases {
		r := quotaRow{Driver: "engine", N: n, Parallelism: par, Phase: args[0], Quota: o.quota, Load1: load1()}
		ph, err := o.enginePhase(e, dir, env, i, args)
		if err != nil {
			return rows, err
		}
		secs, code, logFile := ph.secs, ph.code, ph.logFile
		r.Seconds, r.TotalCPU, r.ProvCPU = ph.secs, ph.cpu, ph.provCPU
		r.countAnswers(ph.before, ph.after)
		r.Failed = code != 0 // a no-change plan exits 0 with -detailed-exitcode
		fmt.Printf("  quota=%g N=%-5d %-5s parallelism=%-3d %7.2fs (N/Q %.1fs) requests=%d refused=%d exit=%d load=%.1f\n",
			o.quota, n, args[0], par, secs, float64(n)/o.quota, r.Requests, r.Refused, code, r.Load1)
		rows = append(rows, r)
		if r.Failed {
			return rows, fmt.Errorf("%s exited %d; see %s", args[0], code, logFile)
		}
	}
	return rows, nil
}

// countAnswers fills the request counts from the emulator's stats before and after the phase.
func (r *quotaRow) countAnswers(before, after emuStats) {
	for op, v := range after.Requests {
		r.Requests += v - before.Requests[op]
	}
	r.Refused = after.Throttled - before.Throttled
	r.ByResult = map[string]int{}
	for c, v := range after.Results {
		if d := v - before.Results[c]; d > 0 {
			r.ByResult[c] = d
		}
	}
}

// defaultRPSFlag gives requests_per_second the provider's default (adaptive
// limiting): null. The command line cannot give a number variable null; a
// variables file (writeDefaultRPS) can.
const defaultRPSFlag = "-var-file=default-rps.tfvars.json"

func writeDefaultRPS(dir string) error {
	return os.WriteFile(filepath.Join(dir, "default-rps.tfvars.json"), []byte(`{"requests_per_second": null}`), 0o644)
}

func renderQuota(rows []quotaRow) string {
	var b strings.Builder
	b.WriteString("| driver | quota req/s | N | phase | parallelism | seconds | N/Q s | × N/Q | requests | refused | refused % | retries | failed | answers by result code | provider (client) CPU s | engine+provider (client) CPU s | load1 |\n")
	b.WriteString("|---|--:|--:|---|--:|--:|--:|--:|--:|--:|--:|--:|---|---|--:|--:|--:|\n")
	for _, r := range rows {
		bound := float64(r.N) / r.Quota
		share := 0.0
		if r.Requests > 0 {
			share = 100 * float64(r.Refused) / float64(r.Requests)
		}
		codes := make([]string, 0, len(r.ByResult))
		for c, v := range r.ByResult {
			codes = append(codes, fmt.Sprintf("%s: %d", c, v))
		}
		slices.Sort(codes)
		fmt.Fprintf(&b, "| %s | %g | %d | %s | %d | %.2f | %.1f | %.2f | %d | %d | %.2f | %d | %s | %s | %.2f | %.2f | %.1f |\n",
			r.Driver, r.Quota, r.N, r.Phase, r.Parallelism, r.Seconds, bound, r.Seconds/bound, r.Requests, r.Refused, share,
			r.Refused, map[bool]string{true: "yes", false: "no"}[r.Failed], strings.Join(codes, ", "), r.ProvCPU, r.TotalCPU, r.Load1)
	}
	return b.String()
}

// phaseRun is what enginePhase measured of one engine command.
type phaseRun struct {
	secs, cpu       float64 // wall time; CPU of the engine and its plugins
	code            int
	before, after   emuStats
	rssMiB, provCPU float64 // the provider processes' peak RSS and CPU
	logFile         string
}

// enginePhase runs the engine command args (the i-th of its sequence) in dir
// and measures it, with the emulator's stats before and after.
func (o options) enginePhase(e *emu, dir string, env []string, i int, args []string) (phaseRun, error) {
	var ph phaseRun
	var err error
	if ph.before, err = e.fullStats(); err != nil {
		return ph, err
	}
	rssFile := filepath.Join(dir, fmt.Sprintf("%d-%s.rss", i, args[0]))
	ph.logFile = filepath.Join(dir, fmt.Sprintf("%d-%s.log", i, args[0]))
	if ph.secs, ph.cpu, ph.code, err = runEngine(o.engine, dir, slices.Concat(env, []string{"BENCH_RSS_FILE=" + rssFile}), ph.logFile, args); err != nil {
		return ph, err
	}
	if ph.after, err = e.fullStats(); err != nil {
		return ph, err
	}
	ph.rssMiB, ph.provCPU, _ = readRSS(rssFile)
	return ph, nil
}
