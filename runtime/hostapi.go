package runtime

import (
	"context"
	stdjson "encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"

	"github.com/soukhq/souk/sandbox"
)

// Error codes a host call rejects with (JS sees them as err.code).
const (
	CodeUnknownAPI       = "unknown_api"
	CodePermissionDenied = "permission_denied"
	CodeInvalidArgs      = "invalid_args"
	CodeCallLimit        = "host_call_limit"
	CodeQuotaExceeded    = "quota_exceeded"
)

// HostEvent is what a host API knows about the event calling it. It comes
// from the host (the installation being served), never from JS.
type HostEvent struct {
	AppID          string
	Version        string
	InstallationID string
	// Granted are the permissions this installation granted (for a
	// developer preview: everything the manifest asks for).
	Granted []string
	// BrandID is the brand org the installation belongs to; ShopperID the
	// shopper the event is for ("" when none, e.g. an install event). Both
	// come from the host's own records, so an API scoped by them can only
	// reach that brand's and that shopper's data.
	BrandID, ShopperID string
	// Handler is the app handler running ("render", "orderPaid", …).
	Handler string

	bridge *Bridge // the event's bridge, for APIs that record into it (log)
}

// HostAPI is one function mini-programs can call through souk.call. Build
// it with DefineAPI so the arguments are decoded into a Go type strictly.
type HostAPI struct {
	Name       string // "storage.get"
	Permission string // the manifest permission it needs ("storage")
	// MaxArgBytes caps the call's JSON arguments (0: 64 KiB + 1 KiB).
	MaxArgBytes int
	// PerEvent caps calls of this API in one event (0: only the event's
	// overall host-call limit applies).
	PerEvent int
	call     func(ctx context.Context, ev *HostEvent, args []byte) (any, error)
}

// DefineAPI registers nothing by itself: it wraps a typed handler into a
// HostAPI. Arguments are decoded strictly into A (unknown fields, wrong
// types, duplicate names and trailing data are invalid_args), and the result
// is marshalled to JSON; a handler returns HostErr for app-facing failures.
func DefineAPI[A, R any](name, permission string, h func(ctx context.Context, ev *HostEvent, args A) (R, error)) HostAPI {
	return HostAPI{Name: name, Permission: permission, call: func(ctx context.Context, ev *HostEvent, raw []byte) (any, error) {
		var a A
		if len(raw) == 0 || string(raw) == "null" {
			raw = []byte("{}") // souk.call(name) with no arguments
		}
		if err := json.Unmarshal(raw, &a, json.RejectUnknownMembers(true), jsontext.AllowDuplicateNames(false)); err != nil {
			return nil, HostErr(CodeInvalidArgs, "%s: %s", name, argsErrorText(err))
		}
		return h(ctx, ev, a)
	}}
}

// HostErr is an error JS sees with this code and message.
func HostErr(code, format string, args ...any) *sandbox.HostError {
	return &sandbox.HostError{Code: code, Message: fmt.Sprintf(format, args...)}
}

func argsErrorText(err error) string {
	var se *json.SemanticError
	if errors.As(err, &se) && se.JSONPointer != "" {
		field := strings.ReplaceAll(strings.TrimPrefix(string(se.JSONPointer), "/"), "/", ".")
		if se.Err != nil && strings.Contains(se.Err.Error(), "unknown object member") {
			return fmt.Sprintf("unknown argument %q", field)
		}
		if se.JSONKind != 0 {
			return fmt.Sprintf("argument %q has the wrong type (got JSON %s)", field, se.JSONKind)
		}
		return fmt.Sprintf("argument %q: %v", field, se.Err)
	}
	if se != nil && se.JSONKind != 0 {
		return fmt.Sprintf("arguments must be an object (got JSON %s)", se.JSONKind)
	}
	return "arguments are not valid JSON for this call"
}

// Registry holds the host APIs by name. Register them all at start-up;
// it is read-only afterwards.
type Registry struct {
	apis map[string]HostAPI
}

// NewRegistry returns a registry of apis; a duplicate name or an unknown
// permission is a programming error and panics.
func NewRegistry(apis ...HostAPI) *Registry {
	r := &Registry{apis: map[string]HostAPI{}}
	for _, a := range apis {
		r.Register(a)
	}
	return r
}

// Register adds one API.
func (r *Registry) Register(a HostAPI) {
	if _, dup := r.apis[a.Name]; dup {
		panic("runtime: host API registered twice: " + a.Name)
	}
	if !slices.Contains(Permissions, a.Permission) {
		panic("runtime: host API " + a.Name + " needs unknown permission " + a.Permission)
	}
	if a.call == nil {
		panic("runtime: host API " + a.Name + " has no handler (use DefineAPI)")
	}
	r.apis[a.Name] = a
}

