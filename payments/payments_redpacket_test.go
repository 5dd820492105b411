package payments_test

import (
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/soukhq/souk/payments"
	"github.com/soukhq/souk/payments/ledger"
	"github.com/soukhq/souk/payments/money"
	"github.com/soukhq/souk/store"
	"github.com/soukhq/souk/store/storetest"
)

func (m *moneyEnv) holding(p payments.RedPacket) ledger.Balance {
	m.t.Helper()
	return m.account(payments.RedPacketAccount(p.ID, p.Currency))
}

// 100 members grab a 10-share packet at once: exactly 10 get a share, the
// shares sum to the total, each is at least one minor unit, the holding
// account ends at zero and the ledger checks.
func TestRedPacketConcurrentClaims(t *testing.T) {
	for _, mode := range []string{payments.RedPacketRandom, payments.RedPacketEqual} {
		t.Run(mode, func(t *testing.T) {
			storetest.Run(t, func(t *testing.T, db *store.DB) {
				m := newMoneyEnv(t, db)
				alice := m.user("usr_alice")
				m.fund(alice, "USD", 5000)
				const total, shares, claimers = money.Amount(1003), 10, 100
				p, err := m.svc.SendRedPacket(m.ctx, alice, "rp1", "USD", total, shares, mode, pin, "恭喜发财")
				if err != nil {
					t.Fatal(err)
				}
				m.balances(alice, 5000-int64(total), 5000-int64(total))
				if b := m.holding(p); b.Posted != int64(total) {
					t.Fatalf("holding %+v", b)
				}
				var wg sync.WaitGroup
				var mu sync.Mutex
				won := map[string]money.Amount{}
				empty := 0
				start := make(chan struct{})
				for i := 0; i < claimers; i++ {
					wg.Add(1)
					go func(u string) {
						defer wg.Done()
						<-start
						c, _, err := m.svc.ClaimRedPacket(m.ctx, p.ID, u)
						mu.Lock()
						defer mu.Unlock()
						switch {
						case err == nil:
							won[u] = c.Amount
						case errors.Is(err, payments.ErrRedPacketEmpty):
							empty++
						default:
							t.Errorf("claim by %s: %v", u, err)
						}
					}(fmt.Sprintf("usr_m%03d", i))
				}
				close(start)
				wg.Wait()
				if len(won) != shares || empty != claimers-shares {
					t.Fatalf("%d winners and %d refused, want %d and %d", len(won), empty, shares, claimers-shares)
				}
				var sum money.Amount
				for u, a := range won {
					if a < 1 {
						t.Fatalf("%s got %d", u, a)
					}
					if b := m.wallet(u, "USD"); b.Posted != int64(a) {
						t.Fatalf("%s: wallet %d, claim %d", u, b.Posted, a)
					}
					sum += a
				}
				if sum != total {
					t.Fatalf("shares sum to %d, want %d", sum, total)
				}
				got, err := m.svc.GetRedPacket(m.ctx, p.ID)
				if err != nil {
					t.Fatal(err)
				}
				if got.Status != payments.RedPacketFinished || got.ClaimedCount != shares || got.ClaimedAmount != total || len(got.Claims) != shares {
					t.Fatalf("packet after the claims: %+v", got)
				}
				if mode == payments.RedPacketEqual {
					// 10.03 in 10: the first three claimers get 1.01, the rest 1.00.
					for i, c := range got.Claims {
						want := money.Amount(100)
						if i < 3 {
							want = 101
						}
						if c.Amount != want || won[c.ClaimerID] != want {
							t.Fatalf("claim %d: %+v, want %d", i, c, want)
						}
					}
				} else {
					lucky := 0
					for _, c := range got.Claims {
						if c.Luckiest {
							lucky++
						}
					}
					if lucky != 1 {
						t.Fatalf("%d luckiest claims", lucky)
					}
				}
				if b := m.holding(p); b.Posted != 0 {
					t.Fatalf("holding after the claims: %+v", b)
				}
				// The expiry finds nothing to return.
				m.fastForward(25 * time.Hour)
				m.balances(alice, 5000-int64(total), 5000-int64(total))
				if m.redPacketHook.Load() != 0 {
					t.Fatal("expiry hook ran for a finished packet")
				}
				m.check()
			})
		})
	}
}

