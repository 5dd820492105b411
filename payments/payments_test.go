package payments_test

import (
	"context"
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

// clock is a test clock the service reads.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

type env struct {
	t     *testing.T
	ctx   context.Context
	db    *store.DB
	svc   *payments.Service
	bank  *payments.SimBank
	clock *clock
}

const pin = "258079"

func newEnv(t *testing.T, db *store.DB) *env {
	t.Helper()
	l := ledger.New(db, ledger.Options{})
	t.Cleanup(l.Close)
	bank := payments.NewSimBank()
	c := &clock{t: time.Now()}
	svc := payments.New(db, l, payments.Options{Funding: bank, Now: c.Now})
	bank.Handler = svc.HandleFundingResult
	return &env{t: t, ctx: context.Background(), db: db, svc: svc, bank: bank, clock: c}
}

// user creates a user row (payment_pins references users) with a PIN.
func (e *env) user(id string) string {
	e.t.Helper()
	if _, err := e.db.ExecContext(e.ctx, `INSERT INTO users (id, email, password_hash, created_at) VALUES ($1, $2, 'x', 0)`, id, id+"@example.com"); err != nil {
		e.t.Fatal(err)
	}
	if err := e.svc.SetPIN(e.ctx, id, pin); err != nil {
		e.t.Fatal(err)
	}
	return id
}

// fund tops up a wallet and has the bank confirm it.
func (e *env) fund(user, cur string, amount money.Amount) {
	e.t.Helper()
	op, err := e.svc.TopUp(e.ctx, user, store.NewID("top"), cur, amount)
	if err != nil {
		e.t.Fatal(err)
	}
	if _, err := e.bank.Complete(e.ctx, op.ID, true); err != nil {
		e.t.Fatal(err)
	}
}

func (e *env) wallet(user, cur string) ledger.Balance {
	e.t.Helper()
	b, err := e.svc.WalletBalance(e.ctx, user, cur)
	if err != nil {
		e.t.Fatal(err)
	}
	return b
}

func (e *env) brand(id, cur string) ledger.Balance {
	e.t.Helper()
	b, err := e.svc.BrandBalance(e.ctx, id, cur)
	if err != nil {
		e.t.Fatal(err)
	}
	return b
}

func (e *env) account(id string) ledger.Balance {
	e.t.Helper()
	b, err := e.svc.Ledger().Balance(e.ctx, id)
	if errors.Is(err, ledger.ErrAccountNotFound) {
		return ledger.Balance{AccountID: id}
	}
	if err != nil {
		e.t.Fatal(err)
	}
	return b
}

// check runs the ledger check and the payment request reconciliation.
func (e *env) check() {
	e.t.Helper()
	r, err := e.svc.LedgerCheck(e.ctx)
	if err != nil {
		e.t.Fatal(err)
	}
	if !r.OK {
		e.t.Fatalf("ledger check: %v", r.Problems)
	}
	rec, err := e.svc.Reconcile(e.ctx, nil)
	if err != nil {
		e.t.Fatal(err)
	}
	if !rec.OK {
		e.t.Fatalf("reconciliation: %v", rec.Problems)
	}
}

func (e *env) request(order, shopper string, amount money.Amount) payments.Request {
	e.t.Helper()
	r, err := e.svc.CreateRequest(e.ctx, payments.NewRequest{OrderID: order, ShopperID: shopper, BrandID: "org_brand", AppID: "app_1",
		DeveloperID: "org_dev", DeveloperShareBps: 1000, Currency: "USD", Amount: amount})
	if err != nil {
		e.t.Fatal(err)
	}
	return r
}

func (e *env) confirm(r payments.Request) payments.Request {
	e.t.Helper()
	p, err := e.svc.Confirm(e.ctx, r.ID, r.ShopperID, pin, nil)
	if err != nil {
		e.t.Fatalf("confirm %s: %v", r.ID, err)
	}
	return p
}

func wantCode(t *testing.T, what string, err error, want *payments.Error) {
	t.Helper()
	if !errors.Is(err, want) || payments.Code(err) != want.Code {
		t.Fatalf("%s: error %v, want %s", what, err, want.Code)
	}
}

func wantLedgerCode(t *testing.T, what string, err error, want *ledger.Error) {
	t.Helper()
	if !errors.Is(err, want) || payments.Code(err) != want.Code {
		t.Fatalf("%s: error %v, want %s", what, err, want.Code)
	}
}

func TestPIN(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		if _, err := db.ExecContext(e.ctx, `INSERT INTO users (id, email, password_hash, created_at) VALUES ('usr_p', 'p@example.com', 'x', 0)`); err != nil {
			t.Fatal(err)
		}
		wantCode(t, "no PIN yet", e.svc.VerifyPIN(e.ctx, "usr_p", pin), payments.ErrPINNotSet)
		for _, bad := range []string{"", "12345", "1234567", "12345a", "１２３４５６", "111111", "123456", "654321", " 25807"} {
			wantCode(t, "SetPIN("+bad+")", e.svc.SetPIN(e.ctx, "usr_p", bad), payments.ErrInvalidPIN)
		}
		if err := e.svc.SetPIN(e.ctx, "usr_p", pin); err != nil {
			t.Fatal(err)
		}
		if err := e.svc.VerifyPIN(e.ctx, "usr_p", pin); err != nil {
			t.Fatal(err)
		}
		// Four wrong, one right: the count resets.
		for i := 0; i < 4; i++ {
			wantCode(t, "wrong PIN", e.svc.VerifyPIN(e.ctx, "usr_p", "000001"), payments.ErrWrongPIN)
		}
		if err := e.svc.VerifyPIN(e.ctx, "usr_p", pin); err != nil {
			t.Fatal(err)
		}
		// Five wrong in a row lock it, even against the right PIN.
		for i := 0; i < 4; i++ {
			wantCode(t, "wrong PIN", e.svc.VerifyPIN(e.ctx, "usr_p", "000001"), payments.ErrWrongPIN)
		}
		wantCode(t, "fifth wrong PIN", e.svc.VerifyPIN(e.ctx, "usr_p", "000001"), payments.ErrPINLocked)
		wantCode(t, "right PIN while locked", e.svc.VerifyPIN(e.ctx, "usr_p", pin), payments.ErrPINLocked)
		e.clock.Add(14 * time.Minute)
		wantCode(t, "still locked", e.svc.VerifyPIN(e.ctx, "usr_p", pin), payments.ErrPINLocked)
		e.clock.Add(time.Minute + time.Second)
		if err := e.svc.VerifyPIN(e.ctx, "usr_p", pin); err != nil {
			t.Fatalf("after the lockout: %v", err)
		}
		// Concurrent wrong guesses are all counted: 8 at once lock the PIN.
		var wg sync.WaitGroup
		for i := 0; i < 8; i++ {
			wg.Add(1)
			go func() { defer wg.Done(); _ = e.svc.VerifyPIN(e.ctx, "usr_p", "000001") }()
		}
		wg.Wait()
		wantCode(t, "after 8 concurrent wrong PINs", e.svc.VerifyPIN(e.ctx, "usr_p", pin), payments.ErrPINLocked)
	})
}

