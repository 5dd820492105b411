package commerce

import (
	"context"
	"fmt"

	"github.com/soukhq/souk/store"
)

// Stock moves are conditional UPDATEs: the WHERE clause is the check, so
// two orders racing for the last unit cannot both pass it (PostgreSQL
// re-evaluates the condition on the row another transaction just changed;
// SQLite has one writer). The table's CHECKs (reserved <= on_hand, both
// non-negative) are the last line of defence.

// reserveTx promises qty of a SKU to an unpaid order.
func reserveTx(ctx context.Context, tx *store.Tx, skuID string, qty int64) error {
	catalogChangedTx(tx)
	res, err := tx.ExecContext(ctx, `UPDATE commerce_skus SET reserved = reserved + $2, updated_at = $3
		WHERE id = $1 AND on_hand - reserved >= $2`, skuID, qty, now())
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return fail(ErrOutOfStock, "SKU %s has fewer than %d available", skuID, qty)
	}
	return nil
}

// lineQtys returns an order's quantity per SKU.
func lineQtys(ctx context.Context, tx *store.Tx, orderID string) (map[string]int64, []string, error) {
	rows, err := tx.QueryContext(ctx, `SELECT sku_id, qty FROM commerce_order_lines WHERE order_id = $1 ORDER BY sku_id`, orderID)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	m := map[string]int64{}
	var order []string
	for rows.Next() {
		var id string
		var q int64
		if err := rows.Scan(&id, &q); err != nil {
			return nil, nil, err
		}
		if _, ok := m[id]; !ok {
			order = append(order, id)
		}
		m[id] += q
	}
	return m, order, rows.Err()
}

// commitStockTx turns an order's reservation into a sale: the units leave
// on_hand and the reservation.
func commitStockTx(ctx context.Context, tx *store.Tx, orderID string) error {
	m, ids, err := lineQtys(ctx, tx, orderID)
	if err != nil {
		return err
	}
	for _, id := range ids {
		catalogChangedTx(tx)
		res, err := tx.ExecContext(ctx, `UPDATE commerce_skus SET on_hand = on_hand - $2, reserved = reserved - $2, updated_at = $3
			WHERE id = $1 AND reserved >= $2 AND on_hand >= $2`, id, m[id], now())
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return fmt.Errorf("commerce: order %s: SKU %s does not hold its reservation of %d", orderID, id, m[id])
		}
	}
	return nil
}

// releaseStockTx gives an unpaid order's reservation back.
func releaseStockTx(ctx context.Context, tx *store.Tx, orderID string) error {
	m, ids, err := lineQtys(ctx, tx, orderID)
	if err != nil {
		return err
	}
	for _, id := range ids {
		catalogChangedTx(tx)
		res, err := tx.ExecContext(ctx, `UPDATE commerce_skus SET reserved = reserved - $2, updated_at = $3 WHERE id = $1 AND reserved >= $2`, id, m[id], now())
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return fmt.Errorf("commerce: order %s: SKU %s does not hold its reservation of %d", orderID, id, m[id])
		}
	}
	return releaseLiveTx(ctx, tx, orderID)
}
