package commerce

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/soukhq/souk/payments/money"
	"github.com/soukhq/souk/store"
)

// The catalog as CSV (the seller console's bulk import and export). One
// row is one SKU with its product's fields; the header names the columns
// in CatalogCSVHeader's order. Export writes every product and SKU of a
// brand; import reads the same shape:
//
//	product_id  empty: a new product (rows with the same title and no
//	            product_id are one new product); else one of the brand's
//	title       required for a new product; for an existing one, a new title ("" keeps)
//	description "" keeps (existing), else the description
//	currency    required for a new product; for an existing one it must match
//	status      active or archived ("" keeps, or active for a new product)
//	sku_id      empty: a new SKU of the product; else the product's SKU to update
//	options     "size=M, colour=red"; a new SKU's options must differ from its siblings';
//	            an existing SKU's options cannot change by import
//	price       a positive amount in the product's currency ("12.34"); required
//	            for a new SKU, "" keeps an existing SKU's price
//	stock       units on hand, 0..MaxStock ("" is 0 for a new SKU and keeps an
//	            existing one's); not below what unpaid orders hold
//
// A row of an existing product with sku_id, options, price and stock all
// empty changes only the product. PlanImport reports per row what would
// happen or why the row is refused; ApplyImport does the same check again
// inside one transaction and applies every good row there: a refused row
// changes nothing, and the good rows land together or not at all.

// CatalogCSVHeader is the CSV header, in column order.
var CatalogCSVHeader = []string{"product_id", "title", "description", "currency", "status", "sku_id", "options", "price", "stock"}

// Import limits.
const (
	MaxImportRows  = 5000
	MaxImportBytes = 4 << 20
)

// CSVRow is one data row of a catalog CSV; Line is its line in the file
// (the header is line 1).
type CSVRow struct {
	Line                                                                          int
	ProductID, Title, Description, Currency, Status, SKUID, Options, Price, Stock string
}

func (r CSVRow) record() []string {
	return []string{r.ProductID, r.Title, r.Description, r.Currency, r.Status, r.SKUID, r.Options, r.Price, r.Stock}
}

// ParseCatalogCSV reads a catalog CSV (UTF-8, an optional byte-order mark,
// the header first). Cells are trimmed of surrounding spaces.
func ParseCatalogCSV(r io.Reader) ([]CSVRow, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxImportBytes+1))
	if err != nil {
		return nil, err
	}
	if len(data) > MaxImportBytes {
		return nil, fail(ErrInvalid, "the file is larger than %d bytes", MaxImportBytes)
	}
	s := strings.TrimPrefix(string(data), "\ufeff")
	if !utf8.ValidString(s) {
		return nil, fail(ErrInvalid, "the file is not UTF-8 text")
	}
	cr := csv.NewReader(strings.NewReader(s))
	cr.FieldsPerRecord = len(CatalogCSVHeader)
	head, err := cr.Read()
	if err != nil {
		return nil, fail(ErrInvalid, "the first line must be the header %s", strings.Join(CatalogCSVHeader, ","))
	}
	for i, h := range head {
		if strings.ToLower(strings.TrimSpace(h)) != CatalogCSVHeader[i] {
			return nil, fail(ErrInvalid, "column %d must be %s, not %q", i+1, CatalogCSVHeader[i], h)
		}
	}
	var out []CSVRow
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			return nil, fail(ErrInvalid, "line %d: %v", pe.Line, pe.Err)
		}
		if err != nil {
			return nil, err
		}
		if len(out) == MaxImportRows {
			return nil, fail(ErrInvalid, "at most %d rows", MaxImportRows)
		}
		line, _ := cr.FieldPos(0)
		for i := range rec {
			rec[i] = strings.TrimSpace(rec[i])
		}
		out = append(out, CSVRow{Line: line, ProductID: rec[0], Title: rec[1], Description: rec[2], Currency: rec[3], Status: rec[4],
			SKUID: rec[5], Options: rec[6], Price: rec[7], Stock: rec[8]})
	}
	return out, nil
}

