package api_test

import (
	"testing"

	"github.com/soukhq/souk/payments"
	"github.com/soukhq/souk/store"
	"github.com/soukhq/souk/store/storetest"
)

// Over HTTP: an operator enters a rate, a shopper pays a JPY request from
// their USD wallet with a quote bound to it, the brand's refund of it
// returns every cent, and operators see the FX position; bad input is a
// structured error that changes nothing.
func TestFXOverHTTP(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		w := newWorld(t, h)
		admin, shopper := w.tokens["admin"], w.tokens["shopper"]
		me := w.users["shopper"].ID
		w.fund(me, "10.00")
		type row struct {
			name, method, path, token string
			body                      any
			wantStatus                int
			wantCode                  string
		}
		for _, c := range []row{
			{"rate as float syntax", "POST", "/api/v1/admin/fx/rates", admin, map[string]string{"base": "USD", "quote": "JPY", "rate": "1.5e2"}, 400, "invalid_fx_rate"},
			{"rate of one currency", "POST", "/api/v1/admin/fx/rates", admin, map[string]string{"base": "USD", "quote": "USD", "rate": "1"}, 400, "invalid_fx_rate"},
			{"quote without a rate", "POST", "/api/v1/fx/quotes", shopper, map[string]string{"from": "USD", "to": "JPY", "sell_amount": "1.00"}, 409, "fx_rate_unavailable"},
			{"operator enters a rate", "POST", "/api/v1/admin/fx/rates", admin, map[string]string{"base": "USD", "quote": "JPY", "rate": "150"}, 201, ""},
			{"quote with both amounts", "POST", "/api/v1/fx/quotes", shopper, map[string]string{"from": "USD", "to": "JPY", "sell_amount": "1.00", "buy_amount": "100"}, 400, "invalid_fx_quote"},
			{"JPY with decimals", "POST", "/api/v1/fx/quotes", shopper, map[string]string{"from": "USD", "to": "JPY", "buy_amount": "1.5"}, 400, "invalid_amount"},
			{"conversion of an unknown quote", "POST", "/api/v1/fx/conversions", shopper, map[string]string{"quote_id": "fxq_nope"}, 404, "fx_quote_not_found"},
		} {
			t.Run(c.name, func(t *testing.T) {
				r := h.do(c.method, c.path, c.token, c.body)
				if r.Status != c.wantStatus || (c.wantCode != "" && r.errorCode() != c.wantCode) {
					t.Fatalf("%d %s, want %d %s", r.Status, r.Body, c.wantStatus, c.wantCode)
				}
			})
		}
		if n := h.count("fx_conversions"); n != 0 {
			t.Fatalf("%d conversions after bad input", n)
		}
		r := h.do("GET", "/api/v1/fx/rates", shopper, nil)
		if data := r.json(t)["data"].([]any); r.Status != 200 || len(data) != 1 || data[0].(map[string]any)["source"] != "operator:"+w.users["admin"].ID {
			t.Fatalf("rates: %d %s", r.Status, r.Body)
		}

		// Pay a 300 JPY order from USD: 300 / 148.5 = 2.0202… → 2.03 USD.
		req := w.jpyRequest()
		r = h.do("POST", "/api/v1/fx/quotes", shopper, map[string]string{"from": "USD", "order_id": req.OrderID})
		if r.Status != 201 || r.json(t)["source_amount"] != "2.03" || r.json(t)["target_amount"] != "300" || r.json(t)["spread_bps"] != 100.0 {
			t.Fatalf("order quote: %d %s", r.Status, r.Body)
		}
		quote := r.json(t)["id"].(string)
		if r := h.do("GET", "/api/v1/fx/quotes/"+quote, w.tokens["developer"], nil); r.Status != 404 {
			t.Fatalf("someone else reads the quote: %d", r.Status)
		}
		if r := h.do("POST", "/api/v1/fx/conversions", shopper, map[string]string{"quote_id": quote}); r.Status != 409 || r.errorCode() != "fx_quote_mismatch" {
			t.Fatalf("an order's quote in the wallet: %d %s", r.Status, r.Body)
		}
		r = h.do("POST", "/api/v1/payment-requests/"+req.ID+"/confirm", shopper, map[string]string{"pin": shopperPIN, "fx_quote_id": quote})
		if r.Status != 200 || r.json(t)["status"] != "paid" {
			t.Fatalf("pay with the quote: %d %s", r.Status, r.Body)
		}
		if b, _ := h.pay.WalletBalance(t0ctx, me, "USD"); b.Posted != 797 {
			t.Fatalf("USD wallet after paying = %+v", b)
		}
		if _, err := h.pay.Refund(t0ctx, req.ID, "rf_fx_http", 300, "returned"); err != nil {
			t.Fatal(err)
		}
		if b, _ := h.pay.WalletBalance(t0ctx, me, "USD"); b.Posted != 1000 {
			t.Fatalf("USD wallet after the refund = %+v", b)
		}
		r = h.do("GET", "/api/v1/fx/conversions", shopper, nil)
		if data := r.json(t)["data"].([]any); r.Status != 200 || len(data) != 1 || data[0].(map[string]any)["refunded_source"] != "2.03" {
			t.Fatalf("conversions: %d %s", r.Status, r.Body)
		}
		r = h.do("GET", "/api/v1/admin/fx/positions", admin, nil)
		if r.Status != 200 || len(r.json(t)["data"].([]any)) != 2 {
			t.Fatalf("positions: %d %s", r.Status, r.Body)
		}
		check := h.do("GET", "/api/v1/admin/ledger/check", admin, nil)
		if check.Status != 200 || check.json(t)["ok"] != true {
			t.Fatalf("ledger check: %d %s", check.Status, check.Body)
		}
		_ = payments.StatusPaid
	})
}
