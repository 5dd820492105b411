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
//	marketing:<CUR>          the platform's marketing budget, which pays
//	                         platform-funded coupon discounts to brands at
//	                         settlement (may go negative: it is what the
//	                         platform spent)
//	fx:<CUR>                 the platform's FX position (may go negative;
//	                         payments_fx.go)
//	fxresidue:<CUR>          rounding residue of FX conversions
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
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/soukhq/souk/internal/fault"
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
	// FXSpreadBps is the spread taken off the mid rate of every FX quote
	// (0: DefaultFXSpreadBps, 1 %; negative: no spread).
	FXSpreadBps money.Bps
	// FXQuoteTTL is how long an FX quote holds (default DefaultFXQuoteTTL).
	FXQuoteTTL time.Duration
	// FXMaxRateAge is how old the newest rate of a pair may be for a quote
	// (default DefaultFXMaxRateAge).
	FXMaxRateAge time.Duration
	// FXFeedClient fetches URL rate feeds (default: a client that dials
	// public addresses only; tests pass their own).
	FXFeedClient *http.Client
	// Log receives payment and funding lifecycle events (ids, kinds and
	// amounts; never a PIN or a bank credential); default slog.Default().
	Log *slog.Logger
}

// Service is the payments service.
type Service struct {
	db     *store.DB
	l      *ledger.Ledger
	opts   Options
	hooks  Hooks
	cm     chatMoney // transfers and red packets (payments_transfer.go)
	fxFeed fxFeed    // the scheduled rate feed (payments_fx_feed.go)
	// paidAfter run after Hooks.Paid (the order paid), in the same
	// transaction: services that add to a payment (credit's deposits).
	paidAfter []func(ctx context.Context, tx *store.Tx, r Request) error
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

// AfterPaid adds a hook that runs after Hooks.Paid, in the confirmation's
// transaction and under the same rules (work through tx, re-runnable, an
// error fails the payment); call it at start-up, before serving.
func (s *Service) AfterPaid(h func(ctx context.Context, tx *store.Tx, r Request) error) {
	s.paidAfter = append(s.paidAfter, h)
}

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
	if opts.Log == nil {
		opts.Log = slog.Default()
	}
	return &Service{db: db, l: l, opts: opts}
}

// Ledger returns the ledger (for the admin check and statements).
func (s *Service) Ledger() *ledger.Ledger { return s.l }

func (s *Service) now() int64 { return s.opts.Now().UnixMicro() }

// Error is a payments rejection: souk's one domain error type, with a stable
// machine-readable code; ledger rejections (insufficient_funds, …) are the
// same type. Use Code to read either.
type Error = fault.Error

// Rejections; the codes are part of the API.
var (
	ErrInvalidPIN         = fault.New(fault.Invalid, "invalid_pin", "a payment PIN is 6 digits, not a repeated digit or a straight run") // SetPIN: not 6 digits, or too easy
	ErrPINNotSet          = fault.New(fault.Conflict, "pin_not_set", "set a payment PIN first")                                          // the shopper has no payment PIN yet
	ErrWrongPIN           = fault.New(fault.Forbidden, "wrong_pin", "the payment PIN is wrong")                                          // counted; 5 in a row lock the PIN
	ErrPINLocked          = fault.New(fault.Locked, "pin_locked", "too many wrong PINs; try again later")                                // 15 minutes after the 5th wrong PIN
	ErrRequestNotFound    = fault.New(fault.NotFound, "payment_request_not_found", "no such payment request")
	ErrRequestExpired     = fault.New(fault.Conflict, "payment_request_expired", "the payment request expired")
	ErrRequestState       = fault.New(fault.Conflict, "payment_request_state", "the payment request's state does not allow this") // e.g. refunding an unpaid request
	ErrOrderHasRequest    = fault.New(fault.Conflict, "order_has_payment_request", "the order already has a payment request")
	ErrInvalidRequest     = fault.New(fault.Invalid, "invalid_payment_request", "the payment request is not valid")
	ErrInvalidAmount      = fault.New(fault.Invalid, "invalid_amount", "the amount is not valid")
	ErrUnknownCurrency    = fault.New(fault.Invalid, "unknown_currency", "unknown currency")
	ErrRefundExceeds      = fault.New(fault.Invalid, "refund_exceeds_payment", "the refund exceeds what was paid")
	ErrRefundIDReused     = fault.New(fault.Conflict, "refund_id_reused", "this refund id was used for another refund")
	ErrRefundNotFound     = fault.New(fault.NotFound, "refund_not_found", "no such refund")
	ErrDisputeOpen        = fault.New(fault.Conflict, "dispute_open", "a dispute is open")
	ErrDisputeNotFound    = fault.New(fault.NotFound, "dispute_not_found", "no such dispute")
	ErrDisputeResolved    = fault.New(fault.Conflict, "dispute_resolved", "the dispute is already resolved")
	ErrDisputeIDReused    = fault.New(fault.Conflict, "dispute_id_reused", "this dispute id was used for another dispute")
	ErrBelowMinimumPayout = fault.New(fault.Invalid, "below_minimum_payout", "the amount is below the minimum payout")
	ErrFundingNotFound    = fault.New(fault.NotFound, "funding_not_found", "no such top-up, withdrawal or payout")
	ErrFundingIDReused    = fault.New(fault.Conflict, "funding_id_reused", "this id was used for another operation")
	ErrInvalidFeeBps      = fault.New(fault.Invalid, "invalid_fee_bps", "the fee must be 0..10000 basis points")
	ErrFundingUnavailable = fault.New(fault.Unavailable, "funding_unavailable", "no bank is configured") // no FundingSource configured
)

func fail(base *Error, format string, args ...any) *Error { return base.Withf(format, args...) }

// Code returns the stable code of a payments or ledger rejection, "" for
// other (internal) errors.
func Code(err error) string { return fault.Code(err) }

// Account ids.
func WalletAccount(userID, cur string) string   { return "wallet:" + userID + ":" + cur }
func BrandAccount(brandID, cur string) string   { return "brand:" + brandID + ":" + cur }
func DeveloperAccount(devID, cur string) string { return "developer:" + devID + ":" + cur }
func EscrowAccount(cur string) string           { return "escrow:" + cur }
func FeesAccount(cur string) string             { return "fees:" + cur }
func BankAccount(cur string) string             { return "bank:" + cur }
func MarketingAccount(cur string) string        { return "marketing:" + cur }

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
		case hasPrefix(id, "marketing:"):
			a.Kind, a.Owner, cur, a.Flags = "marketing", "platform", id[len("marketing:"):], 0
		case hasPrefix(id, "fx:"):
			a.Kind, a.Owner, cur, a.Flags = "fx", "platform", id[len("fx:"):], 0
		case hasPrefix(id, "fxresidue:"):
			a.Kind, a.Owner, cur = "fx_residue", "platform", id[len("fxresidue:"):]
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
