package emulator

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// AXE: X plus an extension in front of A (reference §6).

var (
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
)

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
	return e.sparse(e.axeRecord(b)), nil
}

func (e *Emulator) axeQuery2(c *call) (map[string]any, *apiError) {
	p := c.p
	if p.has("subscriptionId") {
		b := e.lookup(c, p.str("subscriptionId"))
		if b == nil {
			return nil, apiErr("1016001")
		}
		return map[string]any{"bindList": []any{e.sparse(e.axeRecord(b))}}, nil
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
	if len(list) == 0 && !p.has("cursor") {
		return e.filterMiss("1016001", map[string]any{"bindList": []any{}})
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
		recs = append(recs, e.sparse(e.axeRecord(b)))
	}
	out["bindList"] = recs
	return out, nil
}
