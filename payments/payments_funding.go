package payments

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/soukhq/souk/internal/fault"
	"github.com/soukhq/souk/jobs"
	"github.com/soukhq/souk/payments/ledger"
	"github.com/soukhq/souk/payments/money"
	"github.com/soukhq/souk/store"
)

// Funding kinds and statuses. An operation is pending until exactly one of
// the bank (succeeded or failed), an operator (failed) or its timeout
// (expired) decides it; later words change nothing.
const (
	FundingTopUp      = "topup"
	FundingWithdrawal = "withdrawal"
	FundingPayout     = "payout"

	FundingPending   = "pending"
	FundingSucceeded = "succeeded"
	FundingFailed    = "failed"
	FundingExpired   = "expired"
)

// Who decided an operation (FundingOp.ResolvedBy); operators are
// "operator:<user id>".
const (
	ResolvedByBank    = "bank"
	ResolvedByTimeout = "timeout"
)

// JobFundingExpire is the job that expires an operation still pending at
// its deadline and releases what it reserved. It is enqueued in the
// transaction that accepts the operation (with Service.UseJobs).
const JobFundingExpire = "payments.funding_expire"

// DefaultFundingTimeout is how long an operation may stay pending before it
// expires (Options.FundingTimeout). It must exceed the slowest rail's
// settlement time: a bank's success that arrives after the expiry moves
// nothing and is left to an operator.
const DefaultFundingTimeout = 72 * time.Hour

// ErrFundingNotPending: an operator tried to fail an operation the bank or
// its timeout already decided.
var ErrFundingNotPending = fault.New(fault.Conflict, "funding_not_pending", "the operation was already decided")

// FundingOp is one movement across the platform boundary. It is a row in
// payment_funding from the moment it is accepted, so any node can complete,
// fail or expire it whatever process accepted it.
type FundingOp struct {
	// ID is the server's id (fnd_…): what the bank is given as reference
	// and the suffix of the ledger transfers. ClientID is the caller's
	// idempotency id, unique per owner.
	ID         string       `json:"id"`
	ClientID   string       `json:"client_id"`
	Kind       string       `json:"kind"`
	OwnerID    string       `json:"owner_id"` // shopper (top-up, withdrawal), brand or developer org (payout)
	AccountID  string       `json:"account_id"`
	Currency   string       `json:"currency"`
	Amount     money.Amount `json:"amount"`
	Status     string       `json:"status"`
	BankRef    string       `json:"bank_ref,omitempty"`
	Failure    string       `json:"failure,omitempty"`
	ResolvedBy string       `json:"resolved_by,omitempty"`
	ExpiresAt  int64        `json:"expires_at"`
	CreatedAt  int64        `json:"created_at"`
	UpdatedAt  int64        `json:"updated_at"`
}

// FundingResult is the bank's word on an operation. Banks may send it late,
// more than once, or (for a broken gateway) contradict themselves: the first
// result to arrive decides, later ones change nothing.
type FundingResult struct {
	OpID      string // FundingOp.ID
	Succeeded bool
	Reason    string
}

// FundingSource is the bank or payment gateway. Start asks it to collect
// (top-up) or send (withdrawal, payout) money and returns its reference;
// the outcome arrives later through Service.HandleFundingResult, on any
// node. Start may be called more than once for one operation (ResendStale
// after a crash) and must dedupe on op.ID. A real gateway plugs in here;
// SimBank simulates one.
type FundingSource interface {
	Start(ctx context.Context, op FundingOp) (bankRef string, err error)
}

const fundingCols = `id, client_id, kind, owner_id, account_id, currency, amount, status, bank_ref, failure, resolved_by, expires_at, created_at, updated_at`

func scanFunding(sc interface{ Scan(...any) error }) (FundingOp, error) {
	var f FundingOp
	err := sc.Scan(&f.ID, &f.ClientID, &f.Kind, &f.OwnerID, &f.AccountID, &f.Currency, &f.Amount, &f.Status, &f.BankRef, &f.Failure,
		&f.ResolvedBy, &f.ExpiresAt, &f.CreatedAt, &f.UpdatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return f, fail(ErrFundingNotFound, "")
	}
	return f, err
}

