package api

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/soukhq/souk/webhooks"
)

type webhookPathInput struct {
	OrgID      string `path:"orgId" maxLength:"64"`
	AppID      string `path:"appId" maxLength:"64"`
	EndpointID string `path:"endpointId" maxLength:"64"`
}

type createWebhookInput struct {
	OrgID string `path:"orgId" maxLength:"64"`
	AppID string `path:"appId" maxLength:"64"`
	Body  struct {
		URL         string   `json:"url" minLength:"1" maxLength:"2000" doc:"https:// URL that receives POSTed events"`
		Description string   `json:"description,omitempty" maxLength:"500"`
		EventTypes  []string `json:"event_types" minItems:"1" maxItems:"50" doc:"order.*, payment.*, version.*, app.*, release.*, or exact types such as order.paid or version.approved"`
	}
}

type updateWebhookInput struct {
	OrgID      string `path:"orgId" maxLength:"64"`
	AppID      string `path:"appId" maxLength:"64"`
	EndpointID string `path:"endpointId" maxLength:"64"`
	Body       struct {
		URL         *string  `json:"url,omitempty" maxLength:"2000"`
		Description *string  `json:"description,omitempty" maxLength:"500"`
		EventTypes  []string `json:"event_types,omitempty" maxItems:"50"`
		Enabled     *bool    `json:"enabled,omitempty"`
	}
}

// WebhookWithSecret is an endpoint as created: the signing secret appears
// here and in a rotation's answer only.
type WebhookWithSecret struct {
	webhooks.Endpoint
	Secret string `json:"secret" doc:"whsec_… signing secret; shown once, store it now"`
}

type webhookSecretOutput struct{ Body WebhookWithSecret }

type webhookOutput struct{ Body webhooks.Endpoint }

type listWebhooksInput struct {
	OrgID string `path:"orgId" maxLength:"64"`
	AppID string `path:"appId" maxLength:"64"`
	PageParams
}

type rotatedSecretOutput struct {
	Body struct {
		Secret string `json:"secret" doc:"The new whsec_… secret; the previous one also signs for 24 hours"`
	}
}

type webhookDeliveriesInput struct {
	OrgID      string `path:"orgId" maxLength:"64"`
	AppID      string `path:"appId" maxLength:"64"`
	EndpointID string `path:"endpointId" maxLength:"64"`
	State      string `query:"state" enum:"pending,succeeded,failed," doc:"Only deliveries in this state"`
	PageParams
}

type webhookDeliveryInput struct {
	OrgID      string `path:"orgId" maxLength:"64"`
	AppID      string `path:"appId" maxLength:"64"`
	EndpointID string `path:"endpointId" maxLength:"64"`
	DeliveryID string `path:"deliveryId" maxLength:"64"`
}

type webhookDeliveryOutput struct{ Body webhooks.DeliveryDetail }

func (s *Server) webhooks() (*webhooks.Service, error) {
	if s.Webhooks == nil {
		return nil,
			Fail(http.StatusServiceUnavailable, "webhooks_unavailable",
				"developer webhooks are not configured on this server")
	}
	return s.Webhooks, nil
}

// registerWebhooks adds the developer webhook routes. Every service call
// checks the app belongs to {orgId}, so another org's ids answer 404.
func (s *Server) registerWebhooks() {
	Register(s, devWrite, opCreateWebhook, s.createWebhook)
	Register(s, devRead, opListWebhooks, s.listWebhooks)
	// Before {endpointId}, which would match "listen". Streaming hands out
	// the listen secret: the roles that manage endpoints.
	Register(s, devWrite, opListenWebhooks, s.listenWebhooks)
	Register(s, devRead, opGetWebhook, s.getWebhook)
	Register(s, devWrite, opUpdateWebhook, s.updateWebhook)
	Register(s, devWrite, opDeleteWebhook, s.deleteWebhook)
	Register(s, devWrite, opRotateWebhookSecret, s.rotateWebhookSecret)
	Register(s, devRead, opListWebhookDeliveries, s.listWebhookDeliveries)
	Register(s, devRead, opGetWebhookDelivery, s.getWebhookDelivery)
	Register(s, devWrite, opReplayWebhookDelivery, s.replayWebhookDelivery)
}

