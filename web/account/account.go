// Package account is the pages every face shares: sign-up, sign-in,
// sign-out, the account overview with profile settings (display name,
// handle, language, anti-phishing phrase), password change and the payment
// PIN. They call identity and payments directly, as api/ does.
package account

import (
	"context"
	"embed"
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/limiter"

	"github.com/soukhq/souk/identity"
	"github.com/soukhq/souk/payments"
	"github.com/soukhq/souk/web/site"
)

//go:embed templates/*.html
var files embed.FS

// PINs is the part of payments the PIN page uses.
type PINs interface {
	SetPIN(ctx context.Context, userID, pin string) error
	HasPIN(ctx context.Context, userID string) (bool, error)
}

// Deps are the services these pages use.
type Deps struct {
	Site     *site.Site
	Identity *identity.Service
	PINs     PINs // nil: the PIN page says payments are not configured
	// AuthRateLimit is how many sign-in, sign-up, password and PIN posts one
	// client address may make per minute (default 20), as for the API.
	AuthRateLimit int
}

type pages struct {
	Deps
	t *site.Templates
}

// Mount registers the pages.
func Mount(app *fiber.App, d Deps) {
	if d.AuthRateLimit == 0 {
		d.AuthRateLimit = 20
	}
	p := &pages{Deps: d, t: d.Site.Parse(files, "templates/*.html")}
	s := d.Site
	limit := limiter.New(limiter.Config{
		Max: d.AuthRateLimit, Expiration: time.Minute,
		LimitReached: func(c *fiber.Ctx) error {
			site.SecurityHeaders(c)
			return c.Status(http.StatusTooManyRequests).SendString("too many attempts; wait a minute")
		},
	})
	s.Get(app, "/login", site.Public, p.loginForm)
	s.Post(app, "/login", site.Public, p.login, limit)
	s.Get(app, "/signup", site.Public, p.signupForm)
	s.Post(app, "/signup", site.Public, p.signup, limit)
	s.Post(app, "/logout", site.Public, p.logout)
	s.Get(app, "/account", site.SignedIn, p.account)
	s.Post(app, "/account/profile", site.SignedIn, p.saveProfile)
	s.Get(app, "/account/password", site.SignedIn, p.passwordForm)
	s.Post(app, "/account/password", site.SignedIn, p.changePassword, limit)
	s.Get(app, "/account/pin", site.SignedIn, p.pinForm)
	s.Post(app, "/account/pin", site.SignedIn, p.setPIN, limit)
}

type authForm struct {
	Email, Handle, Next string
}

// localPath keeps a post-sign-in redirect on this site.
func localPath(next string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") || strings.ContainsAny(next, "\r\n") {
		return "/"
	}
	return next
}

func (p *pages) loginForm(r *site.Req) error {
	if r.Caller != nil {
		return r.SeeOther(localPath(r.Query("next")))
	}
	return r.Render(p.t, http.StatusOK, "login", r.Page("", "signin.title", authForm{Next: localPath(r.Query("next"))}))
}

func (p *pages) login(r *site.Req) error {
	f := authForm{Email: r.FormValue("email"), Next: localPath(r.FormValue("next"))}
	sess, _, err := p.Identity.Login(r.Context(), f.Email, r.FormValue("password"))
	if err != nil {
		status, key := http.StatusInternalServerError, "error.internal"
		if identity.IsCode(err, "invalid_credentials") || identity.IsCode(err, "invalid_email") {
			status, key = http.StatusUnauthorized, "signin.wrong"
		} else if identity.IsCode(err, "account_suspended") {
			status, key = http.StatusForbidden, "signin.suspended"
		}
		pg := r.Page("", "signin.title", f)
		pg.Error = r.L.T(key)
		return r.Render(p.t, status, "login", pg)
	}
	site.SetSession(r.Ctx, sess.Token, sess.ExpiresAt)
	return r.SeeOther(f.Next)
}

func (p *pages) signupForm(r *site.Req) error {
	return r.Render(p.t, http.StatusOK, "signup", r.Page("", "signup.title", authForm{}))
}

func (p *pages) signup(r *site.Req) error {
	f := authForm{Email: r.FormValue("email"), Handle: r.FormValue("handle")}
	password := r.FormValue("password")
	fail := func(status int, key string) error {
		pg := r.Page("", "signup.title", f)
		pg.Error = r.L.T(key)
		return r.Render(p.t, status, "signup", pg)
	}
	if f.Handle != "" {
		if _, err := identity.NormalizeHandle(f.Handle); err != nil {
			return fail(http.StatusBadRequest, "error.invalid_handle")
		}
	}
	u, err := p.Identity.Signup(r.Context(), f.Email, password)
	if err != nil {
		return fail(statusFor(err), errorKey(err))
	}
	if f.Handle != "" {
		if err := p.Identity.SetHandle(r.Context(), u.ID, f.Handle); err != nil {
			// The account exists: sign in and let them pick another handle.
			if sess, _, lerr := p.Identity.Login(r.Context(), f.Email, password); lerr == nil {
				site.SetSession(r.Ctx, sess.Token, sess.ExpiresAt)
			}
			return r.SeeOther("/account?handle=" + errorCode(err))
		}
	}
	sess, _, err := p.Identity.Login(r.Context(), f.Email, password)
	if err != nil {
		return err
	}
	site.SetSession(r.Ctx, sess.Token, sess.ExpiresAt)
	return r.SeeOther("/account")
}