// GetFunding returns a top-up, withdrawal or payout by its server id.
func (s *Service) GetFunding(ctx context.Context, id string) (FundingOp, error) {
	return scanFunding(s.db.QueryRowContext(ctx, `SELECT `+fundingCols+` FROM payment_funding WHERE id = $1`, id))
}

// OwnFunding returns one of ownerID's operations by its server id or by
// the client id the owner chose; anyone else's is ErrFundingNotFound.
func (s *Service) OwnFunding(ctx context.Context, ownerID, id string) (FundingOp, error) {
	op, err := scanFunding(s.db.QueryRowContext(ctx, `SELECT `+fundingCols+` FROM payment_funding WHERE id = $1 AND owner_id = $2`, id, ownerID))
	if errors.Is(err, ErrFundingNotFound) {
		op, err = scanFunding(s.db.QueryRowContext(ctx, `SELECT `+fundingCols+` FROM payment_funding WHERE owner_id = $1 AND client_id = $2`, ownerID, id))
	}
	return op, err
}

// TopUp asks the bank to collect amount for a shopper's wallet; id is the
// caller's idempotency id (scoped to the user). The wallet is credited only
// when the bank confirms (HandleFundingResult).
func (s *Service) TopUp(ctx context.Context, userID, id, currency string, amount money.Amount) (FundingOp, error) {
	return s.startFunding(ctx, FundingOp{ClientID: id, Kind: FundingTopUp, OwnerID: userID, AccountID: WalletAccount(userID, currency), Currency: currency, Amount: amount})
}

// Withdraw sends amount from a shopper's wallet to their bank, two-phase:
// the amount is reserved now (ErrInsufficientFunds if it is not there) and
// posted when the bank confirms, released if it fails or expires.
func (s *Service) Withdraw(ctx context.Context, userID, id, currency string, amount money.Amount) (FundingOp, error) {
	return s.startFunding(ctx, FundingOp{ClientID: id, Kind: FundingWithdrawal, OwnerID: userID, AccountID: WalletAccount(userID, currency), Currency: currency, Amount: amount})
}

// RequestPayout sends amount of a brand's available balance to its bank,
// two-phase like Withdraw; amounts under the currency's minimum payout are
// refused (ErrBelowMinimumPayout). id is scoped to the brand.
func (s *Service) RequestPayout(ctx context.Context, brandID, id, currency string, amount money.Amount) (FundingOp, error) {
	return s.payout(ctx, brandID, BrandAccount, id, currency, amount)
}

// RequestDeveloperPayout sends amount of a developer org's revenue share
// (DeveloperAccount, credited at settlement) to its bank, through the same
// rail and with the same rules as a brand's payout. id is scoped to the org.
func (s *Service) RequestDeveloperPayout(ctx context.Context, devID, id, currency string, amount money.Amount) (FundingOp, error) {
	return s.payout(ctx, devID, DeveloperAccount, id, currency, amount)
}

func (s *Service) payout(ctx context.Context, ownerID string, account func(owner, cur string) string, id, currency string,
	amount money.Amount) (FundingOp, error) {
	if err := checkCurrency(currency); err != nil {
		return FundingOp{}, err
	}
	if amount < s.MinPayout(currency) {
		return FundingOp{}, fail(ErrBelowMinimumPayout, "the minimum payout is %s %s", money.Format(money.MustLookup(currency), s.MinPayout(currency)), currency)
	}
	return s.startFunding(ctx, FundingOp{ClientID: id, Kind: FundingPayout, OwnerID: ownerID, AccountID: account(ownerID, currency),
		Currency: currency, Amount: amount})
}

// MinPayout is the smallest payout in a currency.
func (s *Service) MinPayout(currency string) money.Amount {
	if m, ok := s.opts.MinPayout[currency]; ok {
		return m
	}
	c, err := money.Lookup(currency)
	if err != nil {
		return 0
	}
	return c.MajorUnit()
}

// fundingTransfer is the id of an operation's ledger transfer (a top-up's
// credit, or a withdrawal's or payout's reservation).
func fundingTransfer(op FundingOp) string { return op.Kind + ":" + op.ID }

