package host_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/soukhq/souk/api"
	"github.com/soukhq/souk/identity"
	"github.com/soukhq/souk/store"
	"github.com/soukhq/souk/store/storetest"
	"github.com/soukhq/souk/web/webtest"
)

// Search in the browser: products by text and price, apps by text; a
// product of a brand with the shop installed opens the shop at that
// product in the app frame, one of a brand without a storefront is listed
// without a link.
func TestSearchInChromium(t *testing.T) {
	v1, v2 := buildShop(t, "1.0.0"), buildShop(t, "1.0.1")
	storetest.Pick(t, func(t *testing.T, db *store.DB) {
		n, f := shopWorld(t, db, v1, v2)
		f.ann = n.signup("ann")
		// A brand with no storefront app.
		other := n.signup("other-brand")
		var org identity.Org
		other.must(http.StatusCreated, "POST", "/api/v1/orgs", map[string]string{"kind": "brand", "name": "Plain Teas"}, &org)
		var p api.ProductView
		other.must(http.StatusCreated, "POST", "/api/v1/orgs/"+org.ID+"/products",
			map[string]string{"title": "Black tea", "description": "Black tea from Plain", "currency": "USD"}, &p)
		other.must(http.StatusCreated, "POST", "/api/v1/orgs/"+org.ID+"/products/"+p.ID+"/skus",
			map[string]any{"options": map[string]string{}, "price": "3.00", "on_hand": 5}, nil)
		if err := n.h.Commerce.SyncSearch(bg); err != nil {
			t.Fatal(err)
		}

		b := webtest.New(t, n.base)
		b.SignIn(f.ann.email, password, "/chats")
		b.Click("link", "Search")
		b.WaitPath("/search")
		b.Fill("Search for", "tea")
		b.Submit("Search")
		b.Find("heading", "Results")
		shotsAt(t, b, "search")
		results := func() string { return webtest.Eval[string](b, `document.querySelector("main").innerText`) }
		if got := results(); !strings.Contains(got, "Green tea") || !strings.Contains(got, "Black tea") || !strings.Contains(got, "4.55 USD – 6.10 USD") {
			t.Fatalf("tea results:\n%s", got)
		}
		if html := b.HTML(); !strings.Contains(html, "/a/"+f.installation+"/product?productId="+f.tea.ID) || strings.Contains(html, "productId="+p.ID) {
			t.Fatal("the green tea does not open the shop, or the black tea (no storefront) has a link")
		}
		// Price filter: at most 4.00 leaves only the black tea.
		b.Fill("Highest price", "4.00")
		b.Submit("Search")
		b.Find("heading", "Results")
		if got := results(); strings.Contains(got, "Green tea") || !strings.Contains(got, "Black tea") {
			t.Fatalf("results up to 4.00:\n%s", got)
		}
		b.Fill("Highest price", "x")
		b.Submit("Search")
		if got := b.Text("alert", ""); !strings.Contains(got, "Enter an amount") {
			t.Fatalf("a malformed price: %q", got)
		}
		b.Fill("Highest price", "")

		// Apps.
		b.Select("Look for", "apps")
		b.Fill("Search for", "shop")
		b.Submit("Search")
		b.Find("heading", "Results")
		if got := results(); !strings.Contains(got, "Shop Dev") {
			t.Fatalf("app results:\n%s", got)
		}

		// A product hit opens the brand's shop at the product.
		b.Select("Look for", "products")
		b.Fill("Search for", "green")
		b.Submit("Search")
		b.ClickContaining("link", "Green tea")
		b.WaitPath("/a/" + f.installation + "/product")
		b.FindContaining("button", "Add to cart")
	})
}
