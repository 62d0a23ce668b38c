package probe

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/http"
	"time"

	"github.com/privnum/terraform-provider-privatenumber/internal/client"
)

// Marker starts the user_data of every binding the live tests and the probe
// make; the sweeper unbinds only bindings whose user data starts with it.
const Marker = "privatenumber-live-test"

// Options configure a probe run.
type Options struct {
	Endpoint string // default client.DefaultEndpoint
	Apps     []App  // one per mode at most
	// Write lets the probe bind, query, modify and unbind one binding per
	// mode (with ANumbers and BNumbers), and always unbind what it made.
	Write    bool
	ANumbers []string // test phones the user owns (A side)
	BNumbers []string // test phones the user owns (B side)
	// Burst sends up to Burst cheap queries back to back until one is
	// refused by flow control, to see that answer's HTTP status (0: none).
	Burst int

	HTTPClient     *http.Client     // default: a client with TLS 1.2+ and no redirects
	Now            func() time.Time // the clock of signatures (default time.Now)
	RequestTimeout time.Duration    // per request (default 30s)
	RetryWait      time.Duration    // first pause after a flow-control answer (default 1s)
	CleanupTimeout time.Duration    // for unbinding after an interrupt (default 2 minutes)
	// Log, when set, receives one line per step (numbers masked).
	Log func(format string, args ...any)
}

// Report is the outcome of a run; it is also the transcript file's content.
type Report struct {
	Format    int        `json:"format"` // 1
	Tool      string     `json:"tool"`
	StartedAt time.Time  `json:"started_at"`
	Write     bool       `json:"write"`
	Points    []Point    `json:"points"`
	Leftovers []string   `json:"leftovers,omitempty"` // bindings the probe made and could not unbind (masked)
	Exchanges []Exchange `json:"exchanges"`
	// Interrupted is set when the context ended before the run finished
	// (what it made was still unbound).
	Interrupted bool `json:"interrupted,omitempty"`
}

// run is one probe run's state.
type run struct {
	opt   Options
	w     *wire
	apps  map[string]*App
	obs   *observations
	runID string
	free  map[string][]string // mode → X numbers whose query found nothing
	// made are the bindings this run made and has not unbound yet.
	made []made
	// lost are binds whose answer never came: they may exist.
	lost      []lostBind
	leftovers []string
	// seenBefore are the subscription IDs the run saw before it wrote.
	seenBefore map[string]bool
	lastAnswer answer // of the last bind
}

// Run probes the platform. The context's end (an interrupt) stops the run
// between two requests; a write in flight is completed, and every binding
// the run made is unbound before Run returns.
func Run(ctx context.Context, opt Options) *Report {
	r := newRun(opt)
	started := time.Now().UTC()
	r.readOnly(ctx)
	if opt.Write && ctx.Err() == nil {
		r.write(ctx)
	}
	if opt.Burst > 0 && ctx.Err() == nil {
		r.burst(ctx)
	}
	r.cleanup(ctx)
	return &Report{Format: 1, Tool: "privatenumber-probe", StartedAt: started, Write: opt.Write,
		Points: r.obs.points(r.w.flowAnswers()), Leftovers: r.leftovers, Exchanges: r.w.transcript(),
		Interrupted: ctx.Err() != nil}
}

