package invoice

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"strings"
	"time"

	"github.com/soukhq/souk/store"
)

// Sharing: a shopper shares an invoice with an employer for reimbursement
// through a link holding an unguessable token (only its hash is stored).
// Whoever opens the link sees the invoice and its verification; the
// employer claims it once, under their reference, and any further claim
// through any link of the same invoice is refused, so one invoice is never
// reimbursed twice.

// ShareState is a shared link's state.
type ShareState struct {
	InvoiceID string    `json:"invoice_id"`
	CreatedAt time.Time `json:"created_at"`
	ClaimedAt time.Time `json:"claimed_at,omitzero"`
	ClaimedBy string    `json:"claimed_by,omitempty"`
}

func tokenHash(token string) string {
	h := sha256.Sum256([]byte(token))
	return hex.EncodeToString(h[:])
}

// ShareInvoice makes a share link token for the shopper's own invoice.
func (s *Service) ShareInvoice(ctx context.Context, shopperID, id string) (string, error) {
	in, err := s.ShopperInvoice(ctx, shopperID, id)
	if err != nil {
		return "", err
	}
	if in.Kind != KindInvoice || in.Status == StatusVoided {
		return "", fail(ErrVoided, "only a valid invoice can be shared (this one is %s %s)", in.Kind, in.Status)
	}
	b := make([]byte, 18)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	token := base64.RawURLEncoding.EncodeToString(b)
	_, err = s.db.ExecContext(ctx, `INSERT INTO invoice_shares (token_hash, invoice_id, shopper_id, created_at) VALUES ($1, $2, $3, $4)`,
		tokenHash(token), id, shopperID, store.Now())
	return token, err
}

// Shared returns the invoice behind a share token and the claim state of
// the invoice (across all of its links).
func (s *Service) Shared(ctx context.Context, token string) (Invoice, ShareState, error) {
	var sh ShareState
	var created int64
	err := s.db.QueryRowContext(ctx, `SELECT invoice_id, created_at FROM invoice_shares WHERE token_hash = $1`, tokenHash(token)).Scan(&sh.InvoiceID, &created)
	if errors.Is(err, sql.ErrNoRows) {
		return Invoice{}, sh, fail(ErrNotFound, "no such shared invoice")
	}
	if err != nil {
		return Invoice{}, sh, err
	}
	sh.CreatedAt = time.UnixMicro(created).UTC()
	var claimed sql.NullInt64
	err = s.db.QueryRowContext(ctx, `SELECT claimed_at, claimed_by FROM invoice_shares WHERE invoice_id = $1 AND claimed_at IS NOT NULL`, sh.InvoiceID).
		Scan(&claimed, &sh.ClaimedBy)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return Invoice{}, sh, err
	}
	if claimed.Valid {
		sh.ClaimedAt = time.UnixMicro(claimed.Int64).UTC()
	}
	in, err := s.Get(ctx, sh.InvoiceID)
	return in, sh, err
}

// Claim records an employer's claim of a shared invoice for reimbursement.
// The first claim wins; a second (through any link of the invoice) is
// refused with ErrClaimed, as is a claim of a voided invoice.
func (s *Service) Claim(ctx context.Context, token, claimant string) (ShareState, error) {
	claimant = strings.TrimSpace(claimant)
	if claimant == "" || len(claimant) > 200 {
		return ShareState{}, fail(ErrInvalid, "say who claims it (1 to 200 characters): an employer and an expense reference")
	}
	in, sh, err := s.Shared(ctx, token)
	if err != nil {
		return sh, err
	}
	if in.Status == StatusVoided {
		return sh, fail(ErrVoided, "invoice %s is voided and cannot be claimed", in.Number)
	}
	if !sh.ClaimedAt.IsZero() {
		return sh, fail(ErrClaimed, "invoice %s was already claimed on %s", in.Number, sh.ClaimedAt.Format(time.RFC3339))
	}
	err = s.db.InTx(ctx, func(tx *store.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE invoice_shares SET claimed_at = $1, claimed_by = $2 WHERE token_hash = $3 AND claimed_at IS NULL`,
			store.Now(), claimant, tokenHash(token))
		if err != nil {
			if store.IsUniqueViolation(err) {
				return fail(ErrClaimed, "invoice %s was already claimed", in.Number)
			}
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fail(ErrClaimed, "invoice %s was already claimed", in.Number)
		}
		return nil
	})
	if err != nil {
		return sh, err
	}
	_, sh, err = s.Shared(ctx, token)
	return sh, err
}
