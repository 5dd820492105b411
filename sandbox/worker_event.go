package sandbox

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/dop251/goja"
	"github.com/dop251/goja/parser"
)

// Interrupt values: why JS was stopped.
var (
	errTimeout  = errors.New("deadline exceeded")
	errCanceled = errors.New("canceled by the host")
)

const (
	maxErrMessage = 4 << 10
	maxErrStack   = 16 << 10
	maxErrName    = 200
	maxLogLine    = 4 << 10
)

// event is a goja runtime with the sandbox installed and the handler
// invocation it is running, with its own loop. Other goroutines reach the
// loop only through post. A runtime serves one event, or, kept warm
// (worker_warm.go), the events of one installation of one bundle one after
// another: bind resets everything that belongs to an event, and the ids
// that outlive an event (host calls, timers) only grow, so nothing an event
// left behind (a late reply, a timer, a cancel) reaches the next one.
type event struct {
	w     *workerState
	id    uint64
	msg   *runMsg
	lim   wireLimits
	vm    *goja.Runtime
	start time.Time

	warm warmState // the runtime's life across events (worker_warm.go)
	nd   nondet    // this event's sources of nondeterminism (worker_globals.go)
	// clock logs the clock of an event recorded or replayed (worker_nondet.go).
	clock *clockLog

	inbox    chan func() error
	deadline chan struct{}
	timer    *time.Timer

	haltMu sync.Mutex
	why    error  // errTimeout, errMemory or errCanceled once the event was halted (see halt)
	gen    uint64 // the event id halts apply to (under haltMu)

	helpers struct {
		run, toJSON, describe, parse, hostError goja.Callable
	}

	pending   map[uint64]pendingCall
	nextCall  uint64
	hostCalls int

	timers      map[int64]*time.Timer
	timersMade  int
	nextTimerID int64

	logs        []LogLine
	logBytes    int
	logsDropped int

	rejected []*goja.Promise // rejected with no handler yet
}

type pendingCall struct {
	resolve, reject func(any) error
}

// prepareEvent builds a fresh runtime with the sandbox installed, ready for
// the next event. The worker does this while it waits for that event's run
// frame, so the cost of a new runtime is off the event's critical path. The
// runtime then serves that event only, or, kept warm, later events of the
// same installation and bundle (keepWarm).
func (w *workerState) prepareEvent() (*event, error) {
	ev := &event{
		vm: goja.New(),
		w:  w,
		// One inbox for the runtime's life, with room for everything an
		// event at the caps can post: posts never block, and a post meant
		// for an earlier event finds nothing to act on (see bind).
		inbox: make(chan func() error, LimitCaps.MaxHostCalls+LimitCaps.MaxTimers+4),
	}
	ev.nd = newNondet()
	ev.vm.SetParserOptions(parser.WithDisableSourceMaps)
	ev.vm.SetPromiseRejectionTracker(ev.trackRejection)
	// Math.random and the clock are read through the running event, so
	// what replay would record stays per event in a warm runtime too.
	ev.vm.SetRandSource(func() float64 { return ev.nd.float() })
	ev.vm.SetTimeSource(func() time.Time { return ev.nd.now() })
	if err := ev.install(w.setup, w.globals); err != nil {
		return nil, err
	}
	return ev, nil
}

// bind gives a runtime its next event, resetting every per-event field. It
// happens before the event is published to the frame reader (which may post
// replies or interrupt it). Host-call and timer ids are not reset: a late
// reply or timer of an earlier event names an id the new event never had.
func (ev *event) bind(run *runMsg) {
	lim := run.Limits
	ev.haltMu.Lock()
	ev.id, ev.gen, ev.why = run.Event, run.Event, nil
	ev.vm.ClearInterrupt()
	ev.haltMu.Unlock()
	ev.msg, ev.lim = run, lim
	ev.start = time.Now()
	ev.nd, ev.clock = newNondet(), nil
	if run.Nd != nil {
		ev.nd, ev.clock = seededNondet(run.Nd)
	}
	for drained := false; !drained; {
		select {
		case <-ev.inbox: // posted for an earlier event
		default:
			drained = true
		}
	}
	ev.deadline = make(chan struct{})
	ev.timer = nil
	ev.pending = map[uint64]pendingCall{}
	ev.hostCalls = 0
	ev.timers = map[int64]*time.Timer{}
	ev.timersMade = 0
	ev.logs, ev.logBytes, ev.logsDropped = nil, 0, 0
	ev.rejected = nil
	ev.vm.SetMaxCallStackSize(lim.MaxCallStack)
}

