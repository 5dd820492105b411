package console

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/soukhq/souk/credit"
	"github.com/soukhq/souk/internal/fault"
	"github.com/soukhq/souk/payments/money"
	"github.com/soukhq/souk/web/site"
)

// Deposits in the seller console (/seller/{orgId}/deposits, credit/): the
// brand's waiver threshold and the SKUs that need a deposit (owners and
// managers), and the deposits of its orders: a held one is released when
// the item comes back (any staff) or captured (owners and managers).

type depositSKURow struct{ SKUID, Amount string }

type depositRow struct {
	ID, OrderID, Amount, Status, Created string
	Score, Threshold                     int
	Held                                 bool
}

type depositsData struct {
	Threshold string
	SKUs      []depositSKURow
	Rows      []depositRow
}

func (p *seller) deposits(r *site.Req, b brandCtx) error {
	return p.renderDeposits(r, http.StatusOK, b, "", "")
}

func (p *seller) renderDeposits(r *site.Req, status int, b brandCtx, msg, notice string) error {
	t, err := p.Credit.WaiverThreshold(r.Context(), b.ID)
	if err != nil {
		return err
	}
	d := depositsData{Threshold: strconv.Itoa(t)}
	skus, err := p.Credit.DepositSKUs(r.Context(), b.ID)
	if err != nil {
		return err
	}
	for _, k := range skus {
		d.SKUs = append(d.SKUs, depositSKURow{SKUID: k.SKUID, Amount: formatAmount(k.Currency, int64(k.Amount))})
	}
	list, err := p.Credit.BrandDeposits(r.Context(), b.ID, "", 100)
	if err != nil {
		return err
	}
	for _, dp := range list {
		d.Rows = append(d.Rows, depositRow{ID: dp.ID, OrderID: dp.OrderID, Amount: formatAmount(dp.Currency, int64(dp.Amount)),
			Status: dp.Status, Created: time.UnixMicro(dp.CreatedAt).UTC().Format("2006-01-02 15:04"), Score: dp.Score,
			Threshold: dp.Threshold, Held: dp.Status == credit.DepositHeld})
	}
	return p.render(r, status, "deposits", "deposit.seller.title", b, d, func(pg *site.Page) { pg.Error, pg.Notice = msg, notice })
}

func formatAmount(cur string, a int64) string {
	c, err := money.Lookup(cur)
	if err != nil {
		return strconv.FormatInt(a, 10)
	}
	return money.Format(c, money.Amount(a)) + " " + cur
}

// refused re-renders the page with a domain rejection's message, or
// returns an internal error.
func (p *seller) depositRefused(r *site.Req, b brandCtx, err error) error {
	if e, ok := fault.As(err); ok {
		return p.renderDeposits(r, http.StatusUnprocessableEntity, b, e.Message, "")
	}
	return err
}

func (p *seller) saveWaiverThreshold(r *site.Req, b brandCtx) error {
	t, err := strconv.Atoi(strings.TrimSpace(r.FormValue("threshold")))
	if err != nil {
		return p.renderDeposits(r, http.StatusUnprocessableEntity, b, r.L.T("deposit.seller.bad_threshold"), "")
	}
	if err := p.Credit.SetWaiverThreshold(r.Context(), b.ID, t); err != nil {
		return p.depositRefused(r, b, err)
	}
	return p.renderDeposits(r, http.StatusOK, b, "", r.L.T("deposit.seller.saved"))
}

func (p *seller) markDepositSKU(r *site.Req, b brandCtx) error {
	skuID := strings.TrimSpace(r.FormValue("sku_id"))
	cur, err := p.Credit.SKUCurrency(r.Context(), b.ID, skuID)
	if err != nil {
		return p.depositRefused(r, b, err)
	}
	var a money.Amount
	if s := strings.TrimSpace(r.FormValue("amount")); s != "0" {
		if a, err = money.ParsePositive(money.MustLookup(cur), s); err != nil {
			return p.renderDeposits(r, http.StatusUnprocessableEntity, b, r.L.T("order.err.amount"), "")
		}
	}
	if _, err := p.Credit.MarkDeposit(r.Context(), b.ID, skuID, a); err != nil {
		return p.depositRefused(r, b, err)
	}
	return p.renderDeposits(r, http.StatusOK, b, "", r.L.T("deposit.seller.saved"))
}

func (p *seller) resolveDeposit(capture bool) func(r *site.Req, b brandCtx) error {
	return func(r *site.Req, b brandCtx) error {
		if capture && !contains(rolesManage, b.Role) {
			return r.NotFound()
		}
		_, err := p.Credit.ResolveDeposit(r.Context(), b.ID, r.Params("depositId"), capture, r.UserID())
		if fault.Code(err) == credit.ErrNotFound.Code {
			return r.NotFound()
		}
		if err != nil {
			return p.depositRefused(r, b, err)
		}
		key := "deposit.seller.released"
		if capture {
			key = "deposit.seller.captured"
		}
		return p.renderDeposits(r, http.StatusOK, b, "", r.L.T(key))
	}
}
