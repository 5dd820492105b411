package commerce

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"strconv"
	"strings"

	"github.com/soukhq/souk/store"
)

// ReportReasons are why a review may be reported.
var ReportReasons = []string{"spam", "offensive", "off_topic", "fake", "personal_data", "other"}

// Report statuses.
const (
	ReportOpen      = "open"
	ReportDismissed = "dismissed"
	ReportActioned  = "actioned" // the review was hidden
)

// ReviewReport is a shopper's abuse report on a review. Admins see every
// report; a brand sees the reports on its products' reviews.
type ReviewReport struct {
	ID         string `json:"id"`
	ReviewID   string `json:"reviewId"`
	BrandID    string `json:"brandId"`
	ReporterID string `json:"reporterId"`
	Reason     string `json:"reason"`
	Note       string `json:"note,omitempty"`
	Status     string `json:"status"`
	ResolvedBy string `json:"resolvedBy,omitempty"`
	ResolvedAt int64  `json:"resolvedAt,omitempty"`
	CreatedAt  int64  `json:"createdAt"`
}

const reportCols = `id, review_id, brand_id, reporter_id, reason, note, status, resolved_by, resolved_at, created_at`

func scanReport(sc interface{ Scan(...any) error }) (ReviewReport, error) {
	var r ReviewReport
	err := sc.Scan(&r.ID, &r.ReviewID, &r.BrandID, &r.ReporterID, &r.Reason, &r.Note, &r.Status, &r.ResolvedBy, &r.ResolvedAt, &r.CreatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return r, fail(ErrNotFound, "no such report")
	}
	return r, err
}

// ReportReview records a signed-in user's abuse report on a visible
// review, once per user and review. Authors cannot report their own.
func (s *Service) ReportReview(ctx context.Context, reporterID, reviewID, reason, note string) (ReviewReport, error) {
	if !slices.Contains(ReportReasons, reason) {
		return ReviewReport{}, fail(ErrInvalid, "reason must be one of %v", ReportReasons)
	}
	note = strings.TrimSpace(note)
	if err := checkText("note", note, MaxReportNoteLen, false); err != nil {
		return ReviewReport{}, err
	}
	var rep ReviewReport
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		rv, err := s.review(ctx, tx, reviewID)
		if err != nil {
			return err
		}
		if rv.Status != ReviewVisible {
			return fail(ErrNotFound, "no such review")
		}
		if rv.ShopperID == reporterID {
			return fail(ErrInvalid, "you cannot report your own review")
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM commerce_review_reports WHERE review_id = $1 AND reporter_id = $2`,
			reviewID, reporterID).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return fail(ErrAlreadyReported, "you have already reported this review")
		}
		rep = ReviewReport{ID: store.NewID("rrp"), ReviewID: reviewID, BrandID: rv.BrandID, ReporterID: reporterID, Reason: reason,
			Note: note, Status: ReportOpen, CreatedAt: now()}
		_, err = tx.ExecContext(ctx, `INSERT INTO commerce_review_reports (id, review_id, brand_id, reporter_id, reason, note, status, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, 'open', $7)`, rep.ID, rep.ReviewID, rep.BrandID, rep.ReporterID, rep.Reason, rep.Note, rep.CreatedAt)
		return err
	})
	if store.IsUniqueViolation(err) {
		return ReviewReport{}, fail(ErrAlreadyReported, "you have already reported this review")
	}
	return rep, err
}

// ReportFilter narrows a report listing, newest first.
type ReportFilter struct {
	BrandID string // "" (admins): every brand
	Status  string // open, dismissed, actioned; "" all
	Before  string
	Limit   int // default 50, at most 200
}

// ReviewReports lists abuse reports.
func (s *Service) ReviewReports(ctx context.Context, f ReportFilter) ([]ReviewReport, error) {
	if f.Status != "" && f.Status != ReportOpen && f.Status != ReportDismissed && f.Status != ReportActioned {
		return nil, fail(ErrInvalid, "status must be open, dismissed or actioned")
	}
	if f.Limit <= 0 || f.Limit > 200 {
		f.Limit = 50
	}
	q := `SELECT ` + reportCols + ` FROM commerce_review_reports WHERE 1 = 1`
	var args []any
	arg := func(v any) string {
		args = append(args, v)
		return "$" + strconv.Itoa(len(args))
	}
	if f.BrandID != "" {
		q += ` AND brand_id = ` + arg(f.BrandID)
	}
	if f.Status != "" {
		q += ` AND status = ` + arg(f.Status)
	}
	if f.Before != "" {
		q += ` AND id < ` + arg(f.Before)
	}
	rows, err := s.db.QueryContext(ctx, q+` ORDER BY id DESC LIMIT `+arg(f.Limit), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []ReviewReport{}
	for rows.Next() {
		r, err := scanReport(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// DismissReport closes an open report without action (an admin's call).
func (s *Service) DismissReport(ctx context.Context, adminID, reportID string) (ReviewReport, error) {
	var rep ReviewReport
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		var err error
		rep, err = scanReport(tx.QueryRowContext(ctx, `SELECT `+reportCols+` FROM commerce_review_reports WHERE id = $1`+forUpdate(tx), reportID))
		if err != nil {
			return err
		}
		if rep.Status != ReportOpen {
			return fail(ErrInvalid, "the report is already %s", rep.Status)
		}
		rep.Status, rep.ResolvedBy, rep.ResolvedAt = ReportDismissed, adminID, now()
		_, err = tx.ExecContext(ctx, `UPDATE commerce_review_reports SET status = 'dismissed', resolved_by = $2, resolved_at = $3 WHERE id = $1`,
			rep.ID, adminID, rep.ResolvedAt)
		return err
	})
	return rep, err
}
