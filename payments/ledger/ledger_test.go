package ledger_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/soukhq/souk/payments/ledger"
	"github.com/soukhq/souk/store"
	"github.com/soukhq/souk/store/storetest"
)

const (
	dmnec = ledger.DebitsMustNotExceedCredits
	cmned = ledger.CreditsMustNotExceedDebits
)

func newLedger(t *testing.T, db *store.DB, opts ledger.Options) *ledger.Ledger {
	t.Helper()
	l := ledger.New(db, opts)
	t.Cleanup(l.Close)
	return l
}

func mustAccount(t *testing.T, l *ledger.Ledger, id, cur string, flags ledger.AccountFlags) {
	t.Helper()
	if _, err := l.CreateAccount(context.Background(), ledger.Account{ID: id, Kind: "test", Currency: cur, Flags: flags}); err != nil {
		t.Fatal(err)
	}
}

func mustTransfer(t *testing.T, l *ledger.Ledger, tr ledger.Transfer) ledger.Transfer {
	t.Helper()
	out, err := l.Transfer(context.Background(), tr)
	if err != nil {
		t.Fatalf("transfer %s: %v", tr.ID, err)
	}
	return out
}

func balance(t *testing.T, l *ledger.Ledger, id string) ledger.Balance {
	t.Helper()
	b, err := l.Balance(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func mustCheck(t *testing.T, l *ledger.Ledger) ledger.Report {
	t.Helper()
	r, err := l.Check(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if !r.OK {
		t.Fatalf("ledger check failed: %v", r.Problems)
	}
	return r
}

// setup: a bank (no limits), two wallets that must not go negative, a JPY
// wallet, and an asset account that must not be credited past its debits.
func setup(t *testing.T, db *store.DB) *ledger.Ledger {
	l := newLedger(t, db, ledger.Options{})
	mustAccount(t, l, "bank", "USD", 0)
	mustAccount(t, l, "alice", "USD", dmnec)
	mustAccount(t, l, "bob", "USD", dmnec)
	mustAccount(t, l, "yen", "JPY", dmnec)
	mustAccount(t, l, "asset", "USD", cmned)
	mustTransfer(t, l, ledger.Transfer{ID: "fund-alice", DebitAccountID: "bank", CreditAccountID: "alice", Amount: 10000, Currency: "USD"})
	return l
}

func TestTransferAndBalances(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		l := setup(t, db)
		ctx := context.Background()
		tr := mustTransfer(t, l, ledger.Transfer{ID: "t1", DebitAccountID: "alice", CreditAccountID: "bob", Amount: 2500, Currency: "USD",
			Code: "p2p", Reference: "chat:1", Metadata: []byte(`{"note": "lunch"}`)})
		if tr.Status != ledger.StatusPosted || tr.CreatedAt == 0 || string(tr.Metadata) != `{"note":"lunch"}` {
			t.Fatalf("transfer = %+v", tr)
		}
		if b := balance(t, l, "alice"); b.Posted != 7500 || b.Available != 7500 {
			t.Fatalf("alice = %+v", b)
		}
		if b := balance(t, l, "bob"); b.Posted != 2500 {
			t.Fatalf("bob = %+v", b)
		}
		got, err := l.LookupTransfer(ctx, "t1")
		if err != nil || got.Amount != 2500 || got.Code != "p2p" || string(got.Metadata) != `{"note":"lunch"}` {
			t.Fatalf("lookup = %+v, %v", got, err)
		}
		r := mustCheck(t, l)
		if r.Currencies["USD"].Volume != 12500 || r.Transfers != 2 {
			t.Fatalf("report = %+v", r)
		}
	})
}

func TestRejections(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		l := setup(t, db)
		ctx := context.Background()
		mustTransfer(t, l, ledger.Transfer{ID: "dup", DebitAccountID: "alice", CreditAccountID: "bob", Amount: 100, Currency: "USD"})
		mustTransfer(t, l, ledger.Transfer{ID: "p-voided", DebitAccountID: "alice", CreditAccountID: "bob", Amount: 100, Currency: "USD", Flags: ledger.Pending})
		mustTransfer(t, l, ledger.Transfer{ID: "void-1", PendingID: "p-voided", Flags: ledger.VoidPending})
		mustTransfer(t, l, ledger.Transfer{ID: "p-posted", DebitAccountID: "alice", CreditAccountID: "bob", Amount: 100, Currency: "USD", Flags: ledger.Pending})
		mustTransfer(t, l, ledger.Transfer{ID: "post-1", PendingID: "p-posted", Flags: ledger.PostPending})
		mustTransfer(t, l, ledger.Transfer{ID: "p-expiring", DebitAccountID: "alice", CreditAccountID: "bob", Amount: 100, Currency: "USD",
			Flags: ledger.Pending, Timeout: time.Millisecond})
		mustTransfer(t, l, ledger.Transfer{ID: "p-open", DebitAccountID: "alice", CreditAccountID: "bob", Amount: 100, Currency: "USD", Flags: ledger.Pending})
		time.Sleep(5 * time.Millisecond)
		before := balance(t, l, "alice")

		usd := func(id, dr, cr string, amount int64) ledger.Transfer {
			return ledger.Transfer{ID: id, DebitAccountID: dr, CreditAccountID: cr, Amount: amount, Currency: "USD"}
		}
		cases := []struct {
			name string
			tr   ledger.Transfer
			want *ledger.Error
		}{
			{"insufficient funds", usd("x1", "bob", "alice", 1_000_000), ledger.ErrInsufficientFunds},
			{"pending reserves count", usd("x1b", "alice", "bob", before.Available+1), ledger.ErrInsufficientFunds},
			{"credit past debits", usd("x2", "bank", "asset", 1), ledger.ErrExceedsDebits},
			{"currency mismatch (accounts)", usd("x3", "alice", "yen", 1), ledger.ErrCurrencyMismatch},
			{"currency mismatch (transfer)", ledger.Transfer{ID: "x4", DebitAccountID: "alice", CreditAccountID: "bob", Amount: 1, Currency: "JPY"}, ledger.ErrCurrencyMismatch},
			{"unknown currency", ledger.Transfer{ID: "x5", DebitAccountID: "alice", CreditAccountID: "bob", Amount: 1, Currency: "XXX"}, ledger.ErrCurrencyMismatch},
			{"zero amount", usd("x6", "alice", "bob", 0), ledger.ErrInvalidAmount},
			{"negative amount", usd("x7", "alice", "bob", -5), ledger.ErrInvalidAmount},
			{"same account", usd("x8", "alice", "alice", 1), ledger.ErrSameAccount},
			{"no id", usd("", "alice", "bob", 1), ledger.ErrInvalidTransfer},
			{"bad metadata", ledger.Transfer{ID: "x9", DebitAccountID: "alice", CreditAccountID: "bob", Amount: 1, Currency: "USD", Metadata: []byte("{")}, ledger.ErrInvalidTransfer},
			{"unknown account", usd("x10", "alice", "nobody", 1), ledger.ErrAccountNotFound},
			{"id reused with another payload", usd("dup", "alice", "bob", 101), ledger.ErrTransferIDReused},
			{"id reused with another reference", ledger.Transfer{ID: "dup", DebitAccountID: "alice", CreditAccountID: "bob", Amount: 100, Currency: "USD", Reference: "r"}, ledger.ErrTransferIDReused},
			{"post a voided transfer", ledger.Transfer{ID: "x11", PendingID: "p-voided", Flags: ledger.PostPending}, ledger.ErrPendingAlreadyVoided},
			{"void a voided transfer", ledger.Transfer{ID: "x12", PendingID: "p-voided", Flags: ledger.VoidPending}, ledger.ErrPendingAlreadyVoided},
			{"post a posted transfer", ledger.Transfer{ID: "x13", PendingID: "p-posted", Flags: ledger.PostPending}, ledger.ErrPendingAlreadyPosted},
			{"void a posted transfer", ledger.Transfer{ID: "x14", PendingID: "p-posted", Flags: ledger.VoidPending}, ledger.ErrPendingAlreadyPosted},
			{"post an expired transfer", ledger.Transfer{ID: "x15", PendingID: "p-expiring", Flags: ledger.PostPending}, ledger.ErrPendingExpired},
			{"post an unknown transfer", ledger.Transfer{ID: "x16", PendingID: "nope", Flags: ledger.PostPending}, ledger.ErrPendingNotFound},
			{"post a posted non-pending transfer", ledger.Transfer{ID: "x17", PendingID: "dup", Flags: ledger.PostPending}, ledger.ErrPendingNotFound},
			{"post more than pending", ledger.Transfer{ID: "x18", PendingID: "p-open", Flags: ledger.PostPending, Amount: 101}, ledger.ErrExceedsPendingAmount},
			{"post in another currency", ledger.Transfer{ID: "x19", PendingID: "p-open", Flags: ledger.PostPending, Currency: "EUR"}, ledger.ErrCurrencyMismatch},
			{"void part of a pending", ledger.Transfer{ID: "x20", PendingID: "p-open", Flags: ledger.VoidPending, Amount: 1}, ledger.ErrInvalidAmount},
			{"pending and post together", ledger.Transfer{ID: "x21", PendingID: "p-open", Flags: ledger.PostPending | ledger.Pending}, ledger.ErrInvalidTransfer},
			{"timeout without pending", ledger.Transfer{ID: "x22", DebitAccountID: "alice", CreditAccountID: "bob", Amount: 1, Currency: "USD", Timeout: time.Second}, ledger.ErrInvalidTransfer},
		}
		for _, tc := range cases {
			_, err := l.Transfer(ctx, tc.tr)
			if !errors.Is(err, tc.want) {
				t.Errorf("%s: error = %v; want %s", tc.name, err, tc.want.Code)
			}
			if err != nil && ledger.Code(err) != tc.want.Code {
				t.Errorf("%s: Code = %q", tc.name, ledger.Code(err))
			}
		}
		// Rejected transfers changed nothing (the expiry already released p-expiring).
		after := balance(t, l, "alice")
		if after.Posted != before.Posted || after.PendingDebits != before.PendingDebits-100 {
			t.Fatalf("alice before %+v after %+v", before, after)
		}
		exp, _ := l.LookupTransfer(ctx, "p-expiring")
		if exp.Status != ledger.StatusExpired {
			t.Fatalf("p-expiring status %s", exp.Status)
		}
		if _, err := l.LookupTransfer(ctx, "x1"); !errors.Is(err, ledger.ErrTransferNotFound) {
			t.Fatalf("rejected transfer stored: %v", err)
		}
		mustCheck(t, l)
	})
}

