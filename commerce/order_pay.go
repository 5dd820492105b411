package commerce

import (
	"context"
	"errors"
	"time"

	"github.com/soukhq/souk/payments"
	"github.com/soukhq/souk/store"
)

// RequestPayment creates (or returns) the payment request for an unpaid
// order, for the order total the host computed. Only the order's shopper
// asks (through the API or an app serving them); the shopper confirms it on
// the host with the PIN (POST /api/v1/payment-requests/{id}/confirm); no
// app can. It expires when the order's unpaid timer cancels the order.
func (s *Service) RequestPayment(ctx context.Context, orderID string, actor Actor) (payments.Request, error) {
	var r payments.Request
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		o, err := lockOrder(ctx, tx, orderID)
		if err != nil {
			return err
		}
		if err := mayAct(o, actor, ActorShopper); err != nil {
			return err
		}
		if o.State != StatePendingPayment {
			if o.PaymentRequestID != "" {
				r, err = s.pay.GetRequest(ctx, o.PaymentRequestID)
				return err
			}
			return fail(ErrIllegalTransition, "order %s is %s, not awaiting payment", o.ID, o.State)
		}
		ttl := time.Duration(o.PayBy-now()) * time.Microsecond
		if ttl <= 0 {
			return fail(ErrIllegalTransition, "order %s is past its payment deadline", o.ID)
		}
		nr := payments.NewRequest{OrderID: o.ID, ShopperID: o.ShopperID, BrandID: o.BrandID, AppID: o.AppID, Currency: o.Currency,
			Amount: o.Total, TTL: ttl}
		if o.DiscountFundedBy == FundedByPlatform {
			nr.PlatformDiscount = o.Discount
		}
		if o.DeveloperID != "" {
			share, err := s.developerShare(ctx, tx, o.DeveloperID)
			if err != nil {
				return err
			}
			nr.DeveloperID, nr.DeveloperShareBps = o.DeveloperID, share
		}
		if o.PaymentRequestID != "" {
			// Same terms: CreateRequestTx returns the existing request.
			r, err = s.pay.GetRequest(ctx, o.PaymentRequestID)
			return err
		}
		if r, err = s.pay.CreateRequestTx(ctx, tx, nr); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE commerce_orders SET payment_request_id = $2, updated_at = $3 WHERE id = $1`, o.ID, r.ID, now())
		return err
	})
	return r, err
}

// onPaid is the payments Paid hook: in the payment's transaction the order
// becomes paid and its stock is committed. Requests of unknown orders are
// not ours.
func (s *Service) onPaid(ctx context.Context, tx *store.Tx, r payments.Request) error {
	o, err := lockOrder(ctx, tx, r.OrderID)
	if errors.Is(err, ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	if o.PaymentRequestID != r.ID || o.Total != r.Amount || o.Currency != r.Currency {
		return fail(ErrInvalid, "payment request %s does not match order %s", r.ID, o.ID)
	}
	_, err = s.transitionTx(ctx, tx, o.ID, StatePaid, Actor{Kind: ActorShopper, ID: r.ShopperID}, "paid", map[string]any{"paymentRequestId": r.ID})
	return err
}

// onPaymentCanceled is the payments Canceled hook: a shopper declining the
// payment request cancels the unpaid order and releases its stock.
func (s *Service) onPaymentCanceled(ctx context.Context, tx *store.Tx, r payments.Request) error {
	o, err := lockOrder(ctx, tx, r.OrderID)
	if errors.Is(err, ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	if o.State != StatePendingPayment || o.PaymentRequestID != r.ID {
		return nil
	}
	_, err = s.transitionTx(ctx, tx, o.ID, StateCancelled, Actor{Kind: ActorShopper, ID: r.ShopperID}, "payment declined", nil)
	return err
}

// cancelUnpaidTx cancels an unpaid order: its payment request first (the
// request row is always locked before the order row, as Confirm does), then
// the order, which releases the stock.
func (s *Service) cancelUnpaidTx(ctx context.Context, tx *store.Tx, o Order, actor Actor, reason string) (Order, error) {
	if o.PaymentRequestID != "" {
		if _, err := s.pay.CancelUnpaidTx(ctx, tx, o.PaymentRequestID); err != nil {
			if payments.Code(err) == payments.ErrRequestState.Code {
				return o, fail(ErrIllegalTransition, "order %s was paid meanwhile", o.ID)
			}
			return o, err
		}
	}
	return s.transitionTx(ctx, tx, o.ID, StateCancelled, actor, reason, nil)
}

// CancelUnpaid cancels an order that is still awaiting payment (its shopper
// or its brand's staff changing their mind, or the system); stock is
// released. A paid order is never cancelled: its money goes back only
// through a refund the brand approves, or a dispute.
func (s *Service) CancelUnpaid(ctx context.Context, orderID string, actor Actor, reason string) (Order, error) {
	var out Order
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		o, err := scanOrder(tx.QueryRowContext(ctx, `SELECT `+orderCols+` FROM commerce_orders WHERE id = $1`, orderID))
		if err != nil {
			return err
		}
		if err := mayAct(o, actor, ActorShopper, ActorBrand, ActorSystem, ActorAdmin); err != nil {
			return err
		}
		if o.State != StatePendingPayment {
			return fail(ErrIllegalTransition, "order %s is %s; only unpaid orders can be cancelled", o.ID, o.State)
		}
		out, err = s.cancelUnpaidTx(ctx, tx, o, actor, reason)
		return err
	})
	return out, err
}
