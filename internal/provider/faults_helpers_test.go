package provider

// Helpers of the failure-handling acceptance tests (faults_test.go): an
// emulator with larger number pools, a tally of what went over the wire
// (drops and client time-outs are invisible in the emulator's own stats), a
// hook that makes a binding vanish just before a request reaches the
// platform, and the comparison of the platform with the state.

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/go-hclog"
	"github.com/hashicorp/go-plugin"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"

	"github.com/privnum/terraform-provider-privatenumber/internal/emulator"
)

var faultModeDigit = map[string]int{"AX": 0, "AXB": 1, "AXE": 2, "AXYB": 3}

// faultNumber is the n-th X number (1-based) of a mode's pool in the fault
// tests' emulator, area 0755. Distinct from testNumber's numbers.
func faultNumber(mode string, n int) string {
	return fmt.Sprintf("+8617200%d%05d", faultModeDigit[mode], n)
}

// faultNumbers lists the first n X numbers of a mode's pool.
func faultNumbers(mode string, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = faultNumber(mode, i+1)
	}
	return out
}

// faultEmulatorConfig has one application per mode (keys as testAppKey),
// each with pool[mode] X numbers in area 0755.
func faultEmulatorConfig(pool map[string]int) emulator.Config {
	cfg := emulator.Config{SkewSeconds: 300}
	for _, mode := range []string{"AX", "AXB", "AXE", "AXYB"} {
		n := pool[mode]
		if n == 0 {
			n = 4
		}
		app := emulator.Application{
			Mode:      mode,
			AppKey:    testAppKey(mode),
			AppSecret: testAppKey(mode) + testSecretSuffix,
			Numbers:   map[string][]string{"0755": faultNumbers(mode, n)},
		}
		if mode == "AXE" {
			app.ExtensionDigits = 3
		}
		cfg.Applications = append(cfg.Applications, app)
	}
	return cfg
}

// faultEnv is one fault test's platform: the emulator behind a wire tally
// and a vanish hook.
type faultEnv struct {
	*accEnv
	tally  *wireTally
	vanish *vanishHook
}

func newFaultEnv(t *testing.T, pool map[string]int) *faultEnv {
	t.Helper()
	emu, err := emulator.New(faultEmulatorConfig(pool))
	if err != nil {
		t.Fatalf("starting emulator: %v", err)
	}
	f := &faultEnv{tally: newWireTally(), vanish: &vanishHook{emu: emu}}
	srv := httptest.NewServer(f.tally.wrap(f.vanish.wrap(emu)))
	t.Cleanup(func() {
		srv.Close()
		emu.Close()
	})
	f.accEnv = &accEnv{t: t, emu: emu, server: srv}
	return f
}

// providerBlock is the provider block for the mode's application; extra
// holds further arguments (retries, timeouts). Each configuration of the
// fault tests uses one mode and one provider block: the harness serves one
// in-process provider server per provider name, and every alias of a
// configuration would share it, so the last ConfigureProvider would win for
// every alias (and the framework's server races on it). Several aliases in
// one configuration are therefore not used here.
func (f *faultEnv) providerBlock(mode, extra string) string {
	return fmt.Sprintf(`
provider "privatenumber" {
  endpoint   = %q
  app_key    = %q
  app_secret = %q
%s
}
`, f.server.URL, testAppKey(mode), testAppKey(mode)+testSecretSuffix, extra)
}

// hclList is a list of strings in HCL.
func hclList(items []string) string {
	q := make([]string, len(items))
	for i, s := range items {
		q[i] = fmt.Sprintf("%q", s)
	}
	return "[" + strings.Join(q, ", ") + "]"
}

// registeredTypes is the set of resource type names the provider serves.
// The modes are finished in separate branches; a test skips the parts of
// modes whose resources are not registered yet and says so.
func registeredTypes() map[string]bool {
	ctx := context.Background()
	p := New("test")()
	var md provider.MetadataResponse
	p.Metadata(ctx, provider.MetadataRequest{}, &md)
	out := map[string]bool{}
	for _, f := range p.Resources(ctx) {
		var rm resource.MetadataResponse
		f().Metadata(ctx, resource.MetadataRequest{ProviderTypeName: md.TypeName}, &rm)
		out[rm.TypeName] = true
	}
	return out
}

