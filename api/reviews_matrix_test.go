package api_test

import (
	"bytes"

	"github.com/soukhq/souk/commerce"
)

// Review and search fixtures for the authorization matrix, made through
// the service.

func (w *world) completedOrder(role string) commerce.Order {
	w.h.t.Helper()
	o := w.deliveredOrder(role)
	done, err := w.h.com.ConfirmReceipt(t0ctx, o.ShopperID, o.ID)
	if err != nil {
		w.h.t.Fatal(err)
	}
	return done
}

// review is a fresh visible review by the shopper of a product of the brand.
func (w *world) review() commerce.Review {
	w.h.t.Helper()
	o := w.completedOrder("shopper")
	r, err := w.h.com.CreateReview(t0ctx, o.ShopperID, commerce.ReviewInput{OrderID: o.ID, LineNo: 1, Rating: 4, Body: "fine"})
	if err != nil {
		w.h.t.Fatal(err)
	}
	return r
}

func init() {
	staff := map[string]int{"anonymous": 401, "brand_owner": 200, "brand_manager": 200, "brand_agent": 200, "*": 404}
	admin := map[string]int{"anonymous": 401, "admin": 200, "*": 403}
	org := func(w *world, rest string) string { return "/api/v1/orgs/" + w.brand + rest }

	// Every signed-in user is a shopper and may review their own completed
	// order line (the order is the role's own; anonymous gets 401 first).
	matrix["create-review"] = matrixCase{
		request: func(w *world, role string) (string, any) {
			o := w.completedOrder(role)
			return "/api/v1/orders/" + o.ID + "/lines/1/review", map[string]any{"rating": 5, "body": "great"}
		},
		want: map[string]int{"anonymous": 401, "*": 201},
	}
	// The matrix sends JSON's Content-Type: a signed-in user reaches the
	// handler and is told to send an image (415).
	matrix["upload-review-photo"] = matrixCase{
		request: func(w *world, role string) (string, any) { return "/api/v1/me/review-photos", pngBytes },
		want:    map[string]int{"anonymous": 401, "*": 415},
	}
	// Anyone signed in may report; the review's author may not (400).
	matrix["report-review"] = matrixCase{
		request: func(w *world, role string) (string, any) {
			return "/api/v1/reviews/" + w.review().ID + "/reports", map[string]string{"reason": "spam"}
		},
		want: map[string]int{"anonymous": 401, "shopper": 400, "*": 201},
	}
	matrix["list-product-reviews"] = matrixCase{
		request: func(w *world, role string) (string, any) {
			return "/api/v1/products/" + w.review().ProductID + "/reviews", nil
		},
		want: map[string]int{"*": 200},
	}
	matrix["get-review-summary"] = matrixCase{
		request: func(w *world, role string) (string, any) {
			return "/api/v1/products/" + w.review().ProductID + "/reviews/summary", nil
		},
		want: map[string]int{"*": 200},
	}
	matrix["get-review-photo"] = matrixCase{
		request: func(w *world, role string) (string, any) {
			o := w.completedOrder("shopper")
			key, err := w.h.com.UploadReviewPhoto(t0ctx, o.ShopperID, "image/png", bytes.NewReader(pngBytes))
			if err != nil {
				w.h.t.Fatal(err)
			}
			r, err := w.h.com.CreateReview(t0ctx, o.ShopperID, commerce.ReviewInput{OrderID: o.ID, LineNo: 1, Rating: 5, Photos: []string{key}})
			if err != nil {
				w.h.t.Fatal(err)
			}
			return "/api/v1/reviews/" + r.ID + "/photos/0", nil
		},
		want: map[string]int{"*": 200},
	}
	matrix["list-brand-reviews"] = matrixCase{
		request: func(w *world, role string) (string, any) { return org(w, "/reviews"), nil },
		want:    staff,
	}
	matrix["reply-review"] = matrixCase{
		request: func(w *world, role string) (string, any) {
			return org(w, "/reviews/"+w.review().ID+"/reply"), map[string]string{"body": "Thank you"}
		},
		want: map[string]int{"anonymous": 401, "brand_owner": 201, "brand_manager": 201, "brand_agent": 201, "*": 404},
	}
	matrix["list-brand-review-reports"] = matrixCase{
		request: func(w *world, role string) (string, any) { return org(w, "/review-reports"), nil },
		want:    staff,
	}
	matrix["admin-list-review-reports"] = matrixCase{
		request: func(w *world, role string) (string, any) { return "/api/v1/admin/review-reports?status=open", nil },
		want:    admin,
	}
	matrix["admin-moderate-review"] = matrixCase{
		request: func(w *world, role string) (string, any) {
			return "/api/v1/admin/reviews/" + w.review().ID + "/moderation", map[string]any{"hidden": true, "reason": "abuse"}
		},
		want: admin,
	}
	matrix["admin-dismiss-review-report"] = matrixCase{
		request: func(w *world, role string) (string, any) {
			rep, err := w.h.com.ReportReview(t0ctx, w.users["developer"].ID, w.review().ID, "spam", "")
			if err != nil {
				w.h.t.Fatal(err)
			}
			return "/api/v1/admin/review-reports/" + rep.ID + "/dismiss", nil
		},
		want: admin,
	}
	matrix["search"] = matrixCase{
		request: func(w *world, role string) (string, any) {
			return "/api/v1/search?q=mug&currency=USD&min_price=1.00", nil
		},
		want: map[string]int{"*": 200},
	}
}
