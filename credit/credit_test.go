package credit_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/soukhq/souk/blob"
	"github.com/soukhq/souk/chat"
	"github.com/soukhq/souk/commerce"
	"github.com/soukhq/souk/credit"
	"github.com/soukhq/souk/identity"
	"github.com/soukhq/souk/jobs"
	"github.com/soukhq/souk/payments"
	"github.com/soukhq/souk/payments/ledger"
	"github.com/soukhq/souk/payments/money"
	"github.com/soukhq/souk/store"
	"github.com/soukhq/souk/store/storetest"
)

var ctx = context.Background()

const (
	pin  = "482915"
	inst = "inst_rentals"
)

var seq atomic.Int64

type env struct {
	t     *testing.T
	db    *store.DB
	ids   *identity.Service
	pay   *payments.Service
	bank  *payments.SimBank
	q     *jobs.Queue
	com   *commerce.Service
	chat  *chat.Service
	cr    *credit.Service
	brand string
	tea   commerce.SKU // 10.00, no deposit
	bank0 commerce.SKU // power bank rental 5.00, deposit 20.00
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
	owner := e.user("owner")
	b, err := e.ids.CreateOrg(ctx, owner, identity.OrgBrand, "Acme Rentals")
	if err != nil {
		t.Fatal(err)
	}
	e.brand = b.ID
	e.chat = chat.New(db, chat.Options{Installations: func(context.Context, string) (string, error) { return e.brand, nil }})
	t.Cleanup(e.chat.Close)
	e.cr = credit.New(db, e.pay, e.q, credit.Options{Notifier: credit.ChatReminders{Chat: e.chat}})
	e.tea = e.sku("Oolong tea", "10.00")
	e.bank0 = e.sku("Power bank rental", "5.00")
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

func (e *env) sku(title, price string) commerce.SKU {
	e.t.Helper()
	p, err := e.com.CreateProduct(ctx, e.brand, commerce.ProductInput{Title: title, Description: "x", Currency: "USD"})
	if err != nil {
		e.t.Fatal(err)
	}
	k, err := e.com.AddSKU(ctx, e.brand, p.ID, commerce.SKUInput{Options: map[string]string{"size": "M"}, Price: usd(price), OnHand: 1000})
	if err != nil {
		e.t.Fatal(err)
	}
	return k
}

// shopper signs up a shopper with a PIN and topUp in the wallet ("" for none).
func (e *env) shopper(topUp string) string {
	e.t.Helper()
	s := e.user("shopper")
	if err := e.pay.SetPIN(ctx, s, pin); err != nil {
		e.t.Fatal(err)
	}
	if topUp != "" {
		e.topUp(s, topUp)
	}
	return s
}

func (e *env) topUp(shopper, amount string) {
	e.t.Helper()
	op, err := e.pay.TopUp(ctx, shopper, fmt.Sprintf("fund-%d", seq.Add(1)), "USD", usd(amount))
	if err != nil {
		e.t.Fatal(err)
	}
	if _, err := e.bank.Complete(ctx, op.ID, true); err != nil {
		e.t.Fatal(err)
	}
}

// order creates an order of qty of sku through the app installation and
// its payment request.
func (e *env) order(shopper string, sku commerce.SKU, qty int64) (commerce.Order, payments.Request) {
	e.t.Helper()
	o, err := e.com.CreateOrder(ctx, commerce.NewOrder{ShopperID: shopper, BrandID: e.brand, InstallationID: inst,
		Lines: []commerce.LineInput{{SKUID: sku.ID, Qty: qty}}})
	if err != nil {
		e.t.Fatal(err)
	}
	r, err := e.com.RequestPayment(ctx, o.ID, commerce.Actor{Kind: commerce.ActorShopper, ID: shopper})
	if err != nil {
		e.t.Fatal(err)
	}
	return o, r
}

// complete ships, delivers and confirms a paid order (settling it).
func (e *env) complete(shopper string, o commerce.Order) {
	e.t.Helper()
	err := e.db.InTx(ctx, func(tx *store.Tx) error {
		if _, err := e.com.MarkShippedTx(ctx, tx, o.ID, commerce.Actor{Kind: commerce.ActorBrand, ID: e.brand}, nil); err != nil {
			return err
		}
		_, err := e.com.MarkDeliveredTx(ctx, tx, o.ID, commerce.Actor{Kind: commerce.ActorCarrier, ID: "sim"}, nil)
		return err
	})
	if err != nil {
		e.t.Fatal(err)
	}
	if _, err := e.com.ConfirmReceipt(ctx, shopper, o.ID); err != nil {
		e.t.Fatal(err)
	}
}

// completedOrders gives the shopper n completed tea orders paid from the wallet.
func (e *env) completedOrders(shopper string, n int) {
	e.t.Helper()
	for range n {
		o, r := e.order(shopper, e.tea, 1)
		if _, err := e.pay.Confirm(ctx, r.ID, shopper, pin, nil); err != nil {
			e.t.Fatal(err)
		}
		e.complete(shopper, o)
	}
}

// check runs the ledger check and the order reconciliation.
func (e *env) check(when string) {
	e.t.Helper()
	rep, err := e.pay.LedgerCheck(ctx)
	if err != nil || !rep.OK {
		e.t.Fatalf("%s: ledger check: %+v %v", when, rep, err)
	}
	rec, err := e.com.ReconcileOrders(ctx)
	if err != nil || !rec.OK {
		e.t.Fatalf("%s: order reconciliation: %+v %v", when, rec, err)
	}
}

func (e *env) wallet(shopper string) ledger.Balance {
	e.t.Helper()
	b, err := e.pay.WalletBalance(ctx, shopper, "USD")
	if err != nil {
		e.t.Fatal(err)
	}
	return b
}

func (e *env) score(shopper string) credit.Score {
	e.t.Helper()
	sc, err := e.cr.Score(ctx, shopper)
	if err != nil {
		e.t.Fatal(err)
	}
	return sc
}

// exposure is the platform's USD exposure: limits, drawn, overdue.
func (e *env) exposure() credit.Exposure {
	e.t.Helper()
	ex, err := e.cr.Exposure(ctx)
	if err != nil {
		e.t.Fatal(err)
	}
	for _, x := range ex {
		if x.Currency == "USD" {
			return x
		}
	}
	return credit.Exposure{Currency: "USD"}
}

func (e *env) wantExposure(when string, drawn, overdue string) {
	e.t.Helper()
	x := e.exposure()
	if x.Drawn != amt(drawn) || x.Overdue != amt(overdue) {
		e.t.Fatalf("%s: exposure %+v, want drawn %s overdue %s", when, x, drawn, overdue)
	}
	if x.Drawn > x.Limits {
		e.t.Fatalf("%s: drawn %d beyond the lines' limits %d", when, x.Drawn, x.Limits)
	}
}

func amt(s string) money.Amount {
	if s == "0" {
		return 0
	}
	return usd(s)
}

func factor(sc credit.Score, name string) credit.Factor {
	for _, f := range sc.Factors {
		if f.Name == name {
			return f
		}
	}
	return credit.Factor{}
}

// The formula is deterministic, clamped and explained factor by factor.
func TestComputeFormula(t *testing.T) {
	cases := []struct {
		h    credit.History
		want int
	}{
		{credit.History{}, 600},
		{credit.History{CompletedOrders: 2}, 616},
		{credit.History{CompletedOrders: 50, OnTimeRepays: 50, AgeWeeks: 500}, 850},
		{credit.History{CompletedOrders: 30, OnTimeRepays: 3, LateRepays: 1, AgeWeeks: 10}, 600 + 160 + 30 - 40 + 10},
		{credit.History{Overdue: 2, LostDisputes: 3}, 300},
		{credit.History{OnTimeRepays: 1, Overdue: 1}, 510},
	}
	for _, c := range cases {
		got, factors := credit.Compute(c.h)
		if got != c.want {
			t.Errorf("%+v: score %d, want %d", c.h, got, c.want)
		}
		sum := credit.Base
		for _, f := range factors {
			sum += f.Points
		}
		if min(max(sum, credit.MinScore), credit.MaxScore) != got {
			t.Errorf("%+v: factors %+v do not add up to %d", c.h, factors, got)
		}
		again, _ := credit.Compute(c.h)
		if again != got {
			t.Errorf("%+v: not deterministic", c.h)
		}
	}
	if l := (credit.Score{Score: 620}).Limit("USD"); l != usd("70.00") {
		t.Errorf("limit at 620: %d", l)
	}
	if l := (credit.Score{Score: 620}).Limit("JPY"); l != 70 {
		t.Errorf("JPY limit at 620: %d", l)
	}
	if l := (credit.Score{Score: 540}).Limit("USD"); l != 0 {
		t.Errorf("limit at 540: %d", l)
	}
}

// A deposit is waived for a shopper whose score reaches the brand's
// threshold and held for one below it; the brand releases one hold and
// captures another; a wallet that cannot cover the deposit fails the
// payment and changes nothing. Both backends; the ledger check and the
// order reconciliation pass after each step.
func TestDepositWaivedOrHeld(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		if _, err := e.cr.MarkDeposit(ctx, e.brand, e.bank0.ID, usd("20.00")); err != nil {
			t.Fatal(err)
		}
		if _, err := e.cr.MarkDeposit(ctx, "org_other", e.bank0.ID, usd("1.00")); !errors.Is(err, credit.ErrNotFound) {
			t.Fatalf("another brand's SKU: %v", err)
		}
		if err := e.cr.SetWaiverThreshold(ctx, e.brand, 299); !errors.Is(err, credit.ErrInvalid) {
			t.Fatalf("threshold 299: %v", err)
		}
		if err := e.cr.SetWaiverThreshold(ctx, e.brand, 616); err != nil {
			t.Fatal(err)
		}

		// High: two completed orders make 616.
		high := e.shopper("100.00")
		e.completedOrders(high, 2)
		if sc := e.score(high); sc.Score != 616 || factor(sc, credit.FactorCompletedOrders).Points != 16 {
			t.Fatalf("high score: %+v", sc)
		}
		before := e.wallet(high)
		o, r := e.order(high, e.bank0, 1)
		if _, err := e.pay.Confirm(ctx, r.ID, high, pin, nil); err != nil {
			t.Fatal(err)
		}
		d, err := e.cr.OrderDeposit(ctx, o.ID)
		if err != nil || d.Status != credit.DepositWaived || d.Score != 616 || d.Amount != usd("20.00") {
			t.Fatalf("high deposit: %+v %v", d, err)
		}
		if after := e.wallet(high); after.Available != before.Available-int64(usd("5.00")) || after.PendingDebits != 0 {
			t.Fatalf("waived: wallet %+v -> %+v", before, after)
		}
		e.check("waived")

		// Low: a new shopper (600) has two rentals' deposit held.
		low := e.shopper("100.00")
		o, r = e.order(low, e.bank0, 2)
		if _, err := e.pay.Confirm(ctx, r.ID, low, pin, nil); err != nil {
			t.Fatal(err)
		}
		d, err = e.cr.OrderDeposit(ctx, o.ID)
		if err != nil || d.Status != credit.DepositHeld || d.Amount != usd("40.00") || d.Score != 600 || d.Threshold != 616 {
			t.Fatalf("low deposit: %+v %v", d, err)
		}
		if w := e.wallet(low); w.Posted != int64(usd("90.00")) || w.PendingDebits != int64(usd("40.00")) || w.Available != int64(usd("50.00")) {
			t.Fatalf("held: wallet %+v", w)
		}
		e.check("held")
		if _, err := e.cr.ResolveDeposit(ctx, "org_other", d.ID, false, "staff"); !errors.Is(err, credit.ErrNotFound) {
			t.Fatalf("another brand releasing: %v", err)
		}
		if d, err = e.cr.ResolveDeposit(ctx, e.brand, d.ID, false, "staff"); err != nil || d.Status != credit.DepositReleased {
			t.Fatalf("release: %+v %v", d, err)
		}
		if w := e.wallet(low); w.Available != int64(usd("90.00")) || w.PendingDebits != 0 {
			t.Fatalf("released: wallet %+v", w)
		}
		if _, err := e.cr.ResolveDeposit(ctx, e.brand, d.ID, true, "staff"); !errors.Is(err, credit.ErrState) {
			t.Fatalf("capture after release: %v", err)
		}
		e.check("released")

		// Another hold, captured: the brand keeps 20.00.
		brandBefore, _ := e.pay.BrandBalance(ctx, e.brand, "USD")
		o, r = e.order(low, e.bank0, 1)
		if _, err := e.pay.Confirm(ctx, r.ID, low, pin, nil); err != nil {
			t.Fatal(err)
		}
		d, _ = e.cr.OrderDeposit(ctx, o.ID)
		if d, err = e.cr.ResolveDeposit(ctx, e.brand, d.ID, true, "staff"); err != nil || d.Status != credit.DepositCaptured {
			t.Fatalf("capture: %+v %v", d, err)
		}
		brandAfter, _ := e.pay.BrandBalance(ctx, e.brand, "USD")
		if brandAfter.Posted-brandBefore.Posted != int64(usd("20.00")) {
			t.Fatalf("brand got %d for the captured deposit", brandAfter.Posted-brandBefore.Posted)
		}
		if w := e.wallet(low); w.Posted != int64(usd("65.00")) || w.PendingDebits != 0 {
			t.Fatalf("captured: wallet %+v", w)
		}
		e.check("captured")

		// Too poor for the deposit: the payment fails, the order stays unpaid.
		poor := e.shopper("10.00")
		o, r = e.order(poor, e.bank0, 1)
		if _, err := e.pay.Confirm(ctx, r.ID, poor, pin, nil); !errors.Is(err, credit.ErrDepositFunds) {
			t.Fatalf("deposit not covered: %v", err)
		}
		if got, _ := e.com.Order(ctx, o.ID); got.State != commerce.StatePendingPayment {
			t.Fatalf("order after failed payment: %s", got.State)
		}
		if w := e.wallet(poor); w.Available != int64(usd("10.00")) {
			t.Fatalf("failed payment moved money: %+v", w)
		}
		if list, _ := e.cr.BrandDeposits(ctx, e.brand, credit.DepositHeld, 10); len(list) != 0 {
			t.Fatalf("held deposits left: %+v", list)
		}
		e.check("deposit not covered")
	})
}

