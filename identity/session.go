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
	return err
}

// Authenticate resolves a session or API token to its caller.
func (s *Service) Authenticate(ctx context.Context, token string) (Caller, error) {
	now := s.Now().UnixMicro()
	switch {
	case strings.HasPrefix(token, "ss_"):
		var userID, csrf string
		err := s.DB.QueryRowContext(ctx, `SELECT user_id, csrf_token FROM sessions WHERE token_hash = $1 AND expires_at > $2`, hashToken(token), now).Scan(&userID, &csrf)
		if errors.Is(err, sql.ErrNoRows) {
			return Caller{}, ErrUnauthenticated
		}
		if err != nil {
			return Caller{}, err
		}
		u, err := s.UserByID(ctx, userID)
		if err != nil {
			return Caller{}, err
		}
		return Caller{User: u, Via: "session", SessionCSRF: csrf, Scopes: []string{ScopeRead, ScopeWrite}}, nil
	case strings.HasPrefix(token, "sk_"):
		var id, userID, scopes string
		err := s.DB.QueryRowContext(ctx, `SELECT id, user_id, scopes FROM api_tokens WHERE token_hash = $1 AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > $2)`,
			hashToken(token), now).Scan(&id, &userID, &scopes)
		if errors.Is(err, sql.ErrNoRows) {
			return Caller{}, ErrUnauthenticated
		}
		if err != nil {
			return Caller{}, err
		}
		u, err := s.UserByID(ctx, userID)
		if err != nil {
			return Caller{}, err
		}
		// Best effort: a failed bookkeeping write must not fail the request.
		_, _ = s.DB.ExecContext(ctx, `UPDATE api_tokens SET last_used_at = $1 WHERE id = $2`, now, id)
		return Caller{User: u, Via: "token", Scopes: strings.Split(scopes, " ")}, nil
	}
	return Caller{}, ErrUnauthenticated
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
