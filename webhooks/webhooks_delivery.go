package webhooks

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/soukhq/souk/jobs"
	"github.com/soukhq/souk/store"
)

// Delivery is one event on its way to one endpoint.
type Delivery struct {
	ID            string     `json:"id" doc:"The webhook-id header: the same on every retry and replay"`
	EndpointID    string     `json:"endpoint_id"`
	EventType     string     `json:"event_type"`
	State         string     `json:"state" enum:"pending,succeeded,failed"`
	Attempts      int        `json:"attempts"`
	LastStatus    int        `json:"last_status,omitempty" doc:"HTTP status of the last attempt (0: no response)"`
	NextAttemptAt *time.Time `json:"next_attempt_at,omitempty"`
	CreatedAt     time.Time  `json:"created_at"`
	UpdatedAt     time.Time  `json:"updated_at"`
}

// Attempt is one try at sending a delivery, as the developer inspects it.
type Attempt struct {
	ID           string    `json:"id"`
	Kind         string    `json:"kind" enum:"scheduled,replay"`
	StartedAt    time.Time `json:"started_at"`
	DurationMS   int64     `json:"duration_ms"`
	StatusCode   int       `json:"status_code" doc:"0 when no response arrived"`
	ResponseBody string    `json:"response_body" doc:"The first 2 KiB of the response"`
	Error        string    `json:"error,omitempty"`
}

// DeliveryDetail is a delivery with the body it sends and its attempts.
type DeliveryDetail struct {
	Delivery
	Body     json.RawMessage `json:"body"`
	Attempts []Attempt       `json:"attempt_log"`
}

// maxResponseBody is how much of a receiver's answer an attempt keeps.
const maxResponseBody = 2048

type deliverPayload struct {
	DeliveryID string `json:"delivery_id"`
	Try        int    `json:"try,omitempty"`
	Replay     bool   `json:"replay,omitempty"`
}

// Publish sends an event to every enabled endpoint of the app whose event
// types select it, and returns the delivery ids. With tx the deliveries and
// their jobs commit with the caller's change; with nil it commits its own.
// payload is the event's data; the body sent is
// {"type":…,"timestamp":…,"data":payload}.
func (s *Service) Publish(ctx context.Context, tx *store.Tx, appID, eventType string, payload any) ([]string, error) {
	return s.PublishOnce(ctx, tx, appID, eventType, "", payload)
}

// PublishOnce is Publish for at-least-once callers (job handlers, event
// sinks): a second publish with the same non-empty eventKey to the same
// endpoint is dropped.
func (s *Service) PublishOnce(ctx context.Context, tx *store.Tx, appID, eventType, eventKey string, payload any) ([]string, error) {
	if !eventTypeRe.MatchString(eventType) || len(eventType) > 100 {
		return nil, fail(CodeInvalidEventType, "%q is not an order.*, payment.*, version.*, app.* or release.* event type", eventType)
	}
	data, err := json.Marshal(payload)
	if err != nil {
		return nil, fmt.Errorf("webhooks: payload of %s: %w", eventType, err)
	}
	body, err := json.Marshal(struct {
		Type      string          `json:"type"`
		Timestamp time.Time       `json:"timestamp"`
		Data      json.RawMessage `json:"data"`
	}{eventType, time.Now().UTC(), data})
	if err != nil {
		return nil, err
	}
	var ids []string
	publish := func(tx *store.Tx) error {
		ids = ids[:0]
		// The app's listen endpoint (souk listen) takes deliveries only
		// while someone listens, or has within ListenHold.
		rows, err := tx.QueryContext(ctx, `SELECT id, event_types, listen_until IS NOT NULL FROM webhook_endpoints
			WHERE app_id = $1 AND enabled = $2 AND (listen_until IS NULL OR listen_until > $3)`, appID, true, store.Now())
		if err != nil {
			return err
		}
		type target struct {
			id     string
			listen bool
		}
		var targets []target
		for rows.Next() {
			var t target
			var types string
			if err := rows.Scan(&t.id, &types, &t.listen); err != nil {
				rows.Close()
				return err
			}
			var patterns []string
			if json.Unmarshal([]byte(types), &patterns) == nil && matches(patterns, eventType) {
				targets = append(targets, t)
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		var key any
		if eventKey != "" {
			key = eventKey
		}
		now := store.Now()
		for _, ep := range targets {
			id := store.NewID("msg")
			res, err := tx.ExecContext(ctx, `INSERT INTO webhook_deliveries (id, endpoint_id, app_id, event_type, event_key, body, state, next_attempt_at, created_at, updated_at)
				VALUES ($1, $2, $3, $4, $5, $6, 'pending', $7, $7, $7) ON CONFLICT (endpoint_id, event_key) DO NOTHING`,
				id, ep.id, appID, eventType, key, string(body), now)
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n == 0 {
				continue // published before
			}
			if ep.listen {
				continue // listeners read it from the delivery log
			}
			if err := s.q.EnqueueTx(ctx, tx, jobs.Job{Kind: KindDeliver, Key: KindDeliver + ":" + id + ":1",
				Payload: deliverPayload{DeliveryID: id, Try: 1}, MaxAttempts: 5}); err != nil {
				return err
			}
			ids = append(ids, id)
		}
		return nil
	}
	if tx != nil {
		return ids, publish(tx)
	}
	if err := s.db.InTx(ctx, publish); err != nil {
		return nil, err
	}
	return ids, nil
}

// Replay sends a delivery again, now, whatever its state: one attempt,
// logged as a replay, with the same webhook-id and body and a fresh
// timestamp and signature.
func (s *Service) Replay(ctx context.Context, orgID, appID, endpointID, deliveryID string) error {
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		if _, err := s.delivery(ctx, tx, orgID, appID, endpointID, deliveryID); err != nil {
			return err
		}
		return s.q.EnqueueTx(ctx, tx, jobs.Job{Kind: KindDeliver, Key: "webhooks.replay:" + store.NewID("rpl"),
			Payload: deliverPayload{DeliveryID: deliveryID, Replay: true}, MaxAttempts: 3})
	})
	return err
}

