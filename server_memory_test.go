package main

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"testing"
	"weak"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/function"
	fwprovider "github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/privnum/terraform-provider-privatenumber/internal/provider"
)

// payloadSize stands for what a request's context carries through
// terraform-plugin-go and gRPC: about 12 KB of loggers and stream objects.
const payloadSize = 16 << 10

type payloadKey struct{}

// finishedCalls makes calls RPCs through server, each with a request context
// that carries a payload of its own and is canceled when the call returns
// (as gRPC does), and reports how many payloads a garbage collection leaves
// reachable and how many heap bytes per call stay live.
func finishedCalls(t *testing.T, server tfprotov6.ProviderServer, calls int) (reachable int, bytesPerCall float64) {
	t.Helper()
	// One call first: the framework caches schemas and such on first use.
	if _, err := server.GetProviderSchema(context.Background(), &tfprotov6.GetProviderSchemaRequest{}); err != nil {
		t.Fatal(err)
	}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	payloads := make([]weak.Pointer[[payloadSize]byte], calls)
	for i := range calls {
		p := new([payloadSize]byte)
		payloads[i] = weak.Make(p)
		ctx, cancel := context.WithCancel(context.WithValue(context.Background(), payloadKey{}, p))
		var err error
		if i%2 == 0 {
			_, err = server.GetMetadata(ctx, &tfprotov6.GetMetadataRequest{})
		} else {
			_, err = server.ValidateProviderConfig(ctx, &tfprotov6.ValidateProviderConfigRequest{})
		}
		cancel()
		if err != nil {
			t.Fatal(err)
		}
	}
	// runtime.GC returns after a full cycle, sweep included: a weak pointer
	// to an object nothing reaches any more is nil by then.
	runtime.GC()
	runtime.ReadMemStats(&after)
	for _, w := range payloads {
		if w.Value() != nil {
			reachable++
		}
	}
	runtime.KeepAlive(server)
	return reachable, (float64(after.HeapAlloc) - float64(before.HeapAlloc)) / float64(calls)
}

func frameworkServer() tfprotov6.ProviderServer {
	return providerserver.NewProtocol6(provider.New("test")())()
}

// TestFrameworkRetainsFinishedRequests is the baseline: the framework's own
// server keeps every request context it was given. When it fails, a
// framework release has fixed the cause and server_memory.go can go.
func TestFrameworkRetainsFinishedRequests(t *testing.T) {
	const calls = 500
	reachable, perCall := finishedCalls(t, frameworkServer(), calls)
	t.Logf("framework alone: %d of %d finished requests reachable, %.0f heap bytes retained per call", reachable, calls, perCall)
	if reachable != calls {
		t.Fatalf("the framework retained %d of %d finished requests; if a framework upgrade fixed the retention, remove server_memory.go and the wrapping in main.go", reachable, calls)
	}
	if perCall < payloadSize {
		t.Errorf("%.0f bytes retained per call, want at least the payload (%d)", perCall, payloadSize)
	}
}

// TestDetachingServerReleasesFinishedRequests: through the wrapper main.go
// serves, no finished request stays reachable, and what the framework still
// keeps per call (its cancel function and two small contexts) is small.
func TestDetachingServerReleasesFinishedRequests(t *testing.T) {
	const calls = 500
	reachable, perCall := finishedCalls(t, newServer(), calls)
	t.Logf("wrapped: %d of %d finished requests reachable, %.0f heap bytes retained per call", reachable, calls, perCall)
	if reachable != 0 {
		t.Fatalf("%d of %d finished requests still reachable through the wrapper, want 0", reachable, calls)
	}
	if perCall > 1024 {
		t.Errorf("%.0f heap bytes retained per finished call, want at most 1 KiB", perCall)
	}
}

