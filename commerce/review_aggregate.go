package commerce

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/shopspring/decimal"

	"github.com/soukhq/souk/store"
)

// RatingSummary aggregates the visible reviews of a product.
type RatingSummary struct {
	ProductID string `json:"productId"`
	Count     int64  `json:"count"`
	// Mean is the mean rating as a decimal string with two places, rounded
	// half away from zero ("4.67"); "" when there are no reviews.
	Mean string `json:"mean,omitempty"`
	// Distribution counts the reviews per rating: keys "1" … "5".
	Distribution map[string]int64 `json:"distribution"`
}

// MeanRating is the two-place mean of count ratings summing to sum.
func MeanRating(sum, count int64) string {
	if count <= 0 {
		return ""
	}
	return decimal.NewFromInt(sum).DivRound(decimal.NewFromInt(count), 2).StringFixed(2)
}

// adjustRatingTx adds (delta +1) or removes (delta -1) one rating from a
// product's aggregates, in the transaction of the review write. The table's
// CHECKs refuse any state where the counts disagree.
func adjustRatingTx(ctx context.Context, tx *store.Tx, productID, brandID string, rating, delta int) error {
	if rating < 1 || rating > 5 || (delta != 1 && delta != -1) {
		return fmt.Errorf("commerce: bad rating adjustment %d by %d", rating, delta)
	}
	col := fmt.Sprintf("r%d", rating) // from a checked int: not input text
	if delta < 0 {
		res, err := tx.ExecContext(ctx, `UPDATE commerce_product_ratings SET review_count = review_count - 1, rating_sum = rating_sum - $2,
			`+col+` = `+col+` - 1, updated_at = $3 WHERE product_id = $1`, productID, rating, now())
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return fmt.Errorf("commerce: no rating aggregates for product %s", productID)
		}
		return nil
	}
	// A decrement never inserts: PostgreSQL checks a proposed row's CHECKs
	// even when it ends in ON CONFLICT DO UPDATE.
	_, err := tx.ExecContext(ctx, `INSERT INTO commerce_product_ratings (product_id, brand_id, review_count, rating_sum, `+col+`, updated_at)
		VALUES ($1, $2, 1, $3, 1, $4)
		ON CONFLICT (product_id) DO UPDATE SET review_count = commerce_product_ratings.review_count + 1,
			rating_sum = commerce_product_ratings.rating_sum + $3, `+col+` = commerce_product_ratings.`+col+` + 1, updated_at = $4`,
		productID, brandID, rating, now())
	return err
}

// productExists checks a product id (any brand, any status).
func (s *Service) productBrand(ctx context.Context, productID string) (string, error) {
	var brand string
	err := s.db.QueryRowContext(ctx, `SELECT brand_id FROM commerce_products WHERE id = $1`, productID).Scan(&brand)
	if errors.Is(err, sql.ErrNoRows) {
		return "", fail(ErrNotFound, "no such product")
	}
	return brand, err
}

// ReviewSummary returns a product's rating aggregates (zeros when it has
// no reviews); an unknown product is not found.
func (s *Service) ReviewSummary(ctx context.Context, productID string) (RatingSummary, error) {
	if _, err := s.productBrand(ctx, productID); err != nil {
		return RatingSummary{}, err
	}
	sum := RatingSummary{ProductID: productID, Distribution: map[string]int64{}}
	var r [5]int64
	var total int64
	err := s.db.QueryRowContext(ctx, `SELECT review_count, rating_sum, r1, r2, r3, r4, r5 FROM commerce_product_ratings WHERE product_id = $1`,
		productID).Scan(&sum.Count, &total, &r[0], &r[1], &r[2], &r[3], &r[4])
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return sum, err
	}
	for i, n := range r {
		sum.Distribution[fmt.Sprint(i+1)] = n
	}
	sum.Mean = MeanRating(total, sum.Count)
	return sum, nil
}
