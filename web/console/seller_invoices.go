package console

import (
	"net/http"
	"slices"
	"strings"

	"github.com/soukhq/souk/internal/fault"
	"github.com/soukhq/souk/invoice"
	"github.com/soukhq/souk/web/site"
)

// E-invoices in the seller console (/seller/{orgId}/invoices, owners and
// managers): the brand's invoicing details — legal name, tax id, tax label,
// the default rate and per-product rates — and what it issued, with a void
// for an invoice made out wrongly (the shopper may then ask again).

type invoiceRow struct {
	ID, Number, Kind, Status, Buyer, Issued, Gross, Verify string
	CanVoid                                                bool
}

type invoicesData struct {
	SellerName, TaxID, TaxLabel, DefaultRate, ProductRates string
	Rows                                                   []invoiceRow
}

func (p *seller) invoices(r *site.Req, b brandCtx) error {
	return p.renderInvoices(r, http.StatusOK, b, nil, "", "")
}

// renderInvoices draws the page; form, when set, holds posted settings to
// show again with msg.
func (p *seller) renderInvoices(r *site.Req, status int, b brandCtx, form *invoicesData, msg, notice string) error {
	d := invoicesData{}
	if form != nil {
		d = *form
	} else {
		st, err := p.Invoices.Settings(r.Context(), b.ID)
		if err != nil {
			return err
		}
		d.SellerName, d.TaxID, d.TaxLabel, d.DefaultRate = st.SellerName, st.TaxID, st.TaxLabel, bpsPercent(st.DefaultRateBps)
		var rates []string
		for pid, bps := range st.ProductRates {
			rates = append(rates, pid+"="+bpsPercent(bps))
		}
		slices.Sort(rates)
		d.ProductRates = strings.Join(rates, "\n")
	}
	list, err := p.Invoices.BrandInvoices(r.Context(), b.ID)
	if err != nil {
		return err
	}
	for _, in := range list {
		d.Rows = append(d.Rows, invoiceRow{ID: in.ID, Number: in.Number, Kind: r.L.T("invoice.kind." + in.Kind), Status: r.L.T("invoice.status." + in.Status),
			Buyer: in.Document.Buyer.Name, Issued: in.CreatedAt.Format("2006-01-02 15:04"), Gross: invoice.FormatAmount(in.Currency, in.Document.Gross),
			Verify: "/invoices/" + in.ID + "/verify", CanVoid: in.Kind == invoice.KindInvoice && in.Status != invoice.StatusVoided})
	}
	return p.render(r, status, "invoices", "invoice.seller.title", b, d, func(pg *site.Page) { pg.Error, pg.Notice = msg, notice })
}

func (p *seller) saveInvoiceSettings(r *site.Req, b brandCtx) error {
	form := invoicesData{SellerName: r.FormValue("seller_name"), TaxID: r.FormValue("tax_id"), TaxLabel: r.FormValue("tax_label"),
		DefaultRate: strings.TrimSpace(r.FormValue("default_rate")), ProductRates: r.FormValue("product_rates")}
	fail := func(msg string) error { return p.renderInvoices(r, http.StatusUnprocessableEntity, b, &form, msg, "") }
	def, ok := parsePercent(form.DefaultRate)
	if !ok {
		return fail(r.L.T("invoice.seller.bad_rate", form.DefaultRate))
	}
	st := invoice.Settings{SellerName: form.SellerName, TaxID: form.TaxID, TaxLabel: strings.TrimSpace(form.TaxLabel), DefaultRateBps: def, ProductRates: map[string]int64{}}
	for _, line := range strings.Split(form.ProductRates, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		pid, pct, found := strings.Cut(line, "=")
		bps, ok := parsePercent(pct)
		if !found || !ok || strings.TrimSpace(pid) == "" {
			return fail(r.L.T("invoice.seller.bad_line", line))
		}
		st.ProductRates[strings.TrimSpace(pid)] = bps
	}
	if _, err := p.Invoices.SetSettings(r.Context(), b.ID, st); err != nil {
		if e, ok := fault.As(err); ok {
			return fail(e.Message)
		}
		return err
	}
	return p.renderInvoices(r, http.StatusOK, b, nil, "", r.L.T("invoice.seller.saved"))
}

func (p *seller) voidInvoice(r *site.Req, b brandCtx) error {
	_, err := p.Invoices.Void(r.Context(), b.ID, r.Params("invoiceId"), r.FormValue("reason"))
	if fault.Code(err) == invoice.ErrNotFound.Code {
		return r.NotFound()
	}
	if e, ok := fault.As(err); ok {
		return p.renderInvoices(r, http.StatusUnprocessableEntity, b, nil, e.Message, "")
	}
	if err != nil {
		return err
	}
	return p.renderInvoices(r, http.StatusOK, b, nil, "", r.L.T("invoice.seller.voided"))
}
