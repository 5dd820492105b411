package console

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/soukhq/souk/commerce"
	"github.com/soukhq/souk/web/site"
)

// The brand protection page (issue 17, part 2): the brand's verification
// (status, a request with documents), authenticity codes (make a batch for
// a SKU, export it as CSV or a printable sheet of QR codes, bind a code to
// an order line at shipping), scan statistics with the latest warnings,
// and other brands' listings that reuse the brand's images. All staff may
// look; owners and managers act.

type protectionData struct {
	Verification *commerce.Verification
	Verified     bool
	SKUs         []skuChoice
	Batches      []commerce.AuthenticityBatch
	Stats        commerce.ScanStats
	Warnings     []scanWarningRow
	Flags        []commerce.ImageReuseFlag
	CanManage    bool
}

type scanWarningRow struct{ Code, Verdict, When string }

type skuChoice struct{ ID, Label string }

func (p *seller) protection(r *site.Req, b brandCtx) error {
	return p.showProtection(r, b, http.StatusOK, "", "")
}

func (p *seller) showProtection(r *site.Req, b brandCtx, status int, errMsg, notice string) error {
	d := protectionData{CanManage: b.CanManage}
	if v, err := p.Commerce.BrandVerification(r.Context(), b.ID); err == nil {
		d.Verification = &v
		d.Verified = v.Status == commerce.VerificationVerified
	} else if commerce.Code(err) != commerce.ErrVerificationNotFound.Code {
		return err
	}
	ps, err := p.Commerce.Products(r.Context(), b.ID, commerce.ProductFilter{ActiveOnly: true, Limit: 100})
	if err != nil {
		return err
	}
	for _, pr := range ps {
		for _, k := range pr.SKUs {
			label := pr.Title
			var opts []string
			for n, v := range k.Options {
				opts = append(opts, n+"="+v)
			}
			if len(opts) > 0 {
				label += " (" + strings.Join(opts, ", ") + ")"
			}
			d.SKUs = append(d.SKUs, skuChoice{ID: k.ID, Label: label})
		}
	}
	if d.Batches, err = p.Commerce.AuthenticityBatches(r.Context(), b.ID, 50); err != nil {
		return err
	}
	if d.Stats, err = p.Commerce.AuthenticityStats(r.Context(), b.ID); err != nil {
		return err
	}
	for _, w := range d.Stats.Warnings {
		d.Warnings = append(d.Warnings, scanWarningRow{Code: w.Code, Verdict: w.Verdict, When: fmtTime(w.CreatedAt)})
	}
	if d.Flags, err = p.Commerce.ImageReuseFlags(r.Context(), b.ID, 50); err != nil {
		return err
	}
	return p.render(r, status, "protection", "seller.protection.title", b, d, func(pg *site.Page) { pg.Error, pg.Notice = errMsg, notice })
}

func (p *seller) requestVerification(r *site.Req, b brandCtx) error {
	v, err := p.Commerce.SubmitVerification(r.Context(), b.ID, r.UserID(), commerce.VerificationInput{
		Registration: r.FormValue("registration"), Evidence: r.FormValue("evidence")})
	if code := commerce.Code(err); code != "" {
		return p.showProtection(r, b, http.StatusUnprocessableEntity, r.L.T("seller.protection.err."+code), "")
	}
	if err != nil {
		return err
	}
	if fh, ferr := r.FormFile("document"); ferr == nil && fh.Size > 0 {
		f, err := fh.Open()
		if err != nil {
			return err
		}
		defer f.Close()
		if _, err := p.Commerce.AddVerificationDocument(r.Context(), b.ID, v.ID, fh.Header.Get("Content-Type"), f); err != nil {
			if commerce.Code(err) == "" {
				return err
			}
			return p.showProtection(r, b, http.StatusUnprocessableEntity, r.L.T("seller.protection.err.document"), "")
		}
	}
	return p.showProtection(r, b, http.StatusOK, "", r.L.T("seller.protection.requested"))
}

func (p *seller) createBatch(r *site.Req, b brandCtx) error {
	n, _ := strconv.Atoi(strings.TrimSpace(r.FormValue("count")))
	bt, err := p.Commerce.CreateAuthenticityBatch(r.Context(), b.ID, r.FormValue("sku"), n, r.UserID())
	if commerce.Code(err) != "" {
		return p.showProtection(r, b, http.StatusUnprocessableEntity, r.L.T("seller.protection.err.batch", commerce.MaxAuthenticityBatch), "")
	}
	if err != nil {
		return err
	}
	return p.showProtection(r, b, http.StatusOK, "", r.L.T("seller.protection.batch_made", bt.Count))
}

func (p *seller) batchCSV(r *site.Req, b brandCtx) error {
	cs, err := p.Commerce.BatchCodes(r.Context(), b.ID, r.Params("batchId"))
	if commerce.Code(err) == commerce.ErrNotFound.Code {
		return r.NotFound()
	}
	if err != nil {
		return err
	}
	r.Set("Content-Type", "text/csv; charset=utf-8")
	r.Set("Content-Disposition", `attachment; filename="codes-`+r.Params("batchId")+`.csv"`)
	return r.Status(http.StatusOK).Send(commerce.AuthenticityCSV(r.BaseURL(), cs))
}

type sheetData struct {
	Batch commerce.AuthenticityBatch
	Codes []commerce.AuthenticityCode
	When  string
}

// batchSheet is the printable sheet: one QR code (the code's short link)
// per label, with the code under it.
func (p *seller) batchSheet(r *site.Req, b brandCtx) error {
	bt, err := p.Commerce.AuthenticityBatch(r.Context(), b.ID, r.Params("batchId"))
	if commerce.Code(err) == commerce.ErrNotFound.Code {
		return r.NotFound()
	}
	if err != nil {
		return err
	}
	cs, err := p.Commerce.BatchCodes(r.Context(), b.ID, bt.ID)
	if err != nil {
		return err
	}
	return p.render(r, http.StatusOK, "qr-sheet", "seller.protection.sheet", b, sheetData{Batch: bt, Codes: cs,
		When: time.UnixMicro(bt.CreatedAt).UTC().Format("2006-01-02")}, nil)
}

func (p *seller) bindCode(r *site.Req, b brandCtx) error {
	line, _ := strconv.Atoi(strings.TrimSpace(r.FormValue("line")))
	c, err := p.Commerce.BindAuthenticityCode(r.Context(), b.ID, strings.TrimSpace(r.FormValue("order")), line, r.FormValue("code"))
	if code := commerce.Code(err); code != "" {
		return p.showProtection(r, b, http.StatusUnprocessableEntity, r.L.T("seller.protection.err.bind"), "")
	}
	if err != nil {
		return err
	}
	return p.showProtection(r, b, http.StatusOK, "", r.L.T("seller.protection.bound", c.Code, c.OrderID))
}