func TestTwoPhase(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		l := setup(t, db)
		ctx := context.Background()
		p := mustTransfer(t, l, ledger.Transfer{ID: "hold", DebitAccountID: "alice", CreditAccountID: "bob", Amount: 4000, Currency: "USD", Flags: ledger.Pending})
		if p.Status != ledger.StatusPending {
			t.Fatalf("status %s", p.Status)
		}
		if b := balance(t, l, "alice"); b.Posted != 10000 || b.PendingDebits != 4000 || b.Available != 6000 {
			t.Fatalf("alice = %+v", b)
		}
		if b := balance(t, l, "bob"); b.Posted != 0 || b.PendingCredits != 4000 {
			t.Fatalf("bob = %+v", b)
		}
		// Post part of it: the rest goes back.
		post, err := l.Post(ctx, "hold-post", "hold", 2500)
		if err != nil || post.Amount != 2500 || post.DebitAccountID != "alice" {
			t.Fatalf("post = %+v, %v", post, err)
		}
		if b := balance(t, l, "alice"); b.Posted != 7500 || b.PendingDebits != 0 || b.Available != 7500 {
			t.Fatalf("alice = %+v", b)
		}
		// Posting again under the same id is the same answer; under another id it is refused.
		again, err := l.Post(ctx, "hold-post", "hold", 2500)
		if err != nil || again.CreatedAt != post.CreatedAt {
			t.Fatalf("retried post = %+v, %v", again, err)
		}
		if _, err := l.Void(ctx, "hold-void", "hold"); !errors.Is(err, ledger.ErrPendingAlreadyPosted) {
			t.Fatalf("void after post = %v", err)
		}
		// A void releases everything.
		mustTransfer(t, l, ledger.Transfer{ID: "hold2", DebitAccountID: "alice", CreditAccountID: "bob", Amount: 1000, Currency: "USD", Flags: ledger.Pending})
		if _, err := l.Void(ctx, "hold2-void", "hold2"); err != nil {
			t.Fatal(err)
		}
		if b := balance(t, l, "alice"); b.Available != 7500 || b.PendingDebits != 0 {
			t.Fatalf("alice = %+v", b)
		}
		// Timeouts: ExpirePending releases what has timed out, once.
		mustTransfer(t, l, ledger.Transfer{ID: "hold3", DebitAccountID: "alice", CreditAccountID: "bob", Amount: 500, Currency: "USD",
			Flags: ledger.Pending, Timeout: 2 * time.Millisecond})
		time.Sleep(5 * time.Millisecond)
		n, err := l.ExpirePending(ctx, 0)
		if err != nil || n != 1 {
			t.Fatalf("ExpirePending = %d, %v", n, err)
		}
		if n, _ := l.ExpirePending(ctx, 0); n != 0 {
			t.Fatalf("second ExpirePending = %d", n)
		}
		if _, err := l.Void(ctx, "hold3-void", "hold3"); !errors.Is(err, ledger.ErrPendingExpired) {
			t.Fatalf("void after expiry = %v", err)
		}
		if b := balance(t, l, "alice"); b.Available != 7500 {
			t.Fatalf("alice = %+v", b)
		}
		mustCheck(t, l)
	})
}

