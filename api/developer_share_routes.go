package api

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/soukhq/souk/identity"
	"github.com/soukhq/souk/payments/money"
)

// Developer shares (issue 13): operators set a developer org's share of
// the orders placed through its apps (commerce/developer_share.go). An
// order's payment request keeps the share it was made with.

type devShareIDInput struct {
	OrgID string `path:"orgId" maxLength:"64"`
}

type devShareInput struct {
	OrgID string `path:"orgId" maxLength:"64"`
	Body  struct {
		Bps int64 `json:"bps" minimum:"0" maximum:"10000" doc:"The developer's share in basis points (1000 = 10 %)"`
	}
}

type devShareOutput struct {
	Body struct {
		OrgID string `json:"org_id"`
		Bps   int64  `json:"bps"`
	}
}

func (s *Server) registerDeveloperShares() {
	if s.Commerce == nil {
		return
	}
	Register(s, Admin, opAdminGetDeveloperShare, s.adminGetDeveloperShare)
	Register(s, Admin, opAdminSetDeveloperShare, s.adminSetDeveloperShare)
}

var opAdminGetDeveloperShare = huma.Operation{
	OperationID: "admin-get-developer-share",
	Method:      http.MethodGet,
	Path:        "/api/v1/admin/developer-shares/{orgId}",
	Tags:        []string{"admin"},
	Summary:     "A developer org's revenue share",
	Description: "Its own share of orders placed through its apps, or the default.",
}

func (s *Server) adminGetDeveloperShare(ctx context.Context, in *devShareIDInput) (*devShareOutput, error) {
	if err := s.developerOrg(ctx, in.OrgID); err != nil {
		return nil, err
	}
	bps, err := s.Commerce.DeveloperShare(ctx, in.OrgID)
	if err != nil {
		return nil, err
	}
	out := &devShareOutput{}
	out.Body.OrgID, out.Body.Bps = in.OrgID, int64(bps)
	return out, nil
}

var opAdminSetDeveloperShare = huma.Operation{
	OperationID: "admin-set-developer-share",
	Method:      http.MethodPut,
	Path:        "/api/v1/admin/developer-shares/{orgId}",
	Tags:        []string{"admin"},
	Summary:     "Set a developer org's revenue share in basis points",
	Description: "Orders whose payment request is made from now on carry the new share; earlier ones keep theirs.",
}

func (s *Server) adminSetDeveloperShare(ctx context.Context, in *devShareInput) (*devShareOutput, error) {
	if err := s.developerOrg(ctx, in.OrgID); err != nil {
		return nil, err
	}
	if err := s.Commerce.SetDeveloperShare(ctx, in.OrgID, money.Bps(in.Body.Bps)); err != nil {
		return nil, err
	}
	out := &devShareOutput{}
	out.Body.OrgID, out.Body.Bps = in.OrgID, in.Body.Bps
	return out, nil
}

// developerOrg is nil when id is a developer org, else a 404.
func (s *Server) developerOrg(ctx context.Context, id string) error {
	org, err := s.Identity.Org(ctx, id)
	if err != nil {
		return err
	}
	if org.Kind != identity.OrgDeveloper {
		return Fail(http.StatusNotFound, "not_found", "no such developer organisation")
	}
	return nil
}
