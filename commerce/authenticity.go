package commerce

import (
	"bytes"
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/csv"
	"errors"
	"strconv"
	"strings"

	"github.com/soukhq/souk/internal/fault"
	"github.com/soukhq/souk/store"
)

// Authenticity codes (issue 17, part 2). A brand generates a batch of
// serial codes for one SKU, prints them (CSV for its printer, or a sheet
// of QR codes from the console) and may bind a code to an order line when
// it ships. Each code is its own short link: /l/{code} opens the scan page
// (/authentic/{code}), which records the scan.
//
// A code is 17 characters of linkAlphabet drawn without bias from
// crypto/rand: 17·log2(31) ≈ 84 random bits, so codes cannot be guessed
// from others. The first scan's time is kept; a code scanned again, or
// scanned by someone other than the shopper of the order it is bound to,
// warns of a possible counterfeit (a copied label). The brand sees every
// scan's verdict and the counts in the console.

// AuthenticityCodeLen is the length of an authenticity code.
const AuthenticityCodeLen = 17

// MaxAuthenticityBatch is the most codes one batch makes.
const MaxAuthenticityBatch = 5000

// Scan verdicts.
const (
	ScanGenuine    = "genuine"     // the first scan, by anyone the code allows
	ScanRepeat     = "repeat"      // scanned before: the label may be a copy
	ScanOtherOwner = "other_owner" // bound to another shopper's order
)

// Authenticity rejections.
var (
	ErrCodeNotFound = fault.New(fault.NotFound, "authenticity_code_not_found", "no such authenticity code: the product may be counterfeit")
	ErrCodeBound    = fault.New(fault.Conflict, "authenticity_code_bound", "this code is already bound to an order line")
)

// AuthenticityBatch is a batch of codes for one SKU.
type AuthenticityBatch struct {
	ID        string `json:"id"`
	BrandID   string `json:"brandId"`
	ProductID string `json:"productId"`
	SKUID     string `json:"skuId"`
	Count     int    `json:"count"`
	CreatedBy string `json:"createdBy"`
	CreatedAt int64  `json:"createdAt"`
}

// AuthenticityCode is one serial code.
type AuthenticityCode struct {
	Code        string `json:"code"`
	BatchID     string `json:"batchId"`
	BrandID     string `json:"brandId"`
	ProductID   string `json:"productId"`
	SKUID       string `json:"skuId"`
	Seq         int    `json:"seq"`
	OrderID     string `json:"orderId,omitempty"`
	LineNo      int    `json:"lineNo,omitempty"`
	ShopperID   string `json:"-"`
	BoundAt     int64  `json:"boundAt,omitempty"`
	Scans       int64  `json:"scans"`
	FirstScanAt int64  `json:"firstScanAt,omitempty"`
	CreatedAt   int64  `json:"createdAt"`
}

// Path is the code's short link.
func (c AuthenticityCode) Path() string { return "/l/" + c.Code }

const batchCols = `id, brand_id, product_id, sku_id, count, created_by, created_at`
const codeCols = `code, batch_id, brand_id, product_id, sku_id, seq, order_id, line_no, shopper_id, bound_at, scans, first_scan_at, created_at`

func scanBatch(sc interface{ Scan(...any) error }) (AuthenticityBatch, error) {
	var b AuthenticityBatch
	err := sc.Scan(&b.ID, &b.BrandID, &b.ProductID, &b.SKUID, &b.Count, &b.CreatedBy, &b.CreatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return b, fail(ErrNotFound, "no such batch")
	}
	return b, err
}

func scanCode(sc interface{ Scan(...any) error }) (AuthenticityCode, error) {
	var c AuthenticityCode
	err := sc.Scan(&c.Code, &c.BatchID, &c.BrandID, &c.ProductID, &c.SKUID, &c.Seq, &c.OrderID, &c.LineNo, &c.ShopperID, &c.BoundAt,
		&c.Scans, &c.FirstScanAt, &c.CreatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return c, fail(ErrCodeNotFound, "")
	}
	return c, err
}

