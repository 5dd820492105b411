package host_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/soukhq/souk/api"
	"github.com/soukhq/souk/store"
	"github.com/soukhq/souk/store/storetest"
	"github.com/soukhq/souk/web/webtest"
)

// A shopper uses the example shop in the shell's app frame with the UI
// only: the host draws the app's views (product cards filled by the host),
// actions round-trip through htmx, checkout creates the order, and paying
// opens the host's own payment sheet with the shopper's anti-phishing
// phrase; a wrong PIN counts down, the right one pays. The world (users, a
// released and installed shop, a stocked catalog, a funded wallet) is
// prepared through the API.
func TestShopInTheAppFrameInChromium(t *testing.T) {
	v1, v2 := buildShop(t, "1.0.0"), buildShop(t, "1.0.1")
	storetest.Pick(t, func(t *testing.T, db *store.DB) {
		n, f := shopWorld(t, db, v1, v2)
		f.ann, f.bob = n.signup("ann"), n.signup("bob")
		f.topUp(t)
		if err := n.h.Identity.SetAntiPhishingPhrase(bg, f.ann.user, "blue heron 蓝鹭"); err != nil {
			t.Fatal(err)
		}

		b := webtest.New(t, n.base)
		b.SignIn(f.ann.email, password, "/chats")
		b.Open("/a/" + f.installation + "/home")
		b.Find("heading", "Shop")
		if !strings.Contains(b.HTML(), "by Acme Tea") {
			t.Fatal("the frame does not name the brand")
		}
		b.Axe()
		// Every page fits a phone and a desktop, passes axe-core at both, and
		// is saved for docs/ when SOUK_SCREENSHOT_DIR is set.
		shot := func(name string) {
			for _, v := range []webtest.Viewport{webtest.Phone, webtest.Desktop} {
				b.Resize(v)
				if b.Overflows() {
					t.Errorf("%s is wider than a %s", name, v.Name)
				}
				b.Axe()
				if dir := os.Getenv("SOUK_SCREENSHOT_DIR"); dir != "" {
					b.Screenshot(filepath.Join(dir, name+"-"+v.Name+".png"))
				}
			}
		}
		shot("app-frame")

		// The product card is the host's: title and lowest price from the catalog.
		b.ClickContaining("button", "Green tea")
		b.FindContaining("button", "Add to cart")
		if !strings.Contains(b.HTML(), "size: S — 4.55 USD") {
			t.Fatal("the product page is not shown")
		}
		b.Click("button", "Add to cart")
		// Wait for the add's own answer: the product page already has a Cart
		// button, and a late swap would replace the cart the test opens next.
		for deadline := time.Now().Add(webtest.Wait); !strings.Contains(b.HTML(), "to your cart."); {
			if time.Now().After(deadline) {
				t.Fatal("adding to the cart showed no confirmation")
			}
			time.Sleep(50 * time.Millisecond)
		}
		b.FindContaining("button", "Cart")
		b.Click("button", "Cart")
		b.ClickUntil("button", "Check out", "Pay 4.55 USD")
		b.FindContaining("button", "Pay 4.55 USD")
		if !strings.Contains(b.HTML(), "Waiting for payment") {
			t.Error("the host's order status block is missing")
		}
		b.Axe()

		// The host's payment sheet.
		b.ClickContaining("button", "Pay 4.55 USD")
		b.Find("dialog", "Pay Acme Tea")
		if got := b.Text("dialog", "Pay Acme Tea"); !strings.Contains(got, "blue heron 蓝鹭") || !strings.Contains(got, "4.55 USD") ||
			!strings.Contains(got, "Green tea") || !strings.Contains(got, usd(f.wallet(f.ann))+" USD") {
			t.Fatalf("payment sheet: %q", got)
		}
		b.Axe()
		shot("payment-sheet")
		b.Fill("Payment PIN", "111111")
		b.Click("button", "Pay now")
		if alert := b.Text("alert", "PIN"); !strings.Contains(alert, "4 attempts left") {
			t.Fatalf("wrong PIN: %q", alert)
		}
		b.Fill("Payment PIN", pin)
		b.Click("button", "Pay now")
		b.FindContaining("status", "Paid")
		if got := f.wallet(f.ann); got != topUpCents-455 {
			t.Fatalf("wallet after paying in the sheet: %s, want %s", usd(got), usd(topUpCents-455))
		}
		var list struct {
			Data []api.OrderView `json:"data"`
		}
		f.ann.get("/api/v1/orders", &list)
		if len(list.Data) != 1 || list.Data[0].Total != "4.55" {
			t.Fatalf("orders after paying in the sheet: %+v", list.Data)
		}
		f.n.eventually("the order is paid", func() bool { return f.order(f.ann, list.Data[0].ID).State == "paid" })

		b.Click("link", "Back to the shop")
		b.Click("button", "My orders")
		b.Click("button", "Open")
		b.FindContaining("button", "Ship now")
		if !strings.Contains(b.HTML(), "Paid") {
			t.Error("the order status block does not say Paid")
		}

		// The order card arrives in the brand's service conversation, and
		// opens the app at the order.
		b.Click("link", "Close")
		b.WaitPath("/chats")
		b.ClickContaining("link", "Acme Tea")
		b.Find("heading", "Acme Tea")
		b.Axe()
		b.Click("link", "Open")
		b.WaitPath("/a/" + f.installation + "/order")
		b.FindContaining("button", "Ship now")

		// The wallet page shows what the ledger holds.
		b.Open("/wallet")
		b.Find("heading", "Wallet")
		page := b.HTML()
		if want := usd(f.wallet(f.ann)) + " USD"; !strings.Contains(page, `data-testid="available-USD"><strong>`+want+`</strong>`) ||
			!strings.Contains(page, "-4.55 USD") || !strings.Contains(page, "+100.00 USD") {
			t.Fatalf("wallet page does not show the ledger's %s, the payment and the top-up", want)
		}
		shot("wallet")
	})
}
