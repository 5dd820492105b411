package commerce

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/soukhq/souk/runtime"
	"github.com/soukhq/souk/store"
	"github.com/soukhq/souk/store/storetest"
)

const dhlSecret = "dhl-test-secret"

func newLogistics(e *env) *Logistics {
	return NewLogistics(e.s, LogisticsOptions{CarrierSecrets: map[string]string{"dhl": dhlSecret}})
}

// twoLines is a paid order of 2 × a and 1 × b.
func (e *env) twoLines(shopper string) Order {
	e.t.Helper()
	a, b := e.sku(e.brand, "4.00", 10), e.sku(e.brand, "6.00", 10)
	o, err := e.s.CreateOrder(ctx, NewOrder{ShopperID: shopper, BrandID: e.brand, AppID: e.app, InstallationID: "ins_1",
		Lines: []LineInput{{SKUID: a.ID, Qty: 2}, {SKUID: b.ID, Qty: 1}}})
	if err != nil {
		e.t.Fatal(err)
	}
	r, err := e.s.RequestPayment(ctx, o.ID, Actor{Kind: ActorShopper, ID: shopper})
	if err != nil {
		e.t.Fatal(err)
	}
	if _, err := e.pay.Confirm(ctx, r.ID, shopper, pin, nil); err != nil {
		e.t.Fatal(err)
	}
	return e.get(o.ID, StatePaid)
}

// post sends a carrier webhook signed with secret at ts.
func post(l *Logistics, carrier, secret string, ts time.Time, ev CarrierEvent) (EventOutcome, error) {
	body, _ := json.Marshal(ev)
	return l.ReceiveWebhook(ctx, carrier, strconv.FormatInt(ts.Unix(), 10), SignCarrierWebhook(secret, ts, body), body)
}

func (e *env) shipCount(orderID string) (shipments, events int) {
	e.t.Helper()
	_ = e.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM commerce_shipments WHERE order_id = $1`, orderID).Scan(&shipments)
	_ = e.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM commerce_shipment_events v JOIN commerce_shipments s ON s.id = v.shipment_id WHERE s.order_id = $1`, orderID).Scan(&events)
	return
}

var brandActor = Actor{Kind: ActorBrand, ID: "usr_staff"}

