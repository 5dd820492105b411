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

// warmAppJS counts its events in module-level state.
const warmAppJS = `let n = 0;
export default { render() { n++; return { type: "text", text: "event " + n }; } };`

// TestEngineWarmRuntimes: the receipt of an installation's first event says
// cold and the next ones warm (module-level state persisted); another
// installation of the same version starts from its own fresh state; an app
// whose souk.json asks for "isolation": "event" is cold every time.
func TestEngineWarmRuntimes(t *testing.T) {
	warm := buildDir(t, `{"name":"warm-app","version":"1.0.0","entry":"index.js","permissions":[]}`, warmAppJS)
	fresh := buildDir(t, `{"name":"fresh-app","version":"1.0.0","entry":"index.js","permissions":[],"isolation":"event"}`, warmAppJS)
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	pool, err := sandbox.NewPool(sandbox.PoolConfig{Size: 1, Command: []string{exe}, MemoryLimit: 256 << 20, KillGrace: 300 * time.Millisecond})
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
		e := NewEngine(EngineConfig{DB: db, Blobs: blobs, Pool: pool})
		run := func(archive []byte, app, inst string) Receipt {
			inst = t.Name() + "/" + inst // the pool outlives each engine
			t.Helper()
			info, err := blobs.PutContent(ctx, "bundles", bytes.NewReader(archive), "application/zip")
			if err != nil {
				t.Fatal(err)
			}
			res, err := e.Run(ctx, Event{AppID: app, Version: "1.0.0", InstallationID: inst, BundleKey: info.Key, BundleHash: info.SHA256,
				Handler: "render", Args: args("home", map[string]any{}), Ctx: EventContext{BrandID: "b", Locale: "en"}})
			if err != nil || res.Receipt.Outcome != sandbox.OutcomeOK {
				t.Fatalf("%s/%s: %v %+v", app, inst, err, res)
			}
			stored, err := e.Receipt(ctx, app, res.Receipt.ID)
			if err != nil || stored.Runtime != res.Receipt.Runtime {
				t.Fatalf("stored receipt: %v runtime %q, ran %q", err, stored.Runtime, res.Receipt.Runtime)
			}
			res.Receipt.Logs = nil
			if res.View == nil || res.View.Root.Text == "" {
				t.Fatalf("no view: %+v", res)
			}
			res.Receipt.Reason = res.View.Root.Text // the counter, for the checks below
			return res.Receipt
		}
		for i, want := range []struct{ app, inst, runtime, text string }{
			{"warm-app", "inst-1", "cold", "event 1"},
			{"warm-app", "inst-1", "warm", "event 2"},
			{"warm-app", "inst-2", "cold", "event 1"},
			{"warm-app", "inst-1", "warm", "event 3"},
			{"warm-app", "inst-2", "warm", "event 2"},
			{"fresh-app", "inst-1", "cold", "event 1"},
			{"fresh-app", "inst-1", "cold", "event 1"},
		} {
			archive := warm
			if want.app == "fresh-app" {
				archive = fresh
			}
			r := run(archive, want.app, want.inst)
			if r.Runtime != want.runtime || r.Reason != want.text {
				t.Fatalf("event %d (%s/%s): runtime %q, %q; want %q, %q", i, want.app, want.inst, r.Runtime, r.Reason, want.runtime, want.text)
			}
		}
	})
}
