package api

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/soukhq/souk/commerce"
	"github.com/soukhq/souk/payments/money"
)

// The brand catalog: products, SKUs with stock, images and the refund
// policy. Prices are decimal strings in the major unit of the product's
// currency.

// SKUView is a SKU as brand staff see it.
type SKUView struct {
	ID        string            `json:"id"`
	ProductID string            `json:"product_id"`
	Options   map[string]string `json:"options"`
	Price     string            `json:"price"`
	OnHand    int64             `json:"on_hand"`
	Reserved  int64             `json:"reserved" doc:"Held by unpaid orders"`
	Available int64             `json:"available"`
	Status    string            `json:"status"`
}

// ProductView is a product with its SKUs.
type ProductView struct {
	ID          string    `json:"id"`
	BrandID     string    `json:"brand_id"`
	Title       string    `json:"title"`
	Description string    `json:"description"`
	Currency    string    `json:"currency"`
	Status      string    `json:"status"`
	Images      []string  `json:"images" doc:"Blob keys; fetch with GET /api/v1/catalog/image?key="`
	SKUs        []SKUView `json:"skus"`
	CreatedAt   time.Time `json:"created_at"`
	UpdatedAt   time.Time `json:"updated_at"`
}

func skuView(cur string, k commerce.SKU) SKUView {
	return SKUView{ID: k.ID, ProductID: k.ProductID, Options: k.Options, Price: formatMinor(cur, int64(k.Price)),
		OnHand:   k.OnHand,
		Reserved: k.Reserved, Available: k.Available(), Status: k.Status}
}

func productView(p commerce.Product) ProductView {
	v := ProductView{ID: p.ID, BrandID: p.BrandID, Title: p.Title, Description: p.Description, Currency: p.Currency,
		Status: p.Status,
		Images: p.Images, SKUs: []SKUView{}, CreatedAt: ts(p.CreatedAt), UpdatedAt: ts(p.UpdatedAt)}
	for _, k := range p.SKUs {
		v.SKUs = append(v.SKUs, skuView(p.Currency, k))
	}
	return v
}

type productOutput struct{ Body ProductView }
type skuOutput struct{ Body SKUView }
type productBody struct {
	Title       string `json:"title" minLength:"1" maxLength:"200"`
	Description string `json:"description,omitempty" maxLength:"10000"`
	Currency    string `json:"currency,omitempty" minLength:"3" maxLength:"3" doc:"Required when creating; fixed afterwards"`
	Status      string `json:"status,omitempty" enum:"active,archived"`
}

type createProductInput struct {
	OrgID string `path:"orgId" maxLength:"64"`
	Body  productBody
}

type productIDInput struct {
	OrgID     string `path:"orgId" maxLength:"64"`
	ProductID string `path:"productId" maxLength:"64"`
}

type updateProductInput struct {
	OrgID     string `path:"orgId" maxLength:"64"`
	ProductID string `path:"productId" maxLength:"64"`
	Body      productBody
}

type listProductsInput struct {
	OrgID string `path:"orgId" maxLength:"64"`
	PageParams
}

type skuBody struct {
	Options map[string]string `json:"options,omitempty" doc:"e.g. {\"size\":\"M\",\"colour\":\"red\"}"`
	Price   string            `json:"price" maxLength:"32" doc:"Decimal string in the product's currency"`
	OnHand  int64             `json:"on_hand,omitempty" minimum:"0" maximum:"1000000000" doc:"Initial stock (create only)"`
	Status  string            `json:"status,omitempty" enum:"active,archived"`
}

type createSKUInput struct {
	OrgID     string `path:"orgId" maxLength:"64"`
	ProductID string `path:"productId" maxLength:"64"`
	Body      skuBody
}

type updateSKUInput struct {
	OrgID string `path:"orgId" maxLength:"64"`
	SKUID string `path:"skuId" maxLength:"64"`
	Body  skuBody
}

type setStockInput struct {
	OrgID string `path:"orgId" maxLength:"64"`
	SKUID string `path:"skuId" maxLength:"64"`
	Body  struct {
		OnHand int64 `json:"on_hand" minimum:"0" maximum:"1000000000"`
	}
}

