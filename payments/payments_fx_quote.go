package payments

import (
	"context"
	"database/sql"
	"errors"

	"github.com/shopspring/decimal"
	"github.com/soukhq/souk/payments/money"
	"github.com/soukhq/souk/store"
)

// Price is what a conversion costs at one rate. The rounding rule (stated
// in docs/FX.md):
//
//   - applied = mid × (10000 − spread_bps) / 10000, exact;
//   - per minor unit, k = applied × 10^(target exponent − source exponent):
//     target minor units bought by one source minor unit;
//   - selling a source amount S: Target = floor(S × k) (the shopper never
//     receives a fraction);
//   - buying a target amount T: Source = ceil(T / k) (the shopper never pays
//     a fraction);
//   - either way the FX account fx:<source> receives floor(Target / k), the
//     exact source value of what was bought rounded down, and the rest of
//     Source, Residue, goes to fxresidue:<source>. Residue is every rounding
//     remainder; Source − Residue + Residue = Source to the minor unit.
type Price struct {
	Source, Target, Residue money.Amount
	Applied                 decimal.Decimal
}

// PriceConversion prices converting from src to dst at mid (units of dst
// per one src, major units) less spread bps. Exactly one of sell (source
// amount) and buy (target amount) is positive.
func PriceConversion(src, dst money.Currency, mid decimal.Decimal, spread money.Bps, sell, buy money.Amount) (Price, error) {
	if !mid.IsPositive() || spread < 0 || spread >= 10000 {
		return Price{}, fail(ErrInvalidRate, "mid rate must be positive and the spread 0..9999 bps")
	}
	if (sell > 0) == (buy > 0) || sell < 0 || buy < 0 {
		return Price{}, fail(ErrInvalidQuote, "give either the amount to convert or the amount to receive")
	}
	applied := mid.Mul(decimal.NewFromInt(int64(10000 - spread))).Shift(-4)
	k := applied.Shift(int32(dst.Exponent - src.Exponent))
	var p Price
	p.Applied = applied
	if sell > 0 {
		p.Source = sell
		t := decimal.NewFromInt(int64(sell)).Mul(k).Floor()
		if !t.IsPositive() {
			return Price{}, fail(ErrInvalidQuote, "the amount buys less than one minor unit of %s", dst.Code)
		}
		if t.GreaterThan(decimal.NewFromInt(int64(dst.Max))) {
			return Price{}, fail(ErrInvalidAmount, "the amount buys more than the largest %s amount", dst.Code)
		}
		p.Target = money.Amount(t.IntPart())
	} else {
		p.Target = buy
		q, r := decimal.NewFromInt(int64(buy)).QuoRem(k, 0)
		if !r.IsZero() {
			q = q.Add(decimal.NewFromInt(1))
		}
		if q.GreaterThan(decimal.NewFromInt(int64(src.Max))) {
			return Price{}, fail(ErrInvalidAmount, "the amount costs more than the largest %s amount", src.Code)
		}
		p.Source = money.Amount(q.IntPart())
	}
	fx, _ := decimal.NewFromInt(int64(p.Target)).QuoRem(k, 0)
	p.Residue = p.Source - money.Amount(fx.IntPart())
	return p, nil
}

// Quote is a conversion price offered to one shopper until ExpiresAt: they
// give SourceAmount of SourceCurrency and receive TargetAmount of
// TargetCurrency. OrderID binds it to paying that order (the payment
// sheet), or is empty for a wallet conversion.
type Quote struct {
	ID             string       `json:"id"`
	UserID         string       `json:"user_id"`
	RateID         string       `json:"rate_id"`
	RateSource     string       `json:"rate_source"`
	RateTime       int64        `json:"rate_time"`
	SourceCurrency string       `json:"source_currency"`
	TargetCurrency string       `json:"target_currency"`
	MidRate        string       `json:"mid_rate"`
	SpreadBps      money.Bps    `json:"spread_bps"`
	AppliedRate    string       `json:"applied_rate"`
	SourceAmount   money.Amount `json:"source_amount"`
	TargetAmount   money.Amount `json:"target_amount"`
	Residue        money.Amount `json:"residue"`
	OrderID        string       `json:"order_id,omitempty"`
	ExpiresAt      int64        `json:"expires_at"`
	CreatedAt      int64        `json:"created_at"`
}

