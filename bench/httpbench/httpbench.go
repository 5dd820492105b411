// Package httpbench measures the shopper request path for `souk bench
// http`: a node started in this process (SQLite in a temporary directory,
// or a scratch PostgreSQL database), a world built through its API (the
// example shop released and installed, a stocked catalog, a shopper with a
// bearer token), and the shop's home page and an action driven over real
// HTTP by a fixed number of connections — closed loop for throughput, and
// at a fixed offered rate for latency — beside the same events run in
// process through marketplace.RunEvent (no HTTP, no auth) in the same run.
//
// It imports the host upward; nothing in the domain imports it.
package httpbench

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	goruntime "runtime"

	"github.com/soukhq/souk/bench"
	"github.com/soukhq/souk/bench/machine"
	"github.com/soukhq/souk/blob"
	"github.com/soukhq/souk/host"
	"github.com/soukhq/souk/identity"
	"github.com/soukhq/souk/marketplace"
	"github.com/soukhq/souk/runtime"
	"github.com/soukhq/souk/sandbox"
	"github.com/soukhq/souk/store"
)

// Config sets the benchmark's shape. Zero values are defaults.
type Config struct {
	Conns       int                     // HTTP connections (default 8)
	Duration    time.Duration           // length of each timed phase (default 5s)
	Rate        int                     // offered events/s of the fixed-rate phase (0: skip it)
	DatabaseURL string                  // postgres:// server for a scratch database ("" = SQLite)
	AppDir      string                  // the example shop's source (default examples/shop)
	Products    int                     // products in the catalog (default 20)
	Workers     int                     // sandbox worker processes (default NumCPU)
	Command     []string                // worker command (default: this executable + "sandbox-worker")
	SkipAction  bool                    // skip the action phase
	Recording   runtime.RecordingConfig // which events are recorded for replay (zero value: every event, the server's default)
	WorkerEnv   []string                // extra worker environment (sandbox.EnvCPUProfile for --worker-cpuprofile)
}

func (c *Config) defaults() {
	if c.Conns <= 0 {
		c.Conns = 8
	}
	if c.Duration <= 0 {
		c.Duration = 5 * time.Second
	}
	if c.AppDir == "" {
		c.AppDir = "examples/shop"
	}
	if c.Products <= 0 {
		c.Products = 20
	}
}

// Phase is one timed measurement.
type Phase struct {
	Name          string
	Events        int64 // answered 200 with outcome ok
	Errors        int64
	FirstError    string
	Elapsed       time.Duration
	PerSecond     float64
	P50, P90, P99 time.Duration
	Offered       int // events/s offered (fixed-rate phase only)
	// CPU per event, which depends far less than events/s on what else
	// the machine runs: this process (the node and the HTTP clients
	// driving it) and the sandbox workers. PostgreSQL's own CPU is not
	// counted.
	ProcessCPU, WorkerCPU time.Duration
}

// Report holds the measurements.
type Report struct {
	Backend               string
	Conns                 int
	Home, Action, InProc  Phase
	Fixed                 *Phase
	RatioHome             float64 // HTTP home events/s / in-process events/s
	LoadBefore, LoadAfter string
	CPUs                  int
}

// Summary is the report in the shape every benchmark prints.
func (r *Report) Summary() *bench.Report {
	out := &bench.Report{
		Title: fmt.Sprintf("http: the example shop over HTTP, %s, %d connections", r.Backend, r.Conns),
		CPUs:  r.CPUs, LoadBefore: r.LoadBefore, LoadAfter: r.LoadAfter,
	}
	t := bench.Table{Columns: []string{"phase", "events/s", "p50", "p90", "p99", "CPU/event process", "CPU/event workers", "errors"}}
	us := func(d time.Duration) string { return d.Round(time.Microsecond).String() }
	phases := []Phase{r.Home}
	if r.Action.Name != "" {
		phases = append(phases, r.Action)
	}
	phases = append(phases, r.InProc)
	if r.Fixed != nil {
		phases = append(phases, *r.Fixed)
	}
	for _, p := range phases {
		t.Row(p.Name, p.PerSecond, bench.Round(p.P50), bench.Round(p.P90), bench.Round(p.P99), us(p.ProcessCPU), us(p.WorkerCPU), p.Errors)
		if p.FirstError != "" {
			out.Notes = append(out.Notes, p.Name+": first error: "+p.FirstError)
		}
	}
	out.Tables = append(out.Tables, t)
	out.Ratios = []bench.Ratio{{Name: "HTTP home / in-process RunEvent events/s", Value: r.RatioHome}}
	out.Targets = []bench.Target{{Name: "HTTP home events/s", Got: fmt.Sprintf("%.0f", r.Home.PerSecond), Want: "≥ 3000", Met: r.Home.PerSecond >= 3000}}
	if r.Fixed != nil && r.Fixed.Offered >= 1000 {
		out.Targets = append(out.Targets, bench.Target{Name: fmt.Sprintf("p99 at %d events/s offered", r.Fixed.Offered), Got: bench.Round(r.Fixed.P99).String(),
			Want: "≤ 50ms", Met: r.Fixed.P99 <= 50*time.Millisecond && r.Fixed.Errors == 0})
	}
	return out
}

