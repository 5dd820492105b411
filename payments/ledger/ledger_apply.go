package ledger

import (
	"context"
	"math"

	"github.com/soukhq/souk/store"
)

// unit is what applies all or nothing: one transfer, or a linked group.
type unit struct {
	ts     []Transfer
	linked bool
	out    []Transfer
	err    error
}

// entry is one appended ledger_entries row.
type entry struct {
	account, transfer  string
	dp, dpo, cp, cpo   int64 // deltas of the four totals
	balance, createdAt int64
}

// batchState is one transaction's view: the locked accounts and pending
// transfers, and everything to write at the end.
type batchState struct {
	now       int64
	accounts  map[string]*Account
	dirtyAcc  map[string]bool
	pendings  map[string]*Transfer // stored pending transfers, locked
	dirtyPend map[string]bool
	existing  map[string]*Transfer // stored transfers with the ids asked for
	created   []*Transfer
	byID      map[string]*Transfer // created in this transaction
	entries   []entry
	undo      []func()
}

// apply runs units inside tx. Rejections land in unit.err; the returned error
// is only for database failures, which abort the whole transaction. It must
// be re-runnable (InTx retries), so it keeps no state outside s.
func (l *Ledger) apply(ctx context.Context, tx *store.Tx, units []*unit, expireIDs []string) error {
	s := newBatchState()
	var ids []string
	for _, u := range units {
		for _, t := range u.ts {
			ids = append(ids, t.ID)
		}
	}
	var err error
	if s.existing, err = l.loadTransfers(ctx, tx, ids, false); err != nil {
		return err
	}
	// Lock order: pending transfers, then accounts, each sorted by id.
	pendIDs := append([]string(nil), expireIDs...)
	for _, u := range units {
		for _, t := range u.ts {
			if t.PendingID != "" && s.existing[t.ID] == nil {
				pendIDs = append(pendIDs, t.PendingID)
			}
		}
	}
	if s.pendings, err = l.loadTransfers(ctx, tx, pendIDs, true); err != nil {
		return err
	}
	var accIDs []string
	for _, u := range units {
		for _, t := range u.ts {
			if s.existing[t.ID] == nil && t.PendingID == "" {
				accIDs = append(accIDs, t.DebitAccountID, t.CreditAccountID)
			}
		}
	}
	for _, p := range s.pendings {
		accIDs = append(accIDs, p.DebitAccountID, p.CreditAccountID)
	}
	if s.accounts, err = l.loadAccounts(ctx, tx, accIDs, true); err != nil {
		return err
	}
	s.compute(units)
	return l.write(ctx, tx, s)
}

func newBatchState() *batchState {
	return &batchState{
		accounts:  map[string]*Account{},
		dirtyAcc:  map[string]bool{},
		pendings:  map[string]*Transfer{},
		dirtyPend: map[string]bool{},
		existing:  map[string]*Transfer{},
		byID:      map[string]*Transfer{},
	}
}

// compute decides every unit against the loaded, locked state, in order;
// a failing unit's changes are undone, leaving the others'.
func (s *batchState) compute(units []*unit) {
	// The clock is read once the locks are held, so on every account the
	// entries' times follow their commit order (balance-at-time relies on it).
	s.now = store.Now()
	// A pending transfer past its timeout is voided before anything else
	// looks at it, so no transfer ever sees an expired reservation.
	for _, id := range sortedKeys(s.pendings) {
		p := s.pendings[id]
		if p.Status == StatusPending && p.TimeoutAt > 0 && s.now >= p.TimeoutAt {
			s.release(p, p.ID, 0, StatusExpired)
		}
	}
	for _, u := range units {
		u.out, u.err = nil, nil
		mark := len(s.undo)
		out := make([]Transfer, 0, len(u.ts))
		for _, t := range u.ts {
			r, err := s.applyOne(t)
			if err != nil {
				u.err = err
				break
			}
			out = append(out, r)
		}
		if u.err != nil {
			for i := len(s.undo) - 1; i >= mark; i-- {
				s.undo[i]()
			}
			s.undo = s.undo[:mark]
			continue
		}
		u.out = out
	}
}