// ------------------------------------------------------------ wire tally

// wireTally counts every platform request by operation (mode.verb) and how
// it ended: "ok", "rc:<resultcode>", "dropped" (the connection was closed
// without an answer: drop_response_after_commit or reset_before_commit), or
// "client_gone" (the client hung up before the answer: a time-out).
type wireTally struct {
	mu     sync.Mutex
	counts map[string]map[string]int
}

func newWireTally() *wireTally { return &wireTally{counts: map[string]map[string]int{}} }

// opName maps a platform request to the operation names of DESIGN.md.
func opName(r *http.Request) string {
	mode := ""
	switch {
	case strings.HasPrefix(r.URL.Path, "/rest/caas/relationnumber/"):
		mode = "AXB"
	case strings.HasPrefix(r.URL.Path, "/rest/provision/caas/privatenumber/"):
		mode = "AX"
	case strings.HasPrefix(r.URL.Path, "/rest/caas/extendnumber/"):
		mode = "AXE"
	case strings.HasPrefix(r.URL.Path, "/rest/omp/xyrelationnumber/"):
		mode = "AXYB"
	default:
		return "other"
	}
	verb := map[string]string{http.MethodPost: "bind", http.MethodDelete: "unbind", http.MethodPut: "modify", http.MethodGet: "query"}[r.Method]
	return mode + "." + verb
}

func (w *wireTally) add(op, outcome string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.counts[op] == nil {
		w.counts[op] = map[string]int{}
	}
	w.counts[op][outcome]++
}

// snapshot returns a copy of the counts and zeroes them.
func (w *wireTally) snapshot() map[string]map[string]int {
	w.mu.Lock()
	defer w.mu.Unlock()
	out := w.counts
	w.counts = map[string]map[string]int{}
	return out
}

func (w *wireTally) wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/emulator/") {
			next.ServeHTTP(rw, r)
			return
		}
		rec := &tallyWriter{ResponseWriter: rw}
		defer func() {
			outcome := "ok"
			switch {
			case rec.hijacked:
				outcome = "dropped"
			case r.Context().Err() != nil:
				outcome = "client_gone"
			default:
				var env struct {
					ResultCode string `json:"resultcode"`
				}
				if json.Unmarshal(rec.body.Bytes(), &env) == nil && env.ResultCode != "" && env.ResultCode != "0" {
					outcome = "rc:" + env.ResultCode
				}
			}
			w.add(opName(r), outcome)
		}()
		next.ServeHTTP(rec, r)
	})
}

type tallyWriter struct {
	http.ResponseWriter
	hijacked bool
	body     bytes.Buffer
}

func (t *tallyWriter) Write(p []byte) (int, error) {
	if t.body.Len() < 4096 {
		t.body.Write(p)
	}
	return t.ResponseWriter.Write(p)
}

func (t *tallyWriter) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	t.hijacked = true
	return t.ResponseWriter.(http.Hijacker).Hijack()
}

// faultSummary is what a fault test logs and checks.
type faultSummary struct {
	requests, bindRequests, bindRateLimited   int
	dropped, clientGone, rc1020002, rc1010010 int
	// clientRetries: answers the client retries by itself (rate limits of
	// any operation; 5xx, drops and time-outs of queries, unbinds and
	// modifies). bindUnknown: bind answers with an unknown outcome (5xx,
	// drop, time-out), which the client never retries: the resource looks
	// the binding up and adopts it or binds again.
	clientRetries, bindUnknown int
	// bindConflicts: binds answered 1012010/1016002. In these tests every
	// bind is for a binding that does not exist yet, so a conflict is a
	// re-send meeting an earlier send the platform applied late; the
	// resource adopts it (else the apply fails and the check finds an orphan).
	bindConflicts int
	byOp          map[string]map[string]int
}

