package marketplace_test

import (
	"strings"
	"testing"

	"github.com/soukhq/souk/marketplace"
	"github.com/soukhq/souk/store"
	"github.com/soukhq/souk/store/storetest"
)

// RunEvent caches the installation, release state and versions it reads,
// but every change is seen by the very next event (well within
// EventCacheTTL): a release, a rollback — made through a copy of the
// service, as the API's upload routes use one — and an uninstall.
func TestRunEventCacheSeesChangesAtOnce(t *testing.T) {
	v1 := appBundle(t, "1.0.0", []string{"storage"}, "")
	v2 := appBundle(t, "2.0.0", []string{"storage"}, "")
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		a, _ := f.svc.CreateApp(ctx, f.dev.ID, "shop", "Shop")
		approved(t, f.svc, a.ID, v1)
		approved(t, f.svc, a.ID, v2)
		release(t, f.svc, a.ID, "1.0.0", 100)
		ins, err := f.svc.Install(ctx, f.brand.ID, "usr_owner", marketplace.InstallInput{AppID: a.ID, Permissions: []string{"storage"}})
		if err != nil {
			t.Fatal(err)
		}
		sees := func(want string) {
			t.Helper()
			for range 3 { // the first fills the cache, the others hit it
				if text := render(t, f, ins.ID, "usr_a"); !strings.HasPrefix(text, "version "+want+" ") {
					t.Fatalf("render: %q, want version %s", text, want)
				}
			}
		}
		sees("1.0.0")
		other := f.svc.WithSizeCaps(marketplace.DefaultSizeCaps())
		if _, err := other.Release(ctx, a.ID, "2.0.0", 100, "usr_dev"); err != nil {
			t.Fatal(err)
		}
		sees("2.0.0")
		if _, err := f.svc.Rollback(ctx, a.ID, "1.0.0", "usr_dev"); err != nil {
			t.Fatal(err)
		}
		sees("1.0.0")
		if _, err := f.svc.Uninstall(ctx, f.brand.ID, ins.ID); err != nil {
			t.Fatal(err)
		}
		_, err = f.svc.RunEvent(ctx, f.engine(t), marketplace.EventRequest{InstallationID: ins.ID, ShopperID: "usr_a", Handler: "render"})
		if code(err) != marketplace.CodeUninstalled {
			t.Fatalf("event right after uninstall: %v", err)
		}
	})
}
