package sandbox

import (
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

func TestQuarantineBookScoresDecayAndExpiry(t *testing.T) {
	clock := &fakeClock{now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	b := newQuarantineBook(QuarantinePolicy{Threshold: 3, TimeoutScore: 0.5, HalfLife: time.Minute}, clock.Now)
	j := &Job{AppID: "app", Version: "1.0.0"}
	key := quarantineKey(j)
	kill := &Receipt{Outcome: OutcomeKilled, Reason: "r-kill"}
	timeout := &Receipt{Outcome: OutcomeTimeout, Reason: "r-timeout"}

	// Outcomes that do not degrade the pool score nothing.
	for _, o := range []string{OutcomeOK, OutcomeError, OutcomeCanceled, OutcomeUnsettled, OutcomeTooLarge, OutcomeOverloaded} {
		if b.record(key, j, &Receipt{Outcome: o}) {
			t.Fatalf("%s quarantined", o)
		}
	}
	if len(b.m) != 0 {
		t.Fatalf("harmless outcomes kept %d entries", len(b.m))
	}

	// A kill every half-life never adds up: the score tends to 2.
	for i := 0; i < 20; i++ {
		if b.record(key, j, kill) {
			t.Fatalf("quarantined at round %d although faults were a half-life apart", i)
		}
		clock.Advance(time.Minute)
	}
	clock.Advance(time.Hour) // the record decays to nothing
	if _, ok := b.check(key); ok || len(b.m) != 0 {
		t.Fatalf("a decayed record is kept: %+v", b.m)
	}

	// Timeouts in quick succession quarantine: 6 × 0.5 = 3.
	for i := 0; i < 5; i++ {
		if b.record(key, j, timeout) {
			t.Fatalf("quarantined after %d timeouts", i+1)
		}
	}
	if !b.record(key, j, timeout) {
		t.Fatal("6 timeouts in a row did not quarantine")
	}
	q, ok := b.check(key)
	// Quarantined until the score 3 decays to 1.5: one half-life.
	if !ok || q.Timeouts != 6 || q.Kills != 0 || q.LastReason != "r-timeout" || q.AppID != "app" || q.Score != 3 ||
		!q.Until.Equal(clock.Now().Add(time.Minute)) {
		t.Fatalf("check = %+v, %v", q, ok)
	}
	if !strings.Contains(q.reason(), "timed out 6 times") {
		t.Fatalf("reason %q", q.reason())
	}
	if l := b.list(); len(l) != 1 || l[0].Key != "app" {
		t.Fatalf("list %+v", l)
	}
	if _, ok := b.check("other"); ok {
		t.Fatal("another app is quarantined")
	}
	// A new version of the app is the same app.
	if _, ok := b.check(quarantineKey(&Job{AppID: "app", Version: "1.0.1"})); !ok {
		t.Fatal("a new version escaped the quarantine")
	}
	// An event in flight when the quarantine began extends it.
	clock.Advance(30 * time.Second)
	if b.record(key, j, kill) {
		t.Fatal("an extension reported as a new quarantine")
	}
	q2, _ := b.check(key)
	if !q2.Until.After(q.Until) || q2.Kills != 1 {
		t.Fatalf("not extended: %+v then %+v", q, q2)
	}

	// Decay lifts it.
	clock.Advance(q2.Until.Sub(clock.Now()))
	if _, ok := b.check(key); ok {
		t.Fatal("quarantine did not lift once the score decayed to half the threshold")
	}
	if len(b.list()) != 0 {
		t.Fatal("expired quarantine listed")
	}
	// On probation: the score is 1.5, so one more kill does not
	// re-quarantine, two more do.
	if b.record(key, j, kill) {
		t.Fatal("re-quarantined after one kill")
	}
	if !b.record(key, j, kill) {
		t.Fatal("an app that was not fixed is not re-quarantined")
	}
}

// The production policy: three dead workers spread over a minute
// quarantine (the score decays between them, so it never reaches 3), two do
// not, and neither do kills ten minutes apart.
func TestQuarantineDefaultPolicy(t *testing.T) {
	clock := &fakeClock{now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	b := newQuarantineBook(QuarantinePolicy{}, clock.Now)
	if b.policy != DefaultQuarantinePolicy {
		t.Fatalf("zero policy normalized to %+v", b.policy)
	}
	j := &Job{AppID: "app", Version: "1.0.0"}
	kill := &Receipt{Outcome: OutcomeCrashed}
	for i := 0; i < 5; i++ {
		if b.record("apart", j, kill) {
			t.Fatal("kills ten minutes apart quarantined")
		}
		clock.Advance(10 * time.Minute)
	}
	b.record("app", j, kill)
	clock.Advance(30 * time.Second)
	if b.record("app", j, kill) {
		t.Fatal("two kills quarantined")
	}
	clock.Advance(30 * time.Second)
	if !b.record("app", j, kill) {
		t.Fatal("three kills within a minute did not quarantine")
	}
	if q, _ := b.check("app"); q.Until.Sub(clock.Now()) < 5*time.Minute {
		t.Fatalf("quarantined for %v; at least one half-life", q.Until.Sub(clock.Now()))
	}
	// Timeouts a second apart: the sixth quarantines.
	for i := 1; i <= 6; i++ {
		clock.Advance(time.Second)
		if got := b.record("looper", j, &Receipt{Outcome: OutcomeTimeout}); got != (i == 6) {
			t.Fatalf("timeout %d: quarantined=%v", i, got)
		}
	}
}

func TestPoolQuarantinesAppThatKillsWorkers(t *testing.T) {
	clock := &fakeClock{now: time.Now()}
	p := newTestPool(t, PoolConfig{Size: 1, Now: clock.Now, Quarantine: QuarantinePolicy{Threshold: 2, HalfLife: time.Minute}})
	crash := Job{AppID: "crasher", Version: "2.0.0", Script: []byte(`var __soukApp = { render() { return 'x'.repeat(2 ** 40); } };`), Handler: "render"}
	for i := 0; i < 2; i++ {
		res, err := p.Run(testCtx(t), crash, nil)
		if err != nil || res.Receipt.Outcome != OutcomeCrashed {
			t.Fatalf("run %d: %v %+v", i, err, res.Receipt)
		}
	}
	res, err := p.Run(testCtx(t), crash, nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.Receipt.Outcome != OutcomeQuarantined || !strings.Contains(res.Receipt.Reason, "quarantined") || res.Err == nil || res.Receipt.WorkerPID != 0 {
		t.Fatalf("third run: %+v", res.Receipt)
	}
	if q := p.Quarantined(); len(q) != 1 || q[0].AppID != "crasher" || q[0].Version != "2.0.0" || q[0].Kills != 2 || !strings.Contains(q[0].LastReason, "out of memory") {
		t.Fatalf("Quarantined() = %+v", q)
	}
	// Another app still runs; a new version of this one does not: the
	// quarantine is the app's, not the version's.
	other := Job{AppID: "other", Version: "1.0.0", Script: []byte(renderApp), Handler: "render", Args: jsonArgs(t, "p", map[string]any{}, map[string]any{})}
	if res, _ := p.Run(testCtx(t), other, nil); res.Receipt.Outcome != OutcomeOK {
		t.Fatalf("another app: %+v", res.Receipt)
	}
	fixed := other
	fixed.AppID, fixed.Version = "crasher", "2.0.1"
	if res, _ := p.Run(testCtx(t), fixed, nil); res.Receipt.Outcome != OutcomeQuarantined {
		t.Fatalf("a new version of a quarantined app ran: %+v", res.Receipt)
	}
	// Decay lifts it (score 2 → 1 takes one half-life), and the fixed
	// version runs.
	clock.Advance(time.Minute + time.Second)
	if res, _ := p.Run(testCtx(t), fixed, nil); res.Receipt.Outcome != OutcomeOK {
		t.Fatalf("after the score decayed the fixed version runs; got %+v", res.Receipt)
	}
	if len(p.Quarantined()) != 0 {
		t.Fatal("quarantine listed after expiry")
	}
}

// Timeouts count toward quarantine: an app whose events keep running into
// their deadline is refused, every version of it, until its score decays.
func TestPoolQuarantinesAppThatKeepsTimingOut(t *testing.T) {
	clock := &fakeClock{now: time.Now()}
	p := newTestPool(t, PoolConfig{Size: 1, Now: clock.Now, Quarantine: QuarantinePolicy{Threshold: 1.5, TimeoutScore: 0.5, HalfLife: time.Minute}})
	loop := Job{AppID: "looper", Version: "1.0.0", Script: []byte(`var __soukApp = { render() { for (;;) {} } };`), Handler: "render",
		Limits: Limits{Timeout: scaled(100 * time.Millisecond)}}
	for i := 0; i < 3; i++ {
		res, err := p.Run(testCtx(t), loop, nil)
		if err != nil || res.Receipt.Outcome != OutcomeTimeout {
			t.Fatalf("run %d: %v %+v", i, err, res.Receipt)
		}
	}
	res, err := p.Run(testCtx(t), loop, nil)
	if err != nil || res.Receipt.Outcome != OutcomeQuarantined || !strings.Contains(res.Receipt.Reason, "timed out 3 times") {
		t.Fatalf("after 3 timeouts: %v %+v", err, res.Receipt)
	}
	if q := p.Quarantined(); len(q) != 1 || q[0].Key != "looper" || q[0].Timeouts != 3 || q[0].Kills != 0 {
		t.Fatalf("Quarantined() = %+v", q)
	}
	v2 := Job{AppID: "looper", Version: "1.0.1", Script: []byte(renderApp), Handler: "render", Args: jsonArgs(t, "p", map[string]any{}, map[string]any{})}
	if res, _ := p.Run(testCtx(t), v2, nil); res.Receipt.Outcome != OutcomeQuarantined {
		t.Fatalf("a new version of a quarantined app ran: %+v", res.Receipt)
	}
	clock.Advance(59 * time.Second)
	if res, _ := p.Run(testCtx(t), v2, nil); res.Receipt.Outcome != OutcomeQuarantined {
		t.Fatalf("lifted before the score decayed: %+v", res.Receipt)
	}
	clock.Advance(2 * time.Second)
	if res, _ := p.Run(testCtx(t), v2, nil); res.Receipt.Outcome != OutcomeOK {
		t.Fatalf("decay did not lift the quarantine: %+v", res.Receipt)
	}
}

func TestQuarantineBookStaysBounded(t *testing.T) {
	clock := &fakeClock{now: time.Now()}
	b := newQuarantineBook(QuarantinePolicy{Threshold: 5, HalfLife: time.Second}, clock.Now)
	for i := 0; i < maxQuarantineEntries; i++ {
		j := &Job{AppID: "a" + strconv.Itoa(i)}
		b.record(quarantineKey(j), j, &Receipt{Outcome: OutcomeKilled})
	}
	clock.Advance(10 * time.Second) // 1 → 1/1024: forgotten
	j := &Job{AppID: "b"}
	b.record(quarantineKey(j), j, &Receipt{Outcome: OutcomeKilled})
	if len(b.m) != 1 {
		t.Fatalf("%d entries kept", len(b.m))
	}
}

// An operator's release lifts a quarantine at once, for every version of
// the app, and forgets the record; releasing again reports nothing.
func TestPoolReleaseQuarantine(t *testing.T) {
	clock := &fakeClock{now: time.Now()}
	p := newTestPool(t, PoolConfig{Size: 1, Now: clock.Now, Quarantine: QuarantinePolicy{Threshold: 2, HalfLife: time.Hour}})
	crash := Job{AppID: "crasher", Version: "2.0.0", Script: []byte(`var __soukApp = { render() { return 'x'.repeat(2 ** 40); } };`), Handler: "render"}
	for i := 0; i < 2; i++ {
		if res, err := p.Run(testCtx(t), crash, nil); err != nil || res.Receipt.Outcome != OutcomeCrashed {
			t.Fatalf("run %d: %v %+v", i, err, res.Receipt)
		}
	}
	fixed := Job{AppID: "crasher", Version: "2.0.1", Script: []byte(renderApp), Handler: "render", Args: jsonArgs(t, "p", map[string]any{}, map[string]any{})}
	if res, _ := p.Run(testCtx(t), fixed, nil); res.Receipt.Outcome != OutcomeQuarantined {
		t.Fatalf("before release: %+v", res.Receipt)
	}
	if p.ReleaseQuarantine("other") {
		t.Fatal("released an app that was not quarantined")
	}
	if !p.ReleaseQuarantine("crasher") {
		t.Fatal("release reported no quarantine")
	}
	if len(p.Quarantined()) != 0 {
		t.Fatalf("still listed: %+v", p.Quarantined())
	}
	if res, _ := p.Run(testCtx(t), fixed, nil); res.Receipt.Outcome != OutcomeOK {
		t.Fatalf("after release the fixed version runs; got %+v", res.Receipt)
	}
	if p.ReleaseQuarantine("crasher") {
		t.Fatal("a second release reported a quarantine")
	}
}
