package emulator

import (
	"strconv"
	"time"
)

// AXYB: a group X of A with one Y per member B (reference §7).

var (
	specAppKey      = spec{kind: kStr, min: 1, max: 128}
	specsAppKeyOnly = map[string]spec{"app_key": specAppKey}
	specsAXYBBind   = map[string]spec{
		"subscriptionId": sID(), "origNum": sNum(true), "areaCode": sArea(), "areaMatchMode": sEnum("0", "1"),
		"callDirection": sInt(0, 2), "duration": {kind: kInt, min: 60, max: 7776000, alsoZero: true},
		"ybDuration": {kind: kInt, min: 60, max: 7776000, alsoZero: true}, "recordFlag": sBool(),
		"recordHintTone": sTone(1), "preVoiceX": sTone(1), "preVoiceY": sTone(1), "userData": sUserData(),
		"maxDuration": sInt(0, 1440),
	}
	axybMemberFields = map[string]bool{"subscriptionId": true, "origNum": true, "areaCode": true,
		"areaMatchMode": true, "preVoiceY": true, "ybDuration": true}
	specsAXYBUnbind = map[string]spec{"app_key": specAppKey, "subscriptionId": sID(), "yNum": sNumOpt(), "bNum": sNumOpt()}
	specsAXYBQuery  = map[string]spec{"app_key": specAppKey, "subscriptionId": sID(), "relationNum": sNumOpt()}
)

func (e *Emulator) isGroupX(x string) bool {
	for _, b := range e.byX[x] {
		if b.Mode == "AXYB" {
			return true
		}
	}
	return false
}

func (e *Emulator) axybBind(c *call) (map[string]any, *apiError) {
	p := c.p
	if p.has("subscriptionId") {
		return e.axybBindMember(c)
	}
	for _, k := range []string{"preVoiceY"} {
		if p.has(k) {
			return nil, errParam(k)
		}
	}
	if !p.has("origNum") {
		return nil, errParam("origNum")
	}
	a := p.str("origNum")
	if e.aCount[c.app.AppKey+"|"+a] >= e.limits.xPerA {
		return nil, apiErr("1012008")
	}
	x := pickX(c.app, p.str("areaCode"), p.str("areaMatchMode") == "1", func(x string) bool {
		return len(e.byX[x]) == 0 && e.yUse[x] == 0
	})
	if x == "" {
		return nil, apiErr("1012008")
	}
	b := &binding{Mode: "AXYB", AppKey: c.app.AppKey, SubID: e.newSubID(), Seq: e.nextSeq(),
		A: a, X: x, Subscribed: c.now,
		Fields: withDefaults(p, map[string]any{"callDirection": int64(0), "duration": int64(7200),
			"ybDuration": int64(0), "recordFlag": "false", "maxDuration": int64(0)})}
	setFields(b, p, "origNum", "areaCode", "areaMatchMode")
	e.setExpiry(b, c.now, durationOf(b.Fields["duration"].(int64), time.Second))
	e.index(b)
	c.wrote = true
	return map[string]any{"subscriptionId": b.SubID, "relationNumber": x}, nil
}

func (e *Emulator) axybBindMember(c *call) (map[string]any, *apiError) {
	p := c.p
	for _, k := range sortedKeys(p) {
		if !axybMemberFields[k] {
			return nil, errParam(k)
		}
	}
	if !p.has("origNum") {
		return nil, errParam("origNum")
	}
	g := e.lookup(c, p.str("subscriptionId"))
	if g == nil {
		return nil, apiErr("1016001")
	}
	bnum := p.str("origNum")
	if bnum == g.A {
		return nil, errParam("origNum")
	}
	usedY := map[string]bool{}
	for _, m := range g.Members {
		if m.B == bnum {
			return nil, apiErr("1016002")
		}
		usedY[m.Y] = true
	}
	fits := func(y string) bool {
		return y != g.X && !usedY[y] && !e.isGroupX(y) && e.yUse[y] < e.limits.relationsPerY
	}
	var y string
	if p.has("areaCode") {
		y = pickX(c.app, p.str("areaCode"), p.str("areaMatchMode") == "1", fits)
	} else {
		y = pickX(c.app, c.app.areaOf[g.X], true, fits)
	}
	if y == "" {
		return nil, apiErr("1012008")
	}
	yb := g.Fields["ybDuration"].(int64)
	if p.has("ybDuration") {
		yb = p.int("ybDuration")
	}
	m := &member{BindID: newID(), Seq: e.nextSeq(), B: bnum, Y: y, Subscribed: c.now,
		Fields: map[string]any{"ybDuration": yb}}
	if p.has("preVoiceY") {
		m.Fields["preVoiceY"] = p.str("preVoiceY")
	}
	g.Members = append(g.Members, m)
	e.yUse[y]++
	// ybDuration above duration: duration applies (the group's expiry ends it).
	e.setMemberExpiry(g, m, c.now, durationOf(yb, time.Second))
	c.wrote = true
	return map[string]any{"subscriptionId": g.SubID, "relationNumber": y}, nil
}

