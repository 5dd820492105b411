package api

import (
	"context"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/soukhq/souk/commerce"
	"github.com/soukhq/souk/payments"
)

// Payment codes (issue 17): a brand's static code, on which the shopper
// enters the amount, and single-use dynamic codes for an amount. The
// shopper pays with the PIN and the money goes straight to the brand
// (payments/payments_paycode.go).

// PayCodeView is a payment code.
type PayCodeView struct {
	ID        string     `json:"id"`
	BrandID   string     `json:"brand_id"`
	BrandName string     `json:"brand_name,omitempty"`
	Kind      string     `json:"kind" enum:"static,dynamic"`
	Currency  string     `json:"currency"`
	Amount    string     `json:"amount,omitempty" doc:"Dynamic codes: the amount to pay"`
	Note      string     `json:"note,omitempty"`
	Status    string     `json:"status" enum:"active,paid,disabled"`
	Path      string     `json:"path" doc:"/pay/{id}: where a shopper pays it in the shell"`
	ExpiresAt *time.Time `json:"expires_at,omitempty"`
	CreatedAt time.Time  `json:"created_at"`
	PaidAt    *time.Time `json:"paid_at,omitempty"`
}

func payCodeView(c payments.PayCode) PayCodeView {
	v := PayCodeView{ID: c.ID, BrandID: c.BrandID, Kind: c.Kind, Currency: c.Currency, Note: c.Note, Status: c.Status,
		Path: commerce.PayCodePath(c.ID), ExpiresAt: tsPtr(c.ExpiresAt), CreatedAt: ts(c.CreatedAt), PaidAt: tsPtr(c.PaidAt)}
	if c.Kind == payments.PayCodeDynamic {
		v.Amount = formatMinor(c.Currency, int64(c.Amount))
	}
	return v
}

type payCodeOutput struct{ Body PayCodeView }

// PayCodePaymentView is the receipt of a payment through a code.
type PayCodePaymentView struct {
	ID        string    `json:"id"`
	CodeID    string    `json:"code_id"`
	BrandID   string    `json:"brand_id"`
	ShopperID string    `json:"shopper_id"`
	Currency  string    `json:"currency"`
	Amount    string    `json:"amount"`
	Fee       string    `json:"fee" doc:"The platform's fee, taken from the amount"`
	Net       string    `json:"net" doc:"What the brand received"`
	CreatedAt time.Time `json:"created_at"`
}

func payCodePaymentView(p payments.PayCodePayment) PayCodePaymentView {
	return PayCodePaymentView{ID: p.ID, CodeID: p.CodeID, BrandID: p.BrandID, ShopperID: p.ShopperID, Currency: p.Currency,
		Amount: formatMinor(p.Currency, int64(p.Amount)), Fee: formatMinor(p.Currency, int64(p.Fee)),
		Net: formatMinor(p.Currency, int64(p.Net)), CreatedAt: ts(p.CreatedAt)}
}

type payCodePaymentOutput struct{ Body PayCodePaymentView }

type orgPageInput struct {
	OrgID string `path:"orgId" maxLength:"64"`
	PageParams
}

type createPayCodeInput struct {
	OrgID string `path:"orgId" maxLength:"64"`
	Body  struct {
		Currency   string `json:"currency" minLength:"3" maxLength:"3"`
		Amount     string `json:"amount" maxLength:"32"`
		Note       string `json:"note,omitempty" maxLength:"400"`
		TTLSeconds int    `json:"ttl_seconds,omitempty" minimum:"60" maximum:"86400" doc:"Default 900"`
	}
}

type staticPayCodeInput struct {
	OrgID string `path:"orgId" maxLength:"64"`
	Body  struct {
		Currency string `json:"currency" minLength:"3" maxLength:"3"`
	}
}

type updatePayCodeInput struct {
	OrgID  string `path:"orgId" maxLength:"64"`
	CodeID string `path:"codeId" maxLength:"64"`
	Body   struct {
		Status string `json:"status" enum:"active,disabled"`
	}
}

type payCodeIDInput struct {
	CodeID string `path:"codeId" maxLength:"64"`
}

type payPayCodeInput struct {
	CodeID string `path:"codeId" maxLength:"64"`
	Body   struct {
		ClientID string `json:"client_id" minLength:"1" maxLength:"100" doc:"Your idempotency key: a retry with it returns the first payment"`
		Amount   string `json:"amount,omitempty" maxLength:"32" doc:"Static codes: the amount you pay. Dynamic codes: omit (or the code's amount)"`
		PIN      string `json:"pin" minLength:"6" maxLength:"6" pattern:"^[0-9]{6}$" doc:"The shopper's payment PIN"`
	}
}

