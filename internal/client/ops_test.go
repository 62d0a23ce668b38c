package client

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"testing"
	"time"
)

// wireCase is one operation and the exact request the reference asks for.
type wireCase struct {
	name   string
	answer string // JSON fields after resultcode/resultdesc
	do     func(ctx context.Context, c *Client) (any, error)
	method string
	path   string
	query  url.Values // exact; nil = no query string
	body   string     // exact JSON object; "" = no body
	check  func(t *testing.T, got any)
}

func wireCases() []wireCase {
	subTime := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	return []wireCase{
		// ------------------------------------------------------------ AXB
		{
			name:   "AXB.bind by X with every field",
			answer: `"subscriptionId":"axb-1","relationNum":"` + numX + `","callerNum":"` + numA + `","calleeNum":"` + numB + `"`,
			do: func(ctx context.Context, c *Client) (any, error) {
				return c.BindAXB(ctx, AXBBindRequest{
					XNumber: numX, ANumber: numA, BNumber: numB, CallDirection: CallDirectionAToB,
					DurationSeconds: 3600, RecordFlag: true, RecordHintTone: "rec.wav", MaxDurationMinutes: 30,
					LastMinVoice: "last.wav", PrivateSMS: true, PreVoice: &PreVoice{CallerHintTone: "a.wav", CalleeHintTone: "b.wav"},
					UserData: "ud",
				})
			},
			method: "POST", path: "/rest/caas/relationnumber/partners/v1.0",
			body: `{"relationNum":"` + numX + `","callerNum":"` + numA + `","calleeNum":"` + numB + `","callDirection":1,"duration":3600,
				"recordFlag":"true","recordHintTone":"rec.wav","maxDuration":30,"lastMinVoice":"last.wav","privateSms":"true",
				"preVoice":{"callerHintTone":"a.wav","calleeHintTone":"b.wav"},"userData":"ud"}`,
			check: func(t *testing.T, got any) {
				want := &AXBBindResult{SubscriptionID: "axb-1", XNumber: numX, ANumber: numA, BNumber: numB}
				if !reflect.DeepEqual(got, want) {
					t.Errorf("got %+v, want %+v", got, want)
				}
			},
		},
		{
			name:   "AXB.bind by area with defaults sent explicitly",
			answer: `"subscriptionId":"axb-2","relationNum":"` + numX + `"`,
			do: func(ctx context.Context, c *Client) (any, error) {
				return c.BindAXB(ctx, AXBBindRequest{AreaCode: "0755", AreaMatchMode: AreaMatchFallback, ANumber: numA, BNumber: numB, PreVoice: &PreVoice{}})
			},
			method: "POST", path: "/rest/caas/relationnumber/partners/v1.0",
			body: `{"areaCode":"0755","areaMatchMode":"1","callerNum":"` + numA + `","calleeNum":"` + numB + `","callDirection":0,"duration":0,"recordFlag":"false","privateSms":"false"}`,
			check: func(t *testing.T, got any) {
				if r := got.(*AXBBindResult); r.SubscriptionID != "axb-2" || r.XNumber != numX || r.ANumber != "" {
					t.Errorf("got %+v", r)
				}
			},
		},
		{
			name: "AXB.unbind by subscription",
			do: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.UnbindAXB(ctx, AXBUnbindRequest{SubscriptionID: "axb-1", XNumber: numX})
			},
			method: "DELETE", path: "/rest/caas/relationnumber/partners/v1.0",
			query: url.Values{"subscriptionId": {"axb-1"}},
		},
		{
			name: "AXB.unbind by X",
			do: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.UnbindAXB(ctx, AXBUnbindRequest{XNumber: numX})
			},
			method: "DELETE", path: "/rest/caas/relationnumber/partners/v1.0",
			query: url.Values{"relationNum": {numX}},
		},
		{
			name: "AXB.modify every field",
			do: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.ModifyAXB(ctx, AXBModifyRequest{
					SubscriptionID: "axb-1", ANumber: ptr(numC), BNumber: ptr(numB), CallDirection: ptr(2), DurationSeconds: ptr(0),
					MaxDurationMinutes: ptr(60), LastMinVoice: ptr(""), PrivateSMS: ptr(false), RecordFlag: ptr(true),
					PreVoice: &PreVoice{CallerHintTone: "x.wav"},
				})
			},
			method: "PUT", path: "/rest/caas/relationnumber/partners/v1.0",
			body: `{"subscriptionId":"axb-1","callerNum":"` + numC + `","calleeNum":"` + numB + `","callDirection":2,"duration":0,"maxDuration":60,
				"lastMinVoice":"","privateSms":"false","recordFlag":"true","preVoice":{"callerHintTone":"x.wav","calleeHintTone":""}}`,
		},
		{
			name: "AXB.modify one field",
			do: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.ModifyAXB(ctx, AXBModifyRequest{SubscriptionID: "axb-1", DurationSeconds: ptr(600)})
			},
			method: "PUT", path: "/rest/caas/relationnumber/partners/v1.0",
			body: `{"subscriptionId":"axb-1","duration":600}`,
		},
		{
			name: "AXB.query one page by X, A and B",
			answer: `"totalCount":1,"pageIndexCount":1,"relationNumList":[{"subscriptionId":"axb-1","relationNum":"` + numX + `","callerNum":"` + numA + `","calleeNum":"` + numB + `",
				"callDirection":1,"duration":3600,"recordFlag":"true","recordHintTone":"rec.wav","maxDuration":30,"lastMinVoice":"l.wav","privateSms":"false",
				"preVoice":{"callerHintTone":"a.wav","calleeHintTone":"b.wav"},"userData":"ud","subscribeTime":"2026-01-02 03:04:05"}]`,
			do: func(ctx context.Context, c *Client) (any, error) {
				return c.QueryAXB(ctx, AXBQuery{XNumber: numX, ANumber: numA, BNumber: numB, PageIndex: 2, PageSize: 20})
			},
			method: "GET", path: "/rest/caas/relationnumber/partners/v1.0",
			query: url.Values{"relationNum": {numX}, "callerNum": {numA}, "calleeNum": {numB}, "pageIndex": {"2"}, "pageSize": {"20"}},
			check: func(t *testing.T, got any) {
				want := &AXBPage{TotalCount: 1, Bindings: []AXBBinding{{
					SubscriptionID: "axb-1", XNumber: numX, ANumber: numA, BNumber: numB, CallDirection: 1, DurationSeconds: 3600,
					RecordFlag: true, RecordHintTone: "rec.wav", MaxDurationMinutes: 30, LastMinVoice: "l.wav", PrivateSMS: false,
					PreVoice: PreVoice{CallerHintTone: "a.wav", CalleeHintTone: "b.wav"}, UserData: "ud", SubscribeTime: subTime,
				}}}
				if !reflect.DeepEqual(got, want) {
					t.Errorf("got %+v\nwant %+v", got, want)
				}
			},
		},
		{
			name:   "AXB.get by subscription",
			answer: `"totalCount":1,"relationNumList":[{"subscriptionId":"axb-1","relationNum":"` + numX + `"}]`,
			do: func(ctx context.Context, c *Client) (any, error) {
				return c.GetAXB(ctx, "axb-1")
			},
			method: "GET", path: "/rest/caas/relationnumber/partners/v1.0",
			query: url.Values{"subscriptionId": {"axb-1"}},
			check: func(t *testing.T, got any) {
				if b := got.(*AXBBinding); b.SubscriptionID != "axb-1" || b.XNumber != numX {
					t.Errorf("got %+v", b)
				}
			},
		},
		// ------------------------------------------------------------- AX
		{
			name:   "AX.bind by X with every field",
			answer: `"subscriptionId":"ax-1","origNum":"` + numA + `","privateNum":"` + numX + `"`,
			do: func(ctx context.Context, c *Client) (any, error) {
				return c.BindAX(ctx, AXBindRequest{
					ANumber: numA, XNumber: numX, CalleeNumDisplay: DisplayRealCaller, RecordFlag: true, RecordHintTone: "r.wav",
					PrivateSMS: true, PreVoice: &PreVoice{CalleeHintTone: "b.wav"}, MaxDurationMinutes: 5, LastMinVoice: "l.wav",
					UserData: "ud", PowerOn: true, CallDirection: CallDirectionBToA,
				})
			},
			method: "POST", path: "/rest/provision/caas/privatenumber/v1.0",
			body: `{"origNum":"` + numA + `","privateNum":"` + numX + `","calleeNumDisplay":"1","recordFlag":"true","recordHintTone":"r.wav",
				"privateSms":"true","preVoice":{"calleeHintTone":"b.wav"},"maxDuration":5,"lastMinVoice":"l.wav","userData":"ud","turnFlag":"on","callDirection":2}`,
			check: func(t *testing.T, got any) {
				want := &AXBindResult{SubscriptionID: "ax-1", ANumber: numA, XNumber: numX}
				if !reflect.DeepEqual(got, want) {
					t.Errorf("got %+v", got)
				}
			},
		},
		{
			name:   "AX.bind by area sends privateNumType",
			answer: `"subscriptionId":"ax-2","origNum":"` + numA + `","privateNum":"` + numX + `"`,
			do: func(ctx context.Context, c *Client) (any, error) {
				return c.BindAX(ctx, AXBindRequest{ANumber: numA, AreaCode: "010"})
			},
			method: "POST", path: "/rest/provision/caas/privatenumber/v1.0",
			body: `{"origNum":"` + numA + `","areaCode":"010","privateNumType":"mobile-virtual","areaMatchMode":"0","calleeNumDisplay":"0",
				"recordFlag":"false","privateSms":"false","turnFlag":"off","callDirection":0}`,
		},
		{
			name: "AX.unbind by subscription",
			do: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.UnbindAX(ctx, AXUnbindRequest{SubscriptionID: "ax-1", ANumber: numA})
			},
			method: "DELETE", path: "/rest/provision/caas/privatenumber/v1.0",
			query: url.Values{"subscriptionId": {"ax-1"}},
		},
		{
			name: "AX.unbind by A and X",
			do: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.UnbindAX(ctx, AXUnbindRequest{ANumber: numA, XNumber: numX})
			},
			method: "DELETE", path: "/rest/provision/caas/privatenumber/v1.0",
			query: url.Values{"origNum": {numA}, "privateNum": {numX}},
		},
		{
			name: "AX.modify",
			do: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.ModifyAX(ctx, AXModifyRequest{SubscriptionID: "ax-1", MaxDurationMinutes: ptr(0), PrivateSMS: ptr(true), RecordFlag: ptr(false)})
			},
			method: "PUT", path: "/rest/provision/caas/privatenumber/v1.0",
			body: `{"subscriptionId":"ax-1","maxDuration":0,"privateSms":"true","recordFlag":"false"}`,
		},
		{
			name: "AX.modify by A and X",
			do: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.ModifyAX(ctx, AXModifyRequest{ANumber: numA, XNumber: numX, RecordFlag: ptr(true)})
			},
			method: "PUT", path: "/rest/provision/caas/privatenumber/v1.0",
			body: `{"origNum":"` + numA + `","privateNum":"` + numX + `","recordFlag":"true"}`,
		},
		{
			name: "AX.query by A",
			answer: `"privateNumList":[{"subscriptionId":"ax-1","origNum":"` + numA + `","privateNum":"` + numX + `","calleeNumDisplay":"1","recordFlag":"true",
				"recordHintTone":"r.wav","privateSms":"false","maxDuration":5,"lastMinVoice":"l.wav","preVoice":{"callerHintTone":"a.wav"},"turnFlag":"off",
				"callDirection":2,"userData":"ud","subscribeTime":"2026-01-02 03:04:05"},{"subscriptionId":"ax-2"}]`,
			do: func(ctx context.Context, c *Client) (any, error) {
				return c.QueryAX(ctx, AXQuery{ANumber: numA, XNumber: numX})
			},
			method: "GET", path: "/rest/provision/caas/privatenumber/v1.0",
			query: url.Values{"origNum": {numA}},
			check: func(t *testing.T, got any) {
				want := []AXBinding{{
					SubscriptionID: "ax-1", ANumber: numA, XNumber: numX, CalleeNumDisplay: 1, RecordFlag: true, RecordHintTone: "r.wav",
					MaxDurationMinutes: 5, LastMinVoice: "l.wav", PreVoice: PreVoice{CallerHintTone: "a.wav"}, PowerOn: false,
					CallDirection: 2, UserData: "ud", SubscribeTime: subTime,
				}, {SubscriptionID: "ax-2", PowerOn: true, Absent: absentAll(axOptional)}}
				if !reflect.DeepEqual(got, want) {
					t.Errorf("got %+v\nwant %+v", got, want)
				}
			},
		},
		{
			name:   "AX.query by X",
			answer: `"privateNumList":[]`,
			do: func(ctx context.Context, c *Client) (any, error) {
				return c.QueryAX(ctx, AXQuery{XNumber: numX})
			},
			method: "GET", path: "/rest/provision/caas/privatenumber/v1.0",
			query: url.Values{"privateNum": {numX}},
		},
		{
			name:   "AX.get",
			answer: `"privateNumList":[{"subscriptionId":"ax-1","origNum":"` + numA + `"}]`,
			do: func(ctx context.Context, c *Client) (any, error) {
				return c.GetAX(ctx, "ax-1")
			},
			method: "GET", path: "/rest/provision/caas/privatenumber/v1.0",
			query: url.Values{"subscriptionId": {"ax-1"}},
			check: func(t *testing.T, got any) {
				if b := got.(*AXBinding); b.ANumber != numA {
					t.Errorf("got %+v", b)
				}
			},
		},
		{
			name: "AX.set_callee by subscription",
			do: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.SetAXTemporaryCallee(ctx, AXCalleeRequest{SubscriptionID: "ax-1", CalleeNumber: numC, DurationSeconds: 120, UserData: "u", MaxDurationMinutes: 3})
			},
			method: "PUT", path: "/rest/caas/privatenumber/calleenumber/v1.0",
			body: `{"subscriptionId":"ax-1","calleeNum":"` + numC + `","duration":120,"userData":"u","maxDuration":3}`,
		},
		{
			name: "AX.set_callee by A and X",
			do: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.SetAXTemporaryCallee(ctx, AXCalleeRequest{ANumber: numA, XNumber: numX, CalleeNumber: numC})
			},
			method: "PUT", path: "/rest/caas/privatenumber/calleenumber/v1.0",
			body: `{"origNum":"` + numA + `","privateNum":"` + numX + `","calleeNum":"` + numC + `"}`,
		},
		// ------------------------------------------------------------ AXE
		{
			name:   "AXE.bind with every field",
			answer: `"subscriptionId":"axe-1","virtualNum":"` + numX + `","extendNum":"12","bindNum":"` + numA + `"`,
			do: func(ctx context.Context, c *Client) (any, error) {
				return c.BindAXE(ctx, AXEBindRequest{
					ANumber: numA, XNumber: numX, Extension: "12", DisplayNumMode: DisplayRealCaller, RecordFlag: true,
					RecordHintTone: "r.wav", CallbackTone: "cb.wav", TimeUnit: TimeUnitMinutes, BindExpiredTime: 90,
					CallbackExpiredTime: 30, UserData: "ud",
				})
			},
			method: "POST", path: "/rest/caas/extendnumber/v1.0",
			body: `{"bindNum":"` + numA + `","virtualNum":"` + numX + `","extendNum":"12","displayNumMode":"1","recordFlag":"true","recordHintTone":"r.wav",
				"callbackTone":"cb.wav","timeUnit":"1","bindExpiredTime":90,"callbackExpiredTime":30,"userData":"ud"}`,
			check: func(t *testing.T, got any) {
				want := &AXEBindResult{SubscriptionID: "axe-1", XNumber: numX, Extension: "12", ANumber: numA}
				if !reflect.DeepEqual(got, want) {
					t.Errorf("got %+v", got)
				}
			},
		},
		{
			name:   "AXE.bind by area",
			answer: `"subscriptionId":"axe-2","virtualNum":"` + numX + `","extendNum":"7"`,
			do: func(ctx context.Context, c *Client) (any, error) {
				return c.BindAXE(ctx, AXEBindRequest{ANumber: numA, AreaCode: "0755", AreaMatchMode: AreaMatchStrict, CallbackNumber: numC})
			},
			method: "POST", path: "/rest/caas/extendnumber/v1.0",
			body: `{"bindNum":"` + numA + `","areaCode":"0755","areaMatchMode":"0","displayNumMode":"0","recordFlag":"false","callbackNum":"` + numC + `",
				"timeUnit":"0","bindExpiredTime":0,"callbackExpiredTime":0}`,
		},
		{
			name: "AXE.unbind by X and extension",
			do: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.UnbindAXE(ctx, AXEUnbindRequest{XNumber: numX, Extension: "12"})
			},
			method: "DELETE", path: "/rest/caas/extendnumber/v1.0",
			query: url.Values{"virtualNum": {numX}, "extendNum": {"12"}},
		},
		{
			name: "AXE.unbind by subscription",
			do: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.UnbindAXE(ctx, AXEUnbindRequest{SubscriptionID: "axe-1", XNumber: numX, Extension: "12"})
			},
			method: "DELETE", path: "/rest/caas/extendnumber/v1.0",
			query: url.Values{"subscriptionId": {"axe-1"}},
		},
		{
			name: "AXE.modify every field",
			do: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.ModifyAXE(ctx, AXEModifyRequest{
					SubscriptionID: "axe-1", TimeUnit: ptr(TimeUnitHours), BindExpiredTime: ptr(2), CallbackExpiredTime: ptr(1),
					CallbackNumber: ptr(numC), CallbackTone: ptr(""), RecordFlag: ptr(true), RecordHintTone: ptr("r.wav"),
				})
			},
			method: "PUT", path: "/rest/caas/extendnumber/v1.0",
			body: `{"subscriptionId":"axe-1","timeUnit":"0","bindExpiredTime":2,"callbackExpiredTime":1,"callbackNum":"` + numC + `",
				"callbackTone":"","recordFlag":"true","recordHintTone":"r.wav"}`,
		},
		{
			name: "AXE.query v1.0 by X and extension (flat answer)",
			answer: `"subscriptionId":"axe-1","virtualNum":"` + numX + `","extendNum":"12","bindNum":"` + numA + `","displayNumMode":"1","recordFlag":"true",
				"recordHintTone":"r.wav","callbackTone":"cb.wav","callbackNum":"","timeUnit":"1","bindExpiredTime":90,"callbackExpiredTime":30,"userData":"ud"`,
			do: func(ctx context.Context, c *Client) (any, error) {
				return c.QueryAXE(ctx, AXEQuery{XNumber: numX, Extension: "12"})
			},
			method: "GET", path: "/rest/caas/extendnumber/v1.0",
			query: url.Values{"virtualNum": {numX}, "extendNum": {"12"}},
			check: func(t *testing.T, got any) {
				want := &AXEBinding{SubscriptionID: "axe-1", XNumber: numX, Extension: "12", ANumber: numA, DisplayNumMode: 1, RecordFlag: true,
					RecordHintTone: "r.wav", CallbackTone: "cb.wav", TimeUnit: 1, BindExpiredTime: 90, CallbackExpiredTime: 30, UserData: "ud"}
				if !reflect.DeepEqual(got, want) {
					t.Errorf("got %+v\nwant %+v", got, want)
				}
			},
		},
		{
			name:   "AXE.get",
			answer: `"subscriptionId":"axe-1","virtualNum":"` + numX + `"`,
			do: func(ctx context.Context, c *Client) (any, error) {
				return c.GetAXE(ctx, "axe-1")
			},
			method: "GET", path: "/rest/caas/extendnumber/v1.0",
			query: url.Values{"subscriptionId": {"axe-1"}},
		},
		{
			name:   "AXE.query v2.0 one page",
			answer: `"nextCursor":"1700000000000_5","bindList":[{"subscriptionId":"axe-1","extendNum":"1"}]`,
			do: func(ctx context.Context, c *Client) (any, error) {
				return c.QueryAXEPage(ctx, AXEListQuery{XNumber: numX, Cursor: "0000000000000_0", Limit: 10})
			},
			method: "GET", path: "/rest/caas/extendnumber/v2.0",
			query: url.Values{"virtualNum": {numX}, "cursor": {"0000000000000_0"}, "limit": {"10"}},
			check: func(t *testing.T, got any) {
				p := got.(*AXEPage)
				if p.NextCursor != "1700000000000_5" || len(p.Bindings) != 1 || p.Bindings[0].Extension != "1" {
					t.Errorf("got %+v", p)
				}
			},
		},
		// ----------------------------------------------------------- AXYB
		{
			name:   "AXYB.bind group",
			answer: `"subscriptionId":"axyb-1","relationNumber":"` + numX + `"`,
			do: func(ctx context.Context, c *Client) (any, error) {
				return c.BindAXYB(ctx, AXYBBindRequest{
					ANumber: numA, AreaCode: "0755", AreaMatchMode: AreaMatchFallback, CallDirection: 1, DurationSeconds: 7200,
					YBDurationSeconds: 600, RecordFlag: true, RecordHintTone: "r.wav", PreVoiceX: "x.wav", UserData: "ud",
				})
			},
			method: "POST", path: "/rest/omp/xyrelationnumber/v1.0",
			query: url.Values{"app_key": {testKey}},
			body: `{"origNum":"` + numA + `","areaCode":"0755","areaMatchMode":"1","callDirection":1,"duration":7200,"ybDuration":600,
				"recordFlag":"true","recordHintTone":"r.wav","preVoiceX":"x.wav","userData":"ud"}`,
			check: func(t *testing.T, got any) {
				if r := got.(*AXYBBindResult); *r != (AXYBBindResult{SubscriptionID: "axyb-1", Number: numX}) {
					t.Errorf("got %+v", r)
				}
			},
		},
		{
			name:   "AXYB.bind group minimal",
			answer: `"subscriptionId":"axyb-1","relationNumber":"` + numX + `"`,
			do: func(ctx context.Context, c *Client) (any, error) {
				return c.BindAXYB(ctx, AXYBBindRequest{ANumber: numA})
			},
			method: "POST", path: "/rest/omp/xyrelationnumber/v1.0",
			query: url.Values{"app_key": {testKey}},
			body:  `{"origNum":"` + numA + `","callDirection":0,"duration":0,"ybDuration":0,"recordFlag":"false"}`,
		},
		{
			name:   "AXYB.bind member",
			answer: `"subscriptionId":"axyb-1","relationNumber":"` + numY + `"`,
			do: func(ctx context.Context, c *Client) (any, error) {
				return c.BindAXYBMember(ctx, AXYBMemberBindRequest{SubscriptionID: "axyb-1", BNumber: numB, AreaCode: "010", AreaMatchMode: 0, PreVoiceY: "y.wav"})
			},
			method: "POST", path: "/rest/omp/xyrelationnumber/v1.0",
			query: url.Values{"app_key": {testKey}},
			body:  `{"subscriptionId":"axyb-1","origNum":"` + numB + `","areaCode":"010","areaMatchMode":"0","preVoiceY":"y.wav"}`,
			check: func(t *testing.T, got any) {
				if r := got.(*AXYBBindResult); r.Number != numY {
					t.Errorf("got %+v", r)
				}
			},
		},
		{
			name:   "AXYB.bind member minimal",
			answer: `"subscriptionId":"axyb-1","relationNumber":"` + numY + `"`,
			do: func(ctx context.Context, c *Client) (any, error) {
				return c.BindAXYBMember(ctx, AXYBMemberBindRequest{SubscriptionID: "axyb-1", BNumber: numB})
			},
			method: "POST", path: "/rest/omp/xyrelationnumber/v1.0",
			query: url.Values{"app_key": {testKey}},
			body:  `{"subscriptionId":"axyb-1","origNum":"` + numB + `"}`,
		},
		{
			name: "AXYB.unbind group",
			do: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.UnbindAXYB(ctx, AXYBUnbindRequest{SubscriptionID: "axyb-1"})
			},
			method: "DELETE", path: "/rest/omp/xyrelationnumber/v1.0",
			query: url.Values{"app_key": {testKey}, "subscriptionId": {"axyb-1"}},
		},
		{
			name: "AXYB.unbind member by Y",
			do: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.UnbindAXYB(ctx, AXYBUnbindRequest{SubscriptionID: "axyb-1", YNumber: numY, BNumber: numB})
			},
			method: "DELETE", path: "/rest/omp/xyrelationnumber/v1.0",
			query: url.Values{"app_key": {testKey}, "subscriptionId": {"axyb-1"}, "yNum": {numY}},
		},
		{
			name: "AXYB.unbind member by B",
			do: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.UnbindAXYB(ctx, AXYBUnbindRequest{SubscriptionID: "axyb-1", BNumber: numB})
			},
			method: "DELETE", path: "/rest/omp/xyrelationnumber/v1.0",
			query: url.Values{"app_key": {testKey}, "subscriptionId": {"axyb-1"}, "bNum": {numB}},
		},
		{
			name: "AXYB.query by subscription",
			answer: `"xyRelationNumList":[{"bindId":"axyb-1","subscriptionId":"axyb-1","numA":"` + numA + `","numX":"` + numX + `","numY":"","numB":"",
				"recordFlag":"true","recordHintTone":"r.wav","subscribeTime":"2026-01-02 03:04:05","callDirection":1,"duration":"7200","ybDuration":"600",
				"preVoiceX":"x.wav","preVoiceY":"","userData":"ud"},
				{"bindId":"m-1","subscriptionId":"axyb-1","numA":"` + numA + `","numX":"` + numX + `","numY":"` + numY + `","numB":"` + numB + `","preVoiceY":"y.wav"}]`,
			do: func(ctx context.Context, c *Client) (any, error) {
				return c.QueryAXYB(ctx, AXYBQuery{SubscriptionID: "axyb-1", XNumber: numX})
			},
			method: "GET", path: "/rest/omp/xyrelationnumber/v1.0",
			query: url.Values{"app_key": {testKey}, "subscriptionId": {"axyb-1"}},
			check: func(t *testing.T, got any) {
				want := []AXYBRelation{{
					BindID: "axyb-1", SubscriptionID: "axyb-1", ANumber: numA, XNumber: numX, RecordFlag: true, RecordHintTone: "r.wav",
					SubscribeTime: subTime, CallDirection: 1, DurationSeconds: 7200, YBDurationSeconds: 600, PreVoiceX: "x.wav", UserData: "ud",
				}, {BindID: "m-1", SubscriptionID: "axyb-1", ANumber: numA, XNumber: numX, YNumber: numY, BNumber: numB, PreVoiceY: "y.wav",
					Absent: absentAll(axybOptional, "PreVoiceY")}}
				if !reflect.DeepEqual(got, want) {
					t.Errorf("got %+v\nwant %+v", got, want)
				}
			},
		},
		{
			name:   "AXYB.query by X",
			answer: `"xyRelationNumList":[]`,
			do: func(ctx context.Context, c *Client) (any, error) {
				return c.QueryAXYB(ctx, AXYBQuery{XNumber: numX})
			},
			method: "GET", path: "/rest/omp/xyrelationnumber/v1.0",
			query: url.Values{"app_key": {testKey}, "relationNum": {numX}},
		},
		// ------------------------------------------------------ cross-mode
		{
			name: "call.stop",
			do: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.StopCall(ctx, "sess-1")
			},
			method: "POST", path: "/rest/httpsessions/callStop/v2.0",
			body: `{"sessionid":"sess-1","signal":"call_stop"}`,
		},
	}
}

