package api_test

import (
	"fmt"

	"github.com/soukhq/souk/payments"
)

// Fixtures for FX (issue 18).

func (w *world) fxRate() {
	w.h.t.Helper()
	if _, err := w.h.pay.RecordRates(t0ctx, "operator:test", []payments.RateInput{{Base: "USD", Quote: "JPY", Rate: "150"}}); err != nil {
		w.h.t.Fatal(err)
	}
}

// fxQuote is a wallet quote of the shopper's: 1.00 USD into JPY.
func (w *world) fxQuote() payments.Quote {
	w.h.t.Helper()
	w.fxRate()
	q, err := w.h.pay.NewQuote(t0ctx, payments.QuoteRequest{UserID: w.users["shopper"].ID, From: "USD", To: "JPY", Sell: 100})
	if err != nil {
		w.h.t.Fatal(err)
	}
	return q
}

// jpyRequest is an unpaid 300 JPY payment request of the shopper's.
func (w *world) jpyRequest() payments.Request {
	w.h.t.Helper()
	r, err := w.h.pay.CreateRequest(t0ctx, payments.NewRequest{OrderID: fmt.Sprintf("ord_%d", emailSeq.Add(1)),
		ShopperID: w.users["shopper"].ID, BrandID: w.brand, Currency: "JPY", Amount: 300})
	if err != nil {
		w.h.t.Fatal(err)
	}
	return r
}

func init() {
	users := map[string]int{"anonymous": 401, "*": 200}
	onlyShopper := map[string]int{"anonymous": 401, "shopper": 200, "*": 404}
	admin := map[string]int{"anonymous": 401, "admin": 200, "*": 403}
	matrix["list-fx-rates"] = matrixCase{
		request: func(w *world, role string) (string, any) { w.fxRate(); return "/api/v1/fx/rates", nil },
		want:    users,
	}
	matrix["admin-record-fx-rate"] = matrixCase{
		request: func(w *world, role string) (string, any) {
			return "/api/v1/admin/fx/rates", map[string]string{"base": "USD", "quote": "JPY", "rate": "150.5"}
		},
		want: map[string]int{"anonymous": 401, "admin": 201, "*": 403},
	}
	matrix["admin-fx-positions"] = matrixCase{
		request: func(w *world, role string) (string, any) { return "/api/v1/admin/fx/positions", nil },
		want:    admin,
	}
	matrix["create-fx-quote"] = matrixCase{
		request: func(w *world, role string) (string, any) {
			w.fxRate()
			return "/api/v1/fx/quotes", map[string]string{"from": "USD", "to": "JPY", "buy_amount": "500"}
		},
		want: map[string]int{"anonymous": 401, "*": 201},
	}
	matrix["get-fx-quote"] = matrixCase{
		request: func(w *world, role string) (string, any) { return "/api/v1/fx/quotes/" + w.fxQuote().ID, nil },
		want:    onlyShopper,
	}
	matrix["create-fx-conversion"] = matrixCase{
		request: func(w *world, role string) (string, any) {
			w.fund(w.users["shopper"].ID, "1.00")
			return "/api/v1/fx/conversions", map[string]string{"quote_id": w.fxQuote().ID}
		},
		want: map[string]int{"anonymous": 401, "shopper": 201, "*": 404},
	}
	matrix["get-fx-conversion"] = matrixCase{
		request: func(w *world, role string) (string, any) {
			w.fund(w.users["shopper"].ID, "1.00")
			c, err := w.h.pay.Convert(t0ctx, w.users["shopper"].ID, w.fxQuote().ID)
			if err != nil {
				w.h.t.Fatal(err)
			}
			return "/api/v1/fx/conversions/" + c.ID, nil
		},
		want: onlyShopper,
	}
	matrix["list-fx-conversions"] = matrixCase{
		request: func(w *world, role string) (string, any) { return "/api/v1/fx/conversions", nil },
		want:    users,
	}
}
