package host_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/soukhq/souk/api"
	"github.com/soukhq/souk/chat"
	"github.com/soukhq/souk/identity"
	"github.com/soukhq/souk/marketplace"
	"github.com/soukhq/souk/payments/money"
	"github.com/soukhq/souk/runtime"
	"github.com/soukhq/souk/store"
	"github.com/soukhq/souk/store/storetest"
)

const (
	pin        = "482915"
	feeBps     = 500  // payments' default platform fee
	devBps     = 1000 // commerce's default developer share of app orders
	topUpCents = 100_00
)

// TestCoreFlowOverHTTP is the brief's core flow on a real node, driven over
// HTTP only (the test moves the clock with the job queue, nothing else): a
// developer ships the example shop through review and a gray release, a
// brand installs it and stocks products, shoppers buy through it and pay
// with their PIN, the brand ships with the simulated carrier, and the money
// is split exactly — through a completed order, a partial refund and a
// dispute — until the ledger check passes and every balance is what the
// test computes from integer cents.
func TestCoreFlowOverHTTP(t *testing.T) {
	v1, v2 := buildShop(t, "1.0.0"), buildShop(t, "1.0.1")
	spans := useTestTracer()
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		start := time.Now()
		n := startNode(t, db)
		f := &flow{t: t, n: n, v1: v1, v2: v2, hooks: newHookReceiver(t), spans: spans}
		steps := []struct {
			name string
			run  func(t *testing.T)
		}{
			{"users", f.users},
			{"publish", f.publish},
			{"install_and_stock", f.installAndStock},
			{"gray_release", f.grayRelease},
			{"wallets", f.topUp},
			{"first_order_through_the_app", f.firstOrder},
			{"ship_deliver_complete_settle", f.shipAndSettle},
			{"review", f.review},
			{"second_order_partial_refund", f.secondOrder},
			{"third_order_dispute", f.thirdOrder},
			{"chat_and_app_events", f.chatAndEvents},
			{"ledger_and_balances", f.finalBalances},
			{"metrics_and_traces", f.metricsAndTraces},
		}
		for _, s := range steps {
			// Helpers fail the stage that runs them.
			if !t.Run(s.name, func(t *testing.T) { f.t, n.t = t, t; s.run(t) }) {
				t.FailNow()
			}
		}
		t.Logf("core flow on %s: %s", db.Dialect, time.Since(start).Round(time.Millisecond))
	})
}

// flow is the state the stages share.
type flow struct {
	t      *testing.T
	n      *node
	v1, v2 []byte

	admin, reviewer, dev, brand *client
	ann, bob                    *client // shoppers; their gray buckets differ
	devOrg, brandOrg            string
	appID, installation         string
	hooks                       *hookReceiver
	spans                       *tracetest.InMemoryExporter

	tea, mug                    api.ProductView
	teaS, teaL, mugSKU          api.SKUView
	order1, order2, order3      string
	order1Total, order2Total    int64
	order2Refund, order3Dispute int64
	order3Total                 int64

	// expected balances in cents
	wallets                map[string]int64 // by user id
	brandBal, devBal, fees int64
	escrow, bank           int64
}

// users: a developer org, a brand, a reviewer and an admin (the first admin
// can only be made outside the API: the identity service, as `souk admin`
// does), shoppers.
func (f *flow) users(t *testing.T) {
	n := f.n
	f.admin = n.signup("admin")
	if err := n.h.Identity.SetPlatformRole(bg, f.admin.user, identity.RoleAdmin); err != nil {
		t.Fatal(err)
	}
	f.reviewer = n.signup("reviewer")
	f.admin.must(http.StatusNoContent, "PUT", "/api/v1/admin/users/"+f.reviewer.user+"/role", map[string]string{"role": "reviewer"}, nil)

	f.dev = n.signup("developer")
	var org identity.Org
	f.dev.must(http.StatusCreated, "POST", "/api/v1/orgs", map[string]string{"kind": "developer", "name": "Shop Dev"}, &org)
	f.devOrg = org.ID
	f.brand = n.signup("brand-owner")
	f.brand.must(http.StatusCreated, "POST", "/api/v1/orgs", map[string]string{"kind": "brand", "name": "Acme Tea"}, &org)
	f.brandOrg = org.ID

	// A shopper cannot review apps; a reviewer cannot act for the brand.
	shopper := n.signup("nobody")
	if st, _ := shopper.do("GET", "/api/v1/review/queue", nil); st != http.StatusForbidden {
		t.Fatalf("a shopper reads the review queue: %d", st)
	}
	if st, _ := f.reviewer.do("GET", "/api/v1/orgs/"+f.brandOrg+"/balances", nil); st != http.StatusForbidden && st != http.StatusNotFound {
		t.Fatalf("a reviewer reads the brand's balances: %d", st)
	}
	f.wallets = map[string]int64{}
}

func (f *flow) appPath(rest string) string {
	return "/api/v1/orgs/" + f.devOrg + "/apps/" + f.appID + rest
}

