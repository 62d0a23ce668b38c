package provider

// Placement of the pool's pairs at plan time: matching the configured pairs
// with the bound ones by their numbers, and choosing an X for each new pair.
// Pure functions of the configuration, the state and the bindings seen on
// the X numbers, so a plan is deterministic and testable without a platform.

import (
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/types"
)

// axbRoom is what one X carries: each number (A or B of any pair) with who
// holds it, and how many pairs.
type axbRoom struct {
	nums  map[string]string
	pairs int
}

// axbPlacement tracks the room on the pool's X numbers while a plan is made.
type axbPlacement struct {
	xs   []string
	max  int
	room map[string]*axbRoom
}

func newAXBPlacement(xs []string, maxPerX int) *axbPlacement {
	p := &axbPlacement{xs: xs, max: maxPerX, room: map[string]*axbRoom{}}
	for _, x := range xs {
		p.room[x] = &axbRoom{nums: map[string]string{}}
	}
	return p
}

// why says why the pair a, b cannot go on x ("" when it fits).
func (p *axbPlacement) why(x, a, b string) string {
	r, ok := p.room[x]
	switch {
	case !ok:
		return fmt.Sprintf("%s is not one of the pool's x_numbers", x)
	case r.nums[a] != "":
		return fmt.Sprintf("%s already carries a_number %s (%s)", x, a, r.nums[a])
	case r.nums[b] != "":
		return fmt.Sprintf("%s already carries b_number %s (%s)", x, b, r.nums[b])
	case r.pairs >= p.max:
		return fmt.Sprintf("%s is full (%d pairs)", x, p.max)
	}
	return ""
}

// take records the pair a, b (held by who) on x. An X outside the pool is ignored.
func (p *axbPlacement) take(x, a, b, who string) {
	r, ok := p.room[x]
	if !ok {
		return
	}
	r.nums[a], r.nums[b] = who, who
	r.pairs++
}

// place chooses the X for a new pair: among those with room for both
// numbers, the one carrying the fewest pairs, the first in sorted order on a
// tie. It returns "" and the reason for each X when none fits.
func (p *axbPlacement) place(a, b string) (string, []string) {
	best := ""
	var reasons []string
	for _, x := range p.xs {
		if w := p.why(x, a, b); w != "" {
			reasons = append(reasons, w)
			continue
		}
		if best == "" || p.room[x].pairs < p.room[best].pairs {
			best = x
		}
	}
	return best, reasons
}

// axbPoolPlanIn is what a plan of the pool is made from.
type axbPoolPlanIn struct {
	xs        []string               // the pool's X numbers, sorted
	exclusive bool                   // undeclared bindings are unbound
	config    map[string]axbPoolPair // the configured pairs (x_number: the pin, null when placed)
	planned   map[string]axbPoolPair // the configured pairs with defaults
	state     map[string]axbPoolPair // the pairs in state (nil on create)
	observed  []axbPoolBinding       // undeclared bindings on the pool's X numbers
	maxPerX   int
}

// axbPoolPlanOut is the planned pairs, the planned undeclared list, and a
// reason per key for the pairs the pool cannot hold (the plan fails).
type axbPoolPlanOut struct {
	pairs      map[string]axbPoolPair
	undeclared []axbPoolBinding
	problems   map[string]string
}

func pairKey(a, b string) string { return a + "\x00" + b }

func numbersKnown(p axbPoolPair) bool { return axbKnown(p.ANumber) && axbKnown(p.BNumber) }

// axbPoolMatcher holds the state of one plan while pairs are matched.
type axbPoolMatcher struct {
	in      axbPoolPlanIn
	pool    map[string]bool
	claimed map[string]bool           // state keys already matched
	matched map[string]axbPoolPair    // planned key → matched state pair
	adopted map[string]axbPoolBinding // planned key → undeclared binding adopted
	placed  map[string]string         // planned key → X of a new pair
	taken   map[string]bool           // observed IDs adopted
}

// compatible reports whether the bound pair s can serve planned key k: its X
// is in the pool and agrees with k's pin.
func (m *axbPoolMatcher) compatible(k, x string) bool {
	pin := m.in.config[k].XNumber
	return m.pool[x] && !pin.IsUnknown() && (pin.IsNull() || pin.ValueString() == x)
}

