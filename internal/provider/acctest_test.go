package provider

// The acceptance-test harness: every test starts its own emulator in-process
// (httptest) and drives a real engine (OpenTofu by default) against it.

import (
	"bytes"
	"context"
	"fmt"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/privnum/terraform-provider-privatenumber/internal/emulator"
)

// The keys of the test emulator's applications, one per mode.
const (
	testSecretSuffix = "-secret-0123456789abcdef"
)

func TestMain(m *testing.M) {
	if os.Getenv("TF_ACC") != "" {
		cleanup, err := prepareEngine()
		if err != nil {
			fmt.Fprintln(os.Stderr, "acceptance tests: "+err.Error())
			os.Exit(1)
		}
		code := m.Run()
		cleanup()
		os.Exit(code)
	}
	os.Exit(m.Run())
}

// prepareEngine chooses the engine explicitly (never whatever is on PATH),
// prints it, and neutralises the machine's CLI configuration.
func prepareEngine() (cleanup func(), err error) {
	enginePath := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if enginePath == "" {
		_, file, _, _ := runtime.Caller(0)
		script := filepath.Join(filepath.Dir(file), "..", "..", "scripts", "engine.sh")
		cmd := exec.Command(script, "tofu")
		cmd.Stderr = os.Stderr
		out, err := cmd.Output()
		if err != nil {
			return nil, fmt.Errorf("locating the engine with %s: %w", script, err)
		}
		enginePath = strings.TrimSpace(string(out))
		os.Setenv("TF_ACC_TERRAFORM_PATH", enginePath)
	}
	// A TF_CLI_CONFIG_FILE pointing at a missing file breaks the harness: use an empty one of our own.
	cfgDir, err := os.MkdirTemp("", "privatenumber-acc-cli")
	if err != nil {
		return nil, err
	}
	cleanup = func() { os.RemoveAll(cfgDir) }
	cliConfig := filepath.Join(cfgDir, "cli.tfrc")
	if err := os.WriteFile(cliConfig, nil, 0o600); err != nil {
		cleanup()
		return nil, err
	}
	os.Setenv("TF_CLI_CONFIG_FILE", cliConfig)
	version, err := exec.Command(enginePath, "version").Output()
	if err != nil {
		cleanup()
		return nil, fmt.Errorf("running %s version: %w", enginePath, err)
	}
	firstLine := strings.SplitN(strings.TrimSpace(string(version)), "\n", 2)[0]
	fmt.Fprintf(os.Stderr, "acceptance tests: engine %s (%s)\n", enginePath, firstLine)

	os.Unsetenv("TF_ACC_TERRAFORM_VERSION") // would download a release
	if strings.HasPrefix(firstLine, "OpenTofu") {
		os.Setenv("TF_ACC_PROVIDER_HOST", "registry.opentofu.org")
		os.Setenv("TF_ACC_PROVIDER_NAMESPACE", "hashicorp")
	}
	return cleanup, nil
}

// accEnv is one test's platform: an emulator with one application per mode.
type accEnv struct {
	t      *testing.T
	emu    *emulator.Emulator
	server *httptest.Server
}

// Test applications: keys are "test-<mode>-app". Numbers: 0755 and 010 pools
// of testPoolSize numbers each, per application, distinct across applications.
const testPoolSize = 8

func testAppKey(mode string) string { return "test-" + strings.ToLower(mode) + "-app" }

// testNumber returns the n-th X number (1-based) of a mode's pool in an area.
func testNumber(mode, area string, n int) string {
	modeDigit := map[string]int{"AX": 0, "AXB": 1, "AXE": 2, "AXYB": 3}[mode]
	prefix := "+86170"
	if area == "010" {
		prefix = "+86171"
	}
	return fmt.Sprintf("%s00000%d%02d", prefix, modeDigit, n)
}

