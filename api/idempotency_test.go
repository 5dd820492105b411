package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/soukhq/souk/api"
	"github.com/soukhq/souk/commerce"
	"github.com/soukhq/souk/store"
	"github.com/soukhq/souk/store/storetest"
)

const idemHeader = "Idempotency-Key"

// sameReplay fails unless b replays a: same status and body, flagged.
func sameReplay(t *testing.T, what string, a, b response) {
	t.Helper()
	if a.Status != b.Status || !bytes.Equal(a.Body, b.Body) {
		t.Fatalf("%s: retry %d %s; first %d %s", what, b.Status, b.Body, a.Status, a.Body)
	}
	if b.Header.Get("Idempotent-Replayed") != "true" {
		t.Fatalf("%s: the retry is not flagged as replayed", what)
	}
}

// A retry of POST /api/v1/orders after a lost reply is the same order (on
// main it was a second order); refund request, approval and confirm-receipt
// answer a retry of a request that succeeded with its first answer instead
// of 409; a key reused for another request is 409 idempotency_key_reused;
// keys are per caller.
func TestIdempotencyKeyRetriesAnswerTheFirstResponse(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		w := newWorld(t, h)
		shopper, owner := w.tokens["shopper"], w.tokens["brand_owner"]
		sku := w.sku()
		orderBody := map[string]any{"brand_id": w.brand, "lines": []map[string]any{{"sku_id": sku.ID, "qty": 1}}}

		before := h.count("commerce_orders")
		first := h.do("POST", "/api/v1/orders", shopper, orderBody, idemHeader, "order-1")
		if first.Status != 201 {
			t.Fatalf("create order: %d %s", first.Status, first.Body)
		}
		if first.Header.Get("Idempotent-Replayed") != "" {
			t.Fatal("a first request is flagged as replayed")
		}
		sameReplay(t, "create order", first, h.do("POST", "/api/v1/orders", shopper, orderBody, idemHeader, "order-1"))
		if n := h.count("commerce_orders") - before; n != 1 {
			t.Fatalf("%d orders for one key", n)
		}
		// The same key with another request.
		other := map[string]any{"brand_id": w.brand, "lines": []map[string]any{{"sku_id": sku.ID, "qty": 2}}}
		if r := h.do("POST", "/api/v1/orders", shopper, other, idemHeader, "order-1"); r.Status != 409 || r.errorCode() != "idempotency_key_reused" {
			t.Fatalf("key reused with another body: %d %s", r.Status, r.Body)
		}
		if r := h.do("POST", "/api/v1/orders/x/cancel", shopper, nil, idemHeader, "order-1"); r.Status != 409 || r.errorCode() != "idempotency_key_reused" {
			t.Fatalf("key reused on another route: %d %s", r.Status, r.Body)
		}
		// Keys are per caller: another shopper's identical key is theirs.
		_, other2 := h.user("other")
		r := h.do("POST", "/api/v1/orders", other2, orderBody, idemHeader, "order-1")
		if r.Status != 201 || r.Header.Get("Idempotent-Replayed") != "" || bytes.Equal(r.Body, first.Body) {
			t.Fatalf("another caller's key: %d %s", r.Status, r.Body)
		}
		if n := h.count("commerce_orders") - before; n != 2 {
			t.Fatalf("%d orders, want 2", n)
		}
		// Bad keys are refused before anything runs.
		if r := h.do("POST", "/api/v1/orders", shopper, orderBody, idemHeader, strings.Repeat("k", 256)); r.Status != 400 || r.errorCode() != "idempotency_key_invalid" {
			t.Fatalf("long key: %d %s", r.Status, r.Body)
		}

		// Refund request, then its approval, each retried.
		o := w.paidOrder("shopper")
		path := "/api/v1/orders/" + o.ID + "/refund-request"
		claim := map[string]string{"amount": "1.00", "reason": "chipped"}
		a := h.do("POST", path, shopper, claim, idemHeader, "refund-1")
		if a.Status != 200 {
			t.Fatalf("refund request: %d %s", a.Status, a.Body)
		}
		sameReplay(t, "refund request", a, h.do("POST", path, shopper, claim, idemHeader, "refund-1"))
		if r := h.do("POST", path, shopper, claim); r.Status != 409 {
			t.Fatalf("a retry without a key: %d %s (want the old 409)", r.Status, r.Body)
		}
		walletBefore := h.walletPosted(o.ShopperID)
		approve := "/api/v1/orgs/" + w.brand + "/orders/" + o.ID + "/refund/approve"
		a = h.do("POST", approve, owner, map[string]string{"amount": "1.00"}, idemHeader, "approve-1")
		if a.Status != 200 {
			t.Fatalf("approve: %d %s", a.Status, a.Body)
		}
		sameReplay(t, "approve refund", a, h.do("POST", approve, owner, map[string]string{"amount": "1.00"}, idemHeader, "approve-1"))
		if got, want := h.walletPosted(o.ShopperID), addUSD(walletBefore, 100); got != want {
			t.Fatalf("wallet %s after an approved and retried 1.00 refund, want %s", got, want)
		}

		// Confirm receipt, retried.
		d := w.deliveredOrder("shopper")
		confirm := "/api/v1/orders/" + d.ID + "/confirm-receipt"
		a = h.do("POST", confirm, shopper, nil, idemHeader, "confirm-1")
		if a.Status != 200 {
			t.Fatalf("confirm receipt: %d %s", a.Status, a.Body)
		}
		sameReplay(t, "confirm receipt", a, h.do("POST", confirm, shopper, nil, idemHeader, "confirm-1"))
		h.ledgerOK()
	})
}

