package provider

import (
	"context"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// A pool's apply may send thousands of requests: without a timeouts block
// its operations get axbPoolTimeout (60 minutes), a binding's get five.
func TestOpTimeoutOr_poolDefault(t *testing.T) {
	null := timeouts.Value{Object: types.ObjectNull(map[string]attr.Type{
		"create": types.StringType, "update": types.StringType, "delete": types.StringType})}
	for _, tc := range []struct {
		name string
		ctx  func() (context.Context, context.CancelFunc, diag.Diagnostics)
		want time.Duration
	}{
		{"pool", func() (context.Context, context.CancelFunc, diag.Diagnostics) {
			return opTimeoutOr(context.Background(), null, "create", axbPoolTimeout)
		}, 60 * time.Minute},
		{"binding", func() (context.Context, context.CancelFunc, diag.Diagnostics) {
			return opTimeout(context.Background(), null, "create")
		}, 5 * time.Minute},
	} {
		start := time.Now()
		ctx, cancel, diags := tc.ctx()
		if diags.HasError() {
			t.Fatalf("%s: %v", tc.name, diags)
		}
		deadline, ok := ctx.Deadline()
		cancel()
		if !ok {
			t.Fatalf("%s: no deadline", tc.name)
		}
		if got := deadline.Sub(start); got < tc.want || got > tc.want+time.Minute {
			t.Errorf("%s: the default time limit is %s, want %s", tc.name, got.Round(time.Second), tc.want)
		}
	}
}
