package api

import (
	"context"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/soukhq/souk/commerce"
	"github.com/soukhq/souk/internal/qr"
)

// Short links (/l/{code}) and their QR codes (issue 17). A brand's staff
// create and switch off links; anyone may resolve a link or draw its QR
// code (a link is public by its code: it is printed on packaging).

// LinkView is a short link.
type LinkView struct {
	Code           string    `json:"code"`
	Kind           string    `json:"kind" enum:"product,brand,app_page,coupon,live_room,authenticity"`
	BrandID        string    `json:"brand_id"`
	InstallationID string    `json:"installation_id,omitempty"`
	Target         string    `json:"target,omitempty" doc:"The product, coupon or live room id"`
	Page           string    `json:"page,omitempty"`
	Scene          string    `json:"scene,omitempty" doc:"The page's parameters, a query string"`
	Status         string    `json:"status" enum:"active,disabled"`
	Path           string    `json:"path" doc:"/l/{code}, on this server"`
	Destination    string    `json:"destination" doc:"The shell page the link opens"`
	Opens          int64     `json:"opens"`
	CreatedAt      time.Time `json:"created_at"`
}

func linkView(l commerce.Link) LinkView {
	return LinkView{Code: l.Code, Kind: l.Kind, BrandID: l.BrandID, InstallationID: l.InstallationID, Target: l.Target, Page: l.Page,
		Scene: l.Scene, Status: l.Status, Path: l.Path(), Destination: l.Destination(), Opens: l.Opens, CreatedAt: ts(l.CreatedAt)}
}

type linkOutput struct{ Body LinkView }

type createLinkInput struct {
	OrgID string `path:"orgId" maxLength:"64"`
	Body  struct {
		Kind           string            `json:"kind" enum:"product,brand,app_page,coupon,live_room"`
		Target         string            `json:"target,omitempty" maxLength:"64" doc:"product: the product id; coupon: the coupon id; live_room: the room id"`
		InstallationID string            `json:"installation_id,omitempty" maxLength:"64" doc:"The storefront (default: the brand's newest installation)"`
		Page           string            `json:"page,omitempty" maxLength:"40"`
		Params         map[string]string `json:"params,omitempty" maxProperties:"10"`
	}
}

type brandLinkInput struct {
	OrgID string `path:"orgId" maxLength:"64"`
	Code  string `path:"code" maxLength:"20"`
}

type updateLinkInput struct {
	OrgID string `path:"orgId" maxLength:"64"`
	Code  string `path:"code" maxLength:"20"`
	Body  struct {
		Status string `json:"status" enum:"active,disabled" doc:"The one thing a link lets change: it never points anywhere else"`
	}
}

type brandLinksInput struct {
	OrgID string `path:"orgId" maxLength:"64"`
	PageParams
}

type linkCodeInput struct {
	Code string `path:"code" maxLength:"20"`
}

type qrOutput struct {
	ContentType  string `header:"Content-Type"`
	CacheControl string `header:"Cache-Control"`
	Body         []byte
}

func (s *Server) registerLinks() {
	if s.Commerce == nil {
		return
	}
	Register(s, brandWrite, opCreateBrandLink, s.createBrandLink)
	Register(s, brandRead, opListBrandLinks, s.listBrandLinks)
	Register(s, brandRead, opGetBrandLink, s.getBrandLink)
	Register(s, brandWrite, opUpdateBrandLink, s.updateBrandLink)
	Register(s, Public, opGetLink, s.getLink)
	Register(s, Public, opGetLinkQRPNG, s.getLinkQRPNG)
	Register(s, Public, opGetLinkQRSVG, s.getLinkQRSVG)
}

var opCreateBrandLink = huma.Operation{
	OperationID:   "create-brand-link",
	Method:        http.MethodPost,
	Path:          "/api/v1/orgs/{orgId}/links",
	Tags:          []string{"links"},
	Summary:       "Create a short link (owner, manager)",
	Description:   "To a product, the storefront, an app page with parameters, a coupon or a live room. The same target returns the same link.",
	DefaultStatus: http.StatusCreated,
}

func (s *Server) createBrandLink(ctx context.Context, in *createLinkInput) (*linkOutput, error) {
	l, err := s.Commerce.CreateLink(ctx, commerce.NewLink{BrandID: in.OrgID, Kind: in.Body.Kind, Target: in.Body.Target,
		InstallationID: in.Body.InstallationID, Page: in.Body.Page, Params: in.Body.Params, CreatedBy: caller(ctx).User.ID})
	if err != nil {
		return nil, err
	}
	return &linkOutput{Body: linkView(l)}, nil
}

var opListBrandLinks = huma.Operation{
	OperationID: "list-brand-links",
	Method:      http.MethodGet,
	Path:        "/api/v1/orgs/{orgId}/links",
	Tags:        []string{"links"},
	Summary:     "The brand's links, newest first",
}

