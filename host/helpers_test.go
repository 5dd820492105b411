package host_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/soukhq/souk/blob"
	"github.com/soukhq/souk/host"
	"github.com/soukhq/souk/internal/testenv"
	"github.com/soukhq/souk/runtime"
	"github.com/soukhq/souk/sandbox"
	"github.com/soukhq/souk/store"
	"github.com/soukhq/souk/webhooks"
)

// TestMain lets the test binary double as a sandbox worker, so the node's
// pool runs mini-programs in real worker processes.
func TestMain(m *testing.M) {
	if os.Getenv(sandbox.EnvWorker) == "1" {
		sandbox.WorkerMain()
	}
	os.Exit(m.Run())
}

var bg = context.Background()

// --- The node -------------------------------------------------------------

// node is a souk host serving HTTP on a real loopback listener.
type node struct {
	t    *testing.T
	h    *host.Host
	base string
	log  *syncBuffer
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// startNode builds a host on db (a sandbox pool of this test binary, a
// local blob store), starts its background work and serves its API.
func startNode(t *testing.T, db *store.DB) *node {
	t.Helper()
	blobs, err := blob.OpenLocal(blob.Config{Dir: t.TempDir(), MaxObjectSize: 32 << 20})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { blobs.Close() })
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	pool, err := sandbox.NewPool(sandbox.PoolConfig{Size: 2, Command: []string{exe}, MemoryLimit: 256 << 20, KillGrace: 300 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	logs := &syncBuffer{}
	h, err := host.New(host.Options{DB: db, Blobs: blobs, Log: slog.New(slog.NewJSONHandler(logs, nil)), Pool: pool,
		AuthRateLimit: 100000, JobInterval: 50 * time.Millisecond, MaintenanceInterval: time.Hour, WebhookAllowLocalHTTP: true})
	if err != nil {
		pool.Close()
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(bg)
	if err := h.Start(ctx); err != nil {
		cancel()
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	served := make(chan struct{})
	go func() {
		defer close(served)
		_ = h.API.App.Listener(ln)
	}()
	t.Cleanup(func() {
		if err := h.API.App.ShutdownWithTimeout(5 * time.Second); err != nil {
			t.Errorf("shutdown: %v", err)
		}
		<-served
		cancel()
		h.Close()
		if t.Failed() {
			lines := strings.Split(strings.TrimSpace(logs.String()), "\n")
			t.Logf("node log (last %d lines):\n%s", min(len(lines), 60), strings.Join(lines[max(0, len(lines)-60):], "\n"))
		}
	})
	return &node{t: t, h: h, base: "http://" + ln.Addr().String(), log: logs}
}

// runJobs runs every job due at now+ahead: order events reach their sinks
// now; a positive ahead fast-forwards durable timers (the simulated
// carrier's steps, order timeouts).
func (n *node) runJobs(ahead time.Duration) {
	n.t.Helper()
	if _, err := n.h.Jobs.RunDue(bg, time.Now().Add(ahead)); err != nil {
		n.t.Fatal(err)
	}
}

// eventually runs due jobs and checks cond until it holds (the node's own
// job runner may be running the job RunDue would, so a check right after
// RunDue can be early).
func (n *node) eventually(what string, cond func() bool) {
	n.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		n.runJobs(0)
		if cond() {
			return
		}
		if time.Now().After(deadline) {
			n.t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// --- HTTP clients ---------------------------------------------------------

var httpClient = &http.Client{Timeout: 60 * time.Second}

// client calls the node's API as one user (a bearer token; "" anonymous).
type client struct {
	n     *node
	name  string
	token string
	user  string // user id
	email string
}

var emailSeq atomic.Int64

const password = "correct horse battery staple"

// signup creates an account and logs in.
func (n *node) signup(name string) *client {
	n.t.Helper()
	anon := &client{n: n, name: "anonymous"}
	email := fmt.Sprintf("%s-%d@example.com", name, emailSeq.Add(1))
	var u struct {
		ID string `json:"id"`
	}
	anon.must(http.StatusCreated, "POST", "/api/v1/auth/signup", map[string]string{"email": email, "password": password}, &u)
	var login struct {
		Token string `json:"token"`
		User  struct {
			ID string `json:"id"`
		} `json:"user"`
	}
	anon.must(http.StatusOK, "POST", "/api/v1/auth/login", map[string]string{"email": email, "password": password}, &login)
	if login.Token == "" || login.User.ID != u.ID {
		n.t.Fatalf("login of %s: %+v", email, login)
	}
	return &client{n: n, name: name, token: login.Token, user: u.ID, email: email}
}

// do sends body (JSON, or raw bytes with a content type) and returns the
// status and the response body.
func (c *client) do(method, path string, body any) (int, []byte) {
	c.n.t.Helper()
	var rd io.Reader
	ctype := ""
	switch b := body.(type) {
	case nil:
	case rawBody:
		rd, ctype = bytes.NewReader(b.data), b.contentType
	default:
		raw, err := json.Marshal(b)
		if err != nil {
			c.n.t.Fatal(err)
		}
		rd, ctype = bytes.NewReader(raw), "application/json"
	}
	req, err := http.NewRequest(method, c.n.base+path, rd)
	if err != nil {
		c.n.t.Fatal(err)
	}
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	res, err := httpClient.Do(req)
	if err != nil {
		c.n.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer res.Body.Close()
	out, err := io.ReadAll(res.Body)
	if err != nil {
		c.n.t.Fatal(err)
	}
	return res.StatusCode, out
}

type rawBody struct {
	contentType string
	data        []byte
}

// must calls the API, fails the test unless the status is want, and
// decodes the response into out (if not nil).
func (c *client) must(want int, method, path string, body, out any) {
	c.n.t.Helper()
	status, raw := c.do(method, path, body)
	if status != want {
		c.n.t.Fatalf("%s: %s %s: status %d, want %d: %s", c.name, method, path, status, want, raw)
	}
	if out != nil {
		if err := json.Unmarshal(raw, out); err != nil {
			c.n.t.Fatalf("%s %s: decoding %s: %v", method, path, raw, err)
		}
	}
}

// get is must(200, "GET", …).
func (c *client) get(path string, out any) {
	c.n.t.Helper()
	c.must(http.StatusOK, "GET", path, nil, out)
}

// errorCode is the error code of a failed call.
func errorCode(raw []byte) string {
	var e struct {
		Error struct {
			Code string `json:"code"`
		} `json:"error"`
	}
	_ = json.Unmarshal(raw, &e)
	return e.Error.Code
}

// --- Developer webhooks --------------------------------------------------

// hookReceiver is a developer's webhook endpoint: it records the type of
// every delivery whose Standard Webhooks signature checks out.
type hookReceiver struct {
	srv    *httptest.Server
	mu     sync.Mutex
	secret string
	types  map[string]int
	ids    map[string]bool
	bad    []string
}

func newHookReceiver(t *testing.T) *hookReceiver {
	r := &hookReceiver{types: map[string]int{}, ids: map[string]bool{}}
	r.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		raw, _ := io.ReadAll(req.Body)
		id, ts := req.Header.Get("webhook-id"), req.Header.Get("webhook-timestamp")
		var env struct {
			Type string `json:"type"`
		}
		_ = json.Unmarshal(raw, &env)
		r.mu.Lock()
		defer r.mu.Unlock()
		sec, err := strconv.ParseInt(ts, 10, 64)
		want, err2 := webhooks.Sign([]string{r.secret}, id, time.Unix(sec, 0), raw)
		if err != nil || err2 != nil || r.secret == "" || req.Header.Get("webhook-signature") != want {
			r.bad = append(r.bad, fmt.Sprintf("%s %s: bad signature", id, env.Type))
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		if !r.ids[id] { // redeliveries carry the same id
			r.ids[id] = true
			r.types[env.Type]++
		}
		w.WriteHeader(http.StatusNoContent)
	}))
	t.Cleanup(r.srv.Close)
	return r
}

// url is the endpoint on loopback (http is allowed there in development).
func (r *hookReceiver) url() string { return r.srv.URL + "/souk" }

func (r *hookReceiver) setSecret(s string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.secret = s
}

func (r *hookReceiver) got() (map[string]int, []string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return maps.Clone(r.types), slices.Clone(r.bad)
}

// --- Mini-program views ---------------------------------------------------

// appResult is the answer of the render and action routes.
type appResult struct {
	Outcome   string        `json:"outcome"`
	ReceiptID string        `json:"receipt_id"`
	View      *runtime.Node `json:"view"`
}

// screen is a view the shopper sees.
type screen struct {
	t         *testing.T
	root      *runtime.Node
	receiptID string
}

func (c *client) app(path string, body any) screen {
	c.n.t.Helper()
	var r appResult
	c.must(http.StatusOK, "POST", path, body, &r)
	if r.Outcome != "ok" || r.View == nil {
		c.n.t.Fatalf("%s: POST %s %v: outcome %q (receipt %s), view %v", c.name, path, body, r.Outcome, r.ReceiptID, r.View != nil)
	}
	return screen{t: c.n.t, root: r.View, receiptID: r.ReceiptID}
}

// render opens page of the installed app.
func (c *client) render(installation, page string, params map[string]any) screen {
	c.n.t.Helper()
	return c.app("/api/v1/installations/"+installation+"/render", map[string]any{"page": page, "params": params})
}

// action taps an action of the installed app.
func (c *client) action(installation, name string, args map[string]any) screen {
	c.n.t.Helper()
	return c.app("/api/v1/installations/"+installation+"/action", map[string]any{"name": name, "args": args})
}

func findNode(n *runtime.Node, id string) *runtime.Node {
	if n == nil {
		return nil
	}
	if n.ID == id {
		return n
	}
	for _, c := range n.Children {
		if f := findNode(c, id); f != nil {
			return f
		}
	}
	return nil
}

// node returns the node with id or fails.
func (s screen) node(id string) *runtime.Node {
	s.t.Helper()
	nd := findNode(s.root, id)
	if nd == nil {
		raw, _ := json.Marshal(s.root)
		s.t.Fatalf("no node %q in %s", id, raw)
	}
	return nd
}

func (s screen) text(id string) string { s.t.Helper(); return s.node(id).Text }

func (s screen) has(id string) bool { return findNode(s.root, id) != nil }

// --- Money ----------------------------------------------------------------

// minor parses a USD decimal string ("12.34", "-5.00") into cents.
func minor(t *testing.T, s string) int64 {
	t.Helper()
	neg := strings.HasPrefix(s, "-")
	whole, frac, ok := strings.Cut(strings.TrimPrefix(s, "-"), ".")
	if !ok || len(frac) != 2 {
		t.Fatalf("not a USD amount: %q", s)
	}
	w, err1 := strconv.ParseInt(whole, 10, 64)
	f, err2 := strconv.ParseInt(frac, 10, 64)
	if err1 != nil || err2 != nil {
		t.Fatalf("not a USD amount: %q", s)
	}
	v := w*100 + f
	if neg {
		v = -v
	}
	return v
}

// usd formats cents as the API does.
func usd(cents int64) string {
	sign := ""
	if cents < 0 {
		sign, cents = "-", -cents
	}
	return fmt.Sprintf("%s%d.%02d", sign, cents/100, cents%100)
}

// split is payments' settlement: fee and developer share round down, the
// residue goes to the brand.
func split(base, feeBps, devBps int64) (fee, dev, brand int64) {
	fee = base * feeBps / 10000
	dev = base * devBps / 10000
	return fee, dev, base - fee - dev
}

// --- The example shop -----------------------------------------------------

var (
	npmOnce sync.Once
	npmErr  error
)

// shopDir is examples/shop with its node_modules (npm ci once if missing).
func shopDir(t *testing.T) string {
	t.Helper()
	dir, err := filepath.Abs(filepath.Join("..", "examples", "shop"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "node_modules", "@souk", "sdk")); err == nil {
		return dir
	}
	npm, err := exec.LookPath("npm")
	if err != nil {
		testenv.Missing(t, "npm is not installed; the example shop needs npm ci")
	}
	npmOnce.Do(func() {
		ctx, cancel := context.WithTimeout(bg, 3*time.Minute)
		defer cancel()
		cmd := exec.CommandContext(ctx, npm, "ci", "--no-audit", "--no-fund", "--loglevel=error")
		cmd.Dir = dir
		if out, err := cmd.CombinedOutput(); err != nil {
			npmErr = fmt.Errorf("npm ci in %s: %v\n%s", dir, err, out)
		}
	})
	if npmErr != nil {
		t.Fatal(npmErr)
	}
	return dir
}

// buildShop builds examples/shop as version (its souk.json with only the
// version changed, in a copy that shares node_modules).
func buildShop(t *testing.T, version string) []byte {
	t.Helper()
	src := shopDir(t)
	dir := t.TempDir()
	manifest, err := os.ReadFile(filepath.Join(src, "souk.json"))
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(manifest, &m); err != nil {
		t.Fatal(err)
	}
	m["version"] = version
	manifest, _ = json.MarshalIndent(m, "", "  ")
	if err := os.WriteFile(filepath.Join(dir, "souk.json"), manifest, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"package.json", "tsconfig.json"} {
		copyFile(t, filepath.Join(src, f), filepath.Join(dir, f))
	}
	ts, err := filepath.Glob(filepath.Join(src, "src", "*.ts"))
	if err != nil || len(ts) == 0 {
		t.Fatalf("no sources in %s/src: %v", src, err)
	}
	if err := os.Mkdir(filepath.Join(dir, "src"), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, f := range ts {
		copyFile(t, f, filepath.Join(dir, "src", filepath.Base(f)))
	}
	if err := os.Symlink(filepath.Join(src, "node_modules"), filepath.Join(dir, "node_modules")); err != nil {
		t.Fatal(err)
	}
	res, err := runtime.Build(dir, runtime.DefaultBundleLimits())
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Warnings) != 0 {
		t.Fatalf("esbuild warnings: %v", res.Warnings)
	}
	if res.Manifest.Version != version {
		t.Fatalf("built version %q, want %q", res.Manifest.Version, version)
	}
	return res.Archive
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	b, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, b, 0o644); err != nil {
		t.Fatal(err)
	}
}
