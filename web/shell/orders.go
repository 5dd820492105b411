package shell

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/soukhq/souk/commerce"
	"github.com/soukhq/souk/payments/money"
	"github.com/soukhq/souk/web/site"
)

// The order centre: /orders lists every order of the shopper, whatever app
// or brand it came from, newest first and paged by a (created, id) cursor;
// /orders/{id} shows one with its lines, totals, state timeline and
// shipments with their tracking events. Confirming receipt, asking for a
// refund and opening a dispute go through commerce's shopper methods, which
// check that the order is the shopper's own (anyone else's is not found)
// and that the state allows it.

// ordersPerPage is how many orders one page of the list shows.
const ordersPerPage = 20

type orderItem struct {
	ID, Href, When, Brand, App, Summary, Total, State, StateKey string
}

type ordersData struct {
	Orders []orderItem
	Older  string // the next page's URL ("": none)
}

// orderNames caches brand and app names while one page is built.
type orderNames struct {
	p      *pages
	r      *site.Req
	brands map[string]string
	apps   map[string]string
}

func (n *orderNames) brand(id string) string {
	if v, ok := n.brands[id]; ok {
		return v
	}
	name := ""
	if org, err := n.p.Identity.Org(n.r.Context(), id); err == nil {
		name = org.Name
	}
	n.brands[id] = name
	return name
}

func (n *orderNames) app(id string) string {
	if id == "" || n.p.Apps.Market == nil {
		return ""
	}
	if v, ok := n.apps[id]; ok {
		return v
	}
	name := ""
	if a, err := n.p.Apps.Market.App(n.r.Context(), id); err == nil {
		name = a.Name
	}
	n.apps[id] = name
	return name
}

func when(us int64) string { return time.UnixMicro(us).UTC().Format("2006-01-02 15:04") }

func stateKey(r *site.Req, s commerce.State) string {
	if r.L.Has("orders.state." + string(s)) {
		return r.L.T("orders.state." + string(s))
	}
	return string(s)
}

func (p *pages) orders(r *site.Req) error {
	f := commerce.OrderFilter{ShopperID: r.UserID(), Limit: ordersPerPage + 1}
	if c := r.Query("before"); c != "" {
		at, id, ok := strings.Cut(c, ".")
		n, err := strconv.ParseInt(at, 10, 64)
		if !ok || err != nil || n <= 0 || id == "" {
			return r.SeeOther("/orders")
		}
		f.Before, f.BeforeID = n, id
	}
	os, err := p.Apps.Commerce.Orders(r.Context(), f)
	if err != nil {
		return err
	}
	var d ordersData
	if len(os) > ordersPerPage {
		os = os[:ordersPerPage]
		last := os[len(os)-1]
		d.Older = "/orders?before=" + url.QueryEscape(fmt.Sprintf("%d.%s", last.CreatedAt, last.ID))
	}
	names := &orderNames{p: p, r: r, brands: map[string]string{}, apps: map[string]string{}}
	for _, o := range os {
		it := orderItem{ID: o.ID, Href: "/orders/" + o.ID, When: when(o.CreatedAt), Brand: names.brand(o.BrandID), App: names.app(o.AppID),
			Total: amount(o.Currency, int64(o.Total)), State: string(o.State), StateKey: stateKey(r, o.State)}
		if len(o.Lines) > 0 {
			it.Summary = o.Lines[0].Title
			if len(o.Lines) > 1 {
				it.Summary = r.L.T("orders.and_more", o.Lines[0].Title, len(o.Lines)-1)
			}
		}
		d.Orders = append(d.Orders, it)
	}
	return r.Render(p.t, http.StatusOK, "orders", r.Page("orders", "orders.title", d))
}

type orderLine struct{ Title, Options, Qty, Unit, Total string }

type timelineItem struct{ When, State, Reason string }

type trackingItem struct{ When, Status, Description, Location string }

