package ledger

import (
	"context"
	"sort"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/soukhq/souk/store"
)

// The PostgreSQL fast path of the batcher: a batch is one transaction in
// two pipelined round trips on a native pgx connection —
//
//	BEGIN; read the transfers asked for; lock the pending transfers to
//	resolve; lock every account involved (id order)        -> one round trip
//	the one-statement write; COMMIT                          -> one round trip
//
// instead of a round trip per statement through database/sql. The decisions
// are the same code (batchState.compute) as on the portable path.

const pgLockAccounts = `SELECT ` + accountCols + ` FROM ledger_accounts
	WHERE id = ANY($1::text[]
		|| ARRAY(SELECT debit_account_id FROM ledger_transfers WHERE id = ANY($2::text[]))
		|| ARRAY(SELECT credit_account_id FROM ledger_transfers WHERE id = ANY($2::text[])))
	ORDER BY id FOR UPDATE`

func (l *Ledger) executePG(ctx context.Context, units []*unit) error {
	var err error
	for attempt := 1; attempt <= 8; attempt++ {
		if err = l.tryPG(ctx, units); err == nil {
			return nil
		}
		// A deadlock, serialization failure or a concurrent insert of the
		// same id: run the batch again (the retry sees the other's commit).
		if !store.IsRetryable(err) && !store.IsUniqueViolation(err) {
			return err
		}
		time.Sleep(time.Duration(attempt*attempt) * time.Millisecond)
	}
	return err
}

func (l *Ledger) tryPG(ctx context.Context, units []*unit) (err error) {
	pc, err := l.db.PG.Acquire(ctx)
	if err != nil {
		return err
	}
	defer pc.Release()
	c := pc.Conn()
	defer func() {
		if err != nil {
			// Ends an aborted or unfinished transaction; a connection left in
			// one is discarded by the pool on Release anyway.
			_, _ = c.Exec(context.Background(), "ROLLBACK")
		}
	}()

	var ids, pendIDs, accIDs []string
	for _, u := range units {
		for _, t := range u.ts {
			ids = append(ids, t.ID)
			if t.PendingID != "" {
				pendIDs = append(pendIDs, t.PendingID)
			} else {
				accIDs = append(accIDs, t.DebitAccountID, t.CreditAccountID)
			}
		}
	}
	ids, pendIDs, accIDs = uniqueSorted(ids), uniqueSorted(pendIDs), uniqueSorted(accIDs)

	s := newBatchState()
	b := &pgx.Batch{}
	b.Queue("BEGIN")
	b.Queue(`SELECT `+transferCols+` FROM ledger_transfers WHERE id = ANY($1)`, ids)
	b.Queue(`SELECT `+transferCols+` FROM ledger_transfers WHERE id = ANY($1) ORDER BY id FOR UPDATE`, pendIDs)
	b.Queue(pgLockAccounts, accIDs, pendIDs)
	br := c.SendBatch(ctx, b)
	readTransfers := func(into map[string]*Transfer) error {
		rows, err := br.Query()
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			t, err := scanTransfer(rows)
			if err != nil {
				return err
			}
			into[t.ID] = t
		}
		return rows.Err()
	}
	err = func() error {
		if _, err := br.Exec(); err != nil {
			return err
		}
		if err := readTransfers(s.existing); err != nil {
			return err
		}
		if err := readTransfers(s.pendings); err != nil {
			return err
		}
		rows, err := br.Query()
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			a, err := scanAccount(rows)
			if err != nil {
				return err
			}
			s.accounts[a.ID] = a
		}
		return rows.Err()
	}()
	if cerr := br.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}

	s.compute(units)

	created, dirtyAcc, dirtyPend := writeSets(s)
	query, args := pgWrite(s, created, dirtyAcc, dirtyPend)
	b = &pgx.Batch{}
	b.Queue(query, args...)
	b.Queue("COMMIT")
	br = c.SendBatch(ctx, b)
	_, err = br.Exec()
	if err == nil {
		_, err = br.Exec()
	}
	if cerr := br.Close(); err == nil {
		err = cerr
	}
	return err
}

// writeSets lists what a batch writes: new transfers in id order (so two
// transactions inserting overlapping ids wait rather than deadlock), and
// the changed accounts and pending transfers.
func writeSets(s *batchState) (created []*Transfer, accIDs, pendIDs []string) {
	created = append([]*Transfer(nil), s.created...)
	sort.Slice(created, func(i, j int) bool { return created[i].ID < created[j].ID })
	return created, sortedKeys(s.dirtyAcc), sortedKeys(s.dirtyPend)
}
