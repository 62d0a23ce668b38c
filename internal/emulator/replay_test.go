package emulator

import (
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// Transcripts of the wire probe (cmd/privatenumber-probe) replayed as
// fixtures: every exchange is sent again to an emulator in the dialect the
// probe named, and the emulator's answers must match the recorded ones,
// modulo binding IDs, times and the numbers the platform picks. The fixtures
// in testdata/probe are recorded from the emulator itself (internal/probe
// TestRecordReplayFixtures -update); a transcript sent back from a live run
// (a run that started with no binding on its numbers) can be dropped in
// beside them to see where the emulator answers differently.
//
// The transcript's numbers are masked ("+86*******0101"); the replay fills the
// hidden digits with a fixed pattern, so numbers stay distinct as long as
// their last four digits are.

type probeFixture struct {
	Points []struct {
		Name    string `json:"name"`
		Switch  string `json:"switch"`
		Reading string `json:"reading"`
	} `json:"points"`
	Exchanges []probeExchange `json:"exchanges"`
}

type probeExchange struct {
	Seq    int               `json:"seq"`
	Step   string            `json:"step"`
	Mode   string            `json:"mode"`
	Auth   string            `json:"auth"`
	Method string            `json:"method"`
	Path   string            `json:"path"`
	Query  map[string]string `json:"query"`
	Body   map[string]any    `json:"request_body"`
	Status int               `json:"status"`
	Answer map[string]any    `json:"answer"`
	Error  string            `json:"error"`
}

var maskedRe = regexp.MustCompile(`^\+(\d{1,3})(\*+)(\d{4})$`)

// unmask fills a masked number's hidden digits with a fixed pattern.
func unmask(s string) string {
	m := maskedRe.FindStringSubmatch(s)
	if m == nil {
		return s
	}
	fill := strings.Repeat("1380000000000000", 2)[:len(m[2])]
	return "+" + m[1] + fill + m[3]
}

func unmaskValue(v any, ids map[string]string) any {
	switch t := v.(type) {
	case string:
		if id, ok := ids[t]; ok {
			return id
		}
		return unmask(t)
	case map[string]any:
		out := map[string]any{}
		for k, e := range t {
			out[k] = unmaskValue(e, ids)
		}
		return out
	case []any:
		out := make([]any, len(t))
		for i, e := range t {
			out[i] = unmaskValue(e, ids)
		}
		return out
	}
	return v
}

// dialectOf is the dialect the probe named in the fixture.
func dialectOf(t *testing.T, f probeFixture) Dialect {
	var d Dialect
	for _, p := range f.Points {
		name, value, _ := strings.Cut(p.Reading, "=")
		switch name {
		case "legacy_error_codes":
			d.LegacyErrorCodes = true
		case "legacy_ax_codes":
			d.LegacyAXCodes = true
		case "empty_filter_miss":
			d.EmptyFilterMiss = true
		case "axyb_group_record":
			d.AXYBGroupRecord = true
		case "sparse_records":
			d.SparseRecords = true
		case "not_found_status", "rate_limit_status":
			st, err := strconv.Atoi(value)
			if err != nil {
				t.Fatalf("point %s: reading %q", p.Name, p.Reading)
			}
			if name == "not_found_status" {
				d.NotFoundStatus = st
			} else {
				d.RateLimitStatus = st
			}
		}
	}
	return d
}

// xParams are the parameters and answer fields that carry an application's own numbers.
var xParams = map[string][]string{
	"AX": {"privateNum"}, "AXB": {"relationNum"}, "AXE": {"virtualNum"},
	"AXYB": {"relationNum", "relationNumber", "numX", "numY"},
}

// replayConfig gives each mode an application owning every X number the transcript names.
func replayConfig(f probeFixture, d Dialect) Config {
	nums := map[string]map[string]bool{}
	collect := func(mode string, m map[string]any) {
		for _, k := range xParams[mode] {
			if s, ok := m[k].(string); ok && s != "" {
				nums[mode][unmask(s)] = true
			}
		}
	}
	for _, x := range f.Exchanges {
		if nums[x.Mode] == nil {
			nums[x.Mode] = map[string]bool{}
		}
		q := map[string]any{}
		for k, v := range x.Query {
			q[k] = v
		}
		collect(x.Mode, q)
		collect(x.Mode, x.Body)
		collect(x.Mode, x.Answer)
		for _, l := range x.Answer {
			if list, ok := l.([]any); ok {
				for _, r := range list {
					if m, ok := r.(map[string]any); ok {
						collect(x.Mode, m)
					}
				}
			}
		}
	}
	cfg := Config{SkewSeconds: 300, Dialect: d}
	for _, mode := range sortedKeys(nums) {
		app := Application{Mode: mode, AppKey: "replay-" + strings.ToLower(mode) + "-app",
			AppSecret: "replay-secret", Numbers: map[string][]string{"0755": sortedKeys(nums[mode])}}
		if mode == "AXE" {
			app.ExtensionDigits = 3
		}
		cfg.Applications = append(cfg.Applications, app)
	}
	return cfg
}

func TestReplayProbeTranscripts(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("testdata", "probe", "*.json"))
	if len(files) == 0 {
		t.Fatal("no probe transcripts in testdata/probe")
	}
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			data, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			var f probeFixture
			if err := json.Unmarshal(data, &f); err != nil {
				t.Fatal(err)
			}
			d := dialectOf(t, f)
			e, err := New(replayConfig(f, d))
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(e.Close)
			ids := map[string]string{}
			for _, x := range f.Exchanges {
				if x.Error != "" {
					continue // no answer was recorded
				}
				got := replayOne(t, e, x, ids)
				if diff := compareAnswer("", x.Answer, got.body, ids); diff != "" || got.status != x.Status {
					t.Errorf("exchange %d (%s %s, %s): recorded HTTP %d, the emulator in %+v answers HTTP %d: %s\nrecorded: %v\nemulator: %s",
						x.Seq, x.Mode, x.Step, x.Method, x.Status, d, got.status, diff, x.Answer, got.raw)
				}
			}
		})
	}
}