type uploadImageInput struct {
	OrgID       string `path:"orgId" maxLength:"64"`
	ProductID   string `path:"productId" maxLength:"64"`
	ContentType string `header:"Content-Type"`
	RawBody     []byte `contentType:"image/png" doc:"The image bytes (PNG, JPEG, GIF or WebP)"`
}

type imageInput struct {
	Key string `query:"key" required:"true" maxLength:"300"`
}

type imageOutput struct {
	ContentType  string `header:"Content-Type"`
	CacheControl string `header:"Cache-Control"`
	Body         []byte
}

type refundPolicyBody struct {
	WindowHours  int64 `json:"window_hours" minimum:"0" maximum:"8760" doc:"Refunds allowed this long after payment"`
	MaxRefundBps int64 `json:"max_refund_bps" minimum:"0" maximum:"10000" doc:"Most of an order total refundable, in basis points"`
}

type refundPolicyOutput struct{ Body refundPolicyBody }

type setRefundPolicyInput struct {
	OrgID string `path:"orgId" maxLength:"64"`
	Body  refundPolicyBody
}

func (s *Server) skuInput(ctx context.Context, brandID, productID, skuID string, b skuBody) (commerce.SKUInput,
	string, error) {
	var cur string
	if productID == "" {
		k, err := s.Commerce.SKU(ctx, brandID, skuID)
		if err != nil {
			return commerce.SKUInput{}, "", err
		}
		productID = k.ProductID
	}
	p, err := s.Commerce.Product(ctx, brandID, productID)
	if err != nil {
		return commerce.SKUInput{}, "", err
	}
	cur = p.Currency
	price, err := parseAmount(cur, b.Price)
	if err != nil {
		return commerce.SKUInput{}, "", err
	}
	if price == 0 {
		return commerce.SKUInput{}, "", Fail(http.StatusBadRequest, "invalid_amount", "price is required")
	}
	return commerce.SKUInput{Options: b.Options, Price: price, OnHand: b.OnHand, Status: b.Status}, cur, nil
}

func (s *Server) registerCatalog() {
	if s.Commerce == nil {
		return
	}
	Register(s, brandRead, opListBrandProducts, s.listBrandProducts)
	Register(s, brandWrite, opCreateProduct, s.createProduct)
	Register(s, brandRead, opGetBrandProduct, s.getBrandProduct)
	Register(s, brandWrite, opUpdateProduct, s.updateProduct)
	Register(s, brandWrite, opCreateSku, s.createSku)
	Register(s, brandRead, opGetSku, s.getSku)
	Register(s, brandWrite, opUpdateSku, s.updateSku)
	Register(s, brandWrite, opSetStock, s.setStock)
	Register(s, brandWrite, opUploadProductImage, s.uploadProductImage)
	Register(s, Public, opGetProductImage, s.getProductImage)
	Register(s, brandRead, opGetRefundPolicy, s.getRefundPolicy)
	Register(s, brandWrite, opSetRefundPolicy, s.setRefundPolicy)
}

var opListBrandProducts = huma.Operation{
	OperationID: "list-brand-products",
	Method:      http.MethodGet,
	Path:        "/api/v1/orgs/{orgId}/products",
	Tags:        []string{"catalog"},
	Summary:     "The brand's products with SKUs and stock (all brand staff)",
}

func (s *Server) listBrandProducts(ctx context.Context, in *listProductsInput) (*pageOutput[ProductView], error) {
	id := func(p ProductView) string { return p.ID }
	return listPage(ctx, in.PageParams, id, func(ctx context.Context, after string, n int) ([]ProductView, error) {
		ps, err := s.Commerce.Products(ctx, in.OrgID, commerce.ProductFilter{After: after, Limit: n})
		return mapSlice(ps, productView), err
	})
}

var opCreateProduct = huma.Operation{
	OperationID:   "create-product",
	Method:        http.MethodPost,
	Path:          "/api/v1/orgs/{orgId}/products",
	Tags:          []string{"catalog"},
	Summary:       "Add a product (owner, manager)",
	DefaultStatus: http.StatusCreated,
}

