package commerce

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/soukhq/souk/payments/money"
	"github.com/soukhq/souk/store"
)

// Catalog limits.
const (
	MaxTitleLen       = 200
	MaxDescriptionLen = 10000
	MaxImages         = 10
	MaxSKUsPerProduct = 100
	MaxOptions        = 5
	MaxOptionLen      = 50
	MaxStock          = 1_000_000_000
)

// Product statuses.
const (
	StatusActive   = "active"
	StatusArchived = "archived"
)

// Product is a brand's product; its SKUs carry price and stock.
type Product struct {
	ID          string   `json:"id"`
	BrandID     string   `json:"brandId"`
	Title       string   `json:"title"`
	Description string   `json:"description"`
	Currency    string   `json:"currency"`
	Status      string   `json:"status"`
	Images      []string `json:"images"` // blob keys
	SKUs        []SKU    `json:"skus"`
	CreatedAt   int64    `json:"createdAt"`
	UpdatedAt   int64    `json:"updatedAt"`
}

// SKU is one buyable variant of a product.
type SKU struct {
	ID        string            `json:"id"`
	ProductID string            `json:"productId"`
	Options   map[string]string `json:"options"`
	Price     money.Amount      `json:"price"` // minor units of the product's currency
	OnHand    int64             `json:"onHand"`
	Reserved  int64             `json:"reserved"`
	Status    string            `json:"status"`
	CreatedAt int64             `json:"createdAt"`
	UpdatedAt int64             `json:"updatedAt"`
}

// Available is what can still be ordered.
func (k SKU) Available() int64 { return k.OnHand - k.Reserved }

// ProductInput creates or replaces a product's descriptive fields.
type ProductInput struct {
	Title       string
	Description string
	Currency    string // fixed at creation; ignored on update
	Status      string // "" keeps (update) or means active (create)
}

func checkText(field, v string, max int, required bool) error {
	if required && strings.TrimSpace(v) == "" {
		return fail(ErrInvalid, "%s is required", field)
	}
	if utf8.RuneCountInString(v) > max || !utf8.ValidString(v) {
		return fail(ErrInvalid, "%s must be valid text of at most %d characters", field, max)
	}
	return nil
}

func checkStatus(st string) error {
	if st != StatusActive && st != StatusArchived {
		return fail(ErrInvalid, "status must be active or archived")
	}
	return nil
}

const productCols = `id, brand_id, title, description, currency, status, images, created_at, updated_at`

func scanProduct(sc interface{ Scan(...any) error }) (Product, error) {
	var p Product
	var images string
	err := sc.Scan(&p.ID, &p.BrandID, &p.Title, &p.Description, &p.Currency, &p.Status, &images, &p.CreatedAt, &p.UpdatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return p, fail(ErrNotFound, "no such product")
	}
	if err != nil {
		return p, err
	}
	p.Images = []string{}
	err = json.Unmarshal([]byte(images), &p.Images)
	return p, err
}

// CreateProduct adds a product to the brand's catalog.
func (s *Service) CreateProduct(ctx context.Context, brandID string, in ProductInput) (Product, error) {
	if err := checkText("title", in.Title, MaxTitleLen, true); err != nil {
		return Product{}, err
	}
	if err := checkText("description", in.Description, MaxDescriptionLen, false); err != nil {
		return Product{}, err
	}
	if _, err := money.Lookup(in.Currency); err != nil {
		return Product{}, fail(ErrInvalid, "unknown currency %q", in.Currency)
	}
	if in.Status == "" {
		in.Status = StatusActive
	}
	if err := checkStatus(in.Status); err != nil {
		return Product{}, err
	}
	t := now()
	p := Product{ID: store.NewID("prd"), BrandID: brandID, Title: in.Title, Description: in.Description, Currency: in.Currency,
		Status: in.Status, Images: []string{}, SKUs: []SKU{}, CreatedAt: t, UpdatedAt: t}
	defer s.catalogChangedCtx(ctx)
	_, err := s.db.ExecContext(ctx, `INSERT INTO commerce_products (id, brand_id, title, description, currency, status, images, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, '[]', $7, $7)`, p.ID, brandID, p.Title, p.Description, p.Currency, p.Status, t)
	return p, err
}

