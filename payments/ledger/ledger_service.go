package ledger

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/soukhq/souk/internal/groupcommit"
	"github.com/soukhq/souk/store"
)

// Options tune a Ledger.
type Options struct {
	// Workers is how many batches may be in flight at once (default 1:
	// measured on PostgreSQL, one worker with Linger makes larger batches
	// and beats two; SQLite's single writer serializes them anyway).
	Workers int
	// MaxBatch caps the units coalesced into one transaction (default 256).
	MaxBatch int
	// Linger is how long a worker may wait for more transfers to join a
	// batch (default 200µs; negative: never wait).
	Linger time.Duration
	// Portable keeps PostgreSQL on the database/sql path instead of the
	// pipelined pgx fast path (for comparisons and tests of both).
	Portable bool
	// NoBatch applies each call in its own transaction (for comparisons).
	NoBatch bool
}

// Ledger is the ledger service over one database.
type Ledger struct {
	db    *store.DB
	opts  Options
	batch *groupcommit.Batcher[*unit]

	prep  sync.Once
	stmts atomic.Pointer[sqliteStmts]
}

// Stats are the batcher's counters (for metrics and the benchmark).
type Stats struct {
	Batches   int64 // transactions the batcher ran
	Units     int64 // transfers or linked groups they carried
	MeanBatch float64
}

// Stats returns the batcher's counters since New.
func (l *Ledger) Stats() Stats {
	st := l.batch.Stats()
	return Stats{Batches: st.Batches, Units: st.Items, MeanBatch: st.MeanBatch}
}

// New returns a ledger over db (migrated). Call Close to stop its batcher.
func New(db *store.DB, opts Options) *Ledger {
	if opts.Workers <= 0 {
		opts.Workers = 1
	}
	if opts.Linger == 0 {
		opts.Linger = 200 * time.Microsecond
	}
	if opts.MaxBatch <= 0 {
		opts.MaxBatch = 256
	}
	l := &Ledger{db: db, opts: opts}
	// Each batch is one transaction (see execute); a database failure of a
	// batch is retried unit by unit there, so run never fails as a whole.
	l.batch = groupcommit.New(groupcommit.Options{Workers: opts.Workers, MaxBatch: opts.MaxBatch, Linger: opts.Linger},
		func(ctx context.Context, units []*unit) {
			if l.execute(ctx, units) == nil {
				observeBatch(units)
			}
		})
	return l
}

// DB returns the database the ledger writes to.
func (l *Ledger) DB() *store.DB { return l.db }

// Close stops the batcher after the batches in flight; calls made after
// Close fail.
func (l *Ledger) Close() {
	l.batch.Close()
	l.closeSQLite()
}

// CreateAccount creates an account, or returns the existing one if an
// account with this id and the same owner, kind, currency, flags and limit
// exists (so callers can "ensure" accounts); any other difference is
// ErrAccountIDReused.
func (l *Ledger) CreateAccount(ctx context.Context, a Account) (Account, error) {
	return l.createAccount(ctx, l.db, a)
}

// CreateAccountTx is CreateAccount inside the caller's transaction.
func (l *Ledger) CreateAccountTx(ctx context.Context, tx *store.Tx, a Account) (Account, error) {
	return l.createAccount(ctx, tx, a)
}

func (l *Ledger) createAccount(ctx context.Context, q store.Querier, a Account) (Account, error) {
	if err := validAccount(&a); err != nil {
		return Account{}, err
	}
	if _, err := q.ExecContext(ctx, `INSERT INTO ledger_accounts (id, owner, kind, currency, flags, credit_limit, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (id) DO NOTHING`,
		a.ID, a.Owner, a.Kind, a.Currency, int64(a.Flags), a.CreditLimit, store.Now()); err != nil {
		return Account{}, err
	}
	got, err := scanAccount(q.QueryRowContext(ctx, `SELECT `+accountCols+` FROM ledger_accounts WHERE id = $1`, a.ID))
	if err != nil {
		return Account{}, err
	}
	if got.Owner != a.Owner || got.Kind != a.Kind || got.Currency != a.Currency || got.Flags != a.Flags || got.CreditLimit != a.CreditLimit {
		return Account{}, reject(ErrAccountIDReused, "", "account %s exists with other attributes", a.ID)
	}
	return *got, nil
}

