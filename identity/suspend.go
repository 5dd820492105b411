package identity

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/soukhq/souk/internal/fault"
	"github.com/soukhq/souk/store"
)

// ErrSuspended refuses signing in to a suspended account.
var ErrSuspended = fault.New(fault.Forbidden, "account_suspended", "this account is suspended")

// Suspension is a user's suspension, if any.
type Suspension struct {
	Suspended bool
	At        time.Time
	By        string // the operator's user id
}

// Suspend suspends a user: their sessions end at once, and while suspended
// neither their API tokens nor signing in authenticate them (Authenticate
// and Login check). Suspending a suspended user changes nothing. An
// operator cannot suspend themselves (that would lock the console's last
// door).
func (s *Service) Suspend(ctx context.Context, userID, operatorID string) error {
	if userID == operatorID {
		return fault.New(fault.Conflict, "cannot_suspend_self", "you cannot suspend yourself")
	}
	// The cached callers go after the commit: a suspended user's session or
	// token is refused on this node's next request (other nodes within the
	// cache's TTL, caller_cache.go).
	defer s.callers.invalidate()
	return s.DB.InTx(ctx, func(tx *store.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE users SET suspended_at = COALESCE(suspended_at, $2), suspended_by = CASE WHEN suspended_at IS NULL THEN $3 ELSE suspended_by END WHERE id = $1`,
			userID, s.Now().UnixMicro(), operatorID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrNotFound
		}
		_, err = tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = $1`, userID)
		return err
	})
}

// Unsuspend lifts a suspension; the user signs in again (their API tokens
// work again unless revoked or expired).
func (s *Service) Unsuspend(ctx context.Context, userID string) error {
	defer s.callers.invalidate()
	res, err := s.DB.ExecContext(ctx, `UPDATE users SET suspended_at = NULL, suspended_by = '' WHERE id = $1`, userID)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrNotFound
	}
	return nil
}

// SuspensionOf reads a user's suspension.
func (s *Service) SuspensionOf(ctx context.Context, userID string) (Suspension, error) {
	var at sql.NullInt64
	var by string
	err := s.DB.QueryRowContext(ctx, `SELECT suspended_at, suspended_by FROM users WHERE id = $1`, userID).Scan(&at, &by)
	if errors.Is(err, sql.ErrNoRows) {
		return Suspension{}, ErrNotFound
	}
	if err != nil || !at.Valid {
		return Suspension{}, err
	}
	return Suspension{Suspended: true, At: micros(at.Int64), By: by}, nil
}
