package api_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/soukhq/souk/commerce"
	"github.com/soukhq/souk/store"
	"github.com/soukhq/souk/store/storetest"
)

// The authorization matrix's state dimension (issue 10, B7): each route
// that acts on an order or its payment is tried on a fresh order in every
// order and payment state, as the order's shopper, as another shopper and
// as the brand's staff. Who may act is not enough: the state decides too,
// and it is decided in the domain, so every face gets the same answer.

// The states an order is put in; refund_requested is where a brand decides.
var orderStates = []string{"unpaid", "paid", "shipped", "delivered", "completed", "refund_requested", "refunded", "disputed"}

// The actors: the order's shopper, another shopper, the brand's owner.
var stateActors = []string{"owner", "other_shopper", "brand_staff"}

// orderIn makes a fresh order of the shopper in state, with its payment
// request (unpaid orders too).
func (w *world) orderIn(state string) commerce.Order {
	w.h.t.Helper()
	t := w.h.t
	shopper := w.users["shopper"].ID
	staff := commerce.Actor{Kind: commerce.ActorBrand, ID: w.users["brand_owner"].ID, Brand: w.brand}
	must := func(_ any, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("order in %s: %v", state, err)
		}
	}
	var o commerce.Order
	switch state {
	case "unpaid":
		o = w.pendingOrder("shopper")
		must(w.h.com.RequestPayment(t0ctx, o.ID, commerce.Actor{Kind: commerce.ActorShopper, ID: shopper}))
	case "paid":
		o = w.paidOrder("shopper")
	case "shipped":
		o = w.paidOrder("shopper")
		must(nil, w.h.db.InTx(t0ctx, func(tx *store.Tx) error {
			_, err := w.h.com.MarkShippedTx(t0ctx, tx, o.ID, staff, nil)
			return err
		}))
	case "delivered":
		o = w.deliveredOrder("shopper")
	case "completed":
		o = w.deliveredOrder("shopper")
		must(w.h.com.ConfirmReceipt(t0ctx, shopper, o.ID))
	case "refund_requested":
		o = w.refundRequestedOrder()
	case "refunded":
		o = w.paidOrder("shopper")
		must(w.h.com.RequestRefund(t0ctx, shopper, o.ID, o.Total, "all of it"))
		must(w.h.com.ApproveRefund(t0ctx, w.brand, o.ID, o.Total, staff))
	case "disputed":
		o = w.disputedOrder()
	default:
		t.Fatalf("no state %s", state)
	}
	o, err := w.h.com.Order(t0ctx, o.ID)
	must(nil, err)
	if string(o.State) != map[string]string{"unpaid": "pending_payment"}[state] && string(o.State) != state {
		t.Fatalf("made an order in %s, got %s", state, o.State)
	}
	return o
}

// expect is a status and, for errors, the code.
type expect struct {
	status int
	code   string
}

var (
	ok200        = expect{200, ""}
	illegal      = expect{409, "illegal_transition"}
	requestState = expect{409, "payment_request_state"}
	orderUnknown = expect{404, "not_found"}
	reqUnknown   = expect{404, "payment_request_not_found"}
)

// stateCase is one route: its request for an order, and the expected
// answer per actor and state. owner lists the shopper's answer per state
// (states not listed: ownerElse); other and staff answer the same in every
// state.
type stateCase struct {
	request   func(w *world, o commerce.Order) (method, path string, body any)
	owner     map[string]expect
	ownerElse expect
	other     expect
	staff     expect
	// staffState, when set, replaces staff per state (brand routes).
	staffState map[string]expect
	staffElse  expect
}

func shopperOrderRoute(action string, body any) func(*world, commerce.Order) (string, string, any) {
	return func(w *world, o commerce.Order) (string, string, any) {
		return "POST", "/api/v1/orders/" + o.ID + action, body
	}
}

func brandOrderRoute(action string, body any) func(*world, commerce.Order) (string, string, any) {
	return func(w *world, o commerce.Order) (string, string, any) {
		return "POST", "/api/v1/orgs/" + w.brand + "/orders/" + o.ID + action, body
	}
}

