package commerce

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/soukhq/souk/internal/fault"
	"github.com/soukhq/souk/store"
)

// Review rules. A review needs a purchase the shopper received and kept:
// the order is completed, or a dispute on an order that had completed was
// resolved without refunding all of it. A shopper reviews each order line
// once; the brand replies to a review once; admins hide and show reviews.
// Reviews are never written by apps (there is no host API for it).
const (
	MaxReviewBodyLen  = 2000 // characters
	MaxReviewPhotos   = 6
	MaxReplyLen       = 1000
	MaxReportNoteLen  = 500
	MaxModerationNote = 500
	reviewPhotoPrefix = "reviews/"
)

// Review statuses.
const (
	ReviewVisible = "visible"
	ReviewHidden  = "hidden"
)

// Review rejections (codes are part of the API).
var (
	ErrReviewNotAllowed = fault.New(fault.Conflict, "review_not_allowed", "only a completed purchase can be reviewed") // no completed purchase behind it
	ErrAlreadyReviewed  = fault.New(fault.Conflict, "already_reviewed", "this line is already reviewed")
	ErrAlreadyReplied   = fault.New(fault.Conflict, "already_replied", "the review already has a reply")
	ErrAlreadyReported  = fault.New(fault.Conflict, "already_reported", "you already reported this review")
)

// Review is one shopper's review of one order line, as the brand and
// admins see it. Shoppers and apps see PublicReview.
type Review struct {
	ID           string       `json:"id"`
	OrderID      string       `json:"orderId"`
	LineNo       int          `json:"lineNo"`
	ProductID    string       `json:"productId"`
	SKUID        string       `json:"skuId"`
	BrandID      string       `json:"brandId"`
	ShopperID    string       `json:"shopperId"`
	Rating       int          `json:"rating"`
	Body         string       `json:"body"`
	Photos       []string     `json:"photos"` // blob keys
	Status       string       `json:"status"`
	HiddenReason string       `json:"hiddenReason,omitempty"`
	Reply        *ReviewReply `json:"reply,omitempty"`
	CreatedAt    int64        `json:"createdAt"`
}

// ReviewReply is the brand's one answer to a review.
type ReviewReply struct {
	Body string `json:"body"`
	By   string `json:"by"` // the brand member who wrote it
	At   int64  `json:"at"`
}

// PublicReview is a review as anyone may read it: no shopper or order id,
// photos as paths of the public photo route.
type PublicReview struct {
	ID        string       `json:"id"`
	ProductID string       `json:"productId"`
	SKUID     string       `json:"skuId"`
	Rating    int          `json:"rating"`
	Body      string       `json:"body"`
	Photos    []string     `json:"photos"`
	Reply     *ReviewReply `json:"reply,omitempty"`
	CreatedAt int64        `json:"createdAt"`
}

// Public returns the public view of r (the reply's author stays private).
func (r Review) Public() PublicReview {
	p := PublicReview{ID: r.ID, ProductID: r.ProductID, SKUID: r.SKUID, Rating: r.Rating, Body: r.Body, Photos: []string{}, CreatedAt: r.CreatedAt}
	for i := range r.Photos {
		p.Photos = append(p.Photos, ReviewPhotoPath(r.ID, i))
	}
	if r.Reply != nil {
		p.Reply = &ReviewReply{Body: r.Reply.Body, At: r.Reply.At}
	}
	return p
}

// ReviewPhotoPath is where the API serves photo i of a review.
func ReviewPhotoPath(reviewID string, i int) string {
	return fmt.Sprintf("/api/v1/reviews/%s/photos/%d", reviewID, i)
}

const reviewCols = `id, order_id, line_no, product_id, sku_id, brand_id, shopper_id, rating, body, photos, status, hidden_reason,
	reply_body, reply_by, reply_at, created_at`

func scanReview(sc interface{ Scan(...any) error }) (Review, error) {
	var r Review
	var photos, replyBody, replyBy string
	var replyAt int64
	err := sc.Scan(&r.ID, &r.OrderID, &r.LineNo, &r.ProductID, &r.SKUID, &r.BrandID, &r.ShopperID, &r.Rating, &r.Body, &photos,
		&r.Status, &r.HiddenReason, &replyBody, &replyBy, &replyAt, &r.CreatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return r, fail(ErrNotFound, "no such review")
	}
	if err != nil {
		return r, err
	}
	if replyAt != 0 {
		r.Reply = &ReviewReply{Body: replyBody, By: replyBy, At: replyAt}
	}
	r.Photos = []string{}
	return r, json.Unmarshal([]byte(photos), &r.Photos)
}

// ReviewInput is a shopper's review of one line of one of their orders.
type ReviewInput struct {
	OrderID string
	LineNo  int
	Rating  int
	Body    string
	Photos  []string // keys from UploadReviewPhoto
}