// uploadAndApprove uploads a build, checks its automatic checks passed,
// submits it and has the reviewer approve it.
func (f *flow) uploadAndApprove(t *testing.T, archive []byte, version string) marketplace.Version {
	var v marketplace.Version
	f.dev.must(http.StatusCreated, "POST", f.appPath("/versions"), rawBody{"application/zip", archive}, &v)
	if v.Version != version || v.Status != marketplace.StatusReady || len(v.Checks) == 0 {
		t.Fatalf("uploaded %s: status %s, checks %+v", v.Version, v.Status, v.Checks)
	}
	// Every check passes; the permission diff is information for the
	// reviewer (the first version asks for everything anew; 1.0.1 for
	// nothing more than 1.0.0).
	for _, c := range v.Checks {
		if c.Check == "permission_diff" {
			if first := version == "1.0.0"; c.OK == first || (first && c.Code != "permissions_added") {
				t.Fatalf("%s: permission diff %+v", version, c)
			}
			continue
		}
		if !c.OK {
			t.Fatalf("check %s failed: %s %s", c.Check, c.Code, c.Message)
		}
	}
	if added := v.PermissionsAdded; (version == "1.0.0") != (len(added) == len(runtime.Permissions)) {
		t.Fatalf("%s adds permissions %v", version, added)
	}
	// Versions are immutable: the same version again is refused.
	if st, _ := f.dev.do("POST", f.appPath("/versions"), rawBody{"application/zip", archive}); st < 400 {
		t.Fatalf("re-uploading %s: %d", version, st)
	}
	var d api.VersionDetail
	f.dev.must(http.StatusOK, "POST", f.appPath("/versions/"+version+"/submit"), nil, &d)
	if d.Status != marketplace.StatusInReview {
		t.Fatalf("submitted %s is %s", version, d.Status)
	}
	var queue struct {
		Data []marketplace.Version `json:"data"`
	}
	f.reviewer.get("/api/v1/review/queue?limit=100", &queue)
	if !slices.ContainsFunc(queue.Data, func(q marketplace.Version) bool { return q.AppID == f.appID && q.Version == version }) {
		t.Fatalf("%s is not in the review queue: %+v", version, queue.Data)
	}
	// The developer cannot approve their own app.
	if st, _ := f.dev.do("POST", "/api/v1/review/apps/"+f.appID+"/versions/"+version+"/approve", map[string]string{}); st != http.StatusForbidden {
		t.Fatalf("the developer approved: %d", st)
	}
	f.reviewer.must(http.StatusOK, "POST", "/api/v1/review/apps/"+f.appID+"/versions/"+version+"/approve", map[string]string{"message": "Looks good"}, &v)
	f.dev.get(f.appPath("/versions/"+version), &d)
	if d.Status != marketplace.StatusApproved || d.Review == nil || d.Review.Message != "Looks good" {
		t.Fatalf("approved %s: %+v", version, d.Version)
	}
	return v
}

func (f *flow) release(t *testing.T, version string, percent int) marketplace.ReleaseState {
	var st marketplace.ReleaseState
	f.dev.must(http.StatusOK, "POST", f.appPath("/release"), map[string]any{"version": version, "percent": percent}, &st)
	return st
}

// publish: the developer creates the app, uploads the example shop 1.0.0,
// which passes review and goes out to everyone.
func (f *flow) publish(t *testing.T) {
	var a marketplace.App
	f.dev.must(http.StatusCreated, "POST", "/api/v1/orgs/"+f.devOrg+"/apps", map[string]string{"slug": "shop", "name": "Shop"}, &a)
	f.appID = a.ID
	// The developer follows the app's orders and payments by webhook.
	var ep api.WebhookWithSecret
	f.dev.must(http.StatusCreated, "POST", f.appPath("/webhooks"), map[string]any{"url": f.hooks.url(), "event_types": []string{"order.*", "payment.*"}}, &ep)
	if !strings.HasPrefix(ep.Secret, "whsec_") || !ep.Enabled {
		t.Fatalf("webhook endpoint %+v", ep)
	}
	f.hooks.setSecret(ep.Secret)

	f.uploadAndApprove(t, f.v1, "1.0.0")
	if st := f.release(t, "1.0.0", 100); st.Stable != "1.0.0" || st.Candidate != "" {
		t.Fatalf("release 1.0.0: %+v", st)
	}
	var listed marketplace.ListedApp
	(&client{n: f.n, name: "anonymous"}).get("/api/v1/apps/"+f.appID, &listed)
	if listed.Version != "1.0.0" || !slices.Equal(listed.Permissions, runtime.Permissions) {
		t.Fatalf("store listing: %+v", listed)
	}
}

// installAndStock: the brand installs the shop granting what it asks for,
// and stocks two products.
func (f *flow) installAndStock(t *testing.T) {
	path := "/api/v1/orgs/" + f.brandOrg + "/installations"
	// Granting less than the manifest asks for is refused.
	if st, _ := f.brand.do("POST", path, map[string]any{"app_id": f.appID, "permissions": []string{"storage"}}); st < 400 {
		t.Fatalf("install with too few permissions: %d", st)
	}
	var ins marketplace.Installation
	f.brand.must(http.StatusCreated, "POST", path, map[string]any{"app_id": f.appID, "permissions": runtime.Permissions}, &ins)
	if ins.Status != marketplace.InstallActive || ins.Version != "1.0.0" {
		t.Fatalf("installation %+v", ins)
	}
	f.installation = ins.ID

	product := func(title string) api.ProductView {
		var p api.ProductView
		f.brand.must(http.StatusCreated, "POST", "/api/v1/orgs/"+f.brandOrg+"/products",
			map[string]string{"title": title, "description": title + " from Acme", "currency": "USD"}, &p)
		return p
	}
	sku := func(p api.ProductView, options map[string]string, price string, stock int64) api.SKUView {
		var k api.SKUView
		f.brand.must(http.StatusCreated, "POST", "/api/v1/orgs/"+f.brandOrg+"/products/"+p.ID+"/skus",
			map[string]any{"options": options, "price": price, "on_hand": stock}, &k)
		if k.Price != price || k.OnHand != stock || k.Available != stock {
			t.Fatalf("sku %+v", k)
		}
		return k
	}
	f.tea, f.mug = product("Green tea"), product("Mug")
	f.teaS = sku(f.tea, map[string]string{"size": "S"}, "4.55", 10)
	f.teaL = sku(f.tea, map[string]string{"size": "L"}, "6.10", 5)
	f.mugSKU = sku(f.mug, nil, "12.00", 3)
}

