package shell

import (
	"embed"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/soukhq/souk/commerce"
	"github.com/soukhq/souk/internal/fault"
	"github.com/soukhq/souk/invoice"
	"github.com/soukhq/souk/web/site"
)

// E-invoices in the shell (invoice/): a shopper asks for the invoice of a
// completed order on its page; the card bag (/wallet/invoices) keeps every
// invoice and credit note with its file, PDF and share links; anyone may
// open a document's verify page (/invoices/{id}/verify, the link in its QR
// code) or check a file they hold there; an employer opens a shared link
// (/invoices/shared/{token}) and claims the invoice once.

//go:embed templates/invoice
var invoiceFiles embed.FS

func (p *pages) mountInvoices(app *fiber.App) {
	p.inv = p.Site.Parse(site.PagesWith(invoiceFiles, "templates/invoice/*.html", "templates/invoice/parts/doc.html"), "templates/invoice/*.html")
	s := p.Site
	s.Get(app, "/wallet/invoices", site.SignedIn, p.cardBag)
	s.Get(app, "/wallet/invoices/:id", site.SignedIn, p.invoicePage)
	s.Get(app, "/wallet/invoices/:id/file", site.SignedIn, p.invoiceFile)
	s.Get(app, "/wallet/invoices/:id/pdf", site.SignedIn, p.invoicePDF)
	s.Post(app, "/wallet/invoices/:id/share", site.SignedIn, p.shareInvoice)
	s.Get(app, "/invoices/:id/verify", site.Public, p.verifyPage)
	s.Post(app, "/invoices/:id/verify", site.Public, p.verifyUpload)
	s.Get(app, "/invoices/shared/:token", site.Public, p.sharedInvoice)
	s.Post(app, "/invoices/shared/:token/claim", site.Public, p.claimInvoice)
}

// invoiceItem is a document as the pages show it.
type invoiceItem struct {
	ID, Href, Number, Kind, KindKey, Status, StatusKey, Seller, Buyer, Issued, Gross, Net, Tax, TaxLabel, Credits, Verify string
	Lines                                                                                                                 []invoiceLine
}

type invoiceLine struct{ Title, Qty, Unit, Rate, Net, Tax, Gross string }

func invoiceView(r *site.Req, in invoice.Invoice) invoiceItem {
	d := in.Document
	amt := func(m int64) string { return invoice.FormatAmount(d.Currency, m) }
	it := invoiceItem{ID: in.ID, Href: "/wallet/invoices/" + in.ID, Number: in.Number, Kind: in.Kind, KindKey: r.L.T("invoice.kind." + in.Kind),
		Status: in.Status, StatusKey: r.L.T("invoice.status." + in.Status), Seller: d.Seller.Name, Buyer: d.Buyer.Name,
		Issued: in.CreatedAt.Format("2006-01-02 15:04"), Gross: amt(d.Gross), Net: amt(d.Net), Tax: amt(d.Tax), TaxLabel: d.TaxLabel,
		Credits: d.Credits, Verify: "/invoices/" + in.ID + "/verify"}
	for _, l := range d.Lines {
		il := invoiceLine{Title: l.Title, Rate: rate(l.RateBps), Net: amt(l.Net), Tax: amt(l.Tax), Gross: amt(l.Gross)}
		if in.Kind == invoice.KindInvoice {
			il.Qty, il.Unit = itoa(l.Qty), amt(l.UnitPrice)
		}
		it.Lines = append(it.Lines, il)
	}
	return it
}

func rate(bps int64) string {
	s := itoa(bps / 100)
	if f := bps % 100; f != 0 {
		s += "." + strings.TrimRight(itoa(100 + f)[1:], "0")
	}
	return s + " %"
}

func itoa(n int64) string {
	b, _ := json.Marshal(n)
	return string(b)
}

// orderInvoice fills the order page's invoice part.
func (p *pages) orderInvoice(r *site.Req, o commerce.Order, d *orderData) error {
	if p.Invoices == nil {
		return nil
	}
	docs, err := p.Invoices.OrderInvoices(r.Context(), o.ID)
	if err != nil {
		return err
	}
	for _, in := range docs {
		if in.Kind == invoice.KindInvoice && in.Status != invoice.StatusVoided || in.Kind == invoice.KindInvoice && d.Invoice == nil {
			v := invoiceView(r, in)
			d.Invoice = &v
			break
		}
	}
	live := d.Invoice != nil && d.Invoice.Status != invoice.StatusVoided
	d.CanInvoice = !live && o.CompletedAt != 0 && o.Refunded < o.Total && o.State == commerce.StateCompleted
	return nil
}

