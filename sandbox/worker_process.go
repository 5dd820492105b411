package sandbox

import (
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// process is the host's handle on one worker process.
type process struct {
	cmd    *exec.Cmd
	pid    int
	stdin  io.WriteCloser
	stderr *headBuffer

	wmu sync.Mutex
	fw  *frameWriter

	frames chan frame    // frames from the worker; closed when stdout ends
	dead   chan struct{} // closed once the process has been reaped
	exit   error         // cmd.Wait's result, valid after dead is closed

	killMu     sync.Mutex
	killReason string // set when the host killed it on purpose

	hashes map[string]struct{} // bundles this worker has been sent (owned by the event runner)
	warm   map[string]struct{} // warm runtimes it reported keeping (a hint: it may have dropped one since)
}

type frame struct {
	kind    byte
	payload []byte
}

// startProcess starts a worker and waits for its hello.
func startProcess(command []string, env []string, memLimit int64, timeout time.Duration) (*process, error) {
	cmd := exec.Command(command[0], command[1:]...)
	// The worker gets only what it needs: no host environment is inherited.
	cmd.Env = append(append([]string{}, env...), EnvWorker+"=1", envMemory+"="+strconv.FormatInt(memLimit, 10))
	cmd.Dir = os.TempDir()
	// If the server dies, its workers die with it. Each worker leads its own
	// process group so a kill takes anything it may have started too.
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL, Setpgid: true}
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	p := &process{
		cmd:    cmd,
		stdin:  stdin,
		stderr: &headBuffer{max: 8 << 10},
		fw:     newFrameWriter(stdin, maxHostFrame),
		frames: make(chan frame, 16),
		dead:   make(chan struct{}),
		hashes: map[string]struct{}{},
		warm:   map[string]struct{}{},
	}
	cmd.Stderr = p.stderr
	if err := startOnSpawnerThread(cmd); err != nil {
		return nil, fmt.Errorf("sandbox: start worker %q: %w", command[0], err)
	}
	p.pid = cmd.Process.Pid
	go p.readLoop(newFrameReader(stdout, maxWorkerFrame))

	t := time.NewTimer(timeout)
	defer t.Stop()
	select {
	case f, ok := <-p.frames:
		if ok && f.kind == kindHello {
			return p, nil
		}
		p.kill("no hello from worker")
		<-p.dead
		return nil, fmt.Errorf("sandbox: worker %d did not start: %s %s", p.pid, p.deathReason(), truncate(p.stderr.String(), 500))
	case <-t.C:
		p.kill("worker start timed out")
		<-p.dead
		return nil, fmt.Errorf("sandbox: worker %d did not say hello within %v", p.pid, timeout)
	}
}

// readLoop forwards frames until the worker's stdout ends or misbehaves,
// then reaps the process.
func (p *process) readLoop(fr *frameReader) {
	for {
		kind, payload, err := fr.read()
		if err != nil {
			if !errors.Is(err, io.EOF) && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, os.ErrClosed) {
				// An oversized or garbled frame: the worker is not ours to trust anymore.
				p.kill("protocol violation: " + err.Error())
			}
			break
		}
		p.frames <- frame{kind, payload}
	}
	close(p.frames)
	p.exit = p.cmd.Wait()
	close(p.dead)
}

// send writes one frame to the worker (safe for concurrent use).
func (p *process) send(kind byte, v any) error {
	p.wmu.Lock()
	defer p.wmu.Unlock()
	return p.fw.write(kind, v)
}

// kill ends the worker with SIGKILL, recording why (first reason wins).
func (p *process) kill(reason string) {
	p.killMu.Lock()
	first := p.killReason == ""
	if first {
		p.killReason = reason
	}
	p.killMu.Unlock()
	if first {
		countKill(reason)
	}
	_ = syscall.Kill(-p.cmd.Process.Pid, syscall.SIGKILL)
	_ = p.cmd.Process.Kill()
}

// reap waits for a killed or dying worker to be gone. It drains frames
// nobody will read, so the reader can reach cmd.Wait.
func (p *process) reap() {
	for range p.frames {
	}
	<-p.dead
}

func (p *process) isDead() bool {
	select {
	case <-p.dead:
		return true
	default:
		return false
	}
}

// deathReason explains, after dead is closed, why the worker ended.
func (p *process) deathReason() string {
	p.killMu.Lock()
	kr := p.killReason
	p.killMu.Unlock()
	if kr != "" {
		return kr
	}
	status := "exited"
	var ee *exec.ExitError
	if errors.As(p.exit, &ee) {
		if ws, ok := ee.Sys().(syscall.WaitStatus); ok {
			switch {
			case ws.Signaled():
				status = "killed by signal " + ws.Signal().String()
			case ws.ExitStatus() == exitMemory:
				return "memory limit exceeded (worker watchdog)"
			case ws.ExitStatus() == exitProtocol:
				status = "exited on a protocol error"
			default:
				status = "exited with status " + strconv.Itoa(ws.ExitStatus())
			}
		}
	}
	tail := p.stderr.String()
	switch {
	case strings.Contains(tail, "out of memory"), strings.Contains(tail, "cannot allocate memory"):
		return "out of memory (" + status + ")"
	case strings.Contains(tail, "stack overflow"), strings.Contains(tail, "goroutine stack exceeds"):
		return "Go stack overflow in the worker, e.g. in goja's parser (" + status + ")"
	case strings.Contains(tail, "memory limit exceeded"):
		return "memory limit exceeded (worker watchdog)"
	}
	if line := firstFatalLine(tail); line != "" {
		return status + ": " + line
	}
	return status
}

func firstFatalLine(s string) string {
	for _, line := range strings.Split(s, "\n") {
		if strings.HasPrefix(line, "fatal error:") || strings.HasPrefix(line, "panic:") || strings.HasPrefix(line, "souk-worker:") {
			return truncate(line, 300)
		}
	}
	return ""
}

// close asks the worker to exit by closing its stdin, killing it if it
// has not exited after a moment.
func (p *process) close() {
	_ = p.stdin.Close()
	select {
	case <-p.dead:
	case <-time.After(2 * time.Second):
		p.kill("pool closed")
		<-p.dead
	}
}

// headBuffer keeps the first max bytes written to a worker's stderr, where
// Go puts the fatal error line (goroutine dumps follow).
type headBuffer struct {
	mu  sync.Mutex
	max int
	b   []byte
}

func (t *headBuffer) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	// Keep the head too: Go's fatal error line comes first, then goroutine dumps.
	if len(t.b) < t.max {
		n := min(len(p), t.max-len(t.b))
		t.b = append(t.b, p[:n]...)
	}
	return len(p), nil
}

func (t *headBuffer) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return string(t.b)
}

// Pdeathsig fires when the *thread* that started the child exits, and Go
// may retire threads. All workers are therefore started from one goroutine
// locked to its thread for the life of the process.
var spawnRequests = make(chan spawnRequest)

type spawnRequest struct {
	cmd  *exec.Cmd
	done chan error
}

var spawnerOnce sync.Once

func startOnSpawnerThread(cmd *exec.Cmd) error {
	spawnerOnce.Do(func() {
		go func() {
			runtime.LockOSThread() // never unlocked: the thread lives as long as the process
			for req := range spawnRequests {
				req.done <- req.cmd.Start()
			}
		}()
	})
	req := spawnRequest{cmd: cmd, done: make(chan error, 1)}
	spawnRequests <- req
	return <-req.done
}
