package commerce

import (
	"context"
	"database/sql"
	"errors"

	"github.com/soukhq/souk/store"
)

// BuyLive is a viewer's one-tap buy of a pinned SKU: a direct order (no
// app, no developer share) of qty at the pin's price, reserved like any
// order and paid on the host's payment sheet (RequestPayment). In one
// transaction: the room must be open and the SKU pinned; a flash sale's
// allotment is taken by a guarded UPDATE (flash_sold + qty <= flash_stock);
// the SKU's stock is reserved by reserveTx. Either refusal rolls back
// both, so neither limit is ever passed.
func (s *Service) BuyLive(ctx context.Context, roomID, shopperID, skuID string, qty int64) (Order, error) {
	if shopperID == "" {
		return Order{}, fail(ErrForbidden, "sign in to buy")
	}
	if qty < 1 || qty > MaxLineQty {
		return Order{}, fail(ErrInvalid, "qty must be 1 to %d", MaxLineQty)
	}
	o, err := store.InTxValue(ctx, s.db, func(tx *store.Tx) (Order, error) {
		brandID, err := s.openRoom(ctx, tx, roomID)
		if err != nil {
			return Order{}, err
		}
		var flashPrice, flashStock int64
		err = tx.QueryRowContext(ctx, `SELECT flash_price, flash_stock FROM live_pins WHERE room_id = $1 AND sku_id = $2`, roomID, skuID).
			Scan(&flashPrice, &flashStock)
		if errors.Is(err, sql.ErrNoRows) {
			return Order{}, fail(ErrNotPinned, "")
		}
		if err != nil {
			return Order{}, err
		}
		var flashQty int64
		if flashStock > 0 {
			flashQty = qty
			res, err := tx.ExecContext(ctx, `UPDATE live_pins SET flash_sold = flash_sold + $3
				WHERE room_id = $1 AND sku_id = $2 AND flash_sold + $3 <= flash_stock`, roomID, skuID, qty)
			if err != nil {
				return Order{}, err
			}
			if n, _ := res.RowsAffected(); n != 1 {
				return Order{}, fail(ErrOutOfStock, "the flash sale is sold out")
			}
		}
		in := NewOrder{ShopperID: shopperID, BrandID: brandID, Lines: []LineInput{{SKUID: skuID, Qty: qty}}}
		if flashPrice > 0 {
			in.unitPrice = map[string]int64{skuID: flashPrice}
		}
		o, err := s.createOrderTx(ctx, tx, in)
		if err != nil {
			return Order{}, err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO live_orders (order_id, room_id, sku_id, flash_qty, created_at) VALUES ($1, $2, $3, $4, $5)`,
			o.ID, roomID, skuID, flashQty, now())
		return o, err
	})
	if err == nil {
		s.live.markDirty(roomID)
	}
	return o, err
}

// releaseLiveTx gives a cancelled live order's units back to the flash
// sale's allotment (releaseStockTx gives them back to the SKU).
func releaseLiveTx(ctx context.Context, tx *store.Tx, orderID string) error {
	var room, sku string
	var qty int64
	err := tx.QueryRowContext(ctx, `SELECT room_id, sku_id, flash_qty FROM live_orders WHERE order_id = $1`, orderID).Scan(&room, &sku, &qty)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && qty == 0) {
		return nil
	}
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `UPDATE live_pins SET flash_sold = flash_sold - $3 WHERE room_id = $1 AND sku_id = $2 AND flash_sold >= $3`, room, sku, qty)
	return err
}