func (p *pages) logout(r *site.Req) error {
	// A signed-in caller got here past the CSRF check; a stranger's post
	// only clears a cookie they do not have.
	if r.Caller != nil {
		if err := p.Identity.Logout(r.Context(), r.Cookies(site.SessionCookie)); err != nil {
			return err
		}
	}
	site.ClearSession(r.Ctx)
	return r.SeeOther("/")
}

type accountData struct {
	Orgs      []identity.Membership
	PINSet    bool
	Languages []site.Language
}

func (p *pages) accountPage(r *site.Req, status int, errKey, noticeKey string) error {
	orgs, err := p.Identity.Memberships(r.Context(), r.UserID())
	if err != nil {
		return err
	}
	d := accountData{Orgs: orgs, Languages: site.Languages}
	if p.PINs != nil {
		if d.PINSet, err = p.PINs.HasPIN(r.Context(), r.UserID()); err != nil {
			return err
		}
	}
	pg := r.Page("account", "account.title", d)
	if errKey != "" {
		pg.Error = r.L.T(errKey)
	}
	if noticeKey != "" {
		pg.Notice = r.L.T(noticeKey)
	}
	return r.Render(p.t, status, "account", pg)
}

func (p *pages) account(r *site.Req) error {
	errKey, notice := "", ""
	if code := r.Query("handle"); code != "" {
		errKey = "error." + code
		if !r.L.Has(errKey) {
			errKey = "error.invalid_handle"
		}
	}
	if k := "notice." + r.Query("done"); r.Query("done") != "" && r.L.Has(k) {
		notice = k
	}
	return p.accountPage(r, http.StatusOK, errKey, notice)
}

// saveProfile saves the display name, handle, language and phrase; the
// first invalid one is reported and nothing after it is saved.
func (p *pages) saveProfile(r *site.Req) error {
	ctx, id := r.Context(), r.UserID()
	cur := r.Profile()
	steps := []func() error{
		func() error { return p.Identity.SetDisplayName(ctx, id, r.FormValue("display_name")) },
		func() error {
			h := strings.TrimSpace(r.FormValue("handle"))
			if h == "" || h == cur.Handle {
				return nil
			}
			return p.Identity.SetHandle(ctx, id, h)
		},
		func() error {
			lang := r.FormValue("language")
			if lang != "" && site.MatchLanguage(lang, "") != lang {
				return identity.Invalid("invalid_language", "unknown language")
			}
			return p.Identity.SetLanguage(ctx, id, lang)
		},
		func() error { return p.Identity.SetAntiPhishingPhrase(ctx, id, r.FormValue("phrase")) },
	}
	for _, step := range steps {
		if err := step(); err != nil {
			return p.accountPage(r, statusFor(err), errorKey(err), "")
		}
	}
	return r.SeeOther("/account?done=saved")
}

func (p *pages) passwordForm(r *site.Req) error {
	return r.Render(p.t, http.StatusOK, "password", r.Page("account", "password.title", nil))
}

func (p *pages) changePassword(r *site.Req) error {
	err := p.Identity.ChangePassword(r.Context(), r.UserID(), r.FormValue("current"), r.FormValue("next"), r.Cookies(site.SessionCookie))
	if err != nil {
		pg := r.Page("account", "password.title", nil)
		pg.Error = r.L.T(errorKey(err))
		return r.Render(p.t, statusFor(err), "password", pg)
	}
	return r.SeeOther("/account?done=password")
}

type pinData struct{ PINSet bool }

func (p *pages) pinData(r *site.Req) (pinData, error) {
	if p.PINs == nil {
		return pinData{}, nil
	}
	set, err := p.PINs.HasPIN(r.Context(), r.UserID())
	return pinData{PINSet: set}, err
}

func (p *pages) pinForm(r *site.Req) error {
	d, err := p.pinData(r)
	if err != nil {
		return err
	}
	return r.Render(p.t, http.StatusOK, "pin", r.Page("account", "pin.set_title", d))
}

func (p *pages) setPIN(r *site.Req) error {
	d, err := p.pinData(r)
	if err != nil {
		return err
	}
	fail := func(status int, key string) error {
		pg := r.Page("account", "pin.set_title", d)
		pg.Error = r.L.T(key)
		return r.Render(p.t, status, "pin", pg)
	}
	if p.PINs == nil {
		return fail(http.StatusServiceUnavailable, "error.payments_unavailable")
	}
	pin := r.FormValue("pin")
	if pin != r.FormValue("pin2") {
		return fail(http.StatusBadRequest, "error.pin_mismatch")
	}
	if err := p.Identity.CheckPassword(r.Context(), r.UserID(), r.FormValue("password")); err != nil {
		return fail(statusFor(err), errorKey(err))
	}
	if err := p.PINs.SetPIN(r.Context(), r.UserID(), pin); err != nil {
		return fail(statusFor(err), errorKey(err))
	}
	return r.SeeOther("/account?done=pin")
}

func errorCode(err error) string {
	var e *identity.Error
	if errors.As(err, &e) {
		return e.Code
	}
	return payments.Code(err)
}

// errorKey is the catalog key of a domain error ("error.internal" for
// anything without a known code).
func errorKey(err error) string {
	switch c := errorCode(err); c {
	case "invalid_credentials", "email_taken", "invalid_email", "weak_password", "invalid_password",
		"handle_taken", "invalid_handle", "invalid_display_name", "invalid_language", "invalid_phrase", "invalid_pin":
		return "error." + c
	}
	return "error.internal"
}

func statusFor(err error) int {
	switch errorCode(err) {
	case "":
		return http.StatusInternalServerError
	case "invalid_credentials":
		return http.StatusUnauthorized
	case "email_taken", "handle_taken":
		return http.StatusConflict
	}
	return http.StatusBadRequest
}
