package webhooks

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"strings"

	"github.com/soukhq/souk/store"
)

// DeliveryPage is one page of an endpoint's deliveries, newest first.
type DeliveryPage struct {
	Deliveries []Delivery `json:"deliveries"`
	Next       string     `json:"next,omitempty" doc:"Pass as cursor for the next page"`
}

// DeliveryFilter selects deliveries.
type DeliveryFilter struct {
	State  string // "", pending, succeeded, failed
	Cursor string
	Limit  int // 1-200, default 50
}

// CursorAfter is the cursor of the deliveries after d, in the pages' order.
func CursorAfter(d Delivery) string {
	return strconv.FormatInt(d.CreatedAt.UnixMicro(), 10) + ":" + d.ID
}

const deliveryCols = `id, endpoint_id, event_type, state, attempts, last_status, next_attempt_at, created_at, updated_at`

func scanDelivery(row interface{ Scan(...any) error }) (Delivery, error) {
	var d Delivery
	var last sql.NullInt64
	var next sql.NullInt64
	var created, updated int64
	if err := row.Scan(&d.ID, &d.EndpointID, &d.EventType, &d.State, &d.Attempts, &last, &next, &created, &updated); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return d, fail(CodeNotFound, "no such delivery")
		}
		return d, err
	}
	d.LastStatus = int(last.Int64)
	if next.Valid && d.State == "pending" {
		d.NextAttemptAt = optTS(&next.Int64)
	}
	d.CreatedAt, d.UpdatedAt = ts(created), ts(updated)
	return d, nil
}

// Deliveries lists an endpoint's deliveries, newest first.
func (s *Service) Deliveries(ctx context.Context, orgID, appID, endpointID string, f DeliveryFilter) (DeliveryPage, error) {
	if _, err := s.endpoint(ctx, s.db, orgID, appID, endpointID); err != nil {
		return DeliveryPage{}, err
	}
	switch f.State {
	case "", "pending", "succeeded", "failed":
	default:
		return DeliveryPage{}, fail(CodeInvalidInput, "state must be pending, succeeded or failed")
	}
	if f.Limit <= 0 || f.Limit > 200 {
		f.Limit = 50
	}
	q := `SELECT ` + deliveryCols + ` FROM webhook_deliveries WHERE endpoint_id = $1 AND ($2 = '' OR state = $2)`
	args := []any{endpointID, f.State}
	if f.Cursor != "" {
		at, id, ok := strings.Cut(f.Cursor, ":")
		us, err := strconv.ParseInt(at, 10, 64)
		if !ok || err != nil {
			return DeliveryPage{}, fail(CodeInvalidInput, "malformed cursor")
		}
		q += ` AND (created_at < $3 OR (created_at = $3 AND id < $4))`
		args = append(args, us, id)
	}
	q += ` ORDER BY created_at DESC, id DESC LIMIT ` + strconv.Itoa(f.Limit+1)
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return DeliveryPage{}, err
	}
	defer rows.Close()
	page := DeliveryPage{Deliveries: []Delivery{}}
	for rows.Next() {
		d, err := scanDelivery(rows)
		if err != nil {
			return DeliveryPage{}, err
		}
		page.Deliveries = append(page.Deliveries, d)
	}
	if err := rows.Err(); err != nil {
		return DeliveryPage{}, err
	}
	if len(page.Deliveries) > f.Limit {
		page.Deliveries = page.Deliveries[:f.Limit]
		last := page.Deliveries[f.Limit-1]
		page.Next = CursorAfter(last)
	}
	return page, nil
}

func (s *Service) delivery(ctx context.Context, q store.Querier, orgID, appID, endpointID, id string) (Delivery, error) {
	if _, err := s.endpoint(ctx, q, orgID, appID, endpointID); err != nil {
		return Delivery{}, err
	}
	return scanDelivery(q.QueryRowContext(ctx, `SELECT `+deliveryCols+` FROM webhook_deliveries WHERE id = $1 AND endpoint_id = $2`, id, endpointID))
}

// Delivery returns a delivery with its body and every attempt, oldest first.
func (s *Service) Delivery(ctx context.Context, orgID, appID, endpointID, id string) (DeliveryDetail, error) {
	d, err := s.delivery(ctx, s.db, orgID, appID, endpointID, id)
	if err != nil {
		return DeliveryDetail{}, err
	}
	out := DeliveryDetail{Delivery: d, Attempts: []Attempt{}}
	var body string
	if err := s.db.QueryRowContext(ctx, `SELECT body FROM webhook_deliveries WHERE id = $1`, id).Scan(&body); err != nil {
		return DeliveryDetail{}, err
	}
	out.Body = []byte(body)
	rows, err := s.db.QueryContext(ctx, `SELECT id, kind, started_at, duration_us, status_code, response_body, error
		FROM webhook_attempts WHERE delivery_id = $1 ORDER BY started_at, id`, id)
	if err != nil {
		return DeliveryDetail{}, err
	}
	defer rows.Close()
	for rows.Next() {
		var a Attempt
		var started, dur int64
		if err := rows.Scan(&a.ID, &a.Kind, &started, &dur, &a.StatusCode, &a.ResponseBody, &a.Error); err != nil {
			return DeliveryDetail{}, err
		}
		a.StartedAt, a.DurationMS = ts(started), dur/1000
		out.Attempts = append(out.Attempts, a)
	}
	return out, rows.Err()
}
