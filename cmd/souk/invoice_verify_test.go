package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/soukhq/souk/api"
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

// souk invoice verify checks a real invoice file against a running API:
// an untouched file verifies; one changed byte fails and names the field;
// after the brand voids it, the online check fails while --offline (which
// cannot know) still passes the signature checks.
func TestInvoiceVerifyCommand(t *testing.T) {
	ctx := context.Background()
	db := storetest.SQLite(t)
	ids := identity.New(db)
	l := ledger.New(db, ledger.Options{})
	t.Cleanup(l.Close)
	bank := payments.NewSimBank()
	pay := payments.New(db, l, payments.Options{Funding: bank})
	bank.Handler = pay.HandleFundingResult
	blobs, err := blob.OpenLocal(blob.Config{Dir: t.TempDir(), MaxObjectSize: 1 << 20})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { blobs.Close() })
	com := commerce.New(db, pay, jobs.New(db, nil), blobs, commerce.Options{})
	inv := invoice.New(db, com, ids, invoice.Options{})
	srv := api.New(api.Deps{DB: db, Identity: ids, Payments: pay, Commerce: com, Invoices: inv,
		Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Ready: map[string]api.Pinger{"database": db}})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = srv.App.Listener(ln) }()
	t.Cleanup(func() { _ = srv.App.ShutdownWithTimeout(5 * time.Second) })
	base := "http://" + ln.Addr().String()

	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	owner, err := ids.Signup(ctx, "owner@example.com", "correct horse battery")
	must(err)
	brand, err := ids.CreateOrg(ctx, owner.ID, identity.OrgBrand, "Acme Tea")
	must(err)
	_, err = inv.SetSettings(ctx, brand.ID, invoice.Settings{SellerName: "Acme Tea Ltd", DefaultRateBps: 2000})
	must(err)
	p, err := com.CreateProduct(ctx, brand.ID, commerce.ProductInput{Title: "Oolong", Description: "x", Currency: "USD"})
	must(err)
	sku, err := com.AddSKU(ctx, brand.ID, p.ID, commerce.SKUInput{Price: money.Amount(1234), OnHand: 10})
	must(err)
	shopper, err := ids.Signup(ctx, "shopper@example.com", "correct horse battery")
	must(err)
	must(pay.SetPIN(ctx, shopper.ID, "482915"))
	op, err := pay.TopUp(ctx, shopper.ID, "fund-1", "USD", money.Amount(10000))
	must(err)
	_, err = bank.Complete(ctx, op.ID, true)
	must(err)
	o, err := com.CreateOrder(ctx, commerce.NewOrder{ShopperID: shopper.ID, BrandID: brand.ID, Lines: []commerce.LineInput{{SKUID: sku.ID, Qty: 2}}})
	must(err)
	r, err := com.RequestPayment(ctx, o.ID, commerce.Actor{Kind: commerce.ActorShopper, ID: shopper.ID})
	must(err)
	_, err = pay.Confirm(ctx, r.ID, shopper.ID, "482915", nil)
	must(err)
	must(db.InTx(ctx, func(tx *store.Tx) error {
		if _, err := com.MarkShippedTx(ctx, tx, o.ID, commerce.System, nil); err != nil {
			return err
		}
		_, err := com.MarkDeliveredTx(ctx, tx, o.ID, commerce.System, nil)
		return err
	}))
	_, err = com.ConfirmReceipt(ctx, shopper.ID, o.ID)
	must(err)
	in, err := inv.Issue(ctx, shopper.ID, o.ID, invoice.Buyer{Name: "Globex Corp"})
	must(err)
	b, err := inv.Bundle(ctx, in)
	must(err)
	file, _ := json.MarshalIndent(b, "", "  ")
	dir := t.TempDir()
	good := filepath.Join(dir, "invoice.json")
	must(os.WriteFile(good, file, 0o600))

	run := func(args ...string) (string, error) {
		cmd := rootCmdForTest(t, append([]string{"invoice", "verify"}, args...)...)
		var out strings.Builder
		cmd.SetOut(&out)
		err := cmd.Execute()
		return out.String(), err
	}
	out, err := run(good, "--server", base)
	if err != nil || !strings.Contains(out, "verified") || !strings.Contains(out, "current chain includes entry 1") {
		t.Fatalf("a good file: %v\n%s", err, out)
	}

	// One byte: the unit price 1234 → 1934.
	i := bytes.Index(file, []byte(`"unit_price": 1234`))
	tampered := bytes.Clone(file)
	tampered[i+len(`"unit_price": 1`)] = '9'
	bad := filepath.Join(dir, "tampered.json")
	must(os.WriteFile(bad, tampered, 0o600))
	out, err = run(bad, "--server", base)
	if err == nil || !strings.Contains(out, "FAIL") || !strings.Contains(out, "/lines/0/unit_price") {
		t.Fatalf("a tampered file: %v\n%s", err, out)
	}

	_, err = inv.Void(ctx, brand.ID, in.ID, "wrong buyer")
	must(err)
	if out, err = run(good, "--server", base); err == nil || !strings.Contains(out, "voided") {
		t.Fatalf("a voided invoice online: %v\n%s", err, out)
	}
	if out, err = run(good, "--offline"); err != nil {
		t.Fatalf("offline: %v\n%s", err, out)
	}
	fmt.Fprintln(io.Discard, out)
}
