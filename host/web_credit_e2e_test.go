package host_test

import (
	"strings"
	"testing"
	"time"

	"github.com/soukhq/souk/credit"
	"github.com/soukhq/souk/store"
	"github.com/soukhq/souk/store/storetest"
	"github.com/soukhq/souk/web/webtest"
)

// Pay later on the host's payment sheet, with the PIN: the order is paid
// from the credit line and the wallet is untouched; at the due date the
// unpaid draw turns overdue, a reminder card arrives in the shopper's chat
// with the brand's app and the score drops; the ledger check and the order
// reconciliation pass throughout.
func TestPayLaterOnThePaymentSheetInChromium(t *testing.T) {
	v1, v2 := buildShop(t, "1.0.0"), buildShop(t, "1.0.1")
	storetest.Pick(t, func(t *testing.T, db *store.DB) {
		n, f := shopWorld(t, db, v1, v2)
		f.ann, f.bob = n.signup("ann"), n.signup("bob")
		f.topUp(t)
		check := func(when string) {
			t.Helper()
			rep, err := n.h.Payments.LedgerCheck(bg)
			if err != nil || !rep.OK {
				t.Fatalf("%s: ledger check %+v %v", when, rep, err)
			}
			rec, err := n.h.Commerce.ReconcileOrders(bg)
			if err != nil || !rec.OK {
				t.Fatalf("%s: reconciliation %+v %v", when, rec, err)
			}
		}

		b := webtest.New(t, n.base)
		b.SignIn(f.ann.email, password, "/chats")
		b.Open("/a/" + f.installation + "/home")
		b.ClickContaining("button", "Green tea")
		b.FindContaining("button", "Add to cart")
		b.Click("button", "Add to cart")
		for deadline := time.Now().Add(webtest.Wait); !strings.Contains(b.HTML(), "to your cart."); {
			if time.Now().After(deadline) {
				t.Fatal("adding to the cart showed no confirmation")
			}
			time.Sleep(50 * time.Millisecond)
		}
		b.FindContaining("button", "Cart")
		b.Click("button", "Cart")
		b.ClickUntil("button", "Check out", "Pay 4.55 USD")
		b.ClickContaining("button", "Pay 4.55 USD")
		b.Find("dialog", "Pay Acme Tea")
		b.FindContaining("button", "Pay later (50.00 USD available)")
		b.Axe()
		b.Fill("Payment PIN", pin)
		b.ClickContaining("button", "Pay later")
		b.FindContaining("status", "Paid")
		if got := f.wallet(f.ann); got != topUpCents {
			t.Fatalf("the wallet paid: %d", got)
		}
		ln, err := n.h.Credit.Line(bg, f.ann.user, "USD")
		if err != nil || ln.Used != 455 || len(ln.Draws) != 1 {
			t.Fatalf("line after paying later: %+v %v", ln, err)
		}
		check("paid later")

		// 31 days on: overdue, reminded in chat, a lower score.
		n.runJobs(31 * 24 * time.Hour)
		n.eventually("the draw is overdue", func() bool {
			ln, err = n.h.Credit.Line(bg, f.ann.user, "USD")
			return err == nil && ln.Draws[0].Status == credit.DrawOverdue
		})
		if ln.Score.Score >= 600 || ln.Limit != 0 {
			t.Fatalf("score and limit when overdue: %d %d", ln.Score.Score, ln.Limit)
		}
		b.Open("/chats")
		b.ClickContaining("link", "Acme Tea")
		b.Find("heading", "Acme Tea")
		for deadline := time.Now().Add(webtest.Wait); !strings.Contains(b.HTML(), "4.55 USD was due"); {
			if time.Now().After(deadline) {
				t.Fatal("no overdue reminder in the chat with the brand")
			}
			time.Sleep(100 * time.Millisecond)
		}
		b.Open("/credit")
		if got := b.HTML(); !strings.Contains(got, "data-testid=\"credit-overdue\"") {
			t.Errorf("credit page when overdue: %.300q", got)
		}
		b.Axe()
		check("overdue")
	})
}
