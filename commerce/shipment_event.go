package commerce

import (
	"context"
	"slices"
	"time"

	"github.com/soukhq/souk/store"
)

// CarrierEvent is a tracking event as a carrier's webhook reports it.
type CarrierEvent struct {
	EventID        string    `json:"event_id"`
	TrackingNumber string    `json:"tracking_number"`
	Status         string    `json:"status"`
	OccurredAt     time.Time `json:"occurred_at"` // RFC 3339 (absent: when received)
	Description    string    `json:"description,omitempty"`
	Location       string    `json:"location,omitempty"`
}

// EventOutcome says what a carrier event did.
type EventOutcome struct {
	Duplicate  bool   `json:"duplicate" doc:"true when this event id was received before; nothing changed"`
	ShipmentID string `json:"shipment_id"`
	Status     string `json:"status" doc:"The shipment's status after the event"`
	OrderState State  `json:"order_state"`
}

func (ev CarrierEvent) check() error {
	switch {
	case ev.EventID == "" || len(ev.EventID) > 128:
		return fail(ErrInvalid, "event_id is required (at most 128 characters)")
	case !slices.Contains(shipStatuses, ev.Status):
		return fail(ErrInvalid, "status must be one of label_created, in_transit, out_for_delivery, delivered, exception")
	case len(ev.Description) > 500 || len(ev.Location) > 200:
		return fail(ErrInvalid, "description is at most 500 characters and location 200")
	case ev.TrackingNumber == "" || len(ev.TrackingNumber) > 64:
		return fail(ErrInvalid, "tracking_number is required")
	}
	return nil
}

// applyCarrierEvent records a verified carrier event and applies it: the
// shipment's status (unless the event is older than one already applied,
// or the shipment is already delivered), a shipmentUpdated order event,
// and the order's move to delivered once everything has arrived. A
// duplicate event id changes nothing.
func (l *Logistics) applyCarrierEvent(ctx context.Context, carrier string, ev CarrierEvent) (EventOutcome, error) {
	if err := ev.check(); err != nil {
		return EventOutcome{}, err
	}
	var out EventOutcome
	err := l.s.db.InTx(ctx, func(tx *store.Tx) error {
		out = EventOutcome{}
		sh, err := scanShipment(tx.QueryRowContext(ctx, `SELECT `+shipmentCols+` FROM commerce_shipments WHERE carrier = $1 AND tracking_number = $2`,
			carrier, ev.TrackingNumber))
		if Code(err) == ErrNotFound.Code {
			return fail(ErrUnknownTracking, "%s has no shipment with tracking number %s", carrier, ev.TrackingNumber)
		}
		if err != nil {
			return err
		}
		// Lock the order first (every order writer does), then the shipment.
		o, err := lockOrder(ctx, tx, sh.OrderID)
		if err != nil {
			return err
		}
		var lastAt int64
		if err := tx.QueryRowContext(ctx, `SELECT status, last_event_at FROM commerce_shipments WHERE id = $1`+forUpdate(tx), sh.ID).Scan(&sh.Status, &lastAt); err != nil {
			return err
		}
		out.ShipmentID, out.Status, out.OrderState = sh.ID, sh.Status, o.State
		t := now()
		te := TrackingEvent{EventID: ev.EventID, Status: ev.Status, Description: ev.Description, Location: ev.Location, OccurredAt: t, ReceivedAt: t}
		if !ev.OccurredAt.IsZero() {
			te.OccurredAt = ev.OccurredAt.UnixMicro()
		}
		fresh, err := insertEvent(ctx, tx, sh, te)
		if err != nil {
			return err
		}
		if !fresh {
			out.Duplicate = true
			return nil
		}
		if sh.Status != ShipDelivered && te.OccurredAt >= lastAt {
			sh.Status = te.Status
			delivered := int64(0)
			if sh.Status == ShipDelivered {
				delivered = t
			}
			if _, err := tx.ExecContext(ctx, `UPDATE commerce_shipments SET status = $1, last_event_at = $2, updated_at = $3, delivered_at = $4 WHERE id = $5`,
				sh.Status, te.OccurredAt, t, delivered, sh.ID); err != nil {
				return err
			}
		}
		out.Status = sh.Status
		if sh.Items, err = shipmentItems(ctx, tx, sh.ID); err != nil {
			return err
		}
		actor := Actor{Kind: ActorCarrier, ID: carrier}
		detail := shipmentDetail(sh, te)
		if o.State == StateShipped {
			if o, err = l.s.MarkShippedTx(ctx, tx, o.ID, actor, detail); err != nil {
				return err
			}
			done, err := allDelivered(ctx, tx, o.ID)
			if err != nil {
				return err
			}
			if done {
				if o, err = l.s.MarkDeliveredTx(ctx, tx, o.ID, actor, map[string]any{"shipmentId": sh.ID}); err != nil {
					return err
				}
			}
		} else {
			// The order has moved on (delivered, a refund request, a
			// dispute …): the event is still the shopper's and the app's
			// news, recorded and emitted without a state change.
			if err := l.s.recordTx(ctx, tx, o, o.State, o.State, EventShipmentUpdated, actor, "tracking event", detail, t); err != nil {
				return err
			}
		}
		out.OrderState = o.State
		return nil
	})
	return out, err
}

func shipmentItems(ctx context.Context, q store.Querier, shipmentID string) ([]ShipmentItem, error) {
	rows, err := q.QueryContext(ctx, `SELECT line_no, qty FROM commerce_shipment_items WHERE shipment_id = $1 ORDER BY line_no`, shipmentID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []ShipmentItem{}
	for rows.Next() {
		var it ShipmentItem
		if err := rows.Scan(&it.LineNo, &it.Qty); err != nil {
			return nil, err
		}
		out = append(out, it)
	}
	return out, rows.Err()
}

// allDelivered reports whether every line of the order is fully shipped
// and every shipment delivered.
func allDelivered(ctx context.Context, tx *store.Tx, orderID string) (bool, error) {
	var open int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM commerce_shipments WHERE order_id = $1 AND status <> 'delivered'`, orderID).Scan(&open); err != nil {
		return false, err
	}
	if open > 0 {
		return false, nil
	}
	var short int
	err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM commerce_order_lines l
		WHERE l.order_id = $1 AND l.qty > COALESCE((SELECT SUM(i.qty) FROM commerce_shipment_items i WHERE i.order_id = l.order_id AND i.line_no = l.line_no), 0)`,
		orderID).Scan(&short)
	return short == 0, err
}