func TestTopUpAndWithdraw(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		u := e.user("usr_w")
		// A top-up credits nothing until the bank confirms.
		op, err := e.svc.TopUp(e.ctx, u, "top1", "USD", 5000)
		if err != nil || op.Status != payments.FundingPending || op.BankRef != "sim_"+op.ID || op.ClientID != "top1" {
			t.Fatalf("top-up = %+v, %v", op, err)
		}
		if b := e.wallet(u, "USD"); b.Posted != 0 {
			t.Fatalf("credited before confirmation: %+v", b)
		}
		// The bank calls back five times at once: one credit.
		top1 := op.ID
		e.bank.CompleteAsync(top1, true, 5)
		e.bank.Wait()
		if b := e.wallet(u, "USD"); b.Posted != 5000 {
			t.Fatalf("wallet = %+v", b)
		}
		// A late contradicting callback changes nothing.
		if op, err := e.svc.HandleFundingResult(e.ctx, payments.FundingResult{OpID: top1, Succeeded: false}); err != nil || op.Status != payments.FundingSucceeded {
			t.Fatalf("late failure = %+v, %v", op, err)
		}
		// Same id again: the same operation; other terms: refused.
		if again, err := e.svc.TopUp(e.ctx, u, "top1", "USD", 5000); err != nil || again.Status != payments.FundingSucceeded {
			t.Fatalf("retried top-up = %+v, %v", again, err)
		}
		// A double tap: the same new top-up four times at once is one operation.
		var wg sync.WaitGroup
		ops := make([]payments.FundingOp, 4)
		errs := make([]error, 4)
		for i := range ops {
			wg.Add(1)
			go func() { defer wg.Done(); ops[i], errs[i] = e.svc.TopUp(e.ctx, u, "top-twin", "USD", 10) }()
		}
		wg.Wait()
		for i := range ops {
			if errs[i] != nil || ops[i].ClientID != "top-twin" || ops[i].ID != ops[0].ID || ops[i].CreatedAt != ops[0].CreatedAt {
				t.Fatalf("concurrent top-up %d = %+v, %v", i, ops[i], errs[i])
			}
		}
		if n := len(e.bank.Pending()); n != 1 {
			t.Fatalf("%d operations at the bank", n)
		}
		if _, err := e.bank.Complete(e.ctx, ops[0].ID, false); err != nil {
			t.Fatal(err)
		}
		_, err = e.svc.TopUp(e.ctx, u, "top1", "USD", 6000)
		wantCode(t, "top-up id reused", err, payments.ErrFundingIDReused)
		// A failed top-up moves nothing.
		top2, err := e.svc.TopUp(e.ctx, u, "top2", "USD", 700)
		if err != nil {
			t.Fatal(err)
		}
		if op, err := e.bank.Complete(e.ctx, top2.ID, false); err != nil || op.Status != payments.FundingFailed {
			t.Fatalf("failed top-up = %+v, %v", op, err)
		}
		if b := e.wallet(u, "USD"); b.Posted != 5000 {
			t.Fatalf("wallet = %+v", b)
		}
		// Withdrawal: reserved at once, released on failure, posted on success.
		wd1, err := e.svc.Withdraw(e.ctx, u, "wd1", "USD", 3000)
		if err != nil {
			t.Fatal(err)
		}
		if b := e.wallet(u, "USD"); b.Posted != 5000 || b.Available != 2000 {
			t.Fatalf("wallet during withdrawal = %+v", b)
		}
		_, err = e.svc.Withdraw(e.ctx, u, "wd2", "USD", 2001)
		wantLedgerCode(t, "withdraw more than available", err, ledger.ErrInsufficientFunds)
		if _, err := e.svc.OwnFunding(e.ctx, u, "wd2"); !errors.Is(err, payments.ErrFundingNotFound) {
			t.Fatalf("refused withdrawal recorded: %v", err)
		}
		e.bank.CompleteAsync(wd1.ID, false, 3)
		e.bank.Wait()
		if b := e.wallet(u, "USD"); b.Posted != 5000 || b.Available != 5000 {
			t.Fatalf("wallet after failed withdrawal = %+v", b)
		}
		wd3, err := e.svc.Withdraw(e.ctx, u, "wd3", "USD", 1500)
		if err != nil {
			t.Fatal(err)
		}
		e.bank.CompleteAsync(wd3.ID, true, 3)
		e.bank.Wait()
		if b := e.wallet(u, "USD"); b.Posted != 3500 || b.Available != 3500 {
			t.Fatalf("wallet after withdrawal = %+v", b)
		}
		// The bank refusing outright fails the withdrawal and releases it.
		e.bank.Refuse = true
		op, err = e.svc.Withdraw(e.ctx, u, "wd4", "USD", 100)
		e.bank.Refuse = false
		if err != nil || op.Status != payments.FundingFailed {
			t.Fatalf("refused withdrawal = %+v, %v", op, err)
		}
		if b := e.wallet(u, "USD"); b.Available != 3500 {
			t.Fatalf("wallet = %+v", b)
		}
		_, err = e.svc.TopUp(e.ctx, u, "top3", "USD", 0)
		wantCode(t, "zero top-up", err, payments.ErrInvalidAmount)
		_, err = e.svc.TopUp(e.ctx, u, "top4", "XYZ", 10)
		wantCode(t, "unknown currency", err, payments.ErrUnknownCurrency)
		if b := e.account(payments.BankAccount("USD")); b.Posted != -3500 {
			t.Fatalf("bank = %+v", b)
		}
		e.check()
	})
}

