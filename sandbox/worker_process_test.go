package sandbox

import (
	"strings"
	"testing"
)

func TestHeadBufferKeepsFatalLine(t *testing.T) {
	b := &headBuffer{max: 32}
	b.Write([]byte("fatal error: stack overflow\n"))
	b.Write([]byte(strings.Repeat("goroutine dump ", 100)))
	if got := b.String(); len(got) != 32 || !strings.HasPrefix(got, "fatal error: stack overflow") {
		t.Fatalf("%q", got)
	}
	if l := firstFatalLine(b.String()); l != "fatal error: stack overflow" {
		t.Fatalf("%q", l)
	}
}

func TestStartProcessFailure(t *testing.T) {
	if _, err := startProcess([]string{"/nonexistent/souk"}, nil, 1<<20, 1e9); err == nil {
		t.Fatal("started a missing binary")
	}
	// A process that exits without a hello.
	if _, err := startProcess([]string{"/bin/true"}, nil, 1<<20, 1e9); err == nil || !strings.Contains(err.Error(), "did not start") {
		t.Fatalf("%v", err)
	}
}

// A compromised worker that announces a giant frame is killed; the host
// never allocates the frame, and the event gets a clear receipt.
func TestHostKillsWorkerThatFloodsFrames(t *testing.T) {
	fake := `printf '\000\000\000\013H\011{"pid":1}'; head -c 5 >/dev/null; printf '\177\377\377\377D'; sleep 30`
	p, err := NewPool(PoolConfig{Size: 1, Command: []string{"/bin/sh", "-c", fake}, Quarantine: QuarantinePolicy{Threshold: 100}})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	res, err := p.Run(testCtx(t), Job{Script: []byte(renderApp), Handler: "render"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.Receipt.Outcome != OutcomeCrashed || !strings.Contains(res.Receipt.Reason, "protocol violation") || !strings.Contains(res.Receipt.Reason, "frame exceeds size cap") {
		t.Fatalf("%+v", res.Receipt)
	}
}
