package payments

import (
	"context"
	"database/sql"
	"errors"
	"sort"

	"github.com/soukhq/souk/payments/ledger"
	"github.com/soukhq/souk/payments/money"
	"github.com/soukhq/souk/store"
)

// Conversion is an executed quote, with what refunds of its order have sent
// back at the original rate.
type Conversion struct {
	ID              string       `json:"id"`
	QuoteID         string       `json:"quote_id"`
	UserID          string       `json:"user_id"`
	OrderID         string       `json:"order_id,omitempty"`
	SourceCurrency  string       `json:"source_currency"`
	TargetCurrency  string       `json:"target_currency"`
	SourceAmount    money.Amount `json:"source_amount"`
	TargetAmount    money.Amount `json:"target_amount"`
	Residue         money.Amount `json:"residue"`
	RefundedTarget  money.Amount `json:"refunded_target"`
	RefundedSource  money.Amount `json:"refunded_source"` // returned from fx:<source>
	RefundedResidue money.Amount `json:"refunded_residue"`
	CreatedAt       int64        `json:"created_at"`
}

const conversionCols = `id, quote_id, user_id, order_id, source_currency, target_currency, source_amount, target_amount, residue,
	refunded_target, refunded_source, refunded_residue, created_at`

func scanConversion(sc interface{ Scan(...any) error }) (Conversion, error) {
	var c Conversion
	err := sc.Scan(&c.ID, &c.QuoteID, &c.UserID, &c.OrderID, &c.SourceCurrency, &c.TargetCurrency, &c.SourceAmount, &c.TargetAmount,
		&c.Residue, &c.RefundedTarget, &c.RefundedSource, &c.RefundedResidue, &c.CreatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return c, fail(ErrConversionNotFound, "")
	}
	return c, err
}

// Convert executes a shopper's wallet quote (one not bound to an order):
// one linked ledger batch moves the source amount out of their source
// wallet and the target amount into their target wallet. Executing the
// same quote again returns the same conversion.
func (s *Service) Convert(ctx context.Context, userID, quoteID string) (Conversion, error) {
	return store.InTxValue(ctx, s.db, func(tx *store.Tx) (Conversion, error) {
		return s.convertTx(ctx, tx, userID, quoteID, "", 0, "")
	})
}

// GetConversion returns a shopper's conversion.
func (s *Service) GetConversion(ctx context.Context, userID, id string) (Conversion, error) {
	c, err := scanConversion(s.db.QueryRowContext(ctx, `SELECT `+conversionCols+` FROM fx_conversions WHERE id = $1`, id))
	if err == nil && c.UserID != userID {
		return Conversion{}, fail(ErrConversionNotFound, "")
	}
	return c, err
}

