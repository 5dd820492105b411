package payments_test

import (
	"testing"

	"github.com/soukhq/souk/payments"
	"github.com/soukhq/souk/payments/money"
	"github.com/soukhq/souk/store"
	"github.com/soukhq/souk/store/storetest"
)

// A brand's escrow is its paid, unsettled requests less refunds, per
// currency; it equals the escrow account's balance when the brand is the
// only one; settling moves a request from escrow to the settlements list
// with the same split the ledger made. Both backends.
func TestBrandEscrowAndSettlements(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		shopper := e.user("usr_s")
		e.fund(shopper, "USD", 100000)
		a := e.confirm(e.request("ord_a", shopper, 10000))
		b := e.confirm(e.request("ord_b", shopper, 2500))
		e.request("ord_c", shopper, 700) // unpaid: not in escrow
		if _, err := e.svc.Refund(e.ctx, b.ID, "rf_b", 500, "dent"); err != nil {
			t.Fatal(err)
		}
		esc, err := e.svc.BrandEscrow(e.ctx, "org_brand")
		if err != nil || esc["USD"] != 12000 || len(esc) != 1 {
			t.Fatalf("escrow %v, %v", esc, err)
		}
		if acct := e.account(payments.EscrowAccount("USD")); acct.Posted != 12000 {
			t.Fatalf("escrow account %+v, brand escrow 12000", acct)
		}
		if _, err := e.svc.Settle(e.ctx, a.ID); err != nil {
			t.Fatal(err)
		}
		esc, _ = e.svc.BrandEscrow(e.ctx, "org_brand")
		if esc["USD"] != 2000 {
			t.Fatalf("escrow after settling a: %v", esc)
		}
		ss, err := e.svc.BrandSettlements(e.ctx, "org_brand", "USD", 0, 10)
		if err != nil || len(ss) != 1 {
			t.Fatalf("settlements %+v, %v", ss, err)
		}
		s := ss[0]
		if s.OrderID != "ord_a" || s.Amount != 10000 || s.Fee+s.DeveloperAmount+s.BrandAmount != 10000 || s.Fee != 500 || s.DeveloperAmount != 1000 {
			t.Fatalf("split %+v", s)
		}
		if bal := e.brand("org_brand", "USD"); money.Amount(bal.Posted) != s.BrandAmount {
			t.Fatalf("brand balance %+v, settlement net %d", bal, s.BrandAmount)
		}
		if ss, _ := e.svc.BrandSettlements(e.ctx, "org_other", "USD", 0, 10); len(ss) != 0 {
			t.Fatalf("another brand's settlements: %+v", ss)
		}
		if ss, _ := e.svc.BrandSettlements(e.ctx, "org_brand", "USD", s.SettledAt, 10); len(ss) != 0 {
			t.Fatalf("the page before the first settlement: %+v", ss)
		}
		e.check()
	})
}
