package runtime

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/soukhq/souk/sandbox"
)

// npmCompatDir holds the npm compatibility suite: package.json and
// package-lock.json (the libraries, at exact versions) and one small app per
// library in cases/<library>/, whose expect.json is Node's answer for the
// same main.js (node_expect.mjs). docs/NPM_COMPAT.md lists the results.
const npmCompatDir = "testdata/npmcompat"

// npmCompatKnownFailures are the libraries that do not run in the sandbox,
// and why. A library failing that is not listed here fails the test; a
// listed one that passes is logged (markdown-it is close to its deadline and
// passes on a quiet machine), so the list can shrink.
var npmCompatKnownFailures = map[string]string{
	"ajv":         "compiles each schema into a function with new Function (code generation is disabled; ajv's standalone mode, which writes the validators out at build time, is the way to use it)",
	"change-case": "its Unicode-property regular expressions (\\p{Lu} with the u flag and replacement groups) give different matches in goja's regexp engine",
	"markdown-it": "its top level builds very large Unicode regular expressions (linkify-it, entities): about 1 s in goja, at the default event deadline, so it passes or times out with the machine's load",
}

// TestNPMCompat builds each case with souk build (Build) and runs it in the
// real sandbox, comparing its result with Node's. It needs node_modules
// (npm ci in testdata/npmcompat): without them it skips, except under
// CI=true, where it fails.
func TestNPMCompat(t *testing.T) {
	if _, err := os.Stat(filepath.Join(npmCompatDir, "node_modules")); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s/node_modules is missing: run npm ci --ignore-scripts in %s", npmCompatDir, npmCompatDir)
		}
		t.Skipf("%s/node_modules is missing (npm ci --ignore-scripts in that directory to run the suite)", npmCompatDir)
	}
	entries, err := os.ReadDir(filepath.Join(npmCompatDir, "cases"))
	if err != nil {
		t.Fatal(err)
	}
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	pool, err := sandbox.NewPool(sandbox.PoolConfig{Size: 1, Command: []string{exe}, MemoryLimit: 512 << 20, KillGrace: 300 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	host := sandbox.HostFunc(func(ctx context.Context, name string, args json.RawMessage) (json.RawMessage, error) {
		return nil, &sandbox.HostError{Code: "permission_denied", Message: name + " is not granted"}
	})

	var passed, failed []string
	var report []string
	for _, e := range entries {
		name := e.Name()
		got, size, err := runCompatCase(pool, host, filepath.Join(npmCompatDir, "cases", name))
		if err != nil {
			failed = append(failed, name)
			report = append(report, fmt.Sprintf("| %s | fail | %s |", name, strings.ReplaceAll(err.Error(), "\n", " ")))
			if why, known := npmCompatKnownFailures[name]; known {
				t.Logf("%s: fails as known (%s): %v", name, why, err)
			} else {
				t.Errorf("%s: %v", name, err)
			}
			continue
		}
		_ = got
		passed = append(passed, name)
		report = append(report, fmt.Sprintf("| %s | pass | %d KB bundle |", name, (size+1023)/1024))
		if why, known := npmCompatKnownFailures[name]; known {
			t.Logf("%s passes in this run although listed as failing (%s)", name, why)
		}
	}
	sort.Strings(report)
	t.Logf("%d of %d libraries pass\n%s", len(passed), len(entries), strings.Join(report, "\n"))
	if len(entries) < 30 || len(passed) < 28 {
		t.Errorf("%d libraries, %d pass; the suite wants at least 30 and 28", len(entries), len(passed))
	}
}

// runCompatCase builds one case and runs its render handler; the result
// must equal expect.json (as JSON values).
func runCompatCase(pool *sandbox.Pool, host sandbox.HostFunc, dir string) (json.RawMessage, int, error) {
	res, err := Build(dir, DefaultBundleLimits())
	if err != nil {
		return nil, 0, fmt.Errorf("build: %w", err)
	}
	bun, err := ReadBundle(strings.NewReader(string(res.Archive)), int64(len(res.Archive)), DefaultBundleLimits())
	if err != nil {
		return nil, 0, err
	}
	lim := bun.Manifest.EffectiveLimits()
	timeout := time.Duration(lim.TimeoutMs) * time.Millisecond
	if raceEnabled {
		// The suite checks that libraries work, not how fast: evaluating a
		// large bundle cold under the race detector takes several times longer.
		timeout *= 10
	}
	job := sandbox.Job{AppID: bun.Manifest.Name, Version: bun.Manifest.Version, InstallationID: "inst1",
		BundleHash: hex.EncodeToString(bun.Hash[:]), Script: bun.Script, SourceMap: bun.SourceMap,
		Handler: "render", Args: []json.RawMessage{json.RawMessage(`"home"`), json.RawMessage(`{}`), json.RawMessage(`{"installationId":"inst1","locale":"en"}`)},
		Limits: sandbox.Limits{Timeout: timeout, MaxHostCalls: lim.HostCalls,
			MaxLogBytes: lim.LogBytes, MaxResultBytes: lim.ViewBytes}}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	r, err := pool.Run(ctx, job, host)
	if err != nil {
		return nil, len(bun.Script), err
	}
	if r.Receipt.Outcome != sandbox.OutcomeOK {
		msg := string(r.Receipt.Outcome)
		if r.Err != nil {
			msg += ": " + r.Err.Name + ": " + r.Err.Message
		}
		return nil, len(bun.Script), fmt.Errorf("%s", msg)
	}
	want, err := os.ReadFile(filepath.Join(dir, "expect.json"))
	if err != nil {
		return nil, len(bun.Script), err
	}
	var g, w any
	if err := json.Unmarshal(r.Value, &g); err != nil {
		return nil, len(bun.Script), err
	}
	if err := json.Unmarshal(want, &w); err != nil {
		return nil, len(bun.Script), err
	}
	if !reflect.DeepEqual(g, w) {
		return nil, len(bun.Script), fmt.Errorf("result differs from Node's:\n got %s\nwant %s", r.Value, strings.TrimSpace(string(want)))
	}
	return r.Value, len(bun.Script), nil
}
