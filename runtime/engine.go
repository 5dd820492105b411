package runtime

import (
	"bytes"
	"container/list"
	"context"
	"crypto/sha256"
	"encoding/hex"
	stdjson "encoding/json"
	"fmt"
	"io"
	"log/slog"
	"slices"
	"sort"
	"sync"
	"time"

	"github.com/soukhq/souk/blob"
	"github.com/soukhq/souk/sandbox"
	"github.com/soukhq/souk/store"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/trace"
)

// Runner runs one sandboxed event; *sandbox.Pool is the real one.
type Runner interface {
	Run(ctx context.Context, job sandbox.Job, host sandbox.HostCaller) (sandbox.Result, error)
}

// EngineConfig configures an Engine. DB and Blobs are required; Pool may be
// nil for an engine that only answers receipt queries.
type EngineConfig struct {
	DB    *store.DB
	Blobs blob.Store
	Pool  Runner
	// APIs are the host APIs apps may call (default: storage.* over DB and log.*).
	APIs *Registry
	// BundleLimits bound bundles loaded from the blob store (default DefaultBundleLimits).
	BundleLimits *BundleLimits
	// CacheSize is how many parsed bundles stay in memory (default 32).
	CacheSize int
	Log       *slog.Logger
	// OnReceipt, when set, sees every event's receipt once it is complete
	// (the node's metrics are taken from it); it must not keep r.
	OnReceipt func(r *Receipt)
	// Recording says which events are recorded for replay (recording.go);
	// the zero value records every event.
	Recording RecordingConfig
}

// Engine runs mini-program events: it loads a version's bundle from the
// blob store, runs a handler in the sandbox with the manifest's limits and
// a Bridge scoped to the installation, validates the returned view and
// writes a receipt for every event.
type Engine struct {
	db     *store.DB
	blobs  blob.Store
	pool   Runner
	apis   *Registry
	limits BundleLimits
	log    *slog.Logger
	cache  *bundleCache

	onReceipt func(r *Receipt)
	receipts  *receiptWriter
	recording RecordingConfig
}

// NewEngine returns an engine. It takes ownership of cfg.Pool: Close closes it.
func NewEngine(cfg EngineConfig) *Engine {
	e := &Engine{db: cfg.DB, blobs: cfg.Blobs, pool: cfg.Pool, apis: cfg.APIs, log: cfg.Log, limits: DefaultBundleLimits(), onReceipt: cfg.OnReceipt,
		receipts: newReceiptWriter(cfg.DB), recording: cfg.Recording}
	if cfg.BundleLimits != nil {
		e.limits = *cfg.BundleLimits
	}
	if e.apis == nil {
		e.apis = NewRegistry(append(StorageAPIs(NewKV(cfg.DB)), LogAPIs()...)...)
	}
	if e.log == nil {
		e.log = slog.Default()
	}
	size := cfg.CacheSize
	if size <= 0 {
		size = 32
	}
	e.cache = &bundleCache{max: size, items: map[string]*list.Element{}, order: list.New()}
	return e
}

// Blobs is the blob store bundles are kept in.
func (e *Engine) Blobs() blob.Store { return e.blobs }

// DB is the database receipts and storage live in.
func (e *Engine) DB() *store.DB { return e.db }

// BundleLimits are the limits bundles are read with.
func (e *Engine) BundleLimits() BundleLimits { return e.limits }

// Close closes the sandbox pool, then stops the receipt writer after the
// batches in flight (an event that ends after that fails: its receipt is
// not written, and nothing acknowledged it).
func (e *Engine) Close() error {
	var err error
	if c, ok := e.pool.(io.Closer); ok {
		err = c.Close()
	}
	e.receipts.close()
	return err
}

// EventContext is the ctx argument handlers receive; the engine adds the
// installation itself so the two can never disagree.
type EventContext struct {
	BrandID   string `json:"brandId"`
	ShopperID string `json:"shopperId,omitempty"` // only if the shopper consented
	Locale    string `json:"locale"`
}

