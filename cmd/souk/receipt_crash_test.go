package main

import (
	"bytes"
	"encoding/json"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/soukhq/souk/runtime"
	"github.com/soukhq/souk/store/storetest"
)

// TestAcknowledgedReceiptsSurviveSIGKILL is the receipt writer's crash
// test, on both backends: eight shoppers' connections render an app's page
// as fast as `souk serve` answers (receipts are written in group-committed
// batches), the server is SIGKILLed in the middle of that load, and after a
// restart every receipt whose id a client was given exists, with its log
// line. Acknowledged means answered: an event's response is sent only once
// the batch carrying its receipt has committed.
func TestAcknowledgedReceiptsSurviveSIGKILL(t *testing.T) {
	for _, backend := range []string{"sqlite", "postgres"} {
		t.Run(backend, func(t *testing.T) {
			env := []string{"SOUK_DATA_DIR=" + t.TempDir()}
			if backend == "postgres" {
				env = append(env, "DATABASE_URL="+storetest.PostgresURL(t))
			}
			admin := exec.Command(soukBin, "admin", "create", "--email", "ops@example.com", "--password", "correct horse battery")
			admin.Env = append(admin.Environ(), env...)
			if out, err := admin.CombinedOutput(); err != nil {
				t.Fatalf("admin create: %v %s", err, out)
			}
			s := startServe(t, env)
			dev, shopper := s.token(t, "dev@example.com", true), s.token(t, "shopper@example.com", true)
			ops := s.token(t, "ops@example.com", false)
			must := func(code int, body map[string]any) map[string]any {
				t.Helper()
				if code < 200 || code > 299 {
					t.Fatalf("%d %v", code, body)
				}
				return body
			}
			org := must(s.call(t, "POST", "/api/v1/orgs", dev, map[string]string{"kind": "developer", "name": "Receipts Dev"}))["id"].(string)
			app := must(s.call(t, "POST", "/api/v1/orgs/"+org+"/apps", dev, map[string]string{"slug": "receipt-load", "name": "Receipt load"}))["id"].(string)
			base := "/api/v1/orgs/" + org + "/apps/" + app
			s.upload(t, base+"/versions", dev, receiptApp(t))
			must(s.call(t, "POST", base+"/versions/1.0.0/submit", dev, nil))
			must(s.call(t, "POST", "/api/v1/review/apps/"+app+"/versions/1.0.0/approve", ops, map[string]string{"message": "ok"}))
			must(s.call(t, "POST", base+"/release", dev, map[string]any{"version": "1.0.0", "percent": 100}))
			brand := must(s.call(t, "POST", "/api/v1/orgs", dev, map[string]string{"kind": "brand", "name": "Receipts Brand"}))["id"].(string)
			ins := must(s.call(t, "POST", "/api/v1/orgs/"+brand+"/installations", dev, map[string]any{"app_id": app, "permissions": []string{}}))["id"].(string)

			// Three rounds: the load (renders without an Idempotency-Key,
			// the plain path) until the server is SIGKILLed under it, then a
			// restart on which every receipt acknowledged so far is read back.
			var acked []string
			for round := 1; round <= 3; round++ {
				n, cut := renderUntilKilled(t, s, ins, shopper, &acked)
				t.Logf("%s round %d: %d receipts acknowledged before the SIGKILL, %d requests cut by it", backend, round, n, cut)
				s = startServe(t, env)
				for i, id := range acked {
					code, body := s.call(t, "GET", base+"/receipts/"+id, dev, nil)
					if code != 200 {
						t.Fatalf("round %d: acknowledged receipt %d of %d (%s) after the restart: %d %v", round, i+1, len(acked), id, code, body)
					}
					if logs, _ := body["logs"].([]any); len(logs) != 1 {
						t.Fatalf("receipt %s lost its log line: %v", id, body)
					}
				}
			}
			s.stop(t)
		})
	}
}

// renderUntilKilled drives 16 connections of renders against s, SIGKILLs
// it once 200 more have been answered (or after 30 s), and appends the
// receipt ids the clients were given to acked.
func renderUntilKilled(t *testing.T, s *server, ins, token string, acked *[]string) (n, cut int) {
	t.Helper()
	var mu sync.Mutex
	var wg sync.WaitGroup
	hc := &http.Client{Timeout: 20 * time.Second}
	start := len(*acked)
	for range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				req, _ := http.NewRequest("POST", "http://"+s.addr+"/api/v1/installations/"+ins+"/render", bytes.NewReader([]byte(`{"page":"home"}`)))
				req.Header.Set("Content-Type", "application/json")
				req.Header.Set("Authorization", "Bearer "+token)
				res, err := hc.Do(req)
				if err != nil {
					mu.Lock()
					cut++
					mu.Unlock()
					return
				}
				var out struct {
					Outcome   string `json:"outcome"`
					ReceiptID string `json:"receipt_id"`
				}
				err = json.NewDecoder(res.Body).Decode(&out)
				res.Body.Close()
				if err != nil || res.StatusCode != 200 {
					continue // cut mid-answer: not acknowledged
				}
				if out.Outcome != "ok" || out.ReceiptID == "" {
					t.Errorf("render: %d %+v", res.StatusCode, out)
					return
				}
				mu.Lock()
				*acked = append(*acked, out.ReceiptID)
				mu.Unlock()
			}
		}()
	}
	deadline := time.Now().Add(30 * time.Second)
	for {
		mu.Lock()
		n = len(*acked) - start
		mu.Unlock()
		if n >= 200 || time.Now().After(deadline) {
			break
		}
		time.Sleep(5 * time.Millisecond)
	}
	s.kill(t)
	wg.Wait()
	n = len(*acked) - start
	if n < 50 {
		t.Fatalf("only %d renders answered before the kill", n)
	}
	return n, cut
}

// receiptApp is a one-page app whose render logs a line (so each receipt
// has a log row too).
func receiptApp(t *testing.T) []byte {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{
		"souk.json": `{"name": "receipt-load", "version": "1.0.0", "entry": "index.js", "permissions": []}`,
		"index.js":  `export default { render(page) { console.log("render", page); return { type: "text", text: "hello" }; } };`,
	}
	for name, src := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	res, err := runtime.Build(dir, runtime.DefaultBundleLimits())
	if err != nil {
		t.Fatal(err)
	}
	return res.Archive
}

// upload posts a bundle as the developer.
func (s *server) upload(t *testing.T, path, token string, archive []byte) {
	t.Helper()
	req, _ := http.NewRequest("POST", "http://"+s.addr+path, bytes.NewReader(archive))
	req.Header.Set("Content-Type", "application/zip")
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Idempotency-Key", "k-"+randomHex())
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusCreated {
		var out map[string]any
		_ = json.NewDecoder(res.Body).Decode(&out)
		t.Fatalf("upload: %d %v", res.StatusCode, out)
	}
}
