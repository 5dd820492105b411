package console

import (
	"net/http"

	"github.com/soukhq/souk/web/site"
)

// The platform's credit exposure (/ops/credit, platform admins): per
// currency, how many credit lines there are, what their limits add up to,
// what is drawn and not repaid (the ledger's figure, the same the ledger
// check balances) and how much of it is overdue.

type exposureRow struct {
	Currency, Limits, Drawn, Overdue string
	Lines, OpenDraws                 int64
}

func (p *ops) creditExposure(r *site.Req) error {
	ex, err := p.Credit.Exposure(r.Context())
	if err != nil {
		return err
	}
	var rows []exposureRow
	for _, e := range ex {
		rows = append(rows, exposureRow{Currency: e.Currency, Lines: e.Lines, OpenDraws: e.OpenDraws,
			Limits: formatAmount(e.Currency, int64(e.Limits)), Drawn: formatAmount(e.Currency, int64(e.Drawn)),
			Overdue: formatAmount(e.Currency, int64(e.Overdue))})
	}
	return p.render(r, http.StatusOK, "credit", "ops.credit.title", rows, nil)
}
