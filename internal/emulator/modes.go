package emulator

import (
	"fmt"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"
)

func merge(ms ...map[string]spec) map[string]spec {
	out := map[string]spec{}
	for _, m := range ms {
		for k, v := range m {
			out[k] = v
		}
	}
	return out
}

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
		"calleeNum": sNum(true), "duration": sInt(1, 259200), "userData": sUserData(),
		"maxDuration": sInt(0, 1440),
	})

	specsAXEBind = map[string]spec{
		"bindNum": sNum(true), "virtualNum": sNumOpt(), "areaCode": sArea(),
		"areaMatchMode": sEnum("0", "1"), "extendNum": sExt(), "displayNumMode": sEnum("0", "1"),
		"recordFlag": sBool(), "recordHintTone": sTone(1), "callbackTone": sTone(1),
		"callbackNum": sNum(true), "timeUnit": sEnum("0", "1"), "bindExpiredTime": sInt(0, 1<<31-1),
		"callbackExpiredTime": sInt(0, 1<<31-1), "userData": sUserData(),
	}
	specsAXEIdent  = map[string]spec{"subscriptionId": sID(), "virtualNum": sNumOpt(), "extendNum": sExt()}
	specsAXEModify = merge(specsAXEIdent, map[string]spec{
		"bindExpiredTime": sInt(0, 1<<31-1), "callbackExpiredTime": sInt(0, 1<<31-1),
		"callbackNum": sNum(true), "recordFlag": sBool(), "timeUnit": sEnum("0", "1"),
		"callbackTone": sTone(1), "recordHintTone": sTone(1),
	})
	specsAXEQuery2 = map[string]spec{
		"subscriptionId": sID(), "virtualNum": sNumOpt(),
		"cursor": {kind: kCursor, max: 34, emptyAbsent: true}, "limit": sInt(1, 100),
	}

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

	specsRecord = map[string]spec{"app_key": specAppKey, "fileName": sTone(1), "recordDomain": sStr(1, 128)}
	specsStop   = map[string]spec{"sessionid": sStr(1, 256), "signal": sEnum("call_stop")}
)

const (
	math64Min = -1 << 63
	math64Max = 1<<63 - 1
)

func registerOperations() {
	op := func(path, name, mode, method string, body bool, specs map[string]spec, h func(*Emulator, *call) (map[string]any, *apiError)) {
		o := &operation{name: name, mode: mode, method: method, body: body, specs: specs, handle: h}
		if body {
			o.querySpecs = map[string]spec{}
			if mode == "AXYB" || mode == "" {
				o.querySpecs = specsAppKeyOnly
			}
		}
		addRoute(path, o)
	}
	op(pathAXB, "AXB.bind", "AXB", "POST", true, specsAXBBind, (*Emulator).axbBind)
	op(pathAXB, "AXB.unbind", "AXB", "DELETE", false, specsAXBUnbind, (*Emulator).axbUnbind)
	op(pathAXB, "AXB.modify", "AXB", "PUT", true, specsAXBModify, (*Emulator).axbModify)
	op(pathAXB, "AXB.query", "AXB", "GET", false, specsAXBQuery, (*Emulator).axbQuery)
	op(pathAX, "AX.bind", "AX", "POST", true, specsAXBind, (*Emulator).axBind)
	op(pathAX, "AX.unbind", "AX", "DELETE", false, specsAXIdent, (*Emulator).axUnbind)
	op(pathAX, "AX.modify", "AX", "PUT", true, specsAXModify, (*Emulator).axModify)
	op(pathAX, "AX.query", "AX", "GET", false, specsAXIdent, (*Emulator).axQuery)
	op(pathAXCall, "AX.set_callee", "AX", "PUT", true, specsAXCallee, (*Emulator).axSetCallee)
	op(pathAXE, "AXE.bind", "AXE", "POST", true, specsAXEBind, (*Emulator).axeBind)
	op(pathAXE, "AXE.unbind", "AXE", "DELETE", false, specsAXEIdent, (*Emulator).axeUnbind)
	op(pathAXE, "AXE.modify", "AXE", "PUT", true, specsAXEModify, (*Emulator).axeModify)
	op(pathAXE, "AXE.query", "AXE", "GET", false, specsAXEIdent, (*Emulator).axeQuery1)
	op(pathAXE2, "AXE.query", "AXE", "GET", false, specsAXEQuery2, (*Emulator).axeQuery2)
	op(pathAXYB, "AXYB.bind", "AXYB", "POST", true, specsAXYBBind, (*Emulator).axybBind)
	op(pathAXYB, "AXYB.unbind", "AXYB", "DELETE", false, specsAXYBUnbind, (*Emulator).axybUnbind)
	op(pathAXYB, "AXYB.query", "AXYB", "GET", false, specsAXYBQuery, (*Emulator).axybQuery)
	op(pathRecord, "recording.url", "", "GET", false, specsRecord, (*Emulator).recordingURL)
	op(pathStop, "call.stop", "", "POST", true, specsStop, (*Emulator).callStop)
}