func TestPartialThenFullShipment(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		l := newLogistics(e)
		shopper := e.shopper("100.00")
		o := e.twoLines(shopper)

		// Half of line 1 ships: the order is shipped.
		first, err := l.CreateShipment(ctx, e.brand, o.ID, ShipmentInput{Carrier: "dhl", TrackingNumber: "DHL-1", Items: []ShipmentItem{{LineNo: 1, Qty: 1}}}, brandActor)
		if err != nil {
			t.Fatal(err)
		}
		e.get(o.ID, StateShipped)

		// Never more than ordered, in one shipment or in all; bad lines rejected; nothing changes.
		before := e.transitions(o.ID)
		for _, items := range [][]ShipmentItem{
			{{LineNo: 1, Qty: 2}},
			{{LineNo: 2, Qty: 2}},
			{{LineNo: 3, Qty: 1}},
			{{LineNo: 2, Qty: 0}},
			{{LineNo: 2, Qty: 1}, {LineNo: 2, Qty: 1}},
		} {
			_, err := l.CreateShipment(ctx, e.brand, o.ID, ShipmentInput{Carrier: "dhl", TrackingNumber: "DHL-X", Items: items}, brandActor)
			if c := Code(err); c != ErrOverShipped.Code && c != ErrInvalid.Code {
				t.Fatalf("items %v: %v", items, err)
			}
		}
		_, err = l.CreateShipment(ctx, e.brand, o.ID, ShipmentInput{Carrier: "dhl", TrackingNumber: "DHL-1"}, brandActor)
		wantCode(t, err, ErrTrackingTaken.Code)
		_, err = l.CreateShipment(ctx, e.brand, o.ID, ShipmentInput{Carrier: "fedex", TrackingNumber: "F1"}, brandActor)
		wantCode(t, err, ErrUnknownCarrier.Code)
		if n, _ := e.shipCount(o.ID); n != 1 || e.transitions(o.ID) != before {
			t.Fatal("a rejected shipment left a trace")
		}

		// The first parcel is delivered: the rest has not shipped, so the order stays shipped.
		now := time.Now()
		if out, err := post(l, "dhl", dhlSecret, now, CarrierEvent{EventID: "e1", TrackingNumber: "DHL-1", Status: ShipDelivered}); err != nil || out.OrderState != StateShipped {
			t.Fatalf("first delivery: %+v %v", out, err)
		}
		// The rest ships (no items: everything left).
		second, err := l.CreateShipment(ctx, e.brand, o.ID, ShipmentInput{Carrier: "dhl", TrackingNumber: "DHL-2"}, brandActor)
		if err != nil {
			t.Fatal(err)
		}
		if fmt.Sprint(second.Items) != "[{1 1} {2 1}]" {
			t.Fatalf("the remainder is %v", second.Items)
		}
		_, err = l.CreateShipment(ctx, e.brand, o.ID, ShipmentInput{Carrier: "dhl", TrackingNumber: "DHL-3"}, brandActor)
		wantCode(t, err, ErrOverShipped.Code)
		if out, _ := post(l, "dhl", dhlSecret, now, CarrierEvent{EventID: "e2", TrackingNumber: "DHL-2", Status: ShipInTransit}); out.OrderState != StateShipped {
			t.Fatalf("in transit: %+v", out)
		}
		out, err := post(l, "dhl", dhlSecret, now, CarrierEvent{EventID: "e3", TrackingNumber: "DHL-2", Status: ShipDelivered, Location: "Porch"})
		if err != nil || out.OrderState != StateDelivered {
			t.Fatalf("last delivery: %+v %v", out, err)
		}
		e.get(o.ID, StateDelivered)
		// A late, older event for a delivered parcel is kept but does not undo delivery.
		if out, err := post(l, "dhl", dhlSecret, now, CarrierEvent{EventID: "e0", TrackingNumber: "DHL-2", Status: ShipInTransit, OccurredAt: now.Add(-time.Hour)}); err != nil || out.Status != ShipDelivered {
			t.Fatalf("late event: %+v %v", out, err)
		}
		shs, err := l.BrandShipments(ctx, e.brand, o.ID)
		if err != nil || len(shs) != 2 || shs[0].ID != first.ID || shs[1].Status != ShipDelivered || len(shs[1].Events) != 4 {
			t.Fatalf("shipments: %+v %v", shs, err)
		}
		if _, err := l.BrandShipments(ctx, e.other, o.ID); Code(err) != ErrNotFound.Code {
			t.Fatalf("another brand lists my shipments: %v", err)
		}
		if _, err := l.ShopperShipments(ctx, "usr_someone", o.ID); Code(err) != ErrNotFound.Code {
			t.Fatalf("another shopper tracks my order: %v", err)
		}

		// Every tracking event was a shipmentUpdated; delivery armed the auto-complete timer.
		e.runJobs(0)
		names := e.eventNames(o.ID)
		want := []string{"orderCreated", "orderPaid", "shipmentUpdated", "shipmentUpdated", "shipmentUpdated", "shipmentUpdated", "shipmentUpdated", "orderDelivered", "shipmentUpdated"}
		if !slices.Equal(names, want) {
			t.Fatalf("events %v\nwant   %v", names, want)
		}
		e.runJobs(8 * 24 * time.Hour)
		e.get(o.ID, StateCompleted)
	})
}

