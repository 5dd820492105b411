package payments

import (
	"context"
	"database/sql"
	"errors"

	"github.com/soukhq/souk/payments/ledger"
	"github.com/soukhq/souk/payments/money"
	"github.com/soukhq/souk/store"
)

// Dispute statuses.
const (
	DisputeOpen         = "open"
	DisputeWonByShopper = "won_by_shopper"
	DisputeWonByBrand   = "won_by_brand"
)

// Dispute holds part of an order's money until an operator decides.
type Dispute struct {
	ID         string       `json:"id"`
	RequestID  string       `json:"request_id"`
	Amount     money.Amount `json:"amount"`
	Reason     string       `json:"reason"`
	Source     string       `json:"source"` // escrow or brand: where the held money sits
	Status     string       `json:"status"`
	CreatedAt  int64        `json:"created_at"`
	ResolvedAt int64        `json:"resolved_at,omitempty"`
}

const disputeCols = `id, request_id, amount, reason, source, status, created_at, resolved_at`

func scanDispute(sc interface{ Scan(...any) error }) (Dispute, error) {
	var d Dispute
	err := sc.Scan(&d.ID, &d.RequestID, &d.Amount, &d.Reason, &d.Source, &d.Status, &d.CreatedAt, &d.ResolvedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return d, fail(ErrDisputeNotFound, "")
	}
	return d, err
}

// GetDispute returns a dispute.
func (s *Service) GetDispute(ctx context.Context, id string) (Dispute, error) {
	return scanDispute(s.db.QueryRowContext(ctx, `SELECT `+disputeCols+` FROM payment_disputes WHERE id = $1`, id))
}

// OpenDispute holds amount of a paid order for the shopper with a pending
// ledger transfer ("dispute:<id>") to the shopper's wallet: from escrow
// before settlement (which then waits for the dispute), from the brand's
// balance after (ErrInsufficientFunds if the brand cannot cover it). The
// held money can be neither refunded nor paid out twice meanwhile.
func (s *Service) OpenDispute(ctx context.Context, requestID, disputeID string, amount money.Amount, reason string) (Dispute, error) {
	return store.InTxValue(ctx, s.db, func(tx *store.Tx) (Dispute, error) {
		return s.OpenDisputeTx(ctx, tx, requestID, disputeID, amount, reason)
	})
}

// OpenDisputeTx is OpenDispute inside the caller's transaction.
func (s *Service) OpenDisputeTx(ctx context.Context, tx *store.Tx, requestID, disputeID string, amount money.Amount, reason string) (Dispute, error) {
	if disputeID == "" {
		return Dispute{}, fail(ErrInvalidRequest, "a dispute needs an id")
	}
	if amount <= 0 {
		return Dispute{}, fail(ErrInvalidAmount, "a dispute needs a positive amount")
	}
	var d Dispute
	err := func() error {
		r, err := lockRequest(ctx, tx, requestID)
		if err != nil {
			return err
		}
		d, err = scanDispute(tx.QueryRowContext(ctx, `SELECT `+disputeCols+` FROM payment_disputes WHERE id = $1`, disputeID))
		if err == nil {
			if d.RequestID != requestID || d.Amount != amount {
				return fail(ErrDisputeIDReused, "dispute %s was for another amount or order", disputeID)
			}
			return nil
		}
		if !errors.Is(err, ErrDisputeNotFound) {
			return err
		}
		source, from, err := checkClaim(ctx, tx, r, amount, "disputed")
		if err != nil {
			return err
		}
		now := s.now()
		d = Dispute{ID: disputeID, RequestID: r.ID, Amount: amount, Reason: reason, Source: source, Status: DisputeOpen, CreatedAt: now}
		wallet := WalletAccount(r.ShopperID, r.Currency)
		if err := s.ensure(ctx, tx, wallet, from); err != nil {
			return err
		}
		if _, err := s.l.TransferTx(ctx, tx, ledger.Transfer{ID: "dispute:" + d.ID, DebitAccountID: from, CreditAccountID: wallet,
			Amount: int64(amount), Currency: r.Currency, Code: "dispute_hold", Reference: r.OrderID, Flags: ledger.Pending}); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO payment_disputes (id, request_id, amount, reason, source, status, created_at)
			VALUES ($1, $2, $3, $4, $5, 'open', $6)`, d.ID, d.RequestID, int64(d.Amount), d.Reason, d.Source, now)
		return err
	}()
	return d, err
}

// ResolveDispute decides an open dispute: for the shopper the held amount
// is posted to the wallet (and counts as refunded); for the brand it is
// released. Resolving again the same way returns the dispute; the other way
// is ErrDisputeResolved.
func (s *Service) ResolveDispute(ctx context.Context, disputeID string, forShopper bool) (Dispute, error) {
	return store.InTxValue(ctx, s.db, func(tx *store.Tx) (Dispute, error) {
		return s.ResolveDisputeTx(ctx, tx, disputeID, forShopper)
	})
}

// ResolveDisputeTx is ResolveDispute inside the caller's transaction.
func (s *Service) ResolveDisputeTx(ctx context.Context, tx *store.Tx, disputeID string, forShopper bool) (Dispute, error) {
	var d Dispute
	err := func() error {
		var err error
		d, err = scanDispute(tx.QueryRowContext(ctx, `SELECT `+disputeCols+` FROM payment_disputes WHERE id = $1`, disputeID))
		if err != nil {
			return err
		}
		r, err := lockRequest(ctx, tx, d.RequestID)
		if err != nil {
			return err
		}
		// Re-read under the request lock: a concurrent resolution has finished.
		d, err = scanDispute(tx.QueryRowContext(ctx, `SELECT `+disputeCols+` FROM payment_disputes WHERE id = $1`, disputeID))
		if err != nil {
			return err
		}
		want := DisputeWonByBrand
		if forShopper {
			want = DisputeWonByShopper
		}
		if d.Status == want {
			return nil
		}
		if d.Status != DisputeOpen {
			return fail(ErrDisputeResolved, "dispute %s is %s", d.ID, d.Status)
		}
		now := s.now()
		if forShopper {
			if _, err := s.l.TransferTx(ctx, tx, ledger.Transfer{ID: "dispute:" + d.ID + ":post", PendingID: "dispute:" + d.ID, Flags: ledger.PostPending}); err != nil {
				return err
			}
			status := r.Status
			if r.Refunded+d.Amount == r.Amount {
				status = StatusRefunded
			}
			if _, err := tx.ExecContext(ctx, `UPDATE payment_requests SET refunded = refunded + $2, status = $3 WHERE id = $1`, r.ID, int64(d.Amount), status); err != nil {
				return err
			}
		} else if _, err := s.l.TransferTx(ctx, tx, ledger.Transfer{ID: "dispute:" + d.ID + ":void", PendingID: "dispute:" + d.ID, Flags: ledger.VoidPending}); err != nil {
			return err
		}
		d.Status, d.ResolvedAt = want, now
		_, err = tx.ExecContext(ctx, `UPDATE payment_disputes SET status = $2, resolved_at = $3 WHERE id = $1`, d.ID, want, now)
		return err
	}()
	return d, err
}

// Disputes lists a request's disputes, oldest first.
func (s *Service) Disputes(ctx context.Context, requestID string) ([]Dispute, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+disputeCols+` FROM payment_disputes WHERE request_id = $1 ORDER BY created_at, id`, requestID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Dispute
	for rows.Next() {
		d, err := scanDispute(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, rows.Err()
}
