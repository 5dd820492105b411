package sandbox

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"runtime"
	"sync"
	"sync/atomic"
	"time"
)

// HostCaller answers host calls (souk.call) of one event. runtime
// implements it: permission and schema checks, the installation scoping,
// the API itself. CallHost must honour ctx (it is canceled when the event
// ends) and must be safe for concurrent use: an event may have several
// calls in flight. Return a *HostError to give JS a code and message.
type HostCaller interface {
	CallHost(ctx context.Context, name string, args json.RawMessage) (json.RawMessage, error)
}

// HostFunc adapts a function to HostCaller.
type HostFunc func(ctx context.Context, name string, args json.RawMessage) (json.RawMessage, error)

// CallHost calls f.
func (f HostFunc) CallHost(ctx context.Context, name string, args json.RawMessage) (json.RawMessage, error) {
	return f(ctx, name, args)
}

// Job is one event to run.
type Job struct {
	AppID, Version, InstallationID string
	// BundleHash identifies Script; workers cache the compiled program by
	// it. Empty means "hash Script" (sha256), which costs a pass over it.
	BundleHash string
	// Script is the bundle: one classic script that defines __soukApp.
	Script []byte
	// SourceMap (optional) maps Script back to the developer's sources.
	SourceMap []byte
	// Handler is the exported function to call, e.g. "render".
	Handler string
	// Args are the handler's arguments, each a JSON value.
	Args   []json.RawMessage
	Limits Limits
	// Isolation is IsolationInstallation (the default, ""): the event runs
	// in the installation's warm runtime for this bundle when a worker has
	// one, so module-level state may persist between the installation's
	// events; or IsolationEvent: a fresh runtime, discarded after the event
	// (souk.json "isolation": "event"). Jobs without an InstallationID
	// always get a fresh runtime.
	Isolation string
	// Nondet, when set, makes the event's clock, Math.random and crypto
	// reproducible, for recording it or replaying a recording
	// (worker_nondet.go); Result.Nondet reports what it read.
	Nondet *Nondet

	compileOnly bool // Pool.Compile: compile the script, run nothing
}

// PoolConfig configures a Pool. Zero values are defaults.
type PoolConfig struct {
	// Size is the number of worker processes (default runtime.NumCPU()).
	// A worker runs one event at a time.
	Size int
	// Command starts a worker; default: this executable with "sandbox-worker".
	Command []string
	// Env is the worker's entire environment (the host's is not inherited).
	Env []string
	// MemoryLimit is each worker's memory budget in bytes (default 512 MiB),
	// enforced by RLIMIT_AS, GOMEMLIMIT and an in-worker watchdog.
	MemoryLimit int64
	// KillGrace is how long past an event's deadline the host waits before
	// killing its worker (default 500ms).
	KillGrace time.Duration
	// StartTimeout bounds a worker's start-up (default 10s).
	StartTimeout time.Duration
	// AppConcurrency caps the events of one app (Job.AppID, every version;
	// the bundle hash for anonymous jobs) running at once, so one app can
	// never hold every worker (default: half the workers, rounded up).
	AppConcurrency int
	// AppQueue caps the events of one app waiting for a worker beyond
	// AppConcurrency; more are refused at once with outcome "overloaded"
	// (default 64). Apps wait in their own queues, served round-robin.
	AppQueue int
	// AppQueueWait bounds an event's wait in its app's queue; past it the
	// event is refused with outcome "overloaded" (default 10s).
	AppQueueWait time.Duration
	// DemoteAfter: an event of an app with recent timeouts or killed
	// workers (a quarantine score not yet decayed below 0.25) that has used
	// this much CPU continues at a low CPU priority (nice 10), and its
	// worker is replaced when it ends, so an app that keeps looping yields
	// the CPU to its neighbours' events (default 50ms; negative: never).
	DemoteAfter time.Duration
	// Quarantine is the policy for apps whose events keep killing workers or
	// timing out (zero fields: DefaultQuarantinePolicy).
	Quarantine QuarantinePolicy
	// Now is the clock for quarantine (tests); default time.Now.
	Now func() time.Time
	// Log receives the pool's own failures (a host-side panic while running
	// an event); default slog.Default().
	Log *slog.Logger
	// Warm is how long workers keep an installation's runtime warm (zero
	// fields: DefaultWarmPolicy).
	Warm WarmPolicy
}

