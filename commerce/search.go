package commerce

import (
	"context"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/shopspring/decimal"

	"github.com/soukhq/souk/payments/money"
	"github.com/soukhq/souk/store"
)

// Search kinds.
const (
	SearchProducts = "products"
	SearchApps     = "apps"
)

// Search paging limits.
const (
	DefaultSearchLimit = 20
	MaxSearchLimit     = 50
	MaxSearchOffset    = 1000
)

// SearchParams is one search. Query uses ParseSearchQuery's syntax; an
// empty query (or one with nothing to match) lists by rating and
// popularity with the filters applied.
type SearchParams struct {
	Query string
	Kind  string // products (default) or apps
	// Product filters. MinPrice/MaxPrice (minor units of Currency, 0 =
	// unbounded) match a product with at least one active SKU in range;
	// a price needs Currency. MinRating is a decimal 0-5 ("4.5") compared
	// exactly with the mean of the visible reviews.
	BrandID            string
	Currency           string
	MinPrice, MaxPrice money.Amount
	MinRating          string
	Offset, Limit      int
}

// SearchHit is one result. Products carry brand, price range and rating;
// apps carry slug, developer and active installs.
type SearchHit struct {
	Kind        string `json:"kind"` // product or app
	ID          string `json:"id"`
	Title       string `json:"title"`
	Description string `json:"description"` // the first 200 characters
	OrgID       string `json:"orgId"`       // the brand (products) or developer (apps)
	OrgName     string `json:"orgName"`
	Slug        string `json:"slug,omitempty"`
	Currency    string `json:"currency,omitempty"`
	// MinPrice and MaxPrice span the active SKUs (minor units).
	MinPrice    money.Amount `json:"minPrice,omitempty"`
	MaxPrice    money.Amount `json:"maxPrice,omitempty"`
	ReviewCount int64        `json:"reviewCount"`
	RatingMean  string       `json:"ratingMean,omitempty"`
	Installs    int64        `json:"installs,omitempty"`
}

// SearchResult is a page of hits in rank order; NextOffset is 0 on the
// last page.
type SearchResult struct {
	Hits       []SearchHit `json:"hits"`
	NextOffset int         `json:"nextOffset,omitempty"`
}

