package api

import (
	"context"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/soukhq/souk/commerce"
)

// ShipmentItemView is how many units of one order line a shipment holds.
type ShipmentItemView struct {
	LineNo int   `json:"line_no" doc:"1-based line number of the order"`
	Qty    int64 `json:"qty"`
}

// TrackingEventView is one carrier report.
type TrackingEventView struct {
	EventID     string    `json:"event_id"`
	Status      string    `json:"status"`
	Description string    `json:"description,omitempty"`
	Location    string    `json:"location,omitempty"`
	OccurredAt  time.Time `json:"occurred_at"`
	ReceivedAt  time.Time `json:"received_at"`
}

// ShipmentView is a shipment with its items and tracking events.
type ShipmentView struct {
	ID             string              `json:"id"`
	OrderID        string              `json:"order_id"`
	Carrier        string              `json:"carrier"`
	TrackingNumber string              `json:"tracking_number"`
	Status         string              `json:"status" enum:"label_created,in_transit,out_for_delivery,delivered,exception"`
	Items          []ShipmentItemView  `json:"items"`
	Events         []TrackingEventView `json:"events"`
	CreatedAt      time.Time           `json:"created_at"`
	UpdatedAt      time.Time           `json:"updated_at"`
	DeliveredAt    *time.Time          `json:"delivered_at,omitempty"`
}

func shipmentView(sh commerce.Shipment) ShipmentView {
	v := ShipmentView{ID: sh.ID, OrderID: sh.OrderID, Carrier: sh.Carrier, TrackingNumber: sh.TrackingNumber,
		Status: sh.Status,
		Items:  []ShipmentItemView{}, Events: []TrackingEventView{}, CreatedAt: ts(sh.CreatedAt),
		UpdatedAt: ts(sh.UpdatedAt), DeliveredAt: tsPtr(sh.DeliveredAt)}
	for _, it := range sh.Items {
		v.Items = append(v.Items, ShipmentItemView{LineNo: it.LineNo, Qty: it.Qty})
	}
	for _, ev := range sh.Events {
		v.Events = append(v.Events,
			TrackingEventView{EventID: ev.EventID, Status: ev.Status, Description: ev.Description,
				Location:   ev.Location,
				OccurredAt: ts(ev.OccurredAt), ReceivedAt: ts(ev.ReceivedAt)})
	}
	return v
}

type shipmentOutput struct{ Body ShipmentView }

type createShipmentInput struct {
	OrgID   string `path:"orgId" maxLength:"64"`
	OrderID string `path:"orderId" maxLength:"64"`
	Body    struct {
		Carrier        string             `json:"carrier" minLength:"1" maxLength:"32" doc:"A configured carrier code, or simcarrier"`
		TrackingNumber string             `json:"tracking_number,omitempty" maxLength:"64" doc:"Required except for simcarrier, which assigns one"`
		Items          []ShipmentItemView `json:"items,omitempty" maxItems:"200" doc:"Lines and quantities in this parcel; none: everything not yet shipped"`
	}
}

type brandOrderPathInput struct {
	OrgID   string `path:"orgId" maxLength:"64"`
	OrderID string `path:"orderId" maxLength:"64"`
	PageParams
}

type myOrderPathInput struct {
	OrderID string `path:"orderId" maxLength:"64"`
	PageParams
}

type brandShipmentInput struct {
	OrgID      string `path:"orgId" maxLength:"64"`
	ShipmentID string `path:"shipmentId" maxLength:"64"`
}

type carrierWebhookInput struct {
	Carrier   string `path:"carrier" maxLength:"32"`
	Timestamp string `header:"X-Carrier-Timestamp" doc:"Unix seconds when the carrier signed the request"`
	Signature string `header:"X-Carrier-Signature" doc:"v1=<hex HMAC-SHA256(secret, timestamp + \".\" + body)>"`
	RawBody   []byte `contentType:"application/json" doc:"One tracking event: {event_id, tracking_number, status, occurred_at, description, location}"`
}

type carrierWebhookOutput struct{ Body commerce.EventOutcome }

type shipmentPathInput struct {
	ShipmentID string `path:"shipmentId" maxLength:"64"`
}

func (s *Server) logistics() (*commerce.Logistics, error) {
	if s.Logistics == nil {
		return nil,
			Fail(http.StatusServiceUnavailable, "logistics_unavailable", "logistics is not configured on this server")
	}
	return s.Logistics, nil
}

func shipmentsOut(ctx context.Context, p PageParams, shs []commerce.Shipment, err error) (*pageOutput[ShipmentView],
	error) {
	if err != nil {
		return nil, err
	}
	return pageSlice(ctx, p, mapSlice(shs, shipmentView), func(v ShipmentView) string { return v.ID })
}

func (s *Server) registerLogistics() {
	Register(s, brandWrite, opCreateShipment, s.createShipment)
	Register(s, brandRead, opListOrderShipments, s.listOrderShipments)
	Register(s, brandRead, opGetBrandShipment, s.getBrandShipment)
	Register(s, User, opTrackMyOrder, s.trackMyOrder)
	Register(s, Public, opCarrierWebhook, s.carrierWebhook)
	Register(s, Admin, opAdminAdvanceSimShipment, s.adminAdvanceSimShipment)
}

