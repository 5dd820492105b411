package commerce

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/soukhq/souk/internal/fault"
	"github.com/soukhq/souk/payments/money"
	"github.com/soukhq/souk/store"
)

// Coupons are issued by a brand in batches: amount off or percent off with
// a cap, a minimum spend, a validity window, a total quantity and a limit
// per shopper. A shopper claims one (in the shell or chat, through an app's
// coupons.claim host API, or by opening a coupon link) and the host applies
// it at checkout (ApplyCoupon): the host, never an app, computes the
// discount. Who funds the discount is recorded on the coupon and the order:
// the brand (the brand simply receives less at settlement) or the platform
// (its marketing account pays the brand the discount at settlement;
// payments.Service.SettleTx). Only an operator may issue platform-funded
// coupons.
//
// A claim is one guarded UPDATE of the batch's claimed count (claimed <
// quantity), so concurrent claims never exceed the quantity on either
// engine; the per-shopper limit is counted after that UPDATE, which holds
// the batch's row lock, so it cannot be raced either.

// Coupon kinds and funders.
const (
	CouponAmount  = "amount"  // AmountOff off the subtotal
	CouponPercent = "percent" // PercentBps of the subtotal, at most MaxOff (when set)

	FundedByBrand    = "brand"
	FundedByPlatform = "platform"
)

// Coupon rejections.
var (
	ErrCouponSoldOut     = fault.New(fault.Conflict, "coupon_sold_out", "all of this coupon's batch has been claimed")
	ErrCouponLimit       = fault.New(fault.Conflict, "coupon_limit_reached", "you already hold as many of this coupon as a shopper may")
	ErrCouponNotValid    = fault.New(fault.Conflict, "coupon_not_valid", "this coupon is not valid now")
	ErrCouponNotEligible = fault.New(fault.Conflict, "coupon_not_applicable", "this coupon does not apply to this order")
)

// Coupon is a brand's coupon batch.
type Coupon struct {
	ID         string       `json:"id"`
	BrandID    string       `json:"brandId"`
	Name       string       `json:"name"`
	Kind       string       `json:"kind"`
	Currency   string       `json:"currency"`
	AmountOff  money.Amount `json:"amountOff"`
	PercentBps money.Bps    `json:"percentBps"`
	MaxOff     money.Amount `json:"maxOff"`
	MinSpend   money.Amount `json:"minSpend"`
	StartsAt   int64        `json:"startsAt"`
	EndsAt     int64        `json:"endsAt"`
	Quantity   int64        `json:"quantity"`
	Claimed    int64        `json:"claimed"`
	PerShopper int          `json:"perShopper"`
	FundedBy   string       `json:"fundedBy"`
	Status     string       `json:"status"` // active or disabled
	CreatedAt  int64        `json:"createdAt"`
}

// Live says whether the coupon can be claimed or used at t (µs).
func (c Coupon) Live(t int64) bool {
	return c.Status == "active" && t >= c.StartsAt && t < c.EndsAt
}

// DiscountFor is the coupon's discount on a subtotal (0 when the minimum
// spend is not met): the amount off, or the percentage rounded down and
// capped at MaxOff. It never reaches the whole subtotal: an order with a
// coupon still costs at least one minor unit.
func (c Coupon) DiscountFor(subtotal money.Amount) money.Amount {
	if subtotal <= 1 || subtotal < c.MinSpend {
		return 0
	}
	d := c.AmountOff
	if c.Kind == CouponPercent {
		d = money.Proportion(subtotal, int64(c.PercentBps), 10000)
		if c.MaxOff > 0 && d > c.MaxOff {
			d = c.MaxOff
		}
	}
	return min(d, subtotal-1)
}

// CouponInput is a coupon batch to issue.
type CouponInput struct {
	Name       string
	Kind       string
	Currency   string
	AmountOff  money.Amount
	PercentBps money.Bps
	MaxOff     money.Amount
	MinSpend   money.Amount
	StartsAt   time.Time
	EndsAt     time.Time
	Quantity   int64
	PerShopper int    // default 1
	FundedBy   string // default brand; platform needs an operator
}

