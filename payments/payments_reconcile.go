package payments

import (
	"context"
	"fmt"
	"sort"

	"github.com/soukhq/souk/payments/money"
	"github.com/soukhq/souk/store"
)

// The ledger check proves the books balance; it cannot see money that moved
// for the wrong reason (a whole order refunded to the shopper behind the
// brand's back balances perfectly). Reconciliation compares, for every
// payment request, three accounts of the same story: the request row (paid,
// refunded, settled), its refund and dispute rows, and what the ledger
// actually posted for its order. The order service adds its own orders to
// the comparison in the same snapshot (commerce.Service.ReconcileOrders).

// Moved is what the ledger posted for one payment request (transfers whose
// reference is the request's order).
type Moved struct {
	Paid     money.Amount `json:"paid"`     // the shopper's wallet → escrow
	Refunded money.Amount `json:"refunded"` // → the shopper's wallet: refunds and disputes won
	Settled  money.Amount `json:"settled"`  // escrow → brand, fees and developer
	Escrow   money.Amount `json:"escrow"`   // net posted into escrow for this request
	Held     money.Amount `json:"held"`     // pending dispute holds
	Subsidy  money.Amount `json:"subsidy"`  // marketing → brand: platform-funded coupon discount
}

// Figures is one payment request with its refund and dispute rows summed
// and what the ledger moved for it.
type Figures struct {
	Request
	RefundRows     money.Amount // every payment_refunds row of the request
	PendingRefunds money.Amount // of which pending_funds: owed, not moved yet
	DisputesWon    money.Amount // disputes decided for the shopper
	DisputesOpen   money.Amount // held by open disputes
	Moved          Moved
	// Unexpected lists transfers for the order that no payment path makes
	// (wrong accounts or code): money moved for a reason nobody recorded.
	Unexpected []string
}

// Reconciliation is the result of Reconcile (and of commerce's
// ReconcileOrders): OK when every request and order agrees with the ledger.
type Reconciliation struct {
	OK       bool     `json:"ok"`
	Requests int      `json:"requests" doc:"Payment requests checked"`
	Orders   int      `json:"orders" doc:"Orders checked"`
	Problems []string `json:"problems" doc:"At most 100"`
}

// OrderSide compares the order service's orders with their payment
// requests, reading through q (the reconciliation's snapshot). byOrder maps
// order ids to their request's figures; problem records a mismatch. It
// returns how many orders it checked.
type OrderSide func(ctx context.Context, q store.Querier, byOrder map[string]Figures, problem func(format string, args ...any)) (int, error)

// Reconcile checks every payment request against its refund and dispute rows
// and the ledger, then runs orders (may be nil) over the same snapshot. It
// reads everything (an admin check, like the ledger check).
func (s *Service) Reconcile(ctx context.Context, orders OrderSide) (Reconciliation, error) {
	rep := Reconciliation{Problems: []string{}}
	tx, err := s.db.SQL().BeginTx(ctx, nil)
	if err != nil {
		return rep, err
	}
	defer tx.Rollback()
	if s.db.Dialect == store.Postgres {
		if _, err := tx.ExecContext(ctx, `SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY`); err != nil {
			return rep, err
		}
	}
	problem := func(format string, args ...any) {
		if len(rep.Problems) < 100 {
			rep.Problems = append(rep.Problems, fmt.Sprintf(format, args...))
		}
	}
	figs, err := requestFigures(ctx, tx)
	if err != nil {
		return rep, err
	}
	rep.Requests = len(figs)
	byOrder := make(map[string]Figures, len(figs))
	ids := make([]string, 0, len(figs))
	for id, f := range figs {
		byOrder[f.OrderID] = *f
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		checkFigures(*figs[id], problem)
	}
	if err := reconcileFX(ctx, tx, problem); err != nil {
		return rep, err
	}
	if orders != nil {
		if rep.Orders, err = orders(ctx, tx, byOrder, problem); err != nil {
			return rep, err
		}
	}
	rep.OK = len(rep.Problems) == 0
	return rep, nil
}

