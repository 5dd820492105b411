package console

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/soukhq/souk/commerce"
	"github.com/soukhq/souk/payments"
	"github.com/soukhq/souk/payments/money"
	"github.com/soukhq/souk/web/site"
)

// The points page (issue 17): the brand's shopper loyalty settings (earn
// rate, point value, expiry) with the liability its shoppers' points are,
// and its merchant incentive points per operator campaign with a form to
// redeem them for a fee rebate.

type loyaltyForm struct {
	Status, Currency, EarnPerUnit, PointValue, ExpiryDays string
}

type incentiveRow struct {
	CampaignID, Name, Value, PointValue string
	Points                              int64
}

type pointsPageData struct {
	Form            loyaltyForm
	LiabilityPoints int64
	LiabilityValue  string
	Incentives      []incentiveRow
}

func (p *seller) points(r *site.Req, b brandCtx) error {
	f := loyaltyForm{Status: "disabled", Currency: "USD", EarnPerUnit: "1", PointValue: "0.01", ExpiryDays: "365"}
	if lp, err := p.Commerce.Loyalty(r.Context(), b.ID); err == nil {
		f = loyaltyForm{Status: lp.Status, Currency: lp.Currency, EarnPerUnit: strconv.FormatInt(lp.EarnPerUnit, 10),
			PointValue: money.Format(money.MustLookup(lp.Currency), lp.PointValue), ExpiryDays: strconv.Itoa(lp.ExpiryDays)}
	}
	return p.showPoints(r, b, http.StatusOK, f, "", "")
}

func (p *seller) showPoints(r *site.Req, b brandCtx, status int, f loyaltyForm, errMsg, notice string) error {
	d := pointsPageData{Form: f}
	l, err := p.Commerce.Liability(r.Context(), b.ID)
	if err != nil {
		return err
	}
	d.LiabilityPoints = l.Points
	if l.Currency != "" {
		d.LiabilityValue = money.Format(money.MustLookup(l.Currency), l.Value) + " " + l.Currency
	}
	ps, err := p.pay().BrandIncentivePoints(r.Context(), b.ID)
	if err != nil {
		return err
	}
	for _, x := range ps {
		cur := money.MustLookup(x.Campaign.Currency)
		d.Incentives = append(d.Incentives, incentiveRow{CampaignID: x.Campaign.ID, Name: x.Campaign.Name, Points: x.Points,
			Value: money.Format(cur, x.Value) + " " + cur.Code, PointValue: money.Format(cur, x.Campaign.PointValue) + " " + cur.Code})
	}
	return p.render(r, status, "points", "seller.points.title", b, d, func(pg *site.Page) { pg.Error, pg.Notice = errMsg, notice })
}

func (p *seller) saveLoyalty(r *site.Req, b brandCtx) error {
	f := loyaltyForm{Status: r.FormValue("status"), Currency: strings.ToUpper(strings.TrimSpace(r.FormValue("currency"))),
		EarnPerUnit: strings.TrimSpace(r.FormValue("earn_per_unit")), PointValue: strings.TrimSpace(r.FormValue("point_value")),
		ExpiryDays: strings.TrimSpace(r.FormValue("expiry_days"))}
	bad := func() error {
		return p.showPoints(r, b, http.StatusUnprocessableEntity, f, r.L.T("seller.points.bad"), "")
	}
	cur, err := money.Lookup(f.Currency)
	if err != nil {
		return bad()
	}
	earn, err1 := strconv.ParseInt(f.EarnPerUnit, 10, 64)
	days, err2 := strconv.Atoi(f.ExpiryDays)
	pv, err3 := money.ParsePositive(cur, f.PointValue)
	if err1 != nil || err2 != nil || err3 != nil {
		return bad()
	}
	_, err = p.Commerce.SetLoyalty(r.Context(), commerce.LoyaltyProgramme{BrandID: b.ID, Status: f.Status, Currency: cur.Code, EarnPerUnit: earn,
		PointValue: pv, ExpiryDays: days})
	if commerce.Code(err) != "" {
		return bad()
	}
	if err != nil {
		return err
	}
	return p.showPoints(r, b, http.StatusOK, f, "", r.L.T("seller.points.saved"))
}

func (p *seller) redeemRebate(r *site.Req, b brandCtx) error {
	n, err := strconv.ParseInt(strings.TrimSpace(r.FormValue("points")), 10, 64)
	f := loyaltyForm{Status: "disabled", Currency: "USD", EarnPerUnit: "1", PointValue: "0.01", ExpiryDays: "365"}
	if lp, lerr := p.Commerce.Loyalty(r.Context(), b.ID); lerr == nil {
		f = loyaltyForm{Status: lp.Status, Currency: lp.Currency, EarnPerUnit: strconv.FormatInt(lp.EarnPerUnit, 10),
			PointValue: money.Format(money.MustLookup(lp.Currency), lp.PointValue), ExpiryDays: strconv.Itoa(lp.ExpiryDays)}
	}
	if err != nil || n <= 0 {
		return p.showPoints(r, b, http.StatusUnprocessableEntity, f, r.L.T("seller.points.rebate_bad"), "")
	}
	rb, err := p.pay().RedeemRebate(r.Context(), b.ID, r.FormValue("campaign_id"), n, r.UserID())
	if payments.Code(err) != "" {
		return p.showPoints(r, b, http.StatusUnprocessableEntity, f, r.L.T("seller.points.rebate_bad"), "")
	}
	if err != nil {
		return err
	}
	return p.showPoints(r, b, http.StatusOK, f, "", r.L.T("seller.points.rebated", rb.Points,
		money.Format(money.MustLookup(rb.Currency), rb.Amount)+" "+rb.Currency))
}
