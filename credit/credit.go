// Package credit is souk's credit score and what it buys: deposit waivers
// and pay-later (issue 18, "Pay Score / Sesame Credit").
//
// The score (300–850) is computed, never stored: every read derives it from
// the shopper's history on souk — completed orders, pay-later draws repaid
// on time or late, draws overdue now, disputes lost, account age — and
// returns each factor with its points (Score, credit_score.go; the formula
// is in docs/CREDIT.md). The same history gives the same score.
//
// Deposits (credit_deposit.go): a brand marks SKUs that need a deposit
// (rentals, power banks) and sets a waiver threshold. When an order with
// such SKUs is paid, in the payment's transaction, a shopper whose score
// reaches the threshold has the deposit waived; anyone else has it held: a
// pending ledger transfer wallet → brand, which the brand releases (void)
// or captures (post) when the item comes back.
//
// Pay later (credit_line.go): a shopper's credit line is the ledger account
// credit:<user>:<CUR>, allowed to go negative down to its credit limit,
// which follows the score. Paying an order later draws the amount from the
// line into the wallet and pays escrow as any payment does, in one
// transaction (payments.ConfirmFunded), so the brand is paid as usual and
// the ledger enforces the limit under any concurrency. The shopper repays
// from the wallet by the due date; a draw still unpaid then turns overdue
// (a job at the due date), the shopper gets reminders in chat, and the
// score, and with it the limit, drops. Exposure sums what every line has
// drawn and not repaid.
package credit

import (
	"context"
	"log/slog"
	"time"

	"github.com/soukhq/souk/internal/fault"
	"github.com/soukhq/souk/jobs"
	"github.com/soukhq/souk/payments"
	"github.com/soukhq/souk/payments/ledger"
	"github.com/soukhq/souk/store"
)

// Options configure a Service.
type Options struct {
	// Term is how long a pay-later draw may stay unpaid (default 30 days).
	Term time.Duration
	// ReminderEvery is the time between overdue reminders (default 3 days);
	// MaxReminders bounds them (default 3).
	ReminderEvery time.Duration
	MaxReminders  int
	// Notifier posts overdue reminders to the shopper (nil: none).
	Notifier Notifier
	// Now is the clock (tests move it); default time.Now.
	Now func() time.Time
	Log *slog.Logger
}

// Reminder is one overdue reminder for a draw.
type Reminder struct {
	Draw                    Draw
	N                       int // 1 for the first
	BrandID, InstallationID string
	Text                    string
}

// Notifier delivers reminders (the host posts them in the shopper's chat
// with the brand's app). Deliver must be idempotent on (Draw.ID, N).
type Notifier interface {
	Remind(ctx context.Context, r Reminder) error
}

// Service is the credit service.
type Service struct {
	db   *store.DB
	pay  *payments.Service
	l    *ledger.Ledger
	q    *jobs.Queue
	opts Options
}

// Jobs this package runs.
const JobOverdue = "credit.overdue"

// New returns the service; it registers its job handler on q and the
// deposit hook on pay (call at start-up, before serving).
func New(db *store.DB, pay *payments.Service, q *jobs.Queue, opts Options) *Service {
	if opts.Term <= 0 {
		opts.Term = 30 * 24 * time.Hour
	}
	if opts.ReminderEvery <= 0 {
		opts.ReminderEvery = 3 * 24 * time.Hour
	}
	if opts.MaxReminders <= 0 {
		opts.MaxReminders = 3
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Log == nil {
		opts.Log = slog.Default()
	}
	s := &Service{db: db, pay: pay, l: pay.Ledger(), q: q, opts: opts}
	pay.AfterPaid(s.onPaid)
	if q != nil {
		q.Handle(JobOverdue, s.runOverdue)
	}
	return s
}

func (s *Service) now() int64 { return s.opts.Now().UnixMicro() }

// Error is souk's domain error type.
type Error = fault.Error

// Rejections; the codes are part of the API.
var (
	ErrInvalid        = fault.New(fault.Invalid, "invalid_credit_request", "the credit request is not valid")
	ErrNotFound       = fault.New(fault.NotFound, "credit_not_found", "no such deposit, draw or SKU")
	ErrState          = fault.New(fault.Conflict, "credit_state", "its state does not allow this")
	ErrCreditLimit    = fault.New(fault.Conflict, "credit_limit_reached", "the credit line's limit does not cover this")
	ErrNothingToRepay = fault.New(fault.Conflict, "nothing_to_repay", "nothing is owed on this credit line")
)

func fail(base *Error, format string, args ...any) *Error { return base.Withf(format, args...) }

// LineAccount is the ledger account of a shopper's credit line.
func LineAccount(userID, cur string) string { return "credit:" + userID + ":" + cur }

// lineOwner is the line account's owner: not the shopper's id, so the
// line never shows among the shopper's wallet balances.
func lineOwner(userID string) string { return "credit:" + userID }

func forUpdate(tx *store.Tx) string {
	if tx.Dialect == store.Postgres {
		return " FOR UPDATE"
	}
	return ""
}
