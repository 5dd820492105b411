package shell

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/soukhq/souk/commerce"
	"github.com/soukhq/souk/payments"
	"github.com/soukhq/souk/payments/ledger"
	"github.com/soukhq/souk/payments/money"
	"github.com/soukhq/souk/store"
	"github.com/soukhq/souk/web/site"
)

// Short links, coupon claims and payment codes in the shell (issue 17).
//
//   - /l/{code} opens what the link points at (a product in the brand's
//     storefront app, the storefront, an app page, a coupon to claim); an
//     unknown link answers 404 and a disabled one 410, each with a page that
//     says so. Scanning a printed QR code with a phone camera lands here.
//   - /coupons/{id} shows a coupon and lets the shopper claim it.
//   - /pay/{code} is the host's sheet for a brand's payment code: the
//     shopper enters the amount (static codes) and the PIN.

type linkData struct {
	Code    string
	Problem string // a locale key: why it does not open
}

func (p *pages) openLink(r *site.Req) error {
	code := r.Params("code")
	l, err := p.Apps.Commerce.OpenLink(r.Context(), code)
	switch commerce.Code(err) {
	case "":
		if err != nil {
			return err
		}
		return r.SeeOther(l.Destination())
	case commerce.ErrLinkNotFound.Code:
		return r.Render(p.t, http.StatusNotFound, "link", r.Page(site.FaceShell, "link.title", linkData{Code: code, Problem: "link.unknown"}))
	case commerce.ErrLinkDisabled.Code:
		return r.Render(p.t, http.StatusGone, "link", r.Page(site.FaceShell, "link.title", linkData{Code: code, Problem: "link.disabled"}))
	}
	return err
}

type couponData struct {
	Coupon     commerce.Coupon
	Brand      string
	Off        string // "1.00 USD off" or "15.00 % off, at most 7.00 USD"
	MinSpend   string
	Ends       string
	Left       int64
	Claimed    bool   // this shopper holds one now
	Message    string // a locale key after a claim attempt
	MessageOK  bool
	Storefront string // where to shop with it
	Verified   bool   // the brand is verified
}

func couponOff(r *site.Req, c commerce.Coupon) string {
	if c.Kind == commerce.CouponAmount {
		return r.L.T("coupon.amount_off", amount(c.Currency, int64(c.AmountOff)))
	}
	pct := money.Format(money.Currency{Exponent: 2}, money.Amount(c.PercentBps))
	if c.MaxOff > 0 {
		return r.L.T("coupon.percent_off_cap", pct, amount(c.Currency, int64(c.MaxOff)))
	}
	return r.L.T("coupon.percent_off", pct)
}

func (p *pages) couponData(r *site.Req, id string) (couponData, error) {
	c, err := p.Apps.Commerce.Coupon(r.Context(), id)
	if err != nil {
		return couponData{}, err
	}
	d := couponData{Coupon: c, Off: couponOff(r, c), Left: c.Quantity - c.Claimed, Ends: when(c.EndsAt)}
	if c.MinSpend > 0 {
		d.MinSpend = amount(c.Currency, int64(c.MinSpend))
	}
	d.Brand = p.orgName(r.Context(), c.BrandID)
	d.Verified = p.Apps.Commerce.BrandVerified(r.Context(), c.BrandID)
	mine, err := p.Apps.Commerce.MyCoupons(r.Context(), r.UserID(), c.BrandID, true)
	if err != nil {
		return d, err
	}
	for _, k := range mine {
		d.Claimed = d.Claimed || k.CouponID == c.ID
	}
	if ins, err := p.storefrontOf(r, c.BrandID); err == nil {
		d.Storefront = "/a/" + ins + "/home"
	}
	return d, nil
}

// storefrontOf is the brand's newest active installation.
func (p *pages) storefrontOf(r *site.Req, brandID string) (string, error) {
	var id string
	err := p.Apps.DB.QueryRowContext(r.Context(), `SELECT id FROM installations WHERE brand_org_id = $1 AND status = 'active'
		ORDER BY created_at DESC, id DESC LIMIT 1`, brandID).Scan(&id)
	return id, err
}

func (p *pages) couponPage(r *site.Req) error {
	d, err := p.couponData(r, r.Params("id"))
	if commerce.Code(err) == commerce.ErrNotFound.Code {
		return r.NotFound()
	}
	if err != nil {
		return err
	}
	return r.Render(p.t, http.StatusOK, "coupon", r.Page(site.FaceShell, "coupon.title", d))
}

