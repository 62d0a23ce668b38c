package emulator

import (
	"container/heap"
	"crypto/rand"
	"encoding/hex"
	"math"
	"sort"
	"time"
)

// Bindings in memory: one record type for every mode, its indexes and the expiry heap.

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
	e.sweepCalls(now)
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
			if (app.blocked == nil || !app.blocked(x)) && fits(x) {
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
