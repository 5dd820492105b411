// Package chat is souk's messaging: direct, group and service conversations
// (a shopper with a brand and its installed app), messages with a gap-free
// per-conversation sequence number, idempotent sends, read markers,
// edit/recall, size and rate limits, and the WeChat-style rules under which
// an app may message a shopper. It is transport-agnostic: REST lives in
// api/chat_routes.go, realtime delivery implements Publisher.
//
// Every committed change is announced to the Publisher after commit (never
// inside a transaction, which may run again). A subscriber that missed
// events catches up with MessagesAfter from its last seq.
package chat

import (
	"context"
	"log/slog"
	"time"

	"github.com/soukhq/souk/blob"
	"github.com/soukhq/souk/internal/fault"
	"github.com/soukhq/souk/internal/groupcommit"
	"github.com/soukhq/souk/jobs"
	"github.com/soukhq/souk/store"
)

// Error is a chat rejection: souk's one domain error type, with a stable
// machine-readable code (RetryAfter is set with CodeRateLimited).
type Error = fault.Error

func fail(code, format string, args ...any) *Error { return sentinels.Newf(code, format, args...) }

// Error codes.
const (
	CodeNotFound         = "not_found"          // no such conversation/message, or the caller is not in it
	CodeForbidden        = "forbidden"          // in the conversation, but the role does not allow this
	CodeInvalid          = "invalid_message"    // malformed body, unknown kind, kind not allowed here
	CodeTooLarge         = "message_too_large"  // text over MaxTextBytes or body over MaxBodyBytes
	CodeClientIDReused   = "client_id_reused"   // same client message id, different content
	CodeRateLimited      = "rate_limited"       // over the sender's rate; see RetryAfter
	CodeOutsideWindow    = "outside_window"     // app message outside the shopper's window
	CodeQuotaExceeded    = "quota_exceeded"     // app message over the window's quota
	CodeEditWindow       = "edit_window_passed" // edit/recall too late
	CodeMemberCap        = "member_cap"         // group is full
	CodeInvalidRequest   = "invalid_request"    // bad arguments (self-chat, empty title, …)
	CodeUnsupportedMedia = "unsupported_media_type"
	CodeImageTooLarge    = "image_too_large"
)

// Sentinels: each code with its kind and default message.
var (
	ErrNotFound         = fault.New(fault.NotFound, CodeNotFound, "no such conversation or message")
	ErrForbidden        = fault.New(fault.Forbidden, CodeForbidden, "your role in this conversation does not allow this")
	ErrTooLarge         = fault.New(fault.TooLarge, CodeTooLarge, "the message is too large")
	ErrClientIDReused   = fault.New(fault.Conflict, CodeClientIDReused, "this client id was used for another message")
	ErrRateLimited      = fault.New(fault.RateLimited, CodeRateLimited, "too many messages; try again later")
	ErrOutsideWindow    = fault.New(fault.Forbidden, CodeOutsideWindow, "the app may not message this shopper now")
	ErrQuotaExceeded    = fault.New(fault.Forbidden, CodeQuotaExceeded, "the app has used its messages for this window")
	ErrEditWindow       = fault.New(fault.Conflict, CodeEditWindow, "it is too late to edit or recall this message")
	ErrMemberCap        = fault.New(fault.Conflict, CodeMemberCap, "the group is full")
	ErrUnsupportedMedia = fault.New(fault.Unsupported, CodeUnsupportedMedia, "unsupported media type")
	ErrImageTooLarge    = fault.New(fault.TooLarge, CodeImageTooLarge, "the image is too large")

	sentinels = fault.NewSet(ErrNotFound, ErrForbidden, ErrTooLarge, ErrClientIDReused, ErrRateLimited,
		ErrOutsideWindow, ErrQuotaExceeded, ErrEditWindow, ErrMemberCap, ErrUnsupportedMedia, ErrImageTooLarge)
)

// Code returns the chat error code of err, or "".
func Code(err error) string { return fault.Code(err) }

// Publisher receives every committed change (message, edit, recall, read,
// typing, member). Realtime delivery implements it; it must not block.
type Publisher interface {
	Publish(ctx context.Context, ev Event)
}

// Event types.
const (
	EventMessage = "message"
	EventEdit    = "edit"
	EventRecall  = "recall"
	EventRead    = "read"
	EventTyping  = "typing"
	EventMember  = "member"
)

// Event is one change, addressed to Members (user ids of every recipient:
// the conversation's members and, in a service conversation, the brand's
// staff).
type Event struct {
	Type           string    `json:"type"`
	ConversationID string    `json:"conversation_id"`
	Seq            int64     `json:"seq,omitempty"` // the message's seq, or the read marker
	Message        *Message  `json:"message,omitempty"`
	UserID         string    `json:"user_id,omitempty"` // who read, typed, or changed membership
	At             time.Time `json:"at"`
	Members        []string  `json:"-"`
}

// AppHandler delivers a shopper's message in a service conversation to the
// app (the integrator wires it to marketplace.RunEvent with handler
// "message"). It runs from a job, never on the shopper's request.
type AppHandler interface {
	OnShopperMessage(ctx context.Context, installationID, shopperID string, m Message) error
}

// InstallationLookup returns the brand org an installation belongs to
// (marketplace owns installations). For a missing or uninstalled one it
// returns store.ErrNotFound (or a chat *Error with CodeNotFound).
type InstallationLookup func(ctx context.Context, installationID string) (brandOrgID string, err error)

