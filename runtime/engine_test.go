package runtime

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/soukhq/souk/blob"
	"github.com/soukhq/souk/sandbox"
	"github.com/soukhq/souk/store"
	"github.com/soukhq/souk/store/storetest"
)

// engineApp is a small app exercising what hello-shop does not: an action
// that writes storage a later render reads, an invalid view, a loop.
const engineAppJS = `
export default {
  async render(page, params, ctx) {
    const note = await souk.call("storage.get", { key: "note" });
    console.log("rendering", page);
    return { type: "text", id: "note", text: note ?? "empty" };
  },
  async action(name, args, ctx) {
    switch (name) {
      case "note":
        await souk.call("storage.set", { key: "note", value: args.text });
        return { type: "text", text: "saved" };
      case "whoami":
        return { type: "text", text: ctx.installationId };
      case "bad":
        return { type: "marquee", text: "1999" };
      case "loop":
        for (;;) {}
    }
  },
};`

func buildDir(t *testing.T, manifest, js string) []byte {
	t.Helper()
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "souk.json"), []byte(manifest), 0o644)
	os.WriteFile(filepath.Join(dir, "index.js"), []byte(js), 0o644)
	res, err := Build(dir, DefaultBundleLimits())
	if err != nil {
		t.Fatal(err)
	}
	return res.Archive
}

func args(vals ...any) []json.RawMessage {
	out := make([]json.RawMessage, len(vals))
	for i, v := range vals {
		out[i], _ = json.Marshal(v)
	}
	return out
}

