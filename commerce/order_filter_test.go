package commerce

import (
	"testing"

	"github.com/soukhq/souk/store"
	"github.com/soukhq/souk/store/storetest"
)

// A listing scoped to one shopper and one brand (what the seller console
// shows beside a service conversation) has only that shopper's orders with
// that brand; an unscoped listing is refused. Both backends.
func TestOrdersOfOneShopperWithOneBrand(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		mine, theirs := e.sku(e.brand, "5.00", 10), e.sku(e.other, "5.00", 10)
		a, b := e.shopper("100.00"), e.shopper("100.00")
		want := e.order(a, mine, 1)
		if _, err := e.s.CreateOrder(ctx, NewOrder{ShopperID: a, BrandID: e.other, Lines: []LineInput{{SKUID: theirs.ID, Qty: 1}}}); err != nil {
			t.Fatal(err)
		}
		e.order(b, mine, 1)
		got, err := e.s.Orders(ctx, OrderFilter{BrandID: e.brand, ShopperID: a})
		if err != nil || len(got) != 1 || got[0].ID != want.ID {
			t.Fatalf("orders %+v, %v", got, err)
		}
		if all, err := e.s.Orders(ctx, OrderFilter{BrandID: e.brand}); err != nil || len(all) != 2 {
			t.Fatalf("brand's orders: %d, %v", len(all), err)
		}
		if _, err := e.s.Orders(ctx, OrderFilter{}); err == nil {
			t.Fatal("an unscoped listing was allowed")
		}
	})
}
