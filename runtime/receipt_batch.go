package runtime

import (
	"context"
	"database/sql"
	stdjson "encoding/json"
	"sync"
	"sync/atomic"

	"github.com/soukhq/souk/internal/groupcommit"
	"github.com/soukhq/souk/store"
)

// Receipts are written by group commit: an event's receipt joins the
// receipts of the events that ended while the previous batch committed, and
// one transaction with two statements (every receipt, then every log line,
// each as one JSON array parameter) commits them all. Under load one commit
// — on SQLite one turn of the single writer and one WAL sync — serves many
// events instead of one each.
//
// Acknowledged means durable: Run returns an event's result (and so its
// receipt id, which the API hands to the client) only after the
// transaction carrying that receipt has committed. A process killed at any
// moment loses only receipts whose events had not returned; a batch that
// fails is retried receipt by receipt, so one bad receipt fails alone.

// receiptUnit is one receipt (and its event's recording, if one was made)
// waiting for, then written by, a batch.
type receiptUnit struct {
	r   *Receipt
	rec *encodedRecording
	err error
}

// receiptWriter batches receipt writes for an engine.
type receiptWriter struct {
	db      *store.DB
	batcher *groupcommit.Batcher[*receiptUnit]
	insRcp  string
	insLogs string

	once  sync.Once
	stmts atomic.Pointer[map[string]*sql.Stmt] // prepared on SQLite's writer, once
}

func newReceiptWriter(db *store.DB) *receiptWriter {
	w := &receiptWriter{db: db}
	each, jsonb := `json_each($1)`, func(x string) string { return x }
	if db != nil && db.Dialect == store.Postgres {
		each = `jsonb_array_elements($1::jsonb)`
		jsonb = func(x string) string { return `CAST(` + x + ` AS JSONB)` }
	}
	w.insRcp = `INSERT INTO receipts (id, app_id, version, installation_id, event, outcome, reason, error,
		bundle_hash, started_at, wall_us, cpu_us, compile_us, host_calls, bytes_in, bytes_out, log_lines, logs_dropped,
		memory_bytes, alloc_bytes, limits, queue_us, runtime)
		SELECT value->>0, value->>1, value->>2, value->>3, value->>4, value->>5, value->>6, ` + jsonb(`value->>7`) + `,
		value->>8, CAST(value->>9 AS BIGINT), CAST(value->>10 AS BIGINT), CAST(value->>11 AS BIGINT), CAST(value->>12 AS BIGINT),
		CAST(value->>13 AS INTEGER), CAST(value->>14 AS BIGINT), CAST(value->>15 AS BIGINT), CAST(value->>16 AS INTEGER),
		CAST(value->>17 AS INTEGER), CAST(value->>18 AS BIGINT), CAST(value->>19 AS BIGINT), ` + jsonb(`value->>20`) + `,
		CAST(value->>21 AS BIGINT), value->>22
		FROM ` + each
	w.insLogs = `INSERT INTO receipt_logs (receipt_id, seq, source, level, message, fields, at_us)
		SELECT value->>0, CAST(value->>1 AS INTEGER), value->>2, value->>3, value->>4, ` + jsonb(`value->>5`) + `, CAST(value->>6 AS BIGINT)
		FROM ` + each
	// Receipts never conflict: on PostgreSQL two batches commit at once
	// (one's WAL flush overlaps the other's statements); SQLite has one
	// writer.
	workers := 1
	if db != nil && db.Dialect == store.Postgres {
		workers = 2
	}
	w.batcher = groupcommit.New(groupcommit.Options{Workers: workers}, w.commit)
	return w
}

// save writes r, and rec if not nil, and returns once the batch carrying
// them has committed.
func (w *receiptWriter) save(ctx context.Context, r *Receipt, rec *encodedRecording) error {
	u := &receiptUnit{r: r, rec: rec}
	if err := w.batcher.Do(ctx, u); err != nil {
		return err
	}
	return u.err
}

// close stops the batcher after the batches in flight (a receipt still
// queued is not written, and its save fails).
func (w *receiptWriter) close() { w.batcher.Close() }

