package commerce

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/soukhq/souk/internal/fault"
	"github.com/soukhq/souk/payments"
	"github.com/soukhq/souk/payments/money"
	"github.com/soukhq/souk/store"
)

// Shopper loyalty points. A brand's programme (LoyaltyProgramme) is a
// points unit of its own in the ledger (payments.LoyaltyProgramme(brand));
// every point a shopper holds sits in a lot with an expiry, and the ledger
// balance of the shopper's account always equals the sum of their lots'
// remaining points. The rules, each exact in integers:
//
//   - Earn: when an order in the programme's currency completes, the
//     shopper earns floor((Total - Refunded) × EarnPerUnit / 10^exponent)
//     points — EarnPerUnit per whole major unit actually paid and kept,
//     rounded down — as one lot expiring ExpiryDays × 24 h later. Earned
//     once, at completion; a refund after completion does not take them
//     back (the brand's refund policy is the place to limit that).
//   - Redeem: on the host's checkout, after any coupon (coupon first, then
//     points), the shopper spends n points worth n × PointValue, at most
//     floor((Subtotal - Discount - 1) / PointValue) so at least one minor
//     unit is left to pay. The points leave the oldest-expiring unexpired
//     lots first and go to the programme's redeemed account at once; the
//     order's Total becomes Subtotal - Discount - PointsDiscount, and the
//     combined discount is split over the lines like a coupon's (see
//     coupon_apply.go), so refunds give back money actually paid. The
//     brand funds the points: its settlement is on the reduced Total.
//     Changing the coupon keeps the points, cut down to the new maximum.
//   - Return: an order cancelled unpaid returns all its points. A refund
//     returns, cumulatively, floor(PointsUsed × Refunded / Total) — rounded
//     down on each partial refund, all of them when the order is refunded
//     in full. Returned points go back to the lots they came from (latest
//     expiry first) and keep those lots' expiry.
//   - Expire: the maintenance sweep (ExpirePoints) moves what is left of
//     each lot past its expiry to the programme's expired account.
//
// Liability is what shoppers hold: the sum of the programme's shopper
// accounts, valued at today's PointValue.

// ErrPoints rejections.
var (
	ErrPointsNotAvailable = fault.New(fault.Conflict, "points_not_available", "points cannot be used on this order")
	ErrPointsShort        = fault.New(fault.Conflict, "insufficient_points", "not enough points")
)

// LoyaltyProgramme is a brand's shopper loyalty settings.
type LoyaltyProgramme struct {
	BrandID     string       `json:"brandId"`
	Status      string       `json:"status"` // active or disabled (disabled: no earning, no redeeming)
	Currency    string       `json:"currency"`
	EarnPerUnit int64        `json:"earnPerUnit"` // points per whole major unit paid
	PointValue  money.Amount `json:"pointValue"`  // minor units of Currency per point
	ExpiryDays  int          `json:"expiryDays"`
	UpdatedAt   int64        `json:"updatedAt"`
}

const loyaltyCols = `brand_id, status, currency, earn_per_unit, point_value, expiry_days, updated_at`

func scanLoyalty(sc interface{ Scan(...any) error }) (LoyaltyProgramme, error) {
	var p LoyaltyProgramme
	err := sc.Scan(&p.BrandID, &p.Status, &p.Currency, &p.EarnPerUnit, &p.PointValue, &p.ExpiryDays, &p.UpdatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return p, fail(ErrNotFound, "the brand has no loyalty programme")
	}
	return p, err
}

// Loyalty returns the brand's programme (ErrNotFound without one).
func (s *Service) Loyalty(ctx context.Context, brandID string) (LoyaltyProgramme, error) {
	return scanLoyalty(s.db.QueryRowContext(ctx, `SELECT `+loyaltyCols+` FROM loyalty_programmes WHERE brand_id = $1`, brandID))
}

