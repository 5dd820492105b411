package api_test

import (
	"strconv"

	"github.com/soukhq/souk/invoice"
)

// E-invoice fixtures for the authorization matrix, made through the
// service: an invoice of the shopper's completed order.

func (w *world) invoice() invoice.Invoice {
	w.h.t.Helper()
	o := w.completedOrder("shopper")
	in, err := w.h.inv.Issue(t0ctx, o.ShopperID, o.ID, invoice.Buyer{Name: "Globex"})
	if err != nil {
		w.h.t.Fatal(err)
	}
	return in
}

func (w *world) invoiceShare() string {
	w.h.t.Helper()
	in := w.invoice()
	tok, err := w.h.inv.ShareInvoice(t0ctx, in.ShopperID, in.ID)
	if err != nil {
		w.h.t.Fatal(err)
	}
	return tok
}

func init() {
	manage := map[string]int{"anonymous": 401, "brand_owner": 200, "brand_manager": 200, "brand_agent": 403, "*": 404}
	staff := map[string]int{"anonymous": 401, "brand_owner": 200, "brand_manager": 200, "brand_agent": 200, "*": 404}
	mine := func(status int) map[string]int { return map[string]int{"anonymous": 401, "shopper": status, "*": 404} }
	org := func(w *world, rest string) string { return "/api/v1/orgs/" + w.brand + rest }

	// Every signed-in user may ask for the invoice of their own completed order.
	matrix["create-invoice"] = matrixCase{
		request: func(w *world, role string) (string, any) {
			o := w.completedOrder(role)
			return "/api/v1/orders/" + o.ID + "/invoice", map[string]string{"buyer_name": "Globex"}
		},
		want: map[string]int{"anonymous": 401, "*": 201},
	}
	matrix["list-my-invoices"] = matrixCase{
		request: func(w *world, role string) (string, any) { return "/api/v1/me/invoices", nil },
		want:    map[string]int{"anonymous": 401, "*": 200},
	}
	// Only the shopper's own invoice; anyone else's is not found.
	matrix["get-my-invoice-file"] = matrixCase{
		request: func(w *world, role string) (string, any) {
			return "/api/v1/me/invoices/" + w.invoice().ID + "/file", nil
		},
		want: mine(200),
	}
	matrix["share-invoice"] = matrixCase{
		request: func(w *world, role string) (string, any) {
			return "/api/v1/me/invoices/" + w.invoice().ID + "/shares", nil
		},
		want: mine(201),
	}
	matrix["get-invoice-settings"] = matrixCase{
		request: func(w *world, role string) (string, any) { return org(w, "/invoice-settings"), nil },
		want:    manage,
	}
	matrix["set-invoice-settings"] = matrixCase{
		request: func(w *world, role string) (string, any) {
			return org(w, "/invoice-settings"), map[string]any{"seller_name": "Acme Ltd", "tax_id": "GB1", "tax_label": "VAT", "default_rate_bps": 2000, "product_rates": map[string]int{}}
		},
		want: manage,
	}
	matrix["list-brand-invoices"] = matrixCase{
		request: func(w *world, role string) (string, any) { return org(w, "/invoices"), nil },
		want:    staff,
	}
	matrix["void-invoice"] = matrixCase{
		request: func(w *world, role string) (string, any) {
			return org(w, "/invoices/"+w.invoice().ID+"/void"), map[string]string{"reason": "wrong buyer"}
		},
		want: manage,
	}
	// What a verifier needs is public.
	public := map[string]int{"*": 200}
	matrix["get-invoice-keys"] = matrixCase{
		request: func(w *world, role string) (string, any) { w.invoice(); return "/api/v1/invoice-chain/keys", nil },
		want:    public,
	}
	matrix["get-invoice-checkpoint"] = matrixCase{
		request: func(w *world, role string) (string, any) { w.invoice(); return "/api/v1/invoice-chain/checkpoint", nil },
		want:    public,
	}
	matrix["list-invoice-chain"] = matrixCase{
		request: func(w *world, role string) (string, any) {
			return "/api/v1/invoice-chain/entries?from=1&to=" + strconv.FormatInt(w.invoice().ChainSeq, 10), nil
		},
		want: public,
	}
	matrix["get-invoice-status"] = matrixCase{
		request: func(w *world, role string) (string, any) {
			return "/api/v1/invoices/" + w.invoice().ID + "/status", nil
		},
		want: public,
	}
	// A share link's holder reads and claims (a fresh link per call).
	matrix["get-shared-invoice"] = matrixCase{
		request: func(w *world, role string) (string, any) { return "/api/v1/invoice-shares/" + w.invoiceShare(), nil },
		want:    public,
	}
	matrix["claim-shared-invoice"] = matrixCase{
		request: func(w *world, role string) (string, any) {
			return "/api/v1/invoice-shares/" + w.invoiceShare() + "/claim", map[string]string{"claimant": "Initech #1"}
		},
		want: public,
	}
}
