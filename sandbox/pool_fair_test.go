package sandbox

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/soukhq/souk/internal/testenv"
)

// waitFor polls cond (no timing assertion: it only waits for a state).
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(20 * time.Second); !cond(); {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(time.Millisecond)
	}
}

// acquireAsync starts an acquire and reports its result on the channel.
func acquireAsync(s *fairShare, ctx context.Context, key string) <-chan error {
	ch := make(chan error, 1)
	go func() { ch <- s.acquire(ctx, key) }()
	return ch
}

func expectPending(t *testing.T, chs ...<-chan error) {
	t.Helper()
	for i, ch := range chs {
		select {
		case err := <-ch:
			t.Fatalf("waiter %d finished early: %v", i, err)
		default:
		}
	}
}

func TestFairShareCapsAnAppAndLeavesTheRestToOthers(t *testing.T) {
	s := newFairShare(2, 1, 8, time.Hour, make(chan struct{}))
	ctx := context.Background()
	if err := s.acquire(ctx, "loop"); err != nil {
		t.Fatal(err)
	}
	second := acquireAsync(s, ctx, "loop")
	waitFor(t, "the app's second event to queue", func() bool { _, w := s.usage("loop"); return w == 1 })
	// The app is at its cap: its second event waits although a worker is
	// free, and the neighbour gets that worker at once.
	if err := s.acquire(ctx, "good"); err != nil {
		t.Fatal(err)
	}
	expectPending(t, second)
	s.release("good")
	expectPending(t, second)
	s.release("loop")
	if err := <-second; err != nil {
		t.Fatal(err)
	}
	if r, w := s.usage("loop"); r != 1 || w != 0 {
		t.Fatalf("usage %d running, %d waiting", r, w)
	}
	s.release("loop")
	if len(s.apps) != 0 || s.free != 2 {
		t.Fatalf("state not clean: %d apps, %d free", len(s.apps), s.free)
	}
}

// A freed worker goes round-robin between apps with waiting events, so an
// app's burst waits behind itself, not in front of others.
func TestFairShareRoundRobinBetweenAppQueues(t *testing.T) {
	s := newFairShare(1, 1, 8, time.Hour, make(chan struct{}))
	ctx := context.Background()
	if err := s.acquire(ctx, "burst"); err != nil {
		t.Fatal(err)
	}
	type ticket struct {
		key string
		ch  <-chan error
	}
	var queued []ticket
	enqueue := func(key string) {
		_, before := s.usage(key)
		queued = append(queued, ticket{key, acquireAsync(s, ctx, key)})
		waitFor(t, key+" to queue", func() bool { _, w := s.usage(key); return w == before+1 })
	}
	// The burst queues three more first; then two neighbours arrive.
	enqueue("burst")
	enqueue("burst")
	enqueue("burst")
	enqueue("a")
	enqueue("b")
	enqueue("a")
	var order []string
	current := "burst"
	for range queued {
		s.release(current)
		got := ""
		waitFor(t, "a grant", func() bool {
			for i, q := range queued {
				if q.ch == nil {
					continue
				}
				select {
				case err := <-q.ch:
					if err != nil {
						t.Fatal(err)
					}
					got, queued[i].ch = q.key, nil
					return true
				default:
				}
			}
			return false
		})
		order = append(order, got)
		current = got
	}
	s.release(current)
	want := []string{"a", "b", "burst", "a", "burst", "burst"}
	for i := range want {
		if order[i] != want[i] {
			t.Fatalf("grant order %v, want %v", order, want)
		}
	}
}

func TestFairShareRefusesWhenTheAppQueueIsFullOrTooSlow(t *testing.T) {
	closing := make(chan struct{})
	s := newFairShare(1, 1, 2, time.Hour, closing)
	ctx := context.Background()
	if err := s.acquire(ctx, "app"); err != nil {
		t.Fatal(err)
	}
	w1, w2 := acquireAsync(s, ctx, "app"), acquireAsync(s, ctx, "app")
	waitFor(t, "two queued", func() bool { _, w := s.usage("app"); return w == 2 })
	// Full: refused at once, without waiting.
	if err := s.acquire(ctx, "app"); !errors.Is(err, errOverloaded) {
		t.Fatalf("full queue: %v", err)
	}
	// Another app's queue is its own.
	other := acquireAsync(s, ctx, "other")
	waitFor(t, "the other app to queue", func() bool { _, w := s.usage("other"); return w == 1 })

	// A waiter whose caller gives up leaves the queue.
	cctx, cancel := context.WithCancel(ctx)
	s2 := newFairShare(1, 1, 2, time.Hour, closing)
	_ = s2.acquire(ctx, "x")
	gone := acquireAsync(s2, cctx, "x")
	waitFor(t, "x to queue", func() bool { _, w := s2.usage("x"); return w == 1 })
	cancel()
	if err := <-gone; !errors.Is(err, context.Canceled) {
		t.Fatalf("canceled waiter: %v", err)
	}
	if _, w := s2.usage("x"); w != 0 {
		t.Fatalf("a canceled waiter stays queued")
	}

	// The queue wait is bounded.
	s3 := newFairShare(1, 1, 2, time.Millisecond, closing)
	_ = s3.acquire(ctx, "y")
	if err := s3.acquire(ctx, "y"); !errors.Is(err, errOverloaded) {
		t.Fatalf("wait past AppQueueWait: %v", err)
	}

	// Closing the pool ends every wait.
	close(closing)
	for _, ch := range []<-chan error{w1, w2, other} {
		if err := <-ch; !errors.Is(err, ErrPoolClosed) {
			t.Fatalf("after close: %v", err)
		}
	}
}

