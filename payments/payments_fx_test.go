package payments_test

import (
	"context"
	"fmt"
	"math/rand"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"testing/quick"
	"time"

	"github.com/shopspring/decimal"
	"github.com/soukhq/souk/jobs"
	"github.com/soukhq/souk/payments"
	"github.com/soukhq/souk/payments/ledger"
	"github.com/soukhq/souk/payments/money"
	"github.com/soukhq/souk/store"
	"github.com/soukhq/souk/store/storetest"
)

// priceCase is a generated conversion: currencies, a mid rate with up to 6
// decimals, a spread and an amount, sell or buy.
type priceCase struct {
	Src, Dst money.Currency
	Mid      decimal.Decimal
	Spread   money.Bps
	Amount   money.Amount
	Sell     bool
}

var fxCurrencies = []string{"USD", "JPY", "EUR", "KWD", "KRW"}

func (priceCase) Generate(r *rand.Rand, _ int) reflect.Value {
	src := fxCurrencies[r.Intn(len(fxCurrencies))]
	dst := src
	for dst == src {
		dst = fxCurrencies[r.Intn(len(fxCurrencies))]
	}
	c := priceCase{Src: money.MustLookup(src), Dst: money.MustLookup(dst),
		Mid:    decimal.New(r.Int63n(5_000_000_000)+1, -6), // 0.000001 .. 5000
		Spread: money.Bps(r.Intn(500)), Amount: money.Amount(r.Int63n(10_000_000) + 1), Sell: r.Intn(2) == 0}
	return reflect.ValueOf(c)
}

// TestFXPriceRoundingRule checks the rounding rule on generated cases
// (fixed seed): the shopper never pays or receives a fraction, a buy costs
// the least whole source amount that buys the target, a sell receives the
// most whole target amount, and Source = fx part + Residue exactly.
func TestFXPriceRoundingRule(t *testing.T) {
	t.Parallel()
	prop := func(c priceCase) bool {
		sell, buy := c.Amount, money.Amount(0)
		if !c.Sell {
			sell, buy = 0, c.Amount
		}
		p, err := payments.PriceConversion(c.Src, c.Dst, c.Mid, c.Spread, sell, buy)
		if err != nil {
			return payments.Code(err) != "" // too small to buy a minor unit, or past the maximum: a stated rejection
		}
		k := p.Applied.Shift(int32(c.Dst.Exponent - c.Src.Exponent))
		value := func(src money.Amount) decimal.Decimal { return decimal.NewFromInt(int64(src)).Mul(k) }
		tgt := decimal.NewFromInt(int64(p.Target))
		if p.Residue < 0 || p.Residue > p.Source || p.Source <= 0 || p.Target <= 0 {
			t.Logf("%+v: %+v", c, p)
			return false
		}
		fx := p.Source - p.Residue
		// The FX account's part is the exact source value of the target, rounded down.
		if value(fx).GreaterThan(tgt) || !value(fx+1).GreaterThan(tgt) {
			t.Logf("fx part %d of %+v: %+v", fx, c, p)
			return false
		}
		if c.Sell {
			return p.Source == c.Amount && !value(p.Source).LessThan(tgt) && value(p.Source).LessThan(tgt.Add(decimal.NewFromInt(1)))
		}
		return p.Target == c.Amount && !value(p.Source).LessThan(tgt) && value(p.Source-1).LessThan(tgt)
	}
	if err := quick.Check(prop, &quick.Config{MaxCount: 5000, Rand: rand.New(rand.NewSource(46))}); err != nil {
		t.Fatal(err)
	}
}

