package console

import (
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/soukhq/souk/payments"
	"github.com/soukhq/souk/payments/money"
	"github.com/soukhq/souk/web/site"
)

// --- FX (admin): rates with their source and time, a form to enter one,
// and the platform's FX position per currency (docs/FX.md) ---

type fxRateRow struct {
	Pair, Rate, Source, AsOf, Recorded string
}

type fxPositionRow struct {
	Currency, Position, Residue string
	Short                       bool
}

type fxPage struct {
	Rates                 []fxRateRow
	Positions             []fxPositionRow
	Currencies            []string
	Base, Quote, RateText string
}

func fxTime(us int64) string { return time.UnixMicro(us).UTC().Format("2006-01-02 15:04:05 UTC") }

func (p *ops) renderFX(r *site.Req, status int, d fxPage, edit func(*site.Page)) error {
	rates, err := p.Payments.Rates(r.Context())
	if err != nil {
		return err
	}
	for _, x := range rates {
		d.Rates = append(d.Rates, fxRateRow{Pair: x.Base + "/" + x.Quote, Rate: "1 " + x.Base + " = " + x.Rate + " " + x.Quote,
			Source: x.Source, AsOf: fxTime(x.AsOf), Recorded: fxTime(x.CreatedAt)})
	}
	pos, err := p.Payments.FXPositions(r.Context())
	if err != nil {
		return err
	}
	for _, x := range pos {
		c := money.MustLookup(x.Currency)
		d.Positions = append(d.Positions, fxPositionRow{Currency: x.Currency, Position: money.Format(c, x.Position) + " " + x.Currency,
			Residue: money.Format(c, x.Residue) + " " + x.Currency, Short: x.Position < 0})
	}
	for _, c := range money.Currencies() {
		d.Currencies = append(d.Currencies, c.Code)
	}
	slices.Sort(d.Currencies)
	if d.Base == "" {
		d.Base, d.Quote = "USD", "JPY"
	}
	return p.render(r, status, "fx", "ops.fx.title", d, edit)
}

func (p *ops) fx(r *site.Req) error { return p.renderFX(r, http.StatusOK, fxPage{}, nil) }

// recordFXRate is POST /api/v1/admin/fx/rates for the page.
func (p *ops) recordFXRate(r *site.Req) error {
	d := fxPage{Base: r.FormValue("base"), Quote: r.FormValue("quote"), RateText: strings.TrimSpace(r.FormValue("rate"))}
	_, err := p.Payments.RecordRates(r.Context(), "operator:"+r.UserID(), []payments.RateInput{{Base: d.Base, Quote: d.Quote, Rate: d.RateText}})
	if payments.Code(err) != "" {
		return p.renderFX(r, http.StatusUnprocessableEntity, d, func(pg *site.Page) { pg.Error = r.L.T("ops.fx.bad") })
	}
	if err != nil {
		return err
	}
	return p.renderFX(r, http.StatusOK, fxPage{Base: d.Base, Quote: d.Quote}, func(pg *site.Page) {
		pg.Notice = r.L.T("ops.fx.saved", d.Base+"/"+d.Quote)
	})
}
