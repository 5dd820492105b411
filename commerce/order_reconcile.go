package commerce

import (
	"context"
	"slices"

	"github.com/soukhq/souk/payments"
	"github.com/soukhq/souk/payments/money"
	"github.com/soukhq/souk/store"
)

// requestStatusFor lists the payment request statuses an order in a state
// may have ("" for no request yet). A refund_requested order is judged by
// the state it came from.
var requestStatusFor = map[State][]string{
	StatePendingPayment: {"", payments.StatusCreated, payments.StatusExpired},
	StateCancelled:      {"", payments.StatusCanceled, payments.StatusExpired},
	StatePaid:           {payments.StatusPaid},
	StateShipped:        {payments.StatusPaid},
	StateDelivered:      {payments.StatusPaid},
	StateCompleted:      {payments.StatusSettled},
	StateDisputed:       {payments.StatusPaid, payments.StatusSettled},
	StateRefunded:       {payments.StatusRefunded},
	StateResolved:       {payments.StatusSettled, payments.StatusRefunded},
}

// ReconcileOrders is the order reconciliation check (admin, and every
// concurrent money test): for every order, what the order says was paid,
// refunded and settled equals what its payment request says and what the
// ledger moved for it — read in one snapshot, with payments' own check of
// every request against its refund and dispute rows and the ledger. The
// ledger check cannot see money that moved for the wrong reason (a paid
// order refunded in full to the shopper while the order stays delivered
// balances perfectly); this check does.
func (s *Service) ReconcileOrders(ctx context.Context) (payments.Reconciliation, error) {
	return s.pay.Reconcile(ctx, reconcileOrders)
}

func reconcileOrders(ctx context.Context, q store.Querier, byOrder map[string]payments.Figures, problem func(string, ...any)) (int, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+orderCols+` FROM commerce_orders ORDER BY id`)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		o, err := scanOrder(rows)
		if err != nil {
			return n, err
		}
		n++
		checkOrder(o, byOrder, problem)
	}
	if err := rows.Err(); err != nil {
		return n, err
	}
	rows.Close()
	return n, checkLoyaltyLots(ctx, q, problem)
}

// checkLoyaltyLots compares, for every shopper and brand, the remaining
// points of their lots with their loyalty points account in the ledger.
func checkLoyaltyLots(ctx context.Context, q store.Querier, problem func(string, ...any)) error {
	rows, err := q.QueryContext(ctx, `SELECT brand_id, shopper_id, SUM(remaining) FROM loyalty_lots GROUP BY brand_id, shopper_id
		ORDER BY brand_id, shopper_id`)
	if err != nil {
		return err
	}
	type holder struct {
		brand, shopper string
		lots           int64
	}
	var hs []holder
	for rows.Next() {
		var h holder
		if err := rows.Scan(&h.brand, &h.shopper, &h.lots); err != nil {
			rows.Close()
			return err
		}
		hs = append(hs, h)
	}
	rows.Close()
	for _, h := range hs {
		var held int64
		if err := q.QueryRowContext(ctx, `SELECT COALESCE(SUM(credits_posted - debits_posted), 0) FROM ledger_accounts WHERE id = $1`,
			payments.PointsAccount(payments.LoyaltyProgramme(h.brand), h.shopper)).Scan(&held); err != nil {
			return err
		}
		if held != h.lots {
			problem("shopper %s holds %d points of brand %s in the ledger, their lots say %d", h.shopper, held, h.brand, h.lots)
		}
	}
	return rows.Err()
}

