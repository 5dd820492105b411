package sandbox

import (
	"testing"
	"time"
)

func TestLimitsNormalize(t *testing.T) {
	if got := (Limits{}).Normalize(); got != DefaultLimits {
		t.Fatalf("zero limits = %+v, want defaults", got)
	}
	huge := Limits{Timeout: time.Hour, MaxHostCalls: 1e9, MaxCallBytes: 1e9, MaxLogBytes: 1e9, MaxLogLines: 1e9,
		MaxResultBytes: 1e9, MaxCallStack: 1e9, MaxTimers: 1e9, MaxMemory: 1e12}
	if got := huge.Normalize(); got != LimitCaps {
		t.Fatalf("huge limits = %+v, want caps", got)
	}
	tight := Limits{Timeout: 50 * time.Millisecond, MaxHostCalls: 2, MaxResultBytes: -1}.Normalize()
	if tight.Timeout != 50*time.Millisecond || tight.MaxHostCalls != 2 || tight.MaxResultBytes != DefaultLimits.MaxResultBytes {
		t.Fatalf("tight = %+v", tight)
	}
	if w := tight.wire(); w.TimeoutMs != 50 || w.MaxHostCalls != 2 {
		t.Fatalf("wire = %+v", w)
	}
}

func TestPoolAppliesLimits(t *testing.T) {
	p := newTestPool(t, PoolConfig{Size: 1})
	app := `var __soukApp = { async render() {
		for (let i = 0; i < 10; i++) console.log("line " + i);
		let last;
		for (let i = 0; i < 5; i++) { try { await souk.call("echo", i); } catch (e) { last = e.code; } }
		return { last, big: "x".repeat(200) };
	} };`
	host := newTestHost().forInstallation("i")
	res, err := p.Run(testCtx(t), Job{Script: []byte(app), Handler: "render",
		Limits: Limits{MaxLogLines: 3, MaxHostCalls: 2, MaxResultBytes: 100}}, host)
	if err != nil {
		t.Fatal(err)
	}
	if res.Receipt.Outcome != OutcomeTooLarge || len(res.Logs) != 3 || res.LogsDropped != 7 || res.Receipt.HostCalls != 2 {
		t.Fatalf("outcome %q logs %d dropped %d host calls %d", res.Receipt.Outcome, len(res.Logs), res.LogsDropped, res.Receipt.HostCalls)
	}
}