// reviewable reports whether an order is a purchase the shopper received
// and kept. A completed order is; a resolved dispute is if the order had
// completed before it and was not refunded in full. Orders on their way
// (paid, shipped, delivered), with a refund pending, cancelled or refunded
// are not.
func reviewable(o Order) bool {
	switch o.State {
	case StateCompleted:
		return true
	case StateResolved:
		return o.CompletedAt != 0 && o.Refunded < o.Total
	}
	return false
}

// CreateReview records a shopper's review of one line of their own order.
// Another shopper's order is not found; an order that is not a kept
// purchase is review_not_allowed; a second review of a line is
// already_reviewed. The product's rating aggregates change in the same
// transaction.
func (s *Service) CreateReview(ctx context.Context, shopperID string, in ReviewInput) (Review, error) {
	if in.Rating < 1 || in.Rating > 5 {
		return Review{}, fail(ErrInvalid, "rating must be a whole number from 1 to 5")
	}
	in.Body = strings.TrimSpace(in.Body)
	if err := checkText("review text", in.Body, MaxReviewBodyLen, false); err != nil {
		return Review{}, err
	}
	if err := s.checkReviewPhotos(ctx, shopperID, in.Photos); err != nil {
		return Review{}, err
	}
	if in.Photos == nil {
		in.Photos = []string{}
	}
	photos, _ := json.Marshal(in.Photos)
	var r Review
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		o, err := lockOrder(ctx, tx, in.OrderID)
		if err != nil {
			return err
		}
		if o.ShopperID != shopperID {
			return fail(ErrNotFound, "no such order")
		}
		if !reviewable(o) {
			return fail(ErrReviewNotAllowed, "only a completed purchase can be reviewed (this order is %s)", o.State)
		}
		var productID, skuID string
		err = tx.QueryRowContext(ctx, `SELECT product_id, sku_id FROM commerce_order_lines WHERE order_id = $1 AND line_no = $2`,
			o.ID, in.LineNo).Scan(&productID, &skuID)
		if errors.Is(err, sql.ErrNoRows) {
			return fail(ErrNotFound, "order %s has no line %d", o.ID, in.LineNo)
		}
		if err != nil {
			return err
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM commerce_reviews WHERE order_id = $1 AND line_no = $2`, o.ID, in.LineNo).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return fail(ErrAlreadyReviewed, "line %d of order %s is already reviewed", in.LineNo, o.ID)
		}
		r = Review{ID: store.NewID("rev"), OrderID: o.ID, LineNo: in.LineNo, ProductID: productID, SKUID: skuID, BrandID: o.BrandID,
			ShopperID: shopperID, Rating: in.Rating, Body: in.Body, Photos: in.Photos, Status: ReviewVisible, CreatedAt: now()}
		if _, err := tx.ExecContext(ctx, `INSERT INTO commerce_reviews (id, order_id, line_no, product_id, sku_id, brand_id, shopper_id,
			rating, body, photos, status, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'visible', $11)`,
			r.ID, r.OrderID, r.LineNo, r.ProductID, r.SKUID, r.BrandID, r.ShopperID, r.Rating, r.Body, string(photos), r.CreatedAt); err != nil {
			return err
		}
		return adjustRatingTx(ctx, tx, r.ProductID, r.BrandID, r.Rating, +1)
	})
	if store.IsUniqueViolation(err) { // a concurrent review of the same line won
		return Review{}, fail(ErrAlreadyReviewed, "line %d of order %s is already reviewed", in.LineNo, in.OrderID)
	}
	return r, err
}

// checkReviewPhotos accepts only photos this shopper uploaded (their key
// prefix), that exist, within the count and size caps.
func (s *Service) checkReviewPhotos(ctx context.Context, shopperID string, keys []string) error {
	if len(keys) > MaxReviewPhotos {
		return fail(ErrInvalid, "a review has at most %d photos", MaxReviewPhotos)
	}
	if len(keys) == 0 {
		return nil
	}
	if s.blobs == nil {
		return fail(ErrInvalid, "no blob store configured for photos")
	}
	prefix := reviewPhotoPrefix + shopperID + "/"
	for i, k := range keys {
		if !strings.HasPrefix(k, prefix) || slices.Contains(keys[:i], k) {
			return fail(ErrInvalid, "photo %d is not one of your uploaded review photos (or is listed twice)", i)
		}
		info, err := s.blobs.Stat(ctx, k)
		if err != nil {
			return fail(ErrInvalid, "photo %d is not one of your uploaded review photos", i)
		}
		if info.Size > s.opts.MaxImageBytes {
			return fail(ErrImageTooLarge, "photo %d is larger than %d bytes", i, s.opts.MaxImageBytes)
		}
	}
	return nil
}

// UploadReviewPhoto stores a photo for a review the shopper is about to
// write and returns its key (content-addressed under reviews/<shopper>, so
// only that shopper can attach it). Same types and size cap as product
// images.
func (s *Service) UploadReviewPhoto(ctx context.Context, shopperID, contentType string, r io.Reader) (string, error) {
	return s.putImage(ctx, reviewPhotoPrefix+shopperID, contentType, r, "a photo")
}

// ReviewPhoto streams photo i of a visible review. The caller closes it.
func (s *Service) ReviewPhoto(ctx context.Context, reviewID string, i int) (io.ReadCloser, string, error) {
	r, err := s.review(ctx, s.db, reviewID)
	if err != nil || r.Status != ReviewVisible || i < 0 || i >= len(r.Photos) || s.blobs == nil {
		return nil, "", fail(ErrNotFound, "no such photo")
	}
	rc, info, err := s.blobs.Get(ctx, r.Photos[i])
	if err != nil {
		return nil, "", fail(ErrNotFound, "no such photo")
	}
	return rc, info.ContentType, nil
}

func (s *Service) review(ctx context.Context, q store.Querier, id string) (Review, error) {
	return scanReview(q.QueryRowContext(ctx, `SELECT `+reviewCols+` FROM commerce_reviews WHERE id = $1`, id))
}

// BrandReview returns one of the brand's reviews (hidden ones too).
func (s *Service) BrandReview(ctx context.Context, brandID, id string) (Review, error) {
	r, err := s.review(ctx, s.db, id)
	if err == nil && r.BrandID != brandID {
		return Review{}, fail(ErrNotFound, "no such review")
	}
	return r, err
}

// ReplyToReview records the brand's one reply to a review of its product.
// A second reply is already_replied; another brand's review is not found.
func (s *Service) ReplyToReview(ctx context.Context, brandID, reviewID, authorID, body string) (Review, error) {
	body = strings.TrimSpace(body)
	if err := checkText("reply", body, MaxReplyLen, true); err != nil {
		return Review{}, err
	}
	var r Review
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE commerce_reviews SET reply_body = $3, reply_by = $4, reply_at = $5
			WHERE id = $1 AND brand_id = $2 AND reply_at = 0`, reviewID, brandID, body, authorID, now())
		if err != nil {
			return err
		}
		r, err = s.review(ctx, tx, reviewID)
		if err != nil {
			return err
		}
		if r.BrandID != brandID {
			return fail(ErrNotFound, "no such review")
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return fail(ErrAlreadyReplied, "this review already has the brand's reply")
		}
		return nil
	})
	return r, err
}

