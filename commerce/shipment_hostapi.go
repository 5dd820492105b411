package commerce

import (
	"context"

	"github.com/soukhq/souk/runtime"
)

type shipArgs struct {
	OrderID        string         `json:"orderId"`
	Carrier        string         `json:"carrier"`
	TrackingNumber string         `json:"trackingNumber"`
	Items          []ShipmentItem `json:"items"`
}

type trackResult struct {
	OrderID   string     `json:"orderId"`
	State     State      `json:"state"`
	Shipments []Shipment `json:"shipments"`
}

// HostAPIs returns logistics.ship and logistics.track (permission
// "logistics") for the engine's registry. ship reaches only the
// installation's brand's orders; track only the event's shopper's order
// with that brand.
func (l *Logistics) HostAPIs() []runtime.HostAPI {
	return []runtime.HostAPI{
		runtime.DefineAPI("logistics.ship", "logistics", func(ctx context.Context, ev *runtime.HostEvent, a shipArgs) (Shipment, error) {
			if ev.BrandID == "" || a.OrderID == "" || len(a.OrderID) > 64 || a.Carrier == "" {
				return Shipment{}, runtime.HostErr(runtime.CodeInvalidArgs, "logistics.ship: orderId and carrier are required")
			}
			sh, err := l.CreateShipment(ctx, ev.BrandID, a.OrderID, ShipmentInput{Carrier: a.Carrier, TrackingNumber: a.TrackingNumber, Items: a.Items},
				Actor{Kind: ActorApp, ID: ev.AppID})
			if Code(err) == ErrInvalid.Code {
				return Shipment{}, runtime.HostErr(runtime.CodeInvalidArgs, "logistics.ship: %s", err.(*Error).Message)
			}
			if err != nil {
				return Shipment{}, hostErr(err)
			}
			return sh, nil
		}),
		runtime.DefineAPI("logistics.track", "logistics", func(ctx context.Context, ev *runtime.HostEvent, a orderIDArgs) (trackResult, error) {
			if err := needShopper("logistics.track", ev); err != nil {
				return trackResult{}, err
			}
			o, err := l.s.eventOrder(ctx, ev, a.OrderID)
			if err != nil {
				return trackResult{}, err
			}
			shs, err := l.Shipments(ctx, o.ID)
			if err != nil {
				return trackResult{}, err
			}
			return trackResult{OrderID: o.ID, State: o.State, Shipments: shs}, nil
		}),
	}
}
