package probe

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/privnum/terraform-provider-privatenumber/internal/client"
	"github.com/privnum/terraform-provider-privatenumber/internal/emulator"
)

var update = flag.Bool("update", false, "rewrite the emulator's replay fixtures (internal/emulator/testdata/probe)")

// The dialects the provider's acceptance tests run in (dialects_test.go).
var testDialects = map[string]emulator.Dialect{
	"default":            {},
	"legacy_error_codes": {LegacyErrorCodes: true},
	"legacy_ax_codes":    {LegacyAXCodes: true},
	"empty_filter_miss":  {EmptyFilterMiss: true},
	"axyb_group_record":  {AXYBGroupRecord: true},
	"sparse_records":     {SparseRecords: true},
	"statuses":           {NotFoundStatus: 200, RateLimitStatus: 403},
	"all": {LegacyErrorCodes: true, LegacyAXCodes: true, EmptyFilterMiss: true, AXYBGroupRecord: true,
		SparseRecords: true, NotFoundStatus: 400, RateLimitStatus: 503},
}

// The numbers of the test platform; their last four digits differ, so that
// their masks differ too (the replay fixtures rely on it).
var (
	xNumbers = map[string][]string{
		"AX":   {"+8617000000001", "+8617000000002"},
		"AXB":  {"+8617000000101", "+8617000000102"},
		"AXE":  {"+8617000000201", "+8617000000202"},
		"AXYB": {"+8617000000301", "+8617000000302", "+8617000000303", "+8617000000304"},
	}
	aNumbers = []string{"+8613800000011", "+8613800000012"}
	bNumbers = []string{"+8613900000021"}
)

func secretOf(mode string) string { return "probe-" + strings.ToLower(mode) + "-secret-5f3a9c" }

// axQuotaBurst is the AX application's flow control: a bucket that lets the
// probe's own AX requests through and refuses the burst's (it refills so
// slowly that the test does not depend on timing).
const axQuotaBurst = 40

type platform struct {
	emu *emulator.Emulator
	srv *httptest.Server
}

func newPlatform(t *testing.T, d emulator.Dialect) *platform {
	t.Helper()
	cfg := emulator.Config{SkewSeconds: 300, Dialect: d}
	for _, mode := range []string{"AX", "AXB", "AXE", "AXYB"} {
		app := emulator.Application{Mode: mode, AppKey: "probe-" + strings.ToLower(mode) + "-app",
			AppSecret: secretOf(mode), Numbers: map[string][]string{"0755": xNumbers[mode]}}
		if mode == "AXE" {
			app.ExtensionDigits = 3
		}
		if mode == "AX" {
			app.Quota = &emulator.Quota{RequestsPerSecond: 0.001, Burst: axQuotaBurst}
		}
		cfg.Applications = append(cfg.Applications, app)
	}
	emu, err := emulator.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(emu)
	t.Cleanup(func() { srv.Close(); emu.Close() })
	return &platform{emu: emu, srv: srv}
}

func (p *platform) options(write bool, burst int) Options {
	opt := Options{Endpoint: p.srv.URL, Write: write, Burst: burst, ANumbers: aNumbers, BNumbers: bNumbers,
		RetryWait: 5 * time.Millisecond, RequestTimeout: 10 * time.Second}
	for _, mode := range []string{"AX", "AXB", "AXE", "AXYB"} {
		xs := xNumbers[mode]
		if mode == "AXYB" {
			xs = xs[:2] // the others are the Y pool
		}
		opt.Apps = append(opt.Apps, App{Mode: mode, AppKey: "probe-" + strings.ToLower(mode) + "-app",
			AppSecret: secretOf(mode), XNumbers: xs})
	}
	return opt
}

// held lists the platform's bindings (and AXYB members) by ID.
func (p *platform) held() []string {
	var out []string
	for _, b := range p.emu.Bindings("", "") {
		out = append(out, b.Mode+" "+b.SubscriptionID+" "+b.XNumber+" "+b.ANumber+" "+b.BNumber+" "+b.YNumber)
	}
	sort.Strings(out)
	return out
}

