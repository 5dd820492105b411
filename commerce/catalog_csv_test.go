package commerce

import (
	"bytes"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/soukhq/souk/store"
	"github.com/soukhq/souk/store/storetest"
)

const csvHeader = "product_id,title,description,currency,status,sku_id,options,price,stock\n"

// catalogCounts is how many products, SKUs, stock units and stock history
// lines the brand has, and the sum of its prices: any change shows.
func (e *env) catalogCounts(brand string) string {
	e.t.Helper()
	var p, k, units, prices, hist int64
	if err := e.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM commerce_products WHERE brand_id = $1`, brand).Scan(&p); err != nil {
		e.t.Fatal(err)
	}
	if err := e.db.QueryRowContext(ctx, `SELECT COUNT(*), COALESCE(SUM(on_hand), 0), COALESCE(SUM(price), 0) FROM commerce_skus WHERE brand_id = $1`, brand).Scan(&k, &units, &prices); err != nil {
		e.t.Fatal(err)
	}
	if err := e.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM commerce_stock_adjustments WHERE brand_id = $1`, brand).Scan(&hist); err != nil {
		e.t.Fatal(err)
	}
	return fmt.Sprintf("%d products, %d SKUs, %d units, %d in prices, %d history", p, k, units, prices, hist)
}

// The import reports every row before changing anything; applying it
// changes exactly the good rows, in one transaction, and a refused row
// changes nothing. Export then import of the export is a no-op. Both
// backends.
func TestCatalogImport(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		k := e.sku(e.brand, "10.00", 5)
		e.order(e.shopper("100.00"), k, 2) // reserves 2
		otherSKU := e.sku(e.other, "3.00", 1)
		csv := csvHeader +
			",Mug,Stoneware,USD,,,\"size=S, colour=red\",4.50,3\n" + // new product
			",Mug,,,,,\"size=L, colour=red\",5.50,\n" + // its second SKU
			",Mug,,,,,\"colour=red, size=S\",4.50,1\n" + // refused: same options
			k.ProductID + ",,,,,,size=XL,12.00,7\n" + // add a SKU to an existing product
			k.ProductID + ",,,,," + k.ID + ",,11.00,4\n" + // update price and stock
			k.ProductID + ",,,,," + k.ID + ",,,1\n" + // refused: below reserved
			",Bowl,,XXX,,,,1.00,1\n" + // refused: currency
			",Cup,,USD,,,,-1,1\n" + // refused: price
			",Cup,,USD,,,,2.00,many\n" + // refused: stock
			otherSKU.ProductID + ",,,,,,,1.00,1\n" + // refused: another brand's product
			k.ProductID + ",Shirt,,,archived,,,,\n" // product only
		rows, err := ParseCatalogCSV(strings.NewReader(csv))
		if err != nil {
			t.Fatal(err)
		}
		before := e.catalogCounts(e.brand)
		otherBefore := e.catalogCounts(e.other)
		plan, err := e.s.PlanImport(ctx, e.brand, rows)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, r := range plan.Rows {
			s := fmt.Sprintf("%d %s", r.Line, r.Action)
			if r.Reason != "" {
				s += ": " + r.Reason
			}
			got = append(got, s)
		}
		want := []string{
			"2 create_product", "3 add_sku",
			`4 refused: the product already has a SKU with options "colour=red, size=S"`,
			"5 add_sku", "6 update_sku",
			"7 refused: stock 1 is below the 2 units unpaid orders hold",
			`8 refused: unknown currency "XXX"`,
			`9 refused: price "-1" is not a positive amount in USD`,
			`10 refused: stock "many" is not a whole number from 0 to 1000000000`,
			"11 refused: no product " + otherSKU.ProductID + " in this brand",
			"12 update_product",
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("plan:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
		if plan.Good != 5 || plan.Refused != 6 {
			t.Fatalf("good %d refused %d", plan.Good, plan.Refused)
		}
		if after := e.catalogCounts(e.brand); after != before {
			t.Fatalf("the preview changed the catalog: %s → %s", before, after)
		}

		owner := e.user("importer")
		if _, err := e.s.ApplyImport(ctx, e.brand, rows, StockChange{ActorID: owner, Reason: "CSV import"}); err != nil {
			t.Fatal(err)
		}
		// 1 + 1 products, 1 + 2 + 1 SKUs; units 5→4 plus 3 + 0 + 7; prices 11 + 4.5 + 5.5 + 12.
		if got, want := e.catalogCounts(e.brand), "2 products, 4 SKUs, 14 units, 3300 in prices, 3 history"; got != want {
			t.Fatalf("after the import: %s, want %s", got, want)
		}
		if got := e.catalogCounts(e.other); got != otherBefore {
			t.Fatalf("the import changed another brand: %s → %s", otherBefore, got)
		}
		p, _ := e.s.Product(ctx, e.brand, k.ProductID)
		if p.Title != "Shirt" || p.Status != StatusArchived {
			t.Fatalf("product-only row: %+v", p)
		}
		hist, err := e.s.StockHistory(ctx, e.brand, k.ProductID, 10)
		if err != nil || len(hist) != 2 {
			t.Fatalf("history %+v, %v", hist, err)
		}
		for _, h := range hist {
			if h.ActorID != owner || h.Reason != "CSV import" {
				t.Fatalf("history line %+v", h)
			}
		}

		// Export, then import the export: every row is an update that
		// changes nothing.
		exp, err := e.s.ExportCatalog(ctx, e.brand)
		if err != nil || len(exp) != 4 {
			t.Fatalf("export %d rows, %v", len(exp), err)
		}
		var buf bytes.Buffer
		if err := WriteCatalogCSV(&buf, exp); err != nil {
			t.Fatal(err)
		}
		again, err := ParseCatalogCSV(&buf)
		if err != nil {
			t.Fatal(err)
		}
		before = e.catalogCounts(e.brand)
		plan, err = e.s.ApplyImport(ctx, e.brand, again, StockChange{ActorID: owner})
		if err != nil || plan.Refused != 0 || plan.Good != 4 {
			t.Fatalf("re-import: %+v, %v", plan, err)
		}
		if after := e.catalogCounts(e.brand); after != before {
			t.Fatalf("re-importing the export changed the catalog: %s → %s", before, after)
		}
	})
}

