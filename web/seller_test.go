package web_test

import (
	"context"
	"fmt"
	"html"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/soukhq/souk/api"
	"github.com/soukhq/souk/blob"
	"github.com/soukhq/souk/chat"
	"github.com/soukhq/souk/chat/realtime"
	"github.com/soukhq/souk/commerce"
	"github.com/soukhq/souk/credit"
	"github.com/soukhq/souk/identity"
	"github.com/soukhq/souk/invoice"
	"github.com/soukhq/souk/jobs"
	"github.com/soukhq/souk/marketplace"
	"github.com/soukhq/souk/payments"
	"github.com/soukhq/souk/payments/ledger"
	"github.com/soukhq/souk/payments/money"
	"github.com/soukhq/souk/store"
	"github.com/soukhq/souk/store/storetest"
	"github.com/soukhq/souk/web"
	"github.com/soukhq/souk/web/console"
	"github.com/soukhq/souk/web/shell"
	"github.com/soukhq/souk/web/webtest"
)

// sellerWorld is a souk server with commerce (the seller console's brand
// pages) and a brand with staff of every role and a few orders.
type sellerWorld struct {
	base        string
	ids         *identity.Service
	pay         *payments.Service
	bank        *payments.SimBank
	com         *commerce.Service
	logi        *commerce.Logistics
	market      *marketplace.Service
	brand, bo   identity.Org
	owner       identity.User
	manager     identity.User
	agent       identity.User
	stranger    identity.User
	sku, sku2   commerce.SKU
	shopperID   string
	ordersTotal money.Amount
	chat        *chat.Service
	inv         *invoice.Service
	cr          *credit.Service
}

// login signs email in through the identity service and returns the
// session's CSRF token and its cookie header value.
func (w *sellerWorld) login(t testing.TB, email string) (csrf, cookie string) {
	t.Helper()
	sess, _, err := w.ids.Login(ctx, email, password)
	if err != nil {
		t.Fatal(err)
	}
	return sess.CSRFToken, "souk_session=" + sess.Token
}

// sellerApp is the brand's installed app in the seller tests.
const sellerApp = "ins_tea"

const sellerPIN = "482915"

// forbidden is the heading of the 403 page a role's refused page shows.
const forbidden = "You may not open this page with your role."

