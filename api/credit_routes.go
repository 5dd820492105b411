package api

import (
	"context"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/soukhq/souk/credit"
	"github.com/soukhq/souk/payments/money"
)

// Credit (credit/): a shopper's score with its factors, their credit line
// (limit, used, draws and due dates) and repayment with the PIN, and paying
// a request later from the line (the host's step, with the PIN, like
// confirm-payment); a brand's deposit SKUs, waiver threshold and the holds
// it releases or captures when items come back; operators' view of the
// platform's credit exposure. Amounts are decimal strings.

// CreditScoreView is a score with its explanation.
type CreditScoreView struct {
	Score   int             `json:"score" minimum:"300" maximum:"850"`
	Base    int             `json:"base"`
	Factors []credit.Factor `json:"factors" doc:"Each factor: what was counted and the points it gave"`
	At      time.Time       `json:"at"`
}

func creditScoreView(sc credit.Score) CreditScoreView {
	return CreditScoreView{Score: sc.Score, Base: sc.Base, Factors: sc.Factors, At: ts(sc.At)}
}

// CreditDrawView is one pay-later draw.
type CreditDrawView struct {
	ID        string     `json:"id"`
	OrderID   string     `json:"order_id"`
	Currency  string     `json:"currency"`
	Amount    string     `json:"amount"`
	Repaid    string     `json:"repaid"`
	Status    string     `json:"status" enum:"open,overdue,repaid"`
	Late      bool       `json:"late"`
	DueAt     time.Time  `json:"due_at"`
	CreatedAt time.Time  `json:"created_at"`
	RepaidAt  *time.Time `json:"repaid_at,omitempty"`
}

func creditDrawView(d credit.Draw) CreditDrawView {
	return CreditDrawView{ID: d.ID, OrderID: d.OrderID, Currency: d.Currency, Amount: formatMinor(d.Currency, int64(d.Amount)),
		Repaid: formatMinor(d.Currency, int64(d.Repaid)), Status: d.Status, Late: d.Late, DueAt: ts(d.DueAt),
		CreatedAt: ts(d.CreatedAt), RepaidAt: tsPtr(d.RepaidAt)}
}

// CreditLineView is a shopper's credit line in one currency.
type CreditLineView struct {
	Currency  string           `json:"currency"`
	Score     CreditScoreView  `json:"score"`
	Limit     string           `json:"limit" doc:"What the score gives now"`
	Used      string           `json:"used" doc:"Drawn and not repaid"`
	Available string           `json:"available"`
	Overdue   string           `json:"overdue"`
	NextDueAt *time.Time       `json:"next_due_at,omitempty"`
	Draws     []CreditDrawView `json:"draws" doc:"Newest first, at most 50"`
}

func creditLineView(l credit.Line) CreditLineView {
	v := CreditLineView{Currency: l.Currency, Score: creditScoreView(l.Score), Limit: formatMinor(l.Currency, int64(l.Limit)),
		Used: formatMinor(l.Currency, int64(l.Used)), Available: formatMinor(l.Currency, int64(l.Available)),
		Overdue: formatMinor(l.Currency, int64(l.Overdue)), NextDueAt: tsPtr(l.NextDueAt), Draws: []CreditDrawView{}}
	for _, d := range l.Draws {
		v.Draws = append(v.Draws, creditDrawView(d))
	}
	return v
}

// DepositView is an order's deposit.
type DepositView struct {
	ID         string     `json:"id"`
	OrderID    string     `json:"order_id"`
	ShopperID  string     `json:"shopper_id"`
	Currency   string     `json:"currency"`
	Amount     string     `json:"amount"`
	Score      int        `json:"score" doc:"The shopper's score at payment"`
	Threshold  int        `json:"threshold" doc:"The brand's waiver threshold then"`
	Status     string     `json:"status" enum:"waived,held,released,captured"`
	CreatedAt  time.Time  `json:"created_at"`
	ResolvedAt *time.Time `json:"resolved_at,omitempty"`
}

func depositView(d credit.Deposit) DepositView {
	return DepositView{ID: d.ID, OrderID: d.OrderID, ShopperID: d.ShopperID, Currency: d.Currency,
		Amount: formatMinor(d.Currency, int64(d.Amount)), Score: d.Score, Threshold: d.Threshold, Status: d.Status,
		CreatedAt: ts(d.CreatedAt), ResolvedAt: tsPtr(d.ResolvedAt)}
}

// DepositSKUView is a SKU that needs a deposit.
type DepositSKUView struct {
	SKUID    string `json:"sku_id"`
	Currency string `json:"currency"`
	Amount   string `json:"amount" doc:"Per unit ordered"`
}