func TestCarrierWebhookRejections(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		l := newLogistics(e)
		o := e.paid(e.shopper("50.00"), e.sku(e.brand, "5.00", 5), 1)
		if _, err := l.CreateShipment(ctx, e.brand, o.ID, ShipmentInput{Carrier: "dhl", TrackingNumber: "T-1"}, brandActor); err != nil {
			t.Fatal(err)
		}
		delivered := CarrierEvent{EventID: "ev-1", TrackingNumber: "T-1", Status: ShipDelivered}
		body, _ := json.Marshal(delivered)
		now := time.Now()
		ts := strconv.FormatInt(now.Unix(), 10)
		old := now.Add(-6 * time.Minute)
		cases := []struct {
			name, carrier, ts, sig string
			body                   []byte
			code                   string
		}{
			{"unsigned", "dhl", "", "", body, ErrBadSignature.Code},
			{"no signature", "dhl", ts, "", body, ErrBadSignature.Code},
			{"wrong secret", "dhl", ts, SignCarrierWebhook("guess", now, body), body, ErrBadSignature.Code},
			{"tampered body", "dhl", ts, SignCarrierWebhook(dhlSecret, now, body), append([]byte(" "), body...), ErrBadSignature.Code},
			{"timestamp swapped", "dhl", strconv.FormatInt(now.Unix()+1, 10), SignCarrierWebhook(dhlSecret, now, body), body, ErrBadSignature.Code},
			{"replayed (old timestamp)", "dhl", strconv.FormatInt(old.Unix(), 10), SignCarrierWebhook(dhlSecret, old, body), body, ErrStaleTimestamp.Code},
			{"from the future", "dhl", strconv.FormatInt(now.Add(time.Hour).Unix(), 10), SignCarrierWebhook(dhlSecret, now.Add(time.Hour), body), body, ErrStaleTimestamp.Code},
			{"another carrier's secret", SimCarrier, ts, SignCarrierWebhook(dhlSecret, now, body), body, ErrBadSignature.Code},
			{"unknown carrier", "ups", ts, SignCarrierWebhook(dhlSecret, now, body), body, ErrUnknownCarrier.Code},
		}
		beforeT := e.transitions(o.ID)
		_, beforeE := e.shipCount(o.ID)
		for _, c := range cases {
			_, err := l.ReceiveWebhook(ctx, c.carrier, c.ts, c.sig, c.body)
			if Code(err) != c.code {
				t.Errorf("%s: %v, want %s", c.name, err, c.code)
			}
		}
		// Correctly signed but unknown tracking number, or not a tracking event.
		if _, err := post(l, "dhl", dhlSecret, now, CarrierEvent{EventID: "ev-9", TrackingNumber: "NOPE-1", Status: ShipDelivered}); Code(err) != ErrUnknownTracking.Code {
			t.Errorf("unknown tracking number: %v", err)
		}
		if _, err := post(l, "dhl", dhlSecret, now, CarrierEvent{EventID: "ev-8", TrackingNumber: "T-1", Status: "teleported"}); Code(err) != ErrInvalid.Code {
			t.Errorf("unknown status: %v", err)
		}
		if _, err := l.ReceiveWebhook(ctx, "dhl", ts, SignCarrierWebhook(dhlSecret, now, []byte("{")), []byte("{")); Code(err) != ErrInvalid.Code {
			t.Errorf("malformed body: %v", err)
		}
		_, afterE := e.shipCount(o.ID)
		if e.transitions(o.ID) != beforeT || afterE != beforeE {
			t.Fatal("a rejected webhook changed something")
		}
		e.get(o.ID, StateShipped)

		// The real one is applied once; the carrier's retry is ignored.
		out, err := l.ReceiveWebhook(ctx, "dhl", ts, SignCarrierWebhook(dhlSecret, now, body), body)
		if err != nil || out.Duplicate || out.OrderState != StateDelivered {
			t.Fatalf("valid webhook: %+v %v", out, err)
		}
		afterT := e.transitions(o.ID)
		out, err = l.ReceiveWebhook(ctx, "dhl", ts, SignCarrierWebhook(dhlSecret, now, body), body)
		if err != nil || !out.Duplicate {
			t.Fatalf("duplicate: %+v %v", out, err)
		}
		// The same event id with another body is still that event.
		if out, err := post(l, "dhl", dhlSecret, now, CarrierEvent{EventID: "ev-1", TrackingNumber: "T-1", Status: ShipException}); err != nil || !out.Duplicate || out.Status != ShipDelivered {
			t.Fatalf("duplicate id, new body: %+v %v", out, err)
		}
		if _, n := e.shipCount(o.ID); n != beforeE+1 || e.transitions(o.ID) != afterT {
			t.Fatal("a duplicate event was recorded")
		}
	})
}

