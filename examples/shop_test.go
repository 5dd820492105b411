package examples_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/soukhq/souk/blob"
	"github.com/soukhq/souk/chat"
	"github.com/soukhq/souk/commerce"
	"github.com/soukhq/souk/identity"
	"github.com/soukhq/souk/internal/testenv"
	"github.com/soukhq/souk/jobs"
	"github.com/soukhq/souk/marketplace"
	"github.com/soukhq/souk/payments"
	"github.com/soukhq/souk/payments/ledger"
	"github.com/soukhq/souk/payments/money"
	"github.com/soukhq/souk/runtime"
	"github.com/soukhq/souk/sandbox"
	"github.com/soukhq/souk/store"
	"github.com/soukhq/souk/store/storetest"
)

var ctx = context.Background()

const pin = "482915"

var (
	npmOnce sync.Once
	npmErr  error
)

// shopDir is examples/shop with its node_modules (npm ci once if missing).
func shopDir(t *testing.T) string {
	t.Helper()
	dir, err := filepath.Abs("shop")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "node_modules", "@souk", "sdk")); err == nil {
		return dir
	}
	npm, err := exec.LookPath("npm")
	if err != nil {
		testenv.Missing(t, "npm is not installed; the example needs npm ci")
	}
	npmOnce.Do(func() {
		c, cancel := context.WithTimeout(ctx, 3*time.Minute)
		defer cancel()
		cmd := exec.CommandContext(c, npm, "ci", "--no-audit", "--no-fund", "--loglevel=error")
		cmd.Dir = dir
		if out, err := cmd.CombinedOutput(); err != nil {
			npmErr = fmt.Errorf("npm ci in %s: %v\n%s", dir, err, out)
		}
	})
	if npmErr != nil {
		t.Fatal(npmErr)
	}
	return dir
}

// buildShop builds the shop twice and checks the archives are identical.
func buildShop(t *testing.T) []byte {
	t.Helper()
	dir := shopDir(t)
	a, err := runtime.Build(dir, runtime.DefaultBundleLimits())
	if err != nil {
		t.Fatal(err)
	}
	b, err := runtime.Build(dir, runtime.DefaultBundleLimits())
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Archive, b.Archive) {
		t.Fatal("two builds of examples/shop differ")
	}
	if len(a.Warnings) != 0 {
		t.Fatalf("esbuild warnings: %v", a.Warnings)
	}
	if want := runtime.Permissions; !slices.Equal(a.Manifest.Permissions, want) {
		t.Fatalf("the shop asks for %v; it should use every API: %v", a.Manifest.Permissions, want)
	}
	return a.Archive
}

var (
	poolOnce sync.Once
	pool     *sandbox.Pool
	poolErr  error
)

func sharedPool(t *testing.T) *sandbox.Pool {
	t.Helper()
	poolOnce.Do(func() {
		exe, err := os.Executable()
		if err != nil {
			poolErr = err
			return
		}
		pool, poolErr = sandbox.NewPool(sandbox.PoolConfig{Size: 1, Command: []string{exe}, MemoryLimit: 256 << 20, KillGrace: 300 * time.Millisecond})
	})
	if poolErr != nil {
		t.Fatal(poolErr)
	}
	return pool
}

// node wraps the engine and services: the shop installed by a brand, run
// through marketplace.RunEvent as the shopper routes run it, with order
// events and chat messages wired to the app as the host wires them.
type node struct {
	t       *testing.T
	db      *store.DB
	ids     *identity.Service
	pay     *payments.Service
	bank    *payments.SimBank
	q       *jobs.Queue
	com     *commerce.Service
	logi    *commerce.Logistics
	chat    *chat.Service
	mkt     *marketplace.Service
	eng     *runtime.Engine
	brand   identity.Org
	ins     marketplace.Installation
	mu      sync.Mutex
	handled []string // app handlers the order events ran, with their outcome
}

// appMessages forwards shoppers' service messages to the app's message handler.
type appMessages struct{ n *node }

func (a appMessages) OnShopperMessage(ctx context.Context, installationID, shopperID string, m chat.Message) error {
	raw, err := json.Marshal(m)
	if err != nil {
		return err
	}
	res, err := a.n.mkt.RunEvent(ctx, a.n.eng, marketplace.EventRequest{InstallationID: installationID, ShopperID: shopperID, Handler: "message", Args: []json.RawMessage{raw}})
	if err != nil {
		return err
	}
	a.n.record("message", res)
	return nil
}

