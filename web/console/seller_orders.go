package console

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/soukhq/souk/commerce"
	"github.com/soukhq/souk/payments/money"
	"github.com/soukhq/souk/web/site"
)

// The orders pages: the brand's orders newest first, filtered by state and
// creation date (UTC days) or found by id, 50 a page with an "older" link
// (the created_at cursor commerce.Orders pages by); an order's lines,
// payment, refund request, shipments and timeline; and, for owners and
// managers (api/'s writers), shipping lines through commerce's shipment
// service and deciding refund requests.

const ordersPage = 50

// orderStates are the states the list filters by, in the order of an
// order's life.
var orderStates = []commerce.State{commerce.StatePendingPayment, commerce.StatePaid, commerce.StateShipped, commerce.StateDelivered,
	commerce.StateCompleted, commerce.StateRefundRequested, commerce.StateRefunded, commerce.StateDisputed, commerce.StateResolved, commerce.StateCancelled}

type orderRow struct {
	ID, Created, State, Total string
	Items                     int64
}

type ordersData struct {
	State, From, To, Q string
	States             []commerce.State
	Orders             []orderRow
	Older              string // URL of the next page ("" on the last)
}

func fmtTime(us int64) string {
	if us == 0 {
		return ""
	}
	return time.UnixMicro(us).UTC().Format("2006-01-02 15:04")
}

func amount(cur string, a money.Amount) string {
	c, err := money.Lookup(cur)
	if err != nil {
		return strconv.FormatInt(int64(a), 10) + " " + cur
	}
	return money.Format(c, a)
}

func (p *seller) orders(r *site.Req, b brandCtx) error {
	d := ordersData{State: r.Query("state"), From: strings.TrimSpace(r.Query("from")), To: strings.TrimSpace(r.Query("to")),
		Q: strings.TrimSpace(r.Query("q")), States: orderStates}
	f := commerce.OrderFilter{BrandID: b.ID, Limit: ordersPage}
	var bad string
	if d.State != "" {
		if !commerce.State(d.State).Valid() {
			bad = "seller.orders.bad_filter"
		}
		f.State = commerce.State(d.State)
	}
	if d.From != "" {
		t, err := time.Parse("2006-01-02", d.From)
		if err != nil {
			bad = "seller.orders.bad_filter"
		}
		f.From = t.UnixMicro()
	}
	if d.To != "" {
		t, err := time.Parse("2006-01-02", d.To)
		if err != nil {
			bad = "seller.orders.bad_filter"
		}
		f.To = t.AddDate(0, 0, 1).UnixMicro() // the whole last day
	}
	if v := r.Query("before"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n <= 0 {
			bad = "seller.orders.bad_filter"
		}
		f.Before = n
	}
	if bad != "" {
		return p.render(r, http.StatusBadRequest, "orders", "seller.orders.title", b, d, func(pg *site.Page) { pg.Error = r.L.T(bad) })
	}
	var os []commerce.Order
	if d.Q != "" {
		o, err := p.Commerce.BrandOrder(r.Context(), b.ID, d.Q)
		if err == nil {
			os = append(os, o)
		} else if !errors.Is(err, commerce.ErrNotFound) {
			return err
		}
	} else {
		var err error
		if os, err = p.Commerce.Orders(r.Context(), f); err != nil {
			return err
		}
	}
	for _, o := range os {
		var items int64
		for _, l := range o.Lines {
			items += l.Qty
		}
		d.Orders = append(d.Orders, orderRow{ID: o.ID, Created: fmtTime(o.CreatedAt), State: string(o.State), Total: amount(o.Currency, o.Total) + " " + o.Currency, Items: items})
	}
	if d.Q == "" && len(os) == ordersPage {
		q := url.Values{}
		for k, v := range map[string]string{"state": d.State, "from": d.From, "to": d.To} {
			if v != "" {
				q.Set(k, v)
			}
		}
		q.Set("before", strconv.FormatInt(os[len(os)-1].CreatedAt, 10))
		d.Older = "/seller/" + b.ID + "/orders?" + q.Encode()
	}
	return p.render(r, http.StatusOK, "orders", "seller.orders.title", b, d, nil)
}

