package api

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/soukhq/souk/commerce"
)

// SearchHitView is one search result. Prices are decimal strings in the
// product's currency.
type SearchHitView struct {
	Kind        string `json:"kind" enum:"product,app"`
	ID          string `json:"id"`
	Title       string `json:"title"`
	Description string `json:"description" doc:"The first 200 characters"`
	OrgID       string `json:"org_id" doc:"The brand (products) or the developer (apps)"`
	OrgName     string `json:"org_name"`
	Slug        string `json:"slug,omitempty" doc:"Apps: the app's name in souk.json"`
	Currency    string `json:"currency,omitempty"`
	MinPrice    string `json:"min_price,omitempty" doc:"Products: the cheapest active SKU"`
	MaxPrice    string `json:"max_price,omitempty"`
	ReviewCount int64  `json:"review_count"`
	RatingMean  string `json:"rating_mean,omitempty"`
	Installs    int64  `json:"installs,omitempty" doc:"Apps: active installations"`
}

type searchInput struct {
	Q         string `query:"q" maxLength:"512" doc:"Words (all must match), \"quoted phrases\", a or b, -excluded. Empty: list by rating."`
	Kind      string `query:"kind" enum:"products,apps," doc:"What to search (default products)"`
	BrandID   string `query:"brand_id" maxLength:"64" doc:"Products of this brand org only"`
	MinPrice  string `query:"min_price" maxLength:"32" doc:"Decimal in currency's major unit; needs currency"`
	MaxPrice  string `query:"max_price" maxLength:"32"`
	Currency  string `query:"currency" maxLength:"3" doc:"Products priced in this currency only"`
	MinRating string `query:"min_rating" maxLength:"8" doc:"Mean rating at least this (0-5, two decimals at most)"`
	PageParams
}

func (s *Server) registerSearch() {
	if s.Commerce == nil {
		return
	}
	Register(s, Public, opSearch, s.search)
}

var opSearch = huma.Operation{
	OperationID: "search",
	Method:      http.MethodGet,
	Path:        "/api/v1/search",
	Tags:        []string{"search"},
	Summary:     "Search products and released apps",
	Description: "Full-text search ranked by relevance (title, then brand or developer, then description), ties by rating " +
		"and popularity. Only active products with a buyable SKU and released apps are found.",
}

// search pages ranked hits: a hit's cursor is its id, found again by
// reading the ranking from the top (the first 1000 hits can be paged).
func (s *Server) search(ctx context.Context, in *searchInput) (*pageOutput[SearchHitView], error) {
	p := commerce.SearchParams{Query: in.Q, Kind: in.Kind, BrandID: in.BrandID, Currency: in.Currency,
		MinRating: in.MinRating}
	if in.MinPrice != "" || in.MaxPrice != "" {
		if in.Currency == "" {
			return nil, Fail(http.StatusBadRequest, "invalid_input", "min_price and max_price need a currency")
		}
		var err error
		if p.MinPrice, err = parseAmount(in.Currency, in.MinPrice); err != nil {
			return nil, err
		}
		if p.MaxPrice, err = parseAmount(in.Currency, in.MaxPrice); err != nil {
			return nil, err
		}
	}
	id := func(h SearchHitView) string { return h.ID }
	return listPage(ctx, in.PageParams, id, func(ctx context.Context, after string, n int) ([]SearchHitView, error) {
		var out []SearchHitView
		found := after == ""
		p := p
		p.Limit = commerce.MaxSearchLimit
		for p.Offset <= commerce.MaxSearchOffset {
			res, err := s.Commerce.Search(ctx, p)
			if err != nil {
				return nil, err
			}
			for _, h := range res.Hits {
				switch {
				case found:
					out = append(out, searchHitView(h))
					if len(out) == n {
						return out, nil
					}
				case h.ID == after:
					found = true
				}
			}
			if res.NextOffset == 0 {
				break
			}
			p.Offset = res.NextOffset
		}
		if !found {
			return nil, errInvalidCursor
		}
		return out, nil
	})
}

func searchHitView(h commerce.SearchHit) SearchHitView {
	v := SearchHitView{Kind: h.Kind, ID: h.ID, Title: h.Title, Description: h.Description, OrgID: h.OrgID,
		OrgName: h.OrgName,
		Slug:    h.Slug, Currency: h.Currency, ReviewCount: h.ReviewCount, RatingMean: h.RatingMean, Installs: h.Installs}
	if h.Currency != "" {
		v.MinPrice, v.MaxPrice = formatMinor(h.Currency, int64(h.MinPrice)), formatMinor(h.Currency, int64(h.MaxPrice))
	}
	return v
}
