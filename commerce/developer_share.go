package commerce

import (
	"context"
	"database/sql"
	"errors"

	"github.com/soukhq/souk/payments/money"
	"github.com/soukhq/souk/store"
)

// DeveloperShare returns a developer org's share of orders placed through
// its apps, in basis points: its own (set by an operator) or the default
// (Options.DeveloperShareBps).
func (s *Service) DeveloperShare(ctx context.Context, developerID string) (money.Bps, error) {
	return s.developerShare(ctx, s.db, developerID)
}

func (s *Service) developerShare(ctx context.Context, q store.Querier, developerID string) (money.Bps, error) {
	var bps int64
	err := q.QueryRowContext(ctx, `SELECT share_bps FROM commerce_developer_shares WHERE developer_id = $1`,
		developerID).Scan(&bps)
	if errors.Is(err, sql.ErrNoRows) {
		return s.opts.DeveloperShareBps, nil
	}
	return money.Bps(bps), err
}

// SetDeveloperShare sets a developer org's share in basis points
// (0..10000; admin). Orders whose payment request exists keep their share;
// the next ones use the new one.
func (s *Service) SetDeveloperShare(ctx context.Context, developerID string, bps money.Bps) error {
	if developerID == "" || bps < 0 || bps > 10000 {
		return fail(ErrInvalid, "the developer share must be 0..10000 bps")
	}
	_, err := s.db.ExecContext(ctx, `INSERT INTO commerce_developer_shares (developer_id, share_bps, updated_at)
		VALUES ($1, $2, $3) ON CONFLICT (developer_id) DO UPDATE SET share_bps = excluded.share_bps,
		updated_at = excluded.updated_at`, developerID, int64(bps), now())
	return err
}
