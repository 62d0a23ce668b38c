package emulator

import (
	"encoding/json"
	"math"
	"net"
	"net/http"
	"sort"
	"strings"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// Emulator is the platform as an http.Handler, plus the admin API under
// /emulator/v1. It is safe for concurrent use.
type Emulator struct {
	mu sync.Mutex

	cfg     Config
	dialect Dialect
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
	calls    map[string]string              // sessionId → appKey of a call in progress (StartCall)
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
	quota  *rate.Limiter // nil: no flow control
}

type nonceEntry struct {
	key string
	at  time.Time
}

type authFail struct {
	times       []time.Time
	lockedUntil time.Time
}

// Stats counts platform requests by operation and answers by result code;
// Throttled counts the requests refused by an application's quota.
type Stats struct {
	Requests  map[string]int `json:"requests"`
	Results   map[string]int `json:"results"`
	Throttled int            `json:"throttled"`
}

// New builds an emulator from a validated configuration.
func New(cfg Config) (*Emulator, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	e := &Emulator{cfg: cfg, dialect: cfg.Dialect, limits: defaultLimits(), done: make(chan struct{}), clock: time.Now}
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
		if q := a.Quota; q != nil {
			burst := q.Burst
			if burst == 0 {
				burst = int(math.Ceil(q.RequestsPerSecond))
			}
			st.quota = rate.NewLimiter(rate.Limit(q.RequestsPerSecond), burst)
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
	e.calls = map[string]string{}
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
	s.Throttled = e.stats.Throttled
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
	"1010001": "Internal system error.",
	"1010006": "Invalid Rest API.",
	"1010013": "Time out limit.",
	"1010040": "The app_key is not allowed to invoke the API.",
	"1011001": "The account does not exist.",
	"1011002": "Insufficient number of resources.",
	"1011003": "Exceeded the upper limit.",
	"1011004": "The number does not belong to the application.",
	"1011005": "Resources have been allocated.",
	"1012001": "Resource of number is not to be applied.",
	"1012007": "The record does not exist.",
	"1012008": "Insufficient number of resources.",
	"1012010": "The relation number has been bound.",
	"1016001": "The record does not exist.",
	"1016002": "The record already exists.",
	"1020002": "Internal error.",
	"1023006": "The Authorization header is missing or invalid.",
	"1023033": "The X-AKSK header is malformed.",
	"1023034": "A field of the X-AKSK header is missing.",
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
		routeErr = e.errMethod()
		routeStatus = routeErr.status
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
	// The platform's clock, as every answer carries it: the movable clock,
	// so that "expired" decisions made from answers follow AdvanceClock.
	w.Header().Set("Date", e.Now().Format(http.TimeFormat))
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
			st = e.statusFor(a.code)
		}
		return envelope(a), st, ""
	}
	now := e.now()
	e.sweep(now)

	app, aerr := e.authenticate(r)
	if aerr != nil {
		return fail(aerr)
	}
	if app.quota != nil && !app.quota.Allow() {
		e.stats.Throttled++
		return fail(apiErr("1010010"))
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