func TestPaymentConfirmAndSettle(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		shopper, other := e.user("usr_s"), e.user("usr_o")
		r := e.request("ord_1", shopper, 10001) // 100.01 USD
		if r.Status != payments.StatusCreated {
			t.Fatalf("request = %+v", r)
		}
		// The same order again: the same request; other terms: refused.
		if again := e.request("ord_1", shopper, 10001); again.ID != r.ID {
			t.Fatalf("second request for the order: %s vs %s", again.ID, r.ID)
		}
		_, err := e.svc.CreateRequest(e.ctx, payments.NewRequest{OrderID: "ord_1", ShopperID: shopper, BrandID: "org_brand", Currency: "USD", Amount: 1})
		wantCode(t, "other terms for the order", err, payments.ErrOrderHasRequest)
		_, err = e.svc.CreateRequest(e.ctx, payments.NewRequest{OrderID: "ord_x", ShopperID: shopper, BrandID: "org_brand", Currency: "USD", Amount: 0})
		wantCode(t, "zero amount", err, payments.ErrInvalidAmount)

		_, err = e.svc.Confirm(e.ctx, r.ID, shopper, pin, nil)
		wantLedgerCode(t, "empty wallet", err, ledger.ErrInsufficientFunds)
		e.fund(shopper, "USD", 20000)
		_, err = e.svc.Confirm(e.ctx, r.ID, shopper, "000001", nil)
		wantCode(t, "wrong PIN", err, payments.ErrWrongPIN)
		_, err = e.svc.Confirm(e.ctx, r.ID, other, pin, nil)
		wantCode(t, "someone else's request", err, payments.ErrRequestNotFound)
		// A failing order hook rolls the payment back.
		boom := errors.New("order state conflict")
		_, err = e.svc.Confirm(e.ctx, r.ID, shopper, pin, func(tx *store.Tx, _ payments.Request) error { return boom })
		if !errors.Is(err, boom) {
			t.Fatalf("hook error = %v", err)
		}
		if b := e.wallet(shopper, "USD"); b.Posted != 20000 {
			t.Fatalf("wallet after a rolled-back confirm = %+v", b)
		}
		hooked := 0
		p, err := e.svc.Confirm(e.ctx, r.ID, shopper, pin, func(tx *store.Tx, got payments.Request) error {
			hooked++
			var status string
			if err := tx.QueryRowContext(e.ctx, `SELECT status FROM payment_requests WHERE id = $1`, got.ID).Scan(&status); err != nil || status != "paid" {
				return fmt.Errorf("hook sees status %q, %v", status, err)
			}
			return nil
		})
		if err != nil || p.Status != payments.StatusPaid || hooked != 1 {
			t.Fatalf("confirm = %+v, %v (hook ran %d times)", p, err, hooked)
		}
		// Confirming again charges nothing.
		if p2 := e.confirm(r); p2.Status != payments.StatusPaid {
			t.Fatalf("second confirm = %+v", p2)
		}
		if b := e.wallet(shopper, "USD"); b.Posted != 20000-10001 {
			t.Fatalf("wallet = %+v", b)
		}
		if b := e.account(payments.EscrowAccount("USD")); b.Posted != 10001 {
			t.Fatalf("escrow = %+v", b)
		}
		// Settlement: fee 5 % of 100.01 = 5.0005 -> 5.00; developer 10 % =
		// 10.001 -> 10.00; the brand gets the rest, residue included: 85.01.
		s, err := e.svc.Settle(e.ctx, r.ID)
		if err != nil || s.Status != payments.StatusSettled || s.Fee != 500 || s.DeveloperAmount != 1000 || s.BrandAmount != 8501 {
			t.Fatalf("settle = %+v, %v", s, err)
		}
		if _, err := e.svc.Settle(e.ctx, r.ID); err != nil {
			t.Fatalf("second settle: %v", err)
		}
		if b := e.brand("org_brand", "USD"); b.Posted != 8501 {
			t.Fatalf("brand = %+v", b)
		}
		if b := e.account(payments.FeesAccount("USD")); b.Posted != 500 {
			t.Fatalf("fees = %+v", b)
		}
		if b, _ := e.svc.DeveloperBalance(e.ctx, "org_dev", "USD"); b.Posted != 1000 {
			t.Fatalf("developer = %+v", b)
		}
		if b := e.account(payments.EscrowAccount("USD")); b.Posted != 0 {
			t.Fatalf("escrow after settlement = %+v", b)
		}
		// Per-brand fee, and a developer share on a JPY order (exponent 0).
		if err := e.svc.SetBrandFee(e.ctx, "org_brand", 333); err != nil {
			t.Fatal(err)
		}
		wantCode(t, "fee over 100 %", e.svc.SetBrandFee(e.ctx, "org_brand", 10001), payments.ErrInvalidFeeBps)
		e.fund(shopper, "JPY", 1000)
		rj, err := e.svc.CreateRequest(e.ctx, payments.NewRequest{OrderID: "ord_j", ShopperID: shopper, BrandID: "org_brand",
			DeveloperID: "org_dev", DeveloperShareBps: 1500, Currency: "JPY", Amount: 999})
		if err != nil {
			t.Fatal(err)
		}
		e.confirm(rj)
		sj, err := e.svc.Settle(e.ctx, rj.ID)
		// 999 × 3.33 % = 33.2667 -> 33; 999 × 15 % = 149.85 -> 149; brand 817.
		if err != nil || sj.Fee != 33 || sj.DeveloperAmount != 149 || sj.BrandAmount != 817 {
			t.Fatalf("JPY settle = %+v, %v", sj, err)
		}
		st, err := e.svc.WalletStatement(e.ctx, shopper, "USD", 0, 10)
		if err != nil || len(st.Lines) != 2 || st.Lines[1].Posted != -10001 || st.Lines[1].Code != "payment" || st.Lines[1].Reference != "ord_1" {
			t.Fatalf("statement = %+v, %v", st, err)
		}
		e.check()
	})
}

