package payments_test

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"

	"github.com/soukhq/souk/payments"
	"github.com/soukhq/souk/payments/ledger"
	"github.com/soukhq/souk/payments/money"
	"github.com/soukhq/souk/store"
	"github.com/soukhq/souk/store/storetest"
)

// Shoppers pay, get refunds, cancel and settle concurrently, and every
// operation is sent twice at once (a double tap, a retried request). In the
// end each wallet, escrow and the brand hold exactly what the recorded
// payments and refunds say, and the ledger check passes.
func TestConcurrentPayments(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		const shoppers, orders = 4, 6
		const funded = money.Amount(1_000_000)
		var users []string
		for i := 0; i < shoppers; i++ {
			u := e.user(fmt.Sprintf("usr_c%d", i))
			e.fund(u, "USD", funded)
			users = append(users, u)
		}
		twice := func(f func() error) {
			var wg sync.WaitGroup
			errs := make([]error, 2)
			for k := 0; k < 2; k++ {
				wg.Add(1)
				go func() { defer wg.Done(); errs[k] = f() }()
			}
			wg.Wait()
			for _, err := range errs {
				if err != nil {
					t.Errorf("%v", err)
				}
			}
		}
		var wg sync.WaitGroup
		for i, u := range users {
			wg.Add(1)
			go func() {
				defer wg.Done()
				rng := rand.New(rand.NewPCG(uint64(i), 7))
				for o := 0; o < orders && !t.Failed(); o++ {
					amount := money.Amount(100 + rng.IntN(20000))
					r, err := e.svc.CreateRequest(e.ctx, payments.NewRequest{OrderID: fmt.Sprintf("ord_%d_%d", i, o), ShopperID: u,
						BrandID: "org_brand", DeveloperID: "org_dev", DeveloperShareBps: 700, Currency: "USD", Amount: amount})
					if err != nil {
						t.Error(err)
						return
					}
					twice(func() error { _, err := e.svc.Confirm(e.ctx, r.ID, u, pin, nil); return err })
					switch rng.IntN(4) {
					case 0: // partial refund before settlement, then settle
						part := amount / 3
						twice(func() error { _, err := e.svc.Refund(e.ctx, r.ID, "rf_"+r.ID, part, ""); return err })
						twice(func() error { _, err := e.svc.Settle(e.ctx, r.ID); return err })
					case 1: // settle, then a refund from the brand (may be pending_funds)
						twice(func() error { _, err := e.svc.Settle(e.ctx, r.ID); return err })
						twice(func() error { _, err := e.svc.Refund(e.ctx, r.ID, "rf_"+r.ID, amount/2, ""); return err })
					case 2: // declining after payment is refused; a full refund
						twice(func() error {
							if _, err := e.svc.Cancel(e.ctx, r.ID, u); payments.Code(err) != payments.ErrRequestState.Code {
								return fmt.Errorf("cancel of a paid request: %v", err)
							}
							return nil
						})
						twice(func() error { _, err := e.svc.Refund(e.ctx, r.ID, "rf_"+r.ID, amount, ""); return err })
					default: // just settle
						twice(func() error { _, err := e.svc.Settle(e.ctx, r.ID); return err })
					}
				}
			}()
		}
		wg.Wait()
		if t.Failed() {
			return
		}
		// Recompute every balance from the payment records.
		wallets := map[string]money.Amount{}
		var escrow, brand, fees, dev money.Amount
		rows, err := db.QueryContext(e.ctx, `SELECT id, shopper_id, amount, refunded, status, fee, developer_amount, brand_amount FROM payment_requests`)
		if err != nil {
			t.Fatal(err)
		}
		type req struct {
			id, shopper, status                 string
			amount, refunded, fee, dv, brandAmt money.Amount
		}
		var reqs []req
		for rows.Next() {
			var r req
			if err := rows.Scan(&r.id, &r.shopper, &r.amount, &r.refunded, &r.status, &r.fee, &r.dv, &r.brandAmt); err != nil {
				t.Fatal(err)
			}
			reqs = append(reqs, r)
		}
		rows.Close()
		if len(reqs) != shoppers*orders {
			t.Fatalf("%d requests", len(reqs))
		}
		for _, r := range reqs {
			wallets[r.shopper] -= r.amount
			refunds, err := e.svc.Refunds(e.ctx, r.id)
			if err != nil {
				t.Fatal(err)
			}
			if len(refunds) > 1 {
				t.Fatalf("request %s refunded %d times", r.id, len(refunds))
			}
			for _, f := range refunds {
				if f.Status == payments.RefundSucceeded {
					wallets[r.shopper] += f.Amount
					if f.Source == "brand" {
						brand -= f.Amount
					}
				}
			}
			switch r.status {
			case payments.StatusPaid:
				escrow += r.amount - r.refunded
			case payments.StatusSettled, payments.StatusRefunded:
				if r.fee+r.dv+r.brandAmt > 0 && r.fee+r.dv+r.brandAmt+refundedBefore(refunds) != r.amount {
					t.Fatalf("request %s split %d+%d+%d of %d", r.id, r.fee, r.dv, r.brandAmt, r.amount)
				}
				brand += r.brandAmt
				fees += r.fee
				dev += r.dv
			default:
				t.Fatalf("request %s ended %s", r.id, r.status)
			}
		}
		for _, u := range users {
			if b := e.wallet(u, "USD"); money.Amount(b.Posted) != funded+wallets[u] {
				t.Errorf("wallet %s = %d, records say %d", u, b.Posted, funded+wallets[u])
			}
		}
		for _, c := range []struct {
			id   string
			want money.Amount
		}{{payments.EscrowAccount("USD"), escrow}, {payments.BrandAccount("org_brand", "USD"), brand},
			{payments.FeesAccount("USD"), fees}, {payments.DeveloperAccount("org_dev", "USD"), dev}} {
			if b := e.account(c.id); money.Amount(b.Posted) != c.want {
				t.Errorf("%s = %d, records say %d", c.id, b.Posted, c.want)
			}
		}
		// Every payment transfer exists once.
		for _, r := range reqs {
			if _, err := e.svc.Ledger().LookupTransfer(e.ctx, "pay:"+r.id); err != nil {
				t.Errorf("payment of %s: %v", r.id, err)
			}
		}
		if _, err := e.svc.Ledger().LookupTransfer(e.ctx, "pay:nope"); !errors.Is(err, ledger.ErrTransferNotFound) {
			t.Fatal(err)
		}
		e.check()
	})
}

func refundedBefore(refunds []payments.Refund) money.Amount {
	var n money.Amount
	for _, f := range refunds {
		if f.Source == "escrow" {
			n += f.Amount
		}
	}
	return n
}