// WriteCatalogCSV writes rows as a catalog CSV with its header.
func WriteCatalogCSV(w io.Writer, rows []CSVRow) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(CatalogCSVHeader); err != nil {
		return err
	}
	for _, r := range rows {
		if err := cw.Write(r.record()); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// ExportCatalog returns every product and SKU of the brand as CSV rows (a
// product without SKUs is one row with empty SKU columns), by product id.
func (s *Service) ExportCatalog(ctx context.Context, brandID string) ([]CSVRow, error) {
	var out []CSVRow
	after := ""
	for {
		ps, err := s.Products(ctx, brandID, ProductFilter{After: after, Limit: 200})
		if err != nil {
			return nil, err
		}
		for _, p := range ps {
			base := CSVRow{ProductID: p.ID, Title: p.Title, Description: p.Description, Currency: p.Currency, Status: p.Status}
			if len(p.SKUs) == 0 {
				out = append(out, base)
			}
			cur, err := money.Lookup(p.Currency)
			if err != nil {
				return nil, err
			}
			for _, k := range p.SKUs {
				r := base
				r.SKUID, r.Options, r.Price, r.Stock = k.ID, OptionsText(k.Options), money.Format(cur, k.Price), strconv.FormatInt(k.OnHand, 10)
				out = append(out, r)
			}
		}
		if len(ps) < 200 {
			return out, nil
		}
		after = ps[len(ps)-1].ID
	}
}

// ParseOptions reads "size=M, colour=red" (name=value pairs separated by
// commas; "" is no options).
func ParseOptions(s string) (map[string]string, error) {
	out := map[string]string{}
	for _, part := range strings.Split(s, ",") {
		if strings.TrimSpace(part) == "" {
			continue
		}
		k, v, ok := strings.Cut(part, "=")
		k, v = strings.TrimSpace(k), strings.TrimSpace(v)
		if !ok || k == "" || v == "" {
			return nil, fail(ErrInvalid, "options are name=value pairs separated by commas")
		}
		if _, dup := out[k]; dup {
			return nil, fail(ErrInvalid, "option %q is named twice", k)
		}
		out[k] = v
	}
	return out, nil
}

// OptionsText writes options as ParseOptions reads them, names sorted.
func OptionsText(o map[string]string) string {
	parts := make([]string, 0, len(o))
	for k, v := range o {
		parts = append(parts, k+"="+v)
	}
	slices.Sort(parts)
	return strings.Join(parts, ", ")
}

// Import row actions.
const (
	ImportCreateProduct = "create_product" // a new product and its first SKU
	ImportAddSKU        = "add_sku"
	ImportUpdateSKU     = "update_sku"
	ImportUpdateProduct = "update_product"
	ImportRefused       = "refused"
)

// ImportRow is what the import does with one row, or why it refuses it.
type ImportRow struct {
	CSVRow
	Action string
	Reason string // why the row is refused
}

// ImportPlan is the per-row report of an import.
type ImportPlan struct {
	Rows    []ImportRow
	Good    int
	Refused int
}

// PlanImport checks every row against the brand's catalog as it is now and
// reports what importing would do. It changes nothing.
func (s *Service) PlanImport(ctx context.Context, brandID string, rows []CSVRow) (ImportPlan, error) {
	var plan ImportPlan
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		var err error
		plan, _, err = s.planImportTx(ctx, tx, brandID, rows)
		return err
	})
	return plan, err
}

// ApplyImport checks the rows again inside one transaction and applies
// every good one there (stock changes are recorded as by). The plan says
// what was done and what was refused.
func (s *Service) ApplyImport(ctx context.Context, brandID string, rows []CSVRow, by StockChange) (ImportPlan, error) {
	var plan ImportPlan
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		var ops []importOp
		var err error
		plan, ops, err = s.planImportTx(ctx, tx, brandID, rows)
		if err != nil {
			return err
		}
		for _, op := range ops {
			if err := op(ctx, tx, by); err != nil {
				return err
			}
		}
		return nil
	})
	return plan, err
}

type importOp func(ctx context.Context, tx *store.Tx, by StockChange) error

// importProduct is a product as the import sees it: loaded from the
// brand's catalog, or new in this file.
type importProduct struct {
	p        Product
	cur      money.Currency
	isNew    bool
	options  map[string]bool // OptionsText of every SKU, existing and planned
	skus     map[string]SKU
	planned  int  // SKUs this import adds
	hasFirst bool // a new product's first good row was planned
}

