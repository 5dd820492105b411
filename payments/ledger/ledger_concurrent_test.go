package ledger_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"

	"github.com/soukhq/souk/payments/ledger"
	"github.com/soukhq/souk/store"
	"github.com/soukhq/souk/store/storetest"
)

// The randomized concurrent test. Every worker owns a few accounts that must
// not go negative and shares two unlimited hub accounts with every other
// worker, so all transfers contend on the hubs (in both directions) while
// each worker can still predict every reply exactly from its own in-memory
// model: only it touches its accounts' limits. Retries of the same ids, with
// the same and with other payloads, and duplicate concurrent submissions are
// mixed in. At the end the database must equal the model and Check must pass.

type modelAcct struct {
	posted  int64 // credits - debits
	pending int64 // pending debits
}

type openPending struct {
	id, from string
	amount   int64
}

type worker struct {
	t       *testing.T
	l       *ledger.Ledger
	g       int
	rng     *rand.Rand
	own     []string
	acct    map[string]*modelAcct
	hubs    map[string]int64 // this worker's net effect on each hub (posted)
	hubPend map[string]int64 // pending credits this worker holds on hubs
	open    []openPending
	done    []openPending // resolved ones, to try resolving again
	ok      []ledger.Transfer
	okReq   []ledger.Transfer
	seq     int
}

var hubs = []string{"hub0", "hub1"}

func (w *worker) id(kind string) string {
	w.seq++
	return fmt.Sprintf("g%d-%s-%d", w.g, kind, w.seq)
}

func (w *worker) fail(format string, args ...any) {
	w.t.Errorf("worker %d: "+format, append([]any{w.g}, args...)...)
}

// expect checks one reply against the predicted outcome.
func (w *worker) expect(req ledger.Transfer, got ledger.Transfer, err error, want *ledger.Error) bool {
	if want != nil {
		if !errors.Is(err, want) {
			w.fail("%s: error %v, want %s", req.ID, err, want.Code)
		}
		return false
	}
	if err != nil {
		w.fail("%s: unexpected error %v", req.ID, err)
		return false
	}
	if got.ID != req.ID {
		w.fail("%s: reply for %s", req.ID, got.ID)
	}
	w.ok = append(w.ok, got)
	w.okReq = append(w.okReq, req)
	return true
}

func (w *worker) pick() string { return w.own[w.rng.IntN(len(w.own))] }

