package commerce

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/soukhq/souk/blob"
	"github.com/soukhq/souk/identity"
	"github.com/soukhq/souk/jobs"
	"github.com/soukhq/souk/payments"
	"github.com/soukhq/souk/payments/ledger"
	"github.com/soukhq/souk/payments/money"
	"github.com/soukhq/souk/store"
)

var ctx = context.Background()

const pin = "482915"

// env is a commerce service over a fresh database with real payments, a
// real job queue, a local blob store and a recording sink.
type env struct {
	t     *testing.T
	db    *store.DB
	ids   *identity.Service
	pay   *payments.Service
	bank  *payments.SimBank
	q     *jobs.Queue
	s     *Service
	brand string // a brand org
	other string // another brand org
	dev   string // a developer org
	app   string // an app of dev

	mu     sync.Mutex
	events []OrderEvent
}

var seq atomic.Int64

func newEnv(t *testing.T, db *store.DB) *env {
	e := &env{t: t, db: db, ids: identity.New(db)}
	l := ledger.New(db, ledger.Options{})
	t.Cleanup(l.Close)
	e.bank = payments.NewSimBank()
	e.pay = payments.New(db, l, payments.Options{Funding: e.bank})
	e.bank.Handler = e.pay.HandleFundingResult
	e.q = jobs.New(db, nil)
	blobs, err := blob.OpenLocal(blob.Config{Dir: t.TempDir(), MaxObjectSize: 1 << 20})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { blobs.Close() })
	e.s = New(db, e.pay, e.q, blobs, Options{})
	e.s.AddSink(SinkFunc(func(_ context.Context, ev OrderEvent) error {
		e.mu.Lock()
		defer e.mu.Unlock()
		e.events = append(e.events, ev)
		return nil
	}))
	owner := e.user("owner")
	b, err := e.ids.CreateOrg(ctx, owner, identity.OrgBrand, "Acme")
	if err != nil {
		t.Fatal(err)
	}
	o, err := e.ids.CreateOrg(ctx, owner, identity.OrgBrand, "Other")
	if err != nil {
		t.Fatal(err)
	}
	d, err := e.ids.CreateOrg(ctx, owner, identity.OrgDeveloper, "Dev")
	if err != nil {
		t.Fatal(err)
	}
	e.brand, e.other, e.dev = b.ID, o.ID, d.ID
	e.app = store.NewID("app")
	if _, err := db.ExecContext(ctx, `INSERT INTO apps (id, org_id, slug, name, created_at) VALUES ($1, $2, $3, 'Shop', $4)`,
		e.app, e.dev, fmt.Sprintf("shop-%d", seq.Add(1)), store.Now()); err != nil {
		t.Fatal(err)
	}
	return e
}

// user signs up a user and returns its id.
func (e *env) user(name string) string {
	e.t.Helper()
	u, err := e.ids.Signup(ctx, fmt.Sprintf("%s-%d@example.com", name, seq.Add(1)), "correct horse battery")
	if err != nil {
		e.t.Fatal(err)
	}
	return u.ID
}

// shopper is a user with a PIN and amount USD in the wallet.
func (e *env) shopper(amount string) string {
	e.t.Helper()
	id := e.user("shopper")
	if err := e.pay.SetPIN(ctx, id, pin); err != nil {
		e.t.Fatal(err)
	}
	op, err := e.pay.TopUp(ctx, id, fmt.Sprintf("fund-%d", seq.Add(1)), "USD", usd(amount))
	if err != nil {
		e.t.Fatal(err)
	}
	if _, err := e.bank.Complete(ctx, op.ID, true); err != nil {
		e.t.Fatal(err)
	}
	return id
}

func usd(s string) money.Amount {
	a, err := money.ParsePositive(money.MustLookup("USD"), s)
	if err != nil {
		panic(err)
	}
	return a
}

// sku creates a USD product of brand with one SKU at price and stock.
func (e *env) sku(brand, price string, stock int64) SKU {
	e.t.Helper()
	p, err := e.s.CreateProduct(ctx, brand, ProductInput{Title: "T-shirt", Description: "Cotton", Currency: "USD"})
	if err != nil {
		e.t.Fatal(err)
	}
	k, err := e.s.AddSKU(ctx, brand, p.ID, SKUInput{Options: map[string]string{"size": "M", "colour": "red"}, Price: usd(price), OnHand: stock})
	if err != nil {
		e.t.Fatal(err)
	}
	return k
}

