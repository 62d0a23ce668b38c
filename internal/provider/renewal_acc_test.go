package provider

import (
	"strconv"
	"time"

	"github.com/privnum/terraform-provider-privatenumber/internal/emulator"
)

// durationText is a platform lifetime field (an integer in unit) as the
// state writes it ("1h", "0s"; "" when the field is absent).
func durationText(b emulator.AdminBinding, field string, unit time.Duration) string {
	n, err := strconv.ParseInt(fieldText(b, field), 10, 64)
	if err != nil {
		return ""
	}
	return formatDuration(time.Duration(n) * unit)
}