// requestFigures reads every request with its rows and ledger transfers.
func requestFigures(ctx context.Context, q store.Querier) (map[string]*Figures, error) {
	figs := map[string]*Figures{}
	rows, err := q.QueryContext(ctx, `SELECT `+requestCols+` FROM payment_requests`)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		r, err := scanRequest(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		figs[r.ID] = &Figures{Request: r}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	each := func(query string, scan func(f *Figures, status string, amount money.Amount)) error {
		rows, err := q.QueryContext(ctx, query)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var id, status string
			var amount money.Amount
			if err := rows.Scan(&id, &status, &amount); err != nil {
				return err
			}
			if f := figs[id]; f != nil {
				scan(f, status, amount)
			}
		}
		return rows.Err()
	}
	if err := each(`SELECT request_id, status, COALESCE(SUM(amount), 0) FROM payment_refunds GROUP BY request_id, status`,
		func(f *Figures, status string, a money.Amount) {
			f.RefundRows += a
			if status == RefundPendingFunds {
				f.PendingRefunds += a
			}
		}); err != nil {
		return nil, err
	}
	if err := each(`SELECT request_id, status, COALESCE(SUM(amount), 0) FROM payment_disputes GROUP BY request_id, status`,
		func(f *Figures, status string, a money.Amount) {
			switch status {
			case DisputeWonByShopper:
				f.DisputesWon += a
			case DisputeOpen:
				f.DisputesOpen += a
			}
		}); err != nil {
		return nil, err
	}
	// Every transfer made for a request carries its order as the reference.
	// A dispute's post/void rows carry it too (the ledger copies the pending
	// transfer's code and reference) but are skipped: they update the pending
	// transfer's status, which is what is read here.
	rows, err = q.QueryContext(ctx, `SELECT r.id, t.id, t.debit_account_id, t.credit_account_id, t.amount, t.code, t.status
		FROM ledger_transfers t JOIN payment_requests r ON r.order_id = t.reference WHERE t.pending_id IS NULL`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var reqID, id, debit, credit, code, status string
		var amount money.Amount
		if err := rows.Scan(&reqID, &id, &debit, &credit, &amount, &code, &status); err != nil {
			return nil, err
		}
		f := figs[reqID]
		if f == nil {
			continue
		}
		escrow, wallet := EscrowAccount(f.Currency), WalletAccount(f.ShopperID, f.Currency)
		m := &f.Moved
		if status == "pending" {
			if code == "dispute_hold" && credit == wallet {
				m.Held += amount
			} else {
				f.Unexpected = append(f.Unexpected, id)
			}
			continue
		}
		if status != "posted" {
			continue // voided or expired: nothing moved
		}
		if credit == escrow {
			m.Escrow += amount
		}
		if debit == escrow {
			m.Escrow -= amount
		}
		switch {
		case code == "payment" && id == "pay:"+f.ID && debit == wallet:
			m.Paid += amount
		case (code == "refund" || code == "dispute_hold") && credit == wallet:
			m.Refunded += amount
		case hasPrefix(code, "settlement_") && debit == escrow:
			m.Settled += amount
		case code == "coupon_subsidy" && id == "settle:"+f.ID+":subsidy" && debit == MarketingAccount(f.Currency) &&
			credit == BrandAccount(f.BrandID, f.Currency):
			m.Subsidy += amount
		default:
			f.Unexpected = append(f.Unexpected, id)
		}
	}
	return figs, rows.Err()
}

// checkFigures compares one request with its rows and the ledger.
func checkFigures(f Figures, problem func(format string, args ...any)) {
	cur, _ := money.Lookup(f.Currency)
	show := func(a money.Amount) string { return money.Format(cur, a) + " " + f.Currency }
	m := f.Moved
	for _, id := range f.Unexpected {
		problem("payment request %s: transfer %s moved money for its order outside every payment path", f.ID, id)
	}
	paid := f.Status != StatusCreated && f.Status != StatusCanceled && f.Status != StatusExpired
	switch {
	case !paid && (m.Paid != 0 || m.Refunded != 0 || m.Settled != 0 || m.Escrow != 0 || m.Held != 0 || f.Refunded != 0):
		problem("payment request %s is %s but the ledger moved money for it (paid %s, refunded %s)", f.ID, f.Status, show(m.Paid), show(m.Refunded))
	case paid && m.Paid != f.Amount:
		problem("payment request %s is %s for %s but the ledger took %s from the shopper", f.ID, f.Status, show(f.Amount), show(m.Paid))
	}
	if !paid {
		return
	}
	if f.Refunded < 0 || f.Refunded > f.Amount {
		problem("payment request %s says %s refunded of %s", f.ID, show(f.Refunded), show(f.Amount))
	}
	if f.Refunded != f.RefundRows+f.DisputesWon {
		problem("payment request %s says %s refunded; its refunds and disputes won add up to %s", f.ID, show(f.Refunded), show(f.RefundRows+f.DisputesWon))
	}
	if want := f.Refunded - f.PendingRefunds; m.Refunded != want {
		problem("payment request %s: the ledger returned %s to the shopper, the request says %s (%s of it still owed)",
			f.ID, show(m.Refunded), show(f.Refunded), show(f.PendingRefunds))
	}
	if m.Held != f.DisputesOpen {
		problem("payment request %s: the ledger holds %s for disputes, open disputes say %s", f.ID, show(m.Held), show(f.DisputesOpen))
	}
	if split := f.Fee + f.DeveloperAmount + f.BrandAmount; m.Settled != split {
		problem("payment request %s: the ledger settled %s, the request's split says %s", f.ID, show(m.Settled), show(split))
	}
	if m.Subsidy != f.Subsidy {
		problem("payment request %s: the marketing account paid %s, the request says %s", f.ID, show(m.Subsidy), show(f.Subsidy))
	}
	if f.PlatformDiscount < 0 || f.Subsidy > f.PlatformDiscount {
		problem("payment request %s: subsidy %s exceeds its platform-funded discount %s", f.ID, show(f.Subsidy), show(f.PlatformDiscount))
	}
	if f.Status == StatusSettled && f.SettledAt == 0 {
		problem("payment request %s is settled with no settlement time", f.ID)
	}
	want := money.Amount(0)
	if f.Status == StatusPaid {
		want = f.Amount - f.Refunded
	}
	if m.Escrow != want {
		problem("payment request %s is %s: escrow holds %s for it, expected %s", f.ID, f.Status, show(m.Escrow), show(want))
	}
}
