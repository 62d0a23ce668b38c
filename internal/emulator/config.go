package emulator

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
)

// Config is the emulator's setup: applications with their number pools.
type Config struct {
	SkewSeconds  int           `json:"skew_seconds"`
	LatencyMS    int           `json:"latency_ms"`
	Applications []Application `json:"applications"`
	// Dialect selects the reading of each contested point (zero: the best-supported one).
	Dialect Dialect `json:"dialect"`
}

// Application is one platform application. Each application has one mode
// and owns its X numbers, grouped by area code.
type Application struct {
	Mode            string              `json:"mode"`             // "AX", "AXB", "AXE", "AXYB"
	AppKey          string              `json:"app_key"`          // APP_Key
	AppSecret       string              `json:"app_secret"`       // APP_Secret
	Numbers         map[string][]string `json:"numbers"`          // area code → X numbers
	ExtensionDigits int                 `json:"extension_digits"` // AXE only, 1-4, default 3
	Quota           *Quota              `json:"quota,omitempty"`  // the platform's flow control; nil: none
	Notify          *Receivers          `json:"notify,omitempty"` // notification receivers; nil: none
}

// Quota is an application's flow control on the platform: a token bucket of
// Burst requests refilled at RequestsPerSecond. A request beyond it is
// answered 1010010 (flow control) with the dialect's rate-limit status.
type Quota struct {
	RequestsPerSecond float64 `json:"requests_per_second"`
	Burst             int     `json:"burst"` // 0: RequestsPerSecond rounded up
}

// DefaultConfig is the built-in demo setup: four applications, one per mode,
// each with six X numbers in 0755 and six in 010 (see doc.go).
func DefaultConfig() Config {
	mk := func(prefix string, base int) []string {
		out := make([]string, 6)
		for i := range out {
			out[i] = fmt.Sprintf("%s%03d", prefix, base+i+1)
		}
		return out
	}
	app := func(mode, name string, base int) Application {
		a := Application{
			Mode:      mode,
			AppKey:    "demo-" + name + "-app",
			AppSecret: "demo-" + name + "-secret",
			Numbers: map[string][]string{
				"0755": mk("+8617000000", base),
				"010":  mk("+8617100000", base),
			},
		}
		if mode == "AXE" {
			a.ExtensionDigits = 3
		}
		return a
	}
	return Config{
		SkewSeconds: 300,
		Applications: []Application{
			app("AX", "ax", 0),
			app("AXB", "axb", 100),
			app("AXE", "axe", 200),
			app("AXYB", "axyb", 300),
		},
	}
}

// LoadConfig reads a JSON Config from a file and validates it. Unknown JSON
// fields are errors. A zero skew_seconds means the default of 300 s.
func LoadConfig(path string) (Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return Config{}, err
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var c Config
	if err := dec.Decode(&c); err != nil {
		return Config{}, fmt.Errorf("%s: %w", path, err)
	}
	if err := c.Validate(); err != nil {
		return Config{}, err
	}
	return c, nil
}

// Validate checks the configuration; errors name the bad field.
func (c Config) Validate() error {
	if c.SkewSeconds < 0 {
		return fmt.Errorf("skew_seconds: must not be negative")
	}
	if c.LatencyMS < 0 || c.LatencyMS > 600000 {
		return fmt.Errorf("latency_ms: must be between 0 and 600000")
	}
	if err := c.Dialect.Validate(); err != nil {
		return err
	}
	if len(c.Applications) == 0 {
		return fmt.Errorf("applications: at least one application is required")
	}
	keys := map[string]int{}
	owner := map[string]string{}
	for i, a := range c.Applications {
		f := fmt.Sprintf("applications[%d]", i)
		switch a.Mode {
		case "AX", "AXB", "AXE", "AXYB":
		default:
			return fmt.Errorf("%s.mode: must be one of AX, AXB, AXE, AXYB", f)
		}
		if a.AppKey == "" || len(a.AppKey) > 128 || !idRe.MatchString(a.AppKey) {
			return fmt.Errorf("%s.app_key: must be 1-128 characters of [0-9A-Za-z_.:-]", f)
		}
		if j, dup := keys[a.AppKey]; dup {
			return fmt.Errorf("%s.app_key: %q is also used by applications[%d]", f, a.AppKey, j)
		}
		keys[a.AppKey] = i
		if a.AppSecret == "" {
			return fmt.Errorf("%s.app_secret: must not be empty", f)
		}
		if a.Mode == "AXE" {
			if a.ExtensionDigits < 0 || a.ExtensionDigits > 4 {
				return fmt.Errorf("%s.extension_digits: must be between 1 and 4 (0 = default 3)", f)
			}
		} else if a.ExtensionDigits != 0 {
			return fmt.Errorf("%s.extension_digits: only allowed for mode AXE", f)
		}
		if q := a.Quota; q != nil && (q.RequestsPerSecond <= 0 || q.RequestsPerSecond > 1e6 || q.Burst < 0) {
			return fmt.Errorf("%s.quota: requests_per_second must be above 0 (at most 1000000) and burst not negative", f)
		}
		if err := a.Notify.validate(f + ".notify"); err != nil {
			return err
		}
		if len(a.Numbers) == 0 {
			return fmt.Errorf("%s.numbers: at least one area code with numbers is required", f)
		}
		for _, area := range sortedKeys(a.Numbers) {
			if !areaRe.MatchString(area) {
				return fmt.Errorf("%s.numbers[%q]: area code must match ^0\\d{2,3}$", f, area)
			}
			if len(a.Numbers[area]) == 0 {
				return fmt.Errorf("%s.numbers[%q]: must not be empty", f, area)
			}
			for j, n := range a.Numbers[area] {
				if !globalNumRe.MatchString(n) {
					return fmt.Errorf("%s.numbers[%q][%d]: %q is not in global format +<digits>", f, area, j, n)
				}
				if prev, dup := owner[n]; dup {
					return fmt.Errorf("%s.numbers[%q][%d]: %s is already listed in %s", f, area, j, n, prev)
				}
				owner[n] = fmt.Sprintf("%s.numbers[%q]", f, area)
			}
		}
	}
	return nil
}
