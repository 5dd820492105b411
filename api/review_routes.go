package api

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/soukhq/souk/commerce"
)

// Reviews: shoppers review lines of their completed orders and report
// abuse; brand staff read and reply once; admins moderate; anyone reads a
// product's visible reviews and rating summary.

// ReviewView is a review as its brand and admins see it.
type ReviewView struct {
	ID           string           `json:"id"`
	OrderID      string           `json:"order_id"`
	LineNo       int              `json:"line_no"`
	ProductID    string           `json:"product_id"`
	SKUID        string           `json:"sku_id"`
	BrandID      string           `json:"brand_id"`
	ShopperID    string           `json:"shopper_id"`
	Rating       int              `json:"rating"`
	Body         string           `json:"body"`
	Photos       []string         `json:"photos" doc:"Paths of the public photo route"`
	Status       string           `json:"status" enum:"visible,hidden"`
	HiddenReason string           `json:"hidden_reason,omitempty"`
	Reply        *ReviewReplyView `json:"reply,omitempty"`
	CreatedAt    time.Time        `json:"created_at"`
}

// ReviewReplyView is the brand's one reply.
type ReviewReplyView struct {
	Body string    `json:"body"`
	By   string    `json:"by,omitempty" doc:"The brand member (brand and admin views only)"`
	At   time.Time `json:"at"`
}

// PublicReviewView is a review as anyone sees it.
type PublicReviewView struct {
	ID        string           `json:"id"`
	ProductID string           `json:"product_id"`
	SKUID     string           `json:"sku_id"`
	Rating    int              `json:"rating"`
	Body      string           `json:"body"`
	Photos    []string         `json:"photos"`
	Reply     *ReviewReplyView `json:"reply,omitempty"`
	CreatedAt time.Time        `json:"created_at"`
}

// RatingSummaryView aggregates a product's visible reviews.
type RatingSummaryView struct {
	ProductID    string           `json:"product_id"`
	Count        int64            `json:"count"`
	Mean         string           `json:"mean,omitempty" doc:"Mean rating, two decimals rounded half up; absent with no reviews"`
	Distribution map[string]int64 `json:"distribution" doc:"Reviews per rating, keys 1 to 5"`
}

// ReviewReportView is an abuse report.
type ReviewReportView struct {
	ID         string     `json:"id"`
	ReviewID   string     `json:"review_id"`
	BrandID    string     `json:"brand_id"`
	ReporterID string     `json:"reporter_id"`
	Reason     string     `json:"reason"`
	Note       string     `json:"note,omitempty"`
	Status     string     `json:"status"`
	ResolvedAt *time.Time `json:"resolved_at,omitempty"`
	CreatedAt  time.Time  `json:"created_at"`
}

func reviewView(r commerce.Review) ReviewView {
	v := ReviewView{ID: r.ID, OrderID: r.OrderID, LineNo: r.LineNo, ProductID: r.ProductID, SKUID: r.SKUID,
		BrandID:   r.BrandID,
		ShopperID: r.ShopperID, Rating: r.Rating, Body: r.Body, Photos: r.Public().Photos, Status: r.Status,
		HiddenReason: r.HiddenReason,
		CreatedAt:    ts(r.CreatedAt)}
	if r.Reply != nil {
		v.Reply = &ReviewReplyView{Body: r.Reply.Body, By: r.Reply.By, At: ts(r.Reply.At)}
	}
	return v
}

func publicReviewView(r commerce.PublicReview) PublicReviewView {
	v := PublicReviewView{ID: r.ID, ProductID: r.ProductID, SKUID: r.SKUID, Rating: r.Rating, Body: r.Body,
		Photos: r.Photos, CreatedAt: ts(r.CreatedAt)}
	if r.Reply != nil {
		v.Reply = &ReviewReplyView{Body: r.Reply.Body, At: ts(r.Reply.At)}
	}
	return v
}

func reportView(r commerce.ReviewReport) ReviewReportView {
	return ReviewReportView{ID: r.ID, ReviewID: r.ReviewID, BrandID: r.BrandID, ReporterID: r.ReporterID,
		Reason: r.Reason, Note: r.Note,
		Status: r.Status, ResolvedAt: tsPtr(r.ResolvedAt), CreatedAt: ts(r.CreatedAt)}
}

type createReviewInput struct {
	OrderID string `path:"orderId" maxLength:"64"`
	LineNo  int    `path:"lineNo" minimum:"1" maximum:"1000"`
	Body    struct {
		Rating int      `json:"rating" minimum:"1" maximum:"5"`
		Body   string   `json:"body,omitempty" maxLength:"8000" doc:"At most 2000 characters"`
		Photos []string `json:"photos,omitempty" maxItems:"6" doc:"Keys from POST /api/v1/me/review-photos"`
	}
}

