// Package stripemock runs Stripe's official API mock, stripe-mock, for
// tests: the pinned version, installed with go install on first use (as
// .ci/start-minio does for MinIO), started on a free loopback port.
package stripemock

import (
	"bufio"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
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

var (
	once    sync.Once
	baseURL string
	failed  error
)

// Start returns the base URL of a stripe-mock shared by the test binary's
// tests (started on first use on system-chosen loopback ports, and killed
// with the test binary). When it cannot be had, the test fails under
// CI=true and is skipped otherwise.
func Start(t testing.TB) string {
	t.Helper()
	once.Do(func() { baseURL, failed = start() })
	if failed != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("stripe-mock: %v", failed)
		}
		t.Skipf("stripe-mock is not available (%v); CI=true makes this a failure", failed)
	}
	return baseURL
}

var listening = regexp.MustCompile(`Listening for HTTP at address: (\S+)`)

func start() (string, error) {
	bin, err := binary()
	if err != nil {
		return "", err
	}
	// Both ports chosen by the system: stripe-mock otherwise also binds
	// HTTPS on :12112, which a second instance on the machine cannot.
	cmd := exec.Command(bin, "-http-addr", "127.0.0.1:", "-https-addr", "127.0.0.1:")
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL} // dies with the test binary
	out, err := cmd.StdoutPipe()
	if err != nil {
		return "", err
	}
	cmd.Stderr = cmd.Stdout
	if err := cmd.Start(); err != nil {
		return "", err
	}
	found := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if m := listening.FindStringSubmatch(sc.Text()); m != nil {
				found <- m[1]
			}
		}
		close(found)
	}()
	select {
	case addr, ok := <-found:
		if !ok {
			_ = cmd.Wait()
			return "", errors.New("stripe-mock exited before listening")
		}
		return "http://" + addr, nil
	case <-time.After(30 * time.Second):
		_ = cmd.Process.Kill()
		return "", errors.New("stripe-mock did not listen within 30 s")
	}
}
