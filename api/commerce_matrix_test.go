package api_test

import (
	"bytes"
	"fmt"
	"sync"

	"github.com/soukhq/souk/commerce"
	"github.com/soukhq/souk/store"
)

// pngBytes sniff as image/png.
var pngBytes = append([]byte("\x89PNG\r\n\x1a\n"), bytes.Repeat([]byte{0}, 64)...)

// commerce fixtures for the authorization matrix, made through the service.

func (w *world) sku() commerce.SKU {
	w.h.t.Helper()
	p, err := w.h.com.CreateProduct(t0ctx, w.brand, commerce.ProductInput{Title: "Mug", Currency: "USD"})
	if err != nil {
		w.h.t.Fatal(err)
	}
	k, err := w.h.com.AddSKU(t0ctx, w.brand, p.ID, commerce.SKUInput{Options: map[string]string{"colour": "blue"}, Price: usd("4.00"), OnHand: 100})
	if err != nil {
		w.h.t.Fatal(err)
	}
	return k
}

// buyerID is the role's user (the shopper for anonymous).
func (w *world) buyerID(role string) string {
	if u, ok := w.users[role]; ok {
		return u.ID
	}
	return w.users["shopper"].ID
}

func (w *world) pendingOrder(role string) commerce.Order {
	w.h.t.Helper()
	o, err := w.h.com.CreateOrder(t0ctx, commerce.NewOrder{ShopperID: w.buyerID(role), BrandID: w.brand, Lines: []commerce.LineInput{{SKUID: w.sku().ID, Qty: 1}}})
	if err != nil {
		w.h.t.Fatal(err)
	}
	return o
}

var pinned sync.Map // user id → PIN set

func (w *world) paidOrder(role string) commerce.Order {
	w.h.t.Helper()
	id := w.buyerID(role)
	if _, done := pinned.Load(id); !done {
		if err := w.h.pay.SetPIN(t0ctx, id, shopperPIN); err != nil {
			w.h.t.Fatal(err)
		}
		pinned.Store(id, true)
	}
	w.fund(id, "4.00")
	o := w.pendingOrder(role)
	r, err := w.h.com.RequestPayment(t0ctx, o.ID, commerce.Actor{Kind: commerce.ActorShopper, ID: id})
	if err != nil {
		w.h.t.Fatal(err)
	}
	if _, err := w.h.pay.Confirm(t0ctx, r.ID, id, shopperPIN, nil); err != nil {
		w.h.t.Fatal(err)
	}
	return o
}

func (w *world) deliveredOrder(role string) commerce.Order {
	w.h.t.Helper()
	o := w.paidOrder(role)
	err := w.h.db.InTx(t0ctx, func(tx *store.Tx) error {
		if _, err := w.h.com.MarkShippedTx(t0ctx, tx, o.ID, commerce.System, nil); err != nil {
			return err
		}
		_, err := w.h.com.MarkDeliveredTx(t0ctx, tx, o.ID, commerce.System, nil)
		return err
	})
	if err != nil {
		w.h.t.Fatal(err)
	}
	return o
}

func (w *world) refundRequestedOrder() commerce.Order {
	w.h.t.Helper()
	o := w.paidOrder("shopper")
	if _, err := w.h.com.RequestRefund(t0ctx, o.ShopperID, o.ID, usd("1.00"), "chipped"); err != nil {
		w.h.t.Fatal(err)
	}
	return o
}

func (w *world) disputedOrder() commerce.Order {
	w.h.t.Helper()
	o := w.paidOrder("shopper")
	if _, err := w.h.com.OpenDispute(t0ctx, o.ShopperID, o.ID, 0, "never came"); err != nil {
		w.h.t.Fatal(err)
	}
	return o
}

