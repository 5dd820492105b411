package web_test

import (
	"strings"
	"testing"

	"github.com/soukhq/souk/store"
	"github.com/soukhq/souk/store/storetest"
	"github.com/soukhq/souk/web/webtest"
)

// A developer opens the portal, lands on their org's apps (one org: no
// picker), is told why a bad slug is refused, creates an app and reaches
// its page. A developer of another org gets the 404 page for both the org
// and the app, with a valid session. Both backends.
func TestPortalAppsInChromium(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		w := startOpsServer(t, db)
		b := webtest.New(t, w.base)
		b.SignIn("dev@example.com", password, "/")
		b.Open("/portal")
		b.Find("heading", "Apps")
		b.FindContaining("link", "Tea Shop")
		b.Axe()

		b.Fill("Slug", "Not A Slug")
		b.Fill("Name", "Noodle Bar")
		webtest.Eval[bool](b, "document.getElementById('slug').removeAttribute('pattern'), true")
		b.Submit("Create app")
		if got := b.Text("alert", ""); !strings.Contains(got, "lowercase") {
			t.Errorf("refused slug: alert %q", got)
		}
		apps, err := w.market.Apps(ctx, w.app.OrgID)
		if err != nil || len(apps) != 1 {
			t.Fatalf("a refused post changed the apps: %v %v", apps, err)
		}
		b.Fill("Slug", "noodle-bar")
		b.Submit("Create app")
		b.Find("heading", "Noodle Bar")
		if apps, _ := w.market.Apps(ctx, w.app.OrgID); len(apps) != 2 {
			t.Fatalf("apps after creating: %v", apps)
		}
		b.Axe()

		w.user(t, developer, "other@example.com")
		o := webtest.New(t, w.base)
		o.SignIn("other@example.com", password, "/")
		for _, p := range []string{"/portal/" + w.app.OrgID, "/portal/" + w.app.OrgID + "/apps/" + w.app.ID} {
			o.Open(p)
			o.Find("heading", "This page does not exist")
		}
	})
}
