package marketplace_test

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/soukhq/souk/marketplace"
	"github.com/soukhq/souk/runtime"
)

// scanRefused are the npm compatibility suite's libraries whose bundles the
// upload scan refuses, and why.
var scanRefused = map[string]string{
	// ajv compiles every schema with new Function.
	"ajv": "forbidden_function_constructor",
	// qs depends on side-channel → get-intrinsic and function-bind, whose
	// fallback for engines without Function.prototype.bind builds bound
	// functions with Function(...) and whose intrinsics table names eval.
	// Neither runs in the sandbox (bind is native), but both are in the bundle.
	"qs": "forbidden_function_constructor",
}

// The npm compatibility suite's bundles (runtime/testdata/npmcompat) pass
// the upload scan, lodash-es's global-object idiom included, except the
// ones in scanRefused.
func TestScanAcceptsNPMCompatBundles(t *testing.T) {
	dir := filepath.Join("..", "runtime", "testdata", "npmcompat")
	if _, err := os.Stat(filepath.Join(dir, "node_modules")); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s/node_modules is missing: run npm ci --ignore-scripts there", dir)
		}
		t.Skip("npm compatibility suite not installed (npm ci --ignore-scripts in runtime/testdata/npmcompat)")
	}
	entries, err := os.ReadDir(filepath.Join(dir, "cases"))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		name := e.Name()
		res, err := runtime.Build(filepath.Join(dir, "cases", name), runtime.DefaultBundleLimits())
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		bun, err := runtime.ReadBundle(bytes.NewReader(res.Archive), int64(len(res.Archive)), runtime.DefaultBundleLimits())
		if err != nil {
			t.Fatal(err)
		}
		findings := marketplace.ScanScript(bun.Script)
		if want, ok := scanRefused[name]; ok {
			if len(findings) == 0 || findings[0].Code != want {
				t.Errorf("%s: %v, want %s", name, findings, want)
			}
			continue
		}
		if len(findings) != 0 {
			t.Errorf("%s: %v", name, findings)
		}
	}
}
