package api_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/soukhq/souk/api"
	"github.com/soukhq/souk/commerce"
	"github.com/soukhq/souk/identity"
	"github.com/soukhq/souk/marketplace"
	"github.com/soukhq/souk/store"
	"github.com/soukhq/souk/store/storetest"
)

// A shopper buys from a brand through the developer org's app; the order
// completes and settles the developer's share to its org. The org's owner
// reads the share and pays it out over HTTP (a developer who is not the
// owner may not); the simulated bank confirms; the share, the bank and the
// brand's balance are right, and the admin's ledger check (ledger and
// order reconciliation) holds. Both backends.
func TestDeveloperPayoutOverHTTP(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		w := newWorld(t, h)
		devOwner, shopper, admin := w.tokens["developer"], w.users["shopper"].ID, w.tokens["admin"]
		app, err := marketplace.New(db, nil).CreateApp(t0ctx, w.devOrg, "payout-app", "Payout app")
		if err != nil {
			t.Fatal(err)
		}
		p, err := h.com.CreateProduct(t0ctx, w.brand, commerce.ProductInput{Title: "Teapot", Currency: "USD"})
		if err != nil {
			t.Fatal(err)
		}
		k, err := h.com.AddSKU(t0ctx, w.brand, p.ID, commerce.SKUInput{Price: usd("200.00"), OnHand: 1})
		if err != nil {
			t.Fatal(err)
		}
		o, err := h.com.CreateOrder(t0ctx, commerce.NewOrder{ShopperID: shopper, BrandID: w.brand, AppID: app.ID,
			InstallationID: "ins_payout", Lines: []commerce.LineInput{{SKUID: k.ID, Qty: 1}}})
		if err != nil || o.DeveloperID != w.devOrg {
			t.Fatalf("order through the app: %+v, %v", o, err)
		}
		w.fund(shopper, "200.00")
		r := h.do("POST", "/api/v1/orders/"+o.ID+"/payment", w.tokens["shopper"], nil)
		var pr api.PaymentRequestView
		if err := json.Unmarshal(r.Body, &pr); err != nil || r.Status != 200 {
			t.Fatalf("payment request: %d %s", r.Status, r.Body)
		}
		if r := h.do("POST", "/api/v1/payment-requests/"+pr.ID+"/confirm", w.tokens["shopper"], map[string]string{"pin": shopperPIN}); r.Status != 200 {
			t.Fatalf("confirm: %d %s", r.Status, r.Body)
		}
		if err := db.InTx(t0ctx, func(tx *store.Tx) error {
			if _, err := h.com.MarkShippedTx(t0ctx, tx, o.ID, commerce.Actor{Kind: commerce.ActorBrand, ID: w.brand}, nil); err != nil {
				return err
			}
			_, err := h.com.MarkDeliveredTx(t0ctx, tx, o.ID, commerce.Actor{Kind: commerce.ActorCarrier, ID: "sim"}, nil)
			return err
		}); err != nil {
			t.Fatal(err)
		}
		if r := h.do("POST", "/api/v1/orders/"+o.ID+"/confirm-receipt", w.tokens["shopper"], nil); r.Status != 200 {
			t.Fatalf("confirm receipt: %d %s", r.Status, r.Body)
		}
		if _, err := h.jobs.RunDue(t0ctx, time.Now().Add(time.Second)); err != nil {
			t.Fatal(err)
		}
		revenue := func() map[string]any {
			t.Helper()
			r := h.do("GET", "/api/v1/orgs/"+w.devOrg+"/revenue", devOwner, nil)
			data, _ := r.json(t)["data"].([]any)
			if r.Status != 200 || len(data) != 1 {
				t.Fatalf("revenue: %d %s", r.Status, r.Body)
			}
			return data[0].(map[string]any)
		}
		// The default share is 10 % of 200.00.
		if rev := revenue(); rev["available"] != "20.00" {
			t.Fatalf("developer share after settlement: %v", rev)
		}
		brandBefore := h.do("GET", "/api/v1/orgs/"+w.brand+"/balances", w.tokens["brand_owner"], nil).json(t)["data"]

		// A developer of the org who is not its owner may not pay out.
		dev2, tok2 := h.user("second-dev")
		if _, err := h.ids.AddMember(t0ctx, w.users["developer"].ID, w.devOrg, dev2.Email, identity.MemberDeveloper); err != nil {
			t.Fatal(err)
		}
		body := map[string]string{"id": "dev-payout-1", "currency": "USD", "amount": "15.00"}
		if r := h.do("POST", "/api/v1/orgs/"+w.devOrg+"/payouts", tok2, body); r.Status != 403 {
			t.Fatalf("a developer pays out: %d %s", r.Status, r.Body)
		}
		if r := h.do("POST", "/api/v1/orgs/"+w.devOrg+"/payouts", devOwner, map[string]string{"id": "dev-payout-0", "currency": "USD", "amount": "20.01"}); r.Status != 409 {
			t.Fatalf("more than the share: %d %s", r.Status, r.Body)
		}
		r = h.do("POST", "/api/v1/orgs/"+w.devOrg+"/payouts", devOwner, body)
		if r.Status != 202 || r.json(t)["status"] != "pending" || r.json(t)["kind"] != "payout" {
			t.Fatalf("payout: %d %s", r.Status, r.Body)
		}
		opID := r.json(t)["id"].(string)
		if rev := revenue(); rev["available"] != "5.00" || rev["pending_debits"] != "15.00" {
			t.Fatalf("share during the payout: %v", rev)
		}
		if r := h.do("POST", "/api/v1/admin/simbank/"+opID, admin, map[string]bool{"succeeded": true}); r.Status != 200 || r.json(t)["status"] != "succeeded" {
			t.Fatalf("bank confirms: %d %s", r.Status, r.Body)
		}
		if r := h.do("GET", "/api/v1/orgs/"+w.devOrg+"/payouts/dev-payout-1", devOwner, nil); r.Status != 200 || r.json(t)["status"] != "succeeded" {
			t.Fatalf("read back the payout: %d %s", r.Status, r.Body)
		}
		if r := h.do("GET", "/api/v1/orgs/"+w.devOrg+"/payouts/"+opID, tok2, nil); r.Status != 403 {
			t.Fatalf("a developer reads the payout: %d %s", r.Status, r.Body)
		}
		if rev := revenue(); rev["available"] != "5.00" || rev["posted"] != "5.00" || rev["pending_debits"] != "0.00" {
			t.Fatalf("share after the payout: %v", rev)
		}
		bank := h.do("GET", "/api/v1/admin/balances?owner_id=platform", admin, nil).json(t)["data"].([]any)
		// 200.00 in from the shopper's top-up, 15.00 out to the developer's bank.
		var bankUSD any
		for _, b := range bank {
			if b := b.(map[string]any); b["account"] == "bank:USD" {
				bankUSD = b["posted"]
			}
		}
		if bankUSD != "-185.00" {
			t.Fatalf("bank account posted %v, want -185.00: %v", bankUSD, bank)
		}
		if after := h.do("GET", "/api/v1/orgs/"+w.brand+"/balances", w.tokens["brand_owner"], nil).json(t)["data"]; !jsonEqual(after, brandBefore) {
			t.Fatalf("the brand's balance moved: %v, was %v", after, brandBefore)
		}
		check := h.do("GET", "/api/v1/admin/ledger/check", admin, nil)
		if check.Status != 200 || check.json(t)["ok"] != true {
			t.Fatalf("ledger check: %d %s", check.Status, check.Body)
		}
	})
}

func jsonEqual(a, b any) bool {
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	return string(x) == string(y)
}
