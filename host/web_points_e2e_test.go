package host_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/soukhq/souk/api"
	"github.com/soukhq/souk/commerce"
	"github.com/soukhq/souk/payments"
	"github.com/soukhq/souk/store"
	"github.com/soukhq/souk/store/storetest"
	"github.com/soukhq/souk/web/webtest"
)

// Issue 17, points, in Chromium: a shopper holding a brand's loyalty
// points applies a coupon AND points on the host's payment sheet (the host
// computes both discounts) and pays; she sees her points and statement;
// the brand sees its loyalty settings and liability; an operator sees the
// campaigns page.
func TestShopperPaysWithACouponAndPointsInChromium(t *testing.T) {
	v1 := buildShop(t, "1.0.0")
	storetest.Pick(t, func(t *testing.T, db *store.DB) {
		n, f := shopWorld(t, db, v1, nil)

		var lv api.LoyaltyView
		f.brand.must(http.StatusOK, "PUT", "/api/v1/orgs/"+f.brandOrg+"/loyalty", map[string]any{"status": "active", "currency": "USD",
			"earn_per_unit": 10, "point_value": "0.01", "expiry_days": 365}, &lv)
		var link api.LinkView
		f.brand.must(http.StatusCreated, "POST", "/api/v1/orgs/"+f.brandOrg+"/links", map[string]any{"kind": "product", "target": f.tea.ID}, &link)
		var coupon api.CouponView
		f.brand.must(http.StatusCreated, "POST", "/api/v1/orgs/"+f.brandOrg+"/coupons", map[string]any{"name": "Tea time", "kind": "amount",
			"currency": "USD", "amount_off": "1.00", "quantity": 5,
			"starts_at": time.Now().Add(-time.Minute).UTC().Format(time.RFC3339), "ends_at": time.Now().Add(time.Hour).UTC().Format(time.RFC3339)}, &coupon)

		cora := f.payingShopper("cora", 2000)
		// Cora earned 300 points on an earlier order (a lot and its ledger award, as completion makes them).
		if err := db.InTx(bg, func(tx *store.Tx) error {
			if _, err := tx.ExecContext(bg, `INSERT INTO loyalty_lots (id, brand_id, shopper_id, order_id, points, remaining, expires_at, created_at)
				VALUES ($1, $2, $3, 'ord_earlier', 300, 300, $4, $5)`, store.NewID("lot"), f.brandOrg, cora.user,
				time.Now().Add(300*24*time.Hour).UnixMicro(), store.Now()); err != nil {
				return err
			}
			return n.h.Payments.MovePointsTx(bg, tx, "points:earn:ord_earlier", payments.LoyaltyProgramme(f.brandOrg), payments.PointsIssued,
				cora.user, 300, "points_earn", "points:ord_earlier")
		}); err != nil {
			t.Fatal(err)
		}
		if _, err := n.h.Commerce.ClaimCoupon(bg, commerce.ClaimInput{CouponID: coupon.ID, ShopperID: cora.user, Via: commerce.ClaimViaShell}); err != nil {
			t.Fatal(err)
		}

		c := webtest.New(t, n.base)
		c.SignIn(cora.email, password, "/chats")
		c.Open(link.Path)
		c.WaitPath("/a/" + f.installation + "/product")
		c.FindContaining("button", "Add to cart")
		c.Click("button", "Add to cart")
		waitJS(t, c, "the cart's confirmation", `document.body.innerText.includes("to your cart.")`)
		c.Click("button", "Cart")
		c.FindContaining("button", "Check out")
		c.ClickUntil("button", "Check out", "Pay 4.55 USD")
		c.ClickContaining("button", "Pay 4.55 USD")
		c.Find("dialog", "Pay Acme Tea")
		claims, err := n.h.Commerce.MyCoupons(bg, cora.user, "", true)
		if err != nil || len(claims) != 1 {
			t.Fatalf("cora's coupons: %+v %v", claims, err)
		}
		c.Select("Coupon", claims[0].ID)
		c.Click("button", "Apply")
		waitJS(t, c, "the coupon's total", `(document.querySelector("[data-testid=sheet-total]")||{}).innerText === "3.55 USD"`)
		// Coupon first, then points: at most 354 of them would leave 0.01; she has 300.
		if hint := webtest.Eval[string](c, `document.querySelector("[data-testid=sheet-points-hint]").innerText`); !strings.Contains(hint, "300") {
			t.Fatalf("the points hint: %q", hint)
		}
		c.Fill("Points to use", "250")
		c.Click("button", "Use points")
		waitJS(t, c, "the total after points", `(document.querySelector("[data-testid=sheet-total]")||{}).innerText === "1.05 USD"`)
		if off := webtest.Eval[string](c, `document.querySelector("[data-testid=sheet-points-discount]").innerText`); off != "−2.50 USD" {
			t.Fatalf("the points discount: %q", off)
		}
		c.Axe()
		c.Fill("Payment PIN", pin)
		c.Click("button", "Pay now")
		waitRoleText(t, c, "status", "Paid")
		orders, err := n.h.Commerce.Orders(bg, commerce.OrderFilter{ShopperID: cora.user, Limit: 10})
		if err != nil || len(orders) != 1 || orders[0].Total != 105 || orders[0].Discount != 100 || orders[0].PointsUsed != 250 {
			t.Fatalf("cora's order: %+v %v", orders, err)
		}
		if w, err := n.h.Payments.WalletBalance(bg, cora.user, "USD"); err != nil || w.Posted != 2000-105 {
			t.Fatalf("cora's wallet: %+v %v", w, err)
		}

		c.Open("/points")
		c.Find("heading", "My points")
		if page := webtest.Eval[string](c, `document.querySelector("main").innerText`); !strings.Contains(page, "50 points") {
			t.Fatalf("my points:\n%s", page)
		}
		c.Axe()
		c.Open("/points/" + f.brandOrg)
		if page := webtest.Eval[string](c, `document.querySelector("main").innerText`); !strings.Contains(page, "Used at checkout") ||
			!strings.Contains(page, "-250 points") {
			t.Fatalf("the points statement:\n%s", page)
		}
		c.Axe()

		s := webtest.New(t, n.base)
		s.SignIn(f.brand.email, password, "/")
		s.Open("/seller/" + f.brandOrg + "/points")
		s.Find("heading", "Points")
		if page := webtest.Eval[string](s, `document.querySelector("[data-testid=loyalty-liability]").innerText`); !strings.Contains(page, "50") {
			t.Fatalf("the liability: %q", page)
		}
		s.Axe()

		a := webtest.New(t, n.base)
		a.SignIn(f.admin.email, password, "/")
		a.Open("/ops/campaigns")
		a.Find("heading", "Campaigns")
		a.Fill("Name", "Gifts upon payment")
		a.Submit("Start")
		waitRoleText(t, a, "status", "Campaign Gifts upon payment started.")
		a.Axe()

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
