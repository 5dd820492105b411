package api_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/soukhq/souk/marketplace"
	"github.com/soukhq/souk/runtime"
)

// lifeFixture is, per matrix world, an app of the developer org with 1.0.0
// released and installed by the world's brand.
type lifeFixture struct {
	w       *world
	svc     *marketplace.Service
	org     string
	app     string
	install string
}

var (
	lifeMu       sync.Mutex
	lifeFixtures = map[*world]*lifeFixture{}
	lifeSeq      atomic.Int64
)

// permArchive builds app name at version asking for perms; its render says
// which version served and for whom.
func permArchive(t testing.TB, name, version string, perms []string) []byte {
	t.Helper()
	src := fmt.Sprintf(`export default {
  render(page, params, ctx) { return { type: "text", text: "version %s page " + page + " shopper " + ctx.shopperId }; },
  action(name, args, ctx) { return { type: "text", text: "version %s did " + name }; },
};`, version, version)
	return permArchiveSrc(t, name, version, perms, src)
}

func permArchiveSrc(t testing.TB, name, version string, perms []string, src string) []byte {
	t.Helper()
	dir := t.TempDir()
	p, _ := json.Marshal(perms)
	manifest := fmt.Sprintf(`{"name": %q, "version": %q, "entry": "index.js", "permissions": %s}`, name, version, p)
	os.WriteFile(filepath.Join(dir, "souk.json"), []byte(manifest), 0o644)
	os.WriteFile(filepath.Join(dir, "index.js"), []byte(src), 0o644)
	res, err := runtime.Build(dir, runtime.DefaultBundleLimits())
	if err != nil {
		t.Fatal(err)
	}
	return res.Archive
}

// must is for fixture set-up: a failure there is a broken test, not a finding.
func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

func lifeOf(w *world) *lifeFixture {
	lifeMu.Lock()
	defer lifeMu.Unlock()
	if f, ok := lifeFixtures[w]; ok {
		return f
	}
	org := appsOf(w).org
	f := &lifeFixture{w: w, svc: marketplace.New(w.h.db, withEngine(w.h).Blobs()), org: org}
	a := must(f.svc.CreateApp(t0ctx, org, "matrix-life", "Matrix life"))
	f.app = a.ID
	f.approvedVersion("1.0.0", []string{"storage"})
	must(f.svc.Release(t0ctx, f.app, "1.0.0", 100, "usr_dev"))
	f.install = f.activeInstall()
	lifeFixtures[w] = f
	return f
}

func (f *lifeFixture) base() string { return "/api/v1/orgs/" + f.org + "/apps/" + f.app }

// version uploads a fresh version (2.0.N, newer than anything released)
// and moves it to status.
func (f *lifeFixture) version(status string) string {
	t := f.w.h.t
	v := fmt.Sprintf("2.0.%d", lifeSeq.Add(1))
	ar := permArchive(t, "matrix-life", v, []string{"storage"})
	must(f.svc.UploadVersion(t0ctx, f.app, bytes.NewReader(ar), int64(len(ar))))
	if status == marketplace.StatusReady {
		return v
	}
	must(f.svc.Submit(t0ctx, f.app, v, "usr_dev"))
	if status == marketplace.StatusApproved {
		must(f.svc.Approve(t0ctx, f.app, v, "usr_rev", ""))
	}
	return v
}

func (f *lifeFixture) approvedVersion(v string, perms []string) {
	t := f.w.h.t
	ar := permArchive(t, "matrix-life", v, perms)
	must(f.svc.UploadVersion(t0ctx, f.app, bytes.NewReader(ar), int64(len(ar))))
	must(f.svc.Submit(t0ctx, f.app, v, "usr_dev"))
	must(f.svc.Approve(t0ctx, f.app, v, "usr_rev", ""))
}

