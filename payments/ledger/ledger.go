// Package ledger is souk's double-entry ledger, with TigerBeetle's
// semantics kept in the SQL database (SQLite or PostgreSQL):
//
//   - accounts have a currency, flags that forbid going negative on one side
//     (optionally down to a credit limit), and posted and pending totals;
//   - transfers carry a client-supplied id: the same id with the same payload
//     returns the original transfer, the same id with another payload is
//     ErrTransferIDReused, across restarts, because the check is the database;
//   - a pending transfer reserves funds and is later posted (in full or less)
//     or voided exactly once, or expires after its timeout;
//   - CreateLinked applies several transfers all or nothing;
//   - every change appends ledger_entries rows, so each balance is the sum of
//     its entries and Check can prove it.
//
// Rejected transfers are not stored (as in TigerBeetle): retrying a rejected
// id re-evaluates it against the current balances.
//
// Concurrent calls are coalesced by a batcher into one database transaction
// per batch (each transfer still gets its own result), accounts are locked in
// id order so opposite-direction transfers cannot deadlock, and everything
// runs inside store.DB.InTx so engine-level retries are invisible to callers.
package ledger

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"github.com/soukhq/souk/internal/fault"
	"github.com/soukhq/souk/payments/money"
)

// AccountFlags restrict how an account's balance may move.
type AccountFlags uint32

const (
	// DebitsMustNotExceedCredits: debits (posted + pending) may not exceed
	// posted credits plus CreditLimit. Wallets, escrow and brand balances.
	DebitsMustNotExceedCredits AccountFlags = 1 << 0
	// CreditsMustNotExceedDebits: the mirror image, for asset-like accounts.
	CreditsMustNotExceedDebits AccountFlags = 1 << 1
)

// Account is a ledger account. Balances are credit-normal: Posted is
// CreditsPosted - DebitsPosted.
type Account struct {
	ID          string       `json:"id"`
	Owner       string       `json:"owner"`
	Kind        string       `json:"kind"`
	Currency    string       `json:"currency"`
	Flags       AccountFlags `json:"flags"`
	CreditLimit int64        `json:"credit_limit"`

	DebitsPending  int64 `json:"debits_pending"`
	DebitsPosted   int64 `json:"debits_posted"`
	CreditsPending int64 `json:"credits_pending"`
	CreditsPosted  int64 `json:"credits_posted"`
	CreatedAt      int64 `json:"created_at"`
}

// Balance is an account's balance seen by a customer.
type Balance struct {
	AccountID      string `json:"account_id"`
	Currency       string `json:"currency"`
	Posted         int64  `json:"posted"`          // credits_posted - debits_posted
	PendingDebits  int64  `json:"pending_debits"`  // reserved by pending transfers out
	PendingCredits int64  `json:"pending_credits"` // promised by pending transfers in
	Available      int64  `json:"available"`       // posted - pending debits: what can be spent now
}

// Balance returns a's balance.
func (a Account) Balance() Balance {
	return Balance{
		AccountID:      a.ID,
		Currency:       a.Currency,
		Posted:         a.CreditsPosted - a.DebitsPosted,
		PendingDebits:  a.DebitsPending,
		PendingCredits: a.CreditsPending,
		Available:      a.CreditsPosted - a.DebitsPosted - a.DebitsPending,
	}
}

// TransferFlags choose what a transfer does.
type TransferFlags uint32

const (
	// Pending reserves the amount (two-phase); post or void it later.
	Pending TransferFlags = 1 << 0
	// PostPending posts the pending transfer PendingID (Amount 0 = all of it).
	PostPending TransferFlags = 1 << 1
	// VoidPending releases the pending transfer PendingID.
	VoidPending TransferFlags = 1 << 2
)

// Status of a stored transfer.
type Status string

const (
	StatusPosted  Status = "posted"
	StatusPending Status = "pending"
	StatusVoided  Status = "voided"
	StatusExpired Status = "expired"
)