func newRun(opt Options) *run {
	if opt.Endpoint == "" {
		opt.Endpoint = client.DefaultEndpoint
	}
	if opt.HTTPClient == nil {
		opt.HTTPClient = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	if opt.RequestTimeout <= 0 {
		opt.RequestTimeout = 30 * time.Second
	}
	if opt.RetryWait <= 0 {
		opt.RetryWait = time.Second
	}
	if opt.CleanupTimeout <= 0 {
		opt.CleanupTimeout = 2 * time.Minute
	}
	if opt.Log == nil {
		opt.Log = func(string, ...any) {}
	}
	var id [4]byte
	_, _ = rand.Read(id[:])
	r := &run{opt: opt, apps: map[string]*App{}, obs: newObservations(), free: map[string][]string{}, seenBefore: map[string]bool{}, runID: hex.EncodeToString(id[:]),
		w: &wire{base: trimSlash(opt.Endpoint), http: opt.HTTPClient, now: opt.Now, timeout: opt.RequestTimeout,
			retryWait: opt.RetryWait}}
	for i := range opt.Apps {
		a := opt.Apps[i]
		r.apps[a.Mode] = &a
	}
	return r
}

func trimSlash(s string) string {
	for len(s) > 0 && s[len(s)-1] == '/' {
		s = s[:len(s)-1]
	}
	return s
}

// marker is this run's user data: the shared Marker and the run's ID.
func (r *run) marker() string { return Marker + "-probe-" + r.runID }

// readOnly sends the requests that change nothing: each X number's filter
// query, a lookup of an ID that does not exist, a wrong digest, a wrong
// method and a wrong path.
func (r *run) readOnly(ctx context.Context) {
	for _, mode := range sortedModes(r.apps) {
		app := r.apps[mode]
		m := modes[mode]
		for _, x := range app.XNumbers {
			if ctx.Err() != nil {
				return
			}
			a := r.w.send(ctx, request{step: "query of a given X number", app: app, auth: authSigned,
				method: http.MethodGet, path: m.filterPath, query: query(app, m.filterParam, x)})
			if r.noteQuery(mode, a, false) {
				r.free[mode] = append(r.free[mode], x)
			}
			for _, rec := range records(mode, a) {
				r.seenBefore[str(rec["subscriptionId"])] = true
			}
		}
		if ctx.Err() != nil {
			return
		}
		r.obs.byIDMiss = append(r.obs.byIDMiss, r.lookup(ctx, app, "lookup of an ID that does not exist", unknownID))
	}
	// One application is enough for the points that do not depend on the mode.
	names := sortedModes(r.apps)
	if len(names) == 0 || ctx.Err() != nil {
		return
	}
	app := r.apps[names[0]]
	m := modes[app.Mode]
	r.obs.badDigest = append(r.obs.badDigest, r.w.send(ctx, request{step: "query with a wrong PasswordDigest",
		app: app, auth: authWrongDigest, method: http.MethodGet, path: m.path, query: query(app, "subscriptionId", unknownID)}))
	r.obs.wrongMethod = append(r.obs.wrongMethod, r.w.send(ctx, request{step: "a wrong HTTP method",
		app: app, auth: authSigned, method: http.MethodPatch, path: m.path, query: query(app, "subscriptionId", unknownID)}))
	r.obs.wrongPath = append(r.obs.wrongPath, r.w.send(ctx, request{step: "a wrong path",
		app: app, auth: authSigned, method: http.MethodGet, path: m.path + "-probe-wrong-path", query: query(app, "subscriptionId", unknownID)}))
}

// unknownID is a well-formed subscription ID that no platform hands out.
const unknownID = "ffffffffffffffffffffffffffffffff"

// lookup queries a binding by subscription ID.
func (r *run) lookup(ctx context.Context, app *App, step, id string) answer {
	return r.w.send(ctx, request{step: step, app: app, auth: authSigned, method: http.MethodGet,
		path: modes[app.Mode].path, query: query(app, "subscriptionId", id)})
}

// noteQuery files a query answer: its records, or a filter query that found
// nothing. It reports whether the answer says, in either reading, that the
// X holds no binding.
func (r *run) noteQuery(mode string, a answer, axybWithMember bool) bool {
	recs := records(mode, a)
	if len(recs) > 0 {
		r.obs.records[mode] = append(r.obs.records[mode], recs...)
		if mode == "AXYB" && axybWithMember {
			r.obs.axybLists = append(r.obs.axybLists, recs)
		}
		return false
	}
	if a.err != nil {
		return false
	}
	r.obs.filterMiss[mode] = append(r.obs.filterMiss[mode], a)
	return a.code() == modes[mode].notFound || emptyList(mode, a)
}

// burst sends up to Burst lookups back to back until flow control refuses one.
func (r *run) burst(ctx context.Context) {
	names := sortedModes(r.apps)
	if len(names) == 0 {
		return
	}
	app := r.apps[names[0]]
	for i := 0; i < r.opt.Burst && ctx.Err() == nil && len(r.w.flowAnswers()) == 0; i++ {
		r.lookup(ctx, app, "burst (provoking flow control)", unknownID)
	}
}
