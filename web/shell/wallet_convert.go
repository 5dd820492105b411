package shell

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/soukhq/souk/payments"
	"github.com/soukhq/souk/payments/ledger"
	"github.com/soukhq/souk/payments/money"
	"github.com/soukhq/souk/web/site"
)

// Converting between the shopper's own wallets: the form asks what to
// convert (from, to, amount of from); the next page shows the quote — what
// arrives, the rate with its spread and source, when the quote expires —
// and converts it with the payment PIN (payments.Convert: one linked
// ledger batch through the platform's FX accounts).

type convertForm struct {
	Currencies       []string
	From, To, Amount string
	Quote            *convertQuote
}

type convertQuote struct {
	ID, Pay, Get, Rate, Mid, Spread, Source, Expires, Residue string
}

// fxCurrencies are the currencies the convert form offers: every currency
// souk knows, by code.
func fxCurrencies() []string {
	var out []string
	for _, c := range money.Currencies() {
		out = append(out, c.Code)
	}
	slices.Sort(out)
	return out
}

func (p *pages) convertPage(r *site.Req) error {
	return p.renderConvert(r, http.StatusOK, convertForm{From: "USD", To: "JPY"}, "")
}

func (p *pages) renderConvert(r *site.Req, status int, d convertForm, errMsg string) error {
	d.Currencies = fxCurrencies()
	pg := r.Page("wallet", "wallet.convert_title", d)
	pg.Error = errMsg
	return r.Render(p.t, status, "convert", pg)
}

func quoteView(q payments.Quote) *convertQuote {
	return &convertQuote{ID: q.ID, Pay: amount(q.SourceCurrency, int64(q.SourceAmount)), Get: amount(q.TargetCurrency, int64(q.TargetAmount)),
		Rate:    "1 " + q.SourceCurrency + " = " + q.AppliedRate + " " + q.TargetCurrency,
		Mid:     "1 " + q.SourceCurrency + " = " + q.MidRate + " " + q.TargetCurrency,
		Spread:  fmt.Sprintf("%d.%02d %%", q.SpreadBps/100, q.SpreadBps%100),
		Source:  q.RateSource + " · " + time.UnixMicro(q.RateTime).UTC().Format("2006-01-02 15:04 UTC"),
		Expires: time.UnixMicro(q.ExpiresAt).UTC().Format("15:04:05 UTC"), Residue: amount(q.SourceCurrency, int64(q.Residue))}
}

// quoteConvert prices the form's conversion and shows the quote.
func (p *pages) quoteConvert(r *site.Req) error {
	d := convertForm{From: r.FormValue("from"), To: r.FormValue("to"), Amount: strings.TrimSpace(r.FormValue("amount"))}
	cur, err := money.Lookup(d.From)
	if err != nil {
		return p.renderConvert(r, http.StatusUnprocessableEntity, d, r.L.T("order.err.amount"))
	}
	a, err := money.ParsePositive(cur, d.Amount)
	if err != nil {
		return p.renderConvert(r, http.StatusUnprocessableEntity, d, r.L.T("order.err.amount"))
	}
	q, err := p.pay().NewQuote(r.Context(), payments.QuoteRequest{UserID: r.UserID(), From: d.From, To: d.To, Sell: a})
	if err != nil {
		return p.convertRefused(r, d, err)
	}
	d.Quote = quoteView(q)
	return p.renderConvert(r, http.StatusOK, d, "")
}

// runConvert checks the PIN and executes the quote.
func (p *pages) runConvert(r *site.Req) error {
	pay := p.pay()
	q, err := pay.GetQuote(r.Context(), r.UserID(), r.Params("quote"))
	if err != nil {
		return r.NotFound()
	}
	d := convertForm{From: q.SourceCurrency, To: q.TargetCurrency, Amount: money.Format(money.MustLookup(q.SourceCurrency), q.SourceAmount), Quote: quoteView(q)}
	if err := pay.VerifyPIN(r.Context(), r.UserID(), strings.TrimSpace(r.FormValue("pin"))); err != nil {
		return p.convertRefused(r, d, err)
	}
	if _, err := pay.Convert(r.Context(), r.UserID(), q.ID); err != nil {
		d.Quote = nil
		return p.convertRefused(r, d, err)
	}
	return r.SeeOther("/wallet")
}

func (p *pages) convertRefused(r *site.Req, d convertForm, err error) error {
	var msg string
	switch payments.Code(err) {
	case "":
		return err
	case payments.ErrWrongPIN.Code, payments.ErrPINLocked.Code, payments.ErrPINNotSet.Code:
		msg = r.L.T("pay.wrong_pin_plain")
		if payments.Code(err) == payments.ErrPINLocked.Code {
			msg = r.L.T("pay.locked")
		} else if payments.Code(err) == payments.ErrPINNotSet.Code {
			msg = r.L.T("pay.no_pin")
		}
	case payments.ErrNoRate.Code:
		msg = r.L.T("wallet.fx_no_rate")
	case payments.ErrQuoteExpired.Code:
		msg = r.L.T("pay.fx_expired")
	case ledger.ErrInsufficientFunds.Code:
		msg = r.L.T("wallet.err.insufficient")
	default:
		msg = r.L.T("wallet.fx_refused")
	}
	return p.renderConvert(r, http.StatusUnprocessableEntity, d, msg)
}
