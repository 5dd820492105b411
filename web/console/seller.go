package console

import (
	"errors"
	"io/fs"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/soukhq/souk/commerce"
	"github.com/soukhq/souk/identity"
	"github.com/soukhq/souk/payments/money"
	"github.com/soukhq/souk/web/site"
)

// The seller console (/seller): a brand picker for people who are staff of
// several brands, then per brand (/seller/{orgId}/…) pages whose handlers
// check the caller's role in that brand with identity.RoleIn on every
// request, as api/ does: a page or form a role may not use answers 403 to
// the brand's staff (404 to anyone else) whatever the navigation shows. Roles (issue 12):
//
//	owner, manager  everything below
//	agent           the dashboard, orders and catalog (reading); not
//	                shipping, refund decisions, catalog changes or the
//	                refund policy
//
// Figures come from commerce (BrandDashboard), money is formatted from
// integer minor units with money.Format.

// pagesWithNav returns the pages templates/{face}/*.html, each with that
// face's navigation (templates/{face}/parts/nav.html) appended, so every
// page defines it.
func pagesWithNav(face string) fs.FS {
	return site.PagesWith(files, "templates/"+face+"/*.html", "templates/"+face+"/parts/nav.html")
}

type seller struct {
	Deps
	t *site.Templates
}

