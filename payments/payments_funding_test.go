package payments_test

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/soukhq/souk/payments"
	"github.com/soukhq/souk/payments/ledger"
	"github.com/soukhq/souk/store"
	"github.com/soukhq/souk/store/storetest"
)

// node is a second souk process over the same database: its own ledger,
// service and simulated bank, sharing nothing in memory with the first.
func (e *env) node() (*payments.Service, *payments.SimBank) {
	e.t.Helper()
	l := ledger.New(e.db, ledger.Options{})
	e.t.Cleanup(l.Close)
	bank := payments.NewSimBank()
	svc := payments.New(e.db, l, payments.Options{Funding: bank, Now: e.clock.Now})
	bank.Handler = svc.HandleFundingResult
	return svc, bank
}

// A pending top-up, withdrawal and payout accepted by one process complete
// on another (a restarted process or another node): nothing lives only in
// the memory of the process that accepted them. On main the second node's
// bank answered "no operation" and the reservation stayed forever.
func TestFundingCompletesOnAnotherNode(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		u := e.user("usr_node")
		e.fund(u, "USD", 10_000)
		top, err := e.svc.TopUp(e.ctx, u, "node-top", "USD", 2_500)
		if err != nil {
			t.Fatal(err)
		}
		wd, err := e.svc.Withdraw(e.ctx, u, "node-wd", "USD", 4_000)
		if err != nil {
			t.Fatal(err)
		}
		wdFail, err := e.svc.Withdraw(e.ctx, u, "node-wd-fail", "USD", 1_000)
		if err != nil {
			t.Fatal(err)
		}
		if b := e.wallet(u, "USD"); b.Posted != 10_000 || b.Available != 5_000 {
			t.Fatalf("wallet while pending = %+v", b)
		}
		shopper := e.user("usr_node_shopper")
		e.fund(shopper, "USD", 5_000)
		r := e.confirm(e.request("ord_node", shopper, 5_000))
		if _, err := e.svc.Settle(e.ctx, r.ID); err != nil {
			t.Fatal(err)
		}
		brandBefore := e.brand("org_brand", "USD")
		po, err := e.svc.RequestPayout(e.ctx, "org_brand", "node-po", "USD", 1_000)
		if err != nil {
			t.Fatal(err)
		}

		_, bank2 := e.node()
		if op, err := bank2.Complete(e.ctx, top.ID, true); err != nil || op.Status != payments.FundingSucceeded {
			t.Fatalf("top-up completed on node 2 = %+v, %v", op, err)
		}
		if op, err := bank2.Complete(e.ctx, wd.ID, true); err != nil || op.Status != payments.FundingSucceeded {
			t.Fatalf("withdrawal completed on node 2 = %+v, %v", op, err)
		}
		if op, err := bank2.Complete(e.ctx, wdFail.ID, false); err != nil || op.Status != payments.FundingFailed {
			t.Fatalf("withdrawal failed on node 2 = %+v, %v", op, err)
		}
		if op, err := bank2.Complete(e.ctx, po.ID, true); err != nil || op.Status != payments.FundingSucceeded {
			t.Fatalf("payout completed on node 2 = %+v, %v", op, err)
		}
		if b := e.brand("org_brand", "USD"); b.Posted != brandBefore.Posted-1_000 || b.Available != b.Posted {
			t.Fatalf("brand after the payout = %+v (before %+v)", b, brandBefore)
		}
		// The first node's bank repeating itself afterwards moves nothing.
		if op, err := e.bank.Complete(e.ctx, wdFail.ID, true); err != nil || op.Status != payments.FundingFailed {
			t.Fatalf("late contradicting result = %+v, %v", op, err)
		}
		if b := e.wallet(u, "USD"); b.Posted != 10_000+2_500-4_000 || b.Available != b.Posted {
			t.Fatalf("wallet after completion on node 2 = %+v", b)
		}
		if _, err := bank2.Complete(e.ctx, "fnd_nosuchop", true); !errors.Is(err, payments.ErrFundingNotFound) {
			t.Fatalf("unknown operation: %v", err)
		}
		e.check()
	})
}

