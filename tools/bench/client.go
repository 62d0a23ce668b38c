package main

import (
	"context"
	"fmt"
	"path/filepath"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/privnum/terraform-provider-privatenumber/internal/client"
)

// clientCells are the quota cells without the engine: the provider's Go
// client with its defaults (adaptive limiting), par workers, against an
// emulator with the quota (a new client for each phase). "bind" sends the N binds of an apply, "get" the
// N reads by subscription ID of a refresh (a no-change plan).
func (o options) clientCells(n, par int) ([]quotaRow, error) {
	dir := filepath.Join(o.work, "runs", fmt.Sprintf("client-quota%g-n%d-p%d", o.quota, n, par))
	e, err := o.startEmulator(dir, n, pairsPerX, 0, o.quota)
	if err != nil {
		return nil, err
	}
	defer e.stop()
	// A client per phase, as the engine starts a provider per command:
	// each phase starts without a limit and finds the quota.
	var c *client.Client
	ids := make([]string, n)
	bind := func(ctx context.Context, i int) error {
		res, err := c.BindAXB(ctx, client.AXBBindRequest{XNumber: xNumber(i / pairsPerX),
			ANumber: fmt.Sprintf("+86138%08d", i), BNumber: fmt.Sprintf("+86139%08d", i)})
		if err == nil {
			ids[i] = res.SubscriptionID
		}
		return err
	}
	get := func(ctx context.Context, i int) error {
		_, err := c.GetAXB(ctx, ids[i])
		return err
	}
	var rows []quotaRow
	for _, ph := range []struct {
		name string
		op   func(context.Context, int) error
	}{{"bind", bind}, {"get", get}} {
		if c, err = client.New(client.Config{Endpoint: e.base, AppKey: appKey, AppSecret: appSecret}); err != nil {
			return nil, err
		}
		r, err := o.clientPhase(e, ph.name, n, par, ph.op)
		rows = append(rows, r)
		if err != nil {
			return rows, err
		}
	}
	return rows, nil
}

// clientPhase runs op for 0..n-1 on par workers and measures it.
func (o options) clientPhase(e *emu, phase string, n, par int, op func(context.Context, int) error) (quotaRow, error) {
	r := quotaRow{Driver: "client", N: n, Parallelism: par, Phase: phase, Quota: o.quota, Load1: load1()}
	before, err := e.fullStats()
	if err != nil {
		return r, err
	}
	cpu0, start := selfCPU(), time.Now()
	var next, failed atomic.Int64
	var firstErr error
	var once sync.Once
	var wg sync.WaitGroup
	for range par {
		wg.Go(func() {
			for i := int(next.Add(1) - 1); i < n; i = int(next.Add(1) - 1) {
				if err := op(context.Background(), i); err != nil {
					failed.Add(1)
					once.Do(func() { firstErr = err })
				}
			}
		})
	}
	wg.Wait()
	r.Seconds = time.Since(start).Seconds()
	r.ProvCPU = selfCPU() - cpu0
	r.TotalCPU = r.ProvCPU
	after, err := e.fullStats()
	if err != nil {
		return r, err
	}
	r.countAnswers(before, after)
	r.Failed = failed.Load() > 0
	fmt.Printf("  client quota=%g N=%-5d %-5s parallelism=%-3d %7.2fs (N/Q %.1fs) requests=%d refused=%d failed=%d load=%.1f\n",
		o.quota, n, phase, par, r.Seconds, float64(n)/o.quota, r.Requests, r.Refused, failed.Load(), r.Load1)
	if r.Failed {
		return r, fmt.Errorf("client %s: %d operations failed, the first: %w", phase, failed.Load(), firstErr)
	}
	return r, nil
}

// selfCPU is this process's CPU time so far, in seconds.
func selfCPU() float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()).Seconds()
}
