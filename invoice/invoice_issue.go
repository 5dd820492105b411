package invoice

import (
	"context"
	"crypto/ed25519"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/soukhq/souk/commerce"
	"github.com/soukhq/souk/payments/money"
	"github.com/soukhq/souk/store"
)

// SignedStatement is what the signature covers: the document's hash and the hash
// of each of its fields (by JSON pointer), so a verifier can say which
// fields of a changed document changed. Signed as canonical JSON.
type SignedStatement struct {
	DocHash string            `json:"doc_hash"`
	Digests map[string]string `json:"digests"`
	KeyID   string            `json:"key_id"`
}

func (st SignedStatement) signedBytes() []byte {
	b, _ := json.Marshal(st)
	out, _ := Canonical(b)
	return out
}

// Buyer is who the shopper asks the invoice to be made out to.
type Buyer struct {
	Name  string `json:"name"`
	TaxID string `json:"tax_id"`
}

// splitTax takes the tax out of a tax-inclusive gross at rate bps, rounded
// half up to the minor unit: tax = gross × rate / (10000 + rate).
func splitTax(gross, rateBps int64) (net, tax int64) {
	den := 10000 + rateBps
	tax = (2*gross*rateBps + den) / (2 * den)
	return gross - tax, tax
}

// Issue issues the invoice of a shopper's completed order, made out to
// buyer. Asking again returns the same invoice (one per order, unless the
// brand voided it). A refund already made is credited at once.
func (s *Service) Issue(ctx context.Context, shopperID, orderID string, buyer Buyer) (Invoice, error) {
	buyer.Name, buyer.TaxID = strings.TrimSpace(buyer.Name), strings.TrimSpace(buyer.TaxID)
	if buyer.Name == "" || len(buyer.Name) > 200 || len(buyer.TaxID) > 64 {
		return Invoice{}, fail(ErrInvalid, "the buyer's name must have 1 to 200 characters and the tax id at most 64")
	}
	o, err := s.com.ShopperOrder(ctx, shopperID, orderID)
	if err != nil {
		return Invoice{}, err
	}
	if o.CompletedAt == 0 || o.Refunded >= o.Total || o.State == commerce.StateRefundRequested || o.State == commerce.StateDisputed {
		return Invoice{}, fail(ErrNotInvoiced, "order %s is %s: only a completed order that is not fully refunded (and has no refund or dispute open) can be invoiced", o.ID, o.State)
	}
	in, err := store.InTxValue(ctx, s.db, func(tx *store.Tx) (Invoice, error) {
		if in, err := scanInvoice(tx.QueryRowContext(ctx, `SELECT `+invoiceCols+` FROM invoices WHERE dedupe_key = $1`, "invoice:"+o.ID)); err == nil {
			return in, nil
		} else if !errors.Is(err, ErrNotFound) {
			return in, err
		}
		st, err := s.settings(ctx, tx, o.BrandID)
		if err != nil {
			return Invoice{}, err
		}
		cur, err := money.Lookup(o.Currency)
		if err != nil {
			return Invoice{}, err
		}
		doc := Document{Kind: KindInvoice, Seller: Party{Name: st.SellerName, TaxID: st.TaxID}, Buyer: Party{Name: buyer.Name, TaxID: buyer.TaxID},
			OrderID: o.ID, Currency: o.Currency, Exponent: cur.Exponent, TaxLabel: st.TaxLabel}
		for _, l := range o.Lines {
			rate := st.rate(l.ProductID)
			paid := int64(l.LineTotal - l.Discount) // a coupon's share of the line is not invoiced
			net, tax := splitTax(paid, rate)
			doc.Lines = append(doc.Lines, DocLine{No: l.No, Title: lineTitle(l), Qty: l.Qty, UnitPrice: int64(l.UnitPrice), Discount: int64(l.Discount),
				RateBps: rate, Net: net, Tax: tax, Gross: paid})
		}
		return s.issueTx(ctx, tx, o, doc, "invoice:"+o.ID, "")
	})
	if err != nil {
		return in, err
	}
	// A refund made before the invoice was asked for is credited now.
	if err := s.syncCredits(ctx, o.ID, "issue:"+in.ID); err != nil {
		return in, err
	}
	return s.Get(ctx, in.ID)
}

