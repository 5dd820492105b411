package sandbox

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"os"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// craftedSourceMaps are app.js.map files edited after souk build: each made
// the source-map library panic on the event's first error, and the panic
// escaped Pool.Run before the worker was released, so two such events left
// a 2-worker pool with none.
func craftedSourceMaps(t *testing.T) map[string][]byte {
	t.Helper()
	real, err := os.ReadFile("testdata/sourcemap/bundle.js.map")
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(real, &m); err != nil {
		t.Fatal(err)
	}
	edit := func(f func(m map[string]any)) []byte {
		c := map[string]any{}
		for k, v := range m {
			c[k] = v
		}
		f(c)
		b, err := json.Marshal(c)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	return map[string][]byte{
		"empty sources":          edit(func(m map[string]any) { m["sources"] = []string{} }),
		"null section":           []byte(`{"version":3,"sections":[null]}`),
		"section with null map":  []byte(`{"version":3,"sections":[{"offset":{"line":0,"column":0},"map":null}]}`),
		"source index past end":  edit(func(m map[string]any) { m["mappings"] = ";;;;;;;;;;;;;;;;;;;;;;;;;;;AAAA,EgBAA,EAAA" }),
		"names empty, name used": edit(func(m map[string]any) { m["names"] = []string{} }),
	}
}

func TestPoolSurvivesCraftedSourceMaps(t *testing.T) {
	script, err := os.ReadFile("testdata/sourcemap/bundle.js")
	if err != nil {
		t.Fatal(err)
	}
	var logs syncBuffer
	p := newTestPool(t, PoolConfig{Size: 2, Log: slog.New(slog.NewTextHandler(&logs, nil))})
	for name, sm := range craftedSourceMaps(t) {
		t.Run(name, func(t *testing.T) {
			// More events than workers: a lost worker would hang the third.
			for i := 0; i < 4; i++ {
				ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
				res, err := p.Run(ctx, Job{AppID: "maps", Version: "1.0.0", BundleHash: "maps-" + name, Script: script, SourceMap: sm,
					Handler: "render", Args: jsonArgs(t, "boom", map[string]any{}, map[string]any{"installation": "i1"})}, nil)
				cancel()
				if err != nil {
					t.Fatalf("event %d: %v (the pool lost its workers)", i, err)
				}
				if res.Receipt.Outcome != OutcomeError || res.Err == nil || res.Receipt.Reason == "" {
					t.Fatalf("event %d: receipt %+v err %+v", i, res.Receipt, res.Err)
				}
			}
			if err := p.Ready(); err != nil {
				t.Fatalf("pool not ready: %v", err)
			}
		})
	}
	res, err := p.Run(testCtx(t), Job{Script: []byte(renderApp), Handler: "render", Args: jsonArgs(t, "p", map[string]any{}, map[string]any{})}, nil)
	if err != nil || res.Receipt.Outcome != OutcomeOK {
		t.Fatalf("a good app after the crafted maps: %v %+v", err, res.Receipt)
	}
}

// Whatever panics on the host's side of an event — here the HostCaller, on
// its own goroutine, and the mapping of the result — the event ends with an
// error receipt and a log line, and the worker is given back or replaced.
func TestPoolPanicBecomesErrorReceipt(t *testing.T) {
	var logs syncBuffer
	p := newTestPool(t, PoolConfig{Size: 1, Log: slog.New(slog.NewTextHandler(&logs, nil))})
	host := HostFunc(func(ctx context.Context, name string, args json.RawMessage) (json.RawMessage, error) {
		panic("host API bug")
	})
	app := `var __soukApp = { async render() { try { await souk.call("x", {}); } catch (e) { return e.code; } } };`
	for i := 0; i < 3; i++ {
		res, err := p.Run(testCtx(t), Job{Script: []byte(app), Handler: "render"}, host)
		if err != nil || res.Receipt.Outcome != OutcomeOK || string(res.Value) != `"host_error"` {
			t.Fatalf("run %d: %v %+v %s", i, err, res.Receipt, res.Value)
		}
	}
	if !strings.Contains(logs.String(), "host API bug") {
		t.Fatalf("the panic was not logged: %q", logs.String())
	}

	// A panic on the Run goroutine while the worker is held.
	testHookHolding = func(job *Job) {
		if job.Handler == "render" && job.AppID == "panics" {
			panic("injected host-side panic")
		}
	}
	t.Cleanup(func() { testHookHolding = nil })
	res, err := p.Run(testCtx(t), Job{AppID: "panics", Script: []byte(renderApp), Handler: "render",
		Args: jsonArgs(t, "p", map[string]any{}, map[string]any{})}, nil)
	if err != nil || res.Receipt.Outcome != OutcomeError || res.Err == nil || res.Err.Name != "InternalError" {
		t.Fatalf("%v %+v %+v", err, res.Receipt, res.Err)
	}
	if !strings.Contains(logs.String(), "injected host-side panic") {
		t.Fatalf("the panic was not logged: %q", logs.String())
	}
	waitFullStrength(t, p) // the held worker was killed (its state unknown) and is replaced
	res, err = p.Run(testCtx(t), Job{Script: []byte(renderApp), Handler: "render", Args: jsonArgs(t, "p", map[string]any{}, map[string]any{})}, nil)
	if err != nil || res.Receipt.Outcome != OutcomeOK {
		t.Fatalf("after the panic: %v %+v", err, res.Receipt)
	}
}

func TestPoolReadyFailsWithoutWorkers(t *testing.T) {
	p := newTestPool(t, PoolConfig{Size: 2})
	if err := p.Ready(); err != nil {
		t.Fatalf("fresh pool: %v", err)
	}
	// Replacements cannot start, and every worker dies.
	p.cfg.Command = []string{"/nonexistent/souk-worker"}
	p.mu.Lock()
	for w := range p.procs {
		_ = syscall.Kill(w.pid, syscall.SIGKILL)
	}
	p.mu.Unlock()
	for deadline := time.Now().Add(10 * time.Second); p.Ready() == nil; {
		if time.Now().After(deadline) {
			t.Fatal("Ready still ok with every worker dead")
		}
		time.Sleep(5 * time.Millisecond)
	}
	if err := p.Ping(context.Background()); err == nil || !strings.Contains(err.Error(), "no live worker") {
		t.Fatalf("Ping: %v", err)
	}
	p.Close()
	if err := p.Ready(); err != ErrPoolClosed {
		t.Fatalf("closed pool: %v", err)
	}
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
