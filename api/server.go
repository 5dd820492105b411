// Package api is souk's JSON REST API under /api/v1: fiber for HTTP, huma
// for typed operations, validation and the OpenAPI 3.1 document served at
// /api/openapi.json. Handlers are thin: they authorize the caller, call a
// domain service and map its errors. Pages live in web/, not here.
package api

import (
	"context"
	"database/sql"
	"errors"
	"log/slog"
	"net/http"
	"net/netip"
	"time"

	"github.com/danielgtaylor/huma/v2"
	"github.com/danielgtaylor/huma/v2/adapters/humafiber"
	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/requestid"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/soukhq/souk/chat"
	"github.com/soukhq/souk/chat/realtime"
	"github.com/soukhq/souk/commerce"
	"github.com/soukhq/souk/credit"
	"github.com/soukhq/souk/identity"
	"github.com/soukhq/souk/internal/tracing"
	"github.com/soukhq/souk/invoice"
	"github.com/soukhq/souk/payments"
	"github.com/soukhq/souk/payments/stripefunding"
	"github.com/soukhq/souk/runtime"
	"github.com/soukhq/souk/store"
	"github.com/soukhq/souk/webhooks"
)

// Version is the API version reported in the OpenAPI document.
const Version = "0.1.0"

// Pinger is anything /readyz checks (the database, the blob store).
type Pinger interface {
	Ping(ctx context.Context) error
}

// Deps are the services the API serves.
type Deps struct {
	DB       *store.DB
	Identity *identity.Service
	// Ready lists the dependencies /readyz pings, by name.
	Ready map[string]Pinger
	Log   *slog.Logger
	// Metrics is where HTTP and pool metrics are registered; /metrics serves it.
	Metrics *prometheus.Registry
	// MaxBodyBytes bounds JSON request bodies (default 64 KiB).
	MaxBodyBytes int64
	// Engine runs mini-programs and holds their receipts; app routes answer
	// 503 without it.
	Engine *runtime.Engine
	// Payments is the wallet, payment and ledger service (nil: no money routes).
	Payments *payments.Service
	// Commerce is the catalog, stock and order service (nil: no commerce routes).
	Commerce *commerce.Service
	// SimBank, when set, is the simulated bank behind Payments; admins can
	// answer for it through the API (development and tests).
	SimBank *payments.SimBank
	// Stripe, when set, is the Stripe funding source: its webhook,
	// onboarding and top-up client-secret routes exist.
	Stripe *stripefunding.Source
	// ChatMoney is transfers and red packets in chat (nil: no such routes).
	ChatMoney *chat.ChatMoney
	// AuthRateLimit is how many login, signup or PIN requests one client
	// address may make on each of those routes per AuthRateWindow (default
	// 20), counted in the database so that all nodes share the budget.
	AuthRateLimit int
	// AuthRateWindow is the window of AuthRateLimit (default 1 minute).
	AuthRateWindow time.Duration
	// TrustedProxies are the proxies (load balancers) whose X-Forwarded-For
	// is believed: a request from one of them is from the right-most
	// forwarded address that is not itself a trusted proxy. Empty: the
	// header is ignored and the client is the socket's peer.
	TrustedProxies []netip.Prefix
	// MetricsToken, when set, is the bearer token /metrics requires.
	MetricsToken string
	// Chat is the messaging service (nil: no chat routes).
	Chat *chat.Service
	// PublicURL is the public origin (SOUK_PUBLIC_URL) that links, QR codes
	// and verify links the API hands out point at; empty: the request's.
	PublicURL string
	// Invoices issues and verifies e-invoices (nil: no invoice routes).
	Invoices *invoice.Service
	// Credit is scores, deposits and pay-later (nil: no credit routes).
	Credit *credit.Service
	// Webhooks is the developer webhooks service (nil: its routes answer 503).
	Webhooks *webhooks.Service
	// Logistics is shipments, carrier webhooks and the simulated carrier
	// (nil: its routes answer 503).
	Logistics *commerce.Logistics
	// Realtime serves the chat WebSocket (nil: no socket route).
	Realtime *realtime.Hub
	// AllowedOrigins are the browser origins (scheme://host[:port]) besides
	// the request's own host that may open the chat WebSocket.
	AllowedOrigins []string
}

// Server is the API: a fiber app with the huma API mounted on it.
type Server struct {
	Deps
	App *fiber.App
	API huma.API
	// Routes records every registered operation with its access policy, for
	// the authorization matrix test and the OpenAPI coverage test.
	Routes []Route
	// panics counts recovered handler panics (souk_http_panics_total).
	panics *prometheus.CounterVec
}

// Route is one registered operation.
type Route struct {
	Method, Path, OperationID string
	Access                    Access
}

