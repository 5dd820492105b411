package payments

import (
	"context"
	"database/sql"
	"errors"

	"github.com/soukhq/souk/payments/ledger"
	"github.com/soukhq/souk/payments/money"
	"github.com/soukhq/souk/store"
)

// SetBrandFee sets a brand's platform fee in basis points (admin).
func (s *Service) SetBrandFee(ctx context.Context, brandID string, bps money.Bps) error {
	if bps < 0 || bps > 10000 || brandID == "" {
		return fail(ErrInvalidFeeBps, "fee must be 0..10000 bps")
	}
	_, err := s.db.ExecContext(ctx, `INSERT INTO payment_brand_fees (brand_id, fee_bps, updated_at) VALUES ($1, $2, $3)
		ON CONFLICT (brand_id) DO UPDATE SET fee_bps = excluded.fee_bps, updated_at = excluded.updated_at`, brandID, int64(bps), s.now())
	return err
}

// BrandFee returns a brand's platform fee (its own or the default).
func (s *Service) BrandFee(ctx context.Context, brandID string) (money.Bps, error) {
	return s.brandFee(ctx, s.db, brandID)
}

func (s *Service) brandFee(ctx context.Context, q store.Querier, brandID string) (money.Bps, error) {
	var bps int64
	err := q.QueryRowContext(ctx, `SELECT fee_bps FROM payment_brand_fees WHERE brand_id = $1`, brandID).Scan(&bps)
	if errors.Is(err, sql.ErrNoRows) {
		return s.opts.DefaultFeeBps, nil
	}
	return money.Bps(bps), err
}

// Settle pays out a completed order from escrow in one linked transfer:
//
//	base      = amount - refunded
//	fee       = floor(base × brand fee bps / 10000)        -> fees:<CUR>
//	developer = floor(base × developer share bps / 10000)  -> developer:<org>:<CUR>
//	brand     = base - fee - developer                      -> brand:<org>:<CUR>
//
// Both cuts round down, so the rounding residue always goes to the brand
// and the legs sum to base exactly. When the platform funds part of the
// order's coupon discount (PlatformDiscount), the marketing account pays the
// brand, in the same linked transfer,
//
//	subsidy   = floor(PlatformDiscount × base / amount)     marketing -> brand
//
// so a refund before settlement shrinks the subsidy in proportion to what
// the shopper got back (the residue stays with the platform), and a fully
// refunded order gets none. Fee and developer share are taken on base, what
// the shopper paid, never on the subsidy. Settling again returns the request.
// A request with an open dispute cannot settle (ErrDisputeOpen).
func (s *Service) Settle(ctx context.Context, requestID string) (Request, error) {
	return store.InTxValue(ctx, s.db, func(tx *store.Tx) (Request, error) {
		return s.SettleTx(ctx, tx, requestID)
	})
}

// SettleTx is Settle inside the caller's transaction (order completion).
func (s *Service) SettleTx(ctx context.Context, tx *store.Tx, requestID string) (Request, error) {
	r, err := lockRequest(ctx, tx, requestID)
	if err != nil {
		return r, err
	}
	switch r.Status {
	case StatusSettled:
		return r, nil
	case StatusPaid:
	case StatusRefunded:
		if r.PaidAt > 0 {
			return r, nil // fully refunded before settlement: nothing left to split
		}
		fallthrough
	default:
		return r, fail(ErrRequestState, "payment request %s is %s", r.ID, r.Status)
	}
	if n, err := openDisputes(ctx, tx, r.ID); err != nil {
		return r, err
	} else if n > 0 {
		return r, fail(ErrDisputeOpen, "payment request %s has an open dispute", r.ID)
	}
	feeBps, err := s.brandFee(ctx, tx, r.BrandID)
	if err != nil {
		return r, err
	}
	base := r.Amount - r.Refunded
	parts, err := money.Split(base, []money.Share{{Name: "fee", Bps: feeBps}, {Name: "developer", Bps: r.DeveloperShareBps}}, "brand")
	if err != nil {
		return r, err
	}
	fee, dev, brand := parts[0].Amount, parts[1].Amount, parts[2].Amount
	cur, escrow := r.Currency, EscrowAccount(r.Currency)
	legs := []struct {
		suffix, account string
		amount          money.Amount
	}{{"brand", BrandAccount(r.BrandID, cur), brand}, {"fee", FeesAccount(cur), fee}}
	if r.DeveloperID != "" {
		legs = append(legs, struct {
			suffix, account string
			amount          money.Amount
		}{"developer", DeveloperAccount(r.DeveloperID, cur), dev})
	}
	var ts []ledger.Transfer
	for _, leg := range legs {
		if err := s.ensure(ctx, tx, leg.account); err != nil {
			return r, err
		}
		if leg.amount > 0 {
			ts = append(ts, ledger.Transfer{ID: "settle:" + r.ID + ":" + leg.suffix, DebitAccountID: escrow, CreditAccountID: leg.account,
				Amount: int64(leg.amount), Currency: cur, Code: "settlement_" + leg.suffix, Reference: r.OrderID})
		}
	}
	subsidy, err := subsidyFor(r, base)
	if err != nil {
		return r, err
	}
	if subsidy > 0 {
		mk := MarketingAccount(cur)
		if err := s.ensure(ctx, tx, mk); err != nil {
			return r, err
		}
		ts = append(ts, ledger.Transfer{ID: "settle:" + r.ID + ":subsidy", DebitAccountID: mk, CreditAccountID: BrandAccount(r.BrandID, cur),
			Amount: int64(subsidy), Currency: cur, Code: "coupon_subsidy", Reference: r.OrderID})
	}
	if len(ts) > 0 {
		if _, err := s.l.TransferTx(ctx, tx, ts...); err != nil {
			return r, err
		}
	}
	now := s.now()
	if _, err := tx.ExecContext(ctx, `UPDATE payment_requests SET status = 'settled', fee_bps = $2, fee = $3, developer_amount = $4,
		brand_amount = $5, settled_at = $6, subsidy = $7 WHERE id = $1`, r.ID, int64(feeBps), int64(fee), int64(dev), int64(brand), now,
		int64(subsidy)); err != nil {
		return r, err
	}
	r.Status, r.FeeBps, r.Fee, r.DeveloperAmount, r.BrandAmount, r.SettledAt, r.Subsidy = StatusSettled, feeBps, fee, dev, brand, now, subsidy
	return r, nil
}

