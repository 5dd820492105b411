package sandbox

import (
	"context"
	"testing"
	"time"
)

// An app declaring 16 MB held 300 MB: MaxMemory was validated in souk.json
// but never applied. Now an event holding more than its limit is stopped,
// the worker lives on, and the receipt reports the memory and the limits.
func TestEventMemoryLimit(t *testing.T) {
	p := newTestPool(t, PoolConfig{Size: 1, MemoryLimit: 512 << 20})
	hold := func(mb int) []byte {
		return []byte(`var __soukApp = { render() {
	const keep = [];
	for (let i = 0; i < ` + itoa(mb) + `; i++) keep.push("x".repeat(1 << 20) + i); // 1 MiB each
	return keep.length;
} };`)
	}
	res, err := p.Run(testCtx(t), Job{AppID: "greedy", Script: hold(300), Handler: "render",
		Limits: Limits{MaxMemory: 16 << 20, Timeout: scaled(10e9)}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	rc := res.Receipt
	if rc.Outcome != OutcomeMemoryLimit || res.Err == nil || res.Err.Name != "MemoryLimit" {
		t.Fatalf("holding 300 MiB under a 16 MiB limit: %q %+v", rc.Outcome, res.Err)
	}
	if rc.Memory < 16<<20 || rc.Memory > 128<<20 || rc.Limits.MaxMemory != 16<<20 {
		t.Fatalf("receipt memory %d MiB, limit %d MiB", rc.Memory>>20, rc.Limits.MaxMemory>>20)
	}
	t.Logf("stopped holding %d MiB (allocated %d MiB) under a 16 MiB limit", rc.Memory>>20, rc.Allocated>>20)

	// Within its limit the same code succeeds, on the same worker.
	res, err = p.Run(testCtx(t), Job{AppID: "modest", Script: hold(8), Handler: "render",
		Limits: Limits{MaxMemory: 64 << 20, Timeout: scaled(10e9)}}, nil)
	if err != nil || res.Receipt.Outcome != OutcomeOK {
		t.Fatalf("holding 8 MiB under 64: %v %+v %+v", err, res.Receipt, res.Err)
	}
	if res.Receipt.Memory < 4<<20 {
		t.Fatalf("receipt memory %d bytes for an event that held 8 MiB", res.Receipt.Memory)
	}
	if p.WorkersStarted() != 1 {
		t.Fatalf("a worker died")
	}
}

// Garbage is not held memory: an event that allocates far more than its
// limit but keeps little succeeds.
func TestEventMemoryGarbageIsNotHeld(t *testing.T) {
	p := newTestPool(t, PoolConfig{Size: 1})
	app := `var __soukApp = { render() {
	let n = 0;
	for (let i = 0; i < 40; i++) { const s = "x".repeat(1 << 20) + i; n += s.length; }
	return n;
} };`
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute) // a loaded machine under -race is slow
	defer cancel()
	res, err := p.Run(ctx, Job{Script: []byte(app), Handler: "render", Limits: Limits{MaxMemory: 16 << 20, Timeout: 30e9}}, nil)
	if err != nil || res.Receipt.Outcome != OutcomeOK {
		t.Fatalf("%v %+v %+v", err, res.Receipt, res.Err)
	}
	if res.Receipt.Allocated < 40<<20 {
		t.Fatalf("allocated %d MiB; the test means to allocate ~80 (two strings a round), 5 times its limit", res.Receipt.Allocated>>20)
	}
}
