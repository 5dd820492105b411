package chat

import (
	"context"
	"fmt"
	"time"

	"github.com/soukhq/souk/internal/fault"
	"github.com/soukhq/souk/store"
)

// tokenUnit is one send in a bucket: tokens are kept in millionths so
// refill needs no floating point.
const tokenUnit = int64(1_000_000)

// takeToken charges one send to subject's token bucket. Buckets live in the
// database (chat_rate_buckets), locked by the send's transaction, so every
// node shares one budget per user and per app and a rejected send (rolled
// back) costs nothing.
func (s *Service) takeToken(ctx context.Context, tx *store.Tx, subject string, lim RateLimit) error {
	return TakeToken(ctx, tx, subject, lim, s.nowUS())
}

// TakeToken charges one action of subject (at now, Unix microseconds) to
// its bucket in chat_rate_buckets, in tx: other packages' per-user limits
// (live room messages) share chat's buckets and its rate_limited error.
func TakeToken(ctx context.Context, tx *store.Tx, subject string, lim RateLimit, now int64) error {
	full := int64(lim.Burst) * tokenUnit
	var tokens, updated int64
	if err := tx.QueryRowContext(ctx, `INSERT INTO chat_rate_buckets (subject, tokens, updated_at) VALUES ($1, $2, $3)
		ON CONFLICT (subject) DO UPDATE SET subject = excluded.subject RETURNING tokens, updated_at`, subject, full, now).Scan(&tokens, &updated); err != nil {
		return err
	}
	left, err := charge(tokens, updated, now, lim)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `UPDATE chat_rate_buckets SET tokens = $2, updated_at = $3 WHERE subject = $1`, subject, left, now)
	return err
}

// take is takeToken for a batch: the bucket was read once for the batch
// and is charged in memory (saveBuckets writes it back).
func (b *bucket) take(now int64, lim RateLimit) error {
	left, err := charge(b.tokens, b.updated, now, lim)
	if err != nil {
		return err
	}
	b.tokens, b.updated, b.charged = left, now, true
	return nil
}

// charge refills a bucket holding tokens since updated up to now and takes
// one send from it: the tokens left, or a rate_limited error.
func charge(tokens, updated, now int64, lim RateLimit) (int64, error) {
	full := int64(lim.Burst) * tokenUnit
	per := lim.Per.Microseconds()
	elapsed := max(now-updated, 0)
	if elapsed >= per {
		tokens = full
	} else {
		tokens = min(full, tokens+elapsed*full/per)
	}
	if tokens < tokenUnit {
		wait := time.Duration((tokenUnit-tokens)*per/full+1) * time.Microsecond
		return 0, &Error{Kind: fault.RateLimited, Code: CodeRateLimited, RetryAfter: wait,
			Message: fmt.Sprintf("too many messages: at most %d per %s; retry in %s", lim.Burst, lim.Per, wait.Round(time.Millisecond))}
	}
	return tokens - tokenUnit, nil
}