func TestFXPriceExamples(t *testing.T) {
	t.Parallel()
	usd, jpy := money.MustLookup("USD"), money.MustLookup("JPY")
	// 1 USD = 150 JPY less 1 %: 148.5 JPY per USD, 1.485 JPY per cent.
	p, err := payments.PriceConversion(usd, jpy, decimal.RequireFromString("150"), 100, 0, 1500)
	if err != nil {
		t.Fatal(err)
	}
	// 1500 / 1.485 = 1010.10… cents: the shopper pays 10.11 USD; fx:USD gets 10.10, fxresidue:USD 0.01.
	if p.Source != 1011 || p.Target != 1500 || p.Residue != 1 || p.Applied.String() != "148.5" {
		t.Fatalf("buy 1500 JPY = %+v", p)
	}
	p, err = payments.PriceConversion(usd, jpy, decimal.RequireFromString("150"), 100, 1000, 0)
	if err != nil {
		t.Fatal(err)
	}
	// 10.00 USD buys floor(1485.0) = 1485 JPY exactly: no residue.
	if p.Source != 1000 || p.Target != 1485 || p.Residue != 0 {
		t.Fatalf("sell 10 USD = %+v", p)
	}
	if _, err := payments.PriceConversion(jpy, usd, decimal.RequireFromString("0.0066"), 100, 1, 0); payments.Code(err) != "invalid_fx_quote" {
		t.Fatalf("1 JPY buys no cent: %v", err)
	}
	if _, err := payments.PriceConversion(usd, jpy, decimal.RequireFromString("150"), 100, 1, 1); payments.Code(err) != "invalid_fx_quote" {
		t.Fatalf("sell and buy at once: %v", err)
	}
}

// fxEnv is a payments env with a USD/JPY rate recorded by an operator.
func fxEnv(t *testing.T, db *store.DB) *env {
	e := newEnv(t, db)
	if _, err := e.svc.RecordRates(e.ctx, "operator:usr_ops", []payments.RateInput{{Base: "USD", Quote: "JPY", Rate: "151.37"}}); err != nil {
		t.Fatal(err)
	}
	return e
}

// checkFXBooks runs the ledger check and reconciliation and proves each
// currency balances: what the shoppers lost in it (start: their funding)
// is exactly what the platform's accounts (FX, residue, escrow, brand,
// fees, developer) gained.
func (e *env) checkFXBooks(start map[string]map[string]money.Amount) {
	e.t.Helper()
	e.check()
	for _, cur := range []string{"USD", "JPY"} {
		lost := money.Amount(0)
		for shopper, funded := range start {
			lost += funded[cur] - money.Amount(e.wallet(shopper, cur).Posted)
		}
		gained := money.Amount(0)
		for _, id := range []string{payments.FXAccount(cur), payments.FXResidueAccount(cur), payments.EscrowAccount(cur),
			payments.BrandAccount("org_brand", cur), payments.FeesAccount(cur), payments.DeveloperAccount("org_dev", cur)} {
			gained += money.Amount(e.account(id).Posted)
		}
		if lost != gained {
			e.t.Fatalf("%s: the shoppers lost %d, the platform's accounts gained %d", cur, lost, gained)
		}
	}
}