// Isolation levels of a Job.
const (
	// IsolationInstallation: one warm runtime per (installation, bundle)
	// in a worker, reused for that installation's events.
	IsolationInstallation = "installation"
	// IsolationEvent: a fresh runtime for every event.
	IsolationEvent = "event"
)

// WarmPolicy bounds the life of warm runtimes (worker_warm.go). Whatever
// it says, a runtime serves one installation of one bundle only, and is
// discarded after a timeout, a kill, a crash, a memory-limit stop, a
// cancel, an error in the bundle's top level, and once the heap it holds
// between events passes the event memory limit.
type WarmPolicy struct {
	// MaxEvents: a runtime is discarded after this many events (default 1000).
	MaxEvents int
	// Idle: a runtime unused this long is discarded (default 60s).
	Idle time.Duration
	// PerWorker: warm runtimes one worker keeps, least recently used
	// discarded first (default 32); together they may hold at most a
	// quarter of the worker's MemoryLimit.
	PerWorker int
	// Disabled gives every event a fresh runtime, as isolation "event" does.
	Disabled bool
}

// DefaultWarmPolicy fills WarmPolicy's zero fields.
var DefaultWarmPolicy = WarmPolicy{MaxEvents: 1000, Idle: time.Minute, PerWorker: 32}

func (wp WarmPolicy) wire() *wireWarm {
	if wp.Disabled {
		return nil
	}
	return &wireWarm{MaxEvents: wp.MaxEvents, IdleMs: wp.Idle.Milliseconds(), PerWorker: wp.PerWorker}
}

// ErrPoolClosed is returned by Run after Close.
var ErrPoolClosed = errors.New("sandbox: pool closed")

// Pool runs events in a fixed number of worker processes.
type Pool struct {
	cfg        PoolConfig
	quarantine *quarantineBook
	share      *fairShare
	maps       sourceMaps
	nextEvent  atomic.Uint64

	idle    chan *process
	closing chan struct{}
	closed  atomic.Bool
	spawns  sync.WaitGroup

	mu    sync.Mutex
	procs map[*process]struct{}

	started atomic.Int64 // worker processes started, for tests and metrics
	health  poolHealth   // what Ready reports (pool_ready.go)
}

// NewPool starts cfg.Size workers and returns when all have said hello.
func NewPool(cfg PoolConfig) (*Pool, error) {
	if cfg.Size <= 0 {
		cfg.Size = runtime.NumCPU()
	}
	if len(cfg.Command) == 0 {
		exe, err := os.Executable()
		if err != nil {
			return nil, fmt.Errorf("sandbox: find own executable: %w", err)
		}
		cfg.Command = []string{exe, "sandbox-worker"}
	}
	if cfg.MemoryLimit <= 0 {
		cfg.MemoryLimit = defaultMemoryLimit
	}
	if cfg.KillGrace <= 0 {
		cfg.KillGrace = 500 * time.Millisecond
	}
	if cfg.StartTimeout <= 0 {
		cfg.StartTimeout = 10 * time.Second
	}
	if cfg.AppConcurrency <= 0 {
		cfg.AppConcurrency = (cfg.Size + 1) / 2
	}
	cfg.AppConcurrency = min(cfg.AppConcurrency, cfg.Size)
	if cfg.AppQueue <= 0 {
		cfg.AppQueue = 64
	}
	if cfg.AppQueueWait <= 0 {
		cfg.AppQueueWait = 10 * time.Second
	}
	if cfg.DemoteAfter == 0 {
		cfg.DemoteAfter = 50 * time.Millisecond
	}
	if cfg.Log == nil {
		cfg.Log = slog.Default()
	}
	if cfg.Warm.MaxEvents <= 0 {
		cfg.Warm.MaxEvents = DefaultWarmPolicy.MaxEvents
	}
	if cfg.Warm.Idle <= 0 {
		cfg.Warm.Idle = DefaultWarmPolicy.Idle
	}
	if cfg.Warm.PerWorker <= 0 {
		cfg.Warm.PerWorker = DefaultWarmPolicy.PerWorker
	}
	p := &Pool{
		cfg:        cfg,
		quarantine: newQuarantineBook(cfg.Quarantine, cfg.Now),
		idle:       make(chan *process, cfg.Size),
		closing:    make(chan struct{}),
		procs:      map[*process]struct{}{},
	}
	p.share = newFairShare(cfg.Size, cfg.AppConcurrency, cfg.AppQueue, cfg.AppQueueWait, p.closing)
	errs := make(chan error, cfg.Size)
	for range cfg.Size {
		go func() {
			w, err := p.start()
			if err == nil {
				p.idle <- w
			}
			errs <- err
		}()
	}
	var first error
	for range cfg.Size {
		if err := <-errs; err != nil && first == nil {
			first = err
		}
	}
	if first != nil {
		p.Close()
		return nil, first
	}
	return p, nil
}