// activeInstall returns the brand's active installation, installing again
// if a matrix call uninstalled it.
func (f *lifeFixture) activeInstall() string {
	list := must(f.svc.Installations(t0ctx, f.w.brand))
	for _, in := range list {
		if in.AppID == f.app && in.Status == marketplace.InstallActive {
			return in.ID
		}
	}
	st := must(f.svc.ReleaseState(t0ctx, f.app))
	v := must(f.svc.Version(t0ctx, f.app, st.Latest()))
	in := must(f.svc.Install(t0ctx, f.w.brand, f.w.users["brand_owner"].ID, marketplace.InstallInput{AppID: f.app, Permissions: v.Permissions()}))
	return in.ID
}

// pendingConsent makes a fresh app, installed by the brand at 1.0.0, whose
// released 2.0.0 asks for more: the installation waits for consent.
func (f *lifeFixture) pendingConsent() (installID string) {
	t := f.w.h.t
	slug := fmt.Sprintf("consent-%d", lifeSeq.Add(1))
	a := must(f.svc.CreateApp(t0ctx, f.org, slug, "Consent"))
	for _, v := range []struct {
		version string
		perms   []string
	}{{"1.0.0", []string{"storage"}}, {"2.0.0", []string{"storage", "log"}}} {
		ar := permArchive(t, slug, v.version, v.perms)
		must(f.svc.UploadVersion(t0ctx, a.ID, bytes.NewReader(ar), int64(len(ar))))
		must(f.svc.Submit(t0ctx, a.ID, v.version, "usr_dev"))
		must(f.svc.Approve(t0ctx, a.ID, v.version, "usr_rev", ""))
		must(f.svc.Release(t0ctx, a.ID, v.version, 100, "usr_dev"))
		if v.version == "1.0.0" {
			installID = must(f.svc.Install(t0ctx, f.w.brand, "usr_owner", marketplace.InstallInput{AppID: a.ID, Permissions: v.perms})).ID
		}
	}
	return installID
}

// Reviewer routes: reviewers and admins; other users 403.
var reviewers = map[string]int{"anonymous": 401, "reviewer": 200, "admin": 200, "*": 403}

// brandGets: every member of the brand reads; others 404.
func brandGets(status int) map[string]int {
	return map[string]int{"anonymous": 401, "brand_owner": status, "brand_manager": status, "brand_agent": status, "*": 404}
}

// brandWrites: owners and managers; agents 403; non-members 404.
func brandWrites(status int) map[string]int {
	return map[string]int{"anonymous": 401, "brand_owner": status, "brand_manager": status, "brand_agent": 403, "*": 404}
}

