package console

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/soukhq/souk/commerce"
	"github.com/soukhq/souk/payments/money"
	"github.com/soukhq/souk/web/site"
)

// The catalog pages: the brand's products (search by title, 50 a page by
// the product-id cursor commerce.Products pages by); a product with its
// SKUs. Owners and managers (api/'s writers) create and edit products, add
// SKUs, change a SKU's price and set its stock on hand; agents read.

const productsPage = 50

type productRow struct {
	ID, Title, Status, Prices string
	SKUs                      int
	Available                 int64
}

type productsData struct {
	Q     string
	Rows  []productRow
	Next  string
	Added bool
}

func (p *seller) products(r *site.Req, b brandCtx) error {
	d := productsData{Q: strings.TrimSpace(r.Query("q"))}
	ps, err := p.Commerce.Products(r.Context(), b.ID, commerce.ProductFilter{After: r.Query("after"), Limit: productsPage, Query: d.Q})
	if err != nil {
		return err
	}
	for _, pr := range ps {
		row := productRow{ID: pr.ID, Title: pr.Title, Status: pr.Status, SKUs: len(pr.SKUs)}
		var lo, hi money.Amount
		for i, k := range pr.SKUs {
			row.Available += k.Available()
			if i == 0 || k.Price < lo {
				lo = k.Price
			}
			hi = max(hi, k.Price)
		}
		if len(pr.SKUs) > 0 {
			row.Prices = amount(pr.Currency, lo)
			if hi != lo {
				row.Prices += " – " + amount(pr.Currency, hi)
			}
			row.Prices += " " + pr.Currency
		}
		d.Rows = append(d.Rows, row)
	}
	if len(ps) == productsPage {
		q := url.Values{"after": {ps[len(ps)-1].ID}}
		if d.Q != "" {
			q.Set("q", d.Q)
		}
		d.Next = "/seller/" + b.ID + "/products?" + q.Encode()
	}
	return p.render(r, http.StatusOK, "products", "seller.products.title", b, d, nil)
}

func parseOptions(s string) (map[string]string, bool) {
	o, err := commerce.ParseOptions(s)
	return o, err == nil
}

func optionsText(o map[string]string) string { return commerce.OptionsText(o) }

type newProductData struct {
	Title, Description, Currency, Options, Price, Stock string
	// Sizes and Colours, when given, make the SKUs a matrix: one per
	// size × colour, each with Options added, Price and Stock.
	Sizes, Colours string
	Currencies     []string
}

func currencyCodes() []string {
	var out []string
	for _, c := range money.Currencies() {
		out = append(out, c.Code)
	}
	return out
}

func (p *seller) newProduct(r *site.Req, b brandCtx) error {
	return p.render(r, http.StatusOK, "product-new", "seller.products.new", b, newProductData{Currency: "USD", Stock: "0", Currencies: currencyCodes()}, nil)
}

// catalogRefusal is the message for a refused catalog change.
func catalogRefusal(r *site.Req, err error) (string, bool) {
	var ce *commerce.Error
	if errors.As(err, &ce) {
		return r.L.T("seller.order.refused", ce.Error()), true
	}
	return "", false
}

func (p *seller) createProduct(r *site.Req, b brandCtx) error {
	d := newProductData{Title: r.FormValue("title"), Description: r.FormValue("description"), Currency: r.FormValue("currency"),
		Options: r.FormValue("options"), Price: strings.TrimSpace(r.FormValue("price")), Stock: strings.TrimSpace(r.FormValue("stock")),
		Sizes: r.FormValue("sizes"), Colours: r.FormValue("colours"), Currencies: currencyCodes()}
	fail := func(msg string) error {
		return p.render(r, http.StatusUnprocessableEntity, "product-new", "seller.products.new", b, d, func(pg *site.Page) { pg.Error = msg })
	}
	cur, err := money.Lookup(d.Currency)
	if err != nil {
		return fail(r.L.T("seller.products.bad_currency"))
	}
	sku, msg := readSKU(r, cur, d.Options, d.Price, d.Stock)
	if msg != "" {
		return fail(msg)
	}
	skus, msg := matrix(r, sku, d.Sizes, d.Colours, nil)
	if msg != "" {
		return fail(msg)
	}
	// The product, then its first SKU (read and checked above). Should
	// commerce still refuse the SKU, the new product is archived, not left
	// on sale without a SKU (two calls, not one transaction).
	pr, err := p.Commerce.CreateProduct(r.Context(), b.ID, commerce.ProductInput{Title: d.Title, Description: d.Description, Currency: cur.Code})
	if m, ok := catalogRefusal(r, err); ok {
		return fail(m)
	} else if err != nil {
		return err
	}
	if err := p.addSKUs(r, b, pr.ID, skus); err != nil {
		_, _ = p.Commerce.UpdateProduct(r.Context(), b.ID, pr.ID, commerce.ProductInput{Title: pr.Title, Description: pr.Description, Status: commerce.StatusArchived})
		if m, ok := catalogRefusal(r, err); ok {
			return fail(m)
		}
		return err
	}
	return r.SeeOther("/seller/" + b.ID + "/products/" + pr.ID + "?created=1")
}

// readSKU reads a SKU's options, price and stock from the form.
func readSKU(r *site.Req, cur money.Currency, options, price, stock string) (commerce.SKUInput, string) {
	opts, ok := parseOptions(options)
	if !ok {
		return commerce.SKUInput{}, r.L.T("seller.products.bad_options")
	}
	a, err := money.ParsePositive(cur, price)
	if err != nil {
		return commerce.SKUInput{}, r.L.T("seller.products.bad_price", cur.Code)
	}
	n, err := strconv.ParseInt(stock, 10, 64)
	if err != nil || n < 0 {
		return commerce.SKUInput{}, r.L.T("seller.products.bad_stock")
	}
	return commerce.SKUInput{Options: opts, Price: a, OnHand: n}, ""
}

