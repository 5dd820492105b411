package sandbox

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

// Fair sharing of the pool between apps.
//
// An app (quarantineKey: the app id, or the bundle hash for anonymous jobs)
// runs at most PoolConfig.AppConcurrency events at once; up to
// PoolConfig.AppQueue more wait in the app's own FIFO queue, each for at
// most PoolConfig.AppQueueWait. Beyond that an event is refused at once
// with outcome "overloaded". When a worker frees up it goes to the next app,
// in round-robin order, that has an event waiting and is under its cap, so
// an app's burst waits behind itself, never in front of its neighbours: with
// the cap below the pool size, an app that keeps its whole share busy with
// endless loops still leaves the other workers to everyone else.
//
// The scheduler grants slots, not processes: a granted event then takes a
// worker from the idle set, where one is (or, while a dead worker is being
// replaced, soon will be) because no more events hold slots than there are
// workers.

// errOverloaded is admit's refusal; the Result says why.
var errOverloaded = errors.New("sandbox: app over its share of the pool")

// fairShare is the slot scheduler.
type fairShare struct {
	appCap   int
	queueLen int
	maxWait  time.Duration
	closing  <-chan struct{}

	mu   sync.Mutex
	free int                  // slots not granted
	apps map[string]*appShare // apps with events running or waiting
	ring []*appShare          // apps with a waiter and room under the cap, in turn order
}

type appShare struct {
	key     string
	running int
	waiting []*slotWaiter // FIFO
	inRing  bool
}

type slotWaiter struct {
	granted chan struct{} // closed when the slot is this waiter's
	done    bool          // granted (under fairShare.mu)
}

func newFairShare(slots, appCap, queueLen int, maxWait time.Duration, closing <-chan struct{}) *fairShare {
	return &fairShare{appCap: appCap, queueLen: queueLen, maxWait: maxWait, closing: closing,
		free: slots, apps: map[string]*appShare{}}
}