func summarize(counts map[string]map[string]int) faultSummary {
	s := faultSummary{byOp: counts}
	for op, oc := range counts {
		for outcome, n := range oc {
			s.requests += n
			if strings.HasSuffix(op, ".bind") {
				s.bindRequests += n
				switch outcome {
				case "rc:1010010":
					s.bindRateLimited += n
				case "rc:1012010", "rc:1016002":
					s.bindConflicts += n
				}
			}
			bind := strings.HasSuffix(op, ".bind")
			switch outcome {
			case "rc:1010010":
				s.clientRetries += n
			case "dropped", "client_gone", "rc:1020002":
				if bind {
					s.bindUnknown += n
				} else {
					s.clientRetries += n
				}
			}
			switch outcome {
			case "dropped":
				s.dropped += n
			case "client_gone":
				s.clientGone += n
			case "rc:1020002":
				s.rc1020002 += n
			case "rc:1010010":
				s.rc1010010 += n
			}
		}
	}
	return s
}

func (s faultSummary) String() string {
	ops := make([]string, 0, len(s.byOp))
	for op := range s.byOp {
		ops = append(ops, op)
	}
	sort.Strings(ops)
	var b strings.Builder
	for _, op := range ops {
		outs := make([]string, 0, len(s.byOp[op]))
		for o, n := range s.byOp[op] {
			outs = append(outs, fmt.Sprintf("%s=%d", o, n))
		}
		sort.Strings(outs)
		fmt.Fprintf(&b, "\n    %-12s %s", op, strings.Join(outs, " "))
	}
	return b.String()
}

// ------------------------------------------------------------ vanish hook

// vanishHook deletes a binding from the emulator (as another system's unbind
// would) just before a request of the given method that names it reaches
// the platform: the binding is then gone after the engine's refresh and
// before the provider's unbind or modify, which is what a real user meets
// when someone unbinds it in the console in the middle of an apply.
type vanishHook struct {
	emu *emulator.Emulator

	mu     sync.Mutex
	method string          // http.MethodDelete (unbind) or http.MethodPut (modify)
	armed  map[string]bool // subscription IDs, or SUBSCRIPTION_ID/B for AXYB members
	fired  []string
}

// arm makes the next request of method naming one of keys delete it first.
func (v *vanishHook) arm(method string, keys ...string) {
	v.mu.Lock()
	defer v.mu.Unlock()
	v.method, v.armed, v.fired = method, map[string]bool{}, nil
	for _, k := range keys {
		v.armed[k] = true
	}
}

// disarm stops the hook and returns the keys it deleted.
func (v *vanishHook) disarm() []string {
	v.mu.Lock()
	defer v.mu.Unlock()
	fired := v.fired
	v.method, v.armed, v.fired = "", nil, nil
	return fired
}

func (v *vanishHook) wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		v.mu.Lock()
		active := v.method != "" && r.Method == v.method && len(v.armed) > 0
		v.mu.Unlock()
		if active {
			var body []byte
			if r.Body != nil {
				body, _ = io.ReadAll(r.Body)
				r.Body = io.NopCloser(bytes.NewReader(body))
			}
			v.maybeVanish(r, body)
		}
		next.ServeHTTP(w, r)
	})
}

func (v *vanishHook) maybeVanish(r *http.Request, body []byte) {
	params := map[string]string{}
	for k, vals := range r.URL.Query() {
		if len(vals) > 0 {
			params[k] = vals[0]
		}
	}
	var m map[string]any
	if json.Unmarshal(body, &m) == nil {
		for k, val := range m {
			if s, ok := val.(string); ok {
				params[k] = s
			}
		}
	}
	sub := params["subscriptionId"]
	if sub == "" {
		return
	}
	key := sub
	if b := params["bNum"]; b != "" {
		key = sub + "/" + b
	}
	v.mu.Lock()
	hit := v.armed[key]
	if hit {
		delete(v.armed, key)
		v.fired = append(v.fired, key)
	}
	v.mu.Unlock()
	if !hit {
		return
	}
	id := sub
	if b := params["bNum"]; b != "" {
		for _, e := range v.emu.Bindings("", "AXYB") {
			if e.SubscriptionID == sub && e.BNumber == b {
				id, _ = e.Fields["bindId"].(string)
			}
		}
	}
	_ = v.emu.DeleteBinding(id)
}