// UpdateProduct changes title, description and status (the currency is
// fixed: SKU prices are in it and orders snapshot it).
func (s *Service) UpdateProduct(ctx context.Context, brandID, productID string, in ProductInput) (Product, error) {
	if err := checkText("title", in.Title, MaxTitleLen, true); err != nil {
		return Product{}, err
	}
	if err := checkText("description", in.Description, MaxDescriptionLen, false); err != nil {
		return Product{}, err
	}
	if in.Status != "" {
		if err := checkStatus(in.Status); err != nil {
			return Product{}, err
		}
	}
	defer s.catalogChangedCtx(ctx)
	res, err := s.db.ExecContext(ctx, `UPDATE commerce_products SET title = $3, description = $4,
		status = CASE WHEN CAST($5 AS TEXT) = '' THEN status ELSE CAST($5 AS TEXT) END, updated_at = $6 WHERE id = $1 AND brand_id = $2`,
		productID, brandID, in.Title, in.Description, in.Status, now())
	if err != nil {
		return Product{}, err
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return Product{}, fail(ErrNotFound, "no such product")
	}
	return s.Product(ctx, brandID, productID)
}

// Product returns one of the brand's products with its SKUs; another
// brand's product is not found.
func (s *Service) Product(ctx context.Context, brandID, productID string) (Product, error) {
	p, err := scanProduct(s.db.QueryRowContext(ctx, `SELECT `+productCols+` FROM commerce_products WHERE id = $1 AND brand_id = $2`, productID, brandID))
	if err != nil {
		return p, err
	}
	p.SKUs, err = s.skus(ctx, productID)
	return p, err
}

// ProductFilter narrows a catalog listing.
type ProductFilter struct {
	ActiveOnly bool   // shoppers and apps see active products only
	After      string // product id: the previous page's last (ids sort by creation)
	Limit      int    // default 50, at most 200
	// Query keeps products whose title contains it (case-insensitive for
	// ASCII letters).
	Query string
}

