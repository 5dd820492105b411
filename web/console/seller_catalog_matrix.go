package console

import (
	"slices"
	"strconv"
	"strings"

	"github.com/soukhq/souk/commerce"
	"github.com/soukhq/souk/identity"
	"github.com/soukhq/souk/payments/money"
	"github.com/soukhq/souk/web/site"
)

// SKUs as an options matrix: a product's sizes × colours, one SKU per
// cell with its own price and stock. The new-product form and the
// product page's "add a matrix" form take sizes and colours as lists; the
// product page shows the SKUs that have both as a grid (rows sizes,
// columns colours, each cell its price and stock in text).

const (
	optSize   = "size"
	optColour = "colour"
)

// splitList reads "S, M, L" into distinct non-empty values, in order.
func splitList(s string) []string {
	var out []string
	for _, v := range strings.Split(s, ",") {
		if v = strings.TrimSpace(v); v != "" && !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	return out
}

// matrix expands base into one SKU per size × colour (either list may be
// empty; both empty is base alone), skipping option sets in have.
func matrix(r *site.Req, base commerce.SKUInput, sizes, colours string, have map[string]bool) ([]commerce.SKUInput, string) {
	ss, cs := splitList(sizes), splitList(colours)
	if len(ss)*max(len(cs), 1) > commerce.MaxSKUsPerProduct || len(cs) > commerce.MaxSKUsPerProduct {
		return nil, r.L.T("seller.products.matrix_too_big", commerce.MaxSKUsPerProduct)
	}
	if len(ss) == 0 && len(cs) == 0 {
		return []commerce.SKUInput{base}, ""
	}
	if len(ss) == 0 {
		ss = []string{""}
	}
	if len(cs) == 0 {
		cs = []string{""}
	}
	var out []commerce.SKUInput
	for _, sz := range ss {
		for _, c := range cs {
			k := base
			k.Options = map[string]string{}
			for n, v := range base.Options {
				k.Options[n] = v
			}
			if sz != "" {
				k.Options[optSize] = sz
			}
			if c != "" {
				k.Options[optColour] = c
			}
			if !have[optionsText(k.Options)] {
				out = append(out, k)
			}
		}
	}
	return out, ""
}

func (p *seller) addSKUs(r *site.Req, b brandCtx, productID string, skus []commerce.SKUInput) error {
	for _, k := range skus {
		if _, err := p.Commerce.AddSKU(r.Context(), b.ID, productID, k); err != nil {
			return err
		}
	}
	return nil
}

type skuMatrix struct {
	Colours []string
	Rows    []matrixRow
}

type matrixRow struct {
	Size  string
	Cells []matrixCell
}

type matrixCell struct {
	Colour, Price string
	OnHand        int64
	Has           bool
}

// matrixOf lays out the product's SKUs that have a size and a colour.
func matrixOf(pr commerce.Product) *skuMatrix {
	var sizes, colours []string
	cells := map[[2]string]commerce.SKU{}
	for _, k := range pr.SKUs {
		sz, ok1 := k.Options[optSize]
		c, ok2 := k.Options[optColour]
		if !ok1 || !ok2 {
			continue
		}
		if !slices.Contains(sizes, sz) {
			sizes = append(sizes, sz)
		}
		if !slices.Contains(colours, c) {
			colours = append(colours, c)
		}
		cells[[2]string{sz, c}] = k
	}
	if len(cells) == 0 {
		return nil
	}
	m := &skuMatrix{Colours: colours}
	for _, sz := range sizes {
		row := matrixRow{Size: sz}
		for _, c := range colours {
			k, ok := cells[[2]string{sz, c}]
			row.Cells = append(row.Cells, matrixCell{Colour: c, Has: ok, Price: amount(pr.Currency, k.Price), OnHand: k.OnHand})
		}
		m.Rows = append(m.Rows, row)
	}
	return m
}

// addMatrix adds the missing SKUs of a sizes × colours matrix, all at one
// price and stock.
func (p *seller) addMatrix(r *site.Req, b brandCtx) error {
	pr, err := p.Commerce.Product(r.Context(), b.ID, r.Params("productId"))
	if err != nil {
		return p.productResult(r, b, err, "")
	}
	cur, err := money.Lookup(pr.Currency)
	if err != nil {
		return err
	}
	base, msg := readSKU(r, cur, r.FormValue("matrix_options"), strings.TrimSpace(r.FormValue("matrix_price")), strings.TrimSpace(r.FormValue("matrix_stock")))
	if msg == "" && len(splitList(r.FormValue("sizes"))) == 0 && len(splitList(r.FormValue("colours"))) == 0 {
		msg = r.L.T("seller.products.matrix_empty")
	}
	if msg != "" {
		return p.showProduct(r, b, 422, msg, "")
	}
	have := map[string]bool{}
	for _, k := range pr.SKUs {
		have[optionsText(k.Options)] = true
	}
	skus, msg := matrix(r, base, r.FormValue("sizes"), r.FormValue("colours"), have)
	if msg != "" {
		return p.showProduct(r, b, 422, msg, "")
	}
	err = p.addSKUs(r, b, pr.ID, skus)
	return p.productResult(r, b, err, r.L.T("seller.products.matrix_added", len(skus)))
}

type stockRow struct {
	At, SKU, By, Reason, Change string
	Before, After               int64
}

// stockHistory is the product's newest 50 stock changes with the name of
// whoever made each.
func (p *seller) stockHistory(r *site.Req, b brandCtx, pr commerce.Product) ([]stockRow, error) {
	hs, err := p.Commerce.StockHistory(r.Context(), b.ID, pr.ID, 50)
	if err != nil {
		return nil, err
	}
	opts := map[string]string{}
	for _, k := range pr.SKUs {
		opts[k.ID] = optionsText(k.Options)
	}
	names := map[string]string{"": r.L.T("seller.products.history_system")}
	var out []stockRow
	for _, h := range hs {
		if _, ok := names[h.ActorID]; !ok {
			names[h.ActorID] = h.ActorID
			if u, err := p.Identity.UserByID(r.Context(), h.ActorID); err == nil {
				names[h.ActorID] = personName(u)
			}
		}
		ch := h.After - h.Before
		change := strings.Replace(signed(ch), "-", "−", 1)
		out = append(out, stockRow{At: fmtTime(h.CreatedAt), SKU: opts[h.SKUID], By: names[h.ActorID], Reason: h.Reason, Change: change, Before: h.Before, After: h.After})
	}
	return out, nil
}

func personName(u identity.User) string {
	if u.DisplayName != "" {
		return u.DisplayName + " (" + u.Email + ")"
	}
	return u.Email
}

// signed writes n with its sign ("+3", "-2", "0").
func signed(n int64) string {
	if n > 0 {
		return "+" + strconv.FormatInt(n, 10)
	}
	return strconv.FormatInt(n, 10)
}