func (w *worker) step(ctx context.Context) {
	l := w.l
	switch op := w.rng.IntN(100); {
	case op < 15: // fund from a hub
		to, hub, amt := w.pick(), hubs[w.rng.IntN(2)], int64(1+w.rng.IntN(500))
		req := ledger.Transfer{ID: w.id("fund"), DebitAccountID: hub, CreditAccountID: to, Amount: amt, Currency: "USD", Code: "fund"}
		got, err := l.Transfer(ctx, req)
		if w.expect(req, got, err, nil) {
			w.acct[to].posted += amt
			w.hubs[hub] -= amt
		}
	case op < 35: // spend to a hub or to another own account
		from, amt := w.pick(), int64(1+w.rng.IntN(400))
		to := hubs[w.rng.IntN(2)]
		if w.rng.IntN(3) == 0 {
			to = w.pick()
		}
		if to == from {
			to = hubs[0]
		}
		req := ledger.Transfer{ID: w.id("spend"), DebitAccountID: from, CreditAccountID: to, Amount: amt, Currency: "USD", Code: "spend",
			Metadata: []byte(fmt.Sprintf(`{"n":%d}`, w.seq))}
		var want *ledger.Error
		if a := w.acct[from]; a.posted-a.pending < amt {
			want = ledger.ErrInsufficientFunds
		}
		got, err := l.Transfer(ctx, req)
		if w.expect(req, got, err, want) {
			w.acct[from].posted -= amt
			if m := w.acct[to]; m != nil {
				m.posted += amt
			} else {
				w.hubs[to] += amt
			}
		}
	case op < 50: // reserve
		from, hub, amt := w.pick(), hubs[w.rng.IntN(2)], int64(1+w.rng.IntN(300))
		req := ledger.Transfer{ID: w.id("hold"), DebitAccountID: from, CreditAccountID: hub, Amount: amt, Currency: "USD", Flags: ledger.Pending}
		var want *ledger.Error
		if a := w.acct[from]; a.posted-a.pending < amt {
			want = ledger.ErrInsufficientFunds
		}
		got, err := l.Transfer(ctx, req)
		if w.expect(req, got, err, want) {
			if got.Status != ledger.StatusPending {
				w.fail("%s: status %s", req.ID, got.Status)
			}
			w.acct[from].pending += amt
			w.hubPend[hub] += amt
			w.open = append(w.open, openPending{id: req.ID, from: from, amount: amt})
		}
	case op < 65: // post (full or part) or void an open reservation
		if len(w.open) == 0 {
			return
		}
		i := w.rng.IntN(len(w.open))
		p := w.open[i]
		w.open = append(w.open[:i], w.open[i+1:]...)
		req := ledger.Transfer{ID: w.id("void"), PendingID: p.id, Flags: ledger.VoidPending}
		posted := int64(0)
		if w.rng.IntN(2) == 0 {
			req = ledger.Transfer{ID: w.id("post"), PendingID: p.id, Flags: ledger.PostPending}
			posted = p.amount
			if w.rng.IntN(2) == 0 {
				posted = 1 + w.rng.Int64N(p.amount)
				req.Amount = posted
			}
		}
		got, err := l.Transfer(ctx, req)
		if w.expect(req, got, err, nil) {
			if got.Amount != max(posted, p.amount*int64(req.Flags&ledger.VoidPending/ledger.VoidPending)) {
				w.fail("%s: amount %d", req.ID, got.Amount)
			}
			hold, _ := l.LookupTransfer(ctx, p.id)
			w.acct[p.from].pending -= p.amount
			w.acct[p.from].posted -= posted
			w.hubPend[hold.CreditAccountID] -= p.amount
			w.hubs[hold.CreditAccountID] += posted
			w.done = append(w.done, p)
		}
	case op < 70: // resolve an already resolved reservation again: refused
		if len(w.done) == 0 {
			return
		}
		p := w.done[w.rng.IntN(len(w.done))]
		hold, err := l.LookupTransfer(ctx, p.id)
		if err != nil {
			w.fail("lookup %s: %v", p.id, err)
			return
		}
		want := ledger.ErrPendingAlreadyVoided
		if hold.Status == ledger.StatusPosted {
			want = ledger.ErrPendingAlreadyPosted
		}
		req := ledger.Transfer{ID: w.id("again"), PendingID: p.id, Flags: ledger.PostPending}
		got, err := l.Transfer(ctx, req)
		w.expect(req, got, err, want)
	case op < 80: // linked: own a -> own b, own b -> hub; all or nothing
		a, b := w.own[0], w.own[1+w.rng.IntN(len(w.own)-1)]
		x, y := int64(1+w.rng.IntN(300)), int64(1+w.rng.IntN(300))
		hub := hubs[w.rng.IntN(2)]
		reqs := []ledger.Transfer{
			{ID: w.id("link"), DebitAccountID: a, CreditAccountID: b, Amount: x, Currency: "USD", Code: "split"},
			{ID: w.id("link"), DebitAccountID: b, CreditAccountID: hub, Amount: y, Currency: "USD", Code: "split"},
		}
		ma, mb := w.acct[a], w.acct[b]
		var want *ledger.Error
		if ma.posted-ma.pending < x || mb.posted+x-mb.pending < y {
			want = ledger.ErrInsufficientFunds
		}
		out, err := l.CreateLinked(ctx, reqs...)
		if want != nil {
			if !errors.Is(err, want) {
				w.fail("linked %s: %v, want %s", reqs[0].ID, err, want.Code)
			}
			for _, r := range reqs {
				if _, err := l.LookupTransfer(ctx, r.ID); !errors.Is(err, ledger.ErrTransferNotFound) {
					w.fail("leg %s of a failed linked batch: %v", r.ID, err)
				}
			}
			return
		}
		if err != nil || len(out) != 2 {
			w.fail("linked %s: %v", reqs[0].ID, err)
			return
		}
		ma.posted -= x
		mb.posted += x - y
		w.hubs[hub] += y
		w.ok = append(w.ok, out...)
		w.okReq = append(w.okReq, reqs...)
	case op < 88: // retry an acknowledged transfer: the original result
		if len(w.ok) == 0 {
			return
		}
		i := w.rng.IntN(len(w.ok))
		orig, req := w.ok[i], w.okReq[i]
		got, err := l.Transfer(ctx, req)
		if err != nil || got.ID != orig.ID || got.Amount != orig.Amount || got.CreatedAt != orig.CreatedAt ||
			got.DebitAccountID != orig.DebitAccountID || got.CreditAccountID != orig.CreditAccountID || string(got.Metadata) != string(orig.Metadata) {
			w.fail("retry of %s = %+v, %v; original %+v", req.ID, got, err, orig)
		}
	case op < 93: // reuse an id with another payload: refused
		if len(w.okReq) == 0 {
			return
		}
		req := w.okReq[w.rng.IntN(len(w.okReq))]
		req.Amount++
		_, err := l.Transfer(ctx, req)
		if !errors.Is(err, ledger.ErrTransferIDReused) {
			w.fail("reused %s: %v", req.ID, err)
		}
	default: // the same new transfer submitted twice at once: one transfer, two equal answers
		to, hub, amt := w.pick(), hubs[w.rng.IntN(2)], int64(1+w.rng.IntN(100))
		req := ledger.Transfer{ID: w.id("twin"), DebitAccountID: hub, CreditAccountID: to, Amount: amt, Currency: "USD"}
		var wg sync.WaitGroup
		var got [2]ledger.Transfer
		var errs [2]error
		for k := 0; k < 2; k++ {
			wg.Add(1)
			go func() { defer wg.Done(); got[k], errs[k] = l.Transfer(ctx, req) }()
		}
		wg.Wait()
		if errs[0] != nil || errs[1] != nil || got[0].CreatedAt != got[1].CreatedAt {
			w.fail("twins %s: %v %v %+v %+v", req.ID, errs[0], errs[1], got[0], got[1])
			return
		}
		w.acct[to].posted += amt
		w.hubs[hub] -= amt
		w.ok = append(w.ok, got[0])
		w.okReq = append(w.okReq, req)
	}
}