func (p *pages) askInvoice(r *site.Req) error {
	name, tax := strings.TrimSpace(r.FormValue("buyer_name")), strings.TrimSpace(r.FormValue("buyer_tax_id"))
	in, err := p.Invoices.Issue(r.Context(), r.UserID(), r.Params("id"), invoice.Buyer{Name: name, TaxID: tax})
	if commerce.Code(err) == commerce.ErrNotFound.Code {
		return r.NotFound()
	}
	if e, ok := fault.As(err); ok {
		msg := r.L.T("invoice.err.other")
		if r.L.Has("invoice.err." + e.Code) {
			msg = r.L.T("invoice.err." + e.Code)
		}
		return p.renderOrderWith(r, http.StatusUnprocessableEntity, msg, func(d *orderData) { d.BuyerName = name })
	}
	if err != nil {
		return err
	}
	return r.SeeOther("/wallet/invoices/" + in.ID)
}

type cardBagData struct{ Items []invoiceItem }

func (p *pages) cardBag(r *site.Req) error {
	list, err := p.Invoices.ShopperInvoices(r.Context(), r.UserID())
	if err != nil {
		return err
	}
	var d cardBagData
	for _, in := range list {
		d.Items = append(d.Items, invoiceView(r, in))
	}
	return r.Render(p.inv, http.StatusOK, "invoices", r.Page("wallet", "invoice.bag", d))
}

type invoicePageData struct {
	Invoice  invoiceItem
	ShareURL string // a share link made by this post, shown once
	Claimed  string
}

func (p *pages) ownInvoice(r *site.Req) (invoice.Invoice, bool, error) {
	in, err := p.Invoices.ShopperInvoice(r.Context(), r.UserID(), r.Params("id"))
	if errors.Is(err, invoice.ErrNotFound) {
		return in, false, r.NotFound()
	}
	return in, err == nil, err
}

func (p *pages) invoicePage(r *site.Req) error {
	in, ok, err := p.ownInvoice(r)
	if !ok {
		return err
	}
	return r.Render(p.inv, http.StatusOK, "invoice", r.Page("wallet", "invoice.title", invoicePageData{Invoice: invoiceView(r, in)}))
}

func (p *pages) invoiceFile(r *site.Req) error {
	in, ok, err := p.ownInvoice(r)
	if !ok {
		return err
	}
	b, err := p.Invoices.Bundle(r.Context(), in)
	if err != nil {
		return err
	}
	out, err := json.MarshalIndent(b, "", "  ")
	if err != nil {
		return err
	}
	r.Set(fiber.HeaderContentDisposition, `attachment; filename="`+in.Number+`.json"`)
	r.Set(fiber.HeaderContentType, "application/json")
	return r.Send(out)
}

func (p *pages) invoicePDF(r *site.Req) error {
	in, ok, err := p.ownInvoice(r)
	if !ok {
		return err
	}
	pdf, err := invoice.PDF(in, invoice.AbsoluteVerifyURL(in, r.PublicBase()))
	if err != nil {
		return err
	}
	r.Set(fiber.HeaderContentDisposition, `inline; filename="`+in.Number+`.pdf"`)
	r.Set(fiber.HeaderContentType, "application/pdf")
	return r.Send(pdf)
}

func (p *pages) shareInvoice(r *site.Req) error {
	in, ok, err := p.ownInvoice(r)
	if !ok {
		return err
	}
	tok, err := p.Invoices.ShareInvoice(r.Context(), r.UserID(), in.ID)
	d := invoicePageData{Invoice: invoiceView(r, in)}
	if e, ok := fault.As(err); ok {
		pg := r.Page("wallet", "invoice.title", d)
		pg.Error = e.Message
		return r.Render(p.inv, http.StatusConflict, "invoice", pg)
	} else if err != nil {
		return err
	}
	d.ShareURL = r.PublicBase() + "/invoices/shared/" + tok
	return r.Render(p.inv, http.StatusOK, "invoice", r.Page("wallet", "invoice.title", d))
}

