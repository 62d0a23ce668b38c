package provider

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
)

// The reason a binding is gone follows its expires_at and the platform's
// time: at or before it (a second's margin for the Date header's
// resolution) it expired; before its end, or without one, it was unbound
// elsewhere.
func TestGoneReason(t *testing.T) {
	end := time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC)
	at := types.StringValue(end.Format(time.RFC3339))
	for _, tc := range []struct {
		name    string
		now     time.Time
		expires types.String
		want    string
	}{
		{"long after the end", end.Add(time.Hour), at, goneExpired},
		{"at the end", end, at, goneExpired},
		{"the Date header's second", end.Add(-time.Second), at, goneExpired},
		{"a minute before the end", end.Add(-time.Minute), at, goneElsewhere},
		{"permanent", end.Add(time.Hour), types.StringNull(), goneElsewhere},
		{"unreadable", end.Add(time.Hour), types.StringValue("soon"), goneElsewhere},
	} {
		if got := goneReason(tc.now, tc.expires); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
	}
	d := goneDetail("AXB binding", "sub-1", goneExpired, at)
	for _, want := range []string{"sub-1", "2026-11-29T12:00:00Z", "next apply will create it again"} {
		if !strings.Contains(d, want) {
			t.Errorf("detail %q lacks %q", d, want)
		}
	}
	if d := goneDetail("AX binding", "sub-2", goneElsewhere, types.StringNull()); !strings.Contains(d, "unbound elsewhere") || !strings.Contains(d, "no end time") {
		t.Errorf("detail of a permanent binding: %q", d)
	}
}

// warningRecorder serves the provider and keeps the warnings its Read (and,
// with plans, its PlanResourceChange) answers to the engine, for tests of
// what the user is told on refresh and plan.
type warningRecorder struct {
	tfprotov6.ProviderServer
	plans    bool
	mu       *sync.Mutex
	warnings *[]string
}

func (w warningRecorder) keep(diags []*tfprotov6.Diagnostic) {
	w.mu.Lock()
	defer w.mu.Unlock()
	for _, d := range diags {
		if d.Severity == tfprotov6.DiagnosticSeverityWarning {
			*w.warnings = append(*w.warnings, d.Summary+": "+d.Detail)
		}
	}
}

func (w warningRecorder) ReadResource(ctx context.Context, req *tfprotov6.ReadResourceRequest) (*tfprotov6.ReadResourceResponse, error) {
	resp, err := w.ProviderServer.ReadResource(ctx, req)
	if resp != nil {
		w.keep(resp.Diagnostics)
	}
	return resp, err
}

func (w warningRecorder) PlanResourceChange(ctx context.Context, req *tfprotov6.PlanResourceChangeRequest) (*tfprotov6.PlanResourceChangeResponse, error) {
	resp, err := w.ProviderServer.PlanResourceChange(ctx, req)
	if resp != nil && w.plans {
		w.keep(resp.Diagnostics)
	}
	return resp, err
}

// recordWarnings makes a provider that records the warnings of its refreshes
// (and, with plans, of its plans); take returns those recorded since the
// last take.
func recordWarnings(plans bool) (factories map[string]func() (tfprotov6.ProviderServer, error), take func() []string) {
	var (
		mu   sync.Mutex
		seen []string
	)
	factories = map[string]func() (tfprotov6.ProviderServer, error){
		"privatenumber": func() (tfprotov6.ProviderServer, error) {
			s, err := providerserver.NewProtocol6WithError(New("test")())()
			return warningRecorder{ProviderServer: s, plans: plans, mu: &mu, warnings: &seen}, err
		},
	}
	take = func() []string {
		mu.Lock()
		defer mu.Unlock()
		out := seen
		seen = nil
		return out
	}
	return factories, take
}

// warned checks that there were warnings since the last check (one per
// refresh of the step: its plan and its apply), each with the summary and
// the binding's id.
func warned(take func() []string, summary string, id *string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		got := take()
		if len(got) == 0 {
			return fmt.Errorf("want a warning %q naming %s, got none", summary, *id)
		}
		for _, w := range got {
			if !strings.HasPrefix(w, summary+":") || !strings.Contains(w, *id) {
				return fmt.Errorf("want only warnings %q naming %s, got %q", summary, *id, got)
			}
		}
		return nil
	}
}

// A binding unbound out of band, and one whose lifetime passed on the
// platform's clock (moved; this machine's clock is not), are each refreshed
// away with a warning that says which it was and that the next apply creates
// it again, and the apply does.
func TestAccAXBBinding_goneWarnings(t *testing.T) {
	env := newAccEnv(t)
	cfg := axbConfig(env, map[string]string{
		"x_number": hq(testNumber("AXB", "0755", 1)), "a_number": hq(axbA(1)), "b_number": hq(axbB(1)),
		"lifetime": `"1h"`,
	})
	factories, take := recordWarnings(false)
	var id, gone string
	keep := func(*terraform.State) error { gone = id; return nil }
	elsewhere := env.recreatedStep(env.disappears(&id), cfg, axbAddr, &id, nil)
	elsewhere.Check = resource.ComposeTestCheckFunc(warned(take, "The AXB binding was unbound outside Terraform", &gone),
		env.checkHoldsState("AXB", axbView), captureID(axbAddr, &id), keep)
	expired := env.recreatedStep(env.later(3601*time.Second), cfg, axbAddr, &id, nil)
	expired.Check = resource.ComposeTestCheckFunc(warned(take, "The AXB binding has expired", &gone),
		env.checkHoldsState("AXB", axbView), captureID(axbAddr, &id))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories,
		CheckDestroy:             env.checkDestroyed,
		Steps: []resource.TestStep{
			{Config: cfg, Check: resource.ComposeTestCheckFunc(captureID(axbAddr, &id), keep, func(*terraform.State) error {
				if w := take(); len(w) != 0 {
					return fmt.Errorf("warnings while nothing was gone: %q", w)
				}
				return nil
			})},
			elsewhere,
			expired,
		},
	})
}