// target is what one attempt needs, read before sending.
type target struct {
	eventType string
	state     string
	body      []byte
	url       string
	enabled   bool
	secrets   []string
	scheduled int
}

func (s *Service) loadTarget(ctx context.Context, id string) (*target, error) {
	var t target
	var body, secret string
	var old sql.NullString
	var oldUntil sql.NullInt64
	err := s.db.QueryRowContext(ctx, `SELECT d.event_type, d.state, d.body, e.url, e.enabled, e.secret, e.old_secret, e.old_secret_until,
			(SELECT COUNT(*) FROM webhook_attempts a WHERE a.delivery_id = d.id AND a.kind = 'scheduled')
		FROM webhook_deliveries d JOIN webhook_endpoints e ON e.id = d.endpoint_id WHERE d.id = $1`, id).
		Scan(&t.eventType, &t.state, &body, &t.url, &t.enabled, &secret, &old, &oldUntil, &t.scheduled)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil // the endpoint was deleted
	}
	if err != nil {
		return nil, err
	}
	t.body = []byte(body)
	cur, err := s.seal.open(secret)
	if err != nil {
		return nil, err
	}
	t.secrets = []string{cur}
	if old.Valid && oldUntil.Valid && oldUntil.Int64 > store.Now() {
		prev, err := s.seal.open(old.String)
		if err != nil {
			return nil, err
		}
		t.secrets = append(t.secrets, prev)
	}
	return &t, nil
}

