package commerce

import (
	"context"
	"crypto/rand"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"regexp"
	"strings"
	"time"

	"github.com/soukhq/souk/internal/fault"
	"github.com/soukhq/souk/jobs"
	"github.com/soukhq/souk/store"
)

// Logistics is shipments and tracking on top of the order centre: brands
// (or their apps) ship paid orders, in parts if they like; carriers report
// tracking events through a signed webhook; the simulated carrier advances
// its shipments by itself. The first shipment moves the order paid →
// shipped; every tracking event emits shipmentUpdated; when every line is
// fully shipped and every shipment delivered the order becomes delivered,
// which arms the auto-complete timer. All order changes go through
// transitionTx.
type Logistics struct {
	s    *Service
	opts LogisticsOptions
	log  *slog.Logger
}

// LogisticsOptions configure Logistics.
type LogisticsOptions struct {
	// CarrierSecrets maps a carrier code to the secret its webhooks are
	// signed with. Carriers not named here are unknown (webhook 404,
	// shipments rejected), except SimCarrier, which is always present.
	CarrierSecrets map[string]string
	// ReplayWindow is how far a webhook's timestamp may be from now
	// (default 5 minutes).
	ReplayWindow time.Duration
	// SimDelays are the simulated carrier's waits before in_transit,
	// out_for_delivery and delivered (default 2 h, 20 h, 4 h).
	SimDelays []time.Duration
}

// SimCarrier is the built-in simulated carrier's code.
const SimCarrier = "simcarrier"

// JobSimAdvance is the simulated carrier's next step for one shipment.
const JobSimAdvance = "logistics.sim_advance"

// Shipment statuses.
const (
	ShipLabelCreated   = "label_created"
	ShipInTransit      = "in_transit"
	ShipOutForDelivery = "out_for_delivery"
	ShipDelivered      = "delivered"
	ShipException      = "exception"
)

var shipStatuses = []string{ShipLabelCreated, ShipInTransit, ShipOutForDelivery, ShipDelivered, ShipException}

// Logistics rejections.
var (
	ErrOverShipped      = fault.New(fault.Conflict, "exceeds_ordered", "more would be shipped than was ordered")
	ErrTrackingTaken    = fault.New(fault.Conflict, "tracking_number_taken", "this tracking number is already used")
	ErrUnknownCarrier   = fault.New(fault.Invalid, "unknown_carrier", "unknown carrier")
	ErrUnknownTracking  = fault.New(fault.NotFound, "unknown_tracking_number", "unknown tracking number")
	ErrBadSignature     = fault.New(fault.Unauthenticated, "invalid_signature", "the signature does not verify")
	ErrStaleTimestamp   = fault.New(fault.Unauthenticated, "stale_timestamp", "the timestamp is too old")
	ErrNotSimulated     = fault.New(fault.Conflict, "not_simulated", "this shipment is not with the simulated carrier")
	ErrNothingToAdvance = fault.New(fault.Conflict, "already_delivered", "the shipment is already delivered")
)

// NewLogistics returns logistics over s and registers the simulated
// carrier's job on s's queue.
func NewLogistics(s *Service, opts LogisticsOptions) *Logistics {
	if opts.ReplayWindow <= 0 {
		opts.ReplayWindow = 5 * time.Minute
	}
	if len(opts.SimDelays) != 3 {
		opts.SimDelays = []time.Duration{2 * time.Hour, 20 * time.Hour, 4 * time.Hour}
	}
	secrets := map[string]string{}
	for k, v := range opts.CarrierSecrets {
		secrets[k] = v
	}
	if secrets[SimCarrier] == "" {
		// The simulated carrier signs and verifies in this process, so a
		// per-process secret is enough.
		b := make([]byte, 32)
		if _, err := rand.Read(b); err != nil {
			panic(err)
		}
		secrets[SimCarrier] = fmt.Sprintf("%x", b)
	}
	opts.CarrierSecrets = secrets
	l := &Logistics{s: s, opts: opts, log: s.opts.Log}
	s.q.Handle(JobSimAdvance, l.runSimAdvance)
	return l
}

