package runtime

import (
	"bytes"
	"context"
	stdjson "encoding/json"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/soukhq/souk/blob"
	"github.com/soukhq/souk/sandbox"
	"github.com/soukhq/souk/store"
	"github.com/soukhq/souk/store/storetest"
)

// recordAppJS reads storage, the clock and randomness, and an action that
// writes storage changes what the next render reads.
const recordAppJS = `
export default {
  async render(page, params, ctx) {
    const [note, n] = await Promise.all([souk.call("storage.get", { key: "note" }), souk.call("storage.get", { key: "n" })]);
    await souk.call("storage.set", { key: "n", value: (n ?? 0) + 1 });
    const id = crypto.randomUUID();
    return { type: "stack", children: [
      { type: "text", id: "note", text: (note ?? "empty") + " #" + ((n ?? 0) + 1) },
      { type: "text", id: "nd", text: id + " " + Math.random().toFixed(6) + " " + new Date().toISOString() },
    ] };
  },
  async action(name, args, ctx) {
    if (name === "big") {
      const hex = Array.from(crypto.getRandomValues(new Uint8Array(30000)), b => b.toString(16).padStart(2, "0")).join("");
      await souk.call("storage.set", { key: "big", value: hex });
      for (let i = 0; i < 10; i++) await souk.call("storage.get", { key: "big" });
      return { type: "text", text: "big" };
    }
    if (name === "fail") {
      const n = await souk.call("storage.get", { key: "n" });
      throw new Error("failed after render #" + n + " at " + Math.random().toFixed(6));
    }
    await souk.call("storage.set", { key: "note", value: args.text });
    return { type: "text", text: "saved " + args.text };
  },
};`

