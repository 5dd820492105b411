package sandbox

import (
	"container/list"
	"time"
)

// Warm runtimes (the worker's side; WarmPolicy is the host's).
//
// A run that names an installation and carries a warm policy is served by
// that installation's warm runtime for the bundle, if the worker has one:
// the bundle's top level ran in an earlier event, and this event only calls
// the handler (bind resets everything that belongs to an event). The key is
// the bundle hash and the installation id, so a runtime never serves
// another installation or another version. After the event, keepWarm keeps
// the runtime for the next one, or discards it:
//
//   - after anything that may have left it in a state nobody checked: a
//     timeout, the memory limit, a cancel (the halt reason stays on the
//     runtime), a failure of the engine itself (a Go panic, a stack
//     overflow), an error in the bundle's top level, any outcome other than
//     ok, a thrown error or a too-large result;
//   - after WarmPolicy.MaxEvents events, or WarmPolicy.Idle unused;
//   - when the heap it holds between events passes its budget, the event's
//     memory limit (Limits.MaxMemory);
//   - least recently used first, beyond WarmPolicy.PerWorker runtimes or a
//     quarter of the worker's memory budget for all of them.
//
// A worker that dies (killed at deadline + grace, crashed) takes its
// runtimes with it. A runtime is used by one event at a time: it leaves the
// cache while an event runs in it.
//
// The heap a runtime holds is measured, not guessed: only the runtime that
// just ran can have changed what the worker holds while idle (idle runtimes
// run no JS), so the change of the worker's idle live heap across a forced
// collection after the event is that runtime's growth. A forced collection
// costs CPU in proportion to what the worker holds, so it runs only after
// the event that made the runtime, after one whose events allocated more
// than the budget since the last measurement, and every baselineEvery
// events: a runtime grows by at most its budget unnoticed (it cannot keep
// more than it allocated), and an event whose runtime's unmeasured growth
// plus its own passes the event memory limit is stopped at the next
// collection anyway ("memory_limit"), which discards the runtime.

// warmState is a runtime's life across events.
type warmState struct {
	key          string // bundle hash + installation id
	loaded       bool   // the bundle's top level ran
	poisoned     bool   // a failure the runtime may not survive (see event.fail)
	interrupted  bool   // the deadline fired as the event ended
	events       int    // events served
	lastUsed     time.Time
	idle         time.Duration
	heap         int64 // bytes it holds between events, as last measured
	measured     bool
	allocSince   int64 // bytes its events allocated since the last measurement
	sinceMeasure int   // its events since the last measurement
	el           *list.Element
}

// warmKey identifies a warm runtime.
func warmKey(hash, inst string) string { return hash + "\x00" + inst }

// warmCache holds a worker's warm runtimes.
type warmCache struct {
	byKey map[string]*event
	lru   *list.List // front: most recently used; values *event
	heap  int64      // sum of the runtimes' measured heaps
}

func newWarmCache() *warmCache {
	return &warmCache{byKey: map[string]*event{}, lru: list.New()}
}

// take removes and returns the warm runtime for key, if there is one.
func (c *warmCache) take(key string) *event {
	ev := c.byKey[key]
	if ev == nil {
		return nil
	}
	c.remove(ev)
	return ev
}

func (c *warmCache) remove(ev *event) {
	delete(c.byKey, ev.warm.key)
	c.lru.Remove(ev.warm.el)
	ev.warm.el = nil
	c.heap -= ev.warm.heap
}

func (c *warmCache) put(ev *event) {
	c.byKey[ev.warm.key] = ev
	ev.warm.el = c.lru.PushFront(ev)
	c.heap += ev.warm.heap
}

// unmeasured reports whether a cached runtime's growth is not yet measured
// (a worker-wide re-measurement now would absorb it unattributed).
func (c *warmCache) unmeasured() bool {
	for _, ev := range c.byKey {
		if ev.warm.allocSince > 0 {
			return true
		}
	}
	return false
}

// warmRuntime returns the installation's warm runtime for run's bundle, or
// nil when the run asks for a fresh one or none is cached.
func (w *workerState) warmRuntime(run *runMsg) *event {
	if run.Warm == nil || run.Inst == "" {
		return nil
	}
	return w.warm.take(warmKey(run.Hash, run.Inst))
}

// drop discards a runtime: what it held is garbage from now on, so it
// leaves the idle baseline.
func (w *workerState) drop(ev *event) {
	idleLiveHeap -= ev.warm.heap
	ev.warm.heap = 0
}

// keepWarm decides, after ev's event, whether its runtime stays warm for the
// installation's next event; it returns why not ("" when kept).
func (w *workerState) keepWarm(ev *event, run *runMsg, done *doneMsg) string {
	if run.Warm == nil || run.Inst == "" {
		return "fresh runtime per event"
	}
	reason := ""
	switch why := ev.halted(); {
	case why != nil:
		reason = "halted: " + why.Error()
	case ev.warm.interrupted:
		reason = "halted: the deadline fired as the event ended"
	case ev.warm.poisoned:
		reason = "the engine failed"
	case !ev.warm.loaded:
		reason = "the bundle's top level failed"
	case done.Outcome != OutcomeOK && done.Outcome != OutcomeError && done.Outcome != OutcomeTooLarge:
		reason = "outcome " + done.Outcome
	}
	ev.warm.events++
	if reason == "" && ev.warm.events >= run.Warm.MaxEvents {
		reason = "served its maximum number of events"
	}
	if reason != "" {
		w.drop(ev)
		return reason
	}
	ev.warm.key = warmKey(run.Hash, run.Inst)
	ev.warm.idle = time.Duration(run.Warm.IdleMs) * time.Millisecond
	ev.warm.allocSince += done.AllocBytes
	ev.warm.sinceMeasure++
	budget := run.Limits.MaxMemory
	if !ev.warm.measured || ev.warm.allocSince > budget || ev.warm.sinceMeasure >= baselineEvery {
		w.prewarm() // the prepared runtime is part of every baseline
		before := idleLiveHeap
		measureBaseline()
		ev.warm.heap += idleLiveHeap - before
		ev.warm.measured, ev.warm.allocSince, ev.warm.sinceMeasure = true, 0, 0
	}
	if ev.warm.heap > budget {
		w.drop(ev)
		return "its heap passed its budget"
	}
	ev.warm.lastUsed = time.Now()
	w.warm.put(ev)
	for w.warm.lru.Len() > max(run.Warm.PerWorker, 1) || (w.warm.heap > workerMemoryLimit/4 && w.warm.lru.Len() > 1) {
		old := w.warm.lru.Back().Value.(*event)
		w.warm.remove(old)
		w.drop(old)
	}
	if w.warm.byKey[ev.warm.key] != ev {
		return "the worker's warm runtimes are full"
	}
	return ""
}

// sweepIdle discards runtimes unused for longer than their idle time.
func (w *workerState) sweepIdle(now time.Time) {
	for el := w.warm.lru.Back(); el != nil; {
		ev := el.Value.(*event)
		el = el.Prev()
		if now.Sub(ev.warm.lastUsed) > ev.warm.idle {
			w.warm.remove(ev)
			w.drop(ev)
		}
	}
}

// rebase re-measures the idle heap now and then (caches drift), unless a
// warm runtime's growth is still unmeasured: it would vanish into the
// baseline instead of counting against the runtime's budget.
func (w *workerState) rebase() {
	if sinceMeasure++; sinceMeasure > baselineEvery && !w.warm.unmeasured() {
		w.prewarm()
		measureBaseline()
	}
}
