package console

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/soukhq/souk/payments"
	"github.com/soukhq/souk/payments/money"
	"github.com/soukhq/souk/web/site"
)

// --- Merchant incentive campaigns (admin) ---
//
// An operator starts a campaign: its qualifying rule (payment-code
// payments of at least a minimum), the points per payment, a point's
// value, the caps per brand per day and per brand overall, and how long it
// runs; and switches it off. Brands see and redeem their points on their
// own points page (payments/payments_incentive.go has the rules).

type campaignRow struct {
	ID, Name, MinAmount, PointValue, Window, Status string
	PointsPerPayment, DailyCap, BrandCap            int64
}

type campaignForm struct {
	Name, Currency, MinAmount, PointsPerPayment, PointValue, DailyCap, BrandCap, Days string
}

type campaignsPage struct {
	Rows []campaignRow
	Form campaignForm
}

func defaultCampaignForm() campaignForm {
	return campaignForm{Currency: "USD", MinAmount: "10.00", PointsPerPayment: "10", PointValue: "0.01", DailyCap: "100", BrandCap: "1000", Days: "30"}
}

func (p *ops) renderCampaigns(r *site.Req, status int, f campaignForm, edit func(*site.Page)) error {
	cs, err := p.Payments.Campaigns(r.Context())
	if err != nil {
		return err
	}
	d := campaignsPage{Form: f}
	for _, c := range cs {
		cur := money.MustLookup(c.Currency)
		d.Rows = append(d.Rows, campaignRow{ID: c.ID, Name: c.Name, MinAmount: money.Format(cur, c.MinAmount) + " " + c.Currency,
			PointValue: money.Format(cur, c.PointValue) + " " + c.Currency, Window: fmtTime(c.StartsAt) + " – " + fmtTime(c.EndsAt),
			Status: c.Status, PointsPerPayment: c.PointsPerPayment, DailyCap: c.DailyCap, BrandCap: c.BrandCap})
	}
	return p.render(r, status, "campaigns", "ops.campaigns.title", d, edit)
}

func (p *ops) campaigns(r *site.Req) error {
	return p.renderCampaigns(r, http.StatusOK, defaultCampaignForm(), nil)
}

func (p *ops) createCampaign(r *site.Req) error {
	v := func(k string) string { return strings.TrimSpace(r.FormValue(k)) }
	f := campaignForm{Name: v("name"), Currency: strings.ToUpper(v("currency")), MinAmount: v("min_amount"), PointsPerPayment: v("points_per_payment"),
		PointValue: v("point_value"), DailyCap: v("daily_cap"), BrandCap: v("brand_cap"), Days: v("days")}
	bad := func() error {
		return p.renderCampaigns(r, http.StatusUnprocessableEntity, f, func(pg *site.Page) { pg.Error = r.L.T("ops.campaigns.bad") })
	}
	cur, err := money.Lookup(f.Currency)
	if err != nil {
		return bad()
	}
	minAmt, err1 := money.Parse(cur, f.MinAmount)
	pv, err2 := money.ParsePositive(cur, f.PointValue)
	per, err3 := strconv.ParseInt(f.PointsPerPayment, 10, 64)
	daily, err4 := strconv.ParseInt(f.DailyCap, 10, 64)
	brand, err5 := strconv.ParseInt(f.BrandCap, 10, 64)
	days, err6 := strconv.Atoi(f.Days)
	if err1 != nil || err2 != nil || err3 != nil || err4 != nil || err5 != nil || err6 != nil || days < 1 || days > 366 {
		return bad()
	}
	now := time.Now()
	c, err := p.Payments.CreateCampaign(r.Context(), payments.Campaign{Name: f.Name, Rule: payments.RulePayCode, Currency: cur.Code,
		MinAmount: minAmt, PointsPerPayment: per, PointValue: pv, DailyCap: daily, BrandCap: brand, StartsAt: now.UnixMicro(),
		EndsAt: now.Add(time.Duration(days) * 24 * time.Hour).UnixMicro(), CreatedBy: r.UserID()})
	if payments.Code(err) != "" {
		return bad()
	}
	if err != nil {
		return err
	}
	return p.renderCampaigns(r, http.StatusOK, defaultCampaignForm(), func(pg *site.Page) { pg.Notice = r.L.T("ops.campaigns.created", c.Name) })
}

func (p *ops) setCampaignStatus(r *site.Req) error {
	c, err := p.Payments.SetCampaignStatus(r.Context(), r.Params("campaignId"), r.FormValue("status") == "active")
	if payments.Code(err) == payments.ErrCampaignNotFound.Code {
		return r.NotFound()
	}
	if err != nil {
		return err
	}
	return p.renderCampaigns(r, http.StatusOK, defaultCampaignForm(), func(pg *site.Page) { pg.Notice = r.L.T("ops.campaigns.status_saved", c.Name) })
}