// subsidyFor is floor(PlatformDiscount × base / Amount) in decimal
// arithmetic (no float).
func subsidyFor(r Request, base money.Amount) (money.Amount, error) {
	if r.PlatformDiscount <= 0 || base <= 0 || r.Amount <= 0 {
		return 0, nil
	}
	if base == r.Amount {
		return r.PlatformDiscount, nil
	}
	return money.Proportion(r.PlatformDiscount, int64(base), int64(r.Amount)), nil
}

func openDisputes(ctx context.Context, tx *store.Tx, requestID string) (money.Amount, error) {
	var n int64
	err := tx.QueryRowContext(ctx, `SELECT COALESCE(SUM(amount), 0) FROM payment_disputes WHERE request_id = $1 AND status = 'open'`, requestID).Scan(&n)
	return money.Amount(n), err
}

// Refund statuses.
const (
	RefundSucceeded    = "succeeded"
	RefundPendingFunds = "pending_funds"
)

// Refund is money going back to the shopper for (part of) an order.
type Refund struct {
	ID        string       `json:"id"`
	RequestID string       `json:"request_id"`
	Amount    money.Amount `json:"amount"`
	Reason    string       `json:"reason"`
	Source    string       `json:"source"` // escrow (before settlement) or brand (after)
	Status    string       `json:"status"`
	CreatedAt int64        `json:"created_at"`
	UpdatedAt int64        `json:"updated_at"`
}

const refundCols = `id, request_id, amount, reason, source, status, created_at, updated_at`

func scanRefund(sc interface{ Scan(...any) error }) (Refund, error) {
	var f Refund
	err := sc.Scan(&f.ID, &f.RequestID, &f.Amount, &f.Reason, &f.Source, &f.Status, &f.CreatedAt, &f.UpdatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return f, fail(ErrRefundNotFound, "")
	}
	return f, err
}

// Refund returns amount of a paid order to the shopper's wallet; refundID is
// the caller's idempotency key (same id and amount: the same refund). Full
// or partial, as many as wanted up to what was paid (less open disputes).
//
// Before settlement the money comes from escrow. After settlement it comes
// from the brand's balance alone (the platform fee and developer share are
// not clawed back). If the brand's available balance is short, the refund
// is recorded as pending_funds — the shopper is owed it, nothing moves yet,
// and RetryPendingRefunds (a job, or the operator) pays it once the brand
// has the money. The brand account never goes negative.
func (s *Service) Refund(ctx context.Context, requestID, refundID string, amount money.Amount, reason string) (Refund, error) {
	return store.InTxValue(ctx, s.db, func(tx *store.Tx) (Refund, error) {
		return s.RefundTx(ctx, tx, requestID, refundID, amount, reason)
	})
}

