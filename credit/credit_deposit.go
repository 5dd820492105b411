package credit

import (
	"context"
	"database/sql"
	"errors"

	"github.com/soukhq/souk/internal/fault"
	"github.com/soukhq/souk/payments"
	"github.com/soukhq/souk/payments/ledger"
	"github.com/soukhq/souk/payments/money"
	"github.com/soukhq/souk/store"
)

// DefaultWaiverThreshold is a brand's waiver threshold until it sets one.
const DefaultWaiverThreshold = 700

// NeverWaive as a threshold holds every deposit (no score reaches it).
const NeverWaive = MaxScore + 1

// Deposit statuses.
const (
	DepositWaived   = "waived"   // the shopper's score reached the brand's threshold
	DepositHeld     = "held"     // a pending transfer wallet → brand reserves it
	DepositReleased = "released" // the item came back: the hold is voided
	DepositCaptured = "captured" // the brand kept it: the hold is posted
)

// ErrDepositFunds: the wallet does not cover a deposit that is not waived;
// the payment fails with it.
var ErrDepositFunds = fault.New(fault.Conflict, "deposit_insufficient_funds", "the wallet does not cover the deposit")

// DepositSKU is a SKU a brand marked as needing a deposit, per unit.
type DepositSKU struct {
	SKUID     string       `json:"sku_id"`
	BrandID   string       `json:"brand_id"`
	Currency  string       `json:"currency"`
	Amount    money.Amount `json:"amount"`
	UpdatedAt int64        `json:"updated_at"`
}

// Deposit is the deposit of one paid order.
type Deposit struct {
	ID         string       `json:"id"`
	OrderID    string       `json:"order_id"`
	ShopperID  string       `json:"shopper_id"`
	BrandID    string       `json:"brand_id"`
	Currency   string       `json:"currency"`
	Amount     money.Amount `json:"amount"`
	Score      int          `json:"score"`     // the shopper's score at payment
	Threshold  int          `json:"threshold"` // the brand's threshold then
	Status     string       `json:"status"`
	CreatedAt  int64        `json:"created_at"`
	ResolvedAt int64        `json:"resolved_at,omitempty"`
	ResolvedBy string       `json:"resolved_by,omitempty"`
}

// HoldTransfer is the ledger id of a held deposit's pending transfer.
func (d Deposit) HoldTransfer() string { return "deposit_hold:" + d.ID }

const depositCols = `id, order_id, shopper_id, brand_id, currency, amount, score, threshold, status, created_at, resolved_at, resolved_by`

func scanDeposit(sc interface{ Scan(...any) error }) (Deposit, error) {
	var d Deposit
	err := sc.Scan(&d.ID, &d.OrderID, &d.ShopperID, &d.BrandID, &d.Currency, &d.Amount, &d.Score, &d.Threshold, &d.Status,
		&d.CreatedAt, &d.ResolvedAt, &d.ResolvedBy)
	if errors.Is(err, sql.ErrNoRows) {
		return d, fail(ErrNotFound, "no such deposit")
	}
	return d, err
}