// axbPoolPlan matches and places every configured pair. Bound pairs keep
// their X: first the same key with the same numbers, then any other bound
// pair with the same numbers (a renamed key), then an undeclared binding
// with the same numbers (adopted). A kept key whose numbers changed is
// modified in place when the new numbers fit on its X. The rest are placed
// (pinned ones first), in key order, on the room left: undeclared bindings
// keep their room even when exclusive = true unbinds them (a script may
// bind them again), while pairs that this apply unbinds or moves give theirs up.
func axbPoolPlan(in axbPoolPlanIn) axbPoolPlanOut {
	m := &axbPoolMatcher{in: in, pool: map[string]bool{}, claimed: map[string]bool{}, matched: map[string]axbPoolPair{},
		adopted: map[string]axbPoolBinding{}, placed: map[string]string{}, taken: map[string]bool{}}
	for _, x := range in.xs {
		m.pool[x] = true
	}
	keys := sortedKeys(in.config)
	m.matchBound(keys)
	pl := newAXBPlacement(in.xs, in.maxPerX)
	for _, k := range sortedKeys(m.matched) {
		s := m.matched[k]
		pl.take(s.XNumber.ValueString(), s.ANumber.ValueString(), s.BNumber.ValueString(), fmt.Sprintf("pair %q", k))
	}
	for _, k := range sortedKeys(m.adopted) {
		o := m.adopted[k]
		pl.take(o.XNumber.ValueString(), o.ANumber.ValueString(), o.BNumber.ValueString(), fmt.Sprintf("pair %q", k))
	}
	for _, o := range in.observed {
		if !m.taken[o.ID.ValueString()] {
			pl.take(o.XNumber.ValueString(), o.ANumber.ValueString(), o.BNumber.ValueString(), "undeclared binding "+o.ID.ValueString())
		}
	}
	problems := m.placeRest(keys, pl)
	return axbPoolPlanOut{pairs: m.plannedPairs(), undeclared: m.undeclared(), problems: problems}
}

// matchBound matches planned keys with bound pairs (state) and undeclared bindings by numbers.
func (m *axbPoolMatcher) matchBound(keys []string) {
	byNums := map[string][]string{}
	for _, sk := range sortedKeys(m.in.state) {
		s := m.in.state[sk]
		byNums[pairKey(s.ANumber.ValueString(), s.BNumber.ValueString())] = append(byNums[pairKey(s.ANumber.ValueString(), s.BNumber.ValueString())], sk)
	}
	match := func(k, sk string) {
		m.matched[k], m.claimed[sk] = m.in.state[sk], true
	}
	for _, k := range keys { // the same key, the same numbers
		p := m.in.config[k]
		if s, ok := m.in.state[k]; ok && numbersKnown(p) && p.ANumber.Equal(s.ANumber) && p.BNumber.Equal(s.BNumber) && m.compatible(k, s.XNumber.ValueString()) {
			match(k, k)
		}
	}
	for _, k := range keys { // another key, the same numbers: a renamed key
		p := m.in.config[k]
		if _, done := m.matched[k]; done || !numbersKnown(p) {
			continue
		}
		for _, sk := range byNums[pairKey(p.ANumber.ValueString(), p.BNumber.ValueString())] {
			if !m.claimed[sk] && m.compatible(k, m.in.state[sk].XNumber.ValueString()) {
				match(k, sk)
				break
			}
		}
	}
	observed := map[string][]axbPoolBinding{}
	for _, o := range m.in.observed {
		nk := pairKey(o.ANumber.ValueString(), o.BNumber.ValueString())
		observed[nk] = append(observed[nk], o)
	}
	for _, k := range keys { // an undeclared binding with the same numbers: adopted
		p := m.in.config[k]
		if _, done := m.matched[k]; done || !numbersKnown(p) {
			continue
		}
		for _, o := range observed[pairKey(p.ANumber.ValueString(), p.BNumber.ValueString())] {
			if !m.taken[o.ID.ValueString()] && m.compatible(k, o.XNumber.ValueString()) {
				m.adopted[k], m.taken[o.ID.ValueString()] = o, true
				break
			}
		}
	}
}

