package api

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/soukhq/souk/identity"
)

type createOrgInput struct {
	Body struct {
		Kind string `json:"kind" enum:"developer,brand"`
		Name string `json:"name" minLength:"1" maxLength:"100"`
	}
}

type orgOutput struct{ Body identity.Org }

type orgIDInput struct {
	OrgID string `path:"orgId" maxLength:"64"`
}

type listMembersInput struct {
	OrgID string `path:"orgId" maxLength:"64"`
	PageParams
}

type addMemberInput struct {
	OrgID string `path:"orgId" maxLength:"64"`
	Body  struct {
		Email string `json:"email" maxLength:"254"`
		Role  string `json:"role" enum:"owner,developer,manager,agent"`
	}
}

type memberOutput struct{ Body identity.Member }

type memberIDInput struct {
	OrgID  string `path:"orgId" maxLength:"64"`
	UserID string `path:"userId" maxLength:"64"`
}

func (s *Server) registerOrgs() {
	Register(s, User, opCreateOrg, s.createOrg)
	Register(s, OrgMember(""), opGetOrg, s.getOrg)
	Register(s, OrgMember(""), opListMembers, s.listMembers)
	Register(s, OrgMember(""), opGetMember, s.getMember)
	Register(s, OrgMember("", identity.MemberOwner, identity.MemberManager), opAddMember, s.addMember)
	Register(s, OrgMember(""), opRemoveMember, s.removeMember)
}

var opCreateOrg = huma.Operation{
	OperationID:   "create-org",
	Method:        http.MethodPost,
	Path:          "/api/v1/orgs",
	Tags:          []string{"orgs"},
	Summary:       "Create a developer org or a brand; you become its owner",
	DefaultStatus: http.StatusCreated,
}

func (s *Server) createOrg(ctx context.Context, in *createOrgInput) (*orgOutput, error) {
	if in.Body.Kind == identity.OrgBrand && s.Commerce != nil {
		// A verified brand's name (look-alikes folded) is not for others.
		if err := s.Commerce.CheckBrandName(ctx, in.Body.Name, ""); err != nil {
			return nil, err
		}
	}
	o, err := s.Identity.CreateOrg(ctx, caller(ctx).User.ID, in.Body.Kind, in.Body.Name)
	if err != nil {
		return nil, err
	}
	return &orgOutput{Body: o}, nil
}

var opGetOrg = huma.Operation{
	OperationID: "get-org",
	Method:      http.MethodGet,
	Path:        "/api/v1/orgs/{orgId}",
	Tags:        []string{"orgs"},
	Summary:     "An organisation you belong to",
}

func (s *Server) getOrg(ctx context.Context, in *orgIDInput) (*orgOutput, error) {
	o, err := s.Identity.Org(ctx, in.OrgID)
	if err != nil {
		return nil, err
	}
	return &orgOutput{Body: o}, nil
}

var opListMembers = huma.Operation{
	OperationID: "list-members",
	Method:      http.MethodGet,
	Path:        "/api/v1/orgs/{orgId}/members",
	Tags:        []string{"orgs"},
	Summary:     "Members of an organisation you belong to",
}

func (s *Server) listMembers(ctx context.Context, in *listMembersInput) (*pageOutput[identity.Member], error) {
	ms, err := s.Identity.Members(ctx, in.OrgID)
	if err != nil {
		return nil, err
	}
	return pageSlice(ctx, in.PageParams, ms, func(m identity.Member) string { return m.UserID })
}

var opGetMember = huma.Operation{
	OperationID: "get-member",
	Method:      http.MethodGet,
	Path:        "/api/v1/orgs/{orgId}/members/{userId}",
	Tags:        []string{"orgs"},
	Summary:     "One member of an organisation you belong to",
}

func (s *Server) getMember(ctx context.Context, in *memberIDInput) (*memberOutput, error) {
	ms, err := s.Identity.Members(ctx, in.OrgID)
	if err != nil {
		return nil, err
	}
	for _, m := range ms {
		if m.UserID == in.UserID {
			return &memberOutput{Body: m}, nil
		}
	}
	return nil, identity.ErrNotFound
}

var opAddMember = huma.Operation{
	OperationID:   "add-member",
	Method:        http.MethodPost,
	Path:          "/api/v1/orgs/{orgId}/members",
	Tags:          []string{"orgs"},
	Summary:       "Add a user (by email) to the org, or change their role",
	DefaultStatus: http.StatusCreated,
}

func (s *Server) addMember(ctx context.Context, in *addMemberInput) (*memberOutput, error) {
	m, err := s.Identity.AddMember(ctx, caller(ctx).User.ID, in.OrgID, in.Body.Email, in.Body.Role)
	if err != nil {
		return nil, err
	}
	return &memberOutput{Body: m}, nil
}

var opRemoveMember = huma.Operation{
	OperationID: "remove-member",
	Method:      http.MethodDelete,
	Path:        "/api/v1/orgs/{orgId}/members/{userId}",
	Tags:        []string{"orgs"},
	Summary:     "Remove a member (anyone may remove themselves)",
	Description: "Removing a brand's staff member hands every shopper they serve in customer service to other staff " +
		"(round robin among agents on duty), with a note in each of the shoppers' conversations, in the same transaction.",
	DefaultStatus: http.StatusNoContent,
}

func (s *Server) removeMember(ctx context.Context, in *memberIDInput) (*struct{}, error) {
	return nil, s.Identity.RemoveMember(ctx, caller(ctx).User.ID, in.OrgID, in.UserID)
}
