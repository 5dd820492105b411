// Package ledgerbench (souk bench ledger) measures the ledger against its
// peers on the same PostgreSQL, in one run — pgbench tpcb-like, and a naive
// per-request SELECT … FOR UPDATE implementation of the same transfer —
// plus the ledger on SQLite:
//  1. pgbench -b tpcb-like (scale = clients, so branches are not all hot);
//  2. ledger transfers between random accounts;
//  3. the same, with every transfer also crediting one hot fee account (a linked pair);
//  4. a naive per-request BEGIN; SELECT … FOR UPDATE; UPDATE; INSERT; COMMIT of (3), and of (2);
//
// then the ledger on SQLite in a temporary directory.
package ledgerbench

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"regexp"
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/soukhq/souk/bench"
	"github.com/soukhq/souk/bench/machine"
	"github.com/soukhq/souk/payments/ledger"
	"github.com/soukhq/souk/store"
)

// Config sets the benchmark's shape. Zero values are defaults.
type Config struct {
	DatabaseURL string        // PostgreSQL server (a scratch database is created and dropped)
	SQLiteOnly  bool          // skip the PostgreSQL measurements
	Clients     int           // concurrent clients (default 8)
	Duration    time.Duration // each measurement (default 10s)
	Accounts    int           // accounts transfers pick from (default 10000)
	Workers     int           // ledger batches in flight (0: the ledger's default)
	Linger      time.Duration // how long a ledger batch waits for more transfers
}

// Report holds the measurements.
type Report struct {
	Config                                 Config
	GOMAXPROCS                             int
	PgbenchTPS                             float64
	Plain, Hot, NaivePlain, NaiveHot, Lite Result
	// MeanBatch is transfers per ledger transaction, per backend.
	MeanBatch             map[string]float64
	Checks                []string // the ledger checks after the runs
	LoadBefore, LoadAfter string
}

// Result is one measurement.
type Result struct {
	Name     string
	Ops      int64
	Failures int64
	Elapsed  time.Duration
	FirstErr string
	// CPU is this process's CPU time during the run (user + system): on a
	// shared machine, CPU per transfer is steadier than transfers/s.
	CPU time.Duration
}

// Rate is transfers per second.
func (r Result) Rate() float64 {
	if r.Elapsed <= 0 {
		return 0
	}
	return float64(r.Ops) / r.Elapsed.Seconds()
}

// Run runs the measurements; progress goes to log.
func Run(ctx context.Context, cfg Config, log io.Writer) (*Report, error) {
	if cfg.Clients <= 0 {
		cfg.Clients = 8
	}
	if cfg.Duration <= 0 {
		cfg.Duration = 10 * time.Second
	}
	if cfg.Accounts <= 0 {
		cfg.Accounts = 10000
	}
	if cfg.Accounts < 4 {
		return nil, errors.New("need at least 4 accounts")
	}
	b := &ledgerBench{linger: cfg.Linger, workers: cfg.Workers, out: log, clients: cfg.Clients, duration: cfg.Duration, accounts: cfg.Accounts,
		rep: &Report{Config: cfg, GOMAXPROCS: runtime.GOMAXPROCS(0), MeanBatch: map[string]float64{}, LoadBefore: machine.LoadAverage()}}
	if err := b.run(ctx, cfg.DatabaseURL, cfg.SQLiteOnly); err != nil {
		return nil, err
	}
	b.rep.LoadAfter = machine.LoadAverage()
	return b.rep, nil
}