func TestLinked(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		l := setup(t, db)
		ctx := context.Background()
		// The second leg fails, so the first must not apply either.
		_, err := l.CreateLinked(ctx,
			ledger.Transfer{ID: "l1", DebitAccountID: "alice", CreditAccountID: "bob", Amount: 3000, Currency: "USD"},
			ledger.Transfer{ID: "l2", DebitAccountID: "bob", CreditAccountID: "alice", Amount: 3001, Currency: "USD"})
		if !errors.Is(err, ledger.ErrInsufficientFunds) {
			t.Fatalf("linked error = %v", err)
		}
		if b := balance(t, l, "alice"); b.Posted != 10000 {
			t.Fatalf("alice = %+v after failed linked batch", b)
		}
		if _, err := l.LookupTransfer(ctx, "l1"); !errors.Is(err, ledger.ErrTransferNotFound) {
			t.Fatalf("first leg of a failed batch stored: %v", err)
		}
		// Later legs see earlier legs: bob can pass on what he just got.
		out, err := l.CreateLinked(ctx,
			ledger.Transfer{ID: "l1", DebitAccountID: "alice", CreditAccountID: "bob", Amount: 3000, Currency: "USD"},
			ledger.Transfer{ID: "l2", DebitAccountID: "bob", CreditAccountID: "bank", Amount: 3000, Currency: "USD"},
			ledger.Transfer{ID: "l3", DebitAccountID: "alice", CreditAccountID: "bob", Amount: 1000, Currency: "USD", Flags: ledger.Pending},
			ledger.Transfer{ID: "l4", PendingID: "l3", Flags: ledger.PostPending, Amount: 400})
		if err != nil || len(out) != 4 {
			t.Fatalf("linked = %v, %v", out, err)
		}
		if b := balance(t, l, "alice"); b.Posted != 6600 || b.PendingDebits != 0 {
			t.Fatalf("alice = %+v", b)
		}
		// Retrying the batch returns the same transfers.
		again, err := l.CreateLinked(ctx,
			ledger.Transfer{ID: "l1", DebitAccountID: "alice", CreditAccountID: "bob", Amount: 3000, Currency: "USD"},
			ledger.Transfer{ID: "l2", DebitAccountID: "bob", CreditAccountID: "bank", Amount: 3000, Currency: "USD"},
			ledger.Transfer{ID: "l3", DebitAccountID: "alice", CreditAccountID: "bob", Amount: 1000, Currency: "USD", Flags: ledger.Pending},
			ledger.Transfer{ID: "l4", PendingID: "l3", Flags: ledger.PostPending, Amount: 400})
		if err != nil || again[0].CreatedAt != out[0].CreatedAt || again[3].Amount != 400 {
			t.Fatalf("retried linked = %v, %v", again, err)
		}
		// Create: independent results in one call.
		res, err := l.Create(ctx,
			ledger.Transfer{ID: "c1", DebitAccountID: "alice", CreditAccountID: "bob", Amount: 100, Currency: "USD"},
			ledger.Transfer{ID: "c2", DebitAccountID: "bob", CreditAccountID: "alice", Amount: 1 << 40, Currency: "USD"},
			ledger.Transfer{ID: "c3", DebitAccountID: "alice", CreditAccountID: "bob", Amount: 100, Currency: "USD"})
		if err != nil || res[0].Err != nil || !errors.Is(res[1].Err, ledger.ErrInsufficientFunds) || res[2].Err != nil {
			t.Fatalf("create = %+v, %v", res, err)
		}
		mustCheck(t, l)
	})
}

