package marketplace_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/soukhq/souk/blob"
	"github.com/soukhq/souk/identity"
	"github.com/soukhq/souk/marketplace"
	"github.com/soukhq/souk/runtime"
	"github.com/soukhq/souk/store"
	"github.com/soukhq/souk/store/storetest"
)

var ctx = context.Background()

type fixture struct {
	svc                *marketplace.Service
	db                 *store.DB
	blobs              blob.Store
	dev, brand, brand2 identity.Org
}

func newFixture(t *testing.T, db *store.DB) *fixture {
	t.Helper()
	ids := identity.New(db)
	u, err := ids.Signup(ctx, fmt.Sprintf("dev-%s@example.com", t.Name()[len(t.Name())-6:]), "correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	dev, err := ids.CreateOrg(ctx, u.ID, identity.OrgDeveloper, "Dev Co")
	if err != nil {
		t.Fatal(err)
	}
	brand, err := ids.CreateOrg(ctx, u.ID, identity.OrgBrand, "Acme")
	if err != nil {
		t.Fatal(err)
	}
	brand2, err := ids.CreateOrg(ctx, u.ID, identity.OrgBrand, "Globex")
	if err != nil {
		t.Fatal(err)
	}
	blobs, err := blob.OpenLocal(blob.Config{Dir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { blobs.Close() })
	return &fixture{svc: marketplace.New(db, blobs), db: db, blobs: blobs, dev: dev, brand: brand, brand2: brand2}
}

// tinyBundle builds a one-file app with souk build's code.
func tinyBundle(t *testing.T, name, version string) []byte {
	t.Helper()
	dir := t.TempDir()
	manifest := fmt.Sprintf(`{"name": %q, "version": %q, "entry": "index.js", "permissions": ["storage"]}`, name, version)
	src := `export default { render() { return { type: "text", text: "hi" }; } };`
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
	return res.Archive
}

func code(err error) string {
	var e *marketplace.Error
	if errors.As(err, &e) {
		return e.Code
	}
	return ""
}

func TestApps(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		a, err := f.svc.CreateApp(ctx, f.dev.ID, "hello-shop", "Hello shop")
		if err != nil {
			t.Fatal(err)
		}
		for _, tc := range []struct {
			org, slug, name, code string
		}{
			{f.dev.ID, "hello-shop", "Again", marketplace.CodeSlugTaken},
			{f.dev.ID, "Hello_Shop", "x", marketplace.CodeInvalidSlug},
			{f.dev.ID, "ok-slug", "  ", marketplace.CodeInvalidName},
			{f.brand.ID, "brand-app", "x", marketplace.CodeNotDeveloper},
			{"org_missing", "other", "x", marketplace.CodeNotFound},
		} {
			if _, err := f.svc.CreateApp(ctx, tc.org, tc.slug, tc.name); code(err) != tc.code {
				t.Errorf("CreateApp(%s, %q): %v, want %s", tc.org, tc.slug, err, tc.code)
			}
		}
		got, err := f.svc.AppInOrg(ctx, f.dev.ID, a.ID)
		if err != nil || got != a {
			t.Fatalf("AppInOrg: %+v %v, want %+v", got, err, a)
		}
		if _, err := f.svc.AppInOrg(ctx, f.brand.ID, a.ID); code(err) != marketplace.CodeNotFound {
			t.Fatalf("app from another org: %v", err)
		}
		list, err := f.svc.Apps(ctx, f.dev.ID)
		if err != nil || len(list) != 1 || list[0].ID != a.ID {
			t.Fatalf("Apps: %+v %v", list, err)
		}
		if list, _ := f.svc.Apps(ctx, f.brand.ID); len(list) != 0 {
			t.Fatalf("brand apps: %+v", list)
		}
	})
}