// loopApp spins until its deadline: the worst neighbour that still obeys
// interrupts.
const loopApp = `var __soukApp = { render() { for (;;) {} } };`

// saturate keeps n events of a looping app in flight until the returned
// stop is called; stop waits for them to end.
func saturate(t *testing.T, p *Pool, appID string, n int, timeout time.Duration) (stop func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{}, n)
	job := Job{AppID: appID, Version: "1.0.0", Script: []byte(loopApp), Handler: "render", Limits: Limits{Timeout: timeout}}
	for range n {
		go func() {
			defer func() { done <- struct{}{} }()
			for ctx.Err() == nil {
				if _, err := p.Run(ctx, job, nil); err != nil && ctx.Err() == nil {
					t.Errorf("looping app: %v", err)
					return
				}
			}
		}()
	}
	key := quarantineKey(&job)
	waitFor(t, "the looping app to fill its share and queue", func() bool {
		r, w := p.share.usage(key)
		return r == p.cfg.AppConcurrency && w == n-p.cfg.AppConcurrency
	})
	return func() {
		cancel()
		for range n {
			<-done
		}
	}
}

// The scenario: four concurrent 5-second loops from one app on a
// 2-worker node. The app gets its share (one worker) and queues behind
// itself; a neighbour's events, each with a caller deadline shorter than
// one loop, all run, and none waits for the loops. On a pool without
// per-app shares both workers loop and every neighbour event hits its
// deadline.
func TestPoolNeighbourNeverTimesOutBehindLoopingApp(t *testing.T) {
	p := newTestPool(t, PoolConfig{Size: 2, Quarantine: QuarantinePolicy{Threshold: 1e9}})
	if p.cfg.AppConcurrency != 1 {
		t.Fatalf("default AppConcurrency on 2 workers is %d, want 1", p.cfg.AppConcurrency)
	}
	stop := saturate(t, p, "looper", 4, scaled(5*time.Second))
	defer stop()
	good := Job{AppID: "good", Version: "1.0.0", Script: []byte(renderApp), Handler: "render",
		Args: jsonArgs(t, "p", map[string]any{"name": "x"}, map[string]any{})}
	for i := 0; i < 20; i++ {
		ctx, cancel := context.WithTimeout(context.Background(), scaled(3*time.Second))
		res, err := p.Run(ctx, good, nil)
		cancel()
		if err != nil || res.Receipt.Outcome != OutcomeOK {
			t.Fatalf("neighbour event %d while the loops run: %v %+v", i, err, res.Receipt)
		}
		if res.Receipt.Queue > res.Receipt.Wall {
			t.Fatalf("queue wait %v beyond wall %v", res.Receipt.Queue, res.Receipt.Wall)
		}
	}
	if r, w := p.share.usage("looper"); r != 1 || w != 3 {
		t.Fatalf("the looping app lost its share or queue meanwhile: %d running, %d waiting", r, w)
	}
}