func (n *node) record(handler string, res *runtime.EventResult) {
	n.mu.Lock()
	defer n.mu.Unlock()
	entry := handler + ":" + res.Receipt.Outcome
	if res.Receipt.Error != nil {
		entry += ":" + res.Receipt.Error.Message
	}
	n.handled = append(n.handled, entry)
}

func newNode(t *testing.T, db *store.DB, archive []byte) *node {
	n := &node{t: t, db: db, ids: identity.New(db)}
	l := ledger.New(db, ledger.Options{})
	t.Cleanup(l.Close)
	n.bank = payments.NewSimBank()
	n.pay = payments.New(db, l, payments.Options{Funding: n.bank})
	n.bank.Handler = n.pay.HandleFundingResult
	n.q = jobs.New(db, nil)
	blobs, err := blob.OpenLocal(blob.Config{Dir: t.TempDir(), MaxObjectSize: 8 << 20})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { blobs.Close() })
	n.com = commerce.New(db, n.pay, n.q, blobs, commerce.Options{})
	n.logi = commerce.NewLogistics(n.com, commerce.LogisticsOptions{})
	n.mkt = marketplace.New(db, blobs)
	n.chat = chat.New(db, chat.Options{Blobs: blobs, Jobs: n.q, AppHandler: appMessages{n},
		Installations: func(ctx context.Context, id string) (string, error) {
			in, err := n.mkt.Installation(ctx, id)
			return in.BrandOrgID, err
		}})
	reg := runtime.NewRegistry(slices.Concat(runtime.StorageAPIs(runtime.NewKV(db)), runtime.LogAPIs(),
		n.com.HostAPIs(), n.com.ReviewHostAPIs(), n.logi.HostAPIs(), n.chat.HostAPIs())...)
	n.eng = runtime.NewEngine(runtime.EngineConfig{DB: db, Blobs: blobs, Pool: sharedPool(t), APIs: reg})
	// The integrator's order-event sink, in small: a system message in the
	// shopper's service conversation (which opens the app's window), then
	// the app's handler if it has one.
	n.com.AddSink(commerce.SinkFunc(func(ctx context.Context, ev commerce.OrderEvent) error {
		if ev.InstallationID == "" {
			return nil
		}
		if _, err := n.chat.PostOrderEvent(ctx, ev.ID, ev.ShopperID, ev.BrandOrgID, ev.InstallationID, ev.OrderID, ev.Event, ev.Event); err != nil {
			return err
		}
		if !slices.Contains(runtime.Handlers, ev.Event) {
			return nil
		}
		raw, err := json.Marshal(ev)
		if err != nil {
			return err
		}
		res, err := n.mkt.RunEvent(ctx, n.eng, marketplace.EventRequest{InstallationID: ev.InstallationID, ShopperID: ev.ShopperID, Handler: ev.Event, Args: []json.RawMessage{raw}})
		if err != nil {
			return err
		}
		n.record(ev.Event, res)
		return nil
	}))

	owner := n.user("owner")
	dev, err := n.ids.CreateOrg(ctx, owner, identity.OrgDeveloper, "Shop Dev")
	if err != nil {
		t.Fatal(err)
	}
	if n.brand, err = n.ids.CreateOrg(ctx, owner, identity.OrgBrand, "Acme Tea"); err != nil {
		t.Fatal(err)
	}
	app, err := n.mkt.CreateApp(ctx, dev.ID, "shop", "Shop")
	if err != nil {
		t.Fatal(err)
	}
	v, err := n.mkt.UploadVersion(ctx, app.ID, bytes.NewReader(archive), int64(len(archive)))
	if err != nil {
		t.Fatal(err)
	}
	if v.Status != marketplace.StatusReady {
		t.Fatalf("the shop failed its upload checks: %s %+v", v.Status, v.Checks)
	}
	if _, err := n.mkt.Submit(ctx, app.ID, v.Version, owner); err != nil {
		t.Fatal(err)
	}
	if _, err := n.mkt.Approve(ctx, app.ID, v.Version, "usr_reviewer", "fine"); err != nil {
		t.Fatal(err)
	}
	if _, err := n.mkt.Release(ctx, app.ID, v.Version, 100, owner); err != nil {
		t.Fatal(err)
	}
	if n.ins, err = n.mkt.Install(ctx, n.brand.ID, owner, marketplace.InstallInput{AppID: app.ID, Permissions: runtime.Permissions}); err != nil {
		t.Fatal(err)
	}
	return n
}

var seq int

