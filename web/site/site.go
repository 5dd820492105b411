// Package site is the foundation every souk page stands on: one layout, the
// embedded and fingerprinted assets, the security headers (a strict CSP on
// every page), cookie sessions with CSRF checks on every unsafe request,
// access policies, the message catalog and the page helpers the faces (the
// shopper's shell, the seller console, the developer portal and the operator
// console) share. See docs/WEB.md.
package site

import (
	"bytes"
	"context"
	"crypto/subtle"
	"embed"
	"errors"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"net/url"
	"path"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/adaptor"

	"github.com/soukhq/souk/api"
	"github.com/soukhq/souk/identity"
)

// SessionCookie is the browser session cookie, shared with api/.
const SessionCookie = "souk_session"

// CSP is sent on every page: scripts, styles, fonts and connections from this
// origin only; images from here or data: URLs (apps may ship small data:
// images, checked by the runtime); no inline script or style, no eval, no
// plugins, not framable, forms post only here.
const CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
	"connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

// Face names the four faces over this foundation (for the layout's navigation).
const (
	FaceShell    = "shell"
	FaceSeller   = "seller"
	FacePortal   = "portal"
	FaceOperator = "operator"
)

// Site holds what every page needs.
type Site struct {
	Identity *identity.Service
	Log      *slog.Logger
	// PublicURL is the public origin (SOUK_PUBLIC_URL) that links the pages
	// hand out (share links, invitations, QR codes) point at; empty: the
	// request's own.
	PublicURL string
	base      *template.Template
}

//go:embed templates/*.html
var baseFiles embed.FS

// New returns the foundation; Mount its routes once on the app.
func New(ids *identity.Service, log *slog.Logger) *Site {
	if log == nil {
		log = slog.Default()
	}
	base := template.Must(template.New("").Funcs(Funcs).ParseFS(baseFiles, "templates/*.html"))
	return &Site{Identity: ids, Log: log, base: base}
}

// Funcs are the template helpers every page may use.
var Funcs = template.FuncMap{
	"asset": AssetURL,
	// dict builds a map for passing several values to a sub-template.
	"dict": func(kv ...any) map[string]any {
		m := map[string]any{}
		for i := 0; i+1 < len(kv); i += 2 {
			k, _ := kv[i].(string)
			m[k] = kv[i+1]
		}
		return m
	},
}

// Mount registers the asset route and the page middleware. Call it before
// any face registers pages.
func (s *Site) Mount(app *fiber.App) {
	app.Get(AssetPrefix+"*", serveAsset)
}

// Templates is one face's page set, each page parsed over the shared layout.
type Templates struct {
	pages map[string]*template.Template
}

// Parse parses every file matching the patterns in fsys as a page over the
// layout: a page file defines "content" (and may define "head" and partial
// blocks); its name is the file name without ".html".
func (s *Site) Parse(fsys fs.FS, patterns ...string) *Templates {
	t := &Templates{pages: map[string]*template.Template{}}
	for _, pat := range patterns {
		files, err := fs.Glob(fsys, pat)
		if err != nil {
			panic(err)
		}
		for _, f := range files {
			p := template.Must(template.Must(s.base.Clone()).ParseFS(fsys, f))
			t.pages[strings.TrimSuffix(path.Base(f), ".html")] = p
		}
	}
	return t
}

// Page is the layout's data; Data is the page's own.
type Page struct {
	Title string
	Face  string
	User  *identity.User
	// Profile is the signed-in user's (handle, language, phrase).
	Profile identity.Profile
	CSRF    string
	L       *Localizer
	Lang    string
	// Error is shown in an alert at the top of the main area.
	Error string
	// Notice is shown as a status message (after a successful change).
	Notice string
	// ChatSocket, when set, makes souk.js open the chat WebSocket at this
	// path, resuming from ChatCursors (JSON: conversation id → last seq).
	ChatSocket  string
	ChatCursors string
	// LiveRoom, with ChatSocket, makes souk.js watch this live room.
	LiveRoom string
	Data     any
}