func lineTitle(l commerce.Line) string {
	if len(l.Options) == 0 {
		return l.Title
	}
	var parts []string
	for k, v := range l.Options {
		parts = append(parts, k+": "+v)
	}
	sort.Strings(parts)
	return l.Title + " (" + strings.Join(parts, ", ") + ")"
}

// issueTx numbers, signs and chains doc in tx. The brand's counter row is
// locked by the update, so numbers are gap-free: a transaction that fails
// after taking a number rolls the counter back with it.
func (s *Service) issueTx(ctx context.Context, tx *store.Tx, o commerce.Order, doc Document, dedupeKey, relatedID string) (Invoice, error) {
	for _, l := range doc.Lines {
		doc.Net, doc.Tax, doc.Gross = doc.Net+l.Net, doc.Tax+l.Tax, doc.Gross+l.Gross
	}
	no, err := nextNumber(ctx, tx, o.BrandID, doc.Kind)
	if err != nil {
		return Invoice{}, err
	}
	prefix := "INV"
	if doc.Kind == KindCreditNote {
		prefix = "CN"
	}
	id := store.NewID("inv")
	now := time.Now().UTC().Truncate(time.Second)
	doc.Format, doc.Number, doc.IssuedAt = "souk-invoice/1", fmt.Sprintf("%s-%s-%06d", prefix, brandTag(o.BrandID), no), now.Format(time.RFC3339)
	doc.VerifyURL = s.opts.BaseURL + "/invoices/" + id + "/verify"
	raw, err := json.Marshal(doc)
	if err != nil {
		return Invoice{}, err
	}
	if raw, err = Canonical(raw); err != nil {
		return Invoice{}, err
	}
	key, keyID, err := s.signer(ctx, tx)
	if err != nil {
		return Invoice{}, err
	}
	digests, err := Digests(raw)
	if err != nil {
		return Invoice{}, err
	}
	stmt := SignedStatement{DocHash: sha256Hex(raw), Digests: digests, KeyID: keyID}
	sig := base64.StdEncoding.EncodeToString(ed25519.Sign(key, stmt.signedBytes()))
	e, _, err := s.append(ctx, tx, key, keyID, stmt.DocHash)
	if err != nil {
		return Invoice{}, err
	}
	gross := doc.Gross
	if doc.Kind == KindCreditNote {
		gross = -gross
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO invoices (id, kind, brand_id, shopper_id, order_id, related_id, dedupe_key, no, number, currency, gross,
		document, signature, key_id, chain_seq, prev_hash, entry_hash, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)`,
		id, doc.Kind, o.BrandID, o.ShopperID, o.ID, relatedID, dedupeKey, no, doc.Number, doc.Currency, gross,
		string(raw), sig, keyID, e.Seq, e.PrevHash, e.EntryHash, now.UnixMicro())
	if err != nil {
		return Invoice{}, err
	}
	return scanInvoice(tx.QueryRowContext(ctx, `SELECT `+invoiceCols+` FROM invoices WHERE id = $1`, id))
}

func nextNumber(ctx context.Context, tx *store.Tx, brandID, kind string) (int64, error) {
	var no int64
	err := tx.QueryRowContext(ctx, `INSERT INTO invoice_counters (brand_id, kind, last_no) VALUES ($1, $2, 1)
		ON CONFLICT (brand_id, kind) DO UPDATE SET last_no = invoice_counters.last_no + 1 RETURNING last_no`, brandID, kind).Scan(&no)
	return no, err
}

// brandTag is a short, stable part of the brand's id for invoice numbers.
func brandTag(brandID string) string {
	t := strings.ToUpper(brandID[strings.LastIndexByte(brandID, '_')+1:])
	if len(t) > 8 {
		t = t[len(t)-8:]
	}
	return t
}

// handleOrderEvent issues a credit note when an invoiced order is refunded.
// It runs at least once per event; syncCredits keys on the event id.
func (s *Service) handleOrderEvent(ctx context.Context, ev commerce.OrderEvent) error {
	if ev.Event != commerce.EventRefunded {
		return nil
	}
	return s.syncCredits(ctx, ev.OrderID, "refund:"+ev.ID)
}

// syncCredits brings an order's credit notes up to what was refunded: a
// credit note for the difference between the order's refunded amount and
// what is already credited, spread over the lines in proportion to their
// gross (largest remainder, ties to the earlier line), tax taken out of
// each part at the line's rate. Nothing when the order has no live invoice.
func (s *Service) syncCredits(ctx context.Context, orderID, dedupeKey string) error {
	return s.db.InTx(ctx, func(tx *store.Tx) error {
		lock := ""
		if tx.Dialect == store.Postgres {
			lock = " FOR UPDATE"
		}
		inv, err := scanInvoice(tx.QueryRowContext(ctx, `SELECT `+invoiceCols+` FROM invoices WHERE order_id = $1 AND kind = $2 AND voided_at IS NULL`+lock,
			orderID, KindInvoice))
		if errors.Is(err, ErrNotFound) {
			return nil
		}
		if err != nil {
			return err
		}
		var done int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM invoices WHERE dedupe_key = $1`, dedupeKey).Scan(&done); err != nil || done > 0 {
			return err
		}
		var credited int64
		if err := tx.QueryRowContext(ctx, `SELECT COALESCE(SUM(-gross), 0) FROM invoices WHERE related_id = $1 AND kind = $2`, inv.ID, KindCreditNote).Scan(&credited); err != nil {
			return err
		}
		var refunded int64
		if err := tx.QueryRowContext(ctx, `SELECT refunded FROM commerce_orders WHERE id = $1`, orderID).Scan(&refunded); err != nil {
			return err
		}
		amount := min(refunded, inv.Gross) - credited
		if amount <= 0 {
			return nil
		}
		doc := Document{Kind: KindCreditNote, Seller: inv.Document.Seller, Buyer: inv.Document.Buyer, OrderID: orderID, Currency: inv.Currency,
			Exponent: inv.Document.Exponent, TaxLabel: inv.Document.TaxLabel, Credits: inv.Number, Lines: creditLines(inv.Document.Lines, inv.Gross, amount)}
		o := commerce.Order{ID: orderID, BrandID: inv.BrandID, ShopperID: inv.ShopperID}
		_, err = s.issueTx(ctx, tx, o, doc, dedupeKey, inv.ID)
		return err
	})
}