func TestStatementAndBalanceAt(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		l := setup(t, db)
		ctx := context.Background()
		var mid int64
		for i := 0; i < 25; i++ {
			tr := mustTransfer(t, l, ledger.Transfer{ID: "s" + string(rune('a'+i)), DebitAccountID: "alice", CreditAccountID: "bob", Amount: 10, Currency: "USD", Code: "p2p"})
			if i == 9 {
				mid = tr.CreatedAt
			}
		}
		var lines []ledger.Line
		var after int64
		for pages := 0; ; pages++ {
			st, err := l.Statement(ctx, "alice", after, 7)
			if err != nil {
				t.Fatal(err)
			}
			lines = append(lines, st.Lines...)
			if st.Next == 0 {
				break
			}
			after = st.Next
			if pages > 10 {
				t.Fatal("statement does not end")
			}
		}
		if len(lines) != 26 {
			t.Fatalf("%d lines, want 26", len(lines))
		}
		running := int64(0)
		for _, ln := range lines {
			running += ln.Posted
			if ln.Balance != running {
				t.Fatalf("line %+v: running balance %d", ln, running)
			}
		}
		if running != 10000-250 || lines[1].Code != "p2p" {
			t.Fatalf("final %d, line %+v", running, lines[1])
		}
		if b, err := l.BalanceAt(ctx, "alice", mid); err != nil || b != 10000-100 {
			t.Fatalf("BalanceAt(mid) = %d, %v", b, err)
		}
		if b, _ := l.BalanceAt(ctx, "alice", 0); b != 0 {
			t.Fatalf("BalanceAt(0) = %d", b)
		}
		if _, err := l.Statement(ctx, "nobody", 0, 10); !errors.Is(err, ledger.ErrAccountNotFound) {
			t.Fatalf("statement of unknown account: %v", err)
		}
	})
}

