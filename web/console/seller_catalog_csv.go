package console

import (
	"bytes"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/soukhq/souk/commerce"
	"github.com/soukhq/souk/web/site"
)

// Bulk catalog CSV (owner, manager): export every product and SKU; import
// in two steps. Uploading a file shows the per-row report of what will be
// created or updated and what will be refused and why, changing nothing;
// "Apply" posts the same file back (a hidden field), and commerce checks
// it again and applies the good rows in one transaction. The format is
// commerce.CatalogCSVHeader's (see commerce/catalog_csv.go).

type importData struct {
	Plan *commerce.ImportPlan
	// CSV is the previewed file, posted back by the apply form.
	CSV     string
	Applied bool
	Header  string
}

func (p *seller) importPage(r *site.Req, b brandCtx) error {
	return p.render(r, http.StatusOK, "import", "seller.import.title", b, importData{Header: strings.Join(commerce.CatalogCSVHeader, ",")}, nil)
}

// readImport reads the uploaded file ("file") or the previewed one ("csv").
func readImport(r *site.Req) (string, bool) {
	if v := r.FormValue("csv"); v != "" {
		return v, true
	}
	fh, err := r.FormFile("file")
	if err != nil {
		return "", false
	}
	f, err := fh.Open()
	if err != nil {
		return "", false
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, commerce.MaxImportBytes+1))
	return string(data), err == nil
}

func (p *seller) importPost(apply bool) brandHandler {
	return func(r *site.Req, b brandCtx) error {
		d := importData{Header: strings.Join(commerce.CatalogCSVHeader, ",")}
		fail := func(msg string) error {
			return p.render(r, http.StatusUnprocessableEntity, "import", "seller.import.title", b, d, func(pg *site.Page) { pg.Error = msg })
		}
		text, ok := readImport(r)
		if !ok {
			return fail(r.L.T("seller.import.no_file"))
		}
		rows, err := commerce.ParseCatalogCSV(strings.NewReader(text))
		if m, ok := catalogRefusal(r, err); ok {
			return fail(m)
		} else if err != nil {
			return err
		}
		var plan commerce.ImportPlan
		if apply {
			plan, err = p.Commerce.ApplyImport(r.Context(), b.ID, rows, commerce.StockChange{ActorID: r.UserID(), Reason: r.L.T("seller.import.reason")})
		} else {
			plan, err = p.Commerce.PlanImport(r.Context(), b.ID, rows)
		}
		if err != nil {
			return err
		}
		d.Plan, d.Applied = &plan, apply
		if !apply {
			d.CSV = text
		}
		notice := r.L.T("seller.import.previewed", plan.Good, plan.Refused)
		if apply {
			notice = r.L.T("seller.import.applied", plan.Good, plan.Refused)
		}
		return p.render(r, http.StatusOK, "import", "seller.import.title", b, d, func(pg *site.Page) { pg.Notice = notice })
	}
}

// exportCSV downloads the brand's catalog as CSV.
func (p *seller) exportCSV(r *site.Req, b brandCtx) error {
	rows, err := p.Commerce.ExportCatalog(r.Context(), b.ID)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := commerce.WriteCatalogCSV(&buf, rows); err != nil {
		return err
	}
	r.Set("Content-Type", "text/csv; charset=utf-8")
	r.Set("Content-Disposition", `attachment; filename="catalog-`+time.Now().UTC().Format("2006-01-02")+`.csv"`)
	return r.Status(http.StatusOK).Send(buf.Bytes())
}
