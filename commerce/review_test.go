package commerce

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/soukhq/souk/blob"
	"github.com/soukhq/souk/identity"
	"github.com/soukhq/souk/jobs"
	"github.com/soukhq/souk/payments"
	"github.com/soukhq/souk/payments/ledger"
	"github.com/soukhq/souk/payments/money"
	"github.com/soukhq/souk/runtime"
	"github.com/soukhq/souk/sandbox"
	"github.com/soukhq/souk/store"
	"github.com/soukhq/souk/store/storetest"
)

// rvEnv is a commerce service over a fresh database with real payments, a
// real job queue and a local blob store: orders reach "completed" the way
// shoppers' orders do (pay with the PIN, ship, deliver, confirm).
type rvEnv struct {
	t     *testing.T
	ctx   context.Context
	db    *store.DB
	ids   *identity.Service
	pay   *payments.Service
	bank  *payments.SimBank
	blobs blob.Store
	s     *Service
	brand string // "Acme"
	other string // "Globex"
	staff string // a brand member (replies)
}

const rvPIN = "482915"

var rvSeq atomic.Int64

func newRVEnv(t *testing.T, db *store.DB) *rvEnv {
	e := &rvEnv{t: t, ctx: context.Background(), db: db, ids: identity.New(db)}
	l := ledger.New(db, ledger.Options{})
	t.Cleanup(l.Close)
	e.bank = payments.NewSimBank()
	e.pay = payments.New(db, l, payments.Options{Funding: e.bank})
	e.bank.Handler = e.pay.HandleFundingResult
	var err error
	e.blobs, err = blob.OpenLocal(blob.Config{Dir: t.TempDir(), MaxObjectSize: 1 << 20})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { e.blobs.Close() })
	e.s = New(db, e.pay, jobs.New(db, nil), e.blobs, Options{MaxImageBytes: 64 << 10})
	e.staff = e.user("owner")
	for _, b := range []struct {
		dst  *string
		name string
	}{{&e.brand, "Acme"}, {&e.other, "Globex"}} {
		o, err := e.ids.CreateOrg(e.ctx, e.staff, identity.OrgBrand, b.name)
		if err != nil {
			t.Fatal(err)
		}
		*b.dst = o.ID
	}
	return e
}

func (e *rvEnv) user(name string) string {
	e.t.Helper()
	u, err := e.ids.Signup(e.ctx, fmt.Sprintf("%s-%d@example.com", name, rvSeq.Add(1)), "correct horse battery")
	if err != nil {
		e.t.Fatal(err)
	}
	return u.ID
}

// shopper is a user with a PIN and 1000 USD in the wallet.
func (e *rvEnv) shopper() string {
	e.t.Helper()
	id := e.user("shopper")
	if err := e.pay.SetPIN(e.ctx, id, rvPIN); err != nil {
		e.t.Fatal(err)
	}
	op, err := e.pay.TopUp(e.ctx, id, fmt.Sprintf("rv-fund-%d", rvSeq.Add(1)), "USD", rvUSD("1000"))
	if err != nil {
		e.t.Fatal(err)
	}
	if _, err := e.bank.Complete(e.ctx, op.ID, true); err != nil {
		e.t.Fatal(err)
	}
	return id
}

func rvUSD(s string) money.Amount {
	a, err := money.ParsePositive(money.MustLookup("USD"), s)
	if err != nil {
		panic(err)
	}
	return a
}

// product creates a USD product of brand with one SKU per price.
func (e *rvEnv) product(brand, title, desc string, prices ...string) Product {
	e.t.Helper()
	p, err := e.s.CreateProduct(e.ctx, brand, ProductInput{Title: title, Description: desc, Currency: "USD"})
	if err != nil {
		e.t.Fatal(err)
	}
	for i, price := range prices {
		k, err := e.s.AddSKU(e.ctx, brand, p.ID, SKUInput{Options: map[string]string{"size": fmt.Sprint(i)}, Price: rvUSD(price), OnHand: 100})
		if err != nil {
			e.t.Fatal(err)
		}
		p.SKUs = append(p.SKUs, k)
	}
	return p
}

