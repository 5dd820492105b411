package ledger

import (
	"context"
	"database/sql"
	"errors"

	"github.com/soukhq/souk/store"
)

// LookupAccount returns an account with its current totals.
func (l *Ledger) LookupAccount(ctx context.Context, id string) (Account, error) {
	a, err := scanAccount(l.db.QueryRowContext(ctx, `SELECT `+accountCols+` FROM ledger_accounts WHERE id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return Account{}, reject(ErrAccountNotFound, "", "account %s", id)
	}
	if err != nil {
		return Account{}, err
	}
	return *a, nil
}

// Balance returns an account's posted, pending and available balance.
func (l *Ledger) Balance(ctx context.Context, id string) (Balance, error) {
	a, err := l.LookupAccount(ctx, id)
	if err != nil {
		return Balance{}, err
	}
	return a.Balance(), nil
}

// LookupTransfer returns a stored transfer.
func (l *Ledger) LookupTransfer(ctx context.Context, id string) (Transfer, error) {
	return lookupTransfer(ctx, l.db, id)
}

func lookupTransfer(ctx context.Context, q store.Querier, id string) (Transfer, error) {
	t, err := scanTransfer(q.QueryRowContext(ctx, `SELECT `+transferCols+` FROM ledger_transfers WHERE id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return Transfer{}, reject(ErrTransferNotFound, id, "")
	}
	if err != nil {
		return Transfer{}, err
	}
	return *t, nil
}

// Line is one statement line: how a transfer (or the expiry of a pending
// transfer) changed the account, and the posted balance after it.
type Line struct {
	Seq            int64  `json:"seq"`
	TransferID     string `json:"transfer_id"`
	Code           string `json:"code"`
	Reference      string `json:"reference"`
	Posted         int64  `json:"posted"`          // change of the posted balance (credit positive)
	PendingDebits  int64  `json:"pending_debits"`  // change of reserved debits
	PendingCredits int64  `json:"pending_credits"` // change of promised credits
	Balance        int64  `json:"balance"`         // posted balance after this line
	CreatedAt      int64  `json:"created_at"`
}

// Statement is a page of lines, oldest first; pass Next as After for the
// following page (0 means no more).
type Statement struct {
	AccountID string `json:"account_id"`
	Lines     []Line `json:"lines"`
	Next      int64  `json:"next,omitempty"`
}

// Statement lists an account's entries after sequence number after, at most
// limit (1..1000, default 100).
func (l *Ledger) Statement(ctx context.Context, accountID string, after int64, limit int) (Statement, error) {
	if limit <= 0 || limit > 1000 {
		limit = 100
	}
	if _, err := l.LookupAccount(ctx, accountID); err != nil {
		return Statement{}, err
	}
	rows, err := l.db.QueryContext(ctx, `SELECT e.seq, e.transfer_id, COALESCE(t.code, ''), COALESCE(t.reference, ''),
		e.credits_posted - e.debits_posted, e.debits_pending, e.credits_pending, e.balance, e.created_at
		FROM ledger_entries e LEFT JOIN ledger_transfers t ON t.id = e.transfer_id
		WHERE e.account_id = $1 AND e.seq > $2 ORDER BY e.seq LIMIT $3`, accountID, after, limit+1)
	if err != nil {
		return Statement{}, err
	}
	defer rows.Close()
	st := Statement{AccountID: accountID, Lines: []Line{}}
	for rows.Next() {
		var ln Line
		if err := rows.Scan(&ln.Seq, &ln.TransferID, &ln.Code, &ln.Reference, &ln.Posted, &ln.PendingDebits,
			&ln.PendingCredits, &ln.Balance, &ln.CreatedAt); err != nil {
			return Statement{}, err
		}
		st.Lines = append(st.Lines, ln)
	}
	if err := rows.Err(); err != nil {
		return Statement{}, err
	}
	if len(st.Lines) > limit {
		st.Lines = st.Lines[:limit]
		st.Next = st.Lines[limit-1].Seq
	}
	return st, nil
}

// BalanceAt returns the posted balance of an account as it was at time at
// (Unix µs): the balance after its last entry at or before then.
func (l *Ledger) BalanceAt(ctx context.Context, accountID string, at int64) (int64, error) {
	if _, err := l.LookupAccount(ctx, accountID); err != nil {
		return 0, err
	}
	var bal int64
	err := l.db.QueryRowContext(ctx, `SELECT balance FROM ledger_entries WHERE account_id = $1 AND created_at <= $2
		ORDER BY seq DESC LIMIT 1`, accountID, at).Scan(&bal)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	return bal, err
}

// AccountsOf lists an owner's accounts (wallets of a shopper, balances of a brand).
func (l *Ledger) AccountsOf(ctx context.Context, owner string) ([]Account, error) {
	rows, err := l.db.QueryContext(ctx, `SELECT `+accountCols+` FROM ledger_accounts WHERE owner = $1 ORDER BY kind, currency`, owner)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Account
	for rows.Next() {
		a, err := scanAccount(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *a)
	}
	return out, rows.Err()
}