// SetLoyalty creates or changes the brand's programme. The currency cannot
// change once shoppers hold points (their value is in it).
func (s *Service) SetLoyalty(ctx context.Context, p LoyaltyProgramme) (LoyaltyProgramme, error) {
	cur, err := money.Lookup(p.Currency)
	switch {
	case p.BrandID == "":
		return p, fail(ErrInvalid, "a brand is required")
	case err != nil:
		return p, fail(ErrCurrencyMix, "unknown currency %q", p.Currency)
	case p.Status != "active" && p.Status != "disabled":
		return p, fail(ErrInvalid, "status is active or disabled")
	case p.EarnPerUnit < 0 || p.EarnPerUnit > 10_000:
		return p, fail(ErrInvalid, "the earn rate is 0..10000 points per whole %s", p.Currency)
	case p.PointValue <= 0 || p.PointValue > cur.Max/1_000_000:
		return p, fail(ErrInvalid, "a point's value must be positive")
	case p.ExpiryDays <= 0 || p.ExpiryDays > 3650:
		return p, fail(ErrInvalid, "points expire after 1..3650 days")
	}
	if old, err := s.Loyalty(ctx, p.BrandID); err == nil && old.Currency != p.Currency {
		if held, err := s.pay.PointsOutstanding(ctx, payments.LoyaltyProgramme(p.BrandID)); err != nil {
			return p, err
		} else if held > 0 {
			return p, fail(ErrInvalid, "shoppers hold points valued in %s", old.Currency)
		}
	}
	p.UpdatedAt = now()
	_, err = s.db.ExecContext(ctx, `INSERT INTO loyalty_programmes (`+loyaltyCols+`) VALUES ($1, $2, $3, $4, $5, $6, $7)
		ON CONFLICT (brand_id) DO UPDATE SET status = excluded.status, currency = excluded.currency, earn_per_unit = excluded.earn_per_unit,
		point_value = excluded.point_value, expiry_days = excluded.expiry_days, updated_at = excluded.updated_at`,
		p.BrandID, p.Status, p.Currency, p.EarnPerUnit, int64(p.PointValue), p.ExpiryDays, p.UpdatedAt)
	return p, err
}

// ShopperPoints is what a shopper holds with one brand.
type ShopperPoints struct {
	BrandID    string       `json:"brandId"`
	Points     int64        `json:"points"`
	Currency   string       `json:"currency"`
	PointValue money.Amount `json:"pointValue"`
	Value      money.Amount `json:"value"`      // Points × PointValue
	NextExpiry int64        `json:"nextExpiry"` // Unix µs of the soonest expiring lot (0: none)
	Expiring   int64        `json:"expiring"`   // points expiring then
}

