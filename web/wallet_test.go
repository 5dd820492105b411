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

// fastForward runs the jobs due after d (expiry timers), as the payments
// tests do.
func (w *world) fastForward(t *testing.T, d time.Duration) int {
	t.Helper()
	n, err := w.jobs.RunDue(ctx, time.Now().Add(d))
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// lastFunding is the newest top-up or withdrawal of a user.
func (w *world) lastFunding(t *testing.T, u identity.User) payments.FundingOp {
	t.Helper()
	ops, err := w.pay.FundingOps(ctx, u.ID, "", 1)
	if err != nil || len(ops) != 1 {
		t.Fatalf("funding ops: %v %v", ops, err)
	}
	return ops[0]
}

// usd formats minor units as the pages do.
func usd(cents int64) string {
	return money.Format(money.MustLookup("USD"), money.Amount(cents)) + " USD"
}

// checkWalletPage opens the wallet and checks that it shows the ledger's
// available and posted balances.
func (w *world) checkWalletPage(t *testing.T, b *webtest.Browser, u identity.User) {
	t.Helper()
	b.Open("/wallet")
	bal, err := w.pay.WalletBalance(ctx, u.ID, "USD")
	if err != nil {
		t.Fatal(err)
	}
	avail := webtest.Eval[string](b, `document.querySelector("[data-testid=available-USD]").innerText`)
	posted := webtest.Eval[string](b, `document.querySelector("[data-testid=posted-USD]").innerText`)
	if avail != usd(bal.Available) || posted != usd(bal.Posted) {
		t.Fatalf("the wallet page shows available %q and balance %q; the ledger has %s and %s", avail, posted, usd(bal.Available), usd(bal.Posted))
	}
}

// Top-up and withdrawal in the browser, against the simulated bank: Ada
// tops up on the host's page (anti-phishing phrase, a wrong PIN counts
// down), waits while the bank decides (the page updates by itself), and
// sees a refused top-up explained; a withdrawal reserves its amount, comes
// back when the bank refuses it or when the bank never answers and the
// funding timeout expires it, and leaves when the bank confirms. Too large a
// withdrawal is refused on the page. The wallet lists every operation with
// its state and her payment history, and its balances equal the ledger's;
// another shopper cannot open her operations.
func TestWalletTopUpAndWithdrawalInChromium(t *testing.T) {
	storetest.Pick(t, func(t *testing.T, db *store.DB) {
		w := startServer(t, db)
		ada := w.user(t, shopper, "ada@example.com")
		w.user(t, shopper, "bob@example.com")
		if err := w.pay.SetPIN(ctx, ada.ID, moneyPIN); err != nil {
			t.Fatal(err)
		}
		if err := w.ids.SetAntiPhishingPhrase(ctx, ada.ID, "blue heron 蓝鹭"); err != nil {
			t.Fatal(err)
		}
		a := webtest.New(t, w.base)
		a.SignIn("ada@example.com", password, "/chats")
		a.Open("/wallet")
		a.Find("heading", "Wallet")
		a.Axe()

		// Top-up: a wrong PIN, then the right one; pending until the bank says yes.
		a.Click("link", "Top up")
		a.Find("heading", "Top up")
		if !strings.Contains(a.HTML(), "blue heron 蓝鹭") {
			t.Fatal("the top-up page does not show the anti-phishing phrase")
		}
		a.Fill("Amount", "50.00")
		a.Fill("Payment PIN", "111111")
		a.Submit("Top up now")
		waitRole(t, a, "alert", "4 attempts left")
		shots(t, a, "wallet-topup")
		a.Fill("Amount", "50.00")
		a.Fill("Payment PIN", moneyPIN)
		a.Submit("Top up now")
		waitRole(t, a, "status", "Waiting for your bank")
		op := w.lastFunding(t, ada)
		if op.Kind != payments.FundingTopUp || op.Status != payments.FundingPending || op.Amount != 50_00 || !strings.HasSuffix(a.Path(), op.ID) {
			t.Fatalf("after the top-up form: %+v at %s", op, a.Path())
		}
		a.Axe()
		if got := w.available(t, ada); got != 0 {
			t.Fatalf("a pending top-up credited %d", got)
		}
		if _, err := w.bank.Complete(ctx, op.ID, true); err != nil {
			t.Fatal(err)
		}
		waitRole(t, a, "status", "The top-up arrived in your wallet.")
		if got := webtest.Eval[string](a, `document.querySelector("[data-testid=funding-available]").innerText`); got != usd(50_00) {
			t.Fatalf("the top-up page shows %q available", got)
		}

		// A top-up the bank refuses.
		a.Open("/wallet/topup")
		a.Fill("Amount", "7.00")
		a.Fill("Payment PIN", moneyPIN)
		a.Submit("Top up now")
		waitRole(t, a, "status", "Waiting for your bank")
		if _, err := w.bank.Complete(ctx, w.lastFunding(t, ada).ID, false); err != nil {
			t.Fatal(err)
		}
		waitRole(t, a, "alert", "The bank refused the top-up.")

		// A withdrawal reserves its amount; the bank refuses, it comes back.
		a.Open("/wallet")
		a.Click("link", "Withdraw")
		a.Find("heading", "Withdraw to your bank")
		a.Fill("Amount", "20.00")
		a.Fill("Payment PIN", moneyPIN)
		a.Submit("Withdraw now")
		waitRole(t, a, "status", "The amount is reserved")
		if got := w.available(t, ada); got != 30_00 {
			t.Fatalf("available during a pending withdrawal: %s", usd(got))
		}
		w.checkWalletPage(t, a, ada)
		if !strings.Contains(webtest.Eval[string](a, `document.querySelector("main").innerText`), "Reserved") {
			t.Error("the wallet does not show the reserved amount")
		}
		if _, err := w.bank.Complete(ctx, w.lastFunding(t, ada).ID, false); err != nil {
			t.Fatal(err)
		}
		a.Open("/wallet/funding/" + w.lastFunding(t, ada).ID)
		waitRole(t, a, "alert", "The reserved amount is back in your wallet.")
		if got := w.available(t, ada); got != 50_00 {
			t.Fatalf("available after a refused withdrawal: %s", usd(got))
		}

		// The bank never answers: the funding timeout expires it.
		a.Open("/wallet/withdraw")
		a.Fill("Amount", "10.00")
		a.Fill("Payment PIN", moneyPIN)
		a.Submit("Withdraw now")
		waitRole(t, a, "status", "Waiting for your bank")
		if n := w.fastForward(t, payments.DefaultFundingTimeout+time.Minute); n < 1 {
			t.Fatal("no expiry job ran")
		}
		waitRole(t, a, "alert", "The bank did not answer in time")
		if got := w.available(t, ada); got != 50_00 {
			t.Fatalf("available after an expired withdrawal: %s", usd(got))
		}

		// Too much: refused on the page, nothing reserved.
		a.Open("/wallet/withdraw")
		a.Fill("Amount", "1000")
		a.Fill("Payment PIN", moneyPIN)
		a.Submit("Withdraw now")
		waitRole(t, a, "alert", "Your available balance is lower than this amount.")

		// A withdrawal the bank confirms.
		a.Fill("Amount", "5.00")
		a.Fill("Payment PIN", moneyPIN)
		a.Submit("Withdraw now")
		waitRole(t, a, "status", "Waiting for your bank")
		last := w.lastFunding(t, ada)
		if _, err := w.bank.Complete(ctx, last.ID, true); err != nil {
			t.Fatal(err)
		}
		waitRole(t, a, "status", "The money was sent to your bank.")

		// A payment, for the history.
		req, err := w.pay.CreateRequest(ctx, payments.NewRequest{OrderID: "ord_tea", ShopperID: ada.ID, BrandID: "org_brand", Currency: "USD", Amount: 4_55})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.pay.Confirm(ctx, req.ID, ada.ID, moneyPIN, nil); err != nil {
			t.Fatal(err)
		}

		w.checkWalletPage(t, a, ada)
		if got := w.available(t, ada); got != 50_00-5_00-4_55 {
			t.Fatalf("available at the end: %s", usd(got))
		}
		funding := webtest.Eval[string](a, `document.querySelector("[aria-label='Top-ups and withdrawals'] tbody").innerText`)
		for _, want := range []string{"Top-up\t50.00 USD\tDone", "Top-up\t7.00 USD\tRefused by the bank", "Withdrawal\t20.00 USD\tRefused by the bank",
			"Withdrawal\t10.00 USD\tExpired", "Withdrawal\t5.00 USD\tDone"} {
			if !strings.Contains(funding, want) {
				t.Errorf("the funding history lacks %q:\n%s", want, funding)
			}
		}
		history := webtest.Eval[string](a, `document.querySelector("[aria-label='Payments'] tbody").innerText`)
		if !strings.Contains(history, "ord_tea\t4.55 USD\tPaid") {
			t.Errorf("the payment history:\n%s", history)
		}
		shots(t, a, "wallet-history")

		// Someone else's operation does not exist for Bob.
		b := webtest.New(t, w.base)
		b.SignIn("bob@example.com", password, "/chats")
		b.Open("/wallet/funding/" + last.ID)
		b.Find("heading", "This page does not exist")
	})
}