func startSellerServer(t testing.TB, db *store.DB) *sellerWorld {
	t.Helper()
	w := &sellerWorld{ids: identity.New(db)}
	l := ledger.New(db, ledger.Options{})
	t.Cleanup(l.Close)
	w.bank = payments.NewSimBank()
	w.pay = payments.New(db, l, payments.Options{Funding: w.bank})
	w.bank.Handler = w.pay.HandleFundingResult
	blobs, err := blob.OpenLocal(blob.Config{Dir: t.TempDir(), MaxObjectSize: 1 << 20})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { blobs.Close() })
	w.com = commerce.New(db, w.pay, jobs.New(db, nil), blobs, commerce.Options{})
	w.logi = commerce.NewLogistics(w.com, commerce.LogisticsOptions{})
	w.inv = invoice.New(db, w.com, w.ids, invoice.Options{})
	w.cr = credit.New(db, w.pay, jobs.New(db, nil), credit.Options{})
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	// Chat with the realtime hub: the customer-service inbox, the
	// shopper's shell, and the handover when staff are removed. The brand
	// has one installed app (ins_tea), for its service conversations and
	// mini-program cards.
	w.chat = chat.New(db, chat.Options{Log: log, Installations: func(_ context.Context, id string) (string, error) {
		if id == sellerApp {
			return w.brand.ID, nil
		}
		return "", store.ErrNotFound
	}})
	hub := realtime.New(db, w.chat, log, realtime.Config{})
	w.chat.SetPublisher(hub)
	w.ids.MemberRemoved = w.chat.MemberRemoved
	srv := api.New(api.Deps{DB: db, Identity: w.ids, Payments: w.pay, Commerce: w.com, Chat: w.chat, Realtime: hub, Log: log, AuthRateLimit: 10000,
		Ready: map[string]api.Pinger{"database": db}})
	w.market = marketplace.New(db, blobs)
	web.Mount(srv.App, web.Deps{Identity: w.ids, Commerce: w.com, Logistics: w.logi, Chat: w.chat, PINs: w.pay, AuthRateLimit: 10000, Log: log, Invoices: w.inv, Credit: w.cr,
		Apps: &shell.Apps{Market: w.market, Commerce: w.com, Payments: w.pay, DB: db},
		BrandApps: func(_ context.Context, brand string) ([]console.BrandApp, error) {
			if brand == w.brand.ID {
				return []console.BrandApp{{InstallationID: sellerApp, Name: "Tea shop"}}, nil
			}
			return nil, nil
		}})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = srv.App.Listener(ln) }()
	t.Cleanup(func() { hub.Close(); _ = srv.App.ShutdownWithTimeout(5 * time.Second) })
	w.base = "http://" + ln.Addr().String()

	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	signup := func(email string) identity.User {
		u, err := w.ids.Signup(ctx, email, password)
		must(err)
		return u
	}
	w.owner, w.manager, w.agent, w.stranger = signup("owner@example.com"), signup("manager@example.com"), signup("agent@example.com"), signup("stranger@example.com")
	w.brand, err = w.ids.CreateOrg(ctx, w.owner.ID, identity.OrgBrand, "Ada's Teas")
	must(err)
	w.bo, err = w.ids.CreateOrg(ctx, w.owner.ID, identity.OrgBrand, "Bo's Books")
	must(err)
	_, err = w.ids.CreateOrg(ctx, w.stranger.ID, identity.OrgBrand, "Elsewhere")
	must(err)
	_, err = w.ids.AddMember(ctx, w.owner.ID, w.brand.ID, "manager@example.com", identity.MemberManager)
	must(err)
	_, err = w.ids.AddMember(ctx, w.owner.ID, w.brand.ID, "agent@example.com", identity.MemberAgent)
	must(err)

	usd := money.MustLookup("USD")
	price, _ := money.ParsePositive(usd, "12.34")
	p, err := w.com.CreateProduct(ctx, w.brand.ID, commerce.ProductInput{Title: "Oolong", Description: "Tea", Currency: "USD"})
	must(err)
	w.sku, err = w.com.AddSKU(ctx, w.brand.ID, p.ID, commerce.SKUInput{Options: map[string]string{"size": "100g"}, Price: price, OnHand: 100})
	must(err)
	price2, _ := money.ParsePositive(usd, "5.00")
	w.sku2, err = w.com.AddSKU(ctx, w.brand.ID, p.ID, commerce.SKUInput{Options: map[string]string{"size": "250g"}, Price: price2, OnHand: 100})
	must(err)
	w.shopperID = signup("shopper@example.com").ID
	must(w.pay.SetPIN(ctx, w.shopperID, sellerPIN))
	fund, _ := money.ParsePositive(usd, "1000.00")
	op, err := w.pay.TopUp(ctx, w.shopperID, "fund-seller", "USD", fund)
	must(err)
	_, err = w.bank.Complete(ctx, op.ID, true)
	must(err)
	return w
}

// paid places and pays an order of qty of the brand's SKU (and qty2 of
// the second).
func (w *sellerWorld) paid(t *testing.T, qty int64, qty2 ...int64) commerce.Order {
	t.Helper()
	lines := []commerce.LineInput{{SKUID: w.sku.ID, Qty: qty}}
	for _, q := range qty2 {
		lines = append(lines, commerce.LineInput{SKUID: w.sku2.ID, Qty: q})
	}
	o, err := w.com.CreateOrder(ctx, commerce.NewOrder{ShopperID: w.shopperID, BrandID: w.brand.ID, Lines: lines})
	if err != nil {
		t.Fatal(err)
	}
	r, err := w.com.RequestPayment(ctx, o.ID, commerce.Actor{Kind: commerce.ActorShopper, ID: w.shopperID})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.pay.Confirm(ctx, r.ID, w.shopperID, sellerPIN, nil); err != nil {
		t.Fatal(err)
	}
	w.ordersTotal += o.Total
	return o
}