// orderTo creates an order of one unit of each SKU and drives it to state
// want (paid, delivered or completed; "" leaves it pending payment).
func (e *rvEnv) orderTo(shopper string, want State, skus ...SKU) Order {
	e.t.Helper()
	var lines []LineInput
	for _, k := range skus {
		lines = append(lines, LineInput{SKUID: k.ID, Qty: 1})
	}
	brand, err := e.s.productBrand(e.ctx, skus[0].ProductID)
	if err != nil {
		e.t.Fatal(err)
	}
	o, err := e.s.CreateOrder(e.ctx, NewOrder{ShopperID: shopper, BrandID: brand, Lines: lines})
	if err != nil {
		e.t.Fatal(err)
	}
	if want == StatePendingPayment {
		return o
	}
	r, err := e.s.RequestPayment(e.ctx, o.ID, Actor{Kind: ActorShopper, ID: shopper})
	if err != nil {
		e.t.Fatal(err)
	}
	if _, err := e.pay.Confirm(e.ctx, r.ID, shopper, rvPIN, nil); err != nil {
		e.t.Fatal(err)
	}
	if want == StatePaid {
		return e.order(o.ID, StatePaid)
	}
	err = e.db.InTx(e.ctx, func(tx *store.Tx) error {
		if _, err := e.s.MarkShippedTx(e.ctx, tx, o.ID, Actor{Kind: ActorBrand, ID: brand}, nil); err != nil {
			return err
		}
		_, err := e.s.MarkDeliveredTx(e.ctx, tx, o.ID, Actor{Kind: ActorCarrier, ID: "sim"}, nil)
		return err
	})
	if err != nil {
		e.t.Fatal(err)
	}
	if want == StateDelivered {
		return e.order(o.ID, StateDelivered)
	}
	if _, err := e.s.ConfirmReceipt(e.ctx, shopper, o.ID); err != nil {
		e.t.Fatal(err)
	}
	return e.order(o.ID, StateCompleted)
}

func (e *rvEnv) order(id string, want State) Order {
	e.t.Helper()
	o, err := e.s.Order(e.ctx, id)
	if err != nil {
		e.t.Fatal(err)
	}
	if o.State != want {
		e.t.Fatalf("order %s is %s, want %s", id, o.State, want)
	}
	return o
}

func (e *rvEnv) count(query string, args ...any) int {
	e.t.Helper()
	var n int
	if err := e.db.QueryRowContext(e.ctx, query, args...).Scan(&n); err != nil {
		e.t.Fatal(err)
	}
	return n
}

// snapshot is every review-side table's row count and the aggregates, to
// show a rejected call changed nothing.
func (e *rvEnv) snapshot() string {
	e.t.Helper()
	var agg string
	rows, err := e.db.QueryContext(e.ctx, `SELECT product_id, review_count, rating_sum FROM commerce_product_ratings ORDER BY product_id`)
	if err != nil {
		e.t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var p string
		var c, s int64
		if err := rows.Scan(&p, &c, &s); err != nil {
			e.t.Fatal(err)
		}
		agg += fmt.Sprintf("%s:%d/%d ", p, c, s)
	}
	return fmt.Sprintf("reviews=%d reports=%d %s", e.count(`SELECT COUNT(*) FROM commerce_reviews`),
		e.count(`SELECT COUNT(*) FROM commerce_review_reports`), agg)
}

func rvWantCode(t *testing.T, err error, code string) {
	t.Helper()
	if Code(err) != code {
		t.Fatalf("error %v, want code %s", err, code)
	}
}

