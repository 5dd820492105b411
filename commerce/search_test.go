package commerce

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/soukhq/souk/store"
	"github.com/soukhq/souk/store/storetest"
)

// searchWorld is one catalog, built the same way on each engine.
type searchWorld struct {
	e        *rvEnv
	byTitle  map[string]string // title → product id
	products map[string]Product
}

func newSearchWorld(t *testing.T, db *store.DB) *searchWorld {
	e := newRVEnv(t, db)
	w := &searchWorld{e: e, byTitle: map[string]string{}, products: map[string]Product{}}
	for _, p := range []struct {
		brand, title, desc string
		prices             []string
	}{
		{e.brand, "Trail running shoes", "Lightweight shoe for mountain trails", []string{"80.00", "95.00"}},
		{e.brand, "Leather boots", "Waterproof boots, great for trail walks", []string{"120.00"}},
		{e.other, "Running socks", "Breathable socks", []string{"9.00"}},
		{e.other, "Rain jacket", "Packs small; pairs well with running shoes", []string{"60.00"}},
		{e.other, "Café au lait mug", "Ceramic, 300 ml", []string{"12.00"}},
		{e.brand, "Running shorts", "Quick-dry", []string{"25.00"}},
	} {
		pr := e.product(p.brand, p.title, p.desc, p.prices...)
		w.byTitle[p.title], w.products[p.title] = pr.ID, pr
	}
	// Ratings: socks 5 (mean 5.00), shoes 3 (3.00).
	shopper := e.shopper()
	for title, rating := range map[string]int{"Running socks": 5, "Trail running shoes": 3} {
		o := e.orderTo(shopper, StateCompleted, w.products[title].SKUs[0])
		if _, err := e.s.CreateReview(e.ctx, shopper, ReviewInput{OrderID: o.ID, LineNo: 1, Rating: rating}); err != nil {
			t.Fatal(err)
		}
	}
	return w
}

// search returns the titles of the hits, in order.
func (w *searchWorld) search(t *testing.T, p SearchParams) []string {
	t.Helper()
	res, err := w.e.s.Search(w.e.ctx, p)
	if err != nil {
		t.Fatalf("search %+v: %v", p, err)
	}
	out := []string{}
	for _, h := range res.Hits {
		out = append(out, h.Title)
	}
	return out
}

// searchCases run on both engines; want is the exact order (both engines
// rank these alike: title before body, equal text relevance by rating).
func searchCases(w *searchWorld) []struct {
	name string
	p    SearchParams
	want []string
} {
	e := w.e
	return []struct {
		name string
		p    SearchParams
		want []string
	}{
		{"title beats body", SearchParams{Query: "running shoes"}, []string{"Trail running shoes", "Rain jacket"}},
		{"title then body", SearchParams{Query: "trail"}, []string{"Trail running shoes", "Leather boots"}},
		{"ties broken by rating", SearchParams{Query: "running"}, []string{"Running socks", "Running shorts", "Trail running shoes", "Rain jacket"}},
		{"diacritics fold", SearchParams{Query: "CAFE"}, []string{"Café au lait mug"}},
		{"plural folds", SearchParams{Query: "boot"}, []string{"Leather boots"}},
		{"exclusion", SearchParams{Query: "boots -leather"}, []string{}},
		{"phrase", SearchParams{Query: `"trail running"`}, []string{"Trail running shoes"}},
		{"or", SearchParams{Query: "socks or jacket"}, []string{"Running socks", "Rain jacket"}},
		{"brand name", SearchParams{Query: "globex running"}, []string{"Running socks", "Rain jacket"}},
		{"brand filter", SearchParams{Query: "running", BrandID: e.other}, []string{"Running socks", "Rain jacket"}},
		{"price range", SearchParams{Query: "running", Currency: "USD", MinPrice: rvUSD("50"), MaxPrice: rvUSD("100")}, []string{"Trail running shoes", "Rain jacket"}},
		{"price floor", SearchParams{Query: "running", Currency: "USD", MinPrice: rvUSD("90")}, []string{"Trail running shoes"}},
		{"other currency", SearchParams{Query: "running", Currency: "EUR"}, []string{}},
		{"min rating", SearchParams{Query: "running", MinRating: "4.5"}, []string{"Running socks"}},
		{"min rating 3", SearchParams{Query: "running", MinRating: "3"}, []string{"Running socks", "Trail running shoes"}},
		{"browse by rating", SearchParams{MinRating: "1"}, []string{"Running socks", "Trail running shoes"}},
		{"browse a brand", SearchParams{BrandID: e.brand, Currency: "USD", MaxPrice: rvUSD("100")}, []string{"Trail running shoes", "Running shorts"}},
		{"no match", SearchParams{Query: "submarine"}, []string{}},
		{"number", SearchParams{Query: "300 ml"}, []string{"Café au lait mug"}},
	}
}

