package invoice_test

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/soukhq/souk/blob"
	"github.com/soukhq/souk/commerce"
	"github.com/soukhq/souk/identity"
	"github.com/soukhq/souk/invoice"
	"github.com/soukhq/souk/jobs"
	"github.com/soukhq/souk/payments"
	"github.com/soukhq/souk/payments/ledger"
	"github.com/soukhq/souk/payments/money"
	"github.com/soukhq/souk/store"
	"github.com/soukhq/souk/store/storetest"
)

var ctx = context.Background()

const pin = "482915"

var seq atomic.Int64

// env: commerce with real payments and jobs, a brand with two products at
// different tax rates, and the invoice service.
type env struct {
	t      *testing.T
	db     *store.DB
	ids    *identity.Service
	pay    *payments.Service
	bank   *payments.SimBank
	q      *jobs.Queue
	com    *commerce.Service
	inv    *invoice.Service
	brand  string
	tea    commerce.SKU // 13 % VAT
	book   commerce.SKU // 0 %
	teaPID string
}

func newEnv(t *testing.T, db *store.DB) *env {
	e := &env{t: t, db: db, ids: identity.New(db)}
	l := ledger.New(db, ledger.Options{})
	t.Cleanup(l.Close)
	e.bank = payments.NewSimBank()
	e.pay = payments.New(db, l, payments.Options{Funding: e.bank})
	e.bank.Handler = e.pay.HandleFundingResult
	e.q = jobs.New(db, nil)
	blobs, err := blob.OpenLocal(blob.Config{Dir: t.TempDir(), MaxObjectSize: 1 << 20})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { blobs.Close() })
	e.com = commerce.New(db, e.pay, e.q, blobs, commerce.Options{})
	e.inv = invoice.New(db, e.com, e.ids, invoice.Options{BaseURL: "https://souk.example/"})
	owner := e.user("owner")
	b, err := e.ids.CreateOrg(ctx, owner, identity.OrgBrand, "Acme Tea")
	if err != nil {
		t.Fatal(err)
	}
	e.brand = b.ID
	e.tea, e.teaPID = e.sku("Oolong tea", "10.00")
	e.book, _ = e.sku("Tea book", "25.00")
	if _, err := e.inv.SetSettings(ctx, e.brand, invoice.Settings{SellerName: "Acme Tea Ltd", TaxID: "GB123456789", DefaultRateBps: 0,
		ProductRates: map[string]int64{e.teaPID: 1300}}); err != nil {
		t.Fatal(err)
	}
	return e
}

