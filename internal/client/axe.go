package client

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
)

const (
	pathAXE   = "/rest/caas/extendnumber/v1.0"
	pathAXEv2 = "/rest/caas/extendnumber/v2.0"
)

type wireAXE struct {
	SubscriptionID      flexString `json:"subscriptionId"`
	VirtualNum          flexString `json:"virtualNum"`
	ExtendNum           flexString `json:"extendNum"`
	BindNum             flexString `json:"bindNum"`
	DisplayNumMode      flexInt    `json:"displayNumMode"`
	RecordFlag          flexBool   `json:"recordFlag"`
	RecordHintTone      flexString `json:"recordHintTone"`
	CallbackTone        flexString `json:"callbackTone"`
	CallbackNum         flexString `json:"callbackNum"`
	TimeUnit            flexInt    `json:"timeUnit"`
	BindExpiredTime     flexInt    `json:"bindExpiredTime"`
	CallbackExpiredTime flexInt    `json:"callbackExpiredTime"`
	UserData            flexString `json:"userData"`
}

func (w wireAXE) native() AXEBinding {
	return AXEBinding{
		SubscriptionID:      string(w.SubscriptionID),
		XNumber:             string(w.VirtualNum),
		Extension:           string(w.ExtendNum),
		ANumber:             string(w.BindNum),
		DisplayNumMode:      int(w.DisplayNumMode),
		RecordFlag:          bool(w.RecordFlag),
		RecordHintTone:      string(w.RecordHintTone),
		CallbackTone:        string(w.CallbackTone),
		CallbackNumber:      string(w.CallbackNum),
		TimeUnit:            int(w.TimeUnit),
		BindExpiredTime:     int(w.BindExpiredTime),
		CallbackExpiredTime: int(w.CallbackExpiredTime),
		UserData:            string(w.UserData),
	}
}

func decodeAXE(data []byte) (*AXEBinding, error) {
	var w record[wireAXE]
	if err := json.Unmarshal(data, &w); err != nil {
		return nil, err
	}
	b := w.wire.native()
	b.Absent = w.absent(axeOptional)
	return &b, nil
}

func decodeAXEPage(data []byte) (*AXEPage, error) {
	var w struct {
		NextCursor flexString        `json:"nextCursor"`
		BindList   []record[wireAXE] `json:"bindList"`
	}
	if err := json.Unmarshal(data, &w); err != nil {
		return nil, err
	}
	p := &AXEPage{NextCursor: string(w.NextCursor), Bindings: make([]AXEBinding, 0, len(w.BindList))}
	for i := range w.BindList {
		r := &w.BindList[i]
		n := r.wire.native()
		n.Absent = r.absent(axeOptional)
		p.Bindings = append(p.Bindings, n)
	}
	return p, nil
}

// BindAXE creates an AXE binding (§6.1).
func (c *Client) BindAXE(ctx context.Context, req AXEBindRequest) (*AXEBindResult, error) {
	b := body{"bindNum": req.ANumber}
	b.str("virtualNum", req.XNumber)
	if req.AreaCode != "" {
		b["areaCode"] = req.AreaCode
		b["areaMatchMode"] = strconv.Itoa(req.AreaMatchMode)
	}
	b.str("extendNum", req.Extension)
	b["displayNumMode"] = strconv.Itoa(req.DisplayNumMode)
	b["recordFlag"] = boolString(req.RecordFlag)
	b.str("recordHintTone", req.RecordHintTone)
	b.str("callbackTone", req.CallbackTone)
	b.str("callbackNum", req.CallbackNumber)
	b["timeUnit"] = strconv.Itoa(req.TimeUnit)
	b["bindExpiredTime"] = req.BindExpiredTime
	b["callbackExpiredTime"] = req.CallbackExpiredTime
	b.str("userData", req.UserData)

	rep, err := c.do(ctx, call{
		op: "AXE.bind", method: http.MethodPost, path: pathAXE, body: b,
		log: maskFields("x_number", req.XNumber, "a_number", req.ANumber),
	})
	if err != nil {
		return nil, err
	}
	var w wireAXE
	if err := json.Unmarshal(rep.body, &w); err != nil {
		return nil, &UnknownOutcomeError{Operation: "AXE.bind", Cause: fmt.Errorf("decoding the answer: %w", err)}
	}
	if w.SubscriptionID == "" {
		return nil, &UnknownOutcomeError{Operation: "AXE.bind", Cause: fmt.Errorf("the answer carries no subscriptionId")}
	}
	return &AXEBindResult{
		SubscriptionID: string(w.SubscriptionID),
		XNumber:        string(w.VirtualNum),
		Extension:      string(w.ExtendNum),
		ANumber:        string(w.BindNum),
	}, nil
}

// axeIdent sets subscriptionId, or virtualNum + extendNum.
func axeIdent(op, sub, x, ext string, set func(k, v string)) error {
	switch {
	case sub != "":
		set("subscriptionId", sub)
	case x != "" && ext != "":
		set("virtualNum", x)
		set("extendNum", ext)
	default:
		return fmt.Errorf("%s: a subscription ID, or the X number and the extension, are required", op)
	}
	return nil
}

