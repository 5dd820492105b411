package shell

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/soukhq/souk/payments"
	"github.com/soukhq/souk/payments/ledger"
	"github.com/soukhq/souk/payments/money"
	"github.com/soukhq/souk/web/site"
)

// Top-up and withdrawal: the host's own page asks for the currency, the
// amount and the payment PIN under the shopper's anti-phishing phrase,
// checks the PIN (wrong ones count down as on the payment sheet) and starts
// a durable funding operation with payments.TopUp or Withdraw. The bank
// (the simulated one in development) answers later, on any node; the
// operation's page shows it pending until the bank succeeds or fails or
// its timeout (SOUK_FUNDING_TIMEOUT) expires it, refreshing itself while
// pending. A withdrawal reserves its amount at once; a failed or expired one
// releases it.

type fundingForm struct {
	Kind                        string // topup or withdrawal
	Phrase, ClientID            string
	Currencies                  []string
	Amount, Currency, Available string
}

type fundingView struct {
	ID, Kind, Status, Amount, When, Failure string
	Pending                                 bool
}

func fundingViewOf(op payments.FundingOp) fundingView {
	return fundingView{ID: op.ID, Kind: op.Kind, Status: op.Status, Amount: amount(op.Currency, int64(op.Amount)),
		When: time.UnixMicro(op.CreatedAt).UTC().Format("2006-01-02 15:04"), Failure: op.Failure, Pending: op.Status == payments.FundingPending}
}

// pay is the payments service the wallet pages use.
func (p *pages) pay() *payments.Service {
	if p.Payments != nil {
		return p.Payments
	}
	if p.Apps != nil {
		return p.Apps.Payments
	}
	return nil
}

func fundingKind(r *site.Req) string {
	if strings.HasSuffix(r.Path(), "/withdraw") {
		return payments.FundingWithdrawal
	}
	return payments.FundingTopUp
}

func (p *pages) fundingPage(r *site.Req) error {
	return p.renderFunding(r, http.StatusOK, fundingForm{Kind: fundingKind(r), ClientID: newClientID(), Currency: "USD"}, "")
}

func (p *pages) renderFunding(r *site.Req, status int, d fundingForm, errMsg string) error {
	d.Phrase, d.Currencies = r.Profile().AntiPhishingPhrase, moneyCurrencies
	if b, err := p.pay().WalletBalance(r.Context(), r.UserID(), d.Currency); err == nil {
		d.Available = amount(d.Currency, b.Available)
	}
	title := "wallet.topup_title"
	if d.Kind == payments.FundingWithdrawal {
		title = "wallet.withdraw_title"
	}
	pg := r.Page("wallet", title, d)
	pg.Error = errMsg
	return r.Render(p.t, status, "funding", pg)
}

// startFunding checks the PIN, then asks the bank. The client id in the
// form makes a double submit one operation.
func (p *pages) startFunding(r *site.Req) error {
	d := fundingForm{Kind: fundingKind(r), ClientID: r.FormValue("client_id"), Currency: r.FormValue("currency"),
		Amount: strings.TrimSpace(r.FormValue("amount"))}
	if d.ClientID == "" || len(d.ClientID) > 64 {
		d.ClientID = newClientID()
	}
	cur, err := money.Lookup(d.Currency)
	if err != nil {
		d.Currency = "USD"
		return p.renderFunding(r, http.StatusUnprocessableEntity, d, r.L.T("order.err.amount"))
	}
	a, err := money.ParsePositive(cur, d.Amount)
	if err != nil {
		return p.renderFunding(r, http.StatusUnprocessableEntity, d, r.L.T("order.err.amount"))
	}
	pay := p.pay()
	if err := pay.VerifyPIN(r.Context(), r.UserID(), strings.TrimSpace(r.FormValue("pin"))); err != nil {
		return p.fundingRefused(r, d, err)
	}
	var op payments.FundingOp
	if d.Kind == payments.FundingWithdrawal {
		op, err = pay.Withdraw(r.Context(), r.UserID(), d.ClientID, d.Currency, a)
	} else {
		op, err = pay.TopUp(r.Context(), r.UserID(), d.ClientID, d.Currency, a)
	}
	if err != nil {
		return p.fundingRefused(r, d, err)
	}
	return r.SeeOther("/wallet/funding/" + op.ID)
}

func (p *pages) fundingRefused(r *site.Req, d fundingForm, err error) error {
	var msg string
	switch payments.Code(err) {
	case "":
		return err
	case payments.ErrWrongPIN.Code:
		if m := attemptsLeft.FindStringSubmatch(err.Error()); m != nil {
			left, _ := strconv.Atoi(m[1])
			msg = r.L.T("pay.wrong_pin", left)
		} else {
			msg = r.L.T("pay.wrong_pin_plain")
		}
	case payments.ErrPINLocked.Code:
		msg = r.L.T("pay.locked")
	case payments.ErrPINNotSet.Code:
		msg = r.L.T("pay.no_pin")
	case ledger.ErrInsufficientFunds.Code:
		msg = r.L.T("wallet.err.insufficient")
	case payments.ErrFundingUnavailable.Code:
		msg = r.L.T("wallet.err.no_bank")
	default:
		msg = r.L.T("wallet.err.other")
	}
	// A refusal is a new attempt: the same client id would replay it.
	d.ClientID = newClientID()
	return p.renderFunding(r, http.StatusUnprocessableEntity, d, msg)
}

// fundingStatus shows one of the shopper's operations; anyone else's is the
// 404 page. While it is pending the status block asks again every 2 s (the
// htmx request gets the block alone).
func (p *pages) fundingStatus(r *site.Req) error {
	op, err := p.pay().OwnFunding(r.Context(), r.UserID(), r.Params("fid"))
	if payments.Code(err) == payments.ErrFundingNotFound.Code || (err == nil && op.Kind == payments.FundingPayout) {
		return r.NotFound()
	}
	if err != nil {
		return err
	}
	d := fundingStatusData{Op: fundingViewOf(op)}
	if b, err := p.pay().WalletBalance(r.Context(), r.UserID(), op.Currency); err == nil {
		d.Available = amount(op.Currency, b.Available)
	}
	title := "wallet.topup_title"
	if op.Kind == payments.FundingWithdrawal {
		title = "wallet.withdraw_title"
	}
	pg := r.Page("wallet", title, d)
	if r.Get("HX-Request") == "true" {
		return r.Fragment(p.t, "funding_status", "status", pg)
	}
	return r.Render(p.t, http.StatusOK, "funding_status", pg)
}

type fundingStatusData struct {
	Op        fundingView
	Available string
}
