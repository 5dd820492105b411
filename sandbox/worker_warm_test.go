package sandbox

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"
)

// counterApp keeps a module-level counter and the installations it saw, the
// state a warm runtime keeps between events. params steer it: loop (spin
// past the deadline), backtrack (a regexp that ignores the interrupt, so the
// worker is killed), throw, grow (keep another MiB), pollute (a built-in
// prototype and a global).
const counterApp = `let n = 0;
const seen = [];
const kept = [];
var __soukApp = { render(page, params, ctx) {
	if (params.loop) for (;;) {}
	if (params.backtrack) /^(a+)+(?=!)$/.test('a'.repeat(32));
	n++;
	if (!seen.includes(ctx.installation)) seen.push(ctx.installation);
	if (params.grow) kept.push('x'.repeat(1 << 20) + kept.length);
	if (params.pollute) { Object.prototype.polluted = ctx.installation; globalThis.mark = ctx.installation; }
	if (params.throw) throw new Error("thrown at " + n);
	return { n, seen: seen.slice(), kept: kept.length, polluted: ({}).polluted || globalThis.mark || "" };
} };`

type counterView struct {
	N        int      `json:"n"`
	Seen     []string `json:"seen"`
	Kept     int      `json:"kept"`
	Polluted string   `json:"polluted"`
}

// runCounter runs counterApp for inst with params and returns the view
// (zero when the event failed) and the result.
func runCounter(t *testing.T, p *Pool, inst string, params map[string]any, mod func(*Job)) (counterView, Result) {
	t.Helper()
	job := Job{AppID: "counter", Version: "1.0.0", InstallationID: inst, BundleHash: "counter-v1", Script: []byte(counterApp),
		Handler: "render", Args: jsonArgs(t, "home", params, map[string]any{"installation": inst}),
		Limits: Limits{Timeout: scaled(time.Second)}}
	if mod != nil {
		mod(&job)
	}
	res, err := p.Run(testCtx(t), job, newTestHost().forInstallation(inst))
	if err != nil {
		t.Fatal(err)
	}
	var v counterView
	if res.Receipt.Outcome == OutcomeOK {
		if err := json.Unmarshal(res.Value, &v); err != nil {
			t.Fatal(err)
		}
	}
	return v, res
}

func wantCounter(t *testing.T, step string, v counterView, res Result, n int, runtime string) {
	t.Helper()
	if res.Receipt.Outcome != OutcomeOK || v.N != n || res.Receipt.Runtime != runtime {
		t.Fatalf("%s: outcome %s n=%d runtime %q (discarded: %q), want ok n=%d %s; err %v",
			step, res.Receipt.Outcome, v.N, res.Receipt.Runtime, res.Receipt.RuntimeDiscarded, n, runtime, res.Err)
	}
}

// TestWarmRuntimeNoStateAcrossInstallations runs two installations of the
// same version, interleaved, on one pool: each sees only its own counter,
// and its events after the first run warm.
func TestWarmRuntimeNoStateAcrossInstallations(t *testing.T) {
	for _, size := range []int{1, 2} {
		p := newTestPool(t, PoolConfig{Size: size, AppConcurrency: size})
		counts := map[string]int{}
		warmSeen := map[string]bool{}
		for i := 0; i < 12; i++ {
			inst := []string{"inst-a", "inst-b"}[i%2]
			// inst-a rewrites a built-in prototype and a global in its runtime.
			v, res := runCounter(t, p, inst, map[string]any{"pollute": inst == "inst-a"}, nil)
			if res.Receipt.Outcome != OutcomeOK {
				t.Fatalf("pool of %d, event %d: %s %v", size, i, res.Receipt.Outcome, res.Err)
			}
			if len(v.Seen) != 1 || v.Seen[0] != inst {
				t.Fatalf("pool of %d: %s's runtime saw installations %v", size, inst, v.Seen)
			}
			if inst == "inst-b" && v.Polluted != "" {
				t.Fatalf("pool of %d: inst-b sees %q's changes to built-ins and globals", size, v.Polluted)
			}
			// A counter of more than the installation's own events means
			// another installation's events ran in its runtime.
			counts[inst]++
			if v.N > counts[inst] {
				t.Fatalf("pool of %d: %s's counter is %d after %d of its events", size, inst, v.N, counts[inst])
			}
			if res.Receipt.Runtime == RuntimeWarm {
				warmSeen[inst] = true
				if v.N < 2 {
					t.Fatalf("pool of %d: a warm event with a fresh counter", size)
				}
			} else if res.Receipt.Runtime != RuntimeCold || v.N != 1 {
				t.Fatalf("pool of %d: runtime %q with counter %d", size, res.Receipt.Runtime, v.N)
			}
		}
		if !warmSeen["inst-a"] || !warmSeen["inst-b"] {
			t.Fatalf("pool of %d: no warm events (%v): runtimes are not reused", size, warmSeen)
		}
	}
}

