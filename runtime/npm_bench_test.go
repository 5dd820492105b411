package runtime

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// npmBenchScript is the bundle `souk bench runtime --app npm` runs, checked
// in so the benchmark needs no node_modules; its source is
// testdata/npmcompat/bench-app (zod, decimal.js, dayjs, lodash-es).
const npmBenchScript = "../bench/runtime/npm.js"

// TestNPMBenchBundleUpToDate rebuilds the npm benchmark app with souk build
// and checks the checked-in script is that build (SOUK_UPDATE_NPM_BENCH=1
// rewrites it). Like TestNPMCompat it needs node_modules in
// testdata/npmcompat, and skips without them except under CI=true.
func TestNPMBenchBundleUpToDate(t *testing.T) {
	if _, err := os.Stat(filepath.Join(npmCompatDir, "node_modules")); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s/node_modules is missing: run npm ci --ignore-scripts in %s", npmCompatDir, npmCompatDir)
		}
		t.Skipf("%s/node_modules is missing (npm ci --ignore-scripts in that directory)", npmCompatDir)
	}
	res, err := Build(filepath.Join(npmCompatDir, "bench-app"), DefaultBundleLimits())
	if err != nil {
		t.Fatal(err)
	}
	bun, err := ReadBundle(bytes.NewReader(res.Archive), int64(len(res.Archive)), DefaultBundleLimits())
	if err != nil {
		t.Fatal(err)
	}
	if n := len(bun.Script); n < 500<<10 || n > 800<<10 {
		t.Errorf("the npm benchmark bundle is %d KB; it should stand for a real ~600 KB app", n>>10)
	}
	if os.Getenv("SOUK_UPDATE_NPM_BENCH") == "1" {
		if err := os.WriteFile(npmBenchScript, bun.Script, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	have, err := os.ReadFile(npmBenchScript)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(have, bun.Script) {
		t.Fatalf("%s is not the build of %s/bench-app (%d vs %d bytes): rerun with SOUK_UPDATE_NPM_BENCH=1", npmBenchScript, npmCompatDir, len(have), len(bun.Script))
	}
	if !strings.Contains(string(have), "__soukApp") {
		t.Fatal("not a souk bundle")
	}
}