// grayRelease: 1.0.1 goes to 50 % of shoppers, sticky by bucket; two
// shoppers on either side of the line see different versions; at 100 %
// both see 1.0.1.
func (f *flow) grayRelease(t *testing.T) {
	f.uploadAndApprove(t, f.v2, "1.0.1")
	st := f.release(t, "1.0.1", 50)
	if st.Stable != "1.0.0" || st.Candidate != "1.0.1" || st.Percent != 50 {
		t.Fatalf("gray release: %+v", st)
	}
	// Shoppers until one is inside the 50 % and one outside.
	var in, out *client
	for i := 0; in == nil || out == nil; i++ {
		if i == 40 {
			t.Fatal("forty shoppers, all on one side of the gray line")
		}
		c := f.n.signup("shopper")
		if marketplace.Bucket(f.appID, c.user) < 50 {
			if in == nil {
				in = c
			}
		} else if out == nil {
			out = c
		}
	}
	f.ann, f.bob = in, out
	served := func(c *client) string {
		s := c.render(f.installation, "home", nil)
		var r runtime.Receipt
		f.dev.get(f.appPath("/receipts/"+s.receiptID), &r)
		if r.Outcome != "ok" || r.InstallationID != f.installation || r.Event != "render" {
			t.Fatalf("receipt %+v", r)
		}
		return r.Version
	}
	for range 2 { // sticky
		if v := served(f.ann); v != "1.0.1" {
			t.Fatalf("ann (bucket %d) sees %s at 50 %%", marketplace.Bucket(f.appID, f.ann.user), v)
		}
		if v := served(f.bob); v != "1.0.0" {
			t.Fatalf("bob (bucket %d) sees %s at 50 %%", marketplace.Bucket(f.appID, f.bob.user), v)
		}
	}
	// The percentage only rises.
	if st, raw := f.dev.do("POST", f.appPath("/release"), map[string]any{"version": "1.0.1", "percent": 20}); st < 400 {
		t.Fatalf("lowering the gray percentage: %d %s", st, raw)
	}
	if st := f.release(t, "1.0.1", 100); st.Stable != "1.0.1" || st.Candidate != "" {
		t.Fatalf("release 1.0.1 at 100 %%: %+v", st)
	}
	if a, b := served(f.ann), served(f.bob); a != "1.0.1" || b != "1.0.1" {
		t.Fatalf("at 100 %%: ann sees %s, bob %s", a, b)
	}
	var rel api.Releases
	f.dev.get(f.appPath("/releases"), &rel)
	if rel.State.Stable != "1.0.1" || !slices.Equal(rel.Kept, []string{"1.0.0"}) { // what a rollback may go back to
		t.Fatalf("kept versions %v", rel.Kept)
	}
}

func (f *flow) balances(c *client, path string) []api.BalanceView {
	var out struct {
		Data []api.BalanceView `json:"data"`
	}
	c.get(path, &out)
	return out.Data
}

// wallet is c's posted USD balance in cents (0 without a wallet).
func (f *flow) wallet(c *client) int64 {
	for _, b := range f.balances(c, "/api/v1/wallet/balances") {
		if b.Currency == "USD" {
			return minor(f.t, b.Posted)
		}
	}
	return 0
}

// wallets: both shoppers top up 100.00 through the (simulated) bank and set
// their payment PIN.
func (f *flow) topUp(t *testing.T) {
	for _, c := range []*client{f.ann, f.bob} {
		var op api.FundingView
		c.must(http.StatusAccepted, "POST", "/api/v1/wallet/topups", map[string]string{"id": "topup-" + c.user, "currency": "USD", "amount": usd(topUpCents)}, &op)
		if op.Status == "succeeded" {
			t.Fatalf("top-up credited before the bank answered: %+v", op)
		}
		if got := f.wallet(c); got != 0 {
			t.Fatalf("wallet before the bank answered: %d", got)
		}
		f.admin.must(http.StatusOK, "POST", "/api/v1/admin/simbank/"+op.ID, map[string]bool{"succeeded": true}, &op)
		c.get("/api/v1/wallet/topups/"+op.ID, &op)
		if op.Status != "succeeded" {
			t.Fatalf("top-up %+v", op)
		}
		f.wallets[c.user] = topUpCents
		f.bank -= topUpCents
		if got := f.wallet(c); got != topUpCents {
			t.Fatalf("wallet after top-up: %d", got)
		}
		c.must(http.StatusNoContent, "PUT", "/api/v1/me/pin", map[string]string{"password": password, "pin": pin}, nil)
	}
}

// order is the shopper's view of an order.
func (f *flow) order(c *client, id string) api.OrderView {
	var o api.OrderView
	c.get("/api/v1/orders/"+id, &o)
	return o
}

func (f *flow) wantState(c *client, id, state string) api.OrderView {
	f.t.Helper()
	o := f.order(c, id)
	if o.State != state {
		f.t.Fatalf("order %s is %s, want %s", id, o.State, state)
	}
	return o
}