// commit writes a batch in one transaction; if that fails, each receipt in
// a transaction of its own.
func (w *receiptWriter) commit(ctx context.Context, units []*receiptUnit) {
	w.prepare(ctx)
	err := w.db.InTx(ctx, func(tx *store.Tx) error { return w.insert(ctx, tx, units) })
	if err == nil || len(units) == 1 {
		for _, u := range units {
			u.err = err
		}
		return
	}
	for _, u := range units {
		u.err = w.db.InTx(ctx, func(tx *store.Tx) error { return w.insert(ctx, tx, []*receiptUnit{u}) })
	}
}

func (w *receiptWriter) insert(ctx context.Context, tx *store.Tx, units []*receiptUnit) error {
	rows := make([][23]any, 0, len(units))
	var logs [][7]any
	for _, u := range units {
		r := u.r
		var errJSON, limitsJSON any
		if r.Error != nil {
			b, err := stdjson.Marshal(r.Error)
			if err != nil {
				return err
			}
			errJSON = string(b)
		}
		if r.Limits != nil {
			b, err := stdjson.Marshal(r.Limits)
			if err != nil {
				return err
			}
			limitsJSON = string(b)
		}
		rows = append(rows, [23]any{r.ID, r.AppID, r.Version, r.InstallationID, r.Event, r.Outcome, r.Reason, errJSON,
			r.BundleHash, r.StartedAt.UnixMicro(), r.WallMicros, r.CPUMicros, r.CompileMicros, r.HostCalls,
			r.BytesIn, r.BytesOut, r.LogLines, r.LogsDropped, r.MemoryBytes, r.AllocBytes, limitsJSON, r.QueueMicros, r.Runtime})
		for _, l := range r.Logs {
			var fields any
			if len(l.Fields) > 0 {
				fields = string(l.Fields)
			}
			logs = append(logs, [7]any{r.ID, l.Seq, l.Source, l.Level, l.Message, fields, l.AtMicros})
		}
	}
	if err := w.exec(ctx, tx, w.insRcp, rows); err != nil {
		return err
	}
	if len(logs) > 0 {
		if err := w.exec(ctx, tx, w.insLogs, logs); err != nil {
			return err
		}
	}
	// Recordings one statement each: their data is binary, and the
	// statement is prepared, so each costs an insert, not a parse.
	for _, u := range units {
		if u.rec == nil {
			continue
		}
		var err error
		if st := w.stmt(insertRecording); st != nil {
			_, err = tx.StmtContext(ctx, st).ExecContext(ctx, u.rec.args()...)
		} else {
			_, err = tx.ExecContext(ctx, insertRecording, u.rec.args()...)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func (w *receiptWriter) exec(ctx context.Context, tx *store.Tx, q string, rows any) error {
	b, err := stdjson.Marshal(rows)
	if err != nil {
		return err
	}
	if st := w.stmt(q); st != nil {
		_, err = tx.StmtContext(ctx, st).ExecContext(ctx, string(b))
	} else {
		_, err = tx.ExecContext(ctx, q, string(b))
	}
	return err
}

// prepare prepares the two inserts once on the SQLite writer, outside any
// transaction (PostgreSQL's pgx caches its own); if that fails, batches run
// the text.
func (w *receiptWriter) prepare(ctx context.Context) {
	if w.db.Dialect != store.SQLite {
		return
	}
	w.once.Do(func() {
		m := map[string]*sql.Stmt{}
		for _, q := range []string{w.insRcp, w.insLogs, insertRecording} {
			st, err := w.db.PrepareWrite(context.WithoutCancel(ctx), q)
			if err != nil {
				for _, st := range m {
					st.Close()
				}
				return
			}
			m[q] = st
		}
		w.stmts.Store(&m)
	})
}

// stmt is q's prepared statement, or nil before prepare (or on PostgreSQL).
func (w *receiptWriter) stmt(q string) *sql.Stmt {
	if m := w.stmts.Load(); m != nil {
		return (*m)[q]
	}
	return nil
}
