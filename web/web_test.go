package web_test

import (
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/soukhq/souk/api"
	"github.com/soukhq/souk/blob"
	"github.com/soukhq/souk/chat"
	"github.com/soukhq/souk/chat/realtime"
	"github.com/soukhq/souk/identity"
	"github.com/soukhq/souk/jobs"
	"github.com/soukhq/souk/payments"
	"github.com/soukhq/souk/payments/ledger"
	"github.com/soukhq/souk/store"
	"github.com/soukhq/souk/store/storetest"
	"github.com/soukhq/souk/web"
	"github.com/soukhq/souk/web/webtest"
)

var ctx = context.Background()

// world is a real souk server (API and pages) on a loopback port.
type world struct {
	base string
	ids  *identity.Service
	pay  *payments.Service
	chat *chat.Service
	cm   *chat.ChatMoney
	bank *payments.SimBank
	jobs *jobs.Queue
}

func startServer(t *testing.T, db *store.DB) *world {
	t.Helper()
	ids := identity.New(db)
	l := ledger.New(db, ledger.Options{})
	t.Cleanup(l.Close)
	bank := payments.NewSimBank()
	pay := payments.New(db, l, payments.Options{Funding: bank})
	bank.Handler = pay.HandleFundingResult
	q := jobs.New(db, nil)
	pay.UseJobs(q) // transfers, red packets and funding arm expiry jobs (run by fastForward)
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	blobs, err := blob.OpenLocal(blob.Config{Dir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	chats := chat.New(db, chat.Options{Log: log, Blobs: blobs, MaxImageBytes: 256 << 10})
	hub := realtime.New(db, chats, log, realtime.Config{})
	chats.SetPublisher(hub)
	cm := chat.NewMoney(chats, pay)
	pay.SetMoneyHooks(cm.Hooks())
	srv := api.New(api.Deps{DB: db, Identity: ids, Payments: pay, Chat: chats, Realtime: hub, Log: log, AuthRateLimit: 10000,
		Ready: map[string]api.Pinger{"database": db}})
	web.Mount(srv.App, web.Deps{Identity: ids, Chat: chats, ChatMoney: cm, PINs: pay, Payments: pay, AuthRateLimit: 10000, Log: log})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = srv.App.Listener(ln) }()
	t.Cleanup(func() { hub.Close(); _ = srv.App.ShutdownWithTimeout(5 * time.Second) })
	return &world{base: "http://" + ln.Addr().String(), ids: ids, pay: pay, chat: chats, cm: cm, bank: bank, jobs: q}
}

const password = "correct horse battery"

// Roles the tests sign in as; user creates one with its memberships.
const (
	shopper    = "shopper"
	brandOwner = "brand owner"
	brandAgent = "brand agent"
	developer  = "developer"
	reviewer   = "reviewer"
	admin      = "admin"
)

func (w *world) user(t *testing.T, role, email string) identity.User {
	t.Helper()
	u, err := w.ids.Signup(ctx, email, password)
	if err != nil {
		t.Fatal(err)
	}
	switch role {
	case brandOwner:
		_, err = w.ids.CreateOrg(ctx, u.ID, identity.OrgBrand, "Ada's Teas")
	case brandAgent:
		var owner identity.User
		if owner, err = w.ids.Signup(ctx, "owner-of-"+email, password); err == nil {
			var org identity.Org
			if org, err = w.ids.CreateOrg(ctx, owner.ID, identity.OrgBrand, "Tea House"); err == nil {
				_, err = w.ids.AddMember(ctx, owner.ID, org.ID, email, identity.MemberAgent)
			}
		}
	case developer:
		_, err = w.ids.CreateOrg(ctx, u.ID, identity.OrgDeveloper, "Mini Labs")
	case reviewer, admin:
		err = w.ids.SetPlatformRole(ctx, u.ID, role)
	}
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// shots saves the current page at phone and desktop sizes into
// SOUK_SCREENSHOT_DIR (how docs/screens is refreshed), checks that nothing
// overflows a phone's width, and runs axe-core at both sizes.
func shots(t *testing.T, b *webtest.Browser, name string) {
	t.Helper()
	dir := os.Getenv("SOUK_SCREENSHOT_DIR")
	for _, v := range []webtest.Viewport{webtest.Phone, webtest.Desktop} {
		b.Resize(v)
		if b.Overflows() {
			t.Errorf("%s is wider than a %d px %s", b.Path(), v.Width, v.Name)
		}
		b.Axe()
		if dir != "" {
			b.Screenshot(filepath.Join(dir, name+"-"+v.Name+".png"))
		}
	}
}

// A shopper signs up in the browser with a handle, sets a payment PIN with
// their password (a wrong password and a mismatched PIN are explained),
// switches the pages to Chinese, sets an anti-phishing phrase, changes the
// password, signs out and signs in with the new one. axe-core and the CSP
// watch run on every page at phone and desktop sizes.
func TestAccountJourneyInChromium(t *testing.T) {
	storetest.Pick(t, func(t *testing.T, db *store.DB) {
		w := startServer(t, db)
		b := webtest.New(t, w.base)

		b.Open("/")
		shots(t, b, "home")
		b.Click("link", "Create account")
		b.WaitPath("/signup")
		shots(t, b, "signup")
		b.Fill("Email", "ada@example.com")
		b.Fill("New password", "tea for two please")
		b.Fill("Handle", "Ada.Lovelace")
		b.Submit("Create account")
		b.WaitPath("/account")
		if got := b.Text("heading", "Your account"); got != "Your account" {
			t.Fatalf("after sign-up: heading %q", got)
		}
		if got := b.HTML(); !strings.Contains(got, "@ada.lovelace") {
			t.Fatal("account page does not show the handle")
		}
		b.Axe()

		// The payment PIN, guarded by the password.
		b.Click("link", "Set your payment PIN")
		b.WaitPath("/account/pin")
		b.Fill("Password", "not my password")
		b.Fill("New payment PIN", "274910")
		b.Fill("Repeat the PIN", "274910")
		b.Submit("Save PIN")
		if alert := b.Text("alert", ""); !strings.Contains(alert, "Email or password is wrong") {
			t.Fatalf("wrong password for the PIN: alert %q", alert)
		}
		b.Axe()
		b.Fill("Password", "tea for two please")
		b.Fill("New payment PIN", "274910")
		b.Fill("Repeat the PIN", "274911")
		b.Submit("Save PIN")
		if alert := b.Text("alert", ""); !strings.Contains(alert, "The two PINs differ") {
			t.Fatalf("PIN mismatch: alert %q", alert)
		}
		b.Fill("Password", "tea for two please")
		b.Fill("New payment PIN", "274910")
		b.Fill("Repeat the PIN", "274910")
		b.Submit("Save PIN")
		b.WaitPath("/account")
		if st := b.Text("status", ""); !strings.Contains(st, "payment PIN is saved") {
			t.Fatalf("after setting the PIN: status %q", st)
		}
		if err := w.pay.VerifyPIN(ctx, userID(t, w, "ada@example.com"), "274910"); err != nil {
			t.Fatalf("the PIN set in the browser does not verify: %v", err)
		}

		// Preferences: Chinese pages and an anti-phishing phrase.
		b.Fill("Anti-phishing phrase", "青蛙在中午唱歌")
		b.Fill("Display name", "Ada 洛夫莱斯")
		b.Select("Language", "zh-Hans")
		b.Submit("Save")
		b.WaitPath("/account")
		if got := b.Text("heading", "我的账户"); got != "我的账户" {
			t.Fatalf("after choosing Chinese: heading %q", got)
		}
		if lang := webtest.Eval[string](b, `document.documentElement.lang`); lang != "zh-Hans" {
			t.Fatalf("html lang %q", lang)
		}
		shots(t, b, "account-zh")
		p, err := w.ids.Profile(ctx, userID(t, w, "ada@example.com"))
		if err != nil || p.AntiPhishingPhrase != "青蛙在中午唱歌" || p.Language != "zh-Hans" || p.Handle != "ada.lovelace" {
			t.Fatalf("profile %+v %v", p, err)
		}
		b.Select("语言", "en")
		b.Submit("保存")
		b.WaitPath("/account")
		b.Find("heading", "Your account")
		shots(t, b, "account")

		// Password change, then sign out and in with the new password.
		b.Click("link", "Change password")
		b.WaitPath("/account/password")
		b.Axe()
		b.Fill("Current password", "tea for two please")
		b.Fill("New password", "a much longer passphrase")
		b.Submit("Change password")
		b.WaitPath("/account")
		b.Submit("Sign out")
		b.WaitPath("/")
		b.Open("/account")
		b.WaitPath("/login")
		shots(t, b, "signin")
		b.Fill("Email", "ada@example.com")
		b.Fill("Password", "tea for two please")
		b.Submit("Sign in")
		if alert := b.Text("alert", ""); !strings.Contains(alert, "wrong") {
			t.Fatalf("old password: alert %q", alert)
		}
		b.Fill("Password", "a much longer passphrase")
		b.Submit("Sign in")
		b.WaitPath("/account")
	})
}

func userID(t *testing.T, w *world, email string) string {
	t.Helper()
	u, err := w.ids.UserByEmail(ctx, email)
	if err != nil {
		t.Fatal(err)
	}
	return u.ID
}

// Every role signs in through the page and reaches exactly its faces: the
// seller console for brand members, the portal for developers, the
// operator console for reviewers and admins; others get a 404.
func TestFacesByRoleInChromium(t *testing.T) {
	storetest.Pick(t, func(t *testing.T, db *store.DB) {
		w := startServer(t, db)
		want := map[string][]string{
			shopper:    {},
			brandOwner: {"/seller"},
			brandAgent: {"/seller"},
			developer:  {"/portal"},
			reviewer:   {"/ops"},
			admin:      {"/ops"},
		}
		b := webtest.New(t, w.base)
		i := 0
		for role, faces := range want {
			i++
			email := strings.ReplaceAll(role, " ", "-") + "@example.com"
			w.user(t, role, email)
			b.SignIn(email, password, "/")
			for _, face := range []string{"/seller", "/portal", "/ops"} {
				b.Open(face)
				allowed := false
				for _, f := range faces {
					allowed = allowed || f == face
				}
				if got := b.Has("heading", "This page does not exist"); got == allowed {
					t.Errorf("%s opening %s: not-found page %v, want %v", role, face, got, !allowed)
				}
				if allowed {
					b.Axe()
				}
			}
			b.Open("/")
			b.Submit("Sign out")
			b.WaitPath("/")
		}
	})
}

func get(t *testing.T, c *http.Client, u string, hdr ...string) *http.Response {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, u, nil)
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	res, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func noRedirects() *http.Client {
	return &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

// Every page (and every error page) carries the strict CSP; assets are
// fingerprinted, immutable, and a stale hash is a 404.
func TestEveryPageHasTheStrictCSP(t *testing.T) {
	w := startServer(t, storetest.SQLite(t))
	c := noRedirects()
	for _, p := range []string{"/", "/login", "/signup", "/account", "/account/pin", "/account/password", "/seller", "/portal", "/ops", "/chats", "/chats/cnv_nope", "/login?next=//evil.example",
		"/wallet", "/wallet/topup", "/wallet/withdraw", "/wallet/funding/fnd_nope", "/chats/cnv_nope/group", "/chats/cnv_nope/m/1/edit"} {
		res := get(t, c, w.base+p)
		res.Body.Close()
		csp := res.Header.Get("Content-Security-Policy")
		if !strings.Contains(csp, "script-src 'self'") || strings.Contains(csp, "unsafe") || !strings.Contains(csp, "frame-ancestors 'none'") {
			t.Errorf("%s: CSP %q", p, csp)
		}
		if res.Header.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("%s: no nosniff", p)
		}
	}
	res := get(t, c, w.base+"/login")
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	html := string(body)
	for _, bad := range []string{"<script>", " style=", "<style", "http://", "https://", " on"} {
		if bad == " on" {
			continue // attributes are checked by the browser's CSP watch
		}
		if strings.Contains(html, bad) {
			t.Errorf("/login contains %q", bad)
		}
	}
	i := strings.Index(html, "/assets/app.")
	if i < 0 {
		t.Fatal("no stylesheet link")
	}
	cssURL := html[i : i+strings.Index(html[i:], `"`)]
	res = get(t, c, w.base+cssURL)
	res.Body.Close()
	if res.StatusCode != 200 || res.Header.Get("Cache-Control") != "public, max-age=31536000, immutable" || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/css") {
		t.Fatalf("%s: %d %q %q", cssURL, res.StatusCode, res.Header.Get("Cache-Control"), res.Header.Get("Content-Type"))
	}
	res = get(t, c, w.base+"/assets/app.0000000000.css")
	res.Body.Close()
	if res.StatusCode != http.StatusNotFound {
		t.Fatalf("stale asset hash: %d", res.StatusCode)
	}
}

func post(t *testing.T, c *http.Client, u string, form url.Values, hdr ...string) *http.Response {
	t.Helper()
	res, _ := postRead(t, c, u, form, hdr...)
	return res
}

// postBody is post for a test that reads the answer's page too.
func postBody(t *testing.T, c *http.Client, u string, form url.Values, hdr ...string) (int, string) {
	t.Helper()
	res, body := postRead(t, c, u, form, hdr...)
	return res.StatusCode, body
}

// postRead posts a form with the header pairs hdr and returns the answer
// with its body read and closed.
func postRead(t *testing.T, c *http.Client, u string, form url.Values, hdr ...string) (*http.Response, string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, u, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	res, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res, string(b)
}

// Signed-in forms need the session's CSRF token; posts from another origin
// are refused; the sign-in redirect stays on this site.
func TestFormsNeedCSRFAndSameOrigin(t *testing.T) {
	w := startServer(t, storetest.SQLite(t))
	u := w.user(t, shopper, "ada@example.com")
	sess, _, err := w.ids.Login(ctx, "ada@example.com", password)
	if err != nil {
		t.Fatal(err)
	}
	c := noRedirects()
	cookie := "souk_session=" + sess.Token
	profile := url.Values{"display_name": {"Mallory was here"}, "language": {""}, "phrase": {""}}

	if res := post(t, c, w.base+"/account/profile", profile, "Cookie", cookie); res.StatusCode != http.StatusForbidden {
		t.Fatalf("profile post without CSRF token: %d", res.StatusCode)
	}
	withToken := url.Values{"csrf_token": {sess.CSRFToken}}
	for k, v := range profile {
		withToken[k] = v
	}
	if res := post(t, c, w.base+"/account/profile", withToken, "Cookie", cookie, "Origin", "https://evil.example"); res.StatusCode != http.StatusForbidden {
		t.Fatalf("cross-origin post: %d", res.StatusCode)
	}
	if res := post(t, c, w.base+"/logout", url.Values{}, "Cookie", cookie); res.StatusCode != http.StatusForbidden {
		t.Fatalf("logout without CSRF token: %d", res.StatusCode)
	}
	if p, _ := w.ids.Profile(ctx, u.ID); p.DisplayName != "" {
		t.Fatalf("a forged post changed the profile: %+v", p)
	}
	// htmx sends the token as a header.
	if res := post(t, c, w.base+"/account/profile", profile, "Cookie", cookie, "X-CSRF-Token", sess.CSRFToken); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("post with the header token: %d", res.StatusCode)
	}
	if p, _ := w.ids.Profile(ctx, u.ID); p.DisplayName != "Mallory was here" {
		t.Fatalf("profile not saved: %+v", p)
	}

	for _, next := range []string{"//evil.example/x", "https://evil.example", "/\\evil.example", "/account"} {
		res := post(t, c, w.base+"/login", url.Values{"email": {"ada@example.com"}, "password": {password}, "next": {next}})
		want := next
		if next != "/account" {
			want = "/"
		}
		if loc := res.Header.Get("Location"); loc != want {
			t.Errorf("next=%q redirected to %q, want %q", next, loc, want)
		}
	}
}

// The language comes from the user's setting, else Accept-Language.
func TestLanguageFromAcceptLanguage(t *testing.T) {
	w := startServer(t, storetest.SQLite(t))
	c := noRedirects()
	for header, want := range map[string]string{
		"zh-CN,zh;q=0.9,en;q=0.8": "<h1 id=\"h\">登录</h1>",
		"fr-FR,zh-TW;q=0.5":       "<h1 id=\"h\">登录</h1>",
		"en-GB,zh;q=0.9":          "<h1 id=\"h\">Sign in</h1>",
		"th-TH":                   "<h1 id=\"h\">เข้าสู่ระบบ</h1>",
		"ja-JP,en;q=0.5":          "<h1 id=\"h\">ログイン</h1>",
		"ko-KR":                   "<h1 id=\"h\">로그인</h1>",
		"fr-FR":                   "<h1 id=\"h\">Sign in</h1>",
	} {
		res := get(t, c, w.base+"/login", "Accept-Language", header)
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if !strings.Contains(string(body), want) {
			t.Errorf("Accept-Language %q: page lacks %s", header, want)
		}
	}
}