func TestWireShapeOfEveryOperation(t *testing.T) {
	for _, tc := range wireCases() {
		t.Run(tc.name, func(t *testing.T) {
			f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) { ok(w, tc.answer) })
			got, err := tc.do(ctxT(t), f.client())
			if err != nil {
				t.Fatalf("error: %v", err)
			}
			reqs := f.requests()
			if len(reqs) != 1 {
				t.Fatalf("%d requests, want 1", len(reqs))
			}
			s := reqs[0]
			checkSigned(t, s)
			if s.Method != tc.method || s.Path != tc.path {
				t.Errorf("request %s %s, want %s %s", s.Method, s.Path, tc.method, tc.path)
			}
			if tc.query == nil {
				if s.RawQuery != "" {
					t.Errorf("query %q, want none", s.RawQuery)
				}
			} else if !reflect.DeepEqual(s.Query, tc.query) {
				t.Errorf("query %v, want %v", s.Query, tc.query)
			}
			if strings.Contains(s.RawQuery, "+") {
				t.Errorf("raw query %q carries a bare +; numbers must be sent as %%2B", s.RawQuery)
			}
			for _, vals := range s.Query {
				for _, v := range vals {
					if strings.HasPrefix(v, "+86") && !strings.Contains(s.RawQuery, "%2B86") {
						t.Errorf("raw query %q lacks %%2B", s.RawQuery)
					}
				}
			}
			if tc.body == "" {
				if len(s.RawBody) != 0 {
					t.Errorf("body %s, want none", s.RawBody)
				}
			} else {
				var want map[string]any
				if err := json.Unmarshal([]byte(tc.body), &want); err != nil {
					t.Fatalf("bad expected body: %v", err)
				}
				if !reflect.DeepEqual(s.Body, want) {
					t.Errorf("body\n got %s\nwant %s", s.RawBody, mustJSON(want))
				}
			}
			if tc.check != nil {
				tc.check(t, got)
			}
		})
	}
}

func mustJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}
