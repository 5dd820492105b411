package commerce

import (
	"encoding/json"
	"errors"
	"fmt"
	"testing"

	"github.com/soukhq/souk/runtime"
	"github.com/soukhq/souk/sandbox"
	"github.com/soukhq/souk/store"
	"github.com/soukhq/souk/store/storetest"
)

// call runs one host API through a real bridge for an event of brand and
// shopper, returning the JSON result or the code JS would see.
func (e *env) call(reg *runtime.Registry, brand, shopper string, granted []string, name, args string) (json.RawMessage, string) {
	e.t.Helper()
	b := reg.Bridge(runtime.HostEvent{AppID: e.app, InstallationID: "ins_" + brand, Granted: granted, BrandID: brand, ShopperID: shopper, Handler: "render"},
		runtime.BridgeLimits{MaxCalls: 1000}, nil)
	out, err := b.CallHost(ctx, name, json.RawMessage(args))
	if err != nil {
		var he *sandbox.HostError
		if !errors.As(err, &he) {
			e.t.Fatalf("%s: host fault %v", name, err)
		}
		return nil, he.Code
	}
	return out, ""
}

func TestHostAPIs(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		reg := runtime.NewRegistry(e.s.HostAPIs()...)
		all := []string{"catalog", "orders", "payments"}
		k := e.sku(e.brand, "12.50", 10)
		theirs := e.sku(e.other, "1.00", 10)
		shopper := e.shopper("100.00")

		// catalog: only the installation's brand.
		out, code := e.call(reg, e.brand, shopper, all, "catalog.list", `{}`)
		var list catalogListResult
		if code != "" || json.Unmarshal(out, &list) != nil || len(list.Products) != 1 || list.Products[0].SKUs[0].Price != "12.50" {
			t.Fatalf("catalog.list: %s %s", code, out)
		}
		if _, code := e.call(reg, e.brand, shopper, all, "catalog.get", fmt.Sprintf(`{"productId":%q}`, theirs.ProductID)); code != "not_found" {
			t.Fatalf("another brand's product: %q", code)
		}
		if _, code := e.call(reg, e.brand, shopper, []string{"orders"}, "catalog.list", `{}`); code != runtime.CodePermissionDenied {
			t.Fatalf("without the permission: %q", code)
		}

		// orders.create: {skuId, qty} only; any price field is invalid_args.
		for _, bad := range []string{
			fmt.Sprintf(`{"lines":[{"skuId":%q,"qty":1,"price":"0.01"}]}`, k.ID),
			fmt.Sprintf(`{"lines":[{"skuId":%q,"qty":1,"unitPrice":1}]}`, k.ID),
			fmt.Sprintf(`{"lines":[{"skuId":%q,"qty":1}],"total":"0.01"}`, k.ID),
			fmt.Sprintf(`{"lines":[{"skuId":%q,"qty":1}],"brandId":%q}`, k.ID, e.other),
			fmt.Sprintf(`{"lines":[{"skuId":%q,"qty":0}]}`, k.ID),
			fmt.Sprintf(`{"lines":[{"skuId":%q,"qty":"1"}]}`, k.ID),
			`{"lines":[]}`,
		} {
			if _, code := e.call(reg, e.brand, shopper, all, "orders.create", bad); code != runtime.CodeInvalidArgs {
				t.Errorf("orders.create %s: %q, want invalid_args", bad, code)
			}
		}
		var n int
		_ = db.QueryRowContext(ctx, `SELECT COUNT(*) FROM commerce_orders`).Scan(&n)
		if _, res := e.stock(k.ID); n != 0 || res != 0 {
			t.Fatalf("rejected calls left %d orders, %d reserved", n, res)
		}
		if _, code := e.call(reg, e.brand, shopper, all, "orders.create", fmt.Sprintf(`{"lines":[{"skuId":%q,"qty":1}]}`, theirs.ID)); code != "not_found" {
			t.Fatalf("another brand's SKU: %q", code)
		}
		out, code = e.call(reg, e.brand, shopper, all, "orders.create", fmt.Sprintf(`{"lines":[{"skuId":%q,"qty":3}]}`, k.ID))
		var o AppOrder
		if code != "" || json.Unmarshal(out, &o) != nil {
			t.Fatalf("orders.create: %s %s", code, out)
		}
		if o.Total != "37.50" || o.Lines[0].UnitPrice != "12.50" || o.State != StatePendingPayment {
			t.Fatalf("order %+v", o)
		}
		stored, _ := e.s.Order(ctx, o.ID)
		if stored.AppID != e.app || stored.InstallationID != "ins_"+e.brand || stored.DeveloperID != e.dev || stored.ShopperID != shopper {
			t.Fatalf("order provenance %+v", stored)
		}

		// orders.get/list: the event's shopper and brand only.
		if _, code := e.call(reg, e.brand, shopper, all, "orders.get", fmt.Sprintf(`{"orderId":%q}`, o.ID)); code != "" {
			t.Fatalf("orders.get own: %q", code)
		}
		if _, code := e.call(reg, e.other, shopper, all, "orders.get", fmt.Sprintf(`{"orderId":%q}`, o.ID)); code != "not_found" {
			t.Fatalf("orders.get from another brand's installation: %q", code)
		}
		if _, code := e.call(reg, e.brand, "usr_someone", all, "orders.get", fmt.Sprintf(`{"orderId":%q}`, o.ID)); code != "not_found" {
			t.Fatalf("orders.get for another shopper: %q", code)
		}
		out, _ = e.call(reg, e.other, shopper, all, "orders.list", `{}`)
		var ol orderListResult
		if json.Unmarshal(out, &ol) != nil || len(ol.Orders) != 0 {
			t.Fatalf("another brand lists %s", out)
		}
		out, _ = e.call(reg, e.brand, shopper, all, "orders.list", `{}`)
		if json.Unmarshal(out, &ol) != nil || len(ol.Orders) != 1 {
			t.Fatalf("own list %s", out)
		}

		// payments.request: amount from the order; the app cannot pay.
		if _, code := e.call(reg, e.other, shopper, all, "payments.request", fmt.Sprintf(`{"orderId":%q}`, o.ID)); code != "not_found" {
			t.Fatalf("payments.request from another brand: %q", code)
		}
		if _, code := e.call(reg, e.brand, shopper, all, "payments.request", fmt.Sprintf(`{"orderId":%q,"amount":"0.01"}`, o.ID)); code != runtime.CodeInvalidArgs {
			t.Fatalf("payments.request with an amount: %q", code)
		}
		out, code = e.call(reg, e.brand, shopper, all, "payments.request", fmt.Sprintf(`{"orderId":%q}`, o.ID))
		var pr paymentRequestResult
		if code != "" || json.Unmarshal(out, &pr) != nil || pr.Amount != "37.50" || pr.Status != "created" {
			t.Fatalf("payments.request: %s %s", code, out)
		}
		if _, err := e.pay.Confirm(ctx, pr.RequestID, shopper, pin, nil); err != nil {
			t.Fatal(err)
		}
		e.get(o.ID, StatePaid)

		// orders.requestRefund: the shopper asks through the app; the brand's
		// policy applies and nothing moves until the brand's staff approve
		// (issue 10, B11). No host API refunds on its own.
		if _, code := e.call(reg, e.brand, shopper, all, "payments.refund", fmt.Sprintf(`{"orderId":%q,"amount":"1.00","reason":"x"}`, o.ID)); code != runtime.CodeUnknownAPI {
			t.Fatalf("payments.refund still exists: %q", code)
		}
		if _, err := e.s.SetRefundPolicy(ctx, e.brand, RefundPolicy{Window: 3600e9, MaxRefundBps: 2000}); err != nil {
			t.Fatal(err)
		}
		ask := func(brand, shopper, granted, args string) (json.RawMessage, string) {
			return e.call(reg, brand, shopper, []string{granted}, "orders.requestRefund", args)
		}
		if _, code := ask(e.brand, shopper, "orders", fmt.Sprintf(`{"orderId":%q,"amount":"7.51","reason":"x"}`, o.ID)); code != ErrRefundPolicy.Code {
			t.Fatalf("refund over the policy: %q", code)
		}
		if _, code := ask(e.other, shopper, "orders", fmt.Sprintf(`{"orderId":%q,"amount":"1.00"}`, o.ID)); code != "not_found" {
			t.Fatalf("asked through another brand's app: %q", code)
		}
		if _, code := ask(e.brand, "usr_someone", "orders", fmt.Sprintf(`{"orderId":%q,"amount":"1.00"}`, o.ID)); code != "not_found" {
			t.Fatalf("asked for another shopper: %q", code)
		}
		if _, code := ask(e.brand, "", "orders", fmt.Sprintf(`{"orderId":%q,"amount":"1.00"}`, o.ID)); code != runtime.CodeInvalidArgs {
			t.Fatalf("asked with no shopper: %q", code)
		}
		if _, code := ask(e.brand, shopper, "orders", fmt.Sprintf(`{"orderId":%q,"amount":"-1"}`, o.ID)); code != runtime.CodeInvalidArgs {
			t.Fatalf("negative refund: %q", code)
		}
		if _, code := ask(e.brand, shopper, "payments", fmt.Sprintf(`{"orderId":%q,"amount":"1.00"}`, o.ID)); code != runtime.CodePermissionDenied {
			t.Fatalf("without the orders permission: %q", code)
		}
		out, code = ask(e.brand, shopper, "orders", fmt.Sprintf(`{"orderId":%q,"amount":"7.50","reason":"late"}`, o.ID))
		if code != "" || json.Unmarshal(out, &o) != nil || o.Refunded != "0.00" || o.State != StateRefundRequested {
			t.Fatalf("refund request: %s %s", code, out)
		}
		if e.wallet(shopper) != usd("62.50") {
			t.Fatalf("a refund request moved money: wallet %d", e.wallet(shopper))
		}
		// The app cannot approve it either; the brand's staff do.
		_, err := e.s.ApproveRefund(ctx, e.brand, o.ID, 0, Actor{Kind: ActorApp, ID: e.app, Brand: e.brand})
		if Code(err) != ErrForbidden.Code {
			t.Fatalf("an app approving a refund: %v", err)
		}
		if _, err := e.s.ApproveRefund(ctx, e.brand, o.ID, 0, Actor{Kind: ActorBrand, ID: "usr_staff"}); err != nil {
			t.Fatal(err)
		}
		if got := e.get(o.ID, StatePaid); got.Refunded != usd("7.50") {
			t.Fatalf("refunded %d", got.Refunded)
		}
		if e.wallet(shopper) != usd("70.00") {
			t.Fatalf("wallet %d", e.wallet(shopper))
		}
		e.checkLedger()
	})
}
