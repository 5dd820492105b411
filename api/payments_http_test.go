package api_test

import (
	"testing"

	"github.com/soukhq/souk/payments/money"
	"github.com/soukhq/souk/store"
	"github.com/soukhq/souk/store/storetest"
)

const shopperPIN = "482915"

func usd(s string) money.Amount {
	a, err := money.ParsePositive(money.MustLookup("USD"), s)
	if err != nil {
		panic(err)
	}
	return a
}

// A shopper tops up, pays a host-created request with the PIN (wrong PINs
// counted and refused), and the admin's ledger check passes; amounts travel
// as decimal strings.
func TestWalletAndPaymentOverHTTP(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		w := newWorld(t, h)
		shopper := w.tokens["shopper"]

		r := h.do("POST", "/api/v1/wallet/topups", shopper, map[string]string{"id": "topup-0001", "currency": "USD", "amount": "25.50"})
		if r.Status != 202 || r.json(t)["status"] != "pending" {
			t.Fatalf("top-up: %d %s", r.Status, r.Body)
		}
		opID := r.json(t)["id"].(string)
		if again := h.do("POST", "/api/v1/wallet/topups", shopper, map[string]string{"id": "topup-0001", "currency": "USD", "amount": "25.50"}); again.json(t)["id"] != opID {
			t.Fatalf("retried top-up made another operation: %s", again.Body)
		}
		if r := h.do("POST", "/api/v1/wallet/topups", shopper, map[string]string{"id": "topup-0001", "currency": "USD", "amount": "99.00"}); r.Status != 409 || r.errorCode() != "funding_id_reused" {
			t.Fatalf("reused id with another amount: %d %s", r.Status, r.Body)
		}
		for _, bad := range []map[string]string{
			{"id": "topup-0002", "currency": "USD", "amount": "1.234"},
			{"id": "topup-0003", "currency": "USD", "amount": "-5"},
			{"id": "topup-0004", "currency": "USD", "amount": "0"},
			{"id": "topup-0005", "currency": "XXX", "amount": "1"},
			{"id": "topup-0006", "currency": "USD", "amount": "1e3"},
			{"id": "topup-0007", "currency": "USD", "amount": "99999999999999999999"},
		} {
			if r := h.do("POST", "/api/v1/wallet/topups", shopper, bad); r.Status != 400 {
				t.Errorf("top-up %v: %d %s", bad, r.Status, r.Body)
			}
		}
		if r := h.do("POST", "/api/v1/admin/simbank/"+opID, w.tokens["admin"], map[string]bool{"succeeded": true}); r.Status != 200 || r.json(t)["status"] != "succeeded" {
			t.Fatalf("bank confirms: %d %s", r.Status, r.Body)
		}
		bal := h.do("GET", "/api/v1/wallet/balances", shopper, nil).json(t)["data"].([]any)[0].(map[string]any)
		if bal["available"] != "25.50" || bal["currency"] != "USD" {
			t.Fatalf("balance after top-up: %v", bal)
		}

		req := w.shopperRequest("10.00")
		// The shopper changes the PIN; the old one stops working.
		if r := h.do("PUT", "/api/v1/me/pin", shopper, map[string]string{"password": testPassword, "pin": "583920"}); r.Status != 204 {
			t.Fatalf("set PIN: %d %s", r.Status, r.Body)
		}
		if r := h.do("POST", "/api/v1/payment-requests/"+req.ID+"/confirm", shopper, map[string]string{"pin": shopperPIN}); r.Status != 403 || r.errorCode() != "wrong_pin" {
			t.Fatalf("old PIN: %d %s", r.Status, r.Body)
		}
		const shopperPIN = "583920"
		if r := h.do("POST", "/api/v1/payment-requests/"+req.ID+"/confirm", shopper, map[string]string{"pin": "111111"}); r.Status != 403 || r.errorCode() != "wrong_pin" {
			t.Fatalf("wrong PIN: %d %s", r.Status, r.Body)
		}
		if r := h.do("POST", "/api/v1/payment-requests/"+req.ID+"/confirm", w.tokens["brand_owner"], map[string]string{"pin": shopperPIN}); r.Status != 404 {
			t.Fatalf("someone else confirms: %d %s", r.Status, r.Body)
		}
		r = h.do("POST", "/api/v1/payment-requests/"+req.ID+"/confirm", shopper, map[string]string{"pin": shopperPIN})
		if r.Status != 200 || r.json(t)["status"] != "paid" || r.json(t)["amount"] != "10.00" {
			t.Fatalf("confirm: %d %s", r.Status, r.Body)
		}
		if r := h.do("POST", "/api/v1/payment-requests/"+req.ID+"/confirm", shopper, map[string]string{"pin": shopperPIN}); r.Status == 200 && r.json(t)["status"] != "paid" {
			t.Fatalf("second confirm: %d %s", r.Status, r.Body)
		}
		bal = h.do("GET", "/api/v1/wallet/balances", shopper, nil).json(t)["data"].([]any)[0].(map[string]any)
		if bal["available"] != "15.50" {
			t.Fatalf("balance after paying 10.00: %v", bal)
		}
		st := h.do("GET", "/api/v1/wallet/statement?currency=USD", shopper, nil).json(t)
		if lines := st["data"].([]any); len(lines) != 2 || lines[1].(map[string]any)["balance"] != "15.50" {
			t.Fatalf("statement: %v", st)
		}
		check := h.do("GET", "/api/v1/admin/ledger/check", w.tokens["admin"], nil)
		if check.Status != 200 || check.json(t)["ok"] != true {
			t.Fatalf("ledger check: %d %s", check.Status, check.Body)
		}
	})
}