// runDelivery is the KindDeliver job: one attempt, logged, and on a
// scheduled failure the next try enqueued. It is idempotent: a try already
// logged (a job run twice after a lost lease) is not sent again.
func (s *Service) runDelivery(ctx context.Context, r jobs.Run) error {
	var p deliverPayload
	if err := json.Unmarshal(r.Payload, &p); err != nil {
		return fmt.Errorf("webhooks: bad job payload: %w", err)
	}
	t, err := s.loadTarget(ctx, p.DeliveryID)
	if err != nil || t == nil {
		return err
	}
	if !p.Replay && (t.state != "pending" || t.scheduled >= p.Try) {
		return nil
	}
	a := Attempt{ID: store.NewID("wha"), Kind: "scheduled", StartedAt: time.Now().UTC()}
	if p.Replay {
		a.Kind = "replay"
	}
	if !t.enabled {
		a.Error = "the endpoint is disabled"
	} else {
		a.StatusCode, a.ResponseBody, a.Error = s.send(ctx, p.DeliveryID, t)
	}
	a.DurationMS = time.Since(a.StartedAt).Milliseconds()
	observeAttempt(a, t.enabled)
	ok := a.StatusCode >= 200 && a.StatusCode < 300
	if !ok {
		s.log.Warn("webhook attempt failed", "delivery", p.DeliveryID, "kind", a.Kind, "status", a.StatusCode)
	}
	var state string
	err = s.db.InTx(ctx, func(tx *store.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO webhook_attempts (id, delivery_id, kind, started_at, duration_us, status_code, response_body, error)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
			a.ID, p.DeliveryID, a.Kind, a.StartedAt.UnixMicro(), time.Since(a.StartedAt).Microseconds(), a.StatusCode, a.ResponseBody, a.Error)
		if err != nil {
			return err
		}
		next := sql.NullInt64{}
		state = t.state
		switch {
		case ok:
			state = "succeeded"
		case p.Replay:
			// A failed replay changes nothing: the schedule, if any, goes on.
			if state == "pending" {
				_ = tx.QueryRowContext(ctx, `SELECT next_attempt_at FROM webhook_deliveries WHERE id = $1`, p.DeliveryID).Scan(&next)
			}
		case p.Try <= len(s.opts.Schedule):
			state = "pending"
			runAt := r.Now.Add(s.opts.Schedule[p.Try-1])
			next = sql.NullInt64{Int64: runAt.UnixMicro(), Valid: true}
			if err := s.q.EnqueueTx(ctx, tx, jobs.Job{Kind: KindDeliver, Key: KindDeliver + ":" + p.DeliveryID + ":" + strconv.Itoa(p.Try+1),
				RunAt: runAt, Payload: deliverPayload{DeliveryID: p.DeliveryID, Try: p.Try + 1}, MaxAttempts: 5}); err != nil {
				return err
			}
		default:
			state = "failed"
		}
		_, err = tx.ExecContext(ctx, `UPDATE webhook_deliveries SET state = $1, attempts = attempts + 1, last_status = $2, next_attempt_at = $3, updated_at = $4 WHERE id = $5`,
			state, a.StatusCode, next, store.Now(), p.DeliveryID)
		return err
	})
	if err == nil && s.opts.OnAttempt != nil {
		try := p.Try
		if p.Replay {
			try = 0
		}
		s.opts.OnAttempt(AttemptReport{DeliveryID: p.DeliveryID, EventType: t.eventType, URL: t.url, Kind: a.Kind, Try: try,
			StatusCode: a.StatusCode, Error: a.Error, Duration: time.Duration(a.DurationMS) * time.Millisecond, State: state})
	}
	return err
}

// send POSTs the delivery signed and returns the status, the start of the
// response body and a transport error, if any.
func (s *Service) send(ctx context.Context, id string, t *target) (int, string, string) {
	now := time.Now()
	sig, err := Sign(t.secrets, id, now, t.body)
	if err != nil {
		return 0, "", err.Error()
	}
	ctx, cancel := context.WithTimeout(ctx, s.opts.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, t.url, bytes.NewReader(t.body))
	if err != nil {
		return 0, "", "bad request: " + err.Error()
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "souk-webhooks/1")
	req.Header.Set("webhook-id", id)
	req.Header.Set("webhook-timestamp", strconv.FormatInt(now.Unix(), 10))
	req.Header.Set("webhook-signature", sig)
	resp, err := s.client.Do(req)
	if err != nil {
		return 0, "", transportError(err)
	}
	defer resp.Body.Close()
	b, rerr := io.ReadAll(io.LimitReader(resp.Body, maxResponseBody))
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10)) // let the connection be reused
	msg := ""
	if rerr != nil {
		msg = "reading the response: " + transportError(rerr)
	} else if resp.StatusCode < 200 || resp.StatusCode >= 300 {
		msg = "the endpoint answered " + resp.Status
	}
	return resp.StatusCode, cleanText(b), msg
}

// transportError describes a failed request without repeating the URL
// (its query may hold the developer's own token).
func transportError(err error) string {
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	if errors.Is(err, context.DeadlineExceeded) || strings.Contains(err.Error(), "Client.Timeout") {
		return "timed out"
	}
	return err.Error()
}

// cleanText makes a response body storable as TEXT on both engines.
func cleanText(b []byte) string {
	s := string(b)
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	return strings.ReplaceAll(s, "\x00", "")
}
