package api

import (
	"context"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/soukhq/souk/commerce"
	"github.com/soukhq/souk/payments/money"
)

// Coupons (issue 17): brands issue batches, operators may issue
// platform-funded ones, shoppers claim them and apply one to an unpaid order
// at checkout; the host computes the discount (commerce/coupon.go).

// CouponView is a coupon batch.
type CouponView struct {
	ID         string    `json:"id"`
	BrandID    string    `json:"brand_id"`
	Name       string    `json:"name"`
	Kind       string    `json:"kind" enum:"amount,percent"`
	Currency   string    `json:"currency"`
	AmountOff  string    `json:"amount_off,omitempty"`
	PercentOff string    `json:"percent_off,omitempty" doc:"\"15.00\" for 15 %"`
	MaxOff     string    `json:"max_off,omitempty" doc:"Percent coupons: the most taken off"`
	MinSpend   string    `json:"min_spend"`
	StartsAt   time.Time `json:"starts_at"`
	EndsAt     time.Time `json:"ends_at"`
	Quantity   int64     `json:"quantity"`
	Claimed    int64     `json:"claimed"`
	PerShopper int       `json:"per_shopper"`
	FundedBy   string    `json:"funded_by" enum:"brand,platform"`
	Status     string    `json:"status" enum:"active,disabled"`
	CreatedAt  time.Time `json:"created_at"`
}

func couponView(c commerce.Coupon) CouponView {
	v := CouponView{ID: c.ID, BrandID: c.BrandID, Name: c.Name, Kind: c.Kind, Currency: c.Currency,
		MinSpend: formatMinor(c.Currency, int64(c.MinSpend)), StartsAt: ts(c.StartsAt), EndsAt: ts(c.EndsAt), Quantity: c.Quantity,
		Claimed: c.Claimed, PerShopper: c.PerShopper, FundedBy: c.FundedBy, Status: c.Status, CreatedAt: ts(c.CreatedAt)}
	if c.Kind == commerce.CouponAmount {
		v.AmountOff = formatMinor(c.Currency, int64(c.AmountOff))
	} else {
		v.PercentOff = money.Format(money.Currency{Exponent: 2}, money.Amount(c.PercentBps))
		if c.MaxOff > 0 {
			v.MaxOff = formatMinor(c.Currency, int64(c.MaxOff))
		}
	}
	return v
}

type couponOutput struct{ Body CouponView }

// CouponClaimView is one of the shopper's coupons.
type CouponClaimView struct {
	ID        string     `json:"id"`
	Status    string     `json:"status" enum:"available,used"`
	Via       string     `json:"via"`
	OrderID   string     `json:"order_id,omitempty"`
	ClaimedAt time.Time  `json:"claimed_at"`
	Coupon    CouponView `json:"coupon"`
}

func couponClaimView(k commerce.Claim) CouponClaimView {
	return CouponClaimView{ID: k.ID, Status: k.Status, Via: k.Via, OrderID: k.OrderID, ClaimedAt: ts(k.ClaimedAt), Coupon: couponView(k.Coupon)}
}

type couponClaimOutput struct{ Body CouponClaimView }

// CheckoutCouponView is a coupon the checkout offers for an order.
type CheckoutCouponView struct {
	Claim    CouponClaimView `json:"claim"`
	Discount string          `json:"discount" doc:"What it takes off this order"`
	Reason   string          `json:"reason,omitempty" doc:"The error code saying why it does not apply"`
	Applied  bool            `json:"applied"`
}

