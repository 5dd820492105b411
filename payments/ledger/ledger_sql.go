package ledger

import (
	"context"
	"database/sql"
	"encoding/json"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/soukhq/souk/store"
)

const transferCols = `id, debit_account_id, credit_account_id, amount, currency, code, reference,
	COALESCE(CAST(metadata AS TEXT), ''), flags, COALESCE(pending_id, ''), timeout_at, status, payload_hash, created_at`

func scanTransfer(sc interface{ Scan(...any) error }) (*Transfer, error) {
	var t Transfer
	var meta string
	if err := sc.Scan(&t.ID, &t.DebitAccountID, &t.CreditAccountID, &t.Amount, &t.Currency, &t.Code, &t.Reference,
		&meta, &t.Flags, &t.PendingID, &t.TimeoutAt, &t.Status, &t.hash, &t.CreatedAt); err != nil {
		return nil, err
	}
	if meta != "" {
		t.Metadata = []byte(meta)
	}
	if t.TimeoutAt > 0 {
		t.Timeout = time.Duration(t.TimeoutAt-t.CreatedAt) * time.Microsecond
	}
	return &t, nil
}

const accountCols = `id, owner, kind, currency, flags, credit_limit, debits_pending, debits_posted, credits_pending, credits_posted, created_at`

func scanAccount(sc interface{ Scan(...any) error }) (*Account, error) {
	var a Account
	err := sc.Scan(&a.ID, &a.Owner, &a.Kind, &a.Currency, &a.Flags, &a.CreditLimit,
		&a.DebitsPending, &a.DebitsPosted, &a.CreditsPending, &a.CreditsPosted, &a.CreatedAt)
	return &a, err
}

// inList returns "= ANY($1)" with the ids as one array on PostgreSQL, and
// "IN ($1,…)" on SQLite, which has no arrays.
func inList(d store.Dialect, ids []string) (string, []any) {
	if d == store.Postgres {
		return "= ANY($1)", []any{ids}
	}
	var b strings.Builder
	args := make([]any, len(ids))
	b.WriteString("IN (")
	for i, id := range ids {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString("$" + strconv.Itoa(i+1))
		args[i] = id
	}
	b.WriteByte(')')
	return b.String(), args
}

