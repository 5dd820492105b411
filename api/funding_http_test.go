package api_test

import (
	"fmt"
	"testing"

	"github.com/soukhq/souk/payments"
	"github.com/soukhq/souk/store"
	"github.com/soukhq/souk/store/storetest"
)

// brandPayout gives the world's brand a settled sale and a pending payout
// of 1.00 USD from it.
func (w *world) brandPayout() payments.FundingOp {
	w.h.t.Helper()
	w.fund(w.users["shopper"].ID, "2.00")
	r := w.shopperRequest("2.00")
	if _, err := w.h.pay.Confirm(t0ctx, r.ID, w.users["shopper"].ID, shopperPIN, nil); err != nil {
		w.h.t.Fatal(err)
	}
	if _, err := w.h.pay.Settle(t0ctx, r.ID); err != nil {
		w.h.t.Fatal(err)
	}
	op, err := w.h.pay.RequestPayout(t0ctx, w.brand, fmt.Sprintf("payout-%d", emailSeq.Add(1)), "USD", usd("1.00"))
	if err != nil {
		w.h.t.Fatal(err)
	}
	return op
}

// pendingTopUp is a fresh shopper top-up the bank has not answered.
func (w *world) pendingTopUp() payments.FundingOp {
	w.h.t.Helper()
	op, err := w.h.pay.TopUp(t0ctx, w.users["shopper"].ID, fmt.Sprintf("stuck-%d", emailSeq.Add(1)), "USD", usd("1.00"))
	if err != nil {
		w.h.t.Fatal(err)
	}
	return op
}

func init() {
	matrix["brand-get-payout"] = matrixCase{
		request: func(w *world, role string) (string, any) {
			return "/api/v1/orgs/" + w.brand + "/payouts/" + w.brandPayout().ID, nil
		},
		want: map[string]int{"anonymous": 401, "brand_owner": 200, "brand_manager": 200, "brand_agent": 403, "*": 404},
	}
	matrix["admin-get-funding"] = matrixCase{
		request: func(w *world, role string) (string, any) { return "/api/v1/admin/funding/" + w.pendingTopUp().ID, nil },
		want:    map[string]int{"anonymous": 401, "admin": 200, "*": 403},
	}
	matrix["admin-fail-funding"] = matrixCase{
		request: func(w *world, role string) (string, any) {
			return "/api/v1/admin/funding/" + w.pendingTopUp().ID + "/fail", map[string]string{"reason": "stuck"}
		},
		want: map[string]int{"anonymous": 401, "admin": 200, "*": 403},
	}
}

// Funding ids are per user over HTTP: two shoppers top up with the same id
// independently (on main the second got 409 funding_id_reused, so anyone
// could squat another's ids), each reads back their own by that id, and the
// same shopper reusing it for another amount gets a clear 409.
func TestFundingIDsPerUserOverHTTP(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		w := newWorld(t, h)
		a, b := w.tokens["shopper"], w.tokens["developer"]
		body := map[string]string{"id": "same-id-0001", "currency": "USD", "amount": "5.00"}
		ra := h.do("POST", "/api/v1/wallet/topups", a, body)
		rb := h.do("POST", "/api/v1/wallet/topups", b, map[string]string{"id": "same-id-0001", "currency": "USD", "amount": "7.00"})
		if ra.Status != 202 || rb.Status != 202 {
			t.Fatalf("same id, two users: %d %s / %d %s", ra.Status, ra.Body, rb.Status, rb.Body)
		}
		idA, idB := ra.json(t)["id"].(string), rb.json(t)["id"].(string)
		if idA == idB || ra.json(t)["client_id"] != "same-id-0001" || rb.json(t)["amount"] != "7.00" {
			t.Fatalf("operations: %s / %s", ra.Body, rb.Body)
		}
		if r := h.do("POST", "/api/v1/wallet/topups", a, body); r.Status != 202 || r.json(t)["id"] != idA {
			t.Fatalf("retry: %d %s", r.Status, r.Body)
		}
		r := h.do("POST", "/api/v1/wallet/topups", a, map[string]string{"id": "same-id-0001", "currency": "USD", "amount": "5.01"})
		if r.Status != 409 || r.errorCode() != "funding_id_reused" {
			t.Fatalf("same user, other amount: %d %s", r.Status, r.Body)
		}
		if r := h.do("POST", "/api/v1/wallet/withdrawals", a, body); r.Status != 409 || r.errorCode() != "funding_id_reused" {
			t.Fatalf("same user, other kind: %d %s", r.Status, r.Body)
		}
		for _, c := range []struct{ token, path, want string }{
			{a, "same-id-0001", idA}, {a, idA, idA}, {b, "same-id-0001", idB},
		} {
			if r := h.do("GET", "/api/v1/wallet/topups/"+c.path, c.token, nil); r.Status != 200 || r.json(t)["id"] != c.want {
				t.Fatalf("GET %s: %d %s", c.path, r.Status, r.Body)
			}
		}
		if r := h.do("GET", "/api/v1/wallet/topups/"+idA, b, nil); r.Status != 404 {
			t.Fatalf("another user's operation: %d %s", r.Status, r.Body)
		}
	})
}

