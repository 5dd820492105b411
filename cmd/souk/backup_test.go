package main

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/soukhq/souk/blob"
	"github.com/soukhq/souk/payments/ledger"
	"github.com/soukhq/souk/store"
)

// call sends one JSON request with a bearer token (and an Idempotency-Key
// on unsafe methods) and decodes the JSON answer.
func (s *server) call(t *testing.T, method, path, token string, body any) (int, map[string]any) {
	t.Helper()
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, "http://"+s.addr+path, rd)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if method != http.MethodGet {
		req.Header.Set("Idempotency-Key", "k-"+randomHex())
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	r, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Error(err)
		return 0, nil
	}
	defer r.Body.Close()
	var out map[string]any
	_ = json.NewDecoder(r.Body).Decode(&out)
	return r.StatusCode, out
}

func (s *server) token(t *testing.T, email string, signup bool) string {
	t.Helper()
	creds := map[string]string{"email": email, "password": "correct horse battery"}
	if signup {
		if code, body := s.post(t, "/api/v1/auth/signup", creds); code != 201 {
			t.Fatalf("signup: %d %v", code, body)
		}
	}
	code, body := s.post(t, "/api/v1/auth/login", creds)
	tok, _ := body["token"].(string)
	if code != 200 || tok == "" {
		t.Fatalf("login %s: %d %v", email, code, body)
	}
	return tok
}

// tinyPNG is a valid 1×1 PNG.
var tinyPNG = []byte{0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
	0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1f, 0x15, 0xc4, 0x89, 0x00, 0x00, 0x00,
	0x0d, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0xf8, 0xcf, 0xc0, 0xf0, 0x1f, 0x00, 0x05, 0x00, 0x01, 0xff, 0x89, 0x99,
	0x3d, 0x1d, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82}