func (e *env) user(name string) string {
	e.t.Helper()
	u, err := e.ids.Signup(ctx, fmt.Sprintf("%s-%d@example.com", name, seq.Add(1)), "correct horse battery")
	if err != nil {
		e.t.Fatal(err)
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

func (e *env) sku(title, price string) (commerce.SKU, string) {
	e.t.Helper()
	p, err := e.com.CreateProduct(ctx, e.brand, commerce.ProductInput{Title: title, Description: "x", Currency: "USD"})
	if err != nil {
		e.t.Fatal(err)
	}
	k, err := e.com.AddSKU(ctx, e.brand, p.ID, commerce.SKUInput{Options: map[string]string{"size": "M"}, Price: usd(price), OnHand: 1000})
	if err != nil {
		e.t.Fatal(err)
	}
	return k, p.ID
}

// completed is a shopper's completed order: 3 teas and a book (55.00).
func (e *env) completed() (shopper string, o commerce.Order) {
	e.t.Helper()
	shopper = e.user("shopper")
	if err := e.pay.SetPIN(ctx, shopper, pin); err != nil {
		e.t.Fatal(err)
	}
	op, err := e.pay.TopUp(ctx, shopper, fmt.Sprintf("fund-%d", seq.Add(1)), "USD", usd("100.00"))
	if err != nil {
		e.t.Fatal(err)
	}
	if _, err := e.bank.Complete(ctx, op.ID, true); err != nil {
		e.t.Fatal(err)
	}
	o, err = e.com.CreateOrder(ctx, commerce.NewOrder{ShopperID: shopper, BrandID: e.brand,
		Lines: []commerce.LineInput{{SKUID: e.tea.ID, Qty: 3}, {SKUID: e.book.ID, Qty: 1}}})
	if err != nil {
		e.t.Fatal(err)
	}
	r, err := e.com.RequestPayment(ctx, o.ID, commerce.Actor{Kind: commerce.ActorShopper, ID: shopper})
	if err != nil {
		e.t.Fatal(err)
	}
	if _, err := e.pay.Confirm(ctx, r.ID, shopper, pin, nil); err != nil {
		e.t.Fatal(err)
	}
	err = e.db.InTx(ctx, func(tx *store.Tx) error {
		if _, err := e.com.MarkShippedTx(ctx, tx, o.ID, commerce.Actor{Kind: commerce.ActorBrand, ID: e.brand}, nil); err != nil {
			return err
		}
		_, err := e.com.MarkDeliveredTx(ctx, tx, o.ID, commerce.Actor{Kind: commerce.ActorCarrier, ID: "sim"}, nil)
		return err
	})
	if err != nil {
		e.t.Fatal(err)
	}
	if o, err = e.com.ConfirmReceipt(ctx, shopper, o.ID); err != nil {
		e.t.Fatal(err)
	}
	return shopper, o
}

func (e *env) runJobs() {
	e.t.Helper()
	if _, err := e.q.RunDue(ctx, time.Now().Add(time.Second)); err != nil {
		e.t.Fatal(err)
	}
}

func (e *env) checkLedger() {
	e.t.Helper()
	rep, err := e.pay.LedgerCheck(ctx)
	if err != nil || !rep.OK {
		e.t.Fatalf("ledger check: %+v %v", rep, err)
	}
	rec, err := e.com.ReconcileOrders(ctx)
	if err != nil || !rec.OK {
		e.t.Fatalf("order reconciliation: %+v %v", rec, err)
	}
}

// trust is what an online verifier fetches from the server: the published
// keys, the chain from the document's entry to the latest checkpoint, and
// the document's status.
func (e *env) trust(in invoice.Invoice) invoice.Trust {
	e.t.Helper()
	keys, err := e.inv.Keys(ctx)
	if err != nil {
		e.t.Fatal(err)
	}
	tr := invoice.Trust{Keys: map[string]ed25519.PublicKey{}}
	for _, k := range keys {
		b, _ := base64.StdEncoding.DecodeString(k.PublicKey)
		tr.Keys[k.ID] = b
	}
	latest, err := e.inv.LatestCheckpoint(ctx)
	if err != nil {
		e.t.Fatal(err)
	}
	if tr.Entries, err = e.inv.Entries(ctx, in.ChainSeq, latest.Seq); err != nil {
		e.t.Fatal(err)
	}
	cur, err := e.inv.Get(ctx, in.ID)
	if err != nil {
		e.t.Fatal(err)
	}
	tr.Latest, tr.Status = &latest, cur.Status
	return tr
}

func (e *env) file(in invoice.Invoice) []byte {
	e.t.Helper()
	b, err := e.inv.Bundle(ctx, in)
	if err != nil {
		e.t.Fatal(err)
	}
	out, err := json.MarshalIndent(b, "", "  ")
	if err != nil {
		e.t.Fatal(err)
	}
	return out
}

// An invoice is issued with per-line tax from the brand's settings, signed
// and chained; its file verifies offline and online. Changing one byte of
// it fails verification and says where. Both backends.
func TestIssueVerifyAndTamper(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		shopper, o := e.completed()
		if _, err := e.inv.Issue(ctx, e.user("stranger"), o.ID, invoice.Buyer{Name: "X"}); !errors.Is(err, commerce.ErrNotFound) {
			t.Fatalf("another shopper's order: %v", err)
		}
		if _, err := e.inv.Issue(ctx, shopper, o.ID, invoice.Buyer{Name: " "}); !errors.Is(err, invoice.ErrInvalid) {
			t.Fatalf("no buyer name: %v", err)
		}
		in, err := e.inv.Issue(ctx, shopper, o.ID, invoice.Buyer{Name: "Globex Corp", TaxID: "DE811"})
		if err != nil {
			t.Fatal(err)
		}
		d := in.Document
		if !strings.HasSuffix(in.Number, "-000001") || in.Kind != invoice.KindInvoice || in.Status != invoice.StatusValid {
			t.Fatalf("invoice %+v", in)
		}
		// 3 × 10.00 at 13 % inclusive: tax = 3000 × 1300 / 11300 = 345.13… → 345.
		tea, book := d.Lines[0], d.Lines[1]
		if tea.Gross != 3000 || tea.Tax != 345 || tea.Net != 2655 || tea.RateBps != 1300 || book.Gross != 2500 || book.Tax != 0 {
			t.Fatalf("lines %+v", d.Lines)
		}
		if d.Gross != 5500 || d.Tax != 345 || d.Net != 5155 || d.Seller.Name != "Acme Tea Ltd" || d.Buyer.TaxID != "DE811" {
			t.Fatalf("document %+v", d)
		}
		if !strings.HasPrefix(d.VerifyURL, "https://souk.example/invoices/"+in.ID) {
			t.Fatalf("verify url %q", d.VerifyURL)
		}
		again, err := e.inv.Issue(ctx, shopper, o.ID, invoice.Buyer{Name: "Someone Else"})
		if err != nil || again.ID != in.ID {
			t.Fatalf("asking again: %v %v", again.ID, err)
		}

		file := e.file(in)
		if r := invoice.Verify(file, e.trust(in)); !r.OK || r.Status != invoice.StatusValid {
			t.Fatalf("verification of an untouched file: %+v", r)
		}
		if r := invoice.Verify(file, invoice.Trust{}); !r.OK {
			t.Fatalf("offline verification: %+v", r)
		}

		// One byte changed in the tea line's tax: 345 → 545.
		i := bytes.Index(file, []byte(`"tax": 345`))
		if i < 0 {
			t.Fatalf("no tax in %s", file)
		}
		bad := bytes.Clone(file)
		bad[i+len(`"tax": `)] = '5'
		r := invoice.Verify(bad, e.trust(in))
		if r.OK || !strings.Contains(strings.Join(r.Problems, "\n"), "/lines/0/tax") {
			t.Fatalf("a changed tax: %+v", r)
		}
		// One byte of the signature.
		bad = bytes.Clone(file)
		j := bytes.Index(bad, []byte(`"signature": "`)) + len(`"signature": "`)
		bad[j] ^= 1
		if r := invoice.Verify(bad, invoice.Trust{}); r.OK || !strings.Contains(r.Problems[0], "signature") {
			t.Fatalf("a changed signature: %+v", r)
		}
		// A byte that breaks the JSON says at which byte.
		bad = bytes.Clone(file)
		bad[bytes.IndexByte(bad, ':')] = '}'
		if r := invoice.Verify(bad, invoice.Trust{}); r.OK || !strings.Contains(r.Problems[0], "byte") {
			t.Fatalf("a broken file: %+v", r)
		}
	})
}

