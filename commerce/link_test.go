package commerce

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/soukhq/souk/runtime"
	"github.com/soukhq/souk/sandbox"
	"github.com/soukhq/souk/store"
	"github.com/soukhq/souk/store/storetest"
)

// installation adds an active installation of a fresh app for brand.
func (e *env) installation(brand string) string {
	e.t.Helper()
	app, ins := store.NewID("app"), store.NewID("ins")
	if _, err := e.db.ExecContext(ctx, `INSERT INTO apps (id, org_id, slug, name, created_at) VALUES ($1, $2, $3, 'Shop', $4)`,
		app, e.dev, fmt.Sprintf("shop-%d", seq.Add(1)), store.Now()); err != nil {
		e.t.Fatal(err)
	}
	if _, err := e.db.ExecContext(ctx, `INSERT INTO installations (id, app_id, brand_org_id, version, granted, config, status, created_by,
		created_at, updated_at) VALUES ($1, $2, $3, '1.0.0', '[]', '{}', 'active', 'usr_x', $4, $4)`, ins, app, brand, store.Now()); err != nil {
		e.t.Fatal(err)
	}
	return ins
}

// callAs runs a host API for an event of installation ins of brand.
func (e *env) callAs(reg *runtime.Registry, ins, brand, shopper, name, args string) (json.RawMessage, string) {
	e.t.Helper()
	b := reg.Bridge(runtime.HostEvent{AppID: e.app, InstallationID: ins, Granted: []string{"links", "coupons", "payments"}, BrandID: brand,
		ShopperID: shopper, Handler: "render"}, runtime.BridgeLimits{MaxCalls: 1000}, nil)
	out, err := b.CallHost(ctx, name, json.RawMessage(args))
	if err != nil {
		var he *sandbox.HostError
		if !errors.As(err, &he) {
			e.t.Fatalf("%s: host fault %v", name, err)
		}
		return nil, he.Code
	}
	return out, ""
}

// An app's link opens its own installation's page and nothing else, ever:
// another installation asking for the same page and parameters gets its own
// link, the first still opens the first installation, and only the brand
// may switch it off — not another brand.
func TestLinksAreBoundToTheirInstallation(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		e.s.opts.LinkQuota = 3
		reg := runtime.NewRegistry(e.s.LinkHostAPIs()...)
		insA, insB, insO := e.installation(e.brand), e.installation(e.brand), e.installation(e.other)

		out, code := e.callAs(reg, insA, e.brand, "", "links.create", `{"page":"product","params":{"productId":"p1","from":"poster"}}`)
		var a AppLink
		if code != "" || json.Unmarshal(out, &a) != nil || !strings.HasPrefix(a.Path, "/l/") || a.Scene != "from=poster&productId=p1" {
			t.Fatalf("links.create: %s %s", code, out)
		}
		again, _ := e.callAs(reg, insA, e.brand, "", "links.create", `{"page":"product","params":{"from":"poster","productId":"p1"}}`)
		var a2 AppLink
		_ = json.Unmarshal(again, &a2)
		if a2.Code != a.Code {
			t.Fatalf("the same page and params made another link: %s and %s", a.Code, a2.Code)
		}
		out, _ = e.callAs(reg, insB, e.brand, "", "links.create", `{"page":"product","params":{"productId":"p1","from":"poster"}}`)
		var b AppLink
		_ = json.Unmarshal(out, &b)
		if b.Code == "" || b.Code == a.Code {
			t.Fatalf("installation B was handed A's link %q", b.Code)
		}
		la, err := e.s.OpenLink(ctx, a.Code)
		if err != nil || la.InstallationID != insA || la.Destination() != "/a/"+insA+"/product?from=poster&productId=p1" {
			t.Fatalf("A's link opens %+v (%v)", la, err)
		}
		if lb, _ := e.s.OpenLink(ctx, strings.ToLower(b.Code)); lb.Destination() != "/a/"+insB+"/product?from=poster&productId=p1" {
			t.Fatalf("B's link opens %s", lb.Destination())
		}
		// Arguments naming another installation, brand or target are refused.
		for _, bad := range []string{
			`{"page":"home","installationId":"` + insB + `"}`,
			`{"page":"home","brandId":"` + e.other + `"}`,
			`{"page":"home","kind":"product","target":"p1"}`,
			`{"page":"../admin"}`,
			`{"page":"home","params":{"q":"a b"}}`,
			`{"page":"home","params":{"q":"` + strings.Repeat("x", 64) + `","r":"` + strings.Repeat("y", 64) + `"}}`,
		} {
			if _, code := e.callAs(reg, insA, e.brand, "", "links.create", bad); code != runtime.CodeInvalidArgs {
				t.Errorf("links.create %s: %q, want invalid_args", bad, code)
			}
		}
		// Another brand can neither disable nor see it as theirs.
		if _, err := e.s.SetLinkStatus(ctx, e.other, a.Code, false); Code(err) != ErrLinkNotFound.Code {
			t.Fatalf("another brand disabled the link: %v", err)
		}
		if _, err := e.s.CreateLink(ctx, NewLink{BrandID: e.other, Kind: LinkAppPage, InstallationID: insA, Page: "home"}); Code(err) != ErrNotFound.Code {
			t.Fatalf("another brand made a link to A's installation: %v", err)
		}
		if _, code := e.callAs(reg, insO, e.other, "", "links.create", `{"page":"home"}`); code != "" {
			t.Fatalf("the other brand's own app: %q", code)
		}
		// The brand disables it: opening says so; re-enabled, it opens A again.
		if _, err := e.s.SetLinkStatus(ctx, e.brand, a.Code, false); err != nil {
			t.Fatal(err)
		}
		if _, err := e.s.OpenLink(ctx, a.Code); Code(err) != ErrLinkDisabled.Code {
			t.Fatalf("a disabled link opened: %v", err)
		}
		if l, err := e.s.SetLinkStatus(ctx, e.brand, a.Code, true); err != nil || l.InstallationID != insA {
			t.Fatalf("re-enabled: %+v %v", l, err)
		}
		if _, err := e.s.OpenLink(ctx, "NOSUCH22"); Code(err) != ErrLinkNotFound.Code {
			t.Fatalf("unknown link: %v", err)
		}
		// The quota (3 here) counts distinct links, concurrently too.
		var wg sync.WaitGroup
		codes := make([]string, 6)
		for i := range codes {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, codes[i] = e.callAs(reg, insA, e.brand, "", "links.create", fmt.Sprintf(`{"page":"p%d"}`, i))
			}()
		}
		wg.Wait()
		ok, over := 0, 0
		for _, c := range codes {
			switch c {
			case "":
				ok++
			case runtime.CodeQuotaExceeded:
				over++
			default:
				t.Fatalf("links.create: %q", c)
			}
		}
		if ok != 2 || over != 4 {
			t.Fatalf("quota 3 with 1 used: %d created, %d refused", ok, over)
		}
	})
}

