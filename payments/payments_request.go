package payments

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/soukhq/souk/payments/ledger"
	"github.com/soukhq/souk/payments/money"
	"github.com/soukhq/souk/store"
)

// Request statuses.
const (
	StatusCreated  = "created"  // waiting for the shopper's PIN
	StatusPaid     = "paid"     // money in escrow
	StatusSettled  = "settled"  // split to brand, platform and developer
	StatusRefunded = "refunded" // everything paid was refunded (before or after settlement)
	StatusCanceled = "canceled" // canceled before payment
	StatusExpired  = "expired"  // not confirmed in time
)

// Request is a payment request for one order.
type Request struct {
	ID                string       `json:"id"`
	OrderID           string       `json:"order_id"`
	ShopperID         string       `json:"shopper_id"`
	BrandID           string       `json:"brand_id"`
	AppID             string       `json:"app_id,omitempty"`
	DeveloperID       string       `json:"developer_id,omitempty"`
	DeveloperShareBps money.Bps    `json:"developer_share_bps"`
	Currency          string       `json:"currency"`
	Amount            money.Amount `json:"amount"`
	Refunded          money.Amount `json:"refunded"` // refunded or committed to be (pending_funds)
	Status            string       `json:"status"`
	FeeBps            money.Bps    `json:"fee_bps"`
	Fee               money.Amount `json:"fee"`
	DeveloperAmount   money.Amount `json:"developer_amount"`
	BrandAmount       money.Amount `json:"brand_amount"`
	ExpiresAt         int64        `json:"expires_at"`
	CreatedAt         int64        `json:"created_at"`
	PaidAt            int64        `json:"paid_at,omitempty"`
	SettledAt         int64        `json:"settled_at,omitempty"`
	// PlatformDiscount is the part of the order's coupon discount the
	// platform funds: at settlement the marketing account pays the brand
	// Subsidy = floor(PlatformDiscount × (Amount − Refunded) / Amount).
	PlatformDiscount money.Amount `json:"platform_discount,omitempty"`
	Subsidy          money.Amount `json:"subsidy,omitempty"`
}

// NewRequest is what the host (never an app's JS) knows when it asks a
// shopper to pay for an order: the amount it computed from the catalog.
type NewRequest struct {
	OrderID           string
	ShopperID         string
	BrandID           string
	AppID             string
	DeveloperID       string    // the app's developer org, paid DeveloperShareBps at settlement
	DeveloperShareBps money.Bps // 0..10000
	Currency          string
	Amount            money.Amount
	TTL               time.Duration // default Options.RequestTTL
	// PlatformDiscount is the platform-funded part of the order's discount
	// (0..the discount; see Request.PlatformDiscount).
	PlatformDiscount money.Amount
}

const requestCols = `id, order_id, shopper_id, brand_id, app_id, developer_id, developer_share_bps, currency, amount, refunded,
	status, fee_bps, fee, developer_amount, brand_amount, expires_at, created_at, paid_at, settled_at, platform_discount, subsidy`

func scanRequest(sc interface{ Scan(...any) error }) (Request, error) {
	var r Request
	err := sc.Scan(&r.ID, &r.OrderID, &r.ShopperID, &r.BrandID, &r.AppID, &r.DeveloperID, &r.DeveloperShareBps, &r.Currency,
		&r.Amount, &r.Refunded, &r.Status, &r.FeeBps, &r.Fee, &r.DeveloperAmount, &r.BrandAmount, &r.ExpiresAt, &r.CreatedAt,
		&r.PaidAt, &r.SettledAt, &r.PlatformDiscount, &r.Subsidy)
	if errors.Is(err, sql.ErrNoRows) {
		return r, fail(ErrRequestNotFound, "")
	}
	return r, err
}

// lockRequest reads a request inside tx, locking it against concurrent
// confirm/cancel/refund/settle.
func lockRequest(ctx context.Context, tx *store.Tx, id string) (Request, error) {
	return scanRequest(tx.QueryRowContext(ctx, `SELECT `+requestCols+` FROM payment_requests WHERE id = $1`+forUpdate(tx), id))
}

// GetRequest returns a payment request.
func (s *Service) GetRequest(ctx context.Context, id string) (Request, error) {
	return scanRequest(s.db.QueryRowContext(ctx, `SELECT `+requestCols+` FROM payment_requests WHERE id = $1`, id))
}