func (p *pages) claimCoupon(r *site.Req) error {
	id := r.Params("id")
	via := commerce.ClaimViaShell
	if r.FormValue("via") == "chat" {
		via = commerce.ClaimViaChat
	}
	_, claimErr := p.Apps.Commerce.ClaimCoupon(r.Context(), commerce.ClaimInput{CouponID: id, ShopperID: r.UserID(), Via: via})
	d, err := p.couponData(r, id)
	if commerce.Code(err) == commerce.ErrNotFound.Code {
		return r.NotFound()
	}
	if err != nil {
		return err
	}
	switch code := commerce.Code(claimErr); code {
	case "":
		if claimErr != nil {
			return claimErr
		}
		d.Message, d.MessageOK = "coupon.claimed", true
	case commerce.ErrCouponSoldOut.Code, commerce.ErrCouponLimit.Code, commerce.ErrCouponNotValid.Code:
		d.Message = "coupon.err." + code
	default:
		return claimErr
	}
	return r.Render(p.t, http.StatusOK, "coupon", r.Page(site.FaceShell, "coupon.title", d))
}

type payCodeData struct {
	Code      payments.PayCode
	Brand     string
	Amount    string // dynamic codes
	Currency  string
	ClientID  string
	Balance   string
	Phrase    string
	Error     string
	Problem   string // a locale key: the code cannot be paid
	Receipt   *payments.PayCodePayment
	PaidTotal string
	Verified  bool // the brand is verified
}

func (p *pages) payCodeData(r *site.Req, id string) (payCodeData, error) {
	c, err := p.Apps.Payments.PayCode(r.Context(), id)
	if err != nil {
		return payCodeData{}, err
	}
	d := payCodeData{Code: c, Currency: c.Currency, Phrase: r.Profile().AntiPhishingPhrase, ClientID: store.NewID("pcc")}
	if c.Kind == payments.PayCodeDynamic {
		d.Amount = amount(c.Currency, int64(c.Amount))
	}
	d.Brand = p.orgName(r.Context(), c.BrandID)
	d.Verified = p.Apps.Commerce.BrandVerified(r.Context(), c.BrandID)
	switch {
	case c.Status == payments.PayCodeDisabled:
		d.Problem = "paycode.disabled"
	case c.Status == payments.PayCodePaid:
		d.Problem = "paycode.used"
	case c.Expired(store.Now()):
		d.Problem = "paycode.expired"
	}
	bal, err := p.Apps.Payments.WalletBalance(r.Context(), r.UserID(), c.Currency)
	if err != nil {
		return d, err
	}
	d.Balance = amount(c.Currency, bal.Available)
	return d, nil
}

func (p *pages) payCodePage(r *site.Req) error {
	d, err := p.payCodeData(r, r.Params("code"))
	if errors.Is(err, payments.ErrPayCodeNotFound) {
		return r.NotFound()
	}
	if err != nil {
		return err
	}
	return r.Render(p.t, http.StatusOK, "paycode", r.Page(site.FaceShell, "paycode.title", d))
}