func (p *Pool) start() (*process, error) {
	w, err := startProcess(p.cfg.Command, p.cfg.Env, p.cfg.MemoryLimit, p.cfg.StartTimeout)
	if err != nil {
		return nil, err
	}
	p.started.Add(1)
	workerStarts.Add(1)
	p.mu.Lock()
	p.procs[w] = struct{}{}
	p.mu.Unlock()
	return w, nil
}

// replace reaps a dead worker and starts another in the background.
func (p *Pool) replace(dead *process) {
	dead.killMu.Lock()
	reason := dead.killReason
	dead.killMu.Unlock()
	if reason == "" {
		reason = "exited by itself"
	}
	p.cfg.Log.Info("sandbox: worker replaced", "pid", dead.pid, "reason", reason)
	p.mu.Lock()
	delete(p.procs, dead)
	p.mu.Unlock()
	if p.closed.Load() {
		return
	}
	p.spawns.Add(1)
	go func() {
		defer p.spawns.Done()
		backoff := 50 * time.Millisecond
		for !p.closed.Load() {
			w, err := p.start()
			p.health.started(err)
			if err == nil {
				p.release(w)
				return
			}
			select {
			case <-time.After(backoff):
			case <-p.closing:
				return
			}
			backoff = min(backoff*2, 5*time.Second)
		}
	}()
}

// release returns a live worker to the idle set.
func (p *Pool) release(w *process) {
	if p.closed.Load() {
		p.retire(w)
		return
	}
	p.idle <- w
	if p.closed.Load() { // Close may have drained idle just before.
		select {
		case w := <-p.idle:
			p.retire(w)
		default:
		}
	}
}

func (p *Pool) retire(w *process) {
	w.close()
	p.mu.Lock()
	delete(p.procs, w)
	p.mu.Unlock()
}

// Close stops all workers. Events running at the time finish first or are
// killed at their deadline; later Runs fail with ErrPoolClosed.
func (p *Pool) Close() error {
	if p.closed.Swap(true) {
		return nil
	}
	close(p.closing)
	p.spawns.Wait()
	for {
		select {
		case w := <-p.idle:
			p.retire(w)
			continue
		default:
		}
		break
	}
	return nil
}

// Quarantined lists apps currently refused for killing workers.
func (p *Pool) Quarantined() []Quarantine { return p.quarantine.list() }

// WorkerPIDs lists the process ids of the pool's current workers (for
// benchmarks that read their CPU time).
func (p *Pool) WorkerPIDs() []int {
	p.mu.Lock()
	defer p.mu.Unlock()
	pids := make([]int, 0, len(p.procs))
	for w := range p.procs {
		pids = append(pids, w.pid)
	}
	return pids
}

// ReleaseQuarantine lifts an app's quarantine in this pool at once and
// forgets its fault record; it reports whether the app was quarantined.
// The quarantine is the pool's own (per process): other nodes keep theirs.
func (p *Pool) ReleaseQuarantine(appID string) bool {
	ok := p.quarantine.release(appID)
	if ok {
		p.cfg.Log.Info("sandbox: quarantine released", "app", appID)
	}
	return ok
}

// WorkersStarted reports how many worker processes the pool has started,
// replacements included.
func (p *Pool) WorkersStarted() int { return int(p.started.Load()) }

