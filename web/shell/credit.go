package shell

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/soukhq/souk/credit"
	"github.com/soukhq/souk/payments"
	"github.com/soukhq/souk/payments/ledger"
	"github.com/soukhq/souk/payments/money"
	"github.com/soukhq/souk/web/site"
)

// The credit page (/credit): the shopper's score with each factor and its
// points, their credit line in a currency (limit, used, available, the
// draws with their due dates) with a repay form that takes the payment
// PIN, and their orders' deposits. Paying later is on the payment sheet
// (paysheet.go), a host step with the PIN like paying from the wallet.

type creditFactor struct {
	Name   string
	Count  int64
	Points string
}

type creditDraw struct {
	OrderID, Amount, Owed, Due, Status string
	Overdue                            bool
}

type creditDeposit struct {
	OrderID, Amount, Status string
}

type creditData struct {
	Score                                    int
	Base                                     int
	Factors                                  []creditFactor
	Currency                                 string
	Limit, Used, Available, Overdue, NextDue string
	Owed                                     bool
	Draws                                    []creditDraw
	Deposits                                 []creditDeposit
	Error, Notice                            string
}

func (p *pages) creditPage(r *site.Req) error {
	notice := ""
	if r.Query("repaid") == "1" {
		notice = r.L.T("credit.repaid")
	}
	return p.renderCredit(r, http.StatusOK, r.Query("currency", "USD"), "", notice)
}

func day(us int64) string { return time.UnixMicro(us).UTC().Format("2006-01-02") }

func (p *pages) renderCredit(r *site.Req, status int, cur, errMsg, notice string) error {
	if _, err := money.Lookup(cur); err != nil {
		cur = "USD"
	}
	ln, err := p.Credit.Line(r.Context(), r.UserID(), cur)
	if err != nil {
		return err
	}
	d := creditData{Score: ln.Score.Score, Base: ln.Score.Base, Currency: cur, Limit: amount(cur, int64(ln.Limit)),
		Used: amount(cur, int64(ln.Used)), Available: amount(cur, int64(ln.Available)), Owed: ln.Used > 0, Error: errMsg, Notice: notice}
	if ln.Overdue > 0 {
		d.Overdue = amount(cur, int64(ln.Overdue))
	}
	if ln.NextDueAt > 0 {
		d.NextDue = day(ln.NextDueAt)
	}
	for _, f := range ln.Score.Factors {
		pts := strconv.Itoa(f.Points)
		if f.Points > 0 {
			pts = "+" + pts
		}
		d.Factors = append(d.Factors, creditFactor{Name: f.Name, Count: f.Count, Points: pts})
	}
	for _, dr := range ln.Draws {
		d.Draws = append(d.Draws, creditDraw{OrderID: dr.OrderID, Amount: amount(cur, int64(dr.Amount)), Owed: amount(cur, int64(dr.Owed())),
			Due: day(dr.DueAt), Status: dr.Status, Overdue: dr.Status == credit.DrawOverdue})
	}
	deps, err := p.Credit.ShopperDeposits(r.Context(), r.UserID(), 20)
	if err != nil {
		return err
	}
	for _, dp := range deps {
		d.Deposits = append(d.Deposits, creditDeposit{OrderID: dp.OrderID, Amount: amount(dp.Currency, int64(dp.Amount)), Status: dp.Status})
	}
	return r.Render(p.t, status, "credit", r.Page(site.FaceShell, "credit.title", d))
}

// repayCredit repays the line (everything owed, or the amount typed) from
// the wallet with the PIN.
func (p *pages) repayCredit(r *site.Req) error {
	cur := r.FormValue("currency")
	c, err := money.Lookup(cur)
	if err != nil {
		return r.NotFound()
	}
	var a money.Amount
	if s := strings.TrimSpace(r.FormValue("amount")); s != "" {
		if a, err = money.ParsePositive(c, s); err != nil {
			return p.renderCredit(r, http.StatusUnprocessableEntity, cur, r.L.T("order.err.amount"), "")
		}
	}
	_, err = p.Credit.Repay(r.Context(), r.UserID(), cur, a, strings.TrimSpace(r.FormValue("pin")))
	if err != nil {
		msg := creditRefusal(r, err)
		if msg == "" {
			return err
		}
		return p.renderCredit(r, http.StatusUnprocessableEntity, cur, msg, "")
	}
	return r.SeeOther("/credit?currency=" + cur + "&repaid=1")
}

// creditRefusal is the message for a payment or credit rejection, "" for
// an internal error.
func creditRefusal(r *site.Req, err error) string {
	switch code := payments.Code(err); code {
	case "":
		return ""
	case payments.ErrWrongPIN.Code:
		if m := attemptsLeft.FindStringSubmatch(err.Error()); m != nil {
			left, _ := strconv.Atoi(m[1])
			return r.L.T("pay.wrong_pin", left)
		}
		return r.L.T("pay.wrong_pin_plain")
	case payments.ErrPINLocked.Code:
		return r.L.T("pay.locked")
	case payments.ErrPINNotSet.Code:
		return r.L.T("pay.no_pin")
	case payments.ErrQuoteExpired.Code:
		return r.L.T("pay.fx_expired")
	case payments.ErrQuoteMismatch.Code, payments.ErrQuoteNotFound.Code:
		return r.L.T("pay.fx_changed")
	case ledger.ErrInsufficientFunds.Code:
		return r.L.T("pay.insufficient")
	case credit.ErrCreditLimit.Code:
		return r.L.T("credit.err.limit")
	case credit.ErrDepositFunds.Code:
		return r.L.T("credit.err.deposit")
	case credit.ErrNothingToRepay.Code:
		return r.L.T("credit.err.nothing")
	default:
		return r.L.T("pay.failed")
	}
}
