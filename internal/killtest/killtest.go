package killtest

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"os/exec"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/soukhq/souk/payments"
	"github.com/soukhq/souk/payments/ledger"
	"github.com/soukhq/souk/store"
)

// Config is one run.
type Config struct {
	// Bin is the souk binary.
	Bin string
	// DatabaseURL selects PostgreSQL; empty means SQLite under DataDir.
	DatabaseURL string
	DataDir     string
	// Shoppers is how many shopper clients run at once (default 4); a brand
	// client runs beside them.
	Shoppers int
	// Load is how long the server is up under load in all (default 5s),
	// split evenly around the kills; the time restarts take comes on top.
	// Operations under way when it ends are finished.
	Load time.Duration
	// Kills is how many times the server is SIGKILLed during the load
	// (default 5).
	Kills int
	// Seed makes the choice of operations repeatable.
	Seed uint64
	// FundingDurable says the server keeps pending top-ups, withdrawals and
	// payouts across a restart (issue 10 B8). Without it a funding operation
	// whose completion a kill interrupted is counted in
	// Report.StrandedFunding instead of failing the run.
	FundingDurable bool
	// Checks are more whole-database checks run at the end (order
	// reconciliation plugs in here).
	Checks []Check
	// NoKeys sends no Idempotency-Key (for comparison: what a server that
	// ignores the header does under the same load).
	NoKeys bool
	// Logf, when set, receives progress lines.
	Logf func(format string, args ...any)

	// tamper changes the database before the checks (the harness's own
	// test: a run must notice what it is meant to catch).
	tamper func(ctx context.Context, db *store.DB) error
}

// Check is a named whole-database check; an error is a failure.
type Check struct {
	Name string
	Run  func(ctx context.Context, db *store.DB) error
}

// Report is what a run found.
type Report struct {
	Backend  string
	Kills    int
	Duration time.Duration
	// Restarting is the part of Duration the server spent starting again.
	Restarting time.Duration
	// Requests is every HTTP attempt; Retried those that repeated an
	// unanswered (or 5xx) one; Replayed the answers the server replayed from
	// an idempotency key.
	Requests, Retried, Replayed int64
	// Acked counts acknowledged operations by kind.
	Acked map[string]int
	// Duplicates are server-side operations beyond the acknowledged ones;
	// Lost are acknowledged operations the server does not have.
	Duplicates, Lost int
	// Stranded are operations left pending that nothing will finish;
	// StrandedFunding are funding operations a kill cut off from their
	// completion (only allowed without FundingDurable).
	Stranded, StrandedFunding int
	// Wallets is how many wallets were compared with the model;
	// WalletMismatches lists those that differ.
	Wallets          int
	WalletMismatches []string
	LedgerOK         bool
	// Problems lists everything that fails the run.
	Problems []string
}

// OK reports whether the run found nothing wrong.
func (r *Report) OK() bool { return len(r.Problems) == 0 }

func (r *Report) String() string {
	kinds := make([]string, 0, len(r.Acked))
	for k, n := range r.Acked {
		kinds = append(kinds, fmt.Sprintf("%s=%d", k, n))
	}
	sort.Strings(kinds)
	return fmt.Sprintf("%s: %d kills in %s (%s restarting); %d requests, %d retried, %d replayed; acked %s; duplicates %d, lost %d, stranded %d (funding %d); wallets %d, mismatched %d; ledger ok %v; problems %d",
		r.Backend, r.Kills, r.Duration.Round(time.Millisecond), r.Restarting.Round(time.Millisecond), r.Requests, r.Retried, r.Replayed, strings.Join(kinds, " "),
		r.Duplicates, r.Lost, r.Stranded, r.StrandedFunding, r.Wallets, len(r.WalletMismatches), r.LedgerOK, len(r.Problems))
}

const (
	pin      = "246810"
	password = "correct horse battery"
	price    = 300 // the SKU's price in cents
)

// run is the state of one run.
type run struct {
	cfg Config
	srv *server
	c   *client
	rep *Report

	mu       sync.Mutex
	problems []string

	admin, brandToken, brandID, skuID string
	shoppers                          []*shopper
	brand                             brandModel
	restart                           time.Duration // spent restarting
}

// shopper is one client and the model of what it was acknowledged.
type shopper struct {
	id, token, email string
	dm               map[string]string // peer user id → direct conversation
	rng              *rand.Rand

	mu     sync.Mutex
	wallet int64          // expected posted balance (cents)
	acked  map[string]int // kind → acknowledged count
	// funding ids whose completion a kill cut off (B8)
	strandedTopUps, strandedWithdrawals int
}