// New builds the API. Extra route groups can be added with Register before
// the server starts.
func New(d Deps) *Server {
	if d.Log == nil {
		d.Log = slog.Default()
	}
	if d.Metrics == nil {
		d.Metrics = prometheus.NewRegistry()
	}
	if d.MaxBodyBytes == 0 {
		d.MaxBodyBytes = 64 << 10
	}
	if d.AuthRateLimit == 0 {
		d.AuthRateLimit = 20
	}
	if d.AuthRateWindow == 0 {
		d.AuthRateWindow = time.Minute
	}
	s := &Server{Deps: d}
	s.App = fiber.New(fiber.Config{
		AppName:      "souk",
		BodyLimit:    64 << 20, // bundle uploads; JSON operations are capped much lower by huma
		ReadTimeout:  30 * time.Second,
		WriteTimeout: 60 * time.Second,
		IdleTimeout:  120 * time.Second,
		ErrorHandler: s.fiberError,
		// Strings from fiber.Ctx (path parameters, headers, the body) alias
		// fasthttp's buffers, which the next request on the connection
		// overwrites. Handlers hand such strings to work that outlives the
		// request (a chat event queued for sockets), so every value is
		// copied: without this, conversation ids changed under queued chat
		// events and sockets got messages twice or under foreign ids.
		Immutable: true,
		// Names in /metrics come from route templates, never raw paths.
		DisableStartupMessage: true,
	})
	var pool *sql.DB
	if d.DB != nil {
		pool = d.DB.SQL()
	}
	m := newHTTPMetrics(d.Metrics, pool)
	s.panics = m.panics
	s.App.Use(requestid.New(requestid.Config{Header: "X-Request-Id"}))
	if tracing.Enabled() {
		s.App.Use(traceRequests())
	}
	s.App.Use(s.logRequests(m))
	s.App.Use(s.recoverPanics(m.panics))
	s.App.Use(s.strictInput)
	s.App.Use(s.resolveClientAddr)
	s.App.Use(s.resolveCaller)
	s.mountHealth()

	cfg := huma.DefaultConfig("souk API", Version)
	cfg.Info.Description = "The souk REST API: identity, organisations, mini-programs, commerce, wallet and chat. Errors are always {\"error\":{\"code\",\"message\"}}; the conventions (paging, times, names) are in docs/API.md."
	cfg.OpenAPIPath = "/api/openapi"
	cfg.DocsPath = ""    // the built-in docs page loads scripts from a CDN; we serve the document only
	cfg.SchemasPath = "" // no $schema links in responses
	cfg.CreateHooks = nil
	cfg.Formats = map[string]huma.Format{"application/json": huma.DefaultJSONFormat, "json": huma.DefaultJSONFormat}
	cfg.Components.SecuritySchemes = map[string]*huma.SecurityScheme{
		"bearer":  {Type: "http", Scheme: "bearer", Description: "A session token from /api/v1/auth/login or an API token (sk_…)."},
		"session": {Type: "apiKey", In: "cookie", Name: sessionCookie, Description: "Browser session; unsafe methods also need the X-CSRF-Token header."},
	}
	s.API = humafiber.New(s.App, cfg)
	s.registerAuth()
	s.registerOrgs()
	s.registerAdmin()
	s.registerApps()
	s.registerMarketplace()
	s.registerLifecycle()
	s.registerDevice()
	s.registerInstallations()
	s.registerPayments()
	s.registerFunding()
	s.registerWebhooks()
	s.registerLogistics()
	s.registerCatalog()
	s.registerOrders()
	s.registerChat()
	s.registerChatMoney()
	s.registerReviews()
	s.registerSearch()
	s.registerInvoices()
	s.registerCredit()
	s.registerStripe()
	s.registerLinks()
	s.registerLive()
	s.registerPayCodes()
	s.registerCoupons()
	s.registerPoints()
	s.registerDeveloperShares()
	s.registerBrandProtection()
	s.registerFX()
	s.mountChatWS()
	return s
}

// fiberError answers errors raised outside huma (unknown routes, body limit,
// panics) in the API's error shape.
func (s *Server) fiberError(c *fiber.Ctx, err error) error {
	status := http.StatusInternalServerError
	msg := "something went wrong on our side; it has been logged"
	var fe *fiber.Error
	if errors.As(err, &fe) {
		status = fe.Code
		msg = fe.Message
		if status == http.StatusNotFound {
			msg = "no such route: " + c.Method() + " " + c.Path()
		}
	}
	if status >= 500 {
		c.Locals(localErr, err)
	}
	return c.Status(status).JSON(Fail(status, codeForStatus(status), msg))
}

// Listen serves until ctx is cancelled, then shuts down gracefully: new
// connections are refused and in-flight requests get up to grace to finish.
func (s *Server) Listen(ctx context.Context, addr string, grace time.Duration) error {
	errc := make(chan error, 1)
	go func() { errc <- s.App.Listen(addr) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	s.Log.Info("shutting down", "grace", grace.String())
	if err := s.App.ShutdownWithTimeout(grace); err != nil {
		return err
	}
	return <-errc
}
