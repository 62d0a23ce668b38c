package client

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
)

const pathAXB = "/rest/caas/relationnumber/partners/v1.0"

// axbListPageSize is the page size ListAXB asks for (the maximum, §4.4).
const axbListPageSize = 100

type wireAXBBindResult struct {
	SubscriptionID flexString `json:"subscriptionId"`
	RelationNum    flexString `json:"relationNum"`
	CallerNum      flexString `json:"callerNum"`
	CalleeNum      flexString `json:"calleeNum"`
}

type wireAXB struct {
	SubscriptionID flexString   `json:"subscriptionId"`
	RelationNum    flexString   `json:"relationNum"`
	CallerNum      flexString   `json:"callerNum"`
	CalleeNum      flexString   `json:"calleeNum"`
	CallDirection  flexInt      `json:"callDirection"`
	Duration       flexInt      `json:"duration"`
	RecordFlag     flexBool     `json:"recordFlag"`
	RecordHintTone flexString   `json:"recordHintTone"`
	MaxDuration    flexInt      `json:"maxDuration"`
	LastMinVoice   flexString   `json:"lastMinVoice"`
	PrivateSms     flexBool     `json:"privateSms"`
	PreVoice       wirePreVoice `json:"preVoice"`
	UserData       flexString   `json:"userData"`
	SubscribeTime  flexTime     `json:"subscribeTime"`
}

func (w wireAXB) native() AXBBinding {
	return AXBBinding{
		SubscriptionID:     string(w.SubscriptionID),
		XNumber:            string(w.RelationNum),
		ANumber:            string(w.CallerNum),
		BNumber:            string(w.CalleeNum),
		CallDirection:      int(w.CallDirection),
		DurationSeconds:    int(w.Duration),
		RecordFlag:         bool(w.RecordFlag),
		RecordHintTone:     string(w.RecordHintTone),
		MaxDurationMinutes: int(w.MaxDuration),
		LastMinVoice:       string(w.LastMinVoice),
		PrivateSMS:         bool(w.PrivateSms),
		PreVoice:           w.PreVoice.native(),
		UserData:           string(w.UserData),
		SubscribeTime:      timeOf(w.SubscribeTime),
	}
}

type wireAXBPage struct {
	TotalCount      flexInt           `json:"totalCount"`
	RelationNumList []record[wireAXB] `json:"relationNumList"`
}

// decodeAXBPage decodes an AXB query answer.
func decodeAXBPage(data []byte) (*AXBPage, error) {
	var w wireAXBPage
	if err := json.Unmarshal(data, &w); err != nil {
		return nil, err
	}
	p := &AXBPage{TotalCount: int(w.TotalCount), Bindings: make([]AXBBinding, 0, len(w.RelationNumList))}
	for i := range w.RelationNumList {
		r := &w.RelationNumList[i]
		n := r.wire.native()
		n.Absent = r.absent(axbOptional)
		p.Bindings = append(p.Bindings, n)
	}
	return p, nil
}

// BindAXB creates an AXB binding (§4.1).
func (c *Client) BindAXB(ctx context.Context, req AXBBindRequest) (*AXBBindResult, error) {
	b := body{}
	b.str("relationNum", req.XNumber)
	if req.AreaCode != "" {
		b["areaCode"] = req.AreaCode
		b["areaMatchMode"] = strconv.Itoa(req.AreaMatchMode)
	}
	b["callerNum"] = req.ANumber
	b["calleeNum"] = req.BNumber
	b["callDirection"] = req.CallDirection
	b["duration"] = req.DurationSeconds
	b["recordFlag"] = boolString(req.RecordFlag)
	b.str("recordHintTone", req.RecordHintTone)
	b.posInt("maxDuration", req.MaxDurationMinutes)
	b.str("lastMinVoice", req.LastMinVoice)
	b["privateSms"] = boolString(req.PrivateSMS)
	b.preVoice(req.PreVoice, false)
	b.str("userData", req.UserData)

	rep, err := c.do(ctx, call{
		op: "AXB.bind", method: http.MethodPost, path: pathAXB, body: b,
		log: maskFields("x_number", req.XNumber, "a_number", req.ANumber, "b_number", req.BNumber),
	})
	if err != nil {
		return nil, err
	}
	var w wireAXBBindResult
	if err := json.Unmarshal(rep.body, &w); err != nil {
		return nil, &UnknownOutcomeError{Operation: "AXB.bind", Cause: fmt.Errorf("decoding the answer: %w", err)}
	}
	if w.SubscriptionID == "" {
		return nil, &UnknownOutcomeError{Operation: "AXB.bind", Cause: fmt.Errorf("the answer carries no subscriptionId")}
	}
	return &AXBBindResult{
		SubscriptionID: string(w.SubscriptionID),
		XNumber:        string(w.RelationNum),
		ANumber:        string(w.CallerNum),
		BNumber:        string(w.CalleeNum),
	}, nil
}

// UnbindAXB deletes one binding (SubscriptionID) or every binding on X (§4.2).
// A binding that is already gone gives the not-found *Error.
func (c *Client) UnbindAXB(ctx context.Context, req AXBUnbindRequest) error {
	q := url.Values{}
	switch {
	case req.SubscriptionID != "":
		q.Set("subscriptionId", req.SubscriptionID)
	case req.XNumber != "":
		q.Set("relationNum", req.XNumber)
	default:
		return fmt.Errorf("AXB.unbind: a subscription ID or an X number is required")
	}
	_, err := c.do(ctx, call{
		op: "AXB.unbind", method: http.MethodDelete, path: pathAXB, query: q, safe: true,
		log: maskFields("x_number", req.XNumber),
	})
	return err
}

