package api_test

import (
	"fmt"
	"time"

	"github.com/soukhq/souk/commerce"
	"github.com/soukhq/souk/payments"
	"github.com/soukhq/souk/store"
)

// Fixtures for links, payment codes and coupons (issue 17).

// storefront gives the world's brand an active installation (once).
func (w *world) storefront() string {
	w.h.t.Helper()
	var id string
	if err := w.h.db.QueryRowContext(t0ctx, `SELECT id FROM installations WHERE brand_org_id = $1 AND status = 'active'`, w.brand).Scan(&id); err == nil {
		return id
	}
	app, id := store.NewID("app"), store.NewID("ins")
	if _, err := w.h.db.ExecContext(t0ctx, `INSERT INTO apps (id, org_id, slug, name, created_at) VALUES ($1, $2, $3, 'Shop', $4)`,
		app, w.brand, fmt.Sprintf("shop-%d", emailSeq.Add(1)), store.Now()); err != nil {
		w.h.t.Fatal(err)
	}
	if _, err := w.h.db.ExecContext(t0ctx, `INSERT INTO installations (id, app_id, brand_org_id, version, granted, config, status, created_by,
		created_at, updated_at) VALUES ($1, $2, $3, '1.0.0', '[]', '{}', 'active', 'usr_x', $4, $4)`, id, app, w.brand, store.Now()); err != nil {
		w.h.t.Fatal(err)
	}
	return id
}

func (w *world) productLink() commerce.Link {
	w.h.t.Helper()
	w.storefront()
	l, err := w.h.com.CreateLink(t0ctx, commerce.NewLink{BrandID: w.brand, Kind: commerce.LinkProduct, Target: w.sku().ProductID})
	if err != nil {
		w.h.t.Fatal(err)
	}
	return l
}

func (w *world) dynamicCode(amount string) payments.PayCode {
	w.h.t.Helper()
	c, err := w.h.pay.CreatePayCode(t0ctx, payments.NewPayCode{BrandID: w.brand, Currency: "USD", Amount: usd(amount)})
	if err != nil {
		w.h.t.Fatal(err)
	}
	return c
}

func (w *world) brandCoupon() commerce.Coupon {
	w.h.t.Helper()
	c, err := w.h.com.CreateCoupon(t0ctx, w.brand, commerce.CouponInput{Name: "1 off", Kind: commerce.CouponAmount, Currency: "USD",
		AmountOff: usd("1.00"), StartsAt: time.Now().Add(-time.Minute), EndsAt: time.Now().Add(time.Hour), Quantity: 100},
		commerce.Actor{Kind: commerce.ActorBrand, ID: w.users["brand_owner"].ID})
	if err != nil {
		w.h.t.Fatal(err)
	}
	return c
}

// shopperClaimOrder is a pending 4.00 order of the shopper and a claim of
// theirs that applies to it.
func (w *world) shopperClaimOrder() (commerce.Order, commerce.Claim) {
	w.h.t.Helper()
	k, err := w.h.com.ClaimCoupon(t0ctx, commerce.ClaimInput{CouponID: w.brandCoupon().ID, ShopperID: w.users["shopper"].ID, Via: commerce.ClaimViaShell})
	if err != nil {
		w.h.t.Fatal(err)
	}
	return w.pendingOrder("shopper"), k
}

var couponBody = func() map[string]any {
	return map[string]any{"name": "Spring", "kind": "percent", "currency": "USD", "percent_off": "10.00", "max_off": "5.00",
		"min_spend": "20.00", "starts_at": time.Now().Add(-time.Minute).UTC().Format(time.RFC3339),
		"ends_at": time.Now().Add(24 * time.Hour).UTC().Format(time.RFC3339), "quantity": 10}
}

