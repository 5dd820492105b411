package api_test

import (
	"fmt"

	"github.com/soukhq/souk/payments"
)

// fund tops up a user's USD wallet through the simulated bank.
func (w *world) fund(userID, amount string) {
	w.h.t.Helper()
	op, err := w.h.pay.TopUp(t0ctx, userID, fmt.Sprintf("fund-%d", emailSeq.Add(1)), "USD", usd(amount))
	if err != nil {
		w.h.t.Fatal(err)
	}
	if _, err := w.h.bank.Complete(t0ctx, op.ID, true); err != nil {
		w.h.t.Fatal(err)
	}
}

// shopperRequest makes the host-side payment request a shopper would pay.
func (w *world) shopperRequest(amount string) payments.Request {
	w.h.t.Helper()
	r, err := w.h.pay.CreateRequest(t0ctx, payments.NewRequest{
		OrderID: fmt.Sprintf("ord_%d", emailSeq.Add(1)), ShopperID: w.users["shopper"].ID, BrandID: w.brand, Currency: "USD", Amount: usd(amount),
	})
	if err != nil {
		w.h.t.Fatal(err)
	}
	return r
}

func move(amount string) map[string]string {
	return map[string]string{"id": fmt.Sprintf("move-%08d", emailSeq.Add(1)), "currency": "USD", "amount": amount}
}

func init() {
	brandFinance := map[string]int{"anonymous": 401, "brand_owner": 200, "brand_manager": 200, "brand_agent": 403, "*": 404}
	matrix["wallet-balances"] = matrixCase{
		request: func(w *world, role string) (string, any) { return "/api/v1/wallet/balances", nil },
		want:    map[string]int{"anonymous": 401, "*": 200},
	}
	matrix["wallet-statement"] = matrixCase{
		request: func(w *world, role string) (string, any) { return "/api/v1/wallet/statement?currency=USD", nil },
		want:    map[string]int{"anonymous": 401, "*": 200},
	}
	matrix["wallet-topup"] = matrixCase{
		request: func(w *world, role string) (string, any) { return "/api/v1/wallet/topups", move("10.00") },
		want:    map[string]int{"anonymous": 401, "*": 202},
	}
	matrix["wallet-withdraw"] = matrixCase{
		request: func(w *world, role string) (string, any) {
			if u, ok := w.users[role]; ok {
				w.fund(u.ID, "5.00")
			}
			return "/api/v1/wallet/withdrawals", move("2.50")
		},
		want: map[string]int{"anonymous": 401, "*": 202},
	}
	matrix["get-topup"] = matrixCase{
		request: func(w *world, role string) (string, any) {
			// Everyone asks for the shopper's top-up: only the shopper sees it.
			op, err := w.h.pay.TopUp(t0ctx, w.users["shopper"].ID, fmt.Sprintf("look-%d", emailSeq.Add(1)), "USD", usd("1.00"))
			if err != nil {
				w.h.t.Fatal(err)
			}
			return "/api/v1/wallet/topups/" + op.ID, nil
		},
		want: map[string]int{"anonymous": 401, "shopper": 200, "*": 404},
	}
	matrix["get-payment-request"] = matrixCase{
		request: func(w *world, role string) (string, any) {
			return "/api/v1/payment-requests/" + w.shopperRequest("3.00").ID, nil
		},
		want: map[string]int{"anonymous": 401, "shopper": 200, "*": 404},
	}
	matrix["confirm-payment"] = matrixCase{
		request: func(w *world, role string) (string, any) {
			w.fund(w.users["shopper"].ID, "3.00")
			return "/api/v1/payment-requests/" + w.shopperRequest("3.00").ID + "/confirm", map[string]string{"pin": shopperPIN}
		},
		want: map[string]int{"anonymous": 401, "shopper": 200, "*": 404},
	}
	matrix["cancel-payment"] = matrixCase{
		request: func(w *world, role string) (string, any) {
			return "/api/v1/payment-requests/" + w.shopperRequest("3.00").ID + "/cancel", nil
		},
		want: map[string]int{"anonymous": 401, "shopper": 200, "*": 404},
	}
	matrix["brand-balances"] = matrixCase{
		request: func(w *world, role string) (string, any) { return "/api/v1/orgs/" + w.brand + "/balances", nil },
		want:    brandFinance,
	}
	matrix["brand-statement"] = matrixCase{
		request: func(w *world, role string) (string, any) {
			return "/api/v1/orgs/" + w.brand + "/statement?currency=USD", nil
		},
		want: brandFinance,
	}
	matrix["brand-payout"] = matrixCase{
		// Neither org has money: their owners pass authorization and meet the
		// ledger. The developer asks for its own developer org's payout.
		request: func(w *world, role string) (string, any) {
			if role == "developer" {
				return "/api/v1/orgs/" + w.devOrg + "/payouts", move("5.00")
			}
			return "/api/v1/orgs/" + w.brand + "/payouts", move("5.00")
		},
		want: map[string]int{"anonymous": 401, "brand_owner": 409, "brand_manager": 403, "brand_agent": 403, "developer": 409, "*": 404},
	}
	matrix["admin-ledger-check"] = matrixCase{
		request: func(w *world, role string) (string, any) { return "/api/v1/admin/ledger/check", nil },
		want:    map[string]int{"anonymous": 401, "admin": 200, "*": 403},
	}
	matrix["admin-owner-balances"] = matrixCase{
		request: func(w *world, role string) (string, any) { return "/api/v1/admin/balances?owner_id=platform", nil },
		want:    map[string]int{"anonymous": 401, "admin": 200, "*": 403},
	}
	matrix["admin-get-fee"] = matrixCase{
		request: func(w *world, role string) (string, any) { return "/api/v1/admin/brands/" + w.brand + "/fee", nil },
		want:    map[string]int{"anonymous": 401, "admin": 200, "*": 403},
	}
	matrix["admin-set-fee"] = matrixCase{
		request: func(w *world, role string) (string, any) {
			return "/api/v1/admin/brands/" + w.brand + "/fee", map[string]int{"bps": 300}
		},
		want: map[string]int{"anonymous": 401, "admin": 200, "*": 403},
	}
	matrix["admin-simbank-complete"] = matrixCase{
		request: func(w *world, role string) (string, any) {
			op, err := w.h.pay.TopUp(t0ctx, w.users["shopper"].ID, fmt.Sprintf("bank-%d", emailSeq.Add(1)), "USD", usd("1.00"))
			if err != nil {
				w.h.t.Fatal(err)
			}
			return "/api/v1/admin/simbank/" + op.ID, map[string]bool{"succeeded": true}
		},
		want: map[string]int{"anonymous": 401, "admin": 200, "*": 403},
	}
}
