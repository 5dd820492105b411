package credit

import (
	"context"
	"database/sql"
	"errors"

	"github.com/soukhq/souk/payments"
	"github.com/soukhq/souk/payments/money"
	"github.com/soukhq/souk/store"
)

// The score formula (docs/CREDIT.md). Every factor is a count from the
// shopper's history times its points, capped; the score is Base plus the
// factors, clamped to MinScore..MaxScore.
const (
	MinScore = 300
	MaxScore = 850
	Base     = 600

	PointsPerCompletedOrder = 8   // each completed order…
	MaxCompletedOrderPoints = 160 // …up to 20 of them
	PointsPerOnTimeRepay    = 10  // each draw repaid by its due date…
	MaxOnTimeRepayPoints    = 100 // …up to 10 of them
	PointsPerLateRepay      = -40 // each draw repaid after its due date
	PointsPerOverdue        = -100
	PointsPerLostDispute    = -60
	PointsPerAgeWeek        = 1  // each full week since sign-up…
	MaxAgePoints            = 50 // …up to 50 weeks

	// LimitFloor: a line's limit is (score − LimitFloor) major units of its
	// currency, nothing at or below it.
	LimitFloor = 550
)

// Factor names.
const (
	FactorCompletedOrders = "completed_orders"
	FactorOnTimeRepays    = "on_time_repayments"
	FactorLateRepays      = "late_repayments"
	FactorOverdue         = "overdue_now"
	FactorLostDisputes    = "lost_disputes"
	FactorAccountAge      = "account_age_weeks"
)

// Factor is one line of a score's explanation: what was counted and the
// points it gave.
type Factor struct {
	Name   string `json:"name"`
	Count  int64  `json:"count"`
	Points int    `json:"points"`
}

// Score is a shopper's credit score with its explanation.
type Score struct {
	ShopperID string   `json:"shopper_id"`
	Score     int      `json:"score"`
	Base      int      `json:"base"`
	Factors   []Factor `json:"factors"`
	At        int64    `json:"at"` // Unix µs: the history it was read at
}

// Limit is the credit limit the score gives, in minor units of cur.
func (sc Score) Limit(cur string) money.Amount {
	c, err := money.Lookup(cur)
	if err != nil || sc.Score <= LimitFloor {
		return 0
	}
	return money.Amount(sc.Score-LimitFloor) * c.MajorUnit()
}

// History is what a score is computed from.
type History struct {
	CompletedOrders, OnTimeRepays, LateRepays, Overdue, LostDisputes, AgeWeeks int64
}

// Compute is the formula: pure, so the same history always gives the same
// score and factors.
func Compute(h History) (score int, factors []Factor) {
	capped := func(n int64, per, max int) int {
		p := int64(per) * n
		if max > 0 && p > int64(max) {
			p = int64(max)
		}
		return int(p)
	}
	factors = []Factor{
		{FactorCompletedOrders, h.CompletedOrders, capped(h.CompletedOrders, PointsPerCompletedOrder, MaxCompletedOrderPoints)},
		{FactorOnTimeRepays, h.OnTimeRepays, capped(h.OnTimeRepays, PointsPerOnTimeRepay, MaxOnTimeRepayPoints)},
		{FactorLateRepays, h.LateRepays, capped(h.LateRepays, PointsPerLateRepay, 0)},
		{FactorOverdue, h.Overdue, capped(h.Overdue, PointsPerOverdue, 0)},
		{FactorLostDisputes, h.LostDisputes, capped(h.LostDisputes, PointsPerLostDispute, 0)},
		{FactorAccountAge, h.AgeWeeks, capped(h.AgeWeeks, PointsPerAgeWeek, MaxAgePoints)},
	}
	score = Base
	for _, f := range factors {
		score += f.Points
	}
	return min(max(score, MinScore), MaxScore), factors
}

// Score computes a shopper's score now.
func (s *Service) Score(ctx context.Context, shopperID string) (Score, error) {
	return s.score(ctx, s.db, shopperID)
}

func (s *Service) score(ctx context.Context, q store.Querier, shopperID string) (Score, error) {
	now := s.now()
	var h History
	var created int64
	err := q.QueryRowContext(ctx, `SELECT created_at FROM users WHERE id = $1`, shopperID).Scan(&created)
	if errors.Is(err, sql.ErrNoRows) {
		return Score{}, fail(ErrNotFound, "no such shopper")
	}
	if err != nil {
		return Score{}, err
	}
	if now > created {
		h.AgeWeeks = (now - created) / (7 * 24 * 3600 * 1_000_000)
	}
	if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM commerce_orders WHERE shopper_id = $1 AND state = 'completed'`,
		shopperID).Scan(&h.CompletedOrders); err != nil {
		return Score{}, err
	}
	if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM payment_disputes d JOIN payment_requests r ON r.id = d.request_id
		WHERE r.shopper_id = $1 AND d.status = $2`, shopperID, payments.DisputeWonByBrand).Scan(&h.LostDisputes); err != nil {
		return Score{}, err
	}
	if err := q.QueryRowContext(ctx, `SELECT
		COALESCE(SUM(CASE WHEN status = 'repaid' AND late = 0 THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN status = 'repaid' AND late = 1 THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN status = 'overdue' THEN 1 ELSE 0 END), 0)
		FROM credit_draws WHERE shopper_id = $1`, shopperID).Scan(&h.OnTimeRepays, &h.LateRepays, &h.Overdue); err != nil {
		return Score{}, err
	}
	sc := Score{ShopperID: shopperID, Base: Base, At: now}
	sc.Score, sc.Factors = Compute(h)
	return sc, nil
}
