package sandbox

import (
	"container/list"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/dop251/goja"
	"github.com/dop251/goja/parser"
	"github.com/soukhq/souk/internal/cpuprofile"
)

// Environment variables the host sets for a worker. The worker reads them
// and then clears its whole environment, so nothing of the host's
// environment survives into the process that runs JS.
const (
	// EnvWorker marks a process as a sandbox worker (used by test binaries
	// that re-execute themselves; souk uses the "sandbox-worker" subcommand).
	EnvWorker = "SOUK_SANDBOX_WORKER"
	// envMemory is the worker's memory budget in bytes.
	envMemory = "SOUK_SANDBOX_MEMORY"
	// envProcs overrides the worker's GOMAXPROCS (for experiments).
	envProcs = "SOUK_SANDBOX_PROCS"
	// EnvCPUProfile names a directory where each worker writes a Go CPU
	// profile of its life, worker-<pid>.prof, when its input closes (the
	// benchmarks' --worker-cpuprofile; a worker that is killed writes
	// nothing). It is read before the environment is cleared.
	EnvCPUProfile = "SOUK_SANDBOX_CPUPROFILE"
)

// Exit codes a worker uses for deaths it detects itself.
const (
	exitProtocol = 3 // malformed or oversized frame from the host
	exitMemory   = 4 // the memory watchdog saw the budget exceeded
)

// bundleName is the file name goja gives the bundle script; stack frames
// with this name are mapped through the source map on the host.
const bundleName = "bundle.js"

// setupName is the file name of the sandbox's setup script in stacks.
const setupName = "souk-setup.js"

// programCacheSize and programCacheBytes bound the compiled bundles a worker
// keeps (by count, and by script bytes since a compiled program is a few
// times its source). An evicted bundle costs a need-script round trip.
const (
	programCacheSize  = 64
	programCacheBytes = 24 << 20
)

// WorkerMain is the main function of a sandbox worker process: it applies
// the process limits, then serves events framed on stdin/stdout until stdin
// closes. It never returns.
func WorkerMain() {
	stop := func() {}
	if dir := os.Getenv(EnvCPUProfile); dir != "" {
		var err error
		if stop, err = cpuprofile.Start(filepath.Join(dir, fmt.Sprintf("worker-%d.prof", os.Getpid()))); err != nil {
			fmt.Fprintln(os.Stderr, "sandbox worker:", err)
			os.Exit(1)
		}
	}
	code := serveWorker(os.Stdin, os.Stdout)
	stop()
	os.Exit(code)
}

// applyProcessLimits confines the worker process before any JS runs.
func applyProcessLimits() {
	mem := int64(defaultMemoryLimit)
	if v, err := strconv.ParseInt(os.Getenv(envMemory), 10, 64); err == nil && v > 0 {
		mem = v
	}
	// GOMAXPROCS stays at the default: measured on 2 cores, a single P per
	// worker was slower (the GC then cannot run beside the JS).
	if v, err := strconv.Atoi(os.Getenv(envProcs)); err == nil && v > 0 {
		runtime.GOMAXPROCS(v)
	}
	// Nothing of the host's environment is reachable from JS anyway; clearing
	// it means a future bug cannot expose it either.
	os.Clearenv()
	debug.SetMaxStack(workerMaxStack)
	// The soft limit makes the GC work hard before the hard limits hit; with
	// it in place the GC can otherwise run rarely: every event allocates a
	// fresh runtime that is garbage a moment later.
	debug.SetMemoryLimit(mem * 3 / 4)
	debug.SetGCPercent(workerGCPercent)
	if !raceEnabled {
		// RLIMIT_AS is the hard guarantee: an allocation past it fails and
		// the Go runtime dies with "out of memory" instead of eating the
		// machine. It limits address space, not memory: the Go runtime has
		// already reserved some, and its heap reserves arenas ahead of use and
		// never unmaps them, so the limit is what is mapped now plus twice the
		// budget. The watchdog holds actual use to the budget itself.
		if vm := vmSize(); vm > 0 {
			lim := uint64(vm + 2*mem)
			_ = syscall.Setrlimit(syscall.RLIMIT_AS, &syscall.Rlimit{Cur: lim, Max: lim})
		}
	}
	workerMemoryLimit = mem
	go memoryWatchdog(mem)
}

// vmSize returns the process's mapped address space in bytes.
func vmSize() int64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmSize:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 10, 64)
			if err != nil {
				return 0
			}
			return kb << 10
		}
	}
	return 0
}

// memoryWatchdog exits the worker when the Go runtime's total memory passes
// the budget. It is the backstop where RLIMIT_AS cannot be used (race
// builds) and catches gradual growth before the kernel limit does.
func memoryWatchdog(limit int64) {
	for {
		time.Sleep(10 * time.Millisecond)
		checkMemory(limit)
		checkEventMemory()
	}
}

