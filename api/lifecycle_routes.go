package api

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/soukhq/souk/marketplace"
)

// Automatic rollback rules and the developer org's lifecycle notifications.

type autoRollbackOutput struct {
	Body marketplace.AutoRollbackStatus
}

type setAutoRollbackInput struct {
	OrgID string `path:"orgId" maxLength:"64"`
	AppID string `path:"appId" maxLength:"64"`
	Body  struct {
		Enabled      bool `json:"enabled"`
		MarginPoints int  `json:"margin_points" minimum:"1" maximum:"100" doc:"Percentage points the candidate's error, timeout or payment-failure rate may exceed the stable version's"`
		MinEvents    int  `json:"min_events" minimum:"1" maximum:"1000000" doc:"Events each version needs before a rate is compared"`
	}
}

type notificationsInput struct {
	OrgID string `path:"orgId" maxLength:"64"`
	PageParams
}

type unreadOutput struct {
	Body struct {
		Unread int `json:"unread"`
	}
}

type readNotificationsInput struct {
	OrgID string `path:"orgId" maxLength:"64"`
	Body  struct {
		ID string `json:"id,omitempty" maxLength:"64" doc:"The notification to mark read; absent marks them all"`
	}
}

type readNotificationsOutput struct {
	Body struct {
		Marked int `json:"marked"`
		Unread int `json:"unread"`
	}
}

func (s *Server) registerLifecycle() {
	Register(s, devRead, opGetAutoRollback, s.getAutoRollback)
	Register(s, devWrite, opSetAutoRollback, s.setAutoRollback)
	Register(s, devRead, opListNotifications, s.listNotifications)
	Register(s, devRead, opUnreadNotifications, s.countUnreadNotifications)
	Register(s, devRead, opReadNotifications, s.readNotifications)
}

var opGetAutoRollback = huma.Operation{
	OperationID: "get-autorollback",
	Method:      http.MethodGet,
	Path:        "/api/v1/orgs/{orgId}/apps/{appId}/autorollback",
	Tags:        []string{"apps"},
	Summary:     "The app's automatic rollback rules, the live comparison of a gray release and the automatic rollbacks so far",
	Description: "While a version is in gray release over a stable one, the host compares their error, timeout and payment-failure " +
		"rates (failed orderPaid events over orderPaid events) since the gray release began; when the candidate's rate exceeds " +
		"the stable's by more than margin_points with at least min_events events for each, the release rolls back by itself.",
}

func (s *Server) getAutoRollback(ctx context.Context, in *appPathInput) (*autoRollbackOutput, error) {
	svc, a, err := s.app(ctx, in.OrgID, in.AppID)
	if err != nil {
		return nil, err
	}
	st, err := svc.AutoRollbackStatus(ctx, a.ID)
	if err != nil {
		return nil, err
	}
	return &autoRollbackOutput{Body: st}, nil
}

var opSetAutoRollback = huma.Operation{
	OperationID: "set-autorollback",
	Method:      http.MethodPut,
	Path:        "/api/v1/orgs/{orgId}/apps/{appId}/autorollback",
	Tags:        []string{"apps"},
	Summary:     "Set the app's automatic rollback rules (default: on, 5 points, 50 events)",
}

func (s *Server) setAutoRollback(ctx context.Context, in *setAutoRollbackInput) (*autoRollbackOutput, error) {
	svc, a, err := s.app(ctx, in.OrgID, in.AppID)
	if err != nil {
		return nil, err
	}
	if _, err := svc.SetAutoRollback(ctx, a.ID, marketplace.AutoRollbackRules{Enabled: in.Body.Enabled, MarginPoints: in.Body.MarginPoints,
		MinEvents: in.Body.MinEvents}, caller(ctx).User.ID); err != nil {
		return nil, err
	}
	st, err := svc.AutoRollbackStatus(ctx, a.ID)
	if err != nil {
		return nil, err
	}
	return &autoRollbackOutput{Body: st}, nil
}

var opListNotifications = huma.Operation{
	OperationID: "list-notifications",
	Method:      http.MethodGet,
	Path:        "/api/v1/orgs/{orgId}/notifications",
	Tags:        []string{"apps"},
	Summary:     "The developer org's lifecycle notifications, newest first (the last 200): review decisions, installs, quarantines, automatic rollbacks",
	Description: "The same events reach the app's webhook endpoints subscribed to them (version.*, app.*, release.*).",
}

func (s *Server) listNotifications(ctx context.Context, in *notificationsInput) (*pageOutput[marketplace.Notification], error) {
	svc, err := s.apps()
	if err != nil {
		return nil, err
	}
	list, err := svc.Notifications(ctx, in.OrgID, marketplace.MaxNotifications)
	if err != nil {
		return nil, err
	}
	return pageSlice(ctx, in.PageParams, list, func(n marketplace.Notification) string { return n.ID })
}

var opUnreadNotifications = huma.Operation{
	OperationID: "count-unread-notifications",
	Method:      http.MethodGet,
	Path:        "/api/v1/orgs/{orgId}/notifications/unread",
	Tags:        []string{"apps"},
	Summary:     "How many of the org's notifications are unread",
}

func (s *Server) countUnreadNotifications(ctx context.Context, in *orgOnlyInput) (*unreadOutput, error) {
	svc, err := s.apps()
	if err != nil {
		return nil, err
	}
	out := &unreadOutput{}
	out.Body.Unread, err = svc.UnreadNotifications(ctx, in.OrgID)
	return out, err
}

type orgOnlyInput struct {
	OrgID string `path:"orgId" maxLength:"64"`
}

var opReadNotifications = huma.Operation{
	OperationID: "read-notifications",
	Method:      http.MethodPost,
	Path:        "/api/v1/orgs/{orgId}/notifications/read",
	Tags:        []string{"apps"},
	Summary:     "Mark one notification, or all of them, read (for every member of the org)",
}

func (s *Server) readNotifications(ctx context.Context, in *readNotificationsInput) (*readNotificationsOutput, error) {
	svc, err := s.apps()
	if err != nil {
		return nil, err
	}
	out := &readNotificationsOutput{}
	if out.Body.Marked, err = svc.MarkNotificationsRead(ctx, in.OrgID, in.Body.ID); err != nil {
		return nil, err
	}
	if out.Body.Unread, err = svc.UnreadNotifications(ctx, in.OrgID); err != nil {
		return nil, err
	}
	return out, nil
}