// bindOther makes a binding that is not the probe's (no marker), as the
// user's own use of the application would.
func (p *platform) bindOther(t *testing.T) {
	t.Helper()
	c, err := client.New(client.Config{Endpoint: p.srv.URL, AppKey: "probe-axb-app", AppSecret: secretOf("AXB")})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.BindAXB(context.Background(), client.AXBBindRequest{XNumber: xNumbers["AXB"][1],
		ANumber: "+8613700000031", BNumber: "+8613700000032", UserData: "not a test"}); err != nil {
		t.Fatal(err)
	}
}

func expectedReadings(d emulator.Dialect) map[string]string {
	pick := func(on bool, sw string) string {
		if on {
			return sw
		}
		return ReadingDefault
	}
	status := func(st, def int, sw string) string {
		if st == 0 || st == def {
			return ReadingDefault
		}
		return fmt.Sprintf("%s=%d", sw, st)
	}
	return map[string]string{
		"bad_digest":        pick(d.LegacyErrorCodes, "legacy_error_codes"),
		"wrong_method":      pick(d.LegacyErrorCodes, "legacy_error_codes"),
		"wrong_path":        ReadingDefault,
		"ax_conflict":       pick(d.LegacyAXCodes, "legacy_ax_codes"),
		"filter_miss":       pick(d.EmptyFilterMiss, "empty_filter_miss"),
		"not_found_status":  status(d.NotFoundStatus, http.StatusNotFound, "not_found_status"),
		"axyb_records":      pick(d.AXYBGroupRecord, "axyb_group_record"),
		"sparse_records":    pick(d.SparseRecords, "sparse_records"),
		"rate_limit_status": status(d.RateLimitStatus, http.StatusTooManyRequests, "rate_limit_status"),
	}
}

// TestProbeNamesEachDialect: run with -write and -burst against the emulator
// in each dialect, the probe names that dialect for every contested point,
// and leaves the platform holding exactly what it held before.
func TestProbeNamesEachDialect(t *testing.T) {
	for name, d := range testDialects {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			p := newPlatform(t, d)
			p.bindOther(t)
			before := p.held()
			rep := Run(context.Background(), p.options(true, 2*axQuotaBurst))
			want := expectedReadings(d)
			if len(rep.Points) != len(want) {
				t.Errorf("%d points, want %d", len(rep.Points), len(want))
			}
			for _, pt := range rep.Points {
				if pt.Reading != want[pt.Name] {
					t.Errorf("%s: reading %q, want %q (evidence: %s)", pt.Name, pt.Reading, want[pt.Name], pt.Evidence)
				}
			}
			if after := p.held(); strings.Join(after, "\n") != strings.Join(before, "\n") {
				t.Errorf("the platform held\n%s\nbefore the probe and\n%s\nafter it", strings.Join(before, "\n"), strings.Join(after, "\n"))
			}
			if len(rep.Leftovers) != 0 || rep.Interrupted {
				t.Errorf("leftovers %v, interrupted %v", rep.Leftovers, rep.Interrupted)
			}
		})
	}
}

// TestProbeReadOnlyChangesNothing: without -write the probe sends no bind,
// modify or unbind, and reports the write-only points as not probed.
func TestProbeReadOnlyChangesNothing(t *testing.T) {
	p := newPlatform(t, emulator.Dialect{})
	p.bindOther(t)
	rep := Run(context.Background(), p.options(false, 0))
	for _, x := range rep.Exchanges {
		if x.Method != http.MethodGet && x.Method != http.MethodPatch {
			t.Errorf("read-only run sent %s %s (%s)", x.Method, x.Path, x.Step)
		}
	}
	for name, want := range map[string]string{"ax_conflict": ReadingNotProbed, "axyb_records": ReadingNotProbed,
		"rate_limit_status": ReadingNotProbed, "filter_miss": ReadingDefault, "sparse_records": ReadingDefault, "bad_digest": ReadingDefault} {
		if got := rep.Reading(name); got != want {
			t.Errorf("%s: %q, want %q", name, got, want)
		}
	}
	if st := p.emu.Stats(); st.Requests["AXB.bind"] != 1 || st.Requests["AX.bind"]+st.Requests["AXB.unbind"] != 0 {
		t.Errorf("platform requests %v", st.Requests)
	}
}

