package payments_test

import (
	"sync"
	"testing"
	"time"

	"github.com/soukhq/souk/payments"
	"github.com/soukhq/souk/store"
	"github.com/soukhq/souk/store/storetest"
)

// A static code takes the amount the shopper enters; a dynamic code is paid
// exactly once, even by concurrent payers, and not after it expires. Both
// move the money straight into the brand's balance, less the fee, and leave
// a receipt on both sides.
func TestPaymentCodes(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		const brand = "org_shop"
		if err := e.svc.SetBrandFee(e.ctx, brand, 250); err != nil { // 2.5 %
			t.Fatal(err)
		}
		alice := e.user("usr_alice")
		e.fund(alice, "USD", 10000)

		st, err := e.svc.StaticPayCode(e.ctx, brand, "USD", "usr_staff")
		if err != nil {
			t.Fatal(err)
		}
		if again, _ := e.svc.StaticPayCode(e.ctx, brand, "USD", "usr_staff"); again.ID != st.ID {
			t.Fatalf("a brand has one static code per currency: %s and %s", st.ID, again.ID)
		}
		_, err = e.svc.PayPayCode(e.ctx, payments.PayCodeInput{CodeID: st.ID, ShopperID: alice, ClientID: "c1", PIN: pin})
		wantCode(t, "static code without an amount", err, payments.ErrInvalidAmount)
		_, err = e.svc.PayPayCode(e.ctx, payments.PayCodeInput{CodeID: st.ID, ShopperID: alice, ClientID: "c1", Amount: 1234, PIN: "111111"})
		wantCode(t, "wrong PIN", err, payments.ErrWrongPIN)
		p, err := e.svc.PayPayCode(e.ctx, payments.PayCodeInput{CodeID: st.ID, ShopperID: alice, ClientID: "c1", Amount: 1234, PIN: pin})
		if err != nil {
			t.Fatal(err)
		}
		// 2.5 % of 12.34 is 0.3085: the fee rounds down to 0.30, the brand nets 12.04.
		if p.Fee != 30 || p.Net != 1204 {
			t.Fatalf("fee %d net %d", p.Fee, p.Net)
		}
		if again, err := e.svc.PayPayCode(e.ctx, payments.PayCodeInput{CodeID: st.ID, ShopperID: alice, ClientID: "c1", Amount: 1234, PIN: pin}); err != nil || again.ID != p.ID {
			t.Fatalf("a retried payment returns the first: %v %v", again.ID, err)
		}
		_, err = e.svc.PayPayCode(e.ctx, payments.PayCodeInput{CodeID: st.ID, ShopperID: alice, ClientID: "c1", Amount: 999, PIN: pin})
		wantCode(t, "client id reused", err, payments.ErrPayCodeIDReused)
		if w, b := e.wallet(alice, "USD").Posted, e.brand(brand, "USD").Posted; w != 10000-1234 || b != 1204 {
			t.Fatalf("wallet %d brand %d", w, b)
		}

		// Dynamic: 20 shoppers pay the same 5.00 code at once; one wins.
		dc, err := e.svc.CreatePayCode(e.ctx, payments.NewPayCode{BrandID: brand, Currency: "USD", Amount: 500, Note: "table 4"})
		if err != nil {
			t.Fatal(err)
		}
		var shoppers []string
		for i := range 20 {
			u := e.user("usr_s" + string(rune('a'+i)))
			e.fund(u, "USD", 1000)
			shoppers = append(shoppers, u)
		}
		var wg sync.WaitGroup
		var mu sync.Mutex
		won, used := 0, 0
		for i, u := range shoppers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, err := e.svc.PayPayCode(e.ctx, payments.PayCodeInput{CodeID: dc.ID, ShopperID: u, ClientID: "d", PIN: pin})
				mu.Lock()
				defer mu.Unlock()
				switch payments.Code(err) {
				case "":
					if err != nil {
						t.Errorf("payer %d: %v", i, err)
					}
					won++
				case payments.ErrPayCodeUsed.Code:
					used++
				default:
					t.Errorf("payer %d: %v", i, err)
				}
			}()
		}
		wg.Wait()
		if won != 1 || used != 19 {
			t.Fatalf("won %d, refused %d; want 1 and 19", won, used)
		}
		total := int64(0)
		for _, u := range shoppers {
			total += e.wallet(u, "USD").Posted
		}
		if total != 20*1000-500 {
			t.Fatalf("shoppers hold %d, want %d", total, 20*1000-500)
		}
		if got, _ := e.svc.PayCode(e.ctx, dc.ID); got.Status != payments.PayCodePaid || got.PaymentID == "" {
			t.Fatalf("code %+v", got)
		}
		_, err = e.svc.PayPayCode(e.ctx, payments.PayCodeInput{CodeID: dc.ID, ShopperID: alice, ClientID: "late", PIN: pin, Amount: 600})
		wantCode(t, "another amount", err, payments.ErrInvalidAmount)

		// Expiry and disabling.
		dc2, err := e.svc.CreatePayCode(e.ctx, payments.NewPayCode{BrandID: brand, Currency: "USD", Amount: 100, TTL: time.Minute})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.SetPayCodeStatus(e.ctx, "org_other", dc2.ID, false); payments.Code(err) != payments.ErrPayCodeNotFound.Code {
			t.Fatalf("another brand disables: %v", err)
		}
		if _, err := e.svc.SetPayCodeStatus(e.ctx, brand, dc2.ID, false); err != nil {
			t.Fatal(err)
		}
		_, err = e.svc.PayPayCode(e.ctx, payments.PayCodeInput{CodeID: dc2.ID, ShopperID: alice, ClientID: "x", PIN: pin})
		wantCode(t, "disabled", err, payments.ErrPayCodeDisabled)
		if _, err := e.svc.SetPayCodeStatus(e.ctx, brand, dc2.ID, true); err != nil {
			t.Fatal(err)
		}
		e.clock.Add(2 * time.Minute)
		_, err = e.svc.PayPayCode(e.ctx, payments.PayCodeInput{CodeID: dc2.ID, ShopperID: alice, ClientID: "x", PIN: pin})
		wantCode(t, "expired", err, payments.ErrPayCodeExpired)

		// Receipts on both sides.
		mine, err := e.svc.PayCodePayments(e.ctx, "", alice, 10)
		if err != nil || len(mine) != 1 || mine[0].Amount != 1234 {
			t.Fatalf("shopper receipts %+v %v", mine, err)
		}
		theirs, err := e.svc.PayCodePayments(e.ctx, brand, "", 10)
		if err != nil || len(theirs) != 2 {
			t.Fatalf("brand receipts %+v %v", theirs, err)
		}
		stmt, err := e.svc.WalletStatement(e.ctx, alice, "USD", 0, 10)
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, en := range stmt.Lines {
			found = found || en.Code == "paycode_fee" || en.Code == "paycode"
		}
		if !found {
			t.Fatalf("the wallet history shows no payment-code payment: %+v", stmt.Lines)
		}
		e.check()
	})
}
