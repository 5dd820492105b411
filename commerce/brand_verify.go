package commerce

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"io"
	"strconv"
	"strings"

	"github.com/soukhq/souk/internal/fault"
	"github.com/soukhq/souk/store"
)

// Brand verification (issue 17, part 2). A brand's owner or manager asks to
// be verified under the brand's name, with a registration number, a few
// words of evidence and photos or scans of documents; an operator reviews
// the request in the ops console and verifies or rejects it. A verified
// brand carries a badge in the shell, search and links, and its name is
// protected: its key (NameKey) cannot be verified for another brand, and
// no new brand may take a name with that key.

// Verification statuses.
const (
	VerificationPending  = "pending"
	VerificationVerified = "verified"
	VerificationRejected = "rejected"
)

// MaxVerificationDocuments is how many documents a request carries.
const MaxVerificationDocuments = 5

// Verification rejections.
var (
	ErrBrandNameTaken       = fault.New(fault.Conflict, "brand_name_protected", "this name is too close to a verified brand's name")
	ErrVerificationPending  = fault.New(fault.Conflict, "verification_pending", "a verification request is already waiting for review")
	ErrVerificationDone     = fault.New(fault.Conflict, "verification_reviewed", "this request was already reviewed")
	ErrAlreadyVerified      = fault.New(fault.Conflict, "brand_already_verified", "this brand is verified already")
	ErrVerificationNotFound = fault.New(fault.NotFound, "verification_not_found", "no such verification request")
)

// Verification is a brand's verification request.
type Verification struct {
	ID           string   `json:"id"`
	BrandID      string   `json:"brandId"`
	Name         string   `json:"name"`
	Registration string   `json:"registration"`
	Evidence     string   `json:"evidence"`
	Documents    []string `json:"documents"` // blob keys
	Status       string   `json:"status"`
	SubmittedBy  string   `json:"submittedBy"`
	ReviewedBy   string   `json:"reviewedBy,omitempty"`
	ReviewNote   string   `json:"reviewNote,omitempty"`
	CreatedAt    int64    `json:"createdAt"`
	ReviewedAt   int64    `json:"reviewedAt,omitempty"`
}

const verificationCols = `id, brand_id, name, registration, evidence, documents, status, submitted_by, reviewed_by, review_note, created_at, reviewed_at`

func scanVerification(sc interface{ Scan(...any) error }) (Verification, error) {
	var v Verification
	var docs string
	err := sc.Scan(&v.ID, &v.BrandID, &v.Name, &v.Registration, &v.Evidence, &docs, &v.Status, &v.SubmittedBy, &v.ReviewedBy,
		&v.ReviewNote, &v.CreatedAt, &v.ReviewedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return v, fail(ErrVerificationNotFound, "")
	}
	if err != nil {
		return v, err
	}
	v.Documents = []string{}
	return v, json.Unmarshal([]byte(docs), &v.Documents)
}

// VerificationInput is what a brand submits.
type VerificationInput struct {
	Registration string
	Evidence     string
}

// CheckBrandName refuses a name whose key is a verified brand's (other than
// exceptBrand's): the check for new brands and for verification requests.
func (s *Service) CheckBrandName(ctx context.Context, name, exceptBrand string) error {
	key := NameKey(name)
	if key == "" {
		return nil // nothing to confuse: the name's own checks refuse it
	}
	var owner string
	err := s.db.QueryRowContext(ctx, `SELECT brand_id FROM brand_verifications WHERE name_key = $1 AND status = 'verified'`, key).Scan(&owner)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && owner == exceptBrand) {
		return nil
	}
	if err != nil {
		return err
	}
	return fail(ErrBrandNameTaken, "")
}