// Print writes the summary.
func (r *Report) Print(w io.Writer) { r.Summary().Print(w) }

// Run builds the world and runs the phases; progress goes to logw.
func Run(ctx context.Context, cfg Config, logw io.Writer) (*Report, error) {
	cfg.defaults()
	rep := &Report{Conns: cfg.Conns, LoadBefore: orUnknown(machine.LoadAverage()), CPUs: goruntime.NumCPU()}
	archive, err := runtime.Build(cfg.AppDir, runtime.DefaultBundleLimits())
	if err != nil {
		return nil, fmt.Errorf("building %s: %w", cfg.AppDir, err)
	}

	opts := store.Options{}
	if cfg.DatabaseURL != "" {
		scratch, drop, err := machine.ScratchDatabase(ctx, cfg.DatabaseURL, "souk_bench_http_")
		if err != nil {
			return nil, err
		}
		defer drop()
		opts.DatabaseURL, opts.MaxConns, rep.Backend = scratch, int32(cfg.Conns+8), "postgres"
	} else {
		dir, err := os.MkdirTemp("", "souk-bench-http")
		if err != nil {
			return nil, err
		}
		defer os.RemoveAll(dir)
		opts.DataDir, rep.Backend = dir, "sqlite"
	}
	db, err := store.Open(ctx, opts)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	if _, err := db.Migrate(ctx); err != nil {
		return nil, err
	}
	blobDir, err := os.MkdirTemp("", "souk-bench-http-blobs")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(blobDir)
	blobs, err := blob.OpenLocal(blob.Config{Dir: blobDir, MaxObjectSize: 32 << 20})
	if err != nil {
		return nil, err
	}
	defer blobs.Close()
	pool, err := sandbox.NewPool(sandbox.PoolConfig{Size: cfg.Workers, Command: cfg.Command, Env: cfg.WorkerEnv})
	if err != nil {
		return nil, err
	}
	log := slog.New(slog.NewTextHandler(logw, &slog.HandlerOptions{Level: slog.LevelWarn}))
	h, err := host.New(host.Options{DB: db, Blobs: blobs, Log: log, Pool: pool, AuthRateLimit: 1 << 20,
		MaintenanceInterval: time.Hour, Recording: cfg.Recording})
	if err != nil {
		pool.Close()
		return nil, err
	}
	hctx, cancel := context.WithCancel(ctx)
	defer cancel()
	h.Start(hctx)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		h.Close()
		return nil, err
	}
	served := make(chan struct{})
	go func() { defer close(served); _ = h.API.App.Listener(ln) }()
	defer func() {
		_ = h.API.App.ShutdownWithTimeout(5 * time.Second)
		<-served
		cancel()
		h.Close()
	}()
	base := "http://" + ln.Addr().String()

	fmt.Fprintf(logw, "http: building the world on %s\n", rep.Backend)
	w, err := buildWorld(ctx, h, base, archive.Archive, cfg.Products)
	if err != nil {
		return nil, fmt.Errorf("building the world: %w", err)
	}

	tr := &http.Transport{MaxIdleConns: cfg.Conns * 2, MaxIdleConnsPerHost: cfg.Conns * 2, MaxConnsPerHost: cfg.Conns, IdleConnTimeout: time.Minute}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr, Timeout: 30 * time.Second}
	home := w.request(base, "render", map[string]any{"page": "home"})
	product := w.request(base, "action", map[string]any{"name": "product", "args": map[string]any{"productId": w.product}})
	httpEvent := func(body []byte, path string) func(context.Context) error {
		return func(ctx context.Context) error { return w.post(ctx, client, path, body) }
	}
	// Warm up: every worker's runtime for the installation, connections.
	if err := closedLoop(ctx, "warm-up", cfg.Conns, 500*time.Millisecond, httpEvent(home.body, home.path)).err(); err != nil {
		return nil, err
	}
	workerPIDs.Store(pool.WorkerPIDs())
	fmt.Fprintf(logw, "http: home page over HTTP, %d connections, %v\n", cfg.Conns, cfg.Duration)
	rep.Home = closedLoop(ctx, "HTTP render home", cfg.Conns, cfg.Duration, httpEvent(home.body, home.path)).phase()
	if !cfg.SkipAction {
		fmt.Fprintf(logw, "http: action product over HTTP\n")
		rep.Action = closedLoop(ctx, "HTTP action product", cfg.Conns, cfg.Duration, httpEvent(product.body, product.path)).phase()
	}
	fmt.Fprintf(logw, "http: home page in process (marketplace.RunEvent), %d callers\n", cfg.Conns)
	args := []json.RawMessage{json.RawMessage(`"home"`), json.RawMessage(`{}`)}
	rep.InProc = closedLoop(ctx, "in-process RunEvent render home", cfg.Conns, cfg.Duration, func(ctx context.Context) error {
		res, err := h.Market.RunEvent(ctx, h.Engine, marketplace.EventRequest{InstallationID: w.installation, ShopperID: w.shopperID, Handler: "render", Args: args})
		if err != nil {
			return err
		}
		if res.Receipt.Outcome != "ok" {
			return fmt.Errorf("outcome %s", res.Receipt.Outcome)
		}
		return nil
	}).phase()
	if rep.InProc.PerSecond > 0 {
		rep.RatioHome = rep.Home.PerSecond / rep.InProc.PerSecond
	}
	if cfg.Rate > 0 {
		fmt.Fprintf(logw, "http: home page at %d events/s offered\n", cfg.Rate)
		p := fixedRate(ctx, fmt.Sprintf("HTTP render home @ %d/s offered", cfg.Rate), cfg.Rate, cfg.Duration, httpEvent(home.body, home.path))
		rep.Fixed = &p
	}
	rep.LoadAfter = orUnknown(machine.LoadAverage())
	return rep, nil
}

