package client

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
)

const pathAXYB = "/rest/omp/xyrelationnumber/v1.0"

type wireAXYB struct {
	BindID         flexString `json:"bindId"`
	SubscriptionID flexString `json:"subscriptionId"`
	NumA           flexString `json:"numA"`
	NumX           flexString `json:"numX"`
	NumY           flexString `json:"numY"`
	NumB           flexString `json:"numB"`
	RecordFlag     flexBool   `json:"recordFlag"`
	RecordHintTone flexString `json:"recordHintTone"`
	SubscribeTime  flexTime   `json:"subscribeTime"`
	CallDirection  flexInt    `json:"callDirection"`
	Duration       flexInt    `json:"duration"`
	YBDuration     flexInt    `json:"ybDuration"`
	PreVoiceX      flexString `json:"preVoiceX"`
	PreVoiceY      flexString `json:"preVoiceY"`
	UserData       flexString `json:"userData"`
}

func (w wireAXYB) native() AXYBRelation {
	return AXYBRelation{
		BindID:            string(w.BindID),
		SubscriptionID:    string(w.SubscriptionID),
		ANumber:           string(w.NumA),
		XNumber:           string(w.NumX),
		YNumber:           string(w.NumY),
		BNumber:           string(w.NumB),
		RecordFlag:        bool(w.RecordFlag),
		RecordHintTone:    string(w.RecordHintTone),
		SubscribeTime:     timeOf(w.SubscribeTime),
		CallDirection:     int(w.CallDirection),
		DurationSeconds:   int(w.Duration),
		YBDurationSeconds: int(w.YBDuration),
		PreVoiceX:         string(w.PreVoiceX),
		PreVoiceY:         string(w.PreVoiceY),
		UserData:          string(w.UserData),
	}
}

func decodeAXYBList(data []byte) ([]AXYBRelation, error) {
	var w struct {
		List []record[wireAXYB] `json:"xyRelationNumList"`
	}
	if err := json.Unmarshal(data, &w); err != nil {
		return nil, err
	}
	out := make([]AXYBRelation, 0, len(w.List))
	for i := range w.List {
		r := &w.List[i]
		n := r.wire.native()
		n.Absent = r.absent(axybOptional)
		out = append(out, n)
	}
	return out, nil
}

func decodeAXYBBind(op string, data []byte) (*AXYBBindResult, error) {
	var w struct {
		SubscriptionID flexString `json:"subscriptionId"`
		RelationNumber flexString `json:"relationNumber"`
	}
	if err := json.Unmarshal(data, &w); err != nil {
		return nil, &UnknownOutcomeError{Operation: op, Cause: fmt.Errorf("decoding the answer: %w", err)}
	}
	if w.SubscriptionID == "" {
		return nil, &UnknownOutcomeError{Operation: op, Cause: fmt.Errorf("the answer carries no subscriptionId")}
	}
	return &AXYBBindResult{SubscriptionID: string(w.SubscriptionID), Number: string(w.RelationNumber)}, nil
}

// appKeyQuery starts an AXYB query string: app_key is on every AXYB call (§7).
func (c *Client) appKeyQuery() url.Values { return url.Values{"app_key": {c.appKey}} }

// BindAXYB binds the AX part of a group (§7.1 form 1).
func (c *Client) BindAXYB(ctx context.Context, req AXYBBindRequest) (*AXYBBindResult, error) {
	b := body{"origNum": req.ANumber}
	if req.AreaCode != "" {
		b["areaCode"] = req.AreaCode
		b["areaMatchMode"] = strconv.Itoa(req.AreaMatchMode)
	}
	b["callDirection"] = req.CallDirection
	b["duration"] = req.DurationSeconds
	b["ybDuration"] = req.YBDurationSeconds
	b["recordFlag"] = boolString(req.RecordFlag)
	b.str("recordHintTone", req.RecordHintTone)
	b.str("preVoiceX", req.PreVoiceX)
	b.str("userData", req.UserData)
	rep, err := c.do(ctx, call{
		op: "AXYB.bind", method: http.MethodPost, path: pathAXYB, query: c.appKeyQuery(), body: b,
		log: maskFields("a_number", req.ANumber),
	})
	if err != nil {
		return nil, err
	}
	return decodeAXYBBind("AXYB.bind", rep.body)
}

// BindAXYBMember binds a YB member onto an existing group (§7.1 form 2).
func (c *Client) BindAXYBMember(ctx context.Context, req AXYBMemberBindRequest) (*AXYBBindResult, error) {
	if req.SubscriptionID == "" {
		return nil, fmt.Errorf("AXYB.bind: the group's subscription ID is required")
	}
	b := body{"subscriptionId": req.SubscriptionID, "origNum": req.BNumber}
	if req.AreaCode != "" {
		b["areaCode"] = req.AreaCode
		b["areaMatchMode"] = strconv.Itoa(req.AreaMatchMode)
	}
	b.str("preVoiceY", req.PreVoiceY)
	rep, err := c.do(ctx, call{
		op: "AXYB.bind", method: http.MethodPost, path: pathAXYB, query: c.appKeyQuery(), body: b,
		log: maskFields("b_number", req.BNumber),
	})
	if err != nil {
		return nil, err
	}
	return decodeAXYBBind("AXYB.bind", rep.body)
}

// UnbindAXYB deletes a whole group, or one member by YNumber (wins) or
// BNumber (§7.2).
func (c *Client) UnbindAXYB(ctx context.Context, req AXYBUnbindRequest) error {
	if req.SubscriptionID == "" {
		return fmt.Errorf("AXYB.unbind: a subscription ID is required")
	}
	q := c.appKeyQuery()
	q.Set("subscriptionId", req.SubscriptionID)
	switch {
	case req.YNumber != "":
		q.Set("yNum", req.YNumber)
	case req.BNumber != "":
		q.Set("bNum", req.BNumber)
	}
	_, err := c.do(ctx, call{
		op: "AXYB.unbind", method: http.MethodDelete, path: pathAXYB, query: q, safe: true,
		log: maskFields("y_number", req.YNumber, "b_number", req.BNumber),
	})
	return err
}

// QueryAXYB lists a group's records by SubscriptionID (wins) or every
// record on an X (§7.3). A query by X that finds nothing is an empty list,
// whether the platform answers an empty list or 1016001 (filterMiss); a
// query by SubscriptionID keeps the not-found error (the group is gone).
func (c *Client) QueryAXYB(ctx context.Context, q AXYBQuery) ([]AXYBRelation, error) {
	v := c.appKeyQuery()
	switch {
	case q.SubscriptionID != "":
		v.Set("subscriptionId", q.SubscriptionID)
	case q.XNumber != "":
		v.Set("relationNum", q.XNumber)
	default:
		return nil, fmt.Errorf("AXYB.query: a subscription ID or an X number is required")
	}
	rep, err := c.do(ctx, call{
		op: "AXYB.query", method: http.MethodGet, path: pathAXYB, query: v, safe: true,
		log: maskFields("x_number", q.XNumber),
	})
	if err != nil {
		if filterMiss(q.SubscriptionID == "", err) {
			return []AXYBRelation{}, nil
		}
		return nil, err
	}
	list, err := decodeAXYBList(rep.body)
	if err != nil {
		return nil, fmt.Errorf("AXYB.query: decoding the answer: %w", err)
	}
	return list, nil
}
