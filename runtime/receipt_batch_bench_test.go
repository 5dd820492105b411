package runtime

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/soukhq/souk/store"
	"github.com/soukhq/souk/store/storetest"
)

// BenchmarkReceiptSave writes receipts (one log line each) from 8
// concurrent events, through the group-committing writer and one
// transaction per receipt (what every event paid before), on both
// engines; µs/receipt is the figure to compare.
func BenchmarkReceiptSave(b *testing.B) {
	engines := map[string]func(testing.TB) *store.DB{"sqlite": storetest.SQLite, "postgres": storetest.Postgres}
	for _, engine := range []string{"sqlite", "postgres"} {
		b.Run(engine, func(b *testing.B) {
			db := engines[engine](b)
			w := newReceiptWriter(db)
			b.Cleanup(w.close)
			ctx := context.Background()
			for _, mode := range []string{"group-commit", "transaction-each"} {
				b.Run(mode, func(b *testing.B) {
					save := w.save
					if mode == "transaction-each" {
						save = func(ctx context.Context, r *Receipt, rec *encodedRecording) error {
							u := &receiptUnit{r: r, rec: rec}
							w.commit(ctx, []*receiptUnit{u})
							return u.err
						}
					}
					start, n := time.Now(), 0
					for b.Loop() {
						var wg sync.WaitGroup
						for i := range 8 {
							r := testReceipt(i)
							r.Logs = r.Logs[:1]
							wg.Add(1)
							go func() {
								defer wg.Done()
								if err := save(ctx, r, nil); err != nil {
									b.Error(err)
								}
							}()
						}
						wg.Wait()
						n += 8
					}
					b.ReportMetric(float64(time.Since(start).Microseconds())/float64(n), "µs/receipt")
				})
			}
		})
	}
}
