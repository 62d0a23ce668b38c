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
// prior (a data source, an import) the attribute is null.
func keepAbsent[V attr.Value](absent client.Absent, field string, dst *V, prior V) {
	if !absent.Lacks(field) {
		return
	}
	if prior.IsUnknown() { // a create's plan: nothing known to keep
		var null V // the zero value of every framework value type is null
		*dst = null
		return
	}
	*dst = prior
}

// orZero is *prior, or the zero record (every attribute null) without one.
func orZero[R any](prior *R) R {
	if prior == nil {
		var zero R
		return zero
	}
	return *prior
}
