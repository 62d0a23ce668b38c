// Command bench is the scale benchmark behind `make bench` (scripts/bench.sh
// builds the binaries and calls it). It times apply, a no-change plan and
// destroy of N privatenumber_axb_binding resources against a local emulator,
// side by side with the floor provider (tools/bench/floor: the same schema,
// no logic; floor_detached: the same floor through the provider's
// server_memory.go) and with N terraform_data resources (no plugin at all), and
// writes one table to stdout and to docs/benchmarks.md.
//
//	bench -engine TOFU -provider BIN -floor BIN -emulator BIN [-out FILE]
//	bench wrap -- PROGRAM ARGS...   (internal: runs a provider, records its peak RSS)
//
// One run measures the matrix, then the cells under a platform quota
// (quota.go, issue 15), then the AXB pool's cells (pool.go, issue 16), and
// checks every goal in one table (report.go). The matrix comes from BENCH_N
// (off: no matrix), BENCH_LATENCIES (ms), BENCH_PARALLELISM (comma lists;
// defaults 1000 / 0 / 10) and BENCH_REPEAT (runs per cell, the fastest
// counts; default 3), BENCH_KINDS (which configurations; default
// terraform_data, floor, axb), BENCH_RPS (default: the provider's defaults;
// 10000: a fixed requests_per_second). BENCH_SDK_LOGS=off runs the plugins without SDK and
// provider logs (an experiment). BENCH_PROFILE=DIR writes CPU
// profiles of the provider (PRIVATENUMBER_CPUPROFILE) and the engine
// (TOFU_CPU_PROFILE) for every phase into DIR.
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"
)

const (
	appKey    = "bench-axb-app"
	appSecret = "bench-axb-secret"
	// pairsPerX spreads bindings over X numbers as real setups do.
	pairsPerX = 50
	// benchRPS is the provider's requests_per_second with BENCH_RPS=10000:
	// far above what the emulator serves. BENCH_DEFAULT_RPS_ROW=1 adds a plan
	// at 50 (the old fixed default) to show its cost.
	benchRPS = 10000
)

func main() {
	if len(os.Args) > 1 && os.Args[1] == "wrap" {
		os.Exit(wrap(os.Args[2:]))
	}
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

// ------------------------------------------------------------------ wrapper

// wrap runs a provider plugin as its child with the same standard streams and
// environment, forwards signals, and appends the child's peak RSS and CPU time
// to $BENCH_RSS_FILE when it exits. dev_overrides points the engine at a
// script that execs this, so the measurement needs no change to the provider.
func wrap(args []string) int {
	if len(args) > 0 && args[0] == "--" {
		args = args[1:]
	}
	if len(args) == 0 {
		fmt.Fprintln(os.Stderr, "bench wrap: no program")
		return 2
	}
	cmd := exec.Command(args[0], args[1:]...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	sigs := make(chan os.Signal, 4)
	signal.Notify(sigs, syscall.SIGINT, syscall.SIGTERM, syscall.SIGHUP)
	if err := cmd.Start(); err != nil {
		fmt.Fprintln(os.Stderr, "bench wrap:", err)
		return 1
	}
	go func() {
		for s := range sigs {
			_ = cmd.Process.Signal(s)
		}
	}()
	err := cmd.Wait()
	code := 0
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		code = ee.ExitCode()
	} else if err != nil {
		code = 1
	}
	if f := os.Getenv("BENCH_RSS_FILE"); f != "" && cmd.ProcessState != nil {
		if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
			line := fmt.Sprintf("%d %.3f\n", ru.Maxrss, (cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()).Seconds())
			if fh, err := os.OpenFile(f, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644); err == nil {
				_, _ = fh.WriteString(line)
				_ = fh.Close()
			}
		}
	}
	return code
}

// readRSS returns the largest peak RSS (MiB) and the summed CPU seconds of
// the provider processes a phase started.
func readRSS(file string) (float64, float64, int) {
	data, err := os.ReadFile(file)
	if err != nil {
		return 0, 0, 0
	}
	var peak, cpu float64
	n := 0
	for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		f := strings.Fields(line)
		if len(f) != 2 {
			continue
		}
		kb, _ := strconv.ParseFloat(f[0], 64)
		c, _ := strconv.ParseFloat(f[1], 64)
		peak = max(peak, kb/1024)
		cpu += c
		n++
	}
	return peak, cpu, n
}

