// Package store is souk's database layer: one DB type over two engines,
// SQLite (embedded default, modernc.org/sqlite) and PostgreSQL (pgx v5),
// with migrations per dialect and transactions that retry on the errors
// each engine uses to say "try again".
//
// SQL is written once with $1-style placeholders (both engines accept them)
// and, where the engines differ, per dialect (see DB.Dialect). Times are
// stored as BIGINT Unix microseconds so ordering and arithmetic are identical
// on both engines; JSON is TEXT on SQLite and JSONB on PostgreSQL.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/pgx/v5/stdlib"
	_ "modernc.org/sqlite" // registers the "sqlite" database/sql driver
)

// Dialect names a database engine.
type Dialect string

const (
	SQLite   Dialect = "sqlite"
	Postgres Dialect = "postgres"
)

// Querier is what both *DB and *Tx offer; repositories take it so the same
// code runs inside or outside a transaction.
type Querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// DB is an open souk database.
type DB struct {
	Dialect Dialect
	// write is the connection pool used for writes and transactions. On
	// SQLite it holds exactly one connection: SQLite has one writer, and
	// queuing writers in Go is cheaper and fairer than busy-waiting in SQLite.
	write *sql.DB
	// read serves plain reads. On SQLite it is a separate pool of read-only
	// connections (WAL lets them run beside the writer); on PostgreSQL it is
	// the same pool as write.
	read *sql.DB
	// PG is the native pgx pool on PostgreSQL (nil on SQLite), for fast
	// paths such as batching, COPY and LISTEN/NOTIFY.
	PG *pgxpool.Pool
	// readStmts caches prepared statements of plain reads on SQLite by
	// query text (PostgreSQL's pgx caches its own), so a hot read is not
	// parsed and planned again on every call. Bounded by maxReadStmts.
	readStmts sync.Map // string → *sql.Stmt
	readN     atomic.Int32
}

// maxReadStmts bounds the SQLite read statement cache; queries past it
// (generated ones, with IN lists of every length) are prepared per call.
const maxReadStmts = 512

// readStmt returns the cached prepared statement for q on the SQLite read
// pool, preparing it the first time; nil if it cannot be cached.
func (db *DB) readStmt(ctx context.Context, q string) *sql.Stmt {
	if v, ok := db.readStmts.Load(q); ok {
		return v.(*sql.Stmt)
	}
	if db.readN.Load() >= maxReadStmts {
		return nil
	}
	st, err := db.read.PrepareContext(context.WithoutCancel(ctx), q)
	if err != nil {
		return nil // the plain call reports the error
	}
	if v, loaded := db.readStmts.LoadOrStore(q, st); loaded {
		st.Close()
		return v.(*sql.Stmt)
	}
	db.readN.Add(1)
	return st
}

// Options configure Open.
type Options struct {
	// DatabaseURL is a postgres:// URL; empty means SQLite under DataDir.
	DatabaseURL string
	// DataDir holds souk.db when on SQLite.
	DataDir string
	// MaxConns bounds the PostgreSQL pool (default 4 × GOMAXPROCS by pgx).
	MaxConns int32
}

// Open connects to the database named by opts. It does not migrate; call
// Migrate (souk serve does it at start-up).
func Open(ctx context.Context, opts Options) (*DB, error) {
	if u := opts.DatabaseURL; u != "" {
		if !strings.HasPrefix(u, "postgres://") && !strings.HasPrefix(u, "postgresql://") {
			return nil, errors.New("DATABASE_URL must be a postgres:// URL")
		}
		return openPostgres(ctx, u, opts.MaxConns)
	}
	if opts.DataDir == "" {
		return nil, errors.New("store: no DATABASE_URL and no data directory")
	}
	if err := os.MkdirAll(opts.DataDir, 0o700); err != nil {
		return nil, fmt.Errorf("store: create data directory: %w", err)
	}
	return openSQLite(ctx, filepath.Join(opts.DataDir, "souk.db"))
}