func mountSeller(app *fiber.App, d Deps) {
	p := &seller{Deps: d, t: d.Site.Parse(pagesWithNav("seller"), "templates/seller/*.html")}
	s := d.Site
	staff := site.OrgMember(identity.OrgBrand)
	s.Get(app, "/seller", staff, p.brands)
	s.Get(app, "/seller/:orgId", staff, p.brand(rolesAll, p.dashboard))
	s.Get(app, "/seller/:orgId/orders", staff, p.brand(rolesAll, p.orders))
	s.Get(app, "/seller/:orgId/orders/:orderId", staff, p.brand(rolesAll, p.order))
	s.Get(app, "/seller/:orgId/orders/:orderId/packing-slip", staff, p.brand(rolesAll, p.packingSlip))
	s.Get(app, "/seller/:orgId/orders/:orderId/evidence", staff, p.brand(rolesAll, p.evidenceImage))
	s.Post(app, "/seller/:orgId/orders/:orderId/dispute", staff, p.brand(rolesManage, p.answerDispute))
	s.Post(app, "/seller/:orgId/orders/:orderId/ship", staff, p.brand(rolesManage, p.ship))
	s.Post(app, "/seller/:orgId/orders/:orderId/refund/approve", staff, p.brand(rolesManage, p.approveRefund))
	s.Post(app, "/seller/:orgId/orders/:orderId/refund/decline", staff, p.brand(rolesManage, p.declineRefund))
	s.Get(app, "/seller/:orgId/products", staff, p.brand(rolesAll, p.products))
	s.Get(app, "/seller/:orgId/products/new", staff, p.brand(rolesManage, p.newProduct))
	s.Post(app, "/seller/:orgId/products/new", staff, p.brand(rolesManage, p.createProduct))
	s.Get(app, "/seller/:orgId/products/import", staff, p.brand(rolesManage, p.importPage))
	s.Post(app, "/seller/:orgId/products/import", staff, p.brand(rolesManage, p.importPost(false)))
	s.Post(app, "/seller/:orgId/products/import/apply", staff, p.brand(rolesManage, p.importPost(true)))
	s.Get(app, "/seller/:orgId/products/export.csv", staff, p.brand(rolesManage, p.exportCSV))
	s.Get(app, "/seller/:orgId/products/:productId", staff, p.brand(rolesAll, p.product))
	s.Post(app, "/seller/:orgId/products/:productId/matrix", staff, p.brand(rolesManage, p.addMatrix))
	s.Get(app, "/seller/:orgId/products/:productId/images/:n", staff, p.brand(rolesAll, p.productImage))
	s.Post(app, "/seller/:orgId/products/:productId/images", staff, p.brand(rolesManage, p.uploadImages))
	s.Post(app, "/seller/:orgId/products/:productId/images/:n", staff, p.brand(rolesManage, p.imageAction))
	s.Post(app, "/seller/:orgId/products/:productId", staff, p.brand(rolesManage, p.editProduct))
	s.Post(app, "/seller/:orgId/products/:productId/skus", staff, p.brand(rolesManage, p.addSKU))
	s.Post(app, "/seller/:orgId/products/:productId/skus/:skuId", staff, p.brand(rolesManage, p.saveSKU))
	s.Get(app, "/seller/:orgId/reviews", staff, p.brand(rolesAll, p.reviews))
	s.Post(app, "/seller/:orgId/reviews/:reviewId/reply", staff, p.brand(rolesAll, p.replyReview))
	s.Post(app, "/seller/:orgId/reviews/:reviewId/report", staff, p.brand(rolesAll, p.reportReview))
	s.Get(app, "/seller/:orgId/apps", staff, p.brand(rolesAll, p.apps))
	s.Post(app, "/seller/:orgId/apps/install", staff, p.brand(rolesManage, p.installApp))
	s.Post(app, "/seller/:orgId/apps/:insId/consent", staff, p.brand(rolesManage, p.consentApp))
	s.Post(app, "/seller/:orgId/apps/:insId/config", staff, p.brand(rolesManage, p.configApp))
	s.Post(app, "/seller/:orgId/apps/:insId/uninstall", staff, p.brand(rolesManage, p.uninstallApp))
	s.Get(app, "/seller/:orgId/links", staff, p.brand(rolesAll, p.links))
	s.Post(app, "/seller/:orgId/links", staff, p.brand(rolesManage, p.createLink))
	s.Post(app, "/seller/:orgId/links/:code/status", staff, p.brand(rolesManage, p.setLinkStatus))
	s.Get(app, "/seller/:orgId/live", staff, p.brand(rolesAll, p.live))
	s.Post(app, "/seller/:orgId/live", staff, p.brand(rolesManage, p.openLive))
	s.Post(app, "/seller/:orgId/live/:roomId/close", staff, p.brand(rolesManage, p.closeLive))
	s.Post(app, "/seller/:orgId/live/:roomId/pins", staff, p.brand(rolesManage, p.pinLive))
	s.Post(app, "/seller/:orgId/live/:roomId/pins/:skuId/unpin", staff, p.brand(rolesManage, p.unpinLive))
	s.Post(app, "/seller/:orgId/live/:roomId/link", staff, p.brand(rolesManage, p.liveLink))
	s.Post(app, "/seller/:orgId/live/:roomId/messages/:seq/remove", staff, p.brand(rolesAll, p.removeLiveMessage))
	s.Post(app, "/seller/:orgId/live/:roomId/mute", staff, p.brand(rolesAll, p.muteLive))
	s.Get(app, "/seller/:orgId/protection", staff, p.brand(rolesAll, p.protection))
	s.Post(app, "/seller/:orgId/protection/verification", staff, p.brand(rolesManage, p.requestVerification))
	s.Post(app, "/seller/:orgId/protection/batches", staff, p.brand(rolesManage, p.createBatch))
	s.Get(app, "/seller/:orgId/protection/batches/:batchId/codes.csv", staff, p.brand(rolesManage, p.batchCSV))
	s.Get(app, "/seller/:orgId/protection/batches/:batchId/sheet", staff, p.brand(rolesManage, p.batchSheet))
	s.Post(app, "/seller/:orgId/protection/bind", staff, p.brand(rolesManage, p.bindCode))
	s.Post(app, "/seller/:orgId/payment-codes/static", staff, p.brand(rolesManage, p.staticPayCode))
	s.Post(app, "/seller/:orgId/payment-codes", staff, p.brand(rolesManage, p.createPayCode))
	s.Post(app, "/seller/:orgId/payment-codes/:codeId/status", staff, p.brand(rolesManage, p.setPayCodeStatus))
	s.Get(app, "/seller/:orgId/coupons", staff, p.brand(rolesAll, p.coupons))
	s.Post(app, "/seller/:orgId/coupons", staff, p.brand(rolesManage, p.createCoupon))
	s.Post(app, "/seller/:orgId/coupons/:couponId/status", staff, p.brand(rolesManage, p.setCouponStatus))
	s.Post(app, "/seller/:orgId/coupons/:couponId/link", staff, p.brand(rolesManage, p.couponLink))
	s.Get(app, "/seller/:orgId/finance", staff, p.brand(rolesManage, p.finance))
	s.Post(app, "/seller/:orgId/finance/payouts", staff, p.brand(rolesManage, p.requestPayout))
	s.Get(app, "/seller/:orgId/finance/statement.csv", staff, p.brand(rolesManage, p.statementCSV))
	s.Get(app, "/seller/:orgId/points", staff, p.brand(rolesManage, p.points))
	s.Post(app, "/seller/:orgId/points", staff, p.brand(rolesManage, p.saveLoyalty))
	s.Post(app, "/seller/:orgId/points/rebates", staff, p.brand(rolesManage, p.redeemRebate))
	s.Get(app, "/seller/:orgId/refund-policy", staff, p.brand(rolesManage, p.refundPolicy))
	s.Post(app, "/seller/:orgId/refund-policy", staff, p.brand(rolesManage, p.saveRefundPolicy))
	if d.Invoices != nil {
		// E-invoices (seller_invoices.go).
		s.Get(app, "/seller/:orgId/invoices", staff, p.brand(rolesManage, p.invoices))
		s.Post(app, "/seller/:orgId/invoices/settings", staff, p.brand(rolesManage, p.saveInvoiceSettings))
		s.Post(app, "/seller/:orgId/invoices/:invoiceId/void", staff, p.brand(rolesManage, p.voidInvoice))
	}
	if d.Credit != nil {
		// Deposits (seller_deposits.go).
		s.Get(app, "/seller/:orgId/deposits", staff, p.brand(rolesAll, p.deposits))
		s.Post(app, "/seller/:orgId/deposits/threshold", staff, p.brand(rolesManage, p.saveWaiverThreshold))
		s.Post(app, "/seller/:orgId/deposits/skus", staff, p.brand(rolesManage, p.markDepositSKU))
		s.Post(app, "/seller/:orgId/deposits/:depositId/release", staff, p.brand(rolesAll, p.resolveDeposit(false)))
		s.Post(app, "/seller/:orgId/deposits/:depositId/capture", staff, p.brand(rolesManage, p.resolveDeposit(true)))
	}
	// Staff and settings (seller_staff.go).
	s.Get(app, "/seller/:orgId/staff", staff, p.brand(rolesManage, p.staff))
	s.Post(app, "/seller/:orgId/staff/invite", staff, p.brand(rolesManage, p.invite))
	s.Post(app, "/seller/:orgId/staff/invites/cancel", staff, p.brand(rolesManage, p.cancelInvite))
	s.Post(app, "/seller/:orgId/staff/:userId/role", staff, p.brand(rolesManage, p.changeRole))
	s.Post(app, "/seller/:orgId/staff/:userId/remove", staff, p.brand(rolesManage, p.removeStaff))
	s.Get(app, "/seller/:orgId/profile", staff, p.brand(rolesManage, p.profile))
	s.Post(app, "/seller/:orgId/profile", staff, p.brand(rolesManage, p.saveProfile))
	s.Post(app, "/seller/:orgId/profile/logo", staff, p.brand(rolesManage, p.saveLogo))
	if d.Chat != nil {
		// Customer service (seller_inbox.go).
		s.Post(app, "/seller/:orgId/staff/:userId/leaving", staff, p.brand(rolesManage, p.leaving))
		s.Get(app, "/seller/:orgId/inbox", staff, p.brand(rolesAll, p.inbox))
		s.Post(app, "/seller/:orgId/inbox/reassign", staff, p.brand(rolesManage, p.reassign))
		s.Post(app, "/seller/:orgId/inbox/duty", staff, p.brand(rolesAll, p.duty))
		s.Get(app, "/seller/:orgId/inbox/:convId", staff, p.brand(rolesAll, p.conversation))
		s.Post(app, "/seller/:orgId/inbox/:convId/messages", staff, p.brand(rolesAll, p.reply))
		s.Post(app, "/seller/:orgId/inbox/:convId/card", staff, p.brand(rolesAll, p.card))
		s.Get(app, "/seller/:orgId/contact", staff, p.brand(rolesAll, p.contact))
		s.Get(app, "/seller/:orgId/service", staff, p.brand(rolesManage, p.service))
		s.Post(app, "/seller/:orgId/service/quick-replies", staff, p.brand(rolesManage, p.addQuickReply))
		s.Post(app, "/seller/:orgId/service/quick-replies/:replyId/delete", staff, p.brand(rolesManage, p.deleteQuickReply))
	}
}

