package store

import (
	"context"
	"errors"
	"strconv"
	"sync"
)

// A request transaction makes everything one caller does through a context
// commit or roll back as one: the api package opens one for a request that
// carries an Idempotency-Key, so the request's effects and the record of its
// response are written in the same transaction and a crash can never leave
// one without the other.
//
// While the transaction is open, every operation made on the DB with the
// context BeginRequest returned joins it: InTx runs fn inside a savepoint
// (rolled back alone when fn fails, exactly as a failed InTx leaves nothing
// behind), and ExecContext, QueryContext and QueryRowContext go through the
// transaction, so reads see the request's own writes. Nothing is committed
// until Commit.
//
// The price is the transaction's length: on SQLite the request holds the one
// writer until it ends, and on PostgreSQL its row locks are held until then.
// Work a request does outside the database (a call to a bank) happens before
// the commit, so such a call must be idempotent by its own id — which it
// already has to be for a retry after a crash.
type RequestTx struct {
	db *DB
	tx *Tx

	mu    sync.Mutex
	n     int   // savepoints used
	retry error // a retryable engine error seen inside: the request must run again
	done  bool
	after []func() // AfterCommit callbacks, run once the commit succeeded
	end   []func() // AfterRequest callbacks, run when it ends either way
}

type requestTxKey struct{}

// BeginRequest begins a request transaction on db and returns the context
// that carries it. End it with Commit or Rollback.
func (db *DB) BeginRequest(ctx context.Context) (context.Context, *RequestTx, error) {
	sqlTx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return ctx, nil, err
	}
	r := &RequestTx{db: db, tx: &Tx{Tx: sqlTx, Dialect: db.Dialect}}
	return context.WithValue(ctx, requestTxKey{}, r), r, nil
}

// Tx is the transaction itself, for what the request's owner writes beside
// the request's effects.
func (r *RequestTx) Tx() *Tx { return r.tx }

// Retryable returns the retryable engine error (serialization failure,
// deadlock, busy) that some statement of the request met, if any. The
// transaction cannot be trusted after one: roll it back and run the whole
// request again.
func (r *RequestTx) Retryable() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.retry
}

// Commit commits the request transaction, then runs what AfterCommit
// queued.
func (r *RequestTx) Commit() error {
	if r.finish() {
		return errors.New("store: request transaction already ended")
	}
	err := r.tx.Commit()
	r.mu.Lock()
	after, end := r.after, r.end
	r.after, r.end = nil, nil
	r.mu.Unlock()
	if err == nil {
		r.tx.committed()
		for _, fn := range after {
			fn()
		}
	}
	for _, fn := range end {
		fn()
	}
	return err
}

// AfterCommit runs fn once what ctx has written is committed: at once
// outside a request transaction (InTx has committed when it returns),
// after the commit inside one, and never if that rolls back. Announcements
// of committed changes (a chat event to sockets, a wake-up of a job queue)
// go through it so nobody hears of a change that then does not happen.
func (db *DB) AfterCommit(ctx context.Context, fn func()) {
	if r := db.requestTx(ctx); r != nil {
		r.mu.Lock()
		if !r.done {
			r.after = append(r.after, fn)
			r.mu.Unlock()
			return
		}
		r.mu.Unlock()
	}
	fn()
}

// Rollback rolls the request transaction back; it is safe to call after
// Commit (it then does nothing).
func (r *RequestTx) Rollback() error {
	if r.finish() {
		return nil
	}
	err := r.tx.Rollback()
	r.mu.Lock()
	end := r.end
	r.after, r.end = nil, nil
	r.mu.Unlock()
	for _, fn := range end {
		fn()
	}
	return err
}

func (r *RequestTx) finish() (already bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	already, r.done = r.done, true
	return already
}

// AfterRequest runs fn when the request transaction ctx carries has ended,
// committed or rolled back, and at once outside one. It is for records that
// must exist whatever became of the request (a mini-program's receipt):
// written inside the transaction they would vanish with a rollback, and on
// SQLite they cannot be written beside it (the request holds the writer).
func (db *DB) AfterRequest(ctx context.Context, fn func()) {
	if r := db.requestTx(ctx); r != nil {
		r.mu.Lock()
		if !r.done {
			r.end = append(r.end, fn)
			r.mu.Unlock()
			return
		}
		r.mu.Unlock()
	}
	fn()
}

// InRequest reports whether ctx carries an open request transaction on db:
// code that would write through another path (a batcher, a native pool)
// must write through the context instead.
func (db *DB) InRequest(ctx context.Context) bool { return db.requestTx(ctx) != nil }

// requestTx returns the open request transaction ctx carries for db.
func (db *DB) requestTx(ctx context.Context) *RequestTx {
	r, _ := ctx.Value(requestTxKey{}).(*RequestTx)
	if r == nil || r.db != db {
		return nil
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.done {
		return nil
	}
	return r
}

// savepoint runs fn inside a savepoint of the request transaction.
func (r *RequestTx) savepoint(ctx context.Context, fn func(tx *Tx) error) (err error) {
	r.mu.Lock()
	r.n++
	name := "souk_sp_" + strconv.Itoa(r.n)
	r.mu.Unlock()
	if _, err := r.tx.ExecContext(ctx, "SAVEPOINT "+name); err != nil {
		r.noteRetry(err)
		return err
	}
	defer func() {
		if p := recover(); p != nil {
			_, _ = r.tx.ExecContext(context.WithoutCancel(ctx), "ROLLBACK TO SAVEPOINT "+name)
			panic(p)
		}
	}()
	if err = fn(r.tx); err != nil {
		r.noteRetry(err)
		if _, rerr := r.tx.ExecContext(context.WithoutCancel(ctx), "ROLLBACK TO SAVEPOINT "+name); rerr != nil {
			// The transaction is unusable: the request must run again.
			r.mu.Lock()
			if r.retry == nil {
				r.retry = rerr
			}
			r.mu.Unlock()
		}
		return err
	}
	if _, err := r.tx.ExecContext(ctx, "RELEASE SAVEPOINT "+name); err != nil {
		r.noteRetry(err)
		return err
	}
	return nil
}

func (r *RequestTx) noteRetry(err error) {
	if !IsRetryable(err) {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.retry == nil {
		r.retry = err
	}
}
