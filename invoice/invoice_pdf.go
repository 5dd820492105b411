package invoice

import (
	"bytes"
	"fmt"
	"strings"
	"time"

	"codeberg.org/go-pdf/fpdf"
	qrcode "github.com/skip2/go-qrcode"
)

// PDF renders a document for people: seller, buyer, lines with their tax,
// totals, and a QR code of its verify link, with the document hash and
// chain entry printed beside it. The PDF is a view; the signed JSON file is
// the invoice. verifyURL is absolute (the page's origin when the document's
// own link is relative).
//
// It uses the PDF core fonts, which cover Western European text (code page
// 1252); other characters print as "?" — the file and the verify page show
// every script.
func PDF(in Invoice, verifyURL string) ([]byte, error) {
	d := in.Document
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.SetTitle(d.Number, false) // ASCII: the number
	pdf.SetCreator("souk", true)
	pdf.SetCreationDate(in.CreatedAt)
	pdf.SetModificationDate(in.CreatedAt)
	tr := pdf.UnicodeTranslatorFromDescriptor("")
	pdf.AddPage()
	title := "Invoice"
	if d.Kind == KindCreditNote {
		title = "Credit note"
	}
	pdf.SetFont("Helvetica", "B", 18)
	pdf.CellFormat(0, 10, tr(title+" "+d.Number), "", 1, "L", false, 0, "")
	pdf.SetFont("Helvetica", "", 10)
	issued, _ := time.Parse(time.RFC3339, d.IssuedAt)
	pdf.CellFormat(0, 6, tr("Issued "+issued.Format("2 January 2006 15:04 UTC")+" · order "+d.OrderID), "", 1, "L", false, 0, "")
	if d.Credits != "" {
		pdf.CellFormat(0, 6, tr("Credits invoice "+d.Credits), "", 1, "L", false, 0, "")
	}
	if in.Status == StatusVoided {
		pdf.SetTextColor(180, 0, 0)
		pdf.CellFormat(0, 6, "VOIDED", "", 1, "L", false, 0, "")
		pdf.SetTextColor(0, 0, 0)
	}
	pdf.Ln(4)
	party := func(label string, p Party) {
		pdf.SetFont("Helvetica", "B", 10)
		pdf.CellFormat(0, 5, label, "", 1, "L", false, 0, "")
		pdf.SetFont("Helvetica", "", 10)
		pdf.CellFormat(0, 5, tr(p.Name), "", 1, "L", false, 0, "")
		if p.TaxID != "" {
			pdf.CellFormat(0, 5, tr("Tax id "+p.TaxID), "", 1, "L", false, 0, "")
		}
		pdf.Ln(2)
	}
	party("Seller", d.Seller)
	party("Buyer", d.Buyer)

	amount := func(minor int64) string { return FormatAmount(d.Currency, minor) }
	cols := []float64{70, 14, 26, 18, 22, 20, 22}
	head := []string{"Item", "Qty", "Unit price", d.TaxLabel + " rate", "Net", d.TaxLabel, "Gross"}
	pdf.SetFont("Helvetica", "B", 9)
	for i, h := range head {
		pdf.CellFormat(cols[i], 7, tr(h), "B", 0, align(i), false, 0, "")
	}
	pdf.Ln(-1)
	pdf.SetFont("Helvetica", "", 9)
	for _, l := range d.Lines {
		qty, unit := fmt.Sprint(l.Qty), amount(l.UnitPrice)
		if d.Kind == KindCreditNote {
			qty, unit = "", ""
		}
		row := []string{l.Title, qty, unit, fmt.Sprintf("%d.%02d %%", l.RateBps/100, l.RateBps%100), amount(l.Net), amount(l.Tax), amount(l.Gross)}
		for i, c := range row {
			if i == 0 && pdf.GetStringWidth(tr(c)) > cols[0]-2 {
				for pdf.GetStringWidth(tr(c)+"…") > cols[0]-2 && len(c) > 1 {
					c = c[:len(c)-1]
				}
				c += "…"
			}
			pdf.CellFormat(cols[i], 6, tr(c), "", 0, align(i), false, 0, "")
		}
		pdf.Ln(-1)
	}
	pdf.SetFont("Helvetica", "B", 9)
	total := []string{"Total", "", "", "", amount(d.Net), amount(d.Tax), amount(d.Gross)}
	for i, c := range total {
		pdf.CellFormat(cols[i], 7, tr(c), "T", 0, align(i), false, 0, "")
	}
	pdf.Ln(12)

	png, err := qrcode.Encode(verifyURL, qrcode.Medium, 256)
	if err != nil {
		return nil, err
	}
	pdf.RegisterImageOptionsReader("verify", fpdf.ImageOptions{ImageType: "PNG"}, bytes.NewReader(png))
	y := pdf.GetY()
	pdf.ImageOptions("verify", 10, y, 36, 36, false, fpdf.ImageOptions{ImageType: "PNG"}, 0, verifyURL)
	pdf.SetXY(50, y)
	pdf.SetFont("Helvetica", "", 8)
	info := []string{
		"Scan to verify, or run: souk invoice verify FILE",
		verifyURL,
		"Document SHA-256 " + in.docHash(),
		fmt.Sprintf("Chain entry %d, entry hash %s", in.ChainSeq, in.entryHash),
		"Signed with Ed25519 key " + in.keyID,
	}
	for _, s := range info {
		pdf.SetX(50)
		pdf.MultiCell(0, 4.5, tr(s), "", "L", false)
	}
	var out bytes.Buffer
	if err := pdf.Output(&out); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

func align(col int) string {
	if col == 0 {
		return "L"
	}
	return "R"
}

func (in Invoice) docHash() string { return sha256Hex([]byte(in.raw)) }

// AbsoluteVerifyURL is the document's verify link, made absolute against
// origin when souk had no SOUK_PUBLIC_URL to put in it.
func AbsoluteVerifyURL(in Invoice, origin string) string {
	u := in.Document.VerifyURL
	if strings.HasPrefix(u, "/") {
		return strings.TrimRight(origin, "/") + u
	}
	return u
}