// world is what the benchmark drives: an installation of the shop and a
// shopper's bearer token.
type world struct {
	installation, shopperID, token, product string
}

type req struct {
	path string
	body []byte
}

func (w *world) request(base, kind string, body any) req {
	b, _ := json.Marshal(body)
	return req{path: base + "/api/v1/installations/" + w.installation + "/" + kind, body: b}
}

// post sends one event and checks it answered 200 with outcome ok.
func (w *world) post(ctx context.Context, c *http.Client, path string, body []byte) error {
	r, err := http.NewRequestWithContext(ctx, http.MethodPost, path, bytes.NewReader(body))
	if err != nil {
		return err
	}
	r.Header.Set("Content-Type", "application/json")
	r.Header.Set("Authorization", "Bearer "+w.token)
	res, err := c.Do(r)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	raw, err := io.ReadAll(res.Body)
	if err != nil {
		return err
	}
	if res.StatusCode != http.StatusOK {
		return fmt.Errorf("status %d: %.200s", res.StatusCode, raw)
	}
	if !bytes.Contains(raw, []byte(`"outcome":"ok"`)) {
		return fmt.Errorf("not ok: %.200s", raw)
	}
	return nil
}

// api is a small JSON client for building the world.
type api struct {
	base, token string
}

func (a api) call(ctx context.Context, method, path string, body any, ctype string, out any) error {
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case []byte:
		rd = bytes.NewReader(b)
	default:
		raw, err := json.Marshal(b)
		if err != nil {
			return err
		}
		rd, ctype = bytes.NewReader(raw), "application/json"
	}
	r, err := http.NewRequestWithContext(ctx, method, a.base+path, rd)
	if err != nil {
		return err
	}
	if ctype != "" {
		r.Header.Set("Content-Type", ctype)
	}
	if a.token != "" {
		r.Header.Set("Authorization", "Bearer "+a.token)
	}
	res, err := http.DefaultClient.Do(r)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	if res.StatusCode >= 300 {
		return fmt.Errorf("%s %s: %d %.300s", method, path, res.StatusCode, raw)
	}
	if out != nil {
		return json.Unmarshal(raw, out)
	}
	return nil
}