// creditLines spreads amount over lines in proportion to their gross.
func creditLines(lines []DocLine, total, amount int64) []DocLine {
	out := make([]DocLine, 0, len(lines))
	parts := make([]int64, len(lines))
	rems := make([]int64, len(lines))
	var given int64
	for i, l := range lines {
		parts[i] = amount * l.Gross / total
		rems[i] = amount * l.Gross % total
		given += parts[i]
	}
	for left := amount - given; left > 0; left-- {
		best := 0
		for i := range rems {
			if rems[i] > rems[best] {
				best = i
			}
		}
		parts[best]++
		rems[best] = -1
	}
	for i, l := range lines {
		if parts[i] == 0 {
			continue
		}
		net, tax := splitTax(parts[i], l.RateBps)
		out = append(out, DocLine{No: l.No, Title: l.Title, Qty: 0, UnitPrice: 0, RateBps: l.RateBps, Net: net, Tax: tax, Gross: parts[i]})
	}
	return out
}

// Void voids a document the brand issued (wrong buyer details, say); the
// shopper may then ask for a new invoice for the order.
func (s *Service) Void(ctx context.Context, brandID, id, reason string) (Invoice, error) {
	reason = strings.TrimSpace(reason)
	if reason == "" || len(reason) > 500 {
		return Invoice{}, fail(ErrInvalid, "a reason of 1 to 500 characters is required")
	}
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE invoices SET voided_at = $1, void_reason = $2, dedupe_key = 'void:' || id
			WHERE id = $3 AND brand_id = $4 AND kind = $5 AND voided_at IS NULL`, store.Now(), reason, id, brandID, KindInvoice)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			if _, err := s.BrandInvoice(ctx, brandID, id); err != nil {
				return err
			}
			return fail(ErrVoided, "invoice %s is already voided (or is a credit note)", id)
		}
		return nil
	})
	if err != nil {
		return Invoice{}, err
	}
	return s.Get(ctx, id)
}