// placeRest handles the keys not matched: a kept key whose numbers changed
// stays on its X when they fit there; pinned pairs go on their pin; the
// others are placed. It returns the reason for each pair that cannot be held.
func (m *axbPoolMatcher) placeRest(keys []string, pl *axbPlacement) map[string]string {
	problems := map[string]string{}
	var pinned, free []string
	for _, k := range keys {
		p := m.in.config[k]
		_, done := m.matched[k]
		_, adopted := m.adopted[k]
		if done || adopted || !numbersKnown(p) || p.XNumber.IsUnknown() {
			continue
		}
		a, b := p.ANumber.ValueString(), p.BNumber.ValueString()
		if s, ok := m.in.state[k]; ok && !m.claimed[k] && m.compatible(k, s.XNumber.ValueString()) && pl.why(s.XNumber.ValueString(), a, b) == "" {
			m.matched[k], m.claimed[k] = s, true // numbers change in place
			pl.take(s.XNumber.ValueString(), a, b, fmt.Sprintf("pair %q", k))
			continue
		}
		if p.XNumber.IsNull() {
			free = append(free, k)
		} else {
			pinned = append(pinned, k)
		}
	}
	for _, k := range pinned {
		p := m.in.config[k]
		x, a, b := p.XNumber.ValueString(), p.ANumber.ValueString(), p.BNumber.ValueString()
		if w := pl.why(x, a, b); w != "" {
			problems[k] = "its x_number " + w
			continue
		}
		pl.take(x, a, b, fmt.Sprintf("pair %q", k))
		m.placed[k] = x
	}
	for _, k := range free {
		p := m.in.config[k]
		a, b := p.ANumber.ValueString(), p.BNumber.ValueString()
		x, reasons := pl.place(a, b)
		if x == "" {
			problems[k] = "no X of the pool has room for it: " + strings.Join(reasons, "; ")
			continue
		}
		pl.take(x, a, b, fmt.Sprintf("pair %q", k))
		m.placed[k] = x
	}
	return problems
}

// plannedPairs sets id, x_number and expires_at of every planned pair: a
// matched pair keeps its id and X (the id becomes unknown when a change needs
// a new bind); an adopted one has its X and an id known after apply; a new
// one its placed X. expires_at: plannedExpiry.
func (m *axbPoolMatcher) plannedPairs() map[string]axbPoolPair {
	out := make(map[string]axbPoolPair, len(m.in.planned))
	for k, p := range m.in.planned {
		p.ID = types.StringUnknown()
		p.ExpiresAt = plannedExpiry(p, nil)
		switch s, matched := m.matched[k]; {
		case matched:
			p.XNumber = s.XNumber
			if !axbPoolRebinds(p, s) {
				p.ID, p.ExpiresAt = s.ID, plannedExpiry(p, &s)
			}
		case m.adopted[k].ID.ValueString() != "":
			p.XNumber = m.adopted[k].XNumber
		case m.placed[k] != "":
			p.XNumber = types.StringValue(m.placed[k])
		case m.in.config[k].XNumber.IsNull() || m.in.config[k].XNumber.IsUnknown():
			p.XNumber = types.StringUnknown() // placed at apply, once its numbers are known
		}
		out[k] = p
	}
	return out
}

// plannedExpiry is a planned pair's expires_at, as in the single resource:
// a kept binding (s) whose lifetime stays the same length keeps its end; a
// permanent pair has none; otherwise the platform starts the clock at the
// bind or the modify, so it is known after apply. Renewal (renew_before)
// makes it unknown later, in ModifyPlan.
func plannedExpiry(p axbPoolPair, s *axbPoolPair) types.String {
	switch {
	case p.Lifetime.IsUnknown():
		return types.StringUnknown()
	case s != nil && sameDuration(p.Lifetime, s.Lifetime):
		return s.ExpiresAt
	case durationOf(p.Lifetime) == 0:
		return types.StringNull()
	}
	return types.StringUnknown()
}

// undeclared is the planned undeclared list: empty when exclusive (apply
// unbinds them), else what was seen minus what pairs adopt.
func (m *axbPoolMatcher) undeclared() []axbPoolBinding {
	out := []axbPoolBinding{}
	if m.in.exclusive {
		return out
	}
	for _, o := range m.in.observed {
		if !m.taken[o.ID.ValueString()] {
			out = append(out, o)
		}
	}
	return out
}

// axbPoolRebinds reports whether planned pair p differs from the bound s in
// what the modify API cannot change (§4.3), or moves to another X: the pair
// is then unbound and bound again.
func axbPoolRebinds(p, s axbPoolPair) bool {
	changed := func(a, b types.String) bool { return a.IsUnknown() || !a.Equal(b) }
	return changed(p.RecordHintTone, s.RecordHintTone) || changed(p.UserData, s.UserData) ||
		(!p.XNumber.IsUnknown() && !p.XNumber.Equal(s.XNumber))
}