// payWithPIN confirms a payment request on the host's route; a wrong PIN
// is refused first.
func (f *flow) payWithPIN(c *client, requestID string, amount int64) {
	t := f.t
	var pr api.PaymentRequestView
	c.get("/api/v1/payment-requests/"+requestID, &pr)
	if pr.Status != "created" || pr.Amount != usd(amount) || pr.Currency != "USD" {
		t.Fatalf("payment request %+v, want %s", pr, usd(amount))
	}
	// Only the shopper the request is for can see it.
	other := f.ann
	if c == f.ann {
		other = f.bob
	}
	if st, _ := other.do("GET", "/api/v1/payment-requests/"+requestID, nil); st != http.StatusNotFound {
		t.Fatalf("another shopper sees the payment request: %d", st)
	}
	if st, raw := c.do("POST", "/api/v1/payment-requests/"+requestID+"/confirm", map[string]string{"pin": "000000"}); st < 400 {
		t.Fatalf("a wrong PIN paid: %d %s", st, raw)
	}
	c.must(http.StatusOK, "POST", "/api/v1/payment-requests/"+requestID+"/confirm", map[string]string{"pin": pin}, &pr)
	if pr.Status != "paid" {
		t.Fatalf("confirmed request %+v", pr)
	}
	f.wallets[c.user] -= amount
	f.escrow += amount
	if got := f.wallet(c); got != f.wallets[c.user] {
		t.Fatalf("%s's wallet %s, want %s", c.name, usd(got), usd(f.wallets[c.user]))
	}
}

// firstOrder: Ann browses the shop, fills her cart, checks out and pays.
func (f *flow) firstOrder(t *testing.T) {
	ann, ins := f.ann, f.installation
	home := ann.render(ins, "home", nil)
	if home.text("cart-count") != "Cart: 0 items" {
		t.Fatalf("cart-count %q", home.text("cart-count"))
	}
	card := home.node("p-" + f.tea.ID)
	if card.Action != "product" || card.ProductID != f.tea.ID {
		t.Fatalf("catalog card %+v", card)
	}
	home.node("p-" + f.mug.ID)

	page := ann.action(ins, card.Action, map[string]any{"productId": f.tea.ID})
	if got := page.text("sku-" + f.teaS.ID); got != "size: S — 4.55 USD (10 left)" {
		t.Fatalf("sku line %q", got)
	}
	add := page.node("add-" + f.teaS.ID)
	var addArgs map[string]any
	if err := json.Unmarshal(add.Args, &addArgs); err != nil || add.Action != "addToCart" {
		t.Fatalf("add button %+v", add)
	}
	addArgs["qty"] = 3
	cart := ann.action(ins, add.Action, addArgs)
	if cart.text("qty-"+f.teaS.ID) != "3" {
		t.Fatalf("qty %q", cart.text("qty-"+f.teaS.ID))
	}
	cart = ann.action(ins, "addToCart", map[string]any{"skuId": f.mugSKU.ID, "productId": f.mug.ID, "qty": 1})
	f.order1Total = 3*455 + 1200
	if got := cart.text("cart-total"); got != "Estimated total: "+usd(f.order1Total)+" USD" {
		t.Fatalf("cart total %q", got)
	}
	if got := ann.render(ins, "cart", nil).text("cart-total"); got != "Estimated total: "+usd(f.order1Total)+" USD" {
		t.Fatalf("cart page total %q", got)
	}

	view := ann.action(ins, "checkout", nil)
	f.order1 = view.node("order-status").OrderID
	if view.text("order-state") != "pending_payment" || view.text("order-total") != "Total "+usd(f.order1Total)+" USD" || !view.has("pay") {
		t.Fatalf("order view: %q %q", view.text("order-state"), view.text("order-total"))
	}
	o := f.wantState(ann, f.order1, "pending_payment")
	if o.Total != usd(f.order1Total) || o.InstallationID != ins || o.AppID != f.appID || len(o.Lines) != 2 {
		t.Fatalf("order %+v", o)
	}
	// Stock is reserved, not yet committed.
	var p api.ProductView
	f.brand.get("/api/v1/orgs/"+f.brandOrg+"/products/"+f.tea.ID, &p)
	if k := p.SKUs[0]; k.ID != f.teaS.ID || k.Reserved != 3 || k.Available != 7 {
		t.Fatalf("reserved stock %+v", p.SKUs)
	}

	view = ann.action(ins, "pay", map[string]any{"orderId": f.order1})
	req := view.text("payment-request")
	if view.text("payment-status") != "created" || req == "" {
		t.Fatalf("payment card %q %q", req, view.text("payment-status"))
	}
	f.payWithPIN(ann, req, f.order1Total)
	o = f.wantState(ann, f.order1, "paid")
	if o.PaymentRequestID != req || o.PaidAt == nil {
		t.Fatalf("paid order %+v", o)
	}
	f.n.runJobs(0) // the order events reach chat and the app
	if got := ann.action(ins, "order", map[string]any{"orderId": f.order1}).text("order-state"); got != "paid" {
		t.Fatalf("the app shows the order %s", got)
	}
}

// ship creates a simulated-carrier shipment of the whole order.
func (f *flow) ship(t *testing.T, c *client, orderID string) api.ShipmentView {
	var sh api.ShipmentView
	f.brand.must(http.StatusCreated, "POST", "/api/v1/orgs/"+f.brandOrg+"/orders/"+orderID+"/shipments", map[string]string{"carrier": "simcarrier"}, &sh)
	if sh.Carrier != "simcarrier" || !strings.HasPrefix(sh.TrackingNumber, "SIM") || sh.Status != "label_created" {
		t.Fatalf("shipment %+v", sh)
	}
	f.wantState(c, orderID, "shipped")
	return sh
}

func (f *flow) tracking(c *client, orderID string) []api.ShipmentView {
	var out struct {
		Data []api.ShipmentView `json:"data"`
	}
	c.get("/api/v1/orders/"+orderID+"/shipments", &out)
	return out.Data
}