// Event is one handler invocation.
type Event struct {
	AppID, Version, InstallationID string
	// BundleKey is the version's archive in the blob store; BundleHash its
	// SHA-256 (hex), checked on load.
	BundleKey, BundleHash string
	// Handler is "render", "action", … ; Args its arguments before ctx.
	Handler string
	Args    []stdjson.RawMessage
	Ctx     EventContext
	// Granted are the installation's permissions; nil means all the
	// manifest asks for (a developer preview).
	Granted []string
}

// EventResult is what an event produced. View is set for a successful
// render or an action that returned a view, Patch for an action's patch,
// Value for other handlers.
type EventResult struct {
	Receipt Receipt
	View    *View
	Patch   *Patch
	Value   stdjson.RawMessage
}

// Handlers an app may export (runtime/doc.go).
var Handlers = []string{"render", "action", "message", "install", "orderPaid", "shipmentUpdated", "refunded"}

// Run runs one event and records its receipt. App failures of every kind
// come back as a result whose receipt says what happened; the error is for
// host faults (bundle unreadable, pool closed, database down).
func (e *Engine) Run(ctx context.Context, ev Event) (_ *EventResult, err error) {
	ctx, evSpan := tracer.Start(ctx, "app.event "+ev.Handler, trace.WithAttributes(
		attribute.String("souk.app", ev.AppID), attribute.String("souk.app_version", ev.Version),
		attribute.String("souk.installation", ev.InstallationID), attribute.String("souk.handler", ev.Handler)))
	defer func() { endSpan(evSpan, err) }()
	if e.pool == nil {
		return nil, fmt.Errorf("runtime: the engine has no sandbox pool")
	}
	if !slices.Contains(Handlers, ev.Handler) {
		return nil, errorf(CodeInvalidArgs, "unknown handler %q (known: render, action, message, install, orderPaid, shipmentUpdated, refunded)", ev.Handler)
	}
	bun, err := e.Bundle(ctx, ev.BundleKey, ev.BundleHash)
	if err != nil {
		return nil, err
	}
	m := bun.Manifest
	granted := ev.Granted
	if granted == nil {
		granted = m.Permissions
	}
	lim := m.EffectiveLimits()
	bridge := e.apis.Bridge(HostEvent{AppID: ev.AppID, Version: ev.Version, InstallationID: ev.InstallationID, Granted: granted,
		BrandID: ev.Ctx.BrandID, ShopperID: ev.Ctx.ShopperID, Handler: ev.Handler},
		BridgeLimits{MaxCalls: lim.HostCalls, MaxLogBytes: lim.LogBytes}, e.log)

	job, err := eventJob(ev, m, bun)
	if err != nil {
		return nil, err
	}
	var host sandbox.HostCaller = bridge
	nd, rec, drawn := e.recordingFor(bridge)
	if rec != nil {
		job.Nondet, host = nd, rec
	}
	runCtx, span := tracer.Start(ctx, "sandbox.run")
	res, err := e.pool.Run(runCtx, job, host)
	endRunSpan(span, &res, err)
	if err != nil {
		return nil, err
	}

	rc := res.Receipt
	out := &EventResult{Receipt: Receipt{
		ID: store.NewID("rcp"), AppID: ev.AppID, Version: ev.Version, InstallationID: ev.InstallationID,
		Event: ev.Handler, Outcome: rc.Outcome, Reason: rc.Reason, Error: res.Err, BundleHash: ev.BundleHash,
		StartedAt: rc.Started.UTC().Truncate(time.Microsecond), WallMicros: rc.Wall.Microseconds(), QueueMicros: rc.Queue.Microseconds(), CPUMicros: rc.CPU.Microseconds(),
		CompileMicros: rc.CompileTime.Microseconds(), HostCalls: rc.HostCalls,
		BytesIn: int64(rc.BytesIn), BytesOut: int64(rc.BytesOut),
		MemoryBytes: rc.Memory, AllocBytes: rc.Allocated, Runtime: rc.Runtime,
		Limits: &ReceiptLimits{TimeoutMs: lim.TimeoutMs, MemoryMB: lim.MemoryMB, HostCalls: lim.HostCalls, LogBytes: lim.LogBytes, ViewBytes: lim.ViewBytes},
	}}
	r := &out.Receipt
	if r.Outcome == sandbox.OutcomeOK {
		e.validate(ev.Handler, m, res.Value, out)
	}
	logs, dropped := bridge.Logs()
	for _, l := range res.Logs {
		logs = append(logs, LogEntry{Source: LogSourceConsole, Level: l.Level, Message: l.Message, AtMicros: l.AtMicros})
	}
	sort.SliceStable(logs, func(i, j int) bool { return logs[i].AtMicros < logs[j].AtMicros })
	for i := range logs {
		logs[i].Seq = i + 1
	}
	r.Logs, r.LogLines, r.LogsDropped = logs, len(logs), res.LogsDropped+dropped
	if e.onReceipt != nil {
		e.onReceipt(r)
	}
	evSpan.SetAttributes(attribute.String("souk.outcome", r.Outcome), attribute.String("souk.receipt", r.ID))
	if r.Outcome != sandbox.OutcomeOK {
		evSpan.SetStatus(codes.Error, r.Outcome)
	}

	// The receipt is written even if the caller has gone: it is the
	// developer's only record of the event. It joins a batch (group
	// commit, receipt_batch.go), with the event's recording if it has one,
	// and the event returns once that committed. Inside a request
	// transaction (an Idempotency-Key request) see saveInRequest.
	var recording *encodedRecording
	if rec != nil && keepRecording(r.Outcome, drawn) {
		// Encoded here, on the event's goroutine, so that batches only write.
		if recording, err = encodeRecordingRow(recordingOf(ev, granted, nd, rec, &res, r)); err != nil {
			e.log.Error("runtime: encode recording", "receipt", r.ID, "error", err.Error())
			recording = nil
		}
	}
	if e.db.InRequest(ctx) {
		e.saveInRequest(ctx, r, recording)
	} else if err := e.receipts.save(context.WithoutCancel(ctx), r, recording); err != nil {
		return nil, fmt.Errorf("runtime: save receipt: %w", err)
	}
	return out, nil
}

