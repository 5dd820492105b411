package payments

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/soukhq/souk/payments/ledger"
	"github.com/soukhq/souk/payments/money"
	"github.com/soukhq/souk/store"
)

// Funding kinds and statuses.
const (
	FundingTopUp      = "topup"
	FundingWithdrawal = "withdrawal"
	FundingPayout     = "payout"

	FundingPending   = "pending"
	FundingSucceeded = "succeeded"
	FundingFailed    = "failed"
)

// FundingOp is one movement across the platform boundary.
type FundingOp struct {
	ID        string       `json:"id"`
	Kind      string       `json:"kind"`
	OwnerID   string       `json:"owner_id"` // shopper (top-up, withdrawal) or brand (payout)
	AccountID string       `json:"account_id"`
	Currency  string       `json:"currency"`
	Amount    money.Amount `json:"amount"`
	Status    string       `json:"status"`
	BankRef   string       `json:"bank_ref,omitempty"`
	Failure   string       `json:"failure,omitempty"`
	CreatedAt int64        `json:"created_at"`
	UpdatedAt int64        `json:"updated_at"`
}

// FundingResult is the bank's word on an operation. Banks may send it late,
// more than once, or (for a broken gateway) contradict themselves: the first
// result to arrive decides, later ones change nothing.
type FundingResult struct {
	OpID      string
	Succeeded bool
	Reason    string
}

// FundingSource is the bank or payment gateway. Start asks it to collect
// (top-up) or send (withdrawal, payout) money and returns its reference;
// the outcome arrives later through Service.HandleFundingResult. A real
// gateway plugs in here; SimBank simulates one.
type FundingSource interface {
	Start(ctx context.Context, op FundingOp) (bankRef string, err error)
}

const fundingCols = `id, kind, owner_id, account_id, currency, amount, status, bank_ref, failure, created_at, updated_at`

func scanFunding(sc interface{ Scan(...any) error }) (FundingOp, error) {
	var f FundingOp
	err := sc.Scan(&f.ID, &f.Kind, &f.OwnerID, &f.AccountID, &f.Currency, &f.Amount, &f.Status, &f.BankRef, &f.Failure, &f.CreatedAt, &f.UpdatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return f, fail(ErrFundingNotFound, "")
	}
	return f, err
}

// GetFunding returns a top-up, withdrawal or payout.
func (s *Service) GetFunding(ctx context.Context, id string) (FundingOp, error) {
	return scanFunding(s.db.QueryRowContext(ctx, `SELECT `+fundingCols+` FROM payment_funding WHERE id = $1`, id))
}

// TopUp asks the bank to collect amount for a shopper's wallet; id is the
// caller's idempotency key. The wallet is credited only when the bank
// confirms (HandleFundingResult).
func (s *Service) TopUp(ctx context.Context, userID, id, currency string, amount money.Amount) (FundingOp, error) {
	return s.startFunding(ctx, FundingOp{ID: id, Kind: FundingTopUp, OwnerID: userID, AccountID: WalletAccount(userID, currency), Currency: currency, Amount: amount})
}

// Withdraw sends amount from a shopper's wallet to their bank, two-phase:
// the amount is reserved now (ErrInsufficientFunds if it is not there) and
// posted when the bank confirms, released if it fails.
func (s *Service) Withdraw(ctx context.Context, userID, id, currency string, amount money.Amount) (FundingOp, error) {
	return s.startFunding(ctx, FundingOp{ID: id, Kind: FundingWithdrawal, OwnerID: userID, AccountID: WalletAccount(userID, currency), Currency: currency, Amount: amount})
}

// RequestPayout sends amount of a brand's available balance to its bank,
// two-phase like Withdraw; amounts under the currency's minimum payout are
// refused (ErrBelowMinimumPayout).
func (s *Service) RequestPayout(ctx context.Context, brandID, id, currency string, amount money.Amount) (FundingOp, error) {
	if err := checkCurrency(currency); err != nil {
		return FundingOp{}, err
	}
	if amount < s.MinPayout(currency) {
		return FundingOp{}, fail(ErrBelowMinimumPayout, "the minimum payout is %s %s", money.Format(money.MustLookup(currency), s.MinPayout(currency)), currency)
	}
	return s.startFunding(ctx, FundingOp{ID: id, Kind: FundingPayout, OwnerID: brandID, AccountID: BrandAccount(brandID, currency), Currency: currency, Amount: amount})
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
	m := money.Amount(1)
	for i := 0; i < c.Exponent; i++ {
		m *= 10
	}
	return m
}

