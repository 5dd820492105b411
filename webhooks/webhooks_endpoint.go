package webhooks

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"regexp"
	"strings"
	"time"

	"github.com/soukhq/souk/store"
)

// Endpoint is a developer's receiver for some of an app's events. The
// signing secret is never part of it: it is shown once, at creation and at
// rotation.
type Endpoint struct {
	ID          string    `json:"id"`
	AppID       string    `json:"app_id"`
	URL         string    `json:"url"`
	Description string    `json:"description"`
	EventTypes  []string  `json:"event_types" doc:"Patterns: order.*, payment.*, version.*, app.*, release.* or exact types such as order.paid"`
	Enabled     bool      `json:"enabled"`
	CreatedAt   time.Time `json:"created_at"`
	UpdatedAt   time.Time `json:"updated_at"`
	// OldSecretUntil, after a rotation, is when the previous secret stops
	// signing deliveries.
	OldSecretUntil *time.Time `json:"old_secret_until,omitempty"`
}

// EndpointInput creates an endpoint.
type EndpointInput struct {
	URL         string
	Description string
	EventTypes  []string
}

// EndpointUpdate changes an endpoint; nil fields stay as they are.
type EndpointUpdate struct {
	URL         *string
	Description *string
	EventTypes  []string
	Enabled     *bool
}

// RotationGrace is how long the previous secret keeps signing after a
// rotation (each delivery then carries both signatures).
const RotationGrace = 24 * time.Hour

var (
	patternRe   = regexp.MustCompile(`^(order|payment|version|app|release)\.(\*|[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*)$`)
	eventTypeRe = regexp.MustCompile(`^(order|payment|version|app|release)\.[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$`)
)

func validPatterns(ps []string) ([]string, error) {
	if len(ps) == 0 || len(ps) > 50 {
		return nil, fail(CodeInvalidEventType, "give 1 to 50 event types (order.*, payment.*, version.*, app.*, release.*, or exact types such as order.paid)")
	}
	seen := map[string]bool{}
	out := make([]string, 0, len(ps))
	for _, p := range ps {
		if len(p) > 100 || !patternRe.MatchString(p) {
			return nil, fail(CodeInvalidEventType, "%q is not an event type: use order.*, payment.*, version.*, app.*, release.*, or an exact type such as order.paid", p)
		}
		if !seen[p] {
			seen[p] = true
			out = append(out, p)
		}
	}
	return out, nil
}

// matches reports whether an event type is selected by the patterns.
func matches(patterns []string, eventType string) bool {
	for _, p := range patterns {
		if p == eventType {
			return true
		}
		if prefix, ok := strings.CutSuffix(p, "*"); ok && strings.HasPrefix(eventType, prefix) {
			return true
		}
	}
	return false
}

func (s *Service) checkInput(url, desc string) error {
	if err := ValidateURL(url, s.opts.AllowLocalHTTP); err != nil {
		return err
	}
	if len(desc) > 500 {
		return fail(CodeInvalidInput, "description must have at most 500 characters")
	}
	return nil
}

