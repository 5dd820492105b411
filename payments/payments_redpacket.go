package payments

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/soukhq/souk/jobs"
	"github.com/soukhq/souk/payments/ledger"
	"github.com/soukhq/souk/payments/money"
	"github.com/soukhq/souk/store"
)

// Red packet split modes.
const (
	RedPacketEqual  = "equal"
	RedPacketRandom = "random"
)

// Red packet statuses.
const (
	RedPacketActive   = "active"   // shares left to claim
	RedPacketFinished = "finished" // every share claimed
	RedPacketExpired  = "expired"  // the day passed; the unclaimed rest went back to the sender
)

// MaxRedPacketShares bounds the shares of one red packet (WeChat allows 100
// per group packet; the group's member cap bounds it further in chat).
const MaxRedPacketShares = 200

// RedPacketAccount is the holding account of a red packet: the total goes
// in when it is sent, claims and the expiry refund come out of it, and it
// may never go negative.
func RedPacketAccount(packetID, cur string) string { return "redpacket:" + packetID + ":" + cur }

// RedPacket is money put into a chat for several people to claim.
type RedPacket struct {
	ID            string           `json:"id"`
	ClientID      string           `json:"client_id"`
	SenderID      string           `json:"sender_id"`
	Currency      string           `json:"currency"`
	Total         money.Amount     `json:"total"`
	Shares        int              `json:"shares"`
	Mode          string           `json:"mode"`
	Greeting      string           `json:"greeting,omitempty"`
	Ref           string           `json:"ref,omitempty"` // opaque to payments: the chat conversation
	Status        string           `json:"status"`
	ClaimedCount  int              `json:"claimed_count"`
	ClaimedAmount money.Amount     `json:"claimed_amount"`
	Refunded      money.Amount     `json:"refunded"`
	ExpiresAt     int64            `json:"expires_at"`
	CreatedAt     int64            `json:"created_at"`
	FinishedAt    int64            `json:"finished_at,omitempty"`
	Claims        []RedPacketClaim `json:"claims"` // oldest first (GetRedPacket fills it)
}

// RedPacketClaim is one member's share. Luckiest marks the largest share of
// a finished random packet (the first claimer of it on ties), WeChat's
// "best luck".
type RedPacketClaim struct {
	ClaimerID string       `json:"claimer_id"`
	Amount    money.Amount `json:"amount"`
	ClaimedAt int64        `json:"claimed_at"`
	Luckiest  bool         `json:"luckiest,omitempty"`
}

// NewRedPacket is a red packet to send. ClientID is the sender's
// idempotency key.
type NewRedPacket struct {
	SenderID string
	ClientID string
	Currency string
	Total    money.Amount
	Shares   int
	Mode     string
	PIN      string
	Greeting string
	Ref      string
}

// SplitRedPacket divides total (minor units) into n shares, each at least
// one minor unit, summing to total exactly (total ≥ n is required). Claims
// take the shares in the returned order.
//
// Equal: every share is total/n, and the remainder total mod n is spread one
// minor unit each over the first shares, so the first claimers get one
// minor unit more (10.00 in 3 shares: 3.34, 3.33, 3.33).
//
// Random: WeChat's "double average". With R minor units and k shares left,
// while k > 1 the next share is uniform over the integers in [1, 2R/k) —
// that is 1..⌊(2R−1)/k⌋, additionally capped at R−(k−1) so every later
// share still gets at least one unit — and the last share takes what is
// left. Each share's mean is the current average R/k. The arithmetic is on
// integer minor units (exact; the bound is computed in uint64, so 2R cannot
// overflow), and the randomness comes from crypto/rand.
func SplitRedPacket(total money.Amount, n int, mode string) ([]money.Amount, error) {
	return splitRedPacket(total, n, mode, cryptoUniform)
}

// cryptoUniform returns a uniform integer in [0, n).
func cryptoUniform(n uint64) uint64 {
	v, err := rand.Int(rand.Reader, new(big.Int).SetUint64(n))
	if err != nil {
		panic("payments: crypto/rand: " + err.Error())
	}
	return v.Uint64()
}

func splitRedPacket(total money.Amount, n int, mode string, uniform func(n uint64) uint64) ([]money.Amount, error) {
	if n < 1 || n > MaxRedPacketShares {
		return nil, fail(ErrInvalidRedPacket, "a red packet has 1..%d shares", MaxRedPacketShares)
	}
	if total < money.Amount(n) {
		return nil, fail(ErrInvalidRedPacket, "a red packet needs at least one minor unit per share")
	}
	out := make([]money.Amount, n)
	switch mode {
	case RedPacketEqual:
		base, rem := total/money.Amount(n), total%money.Amount(n)
		for i := range out {
			out[i] = base
			if money.Amount(i) < rem {
				out[i]++
			}
		}
	case RedPacketRandom:
		r := uint64(total)
		for i := 0; i < n-1; i++ {
			k := uint64(n - i)
			hi := (2*r - 1) / k // the largest integer below 2r/k; 2r-1 < 2^64 since r ≤ MaxInt64
			if limit := r - (k - 1); hi > limit {
				hi = limit
			}
			x := 1 + uniform(hi) // 1..hi
			out[i] = money.Amount(x)
			r -= x
		}
		out[n-1] = money.Amount(r)
	default:
		return nil, fail(ErrInvalidRedPacket, "mode is %q or %q", RedPacketEqual, RedPacketRandom)
	}
	return out, nil
}