// MyPoints lists the brands the shopper has points with.
func (s *Service) MyPoints(ctx context.Context, shopperID string) ([]ShopperPoints, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT DISTINCT brand_id FROM loyalty_lots WHERE shopper_id = $1 ORDER BY brand_id`, shopperID)
	if err != nil {
		return nil, err
	}
	var brands []string
	for rows.Next() {
		var b string
		if err := rows.Scan(&b); err != nil {
			rows.Close()
			return nil, err
		}
		brands = append(brands, b)
	}
	rows.Close()
	out := []ShopperPoints{}
	for _, b := range brands {
		sp, err := s.ShopperPointsWith(ctx, shopperID, b)
		if err != nil {
			return nil, err
		}
		out = append(out, sp)
	}
	return out, nil
}

// ShopperPointsWith is the shopper's points with one brand.
func (s *Service) ShopperPointsWith(ctx context.Context, shopperID, brandID string) (ShopperPoints, error) {
	sp := ShopperPoints{BrandID: brandID}
	n, err := s.pay.PointsBalance(ctx, s.db, payments.LoyaltyProgramme(brandID), shopperID)
	if err != nil {
		return sp, err
	}
	sp.Points = n
	if p, err := s.Loyalty(ctx, brandID); err == nil {
		sp.Currency, sp.PointValue, sp.Value = p.Currency, p.PointValue, money.Amount(n)*p.PointValue
	}
	err = s.db.QueryRowContext(ctx, `SELECT COALESCE(MIN(expires_at), 0) FROM loyalty_lots WHERE brand_id = $1 AND shopper_id = $2
		AND remaining > 0`, brandID, shopperID).Scan(&sp.NextExpiry)
	if err != nil || sp.NextExpiry == 0 {
		return sp, err
	}
	err = s.db.QueryRowContext(ctx, `SELECT COALESCE(SUM(remaining), 0) FROM loyalty_lots WHERE brand_id = $1 AND shopper_id = $2
		AND remaining > 0 AND expires_at = $3`, brandID, shopperID, sp.NextExpiry).Scan(&sp.Expiring)
	return sp, err
}

// MyPointsStatement lists the shopper's points movements with a brand,
// newest first.
func (s *Service) MyPointsStatement(ctx context.Context, shopperID, brandID string, limit int) ([]payments.PointsEntry, error) {
	return s.pay.PointsStatement(ctx, payments.LoyaltyProgramme(brandID), shopperID, limit)
}

// LoyaltyLiability is what a brand's shoppers hold.
type LoyaltyLiability struct {
	Points   int64        `json:"points"`
	Currency string       `json:"currency"`
	Value    money.Amount `json:"value"` // Points × today's PointValue
}

// Liability returns the brand's outstanding points and their value.
func (s *Service) Liability(ctx context.Context, brandID string) (LoyaltyLiability, error) {
	var l LoyaltyLiability
	n, err := s.pay.PointsOutstanding(ctx, payments.LoyaltyProgramme(brandID))
	if err != nil {
		return l, err
	}
	l.Points = n
	if p, err := s.Loyalty(ctx, brandID); err == nil {
		l.Currency, l.Value = p.Currency, money.Amount(n)*p.PointValue
	}
	return l, nil
}

// pointsOnTransitionTx applies the earn and return rules when order o
// (as just moved to state to, with its refunds so far) changes state.
func (s *Service) pointsOnTransitionTx(ctx context.Context, tx *store.Tx, o Order, to State) error {
	target := int64(0)
	switch {
	case to == StateCancelled || (o.Total > 0 && o.Refunded >= o.Total):
		target = o.PointsUsed
	case o.Total > 0 && o.Refunded > 0:
		target = int64(money.Proportion(money.Amount(o.PointsUsed), int64(o.Refunded), int64(o.Total)))
	}
	if n := target - o.PointsReturned; n > 0 {
		if err := s.restorePointsTx(ctx, tx, o, n); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE commerce_orders SET points_returned = points_returned + $2 WHERE id = $1`, o.ID, n); err != nil {
			return err
		}
	}
	if to != StateCompleted || o.PointsEarned > 0 {
		return nil
	}
	p, err := scanLoyalty(tx.QueryRowContext(ctx, `SELECT `+loyaltyCols+` FROM loyalty_programmes WHERE brand_id = $1`, o.BrandID))
	if errors.Is(err, ErrNotFound) || (err == nil && (p.Status != "active" || p.Currency != o.Currency)) {
		return nil
	}
	if err != nil {
		return err
	}
	unit := int64(money.MustLookup(o.Currency).MajorUnit())
	earned := int64(money.Proportion(o.Total-o.Refunded, p.EarnPerUnit, unit))
	if earned <= 0 {
		return nil
	}
	t := now()
	lot := store.NewID("lot")
	if _, err := tx.ExecContext(ctx, `INSERT INTO loyalty_lots (id, brand_id, shopper_id, order_id, points, remaining, expires_at, created_at)
		VALUES ($1, $2, $3, $4, $5, $5, $6, $7)`, lot, o.BrandID, o.ShopperID, o.ID, earned,
		t+(time.Duration(p.ExpiryDays)*24*time.Hour).Microseconds(), t); err != nil {
		return err
	}
	if err := s.pay.MovePointsTx(ctx, tx, "points:earn:"+o.ID, payments.LoyaltyProgramme(o.BrandID), payments.PointsIssued, o.ShopperID,
		earned, "points_earn", "points:"+o.ID); err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `UPDATE commerce_orders SET points_earned = $2 WHERE id = $1`, o.ID, earned)
	return err
}

