package sandbox

import (
	"context"
	"encoding/json"
	"strings"
	"sync"
	"testing"
	"time"
)

const renderApp = `var __soukApp = { render(page, params, ctx) {
	return { type: "text", text: "hello " + params.name + " on " + page + " for " + ctx.installation };
} };`

func TestPoolRenderRoundTrip(t *testing.T) {
	p := newTestPool(t, PoolConfig{Size: 1})
	res, err := p.Run(testCtx(t), Job{AppID: "a", Version: "1.0.0", InstallationID: "i1", Script: []byte(renderApp),
		Handler: "render", Args: jsonArgs(t, "home", map[string]any{"name": "Ann"}, map[string]any{"installation": "i1"})}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.Receipt.Outcome != OutcomeOK {
		t.Fatalf("outcome %q: %+v", res.Receipt.Outcome, res.Err)
	}
	if got, want := string(res.Value), `{"type":"text","text":"hello Ann on home for i1"}`; got != want {
		t.Fatalf("value %s, want %s", got, want)
	}
	rc := res.Receipt
	if rc.AppID != "a" || rc.InstallationID != "i1" || rc.Handler != "render" || rc.WorkerPID == 0 || rc.Wall <= 0 || !rc.Compiled || rc.BytesOut == 0 {
		t.Fatalf("receipt %+v", rc)
	}
}

func TestPoolAsyncHandlerAndHostCalls(t *testing.T) {
	p := newTestPool(t, PoolConfig{Size: 1})
	app := `var __soukApp = { default: {
		async render(page) {
			console.log("rendering", page, {n: 1});
			const [a, b] = await Promise.all([souk.call("echo", {x: 1}), souk.call("echo", [2])]);
			let denied;
			try { await souk.call("nope", {}); } catch (e) { denied = e.code + "/" + e.message; }
			await new Promise(r => setTimeout(r, 5));
			return { a, b, denied };
		}
	} };`
	var mu sync.Mutex
	var names []string
	host := HostFunc(func(ctx context.Context, name string, args json.RawMessage) (json.RawMessage, error) {
		mu.Lock()
		names = append(names, name)
		mu.Unlock()
		if name == "echo" {
			return args, nil
		}
		return nil, &HostError{Code: "permission_denied", Message: "not granted"}
	})
	res, err := p.Run(testCtx(t), Job{Script: []byte(app), Handler: "render", Args: jsonArgs(t, "home")}, host)
	if err != nil {
		t.Fatal(err)
	}
	if res.Receipt.Outcome != OutcomeOK {
		t.Fatalf("outcome %q: %+v", res.Receipt.Outcome, res.Err)
	}
	if got, want := string(res.Value), `{"a":{"x":1},"b":[2],"denied":"permission_denied/not granted"}`; got != want {
		t.Fatalf("value %s, want %s", got, want)
	}
	if res.Receipt.HostCalls != 3 || len(names) != 3 {
		t.Fatalf("host calls %d (%v)", res.Receipt.HostCalls, names)
	}
	if len(res.Logs) != 1 || res.Logs[0].Message != `rendering home {"n":1}` || res.Logs[0].Level != "log" {
		t.Fatalf("logs %+v", res.Logs)
	}
}

func TestPoolCompileOncePerWorker(t *testing.T) {
	p := newTestPool(t, PoolConfig{Size: 2})
	compiles := 0
	for i := 0; i < 12; i++ {
		res, err := p.Run(testCtx(t), Job{BundleHash: "h1", Script: []byte(renderApp), Handler: "render",
			Args: jsonArgs(t, "p", map[string]any{"name": "x"}, map[string]any{})}, nil)
		if err != nil || res.Receipt.Outcome != OutcomeOK {
			t.Fatalf("run %d: %v %+v", i, err, res.Err)
		}
		if res.Receipt.Compiled {
			compiles++
		}
	}
	if compiles < 1 || compiles > 2 {
		t.Fatalf("compiled %d times over 12 events on 2 workers; want once per worker", compiles)
	}
}

func TestPoolFreshRuntimePerEvent(t *testing.T) {
	p := newTestPool(t, PoolConfig{Size: 1})
	app := `var seen = globalThis.counter; globalThis.counter = 1; Object.prototype.polluted = true;
	var __soukApp = { render() { return { seen: seen === undefined ? "fresh" : "leaked" }; } };`
	for i := 0; i < 3; i++ {
		res, _ := p.Run(testCtx(t), Job{Script: []byte(app), Handler: "render"}, nil)
		if string(res.Value) != `{"seen":"fresh"}` {
			t.Fatalf("run %d: %s %+v", i, res.Value, res.Err)
		}
	}
}

func TestPoolReplacesKilledWorker(t *testing.T) {
	p := newTestPool(t, PoolConfig{Size: 1})
	hang := `var __soukApp = { render() { /^(a+)+(?=!)$/.test("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"); return 1; } };`
	start := time.Now()
	res, err := p.Run(testCtx(t), Job{AppID: "bad", Script: []byte(hang), Handler: "render", Limits: Limits{Timeout: 200 * time.Millisecond}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.Receipt.Outcome != OutcomeKilled || !strings.Contains(res.Receipt.Reason, "killed") {
		t.Fatalf("receipt %+v", res.Receipt)
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Fatalf("kill took %v", d)
	}
	res, err = p.Run(testCtx(t), Job{Script: []byte(renderApp), Handler: "render", Args: jsonArgs(t, "p", map[string]any{}, map[string]any{})}, nil)
	if err != nil || res.Receipt.Outcome != OutcomeOK {
		t.Fatalf("after kill: %v %+v", err, res)
	}
	if p.WorkersStarted() != 2 {
		t.Fatalf("workers started %d, want 2", p.WorkersStarted())
	}
}

func TestPoolCancelByContext(t *testing.T) {
	p := newTestPool(t, PoolConfig{Size: 1})
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	start := time.Now()
	res, err := p.Run(ctx, Job{Script: []byte(`var __soukApp = { render() { for (;;) {} } };`), Handler: "render", Limits: Limits{Timeout: 10 * time.Second}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.Receipt.Outcome != OutcomeCanceled {
		t.Fatalf("%+v", res.Receipt)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Fatalf("cancel took %v", d)
	}
	// The worker survived a clean cancel.
	if p.WorkersStarted() != 1 {
		t.Fatalf("workers started %d", p.WorkersStarted())
	}
}

func TestPoolClose(t *testing.T) {
	p := newTestPool(t, PoolConfig{Size: 1})
	if err := p.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := p.Run(context.Background(), Job{Script: []byte(renderApp), Handler: "render"}, nil); err != ErrPoolClosed {
		t.Fatalf("after Close: %v", err)
	}
}

// A HostCaller that ignores ctx cannot hold the pool past deadline + grace.
func TestPoolDoesNotWaitForeverOnHostCalls(t *testing.T) {
	p := newTestPool(t, PoolConfig{Size: 1, KillGrace: 200 * time.Millisecond})
	release := make(chan struct{})
	defer close(release)
	host := HostFunc(func(ctx context.Context, name string, args json.RawMessage) (json.RawMessage, error) {
		<-release // ignores ctx
		return json.RawMessage("1"), nil
	})
	start := time.Now()
	res, err := p.Run(testCtx(t), Job{Script: []byte(`var __soukApp = { async render() { return await souk.call("slow"); } };`),
		Handler: "render", Limits: Limits{Timeout: 200 * time.Millisecond}}, host)
	if err != nil || res.Receipt.Outcome != OutcomeTimeout {
		t.Fatalf("%v %+v", err, res.Receipt)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Fatalf("Run took %v", d)
	}
}

func TestPoolRejectsBadJobs(t *testing.T) {
	p := newTestPool(t, PoolConfig{Size: 1})
	if _, err := p.Run(testCtx(t), Job{Script: []byte(renderApp), Handler: "render", Args: []json.RawMessage{[]byte("{nope")}}, nil); err == nil {
		t.Fatal("invalid JSON argument accepted")
	}
	huge := json.RawMessage(`"` + strings.Repeat("x", maxArgsBytes) + `"`)
	if _, err := p.Run(testCtx(t), Job{Script: []byte(renderApp), Handler: "render", Args: []json.RawMessage{huge}}, nil); err == nil {
		t.Fatal("oversized arguments accepted")
	}
	res, err := p.Run(testCtx(t), Job{Script: make([]byte, maxScriptBytes+1), Handler: "render"}, nil)
	if err != nil || res.Receipt.Outcome != OutcomeError || res.Err.Name != "BundleTooLarge" {
		t.Fatalf("%v %+v", err, res.Receipt)
	}
}