const password = "correct horse battery staple"

var seq atomic.Int64

// signup creates an account and returns a client with its session token.
func signup(ctx context.Context, base, name string) (api, string, error) {
	email := fmt.Sprintf("bench-%s-%d-%d@example.com", name, time.Now().UnixNano(), seq.Add(1))
	anon := api{base: base}
	creds := map[string]string{"email": email, "password": password}
	if err := anon.call(ctx, "POST", "/api/v1/auth/signup", creds, "", nil); err != nil {
		return api{}, "", err
	}
	var login struct {
		Token string `json:"token"`
		User  struct {
			ID string `json:"id"`
		} `json:"user"`
	}
	if err := anon.call(ctx, "POST", "/api/v1/auth/login", creds, "", &login); err != nil {
		return api{}, "", err
	}
	return api{base: base, token: login.Token}, login.User.ID, nil
}

// buildWorld: a developer publishes the shop, a reviewer approves it, it
// is released to everyone; a brand installs it and stocks the catalog; a
// shopper signs in.
func buildWorld(ctx context.Context, h *host.Host, base string, archive []byte, products int) (*world, error) {
	reviewer, reviewerID, err := signup(ctx, base, "reviewer")
	if err != nil {
		return nil, err
	}
	if err := h.Identity.SetPlatformRole(ctx, reviewerID, identity.RoleReviewer); err != nil {
		return nil, err
	}
	dev, _, err := signup(ctx, base, "dev")
	if err != nil {
		return nil, err
	}
	var org struct {
		ID string `json:"id"`
	}
	if err := dev.call(ctx, "POST", "/api/v1/orgs", map[string]string{"kind": "developer", "name": "Bench Dev"}, "", &org); err != nil {
		return nil, err
	}
	devOrg := org.ID
	var app marketplace.App
	if err := dev.call(ctx, "POST", "/api/v1/orgs/"+devOrg+"/apps", map[string]string{"slug": "shop", "name": "Shop"}, "", &app); err != nil {
		return nil, err
	}
	appPath := "/api/v1/orgs/" + devOrg + "/apps/" + app.ID
	var v marketplace.Version
	if err := dev.call(ctx, "POST", appPath+"/versions", archive, "application/zip", &v); err != nil {
		return nil, err
	}
	if err := dev.call(ctx, "POST", appPath+"/versions/"+v.Version+"/submit", nil, "", nil); err != nil {
		return nil, err
	}
	if err := reviewer.call(ctx, "POST", "/api/v1/review/apps/"+app.ID+"/versions/"+v.Version+"/approve", map[string]string{"message": "ok"}, "", nil); err != nil {
		return nil, err
	}
	if err := dev.call(ctx, "POST", appPath+"/release", map[string]any{"version": v.Version, "percent": 100}, "", nil); err != nil {
		return nil, err
	}
	brand, _, err := signup(ctx, base, "brand")
	if err != nil {
		return nil, err
	}
	if err := brand.call(ctx, "POST", "/api/v1/orgs", map[string]string{"kind": "brand", "name": "Bench Tea"}, "", &org); err != nil {
		return nil, err
	}
	brandOrg := org.ID
	var ins marketplace.Installation
	if err := brand.call(ctx, "POST", "/api/v1/orgs/"+brandOrg+"/installations", map[string]any{"app_id": app.ID, "permissions": runtime.Permissions}, "", &ins); err != nil {
		return nil, err
	}
	w := &world{installation: ins.ID}
	for i := range products {
		var p struct {
			ID string `json:"id"`
		}
		title := fmt.Sprintf("Tea %d", i+1)
		if err := brand.call(ctx, "POST", "/api/v1/orgs/"+brandOrg+"/products",
			map[string]string{"title": title, "description": title + " from Bench Tea", "currency": "USD"}, "", &p); err != nil {
			return nil, err
		}
		if err := brand.call(ctx, "POST", "/api/v1/orgs/"+brandOrg+"/products/"+p.ID+"/skus",
			map[string]any{"options": map[string]string{"size": "S"}, "price": fmt.Sprintf("%d.%02d", 3+i%9, (i*37)%100), "on_hand": 100}, "", nil); err != nil {
			return nil, err
		}
		if w.product == "" {
			w.product = p.ID
		}
	}
	shopper, shopperID, err := signup(ctx, base, "shopper")
	if err != nil {
		return nil, err
	}
	w.token, w.shopperID = shopper.token, shopperID
	return w, nil
}