var stateMatrix = map[string]stateCase{
	// Declining a payment request: only before payment (B7).
	"cancel-payment": {
		request: func(w *world, o commerce.Order) (string, string, any) {
			return "POST", "/api/v1/payment-requests/" + o.PaymentRequestID + "/cancel", nil
		},
		owner:     map[string]expect{"unpaid": ok200},
		ownerElse: requestState,
		other:     reqUnknown,
		staff:     reqUnknown,
	},
	// Confirming again after payment returns the request unchanged (a
	// retried confirmation never charges twice).
	"confirm-payment": {
		request: func(w *world, o commerce.Order) (string, string, any) {
			w.fund(w.users["shopper"].ID, "4.00")
			return "POST", "/api/v1/payment-requests/" + o.PaymentRequestID + "/confirm", map[string]string{"pin": shopperPIN}
		},
		ownerElse: ok200,
		other:     reqUnknown,
		staff:     reqUnknown,
	},
	// Asking for the payment request returns the order's request in any state.
	"request-order-payment": {
		request:   shopperOrderRoute("/payment", nil),
		ownerElse: ok200,
		other:     orderUnknown,
		staff:     orderUnknown,
	},
	"cancel-my-order": {
		request:   shopperOrderRoute("/cancel", nil),
		owner:     map[string]expect{"unpaid": ok200},
		ownerElse: illegal,
		other:     orderUnknown,
		staff:     orderUnknown,
	},
	"confirm-receipt": {
		request:   shopperOrderRoute("/confirm-receipt", nil),
		owner:     map[string]expect{"delivered": ok200},
		ownerElse: illegal,
		other:     orderUnknown,
		staff:     orderUnknown,
	},
	"request-refund": {
		request:   shopperOrderRoute("/refund-request", map[string]string{"amount": "1.00", "reason": "chipped"}),
		owner:     map[string]expect{"paid": ok200, "shipped": ok200, "delivered": ok200, "completed": ok200},
		ownerElse: illegal,
		other:     orderUnknown,
		staff:     orderUnknown,
	},
	"open-dispute": {
		request:   shopperOrderRoute("/dispute", map[string]string{"amount": "1.00", "reason": "never came"}),
		owner:     map[string]expect{"paid": ok200, "shipped": ok200, "delivered": ok200, "completed": ok200},
		ownerElse: illegal,
		other:     orderUnknown,
		staff:     orderUnknown,
	},
	// Brand routes: a shopper is not a member (404 whoever they are).
	"cancel-brand-order": {
		request:    brandOrderRoute("/cancel", nil),
		ownerElse:  orderUnknown,
		other:      orderUnknown,
		staffState: map[string]expect{"unpaid": ok200},
		staffElse:  illegal,
	},
	"approve-refund": {
		request:    brandOrderRoute("/refund/approve", map[string]string{"amount": "1.00"}),
		ownerElse:  orderUnknown,
		other:      orderUnknown,
		staffState: map[string]expect{"refund_requested": ok200},
		staffElse:  illegal,
	},
	"decline-refund": {
		request:    brandOrderRoute("/refund/decline", map[string]string{"reason": "worn"}),
		ownerElse:  orderUnknown,
		other:      orderUnknown,
		staffState: map[string]expect{"refund_requested": ok200},
		staffElse:  illegal,
	},
}

func (c stateCase) want(actor, state string) expect {
	switch actor {
	case "owner":
		if e, ok := c.owner[state]; ok {
			return e
		}
		return c.ownerElse
	case "other_shopper":
		return c.other
	}
	if c.staffState != nil || c.staffElse.status != 0 {
		if e, ok := c.staffState[state]; ok {
			return e
		}
		return c.staffElse
	}
	return c.staff
}

func TestAuthorizationMatrixStates(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		w := newWorld(t, h)
		tokens := map[string]string{"owner": w.tokens["shopper"], "other_shopper": w.tokens["developer"], "brand_staff": w.tokens["brand_owner"]}
		registered := map[string]bool{}
		for _, r := range h.srv.Routes {
			registered[r.OperationID] = true
		}
		for op, c := range stateMatrix {
			if !registered[op] {
				t.Errorf("state matrix names %s, which is not registered", op)
				continue
			}
			for _, state := range orderStates {
				for _, actor := range stateActors {
					o := w.orderIn(state)
					method, path, body := c.request(w, o)
					want := c.want(actor, state)
					r := h.do(method, path, tokens[actor], body)
					if r.Status != want.status || (want.code != "" && r.errorCode() != want.code) {
						t.Errorf("%s on a %s order as %s: %d %s, want %d %s (%s)", op, state, actor, r.Status, r.errorCode(), want.status, want.code,
							strings.TrimSpace(string(r.Body)))
					}
				}
			}
		}
		// After everything above, the books and every order agree.
		check := h.do("GET", "/api/v1/admin/ledger/check", w.tokens["admin"], nil)
		body := check.json(t)
		if check.Status != 200 || body["ok"] != true {
			t.Fatalf("admin check after the state matrix: %d %s", check.Status, check.Body)
		}
		if orders, _ := body["orders"].(map[string]any); orders == nil || fmt.Sprint(orders["ok"]) != "true" {
			t.Fatalf("no order reconciliation in the admin check: %s", check.Body)
		}
	})
}