func openPostgres(ctx context.Context, url string, maxConns int32) (*DB, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("store: parse DATABASE_URL: %w", err)
	}
	if maxConns > 0 {
		cfg.MaxConns = maxConns
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("store: connect to PostgreSQL: %w", err)
	}
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("store: connect to PostgreSQL: %w", err)
	}
	sqlDB := stdlib.OpenDBFromPool(pool)
	return &DB{Dialect: Postgres, write: sqlDB, read: sqlDB, PG: pool}, nil
}

func openSQLite(ctx context.Context, path string) (*DB, error) {
	const pragmas = "_pragma=journal_mode(WAL)&_pragma=busy_timeout(10000)&_pragma=foreign_keys(1)&_pragma=synchronous(NORMAL)"
	w, err := sql.Open("sqlite", "file:"+path+"?"+pragmas+"&_txlock=immediate")
	if err != nil {
		return nil, fmt.Errorf("store: open SQLite: %w", err)
	}
	w.SetMaxOpenConns(1)
	w.SetMaxIdleConns(1)
	w.SetConnMaxLifetime(0)
	if err := w.PingContext(ctx); err != nil {
		w.Close()
		return nil, fmt.Errorf("store: open SQLite %s: %w", path, err)
	}
	r, err := sql.Open("sqlite", "file:"+path+"?"+pragmas+"&_pragma=query_only(1)")
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("store: open SQLite: %w", err)
	}
	r.SetMaxOpenConns(8)
	// Keep them all: database/sql keeps 2 idle by default, so under load
	// the other six were opened (pragmas, schema parse) and closed again
	// on every burst.
	r.SetMaxIdleConns(8)
	r.SetConnMaxLifetime(0)
	return &DB{Dialect: SQLite, write: w, read: r}, nil
}

// Close releases every connection.
func (db *DB) Close() error {
	db.readStmts.Range(func(_, v any) bool { v.(*sql.Stmt).Close(); return true })
	err := db.write.Close()
	if db.read != db.write {
		err = errors.Join(err, db.read.Close())
	}
	if db.PG != nil {
		db.PG.Close()
	}
	return err
}

// Ping checks the database answers (for /readyz).
func (db *DB) Ping(ctx context.Context) error { return db.read.PingContext(ctx) }

// SQL returns the writer pool, for libraries that want a *sql.DB (goose,
// River's database/sql driver). Domain code uses the DB methods instead.
func (db *DB) SQL() *sql.DB { return db.write }

// PrepareWrite prepares query once on the writer pool, for a hot statement
// that transactions then run through tx.StmtContext: on SQLite, where
// parsing is a large share of a small statement's cost, that skips the
// parse (the one writer connection keeps the prepared statement). Call it
// outside any transaction: on SQLite it waits for the writer.
func (db *DB) PrepareWrite(ctx context.Context, query string) (*sql.Stmt, error) {
	return db.write.PrepareContext(ctx, query)
}

// Stats returns connection-pool statistics for metrics.
func (db *DB) Stats() sql.DBStats { return db.write.Stats() }

// ExecContext runs a write outside an explicit transaction.
// Inside a request transaction (BeginRequest) it goes through that.
func (db *DB) ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error) {
	if r := db.requestTx(ctx); r != nil {
		// In a savepoint, so that a failed statement (which a caller
		// outside a transaction may shrug off) does not abort the request
		// on PostgreSQL.
		var res sql.Result
		err := r.savepoint(ctx, func(tx *Tx) error {
			var err error
			res, err = tx.ExecContext(ctx, q, args...)
			return err
		})
		return res, err
	}
	return db.write.ExecContext(ctx, q, args...)
}

// QueryContext runs a read.
func (db *DB) QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	if r := db.requestTx(ctx); r != nil {
		return r.tx.QueryContext(ctx, q, args...)
	}
	if db.Dialect == SQLite {
		if st := db.readStmt(ctx, q); st != nil {
			return st.QueryContext(ctx, args...)
		}
	}
	return db.read.QueryContext(ctx, q, args...)
}

