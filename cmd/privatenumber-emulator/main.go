// Command privatenumber-emulator serves a local emulator of Huawei Cloud
// Private Number (隐私保护通话) with an admin API under /emulator/v1.
//
//	privatenumber-emulator [-listen 127.0.0.1:18080] [-config FILE] [-state FILE] [-allow-remote]
//
// It prints exactly one line, "listening on http://HOST:PORT", on stdout
// once it accepts connections; everything else goes to stderr. See README.md.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"sort"
	"strings"
	"syscall"
	"time"

	"github.com/privnum/terraform-provider-privatenumber/internal/emulator"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("privatenumber-emulator", flag.ContinueOnError)
	fs.SetOutput(stderr)
	listen := fs.String("listen", "127.0.0.1:18080", "address to listen on (port 0 picks a free port)")
	configPath := fs.String("config", "", "JSON configuration file (default: the built-in demo applications)")
	statePath := fs.String("state", "", "file that keeps bindings across restarts (written atomically on every change)")
	allowRemote := fs.Bool("allow-remote", false, "allow a non-loopback listen address and non-loopback notification receivers")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "unexpected arguments: %s\n", strings.Join(fs.Args(), " "))
		return 2
	}

	cfg := emulator.DefaultConfig()
	if *configPath != "" {
		var err error
		if cfg, err = emulator.LoadConfig(*configPath); err != nil {
			fmt.Fprintf(stderr, "invalid config %s: %v\n", *configPath, err)
			return 2
		}
	}
	if !*allowRemote {
		if err := checkLoopback(*listen); err != nil {
			fmt.Fprintf(stderr, "%v (use -allow-remote to listen on it anyway)\n", err)
			return 2
		}
		if err := emulator.CheckReceivers(cfg); err != nil {
			fmt.Fprintf(stderr, "%v (use -allow-remote to push notifications to it anyway)\n", err)
			return 2
		}
	}
	emu, err := emulator.New(cfg)
	if err != nil {
		fmt.Fprintf(stderr, "invalid config: %v\n", err)
		return 2
	}
	defer emu.Close()
	emu.AllowRemoteReceivers(*allowRemote)
	emu.StartDelivery(5 * time.Second) // retries fall due as real time passes too
	if *statePath != "" {
		if err := emu.LoadState(*statePath); err != nil && !errors.Is(err, os.ErrNotExist) {
			fmt.Fprintf(stderr, "cannot load state: %v\n", err)
			return 1
		}
		emu.PersistTo(*statePath)
	}

	ln, err := net.Listen("tcp", *listen)
	if err != nil {
		fmt.Fprintf(stderr, "listen: %v\n", err)
		return 1
	}
	srv := &http.Server{Handler: emu, ReadHeaderTimeout: 10 * time.Second, IdleTimeout: 2 * time.Minute}

	printApplications(stderr, cfg)
	fmt.Fprintf(stdout, "listening on http://%s\n", ln.Addr().String())

	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, syscall.SIGINT, syscall.SIGTERM)
	defer signal.Stop(sigs)
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()

	select {
	case sig := <-sigs:
		fmt.Fprintf(stderr, "received %s, shutting down\n", sig)
	case err := <-errc:
		fmt.Fprintf(stderr, "serve: %v\n", err)
		return 1
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(ctx); err != nil {
		fmt.Fprintf(stderr, "shutdown: %v\n", err)
	}
	if *statePath != "" {
		if err := emu.SaveState(*statePath); err != nil {
			fmt.Fprintf(stderr, "saving state: %v\n", err)
			return 1
		}
	}
	return 0
}

// checkLoopback refuses listen addresses that are not loopback.
func checkLoopback(addr string) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("invalid -listen %q: %w", addr, err)
	}
	if host == "localhost" {
		return nil
	}
	ip := net.ParseIP(host)
	if ip == nil || !ip.IsLoopback() {
		return fmt.Errorf("refusing non-loopback listen address %q", addr)
	}
	return nil
}

func printApplications(w io.Writer, cfg emulator.Config) {
	fmt.Fprintln(w, "privatenumber-emulator applications:")
	fmt.Fprintf(w, "  %-5s %-20s %-22s %s\n", "MODE", "APP_KEY", "APP_SECRET", "X NUMBERS")
	for _, a := range cfg.Applications {
		areas := make([]string, 0, len(a.Numbers))
		for area := range a.Numbers {
			areas = append(areas, area)
		}
		sort.Strings(areas)
		var parts []string
		for _, area := range areas {
			nums := a.Numbers[area]
			parts = append(parts, fmt.Sprintf("%s: %s..%s (%d)", area, nums[0], nums[len(nums)-1], len(nums)))
		}
		extra := ""
		if a.Mode == "AXE" {
			d := a.ExtensionDigits
			if d == 0 {
				d = 3
			}
			extra = fmt.Sprintf("  extension_digits=%d", d)
		}
		fmt.Fprintf(w, "  %-5s %-20s %-22s %s%s\n", a.Mode, a.AppKey, a.AppSecret, strings.Join(parts, ", "), extra)
	}
	fmt.Fprintf(w, "skew %d s, latency %d ms; admin API at /emulator/v1 (no auth)\n", skewOf(cfg), cfg.LatencyMS)
}

func skewOf(cfg emulator.Config) int {
	if cfg.SkewSeconds == 0 {
		return 300
	}
	return cfg.SkewSeconds
}
