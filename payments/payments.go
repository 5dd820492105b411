// Package payments is souk's money service on top of the ledger: shopper
// wallets with top-up and withdrawal through a FundingSource, payment PINs,
// payment requests that the host creates and the shopper confirms with a PIN,
// escrow, settlement splits, refunds, disputes and brand payouts.
//
// Every money movement is a ledger transfer with a deterministic id derived
// from the business object ("pay:<request>", "refund:<refund>", …) and is
// committed in the same database transaction as the business row's state
// change, so a retry of any operation can neither move money twice nor
// leave a row saying something the ledger does not.
//
// Accounts (all must-not-go-negative unless said otherwise):
//
//	wallet:<user>:<CUR>      a shopper's wallet
//	escrow:<CUR>             paid, not yet settled orders
//	brand:<org>:<CUR>        a brand's balance (credit limit 0)
//	developer:<org>:<CUR>    a developer's revenue share
//	fees:<CUR>               the platform's fees
//	bank:<CUR>               the outside world (may go negative: it is the
//	                         money that entered the platform)
//
// Who may move an order's money: Confirm and Cancel act for a shopper and
// check it is theirs (Cancel only before payment). Refund, Settle,
// OpenDispute and ResolveDispute (and their Tx forms) are the order
// service's primitives and act for nobody: commerce checks the actor, the
// order's state and the brand's policy before calling them, and no face
// (API, web, host API) calls them directly. Reconcile proves afterwards
// that every request agrees with what the ledger moved for it.
//
// The service is transport-agnostic; amounts are money.Amount minor units
// and the HTTP layer parses and formats the decimal strings.
package payments

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/soukhq/souk/payments/ledger"
	"github.com/soukhq/souk/payments/money"
	"github.com/soukhq/souk/store"
)

// Options configure a Service.
type Options struct {
	// DefaultFeeBps is the platform fee for brands without their own
	// setting (default 500 = 5 %).
	DefaultFeeBps money.Bps
	// MinPayout is the smallest payout per currency; currencies not listed
	// use one major unit (1.00 USD, 1 JPY, 1.000 KWD).
	MinPayout map[string]money.Amount
	// RequestTTL is how long a payment request waits for the shopper
	// (default 15 minutes).
	RequestTTL time.Duration
	// Funding is the bank side of top-ups, withdrawals and payouts.
	Funding FundingSource
	// FundingTimeout is how long a top-up, withdrawal or payout may stay
	// pending before it expires and releases its reservation (default
	// DefaultFundingTimeout, 72 hours).
	FundingTimeout time.Duration
	// Now is the clock (tests move it); default time.Now.
	Now func() time.Time
}

// Service is the payments service.
type Service struct {
	db    *store.DB
	l     *ledger.Ledger
	opts  Options
	hooks Hooks
	cm    chatMoney // transfers and red packets (payments_transfer.go)
}

// Hooks let the order service act in the same transaction as a payment
// request's state change. Each runs inside the payments transaction (and
// again if the database retries it), must do all its work through tx, and
// fails the whole operation by returning an error. A hook must ignore
// requests whose order it does not know.
type Hooks struct {
	// Paid runs when Confirm moves a request to paid.
	Paid func(ctx context.Context, tx *store.Tx, r Request) error
	// Canceled runs when Cancel moves an unpaid request to canceled.
	Canceled func(ctx context.Context, tx *store.Tx, r Request) error
}

// SetHooks installs the hooks; call it at start-up, before serving.
func (s *Service) SetHooks(h Hooks) { s.hooks = h }

// New returns the service over db, moving money through l.
func New(db *store.DB, l *ledger.Ledger, opts Options) *Service {
	if opts.DefaultFeeBps == 0 {
		opts.DefaultFeeBps = 500
	}
	if opts.RequestTTL <= 0 {
		opts.RequestTTL = 15 * time.Minute
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	return &Service{db: db, l: l, opts: opts}
}

// Ledger returns the ledger (for the admin check and statements).
func (s *Service) Ledger() *ledger.Ledger { return s.l }

func (s *Service) now() int64 { return s.opts.Now().UnixMicro() }

// Error is a payments rejection with a stable machine-readable code; ledger
// rejections (insufficient_funds, …) come through as *ledger.Error. Use
// Code to read either.
type Error struct {
	Code string
	Msg  string
}

func (e *Error) Error() string {
	if e.Msg == "" {
		return e.Code
	}
	return e.Code + ": " + e.Msg
}

// Is matches any *Error with the same code.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.Code == e.Code
}

