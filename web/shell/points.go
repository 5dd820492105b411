package shell

import (
	"net/http"
	"strings"

	"github.com/soukhq/souk/web/site"
)

// The shopper's loyalty points: per brand what they hold, what it is worth
// and when the next points expire; per brand a statement of every earn,
// redemption, return and expiry (the ledger's movements).

type pointsBrand struct {
	Href, Brand, Points, Value, Expiry string
}

type pointsEntry struct {
	When, What, Points string
	In                 bool
}

type pointsData struct {
	Brands    []pointsBrand
	Brand     string // set on a brand's statement
	Statement []pointsEntry
}

func (p *pages) pointsPage(r *site.Req) error {
	ps, err := p.Apps.Commerce.MyPoints(r.Context(), r.UserID())
	if err != nil {
		return err
	}
	names := &orderNames{p: p, r: r, brands: map[string]string{}, apps: map[string]string{}}
	var d pointsData
	for _, sp := range ps {
		b := pointsBrand{Href: "/points/" + sp.BrandID, Brand: names.brand(sp.BrandID), Points: r.L.T("points.count", sp.Points)}
		if sp.Currency != "" {
			b.Value = amount(sp.Currency, int64(sp.Value))
		}
		if sp.NextExpiry > 0 {
			b.Expiry = r.L.T("points.expiring", sp.Expiring, when(sp.NextExpiry))
		}
		d.Brands = append(d.Brands, b)
	}
	return r.Render(p.t, http.StatusOK, "points", r.Page("wallet", "points.title", d))
}

func (p *pages) pointsStatement(r *site.Req) error {
	brandID := r.Params("brand")
	es, err := p.Apps.Commerce.MyPointsStatement(r.Context(), r.UserID(), brandID, 200)
	if err != nil {
		return err
	}
	names := &orderNames{p: p, r: r, brands: map[string]string{}, apps: map[string]string{}}
	d := pointsData{Brand: names.brand(brandID)}
	if d.Brand == "" && len(es) == 0 {
		return r.NotFound()
	}
	for _, e := range es {
		what := r.L.T("points.code." + strings.TrimPrefix(e.Code, "points_"))
		d.Statement = append(d.Statement, pointsEntry{When: when(e.At), What: what, Points: r.L.T("points.count", e.Points), In: e.Points > 0})
	}
	return r.Render(p.t, http.StatusOK, "points", r.Page("wallet", "points.title", d))
}
