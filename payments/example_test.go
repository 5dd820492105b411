package payments_test

import (
	"context"
	"fmt"
	"os"

	"github.com/soukhq/souk/payments"
	"github.com/soukhq/souk/payments/ledger"
	"github.com/soukhq/souk/payments/money"
	"github.com/soukhq/souk/store"
)

// The core flow: a shopper tops up, the host asks for payment of an order,
// the shopper confirms with the PIN (money goes to escrow, the order hook
// runs in the same transaction), and completion settles it three ways.
func Example() {
	ctx := context.Background()
	dir, _ := os.MkdirTemp("", "payments-example")
	defer os.RemoveAll(dir)
	db, _ := store.Open(ctx, store.Options{DataDir: dir})
	defer db.Close()
	if _, err := db.Migrate(ctx); err != nil {
		panic(err)
	}
	l := ledger.New(db, ledger.Options{})
	defer l.Close()
	bank := payments.NewSimBank()
	svc := payments.New(db, l, payments.Options{Funding: bank}) // platform fee: 500 bps by default
	bank.Handler = svc.HandleFundingResult

	db.ExecContext(ctx, `INSERT INTO users (id, email, password_hash, created_at) VALUES ('usr_1', 'a@example.com', 'x', 0)`)
	if err := svc.SetPIN(ctx, "usr_1", "480213"); err != nil {
		panic(err)
	}
	usd := money.MustLookup("USD")
	amount, _ := money.ParsePositive(usd, "50.00")
	top, _ := svc.TopUp(ctx, "usr_1", "topup-1", "USD", amount)
	bank.Complete(ctx, top.ID, true) // the bank's callback, with the operation's id

	price, _ := money.ParsePositive(usd, "19.99")
	req, _ := svc.CreateRequest(ctx, payments.NewRequest{OrderID: "ord_1", ShopperID: "usr_1", BrandID: "org_b",
		DeveloperID: "org_d", DeveloperShareBps: 1000, Currency: "USD", Amount: price})
	paid, err := svc.Confirm(ctx, req.ID, "usr_1", "480213", func(tx *store.Tx, r payments.Request) error {
		return nil // the marketplace marks the order paid here, in the same transaction
	})
	fmt.Println(paid.Status, err)

	s, _ := svc.Settle(ctx, req.ID)
	fmt.Println("fee", money.Format(usd, s.Fee), "developer", money.Format(usd, s.DeveloperAmount), "brand", money.Format(usd, s.BrandAmount))
	w, _ := svc.WalletBalance(ctx, "usr_1", "USD")
	fmt.Println("wallet", money.Format(usd, money.Amount(w.Posted)))
	// Output:
	// paid <nil>
	// fee 0.99 developer 1.99 brand 17.01
	// wallet 30.01
}
