// Package stripemock runs Stripe's official API mock, stripe-mock, for
// tests: the pinned version, installed with go install on first use (as
// .ci/start-minio does for MinIO), started on a free loopback port.
package stripemock

import (
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// Module is the pinned stripe-mock.
const Module = "github.com/stripe/stripe-mock@v0.203.0"

// binary finds stripe-mock: SOUK_TEST_STRIPE_MOCK, PATH, GOPATH/bin, or a
// go install of the pinned version into GOPATH/bin.
func binary() (string, error) {
	if b := os.Getenv("SOUK_TEST_STRIPE_MOCK"); b != "" {
		return b, nil
	}
	if p, err := exec.LookPath("stripe-mock"); err == nil {
		return p, nil
	}
	out, err := exec.Command("go", "env", "GOPATH").Output()
	if err != nil {
		return "", err
	}
	bin := filepath.Join(strings.Split(strings.TrimSpace(string(out)), string(os.PathListSeparator))[0], "bin", "stripe-mock")
	if _, err := os.Stat(bin); err == nil {
		return bin, nil
	}
	cmd := exec.Command("go", "install", Module)
	cmd.Env = append(os.Environ(), "GOBIN="+filepath.Dir(bin))
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", &installError{string(out), err}
	}
	return bin, nil
}

type installError struct {
	out string
	err error
}

func (e *installError) Error() string {
	return "go install " + Module + ": " + e.err.Error() + "\n" + e.out
}

// Start runs stripe-mock for the test and returns its base URL. When it
// cannot be had, the test fails under CI=true and is skipped otherwise.
func Start(t testing.TB) string {
	t.Helper()
	bin, err := binary()
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("stripe-mock: %v", err)
		}
		t.Skipf("stripe-mock is not available (%v); CI=true makes this a failure", err)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	cmd := exec.Command(bin, "-http-addr", addr)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	for i := 0; i < 400; i++ {
		if c, err := net.Dial("tcp", addr); err == nil {
			c.Close()
			return "http://" + addr
		}
		time.Sleep(25 * time.Millisecond)
	}
	t.Fatal("stripe-mock did not start within 10 s")
	return ""
}
