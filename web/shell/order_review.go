package shell

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/soukhq/souk/commerce"
	"github.com/soukhq/souk/web/site"
)

// Reviews from the order centre: once an order is a kept purchase
// (commerce decides: completed, or a dispute resolved without a full
// refund), each line offers a review — a rating, text and up to
// commerce.MaxReviewPhotos photos. The photos go to the host's blob store
// through commerce.UploadReviewPhoto (the same method the API's upload
// uses), and the review through commerce.CreateReview, which checks that
// the order and the photos are the shopper's own. A posted review shows
// on the order with its photos, served by the public photo route.

// maxPhotoBytes bounds what is read of one photo (commerce's cap, 5 MiB
// by default, is checked again there); fiber's BodyLimit caps the post.
const maxPhotoBytes = 8 << 20

type reviewItem struct {
	ID, Rating, Body, Stars string
	Hidden                  bool
	Photos                  []reviewPhoto
	Reply                   string
}

type reviewPhoto struct{ Src, Alt string }

type lineReview struct {
	LineNo int
	Title  string
	Review *reviewItem // nil: not reviewed yet
}

// orderReviews fills the review part of an order page.
func (p *pages) orderReviews(r *site.Req, o commerce.Order, d *orderData) error {
	if !reviewableState(o) {
		return nil
	}
	rs, err := p.Apps.Commerce.ShopperOrderReviews(r.Context(), r.UserID(), o.ID)
	if err != nil {
		return err
	}
	byLine := map[int]commerce.Review{}
	for _, rv := range rs {
		byLine[rv.LineNo] = rv
	}
	for _, l := range o.Lines {
		lr := lineReview{LineNo: l.No, Title: l.Title}
		if rv, ok := byLine[l.No]; ok {
			it := &reviewItem{ID: rv.ID, Rating: strconv.Itoa(rv.Rating), Body: rv.Body, Hidden: rv.Status != commerce.ReviewVisible,
				Stars: strings.Repeat("★", rv.Rating) + strings.Repeat("☆", 5-rv.Rating)}
			if !it.Hidden {
				for i, src := range rv.Public().Photos {
					it.Photos = append(it.Photos, reviewPhoto{Src: src, Alt: r.L.T("review.photo_alt", i+1, l.Title)})
				}
			}
			if rv.Reply != nil {
				it.Reply = rv.Reply.Body
			}
			lr.Review = it
		} else {
			d.CanReview = true
		}
		d.Reviews = append(d.Reviews, lr)
	}
	return nil
}

// reviewableState mirrors commerce's rule for showing the forms; commerce
// decides again when the review is posted.
func reviewableState(o commerce.Order) bool {
	switch o.State {
	case commerce.StateCompleted:
		return true
	case commerce.StateResolved:
		return o.CompletedAt != 0 && o.Refunded < o.Total
	}
	return false
}

var errReviewForm = errors.New("shell: bad review form")

// postReview uploads the photos of a multipart post and records the review.
func (p *pages) postReview(r *site.Req) error {
	orderID := r.Params("id")
	line, err := strconv.Atoi(r.Params("line"))
	if err != nil || line < 1 {
		return r.NotFound()
	}
	// The order must be the shopper's before anything is stored for it.
	if _, err := p.Apps.Commerce.ShopperOrder(r.Context(), r.UserID(), orderID); err != nil {
		if commerce.Code(err) == commerce.ErrNotFound.Code {
			return r.NotFound()
		}
		return err
	}
	rating, err := strconv.Atoi(r.FormValue("rating"))
	body := strings.TrimSpace(r.FormValue("body"))
	in := commerce.ReviewInput{OrderID: orderID, LineNo: line, Rating: rating, Body: body}
	if err != nil || rating < 1 || rating > 5 {
		return p.afterReview(r, errReviewForm, line, body)
	}
	if form, ferr := r.MultipartForm(); ferr == nil {
		files := form.File["photos"]
		n := 0
		for _, fh := range files {
			if fh.Size == 0 && fh.Filename == "" {
				continue // an empty file input
			}
			n++
		}
		if n > commerce.MaxReviewPhotos {
			return p.afterReview(r, errTooManyPhotos, line, body)
		}
		for _, fh := range files {
			if fh.Size == 0 && fh.Filename == "" {
				continue
			}
			if fh.Size > maxPhotoBytes {
				return p.afterReview(r, commerce.ErrImageTooLarge, line, body)
			}
			f, err := fh.Open()
			if err != nil {
				return err
			}
			data, err := io.ReadAll(io.LimitReader(f, maxPhotoBytes+1))
			f.Close()
			if err != nil {
				return err
			}
			// The browser's claimed type is not trusted: commerce checks
			// that the bytes are the type they are stored as.
			key, err := p.Apps.Commerce.UploadReviewPhoto(r.Context(), r.UserID(), http.DetectContentType(data), bytes.NewReader(data))
			if err != nil {
				return p.afterReview(r, err, line, body)
			}
			in.Photos = append(in.Photos, key)
		}
	}
	_, err = p.Apps.Commerce.CreateReview(r.Context(), r.UserID(), in)
	if err == nil {
		return r.SeeOther(fmt.Sprintf("/orders/%s?done=review#review-%d", orderID, line))
	}
	return p.afterReview(r, err, line, body)
}

var errTooManyPhotos = errors.New("shell: too many photos")

func (p *pages) afterReview(r *site.Req, err error, line int, body string) error {
	if commerce.Code(err) == commerce.ErrNotFound.Code {
		return r.NotFound()
	}
	var msg string
	switch {
	case errors.Is(err, errReviewForm):
		msg = r.L.T("review.err.rating")
	case errors.Is(err, errTooManyPhotos):
		msg = r.L.T("review.err.photos", commerce.MaxReviewPhotos)
	case commerce.Code(err) == commerce.ErrImageTooLarge.Code:
		msg = r.L.T("review.err.image_too_large")
	case commerce.Code(err) == commerce.ErrInvalid.Code:
		msg = r.L.T("review.err.invalid_input")
	case commerce.Code(err) == commerce.ErrReviewNotAllowed.Code, commerce.Code(err) == commerce.ErrAlreadyReviewed.Code:
		msg = r.L.T("review.err." + commerce.Code(err))
	default:
		return err
	}
	return p.renderOrderWith(r, http.StatusUnprocessableEntity, msg, func(d *orderData) {
		d.ReviewLine, d.ReviewBody = line, body
	})
}