// Transfer moves Amount minor units from DebitAccountID to CreditAccountID.
// The caller fills the request fields; the ledger fills the rest.
type Transfer struct {
	ID              string          `json:"id"`
	DebitAccountID  string          `json:"debit_account_id"`
	CreditAccountID string          `json:"credit_account_id"`
	Amount          int64           `json:"amount"`
	Currency        string          `json:"currency"`
	Code            string          `json:"code,omitempty"`      // reason code: "payment", "refund", "payout", …
	Reference       string          `json:"reference,omitempty"` // what it is for: an order, refund, payout id
	Metadata        json.RawMessage `json:"metadata,omitempty"`
	Flags           TransferFlags   `json:"flags,omitempty"`
	PendingID       string          `json:"pending_id,omitempty"` // for PostPending / VoidPending
	Timeout         time.Duration   `json:"timeout,omitempty"`    // for Pending: void itself after this long (0 = never)

	// Set by the ledger.
	TimeoutAt int64  `json:"timeout_at,omitempty"` // Unix µs
	Status    Status `json:"status"`
	CreatedAt int64  `json:"created_at"` // Unix µs

	hash string
}

// Error is a ledger rejection: souk's one domain error type, with a stable
// machine-readable code. Compare with errors.Is against the Err* values
// (codes are compared). Its Message is the sentinel's, safe to show anyone;
// the specifics (transfer and account ids, balances) are in Detail, for logs.
type Error = fault.Error

// Rejections. The codes are part of the API (the HTTP layer returns them).
var (
	ErrInsufficientFunds    = fault.New(fault.Conflict, "insufficient_funds", "not enough funds")
	ErrExceedsDebits        = fault.New(fault.Conflict, "exceeds_debits", "the account may not be credited more")
	ErrCurrencyMismatch     = fault.New(fault.Invalid, "currency_mismatch", "the currencies do not match")
	ErrInvalidAmount        = fault.New(fault.Invalid, "invalid_amount", "the amount is not valid")
	ErrInvalidTransfer      = fault.New(fault.Invalid, "invalid_transfer", "the transfer is not valid")
	ErrSameAccount          = fault.New(fault.Invalid, "same_account", "debit and credit account are the same")
	ErrTransferIDReused     = fault.New(fault.Conflict, "transfer_id_reused", "this id was used for another transfer")
	ErrTransferNotFound     = fault.New(fault.NotFound, "transfer_not_found", "no such transfer")
	ErrPendingNotFound      = fault.New(fault.NotFound, "pending_not_found", "no such pending transfer")
	ErrPendingAlreadyPosted = fault.New(fault.Conflict, "pending_already_posted", "the pending transfer is already posted")
	ErrPendingAlreadyVoided = fault.New(fault.Conflict, "pending_already_voided", "the pending transfer is already voided")
	ErrPendingExpired       = fault.New(fault.Conflict, "pending_expired", "the pending transfer timed out")
	ErrExceedsPendingAmount = fault.New(fault.Invalid, "exceeds_pending_amount", "the amount exceeds the pending amount")
	ErrAccountNotFound      = fault.New(fault.NotFound, "account_not_found", "no such account")
	ErrAccountIDReused      = fault.New(fault.Conflict, "account_id_reused", "this account id is taken")
	ErrInvalidAccount       = fault.New(fault.Invalid, "invalid_account", "the account is not valid")
	ErrOverflow             = fault.New(fault.Invalid, "overflow", "the amount is too large")
	ErrLinkedEventFailed    = fault.New(fault.Conflict, "linked_event_failed", "another transfer in the batch failed")
)

// Code returns the stable code of a ledger error, or "" for other errors.
func Code(err error) string { return fault.Code(err) }

func reject(base *Error, transferID, format string, args ...any) *Error {
	return base.Detailf("transfer %s: %s", transferID, fmt.Sprintf(format, args...))
}

const (
	maxIDLen       = 128
	maxTextLen     = 256
	maxMetadataLen = 4096
)

