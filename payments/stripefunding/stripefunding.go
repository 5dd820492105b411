// Package stripefunding is a real payment rail behind payments.FundingSource:
// Stripe. Top-ups are PaymentIntents the shopper confirms with Stripe (the
// client secret goes to the client); withdrawals and payouts are Transfers to
// the owner's Stripe connected account, which Stripe pays out to the owner's
// bank on the account's schedule. Every outcome arrives as a Stripe webhook
// whose signature is verified with stripe-go's webhook package; an event is
// applied once (its id is kept), must name a pending operation of ours by
// metadata and carry exactly its amount and currency, and then resolves it
// through payments.Service.HandleFundingResult, which is itself idempotent.
// A forged, replayed or altered event changes nothing.
package stripefunding

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/stripe/stripe-go/v82"
	"github.com/stripe/stripe-go/v82/webhook"

	"github.com/soukhq/souk/internal/fault"
	"github.com/soukhq/souk/payments"
	"github.com/soukhq/souk/store"
)

// Config is what souk serve reads from SOUK_STRIPE_*.
type Config struct {
	SecretKey     string // SOUK_STRIPE_SECRET_KEY (sk_live_…, sk_test_…)
	WebhookSecret string // SOUK_STRIPE_WEBHOOK_SECRET (whsec_…)
	// APIURL replaces https://api.stripe.com (SOUK_STRIPE_API_URL), for
	// stripe-mock in tests and development.
	APIURL string
	// HTTPClient, when set, makes the API calls.
	HTTPClient *http.Client
}

// Rejections; the codes are part of the API.
var (
	ErrBadSignature = fault.New(fault.Invalid, "bad_signature", "the Stripe-Signature header does not verify")
	ErrNoAccount    = fault.New(fault.Conflict, "no_stripe_account", "no Stripe connected account is set up to receive this money")
	ErrMismatch     = fault.New(fault.Invalid, "event_mismatch", "the event does not match the operation it names")
)

// metadata keys on every object souk creates at Stripe.
const (
	metaFunding = "souk_funding_id"
	metaKind    = "souk_kind"
)

// Source is the Stripe funding source.
type Source struct {
	db  *store.DB
	sc  *stripe.Client
	cfg Config
	// Results receives each decided outcome (payments.Service.HandleFundingResult).
	Results func(context.Context, payments.FundingResult) (payments.FundingOp, error)
	// Funding reads an operation (payments.Service.GetFunding).
	Funding func(context.Context, string) (payments.FundingOp, error)
}

// New returns the source. Connect it to the payments service with
// UsePayments before any webhook arrives.
func New(db *store.DB, cfg Config) (*Source, error) {
	if cfg.SecretKey == "" || cfg.WebhookSecret == "" {
		return nil, errors.New("stripe: SOUK_STRIPE_SECRET_KEY and SOUK_STRIPE_WEBHOOK_SECRET are both required")
	}
	bc := &stripe.BackendConfig{LeveledLogger: &stripe.LeveledLogger{Level: stripe.LevelNull}, MaxNetworkRetries: stripe.Int64(2)}
	if cfg.APIURL != "" {
		bc.URL = stripe.String(strings.TrimRight(cfg.APIURL, "/"))
	}
	if cfg.HTTPClient != nil {
		bc.HTTPClient = cfg.HTTPClient
	}
	api := stripe.GetBackendWithConfig(stripe.APIBackend, bc)
	sc := stripe.NewClient(cfg.SecretKey, stripe.WithBackends(&stripe.Backends{API: api, Connect: api, Uploads: api, MeterEvents: api}))
	return &Source{db: db, sc: sc, cfg: cfg}, nil
}

// UsePayments connects the source to the payments service it funds.
func (s *Source) UsePayments(p *payments.Service) {
	s.Results, s.Funding = p.HandleFundingResult, p.GetFunding
}