// A review needs the shopper's own completed order line, once.
func TestReviewNeedsCompletedPurchase(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newRVEnv(t, db)
		p := e.product(e.brand, "Trail shoe", "Grippy", "40.00", "45.00")
		alice, bob := e.shopper(), e.shopper()
		done := e.orderTo(alice, StateCompleted, p.SKUs[0], p.SKUs[1])
		paid := e.orderTo(alice, StatePaid, p.SKUs[0])
		delivered := e.orderTo(alice, StateDelivered, p.SKUs[0])
		pending := e.orderTo(alice, StatePendingPayment, p.SKUs[0])
		before := e.snapshot()

		for name, c := range map[string]struct {
			shopper string
			in      ReviewInput
			code    string
		}{
			"someone else's order": {bob, ReviewInput{OrderID: done.ID, LineNo: 1, Rating: 5}, "not_found"},
			"paid, not completed":  {alice, ReviewInput{OrderID: paid.ID, LineNo: 1, Rating: 5}, "review_not_allowed"},
			"delivered":            {alice, ReviewInput{OrderID: delivered.ID, LineNo: 1, Rating: 5}, "review_not_allowed"},
			"unpaid":               {alice, ReviewInput{OrderID: pending.ID, LineNo: 1, Rating: 5}, "review_not_allowed"},
			"no such order":        {alice, ReviewInput{OrderID: "ord_nope", LineNo: 1, Rating: 5}, "not_found"},
			"no such line":         {alice, ReviewInput{OrderID: done.ID, LineNo: 3, Rating: 5}, "not_found"},
			"rating 0":             {alice, ReviewInput{OrderID: done.ID, LineNo: 1, Rating: 0}, "invalid_input"},
			"rating 6":             {alice, ReviewInput{OrderID: done.ID, LineNo: 1, Rating: 6}, "invalid_input"},
			"text too long":        {alice, ReviewInput{OrderID: done.ID, LineNo: 1, Rating: 4, Body: string(bytes.Repeat([]byte("é"), MaxReviewBodyLen+1))}, "invalid_input"},
			"invalid UTF-8":        {alice, ReviewInput{OrderID: done.ID, LineNo: 1, Rating: 4, Body: "\xff"}, "invalid_input"},
			"foreign photo key":    {alice, ReviewInput{OrderID: done.ID, LineNo: 1, Rating: 4, Photos: []string{"products/x/sha256/ab"}}, "invalid_input"},
			"too many photos":      {alice, ReviewInput{OrderID: done.ID, LineNo: 1, Rating: 4, Photos: make([]string, MaxReviewPhotos+1)}, "invalid_input"},
		} {
			_, err := e.s.CreateReview(e.ctx, c.shopper, c.in)
			if Code(err) != c.code {
				t.Errorf("%s: %v, want %s", name, err, c.code)
			}
		}
		if after := e.snapshot(); after != before {
			t.Fatalf("rejected reviews changed state: %s → %s", before, after)
		}

		r, err := e.s.CreateReview(e.ctx, alice, ReviewInput{OrderID: done.ID, LineNo: 2, Rating: 4, Body: "  Good grip  "})
		if err != nil {
			t.Fatal(err)
		}
		if r.ProductID != p.ID || r.SKUID != p.SKUs[1].ID || r.BrandID != e.brand || r.Body != "Good grip" || r.Status != ReviewVisible {
			t.Fatalf("review %+v", r)
		}
		before = e.snapshot()
		_, err = e.s.CreateReview(e.ctx, alice, ReviewInput{OrderID: done.ID, LineNo: 2, Rating: 1})
		rvWantCode(t, err, "already_reviewed")
		if after := e.snapshot(); after != before {
			t.Fatalf("second review changed state: %s → %s", before, after)
		}
		// The other line of the same order is a separate review.
		if _, err := e.s.CreateReview(e.ctx, alice, ReviewInput{OrderID: done.ID, LineNo: 1, Rating: 5}); err != nil {
			t.Fatal(err)
		}
	})
}

// Concurrent reviews of one line: exactly one wins, aggregates count one.
func TestReviewConcurrentSameLine(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newRVEnv(t, db)
		p := e.product(e.brand, "Mug", "", "9.00")
		alice := e.shopper()
		o := e.orderTo(alice, StateCompleted, p.SKUs[0])
		var wg sync.WaitGroup
		var ok, dup atomic.Int32
		for i := range 8 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, err := e.s.CreateReview(e.ctx, alice, ReviewInput{OrderID: o.ID, LineNo: 1, Rating: 1 + i%5})
				switch Code(err) {
				case "":
					if err != nil {
						t.Error(err)
						return
					}
					ok.Add(1)
				case "already_reviewed":
					dup.Add(1)
				default:
					t.Error(err)
				}
			}()
		}
		wg.Wait()
		if ok.Load() != 1 || dup.Load() != 7 {
			t.Fatalf("%d created, %d duplicates", ok.Load(), dup.Load())
		}
		sum, err := e.s.ReviewSummary(e.ctx, p.ID)
		if err != nil || sum.Count != 1 {
			t.Fatalf("summary %+v %v", sum, err)
		}
	})
}