// TestFXPayAndRefundBalance pays JPY orders from a USD wallet through
// quotes and refunds them in generated pieces (fixed seed), before or after
// settlement: after every step each currency balances to the minor unit,
// and once an order is refunded in full the shopper has every USD cent
// back, their JPY wallet is empty and the platform's FX accounts hold
// nothing for it.
func TestFXPayAndRefundBalance(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := fxEnv(t, db)
		rng := rand.New(rand.NewSource(4600))
		// A JPY shopper's settled order gives the brand enough to pay
		// refunds after settlement at once (none waits for funds).
		rich := e.user("usr_rich")
		e.fund(rich, "JPY", 400_000)
		start := map[string]map[string]money.Amount{rich: {"JPY": 400_000}}
		rr, err := e.svc.CreateRequest(e.ctx, payments.NewRequest{OrderID: "ord_rich", ShopperID: rich, BrandID: "org_brand",
			DeveloperID: "org_dev", DeveloperShareBps: 1000, Currency: "JPY", Amount: 400_000})
		if err != nil {
			t.Fatal(err)
		}
		e.confirm(rr)
		if _, err := e.svc.Settle(e.ctx, rr.ID); err != nil {
			t.Fatal(err)
		}
		for i := range 12 {
			shopper := e.user(fmt.Sprintf("usr_fx%d", i))
			e.fund(shopper, "USD", 1_000_000)
			start[shopper] = map[string]money.Amount{"USD": 1_000_000}
			amount := money.Amount(rng.Int63n(200_000) + 1)
			r, err := e.svc.CreateRequest(e.ctx, payments.NewRequest{OrderID: fmt.Sprintf("ord_fx%d", i), ShopperID: shopper,
				BrandID: "org_brand", AppID: "app_1", DeveloperID: "org_dev", DeveloperShareBps: 1000, Currency: "JPY", Amount: amount})
			if err != nil {
				t.Fatal(err)
			}
			q, err := e.svc.QuoteForOrder(e.ctx, r, "USD")
			if err != nil {
				t.Fatal(err)
			}
			if q.TargetAmount != amount || q.SourceCurrency != "USD" || q.RateSource != "operator:usr_ops" {
				t.Fatalf("quote %+v for %d JPY", q, amount)
			}
			paid, err := e.svc.ConfirmWithQuote(e.ctx, r.ID, shopper, pin, q.ID, nil)
			if err != nil {
				t.Fatal(err)
			}
			if paid.Status != payments.StatusPaid || e.wallet(shopper, "USD").Posted != int64(1_000_000-q.SourceAmount) || e.wallet(shopper, "JPY").Posted != 0 {
				t.Fatalf("after paying: %+v, USD %+v, JPY %+v", paid, e.wallet(shopper, "USD"), e.wallet(shopper, "JPY"))
			}
			// Confirming again with the same quote moves nothing more.
			if _, err := e.svc.ConfirmWithQuote(e.ctx, r.ID, shopper, pin, q.ID, nil); err != nil {
				t.Fatal(err)
			}
			e.checkFXBooks(start)
			if rng.Intn(2) == 0 {
				if _, err := e.svc.Settle(e.ctx, r.ID); err != nil {
					t.Fatal(err)
				}
				e.checkFXBooks(start)
			}
			left := amount
			for n := 0; left > 0; n++ {
				part := money.Amount(rng.Int63n(int64(left)) + 1)
				if n == 3 {
					part = left
				}
				if _, err := e.svc.Refund(e.ctx, r.ID, fmt.Sprintf("rf_fx%d_%d", i, n), part, "test"); err != nil {
					t.Fatal(err)
				}
				left -= part
				e.checkFXBooks(start)
				if e.wallet(shopper, "JPY").Posted != 0 {
					t.Fatalf("a refund left JPY in the wallet: %+v", e.wallet(shopper, "JPY"))
				}
			}
			if b := e.wallet(shopper, "USD"); b.Posted != 1_000_000 {
				t.Fatalf("order %d: after a full refund the USD wallet holds %d, want 1000000 (quote %+v)", i, b.Posted, q)
			}
		}
		for _, id := range []string{payments.FXAccount("USD"), payments.FXResidueAccount("USD"), payments.FXAccount("JPY")} {
			if b := e.account(id); b.Posted != 0 {
				t.Fatalf("%s holds %d after every order was refunded", id, b.Posted)
			}
		}
	})
}