// Conversions lists a shopper's conversions, newest first (at most 100).
func (s *Service) Conversions(ctx context.Context, userID string) ([]Conversion, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+conversionCols+` FROM fx_conversions WHERE user_id = $1
		ORDER BY created_at DESC, id DESC LIMIT 100`, userID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Conversion{}
	for rows.Next() {
		c, err := scanConversion(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// convertTx executes quoteID for userID in tx. orderID must be the quote's
// order ("" for a wallet quote); for an order, wantCur and wantAmount are
// what the payment needs and the quote must buy exactly that.
func (s *Service) convertTx(ctx context.Context, tx *store.Tx, userID, quoteID, orderID string, wantAmount money.Amount, wantCur string) (Conversion, error) {
	q, err := scanQuote(tx.QueryRowContext(ctx, `SELECT `+quoteCols+` FROM fx_quotes q JOIN fx_rates r ON r.id = q.rate_id WHERE q.id = $1`, quoteID))
	if err != nil {
		return Conversion{}, err
	}
	if q.UserID != userID {
		return Conversion{}, fail(ErrQuoteNotFound, "")
	}
	if q.OrderID != orderID {
		return Conversion{}, fail(ErrQuoteMismatch, "quote %s is for order %q", q.ID, q.OrderID)
	}
	if orderID != "" && (q.TargetCurrency != wantCur || q.TargetAmount != wantAmount) {
		return Conversion{}, fail(ErrQuoteMismatch, "quote %s buys %d %s, the payment is %d %s", q.ID, q.TargetAmount, q.TargetCurrency, wantAmount, wantCur)
	}
	c, err := scanConversion(tx.QueryRowContext(ctx, `SELECT `+conversionCols+` FROM fx_conversions WHERE quote_id = $1`, q.ID))
	if err == nil {
		return c, nil
	}
	if !errors.Is(err, ErrConversionNotFound) {
		return Conversion{}, err
	}
	now := s.now()
	if now >= q.ExpiresAt {
		return Conversion{}, fail(ErrQuoteExpired, "quote %s expired", q.ID)
	}
	c = Conversion{ID: store.NewID("fxc"), QuoteID: q.ID, UserID: userID, OrderID: orderID, SourceCurrency: q.SourceCurrency,
		TargetCurrency: q.TargetCurrency, SourceAmount: q.SourceAmount, TargetAmount: q.TargetAmount, Residue: q.Residue, CreatedAt: now}
	srcWallet, dstWallet := WalletAccount(userID, q.SourceCurrency), WalletAccount(userID, q.TargetCurrency)
	fxSrc, fxDst, residue := FXAccount(q.SourceCurrency), FXAccount(q.TargetCurrency), FXResidueAccount(q.SourceCurrency)
	if err := s.ensure(ctx, tx, srcWallet, dstWallet, fxSrc, fxDst, residue); err != nil {
		return Conversion{}, err
	}
	ts := []ledger.Transfer{}
	if in := q.SourceAmount - q.Residue; in > 0 {
		ts = append(ts, ledger.Transfer{ID: "fx:" + c.ID + ":in", DebitAccountID: srcWallet, CreditAccountID: fxSrc, Amount: int64(in),
			Currency: q.SourceCurrency, Code: "fx_conversion", Reference: c.ID})
	}
	if q.Residue > 0 {
		ts = append(ts, ledger.Transfer{ID: "fx:" + c.ID + ":residue", DebitAccountID: srcWallet, CreditAccountID: residue,
			Amount: int64(q.Residue), Currency: q.SourceCurrency, Code: "fx_residue", Reference: c.ID})
	}
	ts = append(ts, ledger.Transfer{ID: "fx:" + c.ID + ":out", DebitAccountID: fxDst, CreditAccountID: dstWallet,
		Amount: int64(q.TargetAmount), Currency: q.TargetCurrency, Code: "fx_conversion", Reference: c.ID})
	if _, err := s.l.TransferTx(ctx, tx, ts...); err != nil {
		return Conversion{}, err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO fx_conversions (id, quote_id, user_id, order_id, source_currency, target_currency,
		source_amount, target_amount, residue, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`, c.ID, c.QuoteID, c.UserID,
		c.OrderID, c.SourceCurrency, c.TargetCurrency, int64(c.SourceAmount), int64(c.TargetAmount), int64(c.Residue), c.CreatedAt)
	return c, err
}

// ConfirmWithQuote is Confirm for a shopper paying from a wallet in another
// currency: in the same transaction as the payment, it first executes
// quoteID (a quote bound to the request's order that buys exactly its
// amount), so the order's currency arrives in the shopper's wallet and
// leaves it for escrow in one commit. An empty quoteID is plain Confirm.
func (s *Service) ConfirmWithQuote(ctx context.Context, requestID, shopperID, pin, quoteID string, onPaid func(tx *store.Tx, r Request) error) (Request, error) {
	if quoteID == "" {
		return s.confirm(ctx, requestID, shopperID, pin, nil, onPaid)
	}
	return s.confirm(ctx, requestID, shopperID, pin, func(tx *store.Tx, r Request) error {
		_, err := s.convertTx(ctx, tx, r.ShopperID, quoteID, r.OrderID, r.Amount, r.Currency)
		return err
	}, onPaid)
}

// refundFXTx sends a refund of a converted order back to the currency the
// shopper paid in, at the conversion's original rate, in the refund's
// transaction (the refund rule in docs/FX.md): after the refunds so far
// total R of the T the conversion bought, the shopper has back
// floor((S − residue) × R / T) from fx:<source> and floor(residue × R / T)
// from fxresidue:<source>; each refund moves the increase. When R reaches T
// both are whole: the shopper has every source minor unit back. The
// refunded target amount goes from their target wallet (where the refund
// just arrived) to fx:<target>. Orders paid without a conversion: nothing.
func (s *Service) refundFXTx(ctx context.Context, tx *store.Tx, r Request, refundID string, amount money.Amount) error {
	c, err := scanConversion(tx.QueryRowContext(ctx, `SELECT `+conversionCols+` FROM fx_conversions
		WHERE order_id = $1 AND user_id = $2 AND target_currency = $3`+forUpdate(tx), r.OrderID, r.ShopperID, r.Currency))
	if errors.Is(err, ErrConversionNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	back := min(amount, c.TargetAmount-c.RefundedTarget)
	if back <= 0 {
		return nil
	}
	total := c.RefundedTarget + back
	fxBack := money.Proportion(c.SourceAmount-c.Residue, int64(total), int64(c.TargetAmount))
	resBack := money.Proportion(c.Residue, int64(total), int64(c.TargetAmount))
	dFX, dRes := fxBack-c.RefundedSource, resBack-c.RefundedResidue
	srcWallet, dstWallet := WalletAccount(r.ShopperID, c.SourceCurrency), WalletAccount(r.ShopperID, c.TargetCurrency)
	fxSrc, fxDst, residue := FXAccount(c.SourceCurrency), FXAccount(c.TargetCurrency), FXResidueAccount(c.SourceCurrency)
	if err := s.ensure(ctx, tx, srcWallet, dstWallet, fxSrc, fxDst, residue); err != nil {
		return err
	}
	ts := []ledger.Transfer{{ID: "fxrefund:" + refundID + ":in", DebitAccountID: dstWallet, CreditAccountID: fxDst, Amount: int64(back),
		Currency: c.TargetCurrency, Code: "fx_refund", Reference: c.ID}}
	if dFX > 0 {
		ts = append(ts, ledger.Transfer{ID: "fxrefund:" + refundID + ":out", DebitAccountID: fxSrc, CreditAccountID: srcWallet,
			Amount: int64(dFX), Currency: c.SourceCurrency, Code: "fx_refund", Reference: c.ID})
	}
	if dRes > 0 {
		ts = append(ts, ledger.Transfer{ID: "fxrefund:" + refundID + ":residue", DebitAccountID: residue, CreditAccountID: srcWallet,
			Amount: int64(dRes), Currency: c.SourceCurrency, Code: "fx_refund", Reference: c.ID})
	}
	if _, err := s.l.TransferTx(ctx, tx, ts...); err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `UPDATE fx_conversions SET refunded_target = $2, refunded_source = $3, refunded_residue = $4 WHERE id = $1`,
		c.ID, int64(total), int64(fxBack), int64(resBack))
	return err
}

// FXPosition is the platform's FX position in one currency: what fx:<CUR>
// holds (negative: the platform paid out more of it than it took in) and
// the rounding residue kept in fxresidue:<CUR>.
type FXPosition struct {
	Currency string       `json:"currency"`
	Position money.Amount `json:"position"`
	Residue  money.Amount `json:"residue"`
}

// FXPositions lists the platform's FX position per currency that has seen
// a conversion, ordered by currency.
func (s *Service) FXPositions(ctx context.Context) ([]FXPosition, error) {
	accts, err := s.l.AccountsOf(ctx, "platform")
	if err != nil {
		return nil, err
	}
	by := map[string]*FXPosition{}
	var order []string
	for _, a := range accts {
		if a.Kind != "fx" && a.Kind != "fx_residue" {
			continue
		}
		p := by[a.Currency]
		if p == nil {
			p = &FXPosition{Currency: a.Currency}
			by[a.Currency] = p
			order = append(order, a.Currency)
		}
		b := a.Balance()
		if a.Kind == "fx" {
			p.Position = money.Amount(b.Posted)
		} else {
			p.Residue = money.Amount(b.Posted)
		}
	}
	sort.Strings(order)
	out := make([]FXPosition, 0, len(order))
	for _, c := range order {
		out = append(out, *by[c])
	}
	return out, nil
}
