package api_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/soukhq/souk/store"
	"github.com/soukhq/souk/store/storetest"
)

// Over HTTP: a link can only be switched off, never re-pointed; its QR codes
// are drawn; a shopper claims a brand's coupon, applies it to an order and
// pays the discounted total; a dynamic payment code pays once.
func TestLinksCouponsAndPaymentCodesOverHTTP(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		w := newWorld(t, h)
		owner, shopper := w.tokens["brand_owner"], w.tokens["shopper"]
		ins := w.storefront()
		k := w.sku()
		r := h.do("POST", "/api/v1/orgs/"+w.brand+"/links", owner, map[string]any{"kind": "product", "target": k.ProductID})
		if r.Status != 201 || r.json(t)["destination"] != "/a/"+ins+"/product?productId="+k.ProductID {
			t.Fatalf("create link: %d %s", r.Status, r.Body)
		}
		code := r.json(t)["code"].(string)
		for _, body := range []map[string]any{
			{"status": "active", "installation_id": "ins_other"},
			{"status": "active", "target": "prd_other"},
			{"page": "home"},
		} {
			if r := h.do("PATCH", "/api/v1/orgs/"+w.brand+"/links/"+code, owner, body); r.Status != 400 && r.Status != 422 {
				t.Fatalf("re-pointing with %v: %d %s", body, r.Status, r.Body)
			}
		}
		if r := h.do("PATCH", "/api/v1/orgs/"+w.brand+"/links/"+code, owner, map[string]string{"status": "disabled"}); r.Status != 200 {
			t.Fatalf("disable: %d %s", r.Status, r.Body)
		}
		if r := h.do("GET", "/api/v1/links/"+code, "", nil); r.Status != 410 || r.errorCode() != "link_disabled" {
			t.Fatalf("disabled link: %d %s", r.Status, r.Body)
		}
		if r := h.do("GET", "/api/v1/links/ZZZZZZZZ", "", nil); r.Status != 404 || r.errorCode() != "link_not_found" {
			t.Fatalf("unknown link: %d %s", r.Status, r.Body)
		}
		if r := h.do("GET", "/api/v1/links/"+code+"/qr.png", "", nil); r.Status != 200 || !bytes.HasPrefix([]byte(r.Body), []byte("\x89PNG")) {
			t.Fatalf("png: %d", r.Status)
		}
		if r := h.do("GET", "/api/v1/links/"+code+"/qr.svg", "", nil); r.Status != 200 || !strings.HasPrefix(string(r.Body), "<svg") {
			t.Fatalf("svg: %d %.80s", r.Status, r.Body)
		}

		// Coupon: 1.00 off; the brand cannot make it platform-funded.
		b := couponBody()
		b["funded_by"] = "platform"
		if r := h.do("POST", "/api/v1/orgs/"+w.brand+"/coupons", owner, b); r.Status != 403 {
			t.Fatalf("brand issues a platform coupon: %d %s", r.Status, r.Body)
		}
		c := w.brandCoupon()
		r = h.do("POST", "/api/v1/coupons/"+c.ID+"/claim", shopper, map[string]string{"via": "link"})
		if r.Status != 200 {
			t.Fatalf("claim: %d %s", r.Status, r.Body)
		}
		claim := r.json(t)["id"].(string)
		o := w.pendingOrder("shopper") // 4.00
		r = h.do("GET", "/api/v1/orders/"+o.ID+"/coupons", shopper, nil)
		if r.Status != 200 || !strings.Contains(string(r.Body), `"discount":"1.00"`) {
			t.Fatalf("checkout coupons: %d %s", r.Status, r.Body)
		}
		if r := h.do("POST", "/api/v1/orders/"+o.ID+"/coupon", w.tokens["developer"], map[string]string{"claim_id": claim}); r.Status != 404 {
			t.Fatalf("someone else applies it: %d", r.Status)
		}
		r = h.do("POST", "/api/v1/orders/"+o.ID+"/coupon", shopper, map[string]string{"claim_id": claim})
		if r.Status != 200 || r.json(t)["total"] != "3.00" || r.json(t)["discount"] != "1.00" || r.json(t)["subtotal"] != "4.00" {
			t.Fatalf("apply: %d %s", r.Status, r.Body)
		}

		// Payment code: paid once.
		r = h.do("POST", "/api/v1/orgs/"+w.brand+"/payment-codes", owner, map[string]any{"currency": "USD", "amount": "2.00"})
		if r.Status != 201 {
			t.Fatalf("create code: %d %s", r.Status, r.Body)
		}
		pc := r.json(t)["id"].(string)
		w.fund(w.users["shopper"].ID, "5.00")
		pay := func(client string) response {
			return h.do("POST", "/api/v1/payment-codes/"+pc+"/pay", shopper, map[string]string{"client_id": client, "pin": shopperPIN})
		}
		if r := pay("first"); r.Status != 200 || r.json(t)["net"] != "1.90" {
			t.Fatalf("pay: %d %s", r.Status, r.Body)
		}
		if r := pay("second"); r.Status != 409 || r.errorCode() != "payment_code_used" {
			t.Fatalf("pay again: %d %s", r.Status, r.Body)
		}
		if r := h.do("GET", "/api/v1/me/payment-code-payments", shopper, nil); r.Status != 200 || !strings.Contains(string(r.Body), pc) {
			t.Fatalf("my receipts: %d %s", r.Status, r.Body)
		}
		if r := h.do("GET", "/api/v1/orgs/"+w.brand+"/payment-code-payments", owner, nil); r.Status != 200 || !strings.Contains(string(r.Body), pc) {
			t.Fatalf("brand receipts: %d %s", r.Status, r.Body)
		}
		h.ledgerOK()
	})
}