// TestFXWalletConversion converts between a shopper's own wallets.
func TestFXWalletConversion(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := fxEnv(t, db)
		shopper, other := e.user("usr_s"), e.user("usr_o")
		e.fund(shopper, "USD", 10_000)
		// JPY → USD uses the inverse of the USD/JPY rate.
		q, err := e.svc.NewQuote(e.ctx, payments.QuoteRequest{UserID: shopper, From: "USD", To: "JPY", Sell: 2_500})
		if err != nil {
			t.Fatal(err)
		}
		// 25.00 USD at 151.37 less 1 % = 149.8563 → 3746.4075 → 3746 JPY.
		if q.TargetAmount != 3746 || q.SpreadBps != 100 || q.AppliedRate != "149.8563" || q.MidRate != "151.37" {
			t.Fatalf("quote = %+v", q)
		}
		_, err = e.svc.Convert(e.ctx, other, q.ID)
		wantCode(t, "someone else's quote", err, payments.ErrQuoteNotFound)
		c, err := e.svc.Convert(e.ctx, shopper, q.ID)
		if err != nil {
			t.Fatal(err)
		}
		if again, err := e.svc.Convert(e.ctx, shopper, q.ID); err != nil || again.ID != c.ID {
			t.Fatalf("converting the same quote again: %+v, %v", again, err)
		}
		if e.wallet(shopper, "USD").Posted != 7_500 || e.wallet(shopper, "JPY").Posted != 3746 {
			t.Fatalf("after converting: USD %+v JPY %+v", e.wallet(shopper, "USD"), e.wallet(shopper, "JPY"))
		}
		e.checkFXBooks(map[string]map[string]money.Amount{shopper: {"USD": 10_000}})
		pos, err := e.svc.FXPositions(e.ctx)
		if err != nil {
			t.Fatal(err)
		}
		want := []payments.FXPosition{{Currency: "JPY", Position: -3746}, {Currency: "USD", Position: 2_500 - q.Residue, Residue: q.Residue}}
		if !reflect.DeepEqual(pos, want) {
			t.Fatalf("positions = %+v, want %+v", pos, want)
		}

		// Back: JPY → USD through the inverse rate.
		back, err := e.svc.NewQuote(e.ctx, payments.QuoteRequest{UserID: shopper, From: "JPY", To: "USD", Sell: 3746})
		if err != nil {
			t.Fatal(err)
		}
		if back.MidRate != "0.006606328863" || back.TargetAmount >= 2_500 {
			t.Fatalf("inverse quote = %+v", back)
		}
		// An expired quote moves nothing.
		e.clock.Add(3 * time.Minute)
		_, err = e.svc.Convert(e.ctx, shopper, back.ID)
		wantCode(t, "expired quote", err, payments.ErrQuoteExpired)
		// Not enough money: the linked batch fails whole.
		big, err := e.svc.NewQuote(e.ctx, payments.QuoteRequest{UserID: shopper, From: "USD", To: "JPY", Sell: 7_501})
		if err != nil {
			t.Fatal(err)
		}
		_, err = e.svc.Convert(e.ctx, shopper, big.ID)
		wantLedgerCode(t, "more than the wallet", err, ledger.ErrInsufficientFunds)
		if e.wallet(shopper, "USD").Posted != 7_500 || e.account(payments.FXAccount("JPY")).Posted != -3746 {
			t.Fatal("a failed conversion moved money")
		}
		e.checkFXBooks(map[string]map[string]money.Amount{shopper: {"USD": 10_000}})

		// Bad requests.
		for name, qr := range map[string]payments.QuoteRequest{
			"same currency": {UserID: shopper, From: "USD", To: "USD", Sell: 1},
			"both amounts":  {UserID: shopper, From: "USD", To: "JPY", Sell: 1, Buy: 1},
			"no amount":     {UserID: shopper, From: "USD", To: "JPY"},
			"unknown":       {UserID: shopper, From: "USD", To: "XXX", Sell: 1},
			"no rate (EUR)": {UserID: shopper, From: "USD", To: "EUR", Sell: 100},
		} {
			if _, err := e.svc.NewQuote(e.ctx, qr); payments.Code(err) == "" {
				t.Fatalf("%s: error %v, want a rejection", name, err)
			}
		}
		// A stale rate quotes nothing.
		e.clock.Add(49 * time.Hour)
		_, err = e.svc.NewQuote(e.ctx, payments.QuoteRequest{UserID: shopper, From: "USD", To: "JPY", Sell: 100})
		wantCode(t, "stale rate", err, payments.ErrNoRate)
	})
}

// TestFXQuoteBoundToOrder: a sheet's quote pays only its order, for its
// exact amount; an expired one fails the payment and nothing moves.
func TestFXQuoteBoundToOrder(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := fxEnv(t, db)
		shopper := e.user("usr_s")
		e.fund(shopper, "USD", 100_000)
		mk := func(order string, amt money.Amount) payments.Request {
			r, err := e.svc.CreateRequest(e.ctx, payments.NewRequest{OrderID: order, ShopperID: shopper, BrandID: "org_brand", Currency: "JPY", Amount: amt})
			if err != nil {
				t.Fatal(err)
			}
			return r
		}
		r1, r2 := mk("ord_1", 1000), mk("ord_2", 1000)
		q1, err := e.svc.QuoteForOrder(e.ctx, r1, "USD")
		if err != nil {
			t.Fatal(err)
		}
		_, err = e.svc.ConfirmWithQuote(e.ctx, r2.ID, shopper, pin, q1.ID, nil)
		wantCode(t, "another order's quote", err, payments.ErrQuoteMismatch)
		wallet, err := e.svc.NewQuote(e.ctx, payments.QuoteRequest{UserID: shopper, From: "USD", To: "JPY", Buy: 1000})
		if err != nil {
			t.Fatal(err)
		}
		_, err = e.svc.ConfirmWithQuote(e.ctx, r1.ID, shopper, pin, wallet.ID, nil)
		wantCode(t, "a wallet quote", err, payments.ErrQuoteMismatch)
		_, err = e.svc.Convert(e.ctx, shopper, q1.ID)
		wantCode(t, "an order's quote in the wallet", err, payments.ErrQuoteMismatch)
		e.clock.Add(3 * time.Minute)
		_, err = e.svc.ConfirmWithQuote(e.ctx, r1.ID, shopper, pin, q1.ID, nil)
		wantCode(t, "expired quote", err, payments.ErrQuoteExpired)
		if got, _ := e.svc.GetRequest(e.ctx, r1.ID); got.Status != payments.StatusCreated || e.wallet(shopper, "USD").Posted != 100_000 {
			t.Fatalf("an expired quote moved money: %+v", got)
		}
		e.check()
	})
}