// ------------------------------------------------------------------ driver

type options struct {
	engine, provider, floor, emulator, out, work, profile string
	ns, latencies, parallelisms                           []int
	repeat                                                int
	defaultRPSRow                                         bool
	rpsDefault                                            bool // BENCH_RPS=default: requests_per_second unset (adaptive) instead of benchRPS
	kinds                                                 map[string]bool
	forEach                                               bool
	sdkLogsOff                                            bool
	quota                                                 float64 // the emulator's quota, requests per second (quota.go); 0 = none
	quotaNs, quotaPars                                    []int   // N and parallelism of the quota cells
	poolN                                                 int     // pairs of the pool cells (pool.go); 0 = none
}

// kinds of configuration: the provider under test, the floor, no plugin.
const (
	kindAXB   = "axb"
	kindFloor = "floor"
	kindData  = "terraform_data"
	// kindFloorDetached is the floor served through the provider's
	// workaround for the framework's retention of finished requests
	// (server_memory.go): what that workaround alone changes.
	kindFloorDetached = "floor_detached"
)

type row struct {
	Kind        string
	N           int
	Phase       string
	LatencyMS   int // -1: not applicable
	Parallelism int
	RPS         int
	Seconds     float64
	Requests    int
	Writes      int
	ByOp        map[string]int
	RSSMiB      float64
	ProvCPU     float64
	EmuCPU      float64
	TotalCPU    float64
	Plugins     int
	Load1       float64
	Note        string
}