func addUSD(s string, minor int64) string {
	var whole, cents int64
	_, _ = fmt.Sscanf(s, "%d.%d", &whole, &cents)
	return formatUSD(whole*100 + cents + minor)
}

// Concurrent duplicates do not both run: every copy answers the one order.
func TestIdempotencyKeyConcurrentDuplicatesRunOnce(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		w := newWorld(t, h)
		sku := w.sku()
		body := map[string]any{"brand_id": w.brand, "lines": []map[string]any{{"sku_id": sku.ID, "qty": 1}}}
		before := h.count("commerce_orders")
		const copies = 8
		out := make([]response, copies)
		var wg sync.WaitGroup
		for i := range copies {
			wg.Add(1)
			go func() {
				defer wg.Done()
				out[i] = h.do("POST", "/api/v1/orders", w.tokens["shopper"], body, idemHeader, "double-tap")
			}()
		}
		wg.Wait()
		replayed := 0
		for i, r := range out {
			if r.Status != 201 || !bytes.Equal(r.Body, out[0].Body) {
				t.Fatalf("copy %d: %d %s; copy 0: %d %s", i, r.Status, r.Body, out[0].Status, out[0].Body)
			}
			if r.Header.Get("Idempotent-Replayed") == "true" {
				replayed++
			}
		}
		if replayed != copies-1 {
			t.Fatalf("%d of %d copies replayed, want %d", replayed, copies, copies-1)
		}
		if n := h.count("commerce_orders") - before; n != 1 {
			t.Fatalf("%d orders from %d concurrent copies", n, copies)
		}
	})
}

