package host_test

import (
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/soukhq/souk/api"
	"github.com/soukhq/souk/commerce"
	"github.com/soukhq/souk/store"
	"github.com/soukhq/souk/store/storetest"
	"github.com/soukhq/souk/web/webtest"
)

// buy checks out one SKU through the shop's actions and pays it with the
// PIN; it returns the order id.
func (f *flow) buy(c *client, productID, skuID string, qty, cents int64) string {
	f.t.Helper()
	c.action(f.installation, "addToCart", map[string]any{"skuId": skuID, "productId": productID, "qty": qty})
	id := c.action(f.installation, "checkout", nil).node("order-status").OrderID
	req := c.action(f.installation, "pay", map[string]any{"orderId": id}).text("payment-request")
	f.payWithPIN(c, req, cents)
	f.wantState(c, id, "paid")
	return id
}

// shotsAt checks a page fits a phone and a desktop, passes axe-core at
// both, and saves it for docs/ when SOUK_SCREENSHOT_DIR is set.
func shotsAt(t *testing.T, b *webtest.Browser, name string) {
	t.Helper()
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

// The order centre in the browser: the shopper's orders from the shop,
// newest first and paged; an order's lines, totals, history and the
// simulated carrier's tracking events; confirming receipt of a delivered
// order, asking for part of a paid one back (a malformed amount is
// explained) and disputing another — each through commerce's shopper
// methods, checked over the API. Another shopper sees none of it. Both
// backends.
func TestOrderCentreInChromium(t *testing.T) {
	v1, v2 := buildShop(t, "1.0.0"), buildShop(t, "1.0.1")
	storetest.Pick(t, func(t *testing.T, db *store.DB) {
		n, f := shopWorld(t, db, v1, v2)
		f.ann, f.bob = n.signup("ann"), n.signup("bob")
		f.topUp(t)

		// Order 1 is delivered by the simulated carrier; 2 and 3 are paid.
		f.firstOrder(t)
		f.ship(t, f.ann, f.order1)
		for day := 1; day <= 3; day++ {
			n.runJobs(time.Duration(day) * 24 * time.Hour)
		}
		f.wantState(f.ann, f.order1, "delivered")
		order2 := f.buy(f.ann, f.tea.ID, f.teaL.ID, 1, 610)
		order3 := f.buy(f.ann, f.mug.ID, f.mugSKU.ID, 1, 1200)
		// 22 more, unpaid, so the list has two pages (20 + 5).
		var biscuit api.ProductView
		f.brand.must(http.StatusCreated, "POST", "/api/v1/orgs/"+f.brandOrg+"/products",
			map[string]string{"title": "Biscuit", "description": "A biscuit", "currency": "USD"}, &biscuit)
		var bk api.SKUView
		f.brand.must(http.StatusCreated, "POST", "/api/v1/orgs/"+f.brandOrg+"/products/"+biscuit.ID+"/skus",
			map[string]any{"options": map[string]string{}, "price": "0.50", "on_hand": 100}, &bk)
		for range 22 {
			if _, err := n.h.Commerce.CreateOrder(bg, commerce.NewOrder{ShopperID: f.ann.user, BrandID: f.brandOrg,
				Lines: []commerce.LineInput{{SKUID: bk.ID, Qty: 1}}}); err != nil {
				t.Fatal(err)
			}
		}

		b := webtest.New(t, n.base)
		b.SignIn(f.ann.email, password, "/chats")
		b.Click("link", "My orders")
		b.WaitPath("/orders")
		b.Find("heading", "Orders")
		shotsAt(t, b, "orders")
		rows := func() []string {
			return webtest.Eval[[]string](b, `Array.from(document.querySelectorAll("main li a")).map((a) => a.getAttribute("href"))`)
		}
		seen := map[string]bool{}
		first := rows()
		b.Click("link", "Older orders")
		for i := 0; i < 200 && !webtest.Eval[bool](b, `location.search.startsWith("?before=") && document.readyState === "complete"`); i++ {
			time.Sleep(50 * time.Millisecond)
		}
		b.Find("heading", "Orders")
		second := rows()
		for _, h := range append(first, second...) {
			seen[h] = true
		}
		if len(first) != 20 || len(second) != 5 || len(seen) != 25 {
			t.Fatalf("pages of %d and %d orders, %d different; want 20 + 5", len(first), len(second), len(seen))
		}
		if !seen["/orders/"+f.order1] || !seen["/orders/"+order2] || !seen["/orders/"+order3] {
			t.Fatal("the shop's orders are not listed")
		}

		// The delivered order: lines, totals, history, tracking; confirm.
		b.Open("/orders/" + f.order1)
		b.Find("heading", "Order from Acme Tea")
		page := webtest.Eval[string](b, `document.querySelector("main").innerText`)
		for _, want := range []string{"Green tea", "size: S", "13.65 USD", "Mug", "25.65 USD", "Waiting for payment", "Paid", "Shipped",
			"Delivered", "simcarrier, tracking number SIM", "Label created", "In transit", "Out for delivery", "Shop"} {
			if !strings.Contains(page, want) {
				t.Errorf("the order page lacks %q:\n%s", want, page)
			}
		}
		if b.Has("button", "Open dispute") == false || b.Has("button", "Confirm receipt") == false {
			t.Fatal("a delivered order offers no receipt confirmation or dispute")
		}
		if b.Has("button", "Post review") {
			t.Error("a delivered order, not yet confirmed, offers a review")
		}
		shotsAt(t, b, "order")
		b.Submit("Confirm receipt")
		if got := b.Text("status", ""); !strings.Contains(got, "Receipt confirmed") {
			t.Fatalf("after confirming: %q", got)
		}
		f.wantState(f.ann, f.order1, "completed")
		if b.Has("button", "Confirm receipt") {
			t.Error("a completed order still offers to confirm receipt")
		}
		// A completed order offers a review per line; a file that is not an
		// image is refused with the text kept, and nothing is stored.
		notImage := filepath.Join(t.TempDir(), "notes.png")
		if err := os.WriteFile(notImage, []byte("these are not the bytes of a picture"), 0o600); err != nil {
			t.Fatal(err)
		}
		b.Fill("Your review", "Lovely 好喝")
		b.Upload("Photos (optional)", notImage)
		b.Submit("Post review")
		if got := b.Text("alert", ""); !strings.Contains(got, "only PNG, JPEG, GIF or WebP") {
			t.Fatalf("a review with a file that is not an image: %q", got)
		}
		if got := webtest.Eval[string](b, `document.querySelector("textarea[name=body]").value`); got != "Lovely 好喝" {
			t.Errorf("the refused review's text is not kept: %q", got)
		}
		if rs, err := n.h.Commerce.ShopperOrderReviews(bg, f.ann.user, f.order1); err != nil || len(rs) != 0 {
			t.Fatalf("a refused review was stored: %+v %v", rs, err)
		}

		// A partial refund of a paid order; a malformed amount is explained.
		b.Open("/orders/" + order2)
		b.Fill("Refund amount (USD)", "1,5x")
		b.Fill("Why do you want a refund?", "Arrived damaged 包装破损")
		b.Submit("Request refund")
		if got := b.Text("alert", ""); !strings.Contains(got, "Enter an amount") {
			t.Fatalf("malformed amount: %q", got)
		}
		f.wantState(f.ann, order2, "paid")
		b.Axe()
		b.Fill("Refund amount (USD)", "1.50")
		b.Submit("Request refund")
		b.FindContaining("status", "refund request was sent")
		f.wantState(f.ann, order2, "refund_requested")
		if got := webtest.Eval[string](b, `document.querySelector("main").innerText`); !strings.Contains(got, "Refund requested") || !strings.Contains(got, "Arrived damaged 包装破损") {
			t.Errorf("the history does not show the request:\n%s", got)
		}

		// A dispute of another paid order.
		b.Open("/orders/" + order3)
		b.Fill("What went wrong?", "Never arrived")
		b.Submit("Open dispute")
		b.FindContaining("status", "dispute is open")
		f.wantState(f.ann, order3, "disputed")
		b.Find("heading", "Order from Acme Tea")
		if b.Has("button", "Open dispute") || b.Has("button", "Request refund") {
			t.Error("a disputed order still offers a refund or another dispute")
		}

		// Another shopper sees no order of Ann's, and cannot act on one.
		bob := webtest.New(t, n.base)
		bob.SignIn(f.bob.email, password, "/chats")
		bob.Open("/orders")
		if strings.Contains(bob.HTML(), f.order1) {
			t.Fatal("Bob's order list shows Ann's order")
		}
		bob.Find("heading", "Orders")
		token := webtest.Eval[string](bob, `JSON.parse(document.body.getAttribute("hx-headers"))["X-CSRF-Token"]`)
		bob.Open("/orders/" + order2)
		bob.Find("heading", "This page does not exist")
		for _, act := range []string{"confirm", "refund", "dispute", "lines/1/review"} {
			st := webtest.Eval[int](bob, `(() => { const x = new XMLHttpRequest(); x.open("POST", "/orders/`+order2+`/`+act+`", false);
				x.setRequestHeader("X-CSRF-Token", "`+token+`");
				x.setRequestHeader("Content-Type", "application/x-www-form-urlencoded"); x.send("reason=mine&rating=5"); return x.status })()`)
			if st != http.StatusNotFound {
				t.Errorf("Bob's %s of Ann's order: %d, want 404", act, st)
			}
		}
		f.wantState(f.ann, order2, "refund_requested")
	})
}
