package api

import (
	"context"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/soukhq/souk/commerce"
	"github.com/soukhq/souk/payments"
	"github.com/soukhq/souk/payments/money"
)

// Points (issue 17): shoppers' loyalty points per brand (earned on
// completion, spent at checkout after the coupon), brands' loyalty
// settings and liability, operators' merchant incentive campaigns and
// brands' incentive points redeemed for fee rebates. Amounts of money are
// decimal strings; points are whole numbers.

// MyPointsView is what I hold with one brand.
type MyPointsView struct {
	BrandID    string     `json:"brand_id"`
	Points     int64      `json:"points"`
	Currency   string     `json:"currency,omitempty"`
	PointValue string     `json:"point_value,omitempty" doc:"What one point takes off at checkout"`
	Value      string     `json:"value,omitempty"`
	NextExpiry *time.Time `json:"next_expiry,omitempty"`
	Expiring   int64      `json:"expiring" doc:"Points expiring at next_expiry"`
}

func myPointsView(p commerce.ShopperPoints) MyPointsView {
	v := MyPointsView{BrandID: p.BrandID, Points: p.Points, Currency: p.Currency, Expiring: p.Expiring}
	if p.Currency != "" {
		v.PointValue, v.Value = formatMinor(p.Currency, int64(p.PointValue)), formatMinor(p.Currency, int64(p.Value))
	}
	if p.NextExpiry > 0 {
		t := ts(p.NextExpiry)
		v.NextExpiry = &t
	}
	return v
}

// PointsEntryView is one line of a points statement.
type PointsEntryView struct {
	ID        string    `json:"id"`
	Code      string    `json:"code" doc:"points_earn, points_redeem, points_return, points_expire, points_award, points_rebate"`
	Reference string    `json:"reference"`
	Points    int64     `json:"points" doc:"Positive in, negative out"`
	At        time.Time `json:"at"`
}

func pointsEntryViews(es []payments.PointsEntry) []PointsEntryView {
	out := make([]PointsEntryView, len(es))
	for i, e := range es {
		out[i] = PointsEntryView{ID: e.TransferID, Code: e.Code, Reference: e.Reference, Points: e.Points, At: ts(e.At)}
	}
	return out
}

// CheckoutPointsView is what the checkout offers in points for an order.
type CheckoutPointsView struct {
	Available  bool   `json:"available"`
	Reason     string `json:"reason,omitempty"`
	Balance    int64  `json:"balance"`
	Max        int64  `json:"max" doc:"The most points this order can take now"`
	PointValue string `json:"point_value"`
	Currency   string `json:"currency"`
	Used       int64  `json:"used"`
	Discount   string `json:"discount"`
}

// LoyaltyView is a brand's loyalty settings and liability.
type LoyaltyView struct {
	BrandID         string `json:"brand_id"`
	Configured      bool   `json:"configured"`
	Status          string `json:"status" enum:"active,disabled"`
	Currency        string `json:"currency"`
	EarnPerUnit     int64  `json:"earn_per_unit" doc:"Points per whole major unit paid"`
	PointValue      string `json:"point_value"`
	ExpiryDays      int    `json:"expiry_days"`
	LiabilityPoints int64  `json:"liability_points" doc:"Points shoppers hold"`
	LiabilityValue  string `json:"liability_value" doc:"Their value at today's point value"`
}

// CampaignView is a merchant incentive campaign.
type CampaignView struct {
	ID               string    `json:"id"`
	Name             string    `json:"name"`
	Rule             string    `json:"rule" enum:"paycode"`
	Currency         string    `json:"currency"`
	MinAmount        string    `json:"min_amount"`
	PointsPerPayment int64     `json:"points_per_payment"`
	PointValue       string    `json:"point_value"`
	DailyCap         int64     `json:"daily_cap" doc:"Points per brand per UTC day (0: none)"`
	BrandCap         int64     `json:"brand_cap" doc:"Points per brand over the campaign (0: none)"`
	StartsAt         time.Time `json:"starts_at"`
	EndsAt           time.Time `json:"ends_at"`
	Status           string    `json:"status" enum:"active,disabled"`
	CreatedAt        time.Time `json:"created_at"`
}