// Summary is the report in the shape every benchmark prints.
func (r *Report) Summary() *bench.Report {
	c := r.Config
	out := &bench.Report{
		Title: fmt.Sprintf("ledger: %d clients, %s per run, %d accounts, GOMAXPROCS %d", c.Clients, c.Duration, c.Accounts, r.GOMAXPROCS),
		CPUs:  runtime.NumCPU(), LoadBefore: r.LoadBefore, LoadAfter: r.LoadAfter,
	}
	t := bench.Table{Columns: []string{"system", "transfers/s", "transfers", "in", "souk CPU each", "failed", "first failure"}}
	if !c.SQLiteOnly {
		t.Row("pgbench tpcb-like (tps)", r.PgbenchTPS, "-", "-", "-", "-", "")
	}
	for _, x := range []Result{r.Plain, r.Hot, r.NaivePlain, r.NaiveHot, r.Lite} {
		if x.Name == "" {
			continue
		}
		cpu := "-"
		if x.Ops > 0 && x.CPU > 0 {
			cpu = bench.Round(x.CPU / time.Duration(x.Ops)).String()
		}
		t.Row(x.Name, x.Rate(), x.Ops, x.Elapsed.Round(time.Millisecond), cpu, x.Failures, x.FirstErr)
	}
	out.Tables = append(out.Tables, t)
	for _, k := range []string{"postgres", "sqlite"} {
		if v, ok := r.MeanBatch[k]; ok {
			out.Notes = append(out.Notes, fmt.Sprintf("ledger batching on %s: %.1f transfers per transaction on average", k, v))
		}
	}
	out.Notes = append(out.Notes, r.Checks...)
	div := func(a, b float64) float64 {
		if b == 0 {
			return 0
		}
		return a / b
	}
	if !c.SQLiteOnly {
		out.Ratios = []bench.Ratio{
			{Name: "ledger / pgbench tpcb-like", Value: div(r.Plain.Rate(), r.PgbenchTPS), Min: 1},
			{Name: "ledger+hot fee / naive FOR UPDATE+hot", Value: div(r.Hot.Rate(), r.NaiveHot.Rate()), Min: 2},
			{Name: "ledger / naive FOR UPDATE (no hot account)", Value: div(r.Plain.Rate(), r.NaivePlain.Rate())},
			{Name: "ledger+hot fee / pgbench tpcb-like", Value: div(r.Hot.Rate(), r.PgbenchTPS)},
		}
	}
	out.Targets = []bench.Target{{Name: "SQLite ledger transfers/s", Got: fmt.Sprintf("%.0f", r.Lite.Rate()), Want: "≥ 3000", Met: r.Lite.Rate() >= 3000}}
	return out
}

// Print writes the summary.
func (r *Report) Print(w io.Writer) { r.Summary().Print(w) }

type ledgerBench struct {
	pgURL    string // the scratch database, for CHECKPOINT between runs
	linger   time.Duration
	workers  int
	out      io.Writer
	clients  int
	duration time.Duration
	accounts int
	rep      *Report
}

func (b *ledgerBench) printf(format string, args ...any) { fmt.Fprintf(b.out, format, args...) }

func (b *ledgerBench) run(ctx context.Context, dbURL string, skipPG bool) error {
	b.printf("souk bench ledger: %d clients, %s per run, %d accounts, GOMAXPROCS %d\n", b.clients, b.duration, b.accounts, runtime.GOMAXPROCS(0))
	var (
		pgbenchTPS                             float64
		plain, hot, naiveHot, naivePlain, lite Result
	)
	if !skipPG {
		if dbURL == "" {
			return errors.New("no --database-url (or DATABASE_URL); use --sqlite-only to skip PostgreSQL")
		}
		scratch, drop, err := machine.ScratchDatabase(ctx, dbURL, "souk_bench_")
		if err != nil {
			return err
		}
		defer drop()
		b.pgURL = scratch
		if pgbenchTPS, err = b.pgbench(ctx, scratch); err != nil {
			return err
		}
		b.printf("%-44s %10.0f tps\n", "pgbench tpcb-like", pgbenchTPS)
		if plain, hot, err = b.ledgerRuns(ctx, store.Options{DatabaseURL: scratch, MaxConns: int32(b.clients + 4)}, "postgres", true); err != nil {
			return err
		}
		if naivePlain, naiveHot, err = b.naive(ctx, scratch); err != nil {
			return err
		}
	}
	dir, err := os.MkdirTemp("", "souk-bench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	if lite, _, err = b.ledgerRuns(ctx, store.Options{DataDir: dir}, "sqlite", false); err != nil {
		return err
	}
	r := b.rep
	r.PgbenchTPS, r.Plain, r.Hot, r.NaivePlain, r.NaiveHot, r.Lite = pgbenchTPS, plain, hot, naivePlain, naiveHot, lite
	return nil
}

var tpsRE = regexp.MustCompile(`tps = ([0-9.]+) \(without initial connection time\)`)

