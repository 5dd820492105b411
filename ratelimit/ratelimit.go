// Package ratelimit counts requests against budgets that every node shares
// through the database, so a limit holds however many nodes serve and
// whichever node a client reaches.
//
// A budget is Limit.Max requests per Limit.Window for one subject (for
// example "login:203.0.113.7"). Counts live in rate_limit_windows, one row
// per subject and fixed window, incremented by one upsert that works the
// same on SQLite and PostgreSQL. The decision weighs the previous window's
// count by the part of it that still overlaps a sliding window ending now
// (the approximation Cloudflare and nginx use), so a client cannot spend two
// budgets across a window boundary. Every request counts, refused ones too:
// a client that keeps trying stays limited until it pauses.
package ratelimit

import (
	"context"
	"database/sql"
	"errors"
	"sync/atomic"
	"time"

	"github.com/soukhq/souk/store"
)

// Limit is a budget: at most Max requests per Window.
type Limit struct {
	Max    int
	Window time.Duration
}

// Decision is the outcome of one request against a budget.
type Decision struct {
	Allowed bool
	// Count is the weighted number of requests in the sliding window,
	// this one included.
	Count float64
	// RetryAfter is how long a refused client should wait (0 if allowed).
	RetryAfter time.Duration
}

// Limiter counts requests in the database.
type Limiter struct {
	db *store.DB
	// Now is the clock (tests set it).
	Now       func() time.Time
	lastSweep atomic.Int64
}

// New returns a limiter over db.
func New(db *store.DB) *Limiter {
	return &Limiter{db: db, Now: time.Now}
}

// Allow counts one request by subject against l and says whether it may
// proceed.
func (r *Limiter) Allow(ctx context.Context, subject string, l Limit) (Decision, error) {
	if l.Max <= 0 || l.Window <= 0 {
		return Decision{Allowed: true}, nil
	}
	now := r.Now().UnixMicro()
	w := l.Window.Microseconds()
	start := now - now%w
	var hits, prev int64
	err := r.db.InTx(ctx, func(tx *store.Tx) error {
		if err := tx.QueryRowContext(ctx, `
			INSERT INTO rate_limit_windows (subject, window_start, hits, expires_at) VALUES ($1, $2, 1, $3)
			ON CONFLICT (subject, window_start) DO UPDATE SET hits = rate_limit_windows.hits + 1
			RETURNING hits`, subject, start, start+2*w).Scan(&hits); err != nil {
			return err
		}
		prev = 0
		err := tx.QueryRowContext(ctx, `SELECT hits FROM rate_limit_windows WHERE subject = $1 AND window_start = $2`,
			subject, start-w).Scan(&prev)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		return err
	})
	if err != nil {
		return Decision{}, err
	}
	r.sweep(ctx, now, w)
	overlap := float64(w-(now-start)) / float64(w) // share of the previous window still inside
	d := Decision{Count: float64(prev)*overlap + float64(hits)}
	d.Allowed = d.Count <= float64(l.Max)
	if !d.Allowed {
		d.RetryAfter = retryAfter(prev, hits, l.Max, now-start, w)
	}
	return d, nil
}

// retryAfter is how long until the weighted count of a client that stops
// now drops below max, so that its next request is allowed.
func retryAfter(prev, hits int64, max int, elapsed, w int64) time.Duration {
	// In this window: prev*(w-t)/w + hits + 1 <= max  →  t >= w*(1 - (max-hits-1)/prev).
	if room := float64(max) - float64(hits) - 1; prev > 0 && room >= 0 {
		t := float64(w) * (1 - room/float64(prev))
		if t > float64(elapsed) {
			return time.Duration(t-float64(elapsed)) * time.Microsecond
		}
	}
	// Otherwise the next window: hits*(w-t)/w + 1 <= max.
	t := float64(w) * (1 - (float64(max)-1)/float64(hits))
	if t < 0 {
		t = 0
	}
	return time.Duration(float64(w-elapsed)+t) * time.Microsecond
}

// sweep deletes expired windows, at most once per window per node.
func (r *Limiter) sweep(ctx context.Context, now, w int64) {
	last := r.lastSweep.Load()
	if now-last < w || !r.lastSweep.CompareAndSwap(last, now) {
		return
	}
	// Best effort: a failed sweep is retried a window later.
	_, _ = r.db.ExecContext(ctx, `DELETE FROM rate_limit_windows WHERE expires_at < $1`, now)
}
