// Package webhooks sends an app's order and payment events, and its
// lifecycle events (review decisions, installs, quarantines, automatic
// rollbacks: webhooks_lifecycle.go), to the HTTPS
// endpoints its developer registers, signed with the Standard Webhooks
// scheme (webhook-id, webhook-timestamp, webhook-signature), retried on a
// fixed schedule, with every attempt logged for the developer to inspect
// and replay.
//
// Deliveries are rows; sending is a job (package jobs), enqueued in the
// transaction that publishes the event, so an event is never lost nor sent
// for a change that rolled back. Delivery is at least once: receivers
// dedupe on webhook-id, which stays the same on every retry and replay.
package webhooks

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"time"

	"github.com/soukhq/souk/internal/fault"
	"github.com/soukhq/souk/jobs"
	"github.com/soukhq/souk/store"
)

// Error is a webhooks rejection: souk's one domain error type, with a
// stable machine-readable code.
type Error = fault.Error

func fail(code, format string, args ...any) *Error { return sentinels.Newf(code, format, args...) }

// Error codes.
const (
	CodeNotFound         = "not_found"
	CodeInvalidURL       = "invalid_url"
	CodeInvalidEventType = "invalid_event_type"
	CodeInvalidInput     = "invalid_input"
	CodeTooManyEndpoints = "too_many_endpoints"
	CodeResumeExpired    = "resume_expired"
)

// Sentinels: each code with its kind and default message.
var (
	ErrNotFound         = fault.New(fault.NotFound, CodeNotFound, "no such webhook endpoint or delivery")
	ErrTooManyEndpoints = fault.New(fault.Conflict, CodeTooManyEndpoints, "the app has too many webhook endpoints")
	ErrResumeExpired    = fault.New(fault.Gone, CodeResumeExpired, "the delivery to resume after is no longer in the listen log")
	sentinels           = fault.NewSet(ErrNotFound, ErrTooManyEndpoints, ErrResumeExpired)
)

// CodeOf returns the code of a webhooks error, or "".
func CodeOf(err error) string { return fault.Code(err) }

// KindDeliver is the job kind that sends one delivery attempt.
const KindDeliver = "webhooks.deliver"

// DefaultSchedule is the wait before each retry after a failed attempt:
// seven attempts in all over about 18 hours (the Standard Webhooks
// reference schedule).
var DefaultSchedule = []time.Duration{5 * time.Second, 5 * time.Minute, 30 * time.Minute, 2 * time.Hour, 5 * time.Hour, 10 * time.Hour}

// Options configure a Service.
type Options struct {
	// AllowLocalHTTP accepts http:// URLs on localhost/127.0.0.1/[::1] and
	// lets deliveries reach loopback and private addresses. Development and
	// tests only: in production endpoints are https:// on public addresses.
	AllowLocalHTTP bool
	// Timeout bounds one attempt, connect to last byte (default 10 s).
	Timeout time.Duration
	// Schedule is the wait before each retry (default DefaultSchedule).
	Schedule []time.Duration
	// SecretKey, when 32 bytes, seals signing secrets at rest with AES-GCM.
	// Without it they are stored as they are (development).
	SecretKey []byte
	// Transport replaces the HTTP transport (tests); deliveries never follow
	// redirects whatever it is.
	Transport http.RoundTripper
	Log       *slog.Logger
	// MaxEndpoints bounds endpoints per app (default 20).
	MaxEndpoints int
	// OnAttempt, if set, is told of every attempt once it is logged (souk
	// dev prints a line per delivery).
	OnAttempt func(AttemptReport)
}

// AttemptReport is one logged attempt, for OnAttempt.
type AttemptReport struct {
	DeliveryID string
	EventType  string
	URL        string
	Kind       string // scheduled or replay
	Try        int    // 1 for the first scheduled attempt; 0 for a replay
	StatusCode int    // 0: no response
	Error      string
	Duration   time.Duration
	// State is the delivery's state after the attempt: succeeded, pending
	// (a retry is scheduled) or failed.
	State string
}

// Service manages endpoints and sends deliveries.
type Service struct {
	db     *store.DB
	q      *jobs.Queue
	opts   Options
	client *http.Client
	log    *slog.Logger
	seal   sealer
}

// New returns the service and registers its delivery job on q.
func New(db *store.DB, q *jobs.Queue, opts Options) (*Service, error) {
	if opts.Timeout <= 0 {
		opts.Timeout = 10 * time.Second
	}
	if opts.Schedule == nil {
		opts.Schedule = DefaultSchedule
	}
	if opts.MaxEndpoints <= 0 {
		opts.MaxEndpoints = 20
	}
	if opts.Log == nil {
		opts.Log = slog.Default()
	}
	if len(opts.SecretKey) != 0 && len(opts.SecretKey) != 32 {
		return nil, errors.New("webhooks: SecretKey must be 32 bytes")
	}
	tr := opts.Transport
	if tr == nil {
		tr = newTransport(opts.AllowLocalHTTP)
	}
	s := &Service{db: db, q: q, opts: opts, log: opts.Log, seal: newSealer(opts.SecretKey),
		client: &http.Client{
			Transport: tr,
			Timeout:   opts.Timeout,
			// A redirect is the receiver's answer, not an instruction: it
			// counts as a failed attempt (and could point anywhere).
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		}}
	q.Handle(KindDeliver, s.runDelivery)
	return s, nil
}

func ts(us int64) time.Time { return time.UnixMicro(us).UTC() }

func optTS(us *int64) *time.Time {
	if us == nil {
		return nil
	}
	t := ts(*us)
	return &t
}

// appInOrg checks the app belongs to the developer org (404 otherwise, so
// other orgs learn nothing).
func (s *Service) appInOrg(ctx context.Context, q store.Querier, orgID, appID string) error {
	var n int
	if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM apps WHERE id = $1 AND org_id = $2`, appID, orgID).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return fail(CodeNotFound, "no such app")
	}
	return nil
}
