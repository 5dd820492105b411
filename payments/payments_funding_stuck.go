package payments

import (
	"context"
	"time"
)

// StuckFunding lists operations still pending olderThan after they were
// accepted, oldest first, at most limit (default 100, at most 500): what an
// operator looks at when a bank has gone quiet. Each is failed
// (FailFunding) or sent to the bank again (RetryFunding).
func (s *Service) StuckFunding(ctx context.Context, olderThan time.Duration, limit int) ([]FundingOp, error) {
	if limit <= 0 || limit > 500 {
		limit = 100
	}
	return s.queryFunding(ctx, `SELECT `+fundingCols+` FROM payment_funding WHERE status = 'pending'
		AND created_at <= $1 ORDER BY created_at, id LIMIT $2`, s.now()-olderThan.Microseconds(), limit)
}

// RetryFunding sends a pending operation to the bank again (the bank
// dedupes on the operation id, as for ResendStale) and records the bank's
// reference if the operation had none. The bank's answer still arrives
// through HandleFundingResult; nothing moves in the ledger here. An
// operation already decided is ErrFundingNotPending.
func (s *Service) RetryFunding(ctx context.Context, id string) (FundingOp, error) {
	op, err := s.GetFunding(ctx, id)
	if err != nil {
		return op, err
	}
	if op.Status != FundingPending {
		return op, fail(ErrFundingNotPending, "the operation is already %s", op.Status)
	}
	if s.opts.Funding == nil {
		return op, fail(ErrFundingUnavailable, "no bank is configured")
	}
	ref, err := s.opts.Funding.Start(ctx, op)
	if err != nil {
		return op, fail(ErrFundingUnavailable, "the bank did not take the operation: %v", err)
	}
	if op.BankRef == "" && ref != "" {
		if _, err := s.db.ExecContext(ctx, `UPDATE payment_funding SET bank_ref = $2 WHERE id = $1 AND bank_ref = ''`, op.ID, ref); err != nil {
			return op, err
		}
	}
	return s.GetFunding(ctx, id)
}