func TestRequestExpiryAndCancel(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		shopper := e.user("usr_x")
		e.fund(shopper, "USD", 10000)
		r := e.request("ord_exp", shopper, 100)
		e.clock.Add(16 * time.Minute)
		_, err := e.svc.Confirm(e.ctx, r.ID, shopper, pin, nil)
		wantCode(t, "confirm after expiry", err, payments.ErrRequestExpired)
		if n, err := e.svc.ExpireRequests(e.ctx); err != nil || n != 1 {
			t.Fatalf("ExpireRequests = %d, %v", n, err)
		}
		if n, _ := e.svc.ExpireRequests(e.ctx); n != 0 {
			t.Fatalf("expired twice: %d", n)
		}
		_, err = e.svc.Confirm(e.ctx, r.ID, shopper, pin, nil)
		wantCode(t, "confirm an expired request", err, payments.ErrRequestExpired)
		if c, err := e.svc.Cancel(e.ctx, r.ID, shopper); err != nil || c.Status != payments.StatusExpired {
			t.Fatalf("cancel an expired request = %+v, %v", c, err)
		}
		// Cancel before payment: nothing moves; confirming afterwards is refused.
		r2 := e.request("ord_can", shopper, 100)
		other := e.user("usr_other")
		_, err = e.svc.Cancel(e.ctx, r2.ID, other)
		wantCode(t, "another shopper declines", err, payments.ErrRequestNotFound)
		if c, err := e.svc.Cancel(e.ctx, r2.ID, shopper); err != nil || c.Status != payments.StatusCanceled {
			t.Fatalf("cancel = %+v, %v", c, err)
		}
		if c, err := e.svc.Cancel(e.ctx, r2.ID, shopper); err != nil || c.Status != payments.StatusCanceled {
			t.Fatalf("cancel again = %+v, %v", c, err)
		}
		_, err = e.svc.Confirm(e.ctx, r2.ID, shopper, pin, nil)
		wantCode(t, "confirm a canceled request", err, payments.ErrRequestState)
		// After payment the shopper cannot decline: money leaves escrow only
		// through the order's refund and dispute paths (issue 10, B7).
		r3 := e.request("ord_paid", shopper, 2500)
		e.confirm(r3)
		for i := 0; i < 2; i++ {
			_, err := e.svc.Cancel(e.ctx, r3.ID, shopper)
			wantCode(t, "cancel a paid request", err, payments.ErrRequestState)
		}
		if c, _ := e.svc.GetRequest(e.ctx, r3.ID); c.Status != payments.StatusPaid || c.Refunded != 0 {
			t.Fatalf("a paid request after cancel = %+v", c)
		}
		if b := e.wallet(shopper, "USD"); b.Posted != 10000-2500 {
			t.Fatalf("wallet = %+v", b)
		}
		if b := e.account(payments.EscrowAccount("USD")); b.Posted != 2500 {
			t.Fatalf("escrow = %+v", b)
		}
		if _, err := e.svc.Settle(e.ctx, r3.ID); err != nil {
			t.Fatal(err)
		}
		_, err = e.svc.Cancel(e.ctx, r3.ID, shopper)
		wantCode(t, "cancel a settled request", err, payments.ErrRequestState)
		_, err = e.svc.Settle(e.ctx, r2.ID)
		wantCode(t, "settle a canceled request", err, payments.ErrRequestState)
		_, err = e.svc.GetRequest(e.ctx, "payreq_nope")
		wantCode(t, "unknown request", err, payments.ErrRequestNotFound)
		e.check()
	})
}

