package marketplace_test

import (
	"strings"
	"testing"

	"github.com/soukhq/souk/marketplace"
	"github.com/soukhq/souk/store"
	"github.com/soukhq/souk/store/storetest"
)

// A constant BigInt expression that goja would fold while compiling took
// down every worker that compiled the bundle; the upload now compiles it in
// the sandbox under the app's event limits and fails the "compile" check.
func TestUploadCompileCheck(t *testing.T) {
	good := appBundle(t, "1.0.0", []string{"storage"}, "")
	bomb := appBundle(t, "1.1.0", []string{"storage"},
		`export default { render() { return { type: "text", text: String(7n ** (10n ** 8n)).slice(0, 3) }; } };`)
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		f.engine(t) // starts the shared pool
		svc := f.svc.WithCompiler(sharedPool)
		a, _ := svc.CreateApp(ctx, f.dev.ID, "shop", "Shop")
		started := sharedPool.WorkersStarted()

		v := upload(t, svc, a.ID, good)
		if v.Status != marketplace.StatusReady || !hasCheck(v, "compile", true) {
			t.Fatalf("good upload: %s %+v", v.Status, v.Checks)
		}
		v = upload(t, svc, a.ID, bomb)
		if v.Status != marketplace.StatusChecksFailed || !strings.Contains(strings.Join(failedChecks(v), " "), "compile:compile_error") {
			t.Fatalf("BigInt bomb: %s %v", v.Status, failedChecks(v))
		}
		for _, c := range v.Checks {
			if c.Check == "compile" && !strings.Contains(c.Message, "constant BigInt expression") {
				t.Fatalf("unclear check result: %+v", c)
			}
		}
		if n := sharedPool.WorkersStarted() - started; n != 0 {
			t.Fatalf("compiling the uploads replaced %d workers", n)
		}
	})
}

func hasCheck(v marketplace.Version, name string, ok bool) bool {
	for _, c := range v.Checks {
		if c.Check == name && c.OK == ok {
			return true
		}
	}
	return false
}