var opCreateWebhook = huma.Operation{
	OperationID:   "create-webhook",
	Method:        http.MethodPost,
	Path:          "/api/v1/orgs/{orgId}/apps/{appId}/webhooks",
	Tags:          []string{"webhooks"},
	DefaultStatus: http.StatusCreated,
	Summary:       "Register a webhook endpoint for the app's order and payment events",
	Description: "Deliveries are signed with the Standard Webhooks scheme (webhook-id, webhook-timestamp, " +
		"webhook-signature). The secret is returned once.",
}

func (s *Server) createWebhook(ctx context.Context, in *createWebhookInput) (*webhookSecretOutput, error) {
	svc, err := s.webhooks()
	if err != nil {
		return nil, err
	}
	e, secret,
		err := svc.CreateEndpoint(ctx, in.OrgID, in.AppID,
		webhooks.EndpointInput{URL: in.Body.URL, Description: in.Body.Description, EventTypes: in.Body.EventTypes})
	if err != nil {
		return nil, err
	}
	return &webhookSecretOutput{Body: WebhookWithSecret{Endpoint: e, Secret: secret}}, nil
}

var opListWebhooks = huma.Operation{
	OperationID: "list-webhooks",
	Method:      http.MethodGet,
	Path:        "/api/v1/orgs/{orgId}/apps/{appId}/webhooks",
	Tags:        []string{"webhooks"},
	Summary:     "The app's webhook endpoints",
}

func (s *Server) listWebhooks(ctx context.Context, in *listWebhooksInput) (*pageOutput[webhooks.Endpoint], error) {
	svc, err := s.webhooks()
	if err != nil {
		return nil, err
	}
	list, err := svc.Endpoints(ctx, in.OrgID, in.AppID)
	if err != nil {
		return nil, err
	}
	return pageSlice(ctx, in.PageParams, list, func(e webhooks.Endpoint) string { return e.ID })
}

var opGetWebhook = huma.Operation{
	OperationID: "get-webhook",
	Method:      http.MethodGet,
	Path:        "/api/v1/orgs/{orgId}/apps/{appId}/webhooks" + "/{endpointId}",
	Tags:        []string{"webhooks"},
	Summary:     "One webhook endpoint",
}

func (s *Server) getWebhook(ctx context.Context, in *webhookPathInput) (*webhookOutput, error) {
	svc, err := s.webhooks()
	if err != nil {
		return nil, err
	}
	e, err := svc.Endpoint(ctx, in.OrgID, in.AppID, in.EndpointID)
	if err != nil {
		return nil, err
	}
	return &webhookOutput{Body: e}, nil
}

var opUpdateWebhook = huma.Operation{
	OperationID: "update-webhook",
	Method:      http.MethodPatch,
	Path:        "/api/v1/orgs/{orgId}/apps/{appId}/webhooks" + "/{endpointId}",
	Tags:        []string{"webhooks"},
	Summary:     "Change a webhook endpoint's URL, description, event types or enabled flag",
}

func (s *Server) updateWebhook(ctx context.Context, in *updateWebhookInput) (*webhookOutput, error) {
	svc, err := s.webhooks()
	if err != nil {
		return nil, err
	}
	e, err := svc.UpdateEndpoint(ctx, in.OrgID, in.AppID, in.EndpointID, webhooks.EndpointUpdate{
		URL: in.Body.URL, Description: in.Body.Description, EventTypes: in.Body.EventTypes, Enabled: in.Body.Enabled})
	if err != nil {
		return nil, err
	}
	return &webhookOutput{Body: e}, nil
}

var opDeleteWebhook = huma.Operation{
	OperationID:   "delete-webhook",
	Method:        http.MethodDelete,
	Path:          "/api/v1/orgs/{orgId}/apps/{appId}/webhooks" + "/{endpointId}",
	Tags:          []string{"webhooks"},
	DefaultStatus: http.StatusNoContent,
	Summary:       "Delete a webhook endpoint with its deliveries",
}

