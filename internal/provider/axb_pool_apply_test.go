package provider

import (
	"context"
	"errors"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/privnum/terraform-provider-privatenumber/internal/client"
	"github.com/privnum/terraform-provider-privatenumber/internal/emulator"
)

// failingGet is a client whose lookups by subscription ID fail (a platform
// error that is not "not found").
type failingGet struct{ client.API }

func (failingGet) GetAXB(context.Context, string) (*client.AXBBinding, error) {
	return nil, errors.New("HTTP 502 from a proxy")
}

// axbPoolUnitPlatform starts an emulator and a client of its AXB application.
func axbPoolUnitPlatform(t *testing.T) (*emulator.Emulator, client.API) {
	t.Helper()
	emu, err := emulator.New(testEmulatorConfig())
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(emu)
	t.Cleanup(func() { srv.Close(); emu.Close() })
	c, err := client.New(client.Config{Endpoint: srv.URL, AppKey: testAppKey("AXB"), AppSecret: testAppKey("AXB") + testSecretSuffix})
	if err != nil {
		t.Fatal(err)
	}
	return emu, c
}

// poolModel is a pool on xs with pairs and undeclared bindings.
func poolModel(t *testing.T, xs []string, pairs map[string]axbPoolPair, und []axbPoolBinding) axbPoolModel {
	t.Helper()
	ctx := context.Background()
	set, d := types.SetValueFrom(ctx, types.StringType, xs)
	pv, d2 := axbPoolPairsValue(ctx, pairs)
	uv, d3 := axbPoolUndeclaredValue(ctx, und)
	if d.HasError() || d2.HasError() || d3.HasError() {
		t.Fatal(d, d2, d3)
	}
	return axbPoolModel{ID: types.StringValue(strings.Join(xs, ",")), XNumbers: set, Exclusive: types.BoolValue(true), Pairs: pv, Undeclared: uv}
}

// A pair that adopts an undeclared binding which cannot be read fails, and
// with exclusive = true the binding is still not unbound: it stays
// undeclared, for the next apply to adopt.
func TestAXBPoolApply_unreadAdoptionIsNotUnbound(t *testing.T) {
	emu, c := axbPoolUnitPlatform(t)
	x1 := testNumber("AXB", "0755", 1)
	res, err := c.BindAXB(context.Background(), client.AXBBindRequest{XNumber: x1, ANumber: axbA(1), BNumber: axbB(1), PrivateSMS: true})
	if err != nil {
		t.Fatal(err)
	}
	u := undeclaredAt(res.SubscriptionID, x1, axbA(1), axbB(1))
	plan := poolModel(t, []string{x1}, map[string]axbPoolPair{"k": pinned(cfgPair(axbA(1), axbB(1)), x1)}, nil)
	prior := poolModel(t, []string{x1}, map[string]axbPoolPair{}, []axbPoolBinding{u})
	r := &axbPoolResource{resourceBase{client: failingGet{c}}}
	var diags diag.Diagnostics
	out := r.applyPool(context.Background(), plan, &prior, &diags)
	if !diags.HasError() || !strings.Contains(diagText(diags), `"k"`) {
		t.Fatalf("want an error naming pair k, got %v", diags)
	}
	if n := len(emu.Bindings(testAppKey("AXB"), "AXB")); n != 1 {
		t.Fatalf("the binding to adopt must stay bound; the platform holds %d", n)
	}
	if n := emu.Stats().Requests["AXB.bind"]; n != 1 {
		t.Fatalf("%d binds: the pair must not be bound beside the binding it adopts", n)
	}
	und, _ := axbPoolUndeclared(context.Background(), out.Undeclared)
	pairs, _ := axbPoolPairs(context.Background(), out.Pairs)
	if len(und) != 1 || und[0].ID.ValueString() != u.ID.ValueString() || len(pairs) != 0 {
		t.Fatalf("state after the failure: pairs %v, undeclared %v", pairs, und)
	}
}