func TestFXRates(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		asOf := time.Date(2026, 12, 4, 12, 0, 0, 0, time.UTC)
		if _, err := e.svc.RecordRates(e.ctx, "operator:usr_ops", []payments.RateInput{{Base: "USD", Quote: "JPY", Rate: "150", AsOf: asOf}}); err != nil {
			t.Fatal(err)
		}
		e.clock.Add(time.Second)
		if _, err := e.svc.RecordRates(e.ctx, "operator:usr_ops", []payments.RateInput{{Base: "usd", Quote: "jpy", Rate: "151.5"}, {Base: "EUR", Quote: "USD", Rate: "1.08"}}); err != nil {
			t.Fatal(err)
		}
		for name, in := range map[string]payments.RateInput{
			"float syntax": {Base: "USD", Quote: "EUR", Rate: "1e2"}, "negative": {Base: "USD", Quote: "EUR", Rate: "-1"},
			"zero": {Base: "USD", Quote: "EUR", Rate: "0.000"}, "same": {Base: "USD", Quote: "USD", Rate: "1"},
			"unknown": {Base: "USD", Quote: "ZZZ", Rate: "1"}, "empty": {Base: "USD", Quote: "EUR"},
		} {
			// One bad rate fails the whole batch.
			_, err := e.svc.RecordRates(e.ctx, "operator:usr_ops", []payments.RateInput{{Base: "USD", Quote: "KRW", Rate: "1400"}, in})
			if payments.Code(err) == "" {
				t.Fatalf("%s: %v", name, err)
			}
		}
		rates, err := e.svc.Rates(e.ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(rates) != 2 || rates[0].Base != "EUR" || rates[1].Rate != "151.5" || rates[1].Source != "operator:usr_ops" || rates[1].CreatedAt == 0 {
			t.Fatalf("rates = %+v", rates)
		}
	})
}