type shipmentItem struct {
	Carrier, Tracking, Status string
	Events                    []trackingItem
}

type orderData struct {
	ID, Brand, App, AppHref, When, State, Total, Refunded, Currency string
	Lines                                                           []orderLine
	Timeline                                                        []timelineItem
	Shipments                                                       []shipmentItem
	CanConfirm, CanRefund, CanDispute                               bool
	Error, Done                                                     string
	// Form values to show again after a refused post.
	Amount, Reason string

	// Reviews are the order's lines with the shopper's review of each, on
	// a kept purchase (order_review.go); CanReview: a line is not reviewed.
	Reviews    []lineReview
	CanReview  bool
	ReviewLine int    // the line whose review post was refused
	ReviewBody string // its text, shown again

	// Invoice: the order's invoice (invoices.go); CanInvoice: it may be
	// asked for now.
	Invoice    *invoiceItem
	CanInvoice bool
	BuyerName  string // the invoice form's value, shown again
}

func (p *pages) orderPage(r *site.Req) error { return p.renderOrder(r, http.StatusOK, "", "", "") }

// renderOrder draws the shopper's own order (anyone else's is the 404 page).
func (p *pages) renderOrder(r *site.Req, status int, errMsg, amountIn, reasonIn string) error {
	return p.renderOrderWith(r, status, errMsg, func(d *orderData) { d.Amount, d.Reason = amountIn, reasonIn })
}

// renderOrderWith draws the order; with sets form values to show again.
func (p *pages) renderOrderWith(r *site.Req, status int, errMsg string, with func(*orderData)) error {
	o, err := p.Apps.Commerce.ShopperOrder(r.Context(), r.UserID(), r.Params("id"))
	if commerce.Code(err) == commerce.ErrNotFound.Code {
		return r.NotFound()
	}
	if err != nil {
		return err
	}
	names := &orderNames{p: p, r: r, brands: map[string]string{}, apps: map[string]string{}}
	d := orderData{ID: o.ID, Brand: names.brand(o.BrandID), App: names.app(o.AppID), When: when(o.CreatedAt),
		State: stateKey(r, o.State), Total: amount(o.Currency, int64(o.Total)), Currency: o.Currency,
		Error: errMsg}
	with(&d)
	if o.InstallationID != "" && d.App != "" {
		d.AppHref = "/a/" + o.InstallationID + "/home"
	}
	if o.Refunded > 0 {
		d.Refunded = amount(o.Currency, int64(o.Refunded))
	}
	if k := r.Query("done"); k == "confirmed" || k == "refund" || k == "dispute" || k == "review" {
		d.Done = r.L.T("order.done." + k)
	}
	for _, l := range o.Lines {
		d.Lines = append(d.Lines, orderLine{Title: l.Title, Options: site.OptionsText(l.Options), Qty: fmt.Sprint(l.Qty),
			Unit: amount(o.Currency, int64(l.UnitPrice)), Total: amount(o.Currency, int64(l.LineTotal))})
	}
	trs, err := p.Apps.Commerce.Transitions(r.Context(), o.ID)
	if err != nil {
		return err
	}
	for _, t := range trs {
		if t.From == t.To {
			continue // a shipment update: the shipments below show it
		}
		d.Timeline = append(d.Timeline, timelineItem{When: when(t.At), State: stateKey(r, t.To), Reason: t.Reason})
	}
	if p.Apps.Logistics != nil {
		shs, err := p.Apps.Logistics.ShopperShipments(r.Context(), r.UserID(), o.ID)
		if err != nil {
			return err
		}
		for _, sh := range shs {
			si := shipmentItem{Carrier: sh.Carrier, Tracking: sh.TrackingNumber, Status: shipStatus(r, sh.Status)}
			for i := len(sh.Events) - 1; i >= 0; i-- { // newest first
				ev := sh.Events[i]
				si.Events = append(si.Events, trackingItem{When: when(ev.OccurredAt), Status: shipStatus(r, ev.Status),
					Description: ev.Description, Location: ev.Location})
			}
			d.Shipments = append(d.Shipments, si)
		}
	}
	if err := p.orderReviews(r, o, &d); err != nil {
		return err
	}
	if err := p.orderInvoice(r, o, &d); err != nil {
		return err
	}
	d.CanConfirm = o.State == commerce.StateDelivered
	d.CanRefund = commerce.CanTransition(o.State, commerce.StateRefundRequested) && o.PaymentRequestID != "" && o.Refunded < o.Total
	d.CanDispute = commerce.CanTransition(o.State, commerce.StateDisputed) && o.PaymentRequestID != "" && o.Refunded < o.Total
	return r.Render(p.t, status, "order", r.Page("orders", "order.title", d))
}