// The crash property: a request that dies after its effect was written but
// before its response was recorded leaves neither behind, so its retry runs
// once and the effect exists once. (A route that creates an order and then
// panics on its first call stands in for the crash; with the effect and the
// record in separate transactions the retry would make a second order.) A
// 5xx is not recorded either: the retry runs again.
func TestIdempotencyKeyEffectAndRecordCommitTogether(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		w := newWorld(t, h)
		sku := w.sku()
		var calls int
		var mu sync.Mutex
		type in struct{}
		type out struct {
			Body commerce.Order
		}
		api.Register(h.srv, api.User, huma.Operation{OperationID: "test-crash", Method: http.MethodPost, Path: "/api/v1/test/crash"},
			func(ctx context.Context, _ *in) (*out, error) {
				o, err := h.com.CreateOrder(ctx, commerce.NewOrder{ShopperID: w.users["shopper"].ID, BrandID: w.brand,
					Lines: []commerce.LineInput{{SKUID: sku.ID, Qty: 1}}})
				if err != nil {
					return nil, err
				}
				mu.Lock()
				calls++
				n := calls
				mu.Unlock()
				switch n {
				case 1:
					panic("simulated crash between the effect and its record")
				case 2:
					return nil, fmt.Errorf("simulated internal error after the effect")
				}
				return &out{Body: o}, nil
			})
		before := h.count("commerce_orders")
		if r := h.do("POST", "/api/v1/test/crash", w.tokens["shopper"], nil, idemHeader, "crash-1"); r.Status != 500 {
			t.Fatalf("crashing request: %d %s", r.Status, r.Body)
		}
		if r := h.do("POST", "/api/v1/test/crash", w.tokens["shopper"], nil, idemHeader, "crash-1"); r.Status != 500 || r.Header.Get("Idempotent-Replayed") != "" {
			t.Fatalf("failing request: %d %s", r.Status, r.Body)
		}
		if n := h.count("commerce_orders") - before; n != 0 {
			t.Fatalf("%d orders survived requests that crashed or failed", n)
		}
		a := h.do("POST", "/api/v1/test/crash", w.tokens["shopper"], nil, idemHeader, "crash-1")
		if a.Status != 200 {
			t.Fatalf("retry: %d %s", a.Status, a.Body)
		}
		sameReplay(t, "retry after the crash", a, h.do("POST", "/api/v1/test/crash", w.tokens["shopper"], nil, idemHeader, "crash-1"))
		if n := h.count("commerce_orders") - before; n != 1 || calls != 3 {
			t.Fatalf("%d orders after %d calls, want 1 after 3", n, calls)
		}
	})
}

// Keys are kept 24 hours and pruned after.
func TestIdempotencyKeysArePrunedAfterRetention(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		w := newWorld(t, h)
		body := map[string]any{"brand_id": w.brand, "lines": []map[string]any{{"sku_id": w.sku().ID, "qty": 1}}}
		if r := h.do("POST", "/api/v1/orders", w.tokens["shopper"], body, idemHeader, "keep-me"); r.Status != 201 {
			t.Fatalf("create order: %d %s", r.Status, r.Body)
		}
		if n, err := api.PruneIdempotencyKeys(t0ctx, db, time.Now().Add(api.IdempotencyKeyTTL-time.Minute), 100); err != nil || n != 0 {
			t.Fatalf("pruned %d, %v before 24 hours", n, err)
		}
		if r := h.do("POST", "/api/v1/orders", w.tokens["shopper"], body, idemHeader, "keep-me"); r.Header.Get("Idempotent-Replayed") != "true" {
			t.Fatalf("key forgotten within its retention: %d %s", r.Status, r.Body)
		}
		if n, err := api.PruneIdempotencyKeys(t0ctx, db, time.Now().Add(api.IdempotencyKeyTTL+time.Minute), 100); err != nil || n != 1 {
			t.Fatalf("pruned %d, %v after 24 hours, want 1", n, err)
		}
		if h.count("idempotency_keys") != 0 {
			t.Fatal("keys left after pruning")
		}
	})
}

// Every unsafe operation behind sign-in documents the header.
func TestIdempotencyKeyIsInTheOpenAPIDocument(t *testing.T) {
	h := newHarness(t, storetest.SQLite(t))
	r := h.do("GET", "/api/openapi.json", "", nil)
	var doc struct {
		Paths map[string]map[string]struct {
			OperationID string                `json:"operationId"`
			Security    []map[string][]string `json:"security"`
			Parameters  []struct{ Name, In string }
		}
	}
	if err := json.Unmarshal(r.Body, &doc); err != nil {
		t.Fatal(err)
	}
	n := 0
	for path, ops := range doc.Paths {
		for method, op := range ops {
			unsafe := method == "post" || method == "put" || method == "patch" || method == "delete"
			has := false
			for _, p := range op.Parameters {
				has = has || (p.Name == idemHeader && p.In == "header")
			}
			if want := unsafe && len(op.Security) > 0; has != want {
				t.Errorf("%s %s (%s): Idempotency-Key documented %v, want %v", method, path, op.OperationID, has, want)
			}
			if has {
				n++
			}
		}
	}
	if n == 0 {
		t.Fatal("no operation documents Idempotency-Key")
	}
}
