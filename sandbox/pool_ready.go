package sandbox

import (
	"context"
	"errors"
	"fmt"
	"sync"
)

// poolHealth remembers how the last worker start went, for Ready.
type poolHealth struct {
	mu      sync.Mutex
	lastErr error // the last failed start, cleared by a successful one
}

func (h *poolHealth) started(err error) {
	h.mu.Lock()
	h.lastErr = err
	h.mu.Unlock()
}

// Ready reports whether the pool can serve events: it is open and at least
// one of its workers is alive (idle or running an event). A pool whose
// workers all died and cannot be replaced is not ready; /readyz says so.
func (p *Pool) Ready() error {
	if p.closed.Load() {
		return ErrPoolClosed
	}
	alive := 0
	p.mu.Lock()
	for w := range p.procs {
		if !w.isDead() && !w.killed() {
			alive++
		}
	}
	p.mu.Unlock()
	if alive > 0 {
		return nil
	}
	p.health.mu.Lock()
	last := p.health.lastErr
	p.health.mu.Unlock()
	msg := fmt.Sprintf("sandbox: no live worker (pool size %d)", p.cfg.Size)
	if last != nil {
		return fmt.Errorf("%s; the last start failed: %w", msg, last)
	}
	return errors.New(msg)
}

// Ping is Ready in the shape of a readiness check (api.Pinger).
func (p *Pool) Ping(context.Context) error { return p.Ready() }