func TestSearchProducts(t *testing.T) {
	var mu sync.Mutex
	got := map[string][]string{} // engine → every case's hits, for the cross-engine check
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		w := newSearchWorld(t, db)
		e := w.e
		var all []string
		for _, c := range searchCases(w) {
			hits := w.search(t, c.p)
			if !slices.Equal(hits, c.want) {
				t.Errorf("%s: %q, want %q", c.name, hits, c.want)
			}
			sorted := slices.Clone(hits)
			sort.Strings(sorted)
			all = append(all, c.name+"="+strings.Join(sorted, "|"))
		}
		mu.Lock()
		got[string(db.Dialect)] = all
		mu.Unlock()

		// Paging walks the same order.
		var paged []string
		for off := 0; ; {
			res, err := e.s.Search(e.ctx, SearchParams{Query: "running", Limit: 1, Offset: off})
			if err != nil {
				t.Fatal(err)
			}
			for _, h := range res.Hits {
				paged = append(paged, h.Title)
			}
			if res.NextOffset == 0 {
				break
			}
			off = res.NextOffset
		}
		if want := []string{"Running socks", "Running shorts", "Trail running shoes", "Rain jacket"}; !slices.Equal(paged, want) {
			t.Fatalf("pages: %q", paged)
		}

		// Hits carry prices, brand and rating.
		res, _ := e.s.Search(e.ctx, SearchParams{Query: "trail running"})
		h := res.Hits[0]
		if h.OrgName != "Acme" || h.MinPrice != rvUSD("80") || h.MaxPrice != rvUSD("95") || h.Currency != "USD" || h.RatingMean != "3.00" || h.ReviewCount != 1 {
			t.Fatalf("hit %+v", h)
		}

		// An archived product disappears at once; a retitled one is found by
		// its new words only; a renamed brand by its new name.
		if _, err := e.s.UpdateProduct(e.ctx, e.brand, w.byTitle["Running shorts"], ProductInput{Title: "Running shorts", Description: "Quick-dry", Status: StatusArchived}); err != nil {
			t.Fatal(err)
		}
		if _, err := e.s.UpdateProduct(e.ctx, e.other, w.byTitle["Café au lait mug"], ProductInput{Title: "Espresso cup", Description: "Ceramic"}); err != nil {
			t.Fatal(err)
		}
		if _, err := db.ExecContext(e.ctx, `UPDATE orgs SET name = 'Initech' WHERE id = $1`, e.other); err != nil {
			t.Fatal(err)
		}
		for q, want := range map[string][]string{
			"running":  {"Running socks", "Trail running shoes", "Rain jacket"},
			"cafe":     {},
			"espresso": {"Espresso cup"},
			"globex":   {},
			"initech":  {"Running socks", "Rain jacket", "Espresso cup"},
		} {
			hits := w.search(t, SearchParams{Query: q})
			if q == "initech" {
				sort.Strings(hits)
				sort.Strings(want)
			}
			if !slices.Equal(hits, want) {
				t.Errorf("after changes, %q: %q, want %q", q, hits, want)
			}
		}
		// A product whose SKUs are all archived cannot be bought: not listed.
		p, _ := e.s.Product(e.ctx, e.brand, w.byTitle["Leather boots"])
		if _, err := e.s.UpdateSKU(e.ctx, e.brand, p.SKUs[0].ID, SKUInput{Price: p.SKUs[0].Price, Status: StatusArchived}); err != nil {
			t.Fatal(err)
		}
		if hits := w.search(t, SearchParams{Query: "boots"}); len(hits) != 0 {
			t.Errorf("a product with no active SKU is listed: %q", hits)
		}
		var dirty int
		if err := db.QueryRowContext(e.ctx, `SELECT COUNT(*) FROM search_dirty`).Scan(&dirty); err != nil || dirty != 0 {
			t.Fatalf("%d dirty marks left after a search (%v)", dirty, err)
		}
	})
	// Compared when both engines ran (locally PostgreSQL may be absent; under
	// CI=true its absence already fails the run).
	if a, b, both := got["sqlite"], got["postgres"], len(got) == 2; both && !slices.Equal(a, b) {
		t.Fatalf("SQLite and PostgreSQL differ:\n%q\n%q", a, b)
	}
}

func TestSearchRejectsBadParams(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newRVEnv(t, db)
		for name, p := range map[string]SearchParams{
			"price without currency": {MinPrice: 100},
			"unknown currency":       {Currency: "XXY"},
			"empty range":            {Currency: "USD", MinPrice: 500, MaxPrice: 100},
			"rating above 5":         {MinRating: "5.5"},
			"rating not a number":    {MinRating: "four"},
			"rating too precise":     {MinRating: "4.555"},
			"negative rating":        {MinRating: "-1"},
			"app with brand":         {Kind: SearchApps, BrandID: e.brand},
			"app with rating":        {Kind: SearchApps, MinRating: "4"},
			"unknown kind":           {Kind: "users"},
			"limit":                  {Limit: MaxSearchLimit + 1},
			"offset":                 {Offset: MaxSearchOffset + 1},
			"long query":             {Query: strings.Repeat("a", maxQueryBytes+1)},
		} {
			if _, err := e.s.Search(e.ctx, p); Code(err) != "invalid_input" {
				t.Errorf("%s: %v, want invalid_input", name, err)
			}
		}
	})
}