// Req is one page request.
type Req struct {
	*fiber.Ctx
	Site   *Site
	Caller *identity.Caller // nil when signed out
	L      *Localizer
	prof   *identity.Profile
}

// PublicBase is the origin for links a page hands out to be opened
// elsewhere: the configured public URL, else the request's own.
func (r *Req) PublicBase() string {
	if r.Site.PublicURL != "" {
		return strings.TrimRight(r.Site.PublicURL, "/")
	}
	return r.BaseURL()
}

// Context is the request's context for domain calls (it shadows fiber's
// Context, the fasthttp request, which pages have no use for).
func (r *Req) Context() context.Context { return r.Ctx.UserContext() }

// UserID is the signed-in user's id ("" when signed out).
func (r *Req) UserID() string {
	if r.Caller == nil {
		return ""
	}
	return r.Caller.User.ID
}

// Access decides who may open a page. It runs after the caller is resolved;
// an error stops the request (the helpers below answer redirects and 404s).
type Access func(r *Req) error

var errStop = errors.New("site: request answered by the access check")

// Public pages are open to everyone.
func Public(r *Req) error { return nil }

// SignedIn pages send strangers to the sign-in page and back afterwards.
func SignedIn(r *Req) error {
	if r.Caller == nil {
		next := r.OriginalURL()
		if r.Method() != http.MethodGet {
			next = "/"
		}
		return r.redirect("/login?next=" + url.QueryEscape(next))
	}
	return nil
}

// PlatformRole pages are for reviewers or admins (admins may open reviewer
// pages); anyone else gets a 404 and learns nothing.
func PlatformRole(role string) Access {
	return func(r *Req) error {
		if err := SignedIn(r); err != nil {
			return err
		}
		got := r.Caller.User.PlatformRole
		if got == role || got == identity.RoleAdmin {
			return nil
		}
		return r.NotFound()
	}
}

// OrgMember pages are for members of at least one organisation of the kind
// (brand or developer); the page then checks the org in its path itself
// with RoleIn, as api/ does.
func OrgMember(kind string) Access {
	return func(r *Req) error {
		if err := SignedIn(r); err != nil {
			return err
		}
		ms, err := r.Site.Identity.Memberships(r.Context(), r.UserID())
		if err != nil {
			return err
		}
		for _, m := range ms {
			if m.OrgKind == kind {
				return nil
			}
		}
		return r.NotFound()
	}
}

func (r *Req) redirect(to string) error {
	if r.Get("HX-Request") == "true" {
		r.Set("HX-Redirect", to)
		r.Status(http.StatusNoContent)
	} else if err := r.Redirect(to, http.StatusSeeOther); err != nil {
		return err
	}
	return errStop
}

// SeeOther answers a see-other redirect (an HX-Redirect for htmx requests).
func (r *Req) SeeOther(to string) error {
	if err := r.redirect(to); !errors.Is(err, errStop) {
		return err
	}
	return nil
}

// NotFound answers the 404 page.
func (r *Req) NotFound() error {
	if err := r.Site.renderError(r, http.StatusNotFound, "error.not_found"); err != nil {
		return err
	}
	return errStop
}

// Forbidden answers the 403 page: the caller is known to the thing (a
// brand's staff member) but their role does not allow this page or form.
func (r *Req) Forbidden() error {
	if err := r.Site.renderError(r, http.StatusForbidden, "error.forbidden"); err != nil {
		return err
	}
	return errStop
}

// Handler is a page handler.
type Handler func(r *Req) error

// Get, Post and Handle register pages with an access policy. Every page
// gets the security headers; every unsafe request must come from this
// origin and, when signed in, carry the session's CSRF token (the form
// field csrf_token or the X-CSRF-Token header htmx sends).
func (s *Site) Get(app fiber.Router, p string, access Access, h Handler) {
	app.Get(p, s.wrap(access, h))
}

// Post registers an unsafe page route (see Get).
func (s *Site) Post(app fiber.Router, p string, access Access, h Handler, mw ...fiber.Handler) {
	hs := append(append([]fiber.Handler{}, mw...), s.wrap(access, h))
	app.Post(p, hs...)
}

