package payments

import (
	"context"
	"strings"

	"github.com/soukhq/souk/payments/ledger"
	"github.com/soukhq/souk/payments/money"
	"github.com/soukhq/souk/store"
)

// Points in the ledger. Every programme — a brand's shopper loyalty
// ("loyalty.<brand>") or an operator's merchant campaign
// ("campaign.<id>") — has its own unit money.PointsUnit(programme), and
// its own accounts, all in that unit:
//
//	points:<programme>:<holder>      a shopper's or a brand's points (never negative)
//	points:<programme>:~issued       where points come from (goes negative by what was issued)
//	points:<programme>:~redeemed     points spent (at checkout, for a rebate)
//	points:<programme>:~expired      points that expired
//
// So, per programme, what holders have is -(issued) - redeemed - expired:
// the ledger check proves it, and no transfer can carry a point out of its
// programme or into money (the ledger refuses transfers between units).

// Programme holders that are not people.
const (
	PointsIssued   = "~issued"
	PointsRedeemed = "~redeemed"
	PointsExpired  = "~expired"
)

// LoyaltyProgramme and CampaignProgramme name the two kinds of programme.
func LoyaltyProgramme(brandID string) string     { return "loyalty." + brandID }
func CampaignProgramme(campaignID string) string { return "campaign." + campaignID }

// PointsAccount is holder's account in programme.
func PointsAccount(programme, holder string) string { return "points:" + programme + ":" + holder }

// ensurePoints creates a programme account (idempotently).
func (s *Service) ensurePoints(ctx context.Context, tx *store.Tx, programme, holder string) (string, error) {
	id := PointsAccount(programme, holder)
	a := ledger.Account{ID: id, Owner: holder, Kind: "points", Currency: money.PointsUnit(programme), Flags: ledger.DebitsMustNotExceedCredits}
	if strings.HasPrefix(holder, "~") {
		a.Owner, a.Kind, a.Flags = "platform", "points_"+holder[1:], 0
	}
	_, err := s.l.CreateAccountTx(ctx, tx, a)
	return id, err
}

// MovePointsTx moves n points of programme from holder from to holder to
// (either may be one of the programme's own: PointsIssued, …) as ledger
// transfer id. A holder's account never goes negative: short is
// insufficient_funds, and nothing moves.
func (s *Service) MovePointsTx(ctx context.Context, tx *store.Tx, id, programme, from, to string, n int64, code, reference string) error {
	if n <= 0 || money.Amount(n) > money.PointsMax {
		return fail(ErrInvalidAmount, "points must be 1..%d", int64(money.PointsMax))
	}
	dr, err := s.ensurePoints(ctx, tx, programme, from)
	if err != nil {
		return err
	}
	cr, err := s.ensurePoints(ctx, tx, programme, to)
	if err != nil {
		return err
	}
	_, err = s.l.TransferTx(ctx, tx, ledger.Transfer{ID: id, DebitAccountID: dr, CreditAccountID: cr, Amount: n,
		Currency: money.PointsUnit(programme), Code: code, Reference: reference})
	return err
}

// PointsBalance is holder's points in programme (0 without an account).
func (s *Service) PointsBalance(ctx context.Context, q store.Querier, programme, holder string) (int64, error) {
	var n int64
	err := q.QueryRowContext(ctx, `SELECT COALESCE(SUM(credits_posted - debits_posted), 0) FROM ledger_accounts WHERE id = $1`,
		PointsAccount(programme, holder)).Scan(&n)
	return n, err
}

// PointsOutstanding is what all holders of programme have: the programme's
// liability in points.
func (s *Service) PointsOutstanding(ctx context.Context, programme string) (int64, error) {
	var n int64
	err := s.db.QueryRowContext(ctx, `SELECT COALESCE(SUM(credits_posted - debits_posted), 0) FROM ledger_accounts
		WHERE currency = $1 AND kind = 'points'`, money.PointsUnit(programme)).Scan(&n)
	return n, err
}

// PointsEntry is one line of a holder's points statement.
type PointsEntry struct {
	TransferID string `json:"transfer_id"`
	Code       string `json:"code"`
	Reference  string `json:"reference"`
	Points     int64  `json:"points"` // + in, - out
	At         int64  `json:"at"`
}

// PointsStatement lists holder's points movements in programme, newest
// first, at most limit (1..200).
func (s *Service) PointsStatement(ctx context.Context, programme, holder string, limit int) ([]PointsEntry, error) {
	if limit <= 0 || limit > 200 {
		limit = 50
	}
	acc := PointsAccount(programme, holder)
	rows, err := s.db.QueryContext(ctx, `SELECT id, code, COALESCE(reference, ''), debit_account_id, amount, created_at FROM ledger_transfers
		WHERE (debit_account_id = $1 OR credit_account_id = $1) AND status = 'posted' AND pending_id IS NULL
		ORDER BY created_at DESC, id DESC LIMIT $2`, acc, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []PointsEntry{}
	for rows.Next() {
		var e PointsEntry
		var debit string
		if err := rows.Scan(&e.TransferID, &e.Code, &e.Reference, &debit, &e.Points, &e.At); err != nil {
			return nil, err
		}
		if debit == acc {
			e.Points = -e.Points
		}
		out = append(out, e)
	}
	return out, rows.Err()
}