func TestAccounts(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		l := newLedger(t, db, ledger.Options{})
		ctx := context.Background()
		a := ledger.Account{ID: "w", Owner: "usr_1", Kind: "wallet", Currency: "EUR", Flags: dmnec}
		if _, err := l.CreateAccount(ctx, a); err != nil {
			t.Fatal(err)
		}
		if _, err := l.CreateAccount(ctx, a); err != nil {
			t.Fatalf("ensuring an existing account: %v", err)
		}
		a.Currency = "USD"
		if _, err := l.CreateAccount(ctx, a); !errors.Is(err, ledger.ErrAccountIDReused) {
			t.Fatalf("reused account id: %v", err)
		}
		for _, bad := range []ledger.Account{
			{ID: "", Kind: "k", Currency: "USD"},
			{ID: "x", Kind: "k", Currency: "usd"},
			{ID: "x", Kind: "", Currency: "USD"},
			{ID: "x", Kind: "k", Currency: "USD", Flags: dmnec | cmned},
			{ID: "x", Kind: "k", Currency: "USD", CreditLimit: -1},
		} {
			if _, err := l.CreateAccount(ctx, bad); !errors.Is(err, ledger.ErrInvalidAccount) {
				t.Errorf("CreateAccount(%+v) = %v", bad, err)
			}
		}
		if got, err := l.AccountsOf(ctx, "usr_1"); err != nil || len(got) != 1 {
			t.Fatalf("AccountsOf = %v, %v", got, err)
		}
		// A credit limit lets a flagged account go that far below zero.
		if _, err := l.CreateAccount(ctx, ledger.Account{ID: "od", Kind: "k", Currency: "EUR", Flags: dmnec, CreditLimit: 500}); err != nil {
			t.Fatal(err)
		}
		if _, err := l.Transfer(ctx, ledger.Transfer{ID: "od1", DebitAccountID: "od", CreditAccountID: "w", Amount: 500, Currency: "EUR"}); err != nil {
			t.Fatal(err)
		}
		if _, err := l.Transfer(ctx, ledger.Transfer{ID: "od2", DebitAccountID: "od", CreditAccountID: "w", Amount: 1, Currency: "EUR"}); !errors.Is(err, ledger.ErrInsufficientFunds) {
			t.Fatalf("past the credit limit: %v", err)
		}
		mustCheck(t, l)
	})
}