func TestRefunds(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		shopper := e.user("usr_r")
		e.fund(shopper, "USD", 100000)
		r := e.request("ord_r", shopper, 10000)
		_, err := e.svc.Refund(e.ctx, r.ID, "rf0", 100, "")
		wantCode(t, "refund before payment", err, payments.ErrRequestState)
		e.confirm(r)
		// Two partial refunds from escrow before settlement.
		if f, err := e.svc.Refund(e.ctx, r.ID, "rf1", 1000, "damaged"); err != nil || f.Source != "escrow" || f.Status != payments.RefundSucceeded {
			t.Fatalf("refund = %+v, %v", f, err)
		}
		if _, err := e.svc.Refund(e.ctx, r.ID, "rf2", 2000, "late"); err != nil {
			t.Fatal(err)
		}
		if f, err := e.svc.Refund(e.ctx, r.ID, "rf1", 1000, "damaged"); err != nil || f.Amount != 1000 {
			t.Fatalf("retried refund = %+v, %v", f, err)
		}
		_, err = e.svc.Refund(e.ctx, r.ID, "rf1", 1001, "damaged")
		wantCode(t, "refund id reused", err, payments.ErrRefundIDReused)
		_, err = e.svc.Refund(e.ctx, r.ID, "rf3", 7001, "")
		wantCode(t, "refund more than left", err, payments.ErrRefundExceeds)
		_, err = e.svc.Refund(e.ctx, r.ID, "rf4", -1, "")
		wantCode(t, "negative refund", err, payments.ErrInvalidAmount)
		if b := e.wallet(shopper, "USD"); b.Posted != 100000-10000+3000 {
			t.Fatalf("wallet = %+v", b)
		}
		// Settlement splits what is left (70.00): fee 3.50, developer 7.00, brand 59.50.
		s, err := e.svc.Settle(e.ctx, r.ID)
		if err != nil || s.Fee != 350 || s.DeveloperAmount != 700 || s.BrandAmount != 5950 {
			t.Fatalf("settle = %+v, %v", s, err)
		}
		// After settlement the brand pays refunds from its balance.
		if f, err := e.svc.Refund(e.ctx, r.ID, "rf5", 5000, "returned"); err != nil || f.Source != "brand" || f.Status != payments.RefundSucceeded {
			t.Fatalf("refund after settlement = %+v, %v", f, err)
		}
		if b := e.brand("org_brand", "USD"); b.Posted != 950 {
			t.Fatalf("brand = %+v", b)
		}
		// More than the brand has: recorded as owed, nothing moves, the brand never goes negative.
		f, err := e.svc.Refund(e.ctx, r.ID, "rf6", 2000, "returned")
		if err != nil || f.Status != payments.RefundPendingFunds {
			t.Fatalf("refund beyond the brand's balance = %+v, %v", f, err)
		}
		if b := e.brand("org_brand", "USD"); b.Posted != 950 {
			t.Fatalf("brand = %+v", b)
		}
		got, _ := e.svc.GetRequest(e.ctx, r.ID)
		if got.Status != payments.StatusRefunded || got.Refunded != 10000 {
			t.Fatalf("request = %+v", got)
		}
		_, err = e.svc.Refund(e.ctx, r.ID, "rf7", 1, "")
		wantCode(t, "refund a fully refunded order", err, payments.ErrRequestState)
		if n, err := e.svc.RetryPendingRefunds(e.ctx); err != nil || n != 0 {
			t.Fatalf("retry with no money = %d, %v", n, err)
		}
		// The brand earns more; the owed refund is paid.
		r2 := e.request("ord_r2", shopper, 5000)
		e.confirm(r2)
		if _, err := e.svc.Settle(e.ctx, r2.ID); err != nil {
			t.Fatal(err)
		}
		if n, err := e.svc.RetryPendingRefunds(e.ctx); err != nil || n != 1 {
			t.Fatalf("retry = %d, %v", n, err)
		}
		refunds, err := e.svc.Refunds(e.ctx, r.ID)
		if err != nil || len(refunds) != 4 || refunds[3].Status != payments.RefundSucceeded {
			t.Fatalf("refunds = %+v, %v", refunds, err)
		}
		if b := e.wallet(shopper, "USD"); b.Posted != 100000-5000 {
			t.Fatalf("wallet = %+v (everything of ord_r refunded, ord_r2 paid)", b)
		}
		e.check()
	})
}