type reviewOutput struct{ Body ReviewView }

type uploadReviewPhotoInput struct {
	ContentType string `header:"Content-Type"`
	RawBody     []byte `contentType:"image/*" doc:"The photo's bytes"`
}

type reviewPhotoKeyOutput struct {
	Body struct {
		Key string `json:"key" doc:"Pass it in a review's photos"`
	}
}

type reportReviewInput struct {
	ReviewID string `path:"reviewId" maxLength:"64"`
	Body     struct {
		Reason string `json:"reason" enum:"spam,offensive,off_topic,fake,personal_data,other"`
		Note   string `json:"note,omitempty" maxLength:"2000"`
	}
}

type reportOutput struct{ Body ReviewReportView }

type productReviewsInput struct {
	ProductID string `path:"productId" maxLength:"64"`
	Rating    int    `query:"rating" minimum:"0" maximum:"5" doc:"Only this rating"`
	PageParams
}

type productPathInput struct {
	ProductID string `path:"productId" maxLength:"64"`
}

type summaryOutput struct{ Body RatingSummaryView }

type reviewPhotoInput struct {
	ReviewID string `path:"reviewId" maxLength:"64"`
	N        int    `path:"n" minimum:"0" maximum:"100"`
}

type brandReviewsInput struct {
	OrgID     string `path:"orgId" maxLength:"64"`
	ProductID string `query:"product_id" maxLength:"64"`
	Status    string `query:"status" enum:"visible,hidden," doc:"Only visible or hidden reviews"`
	Rating    int    `query:"rating" minimum:"0" maximum:"5"`
	PageParams
}

type brandReviewInput struct {
	OrgID    string `path:"orgId" maxLength:"64"`
	ReviewID string `path:"reviewId" maxLength:"64"`
}

type replyInput struct {
	OrgID    string `path:"orgId" maxLength:"64"`
	ReviewID string `path:"reviewId" maxLength:"64"`
	Body     struct {
		Body string `json:"body" minLength:"1" maxLength:"4000" doc:"At most 1000 characters"`
	}
}

type reportsInput struct {
	Status string `query:"status" enum:"open,dismissed,actioned,"`
	PageParams
}

type brandReportsInput struct {
	OrgID  string `path:"orgId" maxLength:"64"`
	Status string `query:"status" enum:"open,dismissed,actioned,"`
	PageParams
}

type moderateInput struct {
	ReviewID string `path:"reviewId" maxLength:"64"`
	Body     struct {
		Hidden bool   `json:"hidden" doc:"true hides the review (out of listings and aggregates); false shows it again"`
		Reason string `json:"reason,omitempty" maxLength:"2000" doc:"Required to hide"`
	}
}

type reportPathInput struct {
	ReportID string `path:"reportId" maxLength:"64"`
}

func (s *Server) registerReviews() {
	if s.Commerce == nil {
		return
	}
	Register(s, User, opCreateReview, s.createReview)
	Register(s, User, opUploadReviewPhoto, s.uploadReviewPhoto)
	Register(s, User, opReportReview, s.reportReview)
	Register(s, Public, opListProductReviews, s.listProductReviews)
	Register(s, Public, opGetReviewSummary, s.getReviewSummary)
	Register(s, Public, opGetReviewPhoto, s.getReviewPhoto)
	Register(s, brandRead, opListBrandReviews, s.listBrandReviews)
	Register(s, brandRead, opGetBrandReview, s.getBrandReview)
	Register(s, brandRead, opReplyReview, s.replyReview)
	Register(s, brandRead, opListBrandReviewReports, s.listBrandReviewReports)
	Register(s, Admin, opAdminListReviewReports, s.adminListReviewReports)
	Register(s, Admin, opAdminModerateReview, s.adminModerateReview)
	Register(s, Admin, opAdminDismissReviewReport, s.adminDismissReviewReport)
}

var opCreateReview = huma.Operation{
	OperationID:   "create-review",
	Method:        http.MethodPost,
	Path:          "/api/v1/orders/{orderId}/lines/{lineNo}/review",
	Tags:          []string{"reviews"},
	Summary:       "Review a line of your completed order",
	DefaultStatus: http.StatusCreated,
	Description: "Only the order's shopper, only once the order is completed (or a dispute on a completed " +
		"order was resolved without a full refund), once per line.",
}

func (s *Server) createReview(ctx context.Context, in *createReviewInput) (*reviewOutput, error) {
	r,
		err := s.Commerce.CreateReview(ctx, caller(ctx).User.ID,
		commerce.ReviewInput{OrderID: in.OrderID, LineNo: in.LineNo,
			Rating: in.Body.Rating, Body: in.Body.Body, Photos: in.Body.Photos})
	if err != nil {
		return nil, err
	}
	return &reviewOutput{Body: reviewView(r)}, nil
}

