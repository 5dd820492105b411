package chatbench_test

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	bench "github.com/soukhq/souk/bench/chat"
)

// The benchmark runs end to end at a small size: at each rate of the sweep
// every message reaches every member, on souk and on the peer, and the
// report names the highest rate each held.
func TestBenchChatSmall(t *testing.T) {
	var log bytes.Buffer
	cfg := bench.Config{Clients: 50, GroupSize: 10, Rates: []int{20, 50}, Duration: time.Second, Limit: time.Minute}
	rep, err := bench.Run(context.Background(), cfg, &log)
	if err != nil {
		t.Fatalf("%v\n%s", err, log.String())
	}
	for _, rs := range [][]bench.Result{rep.Souk, rep.Peer} {
		if len(rs) != 2 {
			t.Fatalf("%d rates measured, want 2\n%s", len(rs), log.String())
		}
		for i, r := range rs {
			if r.Rate != cfg.Rates[i] || r.Sent < cfg.Rates[i]*8/10 || r.Delivered != r.Expected || r.Expected != int64(r.Sent*10) {
				t.Fatalf("%s at %d: sent %d, expected %d, delivered %d\n%s", r.Name, r.Rate, r.Sent, r.Expected, r.Delivered, log.String())
			}
			if r.P50 <= 0 || r.P99 < r.P50 || r.PerSecond <= 0 {
				t.Fatalf("%s: implausible figures %+v", r.Name, r)
			}
		}
	}
	if rep.Souk[1].MeanBatch < 1 {
		t.Fatalf("souk reported no send batches: %+v", rep.Souk[1])
	}
	var out bytes.Buffer
	rep.Print(&out)
	if !strings.Contains(out.String(), "highest rate held: souk >= 50 msg/s, peer >= 50 msg/s") {
		t.Fatalf("report without saturation figures:\n%s", out.String())
	}
}

// The saturation figure is the highest rate held.
func TestSaturation(t *testing.T) {
	limit := 100 * time.Millisecond
	ok := func(rate int) bench.Result {
		return bench.Result{Rate: rate, Sent: 1, Expected: 10, Delivered: 10, P99: limit}
	}
	slow, lost := ok(400), ok(400)
	slow.P99 = limit + 1
	lost.Delivered = 9
	rates := []int{100, 200, 400, 800}
	for _, c := range []struct {
		rs   []bench.Result
		rate int
		all  bool
	}{
		{nil, 0, false},
		{[]bench.Result{ok(100), ok(200), slow}, 200, false},
		{[]bench.Result{ok(100), ok(200), lost, slow}, 200, false},
		{[]bench.Result{slow, ok(200), lost, slow}, 200, false},
		{[]bench.Result{ok(100), ok(200), ok(400), ok(800)}, 800, true},
	} {
		if rate, all := bench.Saturation(c.rs, limit, rates); rate != c.rate || all != c.all {
			t.Fatalf("Saturation(%v) = %d, %v; want %d, %v", c.rs, rate, all, c.rate, c.all)
		}
	}
}
