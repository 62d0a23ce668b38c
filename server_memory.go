package main

// A workaround for a memory retention in terraform-plugin-framework v1.19.0
// (internal/proto6server/serve.go; protocol 5 has the same code): every RPC
// goes through registerContext, which derives the request's context with
// context.WithCancel and appends the cancel function to a slice on the
// server. Only StopProvider (an interrupt) empties that slice, so a plugin
// process keeps every request it ever served: a canceled context still
// points to its parent, and the parent of the framework's context is the
// request's context, with terraform-plugin-go's loggers and gRPC's stream
// objects (about 12 KB per RPC, four RPCs per resource in a plan: 680-750 MiB
// peak at 5,000 resources). docs/benchmarks.md has the measurements and a
// reproduction.
//
// detachingServer hands the framework, for each call, a small context of its
// own (detachedCtx) whose values come from the request's context while the
// call runs and whose cancellation follows it; when the call returns, the
// wrapper cancels that context and forgets the request's context. The
// framework still keeps one cancel function per call, but it holds only a
// few hundred bytes. StopProvider still cancels calls in flight: the
// framework's registered contexts are children of detached contexts that are
// still attached.
//
// Remove this file (and the wrapping in main.go) when a framework release no
// longer retains finished requests: TestFrameworkRetainsFinishedRequests in
// server_memory_test.go then fails on its baseline ("the framework retained 0
// of N finished requests"), which is the signal.

import (
	"context"
	"sync"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
)

// fullProviderServer is every RPC terraform-plugin-go v0.31 serves: the
// ProviderServer interface and the optional ones its gRPC server looks for
// by type assertion (list resources, actions, state stores). The wrapper
// implements all of them so that it hides no capability of the server it
// wraps.
type fullProviderServer interface {
	tfprotov6.ProviderServer
	tfprotov6.ListResourceServer
	tfprotov6.ActionServer
	tfprotov6.StateStoreServer
}

// A method missing from the wrapper fails to compile here.
var _ fullProviderServer = (*detachingServer)(nil)

// detachingServer wraps a framework server; see the file comment.
type detachingServer struct {
	next fullProviderServer
}

// detachRequestContexts wraps a framework server so that it does not retain
// finished requests. A server that lacks one of the optional interfaces is
// returned unwrapped: wrapping it would advertise RPCs it does not serve.
func detachRequestContexts(next tfprotov6.ProviderServer) tfprotov6.ProviderServer {
	full, ok := next.(fullProviderServer)
	if !ok {
		return next
	}
	return &detachingServer{next: full}
}

// values forwards Value lookups to the request's context until it is
// detached. It is never canceled itself (Done is nil), so the context
// package starts no goroutine for a context derived from it.
type values struct {
	mu  sync.Mutex
	ctx context.Context // nil once detached
}

func (v *values) Deadline() (time.Time, bool) { return time.Time{}, false }
func (v *values) Done() <-chan struct{}       { return nil }
func (v *values) Err() error                  { return nil }

func (v *values) Value(key any) any {
	v.mu.Lock()
	ctx := v.ctx
	v.mu.Unlock()
	if ctx == nil {
		return nil
	}
	return ctx.Value(key)
}

// detachedCtx is the context one call of the framework gets (ctx) and what
// ends it. The framework's retained cancel function reaches ctx and values,
// never this struct, so nothing here may point to the request's context
// after close except through values.ctx, which close clears.
type detachedCtx struct {
	ctx           context.Context         // a cancelCtx (over a timerCtx if the request has a deadline) over values
	cancel        context.CancelCauseFunc // cancels ctx
	values        *values                 // the link to the request's context
	stopFollowing func() bool             // ends the context.AfterFunc on the request's context
	stopDeadline  context.CancelFunc      // releases the deadline timer, if any
}