// post queues f to run on the event's loop. It never blocks: the inbox has
// room for every reply and timer an event may cause, and anything beyond
// (impossible by construction) is dropped rather than stalling the reader.
func (ev *event) post(f func() error) {
	select {
	case ev.inbox <- f:
	default:
	}
}

// stop releases the event's timers after it ended. It reports false when
// the deadline fired meanwhile (the runtime may have been interrupted).
func (ev *event) stop() bool {
	clean := true
	if ev.timer != nil {
		clean = ev.timer.Stop()
	}
	for _, t := range ev.timers {
		t.Stop()
	}
	return clean
}

// run executes the bound event and returns its report (without Event/CPU
// fields).
func (ev *event) run(bundle *goja.Program) (done doneMsg) {
	id, deadline := ev.id, ev.deadline
	ev.timer = time.AfterFunc(time.Duration(ev.lim.TimeoutMs)*time.Millisecond, func() {
		ev.haltEvent(id, errTimeout)
		close(deadline)
	})
	defer func() {
		// Once halted, a result the JS managed to finish with does not
		// count: an event never ends "ok" past its deadline. (An error it
		// raised stands: it is the more useful report, and describing it
		// ran no JS after the halt, see appError.)
		if why := ev.halted(); why != nil && (done.Outcome == OutcomeOK || done.Outcome == OutcomeTooLarge || done.Outcome == OutcomeUnsettled) {
			done = ev.fail(why)
		}
		done.Logs, done.LogsDropped, done.HostCalls = ev.logs, ev.logsDropped, ev.hostCalls
		ev.clock.report(&done)
	}()
	return ev.steps(bundle)
}

// steps runs the bundle, the handler and its loop, and serialises the result.
func (ev *event) steps(bundle *goja.Program) doneMsg {
	vm := ev.vm
	if !ev.warm.loaded {
		// The bundle's top level runs once per runtime; a warm runtime only
		// calls the handler. A top level that fails leaves the runtime
		// unloaded, and it is discarded.
		nd := ev.nd
		if m := ev.msg.Nd; m != nil && m.Replay && m.SkipTop {
			// The recorded event found the top level already run: it reads
			// live sources here, the recording is for the handler.
			ev.nd = newNondet()
		}
		_, err := vm.RunProgram(bundle)
		ev.nd = nd
		if err != nil {
			return ev.fail(err)
		}
		ev.warm.loaded = true
	}
	args := make([]any, len(ev.msg.Args))
	for i, a := range ev.msg.Args {
		v, err := ev.fromJSON(string(a))
		if err != nil {
			return ev.fail(err)
		}
		args[i] = v
	}
	pv, err := ev.helpers.run(goja.Undefined(), vm.ToValue(ev.msg.Handler), vm.NewArray(args...))
	if err != nil {
		return ev.fail(err)
	}
	p, ok := pv.Export().(*goja.Promise)
	if !ok {
		return ev.fail(errors.New("internal: run did not return a promise"))
	}
	if err := ev.drive(p); err != nil {
		return ev.fail(err)
	}
	if err := ev.reportUnhandled(p); err != nil {
		return ev.fail(err)
	}
	if p.State() == goja.PromiseStateRejected {
		return ev.appError(p.Result())
	}
	out, err := valueToJSON(vm, p.Result(), ev.lim.MaxResultBytes)
	if err == errNeedSlowJSON {
		var s goja.Value
		if s, err = ev.helpers.toJSON(goja.Undefined(), p.Result()); err == nil {
			out = []byte(s.String())
			if len(out) > ev.lim.MaxResultBytes {
				err = errResultTooLarge
			}
		}
	}
	switch {
	case err == errResultTooLarge:
		return doneMsg{Outcome: OutcomeTooLarge, Err: &wireError{Name: "ResultTooLarge",
			Message: fmt.Sprintf("the handler's result is more than %d bytes of JSON, the limit", ev.lim.MaxResultBytes)}}
	case err != nil:
		return ev.fail(err)
	}
	return doneMsg{Outcome: OutcomeOK, Value: out}
}

