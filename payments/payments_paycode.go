package payments

import (
	"context"
	"database/sql"
	"errors"
	"time"
	"unicode/utf8"

	"github.com/soukhq/souk/internal/fault"
	"github.com/soukhq/souk/payments/ledger"
	"github.com/soukhq/souk/payments/money"
	"github.com/soukhq/souk/store"
)

// Payment codes are the "scan the merchant's code" payments of offline
// shops. A brand has one static code per currency, on which the shopper
// enters the amount, and makes dynamic codes bound to an amount (in the
// seller console, or an app through the host) that are paid once and
// expire. Either way the shopper pays on the host's payment sheet with the
// PIN and the money goes straight into the brand's settlement: one linked
// ledger transfer moves
//
//	fee    = floor(amount × brand fee bps / 10000)   wallet -> fees:<CUR>      (code paycode_fee)
//	net    = amount - fee                            wallet -> brand:<org>:<CUR> (code paycode)
//
// with no escrow (there is no order to deliver) and no developer share. The
// payment_code_payments row is the receipt; both ledger legs carry it as
// their reference, so it shows on the shopper's wallet history and on the
// brand's finance statement. Refunds of code payments are out of scope.

// Payment code kinds and statuses.
const (
	PayCodeStatic  = "static"
	PayCodeDynamic = "dynamic"

	PayCodeActive   = "active"
	PayCodePaid     = "paid"
	PayCodeDisabled = "disabled"
)

// Payment-code rejections.
var (
	ErrPayCodeNotFound = fault.New(fault.NotFound, "payment_code_not_found", "no such payment code")
	ErrPayCodeUsed     = fault.New(fault.Conflict, "payment_code_used", "this payment code was already paid")
	ErrPayCodeExpired  = fault.New(fault.Conflict, "payment_code_expired", "this payment code expired")
	ErrPayCodeDisabled = fault.New(fault.Conflict, "payment_code_disabled", "the brand disabled this payment code")
	ErrInvalidPayCode  = fault.New(fault.Invalid, "invalid_payment_code", "the payment code is not valid")
	ErrPayCodeIDReused = fault.New(fault.Conflict, "payment_code_id_reused", "this client id was used for another payment")
)

// Dynamic code lifetimes.
const (
	DefaultPayCodeTTL = 15 * time.Minute
	MaxPayCodeTTL     = 24 * time.Hour
	maxPayCodeNote    = 100
)

// PayCode is a brand's payment code.
type PayCode struct {
	ID             string       `json:"id"`
	BrandID        string       `json:"brandId"`
	Kind           string       `json:"kind"`
	Currency       string       `json:"currency"`
	Amount         money.Amount `json:"amount"` // 0 on static codes
	Note           string       `json:"note,omitempty"`
	InstallationID string       `json:"installationId,omitempty"` // the app installation that made it
	Status         string       `json:"status"`
	ExpiresAt      int64        `json:"expiresAt,omitempty"`
	PaidBy         string       `json:"-"`
	PaymentID      string       `json:"paymentId,omitempty"`
	CreatedAt      int64        `json:"createdAt"`
	PaidAt         int64        `json:"paidAt,omitempty"`
}

// Expired says whether a dynamic code is past its deadline at now (µs).
func (c PayCode) Expired(now int64) bool { return c.ExpiresAt > 0 && now >= c.ExpiresAt }

// PayCodePayment is the receipt of one payment through a code.
type PayCodePayment struct {
	ID        string       `json:"id"`
	CodeID    string       `json:"codeId"`
	BrandID   string       `json:"brandId"`
	ShopperID string       `json:"shopperId"`
	Currency  string       `json:"currency"`
	Amount    money.Amount `json:"amount"`
	Fee       money.Amount `json:"fee"`
	Net       money.Amount `json:"net"`
	CreatedAt int64        `json:"createdAt"`
}

const payCodeCols = `id, brand_id, kind, currency, amount, note, installation_id, status, expires_at, paid_by, payment_id, created_at, paid_at`

func scanPayCode(sc interface{ Scan(...any) error }) (PayCode, error) {
	var c PayCode
	err := sc.Scan(&c.ID, &c.BrandID, &c.Kind, &c.Currency, &c.Amount, &c.Note, &c.InstallationID, &c.Status, &c.ExpiresAt, &c.PaidBy,
		&c.PaymentID, &c.CreatedAt, &c.PaidAt)
	if errors.Is(err, sql.ErrNoRows) {
		return c, fail(ErrPayCodeNotFound, "")
	}
	return c, err
}