// Aggregates are exact: count, distribution and a half-up rounded mean,
// and hiding a review takes it out (showing puts it back).
func TestReviewAggregates(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newRVEnv(t, db)
		p := e.product(e.brand, "Kettle", "", "30.00")
		empty, err := e.s.ReviewSummary(e.ctx, p.ID)
		if err != nil || empty.Count != 0 || empty.Mean != "" || len(empty.Distribution) != 5 {
			t.Fatalf("empty summary %+v %v", empty, err)
		}
		// Ratings 5, 5, 4 → 14/3 = 4.666… → "4.67"; then a 1 → 15/4 = "3.75".
		var ids []string
		for _, rating := range []int{5, 5, 4, 1} {
			sh := e.shopper()
			o := e.orderTo(sh, StateCompleted, p.SKUs[0])
			r, err := e.s.CreateReview(e.ctx, sh, ReviewInput{OrderID: o.ID, LineNo: 1, Rating: rating})
			if err != nil {
				t.Fatal(err)
			}
			ids = append(ids, r.ID)
			if len(ids) == 3 {
				s, _ := e.s.ReviewSummary(e.ctx, p.ID)
				if s.Mean != "4.67" || s.Count != 3 {
					t.Fatalf("after 5,5,4: %+v", s)
				}
			}
		}
		s, _ := e.s.ReviewSummary(e.ctx, p.ID)
		want := map[string]int64{"1": 1, "2": 0, "3": 0, "4": 1, "5": 2}
		if s.Count != 4 || s.Mean != "3.75" || fmt.Sprint(s.Distribution) != fmt.Sprint(want) {
			t.Fatalf("summary %+v", s)
		}
		admin := e.user("admin")
		if _, err := e.s.ModerateReview(e.ctx, admin, ids[3], true, ""); Code(err) != "invalid_input" {
			t.Fatalf("hide without a reason: %v", err)
		}
		if _, err := e.s.ModerateReview(e.ctx, admin, ids[3], true, "abusive"); err != nil {
			t.Fatal(err)
		}
		if _, err := e.s.ModerateReview(e.ctx, admin, ids[3], true, "again"); err != nil { // idempotent
			t.Fatal(err)
		}
		s, _ = e.s.ReviewSummary(e.ctx, p.ID)
		if s.Count != 3 || s.Mean != "4.67" || s.Distribution["1"] != 0 {
			t.Fatalf("after hiding the 1: %+v", s)
		}
		page, _ := e.s.ProductReviews(e.ctx, p.ID, ReviewFilter{})
		if len(page.Reviews) != 3 {
			t.Fatalf("public listing shows %d reviews, want 3", len(page.Reviews))
		}
		all, _ := e.s.BrandReviews(e.ctx, e.brand, ReviewFilter{})
		hidden, _ := e.s.BrandReviews(e.ctx, e.brand, ReviewFilter{Status: ReviewHidden})
		if len(all.Reviews) != 4 || len(hidden.Reviews) != 1 || hidden.Reviews[0].HiddenReason != "abusive" {
			t.Fatalf("brand listing: %d all, %+v hidden", len(all.Reviews), hidden.Reviews)
		}
		if _, err := e.s.ModerateReview(e.ctx, admin, ids[3], false, ""); err != nil {
			t.Fatal(err)
		}
		s, _ = e.s.ReviewSummary(e.ctx, p.ID)
		if s.Count != 4 || s.Mean != "3.75" {
			t.Fatalf("after showing again: %+v", s)
		}
		// The aggregates equal a recount from the reviews themselves.
		var c, sum int
		if err := db.QueryRowContext(e.ctx, `SELECT COUNT(*), COALESCE(SUM(rating), 0) FROM commerce_reviews WHERE product_id = $1 AND status = 'visible'`,
			p.ID).Scan(&c, &sum); err != nil || int64(c) != s.Count || MeanRating(int64(sum), int64(c)) != s.Mean {
			t.Fatalf("recount %d/%d vs %+v (%v)", c, sum, s, err)
		}
		// Paging: newest first, two at a time.
		p1, _ := e.s.ProductReviews(e.ctx, p.ID, ReviewFilter{Limit: 2})
		p2, _ := e.s.ProductReviews(e.ctx, p.ID, ReviewFilter{Limit: 2, Before: p1.Next})
		if len(p1.Reviews) != 2 || p1.Reviews[0].ID != ids[3] || len(p2.Reviews) != 2 || p2.Next != "" || p2.Reviews[1].ID != ids[0] {
			t.Fatalf("pages %+v / %+v", p1, p2)
		}
		only5, _ := e.s.ProductReviews(e.ctx, p.ID, ReviewFilter{Rating: 5})
		if len(only5.Reviews) != 2 {
			t.Fatalf("rating filter: %d", len(only5.Reviews))
		}
	})
}

