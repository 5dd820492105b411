package commerce

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/soukhq/souk/payments/money"
	"github.com/soukhq/souk/store"
)

// Refunds work like this:
//
//   - The shopper asks (RequestRefund): the order goes to refund_requested,
//     remembering its state, with a refund request row for the amount asked.
//   - The brand's staff approve an amount (ApproveRefund), at most what
//     was asked. Apps cannot: an app is the developer's code, driven by
//     shoppers, so it may only ask (the orders.requestRefund host API). The money goes back
//     through payments (from escrow before settlement, from the brand's
//     balance after) in the same transaction. If everything paid has now
//     been refunded the order is refunded (terminal); otherwise it goes back
//     to the state it came from with Order.Refunded raised — a partial
//     refund — and the event is "refunded" with detail.refundAmount.
//   - The brand may decline (DeclineRefund): back to the previous state,
//     event "refundDeclined".
//   - The brand's staff may also refund without being asked (RefundOrder):
//     that is recorded as a refund_requested by the brand, then approved.
//
// Brand policy (SetRefundPolicy): refunds only within Window after payment,
// and at most MaxRefundBps of the order total in all. Stock of refunded
// orders is not restocked automatically (the goods may be gone); the brand
// sets stock.

// RefundPolicy is a brand's refund rules.
type RefundPolicy struct {
	Window       time.Duration `json:"window"`       // after payment
	MaxRefundBps money.Bps     `json:"maxRefundBps"` // of the order total, all refunds together
}

// RefundRequest is a shopper's (or brand's) request and its decision.
type RefundRequest struct {
	ID             string       `json:"id"`
	OrderID        string       `json:"orderId"`
	Amount         money.Amount `json:"amount"`
	Reason         string       `json:"reason"`
	Status         string       `json:"status"` // requested, approved, declined
	ApprovedAmount money.Amount `json:"approvedAmount"`
	CreatedAt      int64        `json:"createdAt"`
	DecidedAt      int64        `json:"decidedAt,omitempty"`
}

// RefundPolicy returns the brand's policy (its own or the defaults).
func (s *Service) RefundPolicy(ctx context.Context, brandID string) (RefundPolicy, error) {
	return s.refundPolicy(ctx, s.db, brandID)
}

func (s *Service) refundPolicy(ctx context.Context, q store.Querier, brandID string) (RefundPolicy, error) {
	var win, bps int64
	err := q.QueryRowContext(ctx, `SELECT refund_window, max_refund_bps FROM commerce_brand_settings WHERE brand_id = $1`, brandID).Scan(&win, &bps)
	if errors.Is(err, sql.ErrNoRows) {
		return RefundPolicy{Window: s.opts.RefundWindow, MaxRefundBps: s.opts.MaxRefundBps}, nil
	}
	return RefundPolicy{Window: time.Duration(win) * time.Microsecond, MaxRefundBps: money.Bps(bps)}, err
}

// SetRefundPolicy sets the brand's refund policy.
func (s *Service) SetRefundPolicy(ctx context.Context, brandID string, p RefundPolicy) (RefundPolicy, error) {
	if p.Window < 0 || p.Window > 365*24*time.Hour || p.MaxRefundBps < 0 || p.MaxRefundBps > 10000 {
		return p, fail(ErrInvalid, "the refund window is 0 to 365 days and the maximum 0 to 10000 bps")
	}
	_, err := s.db.ExecContext(ctx, `INSERT INTO commerce_brand_settings (brand_id, refund_window, max_refund_bps, updated_at) VALUES ($1, $2, $3, $4)
		ON CONFLICT (brand_id) DO UPDATE SET refund_window = excluded.refund_window, max_refund_bps = excluded.max_refund_bps, updated_at = excluded.updated_at`,
		brandID, p.Window.Microseconds(), int64(p.MaxRefundBps), now())
	return p, err
}

