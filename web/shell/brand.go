package shell

import (
	"io"
	"net/http"
	"net/url"

	"github.com/soukhq/souk/commerce"
	"github.com/soukhq/souk/web/site"
)

// Brand protection in the shell (issue 17, part 2).
//
//   - /authentic/{code} is where an authenticity code's QR code (/l/{code})
//     lands: opening it is the scan. It shows the product, the brand with
//     its verification badge and the first scan's time, and warns when the
//     code was scanned before or is bound to someone else's order.
//   - /search/photo finds products from a photo of their packshot
//     (perceptual hashes; commerce/catalog_image_hash.go).

type authenticData struct {
	Code     string
	Found    bool
	Result   commerce.ScanResult
	First    string
	Warning  string // a locale key
	Product  string // where to see the product ("" when the brand has no storefront)
	ImageURL string
}

func (p *pages) authenticPage(r *site.Req) error {
	code := r.Params("code")
	res, err := p.Apps.Commerce.ScanAuthenticityCode(r.Context(), code, r.UserID())
	d := authenticData{Code: code}
	switch commerce.Code(err) {
	case "":
		if err != nil {
			return err
		}
	case commerce.ErrCodeNotFound.Code:
		return r.Render(p.t, http.StatusNotFound, "authentic", r.Page(site.FaceShell, "authentic.title", d))
	default:
		return err
	}
	d.Found, d.Result, d.First = true, res, when(res.FirstScanAt)
	switch res.Verdict {
	case commerce.ScanRepeat:
		d.Warning = "authentic.warn.repeat"
	case commerce.ScanOtherOwner:
		d.Warning = "authentic.warn.other_owner"
	}
	if ins := p.storefront(r, res.Code.BrandID); ins != "" {
		d.Product = "/a/" + url.PathEscape(ins) + "/product?" + url.Values{"productId": {res.Code.ProductID}}.Encode()
	}
	if res.ProductImage != "" {
		d.ImageURL = "/api/v1/catalog/image?" + url.Values{"key": {res.ProductImage}}.Encode()
	}
	return r.Render(p.t, http.StatusOK, "authentic", r.Page(site.FaceShell, "authentic.title", d))
}

type photoHit struct {
	Title, Href string
	Distance    int
	Verified    bool
}

type photoData struct {
	Searched bool
	Hits     []photoHit
	Error    string // a locale key
}

// maxSearchPhotoBytes caps a photo upload (the decoder's pixel limits apply too).
const maxSearchPhotoBytes = 5 << 20

func (p *pages) photoSearch(r *site.Req) error {
	return r.Render(p.t, http.StatusOK, "photo", r.Page("search", "photo.title", photoData{}))
}

func (p *pages) photoSearchPost(r *site.Req) error {
	d := photoData{Searched: true}
	fh, err := r.FormFile("photo")
	if err != nil {
		d.Error = "photo.err.none"
		return r.Render(p.t, http.StatusUnprocessableEntity, "photo", r.Page("search", "photo.title", d))
	}
	f, err := fh.Open()
	if err != nil {
		return err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxSearchPhotoBytes+1))
	if err != nil {
		return err
	}
	if len(data) > maxSearchPhotoBytes {
		d.Error = "photo.err.large"
		return r.Render(p.t, http.StatusRequestEntityTooLarge, "photo", r.Page("search", "photo.title", d))
	}
	ms, err := p.Apps.Commerce.FindProductsByImage(r.Context(), data, 20)
	switch commerce.Code(err) {
	case "":
		if err != nil {
			return err
		}
	case commerce.ErrImageTooLarge.Code:
		d.Error = "photo.err.large"
		return r.Render(p.t, http.StatusRequestEntityTooLarge, "photo", r.Page("search", "photo.title", d))
	case commerce.ErrInvalid.Code:
		d.Error = "photo.err.decode"
		return r.Render(p.t, http.StatusUnprocessableEntity, "photo", r.Page("search", "photo.title", d))
	default:
		return err
	}
	stores := map[string]string{}
	for _, m := range ms {
		h := photoHit{Title: m.Title, Distance: m.Distance, Verified: m.BrandVerified}
		ins, ok := stores[m.BrandID]
		if !ok {
			ins = p.storefront(r, m.BrandID)
			stores[m.BrandID] = ins
		}
		if ins != "" {
			h.Href = "/a/" + url.PathEscape(ins) + "/product?" + url.Values{"productId": {m.ProductID}}.Encode()
		}
		d.Hits = append(d.Hits, h)
	}
	return r.Render(p.t, http.StatusOK, "photo", r.Page("search", "photo.title", d))
}