var (
	rolesAll    = []string{identity.MemberOwner, identity.MemberManager, identity.MemberAgent}
	rolesManage = []string{identity.MemberOwner, identity.MemberManager}
)

// brandCtx is the brand a seller page is about and what the caller may do.
type brandCtx struct {
	ID, Name, Role string
	// Brands is how many brands the caller is staff of (the picker is
	// linked when more than one).
	Brands int
	// CanManage: owner or manager (refund policy, refunds, catalog edits).
	CanManage bool
	// Section names the page for aria-current in the brand navigation.
	Section string
	// Apps: the apps page is served (a marketplace is configured).
	Apps bool
	// Inbox: the console has the customer-service pages.
	Inbox bool
	// Invoices: the console has the e-invoice page.
	Invoices bool
	// Deposits: the console has the deposits page.
	Deposits bool
}

// sellerData is every seller page's Data: the brand and the page's own.
type sellerData struct {
	Brand brandCtx
	Page  any
	// Form holds posted values to show again after a refused post.
	Form map[string]string
}

type brandHandler func(r *site.Req, b brandCtx) error

// brand resolves /seller/:orgId for the caller: not a brand, not staff, or
// a role outside roles all answer the 404 page.
func (p *seller) brand(roles []string, h brandHandler) site.Handler {
	return func(r *site.Req) error {
		orgID := r.Params("orgId")
		ms, err := p.Identity.Memberships(r.Context(), r.UserID())
		if err != nil {
			return err
		}
		b := brandCtx{}
		for _, m := range ms {
			if m.OrgKind != identity.OrgBrand {
				continue
			}
			b.Brands++
			if m.OrgID == orgID {
				b.ID, b.Name = m.OrgID, m.OrgName
			}
		}
		if b.ID == "" {
			return r.NotFound()
		}
		// The role is read with RoleIn, the check api/ runs per request.
		kind, role, err := p.Identity.RoleIn(r.Context(), r.UserID(), orgID)
		if err != nil {
			return err
		}
		if kind != identity.OrgBrand || role == "" {
			return r.NotFound()
		}
		if !contains(roles, role) {
			// Staff of this brand already know it exists: say no plainly.
			return r.Forbidden()
		}
		b.Role, b.CanManage, b.Apps, b.Inbox, b.Invoices = role, contains(rolesManage, role), p.Market != nil, p.Chat != nil, p.Invoices != nil
		b.Deposits = p.Credit != nil
		return h(r, b)
	}
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if x == y {
			return true
		}
	}
	return false
}

