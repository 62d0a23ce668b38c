package provider

import (
	"github.com/hashicorp/terraform-plugin-framework/attr"

	"github.com/privnum/terraform-provider-privatenumber/internal/client"
)

// Shared by the per-mode record files (ax_record.go, axb_record.go, ...).

// keepAbsent keeps the prior value of an attribute when the platform's answer
// left its field out (client.Absent): the public material disagrees on which
// optional fields a query answer carries (reference §17), and an absent field
// is unknown, not false or empty, so it must not show as drift. Without a
// known prior (a data source, an import, a create's plan) the attribute keeps
// the record's zero reading, which is the platform's default for every field
// but sms_enabled (an in-place update), so an import never plans a
// replacement for a field the platform did not report.
func keepAbsent[V attr.Value](absent client.Absent, field string, dst *V, prior V) {
	if absent.Lacks(field) && !prior.IsNull() && !prior.IsUnknown() {
		*dst = prior
	}
}

// orZero is *prior, or the zero record (every attribute null) without one.
func orZero[R any](prior *R) R {
	if prior == nil {
		var zero R
		return zero
	}
	return *prior
}
