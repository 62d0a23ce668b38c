package client

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestLoggerNeverSeesSecrets(t *testing.T) {
	var (
		mu    sync.Mutex
		lines []string
		calls []map[string]any
	)
	logger := func(ctx context.Context, msg string, fields map[string]any) {
		mu.Lock()
		defer mu.Unlock()
		lines = append(lines, fmt.Sprintf("%s %v %#v", msg, fields, fields))
		calls = append(calls, fields)
	}
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) {
		switch {
		case n%5 == 1:
			writeJSON(w, 429, `{"resultcode":"1010010","resultdesc":"flow control"}`)
		case n%7 == 3:
			writeJSON(w, 403, `{"resultcode":"1010002","resultdesc":"Invalid request.callerNum `+numA+` calleeNum `+numB+`"}`)
		case r.Method == http.MethodPost:
			ok(w, `"subscriptionId":"s","relationNum":"`+numX+`","relationNumber":"`+numX+`","origNum":"`+numA+`","privateNum":"`+numX+`"`)
		default:
			ok(w, `"totalCount":1,"relationNumList":[{"subscriptionId":"s","callerNum":"`+numA+`"}]`)
		}
	})
	c := f.client(func(c *Config) { c.Logger = logger })
	ctx := ctxT(t)
	for range 2 {
		_, _ = c.BindAXB(ctx, AXBBindRequest{XNumber: numX, ANumber: numA, BNumber: numB})
		_ = c.ModifyAXB(ctx, AXBModifyRequest{SubscriptionID: "s", ANumber: ptr(numC), BNumber: ptr(numB)})
		_, _ = c.QueryAXB(ctx, AXBQuery{XNumber: numX, ANumber: numA, BNumber: numB})
		_ = c.UnbindAXB(ctx, AXBUnbindRequest{XNumber: numX})
		_, _ = c.BindAX(ctx, AXBindRequest{ANumber: numA, XNumber: numX})
		_ = c.SetAXTemporaryCallee(ctx, AXCalleeRequest{ANumber: numA, XNumber: numX, CalleeNumber: numC})
		_, _ = c.QueryAX(ctx, AXQuery{ANumber: numA})
		_ = c.UnbindAX(ctx, AXUnbindRequest{ANumber: numA, XNumber: numX})
		_ = c.ModifyAX(ctx, AXModifyRequest{ANumber: numA, XNumber: numX, RecordFlag: ptr(true)})
		_, _ = c.BindAXE(ctx, AXEBindRequest{ANumber: numA, XNumber: numX, CallbackNumber: numC})
		_, _ = c.QueryAXE(ctx, AXEQuery{XNumber: numX, Extension: "1"})
		_ = c.ModifyAXE(ctx, AXEModifyRequest{XNumber: numX, Extension: "1", CallbackNumber: ptr(numC)})
		_ = c.UnbindAXE(ctx, AXEUnbindRequest{XNumber: numX, Extension: "1"})
		_, _ = c.BindAXYB(ctx, AXYBBindRequest{ANumber: numA})
		_, _ = c.BindAXYBMember(ctx, AXYBMemberBindRequest{SubscriptionID: "s", BNumber: numB})
		_, _ = c.QueryAXYB(ctx, AXYBQuery{XNumber: numX})
		_ = c.UnbindAXYB(ctx, AXYBUnbindRequest{SubscriptionID: "s", YNumber: numY})
		_, _ = c.RecordingURL(ctx, "f", "d")
		_ = c.StopCall(ctx, "sess")
	}
	// A failing transport: its error text would carry the URL with numbers.
	dead, _ := New(Config{Endpoint: "http://" + freeAddr(t), AppKey: testKey, AppSecret: testSecret, MaxRetries: 1,
		RetryWaitMin: time.Millisecond, Logger: logger})
	_, _ = dead.QueryAXB(ctx, AXBQuery{XNumber: numX, ANumber: numA})

	mu.Lock()
	defer mu.Unlock()
	all := strings.Join(lines, "\n")
	forbidden := []string{testSecret, "X-AKSK", "PasswordDigest", "UsernameToken", numA, numB, numX, numY, numC,
		strings.TrimPrefix(numA, "+"), strings.TrimPrefix(numX, "+"), "%2B86"}
	for _, s := range f.requests() {
		nonce, digest := checkSigned(t, s)
		forbidden = append(forbidden, digest, nonce)
	}
	for _, s := range forbidden {
		if strings.Contains(all, s) {
			t.Errorf("log output contains %q", s)
		}
	}
	if !strings.Contains(all, MaskNumber(numA)) || !strings.Contains(all, MaskNumber(numX)) {
		t.Errorf("log output lacks the masked numbers")
	}
	seenOps := map[string]bool{}
	for _, fl := range calls {
		for _, k := range []string{"operation", "attempt", "duration_ms"} {
			if _, ok := fl[k]; !ok {
				t.Errorf("fields %v lack %s", fl, k)
			}
		}
		if _, hasErr := fl["error"]; !hasErr {
			if _, ok := fl["http_status"]; !ok {
				t.Errorf("fields %v lack http_status", fl)
			}
		}
		seenOps[fmt.Sprint(fl["operation"])] = true
	}
	for _, op := range []string{"AX.bind", "AX.unbind", "AX.modify", "AX.query", "AX.set_callee", "AXB.bind", "AXB.unbind", "AXB.modify",
		"AXB.query", "AXE.bind", "AXE.unbind", "AXE.modify", "AXE.query", "AXYB.bind", "AXYB.unbind", "AXYB.query", "recording.url", "call.stop"} {
		if !seenOps[op] {
			t.Errorf("no log line for %s", op)
		}
	}
	if !strings.Contains(all, "result_code:1010002") || !strings.Contains(all, "result_code:0") || !strings.Contains(all, "attempt:2") {
		t.Errorf("log output lacks result codes or retries:\n%s", all)
	}
}