// lookup finds a live binding of the caller's application and mode.
func (e *Emulator) lookup(c *call, subID string) *binding {
	b := e.bySub[subID]
	if b == nil || b.AppKey != c.app.AppKey || b.Mode != c.app.Mode {
		return nil
	}
	return b
}

func (e *Emulator) owns(c *call, x string) bool {
	_, ok := c.app.areaOf[x]
	return ok
}

// setFields stores optional fields of p (all but the excluded ones).
func setFields(b *binding, p params, exclude ...string) {
	skip := map[string]bool{}
	for _, k := range exclude {
		skip[k] = true
	}
	for k, v := range p {
		if !skip[k] {
			b.Fields[k] = v
		}
	}
}

func withDefaults(p params, defaults map[string]any) map[string]any {
	f := map[string]any{}
	for k, v := range defaults {
		f[k] = v
	}
	return f
}

// ---------------------------------------------------------------- AXB

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

func copyFields(f map[string]any) map[string]any {
	r := make(map[string]any, len(f)+8)
	for k, v := range f {
		if m, ok := v.(map[string]any); ok {
			c := map[string]any{}
			for k2, v2 := range m {
				c[k2] = v2
			}
			v = c
		}
		r[k] = v
	}
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
		recs = append(recs, e.axbRecord(b))
	}
	return map[string]any{"totalCount": total, "pageIndexCount": pages, "relationNumList": recs}, nil
}

func sortBindings(list []*binding) {
	sort.Slice(list, func(i, j int) bool { return list[i].Seq < list[j].Seq })
}

