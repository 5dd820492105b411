package host_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/soukhq/souk/api"
	"github.com/soukhq/souk/commerce"
	"github.com/soukhq/souk/store"
	"github.com/soukhq/souk/store/storetest"
	"github.com/soukhq/souk/web/webtest"
)

// Issue 17 in Chromium: a shopper claims a brand's coupon, opens the
// product's QR link, lands on the product in the brand's app, applies the
// coupon on the host's payment sheet and pays the discounted total with
// the PIN; an unknown and a disabled link say so; the shopper pays a
// brand's payment code; the brand's links, payment-code and coupon pages
// list them. axe-core runs on every page.
func TestShopperOpensAProductLinkAndPaysWithACouponInChromium(t *testing.T) {
	v1 := buildShop(t, "1.0.0")
	storetest.Pick(t, func(t *testing.T, db *store.DB) {
		n, f := shopWorld(t, db, v1, nil)

		var link api.LinkView
		f.brand.must(http.StatusCreated, "POST", "/api/v1/orgs/"+f.brandOrg+"/links", map[string]any{"kind": "product", "target": f.tea.ID}, &link)
		var other api.LinkView
		f.brand.must(http.StatusCreated, "POST", "/api/v1/orgs/"+f.brandOrg+"/links", map[string]any{"kind": "brand"}, &other)
		f.brand.must(http.StatusOK, "PATCH", "/api/v1/orgs/"+f.brandOrg+"/links/"+other.Code, map[string]string{"status": "disabled"}, nil)
		var coupon api.CouponView
		f.brand.must(http.StatusCreated, "POST", "/api/v1/orgs/"+f.brandOrg+"/coupons", map[string]any{"name": "Tea time", "kind": "amount",
			"currency": "USD", "amount_off": "1.00", "min_spend": "4.00", "quantity": 5,
			"starts_at": time.Now().Add(-time.Minute).UTC().Format(time.RFC3339), "ends_at": time.Now().Add(time.Hour).UTC().Format(time.RFC3339)}, &coupon)
		var code api.PayCodeView
		f.brand.must(http.StatusCreated, "POST", "/api/v1/orgs/"+f.brandOrg+"/payment-codes", map[string]any{"currency": "USD", "amount": "2.00", "note": "Table 4"}, &code)

		cora := f.payingShopper("cora", 2000)

		c := webtest.New(t, n.base)
		c.SignIn(cora.email, password, "/chats")
		// Unknown and disabled links open a page that says so.
		c.Open("/l/NOSUCH22")
		c.Find("heading", "This link does not open")
		if alert := c.Text("alert", ""); !strings.Contains(alert, "no such link") {
			t.Fatalf("unknown link: %q", alert)
		}
		c.Axe()
		c.Open("/l/" + other.Code)
		if alert := c.Text("alert", ""); !strings.Contains(alert, "switched this link off") {
			t.Fatalf("disabled link: %q", alert)
		}
		c.Axe()

		// The coupon, claimed from its page.
		c.Open("/coupons/" + coupon.ID)
		c.Find("heading", "Tea time")
		c.Axe()
		c.Submit("Claim")
		waitRoleText(t, c, "status", "The coupon is yours")
		c.Axe()

		// The product's QR link lands on the product in the brand's app.
		c.Open(link.Path)
		c.WaitPath("/a/" + f.installation + "/product")
		c.FindContaining("button", "Add to cart")
		c.Axe()
		c.Click("button", "Add to cart")
		waitJS(t, c, "the cart's confirmation", `document.body.innerText.includes("to your cart.")`)
		c.Click("button", "Cart")
		c.FindContaining("button", "Check out")
		c.ClickUntil("button", "Check out", "Pay 4.55 USD")
		c.ClickContaining("button", "Pay 4.55 USD")
		c.Find("dialog", "Pay Acme Tea")
		c.Axe()
		claims, err := n.h.Commerce.MyCoupons(bg, cora.user, "", true)
		if err != nil || len(claims) != 1 {
			t.Fatalf("cora's coupons: %+v %v", claims, err)
		}
		c.Select("Coupon", claims[0].ID)
		c.Click("button", "Apply")
		waitJS(t, c, "the discounted total", `(document.querySelector("[data-testid=sheet-total]")||{}).innerText === "3.55 USD"`)
		if sheet := c.Text("dialog", "Pay Acme Tea"); !strings.Contains(sheet, "1.00 USD") || !strings.Contains(sheet, "4.55 USD") {
			t.Fatalf("the sheet with the coupon: %q", sheet)
		}
		c.Axe()
		c.Fill("Payment PIN", pin)
		c.Click("button", "Pay now")
		waitRoleText(t, c, "status", "Paid")
		orders, err := n.h.Commerce.Orders(bg, commerce.OrderFilter{ShopperID: cora.user, Limit: 10})
		if err != nil || len(orders) != 1 || orders[0].Total != 355 || orders[0].Discount != 100 || orders[0].Subtotal != 455 {
			t.Fatalf("cora's order: %+v %v", orders, err)
		}
		n.eventually("the order is paid", func() bool {
			o, err := n.h.Commerce.ShopperOrder(bg, cora.user, orders[0].ID)
			return err == nil && o.State == commerce.StatePaid
		})

		// A brand's payment code, paid on the host's sheet.
		c.Open(code.Path)
		c.Find("heading", "Pay Acme Tea")
		c.Axe()
		c.Fill("Payment PIN", pin)
		c.Submit("Pay now")
		waitRoleText(t, c, "status", "You paid 2.00 USD to Acme Tea")
		c.Axe()
		if w, err := n.h.Payments.WalletBalance(bg, cora.user, "USD"); err != nil || w.Posted != 2000-355-200 {
			t.Fatalf("cora's wallet: %+v %v", w, err)
		}
		c.Open("/wallet")
		c.Axe()
		if page := webtest.Eval[string](c, `document.querySelector("main").innerText`); !strings.Contains(page, "Payment to a shop's code") {
			t.Fatalf("the wallet history lacks the payment-code payment:\n%s", page)
		}

		// The brand's console pages.
		s := webtest.New(t, n.base)
		s.SignIn(f.brand.email, password, "/")
		s.Open("/seller/" + f.brandOrg + "/links")
		s.Find("heading", "Links & QR codes")
		if page := webtest.Eval[string](s, `document.querySelector("main").innerText`); !strings.Contains(page, "/l/"+link.Code) || !strings.Contains(page, "2.00 USD") {
			t.Fatalf("the links page:\n%s", page)
		}
		s.Axe()
		s.Open("/seller/" + f.brandOrg + "/coupons")
		s.Find("heading", "Coupons")
		if page := webtest.Eval[string](s, `document.querySelector("main").innerText`); !strings.Contains(page, "Tea time") || !strings.Contains(page, "1 / 5") {
			t.Fatalf("the coupons page:\n%s", page)
		}
		s.Axe()
		s.Open("/seller/" + f.brandOrg + "/finance")
		if page := webtest.Eval[string](s, `document.querySelector("main").innerText`); !strings.Contains(page, "Payment-code payment (your net)") {
			t.Fatalf("the brand's finance statement lacks the payment-code receipt:\n%s", page)
		}
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