// settle records a settlement of base cents through an app (developer
// share) or not.
func (f *flow) settle(base int64, throughApp bool) {
	share := int64(devBps)
	if !throughApp {
		share = 0
	}
	fee, dev, brand := split(base, feeBps, share)
	f.fees += fee
	f.devBal += dev
	f.brandBal += brand
	f.escrow -= base
}

// checkBalances compares every balance with the expected figures.
func (f *flow) checkBalances(t *testing.T) {
	t.Helper()
	for _, c := range []*client{f.ann, f.bob} {
		if got := f.wallet(c); got != f.wallets[c.user] {
			t.Errorf("%s's wallet %s, want %s", c.name, usd(got), usd(f.wallets[c.user]))
		}
	}
	posted := func(bs []api.BalanceView) int64 {
		for _, b := range bs {
			if b.Currency == "USD" {
				return minor(t, b.Posted)
			}
		}
		return 0
	}
	if got := posted(f.balances(f.brand, "/api/v1/orgs/"+f.brandOrg+"/balances")); got != f.brandBal {
		t.Errorf("brand balance %s, want %s", usd(got), usd(f.brandBal))
	}
	admin := func(owner string) map[string]int64 {
		var out struct {
			Data []api.AccountBalanceView `json:"data"`
		}
		f.admin.get("/api/v1/admin/balances?limit=100&owner_id="+owner, &out)
		m := map[string]int64{}
		for _, b := range out.Data {
			m[b.Account] = minor(t, b.Posted)
		}
		return m
	}
	if got := posted(f.balances(f.dev, "/api/v1/orgs/"+f.devOrg+"/revenue")); got != f.devBal {
		t.Errorf("developer revenue (the developer's own route) %s, want %s", usd(got), usd(f.devBal))
	}
	if got := admin(f.devOrg)["developer:"+f.devOrg+":USD"]; got != f.devBal {
		t.Errorf("developer balance %s, want %s", usd(got), usd(f.devBal))
	}
	if got := admin(f.brandOrg)["brand:"+f.brandOrg+":USD"]; got != f.brandBal {
		t.Errorf("brand balance (admin view) %s, want %s", usd(got), usd(f.brandBal))
	}
	platform := admin("platform")
	for acct, want := range map[string]int64{"fees:USD": f.fees, "escrow:USD": f.escrow, "bank:USD": f.bank} {
		if got := platform[acct]; got != want {
			t.Errorf("%s %s, want %s", acct, usd(got), usd(want))
		}
	}
	if t.Failed() {
		t.FailNow()
	}
}

// shipAndSettle: the brand ships with the simulated carrier, which delivers
// as the clock runs forward; Ann confirms receipt and the payment settles.
func (f *flow) shipAndSettle(t *testing.T) {
	ann := f.ann
	// The shopper cannot ship; the brand can.
	if st, _ := ann.do("POST", "/api/v1/orgs/"+f.brandOrg+"/orders/"+f.order1+"/shipments", map[string]string{"carrier": "simcarrier"}); st != http.StatusForbidden && st != http.StatusNotFound {
		t.Fatalf("a shopper created a shipment: %d", st)
	}
	// Nor confirm receipt of an undelivered order.
	if st, _ := ann.do("POST", "/api/v1/orders/"+f.order1+"/confirm-receipt", nil); st != http.StatusConflict {
		t.Fatalf("confirming a paid order: %d", st)
	}
	sh := f.ship(t, ann, f.order1)

	// The simulated carrier's steps are durable jobs (2 h, 20 h and 4 h
	// apart): run the queue a day ahead, three times.
	for day := 1; day <= 3; day++ {
		f.n.runJobs(time.Duration(day) * 24 * time.Hour)
	}
	shs := f.tracking(ann, f.order1)
	if len(shs) != 1 || shs[0].ID != sh.ID || shs[0].Status != "delivered" {
		t.Fatalf("tracking %+v", shs)
	}
	var statuses []string
	for _, ev := range shs[0].Events {
		statuses = append(statuses, ev.Status)
	}
	if !slices.Equal(statuses, []string{"label_created", "in_transit", "out_for_delivery", "delivered"}) {
		t.Fatalf("tracking events %v", statuses)
	}
	o := f.wantState(ann, f.order1, "delivered")
	if o.DeliveredAt == nil {
		t.Fatalf("delivered order %+v", o)
	}
	// Nothing settles before the shopper confirms (or the timer runs out).
	f.checkBalances(t)

	ann.must(http.StatusOK, "POST", "/api/v1/orders/"+f.order1+"/confirm-receipt", nil, &o)
	if o.State != "completed" || o.CompletedAt == nil {
		t.Fatalf("confirmed order %+v", o)
	}
	var want []string
	for _, tr := range o.Transitions {
		want = append(want, tr.To)
	}
	if !slices.Equal(slices.Compact(want), []string{"pending_payment", "paid", "shipped", "delivered", "completed"}) {
		t.Fatalf("transitions %v", want)
	}
	f.settle(f.order1Total, true)
	f.checkBalances(t)
	f.n.runJobs(0)

	// Stock: reserved at checkout, committed on payment.
	var p api.ProductView
	f.brand.get("/api/v1/orgs/"+f.brandOrg+"/products/"+f.tea.ID, &p)
	if k := p.SKUs[0]; k.OnHand != 7 || k.Reserved != 0 {
		t.Fatalf("stock after the sale %+v", k)
	}
}