// RequestForOrder returns the payment request of an order.
func (s *Service) RequestForOrder(ctx context.Context, orderID string) (Request, error) {
	return scanRequest(s.db.QueryRowContext(ctx, `SELECT `+requestCols+` FROM payment_requests WHERE order_id = $1`, orderID))
}

// CreateRequest creates the payment request for an order. Creating it again
// with the same terms returns the existing request; other terms for the same
// order are ErrOrderHasRequest.
func (s *Service) CreateRequest(ctx context.Context, nr NewRequest) (Request, error) {
	return store.InTxValue(ctx, s.db, func(tx *store.Tx) (Request, error) {
		return s.CreateRequestTx(ctx, tx, nr)
	})
}

// CreateRequestTx is CreateRequest inside the caller's transaction (the
// marketplace creates the order and its request together).
func (s *Service) CreateRequestTx(ctx context.Context, tx *store.Tx, nr NewRequest) (Request, error) {
	if nr.OrderID == "" || nr.ShopperID == "" || nr.BrandID == "" {
		return Request{}, fail(ErrInvalidRequest, "order, shopper and brand are required")
	}
	if err := checkCurrency(nr.Currency); err != nil {
		return Request{}, err
	}
	if nr.Amount <= 0 {
		return Request{}, fail(ErrInvalidAmount, "a payment request needs a positive amount")
	}
	if nr.PlatformDiscount < 0 {
		return Request{}, fail(ErrInvalidAmount, "a platform discount is not negative")
	}
	if nr.DeveloperShareBps < 0 || nr.DeveloperShareBps > 10000 || (nr.DeveloperID == "" && nr.DeveloperShareBps != 0) {
		return Request{}, fail(ErrInvalidRequest, "developer share must be 0..10000 bps and needs a developer")
	}
	ttl := nr.TTL
	if ttl <= 0 {
		ttl = s.opts.RequestTTL
	}
	now := s.now()
	r := Request{ID: store.NewID("payreq"), OrderID: nr.OrderID, ShopperID: nr.ShopperID, BrandID: nr.BrandID, AppID: nr.AppID,
		DeveloperID: nr.DeveloperID, DeveloperShareBps: nr.DeveloperShareBps, Currency: nr.Currency, Amount: nr.Amount,
		Status: StatusCreated, ExpiresAt: now + ttl.Microseconds(), CreatedAt: now, PlatformDiscount: nr.PlatformDiscount}
	res, err := tx.ExecContext(ctx, `INSERT INTO payment_requests (id, order_id, shopper_id, brand_id, app_id, developer_id,
		developer_share_bps, currency, amount, status, expires_at, created_at, platform_discount)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) ON CONFLICT (order_id) DO NOTHING`,
		r.ID, r.OrderID, r.ShopperID, r.BrandID, r.AppID, r.DeveloperID, int64(r.DeveloperShareBps), r.Currency, int64(r.Amount),
		r.Status, r.ExpiresAt, r.CreatedAt, int64(r.PlatformDiscount))
	if err != nil {
		return Request{}, err
	}
	if n, _ := res.RowsAffected(); n == 1 {
		return r, nil
	}
	old, err := scanRequest(tx.QueryRowContext(ctx, `SELECT `+requestCols+` FROM payment_requests WHERE order_id = $1`, nr.OrderID))
	if err != nil {
		return Request{}, err
	}
	if old.ShopperID != nr.ShopperID || old.BrandID != nr.BrandID || old.Currency != nr.Currency || old.Amount != nr.Amount ||
		old.DeveloperID != nr.DeveloperID || old.DeveloperShareBps != nr.DeveloperShareBps || old.AppID != nr.AppID ||
		old.PlatformDiscount != nr.PlatformDiscount {
		return Request{}, fail(ErrOrderHasRequest, "order %s already has payment request %s", nr.OrderID, old.ID)
	}
	return old, nil
}

