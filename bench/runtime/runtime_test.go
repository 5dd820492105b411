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
	if r.WarmEvents == 0 || r.Throughput <= 0 || r.ColdP50 <= 0 || r.ResultBytes < 1000 || r.FloorP50 <= 0 || r.FloorSkipped != "" {
		t.Fatalf("report %+v", r)
	}
	var out bytes.Buffer
	r.Print(&out)
	if !strings.Contains(out.String(), "warm event p50") || !strings.Contains(out.String(), "engine floor") {
		t.Fatal(out.String())
	}
	if r.NodeSkipped == "" && (r.NodeThroughput <= 0 || !strings.Contains(out.String(), "events/s souk / node (fresh context)")) {
		t.Fatalf("node peer ran but reported nothing: %+v", r)
	}
	t.Log(out.String())
}

// The engine floor runs each benchmark app's handler in a bare goja runtime
// and must produce the very view the sandbox does, or it would time
// different work; a view that differs is reported, not timed.
func TestEngineFloorMatchesTheSandbox(t *testing.T) {
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	pool, err := sandbox.NewPool(sandbox.PoolConfig{Size: 1, Command: []string{exe}})
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	for app, script := range Apps {
		t.Run(app, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			res, err := pool.Run(ctx, Job(app), nil)
			if err != nil || res.Receipt.Outcome != sandbox.OutcomeOK {
				t.Fatalf("%v %+v", err, res.Err)
			}
			fl, err := engineFloor(script, res.Value, 20*time.Millisecond)
			if err != nil {
				t.Fatal(err)
			}
			if fl.p50 <= 0 || fl.p99 < fl.p50 || fl.cpuPerEvent <= 0 {
				t.Fatalf("floor %+v", fl)
			}
			other := bytes.Replace(res.Value, []byte(`"type"`), []byte(`"kind"`), 1)
			if _, err := engineFloor(script, other, time.Millisecond); err == nil || !strings.Contains(err.Error(), "differs") {
				t.Fatalf("a different view was not reported: %v", err)
			}
		})
	}
}