// review: Ann reviews the tea line of her completed order; the summary and
// the app's product page show it. Bob, who bought nothing, cannot.
func (f *flow) review(t *testing.T) {
	path := "/api/v1/orders/" + f.order1 + "/lines/1/review"
	if st, _ := f.bob.do("POST", path, map[string]any{"rating": 1, "body": "never bought it"}); st != http.StatusNotFound && st != http.StatusForbidden && st != http.StatusConflict {
		t.Fatalf("a review without a purchase: %d", st)
	}
	var r api.ReviewView
	f.ann.must(http.StatusCreated, "POST", path, map[string]any{"rating": 4, "body": "Fresh and fragrant"}, &r)
	if r.ProductID != f.tea.ID || r.SKUID != f.teaS.ID || r.Rating != 4 {
		t.Fatalf("review %+v", r)
	}
	if st, _ := f.ann.do("POST", path, map[string]any{"rating": 5}); st != http.StatusConflict {
		t.Fatalf("a second review of the line: %d", st)
	}
	var sum api.RatingSummaryView
	(&client{n: f.n, name: "anonymous"}).get("/api/v1/products/"+f.tea.ID+"/reviews/summary", &sum)
	if sum.Count != 1 || sum.Mean != "4.00" || sum.Distribution["4"] != 1 {
		t.Fatalf("summary %+v", sum)
	}
	page := f.bob.action(f.installation, "product", map[string]any{"productId": f.tea.ID})
	if page.text("rating") != "4.00 / 5 from 1 review" || page.node("review-" + r.ID).Children[0].Text != "Fresh and fragrant" {
		t.Fatalf("product page rating %q", page.text("rating"))
	}
}

// secondOrder: Bob buys through the app, asks for part of his money back,
// and the brand approves less than he asked; then the rest goes through to
// completion and settles on what is left.
func (f *flow) secondOrder(t *testing.T) {
	bob, ins := f.bob, f.installation
	bob.action(ins, "addToCart", map[string]any{"skuId": f.teaL.ID, "productId": f.tea.ID, "qty": 2})
	bob.action(ins, "addToCart", map[string]any{"skuId": f.mugSKU.ID, "productId": f.mug.ID, "qty": 1})
	view := bob.action(ins, "checkout", nil)
	f.order2 = view.node("order-status").OrderID
	f.order2Total = 2*610 + 1200
	if view.text("order-total") != "Total "+usd(f.order2Total)+" USD" {
		t.Fatalf("order total %q", view.text("order-total"))
	}
	req := bob.action(ins, "pay", map[string]any{"orderId": f.order2}).text("payment-request")
	f.payWithPIN(bob, req, f.order2Total)
	f.wantState(bob, f.order2, "paid")
	f.n.runJobs(0)
	// Declining the paid request is refused: after payment, money leaves
	// escrow only through the brand's refund or a dispute (issue 10, B7).
	if st, _ := bob.do("POST", "/api/v1/payment-requests/"+req+"/cancel", nil); st != http.StatusConflict {
		t.Fatalf("declining a paid request: %d", st)
	}
	f.wantState(bob, f.order2, "paid")

	var o api.OrderView
	bob.must(http.StatusOK, "POST", "/api/v1/orders/"+f.order2+"/refund-request", map[string]string{"amount": "6.10", "reason": "One tin arrived dented"}, &o)
	if o.State != "refund_requested" || o.PrevState != "paid" {
		t.Fatalf("refund requested %+v", o)
	}
	// More than asked is refused; the brand approves 4.00 of the 6.10.
	approve := "/api/v1/orgs/" + f.brandOrg + "/orders/" + f.order2 + "/refund/approve"
	if st, _ := f.brand.do("POST", approve, map[string]string{"amount": "6.11"}); st < 400 {
		t.Fatalf("approving more than asked: %d", st)
	}
	f.order2Refund = 400
	f.brand.must(http.StatusOK, "POST", approve, map[string]string{"amount": usd(f.order2Refund)}, &o)
	if o.State != "paid" || o.Refunded != usd(f.order2Refund) {
		t.Fatalf("after a partial refund %+v", o)
	}
	f.wallets[bob.user] += f.order2Refund
	f.escrow -= f.order2Refund
	f.checkBalances(t)

	// Shipped and delivered (the admin's shortcut for the simulated
	// carrier this time), confirmed: settles the rest.
	sh := f.ship(t, bob, f.order2)
	for _, want := range []string{"in_transit", "out_for_delivery", "delivered"} {
		var got api.ShipmentView
		f.admin.must(http.StatusOK, "POST", "/api/v1/admin/shipments/"+sh.ID+"/advance", nil, &got)
		if got.Status != want {
			t.Fatalf("advanced to %s, want %s", got.Status, want)
		}
	}
	f.wantState(bob, f.order2, "delivered")
	bob.must(http.StatusOK, "POST", "/api/v1/orders/"+f.order2+"/confirm-receipt", nil, &o)
	if o.State != "completed" || o.Refunded != usd(f.order2Refund) {
		t.Fatalf("completed %+v", o)
	}
	f.settle(f.order2Total-f.order2Refund, true)
	f.checkBalances(t)
	f.n.runJobs(0)
}