// workerMemoryLimit is the budget checkMemory enforces (set once at start).
var workerMemoryLimit int64 = defaultMemoryLimit

// checkMemory exits the worker if the Go runtime holds more than limit
// bytes (mapped minus returned to the OS). The worker also calls it after
// every event, so an event that allocated past the budget between two
// watchdog ticks never reports success.
func checkMemory(limit int64) {
	sample := []metrics.Sample{{Name: "/memory/classes/total:bytes"}, {Name: "/memory/classes/heap/released:bytes"}}
	metrics.Read(sample)
	if sample[0].Value.Kind() != metrics.KindUint64 || sample[1].Value.Kind() != metrics.KindUint64 {
		return
	}
	used := int64(sample[0].Value.Uint64() - sample[1].Value.Uint64())
	if used > limit {
		fmt.Fprintf(os.Stderr, "souk-worker: memory limit exceeded (%d > %d bytes)\n", used, limit)
		os.Exit(exitMemory)
	}
}

// workerState is one worker process's serving state.
type workerState struct {
	out *frameWriter // written only by the serving goroutine

	mu  sync.Mutex
	cur *event // the running event, for routing replies and cancels

	setup       *goja.Program
	globals     *goja.Program // globalsJS, run after setup
	next        *event        // a fresh runtime prepared for the next event
	nextErr     error
	programs    map[string]*list.Element // hash → element of lru (value *cachedProgram)
	lru         *list.List
	cachedBytes int
	warm        *warmCache // runtimes kept warm per installation (worker_warm.go)
}

type cachedProgram struct {
	hash string
	size int // script bytes
	prog *goja.Program
	err  error
}

func newWorkerState(out io.Writer) (*workerState, error) {
	setup, err := goja.Compile(setupName, setupJS, true)
	if err != nil {
		return nil, fmt.Errorf("setup script: %w", err)
	}
	globals, err := goja.Compile(globalsName, globalsJS, true)
	if err != nil {
		return nil, fmt.Errorf("globals script: %w", err)
	}
	return &workerState{
		out:      newFrameWriter(out, maxWorkerFrame),
		setup:    setup,
		globals:  globals,
		programs: map[string]*list.Element{},
		lru:      list.New(),
		warm:     newWarmCache(),
	}, nil
}

// serveWorker runs the worker protocol and returns the exit code.
func serveWorker(in io.Reader, out io.Writer) int {
	applyProcessLimits()
	w, err := newWorkerState(out)
	if err != nil {
		fmt.Fprintln(os.Stderr, "souk-worker:", err)
		return 1
	}
	w.prewarm()
	measureBaseline()
	if err := w.out.write(kindHello, &helloMsg{PID: os.Getpid()}); err != nil {
		return 1
	}
	runs := make(chan *runMsg, 1)
	readErr := make(chan error, 1)
	go func() { readErr <- w.readLoop(newFrameReader(in, maxHostFrame), runs) }()
	sweep := time.NewTicker(time.Second)
	defer sweep.Stop()
	for {
		w.prewarm()
		select {
		case now := <-sweep.C:
			w.sweepIdle(now)
		case run := <-runs:
			w.serve(run)
		case err := <-readErr:
			if err == io.EOF {
				return 0
			}
			fmt.Fprintln(os.Stderr, "souk-worker:", err)
			return exitProtocol
		}
	}
}

// readLoop reads host frames: runs go to the serving goroutine, replies and
// cancels to the running event's inbox (its one way back onto its loop).
func (w *workerState) readLoop(fr *frameReader, runs chan<- *runMsg) error {
	for {
		kind, payload, err := fr.read()
		if err != nil {
			return err
		}
		switch kind {
		case kindRun:
			var m runMsg
			if err := decodeFrame(payload, &m); err != nil {
				return fmt.Errorf("decode run: %w", err)
			}
			runs <- &m
		case kindReply:
			var m replyMsg
			if err := decodeFrame(payload, &m); err != nil {
				return fmt.Errorf("decode reply: %w", err)
			}
			if ev := w.current(m.Event); ev != nil {
				ev.post(func() error { return ev.deliver(&m) })
			}
		case kindCancel:
			var m cancelMsg
			if err := decodeFrame(payload, &m); err != nil {
				return fmt.Errorf("decode cancel: %w", err)
			}
			if ev := w.current(m.Event); ev != nil {
				ev.haltEvent(m.Event, errCanceled)
				ev.post(func() error {
					if ev.id != m.Event {
						return nil // the event ended; its runtime serves another
					}
					return errCanceled
				})
			}
		default:
			return fmt.Errorf("unknown frame kind %q", kind)
		}
	}
}