// TestWarmRuntimeNeverReusedAfterHalt: a runtime whose event timed out, was
// canceled or whose worker was killed is never used again; an error thrown
// by the handler keeps it.
func TestWarmRuntimeNeverReusedAfterHalt(t *testing.T) {
	p := newTestPool(t, PoolConfig{Size: 1, Quarantine: QuarantinePolicy{Threshold: 1e9}})
	v, res := runCounter(t, p, "inst-a", map[string]any{}, nil)
	wantCounter(t, "first", v, res, 1, RuntimeCold)
	v, res = runCounter(t, p, "inst-a", map[string]any{}, nil)
	wantCounter(t, "second", v, res, 2, RuntimeWarm)

	_, res = runCounter(t, p, "inst-a", map[string]any{"throw": true}, nil)
	if res.Receipt.Outcome != OutcomeError || res.Receipt.Runtime != RuntimeWarm || res.Receipt.RuntimeDiscarded != "" {
		t.Fatalf("thrown: %+v", res.Receipt)
	}
	v, res = runCounter(t, p, "inst-a", map[string]any{}, nil)
	wantCounter(t, "after a throw", v, res, 4, RuntimeWarm)

	_, res = runCounter(t, p, "inst-a", map[string]any{"loop": true}, func(j *Job) { j.Limits.Timeout = scaled(100 * time.Millisecond) })
	if res.Receipt.Outcome != OutcomeTimeout || res.Receipt.RuntimeDiscarded == "" {
		t.Fatalf("loop: %+v", res.Receipt)
	}
	v, res = runCounter(t, p, "inst-a", map[string]any{}, nil)
	wantCounter(t, "after a timeout", v, res, 1, RuntimeCold)
	v, res = runCounter(t, p, "inst-a", map[string]any{}, nil)
	wantCounter(t, "warm again", v, res, 2, RuntimeWarm)

	ctx, cancel := context.WithTimeout(testCtx(t), 200*time.Millisecond)
	defer cancel()
	job := Job{AppID: "counter", Version: "1.0.0", InstallationID: "inst-a", BundleHash: "counter-v1", Script: []byte(counterApp),
		Handler: "render", Args: jsonArgs(t, "home", map[string]any{"loop": true}, map[string]any{"installation": "inst-a"}),
		Limits: Limits{Timeout: 10 * time.Second}}
	res, err := p.Run(ctx, job, newTestHost().forInstallation("inst-a"))
	if err != nil || res.Receipt.Outcome != OutcomeCanceled || res.Receipt.Runtime != RuntimeWarm {
		t.Fatalf("canceled: %v %+v", err, res.Receipt)
	}
	v, res = runCounter(t, p, "inst-a", map[string]any{}, nil)
	wantCounter(t, "after a cancel", v, res, 1, RuntimeCold)
	v, res = runCounter(t, p, "inst-a", map[string]any{}, nil)
	wantCounter(t, "warm again", v, res, 2, RuntimeWarm)

	_, res = runCounter(t, p, "inst-a", map[string]any{"backtrack": true}, func(j *Job) { j.Limits.Timeout = scaled(100 * time.Millisecond) })
	if res.Receipt.Outcome != OutcomeKilled {
		t.Fatalf("backtrack: %+v", res.Receipt)
	}
	waitFullStrength(t, p)
	v, res = runCounter(t, p, "inst-a", map[string]any{}, nil)
	wantCounter(t, "after a kill", v, res, 1, RuntimeCold)
}