// ModifyAXB changes the given fields of a binding (§4.3).
func (c *Client) ModifyAXB(ctx context.Context, req AXBModifyRequest) error {
	if req.SubscriptionID == "" {
		return fmt.Errorf("AXB.modify: a subscription ID is required")
	}
	b := body{"subscriptionId": req.SubscriptionID}
	b.strPtr("callerNum", req.ANumber)
	b.strPtr("calleeNum", req.BNumber)
	b.intPtr("callDirection", req.CallDirection)
	b.intPtr("duration", req.DurationSeconds)
	b.intPtr("maxDuration", req.MaxDurationMinutes)
	b.strPtr("lastMinVoice", req.LastMinVoice)
	b.boolPtr("privateSms", req.PrivateSMS)
	b.boolPtr("recordFlag", req.RecordFlag)
	b.preVoice(req.PreVoice, true)
	lf := map[string]any{}
	if req.ANumber != nil {
		lf["a_number"] = MaskNumber(*req.ANumber)
	}
	if req.BNumber != nil {
		lf["b_number"] = MaskNumber(*req.BNumber)
	}
	_, err := c.do(ctx, call{op: "AXB.modify", method: http.MethodPut, path: pathAXB, body: b, safe: true, log: lf})
	return err
}

// QueryAXB reads one page (§4.4). SubscriptionID wins; otherwise XNumber
// with optional ANumber/BNumber, paged by PageIndex/PageSize when set. A
// query by numbers that finds nothing is an empty page, whether the platform
// answers an empty list or its not-found code (filterMiss); a query by
// SubscriptionID keeps the not-found error.
func (c *Client) QueryAXB(ctx context.Context, q AXBQuery) (*AXBPage, error) {
	v := url.Values{}
	switch {
	case q.SubscriptionID != "":
		v.Set("subscriptionId", q.SubscriptionID)
	case q.XNumber != "":
		v.Set("relationNum", q.XNumber)
		if q.ANumber != "" {
			v.Set("callerNum", q.ANumber)
		}
		if q.BNumber != "" {
			v.Set("calleeNum", q.BNumber)
		}
		if q.PageIndex > 0 {
			v.Set("pageIndex", strconv.Itoa(q.PageIndex))
		}
		if q.PageSize > 0 {
			v.Set("pageSize", strconv.Itoa(q.PageSize))
		}
	default:
		return nil, fmt.Errorf("AXB.query: a subscription ID or an X number is required")
	}
	rep, err := c.do(ctx, call{
		op: "AXB.query", method: http.MethodGet, path: pathAXB, query: v, safe: true,
		log: maskFields("x_number", q.XNumber, "a_number", q.ANumber, "b_number", q.BNumber),
	})
	if err != nil {
		if filterMiss(q.SubscriptionID == "", err) {
			return &AXBPage{Bindings: []AXBBinding{}}, nil
		}
		return nil, err
	}
	p, err := decodeAXBPage(rep.body)
	if err != nil {
		return nil, fmt.Errorf("AXB.query: decoding the answer: %w", err)
	}
	return p, nil
}

// ListAXB walks every page of an X-number query (page size 100) until
// totalCount records are read or a page comes back empty.
func (c *Client) ListAXB(ctx context.Context, q AXBQuery) ([]AXBBinding, error) {
	if q.SubscriptionID != "" {
		p, err := c.QueryAXB(ctx, q)
		if err != nil {
			return nil, err
		}
		return p.Bindings, nil
	}
	var all []AXBBinding
	seen := map[string]bool{}
	q.PageSize = axbListPageSize
	for page := 1; ; page++ {
		q.PageIndex = page
		p, err := c.QueryAXB(ctx, q)
		if err != nil {
			return nil, err
		}
		added := 0
		for _, b := range p.Bindings {
			// Bindings may move between pages while we walk; keep one copy.
			if b.SubscriptionID != "" && seen[b.SubscriptionID] {
				continue
			}
			seen[b.SubscriptionID] = true
			all = append(all, b)
			added++
		}
		if len(p.Bindings) == 0 || added == 0 || len(all) >= p.TotalCount {
			return all, nil
		}
	}
}

// GetAXB looks a binding up by subscriptionId; a missing one gives an
// *Error for which IsNotFound is true.
func (c *Client) GetAXB(ctx context.Context, subscriptionID string) (*AXBBinding, error) {
	if subscriptionID == "" {
		return nil, fmt.Errorf("AXB.query: a subscription ID is required")
	}
	p, err := c.QueryAXB(ctx, AXBQuery{SubscriptionID: subscriptionID})
	if err != nil {
		return nil, err
	}
	for i := range p.Bindings {
		if p.Bindings[i].SubscriptionID == subscriptionID || p.Bindings[i].SubscriptionID == "" && len(p.Bindings) == 1 {
			b := p.Bindings[i]
			b.SubscriptionID = subscriptionID
			return &b, nil
		}
	}
	return nil, notFound("AXB.query", codeAXBNotFound)
}

// filterMiss reports whether err is the answer of a filter query (by
// numbers, not by subscription ID) that found nothing: the public material
// reads a miss both as "0 with an empty list" and as the mode's not-found
// code (AX query by origNum, AXB lookup 1012007; DESIGN.md "Contested
// readings"), so the client turns the second reading into the first.
func filterMiss(filter bool, err error) bool { return filter && IsNotFound(err) }

// notFound is the error a Get* helper returns when the answer was a
// success without the record.
func notFound(op, code string) *Error {
	return &Error{Operation: op, HTTPStatus: http.StatusOK, ResultCode: code, ResultDesc: "The record does not exist."}
}
