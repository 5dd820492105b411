package console

import (
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/soukhq/souk/identity"
	"github.com/soukhq/souk/payments"
	"github.com/soukhq/souk/payments/money"
	"github.com/soukhq/souk/store"
	"github.com/soukhq/souk/web/site"
)

// The revenue page (/portal/{orgId}/revenue, owners only: a developer gets
// 403): per currency the org's revenue share — what settled orders placed
// through its apps earned it (payments.DeveloperAccount) — available,
// reserved by payouts on their way and posted; the share earned per day
// over the last 30 days as a chart (the seller dashboard's lineChart) and
// a table; the statement with the running balance; and payouts of the
// share to the org's bank (payments.RequestDeveloperPayout, the brand
// payout's rail) with each one's state.

type revenueData struct {
	Currency    string
	Currencies  []string
	Balances    []balanceRow
	Chart       balanceChart
	Earned      string // over the chart's 30 days
	Statement   []statementRow
	Next, First string
	Payouts     []payoutRow
	// PayoutID is the idempotency id the payout form posts, so a double
	// submit asks the bank once.
	PayoutID, MinPayout, Amount string
}

func (p *portal) mountRevenue(app fiber.Router) {
	if p.Payments == nil {
		return
	}
	dev := site.OrgMember(identity.OrgDeveloper)
	p.Site.Get(app, "/portal/:orgId/revenue", dev, p.org(devRolesOwner, p.revenue))
	p.Site.Post(app, "/portal/:orgId/revenue/payouts", dev, p.org(devRolesOwner, p.requestDevPayout))
}

func (p *portal) revenue(r *site.Req, o devCtx) error {
	d, err := p.revenueData(r, o)
	if errors.Is(err, errBadCurrency) {
		return r.NotFound()
	}
	if err != nil {
		return err
	}
	return p.renderRevenue(r, o, http.StatusOK, d, "", "")
}

func (p *portal) renderRevenue(r *site.Req, o devCtx, status int, d revenueData, errMsg, notice string) error {
	return p.render(r, status, "revenue", "portal.revenue.title", o, d, func(pg *site.Page) { pg.Error, pg.Notice = errMsg, notice })
}

func (p *portal) revenueData(r *site.Req, o devCtx) (revenueData, error) {
	ctx := r.Context()
	var d revenueData
	bals, err := p.Payments.Balances(ctx, o.OrgID)
	if err != nil {
		return d, err
	}
	for _, bl := range bals {
		if strings.HasPrefix(bl.AccountID, "developer:") && !slices.Contains(d.Currencies, bl.Currency) {
			d.Currencies = append(d.Currencies, bl.Currency)
		}
	}
	slices.Sort(d.Currencies)
	d.Currency = r.Query("currency")
	if d.Currency == "" && len(d.Currencies) > 0 {
		d.Currency = d.Currencies[0]
	}
	if d.Currency == "" {
		d.Currency = "USD"
	}
	cur, err := money.Lookup(d.Currency)
	if err != nil {
		return d, errBadCurrency
	}
	d.Currency = cur.Code
	if !slices.Contains(d.Currencies, cur.Code) {
		d.Currencies = append(d.Currencies, cur.Code)
	}
	for _, c := range d.Currencies {
		row := balanceRow{Currency: c, Available: amount(c, 0), Pending: amount(c, 0), Posted: amount(c, 0)}
		for _, bl := range bals {
			if bl.AccountID == payments.DeveloperAccount(o.OrgID, c) {
				row.Available, row.Pending, row.Posted = amount(c, money.Amount(bl.Available)), amount(c, money.Amount(bl.PendingDebits)),
					amount(c, money.Amount(bl.Posted))
			}
		}
		d.Balances = append(d.Balances, row)
	}
	if err := p.revenueChart(r, o, cur, time.Now(), &d); err != nil {
		return d, err
	}
	after, _ := strconv.ParseInt(r.Query("after"), 10, 64)
	st, err := p.Payments.DeveloperStatement(ctx, o.OrgID, cur.Code, max(after, 0), statementPage)
	if err != nil {
		return d, err
	}
	for _, ln := range st.Lines {
		d.Statement = append(d.Statement, statementLine(r, cur, ln))
	}
	base := "/portal/" + o.OrgID + "/revenue?" + url.Values{"currency": {cur.Code}}.Encode()
	if st.Next != 0 {
		d.Next = base + "&after=" + strconv.FormatInt(st.Next, 10)
	}
	if after > 0 {
		d.First = base
	}
	ops, err := p.Payments.FundingOps(ctx, o.OrgID, payments.FundingPayout, 50)
	if err != nil {
		return d, err
	}
	for _, op := range ops {
		d.Payouts = append(d.Payouts, payoutRow{ID: op.ID, Created: fmtTime(op.CreatedAt), Amount: amount(op.Currency, op.Amount) + " " + op.Currency,
			Status: op.Status, Failure: op.Failure})
	}
	d.PayoutID = store.NewID("web")
	d.MinPayout = money.Format(cur, p.Payments.MinPayout(cur.Code))
	return d, nil
}

// revenueChart is the share earned (settlements credited to the org) on
// each of the last 30 UTC days, read from the statement.
func (p *portal) revenueChart(r *site.Req, o devCtx, cur money.Currency, now time.Time, d *revenueData) error {
	day := now.UTC().Truncate(24 * time.Hour)
	first := day.AddDate(0, 0, 1-balDays)
	days := make([]time.Time, balDays)
	for i := range days {
		days[i] = first.AddDate(0, 0, i)
	}
	vals := make([]int64, balDays)
	var total int64
	for after := int64(0); ; {
		st, err := p.Payments.DeveloperStatement(r.Context(), o.OrgID, cur.Code, after, 1000)
		if err != nil {
			return err
		}
		for _, ln := range st.Lines {
			at := time.UnixMicro(ln.CreatedAt).UTC()
			if !strings.HasPrefix(ln.Code, "settlement_") || ln.Posted <= 0 || at.Before(first) {
				continue
			}
			if i := int(at.Sub(first) / (24 * time.Hour)); i < balDays {
				vals[i] += ln.Posted
				total += ln.Posted
			}
		}
		if st.Next == 0 {
			break
		}
		after = st.Next
	}
	d.Chart = lineChart(cur, days, vals)
	d.Earned = money.Format(cur, money.Amount(total))
	return nil
}

// requestDevPayout asks the bank to pay amount of the org's available
// share out.
func (p *portal) requestDevPayout(r *site.Req, o devCtx) error {
	d, err := p.revenueData(r, o)
	if errors.Is(err, errBadCurrency) {
		return r.NotFound()
	}
	if err != nil {
		return err
	}
	cur, a, id, msg := readPayout(r, &d.Amount)
	if msg != "" {
		return p.renderRevenue(r, o, http.StatusUnprocessableEntity, d, msg, "")
	}
	op, err := p.Payments.RequestDeveloperPayout(r.Context(), o.OrgID, id, cur.Code, a)
	if msg, ok := payoutRefusal(r, err); ok {
		return p.renderRevenue(r, o, http.StatusUnprocessableEntity, d, msg, "")
	} else if err != nil {
		return err
	}
	if d, err = p.revenueData(r, o); err != nil {
		return err
	}
	return p.renderRevenue(r, o, http.StatusOK, d, "", r.L.T("seller.finance.payout_requested", money.Format(cur, op.Amount)+" "+cur.Code, op.Status))
}
