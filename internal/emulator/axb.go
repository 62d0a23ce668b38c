package emulator

import (
	"time"
)

// AXB: A and B reach each other through X (reference §4).

var (
	specsAXBBind = map[string]spec{
		"relationNum": sNumOpt(), "areaCode": sArea(), "areaMatchMode": sEnum("0", "1"),
		"callerNum": sNum(true), "calleeNum": sNum(true), "callDirection": sInt(0, 2),
		"duration": sInt(0, 7776000), "recordFlag": sBool(), "recordHintTone": sTone(1),
		"maxDuration": sInt(0, 1440), "lastMinVoice": sTone(0), "privateSms": sBool(),
		"preVoice": sPreVoice(), "userData": sUserData(),
	}
	specsAXBModify = map[string]spec{
		"subscriptionId": sID(), "callerNum": sNum(true), "calleeNum": sNum(true),
		"callDirection": sInt(0, 2), "duration": sInt(0, 7776000), "maxDuration": sInt(0, 1440),
		"lastMinVoice": sTone(0), "privateSms": sBool(), "recordFlag": sBool(), "preVoice": sPreVoice(),
	}
	specsAXBUnbind = map[string]spec{"subscriptionId": sID(), "relationNum": sNumOpt()}
	specsAXBQuery  = map[string]spec{
		"subscriptionId": sID(), "relationNum": sNumOpt(),
		"callerNum": {kind: kNum, min: 4, max: 128, emptyAbsent: true}, "calleeNum": {kind: kNum, min: 4, max: 128, emptyAbsent: true},
		"pageIndex": sInt(1, 1<<31-1), "pageSize": sInt(math64Min, math64Max),
	}
)

func (e *Emulator) axbBind(c *call) (map[string]any, *apiError) {
	p := c.p
	a, bnum := p.str("callerNum"), p.str("calleeNum")
	if !p.has("callerNum") {
		return nil, errParam("callerNum")
	}
	if !p.has("calleeNum") {
		return nil, errParam("calleeNum")
	}
	if a == bnum {
		return nil, errParam("calleeNum")
	}
	if !p.has("relationNum") && !p.has("areaCode") {
		return nil, errParam("relationNum")
	}
	fits := func(x string) bool {
		on := e.numsOnX[x]
		_, hasA := on[a]
		_, hasB := on[bnum]
		return !hasA && !hasB && len(e.byX[x]) < e.limits.axbPairsPerX
	}
	var x string
	// relationNum wins over areaCode when A is a mobile number (§4.1).
	if p.has("relationNum") && (!p.has("areaCode") || mobileRe.MatchString(a)) {
		x = p.str("relationNum")
		if !e.owns(c, x) {
			return nil, apiErr("1012001")
		}
		on := e.numsOnX[x]
		if _, ok := on[a]; ok {
			return nil, apiErr("1012010")
		}
		if _, ok := on[bnum]; ok {
			return nil, apiErr("1012010")
		}
		if len(e.byX[x]) >= e.limits.axbPairsPerX {
			return nil, apiErr("1012008")
		}
	} else {
		x = pickX(c.app, p.str("areaCode"), p.str("areaMatchMode") == "1", fits)
		if x == "" {
			return nil, apiErr("1012008")
		}
	}
	b := &binding{Mode: "AXB", AppKey: c.app.AppKey, SubID: e.newSubID(), Seq: e.nextSeq(),
		A: a, X: x, B: bnum, Subscribed: c.now,
		Fields: withDefaults(p, map[string]any{"callDirection": int64(0), "duration": int64(0),
			"recordFlag": "false", "maxDuration": int64(0), "privateSms": "true"})}
	setFields(b, p, "relationNum", "areaCode", "areaMatchMode", "callerNum", "calleeNum")
	e.setExpiry(b, c.now, durationOf(p.int("duration"), time.Second))
	e.index(b)
	c.wrote = true
	return map[string]any{"subscriptionId": b.SubID, "relationNum": x, "callerNum": a, "calleeNum": bnum}, nil
}

