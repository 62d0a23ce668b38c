//go:build !race

package provider

// raceEnabled reports whether the test binary was built with -race.
const raceEnabled = false