func (s *Server) createProduct(ctx context.Context, in *createProductInput) (*productOutput, error) {
	p,
		err := s.Commerce.CreateProduct(ctx, in.OrgID,
		commerce.ProductInput{Title: in.Body.Title, Description: in.Body.Description,
			Currency: strings.ToUpper(in.Body.Currency), Status: in.Body.Status})
	if err != nil {
		return nil, err
	}
	return &productOutput{Body: productView(p)}, nil
}

var opGetBrandProduct = huma.Operation{
	OperationID: "get-brand-product",
	Method:      http.MethodGet,
	Path:        "/api/v1/orgs/{orgId}/products/{productId}",
	Tags:        []string{"catalog"},
	Summary:     "One of the brand's products (all brand staff)",
}

func (s *Server) getBrandProduct(ctx context.Context, in *productIDInput) (*productOutput, error) {
	p, err := s.Commerce.Product(ctx, in.OrgID, in.ProductID)
	if err != nil {
		return nil, err
	}
	return &productOutput{Body: productView(p)}, nil
}

var opUpdateProduct = huma.Operation{
	OperationID: "update-product",
	Method:      http.MethodPut,
	Path:        "/api/v1/orgs/{orgId}/products/{productId}",
	Tags:        []string{"catalog"},
	Summary:     "Change a product's title, description or status (owner, manager)",
}

func (s *Server) updateProduct(ctx context.Context, in *updateProductInput) (*productOutput, error) {
	p,
		err := s.Commerce.UpdateProduct(ctx, in.OrgID, in.ProductID,
		commerce.ProductInput{Title: in.Body.Title, Description: in.Body.Description, Status: in.Body.Status})
	if err != nil {
		return nil, err
	}
	return &productOutput{Body: productView(p)}, nil
}

var opCreateSku = huma.Operation{
	OperationID:   "create-sku",
	Method:        http.MethodPost,
	Path:          "/api/v1/orgs/{orgId}/products/{productId}/skus",
	Tags:          []string{"catalog"},
	Summary:       "Add a SKU with options, price and initial stock (owner, manager)",
	DefaultStatus: http.StatusCreated,
}

func (s *Server) createSku(ctx context.Context, in *createSKUInput) (*skuOutput, error) {
	si, cur, err := s.skuInput(ctx, in.OrgID, in.ProductID, "", in.Body)
	if err != nil {
		return nil, err
	}
	k, err := s.Commerce.AddSKU(ctx, in.OrgID, in.ProductID, si)
	if err != nil {
		return nil, err
	}
	return &skuOutput{Body: skuView(cur, k)}, nil
}

var opUpdateSku = huma.Operation{
	OperationID: "update-sku",
	Method:      http.MethodPut,
	Path:        "/api/v1/orgs/{orgId}/skus/{skuId}",
	Tags:        []string{"catalog"},
	Summary:     "Change a SKU's options, price or status (owner, manager)",
	Description: "Orders already placed keep their price.",
}

func (s *Server) updateSku(ctx context.Context, in *updateSKUInput) (*skuOutput, error) {
	si, cur, err := s.skuInput(ctx, in.OrgID, "", in.SKUID, in.Body)
	if err != nil {
		return nil, err
	}
	k, err := s.Commerce.UpdateSKU(ctx, in.OrgID, in.SKUID, si)
	if err != nil {
		return nil, err
	}
	return &skuOutput{Body: skuView(cur, k)}, nil
}

type skuIDInput struct {
	OrgID string `path:"orgId" maxLength:"64"`
	SKUID string `path:"skuId" maxLength:"64"`
}

var opGetSku = huma.Operation{
	OperationID: "get-sku",
	Method:      http.MethodGet,
	Path:        "/api/v1/orgs/{orgId}/skus/{skuId}",
	Tags:        []string{"catalog"},
	Summary:     "One of the brand's SKUs with its stock",
}

func (s *Server) getSku(ctx context.Context, in *skuIDInput) (*skuOutput, error) {
	k, err := s.Commerce.SKU(ctx, in.OrgID, in.SKUID)
	if err != nil {
		return nil, err
	}
	p, err := s.Commerce.Product(ctx, in.OrgID, k.ProductID)
	if err != nil {
		return nil, err
	}
	return &skuOutput{Body: skuView(p.Currency, k)}, nil
}

