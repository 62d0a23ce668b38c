// Package notification verifies and decodes the notifications Huawei Cloud
// Private Number pushes to a customer's servers: call events, CDRs and X
// number status (reference §9). It has no Terraform or client imports, so a
// receiver can use it alone; the provider's emulator pushes the same JSON.
//
//	v := notification.Verifier{AppKey: key, AppSecret: secret}
//	http.Handle("/privatenumber/events", notification.Handler(v, func(ctx context.Context, n *notification.Notification) error {
//		if n.Call != nil && n.Call.EventType == "disconnect" { … }
//		return nil // 200; an error answers 500 and the platform retries
//	}))
package notification

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"
)

// Errors of Verify.
var (
	ErrUnsigned     = errors.New("notification: no X-AKSK or X-WSSE UsernameToken header")
	ErrWrongApp     = errors.New("notification: signed for another application (Username)")
	ErrBadSignature = errors.New("notification: PasswordDigest does not verify (wrong app secret or altered header)")
	ErrStale        = errors.New("notification: Created is outside the allowed clock skew")
)

// Verifier checks the UsernameToken the platform signs notifications with:
// X-AKSK (HMAC-SHA256 of Nonce+Created keyed by the app secret) or the
// legacy X-WSSE (SHA-256 of Nonce+Created+secret), reference §2.
type Verifier struct {
	AppKey    string
	AppSecret string
	// MaxSkew is how far Created may be from Now (0: 5 minutes).
	MaxSkew time.Duration
	// Now is the receiver's clock (nil: time.Now).
	Now func() time.Time
}

// Verify checks the signature headers of one notification.
func (v Verifier) Verify(h http.Header) error {
	header, legacy := h.Get("X-AKSK"), false
	if header == "" {
		header, legacy = h.Get("X-WSSE"), true
	}
	f, ok := parseToken(header)
	if !ok {
		return ErrUnsigned
	}
	if f["Username"] != v.AppKey {
		return ErrWrongApp
	}
	nonce, created := f["Nonce"], f["Created"]
	var want []byte
	if legacy {
		sum := sha256.Sum256([]byte(nonce + created + v.AppSecret))
		want = sum[:]
	} else {
		m := hmac.New(sha256.New, []byte(v.AppSecret))
		m.Write([]byte(nonce + created))
		want = m.Sum(nil)
	}
	got, err := base64.StdEncoding.DecodeString(f["PasswordDigest"])
	if err != nil || !hmac.Equal(got, want) {
		return ErrBadSignature
	}
	t, err := time.Parse("2006-01-02T15:04:05Z", created)
	if err != nil {
		return ErrStale
	}
	now, skew := time.Now, v.MaxSkew
	if v.Now != nil {
		now = v.Now
	}
	if skew <= 0 {
		skew = 5 * time.Minute
	}
	if d := now().Sub(t); d > skew || d < -skew {
		return ErrStale
	}
	return nil
}

// parseToken reads `UsernameToken Username="…", PasswordDigest="…", Nonce="…", Created="…"`.
func parseToken(header string) (map[string]string, bool) {
	rest, ok := strings.CutPrefix(strings.TrimSpace(header), "UsernameToken ")
	if !ok {
		return nil, false
	}
	f := map[string]string{}
	for _, part := range strings.Split(rest, ",") {
		name, val, ok := strings.Cut(strings.TrimSpace(part), "=")
		val = strings.TrimSpace(val)
		if !ok || len(val) < 2 || val[0] != '"' || val[len(val)-1] != '"' {
			return nil, false
		}
		f[strings.TrimSpace(name)] = val[1 : len(val)-1]
	}
	for _, k := range []string{"Username", "PasswordDigest", "Nonce", "Created"} {
		if f[k] == "" {
			return nil, false
		}
	}
	return f, true
}

// Text is a JSON string that may also arrive as a number (decoded tolerantly).
type Text string

// UnmarshalJSON accepts a string, a number or null.
func (t *Text) UnmarshalJSON(b []byte) error {
	if bytes.Equal(b, []byte("null")) {
		*t = ""
		return nil
	}
	if len(b) > 0 && b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*t = Text(s)
		return nil
	}
	var n json.Number
	if err := json.Unmarshal(b, &n); err != nil {
		return fmt.Errorf("want a string or a number, got %s", b)
	}
	*t = Text(n.String())
	return nil
}

// CallEvent is one call event (§9.1): callin, callout, alerting, answer,
// disconnect or collectInfo (AXE).
type CallEvent struct {
	EventType      string `json:"-"`
	Timestamp      Text   `json:"timestamp"`
	SessionID      Text   `json:"sessionId"`
	Caller         Text   `json:"caller"`
	Called         Text   `json:"called"`
	SubscriptionID Text   `json:"subscriptionId"`
	UserData       Text   `json:"userData"`
	NotifyMode     Text   `json:"notifyMode"`
	StateCode      Text   `json:"stateCode"` // disconnect: hang-up reason (§11.1)
	StateDesc      Text   `json:"stateDesc"`
	DigitInfo      Text   `json:"digitInfo"` // collectInfo: the extension digits
}

