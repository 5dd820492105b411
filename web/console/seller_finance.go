package console

import (
	"bytes"
	"encoding/csv"
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/soukhq/souk/payments"
	"github.com/soukhq/souk/payments/ledger"
	"github.com/soukhq/souk/payments/money"
	"github.com/soukhq/souk/store"
	"github.com/soukhq/souk/web/site"
)

// The finance page (owner, manager; an agent gets the 404 page): per
// currency the brand's available balance (what a payout may take now),
// pending (reserved by payouts on their way to the bank) and escrow (its
// paid orders not yet settled), straight from the ledger and payments;
// the statement with the running balance, 50 lines a page and as CSV;
// each settled order's split (fee, developer share, the brand's net); and
// payouts: request one, see each one's status.

const statementPage = 50

type balanceRow struct {
	Currency, Available, Pending, Escrow, Posted string
}

type statementRow struct {
	At, What, Reference, Change, Balance string
}

type settlementRow struct {
	Order, Settled, Paid, Refunded, Fee, FeeRate, Developer, Net string
}

type payoutRow struct {
	ID, Created, Amount, Status, Failure string
}

type financeData struct {
	Currency    string
	Currencies  []string
	Balances    []balanceRow
	Statement   []statementRow
	Next, First string // statement paging links
	Settlements []settlementRow
	Payouts     []payoutRow
	// PayoutID is the idempotency id the payout form posts, so a double
	// submit asks the bank once.
	PayoutID, MinPayout string
	Amount              string
}

func (p *seller) pay() *payments.Service { return p.Commerce.Payments() }

// brandCurrencies are the currencies the brand has a balance or escrow in
// (the chosen one first when given; USD when there is none yet).
func (p *seller) brandCurrencies(r *site.Req, b brandCtx) ([]ledger.Balance, map[string]money.Amount, []string, error) {
	bals, err := p.pay().Balances(r.Context(), b.ID)
	if err != nil {
		return nil, nil, nil, err
	}
	escrow, err := p.pay().BrandEscrow(r.Context(), b.ID)
	if err != nil {
		return nil, nil, nil, err
	}
	var curs []string
	for _, bl := range bals {
		if strings.HasPrefix(bl.AccountID, "brand:") && !slices.Contains(curs, bl.Currency) {
			curs = append(curs, bl.Currency)
		}
	}
	for c := range escrow {
		if !slices.Contains(curs, c) {
			curs = append(curs, c)
		}
	}
	slices.Sort(curs)
	return bals, escrow, curs, nil
}

func (p *seller) finance(r *site.Req, b brandCtx) error {
	d, err := p.financeData(r, b)
	if errors.Is(err, errBadCurrency) {
		return r.NotFound()
	}
	if err != nil {
		return err
	}
	return p.renderFinance(r, b, http.StatusOK, d, "", "")
}

func (p *seller) renderFinance(r *site.Req, b brandCtx, status int, d financeData, errMsg, notice string) error {
	return p.render(r, status, "finance", "seller.finance.title", b, d, func(pg *site.Page) { pg.Error, pg.Notice = errMsg, notice })
}

func (p *seller) financeData(r *site.Req, b brandCtx) (financeData, error) {
	ctx := r.Context()
	var d financeData
	bals, escrow, curs, err := p.brandCurrencies(r, b)
	if err != nil {
		return d, err
	}
	d.Currency = r.Query("currency")
	if d.Currency == "" && len(curs) > 0 {
		d.Currency = curs[0]
	}
	if d.Currency == "" {
		d.Currency = "USD"
	}
	cur, err := money.Lookup(d.Currency)
	if err != nil {
		return d, errBadCurrency
	}
	if !slices.Contains(curs, cur.Code) {
		curs = append(curs, cur.Code)
	}
	d.Currencies = curs
	for _, c := range curs {
		row := balanceRow{Currency: c, Escrow: amount(c, escrow[c]), Available: amount(c, 0), Pending: amount(c, 0), Posted: amount(c, 0)}
		for _, bl := range bals {
			if bl.AccountID == payments.BrandAccount(b.ID, c) {
				row.Available, row.Pending, row.Posted = amount(c, money.Amount(bl.Available)), amount(c, money.Amount(bl.PendingDebits)), amount(c, money.Amount(bl.Posted))
			}
		}
		d.Balances = append(d.Balances, row)
	}
	after, _ := strconv.ParseInt(r.Query("after"), 10, 64)
	st, err := p.pay().BrandStatement(ctx, b.ID, cur.Code, max(after, 0), statementPage)
	if err != nil {
		return d, err
	}
	for _, ln := range st.Lines {
		d.Statement = append(d.Statement, statementLine(r, cur, ln))
	}
	base := "/seller/" + b.ID + "/finance?" + url.Values{"currency": {cur.Code}}.Encode()
	if st.Next != 0 {
		d.Next = base + "&after=" + strconv.FormatInt(st.Next, 10)
	}
	if after > 0 {
		d.First = base
	}
	ss, err := p.pay().BrandSettlements(ctx, b.ID, cur.Code, 0, 50)
	if err != nil {
		return d, err
	}
	for _, x := range ss {
		d.Settlements = append(d.Settlements, settlementRow{Order: x.OrderID, Settled: fmtTime(x.SettledAt), Paid: money.Format(cur, x.Amount),
			Refunded: money.Format(cur, x.Refunded), Fee: money.Format(cur, x.Fee), FeeRate: bpsPercent(int64(x.FeeBps)) + " %",
			Developer: money.Format(cur, x.DeveloperAmount), Net: money.Format(cur, x.BrandAmount)})
	}
	ops, err := p.pay().FundingOps(ctx, b.ID, payments.FundingPayout, 50)
	if err != nil {
		return d, err
	}
	for _, op := range ops {
		d.Payouts = append(d.Payouts, payoutRow{ID: op.ID, Created: fmtTime(op.CreatedAt), Amount: amount(op.Currency, op.Amount) + " " + op.Currency,
			Status: op.Status, Failure: op.Failure})
	}
	d.PayoutID = store.NewID("web")
	d.MinPayout = money.Format(cur, p.pay().MinPayout(cur.Code))
	return d, nil
}