// Start asks Stripe to collect a top-up (a PaymentIntent) or send a
// withdrawal or payout (a Transfer to the owner's connected account). The
// operation id is the idempotency key, so a resend after a crash creates
// nothing new at Stripe.
func (s *Source) Start(ctx context.Context, op payments.FundingOp) (string, error) {
	cur := strings.ToLower(op.Currency)
	meta := map[string]string{metaFunding: op.ID, metaKind: op.Kind}
	switch op.Kind {
	case payments.FundingTopUp:
		p := &stripe.PaymentIntentCreateParams{Amount: stripe.Int64(int64(op.Amount)), Currency: stripe.String(cur),
			AutomaticPaymentMethods: &stripe.PaymentIntentCreateAutomaticPaymentMethodsParams{Enabled: stripe.Bool(true)}}
		p.Metadata = meta
		p.SetIdempotencyKey("souk-" + op.ID)
		pi, err := s.sc.V1PaymentIntents.Create(ctx, p)
		if err != nil {
			return "", fmt.Errorf("stripe payment intent: %w", err)
		}
		return pi.ID, nil
	default:
		acct, err := s.ConnectedAccount(ctx, op.OwnerID)
		if err != nil {
			return "", err
		}
		p := &stripe.TransferCreateParams{Amount: stripe.Int64(int64(op.Amount)), Currency: stripe.String(cur), Destination: stripe.String(acct),
			TransferGroup: stripe.String(op.ID)}
		p.Metadata = meta
		p.SetIdempotencyKey("souk-" + op.ID)
		tr, err := s.sc.V1Transfers.Create(ctx, p)
		if err != nil {
			return "", fmt.Errorf("stripe transfer: %w", err)
		}
		return tr.ID, nil
	}
}

// ClientSecret is a top-up's PaymentIntent client secret, which the
// shopper's client confirms with Stripe (Stripe.js or a mobile SDK).
func (s *Source) ClientSecret(ctx context.Context, op payments.FundingOp) (string, error) {
	if op.Kind != payments.FundingTopUp || !strings.HasPrefix(op.BankRef, "pi_") {
		return "", fault.New(fault.Conflict, "not_a_stripe_topup", "only a started top-up has a client secret")
	}
	pi, err := s.sc.V1PaymentIntents.Retrieve(ctx, op.BankRef, nil)
	if err != nil {
		return "", err
	}
	return pi.ClientSecret, nil
}

// ConnectedAccount is the owner's Stripe connected account.
func (s *Source) ConnectedAccount(ctx context.Context, ownerID string) (string, error) {
	var acct string
	err := s.db.QueryRowContext(ctx, `SELECT account_id FROM stripe_accounts WHERE owner_id = $1`, ownerID).Scan(&acct)
	if errors.Is(err, sql.ErrNoRows) {
		return "", ErrNoAccount.Withf("owner %s has no Stripe connected account: start onboarding first", ownerID)
	}
	return acct, err
}

// Onboard makes (once) an Express connected account for the owner and
// returns the Stripe-hosted onboarding link where the owner gives their
// identity and bank details; returnURL is where Stripe sends them back.
func (s *Source) Onboard(ctx context.Context, ownerID, email, country, returnURL string) (string, error) {
	acct, err := s.ConnectedAccount(ctx, ownerID)
	if errors.Is(err, ErrNoAccount) {
		p := &stripe.AccountCreateParams{Type: stripe.String(string(stripe.AccountTypeExpress))}
		if email != "" {
			p.Email = stripe.String(email)
		}
		if country != "" {
			p.Country = stripe.String(country)
		}
		p.Metadata = map[string]string{"souk_owner_id": ownerID}
		p.SetIdempotencyKey("souk-account-" + ownerID)
		a, err := s.sc.V1Accounts.Create(ctx, p)
		if err != nil {
			return "", fmt.Errorf("stripe account: %w", err)
		}
		if err := s.SetConnectedAccount(ctx, ownerID, a.ID); err != nil {
			return "", err
		}
		acct = a.ID
	} else if err != nil {
		return "", err
	}
	link, err := s.sc.V1AccountLinks.Create(ctx, &stripe.AccountLinkCreateParams{Account: stripe.String(acct), Type: stripe.String("account_onboarding"),
		RefreshURL: stripe.String(returnURL), ReturnURL: stripe.String(returnURL)})
	if err != nil {
		return "", fmt.Errorf("stripe account link: %w", err)
	}
	return link.URL, nil
}

// SetConnectedAccount records where an owner's withdrawals and payouts go.
func (s *Source) SetConnectedAccount(ctx context.Context, ownerID, accountID string) error {
	if !strings.HasPrefix(accountID, "acct_") {
		return fault.New(fault.Invalid, "invalid_input", "a Stripe connected account id starts with acct_")
	}
	_, err := s.db.ExecContext(ctx, `INSERT INTO stripe_accounts (owner_id, account_id, created_at) VALUES ($1, $2, $3)
		ON CONFLICT (owner_id) DO UPDATE SET account_id = excluded.account_id`, ownerID, accountID, store.Now())
	return err
}