type myPageInput struct {
	PageParams
}

func (s *Server) registerPayCodes() {
	if s.Payments == nil || s.Commerce == nil {
		return
	}
	Register(s, brandRead, opListBrandPayCodes, s.listBrandPayCodes)
	Register(s, brandWrite, opCreateBrandPayCode, s.createBrandPayCode)
	Register(s, brandWrite, opBrandStaticPayCode, s.brandStaticPayCode)
	Register(s, brandWrite, opUpdateBrandPayCode, s.updateBrandPayCode)
	Register(s, brandRead, opListBrandPayCodePayments, s.listBrandPayCodePayments)
	Register(s, User, opGetPayCode, s.getPayCode)
	Register(s, Public, opGetPayCodeQR, s.getPayCodeQR)
	Register(s, User, opPayPayCode, s.payPayCode)
	Register(s, User, opListMyPayCodePayments, s.listMyPayCodePayments)
}

var opListBrandPayCodes = huma.Operation{
	OperationID: "list-brand-payment-codes",
	Method:      http.MethodGet,
	Path:        "/api/v1/orgs/{orgId}/payment-codes",
	Tags:        []string{"payment codes"},
	Summary:     "The brand's payment codes, newest first",
}

func (s *Server) listBrandPayCodes(ctx context.Context, in *orgPageInput) (*pageOutput[PayCodeView], error) {
	cs, err := s.Payments.BrandPayCodes(ctx, in.OrgID, 200)
	if err != nil {
		return nil, err
	}
	views := make([]PayCodeView, len(cs))
	for i, c := range cs {
		views[i] = payCodeView(c)
	}
	id := func(v PayCodeView) string { return v.ID }
	return listPage(ctx, in.PageParams, id, sliceFetch(views, id))
}

var opCreateBrandPayCode = huma.Operation{
	OperationID:   "create-brand-payment-code",
	Method:        http.MethodPost,
	Path:          "/api/v1/orgs/{orgId}/payment-codes",
	Tags:          []string{"payment codes"},
	Summary:       "Create a single-use payment code for an amount (owner, manager)",
	Description:   "Paid once, by the first shopper to confirm with their PIN; expires after ttl_seconds.",
	DefaultStatus: http.StatusCreated,
}

func (s *Server) createBrandPayCode(ctx context.Context, in *createPayCodeInput) (*payCodeOutput, error) {
	amt, err := parseAmount(in.Body.Currency, in.Body.Amount)
	if err != nil {
		return nil, err
	}
	c, err := s.Payments.CreatePayCode(ctx, payments.NewPayCode{BrandID: in.OrgID, CreatedBy: caller(ctx).User.ID, Currency: in.Body.Currency,
		Amount: amt, Note: in.Body.Note, TTL: time.Duration(in.Body.TTLSeconds) * time.Second})
	if err != nil {
		return nil, err
	}
	return &payCodeOutput{Body: payCodeView(c)}, nil
}

var opBrandStaticPayCode = huma.Operation{
	OperationID: "brand-static-payment-code",
	Method:      http.MethodPost,
	Path:        "/api/v1/orgs/{orgId}/payment-codes/static",
	Tags:        []string{"payment codes"},
	Summary:     "The brand's static payment code for a currency (owner, manager)",
	Description: "Made the first time it is asked for; the shopper enters the amount.",
}

func (s *Server) brandStaticPayCode(ctx context.Context, in *staticPayCodeInput) (*payCodeOutput, error) {
	c, err := s.Payments.StaticPayCode(ctx, in.OrgID, in.Body.Currency, caller(ctx).User.ID)
	if err != nil {
		return nil, err
	}
	return &payCodeOutput{Body: payCodeView(c)}, nil
}

var opUpdateBrandPayCode = huma.Operation{
	OperationID: "update-brand-payment-code",
	Method:      http.MethodPatch,
	Path:        "/api/v1/orgs/{orgId}/payment-codes/{codeId}",
	Tags:        []string{"payment codes"},
	Summary:     "Disable or re-enable a payment code (owner, manager)",
}

func (s *Server) updateBrandPayCode(ctx context.Context, in *updatePayCodeInput) (*payCodeOutput, error) {
	c, err := s.Payments.SetPayCodeStatus(ctx, in.OrgID, in.CodeID, in.Body.Status == "active")
	if err != nil {
		return nil, err
	}
	return &payCodeOutput{Body: payCodeView(c)}, nil
}

