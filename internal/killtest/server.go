// Package killtest is the kill-and-retry run: it starts `souk serve` as a
// real process, drives a mixed money load over HTTP (top-ups, payments with
// the PIN, refunds, transfers, withdrawals, payouts) from clients that retry
// every unanswered request with its Idempotency-Key, SIGKILLs the server
// several times during the load and restarts it, and then checks the
// database: no duplicates, no stranded operations, every wallet equal to a
// model of the acknowledged operations, the ledger check ok (and any extra
// check plugged in, such as order reconciliation).
//
// The test in this package runs a short form on SQLite and PostgreSQL; the
// -killtest.long flag runs a longer one.
//
// RunCluster is the multi-node form (cluster.go): two nodes on PostgreSQL
// and S3 behind a real HAProxy, with chat sockets, uploads and app events
// besides the money load, one node SIGKILLed and the other SIGTERMed.
package killtest

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"sync"
	"syscall"
	"time"
)

// server is the `souk serve` process under test, restarted on the same
// address and database after every kill.
type server struct {
	bin  string
	env  []string
	args []string
	addr string
	// grace is --shutdown-grace (default 2s).
	grace string

	mu   sync.Mutex
	cmd  *exec.Cmd
	logs *bytes.Buffer
	gen  int // how many times it was started
}

func freeAddr() (string, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer l.Close()
	return l.Addr().String(), nil
}

type lockedWriter struct {
	mu *sync.Mutex
	b  *bytes.Buffer
}

func (w lockedWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	// Keep the tail only: a long run logs a lot.
	if w.b.Len() > 4<<20 {
		tail := append([]byte(nil), w.b.Bytes()[w.b.Len()-(1<<20):]...)
		w.b.Reset()
		w.b.Write(tail)
	}
	return w.b.Write(p)
}

// start runs the server and waits until /readyz answers 200.
func (s *server) start(ctx context.Context) error {
	s.mu.Lock()
	grace := s.grace
	if grace == "" {
		grace = "2s"
	}
	cmd := exec.Command(s.bin, append([]string{"serve", "--addr", s.addr, "--shutdown-grace", grace}, s.args...)...)
	cmd.Env = append(os.Environ(), s.env...)
	cmd.Stdout = lockedWriter{&s.mu, s.logs}
	cmd.Stderr = lockedWriter{&s.mu, s.logs}
	// Its own process group, so a kill takes its sandbox workers with it.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		s.mu.Unlock()
		return err
	}
	s.cmd = cmd
	s.gen++
	s.mu.Unlock()
	deadline := time.Now().Add(60 * time.Second)
	hc := &http.Client{Timeout: time.Second}
	for time.Now().Before(deadline) {
		if err := ctx.Err(); err != nil {
			return err
		}
		if r, err := hc.Get("http://" + s.addr + "/readyz"); err == nil {
			r.Body.Close()
			if r.StatusCode == http.StatusOK {
				return nil
			}
		}
		time.Sleep(25 * time.Millisecond)
	}
	return fmt.Errorf("souk serve did not become ready in 60s")
}

// kill SIGKILLs the server's process group and waits for it.
func (s *server) kill() error {
	s.mu.Lock()
	cmd := s.cmd
	s.cmd = nil
	s.mu.Unlock()
	if cmd == nil {
		return nil
	}
	if err := syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL); err != nil {
		return err
	}
	_ = cmd.Wait()
	return nil
}

// stop asks the server to shut down (SIGTERM) and waits, killing it after
// 20 seconds.
func (s *server) stop() error {
	s.mu.Lock()
	cmd := s.cmd
	s.cmd = nil
	s.mu.Unlock()
	if cmd == nil {
		return nil
	}
	_ = cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		return err
	case <-time.After(20 * time.Second):
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		<-done
		return fmt.Errorf("souk serve did not stop within 20s of SIGTERM")
	}
}

// logTail is the end of the server's logs, for a failure message.
func (s *server) logTail(n int) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	b := s.logs.Bytes()
	if len(b) > n {
		b = b[len(b)-n:]
	}
	return string(b)
}