func (b *ledgerBench) pgbench(ctx context.Context, dbURL string) (float64, error) {
	if _, err := exec.LookPath("pgbench"); err != nil {
		return 0, errors.New("pgbench is not installed (it comes with the postgresql client package)")
	}
	scale := strconv.Itoa(b.clients)
	if out, err := exec.CommandContext(ctx, "pgbench", "-i", "-q", "-s", scale, dbURL).CombinedOutput(); err != nil {
		return 0, fmt.Errorf("pgbench -i: %v\n%s", err, out)
	}
	b.checkpoint()
	threads := min(b.clients, runtime.NumCPU())
	out, err := exec.CommandContext(ctx, "pgbench", "-b", "tpcb-like", "-c", strconv.Itoa(b.clients), "-j", strconv.Itoa(threads),
		"-T", strconv.Itoa(int(max(1, b.duration.Round(time.Second).Seconds()))), dbURL).CombinedOutput()
	if err != nil {
		return 0, fmt.Errorf("pgbench: %v\n%s", err, out)
	}
	m := tpsRE.FindSubmatch(out)
	if m == nil {
		return 0, fmt.Errorf("no tps in pgbench output:\n%s", out)
	}
	return strconv.ParseFloat(string(m[1]), 64)
}

// load runs op from every client for a one-second warm-up (statement
// caches, connections), then for the duration, counting successes.
func (b *ledgerBench) load(name string, op func(ctx context.Context, rng *rand.Rand, n int64) error) Result {
	var seq atomic.Int64
	b.checkpoint()
	b.measure(time.Second, &seq, op)
	return b.report(name, b.measure(b.duration, &seq, op))
}

// checkpoint flushes PostgreSQL's dirty pages before a measurement so no
// run pays for the writes of the one before (best effort: needs the
// pg_checkpoint role or superuser).
func (b *ledgerBench) checkpoint() {
	if b.pgURL == "" {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if c, err := pgx.Connect(ctx, b.pgURL); err == nil {
		_, _ = c.Exec(ctx, "CHECKPOINT")
		c.Close(ctx)
	}
}

func (b *ledgerBench) measure(d time.Duration, seq *atomic.Int64, op func(ctx context.Context, rng *rand.Rand, n int64) error) Result {
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	var ops, fails atomic.Int64
	var wg sync.WaitGroup
	var firstErr atomic.Value
	cpu0 := machine.SelfCPU()
	start := time.Now()
	for c := 0; c < b.clients; c++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(uint64(c), uint64(start.UnixNano())))
			for ctx.Err() == nil {
				if err := op(ctx, rng, seq.Add(1)); err != nil {
					if ctx.Err() == nil {
						fails.Add(1)
						firstErr.CompareAndSwap(nil, err.Error())
					}
					continue
				}
				ops.Add(1)
			}
		}()
	}
	wg.Wait()
	r := Result{Ops: ops.Load(), Failures: fails.Load(), Elapsed: time.Since(start), CPU: machine.SelfCPU() - cpu0}
	if e, ok := firstErr.Load().(string); ok {
		r.FirstErr = e
	}
	return r
}

func (b *ledgerBench) report(name string, r Result) Result {
	r.Name = name
	b.printf("%-44s %10.0f transfers/s  (%d in %s", name, r.Rate(), r.Ops, r.Elapsed.Round(time.Millisecond))
	if r.Ops > 0 && r.CPU > 0 {
		b.printf(", souk CPU %v each", (r.CPU / time.Duration(r.Ops)).Round(time.Microsecond))
	}
	if r.Failures > 0 {
		b.printf(", %d failed, first: %v", r.Failures, r.FirstErr)
	}
	b.printf(")\n")
	return r
}

