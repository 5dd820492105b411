package commerce

import (
	"context"
	"database/sql"
	"errors"

	"github.com/soukhq/souk/store"
)

// StockChange says who changes a SKU's stock and why; both are kept in the
// product's stock history.
type StockChange struct {
	ActorID string // the user ("" = the system)
	Reason  string // e.g. "stock-take", "CSV import"
}

// StockAdjustment is one line of a product's stock history.
type StockAdjustment struct {
	ID        string `json:"id"`
	ProductID string `json:"productId"`
	SKUID     string `json:"skuId"`
	ActorID   string `json:"actorId"`
	Before    int64  `json:"before"`
	After     int64  `json:"after"`
	Reason    string `json:"reason"`
	CreatedAt int64  `json:"createdAt"`
}

// SetStockBy sets a SKU's stock on hand and records the change (before,
// after, who, why) in the same transaction. It cannot go below what unpaid
// orders hold (ErrStockInUse). Setting the stock it already has records
// nothing.
func (s *Service) SetStockBy(ctx context.Context, brandID, skuID string, onHand int64, by StockChange) (SKU, error) {
	if onHand < 0 || onHand > MaxStock {
		return SKU{}, fail(ErrInvalid, "stock must be 0 to %d", MaxStock)
	}
	if err := checkText("reason", by.Reason, 200, false); err != nil {
		return SKU{}, err
	}
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		return s.setStockTx(ctx, tx, brandID, skuID, onHand, by)
	})
	if err != nil {
		if errors.Is(err, ErrStockInUse) {
			k, err2 := s.SKU(ctx, brandID, skuID)
			if err2 != nil {
				return k, err2
			}
			return k, err
		}
		return SKU{}, err
	}
	return s.SKU(ctx, brandID, skuID)
}

// setStockTx is SetStockBy inside the caller's transaction (the CSV import).
func (s *Service) setStockTx(ctx context.Context, tx *store.Tx, brandID, skuID string, onHand int64, by StockChange) error {
	var productID string
	var before, reserved int64
	err := tx.QueryRowContext(ctx, `SELECT product_id, on_hand, reserved FROM commerce_skus WHERE id = $1 AND brand_id = $2`+forUpdate(tx),
		skuID, brandID).Scan(&productID, &before, &reserved)
	if errors.Is(err, sql.ErrNoRows) {
		return fail(ErrNotFound, "no such SKU")
	}
	if err != nil {
		return err
	}
	if onHand < reserved {
		return fail(ErrStockInUse, "%d units are reserved by unpaid orders", reserved)
	}
	if onHand == before {
		return nil
	}
	t := now()
	catalogChangedTx(tx)
	if _, err := tx.ExecContext(ctx, `UPDATE commerce_skus SET on_hand = $3, updated_at = $4 WHERE id = $1 AND brand_id = $2`,
		skuID, brandID, onHand, t); err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO commerce_stock_adjustments (id, brand_id, product_id, sku_id, actor_id, before_qty, after_qty, reason, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`, store.NewID("stk"), brandID, productID, skuID, by.ActorID, before, onHand, by.Reason, t)
	return err
}

// StockHistory lists a brand's product's stock changes, newest first (at
// most limit, 1..500).
func (s *Service) StockHistory(ctx context.Context, brandID, productID string, limit int) ([]StockAdjustment, error) {
	if limit <= 0 || limit > 500 {
		limit = 100
	}
	rows, err := s.db.QueryContext(ctx, `SELECT id, product_id, sku_id, actor_id, before_qty, after_qty, reason, created_at
		FROM commerce_stock_adjustments WHERE brand_id = $1 AND product_id = $2 ORDER BY created_at DESC, id DESC LIMIT $3`, brandID, productID, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []StockAdjustment
	for rows.Next() {
		var a StockAdjustment
		if err := rows.Scan(&a.ID, &a.ProductID, &a.SKUID, &a.ActorID, &a.Before, &a.After, &a.Reason, &a.CreatedAt); err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}
