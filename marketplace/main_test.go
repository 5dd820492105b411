package marketplace_test

import (
	"os"
	"sync"
	"testing"
	"time"

	"github.com/soukhq/souk/runtime"
	"github.com/soukhq/souk/sandbox"
)

// TestMain lets the test binary double as a sandbox worker (as in package
// runtime), so RunEvent runs in real worker processes.
func TestMain(m *testing.M) {
	if os.Getenv(sandbox.EnvWorker) == "1" {
		sandbox.WorkerMain()
	}
	code := m.Run()
	if sharedPool != nil {
		sharedPool.Close()
	}
	os.Exit(code)
}

var (
	poolOnce   sync.Once
	sharedPool *sandbox.Pool
	poolErr    error
)

// engine is a runtime engine over f's database and blob store, on one
// shared single-worker pool.
func (f *fixture) engine(t *testing.T) *runtime.Engine {
	t.Helper()
	poolOnce.Do(func() {
		exe, err := os.Executable()
		if err != nil {
			poolErr = err
			return
		}
		sharedPool, poolErr = sandbox.NewPool(sandbox.PoolConfig{Size: 1, Command: []string{exe}, MemoryLimit: 256 << 20, KillGrace: 300 * time.Millisecond})
	})
	if poolErr != nil {
		t.Fatal(poolErr)
	}
	return runtime.NewEngine(runtime.EngineConfig{DB: f.db, Blobs: f.blobs, Pool: sharedPool})
}
