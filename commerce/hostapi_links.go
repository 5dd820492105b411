package commerce

import (
	"context"
	"time"

	"github.com/soukhq/souk/payments"
	"github.com/soukhq/souk/payments/money"
	"github.com/soukhq/souk/runtime"
)

// Host APIs for links (permission "links"), coupons (permission "coupons")
// and dynamic payment codes (permission "payments"). As everywhere, the
// brand and installation come from the event, never from the app: a link
// is bound to the installation that asked for it, an app reaches only its
// brand's coupons, and it never sees or sets a discount — the host applies
// coupons at checkout.

type linkCreateArgs struct {
	Page   string            `json:"page"`
	Params map[string]string `json:"params,omitempty"`
}

// AppLink is a link as apps see it.
type AppLink struct {
	Code   string `json:"code"`
	Path   string `json:"path"`   // /l/{code}: prefix the site's origin to share it
	QRPNG  string `json:"qrPng"`  // the QR code as PNG
	QRSVG  string `json:"qrSvg"`  // the QR code as SVG
	Page   string `json:"page"`   // the page it opens
	Scene  string `json:"scene"`  // its parameters, as a query string
	Status string `json:"status"` // active or disabled (by the brand)
}

func appLink(l Link) AppLink {
	return AppLink{Code: l.Code, Path: l.Path(), QRPNG: "/api/v1/links/" + l.Code + "/qr.png", QRSVG: "/api/v1/links/" + l.Code + "/qr.svg",
		Page: l.Page, Scene: l.Scene, Status: l.Status}
}

// AppCoupon is a coupon as apps see it.
type AppCoupon struct {
	ID         string `json:"id"`
	Name       string `json:"name"`
	Kind       string `json:"kind"` // amount or percent
	Currency   string `json:"currency"`
	AmountOff  string `json:"amountOff,omitempty"`
	PercentOff string `json:"percentOff,omitempty"` // "15.00" for 15 %
	MaxOff     string `json:"maxOff,omitempty"`
	MinSpend   string `json:"minSpend"`
	StartsAt   int64  `json:"startsAt"`
	EndsAt     int64  `json:"endsAt"`
	Left       int64  `json:"left"` // how many of the batch can still be claimed
}

func appCoupon(c Coupon) AppCoupon {
	out := AppCoupon{ID: c.ID, Name: c.Name, Kind: c.Kind, Currency: c.Currency, MinSpend: fmtMoney(c.Currency, c.MinSpend),
		StartsAt: c.StartsAt, EndsAt: c.EndsAt, Left: c.Quantity - c.Claimed}
	if c.Kind == CouponAmount {
		out.AmountOff = fmtMoney(c.Currency, c.AmountOff)
	} else {
		out.PercentOff = money.Format(money.Currency{Exponent: 2}, money.Amount(c.PercentBps))
		if c.MaxOff > 0 {
			out.MaxOff = fmtMoney(c.Currency, c.MaxOff)
		}
	}
	return out
}

// AppClaim is one of the shopper's coupons as apps see it.
type AppClaim struct {
	ID     string    `json:"id"`
	Status string    `json:"status"` // available or used
	Coupon AppCoupon `json:"coupon"`
}

type couponIDArgs struct {
	CouponID string `json:"couponId"`
}

type noArgs struct{}

type couponListResult struct {
	Coupons []AppCoupon `json:"coupons"`
}

type claimListResult struct {
	Claims []AppClaim `json:"claims"`
}

type payCodeArgs struct {
	Amount     string `json:"amount"`
	Currency   string `json:"currency"`
	Note       string `json:"note,omitempty"`
	TTLSeconds int    `json:"ttlSeconds,omitempty"`
}

// AppPayCode is a dynamic payment code as apps see it.
type AppPayCode struct {
	ID        string `json:"id"`
	Path      string `json:"path"` // /pay/{id}: the shopper pays it on the host's sheet
	QRPNG     string `json:"qrPng"`
	Currency  string `json:"currency"`
	Amount    string `json:"amount"`
	Status    string `json:"status"`
	ExpiresAt int64  `json:"expiresAt"`
}

// PayCodePath is where a shopper pays a payment code in the shell.
func PayCodePath(id string) string { return "/pay/" + id }