func TestRandomizedConcurrent(t *testing.T) {
	for _, mode := range []struct {
		name string
		opts ledger.Options
	}{{"batched", ledger.Options{}}, {"direct", ledger.Options{NoBatch: true}}} {
		t.Run(mode.name, func(t *testing.T) {
			storetest.Run(t, func(t *testing.T, db *store.DB) {
				runRandomized(t, db, mode.opts, 8, 200)
			})
		})
	}
	// The portable path differs from the batched one only on PostgreSQL
	// (on SQLite they are the same code), so it runs there alone.
	t.Run("portable/postgres", func(t *testing.T) {
		runRandomized(t, storetest.Postgres(t), ledger.Options{Portable: true}, 8, 200)
	})
}

func runRandomized(t *testing.T, db *store.DB, opts ledger.Options, workers, steps int) {
	ctx := context.Background()
	l := newLedger(t, db, opts)
	for _, h := range hubs {
		mustAccount(t, l, h, "USD", 0)
	}
	ws := make([]*worker, workers)
	for g := range ws {
		w := &worker{t: t, l: l, g: g, rng: rand.New(rand.NewPCG(uint64(g), 42)), acct: map[string]*modelAcct{},
			hubs: map[string]int64{}, hubPend: map[string]int64{}}
		for k := 0; k < 3; k++ {
			id := fmt.Sprintf("g%d-own%d", g, k)
			mustAccount(t, l, id, "USD", dmnec)
			w.own = append(w.own, id)
			w.acct[id] = &modelAcct{}
		}
		ws[g] = w
	}
	var wg sync.WaitGroup
	for _, w := range ws {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < steps && !t.Failed(); i++ {
				w.step(ctx)
			}
		}()
	}
	wg.Wait()
	hubWant, hubPendWant := map[string]int64{}, map[string]int64{}
	for _, w := range ws {
		for id, m := range w.acct {
			b := balance(t, l, id)
			if b.Posted != m.posted || b.PendingDebits != m.pending {
				t.Errorf("%s: database %+v, model %+v", id, b, *m)
			}
		}
		for h, v := range w.hubs {
			hubWant[h] += v
		}
		for h, v := range w.hubPend {
			hubPendWant[h] += v
		}
	}
	for _, h := range hubs {
		if b := balance(t, l, h); b.Posted != hubWant[h] || b.PendingCredits != hubPendWant[h] {
			t.Errorf("%s: database %+v, model posted %d pending %d", h, b, hubWant[h], hubPendWant[h])
		}
	}
	r := mustCheck(t, l)
	t.Logf("%d transfers, %d entries, volume %d", r.Transfers, r.Entries, r.Currencies["USD"].Volume)
}

// Opposite-direction transfers between the same two accounts, all at once:
// no deadlock (or any other database error) reaches a caller, in either mode.
func TestOppositeDirections(t *testing.T) {
	for _, mode := range []struct {
		name string
		opts ledger.Options
	}{{"batched", ledger.Options{}}, {"direct", ledger.Options{NoBatch: true}}} {
		t.Run(mode.name, func(t *testing.T) {
			storetest.Run(t, func(t *testing.T, db *store.DB) {
				ctx := context.Background()
				l := newLedger(t, db, mode.opts)
				for _, id := range []string{"a", "b", "c"} {
					mustAccount(t, l, id, "USD", 0)
				}
				var wg sync.WaitGroup
				errs := make(chan error, 1000)
				for g := 0; g < 8; g++ {
					wg.Add(1)
					go func() {
						defer wg.Done()
						for i := 0; i < 40; i++ {
							// Every worker touches the accounts in a different order.
							order := [][2]string{{"a", "b"}, {"b", "a"}, {"c", "a"}, {"b", "c"}}[(g+i)%4]
							_, err := l.CreateLinked(ctx,
								ledger.Transfer{ID: fmt.Sprintf("o%d-%d-x", g, i), DebitAccountID: order[0], CreditAccountID: order[1], Amount: 3, Currency: "USD"},
								ledger.Transfer{ID: fmt.Sprintf("o%d-%d-y", g, i), DebitAccountID: order[1], CreditAccountID: order[0], Amount: 1, Currency: "USD"})
							if err != nil {
								errs <- err
							}
						}
					}()
				}
				wg.Wait()
				close(errs)
				for err := range errs {
					t.Fatalf("error reached a caller: %v", err)
				}
				r := mustCheck(t, l)
				if r.Transfers != 8*40*2 {
					t.Fatalf("%d transfers", r.Transfers)
				}
			})
		})
	}
}
