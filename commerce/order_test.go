package commerce

import (
	"errors"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/soukhq/souk/payments"
	"github.com/soukhq/souk/payments/money"
	"github.com/soukhq/souk/store"
	"github.com/soukhq/souk/store/storetest"
)

// 50 shoppers race for 10 units: exactly 10 orders reserve, the rest are
// out_of_stock, and after payment exactly 10 units are sold.
func TestOrdersNeverOversell(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		k := e.sku(e.brand, "5.00", 10)
		shopper := e.shopper("100.00")
		var (
			wg    sync.WaitGroup
			mu    sync.Mutex
			won   []Order
			other []error
		)
		start := make(chan struct{})
		for i := 0; i < 50; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				o, err := e.s.CreateOrder(ctx, NewOrder{ShopperID: shopper, BrandID: e.brand, Lines: []LineInput{{SKUID: k.ID, Qty: 1}}})
				mu.Lock()
				defer mu.Unlock()
				if err == nil {
					won = append(won, o)
				} else if !errors.Is(err, ErrOutOfStock) {
					other = append(other, err)
				}
			}()
		}
		close(start)
		wg.Wait()
		if len(other) > 0 {
			t.Fatalf("unexpected errors: %v", other)
		}
		if len(won) != 10 {
			t.Fatalf("%d orders reserved stock, want exactly 10", len(won))
		}
		if on, res := e.stock(k.ID); on != 10 || res != 10 {
			t.Fatalf("stock %d on hand, %d reserved; want 10, 10", on, res)
		}
		for _, o := range won {
			r, err := e.s.RequestPayment(ctx, o.ID, Actor{Kind: ActorShopper, ID: shopper})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := e.pay.Confirm(ctx, r.ID, shopper, pin, nil); err != nil {
				t.Fatal(err)
			}
		}
		if on, res := e.stock(k.ID); on != 0 || res != 0 {
			t.Fatalf("after payment: %d on hand, %d reserved; want 0, 0", on, res)
		}
		if got := e.wallet(shopper); got != usd("50.00") {
			t.Fatalf("wallet %d, want 5000", got)
		}
		_, err := e.s.CreateOrder(ctx, NewOrder{ShopperID: shopper, BrandID: e.brand, Lines: []LineInput{{SKUID: k.ID, Qty: 1}}})
		wantCode(t, err, ErrOutOfStock.Code)
		e.checkLedger()
	})
}

// An order with one short line reserves nothing.
func TestOrderIsAllOrNothing(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		a, b := e.sku(e.brand, "1.00", 5), e.sku(e.brand, "1.00", 1)
		_, err := e.s.CreateOrder(ctx, NewOrder{ShopperID: "usr_x", BrandID: e.brand, Lines: []LineInput{{SKUID: a.ID, Qty: 2}, {SKUID: b.ID, Qty: 2}}})
		wantCode(t, err, ErrOutOfStock.Code)
		if _, res := e.stock(a.ID); res != 0 {
			t.Fatalf("a failed order left %d reserved", res)
		}
		// Another brand's SKU is not found; totals come from the catalog.
		_, err = e.s.CreateOrder(ctx, NewOrder{ShopperID: "usr_x", BrandID: e.other, Lines: []LineInput{{SKUID: a.ID, Qty: 1}}})
		wantCode(t, err, ErrNotFound.Code)
		o, err := e.s.CreateOrder(ctx, NewOrder{ShopperID: "usr_x", BrandID: e.brand, Lines: []LineInput{{SKUID: a.ID, Qty: 3}, {SKUID: b.ID, Qty: 1}}})
		if err != nil {
			t.Fatal(err)
		}
		if o.Total != usd("4.00") || o.Lines[0].LineTotal != usd("3.00") || o.Lines[0].Title != "T-shirt" || o.Lines[0].Options["size"] != "M" {
			t.Fatalf("order priced wrong: %+v", o)
		}
	})
}