const redPacketCols = `id, client_id, sender_id, currency, total, shares, mode, greeting, ref, status, claimed_count,
	claimed_amount, refunded, expires_at, created_at, finished_at`

func scanRedPacket(sc interface{ Scan(...any) error }) (RedPacket, error) {
	var p RedPacket
	err := sc.Scan(&p.ID, &p.ClientID, &p.SenderID, &p.Currency, &p.Total, &p.Shares, &p.Mode, &p.Greeting, &p.Ref, &p.Status,
		&p.ClaimedCount, &p.ClaimedAmount, &p.Refunded, &p.ExpiresAt, &p.CreatedAt, &p.FinishedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return p, fail(ErrRedPacketNotFound, "")
	}
	p.Claims = []RedPacketClaim{}
	return p, err
}

func lockRedPacket(ctx context.Context, tx *store.Tx, id string) (RedPacket, error) {
	return scanRedPacket(tx.QueryRowContext(ctx, `SELECT `+redPacketCols+` FROM red_packets WHERE id = $1`+forUpdate(tx), id))
}

// SendRedPacket sends a red packet; see SendRedPacketWith.
func (s *Service) SendRedPacket(ctx context.Context, senderID, id, currency string, total money.Amount, shares int, mode, pin, greeting string) (RedPacket, error) {
	return s.SendRedPacketWith(ctx, NewRedPacket{SenderID: senderID, ClientID: id, Currency: currency, Total: total, Shares: shares,
		Mode: mode, PIN: pin, Greeting: greeting})
}

