package api

import (
	"bytes"
	"context"
	"encoding/json"
	"mime"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/soukhq/souk/marketplace"
	"github.com/soukhq/souk/runtime"
	"github.com/soukhq/souk/sandbox"
)

// maxBundleUpload caps a version upload: the bundle reader's archive limit.
const maxBundleUpload = 16 << 20

type appPathInput struct {
	OrgID string `path:"orgId" maxLength:"64"`
	AppID string `path:"appId" maxLength:"64"`
}

type createAppInput struct {
	OrgID string `path:"orgId" maxLength:"64"`
	Body  struct {
		Slug string `json:"slug" minLength:"1" maxLength:"64" doc:"The app's name in souk.json: lowercase letters, digits and single dashes"`
		Name string `json:"name" minLength:"1" maxLength:"100" doc:"Display name"`
	}
}

type appOutput struct{ Body marketplace.App }

type listAppsInput struct {
	OrgID string `path:"orgId" maxLength:"64"`
	PageParams
}

type uploadVersionInput struct {
	OrgID       string `path:"orgId" maxLength:"64"`
	AppID       string `path:"appId" maxLength:"64"`
	ContentType string `header:"Content-Type"`
	RawBody     []byte `contentType:"application/zip" doc:"The archive written by souk build"`
}

type versionOutput struct{ Body marketplace.Version }

type listVersionsInput struct {
	OrgID string `path:"orgId" maxLength:"64"`
	AppID string `path:"appId" maxLength:"64"`
	PageParams
}

type previewInput struct {
	OrgID   string `path:"orgId" maxLength:"64"`
	AppID   string `path:"appId" maxLength:"64"`
	Version string `path:"version" maxLength:"64"`
	Body    struct {
		Handler string `json:"handler" enum:"render,action" doc:"The handler to run"`
		Args    []any  `json:"args,omitempty" maxItems:"2" doc:"render: [page, params]; action: [name, args]. The host adds ctx."`
		Locale  string `json:"locale,omitempty" maxLength:"35"`
	}
}

// PreviewResult is a developer preview: the validated view (or patch), or
// the app's error, and the receipt the event left.
type PreviewResult struct {
	Outcome   string           `json:"outcome"`
	ReceiptID string           `json:"receipt_id"`
	View      *runtime.Node    `json:"view,omitempty" doc:"The validated, normalized view"`
	Patch     *runtime.Patch   `json:"patch,omitempty"`
	Value     json.RawMessage  `json:"value,omitempty"`
	Reason    string           `json:"reason,omitempty"`
	Error     *sandbox.JSError `json:"error,omitempty"`
}

type previewOutput struct{ Body PreviewResult }

type receiptsInput struct {
	OrgID   string    `path:"orgId" maxLength:"64"`
	AppID   string    `path:"appId" maxLength:"64"`
	Outcome string    `query:"outcome" maxLength:"32" doc:"Only receipts with this outcome (ok, error, timeout, invalid_view, …)"`
	Event   string    `query:"event" maxLength:"32" doc:"Only this handler (render, action, …)"`
	Since   time.Time `query:"since" doc:"Receipts at or after this time"`
	Until   time.Time `query:"until" doc:"Receipts before this time"`
	PageParams
}

type receiptInput struct {
	OrgID     string `path:"orgId" maxLength:"64"`
	AppID     string `path:"appId" maxLength:"64"`
	ReceiptID string `path:"receiptId" maxLength:"64"`
}

type receiptOutput struct{ Body runtime.Receipt }

// apps is the marketplace service over the engine's blob store; without an
// engine the server has no runtime and app routes answer 503.
func (s *Server) apps() (*marketplace.Service, error) {
	if s.Engine == nil {
		return nil,
			Fail(http.StatusServiceUnavailable, "runtime_unavailable",
				"the mini-program runtime is not configured on this server")
	}
	return marketplace.New(s.DB, s.Engine.Blobs()), nil
}

// app returns the app only if it belongs to the {orgId} org (404 otherwise).
func (s *Server) app(ctx context.Context, orgID, appID string) (*marketplace.Service, marketplace.App, error) {
	svc, err := s.apps()
	if err != nil {
		return nil, marketplace.App{}, err
	}
	a, err := svc.AppInOrg(ctx, orgID, appID)
	return svc, a, err
}

