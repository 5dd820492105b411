package sandbox

import "time"

// Limits bound one event. A zero field means "platform default"; a value over
// the platform cap is lowered to the cap, so a manifest can only tighten
// what the platform allows.
type Limits struct {
	// Timeout is the event's wall-clock budget, host calls included. At the
	// deadline the worker interrupts the JS (outcome "timeout"); if the event
	// still has not ended at Timeout + PoolConfig.KillGrace (a built-in that
	// ignores Interrupt) the host kills the worker (outcome "killed").
	Timeout time.Duration
	// MaxHostCalls caps souk.call invocations per event; the next call
	// rejects with code "host_call_limit".
	MaxHostCalls int
	// MaxCallBytes caps the JSON arguments of one host call.
	MaxCallBytes int
	// MaxLogBytes and MaxLogLines cap captured console output per event;
	// lines beyond them are counted in Result.LogsDropped, not kept.
	MaxLogBytes int
	MaxLogLines int
	// MaxResultBytes caps the JSON of the handler's return value (the view).
	MaxResultBytes int
	// MaxCallStack caps the JS call stack depth (goja SetMaxCallStackSize).
	MaxCallStack int
	// MaxTimers caps setTimeout calls per event.
	MaxTimers int
	// MaxMemory caps the heap an event holds, in bytes: the worker's live
	// heap beyond what it holds when idle, checked at every garbage
	// collection during the event (worker_memory.go). Over it, the event is
	// stopped with outcome "memory_limit" and the worker lives on.
	MaxMemory int64
}

// DefaultLimits are used for every zero field of a Job's Limits.
var DefaultLimits = Limits{
	Timeout:        1 * time.Second,
	MaxHostCalls:   64,
	MaxCallBytes:   64 << 10,
	MaxLogBytes:    16 << 10,
	MaxLogLines:    200,
	MaxResultBytes: 256 << 10,
	MaxCallStack:   1000,
	MaxTimers:      32,
	MaxMemory:      64 << 20,
}

// LimitCaps are the platform maxima; larger requests are lowered to them.
var LimitCaps = Limits{
	Timeout:        30 * time.Second,
	MaxHostCalls:   1000,
	MaxCallBytes:   1 << 20,
	MaxLogBytes:    capLogBytes,
	MaxLogLines:    capLogLines,
	MaxResultBytes: capResultBytes,
	MaxCallStack:   5000,
	MaxTimers:      256,
	MaxMemory:      256 << 20,
}

// Normalize returns l with defaults filled in and caps applied.
func (l Limits) Normalize() Limits {
	l.Timeout = clampDur(l.Timeout, DefaultLimits.Timeout, LimitCaps.Timeout)
	l.MaxHostCalls = clampInt(l.MaxHostCalls, DefaultLimits.MaxHostCalls, LimitCaps.MaxHostCalls)
	l.MaxCallBytes = clampInt(l.MaxCallBytes, DefaultLimits.MaxCallBytes, LimitCaps.MaxCallBytes)
	l.MaxLogBytes = clampInt(l.MaxLogBytes, DefaultLimits.MaxLogBytes, LimitCaps.MaxLogBytes)
	l.MaxLogLines = clampInt(l.MaxLogLines, DefaultLimits.MaxLogLines, LimitCaps.MaxLogLines)
	l.MaxResultBytes = clampInt(l.MaxResultBytes, DefaultLimits.MaxResultBytes, LimitCaps.MaxResultBytes)
	l.MaxCallStack = clampInt(l.MaxCallStack, DefaultLimits.MaxCallStack, LimitCaps.MaxCallStack)
	l.MaxTimers = clampInt(l.MaxTimers, DefaultLimits.MaxTimers, LimitCaps.MaxTimers)
	l.MaxMemory = int64(clampInt(int(l.MaxMemory), int(DefaultLimits.MaxMemory), int(LimitCaps.MaxMemory)))
	return l
}

func (l Limits) wire() wireLimits {
	return wireLimits{
		TimeoutMs:      l.Timeout.Milliseconds(),
		MaxHostCalls:   l.MaxHostCalls,
		MaxCallBytes:   l.MaxCallBytes,
		MaxLogBytes:    l.MaxLogBytes,
		MaxLogLines:    l.MaxLogLines,
		MaxResultBytes: l.MaxResultBytes,
		MaxCallStack:   l.MaxCallStack,
		MaxTimers:      l.MaxTimers,
		MaxMemory:      l.MaxMemory,
	}
}

func clampInt(v, def, max int) int {
	if v <= 0 {
		return def
	}
	return min(v, max)
}

func clampDur(v, def, max time.Duration) time.Duration {
	if v <= 0 {
		return def
	}
	return min(v, max)
}

// Worker-wide caps that are not per event.
const (
	// maxScriptBytes caps a bundle script sent to a worker.
	maxScriptBytes = 8 << 20
	// maxArgsBytes caps a job's handler arguments together.
	maxArgsBytes = 2 << 20
	// maxHostFrame caps frames the host sends (a run with its script and args).
	maxHostFrame = maxScriptBytes + maxArgsBytes + MaxClockReads*24 + 64<<10
	// maxWorkerFrame caps frames a worker sends. The largest is a done
	// frame at the caps: the result (a raw blob), and in its JSON header the
	// logs and the error, whose text encoding/json may escape six-fold ('<'
	// is \u003c, control characters \u00XX), plus each log line's framing. A
	// call frame holds at most 1 MiB of arguments. TestDoneFrameFitsAtCaps
	// fills every cap with such text.
	maxWorkerFrame = capResultBytes + 6*(capLogBytes+maxErrMessage+maxErrStack+2*maxErrName) + capLogLines*96 + MaxClockReads*24 + 64<<10
	// The caps LimitCaps gives, as constants for maxWorkerFrame.
	capLogBytes    = 256 << 10
	capLogLines    = 2000
	capResultBytes = 1 << 20
	// defaultMemoryLimit is a worker's memory budget when PoolConfig leaves it 0.
	defaultMemoryLimit = 512 << 20
	// workerMaxStack caps a worker's goroutine stacks so deep Go recursion
	// (goja's parser, JSON.stringify of deep values) dies fast and small.
	workerMaxStack = 64 << 20
)