func TestEngine(t *testing.T) {
	exDir := exampleDir(t)
	ex, err := Build(exDir, DefaultBundleLimits())
	if err != nil {
		t.Fatal(err)
	}
	small := buildDir(t, `{"name":"engine-app","version":"1.0.0","entry":"index.js","permissions":["storage"],"limits":{"timeoutMs":1000}}`, engineAppJS)
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
		put := func(archive []byte) (key, hash string) {
			info, err := blobs.PutContent(ctx, "bundles", bytes.NewReader(archive), "application/zip")
			if err != nil {
				t.Fatal(err)
			}
			return info.Key, info.SHA256
		}
		exKey, exHash := put(ex.Archive)
		smKey, smHash := put(small)
		e := NewEngine(EngineConfig{DB: db, Blobs: blobs, Pool: pool, CacheSize: 1})
		run := func(appKey, hash, inst, handler string, a ...any) *EventResult {
			t.Helper()
			app := "app_ex"
			if appKey == smKey {
				app = "app_small"
			}
			res, err := e.Run(ctx, Event{AppID: app, Version: "1.0.0", InstallationID: inst, BundleKey: appKey, BundleHash: hash,
				Handler: handler, Args: args(a...), Ctx: EventContext{BrandID: "brand1", Locale: "en"}})
			if err != nil {
				t.Fatal(err)
			}
			return res
		}

		// hello-shop: a valid view, storage and log.* through the bridge.
		res := run(exKey, exHash, "inst1", "render", "home", map[string]string{"name": "Ann"})
		if res.Receipt.Outcome != sandbox.OutcomeOK || res.View == nil {
			t.Fatalf("render: %+v", res.Receipt)
		}
		if n := res.View.Find("visits"); n == nil || n.Text != "Visit number 1" {
			t.Fatalf("view: %+v", res.View.Root)
		}
		if r := res.Receipt; r.HostCalls != 3 || r.WallMicros <= 0 || r.BytesOut == 0 || len(r.Logs) != 1 ||
			r.Logs[0].Source != LogSourceLog || r.Logs[0].Message != "render" || string(r.Logs[0].Fields) != `{"page":"home"}` {
			t.Fatalf("receipt: %+v", r)
		}
		res = run(exKey, exHash, "inst1", "render", "home", map[string]string{})
		if n := res.View.Find("visits"); n == nil || n.Text != "Visit number 2" {
			t.Fatalf("second render did not read storage back: %+v", n)
		}
		res = run(exKey, exHash, "inst1", "action", "hi", nil)
		if res.Receipt.Outcome != sandbox.OutcomeOK || res.Patch == nil {
			t.Fatalf("action hi: %+v", res.Receipt)
		}
		if keys, _, _ := NewKV(db).List(ctx, "inst1", "hi:", "", 10); len(keys) != 1 {
			t.Fatalf("action hi stored %v", keys)
		}

		// The deliberate throw: receipt with the stack mapped to the .ts line.
		res = run(exKey, exHash, "inst1", "action", "boom", nil)
		want := "src/index.ts:" + strconv.Itoa(throwLine(t, exDir)) + ":"
		if r := res.Receipt; r.Outcome != sandbox.OutcomeError || r.Error == nil || !strings.Contains(r.Error.Stack, want) {
			t.Fatalf("boom receipt: %+v %+v", r, r.Error)
		}
		stored, err := e.Receipt(ctx, "app_ex", res.Receipt.ID)
		if err != nil || stored.Error == nil || !strings.Contains(stored.Error.Stack, want) || stored.Outcome != sandbox.OutcomeError {
			t.Fatalf("stored boom receipt: %+v %v", stored, err)
		}

		// The small app: an action's storage write is read by a later render,
		// in this installation only. The cache holds one bundle, so switching
		// apps reloads from the blob store.
		if res := run(smKey, smHash, "inst1", "action", "note", map[string]string{"text": "remember me"}); res.Receipt.Outcome != sandbox.OutcomeOK {
			t.Fatalf("note: %+v", res.Receipt)
		}
		res = run(smKey, smHash, "inst1", "render", "home", nil)
		if res.View == nil {
			t.Fatalf("render after note: %+v", res.Receipt)
		}
		if n := res.View.Find("note"); n == nil || n.Text != "remember me" || len(res.Receipt.Logs) != 1 || res.Receipt.Logs[0].Source != LogSourceConsole {
			t.Fatalf("render after note: %+v %+v", res.View, res.Receipt.Logs)
		}
		if res := run(smKey, smHash, "inst2", "render", "home", nil); res.View == nil || res.View.Find("note") == nil || res.View.Find("note").Text != "empty" {
			t.Fatalf("another installation read the note, or the render failed: %+v", res.Receipt)
		}
		if res := run(smKey, smHash, "inst9", "action", "whoami", nil); res.View == nil || res.View.Root.Text != "inst9" {
			t.Fatalf("ctx.installationId: %+v", res.View)
		}
		res = run(smKey, smHash, "inst1", "action", "bad", nil)
		if r := res.Receipt; r.Outcome != OutcomeInvalidView || !strings.Contains(r.Reason, "marquee") || res.View != nil {
			t.Fatalf("invalid view: %+v", r)
		}
		start := time.Now()
		res = run(smKey, smHash, "inst1", "action", "loop", nil)
		if r := res.Receipt; r.Outcome != sandbox.OutcomeTimeout || time.Since(start) > 5*time.Second {
			t.Fatalf("loop: %+v after %v", r, time.Since(start))
		}
		if e.cache.len() != 1 {
			t.Fatalf("cache holds %d bundles, want 1", e.cache.len())
		}
		if _, err := e.Run(ctx, Event{AppID: "x", BundleKey: smKey, BundleHash: exHash, Handler: "render"}); err == nil {
			t.Fatal("a bundle whose hash does not match ran")
		}

		// Receipt queries: filters, newest first, cursor paging.
		page, err := e.Receipts(ctx, ReceiptFilter{AppID: "app_small", Outcome: sandbox.OutcomeTimeout})
		if err != nil || len(page.Receipts) != 1 || page.Receipts[0].Event != "action" || page.Next != "" {
			t.Fatalf("timeouts: %+v %v", page, err)
		}
		all, _ := e.Receipts(ctx, ReceiptFilter{AppID: "app_small"})
		if len(all.Receipts) != 6 || all.Receipts[0].ID != res.Receipt.ID {
			t.Fatalf("all: %d receipts, first %s", len(all.Receipts), all.Receipts[0].ID)
		}
		var paged []string
		f := ReceiptFilter{AppID: "app_small", Limit: 3}
		for {
			p, err := e.Receipts(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range p.Receipts {
				paged = append(paged, r.ID)
			}
			if p.Next == "" {
				break
			}
			f.Cursor = p.Next
		}
		for i := range all.Receipts {
			if i >= len(paged) || paged[i] != all.Receipts[i].ID {
				t.Fatalf("paging gave %v", paged)
			}
		}
		if p, _ := e.Receipts(ctx, ReceiptFilter{AppID: "app_small", Event: "render"}); len(p.Receipts) != 2 {
			t.Fatalf("renders: %d", len(p.Receipts))
		}
		if p, _ := e.Receipts(ctx, ReceiptFilter{AppID: "app_small", Until: all.Receipts[5].StartedAt}); len(p.Receipts) != 0 {
			t.Fatalf("until: %d", len(p.Receipts))
		}
		if p, _ := e.Receipts(ctx, ReceiptFilter{AppID: "app_small", Since: all.Receipts[1].StartedAt}); len(p.Receipts) != 2 {
			t.Fatalf("since: %d", len(p.Receipts))
		}
		if _, err := e.Receipts(ctx, ReceiptFilter{AppID: "app_small", Cursor: "!!"}); ErrorCode(err) != CodeInvalidCursor {
			t.Fatalf("bad cursor: %v", err)
		}
		if _, err := e.Receipt(ctx, "app_small", stored.ID); ErrorCode(err) != CodeNotFound {
			t.Fatalf("another app's receipt: %v", err)
		}

		// Inside a request transaction (an Idempotency-Key request) the
		// receipt commits with the request, so it exists the moment the
		// request's stored response naming it does; a request that rolls
		// back still leaves its event's receipt.
		for _, commit := range []bool{true, false} {
			rctx, req, err := db.BeginRequest(ctx)
			if err != nil {
				t.Fatal(err)
			}
			res, err := e.Run(rctx, Event{AppID: "app_small", Version: "1.0.0", InstallationID: "inst-req", BundleKey: smKey, BundleHash: smHash,
				Handler: "action", Args: args("whoami", nil), Ctx: EventContext{BrandID: "brand1", Locale: "en"}})
			if err != nil {
				t.Fatal(err)
			}
			var inTx int
			if err := req.Tx().QueryRowContext(ctx, `SELECT COUNT(*) FROM receipts WHERE id = $1`, res.Receipt.ID).Scan(&inTx); err != nil || inTx != 1 {
				t.Fatalf("commit=%v: the request's transaction holds %d receipts (%v); want its event's", commit, inTx, err)
			}
			if commit {
				err = req.Commit()
			} else {
				err = req.Rollback()
			}
			if err != nil {
				t.Fatal(err)
			}
			if _, err := e.Receipt(ctx, "app_small", res.Receipt.ID); err != nil {
				t.Fatalf("commit=%v: the receipt is missing once the request ended: %v", commit, err)
			}
		}
	})
}