// result collects one phase's latencies.
type result struct {
	name    string
	cpu0    [2]int64 // process, workers at the start
	cpu1    [2]int64 // and at the end
	mu      sync.Mutex
	lat     []time.Duration
	errs    atomic.Int64
	first   atomic.Value
	elapsed time.Duration
	offered int
}

func (r *result) fail(err error) {
	if r.errs.Add(1) == 1 {
		r.first.Store(err.Error())
	}
}

func (r *result) err() error {
	if r.errs.Load() > 0 {
		return fmt.Errorf("%s: %d errors, first: %v", r.name, r.errs.Load(), r.first.Load())
	}
	return nil
}

func (r *result) phase() Phase {
	p := Phase{Name: r.name, Events: int64(len(r.lat)), Errors: r.errs.Load(), Elapsed: r.elapsed, Offered: r.offered}
	if s, ok := r.first.Load().(string); ok {
		p.FirstError = s
	}
	if r.elapsed > 0 {
		p.PerSecond = float64(len(r.lat)) / r.elapsed.Seconds()
	}
	slices.Sort(r.lat)
	pct := func(q float64) time.Duration {
		if len(r.lat) == 0 {
			return 0
		}
		return r.lat[min(len(r.lat)-1, int(q*float64(len(r.lat))))]
	}
	p.P50, p.P90, p.P99 = pct(0.50), pct(0.90), pct(0.99)
	if n := int64(len(r.lat) + int(r.errs.Load())); n > 0 && r.cpu1[0] > 0 {
		p.ProcessCPU = time.Duration((r.cpu1[0] - r.cpu0[0]) / n)
		p.WorkerCPU = time.Duration((r.cpu1[1] - r.cpu0[1]) / n)
	}
	return p
}

// closedLoop runs n callers, each sending its next event when the last
// answered, for d.
func closedLoop(ctx context.Context, name string, n int, d time.Duration, event func(context.Context) error) *result {
	r := &result{name: name}
	r.cpu0 = cpuNow()
	start := time.Now()
	deadline := start.Add(d)
	var wg sync.WaitGroup
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var lat []time.Duration
			for ctx.Err() == nil {
				t0 := time.Now()
				if t0.After(deadline) {
					break
				}
				if err := event(ctx); err != nil {
					r.fail(err)
					continue
				}
				lat = append(lat, time.Since(t0))
			}
			r.mu.Lock()
			r.lat = append(r.lat, lat...)
			r.mu.Unlock()
		}()
	}
	wg.Wait()
	r.elapsed = time.Since(start)
	r.cpu1 = cpuNow()
	return r
}

// fixedRate offers rate events/s for d regardless of how fast they are
// answered; each event's latency counts from when it was due (so a
// stalled server is not excused by the events it delayed).
func fixedRate(ctx context.Context, name string, rate int, d time.Duration, event func(context.Context) error) Phase {
	r := &result{name: name, offered: rate}
	r.cpu0 = cpuNow()
	interval := time.Second / time.Duration(rate)
	start := time.Now()
	total := int(d.Seconds() * float64(rate))
	var wg sync.WaitGroup
	for i := range total {
		due := start.Add(time.Duration(i) * interval)
		if wait := time.Until(due); wait > 0 {
			select {
			case <-ctx.Done():
			case <-time.After(wait):
			}
		}
		if ctx.Err() != nil {
			break
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := event(ctx); err != nil {
				r.fail(err)
				return
			}
			l := time.Since(due)
			r.mu.Lock()
			r.lat = append(r.lat, l)
			r.mu.Unlock()
		}()
	}
	wg.Wait()
	r.elapsed = time.Since(start)
	r.cpu1 = cpuNow()
	return r.phase()
}

// workerPIDs are the sandbox workers whose CPU counts (set by Run).
var workerPIDs atomic.Value // []int

// cpuNow is this process's CPU time and the workers', in ns.
func cpuNow() [2]int64 {
	var workers time.Duration
	pids, _ := workerPIDs.Load().([]int)
	for _, pid := range pids {
		workers += machine.ProcessCPU(pid)
	}
	return [2]int64{int64(machine.SelfCPU()), int64(workers)}
}

// orUnknown is s, or "?" when it is empty.
func orUnknown(s string) string {
	if s == "" {
		return "?"
	}
	return s
}
