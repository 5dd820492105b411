package api

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/soukhq/souk/marketplace"
	"github.com/soukhq/souk/sandbox"
)

type versionPathInput struct {
	OrgID   string `path:"orgId" maxLength:"64"`
	AppID   string `path:"appId" maxLength:"64"`
	Version string `path:"version" maxLength:"64"`
}

// VersionDetail is a version with its review history.
type VersionDetail struct {
	marketplace.Version
	History []marketplace.VersionEvent `json:"history" doc:"Review moves: submit, withdraw, approve, reject; who and when"`
}

type versionDetailOutput struct{ Body VersionDetail }

type releaseInput struct {
	OrgID string `path:"orgId" maxLength:"64"`
	AppID string `path:"appId" maxLength:"64"`
	Body  struct {
		Version string `json:"version" minLength:"1" maxLength:"64" doc:"An approved version"`
		Percent int    `json:"percent" minimum:"1" maximum:"100" doc:"Share of shoppers (sticky per shopper); can only rise for a candidate; 100 makes it stable"`
	}
}

type rollbackInput struct {
	OrgID string `path:"orgId" maxLength:"64"`
	AppID string `path:"appId" maxLength:"64"`
	Body  struct {
		Version string `json:"version" minLength:"1" maxLength:"64" doc:"One of the kept versions (the last 10 stable ones)"`
	}
}

// Releases is an app's release state, the versions a rollback may go to
// and the history of release steps.
type Releases struct {
	State   marketplace.ReleaseState   `json:"state"`
	Kept    []string                   `json:"kept" doc:"Versions a rollback may go to, most recently stable first"`
	History []marketplace.ReleaseEntry `json:"history" doc:"Newest first"`
}

type releasesOutput struct{ Body Releases }

type releaseStateOutput struct{ Body marketplace.ReleaseState }

// AppStatus is the developer's view of a running app: what is released,
// how many brands run it and whether the sandbox has quarantined a version.
type AppStatus struct {
	Release       marketplace.ReleaseState `json:"release"`
	Installations int                      `json:"installations" doc:"Active installations"`
	Quarantined   []sandbox.Quarantine     `json:"quarantined" doc:"Versions the sandbox currently refuses for killing workers"`
	Healthy       bool                     `json:"healthy" doc:"No version is quarantined"`
}

type appStatusOutput struct{ Body AppStatus }

type pageInput struct{ PageParams }

type reviewPathInput struct {
	AppID   string `path:"appId" maxLength:"64"`
	Version string `path:"version" maxLength:"64"`
}

type approveInput struct {
	AppID   string `path:"appId" maxLength:"64"`
	Version string `path:"version" maxLength:"64"`
	Body    struct {
		Message string `json:"message,omitempty" maxLength:"2000" doc:"A note for the developer"`
	}
}

type rejectInput struct {
	AppID   string `path:"appId" maxLength:"64"`
	Version string `path:"version" maxLength:"64"`
	Body    struct {
		Reasons []string `json:"reasons" minItems:"1" maxItems:"6" doc:"broken_functionality, misleading_content, permission_overreach, policy_violation, security_risk, other"`
		Message string   `json:"message" minLength:"1" maxLength:"2000" doc:"What the developer must change"`
	}
}

type storeAppInput struct {
	AppID string `path:"appId" maxLength:"64"`
}

type storeAppOutput struct{ Body marketplace.ListedApp }

func (s *Server) versionDetail(ctx context.Context, svc *marketplace.Service,
	v marketplace.Version) (*versionDetailOutput, error) {
	h, err := svc.VersionEvents(ctx, v.AppID, v.Version)
	if err != nil {
		return nil, err
	}
	return &versionDetailOutput{Body: VersionDetail{Version: v, History: h}}, nil
}

func (s *Server) registerMarketplace() {
	Register(s, devWrite, opSubmitVersion, s.submitVersion)
	Register(s, devWrite, opWithdrawVersion, s.withdrawVersion)
	Register(s, devRead, opGetVersion, s.getVersion)
	Register(s, devWrite, opReleaseApp, s.releaseApp)
	Register(s, devWrite, opRollbackApp, s.rollbackApp)
	Register(s, devRead, opGetReleases, s.getReleases)
	Register(s, devRead, opGetAppStatus, s.getAppStatus)
	Register(s, Reviewer, opListReviewQueue, s.listReviewQueue)
	Register(s, Reviewer, opGetReviewVersion, s.getReviewVersion)
	Register(s, Reviewer, opApproveVersion, s.approveVersion)
	Register(s, Reviewer, opRejectVersion, s.rejectVersion)
	Register(s, Public, opListStoreApps, s.listStoreApps)
	Register(s, Public, opGetStoreApp, s.getStoreApp)
}

var opSubmitVersion = huma.Operation{
	OperationID: "submit-version",
	Method:      http.MethodPost,
	Path:        "/api/v1/orgs/{orgId}/apps/{appId}/versions/{version}/submit",
	Tags:        []string{"apps"},
	Summary:     "Submit a version whose checks passed to review (ready → in_review)",
}