// LinkHostAPIs returns links.create, coupons.list/claim/mine and
// payments.createCode for the engine's registry.
func (s *Service) LinkHostAPIs() []runtime.HostAPI {
	return []runtime.HostAPI{
		runtime.DefineAPI("links.create", "links", func(ctx context.Context, ev *runtime.HostEvent, a linkCreateArgs) (AppLink, error) {
			if ev.BrandID == "" || ev.InstallationID == "" {
				return AppLink{}, runtime.HostErr(runtime.CodeInvalidArgs, "links.create needs an installed app")
			}
			l, err := s.CreateLink(ctx, NewLink{BrandID: ev.BrandID, Kind: LinkAppPage, InstallationID: ev.InstallationID, Page: a.Page,
				Params: a.Params, CreatedBy: "app:" + ev.InstallationID, byApp: true})
			if Code(err) == ErrInvalid.Code {
				return AppLink{}, runtime.HostErr(runtime.CodeInvalidArgs, "links.create: %s", err.(*Error).Message)
			}
			if Code(err) == ErrLinkQuota.Code {
				return AppLink{}, runtime.HostErr(runtime.CodeQuotaExceeded, "links.create: this installation has used its quota of links")
			}
			if err != nil {
				return AppLink{}, hostErr(err)
			}
			return appLink(l), nil
		}),
		runtime.DefineAPI("coupons.list", "coupons", func(ctx context.Context, ev *runtime.HostEvent, _ noArgs) (couponListResult, error) {
			cs, err := s.BrandCoupons(ctx, ev.BrandID, true)
			if err != nil {
				return couponListResult{}, err
			}
			out := couponListResult{Coupons: []AppCoupon{}}
			for _, c := range cs {
				out.Coupons = append(out.Coupons, appCoupon(c))
			}
			return out, nil
		}),
		runtime.DefineAPI("coupons.claim", "coupons", func(ctx context.Context, ev *runtime.HostEvent, a couponIDArgs) (AppClaim, error) {
			if err := needShopper("coupons.claim", ev); err != nil {
				return AppClaim{}, err
			}
			if a.CouponID == "" || len(a.CouponID) > 64 {
				return AppClaim{}, runtime.HostErr(runtime.CodeInvalidArgs, "coupons.claim: couponId is required")
			}
			k, err := s.ClaimCoupon(ctx, ClaimInput{CouponID: a.CouponID, ShopperID: ev.ShopperID, Via: ClaimViaApp, BrandID: ev.BrandID,
				InstallationID: ev.InstallationID})
			if err != nil {
				return AppClaim{}, hostErr(err)
			}
			return AppClaim{ID: k.ID, Status: k.Status, Coupon: appCoupon(k.Coupon)}, nil
		}),
		runtime.DefineAPI("coupons.mine", "coupons", func(ctx context.Context, ev *runtime.HostEvent, _ noArgs) (claimListResult, error) {
			if err := needShopper("coupons.mine", ev); err != nil {
				return claimListResult{}, err
			}
			ks, err := s.MyCoupons(ctx, ev.ShopperID, ev.BrandID, false)
			if err != nil {
				return claimListResult{}, err
			}
			out := claimListResult{Claims: []AppClaim{}}
			for _, k := range ks {
				out.Claims = append(out.Claims, AppClaim{ID: k.ID, Status: k.Status, Coupon: appCoupon(k.Coupon)})
			}
			return out, nil
		}),
		runtime.DefineAPI("payments.createCode", "payments", func(ctx context.Context, ev *runtime.HostEvent, a payCodeArgs) (AppPayCode, error) {
			if ev.BrandID == "" || ev.InstallationID == "" {
				return AppPayCode{}, runtime.HostErr(runtime.CodeInvalidArgs, "payments.createCode needs an installed app")
			}
			cur, err := money.Lookup(a.Currency)
			if err != nil {
				return AppPayCode{}, runtime.HostErr(runtime.CodeInvalidArgs, "payments.createCode: unknown currency")
			}
			amt, err := money.ParsePositive(cur, a.Amount)
			if err != nil || a.TTLSeconds < 0 || a.TTLSeconds > int(payments.MaxPayCodeTTL/time.Second) {
				return AppPayCode{}, runtime.HostErr(runtime.CodeInvalidArgs, "payments.createCode: amount is a positive decimal string in %s, ttlSeconds at most %d",
					cur.Code, int(payments.MaxPayCodeTTL/time.Second))
			}
			c, err := s.pay.CreatePayCode(ctx, payments.NewPayCode{BrandID: ev.BrandID, InstallationID: ev.InstallationID, CreatedBy: "app:" + ev.InstallationID,
				Currency: cur.Code, Amount: amt, Note: a.Note, TTL: time.Duration(a.TTLSeconds) * time.Second})
			if err != nil {
				return AppPayCode{}, hostErr(err)
			}
			return AppPayCode{ID: c.ID, Path: PayCodePath(c.ID), QRPNG: "/api/v1/payment-codes/" + c.ID + "/qr.png", Currency: c.Currency,
				Amount: fmtMoney(c.Currency, c.Amount), Status: c.Status, ExpiresAt: c.ExpiresAt}, nil
		}),
	}
}
