package commerce

import (
	"context"
	"strconv"
)

// ReviewFilter narrows and pages a review listing, newest first.
type ReviewFilter struct {
	ProductID string // brand listings: only this product
	Rating    int    // 1-5: only this rating; 0: all
	Status    string // brand listings: visible or hidden ("" both); public listings are visible only
	Before    string // the previous page's Next
	Limit     int    // default 20, at most 200
}

// ReviewPage is one page of reviews; Next is "" on the last page.
type ReviewPage struct {
	Reviews []Review `json:"reviews"`
	Next    string   `json:"next,omitempty"`
}

// PublicReviewPage is a page of public reviews.
type PublicReviewPage struct {
	Reviews []PublicReview `json:"reviews"`
	Next    string         `json:"next,omitempty"`
}

// Public returns the public view of the page.
func (p ReviewPage) Public() PublicReviewPage {
	out := PublicReviewPage{Reviews: make([]PublicReview, 0, len(p.Reviews)), Next: p.Next}
	for _, r := range p.Reviews {
		out.Reviews = append(out.Reviews, r.Public())
	}
	return out
}

// ProductReviews lists the visible reviews of a product (anyone may read
// them); an unknown product is not found.
func (s *Service) ProductReviews(ctx context.Context, productID string, f ReviewFilter) (ReviewPage, error) {
	if _, err := s.productBrand(ctx, productID); err != nil {
		return ReviewPage{}, err
	}
	f.ProductID, f.Status = productID, ReviewVisible
	return s.listReviews(ctx, "", f)
}

// BrandReviews lists the reviews of the brand's products, hidden ones too.
func (s *Service) BrandReviews(ctx context.Context, brandID string, f ReviewFilter) (ReviewPage, error) {
	if f.Status != "" && f.Status != ReviewVisible && f.Status != ReviewHidden {
		return ReviewPage{}, fail(ErrInvalid, "status must be visible or hidden")
	}
	return s.listReviews(ctx, brandID, f)
}

func (s *Service) listReviews(ctx context.Context, brandID string, f ReviewFilter) (ReviewPage, error) {
	if f.Limit <= 0 || f.Limit > 200 {
		f.Limit = 20
	}
	if f.Rating < 0 || f.Rating > 5 {
		return ReviewPage{}, fail(ErrInvalid, "rating must be 1 to 5")
	}
	q := `SELECT ` + reviewCols + ` FROM commerce_reviews WHERE 1 = 1`
	var args []any
	arg := func(v any) string {
		args = append(args, v)
		return "$" + strconv.Itoa(len(args))
	}
	if brandID != "" {
		q += ` AND brand_id = ` + arg(brandID)
	}
	if f.ProductID != "" {
		q += ` AND product_id = ` + arg(f.ProductID)
	}
	if f.Status != "" {
		q += ` AND status = ` + arg(f.Status)
	}
	if f.Rating != 0 {
		q += ` AND rating = ` + arg(f.Rating)
	}
	if f.Before != "" {
		q += ` AND id < ` + arg(f.Before)
	}
	// Ids start with their creation time, so id order is newest-first order.
	q += ` ORDER BY id DESC LIMIT ` + arg(f.Limit+1)
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return ReviewPage{}, err
	}
	defer rows.Close()
	page := ReviewPage{Reviews: []Review{}}
	for rows.Next() {
		r, err := scanReview(rows)
		if err != nil {
			return ReviewPage{}, err
		}
		page.Reviews = append(page.Reviews, r)
	}
	if err := rows.Err(); err != nil {
		return ReviewPage{}, err
	}
	if len(page.Reviews) > f.Limit {
		page.Reviews = page.Reviews[:f.Limit]
		page.Next = page.Reviews[f.Limit-1].ID
	}
	return page, nil
}

// ShopperOrderReviews lists the shopper's own reviews of one of their
// orders, by line (hidden ones too: the author sees what they wrote).
// Another shopper's order, or an unknown one, is not found.
func (s *Service) ShopperOrderReviews(ctx context.Context, shopperID, orderID string) ([]Review, error) {
	if _, err := s.ShopperOrder(ctx, shopperID, orderID); err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT `+reviewCols+` FROM commerce_reviews WHERE order_id = $1 AND shopper_id = $2 ORDER BY line_no`,
		orderID, shopperID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Review
	for rows.Next() {
		r, err := scanReview(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}