func init() {
	staff := map[string]int{"anonymous": 401, "brand_owner": 200, "brand_manager": 200, "brand_agent": 200, "*": 404}
	writers := map[string]int{"anonymous": 401, "brand_owner": 200, "brand_manager": 200, "brand_agent": 403, "*": 404}
	created := map[string]int{"anonymous": 401, "brand_owner": 201, "brand_manager": 201, "brand_agent": 403, "*": 404}
	users := map[string]int{"anonymous": 401, "*": 200}
	org := func(w *world, rest string) string { return "/api/v1/orgs/" + w.brand + rest }

	matrix["list-brand-products"] = matrixCase{
		request: func(w *world, role string) (string, any) { return org(w, "/products"), nil },
		want:    staff,
	}
	matrix["create-product"] = matrixCase{
		request: func(w *world, role string) (string, any) {
			return org(w, "/products"), map[string]string{"title": "Teapot", "currency": "USD"}
		},
		want: created,
	}
	matrix["get-brand-product"] = matrixCase{
		request: func(w *world, role string) (string, any) { return org(w, "/products/"+w.sku().ProductID), nil },
		want:    staff,
	}
	matrix["update-product"] = matrixCase{
		request: func(w *world, role string) (string, any) {
			return org(w, "/products/"+w.sku().ProductID), map[string]string{"title": "Big mug", "status": "archived"}
		},
		want: writers,
	}
	matrix["create-sku"] = matrixCase{
		request: func(w *world, role string) (string, any) {
			return org(w, "/products/"+w.sku().ProductID+"/skus"), map[string]any{"options": map[string]string{"colour": "red"}, "price": "4.50", "on_hand": 3}
		},
		want: created,
	}
	matrix["update-sku"] = matrixCase{
		request: func(w *world, role string) (string, any) {
			return org(w, "/skus/"+w.sku().ID), map[string]any{"price": "5.00"}
		},
		want: writers,
	}
	matrix["set-stock"] = matrixCase{
		request: func(w *world, role string) (string, any) {
			return org(w, "/skus/"+w.sku().ID+"/stock"), map[string]any{"on_hand": 7}
		},
		want: writers,
	}
	// The matrix sends JSON: an authorized writer reaches the handler and
	// is told the media type is wrong (415); real uploads are tested in
	// commerce_http_test.go.
	matrix["upload-product-image"] = matrixCase{
		request: func(w *world, role string) (string, any) {
			return org(w, "/products/"+w.sku().ProductID+"/images"), pngBytes
		},
		want: map[string]int{"anonymous": 401, "brand_owner": 415, "brand_manager": 415, "brand_agent": 403, "*": 404},
	}
	matrix["get-product-image"] = matrixCase{
		request: func(w *world, role string) (string, any) {
			p, err := w.h.com.UploadImage(t0ctx, w.brand, w.sku().ProductID, "image/png", bytes.NewReader(pngBytes))
			if err != nil {
				w.h.t.Fatal(err)
			}
			return "/api/v1/catalog/image?key=" + p.Images[0], nil
		},
		want: map[string]int{"*": 200},
	}
	matrix["get-refund-policy"] = matrixCase{
		request: func(w *world, role string) (string, any) { return org(w, "/refund-policy"), nil },
		want:    staff,
	}
	matrix["set-refund-policy"] = matrixCase{
		request: func(w *world, role string) (string, any) {
			return org(w, "/refund-policy"), map[string]int{"window_hours": 720, "max_refund_bps": 10000}
		},
		want: writers,
	}
	matrix["list-my-orders"] = matrixCase{
		request: func(w *world, role string) (string, any) { return "/api/v1/orders", nil },
		want:    users,
	}
	matrix["create-order"] = matrixCase{
		request: func(w *world, role string) (string, any) {
			return "/api/v1/orders", map[string]any{"brand_id": w.brand, "lines": []map[string]any{{"sku_id": w.sku().ID, "qty": 2}}}
		},
		want: map[string]int{"anonymous": 401, "*": 201},
	}
	matrix["get-my-order"] = matrixCase{
		request: func(w *world, role string) (string, any) { return "/api/v1/orders/" + w.pendingOrder(role).ID, nil },
		want:    users,
	}
	matrix["request-order-payment"] = matrixCase{
		request: func(w *world, role string) (string, any) {
			return "/api/v1/orders/" + w.pendingOrder(role).ID + "/payment", nil
		},
		want: users,
	}
	matrix["cancel-my-order"] = matrixCase{
		request: func(w *world, role string) (string, any) {
			return "/api/v1/orders/" + w.pendingOrder(role).ID + "/cancel", nil
		},
		want: users,
	}
	matrix["confirm-receipt"] = matrixCase{
		request: func(w *world, role string) (string, any) {
			if role == "anonymous" {
				return "/api/v1/orders/ord_none/confirm-receipt", nil
			}
			return "/api/v1/orders/" + w.deliveredOrder(role).ID + "/confirm-receipt", nil
		},
		want: users,
	}
	matrix["request-refund"] = matrixCase{
		request: func(w *world, role string) (string, any) {
			if role == "anonymous" {
				return "/api/v1/orders/ord_none/refund-request", map[string]string{}
			}
			return "/api/v1/orders/" + w.paidOrder(role).ID + "/refund-request", map[string]string{"amount": "1.00", "reason": "chipped"}
		},
		want: users,
	}
	matrix["open-dispute"] = matrixCase{
		request: func(w *world, role string) (string, any) {
			if role == "anonymous" {
				return "/api/v1/orders/ord_none/dispute", map[string]string{"reason": "x"}
			}
			return "/api/v1/orders/" + w.paidOrder(role).ID + "/dispute", map[string]string{"reason": "never came"}
		},
		want: users,
	}
	matrix["list-brand-orders"] = matrixCase{
		request: func(w *world, role string) (string, any) { return org(w, "/orders?state=pending_payment"), nil },
		want:    staff,
	}
	matrix["get-brand-order"] = matrixCase{
		request: func(w *world, role string) (string, any) { return org(w, "/orders/"+w.pendingOrder("shopper").ID), nil },
		want:    staff,
	}
	matrix["approve-refund"] = matrixCase{
		request: func(w *world, role string) (string, any) {
			return org(w, "/orders/"+w.refundRequestedOrder().ID+"/refund/approve"), map[string]string{"amount": "0.50"}
		},
		want: writers,
	}
	matrix["decline-refund"] = matrixCase{
		request: func(w *world, role string) (string, any) {
			return org(w, "/orders/"+w.refundRequestedOrder().ID+"/refund/decline"), map[string]string{"reason": "used"}
		},
		want: writers,
	}
	matrix["cancel-brand-order"] = matrixCase{
		request: func(w *world, role string) (string, any) {
			return org(w, "/orders/"+w.pendingOrder("shopper").ID+"/cancel"), nil
		},
		want: staff,
	}
	matrix["admin-resolve-dispute"] = matrixCase{
		request: func(w *world, role string) (string, any) {
			return fmt.Sprintf("/api/v1/admin/orders/%s/dispute/resolve", w.disputedOrder().ID), map[string]any{"for_shopper": true, "reason": "photos"}
		},
		want: map[string]int{"anonymous": 401, "admin": 200, "*": 403},
	}
}
