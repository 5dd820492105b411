package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/soukhq/souk/blob"
	"github.com/soukhq/souk/internal/testenv"
	"github.com/soukhq/souk/runtime"
	"github.com/soukhq/souk/sandbox"
	"github.com/soukhq/souk/store"
	"github.com/soukhq/souk/store/storetest"
)

// TestMain lets the test binary double as a sandbox worker (as in package
// sandbox), so the app routes run events in real worker processes.
func TestMain(m *testing.M) {
	if os.Getenv(sandbox.EnvWorker) == "1" {
		sandbox.WorkerMain()
	}
	code := m.Run()
	if sharedPool != nil {
		sharedPool.Close()
	}
	os.Exit(code)
}

var (
	poolOnce   sync.Once
	sharedPool *sandbox.Pool
	poolErr    error
)

// withEngine gives h's server a runtime engine: its own blob store, one
// shared single-worker pool for the whole test binary.
func withEngine(h *harness) *runtime.Engine {
	h.t.Helper()
	if h.srv.Engine != nil {
		return h.srv.Engine
	}
	poolOnce.Do(func() {
		exe, err := os.Executable()
		if err != nil {
			poolErr = err
			return
		}
		sharedPool, poolErr = sandbox.NewPool(sandbox.PoolConfig{Size: 1, Command: []string{exe}, MemoryLimit: 256 << 20, KillGrace: 300 * time.Millisecond})
	})
	if poolErr != nil {
		h.t.Fatal(poolErr)
	}
	blobs, err := blob.OpenLocal(blob.Config{Dir: h.t.TempDir()})
	if err != nil {
		h.t.Fatal(err)
	}
	h.t.Cleanup(func() { blobs.Close() })
	// The engine does not own the shared pool: no Close here.
	h.srv.Engine = runtime.NewEngine(runtime.EngineConfig{DB: h.db, Blobs: blobs, Pool: sharedPool})
	return h.srv.Engine
}

// tinyArchive builds a one-file app named name.
func tinyArchive(t testing.TB, name, version string) []byte {
	t.Helper()
	dir := t.TempDir()
	manifest := fmt.Sprintf(`{"name": %q, "version": %q, "entry": "index.js", "permissions": ["storage"]}`, name, version)
	src := `export default { render(page) { return { type: "text", text: "page " + page }; } };`
	os.WriteFile(filepath.Join(dir, "souk.json"), []byte(manifest), 0o644)
	os.WriteFile(filepath.Join(dir, "index.js"), []byte(src), 0o644)
	res, err := runtime.Build(dir, runtime.DefaultBundleLimits())
	if err != nil {
		t.Fatal(err)
	}
	return res.Archive
}

// helloShop builds examples/hello-shop (npm ci first if needed, as the
// runtime tests do).
func helloShop(t *testing.T) []byte {
	t.Helper()
	dir, err := filepath.Abs(filepath.Join("..", "examples", "hello-shop"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "node_modules", "nanoid")); err != nil {
		npm, err := exec.LookPath("npm")
		if err != nil {
			testenv.Missing(t, "npm is not installed; the example needs npm ci")
		}
		ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
		defer cancel()
		cmd := exec.CommandContext(ctx, npm, "ci", "--no-audit", "--no-fund", "--loglevel=error")
		cmd.Dir = dir
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("npm ci: %v\n%s", err, out)
		}
	}
	res, err := runtime.Build(dir, runtime.DefaultBundleLimits())
	if err != nil {
		t.Fatal(err)
	}
	return res.Archive
}