// interruptingTransport forwards requests; at the n-th write (any method
// but GET) it calls cancel first, as a SIGINT arriving while that request
// is on its way would.
type interruptingTransport struct {
	n      int
	cancel context.CancelFunc
	mu     sync.Mutex
	writes int
	// lose, when set, drops the answer of the n-th write after the platform
	// applied it (an answer lost on the way back) instead of interrupting.
	lose bool
}

func (tr *interruptingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	tr.mu.Lock()
	hit := false
	if req.Method != http.MethodGet {
		tr.writes++
		hit = tr.writes == tr.n
	}
	tr.mu.Unlock()
	if hit && !tr.lose {
		tr.cancel()
	}
	resp, err := http.DefaultTransport.RoundTrip(req)
	if hit && tr.lose && err == nil {
		resp.Body.Close()
		return nil, errors.New("connection reset by peer (test: answer lost)")
	}
	return resp, err
}

// TestProbeInterruptedMidWrite: an interrupt (the context cancelled) at each
// write of a -write run in turn stops the run, and the platform holds
// exactly the bindings it held before.
func TestProbeInterruptedMidWrite(t *testing.T) {
	for n := 1; ; n++ {
		p := newPlatform(t, emulator.Dialect{})
		p.bindOther(t)
		before := p.held()
		ctx, cancel := context.WithCancel(context.Background())
		tr := &interruptingTransport{n: n, cancel: cancel}
		opt := p.options(true, 0)
		opt.HTTPClient = &http.Client{Transport: tr}
		rep := Run(ctx, opt)
		cancel()
		if tr.writes < n {
			if n < 8 {
				t.Fatalf("only %d writes in a -write run", tr.writes)
			}
			return // every write has been the interrupted one
		}
		if !rep.Interrupted {
			t.Errorf("interrupt at write %d: the report does not say interrupted", n)
		}
		if after := p.held(); strings.Join(after, "\n") != strings.Join(before, "\n") {
			t.Fatalf("interrupt at write %d: the platform held\n%s\nbefore and\n%s\nafter", n,
				strings.Join(before, "\n"), strings.Join(after, "\n"))
		}
		if len(rep.Leftovers) != 0 {
			t.Errorf("interrupt at write %d: leftovers %v", n, rep.Leftovers)
		}
	}
}

// TestProbeLostBindAnswer: when a bind's answer is lost after the platform
// applied it, the probe finds the binding by its X and A and unbinds it; an
// AXYB group whose records do not name it (the guide's reading) is reported
// as left, and expires by itself.
func TestProbeLostBindAnswer(t *testing.T) {
	for _, d := range []emulator.Dialect{{}, {AXYBGroupRecord: true}, {SparseRecords: true, EmptyFilterMiss: true}} {
		for n := 1; n < 30; n++ {
			p := newPlatform(t, d)
			before := p.held()
			tr := &interruptingTransport{n: n, lose: true}
			opt := p.options(true, 0)
			opt.HTTPClient = &http.Client{Transport: tr}
			rep := Run(context.Background(), opt)
			if tr.writes < n {
				break
			}
			lostStep := ""
			for _, x := range rep.Exchanges {
				if x.Error != "" {
					lostStep = x.Step
				}
			}
			if lostStep == "AXYB group bind" && !d.AXYBGroupRecord {
				if len(rep.Leftovers) != 1 || !strings.Contains(rep.Leftovers[0], "expires by itself") {
					t.Fatalf("%+v lost AXYB group answer: leftovers %v", d, rep.Leftovers)
				}
				p.emu.AdvanceClock((probeLifetimeSeconds + 1) * time.Second)
			} else if len(rep.Leftovers) != 0 {
				t.Errorf("%+v answer of write %d (%s) lost: leftovers %v", d, n, lostStep, rep.Leftovers)
			}
			if after := p.held(); strings.Join(after, "\n") != strings.Join(before, "\n") {
				t.Fatalf("%+v answer of write %d (%s) lost: the platform held\n%s\nbefore and\n%s\nafter", d, n, lostStep,
					strings.Join(before, "\n"), strings.Join(after, "\n"))
			}
		}
	}
}

