package emulator

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestDefaultConfig(t *testing.T) {
	c := DefaultConfig()
	if err := c.Validate(); err != nil {
		t.Fatal(err)
	}
	total := 0
	want := map[string]string{"AX": "demo-ax-app", "AXB": "demo-axb-app", "AXE": "demo-axe-app", "AXYB": "demo-axyb-app"}
	for _, a := range c.Applications {
		if want[a.Mode] != a.AppKey || a.AppSecret != strings.TrimSuffix(a.AppKey, "-app")+"-secret" {
			t.Fatalf("app %+v", a)
		}
		for _, nums := range a.Numbers {
			total += len(nums)
		}
	}
	if total < 20 || c.SkewSeconds != 300 || c.LatencyMS != 0 || c.Applications[2].ExtensionDigits != 3 {
		t.Fatalf("config %+v", c)
	}
	if c.Applications[0].Numbers["0755"][0] != "+8617000000001" || c.Applications[3].Numbers["010"][5] != "+8617100000306" {
		t.Fatalf("numbers %v", c.Applications)
	}
}

func TestLoadConfigErrors(t *testing.T) {
	app := func(extra string) string {
		return `{"mode":"AX","app_key":"a","app_secret":"s","numbers":{"0755":["+8617000000001"]}` + extra + `}`
	}
	cases := map[string]string{
		`{"applications":[` + app("") + `,{"mode":"XYZ","app_key":"b","app_secret":"s","numbers":{"010":["+8617000000002"]}}]}`: "applications[1].mode: must be one of AX, AXB, AXE, AXYB",
		`{"applications":[]}`: "applications:",
		`{"applications":[{"mode":"AX","app_key":"","app_secret":"s","numbers":{"0755":["+8617000000001"]}}]}`:                        "applications[0].app_key",
		`{"applications":[{"mode":"AX","app_key":"a","app_secret":"","numbers":{"0755":["+8617000000001"]}}]}`:                        "applications[0].app_secret",
		`{"applications":[{"mode":"AX","app_key":"a","app_secret":"s","numbers":{"755":["+8617000000001"]}}]}`:                        `applications[0].numbers["755"]`,
		`{"applications":[{"mode":"AX","app_key":"a","app_secret":"s","numbers":{"0755":["8617000000001"]}}]}`:                        `applications[0].numbers["0755"][0]`,
		`{"applications":[{"mode":"AX","app_key":"a","app_secret":"s","numbers":{}}]}`:                                                "applications[0].numbers",
		`{"applications":[` + app(`,"extension_digits":3`) + `]}`:                                                                     "applications[0].extension_digits",
		`{"applications":[{"mode":"AXE","app_key":"a","app_secret":"s","numbers":{"0755":["+8617000000001"]},"extension_digits":5}]}`: "applications[0].extension_digits",
		`{"applications":[` + app("") + `,` + app("") + `]}`:                                                                          "applications[1].app_key",
		`{"applications":[` + app("") + `,{"mode":"AXB","app_key":"b","app_secret":"s","numbers":{"0755":["+8617000000001"]}}]}`:      `applications[1].numbers["0755"][0]`,
		`{"skew_seconds":-1,"applications":[` + app("") + `]}`:                                                                        "skew_seconds",
		`{"latency_ms":-1,"applications":[` + app("") + `]}`:                                                                          "latency_ms",
		`{"applicationz":[]}`: "unknown field",
		`{`:                   "unexpected EOF",
	}
	dir := t.TempDir()
	i := 0
	for cfg, want := range cases {
		i++
		path := filepath.Join(dir, fmt.Sprintf("c%d.json", i))
		if err := os.WriteFile(path, []byte(cfg), 0o600); err != nil {
			t.Fatal(err)
		}
		_, err := LoadConfig(path)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: got %v, want %q", cfg, err, want)
		}
	}
	path := filepath.Join(dir, "ok.json")
	_ = os.WriteFile(path, []byte(`{"applications":[`+app("")+`]}`), 0o600)
	if c, err := LoadConfig(path); err != nil || c.Applications[0].AppKey != "a" {
		t.Fatalf("good config: %v", err)
	}
	if _, err := New(Config{}); err == nil {
		t.Fatal("New accepted an empty config")
	}
}

// TestConcurrent runs API, admin and clock calls at once (meant for -race).
func TestConcurrent(t *testing.T) {
	e := newEmu(t)
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for i := 0; i < 25; i++ {
				a, b := fmt.Sprintf("+8613%d%08d", g, i), fmt.Sprintf("+8615%d%08d", g, i)
				r := doReq(t, e, "AXB", "POST", pathAXB, "", map[string]any{"areaCode": "0755", "areaMatchMode": "1", "callerNum": a, "calleeNum": b, "duration": 30})
				if r.code() != "0" {
					t.Errorf("bind: %s", r.raw)
					return
				}
				doReq(t, e, "AXB", "GET", pathAXB, q("subscriptionId", str(r.body["subscriptionId"])), nil)
				doReq(t, e, "AXE", "POST", pathAXE, "", map[string]any{"bindNum": a, "areaCode": "010"})
				e.Bindings("", "")
				e.Stats()
				if i%10 == 0 {
					e.AdvanceClock(time.Second)
				}
			}
		}(g)
	}
	wg.Wait()
	if s := e.Stats(); s.Requests["AXB.bind"] != 200 {
		t.Fatalf("stats %+v", s.Requests)
	}
}
