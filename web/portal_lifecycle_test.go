package web_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/soukhq/souk/marketplace"
	"github.com/soukhq/souk/store"
	"github.com/soukhq/souk/store/storetest"
	"github.com/soukhq/souk/web/webtest"
)

// receipts writes n receipts of a version with an outcome (what the
// runtime engine writes for each event).
func receipts(t *testing.T, db *store.DB, appID, version, outcome string, n int) {
	t.Helper()
	for i := 0; i < n; i++ {
		if _, err := db.ExecContext(ctx, `INSERT INTO receipts (id, app_id, version, installation_id, event, outcome, bundle_hash, started_at,
			wall_us, cpu_us, compile_us, host_calls, bytes_in, bytes_out, log_lines, logs_dropped)
			VALUES ($1, $2, $3, 'ins_x', 'render', $4, 'h', $5, 0, 0, 0, 0, 0, 0, 0, 0)`, store.NewID("rcp"), appID, version, outcome, store.Now()); err != nil {
			t.Fatal(err)
		}
	}
}

// A developer sets the app's automatic rollback rules (a refused margin is
// explained), watches the gray release's figures, and after the host rolls
// the release back sees why in the history; the Notifications link counts
// the unread review decisions and the rollback, which they read one by one
// and then all at once. Members of another org get the 404 page. Both
// backends, axe-core clean.
func TestPortalAutoRollbackAndNotificationsInChromium(t *testing.T) {
	storetest.Pick(t, func(t *testing.T, db *store.DB) {
		w := startOpsServer(t, db)
		org, app := w.app.OrgID, w.app.ID
		for _, v := range []string{"1.0.0", "2.0.0"} {
			w.submitted(t, v, []string{"storage"})
			if _, err := w.market.Approve(ctx, app, v, "usr_reviewer", "Looks good"); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := w.market.Release(ctx, app, "1.0.0", 100, w.dev.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := w.market.Release(ctx, app, "2.0.0", 20, w.dev.ID); err != nil {
			t.Fatal(err)
		}
		receipts(t, db, app, "1.0.0", "ok", 30)
		receipts(t, db, app, "2.0.0", "ok", 7)
		receipts(t, db, app, "2.0.0", "error", 3)

		b := webtest.New(t, w.base)
		b.SignIn("dev@example.com", password, "/")
		b.Open("/portal/" + org + "/apps/" + app)
		b.Click("link", "Automatic rollback rules and figures")
		b.Find("heading", "Automatic rollback")
		b.Find("link", "Release") // the navigation marks Release
		if cur := webtest.Eval[string](b, `document.querySelector("nav.subnav a[aria-current=page]").textContent`); cur != "Release" {
			t.Errorf("current section %q", cur)
		}
		b.FindContaining("row", "Errors 30.00% of 10 events 0.00% of 30 events +30.00 Waiting for 50 events each")
		b.Axe()

		b.Fill("Margin (percentage points)", "0")
		webtest.Eval[bool](b, "document.getElementById('margin').removeAttribute('min'), true")
		b.Submit("Save rules")
		if got := b.Text("alert", ""); !strings.Contains(got, "margin must be 1 to 100") {
			t.Errorf("refused margin: %q", got)
		}
		b.Fill("Margin (percentage points)", "10")
		b.Fill("Minimum events per version", "10")
		b.Submit("Save rules")
		b.Find("status", "Rules saved.")
		if r, err := w.market.AutoRollback(ctx, app); err != nil || !r.Enabled || r.MarginPoints != 10 || r.MinEvents != 10 || r.UpdatedBy != w.dev.ID {
			t.Fatalf("rules: %+v %v", r, err)
		}
		b.FindContaining("row", "Errors 30.00% of 10 events 0.00% of 30 events +30.00 Over the margin")
		b.Axe()

		// The host's sweep rolls it back.
		if n, err := w.market.CheckAutoRollbacks(ctx); err != nil || n != 1 {
			t.Fatalf("sweep: %d %v", n, err)
		}
		b.Open("/portal/" + org + "/apps/" + app + "/autorollback")
		b.Find("heading", "2.0.0 rolled back to 1.0.0")
		b.FindContaining("row", "Errors 30.00% of 10 events 0.00% of 30 events +30.00 Over the margin")
		b.Find("link", "Notifications (3 unread)")
		b.Axe()

		b.Click("link", "Notifications (3 unread)")
		b.Find("heading", "Notifications")
		b.FindContaining("heading", "Version 2.0.0 of Tea Shop was rolled back to 1.0.0 automatically")
		b.FindContaining("heading", "Version 1.0.0 of Tea Shop was approved")
		b.Axe()
		notes, err := w.market.Notifications(ctx, org, 0)
		if err != nil || len(notes) != 3 || notes[0].Event.Type != marketplace.EventAutoRolledBack {
			t.Fatalf("notifications: %+v %v", notes, err)
		}
		b.Submit(fmt.Sprintf("Mark as read: Tea Shop, %s", notes[0].Event.At.UTC().Format("2006-01-02 15:04 UTC")))
		b.Find("link", "Notifications (2 unread)")
		b.Submit("Mark all as read")
		b.Find("link", "Notifications")
		if n, _ := w.market.UnreadNotifications(ctx, org); n != 0 {
			t.Fatalf("unread after reading all: %d", n)
		}
		b.Axe()

		w.user(t, developer, "other@example.com")
		o := webtest.New(t, w.base)
		o.SignIn("other@example.com", password, "/")
		for _, p := range []string{"/portal/" + org + "/notifications", "/portal/" + org + "/apps/" + app + "/autorollback"} {
			o.Open(p)
			o.Find("heading", "This page does not exist")
		}
	})
}