func (e *Emulator) axbUnbind(c *call) (map[string]any, *apiError) {
	p := c.p
	if p.has("subscriptionId") {
		b := e.lookup(c, p.str("subscriptionId"))
		if b == nil {
			return nil, apiErr("1012007")
		}
		e.unindex(b)
		c.wrote = true
		return nil, nil
	}
	if !p.has("relationNum") {
		return nil, errParam("subscriptionId")
	}
	x := p.str("relationNum")
	if !e.owns(c, x) {
		return nil, apiErr("1012001")
	}
	if len(e.byX[x]) == 0 {
		return nil, apiErr("1012007")
	}
	for _, b := range e.byX[x] {
		e.unindex(b)
	}
	c.wrote = true
	return nil, nil
}

func (e *Emulator) axbModify(c *call) (map[string]any, *apiError) {
	p := c.p
	if !p.has("subscriptionId") {
		return nil, errParam("subscriptionId")
	}
	b := e.lookup(c, p.str("subscriptionId"))
	if b == nil {
		return nil, apiErr("1012007")
	}
	if err := e.applyAXB(b, p, c.now, false); err != nil {
		return nil, err
	}
	c.wrote = true
	return map[string]any{"subscriptionId": b.SubID, "relationNum": b.X, "callerNum": b.A, "calleeNum": b.B}, nil
}

// applyAXB changes an AXB binding as a modify does.
func (e *Emulator) applyAXB(b *binding, p params, now time.Time, admin bool) *apiError {
	na, nb := b.A, b.B
	if p.has("callerNum") {
		na = p.str("callerNum")
	}
	if p.has("calleeNum") {
		nb = p.str("calleeNum")
	}
	if na == nb {
		return errParam("calleeNum")
	}
	on := e.numsOnX[b.X]
	for _, n := range []string{na, nb} {
		if id, ok := on[n]; ok && id != b.SubID {
			return apiErr("1012010")
		}
	}
	e.unindex(b)
	b.A, b.B = na, nb
	setFields(b, p, "subscriptionId", "callerNum", "calleeNum")
	if p.has("duration") {
		b.Subscribed = now
		b.Expires = nil
	}
	e.index(b)
	if p.has("duration") {
		e.setExpiry(b, now, durationOf(p.int("duration"), time.Second))
	}
	return nil
}

func (e *Emulator) axbRecord(b *binding) map[string]any {
	r := copyFields(b.Fields)
	r["subscriptionId"] = b.SubID
	r["relationNum"] = b.X
	r["callerNum"] = b.A
	r["calleeNum"] = b.B
	r["subscribeTime"] = subscribeTime(b.Subscribed)
	return r
}

func (e *Emulator) axbQuery(c *call) (map[string]any, *apiError) {
	p := c.p
	var list []*binding
	single := false
	if p.has("subscriptionId") {
		b := e.lookup(c, p.str("subscriptionId"))
		if b == nil {
			return nil, apiErr("1012007")
		}
		list, single = []*binding{b}, true
	} else if p.has("relationNum") {
		x := p.str("relationNum")
		if !e.owns(c, x) {
			return nil, apiErr("1012001")
		}
		for _, b := range e.byX[x] {
			if p.has("callerNum") && b.A != p.str("callerNum") {
				continue
			}
			if p.has("calleeNum") && b.B != p.str("calleeNum") {
				continue
			}
			list = append(list, b)
		}
		sortBindings(list)
	} else {
		return nil, errParam("subscriptionId")
	}
	total := len(list)
	if total == 0 {
		return e.filterMiss("1012007", map[string]any{"totalCount": 0, "pageIndexCount": 0, "relationNumList": []any{}})
	}
	size := int64(50)
	if ps := p.int("pageSize"); p.has("pageSize") && ps >= 10 && ps <= 100 {
		size = ps
	}
	pages := (int64(total) + size - 1) / size
	if !single {
		idx := int64(1)
		if p.has("pageIndex") {
			idx = p.int("pageIndex")
		}
		start := (idx - 1) * size
		if start > int64(total) {
			start = int64(total)
		}
		end := min(start+size, int64(total))
		list = list[start:end]
	} else {
		pages = 1
	}
	recs := make([]any, 0, len(list))
	for _, b := range list {
		recs = append(recs, e.sparse(e.axbRecord(b)))
	}
	return map[string]any{"totalCount": total, "pageIndexCount": pages, "relationNumList": recs}, nil
}
