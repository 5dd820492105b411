package payments_test

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/soukhq/souk/jobs"
	"github.com/soukhq/souk/payments"
	"github.com/soukhq/souk/payments/ledger"
	"github.com/soukhq/souk/store"
	"github.com/soukhq/souk/store/storetest"
)

// moneyEnv is env with the job queue that runs transfer and red-packet
// expiry, and counters of the expiry hooks.
type moneyEnv struct {
	*env
	q                  *jobs.Queue
	transferHook       atomic.Int32
	redPacketHook      atomic.Int32
	lastExpiredPacket  atomic.Value // payments.RedPacket
	lastExpiredXferTxt atomic.Value // payments.PeerTransfer
}

func newMoneyEnv(t *testing.T, db *store.DB) *moneyEnv {
	t.Helper()
	m := &moneyEnv{env: newEnv(t, db), q: jobs.New(db, nil)}
	m.svc.UseJobs(m.q)
	m.svc.SetMoneyHooks(payments.MoneyHooks{
		TransferExpired: func(ctx context.Context, tr payments.PeerTransfer) error {
			m.transferHook.Add(1)
			m.lastExpiredXferTxt.Store(tr)
			return nil
		},
		RedPacketExpired: func(ctx context.Context, p payments.RedPacket) error {
			m.redPacketHook.Add(1)
			m.lastExpiredPacket.Store(p)
			return nil
		},
	})
	return m
}

// fastForward runs every job due by d from now (the queue's clock).
func (m *moneyEnv) fastForward(d time.Duration) int {
	m.t.Helper()
	n, err := m.q.RunDue(m.ctx, time.Now().Add(d))
	if err != nil {
		m.t.Fatal(err)
	}
	return n
}

// balances asserts a wallet's posted and available balance.
func (m *moneyEnv) balances(user string, posted, available int64) {
	m.t.Helper()
	b := m.wallet(user, "USD")
	if b.Posted != posted || b.Available != available {
		m.t.Fatalf("wallet %s: posted %d available %d, want %d and %d", user, b.Posted, b.Available, posted, available)
	}
}

func TestTransferAccept(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		m := newMoneyEnv(t, db)
		alice, bob := m.user("usr_alice"), m.user("usr_bob")
		m.fund(alice, "USD", 10000)
		tr, err := m.svc.SendTransfer(m.ctx, alice, bob, "c1", "USD", 3050, pin, "dinner")
		if err != nil {
			t.Fatal(err)
		}
		if tr.Status != payments.TransferPending || tr.Amount != 3050 {
			t.Fatalf("sent: %+v", tr)
		}
		// Reserved, not yet moved: Alice cannot spend it, Bob does not have it.
		m.balances(alice, 10000, 6950)
		m.balances(bob, 0, 0)
		if b := m.wallet(bob, "USD"); b.PendingCredits != 3050 {
			t.Fatalf("bob pending credits %d", b.PendingCredits)
		}
		// A double tap is the same transfer; another amount under the same id is refused.
		again, err := m.svc.SendTransfer(m.ctx, alice, bob, "c1", "USD", 3050, pin, "dinner")
		if err != nil || again.ID != tr.ID {
			t.Fatalf("retry: %+v %v", again, err)
		}
		_, err = m.svc.SendTransfer(m.ctx, alice, bob, "c1", "USD", 3051, pin, "dinner")
		wantCode(t, "client id reused", err, payments.ErrTransferIDReused)
		m.balances(alice, 10000, 6950)

		got, err := m.svc.AcceptTransfer(m.ctx, tr.ID, bob)
		if err != nil || got.Status != payments.TransferAccepted || got.ResolvedAt == 0 {
			t.Fatalf("accept: %+v %v", got, err)
		}
		m.balances(alice, 6950, 6950)
		m.balances(bob, 3050, 3050)
		// Accepting again changes nothing; declining now is refused.
		if got, err := m.svc.AcceptTransfer(m.ctx, tr.ID, bob); err != nil || got.Status != payments.TransferAccepted {
			t.Fatalf("accept again: %+v %v", got, err)
		}
		_, err = m.svc.DeclineTransfer(m.ctx, tr.ID, bob)
		wantCode(t, "decline after accept", err, payments.ErrTransferNotPending)
		// The expiry timer was cancelled; fast-forwarding moves nothing.
		m.fastForward(25 * time.Hour)
		m.balances(alice, 6950, 6950)
		m.balances(bob, 3050, 3050)
		if m.transferHook.Load() != 0 {
			t.Fatal("expiry hook ran for an accepted transfer")
		}
		if lt, err := m.svc.Ledger().LookupTransfer(m.ctx, "p2p:"+tr.ID); err != nil || lt.Status != ledger.StatusPosted {
			t.Fatalf("ledger pending transfer: %+v %v", lt, err)
		}
		m.check()
	})
}