type couponBody struct {
	Name       string    `json:"name" minLength:"1" maxLength:"80"`
	Kind       string    `json:"kind" enum:"amount,percent"`
	Currency   string    `json:"currency" minLength:"3" maxLength:"3"`
	AmountOff  string    `json:"amount_off,omitempty" maxLength:"32"`
	PercentOff string    `json:"percent_off,omitempty" maxLength:"6" doc:"0.01 to 99.99"`
	MaxOff     string    `json:"max_off,omitempty" maxLength:"32"`
	MinSpend   string    `json:"min_spend,omitempty" maxLength:"32"`
	StartsAt   time.Time `json:"starts_at"`
	EndsAt     time.Time `json:"ends_at"`
	Quantity   int64     `json:"quantity" minimum:"1" maximum:"1000000"`
	PerShopper int       `json:"per_shopper,omitempty" minimum:"1" maximum:"100" doc:"Default 1"`
	FundedBy   string    `json:"funded_by,omitempty" enum:"brand,platform" doc:"Default brand; only an operator (the admin route) issues platform-funded coupons"`
}

func (b couponBody) input(fundedBy string) (commerce.CouponInput, error) {
	in := commerce.CouponInput{Name: b.Name, Kind: b.Kind, Currency: b.Currency, StartsAt: b.StartsAt, EndsAt: b.EndsAt,
		Quantity: b.Quantity, PerShopper: b.PerShopper, FundedBy: fundedBy}
	var err error
	if in.AmountOff, err = parseAmount(b.Currency, b.AmountOff); err != nil {
		return in, err
	}
	if in.MaxOff, err = parseAmount(b.Currency, b.MaxOff); err != nil {
		return in, err
	}
	if in.MinSpend, err = parseAmount(b.Currency, b.MinSpend); err != nil {
		return in, err
	}
	if b.PercentOff != "" {
		p, err := money.ParsePositive(money.Currency{Code: "PCT", Exponent: 2, Max: 9999}, b.PercentOff)
		if err != nil {
			return in, Fail(http.StatusBadRequest, "invalid_request", "percent_off is 0.01 to 99.99")
		}
		in.PercentBps = money.Bps(p)
	}
	return in, nil
}

type createCouponInput struct {
	OrgID string `path:"orgId" maxLength:"64"`
	Body  couponBody
}

type adminCreateCouponInput struct {
	BrandID string `path:"brandId" maxLength:"64"`
	Body    couponBody
}

type updateCouponInput struct {
	OrgID    string `path:"orgId" maxLength:"64"`
	CouponID string `path:"couponId" maxLength:"64"`
	Body     struct {
		Status string `json:"status" enum:"active,disabled"`
	}
}

type couponIDInput struct {
	CouponID string `path:"couponId" maxLength:"64"`
}

type claimCouponInput struct {
	CouponID string `path:"couponId" maxLength:"64"`
	Body     struct {
		Via string `json:"via,omitempty" enum:"shell,chat,link,api" doc:"Where the shopper claimed it (default api)"`
	}
}

type orderCouponsInput struct {
	OrderID string `path:"orderId" maxLength:"64"`
	PageParams
}

type applyCouponInput struct {
	OrderID string `path:"orderId" maxLength:"64"`
	Body    struct {
		ClaimID string `json:"claim_id" maxLength:"64" doc:"One of my coupons; empty removes the order's coupon"`
	}
}

func (s *Server) registerCoupons() {
	if s.Commerce == nil {
		return
	}
	Register(s, brandWrite, opCreateBrandCoupon, s.createBrandCoupon)
	Register(s, brandRead, opListBrandCoupons, s.listBrandCoupons)
	Register(s, brandWrite, opUpdateBrandCoupon, s.updateBrandCoupon)
	Register(s, Admin, opAdminCreateCoupon, s.adminCreateCoupon)
	Register(s, Public, opGetCoupon, s.getCoupon)
	Register(s, User, opClaimCoupon, s.claimCoupon)
	Register(s, User, opListMyCoupons, s.listMyCoupons)
	Register(s, User, opListOrderCoupons, s.listOrderCoupons)
	Register(s, User, opApplyOrderCoupon, s.applyOrderCoupon)
}