func (w *workerState) current(id uint64) *event {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.cur != nil && w.cur.id == id {
		return w.cur
	}
	return nil
}

func (w *workerState) setCurrent(ev *event) {
	w.mu.Lock()
	w.cur = ev
	w.mu.Unlock()
}

// program returns the compiled bundle for hash, compiling script if given.
// ok is false when the worker has neither the program nor the script.
// Compiling happens here, in the worker, because goja's parser can die of
// a stack overflow on hostile input; that kills a worker, not the server.
func (w *workerState) program(hash, script string) (p *cachedProgram, compiled bool, ok bool) {
	if el, hit := w.programs[hash]; hit {
		w.lru.MoveToFront(el)
		return el.Value.(*cachedProgram), false, true
	}
	if script == "" {
		return nil, false, false
	}
	p = &cachedProgram{hash: hash}
	ast, err := goja.Parse(bundleName, script, parser.WithDisableSourceMaps)
	if err == nil {
		err = checkConstants(script, ast)
	}
	if err == nil {
		p.prog, err = goja.CompileAST(ast, false)
	}
	p.err = err
	w.programs[hash] = w.lru.PushFront(p)
	w.cachedBytes += len(script)
	p.size = len(script)
	for w.lru.Len() > programCacheSize || (w.cachedBytes > programCacheBytes && w.lru.Len() > 1) {
		old := w.lru.Remove(w.lru.Back()).(*cachedProgram)
		delete(w.programs, old.hash)
		w.cachedBytes -= old.size
	}
	return p, true, true
}

// serve runs one event and reports it.
func (w *workerState) serve(run *runMsg) {
	start := time.Now()
	cpu0 := cpuTime()
	prog, compiled, ok := w.program(run.Hash, run.Script)
	if !ok {
		_ = w.out.write(kindNeedScript, &needScriptMsg{Event: run.Event, Hash: run.Hash})
		return
	}
	var compileUs int64
	if compiled {
		compileUs = time.Since(start).Microseconds()
	}
	var done doneMsg
	if prog.err != nil {
		name, msg := "SyntaxError", strings.TrimPrefix(prog.err.Error(), "SyntaxError: ")
		if _, ok := prog.err.(*errConstTooLarge); ok {
			name = "CompileError"
		}
		done = doneMsg{Outcome: OutcomeError, Err: &wireError{Name: name, Message: truncate(msg, maxErrMessage)}}
	} else if run.CompileOnly {
		done = doneMsg{Outcome: OutcomeOK}
	} else {
		ev := w.warmRuntime(run)
		warm := ev != nil
		if !warm {
			var err error
			if ev, err = w.takeEvent(); err != nil {
				fmt.Fprintln(os.Stderr, "souk-worker: prepare runtime:", err)
				os.Exit(1)
			}
		}
		if compiled {
			measureBaseline() // the compiled program stays cached: it is not the event's
		}
		ev.bind(run)
		w.setCurrent(ev)
		mem := startEventMemory(ev, run.Limits.MaxMemory)
		done = w.runEvent(ev, prog.prog)
		done.MemoryBytes, done.AllocBytes = mem.end()
		done.Warm = warm
		done.Discard = w.keepWarm(ev, run, &done)
		w.rebase()
	}
	checkMemory(workerMemoryLimit)
	done.Event = run.Event
	done.Compiled = compiled
	done.CompileUs = compileUs
	done.CPUMicros = (cpuTime() - cpu0).Microseconds()
	err := w.out.write(kindDone, &done)
	if errors.Is(err, errFrameTooLarge) {
		// Impossible by construction (maxWorkerFrame covers the caps); if
		// it ever happens, the logs go rather than the worker.
		done.LogsDropped += len(done.Logs)
		done.Logs = []LogLine{{Level: "warn", Message: "the event's logs did not fit the sandbox's frame and were dropped"}}
		err = w.out.write(kindDone, &done)
	}
	if err != nil {
		// The done frame is capped by construction; failing to write means
		// the host is gone.
		fmt.Fprintln(os.Stderr, "souk-worker: write done:", err)
		os.Exit(1)
	}
}

// prewarm prepares the next event's runtime if none is ready.
func (w *workerState) prewarm() {
	if w.next == nil {
		w.next, w.nextErr = w.prepareEvent()
	}
}

// takeEvent returns the prepared runtime (preparing one if needed).
func (w *workerState) takeEvent() (*event, error) {
	w.prewarm()
	ev, err := w.next, w.nextErr
	w.next, w.nextErr = nil, nil
	return ev, err
}

// cpuTime is the process's user+system CPU time. A worker runs one event at
// a time, so the delta over an event is that event's CPU (GC included).
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}