func (s *Server) listBrandLinks(ctx context.Context, in *brandLinksInput) (*pageOutput[LinkView], error) {
	ls, err := s.Commerce.BrandLinks(ctx, in.OrgID, 500)
	if err != nil {
		return nil, err
	}
	views := make([]LinkView, len(ls))
	for i, l := range ls {
		views[i] = linkView(l)
	}
	return listPage(ctx, in.PageParams, func(v LinkView) string { return v.Code }, sliceFetch(views, func(v LinkView) string { return v.Code }))
}

var opGetBrandLink = huma.Operation{
	OperationID: "get-brand-link",
	Method:      http.MethodGet,
	Path:        "/api/v1/orgs/{orgId}/links/{code}",
	Tags:        []string{"links"},
	Summary:     "One of the brand's links, with how often it was opened",
}

func (s *Server) getBrandLink(ctx context.Context, in *brandLinkInput) (*linkOutput, error) {
	l, err := s.Commerce.Link(ctx, in.Code)
	if err == nil && l.BrandID != in.OrgID {
		err = commerce.ErrLinkNotFound
	}
	if err != nil {
		return nil, err
	}
	return &linkOutput{Body: linkView(l)}, nil
}

var opUpdateBrandLink = huma.Operation{
	OperationID: "update-brand-link",
	Method:      http.MethodPatch,
	Path:        "/api/v1/orgs/{orgId}/links/{code}",
	Tags:        []string{"links"},
	Summary:     "Disable or re-enable a link (owner, manager)",
	Description: "Only the status changes: a link's target, installation, page and parameters are fixed for good.",
}

func (s *Server) updateBrandLink(ctx context.Context, in *updateLinkInput) (*linkOutput, error) {
	l, err := s.Commerce.SetLinkStatus(ctx, in.OrgID, in.Code, in.Body.Status == "active")
	if err != nil {
		return nil, err
	}
	return &linkOutput{Body: linkView(l)}, nil
}

var opGetLink = huma.Operation{
	OperationID: "get-link",
	Method:      http.MethodGet,
	Path:        "/api/v1/links/{code}",
	Tags:        []string{"links"},
	Summary:     "Resolve a short link",
	Description: "What the link opens. 404 link_not_found for an unknown code, 410 link_disabled for a link its brand switched off.",
}

func (s *Server) getLink(ctx context.Context, in *linkCodeInput) (*linkOutput, error) {
	l, err := s.Commerce.Link(ctx, in.Code)
	if err == nil && l.Status != "active" {
		err = commerce.ErrLinkDisabled
	}
	if err != nil {
		return nil, err
	}
	v := linkView(l)
	v.Opens = 0 // the count is the brand's
	return &linkOutput{Body: v}, nil
}

var opGetLinkQRPNG = huma.Operation{
	OperationID: "get-link-qr-png",
	Method:      http.MethodGet,
	Path:        "/api/v1/links/{code}/qr.png",
	Tags:        []string{"links"},
	Summary:     "The link's QR code as a 512×512 PNG",
	Responses:   map[string]*huma.Response{"200": {Description: "PNG", Content: map[string]*huma.MediaType{"image/png": {}}}},
}

var opGetLinkQRSVG = huma.Operation{
	OperationID: "get-link-qr-svg",
	Method:      http.MethodGet,
	Path:        "/api/v1/links/{code}/qr.svg",
	Tags:        []string{"links"},
	Summary:     "The link's QR code as SVG",
	Responses:   map[string]*huma.Response{"200": {Description: "SVG", Content: map[string]*huma.MediaType{"image/svg+xml": {}}}},
}

func (s *Server) getLinkQRPNG(ctx context.Context, in *linkCodeInput) (*qrOutput, error) {
	return s.linkQR(ctx, in.Code, false)
}

func (s *Server) getLinkQRSVG(ctx context.Context, in *linkCodeInput) (*qrOutput, error) {
	return s.linkQR(ctx, in.Code, true)
}

func (s *Server) linkQR(ctx context.Context, code string, svg bool) (*qrOutput, error) {
	l, err := s.Commerce.Link(ctx, code)
	if err != nil {
		return nil, err
	}
	return drawQR(requestOrigin(ctx)+l.Path(), "souk link "+l.Code, svg)
}

func drawQR(url, title string, svg bool) (*qrOutput, error) {
	if svg {
		b, err := qr.SVG(url, title)
		if err != nil {
			return nil, err
		}
		return &qrOutput{ContentType: "image/svg+xml", CacheControl: "public, max-age=3600", Body: b}, nil
	}
	b, err := qr.PNG(url, 512)
	if err != nil {
		return nil, err
	}
	return &qrOutput{ContentType: "image/png", CacheControl: "public, max-age=3600", Body: b}, nil
}

// sliceFetch pages an in-memory list (bounded lists the store returns
// whole) by item id.
func sliceFetch[T any](items []T, id func(T) string) fetchFunc[T] {
	return func(_ context.Context, after string, n int) ([]T, error) {
		start := 0
		if after != "" {
			start = len(items)
			for i, it := range items {
				if id(it) == after {
					start = i + 1
					break
				}
			}
		}
		end := min(start+n, len(items))
		return items[start:end], nil
	}
}