func fundingJobKey(id string) string { return JobFundingExpire + ":" + id }

func (s *Service) startFunding(ctx context.Context, op FundingOp) (FundingOp, error) {
	if s.opts.Funding == nil {
		return FundingOp{}, fail(ErrFundingUnavailable, "no bank is configured")
	}
	if op.ClientID == "" || op.OwnerID == "" {
		return FundingOp{}, fail(ErrInvalidRequest, "an id and an owner are required")
	}
	if err := checkCurrency(op.Currency); err != nil {
		return FundingOp{}, err
	}
	if op.Amount <= 0 {
		return FundingOp{}, fail(ErrInvalidAmount, "amount must be positive")
	}
	created := false
	// A concurrent call with the same id (a double tap) loses the insert
	// race with a unique violation; running again finds the winner's row.
	err := retryUnique(func() error {
		return s.db.InTx(ctx, func(tx *store.Tx) error {
			created = false
			old, err := scanFunding(tx.QueryRowContext(ctx, `SELECT `+fundingCols+` FROM payment_funding WHERE owner_id = $1 AND client_id = $2`, op.OwnerID, op.ClientID))
			if err == nil {
				if old.Kind != op.Kind || old.Currency != op.Currency || old.Amount != op.Amount {
					cur := money.MustLookup(old.Currency)
					return fail(ErrFundingIDReused, "the id %s was already used for a %s of %s %s", op.ClientID, old.Kind, money.Format(cur, old.Amount), old.Currency)
				}
				op = old
				return nil
			}
			if !errors.Is(err, ErrFundingNotFound) {
				return err
			}
			op.ID = store.NewID("fnd")
			if err := s.ensure(ctx, tx, op.AccountID, BankAccount(op.Currency)); err != nil {
				return err
			}
			if op.Kind != FundingTopUp {
				// Reserve now so the money cannot be spent twice while the bank
				// works. No ledger timeout: the expiry job decides, so the row
				// and the transfer can never disagree.
				if _, err := s.l.TransferTx(ctx, tx, ledger.Transfer{ID: fundingTransfer(op), DebitAccountID: op.AccountID,
					CreditAccountID: BankAccount(op.Currency), Amount: int64(op.Amount), Currency: op.Currency, Code: op.Kind,
					Reference: op.ID, Flags: ledger.Pending}); err != nil {
					return err
				}
			}
			now := s.opts.Now()
			op.Status, op.CreatedAt, op.UpdatedAt = FundingPending, now.UnixMicro(), now.UnixMicro()
			op.ExpiresAt = now.Add(s.fundingTimeout()).UnixMicro()
			op.BankRef, op.Failure, op.ResolvedBy = "", "", ""
			created = true
			if _, err = tx.ExecContext(ctx, `INSERT INTO payment_funding (id, client_id, kind, owner_id, account_id, currency, amount, status, expires_at, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, 'pending', $8, $9, $9)`, op.ID, op.ClientID, op.Kind, op.OwnerID, op.AccountID, op.Currency, int64(op.Amount),
				op.ExpiresAt, op.CreatedAt); err != nil {
				return err
			}
			if s.cm.q == nil {
				return nil // no queue (some tests): ExpireFunding sweeps instead
			}
			return s.cm.q.EnqueueTx(ctx, tx, jobs.Job{Kind: JobFundingExpire, Key: fundingJobKey(op.ID),
				RunAt: time.UnixMicro(op.ExpiresAt), Payload: expiryPayload{ID: op.ID}})
		})
	})
	if err != nil || !created {
		return op, err
	}
	// The bank is called after the commit: if we crash in between, the
	// operation stays pending with no bank reference and ResendStale (a
	// sweep) sends it again under the same id.
	s.opts.Log.InfoContext(ctx, "funding started", "funding", op.ID, "kind", op.Kind, "owner", op.OwnerID,
		"amount_minor", int64(op.Amount), "currency", op.Currency)
	ref, err := s.opts.Funding.Start(ctx, op)
	if err != nil {
		return s.HandleFundingResult(ctx, FundingResult{OpID: op.ID, Succeeded: false, Reason: "bank refused: " + err.Error()})
	}
	if _, err := s.db.ExecContext(ctx, `UPDATE payment_funding SET bank_ref = $2 WHERE id = $1 AND bank_ref = ''`, op.ID, ref); err != nil {
		return op, err
	}
	return s.GetFunding(ctx, op.ID)
}