func (s *Service) planImportTx(ctx context.Context, tx *store.Tx, brandID string, rows []CSVRow) (ImportPlan, []importOp, error) {
	var plan ImportPlan
	var ops []importOp
	byID := map[string]*importProduct{}
	byTitle := map[string]*importProduct{} // new products, by title
	load := func(id string) (*importProduct, error) {
		if ip, ok := byID[id]; ok {
			return ip, nil
		}
		p, err := scanProduct(tx.QueryRowContext(ctx, `SELECT `+productCols+` FROM commerce_products WHERE id = $1 AND brand_id = $2`+forUpdate(tx), id, brandID))
		if errors.Is(err, ErrNotFound) {
			return nil, nil
		}
		if err != nil {
			return nil, err
		}
		cur, err := money.Lookup(p.Currency)
		if err != nil {
			return nil, err
		}
		rs, err := tx.QueryContext(ctx, `SELECT `+skuCols+` FROM commerce_skus WHERE product_id = $1`+forUpdate(tx), id)
		if err != nil {
			return nil, err
		}
		ip := &importProduct{p: p, cur: cur, options: map[string]bool{}, skus: map[string]SKU{}}
		for rs.Next() {
			k, err := scanSKU(rs)
			if err != nil {
				rs.Close()
				return nil, err
			}
			ip.skus[k.ID] = k
			ip.options[OptionsText(k.Options)] = true
		}
		rs.Close()
		if err := rs.Err(); err != nil {
			return nil, err
		}
		byID[id] = ip
		return ip, nil
	}
	for _, r := range rows {
		row := ImportRow{CSVRow: r}
		op, action, reason, err := s.planRow(r, brandID, load, byTitle)
		if err != nil {
			return plan, nil, err
		}
		if reason != "" {
			row.Action, row.Reason = ImportRefused, reason
			plan.Refused++
		} else {
			row.Action = action
			plan.Good++
			ops = append(ops, op)
		}
		plan.Rows = append(plan.Rows, row)
	}
	return plan, ops, nil
}

