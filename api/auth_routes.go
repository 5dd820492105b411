package api

import (
	"context"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/soukhq/souk/identity"
)

// Credentials is the body of signup and login.
type Credentials struct {
	Email    string `json:"email" maxLength:"254" doc:"Email address"`
	Password string `json:"password" maxLength:"256" doc:"At least 8 characters"`
}

type credentialsInput struct {
	Body Credentials
}

type userOutput struct {
	Body identity.User
}

// LoginResult carries the session token (also set as an HttpOnly cookie)
// and the CSRF token a cookie-based client must echo in X-CSRF-Token.
type LoginResult struct {
	Token     string        `json:"token"`
	CSRFToken string        `json:"csrf_token"`
	ExpiresAt time.Time     `json:"expires_at"`
	User      identity.User `json:"user"`
}

type loginOutput struct {
	SetCookie []http.Cookie `header:"Set-Cookie"`
	Body      LoginResult
}

type logoutOutput struct {
	SetCookie http.Cookie `header:"Set-Cookie"`
}

// Me is who is calling, with their organisations.
type Me struct {
	User   identity.User         `json:"user"`
	Via    string                `json:"via" enum:"session,token"`
	Orgs   []identity.Membership `json:"orgs"`
	PINSet bool                  `json:"pin_set"`
}

type meOutput struct{ Body Me }

type setPINInput struct {
	Body struct {
		Password string `json:"password" maxLength:"256" doc:"The account password, to prove it is really you"`
		PIN      string `json:"pin" minLength:"6" maxLength:"6" pattern:"^[0-9]{6}$" doc:"Six digits"`
	}
}

type createTokenInput struct {
	Body struct {
		Name          string   `json:"name" minLength:"1" maxLength:"100"`
		Scopes        []string `json:"scopes" minItems:"1" maxItems:"2" doc:"read and/or write" enum:"read,write"`
		ExpiresInDays int      `json:"expires_in_days,omitempty" minimum:"0" maximum:"3650" doc:"0 or absent: never expires"`
	}
}

// CreatedToken shows the secret once.
type CreatedToken struct {
	Token string            `json:"token" doc:"The secret; it is shown only now"`
	Info  identity.APIToken `json:"info"`
}

type createTokenOutput struct{ Body CreatedToken }

type tokenIDInput struct {
	TokenID string `path:"tokenId" maxLength:"64"`
}

type empty struct{}

func (s *Server) registerAuth() {
	s.limitAuthRoutes()
	Register(s, Public, opSignup, s.signup)
	Register(s, Public, opLogin, s.login)
	Register(s, User, opLogout, s.logout)
	Register(s, User, opGetMe, s.getMe)
	Register(s, User, opSetPin, s.setPin)
	Register(s, User, opListTokens, s.listTokens)
	Register(s, User, opCreateToken, s.createToken)
	Register(s, User, opGetToken, s.getToken)
	Register(s, User, opRevokeToken, s.revokeToken)
}

var opSignup = huma.Operation{
	OperationID:   "signup",
	Method:        http.MethodPost,
	Path:          "/api/v1/auth/signup",
	Tags:          []string{"auth"},
	Summary:       "Create an account",
	DefaultStatus: http.StatusCreated,
}

func (s *Server) signup(ctx context.Context, in *credentialsInput) (*userOutput, error) {
	u, err := s.Identity.Signup(ctx, in.Body.Email, in.Body.Password)
	if err != nil {
		return nil, err
	}
	return &userOutput{Body: u}, nil
}

var opLogin = huma.Operation{
	OperationID: "login",
	Method:      http.MethodPost,
	Path:        "/api/v1/auth/login",
	Tags:        []string{"auth"},
	Summary:     "Sign in",
	Description: "Answers the session token and sets it as an HttpOnly cookie; cookie clients send the CSRF " +
		"token in X-CSRF-Token on unsafe methods.",
}

func (s *Server) login(ctx context.Context, in *credentialsInput) (*loginOutput, error) {
	sess, u, err := s.Identity.Login(ctx, in.Body.Email, in.Body.Password)
	if err != nil {
		return nil, err
	}
	return &loginOutput{
		SetCookie: []http.Cookie{sessionCookieFor(ctx, sess.Token, sess.ExpiresAt)},
		Body:      LoginResult{Token: sess.Token, CSRFToken: sess.CSRFToken, ExpiresAt: sess.ExpiresAt, User: u},
	}, nil
}

var opLogout = huma.Operation{
	OperationID:   "logout",
	Method:        http.MethodPost,
	Path:          "/api/v1/auth/logout",
	Tags:          []string{"auth"},
	Summary:       "End the current session",
	DefaultStatus: http.StatusNoContent,
}

func (s *Server) logout(ctx context.Context, in *empty) (*logoutOutput, error) {
	if tok := sessionToken(ctx); tok != "" {
		if err := s.Identity.Logout(ctx, tok); err != nil {
			return nil, err
		}
	}
	return &logoutOutput{SetCookie: sessionCookieFor(ctx, "", time.Unix(0, 0))}, nil
}

