package commerce

import (
	"context"
	"errors"

	"github.com/soukhq/souk/payments/money"
	"github.com/soukhq/souk/runtime"
)

// Host APIs for mini-programs. Every one is scoped by the event (ev), which
// the host fills from its own records: the installation's brand
// (ev.BrandID) and the shopper being served (ev.ShopperID). Arguments are
// decoded strictly, so an app sending a price, a total or a brand id gets
// invalid_args; another brand's product or another shopper's order is
// not_found. Money is a decimal string in the currency's major unit.

// ImageURL is where the API serves a product image by blob key.
func ImageURL(key string) string { return "/api/v1/catalog/images/" + key }

// AppSKU is a SKU as apps see it.
type AppSKU struct {
	ID        string            `json:"id"`
	Options   map[string]string `json:"options"`
	Price     string            `json:"price"`
	Available int64             `json:"available"`
}

// AppProduct is a product as apps see it.
type AppProduct struct {
	ID          string   `json:"id"`
	Title       string   `json:"title"`
	Description string   `json:"description"`
	Currency    string   `json:"currency"`
	Images      []string `json:"images"` // URLs
	SKUs        []AppSKU `json:"skus"`
}

// AppLine is an order line as apps see it.
type AppLine struct {
	SKUID     string            `json:"skuId"`
	ProductID string            `json:"productId"`
	Title     string            `json:"title"`
	Options   map[string]string `json:"options"`
	Qty       int64             `json:"qty"`
	UnitPrice string            `json:"unitPrice"`
	LineTotal string            `json:"lineTotal"`
}

// AppOrder is an order as apps see it.
type AppOrder struct {
	ID               string    `json:"id"`
	State            State     `json:"state"`
	Currency         string    `json:"currency"`
	Total            string    `json:"total"`    // what the shopper pays: subtotal - discount
	Subtotal         string    `json:"subtotal"` // the line totals
	Discount         string    `json:"discount"` // the coupon's discount, computed by the host
	Refunded         string    `json:"refunded"`
	Lines            []AppLine `json:"lines"`
	PaymentRequestID string    `json:"paymentRequestId,omitempty"`
	CreatedAt        int64     `json:"createdAt"`
	PayBy            int64     `json:"payBy"`
}

func fmtMoney(cur string, a money.Amount) string {
	c, err := money.Lookup(cur)
	if err != nil {
		return ""
	}
	return money.Format(c, a)
}

func appProduct(p Product) AppProduct {
	out := AppProduct{ID: p.ID, Title: p.Title, Description: p.Description, Currency: p.Currency, Images: []string{}, SKUs: []AppSKU{}}
	for _, k := range p.Images {
		out.Images = append(out.Images, ImageURL(k))
	}
	for _, k := range p.SKUs {
		if k.Status != StatusActive {
			continue
		}
		out.SKUs = append(out.SKUs, AppSKU{ID: k.ID, Options: k.Options, Price: fmtMoney(p.Currency, k.Price), Available: k.Available()})
	}
	return out
}

func appOrder(o Order) AppOrder {
	out := AppOrder{ID: o.ID, State: o.State, Currency: o.Currency, Total: fmtMoney(o.Currency, o.Total), Refunded: fmtMoney(o.Currency, o.Refunded),
		Subtotal: fmtMoney(o.Currency, o.Subtotal), Discount: fmtMoney(o.Currency, o.Discount),
		Lines: []AppLine{}, PaymentRequestID: o.PaymentRequestID, CreatedAt: o.CreatedAt, PayBy: o.PayBy}
	for _, l := range o.Lines {
		out.Lines = append(out.Lines, AppLine{SKUID: l.SKUID, ProductID: l.ProductID, Title: l.Title, Options: l.Options, Qty: l.Qty,
			UnitPrice: fmtMoney(o.Currency, l.UnitPrice), LineTotal: fmtMoney(o.Currency, l.LineTotal)})
	}
	return out
}

// hostErr turns domain rejections into errors JS sees with their code;
// anything else stays a host fault (logged, generic to JS).
func hostErr(err error) error {
	if err == nil {
		return nil
	}
	// Commerce, payments and ledger rejections are all *fault.Error; apps
	// see the code and the human message, never the log-only detail
	// (account ids, balances).
	var ce *Error
	if errors.As(err, &ce) {
		msg := ce.Code
		if ce.Message != "" {
			msg += ": " + ce.Message
		}
		return runtime.HostErr(ce.Code, "%s", msg)
	}
	return err
}

