package provider

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/privnum/terraform-provider-privatenumber/internal/emulator"
)

// AXB test helpers: configuration rendering and comparisons with the emulator's view.

const axbAddr = "privatenumber_axb_binding.test"

// Real numbers of the test parties (A and B sides).
func axbA(n int) string { return fmt.Sprintf("+86138000000%02d", n) }
func axbB(n int) string { return fmt.Sprintf("+86139000000%02d", n) }

// axbResource renders a privatenumber_axb_binding block; attrs holds HCL
// expressions by attribute name (strings already quoted, see axbQ).
func axbResource(name string, attrs map[string]string) string {
	keys := make([]string, 0, len(attrs))
	for k := range attrs {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	fmt.Fprintf(&b, "\nresource \"privatenumber_axb_binding\" %q {\n", name)
	for _, k := range keys {
		fmt.Fprintf(&b, "  %s = %s\n", k, attrs[k])
	}
	b.WriteString("}\n")
	return b.String()
}

// q quotes a string as an HCL literal.
func axbQ(s string) string { return fmt.Sprintf("%q", s) }

// with returns a copy of attrs with the changes applied ("" deletes).
func axbWith(attrs map[string]string, changes map[string]string) map[string]string {
	out := map[string]string{}
	for k, v := range attrs {
		out[k] = v
	}
	for k, v := range changes {
		if v == "" {
			delete(out, k)
		} else {
			out[k] = v
		}
	}
	return out
}

// axbBinding returns the emulator's AXB binding with the given ID.
func (e *accEnv) axbBinding(id string) (emulator.AdminBinding, bool) {
	for _, b := range e.emu.Bindings(testAppKey("AXB"), "AXB") {
		if b.SubscriptionID == id {
			return b, true
		}
	}
	return emulator.AdminBinding{}, false
}

// axbCheckPlatform compares the resource's state with the platform's own
// view of the binding: every attribute a user sees must be what the platform holds.
func (e *accEnv) axbCheckPlatform(addr string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		rs, ok := s.RootModule().Resources[addr]
		if !ok {
			return fmt.Errorf("%s not in state", addr)
		}
		b, ok := e.axbBinding(rs.Primary.ID)
		if !ok {
			return fmt.Errorf("binding %s of %s is not on the platform", rs.Primary.ID, addr)
		}
		f := b.Fields
		str := func(v any) string {
			if v == nil {
				return ""
			}
			return fmt.Sprint(v)
		}
		pre, _ := f["preVoice"].(map[string]any)
		dir := map[string]string{"0": "both", "1": "a_to_b", "2": "b_to_a"}[str(f["callDirection"])]
		expires := ""
		if b.ExpiresAt != nil {
			expires = b.ExpiresAt.UTC().Format(time.RFC3339)
		}
		want := map[string]string{
			"x_number": b.XNumber, "a_number": b.ANumber, "b_number": b.BNumber,
			"call_direction": dir, "lifetime_seconds": str(f["duration"]), "expires_at": expires,
			"record_calls": str(f["recordFlag"]), "record_hint_tone": str(f["recordHintTone"]),
			"max_call_minutes": str(f["maxDuration"]), "last_minute_tone": str(f["lastMinVoice"]),
			"sms_enabled": str(f["privateSms"]), "a_hint_tone": str(pre["callerHintTone"]),
			"b_hint_tone": str(pre["calleeHintTone"]), "user_data": str(f["userData"]),
		}
		var diffs []string
		for k, v := range want {
			if got := rs.Primary.Attributes[k]; got != v {
				diffs = append(diffs, fmt.Sprintf("%s: state %q, platform %q", k, got, v))
			}
		}
		if len(diffs) > 0 {
			sort.Strings(diffs)
			raw, _ := json.Marshal(b)
			return fmt.Errorf("state of %s differs from the platform:\n  %s\nplatform: %s", addr, strings.Join(diffs, "\n  "), raw)
		}
		return nil
	}
}

// axbCheckCount checks how many AXB bindings the platform holds.
func (e *accEnv) axbCheckCount(n int) resource.TestCheckFunc {
	return func(*terraform.State) error {
		if got := len(e.emu.Bindings(testAppKey("AXB"), "AXB")); got != n {
			return fmt.Errorf("the platform holds %d AXB bindings, want %d", got, n)
		}
		return nil
	}
}

// axbCaptureID stores the resource's id for a later PreConfig.
func axbCaptureID(addr string, into *string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		rs, ok := s.RootModule().Resources[addr]
		if !ok {
			return fmt.Errorf("%s not in state", addr)
		}
		*into = rs.Primary.ID
		return nil
	}
}

// axbLazyString is a config variable whose value is read when the step runs,
// for values only an earlier step learns (such as the X the platform picked).
type axbLazyString struct{ p *string }

func (v axbLazyString) MarshalJSON() ([]byte, error) { return json.Marshal(*v.p) }
