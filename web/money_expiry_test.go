package web_test

import (
	"testing"
	"time"

	"github.com/soukhq/souk/payments"
	"github.com/soukhq/souk/store"
	"github.com/soukhq/souk/store/storetest"
	"github.com/soukhq/souk/web/webtest"
)

// A transfer Bob never accepts goes back to Ada when it expires: the expiry
// job runs (fast-forwarded past the 24 h deadline), and without a reload
// Ada's open conversation says the money went back and the transfer shows
// it expired, while Bob's no longer offers to accept it. Ada's wallet page
// shows the ledger's balances, her money whole again.
func TestTransferReturnsAfterExpiryInChromium(t *testing.T) {
	storetest.Pick(t, func(t *testing.T, db *store.DB) {
		w := startServer(t, db)
		ada := w.user(t, shopper, "ada@example.com")
		bob := w.user(t, shopper, "bob@example.com")
		if err := w.ids.SetDisplayName(ctx, bob.ID, "Bob"); err != nil {
			t.Fatal(err)
		}
		w.funded(t, ada, 100_00)
		dm, err := w.chat.CreateDirect(ctx, ada.ID, bob.ID)
		if err != nil {
			t.Fatal(err)
		}
		a, b := webtest.New(t, w.base), webtest.New(t, w.base)
		a.SignIn("ada@example.com", password, "/chats")
		b.SignIn("bob@example.com", password, "/chats")
		a.Open("/chats/" + dm.ID)
		a.Click("link", "Send money")
		a.Fill("Amount", "12.50")
		a.Fill("Payment PIN", moneyPIN)
		a.Submit("Send")
		a.WaitPath("/chats/" + dm.ID)
		waitTextIn(t, a, "You sent 12.50 USD")
		waitTextIn(t, a, "Waiting to be accepted")
		b.Open("/chats/" + dm.ID)
		waitTextIn(t, b, "12.50 USD for you")
		b.Find("button", "Accept")
		if got := w.available(t, ada); got != 100_00-12_50 {
			t.Fatalf("Ada's wallet while the transfer waits: %s", usd(got))
		}

		// A minute before the deadline nothing happens; after it, the job returns the money.
		if n := w.fastForward(t, 24*time.Hour-time.Minute); n != 0 {
			t.Fatalf("%d jobs ran before the deadline", n)
		}
		if n := w.fastForward(t, 24*time.Hour+time.Minute); n != 1 {
			t.Fatalf("%d jobs ran at the deadline, want 1", n)
		}
		tr, err := w.pay.Transfers(ctx, ada.ID, 1)
		if err != nil || len(tr) != 1 || tr[0].Status != payments.TransferExpired {
			t.Fatalf("the transfer after its deadline: %+v %v", tr, err)
		}
		waitText(t, a, "The transfer expired; the money went back.")
		waitTextIn(t, a, "Expired; the money went back")
		waitText(t, b, "The transfer expired; the money went back.")
		waitJS(t, b, `!Array.from(document.querySelectorAll("button")).some((e) => e.innerText === "Accept")`, "Bob's Accept button going away")
		shots(t, a, "transfer-expired")

		if got := w.available(t, ada); got != 100_00 {
			t.Fatalf("Ada's wallet after the expiry: %s", usd(got))
		}
		if got := w.available(t, bob); got != 0 {
			t.Fatalf("Bob's wallet after the expiry: %s", usd(got))
		}
		w.checkWalletPage(t, a, ada)
	})
}
