package main

import (
	"bufio"
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

func buildBinary(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "privatenumber-emulator")
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

func sign(key, secret string) string {
	created := time.Now().UTC().Format("2006-01-02T15:04:05Z")
	nonce := fmt.Sprintf("%d", time.Now().UnixNano())
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte(nonce + created))
	return fmt.Sprintf(`UsernameToken Username="%s", PasswordDigest="%s", Nonce="%s", Created="%s"`,
		key, base64.StdEncoding.EncodeToString(m.Sum(nil)), nonce, created)
}

// watchdog fires shortly before the test binary's own deadline (go test
// -timeout), never before: starting and stopping the binary may take as
// long as a busy machine needs, and a binary that hangs still fails with its
// own diagnostics rather than the test run's panic. Without a deadline it
// never fires.
func watchdog(t *testing.T) <-chan time.Time {
	deadline, ok := t.Deadline()
	if !ok {
		return nil
	}
	return time.After(max(time.Until(deadline)-10*time.Second, time.Until(deadline)*9/10))
}

// start runs the binary and returns its base URL once it printed the line.
func start(t *testing.T, bin string, args ...string) (*exec.Cmd, string, *bytes.Buffer) {
	t.Helper()
	cmd := exec.Command(bin, args...)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	lines := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
	}()
	select {
	case line := <-lines:
		if !strings.HasPrefix(line, "listening on http://127.0.0.1:") {
			t.Fatalf("first line %q", line)
		}
		go func() {
			for l := range lines {
				t.Errorf("extra stdout line %q", l)
			}
		}()
		return cmd, strings.TrimPrefix(line, "listening on "), &stderr
	case <-watchdog(t):
		t.Fatalf("no listening line; stderr: %s", stderr.String())
	}
	return nil, "", nil
}

func stop(t *testing.T, cmd *exec.Cmd) {
	t.Helper()
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("exit after SIGTERM: %v", err)
		}
	case <-watchdog(t):
		t.Fatal("no exit after SIGTERM")
	}
}

func bind(t *testing.T, base string) string {
	t.Helper()
	body := `{"relationNum":"+8617000000101","callerNum":"+8613800000001","calleeNum":"+8613900000002","duration":0}`
	req, _ := http.NewRequest("POST", base+"/rest/caas/relationnumber/partners/v1.0", strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json;charset=UTF-8")
	req.Header.Set("X-AKSK", sign("demo-axb-app", "demo-axb-secret"))
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var m map[string]any
	data, _ := io.ReadAll(res.Body)
	if err := json.Unmarshal(data, &m); err != nil || m["resultcode"] != "0" {
		t.Fatalf("bind: %d %s", res.StatusCode, data)
	}
	return m["subscriptionId"].(string)
}

func adminBindings(t *testing.T, base string) []any {
	t.Helper()
	res, err := http.Get(base + "/emulator/v1/bindings")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var m map[string][]any
	if err := json.NewDecoder(res.Body).Decode(&m); err != nil {
		t.Fatal(err)
	}
	return m["bindings"]
}

func TestBinary(t *testing.T) {
	bin := buildBinary(t)
	state := filepath.Join(t.TempDir(), "state.json")

	cmd, base, stderr := start(t, bin, "-listen", "127.0.0.1:0", "-state", state)
	sub := bind(t, base)
	if _, err := os.Stat(state); err != nil {
		t.Fatalf("state not written before the answer: %v", err)
	}
	stop(t, cmd)
	if !strings.Contains(stderr.String(), "demo-axyb-app") {
		t.Fatalf("applications table missing from stderr: %s", stderr.String())
	}

	// Bindings survive a restart with -state.
	cmd, base, _ = start(t, bin, "-listen", "127.0.0.1:0", "-state", state)
	b := adminBindings(t, base)
	if len(b) != 1 || b[0].(map[string]any)["subscription_id"] != sub {
		t.Fatalf("after restart: %v", b)
	}
	stop(t, cmd)

	// Without -state nothing survives.
	cmd, base, _ = start(t, bin, "-listen", "127.0.0.1:0")
	if b := adminBindings(t, base); len(b) != 0 {
		t.Fatalf("without state: %v", b)
	}
	stop(t, cmd)
}

func TestBinaryRefusals(t *testing.T) {
	bin := buildBinary(t)
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.json")
	cfg := `{"applications":[{"mode":"AX","app_key":"a","app_secret":"s","numbers":{"0755":["+8617000000001"]}},
		{"mode":"XYZ","app_key":"b","app_secret":"s","numbers":{"0755":["+8617000000002"]}}]}`
	if err := os.WriteFile(bad, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"-listen", "127.0.0.1:0", "-config", bad}, "applications[1].mode: must be one of AX, AXB, AXE, AXYB"},
		{[]string{"-listen", "0.0.0.0:0"}, "non-loopback"},
		{[]string{"-listen", "127.0.0.1:0", "-config", filepath.Join(dir, "missing.json")}, "missing.json"},
	} {
		cmd := exec.Command(bin, c.args...)
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		err := cmd.Run()
		var ee *exec.ExitError
		if !errors.As(err, &ee) || ee.ExitCode() != 2 {
			t.Fatalf("%v: want exit 2, got %v", c.args, err)
		}
		if !strings.Contains(stderr.String(), c.want) || stdout.Len() != 0 {
			t.Fatalf("%v: stderr %q stdout %q", c.args, stderr.String(), stdout.String())
		}
	}
	// A good config file works.
	good := filepath.Join(dir, "good.json")
	if err := os.WriteFile(good, []byte(`{"applications":[{"mode":"AXB","app_key":"demo-axb-app","app_secret":"demo-axb-secret","numbers":{"0755":["+8617000000101"]}}]}`), 0o600); err != nil {
		t.Fatal(err)
	}
	cmd, base, _ := start(t, bin, "-listen", "127.0.0.1:0", "-config", good)
	bind(t, base)
	stop(t, cmd)
}

func TestCheckLoopback(t *testing.T) {
	for addr, ok := range map[string]bool{"127.0.0.1:1": true, "[::1]:1": true, "localhost:1": true, ":1": false, "0.0.0.0:1": false, "10.0.0.1:1": false, "bad": false} {
		if err := checkLoopback(addr); (err == nil) != ok {
			t.Errorf("%s: %v", addr, err)
		}
	}
}

func TestRemoteReceiverRefused(t *testing.T) {
	cfg := `{"applications":[{"mode":"AXB","app_key":"k","app_secret":"s","numbers":{"0755":["+8617000000101"]},
		"notify":{"cdr_url":"http://receiver.example.com/cdr"}}]}`
	path := filepath.Join(t.TempDir(), "config.json")
	if err := os.WriteFile(path, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	if rc := run([]string{"-listen", "127.0.0.1:0", "-config", path}, &stdout, &stderr); rc != 2 {
		t.Fatalf("exit %d, want 2; stderr %s", rc, stderr.String())
	}
	if msg := stderr.String(); !strings.Contains(msg, "applications[0].notify: receiver.example.com is not a loopback address") ||
		!strings.Contains(msg, "-allow-remote") || stdout.Len() != 0 {
		t.Fatalf("stderr %q, stdout %q", msg, stdout.String())
	}
}