type skuRow struct {
	ID, Options, Price, Status string
	OnHand, Reserved           int64
}

type productData struct {
	ID, Title, Description, Currency, Status string
	SKUs                                     []skuRow
	Statuses                                 []string
	// Matrix is the SKUs as a size × colour grid (nil when no SKU has
	// both options).
	Matrix  *skuMatrix
	Images  []imageRow
	History []stockRow
}

func (p *seller) product(r *site.Req, b brandCtx) error {
	notice := ""
	if r.Query("created") == "1" {
		notice = r.L.T("seller.products.created")
	}
	return p.showProduct(r, b, http.StatusOK, "", notice)
}

func (p *seller) showProduct(r *site.Req, b brandCtx, status int, errMsg, notice string) error {
	pr, err := p.Commerce.Product(r.Context(), b.ID, r.Params("productId"))
	if errors.Is(err, commerce.ErrNotFound) {
		return r.NotFound()
	}
	if err != nil {
		return err
	}
	d := productData{ID: pr.ID, Title: pr.Title, Description: pr.Description, Currency: pr.Currency, Status: pr.Status,
		Statuses: []string{commerce.StatusActive, commerce.StatusArchived}}
	for _, k := range pr.SKUs {
		d.SKUs = append(d.SKUs, skuRow{ID: k.ID, Options: optionsText(k.Options), Price: amount(pr.Currency, k.Price), Status: k.Status, OnHand: k.OnHand, Reserved: k.Reserved})
	}
	d.Matrix = matrixOf(pr)
	for i := range pr.Images {
		d.Images = append(d.Images, imageRow{N: i + 1, URL: fmt.Sprintf("/seller/%s/products/%s/images/%d", b.ID, pr.ID, i+1), Last: i == len(pr.Images)-1})
	}
	if d.History, err = p.stockHistory(r, b, pr); err != nil {
		return err
	}
	return p.render(r, status, "product", "seller.products.product", b, d, func(pg *site.Page) {
		pg.Title = pr.Title + " · " + b.Name
		pg.Error, pg.Notice = errMsg, notice
	})
}

func (p *seller) productResult(r *site.Req, b brandCtx, err error, notice string) error {
	if errors.Is(err, commerce.ErrNotFound) {
		return r.NotFound()
	}
	if m, ok := catalogRefusal(r, err); ok {
		return p.showProduct(r, b, http.StatusUnprocessableEntity, m, "")
	}
	if err != nil {
		return err
	}
	return p.showProduct(r, b, http.StatusOK, "", notice)
}

func (p *seller) editProduct(r *site.Req, b brandCtx) error {
	_, err := p.Commerce.UpdateProduct(r.Context(), b.ID, r.Params("productId"), commerce.ProductInput{
		Title: r.FormValue("title"), Description: r.FormValue("description"), Status: r.FormValue("status")})
	return p.productResult(r, b, err, r.L.T("seller.products.saved"))
}

func (p *seller) addSKU(r *site.Req, b brandCtx) error {
	pr, err := p.Commerce.Product(r.Context(), b.ID, r.Params("productId"))
	if err != nil {
		return p.productResult(r, b, err, "")
	}
	cur, err := money.Lookup(pr.Currency)
	if err != nil {
		return err
	}
	in, msg := readSKU(r, cur, r.FormValue("options"), strings.TrimSpace(r.FormValue("price")), strings.TrimSpace(r.FormValue("stock")))
	if msg != "" {
		return p.showProduct(r, b, http.StatusUnprocessableEntity, msg, "")
	}
	_, err = p.Commerce.AddSKU(r.Context(), b.ID, pr.ID, in)
	return p.productResult(r, b, err, r.L.T("seller.products.sku_added"))
}

// saveSKU changes a SKU's price and sets its stock on hand (the stock
// adjustment: reserved units stay reserved; commerce refuses less than
// reserved).
func (p *seller) saveSKU(r *site.Req, b brandCtx) error {
	pr, err := p.Commerce.Product(r.Context(), b.ID, r.Params("productId"))
	if err != nil {
		return p.productResult(r, b, err, "")
	}
	var k *commerce.SKU
	for i := range pr.SKUs {
		if pr.SKUs[i].ID == r.Params("skuId") {
			k = &pr.SKUs[i]
		}
	}
	if k == nil {
		return r.NotFound()
	}
	cur, err := money.Lookup(pr.Currency)
	if err != nil {
		return err
	}
	in, msg := readSKU(r, cur, optionsText(k.Options), strings.TrimSpace(r.FormValue("price")), strings.TrimSpace(r.FormValue("stock")))
	if msg != "" {
		return p.showProduct(r, b, http.StatusUnprocessableEntity, msg, "")
	}
	if in.Price != k.Price {
		if _, err := p.Commerce.UpdateSKU(r.Context(), b.ID, k.ID, commerce.SKUInput{Options: k.Options, Price: in.Price}); err != nil {
			return p.productResult(r, b, err, "")
		}
	}
	if in.OnHand != k.OnHand {
		by := commerce.StockChange{ActorID: r.UserID(), Reason: strings.TrimSpace(r.FormValue("reason"))}
		if _, err := p.Commerce.SetStockBy(r.Context(), b.ID, k.ID, in.OnHand, by); err != nil {
			return p.productResult(r, b, err, "")
		}
	}
	return p.showProduct(r, b, http.StatusOK, "", r.L.T("seller.products.sku_saved", optionsText(k.Options)))
}
