// Package jobs is souk's durable background work — timers and deferred work
// (unpaid orders cancelling, delivered orders completing, event dispatch to
// apps, webhook deliveries, transfer and red-packet expiry) — run on River
// (github.com/riverqueue/river) on both engines: riversqlite on SQLite,
// riverdatabasesql for inserts and riverpgxv5 (LISTEN/NOTIFY, leader
// election, SKIP LOCKED fetching) for workers on PostgreSQL. River's tables
// are created by `souk migrate` (store.Migrate runs rivermigrate first).
//
// A job is enqueued inside the transaction that makes it necessary
// (EnqueueTx → River's InsertTx on that *sql.Tx), so the change and its
// timer commit or roll back together. Jobs run at least once: a node that
// dies mid-job leaves the job running until River's rescuer (on the leader)
// hands it back after Lease. Handlers must be idempotent (they re-read the
// state they act on, which every domain handler does).
//
// This package is the seam souk code calls: kinds registered with Handle,
// payloads as JSON, idempotent keys (a key stays taken forever, whatever
// became of its job — kept in souk's job_keys table, which also lets a timer
// be cancelled by key), a clock handlers compare deadlines against, and the
// souk_jobs_* metrics. River's UI (riverui) shows and manages the same jobs.
package jobs

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/riverqueue/river/rivertype"
	"github.com/soukhq/souk/store"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/trace"
)

// Job is work to run at or after RunAt.
type Job struct {
	// Kind selects the handler ("order.cancel_unpaid"); it is River's job kind.
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
// MaxAttempts the job is discarded (souk_jobs{state="failed"}) and kept for
// inspection in River's UI.
type Handler func(ctx context.Context, r Run) error

// args is the River job args of every souk job: River's kind is the job's
// kind, the encoded args carry the key (for the UI and for legacy checks)
// and the payload the handler gets.
type args struct {
	kind    string
	Key     string          `json:"key,omitempty"`
	Payload json.RawMessage `json:"payload"`
}

func (a args) Kind() string { return a.kind }

// queueName is River's queue souk's jobs go to.
const queueName = river.QueueDefault

// Queue runs jobs on River.
type Queue struct {
	db  *store.DB
	log *slog.Logger

	mu       sync.RWMutex
	handlers map[string]Handler
	workers  *river.Workers

	// Lease is how long a job may run before its context is cancelled
	// (River's JobTimeout); a job left running by a node that died is
	// handed back by River's rescuer shortly after (default 5 minutes).
	Lease time.Duration
	// Workers is how many jobs one node runs at once (default 10).
	Workers int

	// client inserts, cancels and lists jobs and backs River's UI: a
	// *sql.Tx client (riversqlite / riverdatabasesql) so inserts join
	// store transactions. It never works jobs.
	client *river.Client[*sql.Tx]

	// runner is the client Start runs: riverpgxv5 on PostgreSQL (LISTEN
	// for inserts, leader election), riversqlite on SQLite.
	runner   runner
	stopping atomic.Bool
	loop     sync.WaitGroup

	// due works jobs for RunDue, on a stubbed clock, one at a time.
	dueMu    sync.Mutex
	due      atomic.Pointer[river.Client[*sql.Tx]]
	dueClock *clock
	dueRuns  atomic.Int64

	legacyMu sync.Mutex
}

// runner is the part of a River client Start needs, whatever its driver.
type runner interface {
	Start(ctx context.Context) error
	Stop(ctx context.Context) error
	StopAndCancel(ctx context.Context) error
}

// New returns a queue over db. Register handlers with Handle, then Start.
func New(db *store.DB, log *slog.Logger) *Queue {
	if log == nil {
		log = slog.Default()
	}
	q := &Queue{db: db, log: log, handlers: map[string]Handler{}, workers: river.NewWorkers(), Lease: 5 * time.Minute, Workers: 10}
	c, err := river.NewClient(db.RiverDriver(), &river.Config{
		Logger:              riverLogger(log),
		SkipUnknownJobCheck: true,
		Workers:             q.workers,
	})
	if err != nil {
		// Only invalid static configuration fails here.
		panic(fmt.Sprintf("jobs: river client: %v", err))
	}
	q.client = c
	return q
}

// River returns the River client over the queue's database, for River's UI.
func (q *Queue) River() *river.Client[*sql.Tx] { return q.client }

// Handle registers the handler for kind, replacing any earlier one. Call it
// before Start (River's worker registry is read while jobs run).
func (q *Queue) Handle(kind string, h Handler) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if _, ok := q.handlers[kind]; !ok {
		river.AddWorkerArgs(q.workers, args{kind: kind}, river.Worker[args](&worker{q: q}))
	}
	q.handlers[kind] = h
}

