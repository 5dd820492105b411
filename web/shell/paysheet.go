package shell

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/soukhq/souk/payments"
	"github.com/soukhq/souk/payments/ledger"
	"github.com/soukhq/souk/payments/money"
	"github.com/soukhq/souk/web/site"
)

// The payment sheet belongs to the host. When an app's action asks for
// payment (it creates a payment request through the host API), the shell
// opens its own sheet over the app frame: the merchant (brand), the app,
// the order lines and total as the host computed them, the wallet balance,
// the shopper's anti-phishing phrase — which apps never see, so no app view
// can imitate the sheet — and the PIN field. Only the shopper the request
// is for can see or pay it.

type sheetLine struct {
	Title, Qty, Total string
}

// sheetCoupon is one of the shopper's coupons with the order's brand, as
// the sheet offers it: what it takes off this order, or why not.
type sheetCoupon struct {
	ClaimID, Name, Off string
	Usable, Applied    bool
}

// sheetPoints is the brand's loyalty points as the sheet offers them: the
// host computes what they take off (after the coupon), never the app.
type sheetPoints struct {
	Balance, Max, Used int64
	Value              string // one point's value
}

type sheetData struct {
	RequestID      string
	Subtotal       string // set when a coupon or points take something off
	Discount       string
	PointsOff      string // what the points took off
	Coupons        []sheetCoupon
	Points         *sheetPoints
	InstallationID string
	Action         string // where the sheet's forms post: /a/{ins}/pay/{req} or /pay/r/{req}
	Back           string // where paying or cancelling returns
	Brand, AppName string
	Lines          []sheetLine
	Total          string
	Balance        string
	Phrase         string
	Error          string
	Paid           bool
	// PayLater is what the shopper's credit line has available, set when
	// the sheet offers paying later (the credit service is on).
	PayLater string
	FX       *sheetFX // paying from a wallet in another currency
}

// sheetFX is the quote the sheet offers when the wallet in the order's
// currency cannot pay it and another of the shopper's wallets can: the
// amount taken from that wallet, the rate with its spread, its source and
// when the quote expires. Paying sends the quote id; the conversion and
// the payment commit together (payments.ConfirmWithQuote).
type sheetFX struct {
	QuoteID, Pay, From, Rate, Mid, Spread, Source, Expires string
}

// fxQuote finds the first of the shopper's other wallets (by currency
// code) that a current rate converts and whose balance covers the quote.
func (p *pages) fxQuote(ctx context.Context, req payments.Request) (*sheetFX, error) {
	bals, err := p.Apps.Payments.Balances(ctx, req.ShopperID)
	if err != nil {
		return nil, err
	}
	slices.SortFunc(bals, func(a, b ledger.Balance) int { return strings.Compare(a.Currency, b.Currency) })
	for _, b := range bals {
		if b.Currency == req.Currency || b.Available <= 0 || !strings.HasPrefix(b.AccountID, "wallet:") {
			continue
		}
		q, err := p.Apps.Payments.QuoteForOrder(ctx, req, b.Currency)
		if payments.Code(err) != "" {
			continue // no current rate for this pair
		}
		if err != nil {
			return nil, err
		}
		if int64(q.SourceAmount) > b.Available {
			continue
		}
		return &sheetFX{QuoteID: q.ID, Pay: amount(q.SourceCurrency, int64(q.SourceAmount)), From: q.SourceCurrency,
			Rate:   "1 " + q.SourceCurrency + " = " + q.AppliedRate + " " + q.TargetCurrency,
			Mid:    "1 " + q.SourceCurrency + " = " + q.MidRate + " " + q.TargetCurrency,
			Spread: fmt.Sprintf("%d.%02d %%", q.SpreadBps/100, q.SpreadBps%100), Source: q.RateSource,
			Expires: time.UnixMicro(q.ExpiresAt).UTC().Format("15:04:05 UTC")}, nil
	}
	return nil, nil
}

func amount(currency string, a int64) string {
	cur, err := money.Lookup(currency)
	if err != nil {
		return fmt.Sprint(a)
	}
	return money.Format(cur, money.Amount(a)) + " " + cur.Code
}

// openRequest finds the request an action just asked the shopper to pay:
// one created since the action began, or the open request of the order the
// action named.
func (p *pages) openRequest(ctx context.Context, shopperID, appID string, since time.Time, args any) (payments.Request, bool, error) {
	if p.Apps.Payments == nil {
		return payments.Request{}, false, nil
	}
	r, ok, err := p.Apps.Payments.OpenRequest(ctx, shopperID, appID, since.UnixMicro())
	if err != nil || ok {
		return r, ok, err
	}
	if m, isMap := args.(map[string]any); isMap {
		if orderID, _ := m["orderId"].(string); orderID != "" {
			r, err := p.Apps.Payments.RequestForOrder(ctx, orderID)
			if err == nil && r.ShopperID == shopperID && r.Status == payments.StatusCreated && r.AppID == appID {
				return r, true, nil
			}
		}
	}
	return payments.Request{}, false, nil
}