func (e *env) stock(skuID string) (onHand, reserved int64) {
	e.t.Helper()
	if err := e.db.QueryRowContext(ctx, `SELECT on_hand, reserved FROM commerce_skus WHERE id = $1`, skuID).Scan(&onHand, &reserved); err != nil {
		e.t.Fatal(err)
	}
	return
}

func (e *env) order(shopper string, k SKU, qty int64) Order {
	e.t.Helper()
	o, err := e.s.CreateOrder(ctx, NewOrder{ShopperID: shopper, BrandID: e.brand, AppID: e.app, InstallationID: "ins_1", Lines: []LineInput{{SKUID: k.ID, Qty: qty}}})
	if err != nil {
		e.t.Fatal(err)
	}
	return o
}

// paid creates and pays an order.
func (e *env) paid(shopper string, k SKU, qty int64) Order {
	e.t.Helper()
	o := e.order(shopper, k, qty)
	r, err := e.s.RequestPayment(ctx, o.ID, Actor{Kind: ActorShopper, ID: shopper})
	if err != nil {
		e.t.Fatal(err)
	}
	if _, err := e.pay.Confirm(ctx, r.ID, shopper, pin, nil); err != nil {
		e.t.Fatal(err)
	}
	return e.get(o.ID, StatePaid)
}

// get loads an order and checks its state.
func (e *env) get(id string, want State) Order {
	e.t.Helper()
	o, err := e.s.Order(ctx, id)
	if err != nil {
		e.t.Fatal(err)
	}
	if o.State != want {
		e.t.Fatalf("order %s is %s, want %s", id, o.State, want)
	}
	return o
}

// delivered moves a paid order through shipped to delivered as logistics would.
func (e *env) delivered(o Order) Order {
	e.t.Helper()
	err := e.db.InTx(ctx, func(tx *store.Tx) error {
		if _, err := e.s.MarkShippedTx(ctx, tx, o.ID, Actor{Kind: ActorBrand, ID: e.brand}, map[string]any{"tracking": "ZZ1"}); err != nil {
			return err
		}
		_, err := e.s.MarkDeliveredTx(ctx, tx, o.ID, Actor{Kind: ActorCarrier, ID: "sim"}, nil)
		return err
	})
	if err != nil {
		e.t.Fatal(err)
	}
	return e.get(o.ID, StateDelivered)
}

// runJobs runs everything due by now+d.
func (e *env) runJobs(d time.Duration) {
	e.t.Helper()
	if _, err := e.q.RunDue(ctx, time.Now().Add(d)); err != nil {
		e.t.Fatal(err)
	}
}

func (e *env) wallet(id string) money.Amount {
	e.t.Helper()
	b, err := e.pay.WalletBalance(ctx, id, "USD")
	if err != nil {
		e.t.Fatal(err)
	}
	return money.Amount(b.Posted)
}

// checkLedger runs the ledger check and the order reconciliation (every
// order against its payment request and what the ledger moved for it).
func (e *env) checkLedger() {
	e.t.Helper()
	rep, err := e.pay.LedgerCheck(ctx)
	if err != nil {
		e.t.Fatal(err)
	}
	if !rep.OK {
		e.t.Fatalf("ledger check failed: %+v", rep)
	}
	rec, err := e.s.ReconcileOrders(ctx)
	if err != nil {
		e.t.Fatal(err)
	}
	if !rec.OK {
		e.t.Fatalf("order reconciliation failed: %v", rec.Problems)
	}
}

// eventNames lists an order's delivered events in transition order (the
// queue may deliver them in any order; OrderEvent.At orders them).
func (e *env) eventNames(orderID string) []string {
	e.mu.Lock()
	evs := slices.Clone(e.events)
	e.mu.Unlock()
	sort.SliceStable(evs, func(i, j int) bool { return evs[i].At < evs[j].At })
	var out []string
	for _, ev := range evs {
		if ev.OrderID == orderID {
			out = append(out, ev.Event)
		}
	}
	return out
}

func (e *env) transitions(orderID string) int {
	e.t.Helper()
	ts, err := e.s.Transitions(ctx, orderID)
	if err != nil {
		e.t.Fatal(err)
	}
	return len(ts)
}

func wantCode(t *testing.T, err error, code string) {
	t.Helper()
	if err == nil {
		t.Fatalf("want %s, got success", code)
	}
	if c := Code(err); c != code && payments.Code(err) != code {
		t.Fatalf("want %s, got %v", code, err)
	}
}
