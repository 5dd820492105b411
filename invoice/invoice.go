// Package invoice issues tamper-evident e-invoices (the e-fapiao seed): a
// shopper asks for an invoice for a completed order, the brand's invoice is
// issued at once with per-line tax from the brand's settings and a gap-free
// number per brand; a refund issues a linked credit note. Each document is
// canonical JSON signed with Ed25519 and appended to one hash chain whose
// signed checkpoints are public, so anyone holding an invoice file can check
// the signature, that the chain includes it, and that it was not voided
// (Verify; `souk invoice verify`; the public verify page).
package invoice

import (
	"context"
	"crypto/ed25519"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/soukhq/souk/commerce"
	"github.com/soukhq/souk/identity"
	"github.com/soukhq/souk/internal/fault"
	"github.com/soukhq/souk/payments/money"
	"github.com/soukhq/souk/store"
)

// Rejections; the codes are part of the API.
var (
	ErrNotFound    = fault.New(fault.NotFound, "not_found", "no such invoice")
	ErrInvalid     = fault.New(fault.Invalid, "invalid_input", "the request is not valid")
	ErrNotInvoiced = fault.New(fault.Conflict, "order_not_invoiceable", "only a completed order that is not fully refunded can be invoiced")
	ErrClaimed     = fault.New(fault.Conflict, "already_claimed", "this invoice was already claimed for reimbursement")
	ErrVoided      = fault.New(fault.Conflict, "voided", "this invoice is voided")
)

func fail(base *fault.Error, format string, args ...any) *fault.Error {
	return base.Withf(format, args...)
}

// Kinds of document.
const (
	KindInvoice    = "invoice"
	KindCreditNote = "credit_note"
)

// Statuses a verifier reports.
const (
	StatusValid    = "valid"
	StatusCredited = "credited" // partly refunded: credit notes reduce it
	StatusVoided   = "voided"   // voided by the brand, or fully credited
)

// Options configure the service.
type Options struct {
	// BaseURL is the public origin the verify links point at
	// (SOUK_PUBLIC_URL), e.g. https://souk.example.
	BaseURL string
	// SigningKey, when set, signs every document (SOUK_INVOICE_SIGNING_KEY);
	// otherwise a key is made once and kept in the database for every node.
	SigningKey ed25519.PrivateKey
}

// Service issues, lists and verifies invoices.
type Service struct {
	db   *store.DB
	com  *commerce.Service
	ids  *identity.Service
	opts Options
}

// New returns the service. It listens to com's order events to issue
// credit notes when an invoiced order is refunded.
func New(db *store.DB, com *commerce.Service, ids *identity.Service, opts Options) *Service {
	opts.BaseURL = strings.TrimRight(opts.BaseURL, "/")
	s := &Service{db: db, com: com, ids: ids, opts: opts}
	if com != nil {
		com.AddSink(commerce.SinkFunc(s.handleOrderEvent))
	}
	return s
}

// Party is the seller or the buyer on a document.
type Party struct {
	Name  string `json:"name"`
	TaxID string `json:"tax_id"`
}

// DocLine is one line of a document, in minor units. Prices are tax-inclusive
// (what the shopper paid); tax is taken out of the gross.
type DocLine struct {
	No        int    `json:"no"`
	Title     string `json:"title"`
	Qty       int64  `json:"qty"`
	UnitPrice int64  `json:"unit_price"`
	// Discount is the line's share of a coupon discount: gross is what
	// was paid, qty × unit price − discount.
	Discount int64 `json:"discount,omitempty"`
	RateBps  int64 `json:"rate_bps"`
	Net      int64 `json:"net"`
	Tax      int64 `json:"tax"`
	Gross    int64 `json:"gross"`
}

// Document is what is signed, in canonical JSON. Amounts are positive on
// credit notes too; the kind says which way they go.
type Document struct {
	Format   string    `json:"format"` // souk-invoice/1
	Kind     string    `json:"kind"`
	Number   string    `json:"number"`
	IssuedAt string    `json:"issued_at" format:"date-time"` // RFC 3339, UTC
	Seller   Party     `json:"seller"`
	Buyer    Party     `json:"buyer"`
	OrderID  string    `json:"order_id"`
	Currency string    `json:"currency"`
	Exponent int       `json:"exponent"` // digits of the minor unit
	TaxLabel string    `json:"tax_label"`
	Lines    []DocLine `json:"lines"`
	Net      int64     `json:"net"`
	Tax      int64     `json:"tax"`
	Gross    int64     `json:"gross"`
	// Credits is the number of the invoice a credit note credits.
	Credits   string `json:"credits,omitempty"`
	VerifyURL string `json:"verify_url"`
}

// Invoice is an issued document as souk keeps it.
type Invoice struct {
	ID        string    `json:"id"`
	Kind      string    `json:"kind"`
	BrandID   string    `json:"brand_id"`
	ShopperID string    `json:"shopper_id"`
	OrderID   string    `json:"order_id"`
	RelatedID string    `json:"related_id,omitempty"`
	Number    string    `json:"number"`
	Currency  string    `json:"currency"`
	Gross     int64     `json:"gross"`
	ChainSeq  int64     `json:"chain_seq"`
	Status    string    `json:"status"`
	VoidedAt  time.Time `json:"voided_at,omitzero"`
	CreatedAt time.Time `json:"created_at"`
	Document  Document  `json:"document"`

	raw       string
	signature string
	keyID     string
	prevHash  string
	entryHash string
}

