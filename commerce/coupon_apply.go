package commerce

import (
	"context"
	"database/sql"
	"errors"
	"math/big"
	"sort"

	"github.com/soukhq/souk/payments/money"
	"github.com/soukhq/souk/store"
)

// Applying a coupon, and what it means for refunds and settlement.
//
//   - The shopper applies one of their claims to one of their unpaid orders
//     (ApplyCoupon), on the host's checkout: the host computes the discount
//     from the coupon and the order's subtotal (Coupon.DiscountFor), and the
//     order's Total — what the shopper pays, and what its payment request
//     asks — becomes Subtotal - Discount. Applying another claim swaps them;
//     an empty claim removes the coupon. One coupon per order.
//   - The discount is split over the lines in proportion to their line
//     totals, each share rounded down, the leftover minor units going one
//     each to the lines with the largest remainders (ties: the earlier
//     line). Line.Discount is that share: the shopper paid LineTotal -
//     Discount for the line.
//   - Refunds give back money actually paid, never list prices: an order
//     refunds at most its Total in all (its payment), and the amount to
//     refund for a whole line is LineTotal - Line.Discount
//     (Order.LinePaid). A brand-funded discount changes nothing else.
//   - A platform-funded discount is paid to the brand at settlement by the
//     platform's marketing account, pro rata to what was not refunded:
//     floor(Discount × (Total - Refunded) / Total) — a refund before
//     settlement shrinks it, a full refund cancels it, and the rounding
//     residue stays with the platform. Refunds after settlement come from
//     the brand's balance alone (the subsidy, like fees, is not clawed back).
//   - An order cancelled unpaid gives its claim back to the shopper; a paid
//     order keeps it used, refunded or not.

// LinePaid is what the shopper paid for line no (its line total less its
// share of the discount): the amount a refund of that whole line returns.
func (o Order) LinePaid(no int) (money.Amount, bool) {
	for _, l := range o.Lines {
		if l.No == no {
			return l.LineTotal - l.Discount, true
		}
	}
	return 0, false
}

// allocateDiscount splits d over line totals by the largest-remainder rule
// above; the shares sum to d and none exceeds its line's total when d is
// below the sum of the totals.
func allocateDiscount(d money.Amount, totals []money.Amount) []money.Amount {
	out := make([]money.Amount, len(totals))
	var sum money.Amount
	for _, t := range totals {
		sum += t
	}
	if d <= 0 || sum <= 0 {
		return out
	}
	// Each line's exact share is d×t/sum; rems holds (d×t) mod sum, the
	// fraction each share lost to rounding down (in big integers).
	type rem struct {
		i int
		r *big.Int
	}
	rems := make([]rem, len(totals))
	left := d
	bs := big.NewInt(int64(sum))
	for i, t := range totals {
		q, r := new(big.Int).QuoRem(new(big.Int).Mul(big.NewInt(int64(d)), big.NewInt(int64(t))), bs, new(big.Int))
		out[i] = money.Amount(q.Int64())
		left -= out[i]
		rems[i] = rem{i, r}
	}
	sort.SliceStable(rems, func(a, b int) bool { return rems[a].r.Cmp(rems[b].r) > 0 })
	for left > 0 {
		moved := false
		for _, r := range rems {
			if left == 0 {
				break
			}
			if out[r.i] < totals[r.i] {
				out[r.i]++
				left--
				moved = true
			}
		}
		if !moved {
			break
		}
	}
	return out
}

// ApplyCoupon applies the shopper's claim claimID to their unpaid order
// (claimID "": remove the coupon), re-pricing the order and its payment
// request together. It returns the order with its lines.
func (s *Service) ApplyCoupon(ctx context.Context, shopperID, orderID, claimID string) (Order, error) {
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		o, err := scanOrder(tx.QueryRowContext(ctx, `SELECT `+orderCols+` FROM commerce_orders WHERE id = $1`, orderID))
		if err != nil {
			return err
		}
		if o.ShopperID != shopperID {
			return fail(ErrNotFound, "no such order")
		}
		// The payment request's row first, as Confirm locks it: a payment
		// racing this either confirms the old total first (and this fails)
		// or waits and pays the new one.
		if o.PaymentRequestID != "" {
			r, err := s.pay.LockRequestTx(ctx, tx, o.PaymentRequestID)
			if err != nil {
				return err
			}
			if r.Status != "created" {
				return fail(ErrIllegalTransition, "order %s is already paid or its payment request has ended", o.ID)
			}
		}
		prev := o.PaymentRequestID
		if o, err = lockShopperOrder(ctx, tx, shopperID, orderID); err != nil {
			return err
		}
		if o.State != StatePendingPayment || o.PaymentRequestID != prev {
			return fail(ErrIllegalTransition, "coupons apply to orders awaiting payment; order %s is %s", o.ID, o.State)
		}
		if o.Lines, err = loadLines(ctx, tx, o.ID); err != nil {
			return err
		}
		if err := releaseCouponTx(ctx, tx, o); err != nil {
			return err
		}
		o.Discount, o.CouponClaimID, o.DiscountFundedBy = 0, "", ""
		if claimID != "" {
			c, err := lockClaimTx(ctx, tx, shopperID, claimID)
			if err != nil {
				return err
			}
			d, err := eligible(c, o)
			if err != nil {
				return err
			}
			res, err := tx.ExecContext(ctx, `UPDATE coupon_claims SET status = 'used', order_id = $2, used_at = $3 WHERE id = $1
				AND status = 'available'`, claimID, o.ID, now())
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n != 1 {
				return fail(ErrCouponNotEligible, "this coupon was used meanwhile")
			}
			o.Discount, o.CouponClaimID, o.DiscountFundedBy = d, claimID, c.Coupon.FundedBy
		}
		// Coupon first, then points: the points stay, cut down to what
		// the new price allows (loyalty.go).
		if limit := maxPoints(o); o.PointsUsed > limit {
			if err := s.restorePointsTx(ctx, tx, o, o.PointsUsed-limit); err != nil {
				return err
			}
			o.PointsUsed = limit
			o.PointsDiscount = money.Amount(limit) * o.PointValue
		}
		return s.repriceTx(ctx, tx, &o)
	})
	if err != nil {
		return Order{}, err
	}
	return s.Order(ctx, orderID)
}

