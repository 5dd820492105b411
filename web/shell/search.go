package shell

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/soukhq/souk/commerce"
	"github.com/soukhq/souk/marketplace"
	"github.com/soukhq/souk/payments/money"
	"github.com/soukhq/souk/web/site"
)

// Search (/search): products and apps through commerce.Search, with its
// filters (price range in a currency, minimum rating). A product hit opens
// the brand's storefront app at that product when the brand has an active
// installation; otherwise it is shown without a link.

type searchHit struct {
	Title, Description, Org, Price, Rating, Href string
	Installs                                     int64
	Reviews                                      int64
	Verified                                     bool // a verified brand's product
}

type searchData struct {
	Query, Kind, Currency, Min, Max, Rating string
	Currencies, Ratings                     []string
	Searched                                bool
	Hits                                    []searchHit
	More, Error                             string
}

func (p *pages) search(r *site.Req) error {
	d := searchData{Query: strings.TrimSpace(r.Query("q")), Kind: r.Query("kind"), Currency: r.Query("currency"),
		Min: strings.TrimSpace(r.Query("min")), Max: strings.TrimSpace(r.Query("max")), Rating: r.Query("rating"), Currencies: moneyCurrencies,
		Ratings: []string{"4", "3", "2", "1"}}
	if d.Kind != commerce.SearchApps {
		d.Kind = commerce.SearchProducts
	}
	if d.Currency == "" {
		d.Currency = "USD"
	}
	d.Searched = r.Query("q", "\x00") != "\x00"
	if !d.Searched {
		return r.Render(p.t, http.StatusOK, "search", r.Page("search", "search.title", d))
	}
	sp := commerce.SearchParams{Query: d.Query, Kind: d.Kind, Limit: commerce.DefaultSearchLimit}
	sp.Offset, _ = strconv.Atoi(r.Query("offset"))
	if d.Kind == commerce.SearchProducts {
		if d.Min != "" || d.Max != "" {
			cur, err := money.Lookup(d.Currency)
			if err != nil {
				d.Error = r.L.T("search.err")
			} else {
				sp.Currency = cur.Code
				for _, f := range []struct {
					in  string
					out *money.Amount
				}{{d.Min, &sp.MinPrice}, {d.Max, &sp.MaxPrice}} {
					if f.in == "" {
						continue
					}
					if *f.out, err = money.ParsePositive(cur, f.in); err != nil {
						d.Error = r.L.T("order.err.amount")
					}
				}
			}
		}
		if d.Rating != "" && d.Rating != "0" {
			sp.MinRating = d.Rating
		}
	}
	if d.Error != "" {
		return r.Render(p.t, http.StatusUnprocessableEntity, "search", r.Page("search", "search.title", d))
	}
	res, err := p.Apps.Commerce.Search(r.Context(), sp)
	if code := commerce.Code(err); code == commerce.ErrInvalid.Code {
		d.Error = r.L.T("search.err")
		return r.Render(p.t, http.StatusUnprocessableEntity, "search", r.Page("search", "search.title", d))
	} else if err != nil {
		return err
	}
	stores := map[string]string{} // brand → installation
	var brands []string
	for _, h := range res.Hits {
		if h.Kind == "product" {
			brands = append(brands, h.OrgID)
		}
	}
	verified, err := p.Apps.Commerce.VerifiedBrands(r.Context(), brands...)
	if err != nil {
		return err
	}
	for _, h := range res.Hits {
		sh := searchHit{Title: h.Title, Description: h.Description, Org: h.OrgName, Installs: h.Installs, Reviews: h.ReviewCount, Rating: h.RatingMean}
		if h.Kind == "product" {
			sh.Verified = verified[h.OrgID]
			sh.Price = amount(h.Currency, int64(h.MinPrice))
			if h.MaxPrice != h.MinPrice {
				sh.Price = r.L.T("search.price_range", amount(h.Currency, int64(h.MinPrice)), amount(h.Currency, int64(h.MaxPrice)))
			}
			ins, ok := stores[h.OrgID]
			if !ok {
				ins = p.storefront(r, h.OrgID)
				stores[h.OrgID] = ins
			}
			if ins != "" {
				sh.Href = "/a/" + url.PathEscape(ins) + "/product?" + url.Values{"productId": {h.ID}}.Encode()
			}
		}
		d.Hits = append(d.Hits, sh)
	}
	if res.NextOffset > 0 {
		q := r.Queries()
		v := url.Values{}
		for k, x := range q {
			v.Set(k, x)
		}
		v.Set("offset", strconv.Itoa(res.NextOffset))
		d.More = "/search?" + v.Encode()
	}
	return r.Render(p.t, http.StatusOK, "search", r.Page("search", "search.title", d))
}

// storefront is the brand's first active installation ("": none).
func (p *pages) storefront(r *site.Req, brandID string) string {
	if p.Apps.Market == nil {
		return ""
	}
	ins, err := p.Apps.Market.Installations(r.Context(), brandID)
	if err != nil {
		return ""
	}
	for _, i := range ins {
		if i.Status == marketplace.InstallActive {
			return i.ID
		}
	}
	return ""
}
