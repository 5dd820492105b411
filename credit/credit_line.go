package credit

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/soukhq/souk/jobs"
	"github.com/soukhq/souk/payments"
	"github.com/soukhq/souk/payments/ledger"
	"github.com/soukhq/souk/payments/money"
	"github.com/soukhq/souk/store"
)

// Draw statuses.
const (
	DrawOpen    = "open"    // owed, not yet due
	DrawOverdue = "overdue" // owed past its due date (late)
	DrawRepaid  = "repaid"
)

// Draw is one pay-later payment: what the credit line lent for an order.
type Draw struct {
	ID        string       `json:"id"`
	RequestID string       `json:"request_id"`
	OrderID   string       `json:"order_id"`
	ShopperID string       `json:"shopper_id"`
	Currency  string       `json:"currency"`
	Amount    money.Amount `json:"amount"`
	Repaid    money.Amount `json:"repaid"`
	Status    string       `json:"status"`
	Late      bool         `json:"late"` // went past its due date unpaid
	Reminders int          `json:"reminders"`
	DueAt     int64        `json:"due_at"`
	CreatedAt int64        `json:"created_at"`
	RepaidAt  int64        `json:"repaid_at,omitempty"`
}

// Owed is what is left to repay.
func (d Draw) Owed() money.Amount { return d.Amount - d.Repaid }

const drawCols = `id, request_id, order_id, shopper_id, currency, amount, repaid, status, late, reminders, due_at, created_at, repaid_at`

func scanDraw(sc interface{ Scan(...any) error }) (Draw, error) {
	var d Draw
	var late int
	err := sc.Scan(&d.ID, &d.RequestID, &d.OrderID, &d.ShopperID, &d.Currency, &d.Amount, &d.Repaid, &d.Status, &late,
		&d.Reminders, &d.DueAt, &d.CreatedAt, &d.RepaidAt)
	if errors.Is(err, sql.ErrNoRows) {
		return d, fail(ErrNotFound, "no such draw")
	}
	d.Late = late == 1
	return d, err
}

