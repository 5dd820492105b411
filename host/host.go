// Package host wires souk's domain services into one running node: the
// sandbox pool and runtime engine, the ledger and payments, identity, the
// job queue, and the HTTP API. `souk serve` runs a Host; the end-to-end
// tests start one on a fresh database so they exercise exactly what ships.
//
// The domain packages never import each other's services for callbacks;
// they declare small interfaces where they need them (commerce.EventSink,
// chat.AppHandler, …) and this package is where those are connected.
package host

import (
	"context"
	"crypto/ed25519"
	"errors"
	"log/slog"
	"net/netip"
	"os"
	"time"

	"github.com/soukhq/souk/api"
	"github.com/soukhq/souk/blob"
	"github.com/soukhq/souk/chat"
	"github.com/soukhq/souk/chat/realtime"
	"github.com/soukhq/souk/commerce"
	"github.com/soukhq/souk/credit"
	"github.com/soukhq/souk/identity"
	"github.com/soukhq/souk/invoice"
	"github.com/soukhq/souk/jobs"
	"github.com/soukhq/souk/marketplace"
	"github.com/soukhq/souk/payments"
	"github.com/soukhq/souk/payments/ledger"
	"github.com/soukhq/souk/payments/money"
	"github.com/soukhq/souk/payments/stripefunding"
	"github.com/soukhq/souk/runtime"
	"github.com/soukhq/souk/sandbox"
	"github.com/soukhq/souk/store"
	"github.com/soukhq/souk/web"
	"github.com/soukhq/souk/web/shell"
	"github.com/soukhq/souk/webhooks"
	"riverqueue.com/riverui"
)

// Options configure a Host. DB and Blobs are required and stay owned by
// the caller.
type Options struct {
	DB    *store.DB
	Blobs blob.Store
	Log   *slog.Logger
	// Pool runs mini-programs; nil starts a default pool of worker processes
	// (this binary re-executed as `souk sandbox-worker`). The host closes it.
	Pool *sandbox.Pool
	// MetricsToken, when set, is the bearer token /metrics requires.
	MetricsToken string
	// AuthRateLimit overrides the per-client limit on each of the login,
	// signup and PIN routes (tests raise it); AuthRateWindow is its window.
	// Budgets are counted in the database, shared by all nodes.
	AuthRateLimit  int
	AuthRateWindow time.Duration
	// TrustedProxies are the load balancers whose X-Forwarded-For is
	// believed (SOUK_TRUSTED_PROXIES).
	TrustedProxies []netip.Prefix
	// JobInterval is how often the job queue polls (0: 250 ms).
	JobInterval time.Duration
	// JobLease is how long a job may run (River's JobTimeout); a job a dead
	// node left running is handed back 5 s after that (0: 5 min).
	JobLease time.Duration
	// MaintenanceInterval is how often the sweeps run (0: 10 s).
	MaintenanceInterval time.Duration
	// Commerce tunes order timers and refund policy defaults.
	Commerce commerce.Options
	// CarrierSecrets are the webhook signing secrets of real carriers, by
	// carrier code; the built-in simcarrier always works.
	CarrierSecrets map[string]string
	// Stripe, when set, is the funding source instead of the simulated bank.
	Stripe *stripefunding.Config
	// InvoiceKey signs e-invoices (nil: a key kept in the database).
	InvoiceKey ed25519.PrivateKey
	// PublicURL is the public origin invoice verify links point at.
	PublicURL string
	// WebhookKey (32 bytes) seals developer webhook secrets at rest.
	WebhookKey []byte
	// WebhookAllowLocalHTTP lets developer webhooks reach http://localhost
	// and private addresses: souk dev's embedded node and tests only; souk
	// serve never sets it, so production refuses them.
	WebhookAllowLocalHTTP bool
	// OnWebhookAttempt, if set, is told of every webhook attempt (souk dev
	// prints them).
	OnWebhookAttempt func(webhooks.AttemptReport)
	// AllowedOrigins are browser origins, besides the server's own host,
	// that may open the chat WebSocket.
	AllowedOrigins []string
	// FundingTimeout is how long a top-up, withdrawal or payout may wait
	// for the bank before it expires and releases its reservation (0:
	// payments.DefaultFundingTimeout).
	FundingTimeout time.Duration
	// FX configures rates and quotes (SOUK_FX_*; docs/FX.md).
	FX FXOptions
	// OnReceipt, when set, sees every event's receipt after the metrics do
	// (souk dev prints a line per event). It must not block.
	OnReceipt func(*runtime.Receipt)
	// Recording says which events are recorded for souk replay, and for how
	// long recordings are kept (the zero value: every event, 72 hours).
	Recording runtime.RecordingConfig
}