func (s *Service) fundingTimeout() time.Duration {
	if s.opts.FundingTimeout > 0 {
		return s.opts.FundingTimeout
	}
	return DefaultFundingTimeout
}

// HandleFundingResult applies the bank's result for an operation exactly
// once, on whichever node receives it: a top-up credits the wallet (bank ->
// wallet), a withdrawal or payout posts its reservation; a failure voids
// the reservation (top-ups never reserved anything). The state change and
// the ledger movement commit together, so a crash leaves either both or
// neither and the bank's retry finishes the job. Duplicate and late results
// (also after an operator's failure or the timeout) return the operation as
// it is and move nothing.
func (s *Service) HandleFundingResult(ctx context.Context, res FundingResult) (FundingOp, error) {
	status, reason := FundingSucceeded, ""
	if !res.Succeeded {
		status, reason = FundingFailed, res.Reason
		if reason == "" {
			reason = "failed"
		}
	}
	changed := false
	op, err := store.InTxValue(ctx, s.db, func(tx *store.Tx) (FundingOp, error) {
		op, ch, err := s.resolveFundingTx(ctx, tx, res.OpID, status, reason, ResolvedByBank, s.now())
		changed = ch
		return op, err
	})
	if err == nil && changed {
		s.logResolved(ctx, op)
	}
	return op, err
}

// logResolved records a funding operation's final state, after its commit.
func (s *Service) logResolved(ctx context.Context, op FundingOp) {
	level := slog.LevelInfo
	if op.Status != FundingSucceeded {
		level = slog.LevelWarn
	}
	s.opts.Log.Log(ctx, level, "funding resolved", "funding", op.ID, "kind", op.Kind, "owner", op.OwnerID, "status", op.Status,
		"resolved_by", op.ResolvedBy, "failure", op.Failure, "amount_minor", int64(op.Amount), "currency", op.Currency)
}

// FailFunding is an operator failing an operation that is stuck at the
// bank: its reservation is released (a top-up credits nothing). Failing an
// operation already failed returns it unchanged; one that succeeded or
// expired is ErrFundingNotPending.
func (s *Service) FailFunding(ctx context.Context, id, operatorID, reason string) (FundingOp, error) {
	if reason == "" {
		reason = "failed by an operator"
	}
	changed := false
	op, err := store.InTxValue(ctx, s.db, func(tx *store.Tx) (FundingOp, error) {
		op, ch, err := s.resolveFundingTx(ctx, tx, id, FundingFailed, reason, "operator:"+operatorID, s.now())
		changed = ch
		if err != nil || ch || op.Status == FundingFailed {
			return op, err
		}
		return op, fail(ErrFundingNotPending, "the operation is already %s", op.Status)
	})
	if err == nil && changed {
		s.logResolved(ctx, op)
	}
	return op, err
}

// resolveFundingTx moves a pending operation to status and makes the
// matching ledger movement, in tx. It reports whether it changed anything;
// an operation already decided is returned as it is.
func (s *Service) resolveFundingTx(ctx context.Context, tx *store.Tx, id, status, reason, by string, now int64) (FundingOp, bool, error) {
	op, err := scanFunding(tx.QueryRowContext(ctx, `SELECT `+fundingCols+` FROM payment_funding WHERE id = $1`+forUpdate(tx), id))
	if err != nil || op.Status != FundingPending {
		return op, false, err
	}
	bank := BankAccount(op.Currency)
	switch {
	case op.Kind == FundingTopUp && status == FundingSucceeded:
		_, err = s.l.TransferTx(ctx, tx, ledger.Transfer{ID: fundingTransfer(op), DebitAccountID: bank, CreditAccountID: op.AccountID,
			Amount: int64(op.Amount), Currency: op.Currency, Code: "topup", Reference: op.ID})
	case op.Kind != FundingTopUp && status == FundingSucceeded:
		_, err = s.l.TransferTx(ctx, tx, ledger.Transfer{ID: fundingTransfer(op) + ":post", PendingID: fundingTransfer(op), Flags: ledger.PostPending})
	case op.Kind != FundingTopUp:
		_, err = s.l.TransferTx(ctx, tx, ledger.Transfer{ID: fundingTransfer(op) + ":void", PendingID: fundingTransfer(op), Flags: ledger.VoidPending})
	}
	if err != nil {
		return op, false, err
	}
	op.Status, op.Failure, op.ResolvedBy, op.UpdatedAt = status, reason, by, now
	if _, err := tx.ExecContext(ctx, `UPDATE payment_funding SET status = $2, failure = $3, resolved_by = $4, updated_at = $5 WHERE id = $1`,
		op.ID, op.Status, op.Failure, op.ResolvedBy, op.UpdatedAt); err != nil {
		return op, false, err
	}
	if s.cm.q != nil {
		// The timer has nothing left to do (it would find the row decided).
		if _, err := s.cm.q.CancelTx(ctx, tx, fundingJobKey(op.ID)); err != nil {
			return op, false, err
		}
	}
	return op, true, nil
}