var opGetMe = huma.Operation{
	OperationID: "get-me",
	Method:      http.MethodGet,
	Path:        "/api/v1/me",
	Tags:        []string{"auth"},
	Summary:     "Who is calling",
}

func (s *Server) getMe(ctx context.Context, in *empty) (*meOutput, error) {
	c := caller(ctx)
	orgs, err := s.Identity.Memberships(ctx, c.User.ID)
	if err != nil {
		return nil, err
	}
	pinSet := false
	if s.Payments != nil {
		if pinSet, err = s.Payments.HasPIN(ctx, c.User.ID); err != nil {
			return nil, err
		}
	}
	return &meOutput{Body: Me{User: c.User, Via: c.Via, Orgs: orgs, PINSet: pinSet}}, nil
}

var opSetPin = huma.Operation{
	OperationID:   "set-pin",
	Method:        http.MethodPut,
	Path:          "/api/v1/me/pin",
	Tags:          []string{"auth"},
	Summary:       "Set or change the payment PIN",
	DefaultStatus: http.StatusNoContent,
}

func (s *Server) setPin(ctx context.Context, in *setPINInput) (*struct{}, error) {
	if s.Payments == nil {
		return nil,
			Fail(http.StatusServiceUnavailable, "payments_unavailable", "payments are not configured on this server")
	}
	id := caller(ctx).User.ID
	if err := s.Identity.CheckPassword(ctx, id, in.Body.Password); err != nil {
		return nil, err
	}
	return nil, s.Payments.SetPIN(ctx, id, in.Body.PIN)
}

var opListTokens = huma.Operation{
	OperationID: "list-tokens",
	Method:      http.MethodGet,
	Path:        "/api/v1/me/tokens",
	Tags:        []string{"auth"},
	Summary:     "List my API tokens",
}

func (s *Server) listTokens(ctx context.Context, in *listTokensInput) (*pageOutput[identity.APIToken], error) {
	ts, err := s.Identity.ListAPITokens(ctx, caller(ctx).User.ID)
	if err != nil {
		return nil, err
	}
	return pageSlice(ctx, in.PageParams, ts, func(t identity.APIToken) string { return t.ID })
}

type listTokensInput struct{ PageParams }

type tokenOutput struct{ Body identity.APIToken }

var opGetToken = huma.Operation{
	OperationID: "get-token",
	Method:      http.MethodGet,
	Path:        "/api/v1/me/tokens/{tokenId}",
	Tags:        []string{"auth"},
	Summary:     "One of my API tokens",
}

func (s *Server) getToken(ctx context.Context, in *tokenIDInput) (*tokenOutput, error) {
	ts, err := s.Identity.ListAPITokens(ctx, caller(ctx).User.ID)
	if err != nil {
		return nil, err
	}
	for _, t := range ts {
		if t.ID == in.TokenID {
			return &tokenOutput{Body: t}, nil
		}
	}
	return nil, identity.ErrNotFound
}

var opCreateToken = huma.Operation{
	OperationID:   "create-token",
	Method:        http.MethodPost,
	Path:          "/api/v1/me/tokens",
	Tags:          []string{"auth"},
	Summary:       "Create an API token for the CLI",
	DefaultStatus: http.StatusCreated,
}

func (s *Server) createToken(ctx context.Context, in *createTokenInput) (*createTokenOutput, error) {
	ttl := time.Duration(in.Body.ExpiresInDays) * 24 * time.Hour
	tok, info, err := s.Identity.CreateAPIToken(ctx, caller(ctx).User.ID, in.Body.Name, in.Body.Scopes, ttl)
	if err != nil {
		return nil, err
	}
	return &createTokenOutput{Body: CreatedToken{Token: tok, Info: info}}, nil
}

var opRevokeToken = huma.Operation{
	OperationID:   "revoke-token",
	Method:        http.MethodDelete,
	Path:          "/api/v1/me/tokens/{tokenId}",
	Tags:          []string{"auth"},
	Summary:       "Revoke an API token",
	DefaultStatus: http.StatusNoContent,
}

func (s *Server) revokeToken(ctx context.Context, in *tokenIDInput) (*struct{}, error) {
	return nil, s.Identity.RevokeAPIToken(ctx, caller(ctx).User.ID, in.TokenID)
}

type secureKey struct{}
type sessionTokenKey struct{}

// sessionCookieFor builds the session cookie: HttpOnly, SameSite=Lax, and
// Secure when the request came over TLS.
func sessionCookieFor(ctx context.Context, token string, expires time.Time) http.Cookie {
	secure, _ := ctx.Value(secureKey{}).(bool)
	return http.Cookie{Name: sessionCookie, Value: token, Path: "/", Expires: expires, HttpOnly: true, Secure: secure,
		SameSite: http.SameSiteLaxMode}
}

func sessionToken(ctx context.Context) string {
	t, _ := ctx.Value(sessionTokenKey{}).(string)
	return t
}
