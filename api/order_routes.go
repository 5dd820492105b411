package api

import (
	"context"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/soukhq/souk/commerce"
	"github.com/soukhq/souk/payments/money"
)

// Orders, payments of orders, refunds and disputes. Amounts are decimal
// strings in the major unit of the order's currency; prices and totals are
// always computed by the host from the catalog.

// OrderLineView is one line of an order, priced when ordered.
type OrderLineView struct {
	SKUID     string            `json:"sku_id"`
	ProductID string            `json:"product_id"`
	Title     string            `json:"title"`
	Options   map[string]string `json:"options"`
	Qty       int64             `json:"qty"`
	UnitPrice string            `json:"unit_price"`
	LineTotal string            `json:"line_total"`
	Discount  string            `json:"discount" doc:"The line's share of the coupon discount: a refund of the whole line returns line_total - discount"`
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
	Total            string           `json:"total" doc:"What the shopper pays: subtotal - discount - points_discount"`
	Subtotal         string           `json:"subtotal" doc:"The line totals"`
	Discount         string           `json:"discount" doc:"The applied coupon's discount"`
	CouponClaimID    string           `json:"coupon_claim_id,omitempty"`
	DiscountFundedBy string           `json:"discount_funded_by,omitempty" enum:"brand,platform"`
	PointsUsed       int64            `json:"points_used" doc:"Loyalty points spent on the order, after the coupon"`
	PointsDiscount   string           `json:"points_discount" doc:"What the points took off: total = subtotal - discount - points_discount"`
	PointsReturned   int64            `json:"points_returned" doc:"Points given back by refunds or cancellation"`
	PointsEarned     int64            `json:"points_earned" doc:"Points the completed order earned"`
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
		Subtotal: formatMinor(o.Currency, int64(o.Subtotal)), Discount: formatMinor(o.Currency, int64(o.Discount)),
		CouponClaimID: o.CouponClaimID, DiscountFundedBy: o.DiscountFundedBy,
		PointsUsed: o.PointsUsed, PointsDiscount: formatMinor(o.Currency, int64(o.PointsDiscount)), PointsReturned: o.PointsReturned,
		PointsEarned: o.PointsEarned,
		State:        string(o.State),
		PrevState:    string(o.PrevState), PaymentRequestID: o.PaymentRequestID, PayBy: ts(o.PayBy),
		CreatedAt: ts(o.CreatedAt), PaidAt: tsPtr(o.PaidAt),
		DeliveredAt: tsPtr(o.DeliveredAt), CompletedAt: tsPtr(o.CompletedAt), Lines: []OrderLineView{}}
	for _, l := range o.Lines {
		v.Lines = append(v.Lines,
			OrderLineView{SKUID: l.SKUID, ProductID: l.ProductID, Title: l.Title, Options: l.Options, Qty: l.Qty,
				UnitPrice: formatMinor(o.Currency, int64(l.UnitPrice)),
				LineTotal: formatMinor(o.Currency, int64(l.LineTotal)), Discount: formatMinor(o.Currency, int64(l.Discount))})
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

type orderOutput struct{ Body OrderView }
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
	Amount string `json:"amount,omitempty" minLength:"1" maxLength:"32" doc:"Decimal string; omitted: everything allowed (an empty string is refused)"`
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

func (s *Server) registerOrders() {
	if s.Commerce == nil {
		return
	}
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
