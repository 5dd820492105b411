// Package jobs is souk's durable job queue: timers and deferred work (unpaid
// orders cancelling, delivered orders completing, event dispatch to apps,
// webhook deliveries, transfer and red-packet expiry) kept as rows in the
// database, so a job survives restarts and runs on whichever node claims it.
//
// A job is enqueued inside the transaction that makes it necessary
// (EnqueueTx), so the change and its timer commit or roll back together.
// Jobs run at least once: a node that dies mid-job leaves a lease that
// expires, and the job runs again elsewhere. Handlers must be idempotent
// (they re-read the state they act on, which every domain handler does).
//
// Why not River: River is the model, but its drivers cannot share our
// transactions on both engines with the versions published — riversqlite
// starts at v0.31 and riverdatabasesql (database/sql on PostgreSQL, which is
// how store.Tx reaches pgx) stops at v0.25 — and a job enqueued outside the
// transaction that needs it can be lost. This package is the subset souk
// needs: one table, SQL shared by both engines (with SKIP LOCKED on
// PostgreSQL), leases, retries with backoff and idempotent keys.
package jobs

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"sort"
	"sync"
	"time"

	"github.com/soukhq/souk/store"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/trace"
)

// Job is work to run at or after RunAt.
type Job struct {
	// Kind selects the handler ("order.cancel_unpaid").
	Kind string
	// Key, when set, makes enqueueing idempotent: a second job with the same
	// key is dropped, whatever state the first is in. Use one key per timer
	// ("order.autocomplete:ord_…") so retries of a request never duplicate it.
	Key string
	// RunAt is when the job becomes due (zero: now).
	RunAt time.Time
	// Payload is marshalled to JSON and handed to the handler.
	Payload any
	// MaxAttempts bounds retries (0: 12, about 9 hours of backoff).
	MaxAttempts int
}

// Run is one attempt at a job, as its handler sees it.
type Run struct {
	ID, Kind string
	Payload  json.RawMessage
	Attempt  int // 1 on the first try
	// Now is the clock the queue ran with: the wall clock in production, the
	// time a test passed to RunDue when it fast-forwards. Timer handlers
	// compare deadlines against Now, never time.Now.
	Now time.Time
}

// Handler runs one job. An error schedules a retry with backoff; after
// MaxAttempts the job is marked failed and kept for inspection.
type Handler func(ctx context.Context, r Run) error

// Queue claims due jobs and runs their handlers.
type Queue struct {
	db  *store.DB
	log *slog.Logger

	mu       sync.RWMutex
	handlers map[string]Handler

	// Lease is how long a claimed job is reserved for one node before
	// another may take it over (default 5 minutes).
	Lease time.Duration
	// Batch is how many jobs one claim takes (default 32).
	Batch int

	kick chan struct{}
	// loop is the Start goroutine, for Wait.
	loop sync.WaitGroup
}

// New returns a queue over db. Register handlers with Handle, then Start.
func New(db *store.DB, log *slog.Logger) *Queue {
	if log == nil {
		log = slog.Default()
	}
	return &Queue{db: db, log: log, handlers: map[string]Handler{}, Lease: 5 * time.Minute, Batch: 32, kick: make(chan struct{}, 1)}
}

// Handle registers the handler for kind, replacing any earlier one.
func (q *Queue) Handle(kind string, h Handler) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.handlers[kind] = h
}

// EnqueueTx adds j in tx. With a Key already present it does nothing.
func (q *Queue) EnqueueTx(ctx context.Context, tx *store.Tx, j Job) error {
	return enqueue(ctx, tx, j)
}

// Enqueue adds j in its own transaction and wakes the queue.
func (q *Queue) Enqueue(ctx context.Context, j Job) error {
	err := q.db.InTx(ctx, func(tx *store.Tx) error { return enqueue(ctx, tx, j) })
	if err == nil {
		q.db.AfterCommit(ctx, q.Kick)
	}
	return err
}

