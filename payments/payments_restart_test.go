package payments_test

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/soukhq/souk/payments"
	"github.com/soukhq/souk/payments/ledger"
	"github.com/soukhq/souk/payments/money"
	"github.com/soukhq/souk/store"
	"github.com/soukhq/souk/store/storetest"
)

const crashEnv = "SOUK_PAYMENTS_CRASH_CHILD"

func openDB(t testing.TB, opts store.Options) *store.DB {
	t.Helper()
	db, err := store.Open(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	return db
}

// TestMain turns the test binary into TestPaymentsCrashRecovery's child
// process when crashEnv names a database; otherwise it runs the tests.
func TestMain(m *testing.M) {
	if spec := os.Getenv(crashEnv); spec != "" {
		crashChild(spec)
	}
	os.Exit(m.Run())
}

// crashChild creates and confirms payment requests until it is killed,
// printing each acknowledged payment.
func crashChild(spec string) {
	opts := store.Options{DataDir: spec}
	if strings.HasPrefix(spec, "postgres") {
		opts = store.Options{DatabaseURL: spec}
	}
	db, err := store.Open(context.Background(), opts)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	l := ledger.New(db, ledger.Options{})
	svc := payments.New(db, l, payments.Options{})
	var mu sync.Mutex
	out := bufio.NewWriter(os.Stdout)
	var wg sync.WaitGroup
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			u := fmt.Sprintf("usr_k%d", g)
			for i := 0; ; i++ {
				r, err := svc.CreateRequest(context.Background(), payments.NewRequest{OrderID: fmt.Sprintf("ord_k%d_%d", g, i), ShopperID: u,
					BrandID: "org_brand", Currency: "USD", Amount: money.Amount(100 + i)})
				if err == nil {
					r, err = svc.Confirm(context.Background(), r.ID, u, pin, nil)
				}
				if err != nil {
					fmt.Fprintln(os.Stderr, err)
					os.Exit(3)
				}
				mu.Lock()
				fmt.Fprintf(out, "paid %s %s %d\n", r.ID, u, r.Amount)
				out.Flush()
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
}

// TestPaymentsCrashRecovery kills a process with SIGKILL while shoppers are
// paying; after a restart every acknowledged payment is there exactly once,
// confirming it again charges nothing, wallets match the requests, and the
// ledger check passes.
func TestPaymentsCrashRecovery(t *testing.T) {
	for _, backend := range []string{"sqlite", "postgres"} {
		t.Run(backend, func(t *testing.T) {
			var opts store.Options
			if backend == "sqlite" {
				opts.DataDir = t.TempDir()
			} else {
				opts.DatabaseURL = storetest.PostgresURL(t)
			}
			db := openDB(t, opts)
			e := newEnv(t, db)
			for g := 0; g < 4; g++ {
				e.fund(e.user(fmt.Sprintf("usr_k%d", g)), "USD", 10_000_000)
			}
			db.Close()

			cmd := exec.Command(os.Args[0])
			cmd.Env = append(os.Environ(), crashEnv+"="+opts.DatabaseURL+opts.DataDir)
			stdout, err := cmd.StdoutPipe()
			if err != nil {
				t.Fatal(err)
			}
			cmd.Stderr = os.Stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			acked := map[string]string{}
			sc := bufio.NewScanner(stdout)
			deadline := time.Now().Add(30 * time.Second)
			for sc.Scan() {
				if f := strings.Fields(sc.Text()); len(f) == 4 && f[0] == "paid" {
					acked[f[1]] = f[2]
				}
				if len(acked) >= 40 || time.Now().After(deadline) {
					break
				}
			}
			_ = cmd.Process.Signal(syscall.SIGKILL)
			_ = cmd.Wait()
			if len(acked) < 10 {
				t.Fatalf("only %d payments acknowledged before the kill", len(acked))
			}

			db = openDB(t, opts)
			defer db.Close()
			e = newEnv(t, db)
			for id, shopper := range acked {
				r, err := e.svc.GetRequest(e.ctx, id)
				if err != nil || r.Status != payments.StatusPaid {
					t.Fatalf("acknowledged payment %s after restart: %+v, %v", id, r, err)
				}
				if _, err := e.svc.Ledger().LookupTransfer(e.ctx, "pay:"+id); err != nil {
					t.Fatalf("payment transfer of %s: %v", id, err)
				}
				before := e.wallet(shopper, "USD")
				if again, err := e.svc.Confirm(e.ctx, id, shopper, pin, nil); err != nil || again.Status != payments.StatusPaid {
					t.Fatalf("confirming %s again: %+v, %v", id, again, err)
				}
				if after := e.wallet(shopper, "USD"); after != before {
					t.Fatalf("a repeated confirmation moved money: %+v -> %+v", before, after)
				}
			}
			// Every wallet is what its paid requests say (including payments
			// committed but not acknowledged before the kill).
			for g := 0; g < 4; g++ {
				u := fmt.Sprintf("usr_k%d", g)
				var paid int64
				if err := db.QueryRowContext(e.ctx, `SELECT COALESCE(SUM(amount), 0) FROM payment_requests WHERE shopper_id = $1 AND status = 'paid'`, u).Scan(&paid); err != nil {
					t.Fatal(err)
				}
				if b := e.wallet(u, "USD"); b.Posted != 10_000_000-paid {
					t.Fatalf("wallet %s = %+v, paid requests %d", u, b, paid)
				}
			}
			e.check()
			t.Logf("%d payments acknowledged before SIGKILL", len(acked))
		})
	}
}