// TestDetachStartsNoGoroutine: the context package starts a goroutine for a
// parent it cannot hook into; a goroutine per call would be a leak of its own.
func TestDetachStartsNoGoroutine(t *testing.T) {
	const calls = 200
	req, cancel := context.WithCancel(context.WithValue(context.Background(), payloadKey{}, "v"))
	defer cancel()
	before := runtime.NumGoroutine()
	ds := make([]*detachedCtx, calls)
	for i := range ds {
		ds[i] = detach(req)
		// What the framework does with the context it is given.
		_, fwCancel := context.WithCancel(ds[i].ctx)
		defer fwCancel()
	}
	if grown := runtime.NumGoroutine() - before; grown >= calls/2 {
		t.Fatalf("%d detached contexts started %d goroutines", calls, grown)
	}
	for _, d := range ds {
		if d.ctx.Value(payloadKey{}) != "v" {
			t.Fatal("a detached context does not see the request's values")
		}
		d.close()
		if d.ctx.Value(payloadKey{}) != nil {
			t.Fatal("a closed detached context still reaches the request's values")
		}
	}
}

// blockingFunction is a provider function that runs until its context ends,
// so that a test can stop or cancel a call in flight.
type blockingFunction struct{ started chan struct{} }

func (f *blockingFunction) Metadata(_ context.Context, _ function.MetadataRequest, resp *function.MetadataResponse) {
	resp.Name = "block"
}

func (f *blockingFunction) Definition(_ context.Context, _ function.DefinitionRequest, resp *function.DefinitionResponse) {
	resp.Definition = function.Definition{Return: function.StringReturn{}}
}

func (f *blockingFunction) Run(ctx context.Context, _ function.RunRequest, resp *function.RunResponse) {
	close(f.started)
	<-ctx.Done()
	resp.Error = function.NewFuncError("stopped: " + context.Cause(ctx).Error())
}

type blockingProvider struct{ fn *blockingFunction }

func (p *blockingProvider) Metadata(_ context.Context, _ fwprovider.MetadataRequest, resp *fwprovider.MetadataResponse) {
	resp.TypeName = "blocking"
}
func (p *blockingProvider) Schema(context.Context, fwprovider.SchemaRequest, *fwprovider.SchemaResponse) {
}
func (p *blockingProvider) Configure(context.Context, fwprovider.ConfigureRequest, *fwprovider.ConfigureResponse) {
}
func (p *blockingProvider) Resources(context.Context) []func() resource.Resource       { return nil }
func (p *blockingProvider) DataSources(context.Context) []func() datasource.DataSource { return nil }
func (p *blockingProvider) Functions(context.Context) []func() function.Function {
	return []func() function.Function{func() function.Function { return p.fn }}
}

// callInFlight starts CallFunction("block") through the wrapper with ctx and
// returns once the function runs, with a channel for the call's error text.
func callInFlight(t *testing.T, ctx context.Context) (tfprotov6.ProviderServer, <-chan string) {
	t.Helper()
	fn := &blockingFunction{started: make(chan struct{})}
	server := detachRequestContexts(providerserver.NewProtocol6(&blockingProvider{fn: fn})())
	result := make(chan string, 1)
	go func() {
		resp, err := server.CallFunction(ctx, &tfprotov6.CallFunctionRequest{Name: "block"})
		switch {
		case err != nil:
			result <- "error: " + err.Error()
		case resp.Error == nil:
			result <- "no error"
		default:
			result <- resp.Error.Text
		}
	}()
	<-fn.started
	return server, result
}

// TestStopProviderCancelsCallsInFlight: an interrupt (StopProvider) still
// reaches a call in flight through the wrapper, whose request context is
// never canceled: the framework cancels the contexts it registered.
func TestStopProviderCancelsCallsInFlight(t *testing.T) {
	server, result := callInFlight(t, context.WithValue(context.Background(), payloadKey{}, "v"))
	if _, err := server.StopProvider(context.Background(), &tfprotov6.StopProviderRequest{}); err != nil {
		t.Fatal(err)
	}
	if got := <-result; !strings.Contains(got, "stopped: context canceled") {
		t.Fatalf("the call in flight ended with %q, want it stopped by StopProvider", got)
	}
}

