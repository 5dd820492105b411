package api_test

import (
	"github.com/soukhq/souk/commerce"
	"github.com/soukhq/souk/credit"
)

// Credit fixtures for the authorization matrix, made through the services:
// a deposit SKU of the brand and a held deposit on a shopper's paid order.

func (w *world) depositSKU() commerce.SKU {
	w.h.t.Helper()
	k := w.sku()
	if _, err := w.h.cr.MarkDeposit(t0ctx, w.brand, k.ID, usd("2.00")); err != nil {
		w.h.t.Fatal(err)
	}
	return k
}

// heldDeposit is a new shopper's paid order of a deposit SKU (600 is below
// the default threshold, so the deposit is held).
func (w *world) heldDeposit() credit.Deposit {
	w.h.t.Helper()
	u, _ := w.h.user("renter")
	if err := w.h.pay.SetPIN(t0ctx, u.ID, shopperPIN); err != nil {
		w.h.t.Fatal(err)
	}
	w.fund(u.ID, "10.00")
	o, err := w.h.com.CreateOrder(t0ctx, commerce.NewOrder{ShopperID: u.ID, BrandID: w.brand,
		Lines: []commerce.LineInput{{SKUID: w.depositSKU().ID, Qty: 1}}})
	if err != nil {
		w.h.t.Fatal(err)
	}
	r, err := w.h.com.RequestPayment(t0ctx, o.ID, commerce.Actor{Kind: commerce.ActorShopper, ID: u.ID})
	if err != nil {
		w.h.t.Fatal(err)
	}
	if _, err := w.h.pay.Confirm(t0ctx, r.ID, u.ID, shopperPIN, nil); err != nil {
		w.h.t.Fatal(err)
	}
	d, err := w.h.cr.OrderDeposit(t0ctx, o.ID)
	if err != nil || d.Status != credit.DepositHeld {
		w.h.t.Fatalf("held deposit: %+v %v", d, err)
	}
	return d
}

// payLaterRequest is an unpaid request of the shopper's order (4.00, within
// a new shopper's 50.00 line).
func (w *world) payLaterRequest() string {
	w.h.t.Helper()
	id := w.users["shopper"].ID
	if _, done := pinned.Load(id); !done {
		if err := w.h.pay.SetPIN(t0ctx, id, shopperPIN); err != nil {
			w.h.t.Fatal(err)
		}
		pinned.Store(id, true)
	}
	o := w.pendingOrder("shopper")
	r, err := w.h.com.RequestPayment(t0ctx, o.ID, commerce.Actor{Kind: commerce.ActorShopper, ID: id})
	if err != nil {
		w.h.t.Fatal(err)
	}
	return r.ID
}

func init() {
	manage := map[string]int{"anonymous": 401, "brand_owner": 200, "brand_manager": 200, "brand_agent": 403, "*": 404}
	staff := map[string]int{"anonymous": 401, "brand_owner": 200, "brand_manager": 200, "brand_agent": 200, "*": 404}
	org := func(w *world, rest string) string { return "/api/v1/orgs/" + w.brand + "/credit" + rest }
	signedIn := map[string]int{"anonymous": 401, "*": 200}

	matrix["get-my-credit-score"] = matrixCase{
		request: func(w *world, role string) (string, any) { return "/api/v1/me/credit/score", nil },
		want:    signedIn,
	}
	matrix["get-my-credit-line"] = matrixCase{
		request: func(w *world, role string) (string, any) { return "/api/v1/me/credit/lines/USD", nil },
		want:    signedIn,
	}
	matrix["list-my-deposits"] = matrixCase{
		request: func(w *world, role string) (string, any) { return "/api/v1/me/credit/deposits", nil },
		want:    signedIn,
	}
	// Only the shopper owes anything; everyone else has nothing to repay
	// (or no PIN).
	matrix["repay-my-credit-line"] = matrixCase{
		request: func(w *world, role string) (string, any) {
			if role == "shopper" {
				id := w.payLaterRequest()
				if _, err := w.h.cr.PayLater(t0ctx, id, w.users["shopper"].ID, shopperPIN); err != nil {
					w.h.t.Fatal(err)
				}
				w.fund(w.users["shopper"].ID, "50.00")
			}
			return "/api/v1/me/credit/lines/USD/repay", map[string]string{"pin": shopperPIN}
		},
		want: map[string]int{"anonymous": 401, "shopper": 200, "*": 409},
	}
	// Only the request's shopper; anyone else's is not found.
	matrix["pay-later"] = matrixCase{
		request: func(w *world, role string) (string, any) {
			return "/api/v1/payment-requests/" + w.payLaterRequest() + "/pay-later", map[string]string{"pin": shopperPIN}
		},
		want: map[string]int{"anonymous": 401, "shopper": 200, "*": 404},
	}
	matrix["get-deposit-settings"] = matrixCase{
		request: func(w *world, role string) (string, any) { return org(w, "/settings"), nil },
		want:    staff,
	}
	matrix["set-deposit-settings"] = matrixCase{
		request: func(w *world, role string) (string, any) {
			return org(w, "/settings"), map[string]int{"waiver_threshold": 700}
		},
		want: manage,
	}
	matrix["list-deposit-skus"] = matrixCase{
		request: func(w *world, role string) (string, any) { return org(w, "/deposit-skus"), nil },
		want:    staff,
	}
	matrix["set-deposit-sku"] = matrixCase{
		request: func(w *world, role string) (string, any) {
			return org(w, "/deposit-skus/"+w.sku().ID), map[string]string{"amount": "3.00"}
		},
		want: manage,
	}
	matrix["list-brand-deposits"] = matrixCase{
		request: func(w *world, role string) (string, any) { return org(w, "/deposits?status=held"), nil },
		want:    staff,
	}
	matrix["release-deposit"] = matrixCase{
		request: func(w *world, role string) (string, any) {
			return org(w, "/deposits/"+w.heldDeposit().ID+"/release"), nil
		},
		want: staff,
	}
	matrix["capture-deposit"] = matrixCase{
		request: func(w *world, role string) (string, any) {
			return org(w, "/deposits/"+w.heldDeposit().ID+"/capture"), nil
		},
		want: manage,
	}
	matrix["get-credit-exposure"] = matrixCase{
		request: func(w *world, role string) (string, any) { return "/api/v1/admin/credit/exposure", nil },
		want:    map[string]int{"anonymous": 401, "admin": 200, "*": 403},
	}
}
