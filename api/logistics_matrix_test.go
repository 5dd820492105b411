package api_test

import (
	"fmt"
	"sync"

	"github.com/soukhq/souk/commerce"
	"github.com/soukhq/souk/identity"
	"github.com/soukhq/souk/marketplace"
	"github.com/soukhq/souk/webhooks"
)

// hookFixture is one matrix world's developer app with a webhook endpoint
// and one delivery.
type hookFixture struct {
	org, app, endpoint, delivery string
}

var (
	hookFixturesMu sync.Mutex
	hookFixtures   = map[*world]*hookFixture{}
)

func hooksOf(w *world) *hookFixture {
	hookFixturesMu.Lock()
	defer hookFixturesMu.Unlock()
	if f, ok := hookFixtures[w]; ok {
		return f
	}
	t := w.h.t
	f := &hookFixture{}
	ms, err := w.h.ids.Memberships(t0ctx, w.users["developer"].ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range ms {
		if m.OrgKind == identity.OrgDeveloper {
			f.org = m.OrgID
		}
	}
	a, err := marketplace.New(w.h.db, nil).CreateApp(t0ctx, f.org, fmt.Sprintf("hook-app-%d", emailSeq.Add(1)), "Hook app")
	if err != nil {
		t.Fatal(err)
	}
	f.app = a.ID
	f.endpoint = f.newEndpoint(w)
	ids, err := w.h.hooks.Publish(t0ctx, nil, f.app, "order.paid", map[string]string{"order_id": "ord_x"})
	if err != nil || len(ids) != 1 {
		t.Fatalf("publish: %v %v", ids, err)
	}
	f.delivery = ids[0]
	hookFixtures[w] = f
	return f
}

func (f *hookFixture) newEndpoint(w *world) string {
	e, _, err := w.h.hooks.CreateEndpoint(t0ctx, f.org, f.app, webhooks.EndpointInput{URL: "https://hooks.example.com/souk", EventTypes: []string{"order.*"}})
	if err != nil {
		w.h.t.Fatal(err)
	}
	return e.ID
}

func (f *hookFixture) base() string { return "/api/v1/orgs/" + f.org + "/apps/" + f.app + "/webhooks" }

func init() {
	matrix["create-webhook"] = matrixCase{
		request: func(w *world, role string) (string, any) {
			return hooksOf(w).base(), map[string]any{"url": "https://hooks.example.com/" + role, "event_types": []string{"order.*"}}
		},
		want: devGets(201),
	}
	matrix["list-webhooks"] = matrixCase{
		request: func(w *world, role string) (string, any) { return hooksOf(w).base(), nil },
		want:    devGets(200),
	}
	matrix["get-webhook"] = matrixCase{
		request: func(w *world, role string) (string, any) { f := hooksOf(w); return f.base() + "/" + f.endpoint, nil },
		want:    devGets(200),
	}
	matrix["update-webhook"] = matrixCase{
		request: func(w *world, role string) (string, any) {
			f := hooksOf(w)
			return f.base() + "/" + f.endpoint, map[string]any{"description": "by " + role}
		},
		want: devGets(200),
	}
	matrix["delete-webhook"] = matrixCase{
		request: func(w *world, role string) (string, any) {
			f := hooksOf(w)
			return f.base() + "/" + f.newEndpoint(w), nil
		},
		want: devGets(204),
	}
	matrix["rotate-webhook-secret"] = matrixCase{
		request: func(w *world, role string) (string, any) {
			f := hooksOf(w)
			return f.base() + "/" + f.endpoint + "/rotate-secret", nil
		},
		want: devGets(200),
	}
	matrix["list-webhook-deliveries"] = matrixCase{
		request: func(w *world, role string) (string, any) {
			f := hooksOf(w)
			return f.base() + "/" + f.endpoint + "/deliveries", nil
		},
		want: devGets(200),
	}
	matrix["get-webhook-delivery"] = matrixCase{
		request: func(w *world, role string) (string, any) {
			f := hooksOf(w)
			return f.base() + "/" + f.endpoint + "/deliveries/" + f.delivery, nil
		},
		want: devGets(200),
	}
	matrix["listen-webhooks"] = matrixCase{
		// wait=0: the stream sends what there is and ends.
		request: func(w *world, role string) (string, any) { return hooksOf(w).base() + "/listen?wait=0", nil },
		want:    devGets(200),
	}
	matrix["replay-webhook-delivery"] = matrixCase{
		request: func(w *world, role string) (string, any) {
			f := hooksOf(w)
			return f.base() + "/" + f.endpoint + "/deliveries/" + f.delivery + "/replay", nil
		},
		want: devGets(202),
	}
}

// simShipment ships a fresh paid order with the simulated carrier.
func (w *world) simShipment() commerce.Shipment {
	w.h.t.Helper()
	o := w.paidOrder("shopper")
	sh, err := w.h.logi.CreateShipment(t0ctx, w.brand, o.ID, commerce.ShipmentInput{Carrier: commerce.SimCarrier}, commerce.System)
	if err != nil {
		w.h.t.Fatal(err)
	}
	return sh
}

func init() {
	staff := map[string]int{"anonymous": 401, "brand_owner": 200, "brand_manager": 200, "brand_agent": 200, "*": 404}
	created := map[string]int{"anonymous": 401, "brand_owner": 201, "brand_manager": 201, "brand_agent": 403, "*": 404}
	matrix["create-shipment"] = matrixCase{
		request: func(w *world, role string) (string, any) {
			o := w.paidOrder("shopper")
			return "/api/v1/orgs/" + w.brand + "/orders/" + o.ID + "/shipments", map[string]any{"carrier": "simcarrier"}
		},
		want: created,
	}
	matrix["list-order-shipments"] = matrixCase{
		request: func(w *world, role string) (string, any) {
			return "/api/v1/orgs/" + w.brand + "/orders/" + w.simShipment().OrderID + "/shipments", nil
		},
		want: staff,
	}
	matrix["track-my-order"] = matrixCase{
		// Each role tracks an order of its own.
		request: func(w *world, role string) (string, any) {
			return "/api/v1/orders/" + w.paidOrder(role).ID + "/shipments", nil
		},
		want: map[string]int{"anonymous": 401, "*": 200},
	}
	matrix["carrier-webhook"] = matrixCase{
		// Public, but only a carrier's signature gets in: unsigned is 401 for everyone.
		request: func(w *world, role string) (string, any) {
			return "/api/v1/carriers/dhl/webhook", map[string]any{"event_id": "e-" + role, "tracking_number": "T-1", "status": "delivered"}
		},
		want: map[string]int{"*": 401},
	}
	matrix["admin-advance-sim-shipment"] = matrixCase{
		request: func(w *world, role string) (string, any) {
			return "/api/v1/admin/shipments/" + w.simShipment().ID + "/advance", nil
		},
		want: map[string]int{"anonymous": 401, "admin": 200, "*": 403},
	}
}
