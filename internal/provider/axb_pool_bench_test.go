package provider

import (
	"context"
	"fmt"
	"testing"
)

// Benchmarks of the pool's own work at N = 5,000 pairs on 5 X numbers,
// without the engine or the network: converting the pairs between the
// framework's values and Go (ValidateConfig, Read and ModifyPlan each do it)
// and placing them.

const benchPoolPairs = 5000

func benchPoolXs() []string {
	xs := make([]string, 5)
	for i := range xs {
		xs[i] = fmt.Sprintf("+86170000001%02d", i)
	}
	return xs
}

func benchPoolConfig() map[string]axbPoolPair {
	cfg := make(map[string]axbPoolPair, benchPoolPairs)
	for i := 0; i < benchPoolPairs; i++ {
		cfg[fmt.Sprintf("pair-%05d", i)] = cfgPair(fmt.Sprintf("+86138%08d", i), fmt.Sprintf("+86139%08d", i))
	}
	return cfg
}

// BenchmarkAXBPoolConvert is one round trip of 5,000 pairs: Go → map value → Go.
func BenchmarkAXBPoolConvert(b *testing.B) {
	ctx := context.Background()
	out := axbPoolPlan(axbPoolPlanIn{xs: benchPoolXs(), exclusive: true, config: benchPoolConfig(), planned: benchPoolConfig(), maxPerX: 5000}).pairs
	for k, p := range out {
		p.ID = p.XNumber // any known value
		out[k] = p
	}
	b.ReportAllocs()
	for b.Loop() {
		v, d := axbPoolPairsValue(ctx, out)
		if d.HasError() {
			b.Fatal(d)
		}
		if _, d := axbPoolPairs(ctx, v); d.HasError() {
			b.Fatal(d)
		}
	}
}

// BenchmarkAXBPoolPlanCreate places 5,000 new pairs on 5 X numbers.
func BenchmarkAXBPoolPlanCreate(b *testing.B) {
	in := axbPoolPlanIn{xs: benchPoolXs(), exclusive: true, config: benchPoolConfig(), planned: benchPoolConfig(), maxPerX: 5000}
	b.ReportAllocs()
	for b.Loop() {
		if out := axbPoolPlan(in); len(out.problems) != 0 {
			b.Fatal(out.problems)
		}
	}
}

// BenchmarkAXBPoolPlanRenameAll matches 5,000 bound pairs whose keys all changed.
func BenchmarkAXBPoolPlanRenameAll(b *testing.B) {
	cfg := benchPoolConfig()
	state := axbPoolPlan(axbPoolPlanIn{xs: benchPoolXs(), exclusive: true, config: cfg, planned: cfg, maxPerX: 5000}).pairs
	renamed := make(map[string]axbPoolPair, len(cfg))
	for k, p := range state {
		p.ID = p.XNumber
		state[k] = p
		renamed["new-"+k] = cfg[k]
	}
	in := axbPoolPlanIn{xs: benchPoolXs(), exclusive: true, config: renamed, planned: renamed, state: state, maxPerX: 5000}
	b.ReportAllocs()
	for b.Loop() {
		if out := axbPoolPlan(in); len(out.problems) != 0 {
			b.Fatal(out.problems)
		}
	}
}
