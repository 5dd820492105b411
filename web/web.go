// Package web serves souk's server-rendered pages (no Node build step is
// needed to run them). This first cut is the sign-in flow and the account
// page; the seller console and the chat shell grow here.
package web

import (
	"crypto/subtle"
	"embed"
	"html/template"
	"net/http"
	"net/url"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/soukhq/souk/identity"
)

//go:embed templates/*.html
var templateFiles embed.FS

var pages = map[string]*template.Template{}

func init() {
	for _, name := range []string{"home", "login", "account"} {
		pages[name] = template.Must(template.ParseFS(templateFiles, "templates/layout.html", "templates/"+name+".html"))
	}
}

// Deps are the services pages use.
type Deps struct {
	Identity *identity.Service
}

const sessionCookie = "souk_session"

type pageData struct {
	Title string
	User  *identity.User
	Orgs  []identity.Membership
	CSRF  string
	Error string
	Email string
}

// Mount adds the pages to app.
func Mount(app *fiber.App, d Deps) {
	h := &handlers{d}
	app.Get("/", h.home)
	app.Get("/login", h.loginForm)
	app.Post("/login", sameOrigin, h.login)
	app.Get("/account", h.account)
	app.Post("/logout", sameOrigin, h.logout)
}

type handlers struct{ Deps }

func render(c *fiber.Ctx, status int, name string, d pageData) error {
	c.Set("Content-Type", "text/html; charset=utf-8")
	c.Set("Content-Security-Policy", "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'")
	c.Set("X-Content-Type-Options", "nosniff")
	c.Status(status)
	return pages[name].ExecuteTemplate(c.Response().BodyWriter(), name+".html", d)
}

// session returns the signed-in caller of a page request, if any.
func (h *handlers) session(c *fiber.Ctx) (identity.Caller, bool) {
	tok := c.Cookies(sessionCookie)
	if tok == "" {
		return identity.Caller{}, false
	}
	caller, err := h.Identity.Authenticate(c.UserContext(), tok)
	return caller, err == nil && caller.Via == "session"
}

func (h *handlers) home(c *fiber.Ctx) error {
	d := pageData{Title: "Welcome"}
	if caller, ok := h.session(c); ok {
		d.User = &caller.User
	}
	return render(c, http.StatusOK, "home", d)
}

func (h *handlers) loginForm(c *fiber.Ctx) error {
	return render(c, http.StatusOK, "login", pageData{Title: "Sign in"})
}

func (h *handlers) login(c *fiber.Ctx) error {
	email, password := c.FormValue("email"), c.FormValue("password")
	sess, _, err := h.Identity.Login(c.UserContext(), email, password)
	if err != nil {
		msg := "Something went wrong; try again."
		status := http.StatusInternalServerError
		if identity.IsCode(err, "invalid_credentials") {
			msg, status = "Email or password is wrong.", http.StatusUnauthorized
		}
		return render(c, status, "login", pageData{Title: "Sign in", Error: msg, Email: email})
	}
	c.Cookie(&fiber.Cookie{Name: sessionCookie, Value: sess.Token, Path: "/", Expires: sess.ExpiresAt,
		HTTPOnly: true, Secure: c.Protocol() == "https", SameSite: fiber.CookieSameSiteLaxMode})
	return c.Redirect("/account", http.StatusSeeOther)
}

func (h *handlers) account(c *fiber.Ctx) error {
	caller, ok := h.session(c)
	if !ok {
		return c.Redirect("/login", http.StatusSeeOther)
	}
	orgs, err := h.Identity.Memberships(c.UserContext(), caller.User.ID)
	if err != nil {
		return err
	}
	return render(c, http.StatusOK, "account", pageData{Title: "Account", User: &caller.User, Orgs: orgs, CSRF: caller.SessionCSRF})
}

func (h *handlers) logout(c *fiber.Ctx) error {
	caller, ok := h.session(c)
	if ok && subtle.ConstantTimeCompare([]byte(c.FormValue("csrf_token")), []byte(caller.SessionCSRF)) == 1 {
		if err := h.Identity.Logout(c.UserContext(), c.Cookies(sessionCookie)); err != nil {
			return err
		}
	}
	c.Cookie(&fiber.Cookie{Name: sessionCookie, Value: "", Path: "/", Expires: time.Unix(0, 0), HTTPOnly: true, SameSite: fiber.CookieSameSiteLaxMode})
	return c.Redirect("/", http.StatusSeeOther)
}

// sameOrigin refuses form posts from other sites: browsers send Origin on
// every cross-site POST, so a mismatch is a forgery attempt.
func sameOrigin(c *fiber.Ctx) error {
	if o := c.Get("Origin"); o != "" && o != "null" {
		u, err := url.Parse(o)
		if err != nil || u.Host != c.Hostname() {
			return c.Status(http.StatusForbidden).SendString("cross-site form post refused")
		}
	} else if c.Get("Sec-Fetch-Site") == "cross-site" {
		return c.Status(http.StatusForbidden).SendString("cross-site form post refused")
	}
	return c.Next()
}