// ------------------------------------------------------------ platform vs state

// platformKeys is the set of bindings on the emulator: subscription IDs, and
// SUBSCRIPTION_ID/B for AXYB members, with the natural key of each (to find
// duplicates: two bindings of the same numbers).
func platformKeys(emu *emulator.Emulator, mode string) (keys map[string]string, duplicates []string) {
	keys = map[string]string{}
	natural := map[string][]string{}
	for _, b := range emu.Bindings("", mode) {
		key, nat := b.SubscriptionID, ""
		switch b.Mode {
		case "AXB":
			nat = "AXB:" + b.ANumber + "/" + b.BNumber
		case "AX":
			nat = "AX:" + b.ANumber + "@" + b.XNumber
		case "AXE":
			nat = "AXE:" + b.ANumber + "@" + b.XNumber
		case "AXYB":
			if b.BNumber != "" {
				key = b.SubscriptionID + "/" + b.BNumber
				nat = "AXYB-member:" + b.SubscriptionID + "/" + b.BNumber
			} else {
				nat = "AXYB:" + b.ANumber
			}
		}
		keys[key] = b.Mode
		natural[nat] = append(natural[nat], key)
	}
	for nat, ks := range natural {
		if len(ks) > 1 && !strings.HasPrefix(nat, "AXYB:") { // one A may own several AXYB groups
			duplicates = append(duplicates, fmt.Sprintf("%s: %v", nat, ks))
		}
	}
	sort.Strings(duplicates)
	return keys, duplicates
}

// stateBinding is one binding resource of the state.
type stateBinding struct {
	typ, id, bindingID, bNumber string
}

func (s stateBinding) key() string {
	if s.typ == "privatenumber_axyb_member" {
		return s.bindingID + "/" + s.bNumber
	}
	return s.id
}

// comparePlatform returns an error unless the platform holds exactly the
// bindings of the state (no orphan, none missing, no duplicate) among those
// of mode ("" = every mode), and what it found.
func comparePlatform(emu *emulator.Emulator, mode string, state []stateBinding) (orphans, missing, duplicates []string, err error) {
	plat, dups := platformKeys(emu, mode)
	inState := map[string]bool{}
	for _, s := range state {
		k := s.key()
		if inState[k] {
			dups = append(dups, "state twice: "+k)
		}
		inState[k] = true
		if plat[k] == "" {
			missing = append(missing, s.typ+" "+k)
		}
	}
	for k, mode := range plat {
		if !inState[k] {
			orphans = append(orphans, mode+" "+k)
		}
	}
	sort.Strings(orphans)
	sort.Strings(missing)
	if len(orphans)+len(missing)+len(dups) > 0 {
		err = fmt.Errorf("%s platform and state differ: %d orphans (on the platform, not in state) %v; %d missing (in state, not on the platform) %v; %d duplicates %v",
			mode, len(orphans), orphans, len(missing), missing, len(dups), dups)
	}
	return orphans, missing, dups, err
}

// ------------------------------------------------------------ engine with the in-process provider

