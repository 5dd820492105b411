package console

import (
	"io"
	"net/http"
	"strings"

	"github.com/soukhq/souk/commerce"
	"github.com/soukhq/souk/web/site"
)

// /ops/brands (admin; needs commerce): brand protection for operators.
// Pending verification requests, oldest first, with their documents (shown
// from /ops/brands/doc, which streams only verifications/ blobs), verify or
// reject with a note; below, open image-reuse flags (another brand's
// listing image within the reuse distance of a verified brand's), which an
// operator dismisses once looked at.

type opsBrandsPage struct {
	Pending []commerce.Verification
	Brands  map[string]string // brand id → name
	Flags   []commerce.ImageReuseFlag
}

func (p *ops) brands(r *site.Req) error { return p.renderBrands(r, http.StatusOK, nil) }

func (p *ops) renderBrands(r *site.Req, status int, edit func(*site.Page)) error {
	d := opsBrandsPage{Brands: map[string]string{}}
	var err error
	if d.Pending, err = p.Commerce.Verifications(r.Context(), commerce.VerificationPending, 100); err != nil {
		return err
	}
	if d.Flags, err = p.Commerce.ImageReuseFlags(r.Context(), "", 100); err != nil {
		return err
	}
	for _, f := range d.Flags {
		for _, id := range []string{f.BrandID, f.VerifiedBrandID} {
			if _, ok := d.Brands[id]; !ok {
				if o, err := p.Identity.Org(r.Context(), id); err == nil {
					d.Brands[id] = o.Name
				} else {
					d.Brands[id] = id
				}
			}
		}
	}
	return p.render(r, status, "brands", "ops.brands.title", d, edit)
}

func (p *ops) reviewBrand(r *site.Req) error {
	verify := r.FormValue("decision") == "verify"
	v, err := p.Commerce.ReviewVerification(r.Context(), r.Params("id"), r.UserID(), verify, strings.TrimSpace(r.FormValue("note")))
	switch commerce.Code(err) {
	case "":
		if err != nil {
			return err
		}
	case commerce.ErrVerificationNotFound.Code:
		return r.NotFound()
	case commerce.ErrBrandNameTaken.Code, commerce.ErrVerificationDone.Code, commerce.ErrInvalid.Code:
		return p.renderBrands(r, http.StatusConflict, func(pg *site.Page) { pg.Error = r.L.T("ops.brands.err." + commerce.Code(err)) })
	default:
		return err
	}
	return p.renderBrands(r, http.StatusOK, func(pg *site.Page) { pg.Notice = r.L.T("ops.brands.done."+v.Status, v.Name) })
}

func (p *ops) brandDoc(r *site.Req) error {
	rc, ct, err := p.Commerce.VerificationDocument(r.Context(), r.Query("key"))
	if err != nil {
		return r.NotFound()
	}
	defer rc.Close()
	b, err := io.ReadAll(rc)
	if err != nil {
		return err
	}
	r.Set("Content-Type", ct)
	r.Set("Cache-Control", "private, no-store")
	return r.Status(http.StatusOK).Send(b)
}

func (p *ops) dismissFlag(r *site.Req) error {
	if err := p.Commerce.DismissImageReuseFlag(r.Context(), r.Params("id")); err != nil {
		if commerce.Code(err) == commerce.ErrNotFound.Code {
			return r.NotFound()
		}
		return err
	}
	return p.renderBrands(r, http.StatusOK, func(pg *site.Page) { pg.Notice = r.L.T("ops.brands.dismissed") })
}