// Host is one souk node.
type Host struct {
	DB       *store.DB
	Blobs    blob.Store
	Log      *slog.Logger
	Pool     *sandbox.Pool
	Engine   *runtime.Engine
	Ledger   *ledger.Ledger
	Payments *payments.Service
	Bank     *payments.SimBank     // nil when Stripe is the rail
	Stripe   *stripefunding.Source // nil with the simulated bank
	Identity *identity.Service
	Jobs     *jobs.Queue
	// JobsUI is River's UI over Jobs, at /ops/jobs for platform admins.
	JobsUI    *riverui.Handler
	Market    *marketplace.Service
	Commerce  *commerce.Service
	Logistics *commerce.Logistics
	Webhooks  *webhooks.Service
	Invoices  *invoice.Service
	Credit    *credit.Service
	Chat      *chat.Service
	ChatMoney *chat.ChatMoney
	Realtime  *realtime.Hub
	API       *api.Server

	opts Options
}

// New builds a node. Nothing runs in the background until Start.
func New(opts Options) (*Host, error) {
	if opts.DB == nil || opts.Blobs == nil {
		return nil, errors.New("host: a database and a blob store are required")
	}
	h := &Host{DB: opts.DB, Blobs: opts.Blobs, Log: opts.Log, Pool: opts.Pool, opts: opts}
	if h.Log == nil {
		h.Log = slog.New(slog.NewJSONHandler(os.Stderr, nil))
	}
	if h.Pool == nil {
		// The production defaults (sandbox.PoolConfig): a worker per CPU,
		// each app capped at half of them with a queue of 64 waiting at most
		// 10s, events of apps that keep timing out demoted after 50ms of CPU,
		// and sandbox.DefaultQuarantinePolicy. Options.Pool takes another
		// pool.
		pool, err := sandbox.NewPool(sandbox.PoolConfig{})
		if err != nil {
			return nil, err
		}
		h.Pool = pool
	}
	db := opts.DB

	h.Jobs = jobs.New(db, h.Log)
	if opts.JobLease > 0 {
		h.Jobs.Lease = opts.JobLease
	}
	h.Identity = identity.New(db)

	// Money: the ledger batches concurrent transfers; the simulated bank
	// stands where a real gateway plugs in (payments.FundingSource).
	h.Ledger = ledger.New(db, ledger.Options{})
	var funding payments.FundingSource
	if opts.Stripe != nil {
		// A real rail: Stripe (SOUK_STRIPE_*). The simulated bank and its
		// admin route are then absent.
		src, err := stripefunding.New(db, *opts.Stripe)
		if err != nil {
			return nil, err
		}
		h.Stripe, funding = src, src
	} else {
		h.Bank = payments.NewSimBank()
		funding = h.Bank
	}
	h.Payments = payments.New(db, h.Ledger, payments.Options{Funding: funding, FundingTimeout: opts.FundingTimeout, Log: h.Log,
		FXSpreadBps: opts.FX.SpreadBps, FXQuoteTTL: opts.FX.QuoteTTL})
	if h.Stripe != nil {
		h.Stripe.UsePayments(h.Payments)
	} else {
		h.Bank.Handler = h.Payments.HandleFundingResult
	}
	h.Payments.UseJobs(h.Jobs) // transfer, red-packet and funding expiry
	if opts.FX.Feed != "" {
		h.Payments.UseFXFeed(h.Jobs, opts.FX.Feed, opts.FX.FeedInterval) // scheduled by Start
	}

	// Services register their job handlers on the queue as they are built,
	// before Start runs it. Commerce also sets the payment hooks that make
	// an order paid in the same transaction as the shopper's confirmation.
	h.Market = marketplace.New(db, opts.Blobs).WithCompiler(h.Pool)
	copts := opts.Commerce
	if copts.Log == nil {
		copts.Log = h.Log
	}
	h.Commerce = commerce.New(db, h.Payments, h.Jobs, opts.Blobs, copts)
	h.Invoices = invoice.New(db, h.Commerce, h.Identity, invoice.Options{BaseURL: opts.PublicURL, SigningKey: opts.InvoiceKey})
	h.Logistics = commerce.NewLogistics(h.Commerce, commerce.LogisticsOptions{CarrierSecrets: opts.CarrierSecrets})
	var err error
	h.Webhooks, err = webhooks.New(db, h.Jobs, webhooks.Options{SecretKey: opts.WebhookKey, AllowLocalHTTP: opts.WebhookAllowLocalHTTP, OnAttempt: opts.OnWebhookAttempt, Log: h.Log})
	if err != nil {
		return nil, err
	}

	// Chat: shoppers' messages in a service conversation reach the app's
	// message handler; the hub delivers every event to sockets on this node
	// and, on PostgreSQL, to the other nodes.
	h.Chat = chat.New(db, chat.Options{Blobs: opts.Blobs, Jobs: h.Jobs, Log: h.Log,
		AppHandler: appMessages{h}, Installations: h.installationBrand})
	h.ChatMoney = chat.NewMoney(h.Chat, h.Payments)
	h.Payments.SetMoneyHooks(h.ChatMoney.Hooks())
	h.Realtime = realtime.New(db, h.Chat, h.Log, realtime.Config{})
	h.Chat.SetPublisher(h.Realtime)
	// Credit: scores, deposits (after commerce's Paid hook, in the same
	// transaction) and pay-later lines, reminded in the shopper's chat.
	h.Credit = credit.New(db, h.Payments, h.Jobs, credit.Options{Notifier: credit.ChatReminders{Chat: h.Chat}, Log: h.Log})
	// Live rooms are broadcast channels of the same hub (viewers watch in
	// memory); Start flushes their likes and live stock periodically.
	h.Commerce.SetLiveBroadcaster(h.Realtime)
	h.Realtime.SetRoomCheck(h.Commerce.CanWatchLive)
	// Removing a brand's staff member hands their shoppers over to other
	// staff in the same transaction (customer service, issue 12).
	h.Identity.MemberRemoved = h.Chat.MemberRemoved

	h.Engine = runtime.NewEngine(runtime.EngineConfig{DB: db, Blobs: opts.Blobs, Pool: h.Pool, Log: h.Log, OnReceipt: h.onReceipt,
		APIs: runtime.NewRegistry(h.hostAPIs()...), Recording: opts.Recording})

	h.API = api.New(api.Deps{
		DB:             db,
		Identity:       h.Identity,
		Engine:         h.Engine,
		Payments:       h.Payments,
		SimBank:        h.Bank,
		Stripe:         h.Stripe,
		Commerce:       h.Commerce,
		Logistics:      h.Logistics,
		Webhooks:       h.Webhooks,
		Invoices:       h.Invoices,
		Credit:         h.Credit,
		PublicURL:      opts.PublicURL,
		Chat:           h.Chat,
		ChatMoney:      h.ChatMoney,
		Realtime:       h.Realtime,
		AllowedOrigins: opts.AllowedOrigins,
		MetricsToken:   opts.MetricsToken,
		AuthRateLimit:  opts.AuthRateLimit,
		AuthRateWindow: opts.AuthRateWindow,
		TrustedProxies: opts.TrustedProxies,
		Ready:          map[string]api.Pinger{"database": db, "blobs": opts.Blobs, "sandbox": h.Pool},
		Log:            h.Log,
	})
	h.registerMetrics()
	if h.JobsUI, err = h.Jobs.UI("/ops/jobs"); err != nil {
		return nil, err
	}
	web.Mount(h.API.App, web.Deps{Identity: h.Identity, Chat: h.Chat, ChatMoney: h.ChatMoney, Commerce: h.Commerce, Logistics: h.Logistics, Apps: &shell.Apps{Market: h.Market, Engine: h.Engine, Commerce: h.Commerce, Logistics: h.Logistics, Payments: h.Payments, DB: db}, PINs: h.Payments, Invoices: h.Invoices, Credit: h.Credit, PublicURL: opts.PublicURL, Webhooks: h.Webhooks, Jobs: h.JobsUI, AuthRateLimit: opts.AuthRateLimit, Log: h.Log})
	h.connect()
	return h, nil
}