const payCodePaymentCols = `id, code_id, brand_id, shopper_id, currency, amount, fee, created_at`

func scanPayCodePayment(sc interface{ Scan(...any) error }) (PayCodePayment, error) {
	var p PayCodePayment
	err := sc.Scan(&p.ID, &p.CodeID, &p.BrandID, &p.ShopperID, &p.Currency, &p.Amount, &p.Fee, &p.CreatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return p, fail(ErrPayCodeNotFound, "no such payment")
	}
	p.Net = p.Amount - p.Fee
	return p, err
}

// StaticPayCode returns the brand's static code for currency, creating it
// the first time (brand staff; the caller checks the role).
func (s *Service) StaticPayCode(ctx context.Context, brandID, currency, by string) (PayCode, error) {
	if brandID == "" {
		return PayCode{}, fail(ErrInvalidPayCode, "a payment code belongs to a brand")
	}
	if err := checkCurrency(currency); err != nil {
		return PayCode{}, err
	}
	c := PayCode{ID: store.NewID("pc"), BrandID: brandID, Kind: PayCodeStatic, Currency: currency, Status: PayCodeActive, CreatedAt: s.now()}
	if _, err := s.db.ExecContext(ctx, `INSERT INTO payment_codes (id, brand_id, kind, currency, status, created_by, created_at)
		VALUES ($1, $2, 'static', $3, 'active', $4, $5) ON CONFLICT DO NOTHING`, c.ID, brandID, currency, by, c.CreatedAt); err != nil {
		return PayCode{}, err
	}
	return scanPayCode(s.db.QueryRowContext(ctx, `SELECT `+payCodeCols+` FROM payment_codes WHERE brand_id = $1 AND currency = $2
		AND kind = 'static'`, brandID, currency))
}

// NewPayCode is a dynamic code to create. BrandID and InstallationID come
// from the host (the console's brand, the installation serving an app).
type NewPayCode struct {
	BrandID        string
	InstallationID string
	CreatedBy      string
	Currency       string
	Amount         money.Amount
	Note           string
	TTL            time.Duration // default DefaultPayCodeTTL, at most MaxPayCodeTTL
}

// CreatePayCode makes a single-use dynamic code for an amount.
func (s *Service) CreatePayCode(ctx context.Context, n NewPayCode) (PayCode, error) {
	if n.BrandID == "" {
		return PayCode{}, fail(ErrInvalidPayCode, "a payment code belongs to a brand")
	}
	if err := checkCurrency(n.Currency); err != nil {
		return PayCode{}, err
	}
	c := money.MustLookup(n.Currency)
	if n.Amount <= 0 || n.Amount > c.Max {
		return PayCode{}, fail(ErrInvalidAmount, "a dynamic payment code needs a positive amount")
	}
	if n.TTL == 0 {
		n.TTL = DefaultPayCodeTTL
	}
	if n.TTL < time.Minute || n.TTL > MaxPayCodeTTL {
		return PayCode{}, fail(ErrInvalidPayCode, "a dynamic payment code lives 1 minute to %s", MaxPayCodeTTL)
	}
	if !utf8.ValidString(n.Note) || utf8.RuneCountInString(n.Note) > maxPayCodeNote {
		return PayCode{}, fail(ErrInvalidPayCode, "the note is at most %d characters", maxPayCodeNote)
	}
	now := s.now()
	pc := PayCode{ID: store.NewID("pc"), BrandID: n.BrandID, Kind: PayCodeDynamic, Currency: n.Currency, Amount: n.Amount, Note: n.Note,
		InstallationID: n.InstallationID, Status: PayCodeActive, ExpiresAt: now + n.TTL.Microseconds(), CreatedAt: now}
	_, err := s.db.ExecContext(ctx, `INSERT INTO payment_codes (id, brand_id, kind, currency, amount, note, installation_id, created_by,
		status, expires_at, created_at) VALUES ($1, $2, 'dynamic', $3, $4, $5, $6, $7, 'active', $8, $9)`,
		pc.ID, pc.BrandID, pc.Currency, int64(pc.Amount), pc.Note, pc.InstallationID, n.CreatedBy, pc.ExpiresAt, pc.CreatedAt)
	return pc, err
}

