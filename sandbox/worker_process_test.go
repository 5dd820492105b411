package sandbox

import (
	"os"
	"path/filepath"
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

// A worker started with EnvCPUProfile writes its CPU profile when the pool
// closes it (the benchmarks' --worker-cpuprofile), and runs events as usual.
func TestWorkerWritesCPUProfileWhenAsked(t *testing.T) {
	dir := t.TempDir()
	p := newTestPool(t, PoolConfig{Size: 1, Env: []string{EnvCPUProfile + "=" + dir}})
	res, err := p.Run(testCtx(t), Job{BundleHash: "prof", Script: []byte(benchApp), Handler: "render", Args: benchArgs(t)}, nil)
	if err != nil || res.Receipt.Outcome != OutcomeOK {
		t.Fatalf("%v %+v", err, res.Err)
	}
	p.Close()
	files, err := filepath.Glob(filepath.Join(dir, "worker-*.prof"))
	if err != nil || len(files) != 1 {
		t.Fatalf("profiles %v %v, want one", files, err)
	}
	b, err := os.ReadFile(files[0])
	if err != nil {
		t.Fatal(err)
	}
	// A pprof profile is gzipped protobuf.
	if len(b) < 20 || b[0] != 0x1f || b[1] != 0x8b {
		t.Fatalf("%s is not a gzipped profile (%d bytes)", files[0], len(b))
	}
}