// When the result's handler fails, the bank forgets nothing: the same
// result delivered again completes the operation, once. On main Complete
// dropped the operation before its handler ran, so the retry answered "no
// operation" and the top-up was stranded.
func TestFundingCompleteRetriesAfterHandlerError(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		u := e.user("usr_retry")
		var calls atomic.Int32
		handler := e.bank.Handler
		e.bank.Handler = func(ctx context.Context, res payments.FundingResult) (payments.FundingOp, error) {
			if calls.Add(1) == 1 {
				return payments.FundingOp{}, errors.New("database went away")
			}
			return handler(ctx, res)
		}
		op, err := e.svc.TopUp(e.ctx, u, "retry-top", "USD", 700)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.bank.Complete(e.ctx, op.ID, true); err == nil {
			t.Fatal("the failing handler's error was swallowed")
		}
		if got, _ := e.svc.GetFunding(e.ctx, op.ID); got.Status != payments.FundingPending {
			t.Fatalf("after a failed delivery = %+v", got)
		}
		for i := 0; i < 2; i++ {
			if got, err := e.bank.Complete(e.ctx, op.ID, true); err != nil || got.Status != payments.FundingSucceeded {
				t.Fatalf("delivery %d = %+v, %v", i+2, got, err)
			}
		}
		if b := e.wallet(u, "USD"); b.Posted != 700 {
			t.Fatalf("wallet = %+v", b)
		}
		e.check()
	})
}

// Funding ids are the caller's idempotency ids, scoped to the caller: two
// users (and a brand) use the same id independently, so nobody can squat
// another's ids; the same caller reusing an id for other terms is a clear
// conflict, and for the same terms gets the same operation. On main the
// second user got funding_id_reused.
func TestFundingIDsArePerOwner(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		a, b := e.user("usr_ida"), e.user("usr_idb")
		const id = "shared-id-0001"
		opA, err := e.svc.TopUp(e.ctx, a, id, "USD", 1_000)
		if err != nil {
			t.Fatal(err)
		}
		opB, err := e.svc.TopUp(e.ctx, b, id, "USD", 2_000)
		if err != nil {
			t.Fatalf("another user's id blocks this one: %v", err)
		}
		if opA.ID == opB.ID || opA.ClientID != id || opB.ClientID != id || opB.OwnerID != b {
			t.Fatalf("operations = %+v and %+v", opA, opB)
		}
		// A brand's payout id lives in the brand's own namespace too.
		if _, err := e.svc.RequestPayout(e.ctx, "org_idbrand", id, "USD", 100); !errors.Is(err, ledger.ErrInsufficientFunds) {
			t.Fatalf("brand payout with the same id: %v (want the ledger's insufficient funds, not a reused id)", err)
		}
		// Same caller, same terms: the same operation.
		if again, err := e.svc.TopUp(e.ctx, a, id, "USD", 1_000); err != nil || again.ID != opA.ID {
			t.Fatalf("retry = %+v, %v", again, err)
		}
		// Same caller, other terms (amount, kind): a conflict that says why.
		_, err = e.svc.TopUp(e.ctx, a, id, "USD", 1_001)
		wantCode(t, "same id, other amount", err, payments.ErrFundingIDReused)
		_, err = e.svc.Withdraw(e.ctx, b, id, "USD", 2_000)
		wantCode(t, "same id, other kind", err, payments.ErrFundingIDReused)

		// Each completes on its own, and each owner reads back only their own.
		if _, err := e.bank.Complete(e.ctx, opA.ID, true); err != nil {
			t.Fatal(err)
		}
		if _, err := e.bank.Complete(e.ctx, opB.ID, false); err != nil {
			t.Fatal(err)
		}
		if e.wallet(a, "USD").Posted != 1_000 || e.wallet(b, "USD").Posted != 0 {
			t.Fatalf("wallets %+v %+v", e.wallet(a, "USD"), e.wallet(b, "USD"))
		}
		if got, err := e.svc.OwnFunding(e.ctx, b, id); err != nil || got.ID != opB.ID || got.Status != payments.FundingFailed {
			t.Fatalf("b reads its own by client id = %+v, %v", got, err)
		}
		if _, err := e.svc.OwnFunding(e.ctx, b, opA.ID); !errors.Is(err, payments.ErrFundingNotFound) {
			t.Fatalf("b reads a's operation: %v", err)
		}
		e.check()
	})
}