// Transfer applies one transfer (possibly pending, post or void) and returns
// it as stored.
func (l *Ledger) Transfer(ctx context.Context, t Transfer) (Transfer, error) {
	out, err := l.run(ctx, []Transfer{t}, false)
	if err != nil {
		return Transfer{}, err
	}
	return out[0], nil
}

// Result is one transfer's outcome in Create.
type Result struct {
	Transfer Transfer
	Err      error
}

// Create applies transfers independently: each succeeds or fails on its own
// and gets its own Result. The error is for failures of the call itself.
func (l *Ledger) Create(ctx context.Context, ts ...Transfer) ([]Result, error) {
	units := make([]*unit, len(ts))
	for i, t := range ts {
		units[i] = &unit{ts: []Transfer{t}}
	}
	if err := l.submit(ctx, units); err != nil {
		return nil, err
	}
	res := make([]Result, len(ts))
	for i, u := range units {
		if u.err != nil {
			res[i].Err = u.err
		} else {
			res[i].Transfer = u.out[0]
		}
	}
	return res, nil
}

// CreateLinked applies all transfers or none (settlement splits). A later
// transfer in the list sees the effects of the earlier ones.
func (l *Ledger) CreateLinked(ctx context.Context, ts ...Transfer) ([]Transfer, error) {
	return l.run(ctx, ts, true)
}

// Post posts pending transfer pendingID under the new transfer id; amount
// 0 posts the whole pending amount, less posts part and releases the rest.
func (l *Ledger) Post(ctx context.Context, id, pendingID string, amount int64) (Transfer, error) {
	return l.Transfer(ctx, Transfer{ID: id, PendingID: pendingID, Amount: amount, Flags: PostPending})
}

// Void releases pending transfer pendingID under the new transfer id.
func (l *Ledger) Void(ctx context.Context, id, pendingID string) (Transfer, error) {
	return l.Transfer(ctx, Transfer{ID: id, PendingID: pendingID, Flags: VoidPending})
}

// TransferTx applies transfers all or nothing inside the caller's
// transaction (for services that change their own rows in the same commit).
// It bypasses the batcher; fn passed to InTx must be re-runnable anyway.
func (l *Ledger) TransferTx(ctx context.Context, tx *store.Tx, ts ...Transfer) ([]Transfer, error) {
	u := &unit{ts: append([]Transfer(nil), ts...), linked: true}
	for i := range u.ts {
		if err := prepare(&u.ts[i]); err != nil {
			return nil, err
		}
	}
	if err := l.apply(ctx, tx, []*unit{u}, nil); err != nil {
		return nil, err
	}
	if u.err == nil {
		transfersTotal.WithLabelValues("tx").Add(float64(len(u.ts)))
	}
	return u.out, u.err
}

// ExpirePending voids pending transfers whose timeout has passed (a job
// calls it periodically; posting or voiding one also expires it first).
func (l *Ledger) ExpirePending(ctx context.Context, limit int) (int, error) {
	if limit <= 0 {
		limit = 1000
	}
	ids, err := store.QueryStrings(ctx, l.db, `SELECT id FROM ledger_transfers WHERE status = 'pending' AND timeout_at > 0
		AND timeout_at <= $1 ORDER BY timeout_at LIMIT $2`, store.Now(), limit)
	if err != nil || len(ids) == 0 {
		return 0, err
	}
	err = l.db.InTx(ctx, func(tx *store.Tx) error { return l.apply(ctx, tx, nil, ids) })
	return len(ids), err
}

func (l *Ledger) run(ctx context.Context, ts []Transfer, linked bool) ([]Transfer, error) {
	u := &unit{ts: append([]Transfer(nil), ts...), linked: linked}
	if err := l.submit(ctx, []*unit{u}); err != nil {
		return nil, err
	}
	return u.out, u.err
}

