// Package sandbox runs untrusted mini-program JavaScript in worker
// processes, never in the server process.
//
// goja can kill the process that hosts it in ways no recover() catches: a
// fatal out-of-memory ('x'.repeat(2**40)), a fatal Go stack overflow in its
// parser (300,000 nested parentheses), built-ins that ignore Interrupt
// (regexp2 backtracking). So the server (the host) keeps a Pool of worker
// processes — souk re-executing itself with the hidden "sandbox-worker"
// subcommand, which calls WorkerMain — and talks to them over a framed pipe
// protocol on stdin/stdout. A worker that misbehaves is killed and replaced;
// only the event it was running fails.
//
// # The contract with package runtime
//
// The script. A bundle is ONE classic script (esbuild IIFE output with
// globalName "__soukApp"). After it runs, the handler is
// (globalThis.__soukApp.default ?? globalThis.__soukApp)[h] where h is
// Job.Handler, called with Job.Args (each a JSON value, at most 2 MiB in
// all; the script at most 8 MiB) and this = that object. It may return a
// value or a promise (async handlers); the result must be JSON, at most
// Limits.MaxResultBytes.
//
// Runtimes. A runtime runs the bundle from a compiled *goja.Program cached
// per BundleHash in each worker (compiled once per version per worker; the
// host sends the script only to workers that do not have it). A worker keeps
// the runtime of an installation's event warm for that installation's next
// events (worker_warm.go, as Cloudflare Workers reuse isolates): the
// bundle's top level runs once, each later event only calls its handler, so
// module-level state may persist between one installation's events. A
// runtime is keyed by bundle hash and installation: it never serves another
// installation or version. It is discarded after a timeout, a kill, a crash,
// a memory-limit stop, a cancel, a failure of the engine or an error in the
// bundle's top level, after PoolConfig.Warm.MaxEvents events or Idle
// unused, and when the heap it holds between events passes the event memory
// limit. Job.Isolation IsolationEvent (souk.json "isolation": "event"), a
// job without an InstallationID, or WarmPolicy.Disabled give every event a
// fresh runtime instead, used by no other event. Receipt.Runtime says which
// ("cold" or "warm"). The pool sends an installation's event to an idle
// worker that has its runtime warm when there is one. What replay would
// record (random bytes, Math.random, the clock) is read through the
// running event, never the runtime. A
// worker prepares the next fresh runtime, with the sandbox installed, while
// it waits for an event. The sandbox installs, before the bundle runs:
//
//   - souk: a frozen object with souk.call(name, args) → Promise. The call
//     travels to the host (HostCaller.CallHost) as JSON and the promise
//     resolves with the host's JSON answer or rejects with an Error whose
//     code and message come from a *HostError. Per event at most
//     Limits.MaxHostCalls calls (then code "host_call_limit") of at most
//     Limits.MaxCallBytes of JSON arguments each (code "call_too_large").
//   - console.log/info/warn/error/debug: captured into Result.Logs, capped
//     by Limits.MaxLogLines/MaxLogBytes, 4 KiB per line.
//   - setTimeout/clearTimeout/queueMicrotask: run on the event's own loop and
//     die with it; at most Limits.MaxTimers timers per event.
//
// Nothing else of the host exists in JS: no Go values by reference (only
// JSON copies in and out), no require, no process, no environment (the
// worker clears its own). eval, Function and the async/generator function
// constructors throw EvalError. Source maps are never read by goja
// (parser.WithDisableSourceMaps); the host maps stacks itself through
// Job.SourceMap.
//
// The Go API. runtime builds a Job and calls Pool.Run with a HostCaller
// bound to the event's installation (JS cannot choose the installation: it
// only names the API). Run returns a Result for every app outcome — ok,
// error, timeout, unsettled, too_large, canceled, killed, crashed,
// quarantined, overloaded (see the Outcome constants) — with a Receipt (wall,
// queue wait and CPU time, host calls, bytes in/out, compile, worker pid) and, on failure, a
// JSError whose Stack/Frames point at the developer's original files. Run's
// error is only for host-side problems (pool closed, ctx done before a worker
// was free, arguments that are not JSON or over 2 MiB).
//
//	pool, err := sandbox.NewPool(sandbox.PoolConfig{}) // NumCPU workers of this binary
//	res, err := pool.Run(ctx, sandbox.Job{
//		AppID: app, Version: ver, InstallationID: inst, BundleHash: hash,
//		Script: script, SourceMap: sourceMap,
//		Handler: "render", Args: []json.RawMessage{page, params, ctxJSON},
//		Limits: manifestLimits, // zero fields: DefaultLimits; capped at LimitCaps
//	}, hostCallerFor(inst))
//	// res.Value is untrusted JSON: validate the view before using it.
//
// # Limits
//
// Limits.Timeout is an event's wall-clock budget (host calls included): at
// the deadline the worker interrupts the JS (outcome "timeout"); if the event
// has not ended by deadline + PoolConfig.KillGrace, the host kills the worker
// (outcome "killed"). Once the deadline fired no JS of the event runs
// again, whatever it catches (goja clears its interrupt flag when an
// interrupted call returns; the worker re-arms it before every further call
// into JS), and the outcome is "timeout". Limits.MaxMemory bounds the heap
// an event holds, measured at garbage collections during it
// (worker_memory.go): over it the event stops with outcome "memory_limit"
// and the worker lives on. A Go panic inside goja (a built-in broken by
// hostile input) is recovered as the event's "error". Each worker runs with a memory budget
// (PoolConfig.MemoryLimit): GOMEMLIMIT at 3/4 of it, a watchdog that exits
// the worker when the Go runtime holds more than it (checked every 10 ms and
// after every event), and RLIMIT_AS at the worker's start-up address space
// plus twice the budget as the hard kernel guarantee (not under the race
// detector, whose shadow memory needs terabytes of address space). Go stacks
// are capped at 64 MiB so runaway Go recursion dies fast. Frames are capped
// in both directions. A worker's death (outcome "crashed", with the reason:
// out of memory, Go stack overflow, memory limit) fails only its event and
// the worker is replaced in the background.
//
// # Sharing the pool between apps
//
// No app can take the pool from the others. Each app (Job.AppID, every
// version alike; the bundle hash for anonymous jobs) runs at most
// PoolConfig.AppConcurrency events at once (default: half the workers,
// rounded up); up to PoolConfig.AppQueue more (default 64) wait in the app's
// own queue, each for at most PoolConfig.AppQueueWait (default 10s). An event
// beyond that is refused at once with outcome "overloaded", without using a
// worker. A worker that frees up goes to the next app, round-robin, that has
// an event waiting and is under its cap, so an app's burst waits behind
// itself, never in front of its neighbours. Receipt.Queue is the part of
// Wall the event spent waiting (in its app's queue, then for a worker).
//
// An app with recent faults (a quarantine score, below, not yet decayed to
// 0.25: a timeout or a killed worker in the last few minutes) is also
// demoted: once one of its events has used PoolConfig.DemoteAfter of CPU
// (default 50ms), its worker continues at a low CPU priority (nice 10), so
// an app that keeps looping into its deadline yields the machine to its
// neighbours' short events instead of taking an equal share of the CPUs.
// Waiting on host calls or timers uses no CPU, and apps with a clean record
// are never demoted. A process cannot raise its own priority back, so a
// demoted worker is retired after its event and replaced in the background.
//
// # Quarantine
//
// Each app (the same key as above: a new version does not reset it) has a
// fault score that decays exponentially (QuarantinePolicy.HalfLife, default
// 5 minutes). An event that kills or crashes its worker adds 1, one that
// times out adds TimeoutScore (default 0.5). At Threshold (default 2.5:
// three dead workers within about two and a half minutes, or six timeouts
// in a row) the app is refused (outcome "quarantined", without using a
// worker) until its score has decayed to half the threshold: one half-life,
// longer if events in flight added more. An app that was fixed then earns
// nothing and its record decays away; one that was not is back at the
// threshold after a few more faults. Pool.Quarantined lists the current
// quarantines for the developer and operator pages.
//
// # Wire protocol
//
// Frames are [4-byte big-endian length][1-byte kind][JSON]. Host → worker:
// run (event id, bundle hash, script if needed, handler, args, limits),
// reply (a host call's answer), cancel. Worker → host: hello, call,
// need-script (the worker evicted or never had the hash), done (outcome,
// value, error with generated stack, logs, host calls, CPU, compile time).
// A worker runs one event at a time; host calls of that event are served
// concurrently and answered in any order. In the worker, replies reach the
// event's loop only through its inbox: the one way back onto the loop.
package sandbox