// thirdOrder: Ann orders directly from the brand (no app, so no developer
// share), pays, disputes part of it, and the admin decides for her: the
// disputed amount comes back and the rest settles.
func (f *flow) thirdOrder(t *testing.T) {
	ann := f.ann
	var o api.OrderView
	ann.must(http.StatusCreated, "POST", "/api/v1/orders", map[string]any{"brand_id": f.brandOrg, "lines": []map[string]any{{"sku_id": f.teaS.ID, "qty": 2}}}, &o)
	f.order3, f.order3Total = o.ID, 2*455
	if o.Total != usd(f.order3Total) || o.AppID != "" || o.State != "pending_payment" {
		t.Fatalf("direct order %+v", o)
	}
	var pr api.PaymentRequestView
	ann.must(http.StatusOK, "POST", "/api/v1/orders/"+f.order3+"/payment", nil, &pr)
	f.payWithPIN(ann, pr.ID, f.order3Total)
	f.wantState(ann, f.order3, "paid")

	// A dispute needs a reason; it holds the amount until an admin decides.
	if st, _ := ann.do("POST", "/api/v1/orders/"+f.order3+"/dispute", map[string]string{"amount": "4.55"}); st != http.StatusBadRequest {
		t.Fatalf("a dispute without a reason: %d", st)
	}
	f.order3Dispute = 455
	ann.must(http.StatusOK, "POST", "/api/v1/orders/"+f.order3+"/dispute", map[string]string{"amount": usd(f.order3Dispute), "reason": "One packet was missing"}, &o)
	if o.State != "disputed" {
		t.Fatalf("disputed %+v", o)
	}
	// A disputed order cannot be refunded or shipped around the decision.
	if st, _ := ann.do("POST", "/api/v1/orders/"+f.order3+"/refund-request", map[string]string{"reason": "again"}); st != http.StatusConflict {
		t.Fatalf("a refund request on a disputed order: %d", st)
	}
	resolve := "/api/v1/admin/orders/" + f.order3 + "/dispute/resolve"
	if st, _ := f.brand.do("POST", resolve, map[string]any{"for_shopper": false}); st != http.StatusForbidden {
		t.Fatalf("the brand resolved its own dispute: %d", st)
	}
	f.admin.must(http.StatusOK, "POST", resolve, map[string]any{"for_shopper": true, "reason": "The carrier confirmed a missing packet"}, &o)
	if o.State != "resolved" || o.Refunded != usd(f.order3Dispute) {
		t.Fatalf("resolved %+v", o)
	}
	f.wallets[ann.user] += f.order3Dispute
	f.escrow -= f.order3Dispute
	f.settle(f.order3Total-f.order3Dispute, false)
	f.checkBalances(t)
	f.n.runJobs(0)
}

// serviceMessages are the messages of c's service conversation with the
// shop, oldest first.
func (f *flow) serviceMessages(c *client) (string, []chat.Message) {
	var conv chat.Conversation
	c.must(http.StatusOK, "POST", "/api/v1/chat/service/"+f.installation, nil, &conv)
	if conv.Kind != "service" || conv.InstallationID != f.installation || conv.BrandOrgID != f.brandOrg {
		f.t.Fatalf("service conversation %+v", conv)
	}
	var page struct{ Data []chat.Message }
	c.get("/api/v1/chat/conversations/"+conv.ID+"/messages?limit=100", &page)
	msgs := slices.Clone(page.Data)
	slices.SortFunc(msgs, func(a, b chat.Message) int { return int(a.Seq - b.Seq) })
	return conv.ID, msgs
}

type cardBody struct {
	OrderID string `json:"order_id"`
	Event   string `json:"event"`
	Text    string `json:"text"`
	Title   string `json:"title"`
}

func body(m chat.Message) cardBody {
	var b cardBody
	_ = json.Unmarshal(m.Body, &b)
	return b
}

// chatAndEvents: every order event of app orders became a card in the
// shopper's service conversation, the app's handlers ran (its receipts and
// its messages), and the app answers the shopper in chat.
func (f *flow) chatAndEvents(t *testing.T) {
	check := func(c *client, orderID string, events []string, appTexts []string) string {
		var convID string
		var cards, texts []string
		f.n.eventually(c.name+"'s service messages", func() bool {
			var msgs []chat.Message
			convID, msgs = f.serviceMessages(c)
			cards, texts = nil, nil
			for _, m := range msgs {
				switch {
				case m.Kind == "order_card" && body(m).OrderID == orderID:
					cards = append(cards, body(m).Event)
				case m.SenderKind == "app":
					b := body(m)
					texts = append(texts, b.Text+b.Title)
				}
			}
			return len(texts) >= len(appTexts) && len(cards) >= len(events)
		})
		for _, e := range events {
			if !slices.Contains(cards, e) {
				t.Errorf("%s's conversation has no %s card for %s: %v", c.name, e, orderID, cards)
			}
		}
		for _, want := range appTexts {
			if !slices.ContainsFunc(texts, func(s string) bool { return strings.Contains(s, want) }) {
				t.Errorf("%s's conversation has no app message %q: %q", c.name, want, texts)
			}
		}
		return convID
	}
	annConv := check(f.ann, f.order1, []string{"orderCreated", "orderPaid", "shipmentUpdated", "orderDelivered", "orderCompleted"},
		[]string{"Paid: " + usd(f.order1Total) + " USD", "Your order " + f.order1 + " is on its way", "Your order " + f.order1 + " was delivered"})
	check(f.bob, f.order2, []string{"orderCreated", "orderPaid", "refundRequested", "refunded", "orderCompleted"},
		[]string{"Paid: " + usd(f.order2Total) + " USD", fmt.Sprintf("We refunded part of order %s: %s USD back to you so far.", f.order2, usd(f.order2Refund))})
	if t.Failed() {
		t.FailNow()
	}

	// The app's handlers ran for the order events, as its receipts show.
	ran := map[string]int{}
	f.n.eventually("the app's order handlers", func() bool {
		var page struct{ Data []runtime.Receipt }
		f.dev.get(f.appPath("/receipts?limit=100"), &page)
		clear(ran)
		for _, r := range page.Data {
			if r.Outcome != "ok" {
				t.Fatalf("receipt %s (%s): %s %+v", r.ID, r.Event, r.Outcome, r.Error)
			}
			ran[r.Event]++
		}
		// Two paid orders; one partial refund; each shipment's three
		// carrier steps and its creation.
		return ran["orderPaid"] == 2 && ran["refunded"] == 1 && ran["shipmentUpdated"] >= 6
	})

	// The developer's endpoint got the app orders' events, signed; the
	// direct order has no app and no developer to tell.
	want := map[string]int{"order.paid": 2, "payment.succeeded": 2, "order.refunded": 1, "payment.refunded": 1,
		"order.completed": 2, "payment.settled": 2, "order.delivered": 2}
	f.n.eventually("the developer's webhooks", func() bool {
		got, _ := f.hooks.got()
		for typ, n := range want {
			if got[typ] < n {
				return false
			}
		}
		return true
	})
	got, bad := f.hooks.got()
	if len(bad) != 0 || got["payment.disputed"] != 0 {
		t.Fatalf("webhooks: %v, refused: %v", got, bad)
	}
	for typ, n := range want {
		if got[typ] != n {
			t.Errorf("%d %s webhooks, want %d", got[typ], typ, n)
		}
	}

	// Ann asks the shop in chat; the app answers from her orders.
	var m chat.Message
	f.ann.must(http.StatusCreated, "POST", "/api/v1/chat/conversations/"+annConv+"/messages",
		map[string]string{"kind": "text", "text": "Where is my order?", "client_message_id": "ask-1"}, &m)
	var last chat.Message
	f.n.eventually("the app's answer", func() bool {
		_, msgs := f.serviceMessages(f.ann)
		last = msgs[len(msgs)-1]
		return last.Seq > m.Seq
	})
	if last.SenderKind != "app" || !strings.HasPrefix(body(last).Text, "Your latest order ") {
		t.Fatalf("the app's answer: %+v %s", last, last.Body)
	}
}