// Brands link products, their storefront and coupons; the reserved kinds
// are refused for now; an uninstalled storefront's links stop opening.
func TestBrandLinks(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		_, err := e.s.CreateLink(ctx, NewLink{BrandID: e.brand, Kind: LinkBrand})
		wantCode(t, err, ErrNotFound.Code) // no storefront installed yet
		ins := e.installation(e.brand)
		k := e.sku(e.brand, "3.00", 1)
		theirs := e.sku(e.other, "3.00", 1)
		p, err := e.s.CreateLink(ctx, NewLink{BrandID: e.brand, Kind: LinkProduct, Target: k.ProductID, CreatedBy: "usr_staff"})
		if err != nil || p.Destination() != "/a/"+ins+"/product?productId="+k.ProductID {
			t.Fatalf("product link %+v %v", p, err)
		}
		_, err = e.s.CreateLink(ctx, NewLink{BrandID: e.brand, Kind: LinkProduct, Target: theirs.ProductID})
		wantCode(t, err, ErrNotFound.Code)
		st, err := e.s.CreateLink(ctx, NewLink{BrandID: e.brand, Kind: LinkBrand})
		if err != nil || st.Destination() != "/a/"+ins+"/home" {
			t.Fatalf("storefront link %+v %v", st, err)
		}
		c := e.coupon(CouponInput{Name: "Hello", Kind: CouponAmount, AmountOff: usd("1.00"), Quantity: 5}, staff)
		cl, err := e.s.CreateLink(ctx, NewLink{BrandID: e.brand, Kind: LinkCoupon, Target: c.ID})
		if err != nil || cl.Destination() != "/coupons/"+c.ID {
			t.Fatalf("coupon link %+v %v", cl, err)
		}
		// An authenticity link exists only as an authenticity code's own.
		_, err = e.s.CreateLink(ctx, NewLink{BrandID: e.brand, Kind: LinkAuthenticity, Target: "x"})
		wantCode(t, err, ErrNotFound.Code)
		_, err = e.s.CreateLink(ctx, NewLink{BrandID: e.brand, Kind: LinkLiveRoom, Target: "live_nope"})
		wantCode(t, err, ErrNotFound.Code)
		room, err := e.s.OpenLiveRoom(ctx, e.brand, NewLiveRoom{Title: "Launch", StreamURL: "https://video.example/launch.m3u8"},
			Actor{Kind: ActorBrand, ID: "usr_host", Brand: e.brand})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.s.CreateLink(ctx, NewLink{BrandID: e.other, Kind: LinkLiveRoom, Target: room.ID}); Code(err) != ErrNotFound.Code {
			t.Fatalf("another brand's room: %v", err)
		}
		lr, err := e.s.CreateLink(ctx, NewLink{BrandID: e.brand, Kind: LinkLiveRoom, Target: room.ID})
		if err != nil || lr.Destination() != "/live/"+room.ID || lr.InstallationID != "" {
			t.Fatalf("live room link %+v %v", lr, err)
		}
		ls, err := e.s.BrandLinks(ctx, e.brand, 10)
		if err != nil || len(ls) != 4 {
			t.Fatalf("brand links %d %v", len(ls), err)
		}
		if _, err := e.s.OpenLink(ctx, p.Code); err != nil {
			t.Fatal(err)
		}
		if l, _ := e.s.Link(ctx, p.Code); l.Opens != 1 {
			t.Fatalf("opens %d", l.Opens)
		}
		if _, err := db.ExecContext(ctx, `UPDATE installations SET status = 'uninstalled' WHERE id = $1`, ins); err != nil {
			t.Fatal(err)
		}
		if _, err := e.s.OpenLink(ctx, p.Code); Code(err) != ErrLinkDisabled.Code {
			t.Fatalf("a link to an uninstalled storefront opened: %v", err)
		}
	})
}

