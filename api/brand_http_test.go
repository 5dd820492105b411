package api_test

import (
	"bytes"
	"encoding/csv"
	"image"
	"image/color"
	"image/png"
	"strings"
	"testing"

	"github.com/soukhq/souk/store"
	"github.com/soukhq/souk/store/storetest"
)

// An authenticity code's second scan warns, through the API; its short
// link resolves to the scan page; the CSV export carries every code.
func TestAuthenticityCodeSecondScanWarnsHTTP(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		w := newWorld(t, h)
		owner := w.tokens["brand_owner"]
		r := h.do("POST", "/api/v1/orgs/"+w.brand+"/authenticity-batches", owner, map[string]any{"sku_id": w.sku().ID, "count": 2})
		if r.Status != 201 {
			t.Fatalf("batch: %d %s", r.Status, r.Body)
		}
		batch := r.json(t)["id"].(string)
		r = h.do("GET", "/api/v1/orgs/"+w.brand+"/authenticity-batches/"+batch+"/codes.csv", owner, nil)
		rows, err := csv.NewReader(bytes.NewReader(r.Body)).ReadAll()
		if r.Status != 200 || err != nil || len(rows) != 3 || rows[0][1] != "code" || !strings.HasSuffix(rows[1][3], "/l/"+rows[1][1]) {
			t.Fatalf("csv %d %v %q", r.Status, err, r.Body)
		}
		code := rows[1][1]
		r = h.do("GET", "/api/v1/links/"+code, "", nil)
		if r.Status != 200 || r.json(t)["destination"] != "/authentic/"+code {
			t.Fatalf("link %d %s", r.Status, r.Body)
		}
		first := h.do("POST", "/api/v1/authenticity/"+code+"/scans", "", nil)
		if first.Status != 200 || first.json(t)["warning"] != false || first.json(t)["verdict"] != "genuine" {
			t.Fatalf("first scan %d %s", first.Status, first.Body)
		}
		second := h.do("POST", "/api/v1/authenticity/"+code+"/scans", w.tokens["shopper"], nil)
		if second.Status != 200 || second.json(t)["warning"] != true || second.json(t)["verdict"] != "repeat" ||
			second.json(t)["first_scan_at"] != first.json(t)["first_scan_at"] {
			t.Fatalf("second scan %d %s", second.Status, second.Body)
		}
		if r := h.do("POST", "/api/v1/authenticity/AAAAAAAAAAAAAAAAA/scans", "", nil); r.Status != 404 || r.errorCode() != "authenticity_code_not_found" {
			t.Fatalf("unknown code %d %s", r.Status, r.Body)
		}
		r = h.do("GET", "/api/v1/orgs/"+w.brand+"/authenticity-stats", owner, nil)
		st := r.json(t)
		if r.Status != 200 || st["genuine"] != float64(1) || st["repeat"] != float64(1) || len(st["warnings"].([]any)) != 1 {
			t.Fatalf("stats %d %s", r.Status, r.Body)
		}
	})
}

// A verified brand's name is protected from look-alikes at brand creation;
// an admin's decision verifies; bad input changes nothing.
func TestBrandVerificationHTTP(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		w := newWorld(t, h)
		r := h.do("POST", "/api/v1/orgs/"+w.brand+"/verification", w.tokens["brand_owner"], map[string]string{"registration": ""})
		if r.Status != 422 && r.Status != 400 {
			t.Fatalf("empty registration %d %s", r.Status, r.Body)
		}
		r = h.do("POST", "/api/v1/orgs/"+w.brand+"/verification", w.tokens["brand_owner"], map[string]string{"registration": "TM-7"})
		if r.Status != 201 {
			t.Fatalf("submit %d %s", r.Status, r.Body)
		}
		id := r.json(t)["id"].(string)
		r = h.do("POST", "/api/v1/admin/brand-verifications/"+id+"/review", w.tokens["admin"], map[string]string{"decision": "maybe"})
		if r.Status != 422 && r.Status != 400 {
			t.Fatalf("bad decision %d %s", r.Status, r.Body)
		}
		r = h.do("POST", "/api/v1/admin/brand-verifications/"+id+"/review", w.tokens["admin"], map[string]string{"decision": "verify"})
		if r.Status != 200 || r.json(t)["status"] != "verified" {
			t.Fatalf("review %d %s", r.Status, r.Body)
		}
		var name string
		_ = db.QueryRowContext(t0ctx, `SELECT name FROM orgs WHERE id = $1`, w.brand).Scan(&name)
		look := strings.ToUpper(strings.ReplaceAll(strings.ReplaceAll(name, "o", "0"), "a", "а")) // digit zero, Cyrillic а
		before := h.count("orgs")
		r = h.do("POST", "/api/v1/orgs", w.tokens["shopper"], map[string]string{"kind": "brand", "name": look})
		if r.Status != 409 || r.errorCode() != "brand_name_protected" || h.count("orgs") != before {
			t.Fatalf("look-alike %q: %d %s", look, r.Status, r.Body)
		}
		if r := h.do("POST", "/api/v1/orgs", w.tokens["shopper"], map[string]string{"kind": "developer", "name": look}); r.Status != 201 {
			t.Fatalf("a developer org is no brand: %d %s", r.Status, r.Body)
		}
	})
}

// A photo of a packshot finds its product.
func TestSearchByImageHTTP(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		w := newWorld(t, h)
		shot := func(size int) []byte {
			img := image.NewRGBA(image.Rect(0, 0, size, size))
			for y := range size {
				for x := range size {
					fx, fy := x*32/size, y*32/size
					v := uint8((fx*fx + fy*7) % 256)
					if (fx/8+fy/8)%2 == 0 {
						v = 255 - v
					}
					img.Set(x, y, color.RGBA{v, 255 - v, v / 3, 255})
				}
			}
			var b bytes.Buffer
			_ = png.Encode(&b, img)
			return b.Bytes()
		}
		k := w.sku()
		if _, err := h.com.UploadImage(t0ctx, w.brand, k.ProductID, "image/png", bytes.NewReader(shot(128))); err != nil {
			t.Fatal(err)
		}
		if r := h.do("POST", "/api/v1/search/image", "", shot(300), "Content-Type", "image/png"); r.Status != 401 {
			t.Fatalf("signed out: %d", r.Status)
		}
		r := h.do("POST", "/api/v1/search/image", w.tokens["shopper"], shot(300), "Content-Type", "image/png")
		data, _ := r.json(t)["data"].([]any)
		if r.Status != 200 || len(data) != 1 || data[0].(map[string]any)["product_id"] != k.ProductID {
			t.Fatalf("search %d %s", r.Status, r.Body)
		}
		if r := h.do("POST", "/api/v1/search/image", w.tokens["shopper"], []byte("\x89PNG\r\n\x1a\n garbage"), "Content-Type", "image/png"); r.Status != 400 && r.Status != 422 {
			t.Fatalf("garbage %d %s", r.Status, r.Body)
		}
	})
}