// Coupon limits.
const (
	MaxCouponQuantity   = 1_000_000
	MaxCouponPerShopper = 100
)

func (in *CouponInput) check(actor Actor) error {
	if in.PerShopper == 0 {
		in.PerShopper = 1
	}
	if in.FundedBy == "" {
		in.FundedBy = FundedByBrand
	}
	in.Name = strings.TrimSpace(in.Name)
	if in.Name == "" || utf8.RuneCountInString(in.Name) > 80 || !utf8.ValidString(in.Name) {
		return fail(ErrInvalid, "a coupon needs a name of 1 to 80 characters")
	}
	c, err := money.Lookup(in.Currency)
	if err != nil {
		return fail(ErrInvalid, "unknown currency %q", in.Currency)
	}
	switch in.Kind {
	case CouponAmount:
		if in.AmountOff <= 0 || in.AmountOff > c.Max || in.PercentBps != 0 || in.MaxOff != 0 {
			return fail(ErrInvalid, "an amount-off coupon needs a positive amount off and no percentage")
		}
	case CouponPercent:
		if in.PercentBps <= 0 || in.PercentBps >= 10000 || in.AmountOff != 0 || in.MaxOff < 0 || in.MaxOff > c.Max {
			return fail(ErrInvalid, "a percent-off coupon takes 0.01 %% to 99.99 %% off, with an optional cap")
		}
	default:
		return fail(ErrInvalid, "a coupon is amount or percent off")
	}
	if in.MinSpend < 0 || in.MinSpend > c.Max {
		return fail(ErrInvalid, "the minimum spend is not valid")
	}
	if in.StartsAt.IsZero() || !in.EndsAt.After(in.StartsAt) || in.EndsAt.Sub(in.StartsAt) > 366*24*time.Hour {
		return fail(ErrInvalid, "a coupon is valid from a start to a later end, at most a year")
	}
	if in.Quantity < 1 || in.Quantity > MaxCouponQuantity || in.PerShopper < 1 || in.PerShopper > MaxCouponPerShopper {
		return fail(ErrInvalid, "a batch holds 1 to %d coupons, 1 to %d per shopper", MaxCouponQuantity, MaxCouponPerShopper)
	}
	switch in.FundedBy {
	case FundedByBrand:
	case FundedByPlatform:
		if actor.Kind != ActorAdmin {
			return fail(ErrForbidden, "only an operator issues platform-funded coupons")
		}
	default:
		return fail(ErrInvalid, "a coupon is funded by the brand or the platform")
	}
	return nil
}

const couponCols = `id, brand_id, name, kind, currency, amount_off, percent_bps, max_off, min_spend, starts_at, ends_at, quantity, claimed,
	per_shopper, funded_by, status, created_at`

func scanCoupon(sc interface{ Scan(...any) error }) (Coupon, error) {
	var c Coupon
	err := sc.Scan(&c.ID, &c.BrandID, &c.Name, &c.Kind, &c.Currency, &c.AmountOff, &c.PercentBps, &c.MaxOff, &c.MinSpend, &c.StartsAt,
		&c.EndsAt, &c.Quantity, &c.Claimed, &c.PerShopper, &c.FundedBy, &c.Status, &c.CreatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return c, fail(ErrNotFound, "no such coupon")
	}
	return c, err
}