func TestMeanRatingRounding(t *testing.T) {
	for _, c := range []struct {
		sum, count int64
		want       string
	}{{0, 0, ""}, {5, 1, "5.00"}, {14, 3, "4.67"}, {13, 3, "4.33"}, {9, 8, "1.13"}, {7, 8, "0.88"}, {10, 4, "2.50"}, {2, 3, "0.67"}} {
		if got := MeanRating(c.sum, c.count); got != c.want {
			t.Errorf("MeanRating(%d, %d) = %q, want %q", c.sum, c.count, got, c.want)
		}
	}
}

// The brand replies once, to its own reviews only.
func TestReviewReplyOnce(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newRVEnv(t, db)
		p := e.product(e.brand, "Lamp", "", "20.00")
		alice := e.shopper()
		r, err := e.s.CreateReview(e.ctx, alice, ReviewInput{OrderID: e.orderTo(alice, StateCompleted, p.SKUs[0]).ID, LineNo: 1, Rating: 3})
		if err != nil {
			t.Fatal(err)
		}
		_, err = e.s.ReplyToReview(e.ctx, e.other, r.ID, e.staff, "Not ours")
		rvWantCode(t, err, "not_found")
		_, err = e.s.ReplyToReview(e.ctx, e.brand, r.ID, e.staff, "   ")
		rvWantCode(t, err, "invalid_input")
		got, err := e.s.ReplyToReview(e.ctx, e.brand, r.ID, e.staff, "Thanks, we will improve")
		if err != nil || got.Reply == nil || got.Reply.Body != "Thanks, we will improve" || got.Reply.By != e.staff {
			t.Fatalf("reply %+v %v", got.Reply, err)
		}
		_, err = e.s.ReplyToReview(e.ctx, e.brand, r.ID, e.staff, "Second thoughts")
		rvWantCode(t, err, "already_replied")
		again, _ := e.s.BrandReview(e.ctx, e.brand, r.ID)
		if again.Reply.Body != "Thanks, we will improve" {
			t.Fatalf("the first reply was overwritten: %+v", again.Reply)
		}
		pub := again.Public()
		if pub.Reply == nil || pub.Reply.By != "" {
			t.Fatalf("public reply names its author: %+v", pub.Reply)
		}
	})
}

