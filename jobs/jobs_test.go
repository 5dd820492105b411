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

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"
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
			// River keeps the failed job (discarded) with its errors.
			res, err := q.River().JobList(ctx, river.NewJobListParams().Kinds("broken"))
			must(t, err)
			if len(res.Jobs) != 1 || res.Jobs[0].State != rivertype.JobStateDiscarded || len(res.Jobs[0].Errors) != 2 ||
				!strings.Contains(res.Jobs[0].Errors[1].Error, "always") {
				t.Fatalf("failed job: %+v", res.Jobs)
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
	storetest.Run(t, func(t *testing.T, db *store.DB) { testStartRunsEnqueuedJobs(t, db) })
}

func testStartRunsEnqueuedJobs(t *testing.T, db *store.DB) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	q := jobs.New(db, nil)
	done := make(chan struct{})
	q.Handle("ping", func(ctx context.Context, r jobs.Run) error { close(done); return nil })
	must(t, q.Start(ctx, time.Hour)) // only River's insert notification can wake it in time
	must(t, q.Enqueue(ctx, jobs.Job{Kind: "ping"}))
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("an enqueued job did not run at once")
	}
	cancel()
	q.Wait()
}

// A node shutting down (Start's ctx ends) hands back at once the jobs
// whose handlers it cut short (River snooze: available now, the attempt not
// counted) instead of leaving them running until River's rescuer: another
// node runs them now. A job whose handler finished is recorded completed
// even though shutdown began.
func TestShutdownHandsJobsBack(t *testing.T) {
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
		must(t, q.Enqueue(context.Background(), jobs.Job{Kind: "finish", Key: "j1", RunAt: at}))
		must(t, q.Enqueue(context.Background(), jobs.Job{Kind: "slow", Key: "j2", RunAt: at.Add(time.Second)}))
		must(t, q.Enqueue(context.Background(), jobs.Job{Kind: "slow", Key: "j3", RunAt: at.Add(2 * time.Second)}))
		must(t, q.Start(ctx, 20*time.Millisecond))
		for range 3 {
			select {
			case <-started:
			case <-time.After(20 * time.Second):
				t.Fatal("jobs did not start")
			}
		}
		cancel()
		q.Wait()
		res, err := q.River().JobList(context.Background(), river.NewJobListParams().OrderBy(river.JobListOrderByID, river.SortOrderAsc))
		must(t, err)
		var got []string
		for _, j := range res.Jobs {
			got = append(got, fmt.Sprintf("%s %s %d", j.Kind, j.State, j.Attempt))
		}
		want := []string{"finish completed 1", "slow available 0", "slow available 0"}
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

// Jobs the old queue (table jobs, still written by nodes of the previous
// release during a rolling update) holds pending move onto River, keys and
// all; its keys stay taken and its timers can still be cancelled by key.
func TestLegacyJobsMoveToRiver(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		for _, row := range []struct {
			id, key, state string
			runAt          int64
		}{
			{"job_1", "old-pending", "pending", time.Now().Add(time.Hour).UnixMicro()},
			{"job_2", "old-done", "done", time.Now().Add(-time.Hour).UnixMicro()},
			{"job_3", "old-timer", "pending", time.Now().Add(time.Hour).UnixMicro()},
		} {
			_, err := db.ExecContext(ctx, `INSERT INTO jobs (id, kind, dedupe_key, payload, state, run_at, max_attempts, created_at)
				VALUES ($1, 'note', $2, '{"Text":"legacy"}', $3, $4, 12, $5)`, row.id, row.key, row.state, row.runAt, store.Now())
			must(t, err)
		}
		q := jobs.New(db, nil)
		var got []string
		q.Handle("note", func(ctx context.Context, r jobs.Run) error {
			got = append(got, string(r.Payload))
			return nil
		})
		var cancelled bool
		must(t, db.InTx(ctx, func(tx *store.Tx) (err error) { cancelled, err = q.CancelTx(ctx, tx, "old-timer"); return err }))
		if !cancelled {
			t.Fatal("the old queue's timer was not cancelled by key")
		}
		if n, err := q.RunDue(ctx, time.Now()); err != nil || n != 0 {
			t.Fatalf("ran %d before the old job was due (%v)", n, err)
		}
		must(t, q.Enqueue(ctx, jobs.Job{Kind: "note", Key: "old-pending"}))
		must(t, q.Enqueue(ctx, jobs.Job{Kind: "note", Key: "old-done"}))
		n, err := q.RunDue(ctx, time.Now().Add(2*time.Hour))
		must(t, err)
		if n != 1 || len(got) != 1 || strings.ReplaceAll(got[0], " ", "") != `{"Text":"legacy"}` {
			t.Fatalf("ran %d: %q", n, got)
		}
		var left int
		must(t, db.QueryRowContext(ctx, `SELECT COUNT(*) FROM jobs WHERE state = 'pending'`).Scan(&left))
		if left != 0 {
			t.Fatalf("%d old jobs left pending", left)
		}
		// Once moved, the key cancels the River job.
		must(t, q.Enqueue(ctx, jobs.Job{Kind: "note", Key: "never"}))
		must(t, db.InTx(ctx, func(tx *store.Tx) error {
			_, err := tx.ExecContext(ctx, `INSERT INTO jobs (id, kind, dedupe_key, payload, state, run_at, max_attempts, created_at)
				VALUES ('job_4', 'note', 'old-later', '{}', 'pending', $1, 12, $2)`, time.Now().Add(time.Hour).UnixMicro(), store.Now())
			return err
		}))
		_, err = q.RunDue(ctx, time.Now())
		must(t, err)
		must(t, db.InTx(ctx, func(tx *store.Tx) (err error) { cancelled, err = q.CancelTx(ctx, tx, "old-later"); return err }))
		var gone int
		must(t, db.QueryRowContext(ctx, `SELECT COUNT(*) FROM jobs WHERE id = 'job_4'`).Scan(&gone))
		if !cancelled || gone != 0 {
			t.Fatalf("moved job cancelled %v, still in the old table %d", cancelled, gone)
		}
	})
}

// A job a node left running when it died (SIGKILL) is handed back by
// River's rescuer, run by the elected leader, once Lease and 5 s are over,
// and another node runs it.
func TestDeadNodesJobIsRescued(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		q := jobs.New(db, nil)
		q.Lease = time.Second
		ran := make(chan int, 1)
		q.Handle("note", func(ctx context.Context, r jobs.Run) error { ran <- r.Attempt; return nil })
		must(t, q.Enqueue(ctx, jobs.Job{Kind: "note", Key: "orphan", RunAt: time.Now().Add(-time.Hour)}))
		// The dead node had fetched it an hour ago.
		_, err := db.ExecContext(ctx, `UPDATE river_job SET state = 'running', attempt = 1, attempted_at = scheduled_at WHERE kind = 'note'`)
		must(t, err)
		must(t, q.Start(ctx, 20*time.Millisecond))
		select {
		case a := <-ran:
			if a != 2 {
				t.Fatalf("rescued job ran as attempt %d, want 2", a)
			}
		case <-time.After(90 * time.Second):
			t.Fatal("the dead node's job was never rescued")
		}
		cancel()
		q.Wait()
	})
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
