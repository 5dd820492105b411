package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/soukhq/souk/api"
	"github.com/soukhq/souk/blob"
	"github.com/soukhq/souk/identity"
	"github.com/soukhq/souk/jobs"
	"github.com/soukhq/souk/marketplace"
	"github.com/soukhq/souk/payments"
	"github.com/soukhq/souk/payments/ledger"
	"github.com/soukhq/souk/runtime"
	"github.com/soukhq/souk/sandbox"
	"github.com/soukhq/souk/store"
	"github.com/soukhq/souk/web"
	"github.com/soukhq/souk/webhooks"
)

// The web tests' binary doubles as the sandbox worker the receipts tests'
// pool starts (as souk serve re-executes itself); init runs before any test.
func init() {
	if os.Getenv(sandbox.EnvWorker) == "1" {
		sandbox.WorkerMain()
	}
}

var (
	dataPoolOnce sync.Once
	dataPool     *sandbox.Pool
	dataPoolErr  error
)

// dataWorld is a souk server with what the portal's data pages read: a
// runtime engine over a real sandbox pool (receipts), the webhooks service
// with its job queue running, payments; a developer with an app whose
// version 1.0.0 (TypeScript, with a source map) is uploaded.
type dataWorld struct {
	base    string
	db      *store.DB
	ids     *identity.Service
	market  *marketplace.Service
	engine  *runtime.Engine
	hooks   *webhooks.Service
	jobs    *jobs.Queue
	pay     *payments.Service
	dev     identity.User
	app     marketplace.App
	version marketplace.Version
}

// startDataServer starts it; production says whether the webhooks service
// refuses loopback and private URLs, as souk serve does by default.
func startDataServer(t *testing.T, db *store.DB, production bool) *dataWorld {
	t.Helper()
	dataPoolOnce.Do(func() {
		exe, err := os.Executable()
		if err != nil {
			dataPoolErr = err
			return
		}
		dataPool, dataPoolErr = sandbox.NewPool(sandbox.PoolConfig{Size: 1, Command: []string{exe}, MemoryLimit: 256 << 20,
			KillGrace: 300 * time.Millisecond})
	})
	if dataPoolErr != nil {
		t.Fatal(dataPoolErr)
	}
	ids := identity.New(db)
	l := ledger.New(db, ledger.Options{})
	t.Cleanup(l.Close)
	bank := payments.NewSimBank()
	pay := payments.New(db, l, payments.Options{Funding: bank})
	bank.Handler = pay.HandleFundingResult
	blobs, err := blob.OpenLocal(blob.Config{Dir: t.TempDir(), MaxObjectSize: 8 << 20})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { blobs.Close() })
	q := jobs.New(db, nil)
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	hooks, err := webhooks.New(db, q, webhooks.Options{AllowLocalHTTP: !production, Timeout: 5 * time.Second, Log: log})
	if err != nil {
		t.Fatal(err)
	}
	qctx, stop := context.WithCancel(context.Background())
	q.Start(qctx, 100*time.Millisecond)
	t.Cleanup(func() { stop(); q.Wait() })
	market := marketplace.New(db, blobs)
	engine := runtime.NewEngine(runtime.EngineConfig{DB: db, Blobs: blobs, Pool: dataPool, Log: log})
	srv := api.New(api.Deps{DB: db, Identity: ids, Payments: pay, Log: log, AuthRateLimit: 10000,
		Ready: map[string]api.Pinger{"database": db}})
	web.Mount(srv.App, web.Deps{Identity: ids, Market: market, Payments: pay, Receipts: engine, Webhooks: hooks, PINs: pay,
		AuthRateLimit: 10000, Log: log})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = srv.App.Listener(ln) }()
	t.Cleanup(func() { _ = srv.App.ShutdownWithTimeout(5 * time.Second) })
	w := &dataWorld{base: "http://" + ln.Addr().String(), db: db, ids: ids, market: market, engine: engine, hooks: hooks, jobs: q,
		pay: pay}
	w.dev = (&world{ids: ids}).user(t, developer, "dev@example.com")
	ms, err := ids.Memberships(ctx, w.dev.ID)
	if err != nil || len(ms) != 1 {
		t.Fatal(ms, err)
	}
	if w.app, err = market.CreateApp(ctx, ms[0].OrgID, "tea-shop", "Tea Shop"); err != nil {
		t.Fatal(err)
	}
	w.version = w.upload(t)
	return w
}

// teaShopSource logs and renders; rendering the page "boom" throws from a
// function two lines into main.ts, so its stack maps to TypeScript.
const teaShopSource = `function explode(page: string): never {
  throw new Error("the teapot cracked on " + page);
}
export default {
  render(page: string) {
    console.log("rendering", page);
    if (page === "boom") explode(page);
    return { type: "text", text: "welcome to " + page };
  },
};
`

func (w *dataWorld) upload(t *testing.T) marketplace.Version {
	t.Helper()
	dir := t.TempDir()
	manifest := `{"name": "tea-shop", "version": "1.0.0", "entry": "main.ts", "permissions": []}`
	if err := os.WriteFile(filepath.Join(dir, "souk.json"), []byte(manifest), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "main.ts"), []byte(teaShopSource), 0o644); err != nil {
		t.Fatal(err)
	}
	res, err := runtime.Build(dir, runtime.DefaultBundleLimits())
	if err != nil {
		t.Fatal(err)
	}
	v, err := w.market.UploadVersion(ctx, w.app.ID, bytes.NewReader(res.Archive), int64(len(res.Archive)))
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// event renders page for installation: one receipt.
func (w *dataWorld) event(t *testing.T, installation, page string) runtime.Receipt {
	t.Helper()
	arg, _ := json.Marshal(page)
	res, err := w.engine.Run(ctx, runtime.Event{AppID: w.app.ID, Version: w.version.Version, InstallationID: installation,
		BundleKey: w.version.BlobKey, BundleHash: w.version.BundleHash, Handler: "render", Args: []json.RawMessage{arg}})
	if err != nil && res.Receipt.ID == "" {
		t.Fatal(err)
	}
	return res.Receipt
}

func (w *dataWorld) user(t *testing.T, role, email string) identity.User {
	t.Helper()
	return (&world{ids: w.ids}).user(t, role, email)
}
