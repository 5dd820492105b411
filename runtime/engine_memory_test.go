package runtime

import (
	"bytes"
	"context"
	"os"
	"testing"
	"time"

	"github.com/soukhq/souk/blob"
	"github.com/soukhq/souk/sandbox"
	"github.com/soukhq/souk/store"
	"github.com/soukhq/souk/store/storetest"
)

// souk.json's memoryMB was validated but never applied: an app declaring
// 16 MB held 300 MB. Now the event is stopped at its limit, and the receipt
// (as stored and read back) records the memory and the limits in force.
func TestEngineEnforcesMemoryMB(t *testing.T) {
	greedy := buildDir(t, `{"name":"greedy","version":"1.0.0","entry":"index.js","permissions":[],"limits":{"memoryMB":16,"timeoutMs":5000}}`, `
export default {
  render() {
    const keep = [];
    for (let i = 0; i < 300; i++) keep.push("x".repeat(1 << 20) + i);
    return { type: "text", text: String(keep.length) };
  },
};`)
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	pool, err := sandbox.NewPool(sandbox.PoolConfig{Size: 1, Command: []string{exe}, MemoryLimit: 512 << 20, KillGrace: 300 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		blobs, err := blob.OpenLocal(blob.Config{Dir: t.TempDir()})
		if err != nil {
			t.Fatal(err)
		}
		defer blobs.Close()
		info, err := blobs.PutContent(ctx, "bundles", bytes.NewReader(greedy), "application/zip")
		if err != nil {
			t.Fatal(err)
		}
		e := NewEngine(EngineConfig{DB: db, Blobs: blobs, Pool: pool})
		res, err := e.Run(ctx, Event{AppID: "app_greedy", Version: "1.0.0", InstallationID: "inst1", BundleKey: info.Key, BundleHash: info.SHA256,
			Handler: "render", Args: args("home", map[string]any{}), Ctx: EventContext{BrandID: "b", Locale: "en"}})
		if err != nil {
			t.Fatal(err)
		}
		r := res.Receipt
		if r.Outcome != sandbox.OutcomeMemoryLimit {
			t.Fatalf("outcome %q (%s); an app declaring 16 MB must not hold 300 MB", r.Outcome, r.Reason)
		}
		want := ReceiptLimits{TimeoutMs: 5000, MemoryMB: 16, HostCalls: DefaultAppLimits.HostCalls, LogBytes: DefaultAppLimits.LogBytes, ViewBytes: DefaultAppLimits.ViewBytes}
		if r.Limits == nil || *r.Limits != want || r.MemoryBytes < 16<<20 || r.AllocBytes < r.MemoryBytes {
			t.Fatalf("receipt limits %+v memory %d alloc %d", r.Limits, r.MemoryBytes, r.AllocBytes)
		}
		got, err := e.Receipt(ctx, "app_greedy", r.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Limits == nil || *got.Limits != want || got.MemoryBytes != r.MemoryBytes || got.AllocBytes != r.AllocBytes {
			t.Fatalf("stored receipt %+v", got)
		}
	})
}