// runFundingExpiry is the expiry job: an operation still pending at its
// deadline (compared with the queue's clock) expires and releases what it
// reserved.
func (s *Service) runFundingExpiry(ctx context.Context, r jobs.Run) error {
	var p expiryPayload
	if err := json.Unmarshal(r.Payload, &p); err != nil {
		return fmt.Errorf("payments: funding expiry payload: %w", err)
	}
	_, err := s.expireFunding(ctx, p.ID, r.Now)
	if errors.Is(err, ErrFundingNotFound) {
		return nil
	}
	return err
}

func (s *Service) expireFunding(ctx context.Context, id string, now time.Time) (bool, error) {
	var expired FundingOp
	changed, err := store.InTxValue(ctx, s.db, func(tx *store.Tx) (bool, error) {
		op, err := scanFunding(tx.QueryRowContext(ctx, `SELECT `+fundingCols+` FROM payment_funding WHERE id = $1`+forUpdate(tx), id))
		if err != nil || op.Status != FundingPending {
			return false, err
		}
		if op.ExpiresAt > now.UnixMicro() {
			return false, fmt.Errorf("payments: funding %s expires at %d, not yet", id, op.ExpiresAt)
		}
		op, changed, err := s.resolveFundingTx(ctx, tx, id, FundingExpired, "the bank did not answer in time", ResolvedByTimeout, now.UnixMicro())
		expired = op
		return changed, err
	})
	if err == nil && changed {
		s.logResolved(ctx, expired)
	}
	return changed, err
}

// ExpireFunding expires every operation still pending past its deadline
// (a sweep behind the per-operation jobs, for rows accepted without a job
// queue or before the jobs existed). It returns how many it expired; safe
// on several nodes at once.
func (s *Service) ExpireFunding(ctx context.Context) (int, error) {
	now := s.opts.Now()
	ids, err := store.QueryStrings(ctx, s.db, `SELECT id FROM payment_funding WHERE status = 'pending' AND expires_at <= $1 ORDER BY expires_at LIMIT 500`, now.UnixMicro())
	if err != nil {
		return 0, err
	}
	n := 0
	for _, id := range ids {
		changed, err := s.expireFunding(ctx, id, now)
		if err != nil {
			return n, err
		}
		if changed {
			n++
		}
	}
	return n, nil
}

// SimBank is a simulated bank: it accepts operations, and the test (or the
// dev server's admin route) decides when and how they complete, including
// failures and duplicate or concurrent callbacks. Set Handler to the
// service's HandleFundingResult.
//
// Like a real bank it keeps nothing the platform depends on: an operation is
// the payment_funding row, so a SimBank on any node, or after a restart, can
// complete any pending operation. Pending lists what this instance was given
// and not yet answered, for tests only.
type SimBank struct {
	Handler func(ctx context.Context, res FundingResult) (FundingOp, error)
	// Refuse makes Start fail synchronously (the gateway is down).
	Refuse bool

	mu      sync.Mutex
	pending map[string]FundingOp
	wg      sync.WaitGroup
}

