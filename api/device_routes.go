package api

import (
	"context"
	"net/http"
	"net/url"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/soukhq/souk/identity"
)

// Device authorization (RFC 8628) for `souk login`: the CLI asks for a
// device code, the person approves its user code on /device in a signed-in
// browser, the CLI polls for its API token. Errors use souk's error body
// with the RFC's codes (authorization_pending, slow_down, expired_token,
// access_denied, invalid_grant), all with status 400.

type deviceCodeInput struct {
	Host string `header:"Host"`
	Body struct {
		ClientName string `json:"client_name,omitempty" maxLength:"100" doc:"Shown to the person approving, e.g. \"souk CLI on laptop\""`
	}
}

// DeviceCode is a started device authorization.
type DeviceCode struct {
	DeviceCode              string `json:"device_code" doc:"The client's secret: poll POST /api/v1/device/token with it"`
	UserCode                string `json:"user_code" doc:"What the person enters on the verification page, e.g. BCDF-GHJK"`
	VerificationURI         string `json:"verification_uri"`
	VerificationURIComplete string `json:"verification_uri_complete" doc:"The page with the user code filled in"`
	ExpiresIn               int    `json:"expires_in" doc:"Seconds the codes are valid"`
	Interval                int    `json:"interval" doc:"Seconds to wait between polls"`
}

type deviceCodeOutput struct{ Body DeviceCode }

type deviceTokenInput struct {
	Body struct {
		DeviceCode string `json:"device_code" minLength:"1" maxLength:"200"`
		TokenName  string `json:"token_name,omitempty" maxLength:"100" doc:"The API token's name (default: the client name)"`
	}
}

// DeviceToken is the API token an approved device code is exchanged for.
type DeviceToken struct {
	AccessToken string            `json:"access_token" doc:"An API token with the read and write scopes; shown once"`
	TokenType   string            `json:"token_type" enum:"Bearer"`
	Token       identity.APIToken `json:"token"`
}

type deviceTokenOutput struct{ Body DeviceToken }

func (s *Server) registerDevice() {
	Register(s, Public, opDeviceCode, s.deviceCode)
	Register(s, Public, opDeviceToken, s.deviceToken)
}

var opDeviceCode = huma.Operation{
	OperationID: "device-code",
	Method:      http.MethodPost,
	Path:        "/api/v1/device/code",
	Tags:        []string{"auth"},
	Summary:     "Start a device authorization (RFC 8628): a device code for the client, a user code for the person",
	Description: "Rate-limited per client address like sign-in. The person opens verification_uri signed in, checks the " +
		"user code and which client asks, and approves or denies; the codes expire after 10 minutes.",
}

func (s *Server) deviceCode(ctx context.Context, in *deviceCodeInput) (*deviceCodeOutput, error) {
	addr, _ := ClientAddr(ctx)
	a, err := s.Identity.StartDevice(ctx, in.Body.ClientName, addr.String())
	if err != nil {
		return nil, err
	}
	scheme := "http"
	if secure, _ := ctx.Value(secureKey{}).(bool); secure {
		scheme = "https"
	}
	uri := (&url.URL{Scheme: scheme, Host: in.Host, Path: "/device"}).String()
	return &deviceCodeOutput{Body: DeviceCode{DeviceCode: a.DeviceCode, UserCode: a.UserCode, VerificationURI: uri,
		VerificationURIComplete: uri + "?code=" + url.QueryEscape(a.UserCode),
		ExpiresIn:               int(time.Until(a.ExpiresAt).Round(time.Second) / time.Second), Interval: int(a.Interval / time.Second)}}, nil
}

var opDeviceToken = huma.Operation{
	OperationID: "device-token",
	Method:      http.MethodPost,
	Path:        "/api/v1/device/token",
	Tags:        []string{"auth"},
	Summary:     "Poll a device authorization; once approved, get an API token (once)",
	Description: "Until the person decides: 400 authorization_pending (or slow_down when polled faster than the interval, " +
		"which grows by 5 s). Then 400 access_denied, or the token; afterwards the code answers invalid_grant. An expired " +
		"code answers expired_token.",
}

func (s *Server) deviceToken(ctx context.Context, in *deviceTokenInput) (*deviceTokenOutput, error) {
	tok, info, err := s.Identity.PollDevice(ctx, in.Body.DeviceCode, in.Body.TokenName)
	if err != nil {
		return nil, err
	}
	return &deviceTokenOutput{Body: DeviceToken{AccessToken: tok, TokenType: "Bearer", Token: info}}, nil
}