// refundable is how much more the policy lets the order refund now.
func (s *Service) refundable(ctx context.Context, tx *store.Tx, o Order) (money.Amount, error) {
	p, err := s.refundPolicy(ctx, tx, o.BrandID)
	if err != nil {
		return 0, err
	}
	if o.PaidAt == 0 || o.PaymentRequestID == "" {
		return 0, fail(ErrRefundPolicy, "order %s was never paid", o.ID)
	}
	if now() > o.PaidAt+p.Window.Microseconds() {
		return 0, fail(ErrRefundPolicy, "the brand's refund window (%s after payment) has passed", p.Window)
	}
	parts, err := money.Split(o.Total, []money.Share{{Name: "max", Bps: p.MaxRefundBps}}, "rest")
	if err != nil {
		return 0, err
	}
	left := parts[0].Amount - o.Refunded
	if p.MaxRefundBps == 10000 {
		left = o.Total - o.Refunded
	}
	if left <= 0 {
		return 0, fail(ErrRefundPolicy, "the brand's refund limit for this order is used up")
	}
	return left, nil
}

// RequestRefund is the shopper asking for amount back (0: everything the
// policy still allows) with a reason.
func (s *Service) RequestRefund(ctx context.Context, shopperID, orderID string, amount money.Amount, reason string) (Order, error) {
	if amount < 0 {
		return Order{}, fail(ErrInvalid, "amount must be positive")
	}
	if err := checkText("reason", reason, 1000, false); err != nil {
		return Order{}, err
	}
	var out Order
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		o, err := lockShopperOrder(ctx, tx, shopperID, orderID)
		if err != nil {
			return err
		}
		out, _, err = s.requestRefundTx(ctx, tx, o, amount, reason, Actor{Kind: ActorShopper, ID: shopperID})
		return err
	})
	return out, err
}

func (s *Service) requestRefundTx(ctx context.Context, tx *store.Tx, o Order, amount money.Amount, reason string, actor Actor) (Order, RefundRequest, error) {
	if !CanTransition(o.State, StateRefundRequested) {
		return o, RefundRequest{}, fail(ErrIllegalTransition, "order %s is %s; a refund cannot be requested", o.ID, o.State)
	}
	left, err := s.refundable(ctx, tx, o)
	if err != nil {
		return o, RefundRequest{}, err
	}
	if amount == 0 {
		amount = left
	}
	if amount > left {
		return o, RefundRequest{}, fail(ErrRefundPolicy, "at most %s can be refunded", money.Format(money.MustLookup(o.Currency), left))
	}
	t := now()
	rr := RefundRequest{ID: store.NewID("rfq"), OrderID: o.ID, Amount: amount, Reason: reason, Status: "requested", CreatedAt: t}
	if _, err := tx.ExecContext(ctx, `INSERT INTO commerce_refund_requests (id, order_id, amount, reason, status, created_at) VALUES ($1, $2, $3, $4, 'requested', $5)`,
		rr.ID, rr.OrderID, int64(amount), reason, t); err != nil {
		return o, rr, err
	}
	o, err = s.transitionTx(ctx, tx, o.ID, StateRefundRequested, actor, reason, map[string]any{"refundRequestId": rr.ID, "requestedAmount": int64(amount)})
	return o, rr, err
}

// brandActs checks that actor may decide about money of brandID's order o:
// the brand's staff (or an admin). Apps and shoppers may only ask.
func brandActs(o Order, brandID string, actor Actor) error {
	if actor.Kind == ActorBrand && actor.Brand == "" {
		actor.Brand = brandID
	}
	if o.BrandID != brandID {
		return fail(ErrNotFound, "no such order")
	}
	return mayAct(o, actor, ActorBrand, ActorAdmin)
}

func openRefundRequest(ctx context.Context, tx *store.Tx, orderID string) (RefundRequest, error) {
	var rr RefundRequest
	err := tx.QueryRowContext(ctx, `SELECT id, order_id, amount, reason, status, approved_amount, created_at, decided_at FROM commerce_refund_requests
		WHERE order_id = $1 AND status = 'requested' ORDER BY created_at DESC LIMIT 1`, orderID).
		Scan(&rr.ID, &rr.OrderID, &rr.Amount, &rr.Reason, &rr.Status, &rr.ApprovedAmount, &rr.CreatedAt, &rr.DecidedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return rr, fail(ErrIllegalTransition, "order %s has no open refund request", orderID)
	}
	return rr, err
}