// UnbindAXE deletes an AXE binding (§6.2).
func (c *Client) UnbindAXE(ctx context.Context, req AXEUnbindRequest) error {
	q := url.Values{}
	if err := axeIdent("AXE.unbind", req.SubscriptionID, req.XNumber, req.Extension, q.Set); err != nil {
		return err
	}
	_, err := c.do(ctx, call{
		op: "AXE.unbind", method: http.MethodDelete, path: pathAXE, query: q, safe: true,
		log: maskFields("x_number", req.XNumber),
	})
	return err
}

// ModifyAXE changes the given fields of an AXE binding (§6.3).
func (c *Client) ModifyAXE(ctx context.Context, req AXEModifyRequest) error {
	b := body{}
	if err := axeIdent("AXE.modify", req.SubscriptionID, req.XNumber, req.Extension, b.str); err != nil {
		return err
	}
	if req.TimeUnit != nil {
		b["timeUnit"] = strconv.Itoa(*req.TimeUnit)
	}
	b.intPtr("bindExpiredTime", req.BindExpiredTime)
	b.intPtr("callbackExpiredTime", req.CallbackExpiredTime)
	b.strPtr("callbackNum", req.CallbackNumber)
	b.strPtr("callbackTone", req.CallbackTone)
	b.boolPtr("recordFlag", req.RecordFlag)
	b.strPtr("recordHintTone", req.RecordHintTone)
	_, err := c.do(ctx, call{
		op: "AXE.modify", method: http.MethodPut, path: pathAXE, body: b, safe: true,
		log: maskFields("x_number", req.XNumber),
	})
	return err
}

// QueryAXE is query v1.0: one binding by SubscriptionID, or by XNumber +
// Extension (§6.4).
func (c *Client) QueryAXE(ctx context.Context, q AXEQuery) (*AXEBinding, error) {
	v := url.Values{}
	if err := axeIdent("AXE.query", q.SubscriptionID, q.XNumber, q.Extension, v.Set); err != nil {
		return nil, err
	}
	rep, err := c.do(ctx, call{
		op: "AXE.query", method: http.MethodGet, path: pathAXE, query: v, safe: true,
		log: maskFields("x_number", q.XNumber),
	})
	if err != nil {
		return nil, err
	}
	b, err := decodeAXE(rep.body)
	if err != nil {
		return nil, fmt.Errorf("AXE.query: decoding the answer: %w", err)
	}
	if b.SubscriptionID == "" && b.XNumber == "" && b.ANumber == "" {
		return nil, notFound("AXE.query", codeNotFound)
	}
	return b, nil
}

// QueryAXEPage is query v2.0: one page of the bindings on one X (§6.5). An X
// without bindings is an empty last page, whether the platform answers an
// empty list or 1016001 (filterMiss).
func (c *Client) QueryAXEPage(ctx context.Context, q AXEListQuery) (*AXEPage, error) {
	if q.XNumber == "" {
		return nil, fmt.Errorf("AXE.query: an X number is required")
	}
	v := url.Values{"virtualNum": {q.XNumber}}
	if q.Cursor != "" {
		v.Set("cursor", q.Cursor)
	}
	if q.Limit > 0 {
		v.Set("limit", strconv.Itoa(q.Limit))
	}
	rep, err := c.do(ctx, call{
		op: "AXE.query", method: http.MethodGet, path: pathAXEv2, query: v, safe: true,
		log: maskFields("x_number", q.XNumber),
	})
	if err != nil {
		if filterMiss(true, err) {
			return &AXEPage{Bindings: []AXEBinding{}}, nil
		}
		return nil, err
	}
	p, err := decodeAXEPage(rep.body)
	if err != nil {
		return nil, fmt.Errorf("AXE.query: decoding the answer: %w", err)
	}
	return p, nil
}

// ListAXE walks every v2.0 page of one X until nextCursor is empty.
func (c *Client) ListAXE(ctx context.Context, xNumber string) ([]AXEBinding, error) {
	var all []AXEBinding
	seen := map[string]bool{}
	cursor := ""
	for {
		p, err := c.QueryAXEPage(ctx, AXEListQuery{XNumber: xNumber, Cursor: cursor})
		if err != nil {
			return nil, err
		}
		all = append(all, p.Bindings...)
		if p.NextCursor == "" {
			return all, nil
		}
		if seen[p.NextCursor] || p.NextCursor == cursor {
			return nil, fmt.Errorf("AXE.query: the platform returned cursor %q twice; stopping the walk", p.NextCursor)
		}
		seen[p.NextCursor] = true
		cursor = p.NextCursor
	}
}

// GetAXE looks an AXE binding up by subscriptionId.
func (c *Client) GetAXE(ctx context.Context, subscriptionID string) (*AXEBinding, error) {
	if subscriptionID == "" {
		return nil, fmt.Errorf("AXE.query: a subscription ID is required")
	}
	b, err := c.QueryAXE(ctx, AXEQuery{SubscriptionID: subscriptionID})
	if err != nil {
		return nil, err
	}
	if b.SubscriptionID == "" {
		b.SubscriptionID = subscriptionID
	}
	if b.SubscriptionID != subscriptionID {
		return nil, notFound("AXE.query", codeNotFound)
	}
	return b, nil
}
