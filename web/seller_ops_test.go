package web_test

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/soukhq/souk/commerce"
	"github.com/soukhq/souk/payments"
	"github.com/soukhq/souk/payments/money"
	"github.com/soukhq/souk/store"
	"github.com/soukhq/souk/store/storetest"
	"github.com/soukhq/souk/web/webtest"
)

// pngFile writes a small real PNG of one colour and returns its path.
func pngFile(t *testing.T, name string, c color.RGBA) string {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 24, 24))
	for x := range 24 {
		for y := range 24 {
			img.Set(x, y, c)
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// productCount is how many products the brand has and a digest of every
// SKU's price and stock: a refused import row must leave both alone.
func (w *sellerWorld) catalogDigest(t *testing.T) (int, string) {
	t.Helper()
	n, after := 0, ""
	var b strings.Builder
	for {
		ps, err := w.com.Products(ctx, w.brand.ID, commerce.ProductFilter{After: after, Limit: 200})
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range ps {
			n++
			for _, k := range p.SKUs {
				fmt.Fprintf(&b, "%s:%d:%d;", k.ID, k.Price, k.OnHand)
			}
		}
		if len(ps) < 200 {
			return n, b.String()
		}
		after = ps[len(ps)-1].ID
	}
}

// delivered moves every shipment of the order along the simulated carrier
// until the order is delivered.
func (w *sellerWorld) delivered(t *testing.T, id string) {
	t.Helper()
	for range 10 {
		if w.state(t, id) == commerce.StateDelivered {
			return
		}
		shs, err := w.logi.Shipments(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		for _, sh := range shs {
			if sh.Status != "delivered" {
				if _, err := w.logi.AdvanceSim(ctx, sh.ID); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	t.Fatalf("order %s not delivered: %s", id, w.state(t, id))
}

// The owner's day in the seller console, as issue 12 tells it: a product
// with a 2×2 SKU matrix and two images (moved into order); 50 more by CSV,
// whose two bad rows are reported and change nothing; an order shipped
// partly then fully; a partial refund approved; a dispute answered with
// text and an image, then its outcome; a reply to a review; a payout
// requested and seen in finance, whose balances, escrow and statement are
// the ledger's. axe-core on every page at phone and desktop sizes. Both
// backends.
func TestSellerOwnerScenarioInChromium(t *testing.T) {
	storetest.Pick(t, func(t *testing.T, db *store.DB) {
		w := startSellerServer(t, db)
		usd := money.MustLookup("USD")
		seller := "/seller/" + w.brand.ID
		products := seller + "/products"
		b := webtest.New(t, w.base)
		b.SignIn("owner@example.com", password, "/")

		// A product with a 2×2 SKU matrix.
		b.Open(products + "/new")
		b.Fill("Title", "Field tee")
		b.Fill("Options", "fabric=cotton")
		b.Fill("Sizes", "S, M")
		b.Fill("Colours", "red, blue")
		b.Fill("Price", "20.00")
		b.Fill("Stock on hand", "10")
		b.Submit("Create product")
		b.Find("status", "Product created.")
		id, _, _ := strings.Cut(strings.TrimPrefix(b.Path(), products+"/"), "?")
		pr, err := w.com.Product(ctx, w.brand.ID, id)
		if err != nil || len(pr.SKUs) != 4 {
			t.Fatalf("matrix product: %+v, %v", pr, err)
		}
		var combos []string
		for _, k := range pr.SKUs {
			combos = append(combos, commerce.OptionsText(k.Options))
			if money.Format(usd, k.Price) != "20.00" || k.OnHand != 10 {
				t.Errorf("SKU %v: %d × %d", k.Options, k.Price, k.OnHand)
			}
		}
		slices.Sort(combos)
		if want := "colour=blue, fabric=cotton, size=M|colour=blue, fabric=cotton, size=S|colour=red, fabric=cotton, size=M|colour=red, fabric=cotton, size=S"; strings.Join(combos, "|") != want {
			t.Fatalf("SKUs %v", combos)
		}
		if got := b.CellsAt(`table:has(caption) tbody tr`); got != "S 20.00 · 10 in stock 20.00 · 10 in stock" {
			t.Errorf("matrix row S: %q", got)
		}
		// One cell's stock changes with a reason: the history says who.
		b.Fill("Stock on hand of colour=red, fabric=cotton, size=S", "7")
		b.Fill("Reason for a stock change of colour=red, fabric=cotton, size=S", "stock-take")
		b.Submit("Save colour=red, fabric=cotton, size=S")
		b.Find("status", "SKU colour=red, fabric=cotton, size=S saved.")
		if got := b.RowCells("stock-take"); !strings.Contains(got, "colour=red, fabric=cotton, size=S 10 7 −3 owner@example.com stock-take") {
			t.Errorf("stock history row: %q", got)
		}
		// Two images, previewed in order; the second moves first.
		b.Upload("Add images", pngFile(t, "red.png", color.RGBA{200, 0, 0, 255}), pngFile(t, "blue.png", color.RGBA{0, 0, 200, 255}))
		b.Submit("Upload images")
		b.Find("status", "2 images added.")
		b.Find("img", "Image 1 of Field tee")
		b.Find("img", "Image 2 of Field tee")
		// The previews load (the machine may be slow: wait for them).
		loaded := false
		for deadline := time.Now().Add(webtest.Wait); !loaded && time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
			loaded = webtest.Eval[bool](b, `Array.from(document.querySelectorAll("img")).every((i) => i.complete && i.naturalWidth === 24)`)
		}
		if !loaded {
			t.Error("an image preview did not load")
		}
		before, _ := w.com.Product(ctx, w.brand.ID, id)
		b.Submit("Move image 2 earlier")
		b.Find("status", "Images saved.")
		after, _ := w.com.Product(ctx, w.brand.ID, id)
		if len(after.Images) != 2 || after.Images[0] != before.Images[1] || after.Images[1] != before.Images[0] {
			t.Fatalf("images %v → %v", before.Images, after.Images)
		}
		shots(t, b, "seller-product-matrix")

		// 50 more by CSV: the preview reports the two bad rows and changes
		// nothing; applying adds exactly the 50 good ones.
		var csv strings.Builder
		csv.WriteString(strings.Join(commerce.CatalogCSVHeader, ",") + "\n")
		for i := range 52 {
			switch i {
			case 10:
				csv.WriteString(",Bad currency tea,,XXX,,,size=S,1.00,1\n")
			case 30:
				csv.WriteString(",Free tea,,USD,,,size=S,free,1\n")
			default:
				fmt.Fprintf(&csv, ",Imported tea %02d,Leaves,USD,,,\"size=100g, tin=%d\",%d.50,%d\n", i, i, 3+i%7, i)
			}
		}
		file := filepath.Join(t.TempDir(), "catalog.csv")
		if err := os.WriteFile(file, []byte(csv.String()), 0o600); err != nil {
			t.Fatal(err)
		}
		n0, digest0 := w.catalogDigest(t)
		b.Open(products)
		b.Click("link", "Import products from CSV")
		b.WaitPath(products + "/import")
		b.Upload("CSV file", file)
		b.Submit("Check the file")
		b.Find("status", "Checked: 50 rows good, 2 refused. Nothing has changed yet.")
		if got := b.RowCells("Bad currency tea"); got != `12 Bad currency tea size=S 1.00 1 Refused: unknown currency "XXX"` {
			t.Errorf("bad currency row: %q", got)
		}
		if got := b.RowCells("Free tea"); got != `32 Free tea size=S free 1 Refused: price "free" is not a positive amount in USD` {
			t.Errorf("bad price row: %q", got)
		}
		if n, d := w.catalogDigest(t); n != n0 || d != digest0 {
			t.Fatalf("the preview changed the catalog: %d → %d products", n0, n)
		}
		shots(t, b, "seller-import")
		b.Submit("Apply the 50 good rows")
		b.Find("status", "Imported 50 rows; 2 refused rows changed nothing.")
		n1, digest1 := w.catalogDigest(t)
		if n1 != n0+50 || !strings.HasPrefix(digest1, digest0) {
			t.Fatalf("after the import: %d products (was %d)", n1, n0)
		}
		for _, q := range []string{"Bad currency tea", "Free tea"} {
			if ps, _ := w.com.Products(ctx, w.brand.ID, commerce.ProductFilter{Query: q}); len(ps) != 0 {
				t.Errorf("a refused row made %q", q)
			}
		}
		if ps, _ := w.com.Products(ctx, w.brand.ID, commerce.ProductFilter{Query: "Imported tea 51"}); len(ps) != 1 || ps[0].SKUs[0].OnHand != 51 ||
			money.Format(usd, ps[0].SKUs[0].Price) != "5.50" {
			t.Fatalf("imported row 51: %+v", ps)
		}

		// An order shipped partly, then fully, with its packing slip.
		a := w.paid(t, 2, 1)
		order := seller + "/orders/" + a.ID
		b.Open(seller + "/orders")
		b.Click("link", a.ID)
		b.WaitPath(order)
		b.Click("link", "Packing slip")
		b.WaitPath(order + "/packing-slip")
		if got := b.RowCells("Oolong (size: 100g)"); got != "1 Oolong (size: 100g) 2 0 2 ☐" {
			t.Errorf("packing slip line: %q", got)
		}
		shots(t, b, "seller-packing-slip")
		b.Open(order)
		b.Fill("Line 1: Oolong — quantity to ship (2 left)", "1")
		b.Fill("Line 2: Oolong — quantity to ship (1 left)", "0")
		b.Submit("Create shipment")
		b.Find("status", "Shipment created.")
		b.Submit("Create shipment")
		b.Find("status", "Shipment created.")
		if b.Has("button", "Create shipment") {
			t.Error("the ship form is offered for a fully shipped order")
		}
		shots(t, b, "seller-order-shipped")

		// A partial refund approved.
		ro := w.paid(t, 1)
		ask, _ := money.ParsePositive(usd, "4.00")
		if _, err := w.com.RequestRefund(ctx, w.shopperID, ro.ID, ask, "dented tin"); err != nil {
			t.Fatal(err)
		}
		b.Open(seller + "/orders/" + ro.ID)
		b.Fill("Amount to refund (USD)", "2.50")
		b.Submit("Approve refund")
		b.Find("status", "Refund of 2.50 USD approved.")

		// A dispute answered with text and an image; then its outcome.
		do := w.paid(t, 1)
		if _, err := w.com.OpenDispute(ctx, w.shopperID, do.ID, 0, "never arrived"); err != nil {
			t.Fatal(err)
		}
		b.Open(seller + "/orders/" + do.ID)
		b.Find("heading", "Dispute")
		b.Fill("Your answer to the dispute", "Delivered to the locker; photo attached.")
		b.Upload("Evidence images", pngFile(t, "locker.png", color.RGBA{0, 120, 0, 255}))
		b.Submit("Send answer")
		b.Find("status", "Answer sent.")
		b.Find("img", "Evidence image 1")
		if as, err := w.com.DisputeAnswers(ctx, w.brand.ID, do.ID); err != nil || len(as) != 1 || len(as[0].Images) != 1 {
			t.Fatalf("answers %+v, %v", as, err)
		}
		shots(t, b, "seller-order-dispute")
		if _, err := w.com.ResolveDispute(ctx, do.ID, false, commerce.Actor{Kind: commerce.ActorAdmin, ID: "admin"}, "tracking shows delivery"); err != nil {
			t.Fatal(err)
		}
		b.Open(seller + "/orders/" + do.ID)
		if got := webtest.Eval[string](b, `document.body.innerText`); !strings.Contains(got, "Decided for your brand: the amount was released to you") {
			t.Error("the dispute's outcome is not shown")
		}
		if b.Has("button", "Send answer") {
			t.Error("a decided dispute still takes answers")
		}

		// The shipped order completes (settles) and the shopper reviews
		// it; the owner replies once.
		w.delivered(t, a.ID)
		if _, err := w.com.ConfirmReceipt(ctx, w.shopperID, a.ID); err != nil {
			t.Fatal(err)
		}
		rv, err := w.com.CreateReview(ctx, w.shopperID, commerce.ReviewInput{OrderID: a.ID, LineNo: 1, Rating: 2, Body: "Too smoky for me"})
		if err != nil {
			t.Fatal(err)
		}
		b.Open(seller)
		b.Click("link", "Reviews")
		b.WaitPath(seller + "/reviews")
		b.Find("heading", "Oolong · 2 of 5 stars")
		shots(t, b, "seller-reviews")
		b.Fill("Reply to the review of Oolong from "+webtest.Eval[string](b, `document.querySelector("article p.muted").textContent.trim()`), "Try it at 80 °C.")
		b.Submit("Reply")
		b.Find("status", "Reply posted.")
		if b.Has("button", "Reply") {
			t.Error("the reply form is offered again")
		}
		if got, _ := w.com.BrandReview(ctx, w.brand.ID, rv.ID); got.Reply == nil || got.Reply.Body != "Try it at 80 °C." {
			t.Fatalf("reply %+v", got.Reply)
		}
		// And reports it (as abusive, say) to the moderators.
		b.Click("button", "Report abuse")
		b.Select("Why", "offensive")
		b.Fill("Note for the moderators (optional)", "insults the staff")
		b.Submit("Send report")
		b.Find("status", "Report sent to the moderators.")
		reps, err := w.com.ReviewReports(ctx, commerce.ReportFilter{BrandID: w.brand.ID})
		if err != nil || len(reps) != 1 || reps[0].ReviewID != rv.ID || reps[0].Reason != "offensive" || reps[0].ReporterID != w.owner.ID {
			t.Fatalf("reports %+v, %v", reps, err)
		}

		// A payout, seen in finance; every figure is the ledger's.
		b.Open(seller)
		shots(t, b, "seller-dashboard-balance")
		b.Click("link", "Finance")
		b.WaitPath(seller + "/finance")
		b.Fill("Amount to pay out (USD)", "5.00")
		b.Submit("Request payout")
		b.Find("status", "Payout of 5.00 USD requested (pending).")
		ops, err := w.pay.FundingOps(ctx, w.brand.ID, payments.FundingPayout, 10)
		if err != nil || len(ops) != 1 {
			t.Fatalf("payouts %+v, %v", ops, err)
		}
		if got := b.RowCells(ops[0].ID); !strings.Contains(got, "5.00 USD Pending "+ops[0].ID) {
			t.Errorf("payout row: %q", got)
		}
		w.checkFinance(t, b)
		if _, err := w.bank.Complete(ctx, ops[0].ID, true); err != nil {
			t.Fatal(err)
		}
		b.Open(seller + "/finance")
		if got := b.RowCells(ops[0].ID); !strings.Contains(got, "5.00 USD Paid out") {
			t.Errorf("payout row after the bank: %q", got)
		}
		w.checkFinance(t, b)
		// The shipped order's split: 29.68 paid, 5 % fee rounded down, no
		// developer, the rest the brand's.
		if got := b.CellsAt(`section[aria-labelledby="splits"] tbody tr`); !strings.HasPrefix(got, a.ID) || !strings.HasSuffix(got, " 29.68 0.00 1.48 (5 %) 0.00 28.20") {
			t.Errorf("settlement row: %q", got)
		}
		shots(t, b, "seller-finance")
		for _, page := range []string{seller, seller + "/orders", products, products + "/new", seller + "/refund-policy"} {
			b.Open(page)
			b.Axe()
		}
	})
}

// checkFinance compares the finance page's USD figures with the ledger:
// available and pending from the brand's ledger balance, escrow from the
// brand's orders (paid, not settled, less refunds), and the statement's
// last running balance with the posted balance.
func (w *sellerWorld) checkFinance(t *testing.T, b *webtest.Browser) {
	t.Helper()
	usd := money.MustLookup("USD")
	bal, err := w.pay.BrandBalance(ctx, w.brand.ID, "USD")
	if err != nil {
		t.Fatal(err)
	}
	os, err := w.com.Orders(ctx, commerce.OrderFilter{BrandID: w.brand.ID, Limit: 200})
	if err != nil {
		t.Fatal(err)
	}
	var escrow money.Amount
	for _, o := range os {
		switch o.State {
		case commerce.StatePaid, commerce.StateShipped, commerce.StateDelivered, commerce.StateRefundRequested, commerce.StateDisputed:
			escrow += o.Total - o.Refunded
		}
	}
	want := fmt.Sprintf("USD %s %s %s", money.Format(usd, money.Amount(bal.Available)), money.Format(usd, money.Amount(bal.PendingDebits)), money.Format(usd, escrow))
	if got := b.CellsAt(`tr:has(> th[scope="row"])`); got != want {
		t.Errorf("balances row %q, ledger %q", got, want)
	}
	last := webtest.Eval[string](b, `(() => { const rows = document.querySelectorAll('section[aria-labelledby="statement"] tbody tr'); return rows.length ? rows[rows.length-1].cells[4].textContent.trim() : "" })()`)
	if last != money.Format(usd, money.Amount(bal.Posted)) {
		t.Errorf("statement ends at %q, ledger posted %s", last, money.Format(usd, money.Amount(bal.Posted)))
	}
}

// Finance is the owners' and managers': an agent with a valid session and
// CSRF token gets 403 (staff know the brand exists), another brand's owner
// 404, for the page, the statement CSV and the payout post, and no payout
// is made; the
// agent may read and answer reviews. The manager's payout post works.
func TestSellerFinanceRefusedToAgents(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		w := startSellerServer(t, db)
		c := noRedirects()
		login := func(email string) (cookie, csrf string) {
			csrf, cookie = w.login(t, email)
			return cookie, csrf
		}
		base := w.base + "/seller/" + w.brand.ID
		for who, want := range map[string]int{"agent@example.com": http.StatusForbidden, "stranger@example.com": http.StatusNotFound} {
			cookie, csrf := login(who)
			for _, path := range []string{"/finance", "/finance/statement.csv?currency=USD", "/products/export.csv", "/products/import"} {
				if res := get(t, c, base+path, "Cookie", cookie); res.StatusCode != want {
					t.Errorf("%s GET %s: %d, want %d", who, path, res.StatusCode, want)
				}
			}
			v := url.Values{"csrf_token": {csrf}, "currency": {"USD"}, "amount": {"1.00"}, "payout_id": {"p-" + who}}
			if res := post(t, c, base+"/finance/payouts", v, "Cookie", cookie); res.StatusCode != want {
				t.Errorf("%s posting a payout: %d, want %d", who, res.StatusCode, want)
			}
			v = url.Values{"csrf_token": {csrf}, "csv": {strings.Join(commerce.CatalogCSVHeader, ",") + "\n,Sneaky,,USD,,,,1.00,1\n"}}
			if res := post(t, c, base+"/products/import/apply", v, "Cookie", cookie); res.StatusCode != want {
				t.Errorf("%s applying an import: %d, want %d", who, res.StatusCode, want)
			}
		}
		if ops, _ := w.pay.FundingOps(ctx, w.brand.ID, payments.FundingPayout, 10); len(ops) != 0 {
			t.Fatalf("a refused post made a payout: %+v", ops)
		}
		if ps, _ := w.com.Products(ctx, w.brand.ID, commerce.ProductFilter{Query: "Sneaky"}); len(ps) != 0 {
			t.Fatal("a refused import made a product")
		}
		cookie, _ := login("agent@example.com")
		res := get(t, c, base+"/reviews", "Cookie", cookie)
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != http.StatusOK || strings.Contains(string(body), "/finance") {
			t.Errorf("agent's reviews page: %d (finance linked: %v)", res.StatusCode, strings.Contains(string(body), "/finance"))
		}

		// The manager may: a payout of what the brand has.
		o := w.paid(t, 1)
		sh, err := w.logi.CreateShipment(ctx, w.brand.ID, o.ID, commerce.ShipmentInput{Carrier: commerce.SimCarrier}, commerce.Actor{Kind: commerce.ActorBrand, ID: w.manager.ID})
		if err != nil {
			t.Fatal(err)
		}
		_ = sh
		w.delivered(t, o.ID)
		if _, err := w.com.ConfirmReceipt(ctx, w.shopperID, o.ID); err != nil {
			t.Fatal(err)
		}
		cookie, csrf := login("manager@example.com")
		v := url.Values{"csrf_token": {csrf}, "currency": {"USD"}, "amount": {"1.00"}, "payout_id": {"mgr-1"}}
		if res := post(t, c, base+"/finance/payouts", v, "Cookie", cookie); res.StatusCode != http.StatusOK {
			t.Fatalf("manager's payout: %d", res.StatusCode)
		}
		// The same form posted twice asks the bank once.
		if res := post(t, c, base+"/finance/payouts", v, "Cookie", cookie); res.StatusCode != http.StatusOK {
			t.Fatalf("manager's payout again: %d", res.StatusCode)
		}
		if ops, _ := w.pay.FundingOps(ctx, w.brand.ID, payments.FundingPayout, 10); len(ops) != 1 {
			t.Fatalf("payouts after the manager's double post: %+v", ops)
		}
		res = get(t, c, base+"/finance/statement.csv?currency=USD", "Cookie", cookie)
		body, _ = io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != http.StatusOK || !strings.HasPrefix(string(body), "seq,time_utc,code,") || !strings.Contains(string(body), "settlement_brand,"+o.ID) {
			t.Fatalf("statement CSV %d:\n%s", res.StatusCode, body)
		}
	})
}
