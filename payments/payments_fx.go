package payments

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"github.com/shopspring/decimal"
	"github.com/soukhq/souk/internal/fault"
	"github.com/soukhq/souk/payments/money"
	"github.com/soukhq/souk/store"
)

// Multi-currency wallets and FX (docs/FX.md). A shopper has one wallet per
// currency (WalletAccount(user, CUR)); money moves between them only by
// executing a quote, as one linked ledger batch through the platform's FX
// accounts:
//
//	fx:<CUR>         the platform's FX position in CUR (may go negative:
//	                 what the platform owes or is owed in that currency)
//	fxresidue:<CUR>  rounding residue of conversions paid in CUR
//
// Rates come from an operator, a file or a URL feed (RateSource); every
// rate row keeps its source and time and is never changed. A quote prices
// one conversion for one shopper until it expires: the mid rate less a
// spread in basis points.

// FX rejections; the codes are part of the API.
var (
	ErrInvalidRate        = fault.New(fault.Invalid, "invalid_fx_rate", "the FX rate is not valid")
	ErrNoRate             = fault.New(fault.Conflict, "fx_rate_unavailable", "no current FX rate for these currencies")
	ErrInvalidQuote       = fault.New(fault.Invalid, "invalid_fx_quote", "the FX quote request is not valid")
	ErrQuoteNotFound      = fault.New(fault.NotFound, "fx_quote_not_found", "no such FX quote")
	ErrQuoteExpired       = fault.New(fault.Conflict, "fx_quote_expired", "the FX quote expired; ask for a new one")
	ErrQuoteMismatch      = fault.New(fault.Conflict, "fx_quote_mismatch", "the FX quote does not buy what this payment needs")
	ErrConversionNotFound = fault.New(fault.NotFound, "fx_conversion_not_found", "no such conversion")
)

// FX defaults.
const (
	DefaultFXSpreadBps  money.Bps     = 100 // 1 %
	DefaultFXQuoteTTL   time.Duration = 2 * time.Minute
	DefaultFXMaxRateAge time.Duration = 48 * time.Hour
)

// FXAccount and FXResidueAccount are the platform's FX accounts.
func FXAccount(cur string) string        { return "fx:" + cur }
func FXResidueAccount(cur string) string { return "fxresidue:" + cur }

// Rate is one FX rate as recorded: Rate units of Quote per one unit of
// Base (major units), from Source, as of AsOf (the source's time), recorded
// at CreatedAt (Unix µs both).
type Rate struct {
	ID        string `json:"id"`
	Base      string `json:"base"`
	Quote     string `json:"quote"`
	Rate      string `json:"rate"`
	Source    string `json:"source"`
	AsOf      int64  `json:"as_of"`
	CreatedAt int64  `json:"created_at"`
}

// RateInput is a rate to record.
type RateInput struct {
	Base, Quote, Rate string
	// AsOf is the source's time for the rate (zero: now).
	AsOf time.Time
}

// ParseRate reads a rate: ASCII digits with at most one '.', positive, at
// most 24 characters. No exponent, no sign, no float.
func ParseRate(s string) (decimal.Decimal, error) {
	if s == "" || len(s) > 24 || strings.Count(s, ".") > 1 || s[0] == '.' || s[len(s)-1] == '.' {
		return decimal.Decimal{}, fail(ErrInvalidRate, "rate %q: digits with at most one '.'", s)
	}
	for i := 0; i < len(s); i++ {
		if (s[i] < '0' || s[i] > '9') && s[i] != '.' {
			return decimal.Decimal{}, fail(ErrInvalidRate, "rate %q: digits with at most one '.'", s)
		}
	}
	d, err := decimal.NewFromString(s)
	if err != nil || !d.IsPositive() {
		return decimal.Decimal{}, fail(ErrInvalidRate, "rate %q must be positive", s)
	}
	return d, nil
}

