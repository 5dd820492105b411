package web_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/soukhq/souk/identity"
	"github.com/soukhq/souk/marketplace"
	"github.com/soukhq/souk/runtime"
	"github.com/soukhq/souk/store"
	"github.com/soukhq/souk/store/storetest"
	"github.com/soukhq/souk/web/webtest"
)

// releaseShop builds, uploads, approves and releases version of app
// asking for perms.
func (w *sellerWorld) releaseShop(t *testing.T, appID, version string, perms []string) {
	t.Helper()
	dir := t.TempDir()
	p, _ := json.Marshal(perms)
	manifest := fmt.Sprintf(`{"name": "shop", "version": %q, "entry": "index.js", "description": "A tea shop", "permissions": %s}`, version, p)
	src := `export default { render() { return { type: "text", text: "hello" }; } };`
	if err := os.WriteFile(filepath.Join(dir, "souk.json"), []byte(manifest), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "index.js"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	res, err := runtime.Build(dir, runtime.DefaultBundleLimits())
	if err != nil {
		t.Fatal(err)
	}
	v, err := w.market.UploadVersion(ctx, appID, bytes.NewReader(res.Archive), int64(len(res.Archive)))
	if err != nil || v.Status != marketplace.StatusReady {
		t.Fatalf("upload %s: %+v, %v", version, v, err)
	}
	if _, err := w.market.Submit(ctx, appID, version, "usr_dev"); err != nil {
		t.Fatal(err)
	}
	if _, err := w.market.Approve(ctx, appID, version, "usr_reviewer", ""); err != nil {
		t.Fatal(err)
	}
	if _, err := w.market.Release(ctx, appID, version, 100, "usr_dev"); err != nil {
		t.Fatal(err)
	}
}

// The owner installs a released app from the catalogue seeing its
// permissions in words, consents to a new version's extra permission with
// the difference shown, sets the installation's config (a bad one is
// explained) and uninstalls it; the agent reads the page without forms and
// the server refuses the agent's install post.
func TestSellerAppsInChromium(t *testing.T) {
	storetest.Pick(t, func(t *testing.T, db *store.DB) {
		w := startSellerServer(t, db)
		dev, err := w.ids.CreateOrg(ctx, w.stranger.ID, identity.OrgDeveloper, "Leaf Labs")
		if err != nil {
			t.Fatal(err)
		}
		app, err := w.market.CreateApp(ctx, dev.ID, "shop", "Tea Shop")
		if err != nil {
			t.Fatal(err)
		}
		w.releaseShop(t, app.ID, "1.0.0", []string{"catalog"})
		apps := "/seller/" + w.brand.ID + "/apps"

		b := webtest.New(t, w.base)
		b.SignIn("owner@example.com", password, "/")
		b.Open("/seller/" + w.brand.ID)
		b.Click("link", "Apps")
		b.WaitPath(apps)
		b.Find("heading", "Tea Shop · version 1.0.0")
		b.FindContaining("listitem", "Read your catalog: products, prices and stock")
		shots(t, b, "seller-apps")
		b.Submit("Install Tea Shop")
		b.Find("status", "Tea Shop installed.")
		ins, err := w.market.Installations(ctx, w.brand.ID)
		if err != nil || len(ins) != 1 || !slices.Equal(ins[0].Granted, []string{"catalog"}) || ins[0].Version != "1.0.0" {
			t.Fatalf("installations %+v, %v", ins, err)
		}

		// A new version asks for orders too: the difference is shown.
		w.releaseShop(t, app.ID, "1.1.0", []string{"catalog", "orders"})
		b.Open(apps)
		b.Find("heading", "Version 1.1.0 asks for more")
		b.FindContaining("listitem", "+ Create orders for your shoppers and read them")
		if got := webtest.Eval[string](b, `document.querySelector(".pending-consent").innerText`); !strings.Contains(got, "Already granted:") || strings.Count(got, "+ ") != 1 {
			t.Errorf("the consent's difference: %q", got)
		}
		shots(t, b, "seller-apps-consent")
		b.Submit("Allow Tea Shop 1.1.0")
		b.Find("status", "Version 1.1.0 allowed.")
		if b.Has("button", "Allow Tea Shop 1.1.0") {
			t.Error("consent is still asked after it was given")
		}
		in, _ := w.market.Installation(ctx, ins[0].ID)
		if in.Version != "1.1.0" || !slices.Equal(in.Granted, []string{"catalog", "orders"}) {
			t.Fatalf("after consent: %+v", in)
		}

		// Config: a JSON object; anything else is explained.
		b.Fill("Settings of Tea Shop (a JSON object)", `[1, 2]`)
		b.Submit("Save settings of Tea Shop")
		if got := b.Text("alert", ""); !strings.Contains(got, "config must be a JSON object") {
			t.Errorf("bad config: %q", got)
		}
		b.Fill("Settings of Tea Shop (a JSON object)", `{"greeting": "Welcome"}`)
		b.Submit("Save settings of Tea Shop")
		b.Find("status", "Settings saved.")
		if in, _ := w.market.Installation(ctx, ins[0].ID); string(in.Config) != `{"greeting": "Welcome"}` {
			t.Fatalf("config %s", in.Config)
		}

		// The agent reads, without forms; the server refuses the posts.
		sess, _, err := w.ids.Login(ctx, "agent@example.com", password)
		if err != nil {
			t.Fatal(err)
		}
		c := noRedirects()
		for path, v := range map[string]url.Values{
			apps + "/" + ins[0].ID + "/uninstall": {},
			apps + "/" + ins[0].ID + "/config":    {"config": {"{}"}},
			apps + "/install":                     {"app_id": {app.ID}, "permission": {"catalog", "orders"}},
		} {
			v.Set("csrf_token", sess.CSRFToken)
			if res := post(t, c, w.base+path, v, "Cookie", "souk_session="+sess.Token); res.StatusCode != http.StatusForbidden {
				t.Errorf("agent posting %s: %d, want 403", path, res.StatusCode)
			}
		}
		if in, _ := w.market.Installation(ctx, ins[0].ID); in.Status != marketplace.InstallActive || string(in.Config) != `{"greeting": "Welcome"}` {
			t.Fatalf("a refused post changed the installation: %+v", in)
		}

		b.Submit("Uninstall Tea Shop")
		b.Find("status", "App uninstalled.")
		b.Find("button", "Install Tea Shop")
		if in, _ := w.market.Installation(ctx, ins[0].ID); in.Status != marketplace.InstallUninstalled {
			t.Fatalf("not uninstalled: %+v", in)
		}
		b.Open("/")
		b.Submit("Sign out")
		b.WaitPath("/")
		b.SignIn("agent@example.com", password, "/")
		b.Open(apps)
		b.Find("heading", "Tea Shop · version 1.1.0")
		if b.Has("button", "Install Tea Shop") {
			t.Error("the agent is offered the install form")
		}
		b.Axe()
	})
}
