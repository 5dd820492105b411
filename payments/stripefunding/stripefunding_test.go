package stripefunding_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stripe/stripe-go/v82/webhook"

	"github.com/soukhq/souk/identity"
	"github.com/soukhq/souk/payments"
	"github.com/soukhq/souk/payments/ledger"
	"github.com/soukhq/souk/payments/money"
	"github.com/soukhq/souk/payments/stripefunding"
	"github.com/soukhq/souk/payments/stripefunding/stripemock"
	"github.com/soukhq/souk/store"
	"github.com/soukhq/souk/store/storetest"
)

var ctx = context.Background()

const secret = "whsec_test_souk"

type env struct {
	t   *testing.T
	pay *payments.Service
	src *stripefunding.Source
	ids *identity.Service
}

func newEnv(t *testing.T, db *store.DB, api string) *env {
	l := ledger.New(db, ledger.Options{})
	t.Cleanup(l.Close)
	src, err := stripefunding.New(db, stripefunding.Config{SecretKey: "sk_test_123", WebhookSecret: secret, APIURL: api})
	if err != nil {
		t.Fatal(err)
	}
	pay := payments.New(db, l, payments.Options{Funding: src})
	src.UsePayments(pay)
	return &env{t: t, pay: pay, src: src, ids: identity.New(db)}
}

// event is a Stripe webhook event about obj, signed with key.
func event(t *testing.T, id, typ string, obj map[string]any, key string) ([]byte, string) {
	t.Helper()
	payload, err := json.Marshal(map[string]any{"id": id, "object": "event", "type": typ, "api_version": "2025-01-27.acacia",
		"created": time.Now().Unix(), "data": map[string]any{"object": obj}})
	if err != nil {
		t.Fatal(err)
	}
	sp := webhook.GenerateTestSignedPayload(&webhook.UnsignedPayload{Payload: payload, Secret: key})
	return payload, sp.Header
}

func (e *env) available(user string) int64 {
	e.t.Helper()
	b, err := e.pay.WalletBalance(ctx, user, "USD")
	if err != nil {
		e.t.Fatal(err)
	}
	return int64(b.Available)
}

func (e *env) check() {
	e.t.Helper()
	rep, err := e.pay.LedgerCheck(ctx)
	if err != nil || !rep.OK {
		e.t.Fatalf("ledger check: %+v %v", rep, err)
	}
}