func TestDisputes(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		shopper := e.user("usr_d")
		e.fund(shopper, "USD", 100000)
		r := e.request("ord_d", shopper, 10000)
		e.confirm(r)
		if d, err := e.svc.OpenDispute(e.ctx, r.ID, "dp1", 4000, "not as described"); err != nil || d.Source != "escrow" {
			t.Fatalf("open = %+v, %v", d, err)
		}
		if b := e.account(payments.EscrowAccount("USD")); b.Available != 6000 || b.PendingDebits != 4000 {
			t.Fatalf("escrow with a dispute = %+v", b)
		}
		_, err := e.svc.Settle(e.ctx, r.ID)
		wantCode(t, "settle with an open dispute", err, payments.ErrDisputeOpen)
		_, err = e.svc.Refund(e.ctx, r.ID, "rf1", 6001, "")
		wantCode(t, "refund the disputed money", err, payments.ErrRefundExceeds)
		_, err = e.svc.OpenDispute(e.ctx, r.ID, "dp2", 6001, "")
		wantCode(t, "dispute more than is left", err, payments.ErrRefundExceeds)
		// The brand wins: the hold is released and settlement proceeds on everything.
		if d, err := e.svc.ResolveDispute(e.ctx, "dp1", false); err != nil || d.Status != payments.DisputeWonByBrand {
			t.Fatalf("resolve = %+v, %v", d, err)
		}
		if _, err := e.svc.ResolveDispute(e.ctx, "dp1", false); err != nil {
			t.Fatalf("resolve again: %v", err)
		}
		_, err = e.svc.ResolveDispute(e.ctx, "dp1", true)
		wantCode(t, "resolve the other way", err, payments.ErrDisputeResolved)
		if s, err := e.svc.Settle(e.ctx, r.ID); err != nil || s.BrandAmount+s.Fee+s.DeveloperAmount != 10000 {
			t.Fatalf("settle = %+v, %v", s, err)
		}
		// After settlement a dispute holds the brand's money; the shopper wins.
		if d, err := e.svc.OpenDispute(e.ctx, r.ID, "dp3", 3000, "never arrived"); err != nil || d.Source != "brand" {
			t.Fatalf("open after settlement = %+v, %v", d, err)
		}
		if b := e.brand("org_brand", "USD"); b.Available != 8500-3000 {
			t.Fatalf("brand with a dispute = %+v", b)
		}
		before := e.wallet(shopper, "USD")
		if d, err := e.svc.ResolveDispute(e.ctx, "dp3", true); err != nil || d.Status != payments.DisputeWonByShopper {
			t.Fatalf("resolve for shopper = %+v, %v", d, err)
		}
		if b := e.wallet(shopper, "USD"); b.Posted != before.Posted+3000 {
			t.Fatalf("wallet = %+v", b)
		}
		if got, _ := e.svc.GetRequest(e.ctx, r.ID); got.Refunded != 3000 {
			t.Fatalf("request = %+v", got)
		}
		if ds, err := e.svc.Disputes(e.ctx, r.ID); err != nil || len(ds) != 2 || ds[1].Status != payments.DisputeWonByShopper {
			t.Fatalf("disputes = %+v, %v", ds, err)
		}
		_, err = e.svc.ResolveDispute(e.ctx, "nope", true)
		wantCode(t, "unknown dispute", err, payments.ErrDisputeNotFound)
		e.check()
	})
}

