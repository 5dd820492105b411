package runtimebench

import (
	"bytes"
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/soukhq/souk/sandbox"
)

func TestMain(m *testing.M) {
	if os.Getenv(sandbox.EnvWorker) == "1" {
		sandbox.WorkerMain()
	}
	os.Exit(m.Run())
}

// A short run of every phase, the node peer included when node exists.
func TestRunShort(t *testing.T) {
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	var log bytes.Buffer
	r, err := Run(ctx, Config{Workers: 1, Callers: 2, Phase: 200 * time.Millisecond, ColdBundles: 1, Rounds: 1, Command: []string{exe}}, &log)
	if err != nil {
		t.Fatalf("%v\n%s", err, log.String())
	}
	if r.WarmEvents == 0 || r.Throughput <= 0 || r.ColdP50 <= 0 || r.ResultBytes < 1000 {
		t.Fatalf("report %+v", r)
	}
	var out bytes.Buffer
	r.Print(&out)
	if !strings.Contains(out.String(), "warm event p50") {
		t.Fatal(out.String())
	}
	if r.NodeSkipped == "" && (r.NodeThroughput <= 0 || !strings.Contains(out.String(), "events/s souk / node (fresh context)")) {
		t.Fatalf("node peer ran but reported nothing: %+v", r)
	}
	t.Log(out.String())
}