// acquire returns when key may use a worker; release must follow. It fails
// with errOverloaded when the app's queue is full or the wait ran out,
// with ctx's error, or with ErrPoolClosed.
func (s *fairShare) acquire(ctx context.Context, key string) error {
	s.mu.Lock()
	a := s.apps[key]
	if a == nil {
		a = &appShare{key: key}
		s.apps[key] = a
	}
	if s.free > 0 && a.running < s.appCap && len(a.waiting) == 0 {
		s.free--
		a.running++
		s.mu.Unlock()
		return nil
	}
	if len(a.waiting) >= s.queueLen {
		s.mu.Unlock()
		return errOverloaded
	}
	w := &slotWaiter{granted: make(chan struct{})}
	a.waiting = append(a.waiting, w)
	s.enqueue(a)
	s.dispatch()
	s.mu.Unlock()

	timer := time.NewTimer(s.maxWait)
	defer timer.Stop()
	var err error
	select {
	case <-w.granted:
		return nil
	case <-ctx.Done():
		err = ctx.Err()
	case <-timer.C:
		err = errOverloaded
	case <-s.closing:
		err = ErrPoolClosed
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if w.done {
		// Granted as we gave up: hand the slot on.
		s.releaseLocked(a)
		return err
	}
	for i, x := range a.waiting {
		if x == w {
			a.waiting = append(a.waiting[:i], a.waiting[i+1:]...)
			break
		}
	}
	s.forget(a)
	return err
}

// release gives back a slot key acquired.
func (s *fairShare) release(key string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.releaseLocked(s.apps[key])
}

func (s *fairShare) releaseLocked(a *appShare) {
	a.running--
	s.free++
	s.enqueue(a)
	s.dispatch()
	s.forget(a)
}

// enqueue puts a in the ring if it has a waiter it could run.
func (s *fairShare) enqueue(a *appShare) {
	if !a.inRing && len(a.waiting) > 0 && a.running < s.appCap {
		a.inRing = true
		s.ring = append(s.ring, a)
	}
}

// dispatch grants free slots to the apps in the ring, one event per app
// per turn.
func (s *fairShare) dispatch() {
	for s.free > 0 && len(s.ring) > 0 {
		a := s.ring[0]
		s.ring[0] = nil
		s.ring = s.ring[1:]
		a.inRing = false
		if len(a.waiting) == 0 || a.running >= s.appCap {
			s.forget(a)
			continue
		}
		w := a.waiting[0]
		a.waiting[0] = nil
		a.waiting = a.waiting[1:]
		w.done = true
		close(w.granted)
		a.running++
		s.free--
		s.enqueue(a) // to the back of the ring: the others go first
	}
}

// forget drops an app with nothing running or waiting.
func (s *fairShare) forget(a *appShare) {
	if a.running == 0 && len(a.waiting) == 0 && !a.inRing {
		delete(s.apps, a.key)
	}
}

// usage reports an app's running and waiting events (tests, metrics).
func (s *fairShare) usage(key string) (running, waiting int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if a := s.apps[key]; a != nil {
		return a.running, len(a.waiting)
	}
	return 0, 0
}

// admit checks the quarantine and waits for the app's share of the pool.
// It returns a release func to call when the event is done with its worker,
// or a refusal as a Result (quarantined, overloaded), or a host-side error.
func (p *Pool) admit(ctx context.Context, key string, rc Receipt) (release func(), refused *Result, err error) {
	if q, ok := p.quarantine.check(key); ok {
		return nil, quarantinedResult(rc, q), nil
	}
	err = p.share.acquire(ctx, key)
	if errors.Is(err, errOverloaded) {
		running, waiting := p.share.usage(key)
		rc.Outcome = OutcomeOverloaded
		rc.Reason = fmt.Sprintf("the app has its share of the sandbox busy (%d of %d events running, %d queued); the event was refused after waiting %v",
			running, p.cfg.AppConcurrency, waiting, time.Since(rc.Started).Round(time.Millisecond))
		rc.Queue = time.Since(rc.Started)
		return nil, &Result{Receipt: rc, Err: &JSError{Name: "Overloaded", Message: rc.Reason}}, nil
	}
	if err != nil {
		return nil, nil, err
	}
	release = func() { p.share.release(key) }
	// It may have been quarantined while it waited.
	if q, ok := p.quarantine.check(key); ok {
		release()
		return nil, quarantinedResult(rc, q), nil
	}
	return release, nil, nil
}

func quarantinedResult(rc Receipt, q Quarantine) *Result {
	rc.Outcome, rc.Reason = OutcomeQuarantined, q.reason()
	return &Result{Receipt: rc, Err: &JSError{Name: "Quarantined", Message: rc.Reason}}
}

func deref(r *Result) Result {
	if r == nil {
		return Result{}
	}
	return *r
}

// demoteLong watches the event of app key that worker w is about to run,
// if the app has recent faults (a timeout, a killed worker: a quarantine
// score that has not decayed): once the event has used
// PoolConfig.DemoteAfter of CPU, the worker continues at a low CPU
// priority, so an app that keeps looping into its deadline yields the
// machine to the short events on the other workers instead of taking an
// equal share of it. Waiting (host calls, timers) costs no CPU and is
// never demoted, and neither is an app with a clean record, whatever its
// events compute. A process cannot raise its priority back, so the
// returned func, called when the event has ended, retires a demoted worker
// and reports it; Run then replaces it with replaceNow.
func (p *Pool) demoteLong(w *process, key string) (done func() (retired bool)) {
	if p.cfg.DemoteAfter < 0 || !p.quarantine.suspect(key) {
		return func() bool { return false }
	}
	start, ok := processCPU(w.pid)
	if !ok {
		return func() bool { return false }
	}
	stop := make(chan struct{})
	var demoted atomic.Bool
	watched := make(chan struct{})
	go func() {
		defer close(watched)
		tick := time.NewTicker(min(max(p.cfg.DemoteAfter/4, time.Millisecond), 10*time.Millisecond))
		defer tick.Stop()
		for {
			select {
			case <-stop:
				return
			case <-tick.C:
			}
			if used, ok := processCPU(w.pid); !ok || used-start >= p.cfg.DemoteAfter {
				if ok {
					demoted.Store(true)
					lowerPriority(w.pid)
				}
				return
			}
		}
	}()
	return func() bool {
		close(stop)
		<-watched
		if demoted.Load() {
			w.kill("retired: it ran a long event at a low CPU priority")
			return true
		}
		return false
	}
}

// replaceNow replaces a worker the app's own event retired before that
// event gives back its share of the pool, so the app's next event (not a
// neighbour's) most likely takes the fresh worker, and the app, not its
// neighbours, waits for the start-up. If the start fails, replace retries
// in the background.
func (p *Pool) replaceNow(dead *process) {
	p.mu.Lock()
	delete(p.procs, dead)
	p.mu.Unlock()
	if p.closed.Load() {
		return
	}
	w, err := p.start()
	p.health.started(err)
	if err == nil {
		p.release(w)
		return
	}
	p.replace(dead)
}

// processCPU is the user+system CPU time process pid has used, from
// /proc/<pid>/stat (in clock ticks of 10ms).
func processCPU(pid int) (time.Duration, bool) {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return 0, false
	}
	// The command name (field 2) may hold spaces; fields resume after its ')'.
	i := bytes.LastIndexByte(b, ')')
	if i < 0 {
		return 0, false
	}
	f := strings.Fields(string(b[i+1:]))
	// f[0] is field 3 (state); utime and stime are fields 14 and 15.
	if len(f) < 13 {
		return 0, false
	}
	utime, err1 := strconv.ParseInt(f[11], 10, 64)
	stime, err2 := strconv.ParseInt(f[12], 10, 64)
	if err1 != nil || err2 != nil {
		return 0, false
	}
	return time.Duration(utime+stime) * (time.Second / clockTicks), true
}

// clockTicks is USER_HZ, 100 on every Linux architecture Go supports.
const clockTicks = 100

// demotedNice is a demoted worker's nice value: a tenth of a normal
// process's CPU weight when they compete, enough to still answer its
// deadline's interrupt on a busy machine.
const demotedNice = 10

// lowerPriority sets every thread of process pid to demotedNice (on Linux
// a nice value is per thread; threads started later inherit it).
func lowerPriority(pid int) {
	tasks, err := os.ReadDir("/proc/" + strconv.Itoa(pid) + "/task")
	if err != nil {
		return
	}
	for _, t := range tasks {
		if tid, err := strconv.Atoi(t.Name()); err == nil {
			_ = syscall.Setpriority(syscall.PRIO_PROCESS, tid, demotedNice)
		}
	}
}