// drive runs the loop until p settles. A pending promise with nothing left
// that could settle it (no host call in flight, no timer) is "unsettled".
func (ev *event) drive(p *goja.Promise) error {
	for p.State() == goja.PromiseStatePending {
		// select picks at random among ready cases: without this check a
		// queued timer or reply could run after the deadline.
		if err := ev.halted(); err != nil {
			return err
		}
		if len(ev.pending) == 0 && len(ev.timers) == 0 {
			return errUnsettled
		}
		select {
		case f := <-ev.inbox:
			if err := f(); err != nil {
				return err
			}
			if err := ev.halted(); err != nil {
				return err
			}
		case <-ev.deadline:
			return errTimeout
		}
	}
	return nil
}

var errUnsettled = errors.New("the handler's promise never settled and nothing is pending that could settle it")

// install runs the setup script and keeps its private helpers.
func (ev *event) install(setup, globals *goja.Program) error {
	vm := ev.vm
	f, err := vm.RunProgram(setup)
	if err != nil {
		return err
	}
	fn, ok := goja.AssertFunction(f)
	if !ok {
		return errors.New("internal: setup did not return a function")
	}
	h, err := fn(goja.Undefined(),
		vm.ToValue(ev.jsHostCall), vm.ToValue(ev.jsHostLog), vm.ToValue(ev.jsHostTimer), vm.ToValue(ev.jsHostClear))
	if err != nil {
		return err
	}
	obj := h.ToObject(vm)
	get := func(name string) goja.Callable {
		c, _ := goja.AssertFunction(obj.Get(name))
		return c
	}
	ev.helpers.run, ev.helpers.toJSON, ev.helpers.describe = get("run"), get("toJSON"), get("describe")
	ev.helpers.parse, ev.helpers.hostError = get("parse"), get("hostError")
	return ev.installGlobals(globals)
}

// fail turns an error out of the VM into the event's report.
func (ev *event) fail(err error) doneMsg {
	var intr *goja.InterruptedError
	if errors.As(err, &intr) {
		switch intr.Value() {
		case errCanceled:
			return doneMsg{Outcome: OutcomeCanceled, Err: &wireError{Name: "Canceled", Message: errCanceled.Error()}}
		case errMemory:
			return ev.memoryMsg()
		default:
			return ev.timeoutMsg()
		}
	}
	switch err {
	case errTimeout:
		return ev.timeoutMsg()
	case errMemory:
		return ev.memoryMsg()
	case errCanceled:
		return doneMsg{Outcome: OutcomeCanceled, Err: &wireError{Name: "Canceled", Message: errCanceled.Error()}}
	case errUnsettled:
		return doneMsg{Outcome: OutcomeUnsettled, Err: &wireError{Name: "Unsettled", Message: err.Error()}}
	}
	var ex *goja.Exception
	if errors.As(err, &ex) {
		return ev.appError(ex.Value())
	}
	// Anything but a value thrown by JS (a stack overflow, the engine's own
	// failure) leaves the runtime in a state nobody checked: never reused.
	ev.warm.poisoned = true
	var so *goja.StackOverflowError
	if errors.As(err, &so) {
		return doneMsg{Outcome: OutcomeError, Err: &wireError{Name: "RangeError", Message: "Maximum call stack size exceeded",
			Stack: truncate(so.String(), maxErrStack)}}
	}
	return doneMsg{Outcome: OutcomeError, Err: &wireError{Name: "Error", Message: truncate(err.Error(), maxErrMessage)}}
}