// Names lists the registered APIs, sorted.
func (r *Registry) Names() []string {
	names := make([]string, 0, len(r.apis))
	for n := range r.apis {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// BridgeLimits bound one event's host calls.
type BridgeLimits struct {
	MaxCalls    int // all host calls (the manifest's hostCalls)
	MaxLogBytes int // log.* message and fields bytes kept
	MaxLogLines int
}

// Bridge answers the host calls of ONE event: it is the sandbox.HostCaller
// the engine passes to Pool.Run. The installation and permissions are fixed
// when it is made, so JS can never choose whose data it touches.
type Bridge struct {
	reg   *Registry
	ev    HostEvent
	lim   BridgeLimits
	log   *slog.Logger
	start time.Time

	mu       sync.Mutex
	calls    int
	perAPI   map[string]int
	logs     []LogEntry
	logBytes int
	dropped  int
}

// Bridge makes the HostCaller for one event.
func (r *Registry) Bridge(ev HostEvent, lim BridgeLimits, log *slog.Logger) *Bridge {
	if lim.MaxCalls <= 0 {
		lim.MaxCalls = DefaultAppLimits.HostCalls
	}
	if lim.MaxLogBytes <= 0 {
		lim.MaxLogBytes = DefaultAppLimits.LogBytes
	}
	if lim.MaxLogLines <= 0 {
		lim.MaxLogLines = 200
	}
	if log == nil {
		log = slog.Default()
	}
	b := &Bridge{reg: r, ev: ev, lim: lim, log: log, perAPI: map[string]int{}, start: time.Now()}
	b.ev.bridge = b
	return b
}

const defaultMaxArgBytes = 65<<10 + 512 // a 64 KiB storage value plus its key

// CallHost implements sandbox.HostCaller.
func (b *Bridge) CallHost(ctx context.Context, name string, args stdjson.RawMessage) (stdjson.RawMessage, error) {
	api, ok := b.reg.apis[name]
	if !ok {
		return nil, HostErr(CodeUnknownAPI, "there is no host API %q", truncateStr(name, 100))
	}
	if !slices.Contains(b.ev.Granted, api.Permission) {
		return nil, HostErr(CodePermissionDenied, "%s needs the %q permission, which this installation has not granted (add it to souk.json \"permissions\")", name, api.Permission)
	}
	maxArgs := api.MaxArgBytes
	if maxArgs <= 0 {
		maxArgs = defaultMaxArgBytes
	}
	if len(args) > maxArgs {
		return nil, HostErr(CodeInvalidArgs, "%s: arguments are %d bytes; the limit is %d", name, len(args), maxArgs)
	}
	b.mu.Lock()
	b.calls++
	b.perAPI[name]++
	over := b.calls > b.lim.MaxCalls
	overAPI := api.PerEvent > 0 && b.perAPI[name] > api.PerEvent
	b.mu.Unlock()
	if over {
		return nil, HostErr(CodeCallLimit, "this event made more than %d host calls (souk.json limits.hostCalls)", b.lim.MaxCalls)
	}
	if overAPI {
		return nil, HostErr(CodeCallLimit, "this event called %s more than %d times", name, api.PerEvent)
	}
	ctx, span := tracer.Start(ctx, "host."+name)
	out, err := api.call(ctx, &b.ev, args)
	endSpan(span, err)
	if err != nil {
		var he *sandbox.HostError
		if errors.As(err, &he) {
			return nil, he
		}
		// Host faults stay in the host's log; JS gets a generic host_error.
		b.log.Error("host API failed", "api", name, "app", b.ev.AppID, "installation", b.ev.InstallationID, "err", err)
		return nil, err
	}
	if raw, ok := out.(stdjson.RawMessage); ok {
		return raw, nil
	}
	enc, err := stdjson.Marshal(out)
	if err != nil {
		return nil, err
	}
	return enc, nil
}

// Calls reports how many host calls the event made through the bridge.
func (b *Bridge) Calls() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.calls
}

// addLog keeps one log.* line within the event's log budget.
func (b *Bridge) addLog(e LogEntry) {
	n := len(e.Message) + len(e.Fields)
	b.mu.Lock()
	defer b.mu.Unlock()
	if len(b.logs) >= b.lim.MaxLogLines || b.logBytes+n > b.lim.MaxLogBytes {
		b.dropped++
		return
	}
	b.logBytes += n
	b.logs = append(b.logs, e)
}

// Logs returns the log.* lines the event wrote and how many were dropped.
func (b *Bridge) Logs() ([]LogEntry, int) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return slices.Clone(b.logs), b.dropped
}

func truncateStr(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}