func (n *node) user(name string) string {
	n.t.Helper()
	seq++
	u, err := n.ids.Signup(ctx, fmt.Sprintf("%s-%d-%d@example.com", name, seq, time.Now().UnixNano()), "correct horse battery")
	if err != nil {
		n.t.Fatal(err)
	}
	return u.ID
}

func usd(s string) money.Amount {
	a, err := money.ParsePositive(money.MustLookup("USD"), s)
	if err != nil {
		panic(err)
	}
	return a
}

// shopper is a user with a PIN and 100.00 USD.
func (n *node) shopper() string {
	n.t.Helper()
	id := n.user("shopper")
	if err := n.pay.SetPIN(ctx, id, pin); err != nil {
		n.t.Fatal(err)
	}
	op, err := n.pay.TopUp(ctx, id, "fund-"+id, "USD", usd("100.00"))
	if err != nil {
		n.t.Fatal(err)
	}
	if _, err := n.bank.Complete(ctx, op.ID, true); err != nil {
		n.t.Fatal(err)
	}
	return id
}

func (n *node) product(title string, skus ...commerce.SKUInput) (commerce.Product, []commerce.SKU) {
	n.t.Helper()
	p, err := n.com.CreateProduct(ctx, n.brand.ID, commerce.ProductInput{Title: title, Description: title + ", from the brand", Currency: "USD"})
	if err != nil {
		n.t.Fatal(err)
	}
	var out []commerce.SKU
	for _, in := range skus {
		k, err := n.com.AddSKU(ctx, n.brand.ID, p.ID, in)
		if err != nil {
			n.t.Fatal(err)
		}
		out = append(out, k)
	}
	return p, out
}

// run runs one handler for shopper and checks it succeeded.
func (n *node) run(shopper, handler string, args ...any) *runtime.EventResult {
	n.t.Helper()
	raw := make([]json.RawMessage, len(args))
	for i, a := range args {
		raw[i], _ = json.Marshal(a)
	}
	res, err := n.mkt.RunEvent(ctx, n.eng, marketplace.EventRequest{InstallationID: n.ins.ID, ShopperID: shopper, Handler: handler, Args: raw})
	if err != nil {
		n.t.Fatal(err)
	}
	if r := res.Receipt; r.Outcome != sandbox.OutcomeOK {
		n.t.Fatalf("%s %v: %s %+v", handler, args, r.Outcome, r.Error)
	}
	return res
}

// view runs render(page, params) or action(name, args) and returns the view.
func (n *node) view(shopper, handler, name string, args any) *runtime.View {
	n.t.Helper()
	res := n.run(shopper, handler, name, args)
	if res.View == nil {
		n.t.Fatalf("%s %s returned no view", handler, name)
	}
	return res.View
}

func text(t *testing.T, v *runtime.View, id string) string {
	t.Helper()
	nd := v.Find(id)
	if nd == nil {
		out, _ := json.Marshal(v.Root)
		t.Fatalf("no node %q in %s", id, out)
	}
	return nd.Text
}

func absent(t *testing.T, v *runtime.View, id string) {
	t.Helper()
	if v.Find(id) != nil {
		t.Fatalf("node %q should not be in the view", id)
	}
}

func (n *node) runJobs() {
	n.t.Helper()
	if _, err := n.q.RunDue(ctx, time.Now()); err != nil {
		n.t.Fatal(err)
	}
}

func (n *node) takeHandled() []string {
	n.mu.Lock()
	defer n.mu.Unlock()
	out := n.handled
	n.handled = nil
	return out
}

// appMessages are the app's messages to shopper, oldest first.
func (n *node) appMessages(shopper string) []chat.Message {
	n.t.Helper()
	c, err := n.chat.EnsureServiceConversation(ctx, shopper, n.brand.ID, n.ins.ID)
	if err != nil {
		n.t.Fatal(err)
	}
	p, err := n.chat.History(ctx, shopper, c.ID, chat.HistoryQuery{Limit: 100})
	if err != nil {
		n.t.Fatal(err)
	}
	var out []chat.Message
	for _, m := range p.Messages {
		if m.SenderKind == "app" {
			out = append(out, m)
		}
	}
	return out
}

func body(m chat.Message) map[string]any {
	var b map[string]any
	json.Unmarshal(m.Body, &b)
	return b
}

