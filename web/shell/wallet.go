package shell

import (
	"net/http"
	"slices"
	"time"

	"github.com/soukhq/souk/payments/ledger"
	"github.com/soukhq/souk/web/site"
)

// The wallet page: balances per currency and the newest statement lines
// with their running balance, read from the ledger (the numbers the API
// answers). Top-up and withdrawal pages wait for the durable funding
// operations (Trust issue).

type walletLine struct {
	When, What, Change, Balance string
	Credit                      bool
}

type walletCurrency struct {
	Currency, Posted, Available, Pending string
	Lines                                []walletLine
	More                                 bool
}

type walletData struct{ Currencies []walletCurrency }

// statementShown is how many of the newest lines the page shows per currency.
const statementShown = 30

func (p *pages) wallet(r *site.Req) error {
	pay := p.Apps.Payments
	bals, err := pay.Balances(r.Context(), r.UserID())
	if err != nil {
		return err
	}
	var d walletData
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
	return r.Render(p.t, http.StatusOK, "wallet", r.Page("wallet", "wallet.title", d))
}

func codeKey(r *site.Req, code string) string {
	if r.L.Has("wallet.code." + code) {
		return code
	}
	return "other"
}
