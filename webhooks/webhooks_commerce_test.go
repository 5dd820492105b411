package webhooks_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/soukhq/souk/commerce"
	"github.com/soukhq/souk/store"
	"github.com/soukhq/souk/store/storetest"
	"github.com/soukhq/souk/webhooks"
)

func TestOrderEventTypes(t *testing.T) {
	for in, want := range map[string]string{
		commerce.EventOrderPaid:       "order.paid",
		commerce.EventOrderCreated:    "order.created",
		commerce.EventShipmentUpdated: "order.shipment_updated",
		commerce.EventOrderDelivered:  "order.delivered",
		commerce.EventRefunded:        "order.refunded",
		commerce.EventRefundDeclined:  "order.refund_declined",
		commerce.EventDisputeResolved: "order.dispute_resolved",
	} {
		if got := webhooks.OrderEventType(in); got != want {
			t.Errorf("%s → %s, want %s", in, got, want)
		}
	}
}

// The sink publishes an app's order events once per transition, however
// often the order.event job runs it; orders without an app publish nothing.
func TestOrderSink(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db, webhooks.Options{})
		rcv := newReceiver(t)
		ep, secret, err := f.svc.CreateEndpoint(ctx, f.org, f.app, webhooks.EndpointInput{URL: rcv.URL, EventTypes: []string{"order.shipment_updated"}})
		if err != nil {
			t.Fatal(err)
		}
		sink := f.svc.OrderSink()
		ev := commerce.OrderEvent{ID: "otr_1", OrderID: "ord_1", AppID: f.app, Event: commerce.EventShipmentUpdated, From: commerce.StateShipped, To: commerce.StateShipped,
			At: time.Now().UnixMicro(), Detail: map[string]any{"trackingNumber": "T-1"}}
		for i := 0; i < 2; i++ {
			if err := sink.HandleOrderEvent(ctx, ev); err != nil {
				t.Fatal(err)
			}
		}
		paid := ev
		paid.ID, paid.Event = "otr_2", commerce.EventOrderPaid // not subscribed
		direct := ev
		direct.ID, direct.AppID = "otr_3", ""
		for _, e := range []commerce.OrderEvent{paid, direct} {
			if err := sink.HandleOrderEvent(ctx, e); err != nil {
				t.Fatal(err)
			}
		}
		f.runDue(t, time.Now())
		got := rcv.requests()
		if len(got) != 1 {
			t.Fatalf("receiver got %d requests, want 1", len(got))
		}
		if err := verify(secret, got[0].header, got[0].body, time.Now()); err != nil {
			t.Fatal(err)
		}
		var body struct {
			Type string
			Data commerce.OrderEvent
		}
		if err := json.Unmarshal(got[0].body, &body); err != nil || body.Type != "order.shipment_updated" || body.Data.OrderID != "ord_1" || body.Data.Detail["trackingNumber"] != "T-1" {
			t.Fatalf("body %s", got[0].body)
		}
		page, _ := f.svc.Deliveries(ctx, f.org, f.app, ep.ID, webhooks.DeliveryFilter{})
		if len(page.Deliveries) != 1 {
			t.Fatalf("%d deliveries", len(page.Deliveries))
		}
	})
}

// Money moving through an order is also a payment event: an endpoint that
// follows payment.* hears of the payment once, and of nothing else.
func TestOrderSinkPaymentEvents(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db, webhooks.Options{})
		rcv := newReceiver(t)
		if _, _, err := f.svc.CreateEndpoint(ctx, f.org, f.app, webhooks.EndpointInput{URL: rcv.URL, EventTypes: []string{"payment.*"}}); err != nil {
			t.Fatal(err)
		}
		sink := f.svc.OrderSink()
		paid := commerce.OrderEvent{ID: "otr_p", OrderID: "ord_1", AppID: f.app, Event: commerce.EventOrderPaid,
			From: commerce.StatePendingPayment, To: commerce.StatePaid, At: time.Now().UnixMicro()}
		shipped := paid
		shipped.ID, shipped.Event = "otr_s", commerce.EventShipmentUpdated
		for _, e := range []commerce.OrderEvent{paid, paid, shipped} {
			if err := sink.HandleOrderEvent(ctx, e); err != nil {
				t.Fatal(err)
			}
		}
		f.runDue(t, time.Now())
		got := rcv.requests()
		if len(got) != 1 {
			t.Fatalf("receiver got %d requests, want 1 (payment.succeeded once)", len(got))
		}
		var body struct{ Type string }
		if err := json.Unmarshal(got[0].body, &body); err != nil || body.Type != "payment.succeeded" {
			t.Fatalf("body %s", got[0].body)
		}
	})
}