func uniqueSorted(ids []string) []string {
	out := make([]string, 0, len(ids))
	seen := make(map[string]bool, len(ids))
	for _, id := range ids {
		if id != "" && !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	sort.Strings(out)
	return out
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// loadTransfers reads the transfers with the given ids; with lock it takes
// row locks in id order (PostgreSQL; SQLite's single writer already excludes).
func (l *Ledger) loadTransfers(ctx context.Context, q store.Querier, ids []string, lock bool) (map[string]*Transfer, error) {
	return loadByID(ctx, q, l.sqlite().read(false), "ledger_transfers", transferCols, ids, lock, scanTransfer,
		func(t *Transfer) string { return t.ID })
}

// loadAccounts reads the accounts with the given ids, locking them as loadTransfers does.
func (l *Ledger) loadAccounts(ctx context.Context, q store.Querier, ids []string, lock bool) (map[string]*Account, error) {
	return loadByID(ctx, q, l.sqlite().read(true), "ledger_accounts", accountCols, ids, lock, scanAccount,
		func(a *Account) string { return a.ID })
}

// byJSONIDs is how the prepared SQLite reads take their ids: one JSON array
// parameter, so the statement text does not depend on how many there are.
const byJSONIDs = ` WHERE id IN (SELECT value FROM json_each($1))`

// loadByID reads rows of table by id. ORDER BY before FOR UPDATE: rows are
// locked in id order, the stable order that keeps opposite-direction
// transfers deadlock-free. On SQLite in a transaction, pre (when prepared)
// is the same read with the ids as a JSON array.
func loadByID[T any](ctx context.Context, q store.Querier, pre *sql.Stmt, table, cols string, ids []string, lock bool,
	scan func(interface{ Scan(...any) error }) (*T, error), id func(*T) string) (map[string]*T, error) {
	out := map[string]*T{}
	ids = uniqueSorted(ids)
	if len(ids) == 0 {
		return out, nil
	}
	d := dialectOf(q)
	var rows *sql.Rows
	var err error
	if tx, ok := q.(*store.Tx); ok && pre != nil && d == store.SQLite {
		js, jerr := json.Marshal(ids)
		if jerr != nil {
			return nil, jerr
		}
		rows, err = tx.StmtContext(ctx, pre).QueryContext(ctx, string(js))
	} else {
		in, args := inList(d, ids)
		query := `SELECT ` + cols + ` FROM ` + table + ` WHERE id ` + in
		if lock && d == store.Postgres {
			query += ` ORDER BY id FOR UPDATE`
		}
		rows, err = q.QueryContext(ctx, query, args...)
	}
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out[id(v)] = v
	}
	return out, rows.Err()
}

func dialectOf(q store.Querier) store.Dialect {
	switch v := q.(type) {
	case *store.Tx:
		return v.Dialect
	case *store.DB:
		return v.Dialect
	}
	return store.SQLite
}

func nullIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// write stores what apply decided: new transfers (in id order, so two
// transactions inserting overlapping ids wait rather than deadlock), pending
// status changes, account totals and entries. PostgreSQL gets one statement
// per table with arrays; SQLite, in-process, one prepared statement per row.
func (l *Ledger) write(ctx context.Context, tx *store.Tx, s *batchState) error {
	created, accIDs, pendIDs := writeSets(s)
	if tx.Dialect == store.Postgres {
		return writePostgres(ctx, tx, s, created, accIDs, pendIDs)
	}
	return writeSQLite(ctx, tx, s, created, accIDs, pendIDs, l.sqlite())
}

// writePostgres sends everything in one statement (data-modifying CTEs over
// arrays): one round trip per batch however many transfers it holds. The
// redundant "x.id = ANY(…)" conditions make the planner find the rows to
// update through the primary key instead of hashing a whole table.
func writePostgres(ctx context.Context, tx *store.Tx, s *batchState, created []*Transfer, accIDs, pendIDs []string) error {
	query, args := pgWrite(s, created, accIDs, pendIDs)
	_, err := tx.ExecContext(ctx, query, args...)
	return err
}

// pgWrite builds the single write statement and its array arguments.
func pgWrite(s *batchState, created []*Transfer, accIDs, pendIDs []string) (string, []any) {
	n := len(created)
	id, dr, cr, cur, code, ref, meta, pid, status, hash := make([]string, n), make([]string, n), make([]string, n), make([]string, n),
		make([]string, n), make([]string, n), make([]string, n), make([]string, n), make([]string, n), make([]string, n)
	amount, flags, timeout, at := make([]int64, n), make([]int64, n), make([]int64, n), make([]int64, n)
	for i, t := range created {
		id[i], dr[i], cr[i], cur[i], code[i], ref[i] = t.ID, t.DebitAccountID, t.CreditAccountID, t.Currency, t.Code, t.Reference
		meta[i], pid[i], status[i], hash[i] = string(t.Metadata), t.PendingID, string(t.Status), t.hash
		amount[i], flags[i], timeout[i], at[i] = t.Amount, int64(t.Flags), t.TimeoutAt, t.CreatedAt
	}
	pstatus := make([]string, len(pendIDs))
	for i, id := range pendIDs {
		pstatus[i] = string(s.pendings[id].Status)
	}
	na := len(accIDs)
	adp, adpo, acp, acpo := make([]int64, na), make([]int64, na), make([]int64, na), make([]int64, na)
	for i, id := range accIDs {
		a := s.accounts[id]
		adp[i], adpo[i], acp[i], acpo[i] = a.DebitsPending, a.DebitsPosted, a.CreditsPending, a.CreditsPosted
	}
	ne := len(s.entries)
	eacc, etr := make([]string, ne), make([]string, ne)
	edp, edpo, ecp, ecpo, ebal, eat := make([]int64, ne), make([]int64, ne), make([]int64, ne), make([]int64, ne), make([]int64, ne), make([]int64, ne)
	for i, e := range s.entries {
		eacc[i], etr[i], edp[i], edpo[i], ecp[i], ecpo[i], ebal[i], eat[i] = e.account, e.transfer, e.dp, e.dpo, e.cp, e.cpo, e.balance, e.createdAt
	}
	// WITH ORDINALITY keeps the entries' sequence numbers in the order they
	// were applied, which the running balance depends on.
	return `WITH
		t AS (INSERT INTO ledger_transfers (id, debit_account_id, credit_account_id, amount, currency,
				code, reference, metadata, flags, pending_id, timeout_at, status, payload_hash, created_at)
			SELECT u.id, u.dr, u.cr, u.amount, u.cur, u.code, u.ref, CAST(NULLIF(u.meta, '') AS JSON), u.flags,
				NULLIF(u.pid, ''), u.timeout, u.status, u.hash, u.at
			FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[], $5::text[], $6::text[], $7::text[], $8::text[],
				$9::bigint[], $10::text[], $11::bigint[], $12::text[], $13::text[], $14::bigint[])
				AS u(id, dr, cr, amount, cur, code, ref, meta, flags, pid, timeout, status, hash, at)),
		p AS (UPDATE ledger_transfers x SET status = u.status
			FROM unnest($15::text[], $16::text[]) AS u(id, status) WHERE x.id = u.id AND x.id = ANY($15)),
		a AS (UPDATE ledger_accounts x SET debits_pending = u.dp, debits_posted = u.dpo, credits_pending = u.cp, credits_posted = u.cpo
			FROM unnest($17::text[], $18::bigint[], $19::bigint[], $20::bigint[], $21::bigint[]) AS u(id, dp, dpo, cp, cpo)
			WHERE x.id = u.id AND x.id = ANY($17)),
		e AS (INSERT INTO ledger_entries (account_id, transfer_id, debits_pending, debits_posted, credits_pending, credits_posted, balance, created_at)
			SELECT u.acc, u.tr, u.dp, u.dpo, u.cp, u.cpo, u.bal, u.at
			FROM unnest($22::text[], $23::text[], $24::bigint[], $25::bigint[], $26::bigint[], $27::bigint[], $28::bigint[], $29::bigint[])
				WITH ORDINALITY AS u(acc, tr, dp, dpo, cp, cpo, bal, at, ord) ORDER BY u.ord)
		SELECT 1`, []any{
			id, dr, cr, amount, cur, code, ref, meta, flags, pid, timeout, status, hash, at,
			pendIDs, pstatus,
			accIDs, adp, adpo, acp, acpo,
			eacc, etr, edp, edpo, ecp, ecpo, ebal, eat}
}

func writeSQLite(ctx context.Context, tx *store.Tx, s *batchState, created []*Transfer, accIDs, pendIDs []string, pre *sqliteStmts) error {
	exec := func(query string, n int, args func(i int) []any) error {
		if n == 0 {
			return nil
		}
		var st *sql.Stmt
		if p := pre.get(query); p != nil {
			st = tx.StmtContext(ctx, p)
		} else {
			var err error
			if st, err = tx.PrepareContext(ctx, query); err != nil {
				return err
			}
		}
		defer st.Close()
		for i := 0; i < n; i++ {
			if _, err := st.ExecContext(ctx, args(i)...); err != nil {
				return err
			}
		}
		return nil
	}
	err := exec(sqlInsertTransfer, len(created), func(i int) []any {
		t := created[i]
		return []any{t.ID, t.DebitAccountID, t.CreditAccountID, t.Amount, t.Currency, t.Code, t.Reference,
			nullIfEmpty(string(t.Metadata)), int64(t.Flags), nullIfEmpty(t.PendingID), t.TimeoutAt, string(t.Status), t.hash, t.CreatedAt}
	})
	if err == nil {
		err = exec(sqlUpdatePending, len(pendIDs), func(i int) []any {
			return []any{pendIDs[i], string(s.pendings[pendIDs[i]].Status)}
		})
	}
	if err == nil {
		err = exec(sqlUpdateAccount, len(accIDs), func(i int) []any {
			a := s.accounts[accIDs[i]]
			return []any{a.ID, a.DebitsPending, a.DebitsPosted, a.CreditsPending, a.CreditsPosted}
		})
	}
	if err == nil {
		err = exec(sqlInsertEntry, len(s.entries), func(i int) []any {
			e := s.entries[i]
			return []any{e.account, e.transfer, e.dp, e.dpo, e.cp, e.cpo, e.balance, e.createdAt}
		})
	}
	return err
}

// The SQLite batch path's writes.
const (
	sqlInsertTransfer = `INSERT INTO ledger_transfers (id, debit_account_id, credit_account_id, amount, currency,
		code, reference, metadata, flags, pending_id, timeout_at, status, payload_hash, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`
	sqlUpdatePending = `UPDATE ledger_transfers SET status = $2 WHERE id = $1`
	sqlUpdateAccount = `UPDATE ledger_accounts SET debits_pending = $2, debits_posted = $3, credits_pending = $4, credits_posted = $5
		WHERE id = $1`
	sqlInsertEntry = `INSERT INTO ledger_entries (account_id, transfer_id, debits_pending, debits_posted,
		credits_pending, credits_posted, balance, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`
)

// sqliteStmts are the SQLite batch path's statements, prepared once on the
// writer (store.DB.PrepareWrite): parsing them again in every batch was a
// quarter of the ledger's CPU time on SQLite.
type sqliteStmts struct {
	selTransfers, selAccounts *sql.Stmt
	writes                    map[string]*sql.Stmt
}

// read returns the prepared read of accounts or transfers (nil: none).
func (p *sqliteStmts) read(accounts bool) *sql.Stmt {
	switch {
	case p == nil:
		return nil
	case accounts:
		return p.selAccounts
	}
	return p.selTransfers
}

// get returns the prepared write for query (nil: prepare it in the transaction).
func (p *sqliteStmts) get(query string) *sql.Stmt {
	if p == nil {
		return nil
	}
	return p.writes[query]
}

// sqlite returns the prepared statements (nil until prepareSQLite ran, and
// on PostgreSQL).
func (l *Ledger) sqlite() *sqliteStmts { return l.stmts.Load() }

// prepareSQLite prepares the statements once, outside any transaction. If
// that fails, batches prepare in their transaction as before.
func (l *Ledger) prepareSQLite(ctx context.Context) {
	if l.db.Dialect != store.SQLite {
		return
	}
	l.prep.Do(func() {
		p := &sqliteStmts{writes: map[string]*sql.Stmt{}}
		var all []*sql.Stmt
		prep := func(q string) *sql.Stmt {
			st, err := l.db.PrepareWrite(ctx, q)
			if err != nil {
				return nil
			}
			all = append(all, st)
			return st
		}
		p.selTransfers = prep(`SELECT ` + transferCols + ` FROM ledger_transfers` + byJSONIDs)
		p.selAccounts = prep(`SELECT ` + accountCols + ` FROM ledger_accounts` + byJSONIDs)
		for _, q := range []string{sqlInsertTransfer, sqlUpdatePending, sqlUpdateAccount, sqlInsertEntry} {
			p.writes[q] = prep(q)
		}
		if len(all) != 2+len(p.writes) {
			for _, st := range all {
				st.Close()
			}
			return
		}
		l.stmts.Store(p)
	})
}

// closeSQLite closes the prepared statements (Close).
func (l *Ledger) closeSQLite() {
	p := l.stmts.Swap(nil)
	if p == nil {
		return
	}
	p.selTransfers.Close()
	p.selAccounts.Close()
	for _, st := range p.writes {
		st.Close()
	}
}
