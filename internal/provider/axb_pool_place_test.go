package provider

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/privnum/terraform-provider-privatenumber/internal/client"
)

// Placement is a pure function of the configuration, the state and the
// bindings seen: these tests drive it without a platform.

func cfgPair(a, b string) axbPoolPair {
	return axbPoolPair{axbRecord: axbRecord{ID: types.StringUnknown(), XNumber: types.StringNull(), ANumber: types.StringValue(a), BNumber: types.StringValue(b),
		CallDirection: types.StringValue("both"), RecordCalls: types.BoolValue(false), MaxCallMinutes: types.Int64Value(0),
		SMSEnabled: types.BoolValue(true)}}
}

func pinned(p axbPoolPair, x string) axbPoolPair { p.XNumber = types.StringValue(x); return p }

func boundPair(id, x, a, b string) axbPoolPair {
	p := cfgPair(a, b)
	p.ID, p.XNumber = types.StringValue(id), types.StringValue(x)
	return p
}

func undeclaredAt(id, x, a, b string) axbPoolBinding {
	return axbPoolBinding{ID: types.StringValue(id), XNumber: types.StringValue(x), ANumber: types.StringValue(a), BNumber: types.StringValue(b)}
}

// planPool plans cfg (the planned pairs are the configured ones) against state and observed.
func planPool(xs []string, cfg, state map[string]axbPoolPair, observed []axbPoolBinding, maxPerX int, exclusive bool) axbPoolPlanOut {
	return axbPoolPlan(axbPoolPlanIn{xs: xs, exclusive: exclusive, config: cfg, planned: cfg, state: state, observed: observed, maxPerX: maxPerX})
}

func placed(out axbPoolPlanOut) map[string]string {
	m := map[string]string{}
	for k, p := range out.pairs {
		m[k] = p.XNumber.ValueString()
	}
	return m
}

func TestAXBPoolPlan_deterministicSpread(t *testing.T) {
	xs := []string{"+8617000000101", "+8617000000102", "+8617000000103"}
	cfg := map[string]axbPoolPair{}
	for i := 0; i < 9; i++ {
		cfg[fmt.Sprintf("k%d", i)] = cfgPair(fmt.Sprintf("+86138%08d", i), fmt.Sprintf("+86139%08d", i))
	}
	first := placed(planPool(xs, cfg, nil, nil, 5000, true))
	for i := 0; i < 20; i++ { // map iteration order must not matter
		if again := placed(planPool(xs, cfg, nil, nil, 5000, true)); fmt.Sprint(again) != fmt.Sprint(first) {
			t.Fatalf("placement differs between runs: %v then %v", first, again)
		}
	}
	count := map[string]int{}
	for _, x := range first {
		count[x]++
	}
	for _, x := range xs {
		if count[x] != 3 {
			t.Fatalf("9 pairs on 3 X numbers should be spread 3/3/3, got %v", count)
		}
	}
	if first["k0"] != xs[0] || first["k1"] != xs[1] || first["k2"] != xs[2] {
		t.Fatalf("keys in order go to the least loaded X, first X on a tie: %v", first)
	}
}

func TestAXBPoolPlan_eachNumberOncePerX(t *testing.T) {
	xs := []string{"+8617000000101", "+8617000000102"}
	cfg := map[string]axbPoolPair{
		"a": cfgPair("+8613800000001", "+8613900000001"),
		"b": cfgPair("+8613800000001", "+8613900000002"), // same A
		"c": cfgPair("+8613900000001", "+8613800000009"), // B of a as A
	}
	out := planPool(xs, cfg, nil, nil, 5000, true)
	got := placed(out)
	if got["a"] == got["b"] || got["a"] == got["c"] {
		t.Fatalf("a number twice on one X: %v", got)
	}
	cfg["d"] = cfgPair("+8613800000001", "+8613900000003") // a third pair with that A: no room
	out = planPool(xs, cfg, nil, nil, 5000, true)
	if why := out.problems["d"]; !strings.Contains(why, "already carries a_number +8613800000001") {
		t.Fatalf("want a problem for d naming the number, got %q (all: %v)", why, out.problems)
	}
}

func TestAXBPoolPlan_stableAndMoves(t *testing.T) {
	x1, x2 := "+8617000000101", "+8617000000102"
	state := map[string]axbPoolPair{
		"old": boundPair("id-old", x2, "+8613800000001", "+8613900000001"),
		"b":   boundPair("id-b", x2, "+8613800000002", "+8613900000002"),
	}
	cfg := map[string]axbPoolPair{
		"new":     cfgPair("+8613800000003", "+8613900000003"),
		"renamed": cfgPair("+8613800000001", "+8613900000001"), // old's numbers under a new key
		"b":       cfgPair("+8613800000002", "+8613900000009"), // B changes; fits on x2
	}
	out := planPool([]string{x1, x2}, cfg, state, nil, 5000, true)
	if p := out.pairs["renamed"]; p.ID.ValueString() != "id-old" || p.XNumber.ValueString() != x2 {
		t.Fatalf("a renamed key keeps id and X: %+v", p)
	}
	if p := out.pairs["b"]; p.ID.ValueString() != "id-b" || p.XNumber.ValueString() != x2 {
		t.Fatalf("a changed B that fits is modified in place: %+v", p)
	}
	if p := out.pairs["new"]; !p.ID.IsUnknown() || p.XNumber.ValueString() != x1 {
		t.Fatalf("a new pair goes to the emptier X: %+v", p)
	}
	// x2 leaves the pool: its pairs move to x1, as new bindings.
	out = planPool([]string{x1}, cfg, state, nil, 5000, true)
	for _, k := range []string{"renamed", "b"} {
		if p := out.pairs[k]; !p.ID.IsUnknown() || p.XNumber.ValueString() != x1 {
			t.Fatalf("%s should move to x1 with a new id: %+v", k, p)
		}
	}
	// A record_hint_tone change binds again, on the same X.
	changed := cfgPair("+8613800000001", "+8613900000001")
	changed.RecordHintTone = types.StringValue("hint.wav")
	out = planPool([]string{x1, x2}, map[string]axbPoolPair{"old": changed}, state, nil, 5000, true)
	if p := out.pairs["old"]; !p.ID.IsUnknown() || p.XNumber.ValueString() != x2 {
		t.Fatalf("a rebind keeps the X and gets a new id: %+v", p)
	}
}