func campaignView(c payments.Campaign) CampaignView {
	return CampaignView{ID: c.ID, Name: c.Name, Rule: c.Rule, Currency: c.Currency, MinAmount: formatMinor(c.Currency, int64(c.MinAmount)),
		PointsPerPayment: c.PointsPerPayment, PointValue: formatMinor(c.Currency, int64(c.PointValue)), DailyCap: c.DailyCap, BrandCap: c.BrandCap,
		StartsAt: ts(c.StartsAt), EndsAt: ts(c.EndsAt), Status: c.Status, CreatedAt: ts(c.CreatedAt)}
}

type campaignOutput struct{ Body CampaignView }

// IncentivePointsView is a brand's points in one campaign.
type IncentivePointsView struct {
	Campaign CampaignView `json:"campaign"`
	Points   int64        `json:"points"`
	Value    string       `json:"value"`
}

// RebateView is points a brand redeemed for a fee rebate.
type RebateView struct {
	ID         string    `json:"id"`
	CampaignID string    `json:"campaign_id"`
	Points     int64     `json:"points"`
	Currency   string    `json:"currency"`
	Amount     string    `json:"amount"`
	CreatedAt  time.Time `json:"created_at"`
}

func rebateView(r payments.Rebate) RebateView {
	return RebateView{ID: r.ID, CampaignID: r.CampaignID, Points: r.Points, Currency: r.Currency, Amount: formatMinor(r.Currency, int64(r.Amount)),
		CreatedAt: ts(r.CreatedAt)}
}

type brandPointsInput struct {
	BrandID string `path:"brandId" maxLength:"64"`
	PageParams
}

type orderPointsInput struct {
	OrderID string `path:"orderId" maxLength:"64"`
}

type applyPointsInput struct {
	OrderID string `path:"orderId" maxLength:"64"`
	Body    struct {
		Points int64 `json:"points" minimum:"0" maximum:"1000000000000" doc:"Points to spend on the order; 0 uses none"`
	}
}

type setLoyaltyInput struct {
	OrgID string `path:"orgId" maxLength:"64"`
	Body  struct {
		Status      string `json:"status" enum:"active,disabled"`
		Currency    string `json:"currency" minLength:"3" maxLength:"3"`
		EarnPerUnit int64  `json:"earn_per_unit" minimum:"0" maximum:"10000"`
		PointValue  string `json:"point_value" maxLength:"32"`
		ExpiryDays  int    `json:"expiry_days" minimum:"1" maximum:"3650"`
	}
}

type redeemRebateInput struct {
	OrgID      string `path:"orgId" maxLength:"64"`
	CampaignID string `path:"campaignId" maxLength:"64"`
	Body       struct {
		Points int64 `json:"points" minimum:"1" maximum:"1000000000000"`
	}
}

type campaignBody struct {
	Name             string    `json:"name" minLength:"1" maxLength:"200"`
	Rule             string    `json:"rule,omitempty" enum:"paycode" doc:"Qualifying payments: paycode (payment-code payments of at least min_amount)"`
	Currency         string    `json:"currency" minLength:"3" maxLength:"3"`
	MinAmount        string    `json:"min_amount,omitempty" maxLength:"32"`
	PointsPerPayment int64     `json:"points_per_payment" minimum:"1" maximum:"1000000"`
	PointValue       string    `json:"point_value" maxLength:"32"`
	DailyCap         int64     `json:"daily_cap,omitempty" minimum:"0" maximum:"1000000000000"`
	BrandCap         int64     `json:"brand_cap,omitempty" minimum:"0" maximum:"1000000000000"`
	StartsAt         time.Time `json:"starts_at"`
	EndsAt           time.Time `json:"ends_at"`
}

type createCampaignInput struct{ Body campaignBody }

type campaignIDInput struct {
	CampaignID string `path:"campaignId" maxLength:"64"`
}

type updateCampaignInput struct {
	CampaignID string `path:"campaignId" maxLength:"64"`
	Body       struct {
		Status string `json:"status" enum:"active,disabled"`
	}
}