// CreateCoupon issues a coupon batch for brandID: its staff (brand-funded)
// or an operator (either funder).
func (s *Service) CreateCoupon(ctx context.Context, brandID string, in CouponInput, actor Actor) (Coupon, error) {
	if actor.Kind != ActorBrand && actor.Kind != ActorAdmin {
		return Coupon{}, fail(ErrForbidden, "a %s cannot issue coupons", actorKind(actor.Kind))
	}
	if brandID == "" {
		return Coupon{}, fail(ErrInvalid, "a coupon belongs to a brand")
	}
	if err := in.check(actor); err != nil {
		return Coupon{}, err
	}
	t := now()
	c := Coupon{ID: store.NewID("cpn"), BrandID: brandID, Name: in.Name, Kind: in.Kind, Currency: in.Currency, AmountOff: in.AmountOff,
		PercentBps: in.PercentBps, MaxOff: in.MaxOff, MinSpend: in.MinSpend, StartsAt: in.StartsAt.UnixMicro(), EndsAt: in.EndsAt.UnixMicro(),
		Quantity: in.Quantity, PerShopper: in.PerShopper, FundedBy: in.FundedBy, Status: StatusActive, CreatedAt: t}
	_, err := s.db.ExecContext(ctx, `INSERT INTO coupons (`+couponCols+`, created_by, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 0, $13, $14, 'active', $15, $16, $15)`,
		c.ID, c.BrandID, c.Name, c.Kind, c.Currency, int64(c.AmountOff), int64(c.PercentBps), int64(c.MaxOff), int64(c.MinSpend), c.StartsAt,
		c.EndsAt, c.Quantity, c.PerShopper, c.FundedBy, t, actor.Kind+":"+actor.ID)
	return c, err
}

// Coupon returns a coupon (anyone may see a coupon they hold the id of:
// claim links show it).
func (s *Service) Coupon(ctx context.Context, id string) (Coupon, error) {
	return scanCoupon(s.db.QueryRowContext(ctx, `SELECT `+couponCols+` FROM coupons WHERE id = $1`, id))
}