// finalBalances: the ledger check passes and every balance is exact.
func (f *flow) finalBalances(t *testing.T) {
	var rep api.AdminCheck
	f.admin.get("/api/v1/admin/ledger/check", &rep)
	if !rep.OK || !rep.LedgerOK || len(rep.Problems) != 0 || rep.Currencies["USD"].Posted != 0 || rep.Currencies["USD"].Pending != 0 {
		t.Fatalf("ledger check %+v", rep)
	}
	// Beside it, every order agrees with its payment and the ledger.
	if !rep.Orders.OK || rep.Orders.Orders < 3 || rep.Orders.Requests < 3 {
		t.Fatalf("order reconciliation %+v", rep.Orders)
	}
	if st, _ := f.ann.do("GET", "/api/v1/admin/ledger/check", nil); st != http.StatusForbidden {
		t.Fatalf("a shopper ran the ledger check: %d", st)
	}
	// The figures, from the prices alone.
	o1fee, o1dev, o1brand := split(3*455+1200, feeBps, devBps)
	o2fee, o2dev, o2brand := split(2*610+1200-400, feeBps, devBps)
	o3fee, _, o3brand := split(2*455-455, feeBps, 0)
	want := map[string]int64{
		"ann":       topUpCents - (3*455 + 1200) - 2*455 + 455,
		"bob":       topUpCents - (2*610 + 1200) + 400,
		"brand":     o1brand + o2brand + o3brand,
		"developer": o1dev + o2dev,
		"fees":      o1fee + o2fee + o3fee,
	}
	got := map[string]int64{"ann": f.wallets[f.ann.user], "bob": f.wallets[f.bob.user], "brand": f.brandBal, "developer": f.devBal, "fees": f.fees}
	for k, w := range want {
		if got[k] != w {
			t.Errorf("expected %s %s, the stages computed %s", k, usd(w), usd(got[k]))
		}
	}
	if f.escrow != 0 || f.bank != -2*topUpCents {
		t.Errorf("escrow %s, bank %s", usd(f.escrow), usd(f.bank))
	}
	if sum := want["ann"] + want["bob"] + want["brand"] + want["developer"] + want["fees"]; sum != 2*topUpCents {
		t.Errorf("the balances sum to %s, not the %s topped up", usd(sum), usd(2*topUpCents))
	}
	f.checkBalances(t)
	t.Logf("ann %s, bob %s, brand %s, developer %s, fees %s USD", usd(want["ann"]), usd(want["bob"]), usd(want["brand"]), usd(want["developer"]), usd(want["fees"]))
}

// shopWorld is the world the Chromium journeys start from: a node on db,
// the example shop (v1, and v2 when given) published by a developer,
// approved, installed and stocked by a brand.
func shopWorld(t *testing.T, db *store.DB, v1, v2 []byte) (*node, *flow) {
	t.Helper()
	n := startNode(t, db)
	f := &flow{t: t, n: n, v1: v1, v2: v2, hooks: newHookReceiver(t)}
	f.users(t)
	f.publish(t)
	f.installAndStock(t)
	return n, f
}

// payingShopper signs a shopper up with the test PIN and a USD wallet of
// cents, topped up through the simulated bank.
func (f *flow) payingShopper(name string, cents int64) *client {
	f.t.Helper()
	n := f.n
	c := n.signup(name)
	if err := n.h.Payments.SetPIN(bg, c.user, pin); err != nil {
		f.t.Fatal(err)
	}
	op, err := n.h.Payments.TopUp(bg, c.user, store.NewID("top"), "USD", money.Amount(cents))
	if err != nil {
		f.t.Fatal(err)
	}
	if _, err := n.h.Bank.Complete(bg, op.ID, true); err != nil {
		f.t.Fatal(err)
	}
	return c
}