func checkOrder(o Order, byOrder map[string]payments.Figures, problem func(string, ...any)) {
	cur, _ := money.Lookup(o.Currency)
	show := func(a money.Amount) string { return money.Format(cur, a) + " " + o.Currency }
	f, has := byOrder[o.ID]
	switch {
	case o.PaymentRequestID == "" && has:
		problem("order %s names no payment request, but %s is for it", o.ID, f.ID)
		return
	case o.PaymentRequestID != "" && (!has || f.ID != o.PaymentRequestID):
		problem("order %s names payment request %s, which is not for it", o.ID, o.PaymentRequestID)
		return
	}
	state := o.State
	if state == StateRefundRequested {
		state = o.PrevState
	}
	status := f.Status // "" without a request
	if !slices.Contains(requestStatusFor[state], status) {
		problem("order %s is %s but its payment request %s is %q", o.ID, o.State, o.PaymentRequestID, status)
	}
	if o.Subtotal-o.Discount-o.PointsDiscount != o.Total || o.Discount < 0 || o.PointsDiscount < 0 {
		problem("order %s: subtotal %s less discount %s and points %s is not its total %s", o.ID, show(o.Subtotal), show(o.Discount),
			show(o.PointsDiscount), show(o.Total))
	}
	if money.Amount(o.PointsUsed)*o.PointValue != o.PointsDiscount || o.PointsReturned < 0 || o.PointsReturned > o.PointsUsed {
		problem("order %s: %d points at %s are not its points discount %s (%d returned)", o.ID, o.PointsUsed, show(o.PointValue),
			show(o.PointsDiscount), o.PointsReturned)
	}
	if !has {
		if o.Refunded != 0 {
			problem("order %s was never paid but says %s refunded", o.ID, show(o.Refunded))
		}
		return
	}
	if want := map[bool]money.Amount{true: o.Discount}[o.DiscountFundedBy == FundedByPlatform]; f.PlatformDiscount != want {
		problem("order %s: the platform funds %s of its discount, its payment request says %s", o.ID, show(want), show(f.PlatformDiscount))
	}
	if f.ShopperID != o.ShopperID || f.BrandID != o.BrandID || f.Currency != o.Currency || f.Amount != o.Total {
		problem("order %s (%s for %s from %s) and its payment request %s (%s for %s from %s) disagree", o.ID, show(o.Total), o.BrandID,
			o.ShopperID, f.ID, show(f.Amount), f.BrandID, f.ShopperID)
	}
	paid := state != StatePendingPayment && state != StateCancelled
	if paid && (o.PaidAt == 0 || f.Moved.Paid != o.Total) {
		problem("order %s is %s but the ledger took %s of its %s", o.ID, o.State, show(f.Moved.Paid), show(o.Total))
	}
	if !paid && (f.Moved.Paid != 0 || f.Moved.Refunded != 0 || f.Moved.Settled != 0) {
		problem("order %s is %s but the ledger moved money for it", o.ID, o.State)
	}
	if o.Refunded != f.Refunded {
		problem("order %s says %s refunded; its payment request says %s", o.ID, show(o.Refunded), show(f.Refunded))
	}
	if moved := f.Moved.Refunded + f.PendingRefunds; o.Refunded != moved {
		problem("order %s says %s refunded; the ledger returned %s to the shopper (%s more owed)", o.ID, show(o.Refunded),
			show(f.Moved.Refunded), show(f.PendingRefunds))
	}
	if state == StateRefunded && o.Refunded != o.Total {
		problem("order %s is refunded but only %s of %s went back", o.ID, show(o.Refunded), show(o.Total))
	}
	// Escrow holds what is paid and neither refunded nor settled, until the
	// order completes (or a dispute is resolved): then nothing.
	wantEscrow := money.Amount(0)
	if paid && status == payments.StatusPaid {
		wantEscrow = o.Total - o.Refunded
	}
	if f.Moved.Escrow != wantEscrow {
		problem("order %s is %s: escrow holds %s for it, expected %s", o.ID, o.State, show(f.Moved.Escrow), show(wantEscrow))
	}
	if settled := status == payments.StatusSettled || f.SettledAt > 0; !settled && f.Moved.Settled != 0 {
		problem("order %s is %s but the ledger settled %s of it", o.ID, o.State, show(f.Moved.Settled))
	}
}