// brands is the picker: every brand the caller is staff of, with the role.
func (p *seller) brands(r *site.Req) error {
	ms, err := p.Identity.Memberships(r.Context(), r.UserID())
	if err != nil {
		return err
	}
	var bs []identity.Membership
	for _, m := range ms {
		if m.OrgKind == identity.OrgBrand {
			bs = append(bs, m)
		}
	}
	return r.Render(p.t, http.StatusOK, "brands", r.Page(site.FaceSeller, "face.seller", bs))
}

func (p *seller) render(r *site.Req, status int, name, titleKey string, b brandCtx, data any, edit func(*site.Page)) error {
	b.Section = name
	pg := r.Page(site.FaceSeller, titleKey, sellerData{Brand: b, Page: data})
	pg.Title = pg.Title + " · " + b.Name
	if edit != nil {
		edit(&pg)
	}
	return r.Render(p.t, status, name, pg)
}

// --- Dashboard ---

type dashCurrency struct {
	Currency                 string
	TodayOrders, MonthOrders int64
	Today, Month             string
	Chart                    chart
}

type dashData struct {
	WaitingToShip, RefundRequests, OpenDisputes int64
	Currencies                                  []dashCurrency
	Today                                       string
	// Balances are the balance-over-time charts (owners and managers).
	Balances []balanceChart
}

func (p *seller) dashboard(r *site.Req, b brandCtx) error {
	now := time.Now().UTC()
	d, err := p.Commerce.BrandDashboard(r.Context(), b.ID, now)
	if err != nil {
		return err
	}
	out := dashData{WaitingToShip: d.WaitingToShip, RefundRequests: d.RefundRequests, OpenDisputes: d.OpenDisputes, Today: now.Format("2006-01-02")}
	for _, c := range d.Currencies {
		cur, err := money.Lookup(c.Currency)
		if err != nil {
			return err
		}
		out.Currencies = append(out.Currencies, dashCurrency{Currency: c.Currency,
			TodayOrders: c.TodayOrders, MonthOrders: c.MonthOrders,
			Today: money.Format(cur, c.Today), Month: money.Format(cur, c.Month),
			Chart: salesChart(cur, c.Daily)})
	}
	if b.CanManage {
		if out.Balances, err = p.balanceCharts(r, b, now); err != nil {
			return err
		}
	}
	return p.render(r, http.StatusOK, "dashboard", "seller.dashboard", b, out, nil)
}

// chart is a server-rendered bar chart of daily sales (an SVG whose bars
// carry their date and value as titles, axis labels in text, and the same
// figures as a table beside it: nothing is told by colour alone).
type chart struct {
	Width, Height, Base int // viewBox, and the y of the axis
	Bars                []bar
	Max                 string // the highest day's sales, labelled on the axis
	MaxDay              string
	First, Last         string // first and last day, labelled under the axis
	Total               string
}