// TestIsolationEvent: an app that asks for isolation "event" gets a fresh
// runtime every time, and so does a pool with warm runtimes disabled.
func TestIsolationEvent(t *testing.T) {
	p := newTestPool(t, PoolConfig{Size: 1})
	for i := 0; i < 3; i++ {
		v, res := runCounter(t, p, "inst-a", map[string]any{}, func(j *Job) { j.Isolation = IsolationEvent })
		wantCounter(t, "isolation event", v, res, 1, RuntimeCold)
	}
	// The same app without it is warm from its second event.
	runCounter(t, p, "inst-a", map[string]any{}, nil)
	v, res := runCounter(t, p, "inst-a", map[string]any{}, nil)
	wantCounter(t, "isolation installation", v, res, 2, RuntimeWarm)

	off := newTestPool(t, PoolConfig{Size: 1, Warm: WarmPolicy{Disabled: true}})
	for i := 0; i < 2; i++ {
		v, res := runCounter(t, off, "inst-a", map[string]any{}, nil)
		wantCounter(t, "warm disabled", v, res, 1, RuntimeCold)
	}
}

// TestWarmRuntimeMaxEventsAndTopLevelError: a runtime is retired after
// MaxEvents; a bundle whose top level throws never leaves a runtime.
func TestWarmRuntimeMaxEventsAndTopLevelError(t *testing.T) {
	p := newTestPool(t, PoolConfig{Size: 1, Warm: WarmPolicy{MaxEvents: 3}})
	for i, want := range []int{1, 2, 3, 1, 2} {
		rt := RuntimeWarm
		if want == 1 {
			rt = RuntimeCold
		}
		v, res := runCounter(t, p, "inst-a", map[string]any{}, nil)
		wantCounter(t, "event "+string(rune('1'+i)), v, res, want, rt)
	}
	bad := Job{AppID: "bad", InstallationID: "inst-a", Script: []byte(`globalThis.tries = (globalThis.tries || 0) + 1;
		if (tries === 1) throw new Error("top level");
		var __soukApp = { render: () => tries };`), Handler: "render"}
	for i := 0; i < 2; i++ {
		res, err := p.Run(testCtx(t), bad, nil)
		if err != nil || res.Receipt.Outcome != OutcomeError || res.Receipt.Runtime != RuntimeCold || !strings.Contains(res.Receipt.RuntimeDiscarded, "top level") {
			t.Fatalf("top-level error %d: %v %+v", i, err, res.Receipt)
		}
	}
}

// TestWarmRuntimeHeapBudget: a runtime that keeps a MiB more on every event
// is discarded once what it holds passes its budget (the memory limit), and
// the installation's next event starts from a fresh one.
func TestWarmRuntimeHeapBudget(t *testing.T) {
	p := newTestPool(t, PoolConfig{Size: 1})
	budget := func(j *Job) { j.Limits.MaxMemory = 8 << 20 }
	discarded := -1
	for i := 1; i <= 30 && discarded < 0; i++ {
		v, res := runCounter(t, p, "inst-a", map[string]any{"grow": true}, budget)
		if res.Receipt.Outcome != OutcomeOK {
			t.Fatalf("event %d: %+v %v", i, res.Receipt, res.Err)
		}
		if v.N != i || v.Kept != i {
			t.Fatalf("event %d: counter %d, kept %d", i, v.N, v.Kept)
		}
		if strings.Contains(res.Receipt.RuntimeDiscarded, "heap") {
			discarded = i
		}
	}
	if discarded < 0 {
		t.Fatal("the runtime held 30 MiB with an 8 MiB budget and was never discarded")
	}
	if discarded < 5 {
		t.Fatalf("discarded after %d events of 1 MiB each with an 8 MiB budget: measuring too much", discarded)
	}
	t.Logf("discarded after %d events", discarded)
	v, res := runCounter(t, p, "inst-a", map[string]any{}, budget)
	wantCounter(t, "after the heap budget", v, res, 1, RuntimeCold)
}

