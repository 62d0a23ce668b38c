package provider

import (
	"context"
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/privnum/terraform-provider-privatenumber/internal/client"
	"github.com/privnum/terraform-provider-privatenumber/internal/emulator"
)

// axTestClient is a client for the AX application of a fresh emulator.
func axTestClient(t *testing.T) (client.API, *emulator.Emulator) {
	t.Helper()
	emu, err := emulator.New(testEmulatorConfig())
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(emu)
	t.Cleanup(func() { srv.Close(); emu.Close() })
	c, err := client.New(client.Config{Endpoint: srv.URL, AppKey: testAppKey("AX"), AppSecret: testAppKey("AX") + testSecretSuffix,
		RetryWaitMin: time.Millisecond, RetryWaitMax: 10 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	return c, emu
}

func axDropBinds(t *testing.T, emu *emulator.Emulator) {
	t.Helper()
	if err := emu.SetFaults(emulator.Faults{Rules: []emulator.FaultRule{{Operation: "AX.bind", Kind: "drop_response_after_commit"}}}); err != nil {
		t.Fatal(err)
	}
}

// TestAXFindExisting drives the lookup against the emulator with the bind's
// answer dropped after the platform committed it.
func TestAXFindExisting(t *testing.T) {
	ctx := context.Background()
	a, other := "+8675523456701", "+8675523456702"

	t.Run("x_number adopted", func(t *testing.T) {
		c, emu := axTestClient(t)
		axDropBinds(t, emu)
		req := client.AXBindRequest{ANumber: a, XNumber: testNumber("AX", "0755", 1), PrivateSMS: true, PowerOn: true}
		if _, err := c.BindAX(ctx, req); !client.IsUnknownOutcome(err) {
			t.Fatalf("bind: want an unknown outcome, got %v", err)
		}
		got, err := axFindExisting(ctx, c, req, nil)
		if err != nil || got.Binding == nil || got.Binding.XNumber != req.XNumber || got.Binding.ANumber != a {
			t.Fatalf("want the binding adopted, got %+v, %v", got, err)
		}
	})

	t.Run("x_number absent or held by another A", func(t *testing.T) {
		c, _ := axTestClient(t)
		req := client.AXBindRequest{ANumber: a, XNumber: testNumber("AX", "0755", 2)}
		if got, err := axFindExisting(ctx, c, req, nil); err != nil || !got.Absent {
			t.Fatalf("free X: want absent, got %+v, %v", got, err)
		}
		if _, err := c.BindAX(ctx, client.AXBindRequest{ANumber: other, XNumber: req.XNumber, PrivateSMS: true, PowerOn: true}); err != nil {
			t.Fatal(err)
		}
		if got, err := axFindExisting(ctx, c, req, nil); err != nil || !got.Absent || got.Binding != nil {
			t.Fatalf("X of another A: want absent (not adopted), got %+v, %v", got, err)
		}
	})

	t.Run("area_code: the one new X is adopted", func(t *testing.T) {
		c, emu := axTestClient(t)
		if _, err := c.BindAX(ctx, client.AXBindRequest{ANumber: a, XNumber: testNumber("AX", "010", 1), PrivateSMS: true, PowerOn: true}); err != nil {
			t.Fatal(err)
		}
		before := []string{testNumber("AX", "010", 1)}
		axDropBinds(t, emu)
		req := client.AXBindRequest{ANumber: a, AreaCode: "010", PrivateSMS: true, PowerOn: true}
		if _, err := c.BindAX(ctx, req); !client.IsUnknownOutcome(err) {
			t.Fatalf("bind: want an unknown outcome, got %v", err)
		}
		got, err := axFindExisting(ctx, c, req, before)
		if err != nil || got.Binding == nil || got.Binding.XNumber != testNumber("AX", "010", 2) {
			t.Fatalf("want the new X adopted, got %+v, %v", got, err)
		}
	})

	t.Run("area_code: nothing new means the bind did not happen", func(t *testing.T) {
		c, _ := axTestClient(t)
		got, err := axFindExisting(ctx, c, client.AXBindRequest{ANumber: a, AreaCode: "0755"}, []string{})
		if err != nil || !got.Absent {
			t.Fatalf("want absent, got %+v, %v", got, err)
		}
	})

	t.Run("area_code: two new X cannot be told apart", func(t *testing.T) {
		c, _ := axTestClient(t)
		for _, n := range []int{3, 4} {
			if _, err := c.BindAX(ctx, client.AXBindRequest{ANumber: a, XNumber: testNumber("AX", "0755", n), PrivateSMS: true, PowerOn: true}); err != nil {
				t.Fatal(err)
			}
		}
		got, err := axFindExisting(ctx, c, client.AXBindRequest{ANumber: a, AreaCode: "0755"}, []string{})
		if err != nil || got.Binding != nil || got.Absent || !strings.Contains(got.Detail, testNumber("AX", "0755", 3)) {
			t.Fatalf("want undecidable with the candidates named, got %+v, %v", got, err)
		}
		if got, _ := axFindExisting(ctx, c, client.AXBindRequest{ANumber: a, AreaCode: "0755"}, nil); got.Detail == "" || got.Absent {
			t.Fatalf("without a snapshot: want undecidable, got %+v", got)
		}
	})
}

func TestAXHintsNameTheNumbers(t *testing.T) {
	a, x := "+8675523456701", "+8617000000001"
	h := axHints(a, x, "", nil)
	if !strings.Contains(h["1016002"], x) || !strings.Contains(h["1012008"], a) {
		t.Errorf("x_number hints must name X and A: %v", h)
	}
	full := []string{"+1", "+2", "+3", "+4", "+5"}
	if s := axHints(a, "", "0755", full)["1012008"]; !strings.Contains(s, a) || !strings.Contains(s, "+5") || !strings.Contains(s, "at most 5") {
		t.Errorf("A full: %s", s)
	}
	if s := axHints(a, "", "0755", []string{"+1"})["1012008"]; !strings.Contains(s, "area 0755") || !strings.Contains(s, "fallback") {
		t.Errorf("area exhausted: %s", s)
	}
}

// TestAXReplacingChanges: the attributes that trigger the "X may change"
// warning are exactly the replacing ones; in-place ones and pinning X are not.
func TestAXReplacingChanges(t *testing.T) {
	base := axBindingModel{
		axRecord: axRecord{
			ID: types.StringValue("id"), ANumber: types.StringValue("+8675523456701"), XNumber: types.StringValue("+8617000000001"),
			CallerIDToA: types.StringValue("x_number"), RecordCalls: types.BoolValue(false), SMSEnabled: types.BoolValue(true),
			MaxCallMinutes: types.Int64Value(0), PowerOn: types.BoolValue(true), CallDirection: types.StringValue("both"),
		},
		AreaCode: types.StringValue("0755"), AreaMatchMode: types.StringValue("strict"),
	}
	plan := base
	plan.MaxCallMinutes, plan.SMSEnabled, plan.RecordCalls = types.Int64Value(5), types.BoolValue(false), types.BoolValue(true)
	if got := axReplacingChanges(base, plan); len(got) != 0 {
		t.Errorf("in-place changes reported as replacing: %v", got)
	}
	plan = base
	plan.AreaCode = types.StringNull() // X pinned in x_number
	if got := axReplacingChanges(base, plan); len(got) != 0 {
		t.Errorf("removing area_code reported as replacing: %v", got)
	}
	plan = base
	plan.ANumber, plan.UserData, plan.AreaCode = types.StringValue("+8675523456702"), types.StringValue("u"), types.StringValue("010")
	if got := fmt.Sprint(axReplacingChanges(base, plan)); got != "[a_number user_data area_code]" {
		t.Errorf("got %s", got)
	}
	plan = base
	plan.ANumber = types.StringUnknown()
	if got := axReplacingChanges(base, plan); len(got) != 0 {
		t.Errorf("unknown values must not be reported: %v", got)
	}
}
