// Command privatenumber-probe talks to a Private Number platform (the real
// one, or the emulator) and says which reading of each contested point of
// DESIGN.md its answers match; with the subcommand sweep it removes the
// bindings that the live tests and the probe left behind.
//
//	privatenumber-probe [-write] [-burst N] [-transcript FILE] [-timeout 30s]
//	privatenumber-probe sweep [-act]
//	privatenumber-probe check   (which modes the environment configures; exit 3 if none)
//
// Credentials and numbers come from the environment (never from flags, which
// other users of the machine can read): PRIVATENUMBER_LIVE_ENDPOINT,
// PRIVATENUMBER_LIVE_<MODE>_APP_KEY, _APP_SECRET, _X_NUMBERS for each mode to
// probe, PRIVATENUMBER_LIVE_A_NUMBERS and PRIVATENUMBER_LIVE_B_NUMBERS.
//
// By default the probe sends only requests that change nothing. With -write
// it binds, queries, modifies and unbinds one binding per mode, and unbinds
// what it made even after a failure or an interrupt (Ctrl-C: the request in
// flight is completed, then everything made is unbound; a second Ctrl-C
// quits at once). The transcript (JSON) holds every exchange with numbers
// masked and no app key, secret or digest: send it to the project.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/privnum/terraform-provider-privatenumber/internal/probe"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	go func() {
		<-ctx.Done()
		stop() // a second signal ends the process at once
		fmt.Fprintln(os.Stderr, "interrupted: finishing the request in flight and unbinding what the probe made (interrupt again to quit at once)")
	}()
	os.Exit(run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr))
}

func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	live := probe.LiveFromEnv(getenv)
	for _, p := range live.Problems {
		fmt.Fprintln(stderr, "warning: "+p)
	}
	if len(args) > 0 && args[0] == "sweep" {
		return sweep(ctx, args[1:], live, stdout, stderr)
	}
	if len(args) > 0 && args[0] == "check" {
		return check(live, stdout)
	}
	fs := flag.NewFlagSet("privatenumber-probe", flag.ContinueOnError)
	fs.SetOutput(stderr)
	write := fs.Bool("write", false, "also bind, query, modify and unbind one binding per mode (needs A and B numbers)")
	burst := fs.Int("burst", 0, "send up to N lookups back to back to provoke one flow-control answer (costs up to N queries)")
	transcript := fs.String("transcript", "", "file for the JSON transcript (default privatenumber-probe-<UTC time>.json)")
	timeout := fs.Duration("timeout", 30*time.Second, "time limit of each request")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if len(live.Apps) == 0 {
		fmt.Fprintln(stderr, "privatenumber-probe: no application configured: "+live.Missing())
		return 2
	}
	if *write && len(live.ANumbers) == 0 {
		fmt.Fprintln(stderr, "privatenumber-probe: -write needs "+probe.EnvANumbers+" (and "+probe.EnvBNumbers+" for AXB and AXYB)")
		return 2
	}
	if *transcript == "" {
		*transcript = "privatenumber-probe-" + time.Now().UTC().Format("20060102T150405Z") + ".json"
	}
	f, err := os.OpenFile(*transcript, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if err != nil {
		fmt.Fprintf(stderr, "privatenumber-probe: %v\n", err)
		return 2
	}
	rep := probe.Run(ctx, probe.Options{Endpoint: live.Endpoint, Apps: live.Apps, Write: *write, Burst: *burst,
		ANumbers: live.ANumbers, BNumbers: live.BNumbers, RequestTimeout: *timeout,
		Log: func(format string, a ...any) { fmt.Fprintf(stderr, format+"\n", a...) }})
	werr := rep.WriteJSON(f)
	if cerr := f.Close(); werr == nil {
		werr = cerr
	}
	if err := rep.WriteText(stdout); err != nil || werr != nil {
		fmt.Fprintf(stderr, "privatenumber-probe: writing the report: %v %v\n", err, werr)
		return 1
	}
	fmt.Fprintf(stdout, "transcript: %s (numbers masked; no app key, secret or digest)\n", *transcript)
	if len(rep.Leftovers) > 0 || rep.Interrupted {
		return 1
	}
	return 0
}

func sweep(ctx context.Context, args []string, live probe.Live, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("privatenumber-probe sweep", flag.ContinueOnError)
	fs.SetOutput(stderr)
	act := fs.Bool("act", false, "unbind the marked bindings (default: a dry run that only prints them)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if len(live.Apps) == 0 {
		fmt.Fprintln(stdout, "sweep: nothing to sweep: no application configured: "+live.Missing())
		return 0
	}
	res, err := probe.Sweep(ctx, probe.SweepOptions{Endpoint: live.Endpoint, Apps: live.Apps, Act: *act, Out: stdout})
	fmt.Fprintf(stdout, "%d bindings found, %d with the test marker %q, %d unbound", res.Found, res.Marked, probe.Marker, res.Unbound)
	if !*act && res.Marked > 0 {
		fmt.Fprint(stdout, " (dry run: add -act to unbind them)")
	}
	fmt.Fprintln(stdout)
	if err != nil {
		fmt.Fprintf(stderr, "privatenumber-probe sweep: %v\n", err)
		return 1
	}
	if len(res.Stuck) > 0 {
		return 1
	}
	return 0
}

// check prints, in one line, which modes the live tests can run, or what is
// missing (exit 3), for scripts/testacc-live.sh.
func check(live probe.Live, stdout io.Writer) int {
	var ready, not []string
	for _, mode := range probe.Modes {
		if need := live.NeedsFor(mode); need == "" {
			ready = append(ready, mode)
		} else if live.App(mode) != nil {
			not = append(not, mode+" needs "+need)
		}
	}
	if len(ready) == 0 {
		fmt.Fprintln(stdout, "live tests skipped: "+live.Missing())
		return 3
	}
	msg := "live modes: " + strings.Join(ready, ", ") + " at " + live.Endpoint
	if len(not) > 0 {
		msg += " (skipped: " + strings.Join(not, "; ") + ")"
	}
	fmt.Fprintln(stdout, msg)
	return 0
}
