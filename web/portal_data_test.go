package web_test

import (
	"strings"
	"testing"

	"github.com/soukhq/souk/identity"
	"github.com/soukhq/souk/payments"
	"github.com/soukhq/souk/payments/money"
	"github.com/soukhq/souk/store"
	"github.com/soukhq/souk/store/storetest"
	"github.com/soukhq/souk/web/webtest"
)

// settleThroughApp has a shopper pay amount to a brand for an order placed
// through the ops world's app, and settles it: the app's developer org earns
// its share (1000 bps).
func (w *opsWorld) settleThroughApp(t *testing.T, order string, amount money.Amount) {
	t.Helper()
	u := w.user(t, shopper, order+"@example.com")
	if err := w.pay.SetPIN(ctx, u.ID, "482915"); err != nil {
		t.Fatal(err)
	}
	top := w.topUp(t, u.ID, "fund-"+order, money.Format(money.MustLookup("USD"), amount))
	if _, err := w.bank.Complete(ctx, top.ID, true); err != nil {
		t.Fatal(err)
	}
	r, err := w.pay.CreateRequest(ctx, payments.NewRequest{OrderID: order, ShopperID: u.ID, BrandID: "org_brand", AppID: w.app.ID,
		DeveloperID: w.app.OrgID, DeveloperShareBps: 1000, Currency: "USD", Amount: amount})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.pay.Confirm(ctx, r.ID, u.ID, "482915", nil); err != nil {
		t.Fatal(err)
	}
	if _, err := w.pay.Settle(ctx, r.ID); err != nil {
		t.Fatal(err)
	}
}

// The developer org's owner opens the revenue page: the share two settled
// orders earned it, charted per day and in the statement; a payout above
// the share is refused and explained and moves nothing; one within it is
// requested, the simulated bank pays it, and the history says so. The
// ledger check and the order reconciliation hold. A developer of the org
// who is not its owner gets 403. Both backends.
func TestPortalRevenueInChromium(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		w := startOpsServer(t, db)
		w.settleThroughApp(t, "ord_tea_1", 120_00)
		w.settleThroughApp(t, "ord_tea_2", 30_00)
		rev := "/portal/" + w.app.OrgID + "/revenue"

		b := webtest.New(t, w.base)
		b.SignIn("dev@example.com", password, "/")
		b.Open("/portal/" + w.app.OrgID)
		b.Click("link", "Revenue and payouts")
		b.WaitPath(rev)
		b.Find("heading", "Revenue and payouts")
		balances := webtest.Eval[string](b, `document.querySelector("[aria-label='Revenue share'] tbody").innerText`)
		if !strings.Contains(balances, "USD\t15.00\t0.00\t15.00") {
			t.Errorf("balances:\n%s", balances)
		}
		b.FindContaining("img", "Share earned per day: 15.00 USD in the last 30 days")
		statement := webtest.Eval[string](b, `document.querySelector("[aria-label='Statement in USD'] tbody").innerText`)
		if strings.Count(statement, "Revenue share of an order") != 2 || !strings.Contains(statement, "ord_tea_2") {
			t.Errorf("statement:\n%s", statement)
		}
		b.Axe()

		b.Fill("Amount to pay out (USD)", "15.01")
		b.Submit("Request payout")
		if got := b.Text("alert", ""); !strings.Contains(got, "insufficient") && !strings.Contains(got, "not enough") {
			t.Errorf("a payout above the share: alert %q", got)
		}
		if ops, _ := w.pay.FundingOps(ctx, w.app.OrgID, payments.FundingPayout, 0); len(ops) != 0 {
			t.Fatalf("a refused payout was recorded: %+v", ops)
		}
		b.Fill("Amount to pay out (USD)", "12.50")
		b.Submit("Request payout")
		waitRole(t, b, "status", "Payout of 12.50 USD requested (pending).")
		ops, err := w.pay.FundingOps(ctx, w.app.OrgID, payments.FundingPayout, 0)
		if err != nil || len(ops) != 1 || ops[0].AccountID != payments.DeveloperAccount(w.app.OrgID, "USD") {
			t.Fatalf("payouts: %+v, %v", ops, err)
		}
		if _, err := w.bank.Complete(ctx, ops[0].ID, true); err != nil {
			t.Fatal(err)
		}
		b.Open(rev)
		history := webtest.Eval[string](b, `document.querySelector("[aria-label='Payout history'] tbody").innerText`)
		if !strings.Contains(history, "12.50 USD\tPaid out") {
			t.Errorf("payout history:\n%s", history)
		}
		balances = webtest.Eval[string](b, `document.querySelector("[aria-label='Revenue share'] tbody").innerText`)
		if !strings.Contains(balances, "USD\t2.50\t0.00\t2.50") {
			t.Errorf("balances after the payout:\n%s", balances)
		}
		b.Axe()
		if bal, err := w.pay.DeveloperBalance(ctx, w.app.OrgID, "USD"); err != nil || bal.Posted != 2_50 {
			t.Fatalf("developer balance %+v, %v", bal, err)
		}
		if rep, err := w.pay.LedgerCheck(ctx); err != nil || !rep.OK {
			t.Fatalf("ledger check: %+v, %v", rep, err)
		}
		if rec, err := w.pay.Reconcile(ctx, nil); err != nil || !rec.OK {
			t.Fatalf("reconciliation: %+v, %v", rec, err)
		}

		// A developer who is not the owner: no link, and 403.
		w.user(t, shopper, "second@example.com")
		if _, err := w.ids.AddMember(ctx, w.dev.ID, w.app.OrgID, "second@example.com", identity.MemberDeveloper); err != nil {
			t.Fatal(err)
		}
		o := webtest.New(t, w.base)
		o.SignIn("second@example.com", password, "/")
		o.Open("/portal/" + w.app.OrgID)
		if o.Has("link", "Revenue and payouts") {
			t.Error("a developer sees the revenue link")
		}
		o.Open(rev)
		o.Find("heading", forbidden)
	})
}
