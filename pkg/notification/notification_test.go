package notification

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

var t0 = time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC)

func akskHeader(key, secret, nonce string, created time.Time) string {
	c := created.Format("2006-01-02T15:04:05Z")
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte(nonce + c))
	return fmt.Sprintf(`UsernameToken Username="%s", PasswordDigest="%s", Nonce="%s", Created="%s"`,
		key, base64.StdEncoding.EncodeToString(m.Sum(nil)), nonce, c)
}

func verifier() Verifier {
	return Verifier{AppKey: "app", AppSecret: "secret", Now: func() time.Time { return t0 }}
}

func TestVerify(t *testing.T) {
	wsse := func(created time.Time) string {
		c := created.Format("2006-01-02T15:04:05Z")
		sum := sha256.Sum256([]byte("n1" + c + "secret"))
		return fmt.Sprintf(`UsernameToken Username="app",PasswordDigest="%s",Nonce="n1",Created="%s"`, base64.StdEncoding.EncodeToString(sum[:]), c)
	}
	good := akskHeader("app", "secret", "n1", t0.Add(-time.Minute))
	cases := []struct {
		name, header, value string
		want                error
	}{
		{"good", "X-AKSK", good, nil},
		{"good legacy WSSE", "X-WSSE", wsse(t0), nil},
		{"tampered nonce", "X-AKSK", strings.Replace(good, `Nonce="n1"`, `Nonce="n2"`, 1), ErrBadSignature},
		{"wrong secret", "X-AKSK", akskHeader("app", "other", "n1", t0), ErrBadSignature},
		{"stale", "X-AKSK", akskHeader("app", "secret", "n1", t0.Add(-6*time.Minute)), ErrStale},
		{"from the future", "X-AKSK", akskHeader("app", "secret", "n1", t0.Add(6*time.Minute)), ErrStale},
		{"another app", "X-AKSK", akskHeader("other", "secret", "n1", t0), ErrWrongApp},
		{"unsigned", "X-Other", good, ErrUnsigned},
		{"garbled", "X-AKSK", `UsernameToken Username=app`, ErrUnsigned},
	}
	for _, c := range cases {
		h := http.Header{}
		h.Set(c.header, c.value)
		if err := verifier().Verify(h); !errors.Is(err, c.want) {
			t.Errorf("%s: got %v, want %v", c.name, err, c.want)
		}
	}
}

func TestDecode(t *testing.T) {
	n, err := Decode([]byte(`{"eventType":"disconnect","statusInfo":{"timestamp":"2026-11-29 12:00:00","sessionId":"s1","caller":"+8613800000001","called":"+8617000000101","stateCode":8016,"stateDesc":"x"}}`))
	if err != nil || n.Call == nil || n.Call.StateCode != "8016" || n.Call.EventType != "disconnect" || n.Call.SessionID != "s1" {
		t.Fatalf("disconnect: %+v %v", n, err)
	}
	n, err = Decode([]byte(`{"eventType":"fee","feeLst":[{"sessionId":"a","fwdAnswerTime":"2026-11-29 12:00:00","callEndTime":"2026-11-29 12:01:30","recordFlag":1},{"sessionId":"b","callEndTime":"2026-11-29 12:00:00"}]}`))
	if err != nil || len(n.Fees) != 2 || n.Fees[0].TalkTime() != 90*time.Second || n.Fees[1].TalkTime() != 0 || n.Fees[0].RecordFlag != "1" {
		t.Fatalf("fee: %+v %v", n, err)
	}
	n, err = Decode([]byte(`{"eventType":"numStatus","numInfo":[{"number":"+8617000000001","status":"10","cause":"2"}]}`))
	if err != nil || len(n.NumberStatus) != 1 || n.NumberStatus[0].Cause != "2" {
		t.Fatalf("numStatus: %+v %v", n, err)
	}
	for _, bad := range []string{`{"eventType":"nope"}`, `{"eventType":"fee","feeLst":[]}`, `{"eventType":"answer"}`, `[1]`, `{"eventType":"answer","statusInfo":{"caller":{}}}`} {
		if _, err := Decode([]byte(bad)); err == nil {
			t.Errorf("%s: want an error", bad)
		}
	}
}

func TestHandler(t *testing.T) {
	var got []*Notification
	fail := false
	h := Handler(verifier(), func(_ context.Context, n *Notification) error {
		if fail {
			return errors.New("database down")
		}
		got = append(got, n)
		return nil
	})
	post := func(sig, body string) int {
		r := httptest.NewRequest("POST", "/", strings.NewReader(body))
		r.Header.Set("X-AKSK", sig)
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		return w.Code
	}
	good := akskHeader("app", "secret", "n", t0)
	body := `{"eventType":"callin","statusInfo":{"sessionId":"s"}}`
	if c := post(good, body); c != 200 || len(got) != 1 {
		t.Fatalf("good: %d %d", c, len(got))
	}
	if c := post(akskHeader("app", "bad", "n", t0), body); c != 401 || len(got) != 1 {
		t.Fatalf("bad signature: %d", c)
	}
	if c := post(good, `{`); c != 400 {
		t.Fatalf("bad body: %d", c)
	}
	fail = true
	if c := post(good, body); c != 500 {
		t.Fatalf("receiver failure must ask for a retry: %d", c)
	}
}