// A pay-later order is paid from the credit line (the brand is paid as
// usual at settlement) and repaid on time; another goes overdue at its due
// date: a reminder in chat, a late draw, a lower score and limit, and no
// more pay-later. The exposure follows every step; the ledger check and the
// order reconciliation pass after each. Both backends.
func TestPayLaterOnTimeAndOverdue(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		s := e.shopper("")
		ln, err := e.cr.Line(ctx, s, "USD")
		if err != nil || ln.Limit != usd("50.00") || ln.Used != 0 {
			t.Fatalf("new line: %+v %v", ln, err)
		}
		e.wantExposure("before", "0", "0")

		o1, r1 := e.order(s, e.tea, 3)
		if _, err := e.cr.PayLater(ctx, r1.ID, s, "000000"); payments.Code(err) != "wrong_pin" {
			t.Fatalf("wrong PIN: %v", err)
		}
		if _, err := e.cr.PayLater(ctx, r1.ID, s, pin); err != nil {
			t.Fatal(err)
		}
		if got, _ := e.com.Order(ctx, o1.ID); got.State != commerce.StatePaid {
			t.Fatalf("pay-later order: %s", got.State)
		}
		if _, err := e.cr.PayLater(ctx, r1.ID, s, pin); err != nil { // a retry draws nothing more
			t.Fatal(err)
		}
		ln, _ = e.cr.Line(ctx, s, "USD")
		if ln.Used != usd("30.00") || ln.Available != usd("20.00") || len(ln.Draws) != 1 || ln.Draws[0].Status != credit.DrawOpen {
			t.Fatalf("after paying later: %+v", ln)
		}
		if w := e.wallet(s); w.Posted != 0 {
			t.Fatalf("wallet after pay-later: %+v", w)
		}
		e.wantExposure("drawn", "30.00", "0")
		e.check("paid later")

		// The brand is paid as for any order.
		e.complete(s, o1)
		if b, _ := e.pay.BrandBalance(ctx, e.brand, "USD"); b.Posted <= 0 {
			t.Fatalf("brand not paid: %+v", b)
		}
		e.check("settled")

		// Repaying needs the money in the wallet, then clears the draw on time.
		if _, err := e.cr.Repay(ctx, s, "USD", 0, pin); payments.Code(err) != "insufficient_funds" {
			t.Fatalf("repay from an empty wallet: %v", err)
		}
		e.topUp(s, "40.00")
		if _, err := e.cr.Repay(ctx, s, "USD", usd("31.00"), pin); !errors.Is(err, credit.ErrInvalid) {
			t.Fatalf("repay more than owed: %v", err)
		}
		if ln, err = e.cr.Repay(ctx, s, "USD", 0, pin); err != nil {
			t.Fatal(err)
		}
		if ln.Used != 0 || ln.Draws[0].Status != credit.DrawRepaid || ln.Draws[0].Late {
			t.Fatalf("after repaying: %+v", ln)
		}
		sc := e.score(s)
		if sc.Score != 618 || factor(sc, credit.FactorOnTimeRepays).Count != 1 {
			t.Fatalf("score after an on-time repayment: %+v", sc)
		}
		if _, err := e.cr.Repay(ctx, s, "USD", 0, pin); !errors.Is(err, credit.ErrNothingToRepay) {
			t.Fatalf("repay with nothing owed: %v", err)
		}
		e.wantExposure("repaid", "0", "0")
		e.check("repaid")

		// The second one is not repaid.
		o2, r2 := e.order(s, e.tea, 2)
		if _, err := e.cr.PayLater(ctx, r2.ID, s, pin); err != nil {
			t.Fatal(err)
		}
		e.wantExposure("second draw", "20.00", "0")
		if _, err := e.q.RunDue(ctx, time.Now().Add(29*24*time.Hour)); err != nil {
			t.Fatal(err)
		}
		if ln, _ = e.cr.Line(ctx, s, "USD"); ln.Draws[0].Status != credit.DrawOpen {
			t.Fatalf("before the due date: %+v", ln.Draws[0])
		}
		if _, err := e.q.RunDue(ctx, time.Now().Add(31*24*time.Hour)); err != nil {
			t.Fatal(err)
		}
		ln, _ = e.cr.Line(ctx, s, "USD")
		if d := ln.Draws[0]; d.OrderID != o2.ID || d.Status != credit.DrawOverdue || !d.Late || d.Reminders != 1 || ln.Overdue != usd("20.00") {
			t.Fatalf("overdue draw: %+v (line %+v)", d, ln)
		}
		sc = e.score(s)
		if sc.Score != 518 || factor(sc, credit.FactorOverdue).Points != -100 {
			t.Fatalf("score when overdue: %+v", sc)
		}
		if ln.Limit != 0 || ln.Available != 0 {
			t.Fatalf("limit when overdue: %+v", ln)
		}
		conv, err := e.chat.EnsureServiceConversation(ctx, s, e.brand, inst)
		if err != nil {
			t.Fatal(err)
		}
		msgs, err := e.chat.MessagesAfter(ctx, s, conv.ID, 0, 100)
		if err != nil {
			t.Fatal(err)
		}
		reminders := 0
		for _, m := range msgs {
			if m.Kind == chat.MsgOrderCard && strings.Contains(string(m.Body), credit.EventOverdue) &&
				strings.Contains(string(m.Body), "20.00 USD was due") {
				reminders++
			}
		}
		if reminders != 1 {
			t.Fatalf("overdue reminders in chat: %d of %d messages", reminders, len(msgs))
		}
		e.wantExposure("overdue", "20.00", "20.00")
		e.check("overdue")

		// Nothing more on credit while overdue; nothing changes.
		_, r3 := e.order(s, e.tea, 1)
		if _, err := e.cr.PayLater(ctx, r3.ID, s, pin); !errors.Is(err, credit.ErrCreditLimit) {
			t.Fatalf("pay later while overdue: %v", err)
		}
		e.wantExposure("refused", "20.00", "20.00")
		e.check("refused")

		// Repaid late: the overdue factor goes, the late one stays.
		e.topUp(s, "10.00")
		if _, err := e.cr.Repay(ctx, s, "USD", 0, pin); err != nil {
			t.Fatal(err)
		}
		sc = e.score(s)
		if sc.Score != 578 || factor(sc, credit.FactorLateRepays).Count != 1 {
			t.Fatalf("score after a late repayment: %+v", sc)
		}
		e.wantExposure("repaid late", "0", "0")
		e.check("repaid late")
	})
}

