package host

import (
	"context"
	"encoding/json"
	"errors"
	"slices"

	"github.com/soukhq/souk/commerce"
	"github.com/soukhq/souk/marketplace"
	"github.com/soukhq/souk/runtime"
)

// connect joins the services that react to each other: order events reach
// the app that took the order (its orderPaid, shipmentUpdated, refunded
// handlers), the shopper's service conversation and the developer's
// webhooks.
func (h *Host) connect() {
	h.Commerce.AddSink(appEvents{market: h.Market, engine: h.Engine})
}

// appEvents runs the app's handler for an order event. Only the handlers an
// app may export are called (runtime.Handlers); an app failing in its
// handler is recorded in its receipt and not retried — retries are for host
// faults, which RunEvent returns as errors.
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
	_, err = a.market.RunEvent(ctx, a.engine, marketplace.EventRequest{
		InstallationID: ev.InstallationID, ShopperID: ev.ShopperID, Handler: ev.Event,
		Args: []json.RawMessage{arg}})
	var me *marketplace.Error
	if errors.As(err, &me) && (me.Code == marketplace.CodeUninstalled || me.Code == marketplace.CodeNotFound) {
		return nil // the brand removed the app: nobody to tell
	}
	return err
}
