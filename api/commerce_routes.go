package api

import (
	"bytes"
	"context"
	"io"
	"mime"
	"net/http"
	"strings"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/soukhq/souk/commerce"
	"github.com/soukhq/souk/payments/money"
)

// Catalog, orders and refunds. Amounts are decimal strings in the major
// unit of the product's or order's currency; prices and totals are always
// computed by the host from the catalog.

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

// OrderLineView is one line of an order, priced when ordered.
type OrderLineView struct {
	SKUID     string            `json:"sku_id"`
	ProductID string            `json:"product_id"`
	Title     string            `json:"title"`
	Options   map[string]string `json:"options"`
	Qty       int64             `json:"qty"`
	UnitPrice string            `json:"unit_price"`
	LineTotal string            `json:"line_total"`
}

// TransitionView is one recorded state change.
type TransitionView struct {
	From      string         `json:"from"`
	To        string         `json:"to"`
	Event     string         `json:"event"`
	ActorKind string         `json:"actor_kind"`
	ActorID   string         `json:"actor_id,omitempty"`
	Reason    string         `json:"reason,omitempty"`
	Detail    map[string]any `json:"detail,omitempty"`
	At        time.Time      `json:"at"`
}

// OrderView is an order in the order centre.
type OrderView struct {
	ID               string           `json:"id"`
	ShopperID        string           `json:"shopper_id"`
	BrandID          string           `json:"brand_id"`
	AppID            string           `json:"app_id,omitempty"`
	InstallationID   string           `json:"installation_id,omitempty"`
	Currency         string           `json:"currency"`
	Total            string           `json:"total"`
	Refunded         string           `json:"refunded"`
	State            string           `json:"state"`
	PrevState        string           `json:"prev_state,omitempty" doc:"Where a refund_requested order returns"`
	PaymentRequestID string           `json:"payment_request_id,omitempty"`
	PayBy            time.Time        `json:"pay_by"`
	CreatedAt        time.Time        `json:"created_at"`
	PaidAt           *time.Time       `json:"paid_at,omitempty"`
	DeliveredAt      *time.Time       `json:"delivered_at,omitempty"`
	CompletedAt      *time.Time       `json:"completed_at,omitempty"`
	Lines            []OrderLineView  `json:"lines"`
	Transitions      []TransitionView `json:"transitions,omitempty"`
}

func orderView(o commerce.Order) OrderView {
	v := OrderView{ID: o.ID, ShopperID: o.ShopperID, BrandID: o.BrandID, AppID: o.AppID,
		InstallationID: o.InstallationID, Currency: o.Currency,
		Total: formatMinor(o.Currency, int64(o.Total)), Refunded: formatMinor(o.Currency, int64(o.Refunded)),
		State:     string(o.State),
		PrevState: string(o.PrevState), PaymentRequestID: o.PaymentRequestID, PayBy: ts(o.PayBy),
		CreatedAt: ts(o.CreatedAt), PaidAt: tsPtr(o.PaidAt),
		DeliveredAt: tsPtr(o.DeliveredAt), CompletedAt: tsPtr(o.CompletedAt), Lines: []OrderLineView{}}
	for _, l := range o.Lines {
		v.Lines = append(v.Lines,
			OrderLineView{SKUID: l.SKUID, ProductID: l.ProductID, Title: l.Title, Options: l.Options, Qty: l.Qty,
				UnitPrice: formatMinor(o.Currency, int64(l.UnitPrice)),
				LineTotal: formatMinor(o.Currency, int64(l.LineTotal))})
	}
	return v
}

// withTransitions adds the order's history to its view.
func (s *Server) withTransitions(ctx context.Context, o commerce.Order) (*orderOutput, error) {
	trs, err := s.Commerce.Transitions(ctx, o.ID)
	if err != nil {
		return nil, err
	}
	v := orderView(o)
	for _, t := range trs {
		v.Transitions = append(v.Transitions,
			TransitionView{From: string(t.From), To: string(t.To), Event: t.Event, ActorKind: t.Actor.Kind,
				ActorID: t.Actor.ID, Reason: t.Reason, Detail: t.Detail, At: ts(t.At)})
	}
	return &orderOutput{Body: v}, nil
}