func (ev *event) memoryMsg() doneMsg {
	return doneMsg{Outcome: OutcomeMemoryLimit, Err: &wireError{Name: "MemoryLimit",
		Message: fmt.Sprintf("the event held more than its %d MiB of memory and was stopped", ev.lim.MaxMemory>>20)}}
}

func (ev *event) timeoutMsg() doneMsg {
	return doneMsg{Outcome: OutcomeTimeout, Err: &wireError{Name: "Timeout",
		Message: fmt.Sprintf("the event exceeded its %d ms deadline and was interrupted", ev.lim.TimeoutMs)}}
}

// appError describes a thrown or rejected JS value without trusting it:
// the describe helper reads name/message/stack inside try/catch.
func (ev *event) appError(v goja.Value) doneMsg {
	if why := ev.halted(); why != nil {
		return ev.fail(why) // describing it would run JS (getters)
	}
	if v == nil {
		v = goja.Undefined()
	}
	d, err := ev.helpers.describe(goja.Undefined(), v)
	if err != nil {
		// Only uncatchable errors (interrupts) get here.
		return ev.fail(err)
	}
	o := d.ToObject(ev.vm)
	we := &wireError{Name: clipValue(o.Get("name"), maxErrName)}
	if pv := o.Get("value"); pv != nil {
		we.Message = clipValue(pv, maxErrMessage) // a thrown primitive
	} else {
		we.Message = clipValue(o.Get("message"), maxErrMessage)
		we.Stack = clipValue(o.Get("stack"), maxErrStack)
	}
	return doneMsg{Outcome: OutcomeError, Err: we}
}

// The js* functions are the Go halves of the setup script's globals, in
// goja's native calling convention (no reflection on the hot path). They
// receive only strings and numbers the setup script has already produced.

func (ev *event) jsHostCall(c goja.FunctionCall) goja.Value {
	// Measure the JSON before copying it out of the VM.
	if s, ok := c.Argument(1).(goja.String); ok && s.Length() > ev.lim.MaxCallBytes {
		return ev.vm.ToValue(ev.tooLarge())
	}
	args := c.Argument(1).String()
	if len(args) > ev.lim.MaxCallBytes {
		return ev.vm.ToValue(ev.tooLarge())
	}
	return ev.vm.ToValue(ev.hostCall(c.Argument(0).String(), args))
}

func (ev *event) tooLarge() *goja.Promise {
	p, _, reject := ev.vm.NewPromise()
	ev.rejectNow(reject, "call_too_large", fmt.Sprintf("host call arguments exceed %d bytes", ev.lim.MaxCallBytes))
	return p
}

// jsHostLog joins the parts console.* prepared (strings, or primitives it
// left for Go to print), clipping each before copying it out of the VM.
func (ev *event) jsHostLog(c goja.FunctionCall) goja.Value {
	if ev.logFull() {
		ev.logsDropped++
		return goja.Undefined()
	}
	var b strings.Builder
	if parts, ok := c.Argument(1).(*goja.Object); ok {
		n := int(parts.Get("length").ToInteger())
		for i := 0; i < n && b.Len() < maxLogLine; i++ {
			if i > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(clipValue(parts.Get(strconv.Itoa(i)), maxLogLine-b.Len()))
		}
	}
	ev.hostLog(c.Argument(0).String(), b.String())
	return goja.Undefined()
}

// clipValue prints a primitive, copying at most n characters out of a
// JS string.
func clipValue(v goja.Value, n int) string {
	if v == nil {
		return "undefined"
	}
	switch x := v.(type) {
	case goja.String:
		if x.Length() > n {
			return x.Substring(0, max(n, 0)).String() + "…"
		}
	case *goja.Symbol:
		return truncate("Symbol("+x.String()+")", n)
	}
	return truncate(v.String(), n)
}

