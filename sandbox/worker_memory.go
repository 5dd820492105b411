package sandbox

import (
	"errors"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync"
	"sync/atomic"
)

// Per-event memory (Limits.MaxMemory, souk.json's memoryMB).
//
// goja has no per-runtime allocator, but a worker runs one event at a time,
// so the event's heap is the worker's live heap minus what the worker holds
// when idle. The worker measures that baseline with a forced collection
// when it starts, after compiling a bundle (the compiled program stays
// cached), after keeping a runtime warm (worker_warm.go: the baseline
// includes the warm runtimes, so an event is charged only for what it adds)
// and every baselineEvery events. While an event runs:
//
//   - GOGC is lowered so that the collector runs once the event has
//     allocated about its limit, instead of at the worker's 5x growth, and
//     re-tuned after every collection so that the next one comes by the
//     time the event could reach its limit (GOGC is relative to the live
//     heap, which grows with what the event holds);
//   - after every collection that completes during the event, the watchdog
//     (every 10 ms) compares the live heap it marked with baseline + limit +
//     memorySlack; over it, the event is halted like at its deadline:
//     outcome "memory_limit", and no more of its JS runs. Its runtime is
//     then garbage, and the worker lives on.
//
// What is enforced is therefore the heap the event holds (live objects, not
// garbage it already dropped), checked at each collection; the collector
// runs at least every MaxMemory bytes of allocation. One allocation by a
// built-in (a huge string or array) completes before the check can stop
// the event; the worker's own budget (PoolConfig.MemoryLimit) bounds those.
// The receipt reports the largest live heap measured during the event, or,
// when no collection ran, the bytes it allocated, which bound what it held.

// errMemory is the interrupt value of an event over its memory limit.
var errMemory = errors.New("memory limit exceeded")

// memorySlack absorbs what an event holds that is not its own doing (its
// arguments, frames in flight) and the collector's granularity.
const memorySlack = 4 << 20

// workerGCPercent is the worker's GOGC between events.
const workerGCPercent = 400

// baselineEvery re-measures the idle heap now and then (caches drift).
const baselineEvery = 256

// eventMemory is the accounting of the running event, read by the watchdog.
type eventMemory struct {
	ev      *event
	id      uint64 // the event's id: the runtime may serve another later
	limit   int64  // bytes the event may hold
	base    int64  // the worker's idle live heap
	cycles0 uint64 // GC cycles completed before the event
	alloc0  uint64 // heap bytes allocated before the event
	peak    atomic.Int64

	mu         sync.Mutex // observe (watchdog) against end (event loop)
	lastCycles uint64
	ended      bool
}

var (
	curMemory    atomic.Pointer[eventMemory]
	idleLiveHeap int64 // set by measureBaseline, read when events start
	sinceMeasure int
)

var memSamples = []metrics.Sample{
	{Name: "/gc/heap/live:bytes"},
	{Name: "/gc/cycles/total:gc-cycles"},
	{Name: "/gc/heap/allocs:bytes"},
	{Name: "/memory/classes/total:bytes"},
	{Name: "/memory/classes/heap/released:bytes"},
}

type memReading struct {
	live, cycles, allocs, inUse uint64
}

func readMemory() memReading {
	s := make([]metrics.Sample, len(memSamples))
	copy(s, memSamples)
	metrics.Read(s)
	u := func(i int) uint64 {
		if s[i].Value.Kind() == metrics.KindUint64 {
			return s[i].Value.Uint64()
		}
		return 0
	}
	return memReading{live: u(0), cycles: u(1), allocs: u(2), inUse: u(3) - u(4)}
}

// measureBaseline collects garbage and records the idle live heap.
func measureBaseline() {
	runtime.GC()
	idleLiveHeap = int64(readMemory().live)
	sinceMeasure = 0
}

// startEventMemory begins accounting for ev with limit bytes (0: none).
func startEventMemory(ev *event, limit int64) *eventMemory {
	r := readMemory()
	m := &eventMemory{ev: ev, id: ev.id, limit: limit, base: idleLiveHeap, cycles0: r.cycles, alloc0: r.allocs, lastCycles: r.cycles}
	if limit > 0 {
		// The next collection comes once the event has allocated about its
		// limit: GOGC relative to the idle heap. (A lowered GOMEMLIMIT would
		// count freed memory not yet returned to the OS, and collect
		// without pause.)
		m.tune(m.base)
	}
	curMemory.Store(m)
	return m
}

// end stops the accounting and returns the event's memory for the receipt:
// its peak live heap if a collection measured one, else its allocations.
func (m *eventMemory) end() (used, allocated int64) {
	curMemory.Store(nil)
	r := readMemory()
	m.observe(r)
	m.mu.Lock()
	m.ended = true
	if m.limit > 0 {
		debug.SetGCPercent(workerGCPercent)
	}
	m.mu.Unlock()
	allocated = int64(r.allocs - m.alloc0)
	used = m.peak.Load()
	if used == 0 {
		used = allocated
	}
	return used, allocated
}

// observe checks a reading against the event's limit (watchdog and end).
func (m *eventMemory) observe(r memReading) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if r.cycles == m.cycles0 || r.cycles == m.lastCycles || m.ended {
		return // no (new) collection during the event: nothing to measure
	}
	m.lastCycles = r.cycles
	held := int64(r.live) - m.base
	for {
		p := m.peak.Load()
		if held <= p || m.peak.CompareAndSwap(p, held) {
			break
		}
	}
	if m.limit > 0 && held > m.limit+memorySlack {
		m.ev.haltEvent(m.id, errMemory)
		return
	}
	if m.limit > 0 {
		m.tune(int64(r.live))
	}
}

// tune sets GOGC so that the next collection comes when the heap has grown
// by what the event may still hold: live is the last collection's live heap.
func (m *eventMemory) tune(live int64) {
	remaining := m.base + m.limit + memorySlack - live
	pct := max(remaining, 0) * 100 / max(live, 4<<20)
	debug.SetGCPercent(int(min(max(pct, 5), workerGCPercent)))
}

// checkEventMemory is the watchdog's per-event check.
func checkEventMemory() {
	if m := curMemory.Load(); m != nil {
		m.observe(readMemory())
	}
}