func TestAXBPoolPlan_undeclared(t *testing.T) {
	x1, x2 := "+8617000000101", "+8617000000102"
	observed := []axbPoolBinding{
		undeclaredAt("u1", x1, "+8613800000001", "+8613900000001"),
		undeclaredAt("u2", x1, "+8613800000005", "+8613900000005"),
	}
	cfg := map[string]axbPoolPair{
		"adopt": cfgPair("+8613800000005", "+8613900000005"), // exactly u2
		"clash": cfgPair("+8613800000001", "+8613900000002"), // A of u1
	}
	for _, exclusive := range []bool{true, false} {
		out := planPool([]string{x1, x2}, cfg, nil, observed, 5000, exclusive)
		if p := out.pairs["adopt"]; p.XNumber.ValueString() != x1 || !p.ID.IsUnknown() {
			t.Fatalf("exclusive=%v: the pair with u2's numbers adopts it on x1: %+v", exclusive, p)
		}
		if x := out.pairs["clash"].XNumber.ValueString(); x != x2 {
			t.Fatalf("exclusive=%v: placement keeps clear of an undeclared binding's numbers, even when it is unbound: got %s", exclusive, x)
		}
		want := 0
		if !exclusive {
			want = 1 // u1 stays; u2 is adopted
		}
		if len(out.undeclared) != want {
			t.Fatalf("exclusive=%v: planned undeclared %v, want %d", exclusive, out.undeclared, want)
		}
	}
	// A full X: its room is not used.
	out := planPool([]string{x1}, map[string]axbPoolPair{"k": cfgPair("+8613800000009", "+8613900000009")}, nil, observed, 2, false)
	if why := out.problems["k"]; !strings.Contains(why, "is full (2 pairs)") {
		t.Fatalf("want a full-X problem, got %q", why)
	}
}

func TestAXBPoolPlan_pinned(t *testing.T) {
	x1, x2 := "+8617000000101", "+8617000000102"
	cfg := map[string]axbPoolPair{
		"free": cfgPair("+8613800000001", "+8613900000001"),
		"pin":  pinned(cfgPair("+8613800000001", "+8613900000002"), x1),
	}
	out := planPool([]string{x1, x2}, cfg, nil, nil, 5000, true)
	if got := placed(out); got["pin"] != x1 || got["free"] != x2 {
		t.Fatalf("a pinned pair is placed first, on its pin; the free one elsewhere: %v", got)
	}
	cfg["pin2"] = pinned(cfgPair("+8613800000001", "+8613900000003"), x1)
	out = planPool([]string{x1, x2}, cfg, nil, nil, 5000, true)
	if why := out.problems["pin2"]; !strings.Contains(why, "its x_number "+x1+" already carries a_number") {
		t.Fatalf("want a pin problem, got %q", why)
	}
}

func TestAXBPoolRefresh(t *testing.T) {
	x1 := "+8617000000101"
	state := map[string]axbPoolPair{
		"kept": boundPair("id-1", x1, "+8613800000001", "+8613900000001"),
		"gone": boundPair("id-2", x1, "+8613800000002", "+8613900000002"),
	}
	listed := map[string][]client.AXBBinding{x1: {
		{SubscriptionID: "id-1", XNumber: x1, ANumber: "+8613800000001", BNumber: "+8613900000001", RecordFlag: true, PrivateSMS: true},
		{SubscriptionID: "id-3", XNumber: x1, ANumber: "+8613800000003", BNumber: "+8613900000003"},
	}}
	pairs, und := axbPoolRefresh(context.Background(), state, listed, false)
	if _, ok := pairs["gone"]; ok || len(pairs) != 1 {
		t.Fatalf("a pair unbound elsewhere leaves the state: %v", pairs)
	}
	if !pairs["kept"].RecordCalls.ValueBool() {
		t.Fatalf("a pair changed elsewhere shows the platform's values: %+v", pairs["kept"])
	}
	if len(und) != 1 || und[0].ID.ValueString() != "id-3" {
		t.Fatalf("undeclared: %v", und)
	}
	pairs, und = axbPoolRefresh(context.Background(), nil, listed, true)
	if len(pairs) != 2 || len(und) != 0 || pairs[x1+"/+8613800000003/+8613900000003"].ID.ValueString() != "id-3" {
		t.Fatalf("import adopts every binding, keyed X/A/B: %v %v", pairs, und)
	}
}
