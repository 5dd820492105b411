package payments

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"github.com/soukhq/souk/internal/fault"
	"github.com/soukhq/souk/payments/ledger"
	"github.com/soukhq/souk/payments/money"
	"github.com/soukhq/souk/store"
)

// Merchant incentives ("gifts upon payment"). An operator runs a campaign
// that awards a brand PointsPerPayment points for each qualifying payment
// it receives — rule "paycode": a payment-code payment in Currency of at
// least MinAmount, made while the campaign is live (StartsAt ≤ t < EndsAt,
// active). The award is made in the payment's own transaction (it commits
// with the payment or not at all) and is capped per brand:
//
//	award = min(PointsPerPayment, DailyCap - awarded today (UTC), BrandCap - awarded in all)
//
// (a cap of 0 is no cap); a payment that finds a cap reached gets what is
// left, possibly nothing. The counters are rows locked in the payment's
// transaction, so concurrent payments never pass a cap.
//
// Each campaign is its own points programme (CampaignProgramme): its points
// are worth PointValue minor units of Currency and only its own. A brand
// redeems n of them for a fee rebate of n × PointValue, paid in one
// transaction from the platform's marketing account to the brand's
// settlement account (no rounding: points are whole).

// Campaign rules.
const RulePayCode = "paycode"

// Campaign is an operator's merchant incentive campaign.
type Campaign struct {
	ID               string       `json:"id"`
	Name             string       `json:"name"`
	Rule             string       `json:"rule"`
	Currency         string       `json:"currency"`
	MinAmount        money.Amount `json:"min_amount"`
	PointsPerPayment int64        `json:"points_per_payment"`
	PointValue       money.Amount `json:"point_value"`
	DailyCap         int64        `json:"daily_cap"`
	BrandCap         int64        `json:"brand_cap"`
	StartsAt         int64        `json:"starts_at"`
	EndsAt           int64        `json:"ends_at"`
	Status           string       `json:"status"`
	CreatedBy        string       `json:"created_by"`
	CreatedAt        int64        `json:"created_at"`
}

// Campaign rejections.
var (
	ErrCampaignNotFound = fault.New(fault.NotFound, "campaign_not_found", "no such campaign")
	ErrInvalidCampaign  = fault.New(fault.Invalid, "invalid_campaign", "the campaign is not valid")
)

const campaignCols = `id, name, rule, currency, min_amount, points_per_payment, point_value, daily_cap, brand_cap, starts_at, ends_at,
	status, created_by, created_at`

func scanCampaign(sc interface{ Scan(...any) error }) (Campaign, error) {
	var c Campaign
	err := sc.Scan(&c.ID, &c.Name, &c.Rule, &c.Currency, &c.MinAmount, &c.PointsPerPayment, &c.PointValue, &c.DailyCap, &c.BrandCap,
		&c.StartsAt, &c.EndsAt, &c.Status, &c.CreatedBy, &c.CreatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return c, fail(ErrCampaignNotFound, "")
	}
	return c, err
}

// CreateCampaign validates and stores c (operator): ID, Status and
// CreatedAt are set here.
func (s *Service) CreateCampaign(ctx context.Context, c Campaign) (Campaign, error) {
	c.Name = strings.TrimSpace(c.Name)
	if c.Rule == "" {
		c.Rule = RulePayCode
	}
	cur, err := money.Lookup(c.Currency)
	switch {
	case c.Name == "" || len(c.Name) > 200:
		return c, fail(ErrInvalidCampaign, "a name of 1..200 characters is required")
	case c.Rule != RulePayCode:
		return c, fail(ErrInvalidCampaign, "the only qualifying rule is %q", RulePayCode)
	case err != nil:
		return c, fail(ErrUnknownCurrency, "%q", c.Currency)
	case c.MinAmount < 0 || c.MinAmount > cur.Max:
		return c, fail(ErrInvalidCampaign, "the minimum payment is out of range")
	case c.PointsPerPayment <= 0 || c.PointsPerPayment > 1_000_000:
		return c, fail(ErrInvalidCampaign, "points per payment must be 1..1000000")
	case c.PointValue <= 0 || c.PointValue > cur.Max/1_000_000:
		return c, fail(ErrInvalidCampaign, "a point's value must be positive and at most a millionth of the currency's maximum")
	case c.DailyCap < 0 || c.BrandCap < 0 || c.DailyCap > int64(money.PointsMax) || c.BrandCap > int64(money.PointsMax):
		return c, fail(ErrInvalidCampaign, "caps must be 0 (none) or positive")
	case c.EndsAt <= c.StartsAt || c.StartsAt <= 0:
		return c, fail(ErrInvalidCampaign, "the campaign must end after it starts")
	}
	c.ID, c.Status, c.CreatedAt = store.NewID("cmp"), "active", s.now()
	_, err = s.db.ExecContext(ctx, `INSERT INTO points_campaigns (`+campaignCols+`, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14)`, c.ID, c.Name, c.Rule, c.Currency, int64(c.MinAmount),
		c.PointsPerPayment, int64(c.PointValue), c.DailyCap, c.BrandCap, c.StartsAt, c.EndsAt, c.Status, c.CreatedBy, c.CreatedAt)
	return c, err
}