func (s *Server) submitVersion(ctx context.Context, in *versionPathInput) (*versionDetailOutput, error) {
	return s.moveVersion(ctx, in, (*marketplace.Service).Submit)
}

var opWithdrawVersion = huma.Operation{
	OperationID: "withdraw-version",
	Method:      http.MethodPost,
	Path:        "/api/v1/orgs/{orgId}/apps/{appId}/versions/{version}/withdraw",
	Tags:        []string{"apps"},
	Summary:     "Take a version back out of review (in_review → ready)",
}

func (s *Server) withdrawVersion(ctx context.Context, in *versionPathInput) (*versionDetailOutput, error) {
	return s.moveVersion(ctx, in, (*marketplace.Service).Withdraw)
}

type versionMove func(*marketplace.Service, context.Context, string, string, string) (marketplace.Version, error)

// moveVersion applies a developer's review move to a version.
func (s *Server) moveVersion(ctx context.Context, in *versionPathInput, move versionMove) (*versionDetailOutput,
	error) {
	svc, a, err := s.app(ctx, in.OrgID, in.AppID)
	if err != nil {
		return nil, err
	}
	v, err := move(svc, ctx, a.ID, in.Version, caller(ctx).User.ID)
	if err != nil {
		return nil, err
	}
	return s.versionDetail(ctx, svc, v)
}

var opGetVersion = huma.Operation{
	OperationID: "get-version",
	Method:      http.MethodGet,
	Path:        "/api/v1/orgs/{orgId}/apps/{appId}/versions/{version}",
	Tags:        []string{"apps"},
	Summary:     "One version: its checks, permission diff, review decision and history",
}

func (s *Server) getVersion(ctx context.Context, in *versionPathInput) (*versionDetailOutput, error) {
	svc, a, err := s.app(ctx, in.OrgID, in.AppID)
	if err != nil {
		return nil, err
	}
	v, err := svc.Version(ctx, a.ID, in.Version)
	if err != nil {
		return nil, err
	}
	return s.versionDetail(ctx, svc, v)
}

var opReleaseApp = huma.Operation{
	OperationID: "release-app",
	Method:      http.MethodPost,
	Path:        "/api/v1/orgs/{orgId}/apps/{appId}/release",
	Tags:        []string{"apps"},
	Summary:     "Release an approved version to a percentage of shoppers",
	Description: "Shoppers are placed by a hash of (app, shopper), so each keeps seeing the same version. " +
		"For one candidate the percentage can only rise; 100 makes it the stable version.",
}

func (s *Server) releaseApp(ctx context.Context, in *releaseInput) (*releaseStateOutput, error) {
	svc, a, err := s.app(ctx, in.OrgID, in.AppID)
	if err != nil {
		return nil, err
	}
	st, err := svc.Release(ctx, a.ID, in.Body.Version, in.Body.Percent, caller(ctx).User.ID)
	if err != nil {
		return nil, err
	}
	return &releaseStateOutput{Body: st}, nil
}

var opRollbackApp = huma.Operation{
	OperationID: "rollback-app",
	Method:      http.MethodPost,
	Path:        "/api/v1/orgs/{orgId}/apps/{appId}/rollback",
	Tags:        []string{"apps"},
	Summary:     "Roll back to a kept version, at once for every shopper",
}

func (s *Server) rollbackApp(ctx context.Context, in *rollbackInput) (*releaseStateOutput, error) {
	svc, a, err := s.app(ctx, in.OrgID, in.AppID)
	if err != nil {
		return nil, err
	}
	st, err := svc.Rollback(ctx, a.ID, in.Body.Version, caller(ctx).User.ID)
	if err != nil {
		return nil, err
	}
	return &releaseStateOutput{Body: st}, nil
}

var opGetReleases = huma.Operation{
	OperationID: "get-releases",
	Method:      http.MethodGet,
	Path:        "/api/v1/orgs/{orgId}/apps/{appId}/releases",
	Tags:        []string{"apps"},
	Summary:     "The app's release state, kept versions and release history",
}

func (s *Server) getReleases(ctx context.Context, in *appPathInput) (*releasesOutput, error) {
	svc, a, err := s.app(ctx, in.OrgID, in.AppID)
	if err != nil {
		return nil, err
	}
	out := &releasesOutput{}
	if out.Body.State, err = svc.ReleaseState(ctx, a.ID); err != nil {
		return nil, err
	}
	if out.Body.Kept, err = svc.KeptVersions(ctx, a.ID); err != nil {
		return nil, err
	}
	if out.Body.History, err = svc.Releases(ctx, a.ID); err != nil {
		return nil, err
	}
	return out, nil
}

var opGetAppStatus = huma.Operation{
	OperationID: "get-app-status",
	Method:      http.MethodGet,
	Path:        "/api/v1/orgs/{orgId}/apps/{appId}/status",
	Tags:        []string{"apps"},
	Summary:     "The app's health: release, active installations and any sandbox quarantine",
}

