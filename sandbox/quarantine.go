package sandbox

import (
	"sort"
	"sync"
	"time"
)

// QuarantinePolicy: an app whose events kill or crash Kills workers within
// Window is refused for Cooldown.
type QuarantinePolicy struct {
	Kills    int           // default 3
	Window   time.Duration // default 1 minute
	Cooldown time.Duration // default 5 minutes
}

func (q QuarantinePolicy) normalize() QuarantinePolicy {
	if q.Kills <= 0 {
		q.Kills = 3
	}
	if q.Window <= 0 {
		q.Window = time.Minute
	}
	if q.Cooldown <= 0 {
		q.Cooldown = 5 * time.Minute
	}
	return q
}

// Quarantine describes one quarantined app, for the API and operator pages.
type Quarantine struct {
	Key        string    `json:"key"` // AppID@Version, or the bundle hash for anonymous jobs
	AppID      string    `json:"app_id"`
	Version    string    `json:"version"`
	Until      time.Time `json:"until"`
	Kills      int       `json:"kills"` // worker deaths within the window when it was quarantined
	LastReason string    `json:"last_reason"`
}

type quarantineEntry struct {
	kills []time.Time
	q     Quarantine
}

// quarantineBook tracks worker deaths per app.
type quarantineBook struct {
	policy QuarantinePolicy
	now    func() time.Time

	mu sync.Mutex
	m  map[string]*quarantineEntry
}

func newQuarantineBook(p QuarantinePolicy, now func() time.Time) *quarantineBook {
	if now == nil {
		now = time.Now
	}
	return &quarantineBook{policy: p.normalize(), now: now, m: map[string]*quarantineEntry{}}
}

func quarantineKey(j *Job) string {
	if j.AppID != "" {
		return j.AppID + "@" + j.Version
	}
	return "bundle:" + j.BundleHash
}

// check returns the active quarantine for key, if any.
func (b *quarantineBook) check(key string) (Quarantine, bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	e, ok := b.m[key]
	if !ok || e.q.Until.IsZero() {
		return Quarantine{}, false
	}
	if b.now().Before(e.q.Until) {
		return e.q, true
	}
	// Cooled down: a fresh start, the window's old kills forgotten.
	delete(b.m, key)
	return Quarantine{}, false
}

// recordKill notes that an event of key killed its worker and reports
// whether that put the app into quarantine.
func (b *quarantineBook) recordKill(key string, j *Job, reason string) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	now := b.now()
	e, ok := b.m[key]
	if !ok {
		if len(b.m) >= maxQuarantineEntries {
			b.prune(now)
		}
		e = &quarantineEntry{}
		b.m[key] = e
	}
	keep := e.kills[:0]
	for _, t := range e.kills {
		if now.Sub(t) < b.policy.Window {
			keep = append(keep, t)
		}
	}
	e.kills = append(keep, now)
	e.q.Key, e.q.AppID, e.q.Version, e.q.LastReason = key, j.AppID, j.Version, reason
	if len(e.kills) >= b.policy.Kills && e.q.Until.IsZero() {
		e.q.Until = now.Add(b.policy.Cooldown)
		e.q.Kills = len(e.kills)
		return true
	}
	return false
}

// list returns the active quarantines, soonest expiry first.
func (b *quarantineBook) list() []Quarantine {
	b.mu.Lock()
	defer b.mu.Unlock()
	now := b.now()
	var out []Quarantine
	for _, e := range b.m {
		if !e.q.Until.IsZero() && now.Before(e.q.Until) {
			out = append(out, e.q)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Until.Before(out[j].Until) })
	return out
}

// maxQuarantineEntries bounds the book; beyond it, apps with no kill inside
// the window and no active quarantine are forgotten.
const maxQuarantineEntries = 10000

func (b *quarantineBook) prune(now time.Time) {
	for k, e := range b.m {
		active := !e.q.Until.IsZero() && now.Before(e.q.Until)
		recent := len(e.kills) > 0 && now.Sub(e.kills[len(e.kills)-1]) < b.policy.Window
		if !active && !recent {
			delete(b.m, k)
		}
	}
}
