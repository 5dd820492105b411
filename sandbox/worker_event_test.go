package sandbox

import (
	"strings"
	"testing"
	"time"
)

// runInProc runs src's render in an in-process worker and returns the report.
func runInProc(t *testing.T, src string, lim Limits) doneMsg {
	t.Helper()
	iw := newInProcWorker(t)
	var d doneMsg
	f := iw.serve(t, &runMsg{Event: 1, Hash: "h", Script: src, Handler: "render", Limits: lim.Normalize().wire()})
	if err := decodeFrame(f.payload, &d); err != nil {
		t.Fatal(err)
	}
	return d
}

func TestEventTimersRunOnTheLoop(t *testing.T) {
	d := runInProc(t, `var __soukApp = { render() {
		const order = [];
		return new Promise((resolve) => {
			setTimeout(() => order.push("t20"), 20);
			const cancelled = setTimeout(() => order.push("never"), 5);
			clearTimeout(cancelled);
			setTimeout((a, b) => { order.push("t10:" + a + b); }, 10, "x", "y");
			queueMicrotask(() => order.push("micro"));
			setTimeout(() => resolve(order), 40);
		});
	} };`, Limits{})
	if d.Outcome != OutcomeOK || string(d.Value) != `["micro","t10:xy","t20"]` {
		t.Fatalf("%+v %s", d, d.Value)
	}
}

func TestEventTimerExceptionIsLogged(t *testing.T) {
	d := runInProc(t, `var __soukApp = { render() {
		setTimeout(() => { throw new RangeError("in timer"); }, 0);
		return new Promise((r) => setTimeout(() => r("done"), 10));
	} };`, Limits{})
	if d.Outcome != OutcomeOK || len(d.Logs) != 1 || !strings.Contains(d.Logs[0].Message, "RangeError: in timer") || d.Logs[0].Level != "error" {
		t.Fatalf("%+v", d)
	}
}

func TestEventThenableAndSyncResults(t *testing.T) {
	d := runInProc(t, `var __soukApp = { render() { return { then(ok) { ok({ via: "thenable" }); } }; } };`, Limits{})
	if d.Outcome != OutcomeOK || string(d.Value) != `{"via":"thenable"}` {
		t.Fatalf("%+v %s", d, d.Value)
	}
	d = runInProc(t, `var __soukApp = { render() { return undefined; } };`, Limits{})
	if d.Outcome != OutcomeOK || string(d.Value) != `null` {
		t.Fatalf("%+v %s", d, d.Value)
	}
}

func TestEventConsoleFormatting(t *testing.T) {
	d := runInProc(t, `var __soukApp = { render() {
		console.info("s", 1, true, null, undefined, { a: [1] }, [2], Symbol("x"), 3n, function f() {});
		console.warn("x".repeat(10000));
		return 1;
	} };`, Limits{})
	if len(d.Logs) != 2 {
		t.Fatalf("%+v", d.Logs)
	}
	if got := d.Logs[0].Message; got != `s 1 true null undefined {"a":[1]} [2] Symbol(x) 3 [function]` || d.Logs[0].Level != "info" {
		t.Fatalf("%q", got)
	}
	if n := len(d.Logs[1].Message); n > maxLogLine+8 || !strings.HasSuffix(d.Logs[1].Message, "…") {
		t.Fatalf("long line kept %d bytes", n)
	}
}

func TestEventDeadlineInterruptsAwaitingHandler(t *testing.T) {
	start := time.Now()
	d := runInProc(t, `var __soukApp = { async render() { await new Promise(r => setTimeout(r, 60000)); } };`, Limits{Timeout: 50 * time.Millisecond})
	if d.Outcome != OutcomeTimeout || time.Since(start) > 2*time.Second {
		t.Fatalf("%+v after %v", d, time.Since(start))
	}
}