// replayOne sends one recorded exchange again, signed by the replay's application.
func replayOne(t *testing.T, e *Emulator, x probeExchange, ids map[string]string) resp {
	t.Helper()
	key, secret := "replay-"+strings.ToLower(x.Mode)+"-app", "replay-secret"
	q := url.Values{}
	for k, v := range x.Query {
		q.Set(k, unmaskValue(v, ids).(string))
	}
	if x.Mode == "AXYB" {
		q.Set("app_key", key) // the transcript leaves the app key out
	}
	if x.Auth == "wrong_digest" {
		secret += "-wrong"
	}
	var body any
	if x.Body != nil {
		body = unmaskValue(x.Body, ids)
	}
	req := httptest.NewRequest(x.Method, x.Path+"?"+q.Encode(), strings.NewReader(jsonString(t, body)))
	req.RemoteAddr = "192.0.2.9:1234"
	req.Header.Set("Content-Type", "application/json;charset=UTF-8")
	req.Header.Set("Authorization", `AKSK realm="SDP",profile="UsernameToken",type="Appkey"`)
	req.Header.Set("X-AKSK", sign(key, secret, e.clock(), newNonce()))
	w := httptest.NewRecorder()
	e.ServeHTTP(w, req)
	r := resp{status: w.Code, raw: w.Body.String()}
	_ = json.Unmarshal(w.Body.Bytes(), &r.body)
	learnIDs(x.Answer, r.body, ids)
	return r
}

func jsonString(t *testing.T, v any) string {
	if v == nil {
		return ""
	}
	data, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// learnIDs maps the IDs of a recorded answer to the replay's.
func learnIDs(rec, got map[string]any, ids map[string]string) {
	for _, k := range []string{"subscriptionId", "bindId"} {
		if r, ok := rec[k].(string); ok && r != "" {
			if g, ok := got[k].(string); ok {
				ids[r] = g
			}
		}
	}
}

// Answer fields compared by presence only: times, and the numbers and
// extensions the platform picks.
var presenceOnly = map[string]bool{"subscribeTime": true, "relationNumber": true, "numX": true, "numY": true,
	"extendNum": true, "resultdesc": true}

// compareAnswer reports the first difference between a recorded answer and
// the emulator's ("" if none), following IDs through ids.
func compareAnswer(path string, rec, got any, ids map[string]string) string {
	switch r := rec.(type) {
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok {
			return fmt.Sprintf("%s: want an object", path)
		}
		keys := map[string]bool{}
		for k := range r {
			keys[k] = true
		}
		for k := range g {
			keys[k] = true
		}
		sorted := sortedKeys(keys)
		sort.Strings(sorted)
		for _, k := range sorted {
			rv, rok := r[k]
			gv, gok := g[k]
			switch {
			case rok != gok:
				return fmt.Sprintf("%s.%s: recorded present=%v, emulator present=%v", path, k, rok, gok)
			case presenceOnly[k]:
			case k == "subscriptionId" || k == "bindId":
				s, _ := rv.(string)
				if _, known := ids[s]; !known {
					ids[s], _ = gv.(string) // first sighting (an AXYB member's bindId comes only in queries)
				}
				if ids[s] != gv {
					return fmt.Sprintf("%s.%s: a different binding", path, k)
				}
			default:
				if d := compareAnswer(path+"."+k, rv, gv, ids); d != "" {
					return d
				}
			}
		}
		return ""
	case []any:
		g, ok := got.([]any)
		if !ok || len(g) != len(r) {
			return fmt.Sprintf("%s: recorded %d records, emulator %v", path, len(r), got)
		}
		for i := range r {
			if d := compareAnswer(fmt.Sprintf("%s[%d]", path, i), r[i], g[i], ids); d != "" {
				return d
			}
		}
		return ""
	case string:
		if unmask(r) != got {
			return fmt.Sprintf("%s: recorded %q, emulator %v", path, r, got)
		}
		return ""
	}
	if fmt.Sprint(rec) != fmt.Sprint(got) {
		return fmt.Sprintf("%s: recorded %v, emulator %v", path, rec, got)
	}
	return ""
}