// The developer flow over HTTP: create an app, upload the built example,
// preview it, read receipts.
func TestAppsOverHTTP(t *testing.T) {
	archive := helloShop(t)
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		withEngine(h)
		_, dev := h.user("dev")
		_, stranger := h.user("stranger")
		r := h.do("POST", "/api/v1/orgs", dev, map[string]string{"kind": "developer", "name": "Dev Co"})
		org := r.json(t)["id"].(string)
		r = h.do("POST", "/api/v1/orgs", stranger, map[string]string{"kind": "developer", "name": "Other Co"})
		otherOrg := r.json(t)["id"].(string)

		r = h.do("POST", "/api/v1/orgs/"+org+"/apps", dev, map[string]string{"slug": "hello-shop", "name": "Hello shop"})
		if r.Status != 201 {
			t.Fatalf("create app: %d %s", r.Status, r.Body)
		}
		app := r.json(t)["id"].(string)
		if r := h.do("POST", "/api/v1/orgs/"+org+"/apps", dev, map[string]string{"slug": "hello-shop", "name": "Again"}); r.Status != 409 || r.errorCode() != "slug_taken" {
			t.Fatalf("duplicate slug: %d %s", r.Status, r.Body)
		}
		base := "/api/v1/orgs/" + org + "/apps/" + app
		zip := []string{"Content-Type", "application/zip"}

		if r := h.do("POST", base+"/versions", dev, archive, "Content-Type", "application/json"); r.Status != 415 {
			t.Fatalf("upload as JSON: %d %s", r.Status, r.Body)
		}
		if r := h.do("POST", base+"/versions", dev, []byte("not a zip"), zip...); r.Status != 400 || r.errorCode() != runtime.CodeBundleMalformedZip {
			t.Fatalf("garbage upload: %d %s", r.Status, r.Body)
		}
		r = h.do("POST", base+"/versions", dev, archive, zip...)
		if r.Status != 201 || r.json(t)["version"] != "0.1.0" || r.json(t)["status"] != "ready" {
			t.Fatalf("upload: %d %s", r.Status, r.Body)
		}
		if r := h.do("POST", base+"/versions", dev, archive, zip...); r.Status != 409 || r.errorCode() != "version_exists" {
			t.Fatalf("upload again: %d %s", r.Status, r.Body)
		}
		if r := h.do("GET", base+"/versions", dev, nil); r.Status != 200 || len(r.json(t)["data"].([]any)) != 1 {
			t.Fatalf("versions: %d %s", r.Status, r.Body)
		}
		// The app is reachable only under its own org.
		if r := h.do("GET", "/api/v1/orgs/"+otherOrg+"/apps/"+app, stranger, nil); r.Status != 404 {
			t.Fatalf("app under another org: %d %s", r.Status, r.Body)
		}
		if r := h.do("GET", "/api/v1/orgs/"+otherOrg+"/apps/"+app+"/receipts", stranger, nil); r.Status != 404 {
			t.Fatalf("receipts under another org: %d %s", r.Status, r.Body)
		}

		preview := func(body any) map[string]any {
			t.Helper()
			r := h.do("POST", base+"/versions/0.1.0/preview", dev, body)
			if r.Status != 200 {
				t.Fatalf("preview %v: %d %s", body, r.Status, r.Body)
			}
			return r.json(t)
		}
		out := preview(map[string]any{"handler": "render", "args": []any{"home", map[string]string{"name": "Ann"}}})
		if out["outcome"] != "ok" || !strings.Contains(fmt.Sprint(out["view"]), "Hello, Ann!") || out["receipt_id"] == "" {
			t.Fatalf("render preview: %v", out)
		}
		out = preview(map[string]any{"handler": "action", "args": []any{"boom"}})
		if out["outcome"] != "error" || !strings.Contains(fmt.Sprint(out["error"]), "src/index.ts:") {
			t.Fatalf("boom preview: %v", out)
		}
		boomID := out["receipt_id"].(string)
		if r := h.do("POST", base+"/versions/9.9.9/preview", dev, map[string]any{"handler": "render"}); r.Status != 404 {
			t.Fatalf("missing version: %d %s", r.Status, r.Body)
		}
		if r := h.do("POST", base+"/versions/0.1.0/preview", dev, map[string]any{"handler": "action"}); r.Status != 400 {
			t.Fatalf("action without a name: %d %s", r.Status, r.Body)
		}
		if r := h.do("POST", base+"/versions/0.1.0/preview", dev, map[string]any{"handler": "eval"}); r.Status != 400 {
			t.Fatalf("unknown handler: %d %s", r.Status, r.Body)
		}

		r = h.do("GET", base+"/receipts?outcome=error", dev, nil)
		var page struct {
			Data    []runtime.Receipt `json:"data"`
			HasMore bool              `json:"has_more"`
		}
		if err := json.Unmarshal(r.Body, &page); err != nil || r.Status != 200 || len(page.Data) != 1 || page.Data[0].ID != boomID {
			t.Fatalf("error receipts: %d %s", r.Status, r.Body)
		}
		r = h.do("GET", base+"/receipts?limit=1", dev, nil)
		json.Unmarshal(r.Body, &page)
		if len(page.Data) != 1 || !page.HasMore {
			t.Fatalf("first page: %s", r.Body)
		}
		first := page.Data[0].ID
		r = h.do("GET", base+"/receipts?limit=1&starting_after="+url.QueryEscape(first), dev, nil)
		page.Data = nil
		json.Unmarshal(r.Body, &page)
		if len(page.Data) != 1 || page.HasMore || page.Data[0].Event != "render" {
			t.Fatalf("second page: %s", r.Body)
		}
		// ending_before pages back to the first.
		r = h.do("GET", base+"/receipts?limit=1&ending_before="+url.QueryEscape(page.Data[0].ID), dev, nil)
		page.Data = nil
		json.Unmarshal(r.Body, &page)
		if len(page.Data) != 1 || page.HasMore || page.Data[0].ID != first {
			t.Fatalf("page before: %s", r.Body)
		}
		if r := h.do("GET", base+"/receipts?since=yesterday", dev, nil); r.Status != 400 {
			t.Fatalf("bad since: %d", r.Status)
		}
		if r := h.do("GET", base+"/receipts?until=2000-01-01T00:00:00Z", dev, nil); r.Status != 200 || strings.Contains(string(r.Body), "rcp_") {
			t.Fatalf("until 2000: %d %s", r.Status, r.Body)
		}
		r = h.do("GET", base+"/receipts/"+boomID, dev, nil)
		var rc runtime.Receipt
		if err := json.Unmarshal(r.Body, &rc); err != nil || r.Status != 200 || rc.Error == nil || !strings.Contains(rc.Error.Stack, "src/index.ts:") {
			t.Fatalf("receipt: %d %s", r.Status, r.Body)
		}
		if r := h.do("GET", base+"/receipts/rcp_nope", dev, nil); r.Status != 404 {
			t.Fatalf("missing receipt: %d %s", r.Status, r.Body)
		}
	})
}

// Without an engine the app routes say so instead of failing obscurely.
func TestAppsWithoutRuntime(t *testing.T) {
	h := newHarness(t, storetest.SQLite(t))
	_, dev := h.user("dev")
	org := h.do("POST", "/api/v1/orgs", dev, map[string]string{"kind": "developer", "name": "Dev Co"}).json(t)["id"].(string)
	if r := h.do("GET", "/api/v1/orgs/"+org+"/apps", dev, nil); r.Status != 503 || r.errorCode() != "runtime_unavailable" {
		t.Fatalf("%d %s", r.Status, r.Body)
	}
}
