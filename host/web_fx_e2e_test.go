package host_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/soukhq/souk/api"
	"github.com/soukhq/souk/store"
	"github.com/soukhq/souk/store/storetest"
	"github.com/soukhq/souk/web/webtest"
)

// A shopper with only a USD wallet pays a brand that prices in JPY through
// the host's payment sheet: the sheet shows the quote (what leaves the USD
// wallet, the rate, the spread and when the quote expires), paying converts
// and pays in one commit, the brand's refund brings every cent back in USD,
// and the operator sees the rate's source and the FX position. The ledger
// check and order reconciliation pass after each step.
func TestPayJPYBrandFromUSDWalletInChromium(t *testing.T) {
	v1 := buildShop(t, "1.0.0")
	storetest.Pick(t, func(t *testing.T, db *store.DB) {
		n, f := shopWorld(t, db, v1, nil)
		f.ann, f.bob = n.signup("ann"), n.signup("bob")
		f.topUp(t)
		var p api.ProductView
		f.brand.must(http.StatusCreated, "POST", "/api/v1/orgs/"+f.brandOrg+"/products",
			map[string]string{"title": "Matcha", "description": "Matcha from Uji", "currency": "JPY"}, &p)
		f.brand.must(http.StatusCreated, "POST", "/api/v1/orgs/"+f.brandOrg+"/products/"+p.ID+"/skus",
			map[string]any{"options": map[string]string{}, "price": "1500", "on_hand": 5}, nil)
		f.admin.must(http.StatusCreated, "POST", "/api/v1/admin/fx/rates", map[string]string{"base": "USD", "quote": "JPY", "rate": "150"}, nil)
		books := func(when string) {
			t.Helper()
			var check api.AdminCheck
			f.admin.get("/api/v1/admin/ledger/check", &check)
			if !check.OK || !check.LedgerOK || !check.Orders.OK {
				t.Fatalf("ledger check %s: %+v", when, check)
			}
		}
		books("before")

		b := webtest.New(t, n.base)
		b.SignIn(f.ann.email, password, "/chats")
		b.Open("/a/" + f.installation + "/home")
		b.ClickContaining("button", "Matcha")
		b.FindContaining("button", "Add to cart")
		b.Click("button", "Add to cart")
		waitFor(t, b, "to your cart.")
		b.FindContaining("button", "Cart")
		b.Click("button", "Cart")
		b.ClickUntil("button", "Check out", "Pay 1500 JPY")
		b.ClickContaining("button", "Pay 1500 JPY")
		b.Find("dialog", "Pay Acme Tea")
		// 1500 JPY at 150 less 1 % (148.5): 10.1010… USD → 10.11 USD.
		sheet := b.Text("dialog", "Pay Acme Tea")
		for _, want := range []string{"1500 JPY", "Pay from your USD wallet", "10.11 USD", "1 USD = 148.5 JPY", "1.00 %", "1 USD = 150 JPY", "UTC"} {
			if !strings.Contains(sheet, want) {
				t.Fatalf("the sheet does not show %q: %q", want, sheet)
			}
		}
		b.Axe()
		b.Fill("Payment PIN", pin)
		b.Click("button", "Pay now")
		b.FindContaining("status", "Paid")
		if got := f.wallet(f.ann); got != topUpCents-1011 {
			t.Fatalf("USD wallet after paying 1500 JPY: %s, want %s", usd(got), usd(topUpCents-1011))
		}
		var list struct {
			Data []api.OrderView `json:"data"`
		}
		f.ann.get("/api/v1/orders", &list)
		if len(list.Data) != 1 || list.Data[0].Total != "1500" || list.Data[0].Currency != "JPY" {
			t.Fatalf("orders: %+v", list.Data)
		}
		order := list.Data[0].ID
		f.n.eventually("the order is paid", func() bool { return f.order(f.ann, order).State == "paid" })
		books("after paying")

		// The wallet shows the conversion; its convert page quotes with rate, spread and expiry.
		b.Open("/wallet")
		if page := b.HTML(); !strings.Contains(page, "Currency conversion") {
			t.Fatal("the wallet statement does not show the conversion")
		}
		b.Click("link", "Convert currency")
		b.Find("heading", "Convert between your wallets")
		b.Fill("Amount to convert", "1.00")
		b.Click("button", "Get a quote")
		if q := b.Text("region", "Your quote"); !strings.Contains(q, "148 JPY") || !strings.Contains(q, "1 USD = 148.5 JPY") || !strings.Contains(q, "1.00 %") {
			t.Fatalf("wallet quote: %q", q)
		}
		b.Axe()

		// The brand refunds the whole order: the shopper has every cent back in USD.
		f.ann.must(http.StatusOK, "POST", "/api/v1/orders/"+order+"/refund-request", map[string]string{"reason": "changed my mind"}, nil)
		f.brand.must(http.StatusOK, "POST", "/api/v1/orgs/"+f.brandOrg+"/orders/"+order+"/refund/approve", map[string]string{}, nil)
		if got := f.wallet(f.ann); got != topUpCents {
			t.Fatalf("USD wallet after the refund: %s, want %s", usd(got), usd(topUpCents))
		}
		books("after the refund")

		// The operator sees the rate with its source and the position per currency.
		ops := webtest.New(t, n.base)
		ops.SignIn(f.admin.email, password, "/ops")
		ops.Open("/ops/fx")
		page := ops.HTML()
		if !strings.Contains(page, "operator:"+f.admin.user) || !strings.Contains(page, "1 USD = 150 JPY") ||
			!strings.Contains(page, `data-testid="fx-position-JPY"`) {
			t.Fatal("the ops FX page does not show the rate's source and the positions")
		}
		ops.Axe()
		// A new rate entered on the page is the pair's current one, with its source.
		ops.Fill("Rate", "151.2")
		ops.Click("button", "Record rate")
		ops.FindContaining("status", "Rate USD/JPY recorded.")
		if page := ops.HTML(); !strings.Contains(page, "1 USD = 151.2 JPY") || strings.Contains(page, "1 USD = 150 JPY") {
			t.Fatal("the entered rate is not the current one")
		}

		// The shopper converts 1.00 USD into JPY at the new rate with the PIN.
		b.Open("/wallet/convert")
		b.Fill("Amount to convert", "1.00")
		b.Click("button", "Get a quote")
		b.Find("region", "Your quote")
		b.Fill("Payment PIN", pin)
		b.Click("button", "Convert now")
		b.WaitPath("/wallet")
		// 1.00 USD at 151.2 less 1 % (149.688) → 149 JPY.
		if page := b.HTML(); !strings.Contains(page, `data-testid="available-JPY"><strong>149 JPY</strong>`) {
			t.Fatal("the wallet does not show the converted 149 JPY")
		}
		if got := f.wallet(f.ann); got != topUpCents-100 {
			t.Fatalf("USD wallet after converting 1.00: %s", usd(got))
		}
		books("at the end")
	})
}

// waitFor waits until the page holds text (an htmx answer arrived).
func waitFor(t *testing.T, b *webtest.Browser, text string) {
	t.Helper()
	for deadline := time.Now().Add(webtest.Wait); !strings.Contains(b.HTML(), text); {
		if time.Now().After(deadline) {
			t.Fatalf("the page never showed %q", text)
		}
		time.Sleep(50 * time.Millisecond)
	}
}
