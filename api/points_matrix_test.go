package api_test

import (
	"time"

	"github.com/soukhq/souk/commerce"
	"github.com/soukhq/souk/payments"
	"github.com/soukhq/souk/store"
)

// Fixtures for points (issue 17, part 4).

// loyalty gives the world's brand an active USD loyalty programme.
func (w *world) loyalty() {
	w.h.t.Helper()
	if _, err := w.h.com.SetLoyalty(t0ctx, commerce.LoyaltyProgramme{BrandID: w.brand, Status: "active", Currency: "USD", EarnPerUnit: 10,
		PointValue: 1, ExpiryDays: 30}); err != nil {
		w.h.t.Fatal(err)
	}
}

// campaignWithPoints starts a campaign and gives the world's brand 10 of
// its points.
func (w *world) campaignWithPoints() payments.Campaign {
	w.h.t.Helper()
	c, err := w.h.pay.CreateCampaign(t0ctx, payments.Campaign{Name: "Gifts", Currency: "USD", PointsPerPayment: 5, PointValue: 2,
		StartsAt: time.Now().Add(-time.Minute).UnixMicro(), EndsAt: time.Now().Add(time.Hour).UnixMicro()})
	if err != nil {
		w.h.t.Fatal(err)
	}
	err = w.h.db.InTx(t0ctx, func(tx *store.Tx) error {
		if _, err := tx.ExecContext(t0ctx, `INSERT INTO points_campaign_awards (id, campaign_id, brand_id, payment_id, points, created_at)
			VALUES ($1, $2, $3, 'pcp_fixture', 10, 0)`, store.NewID("pca"), c.ID, w.brand); err != nil {
			return err
		}
		return w.h.pay.MovePointsTx(t0ctx, tx, "points:fixture:"+c.ID, payments.CampaignProgramme(c.ID), payments.PointsIssued, w.brand, 10,
			"points_award", "fixture")
	})
	if err != nil {
		w.h.t.Fatal(err)
	}
	return c
}

var campaignBody = func() map[string]any {
	return map[string]any{"name": "Gifts upon payment", "currency": "USD", "min_amount": "10.00", "points_per_payment": 5,
		"point_value": "0.02", "daily_cap": 50, "brand_cap": 500, "starts_at": time.Now().Add(-time.Minute).UTC().Format(time.RFC3339),
		"ends_at": time.Now().Add(24 * time.Hour).UTC().Format(time.RFC3339)}
}

func init() {
	read := map[string]int{"anonymous": 401, "brand_owner": 200, "brand_manager": 200, "brand_agent": 200, "*": 404}
	write := map[string]int{"anonymous": 401, "brand_owner": 200, "brand_manager": 200, "brand_agent": 403, "*": 404}
	created := map[string]int{"anonymous": 401, "brand_owner": 201, "brand_manager": 201, "brand_agent": 403, "*": 404}
	users := map[string]int{"anonymous": 401, "*": 200}
	onlyShopper := map[string]int{"anonymous": 401, "shopper": 200, "*": 404}
	admin := func(ok int) map[string]int { return map[string]int{"anonymous": 401, "admin": ok, "*": 403} }

	matrix["list-my-points"] = matrixCase{
		request: func(w *world, role string) (string, any) { return "/api/v1/me/points", nil },
		want:    users,
	}
	matrix["list-my-points-statement"] = matrixCase{
		request: func(w *world, role string) (string, any) { return "/api/v1/me/points/" + w.brand + "/statement", nil },
		want:    users,
	}
	matrix["get-order-points"] = matrixCase{
		request: func(w *world, role string) (string, any) {
			w.loyalty()
			return "/api/v1/orders/" + w.pendingOrder("shopper").ID + "/points", nil
		},
		want: onlyShopper,
	}
	matrix["apply-order-points"] = matrixCase{
		request: func(w *world, role string) (string, any) {
			w.loyalty()
			return "/api/v1/orders/" + w.pendingOrder("shopper").ID + "/points", map[string]int{"points": 0}
		},
		want: onlyShopper,
	}
	matrix["get-brand-loyalty"] = matrixCase{
		request: func(w *world, role string) (string, any) { return "/api/v1/orgs/" + w.brand + "/loyalty", nil },
		want:    read,
	}
	matrix["set-brand-loyalty"] = matrixCase{
		request: func(w *world, role string) (string, any) {
			return "/api/v1/orgs/" + w.brand + "/loyalty", map[string]any{"status": "active", "currency": "USD", "earn_per_unit": 10,
				"point_value": "0.01", "expiry_days": 365}
		},
		want: write,
	}
	matrix["list-brand-incentive-points"] = matrixCase{
		request: func(w *world, role string) (string, any) { return "/api/v1/orgs/" + w.brand + "/incentive-points", nil },
		want:    read,
	}
	matrix["redeem-incentive-rebate"] = matrixCase{
		request: func(w *world, role string) (string, any) {
			return "/api/v1/orgs/" + w.brand + "/incentive-points/" + w.campaignWithPoints().ID + "/rebates", map[string]int{"points": 4}
		},
		want: created,
	}
	matrix["list-brand-rebates"] = matrixCase{
		request: func(w *world, role string) (string, any) { return "/api/v1/orgs/" + w.brand + "/rebates", nil },
		want:    read,
	}
	matrix["create-campaign"] = matrixCase{
		request: func(w *world, role string) (string, any) { return "/api/v1/admin/campaigns", campaignBody() },
		want:    admin(201),
	}
	matrix["list-campaigns"] = matrixCase{
		request: func(w *world, role string) (string, any) { return "/api/v1/admin/campaigns", nil },
		want:    admin(200),
	}
	matrix["get-campaign"] = matrixCase{
		request: func(w *world, role string) (string, any) {
			return "/api/v1/admin/campaigns/" + w.campaignWithPoints().ID, nil
		},
		want: admin(200),
	}
	matrix["update-campaign"] = matrixCase{
		request: func(w *world, role string) (string, any) {
			return "/api/v1/admin/campaigns/" + w.campaignWithPoints().ID, map[string]string{"status": "disabled"}
		},
		want: admin(200),
	}
}
