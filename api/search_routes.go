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
	Brand     string `query:"brand" maxLength:"64" doc:"Products of this brand org only"`
	MinPrice  string `query:"minPrice" maxLength:"32" doc:"Decimal in currency's major unit; needs currency"`
	MaxPrice  string `query:"maxPrice" maxLength:"32"`
	Currency  string `query:"currency" maxLength:"3" doc:"Products priced in this currency only"`
	MinRating string `query:"minRating" maxLength:"8" doc:"Mean rating at least this (0-5, two decimals at most)"`
	Offset    int    `query:"offset" minimum:"0" maximum:"1000"`
	Limit     int    `query:"limit" minimum:"0" maximum:"50" doc:"Page size (default 20)"`
}

type searchOutput struct {
	Body struct {
		Hits       []SearchHitView `json:"hits"`
		NextOffset int             `json:"next_offset,omitempty" doc:"Pass as offset for the next page; absent on the last"`
	}
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

func (s *Server) search(ctx context.Context, in *searchInput) (*searchOutput, error) {
	p := commerce.SearchParams{Query: in.Q, Kind: in.Kind, BrandID: in.Brand, Currency: in.Currency, MinRating: in.MinRating,
		Offset: in.Offset, Limit: in.Limit}
	if in.MinPrice != "" || in.MaxPrice != "" {
		if in.Currency == "" {
			return nil, Fail(http.StatusBadRequest, "invalid_input", "minPrice and maxPrice need a currency")
		}
		var err error
		if p.MinPrice, err = parseAmount(in.Currency, in.MinPrice); err != nil {
			return nil, err
		}
		if p.MaxPrice, err = parseAmount(in.Currency, in.MaxPrice); err != nil {
			return nil, err
		}
	}
	res, err := s.Commerce.Search(ctx, p)
	if err != nil {
		return nil, err
	}
	out := &searchOutput{}
	out.Body.Hits, out.Body.NextOffset = []SearchHitView{}, res.NextOffset
	for _, h := range res.Hits {
		v := SearchHitView{Kind: h.Kind, ID: h.ID, Title: h.Title, Description: h.Description, OrgID: h.OrgID, OrgName: h.OrgName,
			Slug: h.Slug, Currency: h.Currency, ReviewCount: h.ReviewCount, RatingMean: h.RatingMean, Installs: h.Installs}
		if h.Currency != "" {
			v.MinPrice, v.MaxPrice = formatMinor(h.Currency, int64(h.MinPrice)), formatMinor(h.Currency, int64(h.MaxPrice))
		}
		out.Body.Hits = append(out.Body.Hits, v)
	}
	return out, nil
}