var opUploadReviewPhoto = huma.Operation{
	OperationID:   "upload-review-photo",
	Method:        http.MethodPost,
	Path:          "/api/v1/me/review-photos",
	Tags:          []string{"reviews"},
	Summary:       "Upload a photo for a review you are writing",
	DefaultStatus: http.StatusCreated,
	MaxBodyBytes:  6 << 20,
	Description:   "Send the bytes with their Content-Type (image/png, image/jpeg, image/gif, image/webp); at most 5 MiB.",
}

func (s *Server) uploadReviewPhoto(ctx context.Context, in *uploadReviewPhotoInput) (*reviewPhotoKeyOutput, error) {
	mt, err := imageMediaType(in.ContentType, "photo")
	if err != nil {
		return nil, err
	}
	key, err := s.Commerce.UploadReviewPhoto(ctx, caller(ctx).User.ID, mt, bytes.NewReader(in.RawBody))
	if err != nil {
		return nil, err
	}
	out := &reviewPhotoKeyOutput{}
	out.Body.Key = key
	return out, nil
}

var opReportReview = huma.Operation{
	OperationID:   "report-review",
	Method:        http.MethodPost,
	Path:          "/api/v1/reviews/{reviewId}/reports",
	Tags:          []string{"reviews"},
	Summary:       "Report a review as abusive",
	DefaultStatus: http.StatusCreated,
}

func (s *Server) reportReview(ctx context.Context, in *reportReviewInput) (*reportOutput, error) {
	r, err := s.Commerce.ReportReview(ctx, caller(ctx).User.ID, in.ReviewID, in.Body.Reason, in.Body.Note)
	if err != nil {
		return nil, err
	}
	return &reportOutput{Body: reportView(r)}, nil
}

var opListProductReviews = huma.Operation{
	OperationID: "list-product-reviews",
	Method:      http.MethodGet,
	Path:        "/api/v1/products/{productId}/reviews",
	Tags:        []string{"reviews"},
	Summary:     "A product's visible reviews, newest first",
}

func (s *Server) listProductReviews(ctx context.Context, in *productReviewsInput) (*pageOutput[PublicReviewView],
	error) {
	id := func(r PublicReviewView) string { return r.ID }
	return listPage(ctx, in.PageParams, id, func(ctx context.Context, after string, n int) ([]PublicReviewView, error) {
		p,
			err := s.Commerce.ProductReviews(ctx, in.ProductID,
			commerce.ReviewFilter{Rating: in.Rating, Before: after, Limit: n})
		return mapSlice(p.Public().Reviews, publicReviewView), err
	})
}

var opGetReviewSummary = huma.Operation{
	OperationID: "get-review-summary",
	Method:      http.MethodGet,
	Path:        "/api/v1/products/{productId}/reviews/summary",
	Tags:        []string{"reviews"},
	Summary:     "A product's rating: count, mean and distribution",
}

func (s *Server) getReviewSummary(ctx context.Context, in *productPathInput) (*summaryOutput, error) {
	sum, err := s.Commerce.ReviewSummary(ctx, in.ProductID)
	if err != nil {
		return nil, err
	}
	return &summaryOutput{Body: RatingSummaryView{ProductID: sum.ProductID, Count: sum.Count, Mean: sum.Mean,
		Distribution: sum.Distribution}}, nil
}

var opGetReviewPhoto = huma.Operation{
	OperationID: "get-review-photo",
	Method:      http.MethodGet,
	Path:        "/api/v1/reviews/{reviewId}/photos/{n}",
	Tags:        []string{"reviews"},
	Summary:     "Photo n of a visible review",
}

func (s *Server) getReviewPhoto(ctx context.Context, in *reviewPhotoInput) (*imageOutput, error) {
	rc, ct, err := s.Commerce.ReviewPhoto(ctx, in.ReviewID, in.N)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	b, err := io.ReadAll(rc)
	if err != nil {
		return nil, err
	}
	// Not immutable: hiding the review withdraws the photo.
	return &imageOutput{ContentType: ct, CacheControl: "public, max-age=300", Body: b}, nil
}

var opListBrandReviews = huma.Operation{
	OperationID: "list-brand-reviews",
	Method:      http.MethodGet,
	Path:        "/api/v1/orgs/{orgId}/reviews",
	Tags:        []string{"reviews"},
	Summary:     "Reviews of the brand's products, hidden ones too (all brand staff)",
}