// Run runs one event. App faults of every kind, including killing the
// worker, come back as a Result with a receipt; the error is only for the
// host's side: the pool is closed or ctx ended before a worker was free.
func (p *Pool) Run(ctx context.Context, job Job, host HostCaller) (res Result, err error) {
	// No panic may escape Run: it becomes an error result and a log line
	// (pool_recover.go), and a worker held at the time is always given back.
	defer p.recoverRun(&job, &res, &err)
	started := time.Now()
	if job.BundleHash == "" {
		sum := sha256.Sum256(job.Script)
		job.BundleHash = hex.EncodeToString(sum[:])
	}
	lim := job.Limits.Normalize()
	rc := Receipt{AppID: job.AppID, Version: job.Version, InstallationID: job.InstallationID,
		BundleHash: job.BundleHash, Handler: job.Handler, Started: started, Limits: lim}
	argsBytes := 0
	for i, a := range job.Args {
		if !json.Valid(a) {
			return Result{}, fmt.Errorf("sandbox: job argument %d is not valid JSON", i)
		}
		argsBytes += len(a)
	}
	if argsBytes > maxArgsBytes {
		return Result{}, fmt.Errorf("sandbox: job arguments are %d bytes; the limit is %d", argsBytes, maxArgsBytes)
	}
	if len(job.Script) > maxScriptBytes {
		rc.Outcome, rc.Reason = OutcomeError, fmt.Sprintf("bundle script is %d bytes; the limit is %d", len(job.Script), maxScriptBytes)
		return Result{Receipt: rc, Err: &JSError{Name: "BundleTooLarge", Message: rc.Reason}}, nil
	}
	if p.closed.Load() {
		return Result{}, ErrPoolClosed
	}
	key := quarantineKey(&job)
	releaseShare, refused, err := p.admit(ctx, key, rc)
	if refused != nil || err != nil {
		return deref(refused), err
	}
	defer releaseShare()
	var w *process
	for w == nil {
		select {
		case w = <-p.idle:
		case <-ctx.Done():
			return Result{}, ctx.Err()
		case <-p.closing:
			return Result{}, ErrPoolClosed
		}
		if w.isDead() || w.killed() {
			// Died while idle (killed from outside): not this event's fault.
			w.kill("found dead while idle")
			w.reap()
			p.replace(w)
			w = nil
		}
	}
	w = p.preferWarm(w, warmJobKey(&job))
	rc.Queue = time.Since(started)
	res = p.runHolding(ctx, w, &job, lim, host, rc, key)
	res.Receipt.Wall = time.Since(started)
	if p.quarantine.record(key, &job, &res.Receipt) {
		quarantines.Add(1)
		p.cfg.Log.Warn("sandbox: app quarantined", "app", job.AppID, "version", job.Version, "outcome", res.Receipt.Outcome, "reason", res.Receipt.Reason)
	}
	return res, nil
}

// warmJobKey is the key of the warm runtime job may run in ("" for a job
// that gets a fresh runtime).
func warmJobKey(job *Job) string {
	if job.InstallationID == "" || job.Isolation == IsolationEvent || job.compileOnly {
		return ""
	}
	return warmKey(job.BundleHash, job.InstallationID)
}

// preferWarm swaps w for an idle worker that has the job's runtime warm, if
// there is one, so an installation's events keep finding their runtime
// instead of warming one in every worker. It only looks at workers idle
// right now: it never waits.
func (p *Pool) preferWarm(w *process, key string) *process {
	if key == "" || p.cfg.Warm.Disabled {
		return w
	}
	if _, ok := w.warm[key]; ok {
		return w
	}
	var passed []*process
	for range p.cfg.Size {
		var o *process
		select {
		case o = <-p.idle:
		default:
		}
		if o == nil {
			break
		}
		if _, ok := o.warm[key]; ok && !o.isDead() && !o.killed() {
			passed = append(passed, w)
			w = o
			break
		}
		passed = append(passed, o)
	}
	for _, o := range passed {
		p.release(o) // room: they came out of idle; a dead one is found there later
	}
	return w
}

// noteWarm records whether w kept the job's runtime warm.
func (w *process) noteWarm(key string, kept bool) {
	if key == "" {
		return
	}
	if !kept {
		delete(w.warm, key)
		return
	}
	if len(w.warm) >= 4*DefaultWarmPolicy.PerWorker {
		clear(w.warm) // only a hint; the worker keeps fewer anyway
	}
	w.warm[key] = struct{}{}
}