// QuoteRequest asks for a quote: From → To, either Sell (the amount of From
// to convert) or Buy (the amount of To wanted).
type QuoteRequest struct {
	UserID, From, To string
	Sell, Buy        money.Amount
	OrderID          string
}

const quoteCols = `q.id, q.user_id, q.rate_id, r.source, r.created_at, q.source_currency, q.target_currency, q.mid_rate, q.spread_bps,
	q.applied_rate, q.source_amount, q.target_amount, q.residue, q.order_id, q.expires_at, q.created_at`

func scanQuote(sc interface{ Scan(...any) error }) (Quote, error) {
	var q Quote
	err := sc.Scan(&q.ID, &q.UserID, &q.RateID, &q.RateSource, &q.RateTime, &q.SourceCurrency, &q.TargetCurrency, &q.MidRate,
		&q.SpreadBps, &q.AppliedRate, &q.SourceAmount, &q.TargetAmount, &q.Residue, &q.OrderID, &q.ExpiresAt, &q.CreatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return q, fail(ErrQuoteNotFound, "")
	}
	return q, err
}

// NewQuote prices a conversion at the current rate less the spread and
// keeps the price for the quote TTL.
func (s *Service) NewQuote(ctx context.Context, qr QuoteRequest) (Quote, error) {
	if qr.UserID == "" {
		return Quote{}, fail(ErrInvalidQuote, "a quote is for a shopper")
	}
	if err := checkCurrency(qr.From); err != nil {
		return Quote{}, err
	}
	if err := checkCurrency(qr.To); err != nil {
		return Quote{}, err
	}
	if qr.From == qr.To {
		return Quote{}, fail(ErrInvalidQuote, "a conversion is between two currencies")
	}
	rate, mid, err := s.currentRate(ctx, s.db, qr.From, qr.To)
	if err != nil {
		return Quote{}, err
	}
	spread := s.spreadBps()
	p, err := PriceConversion(money.MustLookup(qr.From), money.MustLookup(qr.To), mid, spread, qr.Sell, qr.Buy)
	if err != nil {
		return Quote{}, err
	}
	now := s.now()
	q := Quote{ID: store.NewID("fxq"), UserID: qr.UserID, RateID: rate.ID, RateSource: rate.Source, RateTime: rate.CreatedAt,
		SourceCurrency: qr.From, TargetCurrency: qr.To, MidRate: mid.String(), SpreadBps: spread, AppliedRate: p.Applied.String(),
		SourceAmount: p.Source, TargetAmount: p.Target, Residue: p.Residue, OrderID: qr.OrderID,
		ExpiresAt: now + s.quoteTTL().Microseconds(), CreatedAt: now}
	_, err = s.db.ExecContext(ctx, `INSERT INTO fx_quotes (id, user_id, rate_id, source_currency, target_currency, mid_rate, spread_bps,
		applied_rate, source_amount, target_amount, residue, order_id, expires_at, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`, q.ID, q.UserID, q.RateID, q.SourceCurrency,
		q.TargetCurrency, q.MidRate, int64(q.SpreadBps), q.AppliedRate, int64(q.SourceAmount), int64(q.TargetAmount), int64(q.Residue),
		q.OrderID, q.ExpiresAt, q.CreatedAt)
	if err != nil {
		return Quote{}, err
	}
	return q, nil
}

// GetQuote returns a shopper's quote (someone else's is not found).
func (s *Service) GetQuote(ctx context.Context, userID, id string) (Quote, error) {
	q, err := scanQuote(s.db.QueryRowContext(ctx, `SELECT `+quoteCols+` FROM fx_quotes q JOIN fx_rates r ON r.id = q.rate_id WHERE q.id = $1`, id))
	if err == nil && q.UserID != userID {
		return Quote{}, fail(ErrQuoteNotFound, "")
	}
	return q, err
}

// QuoteForOrder prices paying an order of amount in cur from the shopper's
// wallet in from: a Buy quote bound to the order (the payment sheet).
func (s *Service) QuoteForOrder(ctx context.Context, r Request, from string) (Quote, error) {
	return s.NewQuote(ctx, QuoteRequest{UserID: r.ShopperID, From: from, To: r.Currency, Buy: r.Amount, OrderID: r.OrderID})
}