// RecordRates stores rates from one source in one transaction (all or
// none). source names who or what gave them: "operator:<user>",
// "file:<path>" or "url:<url>".
func (s *Service) RecordRates(ctx context.Context, source string, in []RateInput) ([]Rate, error) {
	if source == "" || len(source) > 512 {
		return nil, fail(ErrInvalidRate, "a rate needs a source")
	}
	now := s.now()
	out := make([]Rate, 0, len(in))
	for _, r := range in {
		r.Base, r.Quote = strings.ToUpper(strings.TrimSpace(r.Base)), strings.ToUpper(strings.TrimSpace(r.Quote))
		if err := checkCurrency(r.Base); err != nil {
			return nil, err
		}
		if err := checkCurrency(r.Quote); err != nil {
			return nil, err
		}
		if r.Base == r.Quote {
			return nil, fail(ErrInvalidRate, "a rate is between two currencies")
		}
		d, err := ParseRate(r.Rate)
		if err != nil {
			return nil, err
		}
		asOf := now
		if !r.AsOf.IsZero() {
			asOf = r.AsOf.UnixMicro()
		}
		out = append(out, Rate{ID: store.NewID("fxr"), Base: r.Base, Quote: r.Quote, Rate: d.String(), Source: source, AsOf: asOf, CreatedAt: now})
	}
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		for _, r := range out {
			if _, err := tx.ExecContext(ctx, `INSERT INTO fx_rates (id, base_currency, quote_currency, rate, source, as_of, created_at)
				VALUES ($1, $2, $3, $4, $5, $6, $7)`, r.ID, r.Base, r.Quote, r.Rate, r.Source, r.AsOf, r.CreatedAt); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

const rateCols = `id, base_currency, quote_currency, rate, source, as_of, created_at`

func scanRate(sc interface{ Scan(...any) error }) (Rate, error) {
	var r Rate
	err := sc.Scan(&r.ID, &r.Base, &r.Quote, &r.Rate, &r.Source, &r.AsOf, &r.CreatedAt)
	return r, err
}

// Rates lists the current rate of every pair (the newest row per base and
// quote currency), ordered by pair.
func (s *Service) Rates(ctx context.Context) ([]Rate, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+rateCols+` FROM fx_rates r WHERE NOT EXISTS (
		SELECT 1 FROM fx_rates n WHERE n.base_currency = r.base_currency AND n.quote_currency = r.quote_currency
		AND (n.created_at > r.created_at OR (n.created_at = r.created_at AND n.id > r.id)))
		ORDER BY base_currency, quote_currency`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Rate{}
	for rows.Next() {
		r, err := scanRate(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// currentRate returns the mid rate of to per one from: the newest row of
// the pair either way round (an inverse row is inverted and rounded down
// to 12 decimal places), if it is younger than the maximum rate age.
func (s *Service) currentRate(ctx context.Context, q store.Querier, from, to string) (Rate, decimal.Decimal, error) {
	var best Rate
	found := false
	for _, pair := range [][2]string{{from, to}, {to, from}} {
		r, err := scanRate(q.QueryRowContext(ctx, `SELECT `+rateCols+` FROM fx_rates WHERE base_currency = $1 AND quote_currency = $2
			ORDER BY created_at DESC, id DESC LIMIT 1`, pair[0], pair[1]))
		if errors.Is(err, sql.ErrNoRows) {
			continue
		}
		if err != nil {
			return Rate{}, decimal.Decimal{}, err
		}
		if !found || r.CreatedAt > best.CreatedAt {
			best, found = r, true
		}
	}
	if !found {
		return Rate{}, decimal.Decimal{}, fail(ErrNoRate, "no rate between %s and %s", from, to)
	}
	if s.now()-best.CreatedAt > s.maxRateAge().Microseconds() {
		return Rate{}, decimal.Decimal{}, fail(ErrNoRate, "the newest %s/%s rate is older than %s", best.Base, best.Quote, s.maxRateAge())
	}
	mid, err := ParseRate(best.Rate)
	if err != nil {
		return Rate{}, decimal.Decimal{}, err
	}
	if best.Base != from {
		mid = decimal.NewFromInt(1).DivRound(mid, 16).RoundFloor(12)
		if !mid.IsPositive() {
			return Rate{}, decimal.Decimal{}, fail(ErrNoRate, "the inverse of the %s/%s rate is too small", best.Base, best.Quote)
		}
	}
	return best, mid, nil
}

func (s *Service) spreadBps() money.Bps {
	switch {
	case s.opts.FXSpreadBps < 0:
		return 0
	case s.opts.FXSpreadBps == 0:
		return DefaultFXSpreadBps
	}
	return s.opts.FXSpreadBps
}

func (s *Service) quoteTTL() time.Duration {
	if s.opts.FXQuoteTTL <= 0 {
		return DefaultFXQuoteTTL
	}
	return s.opts.FXQuoteTTL
}

func (s *Service) maxRateAge() time.Duration {
	if s.opts.FXMaxRateAge <= 0 {
		return DefaultFXMaxRateAge
	}
	return s.opts.FXMaxRateAge
}
