package web_test

import (
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/soukhq/souk/commerce"
	"github.com/soukhq/souk/identity"
	"github.com/soukhq/souk/store"
	"github.com/soukhq/souk/store/storetest"
	"github.com/soukhq/souk/web/webtest"
)

func readBody(t *testing.T, res *http.Response) string {
	t.Helper()
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	return string(b)
}

// Brand protection through the pages: a manager asks for verification and
// makes authenticity codes (CSV, QR sheet), an agent's posts are refused
// and a stranger learns nothing; an operator verifies the brand in /ops;
// the shell's scan page shows the badge, and a code's second scan warns;
// the brand sees the warning in its console. Both backends.
func TestBrandProtectionPages(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		w := startSellerServer(t, db)
		c := noRedirects()
		login := func(email string) (string, string) { return w.login(t, email) }
		base := w.base + "/seller/" + w.brand.ID + "/protection"
		verify := url.Values{"registration": {"TM-2024-7"}, "evidence": {"certificate"}}
		batch := url.Values{"sku": {w.sku.ID}, "count": {"3"}}
		for who, want := range map[string]int{"agent@example.com": http.StatusForbidden, "stranger@example.com": http.StatusNotFound} {
			csrf, cookie := login(who)
			for path, form := range map[string]url.Values{"/verification": verify, "/batches": batch} {
				form.Set("csrf_token", csrf)
				if res := post(t, c, base+path, form, "Cookie", cookie); res.StatusCode != want {
					t.Errorf("%s posting %s: %d, want %d", who, path, res.StatusCode, want)
				}
			}
		}
		if bs, _ := w.com.AuthenticityBatches(ctx, w.brand.ID, 10); len(bs) != 0 {
			t.Fatalf("a refused post made codes: %+v", bs)
		}
		if _, err := w.com.BrandVerification(ctx, w.brand.ID); err == nil {
			t.Fatal("a refused post asked for verification")
		}

		csrf, cookie := login("manager@example.com")
		verify.Set("csrf_token", csrf)
		batch.Set("csrf_token", csrf)
		if res := post(t, c, base+"/verification", verify, "Cookie", cookie); res.StatusCode != http.StatusOK {
			t.Fatalf("manager asking for verification: %d", res.StatusCode)
		}
		if res := post(t, c, base+"/batches", batch, "Cookie", cookie); res.StatusCode != http.StatusOK {
			t.Fatalf("manager making codes: %d", res.StatusCode)
		}
		bs, _ := w.com.AuthenticityBatches(ctx, w.brand.ID, 10)
		if len(bs) != 1 || bs[0].Count != 3 {
			t.Fatalf("batches %+v", bs)
		}
		codes, _ := w.com.BatchCodes(ctx, w.brand.ID, bs[0].ID)
		csv := readBody(t, get(t, c, base+"/batches/"+bs[0].ID+"/codes.csv", "Cookie", cookie))
		sheet := readBody(t, get(t, c, base+"/batches/"+bs[0].ID+"/sheet", "Cookie", cookie))
		for _, k := range codes {
			if !strings.Contains(csv, k.Code+","+w.sku.ID+","+w.base+"/l/"+k.Code) || !strings.Contains(sheet, "/api/v1/links/"+k.Code+"/qr.svg") {
				t.Fatalf("code %s missing from the CSV or the sheet:\n%s", k.Code, csv)
			}
		}

		// The operator verifies the brand.
		if err := w.ids.SetPlatformRole(ctx, w.stranger.ID, identity.RoleAdmin); err != nil {
			t.Fatal(err)
		}
		acsrf, acookie := login("stranger@example.com")
		page := readBody(t, get(t, c, w.base+"/ops/brands", "Cookie", acookie))
		v, err := w.com.BrandVerification(ctx, w.brand.ID)
		if err != nil || !strings.Contains(page, "TM-2024-7") || !strings.Contains(page, "/ops/brands/"+v.ID+"/review") {
			t.Fatalf("the ops page does not show the request (%v)", err)
		}
		if res := get(t, c, w.base+"/ops/brands", "Cookie", cookie); res.StatusCode != http.StatusNotFound {
			t.Fatalf("a manager opened /ops/brands: %d", res.StatusCode)
		}
		if res := post(t, c, w.base+"/ops/brands/"+v.ID+"/review", url.Values{"csrf_token": {acsrf}, "decision": {"verify"}}, "Cookie", acookie); res.StatusCode != http.StatusOK {
			t.Fatalf("verify: %d", res.StatusCode)
		}
		if !w.com.BrandVerified(ctx, w.brand.ID) {
			t.Fatal("the brand is not verified")
		}

		// The code's short link leads to the scan page; the second scan warns.
		res := get(t, c, w.base+"/l/"+codes[0].Code)
		if loc := res.Header.Get("Location"); res.StatusCode != http.StatusSeeOther || loc != "/authentic/"+codes[0].Code {
			t.Fatalf("/l/: %d %s", res.StatusCode, loc)
		}
		first := readBody(t, get(t, c, w.base+"/authentic/"+codes[0].Code))
		if !strings.Contains(first, "first scan of a genuine code") || !strings.Contains(first, "Verified brand") || !strings.Contains(first, "Oolong") {
			t.Fatalf("first scan page:\n%s", first)
		}
		second := readBody(t, get(t, c, w.base+"/authentic/"+codes[0].Code))
		if !strings.Contains(second, "scanned before") || !strings.Contains(second, `role="alert"`) {
			t.Fatalf("second scan page:\n%s", second)
		}
		if res := get(t, c, w.base+"/authentic/AAAAAAAAAAAAAAAAA"); res.StatusCode != http.StatusNotFound {
			t.Fatalf("unknown code: %d", res.StatusCode)
		}
		console := readBody(t, get(t, c, base, "Cookie", cookie))
		if !strings.Contains(console, codes[0].Code) || !strings.Contains(console, "Repeat scans") || !strings.Contains(console, "Verified brand") {
			t.Fatalf("the console does not show the warning")
		}
	})
}