// Check notices tampering: money created out of nothing, a balance that no
// longer matches its entries, an overdrawn account, a pending transfer whose
// status disagrees with its resolution.
func TestCheckDetectsCorruption(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		l := setup(t, db)
		ctx := context.Background()
		mustTransfer(t, l, ledger.Transfer{ID: "p", DebitAccountID: "alice", CreditAccountID: "bob", Amount: 100, Currency: "USD", Flags: ledger.Pending})
		mustCheck(t, l)
		tamper := func(q string) {
			t.Helper()
			if _, err := db.ExecContext(ctx, q); err != nil {
				t.Fatal(err)
			}
		}
		expect := func(wants ...string) {
			t.Helper()
			r, err := l.Check(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if r.OK {
				t.Fatalf("check passed after tampering")
			}
			all := fmt.Sprint(r.Problems)
			for _, w := range wants {
				if !strings.Contains(all, w) {
					t.Fatalf("problems %v lack %q", r.Problems, w)
				}
			}
		}
		tamper(`UPDATE ledger_accounts SET credits_posted = credits_posted + 1 WHERE id = 'bob'`)
		expect("does not sum to zero", "account bob totals")
		tamper(`UPDATE ledger_accounts SET credits_posted = credits_posted - 1 WHERE id = 'bob'`)
		mustCheck(t, l)
		tamper(`UPDATE ledger_accounts SET debits_posted = debits_posted + 20000 WHERE id = 'alice'`)
		expect("violates its flags", "account alice totals")
		tamper(`UPDATE ledger_accounts SET debits_posted = debits_posted - 20000 WHERE id = 'alice'`)
		tamper(`UPDATE ledger_transfers SET status = 'posted' WHERE id = 'p'`)
		expect("pending transfer p has status posted", "open pending transfers reserve")
	})
}

// A post or void of a pending transfer that names no code or reference
// takes its pending transfer's, so no statement line is blank (a withdrawal's
// completion used to show an empty code).
func TestStatementLinesHaveCodeAndReference(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		l := setup(t, db)
		ctx := context.Background()
		for i, verb := range []ledger.TransferFlags{ledger.PostPending, ledger.VoidPending} {
			id := fmt.Sprintf("wd%d", i)
			mustTransfer(t, l, ledger.Transfer{ID: id, DebitAccountID: "alice", CreditAccountID: "bob", Amount: 10, Currency: "USD",
				Flags: ledger.Pending, Code: "withdrawal", Reference: "fop_" + id})
			mustTransfer(t, l, ledger.Transfer{ID: id + ":done", PendingID: id, Flags: verb})
		}
		st, err := l.Statement(ctx, "alice", 0, 100)
		if err != nil {
			t.Fatal(err)
		}
		for _, ln := range st.Lines[1:] {
			if ln.Code != "withdrawal" || !strings.HasPrefix(ln.Reference, "fop_wd") {
				t.Errorf("statement line %+v has no code or reference", ln)
			}
		}
	})
}