func (e *Emulator) axybUnbind(c *call) (map[string]any, *apiError) {
	p := c.p
	if !p.has("subscriptionId") {
		return nil, errParam("subscriptionId")
	}
	g := e.lookup(c, p.str("subscriptionId"))
	if g == nil {
		return nil, apiErr("1016001")
	}
	if !p.has("yNum") && !p.has("bNum") {
		e.unindex(g)
		c.wrote = true
		return nil, nil
	}
	for i, m := range g.Members {
		if (p.has("yNum") && m.Y == p.str("yNum")) || (!p.has("yNum") && m.B == p.str("bNum")) {
			e.removeMember(g, i)
			c.wrote = true
			return nil, nil
		}
	}
	return nil, apiErr("1016001")
}

// axybRecords lists a group's records: with group, a group record first and
// the group's subscriptionId in every record (the admin view, and the
// AXYBGroupRecord dialect); without, one record per member as the guide has
// them.
func (e *Emulator) axybRecords(g *binding, group bool) []any {
	base := func() map[string]any {
		r := copyFields(g.Fields)
		if group {
			r["subscriptionId"] = g.SubID
		}
		r["numA"] = g.A
		r["numX"] = g.X
		return r
	}
	var out []any
	if group {
		r := base()
		r["bindId"] = g.SubID
		r["numY"] = ""
		r["numB"] = ""
		r["subscribeTime"] = subscribeTime(g.Subscribed)
		out = append(out, r)
	}
	for _, m := range g.Members {
		r := base()
		for k, v := range m.Fields {
			r[k] = v
		}
		r["bindId"] = m.BindID
		r["numY"] = m.Y
		r["numB"] = m.B
		r["subscribeTime"] = subscribeTime(m.Subscribed)
		if !group {
			for _, k := range []string{"callDirection", "duration", "ybDuration"} {
				if n, ok := r[k].(int64); ok {
					r[k] = strconv.FormatInt(n, 10)
				}
			}
		}
		out = append(out, r)
	}
	return out
}

func (e *Emulator) axybQuery(c *call) (map[string]any, *apiError) {
	p := c.p
	recs := []any{}
	switch {
	case p.has("subscriptionId"):
		g := e.lookup(c, p.str("subscriptionId"))
		if g == nil {
			return nil, apiErr("1016001")
		}
		recs = e.axybQueryRecords(g)
	case p.has("relationNum"):
		x := p.str("relationNum")
		if !e.owns(c, x) {
			return nil, apiErr("1011004")
		}
		var list []*binding
		for _, b := range e.byX[x] {
			list = append(list, b)
		}
		if len(list) == 0 {
			return e.filterMiss("1016001", map[string]any{"xyRelationNumList": []any{}})
		}
		sortBindings(list)
		for _, g := range list {
			recs = append(recs, e.axybQueryRecords(g)...)
		}
	default:
		return nil, errParam("subscriptionId")
	}
	return map[string]any{"xyRelationNumList": recs}, nil
}

// axybQueryRecords is a group's records as a query answers them in the
// emulator's dialect.
func (e *Emulator) axybQueryRecords(g *binding) []any {
	recs := e.axybRecords(g, e.dialect.AXYBGroupRecord)
	for _, r := range recs {
		e.sparse(r.(map[string]any))
	}
	return recs
}
