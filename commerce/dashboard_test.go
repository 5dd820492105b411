package commerce

import (
	"fmt"
	"testing"
	"time"

	"github.com/soukhq/souk/store"
	"github.com/soukhq/souk/store/storetest"
)

// The dashboard counts orders by state and sums paid orders per UTC day,
// today and this calendar month, in integer minor units; orders paid
// before the 30-day window or by another brand are not counted.
func TestBrandDashboard(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		k := e.sku(e.brand, "10.01", 100)
		shopper := e.shopper("500.00")
		var ids []string
		for range 5 {
			ids = append(ids, e.paid(shopper, k, 1).ID)
		}
		e.order(shopper, k, 1) // unpaid: neither sales nor to ship
		other := e.sku(e.other, "3.00", 10)
		if _, err := e.s.CreateOrder(ctx, NewOrder{ShopperID: shopper, BrandID: e.other, Lines: []LineInput{{SKUID: other.ID, Qty: 1}}}); err != nil {
			t.Fatal(err)
		}
		now := time.Date(2026, 3, 2, 15, 0, 0, 0, time.UTC)
		// Move the payments: two today, one yesterday (last month: 1 March
		// is the month's first day, so yesterday is 1 March), one on 1
		// February (in the 30 days, not this month), one 40 days ago.
		paidAt := []time.Time{now, now.Add(-time.Hour), now.AddDate(0, 0, -1), time.Date(2026, 2, 1, 8, 0, 0, 0, time.UTC), now.AddDate(0, 0, -40)}
		for i, id := range ids {
			if _, err := db.ExecContext(ctx, `UPDATE commerce_orders SET paid_at = $2 WHERE id = $1`, id, paidAt[i].UnixMicro()); err != nil {
				t.Fatal(err)
			}
		}
		d, err := e.s.BrandDashboard(ctx, e.brand, now)
		if err != nil {
			t.Fatal(err)
		}
		if d.WaitingToShip != 5 || d.RefundRequests != 0 || d.OpenDisputes != 0 || len(d.Currencies) != 1 {
			t.Fatalf("dashboard %+v", d)
		}
		c := d.Currencies[0]
		if c.Currency != "USD" || c.TodayOrders != 2 || c.Today != usd("20.02") || c.MonthOrders != 3 || c.Month != usd("30.03") {
			t.Fatalf("sales %+v", c)
		}
		if len(c.Daily) != DashboardDays || !c.Daily[DashboardDays-1].Day.Equal(time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)) {
			t.Fatalf("days %v … %v", c.Daily[0].Day, c.Daily[len(c.Daily)-1].Day)
		}
		byDay := map[string]string{}
		var sum int64
		for _, x := range c.Daily {
			if x.Orders > 0 {
				byDay[x.Day.Format("01-02")] = fmt.Sprintf("%d:%d", x.Orders, x.Sales)
			}
			sum += int64(x.Sales)
		}
		want := map[string]string{"03-02": "2:2002", "03-01": "1:1001", "02-01": "1:1001"}
		if len(byDay) != len(want) || sum != 4004 {
			t.Fatalf("daily %v (sum %d), want %v", byDay, sum, want)
		}
		for k, v := range want {
			if byDay[k] != v {
				t.Fatalf("daily %v, want %v", byDay, want)
			}
		}
	})
}

// A title search matches case-insensitively and treats % and _ as text.
func TestProductSearch(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		for _, title := range []string{"Green Tea", "green tea 100%", "Black_Tea", "Coffee"} {
			if _, err := e.s.CreateProduct(ctx, e.brand, ProductInput{Title: title, Currency: "USD"}); err != nil {
				t.Fatal(err)
			}
		}
		for q, want := range map[string]int{"GREEN": 2, "100%": 1, "%": 1, "_": 1, "tea": 3, "": 4, "milk": 0} {
			ps, err := e.s.Products(ctx, e.brand, ProductFilter{Query: q})
			if err != nil {
				t.Fatal(err)
			}
			if len(ps) != want {
				t.Errorf("search %q: %d products, want %d", q, len(ps), want)
			}
		}
	})
}