var opListBrandPayCodePayments = huma.Operation{
	OperationID: "list-brand-payment-code-payments",
	Method:      http.MethodGet,
	Path:        "/api/v1/orgs/{orgId}/payment-code-payments",
	Tags:        []string{"payment codes"},
	Summary:     "Receipts of payments to the brand's codes, newest first",
}

func (s *Server) listBrandPayCodePayments(ctx context.Context, in *orgPageInput) (*pageOutput[PayCodePaymentView], error) {
	return s.payCodePayments(ctx, in.OrgID, "", in.PageParams)
}

func (s *Server) payCodePayments(ctx context.Context, brandID, shopperID string, p PageParams) (*pageOutput[PayCodePaymentView], error) {
	ps, err := s.Payments.PayCodePayments(ctx, brandID, shopperID, 200)
	if err != nil {
		return nil, err
	}
	views := make([]PayCodePaymentView, len(ps))
	for i, x := range ps {
		views[i] = payCodePaymentView(x)
	}
	id := func(v PayCodePaymentView) string { return v.ID }
	return listPage(ctx, p, id, sliceFetch(views, id))
}

var opGetPayCode = huma.Operation{
	OperationID: "get-payment-code",
	Method:      http.MethodGet,
	Path:        "/api/v1/payment-codes/{codeId}",
	Tags:        []string{"payment codes"},
	Summary:     "What a payment code asks for",
	Description: "The brand, the amount (dynamic codes) and whether it can still be paid.",
}

func (s *Server) getPayCode(ctx context.Context, in *payCodeIDInput) (*payCodeOutput, error) {
	c, err := s.Payments.PayCode(ctx, in.CodeID)
	if err != nil {
		return nil, err
	}
	v := payCodeView(c)
	if o, err := s.Identity.Org(ctx, c.BrandID); err == nil {
		v.BrandName = o.Name
	}
	return &payCodeOutput{Body: v}, nil
}

var opGetPayCodeQR = huma.Operation{
	OperationID: "get-payment-code-qr-png",
	Method:      http.MethodGet,
	Path:        "/api/v1/payment-codes/{codeId}/qr.png",
	Tags:        []string{"payment codes"},
	Summary:     "The payment code's QR code as a 512×512 PNG",
	Responses:   map[string]*huma.Response{"200": {Description: "PNG", Content: map[string]*huma.MediaType{"image/png": {}}}},
}

func (s *Server) getPayCodeQR(ctx context.Context, in *payCodeIDInput) (*qrOutput, error) {
	c, err := s.Payments.PayCode(ctx, in.CodeID)
	if err != nil {
		return nil, err
	}
	return drawQR(requestOrigin(ctx)+commerce.PayCodePath(c.ID), "souk payment code", false)
}

var opPayPayCode = huma.Operation{
	OperationID: "pay-payment-code",
	Method:      http.MethodPost,
	Path:        "/api/v1/payment-codes/{codeId}/pay",
	Tags:        []string{"payment codes"},
	Summary:     "Pay a payment code with my PIN",
	Description: "A dynamic code is paid once: a second payer gets 409 payment_code_used; an expired one 409 payment_code_expired.",
}

func (s *Server) payPayCode(ctx context.Context, in *payPayCodeInput) (*payCodePaymentOutput, error) {
	c, err := s.Payments.PayCode(ctx, in.CodeID)
	if err != nil {
		return nil, err
	}
	amt, err := parseAmount(c.Currency, in.Body.Amount)
	if err != nil {
		return nil, err
	}
	p, err := s.Payments.PayPayCode(ctx, payments.PayCodeInput{CodeID: c.ID, ShopperID: caller(ctx).User.ID, ClientID: in.Body.ClientID,
		Amount: amt, PIN: in.Body.PIN})
	if err != nil {
		return nil, err
	}
	return &payCodePaymentOutput{Body: payCodePaymentView(p)}, nil
}

var opListMyPayCodePayments = huma.Operation{
	OperationID: "list-my-payment-code-payments",
	Method:      http.MethodGet,
	Path:        "/api/v1/me/payment-code-payments",
	Tags:        []string{"payment codes"},
	Summary:     "My payments to brands' payment codes, newest first",
}

func (s *Server) listMyPayCodePayments(ctx context.Context, in *myPageInput) (*pageOutput[PayCodePaymentView], error) {
	return s.payCodePayments(ctx, "", caller(ctx).User.ID, in.PageParams)
}
