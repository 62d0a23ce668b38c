package provider

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/privnum/terraform-provider-privatenumber/internal/client"
	"github.com/privnum/terraform-provider-privatenumber/internal/emulator"
)

func TestAXYBParseMemberID(t *testing.T) {
	sub, b, err := axybParseMemberID("0123abcd/+8613900000001")
	if err != nil || sub != "0123abcd" || b != "+8613900000001" {
		t.Fatalf("got %q %q %v", sub, b, err)
	}
	for _, bad := range []string{"", "abc", "/+8613900000001", "abc/", "abc/13900000001"} {
		if _, _, err := axybParseMemberID(bad); err == nil {
			t.Errorf("%q: expected an error", bad)
		}
	}
}

func TestAXYBCheckMemberLifetime(t *testing.T) {
	cases := []struct {
		lifetime, member types.String
		ok               bool
	}{
		{types.StringNull(), types.StringValue("2160h"), true}, // permanent group
		{types.StringValue("0s"), types.StringValue("1h"), true},
		{types.StringValue("1h"), types.StringValue("60m"), true}, // the same length
		{types.StringValue("1h"), types.StringValue("3601s"), false},
		{types.StringUnknown(), types.StringValue("3601s"), true}, // unknown: checked later
		{types.StringValue("1h"), types.StringUnknown(), true},
		{types.StringValue("1h"), types.StringNull(), true},
	}
	for _, c := range cases {
		msg, ok := axybCheckMemberLifetime(c.lifetime, c.member)
		if ok != c.ok {
			t.Errorf("%v/%v: ok %v, want %v (%s)", c.lifetime, c.member, ok, c.ok, msg)
		}
		if !ok && !strings.Contains(msg, "member_lifetime") {
			t.Errorf("message does not name the attribute: %s", msg)
		}
	}
}

// axybTestClient is a client of the test emulator's AXYB application.
func axybTestClient(t *testing.T, env *accEnv) *client.Client {
	t.Helper()
	c, err := client.New(client.Config{Endpoint: env.server.URL, AppKey: testAppKey("AXYB"), AppSecret: testAppKey("AXYB") + testSecretSuffix})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// lostAnswer makes the first member bind fail with an unknown outcome
// without sending it (the request never reached the platform).
type lostAnswer struct {
	client.API
	lost, sent int
}

func (l *lostAnswer) BindAXYBMember(ctx context.Context, req client.AXYBMemberBindRequest) (*client.AXYBBindResult, error) {
	if l.lost == 0 {
		l.lost++
		return nil, &client.UnknownOutcomeError{Operation: "AXYB.bind", Cause: errors.New("connection reset")}
	}
	l.sent++
	return l.API.BindAXYBMember(ctx, req)
}

// failingQuery makes every query fail, so whether a member exists cannot be told.
type failingQuery struct{ client.API }

func (failingQuery) QueryAXYB(context.Context, client.AXYBQuery) ([]client.AXYBRelation, error) {
	return nil, &client.Error{Operation: "AXYB.query", HTTPStatus: 500, ResultCode: "1020002", ResultDesc: "Internal error."}
}

// axybBindMember against the emulator: a member whose bind answer is lost is
// found and adopted; one that surely is not there is bound once more; when the
// group cannot be queried, the unknown outcome is reported and nothing is re-sent.
func TestAXYBBindMemberUnknownOutcome(t *testing.T) {
	env := newAccEnv(t)
	c := axybTestClient(t, env)
	ctx := context.Background()
	g, err := c.BindAXYB(ctx, client.AXYBBindRequest{ANumber: axybDriver, AreaCode: "010"})
	if err != nil {
		t.Fatal(err)
	}
	members := func() int { return len(axybGroups(env.emu)[g.SubscriptionID]) - 1 }

	// The platform commits the bind and the answer is lost: adopted.
	if err := env.emu.SetFaults(emulator.Faults{Rules: []emulator.FaultRule{{Operation: "AXYB.bind", Kind: "drop_response_after_commit"}}}); err != nil {
		t.Fatal(err)
	}
	before := env.axybBindRequests()
	bound, err := axybBindMember(ctx, c, client.AXYBMemberBindRequest{SubscriptionID: g.SubscriptionID, BNumber: axybCustomer(1)})
	env.emu.ClearFaults()
	if err != nil || bound == nil || bound.rec == nil {
		t.Fatalf("expected the member to be adopted, got %v err %v", bound, err)
	}
	rec := bound.rec
	if rec.BNumber != axybCustomer(1) || rec.YNumber == "" {
		t.Fatalf("adopted record %+v", rec)
	}
	if n := env.axybBindRequests() - before; n != 1 || members() != 1 {
		t.Fatalf("expected one bind request and one member, got %d requests and %d members", n, members())
	}

	// The bind never reached the platform: the member surely is not there, bind once more.
	lost := &lostAnswer{API: c}
	bound, err = axybBindMember(ctx, lost, client.AXYBMemberBindRequest{SubscriptionID: g.SubscriptionID, BNumber: axybCustomer(2)})
	if err != nil || bound == nil || bound.rec != nil || bound.y == "" || lost.sent != 1 || members() != 2 {
		t.Fatalf("expected one more bind, got %v err %v sent %d members %d", bound, err, lost.sent, members())
	}

	// Whether it exists cannot be told: report the unknown outcome, send nothing more.
	lost = &lostAnswer{API: failingQuery{c}}
	_, err = axybBindMember(ctx, lost, client.AXYBMemberBindRequest{SubscriptionID: g.SubscriptionID, BNumber: axybCustomer(3)})
	var may *mayExistError
	if !client.IsUnknownOutcome(err) || !errors.As(err, &may) || lost.sent != 0 || members() != 2 {
		t.Fatalf("expected the unknown outcome and no re-send, got err %v sent %d members %d", err, lost.sent, members())
	}

	// Removing a member of a group that is gone is not an error for Delete.
	if err := c.UnbindAXYB(ctx, client.AXYBUnbindRequest{SubscriptionID: g.SubscriptionID}); err != nil {
		t.Fatal(err)
	}
	if err := c.UnbindAXYB(ctx, client.AXYBUnbindRequest{SubscriptionID: g.SubscriptionID, BNumber: axybCustomer(1)}); !client.IsNotFound(err) {
		t.Fatalf("unbinding a member of a gone group: want not found, got %v", err)
	}
	if rec, err := axybFindMember(ctx, c, g.SubscriptionID, axybCustomer(1)); rec != nil || err != nil {
		t.Fatalf("a gone group holds no member: got %v %v", rec, err)
	}
}

func TestAXYBHints(t *testing.T) {
	m := &axybMemberModel{BindingID: types.StringValue("g1"), axybMemberAttrs: axybMemberAttrs{BNumber: types.StringValue("+8613900000001")},
		AreaCode: types.StringValue("0755"), AreaMatchMode: types.StringValue("strict")}
	h := axybMemberHints(m)
	if !strings.Contains(h["1016002"], "B +8613900000001 is already a member of group g1") {
		t.Errorf("1016002 hint: %s", h["1016002"])
	}
	if !strings.Contains(h["1012008"], "area 0755") {
		t.Errorf("1012008 hint: %s", h["1012008"])
	}
	g := &axybBindingModel{axybRecord: axybRecord{ANumber: types.StringValue(axybDriver)}, AreaCode: types.StringValue("010"), AreaMatchMode: types.StringValue("strict")}
	if hint := axybBindingHints(g)["1012008"]; !strings.Contains(hint, "area 010") || !strings.Contains(hint, axybDriver) {
		t.Errorf("group 1012008 hint: %s", hint)
	}
}
