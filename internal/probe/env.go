package probe

import (
	"fmt"
	"sort"
	"strings"

	"github.com/privnum/terraform-provider-privatenumber/internal/client"
)

// The environment of live mode, shared by the live acceptance tests, the
// probe and the sweeper.
const (
	EnvEndpoint = "PRIVATENUMBER_LIVE_ENDPOINT"
	EnvANumbers = "PRIVATENUMBER_LIVE_A_NUMBERS"
	EnvBNumbers = "PRIVATENUMBER_LIVE_B_NUMBERS"
)

// Modes are the platform's modes, in the order live mode handles them.
var Modes = []string{"AX", "AXB", "AXE", "AXYB"}

// EnvApp names the variable of one mode's application: suffix is APP_KEY,
// APP_SECRET or X_NUMBERS.
func EnvApp(mode, suffix string) string { return "PRIVATENUMBER_LIVE_" + mode + "_" + suffix }

// Live is live mode's configuration read from the environment.
type Live struct {
	Endpoint           string
	Apps               []App // the modes whose three variables are all set
	ANumbers, BNumbers []string
	// Problems are variables set in part (a mode with a key but no secret).
	Problems []string
}

// LiveFromEnv reads live mode's variables through getenv (os.Getenv).
func LiveFromEnv(getenv func(string) string) Live {
	l := Live{Endpoint: strings.TrimSpace(getenv(EnvEndpoint)), ANumbers: splitList(getenv(EnvANumbers)),
		BNumbers: splitList(getenv(EnvBNumbers))}
	if l.Endpoint == "" {
		l.Endpoint = client.DefaultEndpoint
	}
	for _, mode := range Modes {
		app := App{Mode: mode, AppKey: strings.TrimSpace(getenv(EnvApp(mode, "APP_KEY"))),
			AppSecret: getenv(EnvApp(mode, "APP_SECRET")), XNumbers: splitList(getenv(EnvApp(mode, "X_NUMBERS")))}
		var missing []string
		for name, empty := range map[string]bool{"APP_KEY": app.AppKey == "", "APP_SECRET": app.AppSecret == "", "X_NUMBERS": len(app.XNumbers) == 0} {
			if empty {
				missing = append(missing, EnvApp(mode, name))
			}
		}
		switch len(missing) {
		case 0:
			l.Apps = append(l.Apps, app)
		case 3:
		default:
			sortStrings(missing)
			l.Problems = append(l.Problems, fmt.Sprintf("%s is set in part: set %s too", mode, strings.Join(missing, ", ")))
		}
	}
	return l
}

// App returns the configured application of mode, or nil.
func (l Live) App(mode string) *App {
	for i := range l.Apps {
		if l.Apps[i].Mode == mode {
			return &l.Apps[i]
		}
	}
	return nil
}

// NeedsFor says what mode still lacks for the live acceptance tests ("" if nothing).
func (l Live) NeedsFor(mode string) string {
	var need []string
	if l.App(mode) == nil {
		need = append(need, EnvApp(mode, "APP_KEY"), EnvApp(mode, "APP_SECRET"), EnvApp(mode, "X_NUMBERS"))
	}
	if len(l.ANumbers) == 0 {
		need = append(need, EnvANumbers)
	}
	if (mode == "AXB" || mode == "AXYB") && len(l.BNumbers) == 0 {
		need = append(need, EnvBNumbers)
	}
	return strings.Join(need, ", ")
}

// Missing is the one line that says what live mode needs when no mode can
// run ("" when at least one can).
func (l Live) Missing() string {
	for _, mode := range Modes {
		if l.NeedsFor(mode) == "" {
			return ""
		}
	}
	msg := "set, for at least one mode <MODE> of AX, AXB, AXE, AXYB, PRIVATENUMBER_LIVE_<MODE>_APP_KEY, _APP_SECRET and _X_NUMBERS " +
		"(comma-separated X numbers of that application), and " + EnvANumbers + " (and " + EnvBNumbers +
		" for AXB and AXYB: test phones you own); " + EnvEndpoint + " defaults to " + client.DefaultEndpoint
	if len(l.Problems) > 0 {
		msg += "; " + strings.Join(l.Problems, "; ")
	}
	return msg
}

func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func sortStrings(s []string) { sort.Strings(s) }