// ApproveRefund is the brand approving the open refund request for amount
// (0: the amount asked; at most that, and within the policy).
func (s *Service) ApproveRefund(ctx context.Context, brandID, orderID string, amount money.Amount, actor Actor) (Order, error) {
	if amount < 0 {
		return Order{}, fail(ErrInvalid, "amount must be positive")
	}
	var out Order
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		o, err := lockOrder(ctx, tx, orderID)
		if err != nil {
			return err
		}
		if err := brandActs(o, brandID, actor); err != nil {
			return err
		}
		out, err = s.approveRefundTx(ctx, tx, o, amount, actor)
		return err
	})
	return out, err
}

func (s *Service) approveRefundTx(ctx context.Context, tx *store.Tx, o Order, amount money.Amount, actor Actor) (Order, error) {
	if o.State != StateRefundRequested {
		return o, fail(ErrIllegalTransition, "order %s is %s, not refund_requested", o.ID, o.State)
	}
	rr, err := openRefundRequest(ctx, tx, o.ID)
	if err != nil {
		return o, err
	}
	if amount == 0 {
		amount = rr.Amount
	}
	if amount > rr.Amount {
		return o, fail(ErrRefundPolicy, "the shopper asked for %s", money.Format(money.MustLookup(o.Currency), rr.Amount))
	}
	left, err := s.refundable(ctx, tx, o)
	if err != nil {
		return o, err
	}
	if amount > left {
		return o, fail(ErrRefundPolicy, "at most %s can be refunded", money.Format(money.MustLookup(o.Currency), left))
	}
	if _, err := s.pay.RefundTx(ctx, tx, o.PaymentRequestID, "ordrefund:"+rr.ID, amount, rr.Reason); err != nil {
		return o, err
	}
	t := now()
	if _, err := tx.ExecContext(ctx, `UPDATE commerce_refund_requests SET status = 'approved', approved_amount = $2, decided_at = $3 WHERE id = $1`, rr.ID, int64(amount), t); err != nil {
		return o, err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE commerce_orders SET refunded = refunded + $2 WHERE id = $1`, o.ID, int64(amount)); err != nil {
		return o, err
	}
	to := o.PrevState
	if o.Refunded+amount == o.Total {
		to = StateRefunded
	}
	o, err = s.transitionTx(ctx, tx, o.ID, to, actor, "refund approved", map[string]any{"refundRequestId": rr.ID,
		// Decimal strings, like every amount apps and webhooks see.
		"refundAmount": money.Format(money.MustLookup(o.Currency), amount),
		"refunded":     money.Format(money.MustLookup(o.Currency), o.Refunded+amount)})
	return o, err
}

// DeclineRefund is the brand declining the open refund request: the order
// goes back to the state it was in.
func (s *Service) DeclineRefund(ctx context.Context, brandID, orderID, reason string, actor Actor) (Order, error) {
	var out Order
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		o, err := lockOrder(ctx, tx, orderID)
		if err != nil {
			return err
		}
		if err := brandActs(o, brandID, actor); err != nil {
			return err
		}
		if o.State != StateRefundRequested {
			return fail(ErrIllegalTransition, "order %s is %s, not refund_requested", o.ID, o.State)
		}
		rr, err := openRefundRequest(ctx, tx, o.ID)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE commerce_refund_requests SET status = 'declined', decided_at = $2 WHERE id = $1`, rr.ID, now()); err != nil {
			return err
		}
		out, err = s.transitionTx(ctx, tx, o.ID, o.PrevState, actor, reason, map[string]any{"refundRequestId": rr.ID})
		return err
	})
	return out, err
}

