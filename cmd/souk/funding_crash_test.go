package main

import (
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/soukhq/souk/store/storetest"
)

// kill is SIGKILL: no shutdown, no drain, nothing flushed.
func (s *server) kill(t *testing.T) {
	t.Helper()
	if err := s.cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	_ = s.cmd.Wait()
}

// TestFundingSurvivesSIGKILL is the simulated bank's crash test over HTTP,
// on both backends: `souk serve` accepts a top-up and two withdrawals (the
// withdrawals reserve their amounts) and is SIGKILLed before the bank
// answers. After a restart the operations are still pending, the bank's
// answers complete them (a repeated answer moves nothing), an admin fails
// the one stuck at the bank, and a withdrawal accepted just before another
// SIGKILL expires on its deadline after the restart, releasing what it
// reserved. The wallet and the ledger check end correct. On main the
// restarted node answered funding_not_found and the reservations stayed.
func TestFundingSurvivesSIGKILL(t *testing.T) {
	for _, backend := range []string{"sqlite", "postgres"} {
		t.Run(backend, func(t *testing.T) {
			dataDir := t.TempDir()
			env := []string{"SOUK_DATA_DIR=" + dataDir}
			if backend == "postgres" {
				env = append(env, "DATABASE_URL="+storetest.PostgresURL(t))
			}
			admin := exec.Command(soukBin, "admin", "create", "--email", "ops@example.com", "--password", "correct horse battery")
			admin.Env = append(admin.Environ(), env...)
			if out, err := admin.CombinedOutput(); err != nil {
				t.Fatalf("admin create: %v %s", err, out)
			}

			s := startServe(t, env)
			if code, body := s.post(t, "/api/v1/auth/signup", map[string]string{"email": "saver@example.com", "password": "correct horse battery"}); code != 201 {
				t.Fatalf("signup: %d %v", code, body)
			}
			shopper, ops := s.token(t, "saver@example.com", false), s.token(t, "ops@example.com", false)
			accept := func(s *server, route, id, amount string) string {
				t.Helper()
				code, body := s.call(t, "POST", "/api/v1/wallet/"+route, shopper, map[string]string{"id": id, "currency": "USD", "amount": amount})
				if code != 202 || body["status"] != "pending" {
					t.Fatalf("%s %s: %d %v", route, id, code, body)
				}
				return body["id"].(string)
			}
			bank := func(s *server, op string, ok bool, want string) {
				t.Helper()
				code, body := s.call(t, "POST", "/api/v1/admin/simbank/"+op, ops, map[string]bool{"succeeded": ok})
				if code != 200 || body["status"] != want {
					t.Fatalf("bank answers %s: %d %v", op, code, body)
				}
			}
			wallet := func(s *server, posted, available string) {
				t.Helper()
				code, body := s.call(t, "GET", "/api/v1/wallet/balances", shopper, nil)
				bs, _ := body["data"].([]any)
				if code != 200 || len(bs) != 1 {
					t.Fatalf("balances: %d %v", code, body)
				}
				b := bs[0].(map[string]any)
				if b["posted"] != posted || b["available"] != available {
					t.Fatalf("wallet = %v, want posted %s available %s", b, posted, available)
				}
			}
			status := func(s *server, clientID string) string {
				t.Helper()
				kind := "withdrawals"
				if strings.Contains(clientID, "-top-") {
					kind = "topups"
				}
				code, body := s.call(t, "GET", "/api/v1/wallet/"+kind+"/"+clientID, shopper, nil)
				if code != 200 {
					t.Fatalf("GET funding %s: %d %v", clientID, code, body)
				}
				return body["status"].(string)
			}

			bank(s, accept(s, "topups", "fund-0001", "100.00"), true, "succeeded")
			top := accept(s, "topups", "crash-top-0001", "20.00")
			wd1 := accept(s, "withdrawals", "crash-wd-0001", "30.00")
			wd2 := accept(s, "withdrawals", "crash-wd-0002", "10.00")
			wallet(s, "100.00", "60.00")
			s.kill(t)

			// Restarted, with a short deadline for what it accepts from now on.
			env = append(env, "SOUK_FUNDING_TIMEOUT=4s")
			s = startServe(t, env)
			for _, id := range []string{"crash-top-0001", "crash-wd-0001", "crash-wd-0002"} {
				if st := status(s, id); st != "pending" {
					t.Fatalf("%s after the restart: %s", id, st)
				}
			}
			wallet(s, "100.00", "60.00")
			bank(s, top, true, "succeeded")
			bank(s, wd1, true, "succeeded")
			bank(s, wd1, false, "succeeded") // the bank repeating itself, contradicting
			code, body := s.call(t, "POST", "/api/v1/admin/funding/"+wd2+"/fail", ops, map[string]string{"reason": "stuck at the bank"})
			if code != 200 || body["status"] != "failed" {
				t.Fatalf("admin fails %s: %d %v", wd2, code, body)
			}
			wallet(s, "90.00", "90.00")

			// Accepted, then killed before its deadline; it expires after the restart.
			accept(s, "withdrawals", "crash-wd-0003", "25.00")
			wallet(s, "90.00", "65.00")
			s.kill(t)
			s = startServe(t, env)
			deadline := time.Now().Add(60 * time.Second)
			for status(s, "crash-wd-0003") == "pending" {
				if time.Now().After(deadline) {
					t.Fatal("crash-wd-0003 never expired")
				}
				time.Sleep(100 * time.Millisecond)
			}
			if st := status(s, "crash-wd-0003"); st != "expired" {
				t.Fatalf("crash-wd-0003 = %s, want expired", st)
			}
			wallet(s, "90.00", "90.00")

			code, body = s.call(t, "GET", "/api/v1/admin/ledger/check", ops, nil)
			if code != 200 || body["ok"] != true {
				t.Fatalf("ledger check: %d %v", code, body)
			}
			s.mu.Lock()
			logs := s.logs.String()
			s.mu.Unlock()
			if strings.Contains(logs, `"level":"ERROR"`) {
				t.Fatalf("errors logged:\n%s", logs)
			}
			s.stop(t)
		})
	}
}