// CreditExposureView is the platform's exposure in one currency.
type CreditExposureView struct {
	Currency  string `json:"currency"`
	Lines     int64  `json:"lines"`
	Limits    string `json:"limits"`
	Drawn     string `json:"drawn" doc:"Lent and not repaid (the ledger's figure)"`
	Overdue   string `json:"overdue"`
	OpenDraws int64  `json:"open_draws"`
}

type creditScoreOutput struct{ Body CreditScoreView }
type creditLineOutput struct{ Body CreditLineView }
type depositOutput struct{ Body DepositView }
type depositSKUOutput struct{ Body DepositSKUView }

type creditLineInput struct {
	Currency string `path:"currency" minLength:"3" maxLength:"3"`
}

type repayCreditInput struct {
	Currency string `path:"currency" minLength:"3" maxLength:"3"`
	Body     struct {
		Amount string `json:"amount,omitempty" maxLength:"32" doc:"Decimal; omitted: everything owed"`
		PIN    string `json:"pin" minLength:"6" maxLength:"6" pattern:"^[0-9]{6}$" doc:"The shopper's payment PIN"`
	}
}

type myDepositsInput struct{ PageParams }

type depositSettingsView struct {
	WaiverThreshold int `json:"waiver_threshold" minimum:"300" maximum:"851" doc:"Shoppers with at least this score pay no deposit (851: never waived)"`
}

type depositSettingsOutput struct{ Body depositSettingsView }

type orgCreditInput struct {
	OrgID string `path:"orgId" maxLength:"64"`
}

type setDepositSettingsInput struct {
	OrgID string `path:"orgId" maxLength:"64"`
	Body  depositSettingsView
}

type orgDepositSKUsInput struct {
	OrgID string `path:"orgId" maxLength:"64"`
	PageParams
}

type setDepositSKUInput struct {
	OrgID string `path:"orgId" maxLength:"64"`
	SKUID string `path:"skuId" maxLength:"64"`
	Body  struct {
		Amount string `json:"amount" minLength:"1" maxLength:"32" doc:"Decimal per unit ordered; 0 removes the deposit"`
	}
}

type orgDepositsInput struct {
	OrgID  string `path:"orgId" maxLength:"64"`
	Status string `query:"status" maxLength:"16" doc:"Only deposits in this status (waived, held, released, captured)"`
	PageParams
}

type depositActionInput struct {
	OrgID     string `path:"orgId" maxLength:"64"`
	DepositID string `path:"depositId" maxLength:"80"`
}

type creditExposureOutput struct {
	Body struct {
		Currencies []CreditExposureView `json:"currencies"`
	}
}

func (s *Server) registerCredit() {
	if s.Credit == nil {
		return
	}
	Register(s, User, opGetMyCreditScore, s.getMyCreditScore)
	Register(s, User, opGetMyCreditLine, s.getMyCreditLine)
	Register(s, User, opRepayMyCreditLine, s.repayMyCreditLine)
	Register(s, User, opPayLater, s.payLater)
	Register(s, User, opListMyDeposits, s.listMyDeposits)
	Register(s, brandRead, opGetDepositSettings, s.getDepositSettings)
	Register(s, brandWrite, opSetDepositSettings, s.setDepositSettings)
	Register(s, brandRead, opListDepositSKUs, s.listDepositSKUs)
	Register(s, brandWrite, opSetDepositSKU, s.setDepositSKU)
	Register(s, brandRead, opListBrandDeposits, s.listBrandDeposits)
	Register(s, brandRead, opReleaseDeposit, s.releaseDeposit)
	Register(s, brandWrite, opCaptureDeposit, s.captureDeposit)
	Register(s, Admin, opGetCreditExposure, s.getCreditExposure)
}

var opGetMyCreditScore = huma.Operation{
	OperationID: "get-my-credit-score",
	Method:      http.MethodGet,
	Path:        "/api/v1/me/credit/score",
	Tags:        []string{"credit"},
	Summary:     "My credit score (300–850) with each factor and its points",
	Description: "Computed from my history on souk: completed orders, pay-later repayments on time or late, draws overdue, " +
		"disputes lost, account age (docs/CREDIT.md).",
}

func (s *Server) getMyCreditScore(ctx context.Context, _ *struct{}) (*creditScoreOutput, error) {
	sc, err := s.Credit.Score(ctx, caller(ctx).User.ID)
	if err != nil {
		return nil, err
	}
	return &creditScoreOutput{Body: creditScoreView(sc)}, nil
}

var opGetMyCreditLine = huma.Operation{
	OperationID: "get-my-credit-line",
	Method:      http.MethodGet,
	Path:        "/api/v1/me/credit/lines/{currency}",
	Tags:        []string{"credit"},
	Summary:     "My credit line in a currency: limit, used, available, draws and due dates",
}

func (s *Server) getMyCreditLine(ctx context.Context, in *creditLineInput) (*creditLineOutput, error) {
	l, err := s.Credit.Line(ctx, caller(ctx).User.ID, in.Currency)
	if err != nil {
		return nil, err
	}
	return &creditLineOutput{Body: creditLineView(l)}, nil
}