// souk backup takes an online snapshot of a serving SQLite node (users,
// wallet balances moved through the ledger, a pending two-phase withdrawal,
// an uploaded blob) while writes keep arriving; souk restore brings it back
// into a new data directory, where a new node serves the same users and
// balances, the blob, and a ledger that passes its check.
func TestBackupRestoreRoundTripWhileServing(t *testing.T) {
	ctx := context.Background()
	dataDir := t.TempDir()
	if out, err := exec.Command(soukBin, "admin", "create", "--data-dir", dataDir, "--email", "ops@example.com", "--password", "correct horse battery").CombinedOutput(); err != nil {
		t.Fatalf("admin create: %v %s", err, out)
	}
	s := startServe(t, nil, "--data-dir", dataDir)
	admin := s.token(t, "ops@example.com", false)

	topUp := func(tok, id, amount string, confirm bool) {
		t.Helper()
		code, op := s.call(t, "POST", "/api/v1/wallet/topups", tok, map[string]string{"id": id, "currency": "USD", "amount": amount})
		if code != 202 {
			t.Fatalf("top-up %s: %d %v", id, code, op)
		}
		if confirm {
			if code, op := s.call(t, "POST", "/api/v1/admin/simbank/"+op["id"].(string), admin, map[string]bool{"succeeded": true}); code != 200 {
				t.Fatalf("bank confirms %s: %d %v", id, code, op)
			}
		}
	}
	alice := s.token(t, "alice@example.com", true)
	bob := s.token(t, "bob@example.com", true)
	topUp(alice, "topup-alice-1", "25.50", true)
	topUp(bob, "topup-bob-1", "100.00", true)
	// Bob's withdrawal is reserved (pending) when the backup is taken.
	if code, op := s.call(t, "POST", "/api/v1/wallet/withdrawals", bob, map[string]string{"id": "withdraw-bob-1", "currency": "USD", "amount": "30.00"}); code != 202 {
		t.Fatalf("withdraw: %d %v", code, op)
	}
	req, _ := http.NewRequest("POST", "http://"+s.addr+"/api/v1/chat/images", bytes.NewReader(tinyPNG))
	req.Header.Set("Content-Type", "image/png")
	req.Header.Set("Authorization", "Bearer "+alice)
	req.Header.Set("Idempotency-Key", "upload-1")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var upload struct{ Key string }
	_ = json.NewDecoder(resp.Body).Decode(&upload)
	resp.Body.Close()
	if resp.StatusCode != 201 || upload.Key == "" {
		t.Fatalf("upload: %d %+v", resp.StatusCode, upload)
	}
	balances := func(s *server, tok string) string {
		t.Helper()
		code, body := s.call(t, "GET", "/api/v1/wallet/balances", tok, nil)
		if code != 200 {
			t.Fatalf("balances: %d %v", code, body)
		}
		b, _ := json.Marshal(body["data"])
		return string(b)
	}
	wantAlice, wantBob := balances(s, alice), balances(s, bob)
	if !strings.Contains(wantBob, `"available":"70.00"`) || !strings.Contains(wantBob, `"pending_debits":"30.00"`) {
		t.Fatalf("bob's balances before the backup: %s", wantBob)
	}

	// Writes keep coming while the backup runs: unconfirmed top-ups.
	var wg sync.WaitGroup
	var writes atomic.Int64
	stop := make(chan struct{})
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			code, _ := s.call(t, "POST", "/api/v1/wallet/topups", alice, map[string]string{"id": fmt.Sprintf("during-backup-%04d", i), "currency": "USD", "amount": "1.00"})
			if code == 202 {
				writes.Add(1)
			}
		}
	}()
	archive := filepath.Join(t.TempDir(), "souk.tar.gz")
	out, err := exec.Command(soukBin, "backup", "--data-dir", dataDir, "--out", archive).CombinedOutput()
	close(stop)
	wg.Wait()
	if err != nil || !strings.Contains(string(out), "1 blobs") {
		t.Fatalf("backup: %v %s", err, out)
	}
	t.Logf("%s(%d writes while it ran)", out, writes.Load())
	s.stop(t)

	// The archive holds only the manifest, the database and blobs.
	names := archiveNames(t, archive)
	for _, n := range names {
		if n != backupManifest && n != backupDB && n != backupBlobs && !strings.HasPrefix(n, backupBlobs+"/") {
			t.Errorf("unexpected archive entry %q", n)
		}
	}

	restored := filepath.Join(t.TempDir(), "restored")
	out, err = exec.Command(soukBin, "restore", "--data-dir", restored, archive).CombinedOutput()
	if err != nil || !strings.Contains(string(out), "ledger check ok") {
		t.Fatalf("restore: %v %s", err, out)
	}
	// A second restore onto the same directory is refused.
	if out, err := exec.Command(soukBin, "restore", "--data-dir", restored, archive).CombinedOutput(); err == nil || !strings.Contains(string(out), "empty data directory") {
		t.Fatalf("restore over a restored node: %v %s", err, out)
	}

	// The ledger of the restored database passes its check and holds the
	// same balances; the uploaded blob is there byte for byte.
	db, err := store.Open(ctx, store.Options{DataDir: restored})
	if err != nil {
		t.Fatal(err)
	}
	rep, err := ledger.New(db, ledger.Options{}).Check(ctx)
	db.Close()
	if err != nil || !rep.OK || rep.Transfers < 3 {
		t.Fatalf("ledger check after restore: %v %+v", err, rep)
	}
	bs, err := blob.Open(ctx, blob.Config{Dir: filepath.Join(restored, "blobs")})
	if err != nil {
		t.Fatal(err)
	}
	rc, _, err := bs.Get(ctx, upload.Key)
	if err != nil {
		t.Fatalf("uploaded blob after restore: %v", err)
	}
	got, _ := io.ReadAll(rc)
	rc.Close()
	bs.Close()
	if !bytes.Equal(got, tinyPNG) {
		t.Fatal("uploaded blob changed in the round trip")
	}

	s2 := startServe(t, nil, "--data-dir", restored)
	alice2, bob2 := s2.token(t, "alice@example.com", false), s2.token(t, "bob@example.com", false)
	if got := balances(s2, alice2); got != wantAlice {
		t.Errorf("alice after restore: %s, want %s", got, wantAlice)
	}
	if got := balances(s2, bob2); got != wantBob {
		t.Errorf("bob after restore: %s, want %s", got, wantBob)
	}
	admin2 := s2.token(t, "ops@example.com", false)
	if code, body := s2.call(t, "GET", "/api/v1/admin/ledger/check", admin2, nil); code != 200 || body["ok"] != true {
		t.Fatalf("admin ledger check on the restored node: %d %v", code, body)
	}
	s2.stop(t)
}

func archiveNames(t *testing.T, archive string) []string {
	t.Helper()
	f, err := os.Open(archive)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	gz, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	tr := tar.NewReader(gz)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return names
		}
		if err != nil {
			t.Fatal(err)
		}
		names = append(names, strings.TrimSuffix(h.Name, "/"))
	}
}

// restore accepts only what backup writes: an entry that climbs out of the
// data directory fails the restore and writes nothing outside it.
func TestRestoreRefusesForeignEntries(t *testing.T) {
	for _, name := range []string{"../evil", "blobs/../../evil", "/etc/evil", "other.txt"} {
		var buf bytes.Buffer
		gz := gzip.NewWriter(&buf)
		tw := tar.NewWriter(gz)
		_ = tw.WriteHeader(&tar.Header{Typeflag: tar.TypeReg, Name: name, Mode: 0o600, Size: 1})
		_, _ = tw.Write([]byte("x"))
		_ = tw.Close()
		_ = gz.Close()
		dir := t.TempDir()
		archive := filepath.Join(dir, "a.tar.gz")
		if err := os.WriteFile(archive, buf.Bytes(), 0o600); err != nil {
			t.Fatal(err)
		}
		_, _, err := restoreSQLite(context.Background(), archive, filepath.Join(dir, "data"))
		if err == nil || !strings.Contains(err.Error(), "unexpected entry") {
			t.Errorf("%q: %v", name, err)
		}
		if _, err := os.Stat(filepath.Join(dir, "evil")); err == nil {
			t.Errorf("%q escaped the data directory", name)
		}
	}
}
