package ledger

import (
	"context"
	"fmt"

	"github.com/soukhq/souk/store"
)

// Report is the result of Check.
type Report struct {
	OK         bool                     `json:"ok"`
	Accounts   int64                    `json:"accounts"`
	Transfers  int64                    `json:"transfers"`
	Entries    int64                    `json:"entries"`
	Currencies map[string]CurrencyTotal `json:"currencies"`
	Problems   []string                 `json:"problems"`
}

// CurrencyTotal is the sum over all accounts of one currency; both must be 0.
type CurrencyTotal struct {
	Posted  int64 `json:"posted"`  // Σ credits_posted - debits_posted
	Pending int64 `json:"pending"` // Σ credits_pending - debits_pending
	Volume  int64 `json:"volume"`  // Σ credits_posted: how much has moved
}

// Check verifies the whole ledger: per currency everything sums to zero;
// every account's totals equal the sum of its entries and its last running
// balance; no account flag is violated; every transfer's entries balance;
// no pending transfer is resolved twice or resolved inconsistently with its
// status. It reads a consistent snapshot on PostgreSQL (repeatable read)
// and SQLite (one read transaction).
func (l *Ledger) Check(ctx context.Context) (r Report, err error) {
	defer func() { observeCheck(r, err) }()
	r = Report{Currencies: map[string]CurrencyTotal{}, Problems: []string{}}
	tx, err := l.db.SQL().BeginTx(ctx, nil)
	if err != nil {
		return r, err
	}
	defer tx.Rollback()
	if l.db.Dialect == store.Postgres {
		if _, err := tx.ExecContext(ctx, `SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY`); err != nil {
			return r, err
		}
	}
	problem := func(format string, args ...any) {
		if len(r.Problems) < 100 {
			r.Problems = append(r.Problems, fmt.Sprintf(format, args...))
		}
	}
	each := func(query string, scan func(sc func(...any) error) error) error {
		rows, err := tx.QueryContext(ctx, query)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			if err := scan(rows.Scan); err != nil {
				return err
			}
		}
		return rows.Err()
	}
	steps := []struct {
		query string
		scan  func(sc func(...any) error) error
	}{
		{`SELECT (SELECT COUNT(*) FROM ledger_accounts), (SELECT COUNT(*) FROM ledger_transfers), (SELECT COUNT(*) FROM ledger_entries)`,
			func(sc func(...any) error) error { return sc(&r.Accounts, &r.Transfers, &r.Entries) }},
		{`SELECT currency, SUM(credits_posted - debits_posted), SUM(credits_pending - debits_pending), SUM(credits_posted)
			FROM ledger_accounts GROUP BY currency ORDER BY currency`,
			func(sc func(...any) error) error {
				var cur string
				var t CurrencyTotal
				if err := sc(&cur, &t.Posted, &t.Pending, &t.Volume); err != nil {
					return err
				}
				r.Currencies[cur] = t
				if t.Posted != 0 || t.Pending != 0 {
					problem("currency %s does not sum to zero: posted %d, pending %d", cur, t.Posted, t.Pending)
				}
				return nil
			}},
		// Totals vs entries, and the last running balance vs the totals.
		{`SELECT a.id, a.debits_pending, a.debits_posted, a.credits_pending, a.credits_posted,
				COALESCE(e.dp, 0), COALESCE(e.dpo, 0), COALESCE(e.cp, 0), COALESCE(e.cpo, 0),
				COALESCE((SELECT balance FROM ledger_entries x WHERE x.account_id = a.id ORDER BY seq DESC LIMIT 1), 0)
			FROM ledger_accounts a LEFT JOIN (SELECT account_id, SUM(debits_pending) AS dp, SUM(debits_posted) AS dpo,
				SUM(credits_pending) AS cp, SUM(credits_posted) AS cpo FROM ledger_entries GROUP BY account_id) e
			ON e.account_id = a.id`,
			func(sc func(...any) error) error {
				var id string
				var a, e [4]int64
				var last int64
				if err := sc(&id, &a[0], &a[1], &a[2], &a[3], &e[0], &e[1], &e[2], &e[3], &last); err != nil {
					return err
				}
				if a != e {
					problem("account %s totals %v differ from the sum of its entries %v", id, a, e)
				}
				if last != a[3]-a[1] {
					problem("account %s balance %d differs from its last running balance %d", id, a[3]-a[1], last)
				}
				return nil
			}},
		{`SELECT id, flags, credit_limit, debits_pending + debits_posted, credits_posted, credits_pending + credits_posted, debits_posted
			FROM ledger_accounts WHERE (flags & 1 <> 0 AND debits_pending + debits_posted > credits_posted + credit_limit)
				OR (flags & 2 <> 0 AND credits_pending + credits_posted > debits_posted + credit_limit)`,
			func(sc func(...any) error) error {
				var id string
				var flags, limit, d, c, c2, d2 int64
				if err := sc(&id, &flags, &limit, &d, &c, &c2, &d2); err != nil {
					return err
				}
				problem("account %s violates its flags %d (limit %d): debits %d vs credits %d, credits %d vs debits %d", id, flags, limit, d, c, c2, d2)
				return nil
			}},
		{`SELECT transfer_id, SUM(credits_posted - debits_posted), SUM(credits_pending - debits_pending)
			FROM ledger_entries GROUP BY transfer_id
			HAVING SUM(credits_posted - debits_posted) <> 0 OR SUM(credits_pending - debits_pending) <> 0`,
			func(sc func(...any) error) error {
				var id string
				var p, q int64
				if err := sc(&id, &p, &q); err != nil {
					return err
				}
				problem("transfer %s entries do not balance: posted %d, pending %d", id, p, q)
				return nil
			}},
		{`SELECT pending_id, COUNT(*) FROM ledger_transfers WHERE pending_id IS NOT NULL GROUP BY pending_id HAVING COUNT(*) > 1`,
			func(sc func(...any) error) error {
				var id string
				var n int64
				if err := sc(&id, &n); err != nil {
					return err
				}
				problem("pending transfer %s was resolved %d times", id, n)
				return nil
			}},
		// A pending transfer's status must agree with what resolved it.
		{`SELECT p.id, p.status, COALESCE(r.flags, 0) FROM ledger_transfers p
			LEFT JOIN ledger_transfers r ON r.pending_id = p.id
			WHERE p.flags & 1 <> 0 AND NOT (
				(p.status = 'posted' AND COALESCE(r.flags, 0) = 2) OR (p.status = 'voided' AND COALESCE(r.flags, 0) = 4) OR
				(p.status IN ('pending', 'expired') AND r.id IS NULL))`,
			func(sc func(...any) error) error {
				var id, status string
				var flags int64
				if err := sc(&id, &status, &flags); err != nil {
					return err
				}
				problem("pending transfer %s has status %s but resolving transfer flags %d", id, status, flags)
				return nil
			}},
		// What is still pending on accounts equals what pending transfers reserve.
		{`SELECT (SELECT COALESCE(SUM(debits_pending), 0) FROM ledger_accounts),
				(SELECT COALESCE(SUM(amount), 0) FROM ledger_transfers WHERE status = 'pending')`,
			func(sc func(...any) error) error {
				var onAccounts, reserved int64
				if err := sc(&onAccounts, &reserved); err != nil {
					return err
				}
				if onAccounts != reserved {
					problem("accounts hold %d pending debits but open pending transfers reserve %d", onAccounts, reserved)
				}
				return nil
			}},
	}
	for _, s := range steps {
		if err := each(s.query, s.scan); err != nil {
			return r, err
		}
	}
	r.OK = len(r.Problems) == 0
	return r, nil
}
