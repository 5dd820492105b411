package ledger_test

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/soukhq/souk/payments/ledger"
	"github.com/soukhq/souk/store"
	"github.com/soukhq/souk/store/storetest"
)

// backends yields, for each engine, Options that open the same fresh
// database again and again (for tests that close and reopen it).
func backends(t *testing.T, fn func(t *testing.T, opts store.Options)) {
	t.Run("sqlite", func(t *testing.T) { fn(t, store.Options{DataDir: t.TempDir()}) })
	t.Run("postgres", func(t *testing.T) { fn(t, store.Options{DatabaseURL: storetest.PostgresURL(t)}) })
}

func open(t *testing.T, opts store.Options) *store.DB {
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

// Idempotency holds across a restart: after closing and reopening the
// database, retried ids return their original results and reused ids with
// other payloads are still refused.
func TestIdempotencyAcrossReopen(t *testing.T) {
	backends(t, func(t *testing.T, opts store.Options) {
		ctx := context.Background()
		db := open(t, opts)
		l := ledger.New(db, ledger.Options{})
		mustAccount(t, l, "bank", "EUR", 0)
		mustAccount(t, l, "w", "EUR", dmnec)
		reqs := []ledger.Transfer{
			{ID: "r1", DebitAccountID: "bank", CreditAccountID: "w", Amount: 1000, Currency: "EUR", Metadata: []byte(`{"k":"v"}`)},
			{ID: "r2", DebitAccountID: "w", CreditAccountID: "bank", Amount: 300, Currency: "EUR", Flags: ledger.Pending, Timeout: time.Hour},
			{ID: "r3", PendingID: "r2", Flags: ledger.PostPending, Amount: 200},
		}
		var first []ledger.Transfer
		for _, r := range reqs {
			first = append(first, mustTransfer(t, l, r))
		}
		l.Close()
		db.Close()

		db = open(t, opts)
		defer db.Close()
		l = newLedger(t, db, ledger.Options{})
		for i, r := range reqs {
			got, err := l.Transfer(ctx, r)
			if err != nil || got.CreatedAt != first[i].CreatedAt || got.Amount != first[i].Amount || string(got.Metadata) != string(first[i].Metadata) {
				t.Fatalf("retry of %s after reopen = %+v, %v; first %+v", r.ID, got, err, first[i])
			}
		}
		changed := reqs[0]
		changed.Amount = 999
		if _, err := l.Transfer(ctx, changed); !errors.Is(err, ledger.ErrTransferIDReused) {
			t.Fatalf("reused id after reopen: %v", err)
		}
		if b := balance(t, l, "w"); b.Posted != 800 || b.PendingDebits != 0 {
			t.Fatalf("w = %+v", b)
		}
		mustCheck(t, l)
	})
}

const crashEnv = "SOUK_LEDGER_CRASH_CHILD"

// TestMain turns the test binary into TestCrashRecovery's child process
// when crashEnv names a database; otherwise it runs the tests.
func TestMain(m *testing.M) {
	if spec := os.Getenv(crashEnv); spec != "" {
		crashChild(spec)
	}
	os.Exit(m.Run())
}

// crashChild runs transfers until it is killed, printing each acknowledged one.
func crashChild(spec string) {
	var opts store.Options
	if strings.HasPrefix(spec, "postgres") {
		opts.DatabaseURL = spec
	} else {
		opts.DataDir = spec
	}
	db, err := store.Open(context.Background(), opts)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	l := ledger.New(db, ledger.Options{})
	var mu sync.Mutex
	out := bufio.NewWriter(os.Stdout)
	var wg sync.WaitGroup
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; ; i++ {
				tr, err := l.Transfer(context.Background(), ledger.Transfer{ID: fmt.Sprintf("k%d-%d", g, i),
					DebitAccountID: "bank", CreditAccountID: fmt.Sprintf("w%d", i%10), Amount: int64(1 + i%7), Currency: "USD"})
				if err != nil {
					fmt.Fprintln(os.Stderr, err)
					os.Exit(3)
				}
				mu.Lock()
				fmt.Fprintf(out, "ack %s %d %d\n", tr.ID, tr.Amount, tr.CreatedAt)
				out.Flush()
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
}

// TestCrashRecovery kills a process with SIGKILL while it is writing
// transfers; after a restart every acknowledged transfer is present exactly
// once with its original result, and the ledger check passes.
func TestCrashRecovery(t *testing.T) {
	backends(t, func(t *testing.T, opts store.Options) {
		ctx := context.Background()
		db := open(t, opts)
		l := ledger.New(db, ledger.Options{})
		mustAccount(t, l, "bank", "USD", 0)
		for i := 0; i < 10; i++ {
			mustAccount(t, l, fmt.Sprintf("w%d", i), "USD", dmnec)
		}
		l.Close()
		db.Close()

		spec := opts.DatabaseURL + opts.DataDir
		cmd := exec.Command(os.Args[0])
		cmd.Env = append(os.Environ(), crashEnv+"="+spec)
		stdout, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		cmd.Stderr = os.Stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		type ack struct{ amount, at int64 }
		acks := map[string]ack{}
		sc := bufio.NewScanner(stdout)
		deadline := time.Now().Add(20 * time.Second)
		for sc.Scan() {
			f := strings.Fields(sc.Text())
			if len(f) == 4 && f[0] == "ack" {
				amount, _ := strconv.ParseInt(f[2], 10, 64)
				at, _ := strconv.ParseInt(f[3], 10, 64)
				acks[f[1]] = ack{amount, at}
			}
			if len(acks) >= 300 || time.Now().After(deadline) {
				break
			}
		}
		_ = cmd.Process.Signal(syscall.SIGKILL)
		_ = cmd.Wait()
		if len(acks) < 50 {
			t.Fatalf("only %d acknowledged transfers before the kill", len(acks))
		}

		db = open(t, opts)
		defer db.Close()
		l = newLedger(t, db, ledger.Options{})
		for id, a := range acks {
			got, err := l.LookupTransfer(ctx, id)
			if err != nil || got.Amount != a.amount || got.CreatedAt != a.at {
				t.Fatalf("acknowledged %s after restart: %+v, %v", id, got, err)
			}
		}
		// Retrying every acknowledged id returns the original, and moves no money.
		before := balance(t, l, "bank")
		for id, a := range acks {
			var g, i int
			fmt.Sscanf(id, "k%d-%d", &g, &i)
			got, err := l.Transfer(ctx, ledger.Transfer{ID: id, DebitAccountID: "bank", CreditAccountID: fmt.Sprintf("w%d", i%10),
				Amount: int64(1 + i%7), Currency: "USD"})
			if err != nil || got.CreatedAt != a.at {
				t.Fatalf("retry of %s: %+v, %v", id, got, err)
			}
		}
		if after := balance(t, l, "bank"); after != before {
			t.Fatalf("retries moved money: %+v -> %+v", before, after)
		}
		r := mustCheck(t, l)
		t.Logf("%d acknowledged before SIGKILL, %d transfers stored", len(acks), r.Transfers)
	})
}
