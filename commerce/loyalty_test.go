package commerce

import (
	"testing"
	"time"

	"github.com/soukhq/souk/payments"
	"github.com/soukhq/souk/store"
	"github.com/soukhq/souk/store/storetest"
)

func (e *env) points(shopper string) int64 {
	e.t.Helper()
	sp, err := e.s.ShopperPointsWith(ctx, shopper, e.brand)
	if err != nil {
		e.t.Fatal(err)
	}
	return sp.Points
}

func (e *env) complete(o Order) Order {
	e.t.Helper()
	e.delivered(o)
	e.runJobs(8 * 24 * time.Hour)
	return e.get(o.ID, StateCompleted)
}

// Shopper points are earned on completion at the brand's rate, redeemed
// at checkout after a coupon, returned in proportion to a partial refund,
// in full on cancellation and full refund, and expire — each to the point,
// with the ledger check and the reconciliation after every step.
func TestLoyaltyPointsEarnRedeemRefundExpire(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		_, err := e.s.SetLoyalty(ctx, LoyaltyProgramme{BrandID: e.brand, Status: "active", Currency: "PTS:x", EarnPerUnit: 10, PointValue: 1, ExpiryDays: 30})
		wantCode(t, err, ErrCurrencyMix.Code)
		if _, err := e.s.SetLoyalty(ctx, LoyaltyProgramme{BrandID: e.brand, Status: "active", Currency: "USD", EarnPerUnit: 10, PointValue: 1,
			ExpiryDays: 30}); err != nil {
			t.Fatal(err)
		}
		k20, a, b := e.sku(e.brand, "20.00", 10), e.sku(e.brand, "19.99", 10), e.sku(e.brand, "10.01", 10)
		shopper := e.shopper("200.00")

		// Earn: 20.00 paid → 10 points per dollar = 200.
		first := e.paid(shopper, k20, 1)
		if got := e.complete(first); got.PointsEarned != 200 || e.points(shopper) != 200 {
			t.Fatalf("earned %d, holds %d; want 200", got.PointsEarned, e.points(shopper))
		}
		e.checkLedger()

		// Redeem after a 5.00 coupon on a 30.00 order.
		c := e.coupon(CouponInput{Name: "5 off", Kind: CouponAmount, AmountOff: usd("5.00"), Quantity: 3}, staff)
		k := e.claim(c.ID, shopper)
		o, err := e.s.CreateOrder(ctx, NewOrder{ShopperID: shopper, BrandID: e.brand, AppID: e.app, InstallationID: "ins_1",
			Lines: []LineInput{{SKUID: a.ID, Qty: 1}, {SKUID: b.ID, Qty: 1}}})
		if err != nil {
			t.Fatal(err)
		}
		r, err := e.s.RequestPayment(ctx, o.ID, Actor{Kind: ActorShopper, ID: shopper})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.s.ApplyCoupon(ctx, shopper, o.ID, k.ID); err != nil {
			t.Fatal(err)
		}
		_, err = e.s.ApplyPoints(ctx, shopper, o.ID, 201)
		wantCode(t, err, ErrPointsShort.Code)
		_, err = e.s.ApplyPoints(ctx, e.user("intruder"), o.ID, 1)
		wantCode(t, err, ErrNotFound.Code)
		if _, err := e.s.ApplyPoints(ctx, shopper, o.ID, 200); err != nil {
			t.Fatal(err)
		}
		d, err := e.s.ApplyPoints(ctx, shopper, o.ID, 150) // replaces the 200
		if err != nil {
			t.Fatal(err)
		}
		// 30.00 − 5.00 − 1.50 = 23.50; 6.50 off split 433 + 217 (line 2 has the larger remainder).
		if d.Total != usd("23.50") || d.PointsUsed != 150 || d.PointsDiscount != usd("1.50") || d.Lines[0].Discount != 433 || d.Lines[1].Discount != 217 {
			t.Fatalf("after points: total %d used %d discount %d lines %d/%d", d.Total, d.PointsUsed, d.PointsDiscount, d.Lines[0].Discount,
				d.Lines[1].Discount)
		}
		if e.points(shopper) != 50 {
			t.Fatalf("holds %d after redeeming 150 of 200", e.points(shopper))
		}
		offer, err := e.s.CheckoutPointsFor(ctx, shopper, o.ID)
		if err != nil || !offer.Available || offer.Used != 150 || offer.Balance != 50 || offer.Max != 200 {
			t.Fatalf("checkout offer %+v %v", offer, err)
		}
		if r, _ = e.pay.GetRequest(ctx, r.ID); r.Amount != usd("23.50") || r.PlatformDiscount != 0 {
			t.Fatalf("request %d platform %d", r.Amount, r.PlatformDiscount)
		}
		e.checkLedger()
		if _, err := e.pay.Confirm(ctx, r.ID, shopper, pin, nil); err != nil {
			t.Fatal(err)
		}
		_, err = e.s.ApplyPoints(ctx, shopper, o.ID, 0)
		wantCode(t, err, ErrIllegalTransition.Code)

		// Refund line 2 (paid 10.01 − 2.17 = 7.84): floor(150 × 7.84 / 23.50) = 50 points back.
		if _, err := e.s.RefundOrder(ctx, e.brand, o.ID, usd("7.84"), "broken", staff); err != nil {
			t.Fatal(err)
		}
		if got := e.get(o.ID, StatePaid); got.PointsReturned != 50 || e.points(shopper) != 100 {
			t.Fatalf("returned %d, holds %d; want 50 and 100", got.PointsReturned, e.points(shopper))
		}
		e.checkLedger()
		// Completion earns on what was kept: floor(15.66 × 10) = 156.
		if got := e.complete(e.get(o.ID, StatePaid)); got.PointsEarned != 156 || e.points(shopper) != 256 {
			t.Fatalf("earned %d, holds %d", got.PointsEarned, e.points(shopper))
		}
		e.checkLedger()

		// Cancelled unpaid: all points back.
		c1 := e.order(shopper, k20, 1)
		if _, err := e.s.ApplyPoints(ctx, shopper, c1.ID, 100); err != nil {
			t.Fatal(err)
		}
		if e.points(shopper) != 156 {
			t.Fatalf("holds %d with 100 on an unpaid order", e.points(shopper))
		}
		if _, err := e.s.CancelUnpaid(ctx, c1.ID, Actor{Kind: ActorShopper, ID: shopper}, "changed my mind"); err != nil {
			t.Fatal(err)
		}
		if e.points(shopper) != 256 {
			t.Fatalf("holds %d after cancelling", e.points(shopper))
		}
		e.checkLedger()

		// Refunded in full: all points back.
		f := e.order(shopper, k20, 1)
		if _, err := e.s.ApplyPoints(ctx, shopper, f.ID, 99); err != nil {
			t.Fatal(err)
		}
		fr, err := e.s.RequestPayment(ctx, f.ID, Actor{Kind: ActorShopper, ID: shopper})
		if err != nil || fr.Amount != usd("19.01") {
			t.Fatalf("request %+v %v", fr, err)
		}
		if _, err := e.pay.Confirm(ctx, fr.ID, shopper, pin, nil); err != nil {
			t.Fatal(err)
		}
		if _, err := e.s.RefundOrder(ctx, e.brand, f.ID, usd("19.01"), "out of stock", staff); err != nil {
			t.Fatal(err)
		}
		if got := e.get(f.ID, StateRefunded); got.PointsReturned != 99 || e.points(shopper) != 256 {
			t.Fatalf("returned %d, holds %d", got.PointsReturned, e.points(shopper))
		}
		e.checkLedger()

		// Liability, then expiry: nothing before the 30 days, everything after.
		if l, err := e.s.Liability(ctx, e.brand); err != nil || l.Points != 256 || l.Value != usd("2.56") {
			t.Fatalf("liability %+v %v", l, err)
		}
		if n, err := e.s.ExpirePoints(ctx, time.Now().Add(29*24*time.Hour).UnixMicro(), 100); err != nil || n != 0 {
			t.Fatalf("expired %d early (%v)", n, err)
		}
		if n, err := e.s.ExpirePoints(ctx, time.Now().Add(31*24*time.Hour).UnixMicro(), 100); err != nil || n != 256 || e.points(shopper) != 0 {
			t.Fatalf("expired %d, holds %d (%v)", n, e.points(shopper), err)
		}
		if l, _ := e.s.Liability(ctx, e.brand); l.Points != 0 {
			t.Fatalf("liability %d after expiry", l.Points)
		}
		st, err := e.s.MyPointsStatement(ctx, shopper, e.brand, 50)
		if err != nil {
			t.Fatal(err)
		}
		var sum int64
		codes := map[string]int{}
		for _, x := range st {
			sum += x.Points
			codes[x.Code]++
		}
		if sum != 0 || codes["points_earn"] != 2 || codes["points_expire"] != 2 {
			t.Fatalf("statement sums to %d: %v", sum, codes)
		}
		if held, _ := e.pay.PointsBalance(ctx, db, payments.LoyaltyProgramme(e.other), shopper); held != 0 {
			t.Fatalf("points leaked to another brand: %d", held)
		}
		e.checkLedger()
	})
}

