package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/soukhq/souk/store"
	"github.com/soukhq/souk/store/storetest"
	"github.com/soukhq/souk/web/webtest"
)

// An admin finds the developer org on the organisations page and sets its
// revenue share; reviewers and brand owners get the 404 page for both.
func TestOpsSharesInChromium(t *testing.T) {
	storetest.Pick(t, func(t *testing.T, db *store.DB) {
		w := startOpsServer(t, db)
		ms, err := w.ids.Memberships(ctx, w.dev.ID)
		if err != nil || len(ms) != 1 {
			t.Fatal(ms, err)
		}
		devOrg := ms[0].OrgID
		owner := w.user(t, brandOwner, "owner@example.com")
		owned, _ := w.ids.Memberships(ctx, owner.ID)
		w.user(t, admin, "admin@example.com")
		w.user(t, reviewer, "reviewer@example.com")

		c := noRedirects()
		for _, who := range []string{"owner@example.com", "reviewer@example.com"} {
			sess, _, err := w.ids.Login(ctx, who, password)
			if err != nil {
				t.Fatal(err)
			}
			cookie := "souk_session=" + sess.Token
			for _, path := range []string{"/ops/shares?org=" + devOrg, "/ops/orgs?q=Mini+Labs"} {
				if res := get(t, c, w.base+path, "Cookie", cookie); res.StatusCode != http.StatusNotFound {
					t.Errorf("%s opening %s: %d, want 404", who, path, res.StatusCode)
				}
			}
			if res := post(t, c, w.base+"/ops/shares/"+devOrg, url.Values{"csrf_token": {sess.CSRFToken}, "percent": {"50"}}, "Cookie", cookie); res.StatusCode != http.StatusNotFound {
				t.Errorf("%s setting the share: %d, want 404", who, res.StatusCode)
			}
		}
		if got, _ := w.com.DeveloperShare(ctx, devOrg); got != 1000 {
			t.Fatalf("share after refused posts: %d bps, want the default 1000", got)
		}
		sess, _, _ := w.ids.Login(ctx, "admin@example.com", password)
		if res := post(t, c, w.base+"/ops/shares/"+owned[0].OrgID, url.Values{"csrf_token": {sess.CSRFToken}, "percent": {"1"}}, "Cookie", "souk_session="+sess.Token); res.StatusCode != http.StatusNotFound {
			t.Errorf("a brand's developer share: %d, want 404", res.StatusCode)
		}

		b := webtest.New(t, w.base)
		b.SignIn("admin@example.com", password, "/")
		b.Open("/ops/orgs?q=" + url.QueryEscape("  mini labs "))
		if got := b.Text("region", "Found"); !strings.Contains(got, devOrg) || !strings.Contains(got, "developer") {
			t.Errorf("organisations found: %q", got)
		}
		b.Open("/ops/orgs?q=Mini")
		if got := b.Text("region", "Found"); !strings.Contains(got, "No organisation has this id or name.") {
			t.Errorf("a part of a name found: %q", got)
		}
		b.Open("/ops/orgs?q=" + devOrg)
		b.Axe()
		b.Click("link", "Mini Labs")
		b.WaitPath("/ops/shares")
		b.Find("heading", "Mini Labs")
		if got := webtest.Eval[string](b, `document.getElementById("percent").value`); got != "10" {
			t.Errorf("the page shows the share %q, want the default 10", got)
		}
		b.Fill("Developer share (%)", "101")
		b.Submit("Save share")
		if got := b.Text("alert", ""); !strings.Contains(got, "percentage from 0 to 100") {
			t.Errorf("alert for a bad share: %q", got)
		}
		b.Fill("Developer share (%)", "12.5")
		b.Submit("Save share")
		if got := b.Text("status", ""); !strings.Contains(got, "The share of Mini Labs is now 12.5%.") {
			t.Errorf("notice after saving: %q", got)
		}
		if got, _ := w.com.DeveloperShare(ctx, devOrg); got != 1250 {
			t.Fatalf("share after the page: %d bps, want 1250", got)
		}
		shots(t, b, "ops-shares")
	})
}
