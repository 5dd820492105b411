package ledger_test

import (
	"context"
	"errors"
	"fmt"
	"os"

	"github.com/soukhq/souk/payments/ledger"
	"github.com/soukhq/souk/store"
)

// A wallet that must not go negative, funded from a bank account, paying
// with a two-phase transfer; then the same id again, and an overdraft.
func Example() {
	ctx := context.Background()
	dir, _ := os.MkdirTemp("", "ledger-example")
	defer os.RemoveAll(dir)
	db, _ := store.Open(ctx, store.Options{DataDir: dir})
	defer db.Close()
	if _, err := db.Migrate(ctx); err != nil {
		panic(err)
	}
	l := ledger.New(db, ledger.Options{})
	defer l.Close()

	l.CreateAccount(ctx, ledger.Account{ID: "bank", Kind: "bank", Currency: "USD"})
	l.CreateAccount(ctx, ledger.Account{ID: "alice", Kind: "wallet", Currency: "USD", Flags: ledger.DebitsMustNotExceedCredits})
	l.CreateAccount(ctx, ledger.Account{ID: "shop", Kind: "brand", Currency: "USD", Flags: ledger.DebitsMustNotExceedCredits})

	l.Transfer(ctx, ledger.Transfer{ID: "topup-1", DebitAccountID: "bank", CreditAccountID: "alice", Amount: 5000, Currency: "USD"})
	hold, _ := l.Transfer(ctx, ledger.Transfer{ID: "order-7", DebitAccountID: "alice", CreditAccountID: "shop", Amount: 1200,
		Currency: "USD", Flags: ledger.Pending})
	b, _ := l.Balance(ctx, "alice")
	fmt.Println(hold.Status, b.Posted, b.Available)

	l.Post(ctx, "order-7-post", "order-7", 1000) // post less: 2.00 goes back
	b, _ = l.Balance(ctx, "alice")
	fmt.Println(b.Posted, b.Available)

	again, err := l.Post(ctx, "order-7-post", "order-7", 1000) // a retry: the original result
	fmt.Println(again.Amount, err)
	_, err = l.Post(ctx, "order-7-post", "order-7", 900) // the same id for something else
	fmt.Println(ledger.Code(err))
	_, err = l.Transfer(ctx, ledger.Transfer{ID: "big", DebitAccountID: "alice", CreditAccountID: "shop", Amount: 9999, Currency: "USD"})
	fmt.Println(errors.Is(err, ledger.ErrInsufficientFunds))

	r, _ := l.Check(ctx)
	fmt.Println(r.OK, r.Currencies["USD"].Posted)
	// Output:
	// pending 5000 3800
	// 4000 4000
	// 1000 <nil>
	// transfer_id_reused
	// true
	// true 0
}