func TestSimCarrierDelivers(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		l := newLogistics(e)
		o := e.paid(e.shopper("50.00"), e.sku(e.brand, "5.00", 5), 2)
		sh, err := l.CreateShipment(ctx, e.brand, o.ID, ShipmentInput{Carrier: SimCarrier}, brandActor)
		if err != nil {
			t.Fatal(err)
		}
		if sh.TrackingNumber == "" || sh.Status != ShipLabelCreated {
			t.Fatalf("sim shipment %+v", sh)
		}
		e.runJobs(time.Hour) // nothing due yet
		if got, _ := l.Shipment(ctx, sh.ID); got.Status != ShipLabelCreated {
			t.Fatalf("moved early: %s", got.Status)
		}
		var seen []string
		for i := 1; i <= 6; i++ { // fast-forward a day at a time
			e.runJobs(time.Duration(i) * 24 * time.Hour)
			got, _ := l.Shipment(ctx, sh.ID)
			if len(seen) == 0 || seen[len(seen)-1] != got.Status {
				seen = append(seen, got.Status)
			}
		}
		got, _ := l.Shipment(ctx, sh.ID)
		var statuses []string
		for _, ev := range got.Events {
			statuses = append(statuses, ev.Status)
		}
		if fmt.Sprint(statuses) != "[label_created in_transit out_for_delivery delivered]" {
			t.Fatalf("sim events %v", statuses)
		}
		o2, _ := e.s.Order(ctx, o.ID)
		if o2.State != StateDelivered && o2.State != StateCompleted {
			t.Fatalf("order is %s after the sim delivered", o2.State)
		}
		names := e.eventNames(o.ID)
		if n := count(names, EventShipmentUpdated); n != 4 || count(names, EventOrderDelivered) != 1 {
			t.Fatalf("events %v", names)
		}
		if _, err := l.AdvanceSim(ctx, sh.ID); Code(err) != ErrNothingToAdvance.Code {
			t.Fatalf("advancing a delivered shipment: %v", err)
		}
	})
}

func count(xs []string, x string) int {
	n := 0
	for _, v := range xs {
		if v == x {
			n++
		}
	}
	return n
}

// The admin shortcut advances now, through the same signed path, and the
// scheduled steps it overtook do nothing when they come due.
func TestAdvanceSimByHand(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		l := newLogistics(e)
		o := e.paid(e.shopper("50.00"), e.sku(e.brand, "5.00", 5), 1)
		sh, err := l.CreateShipment(ctx, e.brand, o.ID, ShipmentInput{Carrier: SimCarrier}, brandActor)
		if err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{ShipInTransit, ShipOutForDelivery, ShipDelivered} {
			got, err := l.AdvanceSim(ctx, sh.ID)
			if err != nil || got.Status != want {
				t.Fatalf("advance: %s %v, want %s", got.Status, err, want)
			}
		}
		e.get(o.ID, StateDelivered)
		e.runJobs(48 * time.Hour)
		got, _ := l.Shipment(ctx, sh.ID)
		if len(got.Events) != 4 {
			t.Fatalf("%d events after the overtaken jobs ran", len(got.Events))
		}
		dhl, err := l.CreateShipment(ctx, e.brand, e.paid(e.shopper("10.00"), e.sku(e.brand, "1.00", 1), 1).ID, ShipmentInput{Carrier: "dhl", TrackingNumber: "D-9"}, brandActor)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := l.AdvanceSim(ctx, dhl.ID); Code(err) != ErrNotSimulated.Code {
			t.Fatalf("advancing a real carrier's shipment: %v", err)
		}
	})
}

