package api_test

import (
	"encoding/json"
	"strconv"
	"testing"
	"time"

	"github.com/soukhq/souk/commerce"
	"github.com/soukhq/souk/identity"
	"github.com/soukhq/souk/store"
	"github.com/soukhq/souk/store/storetest"
)

const testCarrierSecret = "dhl-shared-secret"

// carrierPost sends a tracking event to the carrier webhook, signed with
// secret at ts ("" secret: unsigned).
func (h *harness) carrierPost(carrier, secret string, ts time.Time, ev map[string]any) response {
	h.t.Helper()
	body, _ := json.Marshal(ev)
	if secret == "" {
		return h.do("POST", "/api/v1/carriers/"+carrier+"/webhook", "", body)
	}
	return h.do("POST", "/api/v1/carriers/"+carrier+"/webhook", "", body,
		commerce.CarrierTimestampHeader, strconv.FormatInt(ts.Unix(), 10),
		commerce.CarrierSignatureHeader, commerce.SignCarrierWebhook(secret, ts, body))
}

func (h *harness) orderState(id string) commerce.State {
	h.t.Helper()
	o, err := h.com.Order(t0ctx, id)
	if err != nil {
		h.t.Fatal(err)
	}
	return o.State
}

func TestLogisticsOverHTTP(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		w := newWorld(t, h)
		owner, agent, shopper := w.tokens["brand_owner"], w.tokens["brand_agent"], w.tokens["shopper"]
		o := w.paidOrder("shopper")
		base := "/api/v1/orgs/" + w.brand + "/orders/" + o.ID + "/shipments"

		// Brand staff ship; an agent may not; another brand cannot reach the order.
		if r := h.do("POST", base, agent, map[string]any{"carrier": "dhl", "tracking_number": "DHL-1"}); r.Status != 403 {
			t.Fatalf("agent ships: %d %s", r.Status, r.Body)
		}
		other, otherTok := h.user("rival")
		rival, err := h.ids.CreateOrg(t0ctx, other.ID, identity.OrgBrand, "Rival")
		if err != nil {
			t.Fatal(err)
		}
		if r := h.do("POST", "/api/v1/orgs/"+rival.ID+"/orders/"+o.ID+"/shipments", otherTok, map[string]any{"carrier": "dhl", "tracking_number": "DHL-1"}); r.Status != 404 {
			t.Fatalf("another brand ships my order: %d %s", r.Status, r.Body)
		}
		if r := h.do("POST", base, owner, map[string]any{"carrier": "dhl", "tracking_number": "DHL-1", "items": []map[string]int{{"line_no": 1, "qty": 2}}}); r.Status != 409 || r.errorCode() != "exceeds_ordered" {
			t.Fatalf("over-shipping: %d %s", r.Status, r.Body)
		}
		if r := h.do("POST", base, owner, map[string]any{"carrier": "pigeon", "tracking_number": "P-1"}); r.Status != 400 || r.errorCode() != "unknown_carrier" {
			t.Fatalf("unknown carrier: %d %s", r.Status, r.Body)
		}
		if h.orderState(o.ID) != commerce.StatePaid {
			t.Fatal("a rejected shipment moved the order")
		}
		r := h.do("POST", base, owner, map[string]any{"carrier": "dhl", "tracking_number": "DHL-1", "items": []map[string]int{{"line_no": 1, "qty": 1}}})
		if r.Status != 201 {
			t.Fatalf("ship: %d %s", r.Status, r.Body)
		}
		if h.orderState(o.ID) != commerce.StateShipped {
			t.Fatal("the order did not move to shipped")
		}

		// Carrier webhooks: only signed, fresh, known ones change anything.
		now := time.Now()
		ev := map[string]any{"event_id": "dhl-ev-1", "tracking_number": "DHL-1", "status": "delivered", "location": "Front door"}
		for name, c := range map[string]struct {
			r      response
			status int
			code   string
		}{
			"unsigned":        {h.carrierPost("dhl", "", now, ev), 401, "invalid_signature"},
			"wrong secret":    {h.carrierPost("dhl", "not-the-secret", now, ev), 401, "invalid_signature"},
			"replayed":        {h.carrierPost("dhl", testCarrierSecret, now.Add(-10*time.Minute), ev), 401, "stale_timestamp"},
			"unknown number":  {h.carrierPost("dhl", testCarrierSecret, now, map[string]any{"event_id": "x", "tracking_number": "NOPE", "status": "delivered"}), 404, "unknown_tracking_number"},
			"unknown carrier": {h.carrierPost("ups", testCarrierSecret, now, ev), 404, "unknown_carrier"},
		} {
			if c.r.Status != c.status || c.r.errorCode() != c.code {
				t.Errorf("%s: %d %s, want %d %s", name, c.r.Status, c.r.Body, c.status, c.code)
			}
		}
		if h.orderState(o.ID) != commerce.StateShipped {
			t.Fatal("a rejected webhook moved the order")
		}
		r = h.carrierPost("dhl", testCarrierSecret, now, ev)
		var out commerce.EventOutcome
		_ = json.Unmarshal(r.Body, &out)
		if r.Status != 200 || out.Duplicate || out.OrderState != commerce.StateDelivered {
			t.Fatalf("signed webhook: %d %s", r.Status, r.Body)
		}
		r = h.carrierPost("dhl", testCarrierSecret, now, ev)
		_ = json.Unmarshal(r.Body, &out)
		if r.Status != 200 || !out.Duplicate {
			t.Fatalf("duplicate: %d %s", r.Status, r.Body)
		}

		// The shopper tracks the order; nobody else can.
		r = h.do("GET", "/api/v1/orders/"+o.ID+"/shipments", shopper, nil)
		var tracked struct {
			Data []struct {
				ID     string
				Status string
				Events []struct{ Status string }
			}
		}
		_ = json.Unmarshal(r.Body, &tracked)
		if r.Status != 200 || len(tracked.Data) != 1 || tracked.Data[0].Status != "delivered" || len(tracked.Data[0].Events) != 2 {
			t.Fatalf("track: %d %s", r.Status, r.Body)
		}
		if r := h.do("GET", "/api/v1/orders/"+o.ID+"/shipments", w.tokens["developer"], nil); r.Status != 404 {
			t.Fatalf("another user tracks the order: %d %s", r.Status, r.Body)
		}
		if r := h.do("GET", "/api/v1/orgs/"+w.brand+"/shipments/"+tracked.Data[0].ID, agent, nil); r.Status != 200 {
			t.Fatalf("brand reads the shipment back: %d %s", r.Status, r.Body)
		}
		if r := h.do("GET", base, agent, nil); r.Status != 200 {
			t.Fatalf("brand lists shipments: %d %s", r.Status, r.Body)
		}

		// The simulated carrier, advanced by an admin, delivers a second order.
		o2 := w.paidOrder("shopper")
		r = h.do("POST", "/api/v1/orgs/"+w.brand+"/orders/"+o2.ID+"/shipments", owner, map[string]any{"carrier": "simcarrier"})
		var sh ShipmentViewT
		_ = json.Unmarshal(r.Body, &sh)
		if r.Status != 201 || sh.TrackingNumber == "" {
			t.Fatalf("sim ship: %d %s", r.Status, r.Body)
		}
		for _, want := range []string{"in_transit", "out_for_delivery", "delivered"} {
			r := h.do("POST", "/api/v1/admin/shipments/"+sh.ID+"/advance", w.tokens["admin"], nil)
			_ = json.Unmarshal(r.Body, &sh)
			if r.Status != 200 || sh.Status != want {
				t.Fatalf("advance: %d %s, want %s", r.Status, r.Body, want)
			}
		}
		if r := h.do("POST", "/api/v1/admin/shipments/"+sh.ID+"/advance", w.tokens["admin"], nil); r.Status != 409 {
			t.Fatalf("advancing a delivered shipment: %d %s", r.Status, r.Body)
		}
		if h.orderState(o2.ID) != commerce.StateDelivered {
			t.Fatalf("sim order is %s", h.orderState(o2.ID))
		}
		if r := h.do("POST", "/api/v1/orders/"+o2.ID+"/confirm-receipt", shopper, nil); r.Status != 200 {
			t.Fatalf("confirm receipt: %d %s", r.Status, r.Body)
		}
		if h.orderState(o2.ID) != commerce.StateCompleted {
			t.Fatal("not completed after confirmation")
		}
	})
}

// ShipmentViewT is the part of a shipment answer the test reads.
type ShipmentViewT struct {
	ID             string `json:"id"`
	Status         string `json:"status"`
	TrackingNumber string `json:"tracking_number"`
}
