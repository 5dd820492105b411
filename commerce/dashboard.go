package commerce

import (
	"context"
	"time"

	"github.com/soukhq/souk/payments/money"
)

// DashboardDays is how many days of daily sales BrandDashboard returns.
const DashboardDays = 30

// DaySales is one UTC day's paid orders and their total.
type DaySales struct {
	Day    time.Time    `json:"day"` // midnight UTC
	Orders int64        `json:"orders"`
	Sales  money.Amount `json:"sales"`
}

// CurrencySales are a brand's paid orders in one currency: today, this
// month, and each of the last DashboardDays days (oldest first, days
// without sales included).
type CurrencySales struct {
	Currency    string       `json:"currency"`
	TodayOrders int64        `json:"todayOrders"`
	Today       money.Amount `json:"today"`
	MonthOrders int64        `json:"monthOrders"`
	Month       money.Amount `json:"month"`
	Daily       []DaySales   `json:"daily"`
}

// Dashboard is what a brand's console opens with. Sales are the totals of
// orders paid in the period (gross, before refunds); days are UTC days.
type Dashboard struct {
	WaitingToShip  int64           `json:"waitingToShip"`  // paid, not yet shipped
	RefundRequests int64           `json:"refundRequests"` // refund_requested
	OpenDisputes   int64           `json:"openDisputes"`   // disputed
	Currencies     []CurrencySales `json:"currencies"`     // by currency code
}

// BrandDashboard sums a brand's orders for its console at time now. It
// aggregates in the database (one row per currency and day), so its cost
// does not grow with the number of orders listed.
func (s *Service) BrandDashboard(ctx context.Context, brandID string, now time.Time) (Dashboard, error) {
	var d Dashboard
	rows, err := s.db.QueryContext(ctx, `SELECT state, COUNT(*) FROM commerce_orders
		WHERE brand_id = $1 AND state IN ('paid', 'refund_requested', 'disputed') GROUP BY state`, brandID)
	if err != nil {
		return d, err
	}
	for rows.Next() {
		var st string
		var n int64
		if err := rows.Scan(&st, &n); err != nil {
			rows.Close()
			return d, err
		}
		switch State(st) {
		case StatePaid:
			d.WaitingToShip = n
		case StateRefundRequested:
			d.RefundRequests = n
		case StateDisputed:
			d.OpenDisputes = n
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return d, err
	}

	now = now.UTC()
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
	month := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, time.UTC)
	first := today.AddDate(0, 0, -(DashboardDays - 1))
	from := min(first.UnixMicro(), month.UnixMicro())
	rows, err = s.db.QueryContext(ctx, `SELECT currency, paid_at / 86400000000 AS day, COUNT(*), CAST(SUM(total) AS BIGINT) FROM commerce_orders
		WHERE brand_id = $1 AND paid_at >= $2 GROUP BY currency, paid_at / 86400000000 ORDER BY currency, day`, brandID, from)
	if err != nil {
		return d, err
	}
	defer rows.Close()
	byCur := map[string]int{} // index in d.Currencies
	for rows.Next() {
		var cur string
		var day, n, sum int64
		if err := rows.Scan(&cur, &day, &n, &sum); err != nil {
			return d, err
		}
		ci, ok := byCur[cur]
		if !ok {
			daily := make([]DaySales, DashboardDays)
			for i := range daily {
				daily[i].Day = first.AddDate(0, 0, i)
			}
			ci = len(d.Currencies)
			d.Currencies = append(d.Currencies, CurrencySales{Currency: cur, Daily: daily})
			byCur[cur] = ci
		}
		cs := &d.Currencies[ci]
		at := time.UnixMicro(day * int64(24*time.Hour/time.Microsecond)).UTC()
		if !at.Before(month) {
			cs.MonthOrders += n
			cs.Month += money.Amount(sum)
		}
		if at.Equal(today) {
			cs.TodayOrders += n
			cs.Today += money.Amount(sum)
		}
		if i := int(at.Sub(first) / (24 * time.Hour)); !at.Before(first) && i < DashboardDays {
			cs.Daily[i].Orders += n
			cs.Daily[i].Sales += money.Amount(sum)
		}
	}
	return d, rows.Err()
}