// RefundTx is Refund inside the caller's transaction (an order's refund
// and its state change commit together).
func (s *Service) RefundTx(ctx context.Context, tx *store.Tx, requestID, refundID string, amount money.Amount, reason string) (Refund, error) {
	if refundID == "" {
		return Refund{}, fail(ErrInvalidRequest, "a refund needs an id")
	}
	if amount <= 0 {
		return Refund{}, fail(ErrInvalidAmount, "a refund needs a positive amount")
	}
	var f Refund
	err := func() error {
		r, err := lockRequest(ctx, tx, requestID)
		if err != nil {
			return err
		}
		f, err = scanRefund(tx.QueryRowContext(ctx, `SELECT `+refundCols+` FROM payment_refunds WHERE id = $1`, refundID))
		if err == nil {
			if f.RequestID != requestID || f.Amount != amount {
				return fail(ErrRefundIDReused, "refund %s was for another amount or order", refundID)
			}
			return nil
		}
		if !errors.Is(err, ErrRefundNotFound) {
			return err
		}
		source, from, err := checkClaim(ctx, tx, r, amount, "refunded")
		if err != nil {
			return err
		}
		now := s.now()
		f = Refund{ID: refundID, RequestID: r.ID, Amount: amount, Reason: reason, Source: source, Status: RefundSucceeded, CreatedAt: now, UpdatedAt: now}
		wallet := WalletAccount(r.ShopperID, r.Currency)
		if err := s.ensure(ctx, tx, wallet, from); err != nil {
			return err
		}
		_, err = s.l.TransferTx(ctx, tx, ledger.Transfer{ID: "refund:" + refundID, DebitAccountID: from, CreditAccountID: wallet,
			Amount: int64(amount), Currency: r.Currency, Code: "refund", Reference: r.OrderID})
		if errors.Is(err, ledger.ErrInsufficientFunds) && f.Source == "brand" {
			f.Status = RefundPendingFunds
		} else if err != nil {
			return err
		}
		if f.Status == RefundSucceeded {
			if err := s.refundFXTx(ctx, tx, r, f.ID, amount); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO payment_refunds (id, request_id, amount, reason, source, status, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, f.ID, f.RequestID, int64(f.Amount), f.Reason, f.Source, f.Status, now, now); err != nil {
			return err
		}
		// "refunded" counts pending_funds refunds too: the shopper is owed them.
		status := r.Status
		if r.Refunded+amount == r.Amount {
			status = StatusRefunded
		}
		_, err = tx.ExecContext(ctx, `UPDATE payment_requests SET refunded = refunded + $2, status = $3 WHERE id = $1`, r.ID, int64(amount), status)
		return err
	}()
	return f, err
}

// Refunds lists a request's refunds, oldest first.
func (s *Service) Refunds(ctx context.Context, requestID string) ([]Refund, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+refundCols+` FROM payment_refunds WHERE request_id = $1 ORDER BY created_at, id`, requestID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Refund
	for rows.Next() {
		f, err := scanRefund(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, rows.Err()
}

// RetryPendingRefunds pays the refunds left pending_funds whose brand can
// now afford them; it returns how many it paid.
func (s *Service) RetryPendingRefunds(ctx context.Context) (int, error) {
	ids, err := store.QueryStrings(ctx, s.db, `SELECT id FROM payment_refunds WHERE status = 'pending_funds' ORDER BY created_at LIMIT 500`)
	if err != nil {
		return 0, err
	}
	paid := 0
	for _, id := range ids {
		done := false
		err := s.db.InTx(ctx, func(tx *store.Tx) error {
			done = false
			f, err := scanRefund(tx.QueryRowContext(ctx, `SELECT `+refundCols+` FROM payment_refunds WHERE id = $1`+forUpdate(tx), id))
			if err != nil || f.Status != RefundPendingFunds {
				return err
			}
			r, err := lockRequest(ctx, tx, f.RequestID)
			if err != nil {
				return err
			}
			_, err = s.l.TransferTx(ctx, tx, ledger.Transfer{ID: "refund:" + f.ID, DebitAccountID: BrandAccount(r.BrandID, r.Currency),
				CreditAccountID: WalletAccount(r.ShopperID, r.Currency), Amount: int64(f.Amount), Currency: r.Currency, Code: "refund", Reference: r.OrderID})
			if err != nil {
				return err
			}
			if err := s.refundFXTx(ctx, tx, r, f.ID, f.Amount); err != nil {
				return err
			}
			_, err = tx.ExecContext(ctx, `UPDATE payment_refunds SET status = 'succeeded', updated_at = $2 WHERE id = $1`, f.ID, s.now())
			done = err == nil
			return err
		})
		if err == nil && done {
			paid++
		}
		if err != nil && !errors.Is(err, ledger.ErrInsufficientFunds) {
			return paid, err
		}
	}
	return paid, nil
}

// checkClaim checks that amount can still be refunded or disputed on r: r is
// paid or settled, and amount fits in what is neither refunded nor held by
// an open dispute. It returns where the money comes from: escrow before
// settlement, the brand's balance after.
func checkClaim(ctx context.Context, tx *store.Tx, r Request, amount money.Amount, verb string) (source, from string, err error) {
	if r.Status != StatusPaid && r.Status != StatusSettled {
		return "", "", fail(ErrRequestState, "payment request %s is %s", r.ID, r.Status)
	}
	held, err := openDisputes(ctx, tx, r.ID)
	if err != nil {
		return "", "", err
	}
	if left := r.Amount - r.Refunded - held; amount > left {
		return "", "", fail(ErrRefundExceeds, "at most %s can be %s", money.Format(money.MustLookup(r.Currency), left), verb)
	}
	if r.Status == StatusSettled {
		return "brand", BrandAccount(r.BrandID, r.Currency), nil
	}
	return "escrow", EscrowAccount(r.Currency), nil
}