func queryDraws(ctx context.Context, q store.Querier, query string, args ...any) ([]Draw, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+drawCols+` FROM credit_draws `+query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Draw{}
	for rows.Next() {
		d, err := scanDraw(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// Line is a shopper's credit line in one currency.
type Line struct {
	ShopperID string       `json:"shopper_id"`
	Currency  string       `json:"currency"`
	Score     Score        `json:"score"`
	Limit     money.Amount `json:"limit"`     // what the score gives now
	Used      money.Amount `json:"used"`      // drawn and not repaid (the ledger's figure)
	Available money.Amount `json:"available"` // max(0, limit − used)
	NextDueAt int64        `json:"next_due_at,omitempty"`
	Overdue   money.Amount `json:"overdue"`
	Draws     []Draw       `json:"draws"` // newest first, at most 50
}

// Line returns a shopper's credit line in cur (a line nobody drew on yet
// has its limit and nothing used).
func (s *Service) Line(ctx context.Context, shopperID, cur string) (Line, error) {
	if _, err := money.Lookup(cur); err != nil {
		return Line{}, fail(ErrInvalid, "unknown currency %q", cur)
	}
	sc, err := s.Score(ctx, shopperID)
	if err != nil {
		return Line{}, err
	}
	ln := Line{ShopperID: shopperID, Currency: cur, Score: sc, Limit: sc.Limit(cur)}
	a, err := s.l.LookupAccount(ctx, LineAccount(shopperID, cur))
	if err != nil && ledger.Code(err) != "account_not_found" {
		return Line{}, err
	}
	ln.Used = money.Amount(a.DebitsPosted + a.DebitsPending - a.CreditsPosted)
	ln.Available = max(ln.Limit-ln.Used, 0)
	if ln.Draws, err = queryDraws(ctx, s.db, `WHERE shopper_id = $1 AND currency = $2 ORDER BY created_at DESC, id DESC LIMIT 50`,
		shopperID, cur); err != nil {
		return Line{}, err
	}
	for _, d := range ln.Draws {
		if d.Status == DrawRepaid {
			continue
		}
		if ln.NextDueAt == 0 || d.DueAt < ln.NextDueAt {
			ln.NextDueAt = d.DueAt
		}
		if d.Status == DrawOverdue {
			ln.Overdue += d.Owed()
		}
	}
	return ln, nil
}

// syncLimit makes sure the shopper's line account exists and sets its
// ledger limit to what the score read in tx gives (never below what is
// used: ledger.SetCreditLimitTx).
func (s *Service) syncLimit(ctx context.Context, tx *store.Tx, shopperID, cur string) (Score, error) {
	sc, err := s.score(ctx, tx, shopperID)
	if err != nil {
		return sc, err
	}
	id := LineAccount(shopperID, cur)
	_, err = s.l.CreateAccountTx(ctx, tx, ledger.Account{ID: id, Owner: lineOwner(shopperID), Kind: "credit", Currency: cur,
		Flags: ledger.DebitsMustNotExceedCredits})
	if err != nil && ledger.Code(err) != "account_id_reused" { // exists, with another limit
		return sc, err
	}
	_, err = s.l.SetCreditLimitTx(ctx, tx, id, int64(sc.Limit(cur)))
	return sc, err
}

type overdueJob struct {
	DrawID string `json:"draw_id"`
	N      int    `json:"n"`
}

func overdueKey(drawID string, n int) string { return fmt.Sprintf("%s:%s:%d", JobOverdue, drawID, n) }

// PayLater is the shopper paying a payment request from their credit line,
// with their payment PIN (the host's payment sheet; never an app): in one
// transaction the line lends the amount to the wallet (the ledger refuses
// beyond the limit: ErrCreditLimit), the wallet pays escrow as any payment,
// the order becomes paid, and a draw due in Options.Term is recorded with
// its overdue timer. Paying a request already paid returns it unchanged.
func (s *Service) PayLater(ctx context.Context, requestID, shopperID, pin string) (payments.Request, error) {
	r, err := s.pay.ConfirmFunded(ctx, requestID, shopperID, pin, func(tx *store.Tx, r payments.Request) error {
		if _, err := s.syncLimit(ctx, tx, r.ShopperID, r.Currency); err != nil {
			return err
		}
		d := Draw{ID: "draw_" + r.ID, RequestID: r.ID, OrderID: r.OrderID, ShopperID: r.ShopperID, Currency: r.Currency,
			Amount: r.Amount, Status: DrawOpen, CreatedAt: s.now()}
		d.DueAt = d.CreatedAt + s.opts.Term.Microseconds()
		_, err := s.l.TransferTx(ctx, tx, ledger.Transfer{ID: "credit_draw:" + r.ID, DebitAccountID: LineAccount(r.ShopperID, r.Currency),
			CreditAccountID: payments.WalletAccount(r.ShopperID, r.Currency), Amount: int64(r.Amount), Currency: r.Currency,
			Code: "credit_draw", Reference: d.ID})
		if ledger.Code(err) == "insufficient_funds" {
			return fail(ErrCreditLimit, "the credit line does not cover %d", int64(r.Amount))
		}
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO credit_draws (`+drawCols+`)
			VALUES ($1, $2, $3, $4, $5, $6, 0, 'open', 0, 0, $7, $8, 0)`,
			d.ID, d.RequestID, d.OrderID, d.ShopperID, d.Currency, int64(d.Amount), d.DueAt, d.CreatedAt); err != nil {
			return err
		}
		if s.q == nil {
			return nil
		}
		return s.q.EnqueueTx(ctx, tx, jobs.Job{Kind: JobOverdue, Key: overdueKey(d.ID, 1), RunAt: time.UnixMicro(d.DueAt),
			Payload: overdueJob{DrawID: d.ID, N: 1}})
	}, nil)
	if err != nil {
		return r, err
	}
	s.opts.Log.InfoContext(ctx, "paid later", "request", r.ID, "order", r.OrderID, "shopper", r.ShopperID,
		"amount_minor", int64(r.Amount), "currency", r.Currency)
	return r, nil
}

// Repay moves amount (0: everything owed) from the shopper's wallet to the
// credit line, with their payment PIN, paying the draws oldest due first.
// A draw fully repaid by its due date counts as on time; after it, as late.
// The line's limit follows the new score.
func (s *Service) Repay(ctx context.Context, shopperID, cur string, amount money.Amount, pin string) (Line, error) {
	if _, err := money.Lookup(cur); err != nil || amount < 0 {
		return Line{}, fail(ErrInvalid, "a repayment needs a currency and an amount that is not negative")
	}
	if err := s.pay.VerifyPIN(ctx, shopperID, pin); err != nil {
		return Line{}, err
	}
	repayID := store.NewID("crp")
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		draws, err := queryDraws(ctx, tx, `WHERE shopper_id = $1 AND currency = $2 AND status <> 'repaid' ORDER BY due_at, id`+forUpdate(tx),
			shopperID, cur)
		if err != nil {
			return err
		}
		var owed money.Amount
		for _, d := range draws {
			owed += d.Owed()
		}
		if owed == 0 {
			return fail(ErrNothingToRepay, "")
		}
		pay := amount
		if pay == 0 {
			pay = owed
		}
		if pay > owed {
			return fail(ErrInvalid, "the repayment exceeds what is owed")
		}
		if _, err := s.l.TransferTx(ctx, tx, ledger.Transfer{ID: "credit_repay:" + repayID,
			DebitAccountID: payments.WalletAccount(shopperID, cur), CreditAccountID: LineAccount(shopperID, cur),
			Amount: int64(pay), Currency: cur, Code: "credit_repay", Reference: repayID}); err != nil {
			return err
		}
		now := s.now()
		left := pay
		for _, d := range draws {
			if left == 0 {
				break
			}
			part := min(left, d.Owed())
			left -= part
			d.Repaid += part
			status, repaidAt, late := d.Status, int64(0), d.Late
			if d.Repaid == d.Amount {
				status, repaidAt = DrawRepaid, now
				late = late || now > d.DueAt
			}
			if _, err := tx.ExecContext(ctx, `UPDATE credit_draws SET repaid = $2, status = $3, repaid_at = $4, late = $5 WHERE id = $1`,
				d.ID, int64(d.Repaid), status, repaidAt, boolInt(late)); err != nil {
				return err
			}
		}
		_, err = s.syncLimit(ctx, tx, shopperID, cur)
		return err
	})
	if err != nil {
		return Line{}, err
	}
	return s.Line(ctx, shopperID, cur)
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// runOverdue is a draw's due-date timer and its reminders: at the due date
// an unpaid draw turns overdue (late, and the score and limit drop), and the
// shopper is reminded, again every Options.ReminderEvery up to
// MaxReminders, until it is repaid.
func (s *Service) runOverdue(ctx context.Context, r jobs.Run) error {
	var p overdueJob
	if err := json.Unmarshal(r.Payload, &p); err != nil || p.DrawID == "" || p.N < 1 {
		return nil
	}
	var d Draw
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		var err error
		if d, err = scanDraw(tx.QueryRowContext(ctx, `SELECT `+drawCols+` FROM credit_draws WHERE id = $1`+forUpdate(tx), p.DrawID)); err != nil {
			return err
		}
		if d.Status == DrawRepaid || r.Now.UnixMicro() < d.DueAt {
			return nil
		}
		d.Status, d.Late, d.Reminders = DrawOverdue, true, max(d.Reminders, p.N)
		if _, err := tx.ExecContext(ctx, `UPDATE credit_draws SET status = 'overdue', late = 1, reminders = $2 WHERE id = $1`,
			d.ID, d.Reminders); err != nil {
			return err
		}
		_, err = s.syncLimit(ctx, tx, d.ShopperID, d.Currency)
		return err
	})
	if errors.Is(err, ErrNotFound) {
		return nil
	}
	if err != nil || d.Status != DrawOverdue {
		return err
	}
	if s.opts.Notifier != nil {
		rem := Reminder{Draw: d, N: p.N}
		if err := s.db.QueryRowContext(ctx, `SELECT brand_id, installation_id FROM commerce_orders WHERE id = $1`, d.OrderID).
			Scan(&rem.BrandID, &rem.InstallationID); err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		c, _ := money.Lookup(d.Currency)
		rem.Text = fmt.Sprintf("Pay later: %s %s was due on %s and is overdue. Repay it from your wallet under Credit.",
			money.Format(c, d.Owed()), d.Currency, time.UnixMicro(d.DueAt).UTC().Format("2006-01-02"))
		if err := s.opts.Notifier.Remind(ctx, rem); err != nil {
			return err
		}
	}
	if p.N >= s.opts.MaxReminders || s.q == nil {
		return nil
	}
	return s.q.Enqueue(ctx, jobs.Job{Kind: JobOverdue, Key: overdueKey(d.ID, p.N+1), RunAt: r.Now.Add(s.opts.ReminderEvery),
		Payload: overdueJob{DrawID: d.ID, N: p.N + 1}})
}

// Draws lists a shopper's draws, newest first.
func (s *Service) Draws(ctx context.Context, shopperID string, limit int) ([]Draw, error) {
	if limit <= 0 || limit > 200 {
		limit = 50
	}
	return queryDraws(ctx, s.db, `WHERE shopper_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2`, shopperID, limit)
}

// Exposure is the platform's credit exposure in one currency: what every
// line could draw and what is drawn and not repaid (the ledger's figure),
// of which overdue.
type Exposure struct {
	Currency  string       `json:"currency"`
	Lines     int64        `json:"lines"`
	Limits    money.Amount `json:"limits"`
	Drawn     money.Amount `json:"drawn"`
	Overdue   money.Amount `json:"overdue"`
	OpenDraws int64        `json:"open_draws"`
}

// Exposure returns the platform's credit exposure per currency.
func (s *Service) Exposure(ctx context.Context) ([]Exposure, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT currency, COUNT(*), COALESCE(SUM(credit_limit), 0),
		COALESCE(SUM(debits_posted + debits_pending - credits_posted), 0)
		FROM ledger_accounts WHERE kind = 'credit' GROUP BY currency ORDER BY currency`)
	if err != nil {
		return nil, err
	}
	out := []Exposure{}
	idx := map[string]int{}
	for rows.Next() {
		var e Exposure
		if err := rows.Scan(&e.Currency, &e.Lines, &e.Limits, &e.Drawn); err != nil {
			rows.Close()
			return nil, err
		}
		idx[e.Currency] = len(out)
		out = append(out, e)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows, err = s.db.QueryContext(ctx, `SELECT currency, COUNT(*), COALESCE(SUM(CASE WHEN status = 'overdue' THEN amount - repaid ELSE 0 END), 0)
		FROM credit_draws WHERE status <> 'repaid' GROUP BY currency`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var cur string
		var n int64
		var overdue money.Amount
		if err := rows.Scan(&cur, &n, &overdue); err != nil {
			return nil, err
		}
		if i, ok := idx[cur]; ok {
			out[i].OpenDraws, out[i].Overdue = n, overdue
		}
	}
	return out, rows.Err()
}