func (s *Server) deleteWebhook(ctx context.Context, in *webhookPathInput) (*struct{}, error) {
	svc, err := s.webhooks()
	if err != nil {
		return nil, err
	}
	return nil, svc.DeleteEndpoint(ctx, in.OrgID, in.AppID, in.EndpointID)
}

var opRotateWebhookSecret = huma.Operation{
	OperationID: "rotate-webhook-secret",
	Method:      http.MethodPost,
	Path:        "/api/v1/orgs/{orgId}/apps/{appId}/webhooks" + "/{endpointId}/rotate-secret",
	Tags:        []string{"webhooks"},
	Summary:     "Replace the signing secret; the old one keeps signing beside it for 24 hours",
}

func (s *Server) rotateWebhookSecret(ctx context.Context, in *webhookPathInput) (*rotatedSecretOutput, error) {
	svc, err := s.webhooks()
	if err != nil {
		return nil, err
	}
	out := &rotatedSecretOutput{}
	out.Body.Secret, err = svc.RotateSecret(ctx, in.OrgID, in.AppID, in.EndpointID)
	return out, err
}

var opListWebhookDeliveries = huma.Operation{
	OperationID: "list-webhook-deliveries",
	Method:      http.MethodGet,
	Path:        "/api/v1/orgs/{orgId}/apps/{appId}/webhooks" + "/{endpointId}/deliveries",
	Tags:        []string{"webhooks"},
	Summary:     "The endpoint's deliveries, newest first",
}

func (s *Server) listWebhookDeliveries(ctx context.Context,
	in *webhookDeliveriesInput) (*pageOutput[webhooks.Delivery], error) {
	svc, err := s.webhooks()
	if err != nil {
		return nil, err
	}
	id := func(d webhooks.Delivery) string { return d.ID }
	return listPage(ctx, in.PageParams, id,
		func(ctx context.Context, after string, n int) ([]webhooks.Delivery, error) {
			f := webhooks.DeliveryFilter{State: in.State, Limit: n}
			if after != "" {
				d, err := svc.Delivery(ctx, in.OrgID, in.AppID, in.EndpointID, after)
				if err != nil {
					return nil, errInvalidCursor
				}
				f.Cursor = webhooks.CursorAfter(d.Delivery)
			}
			p, err := svc.Deliveries(ctx, in.OrgID, in.AppID, in.EndpointID, f)
			return p.Deliveries, err
		})
}

var opGetWebhookDelivery = huma.Operation{
	OperationID: "get-webhook-delivery",
	Method:      http.MethodGet,
	Path:        "/api/v1/orgs/{orgId}/apps/{appId}/webhooks" + "/{endpointId}/deliveries/{deliveryId}",
	Tags:        []string{"webhooks"},
	Summary:     "A delivery with its body and every attempt (status, duration, response, error)",
}

func (s *Server) getWebhookDelivery(ctx context.Context, in *webhookDeliveryInput) (*webhookDeliveryOutput, error) {
	svc, err := s.webhooks()
	if err != nil {
		return nil, err
	}
	d, err := svc.Delivery(ctx, in.OrgID, in.AppID, in.EndpointID, in.DeliveryID)
	if err != nil {
		return nil, err
	}
	return &webhookDeliveryOutput{Body: d}, nil
}

var opReplayWebhookDelivery = huma.Operation{
	OperationID:   "replay-webhook-delivery",
	Method:        http.MethodPost,
	Path:          "/api/v1/orgs/{orgId}/apps/{appId}/webhooks" + "/{endpointId}/deliveries/{deliveryId}/replay",
	Tags:          []string{"webhooks"},
	DefaultStatus: http.StatusAccepted,
	Summary:       "Send a delivery again now (same webhook-id and body, fresh signature)",
}

func (s *Server) replayWebhookDelivery(ctx context.Context, in *webhookDeliveryInput) (*struct{}, error) {
	svc, err := s.webhooks()
	if err != nil {
		return nil, err
	}
	return nil, svc.Replay(ctx, in.OrgID, in.AppID, in.EndpointID, in.DeliveryID)
}