// ledgerRuns measures the ledger: random transfers over many accounts, and
// (withHot) the same with a second linked leg crediting one fee account.
func (b *ledgerBench) ledgerRuns(ctx context.Context, opts store.Options, label string, withHot bool) (plain, hot Result, err error) {
	db, err := store.Open(ctx, opts)
	if err != nil {
		return plain, hot, err
	}
	defer db.Close()
	if _, err := db.Migrate(ctx); err != nil {
		return plain, hot, err
	}
	l := ledger.New(db, ledger.Options{Workers: b.workers, Linger: b.linger})
	defer l.Close()
	if err := b.seedLedger(ctx, db); err != nil {
		return plain, hot, err
	}
	run := rand.Int64()
	pick := func(rng *rand.Rand) (string, string) {
		a := rng.IntN(b.accounts)
		c := rng.IntN(b.accounts - 1)
		if c >= a {
			c++
		}
		return "acc" + strconv.Itoa(a), "acc" + strconv.Itoa(c)
	}
	plain = b.load("ledger on "+label, func(ctx context.Context, rng *rand.Rand, n int64) error {
		dr, cr := pick(rng)
		_, err := l.Transfer(ctx, ledger.Transfer{ID: fmt.Sprintf("b%d-%d", run, n), DebitAccountID: dr, CreditAccountID: cr,
			Amount: 1 + rng.Int64N(100), Currency: "USD", Code: "bench"})
		return err
	})
	if withHot {
		hot = b.load("ledger on "+label+" + hot fee account", func(ctx context.Context, rng *rand.Rand, n int64) error {
			dr, cr := pick(rng)
			_, err := l.CreateLinked(ctx,
				ledger.Transfer{ID: fmt.Sprintf("h%d-%d", run, n), DebitAccountID: dr, CreditAccountID: cr, Amount: 1 + rng.Int64N(100), Currency: "USD", Code: "bench"},
				ledger.Transfer{ID: fmt.Sprintf("h%d-%d-fee", run, n), DebitAccountID: dr, CreditAccountID: "fee", Amount: 1, Currency: "USD", Code: "fee"})
			return err
		})
	}
	st := l.Stats()
	b.printf("%-44s %.1f transfers per transaction on average\n", "ledger batching on "+label, st.MeanBatch)
	b.rep.MeanBatch[label] = st.MeanBatch
	r, err := l.Check(ctx)
	if err != nil {
		return plain, hot, err
	}
	if !r.OK {
		return plain, hot, fmt.Errorf("ledger check failed after the run: %v", r.Problems)
	}
	b.printf("%-44s ok (%d transfers, %d entries)\n", "ledger check on "+label, r.Transfers, r.Entries)
	b.rep.Checks = append(b.rep.Checks, fmt.Sprintf("ledger check on %s: ok (%d transfers, %d entries)", label, r.Transfers, r.Entries))
	return plain, hot, nil
}

// seedLedger creates the accounts (must-not-go-negative wallets, funded
// from a bank account, and the fee account) in bulk.
func (b *ledgerBench) seedLedger(ctx context.Context, db *store.DB) error {
	l := ledger.New(db, ledger.Options{NoBatch: true})
	defer l.Close()
	for _, a := range []ledger.Account{{ID: "bank", Kind: "bank", Currency: "USD"}, {ID: "fee", Kind: "fee", Currency: "USD", Flags: ledger.DebitsMustNotExceedCredits}} {
		if _, err := l.CreateAccount(ctx, a); err != nil {
			return err
		}
	}
	const chunk = 500
	for lo := 0; lo < b.accounts; lo += chunk {
		err := db.InTx(ctx, func(tx *store.Tx) error {
			var ts []ledger.Transfer
			for i := lo; i < min(lo+chunk, b.accounts); i++ {
				id := "acc" + strconv.Itoa(i)
				if _, err := l.CreateAccountTx(ctx, tx, ledger.Account{ID: id, Kind: "wallet", Currency: "USD", Flags: ledger.DebitsMustNotExceedCredits}); err != nil {
					return err
				}
				ts = append(ts, ledger.Transfer{ID: "seed-" + id, DebitAccountID: "bank", CreditAccountID: id, Amount: 1 << 40, Currency: "USD"})
			}
			_, err := l.TransferTx(ctx, tx, ts...)
			return err
		})
		if err != nil {
			return err
		}
	}
	// Like pgbench -i does for its tables: vacuum and analyze after the
	// bulk load, so autovacuum does not start in the middle of a run.
	if db.Dialect == store.Postgres {
		for _, t := range []string{"ledger_accounts", "ledger_transfers", "ledger_entries"} {
			if _, err := db.ExecContext(ctx, `VACUUM ANALYZE `+t); err != nil {
				return err
			}
		}
		return nil
	}
	_, err := db.ExecContext(ctx, `ANALYZE`)
	return err
}

