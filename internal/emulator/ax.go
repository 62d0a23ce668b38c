package emulator

import (
	"time"
)

// AX: a fixed X in front of A (reference §5).

var (
	specsAXBind = map[string]spec{
		"origNum": sNum(true), "privateNum": sNumOpt(), "privateNumType": sEnum("mobile-virtual"),
		"areaCode": sArea(), "areaMatchMode": sEnum("0", "1"), "recordFlag": sBool(),
		"recordHintTone": sTone(1), "calleeNumDisplay": sEnum("0", "1"), "privateSms": sBool(),
		"preVoice": sPreVoice(), "maxDuration": sInt(0, 1440), "lastMinVoice": sTone(0),
		"userData": sUserData(), "turnFlag": sEnum("on", "off"), "callDirection": sInt(0, 2),
	}
	specsAXIdent  = map[string]spec{"subscriptionId": sID(), "origNum": sNumOpt(), "privateNum": sNumOpt()}
	specsAXModify = merge(specsAXIdent, map[string]spec{
		"maxDuration": sInt(0, 1440), "privateSms": sBool(), "recordFlag": sBool(),
	})
	specsAXCallee = merge(specsAXIdent, map[string]spec{
		"calleeNum": sNum(false), "duration": sInt(1, 259200), "userData": sUserData(),
		"maxDuration": sInt(0, 1440),
	})
)

func (e *Emulator) axBind(c *call) (map[string]any, *apiError) {
	p := c.p
	if !p.has("origNum") {
		return nil, errParam("origNum")
	}
	a := p.str("origNum")
	var x string
	if p.has("privateNum") {
		x = p.str("privateNum")
		if !e.owns(c, x) {
			return nil, e.axCode("1011001", "1011004")
		}
		for _, other := range e.byX[x] {
			if other.A == a || e.dialect.LegacyAXCodes {
				return nil, apiErr("1016002")
			}
			return nil, apiErr("1011005")
		}
		if e.aCount[c.app.AppKey+"|"+a] >= e.limits.xPerA {
			return nil, e.axCode("1011003", "1012008")
		}
	} else {
		if !p.has("areaCode") {
			return nil, errParam("privateNum")
		}
		if !p.has("privateNumType") {
			return nil, errParam("privateNumType")
		}
		if e.aCount[c.app.AppKey+"|"+a] >= e.limits.xPerA {
			return nil, e.axCode("1011003", "1012008")
		}
		x = pickX(c.app, p.str("areaCode"), p.str("areaMatchMode") == "1", func(x string) bool { return len(e.byX[x]) == 0 })
		if x == "" {
			return nil, e.axCode("1011002", "1012008")
		}
	}
	b := &binding{Mode: "AX", AppKey: c.app.AppKey, SubID: e.newSubID(), Seq: e.nextSeq(),
		A: a, X: x, Subscribed: c.now,
		Fields: withDefaults(p, map[string]any{"recordFlag": "false", "privateSms": "true",
			"calleeNumDisplay": "0", "maxDuration": int64(0), "turnFlag": "on", "callDirection": int64(0)})}
	setFields(b, p, "origNum", "privateNum", "privateNumType", "areaCode", "areaMatchMode")
	e.index(b)
	c.wrote = true
	return map[string]any{"origNum": a, "privateNum": x, "subscriptionId": b.SubID}, nil
}

// axFind resolves subscriptionId, or origNum + privateNum (AX).
func (e *Emulator) axFind(c *call) (*binding, *apiError) {
	p := c.p
	if p.has("subscriptionId") {
		if b := e.lookup(c, p.str("subscriptionId")); b != nil {
			return b, nil
		}
		return nil, apiErr("1016001")
	}
	if !p.has("origNum") {
		return nil, errParam("origNum")
	}
	if !p.has("privateNum") {
		return nil, errParam("privateNum")
	}
	x := p.str("privateNum")
	if !e.owns(c, x) {
		return nil, apiErr("1011004")
	}
	for _, b := range e.byX[x] {
		if b.A == p.str("origNum") {
			return b, nil
		}
	}
	return nil, apiErr("1016001")
}

func (e *Emulator) axUnbind(c *call) (map[string]any, *apiError) {
	b, err := e.axFind(c)
	if err != nil {
		return nil, err
	}
	e.unindex(b)
	c.wrote = true
	return nil, nil
}

func (e *Emulator) axModify(c *call) (map[string]any, *apiError) {
	b, err := e.axFind(c)
	if err != nil {
		return nil, err
	}
	setFields(b, c.p, "subscriptionId", "origNum", "privateNum")
	c.wrote = true
	return map[string]any{"subscriptionId": b.SubID, "origNum": b.A, "privateNum": b.X}, nil
}

func (e *Emulator) axSetCallee(c *call) (map[string]any, *apiError) {
	if !c.p.has("calleeNum") {
		return nil, errParam("calleeNum")
	}
	b, err := e.axFind(c)
	if err != nil {
		return nil, err
	}
	if c.p.str("calleeNum") == b.A {
		return nil, errParam("calleeNum")
	}
	d := int64(60)
	if c.p.has("duration") {
		d = c.p.int("duration")
	}
	b.Callee = c.p.str("calleeNum")
	b.CalleeExpires = c.now.Add(time.Duration(d) * time.Second)
	b.CalleeFields = map[string]any{"duration": d}
	for _, k := range []string{"userData", "maxDuration"} {
		if c.p.has(k) {
			b.CalleeFields[k] = c.p[k]
		}
	}
	c.wrote = true
	return nil, nil
}

func (e *Emulator) axRecord(b *binding) map[string]any {
	r := copyFields(b.Fields)
	r["subscriptionId"] = b.SubID
	r["origNum"] = b.A
	r["privateNum"] = b.X
	r["subscribeTime"] = subscribeTime(b.Subscribed)
	return r
}

func (e *Emulator) axQuery(c *call) (map[string]any, *apiError) {
	p := c.p
	var list []*binding
	switch {
	case p.has("subscriptionId"):
		b := e.lookup(c, p.str("subscriptionId"))
		if b == nil {
			return nil, apiErr("1016001")
		}
		list = []*binding{b}
	case p.has("origNum"):
		for _, b := range e.bySubOfApp(c) {
			if b.A == p.str("origNum") {
				list = append(list, b)
			}
		}
	case p.has("privateNum"):
		x := p.str("privateNum")
		if !e.owns(c, x) {
			return nil, apiErr("1011004")
		}
		for _, b := range e.byX[x] {
			list = append(list, b)
		}
	default:
		return nil, errParam("subscriptionId")
	}
	if len(list) == 0 {
		return e.filterMiss("1016001", map[string]any{"privateNumList": []any{}})
	}
	sortBindings(list)
	recs := make([]any, 0, len(list))
	for _, b := range list {
		recs = append(recs, e.sparse(e.axRecord(b)))
	}
	return map[string]any{"privateNumList": recs}, nil
}