// The brand protection pages pass the accessibility checks: the seller
// console's page with codes, scans and a warning, the QR sheet, the shell's
// scan page (warning) and photo search, and the operators' review page.
func TestBrandProtectionPagesInChromium(t *testing.T) {
	storetest.Pick(t, func(t *testing.T, db *store.DB) {
		w := startSellerServer(t, db)
		if _, err := w.com.SubmitVerification(ctx, w.brand.ID, w.owner.ID, commerce.VerificationInput{Registration: "TM-1", Evidence: "certificate"}); err != nil {
			t.Fatal(err)
		}
		bt, err := w.com.CreateAuthenticityBatch(ctx, w.brand.ID, w.sku.ID, 2, w.owner.ID)
		if err != nil {
			t.Fatal(err)
		}
		codes, _ := w.com.BatchCodes(ctx, w.brand.ID, bt.ID)
		for range 2 {
			if _, err := w.com.ScanAuthenticityCode(ctx, codes[0].Code, ""); err != nil {
				t.Fatal(err)
			}
		}
		if err := w.ids.SetPlatformRole(ctx, w.stranger.ID, identity.RoleAdmin); err != nil {
			t.Fatal(err)
		}
		b := webtest.New(t, w.base)
		b.SignIn("stranger@example.com", password, "/")
		b.Open("/ops/brands")
		b.Find("heading", "Ada's Teas")
		b.Axe()
		b.Open("/authentic/" + codes[0].Code)
		b.Find("heading", "Authenticity check")
		b.Axe()
		b.Open("/search/photo")
		b.Axe()
		b = webtest.New(t, w.base)
		b.SignIn("manager@example.com", password, "/")
		b.Open("/seller/" + w.brand.ID + "/protection")
		b.Find("heading", "Authenticity codes")
		b.Axe()
		b.Open("/seller/" + w.brand.ID + "/protection/batches/" + bt.ID + "/sheet")
		b.Axe()
	})
}