func TestPayouts(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		shopper := e.user("usr_b")
		e.fund(shopper, "USD", 100000)
		r := e.request("ord_p", shopper, 20000)
		e.confirm(r)
		if _, err := e.svc.Settle(e.ctx, r.ID); err != nil {
			t.Fatal(err)
		}
		avail := money.Amount(e.brand("org_brand", "USD").Available) // 170.00
		_, err := e.svc.RequestPayout(e.ctx, "org_brand", "po0", "USD", 99)
		wantCode(t, "below the minimum", err, payments.ErrBelowMinimumPayout)
		_, err = e.svc.RequestPayout(e.ctx, "org_brand", "po1", "USD", avail+1)
		wantLedgerCode(t, "more than available", err, ledger.ErrInsufficientFunds)
		po2, err := e.svc.RequestPayout(e.ctx, "org_brand", "po2", "USD", 10000)
		if err != nil {
			t.Fatal(err)
		}
		if b := e.brand("org_brand", "USD"); int64(b.Available) != int64(avail-10000) {
			t.Fatalf("brand during payout = %+v", b)
		}
		// A refund cannot take the money being paid out.
		if f, err := e.svc.Refund(e.ctx, r.ID, "rf", avail-10000+1, ""); err != nil || f.Status != payments.RefundPendingFunds {
			t.Fatalf("refund during payout = %+v, %v", f, err)
		}
		e.bank.CompleteAsync(po2.ID, false, 4)
		e.bank.Wait()
		if b := e.brand("org_brand", "USD"); money.Amount(b.Available) != avail {
			t.Fatalf("brand after failed payout = %+v", b)
		}
		po3, err := e.svc.RequestPayout(e.ctx, "org_brand", "po3", "USD", 5000)
		if err != nil {
			t.Fatal(err)
		}
		e.bank.CompleteAsync(po3.ID, true, 4)
		e.bank.Wait()
		if b := e.brand("org_brand", "USD"); money.Amount(b.Posted) != avail-5000 || money.Amount(b.Available) != avail-5000 {
			t.Fatalf("brand after payout = %+v", b)
		}
		if op, _ := e.svc.OwnFunding(e.ctx, "org_brand", "po3"); op.Status != payments.FundingSucceeded || op.Kind != payments.FundingPayout {
			t.Fatalf("payout = %+v", op)
		}
		if ops, err := e.svc.FundingOps(e.ctx, "org_brand", payments.FundingPayout, 0); err != nil || len(ops) != 2 {
			t.Fatalf("payouts = %+v, %v", ops, err)
		}
		if st, err := e.svc.DeveloperStatement(e.ctx, "org_dev", "USD", 0, 10); err != nil || len(st.Lines) != 1 || st.Lines[0].Posted != 2000 {
			t.Fatalf("developer statement = %+v, %v", st, err)
		}
		e.check()
	})
}