type productOutput struct{ Body ProductView }

type skuOutput struct{ Body SKUView }
type orderOutput struct{ Body OrderView }

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

type createOrderInput struct {
	Body struct {
		BrandID string           `json:"brand_id" maxLength:"64"`
		Lines   []orderLineInput `json:"lines" minItems:"1" maxItems:"50" doc:"SKUs and quantities only: prices come from the catalog"`
	}
}

// orderLineInput is one line of a new order.
type orderLineInput struct {
	SKUID string `json:"sku_id" maxLength:"64"`
	Qty   int64  `json:"qty"`
}

type myOrdersInput struct {
	State string `query:"state" maxLength:"32"`
	PageParams
}

type brandOrdersInput struct {
	OrgID string `path:"orgId" maxLength:"64"`
	State string `query:"state" maxLength:"32"`
	PageParams
}

type orderIDInput struct {
	OrderID string `path:"orderId" maxLength:"64"`
}

type brandOrderInput struct {
	OrgID   string `path:"orgId" maxLength:"64"`
	OrderID string `path:"orderId" maxLength:"64"`
}

type claimBody struct {
	Amount string `json:"amount,omitempty" maxLength:"32" doc:"Decimal string; omitted: everything allowed"`
	Reason string `json:"reason,omitempty" maxLength:"1000"`
}

type orderClaimInput struct {
	OrderID string `path:"orderId" maxLength:"64"`
	Body    claimBody
}

type brandClaimInput struct {
	OrgID   string `path:"orgId" maxLength:"64"`
	OrderID string `path:"orderId" maxLength:"64"`
	Body    claimBody
}

type resolveDisputeInput struct {
	OrderID string `path:"orderId" maxLength:"64"`
	Body    struct {
		ForShopper bool   `json:"for_shopper"`
		Reason     string `json:"reason,omitempty" maxLength:"1000"`
	}
}

// shopperClaim is a shopper's refund request or dispute: their own order
// (anyone else's is not found), the amount read in its currency, then act.
func (s *Server) shopperClaim(ctx context.Context, in *orderClaimInput,
	act func(o commerce.Order, a money.Amount) error) (*orderOutput, error) {
	o, err := s.Commerce.ShopperOrder(ctx, caller(ctx).User.ID, in.OrderID)
	if err != nil {
		return nil, err
	}
	a, err := parseAmount(o.Currency, in.Body.Amount)
	if err != nil {
		return nil, err
	}
	if err := act(o, a); err != nil {
		return nil, err
	}
	return s.orderOut(ctx, o.ID)
}

// parseAmount reads an optional decimal amount in cur ("" is 0: "all").
func parseAmount(cur, s string) (money.Amount, error) {
	if s == "" {
		return 0, nil
	}
	c, err := money.Lookup(cur)
	if err != nil {
		return 0, Fail(http.StatusBadRequest, "unknown_currency", "unknown currency "+cur)
	}
	a, err := money.ParsePositive(c, s)
	if err != nil {
		return 0, Fail(http.StatusBadRequest, "invalid_amount", err.Error())
	}
	return a, nil
}

