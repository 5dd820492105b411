package commerce

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/soukhq/souk/jobs"
	"github.com/soukhq/souk/store"
)

// runCancelUnpaid is the unpaid-order timer: at the order's pay_by it
// cancels the order (and its payment request) and releases the stock. A
// paid or already cancelled order is left alone, so a late or repeated run
// does nothing.
func (s *Service) runCancelUnpaid(ctx context.Context, r jobs.Run) error {
	var p timerPayload
	if err := json.Unmarshal(r.Payload, &p); err != nil {
		return nil
	}
	return s.db.InTx(ctx, func(tx *store.Tx) error {
		o, err := scanOrder(tx.QueryRowContext(ctx, `SELECT `+orderCols+` FROM commerce_orders WHERE id = $1`, p.OrderID))
		if err != nil || o.State != StatePendingPayment {
			if Code(err) == ErrNotFound.Code {
				return nil
			}
			return err
		}
		if r.Now.UnixMicro() < o.PayBy {
			return fmt.Errorf("order %s is not due until %d", o.ID, o.PayBy) // retried later
		}
		_, err = s.cancelUnpaidTx(ctx, tx, o, System, "not paid in time")
		if Code(err) == ErrIllegalTransition.Code {
			return nil // paid meanwhile
		}
		return err
	})
}

// runAutoComplete completes a delivered order the shopper neither
// confirmed nor disputed in time, settling its payment in the same
// transaction. The job is cancelled when the order leaves delivered; a run
// for an order no longer delivered does nothing.
func (s *Service) runAutoComplete(ctx context.Context, r jobs.Run) error {
	var p timerPayload
	if err := json.Unmarshal(r.Payload, &p); err != nil {
		return nil
	}
	if r.Now.UnixMicro() < p.Due {
		return fmt.Errorf("order %s does not complete until %d", p.OrderID, p.Due)
	}
	return s.db.InTx(ctx, func(tx *store.Tx) error {
		o, err := lockOrder(ctx, tx, p.OrderID)
		if err != nil || o.State != StateDelivered {
			if Code(err) == ErrNotFound.Code {
				return nil
			}
			return err
		}
		_, err = s.transitionTx(ctx, tx, o.ID, StateCompleted, System, "completed automatically after delivery", nil)
		return err
	})
}

// MarkDeliveredTx moves a shipped order to delivered inside the caller's
// transaction (the logistics code, when a carrier reports delivery) and
// starts the auto-complete timer. Calling it for an order already delivered
// returns the order unchanged.
func (s *Service) MarkDeliveredTx(ctx context.Context, tx *store.Tx, orderID string, actor Actor, detail map[string]any) (Order, error) {
	o, err := lockOrder(ctx, tx, orderID)
	if err != nil {
		return o, err
	}
	if o.State == StateDelivered {
		return o, nil
	}
	return s.transitionTx(ctx, tx, orderID, StateDelivered, actor, "delivered", detail)
}

// MarkShippedTx moves a paid order to shipped, or records a further
// shipment update on a shipped order (logistics). detail should name the
// shipment (id, carrier, tracking number, items).
func (s *Service) MarkShippedTx(ctx context.Context, tx *store.Tx, orderID string, actor Actor, detail map[string]any) (Order, error) {
	return s.transitionTx(ctx, tx, orderID, StateShipped, actor, "shipment updated", detail)
}

// ConfirmReceipt is the shopper confirming a delivered order: it completes
// now (the auto-complete timer is cancelled) and the payment settles.
func (s *Service) ConfirmReceipt(ctx context.Context, shopperID, orderID string) (Order, error) {
	var o Order
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		_, err := lockShopperOrder(ctx, tx, shopperID, orderID)
		if err != nil {
			return err
		}
		o, err = s.transitionTx(ctx, tx, orderID, StateCompleted, Actor{Kind: ActorShopper, ID: shopperID}, "receipt confirmed", nil)
		return err
	})
	return o, err
}