// The seller console is role-aware: an owner of two brands picks one and
// sees its dashboard (orders to ship, refund requests, disputes, today's
// and this month's sales, the 30-day chart with its table) and edits the
// refund policy; an agent sees the dashboard but neither the policy link
// nor the page, and the server refuses the agent's post of the policy
// form; staff of another brand get the 404 page. axe-core at phone and
// desktop sizes on every console page.
func TestSellerConsoleInChromium(t *testing.T) {
	storetest.Pick(t, func(t *testing.T, db *store.DB) {
		w := startSellerServer(t, db)
		w.paid(t, 1) // waits to ship
		refund := w.paid(t, 2)
		dispute := w.paid(t, 3)
		usd := money.MustLookup("USD")
		part, _ := money.ParsePositive(usd, "1.00")
		if _, err := w.com.RequestRefund(ctx, w.shopperID, refund.ID, part, "leaked"); err != nil {
			t.Fatal(err)
		}
		if _, err := w.com.OpenDispute(ctx, w.shopperID, dispute.ID, part, "never came"); err != nil {
			t.Fatal(err)
		}
		total := money.Format(usd, w.ordersTotal) // 6 × 12.34 = 74.04
		if total != "74.04" {
			t.Fatalf("orders total %s", total)
		}

		b := webtest.New(t, w.base)
		b.SignIn("owner@example.com", password, "/")
		b.Open("/seller")
		b.Find("heading", "Your brands")
		shots(t, b, "seller-brands")
		b.Click("link", "Ada's Teas")
		b.WaitPath("/seller/" + w.brand.ID)
		b.Find("heading", "Dashboard")
		facts := map[string]string{"Orders waiting to ship": "1", "Refund requests": "1", "Open disputes": "1"}
		for label, want := range facts {
			got := webtest.Eval[string](b, `(() => { for (const dt of document.querySelectorAll("dt")) if (dt.textContent.trim() === `+fmt.Sprintf("%q", label)+`) return dt.nextElementSibling.textContent.trim(); return "" })()`)
			if got != want {
				t.Errorf("%s: %q, want %q", label, got, want)
			}
		}
		if today := b.RowCells("Today (UTC)"); today != "Today (UTC) 3 "+total {
			t.Errorf("today's row: %q", today)
		}
		b.FindContaining("img", "Daily sales in USD over the last 30 days, 74.04 in all Highest: 74.04 on ")
		// The chart's figures are also a table, behind its summary.
		b.Click("button", "Daily sales as a table")
		day := time.Now().UTC().Format("2006-01-02")
		if got := b.RowCells(day); got != day+" 3 "+total {
			t.Errorf("today in the daily table: %q", got)
		}
		shots(t, b, "seller-dashboard")

		// The owner sets the refund policy; a bad value is explained.
		b.Click("link", "Refund policy")
		b.WaitPath("/seller/" + w.brand.ID + "/refund-policy")
		b.Fill("Refund window (days)", "14")
		b.Fill("Maximum refund (% of the order)", "150")
		b.Submit("Save refund policy")
		if got := b.Text("alert", ""); !strings.Contains(got, "percentage from 0 to 100") {
			t.Errorf("bad maximum: %q", got)
		}
		b.Fill("Maximum refund (% of the order)", "50.5")
		b.Submit("Save refund policy")
		b.Find("status", "Refund policy saved.")
		shots(t, b, "seller-refund-policy")
		pol, err := w.com.RefundPolicy(ctx, w.brand.ID)
		if err != nil || pol.Window != 14*24*time.Hour || pol.MaxRefundBps != 5050 {
			t.Fatalf("policy %+v, %v", pol, err)
		}
		b.Click("link", "Switch brand")
		b.WaitPath("/seller")
		b.Open("/")
		b.Submit("Sign out")
		b.WaitPath("/")

		// The agent sees the dashboard, not the policy; the server refuses
		// the page (403), and another brand's pages do not exist for them.
		b.SignIn("agent@example.com", password, "/")
		b.Open("/seller/" + w.brand.ID)
		b.Find("heading", "Dashboard")
		if b.Has("link", "Refund policy") || b.Has("link", "Switch brand") {
			t.Error("the agent's navigation offers the refund policy or a brand switch")
		}
		b.Open("/seller/" + w.brand.ID + "/refund-policy")
		b.Find("heading", forbidden)
		b.Open("/seller/" + w.bo.ID)
		b.Find("heading", "This page does not exist")
		b.Open("/")
		b.Submit("Sign out")
		b.WaitPath("/")

		// Another brand's owner learns nothing about this one.
		b.SignIn("stranger@example.com", password, "/")
		b.Open("/seller/" + w.brand.ID)
		b.Find("heading", "This page does not exist")
	})
}

