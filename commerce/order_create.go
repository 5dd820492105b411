package commerce

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"math"
	"sort"
	"time"

	"github.com/soukhq/souk/jobs"
	"github.com/soukhq/souk/payments/money"
	"github.com/soukhq/souk/store"
)

// Order limits.
const (
	MaxOrderLines = 50
	MaxLineQty    = 1000
)

// LineInput is all a caller may say about a line: which SKU, how many.
// Prices come from the catalog.
type LineInput struct {
	SKUID string `json:"skuId"`
	Qty   int64  `json:"qty"`
}

// NewOrder is an order to create. ShopperID, BrandID, AppID and
// InstallationID come from the host (the signed-in shopper, the
// installation serving the event), never from an app's arguments.
type NewOrder struct {
	ShopperID      string
	BrandID        string // every SKU must belong to this brand
	AppID          string // "" for an order made directly
	InstallationID string
	Lines          []LineInput
	// unitPrice overrides the catalog price per SKU (a live room's flash
	// price, set by BuyLive only).
	unitPrice map[string]int64
}

// CreateOrder prices the lines from the catalog, reserves the stock (all
// or nothing: one short SKU fails the order and reserves nothing), creates
// the order pending_payment and arms its unpaid timer.
func (s *Service) CreateOrder(ctx context.Context, in NewOrder) (Order, error) {
	if in.ShopperID == "" || in.BrandID == "" {
		return Order{}, fail(ErrInvalid, "an order needs a shopper and a brand")
	}
	if len(in.Lines) == 0 || len(in.Lines) > MaxOrderLines {
		return Order{}, fail(ErrInvalid, "an order has 1 to %d lines", MaxOrderLines)
	}
	for i, l := range in.Lines {
		if l.SKUID == "" || len(l.SKUID) > 64 {
			return Order{}, fail(ErrInvalid, "line %d: skuId is required", i+1)
		}
		if l.Qty < 1 || l.Qty > MaxLineQty {
			return Order{}, fail(ErrInvalid, "line %d: qty must be 1 to %d", i+1, MaxLineQty)
		}
	}
	return store.InTxValue(ctx, s.db, func(tx *store.Tx) (Order, error) {
		return s.createOrderTx(ctx, tx, in)
	})
}

func (s *Service) createOrderTx(ctx context.Context, tx *store.Tx, in NewOrder) (Order, error) {
	t := now()
	o := Order{ID: store.NewID("ord"), ShopperID: in.ShopperID, BrandID: in.BrandID, AppID: in.AppID, InstallationID: in.InstallationID,
		State: StatePendingPayment, Stock: "reserved", PayBy: t + s.opts.UnpaidTimeout.Microseconds(), CreatedAt: t, UpdatedAt: t}
	for i, li := range in.Lines {
		var (
			productID, brandID, title, cur, pstatus, sstatus, opts string
			price                                                  int64
		)
		err := tx.QueryRowContext(ctx, `SELECT s.product_id, s.brand_id, p.title, p.currency, p.status, s.status, s.options, s.price
			FROM commerce_skus s JOIN commerce_products p ON p.id = s.product_id WHERE s.id = $1`, li.SKUID).
			Scan(&productID, &brandID, &title, &cur, &pstatus, &sstatus, &opts, &price)
		if errors.Is(err, sql.ErrNoRows) || (err == nil && brandID != in.BrandID) {
			return o, fail(ErrNotFound, "line %d: no such SKU %s", i+1, li.SKUID)
		}
		if err != nil {
			return o, err
		}
		if p, ok := in.unitPrice[li.SKUID]; ok {
			price = p
		}
		if pstatus != "active" || sstatus != "active" {
			return o, fail(ErrUnavailable, "line %d: %s is no longer sold", i+1, title)
		}
		if o.Currency == "" {
			o.Currency = cur
		} else if cur != o.Currency {
			return o, fail(ErrCurrencyMix, "line %d: %s is priced in %s, the order in %s", i+1, title, cur, o.Currency)
		}
		if price > 0 && li.Qty > math.MaxInt64/price {
			return o, fail(ErrInvalid, "line %d: total too large", i+1)
		}
		lt := money.Amount(price * li.Qty)
		if o.Total > math.MaxInt64-lt {
			return o, fail(ErrInvalid, "order total too large")
		}
		o.Total += lt
		if c, err := money.Lookup(o.Currency); err == nil && o.Total > c.Max {
			return o, fail(ErrInvalid, "order total above the most one payment in %s may be (%s)", c.Code, money.Format(c, c.Max))
		}
		l := Line{No: i + 1, SKUID: li.SKUID, ProductID: productID, Title: title, Qty: li.Qty, UnitPrice: money.Amount(price), LineTotal: lt}
		if err := json.Unmarshal([]byte(opts), &l.Options); err != nil {
			return o, err
		}
		o.Lines = append(o.Lines, l)
	}
	// Reserve in SKU order so two orders never wait on each other's rows.
	qty := map[string]int64{}
	var ids []string
	for _, l := range o.Lines {
		if _, ok := qty[l.SKUID]; !ok {
			ids = append(ids, l.SKUID)
		}
		qty[l.SKUID] += l.Qty
	}
	sort.Strings(ids)
	for _, id := range ids {
		if err := reserveTx(ctx, tx, id, qty[id]); err != nil {
			return o, err
		}
	}
	if o.AppID != "" {
		err := tx.QueryRowContext(ctx, `SELECT org_id FROM apps WHERE id = $1`, o.AppID).Scan(&o.DeveloperID)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return o, err
		}
	}
	o.Subtotal = o.Total
	if _, err := tx.ExecContext(ctx, `INSERT INTO commerce_orders (id, shopper_id, brand_id, app_id, installation_id, developer_id, currency,
		total, state, stock, pay_by, created_at, updated_at, subtotal) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12, $8)`,
		o.ID, o.ShopperID, o.BrandID, o.AppID, o.InstallationID, o.DeveloperID, o.Currency, int64(o.Total), string(o.State), o.Stock, o.PayBy, t); err != nil {
		return o, err
	}
	for _, l := range o.Lines {
		opts, _ := json.Marshal(l.Options)
		if _, err := tx.ExecContext(ctx, `INSERT INTO commerce_order_lines (order_id, line_no, sku_id, product_id, title, options, qty, unit_price, line_total)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`, o.ID, l.No, l.SKUID, l.ProductID, l.Title, string(opts), l.Qty, int64(l.UnitPrice), int64(l.LineTotal)); err != nil {
			return o, err
		}
	}
	actor := Actor{Kind: ActorShopper, ID: o.ShopperID}
	if o.AppID != "" {
		actor = Actor{Kind: ActorApp, ID: o.AppID}
	}
	if err := s.recordTx(ctx, tx, o, "", StatePendingPayment, EventOrderCreated, actor, "order created", map[string]any{"total": int64(o.Total), "currency": o.Currency}, t); err != nil {
		return o, err
	}
	err := s.q.EnqueueTx(ctx, tx, jobs.Job{Kind: JobCancelUnpaid, Key: JobCancelUnpaid + ":" + o.ID, RunAt: time.UnixMicro(o.PayBy),
		Payload: timerPayload{OrderID: o.ID, Due: o.PayBy}})
	return o, err
}
