package jobs

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/riverqueue/river"
	"github.com/soukhq/souk/store"
)

// The old queue's table, jobs, stays while nodes of the previous release
// may still run (migrations are expand-only within a release): they keep
// enqueueing and running jobs there during a rolling update. Nodes of this
// release move the jobs it holds pending (or left running past their lease
// by a dead node) onto River — at start, before each RunDue and every
// legacyEvery — and honour its keys. A later release drops the table and
// this file.
const legacyEvery = time.Minute

// adoptLegacy moves up to 500 such jobs per transaction onto River: each
// becomes a River job due when it was, its key pointing at it in job_keys,
// in one transaction with its removal from the old table.
func (q *Queue) adoptLegacy(ctx context.Context) error {
	q.legacyMu.Lock()
	defer q.legacyMu.Unlock()
	lock := ""
	if q.db.Dialect == store.Postgres {
		lock = " FOR UPDATE SKIP LOCKED"
	}
	for {
		moved := 0
		err := q.db.InTx(ctx, func(tx *store.Tx) error {
			type legacy struct {
				id, kind, payload string
				key               *string
				runAt             int64
				attempts, max     int
			}
			rows, err := tx.QueryContext(ctx, `SELECT id, kind, dedupe_key, payload, run_at, attempts, max_attempts FROM jobs
				WHERE state = 'pending' OR (state = 'running' AND locked_until <= $1) ORDER BY run_at, id LIMIT 500`+lock, store.Now())
			if err != nil {
				return err
			}
			var all []legacy
			for rows.Next() {
				var l legacy
				if err := rows.Scan(&l.id, &l.kind, &l.key, &l.payload, &l.runAt, &l.attempts, &l.max); err != nil {
					rows.Close()
					return err
				}
				all = append(all, l)
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return err
			}
			for _, l := range all {
				key := ""
				if l.key != nil {
					key = *l.key
				}
				res, err := q.client.InsertTx(ctx, tx.Tx, args{kind: l.kind, Key: key, Payload: json.RawMessage(l.payload)},
					&river.InsertOpts{MaxAttempts: max(l.max-l.attempts, 1), ScheduledAt: time.UnixMicro(l.runAt), Queue: queueName})
				if err != nil {
					return fmt.Errorf("job %s: %w", l.id, err)
				}
				if key != "" {
					if _, err := tx.ExecContext(ctx, `INSERT INTO job_keys (key, job_id, created_at) VALUES ($1, $2, $3)
						ON CONFLICT (key) DO UPDATE SET job_id = excluded.job_id`, key, res.Job.ID, store.Now()); err != nil {
						return err
					}
				}
				if _, err := tx.ExecContext(ctx, `DELETE FROM jobs WHERE id = $1`, l.id); err != nil {
					return err
				}
			}
			moved = len(all)
			return nil
		})
		if err != nil || moved < 500 {
			return err
		}
	}
}

// legacyKeyTaken reports whether the old queue holds a job with this key
// (one a node of the previous release enqueued during a rolling update).
func legacyKeyTaken(ctx context.Context, tx *store.Tx, key string) (bool, error) {
	var n int
	err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM jobs WHERE dedupe_key = $1`, key).Scan(&n)
	return n > 0, err
}

// cancelLegacy cancels the old queue's pending job with this key.
func cancelLegacy(ctx context.Context, tx *store.Tx, key string) (bool, error) {
	res, err := tx.ExecContext(ctx, `UPDATE jobs SET state = 'cancelled', finished_at = $1 WHERE dedupe_key = $2 AND state = 'pending'`, store.Now(), key)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n > 0, err
}