// The server refuses the policy form from an agent with 403 and from
// another brand's owner with 404 (forged posts with a valid session and
// CSRF token, not hidden buttons), and takes it from a manager.
func TestSellerRolesEnforcedOnTheServer(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		w := startSellerServer(t, db)
		before, err := w.com.RefundPolicy(ctx, w.brand.ID)
		if err != nil {
			t.Fatal(err)
		}
		c := noRedirects()
		form := func(email string) (url.Values, string) {
			sess, _, err := w.ids.Login(ctx, email, password)
			if err != nil {
				t.Fatal(err)
			}
			return url.Values{"csrf_token": {sess.CSRFToken}, "window_days": {"1"}, "max_percent": {"1"}}, "souk_session=" + sess.Token
		}
		path := w.base + "/seller/" + w.brand.ID + "/refund-policy"
		// Staff without the role are refused (403); others learn nothing (404).
		for who, want := range map[string]int{"agent@example.com": http.StatusForbidden, "stranger@example.com": http.StatusNotFound} {
			v, cookie := form(who)
			if res := post(t, c, path, v, "Cookie", cookie); res.StatusCode != want {
				t.Errorf("%s posting the refund policy: %d, want %d", who, res.StatusCode, want)
			}
			if res := get(t, c, path, "Cookie", cookie); res.StatusCode != want {
				t.Errorf("%s opening the refund policy: %d, want %d", who, res.StatusCode, want)
			}
		}
		// Shipping and refund decisions are the managers' too.
		o := w.paid(t, 1)
		ask, _ := money.ParsePositive(money.MustLookup("USD"), "1.00")
		if _, err := w.com.RequestRefund(ctx, w.shopperID, o.ID, ask, "changed my mind"); err != nil {
			t.Fatal(err)
		}
		v, cookie := form("agent@example.com")
		ob := w.base + "/seller/" + w.brand.ID + "/orders/" + o.ID
		for path, extra := range map[string]url.Values{
			"/ship":           {"carrier": {commerce.SimCarrier}, "qty_1": {"1"}},
			"/refund/approve": {"amount": {"1.00"}},
			"/refund/decline": {"reason": {"no"}},
		} {
			for k, x := range extra {
				v[k] = x
			}
			if res := post(t, c, ob+path, v, "Cookie", cookie); res.StatusCode != http.StatusForbidden {
				t.Errorf("agent posting %s: %d, want 403", path, res.StatusCode)
			}
		}
		if res := get(t, c, ob, "Cookie", cookie); res.StatusCode != http.StatusOK {
			t.Errorf("agent opening the order: %d", res.StatusCode)
		}
		if got := w.state(t, o.ID); got != commerce.StateRefundRequested {
			t.Fatalf("a refused post changed the order: %s", got)
		}
		if shs, _ := w.logi.Shipments(ctx, o.ID); len(shs) != 0 {
			t.Fatalf("a refused post shipped: %+v", shs)
		}
		if got, _ := w.com.RefundPolicy(ctx, w.brand.ID); got != before {
			t.Fatalf("a refused post changed the policy: %+v → %+v", before, got)
		}
		v, cookie = form("manager@example.com")
		if res := post(t, c, path, v, "Cookie", cookie); res.StatusCode != http.StatusOK {
			t.Fatalf("manager posting the refund policy: %d", res.StatusCode)
		}
		if got, _ := w.com.RefundPolicy(ctx, w.brand.ID); got.Window != 24*time.Hour || got.MaxRefundBps != 100 {
			t.Fatalf("manager's policy not saved: %+v", got)
		}
		// The agent may open the dashboard.
		_, cookie = form("agent@example.com")
		if res := get(t, c, w.base+"/seller/"+w.brand.ID, "Cookie", cookie); res.StatusCode != http.StatusOK {
			t.Fatalf("agent opening the dashboard: %d", res.StatusCode)
		}
	})
}

