package web_test

import (
	"context"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/soukhq/souk/api"
	"github.com/soukhq/souk/identity"
	"github.com/soukhq/souk/internal/testenv"
	"github.com/soukhq/souk/store/storetest"
	"github.com/soukhq/souk/web"
)

// startServer serves the API and pages on a real loopback port.
func startServer(t *testing.T) (string, *identity.Service) {
	db := storetest.SQLite(t)
	ids := identity.New(db)
	srv := api.New(api.Deps{DB: db, Identity: ids, Ready: map[string]api.Pinger{"database": db}})
	web.Mount(srv.App, web.Deps{Identity: ids})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.App.Listener(ln)
	t.Cleanup(func() { _ = srv.App.ShutdownWithTimeout(5 * time.Second) })
	return "http://" + ln.Addr().String(), ids
}

// browser starts headless Chromium (the Debian package) for one test.
func browser(t *testing.T) context.Context {
	path := testenv.ChromiumPath(t)
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.UserDataDir(t.TempDir()),
		// The machine has no outside network: keep Chromium from trying.
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-quic", true),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(actx)
	ctx, cancelTimeout := context.WithTimeout(ctx, 60*time.Second)
	t.Cleanup(func() { cancelTimeout(); cancelCtx(); cancelAlloc() })
	return ctx
}

// A person signs in with the form, lands on their account page, sees their
// organisations, and signs out; a wrong password shows an error instead.
func TestSignInPageInChromium(t *testing.T) {
	base, ids := startServer(t)
	ctx := context.Background()
	u, err := ids.Signup(ctx, "ada@example.com", "correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ids.CreateOrg(ctx, u.ID, identity.OrgBrand, "Ada's Teas"); err != nil {
		t.Fatal(err)
	}
	b := browser(t)
	css := func(s string) chromedp.CSS { return chromedp.CSS(s) }
	text := func(sel string) string {
		t.Helper()
		v, err := chromedp.Run(b, chromedp.Text(css(sel)))
		if err != nil {
			t.Fatalf("text of %s: %v", sel, err)
		}
		return v
	}

	err = chromedp.Do(b,
		chromedp.Navigate(base+"/login"),
		chromedp.WaitVisible(css(`#email`)),
		chromedp.SendKeys(css(`#email`), "ada@example.com"),
		chromedp.SendKeys(css(`#password`), "wrong password!"),
		chromedp.Click(css(`button[type=submit]`)),
		chromedp.WaitVisible(css(`[role=alert]`)),
	)
	if err != nil {
		t.Fatal(err)
	}
	if alert := text(`[role=alert]`); !strings.Contains(alert, "wrong") {
		t.Fatalf("wrong password shows %q", alert)
	}

	err = chromedp.Do(b,
		chromedp.SendKeys(css(`#password`), "correct horse battery"),
		chromedp.Click(css(`button[type=submit]`)),
		chromedp.WaitVisible(css(`table`)),
	)
	if err != nil {
		t.Fatal(err)
	}
	heading, table, whoami := text(`h1`), text(`table`), text(`[data-testid=whoami]`)
	if heading != "Signed in as ada@example.com" || whoami != "ada@example.com" || !strings.Contains(table, "Ada's Teas") || !strings.Contains(table, "owner") {
		t.Fatalf("account page: heading %q, whoami %q, table %q", heading, whoami, table)
	}
	if dir := os.Getenv("SOUK_SCREENSHOT_DIR"); dir != "" {
		if shot, err := chromedp.Run(b, chromedp.FullScreenshot(80)); err == nil {
			_ = os.WriteFile(filepath.Join(dir, "account.jpg"), shot, 0o644)
		}
	}

	err = chromedp.Do(b,
		chromedp.Click(css(`form[action="/logout"] button`)),
		chromedp.WaitVisible(css(`a[href="/login"]`)),
		chromedp.Navigate(base+"/account"),
		chromedp.WaitVisible(css(`#email`)),
	)
	if err != nil {
		t.Fatal(err)
	}
	url, err := chromedp.Run(b, chromedp.Location())
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(url, "/login") {
		t.Fatalf("after sign-out /account went to %s, want /login", url)
	}
}
