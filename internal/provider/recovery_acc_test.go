package provider

// The acceptance test of issue 20: the engine is killed (SIGKILL) in the
// middle of an apply of many bindings; the next apply reports each binding
// left behind with its id and the import block (and those blocks converge),
// or, with adopt_existing_bindings, converges by itself. The kill happens
// when the platform has committed exactly killAfter binds (bindGate), never
// after a sleep.

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/privnum/terraform-provider-privatenumber/internal/emulator"
)

// bindGate lets the first `allow` bind requests of a mode through to the
// platform and signals reached when the last of them is answered; later
// binds wait until the gate is closed (the engine killed), then are refused
// with a final error, so the platform holds exactly `allow` bindings.
// open lets every request through again (for the next run).
type bindGate struct {
	mu      sync.Mutex
	op      string
	allow   int
	seen    int
	armed   bool
	reached chan struct{}
	closed  chan struct{}
}

func newBindGate(op string, allow int) *bindGate {
	return &bindGate{op: op, allow: allow, armed: true, reached: make(chan struct{}), closed: make(chan struct{})}
}

func (g *bindGate) close() { close(g.closed) }

func (g *bindGate) open() {
	g.mu.Lock()
	g.armed = false
	g.mu.Unlock()
}

func (g *bindGate) wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		g.mu.Lock()
		gated := g.armed && opName(r) == g.op
		n := 0
		if gated {
			g.seen++
			n = g.seen
		}
		g.mu.Unlock()
		switch {
		case !gated:
			next.ServeHTTP(rw, r)
		case n < g.allow:
			next.ServeHTTP(rw, r)
		case n == g.allow:
			next.ServeHTTP(rw, r)
			close(g.reached)
		default:
			<-g.closed
			rw.Header().Set("Content-Type", "application/json")
			rw.WriteHeader(http.StatusForbidden)
			_, _ = rw.Write([]byte(`{"resultcode":"1010002","resultdesc":"refused by the test's bind gate (the engine was killed)"}`))
		}
	})
}

// recoveryRun is one directory's engine runs against the gated emulator.
type recoveryRun struct {
	t    *testing.T
	dir  string
	env  []string
	emu  *emulator.Emulator
	gate *bindGate
}