// Illegal jumps are rejected and change nothing: no state, no transition
// row, no event.
func TestIllegalTransitionsRejected(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		k := e.sku(e.brand, "10.00", 5)
		shopper := e.shopper("100.00")
		try := func(o Order, to State) {
			t.Helper()
			before := e.transitions(o.ID)
			err := db.InTx(ctx, func(tx *store.Tx) error {
				_, err := e.s.transitionTx(ctx, tx, o.ID, to, System, "test", nil)
				return err
			})
			wantCode(t, err, ErrIllegalTransition.Code)
			e.get(o.ID, o.State)
			if after := e.transitions(o.ID); after != before {
				t.Fatalf("%s→%s recorded a transition", o.State, to)
			}
		}
		o := e.order(shopper, k, 1)
		for _, to := range []State{StateShipped, StateDelivered, StateCompleted, StateRefunded, StateDisputed, StateResolved, StatePendingPayment} {
			try(o, to)
		}
		// A pending order cannot be confirmed received, refunded or disputed.
		_, err := e.s.ConfirmReceipt(ctx, shopper, o.ID)
		wantCode(t, err, ErrIllegalTransition.Code)
		_, err = e.s.RequestRefund(ctx, shopper, o.ID, 0, "")
		wantCode(t, err, ErrIllegalTransition.Code)

		p := e.paid(shopper, k, 1)
		try(p, StateCompleted)
		try(p, StatePendingPayment)
		try(p, StateCancelled)
		_, err = e.s.CancelUnpaid(ctx, p.ID, System, "no")
		wantCode(t, err, ErrIllegalTransition.Code)

		d := e.delivered(p)
		if _, err := e.s.ConfirmReceipt(ctx, shopper, d.ID); err != nil {
			t.Fatal(err)
		}
		c := e.get(d.ID, StateCompleted)
		for _, to := range []State{StatePaid, StateShipped, StateDelivered, StateCancelled, StatePendingPayment, StateResolved} {
			try(c, to)
		}
		// refund_requested returns only to where it came from.
		if _, err := e.s.RequestRefund(ctx, shopper, c.ID, usd("1.00"), "scratch"); err != nil {
			t.Fatal(err)
		}
		try(e.get(c.ID, StateRefundRequested), StatePaid)
		// Someone else's order is not found.
		_, err = e.s.ConfirmReceipt(ctx, "usr_other", c.ID)
		wantCode(t, err, ErrNotFound.Code)
		e.checkLedger()
	})
}

// An unpaid order cancels when its timer fires: stock released, payment
// request cancelled, and paying afterwards is refused.
func TestUnpaidOrderTimesOut(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		k := e.sku(e.brand, "10.00", 3)
		shopper := e.shopper("100.00")
		o := e.order(shopper, k, 2)
		r, err := e.s.RequestPayment(ctx, o.ID, Actor{Kind: ActorShopper, ID: shopper})
		if err != nil {
			t.Fatal(err)
		}
		if r.Amount != usd("20.00") {
			t.Fatalf("request amount %d", r.Amount)
		}
		e.runJobs(29 * time.Minute)
		e.get(o.ID, StatePendingPayment)
		if _, res := e.stock(k.ID); res != 2 {
			t.Fatalf("reserved %d before the timeout", res)
		}
		e.runJobs(31 * time.Minute)
		o = e.get(o.ID, StateCancelled)
		if on, res := e.stock(k.ID); on != 3 || res != 0 || o.Stock != "released" {
			t.Fatalf("after timeout: on hand %d, reserved %d, stock %s", on, res, o.Stock)
		}
		if pr, _ := e.pay.GetRequest(ctx, r.ID); pr.Status != payments.StatusCanceled {
			t.Fatalf("request is %s", pr.Status)
		}
		_, err = e.pay.Confirm(ctx, r.ID, shopper, pin, nil)
		wantCode(t, err, payments.ErrRequestState.Code)
		if e.wallet(shopper) != usd("100.00") {
			t.Fatal("money moved for a cancelled order")
		}
		e.runJobs(32 * time.Minute) // a repeated run changes nothing
		if got := e.eventNames(o.ID); !slices.Equal(got, []string{EventOrderCreated, EventOrderCancelled}) {
			t.Fatalf("events %v", got)
		}

		// Declining the payment request cancels the order at once.
		o2 := e.order(shopper, k, 1)
		r2, err := e.s.RequestPayment(ctx, o2.ID, Actor{Kind: ActorShopper, ID: shopper})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.pay.Cancel(ctx, r2.ID, shopper); err != nil {
			t.Fatal(err)
		}
		e.get(o2.ID, StateCancelled)
		if _, res := e.stock(k.ID); res != 0 {
			t.Fatalf("reserved %d after decline", res)
		}
	})
}