func (s *Server) registerApps() {
	Register(s, devWrite, opCreateApp, s.createApp)
	Register(s, devRead, opListApps, s.listApps)
	Register(s, devRead, opGetApp, s.getApp)
	Register(s, devWrite, opUploadVersion, s.uploadVersion)
	Register(s, devRead, opListVersions, s.listVersions)
	Register(s, devWrite, opPreviewVersion, s.previewVersion)
	Register(s, devRead, opListReceipts, s.listReceipts)
	Register(s, devRead, opGetReceipt, s.getReceipt)
	s.registerRecordings()
}

var opCreateApp = huma.Operation{
	OperationID:   "create-app",
	Method:        http.MethodPost,
	Path:          "/api/v1/orgs/{orgId}/apps",
	Tags:          []string{"apps"},
	Summary:       "Create an app in your developer org",
	DefaultStatus: http.StatusCreated,
}

func (s *Server) createApp(ctx context.Context, in *createAppInput) (*appOutput, error) {
	svc, err := s.apps()
	if err != nil {
		return nil, err
	}
	a, err := svc.CreateApp(ctx, in.OrgID, in.Body.Slug, in.Body.Name)
	if err != nil {
		return nil, err
	}
	return &appOutput{Body: a}, nil
}

var opListApps = huma.Operation{
	OperationID: "list-apps",
	Method:      http.MethodGet,
	Path:        "/api/v1/orgs/{orgId}/apps",
	Tags:        []string{"apps"},
	Summary:     "The org's apps",
}

func (s *Server) listApps(ctx context.Context, in *listAppsInput) (*pageOutput[marketplace.App], error) {
	svc, err := s.apps()
	if err != nil {
		return nil, err
	}
	list, err := svc.Apps(ctx, in.OrgID)
	if err != nil {
		return nil, err
	}
	return pageSlice(ctx, in.PageParams, list, func(a marketplace.App) string { return a.ID })
}

var opGetApp = huma.Operation{
	OperationID: "get-app",
	Method:      http.MethodGet,
	Path:        "/api/v1/orgs/{orgId}/apps/{appId}",
	Tags:        []string{"apps"},
	Summary:     "One of the org's apps",
}

func (s *Server) getApp(ctx context.Context, in *appPathInput) (*appOutput, error) {
	_, a, err := s.app(ctx, in.OrgID, in.AppID)
	if err != nil {
		return nil, err
	}
	return &appOutput{Body: a}, nil
}

var opUploadVersion = huma.Operation{
	OperationID: "upload-version",
	Method:      http.MethodPost,
	Path:        "/api/v1/orgs/{orgId}/apps/{appId}/versions",
	Tags:        []string{"apps"},
	Summary:     "Upload a version: the zip archive from souk build (Content-Type: application/zip)",
	Description: "The bundle is checked (archive rules, manifest, name = the app's slug, a new version) and " +
		"stored. Versions are immutable.",
	DefaultStatus: http.StatusCreated,
	MaxBodyBytes:  maxBundleUpload,
}

func (s *Server) uploadVersion(ctx context.Context, in *uploadVersionInput) (*versionOutput, error) {
	if mt, _, err := mime.ParseMediaType(in.ContentType); err != nil || mt != "application/zip" {
		return nil,
			Fail(http.StatusUnsupportedMediaType, "unsupported_media_type",
				"send the archive from souk build with Content-Type: application/zip")
	}
	svc, a, err := s.app(ctx, in.OrgID, in.AppID)
	if err != nil {
		return nil, err
	}
	v, err := svc.UploadVersion(ctx, a.ID, bytes.NewReader(in.RawBody), int64(len(in.RawBody)))
	if err != nil {
		return nil, err
	}
	return &versionOutput{Body: v}, nil
}

var opListVersions = huma.Operation{
	OperationID: "list-versions",
	Method:      http.MethodGet,
	Path:        "/api/v1/orgs/{orgId}/apps/{appId}/versions",
	Tags:        []string{"apps"},
	Summary:     "The app's versions, newest first",
}

func (s *Server) listVersions(ctx context.Context, in *listVersionsInput) (*pageOutput[marketplace.Version], error) {
	svc, a, err := s.app(ctx, in.OrgID, in.AppID)
	if err != nil {
		return nil, err
	}
	vs, err := svc.Versions(ctx, a.ID)
	if err != nil {
		return nil, err
	}
	return pageSlice(ctx, in.PageParams, vs, func(v marketplace.Version) string { return v.Version })
}