// A refund of an invoiced order issues a linked credit note for exactly
// the refunded amount, split over the lines by their share of the gross;
// refunding the rest voids the invoice, which verification then reports.
// The ledger check and order reconciliation pass. Both backends.
func TestCreditNotesOnRefund(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		shopper, o := e.completed()
		in, err := e.inv.Issue(ctx, shopper, o.ID, invoice.Buyer{Name: "Globex Corp"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.com.RefundOrder(ctx, e.brand, o.ID, usd("11.00"), "one tea broke", commerce.Actor{Kind: commerce.ActorBrand, ID: e.brand}); err != nil {
			t.Fatal(err)
		}
		e.runJobs()
		e.runJobs() // a second run of the same event issues nothing more
		docs, err := e.inv.OrderInvoices(ctx, o.ID)
		if err != nil || len(docs) != 2 {
			t.Fatalf("documents after a refund: %d %v", len(docs), err)
		}
		cn := docs[0]
		if cn.Kind != invoice.KindCreditNote || cn.RelatedID != in.ID || cn.Gross != -1100 || cn.Document.Credits != in.Number ||
			!strings.HasPrefix(cn.Number, "CN-") || !strings.HasSuffix(cn.Number, "-000001") {
			t.Fatalf("credit note %+v", cn)
		}
		// 1100 over 3000 and 2500 of 5500: 600 and 500.
		var sum int64
		for _, l := range cn.Document.Lines {
			sum += l.Gross
			if l.Net+l.Tax != l.Gross {
				t.Errorf("credit line %+v", l)
			}
		}
		if sum != 1100 || cn.Document.Lines[0].Gross != 600 || cn.Document.Lines[0].Tax != 69 {
			t.Fatalf("credit lines %+v", cn.Document.Lines)
		}
		if got, _ := e.inv.Get(ctx, in.ID); got.Status != invoice.StatusCredited {
			t.Fatalf("invoice status after a partial refund: %s", got.Status)
		}
		if r := invoice.Verify(e.file(cn), e.trust(cn)); !r.OK {
			t.Fatalf("the credit note does not verify: %+v", r)
		}
		if _, err := e.com.RefundOrder(ctx, e.brand, o.ID, usd("44.00"), "all of it", commerce.Actor{Kind: commerce.ActorBrand, ID: e.brand}); err != nil {
			t.Fatal(err)
		}
		e.runJobs()
		r := invoice.Verify(e.file(in), e.trust(in))
		if r.OK || r.Status != invoice.StatusVoided {
			t.Fatalf("a fully credited invoice verifies as %+v", r)
		}
		e.checkLedger()
	})
}