type lineRow struct {
	No                          int
	Title, Options, Unit, Total string
	Qty, Shipped, Left          int64
}

type shipmentRow struct {
	Carrier, Tracking, Status, Created string
	Items                              string
}

type transitionRow struct{ At, Event, From, To, Actor, Reason string }

type orderData struct {
	ID, State, Created, Currency, Total, Refunded string
	PaymentRequest, PaidAt                        string
	Lines                                         []lineRow
	Shipments                                     []shipmentRow
	Timeline                                      []transitionRow
	// Refund is the open refund request (nil: none).
	Refund *struct{ Amount, Reason, Created string }
	// CanShip: paid or partly shipped with lines left, and the caller may.
	CanShip  bool
	Carriers []string
	// Dispute is the order's dispute (nil: none).
	Dispute *disputeView
	Brand   string
}

func (p *seller) orderData(r *site.Req, b brandCtx, id string) (orderData, error) {
	o, err := p.Commerce.BrandOrder(r.Context(), b.ID, id)
	if err != nil {
		return orderData{}, err
	}
	d := orderData{ID: o.ID, State: string(o.State), Created: fmtTime(o.CreatedAt), Currency: o.Currency,
		Total: amount(o.Currency, o.Total), Refunded: amount(o.Currency, o.Refunded), PaymentRequest: o.PaymentRequestID, PaidAt: fmtTime(o.PaidAt)}
	shipped := map[int]int64{}
	if p.Logistics != nil {
		shs, err := p.Logistics.Shipments(r.Context(), o.ID)
		if err != nil {
			return d, err
		}
		for _, sh := range shs {
			var items []string
			for _, it := range sh.Items {
				shipped[it.LineNo] += it.Qty
				items = append(items, r.L.T("seller.order.ship_item", it.LineNo, it.Qty))
			}
			d.Shipments = append(d.Shipments, shipmentRow{Carrier: sh.Carrier, Tracking: sh.TrackingNumber, Status: sh.Status, Created: fmtTime(sh.CreatedAt), Items: strings.Join(items, ", ")})
		}
		d.Carriers = p.Logistics.Carriers()
	}
	left := int64(0)
	for _, l := range o.Lines {
		row := lineRow{No: l.No, Title: l.Title, Options: site.OptionsText(l.Options), Unit: amount(o.Currency, l.UnitPrice), Total: amount(o.Currency, l.LineTotal),
			Qty: l.Qty, Shipped: shipped[l.No], Left: l.Qty - shipped[l.No]}
		left += row.Left
		d.Lines = append(d.Lines, row)
	}
	d.CanShip = b.CanManage && p.Logistics != nil && left > 0 && (o.State == commerce.StatePaid || o.State == commerce.StateShipped)
	ts, err := p.Commerce.Transitions(r.Context(), o.ID)
	if err != nil {
		return d, err
	}
	for _, t := range ts {
		d.Timeline = append(d.Timeline, transitionRow{At: fmtTime(t.At), Event: t.Event, From: string(t.From), To: string(t.To), Actor: t.Actor.Kind, Reason: t.Reason})
	}
	if d.Dispute, err = p.disputeView(r, b, o); err != nil {
		return d, err
	}
	d.Brand = b.Name
	if o.State == commerce.StateRefundRequested {
		rs, err := p.Commerce.RefundRequests(r.Context(), o.ID)
		if err != nil {
			return d, err
		}
		for _, rr := range rs {
			if rr.Status == "requested" {
				d.Refund = &struct{ Amount, Reason, Created string }{amount(o.Currency, rr.Amount), rr.Reason, fmtTime(rr.CreatedAt)}
			}
		}
	}
	return d, nil
}

func (p *seller) order(r *site.Req, b brandCtx) error {
	return p.showOrder(r, b, http.StatusOK, "", "")
}