type catalogListArgs struct {
	After string `json:"after"`
	Limit int    `json:"limit"`
}

type catalogListResult struct {
	Products []AppProduct `json:"products"`
	Next     string       `json:"next,omitempty"`
}

type productIDArgs struct {
	ProductID string `json:"productId"`
}

type orderCreateArgs struct {
	Lines []LineInput `json:"lines"`
}

type orderIDArgs struct {
	OrderID string `json:"orderId"`
}

type orderListArgs struct {
	State  string `json:"state"`
	Before int64  `json:"before"`
	Limit  int    `json:"limit"`
}

type orderListResult struct {
	Orders []AppOrder `json:"orders"`
}

type paymentRequestResult struct {
	RequestID string `json:"requestId"`
	OrderID   string `json:"orderId"`
	Currency  string `json:"currency"`
	Amount    string `json:"amount"`
	Status    string `json:"status"`
	ExpiresAt int64  `json:"expiresAt"`
}

type refundArgs struct {
	OrderID string `json:"orderId"`
	Amount  string `json:"amount"`
	Reason  string `json:"reason"`
}

func needShopper(name string, ev *runtime.HostEvent) error {
	if ev.ShopperID == "" || ev.BrandID == "" {
		return runtime.HostErr(runtime.CodeInvalidArgs, "%s needs an event with a shopper (this %s event has none)", name, ev.Handler)
	}
	return nil
}

// eventOrder loads an order the event may see: the installation's brand
// and the event's shopper.
func (s *Service) eventOrder(ctx context.Context, ev *runtime.HostEvent, id string) (Order, error) {
	if id == "" || len(id) > 64 {
		return Order{}, runtime.HostErr(runtime.CodeInvalidArgs, "orderId is required")
	}
	o, err := s.Order(ctx, id)
	if err != nil {
		return o, hostErr(err)
	}
	if o.BrandID != ev.BrandID || o.ShopperID != ev.ShopperID {
		return Order{}, runtime.HostErr(ErrNotFound.Code, "no such order")
	}
	return o, nil
}