var opRepayMyCreditLine = huma.Operation{
	OperationID: "repay-my-credit-line",
	Method:      http.MethodPost,
	Path:        "/api/v1/me/credit/lines/{currency}/repay",
	Tags:        []string{"credit"},
	Summary:     "Repay my credit line from my wallet with my PIN (oldest due first)",
}

func (s *Server) repayMyCreditLine(ctx context.Context, in *repayCreditInput) (*creditLineOutput, error) {
	amount, err := parseAmount(in.Currency, in.Body.Amount)
	if err != nil {
		return nil, err
	}
	l, err := s.Credit.Repay(ctx, caller(ctx).User.ID, in.Currency, amount, in.Body.PIN)
	if err != nil {
		return nil, err
	}
	return &creditLineOutput{Body: creditLineView(l)}, nil
}

var opPayLater = huma.Operation{
	OperationID: "pay-later",
	Method:      http.MethodPost,
	Path:        "/api/v1/payment-requests/{requestId}/pay-later",
	Tags:        []string{"credit", "payments"},
	Summary:     "Pay a request from my credit line with my PIN",
	Description: "The host's step, like confirm-payment: the line lends the amount, the order is paid and the brand is " +
		"paid as usual; I repay by the due date. 409 credit_limit_reached when the line does not cover it.",
}

func (s *Server) payLater(ctx context.Context, in *confirmInput) (*requestOutput, error) {
	if _, err := s.ownRequest(ctx, in.RequestID); err != nil {
		return nil, err
	}
	r, err := s.Credit.PayLater(ctx, in.RequestID, caller(ctx).User.ID, in.Body.PIN)
	if err != nil {
		return nil, err
	}
	return &requestOutput{Body: requestView(r)}, nil
}

var opListMyDeposits = huma.Operation{
	OperationID: "list-my-deposits",
	Method:      http.MethodGet,
	Path:        "/api/v1/me/credit/deposits",
	Tags:        []string{"credit"},
	Summary:     "Deposits of my orders (waived or held, then released or captured), newest first",
}

func (s *Server) listMyDeposits(ctx context.Context, in *myDepositsInput) (*pageOutput[DepositView], error) {
	list, err := s.Credit.ShopperDeposits(ctx, caller(ctx).User.ID, 200)
	if err != nil {
		return nil, err
	}
	return pageSlice(ctx, in.PageParams, views(list, depositView), func(d DepositView) string { return d.ID })
}

var opGetDepositSettings = huma.Operation{
	OperationID: "get-deposit-settings",
	Method:      http.MethodGet,
	Path:        "/api/v1/orgs/{orgId}/credit/settings",
	Tags:        []string{"credit"},
	Summary:     "The brand's deposit waiver threshold",
}

func (s *Server) getDepositSettings(ctx context.Context, in *orgCreditInput) (*depositSettingsOutput, error) {
	t, err := s.Credit.WaiverThreshold(ctx, in.OrgID)
	if err != nil {
		return nil, err
	}
	return &depositSettingsOutput{Body: depositSettingsView{WaiverThreshold: t}}, nil
}

var opSetDepositSettings = huma.Operation{
	OperationID: "set-deposit-settings",
	Method:      http.MethodPut,
	Path:        "/api/v1/orgs/{orgId}/credit/settings",
	Tags:        []string{"credit"},
	Summary:     "Set the brand's deposit waiver threshold (owner, manager)",
}

func (s *Server) setDepositSettings(ctx context.Context, in *setDepositSettingsInput) (*depositSettingsOutput, error) {
	if err := s.Credit.SetWaiverThreshold(ctx, in.OrgID, in.Body.WaiverThreshold); err != nil {
		return nil, err
	}
	return &depositSettingsOutput{Body: in.Body}, nil
}

var opListDepositSKUs = huma.Operation{
	OperationID: "list-deposit-skus",
	Method:      http.MethodGet,
	Path:        "/api/v1/orgs/{orgId}/credit/deposit-skus",
	Tags:        []string{"credit"},
	Summary:     "The brand's SKUs that need a deposit",
}

func (s *Server) listDepositSKUs(ctx context.Context, in *orgDepositSKUsInput) (*pageOutput[DepositSKUView], error) {
	list, err := s.Credit.DepositSKUs(ctx, in.OrgID)
	if err != nil {
		return nil, err
	}
	return pageSlice(ctx, in.PageParams, views(list, depositSKUView), func(d DepositSKUView) string { return d.SKUID })
}

func depositSKUView(m credit.DepositSKU) DepositSKUView {
	return DepositSKUView{SKUID: m.SKUID, Currency: m.Currency, Amount: formatMinor(m.Currency, int64(m.Amount))}
}

