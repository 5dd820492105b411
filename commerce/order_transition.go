package commerce

import (
	"context"
	"encoding/json"
	"time"

	"github.com/soukhq/souk/jobs"
	"github.com/soukhq/souk/store"
)

// transitionTx is THE way an order changes state; every other file of the
// package (orders, payments, refunds, disputes, and the logistics and
// reviews code) goes through it. In the caller's transaction it:
//
//  1. locks the order and checks from → to against the transition table
//     (refund_requested may only go back to the state it came from, or to
//     refunded); an illegal move is ErrIllegalTransition and changes nothing;
//  2. applies the effects of entering or leaving a state, so no caller can
//     forget them:
//     → paid        commits the reserved stock (on_hand -= qty, reserved -= qty)
//     → cancelled   releases reserved stock
//     → delivered   arms the auto-complete timer (Options.AutoCompleteAfter)
//     delivered →   (anything else) cancels that timer
//     → completed   settles the payment (payments.SettleTx)
//     → resolved    settles what the dispute left (payments.SettleTx)
//     → refund_requested remembers the state to return to;
//     and, for loyalty points (loyalty.go), → completed earns them, and a
//     cancellation or refund returns the redeemed points due back;
//  3. records the transition (from, to, event, actor, reason, detail, at);
//  4. enqueues an "order.event" job whose handler calls every EventSink.
//
// detail is free-form JSON for sinks (a shipment id, a refund amount …);
// detail["refundAmount"] on a move out of refund_requested makes the event
// "refunded" instead of "refundDeclined". shipped → shipped is allowed: a
// shipment update (partial shipment, tracking event) recorded and emitted
// as shipmentUpdated. The caller commits; an error means roll back.
//
// The returned Order has no Lines (load them with Order if needed).
func (s *Service) transitionTx(ctx context.Context, tx *store.Tx, orderID string, to State, actor Actor, reason string, detail map[string]any) (Order, error) {
	o, err := lockOrder(ctx, tx, orderID)
	if err != nil {
		return o, err
	}
	from := o.State
	if !CanTransition(from, to) || (from == StateRefundRequested && to != StateRefunded && to != o.PrevState) {
		return o, fail(ErrIllegalTransition, "order %s cannot go from %s to %s", o.ID, from, to)
	}
	if actor.Kind == "" {
		return o, fail(ErrInvalid, "a transition needs an actor")
	}
	t := now()
	// Leaving delivered: the auto-complete timer no longer applies.
	if from == StateDelivered && to != StateDelivered && o.completeJobKey != "" {
		if _, err := s.q.CancelTx(ctx, tx, o.completeJobKey); err != nil {
			return o, err
		}
		o.completeJobKey = ""
	}
	switch to {
	case StatePaid:
		if from == StatePendingPayment {
			if err := commitStockTx(ctx, tx, o.ID); err != nil {
				return o, err
			}
			o.Stock, o.PaidAt = "committed", t
		}
	case StateCancelled:
		if o.Stock == "reserved" {
			if err := releaseStockTx(ctx, tx, o.ID); err != nil {
				return o, err
			}
			o.Stock = "released"
		}
		if err := releaseCouponTx(ctx, tx, o); err != nil {
			return o, err
		}
	case StateDelivered:
		o.DeliveredAt = t
		o.completeJobKey = JobAutoComplete + ":" + o.ID + ":" + store.NewID("t")
		if err := s.q.EnqueueTx(ctx, tx, jobs.Job{Kind: JobAutoComplete, Key: o.completeJobKey,
			RunAt: time.UnixMicro(t).Add(s.opts.AutoCompleteAfter), Payload: timerPayload{OrderID: o.ID, Due: t + s.opts.AutoCompleteAfter.Microseconds()}}); err != nil {
			return o, err
		}
	case StateCompleted:
		o.CompletedAt = t
		if err := s.settleTx(ctx, tx, o); err != nil {
			return o, err
		}
	case StateResolved:
		if err := s.settleTx(ctx, tx, o); err != nil {
			return o, err
		}
	case StateRefundRequested:
		o.PrevState = from
	}
	if from == StateRefundRequested {
		o.PrevState = ""
	}
	res, err := tx.ExecContext(ctx, `UPDATE commerce_orders SET state = $2, prev_state = $3, stock = $4, complete_job_key = $5,
		paid_at = $6, delivered_at = $7, completed_at = $8, updated_at = $9 WHERE id = $1 AND state = $10`,
		o.ID, string(to), string(o.PrevState), o.Stock, o.completeJobKey, o.PaidAt, o.DeliveredAt, o.CompletedAt, t, string(from))
	if err != nil {
		return o, err
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return o, fail(ErrIllegalTransition, "order %s changed meanwhile", o.ID)
	}
	o.State, o.UpdatedAt = to, t
	// Loyalty points: earned on completion, returned with refunds and
	// cancellation (loyalty.go).
	if err := s.pointsOnTransitionTx(ctx, tx, o, to); err != nil {
		return o, err
	}
	_, refunded := detail["refundAmount"]
	if err := s.recordTx(ctx, tx, o, from, to, eventFor(from, to, refunded), actor, reason, detail, t); err != nil {
		return o, err
	}
	return o, nil
}

