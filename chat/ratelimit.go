package chat

import (
	"context"
	"fmt"
	"time"

	"github.com/soukhq/souk/internal/fault"
	"github.com/soukhq/souk/store"
)

// takeToken charges one send to subject's token bucket. Buckets live in the
// database (chat_rate_buckets), locked by the send's transaction, so every
// node shares one budget per user and per app and a rejected send (rolled
// back) costs nothing. Tokens are kept in millionths so refill needs no
// floating point.
func (s *Service) takeToken(ctx context.Context, tx *store.Tx, subject string, lim RateLimit) error {
	const unit = int64(1_000_000)
	full := int64(lim.Burst) * unit
	per := lim.Per.Microseconds()
	now := s.nowUS()
	var tokens, updated int64
	if err := tx.QueryRowContext(ctx, `INSERT INTO chat_rate_buckets (subject, tokens, updated_at) VALUES ($1, $2, $3)
		ON CONFLICT (subject) DO UPDATE SET subject = excluded.subject RETURNING tokens, updated_at`, subject, full, now).Scan(&tokens, &updated); err != nil {
		return err
	}
	elapsed := max(now-updated, 0)
	if elapsed >= per {
		tokens = full
	} else {
		tokens = min(full, tokens+elapsed*full/per)
	}
	if tokens < unit {
		wait := time.Duration((unit-tokens)*per/full+1) * time.Microsecond
		return &Error{Kind: fault.RateLimited, Code: CodeRateLimited, RetryAfter: wait,
			Message: fmt.Sprintf("too many messages: at most %d per %s; retry in %s", lim.Burst, lim.Per, wait.Round(time.Millisecond))}
	}
	_, err := tx.ExecContext(ctx, `UPDATE chat_rate_buckets SET tokens = $2, updated_at = $3 WHERE subject = $1`, subject, tokens-unit, now)
	return err
}