func init() {
	read := map[string]int{"anonymous": 401, "brand_owner": 200, "brand_manager": 200, "brand_agent": 200, "*": 404}
	write := map[string]int{"anonymous": 401, "brand_owner": 200, "brand_manager": 200, "brand_agent": 403, "*": 404}
	created := map[string]int{"anonymous": 401, "brand_owner": 201, "brand_manager": 201, "brand_agent": 403, "*": 404}
	anyone := map[string]int{"*": 200}
	users := map[string]int{"anonymous": 401, "*": 200}
	onlyShopper := map[string]int{"anonymous": 401, "shopper": 200, "*": 404}

	matrix["create-brand-link"] = matrixCase{
		request: func(w *world, role string) (string, any) {
			w.storefront()
			return "/api/v1/orgs/" + w.brand + "/links", map[string]any{"kind": "product", "target": w.sku().ProductID}
		},
		want: created,
	}
	matrix["list-brand-links"] = matrixCase{
		request: func(w *world, role string) (string, any) { return "/api/v1/orgs/" + w.brand + "/links", nil },
		want:    read,
	}
	matrix["get-brand-link"] = matrixCase{
		request: func(w *world, role string) (string, any) {
			return "/api/v1/orgs/" + w.brand + "/links/" + w.productLink().Code, nil
		},
		want: read,
	}
	matrix["update-brand-link"] = matrixCase{
		request: func(w *world, role string) (string, any) {
			return "/api/v1/orgs/" + w.brand + "/links/" + w.productLink().Code, map[string]string{"status": "disabled"}
		},
		want: write,
	}
	matrix["get-link"] = matrixCase{
		request: func(w *world, role string) (string, any) { return "/api/v1/links/" + w.productLink().Code, nil },
		want:    anyone,
	}
	matrix["get-link-qr-png"] = matrixCase{
		request: func(w *world, role string) (string, any) {
			return "/api/v1/links/" + w.productLink().Code + "/qr.png", nil
		},
		want: anyone,
	}
	matrix["get-link-qr-svg"] = matrixCase{
		request: func(w *world, role string) (string, any) {
			return "/api/v1/links/" + w.productLink().Code + "/qr.svg", nil
		},
		want: anyone,
	}

	matrix["list-brand-payment-codes"] = matrixCase{
		request: func(w *world, role string) (string, any) { return "/api/v1/orgs/" + w.brand + "/payment-codes", nil },
		want:    read,
	}
	matrix["create-brand-payment-code"] = matrixCase{
		request: func(w *world, role string) (string, any) {
			return "/api/v1/orgs/" + w.brand + "/payment-codes", map[string]any{"currency": "USD", "amount": "2.50", "note": "table 4"}
		},
		want: created,
	}
	matrix["brand-static-payment-code"] = matrixCase{
		request: func(w *world, role string) (string, any) {
			return "/api/v1/orgs/" + w.brand + "/payment-codes/static", map[string]any{"currency": "USD"}
		},
		want: write,
	}
	matrix["update-brand-payment-code"] = matrixCase{
		request: func(w *world, role string) (string, any) {
			return "/api/v1/orgs/" + w.brand + "/payment-codes/" + w.dynamicCode("1.00").ID, map[string]string{"status": "disabled"}
		},
		want: write,
	}
	matrix["list-brand-payment-code-payments"] = matrixCase{
		request: func(w *world, role string) (string, any) {
			return "/api/v1/orgs/" + w.brand + "/payment-code-payments", nil
		},
		want: read,
	}
	matrix["get-payment-code"] = matrixCase{
		request: func(w *world, role string) (string, any) {
			return "/api/v1/payment-codes/" + w.dynamicCode("1.00").ID, nil
		},
		want: users,
	}
	matrix["get-payment-code-qr-png"] = matrixCase{
		request: func(w *world, role string) (string, any) {
			return "/api/v1/payment-codes/" + w.dynamicCode("1.00").ID + "/qr.png", nil
		},
		want: anyone,
	}
	matrix["pay-payment-code"] = matrixCase{
		request: func(w *world, role string) (string, any) {
			if u, ok := w.users[role]; ok {
				if _, done := pinned.Load(u.ID); !done {
					if err := w.h.pay.SetPIN(t0ctx, u.ID, shopperPIN); err != nil {
						w.h.t.Fatal(err)
					}
					pinned.Store(u.ID, true)
				}
				w.fund(u.ID, "1.00")
			}
			return "/api/v1/payment-codes/" + w.dynamicCode("1.00").ID + "/pay",
				map[string]string{"client_id": fmt.Sprintf("pc-%d", emailSeq.Add(1)), "pin": shopperPIN}
		},
		// Every signed-in user is a shopper who may pay a brand's code.
		want: users,
	}
	matrix["list-my-payment-code-payments"] = matrixCase{
		request: func(w *world, role string) (string, any) { return "/api/v1/me/payment-code-payments", nil },
		want:    users,
	}

	matrix["create-brand-coupon"] = matrixCase{
		request: func(w *world, role string) (string, any) { return "/api/v1/orgs/" + w.brand + "/coupons", couponBody() },
		want:    created,
	}
	matrix["list-brand-coupons"] = matrixCase{
		request: func(w *world, role string) (string, any) { return "/api/v1/orgs/" + w.brand + "/coupons", nil },
		want:    read,
	}
	matrix["update-brand-coupon"] = matrixCase{
		request: func(w *world, role string) (string, any) {
			return "/api/v1/orgs/" + w.brand + "/coupons/" + w.brandCoupon().ID, map[string]string{"status": "disabled"}
		},
		want: write,
	}
	matrix["admin-create-coupon"] = matrixCase{
		request: func(w *world, role string) (string, any) {
			b := couponBody()
			b["funded_by"] = "platform"
			return "/api/v1/admin/brands/" + w.brand + "/coupons", b
		},
		want: map[string]int{"anonymous": 401, "admin": 201, "*": 403},
	}
	matrix["get-coupon"] = matrixCase{
		request: func(w *world, role string) (string, any) { return "/api/v1/coupons/" + w.brandCoupon().ID, nil },
		want:    anyone,
	}
	matrix["claim-coupon"] = matrixCase{
		request: func(w *world, role string) (string, any) {
			return "/api/v1/coupons/" + w.brandCoupon().ID + "/claim", map[string]string{"via": "shell"}
		},
		want: users,
	}
	matrix["list-my-coupons"] = matrixCase{
		request: func(w *world, role string) (string, any) { return "/api/v1/me/coupons", nil },
		want:    users,
	}
	matrix["list-order-coupons"] = matrixCase{
		request: func(w *world, role string) (string, any) {
			o, _ := w.shopperClaimOrder()
			return "/api/v1/orders/" + o.ID + "/coupons", nil
		},
		want: onlyShopper,
	}
	matrix["apply-order-coupon"] = matrixCase{
		request: func(w *world, role string) (string, any) {
			o, k := w.shopperClaimOrder()
			return "/api/v1/orders/" + o.ID + "/coupon", map[string]string{"claim_id": k.ID}
		},
		want: onlyShopper,
	}
}