// Shipment is one parcel of an order.
type Shipment struct {
	ID             string          `json:"id"`
	OrderID        string          `json:"orderId"`
	BrandID        string          `json:"brandId"`
	Carrier        string          `json:"carrier"`
	TrackingNumber string          `json:"trackingNumber"`
	Status         string          `json:"status" enum:"label_created,in_transit,out_for_delivery,delivered,exception"`
	Items          []ShipmentItem  `json:"items"`
	Events         []TrackingEvent `json:"events"`
	CreatedAt      int64           `json:"createdAt"`
	UpdatedAt      int64           `json:"updatedAt"`
	DeliveredAt    int64           `json:"deliveredAt,omitempty"`
}

// ShipmentItem is how many units of one order line a shipment holds.
type ShipmentItem struct {
	LineNo int   `json:"lineNo" minimum:"1"`
	Qty    int64 `json:"qty" minimum:"1"`
}

// TrackingEvent is one carrier report on a shipment.
type TrackingEvent struct {
	EventID     string `json:"eventId"`
	Status      string `json:"status"`
	Description string `json:"description,omitempty"`
	Location    string `json:"location,omitempty"`
	OccurredAt  int64  `json:"occurredAt"` // Unix µs, the carrier's clock
	ReceivedAt  int64  `json:"receivedAt"`
}

// ShipmentInput creates a shipment. No items means everything not yet
// shipped.
type ShipmentInput struct {
	Carrier        string         `json:"carrier"`
	TrackingNumber string         `json:"trackingNumber,omitempty"`
	Items          []ShipmentItem `json:"items,omitempty"`
}