// newRecoveryRun serves the provider in-process and writes a configuration
// of n AXB bindings over xCount X numbers; extra goes into the provider block.
func newRecoveryRun(t *testing.T, n, xCount, killAfter int, extra string) *recoveryRun {
	t.Helper()
	emu, err := emulator.New(faultEmulatorConfig(map[string]int{"AXB": xCount}))
	if err != nil {
		t.Fatal(err)
	}
	gate := newBindGate("AXB.bind", killAfter)
	srv := httptest.NewServer(gate.wrap(emu))
	t.Cleanup(func() {
		srv.Close()
		emu.Close()
	})
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
  requests_per_second = 1000
  %s
}
locals { x = %s }
resource "privatenumber_axb_binding" "p" {
  count    = %d
  x_number = local.x[count.index %% %d]
  a_number = format("+8613802%%06d", count.index)
  b_number = format("+8613902%%06d", count.index)
}
`, source, srv.URL, testAppKey("AXB"), testAppKey("AXB")+testSecretSuffix, extra, hclList(faultNumbers("AXB", xCount)), n, xCount)
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	r := &recoveryRun{t: t, dir: dir, emu: emu, gate: gate,
		env: []string{"TF_REATTACH_PROVIDERS=" + reattach, "TF_IN_AUTOMATION=1", "CHECKPOINT_DISABLE=1"}}
	if out, err := runEngine(deadlineContext(t), dir, r.env, "init", "-input=false", "-no-color"); err != nil {
		t.Fatalf("init: %v\n%s", err, out)
	}
	return r
}

// killedApply starts an apply and kills the engine (SIGKILL) once the
// platform has committed the gate's number of binds; it returns the
// bindings the platform holds afterwards.
func (r *recoveryRun) killedApply() []emulator.AdminBinding {
	r.t.Helper()
	cmd := exec.CommandContext(deadlineContext(r.t), os.Getenv("TF_ACC_TERRAFORM_PATH"), "apply", "-auto-approve", "-input=false", "-no-color", "-parallelism=4")
	cmd.Dir = r.dir
	cmd.Env = append(os.Environ(), r.env...)
	var out strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		r.t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case <-r.gate.reached:
		if err := cmd.Process.Kill(); err != nil { // SIGKILL
			r.t.Fatal(err)
		}
		<-done
	case err := <-done:
		r.t.Fatalf("the apply ended before the platform had the binds to kill it at: %v\n%s", err, out.String())
	}
	r.gate.close()
	r.gate.open()
	return r.emu.Bindings("", "AXB")
}

func (r *recoveryRun) engine(args ...string) (string, error) {
	return runEngine(deadlineContext(r.t), r.dir, r.env, args...)
}

// converged fails the test unless the platform holds exactly the state's
// bindings (no orphan, no duplicate), want of them, and the next plan is empty.
func (r *recoveryRun) converged(want int) {
	r.t.Helper()
	state := engineState(deadlineContext(r.t), r.t, r.dir, r.env)
	orphans, missing, dups, err := comparePlatform(r.emu, "AXB", state)
	if err != nil {
		r.t.Fatalf("%v (orphans %v, missing %v, duplicates %v)", err, orphans, missing, dups)
	}
	if len(state) != want {
		r.t.Fatalf("the state holds %d bindings, want %d", len(state), want)
	}
	if out, err := r.engine("plan", "-detailed-exitcode", "-input=false", "-no-color"); err != nil {
		r.t.Fatalf("the plan after is not empty (%v):\n%s", err, tail(out, 40))
	}
}

// indexOf is the count.index of an AXB binding of this configuration, from its A.
func indexOf(a string) string {
	if i := strings.TrimLeft(strings.TrimPrefix(a, "+8613802"), "0"); i != "" {
		return i
	}
	return "0"
}

const (
	recoveryBindings = 24
	recoveryX        = 3
	recoveryKillAt   = 9
)

// Without adopt_existing_bindings: the apply after a killed one fails once
// per binding left behind, each error naming its id and printing the import
// block; applying those import blocks converges, with an empty plan after.
func TestAccRecovery_killedApplyReportsEachLeftoverAXB(t *testing.T) {
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1")
	}
	r := newRecoveryRun(t, recoveryBindings, recoveryX, recoveryKillAt, "")
	left := r.killedApply()
	inState := map[string]bool{}
	for _, s := range engineState(deadlineContext(t), t, r.dir, r.env) {
		inState[s.id] = true
	}
	var leftovers []emulator.AdminBinding
	for _, b := range left {
		if !inState[b.SubscriptionID] {
			leftovers = append(leftovers, b)
		}
	}
	t.Logf("killed after %d binds: %d bindings on the platform, %d of them in no state", recoveryKillAt, len(left), len(leftovers))
	if len(left) != recoveryKillAt || len(leftovers) == 0 {
		t.Fatalf("want %d bindings on the platform and some in no state, got %d and %d", recoveryKillAt, len(left), len(leftovers))
	}

	out, err := r.engine("apply", "-auto-approve", "-input=false", "-no-color", "-parallelism=4")
	if err == nil {
		t.Fatalf("the apply after the kill succeeded; want one error per leftover binding:\n%s", tail(out, 40))
	}
	if n := strings.Count(out, "Error: The AXB binding already exists"); n != len(leftovers) {
		t.Errorf("%d \"already exists\" errors, want %d (one per leftover):\n%s", n, len(leftovers), tail(out, 80))
	}
	if strings.Contains(out, "AXB allows each number once per X") {
		t.Errorf("a leftover was reported as a true conflict:\n%s", tail(out, 80))
	}
	var imports []string
	for _, b := range leftovers {
		re := wrapRE("exists on the platform as id "+b.SubscriptionID, "import {", "to = privatenumber_axb_binding.<name>", `id = "`+b.SubscriptionID+`"`)
		if !re.MatchString(out) {
			t.Errorf("no error names %s with its import block", b.SubscriptionID)
		}
		imports = append(imports, fmt.Sprintf("import {\n  to = privatenumber_axb_binding.p[%s]\n  id = %q\n}\n", indexOf(b.ANumber), b.SubscriptionID))
	}
	if t.Failed() {
		t.FailNow()
	}
	sort.Strings(imports)
	if err := os.WriteFile(filepath.Join(r.dir, "imports.tf"), []byte(strings.Join(imports, "\n")), 0o600); err != nil {
		t.Fatal(err)
	}
	if out, err := r.engine("apply", "-auto-approve", "-input=false", "-no-color", "-parallelism=4"); err != nil {
		t.Fatalf("the apply with the printed import blocks: %v\n%s", err, tail(out, 60))
	}
	r.converged(recoveryBindings)
}

// With adopt_existing_bindings: the apply after a killed one converges by
// itself, with a warning per adopted binding, no orphan and no duplicate.
func TestAccRecovery_killedApplyAdoptsWithTheSettingAXB(t *testing.T) {
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1")
	}
	r := newRecoveryRun(t, recoveryBindings, recoveryX, recoveryKillAt, "adopt_existing_bindings = true")
	left := r.killedApply()
	if len(left) != recoveryKillAt {
		t.Fatalf("want %d bindings on the platform after the kill, got %d", recoveryKillAt, len(left))
	}
	out, err := r.engine("apply", "-auto-approve", "-input=false", "-no-color", "-parallelism=4")
	if err != nil {
		t.Fatalf("the apply after the kill: %v\n%s", err, tail(out, 60))
	}
	// The engine folds similar warnings into one ("and N more similar warnings"): one is enough here,
	// the platform and the state tell which were adopted.
	if !regexp.MustCompile(`Warning: Adopted an existing AXB binding`).MatchString(out) {
		t.Errorf("no adoption warning:\n%s", tail(out, 60))
	}
	r.converged(recoveryBindings)
	inState := map[string]bool{}
	for _, s := range engineState(deadlineContext(t), t, r.dir, r.env) {
		inState[s.id] = true
	}
	for _, b := range left {
		if !inState[b.SubscriptionID] {
			t.Errorf("the leftover %s was not adopted", b.SubscriptionID)
		}
	}
}