func (s *Server) registerPoints() {
	if s.Commerce == nil {
		return
	}
	Register(s, User, opListMyPoints, s.listMyPoints)
	Register(s, User, opListMyPointsStatement, s.listMyPointsStatement)
	Register(s, User, opGetOrderPoints, s.getOrderPoints)
	Register(s, User, opApplyOrderPoints, s.applyOrderPoints)
	Register(s, brandRead, opGetBrandLoyalty, s.getBrandLoyalty)
	Register(s, brandWrite, opSetBrandLoyalty, s.setBrandLoyalty)
	Register(s, brandRead, opListBrandIncentivePoints, s.listBrandIncentivePoints)
	Register(s, brandWrite, opRedeemIncentiveRebate, s.redeemIncentiveRebate)
	Register(s, brandRead, opListBrandRebates, s.listBrandRebates)
	Register(s, Admin, opCreateCampaign, s.createCampaign)
	Register(s, Admin, opListCampaigns, s.listCampaigns)
	Register(s, Admin, opGetCampaign, s.getCampaign)
	Register(s, Admin, opUpdateCampaign, s.updateCampaign)
}

var opListMyPoints = huma.Operation{
	OperationID: "list-my-points",
	Method:      http.MethodGet,
	Path:        "/api/v1/me/points",
	Tags:        []string{"points"},
	Summary:     "My loyalty points, per brand",
}

func (s *Server) listMyPoints(ctx context.Context, in *myPageInput) (*pageOutput[MyPointsView], error) {
	ps, err := s.Commerce.MyPoints(ctx, caller(ctx).User.ID)
	if err != nil {
		return nil, err
	}
	views := make([]MyPointsView, len(ps))
	for i, p := range ps {
		views[i] = myPointsView(p)
	}
	return pageSlice(ctx, in.PageParams, views, func(v MyPointsView) string { return v.BrandID })
}

var opListMyPointsStatement = huma.Operation{
	OperationID: "list-my-points-statement",
	Method:      http.MethodGet,
	Path:        "/api/v1/me/points/{brandId}/statement",
	Tags:        []string{"points"},
	Summary:     "My points statement with one brand, newest first (at most 200)",
}

func (s *Server) listMyPointsStatement(ctx context.Context, in *brandPointsInput) (*pageOutput[PointsEntryView], error) {
	es, err := s.Commerce.MyPointsStatement(ctx, caller(ctx).User.ID, in.BrandID, 200)
	if err != nil {
		return nil, err
	}
	return pageSlice(ctx, in.PageParams, pointsEntryViews(es), func(v PointsEntryView) string { return v.ID })
}

var opGetOrderPoints = huma.Operation{
	OperationID: "get-order-points",
	Method:      http.MethodGet,
	Path:        "/api/v1/orders/{orderId}/points",
	Tags:        []string{"points"},
	Summary:     "What my points can take off my order",
}

func (s *Server) getOrderPoints(ctx context.Context, in *orderPointsInput) (*struct{ Body CheckoutPointsView }, error) {
	p, err := s.Commerce.CheckoutPointsFor(ctx, caller(ctx).User.ID, in.OrderID)
	if err != nil {
		return nil, err
	}
	return &struct{ Body CheckoutPointsView }{Body: CheckoutPointsView{Available: p.Available, Reason: p.Reason, Balance: p.Balance, Max: p.Max,
		PointValue: formatMinor(p.Currency, int64(p.PointValue)), Currency: p.Currency, Used: p.Used, Discount: formatMinor(p.Currency, int64(p.Discount))}}, nil
}

var opApplyOrderPoints = huma.Operation{
	OperationID: "apply-order-points",
	Method:      http.MethodPost,
	Path:        "/api/v1/orders/{orderId}/points",
	Tags:        []string{"points"},
	Summary:     "Spend my points on my unpaid order (0: none), after its coupon",
	Description: "The host computes the discount; the order's total and its payment request change together.",
}

func (s *Server) applyOrderPoints(ctx context.Context, in *applyPointsInput) (*orderOutput, error) {
	o, err := s.Commerce.ApplyPoints(ctx, caller(ctx).User.ID, in.OrderID, in.Body.Points)
	if err != nil {
		return nil, err
	}
	return &orderOutput{Body: orderView(o)}, nil
}

