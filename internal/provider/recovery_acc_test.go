package provider

// The acceptance test of issue 20: the engine is killed (SIGKILL) in the
// middle of an apply of many bindings; the next apply reports each binding
// left behind with its id and the import block (and those blocks converge),
// or, with adopt_existing_bindings, converges by itself. The kill happens
// when the platform has committed exactly killAfter binds (bindGate), never
// after a sleep. An apply stopped with SIGINT while binds are in flight
// leaves nothing behind.

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/privnum/terraform-provider-privatenumber/internal/emulator"
)

// bindGate lets the first `allow` bind requests of a mode through to the
// platform and signals reached when the last of them is answered; later
// binds wait until the gate is closed (the engine killed), then are refused
// with a final error, so the platform holds exactly `allow` bindings. The
// killed run alone talks to the platform through the gate (its own
// endpoint), so a bind its provider sends late is refused too.
type bindGate struct {
	mu      sync.Mutex
	op      string
	allow   int
	seen    int
	armed   bool
	reached chan struct{}
	closed  chan struct{}
	// hang: later binds are committed and their answer held until the
	// client hangs up (an interrupted apply cancels them), instead of
	// refused; reached is signalled when the first of them is committed.
	hang bool
}

func newBindGate(op string, allow int) *bindGate {
	return &bindGate{op: op, allow: allow, reached: make(chan struct{}), closed: make(chan struct{})}
}

func (g *bindGate) arm() {
	g.mu.Lock()
	g.armed = true
	g.mu.Unlock()
}

func (g *bindGate) close() { close(g.closed) }

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
			if !g.hang {
				close(g.reached)
			}
		case g.hang:
			next.ServeHTTP(httptest.NewRecorder(), r)
			if n == g.allow+1 { // a bind is surely in flight now
				close(g.reached)
			}
			<-r.Context().Done()
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
	m    recoveryMode
	dir  string
	env  []string
	emu  *emulator.Emulator
	gate *bindGate
	// writeConfig writes main.tf with the endpoint of the gate (the killed run) or not (every other run).
	writeConfig func(gated bool)
	killedOut   string // what the killed apply printed
}

// recoveryMode is one mode's configuration of many bindings.
type recoveryMode struct {
	mode, typ, noun string
	pool            int    // X numbers of the application
	resources       string // HCL: the bindings (count = var.n), %[1]s is the list of X numbers
}

// recoveryModes are the modes whose bindings a lookup by the natural key
// finds: AX, AXB, AXE, and the AXYB member (by its group and B; the group
// itself is applied before the killed run).
func recoveryModes() []recoveryMode {
	return []recoveryMode{
		{mode: "AXYB", typ: "privatenumber_axyb_member", noun: "AXYB member", pool: recoveryBindings + 2, resources: `
locals { x = %[1]s }
resource "privatenumber_axyb_binding" "g" {
  a_number  = "+8613801000000"
  area_code = "0755"
}
resource "privatenumber_axyb_member" "p" {
  count      = var.n
  binding_id = privatenumber_axyb_binding.g.id
  b_number   = format("+8613902%%06d", count.index)
}`},
		{mode: "AXB", typ: "privatenumber_axb_binding", noun: "AXB binding", pool: recoveryX, resources: `
locals { x = %[1]s }
resource "privatenumber_axb_binding" "p" {
  count    = var.n
  x_number = local.x[count.index %% length(local.x)]
  a_number = format("+8613802%%06d", count.index)
  b_number = format("+8613902%%06d", count.index)
}`},
		{mode: "AX", typ: "privatenumber_ax_binding", noun: "AX binding", pool: recoveryBindings, resources: `
locals { x = %[1]s }
resource "privatenumber_ax_binding" "p" {
  count    = var.n
  x_number = local.x[count.index]
  a_number = format("+8613802%%06d", count.index)
}`},
		{mode: "AXE", typ: "privatenumber_axe_binding", noun: "AXE binding", pool: recoveryX, resources: `
locals { x = %[1]s }
resource "privatenumber_axe_binding" "p" {
  count     = var.n
  x_number  = local.x[count.index %% length(local.x)]
  extension = format("%%03d", 100 + count.index)
  a_number  = format("+8613802%%06d", count.index)
}`},
	}
}

