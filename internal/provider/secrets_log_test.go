package provider

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"
)

// TestAccSecretsStayOutOfLogsAndState runs the provider the way users do (a
// separate plugin process started by the engine through dev_overrides) with
// TF_LOG=trace, and checks that the app secret, any PasswordDigest and any full
// phone number appear nowhere in the engine's and provider's log output, and
// that the secret is not in the state or the plan output.
func TestAccSecretsStayOutOfLogsAndState(t *testing.T) {
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1")
	}
	env := newAccEnv(t)
	ctx := deadlineContext(t) // the build and the engine may take as long as a busy machine needs

	dir := t.TempDir()
	pluginDir := filepath.Join(dir, "plugin")
	_, file, _, _ := runtime.Caller(0)
	root := filepath.Join(filepath.Dir(file), "..", "..")
	build := exec.CommandContext(ctx, "go", "build", "-o", filepath.Join(pluginDir, "terraform-provider-privatenumber"), ".")
	build.Dir = root
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("building the provider: %v\n%s", err, out)
	}
	cliConfig := filepath.Join(dir, "cli.tfrc")
	writeFile(t, cliConfig, fmt.Sprintf(`provider_installation {
  dev_overrides {
    "registry.opentofu.org/privnum/privatenumber"   = %q
    "registry.terraform.io/privnum/privatenumber"   = %q
  }
  direct {}
}
`, pluginDir, pluginDir))

	secret := testAppKey("AXB") + testSecretSuffix
	aNumber, bNumber := "+8613812345678", "+8613987654321"
	xNumber := testNumber("AXB", "0755", 3)
	writeFile(t, filepath.Join(dir, "main.tf"), fmt.Sprintf(`
terraform {
  required_providers {
    privatenumber = { source = "privnum/privatenumber" }
  }
}

provider "privatenumber" {
  endpoint = %q
  app_key  = %q
  # app_secret from PRIVATENUMBER_APP_SECRET, as pipelines do
}

resource "privatenumber_axb_binding" "pair" {
  x_number         = %q
  a_number         = %q
  b_number         = %q
  lifetime         = "1h"
}

resource "privatenumber_axb_binding" "by_area" {
  area_code = "010"
  a_number  = "+8613711112222"
  b_number  = "+8613633334444"
}
`, env.server.URL, testAppKey("AXB"), xNumber, aNumber, bNumber))

	logFile := filepath.Join(dir, "trace.log")
	engineEnv := []string{
		"TF_CLI_CONFIG_FILE=" + cliConfig,
		"TF_LOG=trace",
		"TF_LOG_PATH=" + logFile,
		"TF_IN_AUTOMATION=1",
		EnvAppSecret + "=" + secret,
	}
	var outputs strings.Builder
	for _, args := range [][]string{
		{"apply", "-auto-approve", "-input=false", "-no-color"},
		{"plan", "-input=false", "-no-color", "-detailed-exitcode"},
		{"destroy", "-auto-approve", "-input=false", "-no-color"},
	} {
		out, err := runEngine(ctx, dir, engineEnv, args...)
		outputs.WriteString(out)
		if err != nil {
			t.Fatalf("%s: %v\n%s", args[0], err, out)
		}
	}
	if err := env.checkDestroyed(nil); err != nil {
		t.Error(err)
	}

	logs, err := os.ReadFile(logFile)
	if err != nil {
		t.Fatal(err)
	}
	if len(logs) < 10000 || !strings.Contains(string(logs), "privatenumber") {
		t.Fatalf("the trace log is too small (%d bytes) to prove anything", len(logs))
	}
	if !strings.Contains(string(logs), "AXB.bind") {
		t.Errorf("the trace log has no client request lines (operation AXB.bind); is the client's logging connected?")
	}
	state, _ := os.ReadFile(filepath.Join(dir, "terraform.tfstate"))
	backup, _ := os.ReadFile(filepath.Join(dir, "terraform.tfstate.backup"))

	// Every number the run used, X numbers included, in full.
	numbers := []string{aNumber, bNumber, xNumber, "+8613711112222", "+8613633334444"}
	for name, text := range map[string]string{"trace log": string(logs), "engine output": outputs.String()} {
		if strings.Contains(text, secret) {
			t.Errorf("the app secret appears in the %s", name)
		}
		if m := regexp.MustCompile(`PasswordDigest="?[A-Za-z0-9+/=]{20,}`).FindString(text); m != "" {
			t.Errorf("a PasswordDigest appears in the %s: %q", name, m)
		}
		if name == "trace log" {
			for _, n := range numbers {
				if i := strings.Index(text, n); i >= 0 {
					t.Errorf("full number %s appears in the %s: %q", n, name, excerpt(text, i))
				}
			}
		}
	}
	for name, text := range map[string]string{"state": string(state), "state backup": string(backup)} {
		if strings.Contains(text, secret) {
			t.Errorf("the app secret appears in the %s", name)
		}
	}
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
}

func excerpt(s string, i int) string {
	lo, hi := max(0, i-120), min(len(s), i+60)
	return s[lo:hi]
}
