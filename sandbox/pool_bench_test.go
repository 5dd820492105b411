package sandbox

import (
	"encoding/json"
	"fmt"
	"os"
	"testing"
	"time"
)

// benchApp is a small storefront render (the full one is in bench/runtime/app.js).
const benchApp = `var __soukApp = { default: { async render(page, params, ctx) {
	const items = params.products.map(p => ({ type: "product_card", id: p.id, title: p.title, price: (p.price / 100).toFixed(2) }));
	return { type: "page", title: ctx.brand + " — " + page, children: [{ type: "list", items }] };
} } };`

func benchArgs(b testing.TB) []json.RawMessage {
	products := make([]map[string]any, 20)
	for i := range products {
		products[i] = map[string]any{"id": i, "title": "Product", "price": 1000 + i}
	}
	return jsonArgs(b, "catalog", map[string]any{"products": products}, map[string]any{"brand": "Leaf"})
}

// BenchmarkWarmEvent: one caller, sequential warm events through a worker.
func BenchmarkWarmEvent(b *testing.B) {
	p := newTestPool(b, PoolConfig{Size: 1})
	job := Job{BundleHash: "bench", Script: []byte(benchApp), Handler: "render", Args: benchArgs(b)}
	ctx := testCtx(b)
	for b.Loop() {
		res, err := p.Run(ctx, job, nil)
		if err != nil || res.Receipt.Outcome != OutcomeOK {
			b.Fatalf("%v %+v", err, res.Err)
		}
	}
}

// BenchmarkWarmEventParallel: events/s through a pool of 2 workers.
func BenchmarkWarmEventParallel(b *testing.B) {
	p := newTestPool(b, PoolConfig{Size: 2, Env: []string{"SOUK_SANDBOX_PROCS=" + os.Getenv("BENCH_PROCS")}})
	job := Job{BundleHash: "bench", Script: []byte(benchApp), Handler: "render", Args: benchArgs(b)}
	ctx := testCtx(b)
	b.SetParallelism(2)
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			res, err := p.Run(ctx, job, nil)
			if err != nil || res.Receipt.Outcome != OutcomeOK {
				b.Errorf("%v %+v", err, res.Err)
				return
			}
		}
	})
}

// BenchmarkWorkerEventInProcess: the worker's share of an event (fresh
// runtime, setup, bundle, handler, JSON), without the pipe.
func BenchmarkWorkerEventInProcess(b *testing.B) {
	iw := newInProcWorker(b)
	args := benchArgs(b)
	lim := Limits{}.Normalize().wire()
	var id uint64
	for b.Loop() {
		id++
		f := iw.serve(b, &runMsg{Event: id, Hash: "bench", Script: benchApp, Handler: "render", Args: args, Limits: lim})
		if f.kind != kindDone {
			b.Fatal(string(f.payload))
		}
	}
}

// BenchmarkWorkerWarmEventInProcess: the worker's share of an event in a
// warm runtime (the handler, JSON, the per-event bookkeeping) for the
// benchmark app of `souk bench runtime` (bench/runtime/app.js, or BENCH_APP).
func BenchmarkWorkerWarmEventInProcess(b *testing.B) {
	file := os.Getenv("BENCH_APP")
	if file == "" {
		file = "../bench/runtime/app.js"
	}
	script, err := os.ReadFile(file)
	if err != nil {
		b.Fatal(err)
	}
	iw := newInProcWorker(b)
	products := make([]map[string]any, 20)
	for i := range products {
		products[i] = map[string]any{"id": fmt.Sprintf("p%02d", i), "title": fmt.Sprintf("Product %d", i), "price": 1000 + (i*7919)%5000,
			"stock": i % 7, "image": fmt.Sprintf("https://cdn.example/p%02d.jpg", i), "tags": []string{"tea", []string{"green", "black", "oolong"}[i%3]}}
	}
	args := jsonArgs(b, "catalog", map[string]any{"products": products},
		map[string]any{"installation": "inst-1", "brand": "Leaf & Co", "shopper": "s-42", "currency": "EUR"})
	lim := Limits{Timeout: 5 * time.Second}.Normalize().wire()
	warm := DefaultWarmPolicy.wire()
	warm.MaxEvents = 1 << 30
	var id uint64
	for b.Loop() {
		id++
		run := &runMsg{Event: id, Hash: "bench", Handler: "render", Args: args, Limits: lim, Inst: "inst-1", Warm: warm}
		if id == 1 {
			run.Script = string(script)
		}
		f := iw.serve(b, run)
		if f.kind != kindDone {
			b.Fatal(string(f.payload))
		}
	}
}
