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
	pathAX       = "/rest/provision/caas/privatenumber/v1.0"
	pathAXCallee = "/rest/caas/privatenumber/calleenumber/v1.0"
)

type wireAXBindResult struct {
	SubscriptionID flexString `json:"subscriptionId"`
	OrigNum        flexString `json:"origNum"`
	PrivateNum     flexString `json:"privateNum"`
}

type wireAX struct {
	SubscriptionID   flexString   `json:"subscriptionId"`
	OrigNum          flexString   `json:"origNum"`
	PrivateNum       flexString   `json:"privateNum"`
	CalleeNumDisplay flexInt      `json:"calleeNumDisplay"`
	RecordFlag       flexBool     `json:"recordFlag"`
	RecordHintTone   flexString   `json:"recordHintTone"`
	PrivateSms       flexBool     `json:"privateSms"`
	MaxDuration      flexInt      `json:"maxDuration"`
	LastMinVoice     flexString   `json:"lastMinVoice"`
	PreVoice         wirePreVoice `json:"preVoice"`
	TurnFlag         *flexString  `json:"turnFlag"`
	CallDirection    flexInt      `json:"callDirection"`
	UserData         flexString   `json:"userData"`
	SubscribeTime    flexTime     `json:"subscribeTime"`
}

func (w wireAX) native() AXBinding {
	return AXBinding{
		SubscriptionID:     string(w.SubscriptionID),
		ANumber:            string(w.OrigNum),
		XNumber:            string(w.PrivateNum),
		CalleeNumDisplay:   int(w.CalleeNumDisplay),
		RecordFlag:         bool(w.RecordFlag),
		RecordHintTone:     string(w.RecordHintTone),
		PrivateSMS:         bool(w.PrivateSms),
		MaxDurationMinutes: int(w.MaxDuration),
		LastMinVoice:       string(w.LastMinVoice),
		PreVoice:           w.PreVoice.native(),
		PowerOn:            turnFlagOn(w.TurnFlag),
		CallDirection:      int(w.CallDirection),
		UserData:           string(w.UserData),
		SubscribeTime:      timeOf(w.SubscribeTime),
	}
}

// turnFlagOn: "on" (the platform's default when absent), "off"; booleans
// are accepted too.
func turnFlagOn(f *flexString) bool {
	if f == nil {
		return true
	}
	switch string(*f) {
	case "off", "OFF", "Off", "false", "0":
		return false
	}
	return true
}

func decodeAXList(data []byte) ([]AXBinding, error) {
	var w struct {
		PrivateNumList []record[wireAX] `json:"privateNumList"`
	}
	if err := json.Unmarshal(data, &w); err != nil {
		return nil, err
	}
	out := make([]AXBinding, 0, len(w.PrivateNumList))
	for i := range w.PrivateNumList {
		r := &w.PrivateNumList[i]
		n := r.wire.native()
		n.Absent = r.absent(axOptional)
		out = append(out, n)
	}
	return out, nil
}

// BindAX creates an AX binding (§5.1).
func (c *Client) BindAX(ctx context.Context, req AXBindRequest) (*AXBindResult, error) {
	b := body{"origNum": req.ANumber}
	b.str("privateNum", req.XNumber)
	if req.AreaCode != "" {
		b["areaCode"] = req.AreaCode
		b["privateNumType"] = "mobile-virtual"
		b["areaMatchMode"] = strconv.Itoa(req.AreaMatchMode)
	}
	b["calleeNumDisplay"] = strconv.Itoa(req.CalleeNumDisplay)
	b["recordFlag"] = boolString(req.RecordFlag)
	b.str("recordHintTone", req.RecordHintTone)
	b["privateSms"] = boolString(req.PrivateSMS)
	b.preVoice(req.PreVoice, false)
	b.posInt("maxDuration", req.MaxDurationMinutes)
	b.str("lastMinVoice", req.LastMinVoice)
	b.str("userData", req.UserData)
	if req.PowerOn {
		b["turnFlag"] = "on"
	} else {
		b["turnFlag"] = "off"
	}
	b["callDirection"] = req.CallDirection

	rep, err := c.do(ctx, call{
		op: "AX.bind", method: http.MethodPost, path: pathAX, body: b,
		log: maskFields("x_number", req.XNumber, "a_number", req.ANumber),
	})
	if err != nil {
		return nil, err
	}
	var w wireAXBindResult
	if err := json.Unmarshal(rep.body, &w); err != nil {
		return nil, &UnknownOutcomeError{Operation: "AX.bind", Cause: fmt.Errorf("decoding the answer: %w", err)}
	}
	if w.SubscriptionID == "" {
		return nil, &UnknownOutcomeError{Operation: "AX.bind", Cause: fmt.Errorf("the answer carries no subscriptionId")}
	}
	return &AXBindResult{SubscriptionID: string(w.SubscriptionID), ANumber: string(w.OrigNum), XNumber: string(w.PrivateNum)}, nil
}

