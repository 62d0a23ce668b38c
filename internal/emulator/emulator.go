package emulator

import (
	"container/heap"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"math"
	"net"
	"net/http"
	"regexp"
	"sort"
	"strings"
	"sync"
	"time"
)

// Emulator is the platform as an http.Handler, plus the admin API under
// /emulator/v1. It is safe for concurrent use.
type Emulator struct {
	mu sync.Mutex

	cfg     Config
	skew    time.Duration
	latency time.Duration
	apps    map[string]*appState
	limits  limits

	offset time.Duration    // emulator clock = real clock + offset
	clock  func() time.Time // the real clock (tests may fix it)
	seq    uint64

	bySub    map[string]*binding
	byX      map[string]map[string]*binding // X → subscriptionId → binding
	numsOnX  map[string]map[string]string   // X → A/B number → subscriptionId (AXB: A and B; AXE: A)
	extOnX   map[string]map[string]string   // X → extension → subscriptionId (AXE)
	aCount   map[string]int                 // appKey|A → X held (AX, AXYB)
	yUse     map[string]int                 // Y → relations (AXYB)
	expiries expiryHeap

	nonces     map[string]time.Time // username|nonce → real time seen
	nonceQueue []nonceEntry
	authFails  map[string]*authFail

	faults Faults
	fs     faultState
	// pauseHook, when set (tests), replaces the wait of latency.
	pauseHook func(d time.Duration)

	stats Stats

	statePath string

	closeOnce sync.Once
	done      chan struct{}
}

type limits struct {
	axbPairsPerX  int
	xPerA         int
	relationsPerY int
	lockFailures  int
	lockWindow    time.Duration
	lockFor       time.Duration
}

func defaultLimits() limits {
	return limits{axbPairsPerX: 5000, xPerA: 5, relationsPerY: 1000,
		lockFailures: 20, lockWindow: 10 * time.Minute, lockFor: 30 * time.Minute}
}

type appState struct {
	Application
	areas  []string          // sorted area codes
	areaOf map[string]string // X → area
	digits int
}

type nonceEntry struct {
	key string
	at  time.Time
}

type authFail struct {
	times       []time.Time
	lockedUntil time.Time
}

// Stats counts platform requests by operation and answers by result code.
type Stats struct {
	Requests map[string]int `json:"requests"`
	Results  map[string]int `json:"results"`
}

// New builds an emulator from a validated configuration.
func New(cfg Config) (*Emulator, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	e := &Emulator{cfg: cfg, limits: defaultLimits(), done: make(chan struct{}), clock: time.Now}
	e.skew = time.Duration(cfg.SkewSeconds) * time.Second
	if cfg.SkewSeconds == 0 {
		e.skew = 300 * time.Second
	}
	e.latency = time.Duration(cfg.LatencyMS) * time.Millisecond
	e.apps = map[string]*appState{}
	for _, a := range cfg.Applications {
		st := &appState{Application: a, areaOf: map[string]string{}, digits: a.ExtensionDigits}
		if st.digits == 0 {
			st.digits = 3
		}
		st.areas = sortedKeys(a.Numbers)
		for area, nums := range a.Numbers {
			for _, n := range nums {
				st.areaOf[n] = area
			}
		}
		e.apps[a.AppKey] = st
	}
	e.resetLocked()
	e.nonces = map[string]time.Time{}
	return e, nil
}

func (e *Emulator) resetLocked() {
	e.bySub = map[string]*binding{}
	e.byX = map[string]map[string]*binding{}
	e.numsOnX = map[string]map[string]string{}
	e.extOnX = map[string]map[string]string{}
	e.aCount = map[string]int{}
	e.yUse = map[string]int{}
	e.expiries = nil
	e.faults = Faults{}
	e.fs = faultState{}
	e.stats = Stats{Requests: map[string]int{}, Results: map[string]int{}}
	e.authFails = map[string]*authFail{}
}

// Close stops background work. The emulator has none running today; Close
// is idempotent and safe to call more than once.
func (e *Emulator) Close() { e.closeOnce.Do(func() { close(e.done) }) }

// Now is the emulator clock: the real clock plus the advanced offset.
func (e *Emulator) Now() time.Time {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.now()
}

func (e *Emulator) now() time.Time { return e.clock().UTC().Add(e.offset) }

// AdvanceClock moves the emulator clock by d; bindings that expire vanish.
func (e *Emulator) AdvanceClock(d time.Duration) time.Time {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.offset += d
	now := e.now()
	e.sweep(now)
	e.persist()
	return now
}

