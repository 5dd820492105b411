package console

import (
	"net/http"
	"strings"
	"time"

	"github.com/soukhq/souk/commerce"
	"github.com/soukhq/souk/payments"
	"github.com/soukhq/souk/payments/money"
	"github.com/soukhq/souk/web/site"
)

// The links page (issue 17): the brand's short links with their QR codes
// (PNG and SVG, drawn by the API), a form to link a product or the
// storefront, and a switch to disable a link — a link never points
// anywhere else. Below, the brand's payment codes: the static code (the
// shopper enters the amount) and single-use dynamic codes for an amount.
// All staff may look; owners and managers make and switch off.

type linkRow struct {
	Code, Kind, Target, Destination, Status, Created string
	Opens                                            int64
}

type payCodeRow struct {
	ID, Kind, Amount, Note, Status, Expires, Created string
}

type linksData struct {
	Links     []linkRow
	Products  []commerce.Product
	Static    *payCodeRow
	Codes     []payCodeRow
	Currency  string
	Receipts  []payCodeReceiptRow
	CanManage bool
}

type payCodeReceiptRow struct {
	ID, Code, Amount, Fee, Net, When string
}

func (p *seller) links(r *site.Req, b brandCtx) error {
	return p.showLinks(r, b, http.StatusOK, "", "")
}

func (p *seller) showLinks(r *site.Req, b brandCtx, status int, errMsg, notice string) error {
	d := linksData{CanManage: b.CanManage, Currency: "USD"}
	ls, err := p.Commerce.BrandLinks(r.Context(), b.ID, 200)
	if err != nil {
		return err
	}
	for _, l := range ls {
		d.Links = append(d.Links, linkRow{Code: l.Code, Kind: l.Kind, Target: l.Target, Destination: l.Destination(), Status: l.Status,
			Created: fmtTime(l.CreatedAt), Opens: l.Opens})
	}
	if d.Products, err = p.Commerce.Products(r.Context(), b.ID, commerce.ProductFilter{ActiveOnly: true, Limit: 100}); err != nil {
		return err
	}
	if len(d.Products) > 0 {
		d.Currency = d.Products[0].Currency
	}
	pay := p.Commerce.Payments()
	codes, err := pay.BrandPayCodes(r.Context(), b.ID, 50)
	if err != nil {
		return err
	}
	for _, c := range codes {
		row := payCodeRow{ID: c.ID, Kind: c.Kind, Note: c.Note, Status: c.Status, Created: fmtTime(c.CreatedAt)}
		if c.Kind == payments.PayCodeDynamic {
			row.Amount = money.Format(money.MustLookup(c.Currency), c.Amount) + " " + c.Currency
			row.Expires = fmtTime(c.ExpiresAt)
			if c.Status == payments.PayCodeActive && c.Expired(time.Now().UnixMicro()) {
				row.Status = "expired"
			}
			d.Codes = append(d.Codes, row)
		} else if d.Static == nil {
			row.Amount = c.Currency
			d.Static = &row
		}
	}
	rs, err := pay.PayCodePayments(r.Context(), b.ID, "", 20)
	if err != nil {
		return err
	}
	for _, x := range rs {
		cur := money.MustLookup(x.Currency)
		d.Receipts = append(d.Receipts, payCodeReceiptRow{ID: x.ID, Code: x.CodeID, Amount: money.Format(cur, x.Amount) + " " + x.Currency,
			Fee: money.Format(cur, x.Fee), Net: money.Format(cur, x.Net), When: fmtTime(x.CreatedAt)})
	}
	return p.render(r, status, "links", "seller.links.title", b, d, func(pg *site.Page) { pg.Error, pg.Notice = errMsg, notice })
}

func (p *seller) createLink(r *site.Req, b brandCtx) error {
	in := commerce.NewLink{BrandID: b.ID, Kind: r.FormValue("kind"), Target: strings.TrimSpace(r.FormValue("product")), CreatedBy: r.UserID()}
	if in.Kind != commerce.LinkProduct {
		in.Kind, in.Target = commerce.LinkBrand, ""
	}
	l, err := p.Commerce.CreateLink(r.Context(), in)
	if commerce.Code(err) != "" {
		return p.showLinks(r, b, http.StatusUnprocessableEntity, r.L.T("seller.links.cannot"), "")
	}
	if err != nil {
		return err
	}
	return p.showLinks(r, b, http.StatusOK, "", r.L.T("seller.links.created", l.Code))
}

func (p *seller) setLinkStatus(r *site.Req, b brandCtx) error {
	l, err := p.Commerce.SetLinkStatus(r.Context(), b.ID, r.Params("code"), r.FormValue("status") == "active")
	if commerce.Code(err) == commerce.ErrLinkNotFound.Code {
		return r.NotFound()
	}
	if err != nil {
		return err
	}
	return p.showLinks(r, b, http.StatusOK, "", r.L.T("seller.links.status_"+l.Status, l.Code))
}

func (p *seller) staticPayCode(r *site.Req, b brandCtx) error {
	_, err := p.Commerce.Payments().StaticPayCode(r.Context(), b.ID, strings.ToUpper(strings.TrimSpace(r.FormValue("currency"))), r.UserID())
	if payments.Code(err) != "" {
		return p.showLinks(r, b, http.StatusUnprocessableEntity, r.L.T("seller.paycodes.bad"), "")
	}
	if err != nil {
		return err
	}
	return p.showLinks(r, b, http.StatusOK, "", r.L.T("seller.paycodes.static_ready"))
}

func (p *seller) createPayCode(r *site.Req, b brandCtx) error {
	cur, err := money.Lookup(strings.ToUpper(strings.TrimSpace(r.FormValue("currency"))))
	bad := func() error {
		return p.showLinks(r, b, http.StatusUnprocessableEntity, r.L.T("seller.paycodes.bad"), "")
	}
	if err != nil {
		return bad()
	}
	amt, err := money.ParsePositive(cur, strings.TrimSpace(r.FormValue("amount")))
	if err != nil {
		return bad()
	}
	c, err := p.Commerce.Payments().CreatePayCode(r.Context(), payments.NewPayCode{BrandID: b.ID, CreatedBy: r.UserID(), Currency: cur.Code,
		Amount: amt, Note: strings.TrimSpace(r.FormValue("note"))})
	if payments.Code(err) != "" {
		return bad()
	}
	if err != nil {
		return err
	}
	return p.showLinks(r, b, http.StatusOK, "", r.L.T("seller.paycodes.created", c.ID))
}

func (p *seller) setPayCodeStatus(r *site.Req, b brandCtx) error {
	_, err := p.Commerce.Payments().SetPayCodeStatus(r.Context(), b.ID, r.Params("codeId"), r.FormValue("status") == "active")
	if payments.Code(err) == payments.ErrPayCodeNotFound.Code {
		return r.NotFound()
	}
	if err != nil {
		return err
	}
	return p.showLinks(r, b, http.StatusOK, "", r.L.T("seller.paycodes.updated"))
}
