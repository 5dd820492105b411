package jobs

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/riverqueue/river"
	"github.com/soukhq/souk/store"
)

// adoptLegacy moves the jobs souk's own queue left pending or running
// (table jobs_legacy, renamed by migration 00030) onto River, once per
// queue: each becomes a River job due when it was, its key taken in
// job_keys, in one transaction with its removal from the old table. Keys of
// finished jobs were copied to job_keys by the migration.
func (q *Queue) adoptLegacy(ctx context.Context) error {
	q.legacyMu.Lock()
	defer q.legacyMu.Unlock()
	if q.legacyDone {
		return nil
	}
	err := q.db.InTx(ctx, func(tx *store.Tx) error {
		type legacy struct {
			id, kind, payload string
			key               *string
			runAt             int64
			attempts, max     int
		}
		rows, err := tx.QueryContext(ctx, `SELECT id, kind, dedupe_key, payload, run_at, attempts, max_attempts
			FROM jobs_legacy WHERE state IN ('pending', 'running') ORDER BY run_at, id`)
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
			if _, err := tx.ExecContext(ctx, `DELETE FROM jobs_legacy WHERE id = $1`, l.id); err != nil {
				return err
			}
		}
		return nil
	})
	if err == nil {
		q.legacyDone = true
	}
	return err
}
