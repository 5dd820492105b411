package ledger_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/soukhq/souk/payments/ledger"
	"github.com/soukhq/souk/store"
	"github.com/soukhq/souk/store/storetest"
)

// A credit line is a DebitsMustNotExceedCredits account allowed below zero
// down to its credit limit. Parallel debits (through the batcher and
// through callers' transactions, while the limit changes) never take it
// past the limit in force; SetCreditLimitTx never sets a limit below what
// is already used, so Check holds. Both backends.
func TestCreditLimitUnderConcurrency(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		l := newLedger(t, db, ledger.Options{})
		if _, err := l.CreateAccount(ctx, ledger.Account{ID: "line", Kind: "credit", Currency: "USD", Flags: dmnec, CreditLimit: 100}); err != nil {
			t.Fatal(err)
		}
		mustAccount(t, l, "out", "USD", 0)
		setLimit := func(limit int64) ledger.Account {
			t.Helper()
			a, err := store.InTxValue(ctx, db, func(tx *store.Tx) (ledger.Account, error) { return l.SetCreditLimitTx(ctx, tx, "line", limit) })
			if err != nil {
				t.Fatal(err)
			}
			return a
		}
		var ok atomic.Int32
		var wg sync.WaitGroup
		for i := range 24 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				tr := ledger.Transfer{ID: fmt.Sprintf("d%d", i), DebitAccountID: "line", CreditAccountID: "out", Amount: 10, Currency: "USD"}
				var err error
				if i%2 == 0 {
					_, err = l.Transfer(ctx, tr)
				} else {
					err = db.InTx(ctx, func(tx *store.Tx) error { _, err := l.TransferTx(ctx, tx, tr); return err })
				}
				switch {
				case err == nil:
					ok.Add(1)
				case !errors.Is(err, ledger.ErrInsufficientFunds):
					t.Error(err)
				}
			}()
		}
		wg.Wait()
		if ok.Load() != 10 || balance(t, l, "line").Posted != -100 {
			t.Fatalf("%d debits of 10 against a limit of 100; balance %+v", ok.Load(), balance(t, l, "line"))
		}
		if a := setLimit(30); a.CreditLimit != 100 {
			t.Fatalf("a limit below the 100 used became %d", a.CreditLimit)
		}
		mustCheck(t, l)
		if _, err := l.Transfer(ctx, ledger.Transfer{ID: "over", DebitAccountID: "line", CreditAccountID: "out", Amount: 1, Currency: "USD"}); !errors.Is(err, ledger.ErrInsufficientFunds) {
			t.Fatalf("a debit beyond the used-up limit: %v", err)
		}
		if a := setLimit(150); a.CreditLimit != 150 {
			t.Fatalf("raised limit %d", a.CreditLimit)
		}
		mustTransfer(t, l, ledger.Transfer{ID: "more", DebitAccountID: "line", CreditAccountID: "out", Amount: 50, Currency: "USD"})
		if _, err := store.InTxValue(ctx, db, func(tx *store.Tx) (ledger.Account, error) { return l.SetCreditLimitTx(ctx, tx, "nope", 1) }); !errors.Is(err, ledger.ErrAccountNotFound) {
			t.Fatalf("unknown account: %v", err)
		}
		mustCheck(t, l)
	})
}
