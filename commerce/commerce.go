// Package commerce is souk's catalog, stock and order centre: brand
// products with SKUs and stock, one order centre per shopper across every
// app and brand, the order state machine with its durable timers, and the
// link to payments (request, pay, settle, refund, dispute).
//
// Prices and totals always come from the catalog inside the host; nothing
// an app's JS sends can set them. Every order state change goes through one
// function (transitionTx) that validates it against the transition table,
// records it, and enqueues an "order.event" job in the same transaction; the
// job hands the OrderEvent to every registered EventSink (the app's
// handler, the shopper's service conversation, developer webhooks).
package commerce

import (
	"context"
	"log/slog"
	"slices"
	"sync"
	"time"

	"github.com/soukhq/souk/blob"
	"github.com/soukhq/souk/internal/fault"
	"github.com/soukhq/souk/jobs"
	"github.com/soukhq/souk/payments"
	"github.com/soukhq/souk/payments/money"
	"github.com/soukhq/souk/store"
)

// Options configure a Service.
type Options struct {
	// UnpaidTimeout cancels an order not paid in time (default 30 minutes).
	UnpaidTimeout time.Duration
	// AutoCompleteAfter completes a delivered order the shopper neither
	// confirmed nor disputed (default 7 days).
	AutoCompleteAfter time.Duration
	// DeveloperShareBps is the app developer's share of orders placed
	// through an app (default 1000 = 10 %); orders made directly pay none.
	DeveloperShareBps money.Bps
	// RefundWindow and MaxRefundBps are the refund policy of brands without
	// their own settings row (defaults 30 days after payment, 100 %).
	RefundWindow time.Duration
	MaxRefundBps money.Bps
	// MaxImageBytes caps one product image (default 5 MiB).
	MaxImageBytes int64
	// LinkQuota is how many links one app installation may create through
	// links.create (default DefaultLinkQuota).
	LinkQuota int
	// Log receives sink failures (default slog.Default()).
	Log *slog.Logger
}

// Service is the commerce service.
type Service struct {
	db    *store.DB
	pay   *payments.Service
	q     *jobs.Queue
	blobs blob.Store
	opts  Options

	mu    sync.RWMutex
	sinks []EventSink

	catalog catalogCache // catalog.list pages (catalog_cache.go)
	live    liveState
}

// Job kinds this package handles.
const (
	JobOrderEvent    = "order.event"
	JobCancelUnpaid  = "order.cancel_unpaid"
	JobAutoComplete  = "order.autocomplete"
	defaultShareBps  = 1000
	defaultMaxImage  = 5 << 20
	defaultRefundWin = 30 * 24 * time.Hour
)

// New returns the service. It registers its job handlers on q and its
// payment hooks on pay (an order becomes paid in the same transaction as
// the payment; a declined payment request cancels its order).
func New(db *store.DB, pay *payments.Service, q *jobs.Queue, blobs blob.Store, opts Options) *Service {
	if opts.UnpaidTimeout <= 0 {
		opts.UnpaidTimeout = 30 * time.Minute
	}
	if opts.AutoCompleteAfter <= 0 {
		opts.AutoCompleteAfter = 7 * 24 * time.Hour
	}
	if opts.DeveloperShareBps == 0 {
		opts.DeveloperShareBps = defaultShareBps
	}
	if opts.RefundWindow <= 0 {
		opts.RefundWindow = defaultRefundWin
	}
	if opts.MaxRefundBps == 0 {
		opts.MaxRefundBps = 10000
	}
	if opts.MaxImageBytes <= 0 {
		opts.MaxImageBytes = defaultMaxImage
	}
	if opts.Log == nil {
		opts.Log = slog.Default()
	}
	s := &Service{db: db, pay: pay, q: q, blobs: blobs, opts: opts}
	q.Handle(JobOrderEvent, s.runOrderEvent)
	q.Handle(JobCancelUnpaid, s.runCancelUnpaid)
	q.Handle(JobAutoComplete, s.runAutoComplete)
	pay.SetHooks(payments.Hooks{Paid: s.onPaid, Canceled: s.onPaymentCanceled})
	return s
}

// Actor is who made a change. Kind is one of the Actor* constants; ID is
// the user, org, app or carrier id ("" for system). Brand is the brand org
// a brand (staff) or app actor acts for: methods that act for someone check
// the order against it, so a face (API, web, host API) only has to say who
// is acting, never to remember the check. It is not recorded or emitted.
type Actor struct {
	Kind  string `json:"kind"`
	ID    string `json:"id,omitempty"`
	Brand string `json:"-"`
}

