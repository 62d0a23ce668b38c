package probe

import (
	"fmt"
	"net/http"
	"sort"
	"strings"
)

// Readings of a point besides a dialect switch's name.
const (
	ReadingDefault   = "default"    // the emulator's default (best) reading
	ReadingNeither   = "neither"    // no reading the emulator speaks: the evidence says what came
	ReadingNotProbed = "not probed" // the run had no request that could tell (the evidence says why)
)

// Point is the verdict on one contested point of DESIGN.md.
type Point struct {
	Name     string `json:"name"`
	Question string `json:"question"`
	Switch   string `json:"switch,omitempty"` // the emulator dialect switch of the other reading
	Reading  string `json:"reading"`          // ReadingDefault, the switch (with its value), ReadingNeither or ReadingNotProbed
	Evidence string `json:"evidence"`         // the answers that decided, masked
}

// observations are the answers that bear on the contested points.
type observations struct {
	badDigest, wrongMethod, wrongPath []answer
	axConflict                        []answer
	filterMiss                        map[string][]answer // mode → answers of X queries that found nothing
	byIDMiss                          []answer            // lookups by an ID that does not exist
	records                           map[string][]map[string]any
	axybLists                         [][]map[string]any // AXYB query answers of groups known to have a member
	axConflictNote, writeNote         string
}

func newObservations() *observations {
	return &observations{filterMiss: map[string][]answer{}, records: map[string][]map[string]any{}}
}

// points judges every contested point from what the run saw.
func (o *observations) points(flow []answer) []Point {
	return []Point{
		judgeCode("bad_digest", "A request with a wrong PasswordDigest", "legacy_error_codes", o.badDigest,
			http.StatusUnauthorized, "1010010", "1010005"),
		judgeCode("wrong_method", "A known path with a wrong HTTP method", "legacy_error_codes", o.wrongMethod,
			http.StatusMethodNotAllowed, "1010006", "1010001"),
		judgeCode("wrong_path", "A path the platform does not serve (no switch: the client reads a wrong address)", "",
			o.wrongPath, http.StatusNotFound, "1010001", ""),
		judgeAXConflict(o.axConflict, o.axConflictNote),
		judgeFilterMiss(o.filterMiss),
		judgeNotFoundStatus(o.byIDMiss, o.filterMiss),
		judgeAXYBRecords(o.axybLists, o.writeNote),
		judgeSparse(o.records),
		judgeRateLimit(flow),
	}
}

func judgeCode(name, q, sw string, as []answer, status int, code, legacy string) Point {
	p := Point{Name: name, Question: q, Switch: sw}
	if len(as) == 0 {
		p.Reading, p.Evidence = ReadingNotProbed, "no such request was sent"
		return p
	}
	a := as[0]
	p.Evidence = a.String()
	switch {
	case a.status == status && a.code() == code:
		p.Reading = ReadingDefault
	case legacy != "" && a.code() == legacy:
		p.Reading = sw
	default:
		p.Reading = ReadingNeither
	}
	return p
}

func judgeAXConflict(as []answer, note string) Point {
	p := Point{Name: "ax_conflict", Question: "An AX bind of an X already bound to another A", Switch: "legacy_ax_codes"}
	if len(as) == 0 {
		p.Reading, p.Evidence = ReadingNotProbed, note
		return p
	}
	p.Evidence = as[0].String()
	switch as[0].code() {
	case "1011005":
		p.Reading = ReadingDefault
	case "1016002":
		p.Reading = "legacy_ax_codes"
	default:
		p.Reading = ReadingNeither
	}
	return p
}

func judgeFilterMiss(by map[string][]answer) Point {
	p := Point{Name: "filter_miss", Question: "A query by X that finds nothing", Switch: "empty_filter_miss"}
	readings := map[string]bool{}
	var ev []string
	for _, mode := range sortedKeys(by) {
		r, e := ReadingNeither, ""
		for _, a := range by[mode] {
			switch {
			case a.code() == modes[mode].notFound:
				r, e = ReadingDefault, a.String() // a not-found code is never the other reading
			case emptyList(mode, a) && r != ReadingDefault:
				r, e = "empty_filter_miss", a.String()+" with an empty "+modes[mode].listKey
			case e == "":
				e = a.String()
			}
		}
		readings[r] = true
		ev = append(ev, mode+": "+e)
	}
	p.Reading, p.Evidence = combine(readings, ev, "no X number answered without records (give a free X number)")
	return p
}

