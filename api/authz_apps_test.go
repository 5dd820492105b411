package api_test

import (
	"bytes"
	"fmt"
	"sync"
	"sync/atomic"

	"github.com/soukhq/souk/identity"
	"github.com/soukhq/souk/marketplace"
	"github.com/soukhq/souk/runtime"
)

// appFixture is the developer org's app in one matrix world, with version
// 1.0.0 uploaded and one preview receipt.
type appFixture struct {
	org, app, receipt string
}

var (
	appFixturesMu sync.Mutex
	appFixtures   = map[*world]*appFixture{}
	matrixVersion atomic.Int64
)

func appsOf(w *world) *appFixture {
	appFixturesMu.Lock()
	defer appFixturesMu.Unlock()
	if f, ok := appFixtures[w]; ok {
		return f
	}
	t := w.h.t
	eng := withEngine(w.h)
	ms, err := w.h.ids.Memberships(t0ctx, w.users["developer"].ID)
	if err != nil {
		t.Fatal(err)
	}
	f := &appFixture{}
	for _, m := range ms {
		if m.OrgKind == identity.OrgDeveloper {
			f.org = m.OrgID
		}
	}
	svc := marketplace.New(w.h.db, eng.Blobs())
	a, err := svc.CreateApp(t0ctx, f.org, "matrix-app", "Matrix app")
	if err != nil {
		t.Fatal(err)
	}
	f.app = a.ID
	archive := tinyArchive(t, "matrix-app", "1.0.0")
	v, err := svc.UploadVersion(t0ctx, a.ID, bytes.NewReader(archive), int64(len(archive)))
	if err != nil {
		t.Fatal(err)
	}
	res, err := eng.Run(t0ctx, runtime.Event{AppID: a.ID, Version: v.Version, InstallationID: marketplace.PreviewInstallation(a.ID),
		BundleKey: v.BlobKey, BundleHash: v.BundleHash, Handler: "render", Args: nil})
	if err != nil {
		t.Fatal(err)
	}
	f.receipt = res.Receipt.ID
	appFixtures[w] = f
	return f
}

func (f *appFixture) base() string { return "/api/v1/orgs/" + f.org + "/apps/" + f.app }

// Only the developer org's members reach its apps; everyone else gets 404
// (brand staff included), anonymous callers 401.
var devOnly = map[string]int{"anonymous": 401, "*": 404}

func devGets(status int) map[string]int {
	m := map[string]int{"developer": status}
	for k, v := range devOnly {
		m[k] = v
	}
	return m
}

func init() {
	matrix["create-app"] = matrixCase{
		request: func(w *world, role string) (string, any) {
			return "/api/v1/orgs/" + appsOf(w).org + "/apps", map[string]string{"slug": fmt.Sprintf("app-%s-%d", role, matrixVersion.Add(1)), "name": "New"}
		},
		want: devGets(201),
	}
	matrix["list-apps"] = matrixCase{
		request: func(w *world, role string) (string, any) { return "/api/v1/orgs/" + appsOf(w).org + "/apps", nil },
		want:    devGets(200),
	}
	matrix["developer-revenue"] = matrixCase{
		request: func(w *world, role string) (string, any) { return "/api/v1/orgs/" + appsOf(w).org + "/revenue", nil },
		want:    devGets(200),
	}
	matrix["get-app"] = matrixCase{
		request: func(w *world, role string) (string, any) { return appsOf(w).base(), nil },
		want:    devGets(200),
	}
	// The matrix sends JSON; a member's upload therefore gets 415, which
	// still proves the caller got past authorization (apps_test.go uploads zips).
	matrix["upload-version"] = matrixCase{
		request: func(w *world, role string) (string, any) {
			return appsOf(w).base() + "/versions", []byte("{}")
		},
		want: devGets(415),
	}
	matrix["list-versions"] = matrixCase{
		request: func(w *world, role string) (string, any) { return appsOf(w).base() + "/versions", nil },
		want:    devGets(200),
	}
	matrix["preview-version"] = matrixCase{
		request: func(w *world, role string) (string, any) {
			return appsOf(w).base() + "/versions/1.0.0/preview", map[string]any{"handler": "render", "args": []any{"home"}}
		},
		want: devGets(200),
	}
	matrix["list-receipts"] = matrixCase{
		request: func(w *world, role string) (string, any) { return appsOf(w).base() + "/receipts?outcome=ok", nil },
		want:    devGets(200),
	}
	matrix["get-receipt"] = matrixCase{
		request: func(w *world, role string) (string, any) {
			f := appsOf(w)
			return f.base() + "/receipts/" + f.receipt, nil
		},
		want: devGets(200),
	}
	matrix["get-recording"] = matrixCase{
		request: func(w *world, role string) (string, any) {
			f := appsOf(w)
			return f.base() + "/receipts/" + f.receipt + "/recording", nil
		},
		want: devGets(200),
	}
	matrix["get-version-bundle"] = matrixCase{
		request: func(w *world, role string) (string, any) { return appsOf(w).base() + "/versions/1.0.0/bundle", nil },
		want:    devGets(200),
	}
}