// Actor kinds.
const (
	ActorShopper = "shopper"
	ActorBrand   = "brand"
	ActorApp     = "app"
	ActorSystem  = "system"
	ActorCarrier = "carrier"
	ActorAdmin   = "admin"
)

// System is the actor of timers and hooks.
var System = Actor{Kind: ActorSystem}

// mayAct checks that actor, one of kinds, may act on o: a shopper only on
// their own order, brand staff and apps only on their brand's. Anyone else
// learns nothing (not_found); a kind the method does not allow is refused.
func mayAct(o Order, actor Actor, kinds ...string) error {
	if !slices.Contains(kinds, actor.Kind) {
		return fail(ErrForbidden, "a %s cannot do this to an order", actorKind(actor.Kind))
	}
	switch actor.Kind {
	case ActorShopper:
		if actor.ID == "" || o.ShopperID != actor.ID {
			return fail(ErrNotFound, "no such order")
		}
	case ActorBrand, ActorApp:
		if actor.Brand == "" || o.BrandID != actor.Brand {
			return fail(ErrNotFound, "no such order")
		}
	}
	return nil
}

func actorKind(k string) string {
	if k == "" {
		return "caller with no role"
	}
	return k
}

// Error is a commerce rejection: souk's one domain error type, with a stable
// code the API maps by its kind.
type Error = fault.Error

// Rejections; the codes are part of the API.
var (
	ErrNotFound          = fault.New(fault.NotFound, "not_found", "no such thing")
	ErrInvalid           = fault.New(fault.Invalid, "invalid_input", "the request is not valid")
	ErrIllegalTransition = fault.New(fault.Conflict, "illegal_transition", "the order's state does not allow this")
	ErrOutOfStock        = fault.New(fault.Conflict, "out_of_stock", "not enough stock")
	ErrUnavailable       = fault.New(fault.Conflict, "product_unavailable", "the product is not available") // archived product or SKU
	ErrCurrencyMix       = fault.New(fault.Invalid, "currency_mismatch", "the currencies do not match")
	ErrRefundPolicy      = fault.New(fault.Conflict, "refund_not_allowed", "the brand's refund policy does not allow this refund")
	ErrImageTooLarge     = fault.New(fault.TooLarge, "image_too_large", "the image is too large")
	ErrStockInUse        = fault.New(fault.Conflict, "stock_reserved", "stock cannot go below what unpaid orders hold") // on_hand below what is reserved
	ErrForbidden         = fault.New(fault.Forbidden, "forbidden", "you may not do this to an order")                   // this kind of actor may not do that
)

func fail(base *Error, format string, args ...any) *Error { return base.Withf(format, args...) }

// Code returns the code of a commerce error ("" otherwise).
func Code(err error) string { return fault.Code(err) }

// forUpdate is the row-lock suffix on PostgreSQL; SQLite's single writer
// already excludes other writers.
func forUpdate(tx *store.Tx) string {
	if tx.Dialect == store.Postgres {
		return " FOR UPDATE"
	}
	return ""
}

func now() int64 { return store.Now() }

// OrderEvent is what sinks receive for every order transition.
type OrderEvent struct {
	ID             string         `json:"id"` // the transition id: sinks dedupe on it
	OrderID        string         `json:"orderId"`
	ShopperID      string         `json:"shopperId"`
	BrandOrgID     string         `json:"brandOrgId"`
	AppID          string         `json:"appId,omitempty"`
	InstallationID string         `json:"installationId,omitempty"`
	Event          string         `json:"event"` // orderPaid, shipmentUpdated, …
	From           State          `json:"from"`
	To             State          `json:"to"`
	Actor          Actor          `json:"actor"`
	Reason         string         `json:"reason,omitempty"`
	At             int64          `json:"at"` // Unix µs
	Detail         map[string]any `json:"detail,omitempty"`
}

// EventSink receives order events after their transaction committed, at
// least once (a sink error retries the job and every sink runs again, so
// sinks dedupe on OrderEvent.ID).
type EventSink interface {
	HandleOrderEvent(ctx context.Context, ev OrderEvent) error
}

// SinkFunc adapts a function to EventSink.
type SinkFunc func(ctx context.Context, ev OrderEvent) error

// HandleOrderEvent calls f.
func (f SinkFunc) HandleOrderEvent(ctx context.Context, ev OrderEvent) error { return f(ctx, ev) }

// AddSink registers a sink for every order event.
func (s *Service) AddSink(sink EventSink) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sinks = append(s.sinks, sink)
}

// Payments returns the payments service.
func (s *Service) Payments() *payments.Service { return s.pay }