func (s *Server) listBrandReviews(ctx context.Context, in *brandReviewsInput) (*pageOutput[ReviewView], error) {
	id := func(r ReviewView) string { return r.ID }
	return listPage(ctx, in.PageParams, id, func(ctx context.Context, after string, n int) ([]ReviewView, error) {
		f := commerce.ReviewFilter{ProductID: in.ProductID, Status: in.Status, Rating: in.Rating, Before: after,
			Limit: n}
		p, err := s.Commerce.BrandReviews(ctx, in.OrgID, f)
		return mapSlice(p.Reviews, reviewView), err
	})
}

var opGetBrandReview = huma.Operation{
	OperationID: "get-brand-review",
	Method:      http.MethodGet,
	Path:        "/api/v1/orgs/{orgId}/reviews/{reviewId}",
	Tags:        []string{"reviews"},
	Summary:     "One review of the brand's products, hidden or not, with its reply",
}

func (s *Server) getBrandReview(ctx context.Context, in *brandReviewInput) (*reviewOutput, error) {
	r, err := s.Commerce.BrandReview(ctx, in.OrgID, in.ReviewID)
	if err != nil {
		return nil, err
	}
	return &reviewOutput{Body: reviewView(r)}, nil
}

var opReplyReview = huma.Operation{
	OperationID:   "reply-review",
	Method:        http.MethodPost,
	Path:          "/api/v1/orgs/{orgId}/reviews/{reviewId}/reply",
	Tags:          []string{"reviews"},
	Summary:       "Reply to a review of the brand's product (once; all brand staff)",
	DefaultStatus: http.StatusCreated,
}

func (s *Server) replyReview(ctx context.Context, in *replyInput) (*reviewOutput, error) {
	r, err := s.Commerce.ReplyToReview(ctx, in.OrgID, in.ReviewID, caller(ctx).User.ID, in.Body.Body)
	if err != nil {
		return nil, err
	}
	return &reviewOutput{Body: reviewView(r)}, nil
}

var opListBrandReviewReports = huma.Operation{
	OperationID: "list-brand-review-reports",
	Method:      http.MethodGet,
	Path:        "/api/v1/orgs/{orgId}/review-reports",
	Tags:        []string{"reviews"},
	Summary:     "Abuse reports on the brand's reviews",
}

func (s *Server) listBrandReviewReports(ctx context.Context, in *brandReportsInput) (*pageOutput[ReviewReportView],
	error) {
	return s.reports(ctx, in.OrgID, reportsInput{Status: in.Status, PageParams: in.PageParams})
}

var opAdminListReviewReports = huma.Operation{
	OperationID: "admin-list-review-reports",
	Method:      http.MethodGet,
	Path:        "/api/v1/admin/review-reports",
	Tags:        []string{"admin"},
	Summary:     "Every abuse report",
}

func (s *Server) adminListReviewReports(ctx context.Context, in *reportsInput) (*pageOutput[ReviewReportView], error) {
	return s.reports(ctx, "", *in)
}

var opAdminModerateReview = huma.Operation{
	OperationID: "admin-moderate-review",
	Method:      http.MethodPost,
	Path:        "/api/v1/admin/reviews/{reviewId}/moderation",
	Tags:        []string{"admin"},
	Summary:     "Hide a review (its open reports become actioned) or show it again",
}

func (s *Server) adminModerateReview(ctx context.Context, in *moderateInput) (*reviewOutput, error) {
	r, err := s.Commerce.ModerateReview(ctx, caller(ctx).User.ID, in.ReviewID, in.Body.Hidden, in.Body.Reason)
	if err != nil {
		return nil, err
	}
	return &reviewOutput{Body: reviewView(r)}, nil
}

var opAdminDismissReviewReport = huma.Operation{
	OperationID: "admin-dismiss-review-report",
	Method:      http.MethodPost,
	Path:        "/api/v1/admin/review-reports/{reportId}/dismiss",
	Tags:        []string{"admin"},
	Summary:     "Close a report without action",
}

func (s *Server) adminDismissReviewReport(ctx context.Context, in *reportPathInput) (*reportOutput, error) {
	r, err := s.Commerce.DismissReport(ctx, caller(ctx).User.ID, in.ReportID)
	if err != nil {
		return nil, err
	}
	return &reportOutput{Body: reportView(r)}, nil
}

func (s *Server) reports(ctx context.Context, brandID string, in reportsInput) (*pageOutput[ReviewReportView], error) {
	id := func(r ReviewReportView) string { return r.ID }
	return listPage(ctx, in.PageParams, id, func(ctx context.Context, after string, n int) ([]ReviewReportView, error) {
		rs,
			err := s.Commerce.ReviewReports(ctx,
			commerce.ReportFilter{BrandID: brandID, Status: in.Status, Before: after, Limit: n})
		return mapSlice(rs, reportView), err
	})
}