// Campaign returns one campaign.
func (s *Service) Campaign(ctx context.Context, id string) (Campaign, error) {
	return scanCampaign(s.db.QueryRowContext(ctx, `SELECT `+campaignCols+` FROM points_campaigns WHERE id = $1`, id))
}

// Campaigns lists campaigns newest first (at most 200).
func (s *Service) Campaigns(ctx context.Context) ([]Campaign, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+campaignCols+` FROM points_campaigns ORDER BY created_at DESC, id DESC LIMIT 200`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Campaign{}
	for rows.Next() {
		c, err := scanCampaign(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// SetCampaignStatus enables or disables a campaign (operator).
func (s *Service) SetCampaignStatus(ctx context.Context, id string, active bool) (Campaign, error) {
	st := map[bool]string{true: "active", false: "disabled"}[active]
	res, err := s.db.ExecContext(ctx, `UPDATE points_campaigns SET status = $2, updated_at = $3 WHERE id = $1`, id, st, s.now())
	if err != nil {
		return Campaign{}, err
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return Campaign{}, fail(ErrCampaignNotFound, "")
	}
	return s.Campaign(ctx, id)
}

// awardCampaignsTx is the hook PayPayCode runs in the payment's
// transaction: every live paycode campaign the payment qualifies for
// awards the brand its points, within the caps.
func (s *Service) awardCampaignsTx(ctx context.Context, tx *store.Tx, p PayCodePayment) error {
	rows, err := tx.QueryContext(ctx, `SELECT `+campaignCols+` FROM points_campaigns WHERE rule = 'paycode' AND currency = $1
		AND status = 'active' AND starts_at <= $2 AND ends_at > $2 AND min_amount <= $3 ORDER BY id`, p.Currency, p.CreatedAt, int64(p.Amount))
	if err != nil {
		return err
	}
	var cs []Campaign
	for rows.Next() {
		c, err := scanCampaign(rows)
		if err != nil {
			rows.Close()
			return err
		}
		cs = append(cs, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	day := time.UnixMicro(p.CreatedAt).UTC().Format(time.DateOnly)
	for _, c := range cs {
		n := c.PointsPerPayment
		for _, k := range []struct {
			day string
			cap int64
		}{{day, c.DailyCap}, {"", c.BrandCap}} {
			if _, err := tx.ExecContext(ctx, `INSERT INTO points_campaign_counters (campaign_id, brand_id, day, awarded) VALUES ($1, $2, $3, 0)
				ON CONFLICT (campaign_id, brand_id, day) DO NOTHING`, c.ID, p.BrandID, k.day); err != nil {
				return err
			}
			var awarded int64
			if err := tx.QueryRowContext(ctx, `SELECT awarded FROM points_campaign_counters WHERE campaign_id = $1 AND brand_id = $2 AND day = $3`+
				forUpdate(tx), c.ID, p.BrandID, k.day).Scan(&awarded); err != nil {
				return err
			}
			if k.cap > 0 {
				n = min(n, max(k.cap-awarded, 0))
			}
		}
		if n <= 0 {
			continue
		}
		if _, err := tx.ExecContext(ctx, `UPDATE points_campaign_counters SET awarded = awarded + $4 WHERE campaign_id = $1 AND brand_id = $2
			AND day IN ($3, '')`, c.ID, p.BrandID, day, n); err != nil {
			return err
		}
		id := store.NewID("pca")
		if _, err := tx.ExecContext(ctx, `INSERT INTO points_campaign_awards (id, campaign_id, brand_id, payment_id, points, created_at)
			VALUES ($1, $2, $3, $4, $5, $6)`, id, c.ID, p.BrandID, p.ID, n, p.CreatedAt); err != nil {
			return err
		}
		if err := s.MovePointsTx(ctx, tx, "points:award:"+id, CampaignProgramme(c.ID), PointsIssued, p.BrandID, n, "points_award",
			"paycode:"+p.ID); err != nil {
			return err
		}
	}
	return nil
}

// BrandCampaignPoints is a brand's points in one campaign.
type BrandCampaignPoints struct {
	Campaign Campaign     `json:"campaign"`
	Points   int64        `json:"points"`
	Value    money.Amount `json:"value"` // Points × PointValue, in the campaign's currency
}

// BrandIncentivePoints lists the campaigns a brand holds or held points of.
func (s *Service) BrandIncentivePoints(ctx context.Context, brandID string) ([]BrandCampaignPoints, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT DISTINCT campaign_id FROM points_campaign_awards WHERE brand_id = $1`, brandID)
	if err != nil {
		return nil, err
	}
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, err
		}
		ids = append(ids, id)
	}
	rows.Close()
	out := []BrandCampaignPoints{}
	for _, id := range ids {
		c, err := s.Campaign(ctx, id)
		if err != nil {
			return nil, err
		}
		n, err := s.PointsBalance(ctx, s.db, CampaignProgramme(id), brandID)
		if err != nil {
			return nil, err
		}
		out = append(out, BrandCampaignPoints{Campaign: c, Points: n, Value: money.Amount(n) * c.PointValue})
	}
	return out, nil
}

// Rebate is points a brand redeemed for a fee rebate.
type Rebate struct {
	ID         string       `json:"id"`
	CampaignID string       `json:"campaign_id"`
	BrandID    string       `json:"brand_id"`
	Points     int64        `json:"points"`
	Currency   string       `json:"currency"`
	Amount     money.Amount `json:"amount"`
	CreatedBy  string       `json:"created_by"`
	CreatedAt  int64        `json:"created_at"`
}

// RedeemRebate turns n of the brand's points of campaignID into a fee
// rebate of n × PointValue: the points go to the programme's redeemed
// account and the marketing account pays the brand's settlement account,
// in one transaction. Short of points is insufficient_funds; nothing moves.
func (s *Service) RedeemRebate(ctx context.Context, brandID, campaignID string, n int64, by string) (Rebate, error) {
	c, err := s.Campaign(ctx, campaignID)
	if err != nil {
		return Rebate{}, err
	}
	if n <= 0 || n > int64(money.PointsMax)/int64(c.PointValue) {
		return Rebate{}, fail(ErrInvalidAmount, "redeem a positive number of points")
	}
	r := Rebate{ID: store.NewID("rbt"), CampaignID: c.ID, BrandID: brandID, Points: n, Currency: c.Currency,
		Amount: money.Amount(n) * c.PointValue, CreatedBy: by, CreatedAt: s.now()}
	err = s.db.InTx(ctx, func(tx *store.Tx) error {
		if err := s.MovePointsTx(ctx, tx, "points:rebate:"+r.ID, CampaignProgramme(c.ID), brandID, PointsRedeemed, n, "points_rebate",
			"rebate:"+r.ID); err != nil {
			return err
		}
		mk, brand := MarketingAccount(c.Currency), BrandAccount(brandID, c.Currency)
		if err := s.ensure(ctx, tx, mk, brand); err != nil {
			return err
		}
		if _, err := s.l.TransferTx(ctx, tx, ledger.Transfer{ID: "rebate:" + r.ID, DebitAccountID: mk, CreditAccountID: brand,
			Amount: int64(r.Amount), Currency: c.Currency, Code: "fee_rebate", Reference: "rebate:" + r.ID}); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO points_rebates (id, campaign_id, brand_id, points, currency, amount, created_by, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, r.ID, r.CampaignID, r.BrandID, r.Points, r.Currency, int64(r.Amount), r.CreatedBy, r.CreatedAt)
		return err
	})
	if err != nil {
		return Rebate{}, err
	}
	return r, nil
}

// Rebates lists a brand's rebates newest first (at most 200).
func (s *Service) Rebates(ctx context.Context, brandID string) ([]Rebate, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, campaign_id, brand_id, points, currency, amount, created_by, created_at FROM points_rebates
		WHERE brand_id = $1 ORDER BY created_at DESC, id DESC LIMIT 200`, brandID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Rebate{}
	for rows.Next() {
		var r Rebate
		if err := rows.Scan(&r.ID, &r.CampaignID, &r.BrandID, &r.Points, &r.Currency, &r.Amount, &r.CreatedBy, &r.CreatedAt); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}