// RepriceTx changes the amount (and platform-funded discount) of a request
// that is not paid yet, in the caller's transaction: the order service
// applying or removing a coupon on an unpaid order. The request row is
// locked first, as Confirm locks it, so a payment confirms either the old
// terms (and RepriceTx then fails with ErrRequestState) or the new ones.
func (s *Service) RepriceTx(ctx context.Context, tx *store.Tx, requestID string, amount, platformDiscount money.Amount) (Request, error) {
	r, err := lockRequest(ctx, tx, requestID)
	if err != nil {
		return r, err
	}
	if r.Status != StatusCreated {
		return r, fail(ErrRequestState, "payment request %s is %s", r.ID, r.Status)
	}
	if amount <= 0 || platformDiscount < 0 {
		return r, fail(ErrInvalidAmount, "a payment request needs a positive amount")
	}
	if _, err := tx.ExecContext(ctx, `UPDATE payment_requests SET amount = $2, platform_discount = $3 WHERE id = $1`,
		r.ID, int64(amount), int64(platformDiscount)); err != nil {
		return r, err
	}
	r.Amount, r.PlatformDiscount = amount, platformDiscount
	return r, nil
}

// Confirm is the shopper paying: it checks the payment PIN, then in one
// transaction moves the amount from the shopper's wallet to escrow, marks
// the request paid and runs the Paid hook (the order becoming paid) and
// onPaid (may be nil) — all of it commits or none. Confirming a request that is
// already paid returns it unchanged (after the PIN check), so a retried
// confirmation never charges twice. onPaid must do all its work through tx:
// when the database asks for a retry (deadlock, serialization, busy) the
// whole transaction, onPaid included, runs again.
func (s *Service) Confirm(ctx context.Context, requestID, shopperID, pin string, onPaid func(tx *store.Tx, r Request) error) (Request, error) {
	return s.confirm(ctx, requestID, shopperID, pin, nil, onPaid)
}

// ConfirmFunded is Confirm with fund run first in the same transaction,
// once the request is known payable and before the wallet pays escrow:
// fund moves the amount into the shopper's wallet from elsewhere (the
// credit line of a pay-later payment), so the payment itself, escrow and
// settlement stay those of any order. fund must work through tx; its
// rejection (a credit limit reached) fails the whole confirmation.
func (s *Service) ConfirmFunded(ctx context.Context, requestID, shopperID, pin string,
	fund func(tx *store.Tx, r Request) error, onPaid func(tx *store.Tx, r Request) error) (Request, error) {
	return s.confirm(ctx, requestID, shopperID, pin, fund, onPaid)
}