// Rejections; the codes are part of the API.
var (
	ErrInvalidPIN         = &Error{Code: "invalid_pin"} // SetPIN: not 6 digits, or too easy
	ErrPINNotSet          = &Error{Code: "pin_not_set"} // the shopper has no payment PIN yet
	ErrWrongPIN           = &Error{Code: "wrong_pin"}   // counted; 5 in a row lock the PIN
	ErrPINLocked          = &Error{Code: "pin_locked"}  // 15 minutes after the 5th wrong PIN
	ErrRequestNotFound    = &Error{Code: "payment_request_not_found"}
	ErrRequestExpired     = &Error{Code: "payment_request_expired"}
	ErrRequestState       = &Error{Code: "payment_request_state"} // e.g. refunding an unpaid request
	ErrOrderHasRequest    = &Error{Code: "order_has_payment_request"}
	ErrInvalidRequest     = &Error{Code: "invalid_payment_request"}
	ErrInvalidAmount      = &Error{Code: "invalid_amount"}
	ErrUnknownCurrency    = &Error{Code: "unknown_currency"}
	ErrRefundExceeds      = &Error{Code: "refund_exceeds_payment"}
	ErrRefundIDReused     = &Error{Code: "refund_id_reused"}
	ErrRefundNotFound     = &Error{Code: "refund_not_found"}
	ErrDisputeOpen        = &Error{Code: "dispute_open"}
	ErrDisputeNotFound    = &Error{Code: "dispute_not_found"}
	ErrDisputeResolved    = &Error{Code: "dispute_resolved"}
	ErrDisputeIDReused    = &Error{Code: "dispute_id_reused"}
	ErrBelowMinimumPayout = &Error{Code: "below_minimum_payout"}
	ErrFundingNotFound    = &Error{Code: "funding_not_found"}
	ErrFundingIDReused    = &Error{Code: "funding_id_reused"}
	ErrInvalidFeeBps      = &Error{Code: "invalid_fee_bps"}
	ErrFundingUnavailable = &Error{Code: "funding_unavailable"} // no FundingSource configured
)

func fail(base *Error, format string, args ...any) *Error {
	return &Error{Code: base.Code, Msg: fmt.Sprintf(format, args...)}
}

// Code returns the stable code of a payments or ledger rejection, "" for
// other (internal) errors.
func Code(err error) string {
	var pe *Error
	if errors.As(err, &pe) {
		return pe.Code
	}
	return ledger.Code(err)
}

// Account ids.
func WalletAccount(userID, cur string) string   { return "wallet:" + userID + ":" + cur }
func BrandAccount(brandID, cur string) string   { return "brand:" + brandID + ":" + cur }
func DeveloperAccount(devID, cur string) string { return "developer:" + devID + ":" + cur }
func EscrowAccount(cur string) string           { return "escrow:" + cur }
func FeesAccount(cur string) string             { return "fees:" + cur }
func BankAccount(cur string) string             { return "bank:" + cur }

// ensure creates the accounts a transfer needs (idempotently) in tx.
func (s *Service) ensure(ctx context.Context, tx *store.Tx, ids ...string) error {
	for _, id := range ids {
		a := ledger.Account{ID: id, Flags: ledger.DebitsMustNotExceedCredits}
		var cur string
		switch {
		case hasPrefix(id, "wallet:"):
			a.Kind, a.Owner, cur = "wallet", ownerOf(id), curOf(id)
		case hasPrefix(id, "brand:"):
			a.Kind, a.Owner, cur = "brand", ownerOf(id), curOf(id)
		case hasPrefix(id, "developer:"):
			a.Kind, a.Owner, cur = "developer", ownerOf(id), curOf(id)
		case hasPrefix(id, "escrow:"):
			a.Kind, a.Owner, cur = "escrow", "platform", id[len("escrow:"):]
		case hasPrefix(id, "fees:"):
			a.Kind, a.Owner, cur = "fees", "platform", id[len("fees:"):]
		case hasPrefix(id, "bank:"):
			a.Kind, a.Owner, cur, a.Flags = "bank", "platform", id[len("bank:"):], 0
		default:
			return fmt.Errorf("payments: unknown account %q", id)
		}
		a.Currency = cur
		if _, err := s.l.CreateAccountTx(ctx, tx, a); err != nil {
			return err
		}
	}
	return nil
}

func hasPrefix(s, p string) bool { return strings.HasPrefix(s, p) }

// ownerOf and curOf split "kind:<owner>:<CUR>"; owners may contain ':'.
func ownerOf(id string) string {
	return id[strings.IndexByte(id, ':')+1 : strings.LastIndexByte(id, ':')]
}
func curOf(id string) string { return id[strings.LastIndexByte(id, ':')+1:] }

func checkCurrency(cur string) error {
	if _, err := money.Lookup(cur); err != nil {
		return fail(ErrUnknownCurrency, "%q", cur)
	}
	return nil
}

// forUpdate is the row-lock suffix on PostgreSQL; SQLite's single writer
// transaction already excludes other writers.
func forUpdate(tx *store.Tx) string {
	if tx.Dialect == store.Postgres {
		return " FOR UPDATE"
	}
	return ""
}
