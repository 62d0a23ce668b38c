// A minimal receiver of Private Number notifications, developed against the
// emulator: go run ./examples/guides/notifications (with the emulator's
// config naming http://127.0.0.1:9000/... as the AXB application's receivers).
package main

import (
	"context"
	"log"
	"net/http"

	"github.com/privnum/terraform-provider-privatenumber/pkg/notification"
)

func main() {
	v := notification.Verifier{AppKey: "demo-axb-app", AppSecret: "demo-axb-secret"}
	handle := func(_ context.Context, n *notification.Notification) error {
		switch {
		case n.Call != nil:
			log.Printf("call %s: %s (hang-up %q)", n.Call.SessionID, n.EventType, n.Call.StateCode)
		case n.Fees != nil:
			for _, c := range n.Fees {
				log.Printf("CDR %s: talked %s, recording %q", c.SessionID, c.TalkTime(), c.RecordObjectName)
			}
		default:
			for _, s := range n.NumberStatus {
				log.Printf("number …%s is now status %s (cause %q)", last4(string(s.Number)), s.Status, s.Cause)
			}
		}
		return nil // 200; an error answers 500 and the platform retries
	}
	mux := http.NewServeMux()
	for _, p := range []string{"/events", "/cdr", "/status"} {
		mux.Handle(p, notification.Handler(v, handle))
	}
	log.Fatal(http.ListenAndServe("127.0.0.1:9000", mux))
}

// last4 keeps phone numbers out of the logs.
func last4(n string) string {
	if len(n) < 4 {
		return ""
	}
	return n[len(n)-4:]
}