// SendRedPacketWith checks the sender's PIN, splits the total
// (SplitRedPacket), and in one transaction records the packet and its
// shares, moves the total from the sender's wallet into the packet's
// holding account (one ledger transfer rp:<id>:fund; ErrInsufficientFunds
// if the wallet is short) and enqueues the expiry 24 hours on. A retry with
// the same ClientID returns the first packet.
func (s *Service) SendRedPacketWith(ctx context.Context, np NewRedPacket) (RedPacket, error) {
	switch {
	case np.SenderID == "":
		return RedPacket{}, fail(ErrInvalidRedPacket, "a sender is required")
	case np.ClientID == "" || len(np.ClientID) > 100:
		return RedPacket{}, fail(ErrInvalidRedPacket, "a client id of 1..100 bytes is required")
	case np.Total <= 0:
		return RedPacket{}, fail(ErrInvalidAmount, "a red packet needs a positive total")
	case !utf8.ValidString(np.Greeting) || utf8.RuneCountInString(np.Greeting) > maxNoteRunes:
		return RedPacket{}, fail(ErrInvalidRedPacket, "the greeting is at most %d characters", maxNoteRunes)
	}
	if err := checkCurrency(np.Currency); err != nil {
		return RedPacket{}, err
	}
	amounts, err := SplitRedPacket(np.Total, np.Shares, np.Mode)
	if err != nil {
		return RedPacket{}, err
	}
	if s.cm.q == nil {
		return RedPacket{}, errChatMoneyUnavailable
	}
	if err := s.VerifyPIN(ctx, np.SenderID, np.PIN); err != nil {
		return RedPacket{}, err
	}
	var p RedPacket
	err = retryUnique(func() error {
		return s.db.InTx(ctx, func(tx *store.Tx) error {
			old, err := scanRedPacket(tx.QueryRowContext(ctx, `SELECT `+redPacketCols+` FROM red_packets
				WHERE sender_id = $1 AND client_id = $2`, np.SenderID, np.ClientID))
			if err == nil {
				if old.Currency != np.Currency || old.Total != np.Total || old.Shares != np.Shares || old.Mode != np.Mode ||
					old.Greeting != np.Greeting || old.Ref != np.Ref {
					return fail(ErrRedPacketIDReused, "client id %s was used for another red packet", np.ClientID)
				}
				p = old
				return nil
			}
			if !errors.Is(err, ErrRedPacketNotFound) {
				return err
			}
			now := s.opts.Now()
			p = RedPacket{ID: store.NewID("rp"), ClientID: np.ClientID, SenderID: np.SenderID, Currency: np.Currency, Total: np.Total,
				Shares: np.Shares, Mode: np.Mode, Greeting: np.Greeting, Ref: np.Ref, Status: RedPacketActive,
				ExpiresAt: now.Add(ChatMoneyTTL).UnixMicro(), CreatedAt: now.UnixMicro(), Claims: []RedPacketClaim{}}
			if _, err := tx.ExecContext(ctx, `INSERT INTO red_packets (id, client_id, sender_id, currency, total, shares, mode,
				greeting, ref, status, expires_at, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
				p.ID, p.ClientID, p.SenderID, p.Currency, int64(p.Total), p.Shares, p.Mode, p.Greeting, p.Ref, p.Status,
				p.ExpiresAt, p.CreatedAt); err != nil {
				return err
			}
			// All shares in one statement: (packet_id, idx, amount) per row.
			var q strings.Builder
			args := make([]any, 0, 3*len(amounts))
			q.WriteString(`INSERT INTO red_packet_shares (packet_id, idx, amount) VALUES `)
			for i, a := range amounts {
				if i > 0 {
					q.WriteByte(',')
				}
				n := len(args)
				fmt.Fprintf(&q, "($%d, $%d, $%d)", n+1, n+2, n+3)
				args = append(args, p.ID, i, int64(a))
			}
			if _, err := tx.ExecContext(ctx, q.String(), args...); err != nil {
				return err
			}
			wallet, holding := WalletAccount(p.SenderID, p.Currency), RedPacketAccount(p.ID, p.Currency)
			if err := s.ensure(ctx, tx, wallet); err != nil {
				return err
			}
			if _, err := s.l.CreateAccountTx(ctx, tx, ledger.Account{ID: holding, Owner: p.ID, Kind: "redpacket", Currency: p.Currency,
				Flags: ledger.DebitsMustNotExceedCredits}); err != nil {
				return err
			}
			if _, err := s.l.TransferTx(ctx, tx, ledger.Transfer{ID: "rp:" + p.ID + ":fund", DebitAccountID: wallet, CreditAccountID: holding,
				Amount: int64(p.Total), Currency: p.Currency, Code: "red_packet", Reference: p.ID}); err != nil {
				return err
			}
			return s.cm.q.EnqueueTx(ctx, tx, jobs.Job{Kind: JobRedPacketExpire, Key: redPacketJobKey(p.ID),
				RunAt: time.UnixMicro(p.ExpiresAt), Payload: expiryPayload{ID: p.ID}})
		})
	})
	return p, err
}

func redPacketJobKey(id string) string { return "payments.red_packet_expire:" + id }

// GetRedPacket returns a red packet with its claims (who took how much,
// oldest first). Who may see it is the caller's business (chat: members of
// the conversation).
func (s *Service) GetRedPacket(ctx context.Context, id string) (RedPacket, error) {
	p, err := scanRedPacket(s.db.QueryRowContext(ctx, `SELECT `+redPacketCols+` FROM red_packets WHERE id = $1`, id))
	if err != nil {
		return p, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT claimer_id, amount, claimed_at FROM red_packet_shares
		WHERE packet_id = $1 AND claimer_id IS NOT NULL ORDER BY idx`, id)
	if err != nil {
		return p, err
	}
	defer rows.Close()
	best := -1
	for rows.Next() {
		var c RedPacketClaim
		if err := rows.Scan(&c.ClaimerID, &c.Amount, &c.ClaimedAt); err != nil {
			return p, err
		}
		if best < 0 || c.Amount > p.Claims[best].Amount {
			best = len(p.Claims)
		}
		p.Claims = append(p.Claims, c)
	}
	if p.Status == RedPacketFinished && p.Mode == RedPacketRandom && best >= 0 && p.Shares > 1 {
		p.Claims[best].Luckiest = true
	}
	return p, rows.Err()
}

// ClaimRedPacket gives claimerID the next share of an active packet: under
// the packet's row lock it checks the claimer has no share yet
// (ErrRedPacketClaimed), takes share number claimed_count, and moves it from
// the holding account to the claimer's wallet (ledger transfer
// rp:<id>:<idx>) in the same transaction. Concurrent claims queue on the
// lock, so N shares have exactly N winners; the rest get ErrRedPacketEmpty.
// Whether claimerID may claim at all (group membership) is the caller's
// check.
func (s *Service) ClaimRedPacket(ctx context.Context, packetID, claimerID string) (RedPacketClaim, RedPacket, error) {
	if claimerID == "" {
		return RedPacketClaim{}, RedPacket{}, fail(ErrInvalidRedPacket, "a claimer is required")
	}
	var c RedPacketClaim
	var p RedPacket
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		var err error
		p, err = lockRedPacket(ctx, tx, packetID)
		if err != nil {
			return err
		}
		var mine int64
		switch err := tx.QueryRowContext(ctx, `SELECT amount FROM red_packet_shares WHERE packet_id = $1 AND claimer_id = $2`,
			packetID, claimerID).Scan(&mine); {
		case err == nil:
			return fail(ErrRedPacketClaimed, "you claimed %s %s of this red packet",
				money.Format(money.MustLookup(p.Currency), money.Amount(mine)), p.Currency)
		case !errors.Is(err, sql.ErrNoRows):
			return err
		}
		now := s.now()
		switch {
		case p.Status == RedPacketExpired || (p.Status == RedPacketActive && now >= p.ExpiresAt):
			return fail(ErrRedPacketExpired, "red packet %s expired", p.ID)
		case p.Status != RedPacketActive:
			return fail(ErrRedPacketEmpty, "every share of red packet %s is claimed", p.ID)
		}
		idx := p.ClaimedCount
		var amount int64
		if err := tx.QueryRowContext(ctx, `SELECT amount FROM red_packet_shares WHERE packet_id = $1 AND idx = $2`, p.ID, idx).Scan(&amount); err != nil {
			return err
		}
		wallet := WalletAccount(claimerID, p.Currency)
		if err := s.ensure(ctx, tx, wallet); err != nil {
			return err
		}
		if _, err := s.l.TransferTx(ctx, tx, ledger.Transfer{ID: "rp:" + p.ID + ":" + strconv.Itoa(idx), DebitAccountID: RedPacketAccount(p.ID, p.Currency),
			CreditAccountID: wallet, Amount: amount, Currency: p.Currency, Code: "red_packet_claim", Reference: p.ID}); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE red_packet_shares SET claimer_id = $3, claimed_at = $4 WHERE packet_id = $1 AND idx = $2`,
			p.ID, idx, claimerID, now); err != nil {
			return err
		}
		p.ClaimedCount++
		p.ClaimedAmount += money.Amount(amount)
		if p.ClaimedCount == p.Shares {
			p.Status, p.FinishedAt = RedPacketFinished, now
			if _, err := s.cm.q.CancelTx(ctx, tx, redPacketJobKey(p.ID)); err != nil {
				return err
			}
		}
		c = RedPacketClaim{ClaimerID: claimerID, Amount: money.Amount(amount), ClaimedAt: now}
		_, err = tx.ExecContext(ctx, `UPDATE red_packets SET claimed_count = $2, claimed_amount = $3, status = $4, finished_at = $5 WHERE id = $1`,
			p.ID, p.ClaimedCount, int64(p.ClaimedAmount), p.Status, p.FinishedAt)
		return err
	})
	if err != nil {
		return RedPacketClaim{}, RedPacket{}, err
	}
	return c, p, nil
}

// runRedPacketExpiry is the expiry job: at the deadline (the queue's clock)
// an active packet's unclaimed rest, total - claimed, goes back from the
// holding account to the sender's wallet (rp:<id>:refund) and the packet is
// expired; a finished packet has nothing left and is left alone.
func (s *Service) runRedPacketExpiry(ctx context.Context, r jobs.Run) error {
	var pl expiryPayload
	if err := json.Unmarshal(r.Payload, &pl); err != nil {
		return fmt.Errorf("payments: red packet expiry payload: %w", err)
	}
	var p RedPacket
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		var err error
		p, err = lockRedPacket(ctx, tx, pl.ID)
		if err != nil || p.Status != RedPacketActive {
			return err
		}
		now := r.Now.UnixMicro()
		if now < p.ExpiresAt {
			return errNotDue
		}
		rest := p.Total - p.ClaimedAmount
		if rest > 0 {
			wallet := WalletAccount(p.SenderID, p.Currency)
			if err := s.ensure(ctx, tx, wallet); err != nil {
				return err
			}
			if _, err := s.l.TransferTx(ctx, tx, ledger.Transfer{ID: "rp:" + p.ID + ":refund", DebitAccountID: RedPacketAccount(p.ID, p.Currency),
				CreditAccountID: wallet, Amount: int64(rest), Currency: p.Currency, Code: "red_packet_refund", Reference: p.ID}); err != nil {
				return err
			}
		}
		p.Status, p.Refunded, p.FinishedAt = RedPacketExpired, rest, now
		_, err = tx.ExecContext(ctx, `UPDATE red_packets SET status = $2, refunded = $3, finished_at = $4 WHERE id = $1`,
			p.ID, p.Status, int64(p.Refunded), p.FinishedAt)
		return err
	})
	if errors.Is(err, ErrRedPacketNotFound) {
		return nil
	}
	if err != nil || p.Status != RedPacketExpired {
		return err
	}
	if h := s.cm.hooks.RedPacketExpired; h != nil {
		return h(ctx, p)
	}
	return nil
}
