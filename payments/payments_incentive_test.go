package payments_test

import (
	"sync"
	"testing"
	"time"

	"github.com/soukhq/souk/payments"
	"github.com/soukhq/souk/payments/ledger"
	"github.com/soukhq/souk/payments/money"
	"github.com/soukhq/souk/store"
	"github.com/soukhq/souk/store/storetest"
)

// A campaign awards a brand points per qualifying payment-code payment —
// not below the minimum, not in another currency, not past the daily cap
// (the last award is what is left of it), not past the brand cap, not even
// under concurrent payments — and the brand redeems them for a fee rebate
// the marketing account pays. Points never leave their programme.
func TestIncentiveCampaign(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		const brand, other = "org_shop", "org_other"
		now := e.clock.Now().UnixMicro()
		_, err := e.svc.CreateCampaign(e.ctx, payments.Campaign{Name: "x", Currency: "PTS:x", PointsPerPayment: 1, PointValue: 1,
			StartsAt: now, EndsAt: now + 1})
		wantCode(t, "points are no currency", err, payments.ErrUnknownCurrency)
		_, err = e.svc.CreateCampaign(e.ctx, payments.Campaign{Name: "x", Currency: "USD", PointsPerPayment: 0, PointValue: 1,
			StartsAt: now, EndsAt: now + 1})
		wantCode(t, "no points per payment", err, payments.ErrInvalidCampaign)
		c, err := e.svc.CreateCampaign(e.ctx, payments.Campaign{Name: "Gifts upon payment", Currency: "USD", MinAmount: 1000,
			PointsPerPayment: 30, PointValue: 5, DailyCap: 100, BrandCap: 150, StartsAt: now - 1, EndsAt: now + int64(72*time.Hour/time.Microsecond),
			CreatedBy: "usr_ops"})
		if err != nil {
			t.Fatal(err)
		}
		alice := e.user("usr_alice")
		e.fund(alice, "USD", 100000)
		e.fund(alice, "EUR", 100000)
		code, _ := e.svc.StaticPayCode(e.ctx, brand, "USD", "usr_staff")
		eur, _ := e.svc.StaticPayCode(e.ctx, brand, "EUR", "usr_staff")
		n := 0
		pay := func(code string, amount money.Amount) {
			t.Helper()
			n++
			if _, err := e.svc.PayPayCode(e.ctx, payments.PayCodeInput{CodeID: code, ShopperID: alice, ClientID: "c" + string(rune('a'+n)),
				Amount: amount, PIN: pin}); err != nil {
				t.Fatal(err)
			}
		}
		points := func(b string) int64 {
			t.Helper()
			got, err := e.svc.PointsBalance(e.ctx, db, payments.CampaignProgramme(c.ID), b)
			if err != nil {
				t.Fatal(err)
			}
			return got
		}
		pay(code.ID, 999) // below the minimum
		pay(eur.ID, 5000) // another currency
		if got := points(brand); got != 0 {
			t.Fatalf("unqualified payments awarded %d", got)
		}
		for range 4 { // 30 + 30 + 30 + 10: the daily cap of 100
			pay(code.ID, 1000)
		}
		if got := points(brand); got != 100 {
			t.Fatalf("day one: %d points, want the daily cap 100", got)
		}
		e.check()
		e.clock.Add(24 * time.Hour)
		// Day two: 8 concurrent payments, but only 50 left under the brand cap.
		var wg sync.WaitGroup
		for i := range 8 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if _, err := e.svc.PayPayCode(e.ctx, payments.PayCodeInput{CodeID: code.ID, ShopperID: alice, ClientID: "k" + string(rune('a'+i)),
					Amount: 2000, PIN: pin}); err != nil {
					t.Error(err)
				}
			}()
		}
		wg.Wait()
		if got := points(brand); got != 150 {
			t.Fatalf("after day two: %d points, want the brand cap 150", got)
		}
		if got := points(other); got != 0 {
			t.Fatalf("another brand got %d", got)
		}
		e.check()

		// Redeem: 151 is more than the brand has; 120 pays 6.00.
		before := e.brand(brand, "USD").Posted
		_, err = e.svc.RedeemRebate(e.ctx, brand, c.ID, 151, "usr_staff")
		wantLedgerCode(t, "more points than held", err, ledger.ErrInsufficientFunds)
		r, err := e.svc.RedeemRebate(e.ctx, brand, c.ID, 120, "usr_staff")
		if err != nil {
			t.Fatal(err)
		}
		if r.Amount != 600 || e.brand(brand, "USD").Posted-before != 600 || points(brand) != 30 {
			t.Fatalf("rebate %d, brand +%d, points left %d", r.Amount, e.brand(brand, "USD").Posted-before, points(brand))
		}
		if got := e.account(payments.MarketingAccount("USD")).Posted; got != -600 {
			t.Fatalf("marketing paid %d", got)
		}
		held, err := e.svc.BrandIncentivePoints(e.ctx, brand)
		if err != nil || len(held) != 1 || held[0].Points != 30 || held[0].Value != 150 {
			t.Fatalf("brand's points: %+v %v", held, err)
		}
		// A point cannot move into money or another programme.
		_, err = e.svc.Ledger().Transfer(e.ctx, ledger.Transfer{ID: "leak", DebitAccountID: payments.PointsAccount(payments.CampaignProgramme(c.ID), brand),
			CreditAccountID: payments.BrandAccount(brand, "USD"), Amount: 1, Currency: "USD"})
		wantLedgerCode(t, "points into money", err, ledger.ErrCurrencyMismatch)
		e.check()
	})
}