// detach derives a detached context from a request's context: the same
// values and deadline, canceled when the request's context is, with the
// same cause. Neither context.WithCancelCause over values (Done nil) nor
// context.AfterFunc on a context of the context package starts a goroutine
// (propagateCancel in the context package).
func detach(req context.Context) *detachedCtx {
	d := &detachedCtx{values: &values{ctx: req}, stopDeadline: func() {}}
	var ctx context.Context = d.values
	if deadline, ok := req.Deadline(); ok {
		ctx, d.stopDeadline = context.WithDeadline(ctx, deadline)
	}
	d.ctx, d.cancel = context.WithCancelCause(ctx)
	cancel := d.cancel
	d.stopFollowing = context.AfterFunc(req, func() { cancel(context.Cause(req)) })
	return d
}

// close ends the call: the detached context is canceled (which also cancels
// and lets go of everything the framework derived from it) and no longer
// refers to the request's context. Calling it again does nothing more.
func (d *detachedCtx) close() {
	d.stopFollowing()
	d.cancel(context.Canceled)
	d.stopDeadline()
	d.values.mu.Lock()
	d.values.ctx = nil
	d.values.mu.Unlock()
}

// unary calls one RPC of the framework with a detached context.
func unary[Req, Resp any](ctx context.Context, req Req, rpc func(context.Context, Req) (Resp, error)) (Resp, error) {
	d := detach(ctx)
	defer d.close()
	return rpc(d.ctx, req)
}

// streamed calls an RPC whose response is an iterator that the caller
// consumes after the call returns (terraform-plugin-go does so before the
// gRPC handler returns). The detached context stays attached until the
// iterator ends, or is closed at once when there is nothing to iterate.
// wrap replaces the response's iterator with one that closes d when done,
// and reports false when there is no iterator to replace.
func streamed[Req, Resp any](ctx context.Context, req Req, rpc func(context.Context, Req) (Resp, error), wrap func(Resp, func()) bool) (Resp, error) {
	d := detach(ctx)
	resp, err := rpc(d.ctx, req)
	if err != nil || !wrap(resp, d.close) {
		d.close()
	}
	return resp, err
}

// closeAfter returns an iterator that runs seq and then done.
func closeAfter[T any](seq func(func(T) bool), done func()) func(func(T) bool) {
	return func(push func(T) bool) {
		defer done()
		seq(push)
	}
}

func (s *detachingServer) GetMetadata(ctx context.Context, req *tfprotov6.GetMetadataRequest) (*tfprotov6.GetMetadataResponse, error) {
	return unary(ctx, req, s.next.GetMetadata)
}

func (s *detachingServer) GetProviderSchema(ctx context.Context, req *tfprotov6.GetProviderSchemaRequest) (*tfprotov6.GetProviderSchemaResponse, error) {
	return unary(ctx, req, s.next.GetProviderSchema)
}

func (s *detachingServer) GetResourceIdentitySchemas(ctx context.Context, req *tfprotov6.GetResourceIdentitySchemasRequest) (*tfprotov6.GetResourceIdentitySchemasResponse, error) {
	return unary(ctx, req, s.next.GetResourceIdentitySchemas)
}

func (s *detachingServer) ValidateProviderConfig(ctx context.Context, req *tfprotov6.ValidateProviderConfigRequest) (*tfprotov6.ValidateProviderConfigResponse, error) {
	return unary(ctx, req, s.next.ValidateProviderConfig)
}

func (s *detachingServer) ConfigureProvider(ctx context.Context, req *tfprotov6.ConfigureProviderRequest) (*tfprotov6.ConfigureProviderResponse, error) {
	return unary(ctx, req, s.next.ConfigureProvider)
}

// StopProvider makes the framework cancel every registered context: those of
// calls in flight are children of attached detached contexts.
func (s *detachingServer) StopProvider(ctx context.Context, req *tfprotov6.StopProviderRequest) (*tfprotov6.StopProviderResponse, error) {
	return unary(ctx, req, s.next.StopProvider)
}

func (s *detachingServer) ValidateResourceConfig(ctx context.Context, req *tfprotov6.ValidateResourceConfigRequest) (*tfprotov6.ValidateResourceConfigResponse, error) {
	return unary(ctx, req, s.next.ValidateResourceConfig)
}