// UICSP is the content security policy of a bundled third-party UI (River's
// UI under /ops/jobs): souk's, with inline styles allowed, which its
// component library sets.
const UICSP = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; " +
	"connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

// HTTP serves a net/http handler (a bundled UI and its JSON API, such as
// River's UI) under prefix, to callers access admits, with the same
// caller resolution and security headers as pages (csp replacing CSP).
// Unsafe requests must come from this origin and carry either the CSRF
// token or a JSON body: a cross-site page can send neither (a form cannot
// send application/json, and a cross-origin fetch with it needs a CORS
// preflight souk never grants).
func (s *Site) HTTP(app fiber.Router, prefix, csp string, access Access, h http.Handler) {
	// The adaptor hands the handler fasthttp's RequestCtx as its context,
	// whose Done races with the server's shutdown (seen with riverui under
	// -race); the handler gets the values without that cancellation.
	serve := adaptor.HTTPHandler(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		h.ServeHTTP(w, req.WithContext(context.WithoutCancel(req.Context())))
	}))
	handler := s.wrapWith(access, func(r *Req) error {
		r.Set("Content-Security-Policy", csp)
		return serve(r.Ctx)
	}, func(r *Req) bool {
		return strings.HasPrefix(r.Get(fiber.HeaderContentType), fiber.MIMEApplicationJSON) || r.csrfOK()
	})
	app.All(prefix, handler)
	app.All(prefix+"/*", handler)
}

func (s *Site) wrap(access Access, h Handler) fiber.Handler {
	return s.wrapWith(access, h, (*Req).csrfOK)
}

func (s *Site) wrapWith(access Access, h Handler, csrfOK func(*Req) bool) fiber.Handler {
	return func(c *fiber.Ctx) error {
		SecurityHeaders(c)
		r := &Req{Ctx: c, Site: s}
		if caller, ok := s.caller(c); ok {
			r.Caller = &caller
		}
		setting := ""
		if r.Caller != nil {
			p, err := s.Identity.Profile(r.Context(), r.UserID())
			if err != nil {
				return err
			}
			r.prof, setting = &p, p.Language
		}
		r.L = &Localizer{Tag: MatchLanguage(setting, c.Get(fiber.HeaderAcceptLanguage))}
		c.Set(fiber.HeaderContentLanguage, r.L.Tag)
		c.Set(fiber.HeaderVary, "Cookie, Accept-Language")
		if c.Method() != http.MethodGet && c.Method() != http.MethodHead {
			if !sameOrigin(c) {
				return c.Status(http.StatusForbidden).SendString("cross-site form post refused")
			}
			if r.Caller != nil && !csrfOK(r) {
				return s.renderError(r, http.StatusForbidden, "error.csrf")
			}
		}
		if err := access(r); err != nil {
			if errors.Is(err, errStop) {
				return nil
			}
			return err
		}
		if err := h(r); err != nil && !errors.Is(err, errStop) {
			s.Log.ErrorContext(r.Context(), "page failed", "path", c.Route().Path, "err", err)
			return s.renderError(r, http.StatusInternalServerError, "error.internal")
		}
		return nil
	}
}

// SecurityHeaders sets the headers every page carries.
func SecurityHeaders(c *fiber.Ctx) {
	c.Set("Content-Security-Policy", CSP)
	c.Set(fiber.HeaderXContentTypeOptions, "nosniff")
	c.Set(fiber.HeaderReferrerPolicy, "same-origin")
	c.Set(fiber.HeaderXFrameOptions, "DENY")
	c.Set("Cross-Origin-Opener-Policy", "same-origin")
	c.Set(fiber.HeaderPermissionsPolicy, "camera=(), microphone=(), geolocation=(), payment=()")
	c.Set(fiber.HeaderCacheControl, "no-store")
}

// caller resolves the session cookie: api/'s middleware has usually done it
// for this request already; only cookie sessions count for pages.
func (s *Site) caller(c *fiber.Ctx) (identity.Caller, bool) {
	if caller, ok := api.CallerFrom(c.UserContext()); ok {
		return caller, caller.Via == "session"
	}
	tok := c.Cookies(SessionCookie)
	if tok == "" {
		return identity.Caller{}, false
	}
	caller, err := s.Identity.Authenticate(c.UserContext(), tok)
	return caller, err == nil && caller.Via == "session"
}

