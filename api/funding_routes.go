package api

import (
	"context"
	"errors"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/soukhq/souk/payments"
)

// Funding operations (top-ups, withdrawals, payouts) beyond their owner's
// create routes in payments_routes.go: a brand or developer org reads back
// its payouts, and an operator reads any operation and fails one stuck at
// the bank.

type orgFundingInput struct {
	OrgID string `path:"orgId" maxLength:"64"`
	OpID  string `path:"opId" maxLength:"64"`
}

// AdminFundingView is an operation as an operator sees it: whose it is, the
// bank's reference and who decided it.
type AdminFundingView struct {
	FundingView
	OwnerID    string `json:"owner_id"`
	BankRef    string `json:"bank_ref,omitempty"`
	ResolvedBy string `json:"resolved_by,omitempty" doc:"bank, timeout or operator:<user id>"`
}

type adminFundingOutput struct{ Body AdminFundingView }

func adminFundingView(f payments.FundingOp) AdminFundingView {
	return AdminFundingView{FundingView: fundingView(f), OwnerID: f.OwnerID, BankRef: f.BankRef,
		ResolvedBy: f.ResolvedBy}
}

type adminFundingInput struct {
	OpID string `path:"opId" maxLength:"64"`
}

type failFundingInput struct {
	OpID string `path:"opId" maxLength:"64"`
	Body struct {
		Reason string `json:"reason,omitempty" maxLength:"500" doc:"Why the operation is failed (shown to its owner)"`
	}
}

func (s *Server) registerFunding() {
	if s.Payments == nil {
		return
	}
	Register(s, payoutRead, opBrandGetPayout, s.brandGetPayout)
	Register(s, Admin, opAdminGetFunding, s.adminGetFunding)
	Register(s, Admin, opAdminFailFunding, s.adminFailFunding)
}

var opBrandGetPayout = huma.Operation{
	OperationID: "brand-get-payout",
	Method:      http.MethodGet,
	Path:        "/api/v1/orgs/{orgId}/payouts/{opId}",
	Tags:        []string{"brand finance"},
	Summary:     "One of the org's payouts (brand owner or manager, developer org owner)",
	Description: "By its id or by the client id the brand chose.",
}

func (s *Server) brandGetPayout(ctx context.Context, in *orgFundingInput) (*fundingOutput, error) {
	op, err := s.Payments.OwnFunding(ctx, in.OrgID, in.OpID)
	if err != nil {
		return nil, err
	}
	return &fundingOutput{Body: fundingView(op)}, nil
}

var opAdminGetFunding = huma.Operation{
	OperationID: "admin-get-funding",
	Method:      http.MethodGet,
	Path:        "/api/v1/admin/funding/{opId}",
	Tags:        []string{"admin"},
	Summary:     "Any top-up, withdrawal or payout",
}

func (s *Server) adminGetFunding(ctx context.Context, in *adminFundingInput) (*adminFundingOutput, error) {
	op, err := s.Payments.GetFunding(ctx, in.OpID)
	if err != nil {
		return nil, err
	}
	return &adminFundingOutput{Body: adminFundingView(op)}, nil
}

var opAdminFailFunding = huma.Operation{
	OperationID: "admin-fail-funding",
	Method:      http.MethodPost,
	Path:        "/api/v1/admin/funding/{opId}/fail",
	Tags:        []string{"admin"},
	Summary:     "Fail an operation stuck at the bank",
	Description: "The operation becomes failed and what it reserved is released at once; the bank's later word " +
		"moves nothing. Failing a failed operation returns it; one that succeeded or expired is 409 " +
		"funding_not_pending.",
}

func (s *Server) adminFailFunding(ctx context.Context, in *failFundingInput) (*adminFundingOutput, error) {
	op, err := s.Payments.FailFunding(ctx, in.OpID, caller(ctx).User.ID, in.Body.Reason)
	if errors.Is(err, payments.ErrFundingNotPending) {
		return nil,
			Fail(http.StatusConflict, payments.ErrFundingNotPending.Code,
				"the operation was already decided: it is "+op.Status)
	}
	if err != nil {
		return nil, err
	}
	return &adminFundingOutput{Body: adminFundingView(op)}, nil
}