// Options configure the service; zero values take the defaults.
type Options struct {
	Blobs     blob.Store
	Jobs      *jobs.Queue
	Publisher Publisher
	// AppHandler receives shoppers' service messages (nil: none).
	AppHandler AppHandler
	// Installations resolves an installation's brand for OpenService.
	Installations InstallationLookup
	Log           *slog.Logger
	Now           func() time.Time

	GroupMemberCap int           // default 500
	EditWindow     time.Duration // default 2 minutes
	MaxTextBytes   int           // default 4 KiB
	MaxBodyBytes   int           // any message body, default 128 KiB (cards carry a view)
	MaxImageBytes  int64         // default 10 MiB

	UserRate RateLimit // default 20 per 10 s
	AppRate  RateLimit // default 20 per 10 s per installation

	AppWindow   time.Duration // after a shopper's message; default 48 h
	OrderWindow time.Duration // after an order event; default 48 h
	AppQuota    int           // app messages per window; default 5

	// NoBatch commits every send in a transaction of its own instead of
	// sharing transactions among concurrent sends (for comparisons).
	NoBatch bool
	// SendBatch caps the sends committed in one transaction (default 128).
	SendBatch int
}

// RateLimit is a token bucket: Burst sends, refilled at Burst per Per.
type RateLimit struct {
	Burst int
	Per   time.Duration
}

// Service is the chat domain.
type Service struct {
	db    *store.DB
	opts  Options
	pub   Publisher
	log   *slog.Logger
	now   func() time.Time
	sends *groupcommit.Batcher[*sendUnit] // nil with NoBatch
	bsql  batchSQL
	stmts batchStmts
	// stepwise runs every batch send by send, as before sendBatch (for
	// comparisons in benchmarks).
	stepwise bool
}

// JobAppMessage is the job kind that hands a shopper's message to the app.
const JobAppMessage = "chat.app_message"

// New returns the service over db. With opts.Jobs set it registers the
// app-message job handler on the queue.
func New(db *store.DB, opts Options) *Service {
	if opts.GroupMemberCap <= 0 {
		opts.GroupMemberCap = 500
	}
	if opts.EditWindow <= 0 {
		opts.EditWindow = 2 * time.Minute
	}
	if opts.MaxTextBytes <= 0 {
		opts.MaxTextBytes = 4 << 10
	}
	if opts.MaxBodyBytes <= 0 {
		opts.MaxBodyBytes = 128 << 10
	}
	if opts.MaxImageBytes <= 0 {
		opts.MaxImageBytes = 10 << 20
	}
	if opts.UserRate.Burst <= 0 || opts.UserRate.Per <= 0 {
		opts.UserRate = RateLimit{Burst: 20, Per: 10 * time.Second}
	}
	if opts.AppRate.Burst <= 0 || opts.AppRate.Per <= 0 {
		opts.AppRate = RateLimit{Burst: 20, Per: 10 * time.Second}
	}
	if opts.AppWindow <= 0 {
		opts.AppWindow = 48 * time.Hour
	}
	if opts.OrderWindow <= 0 {
		opts.OrderWindow = 48 * time.Hour
	}
	if opts.AppQuota <= 0 {
		opts.AppQuota = 5
	}
	if opts.Log == nil {
		opts.Log = slog.Default()
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.SendBatch <= 0 {
		opts.SendBatch = 128
	}
	s := &Service{db: db, opts: opts, log: opts.Log, now: opts.Now, bsql: newBatchSQL(db.Dialect)}
	if !opts.NoBatch {
		s.sends = groupcommit.New(groupcommit.Options{MaxBatch: opts.SendBatch}, s.commitSends)
	}
	s.SetPublisher(opts.Publisher)
	if opts.Jobs != nil {
		opts.Jobs.Handle(JobAppMessage, s.runAppMessage)
	}
	return s
}

// Close stops the send batcher after the batches in flight; sends made
// after Close fail.
func (s *Service) Close() {
	if s.sends != nil {
		s.sends.Close()
	}
	s.closeBatchStmts()
}

// SendStats returns how many send transactions the batcher ran and how
// many sends they carried (zero with NoBatch).
func (s *Service) SendStats() groupcommit.Stats {
	if s.sends == nil {
		return groupcommit.Stats{}
	}
	return s.sends.Stats()
}

// SetPublisher replaces the publisher (realtime starts after the service).
// Call it before serving requests.
func (s *Service) SetPublisher(p Publisher) {
	if p == nil {
		p = nopPublisher{}
	}
	s.pub = committedPublisher{db: s.db, p: p}
}

// committedPublisher holds an event back until the change it announces has
// committed: inside a request transaction (an Idempotency-Key request, see
// store.BeginRequest) that is when the whole request commits.
type committedPublisher struct {
	db *store.DB
	p  Publisher
}

func (c committedPublisher) Publish(ctx context.Context, ev Event) {
	c.db.AfterCommit(ctx, func() { c.p.Publish(context.WithoutCancel(ctx), ev) })
}

// SetAppHandler sets the app-message handler (wired after marketplace).
// Call it before serving requests.
func (s *Service) SetAppHandler(h AppHandler) { s.opts.AppHandler = h }

type nopPublisher struct{}

func (nopPublisher) Publish(context.Context, Event) {}

func (s *Service) nowUS() int64 { return s.now().UnixMicro() }

func micros(us int64) time.Time { return time.UnixMicro(us).UTC() }

func optMicros(us *int64) *time.Time {
	if us == nil {
		return nil
	}
	t := micros(*us)
	return &t
}