func (ev *event) jsHostTimer(c goja.FunctionCall) goja.Value {
	fn, ok := goja.AssertFunction(c.Argument(0))
	if !ok {
		panic(ev.vm.NewTypeError("setTimeout needs a function"))
	}
	return ev.vm.ToValue(ev.hostTimer(fn, c.Argument(1).ToFloat()))
}

func (ev *event) jsHostClear(c goja.FunctionCall) goja.Value {
	ev.hostClear(c.Argument(0).ToInteger())
	return goja.Undefined()
}

// hostCall is souk.call's Go half: it sends the call to the host and returns
// a promise that deliver settles when the answer comes back on the loop.
func (ev *event) hostCall(name, argsJSON string) *goja.Promise {
	p, resolve, reject := ev.vm.NewPromise()
	if ev.hostCalls >= ev.lim.MaxHostCalls {
		ev.rejectNow(reject, "host_call_limit", fmt.Sprintf("this event already made %d host calls, the limit", ev.lim.MaxHostCalls))
		return p
	}
	if len(name) > 200 {
		ev.rejectNow(reject, "bad_call", "host API name too long")
		return p
	}
	ev.hostCalls++
	ev.nextCall++
	id := ev.nextCall
	if err := ev.w.out.write(kindCall, &callMsg{Event: ev.id, Call: id, Name: name, Args: json.RawMessage(argsJSON)}); err != nil {
		ev.rejectNow(reject, "bad_call", "the host call could not be sent: "+err.Error())
		return p
	}
	ev.pending[id] = pendingCall{resolve: resolve, reject: reject}
	return p
}

func (ev *event) rejectNow(reject func(any) error, code, msg string) {
	e, err := ev.helpers.hostError(goja.Undefined(), ev.vm.ToValue(code), ev.vm.ToValue(msg))
	if err != nil {
		panic(err)
	}
	_ = reject(e)
}

// deliver settles a host call's promise with the host's answer (on the loop).
func (ev *event) deliver(m *replyMsg) error {
	if err := ev.halted(); err != nil {
		return err
	}
	pc, ok := ev.pending[m.Call]
	if !ok {
		return nil
	}
	delete(ev.pending, m.Call)
	if m.Err != nil {
		e, err := ev.helpers.hostError(goja.Undefined(), ev.vm.ToValue(m.Err.Code), ev.vm.ToValue(m.Err.Message))
		if err != nil {
			return err
		}
		return pc.reject(e)
	}
	raw := m.Result
	if len(raw) == 0 {
		raw = json.RawMessage("null")
	}
	v, err := ev.fromJSON(string(raw))
	if err != nil {
		return err
	}
	return pc.resolve(v)
}

// fromJSON copies host JSON into the runtime as plain JS values, with the
// fast converter, or JSON.parse for nesting the converter refuses.
func (ev *event) fromJSON(raw string) (goja.Value, error) {
	v, err := jsonToValue(ev.vm, raw)
	if err == errJSONDepth {
		return ev.helpers.parse(goja.Undefined(), ev.vm.ToValue(raw))
	}
	return v, err
}

// hostLog is console.*'s Go half, capped per event.
func (ev *event) logFull() bool {
	return len(ev.logs) >= ev.lim.MaxLogLines || ev.logBytes >= ev.lim.MaxLogBytes
}

func (ev *event) hostLog(level, msg string) {
	if len(ev.logs) >= ev.lim.MaxLogLines || ev.logBytes+len(msg) > ev.lim.MaxLogBytes {
		ev.logsDropped++
		return
	}
	msg = truncate(msg, maxLogLine)
	ev.logBytes += len(msg)
	ev.logs = append(ev.logs, LogLine{Level: level, Message: msg, AtMicros: time.Since(ev.start).Microseconds()})
}

