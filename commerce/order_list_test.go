package commerce

import (
	"slices"
	"testing"

	"github.com/soukhq/souk/store"
	"github.com/soukhq/souk/store/storetest"
)

// Paging a shopper's orders by (created_at, id) loses none of the orders
// made in the same microsecond (with Before alone, a page boundary inside
// such a group skips the rest of it). Both backends.
func TestOrdersPageByTimeAndID(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		k := e.sku(e.brand, "1.00", 10)
		var want []string
		for range 5 {
			want = append(want, e.order("usr_pager", k, 1).ID)
		}
		if _, err := db.ExecContext(ctx, `UPDATE commerce_orders SET created_at = 1000 WHERE shopper_id = 'usr_pager'`); err != nil {
			t.Fatal(err)
		}
		var got []string
		f := OrderFilter{ShopperID: "usr_pager", Limit: 2}
		for range 10 {
			page, err := e.s.Orders(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			if len(page) == 0 {
				break
			}
			for _, o := range page {
				got = append(got, o.ID)
			}
			last := page[len(page)-1]
			f.Before, f.BeforeID = last.CreatedAt, last.ID
		}
		slices.Sort(want)
		slices.Reverse(want)
		if !slices.Equal(got, want) {
			t.Fatalf("paged %v, want %v", got, want)
		}
	})
}
