package emulator

import (
	"sort"
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

func sortBindings(list []*binding) {
	sort.Slice(list, func(i, j int) bool { return list[i].Seq < list[j].Seq })
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
