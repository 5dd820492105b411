package commerce

import (
	"sync"
	"testing"

	"github.com/soukhq/souk/payments"
	"github.com/soukhq/souk/store"
	"github.com/soukhq/souk/store/storetest"
)

// Every method that acts for someone checks who is acting itself, so no
// face (API, web, host API) can forget it (issue 10, B7).
func TestActingMethodsCheckTheActor(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		k := e.sku(e.brand, "10.00", 10)
		shopper, other := e.shopper("100.00"), e.shopper("100.00")
		staff := Actor{Kind: ActorBrand, ID: "usr_staff", Brand: e.brand}
		stranger := Actor{Kind: ActorBrand, ID: "usr_thief", Brand: e.other}
		o := e.order(shopper, k, 1)

		// RequestPayment: only the order's shopper.
		_, err := e.s.RequestPayment(ctx, o.ID, Actor{Kind: ActorShopper, ID: other})
		wantCode(t, err, ErrNotFound.Code)
		_, err = e.s.RequestPayment(ctx, o.ID, staff)
		wantCode(t, err, ErrForbidden.Code)
		_, err = e.s.RequestPayment(ctx, o.ID, Actor{Kind: ActorApp, ID: e.app, Brand: e.brand})
		wantCode(t, err, ErrForbidden.Code)
		r, err := e.s.RequestPayment(ctx, o.ID, Actor{Kind: ActorShopper, ID: shopper})
		if err != nil {
			t.Fatal(err)
		}
		// The payment request's decline: only its shopper.
		_, err = e.pay.Cancel(ctx, r.ID, other)
		wantCode(t, err, payments.ErrRequestNotFound.Code)

		// CancelUnpaid: the shopper, the brand's staff, the system; not
		// another shopper, another brand or an app.
		for _, a := range []Actor{{Kind: ActorShopper, ID: other}, stranger, {Kind: ActorBrand, ID: "usr_staff"}} {
			_, err = e.s.CancelUnpaid(ctx, o.ID, a, "no")
			wantCode(t, err, ErrNotFound.Code)
		}
		_, err = e.s.CancelUnpaid(ctx, o.ID, Actor{Kind: ActorApp, ID: e.app, Brand: e.brand}, "no")
		wantCode(t, err, ErrForbidden.Code)
		e.get(o.ID, StatePendingPayment)
		if _, err := e.s.CancelUnpaid(ctx, o.ID, staff, "sold out"); err != nil {
			t.Fatal(err)
		}
		e.get(o.ID, StateCancelled)
		o2 := e.order(shopper, k, 1)
		if _, err := e.s.CancelUnpaid(ctx, o2.ID, Actor{Kind: ActorShopper, ID: shopper}, "changed my mind"); err != nil {
			t.Fatal(err)
		}

		// Refund decisions: the brand's staff; never an app or a shopper.
		p := e.paid(shopper, k, 1)
		if _, err := e.s.RequestRefund(ctx, shopper, p.ID, 0, "torn"); err != nil {
			t.Fatal(err)
		}
		for _, a := range []Actor{{Kind: ActorApp, ID: e.app}, {Kind: ActorShopper, ID: shopper}} {
			_, err = e.s.ApproveRefund(ctx, e.brand, p.ID, 0, a)
			wantCode(t, err, ErrForbidden.Code)
			_, err = e.s.DeclineRefund(ctx, e.brand, p.ID, "", a)
			wantCode(t, err, ErrForbidden.Code)
			_, err = e.s.RefundOrder(ctx, e.brand, p.ID, usd("1.00"), "", a)
			wantCode(t, err, ErrForbidden.Code)
		}
		// A brand actor for another brand is refused even if the brand id
		// passed alongside names the right one.
		_, err = e.s.ApproveRefund(ctx, e.brand, p.ID, 0, stranger)
		wantCode(t, err, ErrNotFound.Code)
		if _, err := e.s.DeclineRefund(ctx, e.brand, p.ID, "worn", staff); err != nil {
			t.Fatal(err)
		}

		// Disputes are decided by an admin only.
		if _, err := e.s.OpenDispute(ctx, shopper, p.ID, 0, "never came"); err != nil {
			t.Fatal(err)
		}
		for _, a := range []Actor{staff, {Kind: ActorShopper, ID: shopper}, {Kind: ActorApp, ID: e.app, Brand: e.brand}} {
			_, err = e.s.ResolveDispute(ctx, p.ID, true, a, "")
			wantCode(t, err, ErrForbidden.Code)
		}
		e.get(p.ID, StateDisputed)
		e.checkLedger()
	})
}