// RefundOrder is the brand's staff refunding amount without being asked,
// within the brand's policy: recorded as a refund request by actor and
// approved at once. An order already refund_requested has its
// request approved for amount instead.
func (s *Service) RefundOrder(ctx context.Context, brandID, orderID string, amount money.Amount, reason string, actor Actor) (Order, error) {
	if amount <= 0 {
		return Order{}, fail(ErrInvalid, "amount must be positive")
	}
	if err := checkText("reason", reason, 1000, false); err != nil {
		return Order{}, err
	}
	var out Order
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		o, err := lockOrder(ctx, tx, orderID)
		if err != nil {
			return err
		}
		if err := brandActs(o, brandID, actor); err != nil {
			return err
		}
		if o.State != StateRefundRequested {
			if o, _, err = s.requestRefundTx(ctx, tx, o, amount, reason, actor); err != nil {
				return err
			}
			if o, err = lockOrder(ctx, tx, orderID); err != nil {
				return err
			}
		}
		out, err = s.approveRefundTx(ctx, tx, o, amount, actor)
		return err
	})
	return out, err
}

// RefundRequests lists an order's refund requests, oldest first.
func (s *Service) RefundRequests(ctx context.Context, orderID string) ([]RefundRequest, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, order_id, amount, reason, status, approved_amount, created_at, decided_at FROM commerce_refund_requests
		WHERE order_id = $1 ORDER BY created_at, id`, orderID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []RefundRequest{}
	for rows.Next() {
		var rr RefundRequest
		if err := rows.Scan(&rr.ID, &rr.OrderID, &rr.Amount, &rr.Reason, &rr.Status, &rr.ApprovedAmount, &rr.CreatedAt, &rr.DecidedAt); err != nil {
			return nil, err
		}
		out = append(out, rr)
	}
	return out, rows.Err()
}

// OpenDispute is the shopper disputing a paid order for amount (0: all not
// yet refunded). The money is held by payments until an admin decides; a
// delivered order's auto-complete timer stops.
func (s *Service) OpenDispute(ctx context.Context, shopperID, orderID string, amount money.Amount, reason string) (Order, error) {
	if amount < 0 {
		return Order{}, fail(ErrInvalid, "amount must be positive")
	}
	if err := checkText("reason", reason, 1000, true); err != nil {
		return Order{}, err
	}
	var out Order
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		o, err := lockShopperOrder(ctx, tx, shopperID, orderID)
		if err != nil {
			return err
		}
		if !CanTransition(o.State, StateDisputed) || o.PaymentRequestID == "" {
			return fail(ErrIllegalTransition, "order %s is %s; it cannot be disputed", o.ID, o.State)
		}
		if amount == 0 {
			amount = o.Total - o.Refunded
		}
		d, err := s.pay.OpenDisputeTx(ctx, tx, o.PaymentRequestID, "orddispute:"+o.ID, amount, reason)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE commerce_orders SET dispute_id = $2 WHERE id = $1`, o.ID, d.ID); err != nil {
			return err
		}
		out, err = s.transitionTx(ctx, tx, o.ID, StateDisputed, Actor{Kind: ActorShopper, ID: shopperID}, reason,
			map[string]any{"disputeId": d.ID, "amount": int64(amount)})
		out.DisputeID = d.ID
		return err
	})
	return out, err
}

// ResolveDispute is an admin deciding an order's dispute: for the shopper
// the held amount is refunded, for the brand it is released; the order is
// resolved and what is left of the payment settles in the same transaction.
func (s *Service) ResolveDispute(ctx context.Context, orderID string, forShopper bool, actor Actor, reason string) (Order, error) {
	var out Order
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		o, err := lockOrder(ctx, tx, orderID)
		if err != nil {
			return err
		}
		if err := mayAct(o, actor, ActorAdmin); err != nil {
			return err
		}
		if o.State != StateDisputed || o.DisputeID == "" {
			return fail(ErrIllegalTransition, "order %s is %s, not disputed", o.ID, o.State)
		}
		d, err := s.pay.ResolveDisputeTx(ctx, tx, o.DisputeID, forShopper)
		if err != nil {
			return err
		}
		if forShopper {
			if _, err := tx.ExecContext(ctx, `UPDATE commerce_orders SET refunded = refunded + $2 WHERE id = $1`, o.ID, int64(d.Amount)); err != nil {
				return err
			}
		}
		out, err = s.transitionTx(ctx, tx, o.ID, StateResolved, actor, reason, map[string]any{"disputeId": d.ID, "forShopper": forShopper, "amount": int64(d.Amount)})
		return err
	})
	return out, err
}
