package commerce

import (
	"context"

	"github.com/soukhq/souk/runtime"
)

// ReviewsListArgs are the arguments of reviews.list.
type ReviewsListArgs struct {
	ProductID string `json:"productId"`
	Rating    int    `json:"rating,omitzero"`
	Before    string `json:"before,omitzero"`
	Limit     int    `json:"limit,omitzero"`
}

// ReviewsSummaryArgs are the arguments of reviews.summary.
type ReviewsSummaryArgs struct {
	ProductID string `json:"productId"`
}

// ReviewHostAPIs are the read-only review APIs for mini-programs, behind
// the "reviews" permission and scoped to the installation's brand: a
// product of another brand is not_found. There is deliberately no API that
// writes a review, a reply or a report: reviews come from shoppers through
// the host's own pages and API only.
func (s *Service) ReviewHostAPIs() []runtime.HostAPI {
	return []runtime.HostAPI{
		runtime.DefineAPI("reviews.list", "reviews", func(ctx context.Context, ev *runtime.HostEvent, a ReviewsListArgs) (PublicReviewPage, error) {
			if err := s.hostBrandProduct(ctx, ev, a.ProductID); err != nil {
				return PublicReviewPage{}, err
			}
			if a.Rating < 0 || a.Rating > 5 || a.Limit < 0 || a.Limit > 100 || len(a.Before) > 64 {
				return PublicReviewPage{}, runtime.HostErr(runtime.CodeInvalidArgs, "reviews.list: rating is 1-5, limit 1-100")
			}
			p, err := s.ProductReviews(ctx, a.ProductID, ReviewFilter{Rating: a.Rating, Before: a.Before, Limit: a.Limit})
			if err != nil {
				return PublicReviewPage{}, err
			}
			return p.Public(), nil
		}),
		runtime.DefineAPI("reviews.summary", "reviews", func(ctx context.Context, ev *runtime.HostEvent, a ReviewsSummaryArgs) (RatingSummary, error) {
			if err := s.hostBrandProduct(ctx, ev, a.ProductID); err != nil {
				return RatingSummary{}, err
			}
			return s.ReviewSummary(ctx, a.ProductID)
		}),
	}
}

// hostBrandProduct checks that productID is a product of the event's brand.
func (s *Service) hostBrandProduct(ctx context.Context, ev *runtime.HostEvent, productID string) error {
	if productID == "" || len(productID) > 64 {
		return runtime.HostErr(runtime.CodeInvalidArgs, "productId is required")
	}
	brand, err := s.productBrand(ctx, productID)
	if Code(err) == ErrNotFound.Code || (err == nil && (ev.BrandID == "" || brand != ev.BrandID)) {
		return runtime.HostErr("not_found", "no such product")
	}
	return err
}
