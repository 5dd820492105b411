package console

import (
	"errors"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"

	"github.com/soukhq/souk/commerce"
	"github.com/soukhq/souk/web/site"
)

// A product's images: uploaded through commerce's image check (type,
// sniffed bytes, size, count), shown as previews in their order (the first
// is the one product cards use), moved earlier or later, removed. Images
// are served to the brand's staff at /seller/{org}/products/{id}/images/{n}.

type imageRow struct {
	N    int
	URL  string
	Last bool
}

// productImage streams image n (1-based) of one of the brand's products.
func (p *seller) productImage(r *site.Req, b brandCtx) error {
	_, key, err := p.imageKey(r, b, r.Params("n"))
	if err != nil || key == "" {
		return r.NotFound()
	}
	rc, ct, err := p.Commerce.Image(r.Context(), key)
	if err != nil {
		return r.NotFound()
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

// imageKey resolves image n (1-based) of the product in the path.
func (p *seller) imageKey(r *site.Req, b brandCtx, n string) (commerce.Product, string, error) {
	pr, err := p.Commerce.Product(r.Context(), b.ID, r.Params("productId"))
	if err != nil {
		return pr, "", err
	}
	i, err := strconv.Atoi(n)
	if err != nil || i < 1 || i > len(pr.Images) {
		return pr, "", nil
	}
	return pr, pr.Images[i-1], nil
}

// uploadImages adds the posted files (the "images" field, one or more).
func (p *seller) uploadImages(r *site.Req, b brandCtx) error {
	form, err := r.MultipartForm()
	if err != nil || len(form.File["images"]) == 0 {
		return p.showProduct(r, b, http.StatusUnprocessableEntity, r.L.T("seller.products.no_image"), "")
	}
	for _, fh := range form.File["images"] {
		ct, _, _ := mime.ParseMediaType(fh.Header.Get("Content-Type"))
		f, err := fh.Open()
		if err != nil {
			return err
		}
		_, err = p.Commerce.UploadImage(r.Context(), b.ID, r.Params("productId"), ct, f)
		f.Close()
		if err != nil {
			return p.productResult(r, b, err, "")
		}
	}
	return p.showProduct(r, b, http.StatusOK, "", r.L.T("seller.products.images_added", len(form.File["images"])))
}

// imageAction moves image n earlier or later, or removes it.
func (p *seller) imageAction(r *site.Req, b brandCtx) error {
	pr, key, err := p.imageKey(r, b, r.Params("n"))
	if errors.Is(err, commerce.ErrNotFound) || (err == nil && key == "") {
		return r.NotFound()
	}
	if err != nil {
		return err
	}
	n, _ := strconv.Atoi(r.Params("n"))
	switch strings.TrimSpace(r.FormValue("do")) {
	case "earlier":
		_, err = p.Commerce.MoveImage(r.Context(), b.ID, pr.ID, key, n-2)
	case "later":
		_, err = p.Commerce.MoveImage(r.Context(), b.ID, pr.ID, key, n)
	case "remove":
		_, err = p.Commerce.RemoveImage(r.Context(), b.ID, pr.ID, key)
	default:
		return p.showProduct(r, b, http.StatusUnprocessableEntity, r.L.T("seller.products.bad_image_action"), "")
	}
	return p.productResult(r, b, err, r.L.T("seller.products.images_saved"))
}
