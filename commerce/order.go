package commerce

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/soukhq/souk/payments/money"
	"github.com/soukhq/souk/store"
)

// Order is one purchase from one brand, in one currency.
type Order struct {
	ID             string `json:"id"`
	ShopperID      string `json:"shopperId"`
	BrandID        string `json:"brandId"`
	AppID          string `json:"appId,omitempty"`          // the app that created it ("" when made directly)
	InstallationID string `json:"installationId,omitempty"` // the installation that created it
	DeveloperID    string `json:"developerId,omitempty"`    // the app's developer org, paid its share at settlement
	Currency       string `json:"currency"`
	// Total is what the shopper pays: the sum of the line totals, computed
	// by the host from the catalog when the order was created, less the
	// coupon discount (Subtotal - Discount; see coupon_apply.go).
	Total money.Amount `json:"total"`
	// Subtotal is the sum of the line totals (0 on orders made before
	// coupons existed, whose Total is their subtotal).
	Subtotal money.Amount `json:"subtotal"`
	// Discount is the applied coupon's discount, funded by DiscountFundedBy
	// ("brand" or "platform").
	Discount         money.Amount `json:"discount"`
	CouponClaimID    string       `json:"couponClaimId,omitempty"`
	DiscountFundedBy string       `json:"discountFundedBy,omitempty"`
	// PointsUsed loyalty points of the brand's programme, each worth
	// PointValue at the time, take PointsDiscount off after the coupon
	// (Total = Subtotal - Discount - PointsDiscount; see loyalty.go).
	// PointsReturned of them went back (refunds, cancellation);
	// PointsEarned is what completing the order earned.
	PointsUsed     int64        `json:"pointsUsed"`
	PointValue     money.Amount `json:"pointValue"`
	PointsDiscount money.Amount `json:"pointsDiscount"`
	PointsReturned int64        `json:"pointsReturned"`
	PointsEarned   int64        `json:"pointsEarned"`
	Refunded       money.Amount `json:"refunded"` // refunded so far (partial or full)
	State          State        `json:"state"`
	// PrevState is where a refund_requested order returns when the refund
	// is declined or partial.
	PrevState State `json:"prevState,omitempty"`
	// Stock is reserved (unpaid), committed (paid) or released (cancelled).
	Stock            string `json:"stock"`
	PaymentRequestID string `json:"paymentRequestId,omitempty"`
	DisputeID        string `json:"disputeId,omitempty"`
	PayBy            int64  `json:"payBy"` // Unix µs; unpaid orders cancel then
	CreatedAt        int64  `json:"createdAt"`
	UpdatedAt        int64  `json:"updatedAt"`
	PaidAt           int64  `json:"paidAt,omitempty"`
	DeliveredAt      int64  `json:"deliveredAt,omitempty"`
	CompletedAt      int64  `json:"completedAt,omitempty"`
	Lines            []Line `json:"lines"`

	completeJobKey string
}

// Line is one SKU of an order, priced from the catalog at order time.
type Line struct {
	No        int               `json:"no"`
	SKUID     string            `json:"skuId"`
	ProductID string            `json:"productId"`
	Title     string            `json:"title"`   // the product title when ordered
	Options   map[string]string `json:"options"` // the SKU options when ordered
	Qty       int64             `json:"qty"`
	UnitPrice money.Amount      `json:"unitPrice"`
	LineTotal money.Amount      `json:"lineTotal"`
	// Discount is this line's share of the order's coupon discount; the
	// shopper paid LineTotal - Discount for it (the refund rule).
	Discount money.Amount `json:"discount"`
}

// Transition is one recorded state change.
type Transition struct {
	ID     string         `json:"id"`
	From   State          `json:"from"`
	To     State          `json:"to"`
	Event  string         `json:"event"`
	Actor  Actor          `json:"actor"`
	Reason string         `json:"reason,omitempty"`
	Detail map[string]any `json:"detail,omitempty"`
	At     int64          `json:"at"`
}

const orderCols = `id, shopper_id, brand_id, app_id, installation_id, developer_id, currency, total, refunded, state, prev_state,
	stock, payment_request_id, dispute_id, complete_job_key, pay_by, created_at, updated_at, paid_at, delivered_at, completed_at,
	subtotal, discount, coupon_claim_id, discount_funded_by, points_used, point_value, points_discount, points_returned, points_earned`

func scanOrder(sc interface{ Scan(...any) error }) (Order, error) {
	var o Order
	err := sc.Scan(&o.ID, &o.ShopperID, &o.BrandID, &o.AppID, &o.InstallationID, &o.DeveloperID, &o.Currency, &o.Total, &o.Refunded,
		&o.State, &o.PrevState, &o.Stock, &o.PaymentRequestID, &o.DisputeID, &o.completeJobKey, &o.PayBy, &o.CreatedAt, &o.UpdatedAt,
		&o.PaidAt, &o.DeliveredAt, &o.CompletedAt, &o.Subtotal, &o.Discount, &o.CouponClaimID, &o.DiscountFundedBy,
		&o.PointsUsed, &o.PointValue, &o.PointsDiscount, &o.PointsReturned, &o.PointsEarned)
	if o.Subtotal == 0 {
		o.Subtotal = o.Total
	}
	if errors.Is(err, sql.ErrNoRows) {
		return o, fail(ErrNotFound, "no such order")
	}
	return o, err
}

// lockOrder reads an order in tx, locking it against concurrent changes.
func lockOrder(ctx context.Context, tx *store.Tx, id string) (Order, error) {
	return scanOrder(tx.QueryRowContext(ctx, `SELECT `+orderCols+` FROM commerce_orders WHERE id = $1`+forUpdate(tx), id))
}

