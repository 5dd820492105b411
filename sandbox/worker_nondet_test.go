package sandbox

import (
	"context"
	"encoding/json"
	"sync"
	"testing"
	"time"
)

// nondetApp reads every source of nondeterminism, around two concurrent
// host calls, and returns what it read.
const nondetApp = `const topLevel = Date.now();
var __soukApp = { async render() {
	const b = new Uint8Array(8); crypto.getRandomValues(b);
	const t0 = Date.now(), r = Math.random(), u = crypto.randomUUID();
	const [x, y] = await Promise.all([souk.call("echo", {n: 1}), souk.call("echo", {n: 2})]);
	await new Promise(res => setTimeout(res, 3));
	return { b: Array.from(b), t0, r, u, x, y, t1: new Date().toISOString(), t2: Date.now() };
} };`

// TestNondetRecordReplay: an event run with a seed reports its clock reads
// and the sequence of its host calls; replaying with the seed and the
// clock (fresh runtime, later, with host answers by sequence) returns the
// identical value, and a replay with another seed does not.
func TestNondetRecordReplay(t *testing.T) {
	p := newTestPool(t, PoolConfig{Size: 1})
	seed := []byte("0123456789abcdef0123456789abcdef")
	var mu sync.Mutex
	answers := map[int]json.RawMessage{}
	rec := HostFunc(func(ctx context.Context, name string, args json.RawMessage) (json.RawMessage, error) {
		mu.Lock()
		defer mu.Unlock()
		n := CallSeq(ctx)
		if n < 1 {
			t.Errorf("host call without a sequence number")
		}
		answers[n] = append(json.RawMessage(`{"seq":`+string(rune('0'+n))+`,"args":`), append(args, '}')...)
		return answers[n], nil
	})
	job := Job{AppID: "a", InstallationID: "i", Script: []byte(nondetApp), Handler: "render", Nondet: &Nondet{Seed: seed}}
	res, err := p.Run(testCtx(t), job, rec)
	if err != nil || res.Receipt.Outcome != OutcomeOK {
		t.Fatalf("record: %v %+v %+v", err, res.Receipt, res.Err)
	}
	if res.Nondet == nil || len(res.Nondet.Clock) != 4 || res.Nondet.ClockTruncated {
		t.Fatalf("recorded clock: %+v", res.Nondet)
	}
	time.Sleep(5 * time.Millisecond)

	replay := func(seed []byte) (Result, []string) {
		var got []string
		host := HostFunc(func(ctx context.Context, name string, args json.RawMessage) (json.RawMessage, error) {
			mu.Lock()
			defer mu.Unlock()
			got = append(got, string(args))
			return answers[CallSeq(ctx)], nil
		})
		j := job
		j.Isolation = IsolationEvent
		j.Nondet = &Nondet{Seed: seed, Replay: true, Clock: res.Nondet.Clock}
		out, err := p.Run(testCtx(t), j, host)
		if err != nil || out.Receipt.Outcome != OutcomeOK {
			t.Fatalf("replay: %v %+v %+v", err, out.Receipt, out.Err)
		}
		return out, got
	}
	again, calls := replay(seed)
	if string(again.Value) != string(res.Value) {
		t.Fatalf("replay differs:\n got %s\nwant %s", again.Value, res.Value)
	}
	if len(calls) != 2 || again.Nondet == nil || again.Nondet.ClockOverrun != 0 {
		t.Fatalf("replay calls %v, nondet %+v", calls, again.Nondet)
	}
	other, _ := replay([]byte("another seed"))
	if string(other.Value) == string(res.Value) {
		t.Fatal("another seed replayed the same random values")
	}

	// A warm recording (top level already run) replays with live sources
	// for the top level only.
	res2, err := p.Run(testCtx(t), job, rec)
	if err != nil || res2.Receipt.Runtime != RuntimeWarm || len(res2.Nondet.Clock) != 3 {
		t.Fatalf("warm record: %v %+v %+v", err, res2.Receipt, res2.Nondet)
	}
	j := job
	j.Isolation = IsolationEvent
	j.Nondet = &Nondet{Seed: seed, Replay: true, Clock: res2.Nondet.Clock, SkipTopLevel: true}
	out, err := p.Run(testCtx(t), j, HostFunc(func(ctx context.Context, name string, args json.RawMessage) (json.RawMessage, error) {
		mu.Lock()
		defer mu.Unlock()
		return answers[CallSeq(ctx)], nil
	}))
	if err != nil || string(out.Value) != string(res2.Value) || out.Nondet.ClockOverrun != 0 {
		t.Fatalf("warm replay: %v\n got %s\nwant %s (%+v)", err, out.Value, res2.Value, out.Nondet)
	}
}