// showOrder renders the order page with an error or a notice.
func (p *seller) showOrder(r *site.Req, b brandCtx, status int, errMsg, notice string) error {
	d, err := p.orderData(r, b, r.Params("orderId"))
	if errors.Is(err, commerce.ErrNotFound) {
		return r.NotFound()
	}
	if err != nil {
		return err
	}
	return p.render(r, status, "order", "seller.order.title", b, d, func(pg *site.Page) {
		pg.Title = r.L.T("seller.order.title") + " " + d.ID + " · " + b.Name
		pg.Error, pg.Notice = errMsg, notice
	})
}

// refused shows a commerce rejection on the order page; other errors fail.
func (p *seller) refused(r *site.Req, b brandCtx, err error) error {
	var ce *commerce.Error
	if errors.As(err, &ce) {
		if errors.Is(err, commerce.ErrNotFound) {
			return r.NotFound()
		}
		return p.showOrder(r, b, http.StatusUnprocessableEntity, r.L.T("seller.order.refused", ce.Error()), "")
	}
	return err
}

func (p *seller) ship(r *site.Req, b brandCtx) error {
	if p.Logistics == nil {
		return r.NotFound()
	}
	o, err := p.Commerce.BrandOrder(r.Context(), b.ID, r.Params("orderId"))
	if err != nil {
		return p.refused(r, b, err)
	}
	in := commerce.ShipmentInput{Carrier: r.FormValue("carrier"), TrackingNumber: strings.TrimSpace(r.FormValue("tracking"))}
	for _, l := range o.Lines {
		v := strings.TrimSpace(r.FormValue("qty_" + strconv.Itoa(l.No)))
		if v == "" || v == "0" {
			continue
		}
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < 0 {
			return p.showOrder(r, b, http.StatusUnprocessableEntity, r.L.T("seller.order.bad_qty"), "")
		}
		in.Items = append(in.Items, commerce.ShipmentItem{LineNo: l.No, Qty: n})
	}
	if len(in.Items) == 0 {
		return p.showOrder(r, b, http.StatusUnprocessableEntity, r.L.T("seller.order.bad_qty"), "")
	}
	if _, err := p.Logistics.CreateShipment(r.Context(), b.ID, o.ID, in, commerce.Actor{Kind: commerce.ActorBrand, ID: r.UserID()}); err != nil {
		return p.refused(r, b, err)
	}
	return p.showOrder(r, b, http.StatusOK, "", r.L.T("seller.order.shipped"))
}

func (p *seller) approveRefund(r *site.Req, b brandCtx) error {
	o, err := p.Commerce.BrandOrder(r.Context(), b.ID, r.Params("orderId"))
	if err != nil {
		return p.refused(r, b, err)
	}
	cur, err := money.Lookup(o.Currency)
	if err != nil {
		return err
	}
	a, err := money.ParsePositive(cur, strings.TrimSpace(r.FormValue("amount")))
	if err != nil {
		return p.showOrder(r, b, http.StatusUnprocessableEntity, r.L.T("seller.order.bad_amount"), "")
	}
	if _, err := p.Commerce.ApproveRefund(r.Context(), b.ID, o.ID, a, commerce.Actor{Kind: commerce.ActorBrand, ID: r.UserID()}); err != nil {
		return p.refused(r, b, err)
	}
	return p.showOrder(r, b, http.StatusOK, "", r.L.T("seller.order.refund_approved", money.Format(cur, a)+" "+cur.Code))
}

func (p *seller) declineRefund(r *site.Req, b brandCtx) error {
	reason := strings.TrimSpace(r.FormValue("reason"))
	if _, err := p.Commerce.DeclineRefund(r.Context(), b.ID, r.Params("orderId"), reason, commerce.Actor{Kind: commerce.ActorBrand, ID: r.UserID()}); err != nil {
		return p.refused(r, b, err)
	}
	return p.showOrder(r, b, http.StatusOK, "", r.L.T("seller.order.refund_declined"))
}