// settlement of total with the default 5 % fee and 10 % developer share.
func split(total money.Amount) (fee, dev, brand money.Amount) {
	fee, dev = total*500/10000, total*1000/10000
	return fee, dev, total - fee - dev
}

func (e *env) balances(cur string) (brand, dev, fees money.Amount) {
	e.t.Helper()
	b, err := e.pay.BrandBalance(ctx, e.brand, cur)
	if err != nil {
		e.t.Fatal(err)
	}
	d, err := e.pay.DeveloperBalance(ctx, e.dev, cur)
	if err != nil {
		e.t.Fatal(err)
	}
	f, err := e.pay.Ledger().Balance(ctx, payments.FeesAccount(cur))
	if err != nil {
		f.Posted = 0
	}
	return money.Amount(b.Posted), money.Amount(d.Posted), money.Amount(f.Posted)
}

// A delivered order completes by itself after the period and settles the
// money exactly: fee, developer share, brand.
func TestAutoCompleteSettles(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		k := e.sku(e.brand, "33.33", 5)
		shopper := e.shopper("200.00")
		o := e.paid(shopper, k, 3) // 99.99
		if on, res := e.stock(k.ID); on != 2 || res != 0 {
			t.Fatalf("stock after payment: %d/%d", on, res)
		}
		e.delivered(o)
		e.runJobs(6 * 24 * time.Hour)
		e.get(o.ID, StateDelivered)
		e.runJobs(7*24*time.Hour + time.Minute)
		c := e.get(o.ID, StateCompleted)
		if c.CompletedAt == 0 {
			t.Fatal("no completion time")
		}
		fee, dev, brand := split(usd("99.99"))
		gb, gd, gf := e.balances("USD")
		if gb != brand || gd != dev || gf != fee || fee+dev+brand != usd("99.99") {
			t.Fatalf("brand %d dev %d fees %d; want %d %d %d", gb, gd, gf, brand, dev, fee)
		}
		if e.wallet(shopper) != usd("100.01") {
			t.Fatalf("wallet %d", e.wallet(shopper))
		}
		r, _ := e.pay.GetRequest(ctx, c.PaymentRequestID)
		if r.Status != payments.StatusSettled {
			t.Fatalf("request %s", r.Status)
		}
		e.runJobs(8 * 24 * time.Hour)
		want := []string{EventOrderCreated, EventOrderPaid, EventShipmentUpdated, EventOrderDelivered, EventOrderCompleted}
		if got := e.eventNames(o.ID); !slices.Equal(got, want) {
			t.Fatalf("events %v, want %v", got, want)
		}
		e.checkLedger()
	})
}

// Confirming receipt completes at once, cancels the timer, settles once.
func TestConfirmFirstCancelsTimer(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		k := e.sku(e.brand, "10.00", 5)
		shopper := e.shopper("100.00")
		o := e.delivered(e.paid(shopper, k, 1))
		if _, err := e.s.ConfirmReceipt(ctx, shopper, o.ID); err != nil {
			t.Fatal(err)
		}
		e.get(o.ID, StateCompleted)
		var state string
		if err := db.QueryRowContext(ctx, `SELECT state FROM river_job WHERE kind = $1`, JobAutoComplete).Scan(&state); err != nil {
			t.Fatal(err)
		}
		if state != "cancelled" {
			t.Fatalf("auto-complete job is %s", state)
		}
		e.runJobs(8 * 24 * time.Hour)
		fee, dev, brand := split(usd("10.00"))
		if gb, gd, gf := e.balances("USD"); gb != brand || gd != dev || gf != fee {
			t.Fatalf("brand %d dev %d fees %d", gb, gd, gf)
		}
		if n := slices.Index(e.eventNames(o.ID), EventOrderCompleted); n < 0 || len(e.eventNames(o.ID)) != n+1 {
			t.Fatalf("events %v", e.eventNames(o.ID))
		}
		e.checkLedger()
	})
}