type brandModel struct {
	mu      sync.Mutex
	payouts int
	paid    int64
	// stranded payouts (B8)
	stranded int
}

func (r *run) problem(format string, args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.problems = append(r.problems, fmt.Sprintf(format, args...))
}

func (r *run) logf(format string, args ...any) {
	if r.cfg.Logf != nil {
		r.cfg.Logf(format, args...)
	}
}

// Run performs one kill-and-retry run and reports what it found; an error
// means the run itself could not be carried out.
func Run(ctx context.Context, cfg Config) (*Report, error) {
	if cfg.Shoppers <= 0 {
		cfg.Shoppers = 4
	}
	if cfg.Load <= 0 {
		cfg.Load = 5 * time.Second
	}
	if cfg.Kills <= 0 {
		cfg.Kills = 5
	}
	backend := "sqlite"
	var env, args []string
	if cfg.DatabaseURL != "" {
		backend = "postgres"
		env = append(env, "DATABASE_URL="+cfg.DatabaseURL)
	} else {
		args = append(args, "--data-dir", cfg.DataDir)
	}
	env = append(env, "SOUK_LOG_LEVEL=warn")
	addr, err := freeAddr()
	if err != nil {
		return nil, err
	}
	r := &run{cfg: cfg, rep: &Report{Backend: backend, Acked: map[string]int{}}}
	r.srv = &server{bin: cfg.Bin, env: env, args: args, addr: addr, logs: &bytes.Buffer{}}
	r.c = &client{base: "http://" + addr, hc: &http.Client{Timeout: 15 * time.Second}, giveUp: 90 * time.Second,
		prefix: fmt.Sprintf("kt%d", time.Now().UnixNano()), noKeys: cfg.NoKeys}

	// The first admin, made the way an operator would.
	adminEmail := "ops@killtest.example"
	mk := exec.CommandContext(ctx, cfg.Bin, append([]string{"admin", "create", "--email", adminEmail, "--password", password}, args...)...)
	mk.Env = append(mk.Environ(), env...)
	if out, err := mk.CombinedOutput(); err != nil {
		return nil, fmt.Errorf("souk admin create: %v\n%s", err, out)
	}
	if err := r.srv.start(ctx); err != nil {
		return nil, fmt.Errorf("%w\n%s", err, r.srv.logTail(4000))
	}
	defer r.srv.kill()
	if err := r.setup(ctx, adminEmail); err != nil {
		return nil, fmt.Errorf("setup: %w\n%s", err, r.srv.logTail(4000))
	}

	started := time.Now()
	loadCtx, stopLoad := context.WithCancel(ctx)
	defer stopLoad()
	var wg sync.WaitGroup
	for _, s := range r.shoppers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r.shopperLoop(ctx, loadCtx, s)
		}()
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		r.brandLoop(ctx, loadCtx)
	}()

	// The killer: the load gets Load/(Kills+1) of server uptime (±25 %)
	// before each kill and after the last restart; restarts come on top.
	every := cfg.Load / time.Duration(cfg.Kills+1)
	rng := rand.New(rand.NewPCG(cfg.Seed, 7))
	uptime := func() time.Duration { return every + time.Duration(rng.Int64N(int64(every)/2+1)) - every/4 }
	for i := 0; i < cfg.Kills; i++ {
		select {
		case <-time.After(uptime()):
		case <-ctx.Done():
			return nil, ctx.Err()
		}
		if err := r.srv.kill(); err != nil {
			return nil, err
		}
		r.rep.Kills++
		r.logf("%s: kill %d at %s", backend, r.rep.Kills, time.Since(started).Round(time.Millisecond))
		restarted := time.Now()
		if err := r.srv.start(ctx); err != nil {
			return nil, fmt.Errorf("restart %d: %w\n%s", i+1, err, r.srv.logTail(4000))
		}
		r.restart += time.Since(restarted)
	}
	select {
	case <-time.After(uptime()):
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	stopLoad()
	wg.Wait()
	r.rep.Duration = time.Since(started)
	r.rep.Restarting = r.restart
	if err := r.srv.stop(); err != nil {
		r.problem("clean stop: %v", err)
	}
	r.rep.Requests, r.rep.Retried, r.rep.Replayed = r.c.sent.Load(), r.c.retried.Load(), r.c.replayed.Load()
	if err := r.verify(ctx); err != nil {
		return nil, err
	}
	r.rep.Problems = append(r.rep.Problems, r.problems...)
	if !r.rep.OK() {
		r.logf("server log tail:\n%s", r.srv.logTail(3000))
	}
	return r.rep, nil
}