var opCreateShipment = huma.Operation{
	OperationID:   "create-shipment",
	Method:        http.MethodPost,
	Path:          "/api/v1/orgs/{orgId}/orders/{orderId}/shipments",
	Tags:          []string{"logistics"},
	DefaultStatus: http.StatusCreated,
	Summary:       "Ship a paid order, in full or in part",
	Description: "The first shipment moves the order to shipped. Quantities can never exceed what was " +
		"ordered, over all shipments.",
}

func (s *Server) createShipment(ctx context.Context, in *createShipmentInput) (*shipmentOutput, error) {
	l, err := s.logistics()
	if err != nil {
		return nil, err
	}
	items := make([]commerce.ShipmentItem, 0, len(in.Body.Items))
	for _, it := range in.Body.Items {
		items = append(items, commerce.ShipmentItem{LineNo: it.LineNo, Qty: it.Qty})
	}
	sh,
		err := l.CreateShipment(ctx, in.OrgID, in.OrderID,
		commerce.ShipmentInput{Carrier: in.Body.Carrier, TrackingNumber: in.Body.TrackingNumber, Items: items},
		commerce.Actor{Kind: commerce.ActorBrand, ID: caller(ctx).User.ID})
	if err != nil {
		return nil, err
	}
	return &shipmentOutput{Body: shipmentView(sh)}, nil
}

var opListOrderShipments = huma.Operation{
	OperationID: "list-order-shipments",
	Method:      http.MethodGet,
	Path:        "/api/v1/orgs/{orgId}/orders/{orderId}/shipments",
	Tags:        []string{"logistics"},
	Summary:     "The shipments of one of the brand's orders, with tracking events",
}

func (s *Server) listOrderShipments(ctx context.Context, in *brandOrderPathInput) (*pageOutput[ShipmentView], error) {
	l, err := s.logistics()
	if err != nil {
		return nil, err
	}
	shs, err := l.BrandShipments(ctx, in.OrgID, in.OrderID)
	return shipmentsOut(ctx, in.PageParams, shs, err)
}

var opGetBrandShipment = huma.Operation{
	OperationID: "get-brand-shipment",
	Method:      http.MethodGet,
	Path:        "/api/v1/orgs/{orgId}/shipments/{shipmentId}",
	Tags:        []string{"logistics"},
	Summary:     "One shipment of the brand's orders with its tracking events",
}

func (s *Server) getBrandShipment(ctx context.Context, in *brandShipmentInput) (*shipmentOutput, error) {
	l, err := s.logistics()
	if err != nil {
		return nil, err
	}
	sh, err := l.Shipment(ctx, in.ShipmentID)
	if err != nil {
		return nil, err
	}
	if _, err := s.Commerce.BrandOrder(ctx, in.OrgID, sh.OrderID); err != nil {
		return nil, err
	}
	return &shipmentOutput{Body: shipmentView(sh)}, nil
}

var opTrackMyOrder = huma.Operation{
	OperationID: "track-my-order",
	Method:      http.MethodGet,
	Path:        "/api/v1/orders/{orderId}/shipments",
	Tags:        []string{"logistics"},
	Summary:     "Track your order: its shipments and their tracking events",
}

func (s *Server) trackMyOrder(ctx context.Context, in *myOrderPathInput) (*pageOutput[ShipmentView], error) {
	l, err := s.logistics()
	if err != nil {
		return nil, err
	}
	shs, err := l.ShopperShipments(ctx, caller(ctx).User.ID, in.OrderID)
	return shipmentsOut(ctx, in.PageParams, shs, err)
}

var opCarrierWebhook = huma.Operation{
	OperationID:      "carrier-webhook",
	Method:           http.MethodPost,
	Path:             "/api/v1/carriers/{carrier}/webhook",
	Tags:             []string{"logistics"},
	MaxBodyBytes:     16 << 10,
	SkipValidateBody: true,
	Summary:          "A carrier reports a tracking event (signed)",
	Description: "Signed with the carrier's shared secret: X-Carrier-Signature = v1=hex(HMAC-SHA256(secret, X-Carrier-Timestamp + \".\" + body)). " +
		"Timestamps more than 5 minutes from now are refused (replays); an event id already received is acknowledged and ignored.",
}

func (s *Server) carrierWebhook(ctx context.Context, in *carrierWebhookInput) (*carrierWebhookOutput, error) {
	l, err := s.logistics()
	if err != nil {
		return nil, err
	}
	out, err := l.ReceiveWebhook(ctx, in.Carrier, in.Timestamp, in.Signature, in.RawBody)
	if commerce.Code(err) == commerce.ErrUnknownCarrier.Code {
		return nil, Fail(http.StatusNotFound, "unknown_carrier", "no such carrier")
	}
	if err != nil {
		return nil, err
	}
	return &carrierWebhookOutput{Body: out}, nil
}

var opAdminAdvanceSimShipment = huma.Operation{
	OperationID: "admin-advance-sim-shipment",
	Method:      http.MethodPost,
	Path:        "/api/v1/admin/shipments/{shipmentId}/advance",
	Tags:        []string{"admin"},
	Summary:     "Move a simulated-carrier shipment to its next status now (development and tests)",
}

func (s *Server) adminAdvanceSimShipment(ctx context.Context, in *shipmentPathInput) (*shipmentOutput, error) {
	l, err := s.logistics()
	if err != nil {
		return nil, err
	}
	sh, err := l.AdvanceSim(ctx, in.ShipmentID)
	if err != nil {
		return nil, err
	}
	return &shipmentOutput{Body: shipmentView(sh)}, nil
}
