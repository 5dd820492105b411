package commerce

import (
	"context"

	"github.com/soukhq/souk/payments/money"
	"github.com/soukhq/souk/store"
)

// maxPoints is the most points order o can take at its PointValue (or at
// the programme's, for an order without points yet): the points discount
// leaves at least one minor unit to pay after the coupon.
func maxPoints(o Order) int64 {
	left := o.Subtotal - o.Discount - 1
	if o.PointValue <= 0 || left <= 0 {
		return 0
	}
	return int64(left / o.PointValue)
}

// repriceTx writes order o's price: Total = Subtotal - Discount -
// PointsDiscount, the combined discount split over the lines (the
// largest-remainder rule of coupon_apply.go), and its payment request
// asks the new total (the platform funds only a platform coupon's part).
func (s *Service) repriceTx(ctx context.Context, tx *store.Tx, o *Order) error {
	o.Total = o.Subtotal - o.Discount - o.PointsDiscount
	totals := make([]money.Amount, len(o.Lines))
	for i, l := range o.Lines {
		totals[i] = l.LineTotal
	}
	for i, share := range allocateDiscount(o.Discount+o.PointsDiscount, totals) {
		o.Lines[i].Discount = share
		if _, err := tx.ExecContext(ctx, `UPDATE commerce_order_lines SET discount = $3 WHERE order_id = $1 AND line_no = $2`,
			o.ID, o.Lines[i].No, int64(share)); err != nil {
			return err
		}
	}
	if _, err := tx.ExecContext(ctx, `UPDATE commerce_orders SET total = $2, subtotal = $3, discount = $4, coupon_claim_id = $5,
		discount_funded_by = $6, points_used = $7, point_value = $8, points_discount = $9, updated_at = $10 WHERE id = $1`,
		o.ID, int64(o.Total), int64(o.Subtotal), int64(o.Discount), o.CouponClaimID, o.DiscountFundedBy, o.PointsUsed, int64(o.PointValue),
		int64(o.PointsDiscount), now()); err != nil {
		return err
	}
	if o.PaymentRequestID == "" {
		return nil
	}
	platform := money.Amount(0)
	if o.DiscountFundedBy == FundedByPlatform {
		platform = o.Discount
	}
	_, err := s.pay.RepriceTx(ctx, tx, o.PaymentRequestID, o.Total, platform)
	return err
}

// lockUnpaidShopperOrder locks the shopper's order awaiting payment (and
// its payment request first, in the order Confirm locks them), with lines.
func (s *Service) lockUnpaidShopperOrder(ctx context.Context, tx *store.Tx, shopperID, orderID string) (Order, error) {
	o, err := scanOrder(tx.QueryRowContext(ctx, `SELECT `+orderCols+` FROM commerce_orders WHERE id = $1`, orderID))
	if err != nil {
		return o, err
	}
	if o.ShopperID != shopperID {
		return Order{}, fail(ErrNotFound, "no such order")
	}
	if o.PaymentRequestID != "" {
		r, err := s.pay.LockRequestTx(ctx, tx, o.PaymentRequestID)
		if err != nil {
			return o, err
		}
		if r.Status != "created" {
			return o, fail(ErrIllegalTransition, "order %s is already paid or its payment request has ended", o.ID)
		}
	}
	prev := o.PaymentRequestID
	if o, err = lockShopperOrder(ctx, tx, shopperID, orderID); err != nil {
		return o, err
	}
	if o.State != StatePendingPayment || o.PaymentRequestID != prev {
		return o, fail(ErrIllegalTransition, "points apply to orders awaiting payment; order %s is %s", o.ID, o.State)
	}
	o.Lines, err = loadLines(ctx, tx, o.ID)
	return o, err
}

// ApplyPoints spends points of the brand's loyalty programme on the
// shopper's unpaid order (0: use none), replacing what the order used
// before; the host computes the discount (points × the programme's point
// value), never the app. It returns the order with its lines.
func (s *Service) ApplyPoints(ctx context.Context, shopperID, orderID string, points int64) (Order, error) {
	if points < 0 || money.Amount(points) > money.PointsMax {
		return Order{}, fail(ErrInvalid, "points must be 0 or positive")
	}
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		o, err := s.lockUnpaidShopperOrder(ctx, tx, shopperID, orderID)
		if err != nil {
			return err
		}
		if o.PointsUsed > 0 {
			if err := s.restorePointsTx(ctx, tx, o, o.PointsUsed); err != nil {
				return err
			}
		}
		o.PointsUsed, o.PointsDiscount, o.PointValue = 0, 0, 0
		if points > 0 {
			p, err := scanLoyalty(tx.QueryRowContext(ctx, `SELECT `+loyaltyCols+` FROM loyalty_programmes WHERE brand_id = $1`, o.BrandID))
			if err != nil {
				return fail(ErrPointsNotAvailable, "the brand has no loyalty programme")
			}
			if p.Status != "active" || p.Currency != o.Currency {
				return fail(ErrPointsNotAvailable, "the brand's points are not usable on this order")
			}
			o.PointValue = p.PointValue
			if limit := maxPoints(o); points > limit {
				return fail(ErrPointsNotAvailable, "at most %d points can be used on this order", limit)
			}
			if err := s.takePointsTx(ctx, tx, o, points); err != nil {
				return err
			}
			o.PointsUsed, o.PointsDiscount = points, money.Amount(points)*p.PointValue
		}
		return s.repriceTx(ctx, tx, &o)
	})
	if err != nil {
		return Order{}, err
	}
	return s.Order(ctx, orderID)
}

// CheckoutPoints is what the host's checkout offers for an order: the
// shopper's points with the brand, how many this order can take and what
// each is worth; Available is false (with Reason) when points do not apply.
type CheckoutPoints struct {
	Available  bool         `json:"available"`
	Reason     string       `json:"reason,omitempty"`
	Balance    int64        `json:"balance"` // unexpired points held (besides those on this order)
	Max        int64        `json:"max"`     // the most this order can take now
	PointValue money.Amount `json:"pointValue"`
	Currency   string       `json:"currency"`
	Used       int64        `json:"used"` // on the order now
	Discount   money.Amount `json:"discount"`
}

// CheckoutPointsFor reads the points offer for the shopper's order.
func (s *Service) CheckoutPointsFor(ctx context.Context, shopperID, orderID string) (CheckoutPoints, error) {
	o, err := s.ShopperOrder(ctx, shopperID, orderID)
	if err != nil {
		return CheckoutPoints{}, err
	}
	cp := CheckoutPoints{Used: o.PointsUsed, Discount: o.PointsDiscount, Currency: o.Currency}
	p, err := s.Loyalty(ctx, o.BrandID)
	if err != nil || p.Status != "active" || p.Currency != o.Currency {
		cp.Reason = "points_not_available"
		return cp, nil
	}
	if err := s.db.QueryRowContext(ctx, `SELECT COALESCE(SUM(remaining), 0) FROM loyalty_lots WHERE brand_id = $1 AND shopper_id = $2
		AND remaining > 0 AND expires_at > $3`, o.BrandID, shopperID, now()).Scan(&cp.Balance); err != nil {
		return cp, err
	}
	cp.PointValue = p.PointValue
	o.PointValue = p.PointValue
	cp.Max = min(maxPoints(o), cp.Balance+o.PointsUsed)
	cp.Available = o.State == StatePendingPayment && cp.Max > 0
	if !cp.Available && cp.Used == 0 {
		cp.Reason = "insufficient_points"
	}
	return cp, nil
}
