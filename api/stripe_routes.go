package api

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/soukhq/souk/payments/stripefunding"
)

// The Stripe rail's routes, present when Stripe is the funding source
// (SOUK_STRIPE_*): Stripe's signed webhook, connected-account onboarding
// for shoppers (withdrawals) and brand owners (payouts), and a top-up's
// client secret for the client that confirms it with Stripe.

type stripeWebhookInput struct {
	Signature string `header:"Stripe-Signature" doc:"t=…,v1=… as Stripe signs it"`
	RawBody   []byte `contentType:"application/json" doc:"A Stripe event"`
}

type stripeWebhookOutput struct{ Body stripefunding.Outcome }

type stripeOnboardingInput struct {
	Body struct {
		ReturnURL string `json:"return_url" format:"uri" maxLength:"2000" doc:"Where Stripe sends the owner back"`
		Country   string `json:"country,omitempty" maxLength:"2" doc:"ISO 3166-1 alpha-2, for a new account"`
	}
}

type orgStripeOnboardingInput struct {
	OrgID string `path:"orgId" maxLength:"64"`
	stripeOnboardingInput
}

type stripeOnboardingOutput struct {
	Body struct {
		URL string `json:"url" doc:"Stripe's hosted onboarding page"`
	}
}

type topUpSecretInput struct {
	OpID string `path:"opId" maxLength:"64"`
}

type topUpSecretOutput struct {
	Body struct {
		ClientSecret string `json:"client_secret" doc:"Confirm the PaymentIntent with it (Stripe.js or a mobile SDK)"`
	}
}

func (s *Server) registerStripe() {
	if s.Stripe == nil {
		return
	}
	Register(s, Public, opStripeWebhook, s.stripeWebhook)
	Register(s, User, opMyStripeOnboarding, s.myStripeOnboarding)
	Register(s, orgOwner, opOrgStripeOnboarding, s.orgStripeOnboarding)
	Register(s, User, opTopUpClientSecret, s.topUpClientSecret)
}

var opStripeWebhook = huma.Operation{
	OperationID:      "stripe-webhook",
	Method:           http.MethodPost,
	Path:             "/api/v1/stripe/webhook",
	Tags:             []string{"funding"},
	MaxBodyBytes:     256 << 10,
	SkipValidateBody: true,
	Summary:          "Stripe reports a payment or transfer outcome (signed)",
	Description: "Verified with the endpoint's signing secret (SOUK_STRIPE_WEBHOOK_SECRET). An event must name a pending operation " +
		"and carry its amount and currency; an event id already received is acknowledged and ignored.",
}

func (s *Server) stripeWebhook(ctx context.Context, in *stripeWebhookInput) (*stripeWebhookOutput, error) {
	out, err := s.Stripe.HandleWebhook(ctx, in.RawBody, in.Signature)
	if err != nil {
		return nil, err
	}
	return &stripeWebhookOutput{Body: out}, nil
}

var opMyStripeOnboarding = huma.Operation{
	OperationID: "my-stripe-onboarding",
	Method:      http.MethodPost,
	Path:        "/api/v1/me/stripe-onboarding",
	Tags:        []string{"funding"},
	Summary:     "Open Stripe's onboarding for my connected account, where my withdrawals go",
}

func (s *Server) myStripeOnboarding(ctx context.Context, in *stripeOnboardingInput) (*stripeOnboardingOutput, error) {
	u := caller(ctx).User
	url, err := s.Stripe.Onboard(ctx, u.ID, u.Email, in.Body.Country, in.Body.ReturnURL)
	if err != nil {
		return nil, err
	}
	out := &stripeOnboardingOutput{}
	out.Body.URL = url
	return out, nil
}

var opOrgStripeOnboarding = huma.Operation{
	OperationID: "org-stripe-onboarding",
	Method:      http.MethodPost,
	Path:        "/api/v1/orgs/{orgId}/stripe-onboarding",
	Tags:        []string{"funding"},
	Summary:     "Open Stripe's onboarding for the org's connected account, where its payouts go (owner of a brand or developer org)",
}

func (s *Server) orgStripeOnboarding(ctx context.Context, in *orgStripeOnboardingInput) (*stripeOnboardingOutput, error) {
	url, err := s.Stripe.Onboard(ctx, in.OrgID, caller(ctx).User.Email, in.Body.Country, in.Body.ReturnURL)
	if err != nil {
		return nil, err
	}
	out := &stripeOnboardingOutput{}
	out.Body.URL = url
	return out, nil
}

var opTopUpClientSecret = huma.Operation{
	OperationID: "topup-client-secret",
	Method:      http.MethodGet,
	Path:        "/api/v1/wallet/topups/{opId}/stripe",
	Tags:        []string{"funding"},
	Summary:     "My pending top-up's Stripe client secret",
}

func (s *Server) topUpClientSecret(ctx context.Context, in *topUpSecretInput) (*topUpSecretOutput, error) {
	op, err := s.Payments.OwnFunding(ctx, caller(ctx).User.ID, in.OpID)
	if err != nil {
		return nil, err
	}
	cs, err := s.Stripe.ClientSecret(ctx, op)
	if err != nil {
		return nil, err
	}
	out := &topUpSecretOutput{}
	out.Body.ClientSecret = cs
	return out, nil
}