func TestOnlyTheBrandShipsItsPaidOrder(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		l := newLogistics(e)
		shopper := e.shopper("50.00")
		k := e.sku(e.brand, "5.00", 5)
		o := e.paid(shopper, k, 1)
		_, err := l.CreateShipment(ctx, e.other, o.ID, ShipmentInput{Carrier: "dhl", TrackingNumber: "X-1"}, Actor{Kind: ActorBrand, ID: "usr_thief"})
		wantCode(t, err, ErrNotFound.Code)
		e.get(o.ID, StatePaid)
		unpaid := e.order(shopper, k, 1)
		_, err = l.CreateShipment(ctx, e.brand, unpaid.ID, ShipmentInput{Carrier: "dhl", TrackingNumber: "X-2"}, brandActor)
		wantCode(t, err, ErrIllegalTransition.Code)
		_, err = l.CreateShipment(ctx, e.brand, o.ID, ShipmentInput{Carrier: "dhl", TrackingNumber: "bad number!"}, brandActor)
		wantCode(t, err, ErrInvalid.Code)
		if n, _ := e.shipCount(o.ID); n != 0 {
			t.Fatal("a rejected shipment was stored")
		}
	})
}

func TestLogisticsHostAPIs(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		l := newLogistics(e)
		reg := runtime.NewRegistry(l.HostAPIs()...)
		shopper := e.shopper("50.00")
		o := e.paid(shopper, e.sku(e.brand, "5.00", 5), 2)
		perm := []string{"logistics"}

		if _, code := e.call(reg, e.brand, "", []string{"orders"}, "logistics.ship", fmt.Sprintf(`{"orderId":%q,"carrier":"dhl","trackingNumber":"H-1"}`, o.ID)); code != runtime.CodePermissionDenied {
			t.Fatalf("without the permission: %q", code)
		}
		if _, code := e.call(reg, e.other, "", perm, "logistics.ship", fmt.Sprintf(`{"orderId":%q,"carrier":"dhl","trackingNumber":"H-1"}`, o.ID)); code != "not_found" {
			t.Fatalf("another brand's installation ships my order: %q", code)
		}
		if _, code := e.call(reg, e.brand, "", perm, "logistics.ship", fmt.Sprintf(`{"orderId":%q,"carrier":"dhl","items":[{"lineNo":1,"qty":3}]}`, o.ID)); code != runtime.CodeInvalidArgs && code != ErrOverShipped.Code {
			t.Fatalf("over-shipping: %q", code)
		}
		if _, code := e.call(reg, e.brand, "", perm, "logistics.ship", fmt.Sprintf(`{"orderId":%q,"carrier":"dhl","trackingNumber":"H-1","brandId":%q}`, o.ID, e.other)); code != runtime.CodeInvalidArgs {
			t.Fatalf("a brandId from JS: %q", code)
		}
		e.get(o.ID, StatePaid)
		out, code := e.call(reg, e.brand, "", perm, "logistics.ship", fmt.Sprintf(`{"orderId":%q,"carrier":"dhl","trackingNumber":"H-1","items":[{"lineNo":1,"qty":1}]}`, o.ID))
		var sh Shipment
		if code != "" || json.Unmarshal(out, &sh) != nil || sh.TrackingNumber != "H-1" {
			t.Fatalf("ship: %q %s", code, out)
		}
		e.get(o.ID, StateShipped)
		tr, _ := e.s.Transitions(ctx, o.ID)
		if last := tr[len(tr)-1]; last.Actor.Kind != ActorApp || last.Actor.ID != e.app {
			t.Fatalf("shipped by %+v, want the app", last.Actor)
		}

		out, code = e.call(reg, e.brand, shopper, perm, "logistics.track", fmt.Sprintf(`{"orderId":%q}`, o.ID))
		var res trackResult
		if code != "" || json.Unmarshal(out, &res) != nil || len(res.Shipments) != 1 || res.State != StateShipped || len(res.Shipments[0].Events) != 1 {
			t.Fatalf("track: %q %s", code, out)
		}
		if _, code := e.call(reg, e.brand, e.shopper("1.00"), perm, "logistics.track", fmt.Sprintf(`{"orderId":%q}`, o.ID)); code != "not_found" {
			t.Fatalf("another shopper tracks my order: %q", code)
		}
		if _, code := e.call(reg, e.other, shopper, perm, "logistics.track", fmt.Sprintf(`{"orderId":%q}`, o.ID)); code != "not_found" {
			t.Fatalf("another brand's installation tracks my order: %q", code)
		}
	})
}
