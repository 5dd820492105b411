package identity

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/soukhq/souk/store"
)

// PIN policy: six digits; after MaxPINFailures wrong PINs in a row payments
// are locked for PINLockout. The counter lives in the database so a lockout
// holds across nodes and restarts.
const (
	MaxPINFailures = 5
	PINLockout     = 15 * time.Minute
)

func validatePIN(pin string) error {
	if len(pin) != 6 {
		return Invalid("invalid_pin", "the payment PIN must be exactly 6 digits")
	}
	for _, c := range pin {
		if c < '0' || c > '9' {
			return Invalid("invalid_pin", "the payment PIN must be exactly 6 digits")
		}
	}
	return nil
}

// SetPIN sets or changes the payment PIN; the account password is required
// so a stolen session alone cannot change it.
func (s *Service) SetPIN(ctx context.Context, userID, password, pin string) error {
	if err := validatePIN(pin); err != nil {
		return err
	}
	var hash string
	err := s.DB.QueryRowContext(ctx, `SELECT password_hash FROM users WHERE id = $1`, userID).Scan(&hash)
	if errors.Is(err, sql.ErrNoRows) {
		return ErrNotFound
	}
	if err != nil {
		return err
	}
	if !checkSecret(hash, password) {
		return ErrInvalidCredentials
	}
	now := s.Now().UnixMicro()
	_, err = s.DB.ExecContext(ctx, `INSERT INTO payment_pins (user_id, pin_hash, failed_attempts, locked_until, updated_at) VALUES ($1, $2, 0, 0, $3)
		ON CONFLICT (user_id) DO UPDATE SET pin_hash = excluded.pin_hash, failed_attempts = 0, locked_until = 0, updated_at = excluded.updated_at`,
		userID, hashSecret(pin), now)
	return err
}

// VerifyPIN checks a shopper's PIN. Every wrong PIN is counted in its own
// committed transaction, so the count survives whatever the caller does next.
func (s *Service) VerifyPIN(ctx context.Context, userID, pin string) error {
	var hash string
	var failed int
	var lockedUntil int64
	err := s.DB.QueryRowContext(ctx, `SELECT pin_hash, failed_attempts, locked_until FROM payment_pins WHERE user_id = $1`, userID).Scan(&hash, &failed, &lockedUntil)
	if errors.Is(err, sql.ErrNoRows) {
		return ErrPINNotSet
	}
	if err != nil {
		return err
	}
	now := s.Now()
	if lockedUntil > now.UnixMicro() {
		return ErrPINLocked
	}
	if validatePIN(pin) == nil && checkSecret(hash, pin) {
		if failed > 0 {
			_, err = s.DB.ExecContext(ctx, `UPDATE payment_pins SET failed_attempts = 0 WHERE user_id = $1`, userID)
		}
		return err
	}
	// Count atomically in SQL so concurrent wrong guesses cannot slip past
	// the limit; the count is committed before the error is returned.
	var n int
	err = s.DB.InTx(ctx, func(tx *store.Tx) error {
		if err := tx.QueryRowContext(ctx, `UPDATE payment_pins SET failed_attempts = failed_attempts + 1 WHERE user_id = $1 RETURNING failed_attempts`, userID).Scan(&n); err != nil {
			return err
		}
		if n < MaxPINFailures {
			return nil
		}
		_, err := tx.ExecContext(ctx, `UPDATE payment_pins SET failed_attempts = 0, locked_until = $1 WHERE user_id = $2`, now.Add(PINLockout).UnixMicro(), userID)
		return err
	})
	switch {
	case err != nil:
		return err
	case n >= MaxPINFailures:
		return ErrPINLocked
	}
	return ErrPINWrong
}