// lockShopperOrder is lockOrder for a shopper acting on their own order:
// anyone else's order is not found, so its existence is not revealed.
func lockShopperOrder(ctx context.Context, tx *store.Tx, shopperID, id string) (Order, error) {
	o, err := lockOrder(ctx, tx, id)
	if err == nil && o.ShopperID != shopperID {
		return Order{}, fail(ErrNotFound, "no such order")
	}
	return o, err
}

func loadLines(ctx context.Context, q store.Querier, orderID string) ([]Line, error) {
	rows, err := q.QueryContext(ctx, `SELECT line_no, sku_id, product_id, title, options, qty, unit_price, line_total, discount
		FROM commerce_order_lines WHERE order_id = $1 ORDER BY line_no`, orderID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Line{}
	for rows.Next() {
		var l Line
		var opts string
		if err := rows.Scan(&l.No, &l.SKUID, &l.ProductID, &l.Title, &opts, &l.Qty, &l.UnitPrice, &l.LineTotal, &l.Discount); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(opts), &l.Options); err != nil {
			return nil, err
		}
		out = append(out, l)
	}
	return out, rows.Err()
}

// Order returns an order with its lines (no access check: callers scope it
// with ShopperOrder / BrandOrder).
func (s *Service) Order(ctx context.Context, id string) (Order, error) {
	o, err := scanOrder(s.db.QueryRowContext(ctx, `SELECT `+orderCols+` FROM commerce_orders WHERE id = $1`, id))
	if err != nil {
		return o, err
	}
	o.Lines, err = loadLines(ctx, s.db, id)
	return o, err
}

// ShopperOrder returns the shopper's own order; anyone else's is not found.
func (s *Service) ShopperOrder(ctx context.Context, shopperID, id string) (Order, error) {
	o, err := s.Order(ctx, id)
	if err == nil && o.ShopperID != shopperID {
		return Order{}, fail(ErrNotFound, "no such order")
	}
	return o, err
}

// BrandOrder returns one of the brand's orders; another brand's is not found.
func (s *Service) BrandOrder(ctx context.Context, brandID, id string) (Order, error) {
	o, err := s.Order(ctx, id)
	if err == nil && o.BrandID != brandID {
		return Order{}, fail(ErrNotFound, "no such order")
	}
	return o, err
}

// OrderFilter narrows an order listing. Exactly one of ShopperID and
// BrandID scopes it; the others narrow further.
type OrderFilter struct {
	ShopperID, BrandID string // one or both (a shopper's orders with one brand)
	State              State
	Before             int64  // created_at strictly before (paging); 0: newest
	After              string // order id: the orders after it in this listing's order (paging)
	From, To           int64  // created_at in [From, To) when set (Unix µs)
	Limit              int    // default 50, at most 200

	// BeforeID, with Before, pages by (created_at, id): orders created at
	// Before with a smaller id come next too, so equal times lose nothing.
	BeforeID string
}

// Orders lists orders newest first (with their lines).
func (s *Service) Orders(ctx context.Context, f OrderFilter) ([]Order, error) {
	if f.ShopperID == "" && f.BrandID == "" {
		return nil, fail(ErrInvalid, "an order listing is scoped to one shopper, one brand, or one shopper's orders with one brand")
	}
	if f.Limit <= 0 || f.Limit > 200 {
		f.Limit = 50
	}
	q := `SELECT ` + orderCols + ` FROM commerce_orders WHERE `
	args := []any{}
	arg := func(v any) string { args = append(args, v); return fmt.Sprintf("$%d", len(args)) }
	switch {
	case f.ShopperID != "" && f.BrandID != "":
		q += `brand_id = ` + arg(f.BrandID) + ` AND shopper_id = ` + arg(f.ShopperID)
	case f.ShopperID != "":
		q += `shopper_id = ` + arg(f.ShopperID)
	default:
		q += `brand_id = ` + arg(f.BrandID)
	}
	if f.State != "" {
		q += ` AND state = ` + arg(string(f.State))
	}
	if f.Before > 0 && f.BeforeID != "" {
		b := arg(f.Before)
		q += ` AND (created_at < ` + b + ` OR (created_at = ` + b + ` AND id < ` + arg(f.BeforeID) + `))`
	} else if f.Before > 0 {
		q += ` AND created_at < ` + arg(f.Before)
	}
	if f.From > 0 {
		q += ` AND created_at >= ` + arg(f.From)
	}
	if f.To > 0 {
		q += ` AND created_at < ` + arg(f.To)
	}
	if f.After != "" {
		q += ` AND (created_at, id) < (SELECT created_at, id FROM commerce_orders WHERE id = ` + arg(f.After) + `)`
	}
	q += ` ORDER BY created_at DESC, id DESC LIMIT ` + arg(f.Limit)
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	out := []Order{}
	for rows.Next() {
		o, err := scanOrder(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, o)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i := range out {
		if out[i].Lines, err = loadLines(ctx, s.db, out[i].ID); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// Transitions lists an order's recorded transitions, oldest first.
func (s *Service) Transitions(ctx context.Context, orderID string) ([]Transition, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, from_state, to_state, event, actor_kind, actor_id, reason, detail, at
		FROM commerce_order_transitions WHERE order_id = $1 ORDER BY at, id`, orderID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Transition{}
	for rows.Next() {
		var t Transition
		var detail string
		if err := rows.Scan(&t.ID, &t.From, &t.To, &t.Event, &t.Actor.Kind, &t.Actor.ID, &t.Reason, &detail, &t.At); err != nil {
			return nil, err
		}
		if detail != "" && detail != "{}" {
			_ = json.Unmarshal([]byte(detail), &t.Detail)
		}
		out = append(out, t)
	}
	return out, rows.Err()
}