// serveReattach serves the provider in this test process (so the race
// detector of `go test -race` watches it) and returns the value of
// TF_REATTACH_PROVIDERS that makes the engine use it, and the provider's
// source address. This is how terraform-plugin-testing runs its factories;
// doing it here lets the test run the engine with flags the harness does not
// expose (-parallelism).
func serveReattach(t *testing.T) (reattach, source string) {
	t.Helper()
	host := os.Getenv("TF_ACC_PROVIDER_HOST")
	if host == "" {
		host = "registry.terraform.io"
	}
	ns := os.Getenv("TF_ACC_PROVIDER_NAMESPACE")
	if ns == "" {
		ns = "hashicorp"
	}
	source = host + "/" + ns + "/privatenumber"

	ctx, cancel := context.WithCancel(context.Background())
	configCh := make(chan *plugin.ReattachConfig, 1)
	closeCh := make(chan struct{})
	serveErr := make(chan error, 1)
	go func() {
		serveErr <- tf6server.Serve(source, providerserver.NewProtocol6(New("test")()),
			tf6server.WithDebug(ctx, configCh, closeCh),
			tf6server.WithGoPluginLogger(hclog.NewNullLogger()),
			tf6server.WithoutLogStderrOverride(),
			// Provider logs follow TF_LOG / TF_ACC_LOG as under the harness,
			// instead of going to stderr at trace level.
			tf6server.WithLoggingSink(t))
	}()
	var cfg *plugin.ReattachConfig
	select {
	case cfg = <-configCh:
	case err := <-serveErr:
		cancel()
		t.Fatalf("serving the provider in-process: %v", err)
	case <-beforeDeadline(t):
		cancel()
		t.Fatal("serving the provider in-process: no reattach configuration before the test's deadline")
	}
	t.Cleanup(func() {
		cancel()
		select {
		case <-closeCh:
		case <-beforeDeadline(t):
			t.Log("the in-process provider server did not stop before the test's deadline")
		}
	})
	type addr struct{ Network, String string }
	type entry struct {
		Protocol        string
		ProtocolVersion int
		Pid             int
		Test            bool
		Addr            addr
	}
	e := entry{Protocol: string(cfg.Protocol), ProtocolVersion: cfg.ProtocolVersion, Pid: cfg.Pid, Test: true,
		Addr: addr{Network: cfg.Addr.Network(), String: cfg.Addr.String()}}
	data, err := json.Marshal(map[string]entry{source: e})
	if err != nil {
		t.Fatal(err)
	}
	return string(data), source
}

// beforeDeadline fires shortly before the test binary's deadline (go test
// -timeout), never earlier: waits for the engine or the provider may take
// as long as a busy machine needs, and a hang still fails with this test's
// own message rather than the run's panic. Without a deadline it never
// fires.
func beforeDeadline(t *testing.T) <-chan time.Time {
	deadline, ok := t.Deadline()
	if !ok {
		return nil
	}
	return time.After(max(time.Until(deadline)-30*time.Second, time.Until(deadline)*9/10))
}

// deadlineContext is a context that ends shortly before the test binary's
// deadline (see beforeDeadline).
func deadlineContext(t *testing.T) context.Context {
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	if ch := beforeDeadline(t); ch != nil {
		go func() {
			select {
			case <-ch:
				cancel()
			case <-ctx.Done():
			}
		}()
	}
	return ctx
}

// engineState lists the bindings of `show -json` in dir.
func engineState(ctx context.Context, t *testing.T, dir string, env []string) []stateBinding {
	t.Helper()
	out, err := runEngineStdout(ctx, dir, env, "show", "-json")
	if err != nil {
		t.Fatalf("show -json: %v\n%s", err, out)
	}
	var doc struct {
		Values struct {
			RootModule struct {
				Resources []struct {
					Type   string         `json:"type"`
					Values map[string]any `json:"values"`
				} `json:"resources"`
			} `json:"root_module"`
		} `json:"values"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("show -json: %v", err)
	}
	var list []stateBinding
	for _, r := range doc.Values.RootModule.Resources {
		str := func(k string) string { s, _ := r.Values[k].(string); return s }
		list = append(list, stateBinding{typ: r.Type, id: str("id"), bindingID: str("binding_id"), bNumber: str("b_number")})
	}
	return list
}

// runEngineStdout is runEngine with stdout alone (for -json output).
func runEngineStdout(ctx context.Context, dir string, env []string, args ...string) (string, error) {
	cmd := exec.CommandContext(ctx, os.Getenv("TF_ACC_TERRAFORM_PATH"), args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	if err != nil {
		return out.String() + errOut.String(), err
	}
	return out.String(), nil
}
