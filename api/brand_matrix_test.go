package api_test

import (
	"fmt"

	"github.com/soukhq/souk/commerce"
	"github.com/soukhq/souk/identity"
	"github.com/soukhq/souk/store"
)

// Fixtures for brand protection (issue 17, part 2).

// pendingVerification is a fresh brand's pending request.
func (w *world) pendingVerification() commerce.Verification {
	w.h.t.Helper()
	owner := w.users["brand_owner"].ID
	b, err := w.h.ids.CreateOrg(t0ctx, owner, identity.OrgBrand, fmt.Sprintf("Maker %d", emailSeq.Add(1)))
	if err != nil {
		w.h.t.Fatal(err)
	}
	v, err := w.h.com.SubmitVerification(t0ctx, b.ID, owner, commerce.VerificationInput{Registration: "TM-1"})
	if err != nil {
		w.h.t.Fatal(err)
	}
	return v
}

// worldVerification makes sure the world's brand has a request.
func (w *world) worldVerification() {
	w.h.t.Helper()
	if _, err := w.h.com.BrandVerification(t0ctx, w.brand); err == nil {
		return
	}
	if _, err := w.h.com.SubmitVerification(t0ctx, w.brand, w.users["brand_owner"].ID, commerce.VerificationInput{Registration: "TM-1"}); err != nil {
		w.h.t.Fatal(err)
	}
}

func (w *world) authBatch() commerce.AuthenticityBatch {
	w.h.t.Helper()
	b, err := w.h.com.CreateAuthenticityBatch(t0ctx, w.brand, w.sku().ID, 2, "usr_x")
	if err != nil {
		w.h.t.Fatal(err)
	}
	return b
}

func (w *world) authCode() commerce.AuthenticityCode {
	w.h.t.Helper()
	cs, err := w.h.com.BatchCodes(t0ctx, w.brand, w.authBatch().ID)
	if err != nil {
		w.h.t.Fatal(err)
	}
	return cs[0]
}

func (w *world) reuseFlag() string {
	w.h.t.Helper()
	id := store.NewID("irf")
	if _, err := w.h.db.ExecContext(t0ctx, `INSERT INTO image_reuse_flags (id, product_id, brand_id, image_key, verified_brand_id,
		matched_product_id, distance, status, created_at) VALUES ($1, $1, 'org_a', 'products/x', $2, 'prd_b', 3, 'open', $3)`,
		id, w.brand, store.Now()); err != nil {
		w.h.t.Fatal(err)
	}
	return id
}