func TestRecordAndReplay(t *testing.T) {
	manifest := `{"name":"rec-app","version":"1.0.0","entry":"index.js","permissions":["storage"],"limits":{"timeoutMs":2000,"hostCalls":50}}`
	archive := buildDir(t, manifest, recordAppJS)
	changed := buildDir(t, manifest, strings.Replace(recordAppJS, `" #"`, `" no. "`, 1))
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	pool, err := sandbox.NewPool(sandbox.PoolConfig{Size: 1, Command: []string{exe}, MemoryLimit: 256 << 20, KillGrace: 300 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	bun, err := ReadBundle(bytes.NewReader(archive), int64(len(archive)), DefaultBundleLimits())
	if err != nil {
		t.Fatal(err)
	}
	changedBun, err := ReadBundle(bytes.NewReader(changed), int64(len(changed)), DefaultBundleLimits())
	if err != nil {
		t.Fatal(err)
	}

	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		blobs, err := blob.OpenLocal(blob.Config{Dir: t.TempDir()})
		if err != nil {
			t.Fatal(err)
		}
		defer blobs.Close()
		info, err := blobs.PutContent(ctx, "bundles", bytes.NewReader(archive), "application/zip")
		if err != nil {
			t.Fatal(err)
		}
		e := NewEngine(EngineConfig{DB: db, Blobs: blobs, Pool: pool, Recording: RecordingConfig{Retention: time.Hour}})
		run := func(handler string, a ...any) *EventResult {
			t.Helper()
			res, err := e.Run(ctx, Event{AppID: "app_rec", Version: "1.0.0", InstallationID: "inst1", BundleKey: info.Key, BundleHash: info.SHA256,
				Handler: handler, Args: args(a...), Ctx: EventContext{BrandID: "brand1", ShopperID: "usr1", Locale: "en"}})
			if err != nil {
				t.Fatal(err)
			}
			return res
		}
		var ids []string
		for i := range 6 {
			var res *EventResult
			if i%3 == 1 {
				res = run("action", "note", map[string]string{"text": "v" + string(rune('a'+i))})
			} else {
				res = run("render", "home", map[string]string{})
			}
			if res.Receipt.Outcome != sandbox.OutcomeOK {
				t.Fatalf("event %d: %+v", i, res.Receipt)
			}
			ids = append(ids, res.Receipt.ID)
		}
		var lastRender *Recording
		for i, id := range ids {
			rec, err := e.Recording(ctx, "app_rec", id)
			if err != nil {
				t.Fatal(err)
			}
			if rec.Truncated != "" || rec.ReceiptID != id || len(rec.Seed) != 32 || len(rec.Calls) == 0 || len(rec.Value) == 0 {
				t.Fatalf("recording %d: %+v", i, rec)
			}
			if rec.Handler == "render" && (len(rec.Clock) != 1 || len(rec.Calls) != 3) {
				t.Fatalf("render recording: clock %v, calls %+v", rec.Clock, rec.Calls)
			}
			rr, err := Replay(ctx, pool, bun, rec)
			if err != nil {
				t.Fatal(err)
			}
			if !rr.Same || string(rr.Value) != string(rec.Value) {
				t.Fatalf("replay %d differs: %+v\nrecorded %s", i, rr, rec.Value)
			}
			if rec.Handler == "render" {
				lastRender = rec
			}
		}
		// Another app's developer cannot read it.
		if _, err := e.Recording(ctx, "app_other", ids[0]); ErrorCode(err) != CodeNotFound {
			t.Fatalf("other app: %v", err)
		}

		// A changed build: same outcome, another view, the diff shows it.
		rr, err := Replay(ctx, pool, changedBun, lastRender)
		if err != nil {
			t.Fatal(err)
		}
		diff := DiffJSON(lastRender.Value, rr.Value)
		if rr.Same || rr.Outcome != sandbox.OutcomeOK || rr.Divergence != "" || !strings.Contains(diff, "- ") || !strings.Contains(diff, " no. ") {
			t.Fatalf("changed build: %+v\n%s", rr, diff)
		}

		// A host call the recording does not have is a divergence.
		div := *lastRender
		div.Calls = append([]RecordedCall(nil), lastRender.Calls...)
		div.Calls[2].Args = []byte(`{"key":"n","value":99}`)
		rr, err = Replay(ctx, pool, bun, &div)
		if err != nil {
			t.Fatal(err)
		}
		if rr.Same || !strings.HasPrefix(rr.Divergence, "diverged at call 3: expected storage.set(") {
			t.Fatalf("divergence: %+v", rr)
		}

		// Too big to keep: metadata only, not replayable.
		res := run("action", "big", nil)
		rec, err := e.Recording(ctx, "app_rec", res.Receipt.ID)
		if err != nil {
			t.Fatal(err)
		}
		if rec.Truncated == "" || len(rec.Calls) != 0 || rec.Outcome != sandbox.OutcomeOK {
			t.Fatalf("big recording: truncated %q, %d calls, outcome %s", rec.Truncated, len(rec.Calls), rec.Outcome)
		}
		if _, err := Replay(ctx, pool, bun, rec); ErrorCode(err) != CodeNotReplayable || !strings.Contains(err.Error(), "not replayable: recording truncated") {
			t.Fatalf("replay of a truncated recording: %v", err)
		}

		// Retention.
		if n, err := e.PruneRecordings(ctx, time.Now(), 100); err != nil || n != 0 {
			t.Fatalf("prune now: %d %v", n, err)
		}
		if n, err := e.PruneRecordings(ctx, time.Now().Add(2*time.Hour), 100); err != nil || n != int64(len(ids)+1) {
			t.Fatalf("prune after retention: %d %v", n, err)
		}
		if _, err := e.Recording(ctx, "app_rec", ids[0]); ErrorCode(err) != CodeNotFound {
			t.Fatalf("pruned recording: %v", err)
		}

		// Sampled (a share so small that no event is drawn): a successful
		// event is not kept, a failed one is, and it replays to the same
		// failure.
		sampled := NewEngine(EngineConfig{DB: db, Blobs: blobs, Pool: pool, Recording: RecordingConfig{Sample: 1e-300}})
		runOn := func(e *Engine, handler string, a ...any) *EventResult {
			t.Helper()
			res, err := e.Run(ctx, Event{AppID: "app_rec", Version: "1.0.0", InstallationID: "inst1", BundleKey: info.Key, BundleHash: info.SHA256,
				Handler: handler, Args: args(a...), Ctx: EventContext{BrandID: "brand1", Locale: "en"}})
			if err != nil {
				t.Fatal(err)
			}
			return res
		}
		ok := runOn(sampled, "render", "home", map[string]string{})
		if _, err := e.Recording(ctx, "app_rec", ok.Receipt.ID); ok.Receipt.Outcome != sandbox.OutcomeOK || ErrorCode(err) != CodeNotFound {
			t.Fatalf("successful event not drawn by the sample: outcome %s, recording %v", ok.Receipt.Outcome, err)
		}
		failed := runOn(sampled, "action", "fail", nil)
		if failed.Receipt.Outcome != sandbox.OutcomeError {
			t.Fatalf("fail: %+v", failed.Receipt)
		}
		rec, err = e.Recording(ctx, "app_rec", failed.Receipt.ID)
		if err != nil {
			t.Fatalf("a failed event was not recorded under sampling: %v", err)
		}
		if rec.Outcome != sandbox.OutcomeError || len(rec.Calls) != 1 || len(rec.Seed) != 32 {
			t.Fatalf("failed event's recording: %+v", rec)
		}
		if rr, err := Replay(ctx, pool, bun, rec); err != nil || !rr.Same || rr.Outcome != sandbox.OutcomeError {
			t.Fatalf("replay of the failed event: %+v %v", rr, err)
		}

		// Off: no recording, not even of a failure.
		off := NewEngine(EngineConfig{DB: db, Blobs: blobs, Pool: pool, Recording: RecordingConfig{Off: true}})
		r2, err := off.Run(ctx, Event{AppID: "app_rec", Version: "1.0.0", InstallationID: "inst1", BundleKey: info.Key, BundleHash: info.SHA256,
			Handler: "render", Args: args("home", map[string]string{}), Ctx: EventContext{BrandID: "brand1", Locale: "en"}})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.Recording(ctx, "app_rec", r2.Receipt.ID); ErrorCode(err) != CodeNotFound {
			t.Fatalf("recording with recording off: %v", err)
		}
		if r3 := runOn(off, "action", "fail", nil); r3.Receipt.Outcome != sandbox.OutcomeError {
			t.Fatalf("fail with recording off: %+v", r3.Receipt)
		} else if _, err := e.Recording(ctx, "app_rec", r3.Receipt.ID); ErrorCode(err) != CodeNotFound {
			t.Fatalf("failed event recorded with recording off: %v", err)
		}
	})
}