func TestParseCatalogCSVRefusesBadFiles(t *testing.T) {
	for name, in := range map[string]string{
		"empty":        "",
		"wrong header": "id,title\n",
		"short row":    csvHeader + "a,b\n",
		"bad quote":    csvHeader + `a,"b,,,,,,,` + "\n",
		"not utf-8":    csvHeader + ",\xff,,USD,,,,1.00,1\n",
	} {
		if _, err := ParseCatalogCSV(strings.NewReader(in)); err == nil {
			t.Errorf("%s: parsed", name)
		}
	}
	rows, err := ParseCatalogCSV(strings.NewReader("\ufeff" + strings.ToUpper(csvHeader) + " , Mug ,,USD,,,,1.00,1\r\n"))
	if err != nil || len(rows) != 1 || rows[0].Title != "Mug" || rows[0].Line != 2 {
		t.Fatalf("%+v, %v", rows, err)
	}
}

// FuzzParseCatalogCSV: any input either is refused or parses to rows that
// write and read back to the same rows, never a panic.
func FuzzParseCatalogCSV(f *testing.F) {
	f.Add(csvHeader + ",Mug,Stoneware,USD,,,\"size=S, colour=red\",4.50,3\n")
	f.Add(csvHeader + "prd_1,,,,archived,,,,\n")
	f.Add(csvHeader + ",\"a \"\"quoted\"\"\nline\",,USD,,,,1,1\r\n")
	f.Add("\ufeff" + csvHeader)
	f.Fuzz(func(t *testing.T, in string) {
		rows, err := ParseCatalogCSV(strings.NewReader(in))
		if err != nil {
			return
		}
		if len(rows) > MaxImportRows {
			t.Fatalf("%d rows", len(rows))
		}
		var buf bytes.Buffer
		if err := WriteCatalogCSV(&buf, rows); err != nil {
			t.Fatal(err)
		}
		again, err := ParseCatalogCSV(&buf)
		if err != nil {
			t.Fatalf("the written rows do not parse: %v\n%q", err, buf.String())
		}
		if len(again) != len(rows) {
			t.Fatalf("%d rows, then %d", len(rows), len(again))
		}
		for i := range rows {
			a, b := rows[i], again[i]
			a.Line, b.Line = 0, 0
			if a != b {
				t.Fatalf("row %d: %+v, then %+v", i, a, b)
			}
		}
		for _, r := range rows {
			if _, err := ParseOptions(r.Options); err == nil {
				_ = OptionsText(nil)
			}
		}
	})
}

