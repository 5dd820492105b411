package console

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/soukhq/souk/payments"
	"github.com/soukhq/souk/payments/ledger"
	"github.com/soukhq/souk/payments/money"
	"github.com/soukhq/souk/web/site"
)

// The dashboard's balance over time (owners and managers: it is finance):
// per currency the brand's posted ledger balance at the end of each of the
// last 30 UTC days, as an SVG line whose points carry their date and value
// as titles, labelled lowest and highest values and first and last days,
// and the same figures as a table. Nothing is told by colour alone.

type balanceChart struct {
	Currency            string
	Width, Height, Base int
	LabelY              int    // the baseline of the day labels
	Points              string // the polyline's points
	Dots                []balanceDot
	Low, High           string
	First, Last, Now    string
}

type balanceDot struct {
	X, Y    int
	Day     string
	Balance string
}

const (
	balDays  = 30
	balStep  = 20
	balTop   = 24
	balPlot  = 140
	balLabel = 28
)

func (p *seller) balanceCharts(r *site.Req, b brandCtx, now time.Time) ([]balanceChart, error) {
	bals, err := p.pay().Balances(r.Context(), b.ID)
	if err != nil {
		return nil, err
	}
	var out []balanceChart
	for _, bl := range bals {
		if !strings.HasPrefix(bl.AccountID, "brand:") {
			continue
		}
		cur, err := money.Lookup(bl.Currency)
		if err != nil {
			return nil, err
		}
		c, err := dailyBalanceChart(r.Context(), p.pay().Ledger(), payments.BrandAccount(b.ID, cur.Code), cur, now)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, nil
}

// dailyBalanceChart charts an account's posted balance at the end of each
// of the last balDays UTC days (the seller dashboard's brand balance, the
// developer portal's revenue share).
func dailyBalanceChart(ctx context.Context, l *ledger.Ledger, accountID string, cur money.Currency, now time.Time) (balanceChart, error) {
	day := now.UTC().Truncate(24 * time.Hour)
	vals := make([]int64, balDays)
	days := make([]time.Time, balDays)
	for i := range balDays {
		d := day.AddDate(0, 0, i-balDays+1)
		days[i] = d
		end := d.AddDate(0, 0, 1).UnixMicro() - 1
		var err error
		if vals[i], err = l.BalanceAt(ctx, accountID, end); err != nil {
			return balanceChart{}, err
		}
	}
	return lineChart(cur, days, vals), nil
}

func lineChart(cur money.Currency, days []time.Time, vals []int64) balanceChart {
	c := balanceChart{Currency: cur.Code, Width: (len(vals)-1)*balStep + 8, Base: balTop + balPlot}
	c.Height = c.Base + balLabel
	c.LabelY = c.Height - 8
	lo, hi := vals[0], vals[0]
	for _, v := range vals {
		lo, hi = min(lo, v), max(hi, v)
	}
	lo = min(lo, 0) // the axis is zero unless the balance went below it
	span := hi - lo
	var pts []string
	for i, v := range vals {
		y := c.Base
		if span > 0 {
			y = c.Base - int((v-lo)*balPlot/span)
		}
		x := 4 + i*balStep
		pts = append(pts, strconv.Itoa(x)+","+strconv.Itoa(y))
		c.Dots = append(c.Dots, balanceDot{X: x, Y: y, Day: days[i].Format("2006-01-02"), Balance: money.Format(cur, money.Amount(v))})
	}
	c.Points = strings.Join(pts, " ")
	c.Low, c.High = money.Format(cur, money.Amount(lo)), money.Format(cur, money.Amount(hi))
	c.First, c.Last = days[0].Format("01-02"), days[len(days)-1].Format("01-02")
	c.Now = money.Format(cur, money.Amount(vals[len(vals)-1]))
	return c
}