// A shopper cannot get a paid order's money back by declining its payment
// request (issue 10, B7): the decline is refused in every paid state, the
// order and the money stay where they were, and reconciliation agrees.
// Moving the money the way the old cancel did is what the order
// reconciliation check catches, although the ledger balances.
func TestPaidRequestCannotBeDeclined(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		k := e.sku(e.brand, "30.00", 10)
		shopper := e.shopper("100.00")
		paid := e.paid(shopper, k, 1)
		delivered := e.delivered(e.paid(shopper, k, 1))
		completed := e.delivered(e.paid(shopper, k, 1))
		if _, err := e.s.ConfirmReceipt(ctx, shopper, completed.ID); err != nil {
			t.Fatal(err)
		}
		for _, o := range []Order{paid, delivered, e.get(completed.ID, StateCompleted)} {
			_, err := e.pay.Cancel(ctx, o.PaymentRequestID, shopper)
			wantCode(t, err, payments.ErrRequestState.Code)
			if got := e.get(o.ID, o.State); got.Refunded != 0 {
				t.Fatalf("%s order refunded %d", o.State, got.Refunded)
			}
		}
		if e.wallet(shopper) != usd("10.00") {
			t.Fatalf("wallet %d", e.wallet(shopper))
		}
		e.checkLedger()

		// The old cancel: everything left in escrow back to the shopper,
		// the order untouched.
		r, err := e.pay.GetRequest(ctx, delivered.PaymentRequestID)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.pay.Refund(ctx, r.ID, "cancel:"+r.ID, r.Amount-r.Refunded, "canceled"); err != nil {
			t.Fatal(err)
		}
		if rep, err := e.pay.LedgerCheck(ctx); err != nil || !rep.OK {
			t.Fatalf("ledger check: %+v, %v", rep, err)
		}
		rec, err := e.s.ReconcileOrders(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if rec.OK || rec.Orders != 3 || len(rec.Problems) == 0 {
			t.Fatalf("reconciliation missed the old cancel: %+v", rec)
		}
		t.Log(rec.Problems)
	})
}

// The shopper declining a paid request races the brand approving a partial
// refund: the decline always loses, the approval always wins, and
// reconciliation holds afterwards.
func TestDeclineRacesPartialRefund(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		k := e.sku(e.brand, "10.00", 20)
		shopper := e.shopper("100.00")
		staff := Actor{Kind: ActorBrand, ID: "usr_staff", Brand: e.brand}
		var orders []Order
		for i := 0; i < 6; i++ {
			o := e.paid(shopper, k, 1)
			if i%2 == 1 {
				o = e.delivered(o)
			}
			if _, err := e.s.RequestRefund(ctx, shopper, o.ID, usd("4.00"), "scratched"); err != nil {
				t.Fatal(err)
			}
			orders = append(orders, o)
		}
		var wg sync.WaitGroup
		errs := make([][2]error, len(orders))
		for i, o := range orders {
			start := make(chan struct{})
			wg.Add(2)
			go func() {
				defer wg.Done()
				<-start
				_, errs[i][0] = e.pay.Cancel(ctx, o.PaymentRequestID, shopper)
			}()
			go func() {
				defer wg.Done()
				<-start
				_, errs[i][1] = e.s.ApproveRefund(ctx, e.brand, o.ID, usd("3.00"), staff)
			}()
			close(start)
		}
		wg.Wait()
		for i, o := range orders {
			if payments.Code(errs[i][0]) != payments.ErrRequestState.Code {
				t.Errorf("decline of paid order %s: %v", o.ID, errs[i][0])
			}
			if errs[i][1] != nil {
				t.Errorf("approval of %s: %v", o.ID, errs[i][1])
			}
			if got := e.get(o.ID, o.State); got.Refunded != usd("3.00") {
				t.Errorf("order %s refunded %d", o.ID, got.Refunded)
			}
		}
		if want := usd("40.00") + 6*usd("3.00"); e.wallet(shopper) != want {
			t.Fatalf("wallet %d, want %d", e.wallet(shopper), want)
		}
		e.checkLedger()
	})
}
