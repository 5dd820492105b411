package webhooks

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"strconv"
	"time"

	"github.com/soukhq/souk/store"
)

// ListenHold is how long an app's listen endpoint keeps recording
// deliveries after its last listener renewed it: a listener that
// reconnects within it resumes where it stopped and loses nothing.
const ListenHold = 2 * time.Minute

// ListenRetention is how long a listen endpoint's deliveries are kept for
// resuming listeners.
const ListenRetention = time.Hour

// ListenDelivery is one delivery as `souk listen` forwards it: the exact
// body and the headers a registered endpoint would have received, signed
// with the listen endpoint's secret.
type ListenDelivery struct {
	ID        string            `json:"id" doc:"The delivery log id: the webhook-id header, and the resume point (Last-Event-ID)"`
	EventType string            `json:"event_type"`
	CreatedAt time.Time         `json:"created_at"`
	Headers   map[string]string `json:"headers" doc:"content-type, webhook-id, webhook-timestamp, webhook-signature: send them as they are"`
	Body      string            `json:"body" doc:"The exact bytes that were signed"`
}

// Listener is an app's listen endpoint, as a listener sees it.
type Listener struct {
	EndpointID string
	AppID      string
	// Secret is the listen endpoint's signing secret: the one a local
	// receiver verifies forwarded deliveries with. It stays the same for
	// the app across sessions.
	Secret  string
	secrets []string
}

// Listen returns the app's listen endpoint, creating it on first use, and
// keeps it recording deliveries for ListenHold. The app must belong to the
// org. The endpoint is not one of the app's registered endpoints: it has no
// URL, is not listed, not counted against MaxEndpoints, and nothing is ever
// sent from it; listeners read its deliveries with ListenAfter.
func (s *Service) Listen(ctx context.Context, orgID, appID string) (*Listener, error) {
	l := &Listener{AppID: appID}
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		if err := s.appInOrg(ctx, tx, orgID, appID); err != nil {
			return err
		}
		now := store.Now()
		until := now + ListenHold.Microseconds()
		var secret string
		err := tx.QueryRowContext(ctx, `SELECT id, secret FROM webhook_endpoints WHERE app_id = $1 AND listen_until IS NOT NULL`, appID).Scan(&l.EndpointID, &secret)
		if errors.Is(err, sql.ErrNoRows) {
			l.Secret = newSecret()
			l.EndpointID = store.NewID("whe")
			types, _ := json.Marshal([]string{"order.*", "payment.*"})
			_, err = tx.ExecContext(ctx, `INSERT INTO webhook_endpoints (id, app_id, url, description, event_types, enabled, secret, listen_until, created_at, updated_at)
				VALUES ($1, $2, '', 'souk listen', $3, $4, $5, $6, $7, $7)`,
				l.EndpointID, appID, string(types), true, s.seal.seal(l.Secret), until, now)
			return err
		}
		if err != nil {
			return err
		}
		if l.Secret, err = s.seal.open(secret); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE webhook_endpoints SET listen_until = $1, updated_at = $2 WHERE id = $3`, until, now, l.EndpointID)
		return err
	})
	if err != nil {
		return nil, err
	}
	l.secrets = []string{l.Secret}
	return l, nil
}

// Renew keeps the listen endpoint recording for another ListenHold and
// drops its deliveries older than ListenRetention.
func (s *Service) Renew(ctx context.Context, l *Listener) error {
	now := store.Now()
	if _, err := s.db.ExecContext(ctx, `UPDATE webhook_endpoints SET listen_until = $1 WHERE id = $2`, now+ListenHold.Microseconds(), l.EndpointID); err != nil {
		return err
	}
	_, err := s.db.ExecContext(ctx, `DELETE FROM webhook_deliveries WHERE endpoint_id = $1 AND created_at < $2`, l.EndpointID, now-ListenRetention.Microseconds())
	return err
}

// ListenCursor is a position in a listen endpoint's delivery log.
// Deliveries are ordered by creation time, but a transaction that began
// earlier can commit after a later one: the cursor looks listenLookback
// back each time and skips the ids it already returned.
type ListenCursor struct {
	at   int64
	seen map[string]int64 // id → created_at, within listenLookback of at
}

// listenLookback is how much older than the newest delivery returned a
// delivery can still appear (its transaction committing late).
const listenLookback = 5 * time.Second

func (c *ListenCursor) saw(id string, at int64) {
	if c.seen == nil {
		c.seen = map[string]int64{}
	}
	c.seen[id] = at
	c.at = max(c.at, at)
	for k, v := range c.seen {
		if v < c.at-listenLookback.Microseconds() {
			delete(c.seen, k)
		}
	}
}

// ListenStart is the cursor of a listener that starts now: it receives the
// deliveries recorded from now on. With after (a delivery id the listener
// last received) it resumes after that delivery (a delivery made up to
// listenLookback before it may come again: receivers dedupe on
// webhook-id); a delivery no longer kept (older than ListenRetention, or
// not this app's) is CodeResumeExpired.
func (s *Service) ListenStart(ctx context.Context, l *Listener, after string) (ListenCursor, error) {
	if after == "" {
		return ListenCursor{at: store.Now()}, nil
	}
	var at int64
	err := s.db.QueryRowContext(ctx, `SELECT created_at FROM webhook_deliveries WHERE id = $1 AND endpoint_id = $2`, after, l.EndpointID).Scan(&at)
	if errors.Is(err, sql.ErrNoRows) {
		return ListenCursor{}, fail(CodeResumeExpired, "delivery %s is not in the listen log (older than %s?): start again without it", after, ListenRetention)
	}
	c := ListenCursor{}
	c.saw(after, at)
	return c, err
}

// ListenAfter returns up to limit deliveries after the cursor, oldest
// first, each signed now, and moves the cursor past them. Only event types
// the patterns select are returned (all with none); the cursor still moves
// past the others.
func (s *Service) ListenAfter(ctx context.Context, l *Listener, c *ListenCursor, patterns []string, limit int) ([]ListenDelivery, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, event_type, body, created_at FROM webhook_deliveries
		WHERE endpoint_id = $1 AND created_at >= $2 ORDER BY created_at, id LIMIT `+strconv.Itoa(limit+len(c.seen)),
		l.EndpointID, c.at-listenLookback.Microseconds())
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []ListenDelivery
	now := time.Now()
	for rows.Next() && len(out) < limit {
		var d ListenDelivery
		var at int64
		if err := rows.Scan(&d.ID, &d.EventType, &d.Body, &at); err != nil {
			return nil, err
		}
		if _, ok := c.seen[d.ID]; ok {
			continue
		}
		c.saw(d.ID, at)
		if len(patterns) > 0 && !matches(patterns, d.EventType) {
			continue
		}
		sig, err := Sign(l.secrets, d.ID, now, []byte(d.Body))
		if err != nil {
			return nil, err
		}
		d.CreatedAt = ts(at)
		d.Headers = map[string]string{
			"content-type":      "application/json",
			"webhook-id":        d.ID,
			"webhook-timestamp": strconv.FormatInt(now.Unix(), 10),
			"webhook-signature": sig,
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// ValidPatterns checks event type patterns (order.*, payment.succeeded…)
// as endpoints take them.
func ValidPatterns(ps []string) ([]string, error) { return validPatterns(ps) }
