package api

import (
	"context"
	"encoding/json"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/soukhq/souk/marketplace"
)

type installInput struct {
	OrgID string `path:"orgId" maxLength:"64"`
	Body  struct {
		AppID       string         `json:"app_id" minLength:"1" maxLength:"64"`
		Permissions []string       `json:"permissions" maxItems:"16" doc:"Exactly the permissions the released version asks for (GET /api/v1/apps/{appId})"`
		Config      map[string]any `json:"config,omitempty" doc:"Per-installation settings (a JSON object, at most 16 KiB)"`
	}
}

type installationPathInput struct {
	OrgID          string `path:"orgId" maxLength:"64"`
	InstallationID string `path:"installationId" maxLength:"64"`
}

type configInput struct {
	OrgID          string `path:"orgId" maxLength:"64"`
	InstallationID string `path:"installationId" maxLength:"64"`
	Body           struct {
		Config map[string]any `json:"config" doc:"The new settings object (replaces the old one; at most 16 KiB)"`
	}
}

type consentInput struct {
	OrgID          string `path:"orgId" maxLength:"64"`
	InstallationID string `path:"installationId" maxLength:"64"`
	Body           struct {
		Version     string   `json:"version" minLength:"1" maxLength:"64" doc:"The version in pending_consent"`
		Permissions []string `json:"permissions" maxItems:"16" doc:"Exactly what that version asks for"`
	}
}

type installationOutput struct{ Body marketplace.Installation }

type listInstallationsInput struct {
	OrgID string `path:"orgId" maxLength:"64"`
	PageParams
}

type renderInput struct {
	InstallationID string `path:"installationId" maxLength:"64"`
	Body           struct {
		Page   string         `json:"page,omitempty" maxLength:"200" doc:"The page to render (default home)"`
		Params map[string]any `json:"params,omitempty" doc:"Page parameters"`
		Locale string         `json:"locale,omitempty" maxLength:"35"`
	}
}

type actionInput struct {
	InstallationID string `path:"installationId" maxLength:"64"`
	Body           struct {
		Name   string `json:"name" minLength:"1" maxLength:"200" doc:"The action's name, from the view"`
		Args   any    `json:"args,omitempty" doc:"The action's arguments, from the view"`
		Locale string `json:"locale,omitempty" maxLength:"35"`
	}
}

// configJSON encodes a config object from a request (nil: {}).
func configJSON(c map[string]any) (json.RawMessage, error) {
	if c == nil {
		return json.RawMessage(`{}`), nil
	}
	return json.Marshal(c)
}

func (s *Server) registerInstallations() {
	Register(s, brandWrite, opInstallApp, s.installApp)
	Register(s, brandRead, opListInstallations, s.listInstallations)
	Register(s, brandRead, opGetInstallation, s.getInstallation)
	Register(s, brandWrite, opSetInstallationConfig, s.setInstallationConfig)
	Register(s, brandWrite, opConsentInstallation, s.consentInstallation)
	Register(s, brandWrite, opUninstallApp, s.uninstallApp)
	Register(s, User, opRenderInstallation, s.renderInstallation)
	Register(s, User, opActionInstallation, s.actionInstallation)
}

var opInstallApp = huma.Operation{
	OperationID:   "install-app",
	Method:        http.MethodPost,
	Path:          "/api/v1/orgs/{orgId}/installations",
	Tags:          []string{"installations"},
	Summary:       "Install a released app for your brand, granting the permissions it asks for",
	DefaultStatus: http.StatusCreated,
}

func (s *Server) installApp(ctx context.Context, in *installInput) (*installationOutput, error) {
	svc, err := s.apps()
	if err != nil {
		return nil, err
	}
	cfg, err := configJSON(in.Body.Config)
	if err != nil {
		return nil, err
	}
	perms := in.Body.Permissions
	if perms == nil {
		perms = []string{}
	}
	ins,
		err := svc.Install(ctx, in.OrgID, caller(ctx).User.ID,
		marketplace.InstallInput{AppID: in.Body.AppID, Permissions: perms, Config: cfg})
	if err != nil {
		return nil, err
	}
	return &installationOutput{Body: ins}, nil
}

var opListInstallations = huma.Operation{
	OperationID: "list-installations",
	Method:      http.MethodGet,
	Path:        "/api/v1/orgs/{orgId}/installations",
	Tags:        []string{"installations"},
	Summary:     "Your brand's installations, with any pending consent",
}

func (s *Server) listInstallations(ctx context.Context,
	in *listInstallationsInput) (*pageOutput[marketplace.Installation], error) {
	svc, err := s.apps()
	if err != nil {
		return nil, err
	}
	list, err := svc.Installations(ctx, in.OrgID)
	if err != nil {
		return nil, err
	}
	return pageSlice(ctx, in.PageParams, list, func(i marketplace.Installation) string { return i.ID })
}

var opGetInstallation = huma.Operation{
	OperationID: "get-installation",
	Method:      http.MethodGet,
	Path:        "/api/v1/orgs/{orgId}/installations/{installationId}",
	Tags:        []string{"installations"},
	Summary:     "One installation, with any pending consent",
}

