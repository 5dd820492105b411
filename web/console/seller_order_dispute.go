package console

import (
	"errors"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strings"

	"github.com/soukhq/souk/commerce"
	"github.com/soukhq/souk/payments"
	"github.com/soukhq/souk/web/site"
)

// An order's dispute on the seller console: what the shopper disputes
// (amount, reason), the brand's answers with their evidence images, the
// answer form while the dispute is open (owners and managers), and the
// outcome once an operator decided it. Evidence images are served to the
// brand's staff only.

type disputeView struct {
	Amount, Reason, Opened, Status string
	Open                           bool
	Answers                        []answerRow
}

type answerRow struct {
	At, By, Body string
	Images       []imageRow
}

func (p *seller) disputeView(r *site.Req, b brandCtx, o commerce.Order) (*disputeView, error) {
	if o.DisputeID == "" {
		return nil, nil
	}
	d, err := p.pay().GetDispute(r.Context(), o.DisputeID)
	if err != nil {
		return nil, err
	}
	v := &disputeView{Amount: amount(o.Currency, d.Amount) + " " + o.Currency, Reason: d.Reason, Opened: fmtTime(d.CreatedAt),
		Status: d.Status, Open: d.Status == payments.DisputeOpen && o.State == commerce.StateDisputed}
	as, err := p.Commerce.DisputeAnswers(r.Context(), b.ID, o.ID)
	if err != nil {
		return nil, err
	}
	names := map[string]string{}
	for _, a := range as {
		if _, ok := names[a.AuthorID]; !ok {
			names[a.AuthorID] = a.AuthorID
			if u, err := p.Identity.UserByID(r.Context(), a.AuthorID); err == nil {
				names[a.AuthorID] = personName(u)
			}
		}
		row := answerRow{At: fmtTime(a.CreatedAt), By: names[a.AuthorID], Body: a.Body}
		for i, k := range a.Images {
			row.Images = append(row.Images, imageRow{N: i + 1, URL: "/seller/" + b.ID + "/orders/" + o.ID + "/evidence?key=" + url.QueryEscape(k)})
		}
		v.Answers = append(v.Answers, row)
	}
	return v, nil
}

// answerDispute posts the brand's answer: text and optional images.
func (p *seller) answerDispute(r *site.Req, b brandCtx) error {
	var ups []commerce.Upload
	if form, err := r.MultipartForm(); err == nil {
		for _, fh := range form.File["evidence"] {
			if fh.Size == 0 {
				continue
			}
			ct, _, _ := mime.ParseMediaType(fh.Header.Get("Content-Type"))
			f, err := fh.Open()
			if err != nil {
				return err
			}
			defer f.Close()
			ups = append(ups, commerce.Upload{ContentType: ct, Body: f})
		}
	}
	_, err := p.Commerce.AnswerDispute(r.Context(), b.ID, r.Params("orderId"), r.UserID(), strings.TrimSpace(r.FormValue("answer")), ups)
	if err != nil {
		return p.refused(r, b, err)
	}
	return p.showOrder(r, b, http.StatusOK, "", r.L.T("seller.dispute.answered"))
}

// evidenceImage streams an evidence image of one of the brand's orders.
func (p *seller) evidenceImage(r *site.Req, b brandCtx) error {
	rc, ct, err := p.Commerce.EvidenceImage(r.Context(), b.ID, r.Params("orderId"), r.Query("key"))
	if errors.Is(err, commerce.ErrNotFound) {
		return r.NotFound()
	}
	if err != nil {
		return err
	}
	defer rc.Close()
	data, err := io.ReadAll(rc)
	if err != nil {
		return err
	}
	r.Set("Content-Type", ct)
	r.Set("Cache-Control", "private, max-age=300")
	return r.Status(http.StatusOK).Send(data)
}

// packingSlip is the order's printable packing slip: the brand, the order,
// and per line what to pack (what is not shipped yet) and what was shipped.
func (p *seller) packingSlip(r *site.Req, b brandCtx) error {
	d, err := p.orderData(r, b, r.Params("orderId"))
	if errors.Is(err, commerce.ErrNotFound) {
		return r.NotFound()
	}
	if err != nil {
		return err
	}
	return p.render(r, http.StatusOK, "packing-slip", "seller.slip.title", b, d, func(pg *site.Page) {
		pg.Title = r.L.T("seller.slip.title") + " " + d.ID + " · " + b.Name
	})
}