func init() {
	matrix["submit-version"] = matrixCase{
		request: func(w *world, role string) (string, any) {
			f := lifeOf(w)
			return f.base() + "/versions/" + f.version(marketplace.StatusReady) + "/submit", nil
		},
		want: devGets(200),
	}
	matrix["withdraw-version"] = matrixCase{
		request: func(w *world, role string) (string, any) {
			f := lifeOf(w)
			return f.base() + "/versions/" + f.version(marketplace.StatusInReview) + "/withdraw", nil
		},
		want: devGets(200),
	}
	matrix["get-version"] = matrixCase{
		request: func(w *world, role string) (string, any) { return lifeOf(w).base() + "/versions/1.0.0", nil },
		want:    devGets(200),
	}
	matrix["release-app"] = matrixCase{
		request: func(w *world, role string) (string, any) {
			f := lifeOf(w)
			return f.base() + "/release", map[string]any{"version": f.version(marketplace.StatusApproved), "percent": 100}
		},
		want: devGets(200),
	}
	matrix["rollback-app"] = matrixCase{
		request: func(w *world, role string) (string, any) {
			f := lifeOf(w)
			st := must(f.svc.ReleaseState(t0ctx, f.app))
			must(f.svc.Release(t0ctx, f.app, f.version(marketplace.StatusApproved), 100, "usr_dev"))
			return f.base() + "/rollback", map[string]any{"version": st.Stable}
		},
		want: devGets(200),
	}
	matrix["get-releases"] = matrixCase{
		request: func(w *world, role string) (string, any) { return lifeOf(w).base() + "/releases", nil },
		want:    devGets(200),
	}
	matrix["get-app-status"] = matrixCase{
		request: func(w *world, role string) (string, any) { return lifeOf(w).base() + "/status", nil },
		want:    devGets(200),
	}
	matrix["list-review-queue"] = matrixCase{
		request: func(w *world, role string) (string, any) { return "/api/v1/review/queue", nil },
		want:    reviewers,
	}
	matrix["get-review-version"] = matrixCase{
		request: func(w *world, role string) (string, any) {
			return "/api/v1/review/apps/" + lifeOf(w).app + "/versions/1.0.0", nil
		},
		want: reviewers,
	}
	matrix["approve-version"] = matrixCase{
		request: func(w *world, role string) (string, any) {
			f := lifeOf(w)
			return "/api/v1/review/apps/" + f.app + "/versions/" + f.version(marketplace.StatusInReview) + "/approve", map[string]any{"message": "ok"}
		},
		want: reviewers,
	}
	matrix["reject-version"] = matrixCase{
		request: func(w *world, role string) (string, any) {
			f := lifeOf(w)
			return "/api/v1/review/apps/" + f.app + "/versions/" + f.version(marketplace.StatusInReview) + "/reject",
				map[string]any{"reasons": []string{"other"}, "message": "no"}
		},
		want: reviewers,
	}
	matrix["list-store-apps"] = matrixCase{
		request: func(w *world, role string) (string, any) { lifeOf(w); return "/api/v1/apps", nil },
		want:    map[string]int{"*": 200},
	}
	matrix["get-store-app"] = matrixCase{
		request: func(w *world, role string) (string, any) { return "/api/v1/apps/" + lifeOf(w).app, nil },
		want:    map[string]int{"*": 200},
	}
	matrix["install-app"] = matrixCase{
		request: func(w *world, role string) (string, any) {
			f := lifeOf(w)
			// One active install per (brand, app): uninstall first so each allowed call can install.
			must(f.svc.Uninstall(t0ctx, w.brand, f.activeInstall()))
			st := must(f.svc.ReleaseState(t0ctx, f.app))
			v := must(f.svc.Version(t0ctx, f.app, st.Latest()))
			return "/api/v1/orgs/" + w.brand + "/installations", map[string]any{"app_id": f.app, "permissions": v.Permissions(), "config": map[string]any{"k": 1}}
		},
		want: brandWrites(201),
	}
	matrix["list-installations"] = matrixCase{
		request: func(w *world, role string) (string, any) {
			lifeOf(w)
			return "/api/v1/orgs/" + w.brand + "/installations", nil
		},
		want: brandGets(200),
	}
	matrix["get-installation"] = matrixCase{
		request: func(w *world, role string) (string, any) {
			return "/api/v1/orgs/" + w.brand + "/installations/" + lifeOf(w).activeInstall(), nil
		},
		want: brandGets(200),
	}
	matrix["set-installation-config"] = matrixCase{
		request: func(w *world, role string) (string, any) {
			return "/api/v1/orgs/" + w.brand + "/installations/" + lifeOf(w).activeInstall() + "/config", map[string]any{"config": map[string]any{"role": role}}
		},
		want: brandWrites(200),
	}
	matrix["consent-installation"] = matrixCase{
		request: func(w *world, role string) (string, any) {
			return "/api/v1/orgs/" + w.brand + "/installations/" + lifeOf(w).pendingConsent() + "/consent",
				map[string]any{"version": "2.0.0", "permissions": []string{"storage", "log"}}
		},
		want: brandWrites(200),
	}
	matrix["uninstall-app"] = matrixCase{
		request: func(w *world, role string) (string, any) {
			return "/api/v1/orgs/" + w.brand + "/installations/" + lifeOf(w).activeInstall(), nil
		},
		want: brandWrites(200),
	}
	matrix["render-installation"] = matrixCase{
		request: func(w *world, role string) (string, any) {
			return "/api/v1/installations/" + lifeOf(w).activeInstall() + "/render", map[string]any{"page": "home"}
		},
		want: map[string]int{"anonymous": 401, "*": 200},
	}
	matrix["action-installation"] = matrixCase{
		request: func(w *world, role string) (string, any) {
			return "/api/v1/installations/" + lifeOf(w).activeInstall() + "/action", map[string]any{"name": "tap"}
		},
		want: map[string]int{"anonymous": 401, "*": 200},
	}
}