// An admin fails a withdrawal stuck at the bank: the reservation comes back
// at once, the bank's later word moves nothing, failing it again is
// harmless, a completed operation cannot be failed, and a brand reads its
// payout back.
func TestAdminFailsStuckFundingOverHTTP(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		w := newWorld(t, h)
		shopper, admin := w.tokens["shopper"], w.tokens["admin"]
		w.fund(w.users["shopper"].ID, "10.00")
		r := h.do("POST", "/api/v1/wallet/withdrawals", shopper, map[string]string{"id": "stuck-wd-0001", "currency": "USD", "amount": "4.00"})
		if r.Status != 202 {
			t.Fatalf("withdraw: %d %s", r.Status, r.Body)
		}
		id := r.json(t)["id"].(string)
		available := func() any {
			return h.do("GET", "/api/v1/wallet/balances", shopper, nil).json(t)["data"].([]any)[0].(map[string]any)["available"]
		}
		if got := available(); got != "6.00" {
			t.Fatalf("available while pending: %v", got)
		}
		r = h.do("POST", "/api/v1/admin/funding/"+id+"/fail", admin, map[string]string{"reason": "the bank lost it"})
		if r.Status != 200 || r.json(t)["status"] != "failed" || r.json(t)["resolved_by"] != "operator:"+w.users["admin"].ID || r.json(t)["owner_id"] != w.users["shopper"].ID {
			t.Fatalf("admin fails: %d %s", r.Status, r.Body)
		}
		if got := available(); got != "10.00" {
			t.Fatalf("available after the operator failed it: %v", got)
		}
		if r := h.do("POST", "/api/v1/admin/funding/"+id+"/fail", admin, map[string]string{"reason": "again"}); r.Status != 200 || r.json(t)["failure"] != "the bank lost it" {
			t.Fatalf("failing again: %d %s", r.Status, r.Body)
		}
		if r := h.do("POST", "/api/v1/admin/simbank/"+id, admin, map[string]bool{"succeeded": true}); r.Status != 200 || r.json(t)["status"] != "failed" {
			t.Fatalf("bank after the operator: %d %s", r.Status, r.Body)
		}
		if r := h.do("GET", "/api/v1/wallet/withdrawals/stuck-wd-0001", shopper, nil); r.Status != 200 || r.json(t)["status"] != "failed" || r.json(t)["failure"] != "the bank lost it" {
			t.Fatalf("the shopper reads it: %d %s", r.Status, r.Body)
		}
		if got := available(); got != "10.00" {
			t.Fatalf("available: %v", got)
		}
		done := w.pendingTopUp()
		if r := h.do("POST", "/api/v1/admin/simbank/"+done.ID, admin, map[string]bool{"succeeded": true}); r.Status != 200 {
			t.Fatalf("bank confirms: %d %s", r.Status, r.Body)
		}
		if r := h.do("POST", "/api/v1/admin/funding/"+done.ID+"/fail", admin, map[string]string{}); r.Status != 409 || r.errorCode() != "funding_not_pending" {
			t.Fatalf("failing a completed top-up: %d %s", r.Status, r.Body)
		}
		for path, body := range map[string]any{"/api/v1/admin/funding/fnd_nosuch/fail": map[string]string{}, "/api/v1/admin/simbank/fnd_nosuch": map[string]bool{"succeeded": false}} {
			if r := h.do("POST", path, admin, body); r.Status != 404 || r.errorCode() != "funding_not_found" {
				t.Fatalf("%s: %d %s", path, r.Status, r.Body)
			}
		}
		po := w.brandPayout()
		for _, p := range []string{po.ID, po.ClientID} {
			if r := h.do("GET", "/api/v1/orgs/"+w.brand+"/payouts/"+p, w.tokens["brand_manager"], nil); r.Status != 200 || r.json(t)["id"] != po.ID || r.json(t)["kind"] != "payout" {
				t.Fatalf("brand reads its payout by %s: %d %s", p, r.Status, r.Body)
			}
		}
		if r := h.do("GET", "/api/v1/admin/ledger/check", admin, nil); r.Status != 200 || r.json(t)["ok"] != true {
			t.Fatalf("ledger check: %d %s", r.Status, r.Body)
		}
	})
}