// takePointsTx takes n points for order o from the shopper's unexpired
// lots, soonest expiry first, and moves them to the redeemed account.
func (s *Service) takePointsTx(ctx context.Context, tx *store.Tx, o Order, n int64) error {
	rows, err := tx.QueryContext(ctx, `SELECT id, remaining FROM loyalty_lots WHERE brand_id = $1 AND shopper_id = $2 AND remaining > 0
		AND expires_at > $3 ORDER BY expires_at, id`+forUpdate(tx), o.BrandID, o.ShopperID, now())
	if err != nil {
		return err
	}
	type take struct {
		lot string
		n   int64
	}
	var takes []take
	left := n
	for rows.Next() && left > 0 {
		var id string
		var rem int64
		if err := rows.Scan(&id, &rem); err != nil {
			rows.Close()
			return err
		}
		k := min(rem, left)
		takes = append(takes, take{id, k})
		left -= k
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	if left > 0 {
		return fail(ErrPointsShort, "%d points are available", n-left)
	}
	for _, k := range takes {
		if _, err := tx.ExecContext(ctx, `UPDATE loyalty_lots SET remaining = remaining - $2 WHERE id = $1`, k.lot, k.n); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO loyalty_lot_uses (order_id, lot_id, points) VALUES ($1, $2, $3)
			ON CONFLICT (order_id, lot_id) DO UPDATE SET points = loyalty_lot_uses.points + excluded.points`, o.ID, k.lot, k.n); err != nil {
			return err
		}
	}
	return s.pay.MovePointsTx(ctx, tx, "points:"+store.NewID("red"), payments.LoyaltyProgramme(o.BrandID), o.ShopperID,
		payments.PointsRedeemed, n, "points_redeem", "points:"+o.ID)
}

// restorePointsTx gives n of order o's redeemed points back to the lots
// they came from, latest expiry first, and to the shopper's account.
func (s *Service) restorePointsTx(ctx context.Context, tx *store.Tx, o Order, n int64) error {
	rows, err := tx.QueryContext(ctx, `SELECT u.lot_id, u.points FROM loyalty_lot_uses u JOIN loyalty_lots l ON l.id = u.lot_id
		WHERE u.order_id = $1 AND u.points > 0 ORDER BY l.expires_at DESC, l.id DESC`, o.ID)
	if err != nil {
		return err
	}
	type give struct {
		lot string
		n   int64
	}
	var gives []give
	left := n
	for rows.Next() && left > 0 {
		var id string
		var k int64
		if err := rows.Scan(&id, &k); err != nil {
			rows.Close()
			return err
		}
		k = min(k, left)
		gives = append(gives, give{id, k})
		left -= k
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	if left > 0 {
		return fail(ErrInvalid, "order %s has only %d points out", o.ID, n-left)
	}
	for _, g := range gives {
		if _, err := tx.ExecContext(ctx, `UPDATE loyalty_lot_uses SET points = points - $3 WHERE order_id = $1 AND lot_id = $2`, o.ID, g.lot, g.n); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE loyalty_lots SET remaining = remaining + $2 WHERE id = $1`, g.lot, g.n); err != nil {
			return err
		}
	}
	return s.pay.MovePointsTx(ctx, tx, "points:"+store.NewID("ret"), payments.LoyaltyProgramme(o.BrandID), payments.PointsRedeemed,
		o.ShopperID, n, "points_return", "points:"+o.ID)
}

// ExpirePoints expires what is left of up to limit lots past their expiry
// at time at (Unix µs); each lot in its own transaction. It returns how
// many points expired. The maintenance sweep runs it.
func (s *Service) ExpirePoints(ctx context.Context, at int64, limit int) (int64, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id FROM loyalty_lots WHERE remaining > 0 AND expires_at <= $1 ORDER BY expires_at, id LIMIT $2`,
		at, limit)
	if err != nil {
		return 0, err
	}
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return 0, err
		}
		ids = append(ids, id)
	}
	rows.Close()
	var total int64
	for _, id := range ids {
		var expired int64
		err := s.db.InTx(ctx, func(tx *store.Tx) error {
			expired = 0
			var brand, shopper string
			var rem, exp int64
			if err := tx.QueryRowContext(ctx, `SELECT brand_id, shopper_id, remaining, expires_at FROM loyalty_lots WHERE id = $1`+forUpdate(tx), id).
				Scan(&brand, &shopper, &rem, &exp); err != nil {
				return err
			}
			if rem <= 0 || exp > at {
				return nil
			}
			if _, err := tx.ExecContext(ctx, `UPDATE loyalty_lots SET remaining = 0 WHERE id = $1`, id); err != nil {
				return err
			}
			expired = rem
			return s.pay.MovePointsTx(ctx, tx, "points:"+store.NewID("exp"), payments.LoyaltyProgramme(brand), shopper, payments.PointsExpired,
				rem, "points_expire", "lot:"+id)
		})
		if err != nil {
			return total, err
		}
		total += expired
	}
	return total, nil
}
