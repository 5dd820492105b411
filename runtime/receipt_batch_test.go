package runtime

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/soukhq/souk/sandbox"
	"github.com/soukhq/souk/store"
	"github.com/soukhq/souk/store/storetest"
)

func testReceipt(i int) *Receipt {
	return &Receipt{
		ID: store.NewID("rcp"), AppID: "app_batch", Version: "1.0.0", InstallationID: "ins_batch", Event: "render",
		Outcome: "error", Reason: fmt.Sprintf("reason %d", i), Error: &sandbox.JSError{Name: "TypeError", Message: fmt.Sprintf("boom %d", i)},
		BundleHash: "abc", StartedAt: time.UnixMicro(1_700_000_000_000_000 + int64(i)).UTC(), WallMicros: int64(i), CPUMicros: 7,
		HostCalls: 2, BytesIn: 3, BytesOut: 4, LogLines: 2, MemoryBytes: 5, AllocBytes: 6, QueueMicros: 8, Runtime: "warm",
		Limits: &ReceiptLimits{TimeoutMs: 1000, MemoryMB: 64, HostCalls: 100, LogBytes: 4096, ViewBytes: 65536},
		Logs: []LogEntry{
			{Seq: 1, Source: LogSourceConsole, Level: "info", Message: fmt.Sprintf("line %d", i), AtMicros: 10},
			{Seq: 2, Source: LogSourceLog, Level: "warn", Message: "with fields", Fields: json.RawMessage(`{"k":1}`), AtMicros: 20},
		},
	}
}

// Concurrent saves share batches; every receipt comes back as written,
// with its error, limits and log lines; a receipt the database refuses (a
// duplicate id) fails alone while its batch-mates are written.
func TestReceiptWriterBatches(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		e := NewEngine(EngineConfig{DB: db})
		t.Cleanup(func() { e.Close() })
		first := testReceipt(-1)
		if err := e.receipts.save(ctx, first, nil); err != nil {
			t.Fatal(err)
		}
		const n = 200
		rs := make([]*Receipt, n)
		errs := make([]error, n)
		var wg sync.WaitGroup
		for i := range rs {
			rs[i] = testReceipt(i)
			if i == 17 {
				rs[i].ID = first.ID // refused: the id exists
			}
			wg.Add(1)
			go func() {
				defer wg.Done()
				var rec *encodedRecording
				if i%2 == 0 { // every other event was recorded
					var err error
					rec, err = encodeRecordingRow(&Recording{Format: RecordingFormat, ReceiptID: rs[i].ID, AppID: rs[i].AppID,
						Version: rs[i].Version, Handler: rs[i].Event, StartedAt: rs[i].StartedAt, Calls: []RecordedCall{}})
					if err != nil {
						t.Error(err)
						return
					}
				}
				errs[i] = e.receipts.save(ctx, rs[i], rec)
			}()
		}
		wg.Wait()
		for i, err := range errs {
			if (err != nil) != (i == 17) {
				t.Fatalf("receipt %d: %v", i, err)
			}
		}
		if st := e.receipts.batcher.Stats(); st.Batches >= n {
			t.Fatalf("no batching: %+v", st)
		}
		for i, want := range rs {
			if i == 17 {
				continue
			}
			got, err := e.Receipt(ctx, "app_batch", want.ID)
			if err != nil {
				t.Fatalf("receipt %d: %v", i, err)
			}
			wj, _ := json.Marshal(want)
			gj, _ := json.Marshal(got)
			if string(wj) != string(gj) {
				t.Fatalf("receipt %d stored as\n%s\nwant\n%s", i, gj, wj)
			}
			// The recording, when the event had one, was written with it.
			rec, err := e.Recording(ctx, "app_batch", want.ID)
			if i%2 == 0 && (err != nil || rec.ReceiptID != want.ID || rec.Handler != want.Event) {
				t.Fatalf("recording of receipt %d: %+v %v", i, rec, err)
			}
			if i%2 == 1 && err == nil {
				t.Fatalf("receipt %d has a recording but its event had none", i)
			}
		}
		got, err := e.Receipt(ctx, "app_batch", first.ID)
		if err != nil || got.Reason != first.Reason {
			t.Fatalf("the first receipt was overwritten: %+v %v", got, err)
		}
	})
}