func (s *batchState) lookup(id string) *Transfer {
	if t := s.byID[id]; t != nil {
		return t
	}
	return s.existing[id]
}

// applyOne checks t against the state and applies it, or returns a rejection
// having changed nothing.
func (s *batchState) applyOne(t Transfer) (Transfer, error) {
	if e := s.lookup(t.ID); e != nil {
		if e.hash != t.hash {
			return Transfer{}, reject(ErrTransferIDReused, t.ID, "this id was used for a different transfer")
		}
		return *e, nil
	}
	if t.PendingID != "" {
		return s.resolve(t)
	}
	dr, cr := s.accounts[t.DebitAccountID], s.accounts[t.CreditAccountID]
	if dr == nil {
		return Transfer{}, reject(ErrAccountNotFound, t.ID, "debit account %s", t.DebitAccountID)
	}
	if cr == nil {
		return Transfer{}, reject(ErrAccountNotFound, t.ID, "credit account %s", t.CreditAccountID)
	}
	if dr.Currency != t.Currency || cr.Currency != t.Currency {
		return Transfer{}, reject(ErrCurrencyMismatch, t.ID, "transfer in %s between %s (%s) and %s (%s)",
			t.Currency, dr.ID, dr.Currency, cr.ID, cr.Currency)
	}
	// Every total a transfer can raise must stay representable.
	drOut, ok1 := add3(dr.DebitsPosted, dr.DebitsPending, t.Amount)
	crIn, ok2 := add3(cr.CreditsPosted, cr.CreditsPending, t.Amount)
	if !ok1 || !ok2 {
		return Transfer{}, reject(ErrOverflow, t.ID, "account totals would overflow")
	}
	if dr.Flags&DebitsMustNotExceedCredits != 0 {
		if limit, ok := add3(dr.CreditsPosted, dr.CreditLimit, 0); !ok || drOut > limit {
			return Transfer{}, reject(ErrInsufficientFunds, t.ID, "account %s has %d available, needs %d",
				dr.ID, dr.CreditsPosted+dr.CreditLimit-dr.DebitsPosted-dr.DebitsPending, t.Amount)
		}
	}
	if cr.Flags&CreditsMustNotExceedDebits != 0 {
		if limit, ok := add3(cr.DebitsPosted, cr.CreditLimit, 0); !ok || crIn > limit {
			return Transfer{}, reject(ErrExceedsDebits, t.ID, "account %s may not be credited %d more", cr.ID, t.Amount)
		}
	}
	n := t
	n.CreatedAt = s.now
	n.Status = StatusPosted
	if t.Flags&Pending != 0 {
		n.Status = StatusPending
		if t.Timeout > 0 {
			n.TimeoutAt = s.now + t.Timeout.Microseconds()
		}
		s.move(dr, cr, t.ID, 0, t.Amount)
	} else {
		s.move(dr, cr, t.ID, t.Amount, 0)
	}
	s.create(&n)
	return n, nil
}

