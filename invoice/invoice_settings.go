package invoice

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"strings"

	"github.com/soukhq/souk/store"
)

// Settings are a brand's invoicing details. Rates are in basis points of
// the net (1300 = 13 %); ProductRates override DefaultRateBps per product.
type Settings struct {
	SellerName     string           `json:"seller_name"`
	TaxID          string           `json:"tax_id"`
	TaxLabel       string           `json:"tax_label"`
	DefaultRateBps int64            `json:"default_rate_bps"`
	ProductRates   map[string]int64 `json:"product_rates"`
}

// maxRateBps bounds a tax rate (100 %).
const maxRateBps = 10000

func (st Settings) validate() error {
	switch {
	case strings.TrimSpace(st.SellerName) == "" || len(st.SellerName) > 200:
		return fail(ErrInvalid, "the seller's legal name must have 1 to 200 characters")
	case len(st.TaxID) > 64 || len(st.TaxLabel) > 32:
		return fail(ErrInvalid, "the tax id has at most 64 characters and the tax label at most 32")
	case st.DefaultRateBps < 0 || st.DefaultRateBps > maxRateBps:
		return fail(ErrInvalid, "the default tax rate must be between 0 and 10000 basis points")
	}
	for p, r := range st.ProductRates {
		if r < 0 || r > maxRateBps || p == "" {
			return fail(ErrInvalid, "the tax rate of product %q must be between 0 and 10000 basis points", p)
		}
	}
	return nil
}

// rate is the tax rate of a product's lines.
func (st Settings) rate(productID string) int64 {
	if r, ok := st.ProductRates[productID]; ok {
		return r
	}
	return st.DefaultRateBps
}

// SetSettings stores a brand's invoicing details (the caller is the
// brand's owner or manager). Documents already issued keep what they say.
func (s *Service) SetSettings(ctx context.Context, brandID string, st Settings) (Settings, error) {
	if st.TaxLabel == "" {
		st.TaxLabel = "VAT"
	}
	if st.ProductRates == nil {
		st.ProductRates = map[string]int64{}
	}
	if err := st.validate(); err != nil {
		return Settings{}, err
	}
	rates, _ := json.Marshal(st.ProductRates)
	_, err := s.db.ExecContext(ctx, `INSERT INTO invoice_settings (brand_id, seller_name, tax_id, tax_label, default_rate_bps, product_rates, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7)
		ON CONFLICT (brand_id) DO UPDATE SET seller_name = excluded.seller_name, tax_id = excluded.tax_id, tax_label = excluded.tax_label,
			default_rate_bps = excluded.default_rate_bps, product_rates = excluded.product_rates, updated_at = excluded.updated_at`,
		brandID, strings.TrimSpace(st.SellerName), strings.TrimSpace(st.TaxID), st.TaxLabel, st.DefaultRateBps, string(rates), store.Now())
	return st, err
}

// Settings returns a brand's invoicing details; a brand that set none
// invoices under its name with no tax id and a 0 % rate.
func (s *Service) Settings(ctx context.Context, brandID string) (Settings, error) {
	return s.settings(ctx, s.db, brandID)
}

func (s *Service) settings(ctx context.Context, q store.Querier, brandID string) (Settings, error) {
	var st Settings
	var rates string
	err := q.QueryRowContext(ctx, `SELECT seller_name, tax_id, tax_label, default_rate_bps, product_rates FROM invoice_settings WHERE brand_id = $1`,
		brandID).Scan(&st.SellerName, &st.TaxID, &st.TaxLabel, &st.DefaultRateBps, &rates)
	if errors.Is(err, sql.ErrNoRows) {
		st = Settings{TaxLabel: "VAT", ProductRates: map[string]int64{}}
		if s.ids != nil {
			org, err := s.ids.Org(ctx, brandID)
			if err != nil {
				return st, err
			}
			st.SellerName = org.Name
		}
		return st, nil
	}
	if err != nil {
		return st, err
	}
	return st, json.Unmarshal([]byte(rates), &st.ProductRates)
}