// CreateEndpoint registers an endpoint for an app of the org and returns it
// with its signing secret, which is never shown again.
func (s *Service) CreateEndpoint(ctx context.Context, orgID, appID string, in EndpointInput) (Endpoint, string, error) {
	in.URL = strings.TrimSpace(in.URL)
	if err := s.checkInput(in.URL, in.Description); err != nil {
		return Endpoint{}, "", err
	}
	types, err := validPatterns(in.EventTypes)
	if err != nil {
		return Endpoint{}, "", err
	}
	secret := newSecret()
	now := store.Now()
	e := Endpoint{ID: store.NewID("whe"), AppID: appID, URL: in.URL, Description: in.Description, EventTypes: types,
		Enabled: true, CreatedAt: ts(now), UpdatedAt: ts(now)}
	typesJSON, _ := json.Marshal(types)
	err = s.db.InTx(ctx, func(tx *store.Tx) error {
		if err := s.appInOrg(ctx, tx, orgID, appID); err != nil {
			return err
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM webhook_endpoints WHERE app_id = $1 AND listen_until IS NULL`, appID).Scan(&n); err != nil {
			return err
		}
		if n >= s.opts.MaxEndpoints {
			return fail(CodeTooManyEndpoints, "an app may have at most %d webhook endpoints", s.opts.MaxEndpoints)
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO webhook_endpoints (id, app_id, url, description, event_types, enabled, secret, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
			e.ID, appID, e.URL, e.Description, string(typesJSON), true, s.seal.seal(secret), now, now)
		return err
	})
	if err != nil {
		return Endpoint{}, "", err
	}
	return e, secret, nil
}

const endpointCols = `id, app_id, url, description, event_types, enabled, old_secret_until, created_at, updated_at`

func scanEndpoint(row interface{ Scan(...any) error }) (Endpoint, error) {
	var e Endpoint
	var types string
	var until sql.NullInt64
	var created, updated int64
	if err := row.Scan(&e.ID, &e.AppID, &e.URL, &e.Description, &types, &e.Enabled, &until, &created, &updated); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return e, fail(CodeNotFound, "no such webhook endpoint")
		}
		return e, err
	}
	if err := json.Unmarshal([]byte(types), &e.EventTypes); err != nil {
		return e, err
	}
	if until.Valid && until.Int64 > store.Now() {
		e.OldSecretUntil = optTS(&until.Int64)
	}
	e.CreatedAt, e.UpdatedAt = ts(created), ts(updated)
	return e, nil
}

// Endpoints lists an app's endpoints, oldest first.
func (s *Service) Endpoints(ctx context.Context, orgID, appID string) ([]Endpoint, error) {
	if err := s.appInOrg(ctx, s.db, orgID, appID); err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT `+endpointCols+` FROM webhook_endpoints WHERE app_id = $1 AND listen_until IS NULL ORDER BY created_at, id`, appID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Endpoint{}
	for rows.Next() {
		e, err := scanEndpoint(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// Endpoint returns one endpoint of an app of the org.
func (s *Service) Endpoint(ctx context.Context, orgID, appID, id string) (Endpoint, error) {
	return s.endpoint(ctx, s.db, orgID, appID, id)
}

func (s *Service) endpoint(ctx context.Context, q store.Querier, orgID, appID, id string) (Endpoint, error) {
	if err := s.appInOrg(ctx, q, orgID, appID); err != nil {
		return Endpoint{}, err
	}
	return scanEndpoint(q.QueryRowContext(ctx, `SELECT `+endpointCols+` FROM webhook_endpoints WHERE id = $1 AND app_id = $2 AND listen_until IS NULL`, id, appID))
}

// UpdateEndpoint changes the URL, description, event types or enabled flag.
func (s *Service) UpdateEndpoint(ctx context.Context, orgID, appID, id string, up EndpointUpdate) (Endpoint, error) {
	var out Endpoint
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		e, err := s.endpoint(ctx, tx, orgID, appID, id)
		if err != nil {
			return err
		}
		if up.URL != nil {
			e.URL = strings.TrimSpace(*up.URL)
		}
		if up.Description != nil {
			e.Description = *up.Description
		}
		if up.EventTypes != nil {
			if e.EventTypes, err = validPatterns(up.EventTypes); err != nil {
				return err
			}
		}
		if up.Enabled != nil {
			e.Enabled = *up.Enabled
		}
		if err := s.checkInput(e.URL, e.Description); err != nil {
			return err
		}
		typesJSON, _ := json.Marshal(e.EventTypes)
		now := store.Now()
		e.UpdatedAt = ts(now)
		_, err = tx.ExecContext(ctx, `UPDATE webhook_endpoints SET url = $1, description = $2, event_types = $3, enabled = $4, updated_at = $5 WHERE id = $6`,
			e.URL, e.Description, string(typesJSON), e.Enabled, now, e.ID)
		out = e
		return err
	})
	return out, err
}

// DeleteEndpoint removes an endpoint with its deliveries and their log.
func (s *Service) DeleteEndpoint(ctx context.Context, orgID, appID, id string) error {
	return s.db.InTx(ctx, func(tx *store.Tx) error {
		if _, err := s.endpoint(ctx, tx, orgID, appID, id); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM webhook_attempts WHERE delivery_id IN (SELECT id FROM webhook_deliveries WHERE endpoint_id = $1)`, id); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM webhook_deliveries WHERE endpoint_id = $1`, id); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `DELETE FROM webhook_endpoints WHERE id = $1`, id)
		return err
	})
}

// RotateSecret gives the endpoint a new signing secret and returns it
// (shown once). The previous secret keeps signing, beside the new one, for
// RotationGrace; rotating again ends that grace at once.
func (s *Service) RotateSecret(ctx context.Context, orgID, appID, id string) (string, error) {
	secret := newSecret()
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		if _, err := s.endpoint(ctx, tx, orgID, appID, id); err != nil {
			return err
		}
		now := store.Now()
		_, err := tx.ExecContext(ctx, `UPDATE webhook_endpoints SET old_secret = secret, old_secret_until = $1, secret = $2, updated_at = $3 WHERE id = $4`,
			now+RotationGrace.Microseconds(), s.seal.seal(secret), now, id)
		return err
	})
	if err != nil {
		return "", err
	}
	return secret, nil
}
