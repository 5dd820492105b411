package payments

import (
	"context"
	"sort"

	"github.com/soukhq/souk/payments/money"
	"github.com/soukhq/souk/store"
)

// reconcileFX compares every conversion row with what the ledger posted
// under its id (transfers whose reference is the conversion): the three
// legs of the conversion and the refund legs that sent it back. Run by
// Reconcile in its snapshot.
func reconcileFX(ctx context.Context, q store.Querier, problem func(format string, args ...any)) error {
	rows, err := q.QueryContext(ctx, `SELECT `+conversionCols+` FROM fx_conversions`)
	if err != nil {
		return err
	}
	convs := map[string]Conversion{}
	for rows.Next() {
		c, err := scanConversion(rows)
		if err != nil {
			rows.Close()
			return err
		}
		convs[c.ID] = c
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	type legs struct{ in, residue, out, backIn, backOut, backResidue money.Amount }
	got := map[string]*legs{}
	rows, err = q.QueryContext(ctx, `SELECT t.reference, t.debit_account_id, t.credit_account_id, t.amount, t.code
		FROM ledger_transfers t JOIN fx_conversions c ON c.id = t.reference WHERE t.status = 'posted' AND t.pending_id IS NULL`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var ref, debit, credit, code string
		var amount money.Amount
		if err := rows.Scan(&ref, &debit, &credit, &amount, &code); err != nil {
			return err
		}
		c := convs[ref]
		l := got[ref]
		if l == nil {
			l = &legs{}
			got[ref] = l
		}
		src, dst := WalletAccount(c.UserID, c.SourceCurrency), WalletAccount(c.UserID, c.TargetCurrency)
		switch {
		case code == "fx_conversion" && debit == src && credit == FXAccount(c.SourceCurrency):
			l.in += amount
		case code == "fx_residue" && debit == src && credit == FXResidueAccount(c.SourceCurrency):
			l.residue += amount
		case code == "fx_conversion" && debit == FXAccount(c.TargetCurrency) && credit == dst:
			l.out += amount
		case code == "fx_refund" && debit == dst && credit == FXAccount(c.TargetCurrency):
			l.backIn += amount
		case code == "fx_refund" && debit == FXAccount(c.SourceCurrency) && credit == src:
			l.backOut += amount
		case code == "fx_refund" && debit == FXResidueAccount(c.SourceCurrency) && credit == src:
			l.backResidue += amount
		default:
			problem("conversion %s: a %s transfer from %s to %s is no leg of a conversion", ref, code, debit, credit)
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	ids := make([]string, 0, len(convs))
	for id := range convs {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		c, l := convs[id], got[id]
		if l == nil {
			l = &legs{}
		}
		if l.in != c.SourceAmount-c.Residue || l.residue != c.Residue || l.out != c.TargetAmount {
			problem("conversion %s: the ledger moved %d + %d residue %s for %d %s; the conversion says %d (%d residue) for %d",
				id, l.in, l.residue, c.SourceCurrency, l.out, c.TargetCurrency, c.SourceAmount, c.Residue, c.TargetAmount)
		}
		if l.backIn != c.RefundedTarget || l.backOut != c.RefundedSource || l.backResidue != c.RefundedResidue {
			problem("conversion %s: refunds moved back %d %s for %d + %d %s; the conversion says %d for %d + %d",
				id, l.backIn, c.TargetCurrency, l.backOut, l.backResidue, c.SourceCurrency, c.RefundedTarget, c.RefundedSource, c.RefundedResidue)
		}
		if c.RefundedTarget > c.TargetAmount || c.RefundedSource > c.SourceAmount-c.Residue || c.RefundedResidue > c.Residue {
			problem("conversion %s sent back more than it took", id)
		}
	}
	return nil
}
