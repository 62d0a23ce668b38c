// Command privatenumber-emuadmin is the demo's client of the emulator's admin
// API, so that scripts/demo.sh needs nothing but Go (no curl, no jq). It is a
// development tool: the release builds (.goreleaser.yml) ship only the provider.
//
//	privatenumber-emuadmin -endpoint URL list        one line per binding: MODE SUBSCRIPTION_ID X_NUMBER A_NUMBER
//	privatenumber-emuadmin -endpoint URL delete ID   deletes one binding behind Terraform's back
//	privatenumber-emuadmin -endpoint URL call FROM TO [digits=D] [talk=S] [outcome=no_answer|busy] [expect=NUMBER|CODE]
//	                                                 simulates a call; prints who was reached (masked) or the hang-up code;
//	                                                 with expect, fails unless that number was reached or that code ended it
//	privatenumber-emuadmin -endpoint URL status X normal|suspended|frozen|unavailable [CAUSE]
//	privatenumber-emuadmin -endpoint URL advance SECONDS   moves the emulator's clock
//
// The same by hand:
//
//	curl -s URL/emulator/v1/bindings
//	curl -s -X DELETE URL/emulator/v1/bindings/ID
//	curl -s -X POST URL/emulator/v1/calls -d '{"from":"+86138…","to":"+86170…","talk_seconds":30}'
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"sort"
	"strconv"
	"strings"
	"time"
)

type binding struct {
	AppKey         string `json:"app_key"`
	Mode           string `json:"mode"`
	SubscriptionID string `json:"subscription_id"`
	ANumber        string `json:"a_number"`
	XNumber        string `json:"x_number"`
}

func main() {
	endpoint := flag.String("endpoint", "", "the emulator's base URL, e.g. http://127.0.0.1:41234")
	flag.Parse()
	if *endpoint == "" || flag.NArg() < 1 {
		fmt.Fprintln(os.Stderr, "usage: privatenumber-emuadmin -endpoint URL list | delete SUBSCRIPTION_ID | call FROM TO [digits=D] [talk=S] [outcome=O] | status X STATUS [CAUSE] | advance SECONDS")
		os.Exit(2)
	}
	if err := run(strings.TrimRight(*endpoint, "/"), flag.Args()); err != nil {
		fmt.Fprintln(os.Stderr, "privatenumber-emuadmin: "+err.Error())
		os.Exit(1)
	}
}

func run(base string, args []string) error {
	hc := &http.Client{Timeout: 10 * time.Second}
	switch {
	case args[0] == "list" && len(args) == 1:
		body, err := call(hc, http.MethodGet, base+"/emulator/v1/bindings")
		if err != nil {
			return err
		}
		var out struct {
			Bindings []binding `json:"bindings"`
		}
		if err := json.Unmarshal(body, &out); err != nil {
			return fmt.Errorf("decoding the binding list: %w", err)
		}
		sort.Slice(out.Bindings, func(i, j int) bool {
			a, b := out.Bindings[i], out.Bindings[j]
			if a.Mode != b.Mode {
				return a.Mode < b.Mode
			}
			return a.SubscriptionID < b.SubscriptionID
		})
		for _, b := range out.Bindings {
			fmt.Printf("%s %s %s %s\n", b.Mode, b.SubscriptionID, dash(b.XNumber), dash(b.ANumber))
		}
		return nil
	case args[0] == "delete" && len(args) == 2:
		_, err := call(hc, http.MethodDelete, base+"/emulator/v1/bindings/"+url.PathEscape(args[1]))
		return err
	case args[0] == "call" && len(args) >= 3:
		return placeCall(hc, base, args[1:])
	case args[0] == "status" && (len(args) == 3 || len(args) == 4):
		body := map[string]any{"status": args[2]}
		if len(args) == 4 {
			body["cause"] = args[3]
		}
		_, err := send(hc, http.MethodPut, base+"/emulator/v1/numbers/"+url.PathEscape(args[1])+"/status", body)
		return err
	case args[0] == "advance" && len(args) == 2:
		n, err := strconv.ParseInt(args[1], 10, 64)
		if err != nil {
			return fmt.Errorf("advance: %q is not a number of seconds", args[1])
		}
		_, err = send(hc, http.MethodPost, base+"/emulator/v1/clock", map[string]any{"advance_seconds": n})
		return err
	}
	return fmt.Errorf("unknown command %q (want list, delete ID, call FROM TO, status X STATUS, advance SECONDS)", strings.Join(args, " "))
}

// placeCall simulates one call and prints one line: who was reached, or the hang-up.
func placeCall(hc *http.Client, base string, args []string) error {
	req := map[string]any{"from": args[0], "to": args[1], "talk_seconds": 30}
	expect := ""
	for _, kv := range args[2:] {
		k, v, _ := strings.Cut(kv, "=")
		switch k {
		case "digits", "outcome":
			req[k] = v
		case "expect":
			expect = v
		case "talk":
			n, err := strconv.ParseInt(v, 10, 64)
			if err != nil {
				return fmt.Errorf("talk: %q is not a number of seconds", v)
			}
			req["talk_seconds"] = n
		default:
			return fmt.Errorf("call: unknown option %q (want digits=, talk=, outcome=, expect=)", kv)
		}
	}
	if o, _ := req["outcome"].(string); o != "" && o != "answer" {
		delete(req, "talk_seconds")
	}
	body, err := send(hc, http.MethodPost, base+"/emulator/v1/calls", req)
	if err != nil {
		return err
	}
	var tr struct {
		Reached    string `json:"reached"`
		Answered   bool   `json:"answered"`
		HangupCode string `json:"hangup_code"`
		HangupDesc string `json:"hangup_desc"`
		Talk       int64  `json:"talk_seconds"`
	}
	if err := json.Unmarshal(body, &tr); err != nil {
		return fmt.Errorf("decoding the call trace: %w", err)
	}
	if tr.Answered {
		fmt.Printf("call %s -> %s: reached %s, talked %d s, hang-up %s\n", mask(args[0]), args[1], mask(tr.Reached), tr.Talk, tr.HangupCode)
	} else {
		fmt.Printf("call %s -> %s: not connected, hang-up %s (%s)\n", mask(args[0]), args[1], tr.HangupCode, tr.HangupDesc)
	}
	switch {
	case expect == "":
	case strings.HasPrefix(expect, "+") && !(tr.Answered && tr.Reached == expect):
		return fmt.Errorf("call: want %s reached, got %s", mask(expect), dash(mask(tr.Reached)))
	case !strings.HasPrefix(expect, "+") && tr.HangupCode != expect:
		return fmt.Errorf("call: want hang-up %s, got %s", expect, tr.HangupCode)
	}
	return nil
}

// mask keeps a caller's or callee's number out of the output: +86138****0022.
func mask(n string) string {
	if len(n) < 10 {
		return n
	}
	return n[:6] + "****" + n[len(n)-4:]
}

func call(hc *http.Client, method, u string) ([]byte, error) {
	return send(hc, method, u, nil)
}

func send(hc *http.Client, method, u string, payload any) ([]byte, error) {
	var rdr io.Reader = http.NoBody
	if payload != nil {
		data, err := json.Marshal(payload)
		if err != nil {
			return nil, err
		}
		rdr = bytes.NewReader(data)
	}
	req, err := http.NewRequest(method, u, rdr)
	if err != nil {
		return nil, err
	}
	resp, err := hc.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode/100 != 2 {
		return nil, fmt.Errorf("%s %s: HTTP %d: %s", method, u, resp.StatusCode, strings.TrimSpace(string(body)))
	}
	return body, nil
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