func (r *Req) csrfOK() bool {
	got := r.FormValue("csrf_token")
	if got == "" {
		got = r.Get("X-CSRF-Token")
	}
	return got != "" && subtle.ConstantTimeCompare([]byte(got), []byte(r.Caller.SessionCSRF)) == 1
}

// sameOrigin refuses unsafe requests from other sites: browsers send Origin
// on every cross-site POST, and Sec-Fetch-Site when they do not.
func sameOrigin(c *fiber.Ctx) bool {
	if o := c.Get(fiber.HeaderOrigin); o != "" {
		u, err := url.Parse(o)
		return err == nil && o != "null" && u.Host == string(c.Request().Host())
	}
	return c.Get("Sec-Fetch-Site") != "cross-site"
}

// Profile is the signed-in user's profile (zero when signed out).
func (r *Req) Profile() identity.Profile {
	if r.prof == nil {
		return identity.Profile{}
	}
	return *r.prof
}

// Page returns layout data for this request with the title from the catalog.
func (r *Req) Page(face, titleKey string, data any) Page {
	p := Page{Title: r.L.T(titleKey), Face: face, L: r.L, Lang: r.L.Tag, Data: data, Profile: r.Profile()}
	if r.Caller != nil {
		p.User, p.CSRF = &r.Caller.User, r.Caller.SessionCSRF
	}
	return p
}

// Render writes a full page, or only its "partial" block when htmx asks
// for it and the page defines one.
func (r *Req) Render(t *Templates, status int, name string, p Page) error {
	tpl, ok := t.pages[name]
	if !ok {
		return errors.New("site: no page " + name)
	}
	block := "layout"
	if r.Get("HX-Request") == "true" && r.Get("HX-Boosted") != "true" && tpl.Lookup("partial") != nil {
		block = "partial"
	}
	var buf bytes.Buffer
	if err := tpl.ExecuteTemplate(&buf, block, p); err != nil {
		return err
	}
	r.Set(fiber.HeaderContentType, "text/html; charset=utf-8")
	r.Status(status)
	return r.Send(buf.Bytes())
}

// Fragment writes one named block of a page (no layout): what htmx and
// souk.js swap into a page.
func (r *Req) Fragment(t *Templates, page, block string, data any) error {
	tpl, ok := t.pages[page]
	if !ok {
		return errors.New("site: no page " + page)
	}
	var buf bytes.Buffer
	if err := tpl.ExecuteTemplate(&buf, block, data); err != nil {
		return err
	}
	r.Set(fiber.HeaderContentType, "text/html; charset=utf-8")
	return r.Send(buf.Bytes())
}

// SetSession sets the session cookie (HttpOnly, SameSite=Lax, Secure over TLS).
func SetSession(c *fiber.Ctx, token string, expires time.Time) {
	c.Cookie(&fiber.Cookie{Name: SessionCookie, Value: token, Path: "/", Expires: expires,
		HTTPOnly: true, Secure: c.Protocol() == "https", SameSite: fiber.CookieSameSiteLaxMode})
}

// ClearSession removes the session cookie.
func ClearSession(c *fiber.Ctx) {
	SetSession(c, "", time.Unix(0, 0))
}

func (s *Site) renderError(r *Req, status int, key string) error {
	p := Page{Title: r.L.T(key), L: r.L, Lang: r.L.Tag, Error: r.L.T(key), Profile: r.Profile()}
	if r.Caller != nil {
		p.User, p.CSRF = &r.Caller.User, r.Caller.SessionCSRF
	}
	var buf bytes.Buffer
	if err := s.base.ExecuteTemplate(&buf, "error", p); err != nil {
		return err
	}
	r.Set(fiber.HeaderContentType, "text/html; charset=utf-8")
	r.Status(status)
	return r.Send(buf.Bytes())
}
