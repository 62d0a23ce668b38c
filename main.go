// Command terraform-provider-privatenumber is the Terraform and OpenTofu provider
// for Huawei Cloud Private Number (number-masking bindings in AX, AXB, AXE and AXYB modes).
package main

import (
	"flag"
	"fmt"
	"log"
	"os"
	"runtime/pprof"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"

	"github.com/privnum/terraform-provider-privatenumber/internal/provider"
)

// version is set at build time: -ldflags "-X main.version=1.2.3".
var version = "dev"

// envCPUProfile is a developer aid, off unless set: PRIVATENUMBER_CPUPROFILE=PREFIX
// writes a CPU profile of each provider process to PREFIX.<pid>.pprof (the engine
// starts several per command). make bench sets it when BENCH_PROFILE is given.
const envCPUProfile = "PRIVATENUMBER_CPUPROFILE"

func main() {
	var debug bool
	flag.BoolVar(&debug, "debug", false, "run the provider with support for debuggers like delve")
	flag.Parse()

	if err := serve(debug); err != nil {
		log.Fatal(err.Error())
	}
}

func serve(debug bool) error {
	quietPluginLogs(os.Environ(), os.Setenv)
	if prefix := os.Getenv(envCPUProfile); prefix != "" {
		stop, err := startCPUProfile(fmt.Sprintf("%s.%d.pprof", prefix, os.Getpid()))
		if err != nil {
			log.Printf("[WARN] %s: %v", envCPUProfile, err)
		} else {
			defer stop()
		}
	}
	var opts []tf6server.ServeOpt
	if debug {
		opts = append(opts, tf6server.WithManagedDebug())
	}
	// What providerserver.Serve does, with the framework's server wrapped so
	// that it does not keep every finished request (server_memory.go).
	return tf6server.Serve(providerAddress, newServer, opts...)
}

// providerAddress is the provider's registry address.
const providerAddress = "registry.terraform.io/privnum/privatenumber"

// newServer is the provider's protocol 6 server: the framework's, wrapped.
func newServer() tfprotov6.ProviderServer {
	return detachRequestContexts(providerserver.NewProtocol6(provider.New(version)())())
}

// startCPUProfile starts profiling into file and returns the function that
// stops and closes it. Serve returns when the engine shuts the plugin down, so
// a deferred stop sees the whole run.
func startCPUProfile(file string) (func(), error) {
	f, err := os.Create(file)
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		_ = f.Close()
		return nil, err
	}
	return func() {
		pprof.StopCPUProfile()
		_ = f.Close()
	}, nil
}

// quietPluginLogs turns the plugin libraries' logs off when nobody asked for
// logs. The engine hands its environment to the plugin; when no TF_LOG*
// variable is set it decodes every log line the plugin writes and throws it
// away, and writing and decoding those lines is about a third of the CPU of a
// no-change plan (docs/benchmarks.md). Any TF_LOG* or TF_ACC_LOG* variable
// leaves logging exactly as the libraries configure it.
//
// The framework's and the protocol's own subsystem loggers are turned off by
// name too. Turning the SDK's root logger off silences them, but they keep
// their own level, unset, which the logging library takes as "would log
// everything": each of their trace calls still searches the request's
// context for its logger. While the framework marks the unknown values of a
// plan it adds a layer to that context for every value it visits, so each
// search is longer than the last: a plan that creates an AXB pool of 2,000
// pairs spent 35 of its 42 seconds of CPU there (terraform-plugin-framework
// v1.19.0), 6 seconds without it.
func quietPluginLogs(environ []string, setenv func(key, value string) error) {
	for _, kv := range environ {
		if strings.HasPrefix(kv, "TF_LOG") || strings.HasPrefix(kv, "TF_ACC_LOG") {
			return
		}
	}
	for _, name := range quietLogVariables {
		_ = setenv(name, "off")
	}
}

// quietLogVariables are the log settings quietPluginLogs turns off.
var quietLogVariables = []string{"TF_LOG_SDK", "TF_LOG_PROVIDER", "TF_LOG_SDK_FRAMEWORK", "TF_LOG_SDK_PROTO"}
