package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/soukhq/souk/store"
	"github.com/soukhq/souk/store/storetest"
)

// soukBin is the souk binary built once for the process tests.
var soukBin string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "souk-bin")
	if err != nil {
		panic(err)
	}
	soukBin = filepath.Join(dir, "souk")
	if out, err := exec.Command("go", "build", "-o", soukBin, ".").CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "building souk: %v\n%s", err, out)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

func freeAddr(t *testing.T) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// server is a running `souk serve` process.
type server struct {
	cmd  *exec.Cmd
	addr string
	logs *bytes.Buffer
	mu   *sync.Mutex
}

type syncWriter struct {
	mu *sync.Mutex
	b  *bytes.Buffer
}

func (w syncWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.b.Write(p)
}

func startServe(t *testing.T, env []string, args ...string) *server {
	t.Helper()
	s := &server{addr: freeAddr(t), logs: &bytes.Buffer{}, mu: &sync.Mutex{}}
	s.cmd = exec.Command(soukBin, append([]string{"serve", "--addr", s.addr}, args...)...)
	s.cmd.Env = append(os.Environ(), env...)
	s.cmd.Stderr = syncWriter{s.mu, s.logs}
	s.cmd.Stdout = syncWriter{s.mu, s.logs}
	if err := s.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if s.cmd.ProcessState == nil {
			_ = s.cmd.Process.Kill()
			_ = s.cmd.Wait()
		}
	})
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		if r, err := http.Get("http://" + s.addr + "/readyz"); err == nil {
			r.Body.Close()
			if r.StatusCode == 200 {
				return s
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	t.Fatalf("souk serve did not become ready; logs:\n%s", s.logs)
	return nil
}

// stop sends SIGTERM and expects a clean exit.
func (s *server) stop(t *testing.T) {
	t.Helper()
	_ = s.cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan error, 1)
	go func() { done <- s.cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("souk serve exited with %v after SIGTERM; logs:\n%s", err, s.logs)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("souk serve did not stop within 20s of SIGTERM")
	}
}

func (s *server) post(t *testing.T, path string, body any) (int, map[string]any) {
	t.Helper()
	b, _ := json.Marshal(body)
	r, err := http.Post("http://"+s.addr+path, "application/json", bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	defer r.Body.Close()
	var out map[string]any
	_ = json.NewDecoder(r.Body).Decode(&out)
	return r.StatusCode, out
}

// signupAndLogin proves the server works end to end through the database.
func signupAndLogin(t *testing.T, s *server, email string) {
	t.Helper()
	creds := map[string]string{"email": email, "password": "correct horse battery"}
	if code, body := s.post(t, "/api/v1/auth/signup", creds); code != 201 {
		t.Fatalf("signup: %d %v", code, body)
	}
	login(t, s, creds)
}

func login(t *testing.T, s *server, creds map[string]string) {
	t.Helper()
	code, body := s.post(t, "/api/v1/auth/login", creds)
	if code != 200 || body["token"] == nil {
		t.Fatalf("login: %d %v", code, body)
	}
}

// The README's first command: souk serve on its embedded defaults keeps data
// across a restart.
func TestServeSQLiteKeepsDataAcrossRestart(t *testing.T) {
	dataDir := t.TempDir()
	s := startServe(t, nil, "--data-dir", dataDir)
	signupAndLogin(t, s, "persist@example.com")
	s.stop(t)
	if _, err := os.Stat(filepath.Join(dataDir, "souk.db")); err != nil {
		t.Fatalf("no SQLite database in the data directory: %v", err)
	}
	s = startServe(t, []string{"SOUK_DATA_DIR=" + dataDir})
	login(t, s, map[string]string{"email": "persist@example.com", "password": "correct horse battery"})
	s.stop(t)
}

// The same binary with DATABASE_URL runs on PostgreSQL.
func TestServePostgres(t *testing.T) {
	url := storetest.PostgresURL(t)
	s := startServe(t, []string{"DATABASE_URL=" + url}, "--data-dir", t.TempDir())
	signupAndLogin(t, s, "pg@example.com")
	s.mu.Lock()
	logs := s.logs.String()
	s.mu.Unlock()
	if !strings.Contains(logs, `"database":"postgres"`) {
		t.Fatalf("not running on PostgreSQL; logs:\n%s", logs)
	}
	s.stop(t)
}

// Two souk serve processes started at the same moment against one empty
// PostgreSQL database both come up, and the schema is migrated once.
func TestTwoNodesMigrateOnce(t *testing.T) {
	url := storetest.EmptyPostgresURL(t)
	var wg sync.WaitGroup
	servers := make([]*server, 2)
	for i := range servers {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			servers[i] = startServe(t, []string{"DATABASE_URL=" + url}, "--data-dir", t.TempDir())
		}(i)
	}
	wg.Wait()
	if t.Failed() {
		return
	}
	signupAndLogin(t, servers[0], "node0@example.com")
	login(t, servers[1], map[string]string{"email": "node0@example.com", "password": "correct horse battery"})
	db, err := store.Open(context.Background(), store.Options{DatabaseURL: url})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var rows, distinct int
	if err := db.QueryRowContext(context.Background(), `SELECT COUNT(*), COUNT(DISTINCT version_id) FROM goose_db_version WHERE version_id > 0`).Scan(&rows, &distinct); err != nil {
		t.Fatal(err)
	}
	if rows == 0 || rows != distinct {
		t.Fatalf("goose_db_version has %d rows for %d versions; want each once", rows, distinct)
	}
	migrated := 0
	for _, s := range servers {
		s.mu.Lock()
		if strings.Contains(s.logs.String(), "migrated database") {
			migrated++
		}
		s.mu.Unlock()
		s.stop(t)
	}
	if migrated != 1 {
		t.Fatalf("%d nodes report applying migrations, want exactly 1", migrated)
	}
}

func TestAdminCreate(t *testing.T) {
	dataDir := t.TempDir()
	out, err := exec.Command(soukBin, "admin", "create", "--data-dir", dataDir, "--email", "ops@example.com", "--password", "correct horse battery").CombinedOutput()
	if err != nil || !strings.Contains(string(out), "admin ops@example.com") {
		t.Fatalf("admin create: %v %s", err, out)
	}
	s := startServe(t, nil, "--data-dir", dataDir)
	creds := map[string]string{"email": "ops@example.com", "password": "correct horse battery"}
	code, body := s.post(t, "/api/v1/auth/login", creds)
	if code != 200 || body["user"].(map[string]any)["platform_role"] != "admin" {
		t.Fatalf("admin login: %d %v", code, body)
	}
	s.stop(t)
}

func TestHelpIsUseful(t *testing.T) {
	for _, args := range [][]string{{"--help"}, {"serve", "--help"}, {"migrate", "--help"}, {"admin", "create", "--help"}} {
		out, err := exec.Command(soukBin, args...).CombinedOutput()
		if err != nil {
			t.Fatalf("souk %v: %v", args, err)
		}
		if len(out) < 200 {
			t.Errorf("souk %v prints too little help:\n%s", args, out)
		}
	}
	out, _ := exec.Command(soukBin, "serve", "--help").CombinedOutput()
	for _, want := range []string{"--addr", "--data-dir", "DATABASE_URL", "SOUK_S3_ENDPOINT"} {
		if !strings.Contains(string(out), want) {
			t.Errorf("serve --help does not mention %s", want)
		}
	}
}