// hostTimer is setTimeout's Go half: the callback runs on the event's loop
// and dies with the event.
func (ev *event) hostTimer(fn goja.Callable, ms float64) int64 {
	if ev.timersMade >= ev.lim.MaxTimers {
		panic(ev.vm.NewTypeError(fmt.Sprintf("timer limit reached: an event may call setTimeout %d times", ev.lim.MaxTimers)))
	}
	ev.timersMade++
	ev.nextTimerID++
	id := ev.nextTimerID
	if !(ms > 0) { // NaN, negative
		ms = 0
	}
	d := time.Duration(min(ms, 3600e3)) * time.Millisecond
	ev.timers[id] = time.AfterFunc(d, func() {
		ev.post(func() error {
			if _, ok := ev.timers[id]; !ok {
				return nil // cleared
			}
			delete(ev.timers, id)
			if err := ev.halted(); err != nil {
				return err
			}
			_, err := fn(goja.Undefined())
			var ex *goja.Exception
			if errors.As(err, &ex) {
				// An exception in a timer callback is reported, like an
				// uncaught error in a browser, and does not end the event.
				// Describing it runs JS (getters) that the deadline may
				// interrupt: then the event ends, it is not logged.
				d := ev.appError(ex.Value())
				if err := ev.halted(); err != nil {
					return err
				}
				ev.hostLog("error", "uncaught exception in setTimeout callback: "+d.Err.Name+": "+d.Err.Message)
				return nil
			}
			return err
		})
	})
	return id
}

func (ev *event) hostClear(id int64) {
	if t, ok := ev.timers[id]; ok {
		t.Stop()
		delete(ev.timers, id)
	}
}

func (ev *event) trackRejection(p *goja.Promise, op goja.PromiseRejectionOperation) {
	switch op {
	case goja.PromiseRejectionReject:
		ev.rejected = append(ev.rejected, p)
	case goja.PromiseRejectionHandle:
		for i, q := range ev.rejected {
			if q == p {
				ev.rejected = append(ev.rejected[:i], ev.rejected[i+1:]...)
				break
			}
		}
	}
}

// reportUnhandled logs rejections nobody handled (other than the result).
// Describing a rejection runs JS (getters); if the event is halted meanwhile
// it stops and returns why.
func (ev *event) reportUnhandled(result *goja.Promise) error {
	n := 0
	for _, p := range ev.rejected {
		if p == result {
			continue
		}
		if n++; n > 5 {
			ev.hostLog("warn", "more unhandled promise rejections omitted")
			break
		}
		d := ev.appError(p.Result())
		if err := ev.halted(); err != nil {
			return err
		}
		if d.Err != nil {
			ev.hostLog("warn", "unhandled promise rejection: "+d.Err.Name+": "+d.Err.Message)
		}
	}
	return nil
}

// halt stops the event for good (the deadline passed, it held more memory
// than its limit, or the host canceled it). goja clears its interrupt flag when an interrupted call
// returns to Go, and the worker calls into JS again after that (timer
// callbacks, describing errors, serialising the result): so the reason is
// kept here and halted re-arms the interrupt before any further call. Once
// halted, no JS of the event runs again, whatever it catches. The first
// reason wins.
func (ev *event) halt(why error) {
	ev.haltMu.Lock()
	if ev.why == nil {
		ev.why = why
	}
	why = ev.why
	ev.haltMu.Unlock()
	ev.vm.Interrupt(why)
}

// haltEvent halts the runtime only if it is still running event id: the
// deadline timer, the memory watchdog and a cancel from the host may fire
// just as their event ends, and must never stop the next event of a warm
// runtime. (A halt that does land poisons the runtime: see keepWarm.)
func (ev *event) haltEvent(id uint64, why error) {
	ev.haltMu.Lock()
	if ev.gen != id {
		ev.haltMu.Unlock()
		return
	}
	if ev.why == nil {
		ev.why = why
	}
	// Under the lock, so bind (which clears the interrupt under it) cannot
	// come between the check and the interrupt.
	ev.vm.Interrupt(ev.why)
	ev.haltMu.Unlock()
}

// halted returns why the event was halted (nil if it was not), re-arming
// the interrupt so the next call into JS stops at its first instruction.
func (ev *event) halted() error {
	ev.haltMu.Lock()
	why := ev.why
	ev.haltMu.Unlock()
	if why != nil {
		ev.vm.Interrupt(why)
	}
	return why
}
