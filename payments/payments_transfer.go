package payments

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"
	"unicode/utf8"

	"github.com/soukhq/souk/internal/fault"
	"github.com/soukhq/souk/jobs"
	"github.com/soukhq/souk/payments/ledger"
	"github.com/soukhq/souk/payments/money"
	"github.com/soukhq/souk/store"
)

// Person-to-person money (transfers and red packets) expires after a day:
// what the receiver has not accepted, or the group has not claimed, goes
// back to the sender.
const ChatMoneyTTL = 24 * time.Hour

// Job kinds of the expiry timers. One job per transfer or red packet, keyed
// by its id, decides the expiry; the ledger's own pending timeout is not
// used for these transfers (its clock and sweep know nothing of the
// transfer's row, so two deciders could disagree).
const (
	JobTransferExpire  = "payments.transfer_expire"
	JobRedPacketExpire = "payments.red_packet_expire"
)

// chatMoney is what transfers and red packets need beyond the service's
// database and ledger: the job queue for their expiry timers and the hooks
// that tell the chat side about expiries.
type chatMoney struct {
	q     *jobs.Queue
	hooks MoneyHooks
}

// MoneyHooks are called from the expiry jobs after the expiry committed,
// so the chat side can post an update in the conversation. A hook that
// fails makes the job run again (and call the hook again): hooks must be
// idempotent (chat: a fixed ClientMsgID per event).
type MoneyHooks struct {
	TransferExpired  func(ctx context.Context, t PeerTransfer) error
	RedPacketExpired func(ctx context.Context, p RedPacket) error
}

// UseJobs registers the transfer, red-packet and funding expiry handlers on q and
// makes the service enqueue their timers there. Call it once at start-up,
// before serving; without it SendTransfer and SendRedPacket refuse.
func (s *Service) UseJobs(q *jobs.Queue) {
	s.cm.q = q
	q.Handle(JobTransferExpire, s.runTransferExpiry)
	q.Handle(JobRedPacketExpire, s.runRedPacketExpiry)
	q.Handle(JobFundingExpire, s.runFundingExpiry)
}

// SetMoneyHooks sets the expiry hooks (at start-up, before serving).
func (s *Service) SetMoneyHooks(h MoneyHooks) { s.cm.hooks = h }

// Transfer and red-packet rejections.
var (
	ErrTransferNotFound     = fault.New(fault.NotFound, "transfer_not_found", "no such transfer")
	ErrTransferNotPending   = fault.New(fault.Conflict, "transfer_not_pending", "the transfer was already accepted, declined or expired") // already accepted, declined or expired
	ErrTransferExpired      = fault.New(fault.Conflict, "transfer_expired", "the transfer expired")
	ErrNotTransferReceiver  = fault.New(fault.Forbidden, "not_transfer_receiver", "only the receiver can accept or decline a transfer") // only the receiver accepts or declines
	ErrTransferToSelf       = fault.New(fault.Invalid, "transfer_to_self", "a transfer goes to someone else")
	ErrTransferIDReused     = fault.New(fault.Conflict, "transfer_client_id_reused", "this client id was used for another transfer")
	ErrInvalidTransfer      = fault.New(fault.Invalid, "invalid_transfer", "the transfer is not valid")
	ErrRedPacketNotFound    = fault.New(fault.NotFound, "red_packet_not_found", "no such red packet")
	ErrRedPacketExpired     = fault.New(fault.Conflict, "red_packet_expired", "the red packet expired")
	ErrRedPacketEmpty       = fault.New(fault.Conflict, "red_packet_empty", "every share of the red packet is claimed") // every share is claimed
	ErrRedPacketClaimed     = fault.New(fault.Conflict, "red_packet_already_claimed", "you already claimed this red packet")
	ErrInvalidRedPacket     = fault.New(fault.Invalid, "invalid_red_packet", "the red packet is not valid")
	ErrRedPacketIDReused    = fault.New(fault.Conflict, "red_packet_client_id_reused", "this client id was used for another red packet")
	errChatMoneyUnavailable = errors.New("payments: transfers and red packets need a job queue (Service.UseJobs)")
)

// Transfer statuses.
const (
	TransferPending  = "pending"
	TransferAccepted = "accepted"
	TransferDeclined = "declined"
	TransferExpired  = "expired"
)