// axIdent sets subscriptionId, or origNum + privateNum.
func axIdent(op, sub, a, x string, set func(k, v string)) error {
	switch {
	case sub != "":
		set("subscriptionId", sub)
	case a != "" && x != "":
		set("origNum", a)
		set("privateNum", x)
	default:
		return fmt.Errorf("%s: a subscription ID, or the A and X numbers, are required", op)
	}
	return nil
}

// UnbindAX deletes an AX binding (§5.2).
func (c *Client) UnbindAX(ctx context.Context, req AXUnbindRequest) error {
	q := url.Values{}
	if err := axIdent("AX.unbind", req.SubscriptionID, req.ANumber, req.XNumber, q.Set); err != nil {
		return err
	}
	_, err := c.do(ctx, call{
		op: "AX.unbind", method: http.MethodDelete, path: pathAX, query: q, safe: true,
		log: maskFields("x_number", req.XNumber, "a_number", req.ANumber),
	})
	return err
}

// ModifyAX changes maxDuration, privateSms and recordFlag (§5.3).
func (c *Client) ModifyAX(ctx context.Context, req AXModifyRequest) error {
	b := body{}
	if err := axIdent("AX.modify", req.SubscriptionID, req.ANumber, req.XNumber, b.str); err != nil {
		return err
	}
	b.intPtr("maxDuration", req.MaxDurationMinutes)
	b.boolPtr("privateSms", req.PrivateSMS)
	b.boolPtr("recordFlag", req.RecordFlag)
	_, err := c.do(ctx, call{
		op: "AX.modify", method: http.MethodPut, path: pathAX, body: b, safe: true,
		log: maskFields("x_number", req.XNumber, "a_number", req.ANumber),
	})
	return err
}

// QueryAX lists AX bindings by SubscriptionID, ANumber (origNum) or
// XNumber (privateNum), in that precedence (§5.4). A query by A or X that
// finds nothing is an empty list, whether the platform answers an empty list
// or 1016001 (filterMiss); a query by SubscriptionID keeps the not-found error.
func (c *Client) QueryAX(ctx context.Context, q AXQuery) ([]AXBinding, error) {
	v := url.Values{}
	switch {
	case q.SubscriptionID != "":
		v.Set("subscriptionId", q.SubscriptionID)
	case q.ANumber != "":
		v.Set("origNum", q.ANumber)
	case q.XNumber != "":
		v.Set("privateNum", q.XNumber)
	default:
		return nil, fmt.Errorf("AX.query: a subscription ID, an A number or an X number is required")
	}
	rep, err := c.do(ctx, call{
		op: "AX.query", method: http.MethodGet, path: pathAX, query: v, safe: true,
		log: maskFields("x_number", q.XNumber, "a_number", q.ANumber),
	})
	if err != nil {
		if filterMiss(q.SubscriptionID == "", err) {
			return []AXBinding{}, nil
		}
		return nil, err
	}
	list, err := decodeAXList(rep.body)
	if err != nil {
		return nil, fmt.Errorf("AX.query: decoding the answer: %w", err)
	}
	return list, nil
}

// GetAX looks an AX binding up by subscriptionId.
func (c *Client) GetAX(ctx context.Context, subscriptionID string) (*AXBinding, error) {
	if subscriptionID == "" {
		return nil, fmt.Errorf("AX.query: a subscription ID is required")
	}
	list, err := c.QueryAX(ctx, AXQuery{SubscriptionID: subscriptionID})
	if err != nil {
		return nil, err
	}
	for i := range list {
		if list[i].SubscriptionID == subscriptionID || list[i].SubscriptionID == "" && len(list) == 1 {
			b := list[i]
			b.SubscriptionID = subscriptionID
			return &b, nil
		}
	}
	return nil, notFound("AX.query", codeNotFound)
}

// SetAXTemporaryCallee sets the callee of A's next calls through X (§5.5).
// It is never repeated after an ambiguous failure.
func (c *Client) SetAXTemporaryCallee(ctx context.Context, req AXCalleeRequest) error {
	b := body{}
	if err := axIdent("AX.set_callee", req.SubscriptionID, req.ANumber, req.XNumber, b.str); err != nil {
		return err
	}
	b["calleeNum"] = req.CalleeNumber
	b.posInt("duration", req.DurationSeconds)
	b.str("userData", req.UserData)
	b.posInt("maxDuration", req.MaxDurationMinutes)
	_, err := c.do(ctx, call{
		op: "AX.set_callee", method: http.MethodPut, path: pathAXCallee, body: b,
		log: maskFields("x_number", req.XNumber, "a_number", req.ANumber, "callee_number", req.CalleeNumber),
	})
	return err
}
