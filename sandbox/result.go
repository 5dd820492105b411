package sandbox

import (
	"encoding/json"
	"time"
)

// Outcomes of an event, as recorded in Receipt.Outcome.
const (
	// OutcomeOK: the handler returned (or its promise fulfilled) a JSON value.
	OutcomeOK = "ok"
	// OutcomeError: the app threw, rejected, failed to compile, or returned
	// something that is not JSON. Result.Err says what and where.
	OutcomeError = "error"
	// OutcomeTimeout: the deadline passed and the worker interrupted the JS.
	OutcomeTimeout = "timeout"
	// OutcomeMemoryLimit: the event held more heap than Limits.MaxMemory
	// and was stopped (the worker lives on).
	OutcomeMemoryLimit = "memory_limit"
	// OutcomeUnsettled: the handler's promise can never settle (nothing in
	// flight that could settle it).
	OutcomeUnsettled = "unsettled"
	// OutcomeTooLarge: the result is over Limits.MaxResultBytes.
	OutcomeTooLarge = "too_large"
	// OutcomeCanceled: the caller's context ended first.
	OutcomeCanceled = "canceled"
	// OutcomeKilled: the event ignored its deadline (a built-in that does
	// not honour Interrupt) and the host killed the worker at deadline+grace.
	OutcomeKilled = "killed"
	// OutcomeCrashed: the worker died while running the event: out of
	// memory, a Go stack overflow (e.g. goja's parser), a fatal runtime error.
	OutcomeCrashed = "crashed"
	// OutcomeQuarantined: the app's events killed workers or timed out too
	// often recently (QuarantinePolicy); the event was refused without
	// running.
	OutcomeQuarantined = "quarantined"
	// OutcomeOverloaded: the app already had its share of the pool busy
	// (PoolConfig.AppConcurrency) and its queue full (AppQueue), or the
	// event waited in that queue past AppQueueWait; it was refused without
	// running. Other apps are not affected: try again later.
	OutcomeOverloaded = "overloaded"
)

// Runtime values of Receipt.Runtime.
const (
	RuntimeCold = "cold"
	RuntimeWarm = "warm"
)

// Result is what an event produced. Value is set only for OutcomeOK.
type Result struct {
	Value       json.RawMessage `json:"value,omitempty"`
	Err         *JSError        `json:"error,omitempty"`
	Logs        []LogLine       `json:"logs,omitempty"`
	LogsDropped int             `json:"logs_dropped,omitempty"`
	Receipt     Receipt         `json:"receipt"`
	// Nondet is what the event read of its sources of nondeterminism, for
	// a job with Nondet (worker_nondet.go).
	Nondet *NondetReport `json:"nondet,omitempty"`
}

// LogLine is one captured console line.
type LogLine struct {
	Level    string `json:"level"` // log, info, warn, error, debug
	Message  string `json:"message"`
	AtMicros int64  `json:"at_us"` // since the event started
}

// JSError is an app-side failure. Stack is the JS stack mapped through the
// job's source map to the developer's original files where possible;
// Frames is the same, parsed. GeneratedStack is the unmapped original.
type JSError struct {
	Name           string       `json:"name"`
	Message        string       `json:"message"`
	Stack          string       `json:"stack,omitempty"`
	Frames         []StackFrame `json:"frames,omitempty"`
	GeneratedStack string       `json:"generated_stack,omitempty"`
}

func (e *JSError) Error() string { return e.Name + ": " + e.Message }

// StackFrame is one frame of a JS stack. Mapped tells whether File/Line/
// Column are original-source coordinates from the source map.
type StackFrame struct {
	Function string `json:"function,omitempty"`
	File     string `json:"file"`
	Line     int    `json:"line"`
	Column   int    `json:"column"`
	Mapped   bool   `json:"mapped"`
}

// Receipt records one event for the app's developer and the operator.
type Receipt struct {
	AppID          string        `json:"app_id"`
	Version        string        `json:"version"`
	InstallationID string        `json:"installation_id"`
	BundleHash     string        `json:"bundle_hash"`
	Handler        string        `json:"handler"`
	Outcome        string        `json:"outcome"`
	Reason         string        `json:"reason,omitempty"` // human summary when not ok
	Started        time.Time     `json:"started"`
	Wall           time.Duration `json:"wall"`
	Queue          time.Duration `json:"queue"`    // part of Wall spent waiting for a worker (in the app's queue, then for a free process)
	CPU            time.Duration `json:"cpu"`      // worker CPU from run to done, GC included (the runtime is prepared before; 0 if the worker died)
	Compiled       bool          `json:"compiled"` // this event compiled the bundle in its worker (cold)
	CompileTime    time.Duration `json:"compile"`  // part of Wall spent compiling
	HostCalls      int           `json:"host_calls"`
	BytesIn        int           `json:"bytes_in"`  // args (+ script when sent) to the worker
	BytesOut       int           `json:"bytes_out"` // result JSON
	LogLines       int           `json:"log_lines"`
	LogsDropped    int           `json:"logs_dropped"`
	WorkerPID      int           `json:"worker_pid"`
	// Memory is the most heap the event held, as the worker measured it
	// (worker_memory.go): its live heap at garbage collections during the
	// event, or, if none ran, the bytes it allocated. Allocated counts every
	// heap byte it allocated, garbage included.
	Memory    int64 `json:"memory_bytes"`
	Allocated int64 `json:"alloc_bytes"`
	// Runtime is RuntimeWarm when the event ran in the installation's warm
	// runtime (the bundle's top level did not run again), RuntimeCold when
	// it got a new one; empty when no runtime ran it (refused, crashed).
	// RuntimeDiscarded says why the runtime was not kept after the event
	// ("" when it was kept warm).
	Runtime          string `json:"runtime,omitempty"`
	RuntimeDiscarded string `json:"runtime_discarded,omitempty"`
	// Limits are the limits the event ran under (after defaults and caps).
	Limits Limits `json:"limits"`
}

// HostError is an error a HostCaller returns to JS: souk.call rejects with
// an Error whose code and message are these. Any other error from CallHost
// reaches JS as code "host_error" with a generic message, so host internals
// never leak into app code.
type HostError struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

func (e *HostError) Error() string { return e.Code + ": " + e.Message }