// saveInRequest writes an event's receipt inside the request transaction
// ctx carries, so that it commits with the stored response that names it:
// a retry of the request then replays a receipt_id that exists, even if the
// node died right after the commit. If the request rolls back (or the
// insert failed), the receipt is written on its own once the request has
// ended: the event ran, whatever became of the request.
func (e *Engine) saveInRequest(ctx context.Context, r *Receipt, rec *encodedRecording) {
	unit := []*receiptUnit{{r: r, rec: rec}}
	inTx := e.db.InTx(ctx, func(tx *store.Tx) error { return e.receipts.insert(ctx, tx, unit) }) == nil
	committed := false // AfterCommit runs before AfterRequest, on the same goroutine
	e.db.AfterCommit(ctx, func() { committed = true })
	e.db.AfterRequest(ctx, func() {
		if inTx && committed {
			return
		}
		if err := e.receipts.save(context.WithoutCancel(ctx), r, rec); err != nil {
			e.log.Error("runtime: save receipt", "error", err.Error())
		}
	})
}

// eventJob is the sandbox job of ev: the bundle's script with the
// manifest's limits, the handler's arguments and its ctx last. Replay builds
// its job here too, so it runs under production's limits.
func eventJob(ev Event, m *Manifest, bun *Bundle) (sandbox.Job, error) {
	lim := m.EffectiveLimits()
	evCtx := struct {
		InstallationID string `json:"installationId"`
		EventContext
	}{ev.InstallationID, ev.Ctx}
	ctxJSON, err := stdjson.Marshal(evCtx)
	if err != nil {
		return sandbox.Job{}, err
	}
	return sandbox.Job{
		AppID: ev.AppID, Version: ev.Version, InstallationID: ev.InstallationID,
		BundleHash: ev.BundleHash, Script: bun.Script, SourceMap: bun.SourceMap,
		Handler: ev.Handler, Args: append(slices.Clone(ev.Args), ctxJSON),
		Limits: sandbox.Limits{
			Timeout:        time.Duration(lim.TimeoutMs) * time.Millisecond,
			MaxHostCalls:   lim.HostCalls,
			MaxLogBytes:    lim.LogBytes,
			MaxResultBytes: lim.ViewBytes,
			MaxMemory:      int64(lim.MemoryMB) << 20,
		},
		Isolation: m.Isolation,
	}, nil
}