// An app over its queue is refused at once with outcome "overloaded"; the
// receipt of an event that queued shows how long it waited.
func TestPoolOverloadedAndQueueWaitInReceipt(t *testing.T) {
	p := newTestPool(t, PoolConfig{Size: 2, AppQueue: 1})
	release := make(chan struct{})
	host := HostFunc(func(ctx context.Context, name string, args json.RawMessage) (json.RawMessage, error) {
		select {
		case <-release:
		case <-ctx.Done():
		}
		return json.RawMessage(`1`), nil
	})
	blocked := Job{AppID: "busy", Version: "1.0.0", Script: []byte(`var __soukApp = { async render() { return await souk.call("wait"); } };`),
		Handler: "render", Limits: Limits{Timeout: 20 * time.Second}}
	first, second := make(chan Result, 1), make(chan Result, 1)
	go func() { res, _ := p.Run(testCtx(t), blocked, host); first <- res }()
	waitFor(t, "the first event to run", func() bool { r, _ := p.share.usage("busy"); return r == 1 })
	go func() { res, _ := p.Run(testCtx(t), blocked, host); second <- res }()
	waitFor(t, "the second event to queue", func() bool { _, w := p.share.usage("busy"); return w == 1 })

	res, err := p.Run(testCtx(t), blocked, host)
	if err != nil || res.Receipt.Outcome != OutcomeOverloaded || res.Err == nil || res.Err.Name != "Overloaded" ||
		!strings.Contains(res.Receipt.Reason, "1 of 1 events running, 1 queued") || res.Receipt.WorkerPID != 0 {
		t.Fatalf("third event over the queue: %v %+v", err, res.Receipt)
	}
	const held = 50 * time.Millisecond
	time.Sleep(held) // the second event waits at least this long
	close(release)
	r1, r2 := <-first, <-second
	if r1.Receipt.Outcome != OutcomeOK || r2.Receipt.Outcome != OutcomeOK {
		t.Fatalf("%+v %+v", r1.Receipt, r2.Receipt)
	}
	if r2.Receipt.Queue < held || r2.Receipt.Queue > r2.Receipt.Wall || r1.Receipt.Queue > r2.Receipt.Queue {
		t.Fatalf("queue waits: first %v, second %v (wall %v); the second waited at least %v",
			r1.Receipt.Queue, r2.Receipt.Queue, r2.Receipt.Wall, held)
	}
}

// workApp is a well-behaved app with a little real work per event (a view
// of 200 computed rows), so its latency is the event's, not the pipe's.
const workApp = `var __soukApp = { render(page, params) {
	const items = [];
	for (let i = 0; i < 200; i++) {
		let h = i;
		for (let k = 0; k < 50; k++) h = (h * 31 + k) % 1000003;
		items.push({ type: "text", text: params.name + " #" + i + " " + h.toString(16) });
	}
	return { type: "list", items };
} };`

// The acceptance test: a looping app at full concurrency (its
// share running, more queued behind it) while a well-behaved app keeps its
// p99 latency within 2× of its solo figure, both measured here, on the
// production defaults of a 2-worker pool (quarantine aside: the loops must
// keep looping for the whole test).
//
// It is a ratio, not an absolute time. The looping app has looped before
// (one timeout on its record, so its loops are demoted as in production
// after their first 50ms of CPU). The loops use the platform's default
// deadline (1s), and each loaded window spans a whole loop cycle plus a
// bit: a loop's start, its timeout, its worker's replacement and the next
// loop's start. The solo and loaded windows alternate, so a change of load
// on the machine (CI, other tests) falls on both alike; before each solo
// window the pool is back to full strength and warm. On a shared machine
// another process's burst can still land on one side only, so a ratio over
// 2× is measured once more, from scratch, before the test fails: without
// per-app shares the ratio is in the hundreds (the neighbour waits out the
// loops), every time.
func TestPoolFairShareKeepsNeighbourP99(t *testing.T) {
	if testing.Short() || raceEnabled {
		t.Skip("a latency comparison: not in -short, meaningless under the race detector")
	}
	p := newTestPool(t, PoolConfig{Size: 2, Quarantine: QuarantinePolicy{Threshold: 1e9}})
	loop := Job{AppID: "looper", Version: "1.0.0", Script: []byte(loopApp), Handler: "render", Limits: Limits{Timeout: scaled(DefaultLimits.Timeout)}}
	if res, err := p.Run(testCtx(t), loop, nil); err != nil || res.Receipt.Outcome != OutcomeTimeout {
		t.Fatalf("the looping app's first loop: %v %+v", err, res.Receipt)
	}
	var ratio float64
	for attempt := 1; attempt <= 2; attempt++ {
		var solo, loaded []time.Duration
		ratio, solo, loaded = compareNeighbourLatency(t, p)
		ps, pl := percentile(solo, 0.99), percentile(loaded, 0.99)
		t.Logf("attempt %d: well-behaved app solo: %d events, p50 %v, p99 %v; beside 4 looping events: %d events, p50 %v, p99 %v; p99 ratio %.2f",
			attempt, len(solo), percentile(solo, 0.5), ps, len(loaded), percentile(loaded, 0.5), pl, ratio)
		if ratio <= 2 {
			return
		}
	}
	t.Errorf("p99 beside a looping app is %.2f× the solo p99; the issue allows 2×", ratio)
}