var (
	trackingRe = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9-]{0,63}$`)
	carrierRe  = regexp.MustCompile(`^[a-z][a-z0-9_-]{0,31}$`)
)

// KnownCarrier reports whether carrier has a configured webhook secret.
func (l *Logistics) KnownCarrier(carrier string) bool {
	_, ok := l.opts.CarrierSecrets[carrier]
	return ok && carrierRe.MatchString(carrier)
}

// CreateShipment ships items of one of the brand's paid (or already
// partly shipped) orders. The first shipment moves the order to shipped;
// every shipment emits shipmentUpdated. A simulated-carrier shipment gets
// a tracking number and starts moving by itself.
func (l *Logistics) CreateShipment(ctx context.Context, brandID, orderID string, in ShipmentInput, actor Actor) (Shipment, error) {
	if !l.KnownCarrier(in.Carrier) {
		return Shipment{}, fail(ErrUnknownCarrier, "carrier %q is not configured on this server", in.Carrier)
	}
	if in.TrackingNumber == "" && in.Carrier == SimCarrier {
		in.TrackingNumber = "SIM" + strings.ToUpper(strings.TrimPrefix(store.NewID("t"), "t_"))[:20]
	}
	if !trackingRe.MatchString(in.TrackingNumber) {
		return Shipment{}, fail(ErrInvalid, "trackingNumber must be 1-64 letters, digits and dashes")
	}
	if len(in.Items) > 200 {
		return Shipment{}, fail(ErrInvalid, "a shipment has at most 200 items")
	}
	var sh Shipment
	err := l.s.db.InTx(ctx, func(tx *store.Tx) error {
		o, err := lockOrder(ctx, tx, orderID)
		if err != nil {
			return err
		}
		if o.BrandID != brandID {
			return fail(ErrNotFound, "no such order")
		}
		if o.State != StatePaid && o.State != StateShipped {
			return fail(ErrIllegalTransition, "order %s is %s; only paid or shipped orders can ship", o.ID, o.State)
		}
		items, err := l.checkItems(ctx, tx, o.ID, in.Items)
		if err != nil {
			return err
		}
		t := now()
		sh = Shipment{ID: store.NewID("shp"), OrderID: o.ID, BrandID: brandID, Carrier: in.Carrier, TrackingNumber: in.TrackingNumber,
			Status: ShipLabelCreated, Items: items, CreatedAt: t, UpdatedAt: t}
		// A savepoint-free uniqueness check: a conflicting insert would
		// abort a PostgreSQL transaction.
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM commerce_shipments WHERE carrier = $1 AND tracking_number = $2`, sh.Carrier, sh.TrackingNumber).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return fail(ErrTrackingTaken, "%s tracking number %s is already used", sh.Carrier, sh.TrackingNumber)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO commerce_shipments (id, order_id, brand_id, carrier, tracking_number, status, last_event_at, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $7, $7)`, sh.ID, o.ID, brandID, sh.Carrier, sh.TrackingNumber, sh.Status, t); err != nil {
			if store.IsUniqueViolation(err) {
				return fail(ErrTrackingTaken, "%s tracking number %s is already used", sh.Carrier, sh.TrackingNumber)
			}
			return err
		}
		for _, it := range items {
			if _, err := tx.ExecContext(ctx, `INSERT INTO commerce_shipment_items (shipment_id, order_id, line_no, qty) VALUES ($1, $2, $3, $4)`,
				sh.ID, o.ID, it.LineNo, it.Qty); err != nil {
				return err
			}
		}
		ev := TrackingEvent{EventID: "souk:" + sh.ID + ":created", Status: ShipLabelCreated, Description: "Shipping label created", OccurredAt: t, ReceivedAt: t}
		if _, err := insertEvent(ctx, tx, sh, ev); err != nil {
			return err
		}
		sh.Events = []TrackingEvent{ev}
		if _, err := l.s.MarkShippedTx(ctx, tx, o.ID, actor, shipmentDetail(sh, ev)); err != nil {
			return err
		}
		if sh.Carrier == SimCarrier {
			return l.scheduleSim(ctx, tx, sh.ID, 1, time.UnixMicro(t))
		}
		return nil
	})
	if err != nil {
		return Shipment{}, err
	}
	return sh, nil
}

// checkItems validates requested items against what is left to ship, or
// returns everything left when none are given.
func (l *Logistics) checkItems(ctx context.Context, tx *store.Tx, orderID string, req []ShipmentItem) ([]ShipmentItem, error) {
	lines, err := loadLines(ctx, tx, orderID)
	if err != nil {
		return nil, err
	}
	left := map[int]int64{}
	for _, ln := range lines {
		left[ln.No] = ln.Qty
	}
	rows, err := tx.QueryContext(ctx, `SELECT line_no, SUM(qty) FROM commerce_shipment_items WHERE order_id = $1 GROUP BY line_no`, orderID)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var no int
		var q int64
		if err := rows.Scan(&no, &q); err != nil {
			rows.Close()
			return nil, err
		}
		left[no] -= q
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(req) == 0 {
		var all []ShipmentItem
		for _, ln := range lines {
			if left[ln.No] > 0 {
				all = append(all, ShipmentItem{LineNo: ln.No, Qty: left[ln.No]})
			}
		}
		if len(all) == 0 {
			return nil, fail(ErrOverShipped, "every line of order %s has shipped already", orderID)
		}
		return all, nil
	}
	seen := map[int]bool{}
	for _, it := range req {
		rem, ok := left[it.LineNo]
		switch {
		case !ok:
			return nil, fail(ErrInvalid, "order %s has no line %d", orderID, it.LineNo)
		case seen[it.LineNo]:
			return nil, fail(ErrInvalid, "line %d is listed twice", it.LineNo)
		case it.Qty <= 0:
			return nil, fail(ErrInvalid, "qty of line %d must be positive", it.LineNo)
		case it.Qty > rem:
			return nil, fail(ErrOverShipped, "line %d has %d left to ship, not %d", it.LineNo, rem, it.Qty)
		}
		seen[it.LineNo] = true
	}
	return req, nil
}

func shipmentDetail(sh Shipment, ev TrackingEvent) map[string]any {
	return map[string]any{"shipmentId": sh.ID, "carrier": sh.Carrier, "trackingNumber": sh.TrackingNumber,
		"status": ev.Status, "eventId": ev.EventID, "items": sh.Items}
}

// insertEvent records a tracking event; false means the carrier already
// sent this event id (nothing is written).
func insertEvent(ctx context.Context, tx *store.Tx, sh Shipment, ev TrackingEvent) (bool, error) {
	res, err := tx.ExecContext(ctx, `INSERT INTO commerce_shipment_events (id, shipment_id, carrier, event_id, status, description, location, occurred_at, received_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (carrier, event_id) DO NOTHING`,
		store.NewID("sev"), sh.ID, sh.Carrier, ev.EventID, ev.Status, ev.Description, ev.Location, ev.OccurredAt, ev.ReceivedAt)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

const shipmentCols = `id, order_id, brand_id, carrier, tracking_number, status, created_at, updated_at, delivered_at`

func scanShipment(sc interface{ Scan(...any) error }) (Shipment, error) {
	var sh Shipment
	err := sc.Scan(&sh.ID, &sh.OrderID, &sh.BrandID, &sh.Carrier, &sh.TrackingNumber, &sh.Status, &sh.CreatedAt, &sh.UpdatedAt, &sh.DeliveredAt)
	if errors.Is(err, sql.ErrNoRows) {
		return sh, fail(ErrNotFound, "no such shipment")
	}
	return sh, err
}

// Shipments lists an order's shipments with items and events, oldest
// first (no access check: callers scope the order first).
func (l *Logistics) Shipments(ctx context.Context, orderID string) ([]Shipment, error) {
	rows, err := l.s.db.QueryContext(ctx, `SELECT `+shipmentCols+` FROM commerce_shipments WHERE order_id = $1 ORDER BY created_at, id`, orderID)
	if err != nil {
		return nil, err
	}
	out := []Shipment{}
	for rows.Next() {
		sh, err := scanShipment(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, sh)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i := range out {
		if err := l.fill(ctx, &out[i]); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// Shipment returns one shipment with items and events.
func (l *Logistics) Shipment(ctx context.Context, id string) (Shipment, error) {
	sh, err := scanShipment(l.s.db.QueryRowContext(ctx, `SELECT `+shipmentCols+` FROM commerce_shipments WHERE id = $1`, id))
	if err != nil {
		return sh, err
	}
	return sh, l.fill(ctx, &sh)
}

func (l *Logistics) fill(ctx context.Context, sh *Shipment) error {
	sh.Items, sh.Events = []ShipmentItem{}, []TrackingEvent{}
	rows, err := l.s.db.QueryContext(ctx, `SELECT line_no, qty FROM commerce_shipment_items WHERE shipment_id = $1 ORDER BY line_no`, sh.ID)
	if err != nil {
		return err
	}
	for rows.Next() {
		var it ShipmentItem
		if err := rows.Scan(&it.LineNo, &it.Qty); err != nil {
			rows.Close()
			return err
		}
		sh.Items = append(sh.Items, it)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	rows, err = l.s.db.QueryContext(ctx, `SELECT event_id, status, description, location, occurred_at, received_at
		FROM commerce_shipment_events WHERE shipment_id = $1 ORDER BY occurred_at, received_at, id`, sh.ID)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var ev TrackingEvent
		if err := rows.Scan(&ev.EventID, &ev.Status, &ev.Description, &ev.Location, &ev.OccurredAt, &ev.ReceivedAt); err != nil {
			return err
		}
		sh.Events = append(sh.Events, ev)
	}
	return rows.Err()
}

// BrandShipments lists the shipments of one of the brand's orders.
func (l *Logistics) BrandShipments(ctx context.Context, brandID, orderID string) ([]Shipment, error) {
	if _, err := l.s.BrandOrder(ctx, brandID, orderID); err != nil {
		return nil, err
	}
	return l.Shipments(ctx, orderID)
}

// ShopperShipments lists the shipments of the shopper's own order.
func (l *Logistics) ShopperShipments(ctx context.Context, shopperID, orderID string) ([]Shipment, error) {
	if _, err := l.s.ShopperOrder(ctx, shopperID, orderID); err != nil {
		return nil, err
	}
	return l.Shipments(ctx, orderID)
}

// scheduleSim enqueues the simulated carrier's step n (1: in_transit,
// 2: out_for_delivery, 3: delivered) after its delay from 'from'.
func (l *Logistics) scheduleSim(ctx context.Context, tx *store.Tx, shipmentID string, step int, from time.Time) error {
	if step < 1 || step > len(simSteps) {
		return nil
	}
	return l.s.q.EnqueueTx(ctx, tx, jobs.Job{Kind: JobSimAdvance, Key: fmt.Sprintf("%s:%s:%d", JobSimAdvance, shipmentID, step),
		RunAt: from.Add(l.opts.SimDelays[step-1]), Payload: simPayload{ShipmentID: shipmentID, Step: step}})
}