// recordTx writes the transition row and enqueues its order.event job.
func (s *Service) recordTx(ctx context.Context, tx *store.Tx, o Order, from, to State, event string, actor Actor, reason string, detail map[string]any, at int64) error {
	raw := []byte("{}")
	if len(detail) > 0 {
		var err error
		if raw, err = json.Marshal(detail); err != nil {
			return err
		}
	}
	id := store.NewID("otr")
	if _, err := tx.ExecContext(ctx, `INSERT INTO commerce_order_transitions (id, order_id, from_state, to_state, event, actor_kind, actor_id, reason, detail, at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`, id, o.ID, string(from), string(to), event, actor.Kind, actor.ID, reason, string(raw), at); err != nil {
		return err
	}
	ev := OrderEvent{ID: id, OrderID: o.ID, ShopperID: o.ShopperID, BrandOrgID: o.BrandID, AppID: o.AppID, InstallationID: o.InstallationID,
		Event: event, From: from, To: to, Actor: actor, Reason: reason, At: at, Detail: detail}
	return s.q.EnqueueTx(ctx, tx, jobs.Job{Kind: JobOrderEvent, Key: JobOrderEvent + ":" + id, Payload: ev})
}

// settleTx splits the order's payment (fee, developer share, brand) when
// it completes or its dispute is resolved. An order without a paid request
// has nothing to settle.
func (s *Service) settleTx(ctx context.Context, tx *store.Tx, o Order) error {
	if o.PaymentRequestID == "" {
		return nil
	}
	_, err := s.pay.SettleTx(ctx, tx, o.PaymentRequestID)
	return err
}

// runOrderEvent is the order.event job: it hands the event to every sink.
// A failing sink fails the job, which retries (all sinks run again).
func (s *Service) runOrderEvent(ctx context.Context, r jobs.Run) error {
	var ev OrderEvent
	if err := json.Unmarshal(r.Payload, &ev); err != nil {
		return nil // not ours to retry: a malformed payload never gets better
	}
	s.mu.RLock()
	sinks := append([]EventSink(nil), s.sinks...)
	s.mu.RUnlock()
	var first error
	for _, sink := range sinks {
		if err := sink.HandleOrderEvent(ctx, ev); err != nil {
			s.opts.Log.Warn("order event sink failed", "order", ev.OrderID, "event", ev.Event, "error", err.Error())
			if first == nil {
				first = err
			}
		}
	}
	return first
}

// timerPayload is the payload of the order timers.
type timerPayload struct {
	OrderID string `json:"orderId"`
	Due     int64  `json:"due"` // Unix µs
}