// The owner finds orders by state, date and id, ships an order partly then
// fully (through commerce's shipment service) and approves part of a refund
// request; an agent reads the order but is offered neither form, and the
// server refuses the agent's ship, approve and decline posts.
func TestSellerOrdersInChromium(t *testing.T) {
	storetest.Pick(t, func(t *testing.T, db *store.DB) {
		w := startSellerServer(t, db)
		usd := money.MustLookup("USD")
		a := w.paid(t, 2, 1)
		bOrder := w.paid(t, 1)
		ask, _ := money.ParsePositive(usd, "10.00")
		if _, err := w.com.RequestRefund(ctx, w.shopperID, bOrder.ID, ask, "too strong"); err != nil {
			t.Fatal(err)
		}
		orders := "/seller/" + w.brand.ID + "/orders"

		b := webtest.New(t, w.base)
		b.SignIn("owner@example.com", password, "/")
		b.Open("/seller/" + w.brand.ID)
		b.Click("link", "Orders")
		b.WaitPath(orders)
		b.Find("link", a.ID)
		b.Find("link", bOrder.ID)
		shots(t, b, "seller-orders")
		b.Select("State", "refund_requested")
		b.Submit("Show orders")
		b.Find("link", bOrder.ID)
		if b.Has("link", a.ID) {
			t.Error("the refund-requested filter lists a paid order")
		}
		b.Select("State", "")
		// A date input takes keys in the browser's locale order; set its value.
		from := b.Find("label", "Created from")
		webtest.Eval[string](b, `document.querySelector(`+fmt.Sprintf("%q", from)+`).value = `+fmt.Sprintf("%q", time.Now().UTC().AddDate(0, 0, 1).Format("2006-01-02")))
		b.Submit("Show orders")
		if b.Has("link", a.ID) || b.Has("link", bOrder.ID) || !strings.Contains(webtest.Eval[string](b, `document.body.innerText`), "No orders match.") {
			t.Error("orders created today listed from tomorrow")
		}
		b.Open(orders)
		b.Fill("Order id", a.ID)
		b.Submit("Show orders")
		b.Click("link", a.ID)
		b.WaitPath(orders + "/" + a.ID)
		b.Find("heading", "Order "+a.ID)

		// Ship line 1 only (one of its two), then the rest.
		b.Fill("Line 1: Oolong — quantity to ship (2 left)", "1")
		b.Fill("Line 2: Oolong — quantity to ship (1 left)", "0")
		b.Submit("Create shipment")
		b.Find("status", "Shipment created.")
		if got := w.state(t, a.ID); got != commerce.StateShipped {
			t.Fatalf("after the first shipment: %s", got)
		}
		shots(t, b, "seller-order")
		b.Submit("Create shipment") // what is left: 1 of line 1, 1 of line 2
		b.Find("status", "Shipment created.")
		if b.Has("button", "Create shipment") {
			t.Error("the ship form is offered for a fully shipped order")
		}
		shs, err := w.logi.Shipments(ctx, a.ID)
		if err != nil || len(shs) != 2 {
			t.Fatalf("shipments %+v, %v", shs, err)
		}
		var shipped int64
		for _, sh := range shs {
			for _, it := range sh.Items {
				shipped += it.Qty
			}
		}
		if shipped != 3 {
			t.Fatalf("shipped %d items, want 3", shipped)
		}

		// Approve part of the refund request.
		b.Open(orders + "/" + bOrder.ID)
		b.Find("heading", "Refund request")
		b.Fill("Amount to refund (USD)", "0.50")
		b.Submit("Approve refund")
		b.Find("status", "Refund of 0.50 USD approved.")
		if o, err := w.com.BrandOrder(ctx, w.brand.ID, bOrder.ID); err != nil || money.Format(usd, o.Refunded) != "0.50" || o.State != commerce.StatePaid {
			t.Fatalf("after the partial refund: %+v, %v", o, err)
		}
		b.Open("/")
		b.Submit("Sign out")
		b.WaitPath("/")

		// The agent reads orders, without the forms.
		b.SignIn("agent@example.com", password, "/")
		b.Open(orders + "/" + a.ID)
		b.Find("heading", "Order "+a.ID)
		b.Find("heading", "Timeline")
		if b.Has("button", "Create shipment") || b.Has("button", "Approve refund") {
			t.Error("the agent is offered a manager's form")
		}
		b.Axe()
	})
}