// maxNoteRunes bounds a transfer's note and a red packet's greeting.
const maxNoteRunes = 200

// PeerTransfer is money sent from one user to another, waiting for the
// receiver: a pending ledger transfer p2p:<id> from the sender's wallet to
// the receiver's.
type PeerTransfer struct {
	ID         string       `json:"id"`
	ClientID   string       `json:"client_id"`
	SenderID   string       `json:"sender_id"`
	ReceiverID string       `json:"receiver_id"`
	Currency   string       `json:"currency"`
	Amount     money.Amount `json:"amount"`
	Note       string       `json:"note,omitempty"`
	Ref        string       `json:"ref,omitempty"` // opaque to payments: the chat conversation
	Status     string       `json:"status"`
	ExpiresAt  int64        `json:"expires_at"`
	CreatedAt  int64        `json:"created_at"`
	ResolvedAt int64        `json:"resolved_at,omitempty"`
}

// NewTransfer is a transfer to send. ClientID is the sender's idempotency
// key: the same sender and ClientID with the same terms is the same
// transfer.
type NewTransfer struct {
	SenderID, ReceiverID string
	ClientID             string
	Currency             string
	Amount               money.Amount
	PIN                  string
	Note                 string
	Ref                  string
}

const transferCols = `id, client_id, sender_id, receiver_id, currency, amount, note, ref, status, expires_at, created_at, resolved_at`

func scanPeerTransfer(sc interface{ Scan(...any) error }) (PeerTransfer, error) {
	var t PeerTransfer
	err := sc.Scan(&t.ID, &t.ClientID, &t.SenderID, &t.ReceiverID, &t.Currency, &t.Amount, &t.Note, &t.Ref, &t.Status,
		&t.ExpiresAt, &t.CreatedAt, &t.ResolvedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return t, fail(ErrTransferNotFound, "")
	}
	return t, err
}

// Ledger ids of a transfer: the reservation and its one resolution.
func p2pPending(id string) string { return "p2p:" + id }

// SendTransfer sends amount from senderID's wallet to receiverID's; see
// SendTransferWith.
func (s *Service) SendTransfer(ctx context.Context, senderID, receiverID, id, currency string, amount money.Amount, pin, note string) (PeerTransfer, error) {
	return s.SendTransferWith(ctx, NewTransfer{SenderID: senderID, ReceiverID: receiverID, ClientID: id, Currency: currency,
		Amount: amount, PIN: pin, Note: note})
}

