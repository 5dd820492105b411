package web_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/soukhq/souk/commerce"
	"github.com/soukhq/souk/invoice"
	"github.com/soukhq/souk/store"
	"github.com/soukhq/souk/store/storetest"
	"github.com/soukhq/souk/web/webtest"
)

// completedOrder pays, ships, delivers and confirms an order of the seller
// world's shopper.
func (w *sellerWorld) completedOrder(t *testing.T, db *store.DB) commerce.Order {
	t.Helper()
	o := w.paid(t, 2, 1)
	err := db.InTx(ctx, func(tx *store.Tx) error {
		if _, err := w.com.MarkShippedTx(ctx, tx, o.ID, commerce.System, nil); err != nil {
			return err
		}
		_, err := w.com.MarkDeliveredTx(ctx, tx, o.ID, commerce.System, nil)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if o, err = w.com.ConfirmReceipt(ctx, w.shopperID, o.ID); err != nil {
		t.Fatal(err)
	}
	return o
}

// A brand manager sets the invoicing details in the console; the shopper
// asks for the invoice on the order page, finds it in the card bag with
// its PDF, checks it on its public verify page (and a tampered copy of its
// file fails there, naming the field), and shares it; an employer claims
// it once through one link, and a claim through another link is refused.
// The manager then voids it and the verify page says so. axe-core on
// every page.
func TestInvoicesInChromium(t *testing.T) {
	storetest.Pick(t, func(t *testing.T, db *store.DB) {
		w := startSellerServer(t, db)
		o := w.completedOrder(t, db)

		m := webtest.New(t, w.base)
		m.SignIn("manager@example.com", password, "/")
		m.Open("/seller/" + w.brand.ID + "/invoices")
		m.Find("heading", "Invoices")
		m.Fill("Seller's legal name", "Ada's Teas Ltd")
		m.Fill("Seller's tax id", "GB123")
		m.Fill("Default tax rate (%)", "twenty")
		m.Submit("Save invoicing details")
		if got := m.Text("alert", ""); !strings.Contains(got, "twenty") {
			t.Errorf("a bad rate: %q", got)
		}
		m.Fill("Default tax rate (%)", "20")
		m.Submit("Save invoicing details")
		m.FindContaining("status", "Invoicing details saved")
		m.Axe()

		b := webtest.New(t, w.base)
		b.SignIn("shopper@example.com", password, "/")
		b.Open("/orders/" + o.ID)
		b.Fill("Made out to (name or company)", "Globex Corp")
		b.Fill("Tax id (optional)", "DE811")
		b.Submit("Ask for the invoice")
		b.FindContaining("heading", "Invoice INV-")
		if got := textOf(t, b, "[data-testid=invoice-gross]"); !strings.Contains(got, "29.68") {
			t.Errorf("gross on the page: %q", got)
		}
		b.Axe()
		docs, err := w.inv.OrderInvoices(ctx, o.ID)
		if err != nil || len(docs) != 1 {
			t.Fatalf("invoices of the order: %v %v", docs, err)
		}
		in := docs[0]
		// 2 × 12.34 at 20 % inclusive: tax 4.11; 5.00: 0.83 (per line, half up).
		if in.Document.Tax != 494 || in.Document.Seller.Name != "Ada's Teas Ltd" {
			t.Fatalf("document %+v", in.Document)
		}
		b.Open("/wallet/invoices")
		b.FindContaining("link", in.Number)
		b.Axe()

		// The PDF and the file, as the shopper's session downloads them.
		for _, suffix := range []string{"/pdf", "/file"} {
			body := webtest.Eval[string](b, `(function(){const x = new XMLHttpRequest(); x.open("GET", "/wallet/invoices/`+in.ID+suffix+`", false); x.send(); return x.responseText.slice(0, 2000);})()`)
			if suffix == "/pdf" && !strings.HasPrefix(body, "%PDF-") || suffix == "/file" && !strings.Contains(body, in.Number) {
				t.Errorf("%s: %.40q", suffix, body)
			}
		}

		b.Open("/invoices/" + in.ID + "/verify")
		b.FindContaining("status", "Genuine")
		b.Axe()
		bundle, err := w.inv.Bundle(ctx, in)
		if err != nil {
			t.Fatal(err)
		}
		file := mustJSON(t, bundle)
		i := bytes.Index(file, []byte(`"tax":411`))
		file[i+len(`"tax":`)] = '7'
		path := filepath.Join(t.TempDir(), "tampered.json")
		if err := os.WriteFile(path, file, 0o600); err != nil {
			t.Fatal(err)
		}
		b.Upload("Invoice file (JSON)", path)
		b.Submit("Check the file")
		if got := b.Text("alert", ""); !strings.Contains(got, "does not verify") {
			t.Errorf("a tampered upload: %q", got)
		}
		if !strings.Contains(b.HTML(), "/tax") {
			t.Error("the page does not say which field changed")
		}

		b.Open("/wallet/invoices/" + in.ID)
		b.Submit("Make a share link")
		link1 := webtest.Eval[string](b, `document.getElementById("share-url").value`)
		b.Submit("Make a share link")
		link2 := webtest.Eval[string](b, `document.getElementById("share-url").value`)
		if link1 == link2 || !strings.Contains(link1, "/invoices/shared/") {
			t.Fatalf("share links %q %q", link1, link2)
		}

		e := webtest.New(t, w.base) // the employer, signed out
		e.Open(strings.TrimPrefix(link1, w.base))
		e.FindContaining("heading", "Shared invoice "+in.Number)
		e.Axe()
		e.Fill("Employer and expense reference", "Initech #42")
		e.Submit("Claim this invoice")
		textOf(t, e, "[data-testid=claimed]")
		e.Open(strings.TrimPrefix(link2, w.base))
		if got := textOf(t, e, "[data-testid=claimed]"); !strings.Contains(got, "Initech #42") {
			t.Errorf("the other link does not show the claim: %q", got)
		}
		if _, err := w.inv.Claim(ctx, strings.TrimPrefix(link2, w.base+"/invoices/shared/"), "Someone else"); !strings.Contains(errString(err), "already_claimed") {
			t.Errorf("a second claim through the other link: %v", err)
		}

		m.Open("/seller/" + w.brand.ID + "/invoices")
		m.Fill("Reason to void "+in.Number, "wrong buyer")
		m.Submit("Void " + in.Number)
		m.FindContaining("status", "The invoice is voided")
		b.Open("/invoices/" + in.ID + "/verify")
		if got := b.Text("alert", ""); !strings.Contains(got, "voided") {
			t.Errorf("the verify page of a voided invoice: %q", got)
		}
		if got, _ := w.inv.Get(ctx, in.ID); got.Status != invoice.StatusVoided {
			t.Errorf("status %s", got.Status)
		}
		// A stranger cannot open the shopper's invoice pages.
		s := webtest.New(t, w.base)
		s.SignIn("stranger@example.com", password, "/")
		s.Open("/wallet/invoices/" + in.ID)
		s.Find("heading", "This page does not exist")
		res, err := http.Get(w.base + "/wallet/invoices/" + in.ID + "/file")
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if bytes.Contains(body, []byte(in.Number)) {
			t.Error("a signed-out request got the invoice file")
		}
	})
}

// textOf waits for an element and returns its text.
func textOf(t *testing.T, b *webtest.Browser, sel string) string {
	t.Helper()
	for i := 0; i < 100; i++ {
		if got := webtest.Eval[string](b, `(function(){const e = document.querySelector(`+strconv.Quote(sel)+`); return e ? e.textContent : "";})()`); got != "" {
			return got
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("no %s on %s", sel, b.Path())
	return ""
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}