func (s *detachingServer) UpgradeResourceState(ctx context.Context, req *tfprotov6.UpgradeResourceStateRequest) (*tfprotov6.UpgradeResourceStateResponse, error) {
	return unary(ctx, req, s.next.UpgradeResourceState)
}

func (s *detachingServer) ReadResource(ctx context.Context, req *tfprotov6.ReadResourceRequest) (*tfprotov6.ReadResourceResponse, error) {
	return unary(ctx, req, s.next.ReadResource)
}

func (s *detachingServer) PlanResourceChange(ctx context.Context, req *tfprotov6.PlanResourceChangeRequest) (*tfprotov6.PlanResourceChangeResponse, error) {
	return unary(ctx, req, s.next.PlanResourceChange)
}

func (s *detachingServer) ApplyResourceChange(ctx context.Context, req *tfprotov6.ApplyResourceChangeRequest) (*tfprotov6.ApplyResourceChangeResponse, error) {
	return unary(ctx, req, s.next.ApplyResourceChange)
}

func (s *detachingServer) ImportResourceState(ctx context.Context, req *tfprotov6.ImportResourceStateRequest) (*tfprotov6.ImportResourceStateResponse, error) {
	return unary(ctx, req, s.next.ImportResourceState)
}

func (s *detachingServer) MoveResourceState(ctx context.Context, req *tfprotov6.MoveResourceStateRequest) (*tfprotov6.MoveResourceStateResponse, error) {
	return unary(ctx, req, s.next.MoveResourceState)
}

func (s *detachingServer) UpgradeResourceIdentity(ctx context.Context, req *tfprotov6.UpgradeResourceIdentityRequest) (*tfprotov6.UpgradeResourceIdentityResponse, error) {
	return unary(ctx, req, s.next.UpgradeResourceIdentity)
}

func (s *detachingServer) GenerateResourceConfig(ctx context.Context, req *tfprotov6.GenerateResourceConfigRequest) (*tfprotov6.GenerateResourceConfigResponse, error) {
	return unary(ctx, req, s.next.GenerateResourceConfig)
}

func (s *detachingServer) ValidateDataResourceConfig(ctx context.Context, req *tfprotov6.ValidateDataResourceConfigRequest) (*tfprotov6.ValidateDataResourceConfigResponse, error) {
	return unary(ctx, req, s.next.ValidateDataResourceConfig)
}

func (s *detachingServer) ReadDataSource(ctx context.Context, req *tfprotov6.ReadDataSourceRequest) (*tfprotov6.ReadDataSourceResponse, error) {
	return unary(ctx, req, s.next.ReadDataSource)
}

func (s *detachingServer) CallFunction(ctx context.Context, req *tfprotov6.CallFunctionRequest) (*tfprotov6.CallFunctionResponse, error) {
	return unary(ctx, req, s.next.CallFunction)
}

func (s *detachingServer) GetFunctions(ctx context.Context, req *tfprotov6.GetFunctionsRequest) (*tfprotov6.GetFunctionsResponse, error) {
	return unary(ctx, req, s.next.GetFunctions)
}

func (s *detachingServer) ValidateEphemeralResourceConfig(ctx context.Context, req *tfprotov6.ValidateEphemeralResourceConfigRequest) (*tfprotov6.ValidateEphemeralResourceConfigResponse, error) {
	return unary(ctx, req, s.next.ValidateEphemeralResourceConfig)
}

func (s *detachingServer) OpenEphemeralResource(ctx context.Context, req *tfprotov6.OpenEphemeralResourceRequest) (*tfprotov6.OpenEphemeralResourceResponse, error) {
	return unary(ctx, req, s.next.OpenEphemeralResource)
}

func (s *detachingServer) RenewEphemeralResource(ctx context.Context, req *tfprotov6.RenewEphemeralResourceRequest) (*tfprotov6.RenewEphemeralResourceResponse, error) {
	return unary(ctx, req, s.next.RenewEphemeralResource)
}

