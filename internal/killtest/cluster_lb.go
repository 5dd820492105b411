package killtest

import (
	"bytes"
	"context"
	"fmt"
	"maps"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"time"
)

// proxySource is the address HAProxy connects to the nodes from, and the
// only one the nodes trust (SOUK_TRUSTED_PROXIES): clients reach HAProxy
// from 127.0.0.1 (or another loopback address), so a node that believed the
// wrong hop would key its limits on the proxy or on a forged header.
const proxySource = "127.0.0.2"

// haproxyConfig is the balancer of a cluster run: round robin over the
// nodes, health checks on /readyz, the answering node named in X-Souk-Node,
// and X-Souk-Pin to send one request to one node on purpose (the test's way
// to have requests in flight on the node it stops). The shape is
// deploy/haproxy.cfg's.
func haproxyConfig(listen string, nodes map[string]string) string {
	var b strings.Builder
	fmt.Fprintf(&b, `global
    maxconn 2000

defaults
    mode http
    option forwardfor
    timeout connect 2s
    timeout client 60s
    timeout server 60s
    timeout tunnel 1h
    timeout http-request 10s
    # a node that refuses the connection (killed, or stopping) is skipped
    retries 3
    option redispatch 1

frontend souk
    bind %s
    default_backend souk_nodes

backend souk_nodes
    balance roundrobin
    option httpchk
    http-check send meth GET uri /readyz
    http-check expect status 200
    http-response set-header X-Souk-Node %%s
    # /readyz pings the database, the blob store and the sandbox: on a busy
    # machine it may take a second
    timeout check 3s
    default-server check inter 500ms fall 2 rise 1 source %s
`, listen, proxySource)
	for _, n := range sortedKeys(nodes) {
		fmt.Fprintf(&b, "    use-server %s if { req.hdr(X-Souk-Pin) -m str %s }\n", n, n)
	}
	for _, n := range sortedKeys(nodes) {
		fmt.Fprintf(&b, "    server %s %s\n", n, nodes[n])
	}
	return b.String()
}

// balancer is the HAProxy process.
type balancer struct {
	addr string
	cmd  *exec.Cmd
	mu   sync.Mutex
	logs bytes.Buffer
}

func startBalancer(ctx context.Context, bin, dir string, nodes map[string]string) (*balancer, error) {
	addr, err := freeAddr()
	if err != nil {
		return nil, err
	}
	cfg := filepath.Join(dir, "haproxy.cfg")
	if err := os.WriteFile(cfg, []byte(haproxyConfig(addr, nodes)), 0o644); err != nil {
		return nil, err
	}
	b := &balancer{addr: addr}
	// -db: stay in the foreground; -W would add a master process.
	b.cmd = exec.Command(bin, "-db", "-f", cfg)
	b.cmd.Stdout = lockedWriter{&b.mu, &b.logs}
	b.cmd.Stderr = lockedWriter{&b.mu, &b.logs}
	if err := b.cmd.Start(); err != nil {
		return nil, err
	}
	// Ready when every node has answered through it.
	seen := map[string]bool{}
	hc := &http.Client{Timeout: time.Second}
	deadline := time.Now().Add(60 * time.Second)
	for len(seen) < len(nodes) {
		if time.Now().After(deadline) || ctx.Err() != nil {
			b.stop()
			return nil, fmt.Errorf("haproxy did not reach every node in 60s (saw %v)\n%s", seen, b.logTail())
		}
		if r, err := hc.Get("http://" + addr + "/readyz"); err == nil {
			r.Body.Close()
			if r.StatusCode == http.StatusOK {
				seen[r.Header.Get("X-Souk-Node")] = true
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	return b, nil
}

func (b *balancer) stop() {
	if b.cmd == nil || b.cmd.Process == nil {
		return
	}
	_ = b.cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan struct{})
	go func() { _ = b.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		_ = b.cmd.Process.Kill()
		<-done
	}
	b.cmd = nil
}

func (b *balancer) logTail() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	s := b.logs.String()
	if len(s) > 3000 {
		s = s[len(s)-3000:]
	}
	return s
}

func sortedKeys[V any](m map[string]V) []string { return slices.Sorted(maps.Keys(m)) }