// SubmitVerification asks for the brand to be verified under its name.
func (s *Service) SubmitVerification(ctx context.Context, brandID, userID string, in VerificationInput) (Verification, error) {
	if err := checkText("registration", in.Registration, 100, true); err != nil {
		return Verification{}, err
	}
	if err := checkText("evidence", in.Evidence, 2000, false); err != nil {
		return Verification{}, err
	}
	var name, kind string
	if err := s.db.QueryRowContext(ctx, `SELECT name, kind FROM orgs WHERE id = $1`, brandID).Scan(&name, &kind); err != nil || kind != "brand" {
		return Verification{}, fail(ErrNotFound, "no such brand")
	}
	if err := s.CheckBrandName(ctx, name, brandID); err != nil {
		return Verification{}, err
	}
	v := Verification{ID: store.NewID("bvr"), BrandID: brandID, Name: name, Registration: strings.TrimSpace(in.Registration),
		Evidence: strings.TrimSpace(in.Evidence), Documents: []string{}, Status: VerificationPending, SubmittedBy: userID, CreatedAt: now()}
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		var st string
		err := tx.QueryRowContext(ctx, `SELECT status FROM brand_verifications WHERE brand_id = $1 AND status IN ('pending', 'verified')`, brandID).Scan(&st)
		switch {
		case err == nil && st == VerificationPending:
			return fail(ErrVerificationPending, "")
		case err == nil:
			return fail(ErrAlreadyVerified, "")
		case !errors.Is(err, sql.ErrNoRows):
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO brand_verifications (id, brand_id, name, name_key, registration, evidence, documents, status,
			submitted_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, '[]', 'pending', $7, $8) ON CONFLICT DO NOTHING`,
			v.ID, brandID, name, NameKey(name), v.Registration, v.Evidence, userID, v.CreatedAt)
		return err
	})
	if err != nil {
		return Verification{}, err
	}
	return s.verification(ctx, v.ID)
}

// AddVerificationDocument attaches a photo or scan of a document (an image,
// checked like product images) to the brand's pending request.
func (s *Service) AddVerificationDocument(ctx context.Context, brandID, id, contentType string, r io.Reader) (Verification, error) {
	v, err := s.verification(ctx, id)
	if err != nil || v.BrandID != brandID {
		return Verification{}, fail(ErrVerificationNotFound, "")
	}
	if v.Status != VerificationPending {
		return Verification{}, fail(ErrVerificationDone, "")
	}
	if len(v.Documents) >= MaxVerificationDocuments {
		return Verification{}, fail(ErrInvalid, "a request carries at most %d documents", MaxVerificationDocuments)
	}
	key, err := s.putImage(ctx, "verifications/"+id, contentType, r, "a document")
	if err != nil {
		return Verification{}, err
	}
	err = s.db.InTx(ctx, func(tx *store.Tx) error {
		cur, err := scanVerification(tx.QueryRowContext(ctx, `SELECT `+verificationCols+` FROM brand_verifications WHERE id = $1`+forUpdate(tx), id))
		if err != nil {
			return err
		}
		if cur.Status != VerificationPending {
			return fail(ErrVerificationDone, "")
		}
		for _, d := range cur.Documents {
			if d == key {
				return nil
			}
		}
		if len(cur.Documents) >= MaxVerificationDocuments {
			return fail(ErrInvalid, "a request carries at most %d documents", MaxVerificationDocuments)
		}
		b, _ := json.Marshal(append(cur.Documents, key))
		_, err = tx.ExecContext(ctx, `UPDATE brand_verifications SET documents = $2 WHERE id = $1`, id, string(b))
		return err
	})
	if err != nil {
		return Verification{}, err
	}
	return s.verification(ctx, id)
}

// VerificationDocument streams a document by key, for operators (the API
// and the ops console check the caller). The caller closes the reader.
func (s *Service) VerificationDocument(ctx context.Context, key string) (io.ReadCloser, string, error) {
	if s.blobs == nil || !strings.HasPrefix(key, "verifications/") {
		return nil, "", fail(ErrNotFound, "no such document")
	}
	rc, info, err := s.blobs.Get(ctx, key)
	if err != nil {
		return nil, "", fail(ErrNotFound, "no such document")
	}
	return rc, info.ContentType, nil
}

// ReviewVerification is an operator's decision on a pending request.
// Verifying fails with ErrBrandNameTaken when another brand with the same
// name key was verified meanwhile.
func (s *Service) ReviewVerification(ctx context.Context, id, reviewerID string, verify bool, note string) (Verification, error) {
	if err := checkText("note", note, 1000, false); err != nil {
		return Verification{}, err
	}
	st := VerificationRejected
	if verify {
		st = VerificationVerified
	}
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		v, err := scanVerification(tx.QueryRowContext(ctx, `SELECT `+verificationCols+` FROM brand_verifications WHERE id = $1`+forUpdate(tx), id))
		if err != nil {
			return err
		}
		if v.Status != VerificationPending {
			return fail(ErrVerificationDone, "")
		}
		if verify {
			var other string
			err := tx.QueryRowContext(ctx, `SELECT brand_id FROM brand_verifications WHERE name_key = $1 AND status = 'verified'`, NameKey(v.Name)).Scan(&other)
			if err == nil && other != v.BrandID {
				return fail(ErrBrandNameTaken, "")
			}
			if err != nil && !errors.Is(err, sql.ErrNoRows) {
				return err
			}
		}
		_, err = tx.ExecContext(ctx, `UPDATE brand_verifications SET status = $2, reviewed_by = $3, review_note = $4, reviewed_at = $5
			WHERE id = $1 AND status = 'pending'`, id, st, reviewerID, strings.TrimSpace(note), now())
		return err
	})
	if err != nil {
		return Verification{}, err
	}
	return s.verification(ctx, id)
}

func (s *Service) verification(ctx context.Context, id string) (Verification, error) {
	return scanVerification(s.db.QueryRowContext(ctx, `SELECT `+verificationCols+` FROM brand_verifications WHERE id = $1`, id))
}

// Verification returns one request (operators).
func (s *Service) Verification(ctx context.Context, id string) (Verification, error) {
	return s.verification(ctx, id)
}

// BrandVerification returns the brand's latest request (ErrVerificationNotFound: none).
func (s *Service) BrandVerification(ctx context.Context, brandID string) (Verification, error) {
	return scanVerification(s.db.QueryRowContext(ctx, `SELECT `+verificationCols+` FROM brand_verifications WHERE brand_id = $1
		ORDER BY created_at DESC, id DESC LIMIT 1`, brandID))
}

// Verifications lists requests with status (all when ""), oldest first:
// the operators' review queue.
func (s *Service) Verifications(ctx context.Context, status string, limit int) ([]Verification, error) {
	if limit <= 0 || limit > 500 {
		limit = 100
	}
	rows, err := s.db.QueryContext(ctx, `SELECT `+verificationCols+` FROM brand_verifications WHERE ($1 = '' OR status = $1)
		ORDER BY created_at, id LIMIT $2`, status, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Verification{}
	for rows.Next() {
		v, err := scanVerification(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// VerifiedBrands says which of ids are verified brands, in one query.
func (s *Service) VerifiedBrands(ctx context.Context, ids ...string) (map[string]bool, error) {
	out := map[string]bool{}
	var args []any
	var ph []string
	seen := map[string]bool{}
	for _, id := range ids {
		if id == "" || seen[id] {
			continue
		}
		seen[id] = true
		args = append(args, id)
		ph = append(ph, "$"+strconv.Itoa(len(args)))
	}
	if len(args) == 0 {
		return out, nil
	}
	rows, err := s.db.QueryContext(ctx, `SELECT brand_id FROM brand_verifications WHERE status = 'verified' AND brand_id IN (`+
		strings.Join(ph, ", ")+`)`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out[id] = true
	}
	return out, rows.Err()
}

// BrandVerified says whether the brand is verified.
func (s *Service) BrandVerified(ctx context.Context, brandID string) bool {
	m, err := s.VerifiedBrands(ctx, brandID)
	return err == nil && m[brandID]
}