// Search finds active products (with a buyable SKU) or released apps.
// Ranking: text relevance first (SQLite FTS5 bm25, PostgreSQL ts_rank
// normalized by document length as bm25 is; title weighs most, then
// brand/developer, then description), then the
// mean rating (exact, in thousandths) and review count for products or
// active installs for apps, then id — so equal relevance orders the same
// on both engines.
func (s *Service) Search(ctx context.Context, p SearchParams) (SearchResult, error) {
	if p.Kind == "" {
		p.Kind = SearchProducts
	}
	if p.Limit <= 0 {
		p.Limit = DefaultSearchLimit
	}
	if p.Limit > MaxSearchLimit || p.Offset < 0 || p.Offset > MaxSearchOffset {
		return SearchResult{}, fail(ErrInvalid, "limit is 1-%d and offset 0-%d", MaxSearchLimit, MaxSearchOffset)
	}
	if len(p.Query) > maxQueryBytes {
		return SearchResult{}, fail(ErrInvalid, "the query is at most %d bytes", maxQueryBytes)
	}
	minRating := int64(-1) // hundredths
	if p.MinRating != "" {
		d, err := decimal.NewFromString(p.MinRating)
		if err != nil || d.IsNegative() || d.GreaterThan(decimal.NewFromInt(5)) || d.Exponent() < -2 {
			return SearchResult{}, fail(ErrInvalid, "minRating must be a number from 0 to 5 with at most two decimals")
		}
		minRating = d.Shift(2).IntPart()
	}
	switch p.Kind {
	case SearchProducts:
		if (p.MinPrice != 0 || p.MaxPrice != 0) && p.Currency == "" {
			return SearchResult{}, fail(ErrInvalid, "a price filter needs a currency")
		}
		if p.Currency != "" {
			if _, err := money.Lookup(p.Currency); err != nil {
				return SearchResult{}, fail(ErrInvalid, "unknown currency %q", p.Currency)
			}
		}
		if p.MinPrice < 0 || p.MaxPrice < 0 || (p.MaxPrice != 0 && p.MinPrice > p.MaxPrice) {
			return SearchResult{}, fail(ErrInvalid, "the price range is empty")
		}
	case SearchApps:
		if p.BrandID != "" || p.Currency != "" || p.MinPrice != 0 || p.MaxPrice != 0 || minRating >= 0 {
			return SearchResult{}, fail(ErrInvalid, "brand, price and rating filters apply to products only")
		}
	default:
		return SearchResult{}, fail(ErrInvalid, "kind must be products or apps")
	}
	if err := s.SyncSearch(ctx); err != nil {
		return SearchResult{}, err
	}
	q := ParseSearchQuery(p.Query)
	var args []any
	arg := func(v any) string {
		args = append(args, v)
		return "$" + strconv.Itoa(len(args))
	}
	// The text part: the engine's index, its rank as "score" (higher is
	// better on both), and the documents of one kind.
	kind := map[string]string{SearchProducts: "product", SearchApps: "app"}[p.Kind]
	from, where, score := "", "1 = 1", "0"
	if !q.Empty() {
		if s.db.Dialect == store.Postgres {
			tsq := "CAST(" + arg(q.TSQuery()) + " AS tsquery)"
			from = `search_docs d JOIN `
			where = `d.tsv @@ ` + tsq + ` AND d.kind = '` + kind + `'`
			score = `ts_rank('{0.1, 0.2, 0.4, 1.0}', d.tsv, ` + tsq + `, 1)`
		} else {
			from = `search_fts JOIN search_docs d ON d.rid = search_fts.rowid JOIN `
			where = `search_fts MATCH ` + arg(q.FTS5()) + ` AND d.kind = '` + kind + `'`
			score = `-bm25(search_fts, 10.0, 4.0, 2.0)`
		}
	}
	var sqlText string
	if p.Kind == SearchProducts {
		on := ""
		if from != "" {
			on = ` ON p.id = d.ref_id`
		}
		skuCond := `k.product_id = p.id AND k.status = 'active'`
		if p.MinPrice != 0 {
			skuCond += ` AND k.price >= ` + arg(int64(p.MinPrice))
		}
		if p.MaxPrice != 0 {
			skuCond += ` AND k.price <= ` + arg(int64(p.MaxPrice))
		}
		where += ` AND p.status = 'active' AND EXISTS (SELECT 1 FROM commerce_skus k WHERE ` + skuCond + `)`
		if p.BrandID != "" {
			where += ` AND p.brand_id = ` + arg(p.BrandID)
		}
		if p.Currency != "" {
			where += ` AND p.currency = ` + arg(p.Currency)
		}
		if minRating >= 0 {
			where += ` AND COALESCE(r.review_count, 0) > 0 AND r.rating_sum * 100 >= ` + arg(minRating) + ` * r.review_count`
		}
		sqlText = `SELECT p.id, p.title, p.description, p.brand_id, o.name, '', p.currency,
			(SELECT MIN(k.price) FROM commerce_skus k WHERE k.product_id = p.id AND k.status = 'active'),
			(SELECT MAX(k.price) FROM commerce_skus k WHERE k.product_id = p.id AND k.status = 'active'),
			COALESCE(r.review_count, 0), COALESCE(r.rating_sum, 0), 0, ` + score + ` AS score,
			CASE WHEN COALESCE(r.review_count, 0) = 0 THEN 0 ELSE r.rating_sum * 1000 / r.review_count END AS mean_milli
			FROM ` + from + `commerce_products p` + on + `
			JOIN orgs o ON o.id = p.brand_id
			LEFT JOIN commerce_product_ratings r ON r.product_id = p.id
			WHERE ` + where + `
			ORDER BY score DESC, mean_milli DESC, COALESCE(r.review_count, 0) DESC, p.id`
	} else {
		on := ""
		if from != "" {
			on = ` ON a.id = d.ref_id`
		}
		sqlText = `SELECT a.id, a.name, v.manifest, a.org_id, o.name, a.slug, '', 0, 0, 0, 0,
			(SELECT COUNT(*) FROM installations i WHERE i.app_id = a.id AND i.status = 'active') AS installs, ` + score + ` AS score, 0
			FROM ` + from + `apps a` + on + `
			JOIN orgs o ON o.id = a.org_id` + releasedAppJoin + `
			WHERE ` + where + `
			ORDER BY score DESC, installs DESC, a.id`
	}
	sqlText += ` LIMIT ` + arg(p.Limit+1) + ` OFFSET ` + arg(p.Offset)
	rows, err := s.db.QueryContext(ctx, sqlText, args...)
	if err != nil {
		return SearchResult{}, err
	}
	defer rows.Close()
	res := SearchResult{Hits: []SearchHit{}}
	for rows.Next() {
		h := SearchHit{Kind: kind}
		var desc string
		var minP, maxP, sum, milli int64
		var score float64
		if err := rows.Scan(&h.ID, &h.Title, &desc, &h.OrgID, &h.OrgName, &h.Slug, &h.Currency, &minP, &maxP,
			&h.ReviewCount, &sum, &h.Installs, &score, &milli); err != nil {
			return SearchResult{}, err
		}
		if p.Kind == SearchApps {
			desc = manifestDescription(desc)
		}
		h.Description = truncateRunes(desc, 200)
		h.MinPrice, h.MaxPrice = money.Amount(minP), money.Amount(maxP)
		h.RatingMean = MeanRating(sum, h.ReviewCount)
		res.Hits = append(res.Hits, h)
	}
	if err := rows.Err(); err != nil {
		return SearchResult{}, err
	}
	if len(res.Hits) > p.Limit {
		res.Hits = res.Hits[:p.Limit]
		res.NextOffset = p.Offset + p.Limit
	}
	return res, nil
}

func truncateRunes(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return strings.TrimSpace(string(r[:n])) + "…"
}
