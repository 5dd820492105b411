package web_test

import (
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/soukhq/souk/commerce"
	"github.com/soukhq/souk/payments/money"
	"github.com/soukhq/souk/store/storetest"
)

// BenchmarkSellerLists10k measures the server time of the seller console's
// first orders page with 10,000 orders and first catalog page with 2,000
// products (SQLite), through the real server and session; it reports the
// p95 per page as well as the mean (the budget is 100 ms p95).
func BenchmarkSellerLists10k(b *testing.B) {
	w := startSellerServer(b, storetest.SQLite(b))
	usd := money.MustLookup("USD")
	price, _ := money.ParsePositive(usd, "2.50")
	for i := range 2_000 {
		p, err := w.com.CreateProduct(ctx, w.brand.ID, commerce.ProductInput{Title: fmt.Sprintf("Tea %d", i), Currency: "USD"})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := w.com.AddSKU(ctx, w.brand.ID, p.ID, commerce.SKUInput{Options: map[string]string{"size": "M"}, Price: price, OnHand: 10}); err != nil {
			b.Fatal(err)
		}
	}
	for _, k := range []string{w.sku.ID, w.sku2.ID} {
		if _, err := w.com.SetStock(ctx, w.brand.ID, k, 100_000); err != nil {
			b.Fatal(err)
		}
	}
	for range 10_000 {
		if _, err := w.com.CreateOrder(ctx, commerce.NewOrder{ShopperID: w.shopperID, BrandID: w.brand.ID,
			Lines: []commerce.LineInput{{SKUID: w.sku.ID, Qty: 1}, {SKUID: w.sku2.ID, Qty: 1}}}); err != nil {
			b.Fatal(err)
		}
	}
	sess, _, err := w.ids.Login(ctx, "owner@example.com", password)
	if err != nil {
		b.Fatal(err)
	}
	for _, page := range []string{"orders", "products"} {
		b.Run(page, func(b *testing.B) {
			u := w.base + "/seller/" + w.brand.ID + "/" + page
			var took []time.Duration
			for b.Loop() {
				start := time.Now()
				req, _ := http.NewRequest(http.MethodGet, u, nil)
				req.Header.Set("Cookie", "souk_session="+sess.Token)
				res, err := http.DefaultClient.Do(req)
				if err != nil {
					b.Fatal(err)
				}
				body, _ := io.ReadAll(res.Body)
				res.Body.Close()
				took = append(took, time.Since(start))
				if res.StatusCode != http.StatusOK || strings.Count(string(body), "<tr>") < 51 {
					b.Fatalf("status %d, %d rows", res.StatusCode, strings.Count(string(body), "<tr>"))
				}
			}
			slices.Sort(took)
			b.ReportMetric(float64(took[len(took)*95/100].Microseconds())/1000, "p95-ms")
		})
	}
}