// A pending operation the bank never answers expires at its deadline by a
// durable job enqueued with it: the withdrawal's reservation is voided in
// the same transaction, a late word from the bank moves nothing, and an
// operation decided before its deadline is left alone (its timer is
// cancelled).
func TestFundingExpiresAndReleasesReservation(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		m := newMoneyEnv(t, db)
		u := m.user("usr_exp")
		m.fund(u, "USD", 5_000)
		wd, err := m.svc.Withdraw(m.ctx, u, "exp-wd", "USD", 3_000)
		if err != nil {
			t.Fatal(err)
		}
		top, err := m.svc.TopUp(m.ctx, u, "exp-top", "USD", 800)
		if err != nil {
			t.Fatal(err)
		}
		done, err := m.svc.Withdraw(m.ctx, u, "exp-done", "USD", 500)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := m.bank.Complete(m.ctx, done.ID, true); err != nil {
			t.Fatal(err)
		}
		if wd.ExpiresAt != wd.CreatedAt+payments.DefaultFundingTimeout.Microseconds() {
			t.Fatalf("deadline = %d, created %d", wd.ExpiresAt, wd.CreatedAt)
		}
		m.balances(u, 4_500, 1_500)
		// Nothing is due before the deadline.
		if n := m.fastForward(payments.DefaultFundingTimeout - time.Hour); n != 0 {
			t.Fatalf("%d jobs ran before the deadline", n)
		}
		m.clock.Add(payments.DefaultFundingTimeout + time.Minute)
		if n := m.fastForward(payments.DefaultFundingTimeout + time.Minute); n != 2 {
			t.Fatalf("%d expiry jobs ran, want 2 (the completed withdrawal's timer was cancelled)", n)
		}
		got, err := m.svc.GetFunding(m.ctx, wd.ID)
		if err != nil || got.Status != payments.FundingExpired || got.ResolvedBy != payments.ResolvedByTimeout {
			t.Fatalf("withdrawal after its deadline = %+v, %v", got, err)
		}
		if got, _ := m.svc.GetFunding(m.ctx, top.ID); got.Status != payments.FundingExpired {
			t.Fatalf("top-up after its deadline = %+v", got)
		}
		if got, _ := m.svc.GetFunding(m.ctx, done.ID); got.Status != payments.FundingSucceeded {
			t.Fatalf("completed withdrawal = %+v", got)
		}
		m.balances(u, 4_500, 4_500)
		// The bank waking up afterwards changes nothing.
		if got, err := m.bank.Complete(m.ctx, wd.ID, true); err != nil || got.Status != payments.FundingExpired {
			t.Fatalf("late success = %+v, %v", got, err)
		}
		if got, err := m.bank.Complete(m.ctx, top.ID, true); err != nil || got.Status != payments.FundingExpired {
			t.Fatalf("late top-up success = %+v, %v", got, err)
		}
		m.balances(u, 4_500, 4_500)
		m.check()
	})
}

// Without a job queue (or for rows older than their jobs) the sweep
// expires what is past its deadline.
func TestFundingExpirySweep(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		u := e.user("usr_sweep")
		e.fund(u, "USD", 1_000)
		wd, err := e.svc.Withdraw(e.ctx, u, "sweep-wd", "USD", 600)
		if err != nil {
			t.Fatal(err)
		}
		if n, err := e.svc.ExpireFunding(e.ctx); err != nil || n != 0 {
			t.Fatalf("sweep before the deadline = %d, %v", n, err)
		}
		e.clock.Add(payments.DefaultFundingTimeout)
		if n, err := e.svc.ExpireFunding(e.ctx); err != nil || n != 1 {
			t.Fatalf("sweep at the deadline = %d, %v", n, err)
		}
		if got, _ := e.svc.GetFunding(e.ctx, wd.ID); got.Status != payments.FundingExpired {
			t.Fatalf("withdrawal = %+v", got)
		}
		if b := e.wallet(u, "USD"); b.Available != 1_000 {
			t.Fatalf("wallet = %+v", b)
		}
		e.check()
	})
}