func enqueue(ctx context.Context, tx store.Querier, j Job) error {
	if j.Kind == "" {
		return errors.New("jobs: a job needs a kind")
	}
	payload, err := json.Marshal(j.Payload)
	if err != nil {
		return fmt.Errorf("jobs: payload of %s: %w", j.Kind, err)
	}
	runAt := store.Now()
	if !j.RunAt.IsZero() {
		runAt = j.RunAt.UnixMicro()
	}
	maxAttempts := j.MaxAttempts
	if maxAttempts <= 0 {
		maxAttempts = 12
	}
	var key any
	if j.Key != "" {
		key = j.Key
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO jobs (id, kind, dedupe_key, payload, state, run_at, max_attempts, created_at)
		VALUES ($1, $2, $3, $4, 'pending', $5, $6, $7) ON CONFLICT (dedupe_key) DO NOTHING`,
		store.NewID("job"), j.Kind, key, string(payload), runAt, maxAttempts, store.Now())
	return err
}

// CancelTx cancels the pending job with this key, if there is one (a
// shopper confirmed before the auto-complete timer, say). It reports
// whether a job was cancelled.
func (q *Queue) CancelTx(ctx context.Context, tx *store.Tx, key string) (bool, error) {
	res, err := tx.ExecContext(ctx, `UPDATE jobs SET state = 'cancelled', finished_at = $1 WHERE dedupe_key = $2 AND state = 'pending'`, store.Now(), key)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n > 0, err
}

// Kick wakes a started queue so a job enqueued for now runs without waiting
// for the next poll.
func (q *Queue) Kick() {
	select {
	case q.kick <- struct{}{}:
	default:
	}
}

// Start polls for due jobs every interval (default 250 ms) until ctx ends.
func (q *Queue) Start(ctx context.Context, interval time.Duration) {
	if interval <= 0 {
		interval = 250 * time.Millisecond
	}
	q.loop.Add(1)
	go func() {
		defer q.loop.Done()
		t := time.NewTicker(interval)
		defer t.Stop()
		for {
			if _, err := q.RunDue(ctx, time.Now()); err != nil && ctx.Err() == nil {
				q.log.Error("jobs: run due", "error", err.Error())
			}
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			case <-q.kick:
			}
		}
	}()
}

// Wait returns once the loop Start began has ended (its ctx is done) and
// the job it was running has been finished or handed back.
func (q *Queue) Wait() { q.loop.Wait() }

// RunDue claims every job due at or before now, runs it, and returns how
// many ran. Tests fast-forward time by passing a later now. When ctx ends
// (a node shutting down) the claimed jobs it has not finished are handed
// back at once, for another node to run now rather than when their lease
// runs out.
func (q *Queue) RunDue(ctx context.Context, now time.Time) (int, error) {
	total := 0
	for ctx.Err() == nil {
		claimed, err := q.claim(ctx, now)
		if err != nil {
			return total, err
		}
		for i, r := range claimed {
			if ctx.Err() != nil {
				q.release(claimed[i:])
				break
			}
			q.run(ctx, r)
		}
		total += len(claimed)
		if len(claimed) < q.Batch {
			break
		}
	}
	return total, ctx.Err()
}

type claimed struct {
	Run
	maxAttempts int
	runAt       int64
}

// claim marks up to Batch due jobs running under a lease. Jobs whose lease
// ran out (their node died) are claimed again.
func (q *Queue) claim(ctx context.Context, now time.Time) ([]claimed, error) {
	wall := store.Now()
	lockClause := ""
	if q.db.Dialect == store.Postgres {
		lockClause = " FOR UPDATE SKIP LOCKED"
	}
	var out []claimed
	err := q.db.InTx(ctx, func(tx *store.Tx) error {
		out = out[:0]
		rows, err := tx.QueryContext(ctx, `UPDATE jobs SET state = 'running', attempts = attempts + 1, locked_until = $1
			WHERE id IN (SELECT id FROM jobs
				WHERE (state = 'pending' AND run_at <= $2) OR (state = 'running' AND locked_until <= $3)
				ORDER BY run_at, id LIMIT $4`+lockClause+`)
			RETURNING id, kind, payload, attempts, max_attempts, run_at`,
			wall+q.Lease.Microseconds(), now.UnixMicro(), wall, q.Batch)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var c claimed
			var payload string
			if err := rows.Scan(&c.ID, &c.Kind, &payload, &c.Attempt, &c.maxAttempts, &c.runAt); err != nil {
				return err
			}
			c.Payload = json.RawMessage(payload)
			c.Now = now
			out = append(out, c)
		}
		return rows.Err()
	})
	// UPDATE … RETURNING does not keep the subquery's order; jobs of one
	// batch run in the order they fell due (ids break ties: they grow with
	// time), so one order's events reach sinks in sequence on one node.
	sort.Slice(out, func(i, j int) bool {
		if out[i].runAt != out[j].runAt {
			return out[i].runAt < out[j].runAt
		}
		return out[i].ID < out[j].ID
	})
	return out, err
}

func (q *Queue) run(ctx context.Context, c claimed) {
	q.mu.RLock()
	h := q.handlers[c.Kind]
	q.mu.RUnlock()
	var err error
	ctx, span := tracer.Start(ctx, "job "+c.Kind, trace.WithAttributes(
		attribute.String("souk.job", c.ID), attribute.Int("souk.attempt", c.Attempt)))
	defer span.End()
	started := time.Now()
	if due := c.Now.Sub(time.UnixMicro(c.runAt)); c.Now.Sub(started).Abs() < time.Second && due >= 0 {
		// Only on the wall clock: a test fast-forwarding time would
		// record its jump as delay.
		jobLatency.WithLabelValues(c.Kind).Observe(due.Seconds())
	}
	if h == nil {
		err = fmt.Errorf("no handler for job kind %q on this node", c.Kind)
	} else {
		err = safeRun(ctx, h, c.Run)
	}
	if ctx.Err() != nil && err != nil {
		// Shutting down cut the handler short: hand the job back so that
		// another node runs it now (handlers are at-least-once).
		q.release([]claimed{c})
		return
	}
	if err != nil {
		span.SetStatus(codes.Error, err.Error())
	}
	took := time.Since(started)
	jobDuration.WithLabelValues(c.Kind).Observe(took.Seconds())
	if err == nil {
		jobRuns.WithLabelValues(c.Kind, "ok").Inc()
		q.log.Debug("job done", "job", c.ID, "kind", c.Kind, "attempt", c.Attempt, "duration_ms", took.Milliseconds())
		// Recorded even when shutdown began meanwhile: a job that ran must
		// not run again once its lease is over.
		ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
		defer cancel()
		_, err = q.db.ExecContext(ctx, `UPDATE jobs SET state = 'done', finished_at = $1, locked_until = NULL WHERE id = $2 AND state = 'running'`, store.Now(), c.ID)
		if err != nil {
			q.log.Error("jobs: mark done", "job", c.ID, "kind", c.Kind, "error", err.Error())
		}
		return
	}
	state, next := "pending", store.Now()+Backoff(c.Attempt).Microseconds()
	var finished sql.NullInt64
	if c.Attempt >= c.maxAttempts {
		state, finished = "failed", sql.NullInt64{Int64: store.Now(), Valid: true}
		jobRuns.WithLabelValues(c.Kind, "failed").Inc()
		q.log.Error("job failed for good", "job", c.ID, "kind", c.Kind, "attempt", c.Attempt, "error", err.Error())
	} else {
		jobRuns.WithLabelValues(c.Kind, "retry").Inc()
		q.log.Warn("job failed", "job", c.ID, "kind", c.Kind, "attempt", c.Attempt, "retry_in_s", Backoff(c.Attempt).Seconds(), "error", err.Error())
	}
	msg := err.Error()
	if len(msg) > 2000 {
		msg = msg[:2000]
	}
	if _, uerr := q.db.ExecContext(ctx, `UPDATE jobs SET state = $1, run_at = $2, last_error = $3, finished_at = $4, locked_until = NULL WHERE id = $5 AND state = 'running'`,
		state, next, msg, finished, c.ID); uerr != nil {
		q.log.Error("jobs: record failure", "job", c.ID, "error", uerr.Error())
	}
}

// release hands claimed jobs back (pending, due, the attempt not counted).
// A node that cannot reach the database leaves them to their lease.
func (q *Queue) release(cs []claimed) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	for _, c := range cs {
		if _, err := q.db.ExecContext(ctx, `UPDATE jobs SET state = 'pending', attempts = attempts - 1, locked_until = NULL
			WHERE id = $1 AND state = 'running'`, c.ID); err != nil {
			q.log.Error("jobs: hand back on shutdown", "job", c.ID, "kind", c.Kind, "error", err.Error())
		}
	}
}

// safeRun turns a handler panic into an error so one bad job cannot stop
// the queue.
func safeRun(ctx context.Context, h Handler, r Run) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("handler panicked: %v", p)
		}
	}()
	return h(ctx, r)
}

// Backoff is the delay before attempt n+1: 1 s, 4 s, 9 s, … capped at 1 h.
func Backoff(attempt int) time.Duration {
	d := time.Duration(attempt*attempt) * time.Second
	if d > time.Hour || d <= 0 {
		d = time.Hour
	}
	return d
}

// Stats counts jobs by state, for metrics and tests.
func (q *Queue) Stats(ctx context.Context) (map[string]int, error) {
	rows, err := q.db.QueryContext(ctx, `SELECT state, COUNT(*) FROM jobs GROUP BY state`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var s string
		var n int
		if err := rows.Scan(&s, &n); err != nil {
			return nil, err
		}
		out[s] = n
	}
	return out, rows.Err()
}