func (s *Server) getAppStatus(ctx context.Context, in *appPathInput) (*appStatusOutput, error) {
	svc, a, err := s.app(ctx, in.OrgID, in.AppID)
	if err != nil {
		return nil, err
	}
	out := &appStatusOutput{}
	out.Body.Quarantined = []sandbox.Quarantine{}
	if out.Body.Release, err = svc.ReleaseState(ctx, a.ID); err != nil {
		return nil, err
	}
	if out.Body.Installations, err = svc.ActiveInstallations(ctx, a.ID); err != nil {
		return nil, err
	}
	for _, q := range s.Engine.Quarantined() {
		if q.AppID == a.ID {
			out.Body.Quarantined = append(out.Body.Quarantined, q)
		}
	}
	out.Body.Healthy = len(out.Body.Quarantined) == 0
	return out, nil
}

var opListReviewQueue = huma.Operation{
	OperationID: "list-review-queue",
	Method:      http.MethodGet,
	Path:        "/api/v1/review/queue",
	Tags:        []string{"review"},
	Summary:     "Versions waiting for review, longest waiting first",
}

func (s *Server) listReviewQueue(ctx context.Context, in *pageInput) (*pageOutput[marketplace.Version], error) {
	svc, err := s.apps()
	if err != nil {
		return nil, err
	}
	list, err := svc.ReviewQueue(ctx)
	if err != nil {
		return nil, err
	}
	return pageSlice(ctx, in.PageParams, list, func(v marketplace.Version) string { return v.AppID + "@" + v.Version })
}

var opGetReviewVersion = huma.Operation{
	OperationID: "get-review-version",
	Method:      http.MethodGet,
	Path:        "/api/v1/review/apps/{appId}/versions/{version}",
	Tags:        []string{"review"},
	Summary:     "A version under review, with its checks and history",
}

func (s *Server) getReviewVersion(ctx context.Context, in *reviewPathInput) (*versionDetailOutput, error) {
	svc, err := s.apps()
	if err != nil {
		return nil, err
	}
	v, err := svc.Version(ctx, in.AppID, in.Version)
	if err != nil {
		return nil, err
	}
	return s.versionDetail(ctx, svc, v)
}

var opApproveVersion = huma.Operation{
	OperationID: "approve-version",
	Method:      http.MethodPost,
	Path:        "/api/v1/review/apps/{appId}/versions/{version}/approve",
	Tags:        []string{"review"},
	Summary:     "Approve a version in review",
}

func (s *Server) approveVersion(ctx context.Context, in *approveInput) (*versionDetailOutput, error) {
	svc, err := s.apps()
	if err != nil {
		return nil, err
	}
	v, err := svc.Approve(ctx, in.AppID, in.Version, caller(ctx).User.ID, in.Body.Message)
	if err != nil {
		return nil, err
	}
	return s.versionDetail(ctx, svc, v)
}

var opRejectVersion = huma.Operation{
	OperationID: "reject-version",
	Method:      http.MethodPost,
	Path:        "/api/v1/review/apps/{appId}/versions/{version}/reject",
	Tags:        []string{"review"},
	Summary:     "Reject a version in review with reason codes and a message the developer sees",
}

func (s *Server) rejectVersion(ctx context.Context, in *rejectInput) (*versionDetailOutput, error) {
	svc, err := s.apps()
	if err != nil {
		return nil, err
	}
	v, err := svc.Reject(ctx, in.AppID, in.Version, caller(ctx).User.ID, in.Body.Reasons, in.Body.Message)
	if err != nil {
		return nil, err
	}
	return s.versionDetail(ctx, svc, v)
}

var opListStoreApps = huma.Operation{
	OperationID: "list-store-apps",
	Method:      http.MethodGet,
	Path:        "/api/v1/apps",
	Tags:        []string{"store"},
	Summary:     "Released apps",
}

func (s *Server) listStoreApps(ctx context.Context, in *pageInput) (*pageOutput[marketplace.ListedApp], error) {
	svc, err := s.apps()
	if err != nil {
		return nil, err
	}
	list, err := svc.ListedApps(ctx)
	if err != nil {
		return nil, err
	}
	return pageSlice(ctx, in.PageParams, list, func(a marketplace.ListedApp) string { return a.ID })
}

var opGetStoreApp = huma.Operation{
	OperationID: "get-store-app",
	Method:      http.MethodGet,
	Path:        "/api/v1/apps/{appId}",
	Tags:        []string{"store"},
	Summary:     "A released app: its current version, description and the permissions an install grants",
}

func (s *Server) getStoreApp(ctx context.Context, in *storeAppInput) (*storeAppOutput, error) {
	svc, err := s.apps()
	if err != nil {
		return nil, err
	}
	a, err := svc.ListedApp(ctx, in.AppID)
	if err != nil {
		return nil, err
	}
	return &storeAppOutput{Body: a}, nil
}