// SetLatency sets the latency added to every platform request.
func (e *Emulator) SetLatency(d time.Duration) {
	e.mu.Lock()
	e.latency = d
	e.mu.Unlock()
}

// Stats returns a copy of the request and result counters.
func (e *Emulator) Stats() Stats {
	e.mu.Lock()
	defer e.mu.Unlock()
	s := Stats{Requests: map[string]int{}, Results: map[string]int{}}
	for k, v := range e.stats.Requests {
		s.Requests[k] = v
	}
	for k, v := range e.stats.Results {
		s.Results[k] = v
	}
	return s
}

// ResetStats zeroes the counters.
func (e *Emulator) ResetStats() {
	e.mu.Lock()
	e.stats = Stats{Requests: map[string]int{}, Results: map[string]int{}}
	e.mu.Unlock()
}

// Reset forgets all bindings, faults, counters and authentication
// lock-outs. The clock offset, latency and seen nonces are kept.
func (e *Emulator) Reset() {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.resetLocked()
	e.persist()
}

// ---------------------------------------------------------------- answers

// apiError is a platform answer other than success.
type apiError struct {
	code, desc string
	status     int // 0: derived from code
}

func (a *apiError) Error() string { return a.code + " " + a.desc }

func errParam(name string) *apiError {
	return &apiError{code: "1010002", desc: "Invalid request." + name}
}

var descs = map[string]string{
	"0":       "Success",
	"1010002": "Invalid request.",
	"1010003": "Invalid app_key.",
	"1010005": "Invalid PasswordDigest.",
	"1010010": "The flow control upper limit is reached on the platform.",
	"1010013": "Time out limit.",
	"1010040": "The app_key is not allowed to invoke the API.",
	"1011004": "The number does not belong to the application.",
	"1012001": "Resource of number is not to be applied.",
	"1012007": "The record does not exist.",
	"1012008": "Insufficient number of resources.",
	"1012010": "The relation number has been bound.",
	"1016001": "The record does not exist.",
	"1016002": "The record already exists.",
	"1020002": "Internal error.",
	"1020167": "No idle extend Number.",
	"1020176": "Authentication failed, try again later.",
}

func apiErr(code string) *apiError {
	d, ok := descs[code]
	if !ok {
		d = "Error."
	}
	return &apiError{code: code, desc: d}
}

func statusFor(code string) int {
	switch code {
	case "0":
		return http.StatusOK
	case "1012007", "1016001":
		return http.StatusNotFound
	case "1010010":
		return http.StatusTooManyRequests
	case "1020002":
		return http.StatusInternalServerError
	}
	return http.StatusForbidden
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	data, err := json.Marshal(v)
	if err != nil {
		status = http.StatusInternalServerError
		data = []byte(`{"resultcode":"1020002","resultdesc":"Internal error."}`)
	}
	w.Header().Set("Content-Type", "application/json;charset=UTF-8")
	w.WriteHeader(status)
	_, _ = w.Write(data)
}

// ---------------------------------------------------------------- routing

type operation struct {
	name       string
	mode       string // "" = every mode
	method     string
	body       bool            // parameters in a JSON body
	specs      map[string]spec // body or query parameters
	querySpecs map[string]spec // query parameters of body operations
	handle     func(e *Emulator, c *call) (map[string]any, *apiError)
}

// call is one platform request being served.
type call struct {
	op    *operation
	app   *appState
	p     params
	now   time.Time
	wrote bool
	// redirect: answer 301 with this Location.
	redirect string
}

const (
	pathAXB     = "/rest/caas/relationnumber/partners/v1.0"
	pathAX      = "/rest/provision/caas/privatenumber/v1.0"
	pathAXCall  = "/rest/caas/privatenumber/calleenumber/v1.0"
	pathAXE     = "/rest/caas/extendnumber/v1.0"
	pathAXE2    = "/rest/caas/extendnumber/v2.0"
	pathAXYB    = "/rest/omp/xyrelationnumber/v1.0"
	pathRecord  = "/rest/provision/voice/record/v1.0"
	pathStop    = "/rest/httpsessions/callStop/v2.0"
	adminPrefix = "/emulator/v1/"
)

var routes = map[string]map[string]*operation{}

func addRoute(path string, op *operation) {
	if routes[path] == nil {
		routes[path] = map[string]*operation{}
	}
	routes[path][op.method] = op
}

// OperationNames lists the operation names of DESIGN.md (used by faults and stats).
var operationNames = map[string]bool{}