// FXOptions configure FX (payments_fx*.go).
type FXOptions struct {
	// Feed is a rate feed to load on a schedule: an http(s) URL (fetched
	// through the SSRF-guarded client) or a file path; empty, none.
	Feed string
	// FeedInterval is how often (default one hour).
	FeedInterval time.Duration
	// SpreadBps is the quote spread (0: the default 100; negative: none).
	SpreadBps money.Bps
	// QuoteTTL is how long a quote holds (default 2 minutes).
	QuoteTTL time.Duration
}

// onReceipt records a receipt in the metrics and hands it to
// Options.OnReceipt.
func (h *Host) onReceipt(r *runtime.Receipt) {
	observeReceipt(r)
	if h.opts.OnReceipt != nil {
		h.opts.OnReceipt(r)
	}
}

// hostAPIs is every API mini-programs can call, each behind its manifest
// permission.
func (h *Host) hostAPIs() []runtime.HostAPI {
	apis := runtime.StorageAPIs(runtime.NewKV(h.DB))
	apis = append(apis, runtime.LogAPIs()...)
	apis = append(apis, h.Commerce.HostAPIs()...)
	apis = append(apis, h.Commerce.ReviewHostAPIs()...)
	apis = append(apis, h.Commerce.LinkHostAPIs()...)
	apis = append(apis, h.Logistics.HostAPIs()...)
	apis = append(apis, h.Chat.HostAPIs()...)
	return apis
}

