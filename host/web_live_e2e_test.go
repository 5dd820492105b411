package host_test

import (
	"strings"
	"testing"

	"github.com/soukhq/souk/commerce"
	"github.com/soukhq/souk/store"
	"github.com/soukhq/souk/store/storetest"
	"github.com/soukhq/souk/web/webtest"
)

// Issue 17 part 5 in Chromium: the brand opens a live room in the seller
// console, pins the small green tea at a flash price with a flash stock and
// makes the room's short link; the shopper opens the link, lands in the
// room, sees the pinned tea at the flash price, sends a message, taps Buy
// and pays on the host's sheet with the PIN (a live order has no app: the
// host-level /pay/r/{req}); the order is paid at the flash price, the
// room's stock falls over the socket, and the moderator sees the message.
// axe-core runs on every page; the ledger check and reconciliation pass.
func TestShopperBuysFromALiveRoomInChromium(t *testing.T) {
	v1 := buildShop(t, "1.0.0")
	storetest.Pick(t, func(t *testing.T, db *store.DB) {
		n, f := shopWorld(t, db, v1, nil)

		cora := f.payingShopper("cora", 2000)

		// The brand opens the room, pins the tea and makes the link.
		s := webtest.New(t, n.base)
		s.SignIn(f.brand.email, password, "/")
		s.Open("/seller/" + f.brandOrg + "/live")
		s.Find("heading", "Live")
		s.Axe()
		s.Fill("Title", "Tea tasting")
		s.Fill("Stream URL (http or https)", n.base+"/stream/tea.mp4")
		s.Submit("Open a live room")
		waitRoleText(t, s, "status", "The live room Tea tasting is open")
		room := webtest.Eval[string](s, `document.querySelector("[data-testid=live-room]").dataset.roomId`)
		s.Select("Product", f.teaS.ID)
		s.Fill("Flash price", "3.00")
		s.Fill("Flash stock", "5")
		s.Submit("Pin")
		waitRoleText(t, s, "status", "The product is pinned")
		s.Submit("Make a short link and QR code")
		waitJS(t, s, "the room's link", `!!document.querySelector("[data-testid=live-link]")`)
		link := webtest.Eval[string](s, `document.querySelector("[data-testid=live-link]").getAttribute("href")`)
		if page := webtest.Eval[string](s, `document.querySelector("main").innerText`); !strings.Contains(page, "3.00 USD") || !strings.Contains(page, "0 / 5") {
			t.Fatalf("the console's live page:\n%s", page)
		}
		s.Axe()

		// The shopper opens the link, watches, writes and buys.
		c := webtest.New(t, n.base)
		c.SignIn(cora.email, password, "/chats")
		c.Open(link)
		c.WaitPath("/live/" + room)
		c.Find("heading", "Tea tasting")
		waitJS(t, c, "the socket", `document.body.dataset.chatState === "live"`)
		if page := webtest.Eval[string](c, `document.querySelector("main").innerText`); !strings.Contains(page, "3.00 USD") || !strings.Contains(page, "5 left") {
			t.Fatalf("the live room:\n%s", page)
		}
		c.Axe()
		c.Fill("Your message", "Is it smoky?")
		c.Click("button", "Send")
		waitJS(t, c, "the message", `Array.from(document.querySelectorAll("[data-testid=live-message]")).some((e) => e.innerText === "Is it smoky?")`)
		c.Click("button", "Buy Green tea")
		c.Find("dialog", "Pay Acme Tea")
		if total := c.Text("dialog", "Pay Acme Tea"); !strings.Contains(total, "3.00 USD") {
			t.Fatalf("the sheet: %q", total)
		}
		c.Axe()
		c.Fill("Payment PIN", pin)
		c.Click("button", "Pay now")
		waitRoleText(t, c, "status", "Paid")
		// The buy took one of the flash stock: the room's pins frame says so.
		waitJS(t, c, "the live stock", `(document.querySelector("[data-testid=live-pin-stock]")||{}).innerText === "4 left"`)

		orders, err := n.h.Commerce.Orders(bg, commerce.OrderFilter{ShopperID: cora.user, Limit: 10})
		if err != nil || len(orders) != 1 || orders[0].Total != 300 {
			t.Fatalf("cora's order: %+v %v", orders, err)
		}
		n.eventually("the order is paid", func() bool {
			o, err := n.h.Commerce.ShopperOrder(bg, cora.user, orders[0].ID)
			return err == nil && o.State == commerce.StatePaid
		})
		req, err := n.h.Payments.RequestForOrder(bg, orders[0].ID)
		if err != nil {
			t.Fatal(err)
		}
		// The host-level sheet as a page of its own, after paying.
		c.Open("/pay/r/" + req.ID)
		waitRoleText(t, c, "status", "Paid")
		c.Axe()
		if w, err := n.h.Payments.WalletBalance(bg, cora.user, "USD"); err != nil || w.Posted != 2000-300 {
			t.Fatalf("cora's wallet: %+v %v", w, err)
		}

		// The moderator sees the message; the brand ends the live.
		s.Open("/seller/" + f.brandOrg + "/live?room=" + room)
		if page := webtest.Eval[string](s, `document.querySelector("main").innerText`); !strings.Contains(page, "Is it smoky?") || !strings.Contains(page, "1 / 5") {
			t.Fatalf("the console after the buy:\n%s", page)
		}
		s.Submit("End the live")
		waitRoleText(t, s, "status", "The live has ended")
		s.Axe()

		rep, err := n.h.Payments.LedgerCheck(bg)
		if err != nil || !rep.OK {
			t.Fatalf("ledger check: %+v %v", rep, err)
		}
		rec, err := n.h.Commerce.ReconcileOrders(bg)
		if err != nil || !rec.OK {
			t.Fatalf("reconciliation: %+v %v", rec, err)
		}
	})
}
