package sandbox

import (
	"context"
	"fmt"
	"runtime/debug"
	"time"
)

// runHolding runs one event on w and always gives w back, whatever happens
// on the host's side of the event: a healthy worker returns to the idle set;
// one that died or that the host killed is reaped and replaced. A panic
// while the event runs (in the host's handling of it: mapping a stack
// through a hostile source map, a host caller, a bug) must not lose the
// worker: the worker is killed and replaced, since its state is unknown,
// and the panic becomes an "error" result and a log line.
func (p *Pool) runHolding(ctx context.Context, w *process, job *Job, lim Limits, host HostCaller, rc Receipt, key string) (res Result) {
	demoted := p.demoteLong(w, key)
	defer func() {
		if x := recover(); x != nil {
			p.logPanic(job, x, debug.Stack())
			w.kill("the host failed while running the event")
			res = panicResult(rc, x)
			res.Receipt.WorkerPID = w.pid
		}
		retired := demoted()
		if w.killed() || w.isDead() {
			// A worker the host killed may not be reaped yet; it must never
			// be handed to another event.
			w.reap()
			if retired {
				p.replaceNow(w)
			} else {
				p.replace(w)
			}
		} else {
			p.release(w)
		}
	}()
	res = p.runOn(ctx, w, job, lim, host, rc)
	if testHookHolding != nil {
		testHookHolding(job)
	}
	return res
}

// testHookHolding, set only by tests, runs while a worker is held, after
// the event: a stand-in for a host-side bug that panics.
var testHookHolding func(job *Job)

// recoverRun is Run's last line of defence: a panic outside the part that
// holds a worker (which runHolding covers) becomes an error result too.
func (p *Pool) recoverRun(job *Job, res *Result, err *error) {
	x := recover()
	if x == nil {
		return
	}
	p.logPanic(job, x, debug.Stack())
	rc := Receipt{AppID: job.AppID, Version: job.Version, InstallationID: job.InstallationID,
		BundleHash: job.BundleHash, Handler: job.Handler, Started: time.Now()}
	*res, *err = panicResult(rc, x), nil
}

func panicResult(rc Receipt, x any) Result {
	rc.Outcome = OutcomeError
	rc.Reason = "the sandbox host failed while handling this event (the operator's log has the details); the event was stopped"
	return Result{Receipt: rc, Err: &JSError{Name: "InternalError", Message: rc.Reason}}
}

func (p *Pool) logPanic(job *Job, x any, stack []byte) {
	p.cfg.Log.Error("sandbox: panic while running an event",
		"app_id", job.AppID, "version", job.Version, "installation_id", job.InstallationID,
		"bundle_hash", job.BundleHash, "handler", job.Handler,
		"panic", truncate(fmt.Sprint(x), 2000), "stack", truncate(string(stack), 16<<10))
}

// callHost calls the HostCaller on its own goroutine; a panic there would
// end the server, so it becomes the call's generic host_error (and a log
// line) instead.
func (p *Pool) callHost(ctx context.Context, host HostCaller, job *Job, name string, args []byte) (out []byte, err error) {
	defer func() {
		if x := recover(); x != nil {
			p.logPanic(job, x, debug.Stack())
			out, err = nil, fmt.Errorf("sandbox: host call %q panicked", truncate(name, 100))
		}
	}()
	return host.CallHost(ctx, name, args)
}
