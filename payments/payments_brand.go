package payments

import (
	"context"

	"github.com/soukhq/souk/payments/money"
)

// A brand's money as the seller console shows it: per currency the ledger
// balance (available, and pending: reserved by payouts on their way to the
// bank), what its orders hold in escrow (paid, not yet settled), and per
// settled order the platform fee and the developer's share.

// BrandEscrow is, per currency, what the brand's paid orders hold in
// escrow: paid and not yet settled, less what was refunded. It lands on the
// brand's balance (less fee and developer share) when the orders settle.
func (s *Service) BrandEscrow(ctx context.Context, brandID string) (map[string]money.Amount, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT currency, COALESCE(SUM(amount - refunded), 0) FROM payment_requests
		WHERE brand_id = $1 AND status = 'paid' GROUP BY currency`, brandID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]money.Amount{}
	for rows.Next() {
		var cur string
		var n int64
		if err := rows.Scan(&cur, &n); err != nil {
			return nil, err
		}
		out[cur] = money.Amount(n)
	}
	return out, rows.Err()
}

// Settlement is how one settled order's money was split.
type Settlement struct {
	RequestID       string       `json:"request_id"`
	OrderID         string       `json:"order_id"`
	Currency        string       `json:"currency"`
	Amount          money.Amount `json:"amount"`   // paid
	Refunded        money.Amount `json:"refunded"` // before settlement
	FeeBps          money.Bps    `json:"fee_bps"`
	Fee             money.Amount `json:"fee"`
	DeveloperID     string       `json:"developer_id,omitempty"`
	DeveloperAmount money.Amount `json:"developer_amount"`
	BrandAmount     money.Amount `json:"brand_amount"`
	SettledAt       int64        `json:"settled_at"`
}

// BrandSettlements lists the brand's settled orders in a currency, newest
// first, before settled-at cursor before (0: from the newest), at most
// limit (1..200).
func (s *Service) BrandSettlements(ctx context.Context, brandID, currency string, before int64, limit int) ([]Settlement, error) {
	if limit <= 0 || limit > 200 {
		limit = 50
	}
	if before <= 0 {
		before = 1 << 62
	}
	rows, err := s.db.QueryContext(ctx, `SELECT id, order_id, currency, amount, refunded, fee_bps, fee, developer_id, developer_amount, brand_amount, settled_at
		FROM payment_requests WHERE brand_id = $1 AND currency = $2 AND status = 'settled' AND settled_at < $3
		ORDER BY settled_at DESC, id DESC LIMIT $4`, brandID, currency, before, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Settlement
	for rows.Next() {
		var x Settlement
		if err := rows.Scan(&x.RequestID, &x.OrderID, &x.Currency, &x.Amount, &x.Refunded, &x.FeeBps, &x.Fee, &x.DeveloperID,
			&x.DeveloperAmount, &x.BrandAmount, &x.SettledAt); err != nil {
			return nil, err
		}
		out = append(out, x)
	}
	return out, rows.Err()
}