func (s *Service) confirm(ctx context.Context, requestID, shopperID, pin string,
	fund, onPaid func(tx *store.Tx, r Request) error) (Request, error) {
	r, err := s.GetRequest(ctx, requestID)
	if err != nil {
		return Request{}, err
	}
	if r.ShopperID != shopperID {
		// Someone else's request does not exist as far as this caller knows.
		return Request{}, fail(ErrRequestNotFound, "")
	}
	if err := s.VerifyPIN(ctx, shopperID, pin); err != nil {
		return Request{}, err
	}
	paidNow := false
	err = s.db.InTx(ctx, func(tx *store.Tx) error {
		paidNow = false
		r, err = lockRequest(ctx, tx, requestID)
		if err != nil {
			return err
		}
		switch r.Status {
		case StatusPaid, StatusSettled, StatusRefunded:
			return nil
		case StatusCreated:
		case StatusExpired:
			return fail(ErrRequestExpired, "payment request %s expired", r.ID)
		default:
			return fail(ErrRequestState, "payment request %s is %s", r.ID, r.Status)
		}
		now := s.now()
		if now >= r.ExpiresAt {
			return fail(ErrRequestExpired, "payment request %s expired", r.ID)
		}
		wallet, escrow := WalletAccount(r.ShopperID, r.Currency), EscrowAccount(r.Currency)
		if err := s.ensure(ctx, tx, wallet, escrow); err != nil {
			return err
		}
		if fund != nil {
			if err := fund(tx, r); err != nil {
				return err
			}
		}
		if _, err := s.l.TransferTx(ctx, tx, ledger.Transfer{ID: "pay:" + r.ID, DebitAccountID: wallet, CreditAccountID: escrow,
			Amount: int64(r.Amount), Currency: r.Currency, Code: "payment", Reference: r.OrderID}); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE payment_requests SET status = 'paid', paid_at = $2 WHERE id = $1`, r.ID, now); err != nil {
			return err
		}
		r.Status, r.PaidAt, paidNow = StatusPaid, now, true
		if s.hooks.Paid != nil {
			if err := s.hooks.Paid(ctx, tx, r); err != nil {
				return err
			}
		}
		for _, h := range s.paidAfter {
			if err := h(ctx, tx, r); err != nil {
				return err
			}
		}
		if onPaid != nil {
			return onPaid(tx, r)
		}
		return nil
	})
	if err != nil {
		return Request{}, err
	}
	if paidNow {
		s.opts.Log.InfoContext(ctx, "payment confirmed", "request", r.ID, "order", r.OrderID, "brand", r.BrandID,
			"shopper", r.ShopperID, "amount_minor", int64(r.Amount), "currency", r.Currency)
	}
	return r, nil
}

// Cancel is the shopper declining a payment request addressed to them.
// It applies only before payment: created becomes canceled (and the
// Canceled hook cancels the unpaid order); declining a canceled or expired
// request again returns it unchanged. Once paid, Cancel refuses
// (ErrRequestState): money leaves escrow only through the order's refund
// and dispute paths, where the brand's policy and decision apply. Anyone
// but the request's shopper gets ErrRequestNotFound.
func (s *Service) Cancel(ctx context.Context, requestID, shopperID string) (Request, error) {
	var r Request
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		var err error
		r, err = lockRequest(ctx, tx, requestID)
		if err != nil {
			return err
		}
		if r.ShopperID != shopperID || shopperID == "" {
			// Someone else's request does not exist as far as this caller knows.
			return fail(ErrRequestNotFound, "")
		}
		switch r.Status {
		case StatusCanceled, StatusExpired:
			return nil
		case StatusCreated:
			if _, err := tx.ExecContext(ctx, `UPDATE payment_requests SET status = 'canceled' WHERE id = $1`, r.ID); err != nil {
				return err
			}
			r.Status = StatusCanceled
			if s.hooks.Canceled != nil {
				return s.hooks.Canceled(ctx, tx, r)
			}
			return nil
		}
		return fail(ErrRequestState, "payment request %s is %s; only an unpaid request can be declined", r.ID, r.Status)
	})
	if err != nil {
		return Request{}, err
	}
	return r, nil
}

// CancelUnpaidTx cancels a request that was never paid, inside the
// caller's transaction (an order timing out or cancelled before payment):
// created becomes canceled; canceled and expired stay as they are; a paid
// (or later) request is ErrRequestState, so a payment that won the race is
// never undone here. It does not run the Canceled hook: the caller is the
// order side already.
func (s *Service) CancelUnpaidTx(ctx context.Context, tx *store.Tx, requestID string) (Request, error) {
	r, err := lockRequest(ctx, tx, requestID)
	if err != nil {
		return r, err
	}
	switch r.Status {
	case StatusCanceled, StatusExpired:
		return r, nil
	case StatusCreated:
		_, err := tx.ExecContext(ctx, `UPDATE payment_requests SET status = 'canceled' WHERE id = $1`, r.ID)
		r.Status = StatusCanceled
		return r, err
	}
	return r, fail(ErrRequestState, "payment request %s is %s", r.ID, r.Status)
}

// ExpireRequests marks unconfirmed requests past their deadline expired (a
// periodic job). They never held money, so nothing moves.
func (s *Service) ExpireRequests(ctx context.Context) (int, error) {
	res, err := s.db.ExecContext(ctx, `UPDATE payment_requests SET status = 'expired' WHERE status = 'created' AND expires_at <= $1`, s.now())
	if err != nil {
		return 0, err
	}
	n, err := res.RowsAffected()
	return int(n), err
}

// ShopperRequests is a shopper's payment history: their payment requests of
// every status, newest first, at most limit (default 50, at most 200).
func (s *Service) ShopperRequests(ctx context.Context, shopperID string, limit int) ([]Request, error) {
	if limit <= 0 || limit > 200 {
		limit = 50
	}
	rows, err := s.db.QueryContext(ctx, `SELECT `+requestCols+` FROM payment_requests WHERE shopper_id = $1
		ORDER BY created_at DESC, id DESC LIMIT $2`, shopperID, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Request
	for rows.Next() {
		r, err := scanRequest(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// LockRequestTx reads and locks a request in the caller's transaction (the
// order service locks it before the order, as Confirm does).
func (s *Service) LockRequestTx(ctx context.Context, tx *store.Tx, id string) (Request, error) {
	return lockRequest(ctx, tx, id)
}