var opCreateBrandCoupon = huma.Operation{
	OperationID:   "create-brand-coupon",
	Method:        http.MethodPost,
	Path:          "/api/v1/orgs/{orgId}/coupons",
	Tags:          []string{"coupons"},
	Summary:       "Issue a coupon batch funded by the brand (owner, manager)",
	DefaultStatus: http.StatusCreated,
}

func (s *Server) createBrandCoupon(ctx context.Context, in *createCouponInput) (*couponOutput, error) {
	if in.Body.FundedBy == commerce.FundedByPlatform {
		return nil, Fail(http.StatusForbidden, "forbidden", "only an operator issues platform-funded coupons")
	}
	ci, err := in.Body.input(commerce.FundedByBrand)
	if err != nil {
		return nil, err
	}
	c, err := s.Commerce.CreateCoupon(ctx, in.OrgID, ci, commerce.Actor{Kind: commerce.ActorBrand, ID: caller(ctx).User.ID, Brand: in.OrgID})
	if err != nil {
		return nil, err
	}
	return &couponOutput{Body: couponView(c)}, nil
}

var opListBrandCoupons = huma.Operation{
	OperationID: "list-brand-coupons",
	Method:      http.MethodGet,
	Path:        "/api/v1/orgs/{orgId}/coupons",
	Tags:        []string{"coupons"},
	Summary:     "The brand's coupon batches, newest first",
}

func (s *Server) listBrandCoupons(ctx context.Context, in *orgPageInput) (*pageOutput[CouponView], error) {
	cs, err := s.Commerce.BrandCoupons(ctx, in.OrgID, false)
	if err != nil {
		return nil, err
	}
	views := make([]CouponView, len(cs))
	for i, c := range cs {
		views[i] = couponView(c)
	}
	id := func(v CouponView) string { return v.ID }
	return listPage(ctx, in.PageParams, id, sliceFetch(views, id))
}

var opUpdateBrandCoupon = huma.Operation{
	OperationID: "update-brand-coupon",
	Method:      http.MethodPatch,
	Path:        "/api/v1/orgs/{orgId}/coupons/{couponId}",
	Tags:        []string{"coupons"},
	Summary:     "Stop or resume a coupon batch (owner, manager)",
	Description: "A disabled coupon can be neither claimed nor applied; claims already made stay.",
}

func (s *Server) updateBrandCoupon(ctx context.Context, in *updateCouponInput) (*couponOutput, error) {
	c, err := s.Commerce.SetCouponStatus(ctx, in.OrgID, in.CouponID, in.Body.Status == "active")
	if err != nil {
		return nil, err
	}
	return &couponOutput{Body: couponView(c)}, nil
}

var opAdminCreateCoupon = huma.Operation{
	OperationID:   "admin-create-coupon",
	Method:        http.MethodPost,
	Path:          "/api/v1/admin/brands/{brandId}/coupons",
	Tags:          []string{"admin"},
	Summary:       "Issue a coupon batch for a brand, funded by the platform or the brand",
	Description:   "A platform-funded discount is paid to the brand from the marketing account at settlement.",
	DefaultStatus: http.StatusCreated,
}

func (s *Server) adminCreateCoupon(ctx context.Context, in *adminCreateCouponInput) (*couponOutput, error) {
	if _, err := s.Identity.Org(ctx, in.BrandID); err != nil {
		return nil, Fail(http.StatusNotFound, "not_found", "no such brand")
	}
	ci, err := in.Body.input(in.Body.FundedBy)
	if err != nil {
		return nil, err
	}
	c, err := s.Commerce.CreateCoupon(ctx, in.BrandID, ci, commerce.Actor{Kind: commerce.ActorAdmin, ID: caller(ctx).User.ID})
	if err != nil {
		return nil, err
	}
	return &couponOutput{Body: couponView(c)}, nil
}

var opGetCoupon = huma.Operation{
	OperationID: "get-coupon",
	Method:      http.MethodGet,
	Path:        "/api/v1/coupons/{couponId}",
	Tags:        []string{"coupons"},
	Summary:     "A coupon, as a claim link shows it",
}