// An operator fails a stuck operation: the reservation is released at once
// and the bank's later word moves nothing. Failing it again is harmless; an
// operation that already succeeded cannot be failed.
func TestFundingOperatorFails(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		m := newMoneyEnv(t, db)
		u := m.user("usr_ops")
		m.fund(u, "USD", 2_000)
		wd, err := m.svc.Withdraw(m.ctx, u, "ops-wd", "USD", 1_200)
		if err != nil {
			t.Fatal(err)
		}
		m.balances(u, 2_000, 800)
		got, err := m.svc.FailFunding(m.ctx, wd.ID, "usr_admin", "stuck at the bank since Monday")
		if err != nil || got.Status != payments.FundingFailed || got.ResolvedBy != "operator:usr_admin" || got.Failure != "stuck at the bank since Monday" {
			t.Fatalf("failed by operator = %+v, %v", got, err)
		}
		m.balances(u, 2_000, 2_000)
		if again, err := m.svc.FailFunding(m.ctx, wd.ID, "usr_admin", "again"); err != nil || again.Failure != "stuck at the bank since Monday" {
			t.Fatalf("failing twice = %+v, %v", again, err)
		}
		if late, err := m.bank.Complete(m.ctx, wd.ID, true); err != nil || late.Status != payments.FundingFailed {
			t.Fatalf("bank after the operator = %+v, %v", late, err)
		}
		m.balances(u, 2_000, 2_000)
		// Its expiry timer was cancelled with the decision.
		if n := m.fastForward(payments.DefaultFundingTimeout + time.Hour); n != 0 {
			t.Fatalf("%d jobs ran after the operator decided", n)
		}
		top, err := m.svc.TopUp(m.ctx, u, "ops-top", "USD", 300)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := m.bank.Complete(m.ctx, top.ID, true); err != nil {
			t.Fatal(err)
		}
		_, err = m.svc.FailFunding(m.ctx, top.ID, "usr_admin", "")
		wantCode(t, "failing a completed top-up", err, payments.ErrFundingNotPending)
		_, err = m.svc.FailFunding(m.ctx, "fnd_nosuchop", "usr_admin", "")
		wantCode(t, "failing an unknown operation", err, payments.ErrFundingNotFound)
		m.balances(u, 2_300, 2_300)
		m.check()
	})
}

// The process died after committing an operation and before the bank was
// called (no bank reference): ResendStale on another node sends it again,
// and that node's bank completes it.
func TestFundingResendStaleOnAnotherNode(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		u := e.user("usr_resend")
		op, err := e.svc.TopUp(e.ctx, u, "resend-top", "USD", 900)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.ExecContext(e.ctx, `UPDATE payment_funding SET bank_ref = '' WHERE id = $1`, op.ID); err != nil {
			t.Fatal(err)
		}
		svc2, bank2 := e.node()
		if n, err := svc2.ResendStale(e.ctx, 0); err != nil || n != 1 {
			t.Fatalf("resend = %d, %v", n, err)
		}
		if p := bank2.Pending(); len(p) != 1 || p[0].ID != op.ID {
			t.Fatalf("node 2's bank holds %+v", p)
		}
		if got, err := bank2.Complete(e.ctx, op.ID, true); err != nil || got.Status != payments.FundingSucceeded || got.BankRef != "sim_"+op.ID {
			t.Fatalf("completed = %+v, %v", got, err)
		}
		if b := e.wallet(u, "USD"); b.Posted != 900 {
			t.Fatalf("wallet = %+v", b)
		}
		e.check()
	})
}

// The bank (succeeding and failing, repeatedly), an operator and the
// expiry sweep all decide the same withdrawals at once: each ends in exactly
// one state, the wallet matches it, and the ledger check passes.
func TestFundingDecidersRace(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		m := newMoneyEnv(t, db)
		u := m.user("usr_race")
		m.fund(u, "USD", 10_000)
		var ops []payments.FundingOp
		for i := 0; i < 4; i++ {
			op, err := m.svc.Withdraw(m.ctx, u, "race-wd-"+string(rune('a'+i)), "USD", 1_000)
			if err != nil {
				t.Fatal(err)
			}
			ops = append(ops, op)
		}
		m.clock.Add(payments.DefaultFundingTimeout) // every deadline has passed
		var wg sync.WaitGroup
		for _, op := range ops {
			for i := 0; i < 3; i++ {
				wg.Add(4)
				go func() { defer wg.Done(); _, _ = m.bank.Complete(m.ctx, op.ID, true) }()
				go func() { defer wg.Done(); _, _ = m.bank.Complete(m.ctx, op.ID, false) }()
				go func() { defer wg.Done(); _, _ = m.svc.FailFunding(m.ctx, op.ID, "usr_admin", "stuck") }()
				go func() { defer wg.Done(); _, _ = m.svc.ExpireFunding(m.ctx) }()
			}
		}
		wg.Wait()
		posted := int64(10_000)
		for _, op := range ops {
			got, err := m.svc.GetFunding(m.ctx, op.ID)
			if err != nil || got.Status == payments.FundingPending {
				t.Fatalf("%s = %+v, %v", op.ID, got, err)
			}
			if got.Status == payments.FundingSucceeded {
				posted -= 1_000
			}
		}
		m.balances(u, posted, posted)
		m.check()
	})
}
