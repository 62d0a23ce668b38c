package client

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
)

const (
	pathRecording = "/rest/provision/voice/record/v1.0"
	pathCallStop  = "/rest/httpsessions/callStop/v2.0"
)

// RecordingURL asks for the download address of a recording (§8.1). The
// platform answers 301 with the address in Location; the redirect is not
// followed.
func (c *Client) RecordingURL(ctx context.Context, fileName, recordDomain string) (string, error) {
	if fileName == "" || recordDomain == "" {
		return "", fmt.Errorf("recording.url: the file name and the record domain are required")
	}
	rep, err := c.do(ctx, call{
		op: "recording.url", method: http.MethodGet, path: pathRecording,
		query: url.Values{"fileName": {fileName}, "recordDomain": {recordDomain}},
		safe:  true, redirect: true,
	})
	if err != nil {
		return "", err
	}
	loc := rep.header.Get("Location")
	if rep.status != http.StatusMovedPermanently || loc == "" {
		return "", &Error{Operation: "recording.url", HTTPStatus: rep.status,
			ResultDesc: "expected HTTP 301 with a Location header"}
	}
	return loc, nil
}

// StopCall terminates a call in progress (§8.2). It is never repeated
// after an ambiguous failure.
func (c *Client) StopCall(ctx context.Context, sessionID string) error {
	if sessionID == "" {
		return fmt.Errorf("call.stop: a session ID is required")
	}
	_, err := c.do(ctx, call{
		op: "call.stop", method: http.MethodPost, path: pathCallStop,
		body: body{"sessionid": sessionID, "signal": "call_stop"},
	})
	return err
}