// Partial then full refund; the policy caps refunds.
func TestRefunds(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		k := e.sku(e.brand, "20.00", 5)
		shopper := e.shopper("100.00")
		o := e.paid(shopper, k, 2) // 40.00
		if _, err := e.s.RequestRefund(ctx, shopper, o.ID, usd("15.00"), "one was torn"); err != nil {
			t.Fatal(err)
		}
		e.get(o.ID, StateRefundRequested)
		// The brand cannot approve more than asked; another brand cannot see it.
		_, err := e.s.ApproveRefund(ctx, e.brand, o.ID, usd("16.00"), Actor{Kind: ActorBrand, ID: e.brand})
		wantCode(t, err, ErrRefundPolicy.Code)
		_, err = e.s.ApproveRefund(ctx, e.other, o.ID, 0, Actor{Kind: ActorBrand, ID: e.other})
		wantCode(t, err, ErrNotFound.Code)
		if _, err := e.s.ApproveRefund(ctx, e.brand, o.ID, usd("10.00"), Actor{Kind: ActorBrand, ID: e.brand}); err != nil {
			t.Fatal(err)
		}
		p := e.get(o.ID, StatePaid) // partial: back where it was
		if p.Refunded != usd("10.00") || e.wallet(shopper) != usd("70.00") {
			t.Fatalf("refunded %d, wallet %d", p.Refunded, e.wallet(shopper))
		}
		// Declined request: back to paid, nothing moves.
		if _, err := e.s.RequestRefund(ctx, shopper, o.ID, 0, "changed my mind"); err != nil {
			t.Fatal(err)
		}
		if _, err := e.s.DeclineRefund(ctx, e.brand, o.ID, "worn", Actor{Kind: ActorBrand, ID: e.brand}); err != nil {
			t.Fatal(err)
		}
		e.get(o.ID, StatePaid)
		// Full: everything left (30.00) → refunded.
		if _, err := e.s.RequestRefund(ctx, shopper, o.ID, 0, "all of it"); err != nil {
			t.Fatal(err)
		}
		if _, err := e.s.ApproveRefund(ctx, e.brand, o.ID, 0, Actor{Kind: ActorBrand, ID: e.brand}); err != nil {
			t.Fatal(err)
		}
		f := e.get(o.ID, StateRefunded)
		if f.Refunded != f.Total || e.wallet(shopper) != usd("100.00") {
			t.Fatalf("refunded %d of %d, wallet %d", f.Refunded, f.Total, e.wallet(shopper))
		}
		want := []string{EventOrderCreated, EventOrderPaid, EventRefundRequested, EventRefunded, EventRefundRequested, EventRefundDeclined, EventRefundRequested, EventRefunded}
		e.runJobs(time.Second)
		if got := e.eventNames(o.ID); !slices.Equal(got, want) {
			t.Fatalf("events %v, want %v", got, want)
		}

		// Policy: at most 50 % per order.
		if _, err := e.s.SetRefundPolicy(ctx, e.brand, RefundPolicy{Window: 24 * time.Hour, MaxRefundBps: 5000}); err != nil {
			t.Fatal(err)
		}
		o2 := e.paid(shopper, k, 1) // 20.00
		_, err = e.s.RequestRefund(ctx, shopper, o2.ID, usd("10.01"), "")
		wantCode(t, err, ErrRefundPolicy.Code)
		e.get(o2.ID, StatePaid)
		// An app cannot refund on its own (issue 10, B11); the brand's staff can.
		_, err = e.s.RefundOrder(ctx, e.brand, o2.ID, usd("10.00"), "goodwill", Actor{Kind: ActorApp, ID: e.app, Brand: e.brand})
		wantCode(t, err, ErrForbidden.Code)
		if _, err := e.s.RefundOrder(ctx, e.brand, o2.ID, usd("10.00"), "goodwill", Actor{Kind: ActorBrand, ID: "usr_staff"}); err != nil {
			t.Fatal(err)
		}
		if r := e.get(o2.ID, StatePaid); r.Refunded != usd("10.00") {
			t.Fatalf("refunded %d", r.Refunded)
		}
		_, err = e.s.RefundOrder(ctx, e.brand, o2.ID, usd("0.01"), "more", Actor{Kind: ActorBrand, ID: "usr_staff"})
		wantCode(t, err, ErrRefundPolicy.Code)
		// Completion settles what is left: 10.00.
		e.delivered(e.get(o2.ID, StatePaid))
		e.runJobs(8 * 24 * time.Hour)
		e.get(o2.ID, StateCompleted)
		fee, dev, brand := split(usd("10.00"))
		if gb, gd, gf := e.balances("USD"); gb != brand || gd != dev || gf != fee {
			t.Fatalf("brand %d dev %d fees %d; want %d %d %d", gb, gd, gf, brand, dev, fee)
		}
		e.checkLedger()
	})
}

