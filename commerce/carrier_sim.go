package commerce

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"github.com/soukhq/souk/jobs"
	"github.com/soukhq/souk/store"
)

// The simulated carrier moves a shipment label_created → in_transit →
// out_for_delivery → delivered, one job per step with SimDelays between.
// Its events take the real path: a signed webhook body, verified and
// applied by ReceiveWebhook, so development and tests exercise exactly
// what a real carrier does.
var simSteps = []struct{ status, description, location string }{
	{ShipInTransit, "Picked up by the carrier", "Origin hub"},
	{ShipOutForDelivery, "Out for delivery", "Local depot"},
	{ShipDelivered, "Delivered to the recipient", "Front door"},
}

type simPayload struct {
	ShipmentID string `json:"shipmentId"`
	Step       int    `json:"step"` // 1-based index into simSteps
}

// simStepOf is how far the simulated carrier has taken a status.
func simStepOf(status string) int {
	switch status {
	case ShipInTransit:
		return 1
	case ShipOutForDelivery:
		return 2
	case ShipDelivered:
		return 3
	}
	return 0
}

// runSimAdvance is the JobSimAdvance job. A step already reached (the
// shipment was advanced by hand, or the job runs twice) does nothing.
func (l *Logistics) runSimAdvance(ctx context.Context, r jobs.Run) error {
	var p simPayload
	if err := json.Unmarshal(r.Payload, &p); err != nil {
		return nil
	}
	sh, err := l.Shipment(ctx, p.ShipmentID)
	if Code(err) == ErrNotFound.Code {
		return nil
	}
	if err != nil {
		return err
	}
	if simStepOf(sh.Status) >= p.Step {
		return nil
	}
	_, err = l.simPost(ctx, sh, p.Step, r.Now)
	return err
}

// AdvanceSim moves a simulated-carrier shipment to its next status now
// (the development and test shortcut behind the admin route).
func (l *Logistics) AdvanceSim(ctx context.Context, shipmentID string) (Shipment, error) {
	sh, err := l.Shipment(ctx, shipmentID)
	if err != nil {
		return sh, err
	}
	if sh.Carrier != SimCarrier {
		return sh, fail(ErrNotSimulated, "shipment %s is carried by %s, not the simulated carrier", sh.ID, sh.Carrier)
	}
	step := simStepOf(sh.Status) + 1
	if step > len(simSteps) {
		return sh, fail(ErrNothingToAdvance, "shipment %s is delivered", sh.ID)
	}
	if _, err := l.simPost(ctx, sh, step, time.Now()); err != nil {
		return sh, err
	}
	return l.Shipment(ctx, shipmentID)
}

// simPost signs step's event as the carrier would, posts it through
// ReceiveWebhook and schedules the next step.
func (l *Logistics) simPost(ctx context.Context, sh Shipment, step int, clock time.Time) (EventOutcome, error) {
	st := simSteps[step-1]
	body, err := json.Marshal(CarrierEvent{EventID: "sim:" + sh.ID + ":" + strconv.Itoa(step), TrackingNumber: sh.TrackingNumber,
		Status: st.status, OccurredAt: time.Now().UTC(), Description: st.description, Location: st.location})
	if err != nil {
		return EventOutcome{}, err
	}
	// The webhook's timestamp is the wall clock (the replay window is
	// checked against it), whatever clock a test runs the queue with.
	ts := time.Now()
	out, err := l.ReceiveWebhook(ctx, SimCarrier, strconv.FormatInt(ts.Unix(), 10), SignCarrierWebhook(l.opts.CarrierSecrets[SimCarrier], ts, body), body)
	if err != nil {
		return out, fmt.Errorf("simulated carrier, step %d of %s: %w", step, sh.ID, err)
	}
	if step < len(simSteps) && out.Status != ShipDelivered {
		err = l.s.db.InTx(ctx, func(tx *store.Tx) error { return l.scheduleSim(ctx, tx, sh.ID, step+1, clock) })
	}
	return out, err
}