// TestRequestCancelReachesCallInFlight: when the request's context ends (the
// engine goes away, or terraform-plugin-go's own stop), the call sees it,
// with the request's cause.
func TestRequestCancelReachesCallInFlight(t *testing.T) {
	ctx, cancel := context.WithCancelCause(context.Background())
	_, result := callInFlight(t, ctx)
	cancel(errors.New("engine went away"))
	if got := <-result; !strings.Contains(got, "stopped: engine went away") {
		t.Fatalf("the call in flight ended with %q, want the request's cancellation", got)
	}
}

// TestDetachingServerHidesNoCapability: every RPC the framework's server
// serves, the wrapper serves too, including those terraform-plugin-go finds
// by type assertion (list resources, actions, state stores).
func TestDetachingServerHidesNoCapability(t *testing.T) {
	fw, wrapped := frameworkServer(), newServer()
	if _, ok := wrapped.(*detachingServer); !ok {
		t.Fatalf("newServer returned %T, not the wrapper: the framework no longer implements every optional interface", wrapped)
	}
	fwType, wrappedType := reflect.TypeOf(fw), reflect.TypeOf(wrapped)
	for i := range fwType.NumMethod() {
		m := fwType.Method(i)
		w, ok := wrappedType.MethodByName(m.Name)
		if !ok {
			t.Errorf("the framework's server has %s, the wrapper does not", m.Name)
			continue
		}
		if w.Type.String() != strings.Replace(m.Type.String(), fwType.String(), wrappedType.String(), 1) {
			t.Errorf("%s: wrapper %s, framework %s", m.Name, w.Type, m.Type)
		}
	}
	//nolint:staticcheck // the deprecated interfaces are what terraform-plugin-go v0.31 asserts
	for name, ok := range map[string]bool{
		"ProviderServerWithListResource": implements[tfprotov6.ProviderServerWithListResource](wrapped),
		"ProviderServerWithActions":      implements[tfprotov6.ProviderServerWithActions](wrapped),
		"ProviderServerWithStateStores":  implements[tfprotov6.ProviderServerWithStateStores](wrapped),
	} {
		if !ok {
			t.Errorf("the wrapper is not a tfprotov6.%s", name)
		}
	}
}

func implements[I any](v any) bool {
	_, ok := v.(I)
	return ok
}

