package api_test

import (
	"strings"
	"testing"

	"github.com/soukhq/souk/store"
	"github.com/soukhq/souk/store/storetest"
)

// Reviews and search over HTTP: only the shopper's own completed order
// line, once; the brand replies once; the public summary is exact; search
// filters by decimal-string prices.
func TestReviewsAndSearchHTTP(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		w := newWorld(t, h)
		shopper, dev := w.tokens["shopper"], w.tokens["developer"]
		done := w.completedOrder("shopper")
		paid := w.paidOrder("shopper")
		path := func(orderID string) string { return "/api/v1/orders/" + orderID + "/lines/1/review" }
		body := map[string]any{"rating": 4, "body": "Sturdy mug"}

		for _, c := range []struct {
			token, path string
			body        any
			status      int
			code        string
		}{
			{dev, path(done.ID), body, 404, "not_found"},                   // not the developer's order
			{shopper, path(paid.ID), body, 409, "review_not_allowed"},      // not completed
			{shopper, path(done.ID), map[string]any{"rating": 6}, 400, ""}, // rating out of range
			{shopper, path(done.ID), map[string]any{"rating": 0}, 400, ""}, // rating out of range
			{shopper, "/api/v1/orders/" + done.ID + "/lines/2/review", body, 404, "not_found"},
		} {
			r := h.do("POST", c.path, c.token, c.body)
			if r.Status != c.status || (c.code != "" && r.errorCode() != c.code) {
				t.Errorf("POST %s: %d %s, want %d %s", c.path, r.Status, r.Body, c.status, c.code)
			}
		}
		if n := h.count("commerce_reviews"); n != 0 {
			t.Fatalf("%d reviews after rejected attempts", n)
		}
		r := h.do("POST", path(done.ID), shopper, body)
		if r.Status != 201 {
			t.Fatalf("review: %d %s", r.Status, r.Body)
		}
		rev := r.json(t)
		if r := h.do("POST", path(done.ID), shopper, body); r.Status != 409 || r.errorCode() != "already_reviewed" {
			t.Fatalf("second review: %d %s", r.Status, r.Body)
		}
		reply := "/api/v1/orgs/" + w.brand + "/reviews/" + rev["id"].(string) + "/reply"
		if r := h.do("POST", reply, w.tokens["brand_agent"], map[string]string{"body": "Thanks!"}); r.Status != 201 {
			t.Fatalf("reply: %d %s", r.Status, r.Body)
		}
		if r := h.do("POST", reply, w.tokens["brand_owner"], map[string]string{"body": "Again"}); r.Status != 409 || r.errorCode() != "already_replied" {
			t.Fatalf("second reply: %d %s", r.Status, r.Body)
		}
		product := rev["product_id"].(string)
		sum := h.do("GET", "/api/v1/products/"+product+"/reviews/summary", "", nil).json(t)
		if sum["count"].(float64) != 1 || sum["mean"] != "4.00" || sum["distribution"].(map[string]any)["4"].(float64) != 1 {
			t.Fatalf("summary %v", sum)
		}
		list := h.do("GET", "/api/v1/products/"+product+"/reviews", "", nil)
		if lj := list.json(t); len(lj["data"].([]any)) != 1 || strings.Contains(string(list.Body), w.users["shopper"].ID) {
			t.Fatalf("public list %s", list.Body)
		}

		// Search: the fixture products are "Mug" at 4.00 USD.
		hits := func(q string) []any {
			r := h.do("GET", "/api/v1/search?"+q, "", nil)
			if r.Status != 200 {
				t.Fatalf("search %s: %d %s", q, r.Status, r.Body)
			}
			return r.json(t)["data"].([]any)
		}
		all := hits("q=mug")
		if len(all) == 0 {
			t.Fatal("search found no mugs")
		}
		first := all[0].(map[string]any)
		if first["min_price"] != "4.00" || first["currency"] != "USD" || first["rating_mean"] != "4.00" {
			t.Fatalf("top hit %v", first)
		}
		if n := len(hits("q=mug&currency=USD&min_price=4.00&max_price=4.00")); n != len(all) {
			t.Fatalf("price range 4.00-4.00: %d of %d", n, len(all))
		}
		if n := len(hits("q=mug&currency=USD&min_price=4.01")); n != 0 {
			t.Fatalf("min price above: %d", n)
		}
		if n := len(hits("q=mug&min_rating=4")); n != 1 {
			t.Fatalf("min_rating 4: %d", n)
		}
		for _, q := range []string{"q=mug&min_price=1", "q=mug&currency=USD&min_price=abc", "kind=apps&min_rating=1", "kind=users", "min_rating=9"} {
			if r := h.do("GET", "/api/v1/search?"+q, "", nil); r.Status != 400 {
				t.Errorf("search %s: %d %s", q, r.Status, r.Body)
			}
		}
	})
}