func TestTransferDecline(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		m := newMoneyEnv(t, db)
		alice, bob := m.user("usr_alice"), m.user("usr_bob")
		m.fund(alice, "USD", 10000)
		tr, err := m.svc.SendTransfer(m.ctx, alice, bob, "c1", "USD", 2500, pin, "")
		if err != nil {
			t.Fatal(err)
		}
		got, err := m.svc.DeclineTransfer(m.ctx, tr.ID, bob)
		if err != nil || got.Status != payments.TransferDeclined {
			t.Fatalf("decline: %+v %v", got, err)
		}
		m.balances(alice, 10000, 10000)
		m.balances(bob, 0, 0)
		_, err = m.svc.AcceptTransfer(m.ctx, tr.ID, bob)
		wantCode(t, "accept after decline", err, payments.ErrTransferNotPending)
		m.fastForward(25 * time.Hour)
		m.balances(alice, 10000, 10000)
		if m.transferHook.Load() != 0 {
			t.Fatal("expiry hook ran for a declined transfer")
		}
		m.check()
	})
}

func TestTransferExpiry(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		m := newMoneyEnv(t, db)
		alice, bob := m.user("usr_alice"), m.user("usr_bob")
		m.fund(alice, "USD", 10000)
		tr, err := m.svc.SendTransfer(m.ctx, alice, bob, "c1", "USD", 4000, pin, "")
		if err != nil {
			t.Fatal(err)
		}
		// Not yet: a day less a minute.
		if n := m.fastForward(24*time.Hour - time.Minute); n != 0 {
			t.Fatalf("%d jobs ran before the deadline", n)
		}
		m.balances(alice, 10000, 6000)
		if n := m.fastForward(24*time.Hour + time.Minute); n != 1 {
			t.Fatalf("%d jobs ran at the deadline, want 1", n)
		}
		m.balances(alice, 10000, 10000)
		m.balances(bob, 0, 0)
		got, err := m.svc.GetTransfer(m.ctx, tr.ID, alice)
		if err != nil || got.Status != payments.TransferExpired {
			t.Fatalf("after expiry: %+v %v", got, err)
		}
		if m.transferHook.Load() != 1 || m.lastExpiredXferTxt.Load().(payments.PeerTransfer).ID != tr.ID {
			t.Fatalf("expiry hook ran %d times", m.transferHook.Load())
		}
		_, err = m.svc.AcceptTransfer(m.ctx, tr.ID, bob)
		wantCode(t, "accept after expiry", err, payments.ErrTransferNotPending)
		if lt, err := m.svc.Ledger().LookupTransfer(m.ctx, "p2p:"+tr.ID); err != nil || lt.Status != ledger.StatusVoided {
			t.Fatalf("ledger pending transfer: %+v %v", lt, err)
		}
		m.check()
	})
}

// A receiver whose clock says the deadline passed cannot accept, even
// before the job has run; the job then returns the money.
func TestTransferAcceptAfterDeadline(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		m := newMoneyEnv(t, db)
		alice, bob := m.user("usr_alice"), m.user("usr_bob")
		m.fund(alice, "USD", 1000)
		tr, err := m.svc.SendTransfer(m.ctx, alice, bob, "c1", "USD", 1000, pin, "")
		if err != nil {
			t.Fatal(err)
		}
		m.clock.Add(24 * time.Hour)
		_, err = m.svc.AcceptTransfer(m.ctx, tr.ID, bob)
		wantCode(t, "accept at the deadline", err, payments.ErrTransferExpired)
		m.balances(bob, 0, 0)
		m.fastForward(25 * time.Hour)
		m.balances(alice, 1000, 1000)
		m.check()
	})
}

