package web_test

import (
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/soukhq/souk/store"
	"github.com/soukhq/souk/store/storetest"
)

// The links, payment-code and coupon pages of the seller console: every
// member reads them, an agent's posts are refused (403) and change nothing,
// a stranger learns nothing (404), and a manager issues a coupon and a
// payment code through the forms. Both backends.
func TestSellerLinksAndCouponsRolesOnTheServer(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		w := startSellerServer(t, db)
		c := noRedirects()
		login := func(email string) (string, string) { return w.login(t, email) }
		base := w.base + "/seller/" + w.brand.ID
		coupon := url.Values{"name": {"Five off"}, "kind": {"amount"}, "currency": {"USD"}, "amount_off": {"5.00"}, "min_spend": {"20.00"},
			"days": {"7"}, "quantity": {"50"}, "per_shopper": {"1"}}
		code := url.Values{"currency": {"USD"}, "amount": {"3.50"}, "note": {"Table 2"}}
		for who, want := range map[string]int{"agent@example.com": http.StatusForbidden, "stranger@example.com": http.StatusNotFound} {
			csrf, cookie := login(who)
			for path, form := range map[string]url.Values{"/coupons": coupon, "/payment-codes": code, "/links": {"kind": {"brand"}},
				"/payment-codes/static": {"currency": {"USD"}}} {
				form.Set("csrf_token", csrf)
				if res := post(t, c, base+path, form, "Cookie", cookie); res.StatusCode != want {
					t.Errorf("%s posting %s: %d, want %d", who, path, res.StatusCode, want)
				}
			}
			read := http.StatusOK
			if want == http.StatusNotFound {
				read = want
			}
			for _, path := range []string{"/links", "/coupons"} {
				if res := get(t, c, base+path, "Cookie", cookie); res.StatusCode != read {
					t.Errorf("%s opening %s: %d, want %d", who, path, res.StatusCode, read)
				}
			}
		}
		if cs, _ := w.com.BrandCoupons(ctx, w.brand.ID, false); len(cs) != 0 {
			t.Fatalf("a refused post issued coupons: %+v", cs)
		}
		if pcs, _ := w.com.Payments().BrandPayCodes(ctx, w.brand.ID, 10); len(pcs) != 0 {
			t.Fatalf("a refused post made payment codes: %+v", pcs)
		}

		csrf, cookie := login("manager@example.com")
		coupon.Set("csrf_token", csrf)
		if res := post(t, c, base+"/coupons", coupon, "Cookie", cookie); res.StatusCode != http.StatusOK {
			t.Fatalf("manager issuing a coupon: %d", res.StatusCode)
		}
		res := get(t, c, base+"/coupons", "Cookie", cookie)
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if !strings.Contains(string(body), "Five off") || !strings.Contains(string(body), "0 / 50") {
			t.Fatalf("the coupons page does not list the new batch")
		}
		cs, err := w.com.BrandCoupons(ctx, w.brand.ID, false)
		if err != nil || len(cs) != 1 || cs[0].AmountOff != 500 || cs[0].MinSpend != 2000 || cs[0].Quantity != 50 || cs[0].FundedBy != "brand" {
			t.Fatalf("coupons after the form: %+v %v", cs, err)
		}
		bad := url.Values{"csrf_token": {csrf}, "name": {"Bad"}, "kind": {"percent"}, "currency": {"USD"}, "percent": {"150"},
			"days": {"7"}, "quantity": {"5"}, "per_shopper": {"1"}}
		if res := post(t, c, base+"/coupons", bad, "Cookie", cookie); res.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("a 150 %% coupon: %d", res.StatusCode)
		}
		code.Set("csrf_token", csrf)
		if res := post(t, c, base+"/payment-codes", code, "Cookie", cookie); res.StatusCode != http.StatusOK {
			t.Fatalf("manager making a payment code: %d", res.StatusCode)
		}
		pcs, err := w.com.Payments().BrandPayCodes(ctx, w.brand.ID, 10)
		if err != nil || len(pcs) != 1 || pcs[0].Amount != 350 || pcs[0].Note != "Table 2" {
			t.Fatalf("payment codes after the form: %+v %v", pcs, err)
		}
		stop := url.Values{"csrf_token": {csrf}, "status": {"disabled"}}
		if res := post(t, c, base+"/coupons/"+cs[0].ID+"/status", stop, "Cookie", cookie); res.StatusCode != http.StatusOK {
			t.Fatalf("stopping the coupon: %d", res.StatusCode)
		}
		if got, _ := w.com.Coupon(ctx, cs[0].ID); got.Status != "disabled" {
			t.Fatalf("coupon status %s", got.Status)
		}
	})
}