func (p *pages) payPayCode(r *site.Req) error {
	d, err := p.payCodeData(r, r.Params("code"))
	if errors.Is(err, payments.ErrPayCodeNotFound) {
		return r.NotFound()
	}
	if err != nil {
		return err
	}
	in := payments.PayCodeInput{CodeID: d.Code.ID, ShopperID: r.UserID(), ClientID: r.FormValue("client_id"), PIN: strings.TrimSpace(r.FormValue("pin"))}
	if in.ClientID == "" || len(in.ClientID) > 100 {
		in.ClientID = d.ClientID
	}
	d.ClientID = in.ClientID
	if d.Code.Kind == payments.PayCodeStatic {
		a, err := money.ParsePositive(money.MustLookup(d.Currency), strings.TrimSpace(r.FormValue("amount")))
		if err != nil {
			d.Error = r.L.T("paycode.bad_amount")
			return r.Render(p.t, http.StatusUnprocessableEntity, "paycode", r.Page(site.FaceShell, "paycode.title", d))
		}
		in.Amount = a
	}
	rec, payErr := p.Apps.Payments.PayPayCode(r.Context(), in)
	switch code := payments.Code(payErr); code {
	case "":
		if payErr != nil {
			return payErr
		}
		d.Receipt, d.Problem = &rec, ""
		d.PaidTotal = amount(rec.Currency, int64(rec.Amount))
		if bal, err := p.Apps.Payments.WalletBalance(r.Context(), r.UserID(), rec.Currency); err == nil {
			d.Balance = amount(rec.Currency, bal.Available)
		}
	case payments.ErrWrongPIN.Code:
		d.Error = r.L.T("pay.wrong_pin_plain")
		if m := attemptsLeft.FindStringSubmatch(payErr.Error()); m != nil {
			left, _ := strconv.Atoi(m[1])
			d.Error = r.L.T("pay.wrong_pin", left)
		}
	case payments.ErrPINLocked.Code:
		d.Error = r.L.T("pay.locked")
	case payments.ErrPINNotSet.Code:
		d.Error = r.L.T("pay.no_pin")
	case ledger.ErrInsufficientFunds.Code:
		d.Error = r.L.T("pay.insufficient")
	case payments.ErrPayCodeUsed.Code:
		d.Problem = "paycode.used"
	case payments.ErrPayCodeExpired.Code:
		d.Problem = "paycode.expired"
	case payments.ErrPayCodeDisabled.Code:
		d.Problem = "paycode.disabled"
	case payments.ErrInvalidAmount.Code:
		d.Error = r.L.T("paycode.bad_amount")
	default:
		d.Error = r.L.T("pay.failed")
	}
	return r.Render(p.t, http.StatusOK, "paycode", r.Page(site.FaceShell, "paycode.title", d))
}

// applySheetCoupon applies (or removes) a coupon on the payment sheet: the
// host re-prices the order and its request, then shows the sheet again.
func (p *pages) applySheetCoupon(r *site.Req) error {
	req, insID, brand, appName, err := p.sheetRequest(r)
	if isNotFound(err) {
		return r.NotFound()
	}
	if err != nil {
		return err
	}
	_, applyErr := p.Apps.Commerce.ApplyCoupon(r.Context(), r.UserID(), req.OrderID, r.FormValue("claim_id"))
	if applyErr != nil && commerce.Code(applyErr) == "" {
		return applyErr
	}
	if req, err = p.Apps.Payments.GetRequest(r.Context(), req.ID); err != nil {
		return err
	}
	d, err := p.sheet(r, req, insID, brand, appName)
	if err != nil {
		return err
	}
	if applyErr != nil {
		d.Error = r.L.T("coupon.err." + commerce.Code(applyErr))
	}
	return r.Fragment(p.t, "app", "sheet", map[string]any{"Data": d, "L": r.L, "CSRF": r.Caller.SessionCSRF, "OOB": false})
}

// applySheetPoints spends (or stops spending) the shopper's points on the
// payment sheet: the host re-prices the order and its request after the
// coupon, then shows the sheet again.
func (p *pages) applySheetPoints(r *site.Req) error {
	req, insID, brand, appName, err := p.sheetRequest(r)
	if isNotFound(err) {
		return r.NotFound()
	}
	if err != nil {
		return err
	}
	var applyErr error
	n, perr := strconv.ParseInt(strings.TrimSpace(r.FormValue("points")), 10, 64)
	if perr != nil || n < 0 {
		applyErr = commerce.ErrInvalid
	} else if _, applyErr = p.Apps.Commerce.ApplyPoints(r.Context(), r.UserID(), req.OrderID, n); applyErr != nil && commerce.Code(applyErr) == "" {
		return applyErr
	}
	if req, err = p.Apps.Payments.GetRequest(r.Context(), req.ID); err != nil {
		return err
	}
	d, err := p.sheet(r, req, insID, brand, appName)
	if err != nil {
		return err
	}
	if applyErr != nil {
		switch commerce.Code(applyErr) {
		case commerce.ErrPointsShort.Code:
			d.Error = r.L.T("pay.points_short")
		case commerce.ErrPointsNotAvailable.Code:
			d.Error = r.L.T("pay.points_too_many")
		default:
			d.Error = r.L.T("pay.points_failed")
		}
	}
	return r.Fragment(p.t, "app", "sheet", map[string]any{"Data": d, "L": r.L, "CSRF": r.Caller.SessionCSRF, "OOB": false})
}
