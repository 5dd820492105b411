package jobs_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/soukhq/souk/jobs"
	"github.com/soukhq/souk/store"
	"github.com/soukhq/souk/store/storetest"
)

func TestQueue(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		q := jobs.New(db, nil)
		var got []string
		var mu sync.Mutex
		q.Handle("note", func(ctx context.Context, r jobs.Run) error {
			var p struct{ Text string }
			if err := json.Unmarshal(r.Payload, &p); err != nil {
				return err
			}
			mu.Lock()
			got = append(got, p.Text)
			mu.Unlock()
			return nil
		})
		now := time.Now()

		t.Run("due now runs, later waits for its time", func(t *testing.T) {
			must(t, q.Enqueue(ctx, jobs.Job{Kind: "note", Payload: map[string]string{"Text": "now"}}))
			must(t, q.Enqueue(ctx, jobs.Job{Kind: "note", RunAt: now.Add(24 * time.Hour), Payload: map[string]string{"Text": "tomorrow"}}))
			n, err := q.RunDue(ctx, now.Add(time.Second))
			must(t, err)
			if n != 1 || len(got) != 1 || got[0] != "now" {
				t.Fatalf("ran %d, got %v; want only the job due now", n, got)
			}
			n, err = q.RunDue(ctx, now.Add(25*time.Hour))
			must(t, err)
			if n != 1 || got[1] != "tomorrow" {
				t.Fatalf("fast-forward ran %d, got %v", n, got)
			}
		})

		t.Run("a key makes enqueueing idempotent", func(t *testing.T) {
			got = nil
			for range 3 {
				must(t, db.InTx(ctx, func(tx *store.Tx) error {
					return q.EnqueueTx(ctx, tx, jobs.Job{Kind: "note", Key: "once", Payload: map[string]string{"Text": "once"}})
				}))
			}
			_, err := q.RunDue(ctx, now.Add(time.Minute))
			must(t, err)
			if len(got) != 1 {
				t.Fatalf("keyed job ran %d times", len(got))
			}
			// Even after it ran, the key stays taken.
			must(t, q.Enqueue(ctx, jobs.Job{Kind: "note", Key: "once"}))
			if n, _ := q.RunDue(ctx, now.Add(time.Minute)); n != 0 {
				t.Fatalf("a finished key ran again")
			}
		})

		t.Run("a rolled-back transaction keeps no job", func(t *testing.T) {
			boom := errors.New("boom")
			err := db.InTx(ctx, func(tx *store.Tx) error {
				must(t, q.EnqueueTx(ctx, tx, jobs.Job{Kind: "note", Key: "rolled-back"}))
				return boom
			})
			if !errors.Is(err, boom) {
				t.Fatal(err)
			}
			stats, err := q.Stats(ctx)
			must(t, err)
			if stats["pending"] != 0 {
				t.Fatalf("pending after rollback: %v", stats)
			}
		})

		t.Run("cancel by key", func(t *testing.T) {
			must(t, q.Enqueue(ctx, jobs.Job{Kind: "note", Key: "timer", RunAt: now.Add(time.Hour)}))
			var ok bool
			must(t, db.InTx(ctx, func(tx *store.Tx) (err error) { ok, err = q.CancelTx(ctx, tx, "timer"); return err }))
			if !ok {
				t.Fatal("cancel found nothing")
			}
			if n, _ := q.RunDue(ctx, now.Add(2*time.Hour)); n != 0 {
				t.Fatal("a cancelled job ran")
			}
		})

		t.Run("errors retry with backoff, then fail", func(t *testing.T) {
			var attempts atomic.Int32
			q.Handle("flaky", func(ctx context.Context, r jobs.Run) error {
				attempts.Add(1)
				if r.Attempt < 3 {
					return errors.New("not yet")
				}
				return nil
			})
			q.Handle("broken", func(ctx context.Context, r jobs.Run) error { panic("always") })
			must(t, q.Enqueue(ctx, jobs.Job{Kind: "flaky"}))
			must(t, q.Enqueue(ctx, jobs.Job{Kind: "broken", MaxAttempts: 2}))
			q.RunDue(ctx, time.Now())
			if attempts.Load() != 1 {
				t.Fatalf("attempts %d", attempts.Load())
			}
			// The retry is not due until its backoff has passed.
			if n, _ := q.RunDue(ctx, time.Now()); n != 0 {
				t.Fatalf("retry ran before its backoff (%d)", n)
			}
			for i := 0; i < 3; i++ {
				q.RunDue(ctx, time.Now().Add(time.Hour))
			}
			if attempts.Load() != 3 {
				t.Fatalf("flaky ran %d times, want 3", attempts.Load())
			}
			stats, err := q.Stats(ctx)
			must(t, err)
			if stats["failed"] != 1 || stats["pending"] != 0 || stats["running"] != 0 {
				t.Fatalf("stats %v", stats)
			}
			var lastErr string
			must(t, db.QueryRowContext(ctx, `SELECT last_error FROM jobs WHERE kind = 'broken'`).Scan(&lastErr))
			if lastErr == "" {
				t.Fatal("failed job keeps no error")
			}
		})

		t.Run("a lost lease is taken over", func(t *testing.T) {
			must(t, q.Enqueue(ctx, jobs.Job{Kind: "note", Key: "lease", Payload: map[string]string{"Text": "lease"}}))
			// A node claimed it and died: running, lease already over.
			_, err := db.ExecContext(ctx, `UPDATE jobs SET state = 'running', attempts = 1, locked_until = $1 WHERE dedupe_key = 'lease'`, store.Now()-1)
			must(t, err)
			got = nil
			if n, _ := q.RunDue(ctx, time.Now()); n != 1 || len(got) != 1 {
				t.Fatalf("lost lease not taken over: ran %d", n)
			}
		})
	})
}

