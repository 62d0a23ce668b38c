package provider

// One lifetime vocabulary across modes (DESIGN.md, "Lifetimes"): every
// lifetime and renewal window is a duration string such as "720h", "90m" or
// "3600s", checked at plan time against the platform's limits and the unit
// the mode's API takes. The state keeps the configuration's spelling; a
// value read from the platform is written in the shortest h/m/s form.

import (
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/types"
)

// lifetimeSpec is a lifetime's plan-time rule: a duration of whole units,
// from min to max, or 0 when zero names what 0 means ("" = 0 not allowed).
type lifetimeSpec struct {
	unit     time.Duration // the API's unit: time.Second or time.Minute
	apiField string        // the API field, e.g. "duration (seconds)"
	min, max time.Duration
	zero     string // what 0 means, e.g. "permanent"; "" = 0 is refused
}

// problem explains why s does not satisfy the rule, or returns "".
func (r lifetimeSpec) problem(attr, s string) string {
	d, err := time.ParseDuration(s)
	switch {
	case err != nil:
		return fmt.Sprintf("%s = %q is not a duration: write a number with the unit h, m or s, such as \"720h\" (30 days), \"90m\" or \"3600s\"%s.",
			attr, s, daysHint(s))
	case d == 0 && r.zero != "":
		return ""
	case d < 0:
		return fmt.Sprintf("%s = %q is negative: write a positive duration such as \"24h\".", attr, s)
	case d%r.unit != 0:
		return fmt.Sprintf("%s = %q is not a whole number of %s: the platform takes it in %s (%s). Write e.g. %q.",
			attr, s, unitName(r.unit), unitName(r.unit), r.apiField, formatDuration(max(d.Round(r.unit), r.unit)))
	case d < r.min || d > r.max:
		return fmt.Sprintf("%s = %q is outside what the platform allows (%s): from %q to %q%s.",
			attr, s, r.apiField, formatDuration(r.min), formatDuration(r.max), r.zeroHint())
	}
	return ""
}

func (r lifetimeSpec) zeroHint() string {
	if r.zero == "" {
		return ""
	}
	return fmt.Sprintf(", or \"0s\" (%s)", r.zero)
}

// daysHint suggests hours for a value written in days, which Go durations lack.
func daysHint(s string) string {
	var n int
	if _, err := fmt.Sscanf(s, "%dd", &n); err == nil && strings.HasSuffix(s, "d") && n > 0 {
		return fmt.Sprintf("; days are written in hours: %q for %d days", formatDuration(time.Duration(n)*24*time.Hour), n)
	}
	return ""
}

func unitName(u time.Duration) string {
	if u == time.Minute {
		return "minutes"
	}
	return "seconds"
}

// rule is the spec as a plan-time validator.
func (r lifetimeSpec) rule() stringRule {
	return stringRule{
		summary: "Invalid duration",
		description: fmt.Sprintf("a duration in whole %s from %q to %q%s", unitName(r.unit),
			formatDuration(r.min), formatDuration(r.max), r.zeroHint()),
		problem: r.problem,
	}
}

// formatDuration writes d in the shortest h/m/s form: "720h", "1h30m", "45s", "0s".
func formatDuration(d time.Duration) string {
	if d <= 0 {
		return "0s"
	}
	var b strings.Builder
	h, m, s := d/time.Hour, (d%time.Hour)/time.Minute, (d%time.Minute)/time.Second
	for _, p := range []struct {
		n    time.Duration
		unit string
	}{{h, "h"}, {m, "m"}, {s, "s"}} {
		if p.n > 0 {
			fmt.Fprintf(&b, "%d%s", p.n, p.unit)
		}
	}
	if b.Len() == 0 { // below a second: the platform has no such unit
		return d.String()
	}
	return b.String()
}

// durationOf is the duration a lifetime attribute holds; null, unknown or
// invalid (which validation has refused) is 0.
func durationOf(v types.String) time.Duration {
	if v.IsNull() || v.IsUnknown() {
		return 0
	}
	d, err := time.ParseDuration(v.ValueString())
	if err != nil {
		return 0
	}
	return d
}

// sameDuration reports whether two known duration attributes hold the same
// length, however each is spelt ("24h" and "1440m").
func sameDuration(a, b types.String) bool {
	if a.IsUnknown() || b.IsUnknown() || a.IsNull() != b.IsNull() {
		return false
	}
	return durationOf(a) == durationOf(b)
}

// durationValue is the attribute value of a lifetime the platform reports:
// prior's spelling when it holds the same length, else the shortest form.
func durationValue(d time.Duration, prior types.String) types.String {
	if !prior.IsNull() && !prior.IsUnknown() {
		if p, err := time.ParseDuration(prior.ValueString()); err == nil && p == d {
			return prior
		}
	}
	return types.StringValue(formatDuration(d))
}
