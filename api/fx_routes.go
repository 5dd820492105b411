package api

import (
	"context"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/soukhq/souk/payments"
)

// FX (issue 18, docs/FX.md): operators enter rates (a feed may load them on
// a schedule), shoppers ask for quotes and execute them between their own
// wallets or when paying an order in another currency (confirm-payment's
// fx_quote_id), operators read the platform's FX position per currency.

func (s *Server) registerFX() {
	if s.Payments == nil {
		return
	}
	Register(s, User, opListFXRates, s.listFXRates)
	Register(s, Admin, opAdminRecordFXRate, s.adminRecordFXRate)
	Register(s, Admin, opAdminFXPositions, s.adminFXPositions)
	Register(s, User, opCreateFXQuote, s.createFXQuote)
	Register(s, User, opGetFXQuote, s.getFXQuote)
	Register(s, User, opCreateFXConversion, s.createFXConversion)
	Register(s, User, opGetFXConversion, s.getFXConversion)
	Register(s, User, opListFXConversions, s.listFXConversions)
}

// FXRateView is one recorded rate: Rate units of quote per one unit of base.
type FXRateView struct {
	ID         string    `json:"id"`
	Base       string    `json:"base"`
	Quote      string    `json:"quote"`
	Rate       string    `json:"rate" doc:"Units of quote per one unit of base, a decimal string"`
	Source     string    `json:"source" doc:"Who or what gave it: operator:<user>, file:<path> or url:<url>"`
	AsOf       time.Time `json:"as_of" doc:"The source's time for the rate"`
	RecordedAt time.Time `json:"recorded_at" doc:"When souk recorded it"`
}

func fxRateView(r payments.Rate) FXRateView {
	return FXRateView{ID: r.ID, Base: r.Base, Quote: r.Quote, Rate: r.Rate, Source: r.Source, AsOf: ts(r.AsOf), RecordedAt: ts(r.CreatedAt)}
}

var opListFXRates = huma.Operation{
	OperationID: "list-fx-rates",
	Method:      http.MethodGet,
	Path:        "/api/v1/fx/rates",
	Tags:        []string{"fx"},
	Summary:     "The current FX rate of every pair, with its source and time",
}

type fxRatesInput struct{ PageParams }

func (s *Server) listFXRates(ctx context.Context, in *fxRatesInput) (*pageOutput[FXRateView], error) {
	rates, err := s.Payments.Rates(ctx)
	if err != nil {
		return nil, err
	}
	return pageSlice(ctx, in.PageParams, mapSlice(rates, fxRateView), func(v FXRateView) string { return v.ID })
}

var opAdminRecordFXRate = huma.Operation{
	OperationID:   "admin-record-fx-rate",
	Method:        http.MethodPost,
	Path:          "/api/v1/admin/fx/rates",
	Tags:          []string{"admin", "fx"},
	Summary:       "Enter an FX rate (operator)",
	Description:   "Recorded with the source operator:<your id>; quotes use the newest rate of a pair either way round.",
	DefaultStatus: http.StatusCreated,
}

type fxRateInput struct {
	Body struct {
		Base  string     `json:"base" minLength:"3" maxLength:"3"`
		Quote string     `json:"quote" minLength:"3" maxLength:"3"`
		Rate  string     `json:"rate" maxLength:"24" doc:"Units of quote per one unit of base, e.g. \"150.25\""`
		AsOf  *time.Time `json:"as_of,omitempty" doc:"The rate's time (default: now)"`
	}
}

type fxRateOutput struct{ Body FXRateView }

func (s *Server) adminRecordFXRate(ctx context.Context, in *fxRateInput) (*fxRateOutput, error) {
	ri := payments.RateInput{Base: in.Body.Base, Quote: in.Body.Quote, Rate: in.Body.Rate}
	if in.Body.AsOf != nil {
		ri.AsOf = *in.Body.AsOf
	}
	rates, err := s.Payments.RecordRates(ctx, "operator:"+caller(ctx).User.ID, []payments.RateInput{ri})
	if err != nil {
		return nil, err
	}
	return &fxRateOutput{Body: fxRateView(rates[0])}, nil
}

// FXPositionView is the platform's FX position in one currency.
type FXPositionView struct {
	Currency string `json:"currency"`
	Position string `json:"position" doc:"What fx:<currency> holds; negative: paid out more of it than taken in"`
	Residue  string `json:"residue" doc:"Rounding residue of conversions paid in this currency (fxresidue:<currency>)"`
}

var opAdminFXPositions = huma.Operation{
	OperationID: "admin-fx-positions",
	Method:      http.MethodGet,
	Path:        "/api/v1/admin/fx/positions",
	Tags:        []string{"admin", "fx"},
	Summary:     "The platform's FX position per currency",
}