// Abuse reports: once per user, never on one's own review; admins see all,
// a brand its own; hiding the review actions the open reports.
func TestReviewReports(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newRVEnv(t, db)
		p := e.product(e.brand, "Chair", "", "50.00")
		alice, bob, carol := e.shopper(), e.user("bob"), e.user("carol")
		r, err := e.s.CreateReview(e.ctx, alice, ReviewInput{OrderID: e.orderTo(alice, StateCompleted, p.SKUs[0]).ID, LineNo: 1, Rating: 1, Body: "buy at example.com"})
		if err != nil {
			t.Fatal(err)
		}
		_, err = e.s.ReportReview(e.ctx, bob, r.ID, "because", "")
		rvWantCode(t, err, "invalid_input")
		_, err = e.s.ReportReview(e.ctx, alice, r.ID, "spam", "")
		rvWantCode(t, err, "invalid_input")
		_, err = e.s.ReportReview(e.ctx, bob, "rev_nope", "spam", "")
		rvWantCode(t, err, "not_found")
		rep, err := e.s.ReportReview(e.ctx, bob, r.ID, "spam", "advertises a site")
		if err != nil || rep.Status != ReportOpen || rep.BrandID != e.brand {
			t.Fatalf("report %+v %v", rep, err)
		}
		before := e.snapshot()
		_, err = e.s.ReportReview(e.ctx, bob, r.ID, "fake", "")
		rvWantCode(t, err, "already_reported")
		if e.snapshot() != before {
			t.Fatal("a duplicate report changed state")
		}
		rep2, err := e.s.ReportReview(e.ctx, carol, r.ID, "offensive", "")
		if err != nil {
			t.Fatal(err)
		}
		mine, _ := e.s.ReviewReports(e.ctx, ReportFilter{BrandID: e.brand})
		theirs, _ := e.s.ReviewReports(e.ctx, ReportFilter{BrandID: e.other})
		all, _ := e.s.ReviewReports(e.ctx, ReportFilter{Status: ReportOpen})
		if len(mine) != 2 || len(theirs) != 0 || len(all) != 2 {
			t.Fatalf("reports: brand %d, other %d, admin %d", len(mine), len(theirs), len(all))
		}
		admin := e.user("admin")
		if d, err := e.s.DismissReport(e.ctx, admin, rep2.ID); err != nil || d.Status != ReportDismissed {
			t.Fatalf("dismiss %+v %v", d, err)
		}
		if _, err := e.s.DismissReport(e.ctx, admin, rep2.ID); Code(err) != "invalid_input" {
			t.Fatalf("dismiss twice: %v", err)
		}
		if _, err := e.s.ModerateReview(e.ctx, admin, r.ID, true, "spam"); err != nil {
			t.Fatal(err)
		}
		got, _ := e.s.ReviewReports(e.ctx, ReportFilter{})
		for _, g := range got {
			want := map[string]string{rep.ID: ReportActioned, rep2.ID: ReportDismissed}[g.ID]
			if g.Status != want {
				t.Errorf("report %s is %s, want %s", g.ID, g.Status, want)
			}
		}
		// A hidden review cannot be reported any more.
		_, err = e.s.ReportReview(e.ctx, e.user("dave"), r.ID, "spam", "")
		rvWantCode(t, err, "not_found")
	})
}

// Photos: only the shopper's own uploads, real images, within the caps;
// served only while the review is visible.
func TestReviewPhotos(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newRVEnv(t, db)
		p := e.product(e.brand, "Vase", "", "15.00")
		alice, bob := e.shopper(), e.shopper()
		png := append([]byte("\x89PNG\r\n\x1a\n"), make([]byte, 64)...)
		if _, err := e.s.UploadReviewPhoto(e.ctx, alice, "image/png", bytes.NewReader([]byte("<script>"))); Code(err) != "invalid_input" {
			t.Fatalf("non-image: %v", err)
		}
		if _, err := e.s.UploadReviewPhoto(e.ctx, alice, "image/png", bytes.NewReader(append(png, make([]byte, 64<<10)...))); Code(err) != "image_too_large" {
			t.Fatalf("oversized: %v", err)
		}
		key, err := e.s.UploadReviewPhoto(e.ctx, alice, "image/png", bytes.NewReader(png))
		if err != nil {
			t.Fatal(err)
		}
		bobKey, err := e.s.UploadReviewPhoto(e.ctx, bob, "image/png", bytes.NewReader(append(png, 1)))
		if err != nil {
			t.Fatal(err)
		}
		o := e.orderTo(alice, StateCompleted, p.SKUs[0])
		_, err = e.s.CreateReview(e.ctx, alice, ReviewInput{OrderID: o.ID, LineNo: 1, Rating: 5, Photos: []string{bobKey}})
		rvWantCode(t, err, "invalid_input")
		_, err = e.s.CreateReview(e.ctx, alice, ReviewInput{OrderID: o.ID, LineNo: 1, Rating: 5, Photos: []string{key, key}})
		rvWantCode(t, err, "invalid_input")
		r, err := e.s.CreateReview(e.ctx, alice, ReviewInput{OrderID: o.ID, LineNo: 1, Rating: 5, Photos: []string{key}})
		if err != nil {
			t.Fatal(err)
		}
		if pub := r.Public(); len(pub.Photos) != 1 || pub.Photos[0] != "/api/v1/reviews/"+r.ID+"/photos/0" {
			t.Fatalf("public photos %q", pub.Photos)
		}
		// The author lists their reviews of the order; nobody else can.
		mine, err := e.s.ShopperOrderReviews(e.ctx, alice, o.ID)
		if err != nil || len(mine) != 1 || mine[0].ID != r.ID || len(mine[0].Photos) != 1 || mine[0].Photos[0] != key {
			t.Fatalf("the author's reviews of the order: %+v %v", mine, err)
		}
		if _, err := e.s.ShopperOrderReviews(e.ctx, bob, o.ID); Code(err) != "not_found" {
			t.Fatalf("another shopper lists the order's reviews: %v", err)
		}
		rc, ct, err := e.s.ReviewPhoto(e.ctx, r.ID, 0)
		if err != nil || ct != "image/png" {
			t.Fatalf("photo: %q %v", ct, err)
		}
		rc.Close()
		if _, _, err := e.s.ReviewPhoto(e.ctx, r.ID, 1); Code(err) != "not_found" {
			t.Fatalf("photo 1: %v", err)
		}
		if _, err := e.s.ModerateReview(e.ctx, e.user("admin"), r.ID, true, "nsfw"); err != nil {
			t.Fatal(err)
		}
		if _, _, err := e.s.ReviewPhoto(e.ctx, r.ID, 0); Code(err) != "not_found" {
			t.Fatalf("photo of a hidden review: %v", err)
		}
	})
}