func TestShop(t *testing.T) {
	archive := buildShop(t)
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		n := newNode(t, db, archive)
		tea, teaSKUs := n.product("Green tea",
			commerce.SKUInput{Options: map[string]string{"size": "S"}, Price: usd("4.50"), OnHand: 10},
			commerce.SKUInput{Options: map[string]string{"size": "L"}, Price: usd("6.00"), OnHand: 1})
		mug, mugSKUs := n.product("Mug", commerce.SKUInput{Price: usd("12.00"), OnHand: 3})
		small, large, mugSKU := teaSKUs[0], teaSKUs[1], mugSKUs[0]
		ann := n.shopper()

		// Catalog: a product card per product, opening its page.
		v := n.view(ann, "render", "home", map[string]any{})
		if got := text(t, v, "cart-count"); got != "Cart: 0 items" {
			t.Fatalf("cart-count %q", got)
		}
		for _, p := range []commerce.Product{tea, mug} {
			c := v.Find("p-" + p.ID)
			if c == nil || c.Type != "productCard" || c.ProductID != p.ID || c.Action != "product" || string(c.Args) != `{"productId":"`+p.ID+`"}` {
				t.Fatalf("catalog card for %s: %+v", p.ID, c)
			}
		}
		if len(v.Find("catalog").Children) != 2 {
			t.Fatalf("catalog: %d cards", len(v.Find("catalog").Children))
		}

		// Product detail: SKUs with host prices, the rating summary, no reviews yet.
		v = n.view(ann, "action", "product", map[string]any{"productId": tea.ID})
		if got := text(t, v, "sku-"+small.ID); got != "size: S — 4.50 USD (10 left)" {
			t.Fatalf("sku line %q", got)
		}
		if b := v.Find("add-" + large.ID); b == nil || b.Action != "addToCart" || string(b.Args) != `{"productId":"`+tea.ID+`","qty":1,"skuId":"`+large.ID+`"}` {
			t.Fatalf("add button %+v", b)
		}
		if got := text(t, v, "rating"); got != "No reviews yet" {
			t.Fatalf("rating %q", got)
		}
		if v.Find("product-card").ProductID != tea.ID {
			t.Fatal("no product card on the product page")
		}

		// Cart in storage, per shopper.
		v = n.view(ann, "action", "addToCart", map[string]any{"skuId": small.ID, "productId": tea.ID, "qty": 2})
		if got := text(t, v, "qty-"+small.ID); got != "2" {
			t.Fatalf("qty %q", got)
		}
		v = n.view(ann, "action", "addToCart", map[string]any{"skuId": mugSKU.ID, "productId": mug.ID})
		if got := text(t, v, "cart-total"); got != "Estimated total: 21.00 USD" {
			t.Fatalf("cart total %q", got)
		}
		v = n.view(ann, "action", "setQty", map[string]any{"skuId": mugSKU.ID, "qty": 0})
		absent(t, v, "line-"+mugSKU.ID)
		v = n.view(ann, "action", "addToCart", map[string]any{"skuId": large.ID, "productId": tea.ID, "qty": 2})
		if got := text(t, v, "cart-total"); got != "Estimated total: 21.00 USD" {
			t.Fatalf("cart total %q", got)
		}
		if got := text(t, n.view(ann, "render", "home", map[string]any{}), "cart-count"); got != "Cart: 4 items" {
			t.Fatalf("home cart-count %q", got)
		}
		bob := n.shopper()
		if got := text(t, n.view(bob, "render", "cart", map[string]any{}), "cart-empty"); got == "" {
			t.Fatal("another shopper sees a cart")
		}
		// A SKU of nothing the brand sells is refused, the cart unchanged.
		v = n.view(ann, "action", "addToCart", map[string]any{"skuId": "sku_nope", "productId": tea.ID})
		if !strings.Contains(text(t, v, "error"), "no longer for sale") {
			t.Fatalf("unknown sku: %q", text(t, v, "error"))
		}

		// Checkout: 2 L with 1 in stock fails whole; the cart stays.
		v = n.view(ann, "action", "checkout", nil)
		if got := text(t, v, "error"); !strings.Contains(got, "insufficient_stock") && !strings.Contains(got, "stock") {
			t.Fatalf("checkout over stock: %q", got)
		}
		text(t, v, "line-"+large.ID)
		n.view(ann, "action", "setQty", map[string]any{"skuId": large.ID, "qty": 1})
		v = n.view(ann, "action", "checkout", nil)
		orderID := v.Find("order-status").OrderID
		if text(t, v, "order-state") != "pending_payment" || text(t, v, "order-total") != "Total 15.00 USD" || v.Find("pay") == nil {
			t.Fatalf("order view: %q %q", text(t, v, "order-state"), text(t, v, "order-total"))
		}
		text(t, n.view(ann, "render", "cart", map[string]any{}), "cart-empty")

		// Payment: the app asks, the shopper confirms on the host with the PIN.
		v = n.view(ann, "action", "pay", map[string]any{"orderId": orderID})
		reqID := text(t, v, "payment-request")
		if text(t, v, "payment-status") != "created" {
			t.Fatalf("payment status %q", text(t, v, "payment-status"))
		}
		o, _ := n.com.Order(ctx, orderID)
		if o.PaymentRequestID != reqID || o.State != commerce.StatePendingPayment {
			t.Fatalf("order %+v, request %s", o, reqID)
		}
		// Another shopper cannot reach Ann's order through the app.
		if !strings.Contains(text(t, n.view(bob, "action", "order", map[string]any{"orderId": orderID}), "error"), "No such order") {
			t.Fatal("bob opened ann's order")
		}
		if _, err := n.pay.Confirm(ctx, reqID, ann, pin, nil); err != nil {
			t.Fatal(err)
		}
		n.runJobs()
		if h := n.takeHandled(); !slices.Equal(h, []string{"orderPaid:ok"}) {
			t.Fatalf("handlers after payment: %v", h)
		}
		msgs := n.appMessages(ann)
		if len(msgs) != 1 || msgs[0].Kind != "mini_program_card" || body(msgs[0])["title"] != "Paid: 15.00 USD" {
			t.Fatalf("orderPaid message: %+v", msgs)
		}

		// The app ships with the simulated carrier; tracking shows in the order view.
		v = n.view(ann, "action", "order", map[string]any{"orderId": orderID})
		if text(t, v, "order-state") != "paid" || v.Find("ship") == nil {
			t.Fatalf("paid order view: %q", text(t, v, "order-state"))
		}
		v = n.view(ann, "action", "ship", map[string]any{"orderId": orderID})
		if !strings.HasPrefix(text(t, v, "notice"), "Shipped with simcarrier") || text(t, v, "order-state") != "shipped" || len(v.Find("shipments").Children) != 1 {
			t.Fatalf("ship: %q %q", text(t, v, "notice"), text(t, v, "order-state"))
		}
		shs, err := n.logi.Shipments(ctx, orderID)
		if err != nil || len(shs) != 1 {
			t.Fatalf("shipments %v %v", shs, err)
		}
		for range 3 { // in_transit, out_for_delivery, delivered
			if _, err := n.logi.AdvanceSim(ctx, shs[0].ID); err != nil {
				t.Fatal(err)
			}
		}
		n.runJobs()
		if h := n.takeHandled(); len(h) != 4 || slices.ContainsFunc(h, func(s string) bool { return s != "shipmentUpdated:ok" }) {
			t.Fatalf("handlers after shipping: %v", h)
		}
		var got []string
		for _, m := range n.appMessages(ann)[1:] {
			got = append(got, body(m)["text"].(string))
		}
		// The queue may run order events in any order (the app's
		// messages are then in that order too).
		sh := "(simcarrier " + shs[0].TrackingNumber + ")."
		want := []string{"Your order " + orderID + " is on its way " + sh, "Your order " + orderID + " is out for delivery " + sh,
			"Your order " + orderID + " was delivered " + sh}
		slices.Sort(got)
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Fatalf("shipping messages:\n%q\nwant\n%q", got, want)
		}
		v = n.view(ann, "render", "order", map[string]any{"orderId": orderID})
		if text(t, v, "order-state") != "delivered" || v.Find("shipment-"+shs[0].ID).Subtitle != "delivered" {
			t.Fatalf("delivered view: %q", text(t, v, "order-state"))
		}

		// A partial refund goes through the brand (issue 10, B11): the app
		// files the shopper's request for one missing small tea, nothing
		// moves, and the brand's staff approve it.
		v = n.view(ann, "action", "requestRefund", map[string]any{"orderId": orderID, "lineNo": 1})
		if text(t, v, "notice") != "Asked the brand for 4.50 USD back for one Green tea." || text(t, v, "order-state") != "refund_requested" {
			t.Fatalf("refund request view: %q %q", text(t, v, "notice"), text(t, v, "order-state"))
		}
		absent(t, v, "order-refunded")
		absent(t, v, "refund-1") // one request at a time
		if b, _ := n.pay.WalletBalance(ctx, ann, "USD"); money.Amount(b.Posted) != usd("85.00") {
			t.Fatalf("a refund request moved money: ann's wallet %d, want 85.00", b.Posted)
		}
		n.runJobs()
		if h := n.takeHandled(); len(h) != 0 {
			t.Fatalf("handlers after the refund request: %v", h)
		}
		// Asking again while the brand decides is refused.
		v = n.view(ann, "action", "requestRefund", map[string]any{"orderId": orderID, "lineNo": 1})
		if !strings.HasPrefix(text(t, v, "error"), "Could not ask for a refund: illegal_transition") {
			t.Fatalf("a second request: %q", text(t, v, "error"))
		}
		staff := commerce.Actor{Kind: commerce.ActorBrand, ID: "usr_brand_staff", Brand: n.brand.ID}
		if _, err := n.com.ApproveRefund(ctx, n.brand.ID, orderID, 0, staff); err != nil {
			t.Fatal(err)
		}
		v = n.view(ann, "action", "order", map[string]any{"orderId": orderID})
		if text(t, v, "order-refunded") != "Refunded 4.50 USD" || text(t, v, "order-state") != "delivered" {
			t.Fatalf("after the brand approved: %q %q", text(t, v, "order-refunded"), text(t, v, "order-state"))
		}
		if b, _ := n.pay.WalletBalance(ctx, ann, "USD"); money.Amount(b.Posted) != usd("89.50") {
			t.Fatalf("ann's wallet %d, want 89.50", b.Posted)
		}
		n.runJobs()
		if h := n.takeHandled(); !slices.Equal(h, []string{"refunded:ok"}) {
			t.Fatalf("handlers after refund: %v", h)
		}
		msgs = n.appMessages(ann)
		if last := body(msgs[len(msgs)-1])["text"]; last != "We refunded part of order "+orderID+": 4.50 USD back to you so far." {
			t.Fatalf("refund message %q", last)
		}

		// The shopper asks in chat; the app answers from orders and tracking.
		c, err := n.chat.OpenService(ctx, ann, n.ins.ID)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := n.chat.UserSend(ctx, ann, c.ID, chat.MsgText, json.RawMessage(`{"text":"Where is my order?"}`), "ask-1"); err != nil {
			t.Fatal(err)
		}
		n.runJobs()
		if h := n.takeHandled(); !slices.Equal(h, []string{"message:ok"}) {
			t.Fatalf("handlers after the shopper's message: %v", h)
		}
		msgs = n.appMessages(ann)
		if last := body(msgs[len(msgs)-1])["text"]; last != "Your latest order "+orderID+" is delivered; simcarrier "+shs[0].TrackingNumber+": delivered." {
			t.Fatalf("reply %q", last)
		}

		// Completed and reviewed: the product page shows the review.
		if _, err := n.com.ConfirmReceipt(ctx, ann, orderID); err != nil {
			t.Fatal(err)
		}
		n.runJobs()
		n.takeHandled()
		r, err := n.com.CreateReview(ctx, ann, commerce.ReviewInput{OrderID: orderID, LineNo: 2, Rating: 4, Body: "Big and good"})
		if err != nil {
			t.Fatal(err)
		}
		v = n.view(ann, "action", "product", map[string]any{"productId": tea.ID})
		if text(t, v, "rating") != "4.00 / 5 from 1 review" || text(t, v, "rating-distribution") != "5★ 0  4★ 1  3★ 0  2★ 0  1★ 0" {
			t.Fatalf("rating %q %q", text(t, v, "rating"), text(t, v, "rating-distribution"))
		}
		if rc := v.Find("review-" + r.ID); rc == nil || rc.Title != "★★★★☆" || rc.Children[0].Text != "Big and good" {
			t.Fatalf("review card %+v", rc)
		}

		// My orders lists it; a completed order offers no pay or ship.
		v = n.view(ann, "action", "orders", nil)
		if oc := v.Find("order-" + orderID); oc == nil || oc.Title != "15.00 USD" || oc.Subtitle != "Completed" {
			t.Fatalf("orders list %+v", oc)
		}
		v = n.view(ann, "action", "order", map[string]any{"orderId": orderID})
		absent(t, v, "pay")
		absent(t, v, "ship")
		if text(t, v, "order-state") != "completed" {
			t.Fatalf("state %q", text(t, v, "order-state"))
		}
		if rep, err := n.pay.LedgerCheck(ctx); err != nil || !rep.OK {
			t.Fatalf("ledger check: %+v %v", rep, err)
		}
		if rec, err := n.com.ReconcileOrders(ctx); err != nil || !rec.OK {
			t.Fatalf("order reconciliation: %+v %v", rec, err)
		}
	})
}