// NewSimBank returns a bank with nothing pending.
func NewSimBank() *SimBank { return &SimBank{pending: map[string]FundingOp{}} }

// Start records the operation as in progress at the bank.
func (b *SimBank) Start(ctx context.Context, op FundingOp) (string, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.Refuse {
		return "", errors.New("simulated bank is refusing requests")
	}
	b.pending[op.ID] = op
	return "sim_" + op.ID, nil
}

// Pending lists the operations this instance started and has not answered.
func (b *SimBank) Pending() []FundingOp {
	b.mu.Lock()
	defer b.mu.Unlock()
	out := make([]FundingOp, 0, len(b.pending))
	for _, op := range b.pending {
		out = append(out, op)
	}
	return out
}

// Complete delivers the result of an operation (its server id),
// synchronously. An unknown operation is ErrFundingNotFound; when the
// handler fails nothing is forgotten and Complete can be called again.
func (b *SimBank) Complete(ctx context.Context, opID string, ok bool) (FundingOp, error) {
	res := FundingResult{OpID: opID, Succeeded: ok}
	if !ok {
		res.Reason = "declined by the simulated bank"
	}
	op, err := b.Handler(ctx, res)
	if err == nil {
		b.mu.Lock()
		delete(b.pending, opID)
		b.mu.Unlock()
	}
	return op, err
}

// CompleteAsync delivers the result copies times from as many goroutines at
// once (a bank retrying its webhook); Wait waits for them.
func (b *SimBank) CompleteAsync(opID string, ok bool, copies int) {
	for i := 0; i < copies; i++ {
		b.wg.Add(1)
		go func() {
			defer b.wg.Done()
			_, _ = b.Complete(context.Background(), opID, ok)
		}()
	}
}

// Wait waits for the asynchronous deliveries.
func (b *SimBank) Wait() { b.wg.Wait() }

// ResendStale sends again to the bank the operations still pending without
// a bank reference after olderThan — the process died between committing
// the operation and calling the bank. The bank dedupes by operation id.
func (s *Service) ResendStale(ctx context.Context, olderThan time.Duration) (int, error) {
	if s.opts.Funding == nil {
		return 0, nil
	}
	rows, err := s.db.QueryContext(ctx, `SELECT `+fundingCols+` FROM payment_funding WHERE status = 'pending' AND bank_ref = ''
		AND created_at <= $1 ORDER BY created_at LIMIT 500`, s.now()-olderThan.Microseconds())
	if err != nil {
		return 0, err
	}
	var ops []FundingOp
	for rows.Next() {
		op, err := scanFunding(rows)
		if err != nil {
			rows.Close()
			return 0, err
		}
		ops = append(ops, op)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, err
	}
	for _, op := range ops {
		ref, err := s.opts.Funding.Start(ctx, op)
		if err != nil {
			continue // still down; the next run tries again
		}
		if _, err := s.db.ExecContext(ctx, `UPDATE payment_funding SET bank_ref = $2 WHERE id = $1 AND bank_ref = ''`, op.ID, ref); err != nil {
			return 0, err
		}
	}
	return len(ops), nil
}

// FundingOps lists an owner's top-ups, withdrawals or payouts (kind "" for
// all), newest first, at most limit (default 50, at most 500).
func (s *Service) FundingOps(ctx context.Context, ownerID, kind string, limit int) ([]FundingOp, error) {
	if limit <= 0 || limit > 500 {
		limit = 50
	}
	return s.queryFunding(ctx, `SELECT `+fundingCols+` FROM payment_funding WHERE owner_id = $1 AND ($2 = '' OR kind = $2)
		ORDER BY created_at DESC, id DESC LIMIT $3`, ownerID, kind, limit)
}

// queryFunding reads the funding operations a query selects.
func (s *Service) queryFunding(ctx context.Context, query string, args ...any) ([]FundingOp, error) {
	rows, err := s.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []FundingOp
	for rows.Next() {
		op, err := scanFunding(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, op)
	}
	return out, rows.Err()
}

func retryUnique(fn func() error) error {
	var err error
	for attempt := 0; attempt < 3; attempt++ {
		if err = fn(); err == nil || !store.IsUniqueViolation(err) {
			return err
		}
	}
	return err
}
