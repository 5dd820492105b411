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
