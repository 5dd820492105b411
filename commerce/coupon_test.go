package commerce

import (
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/soukhq/souk/payments"
	"github.com/soukhq/souk/payments/money"
	"github.com/soukhq/souk/store"
	"github.com/soukhq/souk/store/storetest"
)

func (e *env) coupon(in CouponInput, actor Actor) Coupon {
	e.t.Helper()
	if in.StartsAt.IsZero() {
		in.StartsAt, in.EndsAt = time.Now().Add(-time.Minute), time.Now().Add(time.Hour)
	}
	if in.Currency == "" {
		in.Currency = "USD"
	}
	c, err := e.s.CreateCoupon(ctx, e.brand, in, actor)
	if err != nil {
		e.t.Fatal(err)
	}
	return c
}

func (e *env) claim(couponID, shopper string) Claim {
	e.t.Helper()
	k, err := e.s.ClaimCoupon(ctx, ClaimInput{CouponID: couponID, ShopperID: shopper, Via: ClaimViaShell})
	if err != nil {
		e.t.Fatal(err)
	}
	return k
}

var staff = Actor{Kind: ActorBrand, ID: "usr_staff"}

// 100 shoppers claiming a batch of 10 at once get exactly 10 coupons; one
// shopper claiming 10 at once gets exactly their limit.
func TestCouponClaimsNeverExceedTheBatch(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		c := e.coupon(CouponInput{Name: "Ten", Kind: CouponAmount, AmountOff: usd("1.00"), Quantity: 10}, staff)
		var wg sync.WaitGroup
		var mu sync.Mutex
		codes := map[string]int{}
		for i := range 100 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, err := e.s.ClaimCoupon(ctx, ClaimInput{CouponID: c.ID, ShopperID: fmt.Sprintf("usr_%03d", i), Via: ClaimViaShell})
				if err != nil && Code(err) == "" {
					t.Errorf("claim %d: %v", i, err)
				}
				mu.Lock()
				codes[Code(err)]++
				mu.Unlock()
			}()
		}
		wg.Wait()
		if codes[""] != 10 || codes[ErrCouponSoldOut.Code] != 90 {
			t.Fatalf("claims: %v; want 10 granted, 90 sold out", codes)
		}
		var n, claimed int64
		if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM coupon_claims WHERE coupon_id = $1`, c.ID).Scan(&n); err != nil {
			t.Fatal(err)
		}
		got, _ := e.s.Coupon(ctx, c.ID)
		claimed = got.Claimed
		if n != 10 || claimed != 10 {
			t.Fatalf("%d claim rows, claimed %d; want 10 and 10", n, claimed)
		}

		lim := e.coupon(CouponInput{Name: "Two each", Kind: CouponPercent, PercentBps: 1000, Quantity: 50, PerShopper: 2}, staff)
		codes = map[string]int{}
		for range 10 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, err := e.s.ClaimCoupon(ctx, ClaimInput{CouponID: lim.ID, ShopperID: "usr_greedy", Via: ClaimViaApp})
				mu.Lock()
				codes[Code(err)]++
				mu.Unlock()
			}()
		}
		wg.Wait()
		if codes[""] != 2 || codes[ErrCouponLimit.Code] != 8 {
			t.Fatalf("one shopper's claims: %v; want 2 granted, 8 over the limit", codes)
		}
		if got, _ := e.s.Coupon(ctx, lim.ID); got.Claimed != 2 {
			t.Fatalf("claimed %d after refused claims; want 2", got.Claimed)
		}
		// An app reaches only its own brand's coupons; a disabled or ended
		// coupon cannot be claimed.
		_, err := e.s.ClaimCoupon(ctx, ClaimInput{CouponID: lim.ID, ShopperID: "usr_x", Via: ClaimViaApp, BrandID: e.other})
		wantCode(t, err, ErrNotFound.Code)
		if _, err := e.s.SetCouponStatus(ctx, e.other, lim.ID, false); Code(err) != ErrNotFound.Code {
			t.Fatalf("another brand disables the coupon: %v", err)
		}
		if _, err := e.s.SetCouponStatus(ctx, e.brand, lim.ID, false); err != nil {
			t.Fatal(err)
		}
		_, err = e.s.ClaimCoupon(ctx, ClaimInput{CouponID: lim.ID, ShopperID: "usr_x", Via: ClaimViaShell})
		wantCode(t, err, ErrCouponNotValid.Code)
		// Only an operator issues platform-funded coupons.
		_, err = e.s.CreateCoupon(ctx, e.brand, CouponInput{Name: "Free money", Kind: CouponAmount, AmountOff: usd("1.00"), Currency: "USD",
			Quantity: 1, StartsAt: time.Now(), EndsAt: time.Now().Add(time.Hour), FundedBy: FundedByPlatform}, staff)
		wantCode(t, err, ErrForbidden.Code)
	})
}

// A platform-funded, capped percent-off coupon applied on the checkout after
// the payment request exists; a partial refund of one whole line returns
// what was paid for it; settlement pays the brand its net plus the
// pro-rated subsidy from the marketing account, to the cent.
func TestDiscountedOrderRefundAndSettlement(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		a, b := e.sku(e.brand, "19.99", 10), e.sku(e.brand, "10.01", 10)
		shopper := e.shopper("100.00")
		c := e.coupon(CouponInput{Name: "15 % off, at most 7.00", Kind: CouponPercent, PercentBps: 1500, MaxOff: usd("7.00"),
			MinSpend: usd("30.00"), Quantity: 5, FundedBy: FundedByPlatform}, Actor{Kind: ActorAdmin, ID: "usr_op"})
		k := e.claim(c.ID, shopper)

		o, err := e.s.CreateOrder(ctx, NewOrder{ShopperID: shopper, BrandID: e.brand, AppID: e.app, InstallationID: "ins_1",
			Lines: []LineInput{{SKUID: a.ID, Qty: 2}, {SKUID: b.ID, Qty: 1}}})
		if err != nil {
			t.Fatal(err)
		}
		r, err := e.s.RequestPayment(ctx, o.ID, Actor{Kind: ActorShopper, ID: shopper})
		if err != nil || r.Amount != usd("49.99") {
			t.Fatalf("request %+v %v", r, err)
		}
		// Nobody else applies it; it does not apply to another shopper's order.
		_, err = e.s.ApplyCoupon(ctx, e.user("intruder"), o.ID, k.ID)
		wantCode(t, err, ErrNotFound.Code)
		d, err := e.s.ApplyCoupon(ctx, shopper, o.ID, k.ID)
		if err != nil {
			t.Fatal(err)
		}
		// 15 % of 49.99 = 7.4985 → capped at 7.00; split 5.5983…/1.4017… → 5.59 + 1.40 + the leftover cent to line 1.
		if d.Subtotal != usd("49.99") || d.Discount != usd("7.00") || d.Total != usd("42.99") || d.DiscountFundedBy != FundedByPlatform {
			t.Fatalf("order after coupon: subtotal %d discount %d total %d by %q", d.Subtotal, d.Discount, d.Total, d.DiscountFundedBy)
		}
		if d.Lines[0].Discount != 560 || d.Lines[1].Discount != 140 {
			t.Fatalf("line discounts %d and %d; want 560 and 140", d.Lines[0].Discount, d.Lines[1].Discount)
		}
		if r, _ = e.pay.GetRequest(ctx, r.ID); r.Amount != usd("42.99") || r.PlatformDiscount != usd("7.00") {
			t.Fatalf("request not re-priced: %+v", r)
		}
		if _, err := e.pay.Confirm(ctx, r.ID, shopper, pin, nil); err != nil {
			t.Fatal(err)
		}
		e.get(o.ID, StatePaid)
		if w := e.wallet(shopper); w != usd("57.01") {
			t.Fatalf("wallet %d after paying 42.99", w)
		}
		// Paid: the coupon stays.
		_, err = e.s.ApplyCoupon(ctx, shopper, o.ID, "")
		wantCode(t, err, ErrIllegalTransition.Code)
		e.checkLedger()

		// Refund line 2 in full: what was paid for it, 10.01 − 1.40 = 8.61.
		paid2, _ := d.LinePaid(2)
		if paid2 != usd("8.61") {
			t.Fatalf("line 2 paid %d", paid2)
		}
		if _, err := e.s.RequestRefund(ctx, shopper, o.ID, paid2, "line 2 arrived broken"); err != nil {
			t.Fatal(err)
		}
		if _, err := e.s.ApproveRefund(ctx, e.brand, o.ID, 0, staff); err != nil {
			t.Fatal(err)
		}
		if w := e.wallet(shopper); w != usd("65.62") {
			t.Fatalf("wallet %d after the refund", w)
		}
		e.checkLedger()
		e.delivered(e.get(o.ID, StatePaid))
		e.runJobs(8 * 24 * time.Hour)
		e.get(o.ID, StateCompleted)
		// base 42.99 − 8.61 = 34.38: fee 5 % 1.71, developer 10 % 3.43, brand 29.24;
		// subsidy floor(7.00 × 34.38 / 42.99) = 5.59 from marketing to the brand.
		brand, dev, fees := e.balances("USD")
		mk, err := e.pay.Ledger().Balance(ctx, payments.MarketingAccount("USD"))
		if err != nil {
			t.Fatal(err)
		}
		if brand != usd("34.83") || dev != usd("3.43") || fees != usd("1.71") || mk.Posted != -int64(usd("5.59")) {
			t.Fatalf("brand %d dev %d fees %d marketing %d", brand, dev, fees, mk.Posted)
		}
		if got := brand + dev + fees + money.Amount(mk.Posted); got != usd("34.38") {
			t.Fatalf("the brand, developer and platform hold %d, the shopper kept paying %d", got, usd("34.38"))
		}
		if r, _ = e.pay.GetRequest(ctx, r.ID); r.Subsidy != usd("5.59") {
			t.Fatalf("request subsidy %d", r.Subsidy)
		}
		e.checkLedger()
	})
}

// A brand-funded amount-off coupon: the minimum spend counts, an order
// cancelled unpaid gives the coupon back, and a second order uses it; the
// brand just settles less.
func TestBrandCouponLifecycle(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		k20 := e.sku(e.brand, "20.00", 10)
		k5 := e.sku(e.brand, "5.00", 10)
		shopper := e.shopper("100.00")
		c := e.coupon(CouponInput{Name: "5 off 20", Kind: CouponAmount, AmountOff: usd("5.00"), MinSpend: usd("20.00"), Quantity: 3}, staff)
		k := e.claim(c.ID, shopper)

		small := e.order(shopper, k5, 1)
		_, err := e.s.ApplyCoupon(ctx, shopper, small.ID, k.ID)
		wantCode(t, err, ErrCouponNotEligible.Code)
		offers, err := e.s.CheckoutCoupons(ctx, shopper, small.ID)
		if err != nil || len(offers) != 1 || offers[0].Reason != ErrCouponNotEligible.Code {
			t.Fatalf("checkout offers %+v %v", offers, err)
		}

		o := e.order(shopper, k20, 1)
		if d, err := e.s.ApplyCoupon(ctx, shopper, o.ID, k.ID); err != nil || d.Total != usd("15.00") || d.DiscountFundedBy != FundedByBrand {
			t.Fatalf("apply: %+v %v", d, err)
		}
		// Used: not offered to another order, nor applied twice.
		_, err = e.s.ApplyCoupon(ctx, shopper, small.ID, k.ID)
		wantCode(t, err, ErrCouponNotEligible.Code)
		if _, err := e.s.CancelUnpaid(ctx, o.ID, Actor{Kind: ActorShopper, ID: shopper}, "changed my mind"); err != nil {
			t.Fatal(err)
		}
		mine, _ := e.s.MyCoupons(ctx, shopper, "", true)
		if len(mine) != 1 || mine[0].ID != k.ID {
			t.Fatalf("the cancelled order did not give the coupon back: %+v", mine)
		}

		o2 := e.order(shopper, k20, 2) // 40.00
		if _, err := e.s.ApplyCoupon(ctx, shopper, o2.ID, k.ID); err != nil {
			t.Fatal(err)
		}
		r, err := e.s.RequestPayment(ctx, o2.ID, Actor{Kind: ActorShopper, ID: shopper})
		if err != nil || r.Amount != usd("35.00") || r.PlatformDiscount != 0 {
			t.Fatalf("request %+v %v", r, err)
		}
		if _, err := e.pay.Confirm(ctx, r.ID, shopper, pin, nil); err != nil {
			t.Fatal(err)
		}
		e.delivered(e.get(o2.ID, StatePaid))
		e.runJobs(8 * 24 * time.Hour)
		e.get(o2.ID, StateCompleted)
		fee, dev, brand := split(usd("35.00"))
		if gb, gd, gf := e.balances("USD"); gb != brand || gd != dev || gf != fee {
			t.Fatalf("brand %d dev %d fees %d; want %d %d %d", gb, gd, gf, brand, dev, fee)
		}
		if e.wallet(shopper) != usd("65.00") {
			t.Fatalf("wallet %d", e.wallet(shopper))
		}
		e.checkLedger()
	})
}

func TestAllocateDiscount(t *testing.T) {
	for _, c := range []struct {
		d      money.Amount
		totals []money.Amount
		want   []money.Amount
	}{
		{700, []money.Amount{3998, 1001}, []money.Amount{560, 140}},
		{2, []money.Amount{1, 1, 1}, []money.Amount{1, 1, 0}},
		{5, []money.Amount{1, 1, 4}, []money.Amount{1, 1, 3}},
		{0, []money.Amount{10}, []money.Amount{0}},
		{99, []money.Amount{100}, []money.Amount{99}},
	} {
		got := allocateDiscount(c.d, c.totals)
		if !slices.Equal(got, c.want) {
			t.Errorf("allocate %d over %v = %v, want %v", c.d, c.totals, got, c.want)
		}
	}
}