// --- Public pages ---

type verifyData struct {
	Invoice invoiceItem
	// Report is the server's check of its own copy; Upload the check of a
	// file the visitor sent.
	Report invoice.Verification
	Upload *invoice.Verification
	// Share: on a shared link, the token and the claim state.
	Token, ClaimedBy, ClaimedAt string
	Claimant                    string
}

func (p *pages) verified(r *site.Req, in invoice.Invoice) (verifyData, error) {
	rep, err := p.Invoices.VerifyOnServer(r.Context(), in)
	return verifyData{Invoice: invoiceView(r, in), Report: rep}, err
}

func (p *pages) verifyPage(r *site.Req) error {
	in, err := p.Invoices.Get(r.Context(), r.Params("id"))
	if errors.Is(err, invoice.ErrNotFound) {
		return r.NotFound()
	}
	if err != nil {
		return err
	}
	d, err := p.verified(r, in)
	if err != nil {
		return err
	}
	return r.Render(p.inv, http.StatusOK, "invoice_verify", r.Page(site.FaceShell, "invoice.verify.title", d))
}

// maxInvoiceFile bounds an uploaded invoice file.
const maxInvoiceFile = 1 << 20

// verifyUpload checks a file the visitor holds against this server's
// chain: the document it claims to be must be this page's.
func (p *pages) verifyUpload(r *site.Req) error {
	in, err := p.Invoices.Get(r.Context(), r.Params("id"))
	if errors.Is(err, invoice.ErrNotFound) {
		return r.NotFound()
	}
	if err != nil {
		return err
	}
	d, err := p.verified(r, in)
	if err != nil {
		return err
	}
	rep := invoice.Verification{}
	fh, err := r.FormFile("file")
	if err == nil && fh.Size <= maxInvoiceFile {
		f, err := fh.Open()
		if err != nil {
			return err
		}
		body, err := io.ReadAll(io.LimitReader(f, maxInvoiceFile))
		f.Close()
		if err != nil {
			return err
		}
		tr, err := p.Invoices.TrustFromServer(r.Context(), in)
		if err != nil {
			return err
		}
		rep = invoice.Verify(body, tr)
		var b invoice.File
		if json.Unmarshal(body, &b) == nil && b.ID != in.ID {
			rep.OK = false
			rep.Problems = append(rep.Problems, r.L.T("invoice.verify.other_document"))
		}
	} else {
		rep.Problems = []string{r.L.T("invoice.verify.no_file")}
	}
	d.Upload = &rep
	return r.Render(p.inv, http.StatusOK, "invoice_verify", r.Page(site.FaceShell, "invoice.verify.title", d))
}

func (p *pages) renderShared(r *site.Req, status int, claimant, errMsg string) error {
	tok := r.Params("token")
	in, sh, err := p.Invoices.Shared(r.Context(), tok)
	if errors.Is(err, invoice.ErrNotFound) {
		return r.NotFound()
	}
	if err != nil {
		return err
	}
	d, err := p.verified(r, in)
	if err != nil {
		return err
	}
	d.Token, d.ClaimedBy, d.Claimant = tok, sh.ClaimedBy, claimant
	if !sh.ClaimedAt.IsZero() {
		d.ClaimedAt = sh.ClaimedAt.Format("2006-01-02 15:04")
	}
	pg := r.Page(site.FaceShell, "invoice.shared.title", d)
	pg.Error = errMsg
	return r.Render(p.inv, status, "invoice_shared", pg)
}

func (p *pages) sharedInvoice(r *site.Req) error { return p.renderShared(r, http.StatusOK, "", "") }

func (p *pages) claimInvoice(r *site.Req) error {
	claimant := strings.TrimSpace(r.FormValue("claimant"))
	_, err := p.Invoices.Claim(r.Context(), r.Params("token"), claimant)
	if errors.Is(err, invoice.ErrNotFound) {
		return r.NotFound()
	}
	if e, ok := fault.As(err); ok {
		msg := e.Message
		if r.L.Has("invoice.err." + e.Code) {
			msg = r.L.T("invoice.err." + e.Code)
		}
		return p.renderShared(r, http.StatusConflict, claimant, msg)
	}
	if err != nil {
		return err
	}
	return r.SeeOther("/invoices/shared/" + r.Params("token"))
}
