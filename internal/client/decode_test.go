package client

import (
	"fmt"
	"net/http"
	"reflect"
	"strconv"
	"testing"
	"time"
)

func TestTolerantDecoding(t *testing.T) {
	// Numbers as strings, booleans as JSON booleans, unknown fields, nulls,
	// odd shapes and an unparsable time.
	p, err := decodeAXBPage([]byte(`{"resultcode":0,"resultdesc":"Success","totalCount":"2","extra":{"a":[1]},
		"relationNumList":[
		 {"subscriptionId":12345,"relationNum":"+86170","callDirection":"2","duration":"3600","recordFlag":true,"maxDuration":30.0,
		  "privateSms":"TRUE","preVoice":"none","userData":null,"subscribeTime":"yesterday","newField":1},
		 {"subscriptionId":"b","callDirection":"x","duration":{},"recordFlag":"1","privateSms":false,"preVoice":{"callerHintTone":7},
		  "subscribeTime":"2026-03-04T05:06:07+08:00","maxDuration":1e30}]}`))
	if err != nil {
		t.Fatal(err)
	}
	want := &AXBPage{TotalCount: 2, Bindings: []AXBBinding{
		{SubscriptionID: "12345", XNumber: "+86170", CallDirection: 2, DurationSeconds: 3600, RecordFlag: true, MaxDurationMinutes: 30, PrivateSMS: true,
			// A field left out or null is absent (unknown), not zero (reference §17).
			Absent: Absent{"LastMinVoice": true, "RecordHintTone": true, "UserData": true}},
		{SubscriptionID: "b", RecordFlag: true, PreVoice: PreVoice{CallerHintTone: "7"},
			SubscribeTime: time.Date(2026, 3, 3, 21, 6, 7, 0, time.UTC), MaxDurationMinutes: int(^uint32(0) >> 1),
			Absent: Absent{"LastMinVoice": true, "RecordHintTone": true, "UserData": true}},
	}}
	if !reflect.DeepEqual(p, want) {
		t.Errorf("got  %+v\nwant %+v", p, want)
	}

	ax, err := decodeAXList([]byte(`{"privateNumList":[{"turnFlag":"on","calleeNumDisplay":1,"recordFlag":"false"},{"turnFlag":false},{"turnFlag":"OFF"},{"turnFlag":null}]}`))
	if err != nil {
		t.Fatal(err)
	}
	if !ax[0].PowerOn || ax[0].CalleeNumDisplay != 1 || ax[1].PowerOn || ax[2].PowerOn || !ax[3].PowerOn {
		t.Errorf("AX: %+v", ax)
	}

	axe, err := decodeAXE([]byte(`{"resultcode":"0","subscriptionId":"s","extendNum":12,"timeUnit":1,"displayNumMode":"1","bindExpiredTime":"48","recordFlag":"true"}`))
	if err != nil {
		t.Fatal(err)
	}
	if axe.Extension != "12" || axe.TimeUnit != 1 || axe.DisplayNumMode != 1 || axe.BindExpiredTime != 48 || !axe.RecordFlag {
		t.Errorf("AXE: %+v", axe)
	}

	page, err := decodeAXEPage([]byte(`{"bindList":null}`))
	if err != nil || page.NextCursor != "" || len(page.Bindings) != 0 {
		t.Errorf("AXE page: %+v %v", page, err)
	}

	ys, err := decodeAXYBList([]byte(`{"xyRelationNumList":[{"bindId":1,"duration":"60","ybDuration":30,"recordFlag":"false","subscribeTime":" 2026-01-02 03:04:05 "}]}`))
	if err != nil {
		t.Fatal(err)
	}
	if ys[0].BindID != "1" || ys[0].DurationSeconds != 60 || ys[0].YBDurationSeconds != 30 || !ys[0].SubscribeTime.Equal(time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)) {
		t.Errorf("AXYB: %+v", ys)
	}

	for _, bad := range []string{`[`, `"x"`, `{"relationNumList":{}}`} {
		if _, err := decodeAXBPage([]byte(bad)); err == nil {
			t.Errorf("%s decoded", bad)
		}
		if _, err := decodeAXList([]byte(bad)); err == nil && bad != `{"relationNumList":{}}` {
			t.Errorf("%s decoded", bad)
		}
	}
	if _, err := decodeAXE([]byte(`[]`)); err == nil {
		t.Error("AXE list decoded")
	}
	if _, err := decodeAXEPage([]byte(`1`)); err == nil {
		t.Error("AXE page number decoded")
	}
	if _, err := decodeAXYBList([]byte(`{`)); err == nil {
		t.Error("AXYB garbage decoded")
	}
}

func TestEnvelopeVariants(t *testing.T) {
	for body, want := range map[string]envelope{
		`{"resultcode":"0","resultdesc":"Success"}`:  {code: "0", desc: "Success"},
		`{"resultcode":1012007,"resultdesc":"gone"}`: {code: "1012007", desc: "gone"},
		` {"resultcode":" 1010010 "}`:                {code: "1010010"},
	} {
		got, ok := parseEnvelope([]byte(body))
		if !ok || got != want {
			t.Errorf("%s: %+v %v", body, got, ok)
		}
	}
	for _, body := range []string{"", "<html>", `{"resultcode":`, "[1]"} {
		if _, ok := parseEnvelope([]byte(body)); ok {
			t.Errorf("%q parsed as an envelope", body)
		}
	}
}