func (s *Server) loyaltyView(ctx context.Context, brandID string) (LoyaltyView, error) {
	v := LoyaltyView{BrandID: brandID, Status: "disabled"}
	p, err := s.Commerce.Loyalty(ctx, brandID)
	if err == nil {
		v.Configured, v.Status, v.Currency, v.EarnPerUnit, v.ExpiryDays = true, p.Status, p.Currency, p.EarnPerUnit, p.ExpiryDays
		v.PointValue = formatMinor(p.Currency, int64(p.PointValue))
	} else if commerce.Code(err) != commerce.ErrNotFound.Code {
		return v, err
	}
	l, err := s.Commerce.Liability(ctx, brandID)
	if err != nil {
		return v, err
	}
	v.LiabilityPoints = l.Points
	if l.Currency != "" {
		v.LiabilityValue = formatMinor(l.Currency, int64(l.Value))
	}
	return v, nil
}

var opGetBrandLoyalty = huma.Operation{
	OperationID: "get-brand-loyalty",
	Method:      http.MethodGet,
	Path:        "/api/v1/orgs/{orgId}/loyalty",
	Tags:        []string{"points"},
	Summary:     "The brand's loyalty settings and the points its shoppers hold",
}

func (s *Server) getBrandLoyalty(ctx context.Context, in *orgOnlyInput) (*struct{ Body LoyaltyView }, error) {
	v, err := s.loyaltyView(ctx, in.OrgID)
	if err != nil {
		return nil, err
	}
	return &struct{ Body LoyaltyView }{Body: v}, nil
}

var opSetBrandLoyalty = huma.Operation{
	OperationID: "set-brand-loyalty",
	Method:      http.MethodPut,
	Path:        "/api/v1/orgs/{orgId}/loyalty",
	Tags:        []string{"points"},
	Summary:     "Set the brand's loyalty programme: earn rate, point value, expiry (owner, manager)",
}

func (s *Server) setBrandLoyalty(ctx context.Context, in *setLoyaltyInput) (*struct{ Body LoyaltyView }, error) {
	if _, err := money.Lookup(in.Body.Currency); err != nil {
		return nil, Fail(http.StatusBadRequest, "unknown_currency", "unknown currency")
	}
	pv, err := parseAmount(in.Body.Currency, in.Body.PointValue)
	if err != nil {
		return nil, err
	}
	if _, err := s.Commerce.SetLoyalty(ctx, commerce.LoyaltyProgramme{BrandID: in.OrgID, Status: in.Body.Status, Currency: in.Body.Currency,
		EarnPerUnit: in.Body.EarnPerUnit, PointValue: pv, ExpiryDays: in.Body.ExpiryDays}); err != nil {
		return nil, err
	}
	return s.getBrandLoyalty(ctx, &orgOnlyInput{OrgID: in.OrgID})
}

var opListBrandIncentivePoints = huma.Operation{
	OperationID: "list-brand-incentive-points",
	Method:      http.MethodGet,
	Path:        "/api/v1/orgs/{orgId}/incentive-points",
	Tags:        []string{"points"},
	Summary:     "The brand's merchant incentive points, per campaign",
}

func (s *Server) listBrandIncentivePoints(ctx context.Context, in *orgPageInput) (*pageOutput[IncentivePointsView], error) {
	ps, err := s.Payments.BrandIncentivePoints(ctx, in.OrgID)
	if err != nil {
		return nil, err
	}
	views := make([]IncentivePointsView, len(ps))
	for i, p := range ps {
		views[i] = IncentivePointsView{Campaign: campaignView(p.Campaign), Points: p.Points, Value: formatMinor(p.Campaign.Currency, int64(p.Value))}
	}
	return pageSlice(ctx, in.PageParams, views, func(v IncentivePointsView) string { return v.Campaign.ID })
}

var opRedeemIncentiveRebate = huma.Operation{
	OperationID:   "redeem-incentive-rebate",
	Method:        http.MethodPost,
	Path:          "/api/v1/orgs/{orgId}/incentive-points/{campaignId}/rebates",
	Tags:          []string{"points"},
	Summary:       "Redeem the brand's points of a campaign for a fee rebate (owner, manager)",
	Description:   "points × the campaign's point value is paid to the brand's balance by the platform.",
	DefaultStatus: http.StatusCreated,
}

func (s *Server) redeemIncentiveRebate(ctx context.Context, in *redeemRebateInput) (*struct{ Body RebateView }, error) {
	r, err := s.Payments.RedeemRebate(ctx, in.OrgID, in.CampaignID, in.Body.Points, caller(ctx).User.ID)
	if err != nil {
		return nil, err
	}
	return &struct{ Body RebateView }{Body: rebateView(r)}, nil
}