// submit validates units, then either queues them for the batcher and waits
// or (NoBatch) applies them directly.
func (l *Ledger) submit(ctx context.Context, units []*unit) error {
	var live []*unit
	for _, u := range units {
		if len(u.ts) == 0 {
			u.err = reject(ErrInvalidTransfer, "", "no transfers")
			continue
		}
		for i := range u.ts {
			if err := prepare(&u.ts[i]); err != nil {
				u.err = err
				break
			}
		}
		if u.err == nil {
			live = append(live, u)
		}
	}
	if len(live) == 0 {
		return nil
	}
	if l.db.InRequest(ctx) {
		// Inside a request transaction (store.BeginRequest) the transfers
		// belong to the request's commit, not to a batch of their own.
		return l.inTx(ctx, func(tx *store.Tx) error { return l.apply(ctx, tx, live, nil) })
	}
	if l.opts.NoBatch {
		return l.execute(ctx, live)
	}
	// The units may still commit when ctx ends first; a retry with the same
	// ids returns their result.
	if err := l.batch.Do(ctx, live...); err != nil {
		return err
	}
	for _, u := range live {
		if u.err != nil && Code(u.err) == "" {
			return u.err
		}
	}
	return nil
}

// execute applies units in one transaction. A database failure of a batch
// (not a rejection, which stays with its unit) is retried unit by unit, so a
// transfer that trips the database cannot fail its batch-mates.
func (l *Ledger) execute(ctx context.Context, units []*unit) error {
	var err error
	if l.db.PG != nil && !l.opts.Portable {
		err = l.executePG(ctx, units)
	} else {
		l.prepareSQLite(ctx)
		err = l.inTx(ctx, func(tx *store.Tx) error { return l.apply(ctx, tx, units, nil) })
	}
	if err == nil {
		return nil
	}
	if len(units) == 1 {
		units[0].out, units[0].err = nil, fmt.Errorf("ledger: %w", err)
		return nil
	}
	for _, u := range units {
		_ = l.execute(ctx, []*unit{u})
	}
	return nil
}

// inTx is InTx that also retries when a concurrent transaction inserted the
// same transfer id first: the retry finds it and answers idempotently.
func (l *Ledger) inTx(ctx context.Context, fn func(tx *store.Tx) error) error {
	var err error
	for attempt := 0; attempt < 5; attempt++ {
		err = l.db.InTx(ctx, fn)
		if err == nil || !store.IsUniqueViolation(err) {
			return err
		}
	}
	return err
}

// SetCreditLimitTx changes the credit limit of account id inside the
// caller's transaction: how far below zero a DebitsMustNotExceedCredits
// account may go (a shopper's credit line). The account row is locked, as
// every transfer locks it, so a transfer sees either the old limit or the
// new one. A limit below what the account already uses is raised to that
// use (nothing more can be drawn, and the books stay within their limits
// for Check) until repayments bring the balance back.
func (l *Ledger) SetCreditLimitTx(ctx context.Context, tx *store.Tx, id string, limit int64) (Account, error) {
	if limit < 0 {
		return Account{}, reject(ErrInvalidAccount, "", "credit limit is negative")
	}
	accs, err := l.loadAccounts(ctx, tx, []string{id}, true)
	if err != nil {
		return Account{}, err
	}
	a := accs[id]
	if a == nil {
		return Account{}, reject(ErrAccountNotFound, "", "account %s", id)
	}
	if used := a.DebitsPosted + a.DebitsPending - a.CreditsPosted; limit < used {
		limit = used
	}
	if a.CreditLimit == limit {
		return *a, nil
	}
	if _, err := tx.ExecContext(ctx, `UPDATE ledger_accounts SET credit_limit = $2 WHERE id = $1`, id, limit); err != nil {
		return Account{}, err
	}
	a.CreditLimit = limit
	return *a, nil
}