func TestRedPacketClaimOnceAndExpiry(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		m := newMoneyEnv(t, db)
		alice := m.user("usr_alice")
		m.fund(alice, "USD", 2000)
		p, err := m.svc.SendRedPacket(m.ctx, alice, "rp1", "USD", 1000, 5, payments.RedPacketRandom, pin, "")
		if err != nil {
			t.Fatal(err)
		}
		// A double tap is the same packet: the money moved once.
		if again, err := m.svc.SendRedPacket(m.ctx, alice, "rp1", "USD", 1000, 5, payments.RedPacketRandom, pin, ""); err != nil || again.ID != p.ID {
			t.Fatalf("retry: %+v %v", again, err)
		}
		_, err = m.svc.SendRedPacket(m.ctx, alice, "rp1", "USD", 1000, 4, payments.RedPacketRandom, pin, "")
		wantCode(t, "client id reused", err, payments.ErrRedPacketIDReused)
		m.balances(alice, 1000, 1000)

		c1, _, err := m.svc.ClaimRedPacket(m.ctx, p.ID, "usr_bob")
		if err != nil {
			t.Fatal(err)
		}
		_, _, err = m.svc.ClaimRedPacket(m.ctx, p.ID, "usr_bob")
		wantCode(t, "second claim", err, payments.ErrRedPacketClaimed)
		c2, _, err := m.svc.ClaimRedPacket(m.ctx, p.ID, alice) // the sender may claim too, as in WeChat
		if err != nil {
			t.Fatal(err)
		}
		claimed := c1.Amount + c2.Amount
		if n := m.fastForward(24*time.Hour - time.Minute); n != 0 {
			t.Fatalf("%d jobs before the deadline", n)
		}
		if n := m.fastForward(24*time.Hour + time.Minute); n != 1 {
			t.Fatalf("%d jobs at the deadline, want 1", n)
		}
		got, err := m.svc.GetRedPacket(m.ctx, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Status != payments.RedPacketExpired || got.Refunded != 1000-claimed || got.ClaimedAmount != claimed || len(got.Claims) != 2 {
			t.Fatalf("after expiry: %+v", got)
		}
		// Alice: 2000 - 1000 sent + her share + the unclaimed rest.
		want := int64(2000 - 1000 + c2.Amount + (1000 - claimed))
		m.balances(alice, want, want)
		m.balances("usr_bob", int64(c1.Amount), int64(c1.Amount))
		if b := m.holding(p); b.Posted != 0 {
			t.Fatalf("holding after expiry: %+v", b)
		}
		if m.redPacketHook.Load() != 1 || m.lastExpiredPacket.Load().(payments.RedPacket).Refunded != 1000-claimed {
			t.Fatalf("expiry hook ran %d times", m.redPacketHook.Load())
		}
		_, _, err = m.svc.ClaimRedPacket(m.ctx, p.ID, "usr_carol")
		wantCode(t, "claim after expiry", err, payments.ErrRedPacketExpired)
		// The job ran once; running the queue again refunds nothing more.
		m.fastForward(48 * time.Hour)
		m.balances(alice, want, want)
		m.check()
	})
}

func TestRedPacketRefusals(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		m := newMoneyEnv(t, db)
		alice := m.user("usr_alice")
		m.fund(alice, "USD", 1000)
		_, err := m.svc.SendRedPacket(m.ctx, alice, "a", "USD", 500, 5, payments.RedPacketEqual, "000001", "")
		wantCode(t, "wrong PIN", err, payments.ErrWrongPIN)
		_, err = m.svc.SendRedPacket(m.ctx, alice, "b", "USD", 4, 5, payments.RedPacketRandom, pin, "")
		wantCode(t, "fewer units than shares", err, payments.ErrInvalidRedPacket)
		_, err = m.svc.SendRedPacket(m.ctx, alice, "c", "USD", 500, 0, payments.RedPacketEqual, pin, "")
		wantCode(t, "no shares", err, payments.ErrInvalidRedPacket)
		_, err = m.svc.SendRedPacket(m.ctx, alice, "d", "USD", 50000, payments.MaxRedPacketShares+1, payments.RedPacketEqual, pin, "")
		wantCode(t, "too many shares", err, payments.ErrInvalidRedPacket)
		_, err = m.svc.SendRedPacket(m.ctx, alice, "e", "USD", 500, 5, "lucky", pin, "")
		wantCode(t, "mode", err, payments.ErrInvalidRedPacket)
		_, err = m.svc.SendRedPacket(m.ctx, alice, "f", "USD", 1001, 5, payments.RedPacketEqual, pin, "")
		wantLedgerCode(t, "more than the wallet", err, ledger.ErrInsufficientFunds)
		m.balances(alice, 1000, 1000)
		_, _, err = m.svc.ClaimRedPacket(m.ctx, "rp_nope", "usr_bob")
		wantCode(t, "unknown packet", err, payments.ErrRedPacketNotFound)
		// A one-share packet of the whole wallet: one claim empties it.
		p, err := m.svc.SendRedPacket(m.ctx, alice, "g", "USD", 1000, 1, payments.RedPacketRandom, pin, "")
		if err != nil {
			t.Fatal(err)
		}
		if c, _, err := m.svc.ClaimRedPacket(m.ctx, p.ID, "usr_bob"); err != nil || c.Amount != 1000 {
			t.Fatalf("claim: %+v %v", c, err)
		}
		_, _, err = m.svc.ClaimRedPacket(m.ctx, p.ID, "usr_carol")
		wantCode(t, "empty", err, payments.ErrRedPacketEmpty)
		m.check()
	})
}
