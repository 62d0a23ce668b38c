package main

import (
	"context"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/privnum/terraform-provider-privatenumber/internal/emulator"
)

func TestNoConfigurationSaysWhatIsMissing(t *testing.T) {
	var out, errOut strings.Builder
	if code := run(context.Background(), nil, func(string) string { return "" }, &out, &errOut); code != 2 {
		t.Fatalf("exit %d, want 2", code)
	}
	for _, want := range []string{"PRIVATENUMBER_LIVE_<MODE>_APP_KEY", "PRIVATENUMBER_LIVE_A_NUMBERS", "PRIVATENUMBER_LIVE_ENDPOINT"} {
		if !strings.Contains(errOut.String(), want) {
			t.Errorf("message %q does not name %s", errOut.String(), want)
		}
	}
	// make sweep-live and make testacc-live without configuration: one line, success.
	for _, sub := range []string{"sweep", "check"} {
		out.Reset()
		code := run(context.Background(), []string{sub}, func(string) string { return "" }, &out, &errOut)
		if want := map[string]int{"sweep": 0, "check": 3}[sub]; code != want || strings.Count(out.String(), "\n") != 1 ||
			!strings.Contains(out.String(), "PRIVATENUMBER_LIVE_<MODE>_APP_KEY") {
			t.Errorf("%s without configuration: exit %d (want %d), output %q", sub, code, want, out.String())
		}
	}
}

// TestProbeAndSweepAgainstEmulator runs the command as a user would, against
// the emulator's demo applications: a -write probe that leaves nothing
// behind and writes its transcript, then a dry-run sweep.
func TestProbeAndSweepAgainstEmulator(t *testing.T) {
	emu, err := emulator.New(emulator.DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(emu)
	t.Cleanup(func() { srv.Close(); emu.Close() })
	env := map[string]string{
		"PRIVATENUMBER_LIVE_ENDPOINT":        srv.URL,
		"PRIVATENUMBER_LIVE_AXB_APP_KEY":     "demo-axb-app",
		"PRIVATENUMBER_LIVE_AXB_APP_SECRET":  "demo-axb-secret",
		"PRIVATENUMBER_LIVE_AXB_X_NUMBERS":   "+8617000000101, +8617000000102",
		"PRIVATENUMBER_LIVE_A_NUMBERS":       "+8613800000011",
		"PRIVATENUMBER_LIVE_B_NUMBERS":       "+8613900000021",
		"PRIVATENUMBER_LIVE_AXE_APP_KEY":     "demo-axe-app", // set in part: reported, not used
		"PRIVATENUMBER_LIVE_AXYB_X_NUMBERS":  "",
		"PRIVATENUMBER_LIVE_AX_APP_SECRET":   "",
		"PRIVATENUMBER_LIVE_AXYB_APP_SECRET": "",
	}
	getenv := func(k string) string { return env[k] }
	transcript := filepath.Join(t.TempDir(), "t.json")
	var out, errOut strings.Builder
	if code := run(context.Background(), []string{"-write", "-transcript", transcript}, getenv, &out, &errOut); code != 0 {
		t.Fatalf("probe exit %d\n%s\n%s", code, out.String(), errOut.String())
	}
	if !strings.Contains(out.String(), "filter_miss        default") || len(emu.Bindings("", "")) != 0 {
		t.Errorf("report:\n%s\nbindings left: %v", out.String(), emu.Bindings("", ""))
	}
	data, err := os.ReadFile(transcript)
	if err != nil || !strings.Contains(string(data), `"AXB bind"`) || strings.Contains(string(data), "+8617000000101") {
		t.Errorf("transcript: %v\n%.300s", err, data)
	}
	out.Reset()
	if code := run(context.Background(), []string{"sweep"}, getenv, &out, &errOut); code != 0 {
		t.Fatalf("sweep exit %d: %s", code, errOut.String())
	}
	if !strings.Contains(out.String(), "0 bindings found") {
		t.Errorf("sweep: %s", out.String())
	}
}