// CDR is one call record of a fee notification (§9.2). Times are UTC
// `yyyy-MM-dd HH:mm:ss`; an empty FwdAnswerTime means unanswered.
type CDR struct {
	Direction             Text `json:"direction"`
	AppKey                Text `json:"appKey"`
	BindNum               Text `json:"bindNum"`
	SessionID             Text `json:"sessionId"`
	SubscriptionID        Text `json:"subscriptionId"`
	CallerNum             Text `json:"callerNum"`
	CalleeNum             Text `json:"calleeNum"`
	FwdDisplayNum         Text `json:"fwdDisplayNum"`
	FwdDstNum             Text `json:"fwdDstNum"`
	CallInTime            Text `json:"callInTime"`
	FwdStartTime          Text `json:"fwdStartTime"`
	FwdAlertingTime       Text `json:"fwdAlertingTime"`
	FwdAnswerTime         Text `json:"fwdAnswerTime"`
	CallEndTime           Text `json:"callEndTime"`
	FwdUnaswRsn           Text `json:"fwdUnaswRsn"`
	FailTime              Text `json:"failTime"`
	UlFailReason          Text `json:"ulFailReason"`
	RecordFlag            Text `json:"recordFlag"`
	RecordObjectName      Text `json:"recordObjectName"`
	RecordDomain          Text `json:"recordDomain"`
	RecordFileDownloadURL Text `json:"recordFileDownloadUrl"`
	UserData              Text `json:"userData"`
	ExtendNum             Text `json:"extendNum"`
	CallRelDirection      Text `json:"callRelDirection"`
}

// TalkTime is callEndTime − fwdAnswerTime (0 when unanswered or unreadable).
func (c CDR) TalkTime() time.Duration {
	const layout = "2006-01-02 15:04:05"
	a, err1 := time.Parse(layout, string(c.FwdAnswerTime))
	e, err2 := time.Parse(layout, string(c.CallEndTime))
	if err1 != nil || err2 != nil || e.Before(a) {
		return 0
	}
	return e.Sub(a)
}

// NumberStatus is one item of an X-number status notification (§9.3):
// status 5 normal, 9 suspended, 10 unavailable (with Cause), 11 frozen.
type NumberStatus struct {
	Number Text `json:"number"`
	Status Text `json:"status"`
	Cause  Text `json:"cause"`
}

// Notification is one decoded push; exactly one of Call, Fees and
// NumberStatus is set, as EventType says.
type Notification struct {
	EventType    string
	Call         *CallEvent
	Fees         []CDR
	NumberStatus []NumberStatus
}

// Decode reads one notification body.
func Decode(body []byte) (*Notification, error) {
	var env struct {
		EventType  string          `json:"eventType"`
		StatusInfo json.RawMessage `json:"statusInfo"`
		FeeLst     []CDR           `json:"feeLst"`
		NumInfo    []NumberStatus  `json:"numInfo"`
	}
	if err := json.Unmarshal(body, &env); err != nil {
		return nil, fmt.Errorf("notification: %w", err)
	}
	n := &Notification{EventType: env.EventType}
	switch env.EventType {
	case "callin", "callout", "alerting", "answer", "disconnect", "collectInfo":
		if len(env.StatusInfo) == 0 {
			return nil, fmt.Errorf("notification: %s without statusInfo", env.EventType)
		}
		n.Call = &CallEvent{EventType: env.EventType}
		if err := json.Unmarshal(env.StatusInfo, n.Call); err != nil {
			return nil, fmt.Errorf("notification: statusInfo: %w", err)
		}
	case "fee":
		if len(env.FeeLst) == 0 {
			return nil, errors.New("notification: fee without feeLst records")
		}
		n.Fees = env.FeeLst
	case "numStatus":
		if len(env.NumInfo) == 0 {
			return nil, errors.New("notification: numStatus without numInfo items")
		}
		n.NumberStatus = env.NumInfo
	default:
		return nil, fmt.Errorf("notification: unknown eventType %q", env.EventType)
	}
	return n, nil
}

// Handler verifies and decodes each POST and calls fn. It answers 200 when
// fn succeeds, 401 for a bad signature, 400 for a body it cannot decode and
// 500 when fn fails (the platform then retries, §9.2).
func Handler(v Verifier, fn func(context.Context, *Notification) error) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost {
			w.Header().Set("Allow", http.MethodPost)
			http.Error(w, "POST only", http.StatusMethodNotAllowed)
			return
		}
		if err := v.Verify(r.Header); err != nil {
			http.Error(w, err.Error(), http.StatusUnauthorized)
			return
		}
		body, err := io.ReadAll(io.LimitReader(r.Body, 4<<20))
		if err != nil {
			http.Error(w, "cannot read body", http.StatusBadRequest)
			return
		}
		n, err := Decode(body)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		if err := fn(r.Context(), n); err != nil {
			http.Error(w, "receiver failed", http.StatusInternalServerError)
			return
		}
		w.WriteHeader(http.StatusOK)
	})
}