// TestWarmRuntimeNondeterminismPerEvent: crypto.getRandomValues,
// Math.random and Date read the running event's sources, which every event
// gets fresh, also in a warm runtime (what a replay recorder would hook).
func TestWarmRuntimeNondeterminismPerEvent(t *testing.T) {
	orig := newNondet
	t.Cleanup(func() { newNondet = orig })
	made := 0
	newNondet = func() nondet {
		made++
		k := made
		return nondet{
			random: bytes.NewReader(bytes.Repeat([]byte{byte(k)}, 64)),
			float:  func() float64 { return float64(k) / 10 },
			now:    func() time.Time { return time.UnixMilli(int64(k) * 1000) },
		}
	}
	iw := newInProcWorker(t)
	script := `var __soukApp = { render() {
		const b = new Uint8Array(2); crypto.getRandomValues(b);
		return [b[0], Math.random(), Date.now()];
	} };`
	lim := Limits{}.Normalize().wire()
	warm := &wireWarm{MaxEvents: 10, IdleMs: 60000, PerWorker: 4}
	var got []string
	for i := uint64(1); i <= 2; i++ {
		var d doneMsg
		if err := decodeFrame(iw.serve(t, &runMsg{Event: i, Hash: "nd", Script: script, Handler: "render", Limits: lim, Inst: "inst-a", Warm: warm}).payload, &d); err != nil {
			t.Fatal(err)
		}
		if d.Outcome != OutcomeOK || d.Warm != (i == 2) {
			t.Fatalf("event %d: %+v", i, d)
		}
		got = append(got, string(d.Value))
	}
	// Each event reads the sources newNondet made for it when it was bound.
	if made < 2 || got[0] == got[1] {
		t.Fatalf("events read %v from %d sources", got, made)
	}
	for i, v := range got {
		var a []float64
		_ = json.Unmarshal([]byte(v), &a)
		if len(a) != 3 || a[0]*1000 != a[2] || a[1]*10000 != a[2] {
			t.Fatalf("event %d read %s: not one event's sources", i+1, v)
		}
	}
}

// TestWarmRuntimeLateHaltsDoNotReachNextEvent: a cancel or a deadline that
// names an event that already ended is ignored by the runtime's next event.
func TestWarmRuntimeLateHaltsDoNotReachNextEvent(t *testing.T) {
	iw := newInProcWorker(t)
	lim := Limits{}.Normalize().wire()
	warm := &wireWarm{MaxEvents: 10, IdleMs: 60000, PerWorker: 4}
	script := `let n = 0; var __soukApp = { render() { return ++n; } };`
	iw.serve(t, &runMsg{Event: 1, Hash: "late", Script: script, Handler: "render", Limits: lim, Inst: "i", Warm: warm})
	ev := iw.w.warm.byKey[warmKey("late", "i")]
	if ev == nil {
		t.Fatal("the runtime was not kept warm")
	}
	ev.haltEvent(1, errCanceled) // arrives after event 1 ended
	ev.post(func() error { return errCanceled })
	// The late halt landed on the kept runtime (same generation): keepWarm
	// already kept it, so the next event must clear it at bind.
	var d doneMsg
	_ = decodeFrame(iw.serve(t, &runMsg{Event: 2, Hash: "late", Handler: "render", Limits: lim, Inst: "i", Warm: warm}).payload, &d)
	if d.Outcome != OutcomeOK || string(d.Value) != "2" || !d.Warm {
		t.Fatalf("event 2: %+v %s", d, d.Value)
	}
}

// TestWarmRuntimeAffinity: an installation's events go to the idle worker
// that has its runtime warm, so sequential events on a pool of two warm
// one runtime, not one per worker.
func TestWarmRuntimeAffinity(t *testing.T) {
	p := newTestPool(t, PoolConfig{Size: 2, AppConcurrency: 2})
	cold := 0
	pids := map[int]bool{}
	for i := 0; i < 10; i++ {
		_, res := runCounter(t, p, "inst-a", map[string]any{}, nil)
		if res.Receipt.Outcome != OutcomeOK {
			t.Fatalf("event %d: %+v", i, res.Receipt)
		}
		if res.Receipt.Runtime == RuntimeCold {
			cold++
		}
		pids[res.Receipt.WorkerPID] = true
	}
	if cold != 1 || len(pids) != 1 {
		t.Fatalf("%d cold events on %d workers; want 1 on 1", cold, len(pids))
	}
}