// 50 concurrent requests for invoices of 50 orders of one brand number
// them 1 to 50 with no gap or repeat, and the chain holds all 50 in order.
// Both backends.
func TestNumberingGapFreeUnderConcurrency(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		const n = 50
		type job struct{ shopper, order string }
		jobs := make([]job, n)
		for i := range jobs {
			s, o := e.completed()
			jobs[i] = job{s, o.ID}
		}
		var wg sync.WaitGroup
		numbers := make([]string, n)
		errs := make([]error, n)
		for i, j := range jobs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				in, err := e.inv.Issue(ctx, j.shopper, j.order, invoice.Buyer{Name: "Buyer"})
				numbers[i], errs[i] = in.Number, err
			}()
		}
		wg.Wait()
		seen := map[string]bool{}
		for i, err := range errs {
			if err != nil {
				t.Fatalf("issue %d: %v", i, err)
			}
			seen[numbers[i][len(numbers[i])-6:]] = true
		}
		for i := 1; i <= n; i++ {
			if !seen[fmt.Sprintf("%06d", i)] {
				t.Fatalf("number %d is missing: %v", i, numbers)
			}
		}
		entries, err := e.inv.Entries(ctx, 1, n)
		if err != nil || len(entries) != n {
			t.Fatalf("chain: %d %v", len(entries), err)
		}
		prev := invoice.GenesisHash
		for i, en := range entries {
			if en.Seq != int64(i+1) || en.PrevHash != prev || invoice.EntryHash(en.Seq, en.PrevHash, en.DocHash) != en.EntryHash {
				t.Fatalf("chain breaks at %d: %+v", i+1, en)
			}
			prev = en.EntryHash
		}
		latest, err := e.inv.LatestCheckpoint(ctx)
		if err != nil || latest.Seq != n || latest.Hash != prev {
			t.Fatalf("latest checkpoint %+v %v", latest, err)
		}
	})
}

// A shared invoice is claimed once: a second claim, through the same link
// or another, is refused; a voided invoice cannot be claimed. Both backends.
func TestShareClaimOnce(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		shopper, o := e.completed()
		in, err := e.inv.Issue(ctx, shopper, o.ID, invoice.Buyer{Name: "Globex Corp"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.inv.ShareInvoice(ctx, e.user("other"), in.ID); !errors.Is(err, invoice.ErrNotFound) {
			t.Fatalf("sharing someone else's invoice: %v", err)
		}
		a, err := e.inv.ShareInvoice(ctx, shopper, in.ID)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := e.inv.ShareInvoice(ctx, shopper, in.ID)
		got, sh, err := e.inv.Shared(ctx, a)
		if err != nil || got.ID != in.ID || !sh.ClaimedAt.IsZero() {
			t.Fatalf("shared: %+v %+v %v", got, sh, err)
		}
		var wg sync.WaitGroup
		var won atomic.Int32
		for _, tok := range []string{a, b, a, b} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if _, err := e.inv.Claim(ctx, tok, "Initech expenses #42"); err == nil {
					won.Add(1)
				} else if !errors.Is(err, invoice.ErrClaimed) {
					t.Error(err)
				}
			}()
		}
		wg.Wait()
		if won.Load() != 1 {
			t.Fatalf("%d claims succeeded, want 1", won.Load())
		}
		if _, sh, _ := e.inv.Shared(ctx, b); sh.ClaimedBy != "Initech expenses #42" {
			t.Fatalf("claim state through the other link: %+v", sh)
		}
		if _, _, err := e.inv.Shared(ctx, "nope"); !errors.Is(err, invoice.ErrNotFound) {
			t.Fatalf("unknown token: %v", err)
		}
	})
}

// The PDF carries the document's number, amounts and a QR code of its
// verify link.
func TestPDF(t *testing.T) {
	e := newEnv(t, storetest.SQLite(t))
	shopper, o := e.completed()
	in, err := e.inv.Issue(ctx, shopper, o.ID, invoice.Buyer{Name: "Globex Corp"})
	if err != nil {
		t.Fatal(err)
	}
	pdf, err := invoice.PDF(in, invoice.AbsoluteVerifyURL(in, "https://ignored.example"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(pdf, []byte("%PDF-")) || len(pdf) < 2000 || !bytes.Contains(pdf, []byte("/Subtype /Image")) {
		t.Fatalf("not a PDF with an image: %d bytes", len(pdf))
	}
	if !bytes.Contains(pdf, []byte(in.Number)) {
		t.Error("the PDF lacks the invoice number")
	}
}