func run() error {
	var o options
	flag.StringVar(&o.engine, "engine", "", "engine binary (OpenTofu); required")
	flag.StringVar(&o.provider, "provider", "", "provider binary under test; required")
	flag.StringVar(&o.floor, "floor", "", "floor provider binary; required")
	flag.StringVar(&o.emulator, "emulator", "", "emulator binary; required")
	flag.StringVar(&o.out, "out", "", "markdown file to write (e.g. docs/benchmarks.md); empty: stdout only")
	flag.StringVar(&o.work, "work", "", "work directory (default: a temporary one, removed afterwards)")
	flag.Parse()
	for name, v := range map[string]string{"engine": o.engine, "provider": o.provider, "floor": o.floor, "emulator": o.emulator} {
		if v == "" {
			return fmt.Errorf("-%s is required", name)
		}
	}
	var err error
	if o.ns, err = intsFromEnv("BENCH_N", "1000"); err != nil {
		return err
	}
	if o.latencies, err = intsFromEnv("BENCH_LATENCIES", "0"); err != nil {
		return err
	}
	if o.parallelisms, err = intsFromEnv("BENCH_PARALLELISM", "10"); err != nil {
		return err
	}
	if err := o.parseQuotaAndPool(); err != nil {
		return err
	}
	reps, err := intsFromEnv("BENCH_REPEAT", "3")
	if err != nil || len(reps) != 1 || reps[0] < 1 {
		return fmt.Errorf("BENCH_REPEAT: want one positive integer")
	}
	o.repeat = reps[0]
	o.defaultRPSRow = os.Getenv("BENCH_DEFAULT_RPS_ROW") == "1"
	switch v := os.Getenv("BENCH_RPS"); v {
	case strconv.Itoa(benchRPS):
	case "", "default":
		o.rpsDefault = true
	default:
		return fmt.Errorf("BENCH_RPS: want %d or default, not %q", benchRPS, v)
	}
	o.kinds = map[string]bool{}
	for _, k := range strings.Split(envOr("BENCH_KINDS", kindData+","+kindFloor+","+kindAXB), ",") {
		switch k = strings.TrimSpace(k); k {
		case kindData, kindFloor, kindFloorDetached, kindAXB:
			o.kinds[k] = true
		default:
			return fmt.Errorf("BENCH_KINDS: unknown kind %q (want %s, %s, %s, %s)", k, kindAXB, kindFloor, kindFloorDetached, kindData)
		}
	}
	switch v := os.Getenv("BENCH_LAYOUT"); v {
	case "", "blocks":
	case "for_each":
		o.forEach = true
	default:
		return fmt.Errorf("BENCH_LAYOUT: want blocks or for_each, not %q", v)
	}
	switch v := os.Getenv("BENCH_SDK_LOGS"); v {
	case "", "on":
	case "off":
		o.sdkLogsOff = true
	default:
		return fmt.Errorf("BENCH_SDK_LOGS: want on or off, not %q", v)
	}
	if p := os.Getenv("BENCH_PROFILE"); p != "" {
		if o.profile, err = filepath.Abs(p); err != nil {
			return err
		}
		if err := os.MkdirAll(o.profile, 0o755); err != nil {
			return err
		}
	}
	for _, p := range []*string{&o.engine, &o.provider, &o.floor, &o.emulator} {
		if *p, err = filepath.Abs(*p); err != nil {
			return err
		}
	}
	keep := o.work != ""
	if o.work == "" {
		if o.work, err = os.MkdirTemp("", "privatenumber-bench-"); err != nil {
			return err
		}
	}
	if o.work, err = filepath.Abs(o.work); err != nil {
		return err
	}
	if !keep {
		defer os.RemoveAll(o.work)
	}
	self, err := os.Executable()
	if err != nil {
		return err
	}

	// One plugin directory per provider, each holding a script that runs the
	// real binary under the wrapper; the CLI configuration points the engine
	// at them (dev_overrides: no registry, no init, no lock file).
	pluginDir := func(name, bin string) (string, error) {
		dir := filepath.Join(o.work, "plugins", name)
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return "", err
		}
		script := fmt.Sprintf("#!/bin/sh\nexec %q wrap -- %q \"$@\"\n", self, bin)
		return dir, os.WriteFile(filepath.Join(dir, "terraform-provider-"+name), []byte(script), 0o755)
	}
	provDir, err := pluginDir("privatenumber", o.provider)
	if err != nil {
		return err
	}
	floorDir, err := pluginDir("floor", o.floor)
	if err != nil {
		return err
	}
	cliConfig := filepath.Join(o.work, "cli.tfrc")
	err = os.WriteFile(cliConfig, fmt.Appendf(nil, `provider_installation {
  dev_overrides {
    "registry.opentofu.org/privnum/privatenumber" = %q
    "registry.opentofu.org/privnum/floor"         = %q
  }
  direct {}
}
`, provDir, floorDir), 0o644)
	if err != nil {
		return err
	}

	env := engineEnv(cliConfig)
	if o.sdkLogsOff {
		// An experiment, not the default: the plugins emit no SDK or provider
		// logs (which the engine discards anyway unless TF_LOG is set).
		env = append(env, "TF_LOG_SDK=off", "TF_LOG_PROVIDER=off")
	}
	vcmd := exec.Command(o.engine, "version")
	vcmd.Env = env
	engineVersion := firstLine(vcmd.Output())
	goVersion := runtime.Version()
	fmt.Printf("engine: %s (%s)\nprovider: %s\nfloor: %s\nemulator: %s\nmatrix: N=%v latency_ms=%v parallelism=%v repeat=%d for_each=%v\n\n",
		o.engine, engineVersion, o.provider, o.floor, o.emulator, o.ns, o.latencies, o.parallelisms, o.repeat, o.forEach)
	loadStart := loadavg()
	started := time.Now()
	var rep report
	err = o.measure(env, &rep)
	elapsed := time.Since(started)
	loadEnd := loadavg()
	rep.print()
	fmt.Printf("total time %s; load average at start %s, at end %s\n", elapsed.Round(time.Second), loadStart, loadEnd)
	if err != nil {
		return err
	}
	if o.out == "" {
		return nil
	}
	md := renderMarkdown(o, engineVersion, goVersion, loadStart, loadEnd, elapsed, rep)
	if old, err := os.ReadFile(o.out); err == nil {
		md += keptNotes(string(old))
	} else {
		md += notesBegin + "\n" + notesEnd + "\n"
	}
	if err := os.MkdirAll(filepath.Dir(o.out), 0o755); err != nil {
		return err
	}
	return os.WriteFile(o.out, []byte(md), 0o644)
}

// fastest keeps, per phase, the faster of two runs of the same cell.
func fastest(best, rows []row) []row {
	if best == nil {
		return rows
	}
	for i := range rows {
		if rows[i].Seconds < best[i].Seconds {
			best[i] = rows[i]
		}
	}
	return best
}