// naive is the baseline: one transaction per request that locks the rows
// with SELECT … FOR UPDATE, checks the balance, updates and inserts — what a
// straightforward implementation does, on a native pgx pool.
func (b *ledgerBench) naive(ctx context.Context, dbURL string) (plain, hot Result, err error) {
	cfg, err := pgxpool.ParseConfig(dbURL)
	if err != nil {
		return plain, hot, err
	}
	cfg.MaxConns = int32(b.clients + 2)
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return plain, hot, err
	}
	defer pool.Close()
	_, err = pool.Exec(ctx, `
		CREATE TABLE naive_accounts (id TEXT PRIMARY KEY, balance BIGINT NOT NULL);
		CREATE TABLE naive_transfers (id TEXT PRIMARY KEY, debit TEXT NOT NULL, credit TEXT NOT NULL, amount BIGINT NOT NULL, created_at BIGINT NOT NULL);
		INSERT INTO naive_accounts SELECT 'acc' || g, 1099511627776 FROM generate_series(0, `+strconv.Itoa(b.accounts-1)+`) g;
		INSERT INTO naive_accounts VALUES ('fee', 0);`)
	if err == nil {
		_, err = pool.Exec(ctx, `VACUUM ANALYZE naive_accounts`)
	}
	if err != nil {
		return plain, hot, err
	}
	run := rand.Int64()
	transfer := func(ctx context.Context, rng *rand.Rand, n int64, withFee bool) error {
		a := rng.IntN(b.accounts)
		c := rng.IntN(b.accounts - 1)
		if c >= a {
			c++
		}
		dr, cr := "acc"+strconv.Itoa(a), "acc"+strconv.Itoa(c)
		amount := 1 + rng.Int64N(100)
		ids := []string{dr, cr}
		if withFee {
			ids = append(ids, "fee")
		}
		for attempt := 0; ; attempt++ {
			err := pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
				rows, err := tx.Query(ctx, `SELECT id, balance FROM naive_accounts WHERE id = ANY($1) ORDER BY id FOR UPDATE`, ids)
				if err != nil {
					return err
				}
				bal := map[string]int64{}
				for rows.Next() {
					var id string
					var v int64
					if err := rows.Scan(&id, &v); err != nil {
						rows.Close()
						return err
					}
					bal[id] = v
				}
				rows.Close()
				if err := rows.Err(); err != nil {
					return err
				}
				need := amount
				if withFee {
					need++
				}
				if bal[dr] < need {
					return errors.New("insufficient funds")
				}
				if _, err := tx.Exec(ctx, `UPDATE naive_accounts SET balance = balance - $2 WHERE id = $1`, dr, need); err != nil {
					return err
				}
				if _, err := tx.Exec(ctx, `UPDATE naive_accounts SET balance = balance + $2 WHERE id = $1`, cr, amount); err != nil {
					return err
				}
				now := time.Now().UnixMicro()
				if _, err := tx.Exec(ctx, `INSERT INTO naive_transfers VALUES ($1, $2, $3, $4, $5)`, fmt.Sprintf("n%d-%t-%d", run, withFee, n), dr, cr, amount, now); err != nil {
					return err
				}
				if withFee {
					if _, err := tx.Exec(ctx, `UPDATE naive_accounts SET balance = balance + 1 WHERE id = 'fee'`); err != nil {
						return err
					}
					if _, err := tx.Exec(ctx, `INSERT INTO naive_transfers VALUES ($1, $2, 'fee', 1, $3)`, fmt.Sprintf("n%d-%t-%d-fee", run, withFee, n), dr, now); err != nil {
						return err
					}
				}
				return nil
			})
			if err == nil || !store.IsRetryable(err) || attempt == 8 {
				return err
			}
		}
	}
	plain = b.load("naive SELECT … FOR UPDATE on postgres", func(ctx context.Context, rng *rand.Rand, n int64) error {
		return transfer(ctx, rng, n, false)
	})
	hot = b.load("naive SELECT … FOR UPDATE + hot fee account", func(ctx context.Context, rng *rand.Rand, n int64) error {
		return transfer(ctx, rng, n, true)
	})
	return plain, hot, nil
}