// Stock changes record who, before, after and why; setting the same stock
// records nothing; below reserved is refused and recorded nowhere. Images
// reorder. Both backends.
func TestStockHistoryAndImageOrder(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		k := e.sku(e.brand, "10.00", 5)
		e.order(e.shopper("100.00"), k, 3)
		who := e.user("stocker")
		if _, err := e.s.SetStockBy(ctx, e.brand, k.ID, 9, StockChange{ActorID: who, Reason: "delivery"}); err != nil {
			t.Fatal(err)
		}
		if _, err := e.s.SetStockBy(ctx, e.brand, k.ID, 9, StockChange{ActorID: who}); err != nil {
			t.Fatal(err)
		}
		if _, err := e.s.SetStockBy(ctx, e.brand, k.ID, 2, StockChange{ActorID: who}); !isCode(err, ErrStockInUse) {
			t.Fatalf("below reserved: %v", err)
		}
		if _, err := e.s.SetStockBy(ctx, e.other, k.ID, 1, StockChange{ActorID: who}); !isCode(err, ErrNotFound) {
			t.Fatalf("another brand's SKU: %v", err)
		}
		h, err := e.s.StockHistory(ctx, e.brand, k.ProductID, 10)
		if err != nil || len(h) != 1 || h[0].Before != 5 || h[0].After != 9 || h[0].ActorID != who || h[0].Reason != "delivery" {
			t.Fatalf("history %+v, %v", h, err)
		}
		if h, _ := e.s.StockHistory(ctx, e.other, k.ProductID, 10); len(h) != 0 {
			t.Fatalf("another brand reads the history: %+v", h)
		}

		png := func(b byte) []byte {
			return append([]byte("\x89PNG\r\n\x1a\n"), bytes.Repeat([]byte{b}, 16)...)
		}
		var keys []string
		for i := range 3 {
			p, err := e.s.UploadImage(ctx, e.brand, k.ProductID, "image/png", bytes.NewReader(png(byte(i))))
			if err != nil {
				t.Fatal(err)
			}
			keys = p.Images
		}
		p, err := e.s.MoveImage(ctx, e.brand, k.ProductID, keys[2], 0)
		if err != nil || !reflect.DeepEqual(p.Images, []string{keys[2], keys[0], keys[1]}) {
			t.Fatalf("moved: %v, %v", p.Images, err)
		}
		p, err = e.s.MoveImage(ctx, e.brand, k.ProductID, keys[2], 99)
		if err != nil || !reflect.DeepEqual(p.Images, []string{keys[0], keys[1], keys[2]}) {
			t.Fatalf("moved last: %v, %v", p.Images, err)
		}
		if _, err := e.s.MoveImage(ctx, e.other, k.ProductID, keys[0], 1); !isCode(err, ErrNotFound) {
			t.Fatalf("another brand moved an image: %v", err)
		}
		if _, err := e.s.UploadImage(ctx, e.brand, k.ProductID, "image/png", strings.NewReader("<script>")); !isCode(err, ErrInvalid) {
			t.Fatalf("a script as an image: %v", err)
		}
	})
}

func isCode(err error, want *Error) bool {
	var e *Error
	return err != nil && errors.As(err, &e) && e.Code == want.Code
}
