package client

import (
	"context"
	"time"
)

// API is every platform operation the client offers. *Client implements it;
// the provider depends on this set of methods.
//
// Errors: every method returns *Error for answers of the platform (see the
// classifiers IsNotFound, IsConflict, ...), and an error for which
// IsUnknownOutcome is true when a bind may or may not have been applied.
type API interface {
	// AXB (§4)
	BindAXB(ctx context.Context, req AXBBindRequest) (*AXBBindResult, error)
	UnbindAXB(ctx context.Context, req AXBUnbindRequest) error
	ModifyAXB(ctx context.Context, req AXBModifyRequest) error
	QueryAXB(ctx context.Context, q AXBQuery) (*AXBPage, error)    // one page
	ListAXB(ctx context.Context, q AXBQuery) ([]AXBBinding, error) // every page
	GetAXB(ctx context.Context, subscriptionID string) (*AXBBinding, error)

	// AX (§5)
	BindAX(ctx context.Context, req AXBindRequest) (*AXBindResult, error)
	UnbindAX(ctx context.Context, req AXUnbindRequest) error
	ModifyAX(ctx context.Context, req AXModifyRequest) error
	QueryAX(ctx context.Context, q AXQuery) ([]AXBinding, error)
	GetAX(ctx context.Context, subscriptionID string) (*AXBinding, error)
	SetAXTemporaryCallee(ctx context.Context, req AXCalleeRequest) error

	// AXE (§6)
	BindAXE(ctx context.Context, req AXEBindRequest) (*AXEBindResult, error)
	UnbindAXE(ctx context.Context, req AXEUnbindRequest) error
	ModifyAXE(ctx context.Context, req AXEModifyRequest) error
	QueryAXE(ctx context.Context, q AXEQuery) (*AXEBinding, error)      // v1.0
	QueryAXEPage(ctx context.Context, q AXEListQuery) (*AXEPage, error) // v2.0, one page
	ListAXE(ctx context.Context, xNumber string) ([]AXEBinding, error)  // v2.0, every page
	GetAXE(ctx context.Context, subscriptionID string) (*AXEBinding, error)

	// AXYB (§7); there is no modify.
	BindAXYB(ctx context.Context, req AXYBBindRequest) (*AXYBBindResult, error)
	BindAXYBMember(ctx context.Context, req AXYBMemberBindRequest) (*AXYBBindResult, error)
	UnbindAXYB(ctx context.Context, req AXYBUnbindRequest) error
	QueryAXYB(ctx context.Context, q AXYBQuery) ([]AXYBRelation, error)

	// Cross-mode (§8)
	RecordingURL(ctx context.Context, fileName, recordDomain string) (string, error)
	StopCall(ctx context.Context, sessionID string) error

	// PlatformNow is the platform's current time as its answers carry it
	// (the HTTP Date header of the last answer, advanced by the time passed
	// since), or this machine's clock before any answer. Decisions about
	// expiry compare the platform's times with it, not with this machine's
	// clock.
	PlatformNow() time.Time
}