// compareNeighbourLatency measures a well-behaved app's event latency alone
// and beside a looping app, in alternating windows, and returns the ratio
// of the p99s (loaded / solo) and the samples.
func compareNeighbourLatency(t *testing.T, p *Pool) (ratio float64, solo, loaded []time.Duration) {
	good := Job{AppID: "good", Version: "1.0.0", Script: []byte(workApp), Handler: "render",
		Args: jsonArgs(t, "p", map[string]any{"name": "x"}, map[string]any{})}
	run := func() time.Duration {
		start := time.Now()
		res, err := p.Run(testCtx(t), good, nil)
		took := time.Since(start)
		if err != nil || res.Receipt.Outcome != OutcomeOK {
			t.Fatalf("well-behaved app: %v %+v", err, res.Receipt)
		}
		return took
	}
	warm := func() {
		waitFor(t, "the pool at full strength", func() bool { return len(p.idle) == p.cfg.Size })
		for range 2 * p.cfg.Size { // idle is FIFO: this reaches every worker
			run()
		}
	}
	window := scaled(DefaultLimits.Timeout + 500*time.Millisecond)
	measure := func(into *[]time.Duration) {
		for start := time.Now(); time.Since(start) < window; {
			*into = append(*into, run())
		}
	}
	withLoops := func() {
		stop := saturate(t, p, "looper", 4, scaled(DefaultLimits.Timeout))
		defer stop()
		measure(&loaded)
	}
	const rounds = 4
	for r := range rounds {
		if r%2 == 0 {
			warm()
			measure(&solo)
			withLoops()
		} else {
			withLoops()
			warm()
			measure(&solo)
		}
	}
	return float64(percentile(loaded, 0.99)) / float64(percentile(solo, 0.99)), solo, loaded
}

// percentile is the nearest-rank q-quantile of ds.
func percentile(ds []time.Duration, q float64) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	i := int(math.Ceil(q*float64(len(s)))) - 1
	return s[max(i, 0)]
}

// processNice reads a process's nice value (field 19 of /proc/<pid>/stat).
func processNice(pid int) int {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return -100
	}
	f := strings.Fields(string(b[bytes.LastIndexByte(b, ')')+1:]))
	n, _ := strconv.Atoi(f[16])
	return n
}

// An app with a clean record is never demoted; once it has timed out, its
// next loop continues at nice 10 after 50ms of CPU and the worker is
// replaced when the event ends. Waiting costs no CPU and is not demoted.
func TestPoolDemotesAppThatKeepsLooping(t *testing.T) {
	if _, err := os.Stat("/proc/self/stat"); err != nil {
		testenv.Missing(t, "demotion reads /proc/self/stat, and there is no /proc")
	}
	p := newTestPool(t, PoolConfig{Size: 1, Quarantine: QuarantinePolicy{Threshold: 1e9}})
	loop := Job{AppID: "looper", Version: "1.0.0", Script: []byte(loopApp), Handler: "render", Limits: Limits{Timeout: scaled(300 * time.Millisecond)}}
	if res, err := p.Run(testCtx(t), loop, nil); err != nil || res.Receipt.Outcome != OutcomeTimeout {
		t.Fatalf("first loop: %v %+v", err, res.Receipt)
	}
	if p.WorkersStarted() != 1 {
		t.Fatalf("a clean app's event was demoted: %d workers started", p.WorkersStarted())
	}

	// Now it has a timeout on its record.
	loop.Limits.Timeout = 20 * time.Second
	ctx, cancel := context.WithCancel(testCtx(t))
	done := make(chan Result, 1)
	go func() { res, _ := p.Run(ctx, loop, nil); done <- res }()
	var pid int
	waitFor(t, "the looping worker at nice 10", func() bool {
		p.mu.Lock()
		for w := range p.procs {
			pid = w.pid
		}
		p.mu.Unlock()
		return processNice(pid) == demotedNice
	})
	cancel()
	if res := <-done; res.Receipt.Outcome != OutcomeCanceled || res.Receipt.WorkerPID != pid {
		t.Fatalf("demoted loop: %+v", res.Receipt)
	}
	if p.WorkersStarted() != 2 {
		t.Fatalf("the demoted worker was not replaced: %d workers started", p.WorkersStarted())
	}
	good := Job{AppID: "looper", Version: "1.0.1", Script: []byte(`var __soukApp = { async render() { return await souk.call("wait"); } };`), Handler: "render"}
	host := HostFunc(func(ctx context.Context, name string, args json.RawMessage) (json.RawMessage, error) {
		time.Sleep(150 * time.Millisecond)
		return json.RawMessage(`1`), nil
	})
	res, err := p.Run(testCtx(t), good, host)
	if err != nil || res.Receipt.Outcome != OutcomeOK || processNice(res.Receipt.WorkerPID) != 0 || p.WorkersStarted() != 2 {
		t.Fatalf("a waiting event of the same app: %v %+v, %d workers started", err, res.Receipt, p.WorkersStarted())
	}
}