// QueryRowContext runs a read of one row.
func (db *DB) QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row {
	if r := db.requestTx(ctx); r != nil {
		return r.tx.QueryRowContext(ctx, q, args...)
	}
	if db.Dialect == SQLite {
		if st := db.readStmt(ctx, q); st != nil {
			return st.QueryRowContext(ctx, args...)
		}
	}
	return db.read.QueryRowContext(ctx, q, args...)
}

// Tx is a write transaction. It satisfies Querier.
type Tx struct {
	*sql.Tx
	Dialect Dialect

	mu    sync.Mutex
	after []func() // Tx.AfterCommit callbacks
}

// AfterCommit runs fn once the transaction has committed (for a request
// transaction: once the request has), and never if it rolls back. Code
// that writes inside a transaction it does not own uses it to announce the
// change, an in-memory cache's invalidation say, only when it is visible to
// every reader. A savepoint rolled back inside a request does not cancel
// fn: callbacks must tolerate running for a change that did not happen.
func (tx *Tx) AfterCommit(fn func()) {
	tx.mu.Lock()
	tx.after = append(tx.after, fn)
	tx.mu.Unlock()
}

// committed runs the AfterCommit callbacks.
func (tx *Tx) committed() {
	tx.mu.Lock()
	after := tx.after
	tx.after = nil
	tx.mu.Unlock()
	for _, fn := range after {
		fn()
	}
}

// maxAttempts bounds how often InTx re-runs a transaction that the engine
// aborted with a retryable error (serialization failure, deadlock, busy).
const maxAttempts = 8

// InTx runs fn in a write transaction and commits it; if fn returns an error
// the transaction is rolled back. When the engine aborts the transaction with
// a retryable error the whole of fn runs again, so fn must not keep state
// from one attempt to the next outside the transaction.
func (db *DB) InTx(ctx context.Context, fn func(tx *Tx) error) error {
	return db.InTxOpts(ctx, nil, fn)
}

// InTxOpts is InTx with explicit transaction options (e.g. serializable).
//
// Inside a request transaction (BeginRequest) fn runs once, in a savepoint of
// it, and commits with the request; a retryable error is returned to the
// caller and remembered for the request's owner, who runs it all again.
func (db *DB) InTxOpts(ctx context.Context, opts *sql.TxOptions, fn func(tx *Tx) error) error {
	if r := db.requestTx(ctx); r != nil {
		return r.savepoint(ctx, fn)
	}
	var err error
	for attempt := 1; ; attempt++ {
		err = db.tryTx(ctx, opts, fn)
		if err == nil || !IsRetryable(err) || attempt == maxAttempts {
			return err
		}
		// Back off a little, growing, so competing transactions spread out.
		select {
		case <-ctx.Done():
			return errors.Join(err, ctx.Err())
		case <-time.After(time.Duration(attempt*attempt) * time.Millisecond):
		}
	}
}

func (db *DB) tryTx(ctx context.Context, opts *sql.TxOptions, fn func(tx *Tx) error) (err error) {
	sqlTx, err := db.write.BeginTx(ctx, opts)
	if err != nil {
		return err
	}
	tx := &Tx{Tx: sqlTx, Dialect: db.Dialect}
	defer func() {
		if p := recover(); p != nil {
			_ = sqlTx.Rollback()
			panic(p)
		}
		if err != nil {
			_ = sqlTx.Rollback()
		}
	}()
	if err = fn(tx); err != nil {
		return err
	}
	if err = sqlTx.Commit(); err != nil {
		return err
	}
	tx.committed()
	return nil
}

// InTxValue is InTx for a transaction that produces a value: what fn
// returned on its last attempt, with InTx's error.
func InTxValue[T any](ctx context.Context, db *DB, fn func(tx *Tx) (T, error)) (T, error) {
	var out T
	err := db.InTx(ctx, func(tx *Tx) error {
		var err error
		out, err = fn(tx)
		return err
	})
	return out, err
}

// QueryStrings runs a query of one text column and returns its values (ids
// for a sweep, say), closing the rows before it returns.
func QueryStrings(ctx context.Context, q Querier, query string, args ...any) ([]string, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}