var opSetDepositSKU = huma.Operation{
	OperationID: "set-deposit-sku",
	Method:      http.MethodPut,
	Path:        "/api/v1/orgs/{orgId}/credit/deposit-skus/{skuId}",
	Tags:        []string{"credit"},
	Summary:     "Mark a SKU as needing a deposit per unit, or 0 to remove it (owner, manager)",
}

func (s *Server) setDepositSKU(ctx context.Context, in *setDepositSKUInput) (*depositSKUOutput, error) {
	cur, err := s.Credit.SKUCurrency(ctx, in.OrgID, in.SKUID)
	if err != nil {
		return nil, err
	}
	amount, err := parseDeposit(cur, in.Body.Amount)
	if err != nil {
		return nil, err
	}
	m, err := s.Credit.MarkDeposit(ctx, in.OrgID, in.SKUID, amount)
	if err != nil {
		return nil, err
	}
	return &depositSKUOutput{Body: depositSKUView(m)}, nil
}

// parseDeposit reads a deposit amount: "0" removes it.
func parseDeposit(cur, s string) (money.Amount, error) {
	if s == "0" {
		return 0, nil
	}
	return parseAmount(cur, s)
}

var opListBrandDeposits = huma.Operation{
	OperationID: "list-brand-deposits",
	Method:      http.MethodGet,
	Path:        "/api/v1/orgs/{orgId}/credit/deposits",
	Tags:        []string{"credit"},
	Summary:     "Deposits of the brand's orders, newest first; status=held lists those to release or capture",
}

func (s *Server) listBrandDeposits(ctx context.Context, in *orgDepositsInput) (*pageOutput[DepositView], error) {
	switch in.Status {
	case "", credit.DepositWaived, credit.DepositHeld, credit.DepositReleased, credit.DepositCaptured:
	default:
		return nil, Fail(http.StatusBadRequest, "invalid_request", "unknown deposit status "+in.Status)
	}
	list, err := s.Credit.BrandDeposits(ctx, in.OrgID, in.Status, 200)
	if err != nil {
		return nil, err
	}
	return pageSlice(ctx, in.PageParams, views(list, depositView), func(d DepositView) string { return d.ID })
}

var opReleaseDeposit = huma.Operation{
	OperationID: "release-deposit",
	Method:      http.MethodPost,
	Path:        "/api/v1/orgs/{orgId}/credit/deposits/{depositId}/release",
	Tags:        []string{"credit"},
	Summary:     "The item came back: release the held deposit to the shopper (any staff)",
}

func (s *Server) releaseDeposit(ctx context.Context, in *depositActionInput) (*depositOutput, error) {
	d, err := s.Credit.ResolveDeposit(ctx, in.OrgID, in.DepositID, false, caller(ctx).User.ID)
	if err != nil {
		return nil, err
	}
	return &depositOutput{Body: depositView(d)}, nil
}

var opCaptureDeposit = huma.Operation{
	OperationID: "capture-deposit",
	Method:      http.MethodPost,
	Path:        "/api/v1/orgs/{orgId}/credit/deposits/{depositId}/capture",
	Tags:        []string{"credit"},
	Summary:     "Keep the held deposit (the item did not come back, or damaged) (owner, manager)",
}

func (s *Server) captureDeposit(ctx context.Context, in *depositActionInput) (*depositOutput, error) {
	d, err := s.Credit.ResolveDeposit(ctx, in.OrgID, in.DepositID, true, caller(ctx).User.ID)
	if err != nil {
		return nil, err
	}
	return &depositOutput{Body: depositView(d)}, nil
}

var opGetCreditExposure = huma.Operation{
	OperationID: "get-credit-exposure",
	Method:      http.MethodGet,
	Path:        "/api/v1/admin/credit/exposure",
	Tags:        []string{"credit", "admin"},
	Summary:     "The platform's credit exposure per currency: lines, limits, drawn, overdue (platform admins)",
}

func (s *Server) getCreditExposure(ctx context.Context, _ *struct{}) (*creditExposureOutput, error) {
	ex, err := s.Credit.Exposure(ctx)
	if err != nil {
		return nil, err
	}
	out := &creditExposureOutput{}
	out.Body.Currencies = []CreditExposureView{}
	for _, e := range ex {
		out.Body.Currencies = append(out.Body.Currencies, CreditExposureView{Currency: e.Currency, Lines: e.Lines,
			Limits: formatMinor(e.Currency, int64(e.Limits)), Drawn: formatMinor(e.Currency, int64(e.Drawn)),
			Overdue: formatMinor(e.Currency, int64(e.Overdue)), OpenDraws: e.OpenDraws})
	}
	return out, nil
}

func views[T, V any](list []T, f func(T) V) []V {
	out := make([]V, 0, len(list))
	for _, x := range list {
		out = append(out, f(x))
	}
	return out
}
