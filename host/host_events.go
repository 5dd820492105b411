package host

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
	"strings"

	"github.com/soukhq/souk/chat"

	"github.com/soukhq/souk/commerce"
	"github.com/soukhq/souk/marketplace"
	"github.com/soukhq/souk/runtime"
	"github.com/soukhq/souk/sandbox"
	"github.com/soukhq/souk/store"
)

// connect joins the services that react to each other: order events reach
// the app that took the order (its orderPaid, shipmentUpdated, refunded
// handlers), the shopper's service conversation and the developer's
// webhooks.
//
// Sinks run in this order for every event, at least once each (a failing
// sink retries the event's job, and each sink dedupes on the event id). The
// chat card comes before the app's handler because the card opens the
// app's messaging window: an orderPaid handler may then chat.send.
func (h *Host) connect() {
	h.Commerce.AddSink(orderCards{h.Chat})
	h.Commerce.AddSink(appEvents{market: h.Market, engine: h.Engine})
	h.Commerce.AddSink(h.Webhooks.OrderSink())
	// Lifecycle events (review decisions, installs, quarantines, automatic
	// rollbacks) reach the app's webhook endpoints as well as the portal.
	h.Market.AddLifecycleSink(h.Webhooks.LifecycleSink())
}

// installationBrand is chat's view of an installation: the brand it serves,
// and not found once it is uninstalled.
func (h *Host) installationBrand(ctx context.Context, id string) (string, error) {
	in, err := h.Market.Installation(ctx, id)
	var me *marketplace.Error
	if errors.As(err, &me) && me.Code == marketplace.CodeNotFound {
		return "", store.ErrNotFound
	}
	if err != nil {
		return "", err
	}
	if in.Status != marketplace.InstallActive {
		return "", store.ErrNotFound
	}
	return in.BrandOrgID, nil
}

// orderCards posts each order event as a card in the shopper's service
// conversation with the brand's app (orders placed directly have none).
type orderCards struct{ chat *chat.Service }

func (o orderCards) HandleOrderEvent(ctx context.Context, ev commerce.OrderEvent) error {
	if ev.InstallationID == "" {
		return nil
	}
	_, err := o.chat.PostOrderEvent(ctx, ev.ID, ev.ShopperID, ev.BrandOrgID, ev.InstallationID, ev.OrderID, ev.Event, orderEventText(ev))
	if chat.Code(err) == chat.CodeNotFound {
		return nil // uninstalled since: the order centre still has it
	}
	return err
}

// orderEventText is the card's line for the shopper.
func orderEventText(ev commerce.OrderEvent) string {
	switch ev.Event {
	case commerce.EventOrderCreated:
		return "Order placed, waiting for payment"
	case commerce.EventOrderPaid:
		return "Payment received"
	case commerce.EventOrderCancelled:
		return "Order cancelled"
	case commerce.EventShipmentUpdated:
		if st, ok := ev.Detail["status"].(string); ok && st != "" {
			return "Shipment update: " + strings.ReplaceAll(st, "_", " ")
		}
		return "Shipment update"
	case commerce.EventOrderDelivered:
		return "Delivered"
	case commerce.EventOrderCompleted:
		return "Order completed"
	case commerce.EventRefundRequested:
		return "Refund requested"
	case commerce.EventRefunded:
		if a, ok := ev.Detail["refundAmount"].(string); ok && a != "" {
			return "Refunded " + a
		}
		return "Refunded"
	case commerce.EventRefundDeclined:
		return "Refund declined"
	case commerce.EventDisputeOpened:
		return "Dispute opened"
	case commerce.EventDisputeResolved:
		return "Dispute resolved"
	}
	return ev.Event
}

// appMessages hands a shopper's message in a service conversation to the
// app's message handler (chat calls it from a job, never inline).
type appMessages struct{ h *Host }

func (a appMessages) OnShopperMessage(ctx context.Context, installationID, shopperID string, m chat.Message) error {
	arg, err := json.Marshal(m)
	if err != nil {
		return err
	}
	res, err := a.h.Market.RunEvent(ctx, a.h.Engine, marketplace.EventRequest{
		InstallationID: installationID, ShopperID: shopperID, Handler: "message", Args: []json.RawMessage{arg}})
	return retryOverloaded(res, ignoreGone(err))
}

// appEvents runs the app's handler for an order event. Only the handlers an
// app may export are called (runtime.Handlers); an app failing in its
// handler is recorded in its receipt and not retried — retries are for host
// faults, which RunEvent returns as errors, and for events the sandbox
// refused as overloaded.
type appEvents struct {
	market *marketplace.Service
	engine *runtime.Engine
}

func (a appEvents) HandleOrderEvent(ctx context.Context, ev commerce.OrderEvent) error {
	if ev.InstallationID == "" || !slices.Contains(runtime.Handlers, ev.Event) {
		return nil
	}
	arg, err := json.Marshal(ev)
	if err != nil {
		return err
	}
	res, err := a.market.RunEvent(ctx, a.engine, marketplace.EventRequest{
		InstallationID: ev.InstallationID, ShopperID: ev.ShopperID, Handler: ev.Event,
		Args: []json.RawMessage{arg}})
	return retryOverloaded(res, ignoreGone(err))
}

// errAppOverloaded makes the job retry an event the sandbox refused because
// the app had its share of the pool busy: not the app's fault in its
// handler, and the event must still reach it.
var errAppOverloaded = errors.New("host: the app's share of the sandbox was busy; the event will be retried")

func retryOverloaded(res *runtime.EventResult, err error) error {
	if err == nil && res != nil && res.Receipt.Outcome == sandbox.OutcomeOverloaded {
		return errAppOverloaded
	}
	return err
}

// ignoreGone drops the error of an event for an app the brand removed:
// there is nobody to tell.
func ignoreGone(err error) error {
	var me *marketplace.Error
	if errors.As(err, &me) && (me.Code == marketplace.CodeUninstalled || me.Code == marketplace.CodeNotFound) {
		return nil
	}
	return err
}
