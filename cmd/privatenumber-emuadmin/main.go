// Command privatenumber-emuadmin is the demo's client of the emulator's admin
// API, so that scripts/demo.sh needs nothing but Go (no curl, no jq). It is a
// development tool: the release builds (.goreleaser.yml) ship only the provider.
//
//	privatenumber-emuadmin -endpoint URL list        one line per binding: MODE SUBSCRIPTION_ID X_NUMBER A_NUMBER
//	privatenumber-emuadmin -endpoint URL delete ID   deletes one binding behind Terraform's back
//
// The same by hand:
//
//	curl -s URL/emulator/v1/bindings
//	curl -s -X DELETE URL/emulator/v1/bindings/ID
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"sort"
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
		fmt.Fprintln(os.Stderr, "usage: privatenumber-emuadmin -endpoint URL list | delete SUBSCRIPTION_ID")
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
	}
	return fmt.Errorf("unknown command %q (want list, or delete SUBSCRIPTION_ID)", strings.Join(args, " "))
}

func call(hc *http.Client, method, u string) ([]byte, error) {
	req, err := http.NewRequest(method, u, http.NoBody)
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
