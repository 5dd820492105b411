package api_test

import (
	"github.com/soukhq/souk/payments/money"
)

// The Stripe routes in the authorization matrix (the harness's Stripe
// source talks to stripe-mock).
func init() {
	matrix["stripe-webhook"] = matrixCase{
		// Public; an unsigned event is refused for everyone alike.
		request: func(w *world, role string) (string, any) {
			return "/api/v1/stripe/webhook", map[string]any{"id": "evt_1", "type": "payment_intent.succeeded"}
		},
		want: map[string]int{"*": 400},
	}
	matrix["my-stripe-onboarding"] = matrixCase{
		request: func(w *world, role string) (string, any) {
			return "/api/v1/me/stripe-onboarding", map[string]string{"return_url": "https://souk.example/wallet"}
		},
		want: map[string]int{"anonymous": 401, "*": 200},
	}
	matrix["org-stripe-onboarding"] = matrixCase{
		request: func(w *world, role string) (string, any) {
			return "/api/v1/orgs/" + w.brand + "/stripe-onboarding", map[string]string{"return_url": "https://souk.example/seller"}
		},
		want: map[string]int{"anonymous": 401, "brand_owner": 200, "brand_manager": 403, "brand_agent": 403, "*": 404},
	}
	// The shopper's own top-up (a simulated-bank one here, so it has no
	// client secret: 409); anyone else's is not found.
	matrix["topup-client-secret"] = matrixCase{
		request: func(w *world, role string) (string, any) {
			op, err := w.h.pay.TopUp(t0ctx, w.users["shopper"].ID, "ts-"+role, "USD", money.Amount(100))
			if err != nil {
				w.h.t.Fatal(err)
			}
			return "/api/v1/wallet/topups/" + op.ID + "/stripe", nil
		},
		want: map[string]int{"anonymous": 401, "shopper": 409, "*": 404},
	}
}
