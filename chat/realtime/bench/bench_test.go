package bench_test

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/soukhq/souk/chat/realtime/bench"
)

// The benchmark runs end to end at a small size and every message reaches
// every member, on souk and on the peer.
func TestBenchChatSmall(t *testing.T) {
	var log bytes.Buffer
	rep, err := bench.Run(context.Background(), bench.Config{Clients: 50, GroupSize: 10, Rate: 50, Duration: time.Second}, &log)
	if err != nil {
		t.Fatalf("%v\n%s", err, log.String())
	}
	for _, r := range []bench.Result{rep.Souk, rep.Peer} {
		if r.Sent < 40 || r.Delivered != r.Expected || r.Expected != int64(r.Sent*10) {
			t.Fatalf("%s: sent %d, expected %d, delivered %d\n%s", r.Name, r.Sent, r.Expected, r.Delivered, log.String())
		}
		if r.P50 <= 0 || r.P99 < r.P50 || r.PerSecond <= 0 {
			t.Fatalf("%s: implausible figures %+v", r.Name, r)
		}
	}
	var out bytes.Buffer
	rep.Print(&out)
	if !strings.Contains(out.String(), "souk/peer: p50") {
		t.Fatalf("report without ratios:\n%s", out.String())
	}
}