// runOn drives one event on worker w: it sends the run, serves the
// worker's host calls, and enforces deadline + grace by killing w.
func (p *Pool) runOn(ctx context.Context, w *process, job *Job, lim Limits, host HostCaller, rc Receipt) Result {
	rc.WorkerPID = w.pid
	id := p.nextEvent.Add(1)
	run := runMsg{Event: id, Hash: job.BundleHash, Handler: job.Handler, Args: job.Args, Limits: lim.wire(), CompileOnly: job.compileOnly}
	if job.InstallationID != "" && job.Isolation != IsolationEvent && !job.compileOnly {
		run.Inst, run.Warm = job.InstallationID, p.cfg.Warm.wire()
	}
	if !job.compileOnly {
		run.Nd = job.Nondet.wire()
	}
	for _, a := range job.Args {
		rc.BytesIn += len(a)
	}
	if _, ok := w.hashes[job.BundleHash]; !ok {
		run.Script = string(job.Script)
	}

	hostCtx, cancelHost := context.WithCancel(ctx)
	var calls sync.WaitGroup
	defer func() {
		cancelHost()
		// No host call should outlive its event; a HostCaller that ignores
		// ctx gets KillGrace, then the event returns without it (its late
		// answer is dropped: the worker routes replies by event id).
		waited := make(chan struct{})
		go func() { calls.Wait(); close(waited) }()
		select {
		case <-waited:
		case <-time.After(p.cfg.KillGrace):
		}
	}()

	crashed := func(reason string) Result {
		rc.Outcome, rc.Reason = OutcomeCrashed, "sandbox worker died: "+reason
		return Result{Receipt: rc, Err: &JSError{Name: "WorkerCrashed", Message: rc.Reason}}
	}
	sendRun := func() bool {
		rc.BytesIn += len(run.Script)
		if err := w.send(kindRun, &run); err != nil {
			w.kill("could not send run: " + err.Error())
			return false
		}
		if run.Script != "" {
			if len(w.hashes) >= programCacheSize {
				clear(w.hashes)
			}
			w.hashes[job.BundleHash] = struct{}{}
		}
		return true
	}
	if !sendRun() {
		w.reap()
		return crashed(w.deathReason())
	}

	// The worker starts the event's deadline after compiling; the host's
	// kill timer allows for that compile when it sends the script.
	kill := time.NewTimer(lim.Timeout + p.cfg.KillGrace + compileAllowance(len(run.Script)))
	defer kill.Stop()
	done := ctx.Done()
	resent := false
	for {
		select {
		case f, ok := <-w.frames:
			if !ok {
				<-w.dead
				if w.killReasonIsDeadline() {
					rc.Outcome, rc.Reason = OutcomeKilled, w.deathReason()
					return Result{Receipt: rc, Err: &JSError{Name: "Killed", Message: rc.Reason}}
				}
				return crashed(w.deathReason())
			}
			switch f.kind {
			case kindCall:
				var m callMsg
				if err := decodeFrame(f.payload, &m); err != nil || m.Event != id {
					w.kill("protocol violation: bad call frame")
					continue
				}
				rc.HostCalls++
				if rc.HostCalls > lim.MaxHostCalls {
					// The worker enforces this; a worker that does not is broken.
					w.kill("protocol violation: host call limit ignored")
					continue
				}
				calls.Add(1)
				seq := rc.HostCalls
				go func() {
					defer calls.Done()
					reply := replyMsg{Event: id, Call: m.Call}
					out, err := p.callHost(withCallSeq(hostCtx, seq), host, job, m.Name, m.Args)
					switch {
					case err == nil:
						reply.Result = out
					case errors.As(err, &reply.Err):
					default:
						reply.Err = &HostError{Code: "host_error", Message: "the host could not complete " + truncate(m.Name, 100)}
					}
					if err == nil && !json.Valid(out) {
						reply.Result, reply.Err = nil, &HostError{Code: "host_error", Message: "the host returned invalid JSON"}
					}
					_ = w.send(kindReply, &reply) // a dead worker is noticed by the reader
				}()
			case kindNeedScript:
				if resent {
					w.kill("protocol violation: script requested twice")
					continue
				}
				resent = true
				run.Script = string(job.Script)
				if !sendRun() {
					continue
				}
				// Reset alone (Go ≥ 1.23 timers): draining a timer whose
				// value a kill already took would block forever.
				kill.Reset(lim.Timeout + p.cfg.KillGrace + compileAllowance(len(run.Script)))
			case kindDone:
				var m doneMsg
				if err := decodeFrame(f.payload, &m); err != nil || m.Event != id {
					w.kill("protocol violation: bad done frame")
					continue
				}
				if run.Warm != nil {
					w.noteWarm(warmJobKey(job), m.Discard == "")
				}
				return p.result(job, rc, &m)
			default:
				w.kill(fmt.Sprintf("protocol violation: unexpected frame %q", f.kind))
			}
		case <-kill.C:
			w.kill(deadlineKill(lim.Timeout, p.cfg.KillGrace))
		case <-done:
			done = nil
			_ = w.send(kindCancel, &cancelMsg{Event: id})
			// Give the worker the grace period to stop cleanly, no more.
			kill.Reset(p.cfg.KillGrace)
		}
	}
}