// validate checks a successful handler's value; an invalid one turns the
// outcome into invalid_view.
func (e *Engine) validate(handler string, m *Manifest, value stdjson.RawMessage, out *EventResult) {
	var err error
	switch handler {
	case "render":
		var v View
		if v, err = ValidateView(value, ViewLimitsFor(m)); err == nil {
			out.View = &v
		}
	case "action":
		out.View, out.Patch, err = ValidateActionResult(value, ViewLimitsFor(m))
	default:
		out.Value = value
	}
	if err != nil {
		r := &out.Receipt
		r.Outcome, r.Reason = OutcomeInvalidView, truncateStr(err.Error(), 500)
		r.Error = &sandbox.JSError{Name: "InvalidView", Message: err.Error()}
		out.View, out.Patch = nil, nil
	}
}

// Bundle returns the parsed bundle stored under key, from the cache when
// its hash has been seen. The archive's hash must equal hash.
func (e *Engine) Bundle(ctx context.Context, key, hash string) (*Bundle, error) {
	if b := e.cache.get(hash); b != nil {
		return b, nil
	}
	rd, _, err := e.blobs.Get(ctx, key)
	if err != nil {
		return nil, fmt.Errorf("runtime: load bundle %s: %w", key, err)
	}
	defer rd.Close()
	data, err := io.ReadAll(io.LimitReader(rd, e.limits.MaxArchiveBytes+1))
	if err != nil {
		return nil, fmt.Errorf("runtime: load bundle %s: %w", key, err)
	}
	if sum := sha256.Sum256(data); hex.EncodeToString(sum[:]) != hash {
		return nil, fmt.Errorf("runtime: bundle %s does not match its recorded hash %s", key, hash)
	}
	b, err := ReadBundle(bytes.NewReader(data), int64(len(data)), e.limits)
	if err != nil {
		// %v, not %w: a stored bundle that no longer reads is the host's fault, not a 400.
		return nil, fmt.Errorf("runtime: stored bundle %s no longer reads: %v", key, err)
	}
	e.cache.put(hash, b)
	return b, nil
}

// bundleCache is a small LRU of parsed bundles by hash: a bundle is
// immutable, so a hash hit never needs revalidating.
type bundleCache struct {
	mu    sync.Mutex
	max   int
	items map[string]*list.Element
	order *list.List // front: most recently used
}

type cacheEntry struct {
	hash string
	b    *Bundle
}

func (c *bundleCache) get(hash string) *Bundle {
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.items[hash]; ok {
		c.order.MoveToFront(el)
		return el.Value.(*cacheEntry).b
	}
	return nil
}

func (c *bundleCache) put(hash string, b *Bundle) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.items[hash]; ok {
		c.order.MoveToFront(el)
		return
	}
	c.items[hash] = c.order.PushFront(&cacheEntry{hash, b})
	for c.order.Len() > c.max {
		el := c.order.Back()
		c.order.Remove(el)
		delete(c.items, el.Value.(*cacheEntry).hash)
	}
}

func (c *bundleCache) len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.order.Len()
}
