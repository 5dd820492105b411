package webhooks_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/soukhq/souk/blob"
	"github.com/soukhq/souk/identity"
	"github.com/soukhq/souk/marketplace"
	"github.com/soukhq/souk/runtime"
	"github.com/soukhq/souk/store"
	"github.com/soukhq/souk/store/storetest"
	"github.com/soukhq/souk/webhooks"
)

// Lifecycle events reach the app's endpoints that subscribe to them, as
// signed Standard Webhooks deliveries carrying the event: an endpoint on
// version.* and app.installed hears of the approval, the rejection and
// the install, once each, and not of the uninstall; the developer org's
// notifications hold all four.
func TestLifecycleSink(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db, webhooks.Options{})
		rcv := newReceiver(t)
		_, secret, err := f.svc.CreateEndpoint(ctx, f.org, f.app, webhooks.EndpointInput{URL: rcv.URL, EventTypes: []string{"version.*", "app.installed"}})
		if err != nil {
			t.Fatal(err)
		}
		blobs, err := blob.OpenLocal(blob.Config{Dir: t.TempDir(), MaxObjectSize: 8 << 20})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { blobs.Close() })
		market := marketplace.New(db, blobs)
		market.AddLifecycleSink(f.svc.LifecycleSink())
		a, err := market.App(ctx, f.app)
		if err != nil {
			t.Fatal(err)
		}
		upload := func(version string) {
			dir := t.TempDir()
			os.WriteFile(filepath.Join(dir, "souk.json"), []byte(fmt.Sprintf(`{"name": %q, "version": %q, "entry": "index.js", "permissions": []}`, a.Slug, version)), 0o644)
			os.WriteFile(filepath.Join(dir, "index.js"), []byte(`export default { render() { return { type: "text", text: "hi" }; } };`), 0o644)
			res, err := runtime.Build(dir, runtime.DefaultBundleLimits())
			if err != nil {
				t.Fatal(err)
			}
			if _, err := market.UploadVersion(ctx, f.app, bytes.NewReader(res.Archive), int64(len(res.Archive))); err != nil {
				t.Fatal(err)
			}
			if _, err := market.Submit(ctx, f.app, version, "usr_dev"); err != nil {
				t.Fatal(err)
			}
		}
		upload("1.0.0")
		upload("1.1.0")
		if _, err := market.Approve(ctx, f.app, "1.0.0", "usr_reviewer", "Welcome"); err != nil {
			t.Fatal(err)
		}
		if _, err := market.Reject(ctx, f.app, "1.1.0", "usr_reviewer", []string{"other"}, "Fix the title"); err != nil {
			t.Fatal(err)
		}
		if _, err := market.Release(ctx, f.app, "1.0.0", 100, "usr_dev"); err != nil {
			t.Fatal(err)
		}
		ids := identity.New(db)
		u, err := ids.Signup(ctx, fmt.Sprintf("brand-%d@example.com", time.Now().UnixNano()), "correct horse battery")
		if err != nil {
			t.Fatal(err)
		}
		brand, err := ids.CreateOrg(ctx, u.ID, identity.OrgBrand, "Acme")
		if err != nil {
			t.Fatal(err)
		}
		ins, err := market.Install(ctx, brand.ID, u.ID, marketplace.InstallInput{AppID: f.app, Permissions: []string{}})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := market.Uninstall(ctx, brand.ID, ins.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := market.Uninstall(ctx, brand.ID, ins.ID); err != nil { // again: no second event
			t.Fatal(err)
		}
		f.runDue(t, time.Now())

		var types []string
		for _, r := range rcv.requests() {
			if err := verify(secret, r.header, r.body, time.Now()); err != nil {
				t.Fatal(err)
			}
			var body struct {
				Type string
				Data marketplace.LifecycleEvent
			}
			if err := json.Unmarshal(r.body, &body); err != nil || body.Data.Type != body.Type || body.Data.AppID != f.app || body.Data.OrgID != f.org {
				t.Fatalf("body %s", r.body)
			}
			switch body.Type {
			case marketplace.EventVersionRejected:
				if !slices.Equal(body.Data.Reasons, []string{"other"}) || body.Data.Message != "Fix the title" || body.Data.Version != "1.1.0" {
					t.Fatalf("rejection: %s", r.body)
				}
			case marketplace.EventAppInstalled:
				if body.Data.BrandName != "Acme" || body.Data.InstallationID != ins.ID || body.Data.Version != "1.0.0" {
					t.Fatalf("install: %s", r.body)
				}
			}
			types = append(types, body.Type)
		}
		slices.Sort(types)
		if want := []string{"app.installed", "version.approved", "version.rejected"}; !slices.Equal(types, want) {
			t.Fatalf("delivered %v, want %v", types, want)
		}
		notes, err := market.Notifications(ctx, f.org, 0)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, n := range notes {
			got = append(got, n.Event.Type)
		}
		if want := []string{"app.uninstalled", "app.installed", "version.rejected", "version.approved"}; !slices.Equal(got, want) {
			t.Fatalf("notifications %v, want %v (newest first)", got, want)
		}
		if n, _ := market.UnreadNotifications(ctx, f.org); n != 4 {
			t.Fatalf("unread %d", n)
		}
		if n, _ := market.MarkNotificationsRead(ctx, f.otherOrg, notes[0].ID); n != 0 {
			t.Fatal("another org marked a notification read")
		}
		if n, _ := market.MarkNotificationsRead(ctx, f.org, notes[0].ID); n != 1 {
			t.Fatal("mark one read")
		}
		if n, _ := market.UnreadNotifications(ctx, f.org); n != 3 {
			t.Fatalf("unread after one: %d", n)
		}
	})
}
