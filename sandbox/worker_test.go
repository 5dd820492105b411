package sandbox

import (
	"fmt"
	"io"
	"strings"
	"testing"
	"time"
)

// inProcWorker runs a workerState in the test process (without the process
// limits) and collects what it writes, answering host calls with echo.
type inProcWorker struct {
	w      *workerState
	frames chan frame
}

func newInProcWorker(t testing.TB) *inProcWorker {
	t.Helper()
	pr, pw := io.Pipe()
	w, err := newWorkerState(pw)
	if err != nil {
		t.Fatal(err)
	}
	iw := &inProcWorker{w: w, frames: make(chan frame, 64)}
	go func() {
		fr := newFrameReader(pr, maxWorkerFrame)
		for {
			k, p, err := fr.read()
			if err != nil {
				return
			}
			if k == kindCall {
				var m callMsg
				_ = decodeFrame(p, &m)
				if ev := w.current(m.Event); ev != nil {
					ev.post(func() error { return ev.deliver(&replyMsg{Event: m.Event, Call: m.Call, Result: m.Args}) })
				}
			}
			iw.frames <- frame{k, p}
		}
	}()
	t.Cleanup(func() { pw.Close() })
	return iw
}

// serve runs one event and returns the last frame it wrote.
func (iw *inProcWorker) serve(t testing.TB, run *runMsg) frame {
	t.Helper()
	iw.w.serve(run)
	var last frame
	for {
		select {
		case f := <-iw.frames:
			last = f
			if f.kind == kindDone || f.kind == kindNeedScript {
				return last
			}
		case <-time.After(5 * time.Second):
			t.Fatal("no done frame")
		}
	}
}

func TestWorkerCompileCacheAndNeedScript(t *testing.T) {
	iw := newInProcWorker(t)
	lim := Limits{}.Normalize().wire()
	run := &runMsg{Event: 1, Hash: "h1", Handler: "render", Limits: lim}
	if f := iw.serve(t, run); f.kind != kindNeedScript {
		t.Fatalf("without the script: frame %q %s", f.kind, f.payload)
	}
	run = &runMsg{Event: 2, Hash: "h1", Script: `var __soukApp = { render: async () => (await souk.call("echo", {a: 1})).a + 1 };`, Handler: "render", Limits: lim}
	var d doneMsg
	_ = decodeFrame(iw.serve(t, run).payload, &d)
	if d.Outcome != OutcomeOK || string(d.Value) != "2" || !d.Compiled || d.HostCalls != 1 {
		t.Fatalf("first run: %+v", d)
	}
	run = &runMsg{Event: 3, Hash: "h1", Handler: "render", Limits: lim}
	d = doneMsg{}
	_ = decodeFrame(iw.serve(t, run).payload, &d)
	if d.Outcome != OutcomeOK || d.Compiled {
		t.Fatalf("cached run: %+v", d)
	}
}

func TestWorkerCancel(t *testing.T) {
	iw := newInProcWorker(t)
	run := &runMsg{Event: 9, Hash: "spin", Script: `var __soukApp = { render() { for (;;) {} } };`, Handler: "render", Limits: Limits{Timeout: 10 * time.Second}.Normalize().wire()}
	go func() {
		for iw.w.current(9) == nil {
			time.Sleep(time.Millisecond)
		}
		ev := iw.w.current(9)
		ev.vm.Interrupt(errCanceled)
		ev.post(func() error { return errCanceled })
	}()
	var d doneMsg
	_ = decodeFrame(iw.serve(t, run).payload, &d)
	if d.Outcome != OutcomeCanceled {
		t.Fatalf("%+v", d)
	}
}

func TestWorkerProgramCacheIsBounded(t *testing.T) {
	iw := newInProcWorker(t)
	lim := Limits{}.Normalize().wire()
	big := "var __soukApp = { render: () => 1 };\n//" + strings.Repeat("x", programCacheBytes/3)
	for i := 0; i < 5; i++ {
		iw.serve(t, &runMsg{Event: uint64(i + 1), Hash: fmt.Sprint("big", i), Script: big, Handler: "render", Limits: lim})
	}
	if iw.w.cachedBytes > programCacheBytes || iw.w.lru.Len() != 2 {
		t.Fatalf("cache holds %d programs, %d bytes", iw.w.lru.Len(), iw.w.cachedBytes)
	}
	// The oldest was evicted: the worker asks for its script again.
	if f := iw.serve(t, &runMsg{Event: 9, Hash: "big0", Handler: "render", Limits: lim}); f.kind != kindNeedScript {
		t.Fatalf("frame %q", f.kind)
	}
}