// EnqueueTx adds j in tx. With a Key already taken it does nothing.
func (q *Queue) EnqueueTx(ctx context.Context, tx *store.Tx, j Job) error {
	if j.Kind == "" {
		return errors.New("jobs: a job needs a kind")
	}
	payload, err := json.Marshal(j.Payload)
	if err != nil {
		return fmt.Errorf("jobs: payload of %s: %w", j.Kind, err)
	}
	if j.Key != "" {
		res, err := tx.ExecContext(ctx, `INSERT INTO job_keys (key, created_at) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING`, j.Key, store.Now())
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return err
		}
		if taken, err := legacyKeyTaken(ctx, tx, j.Key); err != nil || taken {
			return err
		}
	}
	maxAttempts := j.MaxAttempts
	if maxAttempts <= 0 {
		maxAttempts = 12
	}
	res, err := q.client.InsertTx(ctx, tx.Tx, args{kind: j.Kind, Key: j.Key, Payload: payload},
		&river.InsertOpts{MaxAttempts: maxAttempts, ScheduledAt: j.RunAt, Queue: queueName})
	if err != nil {
		return fmt.Errorf("jobs: insert %s: %w", j.Kind, err)
	}
	if j.Key != "" {
		_, err = tx.ExecContext(ctx, `UPDATE job_keys SET job_id = $1 WHERE key = $2`, res.Job.ID, j.Key)
	}
	return err
}

// Enqueue adds j in its own transaction.
func (q *Queue) Enqueue(ctx context.Context, j Job) error {
	return q.db.InTx(ctx, func(tx *store.Tx) error { return q.EnqueueTx(ctx, tx, j) })
}

// CancelTx cancels the job with this key if it has not started (a shopper
// confirmed before the auto-complete timer, say). It reports whether a job
// was cancelled.
func (q *Queue) CancelTx(ctx context.Context, tx *store.Tx, key string) (bool, error) {
	if ok, err := cancelLegacy(ctx, tx, key); err != nil || ok {
		return ok, err
	}
	var id sql.NullInt64
	err := tx.QueryRowContext(ctx, `SELECT job_id FROM job_keys WHERE key = $1`, key).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && !id.Valid) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	row, err := q.client.JobGetTx(ctx, tx.Tx, id.Int64)
	if errors.Is(err, river.ErrNotFound) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	switch row.State {
	case rivertype.JobStateAvailable, rivertype.JobStateScheduled, rivertype.JobStateRetryable, rivertype.JobStatePending:
	default:
		return false, nil
	}
	row, err = q.client.JobCancelTx(ctx, tx.Tx, id.Int64)
	if err != nil {
		return false, err
	}
	return row.State == rivertype.JobStateCancelled, nil
}