func parseState(st string) (commerce.State, error) {
	if st != "" && !commerce.State(st).Valid() {
		return "", Fail(http.StatusBadRequest, "invalid_request", "unknown order state "+st)
	}
	return commerce.State(st), nil
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

func (s *Server) registerCommerce() {
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
	Register(s, User, opListMyOrders, s.listMyOrders)
	Register(s, User, opCreateOrder, s.createOrder)
	Register(s, User, opGetMyOrder, s.getMyOrder)
	Register(s, User, opRequestOrderPayment, s.requestOrderPayment)
	Register(s, User, opCancelMyOrder, s.cancelMyOrder)
	Register(s, User, opConfirmReceipt, s.confirmReceipt)
	Register(s, User, opRequestRefund, s.requestRefund)
	Register(s, User, opOpenDispute, s.openDispute)
	Register(s, brandRead, opListBrandOrders, s.listBrandOrders)
	Register(s, brandRead, opGetBrandOrder, s.getBrandOrder)
	Register(s, brandWrite, opApproveRefund, s.approveRefund)
	Register(s, brandWrite, opDeclineRefund, s.declineRefund)
	Register(s, brandRead, opCancelBrandOrder, s.cancelBrandOrder)
	Register(s, Admin, opAdminResolveDispute, s.adminResolveDispute)
}

func brandActor(ctx context.Context) commerce.Actor {
	return commerce.Actor{Kind: commerce.ActorBrand, ID: caller(ctx).User.ID}
}

func shopperActor(ctx context.Context) commerce.Actor {
	return commerce.Actor{Kind: commerce.ActorShopper, ID: caller(ctx).User.ID}
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
	k, err := s.Commerce.SetStock(ctx, in.OrgID, in.SKUID, in.Body.OnHand)
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
	mt, _, err := mime.ParseMediaType(in.ContentType)
	if err != nil || !strings.HasPrefix(mt, "image/") {
		return nil,
			Fail(http.StatusUnsupportedMediaType, "unsupported_media_type",
				"send the image bytes with an image/* Content-Type")
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

var opListMyOrders = huma.Operation{
	OperationID: "list-my-orders",
	Method:      http.MethodGet,
	Path:        "/api/v1/orders",
	Tags:        []string{"orders"},
	Summary:     "My orders across every brand and app, newest first",
}

func (s *Server) listMyOrders(ctx context.Context, in *myOrdersInput) (*pageOutput[OrderView], error) {
	return s.listOrders(ctx, commerce.OrderFilter{ShopperID: caller(ctx).User.ID}, in.State, in.PageParams)
}

// listOrders pages a shopper's or a brand's orders, newest first.
func (s *Server) listOrders(ctx context.Context, f commerce.OrderFilter, state string,
	p PageParams) (*pageOutput[OrderView], error) {
	st, err := parseState(state)
	if err != nil {
		return nil, err
	}
	f.State = st
	id := func(o OrderView) string { return o.ID }
	return listPage(ctx, p, id, func(ctx context.Context, after string, n int) ([]OrderView, error) {
		f := f
		f.After, f.Limit = after, n
		os, err := s.Commerce.Orders(ctx, f)
		return mapSlice(os, orderView), err
	})
}

var opCreateOrder = huma.Operation{
	OperationID: "create-order",
	Method:      http.MethodPost,
	Path:        "/api/v1/orders",
	Tags:        []string{"orders"},
	Summary:     "Order directly from a brand",
	Description: "Lines are {skuId, qty}; prices and the total come from the catalog. The stock is reserved " +
		"until payment or cancellation.",
	DefaultStatus: http.StatusCreated,
}

func (s *Server) createOrder(ctx context.Context, in *createOrderInput) (*orderOutput, error) {
	lines := mapSlice(in.Body.Lines,
		func(l orderLineInput) commerce.LineInput { return commerce.LineInput{SKUID: l.SKUID, Qty: l.Qty} })
	o,
		err := s.Commerce.CreateOrder(ctx,
		commerce.NewOrder{ShopperID: caller(ctx).User.ID, BrandID: in.Body.BrandID, Lines: lines})
	if err != nil {
		return nil, err
	}
	return &orderOutput{Body: orderView(o)}, nil
}

var opGetMyOrder = huma.Operation{
	OperationID: "get-my-order",
	Method:      http.MethodGet,
	Path:        "/api/v1/orders/{orderId}",
	Tags:        []string{"orders"},
	Summary:     "One of my orders with its history",
}

func (s *Server) getMyOrder(ctx context.Context, in *orderIDInput) (*orderOutput, error) {
	o, err := s.Commerce.ShopperOrder(ctx, caller(ctx).User.ID, in.OrderID)
	if err != nil {
		return nil, err
	}
	return s.withTransitions(ctx, o)
}

var opRequestOrderPayment = huma.Operation{
	OperationID: "request-order-payment",
	Method:      http.MethodPost,
	Path:        "/api/v1/orders/{orderId}/payment",
	Tags:        []string{"orders"},
	Summary:     "Get the payment request for my unpaid order",
	Description: "Pay it with POST /api/v1/payment-requests/{id}/confirm and the PIN.",
}

func (s *Server) requestOrderPayment(ctx context.Context, in *orderIDInput) (*requestOutput, error) {
	if _, err := s.Commerce.ShopperOrder(ctx, caller(ctx).User.ID, in.OrderID); err != nil {
		return nil, err
	}
	r, err := s.Commerce.RequestPayment(ctx, in.OrderID, shopperActor(ctx))
	if err != nil {
		return nil, err
	}
	return &requestOutput{Body: requestView(r)}, nil
}

var opCancelMyOrder = huma.Operation{
	OperationID: "cancel-my-order",
	Method:      http.MethodPost,
	Path:        "/api/v1/orders/{orderId}/cancel",
	Tags:        []string{"orders"},
	Summary:     "Cancel my unpaid order",
}

func (s *Server) cancelMyOrder(ctx context.Context, in *orderIDInput) (*orderOutput, error) {
	if _, err := s.Commerce.ShopperOrder(ctx, caller(ctx).User.ID, in.OrderID); err != nil {
		return nil, err
	}
	if _, err := s.Commerce.CancelUnpaid(ctx, in.OrderID, shopperActor(ctx), "cancelled by the shopper"); err != nil {
		return nil, err
	}
	return s.orderOut(ctx, in.OrderID)
}

var opConfirmReceipt = huma.Operation{
	OperationID: "confirm-receipt",
	Method:      http.MethodPost,
	Path:        "/api/v1/orders/{orderId}/confirm-receipt",
	Tags:        []string{"orders"},
	Summary:     "Confirm my delivered order arrived",
	Description: "Completes the order now and settles the payment.",
}

func (s *Server) confirmReceipt(ctx context.Context, in *orderIDInput) (*orderOutput, error) {
	if _, err := s.Commerce.ConfirmReceipt(ctx, caller(ctx).User.ID, in.OrderID); err != nil {
		return nil, err
	}
	return s.orderOut(ctx, in.OrderID)
}

var opRequestRefund = huma.Operation{
	OperationID: "request-refund",
	Method:      http.MethodPost,
	Path:        "/api/v1/orders/{orderId}/refund-request",
	Tags:        []string{"orders"},
	Summary:     "Ask the brand for (part of) my money back",
	Description: "Within the brand's refund window and maximum; no amount asks for everything allowed.",
}

func (s *Server) requestRefund(ctx context.Context, in *orderClaimInput) (*orderOutput, error) {
	return s.shopperClaim(ctx, in, func(o commerce.Order, a money.Amount) error {
		_, err := s.Commerce.RequestRefund(ctx, o.ShopperID, o.ID, a, in.Body.Reason)
		return err
	})
}

var opOpenDispute = huma.Operation{
	OperationID: "open-dispute",
	Method:      http.MethodPost,
	Path:        "/api/v1/orders/{orderId}/dispute",
	Tags:        []string{"orders"},
	Summary:     "Dispute my paid order",
	Description: "The amount (default: everything not refunded) is held until an operator decides; the " +
		"order will not complete meanwhile.",
}

func (s *Server) openDispute(ctx context.Context, in *orderClaimInput) (*orderOutput, error) {
	return s.shopperClaim(ctx, in, func(o commerce.Order, a money.Amount) error {
		if in.Body.Reason == "" {
			return Fail(http.StatusBadRequest, "invalid_input", "a dispute needs a reason")
		}
		_, err := s.Commerce.OpenDispute(ctx, o.ShopperID, o.ID, a, in.Body.Reason)
		return err
	})
}

var opListBrandOrders = huma.Operation{
	OperationID: "list-brand-orders",
	Method:      http.MethodGet,
	Path:        "/api/v1/orgs/{orgId}/orders",
	Tags:        []string{"orders"},
	Summary:     "The brand's orders, newest first (all brand staff)",
}

func (s *Server) listBrandOrders(ctx context.Context, in *brandOrdersInput) (*pageOutput[OrderView], error) {
	return s.listOrders(ctx, commerce.OrderFilter{BrandID: in.OrgID}, in.State, in.PageParams)
}

var opGetBrandOrder = huma.Operation{
	OperationID: "get-brand-order",
	Method:      http.MethodGet,
	Path:        "/api/v1/orgs/{orgId}/orders/{orderId}",
	Tags:        []string{"orders"},
	Summary:     "One of the brand's orders with its history (all brand staff)",
}

func (s *Server) getBrandOrder(ctx context.Context, in *brandOrderInput) (*orderOutput, error) {
	o, err := s.Commerce.BrandOrder(ctx, in.OrgID, in.OrderID)
	if err != nil {
		return nil, err
	}
	return s.withTransitions(ctx, o)
}

var opApproveRefund = huma.Operation{
	OperationID: "approve-refund",
	Method:      http.MethodPost,
	Path:        "/api/v1/orgs/{orgId}/orders/{orderId}/refund/approve",
	Tags:        []string{"orders"},
	Summary:     "Approve the shopper's refund request, in full or in part (owner, manager)",
}

func (s *Server) approveRefund(ctx context.Context, in *brandClaimInput) (*orderOutput, error) {
	o, err := s.Commerce.BrandOrder(ctx, in.OrgID, in.OrderID)
	if err != nil {
		return nil, err
	}
	a, err := parseAmount(o.Currency, in.Body.Amount)
	if err != nil {
		return nil, err
	}
	if _, err := s.Commerce.ApproveRefund(ctx, in.OrgID, o.ID, a, brandActor(ctx)); err != nil {
		return nil, err
	}
	return s.orderOut(ctx, o.ID)
}

var opDeclineRefund = huma.Operation{
	OperationID: "decline-refund",
	Method:      http.MethodPost,
	Path:        "/api/v1/orgs/{orgId}/orders/{orderId}/refund/decline",
	Tags:        []string{"orders"},
	Summary:     "Decline the shopper's refund request (owner, manager)",
}

func (s *Server) declineRefund(ctx context.Context, in *brandClaimInput) (*orderOutput, error) {
	if _, err := s.Commerce.DeclineRefund(ctx, in.OrgID, in.OrderID, in.Body.Reason, brandActor(ctx)); err != nil {
		return nil, err
	}
	return s.orderOut(ctx, in.OrderID)
}

var opCancelBrandOrder = huma.Operation{
	OperationID: "cancel-brand-order",
	Method:      http.MethodPost,
	Path:        "/api/v1/orgs/{orgId}/orders/{orderId}/cancel",
	Tags:        []string{"orders"},
	Summary:     "Cancel an unpaid order (all brand staff)",
}

func (s *Server) cancelBrandOrder(ctx context.Context, in *brandOrderInput) (*orderOutput, error) {
	if _, err := s.Commerce.BrandOrder(ctx, in.OrgID, in.OrderID); err != nil {
		return nil, err
	}
	actor := commerce.Actor{Kind: commerce.ActorBrand, ID: caller(ctx).User.ID, Brand: in.OrgID}
	if _, err := s.Commerce.CancelUnpaid(ctx, in.OrderID, actor, "cancelled by the brand"); err != nil {
		return nil, err
	}
	return s.orderOut(ctx, in.OrderID)
}

var opAdminResolveDispute = huma.Operation{
	OperationID: "admin-resolve-dispute",
	Method:      http.MethodPost,
	Path:        "/api/v1/admin/orders/{orderId}/dispute/resolve",
	Tags:        []string{"admin"},
	Summary:     "Decide an order's dispute",
	Description: "For the shopper the held amount is refunded; for the brand it is released. What is left " +
		"of the payment settles.",
}

func (s *Server) adminResolveDispute(ctx context.Context, in *resolveDisputeInput) (*orderOutput, error) {
	if _,
		err := s.Commerce.ResolveDispute(ctx, in.OrderID, in.Body.ForShopper,
		commerce.Actor{Kind: commerce.ActorAdmin, ID: caller(ctx).User.ID}, in.Body.Reason); err != nil {
		return nil, err
	}
	return s.orderOut(ctx, in.OrderID)
}

func (s *Server) orderOut(ctx context.Context, id string) (*orderOutput, error) {
	o, err := s.Commerce.Order(ctx, id)
	if err != nil {
		return nil, err
	}
	return s.withTransitions(ctx, o)
}
