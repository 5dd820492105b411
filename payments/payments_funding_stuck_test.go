package payments_test

import (
	"testing"
	"time"

	"github.com/soukhq/souk/payments"
	"github.com/soukhq/souk/store"
	"github.com/soukhq/souk/store/storetest"
)

// Operators list operations still pending past a threshold and send one to
// the bank again: nothing moves in the ledger until the bank answers, the
// bank's answer still settles it, and decided operations are not retried.
func TestStuckFundingAndRetry(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		m := newMoneyEnv(t, db)
		u := m.user("usr_stuck")
		m.fund(u, "USD", 2_000)
		wd, err := m.svc.Withdraw(m.ctx, u, "stuck-wd", "USD", 500)
		if err != nil {
			t.Fatal(err)
		}
		if list, err := m.svc.StuckFunding(m.ctx, time.Hour, 0); err != nil || len(list) != 0 {
			t.Fatalf("stuck past an hour right after it started: %+v %v", list, err)
		}
		list, err := m.svc.StuckFunding(m.ctx, 0, 0)
		if err != nil || len(list) != 1 || list[0].ID != wd.ID {
			t.Fatalf("stuck past 0: %+v %v", list, err)
		}
		got, err := m.svc.RetryFunding(m.ctx, wd.ID)
		if err != nil || got.Status != payments.FundingPending || got.BankRef != wd.BankRef {
			t.Fatalf("retry = %+v, %v", got, err)
		}
		m.balances(u, 2_000, 1_500)
		if done, err := m.bank.Complete(m.ctx, wd.ID, true); err != nil || done.Status != payments.FundingSucceeded {
			t.Fatalf("bank after a retry = %+v, %v", done, err)
		}
		m.balances(u, 1_500, 1_500)
		if list, _ := m.svc.StuckFunding(m.ctx, 0, 0); len(list) != 0 {
			t.Fatalf("a settled operation is listed: %+v", list)
		}
		_, err = m.svc.RetryFunding(m.ctx, wd.ID)
		wantCode(t, "retrying a settled withdrawal", err, payments.ErrFundingNotPending)
		_, err = m.svc.RetryFunding(m.ctx, "fnd_nosuchop")
		wantCode(t, "retrying an unknown operation", err, payments.ErrFundingNotFound)
		m.check()
	})
}