func init() {
	registerOperations()
	for _, ms := range routes {
		for _, op := range ms {
			operationNames[op.name] = true
		}
	}
}

// ServeHTTP serves the platform API and the admin API.
func (e *Emulator) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if strings.HasPrefix(r.URL.Path, adminPrefix) || r.URL.Path == strings.TrimSuffix(adminPrefix, "/") {
		e.serveAdmin(w, r)
		return
	}
	e.servePlatform(w, r)
}

func (e *Emulator) servePlatform(w http.ResponseWriter, r *http.Request) {
	opName := "unknown"
	var op *operation
	var routeErr *apiError
	routeStatus := 0
	if ms, ok := routes[r.URL.Path]; !ok {
		routeErr, routeStatus = &apiError{code: "1010001", desc: "Invalid URL."}, http.StatusNotFound
	} else if op = ms[r.Method]; op == nil {
		routeErr, routeStatus = &apiError{code: "1010001", desc: "Method not allowed."}, http.StatusMethodNotAllowed
		allow := make([]string, 0, len(ms))
		for m := range ms {
			allow = append(allow, m)
		}
		sort.Strings(allow)
		w.Header().Set("Allow", strings.Join(allow, ", "))
	} else {
		opName = op.name
	}

	// Read the body before taking the lock (it may be slow).
	var raw map[string]json.RawMessage
	var bodyErr error
	if op != nil && op.body {
		raw, bodyErr = readJSONObject(http.MaxBytesReader(w, r.Body, maxBody+1))
	}

	e.mu.Lock()
	latency := e.latency
	var fd faultDecision
	if op != nil {
		fd = e.drawFaults(op, r, raw, bodyErr)
	}
	e.mu.Unlock()

	e.pause(r.Context(), latency+fd.extra)
	if fd.fault != nil && e.faultBeforeCommit(w, r, opName, fd.fault) {
		return
	}

	if routeErr != nil {
		// An unknown route still counts as a request; authentication is not checked.
		e.count(opName, routeErr.code)
		writeJSON(w, routeStatus, envelope(routeErr))
		return
	}

	e.mu.Lock()
	resp, status, location := e.execute(r, op, raw, bodyErr)
	code, _ := resp["resultcode"].(string)
	e.countLocked(opName, code)
	e.mu.Unlock()

	if fd.fault != nil && e.faultAfterCommit(w, r, fd.fault) {
		return
	}
	if location != "" {
		w.Header().Set("Location", location)
	}
	writeJSON(w, status, resp)
}

// abortConnection closes the client connection without an answer.
func abortConnection(w http.ResponseWriter) {
	if hj, ok := w.(http.Hijacker); ok {
		if conn, _, err := hj.Hijack(); err == nil {
			if tc, ok := conn.(*net.TCPConn); ok {
				_ = tc.SetLinger(0)
			}
			_ = conn.Close()
			return
		}
	}
	panic(http.ErrAbortHandler)
}

func envelope(a *apiError) map[string]any {
	return map[string]any{"resultcode": a.code, "resultdesc": a.desc}
}

func (e *Emulator) count(op, code string) {
	e.mu.Lock()
	e.countLocked(op, code)
	e.mu.Unlock()
}

func (e *Emulator) countLocked(op, code string) {
	e.stats.Requests[op]++
	e.stats.Results[code]++
}

// execute authenticates, validates and runs one operation (lock held).
func (e *Emulator) execute(r *http.Request, op *operation, raw map[string]json.RawMessage, bodyErr error) (map[string]any, int, string) {
	fail := func(a *apiError) (map[string]any, int, string) {
		st := a.status
		if st == 0 {
			st = statusFor(a.code)
		}
		return envelope(a), st, ""
	}
	now := e.now()
	e.sweep(now)

	app, aerr := e.authenticate(r)
	if aerr != nil {
		return fail(aerr)
	}
	if op.mode != "" && op.mode != app.Mode {
		return fail(apiErr("1010040"))
	}
	c := &call{op: op, app: app, now: now}
	var qp params
	var err error
	if op.body {
		qp, err = parseQuery(r.URL.RawQuery, op.querySpecs)
		if err != nil {
			return fail(errParam(paramName(err)))
		}
		if bodyErr != nil {
			return fail(errParam(paramName(bodyErr)))
		}
		c.p, err = parseBody(raw, op.specs)
	} else {
		c.p, err = parseQuery(r.URL.RawQuery, op.specs)
		qp = c.p
	}
	if err != nil {
		return fail(errParam(paramName(err)))
	}
	// AXYB (and cross-mode operations called by an AXYB client) carry app_key.
	if op.mode == "AXYB" && !qp.has("app_key") {
		return fail(errParam("app_key"))
	}
	if qp.has("app_key") && qp.str("app_key") != app.AppKey {
		return fail(apiErr("1010003"))
	}
	delete(c.p, "app_key")

	resp, aerr := op.handle(e, c)
	if aerr != nil {
		return fail(aerr)
	}
	if c.wrote {
		e.persist()
	}
	out := map[string]any{"resultcode": "0", "resultdesc": "Success"}
	for k, v := range resp {
		out[k] = v
	}
	if c.redirect != "" {
		return out, http.StatusMovedPermanently, c.redirect
	}
	return out, http.StatusOK, ""
}