// A recording reads back as it was made, nulls included: a handler that
// returned nothing and a host call that answered null are part of what a
// replay compares against (v2's omitempty would drop both).
func TestRecordingEncodingKeepsNulls(t *testing.T) {
	rec := &Recording{Format: RecordingFormat, ReceiptID: "rcp_1", AppID: "app_1", Version: "1.0.0", InstallationID: "ins_1",
		BundleHash: "h", Handler: "orderPaid", Args: []stdjson.RawMessage{stdjson.RawMessage(`{"orderId":"ord_1"}`)},
		StartedAt: time.Date(2026, 12, 5, 4, 0, 0, 123456000, time.UTC), Seed: []byte{1, 2, 3},
		Calls: []RecordedCall{
			{Seq: 1, Name: "storage.get", Args: stdjson.RawMessage(`{"key":"missing"}`), Result: stdjson.RawMessage(`null`)},
			{Seq: 2, Name: "catalog.get", Args: stdjson.RawMessage(`{"id":"x"}`), Error: &sandbox.HostError{Code: "not_found", Message: "no product x"}},
		},
		Outcome: "ok", Value: stdjson.RawMessage(`null`)}
	data, truncated, err := encodeRecording(rec)
	if err != nil || truncated != "" {
		t.Fatal(err, truncated)
	}
	got, err := decodeRecording(data)
	if err != nil {
		t.Fatal(err)
	}
	if string(got.Value) != "null" || string(got.Calls[0].Result) != "null" || got.Calls[1].Result != nil {
		t.Fatalf("value %q, results %q %q; want null, null and none", got.Value, got.Calls[0].Result, got.Calls[1].Result)
	}
	// And it is exactly what encoding/json makes of it.
	want, err := stdjson.Marshal(rec)
	if err != nil {
		t.Fatal(err)
	}
	again, err := stdjson.Marshal(got)
	if err != nil {
		t.Fatal(err)
	}
	if string(again) != string(want) {
		t.Fatalf("round trip\n%s\nwant\n%s", again, want)
	}
}

// Which captured events are stored: failures of the app always, successes
// and callers that left as drawn, refused events never.
func TestKeepRecording(t *testing.T) {
	always := []string{sandbox.OutcomeError, sandbox.OutcomeTimeout, sandbox.OutcomeMemoryLimit, sandbox.OutcomeUnsettled,
		sandbox.OutcomeTooLarge, sandbox.OutcomeKilled, sandbox.OutcomeCrashed, OutcomeInvalidView}
	for _, o := range always {
		if !keepRecording(o, false) || !keepRecording(o, true) {
			t.Errorf("%s: a failure must always be kept", o)
		}
	}
	for _, o := range []string{sandbox.OutcomeOK, sandbox.OutcomeCanceled} {
		if keepRecording(o, false) || !keepRecording(o, true) {
			t.Errorf("%s: kept only when drawn", o)
		}
	}
	for _, o := range []string{sandbox.OutcomeOverloaded, sandbox.OutcomeQuarantined} {
		if keepRecording(o, true) {
			t.Errorf("%s: an event that never ran has nothing to replay", o)
		}
	}
}