func testEmulatorConfig() emulator.Config {
	cfg := emulator.Config{SkewSeconds: 300}
	for _, mode := range []string{"AX", "AXB", "AXE", "AXYB"} {
		app := emulator.Application{
			Mode:      mode,
			AppKey:    testAppKey(mode),
			AppSecret: testAppKey(mode) + testSecretSuffix,
			Numbers:   map[string][]string{},
		}
		if mode == "AXE" {
			app.ExtensionDigits = 3
		}
		for _, area := range []string{"0755", "010"} {
			for i := 1; i <= testPoolSize; i++ {
				app.Numbers[area] = append(app.Numbers[area], testNumber(mode, area, i))
			}
		}
		cfg.Applications = append(cfg.Applications, app)
	}
	return cfg
}

// newAccEnv starts an emulator for one test; it stops with the test.
func newAccEnv(t *testing.T) *accEnv {
	t.Helper()
	return newAccEnvWith(t, testEmulatorConfig())
}

// newAccEnvWith is newAccEnv with an emulator configuration of the test's own.
func newAccEnvWith(t *testing.T, cfg emulator.Config) *accEnv {
	t.Helper()
	emu, err := emulator.New(cfg)
	if err != nil {
		t.Fatalf("starting emulator: %v", err)
	}
	srv := httptest.NewServer(emu)
	t.Cleanup(func() {
		srv.Close()
		emu.Close()
	})
	return &accEnv{t: t, emu: emu, server: srv}
}

// providerConfig is a provider block for the application of mode.
func (e *accEnv) providerConfig(mode string) string {
	return fmt.Sprintf(`
provider "privatenumber" {
  endpoint   = %q
  app_key    = %q
  app_secret = %q
}
`, e.server.URL, testAppKey(mode), testAppKey(mode)+testSecretSuffix)
}

// factories serves the provider in-process.
func (e *accEnv) factories() map[string]func() (tfprotov6.ProviderServer, error) {
	return map[string]func() (tfprotov6.ProviderServer, error){
		"privatenumber": providerserver.NewProtocol6WithError(New("test")()),
	}
}

// platformRequests is the number of platform API requests the emulator has seen.
func (e *accEnv) platformRequests() int {
	n := 0
	for _, c := range e.emu.Stats().Requests {
		n += c
	}
	return n
}

// checkNoRequests fails when any platform request was made (validation must come first).
func (e *accEnv) checkNoRequests() func(*terraform.State) error {
	return func(*terraform.State) error {
		if n := e.platformRequests(); n != 0 {
			return fmt.Errorf("expected no platform requests, the emulator saw %d: %v", n, e.emu.Stats().Requests)
		}
		return nil
	}
}

// checkDestroyed is a CheckDestroy: the emulator holds no binding of any application.
func (e *accEnv) checkDestroyed(*terraform.State) error {
	if left := e.emu.Bindings("", ""); len(left) != 0 {
		ids := make([]string, 0, len(left))
		for _, b := range left {
			ids = append(ids, b.Mode+":"+b.SubscriptionID)
		}
		sort.Strings(ids)
		return fmt.Errorf("%d bindings left on the platform after destroy: %s", len(left), strings.Join(ids, ", "))
	}
	return nil
}

// runEngine runs the engine binary directly (for tests that need its raw output).
func runEngine(ctx context.Context, dir string, env []string, args ...string) (string, error) {
	cmd := exec.CommandContext(ctx, os.Getenv("TF_ACC_TERRAFORM_PATH"), args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	var out bytes.Buffer
	cmd.Stdout = &out
	cmd.Stderr = &out
	err := cmd.Run()
	return out.String(), err
}

// wrapRE matches the given phrases in order, in text the engine may have
// wrapped at any space: each space matches any run of white space.
func wrapRE(phrases ...string) *regexp.Regexp {
	parts := make([]string, len(phrases))
	for i, p := range phrases {
		parts[i] = strings.Join(strings.Fields(regexp.QuoteMeta(p)), `\s+`)
	}
	return regexp.MustCompile(`(?s)` + strings.Join(parts, `.*`))
}
