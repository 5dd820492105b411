package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/soukhq/souk/web/webtest"
)

// cli runs the souk binary as a developer would, with its own config
// directory and SOUK_SERVER.
type cli struct {
	t   *testing.T
	env []string
}

func (c cli) run(dir, stdin string, args ...string) string {
	c.t.Helper()
	cmd := exec.Command(soukBin, args...)
	cmd.Dir, cmd.Env, cmd.Stdin = dir, c.env, strings.NewReader(stdin)
	out, err := cmd.CombinedOutput()
	if err != nil {
		c.t.Fatalf("souk %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

// call is one HTTP request of the test's other actors (the web pages'
// calls: signing up, the reviewer, the brand, the shopper).
func call(t *testing.T, s *server, method, path, token string, body, out any) {
	t.Helper()
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, "http://"+s.addr+path, rd)
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	r, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Body.Close()
	raw, _ := io.ReadAll(r.Body)
	if r.StatusCode >= 300 {
		t.Fatalf("%s %s: %d %s", method, path, r.StatusCode, raw)
	}
	if out != nil {
		if err := json.Unmarshal(raw, out); err != nil {
			t.Fatalf("%s %s: %v %s", method, path, err, raw)
		}
	}
}

func sessionToken(t *testing.T, s *server, email, password string, signup bool) string {
	t.Helper()
	creds := map[string]string{"email": email, "password": password}
	if signup {
		call(t, s, http.MethodPost, "/api/v1/auth/signup", "", creds, nil)
	}
	var l struct {
		Token string `json:"token"`
	}
	call(t, s, http.MethodPost, "/api/v1/auth/login", "", creds, &l)
	return l.Token
}

// npmInstall runs npm install in dir; without npm or a registry it skips
// the step outside CI and fails in CI.
func npmInstall(t *testing.T, dir string) bool {
	t.Helper()
	npm, err := exec.LookPath("npm")
	if err == nil {
		cmd := exec.Command(npm, "install", "--no-audit", "--no-fund", "--loglevel=error")
		cmd.Dir = dir
		out, err := cmd.CombinedOutput()
		if err == nil {
			return true
		}
		t.Logf("npm install failed:\n%s", out)
	}
	if os.Getenv("CI") != "" {
		t.Fatalf("npm install is required in CI: %v", err)
	}
	t.Logf("npm install unavailable (offline?); the project builds without it, continuing")
	return false
}

// A new developer's whole loop, with the CLI only, against a real souk
// serve: init, npm install, build, login, publish --submit; a reviewer
// approves in the operator console (Chromium); release 100 %; a shopper opens the app and souk logs --follow
// prints the receipt; a second version, then souk rollback.
func TestDeveloperLoopWithTheCLI(t *testing.T) {
	dataDir := t.TempDir()
	const pw = "correct horse battery"
	if out, err := exec.Command(soukBin, "admin", "create", "--data-dir", dataDir, "--email", "ops@example.com", "--password", pw).CombinedOutput(); err != nil {
		t.Fatalf("admin create: %v %s", err, out)
	}
	s := startServe(t, nil, "--data-dir", dataDir)
	home := t.TempDir()
	env := append(os.Environ(), "XDG_CONFIG_HOME="+filepath.Join(home, "config"), "HOME="+home,
		"SOUK_SERVER=http://"+s.addr, "SOUK_TOKEN=")
	c := cli{t: t, env: env}

	// The developer signs up on the web and makes an API token there.
	devSession := sessionToken(t, s, "dev@example.com", pw, true)
	var tok struct {
		Token string `json:"token"`
	}
	call(t, s, http.MethodPost, "/api/v1/me/tokens", devSession, map[string]any{"name": "laptop", "scopes": []string{"read", "write"}}, &tok)

	work := t.TempDir()
	c.run(work, "", "init", "fresh-shop", "--template", "shop")
	app := filepath.Join(work, "fresh-shop")
	if npmInstall(t, app) {
		test := exec.Command("npm", "test")
		test.Dir = app
		if out, err := test.CombinedOutput(); err != nil {
			t.Fatalf("npm test in the new project: %v\n%s", err, out)
		}
	}
	if out := c.run(app, "", "build"); !strings.Contains(out, "built fresh-shop 0.1.0") {
		t.Fatalf("souk build: %s", out)
	}

	c.run(app, tok.Token+"\n", "login")
	if out := c.run(app, "", "whoami"); !strings.Contains(out, "dev@example.com") {
		t.Fatalf("whoami: %s", out)
	}
	st, err := os.Stat(filepath.Join(home, "config", "souk", credentialsFile))
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("credentials file: %v %v", st, err)
	}
	c.run(app, "", "org", "create", "Fresh Co")
	out := c.run(app, "", "publish", "--submit")
	for _, want := range []string{"uploading [", "100%", "static_scan", "submitted fresh-shop 0.1.0 for review"} {
		if !strings.Contains(out, want) {
			t.Fatalf("souk publish --submit lacks %q:\n%s", want, out)
		}
	}

	// The reviewer approves the first version in the operator console, in
	// Chromium, as a person would; later versions through the review API.
	b := webtest.New(t, "http://"+s.addr)
	b.SignIn("ops@example.com", pw, "/")
	b.Open("/ops/review")
	b.ClickContaining("link", " 0.1.0")
	b.Find("heading", "Automatic checks")
	b.Submit("Approve")
	if got := b.Text("status", ""); !strings.Contains(got, "0.1.0 is approved") {
		t.Fatalf("the operator console's notice after approving: %q", got)
	}
	ops := sessionToken(t, s, "ops@example.com", pw, false)
	var me struct {
		Orgs []struct {
			OrgID string `json:"org_id"`
		} `json:"orgs"`
	}
	call(t, s, http.MethodGet, "/api/v1/me", devSession, nil, &me)
	var apps struct {
		Data []devApp `json:"data"`
	}
	call(t, s, http.MethodGet, "/api/v1/orgs/"+me.Orgs[0].OrgID+"/apps", devSession, nil, &apps)
	appID := apps.Data[0].ID
	approve := func(v string) {
		call(t, s, http.MethodPost, "/api/v1/review/apps/"+appID+"/versions/"+v+"/approve", ops, map[string]string{"message": "ok"}, nil)
	}
	if out := c.run(app, "", "release", "--percent", "100"); !strings.Contains(out, "stable 0.1.0 for every shopper") {
		t.Fatalf("release: %s", out)
	}

	// A brand installs it.
	brand := sessionToken(t, s, "brand@example.com", pw, true)
	var org struct {
		ID string `json:"id"`
	}
	call(t, s, http.MethodPost, "/api/v1/orgs", brand, map[string]string{"kind": "brand", "name": "Brand"}, &org)
	var inst struct {
		ID string `json:"id"`
	}
	call(t, s, http.MethodPost, "/api/v1/orgs/"+org.ID+"/installations", brand,
		map[string]any{"app_id": appID, "permissions": []string{"log", "catalog", "orders", "payments"}}, &inst)

	// souk logs --follow is running when a shopper opens the app.
	follow := exec.Command(soukBin, "logs", "--follow")
	follow.Dir, follow.Env = app, env
	stdout, _ := follow.StdoutPipe()
	var stderr lockedBuffer // written by exec's copier while the test reads it
	follow.Stderr = &stderr
	if err := follow.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = follow.Process.Kill(); _ = follow.Wait() })
	lines := make(chan string, 100)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
	}()
	deadline := time.Now().Add(30 * time.Second)
	for !strings.Contains(stderr.String(), "following") && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	time.Sleep(time.Second) // past the follower's first read

	shopper := sessionToken(t, s, "shopper@example.com", pw, true)
	call(t, s, http.MethodPost, "/api/v1/installations/"+inst.ID+"/render", shopper, map[string]any{"page": "home"}, nil)
	rendered := time.Now()
	var got []string
	for {
		select {
		case l, ok := <-lines:
			if !ok {
				t.Fatalf("souk logs --follow ended: %s\n%s", strings.Join(got, "\n"), stderr.String())
			}
			got = append(got, l)
			if strings.Contains(l, "render") && strings.Contains(l, " ok ") && strings.Contains(l, "v0.1.0") {
				t.Logf("souk logs --follow printed the receipt %v after the render answered", time.Since(rendered))
				goto printed
			}
		case <-time.After(time.Until(rendered.Add(20 * time.Second))):
			t.Fatalf("souk logs --follow printed no receipt:\n%s\n%s", strings.Join(got, "\n"), stderr.String())
		}
	}