// PayCode returns a code (anyone holding it may see what it asks for).
func (s *Service) PayCode(ctx context.Context, id string) (PayCode, error) {
	return scanPayCode(s.db.QueryRowContext(ctx, `SELECT `+payCodeCols+` FROM payment_codes WHERE id = $1`, id))
}

// BrandPayCodes lists a brand's codes, newest first.
func (s *Service) BrandPayCodes(ctx context.Context, brandID string, limit int) ([]PayCode, error) {
	if limit <= 0 || limit > 200 {
		limit = 50
	}
	rows, err := s.db.QueryContext(ctx, `SELECT `+payCodeCols+` FROM payment_codes WHERE brand_id = $1 ORDER BY created_at DESC, id DESC
		LIMIT $2`, brandID, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []PayCode{}
	for rows.Next() {
		c, err := scanPayCode(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// SetPayCodeStatus enables or disables one of the brand's codes (a paid
// dynamic code stays paid); another brand's code is not found.
func (s *Service) SetPayCodeStatus(ctx context.Context, brandID, id string, enabled bool) (PayCode, error) {
	from, to := PayCodeDisabled, PayCodeActive
	if !enabled {
		from, to = PayCodeActive, PayCodeDisabled
	}
	if _, err := s.db.ExecContext(ctx, `UPDATE payment_codes SET status = $3 WHERE id = $1 AND brand_id = $2 AND status = $4`,
		id, brandID, to, from); err != nil {
		return PayCode{}, err
	}
	c, err := s.PayCode(ctx, id)
	if err == nil && c.BrandID != brandID {
		return PayCode{}, fail(ErrPayCodeNotFound, "")
	}
	return c, err
}

// PayCodeInput is a shopper paying a code.
type PayCodeInput struct {
	CodeID    string
	ShopperID string
	// ClientID is the shopper's idempotency key: the same id again returns
	// the first payment (a retried submit never pays twice).
	ClientID string
	Amount   money.Amount // static codes: what the shopper entered; dynamic: 0 or the code's amount
	PIN      string
}

// PayPayCode is the shopper paying a code on the host's sheet: it checks
// the PIN (a wrong one counts and moves nothing), then in one transaction
// claims a dynamic code (exactly one concurrent payer wins, the others get
// ErrPayCodeUsed), moves the money into the brand's settlement and records
// the receipt.
func (s *Service) PayPayCode(ctx context.Context, in PayCodeInput) (PayCodePayment, error) {
	if in.ShopperID == "" || in.ClientID == "" || len(in.ClientID) > 100 {
		return PayCodePayment{}, fail(ErrInvalidPayCode, "a shopper and a client id of 1..100 bytes are required")
	}
	c, err := s.PayCode(ctx, in.CodeID)
	if err != nil {
		return PayCodePayment{}, err
	}
	amount := in.Amount
	if c.Kind == PayCodeDynamic {
		if amount != 0 && amount != c.Amount {
			return PayCodePayment{}, fail(ErrInvalidAmount, "this code is for a fixed amount")
		}
		amount = c.Amount
	}
	cur := money.MustLookup(c.Currency)
	if amount <= 0 || amount > cur.Max {
		return PayCodePayment{}, fail(ErrInvalidAmount, "enter a positive amount")
	}
	if err := s.VerifyPIN(ctx, in.ShopperID, in.PIN); err != nil {
		return PayCodePayment{}, err
	}
	var p PayCodePayment
	err = s.db.InTx(ctx, func(tx *store.Tx) error {
		old, err := scanPayCodePayment(tx.QueryRowContext(ctx, `SELECT `+payCodePaymentCols+` FROM payment_code_payments
			WHERE shopper_id = $1 AND client_id = $2`, in.ShopperID, in.ClientID))
		if err == nil {
			if old.CodeID != c.ID || old.Amount != amount {
				return fail(ErrPayCodeIDReused, "client id %s paid another code or amount", in.ClientID)
			}
			p = old
			return nil
		}
		if !errors.Is(err, ErrPayCodeNotFound) {
			return err
		}
		c, err = scanPayCode(tx.QueryRowContext(ctx, `SELECT `+payCodeCols+` FROM payment_codes WHERE id = $1`+forUpdate(tx), c.ID))
		if err != nil {
			return err
		}
		now := s.now()
		switch {
		case c.Status == PayCodeDisabled:
			return fail(ErrPayCodeDisabled, "")
		case c.Status == PayCodePaid:
			return fail(ErrPayCodeUsed, "")
		case c.Expired(now):
			return fail(ErrPayCodeExpired, "")
		}
		p = PayCodePayment{ID: store.NewID("pcp"), CodeID: c.ID, BrandID: c.BrandID, ShopperID: in.ShopperID, Currency: c.Currency,
			Amount: amount, CreatedAt: now}
		if c.Kind == PayCodeDynamic {
			// The guarded UPDATE is what makes a dynamic code single-use on
			// both engines, whatever the isolation.
			res, err := tx.ExecContext(ctx, `UPDATE payment_codes SET status = 'paid', paid_by = $2, payment_id = $3, paid_at = $4
				WHERE id = $1 AND status = 'active'`, c.ID, in.ShopperID, p.ID, now)
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n != 1 {
				return fail(ErrPayCodeUsed, "")
			}
		}
		feeBps, err := s.brandFee(ctx, tx, c.BrandID)
		if err != nil {
			return err
		}
		parts, err := money.Split(amount, []money.Share{{Name: "fee", Bps: feeBps}}, "brand")
		if err != nil {
			return err
		}
		p.Fee, p.Net = parts[0].Amount, parts[1].Amount
		wallet, brand, fees := WalletAccount(in.ShopperID, c.Currency), BrandAccount(c.BrandID, c.Currency), FeesAccount(c.Currency)
		if err := s.ensure(ctx, tx, wallet, brand, fees); err != nil {
			return err
		}
		ts := []ledger.Transfer{{ID: "paycode:" + p.ID, DebitAccountID: wallet, CreditAccountID: brand, Amount: int64(p.Net),
			Currency: c.Currency, Code: "paycode", Reference: p.ID}}
		if p.Fee > 0 {
			ts = append(ts, ledger.Transfer{ID: "paycode:" + p.ID + ":fee", DebitAccountID: wallet, CreditAccountID: fees,
				Amount: int64(p.Fee), Currency: c.Currency, Code: "paycode_fee", Reference: p.ID})
		}
		if p.Net == 0 {
			ts = ts[1:]
		}
		if _, err := s.l.TransferTx(ctx, tx, ts...); err != nil {
			return err
		}
		if _, err = tx.ExecContext(ctx, `INSERT INTO payment_code_payments (id, code_id, brand_id, shopper_id, client_id, currency, amount, fee,
			created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`, p.ID, p.CodeID, p.BrandID, p.ShopperID, in.ClientID, p.Currency,
			int64(p.Amount), int64(p.Fee), p.CreatedAt); err != nil {
			return err
		}
		// Merchant incentive campaigns award the brand in this same
		// transaction (payments_incentive.go).
		return s.awardCampaignsTx(ctx, tx, p)
	})
	if err != nil {
		return PayCodePayment{}, err
	}
	s.opts.Log.InfoContext(ctx, "payment code paid", "payment", p.ID, "code", p.CodeID, "brand", p.BrandID, "shopper", p.ShopperID,
		"amount_minor", int64(p.Amount), "currency", p.Currency)
	return p, nil
}

// PayCodePayments lists receipts newest first: a brand's (brandID set) or
// a shopper's (shopperID set).
func (s *Service) PayCodePayments(ctx context.Context, brandID, shopperID string, limit int) ([]PayCodePayment, error) {
	if limit <= 0 || limit > 200 {
		limit = 50
	}
	col, who := "brand_id", brandID
	if brandID == "" {
		col, who = "shopper_id", shopperID
	}
	if who == "" {
		return nil, fail(ErrInvalidPayCode, "a listing is for a brand or a shopper")
	}
	rows, err := s.db.QueryContext(ctx, `SELECT `+payCodePaymentCols+` FROM payment_code_payments WHERE `+col+` = $1
		ORDER BY created_at DESC, id DESC LIMIT $2`, who, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []PayCodePayment{}
	for rows.Next() {
		p, err := scanPayCodePayment(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// PayCodePayment returns one receipt to its shopper or its brand.
func (s *Service) PayCodePayment(ctx context.Context, id string) (PayCodePayment, error) {
	return scanPayCodePayment(s.db.QueryRowContext(ctx, `SELECT `+payCodePaymentCols+` FROM payment_code_payments WHERE id = $1`, id))
}
