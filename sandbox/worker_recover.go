package sandbox

import (
	"fmt"

	"github.com/dop251/goja"
)

// runEvent runs a bound event and ends it. A Go panic inside goja — a
// built-in that breaks on hostile input, such as Array.prototype.sort
// whose comparator shrinks the array — unwinds through goja untouched; it
// is recovered here as the event's "error" outcome. The event's runtime is
// never used again (every event gets a fresh one), so the worker lives on.
// Fatal runtime errors (out of memory, Go stack overflow) cannot be
// recovered; they still end the worker, and the host replaces it.
//
// Nothing is written to stderr: the host reads the head of a worker's
// stderr to explain its death.
func (w *workerState) runEvent(ev *event, prog *goja.Program) (done doneMsg) {
	defer func() {
		w.setCurrent(nil)
		ev.warm.interrupted = !ev.stop()
		if x := recover(); x != nil {
			ev.warm.poisoned = true
			done = doneMsg{Outcome: OutcomeError, Err: &wireError{Name: "InternalError",
				Message: "the JavaScript engine failed on this code and the event was stopped: " + truncate(fmt.Sprint(x), 300)},
				Logs: ev.logs, LogsDropped: ev.logsDropped, HostCalls: ev.hostCalls}
		}
	}()
	return ev.run(prog)
}