// coupons.* and payments.createCode act for the event's brand, installation
// and shopper only; an app never names a brand, a shopper or a discount.
func TestCouponAndPayCodeHostAPIs(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		reg := runtime.NewRegistry(e.s.LinkHostAPIs()...)
		ins := e.installation(e.brand)
		mine := e.coupon(CouponInput{Name: "Ours", Kind: CouponPercent, PercentBps: 1500, MaxOff: usd("7.00"), Quantity: 2}, staff)
		theirs, err := e.s.CreateCoupon(ctx, e.other, CouponInput{Name: "Theirs", Kind: CouponAmount, AmountOff: usd("1.00"), Currency: "USD",
			Quantity: 2, StartsAt: time.Now().Add(-time.Minute), EndsAt: time.Now().Add(time.Hour)}, staff)
		if err != nil {
			t.Fatal(err)
		}
		out, code := e.callAs(reg, ins, e.brand, "", "coupons.list", `{}`)
		var list couponListResult
		if code != "" || json.Unmarshal(out, &list) != nil || len(list.Coupons) != 1 || list.Coupons[0].PercentOff != "15.00" ||
			list.Coupons[0].MaxOff != "7.00" || list.Coupons[0].Left != 2 {
			t.Fatalf("coupons.list: %s %s", code, out)
		}
		if _, code := e.callAs(reg, ins, e.brand, "", "coupons.claim", fmt.Sprintf(`{"couponId":%q}`, mine.ID)); code != runtime.CodeInvalidArgs {
			t.Fatalf("coupons.claim without a shopper: %q", code)
		}
		if _, code := e.callAs(reg, ins, e.brand, "usr_s1", "coupons.claim", fmt.Sprintf(`{"couponId":%q}`, theirs.ID)); code != ErrNotFound.Code {
			t.Fatalf("another brand's coupon: %q", code)
		}
		if _, code := e.callAs(reg, ins, e.brand, "usr_s1", "coupons.claim", fmt.Sprintf(`{"couponId":%q,"shopperId":"usr_s2"}`, mine.ID)); code != runtime.CodeInvalidArgs {
			t.Fatalf("naming a shopper: %q", code)
		}
		if _, code := e.callAs(reg, ins, e.brand, "usr_s1", "coupons.claim", fmt.Sprintf(`{"couponId":%q}`, mine.ID)); code != "" {
			t.Fatalf("coupons.claim: %q", code)
		}
		if _, code := e.callAs(reg, ins, e.brand, "usr_s1", "coupons.claim", fmt.Sprintf(`{"couponId":%q}`, mine.ID)); code != ErrCouponLimit.Code {
			t.Fatalf("a second claim: %q", code)
		}
		out, _ = e.callAs(reg, ins, e.brand, "usr_s1", "coupons.mine", `{}`)
		var claims claimListResult
		if json.Unmarshal(out, &claims) != nil || len(claims.Claims) != 1 || claims.Claims[0].Coupon.ID != mine.ID {
			t.Fatalf("coupons.mine: %s", out)
		}
		if ks, _ := e.s.MyCoupons(ctx, "usr_s1", "", false); len(ks) != 1 || ks[0].Via != ClaimViaApp {
			t.Fatalf("the claim: %+v", ks)
		}

		out, code = e.callAs(reg, ins, e.brand, "", "payments.createCode", `{"amount":"12.50","currency":"USD","note":"Table 9","ttlSeconds":600}`)
		var pc AppPayCode
		if code != "" || json.Unmarshal(out, &pc) != nil || pc.Amount != "12.50" || pc.Path != "/pay/"+pc.ID {
			t.Fatalf("payments.createCode: %s %s", code, out)
		}
		got, err := e.pay.PayCode(ctx, pc.ID)
		if err != nil || got.BrandID != e.brand || got.InstallationID != ins || got.Amount != usd("12.50") {
			t.Fatalf("the code: %+v %v", got, err)
		}
		for _, bad := range []string{`{"amount":"0","currency":"USD"}`, `{"amount":"1.00","currency":"XXX"}`,
			`{"amount":"1.00","currency":"USD","brandId":"x"}`, `{"amount":"1.00","currency":"USD","ttlSeconds":999999}`} {
			if _, code := e.callAs(reg, ins, e.brand, "", "payments.createCode", bad); code != runtime.CodeInvalidArgs {
				t.Errorf("payments.createCode %s: %q", bad, code)
			}
		}
	})
}