func (s *Server) getCoupon(ctx context.Context, in *couponIDInput) (*couponOutput, error) {
	c, err := s.Commerce.Coupon(ctx, in.CouponID)
	if err != nil {
		return nil, err
	}
	return &couponOutput{Body: couponView(c)}, nil
}

var opClaimCoupon = huma.Operation{
	OperationID: "claim-coupon",
	Method:      http.MethodPost,
	Path:        "/api/v1/coupons/{couponId}/claim",
	Tags:        []string{"coupons"},
	Summary:     "Claim a coupon",
	Description: "409 coupon_sold_out when the batch is gone, coupon_limit_reached past the per-shopper limit, coupon_not_valid outside its window or when disabled.",
}

func (s *Server) claimCoupon(ctx context.Context, in *claimCouponInput) (*couponClaimOutput, error) {
	via := in.Body.Via
	if via == "" {
		via = commerce.ClaimViaAPI
	}
	k, err := s.Commerce.ClaimCoupon(ctx, commerce.ClaimInput{CouponID: in.CouponID, ShopperID: caller(ctx).User.ID, Via: via})
	if err != nil {
		return nil, err
	}
	return &couponClaimOutput{Body: couponClaimView(k)}, nil
}

var opListMyCoupons = huma.Operation{
	OperationID: "list-my-coupons",
	Method:      http.MethodGet,
	Path:        "/api/v1/me/coupons",
	Tags:        []string{"coupons"},
	Summary:     "My coupons, newest first",
}

func (s *Server) listMyCoupons(ctx context.Context, in *myPageInput) (*pageOutput[CouponClaimView], error) {
	ks, err := s.Commerce.MyCoupons(ctx, caller(ctx).User.ID, "", false)
	if err != nil {
		return nil, err
	}
	views := make([]CouponClaimView, len(ks))
	for i, k := range ks {
		views[i] = couponClaimView(k)
	}
	id := func(v CouponClaimView) string { return v.ID }
	return listPage(ctx, in.PageParams, id, sliceFetch(views, id))
}

var opListOrderCoupons = huma.Operation{
	OperationID: "list-order-coupons",
	Method:      http.MethodGet,
	Path:        "/api/v1/orders/{orderId}/coupons",
	Tags:        []string{"coupons"},
	Summary:     "My coupons for one of my orders, with what each takes off",
}

func (s *Server) listOrderCoupons(ctx context.Context, in *orderCouponsInput) (*pageOutput[CheckoutCouponView], error) {
	cs, err := s.Commerce.CheckoutCoupons(ctx, caller(ctx).User.ID, in.OrderID)
	if err != nil {
		return nil, err
	}
	views := make([]CheckoutCouponView, len(cs))
	for i, c := range cs {
		views[i] = CheckoutCouponView{Claim: couponClaimView(c.Claim), Discount: formatMinor(c.Claim.Coupon.Currency, int64(c.Discount)),
			Reason: c.Reason, Applied: c.Applied}
	}
	id := func(v CheckoutCouponView) string { return v.Claim.ID }
	return listPage(ctx, in.PageParams, id, sliceFetch(views, id))
}

var opApplyOrderCoupon = huma.Operation{
	OperationID: "apply-order-coupon",
	Method:      http.MethodPost,
	Path:        "/api/v1/orders/{orderId}/coupon",
	Tags:        []string{"coupons"},
	Summary:     "Apply one of my coupons to my unpaid order (or remove it)",
	Description: "The host computes the discount; the order's total and its payment request change together.",
}

func (s *Server) applyOrderCoupon(ctx context.Context, in *applyCouponInput) (*orderOutput, error) {
	o, err := s.Commerce.ApplyCoupon(ctx, caller(ctx).User.ID, in.OrderID, in.Body.ClaimID)
	if err != nil {
		return nil, err
	}
	return &orderOutput{Body: orderView(o)}, nil
}