// Start runs jobs on this node until ctx ends: River's client with Workers
// workers, polling every interval (default 250 ms) on top of insert
// notifications. When ctx ends, running handlers see their context
// cancelled and the jobs they had not finished are handed back at once
// (River snooze: due now, the attempt not counted) for another node.
func (q *Queue) Start(ctx context.Context, interval time.Duration) error {
	if interval <= 0 {
		interval = 250 * time.Millisecond
	}
	if err := q.adoptLegacy(ctx); err != nil {
		q.log.Error("jobs: move jobs of the old queue to River", "error", err.Error())
	}
	cfg := q.config(interval, q.Workers, nil)
	var err error
	if q.db.PG != nil {
		q.runner, err = river.NewClient[pgx.Tx](riverpgxv5.New(q.db.PG), cfg)
	} else {
		q.runner, err = river.NewClient(q.db.RiverDriver(), cfg)
	}
	if err != nil {
		return fmt.Errorf("jobs: river client: %w", err)
	}
	if err := q.runner.Start(context.WithoutCancel(ctx)); err != nil {
		return fmt.Errorf("jobs: start river: %w", err)
	}
	q.loop.Add(1)
	go func() {
		defer q.loop.Done()
		tick := time.NewTicker(legacyEvery)
		defer tick.Stop()
	wait:
		for {
			select {
			case <-ctx.Done():
				break wait
			case <-tick.C:
				if err := q.adoptLegacy(ctx); err != nil && ctx.Err() == nil {
					q.log.Error("jobs: move jobs of the old queue to River", "error", err.Error())
				}
			}
		}
		q.stopping.Store(true)
		stop, cancel := context.WithTimeout(context.Background(), 15*time.Second)
		defer cancel()
		if err := q.runner.StopAndCancel(stop); err != nil {
			q.log.Error("jobs: stop river", "error", err.Error())
		}
	}()
	return nil
}

// Wait returns once the River client Start began has stopped (its ctx is
// done) and the jobs it was running have been finished or handed back.
func (q *Queue) Wait() { q.loop.Wait() }

func (q *Queue) config(interval time.Duration, workers int, now *clock) *river.Config {
	if workers <= 0 {
		workers = 10
	}
	lease := q.Lease
	if lease <= 0 {
		lease = 5 * time.Minute
	}
	cfg := &river.Config{
		Logger:               riverLogger(q.log),
		SkipUnknownJobCheck:  true,
		Workers:              q.workers,
		Queues:               map[string]river.QueueConfig{queueName: {MaxWorkers: workers}},
		FetchPollInterval:    interval,
		FetchCooldown:        min(interval, 50*time.Millisecond),
		JobTimeout:           lease,
		RescueStuckJobsAfter: lease + 5*time.Second,
		// Keys live in job_keys for good; River's rows are kept a week
		// for the UI and for investigation.
		CompletedJobRetentionPeriod: 7 * 24 * time.Hour,
		CancelledJobRetentionPeriod: 7 * 24 * time.Hour,
		DiscardedJobRetentionPeriod: 30 * 24 * time.Hour,
		RetryPolicy:                 retryPolicy{now},
	}
	if now != nil {
		cfg.Test.Time = now
	}
	return cfg
}

