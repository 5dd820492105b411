package livebench_test

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	bench "github.com/soukhq/souk/bench/live"
)

// The benchmark runs end to end at a small size: every message reaches
// every viewer, likes arrive as a few aggregated updates, and the flash
// sale sells exactly the stock.
func TestBenchLiveSmall(t *testing.T) {
	var log bytes.Buffer
	cfg := bench.Config{Viewers: 40, MsgRate: 10, LikeRate: 100, LikeEvery: 200 * time.Millisecond, Duration: time.Second,
		Limit: time.Minute, Buys: 60, Stock: 20}
	rep, err := bench.Run(context.Background(), cfg, &log)
	if err != nil {
		t.Fatalf("%v\n%s", err, log.String())
	}
	if rep.Sent < 8 || rep.Delivered != rep.Expected || rep.Expected != int64(rep.Sent*40) {
		t.Fatalf("sent %d, expected %d, delivered %d\n%s", rep.Sent, rep.Expected, rep.Delivered, log.String())
	}
	if rep.Likes < 80 || rep.LikesCounted != rep.Likes {
		t.Fatalf("likes sent %d, counted %d", rep.Likes, rep.LikesCounted)
	}
	// About one like-count frame per flush per viewer, not one per like.
	if rep.StatsPerViewer < 1 || rep.StatsPerViewer > 20 {
		t.Fatalf("%.1f like frames per viewer for %d likes", rep.StatsPerViewer, rep.Likes)
	}
	if rep.Sold != 20 || rep.Refused != 40 || rep.Reserved != 20 || rep.OnHand != 20 {
		t.Fatalf("flash sale: %+v", rep)
	}
	var out bytes.Buffer
	rep.Print(&out)
	if !strings.Contains(out.String(), "buys sold") || strings.Contains(out.String(), "MISSED") {
		t.Fatalf("report:\n%s", out.String())
	}
}