func queryDeposits(ctx context.Context, q store.Querier, where string, args ...any) ([]Deposit, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+depositCols+` FROM credit_deposits `+where, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Deposit{}
	for rows.Next() {
		d, err := scanDeposit(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// WaiverThreshold is the brand's threshold: a shopper whose score reaches
// it pays no deposit.
func (s *Service) WaiverThreshold(ctx context.Context, brandID string) (int, error) {
	return waiverThreshold(ctx, s.db, brandID)
}

func waiverThreshold(ctx context.Context, q store.Querier, brandID string) (int, error) {
	var t int
	err := q.QueryRowContext(ctx, `SELECT waiver_threshold FROM credit_brand_settings WHERE brand_id = $1`, brandID).Scan(&t)
	if errors.Is(err, sql.ErrNoRows) {
		return DefaultWaiverThreshold, nil
	}
	return t, err
}

// SetWaiverThreshold sets the brand's threshold (MinScore..NeverWaive).
func (s *Service) SetWaiverThreshold(ctx context.Context, brandID string, threshold int) error {
	if threshold < MinScore || threshold > NeverWaive {
		return fail(ErrInvalid, "the waiver threshold is %d..%d", MinScore, NeverWaive)
	}
	_, err := s.db.ExecContext(ctx, `INSERT INTO credit_brand_settings (brand_id, waiver_threshold, updated_at) VALUES ($1, $2, $3)
		ON CONFLICT (brand_id) DO UPDATE SET waiver_threshold = excluded.waiver_threshold, updated_at = excluded.updated_at`,
		brandID, threshold, s.now())
	return err
}

// SKUCurrency is the currency of the brand's SKU (ErrNotFound for another
// brand's).
func (s *Service) SKUCurrency(ctx context.Context, brandID, skuID string) (string, error) {
	var owner, cur string
	err := s.db.QueryRowContext(ctx, `SELECT k.brand_id, p.currency FROM commerce_skus k JOIN commerce_products p ON p.id = k.product_id
		WHERE k.id = $1`, skuID).Scan(&owner, &cur)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && owner != brandID) {
		return "", fail(ErrNotFound, "no such SKU")
	}
	return cur, err
}

// MarkDeposit marks the brand's SKU as needing amount per unit ordered, in
// the SKU's currency; amount 0 removes the mark. Orders paid afterwards
// take it.
func (s *Service) MarkDeposit(ctx context.Context, brandID, skuID string, amount money.Amount) (DepositSKU, error) {
	cur, err := s.SKUCurrency(ctx, brandID, skuID)
	if err != nil {
		return DepositSKU{}, err
	}
	c, _ := money.Lookup(cur)
	if amount < 0 || amount > c.Max {
		return DepositSKU{}, fail(ErrInvalid, "a deposit is 0 (none) up to the currency's maximum")
	}
	m := DepositSKU{SKUID: skuID, BrandID: brandID, Currency: cur, Amount: amount, UpdatedAt: s.now()}
	if amount == 0 {
		_, err = s.db.ExecContext(ctx, `DELETE FROM credit_deposit_skus WHERE sku_id = $1`, skuID)
		return m, err
	}
	_, err = s.db.ExecContext(ctx, `INSERT INTO credit_deposit_skus (sku_id, brand_id, currency, amount, updated_at) VALUES ($1, $2, $3, $4, $5)
		ON CONFLICT (sku_id) DO UPDATE SET amount = excluded.amount, updated_at = excluded.updated_at`,
		skuID, brandID, cur, int64(amount), m.UpdatedAt)
	return m, err
}

// DepositSKUs lists the brand's SKUs that need a deposit.
func (s *Service) DepositSKUs(ctx context.Context, brandID string) ([]DepositSKU, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT sku_id, brand_id, currency, amount, updated_at FROM credit_deposit_skus
		WHERE brand_id = $1 ORDER BY sku_id`, brandID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []DepositSKU{}
	for rows.Next() {
		var m DepositSKU
		if err := rows.Scan(&m.SKUID, &m.BrandID, &m.Currency, &m.Amount, &m.UpdatedAt); err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// onPaid runs after the order is paid, in the payment's transaction: an
// order with deposit SKUs gets its deposit, waived or held.
func (s *Service) onPaid(ctx context.Context, tx *store.Tx, r payments.Request) error {
	var amount int64
	err := tx.QueryRowContext(ctx, `SELECT COALESCE(SUM(d.amount * l.qty), 0) FROM commerce_order_lines l
		JOIN credit_deposit_skus d ON d.sku_id = l.sku_id AND d.currency = $2 WHERE l.order_id = $1`, r.OrderID, r.Currency).Scan(&amount)
	if err != nil || amount == 0 {
		return err
	}
	sc, err := s.score(ctx, tx, r.ShopperID)
	if err != nil {
		return err
	}
	threshold, err := waiverThreshold(ctx, tx, r.BrandID)
	if err != nil {
		return err
	}
	d := Deposit{ID: "dep_" + r.ID, OrderID: r.OrderID, ShopperID: r.ShopperID, BrandID: r.BrandID, Currency: r.Currency,
		Amount: money.Amount(amount), Score: sc.Score, Threshold: threshold, Status: DepositWaived, CreatedAt: s.now()}
	if sc.Score < threshold {
		d.Status = DepositHeld
		brand := payments.BrandAccount(r.BrandID, r.Currency)
		if _, err := s.l.CreateAccountTx(ctx, tx, ledger.Account{ID: brand, Owner: r.BrandID, Kind: "brand", Currency: r.Currency,
			Flags: ledger.DebitsMustNotExceedCredits}); err != nil {
			return err
		}
		_, err := s.l.TransferTx(ctx, tx, ledger.Transfer{ID: d.HoldTransfer(), DebitAccountID: payments.WalletAccount(r.ShopperID, r.Currency),
			CreditAccountID: brand, Amount: amount, Currency: r.Currency, Code: "deposit_hold", Reference: d.ID, Flags: ledger.Pending})
		if ledger.Code(err) == "insufficient_funds" {
			return ErrDepositFunds.Withf("the wallet does not cover the deposit of %d", amount)
		}
		if err != nil {
			return err
		}
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO credit_deposits (`+depositCols+`) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 0, '')
		ON CONFLICT (order_id) DO NOTHING`,
		d.ID, d.OrderID, d.ShopperID, d.BrandID, d.Currency, amount, d.Score, d.Threshold, d.Status, d.CreatedAt)
	return err
}

// Deposit returns a deposit of the brand.
func (s *Service) Deposit(ctx context.Context, brandID, id string) (Deposit, error) {
	d, err := scanDeposit(s.db.QueryRowContext(ctx, `SELECT `+depositCols+` FROM credit_deposits WHERE id = $1`, id))
	if err == nil && d.BrandID != brandID {
		return Deposit{}, fail(ErrNotFound, "no such deposit")
	}
	return d, err
}

// OrderDeposit returns the deposit of an order, if it has one.
func (s *Service) OrderDeposit(ctx context.Context, orderID string) (Deposit, error) {
	return scanDeposit(s.db.QueryRowContext(ctx, `SELECT `+depositCols+` FROM credit_deposits WHERE order_id = $1`, orderID))
}

// BrandDeposits lists the brand's deposits (status "" for all), newest first.
func (s *Service) BrandDeposits(ctx context.Context, brandID, status string, limit int) ([]Deposit, error) {
	if limit <= 0 || limit > 200 {
		limit = 50
	}
	return queryDeposits(ctx, s.db, `WHERE brand_id = $1 AND ($2 = '' OR status = $2) ORDER BY created_at DESC, id DESC LIMIT $3`,
		brandID, status, limit)
}

// ShopperDeposits lists a shopper's deposits, newest first.
func (s *Service) ShopperDeposits(ctx context.Context, shopperID string, limit int) ([]Deposit, error) {
	if limit <= 0 || limit > 200 {
		limit = 50
	}
	return queryDeposits(ctx, s.db, `WHERE shopper_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2`, shopperID, limit)
}

// ResolveDeposit ends a held deposit when the item comes back: release
// voids the hold (the shopper's money is free again), capture posts it to
// the brand. by is who did it (a staff member). Resolving it the same way
// again returns it unchanged; another way, or a waived deposit, is ErrState.
func (s *Service) ResolveDeposit(ctx context.Context, brandID, id string, capture bool, by string) (Deposit, error) {
	to := DepositReleased
	if capture {
		to = DepositCaptured
	}
	return store.InTxValue(ctx, s.db, func(tx *store.Tx) (Deposit, error) {
		d, err := scanDeposit(tx.QueryRowContext(ctx, `SELECT `+depositCols+` FROM credit_deposits WHERE id = $1`+forUpdate(tx), id))
		if err != nil {
			return d, err
		}
		if d.BrandID != brandID {
			return Deposit{}, fail(ErrNotFound, "no such deposit")
		}
		if d.Status == to {
			return d, nil
		}
		if d.Status != DepositHeld {
			return d, fail(ErrState, "the deposit is %s", d.Status)
		}
		t := ledger.Transfer{ID: "deposit_" + to + ":" + d.ID, PendingID: d.HoldTransfer(), Flags: ledger.VoidPending}
		if capture {
			t.Flags = ledger.PostPending
		}
		if _, err := s.l.TransferTx(ctx, tx, t); err != nil {
			return d, err
		}
		d.Status, d.ResolvedAt, d.ResolvedBy = to, s.now(), by
		_, err = tx.ExecContext(ctx, `UPDATE credit_deposits SET status = $2, resolved_at = $3, resolved_by = $4 WHERE id = $1`,
			d.ID, d.Status, d.ResolvedAt, d.ResolvedBy)
		return d, err
	})
}
