package emulator

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

// benchEnv is an emulator behind a real loopback HTTP server, with an
// AXB application that has enough X numbers for b.N binds.
func benchEnv(b *testing.B) (*httptest.Server, *http.Client) {
	cfg := DefaultConfig()
	var xs []string
	for i := 0; i < 200; i++ {
		xs = append(xs, fmt.Sprintf("+861650000%04d", i))
	}
	cfg.Applications[1].Numbers["020"] = xs
	e, err := New(cfg)
	if err != nil {
		b.Fatal(err)
	}
	srv := httptest.NewServer(e)
	b.Cleanup(srv.Close)
	tr := &http.Transport{MaxIdleConnsPerHost: 64, MaxConnsPerHost: 64}
	b.Cleanup(tr.CloseIdleConnections)
	return srv, &http.Client{Transport: tr}
}

func benchDo(b *testing.B, c *http.Client, method, url string, body []byte) map[string]any {
	key, secret := appOf("AXB")
	req, _ := http.NewRequest(method, url, bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json;charset=UTF-8")
	req.Header.Set("X-AKSK", sign(key, secret, time.Now(), newNonce()))
	res, err := c.Do(req)
	if err != nil {
		b.Fatal(err)
	}
	defer res.Body.Close()
	data, _ := io.ReadAll(res.Body)
	var m map[string]any
	if err := json.Unmarshal(data, &m); err != nil || m["resultcode"] != "0" {
		b.Fatalf("answer %d %s", res.StatusCode, data)
	}
	return m
}

// cpuTime is the CPU time (user + system) the test process used so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// reportRate reports the measured requests per second, and the CPU time per
// request (client and server together): on a shared, loaded machine the
// wall-clock rate understates what the emulator does with two free cores,
// which is about 2 s / cpu-per-request.
func reportRate(b *testing.B, cpu0 time.Duration) {
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "req/s")
	perReq := float64(cpuTime()-cpu0) / float64(b.N)
	b.ReportMetric(perReq/1e3, "cpu-µs/req")
	b.ReportMetric(2e9/perReq, "req/s@2cpu")
}

func BenchmarkBind(b *testing.B) {
	srv, c := benchEnv(b)
	var n atomic.Int64
	b.SetParallelism(8)
	cpu0 := cpuTime()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			i := n.Add(1)
			body, _ := json.Marshal(map[string]any{"areaCode": "020", "callerNum": fmt.Sprintf("+86130%08d", i),
				"calleeNum": fmt.Sprintf("+86131%08d", i), "duration": 0, "callDirection": 0, "recordFlag": "false", "privateSms": "true"})
			benchDo(b, c, "POST", srv.URL+pathAXB, body)
		}
	})
	reportRate(b, cpu0)
}

func BenchmarkQuery(b *testing.B) {
	srv, c := benchEnv(b)
	body, _ := json.Marshal(map[string]any{"relationNum": "+8617000000101", "callerNum": nA, "calleeNum": nB})
	sub := str(benchDo(b, c, "POST", srv.URL+pathAXB, body)["subscriptionId"])
	url := srv.URL + pathAXB + "?subscriptionId=" + sub
	b.SetParallelism(8)
	cpu0 := cpuTime()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			benchDo(b, c, "GET", url, nil)
		}
	})
	reportRate(b, cpu0)
}