// RunDue works every job due at or before now, and the jobs those enqueue
// that are due by then, one at a time in the order they fell due, and
// returns how many attempts it made. A job that fails is retried by a later
// RunDue, not this one. Tests fast-forward time by passing a later now:
// River runs on a clock frozen at it (Config.Test.Time), and handlers see it
// as Run.Now.
func (q *Queue) RunDue(ctx context.Context, now time.Time) (int, error) {
	q.dueMu.Lock()
	defer q.dueMu.Unlock()
	if err := q.adoptLegacy(ctx); err != nil {
		return 0, err
	}
	due := q.due.Load()
	if due == nil {
		q.dueClock = &clock{}
		c, err := river.NewClient(q.db.RiverDriver(), q.config(5*time.Millisecond, 1, q.dueClock))
		if err != nil {
			return 0, fmt.Errorf("jobs: river client: %w", err)
		}
		due = c
		q.due.Store(c)
	}
	q.dueClock.setTo(now)
	defer q.dueClock.setTo(time.Time{})
	q.dueRuns.Store(0)
	exec := q.db.RiverDriver().GetExecutor()
	schedule := func() error {
		t := q.dueClock.Now().UTC()
		_, err := exec.JobSchedule(ctx, &riverdriver.JobScheduleParams{Max: 10000, Now: &t})
		return err
	}
	if err := schedule(); err != nil {
		return 0, err
	}
	pending, err := q.dueCount(ctx)
	if err != nil || pending == 0 {
		return 0, err
	}
	if err := due.Start(context.WithoutCancel(ctx)); err != nil {
		return 0, err
	}
	defer func() {
		stop, cancel := context.WithTimeout(context.Background(), 15*time.Second)
		defer cancel()
		if err := due.Stop(stop); err != nil {
			q.log.Error("jobs: stop river", "error", err.Error())
		}
	}()
	for {
		select {
		case <-ctx.Done():
			return int(q.dueRuns.Load()), ctx.Err()
		case <-time.After(5 * time.Millisecond):
		}
		if err := schedule(); err != nil {
			return int(q.dueRuns.Load()), err
		}
		n, err := q.dueCount(ctx)
		if err != nil {
			return int(q.dueRuns.Load()), err
		}
		if n == 0 {
			return int(q.dueRuns.Load()), nil
		}
	}
}

// dueCount is how many jobs are available or running with scheduled_at at
// or before the stubbed clock.
func (q *Queue) dueCount(ctx context.Context) (int, error) {
	now := q.dueClock.Now()
	res, err := q.client.JobList(ctx, river.NewJobListParams().
		States(rivertype.JobStateAvailable, rivertype.JobStateRunning).First(10000))
	if err != nil {
		return 0, err
	}
	n := 0
	for _, j := range res.Jobs {
		if !j.ScheduledAt.After(now) {
			n++
		}
	}
	return n, nil
}

// worker runs every kind: it looks the handler up by River's job kind.
type worker struct {
	river.WorkerDefaults[args]
	q *Queue
}

func (w *worker) Work(ctx context.Context, j *river.Job[args]) error {
	q := w.q
	q.mu.RLock()
	h := q.handlers[j.Kind]
	q.mu.RUnlock()
	now, stubbed := time.Now(), false
	if c, err := river.ClientFromContextSafely[*sql.Tx](ctx); err == nil && c != nil && c == q.due.Load() {
		now, stubbed = q.dueClock.Now(), true
		q.dueRuns.Add(1)
	}
	id := strconv.FormatInt(j.ID, 10)
	ctx, span := tracer.Start(ctx, "job "+j.Kind, trace.WithAttributes(
		attribute.String("souk.job", id), attribute.Int("souk.attempt", j.Attempt)))
	defer span.End()
	started := time.Now()
	if due := started.Sub(j.ScheduledAt); !stubbed && due >= 0 {
		// Only on the wall clock: a test fast-forwarding time would
		// record its jump as delay.
		jobLatency.WithLabelValues(j.Kind).Observe(due.Seconds())
	}
	var err error
	if h == nil {
		err = fmt.Errorf("no handler for job kind %q on this node", j.Kind)
	} else {
		err = safeRun(ctx, h, Run{ID: id, Kind: j.Kind, Payload: j.Args.Payload, Attempt: j.Attempt, Now: now})
	}
	if err != nil && ctx.Err() != nil && q.stopping.Load() {
		// Shutting down cut the handler short: hand the job back, due
		// now and the attempt not counted, so another node runs it.
		return river.JobSnooze(0)
	}
	took := time.Since(started)
	jobDuration.WithLabelValues(j.Kind).Observe(took.Seconds())
	if err == nil {
		jobRuns.WithLabelValues(j.Kind, "ok").Inc()
		q.log.Debug("job done", "job", id, "kind", j.Kind, "attempt", j.Attempt, "duration_ms", took.Milliseconds())
		return nil
	}
	span.SetStatus(codes.Error, err.Error())
	if j.Attempt >= j.MaxAttempts {
		jobRuns.WithLabelValues(j.Kind, "failed").Inc()
		q.log.Error("job failed for good", "job", id, "kind", j.Kind, "attempt", j.Attempt, "error", err.Error())
	} else {
		jobRuns.WithLabelValues(j.Kind, "retry").Inc()
		q.log.Warn("job failed", "job", id, "kind", j.Kind, "attempt", j.Attempt, "retry_in_s", Backoff(j.Attempt).Seconds(), "error", err.Error())
	}
	return err
}

