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

func TestQuarantineBookWindowAndExpiry(t *testing.T) {
	clock := &fakeClock{now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	b := newQuarantineBook(QuarantinePolicy{Kills: 3, Window: time.Minute, Cooldown: 10 * time.Minute}, clock.Now)
	j := &Job{AppID: "app", Version: "1.0.0"}
	key := quarantineKey(j)

	b.recordKill(key, j, "r1")
	clock.Advance(45 * time.Second)
	b.recordKill(key, j, "r2")
	clock.Advance(30 * time.Second) // the first kill leaves the window
	if b.recordKill(key, j, "r3") {
		t.Fatal("quarantined with only 2 kills inside the window")
	}
	clock.Advance(time.Second)
	if !b.recordKill(key, j, "r4") {
		t.Fatal("3 kills within a minute did not quarantine")
	}
	q, ok := b.check(key)
	if !ok || q.LastReason != "r4" || q.Kills != 3 || q.AppID != "app" || !q.Until.Equal(clock.Now().Add(10*time.Minute)) {
		t.Fatalf("check = %+v, %v", q, ok)
	}
	if l := b.list(); len(l) != 1 || l[0].Key != "app@1.0.0" {
		t.Fatalf("list %+v", l)
	}
	if _, ok := b.check("other@1.0.0"); ok {
		t.Fatal("another app is quarantined")
	}
	clock.Advance(10 * time.Minute)
	if _, ok := b.check(key); ok {
		t.Fatal("quarantine did not expire")
	}
	if len(b.list()) != 0 {
		t.Fatal("expired quarantine listed")
	}
	// A fresh start after the cooldown: one kill does not re-quarantine.
	if b.recordKill(key, j, "r5") {
		t.Fatal("re-quarantined after one kill")
	}
}

func TestPoolQuarantinesAppThatKillsWorkers(t *testing.T) {
	clock := &fakeClock{now: time.Now()}
	p := newTestPool(t, PoolConfig{Size: 1, Now: clock.Now, Quarantine: QuarantinePolicy{Kills: 2, Window: time.Minute, Cooldown: time.Minute}})
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
	if q := p.Quarantined(); len(q) != 1 || q[0].AppID != "crasher" || q[0].Version != "2.0.0" || !strings.Contains(q[0].LastReason, "out of memory") {
		t.Fatalf("Quarantined() = %+v", q)
	}
	// Other apps and other versions still run.
	fixed := crash
	fixed.Version, fixed.Script = "2.0.1", []byte(renderApp)
	fixed.Args = jsonArgs(t, "p", map[string]any{}, map[string]any{})
	if res, _ := p.Run(testCtx(t), fixed, nil); res.Receipt.Outcome != OutcomeOK {
		t.Fatalf("another version: %+v", res.Receipt)
	}
	clock.Advance(time.Minute + time.Second)
	if res, _ := p.Run(testCtx(t), crash, nil); res.Receipt.Outcome != OutcomeCrashed {
		t.Fatalf("after the cooldown the app runs again; got %+v", res.Receipt)
	}
	if len(p.Quarantined()) != 0 {
		t.Fatal("quarantine listed after expiry")
	}
}

func TestQuarantineBookStaysBounded(t *testing.T) {
	clock := &fakeClock{now: time.Now()}
	b := newQuarantineBook(QuarantinePolicy{Kills: 5, Window: time.Second}, clock.Now)
	for i := 0; i < maxQuarantineEntries; i++ {
		j := &Job{AppID: "a", Version: strconv.Itoa(i)}
		b.recordKill(quarantineKey(j), j, "x")
	}
	clock.Advance(2 * time.Second)
	j := &Job{AppID: "b"}
	b.recordKill(quarantineKey(j), j, "x")
	if len(b.m) != 1 {
		t.Fatalf("%d entries kept", len(b.m))
	}
}