func (s *Server) getInstallation(ctx context.Context, in *installationPathInput) (*installationOutput, error) {
	svc, err := s.apps()
	if err != nil {
		return nil, err
	}
	ins, err := svc.InstallationInOrg(ctx, in.OrgID, in.InstallationID)
	if err != nil {
		return nil, err
	}
	return &installationOutput{Body: ins}, nil
}

var opSetInstallationConfig = huma.Operation{
	OperationID: "set-installation-config",
	Method:      http.MethodPut,
	Path:        "/api/v1/orgs/{orgId}/installations/{installationId}/config",
	Tags:        []string{"installations"},
	Summary:     "Replace the installation's config",
}

func (s *Server) setInstallationConfig(ctx context.Context, in *configInput) (*installationOutput, error) {
	svc, err := s.apps()
	if err != nil {
		return nil, err
	}
	cfg, err := configJSON(in.Body.Config)
	if err != nil {
		return nil, err
	}
	ins, err := svc.SetConfig(ctx, in.OrgID, in.InstallationID, cfg)
	if err != nil {
		return nil, err
	}
	return &installationOutput{Body: ins}, nil
}

var opConsentInstallation = huma.Operation{
	OperationID: "consent-installation",
	Method:      http.MethodPost,
	Path:        "/api/v1/orgs/{orgId}/installations/{installationId}/consent",
	Tags:        []string{"installations"},
	Summary:     "Consent to a released version that asks for more permissions",
	Description: "Until the brand consents, the version it last consented to keeps serving its shoppers.",
}

func (s *Server) consentInstallation(ctx context.Context, in *consentInput) (*installationOutput, error) {
	svc, err := s.apps()
	if err != nil {
		return nil, err
	}
	perms := in.Body.Permissions
	if perms == nil {
		perms = []string{}
	}
	ins, err := svc.Consent(ctx, in.OrgID, in.InstallationID, in.Body.Version, perms)
	if err != nil {
		return nil, err
	}
	return &installationOutput{Body: ins}, nil
}

var opUninstallApp = huma.Operation{
	OperationID: "uninstall-app",
	Method:      http.MethodDelete,
	Path:        "/api/v1/orgs/{orgId}/installations/{installationId}",
	Tags:        []string{"installations"},
	Summary:     "Uninstall: the app stops running for your brand",
}

func (s *Server) uninstallApp(ctx context.Context, in *installationPathInput) (*installationOutput, error) {
	svc, err := s.apps()
	if err != nil {
		return nil, err
	}
	ins, err := svc.Uninstall(ctx, in.OrgID, in.InstallationID)
	if err != nil {
		return nil, err
	}
	return &installationOutput{Body: ins}, nil
}

var opRenderInstallation = huma.Operation{
	OperationID: "render-installation",
	Method:      http.MethodPost,
	Path:        "/api/v1/installations/{installationId}/render",
	Tags:        []string{"shop"},
	Summary:     "Open an installed app: run its render handler for you and return the validated view",
	Description: "The version is the one the release serves you (sticky gray release). The app's own " +
		"failures are a 200 with the outcome and the receipt id.",
}

func (s *Server) renderInstallation(ctx context.Context, in *renderInput) (*previewOutput, error) {
	page := in.Body.Page
	if page == "" {
		page = "home"
	}
	params := in.Body.Params
	if params == nil {
		params = map[string]any{}
	}
	return s.runInstallation(ctx, in.InstallationID, "render", in.Body.Locale, page, params)
}

var opActionInstallation = huma.Operation{
	OperationID: "action-installation",
	Method:      http.MethodPost,
	Path:        "/api/v1/installations/{installationId}/action",
	Tags:        []string{"shop"},
	Summary:     "Tap an action in an installed app's view; returns a view or a patch",
}

func (s *Server) actionInstallation(ctx context.Context, in *actionInput) (*previewOutput, error) {
	return s.runInstallation(ctx, in.InstallationID, "action", in.Body.Locale, in.Body.Name, in.Body.Args)
}

// runInstallation runs a shopper's render or action through RunEvent.
func (s *Server) runInstallation(ctx context.Context, installationID, handler, locale string,
	args ...any) (*previewOutput, error) {
	svc, err := s.apps()
	if err != nil {
		return nil, err
	}
	raw := make([]json.RawMessage, len(args))
	for i, a := range args {
		if raw[i], err = json.Marshal(a); err != nil {
			return nil, err
		}
	}
	res,
		err := svc.RunEvent(ctx, s.Engine,
		marketplace.EventRequest{InstallationID: installationID, ShopperID: caller(ctx).User.ID,
			Locale: locale, Handler: handler, Args: raw})
	if err != nil {
		return nil, err
	}
	// The app's error and stack stay in the receipt for its developer; the
	// shopper learns the outcome only.
	r := res.Receipt
	out := &previewOutput{Body: PreviewResult{Outcome: r.Outcome, ReceiptID: r.ID, Patch: res.Patch, Value: res.Value}}
	if res.View != nil {
		out.Body.View = res.View.Root
	}
	return out, nil
}
