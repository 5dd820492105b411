package identity

import (
	"sync"
	"sync/atomic"
	"time"
)

// CallerCacheTTL bounds how long Authenticate trusts what it read of a
// credential. Logout, token revocation and changes to a user's role or
// display name through this Service clear the cache at once, so on one
// node the next request sees them; the TTL bounds how late another node
// sharing the database sees them. A cached credential past its own expiry
// is never honoured.
const CallerCacheTTL = time.Second

// callerCache maps a credential's hash to the caller it resolved to.
type callerCache struct {
	gen atomic.Uint64 // bumped after every change; older reads are not stored
	mu  sync.Mutex
	m   map[string]cachedCaller
}

type cachedCaller struct {
	c       Caller
	expires int64 // unix µs; 0 = never
	at      time.Time
}

const maxCachedCallers = 100000

func (cc *callerCache) get(hash string, now time.Time) (Caller, uint64, bool) {
	if cc == nil {
		return Caller{}, 0, false
	}
	cc.mu.Lock()
	defer cc.mu.Unlock()
	e, ok := cc.m[hash]
	gen := cc.gen.Load()
	if !ok || now.Sub(e.at) >= CallerCacheTTL || now.Sub(e.at) < 0 || (e.expires != 0 && e.expires <= now.UnixMicro()) {
		return Caller{}, gen, false
	}
	c := e.c
	c.Scopes = append([]string(nil), e.c.Scopes...)
	return c, gen, true
}

func (cc *callerCache) put(hash string, gen uint64, c Caller, expires int64, now time.Time) {
	if cc == nil {
		return
	}
	cc.mu.Lock()
	defer cc.mu.Unlock()
	if cc.gen.Load() != gen {
		return
	}
	if cc.m == nil || len(cc.m) >= maxCachedCallers {
		cc.m = map[string]cachedCaller{}
	}
	c.Scopes = append([]string(nil), c.Scopes...)
	cc.m[hash] = cachedCaller{c: c, expires: expires, at: now}
}

// invalidate drops every cached caller; call it after a change committed.
func (cc *callerCache) invalidate() {
	if cc == nil {
		return
	}
	cc.mu.Lock()
	cc.gen.Add(1)
	cc.m = nil
	cc.mu.Unlock()
}