var opPreviewVersion = huma.Operation{
	OperationID: "preview-version",
	Method:      http.MethodPost,
	Path:        "/api/v1/orgs/{orgId}/apps/{appId}/versions/{version}/preview",
	Tags:        []string{"apps"},
	Summary:     "Run a handler of a version in the sandbox, as the app's developer-preview installation",
	Description: "The event runs against the installation dev_<appId> with every permission the manifest " +
		"asks for. The app's own failures (throws, timeouts, invalid views) are a 200 with the " +
		"outcome, the error and the receipt id.",
}

func (s *Server) previewVersion(ctx context.Context, in *previewInput) (*previewOutput, error) {
	svc, a, err := s.app(ctx, in.OrgID, in.AppID)
	if err != nil {
		return nil, err
	}
	v, err := svc.Version(ctx, a.ID, in.Version)
	if err != nil {
		return nil, err
	}
	args, err := previewArgs(in.Body.Handler, in.Body.Args)
	if err != nil {
		return nil, err
	}
	locale := in.Body.Locale
	if locale == "" {
		locale = "en"
	}
	res, err := s.Engine.Run(ctx, runtime.Event{
		AppID: a.ID, Version: v.Version, InstallationID: marketplace.PreviewInstallation(a.ID),
		BundleKey: v.BlobKey, BundleHash: v.BundleHash, Handler: in.Body.Handler, Args: args,
		Ctx: runtime.EventContext{Locale: locale},
	})
	if err != nil {
		return nil, err
	}
	r := res.Receipt
	out := &previewOutput{Body: PreviewResult{Outcome: r.Outcome, ReceiptID: r.ID, Patch: res.Patch,
		Value: res.Value, Reason: r.Reason, Error: r.Error}}
	if res.View != nil {
		out.Body.View = res.View.Root
	}
	return out, nil
}

var opListReceipts = huma.Operation{
	OperationID: "list-receipts",
	Method:      http.MethodGet,
	Path:        "/api/v1/orgs/{orgId}/apps/{appId}/receipts",
	Tags:        []string{"apps"},
	Summary:     "The app's event receipts, newest first, with filters and cursor paging",
}

func (s *Server) listReceipts(ctx context.Context, in *receiptsInput) (*pageOutput[runtime.Receipt], error) {
	if _, _, err := s.app(ctx, in.OrgID, in.AppID); err != nil {
		return nil, err
	}
	id := func(r runtime.Receipt) string { return r.ID }
	return listPage(ctx, in.PageParams, id, func(ctx context.Context, after string, n int) ([]runtime.Receipt, error) {
		f := runtime.ReceiptFilter{AppID: in.AppID, Outcome: in.Outcome, Event: in.Event, Since: in.Since,
			Until: in.Until, Limit: n}
		if after != "" {
			r, err := s.Engine.Receipt(ctx, in.AppID, after)
			if err != nil {
				return nil, errInvalidCursor
			}
			f.Cursor = runtime.CursorAfter(r)
		}
		p, err := s.Engine.Receipts(ctx, f)
		return p.Receipts, err
	})
}

var opGetReceipt = huma.Operation{
	OperationID: "get-receipt",
	Method:      http.MethodGet,
	Path:        "/api/v1/orgs/{orgId}/apps/{appId}/receipts/{receiptId}",
	Tags:        []string{"apps"},
	Summary:     "One receipt with its captured console and log lines",
}

func (s *Server) getReceipt(ctx context.Context, in *receiptInput) (*receiptOutput, error) {
	if _, _, err := s.app(ctx, in.OrgID, in.AppID); err != nil {
		return nil, err
	}
	r, err := s.Engine.Receipt(ctx, in.AppID, in.ReceiptID)
	if err != nil {
		return nil, err
	}
	return &receiptOutput{Body: r}, nil
}

// previewArgs fills in a handler's arguments (ctx is added by the engine):
// render gets [page ("home"), params ({})], action [name, args (null)].
func previewArgs(handler string, in []any) ([]json.RawMessage, error) {
	args := make([]any, 2)
	copy(args, in)
	switch handler {
	case "render":
		if args[0] == nil {
			args[0] = "home"
		}
		if args[1] == nil {
			args[1] = map[string]any{}
		}
	case "action":
		if name, ok := args[0].(string); !ok || name == "" {
			return nil,
				Fail(http.StatusBadRequest, "invalid_request", "an action preview needs args[0], the action's name")
		}
	}
	out := make([]json.RawMessage, len(args))
	for i, a := range args {
		b, err := json.Marshal(a)
		if err != nil {
			return nil, err
		}
		out[i] = b
	}
	return out, nil
}