func (s *Server) adminFXPositions(ctx context.Context, in *fxRatesInput) (*pageOutput[FXPositionView], error) {
	pos, err := s.Payments.FXPositions(ctx)
	if err != nil {
		return nil, err
	}
	views := mapSlice(pos, func(p payments.FXPosition) FXPositionView {
		return FXPositionView{Currency: p.Currency, Position: formatMinor(p.Currency, int64(p.Position)), Residue: formatMinor(p.Currency, int64(p.Residue))}
	})
	return pageSlice(ctx, in.PageParams, views, func(v FXPositionView) string { return v.Currency })
}

// FXQuoteView is a conversion price held for the caller until expires_at.
type FXQuoteView struct {
	ID             string    `json:"id"`
	From           string    `json:"from"`
	To             string    `json:"to"`
	SourceAmount   string    `json:"source_amount" doc:"What the caller gives, in from"`
	TargetAmount   string    `json:"target_amount" doc:"What the caller receives, in to"`
	Residue        string    `json:"residue" doc:"Of source_amount, the rounding residue (fxresidue:<from>)"`
	MidRate        string    `json:"mid_rate" doc:"Units of to per one unit of from, before the spread"`
	SpreadBps      int64     `json:"spread_bps"`
	AppliedRate    string    `json:"applied_rate" doc:"mid_rate less the spread"`
	RateSource     string    `json:"rate_source"`
	RateRecordedAt time.Time `json:"rate_recorded_at"`
	OrderID        string    `json:"order_id,omitempty" doc:"Set when the quote pays an order (confirm-payment's fx_quote_id)"`
	ExpiresAt      time.Time `json:"expires_at"`
	CreatedAt      time.Time `json:"created_at"`
}

func fxQuoteView(q payments.Quote) FXQuoteView {
	return FXQuoteView{ID: q.ID, From: q.SourceCurrency, To: q.TargetCurrency, SourceAmount: formatMinor(q.SourceCurrency, int64(q.SourceAmount)),
		TargetAmount: formatMinor(q.TargetCurrency, int64(q.TargetAmount)), Residue: formatMinor(q.SourceCurrency, int64(q.Residue)),
		MidRate: q.MidRate, SpreadBps: int64(q.SpreadBps), AppliedRate: q.AppliedRate, RateSource: q.RateSource,
		RateRecordedAt: ts(q.RateTime), OrderID: q.OrderID, ExpiresAt: ts(q.ExpiresAt), CreatedAt: ts(q.CreatedAt)}
}

var opCreateFXQuote = huma.Operation{
	OperationID:   "create-fx-quote",
	Method:        http.MethodPost,
	Path:          "/api/v1/fx/quotes",
	Tags:          []string{"fx"},
	Summary:       "Ask for an FX quote between two of my wallets",
	Description:   "Give sell_amount (what to convert) or buy_amount (what to receive), not both. Or order_id: the price of paying that unpaid order of mine from my from wallet.",
	DefaultStatus: http.StatusCreated,
}

type fxQuoteInput struct {
	Body struct {
		From       string `json:"from" minLength:"3" maxLength:"3"`
		To         string `json:"to,omitempty" maxLength:"3" doc:"Required unless order_id is given"`
		SellAmount string `json:"sell_amount,omitempty" maxLength:"32"`
		BuyAmount  string `json:"buy_amount,omitempty" maxLength:"32"`
		OrderID    string `json:"order_id,omitempty" maxLength:"64"`
	}
}

type fxQuoteOutput struct{ Body FXQuoteView }

func (s *Server) createFXQuote(ctx context.Context, in *fxQuoteInput) (*fxQuoteOutput, error) {
	b, me := in.Body, caller(ctx).User.ID
	if b.OrderID != "" {
		if b.To != "" || b.SellAmount != "" || b.BuyAmount != "" {
			return nil, Fail(http.StatusBadRequest, "invalid_fx_quote", "an order's quote takes only from and order_id")
		}
		r, err := s.Payments.RequestForOrder(ctx, b.OrderID)
		if err != nil || r.ShopperID != me {
			return nil, Fail(http.StatusNotFound, "payment_request_not_found", "no such unpaid order of yours")
		}
		if r.Status != payments.StatusCreated {
			return nil, Fail(http.StatusConflict, "payment_request_state", "the order is not waiting for payment")
		}
		q, err := s.Payments.QuoteForOrder(ctx, r, b.From)
		if err != nil {
			return nil, err
		}
		return &fxQuoteOutput{Body: fxQuoteView(q)}, nil
	}
	sell, err := parseAmount(b.From, b.SellAmount)
	if err != nil {
		return nil, err
	}
	buy, err := parseAmount(b.To, b.BuyAmount)
	if err != nil {
		return nil, err
	}
	q, err := s.Payments.NewQuote(ctx, payments.QuoteRequest{UserID: me, From: b.From, To: b.To, Sell: sell, Buy: buy})
	if err != nil {
		return nil, err
	}
	return &fxQuoteOutput{Body: fxQuoteView(q)}, nil
}

