package console

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/soukhq/souk/commerce"
	"github.com/soukhq/souk/payments/money"
	"github.com/soukhq/souk/web/site"
)

// The coupons page (issue 17): the brand's coupon batches with how many
// were claimed, a form to issue a brand-funded batch, a switch to stop one,
// and a claim link for each. Platform-funded coupons are issued by
// operators (the API's admin route); they show here too.

type couponRow struct {
	ID, Name, Off, MinSpend, Window, FundedBy, Status string
	Quantity, Claimed                                 int64
	PerShopper                                        int
}

type couponsData struct {
	Rows      []couponRow
	Form      couponForm
	CanManage bool
}

type couponForm struct {
	Name, Kind, Currency, AmountOff, Percent, MaxOff, MinSpend, Days, Quantity, PerShopper string
}

func couponOffText(r *site.Req, c commerce.Coupon) string {
	cur := money.MustLookup(c.Currency)
	if c.Kind == commerce.CouponAmount {
		return r.L.T("coupon.amount_off", money.Format(cur, c.AmountOff)+" "+c.Currency)
	}
	pct := bpsPercent(int64(c.PercentBps))
	if c.MaxOff > 0 {
		return r.L.T("coupon.percent_off_cap", pct, money.Format(cur, c.MaxOff)+" "+c.Currency)
	}
	return r.L.T("coupon.percent_off", pct)
}

func (p *seller) coupons(r *site.Req, b brandCtx) error {
	return p.showCoupons(r, b, http.StatusOK, couponForm{Kind: "amount", Currency: "USD", Days: "30", Quantity: "100", PerShopper: "1"}, "", "")
}

func (p *seller) showCoupons(r *site.Req, b brandCtx, status int, f couponForm, errMsg, notice string) error {
	d := couponsData{Form: f, CanManage: b.CanManage}
	cs, err := p.Commerce.BrandCoupons(r.Context(), b.ID, false)
	if err != nil {
		return err
	}
	for _, c := range cs {
		row := couponRow{ID: c.ID, Name: c.Name, Off: couponOffText(r, c), Window: fmtTime(c.StartsAt) + " – " + fmtTime(c.EndsAt),
			FundedBy: c.FundedBy, Status: c.Status, Quantity: c.Quantity, Claimed: c.Claimed, PerShopper: c.PerShopper}
		if c.MinSpend > 0 {
			row.MinSpend = money.Format(money.MustLookup(c.Currency), c.MinSpend) + " " + c.Currency
		}
		d.Rows = append(d.Rows, row)
	}
	return p.render(r, status, "coupons", "seller.coupons.title", b, d, func(pg *site.Page) { pg.Error, pg.Notice = errMsg, notice })
}

func (p *seller) createCoupon(r *site.Req, b brandCtx) error {
	f := couponForm{Name: strings.TrimSpace(r.FormValue("name")), Kind: r.FormValue("kind"), Currency: strings.ToUpper(strings.TrimSpace(r.FormValue("currency"))),
		AmountOff: strings.TrimSpace(r.FormValue("amount_off")), Percent: strings.TrimSpace(r.FormValue("percent")),
		MaxOff: strings.TrimSpace(r.FormValue("max_off")), MinSpend: strings.TrimSpace(r.FormValue("min_spend")),
		Days: strings.TrimSpace(r.FormValue("days")), Quantity: strings.TrimSpace(r.FormValue("quantity")),
		PerShopper: strings.TrimSpace(r.FormValue("per_shopper"))}
	bad := func() error {
		return p.showCoupons(r, b, http.StatusUnprocessableEntity, f, r.L.T("seller.coupons.bad"), "")
	}
	cur, err := money.Lookup(f.Currency)
	if err != nil {
		return bad()
	}
	amt := func(s string) (money.Amount, bool) {
		if s == "" {
			return 0, true
		}
		a, err := money.ParsePositive(cur, s)
		return a, err == nil
	}
	days, err1 := strconv.Atoi(f.Days)
	qty, err2 := strconv.ParseInt(f.Quantity, 10, 64)
	per, err3 := strconv.Atoi(f.PerShopper)
	if err1 != nil || err2 != nil || err3 != nil || days < 1 || days > 366 {
		return bad()
	}
	now := time.Now()
	in := commerce.CouponInput{Name: f.Name, Kind: f.Kind, Currency: cur.Code, StartsAt: now, EndsAt: now.Add(time.Duration(days) * 24 * time.Hour),
		Quantity: qty, PerShopper: per}
	var ok bool
	if in.MinSpend, ok = amt(f.MinSpend); !ok {
		return bad()
	}
	if f.Kind == commerce.CouponPercent {
		bps, good := parsePercent(f.Percent)
		if !good {
			return bad()
		}
		in.PercentBps = money.Bps(bps)
		if in.MaxOff, ok = amt(f.MaxOff); !ok {
			return bad()
		}
	} else if in.AmountOff, ok = amt(f.AmountOff); !ok {
		return bad()
	}
	c, err := p.Commerce.CreateCoupon(r.Context(), b.ID, in, commerce.Actor{Kind: commerce.ActorBrand, ID: r.UserID(), Brand: b.ID})
	if commerce.Code(err) != "" {
		return bad()
	}
	if err != nil {
		return err
	}
	return p.showCoupons(r, b, http.StatusOK, couponForm{Kind: f.Kind, Currency: f.Currency, Days: f.Days, Quantity: f.Quantity, PerShopper: f.PerShopper},
		"", r.L.T("seller.coupons.created", c.Name))
}

func (p *seller) setCouponStatus(r *site.Req, b brandCtx) error {
	c, err := p.Commerce.SetCouponStatus(r.Context(), b.ID, r.Params("couponId"), r.FormValue("status") == "active")
	if commerce.Code(err) == commerce.ErrNotFound.Code {
		return r.NotFound()
	}
	if err != nil {
		return err
	}
	return p.showCoupons(r, b, http.StatusOK, couponForm{Kind: "amount", Currency: c.Currency, Days: "30", Quantity: "100", PerShopper: "1"},
		"", r.L.T("seller.coupons.status_"+c.Status, c.Name))
}

// couponLink makes (or finds) the coupon's claim link and shows the links page.
func (p *seller) couponLink(r *site.Req, b brandCtx) error {
	l, err := p.Commerce.CreateLink(r.Context(), commerce.NewLink{BrandID: b.ID, Kind: commerce.LinkCoupon, Target: r.Params("couponId"), CreatedBy: r.UserID()})
	if commerce.Code(err) == commerce.ErrNotFound.Code {
		return r.NotFound()
	}
	if err != nil {
		return err
	}
	return p.showLinks(r, b, http.StatusOK, "", r.L.T("seller.links.created", l.Code))
}