func (s *detachingServer) CloseEphemeralResource(ctx context.Context, req *tfprotov6.CloseEphemeralResourceRequest) (*tfprotov6.CloseEphemeralResourceResponse, error) {
	return unary(ctx, req, s.next.CloseEphemeralResource)
}

func (s *detachingServer) ValidateListResourceConfig(ctx context.Context, req *tfprotov6.ValidateListResourceConfigRequest) (*tfprotov6.ValidateListResourceConfigResponse, error) {
	return unary(ctx, req, s.next.ValidateListResourceConfig)
}

func (s *detachingServer) ListResource(ctx context.Context, req *tfprotov6.ListResourceRequest) (*tfprotov6.ListResourceServerStream, error) {
	return streamed(ctx, req, s.next.ListResource, func(resp *tfprotov6.ListResourceServerStream, done func()) bool {
		if resp == nil || resp.Results == nil {
			return false
		}
		resp.Results = closeAfter(resp.Results, done)
		return true
	})
}

func (s *detachingServer) ValidateActionConfig(ctx context.Context, req *tfprotov6.ValidateActionConfigRequest) (*tfprotov6.ValidateActionConfigResponse, error) {
	return unary(ctx, req, s.next.ValidateActionConfig)
}

func (s *detachingServer) PlanAction(ctx context.Context, req *tfprotov6.PlanActionRequest) (*tfprotov6.PlanActionResponse, error) {
	return unary(ctx, req, s.next.PlanAction)
}

func (s *detachingServer) InvokeAction(ctx context.Context, req *tfprotov6.InvokeActionRequest) (*tfprotov6.InvokeActionServerStream, error) {
	return streamed(ctx, req, s.next.InvokeAction, func(resp *tfprotov6.InvokeActionServerStream, done func()) bool {
		if resp == nil || resp.Events == nil {
			return false
		}
		resp.Events = closeAfter(resp.Events, done)
		return true
	})
}

func (s *detachingServer) ValidateStateStoreConfig(ctx context.Context, req *tfprotov6.ValidateStateStoreConfigRequest) (*tfprotov6.ValidateStateStoreConfigResponse, error) {
	return unary(ctx, req, s.next.ValidateStateStoreConfig)
}

func (s *detachingServer) ConfigureStateStore(ctx context.Context, req *tfprotov6.ConfigureStateStoreRequest) (*tfprotov6.ConfigureStateStoreResponse, error) {
	return unary(ctx, req, s.next.ConfigureStateStore)
}

func (s *detachingServer) ReadStateBytes(ctx context.Context, req *tfprotov6.ReadStateBytesRequest) (*tfprotov6.ReadStateBytesStream, error) {
	return streamed(ctx, req, s.next.ReadStateBytes, func(resp *tfprotov6.ReadStateBytesStream, done func()) bool {
		if resp == nil || resp.Chunks == nil {
			return false
		}
		resp.Chunks = closeAfter(resp.Chunks, done)
		return true
	})
}

func (s *detachingServer) WriteStateBytes(ctx context.Context, req *tfprotov6.WriteStateBytesStream) (*tfprotov6.WriteStateBytesResponse, error) {
	return unary(ctx, req, s.next.WriteStateBytes)
}

func (s *detachingServer) GetStates(ctx context.Context, req *tfprotov6.GetStatesRequest) (*tfprotov6.GetStatesResponse, error) {
	return unary(ctx, req, s.next.GetStates)
}

func (s *detachingServer) DeleteState(ctx context.Context, req *tfprotov6.DeleteStateRequest) (*tfprotov6.DeleteStateResponse, error) {
	return unary(ctx, req, s.next.DeleteState)
}

func (s *detachingServer) LockState(ctx context.Context, req *tfprotov6.LockStateRequest) (*tfprotov6.LockStateResponse, error) {
	return unary(ctx, req, s.next.LockState)
}

func (s *detachingServer) UnlockState(ctx context.Context, req *tfprotov6.UnlockStateRequest) (*tfprotov6.UnlockStateResponse, error) {
	return unary(ctx, req, s.next.UnlockState)
}