var opSetStock = huma.Operation{
	OperationID: "set-stock",
	Method:      http.MethodPut,
	Path:        "/api/v1/orgs/{orgId}/skus/{skuId}/stock",
	Tags:        []string{"catalog"},
	Summary:     "Set a SKU's stock on hand (owner, manager)",
	Description: "It cannot go below what unpaid orders have reserved (409 stock_reserved).",
}

func (s *Server) setStock(ctx context.Context, in *setStockInput) (*skuOutput, error) {
	k, err := s.Commerce.SetStockBy(ctx, in.OrgID, in.SKUID, in.Body.OnHand, commerce.StockChange{ActorID: caller(ctx).User.ID, Reason: "API"})
	if err != nil {
		return nil, err
	}
	p, err := s.Commerce.Product(ctx, in.OrgID, k.ProductID)
	if err != nil {
		return nil, err
	}
	return &skuOutput{Body: skuView(p.Currency, k)}, nil
}

var opUploadProductImage = huma.Operation{
	OperationID:   "upload-product-image",
	Method:        http.MethodPost,
	Path:          "/api/v1/orgs/{orgId}/products/{productId}/images",
	Tags:          []string{"catalog"},
	Summary:       "Add an image to a product (owner, manager)",
	Description:   "Send the bytes with their Content-Type (image/png, image/jpeg, image/gif, image/webp); at most 5 MiB.",
	DefaultStatus: http.StatusCreated,
	MaxBodyBytes:  6 << 20,
}

func (s *Server) uploadProductImage(ctx context.Context, in *uploadImageInput) (*productOutput, error) {
	mt, err := imageMediaType(in.ContentType, "image")
	if err != nil {
		return nil, err
	}
	p, err := s.Commerce.UploadImage(ctx, in.OrgID, in.ProductID, mt, bytes.NewReader(in.RawBody))
	if err != nil {
		return nil, err
	}
	return &productOutput{Body: productView(p)}, nil
}

var opGetProductImage = huma.Operation{
	OperationID: "get-product-image",
	Method:      http.MethodGet,
	Path:        "/api/v1/catalog/image",
	Tags:        []string{"catalog"},
	Summary:     "A product image by blob key",
	Description: "Images are content-addressed, so they are cached for a long time.",
}

func (s *Server) getProductImage(ctx context.Context, in *imageInput) (*imageOutput, error) {
	rc, ct, err := s.Commerce.Image(ctx, in.Key)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	b, err := io.ReadAll(rc)
	if err != nil {
		return nil, err
	}
	return &imageOutput{ContentType: ct, CacheControl: "public, max-age=31536000, immutable", Body: b}, nil
}

var opGetRefundPolicy = huma.Operation{
	OperationID: "get-refund-policy",
	Method:      http.MethodGet,
	Path:        "/api/v1/orgs/{orgId}/refund-policy",
	Tags:        []string{"orders"},
	Summary:     "The brand's refund policy (all brand staff)",
}

func (s *Server) getRefundPolicy(ctx context.Context, in *orgIDInput) (*refundPolicyOutput, error) {
	p, err := s.Commerce.RefundPolicy(ctx, in.OrgID)
	if err != nil {
		return nil, err
	}
	return &refundPolicyOutput{Body: refundPolicyBody{WindowHours: int64(p.Window / time.Hour),
		MaxRefundBps: int64(p.MaxRefundBps)}}, nil
}

var opSetRefundPolicy = huma.Operation{
	OperationID: "set-refund-policy",
	Method:      http.MethodPut,
	Path:        "/api/v1/orgs/{orgId}/refund-policy",
	Tags:        []string{"orders"},
	Summary:     "Set the brand's refund window and per-order maximum (owner, manager)",
}

func (s *Server) setRefundPolicy(ctx context.Context, in *setRefundPolicyInput) (*refundPolicyOutput, error) {
	if _,
		err := s.Commerce.SetRefundPolicy(ctx, in.OrgID,
		commerce.RefundPolicy{Window: time.Duration(in.Body.WindowHours) * time.Hour,
			MaxRefundBps: money.Bps(in.Body.MaxRefundBps)}); err != nil {
		return nil, err
	}
	return &refundPolicyOutput{Body: in.Body}, nil
}