// Products lists the brand's products with their SKUs, oldest first.
func (s *Service) Products(ctx context.Context, brandID string, f ProductFilter) ([]Product, error) {
	if f.Limit <= 0 || f.Limit > 200 {
		f.Limit = 50
	}
	q := ` FROM commerce_products WHERE brand_id = $1 AND id > $2`
	if f.ActiveOnly {
		q += ` AND status = 'active'`
	}
	args := []any{brandID, f.After, f.Limit}
	if f.Query != "" {
		esc := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(strings.ToLower(f.Query))
		args = append(args, "%"+esc+"%")
		q += ` AND LOWER(title) LIKE $4 ESCAPE '\'`
	}
	q += ` ORDER BY id LIMIT $3`
	rows, err := s.db.QueryContext(ctx, `SELECT `+productCols+q, args...)
	if err != nil {
		return nil, err
	}
	out := []Product{}
	for rows.Next() {
		p, err := scanProduct(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, p)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	// The page's SKUs in one query, not one per product (the shop's home
	// page reads 20 products on every render).
	if len(out) == 0 {
		return out, nil
	}
	skus, err := s.skusOf(ctx, `SELECT id`+q, args)
	if err != nil {
		return nil, err
	}
	for i := range out {
		out[i].SKUs = skus[out[i].ID]
		if out[i].SKUs == nil {
			out[i].SKUs = []SKU{}
		}
		if f.ActiveOnly {
			active := out[i].SKUs[:0]
			for _, k := range out[i].SKUs {
				if k.Status == StatusActive {
					active = append(active, k)
				}
			}
			out[i].SKUs = active
		}
	}
	return out, nil
}

const skuCols = `id, product_id, options, price, on_hand, reserved, status, created_at, updated_at`

func scanSKU(sc interface{ Scan(...any) error }) (SKU, error) {
	var k SKU
	var opts string
	err := sc.Scan(&k.ID, &k.ProductID, &opts, &k.Price, &k.OnHand, &k.Reserved, &k.Status, &k.CreatedAt, &k.UpdatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return k, fail(ErrNotFound, "no such SKU")
	}
	if err != nil {
		return k, err
	}
	err = json.Unmarshal([]byte(opts), &k.Options)
	return k, err
}

func (s *Service) skus(ctx context.Context, productID string) ([]SKU, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+skuCols+` FROM commerce_skus WHERE product_id = $1 ORDER BY created_at, id`, productID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []SKU{}
	for rows.Next() {
		k, err := scanSKU(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, k)
	}
	return out, rows.Err()
}

// skusOf returns the SKUs of the products that the products query q
// (its id column selected, args its arguments) lists, by product id, each
// product's in skus' order, in one query whose text does not depend on the
// page (so it stays one prepared statement).
func (s *Service) skusOf(ctx context.Context, q string, args []any) (map[string][]SKU, error) {
	out := map[string][]SKU{}
	rows, err := s.db.QueryContext(ctx, `SELECT `+skuCols+` FROM commerce_skus WHERE product_id IN (`+q+`) ORDER BY product_id, created_at, id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		k, err := scanSKU(rows)
		if err != nil {
			return nil, err
		}
		out[k.ProductID] = append(out[k.ProductID], k)
	}
	return out, rows.Err()
}

// SKUInput creates or updates a SKU. Price is minor units.
type SKUInput struct {
	Options map[string]string
	Price   money.Amount
	OnHand  int64  // create only; use SetStock afterwards
	Status  string // "" keeps (update) or means active (create)
}

func checkSKU(in SKUInput) error {
	if in.Price <= 0 {
		return fail(ErrInvalid, "price must be positive")
	}
	if len(in.Options) > MaxOptions {
		return fail(ErrInvalid, "a SKU has at most %d options", MaxOptions)
	}
	for k, v := range in.Options {
		if err := checkText(fmt.Sprintf("option name %q", k), k, MaxOptionLen, true); err != nil {
			return err
		}
		if err := checkText(fmt.Sprintf("option %q", k), v, MaxOptionLen, true); err != nil {
			return err
		}
	}
	if in.OnHand < 0 || in.OnHand > MaxStock {
		return fail(ErrInvalid, "stock must be 0 to %d", MaxStock)
	}
	if in.Status != "" {
		return checkStatus(in.Status)
	}
	return nil
}

// AddSKU adds a variant to one of the brand's products.
func (s *Service) AddSKU(ctx context.Context, brandID, productID string, in SKUInput) (SKU, error) {
	if err := checkSKU(in); err != nil {
		return SKU{}, err
	}
	if in.Options == nil {
		in.Options = map[string]string{}
	}
	if in.Status == "" {
		in.Status = StatusActive
	}
	opts, _ := json.Marshal(in.Options)
	t := now()
	k := SKU{ID: store.NewID("sku"), ProductID: productID, Options: in.Options, Price: in.Price, OnHand: in.OnHand, Status: in.Status, CreatedAt: t, UpdatedAt: t}
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM commerce_products WHERE id = $1 AND brand_id = $2`, productID, brandID).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return fail(ErrNotFound, "no such product")
		}
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM commerce_skus WHERE product_id = $1`, productID).Scan(&n); err != nil {
			return err
		}
		if n >= MaxSKUsPerProduct {
			return fail(ErrInvalid, "a product has at most %d SKUs", MaxSKUsPerProduct)
		}
		catalogChangedTx(tx)
		_, err := tx.ExecContext(ctx, `INSERT INTO commerce_skus (id, product_id, brand_id, options, price, on_hand, reserved, status, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, 0, $7, $8, $8)`, k.ID, productID, brandID, string(opts), int64(k.Price), k.OnHand, k.Status, t)
		return err
	})
	return k, err
}

// UpdateSKU changes a SKU's options, price and status. Orders already
// placed keep the price they were created with.
func (s *Service) UpdateSKU(ctx context.Context, brandID, skuID string, in SKUInput) (SKU, error) {
	in.OnHand = 0
	if err := checkSKU(in); err != nil {
		return SKU{}, err
	}
	if in.Options == nil {
		in.Options = map[string]string{}
	}
	opts, _ := json.Marshal(in.Options)
	defer s.catalogChangedCtx(ctx)
	res, err := s.db.ExecContext(ctx, `UPDATE commerce_skus SET options = $3, price = $4, status = CASE WHEN CAST($5 AS TEXT) = '' THEN status ELSE CAST($5 AS TEXT) END,
		updated_at = $6 WHERE id = $1 AND brand_id = $2`, skuID, brandID, string(opts), int64(in.Price), in.Status, now())
	if err != nil {
		return SKU{}, err
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return SKU{}, fail(ErrNotFound, "no such SKU")
	}
	return s.SKU(ctx, brandID, skuID)
}

// SKU returns one of the brand's SKUs.
func (s *Service) SKU(ctx context.Context, brandID, skuID string) (SKU, error) {
	return scanSKU(s.db.QueryRowContext(ctx, `SELECT `+skuCols+` FROM commerce_skus WHERE id = $1 AND brand_id = $2`, skuID, brandID))
}

// SetStock sets a SKU's stock on hand (a count after a delivery or a
// stock-take) for nobody in particular; SetStockBy records who.
func (s *Service) SetStock(ctx context.Context, brandID, skuID string, onHand int64) (SKU, error) {
	return s.SetStockBy(ctx, brandID, skuID, onHand, StockChange{})
}