// SendTransferWith checks the sender's payment PIN (a wrong one counts
// toward the lockout and moves nothing), then in one transaction records
// the transfer, reserves the amount in the sender's wallet with a pending
// ledger transfer to the receiver's wallet (ErrInsufficientFunds if it is
// not there: a wallet never goes negative) and enqueues its expiry 24 hours
// on. A retry with the same ClientID returns the first transfer.
func (s *Service) SendTransferWith(ctx context.Context, nt NewTransfer) (PeerTransfer, error) {
	switch {
	case nt.SenderID == "" || nt.ReceiverID == "":
		return PeerTransfer{}, fail(ErrInvalidTransfer, "a sender and a receiver are required")
	case nt.ClientID == "" || len(nt.ClientID) > 100:
		return PeerTransfer{}, fail(ErrInvalidTransfer, "a client id of 1..100 bytes is required")
	case nt.SenderID == nt.ReceiverID:
		return PeerTransfer{}, fail(ErrTransferToSelf, "a transfer goes to someone else")
	case nt.Amount <= 0:
		return PeerTransfer{}, fail(ErrInvalidAmount, "a transfer needs a positive amount")
	case !utf8.ValidString(nt.Note) || utf8.RuneCountInString(nt.Note) > maxNoteRunes:
		return PeerTransfer{}, fail(ErrInvalidTransfer, "the note is at most %d characters", maxNoteRunes)
	}
	if err := checkCurrency(nt.Currency); err != nil {
		return PeerTransfer{}, err
	}
	if s.cm.q == nil {
		return PeerTransfer{}, errChatMoneyUnavailable
	}
	if err := s.VerifyPIN(ctx, nt.SenderID, nt.PIN); err != nil {
		return PeerTransfer{}, err
	}
	var t PeerTransfer
	err := retryUnique(func() error {
		return s.db.InTx(ctx, func(tx *store.Tx) error {
			old, err := scanPeerTransfer(tx.QueryRowContext(ctx, `SELECT `+transferCols+` FROM peer_transfers
				WHERE sender_id = $1 AND client_id = $2`, nt.SenderID, nt.ClientID))
			if err == nil {
				if old.ReceiverID != nt.ReceiverID || old.Currency != nt.Currency || old.Amount != nt.Amount || old.Note != nt.Note || old.Ref != nt.Ref {
					return fail(ErrTransferIDReused, "client id %s was used for another transfer", nt.ClientID)
				}
				t = old
				return nil
			}
			if !errors.Is(err, ErrTransferNotFound) {
				return err
			}
			now := s.opts.Now()
			t = PeerTransfer{ID: store.NewID("xfer"), ClientID: nt.ClientID, SenderID: nt.SenderID, ReceiverID: nt.ReceiverID,
				Currency: nt.Currency, Amount: nt.Amount, Note: nt.Note, Ref: nt.Ref, Status: TransferPending,
				ExpiresAt: now.Add(ChatMoneyTTL).UnixMicro(), CreatedAt: now.UnixMicro()}
			if _, err := tx.ExecContext(ctx, `INSERT INTO peer_transfers (`+transferCols+`)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 0)`, t.ID, t.ClientID, t.SenderID, t.ReceiverID, t.Currency,
				int64(t.Amount), t.Note, t.Ref, t.Status, t.ExpiresAt, t.CreatedAt); err != nil {
				return err
			}
			from, to := WalletAccount(t.SenderID, t.Currency), WalletAccount(t.ReceiverID, t.Currency)
			if err := s.ensure(ctx, tx, from, to); err != nil {
				return err
			}
			if _, err := s.l.TransferTx(ctx, tx, ledger.Transfer{ID: p2pPending(t.ID), DebitAccountID: from, CreditAccountID: to,
				Amount: int64(t.Amount), Currency: t.Currency, Code: "p2p_transfer", Reference: t.ID, Flags: ledger.Pending}); err != nil {
				return err
			}
			return s.cm.q.EnqueueTx(ctx, tx, jobs.Job{Kind: JobTransferExpire, Key: transferJobKey(t.ID),
				RunAt: time.UnixMicro(t.ExpiresAt), Payload: expiryPayload{ID: t.ID}})
		})
	})
	return t, err
}

func transferJobKey(id string) string { return "payments.transfer_expire:" + id }

type expiryPayload struct {
	ID string `json:"id"`
}

// GetTransfer returns a transfer to its sender or receiver; to anyone else
// it does not exist.
func (s *Service) GetTransfer(ctx context.Context, id, viewerID string) (PeerTransfer, error) {
	t, err := scanPeerTransfer(s.db.QueryRowContext(ctx, `SELECT `+transferCols+` FROM peer_transfers WHERE id = $1`, id))
	if err != nil {
		return PeerTransfer{}, err
	}
	if viewerID != t.SenderID && viewerID != t.ReceiverID {
		return PeerTransfer{}, fail(ErrTransferNotFound, "")
	}
	return t, nil
}

// AcceptTransfer is the receiver taking the money: the pending transfer is
// posted. Accepting an accepted transfer returns it unchanged; a declined
// or expired one is ErrTransferNotPending, and a pending one past its
// deadline ErrTransferExpired (its expiry job returns it to the sender).
func (s *Service) AcceptTransfer(ctx context.Context, id, receiverID string) (PeerTransfer, error) {
	return s.resolveTransfer(ctx, id, receiverID, TransferAccepted)
}

// DeclineTransfer is the receiver refusing the money: the pending transfer
// is voided and the sender's reservation released. Declining a declined
// transfer returns it unchanged.
func (s *Service) DeclineTransfer(ctx context.Context, id, receiverID string) (PeerTransfer, error) {
	return s.resolveTransfer(ctx, id, receiverID, TransferDeclined)
}

