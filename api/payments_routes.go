package api

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/soukhq/souk/identity"
	"github.com/soukhq/souk/payments"
	"github.com/soukhq/souk/payments/ledger"
	"github.com/soukhq/souk/payments/money"
)

// Money on the wire is a decimal string in the currency's major unit
// ("12.34"), never a float.

// BalanceView is one account's balance.
type BalanceView struct {
	Currency       string `json:"currency"`
	Posted         string `json:"posted" doc:"Settled balance"`
	PendingDebits  string `json:"pending_debits" doc:"Reserved by pending transfers out"`
	PendingCredits string `json:"pending_credits" doc:"Promised by pending transfers in"`
	Available      string `json:"available" doc:"What can be spent now"`
}

func formatMinor(cur string, v int64) string {
	c, err := money.Lookup(cur)
	if err != nil {
		return ""
	}
	return money.Format(c, money.Amount(v))
}

func balanceView(b ledger.Balance) BalanceView {
	return BalanceView{Currency: b.Currency, Posted: formatMinor(b.Currency, b.Posted),
		PendingDebits:  formatMinor(b.Currency, b.PendingDebits),
		PendingCredits: formatMinor(b.Currency, b.PendingCredits), Available: formatMinor(b.Currency, b.Available)}
}

type balancesInput struct{ PageParams }

type orgBalancesInput struct {
	OrgID string `path:"orgId" maxLength:"64"`
	PageParams
}

// StatementLineView is one ledger entry of an account, with the running balance.
type StatementLineView struct {
	Seq        int64     `json:"seq" doc:"The line's place in the account's history; its cursor"`
	Currency   string    `json:"currency"`
	TransferID string    `json:"transfer_id"`
	Code       string    `json:"code" doc:"What moved the money: topup, payment, refund, payout, …"`
	Reference  string    `json:"reference" doc:"The id of what moved it: a top-up, an order's payment request, …"`
	Change     string    `json:"change" doc:"Change of the posted balance (credit positive)"`
	Balance    string    `json:"balance" doc:"Posted balance after this line"`
	CreatedAt  time.Time `json:"created_at"`
}

type statementInput struct {
	Currency string `query:"currency" required:"true" minLength:"3" maxLength:"3"`
	PageParams
}

type brandStatementInput struct {
	OrgID    string `path:"orgId" maxLength:"64"`
	Currency string `query:"currency" required:"true" minLength:"3" maxLength:"3"`
	PageParams
}

// statementPage pages an account's statement, oldest first; a line's cursor
// is its seq. An account that never moved has an empty statement.
func statementPage(ctx context.Context, cur string, p PageParams,
	read func(ctx context.Context, after int64, n int) (ledger.Statement, error)) (*pageOutput[StatementLineView],
	error) {
	id := func(l StatementLineView) string { return strconv.FormatInt(l.Seq, 10) }
	return listPage(ctx, p, id, func(ctx context.Context, after string, n int) ([]StatementLineView, error) {
		var seq int64
		if after != "" {
			var err error
			if seq, err = strconv.ParseInt(after, 10, 64); err != nil || seq < 1 {
				return nil, Fail(http.StatusBadRequest, "invalid_cursor", "a statement line's cursor is its seq")
			}
		}
		st, err := read(ctx, seq, n)
		if payments.Code(err) == ledger.ErrAccountNotFound.Code {
			return nil, nil
		}
		return mapSlice(st.Lines, func(l ledger.Line) StatementLineView {
			return StatementLineView{Seq: l.Seq, Currency: cur, TransferID: l.TransferID, Code: l.Code,
				Reference: l.Reference,
				Change:    formatMinor(cur, l.Posted), Balance: formatMinor(cur, l.Balance), CreatedAt: ts(l.CreatedAt)}
		}), err
	})
}

// MoneyMove is the body of top-ups, withdrawals and payouts. ID is the
// client's idempotency key: retrying with the same id and body returns the
// original operation.
type MoneyMove struct {
	ID       string `json:"id" minLength:"8" maxLength:"64" pattern:"^[A-Za-z0-9_-]+$" doc:"Client-chosen idempotency key"`
	Currency string `json:"currency" minLength:"3" maxLength:"3"`
	Amount   string `json:"amount" maxLength:"32" doc:"Decimal string in the major unit, e.g. \"12.34\""`
}

