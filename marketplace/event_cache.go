package marketplace

import (
	"context"
	"sync"
	"sync/atomic"
	"time"
)

// EventCacheTTL bounds how long RunEvent trusts what it read of an
// installation, an app's release state and a version. Changes made through
// this Service (release, rollback, consent, config, uninstall, review
// moves) clear the cache at once, so on one node the next event sees them;
// the TTL bounds how late another node sharing the database sees them.
const EventCacheTTL = time.Second

// eventCache holds what RunEvent reads on every shopper event, so the
// request path does not ask the database three or four times for rows that
// change a few times a day. Only successful reads are kept.
type eventCache struct {
	// gen is bumped (after the change committed) by every write that may
	// change a cached row; a read that started under an older generation
	// is not stored, so a read racing a change cannot cache the old row.
	gen  atomic.Uint64
	mu   sync.Mutex
	ins  map[string]cached[Installation]
	rel  map[string]cached[ReleaseState]
	vers map[[2]string]cached[Version]
}

type cached[T any] struct {
	v  T
	at time.Time
}

const maxCached = 10000 // per map; past it the map starts over

func (c *eventCache) init() {
	c.ins = map[string]cached[Installation]{}
	c.rel = map[string]cached[ReleaseState]{}
	c.vers = map[[2]string]cached[Version]{}
}

// invalidate drops everything; call it after a change committed.
func (c *eventCache) invalidate() {
	if c == nil {
		return
	}
	c.mu.Lock()
	c.gen.Add(1)
	c.init()
	c.mu.Unlock()
}

// through returns the fresh cached value of key in m, or loads it and
// stores it unless the cache was invalidated meanwhile.
func through[K comparable, T any](ctx context.Context, c *eventCache, m func() map[K]cached[T], key K, load func(context.Context) (T, error)) (T, error) {
	if c == nil {
		return load(ctx)
	}
	now := time.Now()
	c.mu.Lock()
	if m() == nil {
		c.init()
	}
	e, ok := m()[key]
	gen := c.gen.Load()
	c.mu.Unlock()
	if ok && now.Sub(e.at) < EventCacheTTL {
		return e.v, nil
	}
	v, err := load(ctx)
	if err != nil {
		return v, err
	}
	c.mu.Lock()
	if c.gen.Load() == gen {
		mm := m()
		if len(mm) >= maxCached {
			c.init()
			mm = m()
		}
		mm[key] = cached[T]{v: v, at: now}
	}
	c.mu.Unlock()
	return v, nil
}

func (s *Service) cachedInstallation(ctx context.Context, id string) (Installation, error) {
	return through(ctx, s.cache, func() map[string]cached[Installation] { return s.cache.ins }, id, func(ctx context.Context) (Installation, error) {
		return scanInstallation(s.db.QueryRowContext(ctx, `SELECT `+installationColumns+` FROM installations WHERE id = $1`, id))
	})
}

func (s *Service) cachedReleaseState(ctx context.Context, appID string) (ReleaseState, error) {
	return through(ctx, s.cache, func() map[string]cached[ReleaseState] { return s.cache.rel }, appID, func(ctx context.Context) (ReleaseState, error) {
		return s.ReleaseState(ctx, appID)
	})
}

func (s *Service) cachedVersion(ctx context.Context, appID, version string) (Version, error) {
	return through(ctx, s.cache, func() map[[2]string]cached[Version] { return s.cache.vers }, [2]string{appID, version}, func(ctx context.Context) (Version, error) {
		return s.Version(ctx, appID, version)
	})
}