// compileAllowance is the extra time the host grants a worker to compile a
// script it was just sent: generous for real bundles (goja compiles a
// megabyte in well under a second), still bounded for hostile ones.
func compileAllowance(scriptBytes int) time.Duration {
	if scriptBytes == 0 {
		return 0
	}
	return 250*time.Millisecond + time.Duration(scriptBytes)*time.Second/(1<<20)
}

const deadlineKillPrefix = "the event did not end within its deadline"

func deadlineKill(timeout, grace time.Duration) string {
	return fmt.Sprintf("%s (%v) plus %v grace; the worker was killed (a built-in such as a backtracking regexp or a huge allocation ignores interrupts)",
		deadlineKillPrefix, timeout, grace)
}

func (p *process) killed() bool {
	p.killMu.Lock()
	defer p.killMu.Unlock()
	return p.killReason != ""
}

func (p *process) killReasonIsDeadline() bool {
	p.killMu.Lock()
	defer p.killMu.Unlock()
	return len(p.killReason) >= len(deadlineKillPrefix) && p.killReason[:len(deadlineKillPrefix)] == deadlineKillPrefix
}

// result turns a worker's report into the Result, mapping any JS stack
// through the job's source map.
func (p *Pool) result(job *Job, rc Receipt, m *doneMsg) Result {
	rc.Outcome = m.Outcome
	rc.CPU = time.Duration(m.CPUMicros) * time.Microsecond
	rc.Compiled = m.Compiled
	rc.CompileTime = time.Duration(m.CompileUs) * time.Microsecond
	rc.HostCalls = m.HostCalls
	rc.BytesOut = len(m.Value)
	rc.LogLines = len(m.Logs)
	rc.LogsDropped = m.LogsDropped
	rc.Memory, rc.Allocated = m.MemoryBytes, m.AllocBytes
	if m.Outcome != "" && !job.compileOnly {
		rc.Runtime = RuntimeCold
		if m.Warm {
			rc.Runtime = RuntimeWarm
		}
		rc.RuntimeDiscarded = m.Discard
	}
	res := Result{Value: m.Value, Logs: m.Logs, LogsDropped: m.LogsDropped}
	if job.Nondet != nil {
		res.Nondet = &NondetReport{Clock: m.Clock, ClockTruncated: m.ClockTrunc, ClockOverrun: m.ClockOverrun}
	}
	if m.Err != nil {
		e := &JSError{Name: m.Err.Name, Message: m.Err.Message, GeneratedStack: m.Err.Stack}
		if m.Err.Stack != "" {
			e.Frames, e.Stack = mapStack(e.Name+": "+e.Message, m.Err.Stack, p.maps.get(job.BundleHash, job.SourceMap))
		}
		res.Err = e
		rc.Reason = truncate(e.Name+": "+e.Message, 500)
		if len(e.Frames) > 0 {
			f := e.Frames[0]
			rc.Reason += fmt.Sprintf(" (at %s:%d:%d)", f.File, f.Line, f.Column)
		}
	}
	res.Receipt = rc
	return res
}