// Several queues on one database (several nodes) run each job exactly once
// when nothing fails.
func TestQueuesShareWork(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		const jobsN = 200
		var runs sync.Map
		var total atomic.Int32
		queues := make([]*jobs.Queue, 4)
		for i := range queues {
			queues[i] = jobs.New(db, nil)
			queues[i].Batch = 7
			queues[i].Handle("count", func(ctx context.Context, r jobs.Run) error {
				if _, dup := runs.LoadOrStore(r.ID, true); dup {
					t.Errorf("job %s ran twice", r.ID)
				}
				total.Add(1)
				return nil
			})
		}
		for i := 0; i < jobsN; i++ {
			must(t, queues[0].Enqueue(ctx, jobs.Job{Kind: "count"}))
		}
		var wg sync.WaitGroup
		for _, q := range queues {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if _, err := q.RunDue(ctx, time.Now()); err != nil {
					t.Error(err)
				}
			}()
		}
		wg.Wait()
		if total.Load() != jobsN {
			t.Fatalf("ran %d jobs, want %d", total.Load(), jobsN)
		}
	})
}

func TestStartRunsEnqueuedJobs(t *testing.T) {
	db := storetest.SQLite(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	q := jobs.New(db, nil)
	done := make(chan struct{})
	q.Handle("ping", func(ctx context.Context, r jobs.Run) error { close(done); return nil })
	q.Start(ctx, time.Hour) // only a kick can wake it in time
	must(t, q.Enqueue(ctx, jobs.Job{Kind: "ping"}))
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("an enqueued job did not run after Kick")
	}
}

// A node shutting down (Start's ctx ends) hands back at once the job whose
// handler it cut short and the claimed jobs it had not started, instead of
// leaving them leased for Lease (5 minutes): another node runs them now.
// A job whose handler finished is recorded done even though shutdown began.
func TestShutdownHandsClaimedJobsBack(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx, cancel := context.WithCancel(context.Background())
		q := jobs.New(db, nil)
		started := make(chan string, 3)
		q.Handle("finish", func(ctx context.Context, r jobs.Run) error {
			started <- "finish"
			<-ctx.Done() // shutdown begins while it runs; it finishes anyway
			return nil
		})
		q.Handle("slow", func(ctx context.Context, r jobs.Run) error {
			started <- "slow"
			<-ctx.Done()
			return ctx.Err()
		})
		at := time.Now().Add(-time.Minute)
		// Claimed in one batch, run in this order.
		must(t, q.Enqueue(context.Background(), jobs.Job{Kind: "finish", Key: "j1", RunAt: at}))
		must(t, q.Enqueue(context.Background(), jobs.Job{Kind: "slow", Key: "j2", RunAt: at.Add(time.Second)}))
		must(t, q.Enqueue(context.Background(), jobs.Job{Kind: "slow", Key: "j3", RunAt: at.Add(2 * time.Second)}))
		q.Start(ctx, time.Hour)
		if k := <-started; k != "finish" {
			t.Fatalf("first job %s", k)
		}
		cancel()
		q.Wait()
		rows, err := db.QueryContext(context.Background(), `SELECT dedupe_key, state, attempts, locked_until IS NULL FROM jobs ORDER BY dedupe_key`)
		must(t, err)
		defer rows.Close()
		var got []string
		for rows.Next() {
			var key, state string
			var attempts int
			var unlocked bool
			must(t, rows.Scan(&key, &state, &attempts, &unlocked))
			got = append(got, fmt.Sprintf("%s %s %d %v", key, state, attempts, unlocked))
		}
		want := []string{"j1 done 1 true", "j2 pending 0 true", "j3 pending 0 true"}
		if strings.Join(got, "; ") != strings.Join(want, "; ") {
			t.Fatalf("after shutdown: %q, want %q", got, want)
		}
		// Another node takes them over at once.
		other := jobs.New(db, nil)
		var ran atomic.Int32
		other.Handle("slow", func(ctx context.Context, r jobs.Run) error { ran.Add(1); return nil })
		n, err := other.RunDue(context.Background(), time.Now())
		must(t, err)
		if n != 2 || ran.Load() != 2 {
			t.Fatalf("the other node ran %d (%d handlers), want 2", n, ran.Load())
		}
	})
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
