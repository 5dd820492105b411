package api_test

import (
	"strings"
	"testing"

	"github.com/soukhq/souk/store"
	"github.com/soukhq/souk/store/storetest"
)

// The developer-share routes in the authorization matrix: operators only.
func init() {
	matrix["admin-get-developer-share"] = matrixCase{
		request: func(w *world, role string) (string, any) { return "/api/v1/admin/developer-shares/" + w.devOrg, nil },
		want:    map[string]int{"anonymous": 401, "admin": 200, "*": 403},
	}
	matrix["admin-set-developer-share"] = matrixCase{
		request: func(w *world, role string) (string, any) {
			return "/api/v1/admin/developer-shares/" + w.devOrg, map[string]int{"bps": 1500}
		},
		want: map[string]int{"anonymous": 401, "admin": 200, "*": 403},
	}
}

// An admin reads the default, sets a share and reads it back; a brand's id
// and an unknown id are not developer orgs; out-of-range shares are refused.
func TestDeveloperShareRoutes(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		w := newWorld(t, h)
		tok := w.tokens["admin"]
		path := "/api/v1/admin/developer-shares/" + w.devOrg
		if r := h.do("GET", path, tok, nil); r.Status != 200 || !strings.Contains(string(r.Body), `"bps":1000`) {
			t.Fatalf("default: %d %s", r.Status, r.Body)
		}
		for _, bad := range []int{-1, 10001} {
			if r := h.do("PUT", path, tok, map[string]int{"bps": bad}); r.Status != 400 {
				t.Errorf("bps %d: %d %s", bad, r.Status, r.Body)
			}
		}
		if r := h.do("PUT", path, tok, map[string]int{"bps": 2500}); r.Status != 200 {
			t.Fatalf("set: %d %s", r.Status, r.Body)
		}
		if got, err := h.com.DeveloperShare(t0ctx, w.devOrg); err != nil || got != 2500 {
			t.Fatalf("share %d, %v", got, err)
		}
		for _, id := range []string{w.brand, "org_nope"} {
			if r := h.do("PUT", "/api/v1/admin/developer-shares/"+id, tok, map[string]int{"bps": 100}); r.Status != 404 {
				t.Errorf("%s: %d %s", id, r.Status, r.Body)
			}
			if r := h.do("GET", "/api/v1/admin/developer-shares/"+id, tok, nil); r.Status != 404 {
				t.Errorf("GET %s: %d %s", id, r.Status, r.Body)
			}
		}
	})
}