// A dispute stops auto-completion; the admin's decision resolves the order
// and settles what is left.
func TestDisputes(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		k := e.sku(e.brand, "50.00", 5)
		shopper := e.shopper("100.00")
		admin := Actor{Kind: ActorAdmin, ID: "usr_admin"}

		// Brand wins: the whole 50.00 settles.
		a := e.delivered(e.paid(shopper, k, 1))
		_, err := e.s.OpenDispute(ctx, "usr_other", a.ID, 0, "never came")
		wantCode(t, err, ErrNotFound.Code)
		if _, err := e.s.OpenDispute(ctx, shopper, a.ID, 0, "never came"); err != nil {
			t.Fatal(err)
		}
		e.runJobs(8 * 24 * time.Hour)
		e.get(a.ID, StateDisputed) // the timer did not complete it
		if _, err := e.s.ResolveDispute(ctx, a.ID, false, admin, "tracking shows delivery"); err != nil {
			t.Fatal(err)
		}
		e.get(a.ID, StateResolved)
		fee, dev, brand := split(usd("50.00"))
		if gb, gd, gf := e.balances("USD"); gb != brand || gd != dev || gf != fee {
			t.Fatalf("brand %d dev %d fees %d", gb, gd, gf)
		}

		// Shopper wins part: 20.00 back, 30.00 settles.
		b := e.paid(shopper, k, 1)
		if _, err := e.s.OpenDispute(ctx, shopper, b.ID, usd("20.00"), "damaged"); err != nil {
			t.Fatal(err)
		}
		_, err = e.s.ResolveDispute(ctx, a.ID, true, admin, "")
		wantCode(t, err, ErrIllegalTransition.Code)
		if _, err := e.s.ResolveDispute(ctx, b.ID, true, admin, "photos"); err != nil {
			t.Fatal(err)
		}
		r := e.get(b.ID, StateResolved)
		if r.Refunded != usd("20.00") || e.wallet(shopper) != usd("20.00") {
			t.Fatalf("refunded %d wallet %d", r.Refunded, e.wallet(shopper))
		}
		fee2, dev2, brand2 := split(usd("30.00"))
		if gb, gd, gf := e.balances("USD"); gb != brand+brand2 || gd != dev+dev2 || gf != fee+fee2 {
			t.Fatalf("brand %d dev %d fees %d", gb, gd, gf)
		}
		e.runJobs(time.Second)
		if got := e.eventNames(b.ID); !slices.Equal(got, []string{EventOrderCreated, EventOrderPaid, EventDisputeOpened, EventDisputeResolved}) {
			t.Fatalf("events %v", got)
		}
		e.checkLedger()
	})
}