func (w *sellerWorld) state(t *testing.T, id string) commerce.State {
	t.Helper()
	o, err := w.com.BrandOrder(ctx, w.brand.ID, id)
	if err != nil {
		t.Fatal(err)
	}
	return o.State
}

// The owner creates a product with its first SKU, adds a second, changes a
// price and adjusts stock, searches the catalog and archives the product;
// a bad price is explained and changes nothing. The agent reads the
// product without forms, and the server refuses the agent's posts. Both
// backends.
func TestSellerCatalogInChromium(t *testing.T) {
	storetest.Pick(t, func(t *testing.T, db *store.DB) {
		w := startSellerServer(t, db)
		products := "/seller/" + w.brand.ID + "/products"
		b := webtest.New(t, w.base)
		b.SignIn("owner@example.com", password, "/")
		b.Open("/seller/" + w.brand.ID)
		b.Click("link", "Products")
		b.WaitPath(products)
		b.Find("link", "Oolong")
		b.Click("link", "New product")
		b.WaitPath(products + "/new")
		b.Fill("Title", "Jasmine pearls")
		b.Fill("Description", "Hand-rolled")
		b.Fill("Options", "size=50g, tin=red")
		b.Fill("Price", "abc")
		b.Fill("Stock on hand", "20")
		b.Submit("Create product")
		if got := b.Text("alert", ""); !strings.Contains(got, "positive amount in USD") {
			t.Errorf("bad price: %q", got)
		}
		shots(t, b, "seller-product-new")
		b.Fill("Price", "8.50")
		b.Submit("Create product")
		b.Find("status", "Product created.")
		b.Find("heading", "Jasmine pearls")
		id, _, _ := strings.Cut(strings.TrimPrefix(b.Path(), products+"/"), "?")

		b.Fill("Options", "size=100g, tin=blue")
		b.Fill("Price", "15.00")
		b.Fill("Stock on hand", "5")
		b.Submit("Add SKU")
		b.Find("status", "SKU added.")
		b.Fill("Price of size=50g, tin=red", "9.25")
		b.Fill("Stock on hand of size=50g, tin=red", "17")
		b.Submit("Save size=50g, tin=red")
		b.Find("status", "SKU size=50g, tin=red saved.")
		shots(t, b, "seller-product")
		pr, err := w.com.Product(ctx, w.brand.ID, id)
		if err != nil || len(pr.SKUs) != 2 {
			t.Fatalf("product %+v, %v", pr, err)
		}
		usd := money.MustLookup("USD")
		got := map[string]string{}
		for _, k := range pr.SKUs {
			got[k.Options["size"]] = fmt.Sprintf("%s×%d", money.Format(usd, k.Price), k.OnHand)
		}
		if got["50g"] != "9.25×17" || got["100g"] != "15.00×5" {
			t.Fatalf("SKUs %v", got)
		}

		b.Open(products)
		b.Fill("Search products by title", "jasmine")
		b.Submit("Search")
		b.Find("link", "Jasmine pearls")
		if b.Has("link", "Oolong") {
			t.Error("the search for jasmine lists Oolong")
		}
		if row := b.RowCells("Jasmine pearls"); row != "Jasmine pearls Active 2 9.25 – 15.00 USD 22" {
			t.Errorf("catalog row: %q", row)
		}
		shots(t, b, "seller-products")
		b.Click("link", "Jasmine pearls")
		b.Select("Status", "archived")
		b.Submit("Save product")
		b.Find("status", "Product saved.")
		if pr, _ := w.com.Product(ctx, w.brand.ID, id); pr.Status != commerce.StatusArchived {
			t.Fatalf("not archived: %s", pr.Status)
		}
		b.Open("/")
		b.Submit("Sign out")
		b.WaitPath("/")

		b.SignIn("agent@example.com", password, "/")
		b.Open(products + "/" + id)
		b.Find("heading", "Jasmine pearls")
		if b.Has("button", "Save product") || b.Has("button", "Add SKU") || b.Has("link", "New product") {
			t.Error("the agent is offered catalog forms")
		}
		b.Axe()
		b.Open(products + "/new")
		b.Find("heading", forbidden)

		sess, _, err := w.ids.Login(ctx, "agent@example.com", password)
		if err != nil {
			t.Fatal(err)
		}
		c := noRedirects()
		k := pr.SKUs[0]
		for path, v := range map[string]url.Values{
			products + "/" + id:                   {"title": {"Mine"}, "status": {"active"}},
			products + "/" + id + "/skus":         {"options": {"x=y"}, "price": {"1.00"}, "stock": {"1"}},
			products + "/" + id + "/skus/" + k.ID: {"price": {"0.01"}, "stock": {"0"}},
			products + "/new":                     {"title": {"Mine"}, "currency": {"USD"}, "price": {"1.00"}, "stock": {"1"}},
		} {
			v.Set("csrf_token", sess.CSRFToken)
			if res := post(t, c, w.base+path, v, "Cookie", "souk_session="+sess.Token); res.StatusCode != http.StatusForbidden {
				t.Errorf("agent posting %s: %d, want 403", path, res.StatusCode)
			}
		}
		after, _ := w.com.Product(ctx, w.brand.ID, id)
		if after.Title != "Jasmine pearls" || len(after.SKUs) != 2 || after.SKUs[0].Price != k.Price || after.SKUs[0].OnHand != k.OnHand {
			t.Fatalf("a refused post changed the product: %+v", after)
		}
	})
}