// ---------------------------------------------------------------- auth

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
		return nil, apiErr("1010005")
	}
	fields := map[string]string{}
	rest := strings.TrimSpace(strings.TrimPrefix(header, "UsernameToken "))
	for _, part := range strings.Split(rest, ",") {
		name, value, ok := tokenField(strings.TrimSpace(part))
		if !ok {
			return nil, apiErr("1010005")
		}
		if _, dup := fields[name]; dup {
			return nil, apiErr("1010005")
		}
		fields[name] = value
	}
	user, digest, nonce, created := fields["Username"], fields["PasswordDigest"], fields["Nonce"], fields["Created"]
	if user == "" || digest == "" || nonce == "" || created == "" || len(fields) != 4 {
		return nil, apiErr("1010005")
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
		return nil, apiErr("1010005")
	}
	if !nonceRe.MatchString(nonce) {
		return nil, apiErr("1010005")
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
		return nil, apiErr("1010005")
	}
	e.nonces[key] = realNow
	e.nonceQueue = append(e.nonceQueue, nonceEntry{key, realNow})
	return app, nil
}

// ---------------------------------------------------------------- bindings

// binding is one AX, AXB or AXE binding, or one AXYB group (the AX part and
// its YB members).
type binding struct {
	Mode       string         `json:"mode"`
	AppKey     string         `json:"app_key"`
	SubID      string         `json:"subscription_id"`
	Seq        uint64         `json:"seq"`
	A          string         `json:"a"`
	X          string         `json:"x"`
	B          string         `json:"b,omitempty"`
	Ext        string         `json:"ext,omitempty"`
	Fields     map[string]any `json:"fields"`
	Reported   map[string]any `json:"reported,omitempty"` // AXE: bind-time bindExpiredTime/timeUnit
	Subscribed time.Time      `json:"subscribed"`
	Expires    *time.Time     `json:"expires,omitempty"`

	// AX temporary callee.
	Callee        string         `json:"callee,omitempty"`
	CalleeExpires time.Time      `json:"callee_expires,omitempty"`
	CalleeFields  map[string]any `json:"callee_fields,omitempty"`

	Members []*member `json:"members,omitempty"` // AXYB
}

type member struct {
	BindID     string         `json:"bind_id"`
	Seq        uint64         `json:"seq"`
	B          string         `json:"b"`
	Y          string         `json:"y"`
	Fields     map[string]any `json:"fields"`
	Subscribed time.Time      `json:"subscribed"`
	Expires    *time.Time     `json:"expires,omitempty"`
}

func newID() string {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(err)
	}
	return hex.EncodeToString(b[:])
}

func (e *Emulator) newSubID() string {
	for {
		id := newID()
		if _, used := e.bySub[id]; !used {
			return id
		}
	}
}

func (e *Emulator) nextSeq() uint64 { e.seq++; return e.seq }

func addTo[V any](m map[string]map[string]V, k1, k2 string, v V) {
	if m[k1] == nil {
		m[k1] = map[string]V{}
	}
	m[k1][k2] = v
}

func delFrom[V any](m map[string]map[string]V, k1, k2 string) {
	if inner := m[k1]; inner != nil {
		delete(inner, k2)
		if len(inner) == 0 {
			delete(m, k1)
		}
	}
}

// index adds a binding to every lookup structure.
func (e *Emulator) index(b *binding) {
	e.bySub[b.SubID] = b
	addTo(e.byX, b.X, b.SubID, b)
	switch b.Mode {
	case "AXB":
		addTo(e.numsOnX, b.X, b.A, b.SubID)
		addTo(e.numsOnX, b.X, b.B, b.SubID)
	case "AXE":
		addTo(e.numsOnX, b.X, b.A, b.SubID)
		addTo(e.extOnX, b.X, b.Ext, b.SubID)
	case "AX", "AXYB":
		e.aCount[b.AppKey+"|"+b.A]++
	}
	for _, m := range b.Members {
		e.yUse[m.Y]++
		if m.Expires != nil {
			heap.Push(&e.expiries, expiryEntry{at: *m.Expires, sub: b.SubID, bind: m.BindID})
		}
	}
	if b.Expires != nil {
		heap.Push(&e.expiries, expiryEntry{at: *b.Expires, sub: b.SubID})
	}
}