func TestFXRateFeed(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		feed := `{"as_of": "2026-12-04T12:00:00Z", "rates": [{"base": "USD", "quote": "JPY", "rate": "149.9"}]}`
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write([]byte(feed)) }))
		defer srv.Close()
		c := &clock{t: time.Now()}
		l := ledger.New(db, ledger.Options{})
		t.Cleanup(l.Close)
		svc := payments.New(db, l, payments.Options{Now: c.Now, FXFeedClient: srv.Client()})
		got, err := svc.LoadRateFeed(ctx, srv.URL)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 1 || got[0].Source != "url:"+srv.URL || got[0].AsOf != time.Date(2026, 12, 4, 12, 0, 0, 0, time.UTC).UnixMicro() {
			t.Fatalf("loaded %+v", got)
		}
		// The production client dials public addresses only: the test server is on loopback.
		guarded := payments.New(db, l, payments.Options{Now: c.Now})
		if _, err := guarded.LoadRateFeed(ctx, srv.URL); err == nil {
			t.Fatal("the guarded feed client fetched from a loopback address")
		}
		path := filepath.Join(t.TempDir(), "rates.json")
		if err := os.WriteFile(path, []byte(feed), 0o600); err != nil {
			t.Fatal(err)
		}
		if got, err := svc.LoadRateFeed(ctx, path); err != nil || got[0].Source != "file:"+path {
			t.Fatalf("file feed: %+v, %v", got, err)
		}

		// The scheduled job loads the feed and schedules the next slot.
		q := jobs.New(db, nil)
		svc.UseFXFeed(q, path, time.Hour)
		now := time.Now()
		if err := svc.ScheduleFXFeed(ctx, now); err != nil {
			t.Fatal(err)
		}
		if err := svc.ScheduleFXFeed(ctx, now); err != nil { // another node: the same key
			t.Fatal(err)
		}
		countRates := func() int {
			var n int
			if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM fx_rates`).Scan(&n); err != nil {
				t.Fatal(err)
			}
			return n
		}
		if n, err := q.RunDue(ctx, now.Add(time.Second)); err != nil || n != 1 || countRates() != 3 {
			t.Fatalf("first run: %d jobs, %v, %d rates", n, err, countRates())
		}
		if n, err := q.RunDue(ctx, now.Add(61*time.Minute)); err != nil || n != 1 || countRates() != 4 {
			t.Fatalf("next slot: %d jobs, %v, %d rates", n, err, countRates())
		}
	})
}

func TestParseRateFeed(t *testing.T) {
	t.Parallel()
	for name, doc := range map[string]string{
		"number rate":   `{"as_of": "2026-12-04T12:00:00Z", "rates": [{"base": "USD", "quote": "JPY", "rate": 150.2}]}`,
		"no as_of":      `{"rates": [{"base": "USD", "quote": "JPY", "rate": "150.2"}]}`,
		"unknown field": `{"as_of": "2026-12-04T12:00:00Z", "x": 1, "rates": [{"base": "USD", "quote": "JPY", "rate": "150.2"}]}`,
		"empty":         `{"as_of": "2026-12-04T12:00:00Z", "rates": []}`,
		"trailing":      `{"as_of": "2026-12-04T12:00:00Z", "rates": [{"base": "USD", "quote": "JPY", "rate": "1"}]} {}`,
		"bad currency":  `{"as_of": "2026-12-04T12:00:00Z", "rates": [{"base": "usd", "quote": "JPY", "rate": "1"}]}`,
		"exponent":      `{"as_of": "2026-12-04T12:00:00Z", "rates": [{"base": "USD", "quote": "JPY", "rate": "1e3"}]}`,
	} {
		if _, err := payments.ParseRateFeed([]byte(doc)); payments.Code(err) == "" {
			t.Errorf("%s: error %v, want a rejection", name, err)
		}
	}
}

// FuzzParseRateFeed: whatever the feed holds, ParseRateFeed either refuses
// it with a coded error or returns rates that RecordRates' checks accept.
func FuzzParseRateFeed(f *testing.F) {
	f.Add([]byte(`{"as_of": "2026-12-04T12:00:00Z", "rates": [{"base": "USD", "quote": "JPY", "rate": "150.25"}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		rates, err := payments.ParseRateFeed(data)
		if err != nil {
			if payments.Code(err) == "" {
				t.Fatalf("uncoded error %v", err)
			}
			return
		}
		for _, r := range rates {
			d, err := payments.ParseRate(r.Rate)
			if err != nil || !d.IsPositive() || r.Base == r.Quote || r.AsOf.IsZero() {
				t.Fatalf("accepted %+v", r)
			}
		}
	})
}

// TestFXReconcileCatchesTampering: reconciliation compares each conversion
// with the ledger, so a conversion row edited behind the ledger's back (or
// money moved under its id by no FX path) is a problem.
func TestFXReconcileCatchesTampering(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := fxEnv(t, db)
		shopper := e.user("usr_s")
		e.fund(shopper, "USD", 10_000)
		q, err := e.svc.NewQuote(e.ctx, payments.QuoteRequest{UserID: shopper, From: "USD", To: "JPY", Buy: 1000})
		if err != nil {
			t.Fatal(err)
		}
		c, err := e.svc.Convert(e.ctx, shopper, q.ID)
		if err != nil {
			t.Fatal(err)
		}
		e.check()
		if _, err := db.ExecContext(e.ctx, `UPDATE fx_conversions SET target_amount = target_amount + 1 WHERE id = $1`, c.ID); err != nil {
			t.Fatal(err)
		}
		rec, err := e.svc.Reconcile(e.ctx, nil)
		if err != nil || rec.OK || len(rec.Problems) != 1 {
			t.Fatalf("a tampered conversion: %+v, %v", rec, err)
		}
	})
}