func TestTransferRefusals(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		m := newMoneyEnv(t, db)
		alice, bob, eve := m.user("usr_alice"), m.user("usr_bob"), m.user("usr_eve")
		m.fund(alice, "USD", 5000)

		// A wrong PIN moves nothing and records nothing.
		_, err := m.svc.SendTransfer(m.ctx, alice, bob, "c1", "USD", 1000, "000001", "")
		wantCode(t, "wrong PIN", err, payments.ErrWrongPIN)
		m.balances(alice, 5000, 5000)
		if ts, err := m.svc.Transfers(m.ctx, alice, 0); err != nil || len(ts) != 0 {
			t.Fatalf("transfers after a wrong PIN: %v %v", ts, err)
		}
		_, err = m.svc.SendTransfer(m.ctx, alice, bob, "c2", "USD", 5001, pin, "")
		wantLedgerCode(t, "more than the wallet holds", err, ledger.ErrInsufficientFunds)
		_, err = m.svc.SendTransfer(m.ctx, alice, alice, "c3", "USD", 100, pin, "")
		wantCode(t, "to self", err, payments.ErrTransferToSelf)
		_, err = m.svc.SendTransfer(m.ctx, alice, bob, "c4", "USD", 0, pin, "")
		wantCode(t, "zero", err, payments.ErrInvalidAmount)
		_, err = m.svc.SendTransfer(m.ctx, alice, bob, "c5", "XXX", 100, pin, "")
		wantCode(t, "currency", err, payments.ErrUnknownCurrency)
		m.balances(alice, 5000, 5000)

		tr, err := m.svc.SendTransfer(m.ctx, alice, bob, "c6", "USD", 1000, pin, "")
		if err != nil {
			t.Fatal(err)
		}
		// Only the receiver accepts or declines; to a third party it does not exist.
		_, err = m.svc.AcceptTransfer(m.ctx, tr.ID, alice)
		wantCode(t, "sender accepts", err, payments.ErrNotTransferReceiver)
		_, err = m.svc.DeclineTransfer(m.ctx, tr.ID, alice)
		wantCode(t, "sender declines", err, payments.ErrNotTransferReceiver)
		_, err = m.svc.AcceptTransfer(m.ctx, tr.ID, eve)
		wantCode(t, "stranger accepts", err, payments.ErrTransferNotFound)
		_, err = m.svc.GetTransfer(m.ctx, tr.ID, eve)
		wantCode(t, "stranger reads", err, payments.ErrTransferNotFound)
		m.balances(alice, 5000, 4000)
		m.balances(eve, 0, 0)
		m.check()
	})
}

// Accept, decline and expiry racing on one transfer: exactly one decides,
// and the balances are the winner's.
func TestTransferResolveRace(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		m := newMoneyEnv(t, db)
		alice, bob := m.user("usr_alice"), m.user("usr_bob")
		const rounds, amount = 8, 700
		m.fund(alice, "USD", rounds*amount)
		wins := map[string]int{}
		for i := 0; i < rounds; i++ {
			tr, err := m.svc.SendTransfer(m.ctx, alice, bob, "race"+string(rune('a'+i)), "USD", amount, pin, "")
			if err != nil {
				t.Fatal(err)
			}
			if i%2 == 1 {
				// The receiver's clock is at the deadline too: accept is
				// refused, decline and the expiry job compete.
				m.clock.Add(24 * time.Hour)
			}
			var wg sync.WaitGroup
			var acceptErr, declineErr, expireErr error
			start := make(chan struct{})
			wg.Add(3)
			go func() { defer wg.Done(); <-start; _, acceptErr = m.svc.AcceptTransfer(m.ctx, tr.ID, bob) }()
			go func() {
				defer wg.Done()
				<-start
				if i%4 == 3 {
					time.Sleep(20 * time.Millisecond) // let the job get there first now and then
				}
				_, declineErr = m.svc.DeclineTransfer(m.ctx, tr.ID, bob)
			}()
			go func() { defer wg.Done(); <-start; _, expireErr = m.q.RunDue(m.ctx, m.clock.Now().Add(25*time.Hour)) }()
			close(start)
			wg.Wait()
			if expireErr != nil {
				t.Fatal(expireErr)
			}
			got, err := m.svc.GetTransfer(m.ctx, tr.ID, bob)
			if err != nil {
				t.Fatal(err)
			}
			winners := 0
			if acceptErr == nil {
				winners++
			} else if !errors.Is(acceptErr, payments.ErrTransferNotPending) && !errors.Is(acceptErr, payments.ErrTransferExpired) {
				t.Fatalf("accept: %v", acceptErr)
			}
			if declineErr == nil {
				winners++
			} else if !errors.Is(declineErr, payments.ErrTransferNotPending) {
				t.Fatalf("decline: %v", declineErr)
			}
			if got.Status == payments.TransferExpired {
				winners++
			}
			if winners != 1 {
				t.Fatalf("round %d: %d winners (accept %v, decline %v, status %s)", i, winners, acceptErr, declineErr, got.Status)
			}
			wins[got.Status]++
		}
		// Bob has exactly the accepted ones, Alice the rest; nothing is pending.
		accepted := int64(wins[payments.TransferAccepted] * amount)
		m.balances(bob, accepted, accepted)
		m.balances(alice, rounds*amount-accepted, rounds*amount-accepted)
		if int(m.transferHook.Load()) != wins[payments.TransferExpired] {
			t.Fatalf("expiry hook ran %d times for %d expiries", m.transferHook.Load(), wins[payments.TransferExpired])
		}
		t.Logf("winners: %v", wins)
		m.check()
	})
}
