package web_test

import (
	"strings"
	"testing"

	"github.com/soukhq/souk/commerce"
	"github.com/soukhq/souk/credit"
	"github.com/soukhq/souk/store"
	"github.com/soukhq/souk/store/storetest"
	"github.com/soukhq/souk/web/webtest"
)

// A manager sets the brand's waiver threshold and marks a SKU as needing a
// deposit in the seller console; the shopper (score 600, below 700) pays an
// order of it and the deposit is held; the shopper pays another order
// later from the credit line, sees the score with its factors and the line
// on the credit page, and repays with the PIN; an agent releases the held
// deposit when the item comes back. axe-core on every page.
func TestCreditPagesInChromium(t *testing.T) {
	storetest.Pick(t, func(t *testing.T, db *store.DB) {
		w := startSellerServer(t, db)

		m := webtest.New(t, w.base)
		m.SignIn("manager@example.com", password, "/")
		m.Open("/seller/" + w.brand.ID + "/deposits")
		m.Find("heading", "Deposits")
		m.Fill("Waiver threshold (credit score)", "700")
		m.Submit("Save threshold")
		m.FindContaining("status", "Saved")
		m.Fill("SKU id", w.sku2.ID)
		m.Fill("Deposit per unit", "3.00")
		m.Submit("Set deposit")
		m.FindContaining("status", "Saved")
		if got := m.CellsAt("main table tbody tr"); !strings.Contains(got, w.sku2.ID) || !strings.Contains(got, "3.00 USD") {
			t.Errorf("deposit SKU row: %q", got)
		}
		m.Axe()

		held := w.paid(t, 1, 1)
		d, err := w.cr.OrderDeposit(ctx, held.ID)
		if err != nil || d.Status != credit.DepositHeld {
			t.Fatalf("deposit: %+v %v", d, err)
		}
		o, err := w.com.CreateOrder(ctx, commerce.NewOrder{ShopperID: w.shopperID, BrandID: w.brand.ID,
			Lines: []commerce.LineInput{{SKUID: w.sku.ID, Qty: 1}}})
		if err != nil {
			t.Fatal(err)
		}
		r, err := w.com.RequestPayment(ctx, o.ID, commerce.Actor{Kind: commerce.ActorShopper, ID: w.shopperID})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.cr.PayLater(ctx, r.ID, w.shopperID, sellerPIN); err != nil {
			t.Fatal(err)
		}

		b := webtest.New(t, w.base)
		b.SignIn("shopper@example.com", password, "/")
		b.Open("/credit")
		b.Find("heading", "Credit")
		if got := textOf(t, b, "[data-testid=credit-score]"); got != "600" {
			t.Errorf("score: %q", got)
		}
		if got := textOf(t, b, "[data-testid=credit-used]"); !strings.Contains(got, "12.34") {
			t.Errorf("used: %q", got)
		}
		if got := textOf(t, b, "[data-testid=factor-completed_orders]"); got != "0" {
			t.Errorf("completed orders factor: %q", got)
		}
		b.Axe()
		b.Fill("Payment PIN", "000000")
		b.Submit("Repay from my wallet")
		b.FindContaining("alert", "Wrong PIN")
		b.Fill("Payment PIN", sellerPIN)
		b.Submit("Repay from my wallet")
		b.FindContaining("status", "Repaid")
		if got := textOf(t, b, "[data-testid=credit-used]"); !strings.Contains(got, "0.00") {
			t.Errorf("used after repaying: %q", got)
		}
		b.Axe()

		a := webtest.New(t, w.base)
		a.SignIn("agent@example.com", password, "/")
		a.Open("/seller/" + w.brand.ID + "/deposits")
		if a.Has("button", "Keep deposit of "+held.ID) {
			t.Error("an agent is offered to capture a deposit")
		}
		a.Submit("Release deposit of " + held.ID)
		a.FindContaining("status", "released")
		if d, _ = w.cr.OrderDeposit(ctx, held.ID); d.Status != credit.DepositReleased {
			t.Errorf("after release: %+v", d)
		}
		a.Axe()
		rep, err := w.pay.LedgerCheck(ctx)
		if err != nil || !rep.OK {
			t.Fatalf("ledger check: %+v %v", rep, err)
		}
	})
}
