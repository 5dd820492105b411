package webhooks

import (
	"context"
	"strings"
	"unicode"

	"github.com/soukhq/souk/commerce"
)

// OrderSink returns a commerce.EventSink that publishes every order event
// of an app's order to the app's endpoints as "order.<event>"
// (orderPaid → order.paid, shipmentUpdated → order.shipment_updated,
// refunded → order.refunded). The data is the OrderEvent as apps receive
// it. Orders made without an app have no developer to tell. The sink runs
// at least once per event; the transition id keys the delivery, so a retry
// never sends an event twice.
//
//	com.AddSink(hooks.OrderSink())
func (s *Service) OrderSink() commerce.EventSink {
	return commerce.SinkFunc(func(ctx context.Context, ev commerce.OrderEvent) error {
		if ev.AppID == "" {
			return nil
		}
		if _, err := s.PublishOnce(ctx, nil, ev.AppID, OrderEventType(ev.Event), "order:"+ev.ID, ev); err != nil {
			return err
		}
		// Money moving is also a payment event, for endpoints that follow
		// payments rather than orders.
		if typ := PaymentEventType(ev.Event); typ != "" {
			_, err := s.PublishOnce(ctx, nil, ev.AppID, typ, "payment:"+ev.ID, ev)
			return err
		}
		return nil
	})
}

// PaymentEventType is the payment event an order event also is, or "":
// orderPaid → payment.succeeded, refunded → payment.refunded,
// orderCompleted → payment.settled, disputeOpened → payment.disputed,
// disputeResolved → payment.dispute_resolved.
func PaymentEventType(event string) string {
	switch event {
	case commerce.EventOrderPaid:
		return "payment.succeeded"
	case commerce.EventRefunded:
		return "payment.refunded"
	case commerce.EventOrderCompleted:
		return "payment.settled"
	case commerce.EventDisputeOpened:
		return "payment.disputed"
	case commerce.EventDisputeResolved:
		return "payment.dispute_resolved"
	}
	return ""
}

// OrderEventType names an order event as a webhook event type.
func OrderEventType(event string) string {
	if rest, ok := strings.CutPrefix(event, "order"); ok && rest != "" && unicode.IsUpper(rune(rest[0])) {
		event = rest
	}
	var b strings.Builder
	for i, r := range event {
		if unicode.IsUpper(r) {
			if i > 0 {
				b.WriteByte('_')
			}
			r = unicode.ToLower(r)
		}
		b.WriteRune(r)
	}
	return "order." + b.String()
}
