package api_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/soukhq/souk/api"
	"github.com/soukhq/souk/store"
	"github.com/soukhq/souk/store/storetest"
)

// The order flow over HTTP only: a brand stocks a product with an image, a
// shopper orders directly, pays with the PIN through the existing confirm
// route (the order becomes paid in the same transaction), and the brand's
// view agrees. Prices sent by a client are refused.
func TestCommerceOverHTTP(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		w := newWorld(t, h)
		owner := w.tokens["brand_owner"]
		shopper := w.tokens["shopper"]
		org := "/api/v1/orgs/" + w.brand

		r := h.do("POST", org+"/products", owner, map[string]string{"title": "Teapot", "description": "Cast iron", "currency": "USD"})
		if r.Status != 201 {
			t.Fatalf("create product: %d %s", r.Status, r.Body)
		}
		var p api.ProductView
		_ = json.Unmarshal(r.Body, &p)
		r = h.do("POST", org+"/products/"+p.ID+"/images", owner, pngBytes, "Content-Type", "image/png")
		if r.Status != 201 {
			t.Fatalf("upload image: %d %s", r.Status, r.Body)
		}
		_ = json.Unmarshal(r.Body, &p)
		if len(p.Images) != 1 {
			t.Fatalf("images %v", p.Images)
		}
		if r = h.do("GET", "/api/v1/catalog/image?key="+p.Images[0], "", nil); r.Status != 200 || r.Header.Get("Content-Type") != "image/png" || len(r.Body) != len(pngBytes) {
			t.Fatalf("get image: %d %s", r.Status, r.Header.Get("Content-Type"))
		}
		// Script bytes declared as an image are refused.
		if r = h.do("POST", org+"/products/"+p.ID+"/images", owner, []byte("<script>alert(1)</script>"), "Content-Type", "image/png"); r.Status != 400 {
			t.Fatalf("fake image: %d %s", r.Status, r.Body)
		}
		r = h.do("POST", org+"/products/"+p.ID+"/skus", owner, map[string]any{"options": map[string]string{"size": "1l"}, "price": "24.99", "on_hand": 2})
		if r.Status != 201 {
			t.Fatalf("create sku: %d %s", r.Status, r.Body)
		}
		var k api.SKUView
		_ = json.Unmarshal(r.Body, &k)
		if k.Price != "24.99" || k.Available != 2 {
			t.Fatalf("sku %+v", k)
		}

		// A client-set price is not an argument.
		r = h.do("POST", "/api/v1/orders", shopper, map[string]any{"brand_id": w.brand, "lines": []map[string]any{{"sku_id": k.ID, "qty": 1, "price": "0.01"}}})
		if r.Status != 400 {
			t.Fatalf("order with a price: %d %s", r.Status, r.Body)
		}
		r = h.do("POST", "/api/v1/orders", shopper, map[string]any{"brand_id": w.brand, "total": "0.01", "lines": []map[string]any{{"sku_id": k.ID, "qty": 1}}})
		if r.Status != 400 {
			t.Fatalf("order with a total: %d %s", r.Status, r.Body)
		}
		r = h.do("POST", "/api/v1/orders", shopper, map[string]any{"brand_id": w.brand, "lines": []map[string]any{{"sku_id": k.ID, "qty": 3}}})
		if r.Status != 409 || r.errorCode() != "out_of_stock" {
			t.Fatalf("too many: %d %s", r.Status, r.Body)
		}
		r = h.do("POST", "/api/v1/orders", shopper, map[string]any{"brand_id": w.brand, "lines": []map[string]any{{"sku_id": k.ID, "qty": 2}}})
		if r.Status != 201 {
			t.Fatalf("order: %d %s", r.Status, r.Body)
		}
		var o api.OrderView
		_ = json.Unmarshal(r.Body, &o)
		if o.Total != "49.98" || o.State != "pending_payment" {
			t.Fatalf("order %+v", o)
		}
		// Stock can't be set below the reservation.
		if r = h.do("PUT", org+"/skus/"+k.ID+"/stock", owner, map[string]any{"on_hand": 1}); r.Status != 409 || r.errorCode() != "stock_reserved" {
			t.Fatalf("stock below reserved: %d %s", r.Status, r.Body)
		}
		// Someone else's order does not exist for them.
		if r = h.do("GET", "/api/v1/orders/"+o.ID, w.tokens["developer"], nil); r.Status != 404 {
			t.Fatalf("another shopper's order: %d", r.Status)
		}
		// Illegal moves are 409 with no change.
		if r = h.do("POST", "/api/v1/orders/"+o.ID+"/confirm-receipt", shopper, nil); r.Status != 409 || r.errorCode() != "illegal_transition" {
			t.Fatalf("confirm unpaid: %d %s", r.Status, r.Body)
		}

		w.fund(w.users["shopper"].ID, "60.00")
		r = h.do("POST", "/api/v1/orders/"+o.ID+"/payment", shopper, nil)
		if r.Status != 200 {
			t.Fatalf("payment request: %d %s", r.Status, r.Body)
		}
		var pr api.PaymentRequestView
		_ = json.Unmarshal(r.Body, &pr)
		if pr.Amount != "49.98" {
			t.Fatalf("request amount %s", pr.Amount)
		}
		if r = h.do("POST", "/api/v1/payment-requests/"+pr.ID+"/confirm", shopper, map[string]string{"pin": shopperPIN}); r.Status != 200 {
			t.Fatalf("confirm: %d %s", r.Status, r.Body)
		}
		r = h.do("GET", "/api/v1/orders/"+o.ID, shopper, nil)
		_ = json.Unmarshal(r.Body, &o)
		if o.State != "paid" || len(o.Transitions) != 2 || o.Transitions[1].Event != "orderPaid" {
			t.Fatalf("after payment: %s %+v", o.State, o.Transitions)
		}
		r = h.do("GET", org+"/products/"+p.ID, w.tokens["brand_agent"], nil)
		_ = json.Unmarshal(r.Body, &p)
		if p.SKUs[0].OnHand != 0 || p.SKUs[0].Reserved != 0 {
			t.Fatalf("stock after sale %+v", p.SKUs[0])
		}

		// Refund in part over HTTP, then the brand sees it.
		if r = h.do("POST", "/api/v1/orders/"+o.ID+"/refund-request", shopper, map[string]string{"amount": "10.00", "reason": "lid cracked"}); r.Status != 200 {
			t.Fatalf("refund request: %d %s", r.Status, r.Body)
		}
		if r = h.do("POST", org+"/orders/"+o.ID+"/refund/approve", owner, map[string]string{}); r.Status != 200 {
			t.Fatalf("approve: %d %s", r.Status, r.Body)
		}
		_ = json.Unmarshal(r.Body, &o)
		if o.State != "paid" || o.Refunded != "10.00" {
			t.Fatalf("after partial refund: %s %s", o.State, o.Refunded)
		}
		if _, err := h.jobs.RunDue(t0ctx, time.Now().Add(time.Second)); err != nil {
			t.Fatal(err)
		}
		r = h.do("GET", "/api/v1/admin/ledger/check", w.tokens["admin"], nil)
		if r.Status != 200 || r.json(t)["ok"] != true {
			t.Fatalf("ledger: %s", r.Body)
		}
	})
}