func (s *Service) startFunding(ctx context.Context, op FundingOp) (FundingOp, error) {
	if s.opts.Funding == nil {
		return FundingOp{}, fail(ErrFundingUnavailable, "no bank is configured")
	}
	if op.ID == "" || op.OwnerID == "" {
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
			old, err := scanFunding(tx.QueryRowContext(ctx, `SELECT `+fundingCols+` FROM payment_funding WHERE id = $1`, op.ID))
			if err == nil {
				if old.Kind != op.Kind || old.OwnerID != op.OwnerID || old.Currency != op.Currency || old.Amount != op.Amount {
					return fail(ErrFundingIDReused, "%s was used for another operation", op.ID)
				}
				op = old
				return nil
			}
			if !errors.Is(err, ErrFundingNotFound) {
				return err
			}
			if err := s.ensure(ctx, tx, op.AccountID, BankAccount(op.Currency)); err != nil {
				return err
			}
			if op.Kind != FundingTopUp {
				// Reserve now so the money cannot be spent twice while the bank works.
				if _, err := s.l.TransferTx(ctx, tx, ledger.Transfer{ID: op.Kind + ":" + op.ID, DebitAccountID: op.AccountID,
					CreditAccountID: BankAccount(op.Currency), Amount: int64(op.Amount), Currency: op.Currency, Code: op.Kind,
					Reference: op.ID, Flags: ledger.Pending}); err != nil {
					return err
				}
			}
			now := s.now()
			op.Status, op.CreatedAt, op.UpdatedAt = FundingPending, now, now
			created = true
			_, err = tx.ExecContext(ctx, `INSERT INTO payment_funding (id, kind, owner_id, account_id, currency, amount, status, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, 'pending', $7, $7)`, op.ID, op.Kind, op.OwnerID, op.AccountID, op.Currency, int64(op.Amount), now)
			return err
		})
	})
	if err != nil || !created {
		return op, err
	}
	// The bank is called after the commit: if we crash in between, the
	// operation stays pending with no bank reference and ResendStale (a
	// job) sends it again under the same id.
	ref, err := s.opts.Funding.Start(ctx, op)
	if err != nil {
		return s.HandleFundingResult(ctx, FundingResult{OpID: op.ID, Succeeded: false, Reason: "bank refused: " + err.Error()})
	}
	if _, err := s.db.ExecContext(ctx, `UPDATE payment_funding SET bank_ref = $2 WHERE id = $1 AND bank_ref = ''`, op.ID, ref); err != nil {
		return op, err
	}
	return s.GetFunding(ctx, op.ID)
}

// HandleFundingResult applies the bank's result for an operation exactly
// once: a top-up credits the wallet (bank -> wallet), a withdrawal or payout
// posts its reservation; a failure voids the reservation (top-ups never
// reserved anything). Duplicate and late results return the operation as it
// is and move nothing.
func (s *Service) HandleFundingResult(ctx context.Context, res FundingResult) (FundingOp, error) {
	var op FundingOp
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		var err error
		op, err = scanFunding(tx.QueryRowContext(ctx, `SELECT `+fundingCols+` FROM payment_funding WHERE id = $1`+forUpdate(tx), res.OpID))
		if err != nil || op.Status != FundingPending {
			return err
		}
		bank := BankAccount(op.Currency)
		switch {
		case op.Kind == FundingTopUp && res.Succeeded:
			_, err = s.l.TransferTx(ctx, tx, ledger.Transfer{ID: "topup:" + op.ID, DebitAccountID: bank, CreditAccountID: op.AccountID,
				Amount: int64(op.Amount), Currency: op.Currency, Code: "topup", Reference: op.ID})
		case op.Kind != FundingTopUp && res.Succeeded:
			_, err = s.l.TransferTx(ctx, tx, ledger.Transfer{ID: op.Kind + ":" + op.ID + ":post", PendingID: op.Kind + ":" + op.ID, Flags: ledger.PostPending})
		case op.Kind != FundingTopUp:
			_, err = s.l.TransferTx(ctx, tx, ledger.Transfer{ID: op.Kind + ":" + op.ID + ":void", PendingID: op.Kind + ":" + op.ID, Flags: ledger.VoidPending})
		}
		if err != nil {
			return err
		}
		op.Status, op.Failure, op.UpdatedAt = FundingSucceeded, "", s.now()
		if !res.Succeeded {
			op.Status, op.Failure = FundingFailed, res.Reason
			if op.Failure == "" {
				op.Failure = "failed"
			}
		}
		_, err = tx.ExecContext(ctx, `UPDATE payment_funding SET status = $2, failure = $3, updated_at = $4 WHERE id = $1`, op.ID, op.Status, op.Failure, op.UpdatedAt)
		return err
	})
	return op, err
}

// SimBank is a simulated bank: it accepts operations, and the test (or the
// dev server) decides when and how they complete, including failures and
// duplicate or concurrent callbacks. Set Handler to the service's
// HandleFundingResult.
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

// Pending lists the operations the bank has not answered.
func (b *SimBank) Pending() []FundingOp {
	b.mu.Lock()
	defer b.mu.Unlock()
	out := make([]FundingOp, 0, len(b.pending))
	for _, op := range b.pending {
		out = append(out, op)
	}
	return out
}

// Complete delivers the result of an operation, synchronously.
func (b *SimBank) Complete(ctx context.Context, opID string, ok bool) (FundingOp, error) {
	b.mu.Lock()
	_, known := b.pending[opID]
	delete(b.pending, opID)
	b.mu.Unlock()
	if !known {
		return FundingOp{}, fmt.Errorf("simulated bank: no operation %s", opID)
	}
	res := FundingResult{OpID: opID, Succeeded: ok}
	if !ok {
		res.Reason = "declined by the simulated bank"
	}
	return b.Handler(ctx, res)
}

// CompleteAsync delivers the result copies times from as many goroutines at
// once (a bank retrying its webhook); Wait waits for them.
func (b *SimBank) CompleteAsync(opID string, ok bool, copies int) {
	b.mu.Lock()
	delete(b.pending, opID)
	b.mu.Unlock()
	for i := 0; i < copies; i++ {
		b.wg.Add(1)
		go func() {
			defer b.wg.Done()
			_, _ = b.Handler(context.Background(), FundingResult{OpID: opID, Succeeded: ok, Reason: "simulated"})
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
	rows, err := s.db.QueryContext(ctx, `SELECT `+fundingCols+` FROM payment_funding WHERE owner_id = $1 AND ($2 = '' OR kind = $2)
		ORDER BY created_at DESC, id DESC LIMIT $3`, ownerID, kind, limit)
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
