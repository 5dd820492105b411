package sandbox

import (
	"context"
	"encoding/json"
	"os"
	"testing"
	"time"
)

// TestMain lets the test binary double as the worker: the pool re-executes
// it with EnvWorker set, so `go test ./sandbox/` needs no souk binary.
func TestMain(m *testing.M) {
	if os.Getenv(EnvWorker) == "1" {
		WorkerMain()
	}
	os.Exit(m.Run())
}

// newTestPool starts a pool of the test binary's workers with short,
// test-sized timings and closes it when the test ends.
func newTestPool(t testing.TB, cfg PoolConfig) *Pool {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Size == 0 {
		cfg.Size = 2
	}
	cfg.Command = []string{exe}
	if cfg.KillGrace == 0 {
		cfg.KillGrace = scaled(300 * time.Millisecond)
	}
	if cfg.MemoryLimit == 0 {
		cfg.MemoryLimit = 256 << 20
	}
	p, err := NewPool(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.Close() })
	return p
}

// scaled stretches test deadlines under the race detector, which makes
// goja several times slower.
func scaled(d time.Duration) time.Duration {
	if raceEnabled {
		return 3 * d
	}
	return d
}

// jsonArgs encodes each value as one handler argument.
func jsonArgs(t testing.TB, vs ...any) []json.RawMessage {
	t.Helper()
	out := make([]json.RawMessage, len(vs))
	for i, v := range vs {
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		out[i] = b
	}
	return out
}

func testCtx(t testing.TB) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	t.Cleanup(cancel)
	return ctx
}