// TestDetachingServerAnswersLikeTheFramework: the same requests, answered
// directly and through the wrapper, get the same answers, streams included.
func TestDetachingServerAnswersLikeTheFramework(t *testing.T) {
	ctx := context.Background()
	for _, rpc := range []struct {
		name string
		call func(tfprotov6.ProviderServer) (any, error)
	}{
		{"GetProviderSchema", func(s tfprotov6.ProviderServer) (any, error) {
			return s.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
		}},
		{"GetMetadata", func(s tfprotov6.ProviderServer) (any, error) {
			resp, err := s.GetMetadata(ctx, &tfprotov6.GetMetadataRequest{})
			if err != nil {
				return nil, err
			}
			// The framework lists types and functions in map order.
			slices.SortFunc(resp.Resources, func(a, b tfprotov6.ResourceMetadata) int { return strings.Compare(a.TypeName, b.TypeName) })
			slices.SortFunc(resp.DataSources, func(a, b tfprotov6.DataSourceMetadata) int { return strings.Compare(a.TypeName, b.TypeName) })
			slices.SortFunc(resp.ListResources, func(a, b tfprotov6.ListResourceMetadata) int { return strings.Compare(a.TypeName, b.TypeName) })
			slices.SortFunc(resp.EphemeralResources, func(a, b tfprotov6.EphemeralResourceMetadata) int { return strings.Compare(a.TypeName, b.TypeName) })
			slices.SortFunc(resp.Actions, func(a, b tfprotov6.ActionMetadata) int { return strings.Compare(a.TypeName, b.TypeName) })
			slices.SortFunc(resp.Functions, func(a, b tfprotov6.FunctionMetadata) int { return strings.Compare(a.Name, b.Name) })
			return resp, nil
		}},
		{"GetResourceIdentitySchemas", func(s tfprotov6.ProviderServer) (any, error) {
			return s.GetResourceIdentitySchemas(ctx, &tfprotov6.GetResourceIdentitySchemasRequest{})
		}},
		{"GetFunctions", func(s tfprotov6.ProviderServer) (any, error) {
			return s.GetFunctions(ctx, &tfprotov6.GetFunctionsRequest{})
		}},
		{"ValidateListResourceConfig", func(s tfprotov6.ProviderServer) (any, error) {
			return s.(fullProviderServer).ValidateListResourceConfig(ctx, &tfprotov6.ValidateListResourceConfigRequest{TypeName: "privatenumber_nothing"})
		}},
		{"ListResource", func(s tfprotov6.ProviderServer) (any, error) {
			stream, err := s.(fullProviderServer).ListResource(ctx, &tfprotov6.ListResourceRequest{TypeName: "privatenumber_nothing"})
			if err != nil {
				return nil, err
			}
			var results []tfprotov6.ListResourceResult // one, with the diagnostic
			for r := range stream.Results {
				results = append(results, r)
			}
			return results, nil
		}},
		{"InvokeAction", func(s tfprotov6.ProviderServer) (any, error) {
			stream, err := s.(fullProviderServer).InvokeAction(ctx, &tfprotov6.InvokeActionRequest{ActionType: "privatenumber_nothing"})
			if err != nil {
				return nil, err
			}
			var events []tfprotov6.InvokeActionEvent // one, with the diagnostic
			for e := range stream.Events {
				events = append(events, e)
			}
			return events, nil
		}},
		{"ValidateStateStoreConfig", func(s tfprotov6.ProviderServer) (any, error) {
			return s.(fullProviderServer).ValidateStateStoreConfig(ctx, &tfprotov6.ValidateStateStoreConfigRequest{TypeName: "privatenumber_nothing"})
		}},
	} {
		want, wantErr := rpc.call(frameworkServer())
		got, gotErr := rpc.call(newServer())
		if want == nil || reflect.ValueOf(want).IsZero() {
			t.Errorf("%s: no answer, nothing compared", rpc.name)
		}
		if !reflect.DeepEqual(got, want) || (gotErr == nil) != (wantErr == nil) {
			t.Errorf("%s: through the wrapper %+v (%v), directly %+v (%v)", rpc.name, got, gotErr, want, wantErr)
		}
	}
}

// streamingServer answers ListResource with a stream that reports, for each
// result, whether the call's context still reaches the request's values.
type streamingServer struct {
	fullProviderServer // nil: only ListResource is called
	ctx                context.Context
}

func (s *streamingServer) ListResource(ctx context.Context, _ *tfprotov6.ListResourceRequest) (*tfprotov6.ListResourceServerStream, error) {
	s.ctx = ctx
	return &tfprotov6.ListResourceServerStream{Results: func(push func(tfprotov6.ListResourceResult) bool) {
		for range 2 {
			if !push(tfprotov6.ListResourceResult{DisplayName: fmt.Sprint(ctx.Value(payloadKey{}), " ", ctx.Err())}) {
				return
			}
		}
	}}, nil
}

// TestStreamStaysAttachedUntilItEnds: a streamed answer is read after the
// RPC returns (terraform-plugin-go does so before the gRPC call ends), so
// its context keeps the request's values until the stream ends, and is
// closed then.
func TestStreamStaysAttachedUntilItEnds(t *testing.T) {
	next := &streamingServer{}
	server := &detachingServer{next: next}
	stream, err := server.ListResource(context.WithValue(context.Background(), payloadKey{}, "v"), &tfprotov6.ListResourceRequest{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for r := range stream.Results {
		got = append(got, r.DisplayName)
	}
	if want := []string{"v <nil>", "v <nil>"}; !slices.Equal(got, want) {
		t.Errorf("while the stream is read, the call's context gives %q, want %q", got, want)
	}
	if next.ctx.Err() == nil || next.ctx.Value(payloadKey{}) != nil {
		t.Errorf("after the stream ended the call's context is not closed and detached (Err %v, value %v)", next.ctx.Err(), next.ctx.Value(payloadKey{}))
	}
}
