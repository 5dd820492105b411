package payments

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/soukhq/souk/internal/secret"
	"github.com/soukhq/souk/store"
)

// PIN rules: exactly 6 ASCII digits, not all the same and not a straight
// run (123456, 654321). Five wrong PINs in a row lock the PIN for 15 minutes.
const (
	pinLength      = 6
	pinMaxFailures = 5
	pinLockout     = 15 * time.Minute
)

func validPIN(pin string) error {
	if len(pin) != pinLength {
		return fail(ErrInvalidPIN, "a payment PIN is %d digits", pinLength)
	}
	same, up, down := true, true, true
	for i := 0; i < len(pin); i++ {
		if pin[i] < '0' || pin[i] > '9' {
			return fail(ErrInvalidPIN, "a payment PIN is %d digits", pinLength)
		}
		if i > 0 {
			same = same && pin[i] == pin[0]
			up = up && pin[i] == pin[i-1]+1
			down = down && pin[i] == pin[i-1]-1
		}
	}
	if same || up || down {
		return fail(ErrInvalidPIN, "choose a PIN that is not a repeated digit or a straight run")
	}
	return nil
}

// SetPIN sets (or replaces) a user's payment PIN and clears any lockout.
// The caller authenticates the user (password or session) first.
func (s *Service) SetPIN(ctx context.Context, userID, pin string) error {
	if err := validPIN(pin); err != nil {
		return err
	}
	h := secret.Hash(pin)
	_, err := s.db.ExecContext(ctx, `INSERT INTO payment_pins (user_id, pin_hash, failed_attempts, locked_until, updated_at)
		VALUES ($1, $2, 0, 0, $3) ON CONFLICT (user_id) DO UPDATE SET pin_hash = excluded.pin_hash,
		failed_attempts = 0, locked_until = 0, updated_at = excluded.updated_at`, userID, h, s.now())
	return err
}

// HasPIN reports whether the user has set a payment PIN.
func (s *Service) HasPIN(ctx context.Context, userID string) (bool, error) {
	var n int
	err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM payment_pins WHERE user_id = $1`, userID).Scan(&n)
	return n > 0, err
}

// VerifyPIN checks a user's payment PIN. A wrong PIN is counted; the fifth
// in a row locks the PIN for 15 minutes (ErrPINLocked, also for the right
// PIN until then). A right PIN resets the count. The slow hash runs outside
// any transaction; the counters change with single atomic UPDATEs, so
// concurrent guesses are all counted.
func (s *Service) VerifyPIN(ctx context.Context, userID, pin string) error {
	var hash string
	var failed int
	var lockedUntil int64
	err := s.db.QueryRowContext(ctx, `SELECT pin_hash, failed_attempts, locked_until FROM payment_pins WHERE user_id = $1`, userID).
		Scan(&hash, &failed, &lockedUntil)
	if errors.Is(err, sql.ErrNoRows) {
		return fail(ErrPINNotSet, "set a payment PIN first")
	}
	if err != nil {
		return err
	}
	now := s.now()
	if lockedUntil > now {
		return fail(ErrPINLocked, "too many wrong PINs; try again after %s", time.UnixMicro(lockedUntil).UTC().Format(time.RFC3339))
	}
	if secret.Check(hash, pin) {
		res, err := s.db.ExecContext(ctx, `UPDATE payment_pins SET failed_attempts = 0 WHERE user_id = $1 AND locked_until <= $2`, userID, now)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fail(ErrPINLocked, "too many wrong PINs")
		}
		return nil
	}
	lock := now + pinLockout.Microseconds()
	var left int
	err = s.db.InTx(ctx, func(tx *store.Tx) error {
		return tx.QueryRowContext(ctx, `UPDATE payment_pins SET
			locked_until = CASE WHEN failed_attempts + 1 >= $2 THEN $3 ELSE locked_until END,
			failed_attempts = CASE WHEN failed_attempts + 1 >= $2 THEN 0 ELSE failed_attempts + 1 END,
			updated_at = $4
		WHERE user_id = $1 RETURNING CASE WHEN locked_until = $3 THEN 0 ELSE $2 - failed_attempts END`,
			userID, pinMaxFailures, lock, now).Scan(&left)
	})
	if err != nil {
		return err
	}
	if left == 0 {
		return fail(ErrPINLocked, "%d wrong PINs in a row; locked for %s", pinMaxFailures, pinLockout)
	}
	return fail(ErrWrongPIN, "%d attempts left", left)
}