// ---------------------------------------------------------------- AX

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
			return nil, apiErr("1011004")
		}
		if len(e.byX[x]) > 0 {
			return nil, apiErr("1016002")
		}
		if e.aCount[c.app.AppKey+"|"+a] >= e.limits.xPerA {
			return nil, apiErr("1012008")
		}
	} else {
		if !p.has("areaCode") {
			return nil, errParam("privateNum")
		}
		if !p.has("privateNumType") {
			return nil, errParam("privateNumType")
		}
		if e.aCount[c.app.AppKey+"|"+a] >= e.limits.xPerA {
			return nil, apiErr("1012008")
		}
		x = pickX(c.app, p.str("areaCode"), p.str("areaMatchMode") == "1", func(x string) bool { return len(e.byX[x]) == 0 })
		if x == "" {
			return nil, apiErr("1012008")
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
	sortBindings(list)
	recs := make([]any, 0, len(list))
	for _, b := range list {
		recs = append(recs, e.axRecord(b))
	}
	return map[string]any{"privateNumList": recs}, nil
}

// bySubOfApp lists the bindings on the X numbers of the caller's application.
func (e *Emulator) bySubOfApp(c *call) []*binding {
	var out []*binding
	for x := range c.app.areaOf {
		for _, b := range e.byX[x] {
			if b.AppKey == c.app.AppKey {
				out = append(out, b)
			}
		}
	}
	return out
}

// ---------------------------------------------------------------- AXE

func (e *Emulator) extFor(app *appState, i int) string {
	return fmt.Sprintf("%0*d", app.digits, i)
}

func maxExt(app *appState) int {
	n := 1
	for i := 0; i < app.digits; i++ {
		n *= 10
	}
	return n - 1
}

func (e *Emulator) freeExt(app *appState, x string) string {
	used := e.extOnX[x]
	for i := 1; i <= maxExt(app); i++ {
		s := e.extFor(app, i)
		if _, taken := used[s]; !taken {
			return s
		}
	}
	return ""
}

func validExt(app *appState, ext string) bool {
	if len(ext) != app.digits {
		return false
	}
	n, err := strconv.Atoi(ext)
	return err == nil && n >= 1
}

func (e *Emulator) axeBind(c *call) (map[string]any, *apiError) {
	p := c.p
	if !p.has("bindNum") {
		return nil, errParam("bindNum")
	}
	if p.has("callbackTone") && p.has("callbackNum") {
		return nil, errParam("callbackNum")
	}
	if p.has("extendNum") && !validExt(c.app, p.str("extendNum")) {
		return nil, errParam("extendNum")
	}
	a := p.str("bindNum")
	var x, ext string
	if p.has("virtualNum") {
		x = p.str("virtualNum")
		if !e.owns(c, x) {
			return nil, apiErr("1011004")
		}
		if _, dup := e.numsOnX[x][a]; dup {
			return nil, apiErr("1016002")
		}
		if p.has("extendNum") {
			ext = p.str("extendNum")
			if _, taken := e.extOnX[x][ext]; taken {
				return nil, apiErr("1016002")
			}
		} else if ext = e.freeExt(c.app, x); ext == "" {
			return nil, apiErr("1020167")
		}
	} else {
		if !p.has("areaCode") {
			return nil, errParam("virtualNum")
		}
		x = pickX(c.app, p.str("areaCode"), p.str("areaMatchMode") == "1", func(x string) bool {
			_, dup := e.numsOnX[x][a]
			return !dup && len(e.extOnX[x]) < maxExt(c.app)
		})
		if x == "" {
			return nil, apiErr("1012008")
		}
		ext = e.freeExt(c.app, x)
	}
	b := &binding{Mode: "AXE", AppKey: c.app.AppKey, SubID: e.newSubID(), Seq: e.nextSeq(),
		A: a, X: x, Ext: ext, Subscribed: c.now,
		Fields: withDefaults(p, map[string]any{"displayNumMode": "0", "recordFlag": "false",
			"timeUnit": "0", "bindExpiredTime": int64(0), "callbackExpiredTime": int64(0)})}
	setFields(b, p, "bindNum", "virtualNum", "areaCode", "areaMatchMode", "extendNum")
	b.Reported = map[string]any{"timeUnit": b.Fields["timeUnit"], "bindExpiredTime": b.Fields["bindExpiredTime"]}
	e.setExpiry(b, c.now, axeLifetime(b))
	e.index(b)
	c.wrote = true
	return map[string]any{"subscriptionId": b.SubID, "virtualNum": x, "extendNum": ext, "bindNum": a}, nil
}

func axeLifetime(b *binding) time.Duration {
	unit := time.Hour
	if b.Fields["timeUnit"] == "1" {
		unit = time.Minute
	}
	n, _ := b.Fields["bindExpiredTime"].(int64)
	return durationOf(n, unit)
}

func (e *Emulator) axeFind(c *call) (*binding, *apiError) {
	p := c.p
	if p.has("subscriptionId") {
		if b := e.lookup(c, p.str("subscriptionId")); b != nil {
			return b, nil
		}
		return nil, apiErr("1016001")
	}
	if !p.has("virtualNum") {
		return nil, errParam("virtualNum")
	}
	if !p.has("extendNum") {
		return nil, errParam("extendNum")
	}
	x := p.str("virtualNum")
	if !e.owns(c, x) {
		return nil, apiErr("1011004")
	}
	if id, ok := e.extOnX[x][p.str("extendNum")]; ok {
		return e.bySub[id], nil
	}
	return nil, apiErr("1016001")
}

func (e *Emulator) axeUnbind(c *call) (map[string]any, *apiError) {
	b, err := e.axeFind(c)
	if err != nil {
		return nil, err
	}
	e.unindex(b)
	c.wrote = true
	return nil, nil
}

func (e *Emulator) axeModify(c *call) (map[string]any, *apiError) {
	if c.p.has("callbackTone") && c.p.has("callbackNum") {
		return nil, errParam("callbackNum")
	}
	b, err := e.axeFind(c)
	if err != nil {
		return nil, err
	}
	e.applyAXE(b, c.p, c.now)
	c.wrote = true
	return map[string]any{"subscriptionId": b.SubID, "virtualNum": b.X, "extendNum": b.Ext, "bindNum": b.A}, nil
}

// applyAXE changes an AXE binding as a modify does: a new bindExpiredTime or
// timeUnit restarts the lifetime from now; query keeps reporting the
// bind-time values (§6.3).
func (e *Emulator) applyAXE(b *binding, p params, now time.Time) {
	if p.has("callbackNum") {
		delete(b.Fields, "callbackTone")
	}
	if p.has("callbackTone") {
		delete(b.Fields, "callbackNum")
	}
	setFields(b, p, "subscriptionId", "virtualNum", "extendNum", "bindNum")
	if p.has("bindExpiredTime") || p.has("timeUnit") {
		e.setExpiry(b, now, axeLifetime(b))
	}
}

func (e *Emulator) axeRecord(b *binding) map[string]any {
	r := copyFields(b.Fields)
	for k, v := range b.Reported {
		r[k] = v
	}
	r["subscriptionId"] = b.SubID
	r["virtualNum"] = b.X
	r["extendNum"] = b.Ext
	r["bindNum"] = b.A
	return r
}

func (e *Emulator) axeQuery1(c *call) (map[string]any, *apiError) {
	b, err := e.axeFind(c)
	if err != nil {
		return nil, err
	}
	return e.axeRecord(b), nil
}

func (e *Emulator) axeQuery2(c *call) (map[string]any, *apiError) {
	p := c.p
	if p.has("subscriptionId") {
		b := e.lookup(c, p.str("subscriptionId"))
		if b == nil {
			return nil, apiErr("1016001")
		}
		return map[string]any{"bindList": []any{e.axeRecord(b)}}, nil
	}
	if !p.has("virtualNum") {
		return nil, errParam("virtualNum")
	}
	x := p.str("virtualNum")
	if !e.owns(c, x) {
		return nil, apiErr("1011004")
	}
	var after uint64
	if p.has("cursor") {
		s := p.str("cursor")
		n, err := strconv.ParseUint(s[strings.IndexByte(s, '_')+1:], 10, 64)
		if err != nil {
			n = ^uint64(0)
		}
		after = n
	}
	limit := int64(100)
	if p.has("limit") {
		limit = p.int("limit")
	}
	var list []*binding
	for _, b := range e.byX[x] {
		if b.Seq > after {
			list = append(list, b)
		}
	}
	sortBindings(list)
	out := map[string]any{}
	if int64(len(list)) > limit {
		list = list[:limit]
		last := list[len(list)-1]
		out["nextCursor"] = fmt.Sprintf("%013d_%d", last.Subscribed.UnixMilli()%10000000000000, last.Seq)
	}
	recs := make([]any, 0, len(list))
	for _, b := range list {
		recs = append(recs, e.axeRecord(b))
	}
	out["bindList"] = recs
	return out, nil
}

// ---------------------------------------------------------------- AXYB

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

func (e *Emulator) axybRecords(g *binding) []any {
	base := func() map[string]any {
		r := copyFields(g.Fields)
		r["subscriptionId"] = g.SubID
		r["numA"] = g.A
		r["numX"] = g.X
		return r
	}
	r := base()
	r["bindId"] = g.SubID
	r["numY"] = ""
	r["numB"] = ""
	r["subscribeTime"] = subscribeTime(g.Subscribed)
	out := []any{r}
	for _, m := range g.Members {
		r := base()
		for k, v := range m.Fields {
			r[k] = v
		}
		r["bindId"] = m.BindID
		r["numY"] = m.Y
		r["numB"] = m.B
		r["subscribeTime"] = subscribeTime(m.Subscribed)
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
		recs = e.axybRecords(g)
	case p.has("relationNum"):
		x := p.str("relationNum")
		if !e.owns(c, x) {
			return nil, apiErr("1011004")
		}
		var list []*binding
		for _, b := range e.byX[x] {
			list = append(list, b)
		}
		sortBindings(list)
		for _, g := range list {
			recs = append(recs, e.axybRecords(g)...)
		}
	default:
		return nil, errParam("subscriptionId")
	}
	return map[string]any{"xyRelationNumList": recs}, nil
}

// ---------------------------------------------------------------- cross-mode

func (e *Emulator) recordingURL(c *call) (map[string]any, *apiError) {
	if !c.p.has("fileName") {
		return nil, errParam("fileName")
	}
	if !c.p.has("recordDomain") {
		return nil, errParam("recordDomain")
	}
	dom := c.p.str("recordDomain")
	for _, r := range dom {
		if !(r == '.' || r == '-' || r == ':' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
			return nil, errParam("recordDomain")
		}
	}
	c.redirect = "https://" + dom + "/" + url.PathEscape(c.p.str("fileName")) +
		"?expires=" + strconv.FormatInt(c.now.Add(72*time.Hour).Unix(), 10) + "&token=" + newID()
	return nil, nil
}

func (e *Emulator) callStop(c *call) (map[string]any, *apiError) {
	if !c.p.has("sessionid") {
		return nil, errParam("sessionid")
	}
	if !c.p.has("signal") {
		return nil, errParam("signal")
	}
	return nil, nil
}