// Apps read reviews of their brand's products through reviews.list and
// reviews.summary, behind the "reviews" permission; nothing writes them.
func TestReviewHostAPIs(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newRVEnv(t, db)
		mine := e.product(e.brand, "Ours", "", "10.00")
		theirs := e.product(e.other, "Theirs", "", "10.00")
		alice := e.shopper()
		for _, p := range []Product{mine, theirs} {
			if _, err := e.s.CreateReview(e.ctx, alice, ReviewInput{OrderID: e.orderTo(alice, StateCompleted, p.SKUs[0]).ID, LineNo: 1, Rating: 4, Body: "ok"}); err != nil {
				t.Fatal(err)
			}
		}
		reg := runtime.NewRegistry(e.s.ReviewHostAPIs()...)
		call := func(granted []string, name, args string) (string, string) {
			b := reg.Bridge(runtime.HostEvent{AppID: "app_1", InstallationID: "ins_1", Granted: granted, BrandID: e.brand}, runtime.BridgeLimits{}, nil)
			out, err := b.CallHost(e.ctx, name, []byte(args))
			var he *sandbox.HostError
			if errors.As(err, &he) {
				return "", he.Code
			}
			if err != nil {
				t.Fatal(err)
			}
			return string(out), ""
		}
		perm := []string{"reviews"}
		out, code := call(perm, "reviews.list", `{"productId":"`+mine.ID+`"}`)
		if code != "" || !bytes.Contains([]byte(out), []byte(`"rating":4`)) || bytes.Contains([]byte(out), []byte(alice)) {
			t.Fatalf("reviews.list: %s %s", code, out)
		}
		out, code = call(perm, "reviews.summary", `{"productId":"`+mine.ID+`"}`)
		if code != "" || !bytes.Contains([]byte(out), []byte(`"mean":"4.00"`)) {
			t.Fatalf("reviews.summary: %s %s", code, out)
		}
		for _, c := range []struct {
			granted    []string
			name, args string
			code       string
		}{
			{perm, "reviews.list", `{"productId":"` + theirs.ID + `"}`, "not_found"}, // another brand's product
			{perm, "reviews.summary", `{"productId":"` + theirs.ID + `"}`, "not_found"},
			{nil, "reviews.list", `{"productId":"` + mine.ID + `"}`, runtime.CodePermissionDenied},
			{perm, "reviews.list", `{"productId":"` + mine.ID + `","shopperId":"x"}`, runtime.CodeInvalidArgs},
			{perm, "reviews.list", `{"productId":"` + mine.ID + `","limit":1000}`, runtime.CodeInvalidArgs},
			{perm, "reviews.create", `{"productId":"` + mine.ID + `","rating":5}`, runtime.CodeUnknownAPI},
			{perm, "reviews.reply", `{}`, runtime.CodeUnknownAPI},
			{perm, "reviews.report", `{}`, runtime.CodeUnknownAPI},
		} {
			if _, code := call(c.granted, c.name, c.args); code != c.code {
				t.Errorf("%s %s: code %q, want %q", c.name, c.args, code, c.code)
			}
		}
		for _, n := range reg.Names() {
			if n != "reviews.list" && n != "reviews.summary" {
				t.Errorf("unexpected review host API %s", n)
			}
		}
		if n := e.count(`SELECT COUNT(*) FROM commerce_reviews`); n != 2 {
			t.Fatalf("%d reviews after app calls, want 2", n)
		}
	})
}
