package web_test

import (
	"strings"
	"testing"
	"time"

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
// who is not its owner gets 403.
func TestPortalRevenueInChromium(t *testing.T) {
	storetest.Pick(t, func(t *testing.T, db *store.DB) {
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
		shots(t, b, "portal-revenue")
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

// rowsOf is the text of a table's body rows, by the table region's label.
func rowsOf(b *webtest.Browser, label string) []string {
	return webtest.Eval[[]string](b, `Array.from(document.querySelectorAll("[aria-label='`+label+`'] tbody tr")).map((r) => r.innerText)`)
}

// waitRows waits (up to 10 s) until a table has n rows.
func waitRows(t *testing.T, b *webtest.Browser, label string, n int) []string {
	t.Helper()
	var rows []string
	for i := 0; i < 100; i++ {
		if rows = rowsOf(b, label); len(rows) == n {
			return rows
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("%q has %d rows, want %d: %q", label, len(rows), n, rows)
	return nil
}

// A developer explores the app's receipts: all of them newest first with
// their figures and the usage charts against the limits; filtered by
// outcome and by installation; a failed event with its log line and its
// stack mapped to main.ts; and the live tail, where a new event's receipt
// appears within a few seconds without a reload. A developer of another
// org gets 404 for the page, the list and a receipt.
func TestPortalReceiptsInChromium(t *testing.T) {
	storetest.Pick(t, func(t *testing.T, db *store.DB) {
		w := startDataServer(t, db, false)
		w.event(t, "ins_north", "home")
		failed := w.event(t, "ins_south", "boom")
		if failed.Outcome != "error" || failed.Error == nil {
			t.Fatalf("the failing event: %+v", failed)
		}
		base := "/portal/" + w.app.OrgID + "/apps/" + w.app.ID + "/receipts"

		b := webtest.New(t, w.base)
		b.SignIn("dev@example.com", password, "/")
		b.Open("/portal/" + w.app.OrgID + "/apps/" + w.app.ID)
		b.Click("link", "Receipts")
		b.WaitPath(base)
		b.Find("heading", "Receipts")
		rows := rowsOf(b, "Receipts, newest first")
		if len(rows) != 2 || !strings.Contains(rows[0], "error\trender\t1.0.0\tins_south") || !strings.Contains(rows[1], "ok\trender\t1.0.0\tins_north") {
			t.Fatalf("receipts:\n%q", rows)
		}
		for _, chart := range []string{"Wall time per event", "CPU time per event", "Memory per event", "Host calls per event"} {
			b.FindContaining("img", chart)
		}
		b.FindContaining("img", "limit 1000 ms")
		b.FindContaining("img", "limit 64 MiB")
		shots(t, b, "portal-receipts")

		b.Select("Outcome", "error")
		b.Submit("Show receipts")
		if rows := waitRows(t, b, "Receipts, newest first", 1); !strings.Contains(rows[0], "ins_south") {
			t.Fatalf("outcome error:\n%q", rows)
		}
		b.Select("Outcome", "")
		b.Fill("Installation", "ins_north")
		b.Submit("Show receipts")
		if rows := waitRows(t, b, "Receipts, newest first", 1); !strings.Contains(rows[0], "ok\trender") {
			t.Fatalf("installation ins_north:\n%q", rows)
		}

		b.Open(base + "?outcome=error")
		b.ClickContaining("link", failed.StartedAt.UTC().Format("2006-01-02 15:04:05"))
		b.WaitPath(base + "/" + failed.ID)
		b.FindContaining("heading", "Receipt")
		html := b.HTML()
		for _, want := range []string{"the teapot cracked on boom", "main.ts:2:", "explode", "rendering boom"} {
			if !strings.Contains(html, want) {
				t.Errorf("the receipt page lacks %q", want)
			}
		}
		shots(t, b, "portal-receipt")

		// The live tail: a new event appears without a reload.
		b.Open(base)
		waitRows(t, b, "Receipts, newest first", 2)
		start := time.Now()
		w.event(t, "ins_live", "live")
		rows = waitRows(t, b, "Receipts, newest first", 3)
		if !strings.Contains(rows[0], "ins_live") {
			t.Fatalf("the new receipt is not first:\n%q", rows)
		}
		if d := time.Since(start); d > 5*time.Second {
			t.Errorf("the live tail took %s", d)
		}

		// Another org's developer.
		(&world{ids: w.ids}).user(t, developer, "other@example.com")
		o := webtest.New(t, w.base)
		o.SignIn("other@example.com", password, "/")
		for _, p := range []string{base, base + "/list", base + "/" + failed.ID} {
			o.Open(p)
			o.Find("heading", "This page does not exist")
		}
	})
}