type bar struct {
	X, Y, W, H int
	Day        string
	Orders     int64
	Sales      string
}

const (
	chartBarW  = 16
	chartGap   = 4
	chartTop   = 24 // room for the maximum's label
	chartPlot  = 160
	chartLabel = 28 // room for the day labels
)

func salesChart(cur money.Currency, days []commerce.DaySales) chart {
	c := chart{Width: len(days) * (chartBarW + chartGap), Base: chartTop + chartPlot}
	c.Height = c.Base + chartLabel
	var hi, total money.Amount
	for _, d := range days {
		total += d.Sales
		if d.Sales > hi {
			hi = d.Sales
			c.MaxDay = d.Day.Format("01-02")
		}
	}
	for i, d := range days {
		h := 0
		if hi > 0 {
			// integer scaling: bars are whole pixels, amounts stay exact
			h = int(int64(d.Sales) * chartPlot / int64(hi))
		}
		if d.Sales > 0 && h == 0 {
			h = 1
		}
		c.Bars = append(c.Bars, bar{X: i*(chartBarW+chartGap) + chartGap/2, Y: c.Base - h, W: chartBarW, H: h,
			Day: d.Day.Format("2006-01-02"), Orders: d.Orders, Sales: money.Format(cur, d.Sales)})
	}
	c.Max, c.Total = money.Format(cur, hi), money.Format(cur, total)
	if len(days) > 0 {
		c.First, c.Last = days[0].Day.Format("01-02"), days[len(days)-1].Day.Format("01-02")
	}
	return c
}

// --- Refund policy (owner, manager) ---

type policyData struct{ WindowDays, MaxPercent string }

func (p *seller) refundPolicy(r *site.Req, b brandCtx) error {
	pol, err := p.Commerce.RefundPolicy(r.Context(), b.ID)
	if err != nil {
		return err
	}
	return p.render(r, http.StatusOK, "refund-policy", "seller.policy.title", b, policyView(pol), nil)
}

func policyView(pol commerce.RefundPolicy) policyData {
	return policyData{WindowDays: strconv.FormatInt(int64(pol.Window/(24*time.Hour)), 10), MaxPercent: bpsPercent(int64(pol.MaxRefundBps))}
}

// bpsPercent writes basis points as a percentage with up to two decimals.
func bpsPercent(bps int64) string {
	s := strconv.FormatInt(bps/100, 10)
	if f := bps % 100; f != 0 {
		s += "." + strings.TrimRight(strconv.FormatInt(100+f, 10)[1:], "0")
	}
	return s
}

// parsePercent reads "0" to "100" with up to two decimals into basis points.
func parsePercent(s string) (int64, bool) {
	s = strings.TrimSpace(s)
	whole, frac, _ := strings.Cut(s, ".")
	if whole == "" || len(frac) > 2 {
		return 0, false
	}
	w, err := strconv.ParseInt(whole, 10, 64)
	if err != nil || w < 0 || w > 100 {
		return 0, false
	}
	bps := w * 100
	if frac != "" {
		f, err := strconv.ParseInt((frac + "0")[:2], 10, 64)
		if err != nil || f < 0 || strings.ContainsAny(frac, "+-") {
			return 0, false
		}
		bps += f
	}
	return bps, bps <= 10000
}

func (p *seller) saveRefundPolicy(r *site.Req, b brandCtx) error {
	form := policyData{WindowDays: strings.TrimSpace(r.FormValue("window_days")), MaxPercent: strings.TrimSpace(r.FormValue("max_percent"))}
	fail := func(key string) error {
		return p.render(r, http.StatusUnprocessableEntity, "refund-policy", "seller.policy.title", b, form, func(pg *site.Page) { pg.Error = r.L.T(key) })
	}
	days, err := strconv.ParseInt(form.WindowDays, 10, 64)
	if err != nil || days < 0 || days > 365 {
		return fail("seller.policy.bad_window")
	}
	bps, ok := parsePercent(form.MaxPercent)
	if !ok {
		return fail("seller.policy.bad_max")
	}
	pol, err := p.Commerce.SetRefundPolicy(r.Context(), b.ID, commerce.RefundPolicy{Window: time.Duration(days) * 24 * time.Hour, MaxRefundBps: money.Bps(bps)})
	var ce *commerce.Error
	if errors.As(err, &ce) {
		return fail("seller.policy.bad_max")
	}
	if err != nil {
		return err
	}
	return p.render(r, http.StatusOK, "refund-policy", "seller.policy.title", b, policyView(pol), func(pg *site.Page) { pg.Notice = r.L.T("seller.policy.saved") })
}