// BrandCoupons lists a brand's coupons, newest first; liveOnly keeps those
// that can be claimed now.
func (s *Service) BrandCoupons(ctx context.Context, brandID string, liveOnly bool) ([]Coupon, error) {
	q := `SELECT ` + couponCols + ` FROM coupons WHERE brand_id = $1`
	args := []any{brandID}
	if liveOnly {
		q += ` AND status = 'active' AND starts_at <= $2 AND ends_at > $2 AND claimed < quantity`
		args = append(args, now())
	}
	rows, err := s.db.QueryContext(ctx, q+` ORDER BY created_at DESC, id DESC LIMIT 200`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Coupon{}
	for rows.Next() {
		c, err := scanCoupon(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// SetCouponStatus stops (or resumes) claims and use of one of the brand's
// coupons; claims already made stay, but cannot be applied while disabled.
func (s *Service) SetCouponStatus(ctx context.Context, brandID, id string, enabled bool) (Coupon, error) {
	st := "disabled"
	if enabled {
		st = "active"
	}
	res, err := s.db.ExecContext(ctx, `UPDATE coupons SET status = $3, updated_at = $4 WHERE id = $1 AND brand_id = $2`, id, brandID, st, now())
	if err != nil {
		return Coupon{}, err
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return Coupon{}, fail(ErrNotFound, "no such coupon")
	}
	return s.Coupon(ctx, id)
}

// Claim is a shopper's coupon.
type Claim struct {
	ID        string `json:"id"`
	CouponID  string `json:"couponId"`
	BrandID   string `json:"brandId"`
	ShopperID string `json:"-"`
	Via       string `json:"via"`
	Status    string `json:"status"` // available or used
	OrderID   string `json:"orderId,omitempty"`
	ClaimedAt int64  `json:"claimedAt"`
	Coupon    Coupon `json:"coupon"`
}

// Claim channels.
const (
	ClaimViaShell = "shell"
	ClaimViaChat  = "chat"
	ClaimViaApp   = "app"
	ClaimViaLink  = "link"
	ClaimViaAPI   = "api"
)

// ClaimInput is a shopper claiming a coupon. BrandID, when set (an app
// claiming for the shopper it serves), must be the coupon's brand: an app
// reaches only its installation's brand's coupons.
type ClaimInput struct {
	CouponID       string
	ShopperID      string
	Via            string
	BrandID        string
	InstallationID string
}

// ClaimCoupon gives the shopper one coupon of the batch, or says why not:
// ErrCouponSoldOut, ErrCouponLimit, ErrCouponNotValid (disabled, not
// started, ended).
func (s *Service) ClaimCoupon(ctx context.Context, in ClaimInput) (Claim, error) {
	if in.ShopperID == "" || in.CouponID == "" {
		return Claim{}, fail(ErrInvalid, "a claim needs a shopper and a coupon")
	}
	switch in.Via {
	case ClaimViaShell, ClaimViaChat, ClaimViaApp, ClaimViaLink, ClaimViaAPI:
	default:
		return Claim{}, fail(ErrInvalid, "unknown claim channel %q", in.Via)
	}
	return store.InTxValue(ctx, s.db, func(tx *store.Tx) (Claim, error) {
		t := now()
		res, err := tx.ExecContext(ctx, `UPDATE coupons SET claimed = claimed + 1, updated_at = $2 WHERE id = $1 AND status = 'active'
			AND starts_at <= $2 AND ends_at > $2 AND claimed < quantity AND ($3 = '' OR brand_id = $3)`, in.CouponID, t, in.BrandID)
		if err != nil {
			return Claim{}, err
		}
		c, err := scanCoupon(tx.QueryRowContext(ctx, `SELECT `+couponCols+` FROM coupons WHERE id = $1`, in.CouponID))
		if err != nil {
			return Claim{}, err
		}
		if in.BrandID != "" && c.BrandID != in.BrandID {
			return Claim{}, fail(ErrNotFound, "no such coupon")
		}
		if n, _ := res.RowsAffected(); n != 1 {
			if c.Live(t) && c.Claimed >= c.Quantity {
				return Claim{}, fail(ErrCouponSoldOut, "")
			}
			return Claim{}, fail(ErrCouponNotValid, "")
		}
		var held int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM coupon_claims WHERE coupon_id = $1 AND shopper_id = $2`, c.ID, in.ShopperID).
			Scan(&held); err != nil {
			return Claim{}, err
		}
		if held >= c.PerShopper {
			return Claim{}, fail(ErrCouponLimit, "at most %d per shopper", c.PerShopper)
		}
		cl := Claim{ID: store.NewID("ccl"), CouponID: c.ID, BrandID: c.BrandID, ShopperID: in.ShopperID, Via: in.Via, Status: "available",
			ClaimedAt: t, Coupon: c}
		_, err = tx.ExecContext(ctx, `INSERT INTO coupon_claims (id, coupon_id, brand_id, shopper_id, via, installation_id, status, claimed_at)
			VALUES ($1, $2, $3, $4, $5, $6, 'available', $7)`, cl.ID, cl.CouponID, cl.BrandID, cl.ShopperID, cl.Via, in.InstallationID, t)
		return cl, err
	})
}

// MyCoupons lists the shopper's claims (with their coupons), newest first;
// brandID narrows to one brand, availableOnly to those not used.
func (s *Service) MyCoupons(ctx context.Context, shopperID, brandID string, availableOnly bool) ([]Claim, error) {
	q := `SELECT k.id, k.coupon_id, k.brand_id, k.shopper_id, k.via, k.status, k.order_id, k.claimed_at, ` + prefixCols("c.", couponCols) + `
		FROM coupon_claims k JOIN coupons c ON c.id = k.coupon_id WHERE k.shopper_id = $1 AND ($2 = '' OR k.brand_id = $2)`
	if availableOnly {
		q += ` AND k.status = 'available'`
	}
	rows, err := s.db.QueryContext(ctx, q+` ORDER BY k.claimed_at DESC, k.id DESC LIMIT 200`, shopperID, brandID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Claim{}
	for rows.Next() {
		var k Claim
		c := &k.Coupon
		if err := rows.Scan(&k.ID, &k.CouponID, &k.BrandID, &k.ShopperID, &k.Via, &k.Status, &k.OrderID, &k.ClaimedAt, &c.ID, &c.BrandID,
			&c.Name, &c.Kind, &c.Currency, &c.AmountOff, &c.PercentBps, &c.MaxOff, &c.MinSpend, &c.StartsAt, &c.EndsAt, &c.Quantity,
			&c.Claimed, &c.PerShopper, &c.FundedBy, &c.Status, &c.CreatedAt); err != nil {
			return nil, err
		}
		out = append(out, k)
	}
	return out, rows.Err()
}

func prefixCols(p, cols string) string {
	parts := strings.Split(cols, ",")
	for i, c := range parts {
		parts[i] = p + strings.TrimSpace(c)
	}
	return strings.Join(parts, ", ")
}