// setup makes the brand with one product, and the shoppers with their PINs
// and direct conversations, all over HTTP.
func (r *run) setup(ctx context.Context, adminEmail string) error {
	var err error
	if r.admin, _, err = r.login(ctx, adminEmail); err != nil {
		return err
	}
	owner := "brand@killtest.example"
	if err := r.signup(ctx, owner); err != nil {
		return err
	}
	if r.brandToken, _, err = r.login(ctx, owner); err != nil {
		return err
	}
	var org struct{ ID string }
	if err := r.must(ctx, "POST", "/api/v1/orgs", r.brandToken, map[string]string{"kind": "brand", "name": "Kill Test Co"}, &org); err != nil {
		return err
	}
	r.brandID = org.ID
	var p struct{ ID string }
	if err := r.must(ctx, "POST", "/api/v1/orgs/"+r.brandID+"/products", r.brandToken, map[string]string{"title": "Mug", "currency": "USD"}, &p); err != nil {
		return err
	}
	var k struct{ ID string }
	if err := r.must(ctx, "POST", "/api/v1/orgs/"+r.brandID+"/products/"+p.ID+"/skus", r.brandToken,
		map[string]any{"options": map[string]string{"colour": "blue"}, "price": fmtUSD(price), "on_hand": 1_000_000}, &k); err != nil {
		return err
	}
	r.skuID = k.ID
	for i := 0; i < r.cfg.Shoppers; i++ {
		s := &shopper{email: fmt.Sprintf("shopper%d@killtest.example", i), dm: map[string]string{}, acked: map[string]int{},
			rng: rand.New(rand.NewPCG(r.cfg.Seed, uint64(i)))}
		if err := r.signup(ctx, s.email); err != nil {
			return err
		}
		if s.token, s.id, err = r.login(ctx, s.email); err != nil {
			return err
		}
		if err := r.must(ctx, "PUT", "/api/v1/me/pin", s.token, map[string]string{"password": password, "pin": pin}, nil); err != nil {
			return err
		}
		r.shoppers = append(r.shoppers, s)
	}
	for i, s := range r.shoppers {
		peer := r.shoppers[(i+1)%len(r.shoppers)]
		if peer == s {
			continue
		}
		var conv struct{ ID string }
		if err := r.must(ctx, "POST", "/api/v1/chat/direct", s.token, map[string]string{"user_id": peer.id}, &conv); err != nil {
			return err
		}
		s.dm[peer.id] = conv.ID
	}
	return nil
}

func (r *run) signup(ctx context.Context, email string) error {
	a, err := r.c.do(ctx, "POST", "/api/v1/auth/signup", "", "", map[string]string{"email": email, "password": password}, 0)
	if err != nil {
		return err
	}
	// A retried sign-up whose first attempt went through is a 409.
	if !a.ok() && a.status != http.StatusConflict {
		return fmt.Errorf("signup %s: %s", email, a)
	}
	return nil
}

func (r *run) login(ctx context.Context, email string) (token, id string, err error) {
	var out struct {
		Token string
		User  struct{ ID string }
	}
	if err := r.must(ctx, "POST", "/api/v1/auth/login", "", map[string]string{"email": email, "password": password}, &out); err != nil {
		return "", "", err
	}
	return out.Token, out.User.ID, nil
}

// must sends one operation under a fresh key and wants a 2xx.
func (r *run) must(ctx context.Context, method, path, token string, body, out any) error {
	key := ""
	if token != "" {
		key = r.c.key("op")
	}
	a, err := r.c.do(ctx, method, path, token, key, body, 0)
	if err != nil {
		return err
	}
	if !a.ok() {
		return fmt.Errorf("%s %s: %s", method, path, a)
	}
	if out != nil {
		return a.decode(out)
	}
	return nil
}

func fmtUSD(cents int64) string {
	sign := ""
	if cents < 0 {
		sign, cents = "-", -cents
	}
	return fmt.Sprintf("%s%d.%02d", sign, cents/100, cents%100)
}