type moneyMoveInput struct{ Body MoneyMove }

type brandMoneyMoveInput struct {
	OrgID string `path:"orgId" maxLength:"64"`
	Body  MoneyMove
}

// FundingView is a top-up, withdrawal or payout and where it stands.
type FundingView struct {
	ID        string    `json:"id" doc:"The operation's id (fnd_…)"`
	ClientID  string    `json:"client_id" doc:"The idempotency id the caller chose (unique per caller)"`
	Kind      string    `json:"kind" enum:"topup,withdrawal,payout"`
	Currency  string    `json:"currency"`
	Amount    string    `json:"amount"`
	Status    string    `json:"status" enum:"pending,succeeded,failed,expired"`
	Failure   string    `json:"failure,omitempty"`
	ExpiresAt time.Time `json:"expires_at" doc:"When a still-pending operation expires and releases what it reserved"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

func fundingView(f payments.FundingOp) FundingView {
	return FundingView{ID: f.ID, ClientID: f.ClientID, Kind: f.Kind, Currency: f.Currency,
		Amount: formatMinor(f.Currency, int64(f.Amount)),
		Status: f.Status, Failure: f.Failure, ExpiresAt: ts(f.ExpiresAt), CreatedAt: ts(f.CreatedAt),
		UpdatedAt: ts(f.UpdatedAt)}
}

type fundingOutput struct{ Body FundingView }

type fundingIDInput struct {
	ID string `path:"id" maxLength:"64"`
}

type payoutIDInput struct {
	OrgID string `path:"orgId" maxLength:"64"`
	ID    string `path:"payoutId" maxLength:"64"`
}

// PaymentRequestView is what a shopper sees of a payment request on the
// host's payment sheet.
type PaymentRequestView struct {
	ID        string     `json:"id"`
	OrderID   string     `json:"order_id"`
	BrandID   string     `json:"brand_id"`
	Currency  string     `json:"currency"`
	Amount    string     `json:"amount"`
	Refunded  string     `json:"refunded"`
	Status    string     `json:"status"`
	ExpiresAt time.Time  `json:"expires_at"`
	PaidAt    *time.Time `json:"paid_at,omitempty"`
}

func requestView(r payments.Request) PaymentRequestView {
	return PaymentRequestView{ID: r.ID, OrderID: r.OrderID, BrandID: r.BrandID, Currency: r.Currency,
		Amount:   formatMinor(r.Currency, int64(r.Amount)),
		Refunded: formatMinor(r.Currency, int64(r.Refunded)), Status: r.Status, ExpiresAt: ts(r.ExpiresAt),
		PaidAt: tsPtr(r.PaidAt)}
}

type requestOutput struct{ Body PaymentRequestView }

type requestIDInput struct {
	RequestID string `path:"requestId" maxLength:"64"`
}

type confirmInput struct {
	RequestID string `path:"requestId" maxLength:"64"`
	Body      struct {
		PIN string `json:"pin" minLength:"6" maxLength:"6" pattern:"^[0-9]{6}$" doc:"The shopper's payment PIN"`
		// FXQuoteID pays from another wallet: a quote from create-fx-quote
		// with this order's order_id, executed in the same commit.
		FXQuoteID string `json:"fx_quote_id,omitempty" maxLength:"64" doc:"Pay from another currency's wallet: an unexpired quote for this order (create-fx-quote with order_id)"`
	}
}

type feeInput struct {
	BrandID string `path:"brandId" maxLength:"64"`
	Body    struct {
		Bps int64 `json:"bps" minimum:"0" maximum:"10000" doc:"Platform fee in basis points (500 = 5 %)"`
	}
}

type brandIDInput struct {
	BrandID string `path:"brandId" maxLength:"64"`
}

type feeOutput struct {
	Body struct {
		BrandID string `json:"brand_id"`
		Bps     int64  `json:"bps"`
	}
}

// AccountBalanceView is one ledger account's balance as operators see it.
type AccountBalanceView struct {
	Account string `json:"account" doc:"The ledger account id, kind:owner:currency"`
	Kind    string `json:"kind" doc:"wallet, brand, developer, escrow, fees or bank"`
	BalanceView
}

type ownerBalancesInput struct {
	OwnerID string `query:"owner_id" required:"true" maxLength:"64" doc:"A user, a brand or developer org, or platform (escrow, fees, bank)"`
	PageParams
}

type simBankInput struct {
	OpID string `path:"opId" maxLength:"64"`
	Body struct {
		Succeeded bool `json:"succeeded"`
	}
}

// parseMove checks currency and amount; money never enters as a float.
func parseMove(m MoneyMove) (money.Amount, error) {
	c, err := money.Lookup(m.Currency)
	if err != nil {
		return 0, Fail(http.StatusBadRequest, "unknown_currency", "unknown currency "+m.Currency)
	}
	a, err := money.ParsePositive(c, m.Amount)
	if err != nil {
		return 0, Fail(http.StatusBadRequest, "invalid_amount", err.Error())
	}
	return a, nil
}

// balancesOf lists every account balance of a shopper or a brand.
func (s *Server) balancesOf(ctx context.Context, owner string, p PageParams) (*pageOutput[BalanceView], error) {
	bs, err := s.Payments.Balances(ctx, owner)
	if err != nil {
		return nil, err
	}
	return pageSlice(ctx, p, mapSlice(bs, balanceView), func(b BalanceView) string { return b.Currency })
}

// ownRequest loads a payment request and hides other shoppers' requests.
func (s *Server) ownRequest(ctx context.Context, id string) (payments.Request, error) {
	r, err := s.Payments.GetRequest(ctx, id)
	if err != nil {
		return r, err
	}
	if r.ShopperID != caller(ctx).User.ID {
		return r, Fail(http.StatusNotFound, "payment_request_not_found", "no such payment request")
	}
	return r, nil
}

func (s *Server) registerPayments() {
	if s.Payments == nil {
		return
	}
	Register(s, User, opWalletBalances, s.walletBalances)
	Register(s, User, opWalletStatement, s.walletStatement)
	Register(s, User, opWalletTopup, s.walletTopup)
	Register(s, User, opWalletWithdraw, s.walletWithdraw)
	Register(s, User, opGetTopup, s.getTopup)
	Register(s, User, opGetWithdrawal, s.getWithdrawal)
	Register(s, User, opGetPaymentRequest, s.getPaymentRequest)
	Register(s, User, opConfirmPayment, s.confirmPayment)
	Register(s, User, opCancelPayment, s.cancelPayment)
	Register(s, brandWrite, opBrandBalances, s.brandBalances)
	Register(s, devWrite, opDeveloperRevenue, s.developerRevenue)
	Register(s, brandWrite, opBrandStatement, s.brandStatement)
	Register(s, orgOwner, opBrandPayout, s.brandPayout)
	Register(s, Admin, opAdminLedgerCheck, s.adminLedgerCheck)
	Register(s, Admin, opAdminOwnerBalances, s.adminOwnerBalances)
	Register(s, Admin, opAdminGetFee, s.adminGetFee)
	Register(s, Admin, opAdminSetFee, s.adminSetFee)
	if s.SimBank != nil {
		Register(s, Admin, opAdminSimbankComplete, s.adminSimbankComplete)
	}
}

var opWalletBalances = huma.Operation{
	OperationID: "wallet-balances",
	Method:      http.MethodGet,
	Path:        "/api/v1/wallet/balances",
	Tags:        []string{"wallet"},
	Summary:     "My wallet balances, one per currency",
}

func (s *Server) walletBalances(ctx context.Context, in *balancesInput) (*pageOutput[BalanceView], error) {
	return s.balancesOf(ctx, caller(ctx).User.ID, in.PageParams)
}

var opWalletStatement = huma.Operation{
	OperationID: "wallet-statement",
	Method:      http.MethodGet,
	Path:        "/api/v1/wallet/statement",
	Tags:        []string{"wallet"},
	Summary:     "My wallet statement in one currency, oldest first, with the running balance",
}

func (s *Server) walletStatement(ctx context.Context, in *statementInput) (*pageOutput[StatementLineView], error) {
	me := caller(ctx).User.ID
	return statementPage(ctx, in.Currency, in.PageParams,
		func(ctx context.Context, after int64, n int) (ledger.Statement, error) {
			return s.Payments.WalletStatement(ctx, me, in.Currency, after, n)
		})
}

var opWalletTopup = huma.Operation{
	OperationID:   "wallet-topup",
	Method:        http.MethodPost,
	Path:          "/api/v1/wallet/topups",
	Tags:          []string{"wallet"},
	Summary:       "Top up my wallet from the bank",
	Description:   "The wallet is credited when the bank confirms; poll the operation.",
	DefaultStatus: http.StatusAccepted,
}

func (s *Server) walletTopup(ctx context.Context, in *moneyMoveInput) (*fundingOutput, error) {
	a, err := parseMove(in.Body)
	if err != nil {
		return nil, err
	}
	op, err := s.Payments.TopUp(ctx, caller(ctx).User.ID, in.Body.ID, in.Body.Currency, a)
	if err != nil {
		return nil, err
	}
	return &fundingOutput{Body: fundingView(op)}, nil
}

var opWalletWithdraw = huma.Operation{
	OperationID:   "wallet-withdraw",
	Method:        http.MethodPost,
	Path:          "/api/v1/wallet/withdrawals",
	Tags:          []string{"wallet"},
	Summary:       "Withdraw from my wallet to the bank",
	Description:   "The amount is reserved now and leaves when the bank confirms; a failure releases it.",
	DefaultStatus: http.StatusAccepted,
}

func (s *Server) walletWithdraw(ctx context.Context, in *moneyMoveInput) (*fundingOutput, error) {
	a, err := parseMove(in.Body)
	if err != nil {
		return nil, err
	}
	op, err := s.Payments.Withdraw(ctx, caller(ctx).User.ID, in.Body.ID, in.Body.Currency, a)
	if err != nil {
		return nil, err
	}
	return &fundingOutput{Body: fundingView(op)}, nil
}

var opGetTopup = huma.Operation{
	OperationID: "get-topup",
	Method:      http.MethodGet,
	Path:        "/api/v1/wallet/topups/{id}",
	Tags:        []string{"wallet"},
	Summary:     "One of my top-ups and where it stands",
	Description: "By its id or by the client id I chose.",
}

func (s *Server) getTopup(ctx context.Context, in *fundingIDInput) (*fundingOutput, error) {
	return s.funding(ctx, caller(ctx).User.ID, payments.FundingTopUp, in.ID)
}

var opGetWithdrawal = huma.Operation{
	OperationID: "get-withdrawal",
	Method:      http.MethodGet,
	Path:        "/api/v1/wallet/withdrawals/{id}",
	Tags:        []string{"wallet"},
	Summary:     "One of my withdrawals and where it stands",
	Description: "By its id or by the client id I chose.",
}

func (s *Server) getWithdrawal(ctx context.Context, in *fundingIDInput) (*fundingOutput, error) {
	return s.funding(ctx, caller(ctx).User.ID, payments.FundingWithdrawal, in.ID)
}

// funding reads one of owner's top-ups or withdrawals by its id or the
// client id the owner chose; anyone else's, or another kind, is not found.
func (s *Server) funding(ctx context.Context, owner, kind, id string) (*fundingOutput, error) {
	op, err := s.Payments.OwnFunding(ctx, owner, id)
	if err != nil {
		return nil, err
	}
	if op.Kind != kind {
		return nil, payments.ErrFundingNotFound
	}
	return &fundingOutput{Body: fundingView(op)}, nil
}

var opGetPaymentRequest = huma.Operation{
	OperationID: "get-payment-request",
	Method:      http.MethodGet,
	Path:        "/api/v1/payment-requests/{requestId}",
	Tags:        []string{"payments"},
	Summary:     "A payment request addressed to me (the host's payment sheet)",
}

func (s *Server) getPaymentRequest(ctx context.Context, in *requestIDInput) (*requestOutput, error) {
	r, err := s.ownRequest(ctx, in.RequestID)
	if err != nil {
		return nil, err
	}
	return &requestOutput{Body: requestView(r)}, nil
}

var opConfirmPayment = huma.Operation{
	OperationID: "confirm-payment",
	Method:      http.MethodPost,
	Path:        "/api/v1/payment-requests/{requestId}/confirm",
	Tags:        []string{"payments"},
	Summary:     "Pay a request with my PIN",
	Description: "The only way money leaves a shopper's wallet for an order: the host's step, with the " +
		"shopper's PIN. Wrong PINs are counted; five lock payments for 15 minutes.",
}

func (s *Server) confirmPayment(ctx context.Context, in *confirmInput) (*requestOutput, error) {
	if _, err := s.ownRequest(ctx, in.RequestID); err != nil {
		return nil, err
	}
	r, err := s.Payments.ConfirmWithQuote(ctx, in.RequestID, caller(ctx).User.ID, in.Body.PIN, in.Body.FXQuoteID, nil)
	if err != nil {
		return nil, err
	}
	return &requestOutput{Body: requestView(r)}, nil
}

var opCancelPayment = huma.Operation{
	OperationID: "cancel-payment",
	Method:      http.MethodPost,
	Path:        "/api/v1/payment-requests/{requestId}/cancel",
	Tags:        []string{"payments"},
	Summary:     "Decline an unpaid payment request addressed to me",
	Description: "Cancels the unpaid order. A paid request cannot be declined (409 payment_request_state): ask the " +
		"brand for a refund, or open a dispute.",
}

func (s *Server) cancelPayment(ctx context.Context, in *requestIDInput) (*requestOutput, error) {
	r, err := s.Payments.Cancel(ctx, in.RequestID, caller(ctx).User.ID)
	if err != nil {
		return nil, err
	}
	return &requestOutput{Body: requestView(r)}, nil
}

var opBrandBalances = huma.Operation{
	OperationID: "brand-balances",
	Method:      http.MethodGet,
	Path:        "/api/v1/orgs/{orgId}/balances",
	Tags:        []string{"brand finance"},
	Summary:     "The brand's balances (owner, manager)",
}

func (s *Server) brandBalances(ctx context.Context, in *orgBalancesInput) (*pageOutput[BalanceView], error) {
	return s.balancesOf(ctx, in.OrgID, in.PageParams)
}

var opDeveloperRevenue = huma.Operation{
	OperationID: "developer-revenue",
	Method:      http.MethodGet,
	Path:        "/api/v1/orgs/{orgId}/revenue",
	Tags:        []string{"developer finance"},
	Summary:     "The developer org's revenue share balances",
	Description: "What settled orders placed through the org's apps earned it, per currency; the owner pays it " +
		"out with brand-payout (POST /api/v1/orgs/{orgId}/payouts).",
}

func (s *Server) developerRevenue(ctx context.Context, in *orgBalancesInput) (*pageOutput[BalanceView], error) {
	return s.balancesOf(ctx, in.OrgID, in.PageParams)
}

var opBrandStatement = huma.Operation{
	OperationID: "brand-statement",
	Method:      http.MethodGet,
	Path:        "/api/v1/orgs/{orgId}/statement",
	Tags:        []string{"brand finance"},
	Summary:     "The brand's statement in one currency (owner, manager)",
}

func (s *Server) brandStatement(ctx context.Context, in *brandStatementInput) (*pageOutput[StatementLineView], error) {
	return statementPage(ctx, in.Currency, in.PageParams,
		func(ctx context.Context, after int64, n int) (ledger.Statement, error) {
			return s.Payments.BrandStatement(ctx, in.OrgID, in.Currency, after, n)
		})
}

var opBrandPayout = huma.Operation{
	OperationID: "brand-payout",
	Method:      http.MethodPost,
	Path:        "/api/v1/orgs/{orgId}/payouts",
	Tags:        []string{"brand finance", "developer finance"},
	Summary:     "Pay out the org's available balance to its bank (owner)",
	Description: "A brand pays out its available balance; a developer org its revenue share (see developer-revenue). " +
		"Two-phase: the amount is reserved now and leaves when the bank confirms (released if it fails). " +
		"Only the org's owner may; the id is the caller's idempotency id, scoped to the org.",
	DefaultStatus: http.StatusAccepted,
}

func (s *Server) brandPayout(ctx context.Context, in *brandMoneyMoveInput) (*fundingOutput, error) {
	a, err := parseMove(in.Body)
	if err != nil {
		return nil, err
	}
	org, err := s.Identity.Org(ctx, in.OrgID)
	if err != nil {
		return nil, err
	}
	pay := s.Payments.RequestPayout
	if org.Kind == identity.OrgDeveloper {
		pay = s.Payments.RequestDeveloperPayout
	}
	op, err := pay(ctx, in.OrgID, in.Body.ID, in.Body.Currency, a)
	if err != nil {
		return nil, err
	}
	return &fundingOutput{Body: fundingView(op)}, nil
}

var opAdminLedgerCheck = huma.Operation{
	OperationID: "admin-ledger-check",
	Method:      http.MethodGet,
	Path:        "/api/v1/admin/ledger/check",
	Tags:        []string{"admin"},
	Summary:     "Check the whole ledger, and every order against its payment and the ledger",
	Description: "Per currency every balance sums to zero; every account equals the sum of its entries; no " +
		"flag is violated. Beside it, orders reconciles every order and payment request with what the " +
		"ledger moved for it; ok is true only when both hold.",
}

func (s *Server) adminLedgerCheck(ctx context.Context, in *empty) (*ledgerCheckOutput, error) {
	return s.adminCheck(ctx)
}

var opAdminOwnerBalances = huma.Operation{
	OperationID: "admin-owner-balances",
	Method:      http.MethodGet,
	Path:        "/api/v1/admin/balances",
	Tags:        []string{"admin"},
	Summary:     "Every ledger balance of one owner",
	Description: "A shopper's wallets, a brand's or developer org's balances, or with platform the escrow, " +
		"fee and bank accounts.",
}

func (s *Server) adminOwnerBalances(ctx context.Context, in *ownerBalancesInput) (*pageOutput[AccountBalanceView],
	error) {
	bs, err := s.Payments.Balances(ctx, in.OwnerID)
	if err != nil {
		return nil, err
	}
	views := mapSlice(bs, func(b ledger.Balance) AccountBalanceView {
		kind, _, _ := strings.Cut(b.AccountID, ":")
		return AccountBalanceView{Account: b.AccountID, Kind: kind, BalanceView: balanceView(b)}
	})
	return pageSlice(ctx, in.PageParams, views, func(b AccountBalanceView) string { return b.Account })
}

var opAdminGetFee = huma.Operation{
	OperationID: "admin-get-fee",
	Method:      http.MethodGet,
	Path:        "/api/v1/admin/brands/{brandId}/fee",
	Tags:        []string{"admin"},
	Summary:     "A brand's platform fee",
}

func (s *Server) adminGetFee(ctx context.Context, in *brandIDInput) (*feeOutput, error) {
	bps, err := s.Payments.BrandFee(ctx, in.BrandID)
	if err != nil {
		return nil, err
	}
	out := &feeOutput{}
	out.Body.BrandID, out.Body.Bps = in.BrandID, int64(bps)
	return out, nil
}

var opAdminSetFee = huma.Operation{
	OperationID: "admin-set-fee",
	Method:      http.MethodPut,
	Path:        "/api/v1/admin/brands/{brandId}/fee",
	Tags:        []string{"admin"},
	Summary:     "Set a brand's platform fee in basis points",
}

func (s *Server) adminSetFee(ctx context.Context, in *feeInput) (*feeOutput, error) {
	if _, err := s.Identity.Org(ctx, in.BrandID); err != nil {
		return nil, err
	}
	if err := s.Payments.SetBrandFee(ctx, in.BrandID, money.Bps(in.Body.Bps)); err != nil {
		return nil, err
	}
	out := &feeOutput{}
	out.Body.BrandID, out.Body.Bps = in.BrandID, in.Body.Bps
	return out, nil
}

var opAdminSimbankComplete = huma.Operation{
	OperationID: "admin-simbank-complete",
	Method:      http.MethodPost,
	Path:        "/api/v1/admin/simbank/{opId}",
	Tags:        []string{"admin"},
	Summary:     "Answer for the simulated bank",
	Description: "Development and tests only: the simulated bank confirms or fails a pending top-up, withdrawal or payout.",
}

func (s *Server) adminSimbankComplete(ctx context.Context, in *simBankInput) (*fundingOutput, error) {
	op, err := s.SimBank.Complete(ctx, in.OpID, in.Body.Succeeded)
	if err != nil {
		return nil, err
	}
	return &fundingOutput{Body: fundingView(op)}, nil
}
