package api_test

import (
	"testing"

	"github.com/soukhq/souk/store"
	"github.com/soukhq/souk/store/storetest"
)

// An empty amount is refused on refund request, approval and dispute (on
// main it meant "everything"); amounts above the currency's stated maximum
// are refused for top-ups, prices and order totals (on main
// 92233720368547758.07 was accepted and then stranded), and the maximum
// itself is accepted.
func TestAmountsEmptyOrAboveTheMaximumAreRefused(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		w := newWorld(t, h)
		shopper, owner := w.tokens["shopper"], w.tokens["brand_owner"]
		empty := map[string]string{"amount": "", "reason": "chipped"}

		o := w.paidOrder("shopper")
		if r := h.do("POST", "/api/v1/orders/"+o.ID+"/refund-request", shopper, empty); r.Status != 400 {
			t.Fatalf("refund request with an empty amount: %d %s", r.Status, r.Body)
		}
		if r := h.do("POST", "/api/v1/orders/"+o.ID+"/dispute", shopper, empty); r.Status != 400 {
			t.Fatalf("dispute with an empty amount: %d %s", r.Status, r.Body)
		}
		o = w.refundRequestedOrder()
		if r := h.do("POST", "/api/v1/orgs/"+w.brand+"/orders/"+o.ID+"/refund/approve", owner, empty); r.Status != 400 {
			t.Fatalf("approval with an empty amount: %d %s", r.Status, r.Body)
		}
		if got := h.orderState(o.ID); got != "refund_requested" {
			t.Fatalf("order %s after refused approvals", got)
		}

		for _, amount := range []string{"92233720368547758.07", "10000000000.01"} {
			r := h.do("POST", "/api/v1/wallet/topups", shopper, map[string]string{"id": "topup-huge-" + amount[:3], "currency": "USD", "amount": amount})
			if r.Status != 400 || r.errorCode() != "invalid_amount" {
				t.Fatalf("top-up of %s: %d %s", amount, r.Status, r.Body)
			}
		}
		if r := h.do("POST", "/api/v1/wallet/topups", shopper, map[string]string{"id": "topup-max-0001", "currency": "USD", "amount": "10000000000.00"}); r.Status != 202 && r.Status != 201 && r.Status != 200 {
			t.Fatalf("top-up of the maximum: %d %s", r.Status, r.Body)
		}
		sku := w.sku()
		path := "/api/v1/orgs/" + w.brand + "/products/" + sku.ProductID + "/skus"
		if r := h.do("POST", path, owner, map[string]any{"options": map[string]string{"size": "xl"}, "price": "92233720368547758.07", "on_hand": 1}); r.Status != 400 || r.errorCode() != "invalid_amount" {
			t.Fatalf("price above the maximum: %d %s", r.Status, r.Body)
		}
		// A price at the maximum is fine; an order worth more than one
		// payment may be is refused.
		r := h.do("POST", path, owner, map[string]any{"options": map[string]string{"size": "xxl"}, "price": "10000000000.00", "on_hand": 5})
		if r.Status != 201 {
			t.Fatalf("price at the maximum: %d %s", r.Status, r.Body)
		}
		big := r.json(t)["id"].(string)
		if r := h.do("POST", "/api/v1/orders", shopper, map[string]any{"brand_id": w.brand, "lines": []map[string]any{{"sku_id": big, "qty": 2}}}); r.Status != 400 {
			t.Fatalf("order above the maximum: %d %s", r.Status, r.Body)
		}
	})
}