func (p *pages) sheet(r *site.Req, req payments.Request, insID, brand, appName string) (sheetData, error) {
	d := sheetData{RequestID: req.ID, InstallationID: insID, Brand: brand, AppName: appName,
		Total: amount(req.Currency, int64(req.Amount)), Phrase: r.Profile().AntiPhishingPhrase, Paid: req.Status == payments.StatusPaid,
		Action: "/a/" + insID + "/pay/" + req.ID, Back: "/a/" + insID + "/home"}
	if insID == "" {
		d.Action, d.Back = "/pay/r/"+req.ID, "/orders/"+req.OrderID
	}
	if p.Apps.Commerce != nil {
		o, err := p.Apps.Commerce.ShopperOrder(r.Context(), r.UserID(), req.OrderID)
		if err != nil {
			return d, err
		}
		for _, l := range o.Lines {
			d.Lines = append(d.Lines, sheetLine{Title: l.Title, Qty: fmt.Sprint(l.Qty), Total: amount(req.Currency, int64(l.LineTotal))})
		}
		if o.Discount > 0 {
			d.Discount = amount(o.Currency, int64(o.Discount))
		}
		if o.PointsDiscount > 0 {
			d.PointsOff = amount(o.Currency, int64(o.PointsDiscount))
		}
		if o.Discount > 0 || o.PointsDiscount > 0 {
			d.Subtotal = amount(o.Currency, int64(o.Subtotal))
		}
		if !d.Paid && req.Status == payments.StatusCreated {
			cp, err := p.Apps.Commerce.CheckoutPointsFor(r.Context(), r.UserID(), o.ID)
			if err != nil {
				return d, err
			}
			if cp.Available || cp.Used > 0 {
				d.Points = &sheetPoints{Balance: cp.Balance, Max: cp.Max, Used: cp.Used, Value: amount(o.Currency, int64(cp.PointValue))}
			}
		}
		if !d.Paid && req.Status == payments.StatusCreated {
			offers, err := p.Apps.Commerce.CheckoutCoupons(r.Context(), r.UserID(), o.ID)
			if err != nil {
				return d, err
			}
			for _, c := range offers {
				sc := sheetCoupon{ClaimID: c.Claim.ID, Name: c.Claim.Coupon.Name, Usable: c.Reason == "", Applied: c.Applied}
				if sc.Usable {
					sc.Off = amount(o.Currency, int64(c.Discount))
				}
				d.Coupons = append(d.Coupons, sc)
			}
		}
	}
	bal, err := p.Apps.Payments.WalletBalance(r.Context(), r.UserID(), req.Currency)
	if err != nil {
		return d, err
	}
	d.Balance = amount(req.Currency, bal.Available)
	if p.Credit != nil && !d.Paid && req.Status == payments.StatusCreated {
		ln, err := p.Credit.Line(r.Context(), r.UserID(), req.Currency)
		if err != nil {
			return d, err
		}
		d.PayLater = amount(req.Currency, int64(ln.Available))
	}
	if !d.Paid && req.Status == payments.StatusCreated && bal.Available < int64(req.Amount) {
		if d.FX, err = p.fxQuote(r.Context(), req); err != nil {
			return d, err
		}
	}
	return d, nil
}

var attemptsLeft = regexp.MustCompile(`(\d+) attempts left`)

// sheetRequest resolves the request a sheet route names, for the shopper
// it is for only. Under /a/{ins}/pay/{req} it must be the installation's
// app's; at /pay/r/{req} — orders no app made, such as a live room's
// one-tap buy — it must have no app. Anything else is not found.
func (p *pages) sheetRequest(r *site.Req) (req payments.Request, insID, brand, appName string, err error) {
	req, err = p.Apps.Payments.GetRequest(r.Context(), r.Params("req"))
	if err != nil || req.ShopperID != r.UserID() {
		return req, "", "", "", errNoApp
	}
	if r.Params("ins") == "" {
		if req.AppID != "" {
			return req, "", "", "", errNoApp
		}
		return req, "", p.orgName(r.Context(), req.BrandID), "", nil
	}
	ins, app, brand, err := p.installation(r)
	if err != nil {
		return req, "", "", "", err
	}
	if req.AppID != ins.AppID {
		return req, "", "", "", errNoApp
	}
	return req, ins.ID, brand, app.Name, nil
}

// paySheetPage shows the sheet for an order without an app (/pay/r/{req}).
func (p *pages) paySheetPage(r *site.Req) error {
	req, _, brand, _, err := p.sheetRequest(r)
	if isNotFound(err) {
		return r.NotFound()
	}
	if err != nil {
		return err
	}
	d, err := p.sheet(r, req, "", brand, "")
	if err != nil {
		return err
	}
	return r.Render(p.t, http.StatusOK, "paysheet", r.Page(site.FaceShell, "pay.sheet_title", d))
}

// pay confirms a request with the PIN typed into the sheet.
func (p *pages) payRequest(r *site.Req) error {
	req, insID, brand, appName, err := p.sheetRequest(r)
	if isNotFound(err) {
		return r.NotFound()
	}
	if err != nil {
		return err
	}
	pin := strings.TrimSpace(r.FormValue("pin"))
	var payErr error
	if req.Status == payments.StatusCreated {
		if r.FormValue("method") == "later" && p.Credit != nil {
			// Paying later is the host's step too: the same sheet, the same PIN.
			req, payErr = p.Credit.PayLater(r.Context(), req.ID, r.UserID(), pin)
		} else {
			req, payErr = p.Apps.Payments.ConfirmWithQuote(r.Context(), req.ID, r.UserID(), pin, strings.TrimSpace(r.FormValue("fx_quote")), nil)
		}
		if payErr != nil && payments.Code(payErr) == "" {
			return payErr
		}
		if payErr != nil {
			if req, err = p.Apps.Payments.GetRequest(r.Context(), r.Params("req")); err != nil {
				return err
			}
		}
	}
	d, err := p.sheet(r, req, insID, brand, appName)
	if err != nil {
		return err
	}
	if payErr != nil {
		d.Error = creditRefusal(r, payErr)
	}
	// 200 with the message in the sheet: htmx swaps only successful answers.
	return r.Fragment(p.t, "app", "sheet", map[string]any{"Data": d, "L": r.L, "CSRF": r.Caller.SessionCSRF, "OOB": false})
}
