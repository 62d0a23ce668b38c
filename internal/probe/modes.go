package probe

import (
	"net/url"
)

// modeWire is what the probe needs to know of one mode's API (reference
// §4-§7): its paths, its filter query by X, the list its queries answer, and
// its not-found code.
type modeWire struct {
	path        string // bind, unbind, modify and query by subscriptionId
	filterPath  string // the query by X
	filterParam string // the X parameter of that query
	listKey     string // the list of records in query answers
	notFound    string // the mode's not-found code
	appKeyParam bool   // requests carry app_key in the query string (AXYB)
	// sparseMarks are fields the platform stores with a default and the
	// emulator's full records always carry, but the sparse reading leaves out.
	sparseMarks []string
}

var modes = map[string]modeWire{
	"AX": {path: "/rest/provision/caas/privatenumber/v1.0", filterPath: "/rest/provision/caas/privatenumber/v1.0",
		filterParam: "privateNum", listKey: "privateNumList", notFound: "1016001",
		sparseMarks: []string{"privateSms", "calleeNumDisplay", "turnFlag"}},
	"AXB": {path: "/rest/caas/relationnumber/partners/v1.0", filterPath: "/rest/caas/relationnumber/partners/v1.0",
		filterParam: "relationNum", listKey: "relationNumList", notFound: "1012007",
		sparseMarks: []string{"privateSms"}},
	"AXE": {path: "/rest/caas/extendnumber/v1.0", filterPath: "/rest/caas/extendnumber/v2.0",
		filterParam: "virtualNum", listKey: "bindList", notFound: "1016001",
		sparseMarks: []string{"displayNumMode"}},
	"AXYB": {path: "/rest/omp/xyrelationnumber/v1.0", filterPath: "/rest/omp/xyrelationnumber/v1.0",
		filterParam: "relationNum", listKey: "xyRelationNumList", notFound: "1016001", appKeyParam: true},
}

// query builds a query string for app, with app_key where the mode wants it.
func query(app *App, kv ...string) url.Values {
	q := url.Values{}
	if modes[app.Mode].appKeyParam {
		q.Set("app_key", app.AppKey)
	}
	for i := 0; i+1 < len(kv); i += 2 {
		q.Set(kv[i], kv[i+1])
	}
	return q
}

// records are the binding records of a query answer: the mode's list, or the
// flat record of AXE query v1.0.
func records(mode string, a answer) []map[string]any {
	if a.body == nil {
		return nil
	}
	if mode == "AXE" {
		if _, flat := a.body["subscriptionId"]; flat {
			r := map[string]any{}
			for k, v := range a.body {
				if k != "resultcode" && k != "resultdesc" {
					r[k] = v
				}
			}
			return []map[string]any{r}
		}
	}
	list, _ := a.body[modes[mode].listKey].([]any)
	out := make([]map[string]any, 0, len(list))
	for _, v := range list {
		if m, ok := v.(map[string]any); ok {
			out = append(out, m)
		}
	}
	return out
}

// emptyList reports an answer of success with the mode's list present and empty.
func emptyList(mode string, a answer) bool {
	if !a.ok() {
		return false
	}
	list, ok := a.body[modes[mode].listKey].([]any)
	return ok && len(list) == 0
}

// str is a JSON value as a string ("" when absent).
func str(v any) string {
	s, _ := v.(string)
	return s
}