// eligible checks claim c against order o and returns its discount.
func eligible(c Claim, o Order) (money.Amount, error) {
	switch {
	case c.Status != "available":
		return 0, fail(ErrCouponNotEligible, "this coupon was already used")
	case c.BrandID != o.BrandID:
		return 0, fail(ErrCouponNotEligible, "this coupon is for another brand")
	case c.Coupon.Currency != o.Currency:
		return 0, fail(ErrCouponNotEligible, "this coupon is in %s, the order in %s", c.Coupon.Currency, o.Currency)
	case !c.Coupon.Live(now()):
		return 0, fail(ErrCouponNotValid, "")
	case o.Subtotal < c.Coupon.MinSpend:
		return 0, fail(ErrCouponNotEligible, "this coupon needs a spend of at least %s", fmtMoney(o.Currency, c.Coupon.MinSpend))
	}
	d := c.Coupon.DiscountFor(o.Subtotal)
	if d <= 0 {
		return 0, fail(ErrCouponNotEligible, "this coupon takes nothing off this order")
	}
	return d, nil
}

func lockClaimTx(ctx context.Context, tx *store.Tx, shopperID, id string) (Claim, error) {
	var k Claim
	err := tx.QueryRowContext(ctx, `SELECT id, coupon_id, brand_id, shopper_id, via, status, order_id, claimed_at FROM coupon_claims
		WHERE id = $1 AND shopper_id = $2`+forUpdate(tx), id, shopperID).
		Scan(&k.ID, &k.CouponID, &k.BrandID, &k.ShopperID, &k.Via, &k.Status, &k.OrderID, &k.ClaimedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return k, fail(ErrNotFound, "no such coupon")
	}
	if err != nil {
		return k, err
	}
	k.Coupon, err = scanCoupon(tx.QueryRowContext(ctx, `SELECT `+couponCols+` FROM coupons WHERE id = $1`, k.CouponID))
	return k, err
}

// releaseCouponTx gives an unpaid order's claim back to its shopper (the
// order is cancelled, or swaps coupons).
func releaseCouponTx(ctx context.Context, tx *store.Tx, o Order) error {
	if o.CouponClaimID == "" {
		return nil
	}
	_, err := tx.ExecContext(ctx, `UPDATE coupon_claims SET status = 'available', order_id = '', used_at = 0 WHERE id = $1 AND order_id = $2`,
		o.CouponClaimID, o.ID)
	return err
}

// CheckoutCoupon is one of the shopper's claims as the checkout offers it
// for an order: its discount on this order, or why it does not apply.
type CheckoutCoupon struct {
	Claim    Claim        `json:"claim"`
	Discount money.Amount `json:"discount"`
	Reason   string       `json:"reason,omitempty"` // the error code saying why it does not apply ("" when it does)
	Applied  bool         `json:"applied"`
}

// CheckoutCoupons lists the shopper's claims with the order's brand and
// what each would take off the order (the host's checkout shows them).
func (s *Service) CheckoutCoupons(ctx context.Context, shopperID, orderID string) ([]CheckoutCoupon, error) {
	o, err := s.ShopperOrder(ctx, shopperID, orderID)
	if err != nil {
		return nil, err
	}
	claims, err := s.MyCoupons(ctx, shopperID, o.BrandID, false)
	if err != nil {
		return nil, err
	}
	out := []CheckoutCoupon{}
	for _, c := range claims {
		if c.ID == o.CouponClaimID {
			out = append(out, CheckoutCoupon{Claim: c, Discount: o.Discount, Applied: true})
			continue
		}
		if c.Status != "available" {
			continue
		}
		d, err := eligible(c, o)
		cc := CheckoutCoupon{Claim: c, Discount: d}
		if err != nil {
			cc.Reason = Code(err)
		}
		out = append(out, cc)
	}
	return out, nil
}