var opGetFXQuote = huma.Operation{
	OperationID: "get-fx-quote",
	Method:      http.MethodGet,
	Path:        "/api/v1/fx/quotes/{quoteId}",
	Tags:        []string{"fx"},
	Summary:     "One of my FX quotes",
}

type fxQuoteIDInput struct {
	QuoteID string `path:"quoteId" maxLength:"64"`
}

func (s *Server) getFXQuote(ctx context.Context, in *fxQuoteIDInput) (*fxQuoteOutput, error) {
	q, err := s.Payments.GetQuote(ctx, caller(ctx).User.ID, in.QuoteID)
	if err != nil {
		return nil, err
	}
	return &fxQuoteOutput{Body: fxQuoteView(q)}, nil
}

// FXConversionView is an executed quote and what refunds sent back.
type FXConversionView struct {
	ID             string    `json:"id"`
	QuoteID        string    `json:"quote_id"`
	OrderID        string    `json:"order_id,omitempty"`
	From           string    `json:"from"`
	To             string    `json:"to"`
	SourceAmount   string    `json:"source_amount"`
	TargetAmount   string    `json:"target_amount"`
	Residue        string    `json:"residue"`
	RefundedTarget string    `json:"refunded_target" doc:"Of target_amount, what refunds of the order converted back"`
	RefundedSource string    `json:"refunded_source" doc:"What those refunds returned in from (residue included)"`
	CreatedAt      time.Time `json:"created_at"`
}

func fxConversionView(c payments.Conversion) FXConversionView {
	return FXConversionView{ID: c.ID, QuoteID: c.QuoteID, OrderID: c.OrderID, From: c.SourceCurrency, To: c.TargetCurrency,
		SourceAmount: formatMinor(c.SourceCurrency, int64(c.SourceAmount)), TargetAmount: formatMinor(c.TargetCurrency, int64(c.TargetAmount)),
		Residue: formatMinor(c.SourceCurrency, int64(c.Residue)), RefundedTarget: formatMinor(c.TargetCurrency, int64(c.RefundedTarget)),
		RefundedSource: formatMinor(c.SourceCurrency, int64(c.RefundedSource+c.RefundedResidue)), CreatedAt: ts(c.CreatedAt)}
}

var opCreateFXConversion = huma.Operation{
	OperationID:   "create-fx-conversion",
	Method:        http.MethodPost,
	Path:          "/api/v1/fx/conversions",
	Tags:          []string{"fx"},
	Summary:       "Execute one of my wallet quotes before it expires",
	Description:   "One linked ledger batch: my from wallet → fx:<from> (and the residue → fxresidue:<from>), fx:<to> → my to wallet. Executing the same quote again returns the same conversion.",
	DefaultStatus: http.StatusCreated,
}

type fxConversionInput struct {
	Body struct {
		QuoteID string `json:"quote_id" maxLength:"64"`
	}
}

type fxConversionOutput struct{ Body FXConversionView }

func (s *Server) createFXConversion(ctx context.Context, in *fxConversionInput) (*fxConversionOutput, error) {
	c, err := s.Payments.Convert(ctx, caller(ctx).User.ID, in.Body.QuoteID)
	if err != nil {
		return nil, err
	}
	return &fxConversionOutput{Body: fxConversionView(c)}, nil
}

var opGetFXConversion = huma.Operation{
	OperationID: "get-fx-conversion",
	Method:      http.MethodGet,
	Path:        "/api/v1/fx/conversions/{conversionId}",
	Tags:        []string{"fx"},
	Summary:     "One of my conversions",
}

type fxConversionIDInput struct {
	ConversionID string `path:"conversionId" maxLength:"64"`
}

func (s *Server) getFXConversion(ctx context.Context, in *fxConversionIDInput) (*fxConversionOutput, error) {
	c, err := s.Payments.GetConversion(ctx, caller(ctx).User.ID, in.ConversionID)
	if err != nil {
		return nil, err
	}
	return &fxConversionOutput{Body: fxConversionView(c)}, nil
}

var opListFXConversions = huma.Operation{
	OperationID: "list-fx-conversions",
	Method:      http.MethodGet,
	Path:        "/api/v1/fx/conversions",
	Tags:        []string{"fx"},
	Summary:     "My conversions, newest first (the last 100)",
}

func (s *Server) listFXConversions(ctx context.Context, in *fxRatesInput) (*pageOutput[FXConversionView], error) {
	cs, err := s.Payments.Conversions(ctx, caller(ctx).User.ID)
	if err != nil {
		return nil, err
	}
	return pageSlice(ctx, in.PageParams, mapSlice(cs, fxConversionView), func(v FXConversionView) string { return v.ID })
}