// newAuthenticityCode draws AuthenticityCodeLen letters of linkAlphabet,
// rejecting bytes past the largest multiple of its size (no modulo bias).
func newAuthenticityCode() string {
	limit := byte(256 - 256%len(linkAlphabet))
	out := make([]byte, 0, AuthenticityCodeLen)
	buf := make([]byte, 32)
	for len(out) < AuthenticityCodeLen {
		_, _ = rand.Read(buf)
		for _, b := range buf {
			if b < limit && len(out) < AuthenticityCodeLen {
				out = append(out, linkAlphabet[int(b)%len(linkAlphabet)])
			}
		}
	}
	return string(out)
}

// CreateAuthenticityBatch makes count codes for one of the brand's SKUs,
// each with its short link, in one transaction.
func (s *Service) CreateAuthenticityBatch(ctx context.Context, brandID, skuID string, count int, userID string) (AuthenticityBatch, error) {
	if count < 1 || count > MaxAuthenticityBatch {
		return AuthenticityBatch{}, fail(ErrInvalid, "a batch has 1 to %d codes", MaxAuthenticityBatch)
	}
	sku, err := s.SKU(ctx, brandID, skuID)
	if err != nil {
		return AuthenticityBatch{}, err
	}
	b := AuthenticityBatch{ID: store.NewID("acb"), BrandID: brandID, ProductID: sku.ProductID, SKUID: sku.ID, Count: count,
		CreatedBy: userID, CreatedAt: now()}
	err = s.db.InTx(ctx, func(tx *store.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO authenticity_batches (`+batchCols+`) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
			b.ID, b.BrandID, b.ProductID, b.SKUID, b.Count, b.CreatedBy, b.CreatedAt); err != nil {
			return err
		}
		for i := 1; i <= count; i++ {
			// 84 random bits: a collision is not expected; the primary keys
			// (codes and links) would refuse one and abort the batch.
			code := newAuthenticityCode()
			if _, err := tx.ExecContext(ctx, `INSERT INTO authenticity_codes (code, batch_id, brand_id, product_id, sku_id, seq, created_at)
				VALUES ($1, $2, $3, $4, $5, $6, $7)`, code, b.ID, brandID, b.ProductID, b.SKUID, i, b.CreatedAt); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO links (code, kind, brand_id, installation_id, target, page, scene, created_by, status,
				created_at, updated_at) VALUES ($1, 'authenticity', $2, '', $1, '', '', $3, 'active', $4, $4)`, code, brandID, userID, b.CreatedAt); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return AuthenticityBatch{}, err
	}
	return b, nil
}

// AuthenticityBatch returns one of the brand's batches.
func (s *Service) AuthenticityBatch(ctx context.Context, brandID, id string) (AuthenticityBatch, error) {
	return scanBatch(s.db.QueryRowContext(ctx, `SELECT `+batchCols+` FROM authenticity_batches WHERE id = $1 AND brand_id = $2`, id, brandID))
}

// AuthenticityBatches lists the brand's batches, newest first.
func (s *Service) AuthenticityBatches(ctx context.Context, brandID string, limit int) ([]AuthenticityBatch, error) {
	if limit <= 0 || limit > 500 {
		limit = 100
	}
	rows, err := s.db.QueryContext(ctx, `SELECT `+batchCols+` FROM authenticity_batches WHERE brand_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2`,
		brandID, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []AuthenticityBatch{}
	for rows.Next() {
		b, err := scanBatch(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, b)
	}
	return out, rows.Err()
}

// BatchCodes lists a batch's codes in order (the CSV export and the QR sheet).
func (s *Service) BatchCodes(ctx context.Context, brandID, batchID string) ([]AuthenticityCode, error) {
	if _, err := s.AuthenticityBatch(ctx, brandID, batchID); err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT `+codeCols+` FROM authenticity_codes WHERE batch_id = $1 ORDER BY seq`, batchID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []AuthenticityCode{}
	for rows.Next() {
		c, err := scanCode(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// AuthenticityCode returns a code (no access check: a code is public to
// whoever holds it).
func (s *Service) AuthenticityCode(ctx context.Context, code string) (AuthenticityCode, error) {
	return scanCode(s.db.QueryRowContext(ctx, `SELECT `+codeCols+` FROM authenticity_codes WHERE code = $1`, strings.ToUpper(strings.TrimSpace(code))))
}

// BindAuthenticityCode binds one of the brand's codes to a line of one of
// its orders, while the order is paid or shipped: the code must be of the
// line's SKU and not bound yet (binding the same line again is a no-op).
func (s *Service) BindAuthenticityCode(ctx context.Context, brandID, orderID string, lineNo int, code string) (AuthenticityCode, error) {
	o, err := s.Order(ctx, orderID)
	if err != nil || o.BrandID != brandID {
		return AuthenticityCode{}, fail(ErrNotFound, "no such order")
	}
	if o.State != StatePaid && o.State != StateShipped {
		return AuthenticityCode{}, fail(ErrIllegalTransition, "codes are bound to paid or shipped orders")
	}
	var line *Line
	for i := range o.Lines {
		if o.Lines[i].No == lineNo {
			line = &o.Lines[i]
		}
	}
	if line == nil {
		return AuthenticityCode{}, fail(ErrNotFound, "no such order line")
	}
	c, err := s.AuthenticityCode(ctx, code)
	if err != nil || c.BrandID != brandID {
		return AuthenticityCode{}, fail(ErrCodeNotFound, "")
	}
	if c.SKUID != line.SKUID {
		return AuthenticityCode{}, fail(ErrInvalid, "the code is for another SKU")
	}
	if c.OrderID == orderID && c.LineNo == lineNo {
		return c, nil
	}
	if c.OrderID != "" {
		return AuthenticityCode{}, fail(ErrCodeBound, "")
	}
	var bound int64
	if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM authenticity_codes WHERE order_id = $1 AND line_no = $2`, orderID, lineNo).Scan(&bound); err != nil {
		return AuthenticityCode{}, err
	}
	if bound >= line.Qty {
		return AuthenticityCode{}, fail(ErrInvalid, "the line has %d items and as many codes", line.Qty)
	}
	res, err := s.db.ExecContext(ctx, `UPDATE authenticity_codes SET order_id = $2, line_no = $3, shopper_id = $4, bound_at = $5
		WHERE code = $1 AND order_id = ''`, c.Code, orderID, lineNo, o.ShopperID, now())
	if err != nil {
		return AuthenticityCode{}, err
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return AuthenticityCode{}, fail(ErrCodeBound, "")
	}
	return s.AuthenticityCode(ctx, c.Code)
}

// ScanResult is what a scan shows: the product, the brand and whether it
// is verified, the first scan's time and the verdict.
type ScanResult struct {
	Code          AuthenticityCode `json:"code"`
	ProductTitle  string           `json:"productTitle"`
	ProductImage  string           `json:"productImage,omitempty"`
	BrandName     string           `json:"brandName"`
	BrandVerified bool             `json:"brandVerified"`
	Verdict       string           `json:"verdict"`
	FirstScanAt   int64            `json:"firstScanAt"`
	ScannedAt     int64            `json:"scannedAt"`
}

// Warn says whether the scan warns of a possible counterfeit.
func (r ScanResult) Warn() bool { return r.Verdict != ScanGenuine }

// ScanAuthenticityCode records a scan by scannerID ("" when signed out)
// and returns what to show. An unknown code is ErrCodeNotFound.
func (s *Service) ScanAuthenticityCode(ctx context.Context, code, scannerID string) (ScanResult, error) {
	var r ScanResult
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		c, err := scanCode(tx.QueryRowContext(ctx, `SELECT `+codeCols+` FROM authenticity_codes WHERE code = $1`+forUpdate(tx),
			strings.ToUpper(strings.TrimSpace(code))))
		if err != nil {
			return err
		}
		t := now()
		r.ScannedAt = t
		switch {
		case c.OrderID != "" && c.ShopperID != scannerID:
			r.Verdict = ScanOtherOwner
		case c.Scans > 0:
			r.Verdict = ScanRepeat
		default:
			r.Verdict = ScanGenuine
		}
		// The guarded update keeps first_scan_at the first scan's, however
		// scans race on SQLite and PostgreSQL alike.
		if _, err := tx.ExecContext(ctx, `UPDATE authenticity_codes SET scans = scans + 1,
			first_scan_at = CASE WHEN first_scan_at = 0 THEN $2 ELSE first_scan_at END WHERE code = $1`, c.Code, t); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO authenticity_scans (id, code, brand_id, scanner_id, verdict, created_at)
			VALUES ($1, $2, $3, $4, $5, $6)`, store.NewID("asc"), c.Code, c.BrandID, scannerID, r.Verdict, t); err != nil {
			return err
		}
		if c.FirstScanAt == 0 {
			c.FirstScanAt = t
		}
		c.Scans++
		r.Code, r.FirstScanAt = c, c.FirstScanAt
		return nil
	})
	if err != nil {
		return ScanResult{}, err
	}
	p, err := scanProduct(s.db.QueryRowContext(ctx, `SELECT `+productCols+` FROM commerce_products WHERE id = $1`, r.Code.ProductID))
	if err == nil {
		r.ProductTitle = p.Title
		if len(p.Images) > 0 {
			r.ProductImage = p.Images[0]
		}
	}
	_ = s.db.QueryRowContext(ctx, `SELECT name FROM orgs WHERE id = $1`, r.Code.BrandID).Scan(&r.BrandName)
	r.BrandVerified = s.BrandVerified(ctx, r.Code.BrandID)
	return r, nil
}

// Scan is one recorded scan.
type Scan struct {
	ID        string `json:"id"`
	Code      string `json:"code"`
	ScannerID string `json:"scannerId,omitempty"`
	Verdict   string `json:"verdict"`
	CreatedAt int64  `json:"createdAt"`
}

// ScanStats is a brand's scan counts by verdict and its latest warnings.
type ScanStats struct {
	Codes      int64  `json:"codes"`
	Scanned    int64  `json:"scanned"` // codes scanned at least once
	Genuine    int64  `json:"genuine"`
	Repeat     int64  `json:"repeat"`
	OtherOwner int64  `json:"otherOwner"`
	Warnings   []Scan `json:"warnings"` // newest first, at most 100
}

// AuthenticityStats returns the brand's scan statistics and warnings.
func (s *Service) AuthenticityStats(ctx context.Context, brandID string) (ScanStats, error) {
	st := ScanStats{Warnings: []Scan{}}
	if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*), COALESCE(SUM(CASE WHEN scans > 0 THEN 1 ELSE 0 END), 0)
		FROM authenticity_codes WHERE brand_id = $1`, brandID).Scan(&st.Codes, &st.Scanned); err != nil {
		return st, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT verdict, COUNT(*) FROM authenticity_scans WHERE brand_id = $1 GROUP BY verdict`, brandID)
	if err != nil {
		return st, err
	}
	for rows.Next() {
		var v string
		var n int64
		if err := rows.Scan(&v, &n); err != nil {
			rows.Close()
			return st, err
		}
		switch v {
		case ScanGenuine:
			st.Genuine = n
		case ScanRepeat:
			st.Repeat = n
		case ScanOtherOwner:
			st.OtherOwner = n
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return st, err
	}
	rows, err = s.db.QueryContext(ctx, `SELECT id, code, scanner_id, verdict, created_at FROM authenticity_scans
		WHERE brand_id = $1 AND verdict <> 'genuine' ORDER BY created_at DESC, id DESC LIMIT 100`, brandID)
	if err != nil {
		return st, err
	}
	defer rows.Close()
	for rows.Next() {
		var w Scan
		if err := rows.Scan(&w.ID, &w.Code, &w.ScannerID, &w.Verdict, &w.CreatedAt); err != nil {
			return st, err
		}
		st.Warnings = append(st.Warnings, w)
	}
	return st, rows.Err()
}

// AuthenticityCSV writes codes as CSV (seq, code, sku_id, url) for a label
// printer; url is origin + /l/{code}, what the code's QR code holds.
func AuthenticityCSV(origin string, cs []AuthenticityCode) []byte {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	_ = w.Write([]string{"seq", "code", "sku_id", "url"})
	for _, c := range cs {
		_ = w.Write([]string{strconv.Itoa(c.Seq), c.Code, c.SKUID, origin + c.Path()})
	}
	w.Flush()
	return b.Bytes()
}