func shipStatus(r *site.Req, s string) string {
	if r.L.Has("ship.status." + s) {
		return r.L.T("ship.status." + s)
	}
	return s
}

// orderError turns a refusal from commerce into the shopper's message;
// anything else is a server error.
func orderError(r *site.Req, err error) (string, bool) {
	var e *commerce.Error
	if !errors.As(err, &e) {
		return "", false
	}
	switch e.Code {
	case commerce.ErrIllegalTransition.Code, commerce.ErrRefundPolicy.Code, commerce.ErrInvalid.Code:
		return r.L.T("order.err." + e.Code), true
	}
	return r.L.T("order.err.other"), true
}

func (p *pages) confirmReceipt(r *site.Req) error {
	_, err := p.Apps.Commerce.ConfirmReceipt(r.Context(), r.UserID(), r.Params("id"))
	return p.afterOrderPost(r, err, "confirmed", "", "")
}

// moneyIn reads an optional amount field in the order's currency ("" or
// absent: 0, which commerce reads as "all that is allowed").
func (p *pages) moneyIn(r *site.Req) (money.Amount, string, string, error) {
	in, reason := strings.TrimSpace(r.FormValue("amount")), strings.TrimSpace(r.FormValue("reason"))
	if in == "" {
		return 0, in, reason, nil
	}
	o, err := p.Apps.Commerce.ShopperOrder(r.Context(), r.UserID(), r.Params("id"))
	if err != nil {
		return 0, in, reason, err
	}
	cur, err := money.Lookup(o.Currency)
	if err != nil {
		return 0, in, reason, err
	}
	a, err := money.ParsePositive(cur, in)
	if err != nil {
		return 0, in, reason, errBadAmount
	}
	return a, in, reason, nil
}

var errBadAmount = errors.New("shell: bad amount")

func (p *pages) requestRefund(r *site.Req) error {
	a, in, reason, err := p.moneyIn(r)
	if err == nil {
		_, err = p.Apps.Commerce.RequestRefund(r.Context(), r.UserID(), r.Params("id"), a, reason)
	}
	return p.afterOrderPost(r, err, "refund", in, reason)
}

func (p *pages) openDispute(r *site.Req) error {
	a, in, reason, err := p.moneyIn(r)
	if err == nil {
		_, err = p.Apps.Commerce.OpenDispute(r.Context(), r.UserID(), r.Params("id"), a, reason)
	}
	return p.afterOrderPost(r, err, "dispute", in, reason)
}

func (p *pages) afterOrderPost(r *site.Req, err error, done, amountIn, reasonIn string) error {
	if err == nil {
		return r.SeeOther("/orders/" + r.Params("id") + "?done=" + done)
	}
	if commerce.Code(err) == commerce.ErrNotFound.Code {
		return r.NotFound()
	}
	if errors.Is(err, errBadAmount) {
		return p.renderOrder(r, http.StatusUnprocessableEntity, r.L.T("order.err.amount"), amountIn, reasonIn)
	}
	msg, ok := orderError(r, err)
	if !ok {
		return err
	}
	return p.renderOrder(r, http.StatusUnprocessableEntity, msg, amountIn, reasonIn)
}