// resolve posts or voids a pending transfer.
func (s *batchState) resolve(t Transfer) (Transfer, error) {
	p := s.byID[t.PendingID]
	if p == nil {
		p = s.pendings[t.PendingID]
	}
	if p == nil || p.Flags&Pending == 0 {
		return Transfer{}, reject(ErrPendingNotFound, t.ID, "no pending transfer %s", t.PendingID)
	}
	switch p.Status {
	case StatusPosted:
		return Transfer{}, reject(ErrPendingAlreadyPosted, t.ID, "pending transfer %s", p.ID)
	case StatusVoided:
		return Transfer{}, reject(ErrPendingAlreadyVoided, t.ID, "pending transfer %s", p.ID)
	case StatusExpired:
		return Transfer{}, reject(ErrPendingExpired, t.ID, "pending transfer %s timed out", p.ID)
	}
	if (t.DebitAccountID != "" && t.DebitAccountID != p.DebitAccountID) ||
		(t.CreditAccountID != "" && t.CreditAccountID != p.CreditAccountID) {
		return Transfer{}, reject(ErrInvalidTransfer, t.ID, "accounts differ from pending transfer %s", p.ID)
	}
	if t.Currency != "" && t.Currency != p.Currency {
		return Transfer{}, reject(ErrCurrencyMismatch, t.ID, "pending transfer %s is in %s", p.ID, p.Currency)
	}
	amount := t.Amount
	status := StatusPosted
	if t.Flags&VoidPending != 0 {
		status = StatusVoided
		if amount != 0 && amount != p.Amount {
			return Transfer{}, reject(ErrInvalidAmount, t.ID, "a void releases the whole pending amount %d", p.Amount)
		}
		amount = p.Amount
	} else {
		if amount == 0 {
			amount = p.Amount
		}
		if amount > p.Amount {
			return Transfer{}, reject(ErrExceedsPendingAmount, t.ID, "posting %d of a pending %d", amount, p.Amount)
		}
	}
	n := t
	n.DebitAccountID, n.CreditAccountID, n.Currency = p.DebitAccountID, p.CreditAccountID, p.Currency
	// A post or void says what moved the money as its pending transfer did,
	// so every statement line has a code and a reference.
	if n.Code == "" {
		n.Code = p.Code
	}
	if n.Reference == "" {
		n.Reference = p.Reference
	}
	n.Amount = amount
	n.Status = status
	n.CreatedAt = s.now
	posted := amount
	if status == StatusVoided {
		posted = 0
	}
	s.release(p, t.ID, posted, status)
	s.create(&n)
	return n, nil
}

// release ends the reservation of pending transfer p, posting `posted` of it.
func (s *batchState) release(p *Transfer, byID string, posted int64, status Status) {
	dr, cr := s.accounts[p.DebitAccountID], s.accounts[p.CreditAccountID]
	s.move(dr, cr, byID, posted, -p.Amount)
	old := p.Status
	p.Status = status
	wasDirty := s.dirtyPend[p.ID]
	if s.byID[p.ID] == nil {
		s.dirtyPend[p.ID] = true
	}
	s.undo = append(s.undo, func() {
		p.Status = old
		if !wasDirty {
			delete(s.dirtyPend, p.ID)
		}
	})
}

// move changes both accounts' totals and appends their entries.
func (s *batchState) move(dr, cr *Account, transferID string, posted, pending int64) {
	oldDr, oldCr, n := *dr, *cr, len(s.entries)
	s.undo = append(s.undo, func() { *dr, *cr = oldDr, oldCr; s.entries = s.entries[:n] })
	dr.DebitsPosted += posted
	dr.DebitsPending += pending
	cr.CreditsPosted += posted
	cr.CreditsPending += pending
	s.dirtyAcc[dr.ID], s.dirtyAcc[cr.ID] = true, true
	s.entries = append(s.entries,
		entry{account: dr.ID, transfer: transferID, dpo: posted, dp: pending, balance: dr.CreditsPosted - dr.DebitsPosted, createdAt: s.now},
		entry{account: cr.ID, transfer: transferID, cpo: posted, cp: pending, balance: cr.CreditsPosted - cr.DebitsPosted, createdAt: s.now})
}

func (s *batchState) create(t *Transfer) {
	n := len(s.created)
	s.created = append(s.created, t)
	s.byID[t.ID] = t
	s.undo = append(s.undo, func() { s.created = s.created[:n]; delete(s.byID, t.ID) })
}

// add3 adds non-negative int64s, reporting overflow.
func add3(a, b, c int64) (int64, bool) {
	if a > math.MaxInt64-b {
		return 0, false
	}
	if a+b > math.MaxInt64-c {
		return 0, false
	}
	return a + b + c, true
}
