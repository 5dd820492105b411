package runtime

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/soukhq/souk/blob"
	"github.com/soukhq/souk/sandbox"
	"github.com/soukhq/souk/store"
	"github.com/soukhq/souk/store/storetest"
)

// fakeRunner answers every event with the receipt it is given.
type fakeRunner struct{ rc sandbox.Receipt }

func (f *fakeRunner) Run(ctx context.Context, job sandbox.Job, host sandbox.HostCaller) (sandbox.Result, error) {
	rc := f.rc
	rc.AppID, rc.Version, rc.Handler, rc.Started = job.AppID, job.Version, job.Handler, time.Now()
	res := sandbox.Result{Receipt: rc}
	if rc.Outcome == sandbox.OutcomeOK {
		res.Value = []byte(`{"type":"text","text":"hi"}`)
	} else {
		res.Err = &sandbox.JSError{Name: "Overloaded", Message: rc.Reason}
	}
	return res, nil
}

// The time an event queued for a worker is in its receipt, stored and read
// back (queue_us), and a refusal for overload is a receipt like any other.
func TestEngineReceiptShowsQueueWait(t *testing.T) {
	archive := buildDir(t, `{"name":"q-app","version":"1.0.0","entry":"index.js","permissions":[]}`, `export default { render() { return { type: "text", text: "hi" }; } };`)
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
		runner := &fakeRunner{rc: sandbox.Receipt{Outcome: sandbox.OutcomeOK, Wall: 9 * time.Millisecond, Queue: 7 * time.Millisecond}}
		e := NewEngine(EngineConfig{DB: db, Blobs: blobs, Pool: runner})
		ev := Event{AppID: "app_q", Version: "1.0.0", InstallationID: "inst1", BundleKey: info.Key, BundleHash: info.SHA256, Handler: "render"}
		res, err := e.Run(ctx, ev)
		if err != nil || res.Receipt.Outcome != sandbox.OutcomeOK || res.Receipt.QueueMicros != 7000 || res.Receipt.WallMicros != 9000 {
			t.Fatalf("%v %+v", err, res)
		}
		stored, err := e.Receipt(ctx, "app_q", res.Receipt.ID)
		if err != nil || stored.QueueMicros != 7000 {
			t.Fatalf("stored: %+v %v", stored, err)
		}

		runner.rc = sandbox.Receipt{Outcome: sandbox.OutcomeOverloaded, Reason: "the app has its share of the sandbox busy", Queue: 3 * time.Millisecond, Wall: 3 * time.Millisecond}
		res, err = e.Run(ctx, ev)
		if err != nil || res.Receipt.Outcome != sandbox.OutcomeOverloaded || res.Receipt.Error == nil || res.View != nil {
			t.Fatalf("%v %+v", err, res)
		}
		page, err := e.Receipts(ctx, ReceiptFilter{AppID: "app_q", Outcome: sandbox.OutcomeOverloaded})
		if err != nil || len(page.Receipts) != 1 || page.Receipts[0].QueueMicros != 3000 || page.Receipts[0].Reason == "" {
			t.Fatalf("overloaded receipts: %+v %v", page, err)
		}
	})
}