// digestRecorder remembers every PasswordDigest and X-AKSK header sent.
type digestRecorder struct {
	mu      sync.Mutex
	digests []string
}

var digestRe = regexp.MustCompile(`PasswordDigest="([^"]+)"`)

func (d *digestRecorder) RoundTrip(req *http.Request) (*http.Response, error) {
	if m := digestRe.FindStringSubmatch(req.Header.Get("X-AKSK")); m != nil {
		d.mu.Lock()
		d.digests = append(d.digests, m[1])
		d.mu.Unlock()
	}
	return http.DefaultTransport.RoundTrip(req)
}

// TestTranscriptHoldsNoSecret: the transcript file of a -write run holds no
// full phone number, no app key or secret, no digest and no auth header.
func TestTranscriptHoldsNoSecret(t *testing.T) {
	p := newPlatform(t, emulator.Dialect{AXYBGroupRecord: true})
	p.bindOther(t)
	rec := &digestRecorder{}
	opt := p.options(true, 0)
	opt.HTTPClient = &http.Client{Transport: rec}
	rep := Run(context.Background(), opt)
	var buf strings.Builder
	if err := rep.WriteJSON(&buf); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	if !strings.Contains(out, client.MaskNumber(aNumbers[0])) || len(rep.Exchanges) < 20 {
		t.Fatalf("the transcript lacks the exchanges (%d) or the masked numbers", len(rep.Exchanges))
	}
	forbidden := append(append(append([]string{}, aNumbers...), bNumbers...), "+8613700000031", "+8613700000032",
		`PasswordDigest="`, `Nonce="`, "X-AKSK", "AKSK realm", "UsernameToken")
	for _, mode := range []string{"AX", "AXB", "AXE", "AXYB"} {
		forbidden = append(forbidden, xNumbers[mode]...)
		forbidden = append(forbidden, secretOf(mode), "probe-"+strings.ToLower(mode)+"-app")
		for _, x := range xNumbers[mode] {
			forbidden = append(forbidden, strings.TrimPrefix(x, "+"), x[3:]) // without + or country code
		}
	}
	if len(rec.digests) == 0 {
		t.Fatal("no digest recorded")
	}
	forbidden = append(forbidden, rec.digests...)
	for _, f := range forbidden {
		if strings.Contains(out, f) {
			t.Errorf("the transcript holds %q", f)
		}
	}
	var text strings.Builder
	if err := rep.WriteText(&text); err != nil {
		t.Fatal(err)
	}
	for _, f := range forbidden {
		if strings.Contains(text.String(), f) {
			t.Errorf("the printed report holds %q", f)
		}
	}
}

// TestRecordReplayFixtures records -write transcripts against the emulator
// for the emulator's replay test (internal/emulator/replay_test.go). With
// -update it rewrites them; without, it checks that they exist and parse.
func TestRecordReplayFixtures(t *testing.T) {
	dir := filepath.Join("..", "emulator", "testdata", "probe")
	for _, name := range []string{"default", "all"} {
		path := filepath.Join(dir, name+".json")
		if !*update {
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test ./internal/probe -run TestRecordReplayFixtures -update)", err)
			}
			var rep Report
			if err := json.Unmarshal(data, &rep); err != nil || len(rep.Exchanges) == 0 {
				t.Fatalf("%s: %v, %d exchanges", path, err, len(rep.Exchanges))
			}
			continue
		}
		d := testDialects[name]
		d.RateLimitStatus = 0 // no burst: the replay has no quota
		p := newPlatform(t, d)
		rep := Run(context.Background(), p.options(true, 0))
		rep.StartedAt = time.Time{}
		for i := range rep.Exchanges {
			rep.Exchanges[i].DurationMS = 0
		}
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		f, err := os.Create(path)
		if err != nil {
			t.Fatal(err)
		}
		if err := rep.WriteJSON(f); err != nil {
			t.Fatal(err)
		}
		if err := f.Close(); err != nil {
			t.Fatal(err)
		}
	}
}
