package console

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/soukhq/souk/commerce"
	"github.com/soukhq/souk/web/site"
)

// The reviews page: every review of the brand's products, newest first,
// 20 a page, with the rating in words; the brand replies once to a review
// and reports abusive ones to the platform's moderators. All staff may, as
// in the API (brandRead): answering shoppers is an agent's work too.

const reviewsPage = 20

type reviewRow struct {
	ID, Product, ProductID, Created, Body, Status, Reply, ReplyAt string
	Rating, Photos                                                int
	Replied                                                       bool
}

type reviewsData struct {
	Rating  string
	Rows    []reviewRow
	Next    string
	Reasons []string
}

func (p *seller) reviews(r *site.Req, b brandCtx) error {
	return p.showReviews(r, b, http.StatusOK, "", "")
}

func (p *seller) showReviews(r *site.Req, b brandCtx, status int, errMsg, notice string) error {
	d := reviewsData{Rating: r.Query("rating"), Reasons: commerce.ReportReasons}
	f := commerce.ReviewFilter{Before: r.Query("before"), Limit: reviewsPage}
	if d.Rating != "" {
		n, err := strconv.Atoi(d.Rating)
		if err != nil || n < 1 || n > 5 {
			return r.NotFound()
		}
		f.Rating = n
	}
	page, err := p.Commerce.BrandReviews(r.Context(), b.ID, f)
	if errors.Is(err, commerce.ErrInvalid) {
		return r.NotFound()
	}
	if err != nil {
		return err
	}
	titles := map[string]string{}
	for _, rv := range page.Reviews {
		if _, ok := titles[rv.ProductID]; !ok {
			titles[rv.ProductID] = rv.ProductID
			if pr, err := p.Commerce.Product(r.Context(), b.ID, rv.ProductID); err == nil {
				titles[rv.ProductID] = pr.Title
			}
		}
		row := reviewRow{ID: rv.ID, Product: titles[rv.ProductID], ProductID: rv.ProductID, Created: fmtTime(rv.CreatedAt), Body: rv.Body,
			Status: rv.Status, Rating: rv.Rating, Photos: len(rv.Photos)}
		if rv.Reply != nil {
			row.Replied, row.Reply, row.ReplyAt = true, rv.Reply.Body, fmtTime(rv.Reply.At)
		}
		d.Rows = append(d.Rows, row)
	}
	if page.Next != "" {
		q := url.Values{"before": {page.Next}}
		if d.Rating != "" {
			q.Set("rating", d.Rating)
		}
		d.Next = "/seller/" + b.ID + "/reviews?" + q.Encode()
	}
	return p.render(r, status, "reviews", "seller.reviews.title", b, d, func(pg *site.Page) { pg.Error, pg.Notice = errMsg, notice })
}

func (p *seller) reviewRefused(r *site.Req, b brandCtx, err error) error {
	var ce *commerce.Error
	if errors.Is(err, commerce.ErrNotFound) {
		return r.NotFound()
	}
	if errors.As(err, &ce) {
		return p.showReviews(r, b, http.StatusUnprocessableEntity, r.L.T("seller.order.refused", ce.Error()), "")
	}
	return err
}

// replyReview posts the brand's one reply.
func (p *seller) replyReview(r *site.Req, b brandCtx) error {
	_, err := p.Commerce.ReplyToReview(r.Context(), b.ID, r.Params("reviewId"), r.UserID(), strings.TrimSpace(r.FormValue("reply")))
	if err != nil {
		return p.reviewRefused(r, b, err)
	}
	return p.showReviews(r, b, http.StatusOK, "", r.L.T("seller.reviews.replied"))
}

// reportReview reports a review of the brand's as abusive.
func (p *seller) reportReview(r *site.Req, b brandCtx) error {
	if _, err := p.Commerce.BrandReview(r.Context(), b.ID, r.Params("reviewId")); err != nil {
		return p.reviewRefused(r, b, err)
	}
	_, err := p.Commerce.ReportReview(r.Context(), r.UserID(), r.Params("reviewId"), r.FormValue("reason"), r.FormValue("note"))
	if err != nil {
		return p.reviewRefused(r, b, err)
	}
	return p.showReviews(r, b, http.StatusOK, "", r.L.T("seller.reviews.reported"))
}