// resolveTransfer is accept, decline and expire: under the transfer's row
// lock, only a pending transfer changes, so of any number of concurrent
// accepts, declines and expiries exactly one moves money (and the ledger's
// resolve-once index would refuse a second resolution anyway).
func (s *Service) resolveTransfer(ctx context.Context, id, userID, to string) (PeerTransfer, error) {
	return store.InTxValue(ctx, s.db, func(tx *store.Tx) (PeerTransfer, error) {
		return s.resolveTransferTx(ctx, tx, id, userID, to, s.opts.Now())
	})
}

// errNotDue is an expiry job that ran before its deadline (a clock skew
// between nodes): it fails so the queue runs it again later.
var errNotDue = errors.New("payments: expiry not due yet")

func (s *Service) resolveTransferTx(ctx context.Context, tx *store.Tx, id, userID, to string, now time.Time) (PeerTransfer, error) {
	t, err := scanPeerTransfer(tx.QueryRowContext(ctx, `SELECT `+transferCols+` FROM peer_transfers WHERE id = $1`+forUpdate(tx), id))
	if err != nil {
		return t, err
	}
	if to != TransferExpired && userID != t.ReceiverID {
		if userID == t.SenderID {
			return t, fail(ErrNotTransferReceiver, "only the receiver can accept or decline a transfer")
		}
		return PeerTransfer{}, fail(ErrTransferNotFound, "")
	}
	if t.Status == to {
		return t, nil
	}
	if t.Status != TransferPending {
		return t, fail(ErrTransferNotPending, "transfer %s is %s", t.ID, t.Status)
	}
	due := now.UnixMicro() >= t.ExpiresAt
	switch {
	case to == TransferAccepted && due:
		return t, fail(ErrTransferExpired, "transfer %s expired", t.ID)
	case to == TransferExpired && !due:
		return t, errNotDue
	}
	lt := ledger.Transfer{ID: p2pPending(t.ID) + ":" + to, PendingID: p2pPending(t.ID), Flags: ledger.VoidPending}
	if to == TransferAccepted {
		lt.Flags = ledger.PostPending
	}
	if _, err := s.l.TransferTx(ctx, tx, lt); err != nil {
		return t, err
	}
	t.Status, t.ResolvedAt = to, now.UnixMicro()
	if _, err := tx.ExecContext(ctx, `UPDATE peer_transfers SET status = $2, resolved_at = $3 WHERE id = $1`, t.ID, t.Status, t.ResolvedAt); err != nil {
		return t, err
	}
	if to != TransferExpired {
		// The timer has nothing left to do; its handler would find the
		// transfer resolved anyway.
		if _, err := s.cm.q.CancelTx(ctx, tx, transferJobKey(t.ID)); err != nil {
			return t, err
		}
	}
	return t, nil
}

// runTransferExpiry is the expiry job: a transfer still pending at its
// deadline (compared with the queue's clock) goes back to the sender.
func (s *Service) runTransferExpiry(ctx context.Context, r jobs.Run) error {
	var p expiryPayload
	if err := json.Unmarshal(r.Payload, &p); err != nil {
		return fmt.Errorf("payments: transfer expiry payload: %w", err)
	}
	var t PeerTransfer
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		var err error
		t, err = s.resolveTransferTx(ctx, tx, p.ID, "", TransferExpired, r.Now)
		return err
	})
	if errors.Is(err, ErrTransferNotFound) {
		return nil
	}
	if errors.Is(err, ErrTransferNotPending) {
		return nil // accepted or declined first
	}
	if err != nil {
		return err
	}
	if h := s.cm.hooks.TransferExpired; h != nil {
		return h(ctx, t)
	}
	return nil
}

// Transfers lists the transfers a user sent or received, newest first, at
// most limit (default 50, at most 200).
func (s *Service) Transfers(ctx context.Context, userID string, limit int) ([]PeerTransfer, error) {
	if limit <= 0 || limit > 200 {
		limit = 50
	}
	rows, err := s.db.QueryContext(ctx, `SELECT `+transferCols+` FROM peer_transfers WHERE sender_id = $1 OR receiver_id = $1
		ORDER BY created_at DESC, id DESC LIMIT $2`, userID, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []PeerTransfer{}
	for rows.Next() {
		t, err := scanPeerTransfer(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}