func TestDecodeErrorsSurface(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) {
		writeJSON(w, 200, `{"resultcode":"0","relationNumList":{},"privateNumList":5,"bindList":"x","xyRelationNumList":true}`)
	})
	c := f.client()
	ctx := ctxT(t)
	_, e1 := c.QueryAXB(ctx, AXBQuery{SubscriptionID: "s"})
	_, e2 := c.QueryAX(ctx, AXQuery{SubscriptionID: "s"})
	_, e3 := c.QueryAXEPage(ctx, AXEListQuery{XNumber: numX})
	_, e4 := c.QueryAXYB(ctx, AXYBQuery{SubscriptionID: "s"})
	for i, err := range []error{e1, e2, e3, e4} {
		if err == nil || IsUnknownOutcome(err) {
			t.Errorf("%d: err = %v", i, err)
		}
	}
	f2 := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) {
		writeJSON(w, 200, `{"resultcode":"0","subscriptionId":[]`)
	})
	if _, err := f2.client().QueryAXE(ctx, AXEQuery{SubscriptionID: "s"}); err == nil {
		t.Error("broken AXE v1 answer accepted")
	}
}

// FuzzDecodeResponses feeds arbitrary bytes to every response decoder: they
// may fail, but must not panic.
func FuzzDecodeResponses(f *testing.F) {
	for _, seed := range []string{
		`{"resultcode":"0","totalCount":"3","relationNumList":[{"subscriptionId":1,"duration":"5","recordFlag":true,"preVoice":{"callerHintTone":"a"},"subscribeTime":"2026-01-02 03:04:05"}]}`,
		`{"privateNumList":[{"turnFlag":"off","calleeNumDisplay":"1"}]}`,
		`{"subscriptionId":"s","extendNum":1,"timeUnit":"1","bindExpiredTime":1e400}`,
		`{"nextCursor":"0000000000000_0","bindList":[{"extendNum":"01"}]}`,
		`{"xyRelationNumList":[{"bindId":"b","duration":"-1","ybDuration":"9999999999999999999"}]}`,
		`{"resultcode":1010010}`, `<html>`, ``, `null`, `{"a":`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		_, _ = parseEnvelope(data)
		_, _ = decodeAXBPage(data)
		_, _ = decodeAXList(data)
		_, _ = decodeAXE(data)
		_, _ = decodeAXEPage(data)
		_, _ = decodeAXYBList(data)
		_, _ = decodeAXYBBind("AXYB.bind", data)
		for _, v := range []interface{ UnmarshalJSON([]byte) error }{new(flexString), new(flexInt), new(flexBool), new(flexTime), new(wirePreVoice)} {
			if err := v.UnmarshalJSON(data); err != nil {
				t.Errorf("%T.UnmarshalJSON(%q) = %v; flex types never fail", v, data, err)
			}
		}
		_ = MaskNumber(string(data))
		_ = maskDigits(string(data))
	})
}

func TestListAXBWalksPages(t *testing.T) {
	const total = 230
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) {
		page, _ := strconv.Atoi(r.URL.Query().Get("pageIndex"))
		size, _ := strconv.Atoi(r.URL.Query().Get("pageSize"))
		list := ""
		for i := (page - 1) * size; i < min(page*size, total); i++ {
			if list != "" {
				list += ","
			}
			list += fmt.Sprintf(`{"subscriptionId":"s-%d","relationNum":"%s"}`, i, numX)
		}
		ok(w, fmt.Sprintf(`"totalCount":%d,"relationNumList":[%s]`, total, list))
	})
	all, err := f.client().ListAXB(ctxT(t), AXBQuery{XNumber: numX, PageIndex: 7, PageSize: 10})
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != total || all[0].SubscriptionID != "s-0" || all[total-1].SubscriptionID != fmt.Sprintf("s-%d", total-1) {
		t.Fatalf("%d bindings", len(all))
	}
	reqs := f.requests()
	if len(reqs) != 3 {
		t.Fatalf("%d requests, want 3 pages", len(reqs))
	}
	for i, s := range reqs {
		if s.Query.Get("pageIndex") != strconv.Itoa(i+1) || s.Query.Get("pageSize") != "100" || s.Query.Get("relationNum") != numX {
			t.Errorf("page %d query %v", i+1, s.Query)
		}
	}
}