// Released apps are searchable by name, developer and description; an app
// with nothing released is not.
func TestSearchApps(t *testing.T) {
	var mu sync.Mutex
	got := map[string]string{}
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newRVEnv(t, db)
		dev, err := e.ids.CreateOrg(e.ctx, e.staff, "developer", "Dev Works")
		if err != nil {
			t.Fatal(err)
		}
		app := func(slug, name, desc string, released bool, installs int) string {
			id := store.NewID("app")
			t0 := store.Now()
			if _, err := db.ExecContext(e.ctx, `INSERT INTO apps (id, org_id, slug, name, created_at) VALUES ($1, $2, $3, $4, $5)`, id, dev.ID, slug, name, t0); err != nil {
				t.Fatal(err)
			}
			manifest := fmt.Sprintf(`{"name":%q,"version":"1.0.0","description":%q,"entry":"main.js","permissions":[]}`, slug, desc)
			if _, err := db.ExecContext(e.ctx, `INSERT INTO app_versions (app_id, version, bundle_hash, blob_key, manifest, size_bytes, status, created_at)
				VALUES ($1, '1.0.0', 'h', 'k', $2, 1, 'approved', $3)`, id, manifest, t0); err != nil {
				t.Fatal(err)
			}
			if released {
				if _, err := db.ExecContext(e.ctx, `INSERT INTO app_release_state (app_id, stable_version, candidate_percent, updated_at) VALUES ($1, '1.0.0', 0, $2)`, id, t0); err != nil {
					t.Fatal(err)
				}
			}
			for i := range installs {
				brand := []string{e.brand, e.other}[i]
				if _, err := db.ExecContext(e.ctx, `INSERT INTO installations (id, app_id, brand_org_id, version, granted, config, status, created_by, created_at, updated_at)
					VALUES ($1, $2, $3, '1.0.0', '[]', '{}', 'active', $4, $5, $5)`, store.NewID("ins"), id, brand, e.staff, t0); err != nil {
					t.Fatal(err)
				}
			}
			return id
		}
		app("shoe-finder", "Shoe Finder", "Find running shoes fast", true, 0)
		app("size-guide", "Size Guide", "Which shoe size fits: a guide", true, 2)
		app("secret-shop", "Secret Shop", "Shoes not released yet", false, 0)
		titles := func(q string) string {
			res, err := e.s.Search(e.ctx, SearchParams{Kind: SearchApps, Query: q})
			if err != nil {
				t.Fatal(err)
			}
			var out []string
			for _, h := range res.Hits {
				if h.Kind != "app" || h.OrgName != "Dev Works" || h.Slug == "" {
					t.Fatalf("hit %+v", h)
				}
				out = append(out, h.Title)
			}
			return strings.Join(out, ",")
		}
		for q, want := range map[string]string{
			"shoes":      "Shoe Finder,Size Guide", // title first
			"guide":      "Size Guide",
			"secret":     "",
			"":           "Size Guide,Shoe Finder",
			"size-guide": "Size Guide",
		} {
			if g := titles(q); g != want {
				t.Errorf("apps %q: %q, want %q", q, g, want)
			}
		}
		// Products do not show up in app search, nor apps in product search.
		e.product(e.brand, "Shoe Finder socks", "", "5.00")
		if g := titles("socks"); g != "" {
			t.Errorf("a product in app search: %q", g)
		}
		mu.Lock()
		got[string(db.Dialect)] = titles("shoe") + ";" + titles("fast or guide")
		mu.Unlock()
	})
	if _, both := got["postgres"]; both && got["sqlite"] != got["postgres"] {
		t.Fatalf("engines differ: %q vs %q", got["sqlite"], got["postgres"])
	}
}

// Every committed fuzz seed renders a tsquery PostgreSQL accepts (the
// fuzz target itself checks FTS5).
func TestSearchQuerySeedsOnPostgres(t *testing.T) {
	db := storetest.Postgres(t)
	dir := filepath.Join("testdata", "fuzz", "FuzzParseSearchQuery")
	entries, err := os.ReadDir(dir)
	if err != nil || len(entries) == 0 {
		t.Fatalf("seed corpus: %v", err)
	}
	for _, ent := range entries {
		b, err := os.ReadFile(filepath.Join(dir, ent.Name()))
		if err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(strings.TrimSpace(string(b)), "\n")
		raw, err := strconv.Unquote(strings.TrimSuffix(strings.TrimPrefix(lines[len(lines)-1], "string("), ")"))
		if err != nil {
			t.Fatalf("%s: %v", ent.Name(), err)
		}
		q := ParseSearchQuery(raw)
		if q.Empty() {
			continue
		}
		var n int
		if err := db.QueryRowContext(t.Context(), `SELECT numnode(CAST($1 AS tsquery))`, q.TSQuery()).Scan(&n); err != nil || n == 0 {
			t.Errorf("%s: PostgreSQL rejects %q: %v", ent.Name(), q.TSQuery(), err)
		}
	}
}