// planRow checks one row; it returns the operation and action, or the
// reason the row is refused (with no effect on the plan's state).
func (s *Service) planRow(r CSVRow, brandID string, load func(string) (*importProduct, error),
	byTitle map[string]*importProduct) (importOp, string, string, error) {
	refuse := func(format string, args ...any) (importOp, string, string, error) {
		return nil, "", fmt.Sprintf(format, args...), nil
	}
	if r.Status != "" && r.Status != StatusActive && r.Status != StatusArchived {
		return refuse("status must be active or archived")
	}
	if err := checkText("title", r.Title, MaxTitleLen, false); err != nil {
		return refuse("%s", errMessage(err))
	}
	if err := checkText("description", r.Description, MaxDescriptionLen, false); err != nil {
		return refuse("%s", errMessage(err))
	}
	var ip *importProduct
	if r.ProductID == "" {
		if r.Title == "" {
			return refuse("a new product needs a title")
		}
		if r.SKUID != "" {
			return refuse("a SKU id needs its product id")
		}
		ip = byTitle[r.Title]
		if ip == nil {
			cur, err := money.Lookup(r.Currency)
			if err != nil {
				return refuse("unknown currency %q", r.Currency)
			}
			ip = &importProduct{isNew: true, cur: cur, options: map[string]bool{}, skus: map[string]SKU{},
				p: Product{BrandID: brandID, Title: r.Title, Description: r.Description, Currency: cur.Code, Status: cmp(r.Status, StatusActive)}}
		} else if r.Currency != "" && r.Currency != ip.cur.Code {
			return refuse("currency %s differs from this product's earlier rows (%s)", r.Currency, ip.cur.Code)
		}
	} else {
		var err error
		if ip, err = load(r.ProductID); err != nil {
			return nil, "", "", err
		}
		if ip == nil {
			return refuse("no product %s in this brand", r.ProductID)
		}
		if r.Currency != "" && r.Currency != ip.p.Currency {
			return refuse("the product's currency is %s, not %s", ip.p.Currency, r.Currency)
		}
	}
	productOnly := r.SKUID == "" && r.Options == "" && r.Price == "" && r.Stock == ""
	if productOnly && !ip.isNew {
		title, desc, status := cmp(r.Title, ip.p.Title), cmp(r.Description, ip.p.Description), cmp(r.Status, ip.p.Status)
		id := ip.p.ID
		return func(ctx context.Context, tx *store.Tx, _ StockChange) error {
			catalogChangedTx(tx)
			_, err := tx.ExecContext(ctx, `UPDATE commerce_products SET title = $3, description = $4, status = $5, updated_at = $6 WHERE id = $1 AND brand_id = $2`,
				id, brandID, title, desc, status, now())
			return err
		}, ImportUpdateProduct, "", nil
	}
	opts, err := ParseOptions(r.Options)
	if err != nil {
		return refuse("%s", errMessage(err))
	}
	var price money.Amount
	if r.Price != "" {
		if price, err = money.ParsePositive(ip.cur, r.Price); err != nil {
			return refuse("price %q is not a positive amount in %s", r.Price, ip.cur.Code)
		}
	}
	stock, hasStock := int64(0), r.Stock != ""
	if hasStock {
		if stock, err = strconv.ParseInt(r.Stock, 10, 64); err != nil || stock < 0 || stock > MaxStock {
			return refuse("stock %q is not a whole number from 0 to %d", r.Stock, MaxStock)
		}
	}
	if r.SKUID != "" {
		k, ok := ip.skus[r.SKUID]
		if !ok {
			return refuse("no SKU %s in product %s", r.SKUID, r.ProductID)
		}
		if r.Options != "" && OptionsText(opts) != OptionsText(k.Options) {
			return refuse("an existing SKU's options cannot change by import")
		}
		if hasStock && stock < k.Reserved {
			return refuse("stock %d is below the %d units unpaid orders hold", stock, k.Reserved)
		}
		title, desc, status := cmp(r.Title, ip.p.Title), cmp(r.Description, ip.p.Description), cmp(r.Status, ip.p.Status)
		pid := ip.p.ID
		return func(ctx context.Context, tx *store.Tx, by StockChange) error {
			if title != ip.p.Title || desc != ip.p.Description || status != ip.p.Status {
				catalogChangedTx(tx)
				if _, err := tx.ExecContext(ctx, `UPDATE commerce_products SET title = $3, description = $4, status = $5, updated_at = $6 WHERE id = $1 AND brand_id = $2`,
					pid, brandID, title, desc, status, now()); err != nil {
					return err
				}
			}
			if price != 0 && price != k.Price {
				if _, err := tx.ExecContext(ctx, `UPDATE commerce_skus SET price = $3, updated_at = $4 WHERE id = $1 AND brand_id = $2`, k.ID, brandID, int64(price), now()); err != nil {
					return err
				}
			}
			if hasStock {
				return s.setStockTx(ctx, tx, brandID, k.ID, stock, by)
			}
			return nil
		}, ImportUpdateSKU, "", nil
	}
	// A new SKU.
	if price == 0 {
		return refuse("a new SKU needs a price")
	}
	if len(opts) > MaxOptions {
		return refuse("a SKU has at most %d options", MaxOptions)
	}
	for k, v := range opts {
		if utf8.RuneCountInString(k) > MaxOptionLen || utf8.RuneCountInString(v) > MaxOptionLen {
			return refuse("option names and values are at most %d characters", MaxOptionLen)
		}
	}
	key := OptionsText(opts)
	if ip.options[key] {
		return refuse("the product already has a SKU with options %q", key)
	}
	if len(ip.skus)+ip.planned >= MaxSKUsPerProduct {
		return refuse("a product has at most %d SKUs", MaxSKUsPerProduct)
	}
	// Good: record it in the plan's state.
	ip.options[key] = true
	ip.planned++
	action := ImportAddSKU
	createProduct := false
	if ip.isNew {
		byTitle[r.Title] = ip
		if !ip.hasFirst {
			ip.hasFirst, createProduct, action = true, true, ImportCreateProduct
		}
	}
	return func(ctx context.Context, tx *store.Tx, by StockChange) error {
		t := now()
		if createProduct {
			ip.p.ID = store.NewID("prd")
			catalogChangedTx(tx)
			if _, err := tx.ExecContext(ctx, `INSERT INTO commerce_products (id, brand_id, title, description, currency, status, images, created_at, updated_at)
				VALUES ($1, $2, $3, $4, $5, $6, '[]', $7, $7)`, ip.p.ID, brandID, ip.p.Title, ip.p.Description, ip.p.Currency, ip.p.Status, t); err != nil {
				return err
			}
		}
		b, _ := json.Marshal(opts)
		id := store.NewID("sku")
		catalogChangedTx(tx)
		if _, err := tx.ExecContext(ctx, `INSERT INTO commerce_skus (id, product_id, brand_id, options, price, on_hand, reserved, status, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, 0, 'active', $7, $7)`, id, ip.p.ID, brandID, string(b), int64(price), stock, t); err != nil {
			return err
		}
		if stock > 0 {
			_, err := tx.ExecContext(ctx, `INSERT INTO commerce_stock_adjustments (id, brand_id, product_id, sku_id, actor_id, before_qty, after_qty, reason, created_at)
				VALUES ($1, $2, $3, $4, $5, 0, $6, $7, $8)`, store.NewID("stk"), brandID, ip.p.ID, id, by.ActorID, stock, by.Reason, t)
			return err
		}
		return nil
	}, action, "", nil
}

// cmp is v, or def when v is empty.
func cmp(v, def string) string {
	if v == "" {
		return def
	}
	return v
}

// errMessage is a rejection's human message.
func errMessage(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Message
	}
	return err.Error()
}
