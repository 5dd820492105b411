package identity

import (
	"context"
	"database/sql"
	"sort"
	"strings"
	"time"

	"github.com/soukhq/souk/store"
)

// API token scopes: "read" allows safe methods (GET/HEAD) only; "write"
// allows everything the user may do.
const (
	ScopeRead  = "read"
	ScopeWrite = "write"
)

// APIToken describes a token without its secret, which is shown only once.
type APIToken struct {
	ID         string     `json:"id"`
	Name       string     `json:"name"`
	Scopes     []string   `json:"scopes"`
	CreatedAt  time.Time  `json:"created_at"`
	ExpiresAt  *time.Time `json:"expires_at,omitempty"`
	LastUsedAt *time.Time `json:"last_used_at,omitempty"`
	RevokedAt  *time.Time `json:"revoked_at,omitempty"`
}

// CreateAPIToken issues a token for the CLI. ttl 0 means no expiry.
func (s *Service) CreateAPIToken(ctx context.Context, userID, name string, scopes []string, ttl time.Duration) (string, APIToken, error) {
	name = strings.TrimSpace(name)
	if name == "" || len(name) > 100 {
		return "", APIToken{}, Invalid("invalid_name", "token name must have 1 to 100 characters")
	}
	if len(scopes) == 0 {
		return "", APIToken{}, Invalid("invalid_scopes", "name at least one scope: read, write")
	}
	set := map[string]bool{}
	for _, sc := range scopes {
		if sc != ScopeRead && sc != ScopeWrite {
			return "", APIToken{}, Invalid("invalid_scopes", "unknown scope "+sc+"; scopes are read, write")
		}
		set[sc] = true
	}
	if set[ScopeWrite] {
		set[ScopeRead] = true // writing implies reading
	}
	scopes = scopes[:0:0]
	for sc := range set {
		scopes = append(scopes, sc)
	}
	sort.Strings(scopes)
	return insertAPIToken(ctx, s.DB, userID, name, scopes, s.Now().UTC().Truncate(time.Microsecond), ttl)
}

// insertAPIToken writes a token with checked name and sorted scopes.
func insertAPIToken(ctx context.Context, q store.Querier, userID, name string, scopes []string, now time.Time, ttl time.Duration) (string, APIToken, error) {
	t := APIToken{ID: store.NewID("tok"), Name: name, Scopes: scopes, CreatedAt: now}
	var expires sql.NullInt64
	if ttl > 0 {
		e := now.Add(ttl)
		t.ExpiresAt = &e
		expires = sql.NullInt64{Int64: e.UnixMicro(), Valid: true}
	}
	token, hash := newSecret("sk_")
	_, err := q.ExecContext(ctx, `INSERT INTO api_tokens (id, user_id, name, token_hash, scopes, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
		t.ID, userID, name, hash, strings.Join(scopes, " "), now.UnixMicro(), expires)
	if err != nil {
		return "", APIToken{}, err
	}
	return token, t, nil
}

// ListAPITokens lists a user's tokens, newest first.
func (s *Service) ListAPITokens(ctx context.Context, userID string) ([]APIToken, error) {
	rows, err := s.DB.QueryContext(ctx, `SELECT id, name, scopes, created_at, expires_at, last_used_at, revoked_at FROM api_tokens WHERE user_id = $1 ORDER BY id DESC`, userID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []APIToken{}
	for rows.Next() {
		var t APIToken
		var scopes string
		var created int64
		var expires, used, revoked sql.NullInt64
		if err := rows.Scan(&t.ID, &t.Name, &scopes, &created, &expires, &used, &revoked); err != nil {
			return nil, err
		}
		t.Scopes = strings.Split(scopes, " ")
		t.CreatedAt = micros(created)
		t.ExpiresAt, t.LastUsedAt, t.RevokedAt = optTime(expires), optTime(used), optTime(revoked)
		out = append(out, t)
	}
	return out, rows.Err()
}

// RevokeAPIToken revokes one of the user's tokens.
func (s *Service) RevokeAPIToken(ctx context.Context, userID, tokenID string) error {
	res, err := s.DB.ExecContext(ctx, `UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND user_id = $3 AND revoked_at IS NULL`, s.Now().UnixMicro(), tokenID, userID)
	s.callers.invalidate()
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrNotFound
	}
	return nil
}

func optTime(v sql.NullInt64) *time.Time {
	if !v.Valid {
		return nil
	}
	t := micros(v.Int64)
	return &t
}