// prepare checks what can be checked without the database and computes
// the payload hash that idempotency compares.
func prepare(t *Transfer) error {
	if t.ID == "" || len(t.ID) > maxIDLen {
		return reject(ErrInvalidTransfer, t.ID, "id must be 1..%d bytes", maxIDLen)
	}
	if len(t.Code) > maxTextLen || len(t.Reference) > maxTextLen {
		return reject(ErrInvalidTransfer, t.ID, "code and reference are at most %d bytes", maxTextLen)
	}
	if len(t.Metadata) > 0 {
		if len(t.Metadata) > maxMetadataLen || !json.Valid(t.Metadata) {
			return reject(ErrInvalidTransfer, t.ID, "metadata must be valid JSON of at most %d bytes", maxMetadataLen)
		}
		var buf bytes.Buffer
		_ = json.Compact(&buf, t.Metadata)
		t.Metadata = buf.Bytes()
		if string(t.Metadata) == "null" {
			t.Metadata = nil
		}
	}
	if t.Amount < 0 {
		return reject(ErrInvalidAmount, t.ID, "amount %d is negative", t.Amount)
	}
	if t.Timeout < 0 || (t.Timeout > 0 && t.Flags&Pending == 0) {
		return reject(ErrInvalidTransfer, t.ID, "timeout needs the pending flag and must be positive")
	}
	switch t.Flags {
	case 0, Pending:
		if t.Amount == 0 {
			return reject(ErrInvalidAmount, t.ID, "amount must be positive")
		}
		if t.DebitAccountID == "" || t.CreditAccountID == "" {
			return reject(ErrInvalidTransfer, t.ID, "debit and credit accounts are required")
		}
		if t.DebitAccountID == t.CreditAccountID {
			return reject(ErrSameAccount, t.ID, "debit and credit account are both %s", t.DebitAccountID)
		}
		if _, err := money.LookupUnit(t.Currency); err != nil {
			return reject(ErrCurrencyMismatch, t.ID, "%v", err)
		}
		if t.PendingID != "" {
			return reject(ErrInvalidTransfer, t.ID, "pending_id only goes with post or void")
		}
	case PostPending, VoidPending:
		if t.PendingID == "" {
			return reject(ErrInvalidTransfer, t.ID, "pending_id is required to post or void")
		}
	default:
		return reject(ErrInvalidTransfer, t.ID, "flags %d: pending, post and void are exclusive", t.Flags)
	}
	h := sha256.New()
	for _, f := range []string{t.ID, t.DebitAccountID, t.CreditAccountID, strconv.FormatInt(t.Amount, 10), t.Currency,
		t.Code, t.Reference, string(t.Metadata), strconv.FormatUint(uint64(t.Flags), 10), t.PendingID, strconv.FormatInt(int64(t.Timeout), 10)} {
		h.Write([]byte(f))
		h.Write([]byte{0})
	}
	t.hash = hex.EncodeToString(h.Sum(nil)[:16])
	return nil
}

func validAccount(a *Account) error {
	if a.ID == "" || len(a.ID) > maxIDLen || a.Kind == "" || len(a.Kind) > maxTextLen || len(a.Owner) > maxTextLen {
		return reject(ErrInvalidAccount, "", "account needs an id (1..%d bytes) and a kind", maxIDLen)
	}
	if _, err := money.LookupUnit(a.Currency); err != nil {
		return reject(ErrInvalidAccount, "", "%v", err)
	}
	if a.Flags&^(DebitsMustNotExceedCredits|CreditsMustNotExceedDebits) != 0 ||
		a.Flags == DebitsMustNotExceedCredits|CreditsMustNotExceedDebits {
		return reject(ErrInvalidAccount, "", "flags %d are not a valid combination", a.Flags)
	}
	if a.CreditLimit < 0 {
		return reject(ErrInvalidAccount, "", "credit limit is negative")
	}
	return nil
}
