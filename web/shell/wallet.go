package shell

import (
	"net/http"
	"slices"
	"time"

	"github.com/soukhq/souk/payments"
	"github.com/soukhq/souk/payments/ledger"
	"github.com/soukhq/souk/web/site"
)

// The wallet page: balances per currency and the newest statement lines
// with their running balance, read from the ledger (the numbers the API
// answers), the shopper's top-ups and withdrawals with their state
// (wallet_funding.go), and their payment history (payments.ShopperRequests).

type walletLine struct {
	When, What, Change, Balance string
	Credit                      bool
}

type walletCurrency struct {
	Currency, Posted, Available, Pending string
	Lines                                []walletLine
	More                                 bool
}

type walletData struct {
	Currencies []walletCurrency
	Funding    []fundingView
	Payments   []paymentLine
	OrderLinks bool // the order centre is mounted
	Credit     bool // the credit page is mounted
}

// paymentLine is one payment request in the history.
type paymentLine struct {
	When, Amount, Status, OrderID, Refunded string
}

// historyShown is how many funding operations and payments the page lists.
const historyShown = 20

// statementShown is how many of the newest lines the page shows per currency.
const statementShown = 30

func (p *pages) wallet(r *site.Req) error {
	pay := p.pay()
	bals, err := pay.Balances(r.Context(), r.UserID())
	if err != nil {
		return err
	}
	d := walletData{OrderLinks: p.Apps != nil && p.Apps.Commerce != nil, Credit: p.Credit != nil}
	for _, b := range bals {
		wc := walletCurrency{Currency: b.Currency, Posted: amount(b.Currency, b.Posted), Available: amount(b.Currency, b.Available)}
		if b.PendingDebits != 0 {
			wc.Pending = amount(b.Currency, b.PendingDebits)
		}
		var lines []ledger.Line
		var after int64
		for range 20 { // at most 2,000 lines are read; older ones are in the API's statement
			st, err := pay.WalletStatement(r.Context(), r.UserID(), b.Currency, after, 100)
			if err != nil {
				return err
			}
			lines = append(lines, st.Lines...)
			if len(lines) > statementShown {
				lines = lines[len(lines)-statementShown:]
				wc.More = true
			}
			if st.Next == 0 {
				break
			}
			after = st.Next
		}
		slices.Reverse(lines)
		for _, l := range lines {
			wc.Lines = append(wc.Lines, walletLine{
				When:    time.UnixMicro(l.CreatedAt).UTC().Format("2006-01-02 15:04"),
				What:    r.L.T("wallet.code." + codeKey(r, l.Code)),
				Change:  amount(b.Currency, l.Posted),
				Balance: amount(b.Currency, l.Balance),
				Credit:  l.Posted > 0,
			})
		}
		d.Currencies = append(d.Currencies, wc)
	}
	ops, err := pay.FundingOps(r.Context(), r.UserID(), "", historyShown)
	if err != nil {
		return err
	}
	for _, op := range ops {
		if op.Kind != payments.FundingPayout {
			d.Funding = append(d.Funding, fundingViewOf(op))
		}
	}
	reqs, err := pay.ShopperRequests(r.Context(), r.UserID(), historyShown)
	if err != nil {
		return err
	}
	for _, q := range reqs {
		pl := paymentLine{When: time.UnixMicro(q.CreatedAt).UTC().Format("2006-01-02 15:04"), Amount: amount(q.Currency, int64(q.Amount)),
			Status: q.Status, OrderID: q.OrderID}
		if q.Refunded > 0 {
			pl.Refunded = amount(q.Currency, int64(q.Refunded))
		}
		d.Payments = append(d.Payments, pl)
	}
	return r.Render(p.t, http.StatusOK, "wallet", r.Page("wallet", "wallet.title", d))
}

func codeKey(r *site.Req, code string) string {
	if r.L.Has("wallet.code." + code) {
		return code
	}
	return "other"
}