// newRecoveryRun serves the provider in-process, writes the mode's
// configuration (extra goes into the provider block) and applies it with
// one binding (var.n = 1; for AXYB also the members' group), so that what
// the kill leaves behind is only bindings of the count.
func newRecoveryRun(t *testing.T, m recoveryMode, killAfter int, extra string) *recoveryRun {
	t.Helper()
	emu, err := emulator.New(faultEmulatorConfig(map[string]int{m.mode: m.pool}))
	if err != nil {
		t.Fatal(err)
	}
	gate := newBindGate(m.mode+".bind", killAfter)
	gated, plain := httptest.NewServer(gate.wrap(emu)), httptest.NewServer(emu)
	t.Cleanup(func() {
		gated.Close()
		plain.Close()
		emu.Close()
	})
	reattach, source := serveReattach(t)
	dir := t.TempDir()
	r := &recoveryRun{t: t, m: m, dir: dir, emu: emu, gate: gate,
		env: []string{"TF_REATTACH_PROVIDERS=" + reattach, "TF_IN_AUTOMATION=1", "CHECKPOINT_DISABLE=1", "TF_VAR_n=1"}}
	r.writeConfig = func(viaGate bool) {
		url := plain.URL
		if viaGate {
			url = gated.URL
		}
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
variable "n" { type = number }
`, source, url, testAppKey(m.mode), testAppKey(m.mode)+testSecretSuffix, extra) + fmt.Sprintf(m.resources, hclList(faultNumbers(m.mode, m.pool)))
		if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(cfg), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	r.writeConfig(false)
	if out, err := r.engine("init", "-input=false", "-no-color"); err != nil {
		t.Fatalf("init: %v\n%s", err, out)
	}
	if out, err := r.engine("apply", "-auto-approve", "-input=false", "-no-color"); err != nil {
		t.Fatalf("apply with one binding: %v\n%s", err, out)
	}
	r.env[len(r.env)-1] = fmt.Sprintf("TF_VAR_n=%d", recoveryBindings)
	return r
}

// leftovers are the bindings of the count on the platform that the state
// does not hold, by their import ID.
func (r *recoveryRun) leftovers() map[string]emulator.AdminBinding {
	inState := map[string]bool{}
	for _, s := range engineState(deadlineContext(r.t), r.t, r.dir, r.env) {
		inState[s.key()] = true
	}
	out := map[string]emulator.AdminBinding{}
	for _, b := range r.emu.Bindings("", r.m.mode) {
		id := b.SubscriptionID
		if r.m.mode == "AXYB" {
			if b.BNumber == "" {
				continue // the group
			}
			id += "/" + b.BNumber
		}
		if !inState[id] {
			out[id] = b
		}
	}
	return out
}

// indexOf is the count.index of a binding of the configuration, from its A (AXYB member: its B).
func indexOf(b emulator.AdminBinding) string {
	n := strings.TrimPrefix(b.ANumber, "+8613802")
	if b.BNumber != "" {
		n = strings.TrimPrefix(b.BNumber, "+8613902")
	}
	if i := strings.TrimLeft(n, "0"); i != "" {
		return i
	}
	return "0"
}

// killedApply starts an apply and kills the engine (SIGKILL) once the
// platform has committed the gate's number of binds; it returns the
// bindings left on the platform that no state holds.
func (r *recoveryRun) killedApply() map[string]emulator.AdminBinding {
	return r.stoppedApply(os.Kill)
}

// stoppedApply is killedApply with the given signal.
func (r *recoveryRun) stoppedApply(sig os.Signal) map[string]emulator.AdminBinding {
	r.t.Helper()
	cmd := exec.CommandContext(deadlineContext(r.t), os.Getenv("TF_ACC_TERRAFORM_PATH"), "apply", "-auto-approve", "-input=false", "-no-color", "-parallelism=4")
	cmd.Dir = r.dir
	cmd.Env = append(os.Environ(), r.env...)
	var out strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &out
	r.writeConfig(true)
	r.gate.arm()
	if err := cmd.Start(); err != nil {
		r.t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case <-r.gate.reached:
		if err := cmd.Process.Signal(sig); err != nil {
			r.t.Fatal(err)
		}
		if err := <-done; err == nil {
			r.t.Fatalf("the engine exited cleanly after %v", sig)
		}
	case err := <-done:
		r.t.Fatalf("the apply ended before the platform had the binds to kill it at: %v\n%s", err, out.String())
	}
	r.gate.close()
	r.writeConfig(false)
	r.killedOut = out.String()
	return r.leftovers()
}

func (r *recoveryRun) engine(args ...string) (string, error) {
	return runEngine(deadlineContext(r.t), r.dir, r.env, args...)
}

// converged fails the test unless the platform holds exactly the state's
// bindings (no orphan, no duplicate), want of them, and the next plan is empty.
func (r *recoveryRun) converged(want int) {
	r.t.Helper()
	state := engineState(deadlineContext(r.t), r.t, r.dir, r.env)
	orphans, missing, dups, err := comparePlatform(r.emu, r.m.mode, state)
	if err != nil {
		r.t.Fatalf("%v (orphans %v, missing %v, duplicates %v)", err, orphans, missing, dups)
	}
	if r.m.mode == "AXYB" {
		want++ // the group
	}
	if len(state) != want {
		r.t.Fatalf("the state holds %d bindings, want %d", len(state), want)
	}
	if out, err := r.engine("plan", "-detailed-exitcode", "-input=false", "-no-color"); err != nil {
		r.t.Fatalf("the plan after is not empty (%v):\n%s", err, tail(out, 40))
	}
}

const (
	recoveryBindings = 24
	recoveryX        = 3
	recoveryKillAt   = 9
)

// Without adopt_existing_bindings: the apply after a killed one fails once
// per binding left behind, each error naming its id and printing the import
// block; applying those import blocks converges, with an empty plan after.
func TestAccRecovery_killedApplyReportsEachLeftover(t *testing.T) {
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1")
	}
	for _, m := range recoveryModes() {
		t.Run(m.mode, func(t *testing.T) {
			r := newRecoveryRun(t, m, recoveryKillAt, "")
			left := r.killedApply()
			t.Logf("killed at the %d-th bind: %d bindings in no state", recoveryKillAt, len(left))
			if len(left) != recoveryKillAt {
				t.Fatalf("want %d bindings in no state after the kill, got %d; the killed apply printed:\n%s", recoveryKillAt, len(left), tail(r.killedOut, 40))
			}
			out, err := r.engine("apply", "-auto-approve", "-input=false", "-no-color", "-parallelism=4")
			if err == nil {
				t.Fatalf("the apply after the kill succeeded; want one error per leftover binding:\n%s", tail(out, 40))
			}
			if n := strings.Count(out, "Error: The "+m.noun+" already exists"); n != len(left) {
				t.Errorf("%d \"already exists\" errors, want %d (one per leftover):\n%s", n, len(left), tail(out, 80))
			}
			var imports []string
			for id, b := range left {
				re := wrapRE("exists on the platform as id "+id, "import {", "to = "+m.typ+".<name>", `id = "`+id+`"`)
				if !re.MatchString(out) {
					t.Errorf("no error names %s with its import block", id)
				}
				imports = append(imports, fmt.Sprintf("import {\n  to = %s.p[%s]\n  id = %q\n}\n", m.typ, indexOf(b), id))
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
		})
	}
}

// With adopt_existing_bindings: the apply after a killed one converges by
// itself, with an adoption warning, every leftover in the state, no orphan
// and no duplicate.
func TestAccRecovery_killedApplyAdoptsWithTheSetting(t *testing.T) {
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1")
	}
	for _, m := range recoveryModes() {
		t.Run(m.mode, func(t *testing.T) {
			r := newRecoveryRun(t, m, recoveryKillAt, "adopt_existing_bindings = true")
			left := r.killedApply()
			if len(left) != recoveryKillAt {
				t.Fatalf("want %d bindings in no state after the kill, got %d; the killed apply printed:\n%s", recoveryKillAt, len(left), tail(r.killedOut, 40))
			}
			out, err := r.engine("apply", "-auto-approve", "-input=false", "-no-color", "-parallelism=4")
			if err != nil {
				t.Fatalf("the apply after the kill: %v\n%s", err, tail(out, 60))
			}
			// The engine folds similar warnings into one ("and N more similar warnings"): one is
			// enough here; the platform and the state tell which were adopted.
			if !strings.Contains(out, "Warning: Adopted an existing "+m.noun) {
				t.Errorf("no adoption warning:\n%s", tail(out, 60))
			}
			r.converged(recoveryBindings)
			inState := map[string]bool{}
			for _, s := range engineState(deadlineContext(t), t, r.dir, r.env) {
				inState[s.key()] = true
			}
			for id := range left {
				if !inState[id] {
					t.Errorf("the leftover %s was not adopted", id)
				}
			}
		})
	}
}

// SIGINT in the middle of an apply: the engine stops the provider, whose
// binds in flight (committed on the platform, their answers held) are
// cancelled; each is settled by its natural key before the provider stops,
// so the state the engine saves and the platform agree: no orphan.
func TestAccRecovery_interruptedApplyLeavesNothingBehind(t *testing.T) {
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1")
	}
	for _, m := range recoveryModes() {
		t.Run(m.mode, func(t *testing.T) {
			r := newRecoveryRun(t, m, recoveryKillAt, "")
			r.gate.hang = true
			left := r.stoppedApply(os.Interrupt)
			onPlatform := len(r.emu.Bindings("", m.mode))
			t.Logf("SIGINT at the %d-th bind: %d bindings on the platform, %d in no state", recoveryKillAt, onPlatform, len(left))
			if onPlatform <= recoveryKillAt {
				t.Fatalf("%d bindings on the platform, want more than %d: a bind was in flight at the interrupt", onPlatform, recoveryKillAt)
			}
			if len(left) != 0 {
				t.Fatalf("%d bindings left behind by the interrupted apply; it printed:\n%s", len(left), tail(r.killedOut, 60))
			}
			if out, err := r.engine("apply", "-auto-approve", "-input=false", "-no-color", "-parallelism=4"); err != nil {
				t.Fatalf("the apply after the interrupt: %v\n%s", err, tail(out, 60))
			}
			r.converged(recoveryBindings)
		})
	}
}