// verify reads the database once the server has stopped.
func (r *run) verify(ctx context.Context) error {
	db, err := store.Open(ctx, store.Options{DatabaseURL: r.cfg.DatabaseURL, DataDir: r.cfg.DataDir})
	if err != nil {
		return err
	}
	defer db.Close()
	l := ledger.New(db, ledger.Options{})
	defer l.Close()
	pay := payments.New(db, l, payments.Options{})
	rep := r.rep
	if r.cfg.tamper != nil {
		if err := r.cfg.tamper(ctx, db); err != nil {
			return err
		}
	}

	count := func(q string, args ...any) int {
		var n int
		if err := db.QueryRowContext(ctx, q, args...).Scan(&n); err != nil {
			r.problem("count %q: %v", q, err)
		}
		return n
	}
	compare := func(what string, server, acked int) {
		switch {
		case server > acked:
			rep.Duplicates += server - acked
			r.problem("%s: the server has %d, %d were acknowledged (duplicates)", what, server, acked)
		case server < acked:
			rep.Lost += acked - server
			r.problem("%s: the server has %d, %d were acknowledged (lost)", what, server, acked)
		}
	}
	for _, s := range r.shoppers {
		s.mu.Lock()
		for k, n := range s.acked {
			rep.Acked[k] += n
		}
		compare(s.email+" orders", count(`SELECT COUNT(*) FROM commerce_orders WHERE shopper_id = $1`, s.id), s.acked["order"])
		compare(s.email+" paid orders", count(`SELECT COUNT(*) FROM commerce_orders WHERE shopper_id = $1 AND paid_at > 0`, s.id), s.acked["payment"])
		compare(s.email+" refund requests", count(`SELECT COUNT(*) FROM commerce_refund_requests q JOIN commerce_orders o ON o.id = q.order_id
			WHERE o.shopper_id = $1`, s.id), s.acked["refund"])
		compare(s.email+" approved refunds", count(`SELECT COUNT(*) FROM commerce_refund_requests q JOIN commerce_orders o ON o.id = q.order_id
			WHERE o.shopper_id = $1 AND q.status = 'approved'`, s.id), s.acked["refund_approved"])
		compare(s.email+" transfers", count(`SELECT COUNT(*) FROM peer_transfers WHERE sender_id = $1`, s.id), s.acked["transfer"])
		compare(s.email+" top-ups", count(`SELECT COUNT(*) FROM payment_funding WHERE owner_id = $1 AND kind = 'topup'`, s.id), s.acked["topup"])
		compare(s.email+" withdrawals", count(`SELECT COUNT(*) FROM payment_funding WHERE owner_id = $1 AND kind = 'withdrawal'`, s.id), s.acked["withdrawal"])
		rep.StrandedFunding += s.strandedTopUps + s.strandedWithdrawals
		b, err := pay.WalletBalance(ctx, s.id, "USD")
		if err != nil {
			r.problem("%s wallet: %v", s.email, err)
		}
		rep.Wallets++
		if b.Posted != s.wallet {
			rep.WalletMismatches = append(rep.WalletMismatches, fmt.Sprintf("%s: posted %s, model %s", s.email, fmtUSD(b.Posted), fmtUSD(s.wallet)))
			r.problem("%s wallet: posted %s, the model of acknowledged operations says %s", s.email, fmtUSD(b.Posted), fmtUSD(s.wallet))
		}
		s.mu.Unlock()
	}
	r.brand.mu.Lock()
	rep.Acked["payout"] = r.brand.payouts
	compare("brand payouts", count(`SELECT COUNT(*) FROM payment_funding WHERE owner_id = $1 AND kind = 'payout'`, r.brandID), r.brand.payouts)
	rep.StrandedFunding += r.brand.stranded
	r.brand.mu.Unlock()

	// Stranded: what is still pending with nothing left to finish it.
	fundingPending := count(`SELECT COUNT(*) FROM payment_funding WHERE status = 'pending'`)
	if r.cfg.FundingDurable {
		rep.Stranded += fundingPending
		if fundingPending > 0 {
			r.problem("%d funding operations still pending", fundingPending)
		}
	} else if fundingPending != rep.StrandedFunding {
		r.problem("%d funding operations pending, %d cut off by kills", fundingPending, rep.StrandedFunding)
	}
	for what, q := range map[string]string{
		"transfers pending":         `SELECT COUNT(*) FROM peer_transfers WHERE status = 'pending'`,
		"refund requests undecided": `SELECT COUNT(*) FROM commerce_refund_requests WHERE status = 'requested'`,
		"orders never paid":         `SELECT COUNT(*) FROM commerce_orders WHERE state = 'pending_payment'`,
	} {
		if n := count(q); n > 0 {
			rep.Stranded += n
			r.problem("%d %s", n, what)
		}
	}

	lr, err := l.Check(ctx)
	if err != nil {
		return err
	}
	rep.LedgerOK = lr.OK
	if !lr.OK {
		r.problem("ledger check: %v", lr.Problems)
	}
	for _, c := range r.cfg.Checks {
		if err := c.Run(ctx, db); err != nil {
			r.problem("%s: %v", c.Name, err)
		}
	}
	return nil
}