var errBadCurrency = errors.New("unknown currency")

// statementLine is a ledger line in words: what moved the balance.
func statementLine(r *site.Req, cur money.Currency, ln ledger.Line) statementRow {
	what := ln.Code
	if k := "seller.finance.code." + ln.Code; r.L.Has(k) {
		what = r.L.T(k)
	}
	change := money.Format(cur, money.Amount(ln.Posted))
	if ln.Posted > 0 {
		change = "+" + change
	}
	if ln.Posted == 0 && ln.PendingDebits != 0 {
		change = r.L.T("seller.finance.reserved", money.Format(cur, money.Amount(ln.PendingDebits)))
	}
	return statementRow{At: fmtTime(ln.CreatedAt), What: what, Reference: ln.Reference, Change: change, Balance: money.Format(cur, money.Amount(ln.Balance))}
}

// readPayout reads a payout form (the brand's balance or a developer
// org's share): the currency, the amount (typed is set to it as typed, to
// show again) and the client's idempotency id; msg says what is wrong.
func readPayout(r *site.Req, typed *string) (cur money.Currency, a money.Amount, id, msg string) {
	cur, err := money.Lookup(r.FormValue("currency"))
	if err != nil {
		return cur, 0, "", r.L.T("seller.products.bad_currency")
	}
	*typed = strings.TrimSpace(r.FormValue("amount"))
	if a, err = money.ParsePositive(cur, *typed); err != nil {
		return cur, 0, "", r.L.T("seller.products.bad_price", cur.Code)
	}
	id = strings.TrimSpace(r.FormValue("payout_id"))
	if id == "" || len(id) > 64 {
		id = store.NewID("web")
	}
	return cur, a, id, ""
}

// payoutRefusal words a payments refusal of a payout for the page.
func payoutRefusal(r *site.Req, err error) (string, bool) {
	var pe *payments.Error
	if errors.As(err, &pe) {
		return r.L.T("seller.order.refused", pe.Error()), true
	}
	return "", false
}

// requestPayout asks the bank to pay amount of the available balance out.
func (p *seller) requestPayout(r *site.Req, b brandCtx) error {
	d, err := p.financeData(r, b)
	if errors.Is(err, errBadCurrency) {
		return r.NotFound()
	}
	if err != nil {
		return err
	}
	cur, a, id, msg := readPayout(r, &d.Amount)
	if msg != "" {
		return p.renderFinance(r, b, http.StatusUnprocessableEntity, d, msg, "")
	}
	op, err := p.pay().RequestPayout(r.Context(), b.ID, id, cur.Code, a)
	if msg, ok := payoutRefusal(r, err); ok {
		return p.renderFinance(r, b, http.StatusUnprocessableEntity, d, msg, "")
	} else if err != nil {
		return err
	}
	if d, err = p.financeData(r, b); err != nil {
		return err
	}
	return p.renderFinance(r, b, http.StatusOK, d, "", r.L.T("seller.finance.payout_requested", money.Format(cur, op.Amount)+" "+cur.Code, op.Status))
}

// statementCSV downloads the whole statement of a currency.
func (p *seller) statementCSV(r *site.Req, b brandCtx) error {
	cur, err := money.Lookup(r.Query("currency"))
	if err != nil {
		return r.NotFound()
	}
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	_ = w.Write([]string{"seq", "time_utc", "code", "reference", "transfer_id", "change", "pending_debits", "balance", "currency"})
	after := int64(0)
	for {
		st, err := p.pay().BrandStatement(r.Context(), b.ID, cur.Code, after, 1000)
		if err != nil {
			return err
		}
		for _, ln := range st.Lines {
			_ = w.Write([]string{strconv.FormatInt(ln.Seq, 10), time.UnixMicro(ln.CreatedAt).UTC().Format(time.RFC3339), ln.Code, ln.Reference, ln.TransferID,
				money.Format(cur, money.Amount(ln.Posted)), money.Format(cur, money.Amount(ln.PendingDebits)), money.Format(cur, money.Amount(ln.Balance)), cur.Code})
		}
		if st.Next == 0 {
			break
		}
		after = st.Next
	}
	w.Flush()
	r.Set("Content-Type", "text/csv; charset=utf-8")
	r.Set("Content-Disposition", `attachment; filename="statement-`+cur.Code+`.csv"`)
	return r.Status(http.StatusOK).Send(buf.Bytes())
}
