package commerce

import (
	"testing"

	"github.com/soukhq/souk/store"
	"github.com/soukhq/souk/store/storetest"
)

// The cached catalog page an app reads must show every committed change at
// once on this node: price, stock reserved by an order, a new SKU, a
// product taken off sale — and nothing a rolled-back request wrote.
func TestCatalogCacheSeesEveryCommittedChange(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		k := e.sku(e.brand, "10.00", 5)
		page := func() []Product {
			t.Helper()
			ps, err := e.s.activeProducts(ctx, e.brand, "", 20)
			if err != nil {
				t.Fatal(err)
			}
			return ps
		}
		sku := func() SKU {
			t.Helper()
			ps := page()
			if len(ps) != 1 || len(ps[0].SKUs) == 0 {
				t.Fatalf("page: %+v", ps)
			}
			return ps[0].SKUs[0]
		}
		if got := sku(); got.Price != usd("10.00") || got.Reserved != 0 {
			t.Fatalf("first read: %+v", got)
		}
		page() // a second read comes from the cache

		if _, err := e.s.UpdateSKU(ctx, e.brand, k.ID, SKUInput{Price: usd("12.50")}); err != nil {
			t.Fatal(err)
		}
		if got := sku(); got.Price != usd("12.50") {
			t.Fatalf("after a price change the page shows %d", got.Price)
		}

		shopper := e.shopper("100.00")
		e.order(shopper, k, 2)
		if got := sku(); got.Reserved != 2 {
			t.Fatalf("after an order reserved 2 the page shows %d reserved", got.Reserved)
		}

		// A request transaction's writes are seen by its own reads, and a
		// rollback leaves the cached page as it was.
		rctx, req, err := db.BeginRequest(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.s.UpdateSKU(rctx, e.brand, k.ID, SKUInput{Price: usd("99.00")}); err != nil {
			t.Fatal(err)
		}
		in, err := e.s.activeProducts(rctx, e.brand, "", 20)
		if err != nil {
			t.Fatal(err)
		}
		if in[0].SKUs[0].Price != usd("99.00") {
			t.Fatalf("inside the request the page shows %d", in[0].SKUs[0].Price)
		}
		if err := req.Rollback(); err != nil {
			t.Fatal(err)
		}
		if got := sku(); got.Price != usd("12.50") {
			t.Fatalf("after the rollback the page shows %d", got.Price)
		}

		p := page()[0]
		if _, err := e.s.UpdateProduct(ctx, e.brand, p.ID, ProductInput{Title: p.Title, Description: p.Description, Status: StatusArchived}); err != nil {
			t.Fatal(err)
		}
		if ps := page(); len(ps) != 0 {
			t.Fatalf("an archived product is still listed: %+v", ps)
		}
	})
}