printed:
	// Its log line follows the receipt line.
	select {
	case l := <-lines:
		if !strings.Contains(l, "[info] render") {
			t.Errorf("log line after the receipt: %q", l)
		}
	case <-time.After(10 * time.Second):
		t.Error("no log line after the receipt")
	}

	// Version 0.2.0 has a bug; released, it fails, and souk logs shows the
	// error (filtered on the server) with its stack in the TypeScript
	// source; then a rollback to 0.1.0.
	replaceIn := func(file, old, new string) {
		t.Helper()
		p := filepath.Join(app, file)
		b, _ := os.ReadFile(p)
		if !bytes.Contains(b, []byte(old)) {
			t.Fatalf("%s has no %q", file, old)
		}
		if err := os.WriteFile(p, bytes.Replace(b, []byte(old), []byte(new), 1), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	replaceIn("souk.json", `"version": "0.1.0"`, `"version": "0.2.0"`)
	replaceIn("src/index.ts", `    if (name !== "buy")`, "    if (name === \"boom\") throw new Error(\"boom in 0.2.0\");\n    if (name !== \"buy\")")
	c.run(app, "", "publish", "--submit")
	approve("0.2.0")
	c.run(app, "", "release", "--percent", "100")
	call(t, s, http.MethodPost, "/api/v1/installations/"+inst.ID+"/action", shopper, map[string]any{"name": "boom"}, nil)
	select {
	case l := <-lines:
		if !strings.Contains(l, "error") || !strings.Contains(l, "action") || !strings.Contains(l, "v0.2.0") {
			t.Errorf("souk logs --follow after a failing action: %q", l)
		}
	case <-time.After(20 * time.Second):
		t.Error("souk logs --follow printed nothing for the failing action")
	}
	src, _ := os.ReadFile(filepath.Join(app, "src", "index.ts"))
	boomAt := fmt.Sprintf("at action (src/index.ts:%d:", 1+strings.Count(string(src[:bytes.Index(src, []byte("boom"))]), "\n"))
	errLogs := c.run(app, "", "logs", "--outcome", "error")
	if strings.Contains(errLogs, " ok ") || !strings.Contains(errLogs, "boom in 0.2.0") || !strings.Contains(errLogs, boomAt) {
		t.Fatalf("logs --outcome error: want the failed action with its stack %q:\n%s", boomAt, errLogs)
	}
	if out := c.run(app, "", "versions"); !strings.Contains(out, "0.2.0") || !strings.Contains(out, "stable") {
		t.Fatalf("versions: %s", out)
	}
	if out := c.run(app, "", "rollback", "0.1.0"); !strings.Contains(out, "stable 0.1.0 for every shopper") {
		t.Fatalf("rollback: %s", out)
	}
	if out := c.run(app, "", "status"); !strings.Contains(out, "stable 0.1.0") || !strings.Contains(out, "installations: 1") {
		t.Fatalf("status: %s", out)
	}

	// Logging out forgets the token; --email logs in with a new one.
	c.run(app, "", "logout")
	cmd := exec.Command(soukBin, "whoami")
	cmd.Dir, cmd.Env = app, env
	if out, err := cmd.CombinedOutput(); err == nil || !strings.Contains(string(out), "not logged in") {
		t.Fatalf("whoami after logout: %v %s", err, out)
	}
	c.run(app, pw+"\n", "login", "--email", "dev@example.com")
	if out := c.run(app, "", "whoami"); !strings.Contains(out, "developer org \"Fresh Co\"") {
		t.Fatalf("whoami after login --email: %s", out)
	}
	c.run(app, "", "logout")
}

// lockedBuffer is a bytes.Buffer safe to write from one goroutine (a
// command's output copier) while another reads it.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}
