package probe

import (
	"context"
	"strings"
	"testing"

	"github.com/privnum/terraform-provider-privatenumber/internal/client"
	"github.com/privnum/terraform-provider-privatenumber/internal/emulator"
)

// seedSweep makes, in every mode, one binding with the test marker and one
// without, and returns the IDs of the marked ones.
func seedSweep(t *testing.T, p *platform) map[string]bool {
	t.Helper()
	ctx := context.Background()
	cl := func(mode string) *client.Client {
		c, err := client.New(client.Config{Endpoint: p.srv.URL, AppKey: "probe-" + strings.ToLower(mode) + "-app", AppSecret: secretOf(mode)})
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	must := func(id string, err error) string {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	marked := map[string]bool{}
	marker := Marker + "-acc-1"
	ax, axb, axe, axyb := cl("AX"), cl("AXB"), cl("AXE"), cl("AXYB")
	r1, err := ax.BindAX(ctx, client.AXBindRequest{ANumber: aNumbers[0], XNumber: xNumbers["AX"][0], UserData: marker, PowerOn: true})
	marked[must(r1.SubscriptionID, err)] = true
	_, err = ax.BindAX(ctx, client.AXBindRequest{ANumber: aNumbers[1], XNumber: xNumbers["AX"][1], UserData: "production", PowerOn: true})
	must("", err)
	r2, err := axb.BindAXB(ctx, client.AXBBindRequest{XNumber: xNumbers["AXB"][0], ANumber: aNumbers[0], BNumber: bNumbers[0], UserData: marker})
	marked[must(r2.SubscriptionID, err)] = true
	_, err = axb.BindAXB(ctx, client.AXBBindRequest{XNumber: xNumbers["AXB"][0], ANumber: "+8613700000031", BNumber: "+8613700000032"})
	must("", err)
	r3, err := axe.BindAXE(ctx, client.AXEBindRequest{XNumber: xNumbers["AXE"][0], ANumber: aNumbers[0], UserData: marker})
	marked[must(r3.SubscriptionID, err)] = true
	_, err = axe.BindAXE(ctx, client.AXEBindRequest{XNumber: xNumbers["AXE"][0], ANumber: aNumbers[1], UserData: "x" + Marker})
	must("", err)
	for i, ud := range []string{marker, "production"} {
		g, err := axyb.BindAXYB(ctx, client.AXYBBindRequest{ANumber: aNumbers[i], UserData: ud})
		must(g.SubscriptionID, err)
		if ud == marker {
			marked[g.SubscriptionID] = true
		}
		_, err = axyb.BindAXYBMember(ctx, client.AXYBMemberBindRequest{SubscriptionID: g.SubscriptionID, BNumber: bNumbers[0]})
		must("", err)
	}
	return marked
}

func (p *platform) sweepOptions(act bool, out *strings.Builder) SweepOptions {
	opt := p.options(false, 0)
	return SweepOptions{Endpoint: p.srv.URL, Apps: opt.Apps, Act: act, Out: out}
}

// TestSweepUnbindsOnlyMarked: a dry run changes nothing and says what it
// would unbind; with Act only the bindings carrying the marker go (an AXYB
// group only when its records name it), and every line is masked.
func TestSweepUnbindsOnlyMarked(t *testing.T) {
	for _, groupRecords := range []bool{true, false} {
		p := newPlatform(t, emulator.Dialect{AXYBGroupRecord: groupRecords})
		marked := seedSweep(t, p)
		before := p.emu.Bindings("", "")

		var dry strings.Builder
		res, err := Sweep(context.Background(), p.sweepOptions(false, &dry))
		if err != nil {
			t.Fatal(err)
		}
		if n := len(p.emu.Bindings("", "")); n != len(before) || res.Unbound != 0 {
			t.Fatalf("dry run: %d entries left of %d, %d unbound", n, len(before), res.Unbound)
		}
		wantWould := 4
		if !groupRecords {
			wantWould = 3 // the AXYB group cannot be named from member-only records
		}
		if got := strings.Count(dry.String(), "would unbind"); got != wantWould {
			t.Errorf("groupRecords=%v: dry run announces %d unbinds, want %d:\n%s", groupRecords, got, wantWould, dry.String())
		}

		var act strings.Builder
		res, err = Sweep(context.Background(), p.sweepOptions(true, &act))
		if err != nil {
			t.Fatal(err)
		}
		for _, b := range p.emu.Bindings("", "") {
			if marked[b.SubscriptionID] && (groupRecords || b.Mode != "AXYB") {
				t.Errorf("groupRecords=%v: marked %s binding %s is still there", groupRecords, b.Mode, b.SubscriptionID)
			}
		}
		for _, b := range before {
			if !marked[b.SubscriptionID] && !stillThere(p, b.SubscriptionID) {
				t.Errorf("groupRecords=%v: unmarked %s binding %s was unbound", groupRecords, b.Mode, b.SubscriptionID)
			}
		}
		if res.Unbound != wantWould || (!groupRecords && len(res.Stuck) != 1) {
			t.Errorf("groupRecords=%v: result %+v", groupRecords, res)
		}
		for _, out := range []string{dry.String(), act.String()} {
			for _, n := range append(append([]string{"+8613700000031"}, aNumbers...), xNumbers["AXB"]...) {
				if strings.Contains(out, n) {
					t.Errorf("the sweeper printed the full number %s", n)
				}
			}
		}
	}
}

func stillThere(p *platform, id string) bool {
	for _, b := range p.emu.Bindings("", "") {
		if b.SubscriptionID == id {
			return true
		}
	}
	return false
}