// The orders list pages by 50 with an "Older orders" link that keeps the
// filters; the pages together list every order once.
func TestSellerOrdersPaging(t *testing.T) {
	w := startSellerServer(t, storetest.SQLite(t))
	want := map[string]bool{}
	for range 57 {
		o, err := w.com.CreateOrder(ctx, commerce.NewOrder{ShopperID: w.shopperID, BrandID: w.brand.ID, Lines: []commerce.LineInput{{SKUID: w.sku.ID, Qty: 1}}})
		if err != nil {
			t.Fatal(err)
		}
		want[o.ID] = true
	}
	sess, _, err := w.ids.Login(ctx, "agent@example.com", password)
	if err != nil {
		t.Fatal(err)
	}
	c := noRedirects()
	next := "/seller/" + w.brand.ID + "/orders?state=pending_payment"
	seen := map[string]bool{}
	var pages []int
	link := regexp.MustCompile(`href="(/seller/[^"]+/orders\?[^"]*before=[^"]+)">Older orders`)
	row := regexp.MustCompile(`/orders/(ord_[0-9a-z]+)"`)
	for next != "" {
		res := get(t, c, w.base+html.UnescapeString(next), "Cookie", "souk_session="+sess.Token)
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != http.StatusOK {
			t.Fatalf("%s: %d", next, res.StatusCode)
		}
		n := 0
		for _, m := range row.FindAllStringSubmatch(string(body), -1) {
			if seen[m[1]] {
				t.Fatalf("order %s listed twice", m[1])
			}
			seen[m[1]] = true
			n++
		}
		pages = append(pages, n)
		next = ""
		if m := link.FindStringSubmatch(string(body)); m != nil {
			next = m[1]
			if !strings.Contains(next, "state=pending_payment") {
				t.Fatalf("the older link drops the filter: %s", next)
			}
		}
	}
	if len(seen) != len(want) || len(pages) != 2 || pages[0] != 50 {
		t.Fatalf("pages %v, %d of %d orders", pages, len(seen), len(want))
	}
}