func TestListAXBStopsOnEmptyOrRepeatedPage(t *testing.T) {
	// totalCount claims more than there is: stop at the empty page.
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) {
		if r.URL.Query().Get("pageIndex") == "1" {
			ok(w, `"totalCount":500,"relationNumList":[{"subscriptionId":"a"},{"subscriptionId":"b"}]`)
			return
		}
		ok(w, `"totalCount":500,"relationNumList":[]`)
	})
	all, err := f.client().ListAXB(ctxT(t), AXBQuery{XNumber: numX})
	if err != nil || len(all) != 2 || f.count() != 2 {
		t.Fatalf("%v, %d bindings, %d requests", err, len(all), f.count())
	}
	// A platform that ignores pageIndex: stop when a page adds nothing new.
	f2 := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) {
		ok(w, `"totalCount":500,"relationNumList":[{"subscriptionId":"a"}]`)
	})
	all, err = f2.client().ListAXB(ctxT(t), AXBQuery{XNumber: numX})
	if err != nil || len(all) != 1 || f2.count() != 2 {
		t.Fatalf("%v, %d bindings, %d requests", err, len(all), f2.count())
	}
	// By subscription: one query.
	f3 := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) {
		ok(w, `"totalCount":1,"relationNumList":[{"subscriptionId":"a"}]`)
	})
	all, err = f3.client().ListAXB(ctxT(t), AXBQuery{SubscriptionID: "a"})
	if err != nil || len(all) != 1 || f3.count() != 1 || f3.requests()[0].Query.Get("pageIndex") != "" {
		t.Fatalf("%v, %d bindings, %d requests", err, len(all), f3.count())
	}
	// Errors end the walk.
	f4 := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) {
		writeJSON(w, 403, `{"resultcode":"1012001","resultdesc":"Resource of number is not to be applied."}`)
	})
	if _, err := f4.client().ListAXB(ctxT(t), AXBQuery{XNumber: numX}); !IsNotOwned(err) {
		t.Fatalf("err = %v", err)
	}
	if _, err := f4.client().ListAXB(ctxT(t), AXBQuery{SubscriptionID: "a"}); !IsNotOwned(err) {
		t.Fatalf("err = %v", err)
	}
}

func TestListAXEFollowsCursors(t *testing.T) {
	cursors := map[string]string{"": "1700000000000_1", "1700000000000_1": "1700000000000_2", "1700000000000_2": ""}
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) {
		cur := r.URL.Query().Get("cursor")
		next := cursors[cur]
		nc := ""
		if next != "" {
			nc = `"nextCursor":"` + next + `",`
		}
		ok(w, nc+fmt.Sprintf(`"bindList":[{"subscriptionId":"s-%d","virtualNum":"%s","extendNum":"%d"}]`, n, numX, n))
	})
	all, err := f.client().ListAXE(ctxT(t), numX)
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 3 || all[2].SubscriptionID != "s-2" {
		t.Fatalf("got %+v", all)
	}
	reqs := f.requests()
	wantCursors := []string{"", "1700000000000_1", "1700000000000_2"}
	for i, s := range reqs {
		if s.Path != "/rest/caas/extendnumber/v2.0" || s.Query.Get("cursor") != wantCursors[i] || s.Query.Get("virtualNum") != numX || s.Query.Has("limit") {
			t.Errorf("request %d: %s %v", i, s.Path, s.Query)
		}
		if i == 0 && s.Query.Has("cursor") {
			t.Errorf("first page sent a cursor")
		}
	}

	// A platform that repeats a cursor must not loop for ever.
	f2 := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) {
		ok(w, `"nextCursor":"1700000000000_9","bindList":[]`)
	})
	if _, err := f2.client().ListAXE(ctxT(t), numX); err == nil || f2.count() != 2 {
		t.Errorf("err = %v after %d requests", err, f2.count())
	}
	f3 := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) {
		writeJSON(w, 403, `{"resultcode":"1011004","resultdesc":"not yours"}`)
	})
	if _, err := f3.client().ListAXE(ctxT(t), numX); !IsNotOwned(err) {
		t.Errorf("err = %v", err)
	}
}

// absentAll is every optional field of a record type but the given ones.
func absentAll(optional map[string]string, except ...string) Absent {
	a := Absent{}
	for _, f := range optional {
		a[f] = true
	}
	for _, f := range except {
		delete(a, f)
	}
	return a
}

// TestAbsentFields: a field present with any value (false, 0, "") is not
// absent; a missing key or a JSON null is.
func TestAbsentFields(t *testing.T) {
	p, err := decodeAXBPage([]byte(`{"relationNumList":[{"subscriptionId":"s","privateSms":"false","recordFlag":false,"maxDuration":0,
		"callDirection":0,"duration":0,"recordHintTone":"","lastMinVoice":"","preVoice":{},"userData":"","subscribeTime":"2026-01-02 03:04:05"},
		{"subscriptionId":"t","privateSms":null}]}`))
	if err != nil {
		t.Fatal(err)
	}
	if a := p.Bindings[0].Absent; len(a) != 0 {
		t.Errorf("every field present, got absent %v", a)
	}
	if a := p.Bindings[1].Absent; !a.Lacks("PrivateSMS") || !a.Lacks("PreVoice") || len(a) != len(axbOptional) {
		t.Errorf("want every optional field absent, got %v", a)
	}
	e, err := decodeAXE([]byte(`{"subscriptionId":"s","recordFlag":"true"}`))
	if err != nil || e.Absent.Lacks("RecordFlag") || !e.Absent.Lacks("CallbackNumber") {
		t.Errorf("AXE absent %v (%v)", e.Absent, err)
	}
}
