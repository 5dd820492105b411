package identity

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"
)

// Session is a signed-in browser or API client.
type Session struct {
	Token     string    `json:"token"`
	CSRFToken string    `json:"csrf_token"`
	ExpiresAt time.Time `json:"expires_at"`
}

// Login checks the password and opens a session.
func (s *Service) Login(ctx context.Context, email, password string) (Session, User, error) {
	u, err := s.checkPassword(ctx, email, password)
	if err != nil {
		return Session{}, User{}, err
	}
	// Only after the password: a suspended account says so to its owner,
	// never to someone guessing.
	if sus, err := s.SuspensionOf(ctx, u.ID); err != nil {
		return Session{}, User{}, err
	} else if sus.Suspended {
		return Session{}, User{}, ErrSuspended
	}
	token, hash := newSecret("ss_")
	csrf, _ := newSecret("")
	now := s.Now()
	sess := Session{Token: token, CSRFToken: csrf, ExpiresAt: now.Add(s.SessionTTL).UTC().Truncate(time.Microsecond)}
	_, err = s.DB.ExecContext(ctx, `INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)`,
		hash, u.ID, csrf, now.UnixMicro(), sess.ExpiresAt.UnixMicro())
	if err != nil {
		return Session{}, User{}, err
	}
	return sess, u, nil
}

// Logout ends a session (or does nothing if it is already gone).
func (s *Service) Logout(ctx context.Context, token string) error {
	_, err := s.DB.ExecContext(ctx, `DELETE FROM sessions WHERE token_hash = $1`, hashToken(token))
	s.callers.invalidate()
	return err
}

// Authenticate resolves a session or API token to its caller with one
// query (the credential joined to its user); it runs on every request.
func (s *Service) Authenticate(ctx context.Context, token string) (Caller, error) {
	clock := s.Now()
	now := clock.UnixMicro()
	hash := hashToken(token)
	c, gen, ok := s.callers.get(hash, clock)
	if ok {
		return c, nil
	}
	var expires sql.NullInt64
	var created int64
	user := []any{&c.User.ID, &c.User.Email, &c.User.DisplayName, &c.User.PlatformRole, &created}
	var err error
	switch {
	case strings.HasPrefix(token, "ss_"):
		c.Via, c.Scopes = "session", []string{ScopeRead, ScopeWrite}
		err = s.DB.QueryRowContext(ctx, `SELECT u.id, u.email, u.display_name, u.platform_role, u.created_at, s.csrf_token, s.expires_at
			FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = $1 AND s.expires_at > $2 AND u.suspended_at IS NULL`,
			hash, now).Scan(append(user, &c.SessionCSRF, &expires)...)
	case strings.HasPrefix(token, "sk_"):
		var id, scopes string
		var lastUsed sql.NullInt64
		err = s.DB.QueryRowContext(ctx, `SELECT u.id, u.email, u.display_name, u.platform_role, u.created_at, t.id, t.scopes, t.last_used_at, t.expires_at
			FROM api_tokens t JOIN users u ON u.id = t.user_id
			WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > $2)
			AND u.suspended_at IS NULL`,
			hash, now).Scan(append(user, &id, &scopes, &lastUsed, &expires)...)
		if err == nil {
			c.Via, c.Scopes = "token", strings.Split(scopes, " ")
			// last_used_at is coarse (a minute) so a busy CLI does not turn
			// every read into a write; a failed bookkeeping write must not
			// fail the request.
			if !lastUsed.Valid || now-lastUsed.Int64 >= time.Minute.Microseconds() {
				_, _ = s.DB.ExecContext(ctx, `UPDATE api_tokens SET last_used_at = $1 WHERE id = $2`, now, id)
			}
		}
	default:
		return Caller{}, ErrUnauthenticated
	}
	if errors.Is(err, sql.ErrNoRows) {
		return Caller{}, ErrUnauthenticated
	}
	if err != nil {
		return Caller{}, err
	}
	c.User.CreatedAt = micros(created)
	s.callers.put(hash, gen, c, expires.Int64, clock)
	return c, nil
}

// HasScope reports whether the caller may use the given scope.
func (c Caller) HasScope(scope string) bool {
	for _, s := range c.Scopes {
		if s == scope {
			return true
		}
	}
	return false
}
