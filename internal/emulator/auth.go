package emulator

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"net"
	"net/http"
	"regexp"
	"strings"
	"time"
)

// Authentication: X-AKSK and X-WSSE tokens, clock skew, nonce replay and lock-out (reference §2).

var (
	nonceRe   = regexp.MustCompile(`^[0-9A-Za-z]{1,128}$`)
	createdRe = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$`)
)

// tokenField parses one `Name="value"` item of a UsernameToken header
// (spaces around "=" tolerated).
func tokenField(part string) (string, string, bool) {
	eq := strings.IndexByte(part, '=')
	if eq <= 0 {
		return "", "", false
	}
	name := strings.TrimSpace(part[:eq])
	for _, r := range name {
		if !(r == '_' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
			return "", "", false
		}
	}
	v := strings.TrimSpace(part[eq+1:])
	if len(v) < 2 || v[0] != '"' || v[len(v)-1] != '"' || strings.IndexByte(v[1:len(v)-1], '"') >= 0 {
		return "", "", false
	}
	return name, v[1 : len(v)-1], true
}

func clientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

func (e *Emulator) authenticate(r *http.Request) (*appState, *apiError) {
	realNow := e.clock()
	ip := clientIP(r)
	if af := e.authFails[ip]; af != nil && realNow.Before(af.lockedUntil) {
		return nil, apiErr("1020176")
	}
	app, aerr := e.checkToken(r, realNow)
	if aerr != nil {
		af := e.authFails[ip]
		if af == nil {
			af = &authFail{}
			e.authFails[ip] = af
		}
		cut := realNow.Add(-e.limits.lockWindow)
		kept := af.times[:0]
		for _, t := range af.times {
			if t.After(cut) {
				kept = append(kept, t)
			}
		}
		kept = append(kept, realNow)
		af.times = kept
		if len(af.times) >= e.limits.lockFailures {
			af.lockedUntil = realNow.Add(e.limits.lockFor)
			af.times = nil
		}
		return nil, aerr
	}
	return app, nil
}

func (e *Emulator) checkToken(r *http.Request, realNow time.Time) (*appState, *apiError) {
	header, legacy := r.Header.Get("X-AKSK"), false
	if header == "" {
		header, legacy = r.Header.Get("X-WSSE"), true
	}
	header = strings.TrimSpace(header)
	if !strings.HasPrefix(header, "UsernameToken ") {
		return nil, e.errAuthHeader("1023006")
	}
	fields := map[string]string{}
	rest := strings.TrimSpace(strings.TrimPrefix(header, "UsernameToken "))
	for _, part := range strings.Split(rest, ",") {
		name, value, ok := tokenField(strings.TrimSpace(part))
		if !ok {
			return nil, e.errAuthHeader("1023033")
		}
		if _, dup := fields[name]; dup {
			return nil, e.errAuthHeader("1023033")
		}
		fields[name] = value
	}
	user, digest, nonce, created := fields["Username"], fields["PasswordDigest"], fields["Nonce"], fields["Created"]
	if user == "" || digest == "" || nonce == "" || created == "" || len(fields) != 4 {
		return nil, e.errAuthHeader("1023034")
	}
	app := e.apps[user]
	if app == nil {
		return nil, apiErr("1010003")
	}
	t, err := time.Parse("2006-01-02T15:04:05Z", created)
	if err != nil || !createdRe.MatchString(created) {
		return nil, apiErr("1010013")
	}
	if d := realNow.Sub(t); d > e.skew || d < -e.skew {
		return nil, apiErr("1010013")
	}
	var want []byte
	if legacy {
		sum := sha256.Sum256([]byte(nonce + created + app.AppSecret))
		want = sum[:]
	} else {
		m := hmac.New(sha256.New, []byte(app.AppSecret))
		m.Write([]byte(nonce + created))
		want = m.Sum(nil)
	}
	got, err := base64.StdEncoding.DecodeString(digest)
	if err != nil || !hmac.Equal(got, want) {
		return nil, e.errBadDigest()
	}
	if !nonceRe.MatchString(nonce) {
		return nil, e.errBadDigest()
	}
	// Replay protection: a (Username, Nonce) pair is accepted once within
	// the skew window (the nonce is remembered for twice the window).
	keep := 2 * e.skew
	for len(e.nonceQueue) > 0 && realNow.Sub(e.nonceQueue[0].at) > keep {
		if e.nonces[e.nonceQueue[0].key].Equal(e.nonceQueue[0].at) {
			delete(e.nonces, e.nonceQueue[0].key)
		}
		e.nonceQueue = e.nonceQueue[1:]
	}
	key := user + "|" + nonce
	if _, seen := e.nonces[key]; seen {
		return nil, e.errBadDigest()
	}
	e.nonces[key] = realNow
	e.nonceQueue = append(e.nonceQueue, nonceEntry{key, realNow})
	return app, nil
}