// safeRun turns a handler panic into an error so one bad job is retried
// like any failure (River would too; this keeps the metrics right).
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

// retryPolicy is souk's Backoff as River's retry policy, from the wall
// clock as in production. Under RunDue a retry is never due within the same
// RunDue (at least a millisecond past its stubbed clock): the next RunDue
// with a later time runs it, one attempt per fast-forward.
type retryPolicy struct{ clock *clock }

func (p retryPolicy) NextRetry(j *rivertype.JobRow) time.Time {
	next := time.Now().Add(Backoff(j.Attempt))
	if p.clock != nil {
		if at := p.clock.NowOrNil(); at != nil && !next.After(*at) {
			next = at.Add(time.Millisecond)
		}
	}
	return next
}

// clock is RunDue's River time generator: frozen at the time RunDue was
// given, the wall clock otherwise.
type clock struct {
	mu sync.Mutex
	at time.Time
}

func (c *clock) setTo(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.at = t
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.at.IsZero() {
		return time.Now()
	}
	return c.at
}

func (c *clock) NowOrNil() *time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.at.IsZero() {
		return nil
	}
	t := c.at.UTC()
	return &t
}

// Stats counts jobs by souk state, for metrics and tests: pending (River's
// available, scheduled, retryable and pending), running, done (completed),
// failed (discarded) and cancelled.
func (q *Queue) Stats(ctx context.Context) (map[string]int, error) {
	rows, err := q.db.QueryContext(ctx, `SELECT state, COUNT(*) FROM river_job GROUP BY state`)
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
		out[soukState(rivertype.JobState(s))] += n
	}
	return out, rows.Err()
}

func soukState(s rivertype.JobState) string {
	switch s {
	case rivertype.JobStateAvailable, rivertype.JobStateScheduled, rivertype.JobStateRetryable, rivertype.JobStatePending:
		return "pending"
	case rivertype.JobStateRunning:
		return "running"
	case rivertype.JobStateCompleted:
		return "done"
	case rivertype.JobStateDiscarded:
		return "failed"
	case rivertype.JobStateCancelled:
		return "cancelled"
	}
	return string(s)
}

// riverLogger keeps River's own chatter (client started, leadership) at
// debug level under souk's logger, and its warnings and errors as they are.
func riverLogger(log *slog.Logger) *slog.Logger {
	return slog.New(levelShift{log.Handler()}).With("component", "river")
}

type levelShift struct{ slog.Handler }

func (h levelShift) Handle(ctx context.Context, r slog.Record) error {
	if r.Level == slog.LevelInfo {
		r.Level = slog.LevelDebug
	}
	if !h.Handler.Enabled(ctx, r.Level) {
		return nil
	}
	return h.Handler.Handle(ctx, r)
}

func (h levelShift) Enabled(ctx context.Context, l slog.Level) bool {
	if l == slog.LevelInfo {
		l = slog.LevelDebug
	}
	return h.Handler.Enabled(ctx, l)
}

func (h levelShift) WithAttrs(a []slog.Attr) slog.Handler { return levelShift{h.Handler.WithAttrs(a)} }
func (h levelShift) WithGroup(n string) slog.Handler      { return levelShift{h.Handler.WithGroup(n)} }
