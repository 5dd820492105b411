package chat

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/soukhq/souk/store"
	"github.com/soukhq/souk/store/storetest"
)

// BenchmarkBatchSend commits batches of 64 user sends spread over 4 group
// conversations, as sendBatch does (one statement per step for the whole
// batch) and send by send in the same transaction (stepwise, the path
// before it), on both engines; µs/send is the figure to compare.
func BenchmarkBatchSend(b *testing.B) {
	engines := map[string]func(testing.TB) *store.DB{"sqlite": storetest.SQLite, "postgres": storetest.Postgres}
	for _, engine := range []string{"sqlite", "postgres"} {
		b.Run(engine, func(b *testing.B) {
			db := engines[engine](b)
			ctx := context.Background()
			s := New(db, Options{UserRate: RateLimit{Burst: 1 << 30, Per: time.Second}})
			b.Cleanup(s.Close)
			var users, convs []string
			for range 64 {
				users = append(users, batchUser(b, db))
			}
			for g := range 4 {
				c, err := s.CreateGroup(ctx, users[g*16], fmt.Sprint("g", g), users[g*16+1:g*16+16])
				if err != nil {
					b.Fatal(err)
				}
				convs = append(convs, c.ID)
			}
			for _, mode := range []string{"one-statement-per-step", "stepwise"} {
				b.Run(mode, func(b *testing.B) {
					s.stepwise = mode == "stepwise"
					start := time.Now()
					batches := 0
					for b.Loop() {
						units := make([]*sendUnit, 64)
						for i := range units {
							units[i] = textUnit(b, s, users[i], convs[i/16], "hello", "")
						}
						s.commitSends(ctx, units)
						for _, u := range units {
							if u.err != nil {
								b.Fatal(u.err)
							}
						}
						batches++
					}
					b.ReportMetric(float64(time.Since(start).Microseconds())/float64(batches*64), "µs/send")
				})
			}
		})
	}
}
