package client

import (
	"context"
	"net/http"
	"testing"
)

// BenchmarkQueryAXBRoundTrip measures one signed, rate-limited query over
// loopback, decoding included.
func BenchmarkQueryAXBRoundTrip(b *testing.B) {
	f := newFake(b, func(w http.ResponseWriter, r *http.Request, n int) {
		ok(w, `"totalCount":1,"relationNumList":[{"subscriptionId":"s","relationNum":"`+numX+`","callerNum":"`+numA+`","calleeNum":"`+numB+
			`","callDirection":0,"duration":0,"recordFlag":"false","privateSms":"true","subscribeTime":"2026-01-02 03:04:05"}]`)
	})
	c := f.client(func(c *Config) { c.RequestsPerSecond = 1e9 })
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := c.QueryAXB(ctx, AXBQuery{SubscriptionID: "s"}); err != nil {
			b.Fatal(err)
		}
	}
}