// Start runs the background work until ctx ends: the job queue (River) and
// the maintenance sweeps.
func (h *Host) Start(ctx context.Context) error {
	if err := h.Jobs.Start(ctx, h.opts.JobInterval); err != nil {
		return err
	}
	if err := h.JobsUI.Start(ctx); err != nil {
		return err
	}
	// The rate feed's first run (idempotent by slot key on every node).
	if err := h.Payments.ScheduleFXFeed(ctx, time.Now()); err != nil {
		return err
	}
	go h.maintain(ctx)
	go h.Commerce.RunLiveFlusher(ctx, 0, func(err error) { h.Log.Warn("live rooms: flush", "error", err.Error()) })
	go func() {
		// Sockets are hijacked connections the HTTP shutdown does not wait
		// for: close them (1001, going away) as shutdown begins.
		<-ctx.Done()
		h.Realtime.Close()
	}()
	return nil
}

// Listen serves HTTP on addr until ctx ends, then drains for grace.
func (h *Host) Listen(ctx context.Context, addr string, grace time.Duration) error {
	return h.API.Listen(ctx, addr, grace)
}

// Close releases what the host owns (the chat and ledger batchers, the
// engine and its pool) once the job loop has ended; call it after the ctx
// given to Start is done. The database and blob store belong to the caller.
func (h *Host) Close() {
	// The job loop hands back what shutdown cut short before the sandbox
	// and the ledger it may be using go away.
	h.Jobs.Wait()
	h.Chat.Close()
	h.Realtime.Close()
	h.Ledger.Close()
	h.Engine.Close()
}

// maintain sweeps what time alone changes: expired payment requests,
// timed-out pending transfers, bank calls lost to a crash, funding
// operations past their deadline without a job, refunds waiting for funds,
// idempotency keys past their 24 hours; gray releases whose rates call for
// an automatic rollback; developers not yet told of this node's sandbox
// quarantines. Every sweep is idempotent and safe on several nodes at once.
// Per-object timers (orders, transfers, red packets) are jobs instead.
func (h *Host) maintain(ctx context.Context) {
	every := h.opts.MaintenanceInterval
	if every <= 0 {
		every = 10 * time.Second
	}
	tick := time.NewTicker(every)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
		h.Sweep(ctx)
	}
}

// Sweep runs every maintenance sweep once.
func (h *Host) Sweep(ctx context.Context) {
	log := h.Log
	if n, err := h.Payments.ExpireRequests(ctx); err != nil {
		log.Error("expire payment requests", "error", err.Error())
	} else if n > 0 {
		log.Info("expired payment requests", "count", n)
	}
	if _, err := h.Ledger.ExpirePending(ctx, 500); err != nil {
		log.Error("expire pending transfers", "error", err.Error())
	}
	if _, err := h.Payments.ResendStale(ctx, time.Minute); err != nil {
		log.Error("resend stale bank operations", "error", err.Error())
	}
	if n, err := h.Payments.ExpireFunding(ctx); err != nil {
		log.Error("expire funding operations", "error", err.Error())
	} else if n > 0 {
		log.Info("expired funding operations", "count", n)
	}
	if n, err := h.Commerce.ExpirePoints(ctx, time.Now().UnixMicro(), 500); err != nil {
		log.Error("expire loyalty points", "error", err.Error())
	} else if n > 0 {
		log.Info("expired loyalty points", "points", n)
	}
	if _, err := h.Payments.RetryPendingRefunds(ctx); err != nil {
		log.Error("retry pending refunds", "error", err.Error())
	}
	if _, err := api.PruneIdempotencyKeys(ctx, h.DB, time.Now(), 5000); err != nil {
		log.Error("prune idempotency keys", "error", err.Error())
	}
	if _, err := h.Identity.PruneDeviceCodes(ctx, time.Now(), 5000); err != nil {
		log.Error("prune device codes", "error", err.Error())
	}
	if _, err := h.Engine.PruneRecordings(ctx, time.Now(), 5000); err != nil {
		log.Error("prune event recordings", "error", err.Error())
	}
	if n, err := h.Market.CheckAutoRollbacks(ctx); err != nil {
		log.Error("automatic rollback check", "error", err.Error())
	} else if n > 0 {
		log.Info("gray releases rolled back automatically", "count", n)
	}
	if _, err := h.Market.NoteQuarantines(ctx, h.Engine.Quarantined(), time.Now()); err != nil {
		log.Error("quarantine notices", "error", err.Error())
	}
}