// Parallel pay-later payments never take a line past its limit: the ledger
// decides each against the locked account. Both backends.
func TestPayLaterConcurrentLimit(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		s := e.shopper("")
		const n = 8 // 8 × 10.00 against a 50.00 limit
		reqs := make([]payments.Request, n)
		for i := range reqs {
			_, reqs[i] = e.order(s, e.tea, 1)
		}
		var ok, refused atomic.Int32
		var wg sync.WaitGroup
		for _, r := range reqs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, err := e.cr.PayLater(ctx, r.ID, s, pin)
				switch {
				case err == nil:
					ok.Add(1)
				case errors.Is(err, credit.ErrCreditLimit):
					refused.Add(1)
				default:
					t.Error(err)
				}
			}()
		}
		wg.Wait()
		if ok.Load() != 5 || refused.Load() != n-5 {
			t.Fatalf("%d paid, %d refused; want 5 and %d", ok.Load(), refused.Load(), n-5)
		}
		ln, _ := e.cr.Line(ctx, s, "USD")
		if ln.Used != usd("50.00") || len(ln.Draws) != 5 {
			t.Fatalf("line: used %d, %d draws", ln.Used, len(ln.Draws))
		}
		e.wantExposure("parallel", "50.00", "0")
		e.check("parallel")
	})
}
