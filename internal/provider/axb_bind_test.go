package provider

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/privnum/terraform-provider-privatenumber/internal/client"
	"github.com/privnum/terraform-provider-privatenumber/internal/emulator"
)

// axbUnitPlatform starts an emulator and a client of its AXB application
// (axbPoolUnitPlatform) whose bind answers are lost after the commit.
func axbUnitPlatform(t *testing.T) (*emulator.Emulator, client.API) {
	t.Helper()
	emu, c := axbPoolUnitPlatform(t)
	if err := emu.SetFaults(emulator.Faults{Rules: []emulator.FaultRule{{Operation: "AXB.bind", Kind: "drop_response_after_commit"}}}); err != nil {
		t.Fatal(err)
	}
	return emu, c
}

func TestAXBBindAdoptsTheBindingOfALostAnswer(t *testing.T) {
	emu, c := axbUnitPlatform(t)
	req := client.AXBBindRequest{XNumber: testNumber("AXB", "0755", 1), ANumber: axbA(1), BNumber: axbB(1), PrivateSMS: true}
	res, err := axbBind(context.Background(), c, req)
	if err != nil {
		t.Fatalf("axbBind: %v", err)
	}
	list := emu.Bindings(testAppKey("AXB"), "AXB")
	if len(list) != 1 || list[0].SubscriptionID != res.SubscriptionID || res.XNumber != req.XNumber {
		t.Fatalf("want the one binding adopted, got result %+v and platform %+v", res, list)
	}
	if n := emu.Stats().Requests["AXB.bind"]; n != 1 {
		t.Errorf("bind sent %d times, want 1", n)
	}
}

func TestAXBBindWithAreaCodeNeverResends(t *testing.T) {
	emu, c := axbUnitPlatform(t)
	req := client.AXBBindRequest{AreaCode: "010", ANumber: axbA(1), BNumber: axbB(1)}
	_, err := axbBind(context.Background(), c, req)
	var may *mayExistError
	if !errors.As(err, &may) {
		t.Fatalf("want mayExistError, got %v", err)
	}
	if d := may.detail(); !strings.Contains(d, "area_code 010") || !strings.Contains(d, axbA(1)) || !strings.Contains(d, "privatenumber_axb_bindings") {
		t.Errorf("the diagnostic does not say how to find the binding: %s", d)
	}
	if n := emu.Stats().Requests["AXB.bind"]; n != 1 {
		t.Errorf("bind sent %d times, want 1", n)
	}
	if n := emu.Stats().Requests["AXB.query"]; n != 0 {
		t.Errorf("%d queries: AXB cannot be looked up by A alone, want none", n)
	}
}

// fakeAXB loses the answer of binds that were not applied (as a request
// dropped before the platform committed it would look to the client).
type fakeAXB struct {
	client.API
	binds, queries int
	bound          []client.AXBBinding
	loseFirst      int
}

func (f *fakeAXB) BindAXB(_ context.Context, req client.AXBBindRequest) (*client.AXBBindResult, error) {
	f.binds++
	if f.binds <= f.loseFirst {
		return nil, &client.UnknownOutcomeError{Operation: "AXB.bind", Cause: errors.New("connection reset")}
	}
	f.bound = append(f.bound, client.AXBBinding{SubscriptionID: "sub-1", XNumber: req.XNumber, ANumber: req.ANumber, BNumber: req.BNumber})
	return &client.AXBBindResult{SubscriptionID: "sub-1", XNumber: req.XNumber}, nil
}

func (f *fakeAXB) QueryAXB(context.Context, client.AXBQuery) (*client.AXBPage, error) {
	f.queries++
	return &client.AXBPage{TotalCount: len(f.bound), Bindings: f.bound}, nil
}

func TestAXBBindResendsWhenTheLookupFindsNothing(t *testing.T) {
	req := client.AXBBindRequest{XNumber: "+8617000000101", ANumber: axbA(1), BNumber: axbB(1)}
	f := &fakeAXB{loseFirst: 1}
	res, err := axbBind(context.Background(), f, req)
	if err != nil || res.SubscriptionID != "sub-1" || f.binds != 2 || f.queries != 1 {
		t.Fatalf("want one lookup and one re-send: result %+v, err %v, binds %d, queries %d", res, err, f.binds, f.queries)
	}

	f = &fakeAXB{loseFirst: maxBindSends + 1}
	_, err = axbBind(context.Background(), f, req)
	var may *mayExistError
	if !errors.As(err, &may) || f.binds != maxBindSends || f.queries != maxBindSends {
		t.Fatalf("want at most %d sends, then the may-exist error: err %v, binds %d, queries %d", maxBindSends, err, f.binds, f.queries)
	}
}