var opListBrandRebates = huma.Operation{
	OperationID: "list-brand-rebates",
	Method:      http.MethodGet,
	Path:        "/api/v1/orgs/{orgId}/rebates",
	Tags:        []string{"points"},
	Summary:     "The brand's fee rebates, newest first",
}

func (s *Server) listBrandRebates(ctx context.Context, in *orgPageInput) (*pageOutput[RebateView], error) {
	rs, err := s.Payments.Rebates(ctx, in.OrgID)
	if err != nil {
		return nil, err
	}
	views := make([]RebateView, len(rs))
	for i, r := range rs {
		views[i] = rebateView(r)
	}
	return pageSlice(ctx, in.PageParams, views, func(v RebateView) string { return v.ID })
}

var opCreateCampaign = huma.Operation{
	OperationID:   "create-campaign",
	Method:        http.MethodPost,
	Path:          "/api/v1/admin/campaigns",
	Tags:          []string{"admin"},
	Summary:       "Start a merchant incentive campaign (operators)",
	DefaultStatus: http.StatusCreated,
}

func (b campaignBody) campaign(by string) (payments.Campaign, error) {
	if _, err := money.Lookup(b.Currency); err != nil {
		return payments.Campaign{}, Fail(http.StatusBadRequest, "unknown_currency", "unknown currency")
	}
	c := payments.Campaign{Name: b.Name, Rule: b.Rule, Currency: b.Currency, PointsPerPayment: b.PointsPerPayment, DailyCap: b.DailyCap,
		BrandCap: b.BrandCap, StartsAt: b.StartsAt.UnixMicro(), EndsAt: b.EndsAt.UnixMicro(), CreatedBy: by}
	var err error
	if c.MinAmount, err = parseAmount(b.Currency, b.MinAmount); err != nil {
		return c, err
	}
	if c.PointValue, err = parseAmount(b.Currency, b.PointValue); err != nil {
		return c, err
	}
	return c, nil
}

func (s *Server) createCampaign(ctx context.Context, in *createCampaignInput) (*campaignOutput, error) {
	c, err := in.Body.campaign(caller(ctx).User.ID)
	if err != nil {
		return nil, err
	}
	if c, err = s.Payments.CreateCampaign(ctx, c); err != nil {
		return nil, err
	}
	return &campaignOutput{Body: campaignView(c)}, nil
}

var opListCampaigns = huma.Operation{
	OperationID: "list-campaigns",
	Method:      http.MethodGet,
	Path:        "/api/v1/admin/campaigns",
	Tags:        []string{"admin"},
	Summary:     "Merchant incentive campaigns, newest first (operators)",
}

func (s *Server) listCampaigns(ctx context.Context, in *myPageInput) (*pageOutput[CampaignView], error) {
	cs, err := s.Payments.Campaigns(ctx)
	if err != nil {
		return nil, err
	}
	views := make([]CampaignView, len(cs))
	for i, c := range cs {
		views[i] = campaignView(c)
	}
	return pageSlice(ctx, in.PageParams, views, func(v CampaignView) string { return v.ID })
}

var opGetCampaign = huma.Operation{
	OperationID: "get-campaign",
	Method:      http.MethodGet,
	Path:        "/api/v1/admin/campaigns/{campaignId}",
	Tags:        []string{"admin"},
	Summary:     "One merchant incentive campaign (operators)",
}

func (s *Server) getCampaign(ctx context.Context, in *campaignIDInput) (*campaignOutput, error) {
	c, err := s.Payments.Campaign(ctx, in.CampaignID)
	if err != nil {
		return nil, err
	}
	return &campaignOutput{Body: campaignView(c)}, nil
}

var opUpdateCampaign = huma.Operation{
	OperationID: "update-campaign",
	Method:      http.MethodPatch,
	Path:        "/api/v1/admin/campaigns/{campaignId}",
	Tags:        []string{"admin"},
	Summary:     "Enable or disable a campaign (operators)",
}

func (s *Server) updateCampaign(ctx context.Context, in *updateCampaignInput) (*campaignOutput, error) {
	c, err := s.Payments.SetCampaignStatus(ctx, in.CampaignID, in.Body.Status == "active")
	if err != nil {
		return nil, err
	}
	return &campaignOutput{Body: campaignView(c)}, nil
}