// unindex removes a binding from every lookup structure.
func (e *Emulator) unindex(b *binding) {
	delete(e.bySub, b.SubID)
	delFrom(e.byX, b.X, b.SubID)
	switch b.Mode {
	case "AXB":
		delFrom(e.numsOnX, b.X, b.A)
		delFrom(e.numsOnX, b.X, b.B)
	case "AXE":
		delFrom(e.numsOnX, b.X, b.A)
		delFrom(e.extOnX, b.X, b.Ext)
	case "AX", "AXYB":
		k := b.AppKey + "|" + b.A
		if e.aCount[k]--; e.aCount[k] <= 0 {
			delete(e.aCount, k)
		}
	}
	for _, m := range b.Members {
		e.releaseY(m.Y)
	}
}

func (e *Emulator) releaseY(y string) {
	if e.yUse[y]--; e.yUse[y] <= 0 {
		delete(e.yUse, y)
	}
}

func (e *Emulator) removeMember(b *binding, i int) {
	e.releaseY(b.Members[i].Y)
	b.Members = append(b.Members[:i:i], b.Members[i+1:]...)
}

// setExpiry sets a binding's expiry d after now (d <= 0: permanent).
func (e *Emulator) setExpiry(b *binding, now time.Time, d time.Duration) {
	if d <= 0 {
		b.Expires = nil
		return
	}
	t := now.Add(d)
	b.Expires = &t
	heap.Push(&e.expiries, expiryEntry{at: t, sub: b.SubID})
}

func (e *Emulator) setMemberExpiry(b *binding, m *member, now time.Time, d time.Duration) {
	if d <= 0 {
		m.Expires = nil
		return
	}
	t := now.Add(d)
	m.Expires = &t
	heap.Push(&e.expiries, expiryEntry{at: t, sub: b.SubID, bind: m.BindID})
}

// sweep removes every binding and AXYB member that expired at now.
func (e *Emulator) sweep(now time.Time) {
	for len(e.expiries) > 0 && !e.expiries[0].at.After(now) {
		ent := heap.Pop(&e.expiries).(expiryEntry)
		b := e.bySub[ent.sub]
		if b == nil {
			continue
		}
		if ent.bind == "" {
			if b.Expires != nil && b.Expires.Equal(ent.at) {
				e.unindex(b)
			}
			continue
		}
		for i, m := range b.Members {
			if m.BindID == ent.bind {
				if m.Expires != nil && m.Expires.Equal(ent.at) {
					e.removeMember(b, i)
				}
				break
			}
		}
	}
}

type expiryEntry struct {
	at   time.Time
	sub  string
	bind string // AXYB member, "" for the binding itself
}

type expiryHeap []expiryEntry

func (h expiryHeap) Len() int           { return len(h) }
func (h expiryHeap) Less(i, j int) bool { return h[i].at.Before(h[j].at) }
func (h expiryHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *expiryHeap) Push(x any)        { *h = append(*h, x.(expiryEntry)) }
func (h *expiryHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

// durationOf converts n units to a time.Duration, saturating.
func durationOf(n int64, unit time.Duration) time.Duration {
	if n <= 0 {
		return 0
	}
	if n > int64(math.MaxInt64/unit) {
		return time.Duration(math.MaxInt64 / 2)
	}
	return time.Duration(n) * unit
}

// pickX returns the first X of app (by area, then configured order) that
// fits: in area (all areas when area is ""), falling back to the other
// areas when fallback is set.
func pickX(app *appState, area string, fallback bool, fits func(x string) bool) string {
	try := func(a string) string {
		for _, x := range app.Numbers[a] {
			if fits(x) {
				return x
			}
		}
		return ""
	}
	if area != "" {
		if x := try(area); x != "" {
			return x
		}
		if !fallback {
			return ""
		}
	}
	for _, a := range app.areas {
		if a == area {
			continue
		}
		if x := try(a); x != "" {
			return x
		}
	}
	return ""
}

func subscribeTime(t time.Time) string { return t.UTC().Format("2006-01-02 15:04:05") }

func sortStrings(s []string) { sort.Strings(s) }