const invoiceCols = `id, kind, brand_id, shopper_id, order_id, related_id, number, currency, gross, chain_seq,
	voided_at, created_at, document, signature, key_id, prev_hash, entry_hash`

func scanInvoice(sc interface{ Scan(...any) error }) (Invoice, error) {
	var in Invoice
	var voided sql.NullInt64
	var created int64
	err := sc.Scan(&in.ID, &in.Kind, &in.BrandID, &in.ShopperID, &in.OrderID, &in.RelatedID, &in.Number, &in.Currency, &in.Gross,
		&in.ChainSeq, &voided, &created, &in.raw, &in.signature, &in.keyID, &in.prevHash, &in.entryHash)
	if errors.Is(err, sql.ErrNoRows) {
		return in, fail(ErrNotFound, "no such invoice")
	}
	if err != nil {
		return in, err
	}
	in.CreatedAt = time.UnixMicro(created).UTC()
	in.Status = StatusValid
	if voided.Valid {
		in.VoidedAt, in.Status = time.UnixMicro(voided.Int64).UTC(), StatusVoided
	}
	return in, json.Unmarshal([]byte(in.raw), &in.Document)
}

// withStatus fills an invoice's status from its credit notes.
func (s *Service) withStatus(ctx context.Context, q store.Querier, in Invoice) (Invoice, error) {
	if in.Kind != KindInvoice || in.Status == StatusVoided {
		return in, nil
	}
	var credited int64
	if err := q.QueryRowContext(ctx, `SELECT COALESCE(SUM(-gross), 0) FROM invoices WHERE related_id = $1 AND kind = $2 AND voided_at IS NULL`,
		in.ID, KindCreditNote).Scan(&credited); err != nil {
		return in, err
	}
	return credit(in, credited), nil
}

// credit sets an invoice's status from what its credit notes credited.
func credit(in Invoice, credited int64) Invoice {
	if in.Kind != KindInvoice || in.Status == StatusVoided {
		return in
	}
	switch {
	case credited >= in.Gross:
		in.Status = StatusVoided
	case credited > 0:
		in.Status = StatusCredited
	}
	return in
}

// Get returns any document by id (no access check: callers scope it).
func (s *Service) Get(ctx context.Context, id string) (Invoice, error) {
	in, err := scanInvoice(s.db.QueryRowContext(ctx, `SELECT `+invoiceCols+` FROM invoices WHERE id = $1`, id))
	if err != nil {
		return in, err
	}
	return s.withStatus(ctx, s.db, in)
}

// ShopperInvoice returns the shopper's own document; anyone else's is not
// found.
func (s *Service) ShopperInvoice(ctx context.Context, shopperID, id string) (Invoice, error) {
	in, err := s.Get(ctx, id)
	if err == nil && in.ShopperID != shopperID {
		return Invoice{}, fail(ErrNotFound, "no such invoice")
	}
	return in, err
}

// BrandInvoice returns a document the brand issued; any other is not found.
func (s *Service) BrandInvoice(ctx context.Context, brandID, id string) (Invoice, error) {
	in, err := s.Get(ctx, id)
	if err == nil && in.BrandID != brandID {
		return Invoice{}, fail(ErrNotFound, "no such invoice")
	}
	return in, err
}

func (s *Service) list(ctx context.Context, where string, arg string) ([]Invoice, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+invoiceCols+` FROM invoices WHERE `+where+` ORDER BY created_at DESC, chain_seq DESC LIMIT 500`, arg)
	if err != nil {
		return nil, err
	}
	var out []Invoice
	for rows.Next() {
		in, err := scanInvoice(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, in)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	// Every listed invoice's credit in one query, not one per invoice.
	credited := map[string]int64{}
	crows, err := s.db.QueryContext(ctx, `SELECT related_id, SUM(-gross) FROM invoices WHERE kind = $2 AND voided_at IS NULL
		AND related_id IN (SELECT id FROM invoices WHERE `+where+`) GROUP BY related_id`, arg, KindCreditNote)
	if err != nil {
		return nil, err
	}
	defer crows.Close()
	for crows.Next() {
		var id string
		var c int64
		if err := crows.Scan(&id, &c); err != nil {
			return nil, err
		}
		credited[id] = c
	}
	if err := crows.Err(); err != nil {
		return nil, err
	}
	for i := range out {
		out[i] = credit(out[i], credited[out[i].ID])
	}
	return out, nil
}

// ShopperInvoices is the shopper's card bag of invoices and credit notes,
// newest first.
func (s *Service) ShopperInvoices(ctx context.Context, shopperID string) ([]Invoice, error) {
	return s.list(ctx, `shopper_id = $1`, shopperID)
}

// BrandInvoices is what the brand issued, newest first.
func (s *Service) BrandInvoices(ctx context.Context, brandID string) ([]Invoice, error) {
	return s.list(ctx, `brand_id = $1`, brandID)
}

// OrderInvoices are an order's invoice and credit notes, newest first.
func (s *Service) OrderInvoices(ctx context.Context, orderID string) ([]Invoice, error) {
	return s.list(ctx, `order_id = $1`, orderID)
}

// FormatAmount writes minor units in the document's currency.
func FormatAmount(currency string, minor int64) string {
	c, err := money.Lookup(currency)
	if err != nil {
		return fmt.Sprint(minor)
	}
	return money.Format(c, money.Amount(minor))
}