// A developer org's revenue share, credited when an order placed through
// its app settles, is paid out to its bank through the same rail as a
// brand's payout: reserved, then posted when the bank confirms (released
// when it fails); the brand's balance is not touched and the ledger check
// and the order reconciliation hold.
func TestDeveloperPayouts(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		shopper := e.user("usr_dp")
		e.fund(shopper, "USD", 100000)
		r := e.confirm(e.request("ord_dp", shopper, 30000))
		if _, err := e.svc.Settle(e.ctx, r.ID); err != nil {
			t.Fatal(err)
		}
		dev := func() ledger.Balance {
			b, err := e.svc.DeveloperBalance(e.ctx, "org_dev", "USD")
			if err != nil {
				t.Fatal(err)
			}
			return b
		}
		if b := dev(); b.Available != 3000 {
			t.Fatalf("developer share after settlement = %+v, want 30.00", b)
		}
		brand := e.brand("org_brand", "USD")
		_, err := e.svc.RequestDeveloperPayout(e.ctx, "org_dev", "dpo0", "USD", 99)
		wantCode(t, "below the minimum", err, payments.ErrBelowMinimumPayout)
		_, err = e.svc.RequestDeveloperPayout(e.ctx, "org_dev", "dpo1", "USD", 3001)
		wantLedgerCode(t, "more than the share", err, ledger.ErrInsufficientFunds)
		failed, err := e.svc.RequestDeveloperPayout(e.ctx, "org_dev", "dpo2", "USD", 2000)
		if err != nil || failed.AccountID != payments.DeveloperAccount("org_dev", "USD") || failed.Kind != payments.FundingPayout {
			t.Fatalf("payout = %+v, %v", failed, err)
		}
		if b := dev(); b.Available != 1000 || b.PendingDebits != 2000 {
			t.Fatalf("developer during payout = %+v", b)
		}
		e.bank.CompleteAsync(failed.ID, false, 2)
		e.bank.Wait()
		if b := dev(); b.Available != 3000 {
			t.Fatalf("developer after failed payout = %+v", b)
		}
		po, err := e.svc.RequestDeveloperPayout(e.ctx, "org_dev", "dpo3", "USD", 2500)
		if err != nil {
			t.Fatal(err)
		}
		e.bank.CompleteAsync(po.ID, true, 2)
		e.bank.Wait()
		if b := dev(); b.Posted != 500 || b.Available != 500 {
			t.Fatalf("developer after payout = %+v", b)
		}
		if b := e.brand("org_brand", "USD"); b != brand {
			t.Fatalf("the brand's balance moved: %+v, was %+v", b, brand)
		}
		if op, err := e.svc.OwnFunding(e.ctx, "org_dev", "dpo3"); err != nil || op.Status != payments.FundingSucceeded {
			t.Fatalf("payout = %+v, %v", op, err)
		}
		if _, err := e.svc.OwnFunding(e.ctx, "org_brand", "dpo3"); payments.Code(err) != payments.ErrFundingNotFound.Code {
			t.Fatalf("the brand reads the developer's payout: %v", err)
		}
		if ops, err := e.svc.FundingOps(e.ctx, "org_dev", payments.FundingPayout, 0); err != nil || len(ops) != 2 {
			t.Fatalf("developer payouts = %+v, %v", ops, err)
		}
		e.check()
	})
}

// Reconciliation sees money that moved for an order outside the payment
// paths, although the ledger itself still balances.
func TestReconcileCatchesMoneyMovedAroundTheRequest(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		shopper := e.user("usr_rec")
		e.fund(shopper, "USD", 10000)
		r := e.confirm(e.request("ord_rec", shopper, 4000))
		if _, err := e.svc.Refund(e.ctx, r.ID, "rf_rec", 1000, "ok"); err != nil {
			t.Fatal(err)
		}
		e.check()
		// Escrow straight back to the wallet, as a refund with no refund row.
		if _, err := e.svc.Ledger().Transfer(e.ctx, ledger.Transfer{ID: "sneaky", DebitAccountID: payments.EscrowAccount("USD"),
			CreditAccountID: payments.WalletAccount(shopper, "USD"), Amount: 3000, Currency: "USD", Code: "refund", Reference: r.OrderID}); err != nil {
			t.Fatal(err)
		}
		if rep, err := e.svc.LedgerCheck(e.ctx); err != nil || !rep.OK {
			t.Fatalf("the ledger still balances: %+v, %v", rep, err)
		}
		rec, err := e.svc.Reconcile(e.ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		if rec.OK || rec.Requests != 1 || len(rec.Problems) == 0 {
			t.Fatalf("reconciliation missed it: %+v", rec)
		}
		t.Log(rec.Problems)
	})
}