// Coupon first, then points: a coupon applied after the points keeps them,
// cut down to what leaves one cent to pay; the rest go back to the shopper.
func TestPointsAreCutDownWhenACouponComesAfterThem(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		if _, err := e.s.SetLoyalty(ctx, LoyaltyProgramme{BrandID: e.brand, Status: "active", Currency: "USD", EarnPerUnit: 10, PointValue: 10,
			ExpiryDays: 30}); err != nil {
			t.Fatal(err)
		}
		k20, k5 := e.sku(e.brand, "20.00", 10), e.sku(e.brand, "5.00", 10)
		shopper := e.shopper("100.00")
		e.complete(e.paid(shopper, k20, 1)) // 200 points worth 0.10 each
		o := e.order(shopper, k5, 1)
		_, err := e.s.ApplyPoints(ctx, shopper, o.ID, 50) // 5.00: nothing left to pay
		wantCode(t, err, ErrPointsNotAvailable.Code)
		if _, err := e.s.ApplyPoints(ctx, shopper, o.ID, 40); err != nil {
			t.Fatal(err)
		}
		c := e.coupon(CouponInput{Name: "2 off", Kind: CouponAmount, AmountOff: usd("2.00"), Quantity: 1}, staff)
		d, err := e.s.ApplyCoupon(ctx, shopper, o.ID, e.claim(c.ID, shopper).ID)
		if err != nil {
			t.Fatal(err)
		}
		// floor((5.00 − 2.00 − 0.01) / 0.10) = 29 points stay; 11 go back.
		if d.PointsUsed != 29 || d.PointsDiscount != usd("2.90") || d.Total != usd("0.10") || e.points(shopper) != 171 {
			t.Fatalf("after the coupon: %d points, %d off, total %d, holds %d", d.PointsUsed, d.PointsDiscount, d.Total, e.points(shopper))
		}
		e.checkLedger()
	})
}
