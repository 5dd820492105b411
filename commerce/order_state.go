package commerce

import "slices"

// State is an order's state.
type State string

// Order states.
const (
	StatePendingPayment  State = "pending_payment"
	StatePaid            State = "paid"
	StateShipped         State = "shipped"
	StateDelivered       State = "delivered"
	StateCompleted       State = "completed"
	StateCancelled       State = "cancelled"
	StateRefundRequested State = "refund_requested"
	StateRefunded        State = "refunded" // fully refunded (terminal)
	StateDisputed        State = "disputed"
	StateResolved        State = "resolved" // dispute decided (terminal); what was left is settled
)

// transitions lists every legal move. Two rules sit on top of it (checked
// in transitionTx): refund_requested returns only to the state it came from
// (prev_state) — that is how a declined or partial refund ends — and
// shipped → shipped is a shipment update (a partial shipment or a tracking
// event) that changes no state but is recorded and emitted.
var transitions = map[State][]State{
	StatePendingPayment:  {StatePaid, StateCancelled},
	StatePaid:            {StateShipped, StateRefundRequested, StateDisputed},
	StateShipped:         {StateShipped, StateDelivered, StateRefundRequested, StateDisputed},
	StateDelivered:       {StateCompleted, StateRefundRequested, StateDisputed},
	StateCompleted:       {StateRefundRequested, StateDisputed},
	StateRefundRequested: {StateRefunded, StatePaid, StateShipped, StateDelivered, StateCompleted},
	StateDisputed:        {StateResolved},
	StateCancelled:       nil,
	StateRefunded:        nil,
	StateResolved:        nil,
}

// CanTransition reports whether from → to is in the transition table (the
// prev_state rule of refund_requested is checked against the order).
func CanTransition(from, to State) bool { return slices.Contains(transitions[from], to) }

// Valid reports whether s is a known state.
func (s State) Valid() bool { _, ok := transitions[s]; return ok }

// Event names sent to apps and sinks.
const (
	EventOrderCreated    = "orderCreated"
	EventOrderPaid       = "orderPaid"
	EventOrderCancelled  = "orderCancelled"
	EventShipmentUpdated = "shipmentUpdated"
	EventOrderDelivered  = "orderDelivered"
	EventOrderCompleted  = "orderCompleted"
	EventRefundRequested = "refundRequested"
	EventRefunded        = "refunded"       // full, or partial (the order went back to its state)
	EventRefundDeclined  = "refundDeclined" // refund_requested back to the previous state, nothing refunded
	EventDisputeOpened   = "disputeOpened"
	EventDisputeResolved = "disputeResolved"
)

// eventFor names the event of a transition; refunded says whether money
// went back (refund_requested → previous state is "refunded" or
// "refundDeclined").
func eventFor(from, to State, refunded bool) string {
	switch to {
	case StatePendingPayment:
		return EventOrderCreated
	case StatePaid, StateShipped, StateDelivered, StateCompleted:
		if from == StateRefundRequested {
			if refunded {
				return EventRefunded
			}
			return EventRefundDeclined
		}
	}
	switch to {
	case StatePaid:
		return EventOrderPaid
	case StateShipped:
		return EventShipmentUpdated
	case StateDelivered:
		return EventOrderDelivered
	case StateCompleted:
		return EventOrderCompleted
	case StateCancelled:
		return EventOrderCancelled
	case StateRefundRequested:
		return EventRefundRequested
	case StateRefunded:
		return EventRefunded
	case StateDisputed:
		return EventDisputeOpened
	case StateResolved:
		return EventDisputeResolved
	}
	return string(to)
}
