package api

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/soukhq/souk/identity"
)

type listUsersInput struct {
	PageParams
}

type setRoleInput struct {
	UserID string `path:"userId" maxLength:"64"`
	Body   struct {
		Role string `json:"role" enum:",reviewer,admin" doc:"\"\" removes the platform role"`
	}
}

func (s *Server) registerAdmin() {
	Register(s, Admin, opAdminListUsers, s.adminListUsers)
	Register(s, Admin, opAdminSetRole, s.adminSetRole)
}

var opAdminListUsers = huma.Operation{
	OperationID: "admin-list-users",
	Method:      http.MethodGet,
	Path:        "/api/v1/admin/users",
	Tags:        []string{"admin"},
	Summary:     "List users",
}

func (s *Server) adminListUsers(ctx context.Context, in *listUsersInput) (*pageOutput[identity.User], error) {
	return listPage(ctx, in.PageParams, func(u identity.User) string { return u.ID }, s.Identity.ListUsers)
}

var opAdminSetRole = huma.Operation{
	OperationID:   "admin-set-role",
	Method:        http.MethodPut,
	Path:          "/api/v1/admin/users/{userId}/role",
	Tags:          []string{"admin"},
	Summary:       "Make a user a reviewer, an admin, or neither",
	DefaultStatus: http.StatusNoContent,
}

func (s *Server) adminSetRole(ctx context.Context, in *setRoleInput) (*struct{}, error) {
	return nil, s.Identity.SetPlatformRole(ctx, in.UserID, in.Body.Role)
}