// Outcome is what a webhook event did.
type Outcome struct {
	EventID   string `json:"event_id"`
	Type      string `json:"type"`
	FundingID string `json:"funding_id,omitempty"`
	// Applied: "succeeded", "failed", "ignored" (a type souk does not act
	// on), or "duplicate" (this event id was already received).
	Applied string `json:"applied"`
}

// object is the part of a PaymentIntent or Transfer souk reads.
type object struct {
	ID               string            `json:"id"`
	Object           string            `json:"object"`
	Amount           int64             `json:"amount"`
	AmountReceived   int64             `json:"amount_received"`
	Currency         string            `json:"currency"`
	Metadata         map[string]string `json:"metadata"`
	LastPaymentError *struct {
		Message string `json:"message"`
	} `json:"last_payment_error"`
}

// HandleWebhook verifies a Stripe webhook (Stripe-Signature, within
// stripe-go's default five-minute tolerance) and applies it once:
//
//	payment_intent.succeeded                  the top-up succeeded
//	payment_intent.payment_failed / .canceled the top-up failed
//	transfer.created                          the withdrawal or payout succeeded
//	transfer.reversed                         before a decision: it failed
//
// Any other type is acknowledged and ignored.
func (s *Source) HandleWebhook(ctx context.Context, payload []byte, signature string) (Outcome, error) {
	ev, err := webhook.ConstructEventWithOptions(payload, signature, s.cfg.WebhookSecret, webhook.ConstructEventOptions{IgnoreAPIVersionMismatch: true})
	if err != nil {
		return Outcome{}, ErrBadSignature.Withf("the Stripe-Signature header does not verify: %v", err)
	}
	out := Outcome{EventID: ev.ID, Type: string(ev.Type), Applied: "ignored"}
	var obj object
	if ev.Data != nil {
		if err := json.Unmarshal(ev.Data.Raw, &obj); err != nil {
			return out, ErrMismatch.Withf("the event's object does not parse: %v", err)
		}
	}
	out.FundingID = obj.Metadata[metaFunding]
	var seen int
	if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM stripe_events WHERE id = $1`, ev.ID).Scan(&seen); err != nil {
		return out, err
	}
	if seen > 0 {
		out.Applied = "duplicate"
		return out, nil
	}
	var res *payments.FundingResult
	switch ev.Type {
	case "payment_intent.succeeded":
		res = &payments.FundingResult{Succeeded: true}
	case "payment_intent.payment_failed", "payment_intent.canceled":
		reason := "stripe: " + string(ev.Type)
		if obj.LastPaymentError != nil && obj.LastPaymentError.Message != "" {
			reason = "stripe: " + obj.LastPaymentError.Message
		}
		res = &payments.FundingResult{Reason: reason}
	case "transfer.created":
		res = &payments.FundingResult{Succeeded: true}
	case "transfer.reversed":
		res = &payments.FundingResult{Reason: "stripe: the transfer was reversed"}
	}
	if res != nil {
		if out.FundingID == "" {
			return out, ErrMismatch.Withf("event %s names no souk operation", ev.ID)
		}
		op, err := s.Funding(ctx, out.FundingID)
		if err != nil {
			return out, err
		}
		amount := obj.Amount
		if ev.Type == "payment_intent.succeeded" {
			amount = obj.AmountReceived
		}
		if obj.ID != op.BankRef || amount != int64(op.Amount) || !strings.EqualFold(obj.Currency, op.Currency) || obj.Metadata[metaKind] != op.Kind {
			return out, ErrMismatch.Withf("event %s (%s %d %s) does not match operation %s (%s %d %s)", ev.ID, obj.ID, amount, obj.Currency,
				op.ID, op.BankRef, int64(op.Amount), op.Currency)
		}
		res.OpID = op.ID
		if _, err := s.Results(ctx, *res); err != nil {
			return out, err // not recorded: Stripe retries and the result applies then
		}
		out.Applied = "failed"
		if res.Succeeded {
			out.Applied = "succeeded"
		}
	}
	_, err = s.db.ExecContext(ctx, `INSERT INTO stripe_events (id, type, funding_id, outcome, received_at) VALUES ($1, $2, $3, $4, $5)
		ON CONFLICT (id) DO NOTHING`, ev.ID, string(ev.Type), out.FundingID, out.Applied, time.Now().UnixMicro())
	return out, err
}
