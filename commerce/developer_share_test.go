package commerce

import (
	"testing"
	"time"

	"github.com/soukhq/souk/payments/money"
	"github.com/soukhq/souk/store"
	"github.com/soukhq/souk/store/storetest"
)

// An operator's developer share applies to orders paid after it was set;
// an order paid before keeps its share; both settle exactly.
func TestDeveloperShareSetting(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		if bps, err := e.s.DeveloperShare(ctx, e.dev); err != nil || bps != defaultShareBps {
			t.Fatalf("default share %d, %v", bps, err)
		}
		for _, bad := range []money.Bps{-1, 10001} {
			if err := e.s.SetDeveloperShare(ctx, e.dev, bad); !isCode(err, ErrInvalid) {
				t.Fatalf("share %d: %v", bad, err)
			}
		}
		k := e.sku(e.brand, "20.00", 5)
		shopper := e.shopper("100.00")
		before := e.paid(shopper, k, 1)
		if err := e.s.SetDeveloperShare(ctx, e.dev, 2500); err != nil {
			t.Fatal(err)
		}
		if bps, err := e.s.DeveloperShare(ctx, e.dev); err != nil || bps != 2500 {
			t.Fatalf("share %d, %v", bps, err)
		}
		after := e.paid(shopper, k, 2)
		for o, want := range map[string]money.Bps{before.ID: 1000, after.ID: 2500} {
			got := e.get(o, StatePaid)
			r, err := e.pay.GetRequest(ctx, got.PaymentRequestID)
			if err != nil || r.DeveloperShareBps != want || r.DeveloperID != e.dev {
				t.Fatalf("order %s: request share %d to %q, %v; want %d", o, r.DeveloperShareBps, r.DeveloperID, err, want)
			}
		}
		for _, o := range []Order{before, after} {
			if _, err := e.s.ConfirmReceipt(ctx, shopper, e.delivered(o).ID); err != nil {
				t.Fatal(err)
			}
		}
		e.runJobs(8 * 24 * time.Hour)
		wantDev := usd("20.00")*1000/10000 + usd("40.00")*2500/10000
		wantFee := usd("60.00") * 500 / 10000
		gb, gd, gf := e.balances("USD")
		if gd != wantDev || gf != wantFee || gb != usd("60.00")-wantDev-wantFee {
			t.Fatalf("brand %d dev %d fees %d; want dev %d fees %d", gb, gd, gf, wantDev, wantFee)
		}
		e.checkLedger()
	})
}