// ModerateReview hides (hide=true) or shows again a review: an admin's
// action. Hiding takes the review out of the product's aggregates and
// listings and closes the open reports on it as actioned; showing puts it
// back. Doing what is already done changes nothing.
func (s *Service) ModerateReview(ctx context.Context, adminID, reviewID string, hide bool, reason string) (Review, error) {
	reason = strings.TrimSpace(reason)
	if err := checkText("reason", reason, MaxModerationNote, hide); err != nil {
		return Review{}, err
	}
	var r Review
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		var err error
		r, err = scanReview(tx.QueryRowContext(ctx, `SELECT `+reviewCols+` FROM commerce_reviews WHERE id = $1`+forUpdate(tx), reviewID))
		if err != nil {
			return err
		}
		want := ReviewVisible
		if hide {
			want = ReviewHidden
		}
		if r.Status == want {
			return nil
		}
		t := now()
		if hide {
			_, err = tx.ExecContext(ctx, `UPDATE commerce_reviews SET status = 'hidden', hidden_reason = $2, hidden_by = $3, hidden_at = $4 WHERE id = $1`,
				r.ID, reason, adminID, t)
			if err == nil {
				_, err = tx.ExecContext(ctx, `UPDATE commerce_review_reports SET status = 'actioned', resolved_by = $2, resolved_at = $3
					WHERE review_id = $1 AND status = 'open'`, r.ID, adminID, t)
			}
			if err == nil {
				err = adjustRatingTx(ctx, tx, r.ProductID, r.BrandID, r.Rating, -1)
			}
			r.Status, r.HiddenReason = ReviewHidden, reason
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE commerce_reviews SET status = 'visible', hidden_reason = '', hidden_by = '', hidden_at = 0 WHERE id = $1`, r.ID)
		if err == nil {
			err = adjustRatingTx(ctx, tx, r.ProductID, r.BrandID, r.Rating, +1)
		}
		r.Status, r.HiddenReason = ReviewVisible, ""
		return err
	})
	return r, err
}