// A top-up is a PaymentIntent at stripe-mock, credited only by Stripe's
// signed payment_intent.succeeded; the same event again, a forged one and
// one whose amount differs change nothing. A withdrawal is a Transfer to
// the shopper's connected account, settled by transfer.created; a brand's
// payout likewise. The ledger check passes throughout. Both backends.
func TestStripeTopUpAndPayoutAgainstStripeMock(t *testing.T) {
	api := stripemock.Start(t)
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db, api)
		u, err := e.ids.Signup(ctx, fmt.Sprintf("s-%d@example.com", time.Now().UnixNano()), "correct horse battery")
		if err != nil {
			t.Fatal(err)
		}
		op, err := e.pay.TopUp(ctx, u.ID, "topup-1", "USD", money.Amount(5000))
		if err != nil {
			t.Fatal(err)
		}
		if op.Status != payments.FundingPending || !strings.HasPrefix(op.BankRef, "pi_") {
			t.Fatalf("top-up after Start: %+v", op)
		}
		if cs, err := e.src.ClientSecret(ctx, op); err != nil || cs == "" {
			t.Fatalf("client secret: %q %v", cs, err)
		}
		pi := map[string]any{"id": op.BankRef, "object": "payment_intent", "amount": 5000, "amount_received": 5000, "currency": "usd",
			"metadata": map[string]string{"souk_funding_id": op.ID, "souk_kind": "topup"}}

		// Forged: signed with another secret.
		body, sig := event(t, "evt_forged", "payment_intent.succeeded", pi, "whsec_attacker")
		if _, err := e.src.HandleWebhook(ctx, body, sig); !errors.Is(err, stripefunding.ErrBadSignature) {
			t.Fatalf("forged event: %v", err)
		}
		// A signed event whose amount differs from the operation's.
		bigger := map[string]any{}
		for k, v := range pi {
			bigger[k] = v
		}
		bigger["amount_received"] = 500000
		body, sig = event(t, "evt_bigger", "payment_intent.succeeded", bigger, secret)
		if _, err := e.src.HandleWebhook(ctx, body, sig); !errors.Is(err, stripefunding.ErrMismatch) {
			t.Fatalf("mismatched amount: %v", err)
		}
		// Altered after signing.
		body, sig = event(t, "evt_ok", "payment_intent.succeeded", pi, secret)
		altered := []byte(strings.Replace(string(body), "5000", "9000", 1))
		if _, err := e.src.HandleWebhook(ctx, altered, sig); !errors.Is(err, stripefunding.ErrBadSignature) {
			t.Fatalf("altered payload: %v", err)
		}
		if got := e.available(u.ID); got != 0 {
			t.Fatalf("credited %d before a genuine event", got)
		}
		for i := 0; i < 3; i++ { // Stripe retries; the first applies
			out, err := e.src.HandleWebhook(ctx, body, sig)
			if err != nil {
				t.Fatal(err)
			}
			want := "succeeded"
			if i > 0 {
				want = "duplicate"
			}
			if out.Applied != want {
				t.Fatalf("delivery %d: %+v", i, out)
			}
		}
		if got := e.available(u.ID); got != 5000 {
			t.Fatalf("wallet after the top-up: %d", got)
		}
		// A new event id for the same operation (Stripe resends under a new
		// id) moves nothing either.
		body2, sig2 := event(t, "evt_again", "payment_intent.succeeded", pi, secret)
		if _, err := e.src.HandleWebhook(ctx, body2, sig2); err != nil {
			t.Fatal(err)
		}
		if got := e.available(u.ID); got != 5000 {
			t.Fatalf("wallet after a second event for the same top-up: %d", got)
		}
		e.check()

		// Withdrawal: no connected account yet is a refusal that moves nothing.
		w, err := e.pay.Withdraw(ctx, u.ID, "wd-0", "USD", money.Amount(1000))
		if err != nil {
			t.Fatal(err)
		}
		if w.Status != payments.FundingFailed || e.available(u.ID) != 5000 {
			t.Fatalf("withdrawal without an account: %+v, wallet %d", w, e.available(u.ID))
		}
		url, err := e.src.Onboard(ctx, u.ID, "s@example.com", "US", "https://souk.example/wallet")
		if err != nil || url == "" {
			t.Fatalf("onboarding: %q %v", url, err)
		}
		w, err = e.pay.Withdraw(ctx, u.ID, "wd-1", "USD", money.Amount(1200))
		if err != nil {
			t.Fatal(err)
		}
		if w.Status != payments.FundingPending || !strings.HasPrefix(w.BankRef, "tr_") {
			t.Fatalf("withdrawal after Start: %+v", w)
		}
		tr := map[string]any{"id": w.BankRef, "object": "transfer", "amount": 1200, "currency": "usd",
			"metadata": map[string]string{"souk_funding_id": w.ID, "souk_kind": "withdrawal"}}
		body, sig = event(t, "evt_tr", "transfer.created", tr, secret)
		if out, err := e.src.HandleWebhook(ctx, body, sig); err != nil || out.Applied != "succeeded" {
			t.Fatalf("transfer.created: %+v %v", out, err)
		}
		if got, _ := e.pay.GetFunding(ctx, w.ID); got.Status != payments.FundingSucceeded || e.available(u.ID) != 3800 {
			t.Fatalf("withdrawal: %+v, wallet %d", got, e.available(u.ID))
		}
		// A reversal after the decision changes nothing.
		body, sig = event(t, "evt_rev", "transfer.reversed", tr, secret)
		if _, err := e.src.HandleWebhook(ctx, body, sig); err != nil {
			t.Fatal(err)
		}
		if got := e.available(u.ID); got != 3800 {
			t.Fatalf("wallet after a late reversal: %d", got)
		}
		e.check()

		// A brand's payout: the shopper pays the brand's payment code from
		// the wallet Stripe funded, and the brand pays its balance out to
		// its own connected account, settled by transfer.created.
		const brand = "org_stripe_brand"
		if err := e.pay.SetPIN(ctx, u.ID, "482915"); err != nil {
			t.Fatal(err)
		}
		code, err := e.pay.StaticPayCode(ctx, brand, "USD", "usr_staff")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.pay.PayPayCode(ctx, payments.PayCodeInput{CodeID: code.ID, ShopperID: u.ID, ClientID: "pay-1", Amount: 3000, PIN: "482915"}); err != nil {
			t.Fatal(err)
		}
		bal := func() int64 {
			b, err := e.pay.BrandBalance(ctx, brand, "USD")
			if err != nil {
				t.Fatal(err)
			}
			return int64(b.Available)
		}
		earned := bal()
		if earned <= 0 || earned > 3000 {
			t.Fatalf("brand balance after a 30.00 payment: %d", earned)
		}
		if url, err := e.src.Onboard(ctx, brand, "brand@example.com", "US", "https://souk.example/seller"); err != nil || url == "" {
			t.Fatalf("brand onboarding: %q %v", url, err)
		}
		po, err := e.pay.RequestPayout(ctx, brand, "po-1", "USD", money.Amount(earned))
		if err != nil {
			t.Fatal(err)
		}
		if po.Status != payments.FundingPending || !strings.HasPrefix(po.BankRef, "tr_") || bal() != 0 {
			t.Fatalf("payout after Start: %+v, available %d", po, bal())
		}
		ptr := map[string]any{"id": po.BankRef, "object": "transfer", "amount": earned, "currency": "usd",
			"metadata": map[string]string{"souk_funding_id": po.ID, "souk_kind": "payout"}}
		body, sig = event(t, "evt_po", "transfer.created", ptr, secret)
		for range 2 { // delivered twice: applied once
			if _, err := e.src.HandleWebhook(ctx, body, sig); err != nil {
				t.Fatal(err)
			}
		}
		if got, _ := e.pay.GetFunding(ctx, po.ID); got.Status != payments.FundingSucceeded || bal() != 0 {
			t.Fatalf("payout: %+v, available %d", got, bal())
		}
		b, err := e.pay.BrandBalance(ctx, brand, "USD")
		if err != nil || b.PendingDebits != 0 || b.Posted != 0 {
			t.Fatalf("brand balance after the payout: %+v %v", b, err)
		}
		e.check()
	})
}