type emu struct {
	cmd  *exec.Cmd
	base string
}

// startEmulator makes dir (the cell's work directory) and starts an emulator
// there with an AXB application of ⌈n/perX⌉ X numbers, latency lat and quota
// (requests per second; 0: none).
func (o options) startEmulator(dir string, n, perX, lat int, quota float64) (*emu, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	xs := (n + perX - 1) / perX
	numbers := make([]string, xs)
	for i := range numbers {
		numbers[i] = xNumber(i)
	}
	app := map[string]any{
		"mode": "AXB", "app_key": appKey, "app_secret": appSecret,
		"numbers": map[string][]string{"0755": numbers},
	}
	if quota > 0 {
		app["quota"] = map[string]any{"requests_per_second": quota, "burst": int(quota)}
	}
	cfg := map[string]any{
		"skew_seconds": 300,
		"latency_ms":   lat,
		"applications": []map[string]any{app},
	}
	data, _ := json.Marshal(cfg)
	cfgFile := filepath.Join(dir, "emulator.json")
	if err := os.WriteFile(cfgFile, data, 0o644); err != nil {
		return nil, err
	}
	cmd := exec.Command(o.emulator, "-listen", "127.0.0.1:0", "-config", cfgFile)
	logf, err := os.Create(filepath.Join(dir, "emulator.log"))
	if err != nil {
		return nil, err
	}
	cmd.Stderr = logf
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err == nil && !strings.HasPrefix(line, "listening on ") {
		err = errors.New("no 'listening on' line")
	}
	if err != nil {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		return nil, fmt.Errorf("emulator did not start (%q, %w); see %s", line, err, logf.Name())
	}
	go func() { _, _ = io.Copy(io.Discard, stdout) }()
	return &emu{cmd: cmd, base: strings.TrimSpace(strings.TrimPrefix(line, "listening on "))}, nil
}

func (e *emu) stop() {
	_ = e.cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan struct{})
	go func() { _ = e.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		_ = e.cmd.Process.Kill()
		<-done
	}
}