// HostAPIs returns catalog.list/get, orders.create/get/list/requestRefund
// and payments.request for the engine's registry.
func (s *Service) HostAPIs() []runtime.HostAPI {
	return []runtime.HostAPI{
		runtime.DefineAPI("catalog.list", "catalog", func(ctx context.Context, ev *runtime.HostEvent, a catalogListArgs) (catalogListResult, error) {
			if a.Limit < 0 || a.Limit > 100 || len(a.After) > 64 {
				return catalogListResult{}, runtime.HostErr(runtime.CodeInvalidArgs, "catalog.list: limit is 1-100")
			}
			if a.Limit == 0 {
				a.Limit = 20
			}
			ps, err := s.activeProducts(ctx, ev.BrandID, a.After, a.Limit)
			if err != nil {
				return catalogListResult{}, err
			}
			out := catalogListResult{Products: []AppProduct{}}
			for _, p := range ps {
				out.Products = append(out.Products, appProduct(p))
			}
			if len(ps) == a.Limit {
				out.Next = ps[len(ps)-1].ID
			}
			return out, nil
		}),
		runtime.DefineAPI("catalog.get", "catalog", func(ctx context.Context, ev *runtime.HostEvent, a productIDArgs) (AppProduct, error) {
			if a.ProductID == "" || len(a.ProductID) > 64 {
				return AppProduct{}, runtime.HostErr(runtime.CodeInvalidArgs, "catalog.get: productId is required")
			}
			p, err := s.Product(ctx, ev.BrandID, a.ProductID)
			if err == nil && p.Status != StatusActive {
				err = fail(ErrNotFound, "no such product")
			}
			if err != nil {
				return AppProduct{}, hostErr(err)
			}
			return appProduct(p), nil
		}),
		runtime.DefineAPI("orders.create", "orders", func(ctx context.Context, ev *runtime.HostEvent, a orderCreateArgs) (AppOrder, error) {
			if err := needShopper("orders.create", ev); err != nil {
				return AppOrder{}, err
			}
			o, err := s.CreateOrder(ctx, NewOrder{ShopperID: ev.ShopperID, BrandID: ev.BrandID, AppID: ev.AppID, InstallationID: ev.InstallationID, Lines: a.Lines})
			if code := Code(err); code == ErrInvalid.Code {
				return AppOrder{}, runtime.HostErr(runtime.CodeInvalidArgs, "orders.create: %s", err.(*Error).Message)
			}
			if err != nil {
				return AppOrder{}, hostErr(err)
			}
			return appOrder(o), nil
		}),
		runtime.DefineAPI("orders.get", "orders", func(ctx context.Context, ev *runtime.HostEvent, a orderIDArgs) (AppOrder, error) {
			if err := needShopper("orders.get", ev); err != nil {
				return AppOrder{}, err
			}
			o, err := s.eventOrder(ctx, ev, a.OrderID)
			if err != nil {
				return AppOrder{}, err
			}
			return appOrder(o), nil
		}),
		runtime.DefineAPI("orders.list", "orders", func(ctx context.Context, ev *runtime.HostEvent, a orderListArgs) (orderListResult, error) {
			if err := needShopper("orders.list", ev); err != nil {
				return orderListResult{}, err
			}
			if a.Limit < 0 || a.Limit > 100 || (a.State != "" && !State(a.State).Valid()) {
				return orderListResult{}, runtime.HostErr(runtime.CodeInvalidArgs, "orders.list: limit is 1-100 and state a known order state")
			}
			if a.Limit == 0 {
				a.Limit = 20
			}
			// The shopper's orders with this brand (the shopper's other
			// brands are not this installation's business).
			os, err := s.Orders(ctx, OrderFilter{ShopperID: ev.ShopperID, State: State(a.State), Before: a.Before, Limit: 200})
			if err != nil {
				return orderListResult{}, err
			}
			out := orderListResult{Orders: []AppOrder{}}
			for _, o := range os {
				if o.BrandID == ev.BrandID && len(out.Orders) < a.Limit {
					out.Orders = append(out.Orders, appOrder(o))
				}
			}
			return out, nil
		}),
		runtime.DefineAPI("payments.request", "payments", func(ctx context.Context, ev *runtime.HostEvent, a orderIDArgs) (paymentRequestResult, error) {
			if err := needShopper("payments.request", ev); err != nil {
				return paymentRequestResult{}, err
			}
			o, err := s.eventOrder(ctx, ev, a.OrderID)
			if err != nil {
				return paymentRequestResult{}, err
			}
			r, err := s.RequestPayment(ctx, o.ID, Actor{Kind: ActorShopper, ID: ev.ShopperID})
			if err != nil {
				return paymentRequestResult{}, hostErr(err)
			}
			return paymentRequestResult{RequestID: r.ID, OrderID: o.ID, Currency: r.Currency, Amount: fmtMoney(r.Currency, r.Amount),
				Status: r.Status, ExpiresAt: r.ExpiresAt}, nil
		}),
		// A shopper asking, through the app, for (part of) their money back.
		// Nothing moves: the order becomes refund_requested and the brand's
		// staff approve or decline it. No host API moves money out of escrow:
		// an app is the developer's code, driven by shoppers, not the brand.
		runtime.DefineAPI("orders.requestRefund", "orders", func(ctx context.Context, ev *runtime.HostEvent, a refundArgs) (AppOrder, error) {
			if err := needShopper("orders.requestRefund", ev); err != nil {
				return AppOrder{}, err
			}
			o, err := s.eventOrder(ctx, ev, a.OrderID)
			if err != nil {
				return AppOrder{}, err
			}
			amt, err := money.ParsePositive(money.MustLookup(o.Currency), a.Amount)
			if err != nil {
				return AppOrder{}, runtime.HostErr(runtime.CodeInvalidArgs, "orders.requestRefund: amount must be a positive decimal string in %s", o.Currency)
			}
			if _, err := s.RequestRefund(ctx, ev.ShopperID, o.ID, amt, a.Reason); err != nil {
				if Code(err) == ErrInvalid.Code {
					return AppOrder{}, runtime.HostErr(runtime.CodeInvalidArgs, "orders.requestRefund: %s", err.(*Error).Message)
				}
				return AppOrder{}, hostErr(err)
			}
			o, err = s.Order(ctx, o.ID)
			return appOrder(o), err
		}),
	}
}