func init() {
	read := map[string]int{"anonymous": 401, "brand_owner": 200, "brand_manager": 200, "brand_agent": 200, "*": 404}
	write := map[string]int{"anonymous": 401, "brand_owner": 200, "brand_manager": 200, "brand_agent": 403, "*": 404}
	created := map[string]int{"anonymous": 401, "brand_owner": 201, "brand_manager": 201, "brand_agent": 403, "*": 404}
	admin := map[string]int{"anonymous": 401, "admin": 200, "*": 403}

	matrix["submit-brand-verification"] = matrixCase{
		request: func(w *world, role string) (string, any) {
			// Each call starts afresh: a pending request would refuse the next.
			if _, err := w.h.db.ExecContext(t0ctx, `DELETE FROM brand_verifications WHERE brand_id = $1`, w.brand); err != nil {
				w.h.t.Fatal(err)
			}
			return "/api/v1/orgs/" + w.brand + "/verification", map[string]string{"registration": "TM-42", "evidence": "certificate"}
		},
		want: created,
	}
	matrix["get-brand-verification"] = matrixCase{
		request: func(w *world, role string) (string, any) {
			w.worldVerification()
			return "/api/v1/orgs/" + w.brand + "/verification", nil
		},
		want: read,
	}
	matrix["upload-verification-document"] = matrixCase{
		request: func(w *world, role string) (string, any) {
			w.worldVerification()
			return "/api/v1/orgs/" + w.brand + "/verification/documents", pngBytes
		},
		want: map[string]int{"anonymous": 401, "brand_owner": 415, "brand_manager": 415, "brand_agent": 403, "*": 404},
	}
	matrix["admin-list-brand-verifications"] = matrixCase{
		request: func(w *world, role string) (string, any) {
			return "/api/v1/admin/brand-verifications?status=pending", nil
		},
		want: admin,
	}
	matrix["admin-review-brand-verification"] = matrixCase{
		request: func(w *world, role string) (string, any) {
			return "/api/v1/admin/brand-verifications/" + w.pendingVerification().ID + "/review", map[string]string{"decision": "verify"}
		},
		want: admin,
	}
	matrix["create-authenticity-batch"] = matrixCase{
		request: func(w *world, role string) (string, any) {
			return "/api/v1/orgs/" + w.brand + "/authenticity-batches", map[string]any{"sku_id": w.sku().ID, "count": 3}
		},
		want: created,
	}
	matrix["list-authenticity-batches"] = matrixCase{
		request: func(w *world, role string) (string, any) {
			return "/api/v1/orgs/" + w.brand + "/authenticity-batches", nil
		},
		want: read,
	}
	matrix["get-authenticity-batch"] = matrixCase{
		request: func(w *world, role string) (string, any) {
			return "/api/v1/orgs/" + w.brand + "/authenticity-batches/" + w.authBatch().ID, nil
		},
		want: read,
	}
	matrix["list-authenticity-codes"] = matrixCase{
		request: func(w *world, role string) (string, any) {
			return "/api/v1/orgs/" + w.brand + "/authenticity-batches/" + w.authBatch().ID + "/codes", nil
		},
		want: read,
	}
	matrix["export-authenticity-codes"] = matrixCase{
		request: func(w *world, role string) (string, any) {
			return "/api/v1/orgs/" + w.brand + "/authenticity-batches/" + w.authBatch().ID + "/codes.csv", nil
		},
		want: read,
	}
	matrix["bind-authenticity-code"] = matrixCase{
		request: func(w *world, role string) (string, any) {
			o := w.paidOrder("shopper")
			cs, err := w.h.com.BatchCodes(t0ctx, w.brand, mustBatch(w, o.Lines[0].SKUID).ID)
			if err != nil {
				w.h.t.Fatal(err)
			}
			return "/api/v1/orgs/" + w.brand + "/orders/" + o.ID + "/authenticity-codes", map[string]any{"line_no": 1, "code": cs[0].Code}
		},
		want: write,
	}
	matrix["get-authenticity-stats"] = matrixCase{
		request: func(w *world, role string) (string, any) {
			return "/api/v1/orgs/" + w.brand + "/authenticity-stats", nil
		},
		want: read,
	}
	matrix["scan-authenticity-code"] = matrixCase{
		request: func(w *world, role string) (string, any) {
			return "/api/v1/authenticity/" + w.authCode().Code + "/scans", nil
		},
		want: map[string]int{"*": 200},
	}
	matrix["search-by-image"] = matrixCase{
		// The matrix sends application/json: refused as not a photo, by
		// anyone signed in.
		request: func(w *world, role string) (string, any) { return "/api/v1/search/image", pngBytes },
		want:    map[string]int{"anonymous": 401, "*": 415},
	}
	matrix["list-brand-image-flags"] = matrixCase{
		request: func(w *world, role string) (string, any) {
			return "/api/v1/orgs/" + w.brand + "/image-reuse-flags", nil
		},
		want: read,
	}
	matrix["admin-list-image-flags"] = matrixCase{
		request: func(w *world, role string) (string, any) { return "/api/v1/admin/image-reuse-flags", nil },
		want:    admin,
	}
	matrix["admin-dismiss-image-flag"] = matrixCase{
		request: func(w *world, role string) (string, any) {
			return "/api/v1/admin/image-reuse-flags/" + w.reuseFlag() + "/dismiss", nil
		},
		want: map[string]int{"anonymous": 401, "admin": 204, "*": 403},
	}
}

func mustBatch(w *world, skuID string) commerce.AuthenticityBatch {
	w.h.t.Helper()
	b, err := w.h.com.CreateAuthenticityBatch(t0ctx, w.brand, skuID, 1, "usr_x")
	if err != nil {
		w.h.t.Fatal(err)
	}
	return b
}