func (e *emu) stats() (map[string]int, error) {
	resp, err := http.Get(e.base + "/emulator/v1/stats")
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	var s struct {
		Requests map[string]int `json:"requests"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&s); err != nil {
		return nil, err
	}
	return s.Requests, nil
}

func xNumber(i int) string { return fmt.Sprintf("+86170%08d", 10000+i) }

// writeConfig writes main.tf: N pairs, one resource block each (the default:
// the layout of the reference measurements), or one block with for_each over a
// map of N pairs (BENCH_LAYOUT=for_each, the shape of many real setups).
func writeConfig(dir, kind string, n, perX int, endpoint string, forEach bool) error {
	var b bytes.Buffer
	if kind != kindData {
		source := "privnum/privatenumber"
		if kind == kindFloor || kind == kindFloorDetached {
			source = "privnum/floor"
		}
		if endpoint == "" {
			endpoint = "http://127.0.0.1:1" // the floor never connects
		}
		fmt.Fprintf(&b, `terraform {
  required_providers {
    privatenumber = { source = %q }
  }
}

variable "requests_per_second" {
  type    = number
  default = %d
}

provider "privatenumber" {
  endpoint            = %q
  app_key             = %q
  app_secret          = %q
  requests_per_second = var.requests_per_second
}
`, source, benchRPS, endpoint, appKey, appSecret)
	}
	pair := func(i int) (string, string, string) {
		return xNumber(i / perX), fmt.Sprintf("+86138%08d", i), fmt.Sprintf("+86139%08d", i)
	}
	if forEach {
		if kind == kindData {
			b.WriteString("\nresource \"terraform_data\" \"pair\" {\n  for_each = local.pairs\n  input    = each.value\n}\n")
		} else {
			b.WriteString("\nresource \"privatenumber_axb_binding\" \"pair\" {\n  for_each = local.pairs\n  x_number = each.value.x\n  a_number = each.value.a\n  b_number = each.value.b\n}\n")
		}
		b.WriteString("\nlocals {\n  pairs = {\n")
		for i := 0; i < n; i++ {
			x, a, bn := pair(i)
			fmt.Fprintf(&b, "    p%05d = { x = %q, a = %q, b = %q }\n", i, x, a, bn)
		}
		b.WriteString("  }\n}\n")
	} else {
		for i := 0; i < n; i++ {
			x, a, bn := pair(i)
			if kind == kindData {
				fmt.Fprintf(&b, "\nresource \"terraform_data\" \"p%05d\" {\n  input = { x = %q, a = %q, b = %q }\n}\n", i, x, a, bn)
			} else {
				fmt.Fprintf(&b, "\nresource \"privatenumber_axb_binding\" \"p%05d\" {\n  x_number = %q\n  a_number = %q\n  b_number = %q\n}\n", i, x, a, bn)
			}
		}
	}
	return os.WriteFile(filepath.Join(dir, "main.tf"), b.Bytes(), 0o644)
}

// sequence is one run of apply, plan, destroy (and, for the provider at N =
// 1000, latency 0, the lowest parallelism, one plan at the default rps).
func (o options) sequence(env []string, kind string, n, par, lat, rep int) ([]row, error) {
	name := fmt.Sprintf("%s-n%d-p%d", kind, n, par)
	if lat >= 0 {
		name += fmt.Sprintf("-l%d", lat)
	}
	dir := filepath.Join(o.work, "runs", fmt.Sprintf("%s-r%d", name, rep))
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	var e *emu
	endpoint := ""
	if kind == kindAXB {
		var err error
		if e, err = o.startEmulator(dir, n, pairsPerX, lat, 0); err != nil {
			return nil, err
		}
		defer e.stop()
		endpoint = e.base
	}
	if err := writeConfig(dir, kind, n, pairsPerX, endpoint, o.forEach); err != nil {
		return nil, err
	}
	phases, err := o.phases(dir, kind, n, par, lat)
	if err != nil {
		return nil, err
	}
	var rows []row
	for i, ph := range phases {
		r := row{Kind: kind, N: n, Phase: ph.name, LatencyMS: lat, Parallelism: par, Load1: load1()}
		if kind != kindData {
			r.RPS = ph.rps
		}
		rssFile := filepath.Join(dir, fmt.Sprintf("%d-%s.rss", i, ph.name))
		penv := slices.Concat(env, []string{"BENCH_RSS_FILE=" + rssFile})
		if kind == kindFloorDetached {
			penv = append(penv, "FLOOR_DETACH_CONTEXTS=1")
		}
		if o.profile != "" {
			base := filepath.Join(o.profile, fmt.Sprintf("%s-%d-%s-rps%d", name, i, ph.name, ph.rps))
			penv = append(penv, "PRIVATENUMBER_CPUPROFILE="+base+".provider", "TOFU_CPU_PROFILE="+base+".tofu.pprof")
		}
		var before map[string]int
		var emuBefore float64
		if e != nil {
			var err error
			if before, err = e.stats(); err != nil {
				return nil, err
			}
			emuBefore = procCPU(e.cmd.Process.Pid)
		}
		logFile := filepath.Join(dir, fmt.Sprintf("%d-%s.log", i, ph.name))
		secs, cpu, code, err := runEngine(o.engine, dir, penv, logFile, ph.args)
		if err != nil {
			return nil, err
		}
		switch {
		case ph.name == "plan" && code == 2:
			r.Note = "plan not empty"
		case code != 0:
			return nil, fmt.Errorf("%s exited %d; see %s", ph.name, code, logFile)
		}
		r.Seconds, r.TotalCPU = secs, cpu
		r.RSSMiB, r.ProvCPU, r.Plugins = readRSS(rssFile)
		if e != nil {
			r.EmuCPU = procCPU(e.cmd.Process.Pid) - emuBefore
			after, err := e.stats()
			if err != nil {
				return nil, err
			}
			r.countOps(before, after)
		}
		fmt.Printf("  %-15s N=%-5d %-7s latency=%-3s parallelism=%-3d rps=%-5d %7.2fs  requests=%-6d writes=%-6d rss=%5.1fMiB provider-cpu=%6.2fs emulator-cpu=%5.2fs load=%.1f %s\n",
			kind, n, ph.name, latStr(lat), par, r.RPS, secs, r.Requests, r.Writes, r.RSSMiB, r.ProvCPU, r.EmuCPU, r.Load1, r.Note)
		rows = append(rows, r)
	}
	return rows, nil
}

// benchPhase is one engine command of a sequence.
type benchPhase struct {
	name string
	args []string
	rps  int // requests_per_second; 0: the provider's default
}

// phases are the commands of one sequence: apply, plan, (the plan at rps
// 50 for the provider at N = 1000, latency 0, the lowest parallelism),
// destroy.
func (o options) phases(dir, kind string, n, par, lat int) ([]benchPhase, error) {
	pflag := fmt.Sprintf("-parallelism=%d", par)
	rps := benchRPS
	if o.rpsDefault && kind != kindData {
		// The provider's default (rps shown as 0): requests_per_second null.
		rps = 0
		if err := writeDefaultRPS(dir); err != nil {
			return nil, err
		}
		pflag += " " + defaultRPSFlag
	}
	phases := []benchPhase{
		{"apply", strings.Fields("apply -auto-approve -input=false -no-color " + pflag), rps},
		{"plan", strings.Fields("plan -input=false -no-color -detailed-exitcode " + pflag), rps},
	}
	if kind == kindAXB && o.defaultRPSRow && n == 1000 && lat == 0 && par == o.parallelisms[0] {
		phases = append(phases, benchPhase{"plan", strings.Fields("plan -input=false -no-color -detailed-exitcode " + pflag + " -var=requests_per_second=50"), 50})
	}
	phases = append(phases, benchPhase{"destroy", strings.Fields("destroy -auto-approve -input=false -no-color " + pflag), rps})
	return phases, nil
}

// countOps fills the requests by operation from the emulator's counts before and after a phase.
func (r *row) countOps(before, after map[string]int) {
	r.ByOp = map[string]int{}
	for op, v := range after {
		if d := v - before[op]; d > 0 {
			r.ByOp[op] = d
			r.Requests += d
			if isWrite(op) {
				r.Writes += d
			}
		}
	}
}

func isWrite(op string) bool {
	for _, w := range []string{".bind", ".unbind", ".modify", ".set_callee"} {
		if strings.HasSuffix(op, w) {
			return true
		}
	}
	return false
}

// runEngine runs one engine command and returns its wall time, the CPU time
// of the engine and its children (the provider plugins), and the exit code.
func runEngine(engine, dir string, env []string, logFile string, args []string) (float64, float64, int, error) {
	logf, err := os.Create(logFile)
	if err != nil {
		return 0, 0, 0, err
	}
	defer logf.Close()
	cmd := exec.Command(engine, args...)
	cmd.Dir, cmd.Env, cmd.Stdout, cmd.Stderr = dir, env, logf, logf
	start := time.Now()
	err = cmd.Run()
	secs := time.Since(start).Seconds()
	var ee *exec.ExitError
	if err != nil && !errors.As(err, &ee) {
		return 0, 0, 0, err
	}
	cpu := 0.0
	if cmd.ProcessState != nil {
		cpu = (cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()).Seconds()
	}
	return secs, cpu, cmd.ProcessState.ExitCode(), nil
}

// engineEnv is the environment of every engine run: the benchmark's own CLI
// configuration (never the machine's TF_CLI_CONFIG_FILE), no logs, no
// checkpoint calls, no extra CLI arguments, no plugin cache.
func engineEnv(cliConfig string) []string {
	var env []string
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		if strings.HasPrefix(k, "TF_") || strings.HasPrefix(k, "TOFU_") || strings.HasPrefix(k, "PRIVATENUMBER_") || k == "CHECKPOINT_DISABLE" {
			continue
		}
		env = append(env, kv)
	}
	return append(env, "TF_CLI_CONFIG_FILE="+cliConfig, "TF_IN_AUTOMATION=1", "TF_INPUT=0", "CHECKPOINT_DISABLE=1")
}

// ------------------------------------------------------------------ report

func latStr(lat int) string {
	if lat < 0 {
		return "-"
	}
	return strconv.Itoa(lat)
}

// floorOf finds the floor row of the same N, phase and parallelism.
func floorOf(rows []row, r row) (row, bool) {
	for _, f := range rows {
		if f.Kind == kindFloor && f.N == r.N && f.Phase == r.Phase && f.Parallelism == r.Parallelism {
			return f, true
		}
	}
	return row{}, false
}

// bound is the latency bound N × latency ÷ parallelism, in seconds.
func bound(r row) float64 {
	if r.LatencyMS <= 0 {
		return 0
	}
	return float64(r.N) * float64(r.LatencyMS) / 1000 / float64(r.Parallelism)
}

func renderTable(rows []row) string {
	var b strings.Builder
	b.WriteString("| config | N | phase | latency ms | parallelism | rps | seconds | × floor | × latency bound | requests | writes | requests by operation | provider peak RSS MiB | provider CPU s | engine+provider CPU s | emulator CPU s | load1 |\n")
	b.WriteString("|---|--:|---|--:|--:|--:|--:|--:|--:|--:|--:|---|--:|--:|--:|--:|--:|\n")
	for _, r := range rows {
		ratio, boundRatio := "", ""
		if f, ok := floorOf(rows, r); ok && r.Kind != kindFloor && f.Seconds > 0 {
			ratio = fmt.Sprintf("%.2f", r.Seconds/f.Seconds)
		}
		if bd := bound(r); bd > 0 {
			boundRatio = fmt.Sprintf("%.2f", r.Seconds/bd)
		}
		reqs, writes, ops, rss, pcpu, rps, ecpu := "", "", "", "", "", "", ""
		if r.Kind == kindAXB {
			reqs, writes, ops = strconv.Itoa(r.Requests), strconv.Itoa(r.Writes), opsStr(r.ByOp)
			ecpu = fmt.Sprintf("%.2f", r.EmuCPU)
		}
		if r.Kind != kindData {
			rss, pcpu, rps = fmt.Sprintf("%.1f", r.RSSMiB), fmt.Sprintf("%.2f", r.ProvCPU), rpsStr(r.RPS)
		}
		phase := r.Phase
		if r.Note != "" {
			phase += " (" + r.Note + ")"
		}
		fmt.Fprintf(&b, "| %s | %d | %s | %s | %d | %s | %.2f | %s | %s | %s | %s | %s | %s | %s | %.2f | %s | %.1f |\n",
			r.Kind, r.N, phase, latStr(r.LatencyMS), r.Parallelism, rps, r.Seconds, ratio, boundRatio, reqs, writes, ops, rss, pcpu, r.TotalCPU, ecpu, r.Load1)
	}
	return b.String()
}

func opsStr(m map[string]int) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%s %d", k, m[k])
	}
	return strings.Join(parts, ", ")
}

// goal is one line of the goals table: what the issue asks, the cell it is
// judged on, what was measured, and whether it holds.
type goal struct {
	what, cell, measured string
	met                  bool
}

func renderGoalTable(goals []goal) string {
	var b strings.Builder
	b.WriteString("| goal | cell | measured | met |\n|---|---|--:|---|\n")
	for _, g := range goals {
		met := "yes"
		if !g.met {
			met = "**no**"
		}
		fmt.Fprintf(&b, "| %s | %s | %s | %s |\n", g.what, g.cell, g.measured, met)
	}
	return b.String()
}

// matrixGoals checks the issues' goals against the matrix rows.
func matrixGoals(rows []row) []goal {
	var goals []goal
	for _, r := range rows {
		if r.Kind != kindAXB || (r.RPS != benchRPS && r.RPS != 0) {
			continue
		}
		cell := fmt.Sprintf("N=%d %s latency %s parallelism %d, rps %s", r.N, r.Phase, latStr(r.LatencyMS), r.Parallelism, rpsStr(r.RPS))
		f, hasFloor := floorOf(rows, r)
		if r.LatencyMS == 0 && r.N == 1000 && hasFloor {
			limit := 1.10 // issue 15: apply and destroy ≤ 1.10 × the floor, a no-change plan ≤ 1.05 ×
			if r.Phase == "plan" {
				limit = 1.05
			}
			ratio := r.Seconds / f.Seconds
			goals = append(goals, goal{fmt.Sprintf("%s ≤ %.2f × floor", r.Phase, limit), cell, fmt.Sprintf("%.2f (%.2f s against %.2f s)", ratio, r.Seconds, f.Seconds), ratio <= limit})
		}
		if r.LatencyMS > 0 && hasFloor {
			ratio := r.Seconds / max(f.Seconds, bound(r))
			goals = append(goals, goal{"≤ 1.3 × max(floor, latency bound)", cell, fmt.Sprintf("%.2f", ratio), ratio <= 1.3})
		}
		if r.Phase == "plan" {
			goals = append(goals, goal{"no-change plan: ≤ 1 request per binding, no writes", cell,
				fmt.Sprintf("%d requests, %d writes", r.Requests, r.Writes), r.Writes == 0 && r.Requests <= r.N})
		}
		if r.N >= 5000 {
			floorRSS := ""
			if hasFloor {
				floorRSS = fmt.Sprintf(" (floor %.1f MiB)", f.RSSMiB)
			}
			goals = append(goals, goal{"provider peak RSS ≤ 64 MiB", cell, fmt.Sprintf("%.1f MiB%s", r.RSSMiB, floorRSS), r.RSSMiB <= 64})
		}
	}
	return goals
}

// Text between these markers in the output file is written by people (the
// analysis of a run) and carried over when the benchmark rewrites the file.
const (
	notesBegin = "<!-- BEGIN NOTES: kept by make bench -->"
	notesEnd   = "<!-- END NOTES -->"
)

func keptNotes(old string) string {
	i := strings.Index(old, notesBegin)
	j := strings.Index(old, notesEnd)
	if i < 0 || j < i {
		return notesBegin + "\n" + notesEnd + "\n"
	}
	return old[i:j+len(notesEnd)] + "\n"
}

// ------------------------------------------------------------------ machine

func firstLine(out []byte, err error) string {
	if err != nil {
		return "unknown (" + err.Error() + ")"
	}
	for _, line := range strings.Split(string(out), "\n") {
		if line = strings.TrimSpace(line); line != "" {
			return line
		}
	}
	return "unknown"
}

func loadavg() string {
	data, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	f := strings.Fields(string(data))
	if len(f) < 3 {
		return "unknown"
	}
	return strings.Join(f[:3], ", ")
}

func load1() float64 {
	l, _, _ := strings.Cut(loadavg(), ",")
	v, _ := strconv.ParseFloat(l, 64)
	return v
}

func cpuModel() string {
	data, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		return "unknown"
	}
	for _, line := range strings.Split(string(data), "\n") {
		if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
			return strings.TrimSpace(v)
		}
	}
	return "unknown"
}

func memTotal() string {
	data, err := os.ReadFile("/proc/meminfo")
	if err != nil {
		return "unknown"
	}
	for _, line := range strings.Split(string(data), "\n") {
		if v, ok := strings.CutPrefix(line, "MemTotal:"); ok {
			kb, _ := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 64)
			return fmt.Sprintf("%.1f GiB", kb/1024/1024)
		}
	}
	return "unknown"
}

func gitCommit() string {
	return firstLine(exec.Command("git", "describe", "--always", "--dirty").Output())
}

// procCPU is the user+system CPU time, in seconds, of a running process.
func procCPU(pid int) float64 {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0
	}
	// The command name (field 2) may hold spaces: count from the closing parenthesis.
	s := string(data)
	f := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
	if len(f) < 13 {
		return 0
	}
	utime, _ := strconv.ParseFloat(f[11], 64)
	stime, _ := strconv.ParseFloat(f[12], 64)
	return (utime + stime) / 100 // USER_HZ is 100 on Linux
}

func envOr(name, def string) string {
	if v := strings.TrimSpace(os.Getenv(name)); v != "" {
		return v
	}
	return def
}

func intsFromEnv(name, def string) ([]int, error) {
	s := strings.TrimSpace(os.Getenv(name))
	if s == "" {
		s = def
	}
	if s == "off" {
		return nil, nil
	}
	var out []int
	for _, f := range strings.Split(s, ",") {
		v, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || v < 0 {
			return nil, fmt.Errorf("%s: %q is not a comma-separated list of non-negative integers", name, s)
		}
		out = append(out, v)
	}
	return out, nil
}

// rpsStr shows a requests_per_second setting; 0 is the provider's default (adaptive).
func rpsStr(rps int) string {
	if rps == 0 {
		return "default"
	}
	return strconv.Itoa(rps)
}