func judgeNotFoundStatus(byID []answer, filter map[string][]answer) Point {
	p := Point{Name: "not_found_status", Question: "The HTTP status of a not-found answer", Switch: "not_found_status"}
	readings := map[string]bool{}
	var ev []string
	all := append([]answer(nil), byID...)
	for _, mode := range sortedKeys(filter) {
		all = append(all, filter[mode]...)
	}
	for _, a := range all {
		if a.code() != "1012007" && a.code() != "1016001" {
			continue
		}
		r := ReadingDefault
		if a.status != http.StatusNotFound {
			r = fmt.Sprintf("not_found_status=%d", a.status)
		}
		if !readings[r] {
			ev = append(ev, a.String())
		}
		readings[r] = true
	}
	p.Reading, p.Evidence = combine(readings, ev, "no answer carried a not-found code")
	return p
}

func judgeAXYBRecords(lists [][]map[string]any, note string) Point {
	p := Point{Name: "axyb_records", Question: "The records of an AXYB query of a group with a member", Switch: "axyb_group_record"}
	readings := map[string]bool{}
	var ev []string
	for _, l := range lists {
		group, withSub := 0, 0
		for _, r := range l {
			if str(r["numY"]) == "" && str(r["numB"]) == "" {
				group++
			}
			if str(r["subscriptionId"]) != "" {
				withSub++
			}
		}
		r := ReadingNeither
		switch {
		case group == 1 && withSub == len(l) && len(l) > 1:
			r = "axyb_group_record"
		case group == 0 && withSub == 0 && len(l) > 0:
			r = ReadingDefault
		}
		readings[r] = true
		ev = append(ev, fmt.Sprintf("%d records, %d without numY/numB, %d with subscriptionId", len(l), group, withSub))
	}
	if note == "" {
		note = "no AXYB group with a member was queried (run with -write and a B number)"
	}
	p.Reading, p.Evidence = combine(readings, ev, note)
	return p
}

func judgeSparse(recs map[string][]map[string]any) Point {
	p := Point{Name: "sparse_records", Question: "Optional fields with a stored default in query records", Switch: "sparse_records"}
	readings := map[string]bool{}
	var ev []string
	for _, mode := range sortedKeys(recs) {
		marks := modes[mode].sparseMarks
		for _, r := range recs[mode] {
			present := 0
			for _, f := range marks {
				if _, ok := r[f]; ok {
					present++
				}
			}
			switch {
			case len(marks) == 0:
				continue
			case present == len(marks):
				readings[ReadingDefault] = true
			case present == 0:
				readings["sparse_records"] = true
			default:
				readings[ReadingNeither] = true
			}
			ev = append(ev, fmt.Sprintf("%s: %d of %s present", mode, present, strings.Join(marks, ", ")))
		}
	}
	p.Reading, p.Evidence = combine(readings, dedupe(ev), "no AX, AXB or AXE record was read (give a bound X number, or run with -write)")
	return p
}

func judgeRateLimit(flow []answer) Point {
	p := Point{Name: "rate_limit_status", Question: "The HTTP status of a flow-control answer (1010010)", Switch: "rate_limit_status"}
	readings := map[string]bool{}
	var ev []string
	for _, a := range flow {
		r := ReadingDefault
		if a.status != http.StatusTooManyRequests {
			r = fmt.Sprintf("rate_limit_status=%d", a.status)
		}
		if !readings[r] {
			ev = append(ev, a.String())
		}
		readings[r] = true
	}
	p.Reading, p.Evidence = combine(readings, ev, "no flow-control answer came (-burst N provokes one with up to N queries)")
	return p
}

// combine is the point's reading when every observation agrees, else neither.
func combine(readings map[string]bool, ev []string, none string) (string, string) {
	switch len(readings) {
	case 0:
		return ReadingNotProbed, none
	case 1:
		for r := range readings {
			return r, strings.Join(ev, "; ")
		}
	}
	return ReadingNeither, "the answers disagree: " + strings.Join(ev, "; ")
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func dedupe(s []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, v := range s {
		if !seen[v] {
			seen[v] = true
			out = append(out, v)
		}
	}
	return out
}
